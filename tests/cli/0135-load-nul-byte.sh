# A NUL byte (e.g. a UTF-16 file): refused at its position.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,period,value\npanshan,high\0tech,2019,1\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:2:13: NUL byte (not a text file)"
expect_db_unchanged "$before"
pass
