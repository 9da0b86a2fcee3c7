/*
 * engine/cmd_backtest.c -- `attain backtest`: rolling-origin evaluation of
 * every model on every series.
 *
 * An origin is a calendar year Y: the forecast the product would have made
 * "as of Y" (pipe_run with --as-of Y, so fallbacks, year-to-date projections
 * and reconciliation are exactly those of `attain forecast`) is scored
 * against the annual figures of Y+1 .. Y+H that are in the database.  The
 * origins are the N years before the latest annual figure of the selected
 * series.  Each model -- auto, combo and every named model -- is run once
 * per origin; where a named model cannot be fitted (`forecast --model`
 * would fall back to a simpler one) that forecast is not scored, and that
 * origin is then scored for none of the series' models, so every model of a
 * series is compared on the same origins and years (common_origins).
 *
 * Per series and model: the forecasts scored, MAE, sMAPE, MASE (MAE over the
 * series' mean absolute yearly change, the scale of the M3 scoring), the
 * share of actual values inside the 80% and 95% intervals, and the model's
 * rank within the series by MASE (then sMAPE).  After them, one summary row
 * per model (region and indicator empty): its MASE averaged over series,
 * MAE, sMAPE and coverage pooled over every forecast, ranked by that MASE
 * (then sMAPE).  The run is recorded in 'runs'.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bt_targets.h"
#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "messages.h"
#include "model.h"
#include "names.h"
#include "output.h"
#include "pipeline.h"
#include "progress.h"
#include "xalloc.h"

#define BT_MAX_ORIGINS 20
#define BT_MAX_HORIZON 10

/* The models evaluated, in output order: auto, combo, then model.h's order. */
#define BT_N_MODELS (2 + MODEL_KIND_COUNT)

static const char *bt_model_name(size_t m)
{
    if (m == 0)
        return "auto";
    if (m == 1)
        return "combo";
    return model_kind_name((enum model_kind)(m - 2));
}

/* clang-format off */
static const struct out_col cols[] = {
    OUT_COL_REGION,
    OUT_COL_INDICATOR,
    OUT_COL_MODEL,
    {"forecasts", "预测点数",  "forecasts", OUT_INT,  0, 0},
    {"mae",       "MAE",       "MAE",       OUT_REAL, 3, 0},
    {"smape",     "sMAPE",     "sMAPE",     OUT_REAL, 2, 0},
    {"mase",      "MASE",      "MASE",      OUT_REAL, 3, 0},
    {"cover80",   "80%覆盖率", "cover80",   OUT_REAL, 3, 0},
    {"cover95",   "95%覆盖率", "cover95",   OUT_REAL, 3, 0},
    {"rank",      "排名",      "rank",      OUT_INT,  0, 0},
};
/* clang-format on */
#define NCOLS (sizeof cols / sizeof cols[0])

/* Error sums of one series and model (or one model over all series). */
struct acc {
    size_t n;       /* forecasts scored */
    double abs_err; /* sum |y - f| */
    double smape;   /* sum 200 |y - f| / (|y| + |f|) */
    size_t in80, in95;
    double mase_sum; /* summary only: sum over series of their MASE */
    size_t mase_n;   /* summary only: series with a MASE */
};

/* One series of the selection, with its full annual history. */
struct bt_series {
    int64_t region_id, indicator_id;
    const char *region_code, *indicator_code;   /* copied from the first pipe */
    const char *region_label, *indicator_label; /* what the listing shows (out_name) */
    double *year, *value;                       /* annual observations */
    size_t n;
    double scale; /* mean absolute change between consecutive annual figures, 0 if none */
};

/* The annual value of year `year`, or false. */
static bool actual_of(const struct bt_series *s, double year, double *v)
{
    size_t i;

    for (i = 0; i < s->n && s->year[i] <= year; i++) /* a few dozen years: a scan will do */
        if (s->year[i] == year) {
            *v = s->value[i];
            return true;
        }
    return false;
}

