/*
 * engine/html.c -- putting text and gnuplot's SVG into an HTML page
 * (html.h): character references, and the SVG rewriting that lets many
 * charts share one document.
 */
#include "html.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "files.h"
#include "messages.h"

void html_puts(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        const char *ref = *s == '&'    ? "&amp;"
                          : *s == '<'  ? "&lt;"
                          : *s == '>'  ? "&gt;"
                          : *s == '"'  ? "&quot;"
                          : *s == '\'' ? "&#39;"
                                       : NULL;

        if (ref)
            fputs(ref, f);
        else
            fputc(*s, f);
    }
}

void html_name(FILE *f, const char *s)
{
    fputs("<bdi>", f);
    html_puts(f, s);
    fputs("</bdi>", f);
}

/*
 * Only markup is rewritten, never text (gnuplot escapes '<' in text), so a
 * label cannot turn into markup on the way.
 */
int html_inline_svg(FILE *out, const char *path, size_t idx, const char *label, struct att_err *err)
{
    static const char *const ids[] = {"gpPt", "gpDot", "gnuplot_", "textbox", "greybox"};
    char *buf = files_slurp(path);
    const char *s;
    bool in_tag = true;

    if (!buf)
        return att_errf(err, ATT_EIO, tr("cannot read '%s': %s"), path, strerror(errno));
    s = strstr(buf, "<svg");
    if (!s) {
        free(buf);
        return att_errf(err, ATT_EINTERNAL, tr("gnuplot wrote no SVG to '%s'"), path);
    }
    fputs("<svg class=\"chart\" role=\"img\" aria-label=\"", out);
    html_puts(out, label);
    fputc('"', out);
    s += 4;
    while (*s) {
        size_t k;
        bool done = false;

        if (!in_tag && (strncmp(s, "<title>", 7) == 0 || strncmp(s, "<desc>", 6) == 0)) {
            const char *end = strstr(s, s[1] == 't' ? "</title>" : "</desc>");

            if (end) {
                s = end + (s[1] == 't' ? 8 : 7);
                continue;
            }
        }
        /*
         * HTML gives inline SVG its namespaces (xlink:href included), so the
         * declarations go: the page then names no http:// address at all.
         */
        if (in_tag && (strncmp(s, " xmlns=\"", 8) == 0 || strncmp(s, " xmlns:xlink=\"", 14) == 0)) {
            const char *end = strchr(strchr(s, '"') + 1, '"');

            if (end) {
                s = end + 1;
                continue;
            }
        }
        if (*s == '<')
            in_tag = true;
        else if (*s == '>')
            in_tag = false;
        for (k = 0; in_tag && k < sizeof ids / sizeof ids[0]; k++) {
            size_t len = strlen(ids[k]);

            if (strncmp(s, ids[k], len) == 0) {
                fprintf(out, "c%zu-%s", idx, ids[k]);
                s += len;
                done = true;
                break;
            }
        }
        if (!done)
            fputc(*s++, out);
    }
    free(buf);
    return ATT_OK;
}
