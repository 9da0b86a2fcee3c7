/*
 * engine/cmd_allocate.c -- `attain allocate`: propose how a city target is
 * split over its districts (in proportion to what each is expected to
 * deliver, or so that every district meets its share with the same, largest
 * possible probability), or judge a split (the plan's, or one from a file),
 * over the same reconciled paths `attain targets` judges each target by.
 *
 * One row per district, then the city's remainder (其他/未分配, shown but
 * given no share unless --remainder), then the city: csv/json columns
 *   city,region,role,indicator,deadline,kind,start,method,share,expected,
 *   probability,shortfall,p_all,expected_misses,p_star,flags
 * role is district, remainder or city.  A district's probability is that of
 * meeting its share, shortfall E[max(0, share - outcome)]; the city row
 * holds the total as its share, the probability that the city meets it,
 * the probability that every district meets its share (p_all), the
 * expected number of districts that miss, and for equal-risk p*.  flags
 * (city row): split_sum=S (the shares do not add up to the total),
 * total_from_districts (no city target: the total is its districts'
 * targets added up), beyond_paths (no simulated future delivers the total),
 * split_missing=a,b (districts the judged split gives no share).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allocation.h"
#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "messages.h"
#include "names.h"
#include "output.h"
#include "pipeline.h"
#include "plot.h"
#include "xalloc.h"

enum {
    C_CITY,
    C_REGION,
    C_ROLE,
    C_INDICATOR,
    C_DEADLINE,
    C_KIND,
    C_START,
    C_METHOD,
    C_SHARE,
    C_EXPECTED,
    C_PROB,
    C_SHORTFALL,
    C_P_ALL,
    C_MISSES,
    C_P_STAR,
    C_FLAGS,
    C_COUNT
};

/* clang-format off */
static const struct out_col cols_machine[C_COUNT] = {
    {"city",            "城市",       "city",            OUT_TEXT, 0, 0},
    {"region",          "地区",       "region",          OUT_TEXT, 0, 0},
    {"role",            "角色",       "role",            OUT_TEXT, 0, 0},
    {"indicator",       "指标",       "indicator",       OUT_TEXT, 0, 0},
    {"deadline",        "期限",       "deadline",        OUT_INT,  0, 0},
    {"kind",            "类型",       "kind",            OUT_TEXT, 0, 0},
    {"start",           "起始年",     "start",           OUT_INT,  0, 0},
    {"method",          "方法",       "method",          OUT_TEXT, 0, 0},
    {"share",           "份额",       "share",           OUT_REAL, -1, 0},
    {"expected",        "预期",       "expected",        OUT_REAL, 1, 0},
    {"probability",     "达成概率",   "probability",     OUT_REAL, 2, 0},
    {"shortfall",       "预期缺口",   "shortfall",       OUT_REAL, 2, 0},
    {"p_all",           "全部完成",   "p_all",           OUT_REAL, 2, 0},
    {"expected_misses", "预计未完成", "expected_misses", OUT_REAL, 2, 0},
    {"p_star",          "等风险概率", "p_star",          OUT_REAL, 2, 0},
    {"flags",           "标记",       "flags",           OUT_TEXT, 0, 0},
};
enum { T_REGION, T_SHARE, T_EXPECTED, T_PROB, T_SHORTFALL, T_COUNT };
static const struct out_col cols_table[T_COUNT] = {
    {"region",      "地区",     "region",      OUT_TEXT, 0, 0},
    {"share",       "份额",     "share",       OUT_TEXT, 0, OUT_COL_RIGHT},
    {"expected",    "预期",     "expected",    OUT_TEXT, 0, OUT_COL_RIGHT},
    {"probability", "达成概率", "probability", OUT_TEXT, 0, OUT_COL_RIGHT},
    {"shortfall",   "预期缺口", "shortfall",   OUT_REAL, 2, 0},
};
/* clang-format on */

#define MAX_BOUNDS 64

/* What the command line asked for. */
struct alloc_cli {
    const char *region, *indicator, *as_of, *evaluate;
    char as_of_buf[8];
    int year;
    bool has_total, has_kind, kind_increment, with_remainder;
    double total;
    enum alloc_method method;
    bool has_method;
    const char *bound_text[2][MAX_BOUNDS]; /* [0] --min, [1] --max: "R=N" */
    size_t n_bounds[2];
};

