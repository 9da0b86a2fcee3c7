/*
 * tests/unit/prog_escape.c -- reads NUL-separated labels on stdin and
 * writes a gnuplot script that prints each one, escaped by plot_escape()
 * (or plot_escape_tic() with -t), on a line of its own.  The awkward-names
 * test runs the script through the real gnuplot and compares what gnuplot
 * read back with the labels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"

int main(int argc, char **argv)
{
    int tic = argc > 1 && strcmp(argv[1], "-t") == 0;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    int c;

    if (!buf)
        return 1;
    for (;;) {
        c = getchar();
        if (c == EOF || c == '\0') {
            if (n == 0 && c == EOF)
                break;
            buf[n] = '\0';
            fputs("print ", stdout);
            if ((tic ? plot_escape_tic(stdout, buf) : plot_escape(stdout, buf)) != PLOT_OK)
                return 1;
            fputc('\n', stdout);
            n = 0;
            if (c == EOF)
                break;
            continue;
        }
        if (n + 1 >= cap) {
            char *more = realloc(buf, cap *= 2);
            if (!more)
                return 1;
            buf = more;
        }
        buf[n++] = (char)c;
    }
    free(buf);
    return fflush(stdout) != 0;
}
