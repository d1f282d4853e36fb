# tests/r/survival_reference.R: the R reference values the survival statistics are checked against
# (tests/unit/test_stats_surv.c). Run from the repository root:
#
#     Rscript tests/r/survival_reference.R [SHARED_REFERENCE_DIR]
#
# (default ../shared/data/reference_survival; needs r-base-core and r-cran-survival, which
# scripts/install-deps.sh installs with ONCOBOARD_R=1). It writes
#   tests/data/stats/surv_ties.csv       generated data: heavy ties, strata, missing values (seed 20261129)
#   tests/data/stats/surv_golden.tsv     key<TAB>values (comma-separated, 17 significant digits, NA)
# Keys on the shared datasets start with "shared." and are skipped by the C test when the data
# is absent; the generated data's keys always run.
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
shared <- if (length(args) >= 1) args[1] else "../shared/data/reference_survival"
outdir <- "tests/data/stats"
golden <- file(file.path(outdir, "surv_golden.tsv"), "w")
fmt <- function(v) {
  v <- as.numeric(v)
  paste(ifelse(is.na(v), "NA", ifelse(is.infinite(v), ifelse(v > 0, "Inf", "-Inf"), sprintf("%.17g", v))),
        collapse = ",")
}
put <- function(key, v) cat(key, "\t", fmt(v), "\n", sep = "", file = golden)
cat("# R ", R.version$major, ".", R.version$minor, ", survival ", as.character(packageVersion("survival")),
    "; made by tests/r/survival_reference.R\n", sep = "", file = golden)

## ------------------------------------------------------------------ generated data
set.seed(20261129)
n <- 400
gen <- data.frame(
  time = sample(1:25, n, replace = TRUE),            # 25 distinct times: heavy ties
  status = rbinom(n, 1, 0.7),
  arm = sample(c("A", "B", "C"), n, replace = TRUE),
  centre = sample(c("north", "south"), n, replace = TRUE),
  x1 = round(rnorm(n), 2),
  x2 = rbinom(n, 1, 0.4),
  stage = sample(c("I", "II", "III"), n, replace = TRUE),
  stringsAsFactors = FALSE)
# a real effect so that the coefficients are not all near 0
gen$time <- pmax(1, gen$time - 4 * gen$x2 - 2 * (gen$stage == "III"))
gen$status[gen$time == 25] <- 0
# responders (for the landmark analysis): a response time for about a third
gen$resp_time <- ifelse(runif(n) < 0.35, sample(1:12, n, replace = TRUE), NA)
gen$resp_time[!is.na(gen$resp_time) & gen$resp_time > gen$time] <- NA
gen$x2b <- 2 * gen$x2                                # collinear with x2
# missing values
gen$x1[sample(n, 15)] <- NA
gen$stage[sample(n, 10)] <- NA
gen$arm[sample(n, 6)] <- NA
write.csv(gen, file.path(outdir, "surv_ties.csv"), row.names = FALSE, na = "NA", quote = FALSE)
gen <- read.csv(file.path(outdir, "surv_ties.csv"), stringsAsFactors = FALSE)

## ------------------------------------------------------------------ helpers
# eps 1e-12 as the issue asks; coxph.control warns that toler.chol (left at its default,
# .Machine$double.eps^0.75, as the C code's) is not below it: harmless here.
ctl <- suppressWarnings(coxph.control(eps = 1e-12, iter.max = 50))
km_keys <- function(prefix, time, status, group, times_at) {
  g <- if (is.null(group)) factor(rep("all", length(time))) else factor(group)
  ok <- !is.na(time) & !is.na(status) & !is.na(g)
  tau <- min(tapply(time[ok], g[ok], max))
  put(paste0(prefix, ".rmst_tau"), tau)
  for (lev in levels(g)) {
    m <- ok & g == lev
    for (ct in c("log", "log-log", "plain")) {
      f <- survfit(Surv(time[m], status[m]) ~ 1, conf.type = ct)
      k <- paste0(prefix, ".", lev, ".", ct)
      if (ct == "log") {
        put(paste0(k, ".n"), f$n)
        put(paste0(k, ".time"), f$time)
        put(paste0(k, ".n_risk"), f$n.risk)
        put(paste0(k, ".n_event"), f$n.event)
        put(paste0(k, ".surv"), f$surv)
        put(paste0(k, ".std_err"), f$std.err)
        s <- summary(f, times = times_at, extend = TRUE)
        put(paste0(k, ".at_times"), times_at)
        put(paste0(k, ".at_n_risk"), s$n.risk)
        put(paste0(k, ".at_surv"), s$surv)
        tab <- summary(f, rmean = tau)$table
        put(paste0(k, ".rmst"), tab[["rmean"]])
        put(paste0(k, ".rmst_se"), tab[["se(rmean)"]])
      }
      put(paste0(k, ".lower"), f$lower)
      put(paste0(k, ".upper"), f$upper)
      q <- quantile(f, 0.5)
      put(paste0(k, ".median"), c(q$quantile, q$lower, q$upper))
    }
  }
}

