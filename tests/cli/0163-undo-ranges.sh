# Schema version 3 keeps the observations and the targets a load adds as one
# range of rowids each in its undo record.  A database of version 2, whose loads have one undo
# row per observation, is upgraded by 'attain init' keeping that record:
# its loads keep their counts and can still be reverted.  And a range is
# checked against single rows both ways: a revert whose rows a later range
# re-used (the rowids of rows taken back are given again) is refused with
# the row named, not left to fail on the table's key.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,period,value\npanjin,hightech,2019,30\npanjin,hightech,2020,40\npanshan,hightech,2020,15\n' >a.csv
expect_code 0 attain --lang en load a.csv

# Back to version 2: load 2's range becomes the per-row record version 2 wrote.
sql "DELETE FROM load_undo WHERE tbl = 'observations';
     INSERT INTO load_undo(load_id, tbl, row_id, op, undo) VALUES
       (2, 'observations', 1, 'insert', NULL), (2, 'observations', 2, 'insert', NULL),
       (2, 'observations', 3, 'insert', NULL);
     DROP INDEX load_undo_by_last; ALTER TABLE load_undo DROP COLUMN last_row;
     DROP INDEX regions_by_code_nocase; DROP INDEX indicators_by_code_nocase;
     PRAGMA user_version = 2;" >/dev/null
expect_code 65 attain --lang en list loads
expect_stderr "attain: database '$ATTAIN_DB' has schema version 2, not 3 (upgrade it with 'attain init')"
expect_code 0 attain --lang en init
expect_stdout "upgraded database '$ATTAIN_DB' from schema version 2 to 3"
[ "$(sql "SELECT count(*) FROM load_undo WHERE tbl = 'observations' AND last_row IS NULL")" = 3 ] ||
    fail "the upgrade changed the old record: $(sql 'SELECT * FROM load_undo')"

# A load after the upgrade: its two new rows are one range.
printf 'region,indicator,period,value\npanjin,hightech,2021,45\npanshan,hightech,2021,18\n' >b.csv
expect_code 0 attain --lang en load b.csv
[ "$(sql "SELECT row_id || '-' || last_row FROM load_undo WHERE load_id = 3 AND tbl = 'observations'")" = 4-5 ] ||
    fail "load 3's record: $(sql 'SELECT * FROM load_undo WHERE load_id = 3')"
expect_code 0 attain list loads --format csv
expect_stdout "load,at,files,new,changed,removed,reverts,reverted_by
1,$(sql "SELECT at FROM loads WHERE id = 1"),\"regions.csv, indicators.csv\",6,0,0,,
2,$(sql "SELECT at FROM loads WHERE id = 2"),a.csv,3,0,0,,
3,$(sql "SELECT at FROM loads WHERE id = 3"),b.csv,2,0,0,,"

# Take both back, newest first: the range, then the old per-row record.
expect_code 0 attain --lang en revert --load 3
expect_stdout "reverted load 3
observations: 2 removed
load 4 done"
expect_code 0 attain --lang en revert --load 2
expect_stdout "reverted load 2
observations: 3 removed
load 5 done"
[ "$(sql "SELECT count(*) FROM observations")" = 0 ] || fail "observations left: $(sql 'SELECT * FROM observations')"

# The table is empty: a new load gets rowids 1-5 again, as one range.
# Putting load 2's rows back (reverting its revert, load 5) needs rows 1-3:
# load 6's range starts at the first of them.  Putting load 3's back
# (reverting load 4) needs rows 4-5, inside load 6's range, which starts
# before them.  Both are refused, naming the first row in common.
printf 'region,indicator,period,value\n' >c.csv
for y in 2030 2031 2032 2033 2034; do echo "panjin,hightech,$y,1" >>c.csv; done
expect_code 0 attain --lang en load c.csv
[ "$(sql "SELECT row_id || '-' || last_row FROM load_undo WHERE load_id = 6 AND tbl = 'observations'")" = 1-5 ] ||
    fail "load 6's record: $(sql 'SELECT * FROM load_undo WHERE load_id = 6')"
before=$(db_digest)
expect_code 65 attain --lang en revert --load 5
expect_stderr "attain: cannot revert load 5: load 6 has since changed observation panjin,hightech,2030 too; revert load 6 first"
expect_db_unchanged "$before"
expect_code 65 attain --lang en revert --load 4
expect_stderr "attain: cannot revert load 4: load 6 has since changed observation panjin,hightech,2033 too; revert load 6 first"
expect_db_unchanged "$before"
# Once load 6 is taken back, both go back in.
expect_code 0 attain --lang en revert --load 6
expect_code 0 attain --lang en revert --load 4
expect_code 0 attain --lang en revert --load 5
[ "$(sql "SELECT group_concat(rowid || ' ' || period || ' ' || value, ';') FROM observations")" = "1 2019 30.0;2 2020 40.0;3 2020 15.0;4 2021 45.0;5 2021 18.0" ] ||
    fail "after putting loads 2 and 3 back: $(sql 'SELECT rowid, * FROM observations')"

# Targets a load adds are one range too; a changed one is an update of its own.
expect_code 0 attain --lang en load "$ATTAIN_TEST_DATA"/load/targets.csv
t=$(sql "SELECT max(id) FROM loads")
n=$(sql "SELECT count(*) FROM targets")
[ "$n" -gt 1 ] || fail "the targets file added $n targets"
[ "$(sql "SELECT row_id || '-' || last_row FROM load_undo WHERE load_id = $t AND tbl = 'targets'")" = "1-$n" ] ||
    fail "the targets' record: $(sql "SELECT * FROM load_undo WHERE load_id = $t")"
expect_code 0 attain list loads --format csv
expect_contains "
$t,$(sql "SELECT at FROM loads WHERE id = $t"),targets.csv,$n,0,0,,
"
sed '2s/,[0-9.]*,\([^,]*,[^,]*,[^,]*\)$/,999,\1/' "$ATTAIN_TEST_DATA"/load/targets.csv >targets2.csv
cmp -s targets2.csv "$ATTAIN_TEST_DATA"/load/targets.csv && fail "targets2.csv is the same file"
expect_code 0 attain --lang en load targets2.csv
[ "$(sql "SELECT group_concat(op || coalesce(' ' || last_row, ''), ';') FROM load_undo WHERE load_id = $((t + 1)) AND tbl = 'targets'")" = update ] ||
    fail "the changed target's record: $(sql "SELECT * FROM load_undo WHERE load_id = $((t + 1))")"
before=$(db_digest)
expect_code 65 attain --lang en revert --load $t
expect_stderr "attain: cannot revert load $t: load $((t + 1)) has since changed target panjin,hightech,2025 too; revert load $((t + 1)) first"
expect_db_unchanged "$before"
expect_code 0 attain --lang en revert --load $((t + 1))
expect_code 0 attain --lang en revert --load $t
expect_stdout "reverted load $t
targets: $n removed
load $((t + 3)) done"
[ "$(sql "SELECT count(*) FROM targets")" = 0 ] || fail "targets left: $(sql 'SELECT * FROM targets')"
pass
