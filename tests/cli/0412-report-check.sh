# The bulletin's method note carries the `attain backtest --targets`
# sentence, computed on the report's own data: its numbers (the 60-80%
# bucket's met share, its n, all targets) are read here from `backtest
# --targets --format csv` at the same seed and paths, in zh and en; with
# --as-of 2021 they are those of a database holding only the figures up to
# 2021.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"

D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"

# met%, n and total of a `backtest --targets --format csv` in $OUT.
bucket() {
    awk -F, 'NR > 1 { t += $2 } $1 == "60-80%" { n = $2; m = $4 }
             END { printf "%.0f %d %d\n", 100 * m, n, t }' "$OUT"
}

expect_code 0 attain --paths 200 --format csv backtest --targets
read -r met n total <<<"$(bucket)"
[ "$n" -gt 0 ] || fail "no target in the 60-80% bucket: $(cat "$OUT")"
expect_code 0 attain --paths 200 report --out "$T/zh"
grep -qF "<li><b>可信度检验</b>：在本库历史上按滚动起点回放的计划式目标中, 给出 60%–80% 概率的目标实际达成 $met% (n = $n, 共 $total 个目标)。（attain backtest --targets：最近 3 个起点" \
    "$T/zh/index.html" || fail "zh sentence, want $met% n=$n of $total: $(grep -o '可信度检验.*' "$T/zh/index.html")"
expect_code 0 attain --paths 200 --lang en report --out "$T/en"
grep -qF "<li><b>How far to trust the probabilities</b>: Replayed on this database's own history from rolling origins, plan-like targets given 60-80% were met $met% of the time (n = $n, of $total targets).  (attain backtest --targets: the last 3 origins" \
    "$T/en/index.html" || fail "en sentence, want $met% n=$n of $total: $(grep -o 'How far to trust.*' "$T/en/index.html")"

# --as-of 2021: the data up to 2021 only, as a database that never had 2022-2023
# (2022 gave the same 60-80% bucket as all the data once the models changed, 2026-12-02).
cut -d, -f1-8 "$D/observations.csv" >"$T/obs2021.csv"
expect_code 0 attain --db "$T/cut.db" load "$D/regions.csv" "$D/indicators.csv" "$T/obs2021.csv" "$D/targets.csv"
expect_code 0 attain --db "$T/cut.db" --paths 200 --format csv backtest --targets
read -r met2 n2 total2 <<<"$(bucket)"
expect_code 0 attain --paths 200 --lang en report --as-of 2021 --out "$T/a"
grep -qF "were met $met2% of the time (n = $n2, of $total2 targets)." "$T/a/index.html" ||
    fail "--as-of 2021, want $met2% n=$n2 of $total2: $(grep -o 'How far to trust.*' "$T/a/index.html")"
[ "$met2 $n2" != "$met $n" ] || fail "--as-of 2021 gave the sentence of all the data ($met% n=$n)"
pass
