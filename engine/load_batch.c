/*
 * engine/load_batch.c -- observations new to the database, written in
 * batches sorted by key (see load_int.h).
 *
 * The observations' primary key (region, indicator, period) is an index
 * that takes rows in key order, while files come in any order -- a month
 * of every series, then the next month -- so that one INSERT per row puts
 * each row in a different leaf of the index: most of the time of a large
 * load (tests/bench/load/README.md).  Rows that cannot be in the database
 * yet wait here instead, and are written a batch at a time sorted by key,
 * with rowids in that order too (the largest before the batch plus the
 * row's rank in key order): both the table and its index then grow at
 * their ends, page after page, instead of one leaf per row.  Nothing reads
 * meaning into an observation's rowid; the rows a load adds are still
 * exactly those above the largest rowid before it (load.c, undo_end).
 *
 * A row can wait when its period is later than every period of its series
 * (region and indicator) in the database and in this call so far: then its
 * key is in neither, it cannot be a revision or given twice, and it is
 * added.  The series' latest period in the database is read once per
 * series and load.  Any other row (a reload, a correction, a file in
 * descending order) first writes the batch, so that the database holds
 * every row before it, and then takes the one-row path (observation in
 * load_obs.c), its checks and messages unchanged.
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "load_int.h"
#include "xalloc.h"

/*
 * One observation waiting for its batch: its key packed in 64 bits in the
 * index's order (region id, indicator id, period: 24, 24 and 12 bits; a row
 * whose ids do not fit takes the one-row path), its value, and its source
 * and note (an entry of the batch's texts).  24 bytes.
 */
struct load_pend {
    uint64_t key;
    double v;
    uint32_t text;
};

/* A source and note pair (NULL for none), in the batch's arena. */
struct load_text {
    const char *source;
    const char *note;
};

/* A series' latest period in the database or this call ("" for none). */
struct load_series {
    int64_t rid;
    int64_t iid;
    bool used;
    char last[8];
};

#define ID_BITS 24
#define PERIOD_BITS 12

