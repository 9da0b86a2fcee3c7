/*
 * engine/output.c -- the writers behind every listing: an aligned text
 * table (widths in terminal columns, East Asian wide characters counting
 * 2, computed here from the code points so the process locale does not
 * matter), RFC 4180 CSV, and JSON through cJSON.  See output.h.
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "err.h"
#include "messages.h"
#include "output.h"
#include "xalloc.h"

struct out_cell {
    bool set;   /* false: missing (null) */
    char *s;    /* OUT_TEXT */
    int64_t i;  /* OUT_INT */
    double d;   /* OUT_REAL, finite */
    bool whole; /* OUT_REAL set by out_whole: no decimals in a table */
};

struct out_table {
    const struct out_col *cols; /* borrowed */
    size_t ncols;
    struct out_cell *cells; /* rows * ncols, row-major */
    size_t rows;
    size_t cap; /* capacity in rows */
};

struct out_table *out_table_new(const struct out_col *cols, size_t ncols)
{
    struct out_table *t = xcalloc(1, sizeof *t);
    t->cols = cols;
    t->ncols = ncols;
    return t;
}

void out_table_free(struct out_table *t)
{
    size_t i;

    if (!t)
        return;
    for (i = 0; i < t->rows * t->ncols; i++)
        free(t->cells[i].s);
    free(t->cells);
    free(t);
}

void out_row(struct out_table *t)
{
    size_t need = t->rows + 1, oldcap = t->cap;

    if (need > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        t->cells = xrealloc(t->cells, cap * t->ncols * sizeof *t->cells);
        t->cap = cap;
        memset(t->cells + oldcap * t->ncols, 0, (cap - oldcap) * t->ncols * sizeof *t->cells);
    }
    t->rows++;
}

size_t out_table_rows(const struct out_table *t)
{
    return t->rows;
}

static struct out_cell *cell(struct out_table *t, size_t col)
{
    struct out_cell *c;

    /* Programmer errors: a cell set before out_row() or past the last column. */
    assert(t->rows > 0 && col < t->ncols);
    if (t->rows == 0 || col >= t->ncols)
        return NULL; /* release builds: ignore it rather than write out of bounds */
    c = &t->cells[(t->rows - 1) * t->ncols + col];
    free(c->s);
    memset(c, 0, sizeof *c);
    return c;
}

void out_text(struct out_table *t, size_t col, const char *s)
{
    struct out_cell *c = cell(t, col);
    if (c && s) {
        c->set = true;
        c->s = xstrdup(s);
    }
}

const char *out_name(bool table, bool zh_lang, const char *code, const char *zh, const char *en)
{
    if (!table)
        return code;
    if (zh_lang)
        return zh && *zh ? zh : code;
    return en && *en ? en : code;
}

void out_int(struct out_table *t, size_t col, int64_t v)
{
    struct out_cell *c = cell(t, col);
    if (c) {
        c->set = true;
        c->i = v;
    }
}

void out_real(struct out_table *t, size_t col, double v)
{
    struct out_cell *c = cell(t, col);
    if (c && isfinite(v)) {
        c->set = true;
        c->d = v == 0 ? 0.0 : v; /* no "-0" */
    }
}

void out_whole(struct out_table *t, size_t col, double v)
{
    struct out_cell *c = cell(t, col);

    out_real(t, col, v);
    if (c && c->set && c->d == floor(c->d))
        c->whole = true;
}

void out_null(struct out_table *t, size_t col)
{
    (void)cell(t, col);
}

/* ---- widths ---------------------------------------------------------- */

struct range {
    uint32_t lo, hi;
};

