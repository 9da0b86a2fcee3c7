# Another writer holds the database: readers never wait (WAL); a writer
# waits (a minute by default, ATTAIN_BUSY_TIMEOUT seconds here) and then
# exits 75 saying another attain is writing and to try again.
# 2026-12-01: a second load gave up after 5 s with 70 "database is locked".
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain --lang en load "$D/regions.csv" "$D/indicators.csv"
[ "$(sqlite3 "$ATTAIN_DB" 'PRAGMA journal_mode')" = wal ] || fail "the database is not in WAL mode"
abs=$ATTAIN_DB

# hold SECONDS: take the write lock for SECONDS in the background.
hold() {
    # The holder waits for the lock (.timeout): the probe below takes it for
    # an instant while checking, and a holder that gave up at once would
    # leave the probe succeeding until it fails the test.
    sqlite3 "$ATTAIN_DB" '.timeout 60000' 'BEGIN IMMEDIATE' "INSERT INTO loads (at, files) VALUES ('x', 'x')" \
        ".system sleep $1" 'ROLLBACK' >/dev/null &
    holder=$!
    # Wait until the lock is really taken.
    for _ in $(seq 600); do
        sqlite3 "$ATTAIN_DB" 'PRAGMA busy_timeout = 0' 'BEGIN IMMEDIATE' 'ROLLBACK' \
            >/dev/null 2>&1 || return 0
        kill -0 "$holder" 2>/dev/null || fail "the lock holder ended before taking the lock"
        sleep 0.05
    done
    fail "could not take the lock"
}

# Long enough for the load to reach its BEGIN while the lock is held, even
# under valgrind (make memcheck), where starting attain takes seconds.
[ "${ATTAIN_VALGRIND:-0}" = 1 ] && long=90 || long=10
hold "$long"
ATTAIN_BUSY_TIMEOUT=1 run "$ATTAIN" load "$D/observations.csv"
[ "$rc" = 75 ] || fail "a locked load exited $rc, expected 75: $(cat "$ERR")"
expect_stdout_empty
expect_stderr "attain: 无法开始载入：数据库 '$abs' 已被锁定：另一个 attain 正在写入，请待其完成后重试"
# Readers do not wait for the writer: even with no busy timeout at all.
ATTAIN_BUSY_TIMEOUT=0 run "$ATTAIN" list regions
[ "$rc" = 0 ] || fail "a reader during a write exited $rc: $(cat "$ERR")"
expect_contains "city"
wait "$holder"

# Within the timeout a writer waits its turn and succeeds.
hold 2
expect_code 0 attain load "$D/observations.csv"
wait "$holder"
[ "$(sqlite3 "$ATTAIN_DB" 'SELECT count(*) FROM loads')" = 2 ] || fail "the waiting load was lost"
pass
