/*
 * engine/cmd_plot.c -- `attain plot KIND --out FILE`: one chart, drawn by
 * gnuplot (plots/), from a pipeline run (engine/report.c builds the data).
 * The terminal follows FILE's extension: .png, .svg or .pdf.
 *
 * Kinds: projection (one target, or one series without a target),
 * districts, dashboard, allocation (the plan's district targets against
 * their expected values: no `allocate` command exists yet), backtest (the
 * model summary rows of `attain backtest --format csv`, read with --from).
 * scenarios needs results no command produces yet, and says so.
 */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "names.h"
#include "pipeline.h"
#include "plot.h"
#include "report.h"
#include "xalloc.h"

enum kind { K_PROJECTION, K_DISTRICTS, K_DASHBOARD, K_ALLOCATION, K_SCENARIOS, K_BACKTEST };
static const char *const kind_names[] = {"projection", "districts", "dashboard",
                                         "allocation", "scenarios", "backtest"};

/* What the command line asked for. */
struct plot_args {
    enum kind kind;
    const char *out, *region, *indicator, *as_of;
    const char *from; /* --from FILE: `attain backtest --format csv` output */
    int year;         /* --year, 0 if not given */
};

static int parse(int argc, char **argv, struct att_ctx *ctx, struct plot_args *a)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"region", required_argument, NULL, 'r'},
        {"indicator", required_argument, NULL, 'i'},
        {"as-of", required_argument, NULL, 'a'},
        {"year", required_argument, NULL, 'y'},
        {"from", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    const char *dot;
    size_t k;
    long v;
    int c;

    memset(a, 0, sizeof *a);
    cmd_getopt_reset();
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            a->out = optarg;
            break;
        case 'r':
            a->region = optarg;
            break;
        case 'i':
            a->indicator = optarg;
            break;
        case 'a':
            if (!db_parse_period(optarg, NULL, NULL))
                return cmd_usage_errorf(ctx, "plot",
                                        "option '--as-of' wants YYYY or YYYY-MM, not '%s'", optarg);
            a->as_of = optarg;
            break;
        case 'f':
            a->from = optarg;
            break;
        case 'y':
            if (cmd_parse_long(ctx, "plot", "year", optarg, 1000, 9999, &v))
                return ATT_EUSAGE;
            a->year = (int)v;
            break;
        default:
            return cmd_option_error(ctx, argc, argv, c);
        }
    }
    if (optind >= argc)
        return cmd_usage_errorf(ctx, "plot",
                                "which chart? projection, districts, dashboard, allocation, "
                                "scenarios or backtest");
    if (optind + 1 < argc)
        return cmd_usage_errorf(ctx, "plot", "unexpected argument '%s'", argv[optind + 1]);
    for (k = 0; k < sizeof kind_names / sizeof kind_names[0]; k++)
        if (strcmp(argv[optind], kind_names[k]) == 0)
            break;
    if (k == sizeof kind_names / sizeof kind_names[0])
        return cmd_usage_errorf(ctx, "plot",
                                "unknown chart '%s' (projection, districts, dashboard, "
                                "allocation, scenarios or backtest)",
                                argv[optind]);
    a->kind = (enum kind)k;
    if (a->kind == K_SCENARIOS)
        return cmd_usage_errorf(ctx, "plot",
                                "chart 'scenarios' needs scenario results, and no command "
                                "produces them yet ('attain scenario compare' is not implemented)");
    if (a->kind == K_BACKTEST && !a->from)
        return cmd_usage_errorf(ctx, "plot",
                                "chart 'backtest' draws the output of 'attain backtest --format "
                                "csv': give that file with '--from FILE'");
    if (!a->out || !*a->out)
        return cmd_usage_errorf(ctx, "plot", "option '--out FILE' is required");
    dot = strrchr(a->out, '.');
    if (!dot || (strcasecmp(dot, ".png") && strcasecmp(dot, ".svg") && strcasecmp(dot, ".pdf")))
        return cmd_usage_errorf(
            ctx, "plot", "option '--out' wants a file ending in .png, .svg or .pdf, not '%s'",
            a->out);
    if (strpbrk(a->out, "\n\r\t"))
        return cmd_usage_errorf(ctx, "plot",
                                "option '--out' wants a file name without control "
                                "characters");
    return ATT_OK;
}

