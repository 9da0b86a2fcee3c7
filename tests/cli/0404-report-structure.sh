# attain report --out DIR: index.html is self-contained (no address, no
# script, charts inline as SVG, print CSS for A4), has the title with the
# as-of period, the summary line counted from `attain targets`, one table
# row per target, every chart it links to exists as PNG and SVG; the tables
# are beside it as CSV with a BOM; the same inputs and seed give the same
# page; --lang en writes it in English; the run is recorded.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"

D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
expect_code 0 attain --paths 200 report --out "$T/r"
expect_stdout "$T/r/index.html"
expect_stderr_empty
page="$T/r/index.html"

grep -qF '<title>示例市目标进展简报（数据截至 2023）</title>' "$page" || fail "title"
grep -qF '<h1><bdi>示例市</bdi>目标进展简报</h1>' "$page" || fail "h1"

# The summary, counted independently from `attain targets` (same seed and paths).
expect_code 0 attain --paths 200 --format csv targets
n=$(($(wc -l <"$OUT") - 1))
on=$(awk -F, 'NR > 1 && $11 == "on_track"' "$OUT" | wc -l)
risk=$(awk -F, 'NR > 1 && $11 == "at_risk"' "$OUT" | wc -l)
off=$(awk -F, 'NR > 1 && $11 == "off_track"' "$OUT" | wc -l)
[ "$n" = 8 ] || fail "want 8 targets, attain targets gave $n"
grep -qF "<p class=\"lead\">$n 项目标中 $on 项按期达成概率 ≥ 80%</p>" "$page" || fail "summary line"
grep -qF "<span class=\"on\">有望完成 $on</span><span class=\"risk\">有风险 $risk</span><span class=\"off\">落后 $off</span>" \
    "$page" || fail "status counts"

# The city's targets named by status, worst first, each with its years and probability.
cp "$OUT" targets.csv
for st in off_track:off:落后 at_risk:risk:有风险 on_track:on:有望完成; do
    IFS=: read -r key cls word <<<"$st"
    names=$(awk -F, -v k="$key" 'NR > 1 && $1 == "sample" && $11 == k { print $2 }' targets.csv)
    if [ -n "$names" ]; then
        grep -qF "<li><span class=\"tag $cls\">全市$word</span> " "$page" || fail "no list of city targets $key"
        for code in $names; do
            case $code in hitech) name=高新技术企业 ;; sme) name=科技型中小企业 ;; esac
            grep -F "<span class=\"tag $cls\">" "$page" | grep -qF "$name</bdi>（2025，" ||
                fail "$name is not listed as $key"
        done
    else
        grep -qF "<span class=\"tag $cls\">" "$page" && fail "a list of $key city targets, but none is"
    fi
done

# One status row per target, each with its lead unit.
[ "$(grep -c '^<tr class="r-' "$page")" = "$n" ] || fail "table rows: $(grep -c '^<tr class="r-' "$page")"
[ "$(grep -c '<td class="unit"><bdi>东区政府</bdi></td></tr>$' "$page")" = 2 ] || fail "lead unit cells"

# Charts: 2 city projections, the dashboard, districts and allocation per indicator.
[ "$(grep -o '<svg class="chart"' "$page" | wc -l)" = 7 ] || fail "inline charts: want 7"
grep -o 'href="charts/[^"]*"' "$page" | sed 's/^href="//; s/"$//' | sort -u >links.txt
[ "$(wc -l <links.txt)" = 14 ] || fail "want 14 chart links (PNG and SVG), got $(wc -l <links.txt)"
while read -r f; do
    [ -s "$T/r/$f" ] || fail "index.html links to missing $f"
    case $f in
    *.png) [ "$(od -An -tx1 -N8 "$T/r/$f" | tr -d ' ')" = 89504e470d0a1a0a ] || fail "$f: not a PNG" ;;
    *.svg) grep -q '</svg>' "$T/r/$f" || fail "$f: not an SVG" ;;
    esac
done <links.txt

# Self-contained: nothing fetched, nothing run; and it prints on A4.
grep -qE 'https?://|<script|<link|<img|<iframe|src=|@import|url\(http' "$page" &&
    fail "index.html refers outside itself: $(grep -oE 'https?://[^"]*|<script|<link|<img|src=' "$page" | head -3)"
grep -qF '@page{size:A4' "$page" || fail "no A4 page rule"
grep -qF '@media print' "$page" || fail "no print rules"

# targets.csv: UTF-8 with BOM for Excel, one row per target.
[ "$(head -c 3 "$T/r/targets.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "targets.csv: no BOM"
[ "$(($(wc -l <"$T/r/targets.csv") - 1))" = "$n" ] || fail "targets.csv rows"
head -n 1 "$T/r/targets.csv" | grep -qF 'region,region_name,indicator,indicator_name,unit,deadline' ||
    fail "targets.csv header"

# The same inputs and seed give the same bulletin.
expect_code 0 attain --paths 200 report --out "$T/r2"
cmp -s "$page" "$T/r2/index.html" || fail "a second run wrote a different index.html"
cmp -s "$T/r/targets.csv" "$T/r2/targets.csv" || fail "a second run wrote a different targets.csv"

# English.
expect_code 0 attain --paths 200 --lang en report --out "$T/en"
grep -qF '<html lang="en">' "$T/en/index.html" || fail "en: lang"
grep -qF "<title>Sample: progress towards the targets (data as of 2023)</title>" "$T/en/index.html" || fail "en: title"
verb=are
[ "$on" = 1 ] && verb=is
grep -qF "<p class=\"lead\">$on of $n targets $verb met on time with a probability of at least 80%</p>" \
    "$T/en/index.html" || fail "en: summary"
grep -q '目标进展简报' "$T/en/index.html" && fail "en: Chinese title words"

[ "$(sql "SELECT count(*) FROM runs WHERE command = 'report'")" = 3 ] || fail "runs: want 3 report runs"
pass
