/*
 * engine/load.c -- CSV files into the store in one transaction (see load.h).
 *
 * The work is done in three steps:
 *  1. read: each file is decoded to UTF-8 (text_decode) and its header row
 *     read with libcsv; the header tells the kind and maps the columns;
 *  2. regions, then indicators, from every file of those kinds (read whole):
 *     upserted by code, parents resolved once all regions are in, then
 *     checked for cycles;
 *  3. observations and targets, file by file in the order given, read in
 *     batches of rows (each row remembers the physical line it starts on),
 *     with names resolved against the tables as they now stand.
 * The first error stops everything and rolls back.  A key given twice with
 * different values anywhere in one call is an error naming both places.
 * Nothing per observation is kept in memory: the database itself tells a
 * key given earlier in this call (see observation), and the first place is
 * found by reading the files again on that error only.  A UTF-8 file on
 * disk is read a window at a time, so memory stays flat however large
 * the files are.
 *
 * Headers, keys and region/indicator rows live in an arena freed when the
 * load ends; the rows of a batch in a second arena freed batch by batch.
 */
#include <csv.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "db.h"
#include "load.h"
#include "names.h"
#include "text.h"
#include "xalloc.h"

/*
 * libcsv's parser state "no row begun" (ROW_NOT_BEGUN in libcsv.c; the
 * field is public in struct csv_parser).  With it we know when a new row
 * can start, so every row gets the line it starts on even after blank lines
 * and quoted fields spanning lines.
 */
#define LIBCSV_ROW_NOT_BEGUN 0

/* ---- string map (keys in the arena) -------------------------------------- */

struct smap_slot {
    const char *key; /* NULL: empty slot */
    void *val;
};

struct smap {
    struct smap_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t n;
};

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
static void *smap_get(struct smap *m, const char *key)
{
    return m->cap ? smap_slot(m, key)->val : NULL;
}

/* Store val under key (which must be absent); the key is copied into the arena. */
static void smap_put(struct smap *m, struct arena *a, const char *key, void *val)
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

