# A UTF-8 file with one damaged byte (E7 of 盘 turned into 81) that would
# also convert from GB18030, into nonsense names: reported as damaged UTF-8,
# not loaded as GB18030.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
printf 'code,name,parent\nps,\x81\x9b\x98\xe5\xb1\xb1,\ngx,\xe9\xab\x98\xe6\x96\xb0,\nlh,\xe8\xbe\xbd\xe6\xb2\xb3,\n' >bad.csv
before=$(db_digest)
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:2:4: invalid UTF-8 byte 0x81 (the rest of the file is UTF-8)"
expect_db_unchanged "$before"
pass
