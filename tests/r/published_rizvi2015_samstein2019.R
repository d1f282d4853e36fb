# published_rizvi2015_samstein2019.R: R's values for the published results of Rizvi et al.,
# Science 2015 and Samstein et al., Nat Genet 2019 (research/cohorts.md sections 2.2 and 2.3),
# recomputed on the shared cohorts, for tests/unit/test_published_rizvi2015_samstein2019.c and
# the golden tests tests/golden/stats/published_*.
#
#   Rscript tests/r/published_rizvi2015_samstein2019.R     (from the repository root)
#
# Needs ../shared/data/cohorts (luad_mskcc_2015, nsclc_mskcc_2015, tmb_mskcc_2018) and writes
# tests/data/stats/published_rizvi2015_samstein2019.tsv (name, value with 17 digits; "NaN" where R
# gives NA, e.g. a median not reached). R 4.2.2 with survival 3.5.3 (Debian), base R otherwise. coxph with eps = 1e-12.
#
# Definitions (the note's, checked here against the papers' numbers):
# - Rizvi 2015: the 16 discovery samples are the PATIENT_IDs of nsclc_mskcc_2015 (its ids are
#   sample ids of luad_mskcc_2015); the other 18 are the validation cohort. "High" burden is
#   NONSYNONYMOUS_MUTATION_BURDEN above the cohort's median (median(): the mean of the middle two).
#   A PFS event is EVENT_TYPE "Progression-free Survival" ("Censored" otherwise). DCB percentages
#   count the evaluable patients (DCB or NDB; "Not reached 6 months" left out). The hazard ratio
#   the paper reports is the log-rank (Mantel-Haenszel) exp((O-E)/V) of high against low.
# - Samstein 2019: OS months and "1:DECEASED"; top 20% (10%) = TMB Score at or above the type-7
#   quantile 0.8 (0.9) within Cancer Type. "Age" in the multivariable model is the factor "Age
#   Group at Diagnosis in Years": with it the note's 0.9833 (p 8.3e-8) and 0.599 (0.499-0.721)
#   reproduce; the numeric age column (one value missing) gives the *_agenum values.
suppressPackageStartupMessages(library(survival))
invisible(Sys.setlocale("LC_COLLATE", "C")) # factor levels in byte order, as oncoboard
sh <- "../shared/data/cohorts"
if (!dir.exists(sh)) stop("../shared/data/cohorts is absent: nothing to compute")
dir <- "tests/data/stats"
out <- new.env()
put <- function(name, value) assign(name, unname(value), envir = out)
ctl <- suppressWarnings(coxph.control(eps = 1e-12, iter.max = 50)) # toler.chol > eps: harmless

# The log-rank test of a two-level group with Peto's hazard ratio of the second level.
put_logrank <- function(key, fm, data) {
  sd <- survdiff(fm, data = data)
  o <- sd$obs[2]; e <- sd$exp[2]; v <- sd$var[2, 2]; z <- qnorm(0.975)
  put(paste0(key, "_chisq"), sd$chisq)
  put(paste0(key, "_p"), pchisq(sd$chisq, 1, lower.tail = FALSE))
  put(paste0(key, "_hr"), exp((o - e) / v))
  put(paste0(key, "_hr_lower"), exp((o - e) / v - z / sqrt(v)))
  put(paste0(key, "_hr_upper"), exp((o - e) / v + z / sqrt(v)))
}
# The hazard ratio of coefficient `term` of a Cox fit, its interval and Wald p.
put_cox <- function(key, fit, term = 1) {
  s <- summary(fit)
  put(paste0(key, "_hr"), s$conf.int[term, 1])
  put(paste0(key, "_hr_lower"), s$conf.int[term, 3])
  put(paste0(key, "_hr_upper"), s$conf.int[term, 4])
  put(paste0(key, "_p"), s$coefficients[term, 5])
  put(paste0(key, "_n"), fit$n)
  put(paste0(key, "_events"), fit$nevent)
  put(paste0(key, "_df"), sum(!is.na(coef(fit))))
  put(paste0(key, "_lrt_p"), s$logtest[["pvalue"]])
}

# ---- Rizvi 2015 (luad_mskcc_2015; discovery = nsclc_mskcc_2015's ids) ----
p <- read.delim(file.path(sh, "luad_mskcc_2015/data_clinical_patient.txt"))
s <- read.delim(file.path(sh, "luad_mskcc_2015/data_clinical_sample.txt"))
disc <- read.delim(file.path(sh, "nsclc_mskcc_2015/data_clinical_patient.txt"))$PATIENT_ID
p <- merge(p, s[, c("PATIENT_ID", "SAMPLE_ID")], by = "PATIENT_ID")
p <- p[!is.na(p$PFS_MONTHS), ] # the all-NA row of R7495_2
p$ev <- as.numeric(p$EVENT_TYPE != "Censored")
p$dcb <- ifelse(grepl("^Durable", p$DURABLE_CLINICAL_BENEFIT), 1,
                ifelse(grepl("^No durable", p$DURABLE_CLINICAL_BENEFIT), 0, NA))
