# No file, or an unknown option: a usage error (exit 2).
. "$(dirname "$0")/lib.sh"
expect_code 2 attain --lang en load
expect_stdout_empty
expect_stderr "attain load: no FILE to load (see 'attain load --help')"
expect_code 2 attain --lang en load --frobnicate x.csv
expect_stderr "attain load: unknown option '--frobnicate'"
expect_code 0 attain load --help
expect_contains "usage: attain load FILE..."
pass