static void smap_release(struct smap *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

/* ---- columns and kinds --------------------------------------------------- */

enum col {
    COL_CODE,
    COL_NAME,
    COL_PARENT,
    COL_NAME_EN,
    COL_UNIT,
    COL_MEASURE,
    COL_REGION,
    COL_INDICATOR,
    COL_PERIOD,
    COL_VALUE,
    COL_SOURCE,
    COL_NOTE,
    COL_DEADLINE,
    COL_KIND,
    COL_START,
    COL_LEAD_UNIT,
    COL_COUNT
};

static const char *const col_names[COL_COUNT] = {
    "code",   "name",  "parent", "name_en", "unit",     "measure", "region", "indicator",
    "period", "value", "source", "note",    "deadline", "kind",    "start",  "lead_unit",
};

#define NO_COL ((size_t)-1)

struct kind_spec {
    enum load_kind kind;
    size_t nrequired; /* the first nrequired of cols must be present */
    size_t ncols;
    enum col cols[8];
    const char *takes; /* for messages: what the header may hold */
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

/* ---- files and rows ------------------------------------------------------ */

struct row {
    unsigned long line; /* physical line the row starts on, from 1 */
    size_t nf;          /* fields */
    char **f;           /* trimmed fields, '\0'-terminated, in the arena */
};

struct lfile;

/* The state libcsv's callbacks build rows in. */
struct parse {
    struct lfile *f;
    struct arena *a; /* where the fields of the rows go */
    char **cur;      /* fields of the row being read (owned array) */
    size_t ncur;
    size_t capcur;
    unsigned long row_line; /* the line the row being read starts on */
};

/*
 * One input file.  Rows are read in batches (parse_more) so that a large
 * observations file never sits in memory as rows all at once; the parser
 * keeps its place between batches.
 */
struct lfile {
    const char *name;
    const struct load_input *in;
    char *text; /* the current window of UTF-8 text: into `own` or `buf` */
    size_t len; /* bytes in the window */
    char *own;  /* a file decoded whole (text_decode): owned */
    FILE *fp;   /* a file read window by window, or NULL */
    char *buf;  /* fp's buffer (owned): the window, then what was read after it */
    size_t n;   /* bytes in buf */
    size_t bufcap;
    bool eof;               /* fp has given all its bytes */
    bool skip_bom;          /* the first window starts with a BOM to drop */
    unsigned long win_line; /* the physical line the window starts on */
    enum text_encoding enc;
    struct row header; /* fields in the loader's arena */
    struct row *rows;  /* the current batch of data rows (owned array) */
    size_t nrows;
    size_t cap;
    const struct kind_spec *spec;
    size_t width;          /* header cells in use (trailing empty ones dropped) */
    size_t col[COL_COUNT]; /* field index of each named column, NO_COL if absent */
    char (*period)[8];     /* wide: the period of each field index, "" for others (owned) */
    struct load_summary *sum;
    struct csv_parser p;
    bool p_open;        /* csv_init done: csv_free due */
    bool done;          /* csv_fini done: no more rows */
    size_t pos;         /* the next byte of text to parse */
    unsigned long line; /* the physical line text[pos] is on */
    struct parse ps;
};

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

/* Rows per batch of an observations or targets file. */
#define LOAD_BATCH_ROWS 4096

/* Bytes read from a file at a time: the window a large file is parsed in. */
#define LOAD_WINDOW (1u << 20)

/* Read from f->fp until buf holds `want` bytes or the file ends. */
static int fill(struct lfile *f, size_t want, struct att_err *err)
{
    while (!f->eof && f->n < want) {
        size_t got;

        if (f->bufcap < want + 1) {
            f->bufcap = want + 1;
            f->buf = xrealloc(f->buf, f->bufcap);
        }
        got = fread(f->buf + f->n, 1, want - f->n, f->fp);
        f->n += got;
        if (got == 0) {
            if (ferror(f->fp))
                return att_errf(err, att_status_errno(errno), "cannot read '%s': %s", f->name,
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
    if (f->skip_bom) {
        f->text += 3;
        cut -= 3;
        f->skip_bom = false;
    }
    f->len = cut;
    f->pos = 0;
    f->win_line = f->line;
    return ATT_OK;
}

/*
 * Whether the file at f->in->path can be parsed as it is read: a regular
 * file, all valid UTF-8 (with or without a BOM), no NUL byte, not blank.
 * That is one fast pass over the file.  Any other file (GB18030, damaged
 * UTF-8, a pipe) is decoded whole by text_decode, which also writes the
 * exact message for a bad one.
 */
static int probe(struct lfile *f, bool *stream, struct att_err *err)
{
    char *buf = xmalloc(LOAD_WINDOW + 4);
    size_t carry = 0;
    bool first = true;
    bool blank = true;
    struct stat st;
    int rc = ATT_OK;

    *stream = false;
    f->fp = fopen(f->in->path, "rb");
    if (!f->fp) {
        rc = att_errf(err, ATT_ENOINPUT, "cannot open '%s': %s", f->name, strerror(errno));
        goto out;
    }
    if (fstat(fileno(f->fp), &st) != 0 || !S_ISREG(st.st_mode))
        goto out;
    for (;;) {
        size_t got = fread(buf + carry, 1, LOAD_WINDOW, f->fp);
        size_t n = carry + got;
        size_t from = 0;
        size_t valid;
        size_t i;

        if (got == 0) {
            if (ferror(f->fp)) {
                rc = att_errf(err, att_status_errno(errno), "cannot read '%s': %s", f->name,
                              strerror(errno));
                goto out;
            }
            if (carry)
                goto out; /* a cut UTF-8 sequence at the end */
            break;
        }
        if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
            f->enc = TEXT_UTF8_BOM;
            from = 3;
        }
        first = false;
        if (memchr(buf + from, '\0', n - from))
            goto out;
        for (i = from; i < n && blank; i++)
            blank = buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n';
        valid = from + text_utf8_valid(buf + from, n - from);
        if (valid < n && n - valid >= 4)
            goto out;
        carry = n - valid; /* a sequence the next read completes, or invalid */
        memmove(buf, buf + valid, carry);
    }
    if (blank)
        goto out;
    if (fseek(f->fp, 0, SEEK_SET) != 0) {
        rc = att_errf(err, att_status_errno(errno), "cannot read '%s': %s", f->name,
                      strerror(errno));
        goto out;
    }
    f->skip_bom = f->enc == TEXT_UTF8_BOM;
    *stream = true;
out:
    free(buf);
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
static int parse_more(struct lfile *f, struct arena *a, size_t max_rows, struct att_err *err)
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
                return att_errf_at(err, ATT_EDATA, f->name, l, c, "bad quoting (%s)",
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
                                   "quoted field not closed at the end of the file (%s)",
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
static void lower(char *s)
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
        if (strcmp(h, col_names[i]) == 0)
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
        lower(h->f[i]);
    f->width = h->nf;
    while (f->width > 0 && h->f[f->width - 1][0] == '\0')
        f->width--;
    for (i = 0; i < f->width; i++)
        if (h->f[i][0] == '\0')
            return att_errf_at(err, ATT_EDATA, f->name, h->line, i + 1, "empty column name");
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
                found = strcmp(h->f[i], col_names[s->cols[j]]) == 0;
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
                           "cannot tell the kind of file from its header (regions take "
                           "code,name,parent; indicators code,name,name_en,unit,measure; "
                           "observations region,indicator,period,value; targets "
                           "region,indicator,deadline,kind,value)");
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
                return att_errf_at(err, ATT_EDATA, f->name, h->line, i + 1, "duplicate column '%s'",
                                   h->f[i]);
            f->col[c] = i;
            continue;
        }
        if (best->kind == LOAD_OBSERVATIONS_WIDE && c == COL_COUNT && is_period_like(h->f[i])) {
            if (!text_period(h->f[i], f->period[i], NULL, NULL))
                return att_errf_at(err, ATT_EDATA, f->name, h->line, i + 1,
                                   "impossible period '%s' (expected YYYY or YYYY-MM, years "
                                   "1900-2100)",
                                   h->f[i]);
            for (j = 0; j < i; j++)
                if (strcmp(f->period[j], f->period[i]) == 0)
                    return att_errf_at(err, ATT_EDATA, f->name, h->line, i + 1,
                                       "duplicate column '%s'", h->f[i]);
            continue;
        }
        return att_errf_at(err, ATT_EDATA, f->name, h->line, i + 1, "unexpected column '%s' (%s)",
                           h->f[i], best->takes);
    }
    for (k = 0; k < best->nrequired; k++)
        if (f->col[best->cols[k]] == NO_COL)
            return att_errf_at(err, ATT_EDATA, f->name, h->line, 1, "missing column '%s' (%s)",
                               col_names[best->cols[k]], best->takes);
    if (best->kind == LOAD_OBSERVATIONS_WIDE && f->width < 3)
        return att_errf_at(err, ATT_EDATA, f->name, h->line, 1, "missing period columns (%s)",
                           best->takes);
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
static int check_width(const struct lfile *f, const struct row *r, struct att_err *err)
{
    size_t i, k;

    if (r->nf < f->width)
        return att_errf_at(err, ATT_EDATA, f->name, r->line, r->nf + 1,
                           "too few fields (%zu, the header has %zu)", r->nf, f->width);
    for (i = f->width; i < r->nf; i++) {
        if (r->f[i][0] == '\0')
            continue;
        for (k = 1; k < r->nf; k++)
            if (is_split_number(r, k))
                return att_errf_at(err, ATT_EDATA, f->name, r->line, k,
                                   "too many fields (%zu, the header has %zu): a number with a "
                                   "thousands separator must be quoted (\"%s,%s\")",
                                   r->nf, f->width, r->f[k - 1], r->f[k]);
        return att_errf_at(err, ATT_EDATA, f->name, r->line, i + 1,
                           "too many fields (%zu, the header has %zu)", r->nf, f->width);
    }
    return ATT_OK;
}

/* ---- the load ------------------------------------------------------------ */

/* Where a key was first seen in this call, and with what. */
struct seen {
    const char *file;
    unsigned long line;
    double value;
    const char *text; /* the value as written */
    const char *s[4]; /* other fields compared (regions, indicators, targets) */
};

/* A region row waiting for its parent (step 2). */
struct region_row {
    struct lfile *f;
    const struct row *r;
    int64_t id;
    bool existed;
    bool changed;       /* code spelling or name changed */
    int64_t old_parent; /* 0 for none */
};

struct loader {
    struct sqlite3 *db;
    struct att_err *err;
    int64_t load_id;
    struct arena arena; /* for the whole load: headers, keys, regions and indicators rows */
    struct arena batch; /* for the current batch of rows of the other files */
    struct names *regions;
    struct names *indicators;
    struct smap seen_regions;    /* lowercase code -> struct seen */
    struct smap region_names;    /* name -> struct seen */
    struct smap seen_indicators; /* lowercase code -> struct seen */
    struct smap indicator_names; /* name -> struct seen */
    struct smap seen_targets;    /* "rid\x1fiid\x1fdeadline\x1fkind\x1fstart" -> struct seen */
    int bind_rc; /* the first failed sqlite3_bind_* since the last step, or SQLITE_OK */
    struct region_row *rrows;
    size_t nrrows;
    size_t caprrows;
    sqlite3_stmt *st[24];
    struct lfile *files; /* every file of the call, for obs_twice */
    size_t nfiles;
    struct smap ids[2]; /* region / indicator names as written -> id (an intptr_t) */
};

enum stmt {
    ST_LOAD_INS,
    ST_REG_GET,
    ST_REG_INS,
    ST_REG_UPD,
    ST_REG_NAME,
    ST_REG_PARENT,
    ST_IND_GET,
    ST_IND_INS,
    ST_IND_UPD,
    ST_IND_NAME,
    ST_OBS_GET,
    ST_OBS_INS,
    ST_OBS_REV,
    ST_OBS_UPD,
    ST_OBS_META,
    ST_OBS_ADD,
    ST_OBS_TOUCH,
    ST_TGT_GET,
    ST_TGT_INS,
    ST_TGT_UPD,
    ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    "INSERT INTO loads(at, files) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1)",
    "SELECT id, code, name, parent_id FROM regions WHERE code = ?1 COLLATE NOCASE",
    "INSERT INTO regions(code, name, parent_id) VALUES (?1, ?2, NULL)",
    "UPDATE regions SET code = ?2, name = ?3 WHERE id = ?1",
    "SELECT code FROM regions WHERE name = ?1 AND id <> ?2",
    "UPDATE regions SET parent_id = ?2 WHERE id = ?1",
    "SELECT id, code, name, name_en, unit, measure FROM indicators WHERE code = ?1 COLLATE "
    "NOCASE",
    "INSERT INTO indicators(code, name, name_en, unit, measure) VALUES (?1, ?2, ?3, ?4, ?5)",
    "UPDATE indicators SET code = ?2, name = ?3, name_en = ?4, unit = ?5, measure = ?6 "
    "WHERE id = ?1",
    "SELECT code FROM indicators WHERE name = ?1 AND id <> ?2",
    "SELECT value, source, note, load_id FROM observations WHERE region_id = ?1 AND "
    "indicator_id = ?2 AND period = ?3",
    "INSERT INTO observations(region_id, indicator_id, period, value, source, note, load_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "INSERT INTO observation_revisions(region_id, indicator_id, period, value, source, note, "
    "load_id, replaced_by) SELECT region_id, indicator_id, period, value, source, note, "
    "load_id, ?4 FROM observations WHERE region_id = ?1 AND indicator_id = ?2 AND period = ?3",
    "UPDATE observations SET value = ?4, source = ?5, note = ?6, load_id = ?7 "
    "WHERE region_id = ?1 AND indicator_id = ?2 AND period = ?3",
    "UPDATE observations SET source = ?4, note = ?5 "
    "WHERE region_id = ?1 AND indicator_id = ?2 AND period = ?3",
    "INSERT INTO observations(region_id, indicator_id, period, value, source, note, load_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (region_id, indicator_id, period) DO NOTHING",
    "INSERT OR IGNORE INTO temp.load_touched(region_id, indicator_id, period) VALUES (?1, ?2, ?3)",
    "SELECT id, value, source, lead_unit FROM targets WHERE region_id = ?1 AND indicator_id = "
    "?2 AND deadline = ?3 AND kind = ?4 AND start = ?5",
    "INSERT INTO targets(region_id, indicator_id, deadline, kind, value, start, source, "
    "lead_unit, load_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    "UPDATE targets SET value = ?2, source = ?3, lead_unit = ?4, load_id = ?5 WHERE id = ?1",
};

/* A database failure while doing `what`; constraint failures are bad data. */
static int db_fail(struct loader *L, const struct lfile *f, const struct row *r, const char *what)
{
    /* A constraint is the data's fault, located; a full disk or a lock is not. */
    if (f && r && (sqlite3_errcode(L->db) & 0xff) == SQLITE_CONSTRAINT)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, 1, "cannot %s: %s", what,
                           sqlite3_errmsg(L->db));
    return db_failf(L->db, L->err, what);
}

/* Reset a statement for reuse; returns it. */
static sqlite3_stmt *stmt(struct loader *L, enum stmt s)
{
    /*
     * sqlite3_reset repeats the error of the statement's last step, which was
     * handled when it happened; clearing bindings cannot fail.
     */
    (void)sqlite3_reset(L->st[s]);
    (void)sqlite3_clear_bindings(L->st[s]);
    return L->st[s];
}

/*
 * Binding: every sqlite3_bind_* result is kept in L->bind_rc (the first
 * failure wins) and step() refuses to run a statement whose binding failed,
 * so one check per statement covers its parameters.
 */
static void bound(struct loader *L, int rc)
{
    if (rc != SQLITE_OK && L->bind_rc == SQLITE_OK)
        L->bind_rc = rc;
}

static void bind_i64(struct loader *L, sqlite3_stmt *st, int i, int64_t v)
{
    bound(L, sqlite3_bind_int64(st, i, v));
}

static void bind_dbl(struct loader *L, sqlite3_stmt *st, int i, double v)
{
    bound(L, sqlite3_bind_double(st, i, v));
}

static void bind_null(struct loader *L, sqlite3_stmt *st, int i)
{
    bound(L, sqlite3_bind_null(st, i));
}

/* Text, stored as given (even empty). */
static void bind_txt(struct loader *L, sqlite3_stmt *st, int i, const char *s)
{
    bound(L, sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT));
}

/* Text that stays put until the statement's next step (a row's field, a local buffer). */
static void bind_static(struct loader *L, sqlite3_stmt *st, int i, const char *s)
{
    bound(L, sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC));
}

/* Optional text: NULL when s is NULL or empty. */
static void bind_opt(struct loader *L, sqlite3_stmt *st, int i, const char *s)
{
    if (!s || !*s)
        bind_null(L, st, i);
    else
        bound(L, sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC));
}

