/*
 * engine/cmd_targets.c -- `attain targets`: will each target of the plan be
 * met, how sure are we, and what would it take.
 *
 * One row per target: region,indicator,deadline,kind,target,baseline,
 * expected,lo80,hi80,probability,status,required_growth,reach_year,model
 * (the documented columns; models/target.c defines each quantity), and in csv and
 * json three more: start (first year of an increment), lead_unit, and flags,
 * a ';'-separated list of
 *   no_data             no series for the target: nothing to judge it by
 *   before_history      it needs a year before the series' first figure (an
 *                       increment from 2015 when the data start in 2016)
 *   not_forecast        the series could not be forecast (its note says why)
 *   beyond_horizon      its deadline is past the 40 simulated years
 *   decided             every year it needs is observed (probability 0 or 1)
 *   met                 met whatever happens from now on
 *   unreachable         the growth it needs exceeds every yearly growth seen
 *                       (and the futures agree: probability < 0.5)
 *   no_growth           no constant growth from the last level reaches it
 *                       (e.g. from zero; probability < 0.5)
 *   ytd_flat            a year-to-date figure was projected with a flat profile
 *   remainder           the region's own figures are not its districts' sum: the
 *                       part not allocated to them (其他/未分配) is forecast as
 *                       one more district and reconciled with them
 *   remainder_negative=Y,Z  the districts' figures exceed the region's in years
 *                       Y, Z (inconsistent data; the remainder has no floor)
 *   split_sum=S         the districts' targets for the same thing add up to S,
 *                       not to this target's value
 *   split_missing=a,b   districts (codes) with no share of a split target
 *   behind_pace=D%<E%   the year to date has done D% of a one-year target when
 *                       earlier years had done E% of theirs by that month
 *   model_differs=P     with --model M (not auto): the default (auto) gives the
 *                       target probability P, at least 0.3 away from M's
 * In table format the flags become notes after the table, followed by the
 * progress summary: how many targets are behind (at_risk or off_track) per
 * district and per lead unit, the plan's monthly report (use --as-of
 * YYYY-MM for the view of a given month).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "changes.h"
#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "output.h"
#include "pipeline.h"
#include "target_cols.h"
#include "target_flags.h"
#include "xalloc.h"
#include "xlsx.h"

/* What moved since the previous run, one line per target whose shown percent moved. */
static void write_changes(const struct pipe *p, const struct change_set *cs, bool zh)
{
    char text[128], years[32];
    size_t i, k = 0;

    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];
        if (!change_text(cs, i, zh, text, sizeof text))
            continue;
        if (k++ == 0)
            printf(zh ? "\n较上次运行 (数据截至 %s) 的变化:\n"
                      : "\nchanges since the previous run (data as of %s):\n",
                   cs->as_of);
        printf("  %s %s %s %s %.15g: %s\n", zh ? t->region_name : t->region_code,
               zh ? t->indicator_name : t->indicator_code,
               target_years_text(t, years, sizeof years), target_kind_label(t, zh), t->spec.value,
               text);
    }
}

static void write_notes(const struct pipe *p, const struct flag_set *fs, bool zh)
{
    struct tally *by_region = xcalloc(1, sizeof *by_region), *by_lead = xcalloc(1, sizeof *by_lead);
    size_t i, k = 0, n_flat = 0;

    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];
        char kindbuf[32];
        target_years_text(t, kindbuf, sizeof kindbuf);
        if (flag_has(&fs[i], TF_YTD_FLAT))
            n_flat++;
        if (fs[i].set & ~(1u << TF_YTD_FLAT)) {
            if (k++ == 0)
                printf("\n%s\n", zh ? "注:" : "notes:");
            printf("  %s %s %s %s %.15g: ", zh ? t->region_name : t->region_code,
                   zh ? t->indicator_name : t->indicator_code, kindbuf, target_kind_label(t, zh),
                   t->spec.value);
            {
                char *say = flag_sentences(&fs[i], zh, false);
                printf("%s\n", say);
                free(say);
            }
        }
        if (t->has_result && !(t->res.flags & TARGET_F_DECIDED)) {
            bool behind = t->res.status != TARGET_ON_TRACK;
            tally_add(by_region, zh ? t->region_name : t->region_code, behind);
            tally_add_units(by_lead, t->lead_unit, behind);
        }
    }
    if (n_flat) {
        if (k++ == 0)
            printf("\n%s\n", zh ? "注:" : "notes:");
        printf(zh ? "  %zu 个目标的年内进度按均匀进度外推 (无往年月度数据)\n"
                  : "  %zu targets: year to date projected with a flat profile (no earlier "
                    "monthly figures)\n",
               n_flat);
    }
    if (by_region->n) {
        printf("\n");
        print_tally(by_region, zh ? "未达有望完成(有风险或落后)的目标, 按地区:"
                                  : "targets behind (at_risk or off_track), by region:");
        print_tally(by_lead, zh ? "按牵头单位:" : "by lead unit:");
    }
    tally_free(by_region);
    tally_free(by_lead);
}

/* The columns of `attain targets`, in order: the table shows them up to model. */
static const enum target_col cols[] = {
    TC_REGION,     TC_INDICATOR, TC_DEADLINE, TC_KIND,        TC_TARGET, TC_BASELINE,
    TC_EXPECTED,   TC_LO80,      TC_HI80,     TC_PROBABILITY, TC_STATUS, TC_REQUIRED_GROWTH,
    TC_REACH_YEAR, TC_MODEL,     TC_START,    TC_LEAD_UNIT,   TC_FLAGS,
};

