/*
 * tests/unit/test_models_target.c -- target arithmetic (models/target.c),
 * reconciliation (models/reconcile.c) and year-to-date projection
 * and its application to paths (models/ytd.c), path summaries
 * (models/paths.c).  Expected figures are worked by hand or in python3 (the
 * one-liners are in the comments); the reconciliation is checked against the
 * textbook matrix form S (S' W^-1 S)^-1 S' W^-1 b computed here with GSL.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "model.h"

#define assert_abs(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))
#define assert_rel(a, b, tol)                                                                      \
    assert_true(fabs((double)(a) - (double)(b)) <= (tol)*fmax(1e-300, fabs((double)(b))))

/* History 2018..2020 of a stock: 100, 110, 121 (10% a year). */
static const double hist_t[] = {2018, 2019, 2020};
static const double hist_stock[] = {100, 110, 121};
static const double hist_flow[] = {20, 25, 30};

/*
 * Four paths over 2021..2025 (h = 5): the per-year medians are the means of
 * the middle two, chosen so that the median path crosses 140 in 2024.
 */
static const double paths4[4 * 5] = {
    124, 125, 131, 139, 150, /* path 0 */
    126, 130, 135, 142, 160, /* path 1 */
    122, 140, 138, 141, 170, /* path 2 */
    121, 128, 129, 137, 130, /* path 3 */
};

static struct target_series series_of(const double *y, const double *paths)
{
    struct target_series s = {hist_t, y, 3, paths, 4, 5, 5, false};
    return s;
}

static void test_models_target__stock_level(void **state)
{
    struct target_spec spec = {false, false, 2022, 2022, 130};
    struct target_series s = series_of(hist_stock, paths4);
    struct target_result r;
    double work[4];

    (void)state;
    assert_int_equal(model_target_eval(&spec, &s, work, &r), 0);
    /* 2022 values 125, 130, 140, 128: two of four are >= 130. */
    assert_abs(r.probability, 0.5, 1e-15);
    assert_int_equal(r.status, TARGET_AT_RISK);
    assert_rel(r.expected, (125 + 130 + 140 + 128) / 4.0, 1e-14);
    /* Sorted 125 128 130 140; GSL quantile at 0.1: index 0.3 -> 125 + 0.3*3; at 0.9: 130 + 0.7*10.
     */
    assert_rel(r.lo80, 125.9, 1e-14);
    assert_rel(r.hi80, 137.0, 1e-14);
    assert_rel(r.baseline, 121, 1e-15);
    /* python3: (130/121)**0.5 - 1 */
    assert_true(r.has_required_growth);
    assert_rel(r.required_growth, 0.036523113726488976, 1e-9);
    assert_rel(r.max_hist_growth, 0.1, 1e-12);
    assert_false(r.flags & TARGET_F_UNREACHABLE);
    /* Medians by year: 2021 123, 2022 129, 2023 133, 2024 140 (139,141), 2025 155. */
    assert_true(r.has_reach_year);
    assert_int_equal(r.reach_year, 2023); /* 133 >= 130 first in 2023 */
}

static void test_models_target__stock_level_reach_and_unreachable(void **state)
{
    struct target_spec spec = {false, false, 2022, 2022, 160};
    struct target_series s = series_of(hist_stock, paths4);
    struct target_result r;
    double work[4];

    (void)state;
    assert_int_equal(model_target_eval(&spec, &s, work, &r), 0);
    assert_abs(r.probability, 0.0, 1e-15);
    assert_int_equal(r.status, TARGET_OFF_TRACK);
    /* python3: (160/121)**0.5 - 1 = 0.14991... > 10%: unreachable at any historical rate. */
    assert_rel(r.required_growth, pow(160.0 / 121.0, 0.5) - 1.0, 1e-9);
    assert_true(r.flags & TARGET_F_UNREACHABLE);
    /* The median path never reaches 160 within the five simulated years (2025: 155). */
    assert_false(r.has_reach_year);
    spec.value = 140;
    assert_int_equal(model_target_eval(&spec, &s, work, &r), 0);
    assert_int_equal(r.reach_year, 2024);
}

/*
 * reach_year of a level target is the first year whose path median meets it
 * (model_target_eval decides that by counting, not by selecting): against
 * medians from model_quantiles, on random paths with ties, targets at,
 * just above and just below medians (the two middle values averaged for an
 * even number of paths), and both path counts' parities.
 */
static void test_models_target__reach_year_by_counting(void **state)
{
    static const double t[3] = {2018, 2019, 2020}, y[3] = {10, 11, 12};
    static const size_t sizes[] = {1, 2, 7, 1000, 2001};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t si, rep, p, j;

    (void)state;
    gsl_rng_set(r, 77);
    for (si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        size_t n = sizes[si], h = 6;
        double *paths = malloc(n * h * sizeof *paths), *work = malloc(n * sizeof *work);
        double med[6];
        for (rep = 0; rep < 40; rep++) {
            struct target_series s = {t, y, 3, paths, n, h, h, false};
            struct target_spec spec = {rep % 2 == 0, false, 2023, 2023, 0.0};
            struct target_result res;
            static const double half = 0.5;
            int want = 0;
            for (p = 0; p < n; p++)
                for (j = 0; j < h; j++)
                    paths[p * h + j] = rep % 3 == 0 ? (double)gsl_rng_uniform_int(r, 5) + (double)j
                                                    : 12.0 + (double)j + gsl_ran_gaussian(r, 2.0);
            for (j = 0; j < h; j++) {
                for (p = 0; p < n; p++)
                    work[p] = paths[p * h + j];
                assert_int_equal(model_quantiles(work, n, &half, 1, &med[j]), 0);
            }
            /* A target at one year's median, nudged by rep: exactly, 1e-7 up or down. */
            spec.value = med[rep % h] + (rep % 5 == 0 ? 1e-7 : rep % 5 == 1 ? -1e-7 : 0.0);
            for (j = 0; j < h && !want; j++)
                if (med[j] >= spec.value - 1e-9 * fmax(1.0, fabs(spec.value)))
                    want = 2021 + (int)j;
            assert_int_equal(model_target_eval(&spec, &s, work, &res), 0);
            if (want) {
                assert_true(res.has_reach_year);
                assert_int_equal(res.reach_year, want);
            } else {
                assert_false(res.has_reach_year);
            }
        }
        free(paths);
        free(work);
    }
    gsl_rng_free(r);
}

