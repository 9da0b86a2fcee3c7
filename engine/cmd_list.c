/*
 * engine/cmd_list.c -- `attain list regions|indicators|series|observations|
 * targets|runs|loads|revisions [--region R] [--indicator I]`: what is in the database.
 *
 * In csv/json every row names its region and indicator by code, with the
 * columns of the file kind that loaded it, so `list observations --format
 * csv` and `list targets --format csv` can be loaded back.  In the table
 * format with --lang zh, regions and indicators show their Chinese names.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "db_history.h"
#include "messages.h"
#include "names.h"
#include "output.h"
#include "xalloc.h"

/* The parsed command line of one `attain list`. */
struct list_args {
    int64_t region_id;        /* 0: all */
    int64_t indicator_id;     /* 0: all */
    struct db_indicator *ind; /* every indicator, for English names (table, --lang en) */
    size_t n_ind;
};

/* Show Chinese names instead of codes (table format read by a person, --lang zh). */
static bool show_names(const struct att_ctx *ctx)
{
    return ctx->format == ATT_FMT_TABLE && ctx->lang == ATT_LANG_ZH;
}

/*
 * How a table names an indicator: its Chinese name (--lang zh), its English
 * name where one was loaded (--lang en), else (csv, json) its code.
 * Regions have no English name: --lang en shows their codes.
 */
static const char *indicator_label(const struct att_ctx *ctx, const struct list_args *a,
                                   const char *code, const char *name)
{
    size_t i;

    if (ctx->format != ATT_FMT_TABLE)
        return code;
    if (ctx->lang == ATT_LANG_ZH)
        return name;
    for (i = 0; i < a->n_ind && code; i++)
        if (strcmp(a->ind[i].code, code) == 0 && a->ind[i].name_en && *a->ind[i].name_en)
            return a->ind[i].name_en;
    return code;
}

static int write_out(struct out_table *t, struct att_ctx *ctx)
{
    int rc = out_table_print(t, ctx);
    out_table_free(t);
    return rc;
}

static int list_regions(struct att_ctx *ctx, const struct list_args *a)
{
    static const struct out_col cols[] = {
        {"code", "代码", "code", OUT_TEXT, 0, 0},
        {"name", "名称", "name", OUT_TEXT, 0, 0},
        {"parent", "上级", "parent", OUT_TEXT, 0, 0},
    };
    struct db_region *r = NULL;
    struct out_table *t;
    size_t n, i, j;
    int rc;

    if ((rc = db_regions(ctx->db, &r, &n, &ctx->err)))
        return rc;
    t = out_table_new(cols, 3);
    for (i = 0; i < n; i++) {
        const char *parent = NULL;
        if (a->region_id && r[i].id != a->region_id)
            continue;
        for (j = 0; j < n && r[i].parent_id; j++)
            if (r[j].id == r[i].parent_id)
                parent = show_names(ctx) ? r[j].name : r[j].code;
        out_row(t);
        out_text(t, 0, r[i].code);
        out_text(t, 1, r[i].name);
        out_text(t, 2, parent);
    }
    db_regions_free(r, n);
    return write_out(t, ctx);
}

static int list_indicators(struct att_ctx *ctx, const struct list_args *a)
{
    static const struct out_col cols[] = {
        {"code", "代码", "code", OUT_TEXT, 0, 0},
        {"name", "名称", "name", OUT_TEXT, 0, 0},
        {"name_en", "英文名称", "English name", OUT_TEXT, 0, 0},
        {"unit", "单位", "unit", OUT_TEXT, 0, 0},
        {"measure", "类型", "measure", OUT_TEXT, 0, 0},
    };
    struct db_indicator *r = NULL;
    struct out_table *t;
    size_t n, i;
    int rc;

    if ((rc = db_indicators(ctx->db, &r, &n, &ctx->err)))
        return rc;
    t = out_table_new(cols, 5);
    for (i = 0; i < n; i++) {
        if (a->indicator_id && r[i].id != a->indicator_id)
            continue;
        out_row(t);
        out_text(t, 0, r[i].code);
        out_text(t, 1, r[i].name);
        out_text(t, 2, r[i].name_en);
        out_text(t, 3, r[i].unit);
        out_text(t, 4, r[i].measure);
    }
    db_indicators_free(r, n);
    return write_out(t, ctx);
}

