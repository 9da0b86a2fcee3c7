/*
 * engine/load_rows.c -- what every row function of the loader uses (see
 * load_int.h): statements, bindings and steps, fields, values and names
 * resolved; and the regions and indicators rows (step 2).
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "load_int.h"
#include "messages.h"
#include "names.h"
#include "text.h"
#include "xalloc.h"

/* A database failure while doing `what`; constraint failures are bad data. */
int load_db_fail(struct loader *L, const struct lfile *f, const struct row *r, const char *what)
{
    /* A constraint is the data's fault, located; a full disk or a lock is not. */
    if (f && r && (sqlite3_errcode(L->db) & 0xff) == SQLITE_CONSTRAINT)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, 1, tr("cannot %s: %s"), tr(what),
                           sqlite3_errmsg(L->db));
    return db_failf(L->db, L->err, what);
}

/* Reset a statement for reuse; returns it. */
sqlite3_stmt *load_stmt(struct loader *L, enum stmt s)
{
    /*
     * sqlite3_reset repeats the error of the statement's last step, which was
     * handled when it happened; clearing bindings cannot fail.
     */
    (void)sqlite3_reset(L->st[s]);
    (void)sqlite3_clear_bindings(L->st[s]);
    return L->st[s];
}

/*
 * Binding: every sqlite3_bind_* result is kept in L->bind_rc (the first
 * failure wins) and load_step() refuses to run a statement whose binding failed,
 * so one check per statement covers its parameters.
 */
static void bound(struct loader *L, int rc)
{
    if (rc != SQLITE_OK && L->bind_rc == SQLITE_OK)
        L->bind_rc = rc;
}

void load_bind_i64(struct loader *L, sqlite3_stmt *st, int i, int64_t v)
{
    bound(L, sqlite3_bind_int64(st, i, v));
}

void load_bind_dbl(struct loader *L, sqlite3_stmt *st, int i, double v)
{
    bound(L, sqlite3_bind_double(st, i, v));
}

static void bind_null(struct loader *L, sqlite3_stmt *st, int i)
{
    bound(L, sqlite3_bind_null(st, i));
}

/* Text, stored as given (even empty). */
void load_bind_txt(struct loader *L, sqlite3_stmt *st, int i, const char *s)
{
    bound(L, sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT));
}

/* Text that stays put until the statement's next step (a row's field, a local buffer). */
void load_bind_static(struct loader *L, sqlite3_stmt *st, int i, const char *s)
{
    bound(L, sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC));
}

/* Optional text: NULL when s is NULL or empty. */
void load_bind_opt(struct loader *L, sqlite3_stmt *st, int i, const char *s)
{
    if (!s || !*s)
        bind_null(L, st, i);
    else
        bound(L, sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC));
}

/* sqlite3_step, or the binding failure if there was one. */
int load_step(struct loader *L, sqlite3_stmt *st)
{
    int rc = L->bind_rc;

    if (rc != SQLITE_OK) {
        L->bind_rc = SQLITE_OK;
        return rc;
    }
    return sqlite3_step(st);
}

/* Two optional strings equal, treating NULL and "" alike. */
bool load_same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* A field of row r by column, "" if the file has no such column. */
const char *load_field(const struct lfile *f, const struct row *r, enum col c)
{
    return f->col[c] == NO_COL ? "" : r->f[f->col[c]];
}

/* The 1-based column number of c in f, for messages. */
unsigned long load_colno(const struct lfile *f, enum col c)
{
    return f->col[c] == NO_COL ? 1 : (unsigned long)f->col[c] + 1;
}

struct seen *load_new_seen(struct loader *L, const struct lfile *f, const struct row *r)
{
    struct seen *s = arena_alloc(&L->arena, sizeof *s);

    memset(s, 0, sizeof *s);
    s->file = f->name;
    s->line = r->line;
    return s;
}