static void test_models_target__stock_increment(void **state)
{
    struct target_spec one = {false, true, 2021, 2021, 4};
    struct target_spec span = {false, true, 2020, 2022, 25};
    struct target_spec future = {false, true, 2022, 2023, 8};
    struct target_series s = series_of(hist_stock, paths4);
    struct target_result r;
    double work[4];

    (void)state;
    /* Added in 2021 = level(2021) - 121: 3, 5, 1, 0 -> one path >= 4. */
    assert_int_equal(model_target_eval(&one, &s, work, &r), 0);
    assert_abs(r.probability, 0.25, 1e-15);
    assert_rel(r.expected, 9.0 / 4.0, 1e-14);
    /* Baseline: the increment over the last year, 121 - 110. */
    assert_rel(r.baseline, 11, 1e-14);
    /* python3: 121*x - 121 = 4 -> x = 125/121 */
    assert_rel(r.required_growth, 125.0 / 121.0 - 1.0, 1e-9);
    /* Median path 2021 = 123 -> +2 < 4; 2022: 129 - 121 = 8 >= 4: the reach year counts from start.
     */
    assert_int_equal(r.reach_year, 2022);

    /* 2020..2022: level(2022) - level(2019 observed 110): 15, 20, 30, 18 -> one >= 25. */
    assert_int_equal(model_target_eval(&span, &s, work, &r), 0);
    assert_abs(r.probability, 0.25, 1e-15);
    assert_rel(r.expected, (15 + 20 + 30 + 18) / 4.0, 1e-14);
    /* Baseline over the last three years: 121 - level(2017) unknown -> mean slope 10.5 * 3. */
    assert_rel(r.baseline, 31.5, 1e-14);
    /* 121 x^2 = 135 -> x = sqrt(135/121). */
    assert_rel(r.required_growth, sqrt(135.0 / 121.0) - 1.0, 1e-9);

    /* 2022..2023: level(2023) - level(2021), both simulated: 7, 9, 16, 8 -> three >= 8. */
    assert_int_equal(model_target_eval(&future, &s, work, &r), 0);
    assert_abs(r.probability, 0.75, 1e-15);
    assert_int_equal(r.status, TARGET_AT_RISK);
    assert_rel(r.expected, 10.0, 1e-14);
    /* Growth x = 1 + g from 121 in 2020: 121 (x^3 - x) = 8. */
    {
        double x = 1.0 + r.required_growth;
        assert_rel(121.0 * (x * x * x - x), 8.0, 1e-9);
        assert_true(r.required_growth > 0.0);
    }
    future.value = 20;
    assert_int_equal(model_target_eval(&future, &s, work, &r), 0);
    /* python3 bisection of 121*(x**3 - x) = 20: x - 1 = 0.07418530172760174. */
    assert_rel(r.required_growth, 0.07418530172760174, 1e-9);
}

static void test_models_target__flow_level_and_sum(void **state)
{
    /* Flows: the same numbers read as yearly totals. */
    struct target_spec level = {true, false, 2021, 2021, 124};
    struct target_spec sum = {true, true, 2019, 2021, 180};
    struct target_spec ahead = {true, true, 2021, 2022, 80};
    struct target_series s = series_of(hist_flow, paths4);
    struct target_result r;
    double work[4];

    (void)state;
    assert_int_equal(model_target_eval(&level, &s, work, &r), 0);
    /* 2021 flows 124, 126, 122, 121. */
    assert_abs(r.probability, 0.5, 1e-15);
    assert_rel(r.baseline, 30, 1e-15);
    assert_rel(r.required_growth, 124.0 / 30.0 - 1.0, 1e-9);

    /* 2019..2021 = 25 + 30 + flow(2021): 179, 181, 177, 176 -> one path >= 180. */
    assert_int_equal(model_target_eval(&sum, &s, work, &r), 0);
    assert_abs(r.probability, 0.25, 1e-15);
    assert_rel(r.expected, 55 + (124 + 126 + 122 + 121) / 4.0, 1e-14);
    /* Baseline: the last three observed years, 20 + 25 + 30. */
    assert_rel(r.baseline, 75, 1e-15);
    /* 55 + 30 x = 180 -> x = 125/30. */
    assert_rel(r.required_growth, 125.0 / 30.0 - 1.0, 1e-9);
    assert_true(r.flags & TARGET_F_UNREACHABLE);

    /* 2021..2022 both simulated: 30x + 30x^2 = 80, python3: 0.207825127659933. */
    assert_int_equal(model_target_eval(&ahead, &s, work, &r), 0);
    assert_rel(r.required_growth, 0.207825127659933, 1e-9);
    assert_rel(r.baseline, 55, 1e-15);
    assert_abs(r.probability, 1.0, 1e-15);
    assert_int_equal(r.status, TARGET_ON_TRACK);
}

