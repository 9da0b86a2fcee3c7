/*
 * tests/unit/test_models_lever.c -- scenario levers on simulated paths
 * (models/lever.c), before reconciliation: growth scales every yearly change
 * by exactly the factor from its year on and leaves earlier years alone,
 * capacity bounds every path, a shock moves a level once and a stock keeps
 * it; in a tree, a city's lever reaches its districts in proportion (whole
 * numbers for counts) and a district's lever moves its city by as much.
 * Paths are random (gsl mt19937, fixed seeds), so the checks hold for
 * arbitrary values, not for hand-picked ones.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "model.h"
#include "test_assert.h"

#define NP 50 /* paths */
#define H 6   /* years 2024..2029 */
#define FIRST 2024

/* Random-walk stock paths from y_last with drift, or flow amounts; whole numbers if count. */
static void random_paths(double *x, unsigned long seed, bool is_flow, bool is_count, double y_last)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t p, j;

    gsl_rng_set(r, seed);
    for (p = 0; p < NP; p++) {
        double level = y_last;
        for (j = 0; j < H; j++) {
            double v;
            if (is_flow)
                v = 23.85 + 7.3 * gsl_ran_gaussian(r, 1.0);
            else
                v = (level += 11.7 + 9.1 * gsl_ran_gaussian(r, 1.0));
            if (is_count)
                v = round(v);
            x[p * H + j] = v;
        }
    }
    gsl_rng_free(r);
}

static struct lever_series series_of(double *x, bool is_flow, double y_last)
{
    struct lever_series s = {RECON_ROOT, true, is_flow, false, false, FIRST, H, y_last, x, H};
    return s;
}

