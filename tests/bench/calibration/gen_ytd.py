#!/usr/bin/env python3
"""Synthetic monthly progress reports with known year ends, for the
calibration of year-to-date projections (ytd.sh, README.md).

usage: gen_ytd.py SEED N OUTDIR

Writes OUTDIR/{regions,indicators,observations,targets,outcomes}.csv.
Each of N series is a flow counted month by month (events held, firms
founded) over 2015-2021, reported as a planner reports it: year totals for
2015-2020 and, for the last three full years (2018-2020) and the current
year (2021, January to November), the cumulative figure since January of
every month (YYYY-MM).  attain is then asked, as of 2021-03, 2021-06 and
2021-09, whether the 2021 total reaches plan-like targets: at least the
2020 total times (1 + g) for g in GROWTH, one indicator per g (a series
has one target per year and indicator).  The outcome is the generated 2021
total, which attain never sees.

How a year is made: its expected total follows a process on the log scale
(a drift drawn per series, steady, slowing or with a one-off jump), the
year's total is a negative-binomial count around it, and the months share
it by a seasonal profile drawn per series (flat, back-loaded as many plans
are, or front-loaded) that each year perturbs (a Dirichlet around the
series' profile).  Sizes run from a few events a year to hundreds.  Nothing
here was fitted to any data; Python standard library only.
"""
import csv
import math
import random
import sys

from gen_synth import negbin

YEARS = range(2015, 2022)          # 2021 is the year being judged
MONTHLY = range(2018, 2022)        # years reported month by month
GROWTH = [-0.10, 0.0, 0.05, 0.10, 0.20, 0.30]


def profile(rng):
    """A series' seasonal shares of the year, January..December."""
    shape = rng.choice(["flat", "back", "front", "quarter"])
    w = []
    for m in range(12):
        if shape == "flat":
            x = 1.0
        elif shape == "back":
            x = math.exp(0.12 * m)
        elif shape == "front":
            x = math.exp(-0.08 * m)
        else:
            x = 2.0 if m % 3 == 2 else 0.7
        w.append(x * math.exp(rng.gauss(0, 0.15)))
    s = sum(w)
    return [x / s for x in w]


def split(rng, total, base, conc):
    """Share `total` over the months: multinomial on a Dirichlet(conc * base)."""
    g = [rng.gammavariate(conc * b, 1.0) for b in base]
    s = sum(g)
    p = [x / s for x in g]
    if total >= 5000:  # large totals: the shares are exact enough
        counts = [round(total * x) for x in p]
        counts[11] += total - sum(counts)
        return counts
    counts = [0] * 12
    for _ in range(total):
        u, acc, m = rng.random(), 0.0, 0
        while m < 11:
            acc += p[m]
            if u < acc:
                break
            m += 1
        counts[m] += 1
    return counts


def series(rng):
    level = math.log(rng.choice([3, 6, 12, 25, 60, 150, 400]) * math.exp(rng.gauss(0, 0.3)))
    drift = rng.gauss(0.08, 0.12)
    kind = rng.choice(["steady", "slowing", "jump"])
    jump_year = rng.choice(list(YEARS)[2:])
    sd = rng.choice([0.03, 0.08, 0.15])
    size = rng.choice([5.0, 20.0, 1e6])
    totals = {}
    for y in YEARS:
        totals[y] = negbin(rng, math.exp(level), size)
        if kind == "slowing":
            drift *= 0.7
        level += drift + rng.gauss(0, sd)
        if kind == "jump" and y == jump_year:
            level += rng.choice([-0.4, 0.3])
    base = profile(rng)
    conc = rng.choice([30.0, 100.0, 400.0])
    months = {y: split(rng, totals[y], base, conc) for y in MONTHLY}
    return totals, months


def main(seed, n, out):
    rng = random.Random(seed)
    w = {k: csv.writer(open(f"{out}/{k}.csv", "w", newline=""), lineterminator="\n")
         for k in ("regions", "indicators", "observations", "targets", "outcomes")}
    w["regions"].writerow(["code", "name", "parent"])
    w["indicators"].writerow(["code", "name", "name_en", "unit", "measure"])
    for gi, g in enumerate(GROWTH):
        w["indicators"].writerow([f"g{gi}", f"flow, target growth {g:+.2f}", "flow", "场",
                                  "flow"])
    w["observations"].writerow(["region", "indicator", "period", "value"])
    w["targets"].writerow(["region", "indicator", "deadline", "kind", "value"])
    w["outcomes"].writerow(["region", "indicator", "deadline", "target", "actual", "met"])
    for i in range(n):
        code = f"s{i:04d}"
        w["regions"].writerow([code, f"series {i}", ""])
        totals, months = series(rng)
        for gi, g in enumerate(GROWTH):
            ind = f"g{gi}"
            for y in YEARS:
                if y < 2021:
                    w["observations"].writerow([code, ind, y, totals[y]])
            for y in MONTHLY:
                cum = 0
                for m in range(12 if y < 2021 else 11):
                    cum += months[y][m]
                    w["observations"].writerow([code, ind, f"{y}-{m + 1:02d}", cum])
            target = max(1, math.ceil(totals[2020] * (1 + g)))
            w["targets"].writerow([code, ind, 2021, "increment", target])
            w["outcomes"].writerow([code, ind, 2021, target, totals[2021],
                                    int(totals[2021] >= target)])


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
