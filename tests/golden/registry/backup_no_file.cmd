db backup
