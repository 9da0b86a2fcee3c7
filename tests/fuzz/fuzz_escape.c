/*
 * tests/fuzz/fuzz_escape.c -- libFuzzer target for the gnuplot label
 * escaping (plot_escape, plot_escape_tic).  The invariant: the escaped
 * label, read back by gnuplot's own string rules, is the original text.
 * Those rules, as gnuplot's scanner and string parser apply them:
 *  - a single-quoted literal ends at the next single quote (a leading ''
 *    is an empty string, so a label may not hold one there); no other
 *    character is special inside it;
 *  - a double-quoted literal ends at the next double quote not escaped by
 *    a backslash; a backslash and three octal digits stand for one byte;
 *  - before any parsing, gnuplot substitutes `command` and @macro outside
 *    single quotes, so neither a backquote nor @ may appear raw in a
 *    double-quoted literal; a line end would end the command.
 * For a label that is valid UTF-8 without control characters and short
 * enough not to be cut, the text read back must equal the label byte for
 * byte (tic labels: with % as the full-width U+FF05).  Any other label must
 * still give exactly one well-formed literal on one line.
 *
 * ctest fuzz/fuzz_escape replays tests/fuzz/regress/escape/ (tests/fuzz/replay.c);
 * `make fuzz` (part of `make test`) runs every target.  By hand:
 *   CC=clang cmake -S . -B build-fuzz -DATTAIN_FUZZ=ON -DATTAIN_SANITIZE=ON
 *   cmake --build build-fuzz --target fuzz_escape
 *   build-fuzz/tests/fuzz_escape -max_total_time=60
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read the literal in s[0..n) back as gnuplot does into out (out); false if malformed. */
static bool read_back(const char *s, size_t n, char *out, size_t *outn)
{
    size_t i, k = 0;
    char q;

    if (n < 2 || (s[0] != '\'' && s[0] != '"') || s[n - 1] != s[0])
        return false;
    q = s[0];
    for (i = 1; i < n - 1; i++) {
        char c = s[i];

        if (c == '\n' || c == '\r' || c == '\0')
            return false;
        if (c == q)
            return false; /* the literal would end here, early */
        if (q == '"' && (c == '`' || c == '@'))
            return false; /* substituted before parsing */
        if (q == '"' && c == '\\') {
            unsigned v = 0;
            size_t j;

            if (i + 3 > n - 2)
                return false;
            for (j = 1; j <= 3; j++) {
                if (s[i + j] < '0' || s[i + j] > '7')
                    return false;
                v = v * 8 + (unsigned)(s[i + j] - '0');
            }
            out[k++] = (char)v;
            i += 3;
            continue;
        }
        out[k++] = c;
    }
    *outn = k;
    return true;
}

/* Is the label kept whole: valid UTF-8, no control character, short? */
static bool is_plain(const uint8_t *p, size_t n, size_t limit)
{
    size_t i = 0;

    if (n > limit / 2) /* well inside either limit (bytes or columns) */
        return false;
    while (i < n) {
        uint8_t c = p[i];
        size_t len, j;
        uint32_t cp;

        if (c < 0x20 || c == 0x7f)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            len = 2, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            len = 3, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            len = 4, cp = c & 0x07;
        else
            return false;
        if (i + len > n)
            return false;
        for (j = 1; j < len; j++) {
            if ((p[i + j] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + j] & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 ||
            cp == 0x2029)
            return false;
        i += len;
    }
    return true;
}

static void check(const char *label, const uint8_t *data, size_t size, bool tic)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    char *back;
    size_t n = 0;

    if (!m)
        abort();
    if ((tic ? plot_escape_tic(m, label) : plot_escape(m, label)) != PLOT_OK)
        abort();
    fclose(m);
    back = malloc(len + 1);
    if (!back || !read_back(buf, len, back, &n))
        abort(); /* not one well-formed literal */
    if (is_plain(data, size, tic ? PLOT_TIC_COLUMNS : PLOT_LABEL_MAX)) {
        /* The text read back is the label (tic labels: % as U+FF05). */
        size_t i, k = 0;

        for (i = 0; i < size; i++) {
            if (tic && data[i] == '%') {
                if (k + 3 > n || memcmp(back + k, "\xef\xbc\x85", 3) != 0)
                    abort();
                k += 3;
            } else if (k >= n || (uint8_t)back[k++] != data[i]) {
                abort();
            }
        }
        if (k != n)
            abort();
    }
    free(back);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *label = malloc(size + 1);

    if (!label)
        return 0;
    memcpy(label, data, size);
    label[size] = '\0';
    if (memchr(data, '\0', size)) /* a C string ends at NUL: compare what it holds */
        size = strlen(label);
    check(label, data, size, false);
    check(label, data, size, true);
    free(label);
    return 0;
}