/* sqlite3_step, or the binding failure if there was one. */
static int step(struct loader *L, sqlite3_stmt *st)
{
    int rc = L->bind_rc;

    if (rc != SQLITE_OK) {
        L->bind_rc = SQLITE_OK;
        return rc;
    }
    return sqlite3_step(st);
}

/* Two optional strings equal, treating NULL and "" alike. */
static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* A field of row r by column, "" if the file has no such column. */
static const char *field(const struct lfile *f, const struct row *r, enum col c)
{
    return f->col[c] == NO_COL ? "" : r->f[f->col[c]];
}

/* The 1-based column number of c in f, for messages. */
static unsigned long colno(const struct lfile *f, enum col c)
{
    return f->col[c] == NO_COL ? 1 : (unsigned long)f->col[c] + 1;
}

static struct seen *new_seen(struct loader *L, const struct lfile *f, const struct row *r)
{
    struct seen *s = arena_alloc(&L->arena, sizeof *s);

    memset(s, 0, sizeof *s);
    s->file = f->name;
    s->line = r->line;
    return s;
}

/* Read a non-negative number from field c, or write the error. */
static int read_value(struct loader *L, const struct lfile *f, const struct row *r, size_t fi,
                      double *v)
{
    const char *s = r->f[fi];

    switch (text_number(s, v)) {
    case TEXT_NUMBER_OK:
        break;
    case TEXT_NUMBER_EMPTY:
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, fi + 1, "empty value");
    case TEXT_NUMBER_INVALID:
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, fi + 1, "not a number '%s'", s);
    case TEXT_NUMBER_RANGE:
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, fi + 1, "number out of range '%s'",
                           s);
    }
    if (*v < 0)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, fi + 1,
                           "negative value '%s' (counts and amounts are never negative)", s);
    return ATT_OK;
}

/* A non-empty field, or the error "empty <what>". */
static int need(struct loader *L, const struct lfile *f, const struct row *r, enum col c,
                const char **out)
{
    *out = field(f, r, c);
    if (**out == '\0')
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, c), "empty %s",
                           col_names[c]);
    return ATT_OK;
}

/* Resolve the region or indicator named in column c. */
static int resolve(struct loader *L, const struct lfile *f, const struct row *r, enum col c,
                   int64_t *id)
{
    enum names_kind k = c == COL_INDICATOR ? NAMES_INDICATOR : NAMES_REGION;
    const struct names *t = k == NAMES_REGION ? L->regions : L->indicators;
    char suggest[256];
    const char *name;
    int rc = need(L, f, r, c, &name);
    void *hit;

    if (rc != ATT_OK)
        return rc;
    /* Most rows name a region and an indicator seen a row before: no search. */
    hit = smap_get(&L->ids[k == NAMES_INDICATOR], name);
    if (hit) {
        *id = (int64_t)(intptr_t)hit;
        return ATT_OK;
    }
    *id = names_find(t, name);
    if (*id) {
        smap_put(&L->ids[k == NAMES_INDICATOR], &L->arena, name, (void *)(intptr_t)*id);
        return ATT_OK;
    }
    names_suggest(t, name, suggest, sizeof suggest);
    if (suggest[0])
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, c),
                           "unknown %s '%s' (did you mean '%s'?)", names_kind_word(k), name,
                           suggest);
    return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, c), "unknown %s '%s'",
                       names_kind_word(k), name);
}

