# A full disk during a load: exit 74 naming the database, nothing written
# (the database is as before), and the next command works.  Needs a small
# tmpfs (root, mount allowed), else skipped.  2026-12-01: a full disk
# during load gave 70.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root to mount a small tmpfs"
mkdir full
mount -t tmpfs -o size=2m tmpfs full 2>/dev/null || skip "cannot mount a tmpfs here"
trap 'umount "$T/full" 2>/dev/null; rm -rf "$T"' EXIT

gen_obs obs.csv 20 10 200 # 40,000 rows: more than 2 MB in the database
D=full/a.db
expect_code 0 attain --db "$D" load regions.csv indicators.csv
before=$(db_digest "$D")
expect_code 74 attain --db "$D" load obs.csv
expect_stdout_empty
grep -qE "^attain: 无法[^：]+：database or disk is full（数据库 '$T/full/a.db'）$" "$ERR" ||
    fail "unexpected message: $(cat "$ERR")"
expect_db_unchanged "$before" "$D"
[ "$(sqlite3 "$D" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed"
expect_code 0 attain --db "$D" list regions
expect_contains "r19"

# A new database that cannot be completed leaves nothing behind.
expect_code 74 attain --db full/b.db load regions.csv indicators.csv obs.csv
[ ! -e full/b.db ] || fail "the failed load left full/b.db"
pass