lr_keys <- function(prefix, formula, data, rho = 0) {
  s <- survdiff(formula, data = data, rho = rho)
  obs <- if (is.matrix(s$obs)) rowSums(s$obs) else s$obs
  ex <- if (is.matrix(s$exp)) rowSums(s$exp) else s$exp
  put(paste0(prefix, ".n"), s$n)
  put(paste0(prefix, ".chisq"), s$chisq)
  put(paste0(prefix, ".df"), length(s$n) - 1)
  put(paste0(prefix, ".p"), pchisq(s$chisq, sum(ex > 0) - 1, lower.tail = FALSE))
  put(paste0(prefix, ".observed"), obs)
  put(paste0(prefix, ".expected"), ex)
  put(paste0(prefix, ".var"), s$var)
  k <- length(obs)
  if (k == 2) { # Peto's hazard ratio of the second group (cohorts.md section 0, point 2)
    oe <- obs[2] - ex[2]; v <- s$var[2, 2]
    put(paste0(prefix, ".hr"), exp(c(oe / v, oe / v - qnorm(0.975) / sqrt(v), oe / v + qnorm(0.975) / sqrt(v))))
  } else { # the test for trend with scores 1..k
    sc <- seq_len(k)
    tr <- sum(sc * (obs - ex))^2 / drop(t(sc) %*% s$var %*% sc)
    put(paste0(prefix, ".trend"), c(tr, pchisq(tr, 1, lower.tail = FALSE)))
  }
}

cox_keys <- function(prefix, formula, data, ties, zph = TRUE) {
  # model/x/y kept so that cox.zph need not re-evaluate the call
  f <- coxph(formula, data = data, ties = ties, control = ctl, model = TRUE, x = TRUE, y = TRUE)
  s <- summary(f)
  cf <- coef(f)
  put(paste0(prefix, ".n"), c(f$n, f$nevent))
  put(paste0(prefix, ".coef"), cf)
  se <- rep(NA, length(cf)); se[!is.na(cf)] <- sqrt(diag(vcov(f))[!is.na(cf)])
  put(paste0(prefix, ".se"), se)
  put(paste0(prefix, ".z"), cf / se)
  put(paste0(prefix, ".p"), 2 * pnorm(-abs(cf / se)))
  put(paste0(prefix, ".hr_lower"), exp(cf - qnorm(0.975) * se))
  put(paste0(prefix, ".hr_upper"), exp(cf + qnorm(0.975) * se))
  put(paste0(prefix, ".loglik"), f$loglik)
  put(paste0(prefix, ".lrt"), s$logtest)
  put(paste0(prefix, ".wald"), c(f$wald.test, s$waldtest[2:3]))
  put(paste0(prefix, ".score"), s$sctest)
  put(paste0(prefix, ".concordance"), f$concordance[c("concordance", "std")])
  put(paste0(prefix, ".iter"), f$iter)
  if (zph) {
    z <- cox.zph(f)
    put(paste0(prefix, ".zph_chisq"), z$table[, "chisq"])
    put(paste0(prefix, ".zph_df"), z$table[, "df"])
    put(paste0(prefix, ".zph_p"), z$table[, "p"])
  }
}

## ------------------------------------------------------------------ generated data: values
km_keys("gen.km.all", gen$time, gen$status, NULL, c(0, 5, 10, 20, 30))
km_keys("gen.km.arm", gen$time, gen$status, gen$arm, c(0, 5, 10, 20, 30))
lr_keys("gen.lr.arm", Surv(time, status) ~ arm, gen)
lr_keys("gen.lr.arm_rho1", Surv(time, status) ~ arm, gen, rho = 1)
lr_keys("gen.lr.arm_strata", Surv(time, status) ~ arm + strata(centre), gen)
lr_keys("gen.lr.x2_strata_rho1", Surv(time, status) ~ x2 + strata(centre), gen, rho = 1)
lr_keys("gen.lr.x2", Surv(time, status) ~ x2, gen)
gen$stage_f <- relevel(factor(gen$stage), ref = "II")
for (ties in c("efron", "breslow")) {
  cox_keys(paste0("gen.cox.main.", ties), Surv(time, status) ~ x1 + x2 + stage_f + strata(centre), gen, ties)
  cox_keys(paste0("gen.cox.nostrata.", ties), Surv(time, status) ~ x1 + x2 + stage_f, gen, ties)
}
f <- coxph(Surv(time, status) ~ x1 + x2 + x2b, data = gen, control = ctl)
put("gen.cox.collinear.coef", coef(f))
put("gen.cox.collinear.loglik", f$loglik)
# separation: every event has x = 1 before any row with x = 0 ends, so the coefficient runs off to
# infinity; R warns "Loglik converged before variable 1" (reported, not compared number by number)
sep <- data.frame(time = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), status = c(1, 1, 1, 1, 0, 0, 0, 0, 0, 0),
                  x = c(1, 1, 1, 1, 1, 0, 0, 0, 0, 0))
