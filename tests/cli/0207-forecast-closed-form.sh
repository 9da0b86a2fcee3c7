# A series in no hierarchy (its region has neither a parent nor districts),
# with no target or year-to-date figure, is summarised from the closed form
# of its calibrated paths (models/auto_quantiles.c, checked against
# simulated paths in test_models_autoq): its numbers do not depend on
# --paths or --seed.  Once the region has a district, the series is
# reconciled from simulated paths again, and the seed shows.
. "$(dirname "$0")/lib.sh"

printf 'code,name,parent\nalone,独立市,\n' >regions.csv
printf 'code,name,name_en,unit,measure\nsales,销售额,sales,万元,flow\nrate,比率,rate,%%,stock\n' \
    >indicators.csv
{
    echo "region,indicator,period,value"
    # sales: a rising, noisy level; rate: small and volatile near zero.
    y=2009
    for v in 120.5 131.2 128.9 140.3 151.8 149.2 163.7 170.1 168.4 181.9 190.2 188.7; do
        echo "alone,sales,$y,$v"
        y=$((y + 1))
    done
    y=2009
    for v in 3.2 0.5 6.1 1.0 4.4 0.2 2.9 5.5 0.8 3.7 1.9 0.4; do
        echo "alone,rate,$y,$v"
        y=$((y + 1))
    done
} >observations.csv
expect_code 0 attain load regions.csv indicators.csv observations.csv
expect_code 0 attain forecast --seed 1 --paths 100 --horizon 6 --format csv
cp "$OUT" a.csv
[ "$(wc -l <a.csv)" = 13 ] || fail "expected 12 rows and a header:
$(cat a.csv)"
expect_code 0 attain forecast --seed 2 --paths 3000 --horizon 6 --format csv
cmp a.csv "$OUT" || fail "a lone series depends on --seed/--paths:
$(diff a.csv "$OUT")"
# Quantiles in order, none below zero for these non-negative series.
awk -F, 'NR > 1 && !($6 >= 0 && $6 <= $7 && $7 <= $8 && $8 <= $9 && $9 <= $10 &&
                    $10 <= $11 && $11 <= $12) { print; bad = 1 } END { exit bad }' a.csv ||
    fail "quantiles out of order"

# With a district the series is reconciled from simulated paths: the seed matters.
printf 'code,name,parent\ndistrict,一区,alone\n' >district.csv
sed -n 's/^alone,/district,/p' observations.csv >district_obs.csv
sed -i '1i region,indicator,period,value' district_obs.csv
expect_code 0 attain load district.csv district_obs.csv
expect_code 0 attain forecast --seed 1 --paths 100 --horizon 6 --format csv --region alone
cp "$OUT" b1.csv
expect_code 0 attain forecast --seed 2 --paths 100 --horizon 6 --format csv --region alone
if cmp -s b1.csv "$OUT"; then fail "a reconciled series gives the same numbers for two seeds"; fi
pass
