# The equal-risk split beside the plan's, where analysts and directors see
# it: `attain plot allocation` draws three bars a district (the plan's
# share, the equal-risk share, the expected delivery) and the bulletin's
# section 五、目标分解 says, for every indicator the plan splits, how sure the
# districts are of the plan's shares and of the equal-risk ones.  Its
# figures for 科技型中小企业 2021 are those of `attain allocate` at the same
# seed and paths (p* and the joint probability), in both languages.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"

expect_code 0 attain --paths 300 demo --out "$T/d"
export ATTAIN_DB="$T/d/attain.db"
html="$T/d/index.html"
grep -qF '<h2>五、目标分解</h2>' "$html" || fail "no allocation section"
verdict=$(grep -o '<p class="verdict">科技型中小企业：[^<]*' "$html") ||
    fail "no verdict for 科技型中小企业"
expect_code 0 attain --paths 300 allocate --indicator tech_sme --year 2021 --format csv
pstar=$(awk -F, '$3 == "city" { printf "%d%%", int($15 * 100 + 1e-7) }' "$OUT")
expect_code 0 attain --paths 300 allocate --indicator tech_sme --year 2021 --evaluate plan
lo_hi=$(sed -n 's/^各县区完成各自份额的把握在 \(.*\) 到 \(.*\) 之间;.*/\1 到 \2/p' "$OUT" | sed 's/</\&lt;/g')
case "$verdict" in
*"规划分解（各县区合计 32，全市目标 30）：各县区完成各自份额的把握在 $lo_hi 之间"*) ;;
*) fail "the plan's verdict differs from attain allocate ($lo_hi): $verdict" ;;
esac
case "$verdict" in
*"按等风险分配，各县区均有约 $pstar 的把握完成"*) ;;
*) fail "the equal-risk verdict differs from attain allocate (p* $pstar): $verdict" ;;
esac
# Every indicator with district targets gets a chart and a verdict.
n_alloc=$(ls "$T/d/charts" | grep -c '^allocation-.*\.svg$')
[ "$n_alloc" -ge 5 ] || fail "only $n_alloc allocation charts"
[ "$(grep -c '<p class="verdict">' "$html")" = "$n_alloc" ] || fail "a chart without its verdict"

expect_code 0 attain --paths 300 plot allocation --indicator 科技型中小企业 --year 2021 --out a.svg
grep -qF '等风险分配' a.svg || fail "no equal-risk bars in the chart"
expect_code 0 attain --paths 300 --lang en plot allocation --indicator tech_sme --year 2021 --out a.png
[ "$(head -c 8 a.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "not a PNG"
[ "$(stat -c %s a.png)" -gt 20000 ] || fail "the PNG is too small to hold the chart"
expect_code 0 attain --paths 300 --lang en report --out "$T/en"
grep -qF '<h2>5. How targets are split</h2>' "$T/en/index.html" || fail "no English section"
grep -qF 'Split at equal risk, every district has about a' "$T/en/index.html" ||
    fail "no English verdict"
pass
