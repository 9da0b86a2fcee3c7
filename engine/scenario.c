/*
 * engine/scenario.c -- reading a scenario file (scenario.h).  libinih splits
 * the file into sections and `key = value` pairs; it is fed one line at a
 * time by our own reader, which is how every message knows its line (the
 * library's handler is not told).  Values are then read and checked here,
 * and names resolved against the database, so that a bad file stops before
 * anything runs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "db.h"
#include "messages.h"
#include "names.h"
#include "scenario.h"
#include "text.h"
#include "xalloc.h"

/* The keys of an indicator section, in the order the messages list them. */
enum scen_key { K_REGIONS, K_FROM, K_GROWTH, K_ADDITIONS, K_CAPACITY, K_SHOCK, K_COUNT };
static const char *const lever_keys[K_COUNT] = {"regions",   "from",     "growth",
                                                "additions", "capacity", "shock"};
static const char *const scenario_keys[] = {"name", "note"};

/* A section as written, before its values are read. */
struct raw_section {
    unsigned long line; /* of its [header] */
    char *title;        /* the indicator as written */
    char *val[K_COUNT]; /* NULL when the key is absent */
    unsigned long vline[K_COUNT];
};

struct parser {
    const char *path;
    const char *text;
    size_t len, pos;
    unsigned long line;        /* of the line last handed to inih */
    unsigned long header_line; /* of the last [section] line handed to inih */
    unsigned long name_line, note_line;
    char *name, *note;
    struct raw_section *sec;
    size_t n_sec, cap_sec;
    struct att_err err; /* the first error found while reading */
    unsigned long err_line;
    unsigned long *headers; /* every [section] line, to find the empty sections */
    size_t n_headers, cap_headers;
};

