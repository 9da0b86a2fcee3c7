# `attain backtest --excel > bt.csv` writes csv with a UTF-8 BOM (for
# Excel), and `attain plot backtest --from bt.csv` reads that file back: the
# BOM does not hide the 'region' column; plain --format csv has no BOM and
# reads the same.  The
# numbers follow the loader's rules (a thousands separator reads), and a
# field that is not a number is FILE:LINE:COL, exit 65.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"

D=$ATTAIN_TEST_DATA/backtest
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv"
"$ATTAIN" --seed 7 --paths 100 --excel backtest --origins 3 --horizon 3 >bt.csv ||
    fail "backtest exit $?"
[ "$(od -An -tx1 -N3 bt.csv | tr -d ' ')" = efbbbf ] || fail "bt.csv has no BOM"
"$ATTAIN" --seed 7 --paths 100 --format csv backtest --origins 3 --horizon 3 >plain.csv ||
    fail "backtest exit $?"
[ "$(head -c 6 plain.csv)" = region ] || fail "plain csv starts with a BOM"
tail -c +4 bt.csv | cmp -s - plain.csv || fail "--excel differs beyond its BOM"
expect_code 0 attain plot backtest --from plain.csv --out "$T/plain.svg"
expect_code 0 attain plot backtest --from bt.csv --out "$T/bt.svg"
expect_stdout "$T/bt.svg"
expect_stderr_empty
# The title counts the series and the fewest and most forecasts of the summary rows (read
# here with awk); when they differ, each model's label carries its own count.
series=$(awk -F, 'NR > 1 && $1 != "" { print $1 "," $2 }' plain.csv | sort -u | wc -l)
read -r few most <<<"$(awk -F, '$1 == "" && $2 == "" && $4 != "" { if (!n++ || $4 < lo) lo = $4; if ($4 > hi) hi = $4 }
    END { print lo, hi }' plain.csv)"
[ -n "$most" ] && [ "$most" -gt 0 ] || fail "no summary rows in bt.csv"
[ "$series" -gt 1 ] || fail "want several series, got $series"
if [ "$few" = "$most" ]; then range=$most label=auto; else
    range="$few–$most" label="auto ($(awk -F, '$1 == "" && $3 == "auto" { print $4 }' plain.csv))"
fi
grep -qF "回测：$series 条序列上各模型预测精度（每个模型 $range 次预测）" "$T/bt.svg" || fail "title"
[ "$(grep -c "<text>$label</text>" "$T/bt.svg")" = 4 ] || fail "model '$label' not in every panel"

# 1,200 forecasts (a thousands separator) read as 1200.
sed 's/^,,auto,[0-9]*,/,,auto,"1,200",/' bt.csv >sep.csv
expect_code 0 attain plot backtest --from sep.csv --out "$T/sep.svg"
grep -qF "（每个模型 $few–1200 次预测）" "$T/sep.svg" || fail "1,200 did not read as 1200"
[ "$(grep -c '<text>auto (1200)</text>' "$T/sep.svg")" = 4 ] || fail "auto's label without its 1200"

# A bad number: line and column of the field.
line=$(grep -n '^,,auto,' bt.csv | cut -d: -f1)
sed 's/^,,auto,\([0-9]*\),\([^,]*\),[^,]*,/,,auto,\1,\2,x2,/' bt.csv >bad.csv
expect_code 65 attain --lang en plot backtest --from bad.csv --out "$T/x.svg"
expect_stderr "bad.csv:$line:6: 'x2' is not a number >= 0 (column 'smape')"
# A file with nothing but a BOM is empty.
printf '\357\273\277' >empty.csv
expect_code 65 attain --lang en plot backtest --from empty.csv --out "$T/x.svg"
expect_stderr "empty.csv:1:1: empty file"
[ ! -e "$T/x.svg" ] || fail "x.svg written"
pass
