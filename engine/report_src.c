/*
 * engine/report_src.c -- what every chart builder reads besides the pipe:
 * the regions, indicators and targets of the store, the as-of period, and
 * the words shared by charts and the bulletin (names in --lang, a target
 * as a sentence, numbers without needless decimals).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "err.h"
#include "pipeline.h"
#include "plot.h"
#include "report.h"
#include "text.h"
#include "xalloc.h"

/*
 * Does a name need a bidi isolate to keep it from reordering the words
 * around it in a chart label ("NAME · indicator: target")?  Yes when it
 * holds an explicit direction mark (LRM, RLM, ALM, embeddings, overrides,
 * isolates) or a right-to-left letter (Hebrew, Arabic and the other RTL
 * blocks).  Plain names stay byte for byte as they are.
 */
static bool bidi_awkward(const char *s)
{
    size_t len = strlen(s), i = 0, k;
    uint32_t c;

    while (i < len) {
        if (!(k = text_utf8_next(s + i, len - i, &c))) {
            i++;
            continue;
        }
        i += k;
        if (c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
            (c >= 0x2066 && c <= 0x2069) || (c >= 0x0590 && c <= 0x08ff) ||
            (c >= 0xfb1d && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff) ||
            (c >= 0x10800 && c <= 0x10fff) || (c >= 0x1e800 && c <= 0x1efff))
            return true;
    }
    return false;
}

/*
 * name between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL
 * ISOLATE (heap): whatever marks it holds then act inside it only.  A
 * U+200E LEFT-TO-RIGHT MARK before it keeps the label's own direction
 * left-to-right where a renderer guesses it from the first letters without
 * skipping isolates (the PNG charts: pango read a leading "RLO name" as a
 * right-to-left line and put the name last).  A PDI of
 * the name that would close our isolate is dropped, and an isolate it opens
 * is closed before ours, so the pair always matches; the closing PDI also
 * ends any embedding or override the name left open.
 */
static char *bidi_isolate(const char *name)
{
    static const char fsi[] = "\xe2\x80\x8e\xe2\x81\xa8", pdi[] = "\xe2\x81\xa9";
    size_t len = strlen(name), i = 0, k, o = 0, depth = 0;
    char *out = xmalloc(len * 2 + 16);
    uint32_t c;

    memcpy(out + o, fsi, 6);
    o += 6;
    while (i < len) {
        k = text_utf8_next(name + i, len - i, &c);
        if (!k) {
            out[o++] = name[i++];
            continue;
        }
        if (c >= 0x2066 && c <= 0x2068) {
            depth++;
        } else if (c == 0x2069) {
            if (depth == 0) {
                i += k;
                continue;
            }
            depth--;
        }
        memcpy(out + o, name + i, k);
        o += k;
        i += k;
    }
    for (; depth > 0; depth--) {
        memcpy(out + o, pdi, 3);
        o += 3;
    }
    memcpy(out + o, pdi, 4);
    return out;
}

/* s as it is, or its isolated form in the report's arena when it needs one. */
const char *report_isolated(struct report_src *src, const char *s)
{
    char *iso;
    const char *r;

    if (!s || !*s || !bidi_awkward(s))
        return s;
    iso = bidi_isolate(s);
    r = arena_strndup(&src->arena, iso, strlen(iso));
    free(iso);
    return r;
}

/* Replace *name by its isolated form when it needs one. */
static void isolate_name(char **name)
{
    char *iso;

    if (!*name || !bidi_awkward(*name))
        return;
    iso = bidi_isolate(*name);
    free(*name);
    *name = iso;
}

int report_src_init(struct report_src *src, struct sqlite3 *db, const struct pipe *p, bool zh,
                    const char *as_of, struct att_err *err)
{
    int rc;
    size_t i;

    memset(src, 0, sizeof *src);
    src->p = p;
    src->zh = zh;
    src->err = err;
    src->db = db;
    if ((rc = db_regions(db, &src->regions, &src->n_regions, err)) ||
        (rc = db_indicators(db, &src->indicators, &src->n_indicators, err)) ||
        (rc = db_targets(db, 0, 0, &src->targets, &src->n_targets, err)))
        return rc;
    /* Every name reaches the charts and the page bidi-isolated where it needs it. */
    for (i = 0; i < src->n_regions; i++)
        isolate_name(&src->regions[i].name);
    for (i = 0; i < src->n_indicators; i++) {
        isolate_name(&src->indicators[i].name);
        isolate_name(&src->indicators[i].name_en);
    }
    for (i = 0; i < src->n_regions; i++)
        if (src->regions[i].parent_id == 0) {
            src->root = src->regions[i].id;
            break;
        }
    pipe_as_of(p, as_of, src->as_of);
    return ATT_OK;
}

void report_src_release(struct report_src *src)
{
    db_regions_free(src->regions, src->n_regions);
    db_indicators_free(src->indicators, src->n_indicators);
    db_targets_free(src->targets, src->n_targets);
    arena_release(&src->arena);
    src->regions = NULL;
    src->indicators = NULL;
    src->targets = NULL;
}

