/*
 * engine/target_cols.c -- the one table of target columns and the row that
 * fills a view of them by name (target_cols.h).
 */
#include <stdio.h>

#include "model.h"
#include "pipeline.h"
#include "plot.h"
#include "target_cols.h"

/* clang-format off */
const struct target_col_def target_cols[TC_COUNT] = {
    [TC_REGION]          = {OUT_COL_REGION, {0}},
    [TC_REGION_NAME]     = {{"region_name",     "地区名称",   "region name",     OUT_TEXT, 0, 0}, {0}},
    [TC_INDICATOR]       = {OUT_COL_INDICATOR, {0}},
    [TC_INDICATOR_NAME]  = {{"indicator_name",  "指标名称",   "indicator name",  OUT_TEXT, 0, 0}, {0}},
    [TC_UNIT]            = {{"unit",            "单位",       "unit",            OUT_TEXT, 0, 0}, {0}},
    [TC_DEADLINE]        = {{"deadline",        "期限",       "deadline",        OUT_INT,  0, 0},
                            {"deadline",        "期限",       "deadline",        OUT_TEXT, 0, 0}},
    [TC_KIND]            = {{"kind",            "类型",       "kind",            OUT_TEXT, 0, 0}, {0}},
    [TC_TARGET]          = {{"target",          "目标",       "target",          OUT_REAL, 1, 0}, {0}},
    [TC_BASELINE]        = {{"baseline",        "基数",       "baseline",        OUT_REAL, 1, 0}, {0}},
    [TC_EXPECTED]        = {{"expected",        "预期",       "expected",        OUT_REAL, 1, 0}, {0}},
    [TC_LO80]            = {{"lo80",            "80%下限",    "lo80",            OUT_REAL, 1, 0}, {0}},
    [TC_HI80]            = {{"hi80",            "80%上限",    "hi80",            OUT_REAL, 1, 0}, {0}},
    [TC_PROBABILITY]     = {{"probability",     "达成概率",   "probability",     OUT_REAL, 2, 0},
                            {"probability",     "达成概率",   "probability",     OUT_TEXT, 0, OUT_COL_RIGHT}},
    [TC_STATUS]          = {{"status",          "状态",       "status",          OUT_TEXT, 0, 0}, {0}},
    [TC_REQUIRED_GROWTH] = {{"required_growth", "所需年增长", "required_growth", OUT_REAL, 4, 0},
                            {"required_growth", "所需年增长", "growth needed",   OUT_TEXT, 0, OUT_COL_RIGHT}},
    [TC_REACH_YEAR]      = {{"reach_year",      "达成年份",   "reach_year",      OUT_INT,  0, 0},
                            {"reach_year",      "达成年份",   "reach year",      OUT_INT,  0, 0}},
    [TC_MODEL]           = {OUT_COL_MODEL, {0}},
    [TC_START]           = {{"start",           "起始年",     "start",           OUT_INT,  0, 0}, {0}},
    [TC_LEAD_UNIT]       = {{"lead_unit",       "牵头单位",   "lead_unit",       OUT_TEXT, 0, 0}, {0}},
    [TC_FLAGS]           = {{"flags",           "标记",       "flags",           OUT_TEXT, 0, 0}, {0}},
};
/* clang-format on */

void target_view_init(struct target_view *v, const enum target_col *cols, size_t n, bool table,
                      bool zh)
{
    size_t i;

    for (i = 0; i < TC_COUNT; i++)
        v->pos[i] = -1;
    v->n = 0;
    v->table = table;
    v->zh = zh;
    for (i = 0; i < n && i < TC_COUNT; i++) {
        const struct target_col_def *d = &target_cols[cols[i]];
        v->cols[v->n] = table && d->table.key ? d->table : d->machine;
        v->pos[cols[i]] = (int)v->n++;
    }
}

