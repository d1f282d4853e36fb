# cor_reference.R: the reference values of the correlation tests (src/stats/stats_cor.c,
# `oncoboard stats cor`; tests/unit/test_stats_cor.c), computed by R's cor.test.
#
#   Rscript tests/r/cor_reference.R      (from the repository root; base R only)
#
# Writes generated inputs (seed 20261129) to tests/data/stats/cor_data.csv (scenarios of up to
# 500 rows side by side, each column padded with NA after its own rows) and cor_boundary.csv
# (1291 untied pairs: Spearman's exact AS 89 p stops at n = 1290), the fixture of the CLI's
# golden tests to cor_cli.csv, and every value with 17 significant digits to
# tests/data/stats/cor_reference.tsv as name<TAB>value. Values are computed on the files read
# back, so that R and oncoboard see the same numbers. When ../shared/data/cohorts is there, the
# published correlations of research/cohorts.md section 2 (Rizvi 2018, Rizvi 2015) are added.
# R 4.2.2.
set.seed(20261129)
dir <- "tests/data/stats"
out <- new.env()
put <- function(name, value) assign(name, unname(as.numeric(value)), envir = out)
r6 <- function(v) round(v, 6)

# ---- generated scenarios ----
scen <- list()
add <- function(name, x, y) scen[[name]] <<- list(x = x, y = y)
x <- rnorm(7); add("small7", r6(x), r6(x + rnorm(7)))              # Spearman: every permutation
x <- rnorm(9); add("n9", r6(x), r6(0.5 * x + rnorm(9)))            # the last n enumerated
x <- rnorm(10); add("n10", r6(x), r6(0.5 * x + rnorm(10)))         # the first n on the Edgeworth series
x <- rnorm(30); add("med30", r6(x), r6(0.4 * x + rnorm(30)))       # Edgeworth; Kendall exact
x <- sample(0:8, 30, TRUE); add("ties30", x, round(x + 2 * rnorm(30)))  # ties: t and normal
x <- rnorm(40); add("neg40", r6(x), r6(-0.8 * x + 0.5 * rnorm(40)))    # negative, small p
x <- rnorm(25); add("strong25", r6(x), r6(x + 0.05 * rnorm(25)))   # p far below 1e-4
x <- rnorm(200); add("large200", r6(x), r6(0.15 * x + rnorm(200))) # Kendall normal without ties
x <- rpois(500, 3); add("ties500", x, rpois(500, 3 + 0.3 * x))     # heavy ties
add("n3", c(1.5, 2.25, 2), c(0.5, 3, 2.75))                        # Pearson: no interval
x <- rnorm(12); y <- r6(rnorm(12)); y[4] <- y[9]; add("yties12", r6(x), y)  # ties in y only
x <- 1:20; add("perfect20", x, 2 * x + 1)                          # r = 1: t infinite, p 0
longest <- max(vapply(scen, function(s) length(s$x), 0))
cols <- list()
for (nm in names(scen)) {
  pad <- function(v) c(v, rep(NA, longest - length(v)))
  cols[[paste0(nm, "_x")]] <- pad(scen[[nm]]$x); cols[[paste0(nm, "_y")]] <- pad(scen[[nm]]$y)
}
write.csv(as.data.frame(cols), file.path(dir, "cor_data.csv"), row.names = FALSE, quote = FALSE, na = "NA")
x <- rnorm(1291); y <- 0.05 * x + rnorm(1291)
write.csv(data.frame(x = r6(x), y = r6(y), y1290 = c(r6(y[1:1290]), NA)), file.path(dir, "cor_boundary.csv"),
          row.names = FALSE, quote = FALSE, na = "NA")

d <- read.csv(file.path(dir, "cor_data.csv"))
b <- read.csv(file.path(dir, "cor_boundary.csv"))
stopifnot(!anyDuplicated(b$x), !anyDuplicated(b$y))

# One cor.test, its values under name_method_alternative[_suffix].
record <- function(name, x, y, method, alt, suffix = "", ...) {
  t <- withCallingHandlers(cor.test(x, y, method = method, alternative = alt, ...),
                           warning = function(w) {
                             put(sprintf("%s_%s_%s%s_ties_warning", name, method, alt, suffix), 1)
                             invokeRestart("muffleWarning")
                           })
  k <- sprintf("%s_%s_%s%s", name, method, alt, suffix)
  put(paste0(k, "_estimate"), t$estimate); put(paste0(k, "_statistic"), t$statistic)
  put(paste0(k, "_p"), t$p.value); put(paste0(k, "_n"), sum(complete.cases(x, y)))
  if (!is.null(t$parameter)) put(paste0(k, "_df"), t$parameter)
  if (!is.null(t$conf.int)) { put(paste0(k, "_lower"), t$conf.int[1]); put(paste0(k, "_upper"), t$conf.int[2]) }
}
methods <- c("pearson", "spearman", "kendall")
alts <- c("two.sided", "less", "greater")
for (nm in names(scen)) for (m in methods) for (a in alts)
  record(nm, d[[paste0(nm, "_x")]], d[[paste0(nm, "_y")]], m, a)
