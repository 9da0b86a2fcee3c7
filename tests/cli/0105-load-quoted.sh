# Quoted fields: every field quoted, a comma and doubled quotes inside, a
# line break inside a note, spaces around a quoted number.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
cp "$ATTAIN_TEST_DATA"/load/obs_quoted.csv .
expect_code 0 attain --lang en load obs_quoted.csv
expect_stderr_empty
expect_stdout "obs_quoted.csv: observations: 2 new, 0 changed, 0 unchanged
load 2 done"
[ "$(sql "SELECT source || '|' || note FROM observations WHERE region_id = 2")" = '市科技局, 年报|said "twelve"' ] || fail "quoted source/note"
[ "$(sql "SELECT value || '|' || note FROM observations WHERE region_id = 3")" = '7.0|two
lines' ] || fail "multi-line note"
pass