/* One city's split, proposed or judged, ready to print. */
struct split {
    struct allocation a;
    bool from_districts; /* no city target: the total is the districts' targets added up */
    const char *method;  /* "equal-risk", "proportional", "plan", "file" */
    double *shares;      /* [n_parts] */
    bool *has;           /* [n_parts]: the part holds a share */
    bool *held;          /* [n_parts]: a proposal put it at its --min/--max (or at 0) */
    struct alloc_result res;
    bool proposal;
    struct alloc_district_eval *per; /* [n_parts] */
    struct alloc_eval ev;
    char *missing; /* codes of districts without a share, ","-joined, or NULL */
};

static void split_release(struct split *s)
{
    allocation_release(&s->a);
    free(s->shares);
    free(s->has);
    free(s->held);
    free(s->per);
    free(s->missing);
    memset(s, 0, sizeof *s);
}

/* --min R=N, --max R=N: appended to their list (resolved by resolve_bounds). */
static int parse_bound(struct att_ctx *ctx, const char *cmd, const struct cmd_opt *opt,
                       const char *value)
{
    if (!strchr(value, '='))
        return cmd_usage_errorf(ctx, cmd, tr("option '--%s' wants REGION=NUMBER, not '%s'"),
                                opt->name, value);
    return cmd_opt_list_add(ctx, cmd, opt->out, value);
}

/* `attain allocate --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_allocate_usage[] =
    "usage: attain allocate --indicator I --year YYYY [--region CITY] [--total T]\n"
    "                       [--kind level|increment] [--method equal-risk|proportional]\n"
    "                       [--min R=N]... [--max R=N]... [--remainder]\n"
    "                       [--evaluate FILE|plan] [--as-of YYYY[-MM]]\n"
    "\n"
    "Propose how the city's target for I in YYYY is shared among its districts, from\n"
    "the same reconciled paths 'attain targets' judges each target by (same --seed,\n"
    "same --paths: same figures).  equal-risk (default): every district gets the\n"
    "share it meets with the same probability p*, the largest p* whose shares add up\n"
    "to the total; proportional: shares in proportion to each district's expected\n"
    "delivery.  Shares are whole numbers for counts (amounts keep the decimals of\n"
    "their figures) and add up exactly to the total.  For an increment target the\n"
    "shares are increments, for a level target levels.  The city's remainder\n"
    "(其他/未分配: its own figures beyond its districts' sum) is shown, and gets a\n"
    "share only with --remainder.  --evaluate judges a split instead: the plan's own\n"
    "(the districts' targets in the database) or a targets CSV file (the 'attain\n"
    "load' format, one row per district).  Per district: the share, its expected\n"
    "delivery, the probability of meeting the share and the expected shortfall\n"
    "E[max(0, share - outcome)]; for the city: the probability of meeting the total,\n"
    "that every district meets its share, and how many are expected to miss.\n"
    "csv/json: city,region,role,indicator,deadline,kind,start,method,share,expected,\n"
    "probability,shortfall,p_all,expected_misses,p_star,flags (role: district,\n"
    "remainder or city).  Without --region: every region with districts and a\n"
    "target in YYYY (or districts' targets, whose sum is then the total).\n"
    "\n"
    "  --indicator I     the indicator (code or Chinese name; required)\n"
    "  --year YYYY       the target's deadline (required)\n"
    "  --region CITY     the city whose target is split (code or Chinese name)\n"
    "  --total T         split T instead of the city's target\n"
    "  --kind K          level or increment, when the city has both in YYYY\n"
    "  --method M        equal-risk (default) or proportional\n"
    "  --min R=N         district R gets at least N (repeatable; default 0)\n"
    "  --max R=N         district R gets at most N (repeatable)\n"
    "  --remainder       give the remainder (其他/未分配) a share too\n"
    "  --evaluate plan   judge the plan's split; --evaluate FILE: the split in FILE\n"
    "  --as-of P         ignore data after P (YYYY or YYYY-MM)\n"
    "Constraints that cannot hold together are an error (exit status 65).\n";
/* clang-format on */

