#!/usr/bin/env bash
# tests/bench/m3/run.sh -- the M3 yearly benchmark, end to end:
#
#   1. the direct harness (m3_direct.c on the model library, no database);
#   2. the product path: the 645 training parts converted to regions /
#      indicators / observations CSV files, `attain load`, then
#      `attain forecast --model auto --horizon 6 --format csv`, scored;
#   3. R forecast's ets() on the same series in the same run, for the speed
#      ratio, when Rscript and the forecast package are installed.
#
# usage: tests/bench/m3/run.sh [M3_YEARLY_CSV]
# env:   PATHS (default 1000), THREADS (default 2), SEED (default 1),
#        BUILD (default build/bench under the source root), MODEL (default auto)
# Not a ctest: it needs the shared M3 file and takes a few seconds.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../.." && pwd)
csv=${1:-$src/../shared/data/m3/m3_yearly.csv}
build=${BUILD:-$src/build/bench}
paths=${PATHS:-1000}
threads=${THREADS:-2}
seed=${SEED:-1}
model=${MODEL:-auto}

if [ ! -r "$csv" ]; then
    echo "run.sh: cannot read '$csv' (give the path of m3_yearly.csv)" >&2
    exit 66
fi
now() { date +%s.%N; }

echo "== build (Release) in $build"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j2 --target attain attain_models >/dev/null
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I"$src/models" "$here/m3_direct.c" \
    "$build/models/libattain_models.a" -lgsl -lgslcblas -lm -o "$build/m3_direct"

echo "== 1. direct: model_auto_* on each training part, $paths paths, 1 thread"
"$build/m3_direct" "$csv" --model "$model" --paths "$paths" --seed "$seed"

echo "== 2. attain load + attain forecast --model $model --horizon 6 (--paths $paths --threads $threads)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
attain=$build/engine/attain
printf 'code,name,parent\nm3,M3 yearly,\n' >"$work/regions.csv"
awk -F, 'NR > 1 && !seen[$1]++ { printf "%s,%s,%s,1,stock\n", $1, $1, $2 }
         BEGIN { print "code,name,name_en,unit,measure" }' "$csv" >"$work/indicators.csv"
# Point t of every series is the year 1900 + t: the loader takes 1900-2100,
# M3 starts as early as 1811, and only the spacing matters to the models.
awk -F, 'NR > 1 && $6 == "train" { printf "m3,%s,%d,%s\n", $1, 1900 + $4, $5 }
         BEGIN { print "region,indicator,period,value" }' "$csv" >"$work/observations.csv"
db=$work/m3.db
t0=$(now)
"$attain" --db "$db" load "$work/regions.csv" "$work/indicators.csv" "$work/observations.csv" \
    >/dev/null
t1=$(now)
"$attain" --db "$db" --format csv --paths "$paths" --threads "$threads" --seed "$seed" \
    forecast --model "$model" --horizon 6 >"$work/forecast.csv"
t2=$(now)
n=$(awk -F, 'NR > 1 && !seen[$2]++' "$work/forecast.csv" | wc -l)
awk -F, -v rebase=1 -f "$here/score.awk" "$csv" "$work/forecast.csv"
attain_rate=$(awk -v n="$n" -v a="$t1" -v b="$t2" 'BEGIN { printf "%.0f", n / (b - a) }')
echo "load $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s;" \
    "forecast $n series in $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b - a }') s" \
    "= $attain_rate series/s (wall, $threads threads, including the database and the output)"

echo "== 3. R forecast ets() on the same series (1 core)"
if command -v Rscript >/dev/null && Rscript -e 'library(forecast)' >/dev/null 2>&1; then
    rline=$(Rscript "$here/ets.R" "$csv" "$work/ets.csv")
    echo "$rline"
    awk -F, -f "$here/score.awk" "$csv" "$work/ets.csv" | sed 's/^/ets: /'
    r_rate=$(echo "$rline" | awk '{ print $3 }')
    awk -v a="$attain_rate" -v r="$r_rate" \
        'BEGIN { printf "speed ratio attain forecast / ets(): %.1fx\n", a / r }'
else
    echo "R forecast not installed: skipped (apt-get install r-cran-forecast)"
fi
