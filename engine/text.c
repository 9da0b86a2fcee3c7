/*
 * engine/text.c -- encodings, positions, numbers, periods and edit distance
 * for the loader (see text.h for the rules), over a whole buffer or a file
 * read in pieces.  GB18030 is converted with glibc's iconv, which needs no
 * locale.
 */
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "err.h"
#include "messages.h"
#include "text.h"
#include "xalloc.h"

const char *text_encoding_name(enum text_encoding enc)
{
    static const char *const names[] = {
        [TEXT_UTF8] = "UTF-8", [TEXT_UTF8_BOM] = "UTF-8 with BOM", [TEXT_GB18030] = "GB18030"};

    return (size_t)enc < sizeof names / sizeof names[0] ? names[enc] : "?";
}

size_t text_utf8_next(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c;
    size_t need;
    size_t i;

    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        need = 1;
        c = u[0] & 0x1Fu;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        need = 2;
        c = u[0] & 0x0Fu;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        need = 3;
        c = u[0] & 0x07u;
    } else {
        return 0; /* a continuation byte, an overlong C0/C1 lead, or F5..FF */
    }
    if (len < need + 1)
        return 0;
    for (i = 1; i <= need; i++) {
        if ((u[i] & 0xC0u) != 0x80u)
            return 0;
        c = (c << 6) | (u[i] & 0x3Fu);
    }
    /* Overlong three- and four-byte forms, surrogates, beyond U+10FFFF. */
    if ((need == 2 && c < 0x800) || (need == 3 && c < 0x10000) || c > 0x10FFFF ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return need + 1;
}

size_t text_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    uint32_t cp;

    while (i < len) {
        size_t k;

        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        k = text_utf8_next(s + i, len - i, &cp);
        if (k == 0)
            return i;
        i += k;
    }
    return len;
}

void text_position(const char *s, size_t off, unsigned long *line, unsigned long *col)
{
    struct text_pos p = {1, 1};

    (void)text_pos_feed(&p, s, off, true);
    *line = p.line;
    *col = p.col;
}

/* The byte length of white space at s (one character), 0 if none. */
static size_t space_at(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;

    if (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n')
        return 1;
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) /* U+3000 */
        return 3;
    if (u[0] == 0xC2 && u[1] == 0xA0) /* U+00A0 */
        return 2;
    return 0;
}

/*
 * Whether s (len bytes, len > 0) neither starts nor ends with white space:
 * every white space character is one of space_at's byte patterns, so when
 * the first byte cannot start one and the last bytes cannot end one, trim
 * has nothing to do.  Most fields are like that.
 */
static bool nothing_to_trim(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char a = u[0], z = u[len - 1];

    if (a == ' ' || a == '\t' || a == '\r' || a == '\n' || a == 0xE3 || a == 0xC2)
        return false;
    if (z < 0x80)
        return z != ' ' && z != '\t' && z != '\r' && z != '\n';
    /* U+00A0 ends in A0, U+3000 in 80 80. */
    return z != 0xA0 && (z != 0x80 || len < 2 || u[len - 2] != 0x80);
}

char *text_trim(char *s)
{
    size_t k;
    size_t len;
    char *end;
    char *p;

    len = strlen(s);
    if (len == 0 || nothing_to_trim(s, len))
        return s;
    while ((k = space_at(s)) > 0)
        s += k;
    end = s;
    p = s;
    len = strlen(s);
    while (*p) {
        k = space_at(p);
        if (k) {
            p += k;
        } else {
            uint32_t cp;
            size_t left = len - (size_t)(p - s);
            size_t step = text_utf8_next(p, left, &cp);

            p += step ? step : 1;
            end = p;
        }
    }
    *end = '\0';
    return s;
}