/* 'YYYY' before 'YYYY-01' .. 'YYYY-12', as the strings compare (years 1900-2100). */
static uint64_t period_rank(const char *p)
{
    uint64_t y = (uint64_t)((p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
                            (p[3] - '0') - 1900);
    uint64_t m = p[4] ? (uint64_t)((p[5] - '0') * 10 + (p[6] - '0')) : 0;

    return y * 13 + m;
}

static void period_text(uint64_t rank, char out[8])
{
    unsigned y = (unsigned)(rank / 13) + 1900;
    unsigned m = (unsigned)(rank % 13);

    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '\0';
    if (m) {
        out[4] = '-';
        out[5] = (char)('0' + m / 10);
        out[6] = (char)('0' + m % 10);
        out[7] = '\0';
    }
}

static size_t series_hash(int64_t rid, int64_t iid)
{
    uint64_t h = (uint64_t)rid * 0x9E3779B97F4A7C15u ^ (uint64_t)iid * 0xC2B2AE3D27D4EB4Fu;

    return (size_t)(h ^ (h >> 29));
}

static struct load_series *series_slot(struct load_series *v, size_t cap, int64_t rid, int64_t iid)
{
    size_t i = series_hash(rid, iid) & (cap - 1);

    while (v[i].used && (v[i].rid != rid || v[i].iid != iid))
        i = (i + 1) & (cap - 1);
    return &v[i];
}

/* The series' entry, read from the database the first time it is asked for. */
static int series_get(struct loader *L, int64_t rid, int64_t iid, struct load_series **out)
{
    struct load_batch *b = &L->obs;
    struct load_series *s;
    sqlite3_stmt *st;
    const unsigned char *p;

    if (2 * (b->nseries + 1) > b->capseries) {
        size_t cap = b->capseries ? 2 * b->capseries : 1024;
        struct load_series *v = xcalloc(cap, sizeof *v);
        size_t i;

        for (i = 0; i < b->capseries; i++)
            if (b->series[i].used)
                *series_slot(v, cap, b->series[i].rid, b->series[i].iid) = b->series[i];
        free(b->series);
        b->series = v;
        b->capseries = cap;
    }
    s = series_slot(b->series, b->capseries, rid, iid);
    if (s->used) {
        *out = s;
        return ATT_OK;
    }
    s->used = true;
    s->rid = rid;
    s->iid = iid;
    s->last[0] = '\0';
    b->nseries++;
    *out = s;
    /*
     * A first load (no observations before it) need not ask for each
     * series: the table holds only rows of this call, and every series
     * with a row here is in the map (a row whose ids do not fit waits for
     * nothing and has no entry, but then neither has any row of its series).
     */
    if (!b->had_rows)
        return ATT_OK;
    st = load_stmt(L, ST_OBS_LAST);
    load_bind_i64(L, st, 1, rid);
    load_bind_i64(L, st, 2, iid);
    if (load_step(L, st) != SQLITE_ROW)
        return load_db_fail(L, NULL, NULL, "read the observations");
    p = sqlite3_column_text(st, 0);
    if (p) {
        /* A period the loader did not write (longer than 'YYYY-MM'): no row waits. */
        if (strlen((const char *)p) >= sizeof s->last)
            memcpy(s->last, "\x7f", 2);
        else
            memcpy(s->last, p, strlen((const char *)p) + 1);
    }
    return ATT_OK;
}

/* Whether two optional texts (NULL or not) are the same. */
static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The batch's entry for this source and note: the previous row's when the same. */
static uint32_t keep_text(struct load_batch *b, const char *source, const char *note)
{
    struct load_text *t;

    source = source && *source ? source : NULL;
    note = note && *note ? note : NULL;
    if (b->ntexts && same(b->texts[b->ntexts - 1].source, source) &&
        same(b->texts[b->ntexts - 1].note, note))
        return (uint32_t)(b->ntexts - 1);
    b->texts = xgrow(b->texts, sizeof *b->texts, b->ntexts + 1, &b->captexts);
    t = &b->texts[b->ntexts];
    t->source = source ? arena_strndup(&b->arena, source, strlen(source)) : NULL;
    t->note = note ? arena_strndup(&b->arena, note, strlen(note)) : NULL;
    b->text_bytes += (source ? strlen(source) : 0) + (note ? strlen(note) : 0) + sizeof *t;
    return (uint32_t)b->ntexts++;
}

int load_obs_wait(struct loader *L, struct lfile *f, int64_t rid, int64_t iid, const char *period,
                  double v, const char *source, const char *note, bool *waits)
{
    struct load_batch *b = &L->obs;
    struct load_series *s = NULL;
    struct load_pend *p;
    int rc;

    *waits = false;
    if (rid < 0 || rid >= 1 << ID_BITS || iid < 0 || iid >= 1 << ID_BITS)
        return load_obs_flush(L);
    if ((rc = series_get(L, rid, iid, &s)) != ATT_OK)
        return rc;
    if (strcmp(period, s->last) <= 0)
        return load_obs_flush(L); /* the database must hold every row before this one */
    if ((b->n == b->max || b->text_bytes > b->max * sizeof *b->rows) &&
        (rc = load_obs_flush(L)) != ATT_OK)
        return rc;
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : LOAD_BATCH_ROWS;
        if (b->cap > b->max)
            b->cap = b->max;
        b->rows = xrealloc(b->rows, b->cap * sizeof *b->rows);
    }
    p = &b->rows[b->n++];
    p->key = (uint64_t)rid << (ID_BITS + PERIOD_BITS) | (uint64_t)iid << PERIOD_BITS |
             period_rank(period);
    p->v = v;
    p->text = keep_text(b, source, note);
    memcpy(s->last, period, strlen(period) + 1);
    f->sum->added++;
    *waits = true;
    return ATT_OK;
}

/*
 * The batch's ranks (file order, from 0) in key order: a radix sort, four
 * stable passes of 15 bits over the 60 bits of the keys.
 */
static uint32_t *key_order(const struct load_batch *b)
{
    static size_t count[1u << 15];
    size_t n = b->n;
    uint32_t *v = xmalloc(n * sizeof *v);
    uint32_t *w = xmalloc(n * sizeof *w);
    size_t i;
    int pass;

    for (i = 0; i < n; i++)
        v[i] = (uint32_t)i;
    for (pass = 0; pass < 4; pass++) {
        unsigned shift = (unsigned)pass * 15;
        size_t sum = 0;
        uint32_t *t;

        memset(count, 0, sizeof count);
        for (i = 0; i < n; i++)
            count[b->rows[v[i]].key >> shift & 0x7fff]++;
        for (i = 0; i < (1u << 15); i++) {
            size_t c = count[i];

            count[i] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++)
            w[count[b->rows[v[i]].key >> shift & 0x7fff]++] = v[i];
        t = v;
        v = w;
        w = t;
    }
    free(w);
    return v;
}

/* Rows per INSERT: one statement's set-up and end shared by that many rows. */
#define PUT_ROWS 64

