# A write interrupted by a crash, on a database this user cannot write:
# the reader cannot recover it, so it says exactly what to do (exit 73);
# a user who can write recovers it by running any command.
. "$(dirname "$0")/lib.sh"
need_as_user

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv"
# An interrupted write in rollback-journal mode: sqlite3 is killed half-way
# through a transaction whose pages have already spilled to the file.
sqlite3 "$ATTAIN_DB" 'PRAGMA journal_mode = DELETE' >/dev/null
sqlite3 "$ATTAIN_DB" 'PRAGMA cache_size = 1' 'BEGIN' \
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000)
     INSERT INTO loads (at, files) SELECT 'x', printf('%0500d', x) FROM c" \
    '.system kill -9 $PPID' >/dev/null 2>&1 &
wait $! 2>/dev/null
[ -s "$ATTAIN_DB-journal" ] || fail "the fixture left no journal"

mkdir ro
mv "$ATTAIN_DB" "$ATTAIN_DB-journal" ro/
chmod 755 ro
chmod 644 ro/*
run as_user "$ATTAIN" --lang en --db ro/attain.db list regions
[ "$rc" = 73 ] || fail "an unrecoverable read exited $rc: $(cat "$ERR")"
expect_stdout_empty
expect_stderr "attain: cannot read database 'ro/attain.db': an interrupted write left 'ro/attain.db-journal' to be rolled back, and this user cannot write the database or its directory; run 'attain --db ro/attain.db list series' once as a user who can (that recovers it), or copy the database together with that file to a writable place"
[ -s ro/attain.db-journal ] || fail "the journal is gone"

# Doing what the message says recovers it, and then anyone can read.
expect_code 0 attain --db ro/attain.db list series
[ ! -e ro/attain.db-journal ] || fail "the journal is still there"
[ "$(sqlite3 ro/attain.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed"
[ "$(sqlite3 ro/attain.db 'SELECT count(*) FROM loads')" = 1 ] || fail "the interrupted rows stayed"
run as_user "$ATTAIN" --db ro/attain.db list regions
[ "$rc" = 0 ] || fail "a read after recovery exited $rc: $(cat "$ERR")"
expect_stderr_empty
pass