/* ---- backtest: the summary rows of `attain backtest --format csv` ---------- */

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
    struct report_arena *arena;
    const char *path;
    int col[BT_NCOLS]; /* field index of each column, -1 if absent */
    char *field[BT_NCOLS];
    size_t nfield, line;
    bool header_done;
    char **models;
    double *v[4]; /* smape, mase, cover80, cover95 per model */
    size_t n, cap;
    double forecasts; /* the most forecasts behind a summary row */
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
                r->field[k] = report_printf(r->arena, "%.*s", (int)len, (const char *)data);
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
                r->rc = att_errf_at(r->err, ATT_EDATA, r->path, 1, 1,
                                    "not the output of 'attain backtest --format csv': no column "
                                    "'%s'",
                                    bt_cols[k]);
                return;
            }
    } else if ((!r->field[BT_REGION] || !*r->field[BT_REGION]) &&
               (!r->field[BT_INDICATOR] || !*r->field[BT_INDICATOR]) && r->field[BT_MODEL] &&
               *r->field[BT_MODEL]) {
        /* A summary row (region and indicator empty): one model over every series. */
        for (k = 0; k < 5; k++) {
            const char *t = r->field[BT_FORECASTS + k];
            char *end = NULL;

            errno = 0;
            x[k] = t ? strtod(t, &end) : NAN;
            if (!t || !*t || *end || errno || !isfinite(x[k]) || x[k] < 0) {
                r->rc = att_errf_at(r->err, ATT_EDATA, r->path, r->line,
                                    (unsigned long)r->col[BT_FORECASTS + k] + 1,
                                    "'%s' is not a number >= 0 (column '%s')", t ? t : "",
                                    bt_cols[BT_FORECASTS + k]);
                return;
            }
        }
        if (r->n == r->cap) {
            size_t cap = r->cap ? 2 * r->cap : 16, j;

            r->models = xrealloc(r->models, cap * sizeof *r->models);
            for (j = 0; j < 4; j++)
                r->v[j] = xrealloc(r->v[j], cap * sizeof *r->v[j]);
            r->cap = cap;
        }
        r->models[r->n] = r->field[BT_MODEL];
        r->v[0][r->n] = x[1];
        r->v[1][r->n] = x[2];
        r->v[2][r->n] = 100 * x[3];
        r->v[3][r->n] = 100 * x[4];
        if (x[0] > r->forecasts)
            r->forecasts = x[0];
        r->n++;
    }
    for (k = 0; k < BT_NCOLS; k++)
        r->field[k] = NULL;
    r->nfield = 0;
}

