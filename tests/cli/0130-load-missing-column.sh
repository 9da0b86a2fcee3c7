# A missing column.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'code,name,name_en,measure\nx,某,x,stock\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:1:1: missing column 'unit' (indicators take code,name,name_en,unit,measure)"
expect_db_unchanged "$before"
pass
