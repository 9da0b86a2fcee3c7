# A measure other than stock or flow.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'code,name,name_en,unit,measure\nevent,创新创业活动,events,场,count\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:2:5: unknown measure 'count' (expected stock or flow)"
expect_db_unchanged "$before"
pass
