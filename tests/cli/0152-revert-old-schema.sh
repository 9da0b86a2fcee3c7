# A database of schema version 1 (before the undo record) is upgraded by
# 'attain init' keeping its data; its old loads are listed without counts
# and cannot be reverted, loads made after the upgrade can.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain load regions.csv indicators.csv
# Take the file back to version 1: what schema steps 2 and 3 added goes.
triggers=$(sql "SELECT group_concat('DROP TRIGGER ' || name, '; ') FROM sqlite_schema WHERE type = 'trigger'")
sql "$triggers; DROP INDEX regions_by_code_nocase; DROP INDEX indicators_by_code_nocase; DROP TABLE load_undo; DROP TABLE load_undo_since; DROP TABLE run_views; DROP TABLE run_targets; ALTER TABLE loads DROP COLUMN reverts; PRAGMA user_version = 1;"
expect_code 65 attain --lang en list loads
expect_stderr "attain: database '$ATTAIN_DB' has schema version 1, not 3 (upgrade it with 'attain init')"
expect_code 0 attain --lang en init
expect_stdout "upgraded database '$ATTAIN_DB' from schema version 1 to 3"
printf 'region,indicator,period,value\npanshan,hightech,2020,15\n' >a.csv
expect_code 0 attain load a.csv
expect_code 0 attain list loads --format csv
expect_stdout "load,at,files,new,changed,removed,reverts,reverted_by
1,$(sql "SELECT at FROM loads WHERE id = 1"),\"regions.csv, indicators.csv\",,,,,
2,$(sql "SELECT at FROM loads WHERE id = 2"),a.csv,1,0,0,,"
before=$(db_digest)
expect_code 65 attain --lang en revert --load 1
expect_stderr "attain: cannot revert load 1: it was made before this database kept a record of what each load changed"
expect_db_unchanged "$before"
expect_code 0 attain --lang en revert --load 2
expect_stdout "reverted load 2
observations: 1 removed
load 3 done"
[ "$(sql "SELECT count(*) FROM observations")" = 0 ] || fail "load 2's observation is still there"
[ "$(sql "SELECT count(*) FROM regions")" = 3 ] || fail "the regions of load 1 changed"
pass