/* Read a non-negative number from field c, or write the error. */
int load_read_value(struct loader *L, const struct lfile *f, const struct row *r, size_t fi,
                    double *v)
{
    const char *s = r->f[fi];

    switch (text_number(s, v)) {
    case TEXT_NUMBER_OK:
        break;
    case TEXT_NUMBER_EMPTY:
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, fi + 1, tr("empty value"));
    case TEXT_NUMBER_INVALID:
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, fi + 1, tr("not a number '%s'"), s);
    case TEXT_NUMBER_RANGE:
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, fi + 1,
                           tr("number out of range '%s'"), s);
    }
    if (*v < 0)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, fi + 1,
                           tr("negative value '%s' (counts and amounts are never negative)"), s);
    return ATT_OK;
}

/* A non-empty field, or the error "empty <what>". */
int load_need(struct loader *L, const struct lfile *f, const struct row *r, enum col c,
              const char **out)
{
    *out = load_field(f, r, c);
    if (**out == '\0')
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, c), tr("empty %s"),
                           load_col_names[c]);
    return ATT_OK;
}

/* Resolve the region or indicator named in column c. */
int load_resolve(struct loader *L, const struct lfile *f, const struct row *r, enum col c,
                 int64_t *id)
{
    enum names_kind k = c == COL_INDICATOR ? NAMES_INDICATOR : NAMES_REGION;
    size_t kk = k == NAMES_INDICATOR;
    const struct names *t = k == NAMES_REGION ? L->regions : L->indicators;
    char suggest[256];
    const char *name;
    int rc = load_need(L, f, r, c, &name);
    void *hit;

    if (rc != ATT_OK)
        return rc;
    /* A file by series names the same region and indicator row after row. */
    if (name[0] && strcmp(name, L->last_name[kk]) == 0) {
        *id = L->last_id[kk];
        return ATT_OK;
    }
    /* Most rows name a region and an indicator seen a row before: no search. */
    hit = load_smap_get(&L->ids[kk], name);
    if (hit)
        *id = (int64_t)(intptr_t)hit;
    else if ((*id = names_find(t, name)) != 0)
        load_smap_put(&L->ids[kk], &L->arena, name, (void *)(intptr_t)*id);
    if (*id) {
        if (strlen(name) < sizeof L->last_name[kk]) {
            memcpy(L->last_name[kk], name, strlen(name) + 1);
            L->last_id[kk] = *id;
        }
        return ATT_OK;
    }
    names_suggest(t, name, suggest, sizeof suggest);
    if (suggest[0])
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, c),
                           tr("unknown %s '%s' (did you mean '%s'?)"), tr(names_kind_word(k)), name,
                           suggest);
    return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, c), tr("unknown %s '%s'"),
                       tr(names_kind_word(k)), name);
}

/* ---- regions -------------------------------------------------------------- */

static char *lower_dup(struct loader *L, const char *s)
{
    char *l = arena_strndup(&L->arena, s, strlen(s));

    load_lower(l);
    return l;
}

/*
 * A Chinese name belongs to one region (indicator): fail if `name` is held by
 * another one in the database (st_name: its code, for rows other than id)
 * that this call does not reload (seen: lowercase codes loaded here).
 * reading names the database step for load_db_fail ("read the regions").
 */
static int check_name_owner(struct loader *L, const struct lfile *f, const struct row *r,
                            enum stmt st_name, struct smap *seen, const char *kind,
                            const char *reading, const char *name, int64_t id)
{
    sqlite3_stmt *st = load_stmt(L, st_name);
    int rc;

    load_bind_txt(L, st, 1, name);
    load_bind_i64(L, st, 2, id);
    rc = load_step(L, st);
    if (rc == SQLITE_ROW) {
        const char *owner = (const char *)sqlite3_column_text(st, 0);
        char *lowner = lower_dup(L, owner ? owner : "");

        if (!load_smap_get(seen, lowner))
            return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_NAME),
                               tr("%s name '%s' already belongs to %s '%s'"), tr(kind), name,
                               tr(kind), owner ? owner : "");
        return ATT_OK;
    }
    if (rc != SQLITE_DONE)
        return load_db_fail(L, f, r, reading);
    return ATT_OK;
}

