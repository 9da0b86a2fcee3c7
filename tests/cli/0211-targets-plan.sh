# The plan's own arithmetic: a city target whose district split does not add
# up (6 vs 4 + 3) or leaves a district out (events: only east) is flagged,
# in csv (flags column) and in the table's notes, with the summary of who is
# behind by region and by lead unit, also when --region picks the city only.
# Golden table with a fixed seed.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
expect_code 0 attain targets --model drift --seed 9 --paths 300 --format csv
expect_contains 'city,firms,2021,increment,6,'
grep '^city,firms,2021,increment,' "$OUT" | grep -q ',科技局,split_sum=7$' || fail "split_sum flag"
grep '^city,events,2021,level,' "$OUT" | grep -q ',科技局,split_sum=10;split_missing=west$' || fail "split_missing flag"
# The districts' shares are looked at even when only the city is asked for.
expect_code 0 attain targets --model drift --seed 9 --paths 100 --format csv --region 示范市
grep '^city,firms,2021,increment,' "$OUT" | grep -q ',科技局,split_sum=7$' || fail "split_sum flag with --region"
grep -q '^east,' "$OUT" && fail "--region city printed east's targets"
expect_code 0 attain targets --model drift --seed 9 --paths 300
expect_stderr_empty
expect_golden 0211-targets.table
expect_contains '  示范市 科技企业 2021 新增 6: 各县区分解目标合计 7, 与本目标不一致'
expect_contains '  示范市 双创活动 2021 达到 15: 各县区分解目标合计 10, 与本目标不一致; 未分解到: 西区'
expect_code 0 attain targets --model drift --seed 9 --paths 300 --lang en
expect_golden 0211-targets-en.table
expect_code 0 attain targets --model drift --seed 9 --paths 300 --format json
expect_golden 0211-targets.json
pass
