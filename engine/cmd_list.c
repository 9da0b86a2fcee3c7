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
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "db_history.h"
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

/* Where a column's value is in a row of its listing, and of what type. */
enum list_field {
    LF_TEXT,      /* char * at off (NULL: missing) */
    LF_CHARS,     /* char[] at off */
    LF_INT64,     /* int64_t at off */
    LF_ID,        /* int64_t at off, missing when 0 (no such load) */
    LF_INT64_IF,  /* int64_t at off, missing unless the bool at aux is set */
    LF_INT,       /* int at off */
    LF_SIZE,      /* size_t at off */
    LF_REAL,      /* double at off */
    LF_REAL_IF,   /* double at off, missing unless the bool at aux is set */
    LF_REGION,    /* region code at off, its Chinese name at aux (show_names) */
    LF_INDICATOR, /* indicator code at off, its Chinese name at aux (indicator_label) */
    LF_FILES,     /* a load's files, one per line at off: shown "a.csv, b.csv" */
    LF_PARENT,    /* a region's parent id at off: its name or code (rows are db_region) */
};

/* One column of a listing: its header and where its value is. */
struct list_col {
    struct out_col col;
    enum list_field field;
    size_t off;
    size_t aux; /* LF_*_IF: offset of the bool; LF_REGION, LF_INDICATOR: offset of the name */
};

#define LIST_MAX_COLS 10

/* Which rows the listing shows for --region / --indicator. */
enum list_filter {
    LIST_BY_READER,    /* the reader's query filters by both ids */
    LIST_NO_FILTER,    /* takes no --region or --indicator */
    LIST_BY_REGION,    /* the row's id (at id_off) is the region */
    LIST_BY_INDICATOR, /* the row's id (at id_off) is the indicator */
};

/*
 * One listing: its rows (read, then freed, by the db.h reader of its
 * kind), their element size, its columns.  `read` and `release` are the
 * typed db_* functions behind one signature, made by LIST_READER.
 */
struct list_kind {
    const char *name;
    int (*read)(struct sqlite3 *db, const struct list_args *a, void **rows, size_t *n,
                struct att_err *err);
    void (*release)(void *rows, size_t n);
    size_t size;
    enum list_filter filter;
    size_t id_off;
    const struct list_col *cols;
    size_t ncols;
};

/*
 * read_<name> and release_<name>: the reader `call` (which fills `r`, a
 * `type *`, and *n) and `free_fn`, behind the signature of struct list_kind.
 */
#define LIST_READER(name, type, call, free_fn)                                                     \
    static int read_##name(struct sqlite3 *db, const struct list_args *a, void **rows, size_t *n,  \
                           struct att_err *err)                                                    \
    {                                                                                              \
        type *r = NULL;                                                                            \
        int rc;                                                                                    \
        (void)a; /* the readers without ids */                                                     \
        rc = call;                                                                                 \
        *rows = r;                                                                                 \
        return rc;                                                                                 \
    }                                                                                              \
    static void release_##name(void *rows, size_t n)                                               \
    {                                                                                              \
        free_fn(rows, n);                                                                          \
    }

LIST_READER(regions, struct db_region, db_regions(db, &r, n, err), db_regions_free)
LIST_READER(indicators, struct db_indicator, db_indicators(db, &r, n, err), db_indicators_free)
LIST_READER(series, struct db_series, db_series_list(db, a->region_id, a->indicator_id, &r, n, err),
            db_series_free)
LIST_READER(targets, struct db_target, db_targets(db, a->region_id, a->indicator_id, &r, n, err),
            db_targets_free)
LIST_READER(runs, struct db_run, db_runs(db, &r, n, err), db_runs_free)
LIST_READER(loads, struct db_load, db_loads(db, &r, n, err), db_loads_free)
LIST_READER(revisions, struct db_revision,
            db_revisions(db, a->region_id, a->indicator_id, &r, n, err), db_revisions_free)

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

/* Region parent_id among rows[0..n) as a listing names it (name or code), NULL for a root. */
static const char *parent_label(const struct att_ctx *ctx, const struct db_region *rows, size_t n,
                                int64_t parent_id)
{
    const char *parent = NULL;
    size_t j;

    for (j = 0; j < n && parent_id; j++)
        if (rows[j].id == parent_id)
            parent = show_names(ctx) ? rows[j].name : rows[j].code;
    return parent;
}

