# New observations are written in batches sorted by key, with rowids in key
# order within a batch, following every row written before it, and the load's
# undo record is one range of rowids.  A file a month at a time (not in key order), then a
# reload mixing rows that wait for their batch with rows that take the
# one-row path (a revision, an earlier period, an unchanged value), then a
# key given twice while its first value still waits: the twice error names
# both places and the database is unchanged.  revert takes the mixed load back.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
rows() {
    sql "SELECT o.rowid || ' ' || r.code || ' ' || i.code || ' ' || o.period || ' ' || o.value
         || ' ' || coalesce(o.source, '-') || ' ' || o.load_id FROM observations o
         JOIN regions r ON r.id = o.region_id JOIN indicators i ON i.id = o.indicator_id
         ORDER BY o.rowid"
}

# Region ids: panjin 1, panshan 2, gaoxin 3; the file is by month, not by key.
printf '%s\n' region,indicator,period,value,source \
    panshan,hightech,2020-01,1,年报 panjin,hightech,2020-01,2,年报 gaoxin,tech_sme,2020-01,3,年报 \
    panshan,hightech,2020-02,4,年报 panjin,hightech,2020-02,5,月报 >a.csv
expect_code 0 attain --lang en load a.csv
expect_stdout "a.csv: observations: 5 new, 0 changed, 0 unchanged
load 2 done"
[ "$(rows)" = "1 panjin hightech 2020-01 2.0 年报 2
2 panjin hightech 2020-02 5.0 月报 2
3 panshan hightech 2020-01 1.0 年报 2
4 panshan hightech 2020-02 4.0 年报 2
5 gaoxin tech_sme 2020-01 3.0 年报 2" ] || fail "after a.csv: $(rows)"
rows >rows.a

# 2020-03 and 2020-02 wait; the revision, the earlier 2019-12 (new, but not
# after its series' latest period) and the unchanged row take the one-row
# path, each after writing the batch before it: the rowids follow the file.
printf '%s\n' region,indicator,period,value \
    panshan,hightech,2020-03,6 panjin,hightech,2020-01,20 gaoxin,tech_sme,2020-02,7 \
    panshan,hightech,2019-12,8 panjin,hightech,2020-03,9 panshan,hightech,2020-02,4 >b.csv
expect_code 0 attain --lang en load b.csv
expect_stdout "b.csv: observations: 4 new, 1 changed, 1 unchanged
load 3 done"
[ "$(rows)" = "1 panjin hightech 2020-01 20.0 - 3
2 panjin hightech 2020-02 5.0 月报 2
3 panshan hightech 2020-01 1.0 年报 2
4 panshan hightech 2020-02 4.0 年报 2
5 gaoxin tech_sme 2020-01 3.0 年报 2
6 panshan hightech 2020-03 6.0 - 3
7 gaoxin tech_sme 2020-02 7.0 - 3
8 panshan hightech 2019-12 8.0 - 3
9 panjin hightech 2020-03 9.0 - 3" ] || fail "after b.csv: $(rows)"
[ "$(sql "SELECT period || ' ' || value || ' ' || load_id || ' ' || replaced_by FROM observation_revisions")" = "2020-01 2.0 2 3" ] ||
    fail "revisions: $(sql 'SELECT * FROM observation_revisions')"
[ "$(sql "SELECT group_concat(row_id || ' ' || op || coalesce(' ' || last_row, ''), ';') FROM (SELECT * FROM load_undo WHERE load_id = 3 AND tbl = 'observations' ORDER BY id)")" = "1 update;6 insert 9" ] ||
    fail "load 3's undo record: $(sql "SELECT * FROM load_undo WHERE load_id = 3")"

# The first 2021-01 still waits for its batch when the second comes.
printf '%s\n' region,indicator,period,value panjin,guarantee,2021-01,1 panjin,guarantee,2021-02,2 \
    panjin,guarantee,2021-01,1 panjin,guarantee,2021-01,3 >c.csv
before=$(db_digest)
expect_code 65 attain --lang en load c.csv
expect_stderr "c.csv:5:4: observation 'panjin' 'guarantee' '2021-01' given twice with different values ('1' at c.csv:2, '3' at c.csv:5)"
expect_db_unchanged "$before"

expect_code 0 attain revert --load 3
rows >rows.reverted
cmp -s rows.a rows.reverted || fail "revert: $(rows)"
pass
