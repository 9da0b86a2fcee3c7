# Monthly year-to-date periods YYYY-MM (and YYYY-M, stored as YYYY-MM) beside
# an annual figure of the same indicator.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
cp "$ATTAIN_TEST_DATA"/load/obs_monthly.csv .
expect_code 0 attain --lang en load obs_monthly.csv
expect_stderr_empty
expect_stdout "obs_monthly.csv: observations: 4 new, 0 changed, 0 unchanged
load 2 done"
[ "$(sql "SELECT group_concat(r.code || '/' || i.code || '/' || period || '=' || value, ' ') FROM (SELECT * FROM observations ORDER BY region_id, indicator_id, period) o JOIN regions r ON r.id = o.region_id JOIN indicators i ON i.id = o.indicator_id")" = "panjin/guarantee/2020=12.5 panjin/guarantee/2021-01=0.8 panjin/guarantee/2021-02=1.9 panjin/guarantee/2021-03=3.1" ] || fail "stored: $(sql "SELECT group_concat(r.code || '/' || i.code || '/' || period || '=' || value, ' ') FROM (SELECT * FROM observations ORDER BY region_id, indicator_id, period) o JOIN regions r ON r.id = o.region_id JOIN indicators i ON i.id = o.indicator_id")"
pass
