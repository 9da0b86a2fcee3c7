# A first `report --out DIR` that fails leaves nothing behind: neither DIR
# nor DIR/charts when this run created them; a directory that was there
# before (and a previous report) stays.  2026-12-01: a failed first report
# left an empty DIR/charts.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "needs gnuplot"
D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"

# A gnuplot that fails (reads its script, writes nothing, exits 1).
mkdir fakebin
printf '#!/bin/sh\ncat >/dev/null\necho "gnuplot: broken" >&2\nexit 1\n' >fakebin/gnuplot
chmod 755 fakebin/gnuplot
broken() { env PATH="$T/fakebin:$PATH" "$ATTAIN" "$@"; }

run broken --paths 100 report --out new
[ "$rc" != 0 ] || fail "report with a failing gnuplot exited 0"
expect_stdout_empty
[ -s "$ERR" ] || fail "report failed without a message"
[ ! -e new ] || fail "a failed first report left: $(find new)"

# DIR existed (empty): it stays, DIR/charts (made by this run) goes.
mkdir mine
run broken --paths 100 report --out mine
[ "$rc" != 0 ] || fail "report with a failing gnuplot exited 0"
[ -d mine ] || fail "the user's directory was removed"
[ -z "$(ls -A mine)" ] || fail "a failed report left in an existing directory: $(ls -A mine)"

# DIR/charts existed too: both stay, with what the user had there.
mkdir -p theirs/charts
echo note >theirs/charts/note.txt
run broken --paths 100 report --out theirs
[ "$rc" != 0 ] || fail "report with a failing gnuplot exited 0"
[ "$(cat theirs/charts/note.txt 2>/dev/null)" = note ] || fail "the user's file in charts/ went"
[ "$(ls -A theirs/charts)" = note.txt ] || fail "left in charts/: $(ls -A theirs/charts)"

# A previous report stays whole.
expect_code 0 attain --paths 100 report --out r
before=$(cd r && find . -type f -exec sha256sum {} + | sort)
run broken --paths 100 report --out r
[ "$rc" != 0 ] || fail "report with a failing gnuplot exited 0"
after=$(cd r && find . -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] || fail "the previous report changed"

# An unwritable parent (as an unprivileged user): nothing is created.
need_as_user
cp "$ATTAIN_DB" shared.db
chmod 644 shared.db
mkdir ro
chmod 755 ro
run as_user "$ATTAIN" --db shared.db --paths 100 report --out ro/r
[ "$rc" = 73 ] || fail "report into an unwritable directory exited $rc: $(head -c 500 "$ERR")"
[ -z "$(ls -A ro)" ] || fail "left in ro/: $(ls -A ro)"

# A full disk: 74, and the first report leaves nothing on it.
mkdir full
mount -t tmpfs -o size=64k tmpfs full 2>/dev/null || skip "cannot mount a tmpfs here"
trap 'umount "$T/full" 2>/dev/null; rm -rf "$T"' EXIT
expect_code 74 attain --paths 100 report --out full/r
expect_stdout_empty
[ -z "$(ls -A full)" ] || fail "a report on a full disk left: $(find full)"
pass
