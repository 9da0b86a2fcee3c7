/*
 * engine/db_history.c -- the undo record of every load (schema step 2), the
 * listings of loads and revisions, and `attain revert`.
 */
#include <sqlite3.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_int.h"
#include "db_history.h"
#include "messages.h"
#include "xalloc.h"

/*
 * Schema step 2.  run_views and run_targets keep each targets/report run's
 * probabilities and the month of data it saw, so the next run can say what
 * moved.  One trigger per data table and kind of change writes the
 * SQL that undoes it, tagged with the newest load (every write to these
 * tables happens inside a load, after its row in loads).  An UPDATE that
 * changes nothing is not recorded.  Like every step, this text is never
 * edited once released: a change is a new step (the triggers are written
 * from undo_tables[], whose rows are as fixed as the text).
 */
static const char history_tables[] =
    "ALTER TABLE loads ADD COLUMN reverts INTEGER REFERENCES loads(id);\n"
    "CREATE TABLE load_undo (\n"
    "  id      INTEGER PRIMARY KEY,\n"
    "  load_id INTEGER,\n"
    "  tbl     TEXT NOT NULL,\n"
    "  row_id  INTEGER NOT NULL,\n"
    "  op      TEXT NOT NULL CHECK (op IN ('insert','update','delete')),\n"
    "  undo    TEXT\n"
    ");\n"
    "CREATE INDEX load_undo_by_load ON load_undo(load_id);\n"
    "CREATE INDEX load_undo_by_row ON load_undo(tbl, row_id);\n"
    "CREATE TABLE load_undo_since (first_load INTEGER NOT NULL);\n"
    "INSERT INTO load_undo_since SELECT coalesce(max(id), 0) + 1 FROM loads;\n"
    "CREATE TABLE run_views (\n"
    "  run_id INTEGER PRIMARY KEY REFERENCES runs(id),\n"
    "  as_of  TEXT NOT NULL,\n"
    "  scope  TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE run_targets (\n"
    "  run_id      INTEGER NOT NULL REFERENCES runs(id),\n"
    "  target_id   INTEGER NOT NULL,\n"
    "  probability REAL NOT NULL,\n"
    "  PRIMARY KEY (run_id, target_id)\n"
    ");\n";

#define UNDO_MAX_COLS 10

/* The tables with undo triggers, each with its columns (all but rowid), in the step's order. */
static const struct undo_table {
    const char *name;
    const char *cols[UNDO_MAX_COLS]; /* NULL-ended */
} undo_tables[] = {
    {"regions", {"code", "name", "parent_id"}},
    {"indicators", {"code", "name", "name_en", "unit", "measure"}},
    {"observations", {"region_id", "indicator_id", "period", "value", "source", "note", "load_id"}},
    {"observation_revisions",
     {"region_id", "indicator_id", "period", "value", "source", "note", "load_id", "replaced_by"}},
    {"targets",
     {"region_id", "indicator_id", "deadline", "kind", "value", "start", "source", "lead_unit",
      "load_id"}},
};

