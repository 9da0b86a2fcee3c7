/*
 * engine/commands.h -- the command table and the helpers every command uses
 * to parse its own options.
 *
 * main() parses the global options (--db, --format, --lang, --seed, --paths,
 * --threads, --help, --version) wherever they appear, before or after the
 * command name, into struct att_ctx, and hands the rest of the command line
 * to the command: argv[0] is the command name, argv[1..] its own arguments.
 * The dispatcher (cmd_run) does the shared set-up the command's flags ask
 * for -- open the database, find gnuplot -- before calling it.
 *
 * Adding a command `frob` takes three places:
 *   1. engine/cmd_frob.c, with `int cmd_frob(...)` and, beside its options,
 *      its usage text (as git keeps the usage strings of builtin/<cmd>.c next to their
 *      struct option):
 *
 *     const char cmd_frob_usage[] =
 *         "usage: attain frob [--region R] [--model M]\n"
 *         "\n"
 *         "What it does, in a sentence or two.\n"
 *         "\n"
 *         "  --region R       only region R (code or Chinese name)\n"
 *         "  --model M        auto (default), combo,{models}\n";
 *
 *     int cmd_frob(int argc, char **argv, struct att_ctx *ctx)
 *     {
 *         const char *region = NULL, *model = NULL;
 *         const struct cmd_opt opts[] = {
 *             {"region", CMD_OPT_TEXT, &region, 0, 0, NULL, NULL},
 *             {"model", CMD_OPT_TEXT, &model, 0, 0, NULL, NULL}};
 *         int rc = cmd_parse_options(ctx, argc, argv, opts, 2, 0);
 *         if (rc)
 *             return rc;
 *         ...
 *     }
 *
 *    Every command parses its options so (forecast-like commands add the
 *    shared rows of pipe_cli_options), so that the messages and "did you
 *    mean" are the same everywhere.
 *
 *   2. `CMD_DECLARE(frob);` below (declares cmd_frob and cmd_frob_usage);
 *   3. its row in engine/commands.c's table, in sorted order:
 *      {"frob", cmd_frob, CMD_NEED_DB, "one-line summary", cmd_frob_usage}.
 *
 * Lists that other tables own are not typed into usage text or summaries:
 * cmd_write_text replaces
 *   {models}       by the model names of models/model.c, wrapped under the
 *                  option's help ("auto (default), combo,{models}");
 *   {charts}       at the start of a line, by one line per chart kind with its
 *                  help (engine/chart_kinds.c);
 *   {chart_names}  by the chart kinds `attain plot` can draw, comma-separated.
 *
 * `attain CMD --help` never reaches the command: main() prints the
 * command's usage text (cmd_print_usage) and exits 0.
 */
#ifndef ATTAIN_ENGINE_COMMANDS_H
#define ATTAIN_ENGINE_COMMANDS_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

struct att_ctx;

/* Set-up the dispatcher does before calling a command. */
enum cmd_flags {
    CMD_NEED_DB = 1 << 0,      /* open ctx->db (the file must exist, schema current) */
    CMD_WRITE_DB = 1 << 1,     /* with CMD_NEED_DB: open it read-write (else read-only) */
    CMD_NEED_GNUPLOT = 1 << 2, /* gnuplot must be on PATH (else exit 69) */
    CMD_CREATE_DB = 1 << 3,    /* with CMD_NEED_DB: create a missing file, upgrade the schema */
};

struct cmd_entry {
    const char *name;                                      /* "forecast" */
    int (*fn)(int argc, char **argv, struct att_ctx *ctx); /* returns an att_status */
    unsigned flags;                                        /* enum cmd_flags */
    const char *summary; /* one line for `attain --help` (may hold {chart_names}) */
    const char *usage;   /* cmd_<name>_usage: `attain CMD --help`, ends in '\n' */
};

/* A command's two declarations: its function and its usage text (engine/cmd_<name>.c). */
#define CMD_DECLARE(name)                                                                          \
    int cmd_##name(int argc, char **argv, struct att_ctx *ctx);                                    \
    extern const char cmd_##name##_usage[]

CMD_DECLARE(allocate);
CMD_DECLARE(backtest);
CMD_DECLARE(demo);
CMD_DECLARE(forecast);
CMD_DECLARE(help);
CMD_DECLARE(init);
CMD_DECLARE(list);
CMD_DECLARE(load);
CMD_DECLARE(plot);
CMD_DECLARE(report);
CMD_DECLARE(revert);
CMD_DECLARE(scenario);
CMD_DECLARE(targets);

/* The version string, e.g. "0.1.0". */
const char *att_version(void);

/* The command table, sorted by name; *n (out) gets the number of entries. */
const struct cmd_entry *cmd_table(size_t *n);

/* The entry named `name`, or NULL. */
const struct cmd_entry *cmd_find(const char *name);

/*
 * The known command nearest to `name` by edit distance (for "did you mean"),
 * or NULL if none is reasonably close.
 */
const char *cmd_nearest(const char *name);

/*
 * Run a command: argv[0] is its name.  Does the set-up of its flags (opens
 * ctx->db, finds gnuplot), calls it, and closes ctx->db.  Returns an
 * att_status; a failure has its message in ctx->err.  Does not flush stdout
 * (main does).
 */
int cmd_run(const struct cmd_entry *cmd, int argc, char **argv, struct att_ctx *ctx) ATT_MUST_CHECK;

/* Usage text is written for terminals of 80 columns: lines of at most 79. */
#define CMD_USAGE_WIDTH 79

/*
 * Write usage or summary text to f, with {models}, {charts} and
 * {chart_names} replaced by the lists of their tables (see the top of this
 * file); any other text, braces included, is written as it is.
 */
