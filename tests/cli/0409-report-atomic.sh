# Charts and reports are written atomically: to a temporary name in the same
# directory, checked (gnuplot's status, the file's end), then renamed.  A
# full disk is exit 74 leaving the previous file or report (or nothing),
# never a truncated one; an unwritable place is 73; gnuplot never writes to
# our stdout.  2026-12-01: plot on a full disk exited 0 leaving a truncated
# PNG; report left a 0-byte index.html and exited 70; with an unwritable
# DIR/charts gnuplot wrote megabytes of chart data to stdout.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "needs gnuplot"
[ "$(id -u)" = 0 ] || skip "needs root to mount a small tmpfs"
mkdir full
mount -t tmpfs -o size=32k tmpfs full 2>/dev/null || skip "cannot mount a tmpfs here"
trap 'umount "$T/full" 2>/dev/null; umount "$T/big" 2>/dev/null; rm -rf "$T"' EXIT

D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"

# plot on a full disk: 74, no file, no temporary file.
for ext in png pdf; do
    expect_code 74 attain --paths 100 plot projection --indicator hitech --out full/p.$ext
    expect_stdout_empty
    expect_stderr "attain: 无法写入 'full/p.$ext'：磁盘空间不足"
    [ -z "$(ls -A full)" ] || fail "plot left $(ls -A full)"
done
# The previous chart stays as it was.
echo previous >full/p.png
expect_code 74 attain --paths 100 plot projection --indicator hitech --out full/p.png
[ "$(cat full/p.png)" = previous ] || fail "the previous chart was overwritten"
rm full/p.png

# report: a full disk leaves the previous report whole, and no temporary file.
expect_code 0 attain --paths 100 report --out r
expect_stdout "r/index.html"
size=$(du -sk r | cut -f1)
mkdir big
mount -t tmpfs -o size=$((size * 3 / 2))k tmpfs big || fail "cannot mount the second tmpfs"
cp -r r big/r
before=$(cd big/r && find . -type f -exec sha256sum {} + | sort)
expect_code 74 attain --paths 100 report --out big/r
expect_stdout_empty
grep -qE "^attain: 无法写入 '[^']+'：(gnuplot 写出的文件不完整（磁盘空间不足）|No space left on device)$|^attain: 无法在 'big/r' 中写入报告：磁盘空间不足$" "$ERR" ||
    fail "unexpected message: $(cat "$ERR")"
after=$(cd big/r && find . -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] || fail "the previous report changed"
! find big -name '.*attain-*' | grep -q . || fail "temporary files left: $(find big -name '.*attain-*')"

# An unwritable place: 73, and nothing on stdout (not gnuplot's image data).
need_as_user
cp "$ATTAIN_DB" shared.db
chmod 644 shared.db
mkdir -p out/charts
chmod 755 out out/charts
run as_user "$ATTAIN" --lang en --db shared.db --paths 100 report --out out
[ "$rc" = 73 ] || fail "report with an unwritable charts directory exited $rc: $(head -c 500 "$ERR")"
expect_stdout_empty
expect_stderr "attain: cannot create files in 'out/charts': Permission denied"
run as_user "$ATTAIN" --lang en --db shared.db --paths 100 plot projection --indicator hitech --out out/p.png
[ "$rc" = 73 ] || fail "plot into an unwritable directory exited $rc"
expect_stdout_empty
expect_stderr "attain: cannot create 'out/p.png': Permission denied"

# A read-only database: the report is written, the run is not recorded.
mkdir -p mine
chmod 777 mine
run as_user "$ATTAIN" --lang en --db shared.db --paths 100 report --out mine/r
[ "$rc" = 0 ] || fail "report on a read-only database exited $rc: $(head -c 500 "$ERR")"
expect_stdout "mine/r/index.html"
expect_stderr "attain: warning: database '$T/shared.db' is read-only: this run was not recorded"
[ -s mine/r/index.html ] || fail "no index.html"
pass
