# The same observation twice in one file with the same value (written
# differently) is accepted once.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,period,value\npanshan,hightech,2019,1234\n盘山县,高新技术企业,2019,"1,234.0"\n' >dup.csv
expect_code 0 attain --lang en load dup.csv
expect_stderr_empty
expect_stdout "dup.csv: observations: 1 new, 0 changed, 0 unchanged
load 2 done"
pass
