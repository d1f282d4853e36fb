# tests/r/frame_quantile_reference.R: R's quantile(type = 7) (its default), the rule of
# `--cut NAME=COL:qP` (frame.h's onc_quantile_type7), on a few vectors: ties, one and two
# values, negative numbers, whole numbers, and a skewed TMB-like sample. Writes the inputs to
# tests/data/frame/quantile_input.tsv and R's values (17 significant digits) to
# tests/data/frame/quantile_type7.tsv; tests/unit/test_frame_ops.c compares them to 1e-12.
# Regenerate: Rscript tests/r/frame_quantile_reference.R (R 4.2.2).
set.seed(20261129)
vectors <- list(
  one = 7.5,
  two = c(-1, 3),
  ties = c(5, 5, 5, 2, 2, 9, 9, 9, 9, 1),
  whole = 1:10,
  negative = c(-3.25, -0.5, -10, 4.75, 0, -7.125),
  tmb = round(rexp(137, 0.12), 3)
)
probs <- c(0, 0.05, 0.1, 0.2, 1/3, 0.5, 0.6, 0.75, 0.8, 0.9, 0.95, 0.99, 1)
dir <- "tests/data/frame"
input <- do.call(rbind, lapply(names(vectors), function(v)
  data.frame(vector = v, value = sprintf("%.17g", vectors[[v]]))))
write.table(input, file.path(dir, "quantile_input.tsv"), sep = "\t", quote = FALSE, row.names = FALSE)
out <- do.call(rbind, lapply(names(vectors), function(v)
  data.frame(vector = v, p = sprintf("%.17g", probs),
             q = sprintf("%.17g", unname(quantile(vectors[[v]], probs, type = 7))))))
write.table(out, file.path(dir, "quantile_type7.tsv"), sep = "\t", quote = FALSE, row.names = FALSE)
