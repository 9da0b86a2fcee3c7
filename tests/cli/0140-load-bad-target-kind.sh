# A target kind other than level or increment.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,deadline,kind,value\npanjin,hightech,2025,total,210\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:2:4: unknown target kind 'total' (expected level or increment)"
expect_db_unchanged "$before"
pass
