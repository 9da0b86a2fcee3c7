# A region whose parent is unknown.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'code,name,parent\ndawa,大洼区,panjn\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:2:3: unknown parent region 'panjn' (did you mean 'panjin'?)"
expect_db_unchanged "$before"
pass