/* Cell i of the last row of t: column c's value in row elem of rows[0..n). */
static void put_cell(struct out_table *t, size_t i, const struct list_col *c,
                     const unsigned char *elem, const void *rows, size_t n, struct att_ctx *ctx,
                     const struct list_args *a)
{
    const void *at = elem + c->off,
               *aux = elem + c->aux; /* aux: only for the fields that have one */
    char *files;

    switch (c->field) {
    case LF_TEXT:
        out_text(t, i, *(char *const *)at);
        break;
    case LF_CHARS:
        out_text(t, i, at);
        break;
    case LF_ID:
        if (*(const int64_t *)at)
            out_int(t, i, *(const int64_t *)at);
        break;
    case LF_INT64_IF:
        if (!*(const bool *)aux)
            break;
        /* fall through */
    case LF_INT64:
        out_int(t, i, *(const int64_t *)at);
        break;
    case LF_INT:
        out_int(t, i, *(const int *)at);
        break;
    case LF_SIZE:
        out_int(t, i, (int64_t) * (const size_t *)at);
        break;
    case LF_REAL_IF:
        if (!*(const bool *)aux)
            break;
        /* fall through */
    case LF_REAL:
        out_real(t, i, *(const double *)at);
        break;
    case LF_REGION:
        out_text(t, i, show_names(ctx) ? *(char *const *)aux : *(char *const *)at);
        break;
    case LF_INDICATOR:
        out_text(t, i, indicator_label(ctx, a, *(char *const *)at, *(char *const *)aux));
        break;
    case LF_FILES:
        files = files_line(*(char *const *)at);
        out_text(t, i, files);
        free(files);
        break;
    case LF_PARENT:
        out_text(t, i, parent_label(ctx, rows, n, *(const int64_t *)at));
        break;
    }
}

/* Listing k: its rows as its columns say, filtered by --region and --indicator. */
static int list_rows(struct att_ctx *ctx, const struct list_kind *k, const struct list_args *a)
{
    struct out_col cols[LIST_MAX_COLS];
    struct out_table *t;
    void *rows = NULL;
    int64_t want = k->filter == LIST_BY_REGION      ? a->region_id
                   : k->filter == LIST_BY_INDICATOR ? a->indicator_id
                                                    : 0; /* 0: every row */
    size_t n, i, j;
    int rc;

    if ((rc = k->read(ctx->db, a, &rows, &n, &ctx->err)))
        return rc;
    for (j = 0; j < k->ncols && j < LIST_MAX_COLS; j++)
        cols[j] = k->cols[j].col;
    t = out_table_new(cols, j);
    for (i = 0; i < n; i++) {
        const unsigned char *elem = (const unsigned char *)rows + i * k->size;
        if (want && *(const int64_t *)(elem + k->id_off) != want)
            continue;
        out_row(t);
        for (j = 0; j < k->ncols && j < LIST_MAX_COLS; j++)
            put_cell(t, j, &k->cols[j], elem, rows, n, ctx, a);
    }
    k->release(rows, n);
    rc = out_table_print(t, ctx);
    out_table_free(t);
    return rc;
}

/*
 * `list observations`: every observation of each series, the series list
 * and the observations read in one transaction.
 */
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
    rc = out_table_print(t, ctx);
    out_table_free(t);
    return rc;
}

#define AT(type, member) offsetof(type, member)
#define REGION_OF(type)                                                                            \
    {                                                                                              \
        OUT_COL_REGION, LF_REGION, AT(type, region_code), AT(type, region_name)                    \
    }
#define INDICATOR_OF(type)                                                                         \
    {                                                                                              \
        OUT_COL_INDICATOR, LF_INDICATOR, AT(type, indicator_code), AT(type, indicator_name)        \
    }