static void vfail(struct parser *p, unsigned long line, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static int fail(struct parser *p, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int bad(struct parser *p, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record the first error (the one on the earliest line), as "path:line: message". */
static void vfail(struct parser *p, unsigned long line, const char *fmt, va_list ap)
{
    char msg[ATT_ERR_MAX - 128];

    if (p->err.set && p->err_line <= line)
        return;
    vsnprintf(msg, sizeof msg, fmt, ap);
    att_err_clear(&p->err);
    snprintf(p->err.msg, sizeof p->err.msg, "%s:%lu: %s", p->path, line, msg);
    p->err.code = ATT_EDATA;
    p->err.set = true;
    p->err.located = true;
    p->err_line = line;
}

/* vfail, returning 0: inih's "this pair failed". */
static int fail(struct parser *p, unsigned long line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfail(p, line, fmt, ap);
    va_end(ap);
    return 0;
}

/* vfail, returning ATT_EDATA: for the checks after parsing. */
static int bad(struct parser *p, unsigned long line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfail(p, line, fmt, ap);
    va_end(ap);
    return ATT_EDATA;
}

/* inih's reader: one line at a time (with its '\n'), refusing lines that do not fit. */
static char *read_line(char *str, int num, void *stream)
{
    struct parser *p = stream;
    size_t start = p->pos, end = start, n;
    const char *s;

    if (p->pos >= p->len || num < 2)
        return NULL;
    while (end < p->len && p->text[end] != '\n')
        end++;
    if (end < p->len)
        end++; /* keep the '\n' */
    n = end - start;
    p->line++;
    p->pos = end;
    if (n > (size_t)num - 1) {
        fail(p, p->line, tr("line is longer than %d bytes"), num - 1);
        p->pos = p->len; /* stop here: the rest would be read out of step */
        return NULL;
    }
    memcpy(str, p->text + start, n);
    str[n] = '\0';
    for (s = str; *s == ' ' || *s == '\t'; s++)
        ;
    if (*s == '[') {
        p->header_line = p->line;
        p->headers = xgrow(p->headers, sizeof *p->headers, p->n_headers + 1, &p->cap_headers);
        p->headers[p->n_headers++] = p->line;
    }
    return str;
}

static bool is_key(const char *name, const char *const *keys, size_t n, size_t *which)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(name, keys[i]) == 0) {
            *which = i;
            return true;
        }
    return false;
}

/* "unknown key 'grwoth' in [高新技术企业] (did you mean 'growth'?)", or the keys it takes. */
static int unknown_key(struct parser *p, const char *section, const char *name,
                       const char *const *keys, size_t n)
{
    char known[256] = "";
    size_t i, best = n, best_d = (size_t)-1, len = 0;

    for (i = 0; i < n; i++) {
        size_t d = text_distance(name, keys[i]);
        if (d < best_d) {
            best_d = d;
            best = i;
        }
        int w = snprintf(known + len, sizeof known - len, "%s%s", i ? tr(", ") : "", keys[i]);
        if (w > 0 && (size_t)w < sizeof known - len)
            len += (size_t)w;
    }
    if (best < n && 2 * best_d <= strlen(keys[best]))
        return fail(p, p->line, tr("unknown key '%s' in [%s] (did you mean '%s'?)"), name, section,
                    keys[best]);
    return fail(p, p->line, tr("unknown key '%s' in [%s] (it takes %s)"), name, section, known);
}

static bool is_scenario_section(const char *section)
{
    return strcmp(section, "scenario") == 0;
}

static int on_pair(void *user, const char *section, const char *name, const char *value)
{
    struct parser *p = user;
    struct raw_section *sec;
    size_t k;

    if (!section[0])
        return fail(p, p->line,
                    tr("'%s' is outside a section (put it under [scenario] or an "
                       "indicator's [section])"),
                    name);
    if (is_scenario_section(section)) {
        if (!is_key(name, scenario_keys, 2, &k))
            return unknown_key(p, section, name, scenario_keys, 2);
        unsigned long *line = k == 0 ? &p->name_line : &p->note_line;
        char **dst = k == 0 ? &p->name : &p->note;
        if (*line)
            return fail(p, p->line, tr("duplicate key '%s' (first on line %lu)"), name, *line);
        *line = p->line;
        *dst = xstrdup(value);
        return 1;
    }
    /* A repeated [indicator] header starts a new section: found by its header's line. */
    if (p->n_sec == 0 || p->sec[p->n_sec - 1].line != p->header_line) {
        p->sec = xgrow(p->sec, sizeof *p->sec, p->n_sec + 1, &p->cap_sec);
        sec = &p->sec[p->n_sec++];
        memset(sec, 0, sizeof *sec);
        sec->line = p->header_line;
        sec->title = xstrdup(section);
    }
    sec = &p->sec[p->n_sec - 1];
    if (!is_key(name, lever_keys, K_COUNT, &k))
        return unknown_key(p, section, name, lever_keys, K_COUNT);
    if (sec->val[k])
        return fail(p, p->line, tr("duplicate key '%s' (first on line %lu)"), name, sec->vline[k]);
    sec->val[k] = xstrdup(value);
    sec->vline[k] = p->line;
    return 1;
}

/*
 * A section with no keys never reaches the handler; its indicator must still
 * be a known one.  Its title is what inih would take: between '[' and ']',
 * trimmed.
 */
static void add_empty_sections(struct parser *p)
{
    size_t i, j;

    for (i = 0; i < p->n_headers; i++) {
        unsigned long line = p->headers[i];
        bool seen = false;
        for (j = 0; j < p->n_sec; j++)
            seen |= p->sec[j].line == line;
        if (seen)
            continue;
        /* Find the line's text. */
        size_t off = 0;
        unsigned long l = 1;
        while (l < line && off < p->len)
            if (p->text[off++] == '\n')
                l++;
        const char *a = memchr(p->text + off, '[', p->len - off);
        const char *e = memchr(p->text + off, '\n', p->len - off);
        const char *b = a ? memchr(a, ']', (size_t)((e ? e : p->text + p->len) - a)) : NULL;
        if (!a || !b)
            continue; /* inih reports the broken header */
        char *title = xstrndup(a + 1, (size_t)(b - a - 1));
        char *t = text_trim(title);
        if (!is_scenario_section(t)) {
            p->sec = xgrow(p->sec, sizeof *p->sec, p->n_sec + 1, &p->cap_sec);
            struct raw_section *sec = &p->sec[p->n_sec++];
            memset(sec, 0, sizeof *sec);
            sec->line = line;
            sec->title = xstrdup(t);
        }
        free(title);
    }
}

/* ---- values ---------------------------------------------------------------- */

/* "×1.2", "x1.2", "+15%", "-10%" -> the factor (1.2, 1.15, 0.9); false if unreadable. */
static bool read_growth(const char *v, double *g)
{
    char buf[64];
    size_t n = strlen(v);
    double x;

    if (strncmp(v, "\xc3\x97", 2) == 0 || v[0] == 'x' || v[0] == 'X') {
        if (text_number(v + (v[0] == 'x' || v[0] == 'X' ? 1 : 2), &x) != TEXT_NUMBER_OK)
            return false;
        *g = x;
        return true;
    }
    if ((v[0] != '+' && v[0] != '-') || n < 3 || v[n - 1] != '%' || n >= sizeof buf)
        return false;
    memcpy(buf, v, n - 1);
    buf[n - 1] = '\0';
    if (text_number(buf, &x) != TEXT_NUMBER_OK)
        return false;
    *g = 1.0 + x / 100.0;
    return true;
}

/* "2024:-8%" (relative) or "2024:-12" (units). */
static bool read_shock(const char *v, struct lever *lv)
{
    const char *colon = strchr(v, ':');
    char year[16], amount[64];
    size_t n;
    double x;

    if (!colon || (size_t)(colon - v) >= sizeof year)
        return false;
    memcpy(year, v, (size_t)(colon - v));
    year[colon - v] = '\0';
    if (!text_year(year, &lv->shock_year))
        return false;
    n = strlen(colon + 1);
    if (n == 0 || n >= sizeof amount)
        return false;
    memcpy(amount, colon + 1, n + 1);
    char *a = text_trim(amount);
    n = strlen(a);
    lv->shock_relative = n > 0 && a[n - 1] == '%';
    if (lv->shock_relative)
        a[n - 1] = '\0';
    if (text_number(a, &x) != TEXT_NUMBER_OK)
        return false;
    lv->shock = lv->shock_relative ? x / 100.0 : x;
    return true;
}

/* ---- the database side ---------------------------------------------------- */

struct dbview {
    struct sqlite3 *db;
    const char *as_of;
    struct names *regions, *indicators;
    struct db_region *reg;
    size_t n_reg;
    struct db_indicator *ind;
    size_t n_ind;
};

static const struct db_region *region_of(const struct dbview *v, int64_t id)
{
    size_t i;

    for (i = 0; i < v->n_reg; i++)
        if (v->reg[i].id == id)
            return &v->reg[i];
    return NULL;
}

static bool is_ancestor(const struct dbview *v, int64_t anc, int64_t id)
{
    const struct db_region *r = region_of(v, id);
    size_t steps = 0;

    while (r && r->parent_id && steps++ < v->n_reg) {
        if (r->parent_id == anc)
            return true;
        r = region_of(v, r->parent_id);
    }
    return false;
}

/* The last observation of a series as the pipeline sees it (nothing: *n_annual 0). */
struct last_obs {
    bool any;
    char period[8];  /* latest period */
    double value;    /* its value */
    int annual_year; /* latest 'YYYY' year, 0 if none */
    double annual_value;
};

static int last_obs_of(const struct dbview *v, int64_t region, int64_t indicator,
                       struct last_obs *out, struct att_err *err)
{
    struct db_obs *o = NULL;
    size_t n = 0, i;
    int rc = db_observations(v->db, region, indicator, v->as_of, &o, &n, err);

    memset(out, 0, sizeof *out);
    if (rc)
        return rc;
    if (n) {
        out->any = true;
        snprintf(out->period, sizeof out->period, "%s", o[n - 1].period);
        out->value = o[n - 1].value;
    }
    for (i = n; i-- > 0;)
        if (o[i].month == 0) {
            out->annual_year = o[i].year;
            out->annual_value = o[i].value;
            break;
        }
    db_obs_free(o, n);
    return ATT_OK;
}

/*
 * The series a section's levers reach first: for each region named (or
 * every top region), that region's series of the indicator if it has one,
 * else its child regions', and so on down.  ids (out, caller frees).
 */
static size_t reached_series(const struct dbview *v, const struct scen_lever *sl,
                             const struct db_series *ser, size_t n_ser, int64_t **ids)
{
    size_t i, j, n = 0;

    *ids = xmalloc((n_ser + 1) * sizeof **ids);
    for (i = 0; i < n_ser; i++) {
        int64_t r = ser[i].region_id;
        bool reached = false, shadowed = false;
        /* Reached: the region is named, or a named region (or every root) is an ancestor... */
        if (sl->all_regions)
            reached = true;
        for (j = 0; j < sl->n_regions && !reached; j++)
            reached = sl->region_ids[j] == r || is_ancestor(v, sl->region_ids[j], r);
        /* ...and no ancestor below the named one has a series of its own. */
        for (j = 0; j < n_ser && reached && !shadowed; j++) {
            int64_t a = ser[j].region_id;
            if (a == r || !is_ancestor(v, a, r))
                continue;
            bool named_at_or_above = sl->all_regions;
            size_t k;
            for (k = 0; k < sl->n_regions; k++)
                named_at_or_above |= sl->region_ids[k] == a || is_ancestor(v, sl->region_ids[k], a);
            shadowed = named_at_or_above;
        }
        if (reached && !shadowed)
            (*ids)[n++] = r;
    }
    return n;
}

static const char *region_label(const struct dbview *v, int64_t id)
{
    const struct db_region *r = region_of(v, id);
    return r ? r->name : "?";
}

/* Read and check one section's values against the database. */
static int resolve_section(struct parser *p, const struct dbview *v, const struct raw_section *rs,
                           struct scen_lever *sl, struct att_err *err)
{
    const struct db_indicator *ind = NULL;
    struct db_series *ser = NULL;
    struct db_target *tg = NULL;
    size_t n_ser = 0, n_tg = 0, i;
    int64_t *reach = NULL;
    char suggest[256];
    int rc = ATT_OK;

    sl->line = rs->line;
    sl->indicator_id = names_find(v->indicators, rs->title);
    if (!sl->indicator_id) {
        names_suggest(v->indicators, rs->title, suggest, sizeof suggest);
        if (suggest[0])
            return bad(p, rs->line, tr("unknown indicator '%s' (did you mean '%s'?)"), rs->title,
                       suggest);
        return bad(p, rs->line, tr("unknown indicator '%s'"), rs->title);
    }
    for (i = 0; i < v->n_ind; i++)
        if (v->ind[i].id == sl->indicator_id)
            ind = &v->ind[i];
    if (!ind)
        return bad(p, rs->line, tr("unknown indicator '%s'"), rs->title);
    sl->indicator = xstrdup(ind->code);

    /* regions = a, b, c (ASCII or full-width commas, or 、). */
    sl->all_regions = rs->val[K_REGIONS] == NULL;
    if (rs->val[K_REGIONS]) {
        char *list = xstrdup(rs->val[K_REGIONS]), *s = list;
        unsigned long line = rs->vline[K_REGIONS];
        sl->region_ids = xmalloc((strlen(list) + 1) * sizeof *sl->region_ids);
        for (;;) {
            char *end = s, *next = NULL;
            while (*end && *end != ',' && strncmp(end, "\xef\xbc\x8c", 3) != 0 &&
                   strncmp(end, "\xe3\x80\x81", 3) != 0)
                end++;
            if (*end)
                next = end + (*end == ',' ? 1 : 3);
            *end = '\0';
            char *name = text_trim(s);
            if (!name[0]) {
                free(list);
                return bad(p, line, tr("empty region name in 'regions'"));
            }
            int64_t id = names_find(v->regions, name);
            if (!id) {
                names_suggest(v->regions, name, suggest, sizeof suggest);
                rc = suggest[0] ? bad(p, line, tr("unknown region '%s' (did you mean '%s'?)"), name,
                                      suggest)
                                : bad(p, line, tr("unknown region '%s'"), name);
                free(list);
                return rc;
            }
            sl->region_ids[sl->n_regions++] = id;
            if (!next)
                break;
            s = next;
        }
        free(list);
        /* A region inside another one named is reached through it: keep the outer one. */
        size_t k = 0;
        for (i = 0; i < sl->n_regions; i++) {
            bool covered = false;
            for (size_t j = 0; j < sl->n_regions && !covered; j++)
                covered = (j < i && sl->region_ids[j] == sl->region_ids[i]) ||
                          is_ancestor(v, sl->region_ids[j], sl->region_ids[i]);
            if (!covered)
                sl->region_ids[k++] = sl->region_ids[i];
        }
        sl->n_regions = k;
    }

    struct lever *lv = &sl->lever;
    if (rs->val[K_FROM] && !text_year(rs->val[K_FROM], &lv->from))
        return bad(p, rs->vline[K_FROM], tr("from '%s' is not a year (write 2023)"),
                   rs->val[K_FROM]);
    if (rs->val[K_GROWTH]) {
        const char *g = rs->val[K_GROWTH];
        if (!read_growth(g, &lv->growth))
            return bad(p, rs->vline[K_GROWTH],
                       tr("growth '%s' is not a factor (write ×1.2, x1.2, +15%% or -10%%)"), g);
        if (!(lv->growth > 0.0))
            return bad(p, rs->vline[K_GROWTH],
                       tr("growth '%s' is not above zero (a factor of 0 or less would undo every "
                          "year's change)"),
                       g);
        lv->flags |= LEVER_GROWTH;
    }
    if (rs->val[K_ADDITIONS]) {
        if (text_number(rs->val[K_ADDITIONS], &lv->additions) != TEXT_NUMBER_OK)
            return bad(p, rs->vline[K_ADDITIONS],
                       tr("additions '%s' is not a number (units more each year, e.g. 12)"),
                       rs->val[K_ADDITIONS]);
        lv->flags |= LEVER_ADDITIONS;
    }
    if (rs->val[K_CAPACITY]) {
        if (text_number(rs->val[K_CAPACITY], &lv->capacity) != TEXT_NUMBER_OK)
            return bad(p, rs->vline[K_CAPACITY], tr("capacity '%s' is not a number"),
                       rs->val[K_CAPACITY]);
        lv->flags |= LEVER_CAPACITY;
    }
    if (rs->val[K_SHOCK]) {
        if (!read_shock(rs->val[K_SHOCK], lv))
            return bad(p, rs->vline[K_SHOCK],
                       tr("shock '%s' is not YEAR:CHANGE (write 2024:-8%% or 2024:-12)"),
                       rs->val[K_SHOCK]);
        if (lv->shock_relative && !(lv->shock > -1.0))
            return bad(p, rs->vline[K_SHOCK], tr("shock '%s' takes away more than the whole level"),
                       rs->val[K_SHOCK]);
        lv->flags |= LEVER_SHOCK;
    }

    /* Against the data: the series the levers reach, and the indicator's deadlines. */
    rc = db_series_list(v->db, 0, sl->indicator_id, &ser, &n_ser, err);
    if (rc)
        goto out;
    size_t n_reach = reached_series(v, sl, ser, n_ser, &reach);
    for (i = 0; i < n_reach; i++) {
        struct last_obs lo;
        rc = last_obs_of(v, reach[i], sl->indicator_id, &lo, err);
        if (rc)
            goto out;
        if (!lo.any)
            continue;
        double last = ind->is_flow ? lo.annual_value : lo.value;
        if ((lv->flags & LEVER_CAPACITY) && (ind->is_flow ? lo.annual_year > 0 : true) &&
            lv->capacity < last) {
            rc = bad(p, rs->vline[K_CAPACITY],
                     tr("capacity %g is below the last observation of %s in %s (%g in %s)"),
                     lv->capacity, ind->name, region_label(v, reach[i]), last,
                     ind->is_flow ? "its last year" : lo.period);
            goto out;
        }
        if ((lv->flags & LEVER_SHOCK) && lo.annual_year && lv->shock_year <= lo.annual_year) {
            rc = bad(p, rs->vline[K_SHOCK],
                     tr("shock in %d is not in the future of the data: %s in %s is observed to %d"),
                     lv->shock_year, ind->name, region_label(v, reach[i]), lo.annual_year);
            goto out;
        }
    }
    if (rs->val[K_FROM]) {
        rc = db_targets(v->db, 0, sl->indicator_id, &tg, &n_tg, err);
        if (rc)
            goto out;
        int last = 0;
        for (i = 0; i < n_tg; i++)
            last = tg[i].deadline > last ? tg[i].deadline : last;
        if (n_tg && lv->from > last) {
            rc = bad(p, rs->vline[K_FROM],
                     tr("from %d is after every deadline of %s (the last is %d)"), lv->from,
                     ind->name, last);
            goto out;
        }
    }
out:
    free(reach);
    db_targets_free(tg, n_tg);
    db_series_free(ser, n_ser);
    return rc;
}

/* ---- the whole file --------------------------------------------------------- */

static void parser_release(struct parser *p)
{
    size_t i, k;

    for (i = 0; i < p->n_sec; i++) {
        free(p->sec[i].title);
        for (k = 0; k < K_COUNT; k++)
            free(p->sec[i].val[k]);
    }
    free(p->sec);
    free(p->headers);
    free(p->name);
    free(p->note);
}

static void digest_of(const char *text, size_t len, char out[17])
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)text[i];
        h *= UINT64_C(0x100000001b3);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The file's name without its directory and a final ".ini". */