static int parse_cli(int argc, char **argv, struct att_ctx *ctx, struct alloc_cli *cli)
{
    static const char *const kinds[] = {"level", "increment", NULL};
    static const char *const methods[] = {"equal-risk", "proportional", NULL};
    struct cmd_opt_list bounds[2] = {
        {cli->bound_text[0], 0, MAX_BOUNDS, "'--min' options"},
        {cli->bound_text[1], 0, MAX_BOUNDS, "'--max' options"},
    };
    long year = 0;
    int kind = -1, method = -1;
    const struct cmd_opt opts[] = {
        {"region", CMD_OPT_TEXT, &cli->region, 0, 0, NULL, NULL},
        {"indicator", CMD_OPT_TEXT, &cli->indicator, 0, 0, NULL, NULL},
        {"year", CMD_OPT_LONG, &year, 1000, 9999, NULL, NULL},
        {"total", CMD_OPT_REAL, &cli->total, 0, 0, NULL, NULL},
        {"kind", CMD_OPT_CHOICE, &kind, 0, 0, kinds, NULL},
        {"method", CMD_OPT_CHOICE, &method, 0, 0, methods, NULL},
        {"min", CMD_OPT_FN, &bounds[0], 0, 0, NULL, parse_bound},
        {"max", CMD_OPT_FN, &bounds[1], 0, 0, NULL, parse_bound},
        {"evaluate", CMD_OPT_TEXT, &cli->evaluate, 0, 0, NULL, NULL},
        {"remainder", CMD_OPT_FLAG, &cli->with_remainder, 0, 0, NULL, NULL},
        {"as-of", CMD_OPT_PERIOD, cli->as_of_buf, 0, 0, NULL, NULL},
    };
    int rc;

    memset(cli, 0, sizeof *cli);
    cli->total = NAN;
    rc = cmd_parse_options(ctx, argc, argv, opts, sizeof opts / sizeof opts[0], 0);
    if (rc)
        return rc;
    cli->year = (int)year;
    cli->has_total = !isnan(cli->total);
    cli->has_kind = kind >= 0;
    cli->kind_increment = kind == 1;
    cli->has_method = method >= 0;
    cli->method = method == 1 ? ALLOC_PROPORTIONAL : ALLOC_EQUAL_RISK;
    cli->n_bounds[0] = bounds[0].n;
    cli->n_bounds[1] = bounds[1].n;
    if (cli->as_of_buf[0])
        cli->as_of = cli->as_of_buf;
    if (!cli->indicator)
        return cmd_usage_errorf(ctx, "allocate", tr("option '--indicator' is required"));
    if (!cli->year)
        return cmd_usage_errorf(ctx, "allocate", tr("option '--year' is required"));
    if (cli->evaluate &&
        (cli->has_method || cli->n_bounds[0] || cli->n_bounds[1] || cli->with_remainder))
        return cmd_usage_errorf(ctx, "allocate",
                                tr("option '--evaluate' judges a given split: it takes no "
                                   "'--method', '--min', '--max' or '--remainder'"));
    if (!cli->region && (cli->has_total || cli->n_bounds[0] || cli->n_bounds[1] ||
                         (cli->evaluate && strcmp(cli->evaluate, "plan") != 0)))
        return cmd_usage_errorf(ctx, "allocate",
                                tr("options '--total', '--min', '--max' and '--evaluate FILE' "
                                   "need '--region'"));
    return ATT_OK;
}

/*
 * The bounds of --min/--max for the parts of a: by default at least 0 (a
 * plan gives no district a negative target) and no maximum.
 */
static int resolve_bounds(struct att_ctx *ctx, const struct alloc_cli *cli,
                          const struct allocation *a, double *mn, double *mx)
{
    size_t w, b, i;
    int rc;

    for (i = 0; i < a->n_parts; i++) {
        mn[i] = 0.0;
        mx[i] = HUGE_VAL;
    }
    for (w = 0; w < 2; w++) {
        for (b = 0; b < cli->n_bounds[w]; b++) {
            const char *text = cli->bound_text[w][b], *eq = strrchr(text, '=');
            char *name = xstrndup(text, (size_t)(eq - text));
            int64_t id = 0;
            double v;
            rc = names_resolve(ctx->db, NAMES_REGION, name, &id, &ctx->err);
            if (!rc)
                rc = cmd_parse_real(ctx, "allocate", w ? "max" : "min", eq + 1, &v);
            for (i = 0; !rc && i < a->n_districts && a->parts[i].region_id != id; i++)
                ;
            if (!rc && i == a->n_districts)
                rc = att_errf(&ctx->err, ATT_EDATA, tr("'%s' is not a district of '%s'"), name,
                              a->p->series[a->city].region_name);
            free(name);
            if (rc)
                return rc;
            if (w)
                mx[i] = v;
            else
                mn[i] = v;
        }
    }
    return ATT_OK;
}