/* Read the summary rows of FILE into the backtest chart (arrays in src's arena). */
static int read_backtest(struct report_src *src, const char *path, struct plot_backtest *out)
{
    struct bt_read r;
    struct csv_parser p;
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t got, j;
    bool zh = src->zh;
    struct plot_metric *m;

    memset(&r, 0, sizeof r);
    memset(out, 0, sizeof *out);
    if (!f)
        return att_errf(src->err, ATT_ENOINPUT, "cannot open '%s': %s", path, strerror(errno));
    r.arena = &src->arena;
    r.path = path;
    r.err = src->err;
    for (j = 0; j < BT_NCOLS; j++)
        r.col[j] = -1;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        fclose(f);
        return att_errf(src->err, ATT_EINTERNAL, "cannot start the CSV parser");
    }
    while (!r.rc && (got = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, got, bt_on_field, bt_on_row, &r) != got && !r.rc)
            r.rc = att_errf_at(src->err, ATT_EDATA, path, r.line + 1, 1, "%s",
                               csv_strerror(csv_error(&p)));
    if (!r.rc && ferror(f))
        r.rc = att_errf(src->err, ATT_EIO, "cannot read '%s': %s", path, strerror(errno));
    if (!r.rc)
        csv_fini(&p, bt_on_field, bt_on_row, &r);
    csv_free(&p);
    fclose(f);
    if (!r.rc && !r.header_done)
        r.rc = att_errf(src->err, ATT_EDATA, "'%s' is empty", path);
    if (!r.rc && r.n == 0)
        r.rc = att_errf(src->err, ATT_EDATA,
                        "'%s' has no summary rows (region and indicator empty) to draw", path);
    if (!r.rc) {
        char **models = report_alloc(&src->arena, r.n * sizeof *models);

        m = report_alloc(&src->arena, 4 * sizeof *m);
        for (j = 0; j < 4; j++) {
            double *v = report_alloc(&src->arena, r.n * sizeof *v);

            memcpy(v, r.v[j], r.n * sizeof *v);
            m[j].values = v;
        }
        memcpy(models, r.models, r.n * sizeof *models);
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
        out->title = zh ? report_printf(&src->arena, "回测：各模型预测精度（每个模型 %.0f 次预测）",
                                        r.forecasts)
                        : report_printf(&src->arena,
                                        "Backtest: accuracy of each model (%.0f forecasts each)",
                                        r.forecasts);
        out->footnote = zh ? report_printf(&src->arena,
                                           "来源：%s；虚线为参照：MASE 1 = 样本内朴素预测，"
                                           "覆盖率为名义水平",
                                           path)
                           : report_printf(&src->arena,
                                           "source: %s; dashed lines: MASE 1 = in-sample naive "
                                           "forecast, nominal coverage",
                                           path);
    }
    free(r.models);
    for (j = 0; j < 4; j++)
        free(r.v[j]);
    return r.rc;
}

/* The first indicator with a target in a child region of `parent`, or 0. */
static int64_t first_split_indicator(const struct report_src *src, int64_t parent)
{
    size_t i;

    for (i = 0; i < src->n_indicators; i++)
        if (report_has_child_target(src, parent, src->indicators[i].id))
            return src->indicators[i].id;
    return 0;
}

/*
 * projection: the target of (region, indicator[, year]) with the latest
 * deadline, else the series itself; without --indicator the region's first
 * evaluated target.
 */
static int build_projection(struct report_src *src, int64_t region, int64_t indicator, int year,
                            struct plot_projection *out)
{
    const struct pipe *p = src->p;
    int64_t best = -1;
    size_t i;

    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];

        if (t->region_id != region || (indicator && t->indicator_id != indicator) ||
            (year && t->spec.deadline != year) || !t->has_result)
            continue;
        if (best < 0 || (indicator && t->spec.deadline >= p->targets[best].spec.deadline))
            best = (int64_t)i;
    }
    if (best >= 0)
        return report_projection(src, (size_t)best, out);
    if (year)
        return att_errf(src->err, ATT_EDATA, "no evaluated target in %d for this region%s", year,
                        indicator ? " and indicator" : "");
    for (i = 0; indicator && i < p->n_series; i++)
        if (p->series[i].region_id == region && p->series[i].indicator_id == indicator)
            return report_series(src, i, out);
    return att_errf(src->err, ATT_EDATA, "nothing to draw: no %s with data for this region",
                    indicator ? "series" : "target");
}

