/*
 * tests/bench/m3/m3_direct.c -- the M3 yearly benchmark straight on the
 * model library (no database, no CLI): fit on each series' training part,
 * forecast h = 1..6 with sample paths, score as the M3 competition did.
 *
 *   m3_direct M3_YEARLY_CSV [--model auto|combo|NAME] [--paths N] [--seed S]
 *             [--half 0|1|2] [--per-series FILE] [--train-holdout 1]
 *             [--candidates NAME,NAME,...] [--out FORECASTS.csv]
 *             [--window N [--growing 1] [--calib FILE]]
 *
 * Prints sMAPE, MASE, the coverage of the 80% and 95% intervals (quantiles
 * of the paths) and series per second (fit + forecast + paths + quantiles).
 * --half 1|2 scores only the first or second half of the series list, to
 * check that a choice helps on both (no per-series tuning).  --train-holdout 1
 * holds out the last 6 *training* years instead of the official test years:
 * the data the method's global constants were set on, so the official test
 * years stay unseen.
 *
 * --window N (short series, 2..MAX_LEN): each series is cut to its last N
 * training points (after --train-holdout, if given) and forecast h = 1..5;
 * the next real points (the test part) score it.  MASE is scaled by the
 * mean absolute yearly change of the series' whole training part up to the
 * window's end (a 4-point window's own 3 changes make a wild scale).  The
 * figures are printed for all windows, for the growing ones (last value
 * above the first) and for the steadily growing ones (every step up), with
 * the coverage by horizon.  Probability honesty:
 * for h = 3 and 5 each window gets level targets "at least y_last (1 + g)^h"
 * for g in {-5%, 0, 3%, 6%, 10%, 15%} and two random g ~ U(-10%, 30%) drawn
 * from a stream of its own (never from the outcome: a target set at the real
 * value would be met by construction); the model's probability is the share
 * of paths at or above the target, and the reliability table (stated vs met,
 * by tenths of probability) is printed for all and for growing windows.
 * --growing 1 scores the growing windows only; --calib FILE writes every
 * target as "series,h,target,probability,met,growing".
 * Not part of ctest: build with tests/bench/m3/run.sh or its CMakeLists.txt.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "model.h"
#include "../calibration/bench.h"

#define H FUT /* the M3 yearly test part */

static struct series all[MAX_SERIES];

/* Swap-partition a[lo..hi] around its middle element; returns the pivot's final index. */
static size_t partition(double *a, size_t lo, size_t hi)
{
    size_t mid = lo + (hi - lo) / 2, i, store = lo;
    double pivot = a[mid], tmp;

    tmp = a[mid], a[mid] = a[hi], a[hi] = tmp;
    for (i = lo; i < hi; i++) {
        if (a[i] < pivot) {
            tmp = a[i], a[i] = a[store], a[store] = tmp;
            store++;
        }
    }
    tmp = a[store], a[store] = a[hi], a[hi] = tmp;
    return store;
}

/*
 * Put the order statistics ks[0..nk-1] (sorted, within lo..hi) in place, as a
 * full sort would: one selection shared by all of them, O(n log nk).
 */
static void multi_select(double *a, size_t lo, size_t hi, const size_t *ks, size_t nk)
{
    while (nk > 0 && lo < hi) {
        size_t pv = partition(a, lo, hi), nl = 0;
        while (nl < nk && ks[nl] < pv)
            nl++;
        if (nl > 0 && pv > lo)
            multi_select(a, lo, pv - 1, ks, nl);
        while (nl < nk && ks[nl] == pv)
            nl++;
        ks += nl;
        nk -= nl;
        lo = pv + 1;
    }
}

