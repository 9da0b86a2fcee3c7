#!/usr/bin/env python3
"""Turn the M3 yearly series into an attain data set with plan-like targets
whose outcomes are known (tests/bench/calibration/README.md).

usage: make_inputs.py M3_YEARLY_CSV OUTDIR [LAST]
writes OUTDIR/{regions,indicators,observations,targets,outcomes}.csv; with
LAST, only the last LAST training points of each series are kept (plan data
are short: the Panjin history has 5 years).
"""
import csv
import sys
from collections import defaultdict

GROWTH = [-0.05, 0.0, 0.03, 0.06, 0.10, 0.15]  # yearly growth the target asks for
HORIZONS = range(1, 7)                          # deadline = last training year + h


def main(src, out, last=0):
    series = defaultdict(lambda: {"train": [], "test": []})
    with open(src, newline="") as f:
        for row in csv.DictReader(f):
            s = series[row["series"]]
            s[row["split"]].append((int(row["t"]), float(row["value"])))
    names = sorted(series)
    with open(f"{out}/regions.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "parent"])
        for n in names:
            w.writerow([n.lower(), "M3 " + n, ""])
    with open(f"{out}/indicators.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "name_en", "unit", "measure"])
        # One indicator per growth asked (a series has one level target per
        # year and indicator): the same observations under each.
        for gi, g in enumerate(GROWTH):
            w.writerow([f"y{gi}", f"M3 value, target growth {g:+.2f}", "M3 yearly value", "-",
                        "stock"])
    obs = open(f"{out}/observations.csv", "w", newline="")
    tg = open(f"{out}/targets.csv", "w", newline="")
    oc = open(f"{out}/outcomes.csv", "w", newline="")
    wo, wt, wc = (csv.writer(x, lineterminator="\n") for x in (obs, tg, oc))
    wo.writerow(["region", "indicator", "period", "value"])
    wt.writerow(["region", "indicator", "deadline", "kind", "value"])
    wc.writerow(["region", "indicator", "deadline", "target", "actual", "met"])
    for n in names:
        s = series[n]
        train = sorted(s["train"])
        if last:
            train = train[-last:]
        test = sorted(s["test"])
        # Years are re-based so that every training part ends in 2000: the
        # loader takes years 1900-2100 and some M3 series start in the 1800s.
        y0 = 2000 - train[-1][0] + 1
        for gi in range(len(GROWTH)):
            for t, v in train:
                wo.writerow([n.lower(), f"y{gi}", y0 + t - 1, repr(v)])
        t_last = y0 + train[-1][0] - 1
        y_last = train[-1][1]
        for h in HORIZONS:
            if h > len(test):
                continue
            actual = test[h - 1][1]
            for gi, g in enumerate(GROWTH):
                # %.6g: the value as the target file states it, and as compared.
                target = float("%.6g" % (y_last * (1 + g) ** h))
                wt.writerow([n.lower(), f"y{gi}", t_last + h, "level", "%.6g" % target])
                wc.writerow([n.lower(), f"y{gi}", t_last + h, "%.6g" % target, repr(actual),
                             1 if actual >= target else 0])
    for x in (obs, tg, oc):
        x.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
