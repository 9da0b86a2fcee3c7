/*
 * engine/cmd_scenario.c -- `attain scenario compare FILE...` and `attain
 * scenario solve`: a planner's what-if questions.
 *
 * compare: every target's probability and expected value under the
 * baseline and each scenario, side by side (table), or one row per target
 * and scenario (csv, json).  The pipeline fits every series once and
 * simulates its paths once; each scenario then starts from copies of the
 * same paths (pipe_opts.variants), so a difference between two columns is
 * the levers' effect, not Monte Carlo noise.
 *
 * solve: the smallest lever (a growth factor from a year on, or extra units
 * a year) that lifts one target's probability to P.  The probability is
 * monotone in the lever on common random numbers, so the answer is
 * bracketed by bisection; each round tries SOLVE_GRID levers at once on the
 * same paths (one pipeline run), which narrows the bracket SOLVE_GRID - 1
 * times per round instead of twice.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "messages.h"
#include "names.h"
#include "output.h"
#include "pipeline.h"
#include "plot.h"
#include "scenario.h"
#include "target_cols.h"
#include "xalloc.h"

#define SOLVE_GRID 17         /* levers tried per round of the search */
#define SOLVE_GROWTH_TOL 1e-3 /* the growth factor to within this */

/* `attain scenario --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_scenario_usage[] =
    "usage: attain scenario compare FILE.ini... [--region R] [--indicator I] [--as-of P]\n"
    "       attain scenario solve --indicator I --year YYYY --probability P [--region R]\n"
    "                      [--lever growth|additions] [--from YYYY] [--regions R,...]\n"
    "                      [--max X] [--out FILE.ini]\n"
    "\n"
    "A scenario file is INI: [scenario] name, note; then one [section] per indicator\n"
    "(code or Chinese name) with regions (default every region), from (first year),\n"
    "growth (x1.2, ×1.2, +15%, -10%: each path's yearly change scaled), additions\n"
    "(units more a year), capacity (a ceiling) and shock (2024:-8% or 2024:-12: a\n"
    "one-off change of level that a stock keeps).  A lever on a city acts on its\n"
    "districts in proportion.  Errors are FILE:LINE: message, exit status 65.\n"
    "\n"
    "compare  every target's probability and expected value under the baseline and\n"
    "         each scenario, all from the same simulated paths (the differences are\n"
    "         the levers', not chance); csv/json: one row per target and scenario\n"
    "solve    the smallest lever that lifts one target's probability to P: a growth\n"
    "         factor (default, up to --max, default ×3) or extra units a year (up to\n"
    "         --max, default the target's value), from --from (default the first\n"
    "         year forecast), in --regions (default the target's region); --out\n"
    "         writes it as a scenario file.  Says 'not reachable' when the bound\n"
    "         does not reach P.\n"
    "\n"
    "  --region R       compare: only region R's targets; solve: the target's region\n"
    "  --indicator I    compare: only indicator I; solve: the target's indicator\n"
    "  --year YYYY      solve: the target's deadline\n"
    "  --probability P  solve: the probability wanted (0.8 for 80%)\n"
    "  --as-of P        ignore data after P (YYYY or YYYY-MM)\n"
    "  --model M        as for 'attain forecast' (default auto)\n";
/* clang-format on */

/* Options both sub-verbs take (those of the pipeline) and solve's own. */
struct scen_args {
    struct pipe_cli cli;
    int lever;           /* solve: 0 growth, 1 additions */
    const char *regions; /* solve: where the lever acts */
    double probability;  /* solve (0: not given) */
    double bound;        /* solve: the largest lever tried (0: default) */
    long year, from;
    const char *out;
};

static int parse_probability(struct att_ctx *ctx, const char *cmd, const struct cmd_opt *opt,
                             const char *value)
{
    char *end;
    double p = strtod(value, &end);

    if (end == value || *end || !(p > 0.0 && p < 1.0))
        return cmd_usage_errorf(ctx, cmd,
                                tr("option '--probability' wants a number between 0 and 1 "
                                   "(0.8 for 80%%), not '%s'"),
                                value);
    *(double *)opt->out = p;
    return ATT_OK;
}