/* `attain targets --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_targets_usage[] =
    "usage: attain targets [--as-of YYYY[-MM]] [--region R] [--indicator I] [--model M]\n"
    "                      [--shard K/N] [--scenario FILE] [--format xlsx --out FILE]\n"
    "\n"
    "Every target: region,indicator,deadline,kind,target,baseline,expected,lo80,hi80,\n"
    "probability,status,required_growth,reach_year,model (csv/json add start,\n"
    "lead_unit,flags).  status: on_track (probability >= 0.8), at_risk (>= 0.5),\n"
    "off_track.  The table is followed by notes: district splits that do not add up\n"
    "to the city target, unreachable targets, a --model whose probability is far\n"
    "from the default's (auto), and who is behind (by region and by lead unit);\n"
    "--as-of YYYY-MM gives the view of that month's progress report.\n"
    "\n"
    "  --as-of P        ignore data after P (YYYY or YYYY-MM)\n"
    "  --region R       only region R's targets\n"
    "  --indicator I    only indicator I\n"
    "  --model M        as for 'attain forecast' (default auto)\n"
    "  --shard K/N      as for 'attain forecast'\n"
    "  --out FILE       with --format xlsx: write the Excel workbook the report\n"
    "                   writes (targets.xlsx) to FILE, and print its path\n"
    "  --scenario FILE  with the levers of a scenario file (see 'attain scenario')\n";
/* clang-format on */

int cmd_targets(int argc, char **argv, struct att_ctx *ctx)
{
    struct pipe_cli cli;
    struct pipe_opts po;
    struct pipe *p = NULL, *ref = NULL;
    struct db_region *regions = NULL;
    struct db_target *all = NULL;
    size_t n_regions = 0, n_all = 0;
    struct target_flag_src fsrc;
    struct change_set changes = {CHANGE_NONE, "", 0, NULL, NULL};
    struct out_table *t = NULL;
    struct target_view view;
    struct flag_set *flags = NULL;
    bool table = ctx->format == ATT_FMT_TABLE, zh = ctx->lang == ATT_LANG_ZH;
    size_t i, n_cols;
    int rc;

    rc = pipe_cli_parse(argc, argv, ctx, PIPE_CLI_SHARD | PIPE_CLI_OUT, &cli);
    if (rc)
        return rc;
    if (ctx->format == ATT_FMT_XLSX && !cli.out)
        return cmd_usage_errorf(ctx, "targets", "'--format xlsx' needs '--out FILE'");
    if (ctx->format != ATT_FMT_XLSX && cli.out)
        return cmd_usage_errorf(ctx, "targets", "option '--out' is for '--format xlsx'");
    pipe_opts_init(&po, ctx);
    rc = pipe_cli_apply(&cli, ctx, &po);
    if (rc)
        goto out;
    po.targets = true;
    po.no_summaries = true; /* the table reads the targets only */
    po.progress = isatty(STDERR_FILENO);
    rc = pipe_run(ctx->db, &po, &p, &ctx->err);
    if (rc)
        goto out;
    rc = db_regions(ctx->db, &regions, &n_regions, &ctx->err);
    if (rc)
        goto out;
    rc = db_targets(ctx->db, 0, po.indicator_id, &all, &n_all, &ctx->err);
    if (rc)
        goto out;
    fsrc.regions = regions;
    fsrc.n_regions = n_regions;
    fsrc.targets = all;
    fsrc.n_targets = n_all;
    fsrc.ref = NULL;
    fsrc.model = cli.model;
    if (po.choice != PIPE_AUTO && ctx->format != ATT_FMT_XLSX) {
        /* The default's answer beside the chosen model's: same seed and paths. */
        struct pipe_opts ro = po;
        ro.choice = PIPE_AUTO;
        ro.progress = false;
        ro.no_reach = true; /* probabilities only */
        if ((rc = pipe_run(ctx->db, &ro, &ref, &ctx->err)))
            goto out;
        fsrc.ref = ref;
    }
    if ((rc = changes_read(ctx->db, p, &po, &changes, &ctx->err)))
        goto out;
    rc = pipe_record_run(ctx->db, "targets", argc, argv, &po, p, &ctx->err);
    if (rc)
        goto out;
    if (ctx->format == ATT_FMT_XLSX) {
        /* The bulletin's workbook, of the targets selected. */
        if ((rc = xlsx_write_targets(p, cli.out, &ctx->err)) == ATT_OK)
            printf("%s\n", cli.out);
        goto out;
    }
    flags = xcalloc(p->n_targets ? p->n_targets : 1, sizeof *flags);
    /* In table format the columns stop at model; the flags become notes after it. */
    for (n_cols = 0; cols[n_cols] != TC_MODEL; n_cols++)
        ;
    n_cols = table ? n_cols + 1 : sizeof cols / sizeof cols[0];
    target_view_init(&view, cols, n_cols, table, zh);
    t = out_table_new(view.cols, view.n);
    for (i = 0; i < p->n_targets; i++) {
        char *text;
        target_flags_of(p, &fsrc, i, &flags[i]);
        text = flag_text(&flags[i]);
        target_view_row(t, &view, p, i, text);
        free(text);
    }
    rc = out_table_print(t, ctx);
    if (!rc && table) {
        write_notes(p, flags, zh);
        write_changes(p, &changes, zh);
    }
out:
    if (flags)
        for (i = 0; i < p->n_targets; i++)
            flag_set_free(&flags[i]);
    free(flags);
    out_table_free(t);
    changes_release(&changes);
    db_regions_free(regions, n_regions);
    db_targets_free(all, n_all);
    pipe_free(p);
    pipe_free(ref);
    pipe_cli_release(&cli);
    return rc;
}
