/*
 * engine/report_backtest.c -- the data of the `backtest` chart: the model
 * summary rows of `attain backtest --format csv` (report.h,
 * report_backtest), read with libcsv and the loader's number rules
 * (text_number), so that a file attain wrote -- BOM and all -- reads back.
 */
#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "messages.h"
#include "plot.h"
#include "report.h"
#include "text.h"
#include "xalloc.h"

enum {
    BT_MODEL,
    BT_FORECASTS,
    BT_SMAPE,
    BT_MASE,
    BT_COVER80,
    BT_COVER95,
    BT_REGION,
    BT_INDICATOR,
    BT_NCOLS
};
static const char *const bt_cols[BT_NCOLS] = {"model",   "forecasts", "smape",  "mase",
                                              "cover80", "cover95",   "region", "indicator"};

/* The parser's state: the header's columns, the current row, what was read. */
struct bt_read {
    struct arena *arena;
    const char *path;
    int col[BT_NCOLS]; /* field index of each column, -1 if absent */
    char *field[BT_NCOLS];
    size_t nfield, line;
    bool header_done;
    char **models;
    double *v[4]; /* smape, mase, cover80, cover95 per model */
    size_t n, cap;
    double *forecasts; /* per model: the forecasts behind its summary row */
    size_t n_series;   /* per-series rows' distinct (region, indicator) pairs */
    char *last;        /* the previous per-series row's "region,indicator" */
    struct att_err *err;
    int rc;
};

static void bt_on_field(void *data, size_t len, void *arg)
{
    struct bt_read *r = arg;
    size_t k;

    if (!r->header_done) {
        for (k = 0; k < BT_NCOLS; k++)
            if (strlen(bt_cols[k]) == len && memcmp(data, bt_cols[k], len) == 0)
                r->col[k] = (int)r->nfield;
    } else {
        for (k = 0; k < BT_NCOLS; k++)
            if (r->col[k] == (int)r->nfield)
                r->field[k] = arena_printf(r->arena, "%.*s", (int)len, (const char *)data);
    }
    r->nfield++;
}

static void bt_on_row(int c, void *arg)
{
    struct bt_read *r = arg;
    double x[5];
    size_t k;

    (void)c;
    r->line++;
    if (r->rc)
        return;
    if (!r->header_done) {
        r->header_done = true;
        for (k = 0; k < BT_NCOLS; k++)
            if (r->col[k] < 0) {
                r->rc =
                    att_errf_at(r->err, ATT_EDATA, r->path, 1, 1,
                                tr("not the output of 'attain backtest --format csv': no column "
                                   "'%s'"),
                                bt_cols[k]);
                return;
            }
    } else if ((!r->field[BT_REGION] || !*r->field[BT_REGION]) &&
               (!r->field[BT_INDICATOR] || !*r->field[BT_INDICATOR]) && r->field[BT_MODEL] &&
               *r->field[BT_MODEL]) {
        /* A summary row (region and indicator empty): one model over every series. */
        for (k = 0; k < 5; k++) {
            const char *t = r->field[BT_FORECASTS + k];

            if (!t || text_number(t, &x[k]) != TEXT_NUMBER_OK || x[k] < 0) {
                r->rc = att_errf_at(r->err, ATT_EDATA, r->path, r->line,
                                    (unsigned long)r->col[BT_FORECASTS + k] + 1,
                                    tr("'%s' is not a number >= 0 (column '%s')"), t ? t : "",
                                    bt_cols[BT_FORECASTS + k]);
                return;
            }
        }
        if (r->n == r->cap) {
            size_t cap = r->cap ? 2 * r->cap : 16, j;

            r->models = xrealloc(r->models, cap * sizeof *r->models);
            r->forecasts = xrealloc(r->forecasts, cap * sizeof *r->forecasts);
            for (j = 0; j < 4; j++)
                r->v[j] = xrealloc(r->v[j], cap * sizeof *r->v[j]);
            r->cap = cap;
        }
        r->models[r->n] = r->field[BT_MODEL];
        r->v[0][r->n] = x[1];
        r->v[1][r->n] = x[2];
        r->v[2][r->n] = 100 * x[3];
        r->v[3][r->n] = 100 * x[4];
        r->forecasts[r->n] = x[0];
        r->n++;
    } else if (r->field[BT_REGION] && r->field[BT_INDICATOR]) {
        /* A series' row: the rows of one series come together. */
        char *key = arena_printf(r->arena, "%s\n%s", r->field[BT_REGION], r->field[BT_INDICATOR]);

        if (!r->last || strcmp(r->last, key) != 0)
            r->n_series++;
        r->last = key;
    }
    for (k = 0; k < BT_NCOLS; k++)
        r->field[k] = NULL;
    r->nfield = 0;
}

