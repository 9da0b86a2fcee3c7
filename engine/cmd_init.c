/*
 * engine/cmd_init.c -- `attain init`: create the database, or upgrade an
 * older schema keeping its data.  Idempotent: on a current database it
 * writes nothing at all (the file stays byte-identical).
 */
#include <stdio.h>
#include <sys/stat.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "messages.h"

/* `attain init --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_init_usage[] =
    "usage: attain init\n"
    "\n"
    "Create the database (--db, $ATTAIN_DB or ./attain.db) if it does not exist,\n"
    "or upgrade an older schema keeping its data.  Running it again changes nothing.\n";
/* clang-format on */

int cmd_init(int argc, char **argv, struct att_ctx *ctx)
{
    struct sqlite3 *db = NULL;
    struct stat st;
    bool existed;
    int from = 0;
    int rc;

    if ((rc = cmd_parse_options(ctx, argc, argv, NULL, 0, 0)))
        return rc;

    existed = stat(ctx->db_path, &st) == 0;
    rc = db_open(ctx->db_path, DB_OPEN_WRITE | DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE, &db, &ctx->err);
    if (rc)
        return rc;
    rc = db_migrate(db, &from, &ctx->err);
    db_close(db);
    if (rc)
        return rc;
    if (!existed)
        printf(tr("created database '%s' (schema version %d)\n"), ctx->db_path, DB_SCHEMA_VERSION);
    else if (from < DB_SCHEMA_VERSION)
        printf(tr("upgraded database '%s' from schema version %d to %d\n"), ctx->db_path, from,
               DB_SCHEMA_VERSION);
    else
        printf(tr("database '%s' is up to date (schema version %d)\n"), ctx->db_path,
               DB_SCHEMA_VERSION);
    return ATT_OK;
}
