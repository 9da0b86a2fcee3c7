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
#include "files.h"
#include "messages.h"
#include "names.h"
#include "pipeline.h"
#include "plot.h"
#include "report.h"
#include "scenario.h"
#include "tools.h"

/* What the command line asked for. */
struct plot_args {
    const struct chart_kind *kind;
    const char *out, *region, *indicator, *as_of; /* as_of: as_of_buf, or NULL */
    char as_of_buf[8];
    const char *from;        /* --from FILE: `attain backtest --format csv` output */
    int year;                /* --year, 0 if not given */
    const char *scenario[7]; /* --scenario FILE, repeatable (scenarios), once for the others */
    size_t n_scenarios;
};

/* `attain plot --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_plot_usage[] =
    "usage: attain plot KIND --out FILE.png|.svg|.pdf [--region R] [--indicator I]\n"
    "                   [--year YYYY] [--as-of YYYY[-MM]] [--from FILE] [--scenario FILE]\n"
    "\n"
    "Draw one chart with gnuplot; the file's extension chooses PNG, SVG or PDF.\n"
    "{charts}"
    "\n"
    "  --out FILE       where to write the chart (required)\n"
    "  --region R       region (code or Chinese name)\n"
    "  --indicator I    indicator (code or Chinese name)\n"
    "  --year YYYY      the target's deadline (projection, allocation)\n"
    "  --from FILE      backtest: the output of 'attain backtest --format csv'\n"
    "  --scenario FILE  scenarios: a file to compare (repeat for more); projection:\n"
    "                   the scenario's median and 80% band over the baseline's fan;\n"
    "                   the other charts: drawn under that scenario's levers\n"
    "  --as-of P        ignore data after P (YYYY or YYYY-MM)\n"
    "Needs gnuplot (apt-get install gnuplot-nox): exit status 69 without it.\n";
/* clang-format on */