/* The 2.5, 10, 90, 97.5% quantiles as gsl_stats_quantile_from_sorted_data gives them. */
static void quantiles4(double *a, size_t n, double *q)
{
    static const double p[4] = {0.025, 0.10, 0.90, 0.975};
    size_t ks[8], i, nk = 0;

    for (i = 0; i < 4; i++) {
        size_t k = (size_t)floor(p[i] * (double)(n - 1));
        if (nk == 0 || ks[nk - 1] != k)
            ks[nk++] = k;
        if (k + 1 < n)
            ks[nk++] = k + 1;
    }
    multi_select(a, 0, n - 1, ks, nk);
    for (i = 0; i < 4; i++) {
        double pos = p[i] * (double)(n - 1), frac = pos - floor(pos);
        size_t k = (size_t)floor(pos);
        q[i] = a[k] + (k + 1 < n ? frac * (a[k + 1] - a[k]) : 0);
    }
}

static double now(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- --window N: short series ------------------------------------------- */

#define WH 5  /* horizons scored from a short window */
#define NG 8  /* targets per window and horizon: 6 fixed growths, 2 random */
#define NB 10 /* probability buckets (tenths) */

struct acc {
    double smape, mase, in80, in95, pts, used;
    double c80[WH], c95[WH], ph[WH];
    double bn[NB], bp[NB], bm[NB], brier, nt;
};

static void acc_print(const char *what, const struct acc *a)
{
    size_t j;

    if (a->used == 0)
        return;
    printf(
        "%-8s windows %.0f  points %.0f  sMAPE %.2f  MASE %.3f  cover80 %.1f%%  cover95 %.1f%%\n",
        what, a->used, a->pts, a->smape / a->pts, a->mase / a->used, 100 * a->in80 / a->pts,
        100 * a->in95 / a->pts);
    printf("%-8s cover80/95 by h:", what);
    for (j = 0; j < WH; j++)
        if (a->ph[j] > 0)
            printf("  h%zu %.1f/%.1f", j + 1, 100 * a->c80[j] / a->ph[j],
                   100 * a->c95[j] / a->ph[j]);
    printf("\n");
}

static void acc_print_calib(const char *what, const struct acc *a)
{
    size_t b;

    if (a->nt == 0)
        return;
    printf("%-8s probability   targets  stated    met\n", what);
    for (b = 0; b < NB; b++)
        if (a->bn[b] > 0)
            printf("%-8s [%.1f,%.1f%c  %8.0f  %6.3f  %6.3f\n", what, (double)b / 10,
                   (double)(b + 1) / 10, b == NB - 1 ? ']' : ')', a->bn[b], a->bp[b] / a->bn[b],
                   a->bm[b] / a->bn[b]);
    printf("%-8s targets %.0f  Brier %.4f\n", what, a->nt, a->brier / a->nt);
}

static int run_windows(size_t first, size_t last, size_t wn, bool grow_only, bool is_auto,
                       bool is_combo, unsigned cand_mask, enum model_kind kind, size_t npaths,
                       unsigned long seed, const char *calib_path)
{
    static const double growth[6] = {-0.05, 0.0, 0.03, 0.06, 0.10, 0.15};
    struct acc acc[3];
    double *paths = malloc(npaths * WH * sizeof *paths), col[4096], tt[MAX_LEN];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937), *rt = gsl_rng_alloc(gsl_rng_mt19937);
    FILE *cf = calib_path ? fopen(calib_path, "w") : NULL;
    size_t i, j, p, skipped = 0;

    if (!paths || !r || !rt)
        return 70;
    memset(acc, 0, sizeof acc);
    if (cf)
        fprintf(cf, "series,h,target,probability,met,growing\n");
    for (i = first; i < last; i++) {
        struct series *s = &all[i];
        const double *y;
        struct model_data d;
        double mean[WH], q80[2][WH], q95[2][WH], scale, ae = 0;
        size_t nt = s->n_test < WH ? s->n_test : WH, g, hh;
        bool growing, steady = true;
        int status;

        if (s->n_train < wn || nt == 0) {
            skipped++;
            continue;
        }
        y = s->train + (s->n_train - wn);
        growing = y[wn - 1] > y[0];
        for (j = 1; j < wn; j++)
            steady = steady && y[j] > y[j - 1];
        if (grow_only && !growing)
            continue;
        d.t = tt;
        d.y = y;
        d.n = wn;
        d.is_count = true;
        d.nonneg = true;
        for (j = 0; j < wn; j++) {
            tt[j] = s->start + (double)(s->n_train - wn + j);
            if (y[j] != floor(y[j]))
                d.is_count = false;
            if (y[j] < 0)
                d.nonneg = false;
        }
        gsl_rng_set(r, seed * 1000003UL + i);
        status = bench_forecast(&d, is_auto, is_combo, cand_mask, kind, NULL, WH, npaths, r, mean,
                                paths, NULL);
        if (status) {
            fprintf(stderr, "m3_direct: %s: %s\n", s->name, gsl_strerror(status));
            return 70;
        }
        for (j = 0; j < WH; j++) {
            double q[4];
            for (p = 0; p < npaths; p++)
                col[p] = paths[p * WH + j];
            quantiles4(col, npaths, q);
            q95[0][j] = q[0];
            q80[0][j] = q[1];
            q80[1][j] = q[2];
            q95[1][j] = q[3];
        }
        scale = model_mase_scale(s->train, s->n_train);
        if (!(scale > 0))
            scale = 1;
        for (g = 0; g < 3; g++) {
            struct acc *a = &acc[g];
            if ((g == 1 && !growing) || (g == 2 && !steady))
                continue;
            a->smape += model_smape(s->test, mean, nt) * (double)nt;
            for (j = 0, ae = 0; j < nt; j++) {
                bool i80 = s->test[j] >= q80[0][j] && s->test[j] <= q80[1][j];
                bool i95 = s->test[j] >= q95[0][j] && s->test[j] <= q95[1][j];
                ae += fabs(s->test[j] - mean[j]);
                a->in80 += i80;
                a->in95 += i95;
                a->c80[j] += i80;
                a->c95[j] += i95;
                a->ph[j] += 1;
            }
            a->mase += ae / (double)nt / scale;
            a->pts += (double)nt;
            a->used += 1;
        }
        /* Targets (their own stream, so they never depend on the outcome). */
        gsl_rng_set(rt, seed * 7919UL + i);
        for (hh = 3; hh <= WH; hh += 2) {
            if (hh > nt)
                continue;
            for (g = 0; g < NG; g++) {
                double gr = g < 6 ? growth[g] : gsl_ran_flat(rt, -0.10, 0.30);
                double target = y[wn - 1] * pow(1 + gr, (double)hh), prob = 0, met;
                size_t b, k;
                for (p = 0; p < npaths; p++)
                    prob += paths[p * WH + hh - 1] >= target;
                prob /= (double)npaths;
                met = s->test[hh - 1] >= target;
                b = prob >= 1 ? NB - 1 : (size_t)floor(prob * NB);
                for (k = 0; k < 3; k++) {
                    struct acc *a = &acc[k];
                    if ((k == 1 && !growing) || (k == 2 && !steady))
                        continue;
                    a->bn[b] += 1;
                    a->bp[b] += prob;
                    a->bm[b] += met;
                    a->brier += (prob - met) * (prob - met);
                    a->nt += 1;
                }
                if (cf)
                    fprintf(cf, "%s,%zu,%.10g,%.4f,%.0f,%d\n", s->name, hh, target, prob, met,
                            growing);
            }
        }
    }
    printf("window %zu  model %s  paths %zu  (h = 1..%d; %zu series too short)\n", wn,
           is_auto ? (is_combo ? "combo" : "auto") : model_kind_name(kind), npaths, WH, skipped);
    acc_print("all", &acc[0]);
    if (!grow_only)
        acc_print("growing", &acc[1]);
    acc_print("steady", &acc[2]);
    acc_print_calib("all", &acc[0]);
    if (!grow_only)
        acc_print_calib("growing", &acc[1]);
    acc_print_calib("steady", &acc[2]);
    if (cf)
        fclose(cf);
    gsl_rng_free(r);
    gsl_rng_free(rt);
    free(paths);
    return 0;
}

