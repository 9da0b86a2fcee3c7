# Bytes that are neither UTF-8 nor GB18030 (Latin-1 é then a comma): the character column.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,period,value,note\npanshan,hightech,2019,1,caf\xe9,x\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:2:28: invalid UTF-8 byte 0xE9 (and not GB18030 either)"
expect_db_unchanged "$before"
pass
