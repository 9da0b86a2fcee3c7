# Regions and indicators loaded again by code (in any case) are updated:
# a new name and a new parent count as changed.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'code,name,parent\nGAOXIN,高新区,panshan\npanjin,盘锦市,\n' >r2.csv
expect_code 0 attain --lang en load r2.csv
expect_stderr_empty
expect_stdout "r2.csv: regions: 0 new, 1 changed, 1 unchanged
load 2 done"
[ "$(sql "SELECT r.code || r.name || '<' || p.code FROM regions r JOIN regions p ON p.id = r.parent_id WHERE r.id = 3")" = "GAOXIN高新区<panshan" ] || fail "region not updated"
pass
