# report_reference.R: R's values for the figures and the report made from
# tests/data/stats/report_cohort.tsv (tests/golden/stats/plot_* and report_*), to check them by hand:
#   Rscript tests/r/report_reference.R
# R 4.2.2, survival 3.5.3, pROC (Debian's r-cran-proc).
suppressMessages({library(survival); library(pROC)})
d <- read.delim("tests/data/stats/report_cohort.tsv", comment.char = "#", na.strings = "NA")
fit <- survfit(Surv(time, status) ~ arm, data = d)
print(fit)
summary(fit, times = c(0, 200, 400, 600, 800, 1000))[c("strata", "time", "n.risk", "surv")] |> as.data.frame() |> print()
print(survdiff(Surv(time, status) ~ arm, data = d))
print(summary(coxph(Surv(time, status) ~ age + ecog + histology, data = d,
                    control = coxph.control(eps = 1e-12))))
r <- roc(d$response, d$tmb, levels = c("no", "yes"), direction = "<", quiet = TRUE)
cat("auc", auc(r), "\n"); print(ci.auc(r, method = "delong"))
print(coords(r, "best", best.method = "youden", ret = c("threshold", "sensitivity", "specificity")))
print(wilcox.test(d$tmb[d$response == "yes"], d$tmb[d$response == "no"]))
