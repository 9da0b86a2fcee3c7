# attain plot: every chart kind that has data, in every format, drawn by the
# real gnuplot: the file is a valid PNG (magic bytes, IHDR size 2400x1500),
# SVG (well-formed ends, the chart's Chinese title as text) or PDF (%PDF-
# header, %%EOF trailer); stdout names the file; nothing on stderr.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"

D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"

# png_size FILE: "WIDTHxHEIGHT" from the IHDR chunk (bytes 16..23, big-endian).
png_size() {
    local b
    read -r -a b <<<"$(od -An -tu1 -j16 -N8 "$1")"
    echo "$(((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]))x$(((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]))"
}

# The text each kind's SVG must show (titles built from the data, zh).
declare -A title=(
    [projection]="示例市 · 高新技术企业：2025 年达到 150 家"
    [districts]="高新技术企业（家）：示例市 各县区"
    [dashboard]="各项目标达成概率"
    [allocation]="高新技术企业：2025 年各县区目标、等风险分配与预期完成"
)
for kind in projection districts dashboard allocation; do
    for ext in png svg pdf; do
        f="$T/$kind.$ext"
        expect_code 0 attain --paths 200 plot "$kind" --indicator hitech --out "$f"
        expect_stdout "$f"
        expect_stderr_empty
        [ -s "$f" ] || fail "$f is empty"
        case $ext in
        png)
            [ "$(od -An -tx1 -N8 "$f" | tr -d ' ')" = 89504e470d0a1a0a ] || fail "$f: not a PNG"
            [ "$(png_size "$f")" = 2400x1500 ] || fail "$f: size $(png_size "$f"), want 2400x1500"
            [ "$(stat -c %s "$f")" -gt 20000 ] || fail "$f: too small to hold a chart"
            ;;
        svg)
            head -c 200 "$f" | grep -q '<svg' || fail "$f: no <svg at the start"
            tail -c 20 "$f" | grep -q '</svg>' || fail "$f: no </svg> at the end"
            grep -qF "${title[$kind]}" "$f" || fail "$f: no title '${title[$kind]}'"
            ;;
        pdf)
            [ "$(head -c 5 "$f")" = "%PDF-" ] || fail "$f: not a PDF"
            tail -c 32 "$f" | grep -q '%%EOF' || fail "$f: no %%EOF trailer"
            ;;
        esac
    done
done

# The probability in words, from `attain targets` (same seed, same paths),
# rounded down as the chart rounds it (never across a status threshold, never
# "0%" unless it is).
expect_code 0 attain --paths 200 --format csv targets --region 示例市 --indicator hitech
words=$(awk -F, 'NR == 2 { p = $10
    if (p > 0 && p < 0.01) print "<1%"
    else printf "%d%%\n", int(p * 100 + 1e-9) }' "$OUT") # down, as plot_percent
grep -qF "达成概率 $words" "$T/projection.svg" || fail "projection.svg does not say '达成概率 $words'"

# A district's target, in English with --lang en.
expect_code 0 attain --paths 200 --lang en plot projection --region west --indicator sme --year 2025 --out "$T/en.svg"
grep -qF "West · technology-based SMEs: reach 60 entities by 2025" "$T/en.svg" || fail "en.svg: English title"
grep -qF "median forecast" "$T/en.svg" || fail "en.svg: English legend"
pass
