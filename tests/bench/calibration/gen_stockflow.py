#!/usr/bin/env python3
"""Stocks with their entries known, for the stock-and-flow check
(stockflow.c, README.md).

usage: gen_stockflow.py SEED N > pairs.csv

N pairs in the M3 layout (series,category,start_year,t,value,split), each a
stock (category `stock`) followed by its yearly entries (`entries`): the
count of firms of a kind, S_t = S_(t-1) - exits_t + entries_t, exits
Binomial(S_(t-1), a), entries negative binomial around a mean that grows by
a rate -- the process of gen_synth.py's `stockflow` family, here with the
entries written out too.  10 training and 6 test years.  Nothing was fitted
to any data; Python standard library only.
"""
import random
import sys

from gen_synth import TRAIN, stockflow_pair


def main(seed, n):
    rng = random.Random(seed)
    w = sys.stdout.write
    w("series,category,start_year,t,value,split\n")
    for i in range(n):
        for cat, ys in zip(("stock", "entries"), stockflow_pair(rng)):
            sid = f"SF{seed}_{i:04d}{cat[0]}"
            for t, y in enumerate(ys):
                w(f"{sid},{cat},2000,{t + 1},{y},{'train' if t < TRAIN else 'test'}\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