static void test_models_target__decided_and_gaps(void **state)
{
    /* 2016, 2018, 2020 with a gap: 2017 and 2019 are interpolated. */
    static const double t[] = {2016, 2018, 2020};
    static const double y[] = {50, 70, 80};
    struct target_series s = {t, y, 3, NULL, 0, 0, 0, false};
    struct target_spec inc = {false, true, 2018, 2019, 20};
    struct target_spec lvl = {false, false, 2019, 2019, 76};
    struct target_result r;
    double work[1];

    (void)state;
    /* level(2019) - level(2017) = 75 - 60 = 15 < 20: decided, not met. */
    assert_int_equal(model_target_eval(&inc, &s, work, &r), 0);
    assert_true(r.flags & TARGET_F_DECIDED);
    assert_rel(r.compared_obs, 15, 1e-14);
    assert_abs(r.probability, 0.0, 0);
    assert_false(r.has_required_growth);
    assert_int_equal(model_target_eval(&lvl, &s, work, &r), 0);
    assert_rel(r.expected, 75, 1e-14);
    assert_abs(r.probability, 0.0, 0);
    /* No simulated years: no reach year (the search starts after the last observation). */
    assert_false(r.has_reach_year);
    /* Largest yearly growth: sqrt(70/50) - 1 over the 2-year gap. */
    assert_rel(r.max_hist_growth, sqrt(70.0 / 50.0) - 1.0, 1e-12);
}

static void test_models_target__zero_level_and_met(void **state)
{
    static const double t[] = {2019, 2020};
    static const double zero[] = {0, 0};
    static const double p1[] = {0, 1, 0, 0, 1, 1}; /* 3 paths x 2 years */
    struct target_series s = {t, zero, 2, p1, 3, 2, 2, false};
    struct target_spec unicorn = {false, true, 2021, 2022, 1};
    struct target_spec low = {true, true, 2019, 2021, -5};
    struct target_result r;
    double work[3];

    (void)state;
    /* level(2022) - level(2020 = 0): 1, 0, 1. */
    assert_int_equal(model_target_eval(&unicorn, &s, work, &r), 0);
    assert_rel(r.probability, 2.0 / 3.0, 1e-15);
    assert_false(r.has_required_growth);
    assert_true(r.flags & TARGET_F_NO_GROWTH);
    /* A flow sum target of -5 is met whatever happens. */
    assert_int_equal(model_target_eval(&low, &s, work, &r), 0);
    assert_true(r.flags & TARGET_F_MET);
    assert_rel(r.required_growth, -1.0, 1e-15);
}

static void test_models_target__errors(void **state)
{
    struct target_series s = series_of(hist_stock, paths4);
    struct target_spec before = {false, true, 2018, 2021, 1};  /* needs 2017 */
    struct target_spec beyond = {false, false, 2026, 2026, 1}; /* paths end in 2025 */
    struct target_spec bad = {false, false, 2020, 2022, 1};    /* level with start != deadline */
    struct target_result r;
    double work[4];

    (void)state;
    assert_int_equal(model_target_eval(&before, &s, work, &r), GSL_EINVAL);
    assert_int_equal(model_target_eval(&beyond, &s, work, &r), GSL_EINVAL);
    assert_int_equal(model_target_eval(&bad, &s, work, &r), GSL_EINVAL);
    assert_int_equal(model_target_eval(NULL, &s, work, &r), GSL_EINVAL);
    assert_string_equal(model_target_status_name(model_target_status(0.8)), "on_track");
    assert_string_equal(model_target_status_name(model_target_status(0.79)), "at_risk");
    assert_string_equal(model_target_status_name(model_target_status(0.49)), "off_track");
}

static void test_models_target__quantiles_by_selection(void **state)
{
    /* Against a full sort and gsl_stats_quantile_from_sorted_data, exactly (same formula). */
    static const double probs[9] = {0.975, 0.025, 0.5, 0.1, 0.9, 0.25, 0.75, 0.0, 1.0};
    static const size_t sizes[] = {1, 2, 3, 7, 40, 1000, 2001};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t si, i, k, rep;

    (void)state;
    gsl_rng_set(r, 2385);
    for (rep = 0; rep < 5; rep++) {
        for (si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
            size_t n = sizes[si];
            double *w = malloc(n * sizeof *w), *sorted = malloc(n * sizeof *sorted), out[9];
            /* rep 0: many ties (counts); 1: continuous; 2: descending; 3: all equal;
               4: half zeros (a clamped flow) */
            for (i = 0; i < n; i++)
                w[i] = rep == 0   ? (double)gsl_rng_uniform_int(r, 6)
                       : rep == 1 ? gsl_ran_gaussian(r, 3.1)
                       : rep == 2 ? (double)(n - i) / 7.0
                       : rep == 3 ? 2.5
                                  : fmax(0.0, gsl_ran_gaussian(r, 1.0));
            memcpy(sorted, w, n * sizeof *w);
            gsl_sort(sorted, 1, n);
            assert_int_equal(model_quantiles(w, n, probs, 9, out), 0);
            for (k = 0; k < 9; k++)
                assert_true(out[k] == gsl_stats_quantile_from_sorted_data(sorted, 1, n, probs[k]));
            free(w);
            free(sorted);
        }
    }
    {
        double w[3] = {1, 2, 3}, bad = 1.5, out;
        assert_int_equal(model_quantiles(w, 3, &bad, 1, &out), GSL_EINVAL);
        assert_int_equal(model_quantiles(w, 0, probs, 1, &out), GSL_EINVAL);
    }
    gsl_rng_free(r);
}