/* The series with these ids; `all` is ordered by region id, then indicator id. */
static struct bt_series *find_series(struct bt_series *all, size_t n, int64_t region_id,
                                     int64_t indicator_id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct bt_series *b = &all[mid];
        if (b->region_id < region_id ||
            (b->region_id == region_id && b->indicator_id < indicator_id))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && all[lo].region_id == region_id && all[lo].indicator_id == indicator_id)
        return &all[lo];
    return NULL;
}

/*
 * Score one pipe (one model, origin number oi of no) into
 * acc[(series * BT_N_MODELS + m) * no + oi].
 */
static void score_pipe(const struct pipe *p, int origin, size_t horizon, size_t m, size_t oi,
                       size_t no, struct bt_series *all, size_t n_all, struct acc *acc)
{
    size_t i, j;

    for (i = 0; i < p->n_series; i++) {
        const struct pipe_series *s = &p->series[i];
        struct bt_series *b;
        struct acc *a;
        if (!s->reported || !s->ok)
            continue;
        /* A named model that fell back is not that model: not scored. */
        if (m >= 2 && strcmp(s->model, bt_model_name(m)) != 0)
            continue;
        b = find_series(all, n_all, s->region_id, s->indicator_id);
        if (!b)
            continue;
        a = &acc[((size_t)(b - all) * BT_N_MODELS + m) * no + oi];
        for (j = 0; j < s->nq; j++) {
            double year = (double)s->first_year + (double)j, y, f;
            const double *q = s->q + j * PIPE_NQ;
            if (year <= (double)origin || year > (double)origin + (double)horizon)
                continue;
            if (!actual_of(b, year, &y))
                continue;
            f = s->mean[j];
            a->n++;
            a->abs_err += fabs(y - f);
            a->smape += model_smape(&y, &f, 1); /* summed here, averaged at the end */
            a->in80 += y >= q[PIPE_LO80] && y <= q[PIPE_HI80];
            a->in95 += y >= q[PIPE_LO95] && y <= q[PIPE_HI95];
        }
    }
}

/*
 * Like with like: a series' models are scored on the same origins.  The
 * models that produced a forecast of the series at some origin are its
 * scored models; an origin counts, for all of them, only where every one of
 * them produced one (a named model that could not be fitted there, and so
 * fell back, takes that origin out for all).  acc[series * BT_N_MODELS + m]
 * gets the sums over those origins; a model never fitted shows 0 forecasts.
 */
static void common_origins(const struct acc *acc_o, size_t n_all, size_t no, struct acc *acc)
{
    size_t i, m, o;

    for (i = 0; i < n_all; i++) {
        bool present[BT_N_MODELS];
        for (m = 0; m < BT_N_MODELS; m++) {
            present[m] = false;
            for (o = 0; o < no; o++)
                present[m] = present[m] || acc_o[(i * BT_N_MODELS + m) * no + o].n > 0;
        }
        for (o = 0; o < no; o++) {
            bool all_there = true;
            for (m = 0; m < BT_N_MODELS; m++)
                all_there = all_there && (!present[m] || acc_o[(i * BT_N_MODELS + m) * no + o].n);
            if (!all_there)
                continue;
            for (m = 0; m < BT_N_MODELS; m++) {
                const struct acc *x = &acc_o[(i * BT_N_MODELS + m) * no + o];
                struct acc *a = &acc[i * BT_N_MODELS + m];
                a->n += x->n;
                a->abs_err += x->abs_err;
                a->smape += x->smape;
                a->in80 += x->in80;
                a->in95 += x->in95;
            }
        }
    }
}

static double mase_of(const struct acc *a, const struct bt_series *s)
{
    return s->scale > 0 && a->n > 0 ? a->abs_err / (double)a->n / s->scale : NAN;
}

/* Rank order of models m[0..k-1] by key (NaN last), ties by model order. */
static void rank_models(const double *key, const double *key2, size_t *order, size_t k)
{
    size_t i, j;

    for (i = 0; i < k; i++)
        order[i] = i;
    for (i = 1; i < k; i++) {
        size_t v = order[i];
        for (j = i; j > 0; j--) {
            size_t u = order[j - 1];
            bool before;
            if (isnan(key[v]))
                before = false;
            else if (isnan(key[u]))
                before = true;
            else
                before = key[v] < key[u] || (key[v] == key[u] && key2[v] < key2[u]);
            if (!before)
                break;
            order[j] = u;
        }
        order[j] = v;
    }
}

