# The demo's bulletin printed to PDF by headless Chromium, as a reader
# would print it: page 1 carries the title, the demo warning, the summary
# and the whole dashboard; every page's footer says the history is
# illustrative; the page count is what it was when this test was written
# (a change to the bulletin that moves it should update the number here
# after looking at the PDF).  A bulletin on data without illustrative rows
# says nothing of the kind.  Also: targets.xlsx is written beside
# index.html.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"
command -v chromium >/dev/null || skip "no chromium"
command -v pdftotext >/dev/null || skip "no pdftotext (poppler-utils)"
PAGES=31

print_pdf() { # HTML PDF
    chromium --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --user-data-dir="$T/chromium" \
        --no-pdf-header-footer --print-to-pdf="$2" "file://$1" >/dev/null 2>&1
    [ -s "$2" ] || fail "chromium printed nothing for $1"
}

expect_code 0 attain demo --out "$T/d"
[ -s "$T/d/targets.xlsx" ] || fail "no targets.xlsx beside index.html"
# Its sheets: every target, then one per indicator split among districts (as many as district charts).
if command -v unzip >/dev/null; then
    unzip -p "$T/d/targets.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' >sheets.txt
    [ "$(head -1 sheets.txt)" = '<sheet name="目标"' ] || fail "first sheet: $(head -1 sheets.txt)"
    grep -qF '<sheet name="高新技术企业 2021"' sheets.txt || fail "no sheet for the 高新技术企业 split"
    [ $(($(wc -l <sheets.txt) - 1)) = "$(ls "$T/d/charts" | grep -c '^districts-.*\.png$')" ] ||
        fail "$(wc -l <sheets.txt) sheets for $(ls "$T/d/charts" | grep -c '^districts-.*\.png$') district charts"
fi
# The summary's count is the targets `attain targets` puts on track.
on=$(attain --db "$T/d/attain.db" targets --format csv | grep -c ',on_track,')
[ "$on" -gt 0 ] || fail "no target on track in the demo"
print_pdf "$T/d/index.html" "$T/zh.pdf"
pages=$(pdfinfo "$T/zh.pdf" | awk '/^Pages:/ { print $2 }')
[ "$pages" = "$PAGES" ] || fail "the bulletin prints on $pages pages, not $PAGES"
pdftotext -f 1 -l 1 "$T/zh.pdf" "$T/p1.txt"
pdftotext -f 2 -l 2 "$T/zh.pdf" "$T/p2.txt"
for want in '盘锦市目标进展简报' '数据截至 2021-06' '示例数据：本简报所依据的历史数据为演示用的示例数据' \
    '一、总体情况' "83 项目标中 $on 项按期达成概率 ≥ 80%" '盘锦市各项目标达成概率' \
    '创业培训 · 2021' '独角兽企业 · 2021–2025' '达成概率 = 2000 条模拟路径中达到目标的比例'; do
    grep -qF -- "$want" "$T/p1.txt" || fail "page 1 lacks '$want':
$(head -c 1500 "$T/p1.txt")"
done
! grep -qF '盘锦市各项目标达成概率' "$T/p2.txt" || fail "the dashboard reaches page 2"
foot=$(pdftotext "$T/zh.pdf" - | grep -cF '示例数据：历史数据为演示用示例（source=illustrative），并非实际统计数')
[ "$foot" = "$PAGES" ] || fail "the illustrative-data footer is on $foot of $PAGES pages"

# In English, the same warning in English.
expect_code 0 attain --db "$T/d/attain.db" --lang en report --out "$T/en"
print_pdf "$T/en/index.html" "$T/en.pdf"
pdftotext -f 1 -l 1 "$T/en.pdf" "$T/e1.txt"
grep -qF 'Illustrative data: the history behind this bulletin was invented for the demo' "$T/e1.txt" ||
    fail "page 1 (en) lacks the warning"
grep -qF 'Probability of meeting each target: Panjin' "$T/e1.txt" || fail "page 1 (en) lacks the dashboard"

# Data of its own (no illustrative rows): no warning.
D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain --db own.db load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
expect_code 0 attain --db own.db --paths 200 report --out "$T/own"
! grep -qF '示例数据' "$T/own/index.html" || fail "a bulletin on real data calls it illustrative"
pass
