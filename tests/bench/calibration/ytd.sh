#!/bin/sh
# Calibration of year-to-date projections: monthly progress reports of
# synthetic flows with known year ends (gen_ytd.py), judged as of March,
# June and September.  See README.md.
#
# usage: tests/bench/calibration/ytd.sh ATTAIN [SEED] [N] [PATHS] [THREADS]
set -eu
ATTAIN=$1
SEED=${2:-1}
N=${3:-500}
PATHS=${4:-1000}
THREADS=${5:-2}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/attain-ytd.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/gen_ytd.py" "$SEED" "$N" "$work"
"$ATTAIN" --db "$work/ytd.db" load "$work/regions.csv" "$work/indicators.csv" \
    "$work/observations.csv" "$work/targets.csv" >/dev/null
for m in 03 06 09; do
    echo "== as of 2021-$m"
    "$ATTAIN" --db "$work/ytd.db" targets --as-of "2021-$m" --seed 1 --paths "$PATHS" \
        --threads "$THREADS" --format csv >"$work/t$m.csv"
    python3 "$here/score.py" "$work/outcomes.csv" "$work/t$m.csv"
done
echo "== as of 2020 (no year to date: the model alone)"
"$ATTAIN" --db "$work/ytd.db" targets --as-of 2020 --seed 1 --paths "$PATHS" \
    --threads "$THREADS" --format csv >"$work/t00.csv"
python3 "$here/score.py" "$work/outcomes.csv" "$work/t00.csv"
