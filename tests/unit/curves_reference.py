#!/usr/bin/env python3
"""Reference values for tests/unit/test_models_curves.c, computed independently
of the C code: closed-form OLS, and plain Gauss-Newton / Newton iterations
written out here (python3 standard library only, no scipy offline).

    python3 tests/unit/curves_reference.py

prints every number the test hard-codes (17 significant digits)."""
import math

def ols(t, z):
    n = len(t); tb = sum(t) / n; zb = sum(z) / n
    sxx = sum((x - tb) ** 2 for x in t)
    b = sum((x - tb) * (v - zb) for x, v in zip(t, z)) / sxx
    a = zb
    rss = sum((v - a - b * (x - tb)) ** 2 for x, v in zip(t, z))
    s2 = rss / (n - 2)
    return dict(a=a, b=b, tbar=tb, sxx=sxx, rss=rss, sigma=math.sqrt(s2),
                se_a=math.sqrt(s2 / n), se_b=math.sqrt(s2 / sxx))

def gauss_loglik(rss, n):
    return -0.5 * n * (math.log(2 * math.pi * rss / n) + 1)

def aicc(ll, k, n):
    return -2 * ll + 2 * k + 2 * k * (k + 1) / (n - k - 1)

def solve(A, b):
    """Gaussian elimination with partial pivoting."""
    n = len(b); M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(M[r][c])); M[c], M[p] = M[p], M[c]
        for r in range(c + 1, n):
            f = M[r][c] / M[c][c]
            for k in range(c, n + 1): M[r][k] -= f * M[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (M[r][n] - sum(M[r][k] * x[k] for k in range(r + 1, n))) / M[r][r]
    return x

def inverse(A):
    n = len(A)
    cols = [solve(A, [1.0 if i == j else 0.0 for i in range(n)]) for j in range(n)]
    return [[cols[j][i] for j in range(n)] for i in range(n)]

def gauss_newton(model, x, t, y, iters=200):
    """Damped Gauss-Newton (step halving); model(x, t) -> (value, gradient list)."""
    def rss(x):
        return sum((model(x, ti)[0] - yi) ** 2 for ti, yi in zip(t, y))
    for _ in range(iters):
        JtJ = [[0.0] * len(x) for _ in x]; Jtr = [0.0] * len(x)
        for ti, yi in zip(t, y):
            v, g = model(x, ti); r = v - yi
            for i in range(len(x)):
                Jtr[i] += g[i] * r
                for j in range(len(x)): JtJ[i][j] += g[i] * g[j]
        dx = solve(JtJ, [-v for v in Jtr]); lam = 1.0; f0 = rss(x)
        while lam > 1e-12:
            xn = [a + lam * d for a, d in zip(x, dx)]
            if rss(xn) <= f0: break
            lam /= 2
        x = xn
        if max(abs(d) / (abs(a) + 1e-30) for d, a in zip(dx, x)) < 1e-15: break
    JtJ = [[0.0] * len(x) for _ in x]
    for ti in t:
        g = model(x, ti)[1]
        for i in range(len(x)):
            for j in range(len(x)): JtJ[i][j] += g[i] * g[j]
    s2 = rss(x) / (len(t) - len(x)); C = inverse(JtJ)
    return x, rss(x), [math.sqrt(s2 * C[i][i]) for i in range(len(x))]

def logistic(x, t):
    K, r, t0 = x; e = math.exp(-r * (t - t0)); s = 1 / (1 + e)
    return K * s, [s, K * (t - t0) * s * (1 - s), -K * r * s * (1 - s)]

def gompertz(x, t):
    K, r, t0 = x; e = math.exp(-r * (t - t0)); g = math.exp(-e)
    return K * g, [g, K * (t - t0) * e * g, -K * r * e * g]

def main():
    p = lambda name, v: print(f"{name} = {v:.17g}")
    # linear and exp, gaps in t
    t = [2013, 2014, 2016, 2017, 2018, 2020]
    y = [12.385, 14.02, 17.77, 19.13, 21.6, 24.91]
    o = ols(t, y)
    for k in ("a", "b", "tbar", "sigma", "se_a", "se_b"): p("linear." + k, o[k])
    ll = gauss_loglik(o["rss"], len(t)); p("linear.loglik", ll); p("linear.aicc", aicc(ll, 3, len(t)))
    p("linear.forecast2", o["a"] + o["b"] * (2022 - o["tbar"]))
    ye = [3.1, 3.9, 6.2, 7.7, 10.4, 15.8]
    o = ols(t, [math.log(v) for v in ye])
    for k in ("a", "b", "sigma", "se_a", "se_b"): p("exp." + k, o[k])
    ll = gauss_loglik(o["rss"], len(t)) - sum(math.log(v) for v in ye)
    p("exp.loglik", ll)
    d = 2021 - o["tbar"]
    p("exp.forecast1", math.exp(o["a"] + o["b"] * d + o["sigma"] ** 2 / 2))
    # logistic and Gompertz on data from known parameters plus a fixed wiggle
    tl = list(range(2006, 2023))
    for name, f, truth in (("logistic", logistic, (812.5, 0.43, 2014.7)),
                           ("gompertz", gompertz, (812.5, 0.31, 2013.2))):
        yl = [f(truth, ti)[0] + 6.0 * math.sin(1.7 * i + 0.3) for i, ti in enumerate(tl)]
        print(f"{name}.y = {{" + ", ".join(f"{v:.6f}" for v in yl) + "}")
        yl = [float(f"{v:.6f}") for v in yl]
        x, rss, se = gauss_newton(f, list(truth), tl, yl)
        for k, name2 in enumerate(("K", "r", "t0")):
            p(f"{name}.{name2}", x[k]); p(f"{name}.se_{name2}", se[k])
        p(f"{name}.rss", rss)
    # logistic with K fixed at 850: Gauss-Newton on (r, t0) only
    yl = [float(f"{logistic((812.5, 0.43, 2014.7), ti)[0] + 6.0 * math.sin(1.7 * i + 0.3):.6f}")
          for i, ti in enumerate(tl)]
    fixed = lambda x, t: (lambda v: (v[0], v[1][1:]))(logistic((850.0, x[0], x[1]), t))
    x, rss, se = gauss_newton(fixed, [0.43, 2014.7], tl, yl)
    p("fixedK.r", x[0]); p("fixedK.t0", x[1]); p("fixedK.se_r", se[0]); p("fixedK.se_t0", se[1])
    # Poisson log-linear regression by Newton-Raphson on the log-likelihood
    tc = [2012, 2013, 2014, 2015, 2017, 2018, 2019]
    yc = [4, 7, 5, 9, 14, 12, 19]
    tb = sum(tc) / len(tc); a, b = math.log(sum(yc) / len(yc)), 0.0
    for _ in range(100):
        mu = [math.exp(a + b * (ti - tb)) for ti in tc]
        g = [sum(yi - m for yi, m in zip(yc, mu)), sum((ti - tb) * (yi - m) for ti, yi, m in zip(tc, yc, mu))]
        H = [[sum(mu), sum((ti - tb) * m for ti, m in zip(tc, mu))],
             [sum((ti - tb) * m for ti, m in zip(tc, mu)), sum((ti - tb) ** 2 * m for ti, m in zip(tc, mu))]]
        da, db = solve(H, g); a += da; b += db
    mu = [math.exp(a + b * (ti - tb)) for ti in tc]
    H = [[sum(mu), sum((ti - tb) * m for ti, m in zip(tc, mu))],
         [sum((ti - tb) * m for ti, m in zip(tc, mu)), sum((ti - tb) ** 2 * m for ti, m in zip(tc, mu))]]
    C = inverse(H)
    p("poisson.a", a); p("poisson.b", b); p("poisson.se_a", math.sqrt(C[0][0])); p("poisson.se_b", math.sqrt(C[1][1]))
    p("poisson.loglik", sum(yi * math.log(m) - m - math.lgamma(yi + 1) for yi, m in zip(yc, mu)))
    # negative binomial: profile likelihood over alpha (golden section), Newton for (a, b)
    yn = [3, 12, 5, 20, 8, 30, 11, 2, 40, 25]
    tn = list(range(2010, 2020)); tb = sum(tn) / len(tn)
    def nb_fit(alpha):
        a, b = math.log(sum(yn) / len(yn)), 0.0
        for _ in range(200):
            mu = [math.exp(a + b * (ti - tb)) for ti in tn]
            w = [m / (1 + alpha * m) for m in mu]
            g = [sum((yi - m) / (1 + alpha * m) for yi, m in zip(yn, mu)),
                 sum((ti - tb) * (yi - m) / (1 + alpha * m) for ti, yi, m in zip(tn, yn, mu))]
            H = [[sum(w), sum((ti - tb) * wi for ti, wi in zip(tn, w))],
                 [sum((ti - tb) * wi for ti, wi in zip(tn, w)), sum((ti - tb) ** 2 * wi for ti, wi in zip(tn, w))]]
            da, db = solve(H, g); a += da; b += db
        th = 1 / alpha
        ll = sum(math.lgamma(yi + th) - math.lgamma(th) - math.lgamma(yi + 1) - th * math.log1p(m / th)
                 + yi * (math.log(m) - math.log(th + m))
                 for yi, m in zip(yn, [math.exp(a + b * (ti - tb)) for ti in tn]))
        return a, b, ll
    lo, hi = math.log(1e-3), math.log(10.0); gr = (math.sqrt(5) - 1) / 2
    for _ in range(200):
        c = hi - gr * (hi - lo); d = lo + gr * (hi - lo)
        if nb_fit(math.exp(c))[2] > nb_fit(math.exp(d))[2]: hi = d
        else: lo = c
    al = math.exp((lo + hi) / 2); a, b, ll = nb_fit(al)
    p("negbin.a", a); p("negbin.b", b); p("negbin.alpha", al); p("negbin.loglik", ll)

main()
