# Wide observations (a planner's spreadsheet): one column per year, an
# empty cell is a missing value, not zero.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
cp "$ATTAIN_TEST_DATA"/load/obs_wide.csv .
expect_code 0 attain --lang en load obs_wide.csv
expect_stderr_empty
expect_stdout "obs_wide.csv: observations (wide): 12 new, 0 changed, 0 unchanged, 3 empty cells
load 2 done"
[ "$(sql "SELECT group_concat(r.code || '/' || i.code || '/' || period || '=' || value, ' ') FROM (SELECT * FROM observations ORDER BY region_id, indicator_id, period) o JOIN regions r ON r.id = o.region_id JOIN indicators i ON i.id = o.indicator_id")" = "panjin/hightech/2016=80.0 panjin/hightech/2017=91.0 panjin/hightech/2019=110.0 panjin/hightech/2020=132.0 panshan/hightech/2016=10.0 panshan/hightech/2017=12.0 panshan/hightech/2018=13.0 gaoxin/tech_sme/2016=1005.0 gaoxin/tech_sme/2017=1100.0 gaoxin/tech_sme/2018=1210.0 gaoxin/tech_sme/2019=1300.0 gaoxin/tech_sme/2020=1420.0" ] || fail "stored: $(sql "SELECT group_concat(r.code || '/' || i.code || '/' || period || '=' || value, ' ') FROM (SELECT * FROM observations ORDER BY region_id, indicator_id, period) o JOIN regions r ON r.id = o.region_id JOIN indicators i ON i.id = o.indicator_id")"
pass
