# bench/stats_r.R: R's side of bench/stats.sh: the CSV read once, then RUNS timings of
# coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5) (Efron, R's defaults) and of survfit by arm
# plus survdiff by arm; prints "read_s cox_s kmlr_s" (elapsed seconds, medians of RUNS).
# Usage: Rscript bench/stats_r.R COHORT.csv [RUNS]
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
runs <- if (length(args) >= 2) as.integer(args[2]) else 3L
read_s <- system.time(d <- read.csv(args[1]))[["elapsed"]]
cox_s <- median(replicate(runs, system.time(coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5, data = d))[["elapsed"]]))
kmlr_s <- median(replicate(runs, system.time({
  f <- survfit(Surv(time, status) ~ arm, data = d)
  s <- summary(f)$table
  t <- survdiff(Surv(time, status) ~ arm, data = d)
})[["elapsed"]]))
cat(sprintf("%.3f %.3f %.3f\n", read_s, cox_s, kmlr_s))
