# A revert replays its load's record a chunk of steps at a time (4,096), so
# that a large load is not held whole in memory: 4,200 observations are
# added (one range), taken back (4,200 steps, one per row), and put back by
# reverting the revert, which crosses a chunk's end.  The rows come back as
# they were, rowids included.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
# monthly REGION INDICATOR MONTHS: a row a month for 1901-2000, months 01..MONTHS, the value y + m / 100.
monthly() {
    awk -v r="$1" -v i="$2" -v n="$3" 'BEGIN {
        for (y = 1901; y <= 2000; y++)
            for (m = 1; m <= n; m++)
                printf "%s,%s,%d-%02d,%d.%02d\n", r, i, y, m, y, m
    }'
}
{
    echo region,indicator,period,value
    monthly panjin hightech 12
    monthly panshan hightech 12
    monthly gaoxin tech_sme 12
    monthly panjin guarantee 6
} >big.csv
[ "$(($(wc -l <big.csv) - 1))" = 4200 ] || fail "big.csv has $(($(wc -l <big.csv) - 1)) rows"
expect_code 0 attain --lang en load big.csv
expect_stdout "big.csv: observations: 4200 new, 0 changed, 0 unchanged
load 2 done"
rows() { sql "SELECT group_concat(rowid || ' ' || region_id || ' ' || indicator_id || ' ' || period || ' ' || value || ' ' || load_id, ';') FROM observations"; }
rows >rows.loaded
expect_code 0 attain --lang en revert --load 2
expect_stdout "reverted load 2
observations: 4200 removed
load 3 done"
[ "$(sql "SELECT count(*) FROM load_undo WHERE load_id = 3 AND tbl = 'observations'")" = 4200 ] ||
    fail "the revert's record: $(sql "SELECT count(*) FROM load_undo WHERE load_id = 3")"
[ "$(sql 'SELECT count(*) FROM observations')" = 0 ] || fail "the revert left rows"
expect_code 0 attain --lang en revert --load 3
expect_stdout "reverted load 3
observations: 4200 put back
load 4 done"
rows >rows.back
cmp -s rows.loaded rows.back || fail "the rows put back differ from those loaded"
pass
