/*
 * engine/cmd_load.c -- `attain load FILE...`: read the files, then load them
 * all in one transaction (load.h) into the database, created if missing.
 * The files are read before the database is opened, so a missing file
 * (exit 66) leaves no trace; a database created for a load that then fails
 * is removed again.  Prints one summary line per file and one for
 * the load on stdout; the one error, if any, goes to stderr through main.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "load.h"
#include "xalloc.h"

static void print_summary(const char *name, const struct load_summary *s)
{
    const char *kind = s->kind == LOAD_OBSERVATIONS_WIDE ? "observations" : load_kind_name(s->kind);

    printf("%s: %s", name, kind);
    if (s->kind == LOAD_OBSERVATIONS_WIDE || strcmp(s->encoding, "UTF-8") != 0)
        printf(" (%s%s%s)", s->kind == LOAD_OBSERVATIONS_WIDE ? "wide" : "",
               s->kind == LOAD_OBSERVATIONS_WIDE && strcmp(s->encoding, "UTF-8") != 0 ? ", " : "",
               strcmp(s->encoding, "UTF-8") != 0 ? s->encoding : "");
    printf(": %zu new, %zu changed, %zu unchanged", s->added, s->changed, s->unchanged);
    if (s->kind == LOAD_OBSERVATIONS_WIDE)
        printf(", %zu empty cells", s->empty);
    putchar('\n');
}

int cmd_load(int argc, char **argv, struct att_ctx *ctx)
{
    static const struct option longopts[] = {{NULL, 0, NULL, 0}};
    struct load_input *in = NULL;
    struct load_summary *sums = NULL;
    struct sqlite3 *db = NULL;
    struct stat st;
    bool created = false;
    int64_t load_id = 0;
    size_t n = 0;
    size_t i;
    int c;
    int rc = ATT_OK;

    cmd_getopt_reset();
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1)
        return cmd_option_error(ctx, argc, argv, c);
    if (optind >= argc)
        return cmd_usage_errorf(ctx, "load", "no FILE to load (see 'attain load --help')");

    n = (size_t)(argc - optind);
    in = xcalloc(n, sizeof *in);
    sums = xcalloc(n, sizeof *sums);
    for (i = 0; i < n; i++) {
        char *bytes = NULL;

        in[i].name = argv[optind + (int)i];
        rc = load_read_file(in[i].name, &bytes, &in[i].len, &ctx->err);
        in[i].bytes = bytes;
        if (rc != ATT_OK)
            goto out;
    }
    created = stat(ctx->db_path, &st) != 0 && errno == ENOENT;
    if ((rc = db_open(ctx->db_path, DB_OPEN_WRITE | DB_OPEN_CREATE, &db, &ctx->err)) != ATT_OK)
        goto out;
    if ((rc = load_files(db, in, n, sums, &load_id, &ctx->err)) != ATT_OK)
        goto out;
    for (i = 0; i < n; i++)
        print_summary(in[i].name, &sums[i]);
    printf("load %lld done\n", (long long)load_id);
out:
    db_close(db);
    /* A failed load leaves no trace, not even the empty database it created. */
    if (rc != ATT_OK && created)
        (void)unlink(ctx->db_path);
    for (i = 0; i < n; i++)
        free((char *)in[i].bytes);
    free(sums);
    free(in);
    return rc;
}