static int list_series(struct att_ctx *ctx, const struct list_args *a)
{
    static const struct out_col cols[] = {
        OUT_COL_REGION,
        OUT_COL_INDICATOR,
        {"first", "起", "first", OUT_TEXT, 0, 0},
        {"last", "止", "last", OUT_TEXT, 0, 0},
        {"count", "观测数", "count", OUT_INT, 0, 0},
        {"annual", "年度", "annual", OUT_INT, 0, 0},
        {"monthly", "月度", "monthly", OUT_INT, 0, 0},
        {"measure", "类型", "measure", OUT_TEXT, 0, 0},
        {"unit", "单位", "unit", OUT_TEXT, 0, 0},
    };
    struct db_series *s = NULL;
    struct out_table *t;
    bool names = show_names(ctx);
    size_t n, i;
    int rc;

    if ((rc = db_series_list(ctx->db, a->region_id, a->indicator_id, &s, &n, &ctx->err)))
        return rc;
    t = out_table_new(cols, 9);
    for (i = 0; i < n; i++) {
        out_row(t);
        out_text(t, 0, names ? s[i].region_name : s[i].region_code);
        out_text(t, 1, indicator_label(ctx, a, s[i].indicator_code, s[i].indicator_name));
        out_text(t, 2, s[i].first_period);
        out_text(t, 3, s[i].last_period);
        out_int(t, 4, (int64_t)s[i].count);
        out_int(t, 5, (int64_t)s[i].n_annual);
        out_int(t, 6, (int64_t)s[i].n_monthly);
        out_text(t, 7, s[i].measure);
        out_text(t, 8, s[i].unit);
    }
    db_series_free(s, n);
    return write_out(t, ctx);
}

static int list_observations(struct att_ctx *ctx, const struct list_args *a)
{
    static const struct out_col cols[] = {
        OUT_COL_REGION,
        OUT_COL_INDICATOR,
        {"period", "期间", "period", OUT_TEXT, 0, 0},
        {"value", "数值", "value", OUT_REAL, -1, 0},
        {"source", "来源", "source", OUT_TEXT, 0, 0},
        {"note", "备注", "note", OUT_TEXT, 0, 0},
    };
    struct db_series *s = NULL;
    struct db_obs_set set = {NULL, 0, NULL, 0};
    struct out_table *t;
    bool names = show_names(ctx);
    size_t n, i, j, k = 0;
    int rc;

    /* One read transaction: the series list and the observations agree. */
    if ((rc = db_begin_read(ctx->db, &ctx->err)))
        return rc;
    rc = db_series_list(ctx->db, a->region_id, a->indicator_id, &s, &n, &ctx->err);
    if (rc == ATT_OK)
        rc = db_observations_all(ctx->db, a->region_id, a->indicator_id, NULL, &set, &ctx->err);
    db_rollback(ctx->db); /* nothing was written: just end the snapshot */
    if (rc) {
        db_series_free(s, n);
        return rc;
    }
    t = out_table_new(cols, 6);
    /* Both lists are ordered by region id, then indicator id. */
    for (i = 0; i < n; i++) {
        const struct db_obs_series *os;
        while (k < set.n_series && (set.series[k].region_id < s[i].region_id ||
                                    (set.series[k].region_id == s[i].region_id &&
                                     set.series[k].indicator_id < s[i].indicator_id)))
            k++;
        if (k == set.n_series || set.series[k].region_id != s[i].region_id ||
            set.series[k].indicator_id != s[i].indicator_id)
            continue;
        os = &set.series[k];
        for (j = 0; j < os->n; j++) {
            out_row(t);
            out_text(t, 0, names ? s[i].region_name : s[i].region_code);
            out_text(t, 1, indicator_label(ctx, a, s[i].indicator_code, s[i].indicator_name));
            out_text(t, 2, os->obs[j].period);
            out_real(t, 3, os->obs[j].value);
            out_text(t, 4, os->obs[j].source);
            out_text(t, 5, os->obs[j].note);
        }
    }
    db_series_free(s, n);
    db_obs_set_release(&set);
    return write_out(t, ctx);
}

static int list_targets(struct att_ctx *ctx, const struct list_args *a)
{
    static const struct out_col cols[] = {
        OUT_COL_REGION,
        OUT_COL_INDICATOR,
        {"deadline", "期限", "deadline", OUT_INT, 0, 0},
        {"kind", "类型", "kind", OUT_TEXT, 0, 0},
        {"value", "目标值", "value", OUT_REAL, -1, 0},
        {"start", "起始年", "start", OUT_INT, 0, 0},
        {"source", "出处", "source", OUT_TEXT, 0, 0},
        {"lead_unit", "牵头单位", "lead unit", OUT_TEXT, 0, 0},
    };
    struct db_target *tg = NULL;
    struct out_table *t;
    bool names = show_names(ctx);
    size_t n, i;
    int rc;

    if ((rc = db_targets(ctx->db, a->region_id, a->indicator_id, &tg, &n, &ctx->err)))
        return rc;
    t = out_table_new(cols, 8);
    for (i = 0; i < n; i++) {
        out_row(t);
        out_text(t, 0, names ? tg[i].region_name : tg[i].region_code);
        out_text(t, 1, indicator_label(ctx, a, tg[i].indicator_code, tg[i].indicator_name));
        out_int(t, 2, tg[i].deadline);
        out_text(t, 3, tg[i].kind);
        out_real(t, 4, tg[i].value);
        out_int(t, 5, tg[i].start);
        out_text(t, 6, tg[i].source);
        out_text(t, 7, tg[i].lead_unit);
    }
    db_targets_free(tg, n);
    return write_out(t, ctx);
}

