# attain backtest --targets on the small made-up city of tests/data/backtest:
# plan-like targets "at least y0 (1 + g)^h" (g = 0, 3, 6, 10, 15%) replayed
# from 3 rolling origins, 3 years ahead, and scored against the figures now
# known.  Every series has figures for every year, so each gives 3 + 2 + 1
# (origin, year) pairs x 5 growths = 30 targets; the table (en, golden with
# --seed 7 --paths 300) ends with the sentence for the 60-80% bucket.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/backtest
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv"
expect_code 0 attain --seed 7 --paths 300 --lang en backtest --targets --origins 3 --horizon 3
expect_stderr_empty
expect_golden 0253-backtest-targets-en.table
n60=$(awk '$1 == "60-80%" { print $2 }' "$OUT")
expect_contains "targets given 60-80% were met"
expect_contains "(n = $n60, of "
expect_code 0 attain --seed 7 --paths 300 --format csv backtest --targets
series=$(tail -n +2 "$D/observations.csv" | cut -d, -f1,2 | sort -u | wc -l)
total=$(awk -F, 'NR > 1 { s += $2 } END { print s }' "$OUT")
[ "$total" = $((30 * series)) ] || fail "scored $total targets, want 30 x $series"
[ "$(cut -d, -f1 "$OUT" | tr -d '\357\273\277' | tr '\n' ' ')" = "stated 0-20% 20-40% 40-60% 60-80% 80-100% " ] ||
    fail "unexpected buckets: $(cut -d, -f1 "$OUT" | tr '\n' ' ')"
[ "$(sql "SELECT count(*) FROM runs WHERE command = 'backtest'")" = 2 ] || fail "runs not recorded"
pass