/* ---- regions -------------------------------------------------------------- */

static char *lower_dup(struct loader *L, const char *s)
{
    char *l = arena_strndup(&L->arena, s, strlen(s));

    lower(l);
    return l;
}

/*
 * A Chinese name belongs to one region (indicator): fail if `name` is held by
 * another one in the database (st_name: its code, for rows other than id)
 * that this call does not reload (seen: lowercase codes loaded here).
 * reading names the database step for db_fail ("read the regions").
 */
static int check_name_owner(struct loader *L, const struct lfile *f, const struct row *r,
                            enum stmt st_name, struct smap *seen, const char *kind,
                            const char *reading, const char *name, int64_t id)
{
    sqlite3_stmt *st = stmt(L, st_name);
    int rc;

    bind_txt(L, st, 1, name);
    bind_i64(L, st, 2, id);
    rc = step(L, st);
    if (rc == SQLITE_ROW) {
        const char *owner = (const char *)sqlite3_column_text(st, 0);
        char *lowner = lower_dup(L, owner ? owner : "");

        if (!smap_get(seen, lowner))
            return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_NAME),
                               "%s name '%s' already belongs to %s '%s'", kind, name, kind,
                               owner ? owner : "");
        return ATT_OK;
    }
    if (rc != SQLITE_DONE)
        return db_fail(L, f, r, reading);
    return ATT_OK;
}

/* Step 2a: one region row, upserted by code (its parent comes later). */
static int region_row(struct loader *L, struct lfile *f, const struct row *r)
{
    const char *code;
    const char *name;
    const char *parent = field(f, r, COL_PARENT);
    char *lcode;
    struct seen *s;
    struct region_row *rr;
    sqlite3_stmt *st;
    int rc;

    if ((rc = need(L, f, r, COL_CODE, &code)) != ATT_OK ||
        (rc = need(L, f, r, COL_NAME, &name)) != ATT_OK)
        return rc;
    lcode = lower_dup(L, code);
    s = smap_get(&L->seen_regions, lcode);
    if (s) {
        if (strcmp(s->s[0], name) != 0 || strcmp(s->s[1], parent) != 0)
            return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_CODE),
                               "region '%s' given twice with different values (%s:%lu and "
                               "%s:%lu)",
                               code, s->file, s->line, f->name, r->line);
        return ATT_OK; /* the same row again */
    }
    s = smap_get(&L->region_names, name);
    if (s)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_NAME),
                           "region name '%s' given to both '%s' (%s:%lu) and '%s' (%s:%lu)", name,
                           s->s[2], s->file, s->line, code, f->name, r->line);
    s = new_seen(L, f, r);
    s->s[0] = name;
    s->s[1] = parent;
    s->s[2] = code;
    smap_put(&L->seen_regions, &L->arena, lcode, s);
    smap_put(&L->region_names, &L->arena, name, s);

    L->rrows = xgrow(L->rrows, sizeof *L->rrows, L->nrrows + 1, &L->caprrows);
    rr = &L->rrows[L->nrrows++];
    memset(rr, 0, sizeof *rr);
    rr->f = f;
    rr->r = r;
    st = stmt(L, ST_REG_GET);
    bind_txt(L, st, 1, code);
    rc = step(L, st);
    if (rc == SQLITE_ROW) {
        rr->existed = true;
        rr->id = sqlite3_column_int64(st, 0);
        rr->changed = !same_text((const char *)sqlite3_column_text(st, 1), code) ||
                      !same_text((const char *)sqlite3_column_text(st, 2), name);
        rr->old_parent = sqlite3_column_int64(st, 3);
    } else if (rc != SQLITE_DONE) {
        return db_fail(L, f, r, "read the regions");
    }
    /* A name belongs to one region: another one (not reloaded here) may hold it. */
    if ((rc = check_name_owner(L, f, r, ST_REG_NAME, &L->seen_regions, "region", "read the regions",
                               name, rr->id)))
        return rc;
    if (rr->existed) {
        if (!rr->changed)
            return ATT_OK;
        st = stmt(L, ST_REG_UPD);
        bind_i64(L, st, 1, rr->id);
        bind_txt(L, st, 2, code);
        bind_txt(L, st, 3, name);
        if (step(L, st) != SQLITE_DONE)
            return db_fail(L, f, r, "update the region");
        return ATT_OK;
    }
    st = stmt(L, ST_REG_INS);
    bind_txt(L, st, 1, code);
    bind_txt(L, st, 2, name);
    if (step(L, st) != SQLITE_DONE)
        return db_fail(L, f, r, "add the region");
    rr->id = sqlite3_last_insert_rowid(L->db);
    return ATT_OK;
}

/* Step 2b: every region's parent, once all regions of the call are in. */
static int region_parents(struct loader *L)
{
    size_t i;
    int rc;

    for (i = 0; i < L->nrrows; i++) {
        struct region_row *rr = &L->rrows[i];
        const char *parent = field(rr->f, rr->r, COL_PARENT);
        int64_t pid = 0;
        sqlite3_stmt *st;

        if (*parent) {
            char suggest[256];

            pid = names_find(L->regions, parent);
            if (!pid) {
                names_suggest(L->regions, parent, suggest, sizeof suggest);
                if (suggest[0])
                    return att_errf_at(
                        L->err, ATT_EDATA, rr->f->name, rr->r->line, colno(rr->f, COL_PARENT),
                        "unknown parent region '%s' (did you mean '%s'?)", parent, suggest);
                return att_errf_at(L->err, ATT_EDATA, rr->f->name, rr->r->line,
                                   colno(rr->f, COL_PARENT), "unknown parent region '%s'", parent);
            }
        }
        if (rr->existed) {
            if (pid != rr->old_parent)
                rr->changed = true;
            if (pid == rr->old_parent)
                goto count;
        } else if (pid == 0) {
            goto count;
        }
        st = stmt(L, ST_REG_PARENT);
        bind_i64(L, st, 1, rr->id);
        if (pid)
            bind_i64(L, st, 2, pid);
        else
            bind_null(L, st, 2);
        rc = step(L, st);
        if (rc != SQLITE_DONE)
            return db_fail(L, rr->f, rr->r, "set the parent region");
    count:
        if (!rr->existed)
            rr->f->sum->added++;
        else if (rr->changed)
            rr->f->sum->changed++;
        else
            rr->f->sum->unchanged++;
    }
    return ATT_OK;
}

struct region_link {
    int64_t id;
    int64_t parent; /* 0 for a root */
    const char *code;
};

static int cmp_link(const void *a, const void *b)
{
    int64_t x = ((const struct region_link *)a)->id;
    int64_t y = ((const struct region_link *)b)->id;

    return (x > y) - (x < y);
}

static const struct region_link *find_link(const struct region_link *v, size_t n, int64_t id)
{
    struct region_link key = {id, 0, NULL};

    return bsearch(&key, v, n, sizeof *v, cmp_link);
}

