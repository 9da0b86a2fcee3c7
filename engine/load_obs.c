/*
 * engine/load_obs.c -- observations (long and wide rows) and targets, the
 * rows of step 3 (see load_int.h).
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "load_int.h"
#include "messages.h"
#include "text.h"
#include "xalloc.h"

/* Where an observation was first given in this call (found by obs_first). */
struct obs_place {
    const char *file;
    unsigned long line;
    char *text; /* the value as written (owned) */
};

/*
 * Does row r of g give the observation (rid, iid, period)?  On a match,
 * *place gets where, and its value as written.
 */
static bool obs_in_row(struct loader *L, const struct lfile *g, const struct row *r, int64_t rid,
                       int64_t iid, const char *period, struct obs_place *place)
{
    int64_t a = 0, b = 0;
    char p[8];
    size_t i;

    if (r->nf < g->width || load_resolve(L, g, r, COL_REGION, &a) != ATT_OK || a != rid ||
        load_resolve(L, g, r, COL_INDICATOR, &b) != ATT_OK || b != iid)
        return false;
    if (g->spec->kind == LOAD_OBSERVATIONS) {
        if (!text_period(load_field(g, r, COL_PERIOD), p, NULL, NULL) || strcmp(p, period) != 0)
            return false;
        i = g->col[COL_VALUE];
    } else {
        for (i = 0; i < g->width; i++)
            if (strcmp(g->period[i], period) == 0 && r->f[i][0] != '\0')
                break;
        if (i == g->width)
            return false;
    }
    place->file = g->name;
    place->line = r->line;
    place->text = xstrdup(r->f[i]);
    return true;
}

/*
 * Find the first place this call gave the observation (rid, iid, period):
 * read the observation files again from the start.  Only an error needs
 * it, so the load keeps no per-observation memory.
 */
static bool obs_first(struct loader *L, int64_t rid, int64_t iid, const char *period,
                      struct obs_place *place)
{
    bool found = false;
    size_t i, j;

    for (i = 0; i < L->nfiles && !found; i++) {
        const struct lfile *f = &L->files[i];
        struct load_summary sum;
        struct att_err quiet;
        struct arena scratch = {NULL};
        struct lfile g;

        if (f->spec->kind != LOAD_OBSERVATIONS && f->spec->kind != LOAD_OBSERVATIONS_WIDE)
            continue;
        memset(&g, 0, sizeof g);
        memset(&quiet, 0, sizeof quiet);
        g.sum = &sum;
        if (load_lfile_read(&g, f->in, &scratch, &quiet) == ATT_OK) {
            struct att_err *saved = L->err;

            L->err = &quiet; /* the first message must stay the load's own */
            do {
                arena_release(&scratch);
                if (load_parse_more(&g, &scratch, LOAD_BATCH_ROWS, &quiet) != ATT_OK)
                    break;
                for (j = 0; j < g.nrows && !found; j++)
                    found = obs_in_row(L, &g, &g.rows[j], rid, iid, period, place);
            } while (!found && !g.done);
            L->err = saved;
        }
        load_lfile_release(&g);
        arena_release(&scratch);
    }
    return found;
}

/* The error for an observation given twice in this call with different values. */
static int obs_twice(struct loader *L, const struct lfile *f, const struct row *r, int64_t rid,
                     int64_t iid, const char *period, size_t vfi)
{
    struct obs_place first = {NULL, 0, NULL};
    struct att_err *err = L->err;
    int rc;

    /* obs_first reads the files again: the row's fields are copied first. */
    if (!obs_first(L, rid, iid, period, &first))
        return att_errf_at(err, ATT_EDATA, f->name, r->line, vfi + 1,
                           tr("observation '%s' '%s' '%s' given twice with different values"),
                           load_field(f, r, COL_REGION), load_field(f, r, COL_INDICATOR), period);
    rc = att_errf_at(err, ATT_EDATA, f->name, r->line, vfi + 1,
                     tr("observation '%s' '%s' '%s' given twice with different values "
                        "('%s' at %s:%lu, '%s' at %s:%lu)"),
                     load_field(f, r, COL_REGION), load_field(f, r, COL_INDICATOR), period,
                     first.text, first.file, first.line, r->f[vfi], f->name, r->line);
    free(first.text);
    return rc;
}

