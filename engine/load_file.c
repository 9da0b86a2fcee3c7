/*
 * engine/load_file.c -- the loader's files (see load_int.h): the string
 * map, the columns and kinds, files streamed a window at a time (UTF-8, or
 * GB18030 converted as it is read) or bytes decoded whole, rows parsed
 * with libcsv, the header row, and reading a file.
 */
#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "load_int.h"
#include "messages.h"
#include "text.h"
#include "xalloc.h"

/*
 * libcsv's parser state "no row begun" (ROW_NOT_BEGUN in libcsv.c; the
 * field is public in struct csv_parser).  With it we know when a new row
 * can start, so every row gets the line it starts on even after blank lines
 * and quoted fields spanning lines.
 */
#define LIBCSV_ROW_NOT_BEGUN 0

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603u; /* 64-bit FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static struct smap_slot *smap_slot(struct smap *m, const char *key)
{
    size_t i = (size_t)hash_str(key) & (m->cap - 1);

    while (m->slots[i].key && strcmp(m->slots[i].key, key) != 0)
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

/* The value stored under key, or NULL. */
void *load_smap_get(struct smap *m, const char *key)
{
    return m->cap ? smap_slot(m, key)->val : NULL;
}

/* Store val under key (which must be absent); the key is copied into the arena. */
void load_smap_put(struct smap *m, struct arena *a, const char *key, void *val)
{
    struct smap_slot *s;

    if (2 * (m->n + 1) > m->cap) {
        struct smap old = *m;
        size_t i;

        m->cap = old.cap ? 2 * old.cap : 64;
        m->slots = xcalloc(m->cap, sizeof *m->slots);
        for (i = 0; i < old.cap; i++)
            if (old.slots[i].key)
                *smap_slot(m, old.slots[i].key) = old.slots[i];
        free(old.slots);
    }
    s = smap_slot(m, key);
    s->key = arena_strndup(a, key, strlen(key));
    s->val = val;
    m->n++;
}

