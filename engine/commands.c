/*
 * engine/commands.c -- the command table (one row per command, sorted by
 * name), the dispatcher that does the set-up a command's flags ask for, and
 * the option helpers commands share.
 *
 * To add a command: declare `int cmd_<name>(int, char **, struct att_ctx *)`
 * in commands.h and add its row to cmd_table_rows below, in sorted order
 * (a unit test and `attain --help` check the order).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "text.h"
#include "tools.h"
#include "xalloc.h"

#ifndef ATTAIN_VERSION
#define ATTAIN_VERSION "0.0.0"
#endif

/* clang-format off */
static const struct cmd_entry cmd_table_rows[] = {
    {"allocate", cmd_allocate, CMD_NEED_DB | CMD_WRITE_DB,
     "split a city target over its districts, or judge a split",
     "usage: attain allocate --indicator I --year YYYY [--region CITY] [--total T]\n"
     "                       [--kind level|increment] [--method equal-risk|proportional]\n"
     "                       [--min R=N]... [--max R=N]... [--remainder]\n"
     "                       [--evaluate FILE|plan] [--as-of YYYY[-MM]]\n"
     "\n"
     "Propose how the city's target for I in YYYY is shared among its districts, from\n"
     "the same reconciled paths 'attain targets' judges each target by (same --seed,\n"
     "same --paths: same figures).  equal-risk (default): every district gets the\n"
     "share it meets with the same probability p*, the largest p* whose shares add up\n"
     "to the total; proportional: shares in proportion to each district's expected\n"
     "delivery.  Shares are whole numbers for counts (amounts keep the decimals of\n"
     "their figures) and add up exactly to the total.  For an increment target the\n"
     "shares are increments, for a level target levels.  The city's remainder\n"
     "(其他/未分配: its own figures beyond its districts' sum) is shown, and gets a\n"
     "share only with --remainder.  --evaluate judges a split instead: the plan's own\n"
     "(the districts' targets in the database) or a targets CSV file (the 'attain\n"
     "load' format, one row per district).  Per district: the share, its expected\n"
     "delivery, the probability of meeting the share and the expected shortfall\n"
     "E[max(0, share - outcome)]; for the city: the probability of meeting the total,\n"
     "that every district meets its share, and how many are expected to miss.\n"
     "csv/json: city,region,role,indicator,deadline,kind,start,method,share,expected,\n"
     "probability,shortfall,p_all,expected_misses,p_star,flags (role: district,\n"
     "remainder or city).  Without --region: every region with districts and a\n"
     "target in YYYY (or districts' targets, whose sum is then the total).\n"
     "\n"
     "  --indicator I     the indicator (code or Chinese name; required)\n"
     "  --year YYYY       the target's deadline (required)\n"
     "  --region CITY     the city whose target is split (code or Chinese name)\n"
     "  --total T         split T instead of the city's target\n"
     "  --kind K          level or increment, when the city has both in YYYY\n"
     "  --method M        equal-risk (default) or proportional\n"
     "  --min R=N         district R gets at least N (repeatable; default 0)\n"
     "  --max R=N         district R gets at most N (repeatable)\n"
     "  --remainder       give the remainder (其他/未分配) a share too\n"
     "  --evaluate plan   judge the plan's split; --evaluate FILE: the split in FILE\n"
     "  --as-of P         ignore data after P (YYYY or YYYY-MM)\n"
     "Constraints that cannot hold together are an error (exit status 65).\n"},
    {"backtest", cmd_backtest, CMD_NEED_DB | CMD_WRITE_DB,
     "rolling-origin evaluation of every model on every series",
     "usage: attain backtest [--horizon H] [--origins N] [--region R] [--indicator I]\n"
     "                       [--model M]\n"
     "\n"
     "For each of the N years before the latest annual figure (the origins), forecast\n"
     "as 'attain forecast --as-of YEAR' would have, with every model (auto, combo and\n"
     "each named model), and score the next H years against the figures now known.\n"
     "One row per series and model: region,indicator,model,forecasts,mae,smape,mase,\n"
     "cover80,cover95,rank (rank within the series by MASE); then one summary row per\n"
     "model with region and indicator empty, ranked by MASE averaged over series.\n"
     "MASE divides by the series' mean absolute yearly change.  Each run is recorded\n"
     "in 'runs'.\n"
     "\n"
     "  --horizon H      years scored after each origin (default 3, at most 10)\n"
     "  --origins N      origin years (default 3, at most 20)\n"
     "  --region R       only region R (code or Chinese name)\n"
     "  --indicator I    only indicator I (code or Chinese name)\n"
     "  --model M        only model M (auto, combo or a model name)\n"},
    {"demo", cmd_demo, 0,
     "the bundled Panjin data set into a fresh database, and what it holds",
     "usage: attain demo [--out DIR]\n"
     "\n"
     "Load the bundled Panjin data set (regions, indicators, targets, illustrative\n"
     "history) into a fresh database DIR/attain.db, replacing an old one, and print\n"
     "what was loaded, every target, and the plan's split of its 2021 科技型中小企业\n"
     "target judged beside the equal-risk one ('attain allocate'); then write the\n"
     "bulletin (as 'attain report') into DIR and print the path of DIR/index.html.\n"
     "\n"
     "  --out DIR   where to put it (default ./attain-demo; created if missing)\n"},
    {"forecast", cmd_forecast, CMD_NEED_DB | CMD_WRITE_DB,
     "fit, choose and forecast every series",
     "usage: attain forecast [--region R] [--indicator I] [--until YYYY | --horizon H]\n"
     "                       [--model M] [--as-of YYYY[-MM]] [--scenario FILE]\n"
     "\n"
     "One row per series and future year: region,indicator,period,model,point,\n"
     "lo95,lo80,lo50,median,hi50,hi80,hi95 (point = mean of the simulated paths;\n"
     "districts add up to their city path by path).  Each run is recorded in 'runs'.\n"
     "\n"
     "  --region R       report only region R (code or Chinese name)\n"
     "  --indicator I    only indicator I (code or Chinese name)\n"
     "  --until YYYY     forecast to the end of YYYY\n"
     "  --horizon H      or H years past the last annual figure (default 5)\n"
     "  --model M        auto (default), combo, naive, drift, linear, exp, logistic,\n"
     "                   gompertz, damped, theta, poisson, negbin\n"
     "  --as-of P        ignore data after P (YYYY or YYYY-MM)\n"
     "  --scenario FILE  with the levers of a scenario file (see 'attain scenario')\n"},
    {"init", cmd_init, 0, /* opens the database itself, to say what it did */
     "create or upgrade the database",
     "usage: attain init\n"
     "\n"
     "Create the database (--db, $ATTAIN_DB or ./attain.db) if it does not exist,\n"
     "or upgrade an older schema keeping its data.  Running it again changes nothing.\n"},
    {"list", cmd_list, CMD_NEED_DB,
     "what is in the database",
     "usage: attain list regions|indicators|series|observations|targets|runs\n"
     "                   [--region R] [--indicator I]\n"
     "\n"
     "  regions       every region and its parent\n"
     "  indicators    every indicator: unit, stock or flow\n"
     "  series        every region x indicator with data: first/last period, count\n"
     "  observations  every observation (csv: region,indicator,period,value,source,note,\n"
     "                which 'attain load' reads back)\n"
     "  targets       every target (csv: region,indicator,deadline,kind,value,start,\n"
     "                source,lead_unit)\n"
     "  runs          every recorded forecast/targets/backtest/report run\n"
     "\n"
     "  --region R     only region R (code or Chinese name)\n"
     "  --indicator I  only indicator I (code or Chinese name)\n"},
    {"load", cmd_load, 0, /* reads the files first, then opens (or creates) the database */
     "load CSV files: regions, indicators, observations, targets",
     "usage: attain load FILE...\n"
     "\n"
     "Load CSV files into the database (created if missing), all in one transaction:\n"
     "on any error nothing is written.  Each file's kind is told by its header row:\n"
     "  regions       code,name,parent\n"
     "  indicators    code,name,name_en,unit,measure (measure: stock or flow)\n"
     "  observations  region,indicator,period,value[,source][,note]  (period YYYY or YYYY-MM)\n"
     "                or wide: region,indicator,YYYY,YYYY,...  (empty cell = missing)\n"
     "  targets       region,indicator,deadline,kind,value[,start][,source][,lead_unit]\n"
     "                (kind: level or increment; start defaults to deadline)\n"
     "Regions and indicators may be named by code or Chinese name.  Files may be UTF-8\n"
     "(with or without BOM) or GB18030/GBK; numbers may have thousands separators and\n"
     "full-width digits.  A changed observation keeps its old value as a revision.\n"
     "Errors are FILE:LINE:COLUMN: message, exit status 65.\n"},
    {"plot", cmd_plot, CMD_NEED_DB | CMD_NEED_GNUPLOT,
     "one chart: projection, districts, dashboard, allocation, scenarios, backtest",
     "usage: attain plot KIND --out FILE.png|.svg|.pdf [--region R] [--indicator I]\n"
     "                   [--year YYYY] [--as-of YYYY[-MM]] [--from FILE] [--scenario FILE]\n"
     "\n"
     "Draw one chart with gnuplot; the file's extension chooses PNG, SVG or PDF.\n"
     "  projection  a target of region R (default: the city) and indicator I: history,\n"
     "              fitted line, median forecast with 50/80/95% fan, the target at its\n"
     "              deadline and the probability of meeting it (a series without a\n"
     "              target is drawn without one)\n"
     "  districts   one panel per district under R (default: the city) for indicator I\n"
     "  dashboard   every target's probability, coloured by status (R, I filter)\n"
     "  allocation  the districts' targets for indicator I in --year next to what\n"
     "              they are expected to deliver\n"
     "  backtest    sMAPE, MASE and interval coverage of each model, from the summary\n"
     "              rows of 'attain backtest --format csv' saved to --from FILE\n"
     "  scenarios   every target's probability under the baseline and each --scenario\n"
     "              FILE (one or more, on the same simulated paths)\n"
     "\n"
     "  --out FILE       where to write the chart (required)\n"
     "  --region R       region (code or Chinese name)\n"
     "  --indicator I    indicator (code or Chinese name)\n"
     "  --year YYYY      the target's deadline (projection, allocation)\n"
     "  --from FILE      backtest: the output of 'attain backtest --format csv'\n"
     "  --scenario FILE  scenarios: a file to compare (repeat for more); projection:\n"
     "                   the scenario's median and 80% band over the baseline's fan;\n"
     "                   the other charts: drawn under that scenario's levers\n"
     "  --as-of P        ignore data after P (YYYY or YYYY-MM)\n"
     "Needs gnuplot (apt-get install gnuplot-nox): exit status 69 without it.\n"},
    {"report", cmd_report, CMD_NEED_DB | CMD_WRITE_DB | CMD_NEED_GNUPLOT,
     "the bulletin for leadership: HTML, charts, CSV",
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
     "Needs gnuplot (apt-get install gnuplot-nox): exit status 69 without it.\n"},
    {"scenario", cmd_scenario, CMD_NEED_DB | CMD_WRITE_DB,
     "what if: scenarios side by side, and what it would take",
     "usage: attain scenario compare FILE.ini... [--region R] [--indicator I] [--as-of P]\n"
     "       attain scenario solve --indicator I --year YYYY --probability P [--region R]\n"
     "                      [--lever growth|additions] [--from YYYY] [--regions R,...]\n"
     "                      [--max X] [--out FILE.ini]\n"
     "\n"
     "A scenario file is INI: [scenario] name, note; then one [section] per indicator\n"
     "(code or Chinese name) with regions (default every region), from (first year),\n"
     "growth (x1.2, ×1.2, +15%, -10%: each path's yearly change scaled), additions\n"
     "(units more a year), capacity (a ceiling) and shock (2024:-8% or 2024:-12: a\n"
     "one-off change of level that a stock keeps).  A lever on a city acts on its\n"
     "districts in proportion.  Errors are FILE:LINE: message, exit status 65.\n"
     "\n"
     "compare  every target's probability and expected value under the baseline and\n"
     "         each scenario, all from the same simulated paths (the differences are\n"
     "         the levers', not chance); csv/json: one row per target and scenario\n"
     "solve    the smallest lever that lifts one target's probability to P: a growth\n"
     "         factor (default, up to --max, default ×3) or extra units a year (up to\n"
     "         --max, default the target's value), from --from (default the first\n"
     "         year forecast), in --regions (default the target's region); --out\n"
     "         writes it as a scenario file.  Says 'not reachable' when the bound\n"
     "         does not reach P.\n"
     "\n"
     "  --region R       compare: only region R's targets; solve: the target's region\n"
     "  --indicator I    compare: only indicator I; solve: the target's indicator\n"
     "  --year YYYY      solve: the target's deadline\n"
     "  --probability P  solve: the probability wanted (0.8 for 80%)\n"
     "  --as-of P        ignore data after P (YYYY or YYYY-MM)\n"
     "  --model M        as for 'attain forecast' (default auto)\n"},
    {"targets", cmd_targets, CMD_NEED_DB | CMD_WRITE_DB,
     "will each target be met: probability, status, growth needed",
     "usage: attain targets [--as-of YYYY[-MM]] [--region R] [--indicator I] [--model M]\n"
     "                      [--scenario FILE]\n"
     "\n"
     "Every target: region,indicator,deadline,kind,target,baseline,expected,lo80,hi80,\n"
     "probability,status,required_growth,reach_year,model (csv/json add start,\n"
     "lead_unit,flags).  status: on_track (probability >= 0.8), at_risk (>= 0.5),\n"
     "off_track.  The table is followed by notes: district splits that do not add up\n"
     "to the city target, unreachable targets, and who is behind (by region and by\n"
     "lead unit); --as-of YYYY-MM gives the view of that month's progress report.\n"
     "\n"
     "  --as-of P        ignore data after P (YYYY or YYYY-MM)\n"
     "  --region R       only region R's targets\n"
     "  --indicator I    only indicator I\n"
     "  --model M        as for 'attain forecast' (default auto)\n"
     "  --scenario FILE  with the levers of a scenario file (see 'attain scenario')\n"},
};
/* clang-format on */

