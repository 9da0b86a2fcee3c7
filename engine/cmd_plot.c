/*
 * engine/cmd_plot.c -- `attain plot KIND --out FILE`: one chart, drawn by
 * gnuplot (plots/), from a pipeline run (engine/report.c builds the data).
 * The terminal follows FILE's extension: .png, .svg or .pdf.
 *
 * Kinds: projection (one target, or one series without a target),
 * districts, dashboard, allocation (the plan's district targets against
 * their expected values: no `allocate` command exists yet).  scenarios and
 * backtest need results no command produces yet, and say so.
 */
#include <errno.h>
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
    int year; /* --year, 0 if not given */
};

static int parse(int argc, char **argv, struct att_ctx *ctx, struct plot_args *a)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},       {"region", required_argument, NULL, 'r'},
        {"indicator", required_argument, NULL, 'i'}, {"as-of", required_argument, NULL, 'a'},
        {"year", required_argument, NULL, 'y'},      {NULL, 0, NULL, 0},
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
    if (a->kind == K_BACKTEST)
        return cmd_usage_errorf(ctx, "plot",
                                "chart 'backtest' needs backtest results, and no command "
                                "produces them yet ('attain backtest' is not implemented)");
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
    struct plot_output o;
    char msg[1024] = "";
    char *font = NULL;
    int64_t region = 0, indicator = 0;
    FILE *probe;
    bool existed;
    int rc, prc;

    memset(&src, 0, sizeof src);
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
    if ((rc = pipe_run(ctx->db, &po, &p, &ctx->err)))
        goto out;
    if ((rc = report_src_init(&src, ctx->db, p, ctx->lang == ATT_LANG_ZH, a.as_of, &ctx->err)))
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