static int parse_bound(struct att_ctx *ctx, const char *cmd, const struct cmd_opt *opt,
                       const char *value)
{
    char *end;
    double x = strtod(value, &end);

    if (end == value || *end || !(x > 0.0) || !isfinite(x))
        return cmd_usage_errorf(ctx, cmd, tr("option '--max' wants a number above 0, not '%s'"),
                                value);
    *(double *)opt->out = x;
    return ATT_OK;
}

/* compare's row of an option of solve's. */
static int refuse(struct att_ctx *ctx, const char *cmd, const struct cmd_opt *opt,
                  const char *value)
{
    (void)value;
    return cmd_usage_errorf(ctx, cmd, tr("option '--%s' is for 'scenario solve'"), opt->name);
}

/* argv[0] is "scenario compare" or "scenario solve" (cmd_scenario). */
static int parse_args(int argc, char **argv, struct att_ctx *ctx, bool solve, struct scen_args *a)
{
    static const char *const levers[] = {"growth", "additions", NULL};
    struct cmd_opt opts[PIPE_CLI_MAX_OPTIONS + 7];
    size_t n, k;
    int rc;

    memset(a, 0, sizeof *a);
    pipe_cli_init(&a->cli, argv[0]);
    n = pipe_cli_options(&a->cli, 0, opts);
    opts[n++] = (struct cmd_opt){"year", CMD_OPT_LONG, &a->year, 1000, 9999, NULL, NULL};
    opts[n++] = (struct cmd_opt){"lever", CMD_OPT_CHOICE, &a->lever, 0, 0, levers, NULL};
    opts[n++] = (struct cmd_opt){"from", CMD_OPT_LONG, &a->from, 1000, 9999, NULL, NULL};
    opts[n++] = (struct cmd_opt){"regions", CMD_OPT_TEXT, &a->regions, 0, 0, NULL, NULL};
    opts[n++] =
        (struct cmd_opt){"probability", CMD_OPT_FN, &a->probability, 0, 0, NULL, parse_probability};
    opts[n++] = (struct cmd_opt){"max", CMD_OPT_FN, &a->bound, 0, 0, NULL, parse_bound};
    opts[n++] = (struct cmd_opt){"out", CMD_OPT_TEXT, &a->out, 0, 0, NULL, NULL};
    for (k = n - 7; !solve && k < n; k++) {
        opts[k].type = CMD_OPT_FN;
        opts[k].parse = refuse;
    }
    rc = cmd_parse_options(ctx, argc, argv, opts, n, solve ? 1 : INT_MAX);
    return rc ? rc : pipe_cli_check(ctx, &a->cli);
}

/* ---- compare -------------------------------------------------------------- */

static void percent(char *buf, size_t size, const struct pipe_vresult *r)
{
    if (r->has_result)
        plot_percent(buf, size, r->res.probability);
    else
        snprintf(buf, size, "-");
}