/*
 * Statement `which` with an observation's key (region, indicator, period) as
 * its parameters 1-3, as every observation statement takes it.
 */
static sqlite3_stmt *obs_stmt(struct loader *L, enum stmt which, int64_t rid, int64_t iid,
                              const char *period)
{
    sqlite3_stmt *st = load_stmt(L, which);

    load_bind_i64(L, st, 1, rid);
    load_bind_i64(L, st, 2, iid);
    load_bind_static(L, st, 3, period);
    return st;
}

/* Run ST_OBS_ADD or ST_OBS_UPD (the same parameters) for one observation. */
static int obs_write(struct loader *L, enum stmt which, int64_t rid, int64_t iid,
                     const char *period, double v, const char *source, const char *note)
{
    sqlite3_stmt *st = obs_stmt(L, which, rid, iid, period);

    load_bind_dbl(L, st, 4, v);
    load_bind_opt(L, st, 5, source);
    load_bind_opt(L, st, 6, note);
    load_bind_i64(L, st, 7, L->load_id);
    return load_step(L, st);
}

/*
 * Store one observation.  vfi is the field index of the value (for
 * messages); source/note are NULL when the file has no such column.
 */
static int observation(struct loader *L, struct lfile *f, const struct row *r, int64_t rid,
                       int64_t iid, const char *period, size_t vfi, double v, const char *source,
                       const char *note)
{
    sqlite3_stmt *st;
    sqlite3_stmt *tt;
    double old;
    bool waits;
    int rc;

    /* A key new to the database and this call waits for its batch (load_batch.c). */
    if ((rc = load_obs_wait(L, f, rid, iid, period, v, source, note, &waits)) != ATT_OK || waits)
        return rc;
    /*
     * The common case first: a key new to the database is one INSERT.  A
     * conflict means the key is in the database already: loaded before
     * (then compared, and revised if it changed), or earlier in this call
     * (its load_id is this load's, or it is in the temp table of keys this
     * call found unchanged), when a different value is an error.
     */
    if (obs_write(L, ST_OBS_ADD, rid, iid, period, v, source, note) != SQLITE_DONE)
        return load_db_fail(L, f, r, "store the observation");
    if (sqlite3_changes(L->db) == 1) {
        f->sum->added++;
        return ATT_OK;
    }
    st = obs_stmt(L, ST_OBS_GET, rid, iid, period);
    if (load_step(L, st) != SQLITE_ROW)
        return load_db_fail(L, f, r, "read the observations");
    old = sqlite3_column_double(st, 0);
    if (sqlite3_column_int64(st, 3) == L->load_id)
        return old == v ? ATT_OK : obs_twice(L, f, r, rid, iid, period, vfi);
    tt = obs_stmt(L, ST_OBS_TOUCH, rid, iid, period);
    if (load_step(L, tt) != SQLITE_DONE)
        return load_db_fail(L, f, r, "note the observation");
    if (sqlite3_changes(L->db) == 0)
        return old == v ? ATT_OK : obs_twice(L, f, r, rid, iid, period, vfi);
    if (old == v) {
        bool meta = (source && !load_same_text(source, (const char *)sqlite3_column_text(st, 1))) ||
                    (note && !load_same_text(note, (const char *)sqlite3_column_text(st, 2)));

        f->sum->unchanged++;
        if (!meta)
            return ATT_OK;
        /* Same value, new source or note: no revision, the row is just corrected. */
        if (!source)
            source = (const char *)sqlite3_column_text(st, 1);
        if (!note)
            note = (const char *)sqlite3_column_text(st, 2);
        source = source ? arena_strndup(&L->batch, source, strlen(source)) : NULL;
        note = note ? arena_strndup(&L->batch, note, strlen(note)) : NULL;
        st = obs_stmt(L, ST_OBS_META, rid, iid, period);
        load_bind_opt(L, st, 4, source);
        load_bind_opt(L, st, 5, note);
        if (load_step(L, st) != SQLITE_DONE)
            return load_db_fail(L, f, r, "update the observation");
        return ATT_OK;
    }
    st = obs_stmt(L, ST_OBS_REV, rid, iid, period);
    load_bind_i64(L, st, 4, L->load_id);
    if (load_step(L, st) != SQLITE_DONE)
        return load_db_fail(L, f, r, "keep the old observation as a revision");
    f->sum->changed++;
    if (obs_write(L, ST_OBS_UPD, rid, iid, period, v, source, note) != SQLITE_DONE)
        return load_db_fail(L, f, r, "store the observation");
    return ATT_OK;
}

