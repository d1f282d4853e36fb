# bench/screen_gen.R: the gene screen's benchmark cohort (bench/stats.sh): N patients (default
# 10,000) with PFS in whole days and G genes (default 500) coded 1 altered, 0 wild type, NA not
# profiled (a tenth of the genes off the smaller panel of a third of the patients); frequencies
# from 1% to 30%, ten genes with a real effect on PFS; seed 20261129.
# Usage: Rscript bench/screen_gen.R OUT.csv [N] [G]
args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args) >= 2) as.integer(args[2]) else 10000L
g <- if (length(args) >= 3) as.integer(args[3]) else 500L
set.seed(20261129)
freq <- runif(g, 0.01, 0.30)
alt <- sapply(freq, function(f) rbinom(n, 1, f))
colnames(alt) <- sprintf("G%03d", seq_len(g))
small <- runif(n) < 1 / 3
off <- seq_len(g) %% 10 == 0
alt[small, off] <- NA
eta <- as.vector(alt[, 1:10] %*% rep(c(0.4, -0.3), 5))
eta[is.na(eta)] <- 0
t_event <- rexp(n, 0.01 * exp(eta)); t_cens <- runif(n, 0, 300)
time <- pmax(1, ceiling(pmin(t_event, t_cens)))
status <- as.integer(t_event <= t_cens)
write.csv(data.frame(time, status, alt), args[1], row.names = FALSE, quote = FALSE, na = "NA")