int report_backtest(struct report_src *src, const char *path, struct plot_backtest *out)
{
    FILE *f = fopen(path, "rb");
    int rc;

    memset(out, 0, sizeof *out);
    if (!f)
        return att_errf(src->err, ATT_ENOINPUT, tr("cannot open '%s': %s"), path, strerror(errno));
    rc = report_backtest_read(src, path, f, out);
    fclose(f);
    return rc;
}

int report_backtest_read(struct report_src *src, const char *path, FILE *f,
                         struct plot_backtest *out)
{
    struct bt_read r;
    struct csv_parser p;
    char buf[65536];
    size_t got, j;
    bool zh = src->zh, first = true;
    struct plot_metric *m;

    memset(&r, 0, sizeof r);
    memset(out, 0, sizeof *out);
    r.arena = &src->arena;
    r.path = path;
    r.err = src->err;
    for (j = 0; j < BT_NCOLS; j++)
        r.col[j] = -1;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return att_errf(src->err, ATT_EINTERNAL, tr("cannot start the CSV parser"));
    while (!r.rc && (got = fread(buf, 1, sizeof buf, f)) > 0) {
        size_t skip = 0;

        /* A UTF-8 BOM, as attain writes into files named *.csv. */
        if (first && got >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
            skip = 3;
        first = false;
        if (csv_parse(&p, buf + skip, got - skip, bt_on_field, bt_on_row, &r) != got - skip &&
            !r.rc)
            r.rc = att_errf_at(src->err, ATT_EDATA, path, r.line + 1, 1, "%s",
                               csv_strerror(csv_error(&p)));
    }
    if (!r.rc && ferror(f))
        r.rc = att_errf(src->err, ATT_EIO, tr("cannot read '%s': %s"), path, strerror(errno));
    if (!r.rc)
        csv_fini(&p, bt_on_field, bt_on_row, &r);
    csv_free(&p);
    if (!r.rc && !r.header_done)
        r.rc = att_errf_at(src->err, ATT_EDATA, path, 1, 1, tr("empty file"));
    if (!r.rc && r.n == 0)
        r.rc = att_errf(src->err, ATT_EDATA,
                        tr("'%s' has no summary rows (region and indicator empty) to draw"), path);
    if (!r.rc) {
        char **models = arena_alloc(&src->arena, r.n * sizeof *models);
        double lo = r.forecasts[0], hi = r.forecasts[0];
        char range[64];

        for (j = 1; j < r.n; j++) {
            lo = r.forecasts[j] < lo ? r.forecasts[j] : lo;
            hi = r.forecasts[j] > hi ? r.forecasts[j] : hi;
        }
        if (lo == hi)
            snprintf(range, sizeof range, "%.0f", hi);
        else
            snprintf(range, sizeof range, "%.0f–%.0f", lo, hi);
        m = arena_alloc(&src->arena, 4 * sizeof *m);
        for (j = 0; j < 4; j++) {
            double *v = arena_alloc(&src->arena, r.n * sizeof *v);

            memcpy(v, r.v[j], r.n * sizeof *v);
            m[j].values = v;
        }
        /* Each model's own count beside its name when they differ (a model that
           cannot be fitted somewhere is scored on fewer forecasts). */
        for (j = 0; j < r.n; j++)
            models[j] = lo == hi
                            ? r.models[j]
                            : arena_printf(&src->arena, "%s (%.0f)", r.models[j], r.forecasts[j]);
        m[0].name = zh ? "sMAPE（%，越小越好）" : "sMAPE (%, lower is better)";
        m[1].name = zh ? "MASE（越小越好）" : "MASE (lower is better)";
        m[1].has_reference = true; /* 1: as good as the naive forecast in sample */
        m[1].reference = 1;
        m[2].name = zh ? "80% 区间覆盖率（%）" : "80% interval coverage (%)";
        m[2].has_reference = true;
        m[2].reference = 80;
        m[3].name = zh ? "95% 区间覆盖率（%）" : "95% interval coverage (%)";
        m[3].has_reference = true;
        m[3].reference = 95;
        out->models = (const char *const *)models;
        out->n_models = r.n;
        out->metrics = m;
        out->n_metrics = 4;
        out->title =
            zh ? arena_printf(&src->arena, "回测：%zu 条序列上各模型预测精度（每个模型 %s 次预测）",
                              r.n_series, range)
               : arena_printf(&src->arena,
                              "Backtest on %zu series: accuracy of each model (%s "
                              "forecasts per model)",
                              r.n_series, range);
        out->footnote = zh ? arena_printf(&src->arena,
                                          "来源：%s；%s虚线为参照：MASE 1 = 样本内朴素预测，"
                                          "覆盖率为名义水平",
                                          path, lo == hi ? "" : "模型名后为其预测次数；")
                           : arena_printf(&src->arena,
                                          "source: %s; %sdashed lines: MASE 1 = in-sample naive "
                                          "forecast, nominal coverage",
                                          path, lo == hi ? "" : "(n) forecasts of the model; ");
    }
    free(r.models);
    free(r.forecasts);
    for (j = 0; j < 4; j++)
        free(r.v[j]);
    return r.rc;
}