/* Step 2a: one region row, upserted by code (its parent comes later). */
int load_region_row(struct loader *L, struct lfile *f, const struct row *r)
{
    const char *code;
    const char *name;
    const char *parent = load_field(f, r, COL_PARENT);
    char *lcode;
    struct seen *s;
    struct region_row *rr;
    sqlite3_stmt *st;
    int rc;

    if ((rc = load_need(L, f, r, COL_CODE, &code)) != ATT_OK ||
        (rc = load_need(L, f, r, COL_NAME, &name)) != ATT_OK)
        return rc;
    lcode = lower_dup(L, code);
    s = load_smap_get(&L->seen_regions, lcode);
    if (s) {
        if (strcmp(s->s[0], name) != 0 || strcmp(s->s[1], parent) != 0)
            return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_CODE),
                               tr("region '%s' given twice with different values (%s:%lu and "
                                  "%s:%lu)"),
                               code, s->file, s->line, f->name, r->line);
        return ATT_OK; /* the same row again */
    }
    s = load_smap_get(&L->region_names, name);
    if (s)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_NAME),
                           tr("region name '%s' given to both '%s' (%s:%lu) and '%s' (%s:%lu)"),
                           name, s->s[2], s->file, s->line, code, f->name, r->line);
    s = load_new_seen(L, f, r);
    s->s[0] = name;
    s->s[1] = parent;
    s->s[2] = code;
    load_smap_put(&L->seen_regions, &L->arena, lcode, s);
    load_smap_put(&L->region_names, &L->arena, name, s);

    L->rrows = xgrow(L->rrows, sizeof *L->rrows, L->nrrows + 1, &L->caprrows);
    rr = &L->rrows[L->nrrows++];
    memset(rr, 0, sizeof *rr);
    rr->f = f;
    rr->r = r;
    st = load_stmt(L, ST_REG_GET);
    load_bind_txt(L, st, 1, code);
    rc = load_step(L, st);
    if (rc == SQLITE_ROW) {
        rr->existed = true;
        rr->id = sqlite3_column_int64(st, 0);
        rr->changed = !load_same_text((const char *)sqlite3_column_text(st, 1), code) ||
                      !load_same_text((const char *)sqlite3_column_text(st, 2), name);
        rr->old_parent = sqlite3_column_int64(st, 3);
    } else if (rc != SQLITE_DONE) {
        return load_db_fail(L, f, r, "read the regions");
    }
    /* A name belongs to one region: another one (not reloaded here) may hold it. */
    if ((rc = check_name_owner(L, f, r, ST_REG_NAME, &L->seen_regions, "region", "read the regions",
                               name, rr->id)))
        return rc;
    if (rr->existed) {
        if (!rr->changed)
            return ATT_OK;
        st = load_stmt(L, ST_REG_UPD);
        load_bind_i64(L, st, 1, rr->id);
        load_bind_txt(L, st, 2, code);
        load_bind_txt(L, st, 3, name);
        if (load_step(L, st) != SQLITE_DONE)
            return load_db_fail(L, f, r, "update the region");
        return ATT_OK;
    }
    st = load_stmt(L, ST_REG_INS);
    load_bind_txt(L, st, 1, code);
    load_bind_txt(L, st, 2, name);
    if (load_step(L, st) != SQLITE_DONE)
        return load_db_fail(L, f, r, "add the region");
    rr->id = sqlite3_last_insert_rowid(L->db);
    return ATT_OK;
}