/* clang-format off */
static const struct list_col region_cols[] = {
    {{"code",    "代码",     "code",          OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_region, code), 0},
    {{"name",    "名称",     "name",          OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_region, name), 0},
    {{"parent",  "上级",     "parent",        OUT_TEXT, 0, 0},
     LF_PARENT,    AT(struct db_region, parent_id), 0},
};
static const struct list_col indicator_cols[] = {
    {{"code",    "代码",     "code",          OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_indicator, code), 0},
    {{"name",    "名称",     "name",          OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_indicator, name), 0},
    {{"name_en", "英文名称", "English name",  OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_indicator, name_en), 0},
    {{"unit",    "单位",     "unit",          OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_indicator, unit), 0},
    {{"measure", "类型",     "measure",       OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_indicator, measure), 0},
};
static const struct list_col series_cols[] = {
    REGION_OF(struct db_series),
    INDICATOR_OF(struct db_series),
    {{"first",   "起",       "first",         OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_series, first_period), 0},
    {{"last",    "止",       "last",          OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_series, last_period), 0},
    {{"count",   "观测数",   "count",         OUT_INT,  0, 0},
     LF_SIZE,      AT(struct db_series, count), 0},
    {{"annual",  "年度",     "annual",        OUT_INT,  0, 0},
     LF_SIZE,      AT(struct db_series, n_annual), 0},
    {{"monthly", "月度",     "monthly",       OUT_INT,  0, 0},
     LF_SIZE,      AT(struct db_series, n_monthly), 0},
    {{"measure", "类型",     "measure",       OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_series, measure), 0},
    {{"unit",    "单位",     "unit",          OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_series, unit), 0},
};
static const struct list_col target_cols[] = {
    REGION_OF(struct db_target),
    INDICATOR_OF(struct db_target),
    {{"deadline",  "期限",     "deadline",    OUT_INT,  0, 0},
     LF_INT,       AT(struct db_target, deadline), 0},
    {{"kind",      "类型",     "kind",        OUT_TEXT, 0, 0},
     LF_CHARS,     AT(struct db_target, kind), 0},
    {{"value",     "目标值",   "value",       OUT_REAL, -1, 0},
     LF_REAL,      AT(struct db_target, value), 0},
    {{"start",     "起始年",   "start",       OUT_INT,  0, 0},
     LF_INT,       AT(struct db_target, start), 0},
    {{"source",    "出处",     "source",      OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_target, source), 0},
    {{"lead_unit", "牵头单位", "lead unit",   OUT_TEXT, 0, 0},
     LF_TEXT,      AT(struct db_target, lead_unit), 0},
};
static const struct list_col run_cols[] = {
    {{"id",            "编号",     "id",            OUT_INT,  0, 0},
     LF_INT64, AT(struct db_run, id), 0},
    {{"command",       "命令",     "command",       OUT_TEXT, 0, 0},
     LF_TEXT,  AT(struct db_run, command), 0},
    {{"at",            "时间",     "at",            OUT_TEXT, 0, 0},
     LF_TEXT,  AT(struct db_run, at), 0},
    {{"version",       "版本",     "version",       OUT_TEXT, 0, 0},
     LF_TEXT,  AT(struct db_run, version), 0},
    {{"seed",          "种子",     "seed",          OUT_INT,  0, 0},
     LF_INT64, AT(struct db_run, seed), 0},
    {{"paths",         "路径数",   "paths",         OUT_INT,  0, 0},
     LF_INT64, AT(struct db_run, paths), 0},
    {{"args",          "参数",     "args",          OUT_TEXT, 0, 0},
     LF_TEXT,  AT(struct db_run, args), 0},
    {{"inputs_digest", "输入摘要", "inputs digest", OUT_TEXT, 0, 0},
     LF_TEXT,  AT(struct db_run, inputs_digest), 0},
    {{"series",        "序列数",   "series",        OUT_INT,  0, 0},
     LF_INT64, AT(struct db_run, series), 0},
    {{"models",        "模型",     "models",        OUT_TEXT, 0, 0},
     LF_TEXT,  AT(struct db_run, models), 0},
};
/* Loads made before the undo record began have no counts: missing. */
static const struct list_col load_cols[] = {
    {{"load",        "批次",     "load",        OUT_INT,  0, 0},
     LF_INT64,    AT(struct db_load, id), 0},
    {{"at",          "时间",     "at",          OUT_TEXT, 0, 0},
     LF_TEXT,     AT(struct db_load, at), 0},
    {{"files",       "文件",     "files",       OUT_TEXT, 0, 0},
     LF_FILES,    AT(struct db_load, files), 0},
    {{"new",         "新增",     "new",         OUT_INT,  0, 0},
     LF_INT64_IF, AT(struct db_load, n_new), AT(struct db_load, recorded)},
    {{"changed",     "修改",     "changed",     OUT_INT,  0, 0},
     LF_INT64_IF, AT(struct db_load, n_changed), AT(struct db_load, recorded)},
    {{"removed",     "删除",     "removed",     OUT_INT,  0, 0},
     LF_INT64_IF, AT(struct db_load, n_removed), AT(struct db_load, recorded)},
    {{"reverts",     "撤销批次", "reverts",     OUT_INT,  0, 0},
     LF_ID,       AT(struct db_load, reverts), 0},
    {{"reverted_by", "被撤销于", "reverted by", OUT_INT,  0, 0},
     LF_ID,       AT(struct db_load, reverted_by), 0},
};
static const struct list_col revision_cols[] = {
    REGION_OF(struct db_revision),
    INDICATOR_OF(struct db_revision),
    {{"period",    "期间",     "period",    OUT_TEXT, 0, 0},
     LF_TEXT,    AT(struct db_revision, period), 0},
    {{"old_value", "原值",     "old value", OUT_REAL, -1, 0},
     LF_REAL,    AT(struct db_revision, old_value), 0},
    {{"new_value", "新值",     "new value", OUT_REAL, -1, 0},
     LF_REAL_IF, AT(struct db_revision, new_value), AT(struct db_revision, has_new)},
    {{"old_load",  "原批次",   "old load",  OUT_INT,  0, 0},
     LF_INT64,   AT(struct db_revision, old_load), 0},
    {{"load",      "修改批次", "load",      OUT_INT,  0, 0},
     LF_INT64,   AT(struct db_revision, load), 0},
};
/* clang-format on */