int load_observation_row(struct loader *L, struct lfile *f, const struct row *r)
{
    int64_t rid;
    int64_t iid;
    char period[8];
    const char *p;
    double v;
    int rc;

    if ((rc = load_resolve(L, f, r, COL_REGION, &rid)) != ATT_OK ||
        (rc = load_resolve(L, f, r, COL_INDICATOR, &iid)) != ATT_OK ||
        (rc = load_need(L, f, r, COL_PERIOD, &p)) != ATT_OK)
        return rc;
    if (!text_period(p, period, NULL, NULL))
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_PERIOD),
                           tr("impossible period '%s' (expected YYYY or YYYY-MM, years 1900-2100)"),
                           p);
    if ((rc = load_read_value(L, f, r, f->col[COL_VALUE], &v)) != ATT_OK)
        return rc;
    return observation(L, f, r, rid, iid, period, f->col[COL_VALUE], v,
                       f->col[COL_SOURCE] == NO_COL ? NULL : load_field(f, r, COL_SOURCE),
                       f->col[COL_NOTE] == NO_COL ? NULL : load_field(f, r, COL_NOTE));
}

int load_wide_row(struct loader *L, struct lfile *f, const struct row *r)
{
    int64_t rid;
    int64_t iid;
    size_t i;
    int rc;

    if ((rc = load_resolve(L, f, r, COL_REGION, &rid)) != ATT_OK ||
        (rc = load_resolve(L, f, r, COL_INDICATOR, &iid)) != ATT_OK)
        return rc;
    for (i = 0; i < f->width; i++) {
        double v;

        if (f->period[i][0] == '\0')
            continue;
        if (r->f[i][0] == '\0') {
            f->sum->empty++;
            continue;
        }
        if ((rc = load_read_value(L, f, r, i, &v)) != ATT_OK ||
            (rc = observation(L, f, r, rid, iid, f->period[i], i, v, NULL, NULL)) != ATT_OK)
            return rc;
    }
    return ATT_OK;
}

/* ---- targets -------------------------------------------------------------- */

/*
 * Statement `which` with a target's key (region, indicator, deadline, kind,
 * start) as its parameters 1-5, as ST_TGT_GET and ST_TGT_INS take it.
 */
static sqlite3_stmt *tgt_stmt(struct loader *L, enum stmt which, int64_t rid, int64_t iid,
                              int64_t deadline, const char *kind, int64_t start)
{
    sqlite3_stmt *st = load_stmt(L, which);

    load_bind_i64(L, st, 1, rid);
    load_bind_i64(L, st, 2, iid);
    load_bind_i64(L, st, 3, deadline);
    load_bind_txt(L, st, 4, kind);
    load_bind_i64(L, st, 5, start);
    return st;
}

/* A target's value, source, lead unit and this load as parameters first..first+3. */
static void tgt_values(struct loader *L, sqlite3_stmt *st, int first, double v, const char *source,
                       const char *lead)
{
    load_bind_dbl(L, st, first, v);
    load_bind_opt(L, st, first + 1, source);
    load_bind_opt(L, st, first + 2, lead);
    load_bind_i64(L, st, first + 3, L->load_id);
}

