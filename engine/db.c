/*
 * engine/db.c -- the SQLite store: opening (foreign keys on, busy timeout),
 * the schema and its migrations keyed by PRAGMA user_version, and the read
 * API of db.h.  Every sqlite3_* return code is checked and every message
 * carries sqlite3_errmsg() and what we were doing; data goes into SQL only
 * through sqlite3_bind_*.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "commands.h"
#include "db.h"
#include "output.h"
#include "text.h"
#include "xalloc.h"

/*
 * How long a writer waits for another writer before giving up: as long as a
 * user would (a minute).  ATTAIN_BUSY_TIMEOUT (seconds) overrides it, so
 * that tests need not wait a minute to see the give-up message.
 */
#define DB_BUSY_TIMEOUT_MS 60000

/*
 * Schema version 1: regions (a tree by parent_id), indicators (unit, stock
 * or flow), loads (one row per `attain load`), observations (one value per
 * region, indicator and period 'YYYY' or 'YYYY-MM', with the load that
 * wrote it), observation_revisions (the values a later load replaced),
 * targets (level or increment by a deadline year) and runs (one row per
 * recorded forecast, targets, backtest or report run); user_version holds
 * the schema version.  The DDL below is the file format: tests/cli/0008
 * compares it, as SQLite stores it, with a golden file.  A later version is a
 * new step appended to db_steps[] (never an edit of an old one), so any
 * older file can be brought up to date by running the steps after its
 * user_version in order.
 */
static const char schema_v1[] =
    "CREATE TABLE regions (\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  code      TEXT NOT NULL UNIQUE,\n"
    "  name      TEXT NOT NULL UNIQUE,\n"
    "  parent_id INTEGER REFERENCES regions(id)\n"
    ");\n"
    "CREATE TABLE indicators (\n"
    "  id      INTEGER PRIMARY KEY,\n"
    "  code    TEXT NOT NULL UNIQUE,\n"
    "  name    TEXT NOT NULL UNIQUE,\n"
    "  name_en TEXT NOT NULL,\n"
    "  unit    TEXT NOT NULL,\n"
    "  measure TEXT NOT NULL CHECK (measure IN ('stock','flow'))\n"
    ");\n"
    "CREATE TABLE loads (\n"
    "  id      INTEGER PRIMARY KEY,\n"
    "  at      TEXT NOT NULL,\n"
    "  files   TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE observations (\n"
    "  region_id    INTEGER NOT NULL REFERENCES regions(id),\n"
    "  indicator_id INTEGER NOT NULL REFERENCES indicators(id),\n"
    "  period       TEXT NOT NULL,\n"
    "  value        REAL NOT NULL,\n"
    "  source       TEXT,\n"
    "  note         TEXT,\n"
    "  load_id      INTEGER NOT NULL REFERENCES loads(id),\n"
    "  PRIMARY KEY (region_id, indicator_id, period)\n"
    ");\n"
    "CREATE TABLE observation_revisions (\n"
    "  id           INTEGER PRIMARY KEY,\n"
    "  region_id    INTEGER NOT NULL,\n"
    "  indicator_id INTEGER NOT NULL,\n"
    "  period       TEXT NOT NULL,\n"
    "  value        REAL NOT NULL,\n"
    "  source       TEXT,\n"
    "  note         TEXT,\n"
    "  load_id      INTEGER NOT NULL,\n"
    "  replaced_by  INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE targets (\n"
    "  id           INTEGER PRIMARY KEY,\n"
    "  region_id    INTEGER NOT NULL REFERENCES regions(id),\n"
    "  indicator_id INTEGER NOT NULL REFERENCES indicators(id),\n"
    "  deadline     INTEGER NOT NULL,\n"
    "  kind         TEXT NOT NULL CHECK (kind IN ('level','increment')),\n"
    "  value        REAL NOT NULL,\n"
    "  start        INTEGER NOT NULL,\n"
    "  source       TEXT,\n"
    "  lead_unit    TEXT,\n"
    "  load_id      INTEGER NOT NULL REFERENCES loads(id),\n"
    "  UNIQUE (region_id, indicator_id, deadline, kind, start)\n"
    ");\n"
    "CREATE TABLE runs (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  command       TEXT NOT NULL,\n"
    "  at            TEXT NOT NULL,\n"
    "  version       TEXT NOT NULL,\n"
    "  seed          INTEGER NOT NULL,\n"
    "  paths         INTEGER NOT NULL,\n"
    "  args          TEXT NOT NULL,\n"
    "  inputs_digest TEXT NOT NULL,\n"
    "  series        INTEGER NOT NULL,\n"
    "  models        TEXT NOT NULL\n"
    ");\n";

/* Step i takes user_version i to i + 1. */
static const struct db_migration db_steps[] = {
    {1, "create schema v1", schema_v1},
};

