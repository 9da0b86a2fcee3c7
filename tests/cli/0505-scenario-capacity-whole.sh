# A capacity acts after reconciliation, and counts are made whole in
# reconciliation: on every path the districts still add up to the city, the
# counts stay whole and the city stays under its capacity.  With --paths 1 the
# median is the one path, so the sums can be checked on the output.
. "$(dirname "$0")/lib.sh"

S=$ATTAIN_SRC/datasets/panjin/scenarios
demo_db "$T/d"
export ATTAIN_DB="$T/d/attain.db"

# region,indicator,period,...,median (column 9) of the counts the scenarios
# lever: whole; the city (panjin) the sum of its districts; with CAP = 1
# (the scenario has the capacity), hightech at most the capacity 400.
# usage: check WHAT CAP
check() {
    awk -F, -v what="$1" -v cap="$2" '
        NR == 1 || $2 !~ /^(hightech|tech_sme|chuying)$/ { next }
        $9 != int($9) { printf "%s: %s %s %s is %s, not whole\n", what, $1, $2, $3, $9; bad++ }
        $1 == "panjin" { city[$2 "," $3] = $9; next }
        { sum[$2 "," $3] += $9 }
        END {
            for (k in city) {
                if ((k in sum) && city[k] != sum[k]) {
                    printf "%s: %s: city %s, districts %s\n", what, k, city[k], sum[k]; bad++
                }
                if (cap && k ~ /^hightech,/ && city[k] > 400) {
                    printf "%s: %s: city %s over the capacity 400\n", what, k, city[k]; bad++
                }
                n++
            }
            if (n == 0) { print what ": no city rows"; bad++ }
            exit bad > 0
        }' "$OUT" || fail "$1"
}

binds=0
for seed in 1 2 3 4; do
    expect_code 0 attain --seed $seed --paths 1 --format csv forecast --scenario "$S/all-out.ini"
    expect_stderr_empty
    check "forecast seed $seed" 1
    grep -q '^panjin,hightech,2025,[^,]*,400,' "$OUT" && binds=$((binds + 1))
    expect_code 0 attain --seed $seed --paths 1 --format csv forecast --scenario "$S/slowdown.ini"
    check "forecast slowdown seed $seed" 0 # no capacity: a single path may pass 400
done
# The capacity binds on some seed (else the check above proves nothing about it).
[ "$binds" -gt 0 ] || fail "the capacity 400 never binds in 2025"

# The compare path (each scenario on copies of the same paths): whole expected
# values, the city's level target under the capacity.
expect_code 0 attain --seed 1 --paths 1 --format csv scenario compare "$S/all-out.ini" \
    --indicator 高新技术企业
awk -F, 'NR > 1 && $10 != int($10) { print "compare: " $0 " not whole"; bad++ }
         $1 == "panjin" && $4 == "level" && $7 == "全市加力" && $10 > 400 { print "over: " $0; bad++ }
         END { exit bad > 0 }' "$OUT" || fail "scenario compare: counts not whole or over the capacity"
grep -q '^panjin,hightech,2025,level,2025,210,全市加力,[^,]*,1,400,' "$OUT" ||
    fail "compare seed 1: the city's 2025 level under 全市加力 is not the capacity 400"
pass
