/*
 * engine/main.c -- the program: parse the global options wherever they appear, hand the rest to the
 * command, print the command's one error message, and turn a failed write to stdout into exit
 * 74.  exit() is called only here (and on the OOM path of xalloc.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "commands.h"
#include "ctx.h"
#include "messages.h"
#include "status.h"
#include "text.h"
#include "xalloc.h"

/* What main() itself needs besides struct att_ctx. */
struct main_opts {
    bool help;
    bool version;
    bool format_given; /* --format appeared */
};

/* Parse a global option's whole-number value in [min, max]. */
static int parse_count(struct att_ctx *ctx, const char *opt, const char *text,
                       unsigned long long min, unsigned long long max, unsigned long long *out)
{
    unsigned long long v = 0;

    if (text_whole(text, &v) && v >= min && v <= max) {
        *out = v;
        return ATT_OK;
    }
    return att_errf(&ctx->err, ATT_EUSAGE,
                    tr("option '%s' wants a whole number from %llu to %llu, not '%s'"), opt, min,
                    max, text);
}

/*
 * Handle global option argv[*i] if it is one; *i is advanced past its value.
 * Returns 1 if it was a global option, 0 if not, -1 on error (the message
 * and status are in ctx->err).
 */
static int global_option(struct att_ctx *ctx, struct main_opts *mo, int argc, char **argv, int *i)
{
    static const char *const valued[] = {"--db",   "--format", "--lang",
                                         "--seed", "--paths",  "--threads"};
    const char *arg = argv[*i];
    const char *name = NULL;
    const char *value = NULL;
    size_t k;
    unsigned long long v = 0;

    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
        mo->help = true;
        return 1;
    }
    if (strcmp(arg, "--version") == 0) {
        mo->version = true;
        return 1;
    }
    if (strcmp(arg, "--excel") == 0) {
        ctx->excel = true;
        return 1;
    }
    for (k = 0; k < sizeof valued / sizeof valued[0]; k++) {
        size_t len = strlen(valued[k]);
        if (strncmp(arg, valued[k], len) == 0 && (arg[len] == '\0' || arg[len] == '=')) {
            name = valued[k];
            if (arg[len] == '=') {
                value = arg + len + 1;
            } else if (*i + 1 < argc) {
                value = argv[++*i];
            }
            break;
        }
    }
    if (!name)
        return 0;
    if (!value) {
        att_errf(&ctx->err, ATT_EUSAGE, tr("option '%s' needs a value"), name);
        return -1;
    }
    if (strcmp(name, "--db") == 0) {
        if (!*value) {
            att_errf(&ctx->err, ATT_EUSAGE, tr("option '--db' needs a file name"));
            return -1;
        }
        ctx->db_path = value;
    } else if (strcmp(name, "--format") == 0) {
        mo->format_given = true;
        if (strcmp(value, "table") == 0)
            ctx->format = ATT_FMT_TABLE;
        else if (strcmp(value, "csv") == 0)
            ctx->format = ATT_FMT_CSV;
        else if (strcmp(value, "json") == 0)
            ctx->format = ATT_FMT_JSON;
        else if (strcmp(value, "xlsx") == 0)
            ctx->format = ATT_FMT_XLSX;
        else {
            att_errf(&ctx->err, ATT_EUSAGE,
                     tr("option '--format' wants 'table', 'csv', 'json' or 'xlsx', not '%s'"),
                     value);
            return -1;
        }
    } else if (strcmp(name, "--lang") == 0) {
        if (strcmp(value, "zh") == 0)
            att_msg_lang(ctx->lang = ATT_LANG_ZH);
        else if (strcmp(value, "en") == 0)
            att_msg_lang(ctx->lang = ATT_LANG_EN);
        else {
            att_errf(&ctx->err, ATT_EUSAGE, tr("option '--lang' wants 'zh' or 'en', not '%s'"),
                     value);
            return -1;
        }
    } else if (strcmp(name, "--seed") == 0) {
        if (parse_count(ctx, name, value, 0, ULONG_MAX, &v))
            return -1;
        ctx->seed = (unsigned long)v;
    } else if (strcmp(name, "--paths") == 0) {
        if (parse_count(ctx, name, value, 1, 1000000, &v))
            return -1;
        ctx->paths = (size_t)v;
    } else {
        if (parse_count(ctx, name, value, 1, 256, &v))
            return -1;
        ctx->threads = (size_t)v;
    }
    return 1;
}

/*
 * The language of --lang before anything else is parsed, so that a message
 * about an option written before it (attain --seed x --lang en) follows it
 * too; main's own parse sets it again.  A bad --lang value leaves Chinese.
 */
