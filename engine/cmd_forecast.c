/*
 * engine/cmd_forecast.c -- `attain forecast`: fit, choose and forecast every
 * selected series.  One row per series and future
 * year: region,indicator,period,model,point,lo95,lo80,lo50,median,hi50,hi80,
 * hi95; with --format json one object per series with the model's params,
 * their standard errors, the note and the forecast.  `point` is the mean of
 * the reconciled paths, so district points add up to the city's.
 *
 * In table format the notes (fallbacks, year-to-date projections,
 * reconciliation) follow the table, one line per series that has one; csv
 * holds exactly the columns above.  With --scenario FILE the scenario's
 * levers act on every path first (engine/scenario.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "messages.h"
#include "names.h"
#include "output.h"
#include "pipeline.h"
#include "xalloc.h"

/* clang-format off */
static const struct out_col cols[] = {
    OUT_COL_REGION,
    OUT_COL_INDICATOR,
    {"period",    "年份",   "period",    OUT_TEXT, 0, 0},
    OUT_COL_MODEL,
    {"point",     "预测值", "point",     OUT_REAL, 1, 0},
    {"lo95",      "95%下限", "lo95",     OUT_REAL, 1, 0},
    {"lo80",      "80%下限", "lo80",     OUT_REAL, 1, 0},
    {"lo50",      "50%下限", "lo50",     OUT_REAL, 1, 0},
    {"median",    "中位数", "median",    OUT_REAL, 1, 0},
    {"hi50",      "50%上限", "hi50",     OUT_REAL, 1, 0},
    {"hi80",      "80%上限", "hi80",     OUT_REAL, 1, 0},
    {"hi95",      "95%上限", "hi95",     OUT_REAL, 1, 0},
};
/* clang-format on */
#define NCOLS (sizeof cols / sizeof cols[0])

/* The quantile behind each of columns 5..11. */
static const enum pipe_q col_q[] = {PIPE_LO95, PIPE_LO80, PIPE_LO50, PIPE_MEDIAN,
                                    PIPE_HI50, PIPE_HI80, PIPE_HI95};

/* How many future years of series s to report. */
static size_t rows_of(const struct pipe_series *s, const struct pipe_cli *fo)
{
    long n;

    if (fo->until)
        n = (long)fo->until - s->first_year + 1;
    else
        n = (long)fo->horizon;
    if (n < 0)
        n = 0;
    return (size_t)n < s->nq ? (size_t)n : s->nq;
}

static int write_table(const struct pipe *p, const struct pipe_cli *fo, struct att_ctx *ctx)
{
    struct out_table *t = out_table_new(cols, NCOLS);
    bool zh = ctx->lang == ATT_LANG_ZH, table = ctx->format == ATT_FMT_TABLE;
    size_t i, j, k;
    const double *q;
    bool whole;
    int rc;

    for (i = 0; i < p->n_series; i++) {
        const struct pipe_series *s = &p->series[i];
        if (!s->reported || !s->ok)
            continue;
        for (j = 0; j < rows_of(s, fo); j++) {
            char period[16];
            snprintf(period, sizeof period, "%d", s->first_year + (int)j);
            out_row(t);
            out_text(t, 0, out_name(table, zh, s->region_code, s->region_name, NULL));
            out_text(
                t, 1,
                out_name(table, zh, s->indicator_code, s->indicator_name, s->indicator_name_en));
            out_text(t, 2, period);
            out_text(t, 3, s->model);
            out_real(t, 4, s->mean[j]);
            /* A count's quantiles are whole (closed-form ones may not be): no decimals then. */
            q = s->q + j * PIPE_NQ;
            whole = s->is_count;
            for (k = 0; k < 7; k++)
                whole = whole && q[col_q[k]] == floor(q[col_q[k]]);
            for (k = 0; k < 7; k++)
                (whole ? out_whole : out_real)(t, 5 + k, q[col_q[k]]);
        }
    }
    rc = out_table_print(t, ctx);
    out_table_free(t);
    if (rc || !table)
        return rc;
    for (i = 0, k = 0; i < p->n_series; i++) {
        const struct pipe_series *s = &p->series[i];
        bool past = s->ok && fo->until && rows_of(s, fo) == 0;
        const char *note = zh ? s->note_zh : s->note;
        if (!s->reported || ((!note || !*note) && !past))
            continue;
        if (k++ == 0)
            printf("\n%s\n", zh ? "注:" : "notes:");
        printf("  %s %s: ", out_name(true, zh, s->region_code, s->region_name, NULL),
               out_name(true, zh, s->indicator_code, s->indicator_name, s->indicator_name_en));
        if (past)
            printf(zh ? "数据已到 %d 年, 到 --until %d 为止没有需要预测的年份%s"
                      : "figures reach %d already: nothing to forecast up to --until %d%s",
                   s->first_year - 1, (int)fo->until, note && *note ? "; " : "");
        printf("%s\n", note ? note : "");
    }
    return ATT_OK;
}

