#!/bin/sh
# tests/run.sh: runs every test `make test` built and ends with one line
#     N passed, N failed, N skipped
# Suites:
#   unit    tests/unit/test_*.c programs (release build), each line "ok|not ok|skip NAME"
#   golden  tests/golden/SUITE/NAME.cmd: the arguments of one oncoboard run; NAME.out is the
#           expected stdout, NAME.rc the expected exit status (default 0), NAME.err lines that
#           stderr must contain. In commands and outputs $SHARED stands for ../shared/data and
#           $T for tests/data. A test whose command uses $SHARED skips when it is absent.
#   san     the unit and golden tests again, built with ASan+UBSan
#   fuzz    each libFuzzer target for $FUZZ_SECONDS seconds (default 5) from its seed corpus
#   docs    docs/cli.md against the help texts
#   (unit, golden and san run against a throwaway PostgreSQL cluster too, tests/pg/cluster.sh,
#   or the database $ONCOBOARD_TEST_PG names; without PostgreSQL a skip line says why)
#   browser the golden HTML reports rendered by headless Chromium (tests/browser/screenshot.sh),
#           and the web interface walked end to end with playwright-core against `oncoboard serve`
#           (tests/browser/webui.sh, screenshots in build/browser/); skipped when /usr/bin/chromium
#           (or npm, for playwright-core) is absent
#   server  `oncoboard serve` as a process: HTTPS, SIGTERM, bad registries, make demo-check
#           (tests/server/run.sh)
#   workflow workflow/Snakefile run locally on a small cohort (tests/workflow/run.sh); skipped
#           when snakemake is not installed
# Options: --only SUITE (repeatable), --redo-outputs (rewrite golden .out/.rc files from the
# current program: review the diff before committing), -v (show failing outputs).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 3
SHARED=${ONCOBOARD_SHARED_DATA:-$(cd "$ROOT/.." && pwd)/shared/data}
export ONCOBOARD_SHARED_DATA="$SHARED"
T="$ROOT/tests/data"
FUZZ_SECONDS=${FUZZ_SECONDS:-5}
ONLY=""
REDO=0
VERBOSE=0
while [ $# -gt 0 ]; do
    case "$1" in
    --only) ONLY="$ONLY $2"; shift ;;
    --redo-outputs) REDO=1 ;;
    -v) VERBOSE=1 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

passed=0
failed=0
skipped=0
failures=""
TMP=$(mktemp -d)
PG_DIR=""
cleanup() {
    if [ -n "$PG_DIR" ]; then sh "$ROOT/tests/pg/cluster.sh" stop "$PG_DIR"; fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

wanted() { [ -z "$ONLY" ] || case " $ONLY " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); failures="$failures
  $1"; echo "FAIL $1" >&2; }
skip() { skipped=$((skipped + 1)); echo "skip $1" >&2; }

# unit: count the per-test lines each program prints.
run_unit() { # $1 build dir, $2 label
    for prog in "$1"/tests/test_*; do
        [ -x "$prog" ] || continue
        name=$(basename "$prog")
        "$prog" >"$TMP/unit.out" 2>"$TMP/unit.err"
        rc=$?
        while IFS= read -r line; do
            case "$line" in
            "ok "*) pass ;;
            "not ok "*) fail "$2/$name/${line#not ok }" ;;
            "skip "*) skip "$2/$name/${line#skip }" ;;
            esac
        done <"$TMP/unit.out"
        if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$TMP/unit.out"; then
            fail "$2/$name (exit status $rc)"
        fi
        # A failure's own words reach the log (CI keeps only what is printed), verbose or not.
        if grep -q '^not ok \|ERROR: AddressSanitizer\|runtime error' "$TMP/unit.out" "$TMP/unit.err"; then
            if [ $VERBOSE -eq 1 ]; then cat "$TMP/unit.err" >&2; else tail -20 "$TMP/unit.err" | sed "s|^|  $name: |" >&2; fi
        fi
    done
}

# golden: run one .cmd with the given binary, compare with the expected files.
run_golden_one() { # $1 binary, $2 cmd file, $3 label
    cmd=$2
    base=${cmd%.cmd}
    name="$3/${base#tests/golden/}"
    args=$(cat "$cmd")
    case "$args" in *'$SHARED'*)
        [ -d "$SHARED" ] || { skip "$name # needs $SHARED"; return; } ;;
    esac
    (cd "$ROOT" && SHARED="$SHARED" T="$T" eval "\"$1\" $args") >"$TMP/g.out" 2>"$TMP/g.err"
    rc=$?
    # Paths in outputs are written as the variables, so goldens do not depend on the machine.
    sed -e "s|$SHARED|\$SHARED|g" -e "s|$T|\$T|g" "$TMP/g.out" >"$TMP/g.norm"
    want_rc=0
    [ -f "$base.rc" ] && want_rc=$(cat "$base.rc")
    if [ $REDO -eq 1 ] && [ "$3" = golden ]; then
        cp "$TMP/g.norm" "$base.out"
        if [ $rc -ne 0 ]; then echo $rc >"$base.rc"; else rm -f "$base.rc"; fi
        pass
        return
    fi
    why=""
    [ "$rc" = "$want_rc" ] || why="exit status $rc, expected $want_rc"
    if [ -f "$base.out" ] && ! cmp -s "$TMP/g.norm" "$base.out"; then
        why="$why${why:+; }stdout differs"
        [ $VERBOSE -eq 1 ] && diff "$base.out" "$TMP/g.norm" | head -20 >&2
    fi
    if [ -f "$base.err" ]; then
        while IFS= read -r want; do
            grep -qF -- "$want" "$TMP/g.err" || why="$why${why:+; }stderr lacks \"$want\""
        done <"$base.err"
    fi
    if grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$TMP/g.err"; then
        why="$why${why:+; }sanitizer report"
        [ $VERBOSE -eq 1 ] && head -30 "$TMP/g.err" >&2
    fi
    if [ -n "$why" ]; then fail "$name ($why)"; else pass; fi
}