/* The element of rows[0..n) (each `size` bytes, an int64_t id at `off`) with that id, or NULL. */
static const void *find_id(const void *rows, size_t n, size_t size, size_t off, int64_t id)
{
    const unsigned char *p = rows;
    size_t i;

    for (i = 0; i < n; i++, p += size) {
        int64_t have;

        memcpy(&have, p + off, sizeof have);
        if (have == id)
            return p;
    }
    return NULL;
}

const struct db_region *report_region(const struct report_src *src, int64_t id)
{
    return find_id(src->regions, src->n_regions, sizeof *src->regions,
                   offsetof(struct db_region, id), id);
}

const struct db_indicator *report_indicator(const struct report_src *src, int64_t id)
{
    return find_id(src->indicators, src->n_indicators, sizeof *src->indicators,
                   offsetof(struct db_indicator, id), id);
}

void *report_per_region(struct report_src *src, size_t size)
{
    return arena_alloc(&src->arena, (src->n_regions ? src->n_regions : 1) * size);
}

const char *report_region_name(struct report_src *src, const struct db_region *r)
{
    char *s;

    if (!r)
        return "?";
    if (src->zh || !r->code)
        return r->name;
    /* English: the code, with a capital ("Panjin"); the data has no English names. */
    s = arena_printf(&src->arena, "%s", r->code);
    if (*s >= 'a' && *s <= 'z')
        *s = (char)(*s - 'a' + 'A');
    return s;
}

const char *report_indicator_name(const struct report_src *src, const struct db_indicator *ind)
{
    if (!ind)
        return "?";
    if (src->zh || !ind->name_en || !*ind->name_en)
        return ind->name;
    return ind->name_en;
}

/* The English name without its explanation in parentheses (for tic labels). */

const char *report_short_indicator(struct report_src *src, const struct db_indicator *ind)
{
    const char *name = report_indicator_name(src, ind);
    const char *paren = src->zh ? NULL : strstr(name, " (");

    return paren ? arena_printf(&src->arena, "%.*s", (int)(paren - name), name) : name;
}

/* The English words of the units the data use (an indicator's `unit` is Chinese). */
static const struct {
    const char *zh, *en;
} unit_words[] = {
    {"家", "entities"},
    {"个", "units"},
    {"项", "items"},
    {"次", "times"},
    {"人", "people"},
    {"名", "people"},
    {"场", "events"},
    {"支", "teams"},
    {"件", "items"},
    {"亿元", "100 million yuan"},
    {"万元", "10,000 yuan"},
    {"元", "yuan"},
    {"%", "%"},
    {"％", "%"},
};

const char *report_unit(struct report_src *src, const char *unit)
{
    size_t i;

    if (!unit)
        return "";
    if (!src->zh)
        for (i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++)
            if (strcmp(unit, unit_words[i].zh) == 0)
                return unit_words[i].en;
    return report_isolated(src, unit);
}

const char *report_num_text(struct report_src *src, double v)
{
    char buf[512]; /* %.0f of the largest double has 309 digits */

    plot_value_text(buf, sizeof buf, v);
    return arena_strndup(&src->arena, buf, strlen(buf));
}

const char *report_target_text(struct report_src *src, size_t ti)
{
    const struct pipe_target *t = &src->p->targets[ti];
    const char *v = report_num_text(src, t->spec.value);
    const char *unit = report_unit(src, t->unit);

    if (!t->spec.is_increment)
        return src->zh ? arena_printf(&src->arena, "%d 年达到 %s %s", t->spec.deadline, v, unit)
                       : arena_printf(&src->arena, "reach %s %s by %d", v, unit, t->spec.deadline);
    if (t->spec.start == t->spec.deadline)
        return src->zh ? arena_printf(&src->arena, "%d 年新增 %s %s", t->spec.deadline, v, unit)
                       : arena_printf(&src->arena, "add %s %s in %d", v, unit, t->spec.deadline);
    return src->zh ? arena_printf(&src->arena, "%d–%d 年累计新增 %s %s", t->spec.start,
                                  t->spec.deadline, v, unit)
                   : arena_printf(&src->arena, "add %s %s in %d–%d", v, unit, t->spec.start,
                                  t->spec.deadline);
}

const char *report_years_text(struct report_src *src, const struct pipe_target *t)
{
    if (t->spec.is_increment && t->spec.start != t->spec.deadline)
        return arena_printf(&src->arena, "%d–%d", t->spec.start, t->spec.deadline);
    return arena_printf(&src->arena, "%d", t->spec.deadline);
}

bool report_has_child_target(const struct report_src *src, int64_t parent, int64_t indicator)
{
    size_t i;

    for (i = 0; i < src->p->n_targets; i++) {
        const struct pipe_target *t = &src->p->targets[i];
        const struct db_region *r;

        if (t->indicator_id != indicator || !t->has_result)
            continue;
        r = report_region(src, t->region_id);
        if (r && r->parent_id == parent && parent)
            return true;
    }
    return false;
}

/* The bulletin's charts, in the order they appear. */

int report_until(struct sqlite3 *db, int *until, struct att_err *err)
{
    struct db_target *t = NULL;
    size_t n = 0, i;
    int rc = db_targets(db, 0, 0, &t, &n, err);

    *until = 0;
    for (i = 0; !rc && i < n; i++)
        if (t[i].deadline > *until)
            *until = t[i].deadline;
    db_targets_free(t, n);
    return rc;
}
