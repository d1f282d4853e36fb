# published_rizvi2018.R: R's full-precision values for the published results of Rizvi H et al.,
# J Clin Oncol 2018;36:633-641 (research/cohorts.md 2.1, cohort nsclc_pd1_msk_2018) and of
# Chowell et al., Nat Biotechnol 2022 (cohorts.md 2.6), that tests/unit/test_published_rizvi2018.c
# and the goldens tests/golden/stats_published/{rizvi2018,chowell2021}_* check.
#
#   Rscript tests/r/published_rizvi2018.R      (from the repository root; needs ../shared/data)
#
# Writes tests/data/stats/published_rizvi2018.tsv (name, value with 17 digits). R 4.2.2,
# survival 3.5.3, pROC (Debian). Nothing is copied from the shared data: only the numbers R
# computes from it.
#
# Definitions (each as research/cohorts.md's R analysis made it):
# - TMB is MUTATION_RATE (the paper's nonsynonymous mutations per Mb); "above the median" is
#   TMB > median(TMB) over all 240 patients (7.377); at or below is the rest.
# - DCB-evaluable: DURABLE_CLINICAL_BENEFIT YES or NO; NE (not evaluable) is left out, except in
#   the one figure that counts NE as no benefit (rizvi2018_below_dcb_pct_all).
# - A gene is mutant when the MAF has a non-silent mutation of it in the patient's sample (the
#   classes stats_cohort.h's matrix counts; silent, UTR, flank, intron, splice-region rows do not);
#   every patient is profiled for every gene (the folder has no panel gene lists).
# - Cox: Efron ties, eps 1e-12 (the issue's tight convergence); Wald interval and p.
suppressPackageStartupMessages({
  library(survival)
  library(pROC)
})
sh <- Sys.getenv("ONCOBOARD_SHARED_DATA", "../shared/data")
msk <- file.path(sh, "cohorts/nsclc_pd1_msk_2018")
if (!file.exists(file.path(msk, "data_clinical_patient.txt"))) stop("needs ", msk)
out <- new.env()
put <- function(name, value) assign(name, unname(value), envir = out)
ctl <- suppressWarnings(coxph.control(eps = 1e-12, iter.max = 100))

# ---- Rizvi 2018: the cohort ----
pp <- read.delim(file.path(msk, "data_clinical_patient.txt"))
ss <- read.delim(file.path(msk, "data_clinical_sample.txt"))
m <- merge(pp, ss, by = "PATIENT_ID")
stopifnot(nrow(m) == 240)
for (v in c("YES", "NO", "NE")) put(paste0("rizvi2018_dcb_", tolower(v)), sum(m$DURABLE_CLINICAL_BENEFIT == v))
for (v in c("IMPACT341", "IMPACT410", "IMPACT468")) put(paste0("rizvi2018_panel_", tolower(v)), sum(m$GENE_PANEL == v))
m$ev <- as.numeric(substr(m$PFS_STATUS, 1, 1))
m$evaluable <- m$DURABLE_CLINICAL_BENEFIT %in% c("YES", "NO")
m$dcb <- m$DURABLE_CLINICAL_BENEFIT == "YES"

# ---- the median split of TMB ----
med <- median(m$MUTATION_RATE)
put("rizvi2018_tmb_median", med)
hi <- m$MUTATION_RATE > med
put("rizvi2018_above_n", sum(hi)); put("rizvi2018_below_n", sum(!hi))
put("rizvi2018_above_dcb", sum(hi & m$dcb)); put("rizvi2018_above_evaluable", sum(hi & m$evaluable))
put("rizvi2018_below_dcb", sum(!hi & m$dcb)); put("rizvi2018_below_evaluable", sum(!hi & m$evaluable))
put("rizvi2018_above_dcb_pct", 100 * sum(hi & m$dcb) / sum(hi & m$evaluable))
put("rizvi2018_below_dcb_pct", 100 * sum(!hi & m$dcb) / sum(!hi & m$evaluable))
put("rizvi2018_below_dcb_pct_all", 100 * sum(!hi & m$dcb) / sum(!hi))
# PFS, at or below the median against above (the paper's HR 1.38 is for the low group)
m$low <- as.numeric(!hi)
f <- coxph(Surv(PFS_MONTHS, ev) ~ low, data = m, control = ctl)
put("rizvi2018_pfs_low_coef", coef(f)); put("rizvi2018_pfs_low_se", sqrt(vcov(f)[1, 1]))
put("rizvi2018_pfs_low_hr", exp(coef(f)))
ci <- exp(confint(f)); put("rizvi2018_pfs_low_hr_lower", ci[1]); put("rizvi2018_pfs_low_hr_upper", ci[2])
put("rizvi2018_pfs_low_wald_p", summary(f)$coefficients[1, 5])
# the note's "log-rank p 0.0238" is coxph's score test (summary's "Score (logrank) test");
# survdiff's log-rank test, with the hypergeometric variance of tied events, gives 0.0236
put("rizvi2018_pfs_low_score_chisq", f$score); put("rizvi2018_pfs_low_score_p", summary(f)$sctest[["pvalue"]])
s <- survdiff(Surv(PFS_MONTHS, ev) ~ low, data = m)
put("rizvi2018_pfs_low_logrank_chisq", s$chisq)
put("rizvi2018_pfs_low_logrank_p", pchisq(s$chisq, 1, lower.tail = FALSE))
oev <- (s$obs[2] - s$exp[2]) / s$var[2, 2]
put("rizvi2018_pfs_low_mh_hr", exp(oev))
put("rizvi2018_pfs_low_mh_hr_lower", exp(oev - qnorm(0.975) / sqrt(s$var[2, 2])))
put("rizvi2018_pfs_low_mh_hr_upper", exp(oev + qnorm(0.975) / sqrt(s$var[2, 2])))