void load_smap_release(struct smap *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

const char *const load_col_names[COL_COUNT] = {
    "code",   "name",  "parent", "name_en", "unit",     "measure", "region", "indicator",
    "period", "value", "source", "note",    "deadline", "kind",    "start",  "lead_unit",
};

/* In the order that breaks ties when a header fits two kinds equally well. */
static const struct kind_spec kind_specs[] = {
    {LOAD_REGIONS, 2, 3, {COL_CODE, COL_NAME, COL_PARENT}, "regions take code,name,parent"},
    {LOAD_INDICATORS,
     5,
     5,
     {COL_CODE, COL_NAME, COL_NAME_EN, COL_UNIT, COL_MEASURE},
     "indicators take code,name,name_en,unit,measure"},
    {LOAD_OBSERVATIONS,
     4,
     6,
     {COL_REGION, COL_INDICATOR, COL_PERIOD, COL_VALUE, COL_SOURCE, COL_NOTE},
     "observations take region,indicator,period,value,source,note"},
    {LOAD_TARGETS,
     5,
     8,
     {COL_REGION, COL_INDICATOR, COL_DEADLINE, COL_KIND, COL_VALUE, COL_START, COL_SOURCE,
      COL_LEAD_UNIT},
     "targets take region,indicator,deadline,kind,value,start,source,lead_unit"},
    {LOAD_OBSERVATIONS_WIDE,
     2,
     2,
     {COL_REGION, COL_INDICATOR},
     "wide observations take region,indicator and one column per period YYYY"},
};

#define KIND_COUNT (sizeof kind_specs / sizeof kind_specs[0])

const char *load_kind_name(enum load_kind kind)
{
    switch (kind) {
    case LOAD_REGIONS:
        return "regions";
    case LOAD_INDICATORS:
        return "indicators";
    case LOAD_OBSERVATIONS:
        return "observations";
    case LOAD_OBSERVATIONS_WIDE:
        return "observations (wide)";
    case LOAD_TARGETS:
        return "targets";
    }
    return "?";
}

static void on_field(void *s, size_t len, void *data)
{
    struct parse *ps = data;
    char *copy = arena_strndup(ps->a, s ? s : "", s ? len : 0);

    ps->cur = xgrow(ps->cur, sizeof *ps->cur, ps->ncur + 1, &ps->capcur);
    ps->cur[ps->ncur++] = text_trim(copy);
}

static void on_row(int c, void *data)
{
    struct parse *ps = data;
    struct lfile *f = ps->f;
    struct row *r;
    size_t i;
    bool blank = true;

    (void)c;
    for (i = 0; i < ps->ncur && blank; i++)
        blank = ps->cur[i][0] == '\0';
    /* Rows of nothing but empty cells (",,,," from a spreadsheet) are blank lines. */
    if (!blank) {
        f->rows = xgrow(f->rows, sizeof *f->rows, f->nrows + 1, &f->cap);
        r = &f->rows[f->nrows++];
        r->line = ps->row_line;
        r->nf = ps->ncur;
        r->f = arena_alloc(ps->a, ps->ncur * sizeof *r->f);
        memcpy(r->f, ps->cur, ps->ncur * sizeof *r->f);
    }
    ps->ncur = 0;
}

/* Bytes read from a file at a time: the window a large file is parsed in. */
#define LOAD_WINDOW (1u << 20)

/*
 * Read the next bytes of a GB18030 file and append their UTF-8 to buf (at
 * most 2 bytes for each byte read: buf grows to fit).  A character cut by
 * the read waits in raw for the next one.
 */
static int fill_gb18030(struct lfile *f, struct att_err *err)
{
    size_t got = fread(f->raw + f->nraw, 1, LOAD_WINDOW, f->fp);
    size_t used;
    size_t olen;
    bool last;

    if (got == 0 && ferror(f->fp))
        return att_errf(err, att_status_errno(errno), tr("cannot read '%s': %s"), f->name,
                        strerror(errno));
    f->nraw += got;
    last = got == 0;
    if (f->bufcap < f->n + 2 * f->nraw + 16 + 1) {
        f->bufcap = f->n + 2 * f->nraw + 16 + 1;
        f->buf = xrealloc(f->buf, f->bufcap);
    }
    used = text_conv_feed(&f->conv, f->raw, f->nraw, last, f->buf + f->n, &olen);
    if (used == (size_t)-1) /* the file changed since text_probe read it */
        return att_errf(err, ATT_EDATA, tr("cannot read '%s': %s"), f->name, strerror(EILSEQ));
    f->n += olen;
    f->nraw -= used;
    memmove(f->raw, f->raw + used, f->nraw);
    f->eof = last;
    return ATT_OK;
}

/* Read from f->fp until buf holds `want` bytes of UTF-8 or the file ends. */
static int fill(struct lfile *f, size_t want, struct att_err *err)
{
    while (!f->eof && f->n < want) {
        size_t got;
        int rc;

        if (f->bufcap < want + 1) {
            f->bufcap = want + 1;
            f->buf = xrealloc(f->buf, f->bufcap);
        }
        if (f->raw) {
            if ((rc = fill_gb18030(f, err)) != ATT_OK)
                return rc;
            continue;
        }
        got = fread(f->buf + f->n, 1, want - f->n, f->fp);
        f->n += got;
        if (got == 0) {
            if (ferror(f->fp))
                return att_errf(err, att_status_errno(errno), tr("cannot read '%s': %s"), f->name,
                                strerror(errno));
            f->eof = true;
        }
    }
    return ATT_OK;
}

/*
 * The next window of a file read from disk: whole lines (it ends after an
 * LF, or at the end of the file), so that no row's line number and no
 * UTF-8 sequence is cut; a line longer than LOAD_WINDOW grows the buffer.
 */
static int refill(struct lfile *f, struct att_err *err)
{
    size_t keep = f->buf ? f->n - f->len - (size_t)(f->text - f->buf) : 0;
    size_t want = LOAD_WINDOW;
    size_t cut = 0;
    int rc;

    if (keep)
        memmove(f->buf, f->text + f->len, keep);
    f->n = keep;
    for (;;) {
        size_t i;

        if ((rc = fill(f, want, err)) != ATT_OK)
            return rc;
        for (i = f->n; i-- > 0;)
            if (f->buf[i] == '\n') {
                cut = i + 1;
                break;
            }
        if (cut || f->eof)
            break;
        want = 2 * f->n; /* no line end yet: a longer line */
    }
    if (f->eof && (!cut || cut < f->n))
        cut = f->n; /* the last line has no line end */
    f->text = f->buf;
    if (f->skip_bom && cut >= 3 && memcmp(f->buf, "\xEF\xBB\xBF", 3) == 0) {
        f->text += 3;
        cut -= 3;
    }
    f->skip_bom = false;
    f->len = cut;
    f->pos = 0;
    f->win_line = f->line;
    return ATT_OK;
}

/*
 * Whether the file at f->in->path can be parsed as it is read: any regular
 * file.  text_probe reads it first (one fast pass; GB18030 and bad files
 * more) and either tells its encoding or writes the exact message for a
 * bad one; the window is then read from the start, UTF-8 as it is (less a
 * BOM), GB18030 converted piece by piece.  Any other file (a pipe: the
 * command copies those to a temporary file first) is decoded whole by
 * text_decode.
 */
static int probe(struct lfile *f, bool *stream, struct att_err *err)
{
    struct stat st;
    int rc = ATT_OK;

    *stream = false;
    f->fp = fopen(f->in->path, "rb");
    if (!f->fp)
        return att_errf(err, ATT_ENOINPUT, tr("cannot open '%s': %s"), f->name, strerror(errno));
    if (fstat(fileno(f->fp), &st) != 0 || !S_ISREG(st.st_mode))
        goto out;
    if ((rc = text_probe(f->name, fileno(f->fp), LOAD_WINDOW, &f->enc, err)) != ATT_OK)
        goto out;
    if (f->enc == TEXT_GB18030) {
        if (!text_conv_open(&f->conv)) {
            rc = att_errf(err, ATT_EINTERNAL, tr("cannot read '%s': %s"), f->name, strerror(errno));
            goto out;
        }
        f->raw = xmalloc(LOAD_WINDOW + 4);
    }
    /* A UTF-8 BOM, or a GB18030 file's U+FEFF once converted. */
    f->skip_bom = f->enc != TEXT_UTF8;
    *stream = true;
out:
    if (!*stream && f->fp) {
        fclose(f->fp);
        f->fp = NULL;
    }
    return rc;
}

/*
 * Parse the next rows of f into f->rows (replacing the previous batch),
 * with their fields in arena a: at least max_rows rows, or all that are
 * left (f->done is then set).
 */
int load_parse_more(struct lfile *f, struct arena *a, size_t max_rows, struct att_err *err)
{
    unsigned long l;
    unsigned long c;

    int rc;

    f->nrows = 0;
    f->ps.a = a;
    /* Feed one physical line at a time (ending in LF, CRLF or a lone CR). */
    while (f->nrows < max_rows) {
        size_t end = f->pos;
        size_t got;

        if (f->pos >= f->len) {
            if (!f->fp || f->eof)
                break;
            if ((rc = refill(f, err)) != ATT_OK)
                return rc;
            if (f->len == 0)
                break;
            end = f->pos;
        }

        while (end < f->len && f->text[end] != '\n' &&
               !(f->text[end] == '\r' && (end + 1 >= f->len || f->text[end + 1] != '\n')))
            end++;
        if (end < f->len)
            end++; /* include the line end */
        if (f->p.pstate == LIBCSV_ROW_NOT_BEGUN && f->ps.ncur == 0)
            f->ps.row_line = f->line;
        got = csv_parse(&f->p, f->text + f->pos, end - f->pos, on_field, on_row, &f->ps);
        if (got != end - f->pos) {
            int e = csv_error(&f->p);

            text_position(f->text, f->pos + got, &l, &c);
            l += f->win_line - 1;
            if (e == CSV_EPARSE)
                return att_errf_at(err, ATT_EDATA, f->name, l, c, tr("bad quoting (%s)"),
                                   csv_strerror(e));
            return att_errf_at(err, ATT_EINTERNAL, f->name, l, c, "%s", csv_strerror(e));
        }
        f->pos = end;
        f->line++;
    }
    if (f->pos >= f->len && (!f->fp || f->eof) && !f->done) {
        f->done = true;
        if (csv_fini(&f->p, on_field, on_row, &f->ps) != 0) {
            int e = csv_error(&f->p);

            if (e == CSV_EPARSE)
                return att_errf_at(err, ATT_EDATA, f->name, f->ps.row_line, f->ps.ncur + 1,
                                   tr("quoted field not closed at the end of the file (%s)"),
                                   csv_strerror(e));
            return att_errf_at(err, ATT_EINTERNAL, f->name, f->ps.row_line, f->ps.ncur + 1, "%s",
                               csv_strerror(e));
        }
    }
    if (f->header.f)
        f->sum->rows += f->nrows;
    return ATT_OK;
}

/* Lowercase ASCII in place. */
void load_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* Does header cell h look like a period column of a wide file (starts with a digit)? */
static bool is_period_like(const char *h)
{
    char buf[32];

    return text_ascii(h, buf, sizeof buf) && buf[0] >= '0' && buf[0] <= '9';
}

static enum col col_of(const char *h)
{
    size_t i;

    for (i = 0; i < COL_COUNT; i++)
        if (strcmp(h, load_col_names[i]) == 0)
            return (enum col)i;
    return COL_COUNT;
}

static bool spec_has(const struct kind_spec *k, enum col c)
{
    size_t i;

    for (i = 0; i < k->ncols; i++)
        if (k->cols[i] == c)
            return true;
    return false;
}

/* Tell the kind from the header row and map its columns. */
static int read_header(struct lfile *f, struct att_err *err)
{
    struct row *h = &f->header;
    const struct kind_spec *best = NULL;
    size_t best_score = 0;
    size_t best_missing = 0;
    size_t i;
    size_t k;

    for (i = 0; i < h->nf; i++)
        load_lower(h->f[i]);
    f->width = h->nf;
    while (f->width > 0 && h->f[f->width - 1][0] == '\0')
        f->width--;
    for (i = 0; i < f->width; i++)
        if (h->f[i][0] == '\0')
            return att_errf_at(err, ATT_EDATA, f->name, h->line, i + 1, tr("empty column name"));
    /* The kind whose columns the header names most; ties to the fewest missing. */
    for (k = 0; k < KIND_COUNT; k++) {
        const struct kind_spec *s = &kind_specs[k];
        size_t score = 0;
        size_t missing = 0;
        size_t j;

        for (i = 0; i < f->width; i++) {
            enum col c = col_of(h->f[i]);

            if ((c != COL_COUNT && spec_has(s, c)) ||
                (s->kind == LOAD_OBSERVATIONS_WIDE && c == COL_COUNT && is_period_like(h->f[i])))
                score++;
        }
        for (j = 0; j < s->nrequired; j++) {
            bool found = false;

            for (i = 0; i < f->width && !found; i++)
                found = strcmp(h->f[i], load_col_names[s->cols[j]]) == 0;
            missing += !found;
        }
        if (score > best_score || (score == best_score && score > 0 && missing < best_missing)) {
            best = s;
            best_score = score;
            best_missing = missing;
        }
    }
    if (!best)
        return att_errf_at(err, ATT_EDATA, f->name, h->line, 1,
                           tr("cannot tell the kind of file from its header (regions take "
                              "code,name,parent; indicators code,name,name_en,unit,measure; "
                              "observations region,indicator,period,value; targets "
                              "region,indicator,deadline,kind,value)"));
    f->spec = best;
    for (i = 0; i < COL_COUNT; i++)
        f->col[i] = NO_COL;
    if (best->kind == LOAD_OBSERVATIONS_WIDE)
        f->period = xcalloc(f->width, sizeof *f->period);
    for (i = 0; i < f->width; i++) {
        enum col c = col_of(h->f[i]);
        size_t j;

        if (c != COL_COUNT && spec_has(best, c)) {
            if (f->col[c] != NO_COL)
                return att_errf_at(err, ATT_EDATA, f->name, h->line, i + 1,
                                   tr("duplicate column '%s'"), h->f[i]);
            f->col[c] = i;
            continue;
        }
        if (best->kind == LOAD_OBSERVATIONS_WIDE && c == COL_COUNT && is_period_like(h->f[i])) {
            if (!text_period(h->f[i], f->period[i], NULL, NULL))
                return att_errf_at(err, ATT_EDATA, f->name, h->line, i + 1,
                                   tr("impossible period '%s' (expected YYYY or YYYY-MM, years "
                                      "1900-2100)"),
                                   h->f[i]);
            for (j = 0; j < i; j++)
                if (strcmp(f->period[j], f->period[i]) == 0)
                    return att_errf_at(err, ATT_EDATA, f->name, h->line, i + 1,
                                       tr("duplicate column '%s'"), h->f[i]);
            continue;
        }
        return att_errf_at(err, ATT_EDATA, f->name, h->line, i + 1,
                           tr("unexpected column '%s' (%s)"), h->f[i], tr(best->takes));
    }
    for (k = 0; k < best->nrequired; k++)
        if (f->col[best->cols[k]] == NO_COL)
            return att_errf_at(err, ATT_EDATA, f->name, h->line, 1, tr("missing column '%s' (%s)"),
                               load_col_names[best->cols[k]], tr(best->takes));
    if (best->kind == LOAD_OBSERVATIONS_WIDE && f->width < 3)
        return att_errf_at(err, ATT_EDATA, f->name, h->line, 1, tr("missing period columns (%s)"),
                           tr(best->takes));
    return ATT_OK;
}

/*
 * Whether fields k-1, k of row r look like one number split at an unquoted
 * thousands separator: "1" "234" from 1,234.
 */
static bool is_split_number(const struct row *r, size_t k)
{
    const char *a = r->f[k - 1], *b = r->f[k];
    size_t la = strlen(a);

    return la > 0 && la <= 3 && strspn(a, "0123456789") == la && strlen(b) >= 3 &&
           strspn(b, "0123456789") == 3 && (b[3] == '\0' || b[3] == '.');
}

/* Check that a data row has the header's number of fields (trailing empty cells are fine). */
int load_check_width(const struct lfile *f, const struct row *r, struct att_err *err)
{
    size_t i, k;

    if (r->nf < f->width)
        return att_errf_at(err, ATT_EDATA, f->name, r->line, r->nf + 1,
                           tr("too few fields (%zu, the header has %zu)"), r->nf, f->width);
    for (i = f->width; i < r->nf; i++) {
        if (r->f[i][0] == '\0')
            continue;
        for (k = 1; k < r->nf; k++)
            if (is_split_number(r, k))
                return att_errf_at(err, ATT_EDATA, f->name, r->line, k,
                                   tr("too many fields (%zu, the header has %zu): a number with a "
                                      "thousands separator must be quoted (\"%s,%s\")"),
                                   r->nf, f->width, r->f[k - 1], r->f[k]);
        return att_errf_at(err, ATT_EDATA, f->name, r->line, i + 1,
                           tr("too many fields (%zu, the header has %zu)"), r->nf, f->width);
    }
    return ATT_OK;
}

/* Step 1: decode the file, and read its header. */
int load_lfile_read(struct lfile *f, const struct load_input *in, struct arena *a,
                    struct att_err *err)
{
    int rc;

    bool stream = false;

    f->name = in->name;
    f->in = in;
    f->enc = TEXT_UTF8;
    if (!in->bytes && (rc = probe(f, &stream, err)) != ATT_OK)
        return rc;
    if (!stream) {
        char *raw = NULL;
        size_t rawlen = 0;

        if (!in->bytes && (rc = load_read_file(in->path, &raw, &rawlen, err)) != ATT_OK)
            return rc;
        rc = text_decode(in->name, in->bytes ? in->bytes : raw, in->bytes ? in->len : rawlen,
                         &f->own, &f->len, &f->enc, err);
        free(raw);
        if (rc != ATT_OK)
            return rc;
        f->text = f->own;
    }
    f->sum->encoding = text_encoding_name(f->enc);
    if (csv_init(&f->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return att_errf(err, ATT_EINTERNAL, tr("cannot start the CSV parser for '%s'"), f->name);
    f->p_open = true;
    f->ps.f = f;
    f->ps.row_line = 1;
    f->line = 1;
    f->win_line = 1;
    if ((rc = load_parse_more(f, a, 1, err)) != ATT_OK)
        return rc;
    if (f->nrows == 0)
        return att_errf_at(err, ATT_EDATA, f->name, 1, 1, tr("empty file"));
    f->header = f->rows[0];
    f->nrows = 0;
    if ((rc = read_header(f, err)) != ATT_OK)
        return rc;
    f->sum->kind = f->spec->kind;
    return ATT_OK;
}

void load_lfile_release(struct lfile *f)
{
    if (f->p_open)
        csv_free(&f->p);
    free(f->ps.cur);
    free(f->own);
    free(f->buf);
    free(f->raw);
    text_conv_close(&f->conv);
    if (f->fp)
        fclose(f->fp);
    free(f->rows);
    free(f->period);
    memset(f, 0, sizeof *f);
}

int load_read_file(const char *path, char **out, size_t *len, struct att_err *err)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0;
    size_t n = 0;
    int rc = ATT_OK;

    *out = NULL;
    if (!fp)
        return att_errf(err, ATT_ENOINPUT, tr("cannot open '%s': %s"), path, strerror(errno));
    for (;;) {
        size_t got;

        buf = xgrow(buf, 1, n + 65536, &cap);
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        /* A directory opens fine and fails on the first read. */
        int e = errno;

        rc = att_errf(err, e == EISDIR ? ATT_ENOINPUT : att_status_errno(e),
                      tr("cannot read '%s': %s"), path, strerror(e));
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    *out = buf;
    *len = n;
    return rc;
}
