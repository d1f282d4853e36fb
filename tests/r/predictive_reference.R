# tests/r/predictive_reference.R: the R reference values of the predictive-biomarker analysis
# (tests/unit/test_stats_predictive.c): Cox models with a treatment-by-biomarker interaction,
# the Wald and likelihood-ratio tests of the interaction, and the treatment's hazard ratio within
# each subgroup. Run from the repository root:
#
#     Rscript tests/r/predictive_reference.R [SHARED_COHORT_DIR]
#
# (default ../shared/data/cohorts/oak_poplar_gandara_2018; needs r-base-core and r-cran-survival).
# It writes
#   tests/data/stats/predictive_generated.csv  generated data: factor x factor and factor x
#                                               numeric interactions, strata, ties, missing values
#   tests/data/stats/predictive_reference.tsv  name<TAB>value (17 significant digits)
# Names on OAK and POPLAR start with "oak." and "poplar." and are skipped by the C test when the
# shared data is absent.
#
# OAK and POPLAR (Gandara et al., Nat Med 2018): the biomarker-evaluable population (BEP = Y,
# which in these tables is exactly the rows with a bTMB value), bTMB >= 16 against < 16,
# atezolizumab (TRT01P = MPDL3280A) against docetaxel; PFS and OS in months with *.CNSR = 1
# censored.
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
shared <- if (length(args) >= 1) args[1] else "../shared/data/cohorts/oak_poplar_gandara_2018"
outdir <- "tests/data/stats"
out <- file(file.path(outdir, "predictive_reference.tsv"), "w")
put <- function(name, v) {
  stopifnot(length(v) == 1, nchar(name) < 64)
  cat(name, "\t", if (is.na(v)) "NA" else sprintf("%.17g", as.numeric(v)), "\n", sep = "", file = out)
}
cat("# R ", R.version$major, ".", R.version$minor, ", survival ", as.character(packageVersion("survival")),
    "; made by tests/r/predictive_reference.R\n", sep = "", file = out)
ctl <- suppressWarnings(coxph.control(eps = 1e-12, iter.max = 50))

# Every coefficient of fit, and the Wald and likelihood-ratio tests of its last term (the
# interaction): the LR test as anova(fit) gives it, checked against the nested models' anova.
model_keys <- function(prefix, fit, reduced) {
  cf <- summary(fit)$coefficients
  ci <- summary(fit)$conf.int
  for (j in rownames(cf)) {
    put(paste0(prefix, ".coef.", j), cf[j, "coef"])
    put(paste0(prefix, ".se.", j), cf[j, "se(coef)"])
    put(paste0(prefix, ".hr.", j), ci[j, "exp(coef)"])
    put(paste0(prefix, ".lower.", j), ci[j, "lower .95"])
    put(paste0(prefix, ".upper.", j), ci[j, "upper .95"])
    put(paste0(prefix, ".p.", j), cf[j, "Pr(>|z|)"])
  }
  put(paste0(prefix, ".loglik"), fit$loglik[2])
  last <- attr(terms(fit), "term.labels")
  last <- last[length(last)]
  cols <- which(attr(model.matrix(fit), "assign") == length(attr(terms(fit), "term.labels")))
  b <- coef(fit)[cols]
  w <- as.numeric(t(b) %*% solve(vcov(fit)[cols, cols, drop = FALSE]) %*% b)
  put(paste0(prefix, ".wald"), w)
  put(paste0(prefix, ".wald_df"), length(cols))
  put(paste0(prefix, ".wald_p"), pchisq(w, length(cols), lower.tail = FALSE))
  a <- anova(fit)
  nested <- anova(reduced, fit)
  stopifnot(abs(a[nrow(a), "Chisq"] - nested[2, "Chisq"]) < 1e-8)   # the same test, two ways
  put(paste0(prefix, ".lrt"), a[nrow(a), "Chisq"])
  put(paste0(prefix, ".lrt_df"), a[nrow(a), "Df"])
  put(paste0(prefix, ".lrt_p"), a[nrow(a), "Pr(>|Chi|)"])
  put(paste0(prefix, ".loglik_without"), reduced$loglik[2])
}

# The first coefficient's hazard ratio within each level of by (and on every row: "all").
subgroup_keys <- function(prefix, formula, data, by) {
  one <- function(name, d) {
    fit <- coxph(formula, data = d, ties = "efron", control = ctl)
    cf <- summary(fit)$coefficients
    ci <- summary(fit)$conf.int
    put(paste0(prefix, ".", name, ".n"), fit$n)
    put(paste0(prefix, ".", name, ".events"), fit$nevent)
    put(paste0(prefix, ".", name, ".coef"), cf[1, "coef"])
    put(paste0(prefix, ".", name, ".se"), cf[1, "se(coef)"])
    put(paste0(prefix, ".", name, ".hr"), ci[1, "exp(coef)"])
    put(paste0(prefix, ".", name, ".lower"), ci[1, "lower .95"])
    put(paste0(prefix, ".", name, ".upper"), ci[1, "upper .95"])
    put(paste0(prefix, ".", name, ".p"), cf[1, "Pr(>|z|)"])
  }
  one("all", data)
  lv <- levels(factor(data[[by]]))
  for (l in lv) one(l, data[!is.na(data[[by]]) & data[[by]] == l, ])
}