const char *target_kind_label(const struct pipe_target *t, bool zh)
{
    if (!zh)
        return t->spec.is_increment ? "increment" : "level";
    return t->spec.is_increment ? "新增" : "达到";
}

const char *target_status_label(enum target_status st, bool zh)
{
    if (!zh)
        return model_target_status_name(st);
    switch (st) {
    case TARGET_ON_TRACK:
        return "有望完成";
    case TARGET_AT_RISK:
        return "有风险";
    default:
        return "落后";
    }
}

static void put_text(struct out_table *t, const struct target_view *v, enum target_col c,
                     const char *s)
{
    if (v->pos[c] >= 0)
        out_text(t, (size_t)v->pos[c], s);
}

static void put_int(struct out_table *t, const struct target_view *v, enum target_col c, int64_t x)
{
    if (v->pos[c] >= 0)
        out_int(t, (size_t)v->pos[c], x);
}

static void put_real(struct out_table *t, const struct target_view *v, enum target_col c, double x)
{
    if (v->pos[c] >= 0)
        out_real(t, (size_t)v->pos[c], x);
}

void target_view_row(struct out_table *t, const struct target_view *v, const struct pipe *p,
                     size_t ti, const char *flags)
{
    const struct pipe_target *tg = &p->targets[ti];
    const struct target_result *r = &tg->res;
    const struct pipe_series *s = tg->series >= 0 ? &p->series[tg->series] : NULL;
    bool table = v->table, zh = v->table && v->zh;
    char buf[32];

    out_row(t);
    put_text(t, v, TC_REGION, out_name(table, zh, tg->region_code, tg->region_name, NULL));
    put_text(t, v, TC_REGION_NAME, tg->region_name);
    put_text(t, v, TC_INDICATOR,
             out_name(table, zh, tg->indicator_code, tg->indicator_name, tg->indicator_name_en));
    put_text(t, v, TC_INDICATOR_NAME, tg->indicator_name);
    put_text(t, v, TC_UNIT, tg->unit);
    if (table) {
        if (tg->spec.is_increment && tg->spec.start != tg->spec.deadline)
            snprintf(buf, sizeof buf, "%d-%d", tg->spec.start, tg->spec.deadline);
        else
            snprintf(buf, sizeof buf, "%d", tg->spec.deadline);
        put_text(t, v, TC_DEADLINE, buf);
    } else {
        put_int(t, v, TC_DEADLINE, tg->spec.deadline);
    }
    put_text(t, v, TC_KIND, target_kind_label(tg, zh));
    put_real(t, v, TC_TARGET, tg->spec.value);
    if (tg->has_result) {
        put_real(t, v, TC_BASELINE, r->baseline);
        put_real(t, v, TC_EXPECTED, r->expected);
        put_real(t, v, TC_LO80, r->lo80);
        put_real(t, v, TC_HI80, r->hi80);
        if (table) {
            /* As the charts say it: rounded down, never across a status threshold. */
            plot_percent(buf, sizeof buf, r->probability);
            put_text(t, v, TC_PROBABILITY, buf);
        } else {
            put_real(t, v, TC_PROBABILITY, r->probability);
        }
        put_text(t, v, TC_STATUS, target_status_label(r->status, zh));
        if (r->has_required_growth) {
            if (table) {
                snprintf(buf, sizeof buf, "%.1f%%", 100.0 * r->required_growth);
                put_text(t, v, TC_REQUIRED_GROWTH, buf);
            } else {
                put_real(t, v, TC_REQUIRED_GROWTH, r->required_growth);
            }
        }
        if (r->has_reach_year)
            put_int(t, v, TC_REACH_YEAR, r->reach_year);
    }
    if (s && s->ok)
        put_text(t, v, TC_MODEL, s->model);
    put_int(t, v, TC_START, tg->spec.start);
    put_text(t, v, TC_LEAD_UNIT, tg->lead_unit);
    put_text(t, v, TC_FLAGS, flags);
}