/* Step 2b: every region's parent, once all regions of the call are in. */
int load_region_parents(struct loader *L)
{
    size_t i;
    int rc;

    for (i = 0; i < L->nrrows; i++) {
        struct region_row *rr = &L->rrows[i];
        const char *parent = load_field(rr->f, rr->r, COL_PARENT);
        int64_t pid = 0;
        sqlite3_stmt *st;

        if (*parent) {
            char suggest[256];

            pid = names_find(L->regions, parent);
            if (!pid) {
                names_suggest(L->regions, parent, suggest, sizeof suggest);
                if (suggest[0])
                    return att_errf_at(
                        L->err, ATT_EDATA, rr->f->name, rr->r->line, load_colno(rr->f, COL_PARENT),
                        tr("unknown parent region '%s' (did you mean '%s'?)"), parent, suggest);
                return att_errf_at(L->err, ATT_EDATA, rr->f->name, rr->r->line,
                                   load_colno(rr->f, COL_PARENT), tr("unknown parent region '%s'"),
                                   parent);
            }
        }
        if (rr->existed) {
            if (pid != rr->old_parent)
                rr->changed = true;
            if (pid == rr->old_parent)
                goto count;
        } else if (pid == 0) {
            goto count;
        }
        st = load_stmt(L, ST_REG_PARENT);
        load_bind_i64(L, st, 1, rr->id);
        if (pid)
            load_bind_i64(L, st, 2, pid);
        else
            bind_null(L, st, 2);
        rc = load_step(L, st);
        if (rc != SQLITE_DONE)
            return load_db_fail(L, rr->f, rr->r, "set the parent region");
    count:
        if (!rr->existed)
            rr->f->sum->added++;
        else if (rr->changed)
            rr->f->sum->changed++;
        else
            rr->f->sum->unchanged++;
    }
    return ATT_OK;
}

struct region_link {
    int64_t id;
    int64_t parent; /* 0 for a root */
    const char *code;
};

static int cmp_link(const void *a, const void *b)
{
    int64_t x = ((const struct region_link *)a)->id;
    int64_t y = ((const struct region_link *)b)->id;

    return (x > y) - (x < y);
}

static const struct region_link *find_link(const struct region_link *v, size_t n, int64_t id)
{
    struct region_link key = {id, 0, NULL};

    return bsearch(&key, v, n, sizeof *v, cmp_link);
}

/* Step 2c: no region may be its own ancestor. */
int load_region_cycles(struct loader *L)
{
    struct region_link *v = NULL;
    size_t n = 0;
    size_t cap = 0;
    sqlite3_stmt *st = NULL;
    size_t i;
    int rc = ATT_OK;

    if (L->nrrows == 0)
        return ATT_OK;
    if (sqlite3_prepare_v2(L->db, "SELECT id, parent_id, code FROM regions ORDER BY id", -1, &st,
                           NULL) != SQLITE_OK)
        return load_db_fail(L, NULL, NULL, "read the regions");
    while ((rc = load_step(L, st)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 2);

        v = xgrow(v, sizeof *v, n + 1, &cap);
        v[n].id = sqlite3_column_int64(st, 0);
        v[n].parent = sqlite3_column_int64(st, 1);
        v[n].code = arena_strndup(&L->arena, code ? code : "", code ? strlen(code) : 0);
        n++;
    }
    if (rc != SQLITE_DONE) {
        rc = load_db_fail(L, NULL, NULL, "read the regions");
        goto out;
    }
    rc = ATT_OK;
    for (i = 0; i < L->nrrows && rc == ATT_OK; i++) {
        const struct region_row *rr = &L->rrows[i];
        const struct region_link *at = find_link(v, n, rr->id);
        size_t steps;

        for (steps = 0; at && at->parent && steps <= n; steps++) {
            at = find_link(v, n, at->parent);
            if (at && at->id == rr->id) {
                char chain[512];
                const struct region_link *w = find_link(v, n, rr->id);
                size_t len = 0;
                size_t k;

                /* Spell the cycle out: 'a' -> 'b' -> 'a'. */
                chain[0] = '\0';
                for (k = 0; k <= steps + 1 && w && len < sizeof chain; k++) {
                    int m = snprintf(chain + len, sizeof chain - len, "%s'%s'", k ? " -> " : "",
                                     w->code);

                    len = m < 0 ? sizeof chain : len + (size_t)m;
                    w = find_link(v, n, w->parent);
                }
                rc = att_errf_at(L->err, ATT_EDATA, rr->f->name, rr->r->line,
                                 load_colno(rr->f, COL_PARENT),
                                 tr("cycle in the region hierarchy: %s"), chain);
                break;
            }
        }
    }
out:
    sqlite3_finalize(st);
    free(v);
    return rc;
}