int load_target_row(struct loader *L, struct lfile *f, const struct row *r)
{
    int64_t rid;
    int64_t iid;
    const char *text;
    char kind[16];
    int deadline;
    int start;
    double v;
    const char *source = load_field(f, r, COL_SOURCE);
    const char *lead = load_field(f, r, COL_LEAD_UNIT);
    char key[96];
    struct seen *s;
    sqlite3_stmt *st;
    int rc;

    if ((rc = load_resolve(L, f, r, COL_REGION, &rid)) != ATT_OK ||
        (rc = load_resolve(L, f, r, COL_INDICATOR, &iid)) != ATT_OK ||
        (rc = load_need(L, f, r, COL_DEADLINE, &text)) != ATT_OK)
        return rc;
    if (!text_year(text, &deadline))
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_DEADLINE),
                           tr("impossible deadline '%s' (expected a year 1900-2100)"), text);
    if ((rc = load_need(L, f, r, COL_KIND, &text)) != ATT_OK)
        return rc;
    if (!text_ascii(text, kind, sizeof kind) ||
        (load_lower(kind), strcmp(kind, "level") != 0 && strcmp(kind, "increment") != 0))
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_KIND),
                           tr("unknown target kind '%s' (expected level or increment)"), text);
    if ((rc = load_read_value(L, f, r, f->col[COL_VALUE], &v)) != ATT_OK)
        return rc;
    text = load_field(f, r, COL_START);
    start = deadline;
    if (*text && !text_year(text, &start))
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_START),
                           tr("impossible start year '%s' (expected a year 1900-2100)"), text);
    if (kind[0] == 'l' && start != deadline)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_START),
                           tr("a level target has no start year (start %d, deadline %d)"), start,
                           deadline);
    if (start > deadline)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_START),
                           tr("increment starts after its deadline (start %d, deadline %d)"), start,
                           deadline);

    snprintf(key, sizeof key, "%lld\x1f%lld\x1f%d\x1f%s\x1f%d", (long long)rid, (long long)iid,
             deadline, kind, start);
    s = load_smap_get(&L->seen_targets, key);
    if (s) {
        if (s->value != v || strcmp(s->s[0], source) != 0 || strcmp(s->s[1], lead) != 0)
            return att_errf_at(L->err, ATT_EDATA, f->name, r->line, load_colno(f, COL_VALUE),
                               tr("target '%s' '%s' %d %s given twice with different values "
                                  "(%s:%lu and %s:%lu)"),
                               load_field(f, r, COL_REGION), load_field(f, r, COL_INDICATOR),
                               deadline, kind, s->file, s->line, f->name, r->line);
        return ATT_OK;
    }
    s = load_new_seen(L, f, r);
    s->value = v;
    s->s[0] = arena_strndup(&L->arena, source, strlen(source));
    s->s[1] = arena_strndup(&L->arena, lead, strlen(lead));
    load_smap_put(&L->seen_targets, &L->arena, key, s);

    /*
     * Into a table without targets before the load, a key new to this call
     * (seen_targets) is new to the database: no need to look it up.
     */
    rc = SQLITE_DONE;
    if (L->had_targets) {
        st = tgt_stmt(L, ST_TGT_GET, rid, iid, deadline, kind, start);
        rc = load_step(L, st);
    }
    if (rc == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);

        if (sqlite3_column_double(st, 1) == v &&
            load_same_text((const char *)sqlite3_column_text(st, 2), source) &&
            load_same_text((const char *)sqlite3_column_text(st, 3), lead)) {
            f->sum->unchanged++;
            return ATT_OK;
        }
        st = load_stmt(L, ST_TGT_UPD);
        load_bind_i64(L, st, 1, id);
        tgt_values(L, st, 2, v, source, lead);
        if (load_step(L, st) != SQLITE_DONE)
            return load_db_fail(L, f, r, "update the target");
        f->sum->changed++;
        return ATT_OK;
    }
    if (rc != SQLITE_DONE)
        return load_db_fail(L, f, r, "read the targets");
    st = tgt_stmt(L, ST_TGT_INS, rid, iid, deadline, kind, start);
    tgt_values(L, st, 6, v, source, lead);
    if (load_step(L, st) != SQLITE_DONE)
        return load_db_fail(L, f, r, "add the target");
    f->sum->added++;
    return ATT_OK;
}
