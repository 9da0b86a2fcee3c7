/*
 * engine/cmd_load.c -- `attain load FILE...`: read the files, then load them
 * all in one transaction (load.h) into the database, created if missing.
 * The files are checked before the database is opened, so a missing file
 * (exit 66) leaves no trace; a database created for a load that then fails
 * is removed again.  The loader reads each file as it goes (load.h); piped
 * input is first copied to a temporary file.  Prints one summary line per
 * file and one for the load on stdout; the one error, if any, goes to stderr through main.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "load.h"
#include "messages.h"
#include "xalloc.h"

/*
 * A pipe or FIFO (`attain load /dev/stdin`) can be read only once, but the
 * loader reads a file more than once (text_probe, then the rows, and again
 * for the first place of a key given twice).  Its bytes are copied, a piece
 * at a time, to a temporary file in $TMPDIR (or /tmp), removed at once and
 * kept open; the loader reads it through /proc/self/fd, which opens the
 * file itself anew.  So piped input is loaded exactly as the same file on
 * disk would be, in the same bounded memory.
 */
struct spool {
    int fd;     /* the temporary file, or -1 */
    char *path; /* /proc/self/fd/N (owned) */
};

static int spool_copy(FILE *in, const char *name, struct spool *sp, struct att_err *err)
{
    const char *dir = getenv("TMPDIR");
    char *tmpl = xasprintf("%s/attain-load-XXXXXX", dir && *dir ? dir : "/tmp");
    char *buf = NULL;
    int rc = ATT_OK;

    sp->fd = mkstemp(tmpl);
    if (sp->fd < 0) {
        rc = att_errf(err, att_status_errno(errno), tr("cannot create '%s': %s"), tmpl,
                      strerror(errno));
        goto out;
    }
    (void)unlink(tmpl);
    buf = xmalloc(1u << 16);
    for (;;) {
        size_t got = fread(buf, 1, 1u << 16, in);
        size_t done = 0;

        if (got == 0) {
            if (ferror(in))
                rc = att_errf(err, att_status_errno(errno), tr("cannot read '%s': %s"), name,
                              strerror(errno));
            break;
        }
        while (done < got) {
            ssize_t w = write(sp->fd, buf + done, got - done);

            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                rc = att_errf(err, att_status_errno(w < 0 ? errno : 0), tr("cannot write '%s': %s"),
                              tmpl, w < 0 ? strerror(errno) : "short write");
                goto out;
            }
            done += (size_t)w;
        }
    }
    sp->path = xasprintf("/proc/self/fd/%d", sp->fd);
out:
    free(buf);
    free(tmpl);
    return rc;
}

/*
 * Check that `path` can be read before the database is touched: a missing
 * file or a directory is exit 66 and leaves no trace.  The loader reads it;
 * anything but a regular file is first copied to *sp (see struct spool).
 */
static int check_input(const char *path, struct spool *sp, struct att_err *err)
{
    FILE *fp = fopen(path, "rb");
    struct stat st;
    int rc = ATT_OK;

    if (!fp)
        return att_errf(err, ATT_ENOINPUT, tr("cannot open '%s': %s"), path, strerror(errno));
    if (fstat(fileno(fp), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            rc = att_errf(err, ATT_ENOINPUT, tr("cannot read '%s': %s"), path, strerror(EISDIR));
        else if (!S_ISREG(st.st_mode))
            rc = spool_copy(fp, path, sp, err);
    }
    fclose(fp);
    return rc;
}

static void print_summary(const char *name, const struct load_summary *s)
{
    const char *kind = s->kind == LOAD_OBSERVATIONS_WIDE ? "observations" : load_kind_name(s->kind);
    bool zh = att_msg_current_lang() == ATT_LANG_ZH;

    printf("%s: %s", name, tr(kind));
    if (s->kind == LOAD_OBSERVATIONS_WIDE || strcmp(s->encoding, "UTF-8") != 0)
        printf(zh ? "（%s%s%s）" : " (%s%s%s)", s->kind == LOAD_OBSERVATIONS_WIDE ? tr("wide") : "",
               s->kind == LOAD_OBSERVATIONS_WIDE && strcmp(s->encoding, "UTF-8") != 0
                   ? (zh ? "，" : ", ")
                   : "",
               strcmp(s->encoding, "UTF-8") != 0 ? s->encoding : "");
    printf(tr(": %zu new, %zu changed, %zu unchanged"), s->added, s->changed, s->unchanged);
    if (s->kind == LOAD_OBSERVATIONS_WIDE)
        printf(tr(", %zu empty cells"), s->empty);
    putchar('\n');
}

/* `attain load --help`: its usage, next to its options (commands.h). */
/* clang-format off */
const char cmd_load_usage[] =
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
    "Errors are FILE:LINE:COLUMN: message, exit status 65.\n";
/* clang-format on */

int cmd_load(int argc, char **argv, struct att_ctx *ctx)
{
    struct load_input *in = NULL;
    struct load_summary *sums = NULL;
    struct spool *spools = NULL;
    struct sqlite3 *db = NULL;
    struct stat st;
    bool created = false;
    int64_t load_id = 0;
    size_t n = 0;
    size_t i;
    int rc = ATT_OK;

    if ((rc = cmd_parse_options(ctx, argc, argv, NULL, 0, INT_MAX)))
        return rc;
    if (optind >= argc)
        return cmd_usage_errorf(ctx, "load", tr("no FILE to load (see 'attain load --help')"));

    n = (size_t)(argc - optind);
    in = xcalloc(n, sizeof *in);
    sums = xcalloc(n, sizeof *sums);
    spools = xcalloc(n, sizeof *spools);
    for (i = 0; i < n; i++)
        spools[i].fd = -1;
    for (i = 0; i < n; i++) {
        in[i].name = argv[optind + (int)i];
        if ((rc = check_input(in[i].name, &spools[i], &ctx->err)) != ATT_OK)
            goto out;
        in[i].path = spools[i].path ? spools[i].path : in[i].name;
    }
    created = stat(ctx->db_path, &st) != 0 && errno == ENOENT;
    if ((rc = db_open(ctx->db_path, DB_OPEN_WRITE | DB_OPEN_CREATE | DB_OPEN_ONE_THREAD, &db,
                      &ctx->err)) != ATT_OK)
        goto out;
    if ((rc = load_files(db, in, n, sums, &load_id, &ctx->err)) != ATT_OK)
        goto out;
    for (i = 0; i < n; i++)
        print_summary(in[i].name, &sums[i]);
    printf(tr("load %lld done\n"), (long long)load_id);
out:
    db_close(db);
    /* A failed load leaves no trace, not even the empty database it created. */
    if (rc != ATT_OK && created)
        (void)unlink(ctx->db_path);
    for (i = 0; spools && i < n; i++) {
        if (spools[i].fd >= 0)
            close(spools[i].fd);
        free(spools[i].path);
    }
    free(spools);
    free(sums);
    free(in);
    return rc;
}
