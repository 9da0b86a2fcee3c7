/*
 * tests/bench/calibration/windows.c -- are the probabilities of short
 * windows honest?  PIT histograms, reliability tables, ECE, Brier skill and
 * 80% interval misses (below / above), by window length and horizon.
 *
 *   windows DATA.csv [--mode train|held] [--n 3,4,...] [--paths N] [--seed S]
 *           [--model auto|combo|NAME] [--by-category 1] [--measure flow|stock] [--out FILE]
 *
 * DATA.csv has the M3 layout (series,category,start_year,t,value,split with
 * split "train" or "test"); gen_synth.py writes synthetic count series in
 * the same layout.  Each series gives one window of n points per n:
 *   --mode held   the last n training points, scored on the test part;
 *   --mode train  the n points ending 6 years before the end of training,
 *                 scored on those 6 training years (where choices are made;
 *                 the test years stay unseen).
 * The window goes through the product's model path: model_auto_fit and
 * model_auto_simulate with the series flags the engine sets (integer values
 * are counts, no negative value means the quantity cannot be negative).
 * Targets are plan-like, "at least y_last (1 + g)^h" for h = 1, 3, 5 and g
 * in {0, 3, 6, 9, 12, 15%}; the stated probability is the share of paths at
 * or above it, as `attain targets` states it for a level target on a stock.
 * The PIT of the outcome y is P(X < y) + U P(X = y) over the paths (U
 * uniform: counts have ties), for h = 1..5.
 * --out FILE writes every target as "series,category,n,h,g,probability,met".
 * Not part of ctest; run.sh in this directory builds and runs it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "model.h"
#include "bench.h"

#define WH 5    /* horizons scored */
#define NB 10   /* probability buckets, PIT bins */
#define NGROW 6 /* target growths */
#define MAX_CAT 8
#define MAX_NW 16

static struct series *all;

/* Calibration tallies of one group (a window length, a horizon, a family, or all). */
struct tally {
    double bn[NB], bp[NB], bm[NB]; /* reliability: count, sum stated, sum met */
    double brier, nt, met;
    double pit[NB], npit;
    double in80, lo80, hi80, n80;
    double smape, nsm, smed;
};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-quantile of sorted a[0..n-1] as gsl_stats_quantile_from_sorted_data gives it. */
static double quantile_sorted(const double *a, size_t n, double p)
{
    double pos = p * (double)(n - 1), frac = pos - floor(pos);
    size_t k = (size_t)floor(pos);
    return a[k] + (k + 1 < n ? frac * (a[k + 1] - a[k]) : 0);
}

static void add_target(struct tally *t, double prob, double met)
{
    size_t b = prob >= 1 ? NB - 1 : (size_t)floor(prob * NB);
    t->bn[b] += 1;
    t->bp[b] += prob;
    t->bm[b] += met;
    t->brier += (prob - met) * (prob - met);
    t->nt += 1;
    t->met += met;
}

static double ece(const struct tally *t)
{
    double e = 0;
    size_t b;
    for (b = 0; b < NB; b++)
        if (t->bn[b] > 0)
            e += fabs(t->bp[b] - t->bm[b]) / t->nt;
    return e;
}

/* Brier skill over always saying the group's own base rate. */
static double skill(const struct tally *t)
{
    double base = t->met / t->nt, b0 = base * (1 - base);
    return b0 > 0 ? 1 - (t->brier / t->nt) / b0 : 0;
}

static void print_line(const char *label, const struct tally *t)
{
    double sp = 0;
    size_t b;

    if (t->nt == 0)
        return;
    for (b = 0; b < NB; b++)
        sp += t->bp[b];
    printf("%-10s %6.0f  %5.3f %6.3f %5.3f %5.3f  %5.1f %4.1f %4.1f  %5.2f %5.2f |", label, t->nt,
           ece(t), skill(t), sp / t->nt, t->met / t->nt, 100 * t->in80 / t->n80,
           100 * t->lo80 / t->n80, 100 * t->hi80 / t->n80, t->smape / t->nsm, t->smed / t->nsm);
    for (b = 0; b < NB; b++)
        printf(" %3.0f", t->npit > 0 ? 100 * NB * t->pit[b] / t->npit : 0);
    printf(" |");
    for (b = 0; b < NB; b++) {
        if (t->bn[b] >= 20)
            printf(" %4.2f", t->bm[b] / t->bn[b]);
        else
            printf("    -");
    }
    printf("\n");
}

static void print_header(const char *what)
{
    printf("\n%-10s %6s  %5s %6s %5s %5s  %5s %4s %4s  %5s %5s | %s | %s\n", what, "tgts", "ECE",
           "BSS", "p", "met", "in80", "<lo", ">hi", "sMAPE", "s.med",
           "PIT histogram, % of uniform, tenths 1..10",
           "met rate by stated tenth (0.0-0.1 .. 0.9-1.0)");
}

