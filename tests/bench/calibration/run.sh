#!/bin/sh
# Calibration of target probabilities on the M3 yearly series: is a target
# given probability p met about p of the time?  See README.md.
#
# usage: tests/bench/calibration/run.sh ATTAIN M3_YEARLY_CSV [PATHS] [THREADS] [MODEL] [LAST]
# (LAST: keep only the last LAST training years of each series)
set -eu
ATTAIN=$1
M3=$2
PATHS=${3:-1000}
THREADS=${4:-2}
MODEL=${5:-auto}
LAST=${6:-0}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/attain-calibration.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/make_inputs.py" "$M3" "$work" "$LAST"
"$ATTAIN" --db "$work/m3.db" load "$work/regions.csv" "$work/indicators.csv" \
    "$work/observations.csv" "$work/targets.csv" >/dev/null
"$ATTAIN" --db "$work/m3.db" targets --model "$MODEL" --seed 1 --paths "$PATHS" \
    --threads "$THREADS" --format csv >"$work/targets_out.csv"
python3 "$here/score.py" "$work/outcomes.csv" "$work/targets_out.csv"
