profile --genome hg19 x