/* Step 2c: no region may be its own ancestor. */
static int region_cycles(struct loader *L)
{
    struct region_link *v = NULL;
    size_t n = 0;
    size_t cap = 0;
    sqlite3_stmt *st = NULL;
    size_t i;
    int rc = ATT_OK;

    if (L->nrrows == 0)
        return ATT_OK;
    if (sqlite3_prepare_v2(L->db, "SELECT id, parent_id, code FROM regions ORDER BY id", -1, &st,
                           NULL) != SQLITE_OK)
        return db_fail(L, NULL, NULL, "read the regions");
    while ((rc = step(L, st)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 2);

        v = xgrow(v, sizeof *v, n + 1, &cap);
        v[n].id = sqlite3_column_int64(st, 0);
        v[n].parent = sqlite3_column_int64(st, 1);
        v[n].code = arena_strndup(&L->arena, code ? code : "", code ? strlen(code) : 0);
        n++;
    }
    if (rc != SQLITE_DONE) {
        rc = db_fail(L, NULL, NULL, "read the regions");
        goto out;
    }
    rc = ATT_OK;
    for (i = 0; i < L->nrrows && rc == ATT_OK; i++) {
        const struct region_row *rr = &L->rrows[i];
        const struct region_link *at = find_link(v, n, rr->id);
        size_t steps;

        for (steps = 0; at && at->parent && steps <= n; steps++) {
            at = find_link(v, n, at->parent);
            if (at && at->id == rr->id) {
                char chain[512];
                const struct region_link *w = find_link(v, n, rr->id);
                size_t len = 0;
                size_t k;

                /* Spell the cycle out: 'a' -> 'b' -> 'a'. */
                chain[0] = '\0';
                for (k = 0; k <= steps + 1 && w && len < sizeof chain; k++) {
                    int m = snprintf(chain + len, sizeof chain - len, "%s'%s'", k ? " -> " : "",
                                     w->code);

                    len = m < 0 ? sizeof chain : len + (size_t)m;
                    w = find_link(v, n, w->parent);
                }
                rc = att_errf_at(L->err, ATT_EDATA, rr->f->name, rr->r->line,
                                 colno(rr->f, COL_PARENT), "cycle in the region hierarchy: %s",
                                 chain);
                break;
            }
        }
    }
out:
    sqlite3_finalize(st);
    free(v);
    return rc;
}

/* ---- indicators ----------------------------------------------------------- */

static int indicator_row(struct loader *L, struct lfile *f, const struct row *r)
{
    const char *code;
    const char *name;
    const char *name_en = field(f, r, COL_NAME_EN);
    const char *unit = field(f, r, COL_UNIT);
    const char *measure_in;
    char measure[16];
    char *lcode;
    struct seen *s;
    sqlite3_stmt *st;
    int64_t id = 0;
    int rc;

    if ((rc = need(L, f, r, COL_CODE, &code)) != ATT_OK ||
        (rc = need(L, f, r, COL_NAME, &name)) != ATT_OK ||
        (rc = need(L, f, r, COL_MEASURE, &measure_in)) != ATT_OK)
        return rc;
    if (!text_ascii(measure_in, measure, sizeof measure) ||
        (lower(measure), strcmp(measure, "stock") != 0 && strcmp(measure, "flow") != 0))
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_MEASURE),
                           "unknown measure '%s' (expected stock or flow)", measure_in);
    lcode = lower_dup(L, code);
    s = smap_get(&L->seen_indicators, lcode);
    if (s) {
        if (strcmp(s->s[0], name) != 0 || strcmp(s->s[1], name_en) != 0 ||
            strcmp(s->s[2], unit) != 0 || strcmp(s->s[3], measure) != 0)
            return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_CODE),
                               "indicator '%s' given twice with different values (%s:%lu and "
                               "%s:%lu)",
                               code, s->file, s->line, f->name, r->line);
        return ATT_OK;
    }
    s = smap_get(&L->indicator_names, name);
    if (s)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_NAME),
                           "indicator name '%s' given to both '%s' (%s:%lu) and '%s' (%s:%lu)",
                           name, s->text, s->file, s->line, code, f->name, r->line);
    s = new_seen(L, f, r);
    s->s[0] = name;
    s->s[1] = name_en;
    s->s[2] = unit;
    s->s[3] = arena_strndup(&L->arena, measure, strlen(measure));
    s->text = code;
    smap_put(&L->seen_indicators, &L->arena, lcode, s);
    smap_put(&L->indicator_names, &L->arena, name, s);

    st = stmt(L, ST_IND_GET);
    bind_txt(L, st, 1, code);
    rc = step(L, st);
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        if (same_text((const char *)sqlite3_column_text(st, 1), code) &&
            same_text((const char *)sqlite3_column_text(st, 2), name) &&
            same_text((const char *)sqlite3_column_text(st, 3), name_en) &&
            same_text((const char *)sqlite3_column_text(st, 4), unit) &&
            same_text((const char *)sqlite3_column_text(st, 5), measure)) {
            f->sum->unchanged++;
            return ATT_OK;
        }
    } else if (rc != SQLITE_DONE) {
        return db_fail(L, f, r, "read the indicators");
    }
    if ((rc = check_name_owner(L, f, r, ST_IND_NAME, &L->seen_indicators, "indicator",
                               "read the indicators", name, id)))
        return rc;
    if (id) {
        st = stmt(L, ST_IND_UPD);
        bind_i64(L, st, 1, id);
        bind_txt(L, st, 2, code);
        bind_txt(L, st, 3, name);
        bind_txt(L, st, 4, name_en);
        bind_txt(L, st, 5, unit);
        bind_txt(L, st, 6, measure);
        if (step(L, st) != SQLITE_DONE)
            return db_fail(L, f, r, "update the indicator");
        f->sum->changed++;
        return ATT_OK;
    }
    st = stmt(L, ST_IND_INS);
    bind_txt(L, st, 1, code);
    bind_txt(L, st, 2, name);
    bind_txt(L, st, 3, name_en);
    bind_txt(L, st, 4, unit);
    bind_txt(L, st, 5, measure);
    if (step(L, st) != SQLITE_DONE)
        return db_fail(L, f, r, "add the indicator");
    f->sum->added++;
    return ATT_OK;
}

/* ---- observations --------------------------------------------------------- */

static int read_file(struct lfile *f, const struct load_input *in, struct arena *a,
                     struct att_err *err);
static void lfile_release(struct lfile *f);

/* Where an observation was first given in this call (found by obs_first). */
struct obs_place {
    const char *file;
    unsigned long line;
    char *text; /* the value as written (owned) */
};

/*
 * Does row r of g give the observation (rid, iid, period)?  On a match,
 * *place gets where, and its value as written.
 */
static bool obs_in_row(struct loader *L, const struct lfile *g, const struct row *r, int64_t rid,
                       int64_t iid, const char *period, struct obs_place *place)
{
    int64_t a = 0, b = 0;
    char p[8];
    size_t i;

    if (r->nf < g->width || resolve(L, g, r, COL_REGION, &a) != ATT_OK || a != rid ||
        resolve(L, g, r, COL_INDICATOR, &b) != ATT_OK || b != iid)
        return false;
    if (g->spec->kind == LOAD_OBSERVATIONS) {
        if (!text_period(field(g, r, COL_PERIOD), p, NULL, NULL) || strcmp(p, period) != 0)
            return false;
        i = g->col[COL_VALUE];
    } else {
        for (i = 0; i < g->width; i++)
            if (strcmp(g->period[i], period) == 0 && r->f[i][0] != '\0')
                break;
        if (i == g->width)
            return false;
    }
    place->file = g->name;
    place->line = r->line;
    place->text = xstrdup(r->f[i]);
    return true;
}

/*
 * Find the first place this call gave the observation (rid, iid, period):
 * read the observation files again from the start.  Only an error needs
 * it, so the load keeps no per-observation memory.
 */
static bool obs_first(struct loader *L, int64_t rid, int64_t iid, const char *period,
                      struct obs_place *place)
{
    bool found = false;
    size_t i, j;

