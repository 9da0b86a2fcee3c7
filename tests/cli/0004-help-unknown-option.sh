# Bad options, of a command or global: one message naming the command and
# the option, nothing on stdout, exit 2, and no database created.
. "$(dirname "$0")/lib.sh"

expect_code 0 attain init
before=$(db_digest)

expect_code 2 attain --lang en list regions --bogus
expect_stdout_empty
expect_stderr "attain list: unknown option '--bogus'"

expect_code 2 attain --lang en list regions --bogus=1
expect_stderr "attain list: unknown option '--bogus=1'"

expect_code 2 attain --lang en demo --out
expect_stderr "attain demo: option '--out' needs a value"

expect_code 2 attain --lang en list regions -x
expect_stderr "attain list: unknown option '-x'"

expect_code 2 attain --lang en list regions --region
expect_stderr "attain list: option '--region' needs a value"

expect_code 2 attain --lang en list
expect_stderr "attain list: what to list? regions, indicators, series, observations, targets, runs, loads or revisions"

expect_code 2 attain --lang en list cats
expect_stderr "attain list: cannot list 'cats' (regions, indicators, series, observations, targets, runs, loads or revisions)"

expect_code 2 attain --lang en list regions extra
expect_stderr "attain list: unexpected argument 'extra'"

expect_code 2 attain --lang en list runs --region panjin
expect_stderr "attain list: 'runs' takes no --region or --indicator"

expect_code 2 attain --lang en init now
expect_stderr "attain init: unexpected argument 'now'"

expect_code 2 attain --lang en init --force
expect_stderr "attain init: unknown option '--force'"

# Before the command name only global options exist.
expect_code 2 attain --lang en --bogus list regions
expect_stderr "attain: unknown option '--bogus' (see 'attain --help')"
expect_code 2 attain --lang en -x
expect_stderr "attain: unknown option '-x' (see 'attain --help')"

# Global options: values checked once, whichever side of the command they are on.
expect_code 2 attain --lang en list regions --seed -1
expect_stderr "attain: option '--seed' wants a whole number from 0 to 18446744073709551615, not '-1'"
expect_code 2 attain --lang en --paths 0 list regions
expect_stderr "attain: option '--paths' wants a whole number from 1 to 1000000, not '0'"
expect_code 2 attain --lang en --threads 2x list regions
expect_stderr "attain: option '--threads' wants a whole number from 1 to 256, not '2x'"
expect_code 2 attain --lang en list regions --db
expect_stderr "attain: option '--db' needs a value"
expect_code 2 attain --lang en list regions --db=
expect_stderr "attain: option '--db' needs a file name"

expect_db_unchanged "$before"
pass
