# Makefile - build and test ormext, a SQLite loadable extension.
#
#   make                 build ormext.so from ext/*.c
#   make test            run every test/*.test, each in its own tclsh
#   make test T=test/harness.test    run one file (or several)
#   make test-asan       the same suite against ormext-asan.so, with the
#                        ASan and UBSan runtimes preloaded into tclsh
#   make test-sqlite-current
#                        the same suite on a current SQLite (3.53.2, from
#                        npm's better-sqlite3) instead of the system's
#                        (Debian's 3.40.1); see SQLITE_CURRENT_PKG below
#   make bench-native    SQLite 3.53's native ALTERs vs a table rebuild
#                        (bench/native.py), not part of make test
#   make bench-progress  what orm_config('progress') costs a rebuild
#                        (bench/progress.py), not part of make test
#   make bench-split     cutting a long hand-written script into
#                        statements (bench/split.py), not part of make test
#   make build/unit      build the C unit test (test/unit.test runs it)
#   make build/syscallfail.so
#                        the system-call failure interposer that
#                        test/syscallfail.test preloads
#   make test-dqlite     migrations on a real three-node dqlite cluster,
#                        its leader killed mid-migration (about 90 s)
#   make fuzz            build build/fuzz (libFuzzer, clang) and run it for
#                        FUZZ_TIME seconds (default 300) on declaration
#                        text, migration files and hostile bookkeeping rows
#                        (test/fuzz/fuzz.c); findings go to build/fuzz-out
#   make soak            the long runs: a 200,000-row rebuild killed at 120
#                        moments (test/crash.test), then every allocation,
#                        file write, sync, truncate and size check failing
#                        (build/fault-asan, all points; see test/fault.c)
#   make coverage        the suite against gcov builds (the extension, the
#                        unit test and the fault driver), then line and
#                        branch coverage per file (test/coverage.sh)
#   make demo            run sql/demo.sql through the sqlite3 shell on a
#                        new temporary database (DEMO=file to pick another)
#   make install         install so that `.load ormext` works without a path
#   make installcheck    check that it does
#   make uninstall       undo make install
#   make clean           remove everything built
#
# The extension is loadable: it is built against <sqlite3ext.h> and linked
# with nothing from SQLite, which the host process provides.

CC       = gcc
CFLAGS   = -g -O2
WARN     = -Wall -Wextra -Werror
# -DORM_DEBUG: every ORM_ALWAYS()/ORM_NEVER() asserts its expected value
# (ext/ormext.h), so that make test-asan fails if one is ever wrong.
ASANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all -g -O1 -DORM_DEBUG
LDLIBS   = -lm
TCLSH    = tclsh
SQLITE3  = sqlite3
PREFIX   = /usr/local
LIBDIR   = $(PREFIX)/lib
DEMO     = sql/demo.sql
T        =

