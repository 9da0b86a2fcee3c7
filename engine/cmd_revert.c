/*
 * engine/cmd_revert.c -- `attain revert --load N`: take back exactly what
 * load N changed (engine/db_history.h), all or nothing, as a load of its
 * own, and say what was undone.
 */
#include <stdio.h>

#include "commands.h"
#include "ctx.h"
#include "db_history.h"
#include "messages.h"

/*
 * "observations: 2 removed, 1 restored" (--lang en) or "观测值：删除 2，恢复 1"
 * for one table, nothing if untouched.
 */
static void print_table(const struct db_revert_result *r, int t)
{
    const char *sep = "";

    if (!r->removed[t] && !r->restored[t] && !r->readded[t])
        return;
    printf(tr("%s:"), tr(db_history_table_name((enum db_history_table)t)));
    if (r->removed[t]) {
        printf(tr("%s %zu removed"), sep, r->removed[t]);
        sep = tr(",");
    }
    if (r->restored[t]) {
        printf(tr("%s %zu restored"), sep, r->restored[t]);
        sep = tr(",");
    }
    if (r->readded[t])
        printf(tr("%s %zu put back"), sep, r->readded[t]);
    putchar('\n');
}

/* `attain revert --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_revert_usage[] =
    "usage: attain revert --load N\n"
    "\n"
    "Undo everything load N wrote (see 'attain list loads'): observations, targets,\n"
    "regions and indicators it added are removed, values it changed get their old\n"
    "values back, and its revisions go.  All or nothing, recorded as a load of its\n"
    "own, which can itself be reverted.  Refused, changing nothing, when a later\n"
    "load changed the same rows (revert that one first), when load N was already\n"
    "reverted, or when it was made before the database kept an undo record\n"
    "(schema version 2).\n"
    "\n"
    "  --load N   the load to take back\n";
/* clang-format on */

int cmd_revert(int argc, char **argv, struct att_ctx *ctx)
{
    struct db_revert_result res;
    long load = 0; /* 0: --load not given */
    const struct cmd_opt opts[] = {{"load", CMD_OPT_LONG, &load, 1, 2147483647L, NULL, NULL}};
    int t, rc;

    if ((rc = cmd_parse_options(ctx, argc, argv, opts, 1, 0)))
        return rc;
    if (!load)
        return cmd_usage_errorf(ctx, "revert",
                                tr("which load? give --load N (see 'attain list loads')"));
    if ((rc = db_revert_load(ctx->db, load, &res, &ctx->err)))
        return rc;
    printf(tr("reverted load %ld\n"), load);
    for (t = 0; t < DBH_COUNT; t++)
        print_table(&res, t);
    printf(tr("load %lld done\n"), (long long)res.load_id);
    return ATT_OK;
}