    for (i = 0; i < L->nfiles && !found; i++) {
        const struct lfile *f = &L->files[i];
        struct load_summary sum;
        struct att_err quiet;
        struct arena scratch = {NULL};
        struct lfile g;

        if (f->spec->kind != LOAD_OBSERVATIONS && f->spec->kind != LOAD_OBSERVATIONS_WIDE)
            continue;
        memset(&g, 0, sizeof g);
        memset(&quiet, 0, sizeof quiet);
        g.sum = &sum;
        if (read_file(&g, f->in, &scratch, &quiet) == ATT_OK) {
            struct att_err *saved = L->err;

            L->err = &quiet; /* the first message must stay the load's own */
            do {
                arena_release(&scratch);
                if (parse_more(&g, &scratch, LOAD_BATCH_ROWS, &quiet) != ATT_OK)
                    break;
                for (j = 0; j < g.nrows && !found; j++)
                    found = obs_in_row(L, &g, &g.rows[j], rid, iid, period, place);
            } while (!found && !g.done);
            L->err = saved;
        }
        lfile_release(&g);
        arena_release(&scratch);
    }
    return found;
}

/* The error for an observation given twice in this call with different values. */
static int obs_twice(struct loader *L, const struct lfile *f, const struct row *r, int64_t rid,
                     int64_t iid, const char *period, size_t vfi)
{
    struct obs_place first = {NULL, 0, NULL};
    struct att_err *err = L->err;
    int rc;

    /* obs_first reads the files again: the row's fields are copied first. */
    if (!obs_first(L, rid, iid, period, &first))
        return att_errf_at(err, ATT_EDATA, f->name, r->line, vfi + 1,
                           "observation '%s' '%s' '%s' given twice with different values",
                           field(f, r, COL_REGION), field(f, r, COL_INDICATOR), period);
    rc = att_errf_at(err, ATT_EDATA, f->name, r->line, vfi + 1,
                     "observation '%s' '%s' '%s' given twice with different values "
                     "('%s' at %s:%lu, '%s' at %s:%lu)",
                     field(f, r, COL_REGION), field(f, r, COL_INDICATOR), period, first.text,
                     first.file, first.line, r->f[vfi], f->name, r->line);
    free(first.text);
    return rc;
}

/* Run ST_OBS_ADD or ST_OBS_UPD (the same parameters) for one observation. */
static int obs_write(struct loader *L, enum stmt which, int64_t rid, int64_t iid,
                     const char *period, double v, const char *source, const char *note)
{
    sqlite3_stmt *st = stmt(L, which);

    bind_i64(L, st, 1, rid);
    bind_i64(L, st, 2, iid);
    bind_static(L, st, 3, period);
    bind_dbl(L, st, 4, v);
    bind_opt(L, st, 5, source);
    bind_opt(L, st, 6, note);
    bind_i64(L, st, 7, L->load_id);
    return step(L, st);
}

/*
 * Store one observation.  vfi is the field index of the value (for
 * messages); source/note are NULL when the file has no such column.
 */
static int observation(struct loader *L, struct lfile *f, const struct row *r, int64_t rid,
                       int64_t iid, const char *period, size_t vfi, double v, const char *source,
                       const char *note)
{
    sqlite3_stmt *st;
    sqlite3_stmt *tt;
    double old;

    /*
     * The common case first: a key new to the database is one INSERT.  A
     * conflict means the key is in the database already: loaded before
     * (then compared, and revised if it changed), or earlier in this call
     * (its load_id is this load's, or it is in the temp table of keys this
     * call found unchanged), when a different value is an error.
     */
    if (obs_write(L, ST_OBS_ADD, rid, iid, period, v, source, note) != SQLITE_DONE)
        return db_fail(L, f, r, "store the observation");
    if (sqlite3_changes(L->db) == 1) {
        f->sum->added++;
        return ATT_OK;
    }
    st = stmt(L, ST_OBS_GET);
    bind_i64(L, st, 1, rid);
    bind_i64(L, st, 2, iid);
    bind_static(L, st, 3, period);
    if (step(L, st) != SQLITE_ROW)
        return db_fail(L, f, r, "read the observations");
    old = sqlite3_column_double(st, 0);
    if (sqlite3_column_int64(st, 3) == L->load_id)
        return old == v ? ATT_OK : obs_twice(L, f, r, rid, iid, period, vfi);
    tt = stmt(L, ST_OBS_TOUCH);
    bind_i64(L, tt, 1, rid);
    bind_i64(L, tt, 2, iid);
    bind_static(L, tt, 3, period);
    if (step(L, tt) != SQLITE_DONE)
        return db_fail(L, f, r, "note the observation");
    if (sqlite3_changes(L->db) == 0)
        return old == v ? ATT_OK : obs_twice(L, f, r, rid, iid, period, vfi);
    if (old == v) {
        bool meta = (source && !same_text(source, (const char *)sqlite3_column_text(st, 1))) ||
                    (note && !same_text(note, (const char *)sqlite3_column_text(st, 2)));

        f->sum->unchanged++;
        if (!meta)
            return ATT_OK;
        /* Same value, new source or note: no revision, the row is just corrected. */
        if (!source)
            source = (const char *)sqlite3_column_text(st, 1);
        if (!note)
            note = (const char *)sqlite3_column_text(st, 2);
        source = source ? arena_strndup(&L->batch, source, strlen(source)) : NULL;
        note = note ? arena_strndup(&L->batch, note, strlen(note)) : NULL;
        st = stmt(L, ST_OBS_META);
        bind_i64(L, st, 1, rid);
        bind_i64(L, st, 2, iid);
        bind_txt(L, st, 3, period);
        bind_opt(L, st, 4, source);
        bind_opt(L, st, 5, note);
        if (step(L, st) != SQLITE_DONE)
            return db_fail(L, f, r, "update the observation");
        return ATT_OK;
    }
    st = stmt(L, ST_OBS_REV);
    bind_i64(L, st, 1, rid);
    bind_i64(L, st, 2, iid);
    bind_txt(L, st, 3, period);
    bind_i64(L, st, 4, L->load_id);
    if (step(L, st) != SQLITE_DONE)
        return db_fail(L, f, r, "keep the old observation as a revision");
    f->sum->changed++;
    if (obs_write(L, ST_OBS_UPD, rid, iid, period, v, source, note) != SQLITE_DONE)
        return db_fail(L, f, r, "store the observation");
    return ATT_OK;
}

static int observation_row(struct loader *L, struct lfile *f, const struct row *r)
{
    int64_t rid;
    int64_t iid;
    char period[8];
    const char *p;
    double v;
    int rc;

    if ((rc = resolve(L, f, r, COL_REGION, &rid)) != ATT_OK ||
        (rc = resolve(L, f, r, COL_INDICATOR, &iid)) != ATT_OK ||
        (rc = need(L, f, r, COL_PERIOD, &p)) != ATT_OK)
        return rc;
    if (!text_period(p, period, NULL, NULL))
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_PERIOD),
                           "impossible period '%s' (expected YYYY or YYYY-MM, years 1900-2100)", p);
    if ((rc = read_value(L, f, r, f->col[COL_VALUE], &v)) != ATT_OK)
        return rc;
    return observation(L, f, r, rid, iid, period, f->col[COL_VALUE], v,
                       f->col[COL_SOURCE] == NO_COL ? NULL : field(f, r, COL_SOURCE),
                       f->col[COL_NOTE] == NO_COL ? NULL : field(f, r, COL_NOTE));
}

