# Runs are records: each forecast/targets run is a row of `runs` with its
# command, arguments, seed, paths, inputs digest, series and models; the
# same inputs give the same digest, --as-of (other inputs) another; a failed
# run leaves no row, and a run whose probabilities cannot all be recorded
# leaves neither its row nor any of them (one transaction).
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
expect_code 0 attain forecast --model drift --seed 8 --paths 50 --horizon 1 --indicator firms
expect_code 0 attain targets --model drift --seed 8 --paths 50
expect_code 0 attain targets --model drift --seed 8 --paths 50
expect_code 0 attain targets --model drift --seed 8 --paths 50 --as-of 2019
expect_code 65 attain targets --region nowhere
expect_code 0 attain list runs --format csv
cut -d, -f1,2,5,6,7,9,10 "$OUT" | sed 's/,"{/,{/; s/}"$/}/' >runs.csv
d1=$(sed -n 3p "$OUT" | cut -d, -f8)
d2=$(sed -n 4p "$OUT" | cut -d, -f8)
d3=$(sed -n 5p "$OUT" | cut -d, -f8)
[ "$d1" = "$d2" ] || fail "same inputs, different digests: $d1 $d2"
[ "$d1" != "$d3" ] || fail "--as-of 2019 read other inputs but has the same digest"
echo "$d1" | grep -Eq '^[0-9a-f]{16}$' || fail "digest '$d1'"
head -1 "$OUT" | grep -q '^id,command,at,version,seed,paths,args,inputs_digest,series,models$' ||
    fail "runs header: $(head -1 "$OUT")"
awk -F, 'NR == 2 && !($2 == "forecast" && $5 == 8 && $6 == 50 && $7 == "--model drift --horizon 1 --indicator firms" && $9 == 3) { bad = 1 }
         NR == 3 && !($2 == "targets" && $9 == 6) { bad = 1 }
         END { if (NR != 5) bad = 1; exit bad }' "$OUT" || fail "runs rows: $(cat "$OUT")"
expect_contains '{""drift"":3}'

# The store refuses the third probability of the next run.
sqlite3 "$ATTAIN_DB" "CREATE TRIGGER full BEFORE INSERT ON run_targets
    WHEN (SELECT count(*) FROM run_targets WHERE run_id = NEW.run_id) >= 2
    BEGIN SELECT RAISE(ABORT, 'no room'); END;"
before=$(sqlite3 "$ATTAIN_DB" "SELECT count(*) FROM runs; SELECT count(*) FROM run_targets;" | tr '\n' ' ')
expect_code 74 attain targets --model drift --seed 8 --paths 50
expect_stderr "attain: 无法记录本次运行的概率：no room"
after=$(sqlite3 "$ATTAIN_DB" "SELECT count(*) FROM runs; SELECT count(*) FROM run_targets;" | tr '\n' ' ')
[ "$before" = "$after" ] || fail "a run that failed to record left rows: runs, run_targets $before -> $after"
pass
