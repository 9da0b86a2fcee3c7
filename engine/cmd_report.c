/*
 * engine/cmd_report.c -- `attain report --out DIR [--as-of P] [--scenario FILE...]`: the
 * bulletin for leadership (engine/bulletin.c writes it), and the path of its
 * index.html on stdout.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "bulletin.h"

int cmd_report(int argc, char **argv, struct att_ctx *ctx)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"as-of", required_argument, NULL, 'a'},
        {"scenario", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = NULL, *as_of = NULL, *scenarios[8];
    size_t n_scenarios = 0;
    char *index = NULL;
    int c, rc;

    cmd_getopt_reset();
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (!*optarg)
                return cmd_usage_errorf(ctx, "report", "option '--out' needs a directory");
            dir = optarg;
            break;
        case 'a':
            if (!db_parse_period(optarg, NULL, NULL))
                return cmd_usage_errorf(ctx, "report",
                                        "option '--as-of' wants YYYY or YYYY-MM, not '%s'", optarg);
            as_of = optarg;
            break;
        case 's':
            if (n_scenarios == sizeof scenarios / sizeof scenarios[0] - 1)
                return cmd_usage_errorf(ctx, "report", "at most %zu scenarios fit one bulletin",
                                        sizeof scenarios / sizeof scenarios[0] - 1);
            scenarios[n_scenarios++] = optarg;
            break;
        default:
            return cmd_option_error(ctx, argc, argv, c);
        }
    }
    if (optind < argc)
        return cmd_usage_errorf(ctx, "report", "unexpected argument '%s'", argv[optind]);
    if (!dir)
        return cmd_usage_errorf(ctx, "report", "option '--out DIR' is required");
    rc = bulletin_write_scenarios(ctx, dir, as_of, scenarios, n_scenarios, argc, argv, &index);
    if (rc == ATT_OK)
        printf("%s\n", index);
    free(index);
    return rc;
}