/* The judged split of a file: its rows must be districts of the city, for the same thing. */
static int file_shares(struct att_ctx *ctx, const char *path, struct split *sp)
{
    const struct allocation *a = &sp->a;
    struct db_target *t = NULL;
    size_t n = 0, i, k, used = 0;
    int rc;

    rc = allocation_read_split(ctx->db, path, &t, &n, &ctx->err);
    if (rc)
        return rc;
    for (i = 0; i < n && !rc; i++) {
        bool inc = strcmp(t[i].kind, "increment") == 0;
        if (t[i].indicator_id != a->p->series[a->city].indicator_id ||
            t[i].deadline != a->spec.deadline || inc != a->spec.is_increment ||
            (inc && t[i].start != a->spec.start)) {
            rc = att_errf(&ctx->err, ATT_EDATA,
                          tr("%s: '%s' %s %d %s is not the target being split (%s %d-%d %s)"), path,
                          t[i].region_name, t[i].indicator_name, t[i].deadline, t[i].kind,
                          a->p->series[a->city].indicator_name, a->spec.start, a->spec.deadline,
                          a->spec.is_increment ? "increment" : "level");
            break;
        }
        for (k = 0; k < a->n_districts && a->parts[k].region_id != t[i].region_id; k++)
            ;
        if (k == a->n_districts) {
            rc = att_errf(&ctx->err, ATT_EDATA, tr("%s: '%s' is not a district of '%s'"), path,
                          t[i].region_name, a->p->series[a->city].region_name);
            break;
        }
        sp->shares[k] = t[i].value;
        sp->has[k] = true;
        used++;
    }
    if (!rc && used == 0)
        rc = att_errf(&ctx->err, ATT_EDATA, tr("%s: no targets in the file: nothing to judge"),
                      path);
    db_targets_free(t, n);
    return rc;
}

static void note_missing(struct split *sp)
{
    size_t i;

    for (i = 0; i < sp->a.n_districts; i++) {
        if (sp->has[i])
            continue;
        char *next = xasprintf("%s%s%s", sp->missing ? sp->missing : "", sp->missing ? "," : "",
                               sp->a.parts[i].code);
        free(sp->missing);
        sp->missing = next;
    }
}

