/*
 * engine/names.c -- regions and indicators by code or Chinese name, with a
 * "did you mean" for unknown names (see names.h for the rules).  A table
 * keeps every row once, with two sorted indexes: lowercase code and name,
 * so that the loader's look-up per row is a binary search.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "messages.h"
#include "names.h"
#include "text.h"
#include "xalloc.h"

struct names_entry {
    int64_t id;
    char *code;  /* as stored */
    char *lcode; /* ASCII-lowercased code, for case-insensitive matching */
    char *name;  /* Chinese name, matched exactly */
};

struct names {
    enum names_kind kind;
    struct names_entry *e; /* ordered by id */
    size_t n;
    const struct names_entry **by_code; /* every entry, sorted by lcode */
    const struct names_entry **by_name; /* every entry, sorted by name */
};

const char *names_kind_word(enum names_kind kind)
{
    return kind == NAMES_REGION ? "region" : "indicator";
}

static char *lower_ascii(const char *s)
{
    char *l = xstrdup(s);
    char *p;

    for (p = l; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return l;
}

void names_free(struct names *t)
{
    size_t i;

    if (!t)
        return;
    for (i = 0; i < t->n; i++) {
        free(t->e[i].code);
        free(t->e[i].lcode);
        free(t->e[i].name);
    }
    free(t->e);
    free(t->by_code);
    free(t->by_name);
    free(t);
}

static int cmp_code(const void *a, const void *b)
{
    const struct names_entry *x = *(const struct names_entry *const *)a;
    const struct names_entry *y = *(const struct names_entry *const *)b;

    return strcmp(x->lcode, y->lcode);
}

static int cmp_name(const void *a, const void *b)
{
    const struct names_entry *x = *(const struct names_entry *const *)a;
    const struct names_entry *y = *(const struct names_entry *const *)b;

    return strcmp(x->name, y->name);
}

int names_new(struct sqlite3 *db, enum names_kind kind, struct names **out, struct att_err *err)
{
    const char *sql = kind == NAMES_REGION ? "SELECT id, code, name FROM regions ORDER BY id"
                                           : "SELECT id, code, name FROM indicators ORDER BY id";
    struct names *t = xcalloc(1, sizeof *t);
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    size_t i;
    int rc;

    *out = NULL;
    t->kind = kind;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        att_errf(err, ATT_EINTERNAL, tr("cannot read the %ss: %s"), tr(names_kind_word(kind)),
                 sqlite3_errmsg(db));
        goto fail;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 1);
        const char *name = (const char *)sqlite3_column_text(st, 2);
        struct names_entry *e;

        t->e = xgrow(t->e, sizeof *t->e, t->n + 1, &cap);
        e = &t->e[t->n++];
        e->id = sqlite3_column_int64(st, 0);
        e->code = xstrdup(code ? code : "");
        e->lcode = lower_ascii(e->code);
        e->name = xstrdup(name ? name : "");
    }
    if (rc != SQLITE_DONE) {
        att_errf(err, ATT_EINTERNAL, tr("cannot read the %ss: %s"), tr(names_kind_word(kind)),
                 sqlite3_errmsg(db));
        goto fail;
    }
    sqlite3_finalize(st);
    t->by_code = xmalloc((t->n + 1) * sizeof *t->by_code);
    t->by_name = xmalloc((t->n + 1) * sizeof *t->by_name);
    for (i = 0; i < t->n; i++)
        t->by_code[i] = t->by_name[i] = &t->e[i];
    qsort(t->by_code, t->n, sizeof *t->by_code, cmp_code);
    qsort(t->by_name, t->n, sizeof *t->by_name, cmp_name);
    *out = t;
    return ATT_OK;
fail:
    sqlite3_finalize(st);
    names_free(t);
    return ATT_EINTERNAL;
}