static int list_runs(struct att_ctx *ctx, const struct list_args *a)
{
    static const struct out_col cols[] = {
        {"id", "编号", "id", OUT_INT, 0, 0},
        {"command", "命令", "command", OUT_TEXT, 0, 0},
        {"at", "时间", "at", OUT_TEXT, 0, 0},
        {"version", "版本", "version", OUT_TEXT, 0, 0},
        {"seed", "种子", "seed", OUT_INT, 0, 0},
        {"paths", "路径数", "paths", OUT_INT, 0, 0},
        {"args", "参数", "args", OUT_TEXT, 0, 0},
        {"inputs_digest", "输入摘要", "inputs digest", OUT_TEXT, 0, 0},
        {"series", "序列数", "series", OUT_INT, 0, 0},
        {"models", "模型", "models", OUT_TEXT, 0, 0},
    };
    struct db_run *r = NULL;
    struct out_table *t;
    size_t n, i;
    int rc;

    (void)a; /* cmd_list refuses filters for runs */
    if ((rc = db_runs(ctx->db, &r, &n, &ctx->err)))
        return rc;
    t = out_table_new(cols, 10);
    for (i = 0; i < n; i++) {
        out_row(t);
        out_int(t, 0, r[i].id);
        out_text(t, 1, r[i].command);
        out_text(t, 2, r[i].at);
        out_text(t, 3, r[i].version);
        out_int(t, 4, r[i].seed);
        out_int(t, 5, r[i].paths);
        out_text(t, 6, r[i].args);
        out_text(t, 7, r[i].inputs_digest);
        out_int(t, 8, r[i].series);
        out_text(t, 9, r[i].models);
    }
    db_runs_free(r, n);
    return write_out(t, ctx);
}

/* A load's files on one line: "a.csv, b.csv". */
static char *files_line(const char *files)
{
    const char *s = files ? files : "";
    size_t n = 0, i;
    char *out;

    for (i = 0; s[i]; i++)
        n += s[i] == '\n';
    out = xmalloc(strlen(s) + n + 1);
    for (i = 0, n = 0; s[i]; i++) {
        if (s[i] == '\n') {
            out[n++] = ',';
            out[n++] = ' ';
        } else {
            out[n++] = s[i];
        }
    }
    out[n] = '\0';
    return out;
}

static int list_loads(struct att_ctx *ctx, const struct list_args *a)
{
    static const struct out_col cols[] = {
        {"load", "批次", "load", OUT_INT, 0, 0},
        {"at", "时间", "at", OUT_TEXT, 0, 0},
        {"files", "文件", "files", OUT_TEXT, 0, 0},
        {"new", "新增", "new", OUT_INT, 0, 0},
        {"changed", "修改", "changed", OUT_INT, 0, 0},
        {"removed", "删除", "removed", OUT_INT, 0, 0},
        {"reverts", "撤销批次", "reverts", OUT_INT, 0, 0},
        {"reverted_by", "被撤销于", "reverted by", OUT_INT, 0, 0},
    };
    struct db_load *l = NULL;
    struct out_table *t;
    size_t n, i;
    int rc;

    (void)a; /* cmd_list refuses filters for loads */
    if ((rc = db_loads(ctx->db, &l, &n, &ctx->err)))
        return rc;
    t = out_table_new(cols, 8);
    for (i = 0; i < n; i++) {
        char *files = files_line(l[i].files);
        out_row(t);
        out_int(t, 0, l[i].id);
        out_text(t, 1, l[i].at);
        out_text(t, 2, files);
        if (l[i].recorded) { /* older loads: counts unknown (missing) */
            out_int(t, 3, l[i].n_new);
            out_int(t, 4, l[i].n_changed);
            out_int(t, 5, l[i].n_removed);
        }
        if (l[i].reverts)
            out_int(t, 6, l[i].reverts);
        if (l[i].reverted_by)
            out_int(t, 7, l[i].reverted_by);
        free(files);
    }
    db_loads_free(l, n);
    return write_out(t, ctx);
}