# ---- AUC for DCB on the evaluable patients with a PD-L1 score ----
e <- m[m$evaluable & !is.na(m$PDL1_SCORE), ]
put("rizvi2018_auc79_n", nrow(e)); put("rizvi2018_auc79_cases", sum(e$dcb))
for (v in c("PDL1_SCORE", "MUTATION_RATE", "TMB_NONSYNONYMOUS")) {
  r <- roc(e$DURABLE_CLINICAL_BENEFIT, e[[v]], levels = c("NO", "YES"), direction = "<", quiet = TRUE)
  ci <- ci.auc(r, method = "delong")
  k <- paste0("rizvi2018_auc79_", tolower(v))
  put(k, ci[2]); put(paste0(k, "_lower"), ci[1]); put(paste0(k, "_upper"), ci[3])
}

# ---- genes ----
maf <- read.delim(file.path(msk, "data_mutations.txt"), quote = "", comment.char = "#")
nonsilent <- c("Missense_Mutation", "Nonsense_Mutation", "Frame_Shift_Del", "Frame_Shift_Ins", "In_Frame_Del",
               "In_Frame_Ins", "Splice_Site", "Nonstop_Mutation", "Translation_Start_Site")
maf <- maf[maf$Variant_Classification %in% nonsilent, ]
# The MAF names three genes by their previous symbols on some panels (MLL, MLL2, MLL3 beside
# KMT2A, KMT2D on IMPACT468); oncoboard reads them as the current HGNC symbols
# (kb/gene_aliases.tsv), so this does too. It changes no count below, only the genes' names.
alias <- c(MLL = "KMT2A", MLL2 = "KMT2D", MLL3 = "KMT2C")
maf$Hugo_Symbol <- ifelse(maf$Hugo_Symbol %in% names(alias), alias[maf$Hugo_Symbol], maf$Hugo_Symbol)
maf$PATIENT_ID <- ss$PATIENT_ID[match(maf$Tumor_Sample_Barcode, ss$SAMPLE_ID)]
stopifnot(!any(is.na(maf$PATIENT_ID)))
mutant <- function(g) m$PATIENT_ID %in% maf$PATIENT_ID[maf$Hugo_Symbol == g]
fisher_dcb <- function(mut) {
  x <- m$evaluable
  fisher.test(table(factor(mut[x], c(TRUE, FALSE)), factor(m$dcb[x], c(TRUE, FALSE))))
}
for (g in c("EGFR", "STK11", "KEAP1", "KRAS", "TP53")) {
  mut <- mutant(g)
  k <- paste0("rizvi2018_", tolower(g))
  put(paste0(k, "_mutant"), sum(mut))
  put(paste0(k, "_dcb_mutant"), sum(mut & m$dcb)); put(paste0(k, "_evaluable_mutant"), sum(mut & m$evaluable))
  put(paste0(k, "_dcb_wildtype"), sum(!mut & m$dcb)); put(paste0(k, "_evaluable_wildtype"), sum(!mut & m$evaluable))
  put(paste0(k, "_fisher_p"), fisher_dcb(mut)$p.value)
  d <- data.frame(t = m$PFS_MONTHS, ev = m$ev, mut = as.numeric(mut))
  f <- coxph(Surv(t, ev) ~ mut, data = d, control = ctl)
  ci <- exp(confint(f))
  put(paste0(k, "_pfs_cox_hr"), exp(coef(f)))
  put(paste0(k, "_pfs_cox_hr_lower"), ci[1]); put(paste0(k, "_pfs_cox_hr_upper"), ci[2])
  put(paste0(k, "_pfs_cox_p"), summary(f)$coefficients[1, 5])
}
# EGFR activating: the research note's rule is not written down. A mutation in the exons of the
# TKI-sensitising mutations, 18 (codons 688-728), 19 (729-761) and 21 (824-875) of NM_005228,
# exon 20 (T790M, the insertions) left out, gives its 16 mutant patients and 2/13 DCB.
egfr <- maf[maf$Hugo_Symbol == "EGFR", ]
codon <- as.numeric(sub("^p\\.[A-Z*]([0-9]+).*$", "\\1", egfr$HGVSp_Short))
act <- (codon >= 688 & codon <= 761) | (codon >= 824 & codon <= 875)
amut <- m$PATIENT_ID %in% egfr$PATIENT_ID[!is.na(act) & act]
put("rizvi2018_egfr_activating_mutant", sum(amut))
put("rizvi2018_egfr_activating_evaluable", sum(amut & m$evaluable))
put("rizvi2018_egfr_activating_dcb", sum(amut & m$dcb))