static int sqlerr(struct sqlite3 *db, struct att_err *err, int code, const char *what)
{
    return att_errf(err, code, "cannot %s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

int db_failf(struct sqlite3 *db, struct att_err *err, const char *what)
{
    int xrc = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
    int code = att_status_sqlite(xrc);
    const char *file = db ? sqlite3_db_filename(db, "main") : NULL;
    const char *msg = db ? sqlite3_errmsg(db) : "out of memory";

    if (!file || !*file)
        file = "?";
    switch (code) {
    case ATT_ETEMPFAIL:
        return att_errf(err, code,
                        "cannot %s: database '%s' is locked: another attain is writing to it; try "
                        "again when it has finished",
                        what, file);
    case ATT_ECANTCREAT:
        return att_errf(err, code,
                        "cannot %s: database '%s' cannot be written (%s): the file or its "
                        "directory is read-only",
                        what, file, msg);
    case ATT_EIO:
        return att_errf(err, code, "cannot %s: %s (database '%s')", what, msg, file);
    case ATT_OK:
        return att_errf(err, ATT_EINTERNAL, "cannot %s: %s", what, msg);
    default:
        return att_errf(err, code, "cannot %s: %s", what, msg);
    }
}

int db_exec(struct sqlite3 *db, const char *sql, const char *what, struct att_err *err)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_failf(db, err, what);
    return ATT_OK;
}

int db_prepare(struct sqlite3 *db, const char *sql, struct sqlite3_stmt **stmt, const char *what,
               struct att_err *err)
{
    *stmt = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, stmt, NULL) != SQLITE_OK) {
        int rc = att_errf(err, ATT_EINTERNAL, "cannot prepare %s: %s", what, sqlite3_errmsg(db));
        sqlite3_finalize(*stmt);
        *stmt = NULL;
        return rc;
    }
    return ATT_OK;
}

int db_begin(struct sqlite3 *db, struct att_err *err)
{
    return db_exec(db, "BEGIN IMMEDIATE", "begin a transaction", err);
}

int db_begin_read(struct sqlite3 *db, struct att_err *err)
{
    return db_exec(db, "BEGIN DEFERRED", "begin a read transaction", err);
}

int db_commit(struct sqlite3 *db, struct att_err *err)
{
    return db_exec(db, "COMMIT", "commit the transaction", err);
}

void db_rollback(struct sqlite3 *db)
{
    /* Best effort: after some errors SQLite has already rolled back itself. */
    if (db && !sqlite3_get_autocommit(db))
        (void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int db_schema_version(struct sqlite3 *db, int *version, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = db_prepare(db, "PRAGMA user_version", &st, "the schema version query", err);

    if (rc)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = att_errf(err, ATT_EDATA, "cannot read the schema version: %s", sqlite3_errmsg(db));
    } else {
        *version = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return rc;
}

static int set_version(struct sqlite3 *db, int v, struct att_err *err)
{
    /* PRAGMA takes no bound parameters; v is our own integer, not data. */
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
    return db_exec(db, sql, "set the schema version", err);
}

int db_migrate_steps(struct sqlite3 *db, const struct db_migration *steps, size_t nsteps, int *from,
                     struct att_err *err)
{
    int v = 0;
    int rc;
    size_t i;

    if ((rc = db_schema_version(db, &v, err)))
        return rc;
    if (from)
        *from = v;
    if (v < 0 || (size_t)v > nsteps)
        return att_errf(err, ATT_EDATA,
                        "the database has schema version %d, newer than this attain knows (%zu)", v,
                        nsteps);
    if ((size_t)v == nsteps)
        return ATT_OK;
    if ((rc = db_begin(db, err)))
        return rc;
    for (i = (size_t)v; i < nsteps; i++) {
        char what[160];
        snprintf(what, sizeof what, "upgrade the schema to version %d (%s)", steps[i].to,
                 steps[i].what);
        if ((rc = db_exec(db, steps[i].sql, what, err)) || (rc = set_version(db, steps[i].to, err)))
            goto fail;
    }
    if ((rc = db_commit(db, err)))
        goto fail;
    return ATT_OK;
fail:
    db_rollback(db);
    return rc;
}

int db_migrate(struct sqlite3 *db, int *from, struct att_err *err)
{
    return db_migrate_steps(db, db_steps, sizeof db_steps / sizeof db_steps[0], from, err);
}

/*
 * Put the database in WAL mode (a no-op when it already is).  Where WAL
 * cannot work (a file system without shared memory) SQLite keeps the
 * rollback journal, which is correct, only slower for readers.
 */
static int set_wal(sqlite3 *db, const char *path, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    int src;
    int rc = ATT_OK;

    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) != SQLITE_OK)
        return db_failf(db, err, "read the journal mode");
    src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        const unsigned char *mode = sqlite3_column_text(st, 0);
        bool wal = mode && strcmp((const char *)mode, "wal") == 0;

        sqlite3_finalize(st);
        st = NULL;
        if (wal)
            return ATT_OK;
        if (sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
            rc = db_failf(db, err, "switch the database to WAL mode");
    } else {
        rc = db_failf(db, err, "read the journal mode");
    }
    (void)path;
    sqlite3_finalize(st);
    return rc;
}

/* The busy timeout in milliseconds: DB_BUSY_TIMEOUT_MS or ATTAIN_BUSY_TIMEOUT seconds. */
static int busy_timeout_ms(void)
{
    const char *env = getenv("ATTAIN_BUSY_TIMEOUT");
    char *end = NULL;
    long v;

    if (!env || !*env)
        return DB_BUSY_TIMEOUT_MS;
    errno = 0;
    v = strtol(env, &end, 10);
    if (errno || *end || v < 0 || v > 86400)
        return DB_BUSY_TIMEOUT_MS;
    return (int)(v * 1000);
}

/* Does `path` exist with at least one byte (a journal left behind)? */
static bool has_bytes(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && st.st_size > 0;
}

