# ctest-label: slow
# A load's memory stays under twice its file: loading a 13 MB file takes
# less than 1.5 times the file's size beyond what a tiny load takes (the
# file is read a window at a time, the page cache is at most half the
# input; the rest is AddressSanitizer's own overhead on SQLite's pages).  2026-12-01: a 242 MB CSV
# peaked at 1.73 GB, about 7 times the file.
. "$(dirname "$0")/lib.sh"
[ -x /usr/bin/time ] || skip "needs /usr/bin/time"
# Freed memory is not parked in AddressSanitizer's quarantine.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"

gen_obs big.csv 100 40 120 # 480,000 rows
head -101 big.csv >small.csv
size_kb=$(($(stat -c %s big.csv) / 1024))
[ "$size_kb" -gt 12000 ] || fail "the file is too small ($size_kb kB)"
expect_code 0 attain load regions.csv indicators.csv
cp "$ATTAIN_DB" base.db
load_peak small.csv
small=$LOAD_PEAK_KB
load_peak big.csv
grep -q 'big.csv: observations: 480000 new' load.out || fail "$(cat load.out)"
big=$LOAD_PEAK_KB
[ $((big - small)) -lt $((size_kb * 3 / 2)) ] ||
    fail "loading $size_kb kB took $((big - small)) kB more than a tiny load ($small kB)"
pass