/* The wide table: a target per row, three columns per scenario. */
static int write_compare_table(const struct pipe *p, struct scenario **sc, size_t nv,
                               const struct att_ctx *ctx)
{
    bool zh = ctx->lang == ATT_LANG_ZH;
    size_t ncols = 5 + 2 + 3 * (nv - 1), i, v, c;
    struct out_col *cols = xcalloc(ncols, sizeof *cols);
    char **names = xcalloc(ncols, sizeof *names);
    struct out_table *t;
    int rc;

    static const struct out_col lead[7] = {
        {"region", "地区", "region", OUT_TEXT, 0, 0},
        {"indicator", "指标", "indicator", OUT_TEXT, 0, 0},
        {"deadline", "期限", "deadline", OUT_TEXT, 0, 0},
        {"kind", "类型", "kind", OUT_TEXT, 0, 0},
        {"target", "目标", "target", OUT_REAL, 1, 0},
        {"p0", "基线概率", "baseline p", OUT_TEXT, 0, OUT_COL_RIGHT},
        {"e0", "基线预期", "expected", OUT_REAL, 1, 0},
    };
    memcpy(cols, lead, sizeof lead);
    for (v = 1, c = 7; v < nv; v++, c += 3) {
        names[c] = xasprintf("%s%s", sc[v]->name, zh ? "概率" : " p");
        names[c + 1] = xasprintf("%s", zh ? "预期" : "expected");
        names[c + 2] = xasprintf("%s", zh ? "变化" : "change");
        cols[c] = (struct out_col){"p", names[c], names[c], OUT_TEXT, 0, OUT_COL_RIGHT};
        cols[c + 1] = (struct out_col){"e", names[c + 1], names[c + 1], OUT_REAL, 1, 0};
        cols[c + 2] = (struct out_col){"d", names[c + 2], names[c + 2], OUT_TEXT, 0, OUT_COL_RIGHT};
    }
    t = out_table_new(cols, ncols);
    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *tg = &p->targets[i];
        const struct pipe_vresult *b = &p->vres[i];
        char buf[32];
        out_row(t);
        out_text(t, 0, out_name(true, zh, tg->region_code, tg->region_name, NULL));
        out_text(t, 1,
                 out_name(true, zh, tg->indicator_code, tg->indicator_name, tg->indicator_name_en));
        if (tg->spec.is_increment && tg->spec.start != tg->spec.deadline)
            snprintf(buf, sizeof buf, "%d-%d", tg->spec.start, tg->spec.deadline);
        else
            snprintf(buf, sizeof buf, "%d", tg->spec.deadline);
        out_text(t, 2, buf);
        out_text(t, 3, target_kind_label(tg, zh));
        out_real(t, 4, tg->spec.value);
        percent(buf, sizeof buf, b);
        out_text(t, 5, buf);
        if (b->has_result)
            out_real(t, 6, b->res.expected);
        for (v = 1, c = 7; v < nv; v++, c += 3) {
            const struct pipe_vresult *r = &p->vres[v * p->n_targets + i];
            percent(buf, sizeof buf, r);
            out_text(t, c, buf);
            if (!r->has_result || !b->has_result)
                continue;
            out_real(t, c + 1, r->res.expected);
            /* The change in whole percentage points, as the percentages read. */
            long d = lround(100.0 * (r->res.probability - b->res.probability));
            snprintf(buf, sizeof buf, d ? "%+ld" : "0", d);
            out_text(t, c + 2, buf);
        }
    }
    rc = out_table_write(t, stdout, ctx->format, ctx->lang, 0, (struct att_err *)&ctx->err);
    out_table_free(t);
    for (c = 0; c < ncols; c++)
        free(names[c]);
    free(names);
    free(cols);
    return rc;
}

/* csv/json: one row per target and scenario (the baseline first), every column. */
static int write_compare_long(const struct pipe *p, struct scenario **sc, size_t nv,
                              struct att_ctx *ctx)
{
    static const struct out_col cols[] = {
        {"region", "地区", "region", OUT_TEXT, 0, 0},
        {"indicator", "指标", "indicator", OUT_TEXT, 0, 0},
        {"deadline", "期限", "deadline", OUT_INT, 0, 0},
        {"kind", "类型", "kind", OUT_TEXT, 0, 0},
        {"start", "起始", "start", OUT_INT, 0, 0},
        {"target", "目标", "target", OUT_REAL, -1, 0},
        {"scenario", "情景", "scenario", OUT_TEXT, 0, 0},
        {"file", "文件", "file", OUT_TEXT, 0, 0},
        {"probability", "达成概率", "probability", OUT_REAL, -1, 0},
        {"expected", "预期", "expected", OUT_REAL, -1, 0},
        {"lo80", "80%下限", "lo80", OUT_REAL, -1, 0},
        {"hi80", "80%上限", "hi80", OUT_REAL, -1, 0},
        {"status", "状态", "status", OUT_TEXT, 0, 0},
        {"change_probability", "概率变化", "change_probability", OUT_REAL, -1, 0},
        {"change_expected", "预期变化", "change_expected", OUT_REAL, -1, 0},
    };
    struct out_table *t = out_table_new(cols, sizeof cols / sizeof cols[0]);
    size_t i, v;
    int rc;

    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *tg = &p->targets[i];
        const struct pipe_vresult *b = &p->vres[i];
        for (v = 0; v < nv; v++) {
            const struct pipe_vresult *r = &p->vres[v * p->n_targets + i];
            out_row(t);
            out_text(t, 0, tg->region_code);
            out_text(t, 1, tg->indicator_code);
            out_int(t, 2, tg->spec.deadline);
            out_text(t, 3, target_kind_label(tg, false));
            out_int(t, 4, tg->spec.start);
            out_real(t, 5, tg->spec.value);
            out_text(t, 6, v ? sc[v]->name : "baseline");
            out_text(t, 7, v ? sc[v]->path : NULL);
            if (!r->has_result)
                continue;
            out_real(t, 8, r->res.probability);
            out_real(t, 9, r->res.expected);
            out_real(t, 10, r->res.lo80);
            out_real(t, 11, r->res.hi80);
            out_text(t, 12, model_target_status_name(r->res.status));
            if (b->has_result) {
                out_real(t, 13, r->res.probability - b->res.probability);
                out_real(t, 14, r->res.expected - b->res.expected);
            }
        }
    }
    rc = out_table_write(t, stdout, ctx->format, ctx->lang, 0, &ctx->err);
    out_table_free(t);
    return rc;
}