#define LIST_KIND(name, type, filter, id_off, cols)                                                \
    {                                                                                              \
#name, read_##name, release_##name, sizeof(type), filter, id_off, cols,                    \
            sizeof cols / sizeof cols[0]                                                           \
    }

/* The sub-verbs, sorted by name; observations has its own lister (read NULL). */
static const struct list_kind list_kinds[] = {
    LIST_KIND(indicators, struct db_indicator, LIST_BY_INDICATOR, AT(struct db_indicator, id),
              indicator_cols),
    LIST_KIND(loads, struct db_load, LIST_NO_FILTER, 0, load_cols),
    {"observations", NULL, NULL, 0, LIST_BY_READER, 0, NULL, 0},
    LIST_KIND(regions, struct db_region, LIST_BY_REGION, AT(struct db_region, id), region_cols),
    LIST_KIND(revisions, struct db_revision, LIST_BY_READER, 0, revision_cols),
    LIST_KIND(runs, struct db_run, LIST_NO_FILTER, 0, run_cols),
    LIST_KIND(series, struct db_series, LIST_BY_READER, 0, series_cols),
    LIST_KIND(targets, struct db_target, LIST_BY_READER, 0, target_cols),
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
                                "what to list? regions, indicators, series, "
                                "observations, targets, runs, loads or revisions");
    for (k = 0; k < sizeof list_kinds / sizeof list_kinds[0]; k++)
        if (strcmp(argv[optind], list_kinds[k].name) == 0)
            break;
    if (k == sizeof list_kinds / sizeof list_kinds[0])
        return cmd_usage_errorf(ctx, "list",
                                "cannot list '%s' (regions, indicators, series, observations, "
                                "targets, runs, loads or revisions)",
                                argv[optind]);
    if ((region || indicator) && list_kinds[k].filter == LIST_NO_FILTER)
        return cmd_usage_errorf(ctx, "list", "'%s' takes no --region or --indicator",
                                list_kinds[k].name);
    if (region && (rc = names_resolve(ctx->db, NAMES_REGION, region, &a.region_id, &ctx->err)))
        return rc;
    if (indicator &&
        (rc = names_resolve(ctx->db, NAMES_INDICATOR, indicator, &a.indicator_id, &ctx->err)))
        return rc;
    if (ctx->format == ATT_FMT_TABLE && ctx->lang != ATT_LANG_ZH &&
        (rc = db_indicators(ctx->db, &a.ind, &a.n_ind, &ctx->err)))
        return rc;
    rc = list_kinds[k].read ? list_rows(ctx, &list_kinds[k], &a) : list_observations(ctx, &a);
    db_indicators_free(a.ind, a.n_ind);
    return rc;
}
