/*
 * engine/cmd_help.c -- `attain help [COMMAND]`: the program's help, or one
 * command's usage, as `attain --help` and `attain COMMAND --help` print them.
 */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "ctx.h"

int cmd_help(int argc, char **argv, struct att_ctx *ctx)
{
    static const struct option longopts[] = {{NULL, 0, NULL, 0}};
    const struct cmd_entry *cmd;
    int c;

    cmd_getopt_reset();
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1)
        return cmd_option_error(ctx, argc, argv, c, longopts);
    if (optind >= argc) {
        cmd_print_help(stdout);
        return ATT_OK;
    }
    if (optind + 1 < argc)
        return cmd_usage_errorf(ctx, "help", "unexpected argument '%s'", argv[optind + 1]);
    cmd = cmd_find(argv[optind]);
    if (!cmd) {
        const char *near = cmd_nearest(argv[optind]);
        if (near)
            return cmd_usage_errorf(ctx, "help", "unknown command '%s' (did you mean '%s'?)",
                                    argv[optind], near);
        return cmd_usage_errorf(ctx, "help", "unknown command '%s' (see 'attain help')",
                                argv[optind]);
    }
    cmd_print_usage(cmd, stdout);
    return ATT_OK;
}
