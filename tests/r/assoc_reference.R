# assoc_reference.R: the reference values of the association and diagnostic statistics
# (src/stats, tests/unit/test_stats_assoc.c), computed by R on fixed data.
#
#   Rscript tests/r/assoc_reference.R      (from the repository root)
#
# Writes the inputs to tests/data/stats/assoc_*.csv (generated with a fixed seed) and every
# reference value to tests/data/stats/assoc_reference.tsv (name, value with 17 digits).
# R 4.2.2 (Debian r-base-core) with r-cran-maxstat and r-cran-proc. logistf is not packaged in
# Debian: Firth's estimates are computed here from the published definition (Firth 1993;
# Heinze and Schemper 2002): the penalised log-likelihood maximised by optim (BFGS) and the
# profile intervals found by uniroot on it, not by the Newton iterations oncoboard uses.
# fisher.test's estimate and interval stop at uniroot's default tolerance (1.2e-4), so they are
# also recomputed here from fisher.test's own definitions with tol = 1e-13 (fisher_*_tight).
suppressPackageStartupMessages({
  library(maxstat)
  library(pROC)
  library(survival)
})
set.seed(20261129)
dir <- "tests/data/stats"
out <- new.env()
put <- function(name, value) assign(name, unname(value), envir = out)
wcsv <- function(df, name) write.csv(df, file.path(dir, name), row.names = FALSE, quote = FALSE, na = "NA")

# ---- Fisher 2x2, chi-square, McNemar on fixed tables ----
tables <- list(
  tea = c(3, 1, 1, 3),            # Agresti's tea tasting (fisher.test's example)
  stk11 = c(12, 40, 57, 118),     # cohorts.md 2.1: DCB in STK11 mutant 12/52, wild type 57/175
  egfr = c(3, 20, 66, 138),       # cohorts.md 2.1: EGFR mutant 3/23, wild type 66/204
  zero = c(0, 5, 6, 2),           # an empty cell: the conditional MLE is 0
  big = c(120, 80, 95, 160))