static int scenario_compare(int argc, char **argv, struct att_ctx *ctx)
{
    struct scen_args a;
    struct pipe_opts po;
    struct pipe *p = NULL;
    struct scenario **sc = NULL;
    size_t nv = 0, i;
    int rc = parse_args(argc, argv, ctx, false, &a);

    if (rc)
        return rc;
    /* argv[optind] is "compare"; the files follow. */
    if (optind + 1 >= argc)
        return cmd_usage_errorf(ctx, a.cli.cmd,
                                tr("which scenario files? (attain scenario compare "
                                   "FILE.ini...)"));
    pipe_opts_init(&po, ctx);
    rc = pipe_cli_apply(&a.cli, ctx, &po);
    if (rc)
        goto out;
    nv = (size_t)(argc - optind);
    sc = xcalloc(nv, sizeof *sc); /* sc[0]: the baseline, NULL */
    for (i = 1; i < nv; i++) {
        rc = scenario_load(ctx->db, argv[optind + (int)i], a.cli.as_of, &sc[i], &ctx->err);
        if (rc)
            goto out;
    }
    po.targets = true;
    po.no_summaries = true;
    po.variants = (const struct scenario *const *)sc;
    po.n_variants = nv;
    po.progress = false;
    rc = pipe_run(ctx->db, &po, &p, &ctx->err);
    if (!rc)
        rc = pipe_record_run(ctx->db, "scenario compare", argc, argv, &po, p, &ctx->err);
    if (!rc)
        rc = ctx->format == ATT_FMT_TABLE ? write_compare_table(p, sc, nv, ctx)
                                          : write_compare_long(p, sc, nv, ctx);
out:
    pipe_free(p);
    for (i = 0; i < nv; i++)
        scenario_free(sc[i]);
    free(sc);
    pipe_cli_release(&a.cli);
    return rc;
}

/* ---- solve ---------------------------------------------------------------- */

/* Comma-separated region names into ids (ATT_EDATA with did-you-mean). */
static int resolve_regions(struct att_ctx *ctx, const char *list, int64_t **ids, size_t *n)
{
    char *copy = xstrdup(list), *s = copy, *comma;
    int rc = ATT_OK;

    *ids = xcalloc(strlen(list) + 1, sizeof **ids);
    *n = 0;
    for (;;) {
        comma = strchr(s, ',');
        if (comma)
            *comma = '\0';
        rc = names_resolve(ctx->db, NAMES_REGION, s, &(*ids)[*n], &ctx->err);
        if (rc)
            break;
        (*n)++;
        if (!comma)
            break;
        s = comma + 1;
    }
    free(copy);
    return rc;
}