/* Can this process write both `path` and the directory it is in? */
static bool can_write_here(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    bool ok;

    if (!slash)
        memcpy(dir, ".", 2); /* dir holds at least the path's '\0' and one byte */
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    ok = access(path, W_OK) == 0 && access(dir, W_OK) == 0;
    free(dir);
    return ok;
}

/*
 * "file:PATH?immutable=1" with PATH percent-encoded where a URI needs it: a
 * database nobody can write (a read-only mount) is read without the WAL
 * index, which could not be created there.
 */
static char *immutable_uri(const char *path)
{
    size_t n = strlen(path), i, k = 0;
    char *uri = xmalloc(3 * n + 32);

    memcpy(uri, "file:", 5);
    k = 5;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];

        if (c == '%' || c == '?' || c == '#') {
            snprintf(uri + k, 4, "%%%02X", c);
            k += 3;
        } else {
            uri[k++] = (char)c;
        }
    }
    memcpy(uri + k, "?immutable=1", sizeof "?immutable=1");
    return uri;
}

/* Open and configure one connection; *out is set even on failure (close it). */
static int open_conn(const char *path, int oflags, sqlite3 **out)
{
    int rc = sqlite3_open_v2(path, out, oflags, NULL);

    if (rc != SQLITE_OK)
        return *out ? sqlite3_extended_errcode(*out) : SQLITE_NOMEM;
    if (sqlite3_extended_result_codes(*out, 1) != SQLITE_OK ||
        sqlite3_busy_timeout(*out, busy_timeout_ms()) != SQLITE_OK)
        return SQLITE_ERROR;
    return SQLITE_OK;
}

/* Read the schema table once: the first read, which also recovers a crashed write. */
static int first_read(sqlite3 *db)
{
    if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK)
        return sqlite3_extended_errcode(db);
    return SQLITE_OK;
}

/*
 * A reader's connection.  Opened read-only; if the first read fails because
 * an interrupted write left a journal to roll back (or a WAL index to
 * rebuild), which a read-only connection may not do, the file is reopened
 * read-write where this process may write, so that SQLite recovers it.
 * Where nobody may write and nothing is left to recover (a read-only
 * mount), a WAL database is read as immutable.  Otherwise the message says
 * what to do.
 */
static int open_reader(const char *path, sqlite3 **out, struct att_err *err)
{
    sqlite3 *db = NULL;
    char *journal = xasprintf("%s-journal", path);
    char *wal = xasprintf("%s-wal", path);
    char *uri = NULL;
    int xrc = open_conn(path, SQLITE_OPEN_READONLY, &db);
    int rc = ATT_OK;

    if (xrc == SQLITE_OK)
        xrc = first_read(db);
    if (xrc == SQLITE_OK)
        goto done;
    if ((xrc & 0xff) != SQLITE_READONLY && (xrc & 0xff) != SQLITE_CANTOPEN &&
        (xrc & 0xff) != SQLITE_IOERR)
        goto fail;
    sqlite3_close(db);
    db = NULL;
    if (can_write_here(path)) {
        /* Recovery is a write; after it the connection only reads. */
        xrc = open_conn(path, SQLITE_OPEN_READWRITE, &db);
        if (xrc == SQLITE_OK)
            xrc = first_read(db);
        if (xrc == SQLITE_OK)
            goto done;
        goto fail;
    }
    if (has_bytes(journal) || has_bytes(wal)) {
        rc = att_errf(err, ATT_ECANTCREAT,
                      "cannot read database '%s': an interrupted write left '%s' to be rolled "
                      "back, and this user cannot write the database or its directory; run "
                      "'attain --db %s list series' once as a user who can (that recovers it), "
                      "or copy the database together with that file to a writable place",
                      path, has_bytes(journal) ? journal : wal, path);
        goto out;
    }
    uri = immutable_uri(path);
    xrc = open_conn(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &db);
    if (xrc == SQLITE_OK)
        xrc = first_read(db);
    if (xrc == SQLITE_OK)
        goto done;
fail:
    if ((xrc & 0xff) == SQLITE_NOTADB || (xrc & 0xff) == SQLITE_CORRUPT)
        rc = att_errf(err, ATT_EDATA, "cannot read database '%s': %s", path,
                      db ? sqlite3_errmsg(db) : sqlite3_errstr(xrc));
    else if (db)
        rc = db_failf(db, err, "read the database");
    else
        rc = att_errf(err, att_status_sqlite(xrc), "cannot read database '%s': %s", path,
                      sqlite3_errstr(xrc));
    goto out;
done:
    *out = db;
    db = NULL;
out:
    sqlite3_close(db);
    free(uri);
    free(wal);
    free(journal);
    return rc;
}

/*
 * A writer's connection: read-write, refused (73) where the file cannot
 * be written; db_open then puts it in WAL mode (set_wal).
 */
