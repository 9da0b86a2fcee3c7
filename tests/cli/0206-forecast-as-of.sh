# --as-of ignores later data: as of 2018 the forecast starts in 2019 and
# says nothing of a year to date; as of 2021-06 the 2021 row is the
# year-end projection of the June figure, with the profile the note names
# (the city's own two Junes; the districts borrow the city's).
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv"
expect_code 0 attain forecast --model drift --seed 2 --paths 100 --horizon 1 --as-of 2018 --format csv --indicator firms
cut -d, -f1-4 "$OUT" >cols.csv
printf '%s\n' region,indicator,period,model city,firms,2019,drift east,firms,2019,drift west,firms,2019,drift |
    diff - cols.csv || fail "as-of 2018 rows"
expect_code 0 attain forecast --model drift --seed 2 --paths 100 --horizon 1 --as-of 2021-06 --format json --indicator firms
expect_contains '"region":"city","indicator":"firms","model":"drift","params":{"drift":4.2},'
expect_contains '"note":"2021-06 year to date projected to year end with the monthly profile of 2 earlier years","forecast":[{"period":"2021",'
expect_contains '"region":"east","indicator":"firms","model":"drift","params":{"drift":2.8},"stderr":{"drift":0.37416573867739411},"note":"2021-06 year to date projected to year end with the monthly profile of city (2 earlier years)"'
# As of March 2021 there is no year-to-date figure yet (only June's): the
# 2021 row is the model's, and there is no note.
expect_code 0 attain forecast --model drift --seed 2 --paths 100 --horizon 1 --as-of 2021-03 --format json --indicator firms --region city
expect_contains '"note":"","forecast":[{"period":"2021",'
pass