bool text_ascii(const char *s, char *out, size_t n)
{
    size_t len = strlen(s);
    size_t i = 0;
    size_t o = 0;
    size_t start;

    if (n == 0)
        return false;
    while (i < len) {
        uint32_t cp;
        size_t k = text_utf8_next(s + i, len - i, &cp);

        if (k == 0)
            return false;
        i += k;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp = cp - 0xFF01 + 0x21;
        else if (cp == 0x3000 || cp == 0xA0)
            cp = ' ';
        else if (cp == 0x2212)
            cp = '-';
        if (cp >= 0x80)
            return false;
        if (o + 1 >= n)
            return false;
        out[o++] = (char)cp;
    }
    out[o] = '\0';
    /* Trim ASCII white space in place. */
    while (o > 0 &&
           (out[o - 1] == ' ' || out[o - 1] == '\t' || out[o - 1] == '\r' || out[o - 1] == '\n'))
        out[--o] = '\0';
    start = 0;
    while (out[start] == ' ' || out[start] == '\t' || out[start] == '\r' || out[start] == '\n')
        start++;
    if (start)
        memmove(out, out + start, o - start + 1);
    return true;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

enum text_number_status text_number(const char *s, double *out)
{
    char buf[128];
    char digits[128];
    const char *p;
    size_t o = 0;
    size_t nint = 0;
    size_t nfrac = 0;
    char *end;
    double v;

    if (!text_ascii(s, buf, sizeof buf)) {
        /* Too long or not ASCII: empty only if it is all white space. */
        char *copy = xstrdup(s);
        bool empty = *text_trim(copy) == '\0';

        free(copy);
        return empty ? TEXT_NUMBER_EMPTY : TEXT_NUMBER_INVALID;
    }
    if (buf[0] == '\0')
        return TEXT_NUMBER_EMPTY;
    p = buf;
    if (*p == '+' || *p == '-')
        digits[o++] = *p++;
    /* The integer part: plain digits, or 1-3 digits then groups of ",ddd". */
    while (is_digit(*p)) {
        digits[o++] = *p++;
        nint++;
    }
    if (*p == ',') {
        if (nint == 0 || nint > 3)
            return TEXT_NUMBER_INVALID;
        while (*p == ',') {
            if (!is_digit(p[1]) || !is_digit(p[2]) || !is_digit(p[3]) || is_digit(p[4]))
                return TEXT_NUMBER_INVALID;
            memcpy(digits + o, p + 1, 3);
            o += 3;
            nint += 3;
            p += 4;
        }
    }
    if (*p == '.') {
        digits[o++] = *p++;
        while (is_digit(*p)) {
            digits[o++] = *p++;
            nfrac++;
        }
    }
    if (nint + nfrac == 0)
        return TEXT_NUMBER_INVALID;
    if (*p == 'e' || *p == 'E') {
        size_t nexp = 0;

        digits[o++] = *p++;
        if (*p == '+' || *p == '-')
            digits[o++] = *p++;
        while (is_digit(*p)) {
            digits[o++] = *p++;
            nexp++;
        }
        if (nexp == 0)
            return TEXT_NUMBER_INVALID;
    }
    if (*p != '\0')
        return TEXT_NUMBER_INVALID;
    digits[o] = '\0';
    errno = 0;
    v = strtod(digits, &end);
    if (*end != '\0')
        return TEXT_NUMBER_INVALID;
    if (errno == ERANGE || !isfinite(v))
        return TEXT_NUMBER_RANGE;
    *out = v == 0.0 ? 0.0 : v; /* no negative zero */
    return TEXT_NUMBER_OK;
}

/* Read exactly `count` ASCII digits at p into *v. */
static bool read_digits(const char *p, size_t count, int *v)
{
    int x = 0;
    size_t i;

    for (i = 0; i < count; i++) {
        if (!is_digit(p[i]))
            return false;
        x = x * 10 + (p[i] - '0');
    }
    *v = x;
    return true;
}

bool text_period(const char *s, char out[8], int *year, int *month)
{
    char buf[16];
    int y;
    int m = 0;
    size_t len;

    if (!text_ascii(s, buf, sizeof buf))
        return false;
    len = strlen(buf);
    if (len < 4 || !read_digits(buf, 4, &y) || y < TEXT_YEAR_MIN || y > TEXT_YEAR_MAX)
        return false;
    /* Written digit by digit: the loader calls this once per observation. */
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '\0';
    if (len != 4) {
        if (buf[4] != '-' || (len != 6 && len != 7) || !read_digits(buf + 5, len - 5, &m) ||
            m < 1 || m > 12)
            return false;
        out[4] = '-';
        out[5] = (char)('0' + m / 10);
        out[6] = (char)('0' + m % 10);
        out[7] = '\0';
    }
    if (year)
        *year = y;
    if (month)
        *month = m;
    return true;
}

bool text_year(const char *s, int *year)
{
    char buf[16];
    int y;

    if (!text_ascii(s, buf, sizeof buf) || strlen(buf) != 4 || !read_digits(buf, 4, &y) ||
        y < TEXT_YEAR_MIN || y > TEXT_YEAR_MAX)
        return false;
    *year = y;
    return true;
}

/* Decode s into code points (invalid bytes as themselves); returns the count. */
static size_t code_points(const char *s, uint32_t **out)
{
    size_t len = strlen(s);
    uint32_t *cps = xmalloc((len + 1) * sizeof *cps);
    size_t n = 0;
    size_t i = 0;

    while (i < len) {
        uint32_t cp;
        size_t k = text_utf8_next(s + i, len - i, &cp);

        if (k == 0) {
            cp = (unsigned char)s[i];
            k = 1;
        }
        cps[n++] = cp;
        i += k;
    }
    *out = cps;
    return n;
}

size_t text_length(const char *s)
{
    uint32_t *cps;
    size_t n = code_points(s, &cps);

    free(cps);
    return n;
}

size_t text_distance(const char *a, const char *b)
{
    uint32_t *x;
    uint32_t *y;
    size_t nx = code_points(a, &x);
    size_t ny = code_points(b, &y);
    /* Rows i - 2, i - 1 and i of the table, one after the other. */
    size_t *rows = xmalloc(3 * (ny + 1) * sizeof *rows);
    size_t i;
    size_t j;
    size_t d;

    for (j = 0; j <= ny; j++)
        rows[ny + 1 + j] = j; /* row 0, in the slot of row i - 1 for i = 1 */
    for (i = 1; i <= nx; i++) {
        size_t *cur = rows + (i + 1) % 3 * (ny + 1);
        size_t *prev = rows + i % 3 * (ny + 1);
        size_t *prev2 = rows + (i + 2) % 3 * (ny + 1);

        cur[0] = i;
        for (j = 1; j <= ny; j++) {
            size_t best = prev[j - 1] + (x[i - 1] != y[j - 1]);

            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
    }
    d = rows[(nx + 1) % 3 * (ny + 1) + ny];
    free(rows);
    free(x);
    free(y);
    return d;
}

/* Convert all of in from GB18030 to UTF-8; NULL if any sequence is invalid. */
static char *from_gb18030(const char *in, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    size_t cap = 2 * len + 16; /* GB18030 grows at most 3/2 in UTF-8 */
    char *out = NULL;
    char *src = (char *)in;
    char *dst;
    size_t left = len;
    size_t room = cap - 1;

    if (cd == (iconv_t)-1)
        return NULL;
    out = xmalloc(cap);
    dst = out;
    if (iconv(cd, &src, &left, &dst, &room) == (size_t)-1 || left != 0 ||
        iconv(cd, NULL, NULL, &dst, &room) == (size_t)-1) {
        free(out);
        iconv_close(cd);
        return NULL;
    }
    iconv_close(cd);
    *dst = '\0';
    *out_len = (size_t)(dst - out);
    return out;
}

/*
 * Count the valid multi-byte UTF-8 sequences (*multi) and the bytes that
 * start no valid sequence (*bad) in s.
 */
static void utf8_census(const char *s, size_t len, size_t *multi, size_t *bad)
{
    size_t i = 0;

    *multi = 0;
    *bad = 0;
    while (i < len) {
        uint32_t cp;
        size_t k;

        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        k = text_utf8_next(s + i, len - i, &cp);
        if (k == 0) {
            (*bad)++;
            i++;
        } else {
            (*multi)++;
            i += k;
        }
    }
}

/* True when s holds nothing but white space. */
static bool is_blank(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

int text_decode(const char *path, const char *bytes, size_t len, char **out, size_t *out_len,
                enum text_encoding *enc, struct att_err *err)
{
    const char *nul = len ? memchr(bytes, '\0', len) : NULL;
    enum text_encoding e = TEXT_UTF8;
    unsigned long line;
    unsigned long col;
    size_t valid;
    size_t multi = 0;
    size_t bad = 0;
    char *text = NULL;
    size_t n = 0;

    *out = NULL;
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        bytes += 3;
        len -= 3;
        e = TEXT_UTF8_BOM;
        if (nul)
            nul = memchr(bytes, '\0', len);
    }
    if (is_blank(bytes, len))
        return att_errf_at(err, ATT_EDATA, path, 1, 1, tr("empty file"));
    if (nul) {
        text_position(bytes, (size_t)(nul - bytes), &line, &col);
        return att_errf_at(err, ATT_EDATA, path, line, col, tr("NUL byte (not a text file)"));
    }
    valid = text_utf8_valid(bytes, len);
    if (valid < len)
        utf8_census(bytes, len, &multi, &bad);
    if (valid == len) {
        text = xmalloc(len + 1);
        memcpy(text, bytes, len);
        text[len] = '\0';
        n = len;
    } else if (e == TEXT_UTF8 && bad >= multi && (text = from_gb18030(bytes, len, &n)) != NULL) {
        e = TEXT_GB18030;
        if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
            memmove(text, text + 3, n - 3 + 1);
            n -= 3;
        }
        if (is_blank(text, n)) {
            free(text);
            return att_errf_at(err, ATT_EDATA, path, 1, 1, tr("empty file"));
        }
    } else {
        text_position(bytes, valid, &line, &col);
        if (e == TEXT_UTF8_BOM)
            return att_errf_at(err, ATT_EDATA, path, line, col,
                               tr("invalid UTF-8 byte 0x%02X (the file starts with a UTF-8 BOM)"),
                               (unsigned char)bytes[valid]);
        if (bad < multi)
            return att_errf_at(err, ATT_EDATA, path, line, col,
                               tr("invalid UTF-8 byte 0x%02X (the rest of the file is UTF-8)"),
                               (unsigned char)bytes[valid]);
        return att_errf_at(err, ATT_EDATA, path, line, col,
                           tr("invalid UTF-8 byte 0x%02X (and not GB18030 either)"),
                           (unsigned char)bytes[valid]);
    }
    *out = text;
    *out_len = n;
    if (enc)
        *enc = e;
    return ATT_OK;
}

bool text_whole(const char *s, unsigned long long *out)
{
    char *end = NULL;

    if (!s || s[0] < '0' || s[0] > '9')
        return false;
    errno = 0;
    *out = strtoull(s, &end, 10);
    return errno == 0 && *end == '\0';
}

/* ---- a file read in pieces ------------------------------------------------ */

/* The bytes of the UTF-8 sequence lead byte c starts (1 for a byte that starts none). */
static size_t utf8_need(unsigned char c)
{
    if (c >= 0xC2 && c <= 0xDF)
        return 2;
    if (c >= 0xE0 && c <= 0xEF)
        return 3;
    if (c >= 0xF0 && c <= 0xF4)
        return 4;
    return 1;
}

void text_scan_init(struct text_scan *s)
{
    memset(s, 0, sizeof *s);
    s->blank = true;
}

size_t text_scan_feed(struct text_scan *s, const char *p, size_t len, bool last)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t from = 0;
    size_t i;

    if (!s->started) {
        if (len < 3 && !last)
            return 0; /* not yet enough to tell a BOM */
        s->started = true;
        if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            s->bom = true;
            from = 3;
        }
    }
    i = from;
    while (i < len) {
        unsigned char c;
        uint32_t cp;
        size_t k;

        if (!s->blank && len - i >= 8) {
            /* Eight bytes at once while they are ASCII and none is NUL (most of a file). */
            uint64_t v;

            memcpy(&v, p + i, 8);
            if (!((v | ((v - 0x0101010101010101u) & ~v)) & 0x8080808080808080u)) {
                i += 8;
                continue;
            }
        }
        c = u[i];
        if (c < 0x80) {
            if (c == 0 && !s->has_nul) {
                s->has_nul = true;
                s->nul_at = s->n + (i - from);
            }
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                s->blank = false;
            i++;
            continue;
        }
        s->blank = false;
        k = text_utf8_next(p + i, len - i, &cp);
        if (k == 0) {
            if (!last && utf8_need(c) > len - i)
                break; /* the next piece may complete it */
            if (!s->has_bad) {
                s->has_bad = true;
                s->bad_at = s->n + (i - from);
                s->bad_byte = c;
            }
            s->bad++;
            i++;
        } else {
            s->multi++;
            i += k;
        }
    }
    s->n += i - from;
    return i;
}

