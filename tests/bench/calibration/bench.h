/*
 * tests/bench/calibration/bench.h -- what the benchmark programs share
 * (windows.c, tune.c, ../m3/m3_direct.c): the reader of the M3 layout
 * (series,category,start_year,t,value,split), the window cut, and one
 * series' forecast through the model library as the engine makes it.
 */
#ifndef ATTAIN_BENCH_H
#define ATTAIN_BENCH_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "model.h"

#define MAX_SERIES 20000
#define MAX_LEN 128
#define FUT 6 /* future points kept per series */

struct series {
    char name[64], cat[16];
    double start;
    double train[MAX_LEN], test[FUT];
    size_t n_train, n_test;
};

/*
 * The window of n points of s and its future: --mode held takes the last n
 * training points and the test part, train the n points ending FUT years
 * before the end of training and those FUT training years.  0 if s is too
 * short.  Returns the number of future points.
 */
static inline size_t series_window(const struct series *s, size_t n, bool held, double *y,
                                   double *fut)
{
    size_t end, nf;

    if (held) {
        if (s->n_train < n)
            return 0;
        end = s->n_train;
        nf = s->n_test;
        memcpy(fut, s->test, nf * sizeof *fut);
    } else {
        if (s->n_train < n + FUT)
            return 0;
        end = s->n_train - FUT;
        nf = FUT;
        memcpy(fut, s->train + end, nf * sizeof *fut);
    }
    memcpy(y, s->train + end - n, n * sizeof *y);
    return nf;
}

static inline int read_csv(const char *path, struct series *all, size_t *count)
{
    FILE *fp = fopen(path, "r");
    char line[512];
    size_t ns = 0;

    if (!fp) {
        fprintf(stderr, "bench: cannot open '%s': %s\n", path, strerror(errno));
        return 1;
    }
    if (!fgets(line, sizeof line, fp)) {
        fclose(fp);
        return 1;
    }
    while (fgets(line, sizeof line, fp)) {
        char *f[6], *p = line;
        size_t k = 0;
        struct series *s;

        f[k++] = p;
        while (*p && k < 6) {
            if (*p == ',') {
                *p = '\0';
                f[k++] = p + 1;
            }
            p++;
        }
        if (k < 6)
            continue;
        f[5][strcspn(f[5], "\r\n")] = '\0';
        /* Names are kept to 63 bytes: rows belong together when those agree. */
        if (ns == 0 || strncmp(all[ns - 1].name, f[0], sizeof all[0].name - 1) != 0) {
            if (ns == MAX_SERIES)
                break;
            s = &all[ns++];
            memset(s, 0, sizeof *s);
            snprintf(s->name, sizeof s->name, "%.63s", f[0]);
            snprintf(s->cat, sizeof s->cat, "%.15s", f[1]);
            s->start = strtod(f[2], NULL);
        }
        s = &all[ns - 1];
        if (strcmp(f[5], "train") == 0 && s->n_train < MAX_LEN)
            s->train[s->n_train++] = strtod(f[4], NULL);
        else if (strcmp(f[5], "test") == 0 && s->n_test < FUT)
            s->test[s->n_test++] = strtod(f[4], NULL);
    }
    fclose(fp);
    *count = ns;
    return 0;
}

/* The measure every series is read as (windows --measure). */
static enum model_measure bench_measure = MODEL_MEASURE_UNKNOWN;

/*
 * Fit and forecast one series: auto (or combo) with the default candidates
 * or cand, else the named model with the engine's naive fallback; mean the
 * point forecast, paths npaths x h.  prior (or NULL for the default) replaces
 * the short-series predictive prior after the fit; *chosen (if not NULL) is
 * the kind that ran, MODEL_KIND_COUNT for a combination.  A GSL status.
 */
static inline int bench_forecast(const struct model_data *d, bool is_auto, bool is_combo,
                                 unsigned cand, enum model_kind kind,
                                 const struct model_pred_prior *prior, size_t h, size_t npaths,
                                 gsl_rng *r, double *mean, double *paths, size_t *chosen)
{
    int status;

    if (is_auto) {
        struct model_auto_opts ao = {h, cand, is_combo, {0, false, false}, bench_measure};
        struct model_auto a;
        status = model_auto_fit(d, &ao, &a);
        if (!status && prior)
            (void)model_pred_log(d, prior, &a);
        if (!status)
            status = model_auto_forecast(&a, h, mean);
        if (!status)
            status = model_auto_simulate(&a, h, npaths, r, paths);
        if (!status && chosen)
            *chosen = a.combo ? MODEL_KIND_COUNT : (size_t)a.members[0].kind;
    } else {
        struct model_fit f;
        status = model_fit(kind, d, NULL, &f);
        if (status) /* the engine's fallback */
            status = model_fit(MODEL_NAIVE, d, NULL, &f);
        if (!status)
            status = model_forecast(&f, h, mean);
        if (!status)
            status = model_simulate(&f, h, npaths, r, paths);
        if (!status && chosen)
            *chosen = (size_t)f.kind;
    }
    return status;
}

#endif
