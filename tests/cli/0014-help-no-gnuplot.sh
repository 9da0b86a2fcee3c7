# A command that draws needs gnuplot: without it on PATH, exit 69 with a
# message that says how to install it, before anything else is done.
. "$(dirname "$0")/lib.sh"

expect_code 0 attain init
before=$(db_digest)
for c in plot report; do
    commands | grep -qx "$c" || fail "'$c' is not in the command table"
    expect_code 69 env PATH=/nonexistent "$ATTAIN" --lang en "$c" --out "$T/out-$c"
    expect_stdout_empty
    expect_stderr "attain: '$c' needs gnuplot, which is not installed (apt-get install gnuplot-nox)"
done
[ ! -e "$T/out-plot" ] && [ ! -e "$T/out-report" ] || fail "something was written"
expect_db_unchanged "$before"

# A PATH entry that is a non-executable file named gnuplot does not count.
mkdir fakebin
printf '#!/bin/sh\n' >fakebin/gnuplot
chmod 644 fakebin/gnuplot
expect_code 69 env PATH="$T/fakebin" "$ATTAIN" plot --out "$T/x.png"
expect_stderr "attain: 'plot' 需要 gnuplot，但尚未安装（apt-get install gnuplot-nox）"
pass