static int wide_row(struct loader *L, struct lfile *f, const struct row *r)
{
    int64_t rid;
    int64_t iid;
    size_t i;
    int rc;

    if ((rc = resolve(L, f, r, COL_REGION, &rid)) != ATT_OK ||
        (rc = resolve(L, f, r, COL_INDICATOR, &iid)) != ATT_OK)
        return rc;
    for (i = 0; i < f->width; i++) {
        double v;

        if (f->period[i][0] == '\0')
            continue;
        if (r->f[i][0] == '\0') {
            f->sum->empty++;
            continue;
        }
        if ((rc = read_value(L, f, r, i, &v)) != ATT_OK ||
            (rc = observation(L, f, r, rid, iid, f->period[i], i, v, NULL, NULL)) != ATT_OK)
            return rc;
    }
    return ATT_OK;
}

/* ---- targets -------------------------------------------------------------- */

static int target_row(struct loader *L, struct lfile *f, const struct row *r)
{
    int64_t rid;
    int64_t iid;
    const char *text;
    char kind[16];
    int deadline;
    int start;
    double v;
    const char *source = field(f, r, COL_SOURCE);
    const char *lead = field(f, r, COL_LEAD_UNIT);
    char key[96];
    struct seen *s;
    sqlite3_stmt *st;
    int rc;

    if ((rc = resolve(L, f, r, COL_REGION, &rid)) != ATT_OK ||
        (rc = resolve(L, f, r, COL_INDICATOR, &iid)) != ATT_OK ||
        (rc = need(L, f, r, COL_DEADLINE, &text)) != ATT_OK)
        return rc;
    if (!text_year(text, &deadline))
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_DEADLINE),
                           "impossible deadline '%s' (expected a year 1900-2100)", text);
    if ((rc = need(L, f, r, COL_KIND, &text)) != ATT_OK)
        return rc;
    if (!text_ascii(text, kind, sizeof kind) ||
        (lower(kind), strcmp(kind, "level") != 0 && strcmp(kind, "increment") != 0))
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_KIND),
                           "unknown target kind '%s' (expected level or increment)", text);
    if ((rc = read_value(L, f, r, f->col[COL_VALUE], &v)) != ATT_OK)
        return rc;
    text = field(f, r, COL_START);
    start = deadline;
    if (*text && !text_year(text, &start))
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_START),
                           "impossible start year '%s' (expected a year 1900-2100)", text);
    if (kind[0] == 'l' && start != deadline)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_START),
                           "a level target has no start year (start %d, deadline %d)", start,
                           deadline);
    if (start > deadline)
        return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_START),
                           "increment starts after its deadline (start %d, deadline %d)", start,
                           deadline);

    snprintf(key, sizeof key, "%lld\x1f%lld\x1f%d\x1f%s\x1f%d", (long long)rid, (long long)iid,
             deadline, kind, start);
    s = smap_get(&L->seen_targets, key);
    if (s) {
        if (s->value != v || strcmp(s->s[0], source) != 0 || strcmp(s->s[1], lead) != 0)
            return att_errf_at(L->err, ATT_EDATA, f->name, r->line, colno(f, COL_VALUE),
                               "target '%s' '%s' %d %s given twice with different values "
                               "(%s:%lu and %s:%lu)",
                               field(f, r, COL_REGION), field(f, r, COL_INDICATOR), deadline, kind,
                               s->file, s->line, f->name, r->line);
        return ATT_OK;
    }
    s = new_seen(L, f, r);
    s->value = v;
    s->s[0] = arena_strndup(&L->arena, source, strlen(source));
    s->s[1] = arena_strndup(&L->arena, lead, strlen(lead));
    smap_put(&L->seen_targets, &L->arena, key, s);

    st = stmt(L, ST_TGT_GET);
    bind_i64(L, st, 1, rid);
    bind_i64(L, st, 2, iid);
    bind_i64(L, st, 3, deadline);
    bind_txt(L, st, 4, kind);
    bind_i64(L, st, 5, start);
    rc = step(L, st);
    if (rc == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);

        if (sqlite3_column_double(st, 1) == v &&
            same_text((const char *)sqlite3_column_text(st, 2), source) &&
            same_text((const char *)sqlite3_column_text(st, 3), lead)) {
            f->sum->unchanged++;
            return ATT_OK;
        }
        st = stmt(L, ST_TGT_UPD);
        bind_i64(L, st, 1, id);
        bind_dbl(L, st, 2, v);
        bind_opt(L, st, 3, source);
        bind_opt(L, st, 4, lead);
        bind_i64(L, st, 5, L->load_id);
        if (step(L, st) != SQLITE_DONE)
            return db_fail(L, f, r, "update the target");
        f->sum->changed++;
        return ATT_OK;
    }
    if (rc != SQLITE_DONE)
        return db_fail(L, f, r, "read the targets");
    st = stmt(L, ST_TGT_INS);
    bind_i64(L, st, 1, rid);
    bind_i64(L, st, 2, iid);
    bind_i64(L, st, 3, deadline);
    bind_txt(L, st, 4, kind);
    bind_dbl(L, st, 5, v);
    bind_i64(L, st, 6, start);
    bind_opt(L, st, 7, source);
    bind_opt(L, st, 8, lead);
    bind_i64(L, st, 9, L->load_id);
    if (step(L, st) != SQLITE_DONE)
        return db_fail(L, f, r, "add the target");
    f->sum->added++;
    return ATT_OK;
}

/* ---- driver --------------------------------------------------------------- */

/*
 * Run row function fn over every data row of the files of `kind`.  Regions
 * and indicators files are read whole into the load's arena (their rows are
 * needed again for parents); other files batch by batch.
 */
static int each_row(struct loader *L, struct lfile *f, enum load_kind kind,
                    int (*fn)(struct loader *, struct lfile *, const struct row *))
{
    bool whole = kind == LOAD_REGIONS || kind == LOAD_INDICATORS;
    size_t j;
    int rc;

    if (f->spec->kind != kind)
        return ATT_OK;
    do {
        if (!whole)
            arena_release(&L->batch);
        rc = parse_more(f, whole ? &L->arena : &L->batch, whole ? SIZE_MAX : LOAD_BATCH_ROWS,
                        L->err);
        if (rc != ATT_OK)
            return rc;
        for (j = 0; j < f->nrows; j++) {
            if ((rc = check_width(f, &f->rows[j], L->err)) != ATT_OK ||
                (rc = fn(L, f, &f->rows[j])) != ATT_OK)
                return rc;
        }
    } while (!f->done);
    return ATT_OK;
}

/* Step 1: decode the file, and read its header. */
static int read_file(struct lfile *f, const struct load_input *in, struct arena *a,
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
        return att_errf(err, ATT_EINTERNAL, "cannot start the CSV parser for '%s'", f->name);
    f->p_open = true;
    f->ps.f = f;
    f->ps.row_line = 1;
    f->line = 1;
    f->win_line = 1;
    if ((rc = parse_more(f, a, 1, err)) != ATT_OK)
        return rc;
    if (f->nrows == 0)
        return att_errf_at(err, ATT_EDATA, f->name, 1, 1, "empty file");
    f->header = f->rows[0];
    f->nrows = 0;
    if ((rc = read_header(f, err)) != ATT_OK)
        return rc;
    f->sum->kind = f->spec->kind;
    return ATT_OK;
}

