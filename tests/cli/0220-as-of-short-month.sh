# --as-of takes a period as 'attain load' reads one: '2022-1' is '2022-01'
# (forecast, targets, plot, report share the reader); a month that is not
# one is a usage error naming the option.
. "$(dirname "$0")/lib.sh"
D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
expect_code 0 attain --paths 100 --format csv targets --as-of 2022-01
cp "$OUT" long.csv
expect_code 0 attain --paths 100 --format csv targets --as-of 2022-1
expect_stderr_empty
cmp -s long.csv "$OUT" || fail "--as-of 2022-1 differs from --as-of 2022-01"
expect_code 0 attain --paths 100 --format csv forecast --as-of 2021-6
cp "$OUT" short.csv
expect_code 0 attain --paths 100 --format csv forecast --as-of 2021-06
cmp -s short.csv "$OUT" || fail "forecast --as-of 2021-6 differs from 2021-06"
# plot (the table-driven options' period reader) reads it the same way.
if command -v gnuplot >/dev/null; then
    expect_code 0 attain --paths 100 plot dashboard --as-of 2022-1 --out short.svg
    expect_code 0 attain --paths 100 plot dashboard --as-of 2022-01 --out long.svg
    cmp -s short.svg long.svg || fail "plot --as-of 2022-1 differs from 2022-01"
fi
# The run records what was asked; the view is the canonical period.
[ "$(sql "SELECT args FROM runs WHERE id = 2")" = "--as-of 2022-1" ] || fail "run args: $(sql 'SELECT args FROM runs')"
for cmd in targets forecast; do
    expect_code 2 attain --lang en "$cmd" --as-of 2021-13
    expect_stderr "attain $cmd: option '--as-of' wants YYYY or YYYY-MM, not '2021-13'"
done
expect_code 2 attain --lang en report --out r --as-of 2021-0
expect_stderr "attain report: option '--as-of' wants YYYY or YYYY-MM, not '2021-0'"
expect_code 2 attain --lang en plot dashboard --out d.png --as-of 20x1
expect_stderr "attain plot: option '--as-of' wants YYYY or YYYY-MM, not '20x1'"
pass