static char *default_name(const char *path)
{
    const char *base = strrchr(path, '/');
    size_t n;

    base = base ? base + 1 : path;
    n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".ini") == 0)
        n -= 4;
    return xstrndup(base, n);
}

int scenario_parse(struct sqlite3 *db, const char *path, const char *text, size_t len,
                   const char *as_of, struct scenario **out, struct att_err *err)
{
    struct parser p;
    struct dbview v;
    struct scenario *s = NULL;
    size_t i, off;
    int rc = ATT_OK, line;
    unsigned long l, col;

    *out = NULL;
    memset(&p, 0, sizeof p);
    memset(&v, 0, sizeof v);
    p.path = path;
    p.text = text;
    p.len = len;

    /* Bytes inih cannot be trusted with: a NUL ends its strings, bad UTF-8 its names. */
    const char *nul = memchr(text, '\0', len);
    off = text_utf8_valid(text, len);
    if (nul && (size_t)(nul - text) <= off) {
        text_position(text, (size_t)(nul - text), &l, &col);
        return att_errf_at(err, ATT_EDATA, path, l, col, tr("NUL byte in a scenario file"));
    }
    if (off < len) {
        text_position(text, off, &l, &col);
        return att_errf_at(err, ATT_EDATA, path, l, col,
                           tr("not UTF-8 text (save the scenario file as UTF-8)"));
    }

    line = ini_parse_stream(read_line, &p, on_pair, &p);
    if (line > 0 && (!p.err.set || (unsigned long)line < p.err_line))
        fail(&p, (unsigned long)line, tr("expected '[section]' or 'key = value'"));
    else if (line < 0 && !p.err.set)
        rc = att_errf(err, ATT_EINTERNAL, tr("cannot read scenario '%s': out of memory"), path);
    if (rc || p.err.set)
        goto out;
    add_empty_sections(&p);

    s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->name = p.name && p.name[0] ? xstrdup(p.name) : default_name(path);
    s->note = xstrdup(p.note ? p.note : "");
    digest_of(text, len, s->digest);

    v.db = db;
    v.as_of = as_of;
    if ((rc = names_new(db, NAMES_REGION, &v.regions, err)) ||
        (rc = names_new(db, NAMES_INDICATOR, &v.indicators, err)) ||
        (rc = db_regions(db, &v.reg, &v.n_reg, err)) ||
        (rc = db_indicators(db, &v.ind, &v.n_ind, err)))
        goto out;
    /* Sections in the order of the file (empty ones were appended last). */
    for (i = 1; i < p.n_sec; i++)
        for (size_t j = i; j > 0 && p.sec[j - 1].line > p.sec[j].line; j--) {
            struct raw_section t = p.sec[j];
            p.sec[j] = p.sec[j - 1];
            p.sec[j - 1] = t;
        }
    s->levers = xcalloc(p.n_sec ? p.n_sec : 1, sizeof *s->levers);
    for (i = 0; i < p.n_sec; i++) {
        s->n_levers++;
        rc = resolve_section(&p, &v, &p.sec[i], &s->levers[i], err);
        if (rc)
            goto out;
    }
out:
    if (p.err.set) {
        if (err && !err->set)
            *err = p.err;
        rc = ATT_EDATA;
    }
    names_free(v.regions);
    names_free(v.indicators);
    db_regions_free(v.reg, v.n_reg);
    db_indicators_free(v.ind, v.n_ind);
    parser_release(&p);
    if (rc) {
        scenario_free(s);
        return rc;
    }
    *out = s;
    return ATT_OK;
}