static int scenario_solve(int argc, char **argv, struct att_ctx *ctx)
{
    struct scen_args a;
    struct pipe_opts po;
    struct db_target *tg = NULL;
    struct db_series *ser = NULL;
    size_t n_tg = 0, n_ser = 0, i, k;
    const struct db_target *target = NULL;
    struct scen_lever tmpl;
    int64_t *region_ids = NULL;
    double hi;
    bool growth, is_count = true;
    int rc = parse_args(argc, argv, ctx, true, &a), first_year = 0;

    memset(&tmpl, 0, sizeof tmpl);
    if (rc)
        return rc;
    if (!a.cli.indicator || !a.year || !(a.probability > 0.0))
        return cmd_usage_errorf(ctx, a.cli.cmd,
                                tr("--indicator, --year and --probability are needed "
                                   "(attain scenario solve --indicator I --year YYYY "
                                   "--probability 0.8)"));
    growth = a.lever == 0;
    pipe_opts_init(&po, ctx);
    rc = pipe_cli_apply(&a.cli, ctx, &po);
    if (rc)
        goto out;
    /* The target: of the indicator and year, in --region or a top region. */
    rc = db_targets(ctx->db, po.region_id, po.indicator_id, &tg, &n_tg, &ctx->err);
    if (rc)
        goto out;
    for (i = 0; i < n_tg; i++)
        if (tg[i].deadline == a.year && (target == NULL || po.region_id == 0)) {
            if (target && target->region_id != tg[i].region_id) {
                struct db_region *r = NULL;
                size_t nr = 0;
                bool top = false;
                if (db_regions(ctx->db, &r, &nr, &ctx->err) == ATT_OK)
                    for (k = 0; k < nr; k++)
                        if (r[k].id == tg[i].region_id)
                            top = r[k].parent_id == 0;
                db_regions_free(r, nr);
                if (!top)
                    continue;
            }
            target = &tg[i];
        }
    if (!target) {
        if (a.cli.region)
            rc = att_errf(&ctx->err, ATT_EDATA, tr("no target of '%s' in %ld for %s"),
                          a.cli.indicator, a.year, a.cli.region);
        else
            rc = att_errf(&ctx->err, ATT_EDATA, tr("no target of '%s' in %ld"), a.cli.indicator,
                          a.year);
        goto out;
    }
    /* Where the lever acts: --regions, else the target's region. */
    tmpl.indicator_id = target->indicator_id;
    tmpl.indicator = target->indicator_code;
    if (a.regions) {
        rc = resolve_regions(ctx, a.regions, &region_ids, &tmpl.n_regions);
        if (rc)
            goto out;
    } else {
        region_ids = xcalloc(1, sizeof *region_ids);
        region_ids[0] = target->region_id;
        tmpl.n_regions = 1;
    }
    tmpl.region_ids = region_ids;
    /* The first simulated year (the default `from`), and whether the series counts. */
    rc = db_series_list(ctx->db, target->region_id, target->indicator_id, &ser, &n_ser, &ctx->err);
    if (rc)
        goto out;
    if (n_ser) {
        struct db_obs *o = NULL;
        size_t no = 0;
        rc = db_observations(ctx->db, target->region_id, target->indicator_id, a.cli.as_of, &o, &no,
                             &ctx->err);
        if (rc)
            goto out;
        for (k = 0; k < no; k++) {
            if (o[k].month == 0 && o[k].year + 1 > first_year)
                first_year = o[k].year + 1;
            is_count &= o[k].value == floor(o[k].value);
        }
        db_obs_free(o, no);
    }
    tmpl.lever.from = a.from ? (int)a.from : first_year;
    if (a.from && a.from > a.year) {
        rc = att_errf(&ctx->err, ATT_EUSAGE,
                      tr("attain scenario solve: --from %ld is after the target's year %ld"),
                      a.from, a.year);
        ctx->err.located = true;
        goto out;
    }
    po.indicator_id = target->indicator_id; /* only its indicator's trees are computed */
    po.region_id = 0;
    po.targets = true;
    po.no_summaries = true;

    struct solve_result res;
    rc = scenario_solve_target(ctx->db, &po, &tmpl, target->id, growth, is_count, a.probability,
                               a.bound > 0 ? a.bound
                               : growth    ? 3.0
                                           : fmax(1.0, ceil(target->value)),
                               &res, &ctx->err);
    if (rc)
        goto out;
    bool reachable = res.reachable, already = res.already;
    double bound_x = res.bound, p0 = res.baseline_probability, p_hi = res.probability;
    hi = res.value;

    /* The answer, and the file the planner keeps. */
    char value[64], pbuf[16], p0buf[16], ptbuf[16], regions[512] = "", shown[512] = "";
    for (k = 0; k < tmpl.n_regions; k++) {
        struct db_region *r = NULL;
        size_t nr = 0, j;
        if (db_regions(ctx->db, &r, &nr, &ctx->err) != ATT_OK)
            break;
        for (j = 0; j < nr; j++)
            if (r[j].id == tmpl.region_ids[k]) {
                /* The file names regions by name; the console as the tables do. */
                size_t len = strlen(regions), slen = strlen(shown);
                snprintf(regions + len, sizeof regions - len, "%s%s", k ? ", " : "", r[j].name);
                snprintf(shown + slen, sizeof shown - slen, "%s%s", k ? tr(", ") : "",
                         out_name(true, ctx->lang == ATT_LANG_ZH, r[j].code, r[j].name, NULL));
            }
        db_regions_free(r, nr);
    }
    struct lever ans = tmpl.lever;
    ans.flags = growth ? LEVER_GROWTH : LEVER_ADDITIONS;
    double xv = hi;
    if (growth)
        ans.growth = xv;
    else
        ans.additions = xv;
    if (growth)
        snprintf(value, sizeof value, "×%.3f", xv);
    else
        snprintf(value, sizeof value, "%+g", xv);
    plot_percent(p0buf, sizeof p0buf, p0);
    plot_percent(pbuf, sizeof pbuf, already ? p0 : p_hi);
    plot_percent(ptbuf, sizeof ptbuf, a.probability);

    static const struct out_col cols[] = {
        {"region", "地区", "region", OUT_TEXT, 0, 0},
        {"indicator", "指标", "indicator", OUT_TEXT, 0, 0},
        {"deadline", "期限", "deadline", OUT_INT, 0, 0},
        {"target", "目标", "target", OUT_REAL, -1, 0},
        {"lever", "杠杆", "lever", OUT_TEXT, 0, 0},
        {"from", "起始年", "from", OUT_INT, 0, 0},
        {"regions", "作用地区", "regions", OUT_TEXT, 0, 0},
        {"value", "所需", "needed", OUT_REAL, -1, 0},
        {"baseline_probability", "基线概率", "baseline p", OUT_REAL, 4, 0},
        {"probability", "达成概率", "probability", OUT_REAL, 4, 0},
        {"reachable", "可达", "reachable", OUT_TEXT, 0, 0},
        {"bound", "上限", "bound", OUT_REAL, -1, 0},
    };
    struct out_table *t = out_table_new(cols, sizeof cols / sizeof cols[0]);
    bool zh = ctx->lang == ATT_LANG_ZH, table = ctx->format == ATT_FMT_TABLE;
    struct db_indicator *inds = NULL;
    size_t n_inds = 0;
    const char *name_en = NULL;
    if (table && !zh && db_indicators(ctx->db, &inds, &n_inds, &ctx->err) == ATT_OK)
        for (k = 0; k < n_inds; k++)
            if (inds[k].id == target->indicator_id)
                name_en = inds[k].name_en;
    out_row(t);
    out_text(t, 0, out_name(table, zh, target->region_code, target->region_name, NULL));
    out_text(t, 1, out_name(table, zh, target->indicator_code, target->indicator_name, name_en));
    db_indicators_free(inds, n_inds);
    out_int(t, 2, target->deadline);
    out_real(t, 3, target->value);
    out_text(t, 4, growth ? "growth" : "additions");
    out_int(t, 5, tmpl.lever.from);
    out_text(t, 6, regions);
    if (reachable)
        out_real(t, 7, xv);
    out_real(t, 8, p0);
    out_real(t, 9, reachable ? (already ? p0 : p_hi) : p_hi);
    out_text(t, 10, reachable ? "yes" : "no");
    out_real(t, 11, bound_x);
    if (!table)
        rc = out_table_write(t, stdout, ctx->format, ctx->lang, 0, &ctx->err);
    out_table_free(t);
    if (rc)
        goto out;
    if (table) {
        char bound[32];
        snprintf(bound, sizeof bound, growth ? "×%g" : "%+g", bound_x);
        if (zh)
            printf("%s %s %ld年 %s %g: 基线达成概率 %s\n", target->region_name,
                   target->indicator_name, a.year,
                   strcmp(target->kind, "increment") == 0 ? "新增" : "达到", target->value, p0buf);
        else
            printf("%s %s %ld %s %g: baseline probability %s\n", target->region_code,
                   target->indicator_code, a.year, target->kind, target->value, p0buf);
        if (already)
            printf(tr("no lever needed: the baseline reaches %s\n"), ptbuf);
        else if (!reachable)
            printf(tr("not reachable: with %s up to the bound %s the probability is only %s "
                      "(wanted %s)\n"),
                   growth ? "growth" : "additions", bound, pbuf, ptbuf);
        else if (growth)
            printf(tr("needed: from %d in %s, every year's change %s: probability %s (wanted "
                      "%s)\n"),
                   tmpl.lever.from, shown, value, pbuf, ptbuf);
        else
            printf(tr("needed: from %d in %s, %s more a year: probability %s (wanted %s)\n"),
                   tmpl.lever.from, shown, value, pbuf, ptbuf);
    }
    if (a.out && reachable) {
        FILE *f = fopen(a.out, "w");
        char name[128], note[256];
        if (!f) {
            rc = att_errf(&ctx->err, ATT_ECANTCREAT, tr("cannot create '%s': %s"), a.out,
                          strerror(errno));
            goto out;
        }
        snprintf(name, sizeof name, "%s%ld年%s", target->indicator_name, a.year, ptbuf);
        snprintf(note, sizeof note, "attain scenario solve: %s %s %ld %g, probability %s",
                 target->region_name, target->indicator_name, a.year, target->value, ptbuf);
        scenario_write(f, name, note, target->indicator_name, regions, &ans);
        if (ferror(f) | (fclose(f) != 0)) {
            rc = att_errf(&ctx->err, ATT_EIO, tr("cannot write '%s'"), a.out);
            goto out;
        }
        if (table)
            printf(tr("written to %s\n"), a.out);
    }
out:
    free(region_ids);
    db_series_free(ser, n_ser);
    db_targets_free(tg, n_tg);
    pipe_cli_release(&a.cli);
    return rc;
}

