# A header that fits no kind of file.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'year,amount\n2020,1\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:1:1: cannot tell the kind of file from its header (regions take code,name,parent; indicators code,name,name_en,unit,measure; observations region,indicator,period,value; targets region,indicator,deadline,kind,value)"
expect_db_unchanged "$before"
pass
