# A scenario with no levers gives output byte-identical to the baseline
# (targets, forecast); a scenario's output does not depend on --threads.
. "$(dirname "$0")/lib.sh"

S=$ATTAIN_SRC/datasets/panjin/scenarios
demo_db "$T/d"
export ATTAIN_DB="$T/d/attain.db"
printf '; nothing changes\n[scenario]\nname = 基线\nnote = 无杠杆\n\n[高新技术企业]\nregions = 盘锦高新区\n' >empty.ini

for cmd in targets forecast; do
    expect_code 0 attain --paths 300 --format csv $cmd
    cp "$OUT" base.csv
    expect_code 0 attain --paths 300 --format csv $cmd --scenario empty.ini
    expect_stderr_empty
    cmp -s "$OUT" base.csv || fail "$cmd --scenario with no levers differs from $cmd"
done

expect_code 0 attain --paths 300 targets
cp "$OUT" base.txt
expect_code 0 attain --paths 300 --threads 1 targets --scenario "$S/slowdown.ini"
cp "$OUT" one.txt
expect_code 0 attain --paths 300 --threads 2 targets --scenario "$S/slowdown.ini"
cmp -s "$OUT" one.txt || fail "targets --scenario depends on --threads"
cmp -s "$OUT" base.txt && fail "the slowdown changed nothing"
pass