## ------------------------------------------------------------------ generated data
set.seed(20261130)
n <- 500
gen <- data.frame(
  time = sample(1:40, n, replace = TRUE),           # 40 distinct times: ties
  status = rbinom(n, 1, 0.75),
  trt = sample(c("control", "drug"), n, replace = TRUE),
  grp = sample(c("g1", "g2", "g3"), n, replace = TRUE),
  marker = round(rnorm(n, 10, 4), 1),
  centre = sample(c("east", "north", "west"), n, replace = TRUE),
  stringsAsFactors = FALSE)
# a predictive marker: the drug helps in g3 and at high marker values
benefit <- (gen$trt == "drug") * (4 * (gen$grp == "g3") + 0.4 * (gen$marker - 10))
gen$time <- pmax(1, pmin(40, round(gen$time + benefit)))
gen$status[gen$time == 40] <- 0
gen$marker[sample(n, 12)] <- NA
gen$grp[sample(n, 8)] <- NA
gen$trt[sample(n, 5)] <- NA
write.csv(gen, file.path(outdir, "predictive_generated.csv"), row.names = FALSE, na = "NA", quote = FALSE)
gen <- read.csv(file.path(outdir, "predictive_generated.csv"), stringsAsFactors = FALSE)

# factor x factor (2 df), stratified
f_ff <- coxph(Surv(time, status) ~ trt * grp + strata(centre), data = gen, ties = "efron", control = ctl)
r_ff <- coxph(Surv(time, status) ~ trt + grp + strata(centre), data = gen[rownames(model.frame(f_ff)), ],
              ties = "efron", control = ctl)
model_keys("gen_ff", f_ff, r_ff)
# factor x numeric, stratified, Breslow ties
f_fn <- coxph(Surv(time, status) ~ trt * marker + strata(centre), data = gen, ties = "breslow", control = ctl)
r_fn <- coxph(Surv(time, status) ~ trt + marker + strata(centre), data = gen[rownames(model.frame(f_fn)), ],
              ties = "breslow", control = ctl)
model_keys("gen_fn", f_fn, r_fn)
# numeric x factor, written as marker + grp + marker:grp, no strata
f_nf <- coxph(Surv(time, status) ~ marker + grp + marker:grp, data = gen, ties = "efron", control = ctl)
r_nf <- coxph(Surv(time, status) ~ marker + grp, data = gen[rownames(model.frame(f_nf)), ], ties = "efron",
              control = ctl)
model_keys("gen_nf", f_nf, r_nf)
# the treatment's hazard ratio by grp, stratified by centre
subgroup_keys("gen_sub_grp", Surv(time, status) ~ trt + strata(centre), gen, "grp")

## ------------------------------------------------------------------ OAK and POPLAR
trial <- function(file) {
  d <- read.delim(file.path(shared, file), stringsAsFactors = FALSE, na.strings = ".")
  stopifnot(all((d$BEP == "Y") == !is.na(d$btmb)))       # the BEP is the rows with a bTMB
  d$btmb <- factor(ifelse(d$btmb >= 16, ">=16", "<16"), levels = c("<16", ">=16"))
  d$pfs_event <- 1 - d$PFS.CNSR
  d$os_event <- 1 - d$OS.CNSR
  d
}
for (study in c("oak", "poplar")) {
  f <- file.path(shared, paste0(toupper(study), "_Clinical_Data.tsv"))
  if (!file.exists(f)) next
  d <- trial(basename(f))
  bep <- d[!is.na(d$btmb), ]
  put(paste0(study, ".bep_n"), nrow(bep))
  put(paste0(study, ".bep_high_n"), sum(bep$btmb == ">=16"))
  for (ep in c("pfs", "os")) {
    time <- toupper(ep)
    ev <- paste0(ep, "_event")
    full <- as.formula(sprintf("Surv(%s, %s) ~ TRT01P * btmb", time, ev))
    red <- as.formula(sprintf("Surv(%s, %s) ~ TRT01P + btmb", time, ev))
    fit <- coxph(full, data = d, ties = "efron", control = ctl)
    model_keys(paste0(study, "_", ep), fit, coxph(red, data = bep, ties = "efron", control = ctl))
    subgroup_keys(paste0(study, "_", ep, "_sub"), as.formula(sprintf("Surv(%s, %s) ~ TRT01P", time, ev)), d, "btmb")
  }
}
close(out)