/* ---- indicators ----------------------------------------------------------- */

int load_indicator_row(struct loader *L, struct lfile *f, const struct row *r)
{
    const char *code;
    const char *name;
    const char *name_en = load_field(f, r, COL_NAME_EN);
    const char *unit = load_field(f, r, COL_UNIT);
    const char *measure_in;
    char measure[16];
    char *lcode;
    struct seen *s;
    sqlite3_stmt *st;
    int64_t id = 0;
    int rc, k;

    if ((rc = load_need(L, f, r, COL_CODE, &code)) != ATT_OK ||
        (rc = load_need(L, f, r, COL_NAME, &name)) != ATT_OK ||
        (rc = load_need(L, f, r, COL_MEASURE, &measure_in)) != ATT_OK)
        return rc;
    if (!text_ascii(measure_in, measure, sizeof measure) ||
        (load_lower(measure), strcmp(measure, "stock") != 0 && strcmp(measure, "flow") != 0))
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_MEASURE),
                           tr("unknown measure '%s' (expected stock or flow)"), measure_in);
    lcode = lower_dup(L, code);
    s = load_smap_get(&L->seen_indicators, lcode);
    if (s) {
        if (strcmp(s->s[0], name) != 0 || strcmp(s->s[1], name_en) != 0 ||
            strcmp(s->s[2], unit) != 0 || strcmp(s->s[3], measure) != 0)
            return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_CODE),
                               tr("indicator '%s' given twice with different values (%s:%lu and "
                                  "%s:%lu)"),
                               code, s->file, s->line, f->name, r->line);
        return ATT_OK;
    }
    s = load_smap_get(&L->indicator_names, name);
    if (s)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_NAME),
                           tr("indicator name '%s' given to both '%s' (%s:%lu) and '%s' (%s:%lu)"),
                           name, s->text, s->file, s->line, code, f->name, r->line);
    s = load_new_seen(L, f, r);
    s->s[0] = name;
    s->s[1] = name_en;
    s->s[2] = unit;
    s->s[3] = arena_strndup(&L->arena, measure, strlen(measure));
    s->text = code;
    load_smap_put(&L->seen_indicators, &L->arena, lcode, s);
    load_smap_put(&L->indicator_names, &L->arena, name, s);

    st = load_stmt(L, ST_IND_GET);
    load_bind_txt(L, st, 1, code);
    rc = load_step(L, st);
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        if (load_same_text((const char *)sqlite3_column_text(st, 1), code) &&
            load_same_text((const char *)sqlite3_column_text(st, 2), name) &&
            load_same_text((const char *)sqlite3_column_text(st, 3), name_en) &&
            load_same_text((const char *)sqlite3_column_text(st, 4), unit) &&
            load_same_text((const char *)sqlite3_column_text(st, 5), measure)) {
            f->sum->unchanged++;
            return ATT_OK;
        }
    } else if (rc != SQLITE_DONE) {
        return load_db_fail(L, f, r, "read the indicators");
    }
    if ((rc = check_name_owner(L, f, r, ST_IND_NAME, &L->seen_indicators, "indicator",
                               "read the indicators", name, id)))
        return rc;
    /* The update binds the id first, then the same fields as the insert. */
    st = load_stmt(L, id ? ST_IND_UPD : ST_IND_INS);
    k = 1;
    if (id)
        load_bind_i64(L, st, k++, id);
    load_bind_txt(L, st, k++, code);
    load_bind_txt(L, st, k++, name);
    load_bind_txt(L, st, k++, name_en);
    load_bind_txt(L, st, k++, unit);
    load_bind_txt(L, st, k, measure);
    if (load_step(L, st) != SQLITE_DONE)
        return load_db_fail(L, f, r, id ? "update the indicator" : "add the indicator");
    if (id)
        f->sum->changed++;
    else
        f->sum->added++;
    return ATT_OK;
}
