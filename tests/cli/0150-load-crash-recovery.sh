# ctest-label: slow
# SIGKILL at many points of a large load: the database is intact, holds
# all of the load or none of it, and the next read-only command works.
# 2026-12-01: after a killed load a leftover journal made every read-only
# command exit 65 ("attempt to write a readonly database") until some
# write command opened the file; a reader now recovers it.
. "$(dirname "$0")/lib.sh"

gen_obs obs.csv 50 20 120 # 120,000 rows
expect_code 0 attain load regions.csv indicators.csv
cp "$ATTAIN_DB" base.db
rows=$(($(wc -l <obs.csv) - 1))
mid=0
for delay in 0.05 0.2 0.4 0.6 0.9 1.2 1.6 2 2.5 3 4 5; do
    rm -f k.db k.db-wal k.db-shm k.db-journal
    cp base.db k.db
    "$ATTAIN" --db k.db load obs.csv >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then
        mid=$((mid + 1))
    fi
    wait "$pid" 2>/dev/null
    # The first command after the crash is a reader.
    expect_code 0 attain --db k.db list regions
    expect_contains "r49"
    check=$(sqlite3 k.db 'PRAGMA integrity_check')
    [ "$check" = ok ] || fail "after a kill at ${delay}s: integrity_check says $check"
    n=$(sqlite3 k.db 'SELECT count(*) FROM observations')
    loads=$(sqlite3 k.db 'SELECT count(*) FROM loads')
    case "$n/$loads" in
    0/1 | "$rows/2") ;;
    *) fail "after a kill at ${delay}s: $n observations and $loads loads (not all or nothing)" ;;
    esac
    expect_code 0 attain --db k.db list series --format csv
done
[ "$mid" -ge 4 ] || fail "only $mid kills hit a running load: make the load larger"
pass
