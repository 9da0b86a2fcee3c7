/*
 * engine/cmd_help.c -- `attain help [COMMAND]`: the program's help, or one
 * command's usage, as `attain --help` and `attain COMMAND --help` print them.
 */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "ctx.h"
#include "messages.h"

/* `attain help --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_help_usage[] =
    "usage: attain help [COMMAND]\n"
    "\n"
    "Without COMMAND, what 'attain --help' prints: every command and the global\n"
    "options; with it, what 'attain COMMAND --help' prints.\n";
/* clang-format on */

int cmd_help(int argc, char **argv, struct att_ctx *ctx)
{
    const struct cmd_entry *cmd;
    int rc;

    if ((rc = cmd_parse_options(ctx, argc, argv, NULL, 0, 1)))
        return rc;
    if (optind >= argc) {
        cmd_print_help(stdout);
        return ATT_OK;
    }
    cmd = cmd_find(argv[optind]);
    if (!cmd) {
        const char *near = cmd_nearest(argv[optind]);
        if (near)
            return cmd_usage_errorf(ctx, "help", tr("unknown command '%s' (did you mean '%s'?)"),
                                    argv[optind], near);
        return cmd_usage_errorf(ctx, "help", tr("unknown command '%s' (see 'attain help')"),
                                argv[optind]);
    }
    cmd_print_usage(cmd, stdout);
    return ATT_OK;
}
