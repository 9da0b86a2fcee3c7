/*
 * tests/unit/test_plots_fixtures.h -- one fixed input per chart kind, shared
 * by test_plots_script.c (golden script text) and test_plots_render.c (real
 * gnuplot).  The numbers are made up but shaped like the Panjin data: a
 * growing count with a widening fan, six districts, five targets.
 */
#ifndef ATTAIN_TESTS_UNIT_TEST_PLOTS_FIXTURES_H
#define ATTAIN_TESTS_UNIT_TEST_PLOTS_FIXTURES_H

#include <stddef.h>

#include "plot.h"

static const struct plot_xy fx_hist[] = {{2016, 52},  {2017, 61},  {2018, 75},  {2019, 88},
                                         {2020, 101}, {2021, 119}, {2022, 131}, {2023, 146}};
static const struct plot_xy fx_fit[] = {{2016, 50.2}, {2017, 62.4}, {2018, 74.9}, {2019, 87.3},
                                        {2020, 101},  {2021, 116},  {2022, 131},  {2023, 147.25}};
static const struct plot_fan fx_fan[] = {{2024, 161.5, 155, 167, 148, 174, 143, 180},
                                         {2025, 176.2, 165, 187, 155, 198, 146, 208}};

static struct plot_projection fx_projection(void)
{
    struct plot_projection p = {
        .title = "盘锦市 高新技术企业",
        .y_label = "家",
        .footnote = "来源：盘锦市科技局；数据截至 2023 年",
        .history = fx_hist,
        .n_history = 8,
        .fitted = fx_fit,
        .n_fitted = 8,
        .fan = fx_fan,
        .n_fan = 2,
        .has_target = true,
        .target_x = 2025,
        .target_y = 210,
        .has_probability = true,
        .probability = 0.274,
        .has_current = true,
        .current_x = 2024.5,
        .current_y = 153,
        .current_label = "2024 年 6 月实际",
    };
    return p;
}

static const char *const fx_district_names[] = {"兴隆台区", "双台子区",   "大洼区",
                                                "盘山县",   "辽东湾新区", "高新区"};

/* Fills panels[0..5] (the caller's array) and returns the districts chart. */
static struct plot_districts fx_districts(struct plot_projection panels[6])
{
    struct plot_districts d = {"高新技术企业（家）：各县区", "数据截至 2023 年", panels, 6, true};
    size_t i;

    for (i = 0; i < 6; i++) {
        panels[i] = fx_projection();
        panels[i].title = fx_district_names[i];
        panels[i].n_fitted = 0;
        panels[i].fitted = NULL;
        panels[i].probability = 0.15 * (double)i;
    }
    return d;
}

static const struct plot_dash_row fx_rows[] = {
    {"盘锦市 · 高新技术企业 · 2025", 0.27, PLOT_OFF_TRACK},
    {"盘锦市 · 科技型中小企业 · 2025", 0.91, PLOT_ON_TRACK},
    {"盘锦市 · 众创空间 · 2025", 0.66, PLOT_AT_RISK},
    {"兴隆台区 · 高新技术企业 · 2021", 0.85, PLOT_ON_TRACK},
    {"盘锦市 · 孵化器 · 2025", 0.42, PLOT_OFF_TRACK},
};

static struct plot_dashboard fx_dashboard(void)
{
    struct plot_dashboard d = {"目标达成概率一览", "数据截至 2023 年", fx_rows, 5};
    return d;
}

static const struct plot_alloc_row fx_alloc_rows[] = {
    {"兴隆台区", 40, 46, true, 38, 55, false, 0},   {"双台子区", 25, 19, true, 14, 25, false, 0},
    {"大洼区", 30, 33, true, 27, 40, false, 0},     {"盘山县", 20, 12.5, false, 0, 0, false, 0},
    {"辽东湾新区", 15, 18, true, 13, 24, false, 0}, {"高新区", 80, 88, true, 75, 101, false, 0},
};

/* The same with an equal-risk proposal beside the plan (盘山县 without one). */
static const struct plot_alloc_row fx_alloc_proposed_rows[] = {
    {"兴隆台区", 40, 46, true, 38, 55, true, 44},   {"双台子区", 25, 19, true, 14, 25, true, 17},
    {"大洼区", 30, 33, true, 27, 40, true, 31},     {"盘山县", 20, 12.5, false, 0, 0, false, 0},
    {"辽东湾新区", 15, 18, true, 13, 24, true, 17}, {"高新区", 80, 88, true, 75, 101, true, 81},
};

static struct plot_allocation fx_allocation(void)
{
    struct plot_allocation a = {"2025 年高新技术企业目标分解与预期", "家", "分解：按 2023 年占比",
                                fx_alloc_rows, 6};
    return a;
}

static const char *const fx_targets[] = {"高新技术企业", "科技型中小企业", "众创空间", "孵化器"};
static const char *const fx_scenario_names[] = {"基准", "高新区增速 +20%", "悲观"};
static const double fx_scenario_p[] = {0.27, 0.55, 0.1, 0.91, 0.95, 0.8,
                                       0.66, 0.7,  0.4, 0.42, 0.5,  0.2};

static struct plot_scenarios fx_scenarios(void)
{
    struct plot_scenarios s = {
        "情景比较：达成概率", "情景：base, fast, slow", fx_targets, 4, fx_scenario_names, 3,
        fx_scenario_p};
    return s;
}

static const char *const fx_models[] = {"auto", "combo", "theta", "damped", "logistic", "naive"};
static const double fx_smape[] = {14.2, 14.8, 15.1, 16.3, 19.5, 17.9};
static const double fx_cov80[] = {79, 81, 76, 72, 60, 70};
static const struct plot_metric fx_metrics[] = {
    {"sMAPE (%)", fx_smape, false, 0},
    {"80% 区间覆盖率 (%)", fx_cov80, true, 80},
};

static struct plot_backtest fx_backtest(void)
{
    struct plot_backtest b = {
        "回测：各模型预测精度", "M3 年度序列，h = 1..6", fx_models, 6, fx_metrics, 2};
    return b;
}

#endif /* ATTAIN_TESTS_UNIT_TEST_PLOTS_FIXTURES_H */
