# --version prints the project version from CMakeLists.txt, exit 0, anywhere.
. "$(dirname "$0")/lib.sh"

version=$(sed -n 's/^project(attain VERSION \([0-9.]*\).*/\1/p' "$ATTAIN_SRC/CMakeLists.txt")
[ -n "$version" ] || fail "cannot read the version from CMakeLists.txt"
expect_code 0 attain --version
expect_stdout "attain $version"
expect_stderr_empty
expect_code 0 attain list --version
expect_stdout "attain $version"
[ ! -e "$ATTAIN_DB" ] || fail "--version touched the database"
pass
