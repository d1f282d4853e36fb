profile $T/cli
