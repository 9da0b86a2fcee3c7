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
#include "names.h"
#include "pipeline.h"
#include "plot.h"
#include "report.h"
#include "tools.h"

/* What the command line asked for. */
struct plot_args {
    const struct chart_kind *kind;
    const char *out, *region, *indicator, *as_of; /* as_of: as_of_buf, or NULL */
    char as_of_buf[8];
    const char *from; /* --from FILE: `attain backtest --format csv` output */
    int year;         /* --year, 0 if not given */
};

/* `attain plot --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_plot_usage[] =
    "usage: attain plot KIND --out FILE.png|.svg|.pdf [--region R] [--indicator I]\n"
    "                   [--year YYYY] [--as-of YYYY[-MM]] [--from FILE]\n"
    "\n"
    "Draw one chart with gnuplot; the file's extension chooses PNG, SVG or PDF.\n"
    "{charts}"
    "\n"
    "  --out FILE       where to write the chart (required)\n"
    "  --region R       region (code or Chinese name)\n"
    "  --indicator I    indicator (code or Chinese name)\n"
    "  --year YYYY      the target's deadline (projection, allocation)\n"
    "  --from FILE      backtest: the output of 'attain backtest --format csv'\n"
    "  --as-of P        ignore data after P (YYYY or YYYY-MM)\n"
    "Needs gnuplot (apt-get install gnuplot-nox): exit status 69 without it.\n";
/* clang-format on */

static int parse(int argc, char **argv, struct att_ctx *ctx, struct plot_args *a)
{
    long year = 0;
    const struct cmd_opt opts[] = {
        {"out", CMD_OPT_TEXT, &a->out, 0, 0},
        {"region", CMD_OPT_TEXT, &a->region, 0, 0},
        {"indicator", CMD_OPT_TEXT, &a->indicator, 0, 0},
        {"as-of", CMD_OPT_PERIOD, a->as_of_buf, 0, 0},
        {"year", CMD_OPT_LONG, &year, 1000, 9999},
        {"from", CMD_OPT_TEXT, &a->from, 0, 0},
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
    chart_kind_list(kinds, sizeof kinds);
    if (optind >= argc)
        return cmd_usage_errorf(ctx, "plot", "which chart? %s", kinds);
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
    struct report_src src;
    struct plot_session *s = NULL;
    struct chart chart;
    struct chart_req req;
    struct pipe no_pipe;
    struct plot_output o;
    char msg[1024] = "";
    char *font = NULL;
    FILE *probe;
    char *tmp = NULL;
    int rc, prc;

    memset(&src, 0, sizeof src);
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
        rc = att_errf(&ctx->err, att_status_errno(errno), "cannot create '%s': %s", a.out,
                      strerror(errno));
        free(tmp);
        return rc;
    }
    fclose(probe);

    pipe_opts_init(&po, ctx);
    po.as_of = a.as_of;
    po.indicator_id = req.indicator;
    po.targets = true;
    /* A chart that reads a file needs no forecasts. */
    if (!a.kind->from && (rc = report_until(ctx->db, &po.until, &ctx->err)))
        goto out;
    if (!a.kind->from && (rc = pipe_run(ctx->db, &po, &p, &ctx->err)))
        goto out;
    if ((rc = report_src_init(&src, ctx->db, p ? p : &no_pipe, ctx->lang == ATT_LANG_ZH, a.as_of,
                              &ctx->err)))
        goto out;
    src.opts = &po; /* the allocation's equal-risk split: same seed and paths */
    chart.kind = a.kind;
    if ((rc = a.kind->plot(&src, &req, &chart)))
        goto out;
    memset(&o, 0, sizeof o);
    o.path = tmp;
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
    if (!rc && (prc || !files_chart_complete(tmp))) {
        if (files_disk_full(tmp))
            rc =
                att_errf(&ctx->err, ATT_EIO, "cannot write '%s': no space left on the disk", a.out);
        else if (prc)
            rc = att_errf(&ctx->err, ATT_EINTERNAL, "gnuplot failed: %s", msg);
        else
            rc = att_errf(&ctx->err, ATT_EIO, "cannot write '%s': gnuplot wrote an incomplete file",
                          a.out);
    }
    if (!rc && !(rc = files_commit(tmp, a.out, &ctx->err)))
        printf("%s\n", a.out);
out:
    if (rc)
        unlink(tmp);
    free(tmp);
    free(font);
    report_src_release(&src);
    pipe_free(p);
    return rc;
}
