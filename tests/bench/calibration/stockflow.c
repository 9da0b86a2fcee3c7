/*
 * tests/bench/calibration/stockflow.c -- is a stock better forecast from its
 * flows?  For stocks whose yearly entries are known (gen_stockflow.py), two
 * predictive distributions of the stock are scored on the same windows and
 * plan-like targets as windows.c:
 *
 *   stock   what attain runs on the stock alone (model_auto_fit, the stock's
 *           own history);
 *   flows   the stock-and-flow view: S_(t+1) = S_t - exits + entries, the
 *           entries' paths from model_auto_fit on the entries (read as a
 *           flow), the exits Binomial(S_t, a) with the attrition rate a
 *           drawn per path from its Jeffreys posterior given the exits seen
 *           in the window (exits_t = S_(t-1) + entries_t - S_t);
 *   flows-drift, flows-exp   the same with the entries' paths from the
 *           drift or the exponential trend alone;
 *   mix     half of the paths from `stock`, half from `flows-exp`.
 *
 *   stockflow PAIRS.csv [--n 5,6,...] [--paths N] [--seed S]
 *
 * Windows are the last n training points; targets "at least S_last (1+g)^h"
 * for h = 1, 3, 5 and g = 0, 3, ..., 15%; printed per method and horizon:
 * ECE over tenths of stated probability, Brier skill over the group's base
 * rate, the 80% interval's hits and misses below / above (h = 1..5).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "bench.h"

#define WH 5    /* horizons simulated */
#define NGROW 6 /* asked-for growths */
#define NM 5    /* methods */

struct tally {
    double stated[10], met[10], n[10];
    double brier, nb, base;
    double in80, lo80, hi80, n80;
};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile_sorted(const double *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)floor(pos);
    double f = pos - (double)i;
    return i + 1 < n ? v[i] * (1 - f) + v[i + 1] * f : v[n - 1];
}

static void tally_target(struct tally *t, double p, int met)
{
    size_t b = p >= 1 ? 9 : (size_t)floor(p * 10);
    t->stated[b] += p;
    t->met[b] += met;
    t->n[b] += 1;
    t->brier += (p - met) * (p - met);
    t->base += met;
    t->nb += 1;
}

static void tally_print(const char *label, const struct tally *t)
{
    double ece = 0, base = t->base / t->nb, b0 = 0;
    size_t b;

    for (b = 0; b < 10; b++)
        ece += fabs(t->stated[b] - t->met[b]) / t->nb;
    b0 = base * (1 - base);
    printf("%-14s %7.0f  %.3f  %.3f   %5.1f %4.1f %4.1f\n", label, t->nb, ece,
           b0 > 0 ? 1 - t->brier / t->nb / b0 : 0, 100 * t->in80 / t->n80, 100 * t->lo80 / t->n80,
           100 * t->hi80 / t->n80);
}

/*
 * Paths (npaths x WH) of a count window y of n yearly points read as
 * `measure`: auto, or the named kind.
 */
static int count_paths(const double *y, size_t n, enum model_measure measure, bool is_auto,
                       enum model_kind kind, size_t npaths, gsl_rng *r, double *paths)
{
    struct model_data d;
    double tt[MAX_LEN], mean[WH];
    size_t j;
    int status;

    for (j = 0; j < n; j++)
        tt[j] = 2000 + (double)j;
    d.t = tt;
    d.y = y;
    d.n = n;
    d.is_count = true;
    d.nonneg = true;
    bench_measure = measure;
    status = bench_forecast(&d, is_auto, false, 0, kind, NULL, WH, npaths, r, mean, paths, NULL);
    bench_measure = MODEL_MEASURE_UNKNOWN;
    return status;
}

/* The stock-and-flow paths of the window (S, E of n points), npaths x WH. */
static int flow_paths(const double *s, const double *e, size_t n, size_t npaths, gsl_rng *r,
                      bool is_auto, enum model_kind kind, double *paths)
{
    double *ep = malloc(npaths * WH * sizeof *ep);
    double exits = 0, trials = 0;
    size_t j, p;
    int status;

    if (!ep)
        return GSL_ENOMEM;
    for (j = 1; j < n; j++) {
        double x = s[j - 1] + e[j] - s[j];
        exits += x > 0 ? x : 0;
        trials += s[j - 1];
    }
    if (exits > trials)
        exits = trials;
    status = count_paths(e, n, MODEL_MEASURE_FLOW, is_auto, kind, npaths, r, ep);
    for (p = 0; !status && p < npaths; p++) {
        double a = gsl_ran_beta(r, exits + 0.5, trials - exits + 0.5), st = s[n - 1];
        for (j = 0; j < WH; j++) {
            double in = ep[p * WH + j];
            unsigned out = st > 0 ? gsl_ran_binomial(r, a, (unsigned)st) : 0;
            st = st - out + (in > 0 ? round(in) : 0);
            paths[p * WH + j] = st;
        }
    }
    free(ep);
    return status;
}