static int open_writer(const char *path, unsigned flags, sqlite3 **out, struct att_err *err)
{
    sqlite3 *db = NULL;
    int oflags = SQLITE_OPEN_READWRITE | ((flags & DB_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0) |
                 ((flags & DB_OPEN_ONE_THREAD) ? SQLITE_OPEN_NOMUTEX : 0);
    int xrc = open_conn(path, oflags, &db);
    int rc = ATT_OK;

    if (xrc != SQLITE_OK) {
        if ((xrc & 0xff) == SQLITE_CANTOPEN)
            rc = att_errf(err, ATT_ECANTCREAT, "cannot open database '%s': %s", path,
                          db ? sqlite3_errmsg(db) : sqlite3_errstr(xrc));
        else
            rc = db_failf(db, err, "open the database");
        goto out;
    }
    if (sqlite3_db_readonly(db, "main") == 1) {
        rc = att_errf(err, ATT_ECANTCREAT,
                      "cannot write database '%s': the file is read-only (this user may not "
                      "write it)",
                      path);
        goto out;
    }
    if ((xrc = first_read(db)) != SQLITE_OK) {
        if (att_status_sqlite(xrc) == ATT_ECANTCREAT)
            rc = att_errf(err, ATT_ECANTCREAT,
                          "cannot write database '%s': this user cannot create files in its "
                          "directory (SQLite keeps its journal beside the database)",
                          path);
        else if ((xrc & 0xff) == SQLITE_NOTADB || (xrc & 0xff) == SQLITE_CORRUPT)
            rc =
                att_errf(err, ATT_EDATA, "cannot read database '%s': %s", path, sqlite3_errmsg(db));
        else
            rc = db_failf(db, err, "read the database");
        goto out;
    }
    *out = db;
    db = NULL;
out:
    sqlite3_close(db);
    return rc;
}

int db_open(const char *path, unsigned flags, struct sqlite3 **out, struct att_err *err)
{
    sqlite3 *db = NULL;
    struct stat st;
    int rc;
    int version = 0;

    *out = NULL;
    if (!(flags & DB_OPEN_CREATE) && stat(path, &st) != 0) {
        if (errno == ENOENT)
            return att_errf(err, ATT_ENOINPUT,
                            "database '%s' does not exist (create it with 'attain init' or "
                            "'attain load FILE...')",
                            path);
        return att_errf(err, ATT_ENOINPUT, "cannot open database '%s': %s", path, strerror(errno));
    }
    if ((flags & DB_OPEN_RECORD) && !(flags & DB_OPEN_CREATE) && !can_write_here(path))
        flags &= ~(unsigned)DB_OPEN_WRITE; /* a read-only store: results, but no record */
    if (flags & (DB_OPEN_WRITE | DB_OPEN_CREATE))
        rc = open_writer(path, flags, &db, err);
    else
        rc = open_reader(path, &db, err);
    if (rc)
        goto fail;
    if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
        rc = att_errf(err, ATT_EDATA, "cannot use database '%s': %s", path, sqlite3_errmsg(db));
        goto fail;
    }
    if ((rc = db_schema_version(db, &version, err)))
        goto fail;
    if (version > DB_SCHEMA_VERSION) {
        rc = att_errf(err, ATT_EDATA,
                      "database '%s' has schema version %d, newer than this attain knows (%d)",
                      path, version, DB_SCHEMA_VERSION);
        goto fail;
    }
    if (version < DB_SCHEMA_VERSION) {
        if (!(flags & DB_OPEN_CREATE)) {
            rc = att_errf(err, ATT_EDATA,
                          "database '%s' has schema version %d, not %d (upgrade it with 'attain "
                          "init')",
                          path, version, DB_SCHEMA_VERSION);
            goto fail;
        }
        if (!(flags & DB_OPEN_NO_MIGRATE) && (rc = db_migrate(db, NULL, err)))
            goto fail;
    }
    /* Only a file this attain knows is switched to WAL (a newer one is left alone). */
    if ((flags & (DB_OPEN_WRITE | DB_OPEN_CREATE)) && (rc = set_wal(db, path, err)))
        goto fail;
    *out = db;
    return ATT_OK;
fail:
    sqlite3_close(db);
    return rc;
}

void db_close(struct sqlite3 *db)
{
    if (db)
        sqlite3_close(db);
}

bool db_parse_period(const char *s, int *year, int *month)
{
    char canon[8];

    /* The loader's reader, in its canonical form only (the store holds nothing else). */
    return s && text_period(s, canon, year, month) && strcmp(canon, s) == 0;
}

/* ---- read API --------------------------------------------------------- */

static char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

/* Finish a step loop: SQLITE_DONE is success, anything else an error. */
static int step_done(sqlite3 *db, int src, const char *what, struct att_err *err)
{
    char doing[160];

    if (src == SQLITE_DONE)
        return ATT_OK;
    snprintf(doing, sizeof doing, "read %s", what);
    return db_failf(db, err, doing);
}

/* How read_rows turns rows into an array. */
struct row_reader {
    const char *sql;
    const char *what; /* "regions": messages say "the regions query", "the regions" */
    bool bind_ids;    /* bind ?1 and ?2 to a region id and an indicator id (0: any) */
    size_t size;      /* bytes of one element */
    void (*row)(sqlite3_stmt *st, void *elem); /* decode the current row into a zeroed elem */
    const size_t *strs; /* byte offsets of the element's heap strings (freed by free_rows) */
    size_t n_strs;
};

/* Free each element's strings (rd->strs), then the array; rows may be NULL. */
static void free_rows(void *rows, size_t n, const struct row_reader *rd)
{
    unsigned char *p = rows;
    size_t i, j;

    if (!rows)
        return;
    for (i = 0; i < n; i++)
        for (j = 0; j < rd->n_strs; j++)
            free(*(char **)(p + i * rd->size + rd->strs[j]));
    free(rows);
}

#define N_OFFS(a) (sizeof(a) / sizeof(a)[0])

/*
 * Run rd->sql and collect one element per row into *out (a heap array of
 * *n elements, freed by the type's db_*_free, which is free_rows).  On error *out is
 * NULL, *n 0, and what was read is freed.
 */
