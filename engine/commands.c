/*
 * engine/commands.c -- the command table (one row per command, sorted by
 * name), the dispatcher that does the set-up a command's flags ask for, and
 * the option helpers commands share.
 *
 * To add a command: `CMD_DECLARE(<name>);` in commands.h (its function and
 * its usage text, both in engine/cmd_<name>.c) and its row in
 * cmd_table_rows below, in sorted order (a unit test and `attain --help`
 * check the order).
 */
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart_kinds.h"
#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "err.h"
#include "messages.h"
#include "model.h"
#include "text.h"
#include "tools.h"
#include "xalloc.h"

#ifndef ATTAIN_VERSION
#define ATTAIN_VERSION "0.0.0"
#endif

/* clang-format off */
static const struct cmd_entry cmd_table_rows[] = {
    {"allocate", cmd_allocate, CMD_NEED_DB | CMD_WRITE_DB,
     "split a city target over its districts, or judge a split", cmd_allocate_usage},
    {"backtest", cmd_backtest, CMD_NEED_DB | CMD_WRITE_DB,
     "rolling-origin evaluation of every model on every series", cmd_backtest_usage},
    {"demo", cmd_demo, 0,
     "the bundled Panjin data set into a fresh database, and what it holds", cmd_demo_usage},
    {"forecast", cmd_forecast, CMD_NEED_DB | CMD_WRITE_DB,
     "fit, choose and forecast every series", cmd_forecast_usage},
    {"help", cmd_help, 0,
     "the program's help, or what one command does", cmd_help_usage},
    {"init", cmd_init, 0, /* opens the database itself, to say what it did */
     "create or upgrade the database", cmd_init_usage},
    {"list", cmd_list, CMD_NEED_DB,
     "what is in the database", cmd_list_usage},
    {"load", cmd_load, 0, /* reads the files first, then opens (or creates) the database */
     "load CSV files: regions, indicators, observations, targets", cmd_load_usage},
    {"plot", cmd_plot, CMD_NEED_DB | CMD_NEED_GNUPLOT,
     "one chart: {chart_names}", cmd_plot_usage},
    {"report", cmd_report, CMD_NEED_DB | CMD_WRITE_DB | CMD_NEED_GNUPLOT,
     "the bulletin for leadership: HTML, charts, CSV", cmd_report_usage},
    {"revert", cmd_revert, CMD_NEED_DB | CMD_WRITE_DB,
     "take back exactly what one load changed", cmd_revert_usage},
    {"scenario", cmd_scenario, CMD_NEED_DB | CMD_WRITE_DB,
     "what if: scenarios side by side, and what it would take", cmd_scenario_usage},
    {"targets", cmd_targets, CMD_NEED_DB | CMD_WRITE_DB,
     "will each target be met: probability, status, growth needed", cmd_targets_usage},
};
/* clang-format on */

#define CMD_COUNT (sizeof cmd_table_rows / sizeof cmd_table_rows[0])
#define CMD_MAX_OPTIONS 16 /* options of one command */

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

/* "naive, drift, ..." after `line` (the text so far of the current line). */
static void write_models(FILE *f, const char *line, size_t col)
{
    /*
     * Continuation lines start where the option's help does: after the
     * line's last run of two or more spaces.
     */
    size_t indent = 0, i, k;

    for (i = 2; i < col; i++)
        if (line[i - 2] == ' ' && line[i - 1] == ' ' && line[i] != ' ')
            indent = i;
    for (k = 0; k < MODEL_KIND_COUNT; k++) {
        const char *name = model_kind_name((enum model_kind)k);
        size_t len = strlen(name) + (k + 1 < MODEL_KIND_COUNT);

        if (col + 1 + len > CMD_USAGE_WIDTH) {
            fprintf(f, "\n%*s", (int)indent, "");
            col = indent;
        } else {
            fputc(' ', f);
            col++;
        }
        fprintf(f, "%s%s", name, k + 1 < MODEL_KIND_COUNT ? "," : "");
        col += len;
    }
}

/*
 * One line per chart kind: "  NAME  help", its help's further lines under
 * the first; the kinds that cannot be drawn yet last.
 */
static void write_charts(FILE *f)
{
    size_t k, w = 0, pass;

    for (k = 0; k < chart_n_kinds; k++)
        if (strlen(chart_kinds[k].name) > w)
            w = strlen(chart_kinds[k].name);
    for (pass = 0; pass < 2; pass++)
        for (k = 0; k < chart_n_kinds; k++) {
            const char *h = chart_kinds[k].help;

            if ((chart_kinds[k].refused != NULL) != (pass == 1))
                continue;
            fprintf(f, "  %-*s  ", (int)w, chart_kinds[k].name);
            for (; *h; h++) {
                fputc(*h, f);
                if (*h == '\n')
                    fprintf(f, "%*s", (int)w + 4, "");
            }
            fputc('\n', f);
        }
}

/* "projection, districts, ...": the kinds `attain plot` can draw. */
static void write_chart_names(FILE *f)
{
    size_t k, n = 0;

    for (k = 0; k < chart_n_kinds; k++)
        if (!chart_kinds[k].refused)
            fprintf(f, "%s%s", n++ ? ", " : "", chart_kinds[k].name);
}

