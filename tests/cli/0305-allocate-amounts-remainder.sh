# Amounts keep their unit's decimals, and a city's remainder takes no share
# unless asked.  担保金额 (亿元, two decimals in the figures): the split of
# 3.25 has shares in whole hundredths adding up to exactly 3.25.  高新技术企业:
# the city's figures exceed its two districts' sum (the remainder, 其他/未分配,
# is forecast and reconciled as one more district); allocating the city's 2021
# increment gives the listed districts all of it and shows the remainder
# without a share; with --remainder it gets one too, and the sum stays exact.
. "$(dirname "$0")/lib.sh"

printf 'code,name,parent\npanjin,盘锦市,\npanshan,盘山县,panjin\ndawa,大洼区,panjin\n' >regions.csv
printf 'code,name,name_en,unit,measure\nhtech,高新技术企业,high-tech enterprises,家,stock\nguarantee,担保金额,financing guarantees,亿元,flow\n' >indicators.csv
printf 'region,indicator,deadline,kind,value,start\n盘锦市,高新技术企业,2021,increment,30,2021\n盘锦市,担保金额,2021,level,3.25,\n' >targets.csv
printf 'region,indicator,2017,2018,2019,2020\n盘山县,高新技术企业,10,12,15,19\n大洼区,高新技术企业,8,9,11,14\n盘锦市,高新技术企业,70,85,101,118\n盘山县,担保金额,1.21,1.35,1.52,1.70\n大洼区,担保金额,0.82,0.95,1.01,1.18\n盘锦市,担保金额,2.03,2.30,2.53,2.88\n' >history.csv
expect_code 0 attain load regions.csv indicators.csv history.csv targets.csv

expect_code 0 attain --paths 500 allocate --indicator 担保金额 --year 2021 --format csv
expect_stderr_empty
awk -F, '$3 == "district" { s += $9 * 100; if ($9 * 100 != int($9 * 100 + 0.5)) bad = 1; n++ }
    END { exit bad || n != 2 || int(s + 0.5) != 325 }' "$OUT" ||
    fail "amount shares are not whole hundredths adding up to 3.25: $(cat "$OUT")"
expect_code 0 attain --paths 500 allocate --indicator 担保金额 --year 2021
expect_contains '盘锦市 担保金额 2021年达到 3.25 亿元'
expect_contains '按等风险分配; 份额为各县区期末达到的水平'

expect_code 0 attain --paths 500 allocate --indicator htech --year 2021 --format csv
cp "$OUT" htech.csv
grep -q '^panjin,,remainder,htech,2021,increment,2021,equal-risk,,[0-9.]*,,,,,,$' htech.csv ||
    fail "the remainder row: $(cat htech.csv)"
awk -F, '$3 == "district" { s += $9 } END { exit s != 30 }' htech.csv ||
    fail "the districts' shares do not add up to 30: $(cat htech.csv)"
expect_code 0 attain --paths 500 allocate --indicator htech --year 2021
expect_contains '其他/未分配     -'
expect_code 0 attain --paths 500 allocate --indicator htech --year 2021 --region 盘锦市 --remainder \
    --format csv
awk -F, '$3 == "district" || $3 == "remainder" { s += $9; if ($9 == "") bad = 1 }
    END { exit bad || s != 30 }' "$OUT" ||
    fail "with --remainder the shares do not add up to 30: $(cat "$OUT")"
# The remainder expects far more than the districts: with a share it takes most of it.
awk -F, '$3 == "remainder" { r = $9 } $3 == "district" { d += $9 } END { exit !(r > d) }' "$OUT" ||
    fail "the remainder's share is not the largest: $(cat "$OUT")"
pass
