/*
 * engine/cmd_plot.c -- `attain plot KIND --out FILE`: one chart, drawn by
 * gnuplot (plots/), from a pipeline run or, for a kind that reads --from,
 * a file.  The terminal follows FILE's extension: .png, .svg or .pdf.
 * The kinds, their builders and writers are the rows of
 * engine/chart_kinds.c; this file only parses the options and runs one.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chart_kinds.h"
#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "names.h"
#include "pipeline.h"
#include "plot.h"
#include "report.h"
#include "scenario.h"
#include "tools.h"

/* What the command line asked for. */
struct plot_args {
    const struct chart_kind *kind;
    const char *out, *region, *indicator, *as_of;
    const char *from;        /* --from FILE: `attain backtest --format csv` output */
    int year;                /* --year, 0 if not given */
    const char *scenario[7]; /* --scenario FILE, repeatable (scenarios), once for the others */
    size_t n_scenarios;
};

static int parse(int argc, char **argv, struct att_ctx *ctx, struct plot_args *a)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},       {"region", required_argument, NULL, 'r'},
        {"indicator", required_argument, NULL, 'i'}, {"as-of", required_argument, NULL, 'a'},
        {"year", required_argument, NULL, 'y'},      {"from", required_argument, NULL, 'f'},
        {"scenario", required_argument, NULL, 's'},  {NULL, 0, NULL, 0},
    };
    char kinds[256];
    const char *dot;
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
        case 's':
            if (a->n_scenarios == sizeof a->scenario / sizeof a->scenario[0])
                return cmd_usage_errorf(ctx, "plot", "at most %zu scenarios fit one chart",
                                        sizeof a->scenario / sizeof a->scenario[0]);
            a->scenario[a->n_scenarios++] = optarg;
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
    chart_kind_list(kinds, sizeof kinds);
    if (optind >= argc)
        return cmd_usage_errorf(ctx, "plot", "which chart? %s", kinds);
    if (optind + 1 < argc)
        return cmd_usage_errorf(ctx, "plot", "unexpected argument '%s'", argv[optind + 1]);
    a->kind = chart_kind_find(argv[optind]);
    if (!a->kind) {
        const char *near = chart_kind_nearest(argv[optind]);

        if (near)
            return cmd_usage_errorf(ctx, "plot", "unknown chart '%s' (did you mean '%s'?)",
                                    argv[optind], near);
        return cmd_usage_errorf(ctx, "plot", "unknown chart '%s' (%s)", argv[optind], kinds);
    }
    if (a->kind->refused)
        return cmd_usage_errorf(ctx, "plot", "chart '%s' %s", a->kind->name, a->kind->refused);
    if (a->kind->from && !a->from)
        return cmd_usage_errorf(ctx, "plot",
                                "chart '%s' draws %s: give that file with '--from FILE'",
                                a->kind->name, a->kind->from);
    if (strcmp(a->kind->name, "scenarios") == 0 && a->n_scenarios == 0)
        return cmd_usage_errorf(ctx, "plot",
                                "chart 'scenarios' compares scenario files: give them with "
                                "'--scenario FILE' (one or more)");
    if (strcmp(a->kind->name, "scenarios") != 0 && a->n_scenarios > 1)
        return cmd_usage_errorf(ctx, "plot", "chart '%s' takes one '--scenario FILE'",
                                a->kind->name);
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

