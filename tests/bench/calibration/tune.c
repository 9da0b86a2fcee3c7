/*
 * tests/bench/calibration/tune.c -- choose the prior of the short-series
 * predictive distribution (model_pred_log, models/pred_log.c) on training
 * windows: a grid over (tau, omega, gain, s0, nu0, mu0), each scored in
 * closed form (log y(t_last + h) is normal, so a target's probability, the
 * PIT and the 80% interval need no paths).
 *
 *   tune A.csv MODE_A B.csv MODE_B [--n 3,4,...] [--top K] [--only T,O,G,S,N,M,B]
 *
 * MODE is train or held (as in windows.c).  Windows of a set where the
 * series does not qualify (a value <= 0) are skipped, as the product then
 * uses its other path.  The score of a setting is the sum over the two sets
 * of ECE + |coverage80 - 0.8| + |misses below - misses above| / 2; the K
 * best are printed with their figures on both sets.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "model.h"
#include "bench.h"

#define WH 5
#define NB 10
#define NGROW 6

struct win {
    double y[MAX_LEN], t[MAX_LEN], fut[FUT];
    size_t n, nf;
    bool is_count;
};

struct score {
    double bn[NB], bp[NB], bm[NB], nt, brier, met;
    double in80, lo80, hi80, n80;
};

static struct win *load(const char *path, bool held, const size_t *nw, size_t nnw, size_t *count)
{
    struct series *all = calloc(MAX_SERIES, sizeof *all);
    struct win *w = NULL;
    size_t ns = 0, i, k, c = 0, j;

    if (!all || read_csv(path, all, &ns))
        exit(66);
    w = calloc(ns * nnw + 1, sizeof *w);
    if (!w)
        exit(70);
    for (i = 0; i < ns; i++)
        for (k = 0; k < nnw; k++) {
            struct win *x = &w[c];
            bool pos = true;
            x->nf = series_window(&all[i], nw[k], held, x->y, x->fut);
            if (x->nf == 0)
                continue;
            if (x->nf > WH)
                x->nf = WH;
            x->n = nw[k];
            x->is_count = true;
            for (j = 0; j < x->n; j++) {
                x->t[j] = 2000 + (double)j;
                pos = pos && x->y[j] > 0;
                if (x->y[j] != floor(x->y[j]))
                    x->is_count = false;
            }
            if (pos)
                c++;
        }
    free(all);
    *count = c;
    return w;
}

/* P(Y >= v) for Y the (rounded, for a count) lognormal(loc, sd). */
static double p_at_least(double v, double loc, double sd, bool is_count)
{
    if (is_count)
        v = ceil(v) - 0.5;
    if (v <= 0)
        return 1.0;
    return gsl_cdf_ugaussian_Q((log(v) - loc) / sd);
}

static void run(const struct win *w, size_t nw, const struct model_pred_prior *pr, struct score *sc)
{
    static const double growth[NGROW] = {0.0, 0.03, 0.06, 0.09, 0.12, 0.15};
    const double z10 = gsl_cdf_ugaussian_Pinv(0.10);
    size_t i, h, g;

    memset(sc, 0, sizeof *sc);
    for (i = 0; i < nw; i++) {
        struct model_data d = {w[i].t, w[i].y, w[i].n, w[i].is_count, true};
        struct model_auto a;
        if (!model_pred_log(&d, pr, &a))
            continue;
        for (h = 1; h <= w[i].nf; h++) {
            double loc = a.log_y0 + (double)h * a.log_mu, yv = w[i].fut[h - 1];
            double sd = sqrt(a.log_obs * a.log_obs + (double)h * a.log_sigma * a.log_sigma +
                             (double)(h * h) * a.log_vdrift);
            double lo = exp(loc + z10 * sd), hi = exp(loc - z10 * sd);
            if (w[i].is_count) {
                lo = nearbyint(lo);
                hi = nearbyint(hi);
            }
            sc->in80 += yv >= lo && yv <= hi;
            sc->lo80 += yv < lo;
            sc->hi80 += yv > hi;
            sc->n80 += 1;
            if (h != 1 && h != 3 && h != 5)
                continue;
            for (g = 0; g < NGROW; g++) {
                double target = w[i].y[w[i].n - 1] * pow(1 + growth[g], (double)h);
                double p = p_at_least(target, loc, sd, w[i].is_count), met = yv >= target;
                size_t b = p >= 1 ? NB - 1 : (size_t)floor(p * NB);
                sc->bn[b] += 1;
                sc->bp[b] += p;
                sc->bm[b] += met;
                sc->nt += 1;
                sc->brier += (p - met) * (p - met);
                sc->met += met;
            }
        }
    }
}

static double ece(const struct score *s)
{
    double e = 0;
    size_t b;
    for (b = 0; b < NB; b++)
        e += fabs(s->bp[b] - s->bm[b]) / s->nt;
    return e;
}

