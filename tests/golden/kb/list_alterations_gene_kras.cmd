kb list --alterations --gene KRAS --kb $T/kb/mini
