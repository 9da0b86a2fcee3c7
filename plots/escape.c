/*
 * plots/escape.c -- the one way data text reaches a gnuplot script:
 * plot_escape() writes a label as a gnuplot string literal that gnuplot
 * reads back as exactly the label.
 *
 * A label without a single quote is written in single quotes, inside
 * which gnuplot does no backslash processing, no backquote (command)
 * substitution and no @macro substitution (gnuplot manual, "Quote marks"
 * and "Substitution").  Doubling a quote inside single quotes is not
 * safe: gnuplot's scanner reads a leading '' as an empty string and stops
 * there, so a name starting (or ending) with ' broke the script.  A label
 * with a single quote is therefore written in double quotes, where every
 * character gnuplot would treat specially -- the double quote, the
 * backslash, the backquote and @ -- is written as a three-digit octal
 * escape (\042, \134, \140, \100), which gnuplot turns back into the
 * character after the line has been read, too late for any substitution.
 *
 * What remains dangerous is the line structure of the script -- a newline
 * inside a label would end the command and start a new one -- so every
 * control character becomes a space.  Invalid UTF-8 becomes U+FFFD because
 * the SVG terminal copies text into XML, which must be valid UTF-8.  The
 * terminals are set up noenhanced, so ^ _ { } & are plain characters.
 *
 * Explicit tic labels (`set xtics ('label' 1)`) are one more trap: gnuplot
 * passes them to its number formatter as a format string, with the tic
 * position as argument, so a '%' in a name would either print a number or
 * stop the script with "Bad format character".  Doubling it is not enough:
 * gnuplot 5.4 then formats the label into a 50-byte buffer, which cuts long
 * names, possibly inside a UTF-8 sequence.  plot_escape_tic() writes the
 * full-width percent sign U+FF05 instead, which reads the same in Chinese
 * text and is never formatted.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "plot.h"

/*
 * Length of the valid UTF-8 sequence at s (1..4), with its code point in
 * *cp, or 0 if the bytes at s are not a valid, shortest-form sequence.
 */
static size_t utf8_decode(const unsigned char *s, unsigned long *cp)
{
    unsigned long c;
    size_t n, i;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        n = 2;
        c = s[0] & 0x1fu;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        n = 3;
        c = s[0] & 0x0fu;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 4;
        c = s[0] & 0x07u;
    } else {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) /* also stops at the terminating NUL */
            return 0;
        c = (c << 6) | (s[i] & 0x3fu);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10ffff ||
        (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return n;
}

static bool is_control(unsigned long cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029;
}

/*
 * Columns a character takes in a chart: 2 for the wide East Asian blocks
 * (CJK, Hangul, full-width forms), 1 otherwise.  Approximate by design --
 * it only decides where a long tic label is cut.
 */
static size_t columns(unsigned long cp)
{
    if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
        (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd))
        return 2;
    return 1;
}

/* What a character uses of the limit: columns (tic labels) or bytes (titles). */
static size_t used_by(size_t n, unsigned long cp, bool tic)
{
    return tic ? (n ? columns(cp) : 1) : (n ? n : 3);
}

/* How much of the limit the text s..end uses in all. */
static size_t measure(const unsigned char *s, const unsigned char *end, bool tic)
{
    size_t total = 0;

    while (s < end) {
        unsigned long cp = 0;
        size_t n = utf8_decode(s, &cp);
        total += used_by(n, cp, tic);
        s += n ? n : 1;
    }
    return total;
}

/*
 * Write s..end escaped (no quotes), cut with "…" where it would pass
 * `limit`; dq: inside double quotes, where " \ ` @ are octal escapes.
 */
static void escape_range(FILE *out, const unsigned char *s, const unsigned char *end, size_t limit,
                         bool tic, bool dq)
{
    size_t used = 0;

    while (s < end) {
        unsigned long cp = 0;
        size_t n = utf8_decode(s, &cp);
        size_t w = used_by(n, cp, tic);

        if (used + w > limit) {
            fputs("\xe2\x80\xa6", out); /* U+2026 HORIZONTAL ELLIPSIS */
            break;
        }
        if (n == 0) {
            fputs("\xef\xbf\xbd", out); /* U+FFFD REPLACEMENT CHARACTER */
            s++;
            used += w;
            continue;
        }
        if (is_control(cp))
            fputc(' ', out);
        else if (dq && (cp == '"' || cp == '\\' || cp == '`' || cp == '@'))
            fprintf(out, "\\%03o", (unsigned)cp);
        else if (cp == '%' && tic)
            fputs("\xef\xbc\x85", out); /* U+FF05 FULLWIDTH PERCENT SIGN */
        else
            fwrite(s, 1, n, out);
        s += n;
        used += w;
    }
}

