# NaN, infinity and a number beyond a double are refused.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
before=$(db_digest)
printf 'region,indicator,period,value\npanshan,hightech,2019,NaN\n' >nan.csv
expect_code 65 attain --lang en load nan.csv
expect_stderr "nan.csv:2:4: not a number 'NaN'"
printf 'region,indicator,period,value\npanshan,hightech,2019,1\npanshan,hightech,2020,Infinity\n' >inf.csv
expect_code 65 attain --lang en load inf.csv
expect_stderr "inf.csv:3:4: not a number 'Infinity'"
printf 'region,indicator,period,value\npanshan,hightech,2019,1e999\n' >big.csv
expect_code 65 attain --lang en load big.csv
expect_stderr "big.csv:2:4: number out of range '1e999'"
expect_stdout_empty
expect_db_unchanged "$before"
pass