size_t text_pos_feed(struct text_pos *p, const char *s, size_t len, bool last)
{
    size_t i = 0;

    /*
     * LF or a lone CR ends a line (the CR of a CRLF is not counted); every
     * other character, valid or not, is a column.  Unless this is the last
     * piece, stop where that would look past the piece.
     */
    while (i < len) {
        uint32_t cp;
        size_t k;

        if (s[i] == '\r' && i + 1 >= len && !last)
            break; /* CRLF or a lone CR: the next piece tells */
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n'))) {
            p->line++;
            p->col = 1;
            i++;
            continue;
        }
        if (s[i] == '\r') {
            i++;
            continue;
        }
        k = text_utf8_next(s + i, len - i, &cp);
        if (k == 0 && !last && utf8_need((unsigned char)s[i]) > len - i)
            break;
        i += k ? k : 1;
        p->col++;
    }
    return i;
}

bool text_conv_open(struct text_conv *c)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");

    c->cd = cd == (iconv_t)-1 ? NULL : cd;
    return c->cd != NULL;
}

size_t text_conv_feed(struct text_conv *c, const char *in, size_t len, bool last, char *out,
                      size_t *out_len)
{
    char *src = (char *)in;
    char *dst = out;
    size_t left = len;
    size_t room = 2 * len + 16;

    *out_len = 0;
    if (iconv((iconv_t)c->cd, &src, &left, &dst, &room) == (size_t)-1 && (errno != EINVAL || last))
        return (size_t)-1; /* invalid, cut at the end of the file, or (never) no room */
    if (last && iconv((iconv_t)c->cd, NULL, NULL, &dst, &room) == (size_t)-1)
        return (size_t)-1;
    *out_len = (size_t)(dst - out);
    return len - left;
}