int main(int argc, char **argv)
{
    const char *model = "auto", *per_series = NULL, *out_path = NULL, *calib_path = NULL;
    size_t window = 0;
    bool grow_only = false;
    size_t npaths = 1000, ns = 0, i, j, p, half = 0, first, last, used = 0, pts = 0;
    unsigned long seed = 1;
    unsigned cand_mask = 0;
    double *paths, col[4096], smape_sum = 0, mase_sum = 0, in80 = 0, in95 = 0, t0, elapsed, c0, cpu;
    double tt[MAX_LEN];
    bool is_auto, is_combo, holdout = false;
    enum model_kind kind = MODEL_NAIVE;
    unsigned counts[MODEL_KIND_COUNT + 1] = {0};
    FILE *ps = NULL, *out = NULL;
    gsl_rng *r;

    gsl_set_error_handler_off();
    if (argc < 2) {
        fprintf(stderr,
                "usage: m3_direct M3_YEARLY_CSV [--model M] [--paths N] [--seed S] "
                "[--half 0|1|2] [--per-series FILE] [--window N [--growing 1] [--calib FILE]]\n");
        return 2;
    }
    for (i = 2; i + 1 < (size_t)argc; i += 2) {
        if (strcmp(argv[i], "--model") == 0)
            model = argv[i + 1];
        else if (strcmp(argv[i], "--paths") == 0)
            npaths = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0)
            seed = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--half") == 0)
            half = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--per-series") == 0)
            per_series = argv[i + 1];
        else if (strcmp(argv[i], "--out") == 0)
            out_path = argv[i + 1];
        else if (strcmp(argv[i], "--window") == 0)
            window = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--growing") == 0)
            grow_only = strtoul(argv[i + 1], NULL, 10) != 0;
        else if (strcmp(argv[i], "--calib") == 0)
            calib_path = argv[i + 1];
        else if (strcmp(argv[i], "--candidates") == 0) {
            char buf[256], *p0 = buf, *c;
            enum model_kind k;
            snprintf(buf, sizeof buf, "%s", argv[i + 1]);
            do {
                c = strchr(p0, ',');
                if (c)
                    *c = '\0';
                if (model_kind_parse(p0, &k)) {
                    fprintf(stderr, "m3_direct: unknown model '%s'\n", p0);
                    return 2;
                }
                cand_mask |= 1u << k;
                p0 = c + 1;
            } while (c);
        } else if (strcmp(argv[i], "--train-holdout") == 0)
            holdout = strtoul(argv[i + 1], NULL, 10) != 0;
    }
    if (npaths < 10 || npaths > 4096)
        npaths = 1000;
    is_combo = strcmp(model, "combo") == 0;
    is_auto = is_combo || strcmp(model, "auto") == 0;
    if (!is_auto && model_kind_parse(model, &kind)) {
        fprintf(stderr, "m3_direct: unknown model '%s'\n", model);
        return 2;
    }
    if (read_csv(argv[1], all, &ns))
        return 66;
    if (holdout) {
        for (i = 0; i < ns; i++) {
            struct series *s = &all[i];
            if (s->n_train < H + 3)
                continue;
            s->n_train -= H;
            memcpy(s->test, s->train + s->n_train, sizeof s->test);
            s->n_test = H;
        }
    }
    first = half == 2 ? ns / 2 : 0;
    last = half == 1 ? ns / 2 : ns;
    if (window) {
        if (window < 2 || window > MAX_LEN) {
            fprintf(stderr, "m3_direct: --window takes 2..%d points\n", MAX_LEN);
            return 2;
        }
        return run_windows(first, last, window, grow_only, is_auto, is_combo, cand_mask, kind,
                           npaths, seed, calib_path);
    }
    if (per_series)
        ps = fopen(per_series, "w");
    if (out_path) {
        out = fopen(out_path, "w");
        if (out)
            fprintf(out, "series,period,point,lo80,hi80,lo95,hi95\n");
    }
    paths = malloc(npaths * H * sizeof *paths);
    r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!paths || !r)
        return 70;

    t0 = now(CLOCK_MONOTONIC);
    c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    for (i = first; i < last; i++) {
        struct series *s = &all[i];
        struct model_data d = {tt, s->train, s->n_train, true, true};
        double mean[H], lo80[H], hi80[H], lo95[H], hi95[H], ae = 0, scale, sm;
        size_t chosen = 0;
        int status;

        /* As the engine's pipeline does: integer data are counts. */
        for (j = 0; j < s->n_train; j++) {
            tt[j] = s->start + (double)j;
            if (s->train[j] != floor(s->train[j]))
                d.is_count = false;
        }
        gsl_rng_set(r, seed * 1000003UL + i);
        status = bench_forecast(&d, is_auto, is_combo, cand_mask, kind, NULL, H, npaths, r, mean,
                                paths, &chosen);
        if (!status)
            counts[chosen]++;
        if (status) {
            fprintf(stderr, "m3_direct: %s: %s\n", s->name, gsl_strerror(status));
            return 70;
        }
        for (j = 0; j < H; j++) {
            double q[4];
            for (p = 0; p < npaths; p++)
                col[p] = paths[p * H + j];
            quantiles4(col, npaths, q);
            lo95[j] = q[0];
            lo80[j] = q[1];
            hi80[j] = q[2];
            hi95[j] = q[3];
        }
        /* scoring (inside the timed loop is only a few flops) */
        sm = model_smape(s->test, mean, s->n_test);
        smape_sum += sm * (double)s->n_test;
        scale = model_mase_scale(s->train, s->n_train);
        for (j = 0; j < s->n_test; j++) {
            ae += fabs(s->test[j] - mean[j]);
            in80 += s->test[j] >= lo80[j] && s->test[j] <= hi80[j];
            in95 += s->test[j] >= lo95[j] && s->test[j] <= hi95[j];
        }
        mase_sum += ae / (double)s->n_test / scale;
        pts += s->n_test;
        used++;
        if (ps)
            fprintf(ps, "%s,%.4f,%.4f\n", s->name, sm, ae / (double)s->n_test / scale);
        for (j = 0; out && j < H; j++)
            fprintf(out, "%s,%.0f,%.10g,%.10g,%.10g,%.10g,%.10g\n", s->name,
                    s->start + (double)(s->n_train + j), mean[j], lo80[j], hi80[j], lo95[j],
                    hi95[j]);
    }
    elapsed = now(CLOCK_MONOTONIC) - t0;
    cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    printf("series %zu  points %zu  model %s  paths %zu\n", used, pts, model, npaths);
    printf("sMAPE %.2f  MASE %.3f  cover80 %.1f%%  cover95 %.1f%%  series/s %.0f (wall)  %.0f (per "
           "CPU second)\n",
           smape_sum / (double)pts, mase_sum / (double)used, 100 * in80 / (double)pts,
           100 * in95 / (double)pts, (double)used / elapsed, (double)used / cpu);
    printf("chosen:");
    for (j = 0; j < MODEL_KIND_COUNT; j++)
        if (counts[j])
            printf(" %s %u", model_kind_name((enum model_kind)j), counts[j]);
    if (counts[MODEL_KIND_COUNT])
        printf(" combo %u", counts[MODEL_KIND_COUNT]);
    printf("\n");
    if (ps)
        fclose(ps);
    if (out)
        fclose(out);
    gsl_rng_free(r);
    free(paths);
    return 0;
}
