# `attain scenario compare` on the demo's three scenarios: the table and
# the csv against golden files (fixed seed); the baseline column is what
# `attain targets` says; a scenario with no levers is the baseline exactly;
# the output is the same on 1 and 2 threads; the run is recorded with each
# file's name and digest.
. "$(dirname "$0")/lib.sh"

cp "$ATTAIN_SRC"/datasets/panjin/scenarios/*.ini .
S=.
demo_db "$T/d"
export ATTAIN_DB="$T/d/attain.db"
runs=$(sql 'SELECT count(*) FROM runs')

expect_code 0 attain --paths 300 scenario compare "$S/gaoxin-boost.ini" "$S/slowdown.ini" \
    "$S/all-out.ini" --region 盘锦市
expect_stderr_empty
expect_golden 0501-scenario-compare.table

expect_code 0 attain --paths 300 --threads 1 --format csv scenario compare "$S/gaoxin-boost.ini" \
    "$S/slowdown.ini" "$S/all-out.ini"
expect_golden 0501-scenario-compare.csv
cp "$OUT" one.csv
expect_code 0 attain --paths 300 --threads 2 --format csv scenario compare "$S/gaoxin-boost.ini" \
    "$S/slowdown.ini" "$S/all-out.ini"
cmp -s "$OUT" one.csv || fail "scenario compare depends on --threads"

# The baseline rows carry targets' probabilities and expected values.
expect_code 0 attain --paths 300 --format csv targets
awk -F, 'NR > 1 { print $1, $2, $3, $10, $7 }' "$OUT" >targets.txt
awk -F, 'NR > 1 && $7 == "baseline" { print $1, $2, $3, $9, $10 }' one.csv >baseline.txt
cmp -s targets.txt baseline.txt || fail "the baseline differs from 'attain targets':
$(diff targets.txt baseline.txt | head -5)"

# No levers: every row equals the baseline's, the changes are 0.
printf '[scenario]\nname = 不变\n' >same.ini
expect_code 0 attain --paths 300 --format csv scenario compare same.ini
awk -F, 'NR > 1 && $7 == "baseline" { print $9, $10, $11, $12 }' "$OUT" >b.txt
awk -F, 'NR > 1 && $7 == "不变" { print $9, $10, $11, $12; if ($14 != 0 || $15 != 0) bad = 1 }
         END { exit bad }' "$OUT" >s.txt || fail "an empty scenario changed something"
cmp -s b.txt s.txt || fail "an empty scenario differs from the baseline"

# Recorded: the files by name and digest.
[ "$(sql 'SELECT count(*) FROM runs')" = $((runs + 5)) ] || fail "runs not recorded"
d=$(sql "SELECT args FROM runs WHERE command = 'scenario compare' ORDER BY id DESC LIMIT 1")
case "$d" in
*"scenario same.ini "[0-9a-f]*) ;;
*) fail "the run does not record the scenario file and digest: $d" ;;
esac
pass
