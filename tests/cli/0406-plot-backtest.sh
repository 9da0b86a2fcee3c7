# attain plot backtest --from FILE draws the model summary rows (region and
# indicator empty) of `attain backtest --format csv` (tests/data/plots/
# backtest.csv is such a file): sMAPE, MASE and interval coverage, one bar
# per model; a file that is not such a table is a located error (65), a
# missing one 66, and without --from the chart says what it needs (2).
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"

D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv"
expect_code 0 attain plot backtest --from "$D/backtest.csv" --out "$T/bt.svg"
expect_stdout "$T/bt.svg"
expect_stderr_empty
# 12 summary rows, so 12 models, each a tic label in each of the 4 panels.
# The title counts the file's series (1: east hitech) and the fewest and most forecasts of a
# model (25 for gompertz, 40 for logistic, 48 for the others); each label carries its model's count.
grep -qF "回测：1 条序列上各模型预测精度（每个模型 25–48 次预测）" "$T/bt.svg" || fail "title"
expect_code 0 attain --lang en plot backtest --from "$D/backtest.csv" --out "$T/bt-en.svg"
grep -qF "Backtest on 1 series: accuracy of each model (25–48 forecasts per model)" "$T/bt-en.svg" ||
    fail "en title"
grep -qF "source: $D/backtest.csv; (n) forecasts of the model; dashed lines" "$T/bt-en.svg" ||
    fail "en footnote"
for m in drift exp damped linear logistic poisson negbin gompertz auto combo theta naive; do
    n=$(awk -F, -v m="$m" '$1 == "" && $3 == m { print $4 }' "$D/backtest.csv")
    [ "$(grep -c "<text>$m ($n)</text>" "$T/bt.svg")" = 4 ] || fail "model '$m ($n)' not in every panel"
done
# The values shown are the file's: naive's sMAPE 22.406... and cover80 0.14583 (as %).
grep -qF '<text> 22.4</text>' "$T/bt.svg" || fail "naive's sMAPE"
grep -qF '<text> 14.6</text>' "$T/bt.svg" || fail "naive's 80% coverage in percent"
expect_code 0 attain plot backtest --from "$D/backtest.csv" --out "$T/bt.png"
[ "$(od -An -tx1 -N8 "$T/bt.png" | tr -d ' ')" = 89504e470d0a1a0a ] || fail "bt.png: not a PNG"

expect_code 2 attain --lang en plot backtest --out "$T/x.png"
expect_stderr "attain plot: chart 'backtest' draws the output of 'attain backtest --format csv': give that file with '--from FILE'"
printf 'region,indicator,model\n' >bad.csv
expect_code 65 attain --lang en plot backtest --from bad.csv --out "$T/x.png"
expect_stderr "bad.csv:1:1: not the output of 'attain backtest --format csv': no column 'forecasts'"
head -n 1 "$D/backtest.csv" >nosum.csv
grep '^east' "$D/backtest.csv" >>nosum.csv
expect_code 65 attain --lang en plot backtest --from nosum.csv --out "$T/x.png"
expect_stderr "attain: 'nosum.csv' has no summary rows (region and indicator empty) to draw"
sed 's/^,,exp,48,[^,]*,[^,]*,/,,exp,48,1,-3,/' "$D/backtest.csv" >neg.csv
expect_code 65 attain --lang en plot backtest --from neg.csv --out "$T/x.png"
expect_stderr "neg.csv:6:6: '-3' is not a number >= 0 (column 'smape')"
expect_code 66 attain --lang en plot backtest --from nope.csv --out "$T/x.png"
expect_stderr "attain: cannot open 'nope.csv': No such file or directory"
[ ! -e "$T/x.png" ] || fail "x.png written"
pass
