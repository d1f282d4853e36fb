profile $T/cli/garbage.bin