dnhyper_tight <- function(x, m, n, k) {
  lo <- max(0L, k - n); hi <- min(k, m); support <- lo:hi
  logdc <- dhyper(support, m, n, k, log = TRUE)
  dn <- function(ncp) { d <- logdc + log(ncp) * support; d <- exp(d - max(d)); d / sum(d) }
  mn <- function(ncp) { if (ncp == 0) return(lo); if (ncp == Inf) return(hi); sum(support * dn(ncp)) }
  pn <- function(q, ncp, upper.tail = FALSE) {
    if (ncp == 1) return(if (upper.tail) phyper(x - 1, m, n, k, lower.tail = FALSE) else phyper(x, m, n, k))
    if (ncp == 0) return(as.numeric(if (upper.tail) q <= lo else q >= lo))
    if (ncp == Inf) return(as.numeric(if (upper.tail) q <= hi else q >= hi))
    sum(dn(ncp)[if (upper.tail) support >= q else support <= q])
  }
  tol <- 1e-13
  mle <- function(x) {
    if (x == lo) return(0); if (x == hi) return(Inf)
    mu <- mn(1)
    if (mu > x) uniroot(function(t) mn(t) - x, c(0, 1), tol = tol)$root
    else if (mu < x) 1 / uniroot(function(t) mn(1 / t) - x, c(.Machine$double.eps, 1), tol = tol)$root
    else 1
  }
  ncp.U <- function(x, alpha) {
    if (x == hi) return(Inf)
    p <- pn(x, 1)
    if (p < alpha) uniroot(function(t) pn(x, t) - alpha, c(0, 1), tol = tol)$root
    else if (p > alpha) 1 / uniroot(function(t) pn(x, 1 / t) - alpha, c(.Machine$double.eps, 1), tol = tol)$root
    else 1
  }
  ncp.L <- function(x, alpha) {
    if (x == lo) return(0)
    p <- pn(x, 1, upper.tail = TRUE)
    if (p > alpha) uniroot(function(t) pn(x, t, upper.tail = TRUE) - alpha, c(0, 1), tol = tol)$root
    else if (p < alpha) 1 / uniroot(function(t) pn(x, 1 / t, upper.tail = TRUE) - alpha, c(.Machine$double.eps, 1), tol = tol)$root
    else 1
  }
  c(mle(x), ncp.L(x, 0.025), ncp.U(x, 0.025))
}
for (nm in names(tables)) {
  t <- matrix(tables[[nm]], 2, byrow = TRUE)
  f <- fisher.test(t)
  put(paste0("fisher_", nm, "_p"), f$p.value)
  put(paste0("fisher_", nm, "_or"), f$estimate)
  put(paste0("fisher_", nm, "_lower"), f$conf.int[1])
  put(paste0("fisher_", nm, "_upper"), f$conf.int[2])
  tight <- dnhyper_tight(t[1, 1], sum(t[, 1]), sum(t[, 2]), sum(t[1, ]))
  put(paste0("fisher_", nm, "_or_tight"), tight[1])
  put(paste0("fisher_", nm, "_lower_tight"), tight[2])
  put(paste0("fisher_", nm, "_upper_tight"), tight[3])
  if (all(rowSums(t) > 0) && all(colSums(t) > 0)) {
    cs <- suppressWarnings(chisq.test(t))
    put(paste0("chisq_", nm, "_stat"), cs$statistic)
    put(paste0("chisq_", nm, "_p"), cs$p.value)
    cs <- suppressWarnings(chisq.test(t, correct = FALSE))
    put(paste0("chisq_", nm, "_stat_nocorrect"), cs$statistic)
    put(paste0("chisq_", nm, "_p_nocorrect"), cs$p.value)
  }
}
# r x c: fisher.test's job satisfaction example and a 2 x 3 table
job <- matrix(c(1, 2, 1, 0, 3, 3, 6, 1, 10, 10, 14, 9, 6, 7, 12, 11), 4, 4)
put("fisher_job_p", fisher.test(job)$p.value)
cs <- suppressWarnings(chisq.test(job))
put("chisq_job_stat", cs$statistic); put("chisq_job_p", cs$p.value)
t23 <- matrix(c(5, 2, 8, 1, 7, 3), 2, byrow = TRUE)
put("fisher_t23_p", fisher.test(t23)$p.value)
# McNemar: mcnemar.test's example (presidential approval) and a 3 x 3 table
perf <- matrix(c(794, 86, 150, 570), 2)
m <- mcnemar.test(perf); put("mcnemar_perf_stat", m$statistic); put("mcnemar_perf_p", m$p.value)
m <- mcnemar.test(perf, correct = FALSE); put("mcnemar_perf_stat_nocorrect", m$statistic); put("mcnemar_perf_p_nocorrect", m$p.value)
m3 <- matrix(c(20, 5, 3, 8, 30, 4, 2, 9, 25), 3, byrow = TRUE)
m <- mcnemar.test(m3); put("mcnemar_m3_stat", m$statistic); put("mcnemar_m3_p", m$p.value)

# ---- rank tests on generated data ----
x <- round(rnorm(10, 1, 1), 4); y <- round(rnorm(12, 0, 1), 4)
tied_x <- round(rnorm(15, 1, 1.5)); tied_y <- round(rnorm(18, 0, 1.5))
big_x <- round(rnorm(60, 0.3, 1), 4); big_y <- round(rnorm(70, 0, 1), 4)
two <- rbind(data.frame(set = "exact", group = "a", value = x), data.frame(set = "exact", group = "b", value = y),
             data.frame(set = "tied", group = "a", value = tied_x), data.frame(set = "tied", group = "b", value = tied_y),
             data.frame(set = "large", group = "a", value = big_x), data.frame(set = "large", group = "b", value = big_y))
wcsv(two, "assoc_twogroup.csv")
for (s in c("exact", "tied", "large")) {
  d <- two[two$set == s, ]
  w <- suppressWarnings(wilcox.test(d$value[d$group == "a"], d$value[d$group == "b"]))
  put(paste0("wilcox_", s, "_W"), w$statistic); put(paste0("wilcox_", s, "_p"), w$p.value)
}
w <- wilcox.test(x, y, exact = FALSE); put("wilcox_exact_p_normal", w$p.value)
w <- wilcox.test(big_x, big_y, exact = TRUE); put("wilcox_large_p_exact", w$p.value)
before <- round(rnorm(15, 10, 3), 3); after <- round(before - rnorm(15, 1.5, 2), 3)
tb <- round(rnorm(20, 10, 3)); ta <- tb - round(rnorm(20, 1, 2))   # ties and zero differences
bb <- round(rnorm(60, 10, 3), 3); ba <- round(bb - rnorm(60, 0.4, 2), 3)
paired <- rbind(data.frame(set = "exact", before = before, after = after), data.frame(set = "tied", before = tb, after = ta),
                data.frame(set = "large", before = bb, after = ba))
