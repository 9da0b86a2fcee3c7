/*
 * engine/cmd_report.c -- `attain report --out DIR [--as-of P] [--scenario FILE...]`: the
 * bulletin for leadership (engine/bulletin.c writes it), and the path of its
 * index.html on stdout.
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "bulletin.h"
#include "messages.h"

/* `attain report --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_report_usage[] =
    "usage: attain report --out DIR [--as-of YYYY[-MM]] [--scenario FILE]...\n"
    "\n"
    "Write the bulletin into DIR (created if missing): DIR/index.html (self-contained,\n"
    "charts inline, prints on A4; --lang en for English), every chart as\n"
    "DIR/charts/NAME.png and .svg, and DIR/targets.csv (UTF-8 with BOM, for Excel).\n"
    "Prints the path of index.html.  Each run is recorded in 'runs'.\n"
    "\n"
    "  --out DIR        where to write it (required)\n"
    "  --as-of P        ignore data after P (YYYY or YYYY-MM)\n"
    "  --scenario FILE  add a section: the targets under each scenario file (repeat\n"
    "                   for more), and the growth it would take to be 80% sure\n"
    "Needs gnuplot (apt-get install gnuplot-nox): exit status 69 without it.\n";
/* clang-format on */

int cmd_report(int argc, char **argv, struct att_ctx *ctx)
{
    const char *dir = NULL, *as_of = NULL, *scenarios[7];
    char as_of_buf[8] = "";
    struct cmd_opt_list list = {scenarios, 0, sizeof scenarios / sizeof scenarios[0],
                                "scenarios fit one bulletin"};
    const struct cmd_opt opts[] = {
        {"out", CMD_OPT_DIR, &dir, 0, 0, NULL, NULL},
        {"as-of", CMD_OPT_PERIOD, as_of_buf, 0, 0, NULL, NULL},
        {"scenario", CMD_OPT_LIST, &list, 0, 0, NULL, NULL},
    };
    char *index = NULL;
    int rc = cmd_parse_options(ctx, argc, argv, opts, sizeof opts / sizeof opts[0], 0);

    if (rc)
        return rc;
    if (as_of_buf[0])
        as_of = as_of_buf;
    if (!dir)
        return cmd_usage_errorf(ctx, "report", tr("option '--out DIR' is required"));
    rc = bulletin_write_scenarios(ctx, dir, as_of, scenarios, list.n, argc, argv, &index);
    if (rc == ATT_OK)
        printf("%s\n", index);
    free(index);
    return rc;
}
