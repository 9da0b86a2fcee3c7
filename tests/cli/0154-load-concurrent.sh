# Two loads and a targets run at once, three times over: every command
# succeeds (the second writer waits for the first, the reader waits for
# no one), and nothing is lost.
. "$(dirname "$0")/lib.sh"

gen_obs all.csv 20 10 80
{ head -1 all.csv; sed -n '2,4001p' all.csv; } >base.csv # 1901-1920
printf 'region,indicator,deadline,kind,value\nr1,i1,2100,level,100\nr2,i3,2100,level,50\n' >targets.csv
expect_code 0 attain --lang en load regions.csv indicators.csv base.csv targets.csv
for round in 1 2 3; do
    # Two new decades each round, and the same rows again: 4000 + 4000 new.
    y1=$((1901 + 20 * round))
    awk -F, -v y="$y1" 'NR == 1 || ($3 >= y && $3 < y + 10)' all.csv >a.csv
    awk -F, -v y="$y1" 'NR == 1 || ($3 >= y + 10 && $3 < y + 20)' all.csv >b.csv
    "$ATTAIN" --lang en load a.csv >a.out 2>a.err &
    pa=$!
    "$ATTAIN" --lang en load b.csv >b.out 2>b.err &
    pb=$!
    "$ATTAIN" --paths 100 targets --format csv >t.out 2>t.err &
    pt=$!
    wait "$pa" || fail "round $round: load a exited $?: $(cat a.err)"
    wait "$pb" || fail "round $round: load b exited $?: $(cat b.err)"
    wait "$pt" || fail "round $round: targets exited $?: $(cat t.err)"
    [ "$(wc -l <t.out)" = 3 ] || fail "round $round: targets printed $(cat t.out)"
    grep -q 'a.csv: observations: 2000 new' a.out || fail "round $round: $(cat a.out)"
    grep -q 'b.csv: observations: 2000 new' b.out || fail "round $round: $(cat b.out)"
done
[ "$(sqlite3 "$ATTAIN_DB" 'SELECT count(*) FROM observations')" = $((4000 + 3 * 4000)) ] ||
    fail "observations lost: $(sqlite3 "$ATTAIN_DB" 'SELECT count(*) FROM observations')"
[ "$(sqlite3 "$ATTAIN_DB" 'SELECT count(*) FROM loads')" = 7 ] || fail "loads lost"
[ "$(sqlite3 "$ATTAIN_DB" "SELECT count(*) FROM runs WHERE command = 'targets'")" = 3 ] ||
    fail "runs lost"
[ "$(sqlite3 "$ATTAIN_DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed"
pass
