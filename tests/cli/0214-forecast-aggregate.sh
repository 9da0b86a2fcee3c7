# A city with no figures of its own whose districts all have the series:
# its forecast is their sum (model "sum", point = east + west), its history
# their sum, and its targets are judged on that sum instead of "no_data".
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
grep -v '^city,' "$D/observations.csv" >districts.csv
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" districts.csv "$D/targets.csv"
expect_code 0 attain forecast --model drift --seed 1 --paths 200 --horizon 2 --format csv
expect_stderr_empty
awk -F, 'NR > 1 { key = $2 "," $3
                  if ($1 == "city") { city[key] = $5; if ($4 != "sum") bad = 1 } else sum[key] += $5 }
         END { for (k in city) { d = city[k] - sum[k]; if (d < 0) d = -d; if (d > 1e-9 * city[k]) bad = 1 }
               if (length(city) != 4) bad = 1
               exit bad }' "$OUT" || fail "the city is not the sum of its districts: $(cat "$OUT")"
expect_code 0 attain forecast --model drift --seed 1 --paths 200 --horizon 1 --format json --region city --indicator firms
expect_contains '"region":"city","indicator":"firms","model":"sum","params":{},"stderr":{},"note":"no figures of its own: the sum of its districts'"'"' forecasts","forecast":[{"period":"2021",'
# city firms 2019 >= 30 is decided on the districts' 2019 sum, 20 + 11 = 31.
expect_code 0 attain targets --model drift --seed 1 --paths 200 --format csv --region city
grep -q '^city,firms,2019,level,30,36,31,31,31,1,on_track,,[0-9]*,sum,2019,科技局,decided$' "$OUT" ||
    fail "city target on the sum: $(grep '^city,firms,2019' "$OUT")"
if grep -q no_data "$OUT"; then fail "a city target has no data"; fi
pass
