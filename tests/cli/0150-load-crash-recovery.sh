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
# Time one whole load, so that the kills fall inside a load however fast
# this machine (or the loader) is: at 2% to 95% of that time.
cp base.db t.db
t0=$(date +%s%N)
expect_code 0 attain --db t.db load obs.csv
t1=$(date +%s%N)
full_ms=$(((t1 - t0) / 1000000))
delays=$(awk -v ms="$full_ms" 'BEGIN {
    n = split("0.02 0.08 0.15 0.25 0.35 0.45 0.55 0.65 0.75 0.85 0.95 1.5", f, " ")
    for (i = 1; i <= n; i++) printf "%.3f ", f[i] * ms / 1000 }')
mid=0
for delay in $delays; do
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
[ "$mid" -ge 4 ] || fail "only $mid kills hit a running load (a whole load took $full_ms ms)"
pass
