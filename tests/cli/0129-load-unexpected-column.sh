# An extra column is an error that names it and what the kind takes.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,period,value,foo\npanshan,hightech,2019,12,x\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:1:5: unexpected column 'foo' (observations take region,indicator,period,value,source,note)"
expect_db_unchanged "$before"
pass