run_golden() { # $1 binary, $2 label
    for cmd in $(find tests/golden -name '*.cmd' | sort); do run_golden_one "$1" "$cmd" "$2"; done
}

run_fuzz() {
    for prog in build/fuzz/bin/fuzz_*; do
        [ -x "$prog" ] || continue
        name=$(basename "$prog")
        corpus="$TMP/corpus-$name"
        mkdir -p "$corpus"
        [ -d "tests/fuzz/corpus/$name" ] && cp -r "tests/fuzz/corpus/$name/." "$corpus/"
        dict=""
        [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
        if "$prog" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 $dict \
            "$corpus" >"$TMP/fuzz.log" 2>&1; then
            pass
        else
            fail "fuzz/$name (see the crash input in the log; rerun: $prog FILE)"
            tail -40 "$TMP/fuzz.log" >&2
        fi
    done
}

run_docs() {
    if sh scripts/gen-cli-doc.sh ./oncoboard >"$TMP/cli.md" 2>"$TMP/cli.err" && cmp -s "$TMP/cli.md" docs/cli.md; then
        pass
    else
        fail "docs/cli.md is not the help text of ./oncoboard (regenerate: sh scripts/gen-cli-doc.sh ./oncoboard > docs/cli.md)"
    fi
}

# browser and workflow: the scripts print "ok|not ok|skip NAME" lines, as the unit programs do.
run_lines() { # $1 script
    sh "$1" >"$TMP/lines.out" 2>&1
    while IFS= read -r line; do
        case "$line" in
        "ok "*) pass ;;
        "not ok "*) fail "${line#not ok }" ;;
        "skip "*) skip "${line#skip }" ;;
        *) [ $VERBOSE -eq 1 ] && echo "$line" >&2 ;;
        esac
    done <"$TMP/lines.out"
}

[ -d "$SHARED" ] || echo "note: $SHARED is absent: the tests that need it are skipped" >&2

# PostgreSQL: the registry tests run on both back ends. A throwaway cluster (tests/pg/cluster.sh)
# serves the unit and golden suites, unless $ONCOBOARD_TEST_PG already names a database to use.
start_pg() {
    if [ -n "${ONCOBOARD_TEST_PG:-}" ]; then
        echo "note: PostgreSQL tests use \$ONCOBOARD_TEST_PG" >&2
    elif ! sh tests/pg/cluster.sh bin >/dev/null 2>&1; then
        skip "postgresql # no server in /usr/lib/postgresql/*/bin: the PostgreSQL tests skip (install postgresql)"
    else
        # Its own folder, not under $TMP: the server may run as another account (root's case).
        PG_DIR=$(mktemp -d)
        if url=$(sh tests/pg/cluster.sh start "$PG_DIR" 2>"$TMP/pg.err"); then
            export ONCOBOARD_TEST_PG="$url"
            export ONCOBOARD_TEST_PG_DIR="$PG_DIR" # ours to crash (test_db_pg's crash test)
        else
            fail "postgresql: the test cluster did not start: $(tail -3 "$TMP/pg.err" | tr '\n' ' ')"
        fi
    fi
}
if wanted unit || wanted golden || wanted san || wanted workflow; then start_pg; fi
wanted unit && run_unit build/rel unit
wanted golden && run_golden "$ROOT/oncoboard" golden
if wanted san && [ $REDO -eq 0 ]; then
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
    export UBSAN_OPTIONS=print_stacktrace=1
    run_unit build/san san
    [ -x build/san/oncoboard ] && run_golden "$ROOT/build/san/oncoboard" san
fi
wanted fuzz && [ $REDO -eq 0 ] && run_fuzz
wanted docs && [ $REDO -eq 0 ] && run_docs
wanted browser && [ $REDO -eq 0 ] && run_lines tests/browser/screenshot.sh
wanted browser && [ $REDO -eq 0 ] && run_lines tests/browser/webui.sh
wanted server && [ $REDO -eq 0 ] && run_lines tests/server/run.sh
wanted workflow && [ $REDO -eq 0 ] && run_lines tests/workflow/run.sh

[ -n "$failures" ] && printf 'Failed:%s\n' "$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