/* ---- reconciliation ----------------------------------------------------- */

#define NP 200
#define NH 3

/*
 * A two-level tree: 0 city; 1, 2 mid-level; 3, 4 children of 1; 5, 6
 * children of 2.  Base paths are independent normals, deliberately
 * incoherent.
 */
static void make_tree(struct recon_node *nodes, double *buf, bool nonneg)
{
    static const size_t parent[7] = {RECON_ROOT, 0, 0, 1, 1, 2, 2};
    static const double mu[7] = {100, 48, 47, 20, 26, 30, 19};
    static const double sd[7] = {9, 5, 4, 3, 2.5, 4, 2};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t i, p, j;

    gsl_rng_set(r, 2385);
    for (i = 0; i < 7; i++) {
        nodes[i].parent = parent[i];
        nodes[i].has_base = true;
        nodes[i].nonneg = nonneg;
        nodes[i].paths = buf + i * NP * NH;
        nodes[i].stride = NH;
        nodes[i].lower = NULL;
        nodes[i].is_count = false;
        for (p = 0; p < NP; p++)
            for (j = 0; j < NH; j++)
                nodes[i].paths[p * NH + j] = mu[i] * (1 + 0.1 * j) + gsl_ran_gaussian(r, sd[i]);
    }
    gsl_rng_free(r);
}

static void check_coherent(const struct recon_node *nodes, size_t n)
{
    size_t i, c, p, j;

    for (i = 0; i < n; i++) {
        bool has_child = false;
        for (c = 0; c < n; c++)
            has_child |= nodes[c].parent == i;
        if (!has_child)
            continue;
        for (p = 0; p < NP; p++) {
            for (j = 0; j < NH; j++) {
                double sum = 0.0, x = nodes[i].paths[p * nodes[i].stride + j];
                for (c = 0; c < n; c++)
                    if (nodes[c].parent == i)
                        sum += nodes[c].paths[p * nodes[c].stride + j];
                assert_abs(sum, x, 1e-9);
            }
        }
        /* Means add up too. */
        for (j = 0; j < NH; j++) {
            double sum = 0.0;
            for (c = 0; c < n; c++)
                if (nodes[c].parent == i)
                    sum += gsl_stats_mean(nodes[c].paths + j, nodes[c].stride, NP);
            assert_abs(sum, gsl_stats_mean(nodes[i].paths + j, nodes[i].stride, NP), 1e-9);
        }
    }
}

/*
 * The plan and ranges of paths give model_reconcile's numbers exactly,
 * however the paths are cut (each path is reconciled on its own, from
 * variances of all paths); a range past the paths is refused.
 */
static void test_models_target__reconcile_ranges_match_whole(void **state)
{
    static double one[7 * NP * NH], cut[7 * NP * NH];
    struct recon_node a[7], b[7];
    struct recon_plan *plan;
    static const size_t cuts[] = {0, 1, 9, 64, 65, 199, NP};
    size_t k;

    (void)state;
    make_tree(a, one, true);
    make_tree(b, cut, true);
    assert_int_equal(model_reconcile(a, 7, NP, NH), 0);
    assert_int_equal(model_reconcile_plan(b, 7, NP, NH, &plan), 0);
    for (k = 6; k-- > 0;) /* last range first: the order does not matter either */
        assert_int_equal(model_reconcile_paths(plan, b, cuts[k], cuts[k + 1]), 0);
    assert_int_equal(model_reconcile_paths(plan, b, 0, NP + 1), GSL_EINVAL);
    assert_int_equal(model_reconcile_paths(plan, b, 5, 4), GSL_EINVAL);
    model_reconcile_plan_free(plan);
    assert_memory_equal(one, cut, sizeof one);
    check_coherent(b, 7);
}

/*
 * The plan in three steps, its nodes' variances cut into ranges (in any
 * order), gives model_reconcile's numbers exactly; a range past the nodes
 * is refused, and so are paths that are not finite.
 */
static void test_models_target__reconcile_plan_by_nodes(void **state)
{
    static double one[7 * NP * NH], cut[7 * NP * NH];
    struct recon_node a[7], b[7];
    struct recon_plan *plan;
    static const size_t cuts[] = {0, 2, 2, 5, 7};
    size_t k;

    (void)state;
    make_tree(a, one, true);
    make_tree(b, cut, true);
    assert_int_equal(model_reconcile(a, 7, NP, NH), 0);
    assert_int_equal(model_reconcile_plan_begin(b, 7, NP, NH, &plan), 0);
    for (k = 4; k-- > 0;)
        assert_int_equal(model_reconcile_plan_nodes(plan, b, cuts[k], cuts[k + 1]), 0);
    assert_int_equal(model_reconcile_plan_nodes(plan, b, 6, 8), GSL_EINVAL);
    assert_int_equal(model_reconcile_plan_nodes(plan, b, 3, 2), GSL_EINVAL);
    model_reconcile_plan_end(plan, b);
    assert_int_equal(model_reconcile_paths(plan, b, 0, NP), 0);
    model_reconcile_plan_free(plan);
    assert_memory_equal(one, cut, sizeof one);
    check_coherent(b, 7);

    make_tree(b, cut, true);
    cut[3 * NP * NH + 5] = NAN; /* a path of node 3 */
    assert_int_equal(model_reconcile_plan_begin(b, 7, NP, NH, &plan), 0);
    assert_int_equal(model_reconcile_plan_nodes(plan, b, 0, 3), 0);
    assert_int_equal(model_reconcile_plan_nodes(plan, b, 3, 7), GSL_EINVAL);
    model_reconcile_plan_free(plan);
}

