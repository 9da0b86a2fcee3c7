# attain targets --model M notes the targets whose probability M moves by at
# least 0.3 from the default's (auto): flag model_differs=P with P auto's
# probability, read here from a plain `attain targets` at the same seed and
# paths; every other target has no such flag.  The table's note says both
# numbers and what auto ran, in en and zh.  Without --model, no flag.
. "$(dirname "$0")/lib.sh"

D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
expect_code 0 attain --paths 200 --format csv targets
cp "$OUT" auto.csv
grep -q model_differs auto.csv && fail "model_differs without --model"
expect_code 0 attain --paths 200 --format csv targets --model naive
cp "$OUT" naive.csv
# Columns: 10 probability, 14 model, 17 flags; rows in the same order.
want=$(paste -d'|' auto.csv naive.csv | awk -F'|' 'NR > 1 {
    split($1, a, ","); split($2, b, ",");
    d = b[10] - a[10]; if (d < 0) d = -d;
    printf "%s %s %s %s\n", b[1], b[2], b[3], (a[10] != "" && b[10] != "" && d >= 0.3) ? sprintf("model_differs=%.3f", a[10]) : "-" }')
got=$(awk -F, 'NR > 1 { f = "-"; n = split($17, x, ";");
    for (i = 1; i <= n; i++) if (x[i] ~ /^model_differs=/) f = x[i];
    printf "%s %s %s %s\n", $1, $2, $3, f }' naive.csv)
[ "$got" = "$want" ] || fail "model_differs flags:
got:
$got
want:
$want"
echo "$got" | grep -q "model_differs=" || fail "no target flagged with --model naive"

# The note of the first flagged target, its numbers from the two csv files.
line=$(paste -d'|' auto.csv naive.csv | awk -F'|' 'NR > 1 && $2 ~ /model_differs=/ { print; exit }')
IFS=, read -r -a a <<<"${line%%|*}"
IFS=, read -r -a b <<<"${line#*|}"
pa=$(awk -v p="${a[9]}" 'BEGIN { printf "%.0f", 100 * p }')
pb=$(awk -v p="${b[9]}" 'BEGIN { printf "%.0f", 100 * p }')
expect_code 0 attain --paths 200 --lang en targets --model naive
expect_contains "$pb% with --model naive; the default (auto) says $pa% (${a[13]}): a large change, check the model chosen"
expect_code 0 attain --paths 200 targets --model naive
expect_contains "使用 --model naive 为 $pb%; 默认 (auto) 为 $pa% (${a[13]}), 差别很大, 请核对所选模型"
pass
