#!/bin/bash
# ctest fuzz/run-keeps-crash: tests/fuzz/run.sh keeps what it finds.  In a
# scratch copy of the script's tree, two libFuzzer targets built here with
# clang: fuzz_crash traps on any input starting with '!' (its corpus holds
# one), fuzz_fine never fails.  run.sh must copy the crash input libFuzzer
# wrote (crash-<sha1 of the input>) into tests/fuzz/regress/crash/, byte for
# byte, say so and how to keep it, leave regress/fine/ empty, report
# fuzz_fine ok, and exit non-zero.  Exits 77 (SKIP) where clang cannot link
# libFuzzer.
#
# usage: run-keeps-crash.sh SOURCE_ROOT
set -u
root=${1:?usage: run-keeps-crash.sh SOURCE_ROOT}
T=$(mktemp -d "${TMPDIR:-/tmp}/attain-fuzz-run.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
fail() {
    echo "FAIL: run-keeps-crash: $*" >&2
    exit 1
}

mkdir -p "$T/src/tests/fuzz" "$T/build/tests" "$T/build/corpus/fuzz_crash"
cp "$root/tests/fuzz/run.sh" "$T/src/tests/fuzz/run.sh"
cat >"$T/src/tests/fuzz/fuzz_crash.c" <<'C'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    if (n >= 1 && d[0] == '!')
        __builtin_trap();
    return 0;
}
C
cat >"$T/src/tests/fuzz/fuzz_fine.c" <<'C'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    (void)d;
    (void)n;
    return 0;
}
C
for t in fuzz_crash fuzz_fine; do
    if ! clang -fsanitize=fuzzer "$T/src/tests/fuzz/$t.c" -o "$T/build/tests/$t" 2>"$T/cc.err"; then
        echo "skip: run-keeps-crash: clang cannot link libFuzzer: $(head -3 "$T/cc.err")"
        exit 77
    fi
done
printf '!crash' >"$T/build/corpus/fuzz_crash/seed"
sha=$(sha1sum "$T/build/corpus/fuzz_crash/seed" | cut -d' ' -f1)

bash "$T/src/tests/fuzz/run.sh" "$T/build" 2 2 >"$T/out" 2>&1
rc=$?
[ "$rc" != 0 ] || fail "run.sh exited 0 after a crash: $(cat "$T/out")"
kept=$T/src/tests/fuzz/regress/crash/crash-$sha
[ -f "$kept" ] || fail "no $kept; regress/crash/ holds: $(ls -A "$T/src/tests/fuzz/regress/crash" 2>&1); run.sh said: $(cat "$T/out")"
cmp -s "$kept" "$T/build/corpus/fuzz_crash/seed" || fail "the kept input differs from the crashing one"
[ "$(ls -A "$T/src/tests/fuzz/regress/crash")" = "crash-$sha" ] || fail "regress/crash/ holds more: $(ls -A "$T/src/tests/fuzz/regress/crash")"
[ -z "$(ls -A "$T/src/tests/fuzz/regress/fine")" ] || fail "regress/fine/ is not empty"
grep -qxF "fuzz: fuzz_crash FOUND crash-$sha: kept as tests/fuzz/regress/crash/crash-$sha" "$T/out" ||
    fail "no FOUND line: $(cat "$T/out")"
grep -q "^fuzz: fuzz_crash FAILED (exit [1-9][0-9]*); the end of its log" "$T/out" ||
    fail "no FAILED line: $(cat "$T/out")"
grep -qxF "fuzz: to keep it as a regression test: fix the bug, check that 'ctest -R fuzz/fuzz_crash' (in build/test) passes, and git add tests/fuzz/regress/crash/" "$T/out" ||
    fail "no advice to keep it: $(cat "$T/out")"
grep -q '^fuzz: fuzz_fine ok: ' "$T/out" || fail "fuzz_fine not ok: $(cat "$T/out")"
grep -q '^fuzz: done in [0-9]* s: FAILED$' "$T/out" || fail "no FAILED summary: $(cat "$T/out")"
echo "ok: run-keeps-crash"