/* East Asian Width W and F (Unicode 15), merged into ranges. */
static const struct range wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
    {0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/* Combining marks and zero-width characters. */
static const struct range zero[] = {
    {0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
};

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

int out_codepoint_width(uint32_t cp)
{
    if (in_ranges(cp, zero, sizeof zero / sizeof zero[0]))
        return 0;
    if (in_ranges(cp, wide, sizeof wide / sizeof wide[0]))
        return 2;
    return 1;
}

/*
 * Decode one UTF-8 sequence at s; *len (out) gets its length.  A malformed
 * byte decodes as itself with length 1 (it will show as one column).
 */
static uint32_t utf8_next(const unsigned char *s, size_t *len)
{
    uint32_t cp;
    size_t n, i;

    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0) {
        n = 2;
        cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3;
        cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4;
        cp = s[0] & 0x07;
    } else {
        *len = 1;
        return s[0];
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return s[0];
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *len = n;
    return cp;
}

size_t out_display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0;

    while (*p) {
        size_t len;
        uint32_t cp = utf8_next(p, &len);
        w += cp < 0x20 ? 1 : (size_t)out_codepoint_width(cp); /* controls print as ' ' */
        p += len;
    }
    return w;
}

/* ---- formatting values ------------------------------------------------ */

/*
 * Formatting doubles exactly as printf does, without printf, for the values
 * tables are full of (1e-4 <= |v| < 1e15, where %g is fixed notation):
 * printf("%.17g") cost ~3,500 instructions a number (glibc's multi-precision
 * conversion), a third of `attain forecast` on M3.  v = m / 2^s exactly
 * (m < 2^53); its P significant digits are m 10^k / 2^s rounded half to
 * even, k = P - 1 - e, computed exactly in 128-bit integers; whether the 15
 * digits read back as v is decided as strtod would, by one correctly
 * rounded division or multiplication of two exact doubles (Clinger's fast
 * path: d < 2^53, 10^|q| <= 10^22).  Checked against snprintf + strtod on
 * millions of values, including both sides of every power of ten.
 */
__extension__ typedef unsigned __int128 fmt_u128;

/* 10^0 .. 10^22: exact as doubles. */
static const double fmt_p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static fmt_u128 fmt_pow10(int k)
{
    fmt_u128 r = 1;

    while (k-- > 0)
        r *= 10;
    return r;
}

/*
 * m * 10^k / 2^s rounded to the nearest integer, ties to even: the exact
 * digits printf gives (glibc prints the exact binary value, correctly
 * rounded).  m < 2^53, k <= 20, s <= 120: m * 10^k < 2^120.
 */
static uint64_t fmt_scaled(uint64_t m, int k, int s)
{
    fmt_u128 x = (fmt_u128)m * fmt_pow10(k), q, r, half;

    if (s == 0)
        return (uint64_t)x;
    q = x >> s;
    r = x - (q << s);
    half = (fmt_u128)1 << (s - 1);
    if (r > half || (r == half && (q & 1)))
        q++;
    return (uint64_t)q;
}

/* Write P digits of d (10^(P-1) <= d < 10^P) with decimal exponent e as %.Pg does in fixed
 * notation. */
static size_t fmt_fixed_digits(char *buf, bool neg, uint64_t d, int P, int e)
{
    char dig[20];
    int i, nd = P, pos = 0;
    size_t n = 0;

    for (i = P - 1; i >= 0; i--) {
        dig[i] = (char)('0' + d % 10);
        d /= 10;
    }
    while (nd > 0 && dig[nd - 1] == '0' && nd > e + 1)
        nd--; /* trailing zeros of the fraction */
    if (neg)
        buf[n++] = '-';
    if (e >= 0) {
        for (pos = 0; pos <= e; pos++)
            buf[n++] = pos < P ? dig[pos] : '0';
        if (nd > e + 1) {
            buf[n++] = '.';
            for (; pos < nd; pos++)
                buf[n++] = dig[pos];
        }
    } else {
        buf[n++] = '0';
        buf[n++] = '.';
        for (i = -1; i > e; i--)
            buf[n++] = '0';
        for (pos = 0; pos < nd; pos++)
            buf[n++] = dig[pos];
    }
    buf[n] = '\0';
    return n;
}

/*
 * |v| = m / 2^s and its 17 significant digits d17 (10^16 <= d17 < 10^17)
 * with decimal exponent e, for 1e-4 <= |v| < 1e15; false: not in range.
 */
static bool fmt_digits17(double v, uint64_t *m, int *s, int *e, uint64_t *d17)
{
    double a = fabs(v);
    int ex;

    if (!(a >= 1e-4 && a < 1e15))
        return false;
    *m = (uint64_t)ldexp(frexp(a, &ex), 53); /* a = m 2^(ex - 53), exactly */
    *s = 53 - ex;                            /* a = m / 2^s, s in [4, 67] */
    if (*s < 0)
        return false;
    /* Decimal exponent: 10^e <= a < 10^(e+1), from the 17-digit rounding. */
    *e = (int)floor(log10(a));
    if (*e < -4)
        *e = -4;
    if (*e > 14)
        *e = 14;
    for (;;) {
        *d17 = fmt_scaled(*m, 16 - *e, *s);
        if (*d17 >= 100000000000000000ULL) { /* 10^17 */
            /* a >= 10^(e+1) - half an ulp of the 17 digits: one exponent up */
            if (*e == 14)
                return false;
            (*e)++;
            continue;
        }
        if (*d17 < 10000000000000000ULL) { /* 10^16 */
            if (*e == -4)
                return false;
            (*e)--;
            continue;
        }
        return true; /* a rounds to d17 10^(e-16): the exponent of %.17g is e */
    }
}

/* The %.15g / %.17g choice of fmt_shortest for 1e-4 <= |v| < 1e15; false: not in range. */
static bool fmt_shortest_fast(char *buf, double v)
{
    double a = fabs(v), x;
    uint64_t m, d15, d17;
    int s, e, q;

    if (!fmt_digits17(v, &m, &s, &e, &d17))
        return false;
    d15 = fmt_scaled(m, 14 - e, s);
    if (d15 >= 1000000000000000ULL) { /* 10^15 */
        /* rounds up to 10^15 at 15 digits: e + 1 at that precision */
        q = e + 1 - 14;
        d15 /= 10;
        x = q <= 0 ? (double)d15 / fmt_p10[-q] : (double)d15 * fmt_p10[q];
        if (x == a)
            return e + 1 < 15 ? (fmt_fixed_digits(buf, v < 0, d15, 15, e + 1), true) : false;
    } else {
        q = e - 14;
        x = q <= 0 ? (double)d15 / fmt_p10[-q] : (double)d15 * fmt_p10[q];
        if (x == a) {
            fmt_fixed_digits(buf, v < 0, d15, 15, e);
            return true;
        }
    }
    fmt_fixed_digits(buf, v < 0, d17, 17, e);
    return true;
}

void out_format_g17(char *buf, size_t size, double v)
{
    uint64_t m, d17;
    int s, e;

    if (size >= 32 && fmt_digits17(v, &m, &s, &e, &d17))
        fmt_fixed_digits(buf, v < 0, d17, 17, e);
    else
        snprintf(buf, size, "%.17g", v);
}

/* The shortest of %.15g / %.17g that reads back as v. */
static void fmt_shortest(char *buf, size_t size, double v)
{
    if (size >= 32 && fmt_shortest_fast(buf, v))
        return;
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, size, "%.17g", v);
}

