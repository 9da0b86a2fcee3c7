# An unknown command is a usage error (exit 2) that suggests the nearest
# command when one is close; no command at all is one too.
. "$(dirname "$0")/lib.sh"

expect_code 2 attain --lang en lsit regions
expect_stdout_empty
expect_stderr "attain: unknown command 'lsit' (did you mean 'list'?)"

expect_code 2 attain --lang en ini
expect_stderr "attain: unknown command 'ini' (did you mean 'init'?)"

# Sharing a two-letter prefix counts as close ('li' -> 'list').
expect_code 2 attain --lang en libraries
expect_stderr "attain: unknown command 'libraries' (did you mean 'list'?)"

# The example of the brief: 'foo' shares 'fo' with 'forecast'.
expect_code 2 attain --lang en foo
expect_stderr "attain: unknown command 'foo' (did you mean 'forecast'?)"

expect_code 2 attain --lang en xyzzy
expect_stderr "attain: unknown command 'xyzzy' (see 'attain --help')"

expect_code 2 attain
expect_stdout_empty
expect_stderr "attain: 没有给出命令（见 'attain --help'）"

expect_code 2 attain --lang en --db x.db
expect_stderr "attain: no command given (see 'attain --help')"
[ ! -e "$ATTAIN_DB" ] && [ ! -e x.db ] || fail "a database was created"
pass
