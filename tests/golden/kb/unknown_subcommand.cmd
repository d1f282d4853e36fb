kb frobnicate
