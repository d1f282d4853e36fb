# oncoboard: `make` builds ./oncoboard; `make test` runs every test; `make demo` shows the main job.
# Debian packages come from scripts/install-deps.sh, run by `make demo` and `make test` when one
# is missing. Every .c under src/ is built; the layers are folders (docs/ARCHITECTURE.md).

PKGS      := htslib jansson zlib yaml-0.1 nettle sqlite3 libpq gsl libmicrohttpd libargon2
CC        ?= cc
FUZZ_CC   ?= clang
WARN      := -Wall -Wextra -Werror -Wimplicit-fallthrough -Wvla -Wstrict-prototypes
STD       := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
CPPFLAGS  := -Iinclude -Isrc
OPT       ?= -O2 -g

LIB_SRC   := $(sort $(wildcard src/util/*.c src/model/*.c src/io/*.c src/kb/*.c src/classify/*.c src/report/*.c src/match/*.c src/store/*.c src/design/*.c src/stats/*.c src/plot/*.c src/app/*.c src/server/*.c))
LIB_ASM   := src/util/util_kbdata.S src/store/store_schemadata.S build/gen/web_assets.S
CLI_SRC   := $(sort $(wildcard src/cli/*.c))
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
KB_FILES  := $(sort $(wildcard kb/* kb/evidence/*))
SCHEMA_FILES := $(sort $(wildcard src/store/schema/*))
WEB_FILES := $(shell find web -type f ! -name '.*' 2>/dev/null | LC_ALL=C sort) docs/openapi.json

# Three builds of the same sources: release, sanitizers (ASan+UBSan) and fuzzing (clang).
REL_DIR   := build/rel
SAN_DIR   := build/san
FUZZ_DIR  := build/fuzz
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_FLAGS:= -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer

objs = $(patsubst %.c,$(1)/%.o,$(2)) $(patsubst %.S,$(1)/%.o,$(LIB_ASM))

.PHONY: all test demo demo-check deps unit golden fuzz clean redo-golden bench bench-match bench-design bench-registry bench-server bench-stats
all: oncoboard

oncoboard: $(call objs,$(REL_DIR),$(LIB_SRC) $(CLI_SRC))
	@printf '  LD      %s\n' $@
	@$(CC) $(OPT) -o $@ $^ $(PKG_LIBS)

$(REL_DIR)/liboncoboard.a: $(call objs,$(REL_DIR),$(LIB_SRC))
	@rm -f $@ && ar rcs $@ $^
$(SAN_DIR)/liboncoboard.a: $(call objs,$(SAN_DIR),$(LIB_SRC))
	@rm -f $@ && ar rcs $@ $^
$(FUZZ_DIR)/liboncoboard.a: $(call objs,$(FUZZ_DIR),$(LIB_SRC))
	@rm -f $@ && ar rcs $@ $^

$(REL_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@printf '  CC      %s\n' $@
	@$(CC) $(STD) $(WARN) $(OPT) $(CPPFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<
$(SAN_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@printf '  CC san  %s\n' $@
	@$(CC) $(STD) $(WARN) $(SAN_FLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<
$(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@printf '  CC fuzz %s\n' $@
	@$(FUZZ_CC) $(STD) $(WARN) $(FUZZ_FLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<
# The .S object is util_kbdata.o, which .incbin's the kb/ files: it is rebuilt when any of them
# changes. (One rule per build: a pattern rule with two targets would claim to make both at once.)
$(REL_DIR)/%.o: %.S $(KB_FILES) $(SCHEMA_FILES)
	@mkdir -p $(dir $@)
	@$(CC) -c -o $@ $<
$(SAN_DIR)/%.o: %.S $(KB_FILES) $(SCHEMA_FILES)
	@mkdir -p $(dir $@)
	@$(CC) -c -o $@ $<
$(FUZZ_DIR)/%.o: %.S $(KB_FILES) $(SCHEMA_FILES)
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) -c -o $@ $<

# The web interface and the OpenAPI document, built into the binary (server_static.c).
build/gen/web_assets.S: $(WEB_FILES) scripts/gen-web-assets.sh
	@mkdir -p $(@D)
	@sh scripts/gen-web-assets.sh > $@.tmp && mv $@.tmp $@

# The sanitizer build of the program, for the golden tests' sanitizer pass.
$(SAN_DIR)/oncoboard: $(call objs,$(SAN_DIR),$(LIB_SRC) $(CLI_SRC))
	@printf '  LD san  %s\n' $@
	@$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS)

# Unit tests: one program per tests/unit/test_*.c, release and sanitizer builds.
$(REL_DIR)/tests/%: $(REL_DIR)/tests/unit/%.o $(REL_DIR)/liboncoboard.a
	@printf '  LD      %s\n' $@
	@$(CC) $(OPT) -o $@ $^ $(PKG_LIBS)
$(SAN_DIR)/tests/%: $(SAN_DIR)/tests/unit/%.o $(SAN_DIR)/liboncoboard.a
	@printf '  LD san  %s\n' $@
	@$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS)
# Fuzz targets: one libFuzzer program per tests/fuzz/fuzz_*.c.
$(FUZZ_DIR)/bin/%: $(FUZZ_DIR)/tests/fuzz/%.o $(FUZZ_DIR)/liboncoboard.a
	@mkdir -p $(dir $@)
	@printf '  LD fuzz %s\n' $@
	@$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(PKG_LIBS)

UNIT_REL  := $(patsubst tests/unit/%.c,$(REL_DIR)/tests/%,$(UNIT_SRC))
UNIT_SAN  := $(patsubst tests/unit/%.c,$(SAN_DIR)/tests/%,$(UNIT_SRC))
FUZZ_BIN  := $(patsubst tests/fuzz/%.c,$(FUZZ_DIR)/bin/%,$(FUZZ_SRC))

deps:
	@sh scripts/install-deps.sh

test: deps
	@$(MAKE) --no-print-directory oncoboard $(SAN_DIR)/oncoboard $(UNIT_REL) $(UNIT_SAN) $(FUZZ_BIN)
	@sh tests/run.sh

# Regenerate golden outputs after a deliberate change (review the diff before committing).
redo-golden: oncoboard
	@sh tests/run.sh --redo-outputs --only golden

demo: deps
	@$(MAKE) --no-print-directory oncoboard
	@sh examples/demo.sh
	@sh examples/serve-demo.sh

# The demo without a person: the same registry and server on a free port, probed, then stopped.
demo-check: deps
	@$(MAKE) --no-print-directory oncoboard
	@sh examples/demo.sh >/dev/null
	@sh examples/serve-demo.sh --check

bench: oncoboard
	@sh bench/run.sh

# The matching benchmark (issue 4): the engine alone for one patient, and `oncoboard match` on a
# synthetic registry; figures in docs/benchmarks-match.md.
build/bench/match_one: bench/match_one.c $(REL_DIR)/liboncoboard.a
	@mkdir -p $(@D)
	@$(CC) $(STD) $(WARN) $(OPT) $(CPPFLAGS) $(PKG_CFLAGS) -o $@ $< $(REL_DIR)/liboncoboard.a $(PKG_LIBS) -pthread

bench-match: oncoboard build/bench/match_one
	@sh bench/match.sh

# The dose-finding benchmark (issue 8): simulations and the exact 3+3; docs/benchmarks-design.md.
bench-design: oncoboard
	@sh bench/design.sh

# The registry benchmark (issue 5): `db import` of 100,000 synthetic patients on SQLite (and
# PostgreSQL when a server is installed), and one patient fetched from a registry opened once;
# figures in docs/benchmarks-registry.md.
build/bench/registry_fetch: bench/registry_fetch.c $(REL_DIR)/liboncoboard.a
	@mkdir -p $(@D)
	@$(CC) $(STD) $(WARN) $(OPT) $(CPPFLAGS) $(PKG_CFLAGS) -o $@ $< $(REL_DIR)/liboncoboard.a $(PKG_LIBS) -pthread

bench-registry: oncoboard build/bench/registry_fetch
	@sh bench/registry.sh

# The server benchmark (issue 6): wrk against GET /api/v1/patients/{id}/report, 50 connections
# for 60 s, on a registry of 300 synthetic patients; figures in docs/benchmarks-server.md.
bench-server: oncoboard
	@sh bench/server.sh

# The statistics benchmark (issue 7): Cox (Efron, 5 covariates) and Kaplan-Meier plus log-rank
# on 1,000,000 rows against R's survival in the same run; figures in docs/benchmarks-stats.md.
build/bench/stats_fit: bench/stats_fit.c $(REL_DIR)/liboncoboard.a
	@mkdir -p $(@D)
	@$(CC) $(STD) $(WARN) $(OPT) $(CPPFLAGS) $(PKG_CFLAGS) -o $@ $< $(REL_DIR)/liboncoboard.a $(PKG_LIBS)

build/bench/stats_screen: bench/stats_screen.c $(REL_DIR)/liboncoboard.a
	@mkdir -p $(@D)
	@$(CC) $(STD) $(WARN) $(OPT) $(CPPFLAGS) $(PKG_CFLAGS) -o $@ $< $(REL_DIR)/liboncoboard.a $(PKG_LIBS)

bench-stats: oncoboard build/bench/stats_fit build/bench/stats_screen
	@sh bench/stats.sh

clean:
	rm -rf build oncoboard

-include $(shell find build -name '*.d' 2>/dev/null)
.SECONDARY:
