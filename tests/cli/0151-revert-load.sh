# 'revert --load N' takes back exactly what load N wrote -- new and changed
# observations, a changed target, a new region -- leaving the data tables as
# they were before it (same dump), recorded as a load of its own that can be
# reverted in turn.  It is refused, changing nothing, when a later load
# changed the same rows, when N was already reverted, or when later data
# needs a region or indicator N added.
. "$(dirname "$0")/lib.sh"
dump() {
    sqlite3 -batch "$ATTAIN_DB" ".dump regions indicators observations observation_revisions targets"
}
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv \
   "$ATTAIN_TEST_DATA"/load/targets.csv .
expect_code 0 attain load regions.csv indicators.csv targets.csv
printf 'region,indicator,period,value,source\npanshan,hightech,2019,12,年报\npanshan,hightech,2020,15,年报\n' >a.csv
expect_code 0 attain load a.csv
dump >before.sql
printf 'code,name,parent\ndawa,大洼区,panjin\n' >r2.csv
printf 'region,indicator,period,value\npanshan,hightech,2019,12\npanshan,hightech,2020,16\ndawa,hightech,2020,9\n' >b.csv
printf 'region,indicator,deadline,kind,value,start\npanjin,hightech,2025,level,230,2025\n' >t2.csv
expect_code 0 attain load r2.csv b.csv t2.csv
dump >after.sql
! cmp -s before.sql after.sql || fail "load 3 changed nothing"

expect_code 0 attain --lang en revert --load 3
expect_stderr_empty
expect_stdout "reverted load 3
regions: 1 removed
observations: 1 removed, 1 restored
targets: 1 restored
load 4 done"
dump >reverted.sql
diff -u before.sql reverted.sql >/dev/null || fail "revert left the data different: $(diff -u before.sql reverted.sql | head -20)"
[ "$(sql "SELECT count(*) FROM observation_revisions")" = 0 ] || fail "load 3's revision is still there"

# The revert is a load: reverting it puts load 3 back exactly.
expect_code 0 attain --lang en revert --load 4
expect_stdout "reverted load 4
regions: 1 put back
observations: 1 restored, 1 put back
targets: 1 restored
load 5 done"
dump >redone.sql
diff -u after.sql redone.sql >/dev/null || fail "reverting the revert did not restore load 3: $(diff -u after.sql redone.sql | head -20)"
expect_code 0 attain list loads --format csv
expect_stdout "load,at,files,new,changed,removed,reverts,reverted_by
1,$(sql "SELECT at FROM loads WHERE id = 1"),\"regions.csv, indicators.csv, targets.csv\",9,0,0,,
2,$(sql "SELECT at FROM loads WHERE id = 2"),a.csv,2,0,0,,
3,$(sql "SELECT at FROM loads WHERE id = 3"),\"r2.csv, b.csv, t2.csv\",2,2,0,,
4,$(sql "SELECT at FROM loads WHERE id = 4"),,0,2,2,3,5
5,$(sql "SELECT at FROM loads WHERE id = 5"),,2,2,0,4,"

# A later load changes a value load 3 wrote: load 3 can no longer be taken back alone.
printf 'region,indicator,period,value\npanshan,hightech,2020,17\n' >c.csv
expect_code 0 attain load c.csv
before=$(db_digest)
expect_code 65 attain --lang en revert --load 3
expect_stdout_empty
expect_stderr "attain: cannot revert load 3: load 6 has since changed observation panshan,hightech,2020 too; revert load 6 first"
expect_db_unchanged "$before"
expect_code 65 attain --lang en revert --load 4
expect_stderr "attain: load 4 was already reverted by load 5"
expect_db_unchanged "$before"
expect_code 65 attain --lang en revert --load 1
expect_stderr "attain: cannot revert load 1: load 3 has since changed target panjin,hightech,2025 too; revert load 3 first"
expect_db_unchanged "$before"
expect_code 65 attain --lang en revert --load 99
expect_stderr "attain: there is no load 99 (the last is load 6)"
expect_db_unchanged "$before"

# Taking back load 6, then load 3, works; the data is as before load 3.
expect_code 0 attain revert --load 6
expect_code 0 attain revert --load 3
dump >twice.sql
diff -u before.sql twice.sql >/dev/null || fail "revert 6 then 3 left the data different: $(diff -u before.sql twice.sql | head -20)"
# Load 1 added the region and indicator load 2's observations use.
before=$(db_digest)
expect_code 65 attain --lang en revert --load 1
expect_stderr "attain: cannot revert load 1: data loaded since uses an indicator it added; revert the later loads first"
expect_db_unchanged "$before"

expect_code 2 attain --lang en revert
expect_stderr "attain revert: which load? give --load N (see 'attain list loads')"
expect_code 2 attain --lang en revert --load 0
expect_stderr "attain revert: option '--load' wants a whole number from 1 to 2147483647, not '0'"
expect_code 2 attain --lang en revert --load 2 extra
expect_stderr "attain revert: unexpected argument 'extra'"
pass
