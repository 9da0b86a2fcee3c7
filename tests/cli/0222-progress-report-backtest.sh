# report and backtest draw a progress bar on stderr when it is a terminal
# (a pseudo-terminal made by script(1)), as targets and forecast do; without
# a terminal they draw none and stdout is the same either way.
. "$(dirname "$0")/lib.sh"
command -v script >/dev/null || skip "no script(1)"
command -v gnuplot >/dev/null || skip "no gnuplot"
expect_code 0 attain load "$ATTAIN_SRC"/datasets/panjin/*.csv
expect_code 0 attain --paths 50 report --out r1
expect_stderr_empty
script -qec "'$ATTAIN' --db '$ATTAIN_DB' --paths 50 report --out r2 >report.out" tty.txt >/dev/null
grep -q 'forecast \[#' tty.txt || fail "no progress bar for report: $(head -c 300 tty.txt | od -c | head -5)"
[ "$(cat report.out)" = r2/index.html ] || fail "report's stdout on a terminal: $(cat report.out)"
expect_code 0 attain --paths 50 --format csv backtest --origins 2 --horizon 2 --region panjin
expect_stderr_empty
cp "$OUT" plain.csv
script -qec "'$ATTAIN' --db '$ATTAIN_DB' --paths 50 --format csv backtest --origins 2 --horizon 2 --region panjin >bt.out" bt.txt >/dev/null
grep -q 'backtest \[#' bt.txt || fail "no progress bar for backtest: $(head -c 300 bt.txt | od -c | head -5)"
cmp -s plain.csv bt.out || fail "backtest's stdout differs on a terminal"
pass
