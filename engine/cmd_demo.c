/*
 * engine/cmd_demo.c -- `attain demo [--out DIR]`: the bundled Panjin data
 * set (compiled into the program, see embedded.h) into a fresh database
 * DIR/attain.db, then what it holds.
 *
 * The demo is a list of steps run in order (demo_steps[] below); a later
 * feature (forecasts, the report) is one more function and one more row.
 * Each step gets the shared struct demo and the context, whose ctx->db is
 * the demo database (the dispatcher closes it after the command).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "embedded.h"
#include "load.h"
#include "messages.h"
#include "output.h"
#include "bulletin.h"
#include "files.h"
#include "tools.h"
#include "xalloc.h"

/* What the steps share. */
struct demo {
    const char *dir;    /* --out, e.g. './attain-demo' */
    char *db_path;      /* dir/attain.db (owned) */
    char *scenarios[8]; /* dir/scenarios/NAME.ini, the files written (owned) */
    size_t n_scenarios;
};

/* Step: a fresh DIR/attain.db, replacing an old one. */
static int step_fresh_db(struct demo *d, struct att_ctx *ctx)
{
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    size_t i;
    int rc;

    if ((rc = files_make_dir(d->dir, &ctx->err)))
        return rc;
    d->db_path = xasprintf("%s/attain.db", d->dir);
    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *p = xasprintf("%s%s", d->db_path, suffixes[i]);
        if (unlink(p) != 0 && errno != ENOENT) {
            rc = att_errf(&ctx->err, ATT_ECANTCREAT, tr("cannot replace '%s': %s"), p,
                          strerror(errno));
            free(p);
            return rc;
        }
        free(p);
    }
    return db_open(d->db_path, DB_OPEN_WRITE | DB_OPEN_CREATE, &ctx->db, &ctx->err);
}

/* Step: load the five embedded files in one transaction and say what came in.
 */
static int step_load(struct demo *d, struct att_ctx *ctx)
{
    static const struct out_col cols[] = {
        {"file", "文件", "file", OUT_TEXT, 0, 0},
        {"kind", "类型", "kind", OUT_TEXT, 0, 0},
        {"rows", "行数", "rows", OUT_INT, 0, 0},
        {"added", "新增", "added", OUT_INT, 0, 0},
    };
    struct load_input in[8];
    struct load_summary sums[8];
    struct out_table *t;
    size_t n = embedded_panjin_count, i;
    int rc;

    if (n > sizeof in / sizeof in[0])
        return att_errf(&ctx->err, ATT_EINTERNAL, tr("too many embedded files (%zu)"), n);
    for (i = 0; i < n; i++) {
        in[i].name = embedded_panjin[i].name;
        in[i].bytes = (const char *)embedded_panjin[i].bytes;
        in[i].len = embedded_panjin[i].len;
    }
    if ((rc = load_files(ctx->db, in, n, sums, NULL, &ctx->err)))
        return rc;
    if (ctx->format == ATT_FMT_TABLE)
        printf(tr("loaded into %s:\n\n"), d->db_path);
    t = out_table_new(cols, 4);
    for (i = 0; i < n; i++) {
        out_row(t);
        out_text(t, 0, in[i].name);
        out_text(t, 1, load_kind_name(sums[i].kind));
        out_int(t, 2, (int64_t)sums[i].rows);
        out_int(t, 3, (int64_t)sums[i].added);
    }
    rc = out_table_print(t, ctx);
    out_table_free(t);
    return rc;
}

/* Run a command as `attain VERB [KIND]` would, under a heading in table format. */
static int run_under(struct att_ctx *ctx, const char *zh, const char *en,
                     int (*cmd)(int, char **, struct att_ctx *), const char *verb, const char *kind)
{
    char v[16], k[16];
    char *argv[] = {v, k, NULL};

    snprintf(v, sizeof v, "%s", verb);
    snprintf(k, sizeof k, "%s", kind ? kind : "");
    if (!kind)
        argv[1] = NULL;
    if (ctx->format == ATT_FMT_TABLE)
        printf("\n%s\n\n", ctx->lang == ATT_LANG_ZH ? zh : en);
    return cmd(kind ? 2 : 1, argv, ctx);
}

/* Step: every target, as `attain list targets` shows them. */
static int step_targets(struct demo *d, struct att_ctx *ctx)
{
    (void)d;
    return run_under(ctx, "目标：", "targets:", cmd_list, "list", "targets");
}

/* Step: every target with its probability of being met (`attain targets`). */
static int step_probabilities(struct demo *d, struct att_ctx *ctx)
{
    (void)d;
    return run_under(ctx, "达成概率：", "will each target be met:", cmd_targets, "targets", NULL);
}

/*
 * Step: the plan's split of its 2021 科技型中小企业 target over the districts
 * judged, and the equal-risk alternative (`attain allocate`).
 */
static int step_allocation(struct demo *d, struct att_ctx *ctx)
{
    char verb[] = "allocate", o_ind[] = "--indicator", ind[] = "tech_sme", o_year[] = "--year",
         year[] = "2021", o_eval[] = "--evaluate", plan[] = "plan";
    char *judge[] = {verb, o_ind, ind, o_year, year, o_eval, plan, NULL};
    char *propose[] = {verb, o_ind, ind, o_year, year, NULL};
    bool table = ctx->format == ATT_FMT_TABLE;
    int rc;

    (void)d;
    if (table)
        printf(tr("\nthe split of the 2021 technology-based SME target (attain allocate):\n\n"));
    rc = cmd_allocate(7, judge, ctx);
    if (rc)
        return rc;
    if (table)
        putchar('\n');
    return cmd_allocate(5, propose, ctx);
}