int scenario_load(struct sqlite3 *db, const char *path, const char *as_of, struct scenario **out,
                  struct att_err *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    int rc;

    *out = NULL;
    if (!f)
        return att_errf(err, ATT_ENOINPUT, tr("cannot open scenario '%s': %s"), path,
                        strerror(errno));
    do {
        buf = xgrow(buf, 1, len + 65536, &cap);
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        rc = att_errf(err, ATT_EIO, tr("cannot read scenario '%s': %s"), path, strerror(errno));
        fclose(f);
        free(buf);
        return rc;
    }
    fclose(f);
    rc = scenario_parse(db, path, buf, len, as_of, out, err);
    free(buf);
    return rc;
}

void scenario_write(FILE *f, const char *name, const char *note, const char *indicator,
                    const char *regions, const struct lever *lv)
{
    fprintf(f, "[scenario]\nname = %s\n", name);
    if (note && note[0])
        fprintf(f, "note = %s\n", note);
    fprintf(f, "\n[%s]\n", indicator);
    if (regions)
        fprintf(f, "regions = %s\n", regions);
    if (lv->from)
        fprintf(f, "from = %d\n", lv->from);
    if (lv->flags & LEVER_GROWTH)
        fprintf(f, "growth = \xc3\x97%.10g\n", lv->growth);
    if (lv->flags & LEVER_ADDITIONS)
        fprintf(f, "additions = %.10g\n", lv->additions);
    if (lv->flags & LEVER_CAPACITY)
        fprintf(f, "capacity = %.10g\n", lv->capacity);
    if (lv->flags & LEVER_SHOCK) {
        if (lv->shock_relative)
            fprintf(f, "shock = %d:%.10g%%\n", lv->shock_year, lv->shock * 100.0);
        else
            fprintf(f, "shock = %d:%.10g\n", lv->shock_year, lv->shock);
    }
}

void scenario_free(struct scenario *s)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < s->n_levers; i++) {
        free(s->levers[i].indicator);
        free(s->levers[i].region_ids);
    }
    free(s->levers);
    free(s->path);
    free(s->name);
    free(s->note);
    free(s);
}