int cmd_plot(int argc, char **argv, struct att_ctx *ctx)
{
    struct plot_args a;
    struct pipe_opts po;
    struct pipe *p = NULL;
    struct report_src src, ssrc;
    struct pipe *ps = NULL;
    struct chart sch;
    struct plot_session *s = NULL;
    struct chart chart;
    struct chart_req req;
    struct pipe no_pipe;
    struct plot_output o;
    char msg[1024] = "";
    char *font = NULL;
    struct scenario *sc[8] = {NULL};
    const char *names[8] = {NULL};
    size_t k;
    FILE *probe;
    bool existed;
    int rc, prc;

    memset(&src, 0, sizeof src);
    memset(&ssrc, 0, sizeof ssrc);
    memset(&sch, 0, sizeof sch);
    memset(&no_pipe, 0, sizeof no_pipe);
    memset(&req, 0, sizeof req);
    memset(&chart, 0, sizeof chart);
    if ((rc = parse(argc, argv, ctx, &a)))
        return rc;
    if (a.region && (rc = names_resolve(ctx->db, NAMES_REGION, a.region, &req.region, &ctx->err)))
        return rc;
    if (a.indicator &&
        (rc = names_resolve(ctx->db, NAMES_INDICATOR, a.indicator, &req.indicator, &ctx->err)))
        return rc;
    req.year = a.year;
    req.from = a.from;
    /* Fail before any work if the file cannot be written (and leave no empty file behind). */
    existed = access(a.out, F_OK) == 0;
    probe = fopen(a.out, "ab");
    if (!probe)
        return att_errf(&ctx->err, ATT_ECANTCREAT, "cannot create '%s': %s", a.out,
                        strerror(errno));
    fclose(probe);

    pipe_opts_init(&po, ctx);
    po.as_of = a.as_of;
    po.indicator_id = req.indicator;
    po.targets = true;
    for (k = 0; k < a.n_scenarios; k++)
        if ((rc = scenario_load(ctx->db, a.scenario[k], a.as_of, &sc[k + 1], &ctx->err)))
            goto out;
    if (strcmp(a.kind->name, "scenarios") == 0) {
        /* The baseline and each scenario on the same paths. */
        names[0] = ctx->lang == ATT_LANG_ZH ? "基线" : "baseline";
        for (k = 1; k <= a.n_scenarios; k++)
            names[k] = sc[k]->name;
        po.variants = (const struct scenario *const *)sc;
        po.n_variants = a.n_scenarios + 1;
    } else if (strcmp(a.kind->name, "projection") != 0) {
        po.scenario = sc[1]; /* drawn under the scenario; a projection overlays it below */
    }
    /* A chart that reads a file needs no forecasts. */
    if (!a.kind->from && (rc = report_until(ctx->db, &po.until, &ctx->err)))
        goto out;
    if (!a.kind->from && (rc = pipe_run(ctx->db, &po, &p, &ctx->err)))
        goto out;
    if ((rc = report_src_init(&src, ctx->db, p ? p : &no_pipe, ctx->lang == ATT_LANG_ZH, a.as_of,
                              &ctx->err)))
        goto out;
    src.scenario_names = names;
    src.opts = &po; /* the allocation's equal-risk split: same seed and paths */
    chart.kind = a.kind;
    if ((rc = a.kind->plot(&src, &req, &chart)))
        goto out;
    if (sc[1] && strcmp(a.kind->name, "projection") == 0) {
        /* The same chart from the scenario's run (same random numbers): its fan over ours. */
        struct pipe_opts so = po;
        so.scenario = sc[1];
        if ((rc = pipe_run(ctx->db, &so, &ps, &ctx->err)) ||
            (rc =
                 report_src_init(&ssrc, ctx->db, ps, ctx->lang == ATT_LANG_ZH, a.as_of, &ctx->err)))
            goto out;
        sch.kind = a.kind;
        if ((rc = a.kind->plot(&ssrc, &req, &sch)))
            goto out;
        struct plot_projection *pp = &chart.u.projection;
        pp->overlay = sch.u.projection.fan;
        pp->n_overlay = sch.u.projection.n_fan;
        pp->overlay_label = sc[1]->name;
        pp->has_overlay_probability = sch.u.projection.has_probability;
        pp->overlay_probability = sch.u.projection.probability;
    }
    memset(&o, 0, sizeof o);
    o.path = a.out;
    o.labels = ctx->lang == ATT_LANG_ZH ? &plot_labels_zh : &plot_labels_en;
    o.height = chart.height;
    font = tools_find_font();
    o.font = font;
    prc = plot_session_open(&s, "gnuplot", msg, sizeof msg);
    if (prc) {
        rc = att_errf(&ctx->err, ATT_EUNAVAILABLE, "cannot start gnuplot: %s", msg);
        goto out;
    }
    prc = a.kind->write(plot_session_stream(s), &o, &chart);
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
    report_src_release(&ssrc);
    pipe_free(p);
    pipe_free(ps);
    for (k = 0; k < 8; k++)
        scenario_free(sc[k]);
    return rc;
}