SRC      := $(sort $(wildcard ext/*.c))
HDR      := $(wildcard ext/*.h)
OBJ      := $(SRC:ext/%.c=build/rel/%.o)
ASAN_OBJ := $(SRC:ext/%.c=build/asan/%.o)

# Runtimes of gcc's sanitizers, preloaded into tclsh (and so inherited by
# every process it starts) because tclsh itself is not instrumented.
ASAN_RT  = $(shell $(CC) -print-file-name=libasan.so)
UBSAN_RT = $(shell $(CC) -print-file-name=libubsan.so)

.PHONY: all fuzz test test-asan test-sqlite-current sqlite-current prereq demo \
        install installcheck uninstall clean

all: ormext.so

#-------------------------------------------------------------------------
# Build.  Each object depends on every header, which is cheap and never
# wrong.  The soname lets ldconfig index the installed copy (see install).

ormext.so: $(OBJ)
	@test -n "$(OBJ)" || { echo "no sources: ext/*.c is empty"; exit 1; }
	$(CC) $(CFLAGS) -fPIC -shared $(WARN) -Wl,-soname,ormext.so \
	  -o $@ $(OBJ) $(LDLIBS)

ormext-asan.so: $(ASAN_OBJ)
	@test -n "$(ASAN_OBJ)" || { echo "no sources: ext/*.c is empty"; exit 1; }
	$(CC) $(ASANFLAGS) -fPIC -shared $(WARN) -o $@ $(ASAN_OBJ) $(LDLIBS)

build/rel/%.o: ext/%.c $(HDR) Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC $(WARN) -c -o $@ $<

build/asan/%.o: ext/%.c $(HDR) Makefile
	@mkdir -p $(@D)
	$(CC) $(ASANFLAGS) -fPIC $(WARN) -c -o $@ $<

# The C unit test of the normaliser and the differ.  -DSQLITE_CORE makes
# sqlite3ext.h call libsqlite3 directly, so it is linked with -lsqlite3.
# test/unit.test runs build/unit, or build/unit-asan under test-asan.
UNIT_SRC := test/unit.c ext/norm.c ext/hash.c ext/diff.c ext/util.c \
            ext/schema.c ext/introspect.c ext/shape.c ext/guard.c ext/graph.c

build/unit: $(UNIT_SRC) $(HDR) Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -DSQLITE_CORE -Iext -o $@ $(UNIT_SRC) \
	  -lsqlite3 $(LDLIBS)

build/unit-asan: $(UNIT_SRC) $(HDR) Makefile
	@mkdir -p $(@D)
	$(CC) $(ASANFLAGS) $(WARN) -DSQLITE_CORE -Iext -o $@ $(UNIT_SRC) \
	  -lsqlite3 $(LDLIBS)

# The fault-injection driver (test/fault.c): every call of the extension
# run with the Nth allocation or file operation failing.  Linked with the
# extension's objects and libsqlite3 as build/unit is (the allocator must
# be installed before libsqlite3 initialises; see the file's header).
# test/fault.test runs a quick version, make soak the full loops.
FAULT_SRC := test/fault.c $(SRC)

build/fault: $(FAULT_SRC) $(HDR) Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -DSQLITE_CORE -Iext -o $@ $(FAULT_SRC) \
	  -lsqlite3 $(LDLIBS)

build/fault-asan: $(FAULT_SRC) $(HDR) Makefile
	@mkdir -p $(@D)
	$(CC) $(ASANFLAGS) $(WARN) -DSQLITE_CORE -Iext -o $@ $(FAULT_SRC) \
	  -lsqlite3 $(LDLIBS)

# The system-call failure interposer (test/syscallfail.c): preloaded into
# the sqlite3 shell by test/syscallfail.test to make one open, read,
# write, close, fstat, lstat, fsync, syncfs, rename, realpath or readdir
# of orm_export/orm_import fail.  Not instrumented under any target.
build/syscallfail.so: test/syscallfail.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC -shared $(WARN) -o $@ test/syscallfail.c -ldl

#-------------------------------------------------------------------------
# Tests.  test/prereq.sh installs what is missing when run as root with
# apt-get, and otherwise names the command to run; for the bindings of
# test/bindings.test (Go, Ruby, PHP, Node's better-sqlite3 into build/node
# with npm) it never stops the build: a binding it cannot install is
# skipped by the test with the reason.  ORMEXT_LIB tells the
# tests which library to load, ORMEXT_PYTHON which python to run.

prereq:
	@sh test/prereq.sh tcl
	@sh test/prereq.sh shell
	@sh test/prereq.sh bindings

# The libFuzzer harness (test/fuzz/fuzz.c), built with clang as root
# installs it: apt-get install -y clang libclang-rt-14-dev.  Seeds: the
# committed test/fuzz/seed/ and what test/fuzz/seeds.tcl takes from the
# suite.  New inputs go to build/fuzz-corpus, crashes to build/fuzz-out.
FUZZ_CC   = clang
FUZZ_TIME = 300
FUZZ_ARGS =
build/fuzz: test/fuzz/fuzz.c $(SRC) $(HDR) Makefile
	@mkdir -p $(@D)
	@command -v $(FUZZ_CC) >/dev/null && \
	  test -n "$$($(FUZZ_CC) -print-file-name=libclang_rt.fuzzer-x86_64.a \
	    | grep /)" || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y clang libclang-rt-14-dev; \
	  else \
	    echo "make fuzz needs clang with libFuzzer: apt-get install -y"\
	         "clang libclang-rt-14-dev"; exit 1; \
	  fi; }
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=undefined $(WARN) -DORM_DEBUG -DSQLITE_CORE \
	  -Iext -o $@ \
	  test/fuzz/fuzz.c $(SRC) -lsqlite3 $(LDLIBS) -lpthread

fuzz: build/fuzz
	@mkdir -p build/fuzz-corpus build/fuzz-out
	$(TCLSH) test/fuzz/seeds.tcl build/fuzz-seed
	cd build/fuzz-out && ../fuzz -max_total_time=$(FUZZ_TIME) -timeout=30 \
	  -rss_limit_mb=2048 -print_final_stats=1 $(FUZZ_ARGS) \
	  ../fuzz-corpus ../fuzz-seed ../../test/fuzz/seed

test: ormext.so build/unit build/fault build/syscallfail.so prereq
	@py=$$(sh test/prereq.sh python) && \
	ORMEXT_PYTHON="$$py" ORMEXT_LIB="$(CURDIR)/ormext.so" \
	  $(TCLSH) test/all.tcl $(T)

# abort_on_error turns any report into SIGABRT, which the runner counts as
# a failure of the file even after its last test passed.  ORMEXT_ASAN=1
# makes every test file check that libasan really is mapped.  The library
# itself is preloaded too, so that it stays mapped after sqlite3_close()
# unloads it and the leak report at exit can name its functions; the slow
# unwinder is needed to get from SQLite's malloc back into ormext.  No
# LeakSanitizer suppressions: tclsh and the sqlite3 shell leak nothing.
ASANOPTS = detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0
test-asan: ormext-asan.so build/unit-asan build/fault-asan build/syscallfail.so prereq
	@for rt in "$(ASAN_RT)" "$(UBSAN_RT)"; do \
	  case "$$rt" in /*) test -f "$$rt" && continue;; esac; \
	  echo "sanitizer runtime $$rt not found: install gcc's libasan and libubsan"; \
	  exit 1; \
	done
	@py=$$(sh test/prereq.sh python) && \
	LD_PRELOAD="$(ASAN_RT) $(UBSAN_RT) $(CURDIR)/ormext-asan.so" \
	ASAN_OPTIONS=$(ASANOPTS) \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ORMEXT_ASAN=1 ORMEXT_PYTHON="$$py" \
	ORMEXT_LIB="$(CURDIR)/ormext-asan.so" \
	  $(TCLSH) test/all.tcl $(T)

#-------------------------------------------------------------------------
# The second SQLite: `make test-sqlite-current` runs the whole suite on a
# current SQLite instead of the system's.  The library is the amalgamation
# that npm's better-sqlite3 bundles (what Node users run), built as
# libsqlite3.so.0 with the compile options of Debian's libsqlite3-0 and
# put first on LD_LIBRARY_PATH, so that Debian's Tcl package, python3's
# sqlite3 module and the unit and fault drivers all run on it.  Debian's
# sqlite3 shell refuses a library other than its own, so a shell is built
# from the shell.c of the same release series (3.53.4's, from npm's
# @appthreat/sqlite3, the only 3.53 shell.c on the npm registry), compiled
# against the 3.53.2 header and library.  ORMEXT_EXPECT_SQLITE, read from
# that header, makes every test file (tester.tcl) and test/version.test
# check that the SQLite they run on really is that version.
#
# The versions are pinned here and only here; the downloads are cached in
# build/sqlite-current (make clean removes them).

SQLITE_CURRENT_PKG   = better-sqlite3@12.11.1
SQLITE_SHELL_PKG     = @appthreat/sqlite3@9.0.2
SQLITE_CURRENT_OPTS  = -DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_COLUMN_METADATA \
  -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS \
  -DSQLITE_ENABLE_FTS3_TOKENIZER -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 \
  -DSQLITE_ENABLE_RTREE -DSQLITE_SOUNDEX -DSQLITE_ENABLE_UNLOCK_NOTIFY \
  -DSQLITE_OMIT_LOOKASIDE -DSQLITE_ENABLE_DBSTAT_VTAB \
  -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT -DSQLITE_ENABLE_LOAD_EXTENSION \
  -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_LIKE_DOESNT_MATCH_BLOBS \
  -DSQLITE_THREADSAFE=1 -DSQLITE_USE_URI=1 -DSQLITE_MAX_SCHEMA_RETRY=25 \
  -DSQLITE_ENABLE_PREUPDATE_HOOK -DSQLITE_ENABLE_SESSION \
  -DSQLITE_ENABLE_STMTVTAB -DSQLITE_MAX_VARIABLE_NUMBER=250000 \
  -DSQLITE_DEFAULT_RECURSIVE_TRIGGERS -DSQLITE_TEMP_STORE=1 \
  -DSQLITE_MALLOC_SOFT_LIMIT=1024 -DSQLITE_DEFAULT_FILE_FORMAT=4 \
  -DSQLITE_MAX_EXPR_DEPTH=1000 -DSQLITE_ENABLE_DESERIALIZE
SQLC = build/sqlite-current

sqlite-current: $(SQLC)/lib/libsqlite3.so.0 $(SQLC)/sqlite3 $(SQLC)/old/libsqlite3.so.0

# An SQLite older than ormext's minimum (3.37.0, README), for
# test/version.test 2.*: loading ormext on it must fail clearly.
# better-sqlite3 7.1.5 bundles 3.35.2 as deps/sqlite3.tar.gz.
SQLITE_OLD_PKG = better-sqlite3@7.1.5
$(SQLC)/old/libsqlite3.so.0:
	rm -rf $(SQLC)/old-pkg && mkdir -p $(SQLC)/old-pkg $(@D)
	cd $(SQLC)/old-pkg && npm pack --silent $(SQLITE_OLD_PKG) >/dev/null
	tar -xzf $(SQLC)/old-pkg/*.tgz -C $(SQLC)/old-pkg package/deps/sqlite3.tar.gz
	mkdir -p $(SQLC)/old-pkg/src
	tar -xzf $(SQLC)/old-pkg/package/deps/sqlite3.tar.gz -C $(SQLC)/old-pkg/src
	$(CC) -O1 -fPIC -shared -DSQLITE_ENABLE_LOAD_EXTENSION \
	  -DSQLITE_ENABLE_DESERIALIZE -I$(SQLC)/old-pkg/src \
	  -Wl,-soname,libsqlite3.so.0 -o $@ $(SQLC)/old-pkg/src/sqlite3.c \
	  -lpthread -lm -ldl

# npm pack PKG@VERSION into DIR, unpacked there (a package's tarball
# always unpacks into package/).  Only the files named are kept.
$(SQLC)/src/sqlite3.c:
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get install -y npm >/dev/null; \
	  else \
	    echo "make test-sqlite-current needs npm: run 'sudo apt-get install npm'"; \
	    exit 1; \
	  fi; }
	rm -rf $(SQLC)/lib-pkg && mkdir -p $(SQLC)/lib-pkg $(SQLC)/src
	cd $(SQLC)/lib-pkg && npm pack --silent $(SQLITE_CURRENT_PKG) >/dev/null
	tar -xzf $(SQLC)/lib-pkg/*.tgz -C $(SQLC)/lib-pkg \
	  package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h \
	  package/deps/sqlite3/sqlite3ext.h
	cp $(SQLC)/lib-pkg/package/deps/sqlite3/sqlite3.h \
	  $(SQLC)/lib-pkg/package/deps/sqlite3/sqlite3ext.h $(SQLC)/src/
	cp $(SQLC)/lib-pkg/package/deps/sqlite3/sqlite3.c $(SQLC)/src/

$(SQLC)/src/shell.c:
	rm -rf $(SQLC)/shell-pkg && mkdir -p $(SQLC)/shell-pkg $(SQLC)/src
	cd $(SQLC)/shell-pkg && npm pack --silent $(SQLITE_SHELL_PKG) >/dev/null
	tar -xzf $(SQLC)/shell-pkg/*.tgz -C $(SQLC)/shell-pkg --wildcards \
	  'package/deps/sqlite-amalgamation-*/shell.c'
	cp $(SQLC)/shell-pkg/package/deps/sqlite-amalgamation-*/shell.c $@

$(SQLC)/lib/libsqlite3.so.0: $(SQLC)/src/sqlite3.c
	@mkdir -p $(@D)
	$(CC) -O2 -fPIC -shared $(SQLITE_CURRENT_OPTS) -I$(SQLC)/src \
	  -Wl,-soname,libsqlite3.so.0 -o $@ $(SQLC)/src/sqlite3.c -lpthread -lm -ldl

# The header of the library, so that the shell's check of SQLITE_SOURCE_ID
# against sqlite3_sourceid() holds; rpath so that it never runs on another.
$(SQLC)/sqlite3: $(SQLC)/src/shell.c $(SQLC)/lib/libsqlite3.so.0
	$(CC) -O2 -I$(SQLC)/src -o $@ $(SQLC)/src/shell.c \
	  -L$(SQLC)/lib -l:libsqlite3.so.0 -Wl,-rpath,$(CURDIR)/$(SQLC)/lib -lm

test-sqlite-current: ormext.so build/unit build/fault build/syscallfail.so prereq sqlite-current
	@v=$$(sed -n 's/^#define SQLITE_VERSION  *"\(.*\)"$$/\1/p' $(SQLC)/src/sqlite3.h) && \
	test -n "$$v" && echo "SQLite $$v from $(SQLITE_CURRENT_PKG)" && \
	py=$$(sh test/prereq.sh python) && \
	LD_LIBRARY_PATH="$(CURDIR)/$(SQLC)/lib" ORMEXT_EXPECT_SQLITE="$$v" \
	ORMEXT_OLD_SQLITE_LIB="$(CURDIR)/$(SQLC)/old" \
	ORMEXT_SQLITE3="$(CURDIR)/$(SQLC)/sqlite3" \
	ORMEXT_PYTHON="$$py" ORMEXT_LIB="$(CURDIR)/ormext.so" \
	  $(TCLSH) test/all.tcl $(T)

#-------------------------------------------------------------------------
# Demo: a new database each time, the shell started here so that the
# script's `.load ./ormext` finds the library just built.

demo: ormext.so
	@sh test/prereq.sh shell
	@d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT && \
	$(SQLITE3) -bail -echo "$$d/demo.db" < $(DEMO)

#-------------------------------------------------------------------------
# Install.  `.load ormext` makes SQLite dlopen("ormext.so"), which finds a
# bare name only through ld.so.cache or in /lib and /usr/lib.  ldconfig
# indexes only files named lib*.so*, under their soname: so we install
# ormext.so plus a libormext.so link, and the soname ormext.so becomes the
# cache key that dlopen looks up.  LIBDIR must be listed in ld.so.conf.

install: ormext.so
	install -d "$(DESTDIR)$(LIBDIR)"
	install -m 0755 ormext.so "$(DESTDIR)$(LIBDIR)/ormext.so"
	ln -sf ormext.so "$(DESTDIR)$(LIBDIR)/libormext.so"
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	  echo ldconfig; ldconfig; \
	elif [ -z "$(DESTDIR)" ]; then \
	  echo "not root: run 'sudo ldconfig' so that .load ormext finds it"; \
	fi

installcheck:
	@out=$$(cd / && echo 'SELECT 1;' | \
	  $(SQLITE3) -bail -cmd '.load ormext' :memory: 2>&1); \
	if [ "$$out" = 1 ]; then \
	  echo "installcheck: .load ormext works"; \
	else \
	  echo "installcheck: .load ormext failed: $$out"; exit 1; \
	fi

uninstall:
	rm -f "$(DESTDIR)$(LIBDIR)/libormext.so" "$(DESTDIR)$(LIBDIR)/ormext.so"
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	  echo ldconfig; ldconfig; \
	fi

clean:
	rm -rf build test/tmp ormext.so ormext-asan.so ormext-cov.so

#-------------------------------------------------------------------------
# Benchmarks, not tests: bench/bench.py (its header says what each one
# measures, against what, and its target).  ROUNDS=N sets the number of
# A/B rounds (default 15), BENCH=1,4 runs only some of them.  Runs with
# Debian's python3, as Alembic is measured from Debian's python3-alembic.

.PHONY: bench
bench: ormext.so
	@test -x /usr/bin/python3 || { \
	  echo "make bench needs Debian's python3: apt-get install python3"; \
	  exit 1; }
	CC="$(CC)" ORMEXT_LIB="$(CURDIR)/ormext.so" /usr/bin/python3 bench/bench.py

# Long histories (bench/history.py): each call at 10, 1,000 and 10,000
# revisions as a whole sqlite3 process, and callgrind's 10,000/1,000 ratio.
.PHONY: bench-history
bench-history: ormext.so
	ORMEXT_LIB="$(CURDIR)/ormext.so" /usr/bin/python3 bench/history.py

# What orm_config('progress') costs (bench/progress.py): orm_upgrade() of a
# 1,000,000-row rebuild with progress off, to a file and to stderr, side by
# side, and the instructions of each (callgrind).  ROWS=N, ROUNDS=N.
.PHONY: bench-progress
bench-progress: ormext.so
	CC="$(CC)" ORMEXT_LIB="$(CURDIR)/ormext.so" /usr/bin/python3 bench/progress.py

# Cutting a script into statements (bench/split.py): INSERT INTO
# orm_migrations of one trigger of 1,000, 4,000 and 16,000 statements.
# N="..." sets the sizes, ROUNDS=N the rounds.
.PHONY: bench-split
bench-split: ormext.so
	ORMEXT_LIB="$(CURDIR)/ormext.so" /usr/bin/python3 bench/split.py

# SQLite 3.53's native ALTERs (bench/native.py): adding NOT NULL and a
# CHECK to a 1,000,000-row table natively vs by rebuild, on the 3.53
# library make sqlite-current builds (python3's sqlite3 runs on it through
# LD_LIBRARY_PATH, as in make test-sqlite-current).  ROWS=N, ROUNDS=N.
.PHONY: bench-native
bench-native: ormext.so sqlite-current
	LD_LIBRARY_PATH="$(CURDIR)/$(SQLC)/lib" ORMEXT_LIB="$(CURDIR)/ormext.so" \
	  /usr/bin/python3 bench/native.py

#-------------------------------------------------------------------------
# Schema fuzzing: test/random.test with many more random (before, after)
# schema pairs than the 300 that make test runs.  FUZZ_PAIRS=N sets how
# many; ORMEXT_SEED=N repeats a run (the seed is printed at its start and
# with every failing pair).

FUZZ_PAIRS = 5000
.PHONY: fuzz-schema
fuzz-schema: ormext.so prereq
	@ORMEXT_SEED=$${ORMEXT_SEED:-$$(($$(date +%s%N) / 1000000 % 1000000000))} \
	ORMEXT_FUZZ_PAIRS=$(FUZZ_PAIRS) ORMEXT_TIMEOUT=7200 \
	ORMEXT_LIB="$(CURDIR)/ormext.so" \
	  $(TCLSH) test/all.tcl test/random.test

#-------------------------------------------------------------------------
# Soak: the long runs.  First test/crash.test at full size (a 200,000-row
# rebuild killed at 30 seeded moments per journal mode and direction;
# SOAK_CRASH_SEED picks other moments), test/writers.test with 200 rounds
# per writer.  Then build/fault-asan with every
# fault point of every kind (test/fault.test runs about 20 points a loop);
# the log goes to build/soak-fault.log.  SOAK_FAULT_ARGS adds driver
# options (e.g. -kind malloc -call migrate).  The fast unwinder: the driver
# and the extension are linked into one program built with frame pointers.

SOAK_FAULT_ARGS =
SOAK_CRASH_SEED = 20261204
.PHONY: soak
soak: ormext.so build/fault-asan prereq
	ORMEXT_CRASH_ROWS=200000 ORMEXT_CRASH_KILLS=30 \
	ORMEXT_CRASH_SEED=$(SOAK_CRASH_SEED) ORMEXT_TIMEOUT=7200 \
	ORMEXT_LIB="$(CURDIR)/ormext.so" \
	  $(TCLSH) test/all.tcl test/crash.test
	ORMEXT_WRITERS_ROUNDS=200 ORMEXT_TIMEOUT=7200 \
	ORMEXT_LIB="$(CURDIR)/ormext.so" \
	  $(TCLSH) test/all.tcl test/writers.test
	@for rt in "$(ASAN_RT)" "$(UBSAN_RT)"; do \
	  case "$$rt" in /*) test -f "$$rt" && continue;; esac; \
	  echo "sanitizer runtime $$rt not found: install gcc's libasan and libubsan"; \
	  exit 1; \
	done
	@d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT && \
	cd "$$d" && \
	ASAN_OPTIONS=$(ASANOPTS):fast_unwind_on_malloc=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  "$(CURDIR)/build/fault-asan" $(SOAK_FAULT_ARGS) \
	  > "$(CURDIR)/build/soak-fault.log" 2>&1; rc=$$?; \
	tail -n 60 "$(CURDIR)/build/soak-fault.log"; \
	exit $$rc

#-------------------------------------------------------------------------
# Coverage: the suite run against gcov builds, then line and branch
# coverage per source file (test/coverage.sh prints the table).  The suite
# loads ormext-cov.so (objects in build/cov); unit.test and fault.test run
# build/unit-cov and build/fault-cov, linked with the same sources built
# with -DSQLITE_CORE (objects in build/covcore), so that the branches the
# fault driver takes (every out-of-memory and I/O-error path it reaches)
# count too.  The table gives the branches the suite takes through the
# extension ("suite") and those any of them takes ("+fault").
# COV_FAULT_POINTS=N also runs build/fault-cov with N fault points per
# loop after the suite (fault.test runs 20; 0, the default, adds no run).
# COV_SQLITE_CURRENT=1 runs the suite a second time on SQLite 3.53.2, as
# make test-sqlite-current does, so that the branches only a current
# SQLite takes (its native ALTERs) count too.

COV_OBJ     := $(SRC:ext/%.c=build/cov/%.o)
COVCORE_OBJ := $(SRC:ext/%.c=build/covcore/%.o)
UNIT_COVCORE_OBJ := $(patsubst ext/%.c,build/covcore/%.o,$(filter ext/%,$(UNIT_SRC)))
COV_FAULT_POINTS = 0
COV_SQLITE_CURRENT = 0
# ORM_ALWAYS()/ORM_NEVER() are the constants 1 and 0 there (ext/ormext.h):
# a check no input can take is not counted as an untaken branch.
COV_DEFS = -DORM_COVERAGE_TEST

build/cov/%.o: ext/%.c $(HDR) Makefile
	@mkdir -p $(@D)
	$(CC) -g -O0 --coverage -fPIC $(WARN) $(COV_DEFS) -c -o $@ $<

build/covcore/%.o: ext/%.c $(HDR) Makefile
	@mkdir -p $(@D)
	$(CC) -g -O0 --coverage $(WARN) $(COV_DEFS) -DSQLITE_CORE -Iext -c -o $@ $<

ormext-cov.so: $(COV_OBJ)
	$(CC) -g -O0 --coverage -fPIC -shared $(WARN) -o $@ $(COV_OBJ) $(LDLIBS)

# The drivers themselves are not instrumented: -lgcov only links the
# runtime that the objects need.
build/unit-cov: test/unit.c $(UNIT_COVCORE_OBJ) $(HDR) Makefile
	$(CC) -g -O0 $(WARN) -DSQLITE_CORE -Iext -o $@ test/unit.c \
	  $(UNIT_COVCORE_OBJ) -lsqlite3 -lgcov $(LDLIBS)

build/fault-cov: test/fault.c $(COVCORE_OBJ) $(HDR) Makefile
	$(CC) -g -O0 $(WARN) -DSQLITE_CORE -Iext -o $@ test/fault.c \
	  $(COVCORE_OBJ) -lsqlite3 -lgcov $(LDLIBS)

.PHONY: coverage
coverage: ormext-cov.so build/unit-cov build/fault-cov build/syscallfail.so prereq \
          $(if $(filter 1,$(COV_SQLITE_CURRENT)),sqlite-current)
	@rm -f build/cov/*.gcda build/covcore/*.gcda
	@py=$$(sh test/prereq.sh python) && \
	ORMEXT_COVERAGE=1 ORMEXT_PYTHON="$$py" \
	ORMEXT_LIB="$(CURDIR)/ormext-cov.so" \
	  $(TCLSH) test/all.tcl $(T); rc=$$?; \
	if [ "$(COV_SQLITE_CURRENT)" = 1 ]; then \
	  v=$$(sed -n 's/^#define SQLITE_VERSION  *"\(.*\)"$$/\1/p' \
	    $(SQLC)/src/sqlite3.h) && echo "again on SQLite $$v" && \
	  LD_LIBRARY_PATH="$(CURDIR)/$(SQLC)/lib" ORMEXT_EXPECT_SQLITE="$$v" \
	  ORMEXT_OLD_SQLITE_LIB="$(CURDIR)/$(SQLC)/old" \
	  ORMEXT_SQLITE3="$(CURDIR)/$(SQLC)/sqlite3" \
	  ORMEXT_COVERAGE=1 ORMEXT_PYTHON="$$py" \
	  ORMEXT_LIB="$(CURDIR)/ormext-cov.so" \
	    $(TCLSH) test/all.tcl $(T) || rc=1; \
	fi; \
	if [ "$(COV_FAULT_POINTS)" != 0 ]; then \
	  d=$$(mktemp -d) && (cd "$$d" && \
	    "$(CURDIR)/build/fault-cov" -points $(COV_FAULT_POINTS) | tail -n 1); \
	  rm -rf "$$d"; \
	fi; \
	sh test/coverage.sh build/cov:build/covcore $(SRC); exit $$rc

#-------------------------------------------------------------------------
# dqlite: ormext's one-request scripts on a real three-node dqlite cluster,
# its leader killed during a migration (test/replica/dqlite.test, about 90
# seconds; it installs Debian's go-dqlite and Go when root, or says why it
# is skipped).  Not part of make test; .ci/run runs it.  (Litestream is
# tested by test/litestream.test, in make test.)

.PHONY: test-dqlite
test-dqlite: ormext.so prereq
	@ORMEXT_LIB="$(CURDIR)/ormext.so" \
	  $(TCLSH) test/all.tcl test/replica/dqlite.test
