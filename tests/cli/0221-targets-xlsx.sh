# attain targets --format xlsx --out FILE writes the report's workbook for
# the targets selected and prints its path; its numbers are those of
# 'attain targets --format csv' (same seed), rounded as the workbook says:
# expected to 0.1, the probability down to a whole percent (below 1% kept).  --format xlsx
# needs --out, --out needs xlsx, and no other command writes xlsx.
. "$(dirname "$0")/lib.sh"
command -v unzip >/dev/null || skip "no unzip"
D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
expect_code 0 attain --paths 200 --format csv targets
cp "$OUT" t.csv
expect_code 0 attain --paths 200 --format xlsx targets --out t.xlsx
expect_stdout "t.xlsx"
expect_stderr_empty
unzip -p t.xlsx xl/worksheets/sheet1.xml >sheet1.xml || fail "no sheet1 in t.xlsx"
unzip -p t.xlsx xl/sharedStrings.xml >strings.xml || fail "no shared strings in t.xlsx"
for s in 地区 指标 达成概率 状态 所需年增长 示例市 高新技术企业; do
    grep -qF "<t>$s</t>" strings.xml || fail "no '$s' in the workbook"
done
# Row r + 1 of the sheet is row r of the csv: H expected, K probability.
n=$(($(wc -l <t.csv) - 1))
[ "$n" -ge 2 ] || fail "only $n targets"
awk -F, 'NR > 1 && $7 != "" {
    printf "H%d %.16g\n", NR, int($7 * 10 + 0.5) / 10
    # below 1% the chance itself, shown "<1%" by the cell format
    printf "K%d %.16g\n", NR, ($10 > 0 && $10 < 0.01) ? $10 : int($10 * 100 + 1e-9) / 100
}' t.csv >want.txt
[ -s want.txt ] || fail "no evaluated target in t.csv"
while read -r cell v; do
    grep -qE "<c r=\"$cell\" s=\"[0-9]+\"><v>$v</v></c>" sheet1.xml ||
        fail "cell $cell is not $v: $(grep -oE "<c r=\"$cell\"[^/]*</c>" sheet1.xml)"
done <want.txt
grep -q "<dimension ref=\"A1:P$((n + 1))\"/>" sheet1.xml || fail "not $n rows"
expect_code 2 attain --lang en --format xlsx targets
expect_stderr "attain targets: '--format xlsx' needs '--out FILE'"
expect_code 2 attain --lang en targets --out t.xlsx
expect_stderr "attain targets: option '--out' is for '--format xlsx'"
expect_code 2 attain --lang en --format xlsx list regions
expect_stderr "attain: '--format xlsx' is for 'attain targets --format xlsx --out FILE' only"
pass
