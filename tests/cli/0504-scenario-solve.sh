# `attain scenario solve` on series whose answer is known in closed form: a
# straight line (100, 110, ..., 140 in 2016..2020) forecast by --model linear
# has no noise, so every path is the line (150, 160, ... 190 in 2025).  For
# 200 in 2025 the growth factor g from 2021 solves 140 + 50 g = 200 - 0.5
# (a count's level is rounded): g = 1.19; the same line lifted by 0.5 (not
# counts) needs g = (200.5 - 140.5) / 50 = 1.2 exactly; extra units a year a
# solve 190 + 5 a = 200: a = 2.  400 in 2024 needs 140 + 40 g = 400, g = 6.5:
# not reachable within x3.  The file written reads back and meets the target.
. "$(dirname "$0")/lib.sh"

printf 'code,name,parent\nc,示范市,\n' >r.csv
printf 'code,name,name_en,unit,measure\nfirms,科技企业,firms,家,stock\n' >i.csv
printf 'region,indicator,period,value\n' >o.csv
for y in 2016 2017 2018 2019 2020; do echo "c,firms,$y,$((100 + (y - 2016) * 10))" >>o.csv; done
printf 'region,indicator,deadline,kind,value\nc,firms,2025,level,200\nc,firms,2024,level,400\n' >t.csv
expect_code 0 attain load r.csv i.csv o.csv t.csv

expect_code 0 attain scenario solve --indicator firms --year 2025 --probability 0.8 --model linear \
    --out need.ini
expect_stderr_empty
expect_stdout "示范市 科技企业 2025年 达到 200: 基线达成概率 0%
所需: 2021年起 示范市 每年变化 ×1.190, 达成概率 100% (目标 80%)
已写入 need.ini"
[ "$(cat need.ini)" = "[scenario]
name = 科技企业2025年80%
note = attain scenario solve: 示范市 科技企业 2025 200, probability 80%

[科技企业]
regions = 示范市
from = 2021
growth = ×1.19" ] || fail "need.ini: $(cat need.ini)"
expect_code 0 attain --format csv targets --model linear --scenario need.ini
grep -q '^c,firms,2025,level,200,140,200,200,200,1,on_track' "$OUT" || fail "need.ini does not meet it:
$(cat "$OUT")"

expect_code 0 attain --lang en --format csv scenario solve --indicator 科技企业 --year 2025 \
    --probability 0.8 --model linear --lever additions
expect_stdout "region,indicator,deadline,target,lever,from,regions,value,baseline_probability,probability,reachable,bound
c,firms,2025,200,additions,2021,示范市,2,0,1,yes,200"

expect_code 0 attain scenario solve --indicator firms --year 2024 --probability 0.8 --model linear
expect_stdout "示范市 科技企业 2024年 达到 400: 基线达成概率 0%
不可达: growth 增长到上限 ×3 时达成概率仅 0% (目标 80%)"

# Not counts: the answer is the real number 1.2.
printf 'region,indicator,period,value\n' >o.csv
for y in 2016 2017 2018 2019 2020; do echo "c,firms,$y,$((100 + (y - 2016) * 10)).5" >>o.csv; done
printf 'region,indicator,deadline,kind,value\nc,firms,2025,level,200.5\n' >t.csv
export ATTAIN_DB=$T/b.db
expect_code 0 attain load r.csv i.csv o.csv t.csv
expect_code 0 attain --lang en scenario solve --indicator firms --year 2025 --probability 0.8 \
    --model linear
expect_stdout "c firms 2025 level 200.5: baseline probability 0%
needed: from 2021 in c, every year's change ×1.200: probability 100% (wanted 80%)"

expect_code 2 attain --lang en scenario solve --indicator firms --year 2025
expect_stderr "attain scenario solve: --indicator, --year and --probability are needed (attain scenario solve --indicator I --year YYYY --probability 0.8)"
expect_code 2 attain --lang en scenario solve --indicator firms --year 2025 --probability 80
expect_stderr "attain scenario solve: option '--probability' wants a number between 0 and 1 (0.8 for 80%), not '80'"
expect_code 65 attain --lang en scenario solve --indicator firms --year 2030 --probability 0.8
expect_stderr "attain: no target of 'firms' in 2030"
pass
