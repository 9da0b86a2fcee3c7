# attain backtest on a small made-up city with two districts (tests/data/
# backtest): every model, 3 origins, 3 years ahead; table (en) and csv
# against golden files made with --seed 7 --paths 300, and byte-identical
# output whatever --threads.  Per series rows first, then the summary
# ranking (region and indicator empty).
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/backtest
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv"
expect_code 0 attain --seed 7 --paths 300 --lang en backtest --origins 3 --horizon 3
expect_stderr_empty
expect_golden 0250-backtest-en.table
expect_code 0 attain --seed 7 --paths 300 --format csv backtest
expect_golden 0250-backtest.csv
cp "$OUT" one.csv
expect_code 0 attain --seed 7 --paths 300 --format csv --threads 2 backtest
cmp one.csv "$OUT" || fail "--threads 2 differs from --threads 1"
# 3 origins x 3 years: 3 + 2 + 1 = 6 forecasts per series for auto.
expect_contains "city,firms,auto,6,"
# Another seed draws other paths (the point is the path mean, so the errors
# move a little) but scores the same forecasts.
expect_code 0 attain --seed 8 --paths 300 --format csv backtest
if cmp -s one.csv "$OUT"; then fail "--seed 8 gives the same output as --seed 7"; fi
grep -v "^,," one.csv | cut -d, -f1-4 >want
grep -v "^,," "$OUT" | cut -d, -f1-4 >got
cmp want got || fail "the forecasts scored depend on the seed"
pass
