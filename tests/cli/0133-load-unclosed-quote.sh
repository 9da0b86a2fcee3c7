# A quoted field never closed: reported at the row where it starts.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'region,indicator,period,value,note\npanshan,hightech,2019,1,"open\nmore\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:2:5: quoted field not closed at the end of the file (error parsing data while strict checking enabled)"
expect_db_unchanged "$before"
pass