# ---- the DCB-vs-NDB Fisher screen with BH ----
genes <- sort(unique(maf$Hugo_Symbol))
mm <- sapply(genes, mutant)
screen_q <- function(keep, set) {
  p <- vapply(genes[keep], function(g) fisher_dcb(mm[, g])$p.value, 0)
  q <- p.adjust(p, "BH")
  for (g in names(p)) {
    put(sprintf("rizvi2018_screen_%s_%s_p", set, g), p[g]); put(sprintf("rizvi2018_screen_%s_%s_q", set, g), q[g])
  }
  q
}
# the note's 149 genes: mutant in at least 5 DCB-evaluable patients
q <- screen_q(colSums(mm[m$evaluable, ]) >= 5, "evaluable5")
put("rizvi2018_screen_evaluable5_genes", length(q)); put("rizvi2018_screen_evaluable5_min_q", min(q))
# stats screen --min-altered 5 counts the mutant patients among all 240
q <- screen_q(colSums(mm) >= 5, "all5")
put("rizvi2018_screen_all5_genes", length(q)); put("rizvi2018_screen_all5_min_q", min(q))

# ---- Chowell 2021 ----
ch <- file.path(sh, "cohorts/chowell_2021")
tr <- read.csv(file.path(ch, "chowell_training.csv")); te <- read.csv(file.path(ch, "chowell_test_msk.csv"))
put("chowell2021_training_n", nrow(tr)); put("chowell2021_training_responders", sum(tr$Response == 1))
put("chowell2021_test_n", nrow(te)); put("chowell2021_test_responders", sum(te$Response == 1))
te$high <- as.numeric(te$RF16_prob >= 0.5)
put("chowell2021_test_high_n", sum(te$high))
f <- coxph(Surv(OS_Months, OS_Event) ~ high, data = te, control = ctl)
ci <- exp(confint(f))
put("chowell2021_test_os_cox_hr", exp(coef(f)))
put("chowell2021_test_os_cox_hr_lower", ci[1]); put("chowell2021_test_os_cox_hr_upper", ci[2])
put("chowell2021_test_os_cox_p", summary(f)$coefficients[1, 5])
s <- survdiff(Surv(OS_Months, OS_Event) ~ high, data = te)
oev <- (s$obs[2] - s$exp[2]) / s$var[2, 2]
put("chowell2021_test_os_mh_hr", exp(oev))
put("chowell2021_test_os_mh_hr_lower", exp(oev - qnorm(0.975) / sqrt(s$var[2, 2])))
put("chowell2021_test_os_mh_hr_upper", exp(oev + qnorm(0.975) / sqrt(s$var[2, 2])))
put("chowell2021_test_os_logrank_p", pchisq(s$chisq, 1, lower.tail = FALSE))

names <- sort(ls(out))
vals <- vapply(names, function(k) sprintf("%.17g", get(k, envir = out)), "")
writeLines(c("# published_rizvi2018.R (R 4.2.2, survival 3.5.3, pROC) on ../shared/data/cohorts: name, value",
             paste(names, vals, sep = "\t")), "tests/data/stats/published_rizvi2018.tsv")
