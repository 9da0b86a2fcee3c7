/*
 * engine/target_cols.c -- the one table of target columns and the row that
 * fills a view of them by name (target_cols.h).
 */
#include <math.h>
#include <stdio.h>

#include "model.h"
#include "pipeline.h"
#include "plot.h"
#include "target_cols.h"

/*
 * A row per column: its csv/json form, its table form ({0}: as csv/json),
 * its workbook header, width, split sheet and format ({0}: not in the workbook).
 */
/* clang-format off */
const struct target_col_def target_cols[TC_COUNT] = {
    [TC_REGION]          = {OUT_COL_REGION, {0}, {0}},
    [TC_REGION_NAME]     = {{"region_name",     "地区名称",   "region name",     OUT_TEXT, 0, 0}, {0}, {"地区",       14, true,  TX_TEXT}},
    [TC_INDICATOR]       = {OUT_COL_INDICATOR, {0}, {0}},
    [TC_INDICATOR_NAME]  = {{"indicator_name",  "指标名称",   "indicator name",  OUT_TEXT, 0, 0}, {0}, {"指标",       30, false, TX_TEXT}},
    [TC_UNIT]            = {{"unit",            "单位",       "unit",            OUT_TEXT, 0, 0}, {0}, {"单位",       6,  false, TX_TEXT}},
    [TC_DEADLINE]        = {{"deadline",        "期限",       "deadline",        OUT_INT,  0, 0},
                            {"deadline",        "期限",       "deadline",        OUT_TEXT, 0, 0},
                            {"期限",       11, false, TX_TEXT}},
    [TC_KIND]            = {{"kind",            "类型",       "kind",            OUT_TEXT, 0, 0}, {0}, {"类型",       6,  false, TX_TEXT}},
    [TC_TARGET]          = {{"target",          "目标",       "target",          OUT_REAL, 1, 0}, {0}, {"目标值",     10, true,  TX_NUMBER}},
    [TC_BASELINE]        = {{"baseline",        "基数",       "baseline",        OUT_REAL, 1, 0}, {0}, {"基数",       10, true,  TX_NUMBER}},
    [TC_EXPECTED]        = {{"expected",        "预期",       "expected",        OUT_REAL, 1, 0}, {0}, {"预期",       10, true,  TX_NUMBER}},
    [TC_LO80]            = {{"lo80",            "80%下限",    "lo80",            OUT_REAL, 1, 0}, {0}, {"80%下限",    10, true,  TX_NUMBER}},
    [TC_HI80]            = {{"hi80",            "80%上限",    "hi80",            OUT_REAL, 1, 0}, {0}, {"80%上限",    10, true,  TX_NUMBER}},
    [TC_PROBABILITY]     = {{"probability",     "达成概率",   "probability",     OUT_REAL, 2, 0},
                            {"probability",     "达成概率",   "probability",     OUT_TEXT, 0, OUT_COL_RIGHT},
                            {"达成概率",   10, true,  TX_PERCENT}},
    [TC_STATUS]          = {{"status",          "状态",       "status",          OUT_TEXT, 0, 0}, {0}, {"状态",       10, true,  TX_STATUS}},
    [TC_REQUIRED_GROWTH] = {{"required_growth", "所需年增长", "required_growth", OUT_REAL, 4, 0},
                            {"required_growth", "所需年增长", "growth needed",   OUT_TEXT, 0, OUT_COL_RIGHT},
                            {"所需年增长", 12, true,  TX_GROWTH}},
    [TC_REACH_YEAR]      = {{"reach_year",      "达成年份",   "reach_year",      OUT_INT,  0, 0},
                            {"reach_year",      "达成年份",   "reach year",      OUT_INT,  0, 0},
                            {"达成年份",   10, true,  TX_YEAR}},
    [TC_MODEL]           = {OUT_COL_MODEL, {0}, {"模型",       10, false, TX_TEXT}},
    [TC_START]           = {{"start",           "起始年",     "start",           OUT_INT,  0, 0}, {0}, {0}},
    [TC_LEAD_UNIT]       = {{"lead_unit",       "牵头单位",   "lead_unit",       OUT_TEXT, 0, 0}, {0}, {"牵头单位",   24, true,  TX_TEXT}},
    [TC_FLAGS]           = {{"flags",           "标记",       "flags",           OUT_TEXT, 0, 0}, {0}, {0}},
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

const char *target_years_text(const struct pipe_target *t, char *buf, size_t size)
{
    if (t->spec.is_increment && t->spec.start != t->spec.deadline)
        snprintf(buf, size, "%d-%d", t->spec.start, t->spec.deadline);
    else
        snprintf(buf, size, "%d", t->spec.deadline);
    return buf;
}

static void cell_text(struct target_cell *cell, const char *s)
{
    cell->type = OUT_TEXT;
    cell->text = s;
}

static void cell_int(struct target_cell *cell, int64_t v)
{
    cell->type = OUT_INT;
    cell->i = v;
}

static void cell_real(struct target_cell *cell, double v)
{
    cell->type = OUT_REAL;
    cell->x = v;
}

/* A figure of a counted indicator: whole when it is one (its mean is not marked). */
static void cell_count(struct target_cell *cell, double v, bool is_count)
{
    cell_real(cell, v);
    cell->whole = is_count && v == floor(v);
}

void target_cell_get(const struct pipe *p, size_t ti, enum target_col c, bool table, bool zh,
                     const char *flags, struct target_cell *cell)
{
    const struct pipe_target *tg = &p->targets[ti];
    const struct target_result *r = &tg->res;
    const struct pipe_series *s = tg->series >= 0 ? &p->series[tg->series] : NULL;
    bool result = tg->has_result;

    zh = table && zh;
    cell_text(cell, NULL); /* missing unless set below */
    cell->whole = false;
    switch (c) {
    case TC_REGION:
        cell_text(cell, out_name(table, zh, tg->region_code, tg->region_name, NULL));
        break;
    case TC_REGION_NAME:
        cell_text(cell, tg->region_name);
        break;
    case TC_INDICATOR:
        cell_text(cell, out_name(table, zh, tg->indicator_code, tg->indicator_name,
                                 tg->indicator_name_en));
        break;
    case TC_INDICATOR_NAME:
        cell_text(cell, tg->indicator_name);
        break;
    case TC_UNIT:
        cell_text(cell, tg->unit);
        break;
    case TC_DEADLINE:
        if (table)
            cell_text(cell, target_years_text(tg, cell->buf, sizeof cell->buf));
        else
            cell_int(cell, tg->spec.deadline);
        break;
    case TC_KIND:
        cell_text(cell, target_kind_label(tg, zh));
        break;
    case TC_TARGET:
        cell_count(cell, tg->spec.value, s && s->is_count);
        break;
    case TC_EXPECTED:
        if (result)
            cell_real(cell, r->expected);
        break;
    case TC_BASELINE:
    case TC_LO80:
    case TC_HI80:
        if (result)
            cell_count(cell,
                       c == TC_BASELINE ? r->baseline
                       : c == TC_LO80   ? r->lo80
                                        : r->hi80,
                       s && s->is_count);
        break;
    case TC_PROBABILITY:
        if (result && table) {
            /* As the charts say it: rounded down, never across a status threshold. */
            plot_percent(cell->buf, sizeof cell->buf, r->probability);
            cell_text(cell, cell->buf);
        } else if (result) {
            cell_real(cell, r->probability);
        }
        break;
    case TC_STATUS:
        if (result)
            cell_text(cell, target_status_label(r->status, zh));
        break;
    case TC_REQUIRED_GROWTH:
        if (result && r->has_required_growth && table) {
            snprintf(cell->buf, sizeof cell->buf, "%.1f%%", 100.0 * r->required_growth);
            cell_text(cell, cell->buf);
        } else if (result && r->has_required_growth) {
            cell_real(cell, r->required_growth);
        }
        break;
    case TC_REACH_YEAR:
        if (result && r->has_reach_year)
            cell_int(cell, r->reach_year);
        break;
    case TC_MODEL:
        if (s && s->ok)
            cell_text(cell, s->model);
        break;
    case TC_START:
        cell_int(cell, tg->spec.start);
        break;
    case TC_LEAD_UNIT:
        cell_text(cell, tg->lead_unit);
        break;
    case TC_FLAGS:
        cell_text(cell, flags);
        break;
    case TC_COUNT:
        break;
    }
}

void target_view_row(struct out_table *t, const struct target_view *v, const struct pipe *p,
                     size_t ti, const char *flags)
{
    struct target_cell cell;
    size_t c;

    out_row(t);
    for (c = 0; c < TC_COUNT; c++) {
        if (v->pos[c] < 0)
            continue;
        target_cell_get(p, ti, (enum target_col)c, v->table, v->zh, flags, &cell);
        if (cell.type == OUT_INT)
            out_int(t, (size_t)v->pos[c], cell.i);
        else if (cell.type == OUT_REAL && cell.whole)
            out_whole(t, (size_t)v->pos[c], cell.x);
        else if (cell.type == OUT_REAL)
            out_real(t, (size_t)v->pos[c], cell.x);
        else
            out_text(t, (size_t)v->pos[c], cell.text);
    }
}