/*
 * v rounded to prec decimals.  It is first read to 14 significant digits,
 * so that the last bits of a computation (a sum in another order, another
 * machine's arithmetic, valgrind's) cannot move a value that sits on a
 * rounding boundary, such as a mean of 10,700 / 2,000 = 5.35, from one side
 * of it to the other: an exact decimal tie is rounded as its nearest double.
 */
static void fmt_fixed(char *buf, size_t size, double v, int prec)
{
    char snap[40];

    if (isfinite(v)) {
        snprintf(snap, sizeof snap, "%.14g", v);
        v = strtod(snap, NULL);
    }
    snprintf(buf, size, "%.*f", prec < 0 ? 0 : prec, v);
    /* Rounding may give "-0.00": print it as "0.00". */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

/*
 * The text of a cell: for text the string itself, for numbers formatted
 * into buf.  NULL for a missing value.  `table` selects the table-format
 * rounding.
 */
static const char *cell_text(const struct out_col *col, const struct out_cell *c, bool table,
                             char *buf, size_t size)
{
    if (!c->set)
        return NULL;
    switch (col->type) {
    case OUT_TEXT:
        return c->s;
    case OUT_INT:
        snprintf(buf, size, "%" PRId64, c->i);
        return buf;
    case OUT_REAL:
        if (col->prec >= 0 && (table || (col->flags & OUT_COL_ROUND)))
            fmt_fixed(buf, size, c->d, c->whole ? 0 : col->prec);
        else
            fmt_shortest(buf, size, c->d);
        return buf;
    }
    return NULL;
}

/* ---- writers ----------------------------------------------------------- */

/* A line being built, so that trailing blanks can be dropped before it is written. */
struct line {
    char *buf;
    size_t len, cap;
};

static void line_put(struct line *l, const char *s, size_t n)
{
    l->buf = xgrow(l->buf, 1, l->len + n + 1, &l->cap);
    memcpy(l->buf + l->len, s, n);
    l->len += n;
    l->buf[l->len] = '\0';
}

/* Add s with C0 control characters shown as spaces (they would break the layout). */
static void line_text(struct line *l, const char *s)
{
    for (; *s; s++) {
        char ch = (unsigned char)*s < 0x20 ? ' ' : *s;
        line_put(l, &ch, 1);
    }
}

static void line_repeat(struct line *l, char ch, size_t n)
{
    while (n-- > 0)
        line_put(l, &ch, 1);
}

/* Write the line without trailing blanks, and a newline; empty it. */
static void line_flush(struct line *l, FILE *f)
{
    while (l->len > 0 && l->buf[l->len - 1] == ' ')
        l->len--;
    if (l->len)
        fwrite(l->buf, 1, l->len, f);
    fputc('\n', f);
    l->len = 0;
}

static const char *header(const struct out_col *c, enum att_lang lang)
{
    const char *h = lang == ATT_LANG_EN ? c->en : c->zh;
    return h ? h : c->key;
}

/*
 * The widest a table column gets, in terminal columns.  A longer value is
 * cut to fit and ends in U+2026 (and a note on stderr says so): one huge
 * name must not pad every row of the table to its width.  CSV and JSON
 * always carry values whole.
 */
#define OUT_TABLE_MAX_COLUMNS 60

/* The bytes of the longest prefix of s at most maxw columns wide; *w (out) its width. */
static size_t fit_prefix(const char *s, size_t maxw, size_t *w)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t used = 0;

    while (*p) {
        size_t len;
        uint32_t cp = utf8_next(p, &len);
        size_t cw = cp < 0x20 ? 1 : (size_t)out_codepoint_width(cp);

        if (used + cw > maxw)
            break;
        used += cw;
        p += len;
    }
    *w = used;
    return (size_t)(p - (const unsigned char *)s);
}

