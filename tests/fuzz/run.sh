#!/bin/bash
# tests/fuzz/run.sh BUILD_DIR SECONDS [JOBS] -- run every libFuzzer target
# built in BUILD_DIR (make fuzz) for SECONDS each, JOBS at a time (default
# 2).  Each starts from its corpus (BUILD_DIR/corpus/<target>), its seeds
# and its kept crash inputs (tests/fuzz/regress/<name>/).  A crash, leak,
# timeout or out-of-memory input is copied to tests/fuzz/regress/<name>/,
# where ctest fuzz/<target> replays it from then on, and the run fails.
# If clang cannot link libFuzzer, say SKIP and exit 0: never a silent pass.
set -u
build=${1:?usage: run.sh BUILD_DIR SECONDS [JOBS]}
secs=${2:?usage: run.sh BUILD_DIR SECONDS [JOBS]}
jobs=${3:-2}
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$build" && pwd) || exit 1

seeds_of() {
    case $1 in
    fuzz_load) echo "$src/tests/data/load" ;;
    fuzz_plot_from) echo "$src/tests/data/plots" ;;
    fuzz_scenario) echo "$src/tests/data/scenario" ;;
    fuzz_text) echo "$src/tests/data/load" ;;
    esac
}

# One target: its log in BUILD_DIR/logs/<target>.log, status 1 on a finding.
run_one() {
    local t=$1 short=${1#fuzz_} art="$build/artifacts/$1" rc f found=0
    local regress="$src/tests/fuzz/regress/$short"
    mkdir -p "$build/corpus/$t" "$art" "$regress"
    rm -f "$art"/*
    "$build/tests/$t" -max_total_time="$secs" -timeout=20 -print_final_stats=1 \
        -artifact_prefix="$art/" "$build/corpus/$t" $(seeds_of "$t") "$regress" \
        >"$build/logs/$t.log" 2>&1
    rc=$?
    for f in "$art"/*; do
        [ -e "$f" ] || continue
        found=1
        cp "$f" "$regress/"
        echo "fuzz: $t FOUND $(basename "$f"): kept as tests/fuzz/regress/$short/$(basename "$f")"
    done
    if [ "$rc" != 0 ] || [ "$found" = 1 ]; then
        echo "fuzz: $t FAILED (exit $rc); the end of its log ($build/logs/$t.log):"
        tail -40 "$build/logs/$t.log" | sed 's/^/    /'
        [ "$found" = 1 ] && echo "fuzz: to keep it as a regression test: fix the bug, check that" \
            "'ctest -R fuzz/$t' (in build/test) passes, and git add tests/fuzz/regress/$short/"
        return 1
    fi
    echo "fuzz: $t ok: $(grep -E '^(#[0-9]+|stat::number_of_executed_units)' "$build/logs/$t.log" | tail -1)"
    return 0
}

# libFuzzer present?  A one-line target must link.
probe=$build/.probe
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$probe.c"
if ! clang -fsanitize=fuzzer "$probe.c" -o "$probe" 2>"$probe.err"; then
    echo "fuzz: SKIP: clang cannot link libFuzzer (-fsanitize=fuzzer): $(head -3 "$probe.err")"
    echo "fuzz: SKIP: no target was fuzzed"
    exit 0
fi

mkdir -p "$build/logs"
targets=()
for f in "$src"/tests/fuzz/fuzz_*.c; do
    t=$(basename "$f" .c)
    [ -x "$build/tests/$t" ] || { echo "fuzz: missing $build/tests/$t"; exit 1; }
    targets+=("$t")
done
echo "fuzz: ${#targets[@]} targets, $secs s each, $jobs at a time"
start=$(date +%s)
status=0
pids=()
for t in "${targets[@]}"; do
    run_one "$t" &
    pids+=($!)
    if [ "${#pids[@]}" -ge "$jobs" ]; then
        wait "${pids[0]}" || status=1
        pids=("${pids[@]:1}")
    fi
done
for p in "${pids[@]}"; do
    wait "$p" || status=1
done
echo "fuzz: done in $(($(date +%s) - start)) s: $([ $status = 0 ] && echo 'no crash' || echo FAILED)"
exit $status
