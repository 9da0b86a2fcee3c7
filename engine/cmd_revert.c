/*
 * engine/cmd_revert.c -- `attain revert --load N`: take back exactly what
 * load N changed (engine/db_history.h), all or nothing, as a load of its
 * own, and say what was undone.
 */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "ctx.h"
#include "db_history.h"

/* "observations: 2 removed, 1 restored" for one table (nothing if untouched). */
static void print_table(const struct db_revert_result *r, int t)
{
    const char *sep = "";

    if (!r->removed[t] && !r->restored[t] && !r->readded[t])
        return;
    printf("%s:", db_history_table_name((enum db_history_table)t));
    if (r->removed[t]) {
        printf(" %zu removed", r->removed[t]);
        sep = ",";
    }
    if (r->restored[t]) {
        printf("%s %zu restored", sep, r->restored[t]);
        sep = ",";
    }
    if (r->readded[t])
        printf("%s %zu put back", sep, r->readded[t]);
    putchar('\n');
}

int cmd_revert(int argc, char **argv, struct att_ctx *ctx)
{
    static const struct option longopts[] = {
        {"load", required_argument, NULL, 'l'},
        {NULL, 0, NULL, 0},
    };
    struct db_revert_result res;
    const char *load_text = NULL;
    long load = 0;
    int c, t, rc;

    cmd_getopt_reset();
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'l':
            load_text = optarg;
            break;
        default:
            return cmd_option_error(ctx, argc, argv, c, longopts);
        }
    }
    if (optind < argc)
        return cmd_usage_errorf(ctx, "revert", "unexpected argument '%s'", argv[optind]);
    if (!load_text)
        return cmd_usage_errorf(ctx, "revert",
                                "which load? give --load N (see 'attain list loads')");
    if ((rc = cmd_parse_long(ctx, "revert", "load", load_text, 1, 2147483647L, &load)))
        return rc;
    if ((rc = db_revert_load(ctx->db, load, &res, &ctx->err)))
        return rc;
    printf("reverted load %ld\n", load);
    for (t = 0; t < DBH_COUNT; t++)
        print_table(&res, t);
    printf("load %lld done\n", (long long)res.load_id);
    return ATT_OK;
}