/* Bind the row of rank `at` (file order), with its rowid, as the k-th row of an INSERT. */
static void bind_put(struct loader *L, sqlite3_stmt *st, int k, const struct load_batch *b,
                     uint32_t at, int64_t rowid, char period[8])
{
    const struct load_pend *p = &b->rows[at];
    const struct load_text *t = &b->texts[p->text];
    int o = 8 * k;

    period_text(p->key & ((1u << PERIOD_BITS) - 1), period);
    load_bind_i64(L, st, o + 1, rowid);
    load_bind_i64(L, st, o + 2, (int64_t)(p->key >> (ID_BITS + PERIOD_BITS)));
    load_bind_i64(L, st, o + 3, (int64_t)(p->key >> PERIOD_BITS & ((1u << ID_BITS) - 1)));
    load_bind_static(L, st, o + 4, period);
    load_bind_dbl(L, st, o + 5, p->v);
    load_bind_opt(L, st, o + 6, t->source);
    load_bind_opt(L, st, o + 7, t->note);
    load_bind_i64(L, st, o + 8, L->load_id);
}

/*
 * The statement that inserts PUT_ROWS rows at once: OR IGNORE, so that
 * SQLite needs no statement journal for it (no row of a batch can be in
 * the table already: each statement must add all its rows, which is checked).
 */
static int put_many(struct loader *L, sqlite3_stmt **out)
{
    char *sql;
    size_t len;
    int k;
    int src;

    if (!L->obs.put) {
        static const char head[] = "INSERT OR IGNORE INTO observations(rowid, region_id, "
                                   "indicator_id, period, value, source, note, load_id) VALUES ";
        static const char one[] = ",(?,?,?,?,?,?,?,?)";
        size_t cap = sizeof head + PUT_ROWS * sizeof one;

        sql = xmalloc(cap);
        memcpy(sql, head, sizeof head - 1);
        len = sizeof head - 1;
        for (k = 0; k < PUT_ROWS; k++) {
            /* The first row without its comma. */
            memcpy(sql + len, one + (k == 0), sizeof one - 1 - (k == 0));
            len += sizeof one - 1 - (k == 0);
        }
        src = sqlite3_prepare_v2(L->db, sql, (int)len, &L->obs.put, NULL);
        free(sql);
        if (src != SQLITE_OK)
            return load_db_fail(L, NULL, NULL, "prepare the loader's statements");
    }
    (void)sqlite3_reset(L->obs.put);
    *out = L->obs.put;
    return ATT_OK;
}

int load_obs_flush(struct loader *L)
{
    struct load_batch *b = &L->obs;
    char periods[PUT_ROWS][8];
    sqlite3_stmt *st;
    uint32_t *at;
    int64_t base;
    size_t i;
    int rc = ATT_OK;

    if (b->n == 0)
        return ATT_OK;
    st = load_stmt(L, ST_OBS_TOP);
    if (load_step(L, st) != SQLITE_ROW)
        return load_db_fail(L, NULL, NULL, "read the observations");
    base = sqlite3_column_int64(st, 0);
    (void)sqlite3_reset(st);
    at = key_order(b);
    for (i = 0; i < b->n && rc == ATT_OK;) {
        int want = b->n - i >= PUT_ROWS ? PUT_ROWS : 1;
        int k;

        if (want == 1)
            st = load_stmt(L, ST_OBS_PUT);
        else if ((rc = put_many(L, &st)) != ATT_OK)
            break;
        for (k = 0; k < want; k++)
            bind_put(L, st, k, b, at[i + (size_t)k], base + 1 + (int64_t)(i + (size_t)k),
                     periods[k]);
        if (load_step(L, st) != SQLITE_DONE || sqlite3_changes(L->db) != want)
            rc = load_db_fail(L, NULL, NULL, "store the observation");
        i += (size_t)want;
    }
    free(at);
    if (b->put)
        (void)sqlite3_reset(b->put);
    (void)sqlite3_reset(L->st[ST_OBS_PUT]);
    b->n = 0;
    b->ntexts = 0;
    b->text_bytes = 0;
    arena_release(&b->arena);
    return rc;
}

void load_obs_release(struct load_batch *b)
{
    sqlite3_finalize(b->put);
    free(b->rows);
    free(b->texts);
    free(b->series);
    arena_release(&b->arena);
    memset(b, 0, sizeof *b);
}

/* A batch holds at most an eighth of the input's bytes (and at least a parse batch). */
void load_obs_start(struct loader *L, unsigned long long bytes)
{
    unsigned long long max = bytes / 8 / sizeof(struct load_pend);

    L->obs.max = max < LOAD_BATCH_ROWS ? LOAD_BATCH_ROWS : (size_t)max;
}
