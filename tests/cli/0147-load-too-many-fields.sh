# A row with more (non-empty) fields than the header; when two adjacent
# fields look like one number cut at an unquoted thousands separator (Excel
# writes 1,234 unquoted when the cell is text), the message says how to fix
# it.  2026-11-26: it said only "too many fields", with no hint.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
before=$(db_digest)

printf 'region,indicator,period,value\npanshan,hightech,2019,12,x\n' >extra.csv
expect_code 65 attain --lang en load extra.csv
expect_stdout_empty
expect_stderr "extra.csv:2:5: too many fields (5, the header has 4)"
expect_db_unchanged "$before"

printf 'region,indicator,period,value\npanshan,hightech,2019,1,234.5\n' >split.csv
expect_code 65 attain --lang en load split.csv
expect_stdout_empty
expect_stderr 'split.csv:2:4: too many fields (5, the header has 4): a number with a thousands separator must be quoted ("1,234.5")'
expect_db_unchanged "$before"

# Wide files too; the column is the field where the number starts.
printf 'region,indicator,2019,2020\npanshan,hightech,12,1,005\n' >wide.csv
expect_code 65 attain --lang en load wide.csv
expect_stderr 'wide.csv:2:4: too many fields (5, the header has 4): a number with a thousands separator must be quoted ("1,005")'
expect_db_unchanged "$before"

# Trailing empty cells are not extra fields.
printf 'region,indicator,period,value\npanshan,hightech,2019,12,,\n' >trail.csv
expect_code 0 attain --lang en load trail.csv
pass
