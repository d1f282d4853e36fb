# bootstrap_reference.R: Harrell's bootstrap optimism correction of a logistic model's AUC and of
# a Cox model's C-index, computed by R on the very resamples oncoboard is given
# (`--resamples FILE`), so that the two agree number by number (tests/unit/test_stats_bootstrap.c).
#
#   Rscript tests/r/bootstrap_reference.R      (from the repository root; base R + survival)
#
# The definition (docs/stats.md, "Bootstrap resamples"): the analysed rows are the complete rows
# (a row with a missing value in the outcome, time, status or a covariate left out), in input
# order, numbered 1..n. For each resample (n row numbers drawn with replacement, here with
# sample.int after set.seed) the model is refitted on the resample's rows; its gap is its AUC
# (or C) on the resample minus the AUC (or C) of its linear predictor on the original n rows.
# optimism = mean of the gaps over the resamples used; corrected = apparent - optimism. A
# resample is skipped (and counted) when
#   logistic: its outcome takes one value, or its design is singular (a coefficient NA in glm);
#   Cox: it has no event, no covariate varies in it, or either C has no comparable pair;
#   an aliased Cox coefficient (NA in coxph, e.g. a rare covariate constant in the resample)
#   counts as 0 in the linear predictor.
# AUC: the Mann-Whitney probability that a case's linear predictor exceeds a control's, ties
# one half (pROC's AUC with direction "<"). C: coxph's concordance (concordance(fit) on the
# resample, concordance(fit, newdata = original rows) on the originals): timewt "n", pairs
# within a stratum, tied times not compared, tied predictors one half.
#
# Writes:
#   tests/data/stats/boot_gen_logistic.csv, boot_gen_cox.csv, boot_gen_cox_sparse.csv
#       generated data (seed 20261129)
#   tests/data/stats/boot_<model>.resamples                     the resamples (one a line,
#       1-based), written with write.table(t(idx), row.names = FALSE, col.names = FALSE)
#   tests/data/stats/bootstrap_reference.tsv                    apparent, optimism, corrected,
#       used, skipped per model (name, value with 17 digits)
#   tests/data/stats/bootstrap_gaps.tsv                         every resample's gap (NA: skipped)
# The shared data (lung; Rizvi 2018, nsclc_pd1_msk_2018) are read in place from
# $ONCOBOARD_SHARED_DATA (default ../shared/data).
suppressPackageStartupMessages(library(survival))
dir <- "tests/data/stats"
shared <- Sys.getenv("ONCOBOARD_SHARED_DATA", "../shared/data")
ref <- new.env()
put <- function(name, value) assign(name, unname(value), envir = ref)
gap_rows <- list()
ctl_glm <- glm.control(epsilon = 1e-14, maxit = 100)
ctl_cox <- suppressWarnings(coxph.control(eps = 1e-12, iter.max = 100))  # (warns of toler.chol)

# The resamples of n rows, drawn and written to boot_<name>.resamples.
resamples <- function(name, n, B, seed) {
  set.seed(seed)
  idx <- replicate(B, sample.int(n, replace = TRUE))  # n x B: one resample a column
  path <- file.path(dir, paste0("boot_", name, ".resamples"))
  con <- file(path, "w")
  writeLines(sprintf("# %s: %d resamples of %d rows, R set.seed(%d); sample.int(n, replace = TRUE)",
                     name, B, n, seed), con)
  write.table(t(idx), con, row.names = FALSE, col.names = FALSE)
  close(con)
  idx
}

