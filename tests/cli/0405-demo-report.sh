# attain demo ends by writing the Panjin bulletin into its --out DIR and
# printing the path of DIR/index.html as its last line; without gnuplot the
# database is still made, and the demo stops at the report with exit 69 and
# a message that says how to install gnuplot.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"

expect_code 0 attain --paths 200 demo --out "$T/d"
[ "$(tail -n 1 "$OUT")" = "$T/d/index.html" ] || fail "last line: $(tail -n 1 "$OUT")"
grep -qF '<h1><bdi>盘锦市</bdi>目标进展简报</h1>' "$T/d/index.html" || fail "no Panjin bulletin"
n=$(sqlite3 "$T/d/attain.db" 'SELECT count(*) FROM targets')
[ "$(grep -c '^<tr class="r-' "$T/d/index.html")" = "$n" ] || fail "want $n target rows"
[ -s "$T/d/charts/dashboard.png" ] || fail "no dashboard.png"

# Without gnuplot (the shell stays reachable by its absolute path).
expect_code 69 env PATH=/nonexistent "$ATTAIN" --paths 200 demo --out "$T/e"
expect_stderr "attain: 'demo' 需要 gnuplot，但尚未安装（apt-get install gnuplot-nox）"
[ -s "$T/e/attain.db" ] || fail "the database was not made"
[ ! -e "$T/e/index.html" ] || fail "index.html written without gnuplot"
pass