static void write_table(const struct out_table *t, FILE *f, enum att_lang lang)
{
    size_t *w = xcalloc(t->ncols, sizeof *w);
    struct line line = {NULL, 0, 0};
    char buf[64];
    size_t cut = 0;
    size_t r, c;

    for (c = 0; c < t->ncols; c++)
        w[c] = out_display_width(header(&t->cols[c], lang));
    for (r = 0; r < t->rows; r++)
        for (c = 0; c < t->ncols; c++) {
            const char *s =
                cell_text(&t->cols[c], &t->cells[r * t->ncols + c], true, buf, sizeof buf);
            size_t cw = s ? out_display_width(s) : 0;
            if (cw > OUT_TABLE_MAX_COLUMNS)
                cw = OUT_TABLE_MAX_COLUMNS;
            if (cw > w[c])
                w[c] = cw;
        }
    /* Header, rule, rows; text left-aligned, numbers right-aligned, no trailing blanks. */
    for (r = 0; r < t->rows + 2; r++) {
        for (c = 0; c < t->ncols; c++) {
            const struct out_col *col = &t->cols[c];
            bool right = col->type != OUT_TEXT || (col->flags & OUT_COL_RIGHT);
            const char *s;
            size_t sw;

            if (c > 0)
                line_put(&line, "  ", 2);
            if (r == 1) {
                line_repeat(&line, '-', w[c]);
                continue;
            }
            s = r == 0 ? header(col, lang)
                       : cell_text(col, &t->cells[(r - 2) * t->ncols + c], true, buf, sizeof buf);
            if (!s)
                s = "";
            sw = out_display_width(s);
            if (sw > OUT_TABLE_MAX_COLUMNS) {
                size_t n = fit_prefix(s, OUT_TABLE_MAX_COLUMNS - 1, &sw);
                char *part = xmalloc(n + sizeof "\xe2\x80\xa6");

                memcpy(part, s, n);
                memcpy(part + n, "\xe2\x80\xa6", sizeof "\xe2\x80\xa6"); /* U+2026 */
                if (right)
                    line_repeat(&line, ' ', w[c] - sw - 1);
                line_text(&line, part);
                if (!right)
                    line_repeat(&line, ' ', w[c] - sw - 1);
                free(part);
                cut++;
                continue;
            }
            if (right)
                line_repeat(&line, ' ', w[c] - sw);
            line_text(&line, s);
            if (!right)
                line_repeat(&line, ' ', w[c] - sw);
        }
        line_flush(&line, f);
    }
    if (cut)
        fprintf(stderr,
                cut == 1 ? tr("attain: note: %zu value wider than %d columns cut to fit (ending "
                              "in \xe2\x80\xa6); --format csv or json shows it whole\n")
                         : tr("attain: note: %zu values wider than %d columns cut to fit (ending "
                              "in \xe2\x80\xa6); --format csv or json shows them whole\n"),
                cut, OUT_TABLE_MAX_COLUMNS);
    free(line.buf);
    free(w);
}

