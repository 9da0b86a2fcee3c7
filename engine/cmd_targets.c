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

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "output.h"
#include "pipeline.h"
#include "target_cols.h"
#include "xalloc.h"

struct regions {
    struct db_region *r;
    size_t n;
};

static void cat(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void cat(char **s, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    char *next;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    next = xasprintf("%s%s", *s ? *s : "", buf);
    free(*s);
    *s = next;
}

/* Every target of the selected indicators, whatever --region: a split spans regions. */
struct all_targets {
    struct db_target *t;
    size_t n;
};

static bool same_thing(const struct db_target *a, const struct pipe_target *b)
{
    bool inc = strcmp(a->kind, "increment") == 0;
    return a->indicator_id == b->indicator_id && a->deadline == b->spec.deadline &&
           inc == b->spec.is_increment && (inc ? a->start : a->deadline) == b->spec.start;
}

/* Sum of the child regions' targets for the same thing; *missing (out) lists children without. */
static bool split_of(const struct pipe *p, const struct regions *rs, const struct all_targets *all,
                     size_t ti, double *sum, char **missing)
{
    const struct pipe_target *t = &p->targets[ti];
    size_t i, k, found = 0;

    *sum = 0.0;
    *missing = NULL;
    for (i = 0; i < rs->n; i++) {
        bool has = false;
        if (rs->r[i].parent_id != t->region_id)
            continue;
        for (k = 0; k < all->n; k++) {
            if (all->t[k].region_id == rs->r[i].id && same_thing(&all->t[k], t)) {
                *sum += all->t[k].value;
                has = true;
                found++;
            }
        }
        if (!has)
            cat(missing, "%s%s", *missing ? "," : "", rs->r[i].code);
    }
    if (found == 0) {
        free(*missing);
        *missing = NULL;
    }
    return found > 0;
}

/*
 * The monthly view: a one-year target whose year has a year-to-date figure
 * is behind pace when the share of it done so far (*done) is below the share
 * of a year that earlier years had reached by that month (*expect, the
 * profile of models/ytd.c).  Flow level: ytd / target; stock increment:
 * (ytd - last year end) / target; stock level: the same over what was
 * still missing at last year end.
 */
static bool behind_pace(const struct pipe_target *t, const struct pipe_series *s, double *done,
                        double *expect)
{
    double need, got;

    if (!s->has_ytd || !t->has_result || t->spec.deadline != s->ytd_year ||
        t->spec.start != t->spec.deadline)
        return false;
    if (s->is_flow) {
        need = t->spec.value; /* a flow's level and increment in one year are the same */
        got = s->ytd_value;
    } else if (t->spec.is_increment) {
        need = t->spec.value;
        got = s->ytd_value - s->ytd_prev_end;
    } else {
        need = t->spec.value - s->ytd_prev_end;
        got = s->ytd_value - s->ytd_prev_end;
    }
    if (!(need > 0.0))
        return false;
    *done = got / need;
    *expect = s->ytd.share_mean;
    return *done < *expect;
}

/*
 * The flags of a target, in the order csv and json list them: the key
 * there, and the sentence the table's notes say instead, so that a reader
 * of the table needs no key (a format: %s are the flag's arguments, in
 * order).  The list at the top of this file says what each means.
 */
enum target_flag {
    TF_NO_DATA,
    TF_BEFORE_HISTORY,
    TF_NOT_FORECAST,
    TF_BEYOND_HORIZON,
    TF_DECIDED,
    TF_MET,
    TF_UNREACHABLE,
    TF_NO_GROWTH,
    TF_YTD_FLAT, /* no sentence: the notes count these targets once, at the end */
    TF_REMAINDER,
    TF_REMAINDER_NEGATIVE,
    TF_BEHIND_PACE,
    TF_SPLIT_SUM,
    TF_SPLIT_MISSING,
    TF_COUNT
};

/* clang-format off */
static const struct {
    const char *key, *zh, *en;
} flag_defs[TF_COUNT] = {
    [TF_NO_DATA] = {"no_data", "没有该指标的数据, 无法判断",
                    "no figures for this series: nothing to judge by"},
    [TF_BEFORE_HISTORY] = {"before_history", "需要早于数据起始年份的数据",
                           "needs a year before the first figure"},
    [TF_NOT_FORECAST] = {"not_forecast", "该序列无法预测 (原因见 attain forecast 的说明)",
                         "the series could not be forecast (attain forecast says why)"},
    [TF_BEYOND_HORIZON] = {"beyond_horizon", "期限超出 40 年模拟范围",
                           "the deadline is past the 40 simulated years"},
    [TF_DECIDED] = {"decided", "所需年份均已有实际数据, 结果已定",
                    "every year it needs is observed: decided"},
    [TF_MET] = {"met", "已经达成", "already met, whatever happens next"},
    [TF_UNREACHABLE] = {"unreachable", "所需增速高于历史上任何一年",
                        "needs faster growth than any year so far"},
    [TF_NO_GROWTH] = {"no_growth", "从当前水平出发, 任何恒定增速都达不到 (如从零起步)",
                      "no constant growth from the last level reaches it (e.g. from zero)"},
    [TF_YTD_FLAT] = {"ytd_flat", NULL, NULL},
    [TF_REMAINDER] = {"remainder", "本级数据不等于所列县区之和, 未分配部分作为一个县区单独预测",
                      "its own figures are not its districts' sum: the rest is forecast as one "
                      "more district"},
    [TF_REMAINDER_NEGATIVE] = {"remainder_negative", "所列县区之和在 %s 年超过本级数据 (数据不一致)",
                               "the districts add up to more than its own figures in %s "
                               "(inconsistent data)"},
    [TF_BEHIND_PACE] = {"behind_pace", "年内完成 %s, 往年同期已完成 %s",
                        "%s done so far this year; earlier years had done %s by now"},
    [TF_SPLIT_SUM] = {"split_sum", "各县区分解目标合计 %s, 与本目标不一致",
                      "the districts' shares add up to %s"},
    [TF_SPLIT_MISSING] = {"split_missing", "未分解到: %s", "no share for: %s"},
};
/* clang-format on */

/* The flags one target has, with their values. */
struct flag_set {
    unsigned set;              /* 1u << enum target_flag */
    char *value[TF_COUNT];     /* csv/json: key=value; NULL: the key alone */
    char *arg[TF_COUNT][2][2]; /* the sentence's arguments: [flag][0 en, 1 zh][k]; NULL: "" */
};

static bool flag_has(const struct flag_set *fs, enum target_flag f)
{
    return fs->set & 1u << f;
}

/* Set flag f with its csv value and the sentence's arguments (en, zh; NULL zh: as en). */
static void flag_put(struct flag_set *fs, enum target_flag f, const char *value, const char *en0,
                     const char *zh0, const char *a1)
{
    fs->set |= 1u << f;
    fs->value[f] = value ? xstrdup(value) : NULL;
    fs->arg[f][0][0] = en0 ? xstrdup(en0) : NULL;
    fs->arg[f][1][0] = xstrdup(zh0 ? zh0 : en0 ? en0 : "");
    fs->arg[f][0][1] = a1 ? xstrdup(a1) : NULL;
    fs->arg[f][1][1] = a1 ? xstrdup(a1) : NULL;
}

static void flag_set_free(struct flag_set *fs)
{
    size_t f, l, k;

    for (f = 0; f < TF_COUNT; f++) {
        free(fs->value[f]);
        for (l = 0; l < 2; l++)
            for (k = 0; k < 2; k++)
                free(fs->arg[f][l][k]);
    }
}

/* The ';'-separated list of csv and json: key or key=value, in flag order. */
static char *flag_text(const struct flag_set *fs)
{
    char *out = xstrdup("");
    size_t f;

    for (f = 0; f < TF_COUNT; f++)
        if (flag_has(fs, (enum target_flag)f))
            cat(&out, "%s%s%s%s", *out ? ";" : "", flag_defs[f].key, fs->value[f] ? "=" : "",
                fs->value[f] ? fs->value[f] : "");
    return out;
}

/* Why a target has no result. */
static enum target_flag why_not(const struct pipe *p, const struct pipe_target *t)
{
    const struct pipe_series *s;
    int first_needed;

    if (t->series < 0 || p->series[t->series].n == 0)
        return TF_NO_DATA;
    s = &p->series[t->series];
    first_needed = t->spec.is_increment && !s->is_flow ? t->spec.start - 1 : t->spec.start;
    if (first_needed < (int)s->t[0])
        return TF_BEFORE_HISTORY;
    if (!s->ok)
        return TF_NOT_FORECAST;
    return TF_BEYOND_HORIZON;
}

/* The name of region `code` in the language of the table (the code if unknown). */
static const char *region_label(const struct regions *rs, const char *code, bool zh)
{
    size_t i;

    for (i = 0; zh && i < rs->n; i++)
        if (strcmp(rs->r[i].code, code) == 0)
            return rs->r[i].name;
    return code;
}

static void flags_of(const struct pipe *p, const struct regions *rs, const struct all_targets *all,
                     size_t ti, struct flag_set *fs)
{
    const struct pipe_target *t = &p->targets[ti];
    const struct target_result *r = &t->res;
    char *missing = NULL;
    double sum;

    memset(fs, 0, sizeof *fs);
    if (!t->has_result)
        flag_put(fs, why_not(p, t), NULL, NULL, NULL, NULL);
    if (t->has_result && (r->flags & TARGET_F_DECIDED))
        flag_put(fs, TF_DECIDED, NULL, NULL, NULL, NULL);
    if (t->has_result && (r->flags & TARGET_F_MET))
        flag_put(fs, TF_MET, NULL, NULL, NULL, NULL);
    /* A target the futures already meet (e.g. by its year to date) is not called unreachable. */
    if (t->has_result && r->probability < 0.5 && (r->flags & TARGET_F_UNREACHABLE))
        flag_put(fs, TF_UNREACHABLE, NULL, NULL, NULL, NULL);
    if (t->has_result && r->probability < 0.5 && (r->flags & TARGET_F_NO_GROWTH) &&
        !(r->flags & TARGET_F_UNREACHABLE))
        flag_put(fs, TF_NO_GROWTH, NULL, NULL, NULL, NULL);
    if (t->series >= 0) {
        const struct pipe_series *s = &p->series[t->series];
        if (s->has_ytd && s->ytd.flat && t->spec.deadline >= s->ytd_year)
            flag_put(fs, TF_YTD_FLAT, NULL, NULL, NULL, NULL);
        if (s->remainder >= 0) {
            const struct pipe_series *rest = &p->series[s->remainder];
            char *years = NULL;
            size_t k;
            if (rest->parent == t->series)
                flag_put(fs, TF_REMAINDER, NULL, NULL, NULL, NULL);
            for (k = 0; k < rest->n; k++)
                if (rest->y[k] < 0.0)
                    cat(&years, "%s%.0f", years ? "," : "", rest->t[k]);
            if (years)
                flag_put(fs, TF_REMAINDER_NEGATIVE, years, years, NULL, NULL);
            free(years);
        }
    }
    if (t->series >= 0) {
        double done, expect;
        if (behind_pace(t, &p->series[t->series], &done, &expect)) {
            char d[32], e[32], v[64];
            snprintf(d, sizeof d, "%.1f%%", 100.0 * done);
            snprintf(e, sizeof e, "%.1f%%", 100.0 * expect);
            snprintf(v, sizeof v, "%s<%s", d, e);
            flag_put(fs, TF_BEHIND_PACE, v, d, NULL, e);
        }
    }
    if (split_of(p, rs, all, ti, &sum, &missing)) {
        if (fabs(sum - t->spec.value) > 1e-9 * fmax(1.0, fabs(t->spec.value))) {
            char v[64];
            snprintf(v, sizeof v, "%.15g", sum);
            flag_put(fs, TF_SPLIT_SUM, v, v, NULL, NULL);
        }
        if (missing) {
            /* The districts by code in csv and English, by name in Chinese. */
            char *en = NULL, *zh = NULL;
            const char *c = missing;
            while (*c) {
                size_t n = strcspn(c, ",");
                char code[256];
                snprintf(code, sizeof code, "%.*s", (int)n, c);
                cat(&en, "%s%s", en ? ", " : "", code);
                cat(&zh, "%s%s", zh ? "、" : "", region_label(rs, code, true));
                c += n + (c[n] == ',');
            }
            flag_put(fs, TF_SPLIT_MISSING, missing, en, zh, NULL);
            free(en);
            free(zh);
        }
    }
    free(missing);
}

/* Count of targets behind, by a key (district name or lead unit). */
struct tally {
    char *key[256]; /* owned */
    size_t behind[256], total[256];
    size_t n;
};

static void tally_add_n(struct tally *t, const char *key, size_t len, bool behind)
{
    size_t i;

    while (len > 0 && *key == ' ')
        key++, len--;
    while (len > 0 && key[len - 1] == ' ')
        len--;
    if (!key || len == 0)
        return;
    for (i = 0; i < t->n && !(strlen(t->key[i]) == len && memcmp(t->key[i], key, len) == 0); i++)
        ;
    if (i == t->n) {
        if (t->n == 256)
            return;
        t->key[t->n] = xstrndup(key, len);
        t->behind[t->n] = t->total[t->n] = 0;
        t->n++;
    }
    t->total[i]++;
    if (behind)
        t->behind[i]++;
}

static void tally_add(struct tally *t, const char *key, bool behind)
{
    if (key)
        tally_add_n(t, key, strlen(key), behind);
}

/*
 * A target led by several units ("市科技局、市产业技术创研工程中心") counts for
 * each of them: split on the enumeration comma 、, full-width and ASCII
 * commas and semicolons.
 */
static void tally_add_units(struct tally *t, const char *units, bool behind)
{
    /* UTF-8 of U+3001 、, U+FF0C ，, U+FF1B ； */
    static const char *const seps[] = {"\xe3\x80\x81", "\xef\xbc\x8c", "\xef\xbc\x9b", ",", ";"};
    const char *at = units;

    if (!units)
        return;
    while (*at) {
        const char *next = NULL;
        size_t k, seplen = 0;
        for (k = 0; k < sizeof seps / sizeof seps[0]; k++) {
            const char *hit = strstr(at, seps[k]);
            if (hit && (!next || hit < next)) {
                next = hit;
                seplen = strlen(seps[k]);
            }
        }
        if (!next) {
            tally_add_n(t, at, strlen(at), behind);
            return;
        }
        tally_add_n(t, at, (size_t)(next - at), behind);
        at = next + seplen;
    }
}

static void tally_free(struct tally *t)
{
    size_t i;

    for (i = 0; i < t->n; i++)
        free(t->key[i]);
    free(t);
}

static void print_tally(const struct tally *t, const char *title)
{
    size_t i;

    printf("%s\n", title);
    for (i = 0; i < t->n; i++)
        printf("  %s: %zu/%zu\n", t->key[i], t->behind[i], t->total[i]);
}

/* Print sentence fmt with each %s replaced by the next of args[0..1] (NULL: nothing). */
static void say(const char *fmt, char *const *args)
{
    size_t k = 0;
    const char *at;

    while ((at = strstr(fmt, "%s")) != NULL) {
        fwrite(fmt, 1, (size_t)(at - fmt), stdout);
        if (k < 2 && args[k])
            fputs(args[k], stdout);
        k++;
        fmt = at + 2;
    }
    fputs(fmt, stdout);
}

/* The flags as sentences, joined by "; "; ytd_flat is left out (the notes count it once). */
static void say_flags(const struct flag_set *fs, bool zh)
{
    bool first = true;
    size_t f;

    for (f = 0; f < TF_COUNT; f++) {
        if (!flag_has(fs, (enum target_flag)f) || f == TF_YTD_FLAT)
            continue;
        if (!first)
            fputs("; ", stdout);
        say(zh ? flag_defs[f].zh : flag_defs[f].en, fs->arg[f][zh]);
        first = false;
    }
}

static void write_notes(const struct pipe *p, const struct flag_set *fs, bool zh)
{
    struct tally *by_region = xcalloc(1, sizeof *by_region), *by_lead = xcalloc(1, sizeof *by_lead);
    size_t i, k = 0, n_flat = 0;

    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];
        char kindbuf[32];
        if (t->spec.is_increment && t->spec.start != t->spec.deadline)
            snprintf(kindbuf, sizeof kindbuf, "%d-%d", t->spec.start, t->spec.deadline);
        else
            snprintf(kindbuf, sizeof kindbuf, "%d", t->spec.deadline);
        if (flag_has(&fs[i], TF_YTD_FLAT))
            n_flat++;
        if (fs[i].set & ~(1u << TF_YTD_FLAT)) {
            if (k++ == 0)
                printf("\n%s\n", zh ? "注:" : "notes:");
            printf("  %s %s %s %s %.15g: ", zh ? t->region_name : t->region_code,
                   zh ? t->indicator_name : t->indicator_code, kindbuf, target_kind_label(t, zh),
                   t->spec.value);
            say_flags(&fs[i], zh);
            putchar('\n');
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
    "                      [--shard K/N] [--scenario FILE]\n"
    "\n"
    "Every target: region,indicator,deadline,kind,target,baseline,expected,lo80,hi80,\n"
    "probability,status,required_growth,reach_year,model (csv/json add start,\n"
    "lead_unit,flags).  status: on_track (probability >= 0.8), at_risk (>= 0.5),\n"
    "off_track.  The table is followed by notes: district splits that do not add up\n"
    "to the city target, unreachable targets, and who is behind (by region and by\n"
    "lead unit); --as-of YYYY-MM gives the view of that month's progress report.\n"
    "\n"
    "  --as-of P        ignore data after P (YYYY or YYYY-MM)\n"
    "  --region R       only region R's targets\n"
    "  --indicator I    only indicator I\n"
    "  --model M        as for 'attain forecast' (default auto)\n"
    "  --shard K/N      as for 'attain forecast'\n"
    "  --scenario FILE  with the levers of a scenario file (see 'attain scenario')\n";
/* clang-format on */

int cmd_targets(int argc, char **argv, struct att_ctx *ctx)
{
    struct pipe_cli cli;
    struct pipe_opts po;
    struct pipe *p = NULL;
    struct regions rs = {NULL, 0};
    struct all_targets all = {NULL, 0};
    struct out_table *t = NULL;
    struct target_view view;
    struct flag_set *flags = NULL;
    bool table = ctx->format == ATT_FMT_TABLE, zh = ctx->lang == ATT_LANG_ZH;
    size_t i, n_cols;
    int rc;

    rc = pipe_cli_opts(argc, argv, ctx, PIPE_CLI_SHARD, &cli, &po);
    if (rc)
        goto out;
    po.targets = true;
    po.no_summaries = true; /* the table reads the targets only */
    po.progress = isatty(STDERR_FILENO);
    rc = pipe_run(ctx->db, &po, &p, &ctx->err);
    if (rc)
        goto out;
    rc = db_regions(ctx->db, &rs.r, &rs.n, &ctx->err);
    if (rc)
        goto out;
    rc = db_targets(ctx->db, 0, po.indicator_id, &all.t, &all.n, &ctx->err);
    if (rc)
        goto out;
    rc = pipe_record_run(ctx->db, "targets", argc, argv, &po, p, &ctx->err);
    if (rc)
        goto out;
    flags = xcalloc(p->n_targets ? p->n_targets : 1, sizeof *flags);
    /* In table format the columns stop at model; the flags become notes after it. */
    for (n_cols = 0; cols[n_cols] != TC_MODEL; n_cols++)
        ;
    n_cols = table ? n_cols + 1 : sizeof cols / sizeof cols[0];
    target_view_init(&view, cols, n_cols, table, zh);
    t = out_table_new(view.cols, view.n);
    for (i = 0; i < p->n_targets; i++) {
        char *text;
        flags_of(p, &rs, &all, i, &flags[i]);
        text = flag_text(&flags[i]);
        target_view_row(t, &view, p, i, text);
        free(text);
    }
    rc = out_table_write(t, stdout, ctx->format, ctx->lang, 0, &ctx->err);
    if (!rc && table)
        write_notes(p, flags, zh);
out:
    if (flags)
        for (i = 0; i < p->n_targets; i++)
            flag_set_free(&flags[i]);
    free(flags);
    out_table_free(t);
    db_regions_free(rs.r, rs.n);
    db_targets_free(all.t, all.n);
    pipe_free(p);
    pipe_cli_release(&cli);
    return rc;
}
