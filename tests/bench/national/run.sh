#!/bin/sh
# Scale benchmark: CSV -> every target's probability for a synthetic
# country (gen.py).  Prints the wall time and peak memory of load and of
# targets, of allocate for every city (every region with districts, here the
# provinces and the country) for one indicator, and of `scenario compare` with
# three scenarios (one province faster, the nation slower with a shock, a
# province with a capacity), which fits and simulates once and levers copies
# of the same paths.  Defaults: 30 provinces x 96 counties x 20 indicators =
# 58,000+ series (the national scale); pass smaller numbers to try it.
#
# usage: tests/bench/national/run.sh ATTAIN [PROVINCES] [COUNTIES] [INDICATORS] [PATHS] [THREADS]
set -eu
ATTAIN=$1
P=${2:-30}
C=${3:-96}
I=${4:-20}
PATHS=${5:-2000}
THREADS=${6:-2}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/attain-national.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/gen.py" "$work" "$P" "$C" "$I"
echo "regions $((1 + P + P * C)), indicators $I, series $(((1 + P + P * C) * I)), paths $PATHS, threads $THREADS"
# The observations file is timed alone, as sqlite3's import of the same file
# is: regions and indicators first (they are what the rows name), targets
# after (they name regions and indicators too); each load is one transaction.
/usr/bin/time -f '%e' -o "$work/pre.time" "$ATTAIN" --db "$work/n.db" load \
    "$work/regions.csv" "$work/indicators.csv" >/dev/null
/usr/bin/time -f '%e %U %S %M' -o "$work/load.time" "$ATTAIN" --db "$work/n.db" load \
    "$work/observations.csv" >/dev/null
/usr/bin/time -f '%e' -o "$work/post.time" "$ATTAIN" --db "$work/n.db" load "$work/targets.csv" >/dev/null
# sqlite3 .import of the observations file alone, in the same run, for scale.
/usr/bin/time -f '%e %U %S %M' -o "$work/import.time" sqlite3 "$work/import.db" \
    ".import --csv $work/observations.csv observations"
rows=$(($(wc -l <"$work/observations.csv") - 1))
read -r lw lu ls lm <"$work/load.time"
read -r iw iu is _ <"$work/import.time"
awk -v r="$rows" -v lw="$lw" -v lc="$(echo "$lu $ls" | awk '{print $1 + $2}')" -v lm="$lm" \
    -v iw="$iw" -v ic="$(echo "$iu $is" | awk '{print $1 + $2}')" \
    -v pre="$(cat "$work/pre.time")" -v post="$(cat "$work/post.time")" '
    # A rate or ratio of a time too short for the clock (0.00 s) is "-".
    function per(a, b) { return b > 0 ? sprintf("%d", a / b) : "-" }
    function frac(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
    BEGIN {
    printf "load: %.2f s in all (regions and indicators %.2f s, targets %.2f s)\n", pre + lw + post, pre, post
    printf "load of the observations: %.2f s, %d kB peak; %s rows/s wall, %s cpu\n", lw, lm, per(r, lw), per(r, lc)
    printf "sqlite3 .import of the same file: %.2f s; %s rows/s wall, %s cpu (attain %s, %s of that)\n",
        iw, per(r, iw), per(r, ic), frac(iw, lw), frac(ic, lc)
}'
/usr/bin/time -f 'targets: %e s wall, %U s user + %S s sys, %M kB peak' \
    "$ATTAIN" --db "$work/n.db" targets --paths "$PATHS" \
    --threads "$THREADS" --format csv >"$work/out.csv"
echo "targets judged: $(($(wc -l <"$work/out.csv") - 1))"
# Every city's split of one indicator's 2025 targets (the cities have none
# of their own: the total is their districts' targets added up), equal-risk.
/usr/bin/time -f 'allocate: %e s (%U s user), %M kB peak' "$ATTAIN" --db "$work/n.db" allocate --indicator i00 \
    --year 2025 --paths "$PATHS" --threads "$THREADS" --format csv >"$work/alloc.csv"
echo "allocate: $(grep -c ',city,' "$work/alloc.csv") cities split over $(grep -c ',district,' "$work/alloc.csv") districts (indicator i00)"
# Three scenarios on the first indicator (a stock) and the second (a flow).
printf '[scenario]\nname = fast\n[i00]\nregions = p000\nfrom = 2022\ngrowth = x1.2\n' >"$work/a.ini"
printf '[scenario]\nname = slow\n[i00]\nfrom = 2022\ngrowth = -10%%\nshock = 2022:-10%%\n[i01]\ngrowth = -10%%\n' >"$work/b.ini"
printf '[scenario]\nname = cap\n[i00]\nregions = p001\nfrom = 2022\ngrowth = x2\ncapacity = 1000000\n' >"$work/c.ini"
/usr/bin/time -f 'scenario compare (3 scenarios): %e s, %M kB peak' "$ATTAIN" --db "$work/n.db" \
    scenario compare "$work/a.ini" "$work/b.ini" "$work/c.ini" --paths "$PATHS" \
    --threads "$THREADS" --format csv >"$work/cmp.csv"
echo "scenario rows: $(($(wc -l <"$work/cmp.csv") - 1))"