static void put_csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void write_csv(const struct out_table *t, FILE *f, unsigned flags)
{
    char buf[64];
    size_t r, c;

    if (flags & OUT_CSV_BOM)
        fputs("\xEF\xBB\xBF", f);
    for (c = 0; c < t->ncols; c++) {
        if (c > 0)
            fputc(',', f);
        put_csv_field(f, t->cols[c].key);
    }
    fputc('\n', f);
    for (r = 0; r < t->rows; r++) {
        for (c = 0; c < t->ncols; c++) {
            const char *s =
                cell_text(&t->cols[c], &t->cells[r * t->ncols + c], false, buf, sizeof buf);
            if (c > 0)
                fputc(',', f);
            if (s)
                put_csv_field(f, s);
        }
        fputc('\n', f);
    }
}

/* One JSON object per line inside one array: valid JSON, and easy to diff. */
static int write_json(const struct out_table *t, FILE *f, struct att_err *err)
{
    char buf[64];
    size_t r, c;

    fputc('[', f);
    for (r = 0; r < t->rows; r++) {
        cJSON *obj = cJSON_CreateObject();
        char *text;
        bool ok = obj != NULL;

        for (c = 0; ok && c < t->ncols; c++) {
            const struct out_col *col = &t->cols[c];
            const char *s = cell_text(col, &t->cells[r * t->ncols + c], false, buf, sizeof buf);
            cJSON *item;
            if (!s)
                item = cJSON_CreateNull();
            else if (col->type == OUT_TEXT)
                item = cJSON_CreateString(s);
            else
                item = cJSON_CreateRaw(s); /* our own number text: same digits as csv */
            ok = item && cJSON_AddItemToObject(obj, col->key, item);
            if (item && !ok)
                cJSON_Delete(item);
        }
        text = ok ? cJSON_PrintUnformatted(obj) : NULL;
        cJSON_Delete(obj);
        if (!text)
            return att_errf(err, ATT_EINTERNAL, tr("out of memory while writing json"));
        fputs(r == 0 ? "\n" : ",\n", f);
        fputs(text, f);
        cJSON_free(text);
    }
    fputs(t->rows ? "\n]\n" : "]\n", f);
    return ATT_OK;
}

int out_table_write(const struct out_table *t, FILE *f, enum att_format format, enum att_lang lang,
                    unsigned flags, struct att_err *err)
{
    int rc = ATT_OK;

    switch (format) {
    case ATT_FMT_TABLE:
        write_table(t, f, lang);
        break;
    case ATT_FMT_CSV:
        write_csv(t, f, flags);
        break;
    case ATT_FMT_JSON:
        rc = write_json(t, f, err);
        break;
    case ATT_FMT_XLSX: /* a workbook is not a stream: main lets only 'targets --out' ask */
        rc = att_errf(err, ATT_EUSAGE, tr("'--format xlsx' needs a file ('attain targets --out')"));
        break;
    }
    if (rc == ATT_OK && ferror(f))
        rc = att_errf(err, ATT_EIO, tr("cannot write output: %s"), strerror(errno));
    return rc;
}

int out_table_print(const struct out_table *t, struct att_ctx *ctx)
{
    /* Bytes by choice, never by where they go: a BOM only when asked for. */
    return out_table_write(t, stdout, ctx->format, ctx->lang, ctx->excel ? OUT_CSV_BOM : 0,
                           &ctx->err);
}