/*
 * Step: the bundled scenario files into DIR/scenarios/ (for the planner to
 * copy and edit), and every city target under each, side by side (as
 * `attain scenario compare DIR/scenarios/NAME.ini ... --region 盘锦市`).
 */
static int step_scenarios(struct demo *d, struct att_ctx *ctx)
{
    char *dir = xasprintf("%s/scenarios", d->dir);
    char *argv[16];
    char verb[] = "scenario", sub[] = "compare", opt[] = "--region", city[] = "panjin";
    int argc = 0, rc;
    size_t i;

    rc = files_make_dir(dir, &ctx->err);
    for (i = 0; !rc && i < embedded_scenarios_count && i < 8; i++) {
        const char *base = strrchr(embedded_scenarios[i].name, '/');
        char *path = xasprintf("%s/%s", dir, base ? base + 1 : embedded_scenarios[i].name);
        FILE *f = fopen(path, "wb");
        d->scenarios[d->n_scenarios++] = path;
        if (!f || fwrite(embedded_scenarios[i].bytes, 1, embedded_scenarios[i].len, f) !=
                      embedded_scenarios[i].len) {
            rc = att_errf(&ctx->err, ATT_ECANTCREAT, tr("cannot write '%s': %s"), path,
                          strerror(errno));
        }
        if (f && fclose(f) != 0 && !rc)
            rc = att_errf(&ctx->err, ATT_EIO, tr("cannot write '%s': %s"), path, strerror(errno));
    }
    free(dir);
    if (rc)
        return rc;
    if (ctx->format == ATT_FMT_TABLE)
        printf(tr("\nscenarios (%s/scenarios):\n\n"), d->dir);
    argv[argc++] = verb;
    argv[argc++] = sub;
    for (i = 0; i < d->n_scenarios; i++)
        argv[argc++] = d->scenarios[i];
    argv[argc++] = opt;
    argv[argc++] = city;
    argv[argc] = NULL;
    return cmd_scenario(argc, argv, ctx);
}

/* Step: the bulletin for leadership into DIR (as `attain report --out DIR`), and its path. */
static int step_report(struct demo *d, struct att_ctx *ctx)
{
    char verb[] = "report";
    char *argv[] = {verb, NULL};
    char *index = NULL;
    int rc;

    if (ctx->format == ATT_FMT_TABLE)
        printf(ctx->lang == ATT_LANG_ZH ? "\n简报：\n\n" : "\nbulletin:\n\n");
    /* The dispatcher checks gnuplot for `attain report`; the demo needs it only here. */
    if ((rc = tools_need_gnuplot("demo", &ctx->err)))
        return rc;
    rc = bulletin_write_scenarios(ctx, d->dir, NULL, (const char *const *)d->scenarios,
                                  d->n_scenarios, 1, argv, &index);
    if (rc == ATT_OK)
        printf("%s\n", index);
    free(index);
    return rc;
}

static const struct {
    const char *name; /* for messages */
    int (*fn)(struct demo *d, struct att_ctx *ctx);
} demo_steps[] = {
    /* clang-format off */
    {"create the database", step_fresh_db},
    {"load the data set", step_load},
    {"list the targets", step_targets},
    {"judge the targets", step_probabilities},
    {"split the 2021 target", step_allocation},
    {"compare the scenarios", step_scenarios},
    {"write the report", step_report},
    /* clang-format on */
};

/* `attain demo --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_demo_usage[] =
    "usage: attain demo [--out DIR]\n"
    "\n"
    "Load the bundled Panjin data set (regions, indicators, targets, illustrative\n"
    "history) into a fresh database DIR/attain.db, replacing an old one, and print\n"
    "what was loaded, every target, and the plan's split of its 2021 科技型中小企业\n"
    "target judged beside the equal-risk one ('attain allocate'); then write the\n"
    "bulletin (as 'attain report') into DIR and print the path of DIR/index.html.\n"
    "\n"
    "  --out DIR   where to put it (default ./attain-demo; created if missing)\n";
/* clang-format on */

int cmd_demo(int argc, char **argv, struct att_ctx *ctx)
{
    struct demo d = {"./attain-demo", NULL, {NULL}, 0};
    const struct cmd_opt opts[] = {{"out", CMD_OPT_DIR, &d.dir, 0, 0, NULL, NULL}};
    size_t i;
    int rc = cmd_parse_options(ctx, argc, argv, opts, 1, 0);

    if (rc)
        return rc;
    for (i = 0; i < sizeof demo_steps / sizeof demo_steps[0] && rc == ATT_OK; i++) {
        rc = demo_steps[i].fn(&d, ctx);
        if (rc && !ctx->err.set)
            att_errf(&ctx->err, rc, tr("demo: cannot %s"), tr(demo_steps[i].name));
    }
    free(d.db_path);
    for (i = 0; i < d.n_scenarios; i++)
        free(d.scenarios[i]);
    return rc;
}
