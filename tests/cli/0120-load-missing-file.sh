# A file that does not exist: exit 66, and the database is not touched
# (not even created).
. "$(dirname "$0")/lib.sh"
expect_code 66 attain --lang en load nope.csv
expect_stdout_empty
expect_stderr "attain: cannot open 'nope.csv': No such file or directory"
[ ! -e "$ATTAIN_DB" ] || fail "the database was created"
cp "$ATTAIN_TEST_DATA"/load/regions.csv .
expect_code 66 attain --lang en load regions.csv nope.csv
expect_stderr "attain: cannot open 'nope.csv': No such file or directory"
[ ! -e "$ATTAIN_DB" ] || fail "the database was created"
mkdir adir
expect_code 66 attain --lang en load adir
expect_stderr "attain: cannot read 'adir': Is a directory"
pass