static int read_rows(sqlite3 *db, const struct row_reader *rd, int64_t region_id,
                     int64_t indicator_id, void **out, size_t *n, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    unsigned char *rows = NULL;
    char what[64];
    size_t cnt = 0, cap = 0;
    int rc, src;

    *out = NULL;
    *n = 0;
    snprintf(what, sizeof what, "the %s query", rd->what);
    if ((rc = db_prepare(db, rd->sql, &st, what, err)))
        return rc;
    if (rd->bind_ids && (sqlite3_bind_int64(st, 1, region_id) != SQLITE_OK ||
                         sqlite3_bind_int64(st, 2, indicator_id) != SQLITE_OK)) {
        snprintf(what, sizeof what, "bind the %s query", rd->what);
        rc = sqlerr(db, err, ATT_EINTERNAL, what);
        sqlite3_finalize(st);
        return rc;
    }
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        rows = xgrow(rows, rd->size, cnt + 1, &cap);
        memset(rows + cnt * rd->size, 0, rd->size);
        rd->row(st, rows + cnt * rd->size);
        cnt++;
    }
    snprintf(what, sizeof what, "the %s", rd->what);
    rc = step_done(db, src, what, err);
    sqlite3_finalize(st);
    if (rc) {
        free_rows(rows, cnt, rd);
        return rc;
    }
    *out = rows;
    *n = cnt;
    return ATT_OK;
}

static void region_row(sqlite3_stmt *st, void *elem)
{
    struct db_region *r = elem;

    r->id = sqlite3_column_int64(st, 0);
    r->code = col_text(st, 1);
    r->name = col_text(st, 2);
    r->parent_id = sqlite3_column_int64(st, 3); /* NULL reads as 0 */
}

static const size_t regions_strs[] = {offsetof(struct db_region, code),
                                      offsetof(struct db_region, name)};
static const struct row_reader regions_rd = {
    "SELECT id, code, name, parent_id FROM regions ORDER BY id",
    "regions",
    false,
    sizeof(struct db_region),
    region_row,
    regions_strs,
    N_OFFS(regions_strs)};

int db_regions(struct sqlite3 *db, struct db_region **out, size_t *n, struct att_err *err)
{
    void *rows;
    int rc = read_rows(db, &regions_rd, 0, 0, &rows, n, err);

    *out = rows;
    return rc;
}

void db_regions_free(struct db_region *r, size_t n)
{
    free_rows(r, n, &regions_rd);
}

static void indicator_row(sqlite3_stmt *st, void *elem)
{
    struct db_indicator *r = elem;

    r->id = sqlite3_column_int64(st, 0);
    r->code = col_text(st, 1);
    r->name = col_text(st, 2);
    r->name_en = col_text(st, 3);
    r->unit = col_text(st, 4);
    r->measure = col_text(st, 5);
    r->is_flow = r->measure && strcmp(r->measure, "flow") == 0;
}

static const size_t indicators_strs[] = {
    offsetof(struct db_indicator, code), offsetof(struct db_indicator, name),
    offsetof(struct db_indicator, name_en), offsetof(struct db_indicator, unit),
    offsetof(struct db_indicator, measure)};
static const struct row_reader indicators_rd = {
    "SELECT id, code, name, name_en, unit, measure FROM indicators ORDER BY id",
    "indicators",
    false,
    sizeof(struct db_indicator),
    indicator_row,
    indicators_strs,
    N_OFFS(indicators_strs)};

int db_indicators(struct sqlite3 *db, struct db_indicator **out, size_t *n, struct att_err *err)
{
    void *rows;
    int rc = read_rows(db, &indicators_rd, 0, 0, &rows, n, err);

    *out = rows;
    return rc;
}

void db_indicators_free(struct db_indicator *r, size_t n)
{
    free_rows(r, n, &indicators_rd);
}

/*
 * The chronological key of a period in SQL: year * 100 + month, with the
 * annual (year end) figure after the year's months (month 13).
 */
#define PERIOD_KEY                                                                                 \
    "(CAST(substr(o.period, 1, 4) AS INTEGER) * 100 + CASE WHEN length(o.period) = 4 THEN 13 "     \
    "ELSE CAST(substr(o.period, 6, 2) AS INTEGER) END)"

static char *period_from_key(sqlite3_int64 key)
{
    int y = (int)(key / 100), m = (int)(key % 100);
    if (m == 13)
        return xasprintf("%04d", y);
    return xasprintf("%04d-%02d", y, m);
}

static void series_row(sqlite3_stmt *st, void *elem)
{
    struct db_series *x = elem;

    x->region_id = sqlite3_column_int64(st, 0);
    x->indicator_id = sqlite3_column_int64(st, 1);
    x->region_code = col_text(st, 2);
    x->region_name = col_text(st, 3);
    x->indicator_code = col_text(st, 4);
    x->indicator_name = col_text(st, 5);
    x->unit = col_text(st, 6);
    x->measure = col_text(st, 7);
    x->is_flow = x->measure && strcmp(x->measure, "flow") == 0;
    x->count = (size_t)sqlite3_column_int64(st, 8);
    x->n_annual = (size_t)sqlite3_column_int64(st, 9);
    x->n_monthly = (size_t)sqlite3_column_int64(st, 10);
    x->first_period = period_from_key(sqlite3_column_int64(st, 11));
    x->last_period = period_from_key(sqlite3_column_int64(st, 12));
}

