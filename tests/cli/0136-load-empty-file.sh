# Empty files: no bytes, only a BOM, only blank lines.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
before=$(db_digest)
: >empty.csv
expect_code 65 attain --lang en load empty.csv
expect_stderr "empty.csv:1:1: empty file"
printf '\xef\xbb\xbf' >bom.csv
expect_code 65 attain --lang en load bom.csv
expect_stderr "bom.csv:1:1: empty file"
printf '\r\n\r\n' >blank.csv
expect_code 65 attain --lang en load blank.csv
expect_stderr "blank.csv:1:1: empty file"
expect_stdout_empty
expect_db_unchanged "$before"
pass
