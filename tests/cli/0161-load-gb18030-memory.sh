# ctest-label: slow
# A GB18030 file's load stays well under twice the file, from disk and
# through a pipe: a 52 MB file (made with iconv from a UTF-8 one) takes
# less than 1.25 times its size beyond what a tiny load takes (it is
# converted a window at a time; a pipe is copied to a temporary file on
# disk first; the page cache is at most half the input; the rest is
# AddressSanitizer's own overhead).  2026-12-02: a GB18030 file, or any
# piped input, was decoded whole: 115 MB at its peak for this file in a
# release build, 2.2 times the file (41 MB now).
. "$(dirname "$0")/lib.sh"
[ -x /usr/bin/time ] || skip "needs /usr/bin/time"
command -v iconv >/dev/null || skip "needs iconv"
# Freed memory is not parked in AddressSanitizer's quarantine.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"

gen_obs big.csv 200 50 200 # 2,000,000 rows
iconv -f UTF-8 -t GB18030 big.csv >gb.csv
rm big.csv
head -101 gb.csv >small.csv
size_kb=$(($(stat -c %s gb.csv) / 1024))
[ "$size_kb" -gt 50000 ] || fail "the file is too small ($size_kb kB)"
expect_code 0 attain load regions.csv indicators.csv
cp "$ATTAIN_DB" base.db
load_peak small.csv
small=$LOAD_PEAK_KB
for how in file pipe; do
    load_peak gb.csv $how
    grep -q ': observations (GB18030): 2000000 new' load.out || fail "$how: $(cat load.out)"
    big=$LOAD_PEAK_KB
    [ $((big - small)) -lt $((size_kb * 5 / 4)) ] ||
        fail "loading $size_kb kB of GB18030 ($how) took $((big - small)) kB more than a tiny load ($small kB)"
done
pass
