# tests/bench/m3/score.awk -- score forecasts of the M3 yearly series as the
# competition did: sMAPE over all test points, MASE per series
# (mean absolute error / mean absolute one-step change of the training part)
# averaged over series, coverage of the 80% and 95% intervals.
#
#   awk -F, [-v rebase=1] -f score.awk m3_yearly.csv FORECASTS.csv
#
# rebase=1: the forecasts name point t of every series by the year 1900 + t
# (attain's loader takes years 1900-2100 and M3 starts as early as 1811).
# FORECASTS.csv: header row, then columns named by the header; it needs
# `indicator` (or `series`), `period`, `point`, `lo80`, `hi80`, `lo95`, `hi95`
# (attain forecast --format csv, or the R script's output).
FNR == 1 { if (NR == 1) next; for (i = 1; i <= NF; i++) col[$i] = i; next }
NR == FNR {
    s = $1; year = rebase ? 1900 + $4 : $3 + $4 - 1
    if ($6 == "train") {
        if (s in last) { absd[s] += ($5 > last[s] ? $5 - last[s] : last[s] - $5); nd[s]++ }
        last[s] = $5
    } else {
        test[s "," year] = $5; tests[s]++
    }
    next
}
{
    s = ("indicator" in col) ? $col["indicator"] : $col["series"]
    k = s "," $col["period"]
    if (!(k in test) || (k in seen)) next
    seen[k] = 1
    y = test[k]; f = $col["point"]
    d = y - f; if (d < 0) d = -d
    den = (y < 0 ? -y : y) + (f < 0 ? -f : f)
    if (den > 0) sm += 200 * d / den
    pts++; ae[s] += d; got[s]++
    if (y >= $col["lo80"] && y <= $col["hi80"]) in80++
    if (y >= $col["lo95"] && y <= $col["hi95"]) in95++
}
END {
    for (s in tests) {
        if (got[s] != tests[s]) { missing++; continue }
        mase += ae[s] / got[s] / (absd[s] / nd[s]); ns++
    }
    if (pts == 0) { print "score: no forecast matched a test point" > "/dev/stderr"; exit 1 }
    printf "series %d  points %d  sMAPE %.2f  MASE %.3f  cover80 %.1f%%  cover95 %.1f%%", \
        ns, pts, sm / pts, mase / ns, 100 * in80 / pts, 100 * in95 / pts
    if (missing) printf "  (%d series incomplete, not in MASE)", missing
    printf "\n"
}
