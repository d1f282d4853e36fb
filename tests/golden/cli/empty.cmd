profile $T/cli/empty.txt