/* Binary search of idx (sorted by lcode or by name) for key; NULL if absent. */
static const struct names_entry *search(const struct names *t, const struct names_entry *const *idx,
                                        const char *key, bool by_code)
{
    size_t lo = 0;
    size_t hi = t->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, by_code ? idx[mid]->lcode : idx[mid]->name);

        if (c == 0)
            return idx[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

int64_t names_find(const struct names *t, const char *name)
{
    char *copy = xstrdup(name);
    char *key = text_trim(copy);
    char *lkey = lower_ascii(key);
    const struct names_entry *e = search(t, t->by_code, lkey, true);

    if (!e)
        e = search(t, t->by_name, key, false);
    free(lkey);
    free(copy);
    return e ? e->id : 0;
}

/* Copy s into out (n bytes), cut at a character boundary. */
static void copy_cut(char *out, size_t n, const char *s)
{
    size_t len = strlen(s);

    if (n == 0)
        return;
    if (len >= n) {
        len = n - 1;
        while (len > 0 && ((unsigned char)s[len] & 0xC0u) == 0x80u)
            len--;
    }
    memcpy(out, s, len);
    out[len] = '\0';
}

/* Is candidate c (lq = code points of the query q) close enough to suggest, at distance d? */
static bool is_close(const char *q, size_t lq, const char *c, size_t d)
{
    size_t lc = text_length(c);
    size_t longer = lq > lc ? lq : lc;

    return 2 * d <= longer || (lq >= 2 && strstr(c, q) != NULL);
}

void names_suggest(const struct names *t, const char *name, char *suggest, size_t n)
{
    char *copy = xstrdup(name);
    char *q = text_trim(copy);
    char *lq = lower_ascii(q);
    size_t qlen = text_length(q);
    size_t best_d = SIZE_MAX;
    const char *best = NULL;
    size_t i;

    for (i = 0; i < t->n && *q; i++) {
        const struct names_entry *e = &t->e[i];
        size_t dc = text_distance(lq, e->lcode);
        size_t dn = text_distance(q, e->name);

        /* Names first: a Chinese name is what a planner recognises. */
        if (dn < best_d && is_close(q, qlen, e->name, dn)) {
            best_d = dn;
            best = e->name;
        }
        if (dc < best_d && is_close(lq, qlen, e->lcode, dc)) {
            best_d = dc;
            best = e->code;
        }
    }
    copy_cut(suggest, n, best ? best : "");
    free(lq);
    free(copy);
}

static int resolve(struct sqlite3 *db, enum names_kind kind, const char *name, int64_t *id,
                   char *suggest, size_t n, struct att_err *err)
{
    struct names *t = NULL;
    int rc = names_new(db, kind, &t, err);

    if (rc != ATT_OK)
        return rc;
    *id = names_find(t, name);
    if (*id == 0) {
        names_suggest(t, name, suggest, n);
        rc = ATT_EDATA;
    } else if (n > 0) {
        suggest[0] = '\0';
    }
    names_free(t);
    return rc;
}

int names_region(struct sqlite3 *db, const char *name, int64_t *id, char *suggest, size_t n)
{
    return resolve(db, NAMES_REGION, name, id, suggest, n, NULL);
}

int names_indicator(struct sqlite3 *db, const char *name, int64_t *id, char *suggest, size_t n)
{
    return resolve(db, NAMES_INDICATOR, name, id, suggest, n, NULL);
}

int names_resolve(struct sqlite3 *db, enum names_kind kind, const char *name, int64_t *id,
                  struct att_err *err)
{
    char suggest[256];
    int rc = resolve(db, kind, name, id, suggest, sizeof suggest, err);

    if (rc != ATT_EDATA)
        return rc;
    if (suggest[0])
        return att_errf(err, ATT_EDATA, tr("unknown %s '%s' (did you mean '%s'?)"),
                        tr(names_kind_word(kind)), name, suggest);
    return att_errf(err, ATT_EDATA, tr("unknown %s '%s'"), tr(names_kind_word(kind)), name);
}
