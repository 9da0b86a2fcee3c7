/*
 * engine/cmd_init.c -- `attain init`: create the database, or upgrade an
 * older schema keeping its data.  Idempotent: on a current database it
 * writes nothing at all (the file stays byte-identical).
 */
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"

int cmd_init(int argc, char **argv, struct att_ctx *ctx)
{
    static const struct option longopts[] = {{NULL, 0, NULL, 0}};
    struct sqlite3 *db = NULL;
    struct stat st;
    bool existed;
    int from = 0;
    int c, rc;

    cmd_getopt_reset();
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1)
        return cmd_option_error(ctx, argc, argv, c, longopts);
    if (optind < argc)
        return cmd_usage_errorf(ctx, "init", "unexpected argument '%s'", argv[optind]);

    existed = stat(ctx->db_path, &st) == 0;
    rc = db_open(ctx->db_path, DB_OPEN_WRITE | DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE, &db, &ctx->err);
    if (rc)
        return rc;
    rc = db_migrate(db, &from, &ctx->err);
    db_close(db);
    if (rc)
        return rc;
    if (!existed)
        printf("created database '%s' (schema version %d)\n", ctx->db_path, DB_SCHEMA_VERSION);
    else if (from < DB_SCHEMA_VERSION)
        printf("upgraded database '%s' from schema version %d to %d\n", ctx->db_path, from,
               DB_SCHEMA_VERSION);
    else
        printf("database '%s' is up to date (schema version %d)\n", ctx->db_path,
               DB_SCHEMA_VERSION);
    return ATT_OK;
}