put("r15_pooled_n", nrow(p))
put("r15_pooled_dcb", sum(p$dcb == 1, na.rm = TRUE))
put("r15_pooled_ndb", sum(p$dcb == 0, na.rm = TRUE))
put("r15_pooled_not_reached", sum(grepl("^Not reached", p$DURABLE_CLINICAL_BENEFIT)))
for (cohort in c("disc", "val")) {
  d <- if (cohort == "disc") p[p$SAMPLE_ID %in% disc, ] else p[!(p$SAMPLE_ID %in% disc), ]
  k <- paste0("r15_", cohort)
  b <- d$NONSYNONYMOUS_MUTATION_BURDEN
  d$high <- as.numeric(b > median(b))
  put(paste0(k, "_n"), nrow(d))
  put(paste0(k, "_median_burden"), median(b))
  put(paste0(k, "_median_burden_dcb"), median(b[which(d$dcb == 1)]))
  put(paste0(k, "_median_burden_ndb"), median(b[which(d$dcb == 0)]))
  put(paste0(k, "_dcb_high"), mean(d$dcb[d$high == 1], na.rm = TRUE))
  put(paste0(k, "_dcb_low"), mean(d$dcb[d$high == 0], na.rm = TRUE))
  put_logrank(paste0(k, "_pfs"), Surv(PFS_MONTHS, ev) ~ high, d)
  put_cox(paste0(k, "_pfs_cox"), coxph(Surv(PFS_MONTHS, ev) ~ high, data = d, control = ctl))
  km <- summary(survfit(Surv(PFS_MONTHS, ev) ~ high, data = d))$table[, "median"]
  put(paste0(k, "_pfs_median_low"), km[1]); put(paste0(k, "_pfs_median_high"), km[2])
  at <- b >= 178 # the paper's cut-off: sensitivity and specificity for DCB
  put(paste0(k, "_cut178_sensitivity"), mean(at[which(d$dcb == 1)]))
  put(paste0(k, "_cut178_specificity"), mean(!at[which(d$dcb == 0)]))
}
# Smoking signature: Transversion High against Low (the paper's HR is TH vs TL)
p$th <- as.numeric(p$MOLECULAR_SMOKING_SIGNATURE == "Transversion High") # second level: TH
put_logrank("r15_smoking_pfs", Surv(PFS_MONTHS, ev) ~ th, p)

# ---- Samstein 2019 (tmb_mskcc_2018) ----
r <- read.delim(file.path(sh, "tmb_mskcc_2018/tmb_mskcc_2018_clinical_data.tsv"), check.names = FALSE)
d <- data.frame(t = r[["Overall Survival (Months)"]], ev = as.numeric(substr(r[["Overall Survival Status"]], 1, 1)),
                tmb = r[["TMB Score"]], type = r[["Cancer Type"]], drug = r[["Drug Type"]],
                agegrp = r[["Age Group at Diagnosis in Years"]],
                age = r[["Age at Which Sequencing was Reported (Days)"]], stringsAsFactors = FALSE)
put("s19_n", nrow(d)); put("s19_deaths", sum(d$ev))
q7 <- function(prob) ave(d$tmb, d$type, FUN = function(x) quantile(x, prob, type = 7, names = FALSE))
cut80 <- tapply(d$tmb, d$type, quantile, 0.8, type = 7, names = FALSE)
types <- c(nsclc = "Non-Small Cell Lung Cancer", melanoma = "Melanoma", bladder = "Bladder Cancer",
           colorectal = "Colorectal Cancer", head_neck = "Head and Neck Cancer",
           esophagogastric = "Esophagogastric Cancer", rcc = "Renal Cell Carcinoma", glioma = "Glioma")
