# `attain forecast --until Y` with Y before the first year to forecast: no
# rows, exit 0, and the table's notes say why for every series instead of
# leaving an empty table unexplained (2026-11-26: it printed only the header).
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv"
expect_code 0 attain forecast --region west --indicator firms --until 2019 --model drift
expect_stderr_empty
expect_contains '  西区 科技企业: 数据已到 2020 年, 到 --until 2019 为止没有需要预测的年份'
[ "$(grep -c '^西区  ' "$OUT")" = 0 ] || fail "rows printed for years before the data end"
expect_code 0 attain --lang en forecast --region west --indicator firms --until 2019 --model drift
expect_contains '  west technology firms: figures reach 2020 already: nothing to forecast up to --until 2019'
# csv carries no notes: the header alone.
expect_code 0 attain --format csv forecast --region west --indicator firms --until 2019 --model drift
[ "$(wc -l <"$OUT")" = 1 ] || fail "csv: expected the header only, got $(cat "$OUT")"
# One year past the data: one row per series, no such note.
expect_code 0 attain --format csv forecast --region west --indicator firms --until 2021 --model drift
[ "$(grep -c '^west,firms,2021,' "$OUT")" = 1 ] || fail "no 2021 row: $(cat "$OUT")"
pass
