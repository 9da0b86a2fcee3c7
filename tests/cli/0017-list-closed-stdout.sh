# A closed stdout is a failed write: exit 74 with one message, on every
# kind of output (table, csv, json, help), never a silent 0.
. "$(dirname "$0")/lib.sh"
D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain --lang en load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
for args in "list regions" "list series --format csv" "list targets --format json" "--help" \
    "--paths 50 targets"; do
    # shellcheck disable=SC2086
    "$ATTAIN" --lang en $args >&- 2>"$ERR"
    rc=$?
    [ "$rc" = 74 ] || fail "'$args' with stdout closed exited $rc"
    expect_stderr "attain: cannot write output: Bad file descriptor"
done
pass