wcsv(paired, "assoc_paired.csv")
for (s in c("exact", "tied", "large")) {
  d <- paired[paired$set == s, ]
  w <- suppressWarnings(wilcox.test(d$after, d$before, paired = TRUE))
  put(paste0("signrank_", s, "_V"), w$statistic); put(paste0("signrank_", s, "_p"), w$p.value)
}

# ---- logistic regression ----
n <- 200
age <- round(rnorm(n, 62, 9), 1); marker <- round(rexp(n, 1 / 8), 2); sex <- rbinom(n, 1, 0.45)
eta <- -4 + 0.04 * age + 0.09 * marker - 0.6 * sex
resp <- rbinom(n, 1, plogis(eta))
lg <- data.frame(response = resp, age = age, marker = marker, sex = sex)
wcsv(lg, "assoc_logistic.csv")
fit <- glm(response ~ age + marker + sex, family = binomial, data = lg, control = glm.control(epsilon = 1e-14, maxit = 100))
cf <- summary(fit)$coefficients
terms <- c("intercept", "age", "marker", "sex")
for (i in 1:4) {
  put(paste0("glm_", terms[i], "_coef"), cf[i, 1]); put(paste0("glm_", terms[i], "_se"), cf[i, 2])
  put(paste0("glm_", terms[i], "_z"), cf[i, 3]); put(paste0("glm_", terms[i], "_p"), cf[i, 4])
}
put("glm_deviance", fit$deviance); put("glm_null_deviance", fit$null.deviance); put("glm_aic", fit$aic)
put("glm_lr_stat", fit$null.deviance - fit$deviance)
put("glm_lr_p", pchisq(fit$null.deviance - fit$deviance, 3, lower.tail = FALSE))
# separation: x > 5 always responds; x2 is harmless
sep <- data.frame(response = c(0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1), x = c(1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11),
                  x2 = c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8))
