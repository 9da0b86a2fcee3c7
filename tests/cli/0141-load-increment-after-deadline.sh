# An increment that starts after its deadline.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,deadline,kind,value,start\npanjin,tech_sme,2025,increment,300,2026\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:2:6: increment starts after its deadline (start 2026, deadline 2025)"
expect_db_unchanged "$before"
pass