#define CMD_COUNT (sizeof cmd_table_rows / sizeof cmd_table_rows[0])

const char *att_version(void)
{
    return ATTAIN_VERSION;
}

const struct cmd_entry *cmd_table(size_t *n)
{
    *n = CMD_COUNT;
    return cmd_table_rows;
}

const struct cmd_entry *cmd_find(const char *name)
{
    size_t i;

    for (i = 0; i < CMD_COUNT; i++)
        if (strcmp(cmd_table_rows[i].name, name) == 0)
            return &cmd_table_rows[i];
    return NULL;
}

/*
 * A typo (edit distance <= 2) wins; failing that, the command sharing the
 * longest prefix of at least two letters ("foo" -> "forecast").  Ties go to
 * the first in table order, so the answer does not depend on anything else.
 */
const char *cmd_nearest(const char *name)
{
    const char *best = NULL;
    size_t best_d = 3, best_p = 1;
    size_t i;

    for (i = 0; i < CMD_COUNT; i++) {
        size_t d = text_distance(name, cmd_table_rows[i].name);
        if (d < best_d) {
            best_d = d;
            best = cmd_table_rows[i].name;
        }
    }
    if (best)
        return best;
    for (i = 0; i < CMD_COUNT; i++) {
        const char *c = cmd_table_rows[i].name;
        size_t p = 0;
        while (name[p] && c[p] && name[p] == c[p])
            p++;
        if (p > best_p) {
            best_p = p;
            best = c;
        }
    }
    return best;
}

void cmd_print_usage(const struct cmd_entry *cmd, FILE *f)
{
    fputs(cmd->usage, f);
    fputs("\nGlobal options (--db, --format, --lang, --seed, --paths, --threads) may come\n"
          "before or after the command; see 'attain --help'.\n",
          f);
}

void cmd_print_help(FILE *f)
{
    size_t i, w = 0;

    fputs("usage: attain [global options] COMMAND [options]\n"
          "\n"
          "Will we make each target of the plan, and what would it take?\n"
          "\n"
          "commands:\n",
          f);
    for (i = 0; i < CMD_COUNT; i++)
        if (strlen(cmd_table_rows[i].name) > w)
            w = strlen(cmd_table_rows[i].name);
    for (i = 0; i < CMD_COUNT; i++)
        fprintf(f, "  %-*s  %s\n", (int)w, cmd_table_rows[i].name, cmd_table_rows[i].summary);
    fputs("\n"
          "global options (before or after the command):\n"
          "  --db PATH        the database (default $ATTAIN_DB, else ./attain.db)\n"
          "  --format FMT     table (default), csv or json (csv written to a file named\n"
          "                   *.csv starts with a UTF-8 BOM, so that Excel reads it)\n"
          "  --lang LANG      labels in zh (default) or en\n"
          "  --seed N         seed of all randomness (default 1)\n"
          "  --paths N        simulated futures per series (default 2000)\n"
          "  --threads N      worker threads (default: the processors online, at most 8)\n"
          "  -h, --help       this help; 'attain COMMAND --help' for a command's\n"
          "  --version        print the version\n"
          "\n"
          "exit status: 0 ok, 2 usage, 65 bad data, 66 missing input, 69 gnuplot missing,\n"
          "70 internal error, 73 cannot write output, 74 I/O error\n",
          f);
}

