# An unknown region, named by part of its Chinese name: the nearest is suggested.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,period,value\npanshan,hightech,2019,1\n盘山,hightech,2020,2\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:3:1: unknown region '盘山' (did you mean '盘山县'?)"
expect_db_unchanged "$before"
pass