/*
 * The last " · " part of a tic label ("… · 2021"), if short: a label cut
 * to fit keeps it, so that two long names of different years do not cut
 * to the same text.  NULL if there is none.
 */
static const unsigned char *tail_of(const unsigned char *s, const unsigned char *end)
{
    const char *sep = " \xc2\xb7 "; /* " · " */
    const unsigned char *p, *last = NULL;

    for (p = s; p + 4 <= end; p++)
        if (memcmp(p, sep, 4) == 0)
            last = p;
    return last && measure(last, end, true) <= 16 ? last : NULL;
}

static int escape(FILE *out, const char *label, bool tic)
{
    const unsigned char *s = (const unsigned char *)(label ? label : "");
    const unsigned char *end = s + strlen((const char *)s);
    size_t limit = tic ? PLOT_TIC_COLUMNS : PLOT_LABEL_MAX;
    const unsigned char *tail = NULL;
    bool dq = strchr((const char *)s, '\'') != NULL; /* double quotes, octal escapes */
    char quote = dq ? '"' : '\'';

    if (fputc(quote, out) == EOF)
        return PLOT_EIO;
    if (tic && measure(s, end, true) > limit)
        tail = tail_of(s, end);
    if (tail) {
        /* The head cut to leave room for "…" and the tail, then the tail whole. */
        escape_range(out, s, tail, limit - measure(tail, end, true) - 1, true, dq);
        escape_range(out, tail, end, limit, true, dq);
    } else {
        escape_range(out, s, end, limit, tic, dq);
    }
    if (fputc(quote, out) == EOF || ferror(out))
        return PLOT_EIO;
    return PLOT_OK;
}

int plot_escape(FILE *out, const char *label)
{
    return escape(out, label, false);
}

int plot_escape_tic(FILE *out, const char *label)
{
    return escape(out, label, true);
}

/*
 * Where the line that starts at s should end: at the space nearest to
 * `want` columns that keeps the line within PLOT_TITLE_COLUMNS; NULL when
 * no space does (the line is not broken).
 */
static const unsigned char *title_break(const unsigned char *s, const unsigned char *end,
                                        size_t want)
{
    const unsigned char *best = NULL, *p = s;
    size_t used = 0, best_off = (size_t)-1;

    while (p < end && used <= PLOT_TITLE_COLUMNS) {
        unsigned long cp = 0;
        size_t n = utf8_decode(p, &cp);
        if (cp == ' ' && p > s) {
            size_t off = used > want ? used - want : want - used;
            if (off < best_off) {
                best = p;
                best_off = off;
            }
        }
        used += n ? columns(cp) : 1;
        p += n ? n : 1;
    }
    return best;
}

int plot_escape_title(FILE *out, const char *title)
{
    const unsigned char *s = (const unsigned char *)(title ? title : "");
    const unsigned char *end = s + strlen((const char *)s);
    size_t total = measure(s, end, true), lines;

    lines = (total + PLOT_TITLE_COLUMNS - 1) / PLOT_TITLE_COLUMNS;
    if (total <= PLOT_TITLE_COLUMNS || !title_break(s, end, (total + lines - 1) / lines))
        return escape(out, title, false);
    /* Lines of about equal width, broken at spaces, in double quotes ("\n" is a new line). */
    if (fputc('"', out) == EOF)
        return PLOT_EIO;
    while (s < end) {
        const unsigned char *cut = NULL;
        size_t left = measure(s, end, true);
        if (lines > 1 && left > PLOT_TITLE_COLUMNS)
            cut = title_break(s, end, (left + lines - 1) / lines);
        escape_range(out, s, cut ? cut : end, PLOT_LABEL_MAX, false, true);
        if (!cut)
            break;
        fputs("\\n", out);
        s = cut + 1;
        if (lines > 1)
            lines--;
    }
    if (fputc('"', out) == EOF || ferror(out))
        return PLOT_EIO;
    return PLOT_OK;
}