int cmd_run(const struct cmd_entry *cmd, int argc, char **argv, struct att_ctx *ctx)
{
    int rc;

    if ((cmd->flags & CMD_NEED_GNUPLOT) && (rc = tools_need_gnuplot(cmd->name, &ctx->err)))
        return rc;
    if (cmd->flags & CMD_NEED_DB) {
        unsigned oflags = 0;
        if (cmd->flags & CMD_WRITE_DB)
            oflags |= DB_OPEN_WRITE;
        if (cmd->flags & CMD_CREATE_DB)
            oflags |= DB_OPEN_WRITE | DB_OPEN_CREATE;
        rc = db_open(ctx->db_path, oflags, &ctx->db, &ctx->err);
        if (rc != ATT_OK)
            return rc;
    }
    rc = cmd->fn(argc, argv, ctx);
    db_close(ctx->db);
    ctx->db = NULL;
    return rc;
}

void cmd_getopt_reset(void)
{
    /* glibc: optind = 0 re-initialises getopt completely (a new argv). */
    optind = 0;
    opterr = 0;
}

int cmd_usage_errorf(struct att_ctx *ctx, const char *cmd, const char *fmt, ...)
{
    char msg[ATT_ERR_MAX];
    va_list ap;

    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof msg, fmt, ap) < 0)
        msg[0] = '\0';
    va_end(ap);
    /* "attain <cmd>: ..." is complete as it is: main must not add "attain: ". */
    if (!ctx->err.set)
        ctx->err.located = true;
    return att_errf(&ctx->err, ATT_EUSAGE, "attain %s: %s", cmd, msg);
}