static int parse(int argc, char **argv, struct att_ctx *ctx, struct plot_args *a)
{
    long year = 0;
    struct cmd_opt_list scenarios = {a->scenario, 0, sizeof a->scenario / sizeof a->scenario[0],
                                     "scenarios fit one chart"};
    const struct cmd_opt opts[] = {
        {"out", CMD_OPT_TEXT, &a->out, 0, 0, NULL, NULL},
        {"region", CMD_OPT_TEXT, &a->region, 0, 0, NULL, NULL},
        {"indicator", CMD_OPT_TEXT, &a->indicator, 0, 0, NULL, NULL},
        {"as-of", CMD_OPT_PERIOD, a->as_of_buf, 0, 0, NULL, NULL},
        {"year", CMD_OPT_LONG, &year, 1000, 9999, NULL, NULL},
        {"from", CMD_OPT_TEXT, &a->from, 0, 0, NULL, NULL},
        {"scenario", CMD_OPT_LIST, &scenarios, 0, 0, NULL, NULL},
    };
    char kinds[256];
    const char *dot;
    int rc;

    memset(a, 0, sizeof *a);
    rc = cmd_parse_options(ctx, argc, argv, opts, sizeof opts / sizeof opts[0], 1);
    if (rc)
        return rc;
    a->year = (int)year;
    a->as_of = a->as_of_buf[0] ? a->as_of_buf : NULL;
    a->n_scenarios = scenarios.n;
    chart_kind_list(kinds, sizeof kinds);
    if (optind >= argc)
        return cmd_usage_errorf(ctx, "plot", tr("which chart? %s"), kinds);
    a->kind = chart_kind_find(argv[optind]);
    if (!a->kind) {
        const char *near = chart_kind_nearest(argv[optind]);

        if (near)
            return cmd_usage_errorf(ctx, "plot", tr("unknown chart '%s' (did you mean '%s'?)"),
                                    argv[optind], near);
        return cmd_usage_errorf(ctx, "plot", tr("unknown chart '%s' (%s)"), argv[optind], kinds);
    }
    if (a->kind->refused)
        return cmd_usage_errorf(ctx, "plot", tr("chart '%s' %s"), a->kind->name,
                                tr(a->kind->refused));
    if (a->kind->from && !a->from)
        return cmd_usage_errorf(ctx, "plot",
                                tr("chart '%s' draws %s: give that file with '--from FILE'"),
                                a->kind->name, tr(a->kind->from));
    if (strcmp(a->kind->name, "scenarios") == 0 && a->n_scenarios == 0)
        return cmd_usage_errorf(ctx, "plot",
                                tr("chart 'scenarios' compares scenario files: give them with "
                                   "'--scenario FILE' (one or more)"));
    if (strcmp(a->kind->name, "scenarios") != 0 && a->n_scenarios > 1)
        return cmd_usage_errorf(ctx, "plot", tr("chart '%s' takes one '--scenario FILE'"),
                                a->kind->name);
    if (!a->out || !*a->out)
        return cmd_usage_errorf(ctx, "plot", tr("option '--out FILE' is required"));
    dot = strrchr(a->out, '.');
    if (!dot || (strcasecmp(dot, ".png") && strcasecmp(dot, ".svg") && strcasecmp(dot, ".pdf")))
        return cmd_usage_errorf(
            ctx, "plot", tr("option '--out' wants a file ending in .png, .svg or .pdf, not '%s'"),
            a->out);
    if (strpbrk(a->out, "\n\r\t"))
        return cmd_usage_errorf(ctx, "plot",
                                tr("option '--out' wants a file name without control "
                                   "characters"));
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
    char *tmp = NULL;
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
    /*
     * The chart goes to a temporary name beside --out, renamed into place
     * once gnuplot is done and the file is complete: a failed plot leaves
     * the previous file, or nothing.  Fail before any work if the
     * directory cannot be written.
     */
    tmp = files_temp_path(a.out);
    probe = fopen(tmp, "wb");
    if (!probe) {
        rc = att_errf(&ctx->err, att_status_errno(errno), tr("cannot create '%s': %s"), a.out,
                      strerror(errno));
        free(tmp);
        return rc;
    }
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
    o.path = tmp;
    o.labels = ctx->lang == ATT_LANG_ZH ? &plot_labels_zh : &plot_labels_en;
    o.height = chart.height;
    font = tools_find_font();
    o.font = font;
    prc = plot_session_open(&s, "gnuplot", msg, sizeof msg);
    if (prc) {
        rc = att_errf(&ctx->err, ATT_EUNAVAILABLE, tr("cannot start gnuplot: %s"), msg);
        goto out;
    }
    prc = a.kind->write(plot_session_stream(s), &o, &chart);
    if (prc)
        rc =
            att_errf(&ctx->err, ATT_EINTERNAL, tr("cannot draw the chart: %s"), plot_strerror(prc));
    prc = plot_session_close(s, msg, sizeof msg);
    if (!rc && (prc || !files_chart_complete(tmp))) {
        if (files_disk_full(tmp))
            rc = att_errf(&ctx->err, ATT_EIO, tr("cannot write '%s': no space left on the disk"),
                          a.out);
        else if (prc)
            rc = att_errf(&ctx->err, ATT_EINTERNAL, tr("gnuplot failed: %s"), msg);
        else
            rc = att_errf(&ctx->err, ATT_EIO,
                          tr("cannot write '%s': gnuplot wrote an incomplete file"), a.out);
    }
    if (!rc && !(rc = files_commit(tmp, a.out, &ctx->err)))
        printf("%s\n", a.out);
out:
    if (rc)
        unlink(tmp);
    free(tmp);
    free(font);
    report_src_release(&src);
    report_src_release(&ssrc);
    pipe_free(p);
    pipe_free(ps);
    for (k = 0; k < 8; k++)
        scenario_free(sc[k]);
    return rc;
}
