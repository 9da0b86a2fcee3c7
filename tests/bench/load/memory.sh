#!/bin/bash
# Load memory: attain's peak resident memory (/usr/bin/time -v, "Maximum
# resident set size") loading one observations file of about MEGABYTES MB
# (gen.py) three ways: the UTF-8 file, the same converted to GB18030 with
# iconv, and the UTF-8 file piped through stdin (`attain load /dev/stdin`).
# Prints the wall time, the peak and the peak's ratio to the file's size.
#
# usage: tests/bench/load/memory.sh ATTAIN [MEGABYTES]
set -eu
ATTAIN=$1
MB=${2:-240}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/attain-loadmem.XXXXXX")
trap 'rm -rf "$work"' EXIT
rows=$(python3 "$here/gen.py" "$work" "$MB")
iconv -f UTF-8 -t GB18030 "$work/observations.csv" >"$work/gb18030.csv"
"$ATTAIN" --db "$work/base.db" load "$work/regions.csv" "$work/indicators.csv" >/dev/null

# measure WAY FILE: one load; prints "WAY: bytes, wall s, peak kB, peak / file".
measure() {
    local bytes
    bytes=$(stat -c %s "$2")
    rm -f "$work/a.db"*
    cp "$work/base.db" "$work/a.db"
    /usr/bin/time -v "$ATTAIN" --db "$work/a.db" load "$2" 2>"$work/t" >/dev/null
    [ "$(sqlite3 "$work/a.db" 'SELECT count(*) FROM observations')" = "$rows" ] || {
        echo "$1: attain loaded the wrong number of rows" >&2
        exit 1
    }
    awk -v way="$1" -v bytes="$bytes" -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = n == 3 ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
        /Maximum resident set size/ { kb = $2 }
        END { printf "%-8s %6.1f MB, %7.1f s wall, peak %7d kB, peak / file %.2f\n",
              way ":", bytes / 1e6, wall, kb, kb * 1024 / bytes }' "$work/t"
}
echo "file: $rows rows"
measure utf8 "$work/observations.csv"
measure gb18030 "$work/gb18030.csv"
# A pipe, not a redirected file: cat feeds attain's stdin.
measure_pipe() {
    local bytes
    bytes=$(stat -c %s "$work/observations.csv")
    rm -f "$work/a.db"*
    cp "$work/base.db" "$work/a.db"
    cat "$work/observations.csv" | /usr/bin/time -v "$ATTAIN" --db "$work/a.db" load /dev/stdin \
        2>"$work/t" >/dev/null
    [ "$(sqlite3 "$work/a.db" 'SELECT count(*) FROM observations')" = "$rows" ] || {
        echo "stdin: attain loaded the wrong number of rows" >&2
        exit 1
    }
    awk -v bytes="$bytes" -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = n == 3 ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
        /Maximum resident set size/ { kb = $2 }
        END { printf "%-8s %6.1f MB, %7.1f s wall, peak %7d kB, peak / file %.2f\n",
              "stdin:", bytes / 1e6, wall, kb, kb * 1024 / bytes }' "$work/t"
}
measure_pipe
