# CRLF line ends: no carriage return ends up in a value.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
cp "$ATTAIN_TEST_DATA"/load/obs_crlf.csv .
expect_code 0 attain --lang en load obs_crlf.csv
expect_stderr_empty
expect_stdout "obs_crlf.csv: observations: 2 new, 0 changed, 0 unchanged
load 2 done"
[ "$(sql "SELECT group_concat(r.code || '/' || i.code || '/' || period || '=' || value, ' ') FROM (SELECT * FROM observations ORDER BY region_id, indicator_id, period) o JOIN regions r ON r.id = o.region_id JOIN indicators i ON i.id = o.indicator_id")" = "panshan/hightech/2019=12.0 panshan/hightech/2020=15.0" ] || fail "stored: $(sql "SELECT group_concat(r.code || '/' || i.code || '/' || period || '=' || value, ' ') FROM (SELECT * FROM observations ORDER BY region_id, indicator_id, period) o JOIN regions r ON r.id = o.region_id JOIN indicators i ON i.id = o.indicator_id")"
pass
