# A key given twice in one call with different values is an error naming
# both places, also when the first one left the database as it was (a
# reload of the same value) and when the two are in different files; the
# same value twice is fine.  The loader keeps no per-row memory: these
# cases are told by the database and the first place found by reading the
# files again.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,period,value\npanshan,hightech,2019,12\n' >first.csv
expect_code 0 attain --lang en load first.csv

# Unchanged first (12 again), then different.
printf 'region,indicator,period,value\npanshan,hightech,2020,3\npanshan,hightech,2019,12\npanshan,hightech,2019,13\n' >again.csv
before=$(db_digest)
expect_code 65 attain --lang en load again.csv
expect_stderr "again.csv:4:4: observation 'panshan' 'hightech' '2019' given twice with different values ('12' at again.csv:3, '13' at again.csv:4)"
expect_db_unchanged "$before"

# Changed first (14), then different again; and across files, wide and long.
printf 'region,indicator,period,value\npanshan,hightech,2019,14\n' >a.csv
printf 'region,indicator,2018,2019\n盘山县,高新技术企业,5,15\n' >b.csv
expect_code 65 attain --lang en load a.csv b.csv
expect_stderr "b.csv:2:4: observation '盘山县' '高新技术企业' '2019' given twice with different values ('14' at a.csv:2, '15' at b.csv:2)"
expect_db_unchanged "$before"

# The same value twice (in two files) is one observation.
printf 'region,indicator,2018,2019\n盘山县,高新技术企业,5,14\n' >c.csv
expect_code 0 attain --lang en load a.csv c.csv
expect_stdout "a.csv: observations: 0 new, 1 changed, 0 unchanged
c.csv: observations (wide): 1 new, 0 changed, 0 unchanged, 0 empty cells
load 3 done"
[ "$(sql "SELECT value FROM observations WHERE period = '2019'")" = 14.0 ] || fail "value"
[ "$(sql "SELECT count(*) FROM observation_revisions")" = 1 ] || fail "revisions"
pass