static void print_full(const char *what, const struct tally *t)
{
    size_t b;

    printf("\nreliability, %s (stated tenth: targets, mean stated, met)\n", what);
    for (b = 0; b < NB; b++)
        if (t->bn[b] > 0)
            printf("  [%.1f,%.1f%c %7.0f  %5.3f  %5.3f\n", (double)b / NB, (double)(b + 1) / NB,
                   b == NB - 1 ? ']' : ')', t->bn[b], t->bp[b] / t->bn[b], t->bm[b] / t->bn[b]);
    printf("  targets %.0f, base rate %.3f, Brier %.4f, skill %.3f, ECE %.4f\n", t->nt,
           t->met / t->nt, t->brier / t->nt, skill(t), ece(t));
}

int main(int argc, char **argv)
{
    const char *path, *mode = "held", *model = "auto", *out_path = NULL;
    size_t nwin[MAX_NW], nnw = 0, npaths = 2000, ns = 0, i, j, p, w, hh, g;
    unsigned long seed = 1;
    bool by_cat = false, is_auto = true, is_combo = false, have_prior = false;
    struct model_pred_prior prior = model_pred_default;
    enum model_kind kind = MODEL_NAIVE;
    static const double growth[NGROW] = {0.0, 0.03, 0.06, 0.09, 0.12, 0.15};
    static struct tally t_all, t_n[MAX_LEN], t_h[WH], t_cat[MAX_CAT];
    char cats[MAX_CAT][16];
    size_t ncat = 0;
    double *paths, *col;
    gsl_rng *r, *ru;
    FILE *out = NULL;

    if (argc < 2) {
        fprintf(
            stderr,
            "usage: windows DATA.csv [--mode train|held] [--n 3,4,...] [--paths N] "
            "[--seed S] [--model auto|combo|NAME] [--by-category 1] [--measure flow|stock] "
            "[--prior T,O,G,S,N,M,X,B,P] "
            "[--out FILE]\n");
        return 64;
    }
    path = argv[1];
    for (i = 2; i + 1 < (size_t)argc; i += 2) {
        if (strcmp(argv[i], "--mode") == 0) {
            mode = argv[i + 1];
        } else if (strcmp(argv[i], "--n") == 0) {
            char *s = argv[i + 1], *end;
            while (*s && nnw < MAX_NW) {
                nwin[nnw++] = strtoul(s, &end, 10);
                s = *end ? end + 1 : end;
            }
        } else if (strcmp(argv[i], "--paths") == 0) {
            npaths = strtoul(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--seed") == 0) {
            seed = strtoul(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--model") == 0) {
            model = argv[i + 1];
        } else if (strcmp(argv[i], "--by-category") == 0) {
            by_cat = atoi(argv[i + 1]) != 0;
        } else if (strcmp(argv[i], "--prior") == 0) {
            have_prior = sscanf(argv[i + 1], "%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &prior.tau,
                                &prior.omega, &prior.gain, &prior.s0, &prior.nu0, &prior.mu0,
                                &prior.mix, &prior.obs, &prior.phi) == 9;
        } else if (strcmp(argv[i], "--measure") == 0) {
            const char *m = argv[i + 1];
            bench_measure = strcmp(m, "flow") == 0    ? MODEL_MEASURE_FLOW
                            : strcmp(m, "stock") == 0 ? MODEL_MEASURE_STOCK
                                                      : MODEL_MEASURE_UNKNOWN;
        } else if (strcmp(argv[i], "--out") == 0) {
            out_path = argv[i + 1];
        } else {
            fprintf(stderr, "windows: unknown option '%s'\n", argv[i]);
            return 64;
        }
    }
    if (nnw == 0)
        for (nnw = 0; nnw < 8; nnw++)
            nwin[nnw] = nnw + 3;
    if (strcmp(model, "combo") == 0) {
        is_combo = true;
    } else if (strcmp(model, "auto") != 0) {
        is_auto = false;
        if (model_kind_parse(model, &kind)) {
            fprintf(stderr, "windows: unknown model '%s'\n", model);
            return 64;
        }
    }
    if (strcmp(mode, "train") != 0 && strcmp(mode, "held") != 0) {
        fprintf(stderr, "windows: --mode is train or held\n");
        return 64;
    }
    all = calloc(MAX_SERIES, sizeof *all);
    paths = malloc(npaths * WH * sizeof *paths);
    col = malloc(npaths * sizeof *col);
    if (!all || !paths || !col || read_csv(path, all, &ns))
        return 66;
    if (out_path && !(out = fopen(out_path, "w"))) {
        fprintf(stderr, "windows: cannot write '%s': %s\n", out_path, strerror(errno));
        return 73;
    }
    if (out)
        fprintf(out, "series,category,n,h,g,probability,met\n");
    r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_set_error_handler_off(); /* as the product: a failed fit is a status, not an abort */
    ru = gsl_rng_alloc(gsl_rng_mt19937);
    for (i = 0; i < ns; i++) {
        struct series *s = &all[i];
        size_t ci;
        for (ci = 0; ci < ncat && strcmp(cats[ci], s->cat) != 0; ci++)
            ;
        if (ci == ncat && ncat < MAX_CAT)
            snprintf(cats[ncat++], sizeof cats[0], "%s", s->cat);
        for (w = 0; w < nnw; w++) {
            size_t n = nwin[w], nf;
            double y[MAX_LEN], tt[MAX_LEN], fut[FUT], mean[WH];
            struct model_data d;
            int status;

            nf = series_window(s, n, strcmp(mode, "held") == 0, y, fut);
            if (nf == 0)
                continue;
            if (nf > WH)
                nf = WH;
            d.t = tt;
            d.y = y;
            d.n = n;
            d.is_count = true;
            d.nonneg = true;
            for (j = 0; j < n; j++) {
                tt[j] = 2000 + (double)j;
                if (y[j] != floor(y[j]))
                    d.is_count = false;
                if (y[j] < 0)
                    d.nonneg = false;
            }
            gsl_rng_set(r, seed * 1000003UL + i * 131 + n);
            gsl_rng_set(ru, seed * 7919UL + i * 131 + n);
            status = bench_forecast(&d, is_auto, is_combo, 0, kind, have_prior ? &prior : NULL, WH,
                                    npaths, r, mean, paths, NULL);
            if (status) {
                fprintf(stderr, "windows: %s n=%zu: %s\n", s->name, n, gsl_strerror(status));
                continue;
            }
            for (hh = 1; hh <= nf; hh++) {
                struct tally *ts[4] = {&t_all, &t_n[n], &t_h[hh - 1],
                                       ci < MAX_CAT ? &t_cat[ci] : NULL};
                double yv = fut[hh - 1], below = 0, equal = 0, pit, lo, hi, sm, md, smd;
                size_t k;
                for (p = 0; p < npaths; p++) {
                    col[p] = paths[p * WH + hh - 1];
                    below += col[p] < yv;
                    equal += col[p] == yv;
                }
                pit = (below + gsl_rng_uniform(ru) * equal) / (double)npaths;
                qsort(col, npaths, sizeof *col, cmp_double);
                lo = quantile_sorted(col, npaths, 0.10);
                hi = quantile_sorted(col, npaths, 0.90);
                md = quantile_sorted(col, npaths, 0.50);
                smd = fabs(yv) + fabs(md) > 0 ? 200 * fabs(yv - md) / (fabs(yv) + fabs(md)) : 0;
                sm = fabs(yv) + fabs(mean[hh - 1]) > 0
                         ? 200 * fabs(yv - mean[hh - 1]) / (fabs(yv) + fabs(mean[hh - 1]))
                         : 0;
                for (k = 0; k < 4; k++) {
                    struct tally *t = ts[k];
                    size_t b = pit >= 1 ? NB - 1 : (size_t)floor(pit * NB);
                    if (!t)
                        continue;
                    t->pit[b] += 1;
                    t->npit += 1;
                    t->in80 += yv >= lo && yv <= hi;
                    t->lo80 += yv < lo;
                    t->hi80 += yv > hi;
                    t->n80 += 1;
                    t->smape += sm;
                    t->smed += smd;
                    t->nsm += 1;
                }
                if (hh != 1 && hh != 3 && hh != 5)
                    continue;
                for (g = 0; g < NGROW; g++) {
                    double target = y[n - 1] * pow(1 + growth[g], (double)hh), prob = 0;
                    double met = yv >= target;
                    for (p = 0; p < npaths; p++)
                        prob += paths[p * WH + hh - 1] >= target;
                    prob /= (double)npaths;
                    for (k = 0; k < 4; k++)
                        if (ts[k])
                            add_target(ts[k], prob, met);
                    if (out)
                        fprintf(out, "%s,%s,%zu,%zu,%.2f,%.4f,%.0f\n", s->name, s->cat, n, hh,
                                growth[g], prob, met);
                }
            }
        }
    }
    printf("%s  mode %s  model %s  paths %zu  seed %lu\n", path, mode, model, npaths, seed);
    printf("prior: tau %g omega %g gain %g s0 %g nu0 %g mu0 %g mix %g obs %g phi %g\n", prior.tau,
           prior.omega, prior.gain, prior.s0, prior.nu0, prior.mu0, prior.mix, prior.obs,
           prior.phi);
    printf("targets: at least y_last (1+g)^h, h = 1,3,5, g = 0..15%%; PIT and intervals h = "
           "1..%d\n",
           WH);
    print_header("length");
    for (w = 0; w < nnw; w++) {
        char lab[16];
        snprintf(lab, sizeof lab, "n=%zu", nwin[w]);
        print_line(lab, &t_n[nwin[w]]);
    }
    print_header("horizon");
    for (hh = 0; hh < WH; hh++) {
        char lab[16];
        snprintf(lab, sizeof lab, "h=%zu", hh + 1);
        print_line(lab, &t_h[hh]);
    }
    if (by_cat) {
        print_header("category");
        for (i = 0; i < ncat; i++)
            print_line(cats[i], &t_cat[i]);
    }
    print_header("pooled");
    print_line("all", &t_all);
    print_full("all", &t_all);
    if (out)
        fclose(out);
    gsl_rng_free(r);
    gsl_rng_free(ru);
    free(all);
    free(paths);
    free(col);
    return 0;
}
