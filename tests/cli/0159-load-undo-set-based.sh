# The loader writes the undo record of the observations it adds at its end
# (it drops the per-row trigger observations_undo_insert inside its
# transaction and creates it again before COMMIT): one row for the range of
# rowids it added, the trigger's own form when it added one.  Checked
# against the trigger itself, which still fires for an INSERT made outside a
# load.  The trigger is there again, with the same text, after a load that
# succeeded and after one that failed.  revert takes the ranges back, and
# refuses while a later load changed a row inside one.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
trig() { sql "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'observations_undo_insert'"; }
trig >trigger.before
[ -s trigger.before ] || fail "the schema has no observations_undo_insert trigger"

printf 'region,indicator,period,value,source\npanshan,hightech,2019,12,年报\npanshan,hightech,2020,15,年报\npanjin,hightech,2020,40,年报\n' >a.csv
expect_code 0 attain --lang en load a.csv
expect_stdout "a.csv: observations: 3 new, 0 changed, 0 unchanged
load 2 done"
trig >trigger.after
cmp -s trigger.before trigger.after || fail "the trigger changed after a load"
undo() { sql "SELECT group_concat(load_id || ' ' || row_id || ' ' || op || ' ' || coalesce(undo, 'NULL') || ' ' || coalesce(last_row, 'NULL'), ';') FROM (SELECT * FROM load_undo WHERE tbl = 'observations' AND ($1) ORDER BY id)"; }
[ "$(undo 'load_id = 2')" = "2 1 insert NULL 3" ] ||
    fail "load 2's undo record: $(sql "SELECT * FROM load_undo WHERE tbl = 'observations'")"

# A reload that changes one value and adds one: one update, one insert, each once.
printf 'region,indicator,period,value\npanshan,hightech,2019,12\npanshan,hightech,2020,16\npanshan,hightech,2021,18\n' >b.csv
expect_code 0 attain --lang en load b.csv
expect_stdout "b.csv: observations: 1 new, 1 changed, 1 unchanged
load 3 done"
[ "$(undo 'load_id = 3')" = "3 3 update UPDATE observations SET region_id = 2, indicator_id = 1, period = '2020', value = 15.0, source = '年报', note = NULL, load_id = 2 WHERE rowid = 3 NULL;3 4 insert NULL NULL" ] ||
    fail "load 3's undo record: $(sql "SELECT * FROM load_undo WHERE load_id = 3")"

# The trigger's own row for an insert outside a load matches the loader's form.
sql "INSERT INTO loads(at, files) VALUES ('2026-01-01T00:00:00Z', 'by hand');
     INSERT INTO observations(region_id, indicator_id, period, value, load_id)
     SELECT region_id, indicator_id, '2022', 1, 4 FROM observations WHERE rowid = 1" >/dev/null
[ "$(undo 'load_id = 4')" = "4 5 insert NULL NULL" ] ||
    fail "the trigger did not fire outside a load"

# A failed load leaves the trigger and the undo record as they were.
sql "SELECT count(*) FROM load_undo" >count.before
printf 'region,indicator,period,value\npanshan,hightech,2030,1\npanshan,hightech,2031,x\n' >bad.csv
expect_code 65 attain --lang en load bad.csv
expect_stderr "bad.csv:3:4: not a number 'x'"
trig >trigger.failed
cmp -s trigger.before trigger.failed || fail "the trigger changed after a failed load"
sql "SELECT count(*) FROM load_undo" >count.after
cmp -s count.before count.after || fail "a failed load left undo rows"

# Load 3 changed a row inside load 2's range: load 2 cannot go first.
before=$(db_digest)
expect_code 65 attain --lang en revert --load 2
expect_stderr "attain: cannot revert load 2: load 3 has since changed observation panshan,hightech,2020 too; revert load 3 first"
expect_db_unchanged "$before"
# And revert takes load 3 back through that record, then load 2's range.
expect_code 0 attain --lang en revert --load 3
expect_stdout "reverted load 3
observations: 1 removed, 1 restored
load 5 done"
[ "$(sql "SELECT value FROM observations WHERE period = '2020' AND region_id = (SELECT id FROM regions WHERE code = 'panshan')")" = 15.0 ] ||
    fail "revert did not restore 2020"
[ "$(sql "SELECT count(*) FROM observations WHERE period = '2021'")" = 0 ] || fail "revert left 2021"
expect_code 0 attain --lang en revert --load 2
expect_stdout "reverted load 2
observations: 3 removed
load 6 done"
[ "$(sql "SELECT group_concat(rowid || ' ' || period, ';') FROM observations")" = "5 2022" ] ||
    fail "after reverting load 2: $(sql 'SELECT rowid, * FROM observations')"
expect_code 0 attain list loads --format csv
expect_contains "
2,$(sql "SELECT at FROM loads WHERE id = 2"),a.csv,3,0,0,,6
"
pass
