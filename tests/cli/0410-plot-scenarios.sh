# attain plot with scenario files, drawn by the real gnuplot: `scenarios`
# (the probability of each target the scenarios move, under the baseline and
# each scenario, with their names in the legend) and `projection --scenario`
# (the scenario's median and 80% band over the baseline's fan, and its
# probability beside the baseline's, as `scenario compare` gives them).
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"

D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
printf '[scenario]\nname = 加速\n[hitech]\ngrowth = ×1.5\n' >fast.ini
printf '[scenario]\nname = 放缓\n[hitech]\ngrowth = -30%%\n' >slow.ini

expect_code 0 attain --paths 200 plot scenarios --scenario fast.ini --scenario slow.ini --out s.svg
expect_stdout "s.svg"
expect_stderr_empty
tail -c 20 s.svg | grep -q '</svg>' || fail "s.svg: no </svg> at the end"
for word in 情景比较 基线 加速 放缓; do
    grep -qF "$word" s.svg || fail "s.svg does not show '$word'"
done

expect_code 0 attain --paths 200 plot projection --indicator hitech --scenario fast.ini --out p.svg
expect_stdout "p.svg"
expect_code 0 attain --paths 200 --format csv scenario compare fast.ini --region 示例市 \
    --indicator hitech
words=$(awk -F, '$7 == "加速" { p = $9
    if (p > 0 && p < 0.01) print "<1%"
    else printf "%d%%\n", int(p * 100 + 1e-9) }' "$OUT" | head -1)
grep -qF "加速 达成概率 $words" p.svg || fail "p.svg does not say '加速 达成概率 $words'"
expect_code 2 attain plot scenarios --out x.png
[ ! -e x.png ] || fail "x.png was written"
pass