int cmd_plot(int argc, char **argv, struct att_ctx *ctx)
{
    struct plot_args a;
    struct pipe_opts po;
    struct pipe *p = NULL;
    struct report_src src;
    struct plot_session *s = NULL;
    struct plot_projection proj;
    struct plot_districts dist;
    struct plot_dashboard dash;
    struct plot_allocation alloc;
    struct plot_backtest bt;
    struct pipe no_pipe;
    struct plot_output o;
    char msg[1024] = "";
    char *font = NULL;
    int64_t region = 0, indicator = 0;
    FILE *probe;
    bool existed;
    int rc, prc;

    memset(&src, 0, sizeof src);
    memset(&no_pipe, 0, sizeof no_pipe);
    if ((rc = parse(argc, argv, ctx, &a)))
        return rc;
    if (a.region && (rc = names_resolve(ctx->db, NAMES_REGION, a.region, &region, &ctx->err)))
        return rc;
    if (a.indicator &&
        (rc = names_resolve(ctx->db, NAMES_INDICATOR, a.indicator, &indicator, &ctx->err)))
        return rc;
    /* Fail before any work if the file cannot be written (and leave no empty file behind). */
    existed = access(a.out, F_OK) == 0;
    probe = fopen(a.out, "ab");
    if (!probe)
        return att_errf(&ctx->err, ATT_ECANTCREAT, "cannot create '%s': %s", a.out,
                        strerror(errno));
    fclose(probe);

    pipe_opts_init(&po, ctx);
    po.as_of = a.as_of;
    po.indicator_id = indicator;
    po.targets = true;
    if (a.kind != K_BACKTEST && (rc = report_until(ctx->db, &po.until, &ctx->err)))
        goto out;
    /* The backtest chart reads a file: it needs no forecasts. */
    if (a.kind != K_BACKTEST && (rc = pipe_run(ctx->db, &po, &p, &ctx->err)))
        goto out;
    if ((rc = report_src_init(&src, ctx->db, p ? p : &no_pipe, ctx->lang == ATT_LANG_ZH, a.as_of,
                              &ctx->err)))
        goto out;
    memset(&o, 0, sizeof o);
    o.path = a.out;
    o.labels = ctx->lang == ATT_LANG_ZH ? &plot_labels_zh : &plot_labels_en;
    switch (a.kind) {
    case K_PROJECTION:
        rc = build_projection(&src, region ? region : src.root, indicator, a.year, &proj);
        break;
    case K_DISTRICTS:
        if (!indicator)
            indicator = first_split_indicator(&src, region ? region : src.root);
        rc = report_districts(&src, region ? region : src.root, indicator, &dist);
        break;
    case K_DASHBOARD:
        rc = report_dashboard(&src, region, indicator, &dash);
        if (!rc && dash.n_rows > 20)
            o.height = (unsigned)(900 + 68 * dash.n_rows); /* taller, not squeezed */
        break;
    case K_ALLOCATION:
        if (!indicator)
            indicator = first_split_indicator(&src, region ? region : src.root);
        rc = report_allocation(&src, region ? region : src.root, indicator, a.year, &alloc, NULL);
        break;
    case K_BACKTEST:
        rc = read_backtest(&src, a.from, &bt);
        if (!rc && bt.n_models > 6)
            o.height = (unsigned)(900 + 100 * bt.n_models); /* two rows of panels */
        break;
    default:
        rc = ATT_EINTERNAL;
    }
    if (rc)
        goto out;
    font = report_find_font();
    o.font = font;
    prc = plot_session_open(&s, "gnuplot", msg, sizeof msg);
    if (prc) {
        rc = att_errf(&ctx->err, ATT_EUNAVAILABLE, "cannot start gnuplot: %s", msg);
        goto out;
    }
    switch (a.kind) {
    case K_PROJECTION:
        prc = plot_projection_write(plot_session_stream(s), &o, &proj);
        break;
    case K_DISTRICTS:
        prc = plot_districts_write(plot_session_stream(s), &o, &dist);
        break;
    case K_DASHBOARD:
        prc = plot_dashboard_write(plot_session_stream(s), &o, &dash);
        break;
    case K_BACKTEST:
        prc = plot_backtest_write(plot_session_stream(s), &o, &bt);
        break;
    default:
        prc = plot_allocation_write(plot_session_stream(s), &o, &alloc);
        break;
    }
    if (prc)
        rc = att_errf(&ctx->err, ATT_EINTERNAL, "cannot draw the chart: %s", plot_strerror(prc));
    prc = plot_session_close(s, msg, sizeof msg);
    if (prc && !rc)
        rc = att_errf(&ctx->err, ATT_EINTERNAL, "gnuplot failed: %s", msg);
    if (!rc)
        printf("%s\n", a.out);
out:
    if (rc && !existed)
        unlink(a.out);
    free(font);
    report_src_release(&src);
    pipe_free(p);
    return rc;
}