static void put_row(struct out_table *t, const char *region, const char *indicator,
                    const char *model, const struct acc *a, double mae, double mase, size_t rank)
{
    out_row(t);
    out_text(t, 0, region);
    out_text(t, 1, indicator);
    out_text(t, 2, model);
    out_int(t, 3, (int64_t)a->n);
    out_real(t, 4, mae);
    out_real(t, 5, a->n ? a->smape / (double)a->n : NAN);
    out_real(t, 6, mase);
    out_real(t, 7, a->n ? (double)a->in80 / (double)a->n : NAN);
    out_real(t, 8, a->n ? (double)a->in95 / (double)a->n : NAN);
    out_int(t, 9, (int64_t)rank);
}

static int record_run(struct att_ctx *ctx, int argc, char **argv, const char *digest,
                      size_t n_series, const size_t *firsts)
{
    struct db_run run;
    char *args = xstrdup(""), *models = xstrdup("{");
    size_t m;
    int i, rc;

    for (i = 1; i < argc; i++) {
        char *next = xasprintf("%s%s%s", args, i > 1 ? " " : "", argv[i]);
        free(args);
        args = next;
    }
    /* How many series each model ranked first on. */
    for (m = 0; m < BT_N_MODELS; m++) {
        char *next;
        if (!firsts[m])
            continue;
        next =
            xasprintf("%s%s\"%s\":%zu", models, models[1] ? "," : "", bt_model_name(m), firsts[m]);
        free(models);
        models = next;
    }
    {
        char *next = xasprintf("%s}", models);
        free(models);
        models = next;
    }
    memset(&run, 0, sizeof run);
    run.command = (char *)"backtest";
    run.seed = (int64_t)ctx->seed;
    run.paths = (int64_t)ctx->paths;
    run.args = args;
    run.inputs_digest = (char *)digest;
    run.series = (int64_t)n_series;
    run.models = models;
    rc = db_run_insert(ctx->db, &run, &ctx->err);
    free(args);
    free(models);
    return rc;
}

/* ---- --targets: plan-like targets replayed on the user's own history (bt_targets.c) ---- */

/* clang-format off */
static const struct out_col tcols[] = {
    {"stated",      "给出概率",  "stated",      OUT_TEXT, 0, 0},
    {"targets",     "目标数",    "targets",     OUT_INT,  0, 0},
    {"mean_stated", "平均概率",  "mean stated", OUT_REAL, 3, 0},
    {"met",         "实际达成率", "met",         OUT_REAL, 3, 0},
};
/* clang-format on */

static int backtest_targets(struct att_ctx *ctx, int argc, char **argv, size_t m, int64_t region_id,
                            int64_t indicator_id, long origins, long horizon, double latest,
                            const struct db_obs_set *set, size_t n_all, const char *digest)
{
    struct bt_bucket bk[BT_NB];
    struct out_table *t;
    struct pipe_opts po;
    size_t firsts[BT_N_MODELS] = {0}, k;
    int rc;

    pipe_opts_init(&po, ctx);
    po.region_id = region_id;
    po.indicator_id = indicator_id;
    po.choice = m == 0 ? PIPE_AUTO : m == 1 ? PIPE_COMBO : PIPE_NAMED;
    if (m >= 2)
        po.model = (enum model_kind)(m - 2);
    if ((rc = bt_targets_score(ctx->db, &po, set, (int)latest, origins, horizon, bk, &ctx->err)))
        return rc;
    t = out_table_new(tcols, sizeof tcols / sizeof tcols[0]);
    for (k = 0; k < BT_NB; k++) {
        char label[16];
        snprintf(label, sizeof label, "%zu-%zu%%", k * 100 / BT_NB, (k + 1) * 100 / BT_NB);
        out_row(t);
        out_text(t, 0, label);
        out_int(t, 1, (int64_t)bk[k].n);
        out_real(t, 2, bk[k].n ? bk[k].stated / (double)bk[k].n : NAN);
        out_real(t, 3, bk[k].n ? bk[k].met / (double)bk[k].n : NAN);
    }
    rc = out_table_write(t, stdout, ctx->format, ctx->lang, 0, &ctx->err);
    out_table_free(t);
    if (!rc && ctx->format == ATT_FMT_TABLE) {
        char *s = bt_targets_sentence(bk, ctx->lang == ATT_LANG_ZH);
        if (s)
            printf("\n%s\n", s);
        free(s);
    }
    if (!rc)
        rc = record_run(ctx, argc, argv, digest, n_all, firsts);
    return rc;
}

