# bootstrap_rms_check.R: oncoboard's optimism correction (docs/stats.md, "Bootstrap resamples")
# against rms's validate() on the very same resamples. validate() draws resample b as
# sample(n, n, replace = TRUE) after the caller's set.seed, so the same seed and
# replicate(B, sample.int(n, n, replace = TRUE)) give its resamples, which go to oncoboard
# through --resamples. Not a test (it needs rms; tests/unit/test_stats_bootstrap.c compares
# oncoboard with bootstrap_reference.R, base R + survival): run by hand after changing the
# definition.
#
#   ONCOBOARD_R=1 sh scripts/install-deps.sh    (r-base-core, r-cran-survival, r-cran-rms)
#   make && Rscript tests/r/bootstrap_rms_check.R [B]   (from the repository root; B 200)
#
# For each model: the apparent C, the optimism and the corrected C of validate(fit, B)
# (C = Dxy / 2 + 1/2 for lrm; for cph Dxy is the rank correlation of the linear predictor with
# survival time, negative, so C = -Dxy / 2 + 1/2 and optimism = -Dxy's / 2) beside oncoboard's
# (`stats logistic|cox --resamples`, JSON); Rizvi 2018's DCB has a third level NE that the CLI
# cannot leave out, so there "oncoboard" is the definition in R (bootstrap_reference.R's,
# equal to oncoboard's to 1e-15 on the same resamples).
suppressPackageStartupMessages({
  library(survival)
  library(rms)
})
args <- commandArgs(trailingOnly = TRUE)
B <- if (length(args)) as.integer(args[1]) else 200L
shared <- Sys.getenv("ONCOBOARD_SHARED_DATA", "../shared/data")
seed <- 20261129

auc <- function(score, y) {
  r <- rank(score)
  n1 <- sum(y == 1); n0 <- sum(y == 0)
  (sum(r[y == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0)
}

# validate()'s resamples: the same draws after the same seed.
rms_resamples <- function(n) {
  set.seed(seed)
  replicate(B, sample.int(n, n, replace = TRUE))
}

# oncoboard on the resamples idx: c(apparent, optimism, corrected).
oncoboard <- function(cli, idx, prefix) {
  f <- tempfile(fileext = ".resamples")
  write.table(t(idx), f, row.names = FALSE, col.names = FALSE)
  j <- paste(system2("./oncoboard", c(cli, "--resamples", f, "--format", "json"), stdout = TRUE), collapse = "")
  unlink(f)
  num <- function(key) as.numeric(sub(sprintf('.*"%s":([-0-9.eE+]+).*', key), "\\1", j))
  c(num(paste0(prefix, "_apparent")), num(paste0(prefix, "_optimism")), num(paste0(prefix, "_corrected")))
}

report <- function(name, rms, ours) {
  cat(sprintf("%-15s rms: apparent %.8f optimism %.8f corrected %.8f | oncoboard: %.8f %.8f %.8f | corrected differ by %.2g\n",
              name, rms[1], rms[2], rms[3], ours[1], ours[2], ours[3], ours[3] - rms[3]))
}

logistic_check <- function(name, d, covs, cli) {
  f <- reformulate(covs, "y")
  fit <- lrm(f, d, x = TRUE, y = TRUE)
  set.seed(seed)
  invisible(capture.output(v <- suppressWarnings(validate(fit, B = B))))
  rms <- c(v["Dxy", "index.orig"], v["Dxy", "optimism"], v["Dxy", "index.corrected"]) / 2 + c(0.5, 0, 0.5)
  idx <- rms_resamples(nrow(d))
  ours <- if (!is.null(cli)) oncoboard(cli, idx, "auc") else {
    app <- auc(glm(f, binomial, d)$linear.predictors, d$y)
    gap <- apply(idx, 2, function(i) {
      db <- d[i, ]
      fb <- suppressWarnings(glm(f, binomial, db))
      if (length(unique(db$y)) < 2 || anyNA(coef(fb))) NA
      else auc(fb$linear.predictors, db$y) - auc(predict(fb, newdata = d), d$y)
    })
    c(app, mean(gap, na.rm = TRUE), app - mean(gap, na.rm = TRUE))
  }
  report(name, rms, ours)
}

cox_check <- function(name, d, covs, cli) {
  f <- as.formula(paste("Surv(time, status) ~", paste(covs, collapse = " + ")))
  fit <- cph(f, d, x = TRUE, y = TRUE, surv = FALSE)
  set.seed(seed)
  invisible(capture.output(v <- suppressWarnings(validate(fit, B = B, dxy = TRUE))))
  rms <- c(v["Dxy", "index.orig"], v["Dxy", "optimism"], v["Dxy", "index.corrected"]) / 2 + c(0.5, 0, 0.5)
  idx <- rms_resamples(nrow(d))
  ours <- if (!is.null(cli)) oncoboard(cli, idx, "c_index") else {
    app <- concordance(coxph(f, d))$concordance
    gap <- apply(idx, 2, function(i) {
      db <- d[i, ]
      fb <- coxph(f, db)
      concordance(fb)$concordance - concordance(fb, newdata = d)$concordance
    })
    c(app, mean(gap), app - mean(gap))
  }
  report(name, rms, ours)
}

lung_csv <- file.path(shared, "reference_survival/lung.csv")
lung <- read.csv(lung_csv)
lung$status <- lung$status - 1L
cox_check("lung_cox", na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")]), c("age", "sex", "ph.ecog"),
          c("stats", "cox", "--data", lung_csv, "--time", "time", "--event", "status", "--covariates", "age,sex,ph.ecog"))
logistic_check("lung_logistic", na.omit(data.frame(y = lung$status, lung[, c("age", "sex", "ph.ecog", "wt.loss")])),
               c("age", "sex", "ph.ecog", "wt.loss"),
               c("stats", "logistic", "--data", lung_csv, "--outcome", "status", "--covariates", "age,sex,ph.ecog,wt.loss"))
gen <- "tests/data/stats/boot_gen_logistic.csv"
logistic_check("gen_logistic", na.omit(read.csv(gen)), c("x1", "x2", "rare"),
               c("stats", "logistic", "--data", gen, "--outcome", "y", "--covariates", "x1,x2,rare"))
gen <- "tests/data/stats/boot_gen_cox.csv"
cox_check("gen_cox", na.omit(read.csv(gen)), c("x1", "x2"),
          c("stats", "cox", "--data", gen, "--time", "time", "--event", "status", "--covariates", "x1,x2"))

st <- file.path(shared, "cohorts/nsclc_pd1_msk_2018")
rd <- function(f) read.delim(file.path(st, f), comment.char = "#", na.strings = c("", "NA"), stringsAsFactors = FALSE)
pat <- rd("data_clinical_patient.txt")
smp <- rd("data_clinical_sample.txt")
smp <- smp[match(pat$PATIENT_ID, smp$PATIENT_ID), ]
dcb <- pat$DURABLE_CLINICAL_BENEFIT
rz <- data.frame(y = ifelse(dcb == "YES", 1L, ifelse(dcb == "NO", 0L, NA)), time = pat$PFS_MONTHS,
                 status = as.integer(substr(pat$PFS_STATUS, 1, 1)), tmb = smp$TMB_NONSYNONYMOUS, pdl1 = smp$PDL1_SCORE)
logistic_check("rizvi_logistic", na.omit(rz[c("y", "tmb", "pdl1")]), c("tmb", "pdl1"), NULL)
cox_check("rizvi_cox", na.omit(rz[c("time", "status", "tmb", "pdl1")]), c("tmb", "pdl1"), NULL)