/* The sub-verbs, sorted by name, and the command their messages name. */
static char compare_cmd[] = "scenario compare", solve_cmd[] = "scenario solve";
static const struct {
    const char *name;
    int (*fn)(int argc, char **argv, struct att_ctx *ctx);
    char *cmd;
} verbs[] = {
    {"compare", scenario_compare, compare_cmd},
    {"solve", scenario_solve, solve_cmd},
};

int cmd_scenario(int argc, char **argv, struct att_ctx *ctx)
{
    size_t k;
    int i;

    /* The verb is the first argument that is not an option (getopt permutes the rest). */
    for (i = 1; i < argc && argv[i][0] == '-'; i++)
        if (!strchr(argv[i], '=') && i + 1 < argc && strcmp(argv[i], "--") != 0)
            i++; /* every option of these verbs takes a value */
    if (i >= argc)
        return cmd_usage_errorf(ctx, "scenario",
                                tr("compare or solve? (attain scenario compare "
                                   "FILE.ini..., attain scenario solve ...)"));
    for (k = 0; k < sizeof verbs / sizeof verbs[0]; k++)
        if (strcmp(argv[i], verbs[k].name) == 0) {
            argv[0] = verbs[k].cmd; /* "attain scenario solve: ..." */
            return verbs[k].fn(argc, argv, ctx);
        }
    return cmd_usage_errorf(ctx, "scenario", tr("unknown verb '%s' (compare or solve)"), argv[i]);
}
