# The same observation twice with different values: both places are named.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,period,value\npanshan,hightech,2019,12\npanshan,hightech,2020,15\n盘山县,高新技术企业,2019,13\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:4:4: observation '盘山县' '高新技术企业' '2019' given twice with different values ('12' at bad.csv:2, '13' at bad.csv:4)"
expect_db_unchanged "$before"
pass
