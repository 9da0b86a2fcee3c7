# --region and --indicator compute only the trees of what they ask for, and
# numbers do not depend on the filter: a district's rows are those of the
# whole run whether the district, its city or nothing is asked for; so are
# a lone town's and an indicator's, in targets and in forecast.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/multicity
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" \
    "$D/targets.csv"
for cmd in targets forecast; do
    expect_code 0 attain --seed 9 --paths 200 --format csv $cmd
    tail -n +2 "$OUT" >whole.csv
    for r in gamma1 gamma beta0 lone2 alpha; do
        expect_code 0 attain --seed 9 --paths 200 --format csv $cmd --region $r
        grep "^$r," whole.csv >want.csv
        [ -s want.csv ] || fail "$cmd: no rows for $r in the whole run"
        tail -n +2 "$OUT" | diff want.csv - >/dev/null || fail "$cmd --region $r differs from the whole run"
    done
    expect_code 0 attain --seed 9 --paths 200 --format csv $cmd --region gamma2 --indicator events
    grep "^gamma2,events," whole.csv | diff - <(tail -n +2 "$OUT") >/dev/null ||
        fail "$cmd --region gamma2 --indicator events differs from the whole run"
    expect_code 0 attain --seed 9 --paths 200 --format csv $cmd --indicator patents
    awk -F, '$2 == "patents"' whole.csv | diff - <(tail -n +2 "$OUT") >/dev/null ||
        fail "$cmd --indicator patents differs from the whole run"
done
pass
