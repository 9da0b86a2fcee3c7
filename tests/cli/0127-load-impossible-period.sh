# Impossible periods: month 13, a letter in the year, years outside 1900-2100, in long and wide files.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
before=$(db_digest)
for p in 2021-13 20x1 1899 2101 2021-00; do
    printf 'region,indicator,period,value\npanshan,hightech,%s,1\n' "$p" >bad.csv
    expect_code 65 attain --lang en load bad.csv
    expect_stderr "bad.csv:2:3: impossible period '$p' (expected YYYY or YYYY-MM, years 1900-2100)"
done
printf 'region,indicator,2019,2021-13\npanshan,hightech,1,2\n' >wide.csv
expect_code 65 attain --lang en load wide.csv
expect_stderr "wide.csv:1:4: impossible period '2021-13' (expected YYYY or YYYY-MM, years 1900-2100)"
expect_db_unchanged "$before"
pass