static double objective(const struct score *s)
{
    return ece(s) + fabs(s->in80 / s->n80 - 0.8) + fabs(s->lo80 - s->hi80) / s->n80 / 2;
}

static void show(const struct score *s)
{
    double base = s->met / s->nt;
    printf(" ECE %.4f BSS %.3f in80 %.1f (<lo %.1f >hi %.1f)", ece(s),
           1 - s->brier / s->nt / (base * (1 - base)), 100 * s->in80 / s->n80,
           100 * s->lo80 / s->n80, 100 * s->hi80 / s->n80);
}

struct res {
    struct model_pred_prior pr;
    double obj;
    struct score a, b;
};

static int by_obj(const void *x, const void *y)
{
    double a = ((const struct res *)x)->obj, b = ((const struct res *)y)->obj;
    return (a > b) - (a < b);
}

int main(int argc, char **argv)
{
    static const double tau[] = {0.02, 0.04, 0.08, 0.15, 0.3};
    static const double omega[] = {0.0, 0.015, 0.03, 0.05};
    static const double gain[] = {0.8, 1.0, 1.2, 1.4};
    static const double s0[] = {0.03, 0.08, 0.15};
    static const double nu0[] = {1, 3};
    static const double mu0[] = {0.0, 0.03};
    size_t nw[16], nnw = 0, na, nb, top = 12, i, nr = 0;
    struct win *wa, *wb;
    struct res *res;
    struct model_pred_prior only;
    bool have_only = false;
    int ai;

    if (argc < 5) {
        fprintf(stderr, "usage: tune A.csv MODE_A B.csv MODE_B [--n 3,4,...] [--top K] "
                        "[--only T,O,G,S,N,M,B]\n");
        return 64;
    }
    for (ai = 5; ai + 1 < argc; ai += 2) {
        if (strcmp(argv[ai], "--n") == 0) {
            char *s = argv[ai + 1], *end;
            while (*s && nnw < 16) {
                nw[nnw++] = strtoul(s, &end, 10);
                s = *end ? end + 1 : end;
            }
        } else if (strcmp(argv[ai], "--top") == 0) {
            top = strtoul(argv[ai + 1], NULL, 10);
        } else if (strcmp(argv[ai], "--only") == 0) {
            have_only = sscanf(argv[ai + 1], "%lf,%lf,%lf,%lf,%lf,%lf,%lf", &only.tau, &only.omega,
                               &only.gain, &only.s0, &only.nu0, &only.mu0, &only.obs) == 7;
            only.mix = 1.0;
        }
    }
    if (nnw == 0)
        for (nnw = 0; nnw < 8; nnw++)
            nw[nnw] = nnw + 3;
    wa = load(argv[1], strcmp(argv[2], "held") == 0, nw, nnw, &na);
    wb = load(argv[3], strcmp(argv[4], "held") == 0, nw, nnw, &nb);
    res = calloc(5 * 4 * 4 * 3 * 2 * 2 + 1, sizeof *res);
    if (!res)
        return 70;
    if (have_only) {
        res[0].pr = only;
        nr = 1;
    } else {
        size_t a, b, c, d, e, f;
        for (a = 0; a < 5; a++)
            for (b = 0; b < 4; b++)
                for (c = 0; c < 4; c++)
                    for (d = 0; d < 3; d++)
                        for (e = 0; e < 2; e++)
                            for (f = 0; f < 2; f++) {
                                struct model_pred_prior p = {tau[a], omega[b], gain[c],
                                                             s0[d],  nu0[e],   mu0[f],
                                                             1.0,    0.0,      1.0};
                                res[nr++].pr = p;
                            }
    }
    for (i = 0; i < nr; i++) {
        run(wa, na, &res[i].pr, &res[i].a);
        run(wb, nb, &res[i].pr, &res[i].b);
        res[i].obj = objective(&res[i].a) + objective(&res[i].b);
    }
    qsort(res, nr, sizeof *res, by_obj);
    printf("%zu windows in %s, %zu in %s; %zu settings\n", na, argv[1], nb, argv[3], nr);
    printf("default: tau %.3f omega %.3f gain %.2f s0 %.2f nu0 %.1f mu0 %.2f\n",
           model_pred_default.tau, model_pred_default.omega, model_pred_default.gain,
           model_pred_default.s0, model_pred_default.nu0, model_pred_default.mu0);
    for (i = 0; i < nr && i < top; i++) {
        const struct model_pred_prior *p = &res[i].pr;
        printf("tau %.3f omega %.3f gain %.2f s0 %.2f nu0 %.1f mu0 %.2f  obj %.4f\n  A", p->tau,
               p->omega, p->gain, p->s0, p->nu0, p->mu0, res[i].obj);
        show(&res[i].a);
        printf("\n  B");
        show(&res[i].b);
        printf("\n");
    }
    free(res);
    free(wa);
    free(wb);
    return 0;
}