/* `attain backtest --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_backtest_usage[] =
    "usage: attain backtest [--horizon H] [--origins N] [--region R] [--indicator I]\n"
    "                       [--model M] [--targets]\n"
    "\n"
    "For each of the N years before the latest annual figure (the origins), forecast\n"
    "as 'attain forecast --as-of YEAR' would have, with every model (auto, combo and\n"
    "each named model), and score the next H years against the figures now known.\n"
    "One row per series and model: region,indicator,model,forecasts,mae,smape,mase,\n"
    "cover80,cover95,rank (rank within the series by MASE); then one summary row per\n"
    "model with region and indicator empty, ranked by MASE averaged over series.\n"
    "MASE divides by the series' mean absolute yearly change.  Each run is recorded\n"
    "in 'runs'.\n"
    "\n"
    "  --horizon H      years scored after each origin (default 3, at most 10)\n"
    "  --origins N      origin years (default 3, at most 20)\n"
    "  --region R       only region R (code or Chinese name)\n"
    "  --indicator I    only indicator I (code or Chinese name)\n"
    "  --model M        only model M (auto, combo or a model name)\n"
    "  --targets        instead: replay plan-like targets 'at least y (1+g)^h' (g = 0,\n"
    "                   3, 6, 10, 15%) from each origin with auto (or --model) and\n"
    "                   print how often the targets given 0-20%, ..., 80-100% were met:\n"
    "                   how far to trust the probabilities on this database's data\n";
/* clang-format on */