int main(int argc, char **argv)
{
    static struct series all[MAX_SERIES];
    size_t nwin[16], nnw = 0, npaths = 2000, ns = 0, i, k, p, w, h, g, m;
    unsigned long seed = 1;
    struct tally t[NM][WH + 1];
    double *paths, *col;
    gsl_rng *r;
    const char *names[NM] = {"stock", "flows", "flows-drift", "flows-exp", "mix"};

    if (argc < 2) {
        fprintf(stderr, "usage: stockflow PAIRS.csv [--n 5,6,...] [--paths N] [--seed S]\n");
        return 64;
    }
    for (i = 2; i + 1 < (size_t)argc; i += 2) {
        if (strcmp(argv[i], "--n") == 0) {
            char *q = argv[i + 1];
            while (*q && nnw < 16) {
                nwin[nnw++] = strtoul(q, &q, 10);
                if (*q == ',')
                    q++;
            }
        } else if (strcmp(argv[i], "--paths") == 0) {
            npaths = strtoul(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--seed") == 0) {
            seed = strtoul(argv[i + 1], NULL, 10);
        }
    }
    if (nnw == 0) {
        for (w = 5; w <= 10; w++)
            nwin[nnw++] = w;
    }
    if (read_csv(argv[1], all, &ns) != 0) {
        fprintf(stderr, "stockflow: cannot read %s\n", argv[1]);
        return 66;
    }
    gsl_set_error_handler_off();
    memset(t, 0, sizeof t);
    paths = malloc(npaths * WH * sizeof *paths);
    col = malloc(npaths * sizeof *col);
    r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!paths || !col || !r)
        return 70;
    for (i = 0; i + 1 < ns; i += 2) {
        const struct series *ss = &all[i], *se = &all[i + 1];
        if (strcmp(ss->cat, "stock") != 0 || strcmp(se->cat, "entries") != 0)
            continue;
        for (w = 0; w < nnw; w++) {
            size_t n = nwin[w], nf;
            double ys[MAX_LEN], ye[MAX_LEN], fs[FUT], fe[FUT];
            nf = series_window(ss, n, true, ys, fs);
            if (nf < WH || series_window(se, n, true, ye, fe) < WH)
                continue;
            for (m = 0; m < NM; m++) {
                int status;
                size_t own;
                gsl_rng_set(r, seed * 1000003UL + i * 131 + n + 7 * m);
                /* stock: all paths from the stock; mix: half; the flows methods: none. */
                own = m == 0 ? npaths : m == 4 ? npaths / 2 : 0;
                status =
                    own ? count_paths(ys, n, MODEL_MEASURE_STOCK, true, MODEL_NAIVE, own, r, paths)
                        : GSL_SUCCESS;
                if (!status && own < npaths)
                    status = flow_paths(ys, ye, n, npaths - own, r, m == 1,
                                        m == 2 ? MODEL_DRIFT : MODEL_EXP, paths + own * WH);
                if (status)
                    continue;
                for (h = 1; h <= WH; h++) {
                    double yv = fs[h - 1], lo, hi;
                    for (p = 0; p < npaths; p++)
                        col[p] = paths[p * WH + h - 1];
                    qsort(col, npaths, sizeof *col, cmp_double);
                    lo = quantile_sorted(col, npaths, 0.10);
                    hi = quantile_sorted(col, npaths, 0.90);
                    for (k = 0; k < 2; k++) {
                        struct tally *x = k ? &t[m][WH] : &t[m][h - 1];
                        x->in80 += yv >= lo && yv <= hi;
                        x->lo80 += yv < lo;
                        x->hi80 += yv > hi;
                        x->n80 += 1;
                    }
                    if (h != 1 && h != 3 && h != 5)
                        continue;
                    for (g = 0; g < NGROW; g++) {
                        double target = ys[n - 1] * pow(1 + 0.03 * (double)g, (double)h), met = 0;
                        for (p = 0; p < npaths; p++)
                            met += col[p] >= target;
                        tally_target(&t[m][h - 1], met / (double)npaths, yv >= target);
                        tally_target(&t[m][WH], met / (double)npaths, yv >= target);
                    }
                }
            }
        }
    }
    printf("method/group   targets  ECE    BSS      in80  <lo  >hi\n");
    for (m = 0; m < NM; m++) {
        for (h = 1; h <= WH; h += 2) {
            char label[32];
            snprintf(label, sizeof label, "%s h=%zu", names[m], h);
            tally_print(label, &t[m][h - 1]);
        }
        {
            char label[32];
            snprintf(label, sizeof label, "%s all", names[m]);
            tally_print(label, &t[m][WH]);
        }
    }
    gsl_rng_free(r);
    free(paths);
    free(col);
    return 0;
}