static void test_models_lever__growth_stock(void **state)
{
    double old[NP * H], x[NP * H];
    struct lever lv = {.flags = LEVER_GROWTH, .from = 2026, .growth = 1.2};
    struct lever_series s = series_of(x, false, 238.5);
    size_t p, j;

    (void)state;
    random_paths(old, 7, false, false, 238.5);
    memcpy(x, old, sizeof x);
    assert_int_equal(model_lever_apply(&lv, &s, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        for (j = 0; j < H; j++) {
            double prev_old = j ? old[p * H + j - 1] : 238.5, prev = j ? x[p * H + j - 1] : 238.5;
            if (FIRST + (int)j < 2026)
                assert_true(x[p * H + j] == old[p * H + j]); /* untouched, bit for bit */
            else
                assert_rel(x[p * H + j] - prev, 1.2 * (old[p * H + j] - prev_old), 1e-12);
        }
}

/* From before the first simulated year: the change from the last observation is scaled too. */
static void test_models_lever__growth_stock_from_history(void **state)
{
    double old[NP * H], x[NP * H];
    struct lever lv = {.flags = LEVER_GROWTH, .from = 2021, .growth = 0.85};
    struct lever_series s = series_of(x, false, 238.5);
    size_t p;

    (void)state;
    random_paths(old, 8, false, false, 238.5);
    memcpy(x, old, sizeof x);
    assert_int_equal(model_lever_apply(&lv, &s, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        assert_rel(x[p * H] - 238.5, 0.85 * (old[p * H] - 238.5), 1e-12);
}

static void test_models_lever__growth_flow(void **state)
{
    double old[NP * H], x[NP * H];
    struct lever lv = {.flags = LEVER_GROWTH, .from = 2027, .growth = 1.15};
    struct lever_series s = series_of(x, true, 19.0);
    size_t p, j;

    (void)state;
    random_paths(old, 9, true, false, 0);
    memcpy(x, old, sizeof x);
    assert_int_equal(model_lever_apply(&lv, &s, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        for (j = 0; j < H; j++)
            if (FIRST + (int)j < 2027)
                assert_true(x[p * H + j] == old[p * H + j]);
            else
                assert_rel(x[p * H + j], 1.15 * old[p * H + j], 1e-15);
}

static void test_models_lever__capacity(void **state)
{
    double old[NP * H], x[NP * H];
    struct lever lv = {.flags = LEVER_CAPACITY, .capacity = 281.3};
    struct lever_series s = series_of(x, false, 238.5);
    size_t p, j, capped = 0;

    (void)state;
    random_paths(old, 10, false, false, 238.5);
    memcpy(x, old, sizeof x);
    assert_int_equal(model_lever_apply(&lv, &s, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        for (j = 0; j < H; j++) {
            assert_true(x[p * H + j] <= 281.3);
            assert_true(x[p * H + j] == fmin(old[p * H + j], 281.3));
            capped += old[p * H + j] > 281.3;
        }
    assert_true(capped > 0); /* the bound did bite */
}

static void test_models_lever__shock_stock_keeps(void **state)
{
    double old[NP * H], x[NP * H];
    struct lever lv = {
        .flags = LEVER_SHOCK, .shock_year = 2025, .shock = -0.08, .shock_relative = true};
    struct lever_series s = series_of(x, false, 238.5);
    size_t p, j;

    (void)state;
    random_paths(old, 11, false, false, 238.5);
    memcpy(x, old, sizeof x);
    assert_int_equal(model_lever_apply(&lv, &s, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++) {
        double moved = -0.08 * old[p * H + 1];
        for (j = 0; j < H; j++)
            if (j < 1)
                assert_true(x[p * H + j] == old[p * H + j]);
            else
                assert_rel(x[p * H + j], old[p * H + j] + moved, 1e-12);
    }
}

static void test_models_lever__shock_flow_once(void **state)
{
    double old[NP * H], x[NP * H];
    struct lever lv = {.flags = LEVER_SHOCK, .shock_year = 2026, .shock = -12};
    struct lever_series s = series_of(x, true, 19.0);
    size_t p, j;

    (void)state;
    random_paths(old, 12, true, false, 0);
    memcpy(x, old, sizeof x);
    assert_int_equal(model_lever_apply(&lv, &s, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        for (j = 0; j < H; j++)
            if (j == 2)
                assert_rel(x[p * H + j], old[p * H + j] - 12, 1e-12);
            else
                assert_true(x[p * H + j] == old[p * H + j]);
}

/* Additions on a stock: a, 2a, 3a, ... from `from` on. */
static void test_models_lever__additions_stock(void **state)
{
    double old[NP * H], x[NP * H];
    struct lever lv = {.flags = LEVER_ADDITIONS, .from = 2026, .additions = 7.25};
    struct lever_series s = series_of(x, false, 238.5);
    size_t p, j;

    (void)state;
    random_paths(old, 13, false, false, 238.5);
    memcpy(x, old, sizeof x);
    assert_int_equal(model_lever_apply(&lv, &s, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        for (j = 0; j < H; j++)
            assert_rel(x[p * H + j], old[p * H + j] + 7.25 * (j >= 2 ? (double)(j - 1) : 0.0),
                       1e-12);
}

/* Counts stay whole numbers and a non-negative series never goes below zero. */
static void test_models_lever__counts_whole_nonneg(void **state)
{
    double x[NP * H];
    struct lever lv = {.flags = LEVER_GROWTH | LEVER_SHOCK | LEVER_CAPACITY,
                       .from = 2025,
                       .growth = 1.37,
                       .shock_year = 2027,
                       .shock = -250.4,
                       .capacity = 300.7};
    struct lever_series s = series_of(x, false, 238);
    size_t p, j, zeros = 0;

    (void)state;
    s.is_count = s.nonneg = true;
    random_paths(x, 14, false, true, 238);
    assert_int_equal(model_lever_apply(&lv, &s, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        for (j = 0; j < H; j++) {
            double v = x[p * H + j];
            assert_true(v == round(v) && v >= 0 && v <= 300);
            zeros += v == 0;
        }
    assert_true(zeros > 0); /* the shock took some paths to the floor */
}

static void test_models_lever__bad_arguments(void **state)
{
    double x[NP * H] = {0};
    struct lever_series s = series_of(x, false, 238.5);
    struct lever lv = {.flags = LEVER_GROWTH, .from = 2026, .growth = 0.0};

    (void)state;
    assert_int_equal(model_lever_apply(&lv, &s, NP), GSL_EINVAL);
    lv.growth = NAN;
    assert_int_equal(model_lever_apply(&lv, &s, NP), GSL_EINVAL);
    lv.growth = 1.2;
    s.stride = H - 1;
    assert_int_equal(model_lever_apply(&lv, &s, NP), GSL_EINVAL);
    s.stride = H;
    assert_int_equal(model_lever_apply(NULL, &s, NP), GSL_EINVAL);
}

/*
 * A city (0) with three districts (1, 2, 3) of a count, paths not coherent
 * (as before reconciliation).  Units on the city: the city gets them all, the
 * districts whole-number shares adding up to them, in proportion to their
 * values in that path and year.
 */
static void tree_of(struct lever_series *nodes, double (*x)[NP * H], bool is_count)
{
    size_t i;

    for (i = 0; i < 4; i++) {
        nodes[i] = series_of(x[i], false, 0);
        nodes[i].parent = i ? 0 : RECON_ROOT;
        nodes[i].is_count = nodes[i].nonneg = is_count;
    }
    random_paths(x[0], 21, false, is_count, 412);
    random_paths(x[1], 22, false, is_count, 203);
    random_paths(x[2], 23, false, is_count, 131);
    random_paths(x[3], 24, false, is_count, 75);
    nodes[0].y_last = 412;
    nodes[1].y_last = 203;
    nodes[2].y_last = 131;
    nodes[3].y_last = 75;
}

static void test_models_lever__tree_city_units_in_proportion(void **state)
{
    static double x[4][NP * H], old[4][NP * H];
    struct lever_series nodes[4];
    struct lever lv = {.flags = LEVER_SHOCK, .shock_year = 2026, .shock = -41};
    size_t p, j, i;

    (void)state;
    tree_of(nodes, x, true);
    memcpy(old, x, sizeof x);
    assert_int_equal(model_lever_apply_tree(&lv, nodes, 4, 0, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        for (j = 0; j < H; j++) {
            double sum_moved = 0, sum_old = 0;
            for (i = 1; i < 4; i++)
                sum_old += old[i][p * H + 2];
            for (i = 1; i < 4; i++) {
                double moved = x[i][p * H + j] - old[i][p * H + j];
                assert_true(x[i][p * H + j] == round(x[i][p * H + j]));
                if (j < 2)
                    assert_true(moved == 0);
                else /* within one unit of its exact proportional share */
                    assert_abs(moved, -41 * old[i][p * H + 2] / sum_old, 1.0);
                sum_moved += moved;
            }
            assert_abs(x[0][p * H + j] - old[0][p * H + j], j < 2 ? 0 : -41, 0);
            assert_abs(sum_moved, j < 2 ? 0 : -41, 0); /* the shares add up exactly */
        }
}

static void test_models_lever__tree_district_moves_city(void **state)
{
    static double x[4][NP * H], old[4][NP * H];
    struct lever_series nodes[4];
    struct lever lv = {.flags = LEVER_GROWTH, .from = 2025, .growth = 1.2};
    size_t p, j;

    (void)state;
    tree_of(nodes, x, true);
    memcpy(old, x, sizeof x);
    assert_int_equal(model_lever_apply_tree(&lv, nodes, 4, 2, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        for (j = 0; j < H; j++) {
            double d = x[2][p * H + j] - old[2][p * H + j];
            double base = old[2][p * H];
            if (j >= 1) /* growth on the district itself, then rounded to a whole number */
                assert_abs(x[2][p * H + j], round(base + 1.2 * (old[2][p * H + j] - base)), 0);
            else
                assert_true(d == 0);
            assert_abs(x[0][p * H + j] - old[0][p * H + j], d, 0); /* the city by as much */
            assert_true(x[1][p * H + j] == old[1][p * H + j]);     /* siblings untouched */
            assert_true(x[3][p * H + j] == old[3][p * H + j]);
        }
}

/* Nodes matched by year: a district whose paths start a year later still gets its share. */
static void test_models_lever__tree_years_differ(void **state)
{
    static double x[4][NP * H], old[4][NP * H];
    struct lever_series nodes[4];
    struct lever lv = {.flags = LEVER_ADDITIONS, .from = 2027, .additions = 9};
    size_t p, j, i;

    (void)state;
    tree_of(nodes, x, true);
    nodes[3].first_year = FIRST + 1; /* x[3][p * H + j] is year FIRST + 1 + j, j < H - 1 */
    nodes[3].h = H - 1;
    memcpy(old, x, sizeof x);
    assert_int_equal(model_lever_apply_tree(&lv, nodes, 4, 0, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        for (j = 3; j < H; j++) { /* 2027.. */
            double sum = 0;
            for (i = 1; i < 4; i++) {
                size_t k = i == 3 ? j - 1 : j;
                sum += x[i][p * H + k] - old[i][p * H + k];
            }
            assert_abs(sum, 9.0 * (double)(j - 2), 0); /* 9, 18, 27 kept by the stock */
            assert_abs(x[0][p * H + j] - old[0][p * H + j], 9.0 * (double)(j - 2), 0);
        }
    assert_true(x[3][H - 1] == old[3][H - 1]); /* beyond its years: untouched */
}

/* Growth on a city reaches every district with the same factor. */
static void test_models_lever__tree_city_growth(void **state)
{
    static double x[4][NP * H], old[4][NP * H];
    struct lever_series nodes[4];
    struct lever lv = {.flags = LEVER_GROWTH, .from = 2026, .growth = 1.2};
    size_t p, j, i;

    (void)state;
    tree_of(nodes, x, false);
    memcpy(old, x, sizeof x);
    assert_int_equal(model_lever_apply_tree(&lv, nodes, 4, 0, NP), GSL_SUCCESS);
    for (i = 0; i < 4; i++)
        for (p = 0; p < NP; p++)
            for (j = 2; j < H; j++)
                assert_rel(x[i][p * H + j] - x[i][p * H + j - 1],
                           1.2 * (old[i][p * H + j] - old[i][p * H + j - 1]), 1e-12);
}

/* After reconciliation: capacity on the city, coherently, in whole numbers. */
static void test_models_lever__bound_tree(void **state)
{
    static double x[4][NP * H];
    struct lever_series nodes[4];
    struct lever lv = {.flags = LEVER_CAPACITY, .capacity = 455.5};
    size_t p, j, i, capped = 0;

    (void)state;
    tree_of(nodes, x, true);
    for (p = 0; p < NP * H; p++) /* make the tree coherent, as after reconciliation */
        x[0][p] = x[1][p] + x[2][p] + x[3][p];
    for (p = 0; p < NP * H; p++)
        capped += x[0][p] > 455;
    assert_true(capped > 0);
    assert_int_equal(model_lever_bound_tree(&lv, nodes, 4, 0, NP), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        for (j = 0; j < H; j++) {
            double sum = 0;
            for (i = 1; i < 4; i++) {
                assert_true(x[i][p * H + j] == round(x[i][p * H + j]) && x[i][p * H + j] >= 0);
                sum += x[i][p * H + j];
            }
            assert_true(x[0][p * H + j] <= 455);
            assert_abs(sum, x[0][p * H + j], 0);
        }
}

/* A district's capacity takes the excess off the city too. */
static void test_models_lever__bound_district(void **state)
{
    static double x[4][NP * H], old[4][NP * H];
    struct lever_series nodes[4];
    struct lever lv = {.flags = LEVER_CAPACITY, .capacity = 215};
    size_t p;

    (void)state;
    tree_of(nodes, x, true);
    for (p = 0; p < NP * H; p++)
        x[0][p] = x[1][p] + x[2][p] + x[3][p];
    memcpy(old, x, sizeof x);
    assert_int_equal(model_lever_bound_tree(&lv, nodes, 4, 1, NP), GSL_SUCCESS);
    for (p = 0; p < NP * H; p++) {
        assert_true(x[1][p] == fmin(old[1][p], 215));
        assert_abs(x[0][p], x[1][p] + x[2][p] + x[3][p], 0);
    }
}

static void test_models_lever__tree_bad(void **state)
{
    static double x[4][NP * H];
    struct lever_series nodes[4];
    struct lever lv = {.flags = LEVER_GROWTH, .from = 2026, .growth = 1.2};

    (void)state;
    tree_of(nodes, x, false);
    nodes[0].parent = 3; /* a cycle */
    assert_int_equal(model_lever_apply_tree(&lv, nodes, 4, 0, NP), GSL_EINVAL);
    nodes[0].parent = RECON_ROOT;
    assert_int_equal(model_lever_apply_tree(&lv, nodes, 4, 4, NP), GSL_EINVAL);
    nodes[1].has_paths = false;
    lv.flags = LEVER_CAPACITY;
    assert_int_equal(model_lever_bound_tree(&lv, nodes, 4, 0, NP), GSL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_models_lever__growth_stock),
        cmocka_unit_test(test_models_lever__growth_stock_from_history),
        cmocka_unit_test(test_models_lever__growth_flow),
        cmocka_unit_test(test_models_lever__capacity),
        cmocka_unit_test(test_models_lever__shock_stock_keeps),
        cmocka_unit_test(test_models_lever__shock_flow_once),
        cmocka_unit_test(test_models_lever__additions_stock),
        cmocka_unit_test(test_models_lever__counts_whole_nonneg),
        cmocka_unit_test(test_models_lever__bad_arguments),
        cmocka_unit_test(test_models_lever__tree_city_units_in_proportion),
        cmocka_unit_test(test_models_lever__tree_district_moves_city),
        cmocka_unit_test(test_models_lever__tree_years_differ),
        cmocka_unit_test(test_models_lever__tree_city_growth),
        cmocka_unit_test(test_models_lever__bound_tree),
        cmocka_unit_test(test_models_lever__bound_district),
        cmocka_unit_test(test_models_lever__tree_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
