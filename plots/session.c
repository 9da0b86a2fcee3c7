/*
 * plots/session.c -- one gnuplot process per batch of charts.  gnuplot is started with popen()
 * through the shell, its stderr redirected to a private temporary file (mkstemp) so that the
 * message of a failing gnuplot can be handed back to the caller after pclose().
 */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot.h"

struct plot_session {
    FILE *pipe;                /* gnuplot's stdin */
    FILE *err;                 /* the temporary file gnuplot's stderr goes to */
    char err_path[32];         /* its name, removed by plot_session_close() */
    struct sigaction old_pipe; /* the SIGPIPE disposition to restore */
};

__attribute__((format(printf, 3, 4))) static void set_msg(char *msg, size_t size, const char *fmt,
                                                          ...)
{
    va_list ap;

    if (msg && size) {
        va_start(ap, fmt);
        vsnprintf(msg, size, fmt, ap);
        va_end(ap);
    }
}

/*
 * Append `s` to the shell command in buf as one single-quoted shell word
 * ('\'' for each quote).  Returns false when buf is too small.
 */
static bool shell_quote(char *buf, size_t size, size_t *len, const char *s)
{
    const char *c;

#define PUT(ch)                                                                                    \
    do {                                                                                           \
        if (*len + 1 >= size)                                                                      \
            return false;                                                                          \
        buf[(*len)++] = (ch);                                                                      \
    } while (0)
    PUT('\'');
    for (c = s; *c; c++) {
        if (*c == '\'') {
            PUT('\'');
            PUT('\\');
            PUT('\'');
            PUT('\'');
        } else {
            PUT(*c);
        }
    }
    PUT('\'');
    buf[*len] = '\0';
    return true;
#undef PUT
}

int plot_session_open(struct plot_session **out, const char *gnuplot, char *msg, size_t msg_size)
{
    char tmpl[] = "/tmp/attain-gnuplot-XXXXXX";
    char cmd[4096];
    size_t len = 0;
    struct plot_session *s = NULL;
    struct sigaction ign;
    int fd = -1;
    int n;

    if (!out)
        return PLOT_EINVAL;
    *out = NULL;
    if (!gnuplot || !*gnuplot)
        gnuplot = "gnuplot";
    s = calloc(1, sizeof *s);
    if (!s) {
        set_msg(msg, msg_size, "%s", "out of memory");
        return PLOT_ENOMEM;
    }
    fd = mkstemp(tmpl);
    if (fd < 0) {
        set_msg(msg, msg_size, "cannot create a temporary file: %s", strerror(errno));
        free(s);
        return PLOT_EIO;
    }
    s->err = fdopen(fd, "w+");
    if (!s->err) {
        set_msg(msg, msg_size, "cannot open a temporary file: %s", strerror(errno));
        close(fd);
        unlink(tmpl);
        free(s);
        return PLOT_EIO;
    }
    /* cmd: exec 'gnuplot' 2>'/tmp/attain-gnuplot-XXXXXX' >/dev/null */
    n = snprintf(cmd, sizeof cmd, "exec ");
    len = (size_t)n;
    if (!shell_quote(cmd, sizeof cmd, &len, gnuplot) || len + 3 >= sizeof cmd) {
        set_msg(msg, msg_size, "gnuplot path too long: '%s'", gnuplot);
        goto fail;
    }
    memcpy(cmd + len, " 2>", 4);
    len += 3;
    if (!shell_quote(cmd, sizeof cmd, &len, tmpl) || len + sizeof " >/dev/null" > sizeof cmd) {
        set_msg(msg, msg_size, "%s", "temporary file name too long");
        goto fail;
    }
    /*
     * gnuplot never writes to our stdout: where it cannot open its output
     * file it writes the image to stdout instead (megabytes of it).
     */
    memcpy(cmd + len, " >/dev/null", sizeof " >/dev/null");
    len += sizeof " >/dev/null" - 1;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    if (sigaction(SIGPIPE, &ign, &s->old_pipe) != 0) {
        set_msg(msg, msg_size, "cannot ignore SIGPIPE: %s", strerror(errno));
        goto fail;
    }
    fflush(NULL); /* nothing buffered may be written twice by the child */
    s->pipe = popen(cmd, "w");
    if (!s->pipe) {
        set_msg(msg, msg_size, "cannot start gnuplot: %s", strerror(errno));
        sigaction(SIGPIPE, &s->old_pipe, NULL);
        unlink(tmpl);
        fclose(s->err);
        free(s);
        return PLOT_ESPAWN;
    }
    /*
     * The name is removed only at close: the shell opens it for gnuplot's
     * stderr at some point after popen() returns.
     */
    memcpy(s->err_path, tmpl, sizeof tmpl);
    *out = s;
    return PLOT_OK;
fail:
    unlink(tmpl);
    fclose(s->err);
    free(s);
    return PLOT_EIO;
}

FILE *plot_session_stream(struct plot_session *s)
{
    return s ? s->pipe : NULL;
}

/* Copy the start of what gnuplot wrote to stderr into msg, trimmed. */
static void read_stderr(FILE *err, char *msg, size_t size)
{
    size_t n, b = 0, e;

    if (!msg || !size)
        return;
    msg[0] = '\0';
    if (fflush(err) != 0 || fseek(err, 0, SEEK_SET) != 0)
        return;
    n = fread(msg, 1, size - 1, err);
    msg[n] = '\0';
    while (b < n && (msg[b] == '\n' || msg[b] == ' ' || msg[b] == '\r' || msg[b] == '\t'))
        b++;
    e = n;
    while (e > b && (msg[e - 1] == '\n' || msg[e - 1] == ' ' || msg[e - 1] == '\r'))
        e--;
    memmove(msg, msg + b, e - b);
    msg[e - b] = '\0';
}

int plot_session_close(struct plot_session *s, char *msg, size_t msg_size)
{
    int rc = PLOT_OK;
    int status;

    if (!s)
        return PLOT_OK;
    if (msg && msg_size)
        msg[0] = '\0';
    fputs("exit\n", s->pipe);
    if (fflush(s->pipe) != 0 || ferror(s->pipe))
        rc = PLOT_EIO;
    status = pclose(s->pipe);
    if (status == -1) {
        set_msg(msg, msg_size, "cannot wait for gnuplot: %s", strerror(errno));
        rc = PLOT_EIO;
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || rc != PLOT_OK) {
        read_stderr(s->err, msg, msg_size);
        if (msg && msg_size && !msg[0]) {
            if (WIFSIGNALED(status))
                snprintf(msg, msg_size, "gnuplot was killed by signal %d", WTERMSIG(status));
            else
                snprintf(msg, msg_size, "gnuplot exited with status %d",
                         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        }
        rc = PLOT_EGNUPLOT;
    }
    sigaction(SIGPIPE, &s->old_pipe, NULL);
    fclose(s->err);
    unlink(s->err_path);
    free(s);
    return rc;
}