for (k in names(types)) put(paste0("s19_cut80_", k), cut80[[types[[k]]]])
d$top20 <- as.numeric(d$tmb >= q7(0.8))
d$top10 <- as.numeric(d$tmb >= q7(0.9))
# "Loglik converged before variable 11": the one Skin Cancer patient's level goes to -Inf, as in
# oncoboard; the TMB terms converge.
quiet <- function(e) suppressWarnings(e)
put_cox("s19_mv_tmb", quiet(coxph(Surv(t, ev) ~ tmb + type + agegrp + drug, data = d, control = ctl)))
put_cox("s19_mv_tmb_agenum", quiet(coxph(Surv(t, ev) ~ tmb + type + age + drug, data = d, control = ctl)))
put_cox("s19_mv_top20", quiet(coxph(Surv(t, ev) ~ top20 + type + agegrp + drug, data = d, control = ctl)))
put_cox("s19_mv_top20_agenum", quiet(coxph(Surv(t, ev) ~ top20 + type + age + drug, data = d, control = ctl)))
put_cox("s19_top20", coxph(Surv(t, ev) ~ top20, data = d, control = ctl))
put_cox("s19_top20_strata", coxph(Surv(t, ev) ~ top20 + strata(type), data = d, control = ctl))
put_cox("s19_top10", coxph(Surv(t, ev) ~ top10, data = d, control = ctl))
# Three groups: below the 80th percentile (reference), the decile 80-90th, the top 10%
d$g3 <- factor(ifelse(d$top10 == 1, "top10", ifelse(d$top20 == 1, "decile", "bottom80")),
               c("bottom80", "decile", "top10"))
g3 <- coxph(Surv(t, ev) ~ g3, data = d, control = ctl)
put_cox("s19_g3_decile", g3, 1); put_cox("s19_g3_top10", g3, 2)
n <- d[d$type == "Non-Small Cell Lung Cancer", ]
put_cox("s19_nsclc_top20", coxph(Surv(t, ev) ~ top20, data = n, control = ctl))
n$tmb10 <- as.numeric(n$tmb >= 10)
put_cox("s19_nsclc_tmb10", coxph(Surv(t, ev) ~ tmb10, data = n, control = ctl))
put_cox("s19_glioma_top20", coxph(Surv(t, ev) ~ top20, data = d[d$type == "Glioma", ], control = ctl))

# ---- Cox: a column singular at the estimate (found on the Samstein model above) ----
# coxph's nocenter leaves 0/1 columns unscaled, and coxfit6 tests the information at the estimate
# with toler.chol: a factor level with one censored patient, whose coefficient runs off to -Inf,
# falls below it and is reported NA (with eps = 1e-12; at the default eps it is not yet). The
# data are written to tests/data/stats/cox_singular_estimate.csv (seed 20261129).
set.seed(20261129)
m <- 300
g <- data.frame(x = round(rnorm(m), 3), g = sample(c("a", "b"), m, TRUE))
g$time <- round(rexp(m, exp(0.5 * g$x + 0.3 * (g$g == "b")) / 10), 2) + 0.01
g$status <- rbinom(m, 1, 0.8)
g$g[1] <- "c"; g$time[1] <- 0.5; g$status[1] <- 0
write.csv(g, file.path(dir, "cox_singular_estimate.csv"), row.names = FALSE, quote = FALSE)
fit <- suppressWarnings(coxph(Surv(time, status) ~ x + g, data = g, control = ctl))
sm <- summary(fit)
for (k in c("x", "gb")) {
  put(paste0("cox_singular_", k, "_coef"), coef(fit)[[k]])
  put(paste0("cox_singular_", k, "_se"), sm$coefficients[k, 3])
  put(paste0("cox_singular_", k, "_p"), sm$coefficients[k, 5])
}
put("cox_singular_gc_coef", coef(fit)[["gc"]]) # NA
put("cox_singular_df", sum(!is.na(coef(fit))))
put("cox_singular_lrt", sm$logtest[["test"]]); put("cox_singular_lrt_p", sm$logtest[["pvalue"]])
nna <- !is.na(coef(fit))
put("cox_singular_wald", coxph.wtest(fit$var[nna, nna], coef(fit)[nna])$test) # summary() rounds it
put("cox_singular_score", sm$sctest[["test"]]); put("cox_singular_score_p", sm$sctest[["pvalue"]])
put("cox_singular_concordance", sm$concordance[[1]])
put("cox_singular_default_eps_gc_coef", coef(suppressWarnings(coxph(Surv(time, status) ~ x + g, data = g)))[["gc"]])

names <- sort(ls(out))
vals <- vapply(names, function(k) { v <- get(k, envir = out); if (is.na(v)) "NaN" else sprintf("%.17g", v) }, "")
writeLines(c("# published_rizvi2015_samstein2019.R (R 4.2.2, survival 3.5.3) on ../shared/data/cohorts: name, value",
             paste(names, vals, sep = "\t")),
           file.path(dir, "published_rizvi2015_samstein2019.tsv"))
cat(length(names), "values written\n")