/* Propose or judge the split of series si's city target; *skip (out) when it has none. */
static int make_split(struct att_ctx *ctx, const struct alloc_cli *cli, const struct pipe *p,
                      size_t si, const struct db_target *all, size_t n_all, struct split *sp,
                      bool *skip)
{
    const struct pipe_series *cs = &p->series[si];
    struct target_spec spec;
    enum allocation_found found =
        allocation_find_target(p, si, cli->year, cli->has_kind ? cli->kind_increment : -1, &spec);
    double *mn = NULL, *mx = NULL;
    size_t i, n;
    int rc;

    *skip = false;
    memset(sp, 0, sizeof *sp);
    if (found == ALLOCATION_AMBIGUOUS)
        return att_errf(&ctx->err, ATT_EDATA,
                        tr("'%s' has a level and an increment target for %s in %d: choose one "
                           "with '--kind'"),
                        cs->region_name, cs->indicator_name, cli->year);
    if (found == ALLOCATION_DISTRICTS && !cli->has_total) {
        sp->from_districts = true;
    } else if (found != ALLOCATION_CITY_TARGET && cli->has_total) {
        memset(&spec, 0, sizeof spec);
        spec.is_flow = cs->is_flow;
        spec.is_increment = cli->has_kind && cli->kind_increment;
        spec.start = spec.deadline = cli->year;
    } else if (found == ALLOCATION_NONE && cli->region) {
        return att_errf(&ctx->err, ATT_EDATA,
                        tr("'%s' has no target for %s in %d, nor do its districts: give the total "
                           "with '--total'"),
                        cs->region_name, cs->indicator_name, cli->year);
    } else if (found == ALLOCATION_NONE) {
        *skip = true;
        return ATT_OK;
    }
    if (cli->has_total)
        spec.value = cli->total;
    rc = allocation_init(&sp->a, p, si, &spec, !cli->has_total, &ctx->err);
    if (rc)
        return rc;
    n = sp->a.n_parts;
    sp->shares = xcalloc(n, sizeof *sp->shares);
    sp->has = xcalloc(n, sizeof *sp->has);
    sp->held = xcalloc(n, sizeof *sp->held);
    sp->per = xcalloc(n, sizeof *sp->per);
    if (cli->evaluate && strcmp(cli->evaluate, "plan") == 0) {
        sp->method = "plan";
        if (allocation_plan(&sp->a, all, n_all, sp->shares, sp->has) == 0) {
            if (cli->region)
                return att_errf(&ctx->err, ATT_EDATA,
                                tr("the plan does not split '%s' %s %d over its districts: nothing "
                                   "to judge"),
                                cs->region_name, cs->indicator_name, cli->year);
            *skip = true;
            return ATT_OK;
        }
    } else if (cli->evaluate) {
        sp->method = "file";
        rc = file_shares(ctx, cli->evaluate, sp);
        if (rc)
            return rc;
    } else {
        sp->proposal = true;
        sp->method = cli->method == ALLOC_EQUAL_RISK ? "equal-risk" : "proportional";
        mn = xcalloc(n, sizeof *mn);
        mx = xcalloc(n, sizeof *mx);
        rc = resolve_bounds(ctx, cli, &sp->a, mn, mx);
        if (!rc)
            rc = allocation_propose(&sp->a, cli->method, mn, mx, cli->with_remainder, sp->shares,
                                    &sp->res, &ctx->err);
        for (i = 0; !rc && i < n; i++)
            sp->held[i] = sp->shares[i] <= mn[i] + 1e-9 * fmax(1.0, fabs(mn[i])) ||
                          sp->shares[i] >= mx[i] - 1e-9 * fmax(1.0, fabs(mx[i]));
        free(mn);
        free(mx);
        if (rc)
            return rc;
        for (i = 0; i < n; i++)
            sp->has[i] = !sp->a.parts[i].is_remainder || cli->with_remainder;
    }
    allocation_eval(&sp->a, sp->shares, sp->has, sp->per, &sp->ev);
    note_missing(sp);
    return ATT_OK;
}

/* ---- output ---------------------------------------------------------------- */

static const char *remainder_label(bool zh)
{
    return zh ? "其他/未分配" : "other (not allocated)";
}

