/*
 * engine/target_flags.c -- what `attain targets` notes about each target
 * (see target_flags.h), shared with the bulletin, which says the same
 * sentences next to the target.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "model.h"
#include "pipeline.h"
#include "target_flags.h"
#include "xalloc.h"

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

static bool same_thing(const struct db_target *a, const struct pipe_target *b)
{
    bool inc = strcmp(a->kind, "increment") == 0;
    return a->indicator_id == b->indicator_id && a->deadline == b->spec.deadline &&
           inc == b->spec.is_increment && (inc ? a->start : a->deadline) == b->spec.start;
}

/* Sum of the child regions' targets for the same thing; *missing (out) lists children without. */
static bool split_of(const struct pipe *p, const struct target_flag_src *rs,
                     const struct target_flag_src *all, size_t ti, double *sum, char **missing)
{
    const struct pipe_target *t = &p->targets[ti];
    size_t i, k, found = 0;

    *sum = 0.0;
    *missing = NULL;
    for (i = 0; i < rs->n_regions; i++) {
        bool has = false;
        if (rs->regions[i].parent_id != t->region_id)
            continue;
        for (k = 0; k < all->n_targets; k++) {
            if (all->targets[k].region_id == rs->regions[i].id && same_thing(&all->targets[k], t)) {
                *sum += all->targets[k].value;
                has = true;
                found++;
            }
        }
        if (!has)
            cat(missing, "%s%s", *missing ? "," : "", rs->regions[i].code);
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
    [TF_MODEL_DIFFERS] = {"model_differs", "%s; 默认 (auto) 为 %s, 差别很大, 请核对所选模型",
                          "%s; the default (auto) says %s: a large change, check the model "
                          "chosen"},
};
/* clang-format on */

bool flag_has(const struct flag_set *fs, enum target_flag f)
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

void flag_set_free(struct flag_set *fs)
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
char *flag_text(const struct flag_set *fs)
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
static const char *region_label(const struct target_flag_src *rs, const char *code, bool zh)
{
    size_t i;

    for (i = 0; zh && i < rs->n_regions; i++)
        if (strcmp(rs->regions[i].code, code) == 0)
            return rs->regions[i].name;
    return code;
}

/*
 * model_differs: target ti of p (run with --model rs->model) against the
 * same target of rs->ref (auto); csv value auto's probability, sentence
 * "93% with --model poisson; the default (auto) says 1% (short+log)".
 */
static void model_differs(const struct pipe *p, const struct target_flag_src *rs, size_t ti,
                          struct flag_set *fs)
{
    const struct pipe_target *t = &p->targets[ti], *u = NULL;
    char v[32], en[160], zh[160], a1[160];
    size_t k;

    if (!rs->ref || !t->has_result)
        return;
    if (ti < rs->ref->n_targets && rs->ref->targets[ti].id == t->id)
        u = &rs->ref->targets[ti];
    for (k = 0; !u && k < rs->ref->n_targets; k++)
        if (rs->ref->targets[k].id == t->id)
            u = &rs->ref->targets[k];
    if (!u || !u->has_result || fabs(t->res.probability - u->res.probability) < TF_MODEL_GAP)
        return;
    snprintf(v, sizeof v, "%.3f", u->res.probability);
    snprintf(en, sizeof en, "%.0f%% with --model %s", 100 * t->res.probability, rs->model);
    snprintf(zh, sizeof zh, "使用 --model %s 为 %.0f%%", rs->model, 100 * t->res.probability);
    snprintf(a1, sizeof a1, "%.0f%% (%s)", 100 * u->res.probability,
             u->series >= 0 ? rs->ref->series[u->series].model : "auto");
    flag_put(fs, TF_MODEL_DIFFERS, v, en, zh, a1);
}

void target_flags_of(const struct pipe *p, const struct target_flag_src *rs, size_t ti,
                     struct flag_set *fs)
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
    if (split_of(p, rs, rs, ti, &sum, &missing)) {
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
    model_differs(p, rs, ti, fs);
}

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

void tally_add(struct tally *t, const char *key, bool behind)
{
    if (key)
        tally_add_n(t, key, strlen(key), behind);
}

/*
 * A target led by several units ("市科技局、市产业技术创研工程中心") counts for
 * each of them: split on the enumeration comma 、, full-width and ASCII
 * commas and semicolons.
 */
void tally_add_units(struct tally *t, const char *units, bool behind)
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

void tally_free(struct tally *t)
{
    size_t i;

    for (i = 0; i < t->n; i++)
        free(t->key[i]);
    free(t);
}

void print_tally(const struct tally *t, const char *title)
{
    size_t i;

    printf("%s\n", title);
    for (i = 0; i < t->n; i++)
        printf("  %s: %zu/%zu\n", t->key[i], t->behind[i], t->total[i]);
}

/* Append sentence fmt with each %s replaced by the next of args[0..1] (NULL: nothing). */
static void say(char **out, const char *fmt, char *const *args)
{
    size_t k = 0;
    const char *at;

    while ((at = strstr(fmt, "%s")) != NULL) {
        cat(out, "%.*s", (int)(at - fmt), fmt);
        if (k < 2 && args[k])
            cat(out, "%s", args[k]);
        k++;
        fmt = at + 2;
    }
    cat(out, "%s", fmt);
}

char *flag_sentences(const struct flag_set *fs, bool zh, bool ytd_flat)
{
    char *out = xstrdup("");
    size_t f;

    for (f = 0; f < TF_COUNT; f++) {
        if (!flag_has(fs, (enum target_flag)f) || (f == TF_YTD_FLAT && !ytd_flat))
            continue;
        if (*out)
            cat(&out, "; ");
        if (f == TF_YTD_FLAT)
            cat(&out, "%s",
                zh ? "年内进度按均匀进度外推 (无往年月度数据)"
                   : "year to date projected with a flat profile (no earlier monthly figures)");
        else
            say(&out, zh ? flag_defs[f].zh : flag_defs[f].en, fs->arg[f][zh]);
    }
    return out;
}