static const size_t series_strs[] = {
    offsetof(struct db_series, region_code),    offsetof(struct db_series, region_name),
    offsetof(struct db_series, indicator_code), offsetof(struct db_series, indicator_name),
    offsetof(struct db_series, unit),           offsetof(struct db_series, measure),
    offsetof(struct db_series, first_period),   offsetof(struct db_series, last_period)};
static const char series_sql[] =
    "SELECT o.region_id, o.indicator_id, r.code, r.name, i.code, i.name, i.unit, i.measure,"
    " count(*), sum(length(o.period) = 4), sum(length(o.period) = 7),"
    " min(" PERIOD_KEY "), max(" PERIOD_KEY ")"
    " FROM observations o JOIN regions r ON r.id = o.region_id"
    " JOIN indicators i ON i.id = o.indicator_id"
    " WHERE (?1 = 0 OR o.region_id = ?1) AND (?2 = 0 OR o.indicator_id = ?2)"
    " GROUP BY o.region_id, o.indicator_id ORDER BY o.region_id, o.indicator_id";
static const struct row_reader series_rd = {
    series_sql,  "series",           true, sizeof(struct db_series), series_row,
    series_strs, N_OFFS(series_strs)};

int db_series_list(struct sqlite3 *db, int64_t region_id, int64_t indicator_id,
                   struct db_series **out, size_t *n, struct att_err *err)
{
    void *rows;
    int rc = read_rows(db, &series_rd, region_id, indicator_id, &rows, n, err);

    *out = rows;
    return rc;
}

void db_series_free(struct db_series *s, size_t n)
{
    free_rows(s, n, &series_rd);
}

static int obs_key(const struct db_obs *o)
{
    return o->year * 100 + (o->month ? o->month : 13);
}

static int obs_cmp(const void *a, const void *b)
{
    int ka = obs_key(a), kb = obs_key(b);
    return (ka > kb) - (ka < kb);
}

/* Was period (y, m) known at the as-of period (as_year, as_month)? */
static bool known_as_of(int y, int m, int as_year, int as_month)
{
    if (as_month == 0)
        return y <= as_year;
    return y < as_year || (y == as_year && m != 0 && m <= as_month);
}

int db_observations(struct sqlite3 *db, int64_t region_id, int64_t indicator_id, const char *as_of,
                    struct db_obs **out, size_t *n, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    struct db_obs *o = NULL;
    size_t cnt = 0, cap = 0;
    int rc, src;
    int as_year = 0, as_month = 0;

    *out = NULL;
    *n = 0;
    if (as_of && !db_parse_period(as_of, &as_year, &as_month))
        return att_errf(err, ATT_EUSAGE, "'%s' is not a period (YYYY or YYYY-MM)", as_of);
    if ((rc = db_prepare(db,
                         "SELECT period, value, source, note FROM observations o"
                         " WHERE region_id = ?1 AND indicator_id = ?2",
                         &st, "the observations query", err)))
        return rc;
    if (sqlite3_bind_int64(st, 1, region_id) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, indicator_id) != SQLITE_OK) {
        rc = sqlerr(db, err, ATT_EINTERNAL, "bind the observations query");
        sqlite3_finalize(st);
        return rc;
    }
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *period = (const char *)sqlite3_column_text(st, 0);
        int y, m;
        if (!period || !db_parse_period(period, &y, &m)) {
            src = SQLITE_ROW;
            break;
        }
        if (as_of && !known_as_of(y, m, as_year, as_month))
            continue;
        o = xgrow(o, sizeof *o, cnt + 1, &cap);
        snprintf(o[cnt].period, sizeof o[cnt].period, "%s", period);
        o[cnt].year = y;
        o[cnt].month = m;
        o[cnt].value = sqlite3_column_double(st, 1);
        o[cnt].source = col_text(st, 2);
        o[cnt].note = col_text(st, 3);
        cnt++;
    }
    if (src == SQLITE_ROW)
        rc = att_errf(err, ATT_EDATA, "the database holds a malformed period '%s'",
                      (const char *)sqlite3_column_text(st, 0));
    else
        rc = step_done(db, src, "the observations", err);
    sqlite3_finalize(st);
    if (rc) {
        db_obs_free(o, cnt);
        return rc;
    }
    if (cnt > 1)
        qsort(o, cnt, sizeof *o, obs_cmp);
    *out = o;
    *n = cnt;
    return ATT_OK;
}

void db_obs_free(struct db_obs *o, size_t n)
{
    size_t i;

    if (!o)
        return;
    for (i = 0; i < n; i++) {
        free(o[i].source);
        free(o[i].note);
    }
    free(o);
}