static void add_flag(char **f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_flag(char **f, const char *fmt, ...)
{
    char buf[1024];
    char *next;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    next = xasprintf("%s%s%s", *f, **f ? ";" : "", buf);
    free(*f);
    *f = next;
}

static char *flags_of(const struct split *sp)
{
    char *f = xstrdup("");

    if (sp->ev.sum_mismatch)
        add_flag(&f, "split_sum=%.15g", sp->ev.sum_shares);
    if (sp->from_districts)
        add_flag(&f, "total_from_districts");
    if (sp->proposal && sp->res.beyond_paths)
        add_flag(&f, "beyond_paths");
    if (sp->missing && !sp->proposal)
        add_flag(&f, "split_missing=%s", sp->missing);
    return f;
}

static void machine_rows(struct out_table *t, const struct split *sp)
{
    const struct allocation *a = &sp->a;
    const struct pipe_series *cs = &a->p->series[a->city];
    const char *kind = a->spec.is_increment ? "increment" : "level";
    size_t i;
    char *flags;

    for (i = 0; i <= a->n_parts; i++) {
        bool city = i == a->n_parts;
        const struct allocation_part *pt = city ? NULL : &a->parts[i];
        out_row(t);
        out_text(t, C_CITY, cs->region_code);
        out_text(t, C_REGION, city ? cs->region_code : pt->is_remainder ? "" : pt->code);
        out_text(t, C_ROLE, city ? "city" : pt->is_remainder ? "remainder" : "district");
        out_text(t, C_INDICATOR, cs->indicator_code);
        out_int(t, C_DEADLINE, a->spec.deadline);
        out_text(t, C_KIND, kind);
        out_int(t, C_START, a->spec.start);
        out_text(t, C_METHOD, sp->method);
        if (city) {
            out_real(t, C_SHARE, a->spec.value);
            out_real(t, C_EXPECTED, a->city_expected);
            out_real(t, C_PROB, sp->ev.p_city);
            out_real(t, C_SHORTFALL, allocation_city_shortfall(a));
            out_real(t, C_P_ALL, sp->ev.p_all);
            out_real(t, C_MISSES, sp->ev.expected_misses);
            if (sp->proposal && strcmp(sp->method, "equal-risk") == 0)
                out_real(t, C_P_STAR, sp->res.p_star);
            flags = flags_of(sp);
            out_text(t, C_FLAGS, flags);
            free(flags);
            continue;
        }
        out_real(t, C_EXPECTED, pt->expected);
        if (sp->has[i]) {
            out_real(t, C_SHARE, sp->shares[i]);
            out_real(t, C_PROB, sp->per[i].probability);
            out_real(t, C_SHORTFALL, sp->per[i].shortfall);
        }
        out_text(t, C_FLAGS, "");
    }
}

/* A share as its unit writes it ("30", "1.85"). */
static const char *fmt_share(char *buf, size_t size, double v, const struct allocation *a)
{
    snprintf(buf, size, "%.*f", allocation_decimals(a), v);
    return buf;
}

/* An expected figure: one decimal more than the shares have. */
static const char *fmt_expected(char *buf, size_t size, double v, const struct allocation *a)
{
    snprintf(buf, size, "%.*f", allocation_decimals(a) + 1, v);
    return buf;
}

static void pct(char *buf, size_t size, double p)
{
    plot_percent(buf, size, p);
}

/* The heading of a city's block: what is split, and whether shares are increments or levels. */
static void print_heading(const struct split *sp, bool zh)
{
    const struct allocation *a = &sp->a;
    const struct pipe_series *cs = &a->p->series[a->city];
    char tot[64], span[32];

    fmt_share(tot, sizeof tot, a->spec.value, a);
    if (a->spec.is_increment && a->spec.start != a->spec.deadline)
        snprintf(span, sizeof span, "%d-%d", a->spec.start, a->spec.deadline);
    else
        snprintf(span, sizeof span, "%d", a->spec.deadline);
    if (zh)
        printf("%s %s %s年%s %s %s", cs->region_name, cs->indicator_name, span,
               a->spec.is_increment ? "新增" : "达到", tot, cs->unit ? cs->unit : "");
    else
        printf("%s %s %s %s %s", cs->region_code,
               out_name(true, false, cs->indicator_code, NULL, cs->indicator_name_en),
               a->spec.is_increment ? "increment" : "level", span, tot);
    if (sp->from_districts)
        fputs(zh ? " (市级无目标, 合计为各县区目标之和)"
                 : " (no city target: its districts' targets "
                   "added up)",
              stdout);
    putchar('\n');
    if (zh)
        printf("%s; 份额为各县区%s\n",
               sp->proposal
                   ? (strcmp(sp->method, "equal-risk") == 0 ? "按等风险分配" : "按预期贡献比例分配")
                   : (strcmp(sp->method, "plan") == 0 ? "规划的分解" : "给定的分解"),
               a->spec.is_increment ? "在该期间的新增量" : "期末达到的水平");
    else
        printf("%s; shares are %s\n",
               sp->proposal
                   ? (strcmp(sp->method, "equal-risk") == 0 ? "equal-risk split"
                                                            : "proportional split")
                   : (strcmp(sp->method, "plan") == 0 ? "the plan's split" : "the given split"),
               a->spec.is_increment ? "increments over the period" : "levels at the deadline");
}

/*
 * The sentence a director reads: for equal-risk the common probability, for
 * other splits the lowest and highest, then the joint figures.
 */
static void print_summary(const struct split *sp, bool zh)
{
    const struct allocation *a = &sp->a;
    char lo[16], hi[16], all[16], city[16], sum[64];
    double pmin = 1.0, pmax = 0.0;
    bool equal_risk = sp->proposal && strcmp(sp->method, "equal-risk") == 0;
    size_t i, k = 0, n_held = 0;

    /* At equal risk, the districts held at a bound are said apart from the others. */
    for (i = 0; i < a->n_parts; i++) {
        if (!sp->has[i])
            continue;
        if (equal_risk && sp->held[i]) {
            n_held++;
            continue;
        }
        pmin = fmin(pmin, sp->per[i].probability);
        pmax = fmax(pmax, sp->per[i].probability);
        k++;
    }
    pct(lo, sizeof lo, pmin);
    pct(hi, sizeof hi, pmax);
    allocation_p_all_text(all, sizeof all, &sp->ev, sp->per, sp->has, a->n_parts);
    pct(city, sizeof city, sp->ev.p_city);
    if (equal_risk) {
        char ps[16];
        pct(ps, sizeof ps, sp->res.p_star);
        fputs(zh ? "按等风险分配, " : "split at equal risk: ", stdout);
        if (n_held) {
            size_t m = 0;
            fputs(zh ? "除" : "apart from ", stdout);
            for (i = 0; i < a->n_parts; i++)
                if (sp->has[i] && sp->held[i])
                    printf("%s%s", m++ ? (zh ? "、" : ", ") : "",
                           a->parts[i].is_remainder
                               ? remainder_label(zh)
                               : out_name(true, zh, a->parts[i].code, a->parts[i].name, NULL));
            fputs(zh ? "受上下限约束外, " : " (held at a bound), ", stdout);
        }
        if (k == 0)
            fputs(zh ? "所有县区均受上下限约束" : "every district is held at a bound", stdout);
        else if (strcmp(lo, hi) == 0)
            printf(zh ? "各县区均有约 %s 的把握完成"
                      : "every district has about a %s chance of meeting its share",
                   lo);
        else
            printf(zh ? "各县区均有约 %s 的把握完成 (取整后 %s 到 %s)"
                      : "every district has about a %s chance of meeting its share (%s to %s "
                        "after rounding)",
                   ps, lo, hi);
    } else if (k) {
        printf(zh ? "各县区完成各自份额的把握在 %s 到 %s 之间"
                  : "the districts' chances of meeting their shares range from %s to %s",
               lo, hi);
    }
    printf(zh ? "; 全部县区都完成的概率 %s, 预计 %.1f 个县区完不成; 全市完成 %s 的概率 %s\n"
              : "; all of them meet theirs with probability %s, %.1f districts are expected to "
                "miss; the city meets %s with probability %s\n",
           all, sp->ev.expected_misses, fmt_share(sum, sizeof sum, a->spec.value, a), city);
    if (sp->ev.sum_mismatch) {
        char s1[64], s2[64];
        printf(zh ? "注: 各县区份额合计 %s, 与全市目标 %s 不一致\n"
                  : "note: the shares add up to %s, not to the city's %s\n",
               fmt_share(s1, sizeof s1, sp->ev.sum_shares, a),
               fmt_share(s2, sizeof s2, a->spec.value, a));
    }
    if (sp->missing && !sp->proposal) {
        fputs(zh ? "注: 没有份额的县区: " : "note: districts without a share: ", stdout);
        for (i = 0, k = 0; i < a->n_districts; i++)
            if (!sp->has[i])
                printf("%s%s", k++ ? (zh ? "、" : ", ") : "",
                       zh ? a->parts[i].name : a->parts[i].code);
        putchar('\n');
    }
    if (sp->proposal && sp->res.beyond_paths)
        fputs(zh ? "注: 没有任何模拟情景能完成这一总量\n"
                 : "note: no simulated future delivers this total\n",
              stdout);
}

static int table_block(const struct split *sp, bool zh, struct att_ctx *ctx)
{
    const struct allocation *a = &sp->a;
    struct out_table *t = out_table_new(cols_table, T_COUNT);
    char buf[64];
    size_t i;
    int rc;

    print_heading(sp, zh);
    for (i = 0; i <= a->n_parts; i++) {
        bool city = i == a->n_parts;
        out_row(t);
        if (city) {
            out_text(t, T_REGION, zh ? "全市" : "city");
            out_text(t, T_SHARE, fmt_share(buf, sizeof buf, a->spec.value, a));
            out_text(t, T_EXPECTED, fmt_expected(buf, sizeof buf, a->city_expected, a));
            pct(buf, sizeof buf, sp->ev.p_city);
            out_text(t, T_PROB, buf);
            out_real(t, T_SHORTFALL, allocation_city_shortfall(a));
            continue;
        }
        out_text(t, T_REGION,
                 a->parts[i].is_remainder ? remainder_label(zh)
                                          : (zh ? a->parts[i].name : a->parts[i].code));
        out_text(t, T_EXPECTED, fmt_expected(buf, sizeof buf, a->parts[i].expected, a));
        if (sp->has[i]) {
            out_text(t, T_SHARE, fmt_share(buf, sizeof buf, sp->shares[i], a));
            pct(buf, sizeof buf, sp->per[i].probability);
            out_text(t, T_PROB, buf);
            out_real(t, T_SHORTFALL, sp->per[i].shortfall);
        } else {
            out_text(t, T_SHARE, "-");
            out_text(t, T_PROB, "-");
        }
    }
    rc = out_table_write(t, stdout, ATT_FMT_TABLE, ctx->lang, 0, &ctx->err);
    out_table_free(t);
    if (!rc)
        print_summary(sp, zh);
    return rc;
}

int cmd_allocate(int argc, char **argv, struct att_ctx *ctx)
{
    struct alloc_cli cli;
    struct pipe_opts po;
    struct pipe *p = NULL;
    struct db_target *all = NULL;
    struct out_table *t = NULL;
    struct split *splits = NULL;
    bool *is_city = NULL;
    size_t n_all = 0, i, n_splits = 0;
    bool zh = ctx->lang == ATT_LANG_ZH, table = ctx->format == ATT_FMT_TABLE;
    int64_t region_id = 0;
    int rc;

    rc = parse_cli(argc, argv, ctx, &cli);
    if (rc)
        return rc;
    pipe_opts_init(&po, ctx);
    rc = names_resolve(ctx->db, NAMES_INDICATOR, cli.indicator, &po.indicator_id, &ctx->err);
    if (!rc && cli.region)
        rc = names_resolve(ctx->db, NAMES_REGION, cli.region, &region_id, &ctx->err);
    if (rc)
        return rc;
    /* The same run `attain targets --indicator I` makes, so the paths are the same. */
    po.as_of = cli.as_of;
    po.targets = true;
    po.keep_paths = true;
    po.no_summaries = true;
    po.no_reach = true; /* a split needs no reach_year */
    po.progress = isatty(STDERR_FILENO);
    rc = pipe_run(ctx->db, &po, &p, &ctx->err);
    if (!rc)
        rc = db_targets(ctx->db, 0, po.indicator_id, &all, &n_all, &ctx->err);
    if (rc)
        goto out;
    /* The cities: series with districts reconciled under them. */
    is_city = xcalloc(p->n_series ? p->n_series : 1, sizeof *is_city);
    for (i = 0; i < p->n_series; i++)
        if (p->series[i].parent >= 0 && !p->series[i].is_remainder)
            is_city[p->series[i].parent] = true;
    /* Every split first: a refused one leaves no run recorded and prints nothing. */
    splits = xcalloc(p->n_series ? p->n_series : 1, sizeof *splits);
    for (i = 0; i < p->n_series && !rc; i++) {
        bool skip;
        if (region_id ? p->series[i].region_id != region_id || p->series[i].is_remainder
                      : !is_city[i])
            continue;
        rc = make_split(ctx, &cli, p, i, all, n_all, &splits[n_splits], &skip);
        if (skip)
            split_release(&splits[n_splits]);
        else
            n_splits++;
    }
    if (!rc && n_splits == 0) {
        if (region_id)
            rc =
                att_errf(&ctx->err, ATT_EDATA, tr("'%s' has no figures for '%s': nothing to split"),
                         cli.region, cli.indicator);
        else
            rc = att_errf(&ctx->err, ATT_EDATA,
                          tr("no region with districts has a target for '%s' in %d: nothing to "
                             "split"),
                          cli.indicator, cli.year);
    }
    if (!rc)
        rc = pipe_record_run(ctx->db, "allocate", argc, argv, &po, p, &ctx->err);
    if (!rc && !table) {
        t = out_table_new(cols_machine, C_COUNT);
        for (i = 0; i < n_splits; i++)
            machine_rows(t, &splits[i]);
        rc = out_table_print(t, ctx);
    }
    for (i = 0; !rc && table && i < n_splits; i++) {
        if (i)
            putchar('\n');
        rc = table_block(&splits[i], zh, ctx);
    }
out:
    for (i = 0; splits && i <= n_splits && i < p->n_series; i++)
        split_release(&splits[i]);
    free(splits);
    free(is_city);
    out_table_free(t);
    db_targets_free(all, n_all);
    pipe_free(p);
    return rc;
}
