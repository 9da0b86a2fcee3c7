#!/bin/bash
# Load benchmark: `attain load` beside `sqlite3 .import` on the same
# observations file, in the same run.  Prints rows/s for both (best of
# RUNS runs: wall clock, and CPU = user + system, which a shared machine
# disturbs less), attain's rate as a fraction of sqlite3's, and attain's
# peak memory beside the file's size.  sqlite3 imports into a new table
# without any index or constraint; attain keeps every validation (names
# resolved, periods and numbers checked, duplicates and revisions
# detected, one all-or-nothing transaction).  A third line imports into a
# table with attain's primary key, which is what costs most.
#
# usage: tests/bench/load/run.sh ATTAIN [MEGABYTES] [RUNS]
set -eu
ATTAIN=$1
MB=${2:-240}
RUNS=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/attain-loadbench.XXXXXX")
trap 'rm -rf "$work"' EXIT
rows=$(python3 "$here/gen.py" "$work" "$MB")
bytes=$(stat -c %s "$work/observations.csv")
"$ATTAIN" --db "$work/base.db" load "$work/regions.csv" "$work/indicators.csv" >/dev/null

# best CMD...: run CMD RUNS times (each after `prep`); print "wall cpu peak_kB",
# the fastest wall and cpu times and the largest peak.
best() {
    local i
    for i in $(seq "$RUNS"); do
        prep
        /usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -1
    done | awk 'NR == 1 || $1 < w { w = $1 } NR == 1 || $2 + $3 < c { c = $2 + $3 }
                $4 > m { m = $4 } END { print w, c, m }'
}
prep() { rm -f "$work/a.db"*; cp "$work/base.db" "$work/a.db"; }
read -r aw ac am <<<"$(best "$ATTAIN" --db "$work/a.db" load "$work/observations.csv")"
[ "$(sqlite3 "$work/a.db" 'SELECT count(*) FROM observations')" = "$rows" ] || {
    echo "attain loaded the wrong number of rows" >&2
    exit 1
}
prep() { rm -f "$work/s.db"*; }
read -r sw sc sm <<<"$(best sqlite3 "$work/s.db" ".import --csv $work/observations.csv observations")"
# The same import into a table with the primary key attain's observations
# table has (one index entry per row, in key order, not the file's).
prep() {
    rm -f "$work/k.db"*
    sqlite3 "$work/k.db" "CREATE TABLE observations (region TEXT NOT NULL, indicator TEXT NOT NULL,
        period TEXT NOT NULL, value REAL NOT NULL, source TEXT,
        PRIMARY KEY (region, indicator, period))"
}
read -r kw kc km <<<"$(best sqlite3 "$work/k.db" ".import --csv --skip 1 $work/observations.csv observations")"
awk -v rows="$rows" -v bytes="$bytes" -v aw="$aw" -v ac="$ac" -v am="$am" \
    -v sw="$sw" -v sc="$sc" -v sm="$sm" -v kw="$kw" -v kc="$kc" 'BEGIN {
    printf "file: %d rows, %.1f MB\n", rows, bytes / 1e6
    printf "attain load:     %9d rows/s wall (%.2f s), %9d rows/s cpu (%.2f s), peak %d kB\n",
        rows / aw, aw, rows / ac, ac, am
    printf "sqlite3 .import: %9d rows/s wall (%.2f s), %9d rows/s cpu (%.2f s), peak %d kB\n",
        rows / sw, sw, rows / sc, sc, sm
    printf "sqlite3 .import, primary key: %9d rows/s wall (%.2f s), %9d rows/s cpu (%.2f s)\n",
        rows / kw, kw, rows / kc, kc
    printf "attain / sqlite3: %.2f wall, %.2f cpu (with the primary key: %.2f wall, %.2f cpu)\n",
        sw / aw, sc / ac, kw / aw, kc / ac
    printf "attain peak memory / file size: %.2f\n", am * 1024 / bytes
}'
