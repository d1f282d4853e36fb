# bench/stats_gen.R: the benchmark's cohort (bench/stats.sh): N rows (default 1,000,000) with a
# follow-up time in whole days (so ties as real data have them), an event, two arms and five
# covariates with real effects; seed 20261129. Usage: Rscript bench/stats_gen.R OUT.csv [N]
args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args) >= 2) as.integer(args[2]) else 1000000L
set.seed(20261129)
x1 <- round(rnorm(n), 4); x2 <- round(rnorm(n), 4); x3 <- rbinom(n, 1, 0.3)
x4 <- round(runif(n), 4); x5 <- round(rnorm(n, 60, 10), 1)
arm <- sample(c("A", "B"), n, replace = TRUE)
eta <- 0.3 * x1 - 0.2 * x2 + 0.5 * x3 + 0.4 * x4 + 0.01 * (x5 - 60) - 0.25 * (arm == "B")
t_event <- rexp(n, 0.002 * exp(eta)); t_cens <- runif(n, 0, 1500)
time <- pmax(1, ceiling(pmin(t_event, t_cens)))
status <- as.integer(t_event <= t_cens)
d <- data.frame(time, status, arm, x1, x2, x3, x4, x5)
write.csv(d, args[1], row.names = FALSE, quote = FALSE)