void cmd_write_text(const char *text, FILE *f);

/* Print a command's usage text to f (what `attain CMD --help` prints). */
void cmd_print_usage(const struct cmd_entry *cmd, FILE *f);

/* Print the program's help (global options and every command) to `f`. */
void cmd_print_help(FILE *f);

/* What an option of a command takes (struct cmd_opt). */
enum cmd_opt_type {
    CMD_OPT_TEXT,   /* any text: *(const char **)out = the value */
    CMD_OPT_DIR,    /* non-empty text, else "option '--out' needs a directory" */
    CMD_OPT_PERIOD, /* a period as load reads it (cmd_parse_as_of): canonical into (char *)out,
                       a char[8] ('2021-6' -> '2021-06') */
    CMD_OPT_LONG,   /* a whole number in [min, max] (cmd_parse_long): *(long *)out */
    CMD_OPT_FLAG,   /* takes no value: *(bool *)out = true */
    CMD_OPT_LIST,   /* any text, repeatable: appended to *(struct cmd_opt_list *)out */
    CMD_OPT_REAL,   /* a finite number: *(double *)out, else "option '--total' wants a number" */
    CMD_OPT_CHOICE, /* one of choices[] (NULL-ended): *(int *)out = its index, else
                       "option '--kind' wants level or increment, not 'stock'" */
    CMD_OPT_FN,     /* the row's own parse(ctx, cmd, row, value), which stores into out */
};

/* Where a CMD_OPT_LIST option's values go: v[0..n), at most max of them. */
struct cmd_opt_list {
    const char **v;
    size_t n, max;
    const char *too_many; /* "scenarios fit one chart": "at most 7 scenarios fit one chart" */
};

/* One option of a command: --name VALUE, or --name alone for a CMD_OPT_FLAG. */
struct cmd_opt {
    const char *name; /* "region" for --region */
    enum cmd_opt_type type;
    void *out;                  /* where the value goes (see the type) */
    long min, max;              /* CMD_OPT_LONG */
    const char *const *choices; /* CMD_OPT_CHOICE */
    int (*parse)(struct att_ctx *ctx, const char *cmd, const struct cmd_opt *opt,
                 const char *value); /* CMD_OPT_FN: ATT_OK, or ATT_EUSAGE with the message */
};

/* Append value to l, or "at most <max> <too_many>" (ATT_EUSAGE): a CMD_OPT_LIST's step. */
int cmd_opt_list_add(struct att_ctx *ctx, const char *cmd, struct cmd_opt_list *l,
                     const char *value) ATT_MUST_CHECK;

/*
 * Parse the options of command argv[0] by the table opts[0..n) with
 * getopt_long, storing each value where its row says, and allow at most
 * `max_operands` operands after them.  Returns ATT_OK with optind at the
 * first operand, or ATT_EUSAGE with the message in ctx->err (an unknown
 * option, a missing or bad value, "unexpected argument 'x'").
 */
int cmd_parse_options(struct att_ctx *ctx, int argc, char **argv, const struct cmd_opt *opts,
                      size_t n, int max_operands) ATT_MUST_CHECK;

/*
 * Reset getopt_long for a command's own options (optind, opterr = 0 so
 * getopt prints nothing).  Use the optstring ":" (plus short options) so a
 * missing value is reported as ':'.
 */
void cmd_getopt_reset(void);

/*
 * Record the usage error getopt_long just reported (c is '?' or ':', or an
 * unexpected option value) for command argv[0]:
 *   "attain forecast: unknown option '--x'"
 *   "attain targets: unknown option '--as-off' (did you mean '--as-of'?)"
 * longopts (the command's own, ended by a zero row) and the global options
 * are the candidates of the suggestion.
 *   "attain forecast: option '--region' needs a value"
 * Returns ATT_EUSAGE.  The message is printed as is (no "attain: " prefix).
 */
struct option;
int cmd_option_error(struct att_ctx *ctx, int argc, char **argv, int c,
                     const struct option *longopts);

/*
 * Record a usage error for command `cmd`: "attain <cmd>: <message>".
 * Returns ATT_EUSAGE.
 */
int cmd_usage_errorf(struct att_ctx *ctx, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Parse the value of option `opt` of command `cmd` as a whole number in
 * [min, max] (decimal, no sign for min >= 0, nothing trailing).  On error
 * records "attain <cmd>: option '--<opt>' wants a whole number from <min>
 * to <max>, not '<text>'" and returns ATT_EUSAGE.
 */
int cmd_parse_long(struct att_ctx *ctx, const char *cmd, const char *opt, const char *text,
                   long min, long max, long *out) ATT_MUST_CHECK;

/*
 * Parse the value of option `opt` of command `cmd` as a finite number,
 * nothing trailing.  On error records "attain <cmd>: option '--<opt>' wants
 * a number, not '<text>'" and returns ATT_EUSAGE.
 */
int cmd_parse_real(struct att_ctx *ctx, const char *cmd, const char *opt, const char *text,
                   double *out) ATT_MUST_CHECK;

/*
 * Parse the value of --as-of of command `cmd` as load reads a period
 * ('2021', '2021-06', also '2021-6'): the canonical 'YYYY' or 'YYYY-MM'
 * into out.  On error records "attain <cmd>: option '--as-of' wants YYYY or
 * YYYY-MM, not '<text>'" and returns ATT_EUSAGE.
 */
int cmd_parse_as_of(struct att_ctx *ctx, const char *cmd, const char *text,
                    char out[8]) ATT_MUST_CHECK;

#endif /* ATTAIN_ENGINE_COMMANDS_H */
