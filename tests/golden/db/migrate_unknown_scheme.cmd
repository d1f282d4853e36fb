db migrate --db mysql://user@host/registry