/* s (of length *len, or NULL) with the formatted text appended. */
static char *append(char *s, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static char *append(char *s, size_t *len, const char *fmt, ...)
{
    va_list ap;
    int add;

    va_start(ap, fmt);
    add = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    s = xrealloc(s, *len + (size_t)add + 1);
    va_start(ap, fmt);
    vsnprintf(s + *len, (size_t)add + 1, fmt, ap);
    va_end(ap);
    *len += (size_t)add;
    return s;
}

#define UNDO_INSERT_INTO "  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)\n"

/* The three triggers of table t, appended to the text of *s (length *len). */
static void undo_triggers(const struct undo_table *t, char **s, size_t *len)
{
    const char *n = t->name;
    size_t k;

#define ADD(...) (*s = append(*s, len, __VA_ARGS__))
    ADD("CREATE TRIGGER %s_undo_insert AFTER INSERT ON %s BEGIN\n" UNDO_INSERT_INTO
        "  SELECT max(id), '%s', new.rowid, 'insert', NULL FROM loads;\nEND;\n",
        n, n, n);
    ADD("CREATE TRIGGER %s_undo_update AFTER UPDATE ON %s\n", n, n);
    for (k = 0; t->cols[k]; k++)
        ADD("%sold.%s IS NOT new.%s%s\n", k ? "  OR " : "WHEN ", t->cols[k], t->cols[k],
            t->cols[k + 1] ? "" : " BEGIN");
    ADD(UNDO_INSERT_INTO "  SELECT max(id), '%s', old.rowid, 'update', 'UPDATE %s SET '\n", n, n);
    for (k = 0; t->cols[k]; k++)
        ADD("    || '%s%s = ' || quote(old.%s)\n", k ? ", " : "", t->cols[k], t->cols[k]);
    ADD("    || ' WHERE rowid = ' || old.rowid FROM loads;\nEND;\n");
    ADD("CREATE TRIGGER %s_undo_delete AFTER DELETE ON %s BEGIN\n" UNDO_INSERT_INTO
        "  SELECT max(id), '%s', old.rowid, 'delete',\n    'INSERT INTO %s(rowid",
        n, n, n, n);
    for (k = 0; t->cols[k]; k++)
        ADD(", %s", t->cols[k]);
    ADD(") '\n    || 'VALUES (' || old.rowid\n");
    for (k = 0; t->cols[k]; k++)
        ADD("    || ', ' || quote(old.%s)\n", t->cols[k]);
    ADD("    || ')' FROM loads;\nEND;\n");
#undef ADD
}

/*
 * Schema step 3.  A load adds its observations in one piece, and its
 * targets: every row above the largest rowid before it (load.c).  One row
 * of load_undo then stands for all of a table's, op 'insert' from row_id to
 * last_row, instead of one row per observation (which was half the size of
 * a large database and most of its load time).  last_row is NULL on every
 * other row.  The same step indexes region and indicator codes as the
 * loader looks them up, in any case (COLLATE NOCASE): without it, each
 * region of a file was a scan of every region (2,911 regions: 0.2 s).
 */
const char *db_history_ranges_schema(void)
{
    return "ALTER TABLE load_undo ADD COLUMN last_row INTEGER;\n"
           "CREATE INDEX load_undo_by_last ON load_undo(tbl, last_row) "
           "WHERE last_row IS NOT NULL;\n"
           "CREATE INDEX regions_by_code_nocase ON regions(code COLLATE NOCASE);\n"
           "CREATE INDEX indicators_by_code_nocase ON indicators(code COLLATE NOCASE);\n";
}

const char *db_history_schema(void)
{
    static char *text; /* built once, kept for the process */
    size_t len = 0, i;

    if (text)
        return text;
    text = append(NULL, &len, "%s", history_tables);
    for (i = 0; i < sizeof undo_tables / sizeof undo_tables[0]; i++)
        undo_triggers(&undo_tables[i], &text, &len);
    return text;
}

/* The data tables a revert may touch, in enum db_history_table order. */
static const char *const table_names[DBH_COUNT] = {"regions", "indicators", "observations",
                                                   "targets"};

/* The index of data table `tbl` in table_names, or DBH_COUNT. */
static int table_index(const char *tbl)
{
    int t;

    for (t = 0; t < DBH_COUNT; t++)
        if (tbl && strcmp(tbl, table_names[t]) == 0)
            break;
    return t;
}

const char *db_history_table_name(enum db_history_table t)
{
    return (unsigned)t < DBH_COUNT ? table_names[t] : "?";
}

/*
 * Each (load, table, row) once, with what the load did to it on the whole:
 * 'insert' (new), 'update' (changed), 'delete' (removed), or NULL (added
 * and removed again); data tables only.  SQLite takes the bare column op
 * from the row min(id) picked: the load's first step on the row.  n is the
 * number of rows the entry stands for: a range of added rows (row_id to
 * last_row) is an entry of its own, as nothing else of its load touches them.
 */
#define NET_OPS                                                                                    \
    "SELECT load_id, tbl, CASE WHEN max(op = 'insert') AND max(op = 'delete') "                    \
    "THEN CASE op WHEN 'delete' THEN 'update' END WHEN max(op = 'insert') THEN 'insert' "          \
    "WHEN max(op = 'delete') THEN 'delete' ELSE 'update' END AS op, min(id), "                     \
    "coalesce(max(last_row) - row_id + 1, 1) AS n "                                                \
    "FROM load_undo WHERE tbl <> 'observation_revisions' GROUP BY load_id, tbl, row_id"

static int read_fail(sqlite3 *db, const char *what, struct att_err *err)
{
    return att_errf(err, ATT_EIO, tr("cannot read %s: %s"), tr(what), sqlite3_errmsg(db));
}

/* The load with id `id` in l[0..n) (ordered by id), or NULL. */
static struct db_load *find_load(struct db_load *l, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l[mid].id == id)
            return &l[mid];
        if (l[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const struct db_field load_fields[] = {
    DB_FIELD(struct db_load, id, DBF_INT64),        DB_FIELD(struct db_load, at, DBF_TEXT),
    DB_FIELD(struct db_load, files, DBF_TEXT),      DB_FIELD(struct db_load, recorded, DBF_BOOL),
    DB_FIELD(struct db_load, n_new, DBF_INT64),     DB_FIELD(struct db_load, n_changed, DBF_INT64),
    DB_FIELD(struct db_load, n_removed, DBF_INT64), DB_FIELD(struct db_load, reverts, DBF_INT64),
};
/* Each row counts once (a new region's parent is set by an UPDATE in the same load). */
static const struct row_reader loads_rd = {
    "SELECT l.id, l.at, l.files, l.id >= (SELECT first_load FROM load_undo_since), "
    "coalesce(c.n_new, 0), coalesce(c.n_changed, 0), coalesce(c.n_removed, 0), "
    "coalesce(l.reverts, 0) FROM loads l LEFT JOIN ("
    "SELECT load_id, sum(n * (op = 'insert')) AS n_new, sum(n * (op = 'update')) AS n_changed, "
    "sum(n * (op = 'delete')) AS n_removed FROM (" NET_OPS ") GROUP BY load_id) c "
    "ON c.load_id = l.id ORDER BY l.id",
    "loads",
    false,
    sizeof(struct db_load),
    load_fields,
    N_FIELDS(load_fields)};

DB_ROWS_FREE(db_loads_free, struct db_load, loads_rd)

int db_loads(struct sqlite3 *db, struct db_load **out, size_t *n, struct att_err *err)
{
    void *rows;
    struct db_load *l;
    size_t len, i;
    int rc = db_read_rows(db, &loads_rd, 0, 0, &rows, &len, err);

    *out = NULL;
    *n = 0;
    if (rc)
        return rc;
    l = rows;
    /*
     * Which reverts still stand: reverting load j takes it back; reverting
     * a revert j of load k takes j back and so puts k's changes back.
     */
    for (i = 0; i < len; i++) {
        struct db_load *j = l[i].reverts ? find_load(l, len, l[i].reverts) : NULL;
        if (!j)
            continue;
        j->reverted_by = l[i].id;
        if (j->reverts) {
            struct db_load *k = find_load(l, len, j->reverts);
            if (k)
                k->reverted_by = 0;
        }
    }
    *out = l;
    *n = len;
    return ATT_OK;
}

static const struct db_field revision_fields[] = {
    DB_FIELD(struct db_revision, region_code, DBF_TEXT),
    DB_FIELD(struct db_revision, region_name, DBF_TEXT),
    DB_FIELD(struct db_revision, indicator_code, DBF_TEXT),
    DB_FIELD(struct db_revision, indicator_name, DBF_TEXT),
    DB_FIELD(struct db_revision, period, DBF_TEXT),
    DB_FIELD(struct db_revision, old_value, DBF_REAL),
    DB_FIELD(struct db_revision, has_new, DBF_HAS),
    DB_FIELD(struct db_revision, new_value, DBF_REAL),
    DB_FIELD(struct db_revision, old_load, DBF_INT64),
    DB_FIELD(struct db_revision, load, DBF_INT64),
};
/* The new value is what the replacing load wrote: still current, or itself replaced. */
static const struct row_reader revisions_rd = {
    "SELECT g.code, g.name, i.code, i.name, r.period, r.value, coalesce("
    "(SELECT r2.value FROM observation_revisions r2 WHERE r2.region_id = r.region_id "
    "AND r2.indicator_id = r.indicator_id AND r2.period = r.period "
    "AND r2.load_id = r.replaced_by ORDER BY r2.id LIMIT 1), "
    "(SELECT o.value FROM observations o WHERE o.region_id = r.region_id "
    "AND o.indicator_id = r.indicator_id AND o.period = r.period "
    "AND o.load_id = r.replaced_by)), r.load_id, r.replaced_by "
    "FROM observation_revisions r JOIN regions g ON g.id = r.region_id "
    "JOIN indicators i ON i.id = r.indicator_id "
    "WHERE (?1 = 0 OR r.region_id = ?1) AND (?2 = 0 OR r.indicator_id = ?2) "
    "ORDER BY r.replaced_by, g.id, i.id, r.period, r.id",
    "revisions",
    true,
    sizeof(struct db_revision),
    revision_fields,
    N_FIELDS(revision_fields)};

DB_ROWS_API_IDS(db_revisions, db_revisions_free, struct db_revision, revisions_rd)

/* "observation panshan,hightech,2020" for a row of a data table (buf may stay ""). */
static void describe_row(sqlite3 *db, const char *tbl, int64_t row_id, char *buf, size_t size)
{
    static const char sql[] =
        "SELECT CASE ?1 "
        "WHEN 'observations' THEN (SELECT ?3 || ' ' || g.code || ',' || i.code || ',' || "
        "o.period FROM observations o JOIN regions g ON g.id = o.region_id "
        "JOIN indicators i ON i.id = o.indicator_id WHERE o.rowid = ?2) "
        "WHEN 'targets' THEN (SELECT ?4 || ' ' || g.code || ',' || i.code || ',' || t.deadline "
        "FROM targets t JOIN regions g ON g.id = t.region_id "
        "JOIN indicators i ON i.id = t.indicator_id WHERE t.id = ?2) "
        "WHEN 'regions' THEN (SELECT ?5 || ' ' || code FROM regions WHERE id = ?2) "
        "WHEN 'indicators' THEN (SELECT ?6 || ' ' || code FROM indicators WHERE id = ?2) "
        "END";
    sqlite3_stmt *st = NULL;

    buf[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, row_id);
    sqlite3_bind_text(st, 3, tr("observation"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, tr("target"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, tr("region"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, tr("indicator"), -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/*
 * A later load that still stands and changed a row `load` wrote: its id
 * into *by (0 if none) and the row into what.  Reverts are not counted: a
 * revert that stands took back a later load, leaving load's rows as load
 * wrote them.  An entry is a row or a range of rows (row_id to last_row);
 * two entries share a row when one starts inside the other; the row named
 * is the first they share, of the later load's first entry that shares one.
 */
static int find_conflict(sqlite3 *db, int64_t load, struct db_load *l, size_t n, int64_t *by,
                         char *what, size_t size, struct att_err *err)
{
    static const char sql[] =
        "SELECT u2.load_id, u2.tbl, u2.row_id, u2.id FROM load_undo u JOIN load_undo u2 "
        "ON u2.tbl = u.tbl AND u2.row_id BETWEEN u.row_id AND coalesce(u.last_row, u.row_id) "
        "AND u2.load_id > u.load_id WHERE u.load_id = ?1 "
        "UNION ALL "
        "SELECT u2.load_id, u2.tbl, u.row_id, u2.id FROM load_undo u JOIN load_undo u2 "
        "ON u2.tbl = u.tbl AND u2.last_row >= u.row_id AND u2.row_id < u.row_id "
        "AND u2.load_id > u.load_id WHERE u.load_id = ?1 "
        "ORDER BY 1 DESC, 4, 3";
    sqlite3_stmt *st = NULL;
    int rc, src;

    *by = 0;
    if ((rc = db_prepare(db, sql, &st, "the revert's conflict query", err)))
        return rc;
    sqlite3_bind_int64(st, 1, load);
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        struct db_load *m = find_load(l, n, sqlite3_column_int64(st, 0));
        if (!m || m->reverted_by || m->reverts)
            continue;
        *by = m->id;
        describe_row(db, (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2),
                     what, size);
        break;
    }
    sqlite3_finalize(st);
    if (src != SQLITE_ROW && src != SQLITE_DONE)
        return read_fail(db, "the loads' undo record", err);
    return ATT_OK;
}

/* One step of a load's undo record. */
struct undo_step {
    int table; /* enum db_history_table, or -1 for observation_revisions */
    int64_t row_id;
    int64_t last_row; /* an insert of the rows row_id..last_row; row_id for one row */
    char op;          /* 'i', 'u', 'd' */
    char *undo;
};

/* Steps read and replayed at a time: a large load's record is not held whole in memory. */
#define UNDO_CHUNK 4096

/*
 * The next steps of load's record backwards: up to UNDO_CHUNK of those with
 * an id below *below, which gets the smallest id read (unchanged when none
 * is left).  *fetched (out) counts the rows read, kept or not.
 */
static int read_steps(sqlite3 *db, int64_t load, int64_t *below, struct undo_step **out, size_t *n,
                      size_t *fetched, struct att_err *err)
{
    static const char sql[] =
        "SELECT tbl, row_id, op, undo, coalesce(last_row, row_id), id FROM load_undo "
        "WHERE load_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3";
    sqlite3_stmt *st = NULL;
    struct undo_step *s = NULL;
    size_t len = 0, cap = 0;
    int rc, src;

    *out = NULL;
    *n = 0;
    *fetched = 0;
    if ((rc = db_prepare(db, sql, &st, "the load's undo record", err)))
        return rc;
    sqlite3_bind_int64(st, 1, load);
    sqlite3_bind_int64(st, 2, *below);
    sqlite3_bind_int(st, 3, UNDO_CHUNK);
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *tbl = (const char *)sqlite3_column_text(st, 0);
        const char *op = (const char *)sqlite3_column_text(st, 2);
        struct undo_step *x;
        int t = table_index(tbl);

        (*fetched)++;
        *below = sqlite3_column_int64(st, 5);

        if (t == DBH_COUNT) {
            if (!tbl || strcmp(tbl, "observation_revisions") != 0)
                continue; /* not ours: never replayed */
            t = -1;
        }
        if (len == cap) {
            cap = cap ? 2 * cap : 64;
            s = xrealloc(s, cap * sizeof *s);
        }
        x = &s[len++];
        x->table = t;
        x->row_id = sqlite3_column_int64(st, 1);
        x->op = op ? op[0] : '?';
        x->undo = db_col_text(st, 3);
        x->last_row = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    if (src != SQLITE_DONE) {
        while (len)
            free(s[--len].undo);
        free(s);
        return read_fail(db, "the load's undo record", err);
    }
    *out = s;
    *n = len;
    return ATT_OK;
}

/*
 * Replay one step; on failure the message says which load could not be
 * reverted.  del[] holds the DELETE of each table (observation_revisions
 * last), prepared on first use and kept for the revert.
 */
static int replay(sqlite3 *db, int64_t load, const struct undo_step *s,
                  sqlite3_stmt *del[DBH_COUNT + 1], struct att_err *err)
{
    int src;

    if (s->op == 'i') {
        size_t k = s->table < 0 ? DBH_COUNT : (size_t)s->table;
        if (!del[k]) {
            char sql[96];
            snprintf(sql, sizeof sql, "DELETE FROM %s WHERE rowid BETWEEN ?1 AND ?2",
                     s->table < 0 ? "observation_revisions" : table_names[s->table]);
            if (sqlite3_prepare_v2(db, sql, -1, &del[k], NULL) != SQLITE_OK)
                return att_errf(err, ATT_EINTERNAL, tr("cannot revert load %lld: %s"),
                                (long long)load, sqlite3_errmsg(db));
        }
        sqlite3_bind_int64(del[k], 1, s->row_id);
        sqlite3_bind_int64(del[k], 2, s->last_row);
        src = sqlite3_step(del[k]);
        (void)sqlite3_reset(del[k]);
        src = src == SQLITE_DONE ? SQLITE_OK : src;
    } else if (s->undo) {
        src = sqlite3_exec(db, s->undo, NULL, NULL, NULL);
    } else {
        return att_errf(err, ATT_EINTERNAL,
                        tr("cannot revert load %lld: its undo record is damaged"), (long long)load);
    }
    if (src == SQLITE_OK)
        return ATT_OK;
    if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_FOREIGNKEY && s->op == 'i')
        return att_errf(err, ATT_EDATA,
                        tr("cannot revert load %lld: data loaded since uses %s it added; "
                           "revert the later loads first"),
                        (long long)load,
                        s->table == DBH_REGIONS ? tr("a region") : tr("an indicator"));
    if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_FOREIGNKEY)
        return att_errf(err, ATT_EDATA,
                        tr("cannot revert load %lld: what it would put back refers to a region or "
                           "indicator a later load removed; revert that load first"),
                        (long long)load);
    return att_errf(err, ATT_EIO, tr("cannot revert load %lld: %s"), (long long)load,
                    sqlite3_errmsg(db));
}

/* What reverting `load` does to each data table, row by row (before the replay). */
static int count_rows(sqlite3 *db, int64_t load, struct db_revert_result *res, struct att_err *err)
{
    static const char sql[] =
        "SELECT tbl, op, sum(n) FROM (" NET_OPS ") WHERE load_id = ?1 GROUP BY tbl, op";
    sqlite3_stmt *st = NULL;
    int rc, src;

    if ((rc = db_prepare(db, sql, &st, "the revert's counts", err)))
        return rc;
    sqlite3_bind_int64(st, 1, load);
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *tbl = (const char *)sqlite3_column_text(st, 0);
        const char *op = (const char *)sqlite3_column_text(st, 1);
        size_t k = (size_t)sqlite3_column_int64(st, 2);
        int t = table_index(tbl);

        if (t == DBH_COUNT || !op)
            continue;
        if (op[0] == 'i')
            res->removed[t] = k;
        else if (op[0] == 'u')
            res->restored[t] = k;
        else
            res->readded[t] = k;
    }
    sqlite3_finalize(st);
    if (src != SQLITE_DONE)
        return read_fail(db, "the load's undo record", err);
    return ATT_OK;
}

int db_revert_load(struct sqlite3 *db, int64_t load, struct db_revert_result *res,
                   struct att_err *err)
{
    struct db_load *l = NULL, *target;
    struct undo_step *steps = NULL;
    sqlite3_stmt *st = NULL, *del[DBH_COUNT + 1] = {NULL};
    size_t n = 0, nsteps = 0, fetched = 0, i;
    int64_t by = 0, below = INT64_MAX;
    char what[256];
    int rc;

    memset(res, 0, sizeof *res);
    if ((rc = db_begin(db, err)))
        return rc;
    if ((rc = db_loads(db, &l, &n, err)))
        goto out;
    target = find_load(l, n, load);
    if (!target) {
        rc = n ? att_errf(err, ATT_EDATA, tr("there is no load %lld (the last is load %lld)"),
                          (long long)load, (long long)l[n - 1].id)
               : att_errf(err, ATT_EDATA, tr("there is no load %lld (nothing was loaded yet)"),
                          (long long)load);
        goto out;
    }
    if (!target->recorded) {
        rc = att_errf(err, ATT_EDATA,
                      tr("cannot revert load %lld: it was made before this database kept a record "
                         "of what each load changed"),
                      (long long)load);
        goto out;
    }
    if (target->reverted_by) {
        rc = att_errf(err, ATT_EDATA, tr("load %lld was already reverted by load %lld"),
                      (long long)load, (long long)target->reverted_by);
        goto out;
    }
    if ((rc = find_conflict(db, load, l, n, &by, what, sizeof what, err)))
        goto out;
    if (by) {
        rc = att_errf(err, ATT_EDATA,
                      tr("cannot revert load %lld: load %lld has since changed %s too; "
                         "revert load %lld first"),
                      (long long)load, (long long)by, what[0] ? what : tr("its rows"),
                      (long long)by);
        goto out;
    }
    if ((rc = db_prepare(db,
                         "INSERT INTO loads(at, files, reverts) "
                         "VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '', ?1)",
                         &st, "the revert's load", err)))
        goto out;
    sqlite3_bind_int64(st, 1, load);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = att_errf(err, ATT_EIO, tr("cannot record the revert: %s"), sqlite3_errmsg(db));
        goto out;
    }
    res->load_id = sqlite3_last_insert_rowid(db);
    if ((rc = count_rows(db, load, res, err)))
        goto out;
    /* Backwards a chunk at a time; the revert's own record has its own load id. */
    do {
        if ((rc = read_steps(db, load, &below, &steps, &nsteps, &fetched, err)))
            goto out;
        for (i = 0; i < nsteps && !rc; i++)
            rc = replay(db, load, &steps[i], del, err);
        for (i = 0; i < nsteps; i++)
            free(steps[i].undo);
        free(steps);
        steps = NULL;
        nsteps = 0;
        if (rc)
            goto out;
    } while (fetched == UNDO_CHUNK);
    sqlite3_finalize(st);
    st = NULL;
    for (i = 0; i <= DBH_COUNT; i++) {
        sqlite3_finalize(del[i]);
        del[i] = NULL;
    }
    rc = db_commit(db, err);
out:
    sqlite3_finalize(st);
    for (i = 0; i <= DBH_COUNT; i++)
        sqlite3_finalize(del[i]);
    if (rc)
        db_rollback(db);
    for (i = 0; i < nsteps; i++)
        free(steps[i].undo);
    free(steps);
    db_loads_free(l, n);
    return rc;
}

int db_run_targets_save(struct sqlite3 *db, int64_t run_id, const char *as_of, const char *scope,
                        const int64_t *ids, const double *prob, size_t n, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    size_t i;
    int rc;

    if ((rc = db_prepare(db, "INSERT INTO run_views(run_id, as_of, scope) VALUES (?1, ?2, ?3)", &st,
                         "the run's view", err)))
        return rc;
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_text(st, 2, as_of, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, scope, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = att_errf(err, ATT_EIO, tr("cannot record the run's view: %s"), sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return rc;
    }
    sqlite3_finalize(st);
    if ((rc = db_prepare(db,
                         "INSERT OR REPLACE INTO run_targets(run_id, target_id, probability) "
                         "VALUES (?1, ?2, ?3)",
                         &st, "the run's probabilities", err)))
        return rc;
    for (i = 0; i < n && rc == ATT_OK; i++) {
        sqlite3_bind_int64(st, 1, run_id);
        sqlite3_bind_int64(st, 2, ids[i]);
        sqlite3_bind_double(st, 3, prob[i]);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = att_errf(err, ATT_EIO, tr("cannot record the run's probabilities: %s"),
                          sqlite3_errmsg(db));
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

void db_prev_run_release(struct db_prev_run *prev)
{
    if (!prev)
        return;
    free(prev->version);
    free(prev->models);
    free(prev->target_ids);
    free(prev->prob);
    memset(prev, 0, sizeof *prev);
}

int db_prev_run_get(struct sqlite3 *db, int64_t run_id, const char *scope, struct db_prev_run *prev,
                    struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc, src;

    memset(prev, 0, sizeof *prev);
    if ((rc = db_prepare(db,
                         "SELECT r.id, v.as_of, r.inputs_digest, r.version, r.seed, r.paths, "
                         "r.models FROM runs r JOIN run_views v ON v.run_id = r.id "
                         "WHERE r.id < ?1 AND v.scope = ?2 ORDER BY r.id DESC LIMIT 1",
                         &st, "the previous run", err)))
        return rc;
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_text(st, 2, scope, -1, SQLITE_STATIC);
    src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        prev->found = true;
        prev->run_id = sqlite3_column_int64(st, 0);
        snprintf(prev->as_of, sizeof prev->as_of, "%s",
                 sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
        snprintf(prev->digest, sizeof prev->digest, "%s",
                 sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "");
        prev->version = db_col_text(st, 3);
        prev->seed = sqlite3_column_int64(st, 4);
        prev->paths = sqlite3_column_int64(st, 5);
        prev->models = db_col_text(st, 6);
    }
    sqlite3_finalize(st);
    if (src != SQLITE_ROW && src != SQLITE_DONE)
        return read_fail(db, "the previous run", err);
    if (!prev->found)
        return ATT_OK;
    if ((rc = db_prepare(db,
                         "SELECT target_id, probability FROM run_targets WHERE run_id = ?1 "
                         "ORDER BY target_id",
                         &st, "the previous run's probabilities", err)))
        goto fail;
    sqlite3_bind_int64(st, 1, prev->run_id);
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (prev->n == cap) {
            cap = cap ? 2 * cap : 64;
            prev->target_ids = xrealloc(prev->target_ids, cap * sizeof *prev->target_ids);
            prev->prob = xrealloc(prev->prob, cap * sizeof *prev->prob);
        }
        prev->target_ids[prev->n] = sqlite3_column_int64(st, 0);
        prev->prob[prev->n] = sqlite3_column_double(st, 1);
        prev->n++;
    }
    sqlite3_finalize(st);
    if (src == SQLITE_DONE)
        return ATT_OK;
    rc = read_fail(db, "the previous run's probabilities", err);
fail:
    db_prev_run_release(prev);
    return rc;
}

bool db_prev_run_prob(const struct db_prev_run *prev, int64_t id, double *p)
{
    size_t lo = 0, hi = prev ? prev->n : 0;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (prev->target_ids[mid] == id) {
            *p = prev->prob[mid];
            return true;
        }
        if (prev->target_ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

int db_count_source(struct sqlite3 *db, const char *source, const char *upto, size_t *n,
                    struct att_err *err)
{
    /* A year 'YYYY' covers its months 'YYYY-MM' (they sort after it): compare on the year then. */
    sqlite3_stmt *st = NULL;
    int rc;

    *n = 0;
    if ((rc = db_prepare(db,
                         "SELECT count(*) FROM observations WHERE source = ?1 AND (?2 IS NULL OR "
                         "(length(?2) = 4 AND substr(period, 1, 4) <= ?2) OR "
                         "(length(?2) > 4 AND period <= ?2))",
                         &st, "the sources query", err)))
        return rc;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
    if (upto && *upto)
        sqlite3_bind_text(st, 2, upto, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(st, 0);
    else
        rc = read_fail(db, "the observations' sources", err);
    sqlite3_finalize(st);
    return rc;
}
