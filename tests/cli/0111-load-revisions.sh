# Reloading observations: a changed value keeps the old row in
# observation_revisions (with the load that brought it and the load that
# replaced it); an unchanged value is no revision.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,period,value,source\npanshan,hightech,2019,12,年报\npanshan,hightech,2020,15,年报\n' >a.csv
printf 'region,indicator,period,value\npanshan,hightech,2019,12\npanshan,hightech,2020,16\n' >b.csv
expect_code 0 attain --lang en load a.csv
expect_code 0 attain --lang en load b.csv
expect_stderr_empty
expect_stdout "b.csv: observations: 0 new, 1 changed, 1 unchanged
load 3 done"
[ "$(sql "SELECT period || '=' || value || ':' || source || ':' || load_id || '->' || replaced_by FROM observation_revisions")" = "2020=15.0:年报:2->3" ] || fail "revision: $(sql 'SELECT * FROM observation_revisions')"
[ "$(sql "SELECT group_concat(period || '=' || value || ':' || load_id, ' ') FROM observations")" = "2019=12.0:2 2020=16.0:3" ] || fail "observations after reload"
pass