write.csv(sep, file.path(outdir, "surv_separation.csv"), row.names = FALSE, quote = FALSE)
w <- NULL
f <- withCallingHandlers(coxph(Surv(time, status) ~ x, data = sep),
                         warning = function(m) { w <<- conditionMessage(m); invokeRestart("muffleWarning") })
cat("# separation: R warns: ", w, "\n", sep = "", file = golden)
put("gen.cox.separation.loglik", f$loglik)
# landmark at 6: rows with time >= 6, time from 6, responders by 6 against the rest
L <- 6
lm <- subset(gen, time >= L)
lm$t <- lm$time - L
lm$responder <- as.integer(!is.na(lm$resp_time) & lm$resp_time <= L)
put("gen.landmark.n", c(nrow(lm), sum(lm$responder)))
lr_keys("gen.landmark.lr", Surv(t, status) ~ responder, lm)
km_keys("gen.landmark.km", lm$t, lm$status, lm$responder, c(0, 5, 10))

## ------------------------------------------------------------------ shared reference datasets
if (dir.exists(shared)) {
  rd <- function(f, ...) read.csv(file.path(shared, f), stringsAsFactors = FALSE, ...)
  lung <- rd("lung.csv")
  veteran <- rd("veteran.csv")
  rossi <- rd("rossi.csv")
  leuk <- read.table(file.path(shared, "leukemia_anderson.csv"), header = TRUE)
  g3 <- rd("g3.csv")
  lymph <- rd("lymphoma.csv")
  km_keys("shared.km.lung.all", lung$time, lung$status, NULL, c(0, 100, 200, 300, 500, 1000))
  km_keys("shared.km.lung.sex", lung$time, lung$status, lung$sex, c(100, 200, 300, 500))
  km_keys("shared.km.veteran.trt", veteran$time, veteran$status, veteran$trt, c(30, 90, 180, 365))
  km_keys("shared.km.veteran.celltype", veteran$time, veteran$status, veteran$celltype, c(30, 90, 180))
  km_keys("shared.km.leukemia.Rx", leuk$t, leuk$status, leuk$Rx, c(5, 10, 20))
  lr_keys("shared.lr.lung.sex", Surv(time, status) ~ sex, lung)
  lr_keys("shared.lr.lung.sex_rho1", Surv(time, status) ~ sex, lung, rho = 1)
  lr_keys("shared.lr.veteran.trt", Surv(time, status) ~ trt, veteran)
  lr_keys("shared.lr.veteran.celltype", Surv(time, status) ~ celltype, veteran)
  lr_keys("shared.lr.veteran.celltype_strata", Surv(time, status) ~ celltype + strata(trt), veteran)
  lr_keys("shared.lr.leukemia.Rx", Surv(t, status) ~ Rx, leuk)
  lr_keys("shared.lr.leukemia.Rx_rho1", Surv(t, status) ~ Rx, leuk, rho = 1)
  lr_keys("shared.lr.g3.group", Surv(time, event == "True") ~ group, g3)
  lr_keys("shared.lr.lymphoma.stage", Surv(Time, Censor) ~ Stage_group, lymph)
  lr_keys("shared.lr.rossi.fin_strata", Surv(week, arrest) ~ fin + strata(race), rossi)
  veteran$celltype_f <- relevel(factor(veteran$celltype), ref = "squamous")
  for (ties in c("efron", "breslow")) {
    cox_keys(paste0("shared.cox.lung3.", ties), Surv(time, status) ~ age + sex + ph.ecog, lung, ties)
    cox_keys(paste0("shared.cox.lungsex.", ties), Surv(time, status) ~ sex, lung, ties)
    cox_keys(paste0("shared.cox.veteran.", ties),
             Surv(time, status) ~ trt + celltype_f + karno + diagtime + age + prior, veteran, ties)
    cox_keys(paste0("shared.cox.rossi.", ties),
             Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio, rossi, ties)
    cox_keys(paste0("shared.cox.rossi_strata.", ties),
             Surv(week, arrest) ~ fin + age + wexp + mar + paro + prio + strata(race), rossi, ties)
  }
}
close(golden)