static cJSON *series_json(const struct pipe_series *s, const struct pipe_cli *fo)
{
    cJSON *obj = cJSON_CreateObject(), *params = cJSON_CreateObject();
    cJSON *se = cJSON_CreateObject(), *fc = cJSON_CreateArray();
    size_t i, j, k;

    cJSON_AddStringToObject(obj, "region", s->region_code);
    cJSON_AddStringToObject(obj, "indicator", s->indicator_code);
    if (s->ok) {
        cJSON_AddStringToObject(obj, "model", s->model);
        if (s->fit.combo) {
            /* A combination's parameters are its members' weights. */
            for (i = 0; i < s->fit.n_members; i++)
                cJSON_AddNumberToObject(params, model_kind_name(s->fit.kinds[i]),
                                        s->fit.weights[i]);
        } else {
            const struct pipe_fit *f = &s->fit;
            for (i = 0; i < f->n_params; i++) {
                cJSON_AddNumberToObject(params, f->param_names[i], f->params[i]);
                cJSON_AddNumberToObject(se, f->param_names[i], f->se[i]);
            }
        }
    } else {
        cJSON_AddNullToObject(obj, "model");
    }
    cJSON_AddItemToObject(obj, "params", params);
    cJSON_AddItemToObject(obj, "stderr", se);
    cJSON_AddStringToObject(obj, "note", s->note ? s->note : "");
    if (s->ok) {
        for (j = 0; j < rows_of(s, fo); j++) {
            cJSON *row = cJSON_CreateObject();
            char period[16];
            snprintf(period, sizeof period, "%d", s->first_year + (int)j);
            cJSON_AddStringToObject(row, "period", period);
            cJSON_AddNumberToObject(row, "point", s->mean[j]);
            for (k = 0; k < 7; k++)
                cJSON_AddNumberToObject(row, cols[5 + k].key, s->q[j * PIPE_NQ + col_q[k]]);
            cJSON_AddItemToArray(fc, row);
        }
    }
    cJSON_AddItemToObject(obj, "forecast", fc);
    return obj;
}

static int write_json(const struct pipe *p, const struct pipe_cli *fo, struct att_ctx *ctx)
{
    size_t i, k = 0;

    fputs("[", stdout);
    for (i = 0; i < p->n_series; i++) {
        cJSON *obj;
        char *text;
        if (!p->series[i].reported)
            continue;
        obj = series_json(&p->series[i], fo);
        text = cJSON_PrintUnformatted(obj);
        cJSON_Delete(obj);
        if (!text)
            return att_errf(&ctx->err, ATT_EINTERNAL, tr("cannot format json"));
        printf("%s\n%s", k++ ? "," : "", text);
        free(text);
    }
    fputs(k ? "\n]\n" : "]\n", stdout);
    return ATT_OK;
}

/* `attain forecast --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_forecast_usage[] =
    "usage: attain forecast [--region R] [--indicator I] [--until YYYY | --horizon H]\n"
    "                       [--model M] [--as-of YYYY[-MM]] [--shard K/N]\n"
    "                       [--scenario FILE]\n"
    "\n"
    "One row per series and future year: region,indicator,period,model,point,\n"
    "lo95,lo80,lo50,median,hi50,hi80,hi95 (point = mean of the simulated paths;\n"
    "districts add up to their city path by path).  Each run is recorded in 'runs'.\n"
    "\n"
    "  --region R       report only region R (code or Chinese name)\n"
    "  --indicator I    only indicator I (code or Chinese name)\n"
    "  --until YYYY     forecast to the end of YYYY\n"
    "  --horizon H      or H years past the last annual figure (default 5)\n"
    "  --model M        auto (default), combo,{models}\n"
    "  --as-of P        ignore data after P (YYYY or YYYY-MM)\n"
    "  --shard K/N      only the K-th of N parts of the work (1 <= K <= N): the N\n"
    "                   parts' rows together are a whole run's (README: sharding)\n"
    "  --scenario FILE  with the levers of a scenario file (see 'attain scenario')\n";
/* clang-format on */

int cmd_forecast(int argc, char **argv, struct att_ctx *ctx)
{
    struct pipe_cli fo;
    struct pipe_opts po;
    struct pipe *p = NULL;
    int rc;

    rc = pipe_cli_opts(argc, argv, ctx, PIPE_CLI_HORIZON | PIPE_CLI_SHARD, &fo, &po);
    if (!rc) {
        po.progress = isatty(STDERR_FILENO);
        rc = pipe_run(ctx->db, &po, &p, &ctx->err);
    }
    if (!rc)
        rc = pipe_record_run(ctx->db, "forecast", argc, argv, &po, p, &ctx->err);
    if (!rc)
        rc = ctx->format == ATT_FMT_JSON ? write_json(p, &fo, ctx) : write_table(p, &fo, ctx);
    pipe_free(p);
    pipe_cli_release(&fo);
    return rc;
}
