/*
 * engine/db.c -- the SQLite store: opening (foreign keys on, WAL, busy
 * timeout, read-only and immutable fallbacks), the error mapping, and the
 * schema and its migrations keyed by PRAGMA user_version.  The read API of
 * db.h is in db_read.c, the runs and the inputs digest in db_runs.c.
 * Every sqlite3_* return code is checked and every message carries
 * sqlite3_errmsg() and what we were doing; data goes into SQL only through
 * sqlite3_bind_*.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "db_history.h"
#include "db_int.h"
#include "messages.h"
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
 * new step appended to db_migrate's steps[] (never an edit of an old one), so any
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

int db_sqlerr(struct sqlite3 *db, struct att_err *err, int code, const char *what)
{
    return att_errf(err, code, tr("cannot %s: %s"), tr(what),
                    db ? sqlite3_errmsg(db) : tr("out of memory"));
}

int db_failf(struct sqlite3 *db, struct att_err *err, const char *what)
{
    int xrc = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
    int code = att_status_sqlite(xrc);
    const char *file = db ? sqlite3_db_filename(db, "main") : NULL;
    const char *msg = db ? sqlite3_errmsg(db) : tr("out of memory");

    if (!file || !*file)
        file = "?";
    switch (code) {
    case ATT_ETEMPFAIL:
        return att_errf(
            err, code,
            tr("cannot %s: database '%s' is locked: another attain is writing to it; try "
               "again when it has finished"),
            tr(what), file);
    case ATT_ECANTCREAT:
        return att_errf(err, code,
                        tr("cannot %s: database '%s' cannot be written (%s): the file or its "
                           "directory is read-only"),
                        tr(what), file, msg);
    case ATT_EIO:
        return att_errf(err, code, tr("cannot %s: %s (database '%s')"), tr(what), msg, file);
    case ATT_OK:
        return att_errf(err, ATT_EINTERNAL, tr("cannot %s: %s"), tr(what), msg);
    default:
        return att_errf(err, code, tr("cannot %s: %s"), tr(what), msg);
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
        int rc =
            att_errf(err, ATT_EINTERNAL, tr("cannot prepare %s: %s"), tr(what), sqlite3_errmsg(db));
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
        rc = att_errf(err, ATT_EDATA, tr("cannot read the schema version: %s"), sqlite3_errmsg(db));
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
        return att_errf(
            err, ATT_EDATA,
            tr("the database has schema version %d, newer than this attain knows (%zu)"), v,
            nsteps);
    if ((size_t)v == nsteps)
        return ATT_OK;
    if ((rc = db_begin(db, err)))
        return rc;
    for (i = (size_t)v; i < nsteps; i++) {
        char what[160];
        snprintf(what, sizeof what, tr("upgrade the schema to version %d (%s)"), steps[i].to,
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
    /* Step i takes user_version i to i + 1. */
    const struct db_migration steps[] = {
        {1, "create schema v1", schema_v1},
        {2, "keep an undo record of every load", db_history_schema()},
        {3, "keep the rows a load adds as ranges in its undo record, index codes in any case",
         db_history_ranges_schema()},
    };

    return db_migrate_steps(db, steps, sizeof steps / sizeof steps[0], from, err);
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
                      tr("cannot read database '%s': an interrupted write left '%s' to be rolled "
                         "back, and this user cannot write the database or its directory; run "
                         "'attain --db %s list series' once as a user who can (that recovers it), "
                         "or copy the database together with that file to a writable place"),
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
        rc = att_errf(err, ATT_EDATA, tr("cannot read database '%s': %s"), path,
                      db ? sqlite3_errmsg(db) : sqlite3_errstr(xrc));
    else if (db)
        rc = db_failf(db, err, "read the database");
    else
        rc = att_errf(err, att_status_sqlite(xrc), tr("cannot read database '%s': %s"), path,
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
            rc = att_errf(err, ATT_ECANTCREAT, tr("cannot open database '%s': %s"), path,
                          db ? sqlite3_errmsg(db) : sqlite3_errstr(xrc));
        else
            rc = db_failf(db, err, "open the database");
        goto out;
    }
    if (sqlite3_db_readonly(db, "main") == 1) {
        rc = att_errf(err, ATT_ECANTCREAT,
                      tr("cannot write database '%s': the file is read-only (this user may not "
                         "write it)"),
                      path);
        goto out;
    }
    if ((xrc = first_read(db)) != SQLITE_OK) {
        if (att_status_sqlite(xrc) == ATT_ECANTCREAT)
            rc = att_errf(err, ATT_ECANTCREAT,
                          tr("cannot write database '%s': this user cannot create files in its "
                             "directory (SQLite keeps its journal beside the database)"),
                          path);
        else if ((xrc & 0xff) == SQLITE_NOTADB || (xrc & 0xff) == SQLITE_CORRUPT)
            rc = att_errf(err, ATT_EDATA, tr("cannot read database '%s': %s"), path,
                          sqlite3_errmsg(db));
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
                            tr("database '%s' does not exist (create it with 'attain init' or "
                               "'attain load FILE...')"),
                            path);
        return att_errf(err, ATT_ENOINPUT, tr("cannot open database '%s': %s"), path,
                        strerror(errno));
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
        rc = att_errf(err, ATT_EDATA, tr("cannot use database '%s': %s"), path, sqlite3_errmsg(db));
        goto fail;
    }
    if ((rc = db_schema_version(db, &version, err)))
        goto fail;
    if (version > DB_SCHEMA_VERSION) {
        rc = att_errf(err, ATT_EDATA,
                      tr("database '%s' has schema version %d, newer than this attain knows (%d)"),
                      path, version, DB_SCHEMA_VERSION);
        goto fail;
    }
    if (version < DB_SCHEMA_VERSION) {
        if (!(flags & DB_OPEN_CREATE)) {
            rc = att_errf(err, ATT_EDATA,
                          tr("database '%s' has schema version %d, not %d (upgrade it with 'attain "
                             "init')"),
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
