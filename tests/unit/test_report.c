/*
 * tests/unit/test_report.c -- the chart builders of engine/report_charts.c on a
 * hand-made pipeline result (no database, no gnuplot): which level a
 * target is drawn at (a level; a stock increment from its observed base
 * year; a one-year flow increment; none otherwise), the fan cut at the
 * deadline with non-finite years left out, the latest in-year figure, the
 * titles and footnotes in both languages, the dashboard's rows, and HTML
 * escaping.  Expected values are worked out by hand next to each check.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "messages.h"
#include "pipeline.h"
#include "html.h"
#include "report.h"

/* One city (id 1) with one district (id 2); indicators 10 (stock) and 11 (flow). */
static struct db_region regions[] = {
    {1, "city", "示例市", 0},
    {2, "east", "东区", 1},
};
static struct db_indicator indicators[] = {
    {10, "hitech", "高新技术企业", "high-tech enterprises (certified)", "家", "stock", false},
    {11, "events", "创新创业活动", "events", "场", "flow", true},
};

/* History 2016..2020 and quantiles for 2021..2025 (nq 5). */
static double hist_t[] = {2016, 2017, 2018, 2019, 2020};
static double hist_y[] = {38, 47, 60, 74, 88};
static double fitted[] = {39, 46, 61, NAN, 87.5};
/* Per year: lo95 lo80 lo50 median hi50 hi80 hi95 (PIPE_NQ = 7). */
static double quant[5 * PIPE_NQ] = {
    90,  92,  94,  95,  96,  98,  100, /* 2021 */
    95,  98,  101, 103, 105, 108, 111, /* 2022 */
    NAN, 104, 108, 111, 114, 118, 122, /* 2023: not finite, left out */
    105, 110, 115, 119, 123, 128, 133, /* 2024 */
    108, 114, 121, 127, 133, 140, 146, /* 2025 */
};

static struct pipe_series series[2];
static struct pipe_target targets[5];
static struct pipe pipe_result;

static void make_series(struct pipe_series *s, int64_t region, int64_t indicator, bool flow)
{
    memset(s, 0, sizeof *s);
    s->region_id = region;
    s->indicator_id = indicator;
    s->region_code = region == 1 ? "city" : "east";
    s->indicator_code = indicator == 10 ? "hitech" : "events";
    s->unit = flow ? "场" : "家";
    s->is_flow = flow;
    s->n = 5;
    s->t = hist_t;
    s->y = hist_y;
    s->fitted = fitted;
    s->ok = true;
    snprintf(s->model, sizeof s->model, "damped");
    s->first_year = 2021;
    s->h = 5;
    s->nq = 5;
    s->q = quant;
    s->has_ytd = true;
    s->ytd_year = 2021;
    s->ytd_month = 6;
    s->ytd_value = flow ? 12 : 91;
}

static void make_target(struct pipe_target *t, int64_t id, int64_t region, size_t si, bool inc,
                        int start, int deadline, double value, double p, enum target_status status)
{
    const struct pipe_series *s = &series[si];

    memset(t, 0, sizeof *t);
    t->id = id;
    t->region_id = region;
    t->indicator_id = s->indicator_id;
    t->region_code = s->region_code;
    t->indicator_code = s->indicator_code;
    t->unit = s->unit;
    t->spec.is_flow = s->is_flow;
    t->spec.is_increment = inc;
    t->spec.start = start;
    t->spec.deadline = deadline;
    t->spec.value = value;
    t->has_result = true;
    t->res.probability = p;
    t->res.status = status;
    t->res.expected = 100;
    t->res.lo80 = 90;
    t->res.hi80 = 110;
    t->series = (int64_t)si;
}