int db_observations_all(struct sqlite3 *db, int64_t region_id, int64_t indicator_id,
                        const char *as_of, struct db_obs_set *out, struct att_err *err)
{
    static const char sql[] =
        "SELECT region_id, indicator_id, period, value, source, note FROM observations"
        " WHERE (?1 = 0 OR region_id = ?1) AND (?2 = 0 OR indicator_id = ?2)"
        " ORDER BY region_id, indicator_id";
    sqlite3_stmt *st = NULL;
    struct db_obs *o = NULL;
    struct db_obs_series *ser = NULL;
    size_t cnt = 0, cap = 0, ns = 0, scap = 0, i;
    int rc, src;
    int as_year = 0, as_month = 0;
    const char *bad = NULL;

    memset(out, 0, sizeof *out);
    if (as_of && !db_parse_period(as_of, &as_year, &as_month))
        return att_errf(err, ATT_EUSAGE, "'%s' is not a period (YYYY or YYYY-MM)", as_of);
    if ((rc = db_prepare(db, sql, &st, "the observations query", err)))
        return rc;
    if (sqlite3_bind_int64(st, 1, region_id) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, indicator_id) != SQLITE_OK) {
        rc = sqlerr(db, err, ATT_EINTERNAL, "bind the observations query");
        sqlite3_finalize(st);
        return rc;
    }
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t r = sqlite3_column_int64(st, 0), k = sqlite3_column_int64(st, 1);
        const char *period = (const char *)sqlite3_column_text(st, 2);
        int y, m;
        if (!period || !db_parse_period(period, &y, &m)) {
            bad = period ? period : "";
            break;
        }
        if (as_of && !known_as_of(y, m, as_year, as_month))
            continue;
        /* Series are contiguous (ORDER BY); obs pointers are fixed after the loop. */
        if (ns == 0 || ser[ns - 1].region_id != r || ser[ns - 1].indicator_id != k) {
            ser = xgrow(ser, sizeof *ser, ns + 1, &scap);
            ser[ns].region_id = r;
            ser[ns].indicator_id = k;
            ser[ns].obs = NULL;
            ser[ns].n = 0;
            ns++;
        }
        ser[ns - 1].n++;
        o = xgrow(o, sizeof *o, cnt + 1, &cap);
        snprintf(o[cnt].period, sizeof o[cnt].period, "%s", period);
        o[cnt].year = y;
        o[cnt].month = m;
        o[cnt].value = sqlite3_column_double(st, 3);
        o[cnt].source = col_text(st, 4);
        o[cnt].note = col_text(st, 5);
        cnt++;
    }
    if (bad)
        rc = att_errf(err, ATT_EDATA, "the database holds a malformed period '%s'", bad);
    else
        rc = step_done(db, src, "the observations", err);
    sqlite3_finalize(st);
    if (rc) {
        db_obs_free(o, cnt);
        free(ser);
        return rc;
    }
    for (i = 0, cnt = 0; i < ns; i++) {
        ser[i].obs = o + cnt;
        if (ser[i].n > 1)
            qsort(ser[i].obs, ser[i].n, sizeof *o, obs_cmp);
        cnt += ser[i].n;
    }
    out->series = ser;
    out->n_series = ns;
    out->all = o;
    out->n_all = cnt;
    return ATT_OK;
}

void db_obs_set_release(struct db_obs_set *set)
{
    if (!set)
        return;
    db_obs_free(set->all, set->n_all);
    free(set->series);
    memset(set, 0, sizeof *set);
}

static void target_row(sqlite3_stmt *st, void *elem)
{
    struct db_target *x = elem;
    const unsigned char *kind;

    x->id = sqlite3_column_int64(st, 0);
    x->region_id = sqlite3_column_int64(st, 1);
    x->indicator_id = sqlite3_column_int64(st, 2);
    x->region_code = col_text(st, 3);
    x->region_name = col_text(st, 4);
    x->indicator_code = col_text(st, 5);
    x->indicator_name = col_text(st, 6);
    x->unit = col_text(st, 7);
    x->is_flow =
        sqlite3_column_text(st, 8) && strcmp((const char *)sqlite3_column_text(st, 8), "flow") == 0;
    x->deadline = sqlite3_column_int(st, 9);
    kind = sqlite3_column_text(st, 10);
    snprintf(x->kind, sizeof x->kind, "%s", kind ? (const char *)kind : "");
    x->value = sqlite3_column_double(st, 11);
    x->start = sqlite3_column_int(st, 12);
    x->source = col_text(st, 13);
    x->lead_unit = col_text(st, 14);
}

static const size_t targets_strs[] = {
    offsetof(struct db_target, region_code),    offsetof(struct db_target, region_name),
    offsetof(struct db_target, indicator_code), offsetof(struct db_target, indicator_name),
    offsetof(struct db_target, unit),           offsetof(struct db_target, source),
    offsetof(struct db_target, lead_unit)};
static const char targets_sql[] =
    "SELECT t.id, t.region_id, t.indicator_id, r.code, r.name, i.code, i.name, i.unit,"
    " i.measure, t.deadline, t.kind, t.value, t.start, t.source, t.lead_unit"
    " FROM targets t JOIN regions r ON r.id = t.region_id"
    " JOIN indicators i ON i.id = t.indicator_id"
    " WHERE (?1 = 0 OR t.region_id = ?1) AND (?2 = 0 OR t.indicator_id = ?2)"
    " ORDER BY t.region_id, t.indicator_id, t.deadline, t.kind, t.start";
static const struct row_reader targets_rd = {
    targets_sql,  "targets",           true, sizeof(struct db_target), target_row,
    targets_strs, N_OFFS(targets_strs)};

int db_targets(struct sqlite3 *db, int64_t region_id, int64_t indicator_id, struct db_target **out,
               size_t *n, struct att_err *err)
{
    void *rows;
    int rc = read_rows(db, &targets_rd, region_id, indicator_id, &rows, n, err);

    *out = rows;
    return rc;
}

void db_targets_free(struct db_target *t, size_t n)
{
    free_rows(t, n, &targets_rd);
}

void db_now_utc(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;

    if (size == 0)
        return;
    if (!gmtime_r(&now, &tm) || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, size, "%s", "1970-01-01T00:00:00Z");
}

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

