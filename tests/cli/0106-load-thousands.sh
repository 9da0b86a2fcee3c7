# Thousands separators in quoted numbers, and spaces around an unquoted one.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
cp "$ATTAIN_TEST_DATA"/load/obs_thousands.csv .
expect_code 0 attain --lang en load obs_thousands.csv
expect_stderr_empty
expect_stdout "obs_thousands.csv: observations: 3 new, 0 changed, 0 unchanged
load 2 done"
[ "$(sql "SELECT group_concat(r.code || '/' || i.code || '/' || period || '=' || value, ' ') FROM (SELECT * FROM observations ORDER BY region_id, indicator_id, period) o JOIN regions r ON r.id = o.region_id JOIN indicators i ON i.id = o.indicator_id")" = "panjin/hightech/2019=98.0 panjin/tech_sme/2019=12345.0 panjin/guarantee/2019=1234.5" ] || fail "stored: $(sql "SELECT group_concat(r.code || '/' || i.code || '/' || period || '=' || value, ' ') FROM (SELECT * FROM observations ORDER BY region_id, indicator_id, period) o JOIN regions r ON r.id = o.region_id JOIN indicators i ON i.id = o.indicator_id")"
pass
