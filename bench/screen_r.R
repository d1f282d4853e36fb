# bench/screen_r.R: R's side of the screen benchmark (bench/stats.sh): the CSV read once, then
# RUNS timings of the loop a biostatistician writes: for each gene altered in at least 5% of the
# profiled patients, survdiff(Surv(time, status) ~ gene) with the Mantel-Haenszel hazard ratio
# exp((O-E)/V) and its interval, then p.adjust(method = "BH"). Prints "read_s screen_s genes"
# (elapsed seconds, medians of RUNS). Usage: Rscript bench/screen_r.R SCREEN.csv [RUNS]
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
runs <- if (length(args) >= 2) as.integer(args[2]) else 3L
read_s <- system.time(d <- read.csv(args[1]))[["elapsed"]]
genes <- setdiff(names(d), c("time", "status"))
screen <- function() {
  res <- NULL
  for (g in genes) {
    a <- d[[g]]; prof <- !is.na(a)
    if (sum(a[prof]) < 1 || 100 * mean(a[prof]) < 5) next
    sd <- survdiff(Surv(d$time[prof], d$status[prof]) ~ a[prof])
    oe <- sd$obs[2] - sd$exp[2]; v <- sd$var[2, 2]
    res <- rbind(res, data.frame(gene = g, hr = exp(oe / v), lower = exp(oe / v - 1.959964 / sqrt(v)),
                                 upper = exp(oe / v + 1.959964 / sqrt(v)),
                                 p = pchisq(sd$chisq, 1, lower.tail = FALSE)))
  }
  res$q <- p.adjust(res$p, method = "BH")
  res[order(res$p), ]
}
n_genes <- 0
screen_s <- median(replicate(runs, system.time(n_genes <<- nrow(screen()))[["elapsed"]]))
cat(sprintf("%.3f %.3f %d\n", read_s, screen_s, n_genes))