/*
 * A page cache for the load as large as half its input (at least 8 MB).
 * The observations' primary-key index takes rows in key order, not the
 * file's, so a cache much smaller than the index re-reads and re-writes
 * pages for every row; half the CSV holds most of the index of what it
 * brings (about 25 bytes a row) and keeps the load's memory well under the
 * size of its files.  SQLite takes cache pages as it uses them: a small
 * load stays small.
 */
static int set_cache(struct loader *L, const struct load_input *in, size_t n)
{
    unsigned long long bytes = 0;
    unsigned long long kib;
    char sql[64];
    size_t i;

    for (i = 0; i < n; i++) {
        struct stat st;

        if (in[i].bytes)
            bytes += in[i].len;
        else if (stat(in[i].path, &st) == 0 && st.st_size > 0)
            bytes += (unsigned long long)st.st_size;
    }
    kib = bytes / 2 / 1024;
    if (kib < 8192)
        kib = 8192;
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%llu", kib);
    if (sqlite3_exec(L->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(L, NULL, NULL, "size the page cache");
    return ATT_OK;
}

static void lfile_release(struct lfile *f)
{
    if (f->p_open)
        csv_free(&f->p);
    free(f->ps.cur);
    free(f->own);
    free(f->buf);
    if (f->fp)
        fclose(f->fp);
    free(f->rows);
    free(f->period);
    memset(f, 0, sizeof *f);
}

/* Steps 2 and 3, inside the transaction. */
static int write_all(struct loader *L, struct lfile *files, size_t n)
{
    size_t i;
    int rc;

    for (i = 0; i < n; i++)
        if ((rc = each_row(L, &files[i], LOAD_REGIONS, region_row)) != ATT_OK)
            return rc;
    if ((rc = names_new(L->db, NAMES_REGION, &L->regions, L->err)) != ATT_OK ||
        (rc = region_parents(L)) != ATT_OK || (rc = region_cycles(L)) != ATT_OK)
        return rc;
    for (i = 0; i < n; i++)
        if ((rc = each_row(L, &files[i], LOAD_INDICATORS, indicator_row)) != ATT_OK)
            return rc;
    if ((rc = names_new(L->db, NAMES_INDICATOR, &L->indicators, L->err)) != ATT_OK)
        return rc;
    /* The other files in the order given: each file is one kind. */
    for (i = 0; i < n; i++) {
        if ((rc = each_row(L, &files[i], LOAD_OBSERVATIONS, observation_row)) != ATT_OK ||
            (rc = each_row(L, &files[i], LOAD_OBSERVATIONS_WIDE, wide_row)) != ATT_OK ||
            (rc = each_row(L, &files[i], LOAD_TARGETS, target_row)) != ATT_OK)
            return rc;
    }
    return ATT_OK;
}

int load_files(struct sqlite3 *db, const struct load_input *in, size_t n, struct load_summary *sums,
               int64_t *load_id, struct att_err *err)
{
    struct loader L;
    struct lfile *files = xcalloc(n ? n : 1, sizeof *files);
    struct load_summary *own = xcalloc(n ? n : 1, sizeof *own);
    char *names = NULL;
    size_t names_len = 0;
    bool in_tx = false;
    bool fk_off = false;
    size_t i;
    int rc = ATT_OK;

    memset(&L, 0, sizeof L);
    L.db = db;
    L.err = err;
    for (i = 0; i < n; i++) {
        files[i].sum = &own[i];
        if ((rc = read_file(&files[i], &in[i], &L.arena, err)) != ATT_OK)
            goto out;
    }
    if (!sqlite3_get_autocommit(db)) {
        rc = att_errf(err, ATT_EINTERNAL, "cannot load: a transaction is already open");
        goto out;
    }
    L.files = files;
    L.nfiles = n;
    /*
     * Bulk work: every id the loader writes was just resolved against the
     * tables inside this transaction (names_find, region_parents) and the
     * load_id is this load's own row, so SQLite's foreign-key lookups --
     * three per observation -- could only repeat what is already known.
     * They are off for the load and back on after it (PRAGMA foreign_keys
     * is a no-op inside a transaction, so this comes before BEGIN).  The
     * temp table holds the keys a reload found unchanged (see observation).
     */
    fk_off = true;
    if (set_cache(&L, in, n) != ATT_OK ||
        sqlite3_exec(db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db,
                     "CREATE TEMP TABLE IF NOT EXISTS load_touched (region_id INTEGER NOT NULL, "
                     "indicator_id INTEGER NOT NULL, period TEXT NOT NULL, PRIMARY KEY "
                     "(region_id, indicator_id, period)) WITHOUT ROWID;"
                     "DELETE FROM temp.load_touched",
                     NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_fail(&L, NULL, NULL, "prepare the load");
        goto out;
    }
    for (i = 0; i < ST_COUNT; i++) {
        if (sqlite3_prepare_v2(db, stmt_sql[i], -1, &L.st[i], NULL) != SQLITE_OK) {
            rc = db_fail(&L, NULL, NULL, "prepare the loader's statements");
            goto out;
        }
    }
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_fail(&L, NULL, NULL, "begin the load");
        goto out;
    }
    in_tx = true;
    for (i = 0; i < n; i++) {
        size_t len = strlen(in[i].name);

        names = xrealloc(names, names_len + len + 2);
        if (i)
            names[names_len++] = '\n';
        memcpy(names + names_len, in[i].name, len + 1);
        names_len += len;
    }
    {
        sqlite3_stmt *st = stmt(&L, ST_LOAD_INS);

        bind_txt(&L, st, 1, names ? names : "");
        if (step(&L, st) != SQLITE_DONE) {
            rc = db_fail(&L, NULL, NULL, "record the load");
            goto out;
        }
        L.load_id = sqlite3_last_insert_rowid(db);
    }
    if ((rc = write_all(&L, files, n)) != ATT_OK)
        goto out;
    /* No statement may be left mid-step at COMMIT; their errors were handled. */
    for (i = 0; i < ST_COUNT; i++)
        (void)sqlite3_reset(L.st[i]);
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_fail(&L, NULL, NULL, "commit the load");
        goto out;
    }
    in_tx = false;
    if (sums)
        memcpy(sums, own, n * sizeof *sums);
    if (load_id)
        *load_id = L.load_id;
out:
    for (i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(L.st[i]);
    /* After some errors SQLite has rolled back by itself already. */
    if (in_tx && !sqlite3_get_autocommit(db))
        (void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (fk_off) {
        (void)sqlite3_exec(db, "DROP TABLE IF EXISTS temp.load_touched", NULL, NULL, NULL);
        (void)sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
        (void)sqlite3_exec(db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
    }
    for (i = 0; i < n; i++)
        lfile_release(&files[i]);
    names_free(L.regions);
    names_free(L.indicators);
    smap_release(&L.seen_regions);
    smap_release(&L.region_names);
    smap_release(&L.seen_indicators);
    smap_release(&L.indicator_names);
    smap_release(&L.ids[0]);
    smap_release(&L.ids[1]);
    smap_release(&L.seen_targets);
    free(L.rrows);
    free(names);
    free(own);
    free(files);
    arena_release(&L.batch);
    arena_release(&L.arena);
    return rc;
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
        return att_errf(err, ATT_ENOINPUT, "cannot open '%s': %s", path, strerror(errno));
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

        rc = att_errf(err, e == EISDIR ? ATT_ENOINPUT : att_status_errno(e), "cannot read '%s': %s",
                      path, strerror(e));
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    *out = buf;
    *len = n;
    return rc;
}