void cmd_write_text(const char *text, FILE *f)
{
    const char *line = text, *p;

    for (p = text; *p; p++) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            size_t n = end ? (size_t)(end - p + 1) : 0;

            if (n == 8 && strncmp(p, "{models}", n) == 0) {
                write_models(f, line, (size_t)(p - line));
                p = end;
                continue;
            }
            if (n == 8 && strncmp(p, "{charts}", n) == 0) {
                write_charts(f);
                p = end;
                line = end + 1;
                continue;
            }
            if (n == 13 && strncmp(p, "{chart_names}", n) == 0) {
                write_chart_names(f);
                p = end;
                continue;
            }
        }
        fputc(*p, f);
        if (*p == '\n')
            line = p + 1;
    }
}

void cmd_print_usage(const struct cmd_entry *cmd, FILE *f)
{
    cmd_write_text(cmd->usage, f);
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
    for (i = 0; i < CMD_COUNT; i++) {
        fprintf(f, "  %-*s  ", (int)w, cmd_table_rows[i].name);
        cmd_write_text(cmd_table_rows[i].summary, f);
        fputc('\n', f);
    }
    fputs("\n"
          "global options (before or after the command):\n"
          "  --db PATH        the database (default $ATTAIN_DB, else ./attain.db)\n"
          "  --format FMT     table (default), csv or json; xlsx for 'attain targets --out'\n"
          "  --excel          csv for Excel: starts with a UTF-8 byte order mark, so that\n"
          "                   Excel shows the Chinese names (implies --format csv)\n"
          "  --lang LANG      labels in zh (default) or en\n"
          "  --seed N         seed of all randomness (default 1)\n"
          "  --paths N        simulated futures per series (default 2000)\n"
          "  --threads N      worker threads (default: the processors online, at most 8)\n"
          "  -h, --help       this help; 'attain help COMMAND' or 'attain COMMAND --help'\n"
          "                   for a command's\n"
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
            oflags |= DB_OPEN_WRITE | DB_OPEN_RECORD; /* they write only the run's record */
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

/*
 * The known long option nearest to `bad` ("--as-off", maybe with "=value"),
 * among the command's and the global ones, into out as "--as-of"; false if
 * none is close (at most 2 edits, and fewer than half the name's letters).
 */
static bool nearest_option(const char *bad, const struct option *longopts, char *out, size_t size)
{
    static const char *const globals[] = {"db",      "format", "lang", "seed",   "paths",
                                          "threads", "excel",  "help", "version"};
    char name[64];
    const char *best = NULL;
    size_t best_d = 3, i, len = strcspn(bad + 2, "=");

    if (len == 0 || len >= sizeof name)
        return false;
    memcpy(name, bad + 2, len);
    name[len] = '\0';
    for (i = 0; longopts && longopts[i].name; i++) {
        size_t d = text_distance(name, longopts[i].name);
        if (d < best_d && 2 * d < strlen(longopts[i].name)) {
            best_d = d;
            best = longopts[i].name;
        }
    }
    for (i = 0; i < sizeof globals / sizeof globals[0]; i++) {
        size_t d = text_distance(name, globals[i]);
        if (d < best_d && 2 * d < strlen(globals[i])) {
            best_d = d;
            best = globals[i];
        }
    }
    if (!best)
        return false;
    snprintf(out, size, "--%s", best);
    return true;
}

int cmd_option_error(struct att_ctx *ctx, int argc, char **argv, int c,
                     const struct option *longopts)
{
    char near[80];
    const char *cmd = argv[0];
    const char *bad = optind - 1 < argc && optind >= 1 ? argv[optind - 1] : "?";
    char shortopt[3] = {'-', (char)optopt, '\0'};

    if (c == ':') {
        /* optopt is the option's short letter, or its val for a long option. */
        if (strncmp(bad, "--", 2) == 0) {
            size_t len = strcspn(bad, "=");
            return cmd_usage_errorf(ctx, cmd, tr("option '%.*s' needs a value"), (int)len, bad);
        }
        return cmd_usage_errorf(ctx, cmd, tr("option '%s' needs a value"), shortopt);
    }
    if (optopt && strncmp(bad, "--", 2) == 0 && strchr(bad, '=')) {
        /* A known long option that takes no value was given one: '--flag=x'. */
        return cmd_usage_errorf(ctx, cmd, tr("option '%.*s' takes no value"),
                                (int)strcspn(bad, "="), bad);
    }
    if (optopt && optopt < 128 && strncmp(bad, "--", 2) != 0)
        return cmd_usage_errorf(ctx, cmd, tr("unknown option '%s'"), shortopt);
    if (strncmp(bad, "--", 2) == 0 && nearest_option(bad, longopts, near, sizeof near))
        return cmd_usage_errorf(ctx, cmd, tr("unknown option '%.*s' (did you mean '%s'?)"),
                                (int)strcspn(bad, "="), bad, near);
    return cmd_usage_errorf(ctx, cmd, tr("unknown option '%s'"), bad);
}

int cmd_parse_long(struct att_ctx *ctx, const char *cmd, const char *opt, const char *text,
                   long min, long max, long *out)
{
    bool neg = text && text[0] == '-';
    unsigned long long u = 0;

    if (text && text_whole(text + neg, &u) && u <= LONG_MAX) {
        long v = neg ? -(long)u : (long)u;

        if (v >= min && v <= max) {
            *out = v;
            return ATT_OK;
        }
    }
    return cmd_usage_errorf(ctx, cmd,
                            tr("option '--%s' wants a whole number from %ld to %ld, not '%s'"), opt,
                            min, max, text ? text : "");
}

/* A period as load reads it ('2021', '2021-06', '2021-6'), canonical into out[8]. */
static int parse_period(struct att_ctx *ctx, const char *cmd, const char *opt, const char *text,
                        char *out)
{
    if (!text_period(text, out, NULL, NULL))
        return cmd_usage_errorf(ctx, cmd, tr("option '--%s' wants YYYY or YYYY-MM, not '%s'"), opt,
                                text);
    return ATT_OK;
}

int cmd_parse_as_of(struct att_ctx *ctx, const char *cmd, const char *text, char out[8])
{
    return parse_period(ctx, cmd, "as-of", text, out);
}

int cmd_opt_list_add(struct att_ctx *ctx, const char *cmd, struct cmd_opt_list *l,
                     const char *value)
{
    if (l->n == l->max)
        return cmd_usage_errorf(ctx, cmd, tr("at most %zu %s"), l->max, tr(l->too_many));
    l->v[l->n++] = value;
    return ATT_OK;
}

int cmd_parse_real(struct att_ctx *ctx, const char *cmd, const char *opt, const char *text,
                   double *out)
{
    char *end;

    errno = 0;
    *out = strtod(text, &end);
    if (end == text || *end || errno || !isfinite(*out))
        return cmd_usage_errorf(ctx, cmd, tr("option '--%s' wants a number, not '%s'"), opt, text);
    return ATT_OK;
}

/* One of o->choices: "wants A or B" / "wants A, B or C". */
static int parse_choice(struct att_ctx *ctx, const char *cmd, const struct cmd_opt *o,
                        const char *text)
{
    char list[160];
    size_t k, n, len = 0;

    for (n = 0; o->choices[n]; n++)
        if (strcmp(o->choices[n], text) == 0) {
            *(int *)o->out = (int)n;
            return ATT_OK;
        }
    list[0] = '\0';
    for (k = 0; k < n && len < sizeof list; k++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                k == 0       ? ""
                                : k + 1 == n ? tr(" or ")
                                             : tr(", "),
                                o->choices[k]);
    return cmd_usage_errorf(ctx, cmd, tr("option '--%s' wants %s, not '%s'"), o->name, list, text);
}

int cmd_parse_options(struct att_ctx *ctx, int argc, char **argv, const struct cmd_opt *opts,
                      size_t n, int max_operands)
{
    struct option longopts[CMD_MAX_OPTIONS + 1];
    const char *cmd = argv[0];
    size_t i;
    int c, rc;

    assert(n <= CMD_MAX_OPTIONS);
    for (i = 0; i < n && i < CMD_MAX_OPTIONS; i++)
        longopts[i] = (struct option){
            opts[i].name, opts[i].type == CMD_OPT_FLAG ? no_argument : required_argument, NULL,
            (int)i + 1};
    longopts[i] = (struct option){NULL, 0, NULL, 0};
    cmd_getopt_reset();
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        const struct cmd_opt *o;

        if (c < 1 || (size_t)c > n)
            return cmd_option_error(ctx, argc, argv, c, longopts);
        o = &opts[c - 1];
        rc = ATT_OK;
        switch (o->type) {
        case CMD_OPT_DIR:
            if (!*optarg)
                return cmd_usage_errorf(ctx, cmd, tr("option '--%s' needs a directory"), o->name);
            *(const char **)o->out = optarg;
            break;
        case CMD_OPT_PERIOD:
            rc = parse_period(ctx, cmd, o->name, optarg, (char *)o->out);
            break;
        case CMD_OPT_LONG:
            rc = cmd_parse_long(ctx, cmd, o->name, optarg, o->min, o->max, (long *)o->out);
            break;
        case CMD_OPT_FLAG:
            *(bool *)o->out = true;
            break;
        case CMD_OPT_LIST:
            rc = cmd_opt_list_add(ctx, cmd, o->out, optarg);
            break;
        case CMD_OPT_REAL:
            rc = cmd_parse_real(ctx, cmd, o->name, optarg, (double *)o->out);
            break;
        case CMD_OPT_CHOICE:
            rc = parse_choice(ctx, cmd, o, optarg);
            break;
        case CMD_OPT_FN:
            rc = o->parse(ctx, cmd, o, optarg);
            break;
        default:
            *(const char **)o->out = optarg;
            break;
        }
        if (rc)
            return rc;
    }
    if (argc - optind > max_operands)
        return cmd_usage_errorf(ctx, cmd, tr("unexpected argument '%s'"),
                                argv[optind + max_operands]);
    return ATT_OK;
}
