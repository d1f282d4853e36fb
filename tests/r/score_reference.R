# score_reference.R: reference values for `oncoboard stats score` (src/stats/stats_score.c,
# tests/unit/test_stats_score.c): the LORIS scores computed here from the authors' published
# parameters by R's own arithmetic, and their ROC AUC with DeLong's interval by pROC, on the
# LORIS input sheets (research data cohorts/loris_chang_2024).
#
#   Rscript tests/r/score_reference.R      (from the repository root; needs ../shared/data)
#
# Writes tests/data/stats/score_reference.tsv (name, value with 17 digits). R 4.2.2 (Debian
# r-base-core) with r-cran-proc.
#
# The parameters below are typed from GitHub rootchang/LORIS, commit 37d286519644e585c376e5b34b1f81df5e8c7ed7,
# 03.Results/6features/{PanCancer/PanCancer,NSCLC/NSCLC}_LLR6_10k_ParamCalculate.txt (rows LLR_mean,
# LLR_scale, LLR_coef, LLR_intercept), independently of kb/response_models.tsv: the unit test
# compares the two. The score is 1 / (1 + exp(-S)), S = intercept + sum coef * (x - mean) / scale,
# with TMB, NLR and age capped at 50, 25 and 85 (the repository's code and README). A row lacking
# a feature or the response is left out, as the authors' evaluation drops it (dropna).
suppressPackageStartupMessages(library(pROC))
shared <- Sys.getenv("ONCOBOARD_SHARED_DATA", "../shared/data")
dir <- file.path(shared, "cohorts/loris_chang_2024")
if (!dir.exists(dir)) stop("needs ", dir)
out <- new.env()
put <- function(name, value) assign(name, unname(value), envir = out)

pan <- list(
  mean = c(9.716777081712063, 0.6628210116731518, 3.8107702853437098, 5.82983117769131, 61.77915035853618,
           0.06745136186770426, 0.012443579766536966, 0.02903527885862516, 0.02795875486381324,
           0.024916083009079118, 0.04457431906614786, 0.049724643320363165, 0.03736005188067444,
           0.15770298313878078, 0.020714267185473405, 0.34339195849546034, 0.023869130998702984,
           0.015531258106355384, 0.07579260700389104, 0.03426614785992218, 0.03526757457846952),
  scale = c(11.328696372559728, 0.47267618323799726, 0.45699569812950086, 4.847958197359801, 12.994999869678423,
            0.25066793709819596, 0.11054748845578428, 0.1677110056039683, 0.16464890797616266,
            0.15565787392121944, 0.2062091309105248, 0.21722406623668503, 0.1894718083462632,
            0.36437137892826155, 0.14219449861425992, 0.4747722428170672, 0.15242296273353362,
            0.12338008189643467, 0.26454400847695786, 0.18172867441932644, 0.1842765251016699),
  coef = c(0.4198017295808917, -0.41478186417656887, 0.2459757431269802, -0.15996409186850563, 0.06322956649386186,
           -0.08329195789821912, -0.036736738509569676, -0.01710908786788912, -0.0012984159329937448,
           0.08560524817323387, 0.04754705432804886, 0.01472418917464316, -0.02252969107302767,
           -0.0031179317348479486, 0.017846954071079307, 0.00039883935343466604, -0.007931195899710423,
           -0.1378043023555157, 0.14420482282484126, 0.009850666572118883, -0.0006014179522931981),
  intercept = -0.13163023239124944)
nsclc <- list(
  mean = c(8.676819729729731, 29.23700598455599, 0.6048841698841699, 3.761631776061776, 6.152950671814672,
           65.45816110596837),
  scale = c(7.612383290516353, 37.574508589212186, 0.48867776679617636, 0.3969056580046004, 4.7177421006815505,
            11.08141064972136),
  coef = c(0.269059262257017, 0.4157279520070111, -0.18326364633170864, 0.11606752689892312,
           -0.048717840673429914, 0.0003119333464327597),
  intercept = -0.11763992822809)
types <- c("Bladder", "Breast", "Colorectal", "Endometrial", "Esophageal", "Gastric", "Head & Neck",
           "Hepatobiliary", "Melanoma", "Mesothelioma", "NSCLC", "Ovarian", "Pancreatic", "Renal", "Sarcoma", "SCLC")

