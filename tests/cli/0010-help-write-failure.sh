# A result that cannot be written is a failure, never a silent 0: writing
# to a full device is exit 74 with one message.
. "$(dirname "$0")/lib.sh"

[ -w /dev/full ] || fail "/dev/full is not available"
expect_code 0 attain --lang en init

"$ATTAIN" --lang en list regions >/dev/full 2>"$ERR"
rc=$?
[ "$rc" = 74 ] || fail "list to /dev/full exited $rc"
expect_stderr "attain: cannot write output: No space left on device"

"$ATTAIN" --lang en --help >/dev/full 2>"$ERR"
rc=$?
[ "$rc" = 74 ] || fail "--help to /dev/full exited $rc"
expect_stderr "attain: cannot write output: No space left on device"

"$ATTAIN" --lang en list regions --format json >/dev/full 2>"$ERR"
rc=$?
[ "$rc" = 74 ] || fail "json to /dev/full exited $rc"

# A command's own error comes first: one failure, one message.
"$ATTAIN" --lang en list cats >/dev/full 2>"$ERR"
rc=$?
[ "$rc" = 2 ] || fail "a usage error to /dev/full exited $rc"
expect_stderr "attain list: cannot list 'cats' (regions, indicators, series, observations, targets, runs, loads or revisions)"
pass
