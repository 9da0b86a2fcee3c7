#!/usr/bin/env python3
"""A synthetic country for the scale benchmark: one root, PROVINCES
provinces, COUNTIES counties each (regions), INDICATORS indicators (half
stocks, half flows), 2011-2020 year-end figures for every county (provinces
and the root are the sums), June 2021 year-to-date figures, and one 2025
level target per county and indicator.  Deterministic (fixed seed).

usage: gen.py OUTDIR PROVINCES COUNTIES INDICATORS
"""
import csv
import random
import sys


def main(out, provinces, counties, indicators):
    rnd = random.Random(20211126)
    regions = [("nation", "全国", "")]
    leaves = []
    for p in range(provinces):
        pc = f"p{p:03d}"
        regions.append((pc, f"省{p:03d}", "nation"))
        for c in range(counties):
            cc = f"{pc}c{c:03d}"
            regions.append((cc, f"县{p:03d}-{c:03d}", pc))
            leaves.append((cc, pc))
    with open(f"{out}/regions.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "parent"])
        w.writerows(regions)
    inds = [(f"i{k:02d}", "stock" if k % 2 == 0 else "flow") for k in range(indicators)]
    with open(f"{out}/indicators.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "name_en", "unit", "measure"])
        for code, m in inds:
            w.writerow([code, f"指标{code}", f"indicator {code}", "个", m])
    obs = open(f"{out}/observations.csv", "w", newline="")
    tg = open(f"{out}/targets.csv", "w", newline="")
    wo, wt = csv.writer(obs, lineterminator="\n"), csv.writer(tg, lineterminator="\n")
    wo.writerow(["region", "indicator", "period", "value"])
    wt.writerow(["region", "indicator", "deadline", "kind", "value"])
    for code, m in inds:
        totals = {}
        for cc, pc in leaves:
            level = rnd.uniform(5, 50)
            growth = rnd.uniform(0.0, 0.12)
            ys = []
            for year in range(2011, 2021):
                if m == "stock":
                    level = max(0.0, level * (1 + growth + rnd.gauss(0, 0.05)))
                    v = round(level)
                else:
                    v = max(0, round(level * (1 + growth) ** (year - 2011) + rnd.gauss(0, 3)))
                ys.append(v)
                for key in (pc, "nation"):
                    totals[(key, year)] = totals.get((key, year), 0) + v
                wo.writerow([cc, code, year, v])
            june = ys[-1] + round(0.4 * (ys[-1] - ys[-2])) if m == "stock" else round(0.45 * ys[-1])
            june = max(0, june)
            for key in (pc, "nation"):
                totals[(key, "2021-06")] = totals.get((key, "2021-06"), 0) + june
            wo.writerow([cc, code, "2021-06", june])
            wt.writerow([cc, code, 2025, "level", round(ys[-1] * 1.3 + 1)])
        for (key, period), v in sorted(totals.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
            wo.writerow([key, code, period, v])
    obs.close()
    tg.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