# The Mann-Whitney AUC of score for y = 1 against y = 0, ties one half.
auc <- function(score, y) {
  r <- rank(score)
  n1 <- sum(y == 1); n0 <- sum(y == 0)
  (sum(r[y == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0)
}

summarise <- function(name, n, apparent, gap) {
  used <- sum(!is.na(gap))
  put(paste0(name, "_apparent"), apparent)
  put(paste0(name, "_optimism"), mean(gap, na.rm = TRUE))
  put(paste0(name, "_corrected"), apparent - mean(gap, na.rm = TRUE))
  put(paste0(name, "_used"), used)
  put(paste0(name, "_skipped"), length(gap) - used)
  gap_rows[[name]] <<- data.frame(model = name, resample = seq_along(gap), gap = gap)
  cat(sprintf("%-18s n %4d  apparent %.6f  optimism %.6f  corrected %.6f  used %d  skipped %d\n",
              name, n, apparent, mean(gap, na.rm = TRUE),
              apparent - mean(gap, na.rm = TRUE), used, length(gap) - used))
}

# d: the complete rows, column y (0/1) and the covariates.
logistic_boot <- function(name, d, covs, B, seed) {
  f <- reformulate(covs, "y")
  fit <- glm(f, binomial, d, control = ctl_glm)
  apparent <- auc(fit$linear.predictors, d$y)
  idx <- resamples(name, nrow(d), B, seed)
  gap <- rep(NA_real_, B)
  for (b in seq_len(B)) {
    db <- d[idx[, b], ]
    if (length(unique(db$y)) < 2) next
    fb <- suppressWarnings(glm(f, binomial, db, control = ctl_glm))
    if (anyNA(coef(fb))) next
    gap[b] <- auc(fb$linear.predictors, db$y) - auc(predict(fb, newdata = d), d$y)
  }
  summarise(name, nrow(d), apparent, gap)
}

# d: the complete rows, columns time, status (0/1), the covariates and (optionally) stratum.
cox_boot <- function(name, d, covs, strata, B, seed) {
  rhs <- paste(c(covs, if (strata) "strata(stratum)"), collapse = " + ")
  f <- as.formula(paste("Surv(time, status) ~", rhs))
  fit <- coxph(f, d, control = ctl_cox)
  apparent <- concordance(fit)$concordance
  idx <- resamples(name, nrow(d), B, seed)
  gap <- rep(NA_real_, B)
  for (b in seq_len(B)) {
    db <- d[idx[, b], ]
    if (sum(db$status) == 0) next
    if (all(vapply(covs, function(v) length(unique(db[[v]])) < 2, TRUE))) next
    fb <- suppressWarnings(coxph(f, db, control = ctl_cox))
    c_resample <- concordance(fb)$concordance
    beta <- coef(fb)
    beta[is.na(beta)] <- 0
    lp <- drop(as.matrix(d[covs]) %*% beta)
    c_original <- if (strata) concordance(Surv(time, status) ~ lp + strata(stratum), d, reverse = TRUE)$concordance
                  else concordance(Surv(time, status) ~ lp, d, reverse = TRUE)$concordance
    # the same C from coxph's own prediction on the original rows, where it has no NA coefficient
    if (!anyNA(coef(fb))) stopifnot(isTRUE(all.equal(c_original, concordance(fb, newdata = d)$concordance,
                                                     tolerance = 1e-12)))
    if (!is.finite(c_resample) || !is.finite(c_original)) next
    gap[b] <- c_resample - c_original
  }
  summarise(name, nrow(d), apparent, gap)
}

# ---- generated data (seed 20261129): missing values, ties, strata, rare covariates ----
set.seed(20261129)
n <- 80
gl <- data.frame(x1 = round(rnorm(n), 3), x2 = rbinom(n, 1, 0.5), rare = 0L)
gl$rare[c(7, 33, 58)] <- 1L
gl$y <- rbinom(n, 1, plogis(-0.6 + 0.9 * gl$x1 + 0.6 * gl$x2 + 0.8 * gl$rare))
gl$x1[c(5, 21, 44, 70)] <- NA
write.csv(gl, file.path(dir, "boot_gen_logistic.csv"), row.names = FALSE, quote = FALSE, na = "NA")

n <- 60
gc <- data.frame(time = sample(1:10, n, replace = TRUE), status = rbinom(n, 1, 0.45),
                 stratum = rep(c("a", "b"), length.out = n), x1 = round(rnorm(n), 2), x2 = rbinom(n, 1, 0.4))
gc$x1[c(3, 30)] <- NA
write.csv(gc, file.path(dir, "boot_gen_cox.csv"), row.names = FALSE, quote = FALSE, na = "NA")
# three events in 30 rows, one covariate: resamples without an event, or (strata) without a
# comparable pair, are skipped; a diverging coefficient keeps its sign, so the C is R's
n <- 30
gs <- data.frame(time = sample(1:6, n, replace = TRUE), status = 0L, stratum = rep(c("a", "b"), length.out = n),
                 x1 = round(rnorm(n), 2))
gs$status[c(4, 11, 25)] <- 1L
write.csv(gs, file.path(dir, "boot_gen_cox_sparse.csv"), row.names = FALSE, quote = FALSE, na = "NA")

logistic_boot("gen_logistic", na.omit(gl), c("x1", "x2", "rare"), 200, 11)
cox_boot("gen_cox", na.omit(gc), c("x1", "x2"), TRUE, 200, 12)
cox_boot("gen_cox_sparse", gs, "x1", TRUE, 200, 17)

# ---- lung (survival 3.5.3; shared copy) ----
lung <- read.csv(file.path(shared, "reference_survival/lung.csv"))
lung$status <- lung$status - 1L  # 2 = dead
lc <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
cox_boot("lung_cox", lc, c("age", "sex", "ph.ecog"), FALSE, 100, 13)
ll <- na.omit(data.frame(y = lung$status, lung[, c("age", "sex", "ph.ecog", "wt.loss")]))
logistic_boot("lung_logistic", ll, c("age", "sex", "ph.ecog", "wt.loss"), 100, 14)

# ---- Rizvi 2018 (nsclc_pd1_msk_2018): DCB and PFS on TMB and PD-L1 ----
st <- file.path(shared, "cohorts/nsclc_pd1_msk_2018")
rd <- function(f) read.delim(file.path(st, f), comment.char = "#", na.strings = c("", "NA"), stringsAsFactors = FALSE)
pat <- rd("data_clinical_patient.txt")
smp <- rd("data_clinical_sample.txt")
smp <- smp[match(pat$PATIENT_ID, smp$PATIENT_ID), ]  # the patient file's order
rz <- data.frame(dcb = pat$DURABLE_CLINICAL_BENEFIT, time = pat$PFS_MONTHS,
                 status = as.integer(substr(pat$PFS_STATUS, 1, 1)), tmb = smp$TMB_NONSYNONYMOUS,
                 pdl1 = smp$PDL1_SCORE)
rl <- na.omit(data.frame(y = ifelse(rz$dcb == "YES", 1L, ifelse(rz$dcb == "NO", 0L, NA)), rz[c("tmb", "pdl1")]))
logistic_boot("rizvi_logistic", rl, c("tmb", "pdl1"), 100, 15)
rc <- na.omit(rz[c("time", "status", "tmb", "pdl1")])
cox_boot("rizvi_cox", rc, c("tmb", "pdl1"), FALSE, 100, 16)

# ---- write ----
names <- sort(ls(ref))
con <- file(file.path(dir, "bootstrap_reference.tsv"), "w")
writeLines(sprintf("# bootstrap_reference.R (%s, survival %s): name, value", R.version.string,
                   packageVersion("survival")), con)
writeLines(sprintf("%s\t%.17g", names, vapply(names, function(k) get(k, ref), 0)), con)
close(con)
gaps <- do.call(rbind, gap_rows)
con <- file(file.path(dir, "bootstrap_gaps.tsv"), "w")
writeLines("# bootstrap_reference.R: each resample's gap (model, resample, gap; NA = skipped)", con)
writeLines(sprintf("%s\t%d\t%s", gaps$model, gaps$resample, ifelse(is.na(gaps$gap), "NA", sprintf("%.17g", gaps$gap))), con)
close(con)