static void early_lang(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *v = NULL;

        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            v = argv[++i];
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            v = argv[i] + 7;
        if (v && strcmp(v, "en") == 0)
            att_msg_lang(ATT_LANG_EN);
        else if (v && strcmp(v, "zh") == 0)
            att_msg_lang(ATT_LANG_ZH);
    }
}

/* Print the recorded error: located messages as is, others as "attain: msg". */
static void print_error(const struct att_err *err)
{
    if (!err->set)
        return;
    if (err->located)
        fprintf(stderr, "%s\n", err->msg);
    else
        fprintf(stderr, "attain: %s\n", err->msg);
}

/*
 * --threads defaults to the processors online (at most 8): output is the
 * same whatever the number, so there is no reason to leave a core idle.
 */
static size_t default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    if (n < 1)
        return 1;
    return n > 8 ? 8 : (size_t)n;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();

    struct att_ctx ctx;
    struct main_opts mo = {false, false, false};
    const struct cmd_entry *cmd = NULL;
    char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0;
    int rc = ATT_OK;
    int i;
    const char *env_db = getenv("ATTAIN_DB");

    memset(&ctx, 0, sizeof ctx);
    ctx.db_path = env_db && *env_db ? env_db : "./attain.db";
    ctx.format = ATT_FMT_TABLE;
    ctx.lang = ATT_LANG_ZH;
    ctx.seed = 1;
    ctx.paths = 2000;
    ctx.threads = default_threads();
    early_lang(argc, argv);

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            /* Everything after "--" belongs to the command, "--" included. */
            for (; i < argc; i++)
                rest[nrest++] = argv[i];
            break;
        }
        int g = global_option(&ctx, &mo, argc, argv, &i);
        if (g < 0) {
            rc = ctx.err.code;
            goto out;
        }
        if (g == 0)
            rest[nrest++] = argv[i];
    }
    rest[nrest] = NULL;

    /* --excel is csv for Excel: csv by itself, and nothing else. */
    if (ctx.excel && !mo.format_given)
        ctx.format = ATT_FMT_CSV;
    if (ctx.excel && ctx.format != ATT_FMT_CSV) {
        rc = att_errf(&ctx.err, ATT_EUSAGE,
                      tr("option '--excel' writes csv; it cannot go with "
                         "--format %s"),
                      ctx.format == ATT_FMT_JSON   ? "json"
                      : ctx.format == ATT_FMT_XLSX ? "xlsx"
                                                   : "table");
        goto out;
    }
    if (mo.version) {
        printf("attain %s\n", att_version());
        goto out;
    }
    if (nrest == 0) {
        if (mo.help) {
            cmd_print_help(stdout);
        } else {
            rc = att_errf(&ctx.err, ATT_EUSAGE, tr("no command given (see 'attain --help')"));
        }
        goto out;
    }
    if (rest[0][0] == '-' && strcmp(rest[0], "--") != 0) {
        /* Before the command name only global options are known. */
        rc = att_errf(&ctx.err, ATT_EUSAGE, tr("unknown option '%s' (see 'attain --help')"),
                      rest[0]);
        goto out;
    }
    cmd = cmd_find(rest[0]);
    if (!cmd) {
        const char *near = cmd_nearest(rest[0]);
        if (near)
            rc = att_errf(&ctx.err, ATT_EUSAGE, tr("unknown command '%s' (did you mean '%s'?)"),
                          rest[0], near);
        else
            rc = att_errf(&ctx.err, ATT_EUSAGE, tr("unknown command '%s' (see 'attain --help')"),
                          rest[0]);
        goto out;
    }
    if (mo.help) {
        cmd_print_usage(cmd, stdout);
        goto out;
    }
    if (ctx.format == ATT_FMT_XLSX && strcmp(cmd->name, "targets") != 0) {
        rc = att_errf(&ctx.err, ATT_EUSAGE,
                      tr("'--format xlsx' is for 'attain targets --format xlsx --out FILE' only"));
        goto out;
    }
    rc = cmd_run(cmd, nrest, rest, &ctx);
    if (rc != ATT_OK && !ctx.err.set)
        att_errf(&ctx.err, rc, tr("%s failed"), cmd->name);

out:
    /*
     * A result that did not reach its reader is a failure (exit 74), but a
     * command's own error comes first: one failure, one message.
     */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno;
        if (rc == ATT_OK)
            rc = att_errf(&ctx.err, ATT_EIO, tr("cannot write output: %s"), strerror(e));
    }
    if (fclose(stdout) != 0 && rc == ATT_OK)
        rc = att_errf(&ctx.err, ATT_EIO, tr("cannot write output: %s"), strerror(errno));
    print_error(&ctx.err);
    free(rest);
    return rc;
}