void text_conv_close(struct text_conv *c)
{
    if (c->cd)
        iconv_close((iconv_t)c->cd);
    c->cd = NULL;
}

enum probe_pass { PASS_SCAN, PASS_GB18030, PASS_POSITION };

/* The state of text_probe's passes over a file. */
struct probe {
    struct text_scan scan;
    struct text_conv conv;
    bool gb_ok;      /* PASS_GB18030: every byte converted */
    bool gb_started; /* some text converted (a leading U+FEFF then dropped) */
    bool gb_blank;   /* the converted text is white space only (less U+FEFF) */
    struct text_pos pos;
};

/*
 * One pass over fd's bytes from offset `start` to `limit` (or the end), a
 * piece at a time, into the reader `pass` of *pr.
 */
static int probe_pass(const char *path, int fd, size_t piece, enum probe_pass pass, uint64_t start,
                      uint64_t limit, struct probe *pr, struct att_err *err)
{
    char *buf = xmalloc(piece + 4);
    char *out = pass == PASS_GB18030 ? xmalloc(2 * (piece + 4) + 16) : NULL;
    uint64_t off = start;
    size_t keep = 0;
    int rc = ATT_OK;

    if (pass == PASS_GB18030) {
        pr->gb_ok = true;
        pr->gb_blank = true;
    }
    for (;;) {
        size_t want = limit - off < piece ? (size_t)(limit - off) : piece;
        ssize_t got = 0;
        size_t n;
        size_t used = 0;
        size_t olen = 0;
        bool last;

        while (want && (got = pread(fd, buf + keep, want, (off_t)off)) < 0 && errno == EINTR)
            ;
        if (got < 0) {
            rc = att_errf(err, att_status_errno(errno), tr("cannot read '%s': %s"), path,
                          strerror(errno));
            break;
        }
        off += (uint64_t)got;
        n = keep + (size_t)got;
        last = got == 0;
        switch (pass) {
        case PASS_SCAN:
            used = text_scan_feed(&pr->scan, buf, n, last);
            break;
        case PASS_POSITION:
            used = text_pos_feed(&pr->pos, buf, n, last);
            break;
        case PASS_GB18030:
            used = text_conv_feed(&pr->conv, buf, n, last, out, &olen);
            if (used == (size_t)-1) {
                pr->gb_ok = false;
                goto out;
            }
            if (olen && !pr->gb_started) {
                pr->gb_started = true;
                if (olen >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0)
                    memset(out, ' ', 3); /* U+FEFF is dropped: it counts as blank */
            }
            if (pr->gb_blank && !is_blank(out, olen))
                pr->gb_blank = false;
            break;
        }
        keep = n - used;
        memmove(buf, buf + used, keep);
        if (last)
            break;
    }
out:
    free(out);
    free(buf);
    return rc;
}