int db_run_insert(struct sqlite3 *db, struct db_run *run, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    char now[32];
    int rc;

    run->id = 0;
    if (sqlite3_db_readonly(db, "main") == 1) {
        /* A read-only store is a normal case: the results stand, unrecorded. */
        fprintf(stderr, "attain: warning: database '%s' is read-only: this run was not recorded\n",
                sqlite3_db_filename(db, "main"));
        return ATT_OK;
    }
    db_now_utc(now, sizeof now);
    if ((rc = db_prepare(db,
                         "INSERT INTO runs (command, at, version, seed, paths, args, inputs_digest,"
                         " series, models) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                         &st, "the run record", err)))
        return rc;
    if (bind_text(st, 1, run->command) != SQLITE_OK ||
        bind_text(st, 2, run->at ? run->at : now) != SQLITE_OK ||
        bind_text(st, 3, run->version ? run->version : att_version()) != SQLITE_OK ||
        sqlite3_bind_int64(st, 4, run->seed) != SQLITE_OK ||
        sqlite3_bind_int64(st, 5, run->paths) != SQLITE_OK ||
        bind_text(st, 6, run->args ? run->args : "") != SQLITE_OK ||
        bind_text(st, 7, run->inputs_digest) != SQLITE_OK ||
        sqlite3_bind_int64(st, 8, run->series) != SQLITE_OK ||
        bind_text(st, 9, run->models ? run->models : "{}") != SQLITE_OK) {
        rc = sqlerr(db, err, ATT_EINTERNAL, "bind the run record");
    } else if (sqlite3_step(st) != SQLITE_DONE) {
        rc = db_failf(db, err, "record the run");
    } else {
        run->id = sqlite3_last_insert_rowid(db);
    }
    sqlite3_finalize(st);
    return rc;
}

static void run_row(sqlite3_stmt *st, void *elem)
{
    struct db_run *x = elem;

    x->id = sqlite3_column_int64(st, 0);
    x->command = col_text(st, 1);
    x->at = col_text(st, 2);
    x->version = col_text(st, 3);
    x->seed = sqlite3_column_int64(st, 4);
    x->paths = sqlite3_column_int64(st, 5);
    x->args = col_text(st, 6);
    x->inputs_digest = col_text(st, 7);
    x->series = sqlite3_column_int64(st, 8);
    x->models = col_text(st, 9);
}

static const size_t runs_strs[] = {
    offsetof(struct db_run, command),       offsetof(struct db_run, at),
    offsetof(struct db_run, version),       offsetof(struct db_run, args),
    offsetof(struct db_run, inputs_digest), offsetof(struct db_run, models)};
static const struct row_reader runs_rd = {
    "SELECT id, command, at, version, seed, paths, args, inputs_digest, series,"
    " models FROM runs ORDER BY id",
    "runs",
    false,
    sizeof(struct db_run),
    run_row,
    runs_strs,
    N_OFFS(runs_strs)};

int db_runs(struct sqlite3 *db, struct db_run **out, size_t *n, struct att_err *err)
{
    void *rows;
    int rc = read_rows(db, &runs_rd, 0, 0, &rows, n, err);

    *out = rows;
    return rc;
}

void db_runs_free(struct db_run *r, size_t n)
{
    free_rows(r, n, &runs_rd);
}

/* ---- digest ------------------------------------------------------------ */

#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

void db_digest_init(struct db_digest *d)
{
    d->h = FNV_OFFSET;
    d->started = true;
}

void db_digest_bytes(struct db_digest *d, const void *p, size_t len)
{
    const unsigned char *b = p;
    size_t i;

    if (!d->started)
        db_digest_init(d);
    for (i = 0; i < len; i++) {
        d->h ^= b[i];
        d->h *= FNV_PRIME;
    }
}

static void digest_str(struct db_digest *d, const char *s)
{
    /* A NULL is told apart from "" so that (NULL, "x") and ("", "x") differ. */
    if (s)
        db_digest_bytes(d, s, strlen(s));
    else
        db_digest_bytes(d, "\\N", 2);
    db_digest_bytes(d, "\t", 1);
}

static void digest_num(struct db_digest *d, double v)
{
    char buf[40];
    out_format_g17(buf, sizeof buf, v); /* "%.17g" without printf's cost */
    digest_str(d, buf);
}

void db_digest_obs(struct db_digest *d, const char *region_code, const char *indicator_code,
                   const struct db_obs *obs, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        digest_str(d, "obs");
        digest_str(d, region_code);
        digest_str(d, indicator_code);
        digest_str(d, obs[i].period);
        digest_num(d, obs[i].value);
        digest_str(d, obs[i].source);
        db_digest_bytes(d, "\n", 1);
    }
}

void db_digest_targets(struct db_digest *d, const struct db_target *t, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char buf[32];
        digest_str(d, "target");
        digest_str(d, t[i].region_code);
        digest_str(d, t[i].indicator_code);
        snprintf(buf, sizeof buf, "%d", t[i].deadline);
        digest_str(d, buf);
        digest_str(d, t[i].kind);
        digest_num(d, t[i].value);
        snprintf(buf, sizeof buf, "%d", t[i].start);
        digest_str(d, buf);
        db_digest_bytes(d, "\n", 1);
    }
}

void db_digest_hex(const struct db_digest *d, char hex[17])
{
    snprintf(hex, 17, "%016" PRIx64, d->started ? d->h : FNV_OFFSET);
}