sep$response <- as.numeric(sep$x > 5.5)
wcsv(sep, "assoc_separation.csv")
warn <- NULL
withCallingHandlers(glm(response ~ x + x2, family = binomial, data = sep),
                    warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
cat("glm on the separated data warns:", warn, sep = "\n  ")
# quasi-complete separation: x1 > 0 always responds, x1 < 0 never, x1 = 0 both: only x1 diverges
quasi <- data.frame(response = c(0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1), x1 = c(-3, -2, -1, -1, 0, 0, 0, 0, 1, 2, 2, 3, 0, 0),
                    x2 = c(0.5, 1.2, -0.3, 0.8, 1.1, -0.4, 0.3, 1.7, 0.2, -0.9, 0.6, 1.4, -1.2, 0.9))
wcsv(quasi, "assoc_quasi_separation.csv")
sfit <- suppressWarnings(glm(response ~ x + x2, family = binomial, data = sep))   # R's default control
cf <- summary(sfit)$coefficients
for (i in 1:3) { put(sprintf("glm_sep_%d_coef", i), cf[i, 1]); put(sprintf("glm_sep_%d_se", i), cf[i, 2]) }
put("glm_sep_iter", sfit$iter); put("glm_sep_deviance", sfit$deviance)
fit <- suppressWarnings(glm(response ~ x1 + x2, family = binomial, data = quasi))
cf <- summary(fit)$coefficients
put("glm_quasi_x1_coef", cf[2, 1]); put("glm_quasi_x1_se", cf[2, 2]); put("glm_quasi_iter", fit$iter)
put("glm_quasi_intercept_coef", cf[1, 1]); put("glm_quasi_intercept_se", cf[1, 2])
put("glm_quasi_x2_coef", cf[3, 1]); put("glm_quasi_x2_se", cf[3, 2]); put("glm_quasi_x2_p", cf[3, 4])

# ---- Firth: the penalised likelihood, maximised by optim, profiled by uniroot ----
X <- cbind(1, lg$age, lg$marker, lg$sex)[1:60, ]; Y <- lg$response[1:60]
pll <- function(b, X, Y) {
  e <- drop(X %*% b); p <- plogis(e)
  sum(Y * e - log1p(exp(e))) + 0.5 * determinant(crossprod(X * sqrt(p * (1 - p))))$modulus[1]
}
pscore <- function(b, X, Y) {
  p <- plogis(drop(X %*% b)); W <- p * (1 - p)
  XW <- X * sqrt(W); h <- rowSums((XW %*% solve(crossprod(XW))) * XW)
  drop(crossprod(X, Y - p + h * (0.5 - p)))
}
maxpll <- function(X, Y, fixed = rep(NA, ncol(X)), start = rep(0, ncol(X))) {
  free <- is.na(fixed)
  full <- function(bf) { b <- fixed; b[free] <- bf; b }
  o <- optim(start[free], function(bf) -pll(full(bf), X, Y), function(bf) -pscore(full(bf), X, Y)[free],
             method = "BFGS", control = list(reltol = 1e-15, maxit = 10000))
  o <- optim(o$par, function(bf) -pll(full(bf), X, Y), function(bf) -pscore(full(bf), X, Y)[free],
             method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
  list(beta = full(o$par), value = -o$value)
}
ff <- maxpll(X, Y)
firth_data <- data.frame(response = Y, age = X[, 2], marker = X[, 3], sex = X[, 4])
wcsv(firth_data, "assoc_firth.csv")
p <- plogis(drop(X %*% ff$beta)); V <- solve(crossprod(X * sqrt(p * (1 - p))))
crit <- qchisq(0.95, 1) / 2
for (j in 1:4) {
  put(paste0("firth_", terms[j], "_coef"), ff$beta[j]); put(paste0("firth_", terms[j], "_se"), sqrt(V[j, j]))
  fx <- rep(NA, 4); fx[j] <- 0
  at0 <- maxpll(X, Y, fx, ff$beta)$value
  put(paste0("firth_", terms[j], "_p"), pchisq(2 * (ff$value - at0), 1, lower.tail = FALSE))
  prof <- function(b) { fx <- rep(NA, 4); fx[j] <- b; maxpll(X, Y, fx, ff$beta)$value - (ff$value - crit) }
  se <- sqrt(V[j, j])
  put(paste0("firth_", terms[j], "_lower"), uniroot(prof, c(ff$beta[j] - 6 * se, ff$beta[j]), tol = 1e-12)$root)
  put(paste0("firth_", terms[j], "_upper"), uniroot(prof, c(ff$beta[j], ff$beta[j] + 6 * se), tol = 1e-12)$root)
}
fx <- c(NA, 0, 0, 0)
put("firth_pll", ff$value); put("firth_lr_stat", 2 * (ff$value - maxpll(X, Y, fx, ff$beta)$value))

# ---- ROC (pROC) ----
nr <- 120
yr <- rbinom(nr, 1, 0.4); score <- round(rnorm(nr, yr * 0.9, 1), 1)   # rounded: ties between cases and controls
roc_d <- data.frame(outcome = yr, score = score)
wcsv(roc_d, "assoc_roc.csv")
r <- roc(roc_d$outcome, roc_d$score, levels = c(0, 1), direction = "<", quiet = TRUE)
ci <- ci.auc(r, method = "delong")
put("roc_auc", auc(r)); put("roc_lower", ci[1]); put("roc_upper", ci[3]); put("roc_var", var(r, method = "delong"))
best <- coords(r, "best", best.method = "youden", ret = c("threshold", "sensitivity", "specificity"))
put("roc_youden_n", nrow(best))
put("roc_youden_cutoff", best$threshold[1]); put("roc_youden_sens", best$sensitivity[1]); put("roc_youden_spec", best$specificity[1])
r2 <- roc(roc_d$outcome, roc_d$score, levels = c(0, 1), direction = ">", quiet = TRUE)
put("roc_lower_dir_auc", auc(r2))

# ---- maxstat (Lau92) ----
ns <- 150
mk <- round(rexp(ns, 1 / 10), 1)
tt <- round(rexp(ns, ifelse(mk > 12, 1 / 30, 1 / 15)), 1) + 0.1
ev <- rbinom(ns, 1, 0.75)
cont <- round(rnorm(ns, ifelse(mk > 8, 1, 0), 1), 2)
bin <- rbinom(ns, 1, ifelse(mk > 15, 0.6, 0.3))
ms <- data.frame(marker = mk, time = tt, event = ev, value = cont, response = bin)
wcsv(ms, "assoc_maxstat.csv")
a <- maxstat.test(Surv(time, event) ~ marker, data = ms, smethod = "LogRank", pmethod = "Lau92")
put("maxstat_logrank_stat", a$statistic); put("maxstat_logrank_cut", a$estimate); put("maxstat_logrank_p", a$p.value)
a <- maxstat.test(value ~ marker, data = ms, smethod = "Wilcoxon", pmethod = "Lau92")
put("maxstat_wilcoxon_stat", a$statistic); put("maxstat_wilcoxon_cut", a$estimate); put("maxstat_wilcoxon_p", a$p.value)
a <- maxstat.test(response ~ marker, data = ms, smethod = "Data", pmethod = "Lau92", minprop = 0.2, maxprop = 0.8)
put("maxstat_data_stat", a$statistic); put("maxstat_data_cut", a$estimate); put("maxstat_data_p", a$p.value)

# ---- p.adjust ----
pv <- c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, NA, 0.5, 0.008)
wcsv(data.frame(p = pv), "assoc_padjust.csv")
for (m in c("BH", "BY", "holm", "bonferroni")) {
  a <- p.adjust(pv, m)
  for (i in seq_along(pv)) if (!is.na(a[i])) put(sprintf("padjust_%s_%d", m, i), a[i])
}

# ---- a categorical table for the command-line goldens (tests/golden/stats_assoc) ----
nc <- 90
cat_d <- data.frame(id = sprintf("P%03d", 1:nc),
                    benefit = sample(c("YES", "NO"), nc, TRUE, prob = c(0.35, 0.65)),
                    stk11 = sample(c("MUT", "WT"), nc, TRUE, prob = c(0.25, 0.75)),
                    histology = sample(c("LUAD", "LUSC", "NSCLC"), nc, TRUE, prob = c(0.6, 0.3, 0.1)),
                    before = sample(c("pos", "neg"), nc, TRUE), tmb = round(rexp(nc, 1 / 9), 2))
cat_d$after <- ifelse(runif(nc) < 0.7, cat_d$before, ifelse(cat_d$before == "pos", "neg", "pos"))
cat_d$benefit[c(5, 17)] <- NA
cat_d$tmb[c(9)] <- NA
write.table(cat_d, file.path(dir, "assoc_categorical.tsv"), sep = "\t", row.names = FALSE, quote = FALSE, na = "NA")
ct <- table(cat_d$stk11, cat_d$benefit)     # rows MUT, WT; columns NO, YES (byte order)
f <- fisher.test(ct)
put("cli_fisher_p", f$p.value); put("cli_fisher_or", f$estimate)
put("cli_fisher_or_tight", dnhyper_tight(ct[1, 1], sum(ct[, 1]), sum(ct[, 2]), sum(ct[1, ]))[1])
put("cli_fisher_rxc_p", fisher.test(table(cat_d$histology, cat_d$benefit))$p.value)
cs <- chisq.test(ct); put("cli_chisq_stat", cs$statistic); put("cli_chisq_p", cs$p.value)
m <- mcnemar.test(table(cat_d$before, cat_d$after)); put("cli_mcnemar_stat", m$statistic); put("cli_mcnemar_p", m$p.value)
w <- wilcox.test(tmb ~ benefit, data = cat_d); put("cli_wilcox_W", w$statistic); put("cli_wilcox_p", w$p.value)

w <- wilcox.test(paired$after, paired$before, paired = TRUE)
put("cli_signrank_V", w$statistic); put("cli_signrank_p", w$p.value)
fit <- glm(I(benefit == "YES") ~ tmb + histology + stk11, family = binomial, data = cat_d,
           control = glm.control(epsilon = 1e-14, maxit = 100))
cf <- summary(fit)$coefficients
for (i in seq_len(nrow(cf))) {
  nm <- gsub("[()]", "", rownames(cf)[i])
  put(paste0("cli_glm_", nm, "_coef"), cf[i, 1]); put(paste0("cli_glm_", nm, "_se"), cf[i, 2]); put(paste0("cli_glm_", nm, "_p"), cf[i, 4])
}
put("cli_glm_deviance", fit$deviance); put("cli_glm_aic", fit$aic)

names <- sort(ls(out))
vals <- vapply(names, function(k) sprintf("%.17g", get(k, envir = out)), "")
writeLines(c("# assoc_reference.R (R 4.2.2; maxstat, pROC from Debian): name, value", paste(names, vals, sep = "\t")),
           file.path(dir, "assoc_reference.tsv"))
cat(length(names), "values written\n")

# ---- the shared cohorts (research/cohorts.md section 2), when ../shared/data is there ----
# Written apart (assoc_cohorts_reference.tsv): the data are not in the repository.
sh <- "../shared/data/cohorts"
if (dir.exists(sh)) {
  coh <- new.env()
  cput <- function(name, value) assign(name, unname(value), envir = coh)
  p <- read.delim(file.path(sh, "luad_mskcc_2015/data_clinical_patient.txt"), check.names = FALSE)
  s <- read.delim(file.path(sh, "luad_mskcc_2015/data_clinical_sample.txt"))
  disc <- read.delim(file.path(sh, "nsclc_mskcc_2015/data_clinical_patient.txt"))$PATIENT_ID
  p <- merge(p, s[, c("PATIENT_ID", "SAMPLE_ID")], by = "PATIENT_ID")
  p$dcb <- ifelse(grepl("^Durable", p$DURABLE_CLINICAL_BENEFIT), 1,
                  ifelse(grepl("^No durable", p$DURABLE_CLINICAL_BENEFIT), 0, NA))
  p <- p[!is.na(p$dcb), ]
  wp <- function(d, col, ...) suppressWarnings(wilcox.test(d[[col]][d$dcb == 1], d[[col]][d$dcb == 0], ...))$p.value
  cput("rizvi2015_pooled_burden_p", wp(p, "NONSYNONYMOUS_MUTATION_BURDEN"))
  cput("rizvi2015_pooled_neoantigen_p", wp(p, "NEOANTIGEN_BURDEN"))
  dd <- p[p$SAMPLE_ID %in% disc, ]; vv <- p[!(p$SAMPLE_ID %in% disc), ]
  cput("rizvi2015_discovery_burden_p", wp(dd, "NONSYNONYMOUS_MUTATION_BURDEN"))
  cput("rizvi2015_discovery_burden_p_normal", wp(dd, "NONSYNONYMOUS_MUTATION_BURDEN", exact = FALSE))
  cput("rizvi2015_validation_burden_p", wp(vv, "NONSYNONYMOUS_MUTATION_BURDEN"))
  high <- dd$NONSYNONYMOUS_MUTATION_BURDEN > median(dd$NONSYNONYMOUS_MUTATION_BURDEN)
  tight <- function(t) dnhyper_tight(t[1, 1], sum(t[, 1]), sum(t[, 2]), sum(t[1, ]))
  t <- table(factor(high, c(TRUE, FALSE)), factor(dd$dcb, c(1, 0)))
  f <- fisher.test(t)
  cput("rizvi2015_discovery_fisher_p", f$p.value); cput("rizvi2015_discovery_fisher_or", tight(t)[1])
  t <- table(p$MOLECULAR_SMOKING_SIGNATURE, factor(p$dcb, c(1, 0)))
  f <- fisher.test(t)
  cput("rizvi2015_smoking_fisher_p", f$p.value); cput("rizvi2015_smoking_fisher_or", tight(t)[1])
  cput("rizvi2015_smoking_fisher_lower", tight(t)[2]); cput("rizvi2015_smoking_fisher_upper", tight(t)[3])
  pp <- read.delim(file.path(sh, "nsclc_pd1_msk_2018/data_clinical_patient.txt"))
  ss <- read.delim(file.path(sh, "nsclc_pd1_msk_2018/data_clinical_sample.txt"))
  m <- merge(pp, ss, by = "PATIENT_ID"); m <- m[m$DURABLE_CLINICAL_BENEFIT %in% c("YES", "NO"), ]
  cput("rizvi2018_tmb_p", wilcox.test(m$MUTATION_RATE[m$DURABLE_CLINICAL_BENEFIT == "YES"],
                                       m$MUTATION_RATE[m$DURABLE_CLINICAL_BENEFIT == "NO"])$p.value)
  r <- roc(m$DURABLE_CLINICAL_BENEFIT, m$MUTATION_RATE, levels = c("NO", "YES"), direction = "<", quiet = TRUE)
  ci <- ci.auc(r, method = "delong")
  cput("rizvi2018_tmb_auc", ci[2]); cput("rizvi2018_tmb_auc_lower", ci[1]); cput("rizvi2018_tmb_auc_upper", ci[3])
  for (set in c("training", "test_msk")) for (v in c("RF16_prob", "TMB")) {
    d <- read.csv(file.path(sh, sprintf("chowell_2021/chowell_%s.csv", set)))
    r <- roc(d$Response, d[[v]], levels = c(0, 1), direction = "<", quiet = TRUE)
    ci <- ci.auc(r, method = "delong")
    k <- sprintf("chowell_%s_%s_auc", set, v)
    cput(k, ci[2]); cput(paste0(k, "_lower"), ci[1]); cput(paste0(k, "_upper"), ci[3])
  }
  # Samstein 2019 (tmb_mskcc_2018): the best TMB cut-off for overall survival, all cancers
  d <- read.delim(file.path(sh, "tmb_mskcc_2018/tmb_mskcc_2018_clinical_data.tsv"), check.names = FALSE)
  d <- data.frame(t = d[["Overall Survival (Months)"]], ev = as.numeric(substr(d[["Overall Survival Status"]], 1, 1)),
                  tmb = d[["TMB Score"]])
  a <- maxstat.test(Surv(t, ev) ~ tmb, data = d, smethod = "LogRank", pmethod = "Lau92")
  cput("samstein_maxstat_stat", a$statistic); cput("samstein_maxstat_cut", a$estimate); cput("samstein_maxstat_p", a$p.value)
  # Riaz 2017 (nivolumab, melanoma): mutation count before and on treatment, signed-rank by response
  rz <- file.path(sh, "other_icb_cbioportal/mel_iatlas_riaz_nivolumab_2017/mel_iatlas_riaz_nivolumab_2017")
  rs <- read.csv(paste0(rz, "_sample_clinical_data.csv")); rp <- read.csv(paste0(rz, "_patient_clinical_data.csv"))
  rs$pt <- sub("_(pre|on)$", "", rs$sampleId)
  pair <- merge(rs[rs$SAMPLE_TREATMENT == "Pre", c("pt", "MUTATION_COUNT")], rs[rs$SAMPLE_TREATMENT == "On", c("pt", "MUTATION_COUNT")],
                by = "pt", suffixes = c(".pre", ".on"))
  pair <- merge(pair, rp, by.x = "pt", by.y = "patientId")
  pair <- pair[complete.cases(pair[, c("MUTATION_COUNT.pre", "MUTATION_COUNT.on")]) & !is.na(pair$RESPONDER), ]
  for (r in c(TRUE, FALSE)) {
    d <- pair[pair$RESPONDER == r, ]
    w <- suppressWarnings(wilcox.test(d$MUTATION_COUNT.on, d$MUTATION_COUNT.pre, paired = TRUE))
    k <- if (r) "riaz_responders" else "riaz_nonresponders"
    cput(paste0(k, "_n"), nrow(d)); cput(paste0(k, "_V"), w$statistic); cput(paste0(k, "_p"), w$p.value)
  }
  cn <- sort(ls(coh))
  writeLines(c("# assoc_reference.R on ../shared/data/cohorts: name, value",
               paste(cn, vapply(cn, function(k) sprintf("%.17g", get(k, envir = coh)), ""), sep = "\t")),
             file.path(dir, "assoc_cohorts_reference.tsv"))
}
