# Districts add up to the city: in csv, for every indicator and
# year, the city's point (the mean of its reconciled paths) equals the sum
# of its districts' points to 1e-9, whatever the model.  Filtering by region
# changes what is printed, not the numbers: east alone has east's rows of
# the full run.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv"
for model in auto drift damped; do
    expect_code 0 attain forecast --model $model --seed 3 --paths 250 --horizon 4 --format csv
    cp "$OUT" all.csv
    awk -F, 'NR > 1 { key = $2 "," $3
                      if ($1 == "city") city[key] = $5; else sum[key] += $5; n[key]++ }
             END { for (k in city) {
                       d = city[k] - sum[k]; if (d < 0) d = -d
                       if (n[k] != 3 || d > 1e-9 * (city[k] > 1 ? city[k] : 1)) {
                           print "mismatch " k ": city " city[k] " districts " sum[k]; bad = 1 } }
                   if (length(city) != 8) { print "expected 8 city rows"; bad = 1 }
                   exit bad }' all.csv || fail "districts do not add up ($model)"
    expect_code 0 attain forecast --model $model --seed 3 --paths 250 --horizon 4 --format csv --region 东区
    grep '^east,' all.csv | diff - <(tail -n +2 "$OUT") || fail "--region east differs from the full run ($model)"
done
pass