int cmd_backtest(int argc, char **argv, struct att_ctx *ctx)
{
    const char *region = NULL, *indicator = NULL, *model = NULL;
    long horizon = 3, origins = 3;
    bool targets = false;
    bool table = ctx->format == ATT_FMT_TABLE, zh = ctx->lang == ATT_LANG_ZH;
    const struct cmd_opt opts[] = {
        {"horizon", CMD_OPT_LONG, &horizon, 1, BT_MAX_HORIZON, NULL, NULL},
        {"origins", CMD_OPT_LONG, &origins, 1, BT_MAX_ORIGINS, NULL, NULL},
        {"region", CMD_OPT_TEXT, &region, 0, 0, NULL, NULL},
        {"indicator", CMD_OPT_TEXT, &indicator, 0, 0, NULL, NULL},
        {"model", CMD_OPT_TEXT, &model, 0, 0, NULL, NULL},
        {"targets", CMD_OPT_FLAG, &targets, 0, 0, NULL, NULL},
    };
    int64_t region_id = 0, indicator_id = 0;
    struct db_obs_set set = {0};
    struct bt_series *all = NULL;
    struct acc *acc = NULL, *acc_o = NULL;
    struct out_table *t = NULL;
    struct db_digest dg;
    char digest[17], as_of[16];
    size_t n_all = 0, i, j, m, k, firsts[BT_N_MODELS] = {0}, n_runs;
    struct progress *bar = NULL;
    bool want[BT_N_MODELS];
    double latest = -1e300;
    int rc = ATT_OK, o;

    rc = cmd_parse_options(ctx, argc, argv, opts, sizeof opts / sizeof opts[0], 0);
    if (rc)
        return rc;
    for (m = 0; m < BT_N_MODELS; m++)
        want[m] = !model || strcmp(model, bt_model_name(m)) == 0;
    if (model) {
        for (m = 0; m < BT_N_MODELS && !want[m]; m++)
            ;
        if (m == BT_N_MODELS) {
            char list[256] = "";
            size_t len = 0;
            for (m = 0; m < BT_N_MODELS; m++) {
                int w = snprintf(list + len, sizeof list - len, "%s%s", m ? tr(", ") : "",
                                 bt_model_name(m));
                if (w < 0 || (size_t)w >= sizeof list - len)
                    break;
                len += (size_t)w;
            }
            return cmd_usage_errorf(ctx, argv[0], tr("unknown model '%s' (%s)"), model, list);
        }
    }
    if (region && (rc = names_resolve(ctx->db, NAMES_REGION, region, &region_id, &ctx->err)))
        return rc;
    if (indicator &&
        (rc = names_resolve(ctx->db, NAMES_INDICATOR, indicator, &indicator_id, &ctx->err)))
        return rc;

    /* Every selected series' full annual history: the actual values. */
    rc = db_observations_all(ctx->db, region_id, indicator_id, NULL, &set, &ctx->err);
    if (rc)
        return rc;
    db_digest_init(&dg);
    all = xcalloc(set.n_series ? set.n_series : 1, sizeof *all);
    for (i = 0; i < set.n_series; i++) {
        const struct db_obs_series *os = &set.series[i];
        struct bt_series *b = &all[n_all];
        b->region_id = os->region_id;
        b->indicator_id = os->indicator_id;
        b->year = xcalloc(os->n, sizeof *b->year);
        b->value = xcalloc(os->n, sizeof *b->value);
        db_digest_bytes(&dg, &os->region_id, sizeof os->region_id);
        db_digest_bytes(&dg, &os->indicator_id, sizeof os->indicator_id);
        db_digest_obs(&dg, "", "", os->obs, os->n);
        for (j = 0; j < os->n; j++) {
            if (os->obs[j].month != 0)
                continue;
            b->year[b->n] = os->obs[j].year;
            b->value[b->n++] = os->obs[j].value;
        }
        b->scale = model_mase_scale(b->value, b->n);
        if (b->n > 0 && b->year[b->n - 1] > latest)
            latest = b->year[b->n - 1];
        n_all++;
    }
    db_digest_hex(&dg, digest);
    if (targets) {
        for (m = 0; m < BT_N_MODELS && !want[m]; m++)
            ;
        rc = backtest_targets(ctx, argc, argv, model ? m : 0, region_id, indicator_id, origins,
                              horizon, latest, &set, n_all, digest);
        goto out;
    }
    acc = xcalloc(n_all * BT_N_MODELS + 1, sizeof *acc);
    acc_o = xcalloc(n_all * BT_N_MODELS * (size_t)origins + 1, sizeof *acc_o);

    /* One pipe run per origin year and model, scored per origin (acc_o); the bar counts them. */
    for (m = 0, n_runs = 0; m < BT_N_MODELS; m++)
        n_runs += want[m] ? (size_t)origins : 0;
    bar = progress_new("backtest", n_runs, isatty(STDERR_FILENO));
    for (o = (int)origins; o >= 1 && n_all > 0; o--) {
        int origin = (int)latest - o;
        snprintf(as_of, sizeof as_of, "%04d", origin);
        for (m = 0; m < BT_N_MODELS; m++) {
            struct pipe_opts po;
            struct pipe *p = NULL;
            if (!want[m])
                continue;
            pipe_opts_init(&po, ctx);
            po.region_id = region_id;
            po.indicator_id = indicator_id;
            po.as_of = as_of;
            po.horizon = (size_t)horizon;
            po.choice = m == 0 ? PIPE_AUTO : m == 1 ? PIPE_COMBO : PIPE_NAMED;
            if (m >= 2)
                po.model = (enum model_kind)(m - 2);
            rc = pipe_run(ctx->db, &po, &p, &ctx->err);
            progress_add(bar, 1);
            if (rc)
                goto out;
            score_pipe(p, origin, (size_t)horizon, m, (size_t)o - 1, (size_t)origins, all, n_all,
                       acc_o);
            /* The series codes, kept for the output (any pipe has them). */
            for (i = 0; i < p->n_series; i++) {
                struct bt_series *b =
                    find_series(all, n_all, p->series[i].region_id, p->series[i].indicator_id);
                if (b && !b->region_code) {
                    b->region_code = xstrdup(p->series[i].region_code);
                    b->indicator_code = xstrdup(p->series[i].indicator_code);
                    b->region_label = xstrdup(
                        out_name(table, zh, b->region_code, p->series[i].region_name, NULL));
                    b->indicator_label =
                        xstrdup(out_name(table, zh, b->indicator_code, p->series[i].indicator_name,
                                         p->series[i].indicator_name_en));
                }
            }
            pipe_free(p);
        }
    }

    common_origins(acc_o, n_all, (size_t)origins, acc);

    /* Per series rows, ranked within the series, then the summary ranking. */
    t = out_table_new(cols, NCOLS);
    {
        struct acc sum[BT_N_MODELS];
        double key[BT_N_MODELS], key2[BT_N_MODELS], mae[BT_N_MODELS];
        size_t order[BT_N_MODELS], rank_of[BT_N_MODELS], nm = 0, idx[BT_N_MODELS];
        size_t scored = 0;

        memset(sum, 0, sizeof sum);
        for (m = 0; m < BT_N_MODELS; m++)
            if (want[m])
                idx[nm++] = m;
        for (i = 0; i < n_all; i++) {
            const struct bt_series *b = &all[i];
            bool any = false;
            for (k = 0; k < nm; k++) {
                const struct acc *a = &acc[i * BT_N_MODELS + idx[k]];
                key[k] = mase_of(a, b);
                key2[k] = a->n ? a->smape / (double)a->n : INFINITY;
                any = any || a->n > 0;
            }
            if (!any || !b->region_code)
                continue;
            scored++;
            rank_models(key, key2, order, nm);
            for (k = 0; k < nm; k++)
                rank_of[order[k]] = k + 1;
            if (acc[i * BT_N_MODELS + idx[order[0]]].n > 0)
                firsts[idx[order[0]]]++;
            for (k = 0; k < nm; k++) {
                const struct acc *a = &acc[i * BT_N_MODELS + idx[k]];
                struct acc *s = &sum[idx[k]];
                if (a->n == 0)
                    continue;
                put_row(t, b->region_label, b->indicator_label, bt_model_name(idx[k]), a,
                        a->abs_err / (double)a->n, key[k], rank_of[k]);
                s->n += a->n;
                s->abs_err += a->abs_err;
                s->smape += a->smape;
                s->in80 += a->in80;
                s->in95 += a->in95;
                if (!isnan(key[k])) {
                    s->mase_sum += key[k];
                    s->mase_n++;
                }
            }
        }
        /*
         * Summary: mean MASE over series, then sMAPE over all forecasts.
         * Like with like: the models scored on every series that any model
         * was scored on are ranked first, by that MASE; a model fitted to
         * fewer series (the growth curves, the count models) is ranked
         * after them, among its kind by the same keys.
         */
        {
            size_t most = 0;
            double rkey[BT_N_MODELS];
            for (k = 0; k < nm; k++)
                if (sum[idx[k]].mase_n > most)
                    most = sum[idx[k]].mase_n;
            for (k = 0; k < nm; k++) {
                const struct acc *s = &sum[idx[k]];
                key[k] = s->mase_n ? s->mase_sum / (double)s->mase_n : NAN;
                key2[k] = s->n ? s->smape / (double)s->n : INFINITY;
                mae[k] = s->n ? s->abs_err / (double)s->n : NAN;
                rkey[k] = s->mase_n == most ? key[k] : key[k] + 1e6;
            }
            rank_models(rkey, key2, order, nm);
        }
        for (k = 0; k < nm; k++) {
            const struct acc *s = &sum[idx[order[k]]];
            if (s->n == 0)
                continue;
            put_row(t, NULL, NULL, bt_model_name(idx[order[k]]), s, mae[order[k]], key[order[k]],
                    k + 1);
        }
        rc = record_run(ctx, argc, argv, digest, scored, firsts);
        if (rc)
            goto out;
    }
    rc = out_table_print(t, ctx);
out:
    progress_free(bar);
    out_table_free(t);
    for (i = 0; i < n_all; i++) {
        free(all[i].year);
        free(all[i].value);
        free((char *)all[i].region_code);
        free((char *)all[i].indicator_code);
        free((char *)all[i].region_label);
        free((char *)all[i].indicator_label);
    }
    free(all);
    free(acc);
    free(acc_o);
    db_obs_set_release(&set);
    return rc;
}
