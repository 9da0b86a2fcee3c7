#!/usr/bin/env python3
"""Synthetic yearly count series from known processes, for the calibration
bench (windows.c reads them like the M3 file).

usage: gen_synth.py SEED PER_FAMILY > synth.csv

Five process families, each observed as integer counts >= 0 through Poisson
or negative-binomial noise; every series has 10 "train" years and 6 "test"
years (windows.c cuts windows of 5..10 points ending at the end of train):

  logistic    mean K / (1 + exp(-r (t - t0))), NB noise
  gompertz    mean K exp(-b exp(-r t)), Poisson noise
  damped      level and trend with damping phi and multiplicative shocks,
              Poisson noise
  stockflow   a stock S = S - exits + entries, exits Binomial(S, a), entries
              negative binomial with a mean growing by a rate (the count of
              firms of a kind: founded minus closed)
  mrw         multiplicative random walk with drift on the log mean,
              Poisson noise

The parameter ranges are broad on purpose (slow to fast growth, small to
large counts); nothing here was fitted to any data.  Python standard
library only.
"""
import math
import random
import sys

TRAIN, TEST = 10, 6
N = TRAIN + TEST


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 200:  # normal approximation, exact enough at this size
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, prod = math.exp(-lam), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


def negbin(rng, mean, size):
    return poisson(rng, rng.gammavariate(size, mean / size)) if mean > 0 else 0


def binomial(rng, n, p):
    if n <= 200:
        return sum(1 for _ in range(n) if rng.random() < p)
    m = n * p
    return min(n, max(0, round(rng.gauss(m, math.sqrt(m * (1 - p))))))


def logistic(rng):
    k = math.exp(rng.uniform(math.log(30), math.log(3000)))
    r = rng.uniform(0.15, 0.7)
    t0 = rng.uniform(0, 20)
    size = rng.uniform(8, 80)
    return [negbin(rng, k / (1 + math.exp(-r * (t - t0))), size) for t in range(N)]


def gompertz(rng):
    k = math.exp(rng.uniform(math.log(30), math.log(3000)))
    b = rng.uniform(1.0, 4.0)
    r = rng.uniform(0.08, 0.4)
    return [poisson(rng, k * math.exp(-b * math.exp(-r * t))) for t in range(N)]


def damped(rng):
    lev = math.exp(rng.uniform(math.log(5), math.log(2000)))
    tr = lev * rng.uniform(-0.03, 0.15)
    phi = rng.uniform(0.7, 0.98)
    sd = rng.uniform(0.01, 0.08)
    out = []
    for _ in range(N):
        tr *= phi
        lev = max(0.1, (lev + tr) * math.exp(rng.gauss(0, sd)))
        out.append(poisson(rng, lev))
    return out


def stockflow_pair(rng):
    """The stock of each year and the entries that year (gen_stockflow.py)."""
    stock = round(math.exp(rng.uniform(math.log(5), math.log(1500))))
    a = rng.uniform(0.02, 0.15)
    mean = stock * rng.uniform(a, a + 0.2)
    grow = rng.uniform(-0.02, 0.15)
    size = rng.uniform(5, 50)
    stocks, entries = [], []
    for _ in range(N):
        exits = binomial(rng, stock, a)
        e = negbin(rng, mean, size)
        stock = stock - exits + e
        mean *= 1 + grow
        stocks.append(stock)
        entries.append(e)
    return stocks, entries


def stockflow(rng):
    return stockflow_pair(rng)[0]


def mrw(rng):
    lm = rng.uniform(math.log(3), math.log(3000))
    d = rng.uniform(0.0, 0.15)
    sd = rng.uniform(0.02, 0.12)
    out = []
    for _ in range(N):
        lm += d + rng.gauss(0, sd)
        out.append(poisson(rng, math.exp(lm)))
    return out


FAMILIES = [("logistic", logistic), ("gompertz", gompertz), ("damped", damped),
            ("stockflow", stockflow), ("mrw", mrw)]


def main(seed, per_family):
    rng = random.Random(seed)
    w = sys.stdout.write
    w("series,category,start_year,t,value,split\n")
    for name, gen in FAMILIES:
        for i in range(per_family):
            ys = gen(rng)
            sid = f"{name[:3].upper()}{seed}_{i:04d}"
            for t, y in enumerate(ys):
                w(f"{sid},{name},2000,{t + 1},{y},{'train' if t < TRAIN else 'test'}\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
