# attain -- the two commands of the README:
#   make run    install missing Debian packages, build, run the Panjin demo
#   make test   the same set-up, then every test (built with ASan + UBSan),
#               then 30 s of each fuzzer (make fuzz)
# Everything else is plumbing for those two.

DEPS := cmake make gcc pkg-config libgsl-dev libsqlite3-dev sqlite3 libcsv-dev \
        libcjson-dev libinih-dev libcmocka-dev libxlsxwriter-dev unzip gnuplot-nox fontconfig \
        fonts-noto-cjk clang-format bsdutils chromium poppler-utils \
        clang valgrind
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE_DIR := build/release
TEST_DIR := build/test
DEMO_DIR ?= attain-demo

FUZZ_DIR := build/fuzz
FUZZ_SECONDS ?= 30
MEMCHECK_DIR := build/memcheck

.PHONY: all deps build run test tsan install bench fuzz memcheck clean

all: build

# Installs only what is missing, so a second run costs a few dpkg queries.
deps:
	@missing=""; \
	for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make: installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then echo "make: run as root (or install:$$missing)" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
	cmake --build $(RELEASE_DIR) -j$(JOBS)

run: build
	rm -rf $(DEMO_DIR)
	./$(RELEASE_DIR)/engine/attain demo --out $(DEMO_DIR)
	@echo "report: $(CURDIR)/$(DEMO_DIR)/index.html"

test: deps
	cmake -S . -B $(TEST_DIR) -DCMAKE_BUILD_TYPE=Debug -DATTAIN_SANITIZE=ON -DATTAIN_WERROR=ON \
	      -DCMAKE_C_FLAGS_DEBUG="-g -O1" >/dev/null
	cmake --build $(TEST_DIR) -j$(JOBS)
	cd $(TEST_DIR) && ctest --output-on-failure -j$(JOBS)
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=30

# Every libFuzzer target in tests/fuzz/ for FUZZ_SECONDS each, two at a
# time (clang, ASan + UBSan; tests/fuzz/run.sh); corpora grow in
# build/fuzz/corpus/<target>.  A crashing input is copied to
# tests/fuzz/regress/<target>/ (ctest replays it from then on) and fails the
# run; without libFuzzer the run says SKIP.
FUZZ_JOBS ?= 2
fuzz: deps
	CC=clang cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=Debug -DATTAIN_FUZZ=ON \
	      -DATTAIN_SANITIZE=ON -DCMAKE_C_FLAGS_DEBUG="-g -O1" >/dev/null
	cmake --build $(FUZZ_DIR) -j$(JOBS) --target $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
	tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_JOBS)

# The CLI tests with the release-built attain under valgrind: any error or
# leak fails the test (valgrind --error-exitcode, --errors-for-leak-kinds).
# Each test may take up to an hour (ctest's default 1500 s would report a
# slow test as failed, not a memory error); the wall time is printed.
# MEMCHECK_TESTS=REGEX runs only the CLI tests whose names match (ctest -R),
# e.g. MEMCHECK_TESTS=cli/01 for the load tests: on a shared machine the
# whole set (about 130 tests) takes hours, so it is run in parts, niced.
MEMCHECK_TESTS ?= .
memcheck: deps
	cmake -S . -B $(MEMCHECK_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(MEMCHECK_DIR) -j$(JOBS)
	@start=$$(date +%s); cd $(MEMCHECK_DIR) && ATTAIN_VALGRIND=1 nice -n 10 ctest -L cli -LE slow \
	    -R '$(MEMCHECK_TESTS)' --output-on-failure -j$(JOBS) --timeout 3600; rc=$$?; \
	  echo "memcheck: $$(( $$(date +%s) - start )) s wall"; exit $$rc

# The tests that run worker threads, under ThreadSanitizer.
TSAN_DIR := build/tsan
tsan: deps
	cmake -S . -B $(TSAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DATTAIN_TSAN=ON -DATTAIN_WERROR=ON \
	      -DCMAKE_C_FLAGS_DEBUG="-g -O1" >/dev/null
	cmake --build $(TSAN_DIR) -j$(JOBS)
	cd $(TSAN_DIR) && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -j$(JOBS) -L threads

PREFIX ?= /usr/local
install: build
	cmake --install $(RELEASE_DIR) --prefix $(PREFIX)

bench: build
	@echo "benchmarks live in tests/bench/ (m3, calibration, national): each folder's README.md has the method and the command; README.md, Benchmarks, the latest figures"

clean:
	rm -rf build