record("med30", d$med30_x, d$med30_y, "pearson", "two.sided", "_conf90", conf.level = 0.9)
record("med30", d$med30_x, d$med30_y, "pearson", "less", "_conf90", conf.level = 0.9)
record("med30", d$med30_x, d$med30_y, "spearman", "two.sided", "_approx", exact = FALSE)
record("med30", d$med30_x, d$med30_y, "kendall", "two.sided", "_approx", exact = FALSE)
# Kendall's exact law forced past 50 pairs. R counts the orderings in doubles and divides by
# gamma(n + 1), which overflows past n = 170 (R's p is then NaN): the forced test is checked at
# n = 150, the first 150 rows of large200.
record("large150", d$large200_x[1:150], d$large200_y[1:150], "kendall", "two.sided", "_exact", exact = TRUE)
record("large150", d$large200_x[1:150], d$large200_y[1:150], "kendall", "greater", "_exact", exact = TRUE)
record("ties30", d$ties30_x, d$ties30_y, "kendall", "two.sided", "_approx", exact = FALSE)
record("ties30", d$ties30_x, d$ties30_y, "spearman", "two.sided", "_approx", exact = FALSE)
for (a in alts) {
  record("boundary1290", b$x, b$y1290, "spearman", a)   # n = 1290: AS 89 (Edgeworth)
  record("boundary1291", b$x, b$y, "spearman", a)       # n = 1291: Student's t
}
record("boundary1291", b$x, b$y, "pearson", "two.sided")
record("boundary1291", b$x, b$y, "kendall", "two.sided")

# ---- the CLI fixture: markers with missing values, a matrix with p.adjust ----
n <- 40
tmb <- round(rlnorm(n, 2, 0.7), 2)
pdl1 <- pmin(100, round(pmax(0, 20 + 1.5 * tmb + rnorm(n, 0, 25))))
neo <- round(tmb * 25 + rnorm(n, 0, 30))
age <- round(rnorm(n, 65, 9))
tmb[c(3, 17)] <- NA; pdl1[c(5, 6, 17, 30)] <- NA; neo[c(11)] <- NA
write.table(data.frame(patient = sprintf("P%02d", 1:n), tmb = tmb, pdl1 = pdl1, neoantigens = neo, age = age),
            file.path(dir, "cor_cli.tsv"), sep = "\t", row.names = FALSE, quote = FALSE, na = "NA")
cl <- read.delim(file.path(dir, "cor_cli.tsv"))
for (m in methods) record("cli_tmb_pdl1", cl$tmb, cl$pdl1, m, "two.sided")
record("cli_tmb_pdl1", cl$tmb, cl$pdl1, "spearman", "greater")
vars <- c("tmb", "pdl1", "neoantigens", "age")
pairs <- combn(vars, 2)
for (m in c("spearman", "pearson")) {
  ps <- apply(pairs, 2, function(v) suppressWarnings(cor.test(cl[[v[1]]], cl[[v[2]]], method = m))$p.value)
  adj <- p.adjust(ps, "BH")
  for (j in seq_len(ncol(pairs))) {
    k <- sprintf("cli_matrix_%s_%s_%s", m, pairs[1, j], pairs[2, j])
    t <- suppressWarnings(cor.test(cl[[pairs[1, j]]], cl[[pairs[2, j]]], method = m))
    put(paste0(k, "_estimate"), t$estimate); put(paste0(k, "_p"), t$p.value); put(paste0(k, "_p_bh"), adj[j])
    put(paste0(k, "_n"), sum(complete.cases(cl[[pairs[1, j]]], cl[[pairs[2, j]]])))
  }
}

# ---- the shared cohorts (research/cohorts.md section 2), when ../shared/data is there ----
sh <- "../shared/data/cohorts"
if (dir.exists(sh)) {
  # Rizvi 2018 (nsclc_pd1_msk_2018): TMB against PD-L1 on the 86 patients with a PD-L1 score.
  # cohorts.md's 0.174 (p = 0.109) is TMB_NONSYNONYMOUS; MUTATION_RATE (the TMB of the other
  # Rizvi 2018 results) gives 0.179 (p = 0.099). Published: r = 0.19, P = .08.
  pp <- read.delim(file.path(sh, "nsclc_pd1_msk_2018/data_clinical_patient.txt"))
  ss <- read.delim(file.path(sh, "nsclc_pd1_msk_2018/data_clinical_sample.txt"))
  m <- merge(pp, ss, by = "PATIENT_ID")
  for (col in c(tmb = "TMB_NONSYNONYMOUS", rate = "MUTATION_RATE")) {
    k <- names(which(c(tmb = "TMB_NONSYNONYMOUS", rate = "MUTATION_RATE") == col))
    record(paste0("rizvi2018_", k, "_pdl1"), m[[col]], m$PDL1_SCORE, "spearman", "two.sided")
    ev <- m[m$DURABLE_CLINICAL_BENEFIT %in% c("YES", "NO"), ]   # the 79 evaluable for benefit
    record(paste0("rizvi2018_", k, "_pdl1_evaluable"), ev[[col]], ev$PDL1_SCORE, "spearman", "two.sided")
  }
  # Rizvi 2015 (luad_mskcc_2015): nonsynonymous burden against neoantigens, 34 patients: 0.914
  # (published 0.91); the neoantigen column has one tie, so R's p is the t approximation.
  p <- read.delim(file.path(sh, "luad_mskcc_2015/data_clinical_patient.txt"))
  for (mm in methods)
    record("rizvi2015_burden_neoantigen", p$NONSYNONYMOUS_MUTATION_BURDEN, p$NEOANTIGEN_BURDEN, mm, "two.sided")
} else {
  cat("../shared/data/cohorts is absent: the cohort values are not written\n")
}

names <- sort(ls(out))
stopifnot(all(nchar(names) < 64))  # tests/unit/r_reference.h's longest name
vals <- vapply(names, function(k) sprintf("%.17g", get(k, envir = out)), "")
writeLines(c("# cor_reference.R (R 4.2.2, base R): name, value", paste(names, vals, sep = "\t")),
           file.path(dir, "cor_reference.tsv"))
cat(length(names), "values written\n")
