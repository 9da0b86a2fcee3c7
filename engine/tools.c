/*
 * engine/tools.c -- finding the outside programs attain runs (tools.h):
 * gnuplot on $PATH, before any work, so that a missing gnuplot is one clear
 * message and exit 69 rather than a broken pipe later; a Chinese font from
 * fc-list, so that gnuplot draws the Chinese labels.
 */
#include "messages.h"
#include "tools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

bool tools_has_program(const char *prog)
{
    const char *path = getenv("PATH");
    const char *p = path && *path ? path : "/usr/bin:/bin";

    for (;;) {
        size_t len = strcspn(p, ":");
        char *full = len ? xasprintf("%.*s/%s", (int)len, p, prog) : xasprintf("./%s", prog);
        struct stat st;
        bool ok = stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0;

        free(full);
        if (ok)
            return true;
        if (!p[len])
            return false;
        p += len + 1;
    }
}

int tools_need_gnuplot(const char *who, struct att_err *err)
{
    if (tools_has_program("gnuplot"))
        return ATT_OK;
    return att_errf(err, ATT_EUNAVAILABLE,
                    tr("'%s' needs gnuplot, which is not installed (apt-get install gnuplot-nox)"),
                    who);
}

char *tools_find_font(void)
{
    static const char *const preferred[] = {"Noto Sans CJK SC", "Source Han Sans SC",
                                            "WenQuanYi Zen Hei", "Noto Sans CJK TC"};
    const size_t n_pref = sizeof preferred / sizeof preferred[0];
    FILE *f = popen("fc-list :lang=zh family 2>/dev/null", "r");
    char line[512], *best_sans = NULL, *best_any = NULL;
    size_t k, rank = n_pref;

    if (!f)
        return NULL;
    while (fgets(line, sizeof line, f)) {
        char *name = line, *comma;

        line[strcspn(line, "\r\n")] = '\0';
        /* "Family,Other name": look at each name on the line. */
        for (; name && *name; name = comma ? comma + 1 : NULL) {
            comma = strchr(name, ',');
            if (comma)
                *comma = '\0';
            for (k = 0; k < rank; k++)
                if (strcmp(name, preferred[k]) == 0)
                    rank = k;
            /* Fallbacks independent of fc-list's order: the smallest name. */
            if (strstr(name, "Sans") && (!best_sans || strcmp(name, best_sans) < 0)) {
                free(best_sans);
                best_sans = xstrdup(name);
            }
            if (!best_any || strcmp(name, best_any) < 0) {
                free(best_any);
                best_any = xstrdup(name);
            }
        }
    }
    pclose(f);
    if (rank < n_pref) {
        free(best_sans);
        free(best_any);
        return xstrdup(preferred[rank]);
    }
    if (best_sans) {
        free(best_any);
        return best_sans;
    }
    return best_any;
}