/* The position of byte offset `at` (after a BOM of `skip` bytes) of fd's text. */
static int probe_position(const char *path, int fd, size_t piece, uint64_t skip, uint64_t at,
                          struct probe *pr, struct att_err *err)
{
    pr->pos.line = 1;
    pr->pos.col = 1;
    return probe_pass(path, fd, piece, PASS_POSITION, skip, skip + at, pr, err);
}

int text_probe(const char *path, int fd, size_t piece, enum text_encoding *enc, struct att_err *err)
{
    struct probe pr;
    const struct text_scan *s = &pr.scan;
    uint64_t skip;
    int rc;

    memset(&pr, 0, sizeof pr);
    text_scan_init(&pr.scan);
    if (piece < 4)
        piece = 4;
    if ((rc = probe_pass(path, fd, piece, PASS_SCAN, 0, UINT64_MAX, &pr, err)) != ATT_OK)
        return rc;
    skip = s->bom ? 3 : 0;
    /* In text_decode's order: blank, NUL, valid UTF-8, GB18030, the bad byte. */
    if (s->blank)
        return att_errf_at(err, ATT_EDATA, path, 1, 1, tr("empty file"));
    if (s->has_nul) {
        if ((rc = probe_position(path, fd, piece, skip, s->nul_at, &pr, err)) != ATT_OK)
            return rc;
        return att_errf_at(err, ATT_EDATA, path, pr.pos.line, pr.pos.col,
                           tr("NUL byte (not a text file)"));
    }
    if (!s->has_bad) {
        *enc = s->bom ? TEXT_UTF8_BOM : TEXT_UTF8;
        return ATT_OK;
    }
    if (!s->bom && s->bad >= s->multi && text_conv_open(&pr.conv)) {
        rc = probe_pass(path, fd, piece, PASS_GB18030, 0, UINT64_MAX, &pr, err);
        text_conv_close(&pr.conv);
        if (rc != ATT_OK)
            return rc;
        if (pr.gb_ok && pr.gb_blank)
            return att_errf_at(err, ATT_EDATA, path, 1, 1, tr("empty file"));
        if (pr.gb_ok) {
            *enc = TEXT_GB18030;
            return ATT_OK;
        }
    }
    if ((rc = probe_position(path, fd, piece, skip, s->bad_at, &pr, err)) != ATT_OK)
        return rc;
    if (s->bom)
        return att_errf_at(err, ATT_EDATA, path, pr.pos.line, pr.pos.col,
                           tr("invalid UTF-8 byte 0x%02X (the file starts with a UTF-8 BOM)"),
                           s->bad_byte);
    if (s->bad < s->multi)
        return att_errf_at(err, ATT_EDATA, path, pr.pos.line, pr.pos.col,
                           tr("invalid UTF-8 byte 0x%02X (the rest of the file is UTF-8)"),
                           s->bad_byte);
    return att_errf_at(err, ATT_EDATA, path, pr.pos.line, pr.pos.col,
                       tr("invalid UTF-8 byte 0x%02X (and not GB18030 either)"), s->bad_byte);
}
