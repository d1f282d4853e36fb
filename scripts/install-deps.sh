#!/bin/sh
# Installs the Debian packages oncoboard needs to build and test, when one is missing.
# Runs as root, or through sudo. Called by `make demo` and `make test`; safe to run again.
set -eu

# Build: compiler, pkg-config and the libraries (docs/ARCHITECTURE.md says which does what).
# Test: clang and its runtime for libFuzzer and the sanitizers; bcftools for the benchmark peer,
# tabix (bgzip) for its inputs and time (/usr/bin/time) for its peak memory; headless Chromium
# and poppler for the HTML report's browser test (tests/browser/screenshot.sh). Chromium is
# large: ONCOBOARD_BROWSER=0 leaves it out, and the browser test then skips and says so.
# The cohort workflow (workflow/Snakefile, tests/workflow/run.sh): snakemake 7.21, which pulls in
# 81 packages, 26 MB to download but 683 MB installed on Debian 12 (python3-azure alone 540 MB):
# ONCOBOARD_SNAKEMAKE=0 leaves it out, and the workflow test then skips and says so.
# The registry: SQLite (libsqlite3-dev, and the sqlite3 shell for its crash tests) and
# PostgreSQL (libpq-dev, and the server, whose throwaway cluster the tests start). Statistics
# and dose finding: GSL (libgsl-dev) for distributions and linear algebra. The server:
# libmicrohttpd (HTTP, TLS through GnuTLS), libargon2 (password hashes), wrk (its load bench),
# curl (make demo's calls to the API, make demo-check's probes).
PACKAGES="build-essential pkg-config libhts-dev libjansson-dev libyaml-dev nettle-dev zlib1g-dev
libsqlite3-dev libpq-dev postgresql sqlite3 libgsl-dev libmicrohttpd-dev libargon2-dev wrk curl clang libclang-rt-14-dev bcftools tabix time"
if [ "${ONCOBOARD_BROWSER:-1}" = 1 ]; then PACKAGES="$PACKAGES chromium poppler-utils"; fi
if [ "${ONCOBOARD_SNAKEMAKE:-1}" = 1 ]; then PACKAGES="$PACKAGES snakemake"; fi
# R with the survival package regenerates the statistics' reference values (tests/r/*.R) and is
# the peer of make bench-stats (r-cran-rms: tests/r/bootstrap_rms_check.R compares the bootstrap
# with rms::validate); make test does not need it: only with ONCOBOARD_R=1.
if [ "${ONCOBOARD_R:-0}" = 1 ]; then PACKAGES="$PACKAGES r-base-core r-cran-survival r-cran-rms"; fi

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
