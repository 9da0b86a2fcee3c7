/*
 * engine/commands.h -- the command table and the helpers every command uses
 * to parse its own options (STYLE.md section 2).
 *
 * main() parses the global options (--db, --format, --lang, --seed, --paths,
 * --threads, --help, --version) wherever they appear, before or after the
 * command name, into struct att_ctx, and hands the rest of the command line
 * to the command: argv[0] is the command name, argv[1..] its own arguments.
 * The dispatcher (cmd_run) does the shared set-up the command's flags ask
 * for -- open the database, find gnuplot -- before calling it.
 *
 * A command parses its own options like this:
 *
 *     static const char usage[] = "attain list KIND [--region R] [--indicator I]\n...";
 *     static const struct option longopts[] = { {"region", required_argument, NULL, 'r'}, ...};
 *     int c;
 *     cmd_getopt_reset();
 *     while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
 *         switch (c) {
 *         case 'r': region = optarg; break;
 *         default: return cmd_option_error(ctx, argc, argv, c);
 *         }
 *     }
 *
 * `attain CMD --help` never reaches the command: main() prints the
 * command's usage text from the table and exits 0.
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
    const char *summary;                                   /* one line for `attain --help` */
    const char *usage; /* full usage text for `attain CMD --help`, ends in '\n' */
};

/* The commands, one declaration each (engine/cmd_<name>.c). */
int cmd_allocate(int argc, char **argv, struct att_ctx *ctx);
int cmd_backtest(int argc, char **argv, struct att_ctx *ctx);
int cmd_demo(int argc, char **argv, struct att_ctx *ctx);
int cmd_forecast(int argc, char **argv, struct att_ctx *ctx);
int cmd_init(int argc, char **argv, struct att_ctx *ctx);
int cmd_list(int argc, char **argv, struct att_ctx *ctx);
int cmd_load(int argc, char **argv, struct att_ctx *ctx);
int cmd_plot(int argc, char **argv, struct att_ctx *ctx);
int cmd_report(int argc, char **argv, struct att_ctx *ctx);
int cmd_scenario(int argc, char **argv, struct att_ctx *ctx);
int cmd_targets(int argc, char **argv, struct att_ctx *ctx);

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

/* Print a command's usage text to f (what `attain CMD --help` prints). */
void cmd_print_usage(const struct cmd_entry *cmd, FILE *f);

/* Print the program's help (global options and every command) to `f`. */
void cmd_print_help(FILE *f);

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
 *   "attain forecast: option '--region' needs a value"
 * Returns ATT_EUSAGE.  The message is printed as is (no "attain: " prefix).
 */
int cmd_option_error(struct att_ctx *ctx, int argc, char **argv, int c);

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

#endif /* ATTAIN_ENGINE_COMMANDS_H */