static int list_revisions(struct att_ctx *ctx, const struct list_args *a)
{
    static const struct out_col cols[] = {
        {"region", "地区", "region", OUT_TEXT, 0, 0},
        {"indicator", "指标", "indicator", OUT_TEXT, 0, 0},
        {"period", "期间", "period", OUT_TEXT, 0, 0},
        {"old_value", "原值", "old value", OUT_REAL, -1, 0},
        {"new_value", "新值", "new value", OUT_REAL, -1, 0},
        {"old_load", "原批次", "old load", OUT_INT, 0, 0},
        {"load", "修改批次", "load", OUT_INT, 0, 0},
    };
    struct db_revision *r = NULL;
    struct out_table *t;
    bool names = show_names(ctx);
    size_t n, i;
    int rc;

    if ((rc = db_revisions(ctx->db, a->region_id, a->indicator_id, &r, &n, &ctx->err)))
        return rc;
    t = out_table_new(cols, 7);
    for (i = 0; i < n; i++) {
        out_row(t);
        out_text(t, 0, names ? r[i].region_name : r[i].region_code);
        out_text(t, 1, indicator_label(ctx, a, r[i].indicator_code, r[i].indicator_name));
        out_text(t, 2, r[i].period);
        out_real(t, 3, r[i].old_value);
        if (r[i].has_new)
            out_real(t, 4, r[i].new_value);
        out_int(t, 5, r[i].old_load);
        out_int(t, 6, r[i].load);
    }
    db_revisions_free(r, n);
    return write_out(t, ctx);
}

/* The sub-verbs, sorted by name. */
static const struct {
    const char *name;
    int (*fn)(struct att_ctx *ctx, const struct list_args *a);
} list_kinds[] = {
    {"indicators", list_indicators},
    {"loads", list_loads},
    {"observations", list_observations},
    {"regions", list_regions},
    {"revisions", list_revisions},
    {"runs", list_runs},
    {"series", list_series},
    {"targets", list_targets},
};

/* `attain list --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_list_usage[] =
    "usage: attain list regions|indicators|series|observations|targets|runs|loads|\n"
    "                   revisions [--region R] [--indicator I]\n"
    "\n"
    "  regions       every region and its parent\n"
    "  indicators    every indicator: unit, stock or flow\n"
    "  series        every region x indicator with data: first/last period, count\n"
    "  observations  every observation (csv: region,indicator,period,value,source,note,\n"
    "                which 'attain load' reads back)\n"
    "  targets       every target (csv: region,indicator,deadline,kind,value,start,\n"
    "                source,lead_unit)\n"
    "  runs          every recorded forecast/targets/backtest/report run\n"
    "  loads         every load: when, which files, rows new/changed/removed, and\n"
    "                which revert took it back ('attain revert --load N')\n"
    "  revisions     every observation a load changed: old and new value, the load\n"
    "                that wrote the old value and the load that replaced it\n"
    "\n"
    "  --region R     only region R (code or Chinese name)\n"
    "  --indicator I  only indicator I (code or Chinese name)\n";
/* clang-format on */

int cmd_list(int argc, char **argv, struct att_ctx *ctx)
{
    struct list_args a = {0, 0, NULL, 0};
    const char *region = NULL, *indicator = NULL;
    const struct cmd_opt opts[] = {
        {"region", CMD_OPT_TEXT, &region, 0, 0, NULL, NULL},
        {"indicator", CMD_OPT_TEXT, &indicator, 0, 0, NULL, NULL},
    };
    size_t k;
    int rc = cmd_parse_options(ctx, argc, argv, opts, 2, 1);

    if (rc)
        return rc;
    if (optind >= argc)
        return cmd_usage_errorf(ctx, "list",
                                tr("what to list? regions, indicators, series, "
                                   "observations, targets, runs, loads or revisions"));
    for (k = 0; k < sizeof list_kinds / sizeof list_kinds[0]; k++)
        if (strcmp(argv[optind], list_kinds[k].name) == 0)
            break;
    if (k == sizeof list_kinds / sizeof list_kinds[0])
        return cmd_usage_errorf(ctx, "list",
                                tr("cannot list '%s' (regions, indicators, series, observations, "
                                   "targets, runs, loads or revisions)"),
                                argv[optind]);
    if ((region || indicator) && (list_kinds[k].fn == list_runs || list_kinds[k].fn == list_loads))
        return cmd_usage_errorf(ctx, "list", tr("'%s' takes no --region or --indicator"),
                                list_kinds[k].name);
    if (region && (rc = names_resolve(ctx->db, NAMES_REGION, region, &a.region_id, &ctx->err)))
        return rc;
    if (indicator &&
        (rc = names_resolve(ctx->db, NAMES_INDICATOR, indicator, &a.indicator_id, &ctx->err)))
        return rc;
    if (ctx->format == ATT_FMT_TABLE && ctx->lang != ATT_LANG_ZH &&
        (rc = db_indicators(ctx->db, &a.ind, &a.n_ind, &ctx->err)))
        return rc;
    rc = list_kinds[k].fn(ctx, &a);
    db_indicators_free(a.ind, a.n_ind);
    return rc;
}