# The per-unit coefficients and intercept, which the README prints rounded to 4 decimals.
for (m in c("pan", "nsclc")) {
  p <- get(m)
  put(paste0(m, "_per_unit"), p$coef / p$scale)
  put(paste0(m, "_intercept_per_unit"), p$intercept - sum(p$coef * p$mean / p$scale))
}

features <- function(d, model) {
  x <- cbind(pmin(d$TMB, 50), if (model == "nsclc") d[["PDL1_TPS(%)"]], d$Systemic_therapy_history,
             d$Albumin, pmin(d$NLR, 25), pmin(d$Age, 85))
  if (model == "pan") x <- cbind(x, sapply(types, function(t) as.numeric(d$CancerType == t)))
  x
}
loris <- function(d, model) {
  p <- get(model)
  x <- features(d, model)
  z <- sweep(sweep(x, 2, p$mean), 2, p$scale, "/")
  s <- p$intercept + as.vector(z %*% p$coef)
  1 / (1 + exp(-s))
}
read_sheet <- function(name) read.delim(file.path(dir, paste0(name, ".tsv")), check.names = FALSE)

# MSK_nonICB: the sheet's own LORIS column (pan-cancer).
d <- read_sheet("MSK_nonICB")
s <- loris(d, "pan")
put("nonicb_n", nrow(d))
put("nonicb_max_abs_diff", max(abs(s - d$LORIS)))
for (i in c(1, 2, 841)) put(sprintf("nonicb_score_row%d", i), s[i])

# The AUC of response on each sheet: the NSCLC model on the NSCLC cohorts, the pan-cancer model on
# the pan-cancer ones.
sheets <- list(nsclc = c("Shim_NSCLC", "Vanguri_NSCLC", "Ravi_NSCLC"),
               pan = c("Chowell_train", "Chowell_test", "MSK1", "MSK2", "Kato_panCancer", "Pradat_panCancer"))
for (model in names(sheets)) for (sheet in sheets[[model]]) {
  d <- read_sheet(sheet)
  s <- loris(d, model)
  keep <- !is.na(s) & !is.na(d$Response)
  key <- paste(model, sheet, sep = "_")
  put(paste0(key, "_n"), nrow(d))
  put(paste0(key, "_n_scored"), sum(!is.na(s)))
  r <- roc(d$Response[keep], s[keep], levels = c(0, 1), direction = "<", quiet = TRUE)
  ci <- ci.auc(r, method = "delong", conf.level = 0.95)
  put(paste0(key, "_n_cases"), sum(d$Response[keep] == 1))
  put(paste0(key, "_n_controls"), sum(d$Response[keep] == 0))
  put(paste0(key, "_auc"), as.numeric(auc(r)))
  put(paste0(key, "_auc_se"), sqrt(var(r, method = "delong")))
  put(paste0(key, "_auc_lower"), ci[1])
  put(paste0(key, "_auc_upper"), ci[3])
  put(paste0(key, "_score_first"), s[which(!is.na(s))[1]])
}

# Vanguri's NLR column is twice its NLR_original wherever both are given: the authors' predictions
# (03.Results/NSCLCmodel_LLR6_Dataset4.csv) use NLR.
d <- read_sheet("Vanguri_NSCLC")
both <- !is.na(d$NLR) & !is.na(d$NLR_original)
put("vanguri_nlr_rows", sum(both))
put("vanguri_nlr_ratio_max_dev", max(abs(d$NLR[both] / d$NLR_original[both] - 2)))

names <- sort(ls(out))
con <- file("tests/data/stats/score_reference.tsv", "w")
writeLines(sprintf("# score_reference.R (%s; pROC %s): name, value", R.version.string, packageVersion("pROC")), con)
for (n in names) {
  v <- get(n, envir = out)
  if (length(v) == 1) writeLines(sprintf("%s\t%.17g", n, v), con)
  else for (i in seq_along(v)) writeLines(sprintf("%s_%d\t%.17g", n, i, v[i]), con)
}
close(con)
