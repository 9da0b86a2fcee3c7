# --format csv writes the same bytes wherever it goes (a file named *.csv,
# another file, a pipe): no byte order mark, so pandas, Python's csv module
# and 'attain plot --from' read the header as written.  --excel asks for csv
# for Excel: the same bytes after a UTF-8 BOM (Excel reads BOM-less UTF-8
# as GBK on a Chinese Windows); it implies --format csv and refuses another
# format.  'attain --lang en load' takes either back unchanged.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv

attain list regions --format csv >regions-out.csv || fail "list to a .csv file failed"
[ "$(head -c 4 regions-out.csv)" = code ] || fail "a BOM in a .csv file without --excel"
attain list regions --format csv >regions-out.txt || fail "list to a .txt file failed"
attain list regions --format csv | cat >piped.txt
cmp -s regions-out.csv regions-out.txt || fail "a .csv file and a .txt file differ"
cmp -s regions-out.csv piped.txt || fail "a file and a pipe differ"
attain list regions --excel >excel.csv || fail "--excel failed"
[ "$(head -c 3 excel.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM with --excel"
attain list regions --excel --format csv | head -c 3 | od -An -tx1 | tr -d ' ' >bom.txt
[ "$(cat bom.txt)" = efbbbf ] || fail "no BOM with --excel through a pipe"
tail -c +4 excel.csv | cmp -s - regions-out.csv || fail "--excel differs beyond its BOM"
# Both load back as they were.
expect_code 0 attain --lang en load excel.csv
expect_contains 'excel.csv: regions (UTF-8 with BOM): 0 new, 0 changed, 3 unchanged'
expect_code 0 attain --lang en load regions-out.csv
expect_contains 'regions-out.csv: regions: 0 new, 0 changed, 3 unchanged'
expect_code 0 attain list regions --format csv
cmp -s "$OUT" regions-out.csv || fail "reloading changed the regions"
expect_code 2 attain --lang en list regions --excel --format json
expect_stderr "attain: option '--excel' writes csv; it cannot go with --format json"
pass
