#!/usr/bin/env python3
"""Independent reference values for tests/unit/test_models_smooth.c.

Plain-Python (no numpy) recursions written from the textbook formulas
(Hyndman, Koehler, Ord & Snyder 2008, ch. 2), not from models/damped.c:

  ETS(A,Ad,N): yhat = l + phi b; e = y - yhat; l = yhat + alpha e; b = phi b + beta e
  ETS(M,Ad,N): e = (y - yhat) / yhat; l = yhat (1 + alpha e); b = phi b + beta yhat e

Prints (1) one-step fits for fixed parameters, (2) the smallest concentrated
SSE over a brute-force grid of (alpha, beta, phi) with (l0, b0) solved by
least squares at every grid point.  Run: python3 smooth_reference.py
"""

T0 = 2006
Y = [12.385, 13.912, 15.027, 15.889, 17.431, 18.102, 19.664, 20.318,
     21.975, 22.406, 23.817, 24.933, 25.268, 26.741]
# A noisy damped series (simulated once from ETS(A,Ad,N), rounded): the ML test data.
Y2 = [52.795, 54.606, 57.116, 61.983, 61.707, 64.728, 67.002, 65.595, 68.154,
      71.49, 67.933, 69.796, 70.383, 69.422, 71.227, 70.944, 68.599, 71.262]


def fits_additive(y, alpha, beta, phi, l, b):
    out = []
    for v in y:
        yh = l + phi * b
        out.append(yh)
        e = v - yh
        l = yh + alpha * e
        b = phi * b + beta * e
    return out


def fits_mult(y, alpha, beta, phi, l, b):
    out = []
    for v in y:
        yh = l + phi * b
        out.append(yh)
        e = (v - yh) / yh
        l = yh * (1 + alpha * e)
        b = phi * b + beta * yh * e
    return out


def sse_profiled(y, alpha, beta, phi):
    # errors are affine in (l0, b0): e = e0 - c1 l0 - c2 b0; solve the 2x2 LS
    f00 = fits_additive(y, alpha, beta, phi, 0.0, 0.0)
    f10 = fits_additive(y, alpha, beta, phi, 1.0, 0.0)
    f01 = fits_additive(y, alpha, beta, phi, 0.0, 1.0)
    e0 = [v - f for v, f in zip(y, f00)]
    c1 = [a - b for a, b in zip(f10, f00)]
    c2 = [a - b for a, b in zip(f01, f00)]
    s11 = sum(c * c for c in c1)
    s22 = sum(c * c for c in c2)
    s12 = sum(a * b for a, b in zip(c1, c2))
    s1e = sum(a * b for a, b in zip(c1, e0))
    s2e = sum(a * b for a, b in zip(c2, e0))
    det = s11 * s22 - s12 * s12
    l0 = (s22 * s1e - s12 * s2e) / det
    b0 = (s11 * s2e - s12 * s1e) / det
    f = fits_additive(y, alpha, beta, phi, l0, b0)
    return sum((v - g) ** 2 for v, g in zip(y, f))


if __name__ == "__main__":
    print("additive fits (alpha .6, beta .2, phi .9, l0 11, b0 1.4):")
    print(", ".join("%.12g" % v for v in fits_additive(Y, 0.6, 0.2, 0.9, 11.0, 1.4)))
    print("multiplicative fits (alpha .5, beta .1, phi .95, l0 11, b0 1.2):")
    print(", ".join("%.12g" % v for v in fits_mult(Y, 0.5, 0.1, 0.95, 11.0, 1.2)))
    best = None
    n = 60
    for i in range(n + 1):
        alpha = 1e-4 + (0.9999 - 1e-4) * i / n
        for j in range(n + 1):
            beta = 1e-4 + (alpha - 1e-4) * j / n
            for k in range(37):
                phi = 0.8 + 0.18 * k / 36
                s = sse_profiled(Y2, alpha, beta, phi)
                if best is None or s < best[0]:
                    best = (s, alpha, beta, phi)
    print("grid minimum SSE %.10g at alpha %.4f beta %.4f phi %.4f" % best)
