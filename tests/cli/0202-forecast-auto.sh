# `attain forecast` with the default automatic choice, csv, golden with a
# fixed seed; --until gives the rows to that year; every value finite.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv"
expect_code 0 attain forecast --seed 11 --paths 300 --until 2023 --format csv
expect_stderr_empty
expect_golden 0202-forecast-auto.csv
# 6 series x 2021..2023 plus the header.
[ "$(wc -l <"$OUT")" = 19 ] || fail "expected 19 lines, got $(wc -l <"$OUT")"
if grep -Eqi 'nan|inf' "$OUT"; then fail "non-finite value in output"; fi
# Every row: lo95 <= lo80 <= lo50 <= median <= hi50 <= hi80 <= hi95.
awk -F, 'NR > 1 && !($6 <= $7 && $7 <= $8 && $8 <= $9 && $9 <= $10 && $10 <= $11 && $11 <= $12) { bad = 1 }
         END { exit bad }' "$OUT" || fail "quantiles out of order"
pass