static int setup(void **state)
{
    struct report_src *src = calloc(1, sizeof *src);

    make_series(&series[0], 1, 10, false);
    make_series(&series[1], 1, 11, true);
    /* 0: level 210 by 2025; 1: stock +10 in 2021 (base 2020 = 88 -> 98);
     * 2: stock +30 in 2023..2025 (base 2022 not observed: no marker);
     * 3: flow +40 in 2021..2025 (a sum of years: no marker); 4: flow 5 in 2022. */
    make_target(&targets[0], 100, 1, 0, false, 2025, 2025, 210, 0.0004, TARGET_OFF_TRACK);
    make_target(&targets[1], 101, 1, 0, true, 2021, 2021, 10, 0.83, TARGET_ON_TRACK);
    make_target(&targets[2], 102, 1, 0, true, 2023, 2025, 30, 0.61, TARGET_AT_RISK);
    make_target(&targets[3], 103, 1, 1, true, 2021, 2025, 40, 0.5, TARGET_AT_RISK);
    make_target(&targets[4], 104, 1, 1, true, 2022, 2022, 5, 0.9996, TARGET_ON_TRACK);
    memset(&pipe_result, 0, sizeof pipe_result);
    pipe_result.npaths = 2000;
    pipe_result.n_series = 2;
    pipe_result.series = series;
    pipe_result.n_targets = 5;
    pipe_result.targets = targets;
    if (!src)
        return -1;
    src->p = &pipe_result;
    src->regions = regions;
    src->n_regions = 2;
    src->indicators = indicators;
    src->n_indicators = 2;
    src->zh = true;
    snprintf(src->as_of, sizeof src->as_of, "2021-06");
    src->root = 1;
    src->err = calloc(1, sizeof *src->err);
    *state = src;
    return src->err ? 0 : -1;
}

static int teardown(void **state)
{
    struct report_src *src = *state;

    /* The arrays are static: release only the arena. */
    arena_release(&src->arena);
    free(src->err);
    free(src);
    return 0;
}

static void test_report__level_target(void **state)
{
    struct report_src *src = *state;
    struct plot_projection p;

    assert_int_equal(report_projection(src, 0, &p), ATT_OK);
    assert_string_equal(p.title, "示例市 · 高新技术企业：2025 年达到 210 家");
    assert_string_equal(p.y_label, "家");
    assert_true(p.has_target);
    assert_true(p.target_x == 2025 && p.target_y == 210);
    assert_true(p.has_probability && p.probability == 0.0004);
    /* History 5 points; fitted without its NaN (4); fan 2021..2025 without 2023 (4). */
    assert_int_equal(p.n_history, 5);
    assert_int_equal(p.n_fitted, 4);
    assert_int_equal(p.n_fan, 4);
    assert_true(p.fan[2].x == 2024 && p.fan[2].median == 119 && p.fan[2].lo95 == 105 &&
                p.fan[2].hi95 == 133 && p.fan[2].lo50 == 115 && p.fan[2].hi80 == 128);
    /* June 2021 of a stock: drawn at 2020 + 6/12. */
    assert_true(p.has_current && p.current_x == 2020.5 && p.current_y == 91);
    assert_string_equal(p.current_label, "2021 年 6 月实际");
    assert_string_equal(p.footnote, "数据截至 2021-06；2021 年 1–6 月累计 91（已计入年末预测）；"
                                    "模型 damped，2000 条模拟路径");
}

static void test_report__stock_increment_from_observed_base(void **state)
{
    struct report_src *src = *state;
    struct plot_projection p;

    assert_int_equal(report_projection(src, 1, &p), ATT_OK);
    assert_string_equal(p.title, "示例市 · 高新技术企业：2021 年新增 10 家");
    /* Base: the level at the end of 2020, 88; so 98 by the end of 2021. */
    assert_true(p.has_target && p.target_x == 2021 && p.target_y == 98);
    /* The fan stops at the deadline: only 2021. */
    assert_int_equal(p.n_fan, 1);
    assert_true(p.fan[0].x == 2021);
}

static void test_report__no_marker_without_a_level(void **state)
{
    struct report_src *src = *state;
    struct plot_projection p;

    /* Base year 2022 is not observed. */
    assert_int_equal(report_projection(src, 2, &p), ATT_OK);
    assert_string_equal(p.title, "示例市 · 高新技术企业：2023–2025 年累计新增 30 家");
    assert_false(p.has_target);
    assert_true(p.has_probability && p.probability == 0.61);
    /* A sum over years of a flow is no point of the yearly series. */
    assert_int_equal(report_projection(src, 3, &p), ATT_OK);
    assert_false(p.has_target);
    /* A one-year flow increment is that year's flow; the flow's year to date sits at its year. */
    assert_int_equal(report_projection(src, 4, &p), ATT_OK);
    assert_string_equal(p.title, "示例市 · 创新创业活动：2022 年新增 5 场");
    assert_true(p.has_target && p.target_x == 2022 && p.target_y == 5);
    assert_true(p.has_current && p.current_x == 2021 && p.current_y == 12);
    assert_string_equal(p.current_label, "2021 年 1–6 月累计");
}

