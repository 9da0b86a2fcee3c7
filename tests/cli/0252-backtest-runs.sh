# attain backtest --model/--region/--indicator select what is scored, and
# every run is recorded in 'runs' (command backtest, its arguments, seed,
# paths, series scored, how many series each model ranked first on).
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/backtest
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv"
expect_code 0 attain --seed 3 --paths 200 --format csv backtest --model theta --region d1 \
    --indicator invest --origins 2 --horizon 2
expect_stderr_empty
# One series row and one summary row; 2 origins x 2 years: 2 + 1 forecasts.
[ "$(wc -l <"$OUT")" = 3 ] || fail "expected header + 2 rows, got:
$(cat "$OUT")"
expect_contains "d1,invest,theta,3,"
expect_contains ",,theta,3,"
expect_code 0 attain --format csv list runs
expect_contains ",backtest,"
expect_contains ",3,200,--model theta --region d1 --indicator invest --origins 2 --horizon 2,"
expect_contains ',1,"{""theta"":1}"'
pass
