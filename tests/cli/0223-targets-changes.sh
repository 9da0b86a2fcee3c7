# What moved since the previous recorded run: after the May view, the June
# view of 'attain targets' lists each target whose shown probability moved,
# by how many percentage points, against which month, and why (new data:
# the inputs differ).  The moves are those of the two runs' csv, computed
# here with awk; an indicator by its English name, as in the tables.  A run that differs only in --paths says nothing (noise);
# another model says "model changed"; the bulletin says the same under
# each target.
. "$(dirname "$0")/lib.sh"
expect_code 0 attain load "$ATTAIN_SRC"/datasets/panjin/*.csv
cp "$ATTAIN_DB" fresh.db
expect_code 0 attain --paths 200 --format csv targets --as-of 2021-05
cp "$OUT" may.csv
expect_code 0 attain --paths 200 --format csv targets
cp "$OUT" june.csv
# The English lines name an indicator by its English name, as the tables do.
expect_code 0 attain --format csv list indicators
cp "$OUT" indicators.csv
grep -q '"' indicators.csv && fail "an indicator's name needs csv quotes: split it another way"
awk -F, 'FILENAME == "indicators.csv" { if (FNR > 1) en[$1] = $3; next }
FILENAME == "may.csv" { if (FNR > 1 && $10 != "") before[FNR] = $10; next }
FNR > 1 && $10 != "" && (FNR in before) {
    d = int($10 * 100 + 1e-9) - int(before[FNR] * 100 + 1e-9)
    if (d == 0) next
    years = ($4 == "increment" && $15 != $3) ? $15 "-" $3 : $3
    printf "  %s %s %s %s %.15g: %s %d %s since 2021-05 (new data)\n", $1, en[$2], years, $4, $5,
        (d > 0 ? "up" : "down"), (d > 0 ? d : -d), (d == 1 || d == -1 ? "point" : "points")
}' indicators.csv may.csv june.csv >want.txt
[ -s want.txt ] || fail "no probability moved between May and June"

export ATTAIN_DB="$T/fresh.db"
expect_code 0 attain --paths 200 --lang en targets --as-of 2021-05
! grep -qF 'changes since' "$OUT" || fail "the first run has nothing to compare with"
expect_code 0 attain --paths 200 --lang en targets
# (the long English names of the data set are cut to fit the table, which a note says)
expect_stderr "attain: note: 2 values wider than 60 columns cut to fit (ending in …); --format csv or json shows them whole"
sed -n '/^changes since the previous run (data as of 2021-05):$/,/^$/p' "$OUT" | grep '^  ' >got.txt
diff -u want.txt got.txt >d.txt || fail "the moves differ: $(head -20 d.txt)"
# Only --paths differs: no news.
expect_code 0 attain --paths 300 --lang en targets
! grep -qF 'changes since' "$OUT" || fail "a change of --paths was reported as a move"
# Another model on the same data.
expect_code 0 attain --paths 300 --lang en targets --model drift
grep -qE '^  panjin .+ [0-9-]+ [a-z]+ [0-9.]+: (up|down) [0-9]+ points? since 2021-06 \(model changed\)$' "$OUT" ||
    fail "no move put down to the model: $(tail -5 "$OUT")"
# The bulletin, in Chinese, under the target.
command -v gnuplot >/dev/null || pass
expect_code 0 attain --paths 300 report --out r
grep -qE '<td colspan="9"><b>(↑|↓)[0-9]+ 个百分点, 较 2021-06 \(模型变化\)</b>' r/index.html ||
    fail "the bulletin does not say what moved"
pass