static void test_models_target__reconcile_matches_matrix_wls(void **state)
{
    static double base[7 * NP * NH], buf[7 * NP * NH];
    struct recon_node nodes[7];
    /* Summing matrix S (7 x 4) of the tree onto leaves 3, 4, 5, 6. */
    static const double S[7][4] = {{1, 1, 1, 1}, {1, 1, 0, 0}, {0, 0, 1, 1}, {1, 0, 0, 0},
                                   {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
    size_t i, k, l, j, p;

    (void)state;
    make_tree(nodes, buf, false);
    for (i = 0; i < 7 * NP * NH; i++)
        base[i] = buf[i];
    assert_int_equal(model_reconcile(nodes, 7, NP, NH), 0);
    check_coherent(nodes, 7);
    for (j = 0; j < NH; j++) {
        /* x = S (S' W^-1 S)^-1 S' W^-1 b with W = diag(variance of base paths in year j). */
        double w[7];
        gsl_matrix *A = gsl_matrix_alloc(4, 4);
        gsl_permutation *perm = gsl_permutation_alloc(4);
        int sign;
        for (i = 0; i < 7; i++)
            w[i] = gsl_stats_variance(base + i * NP * NH + j, NH, NP);
        for (k = 0; k < 4; k++)
            for (l = 0; l < 4; l++) {
                double a = 0.0;
                for (i = 0; i < 7; i++)
                    a += S[i][k] * S[i][l] / w[i];
                gsl_matrix_set(A, k, l, a);
            }
        assert_int_equal(gsl_linalg_LU_decomp(A, perm, &sign), 0);
        for (p = 0; p < NP; p += 37) {
            gsl_vector *rhs = gsl_vector_alloc(4), *bt = gsl_vector_alloc(4);
            for (k = 0; k < 4; k++) {
                double a = 0.0;
                for (i = 0; i < 7; i++)
                    a += S[i][k] * base[i * NP * NH + p * NH + j] / w[i];
                gsl_vector_set(rhs, k, a);
            }
            assert_int_equal(gsl_linalg_LU_solve(A, perm, rhs, bt), 0);
            for (i = 0; i < 7; i++) {
                double x = 0.0;
                for (k = 0; k < 4; k++)
                    x += S[i][k] * gsl_vector_get(bt, k);
                assert_abs(nodes[i].paths[p * NH + j], x, 1e-8);
            }
            gsl_vector_free(rhs);
            gsl_vector_free(bt);
        }
        gsl_matrix_free(A);
        gsl_permutation_free(perm);
    }
}

static void test_models_target__reconcile_one_level_formula(void **state)
{
    /* One path per year is not enough for variances: weights 1, x_c = b_c + (b_P - sum b)/(k+1). */
    double city[2] = {100, 50}, a[2] = {30, 20}, b[2] = {40, 35};
    struct recon_node nodes[3] = {{RECON_ROOT, true, false, city, 2, NULL, false},
                                  {0, true, false, a, 2, NULL, false},
                                  {0, true, false, b, 2, NULL, false}};

    (void)state;
    assert_int_equal(model_reconcile(nodes, 3, 1, 2), 0);
    /* Year 1: gap 100 - 70 = 30, each of three takes 10: city 90, a 40, b 50. */
    assert_rel(city[0], 90, 1e-14);
    assert_rel(a[0], 40, 1e-14);
    assert_rel(b[0], 50, 1e-14);
    /* Year 2: gap 50 - 55 = -5: city 55 - 5/3... city = 50 + 5/3. */
    assert_rel(city[1], 50 + 5.0 / 3.0, 1e-14);
    assert_rel(a[1] + b[1], city[1], 1e-14);
}

static void test_models_target__reconcile_no_base_and_nonneg(void **state)
{
    static double buf[7 * NP * NH];
    struct recon_node nodes[7];
    size_t i;

    (void)state;
    /* Mid-level node 2 and the city have no forecast of their own: bottom-up there. */
    make_tree(nodes, buf, true);
    nodes[0].has_base = false;
    nodes[2].has_base = false;
    assert_int_equal(model_reconcile(nodes, 7, NP, NH), 0);
    check_coherent(nodes, 7);
    for (i = 0; i < 7; i++)
        assert_true(nodes[i].paths[0] >= 0.0);

    /* A child pushed below zero is repaired without breaking the sum. */
    {
        double city[3] = {10, 10, 10}, a[3] = {12, 1, 0.5}, b[3] = {1, 12, 9.9};
        struct recon_node n3[3] = {{RECON_ROOT, true, true, city, 1, NULL, false},
                                   {0, true, true, a, 1, NULL, false},
                                   {0, true, true, b, 1, NULL, false}};
        /* 3 paths of one year.  Variances: city 0 -> floor, so the city is held fixed. */
        assert_int_equal(model_reconcile(n3, 3, 3, 1), 0);
        for (i = 0; i < 3; i++) {
            assert_true(a[i] >= 0.0 && b[i] >= 0.0);
            assert_abs(a[i] + b[i], city[i], 1e-9);
            assert_abs(city[i], 10, 1e-6);
        }
    }
}

static void test_models_target__reconcile_floors(void **state)
{
    /*
     * One path, weights 1: city 10, a 4, b 7 -> combined city (10 + 11/2) / 1.5 = 31/3,
     * children 4 - 1/3 and 7 - 1/3.  a's floor 6 (its year to date): a is lifted to 6,
     * the deficit 6 - 11/3 = 7/3 comes out of b's room above its floor 3:
     * b = 3 + (20/3 - 3) (11/3 - 7/3) / (11/3) = 3 + 4/3.
     */
    double city[1] = {10}, a[1] = {4}, b[1] = {7};
    const double fa[1] = {6}, fb[1] = {3};
    struct recon_node n3[3] = {{RECON_ROOT, true, true, city, 1, NULL, false},
                               {0, true, true, a, 1, fa, false},
                               {0, true, true, b, 1, fb, false}};

    (void)state;
    assert_int_equal(model_reconcile(n3, 3, 1, 1), 0);
    assert_rel(city[0], 31.0 / 3.0, 1e-14);
    assert_rel(a[0], 6, 1e-14);
    assert_rel(b[0], 3 + 4.0 / 3.0, 1e-14);
    assert_rel(a[0] + b[0], city[0], 1e-14);
}

static void test_models_target__reconcile_floor_beside_no_floor(void **state)
{
    /*
     * A city's remainder that may be negative (no floor) beside two
     * non-negative districts.  One path, weights 1: city 0, a 1, b 8,
     * remainder 3; the gap 0 - 12 is shared by the four, -3 each: city 3,
     * a -2, b 5, remainder 0.  a is lifted to 0 and the remainder alone
     * takes the deficit: -2; b keeps 5; 0 + 5 - 2 = 3 = city.  (Before, a
     * child without a floor left a at -2.)
     */
    double city[1] = {0}, a[1] = {1}, b[1] = {8}, r[1] = {3};
    struct recon_node n4[4] = {{RECON_ROOT, true, true, city, 1, NULL, false},
                               {0, true, true, a, 1, NULL, false},
                               {0, true, true, b, 1, NULL, false},
                               {0, true, false, r, 1, NULL, false}};

    (void)state;
    assert_int_equal(model_reconcile(n4, 4, 1, 1), 0);
    assert_rel(city[0], 3, 1e-14);
    assert_abs(a[0], 0, 1e-14);
    assert_rel(b[0], 5, 1e-14);
    assert_rel(r[0], -2, 1e-14);
}

static void test_models_target__reconcile_errors(void **state)
{
    double x[2] = {1, 2}, y[2] = {3, 4};
    struct recon_node cyc[2] = {{1, true, false, x, 1, NULL, false},
                                {0, true, false, y, 1, NULL, false}};
    struct recon_node noleaf[2] = {{RECON_ROOT, true, false, x, 1, NULL, false},
                                   {0, false, false, y, 1, NULL, false}};
    struct recon_node badpar[1] = {{5, true, false, x, 1, NULL, false}};

    (void)state;
    assert_int_equal(model_reconcile(cyc, 2, 2, 1), GSL_EINVAL);
    assert_int_equal(model_reconcile(noleaf, 2, 2, 1), GSL_EINVAL);
    assert_int_equal(model_reconcile(badpar, 1, 2, 1), GSL_EINVAL);
    assert_int_equal(model_reconcile(noleaf, 2, 0, 1), GSL_EINVAL);
}

/* ---- year to date ------------------------------------------------------- */

/* The year end of ytd.c: ytd + (1 - s) (ytd + (1 - s) M), on increments for a stock. */
static void test_models_target__ytd_flow_profile(void **state)
{
    /* Three earlier years reached 40%, 50%, 45% of their totals by June. */
    static const double at6[] = {8, 15, 18}, end[] = {20, 30, 40};
    struct ytd_input in = {false, 6, 18, 0, 50, 3, at6, end, NULL, false, false};
    struct ytd_projection pr;
    double paths[4000];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t i;

    (void)state;
    assert_int_equal(model_ytd_project(&in, &pr), 0);
    assert_false(pr.flat);
    assert_int_equal(pr.n_used, 3);
    assert_rel(pr.share_mean, 0.45, 1e-14);
    /*
     * Sample variance 0.0025 over 2 degrees of freedom, shrunk toward the
     * flat spread 0.125 as by one more, then inflated by 4/3.
     */
    assert_rel(pr.share_sd, sqrt((0.125 * 0.125 + 2 * 0.0025) / 3 * 4.0 / 3.0), 1e-12);
    /* python3: f = lambda y,s,M: y+(1-s)*(y+(1-s)*M); f(18, 0.45, 50) */
    assert_rel(pr.mean, 43.025, 1e-13);
    /* f(18, 0.45 +- 1.2815515655446004 * sd, 50). */
    assert_rel(pr.lo80, 34.82071181574519, 1e-9);
    assert_rel(pr.hi80, 52.73479806480881, 1e-9);
    assert_true(pr.beta_a == 0.0); /* not counts: no Beta */
    /* At the model's pace (18 = 0.45 * 40) the year ends at the model's 40. */
    in.model_end = 40;
    assert_int_equal(model_ytd_project(&in, &pr), 0);
    assert_rel(pr.mean, 40, 1e-13);
    in.model_end = 50;
    assert_int_equal(model_ytd_project(&in, &pr), 0);
    gsl_rng_set(r, 77);
    for (i = 0; i < 4000; i++)
        paths[i] = 50;
    assert_int_equal(model_ytd_simulate(&in, &pr, r, 4000, paths), 0);
    for (i = 0; i < 4000; i++)
        assert_true(paths[i] >= 18);
    /* f is monotone in s, so the draws' median is f(median share) = 43.025 up to sampling error. */
    gsl_sort(paths, 1, 4000);
    assert_abs(gsl_stats_median_from_sorted_data(paths, 1, 4000), 43.025, 0.3);
    gsl_rng_free(r);
}

static void test_models_target__ytd_stock_and_flat(void **state)
{
    /* Stock: earlier years added 10 and 20, having 3 and 8 of it by March: shares 0.3, 0.4. */
    static const double at3[] = {103, 128}, end[] = {110, 140}, prev[] = {100, 120};
    struct ytd_input in = {true, 3, 147, 140, 165, 2, at3, end, prev, false, false};
    struct ytd_input none = {false, 9, 27, 0, 30, 0, NULL, NULL, NULL, false, false};
    struct ytd_input zero = {false, 6, 0, 0, 30, 0, NULL, NULL, NULL, false, false};
    struct ytd_input dec = {false, 12, 31, 0, 40, 0, NULL, NULL, NULL, false, false};
    struct ytd_input bad = {false, 13, 1, 0, 1, 0, NULL, NULL, NULL, false, false};
    struct ytd_projection pr;
    double d[3] = {40, 45, 50};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

    (void)state;
    assert_int_equal(model_ytd_project(&in, &pr), 0);
    assert_rel(pr.share_mean, 0.35, 1e-14);
    /* 140 + f(7, 0.35, 25) = 162.1125 (python3 as above). */
    assert_rel(pr.mean, 162.1125, 1e-12);
    /* Flat: 27 by September, s = 9/12: f(27, 0.75, 30) = 35.625, spread 0.25 * 3/12. */
    assert_int_equal(model_ytd_project(&none, &pr), 0);
    assert_true(pr.flat);
    assert_rel(pr.mean, 35.625, 1e-13);
    assert_rel(pr.share_sd, 0.0625, 1e-14);
    /* Nothing by June: f(0, 0.5, 30) = 0.25 * 30, not a certain zero. */
    assert_int_equal(model_ytd_project(&zero, &pr), 0);
    assert_rel(pr.mean, 7.5, 1e-14);
    /* December is the year end, whatever the model said. */
    assert_int_equal(model_ytd_project(&dec, &pr), 0);
    gsl_rng_set(r, 5);
    assert_int_equal(model_ytd_simulate(&dec, &pr, r, 3, d), 0);
    assert_rel(d[0], 31, 1e-15);
    assert_rel(d[2], 31, 1e-15);
    assert_int_equal(model_ytd_project(&bad, &pr), GSL_EINVAL);
    gsl_rng_free(r);
}

/*
 * 2026-12-02: a flow of whole events whose two earlier years had all their
 * 3 events by June, and 0 by June this year, read a certain 0 (interval
 * 0-0, probability 0).  The share by June is now Beta(3.5, 0.5), the
 * Jeffreys posterior of 3 events by June and none after; the rest of the
 * year is a Poisson count with mean (1 - s) ((1 - w) M + w ytd / s),
 * w = s d / (d + 2), d = s M: with ytd = 0 and every path at M = 2,
 * E rest = E (1 - s) (1 - s^2 / (s + 1)) M.
 */
static void test_models_target__ytd_few_events_stay_uncertain(void **state)
{
    static const double at6[] = {2, 1}, end[] = {2, 1};
    struct ytd_input in = {false, 6, 0, 0, 2, 2, at6, end, NULL, true, false};
    struct ytd_projection pr;
    enum { N = 200000 };
    double *paths = malloc(N * sizeof *paths), mean = 0, any = 0, expect = 0, quota = 0;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t i;

    (void)state;
    assert_int_equal(model_ytd_project(&in, &pr), 0);
    assert_rel(pr.share_mean, 1.0, 1e-15); /* what the years did, as shown */
    assert_rel(pr.beta_a, 3.5, 1e-15);
    assert_rel(pr.beta_b, 0.5, 1e-15);
    for (i = 0; i < N; i++)
        paths[i] = 2;
    gsl_rng_set(r, 11);
    assert_int_equal(model_ytd_simulate(&in, &pr, r, N, paths), 0);
    for (i = 0; i < N; i++) {
        assert_true(paths[i] == floor(paths[i]) && paths[i] >= 0);
        mean += paths[i] / N;
        any += paths[i] >= 1;
    }
    /* E (1 - s)(1 - s^2/(1 + s)) 2 for s ~ Beta(3.5, 0.5), by quadrature (midpoint, 1e6 cells). */
    {
        const size_t K = 1000000;
        double norm = 0;
        for (i = 0; i < K; i++) {
            double s = (i + 0.5) / K, wgt = pow(s, 2.5) * pow(1 - s, -0.5);
            norm += wgt;
            expect += wgt * (1 - s) * (1 - s * s / (1 + s)) * 2;
            quota += wgt * (1 - s * s / (1 + s)) * 2;
        }
        expect /= norm;
        quota /= norm;
    }
    assert_abs(mean, expect, 0.01);
    assert_true(any / N > 0.02 && any / N < 0.5); /* neither certain nor impossible */
    /*
     * Steady events (a yearly count): what is not done of the year's
     * weighted total (1 - w) M + w ytd / s is still to come, rounded at random.
     */
    in.steady = true;
    for (i = 0; i < N; i++)
        paths[i] = 2;
    assert_int_equal(model_ytd_simulate(&in, &pr, r, N, paths), 0);
    mean = 0;
    for (i = 0; i < N; i++)
        mean += paths[i] / N;
    assert_abs(mean, quota, 0.01);
    assert_true(quota > 5 * expect);
    gsl_rng_free(r);
    free(paths);
}

/* model_ytd_apply: a flow's year takes the draw, a stock's later years move with it. */
static void test_models_target__ytd_apply_flow_and_stock(void **state)
{
    const double draws[] = {10, 20}, low[] = {0.5, 7}, neg[] = {-1, 7};
    double p[6];
    size_t i;

    (void)state;
    {
        const double want[] = {1, 10, 3, 4, 20, 6};
        for (i = 0; i < 6; i++)
            p[i] = (double)(i + 1);
        model_ytd_apply(true, true, 1, draws, 2, 3, p);
        for (i = 0; i < 6; i++)
            assert_abs(p[i], want[i], 0.0);
    }
    {
        /* deltas 0.5 - 2 = -1.5 and 7 - 5 = 2 from year 1 on */
        const double want[] = {1, 0.5, 1.5, 4, 7, 8};
        for (i = 0; i < 6; i++)
            p[i] = (double)(i + 1);
        model_ytd_apply(false, true, 1, low, 2, 3, p);
        for (i = 0; i < 6; i++)
            assert_abs(p[i], want[i], 1e-15);
    }
    {
        /* delta -3: -1 and 0, held at zero only with nonneg */
        const double keep[] = {1, -1, 0}, held[] = {1, 0, 0};
        for (i = 0; i < 6; i++)
            p[i] = (double)(i + 1);
        model_ytd_apply(false, false, 1, neg, 2, 3, p);
        for (i = 0; i < 3; i++)
            assert_abs(p[i], keep[i], 1e-15);
        for (i = 0; i < 6; i++)
            p[i] = (double)(i + 1);
        model_ytd_apply(false, true, 1, neg, 2, 3, p);
        for (i = 0; i < 3; i++)
            assert_abs(p[i], held[i], 1e-15);
    }
}

/*
 * model_path_summary: per year, the mean of the paths and their quantiles
 * ((n - 1) p of the sorted values: 1.75 and 2.5 of 1..4), paths in any order.
 */
static void test_models_target__path_summary(void **state)
{
    const double paths[] = {3, 30, -1, 1, 10, -1, 4, 40, -1, 2, 20, -1};
    const double probs[] = {0.25, 0.5};
    double col[4], mean[2], q[4];

    (void)state;
    assert_int_equal(model_path_summary(paths, 4, 3, 2, probs, 2, col, mean, q), GSL_SUCCESS);
    assert_abs(mean[0], 2.5, 0.0);
    assert_abs(mean[1], 25.0, 0.0);
    assert_abs(q[0], 1.75, 1e-15);
    assert_abs(q[1], 2.5, 1e-15);
    assert_abs(q[2], 17.5, 1e-14);
    assert_abs(q[3], 25.0, 1e-14);
    assert_int_equal(model_path_summary(paths, 0, 3, 2, probs, 2, col, mean, q), GSL_EINVAL);
    assert_int_equal(model_path_summary(paths, 4, 3, 4, probs, 2, col, mean, q), GSL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_models_target__stock_level),
        cmocka_unit_test(test_models_target__stock_level_reach_and_unreachable),
        cmocka_unit_test(test_models_target__stock_increment),
        cmocka_unit_test(test_models_target__flow_level_and_sum),
        cmocka_unit_test(test_models_target__decided_and_gaps),
        cmocka_unit_test(test_models_target__zero_level_and_met),
        cmocka_unit_test(test_models_target__errors),
        cmocka_unit_test(test_models_target__quantiles_by_selection),
        cmocka_unit_test(test_models_target__reach_year_by_counting),
        cmocka_unit_test(test_models_target__reconcile_matches_matrix_wls),
        cmocka_unit_test(test_models_target__reconcile_ranges_match_whole),
        cmocka_unit_test(test_models_target__reconcile_plan_by_nodes),
        cmocka_unit_test(test_models_target__reconcile_one_level_formula),
        cmocka_unit_test(test_models_target__reconcile_no_base_and_nonneg),
        cmocka_unit_test(test_models_target__reconcile_floors),
        cmocka_unit_test(test_models_target__reconcile_floor_beside_no_floor),
        cmocka_unit_test(test_models_target__reconcile_errors),
        cmocka_unit_test(test_models_target__ytd_flow_profile),
        cmocka_unit_test(test_models_target__ytd_stock_and_flat),
        cmocka_unit_test(test_models_target__ytd_few_events_stay_uncertain),
        cmocka_unit_test(test_models_target__ytd_apply_flow_and_stock),
        cmocka_unit_test(test_models_target__path_summary),
    };

    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