int cmd_option_error(struct att_ctx *ctx, int argc, char **argv, int c)
{
    const char *cmd = argv[0];
    const char *bad = optind - 1 < argc && optind >= 1 ? argv[optind - 1] : "?";
    char shortopt[3] = {'-', (char)optopt, '\0'};

    if (c == ':') {
        /* optopt is the option's short letter, or its val for a long option. */
        if (strncmp(bad, "--", 2) == 0) {
            size_t len = strcspn(bad, "=");
            return cmd_usage_errorf(ctx, cmd, "option '%.*s' needs a value", (int)len, bad);
        }
        return cmd_usage_errorf(ctx, cmd, "option '%s' needs a value", shortopt);
    }
    if (optopt && strncmp(bad, "--", 2) == 0 && strchr(bad, '=')) {
        /* A known long option that takes no value was given one: '--flag=x'. */
        return cmd_usage_errorf(ctx, cmd, "option '%.*s' takes no value", (int)strcspn(bad, "="),
                                bad);
    }
    if (optopt && optopt < 128 && strncmp(bad, "--", 2) != 0)
        return cmd_usage_errorf(ctx, cmd, "unknown option '%s'", shortopt);
    return cmd_usage_errorf(ctx, cmd, "unknown option '%s'", bad);
}

int cmd_parse_long(struct att_ctx *ctx, const char *cmd, const char *opt, const char *text,
                   long min, long max, long *out)
{
    char *end = NULL;
    long v;

    errno = 0;
    if (!text || !*text || (text[0] != '-' && (text[0] < '0' || text[0] > '9')))
        goto bad;
    v = strtol(text, &end, 10);
    if (errno || *end || v < min || v > max)
        goto bad;
    *out = v;
    return ATT_OK;
bad:
    return cmd_usage_errorf(ctx, cmd,
                            "option '--%s' wants a whole number from %ld to %ld, not '%s'", opt,
                            min, max, text ? text : "");
}
