#!/usr/bin/env python3
"""Reliability of attain's target probabilities against known outcomes.

usage: score.py OUTCOMES_CSV TARGETS_CSV
TARGETS_CSV is `attain targets --format csv`.  Prints, per probability
bucket, how many targets, their mean stated probability and the share that
was met; then the Brier score (and the Brier score of always saying the
overall base rate, for scale) and the largest gap between stated and met.
"""
import csv
import sys


def main(outcomes_path, targets_path):
    met = {}
    with open(outcomes_path, newline="") as f:
        for r in csv.DictReader(f):
            met[(r["region"], r["indicator"], r["deadline"], float(r["target"]))] = int(r["met"])
    rows = []
    with open(targets_path, newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            key = (r["region"], r["indicator"], r["deadline"], float(r["target"]))
            if r["probability"] == "" or key not in met:
                continue
            rows.append((float(r["probability"]), met[key]))
    if not rows:
        sys.exit("no targets matched")
    edges = [i / 10 for i in range(11)]
    print("bucket        n   stated    met")
    worst = 0.0
    for i in range(10):
        lo, hi = edges[i], edges[i + 1]
        b = [(p, m) for p, m in rows if lo <= p < hi or (i == 9 and p == 1.0)]
        if not b:
            continue
        sp = sum(p for p, _ in b) / len(b)
        mr = sum(m for _, m in b) / len(b)
        if len(b) >= 100:
            worst = max(worst, abs(sp - mr))
        print(f"[{lo:.1f},{hi:.1f}{']' if i == 9 else ')'} {len(b):6d}  {sp:6.3f}  {mr:6.3f}")
    n = len(rows)
    base = sum(m for _, m in rows) / n
    brier = sum((p - m) ** 2 for p, m in rows) / n
    brier0 = sum((base - m) ** 2 for _, m in rows) / n
    b70 = [(p, m) for p, m in rows if 0.6 <= p < 0.8]
    print(f"targets {n}, met {base:.3f}; Brier {brier:.4f} (base rate alone {brier0:.4f})")
    if b70:
        print(f"stated 0.6-0.8 (mean {sum(p for p, _ in b70) / len(b70):.3f}): "
              f"met {sum(m for _, m in b70) / len(b70):.3f} of {len(b70)}")
    print(f"largest |stated - met| over buckets with >= 100 targets: {worst:.3f}")
    ece = 0.0
    for i in range(10):
        b = [(p, m) for p, m in rows if int(min(p, 0.999999) * 10) == i]
        if b:
            ece += abs(sum(p for p, _ in b) - sum(m for _, m in b)) / n
    skill = 1 - brier / brier0 if brier0 > 0 else 0.0
    print(f"ECE {ece:.3f}, Brier skill {skill:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
