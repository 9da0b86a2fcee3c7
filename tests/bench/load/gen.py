#!/usr/bin/env python3
"""A large observations file for the load benchmark: REGIONS regions,
INDICATORS indicators and monthly periods from 1901-01 on, until the
observations file holds about MEGABYTES MB.  Writes regions.csv,
indicators.csv and observations.csv (region,indicator,period,value,source)
into OUTDIR.  Deterministic.

usage: gen.py OUTDIR MEGABYTES [REGIONS] [INDICATORS]
"""
import sys


def main(out, mb, nreg, nind):
    with open(f"{out}/regions.csv", "w") as f:
        f.write("code,name,parent\n")
        f.write("root,全国,\n")
        for r in range(nreg):
            f.write(f"r{r:04d},地区{r:04d},root\n")
    with open(f"{out}/indicators.csv", "w") as f:
        f.write("code,name,name_en,unit,measure\n")
        for i in range(nind):
            f.write(f"i{i:02d},指标{i:02d},indicator {i:02d},个,stock\n")
    limit = mb * 1000 * 1000
    size = 0
    rows = 0
    with open(f"{out}/observations.csv", "w") as f:
        head = "region,indicator,period,value,source\n"
        f.write(head)
        size += len(head)
        for m in range(2400):
            period = f"{1901 + m // 12}-{m % 12 + 1:02d}"
            buf = []
            for r in range(nreg):
                for i in range(nind):
                    v = ((r * 7919 + i * 104729 + m * 31) % 100000) / 10 + 1
                    buf.append(f"r{r:04d},i{i:02d},{period},{v:.1f},统计局\n")
            chunk = "".join(buf)
            f.write(chunk)
            size += len(chunk.encode())
            rows += len(buf)
            if size >= limit:
                break
    print(rows)


if __name__ == "__main__":
    a = sys.argv
    main(a[1], int(a[2]), int(a[3]) if len(a) > 3 else 500, int(a[4]) if len(a) > 4 else 20)
