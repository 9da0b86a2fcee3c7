# A good file then a bad one in the same call: nothing of either is
# written (one transaction), no load is recorded.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,period,value\npanshan,hightech,2019,12\n' >good.csv
printf 'region,indicator,deadline,kind,value\npanjin,hightech,2025,level,２１０x\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load good.csv bad.csv
expect_stdout_empty
expect_stderr "bad.csv:2:5: not a number '２１０x'"
expect_db_unchanged "$before"
pass
