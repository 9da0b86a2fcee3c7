# The console's findings reach the bulletin: every note 'attain targets'
# prints about a target (a split that does not add up, a district without
# a share, ...) is said in the bulletin right under that target's row, and
# the tally of who is behind, by region and by lead unit, is there too
# (same seed, paths and model, so the same findings).
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"
D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
expect_code 0 attain --seed 9 --paths 300 targets
cp "$OUT" console.txt
sed -n '/^注:$/,/^$/p' console.txt | grep '^  ' >notes.txt
[ -s notes.txt ] || fail "attain targets printed no notes"
expect_code 0 attain --seed 9 --paths 300 report --out r
page=r/index.html
grep -o '<tr class="note[^"]*"><td></td><td colspan="9">[^<]*' "$page" | sed 's/.*colspan="9">//' >said.txt
n=0
while IFS= read -r line; do
    said=${line#*: }
    grep -qxF -- "$said" said.txt || fail "the bulletin does not say '$said' (from: $line)"
    n=$((n + 1))
done <notes.txt
[ "$n" -ge 2 ] || fail "only $n notes"
grep -qF '各县区分解目标合计 10, 与本目标不一致; 未分解到: 西区' said.txt || fail "the split of 双创活动"
# The note sits right under its target's row: the row before it names 双创活动.
grep -B1 -F '各县区分解目标合计 10, 与本目标不一致; 未分解到: 西区' "$page" | head -1 | grep -qF '双创活动' ||
    fail "the note is not under its target"
# Who is behind: the console's tally, as one line each in the bulletin.
region_line=$(sed -n '/按地区:$/,/^按牵头单位:$/p' console.txt | grep '^  ' | sed 's/^  //; s/: / /' |
    awk '{ printf "%s%s", (NR > 1 ? "、" : ""), $0 }')
grep -qF "未达有望完成（有风险或落后）的目标，按地区：</b> $region_line</li>" "$page" ||
    fail "the tally by region ('$region_line') is not in the bulletin"
pass
