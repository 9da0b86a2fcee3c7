# --format csv into a file named *.csv starts with a UTF-8 byte order mark,
# so that Excel (which reads BOM-less UTF-8 as GBK on a Chinese Windows) shows
# the Chinese names; a pipe, a terminal or another file name gets none, and
# `attain load` takes the file back unchanged: csv opens cleanly in Excel.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain load regions.csv indicators.csv

attain list regions --format csv >regions-out.csv || fail "list to a .csv file failed"
[ "$(head -c 3 regions-out.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM in regions-out.csv"
attain list regions --format csv >regions-out.CSV || fail "list to a .CSV file failed"
[ "$(head -c 3 regions-out.CSV | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM in regions-out.CSV"
attain list regions --format csv >regions-out.txt || fail "list to a .txt file failed"
[ "$(head -c 4 regions-out.txt)" = code ] || fail "a BOM in a .txt file"
attain list regions --format csv | head -c 4 >piped.txt
[ "$(cat piped.txt)" = code ] || fail "a BOM through a pipe"
# The same bytes after the BOM, and the file loads back as it was.
tail -c +4 regions-out.csv | cmp -s - regions-out.txt || fail "the .csv differs beyond its BOM"
expect_code 0 attain load regions-out.csv
expect_contains 'regions-out.csv: regions (UTF-8 with BOM): 0 new, 0 changed, 3 unchanged'
expect_code 0 attain list regions --format csv
cmp -s "$OUT" regions-out.txt || fail "reloading the .csv changed the regions"
# Appending a second table to the same file adds no BOM in the middle.
{ attain list regions --format csv; attain list indicators --format csv; } >both.csv
[ "$(grep -c $'\xEF\xBB\xBF' both.csv)" = 1 ] || fail "expected exactly one BOM in both.csv"
pass