static void test_report__english(void **state)
{
    struct report_src *src = *state;
    struct plot_projection p;

    src->zh = false;
    assert_int_equal(report_projection(src, 0, &p), ATT_OK);
    /* Region by its capitalised code; the indicator without its explanation. */
    assert_string_equal(p.title, "City · high-tech enterprises: reach 210 entities by 2025");
    assert_string_equal(p.current_label, "actual, Jun 2021");
    assert_string_equal(report_target_text(src, 2), "add 30 entities in 2023–2025");
    assert_string_equal(report_target_text(src, 4), "add 5 events in 2022");
    /* Units in English words; one not in the table stays as loaded. */
    assert_string_equal(report_unit(src, "亿元"), "100 million yuan");
    assert_string_equal(report_unit(src, "%"), "%");
    assert_string_equal(report_unit(src, "平方米"), "平方米");
    assert_string_equal(report_unit(src, NULL), "");
    /* The word agrees with the count: one entity, 1.5 entities, 0 entities. */
    assert_string_equal(report_unit_of(src, "家", 1.0), "entity");
    assert_string_equal(report_unit_of(src, "家", 1.5), "entities");
    assert_string_equal(report_unit_of(src, "家", 0.0), "entities");
    assert_string_equal(report_unit_of(src, "人", 1.0), "person");
    assert_string_equal(report_unit_of(src, "亿元", 1.0), "100 million yuan");
    targets[4].spec.value = 1.0;
    assert_string_equal(report_target_text(src, 4), "add 1 event in 2022");
    targets[4].spec.value = 5.0;
    src->zh = true;
    assert_string_equal(report_unit(src, "家"), "家");
    assert_string_equal(report_unit_of(src, "家", 1.0), "家");
    src->zh = true;
}

static void test_report__no_forecast_is_an_error(void **state)
{
    struct report_src *src = *state;
    struct plot_projection p;

    targets[1].series = -1;
    assert_int_equal(report_projection(src, 1, &p), ATT_EDATA);
    assert_string_equal(src->err->msg, "no forecast for the target of 'city' 'hitech' in 2021");
    targets[1].series = 0;
    att_err_clear(src->err);
}

static void test_report__dashboard_rows(void **state)
{
    struct report_src *src = *state;
    struct plot_dashboard d;

    targets[3].has_result = false; /* not evaluated: left out, and the footnote says so */
    assert_int_equal(report_dashboard(src, 1, 0, &d), ATT_OK);
    targets[3].has_result = true;
    assert_int_equal(d.n_rows, 4);
    assert_string_equal(d.rows[0].label, "高新技术企业 · 2025");
    assert_string_equal(d.rows[2].label, "高新技术企业 · 2023–2025");
    assert_int_equal(d.rows[1].status, PLOT_ON_TRACK);
    assert_int_equal(d.rows[2].status, PLOT_AT_RISK);
    assert_int_equal(d.rows[0].status, PLOT_OFF_TRACK);
    assert_string_equal(d.title, "示例市各项目标达成概率");
    assert_string_equal(d.footnote, "数据截至 2021-06；达成概率 = 2000 条模拟路径中达到目标的比例；"
                                    "另有 1 项目标无法评估，未列出");
    /* A region without targets has nothing to draw. */
    assert_int_equal(report_dashboard(src, 2, 0, &d), ATT_EDATA);
    assert_string_equal(src->err->msg, "no evaluated target to show");
    att_err_clear(src->err);
}

static void test_report__html_escaping(void **state)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    (void)state;
    assert_non_null(f);
    html_puts(f, "<b>科技局</b> & 'x' \"y\"");
    html_puts(f, NULL);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(buf, "&lt;b&gt;科技局&lt;/b&gt; &amp; &#39;x&#39; &quot;y&quot;");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_report__level_target, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__stock_increment_from_observed_base, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report__no_marker_without_a_level, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__english, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__no_forecast_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__dashboard_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report__html_escaping, setup, teardown),
    };
    /* These tests assert the English messages (--lang en). */
    att_msg_lang(ATT_LANG_EN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
