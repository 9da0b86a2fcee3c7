# The bulletin's method note says what ran: its count of series per method
# is the count of the `model` column of `attain forecast` on the same data
# (short-series rule: `short...`; rare and steady rare events: `rare`; the
# log-scale growth member: `+log`), in both languages.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"
demo_db "$T/d"
export ATTAIN_DB=$T/d/attain.db
expect_code 0 attain --seed 3 --paths 200 forecast --format csv
awk -F, 'NR > 1 { print $1 "," $2 "," $4 }' "$OUT" | sort -u >models.txt
n_short=$(grep -c ',short' models.txt)
n_rare=$(grep -c ',rare$' models.txt)
n_log=$(grep -c '+log$' models.txt)
[ "$n_short" -gt 0 ] && [ "$n_rare" -gt 0 ] && [ "$n_log" -gt 0 ] ||
    fail "the demo should run the short rule, rare events and the log member: $(sort models.txt | cut -d, -f3 | uniq -c)"
[ "$(wc -l <models.txt)" -eq $((n_short + n_rare)) ] ||
    fail "other methods ran too: $(cut -d, -f3 models.txt | sort | uniq -c)"

expect_code 0 attain --seed 3 --paths 200 --lang en report --out en
note=$(grep -o '<li><b>Models</b>[^<]*' en/index.html)
[ -n "$note" ] || fail "no method note in the English bulletin"
short=$(printf '%s' "$note" | sed -n 's/.*straight line through all its years) for \([0-9]*\) series.*/\1/p')
rare=$(printf '%s' "$note" | sed -n 's/.*Gamma&ndash;Poisson) for \([0-9]*\) series.*/\1/p')
steady=$(printf '%s' "$note" | sed -n "s/.*its chance with Jeffreys' prior) for \([0-9]*\) series.*/\1/p")
log=$(printf '%s' "$note" | sed -n 's/.*For \([0-9]*\) short series the simulated paths.*/\1/p')
[ "$short" = "$n_short" ] || fail "English note: short rule for '$short' series, forecast ran it on $n_short"
[ "$((rare + steady))" = "$n_rare" ] || fail "English note: rare $rare + steady $steady, forecast: $n_rare"
[ "$log" = "$n_log" ] || fail "English note: log member for '$log' series, forecast: $n_log"

expect_code 0 attain --seed 3 --paths 200 report --out zh
note=$(grep -o '<li><b>模型</b>[^<]*' zh/index.html)
short=$(printf '%s' "$note" | sed -n 's/.*本次运行中, \([0-9]*\) 条序列用短序列规则.*/\1/p')
log=$(printf '%s' "$note" | sed -n 's/.*其中 \([0-9]*\) 条短序列的模拟路径.*/\1/p')
[ "$short" = "$n_short" ] || fail "Chinese note: short rule for '$short' series, forecast ran it on $n_short"
[ "$log" = "$n_log" ] || fail "Chinese note: log member for '$log' series, forecast: $n_log"
# No method that did not run is described.
if printf '%s' "$note" | grep -q 'auto 组合'; then fail "the Chinese note describes auto, which did not run"; fi
pass
