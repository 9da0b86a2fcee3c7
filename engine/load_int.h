/*
 * engine/load_int.h -- what the files of the loader share (load.h is the
 * public interface; nothing outside engine/load*.c includes this).
 *
 *   load_file.c   the string map; columns and kinds; files and rows (a file
 *                 streamed a window at a time, UTF-8 or converted from
 *                 GB18030 as it is read, or bytes decoded whole; parsed
 *                 with libcsv in batches); the header row; load_lfile_read,
 *                 load_lfile_release, load_read_file
 *   load_rows.c   the row functions' helpers: statements, bindings, steps,
 *                 fields, values, names resolved; regions and indicators
 *   load_obs.c    observations (long and wide rows) and targets
 *   load.c        the driver: each file's rows, the page cache, the steps
 *                 in order, load_files
 */
#ifndef ATTAIN_ENGINE_LOAD_INT_H
#define ATTAIN_ENGINE_LOAD_INT_H

#include <csv.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "err.h"
#include "load.h"
#include "text.h"

struct names;

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

#define NO_COL ((size_t)-1)

struct kind_spec {
    enum load_kind kind;
    size_t nrequired; /* the first nrequired of cols must be present */
    size_t ncols;
    enum col cols[8];
    const char *takes; /* for messages: what the header may hold */
};

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
 * One input file.  Rows are read in batches (load_parse_more) so that a large
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
    bool skip_bom;          /* the first window may start with a BOM to drop */
    struct text_conv conv;  /* GB18030: fp's bytes are converted into buf */
    char *raw;              /* GB18030: bytes read and not yet converted (owned) */
    size_t nraw;            /* bytes in raw */
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

/* Rows per batch of an observations or targets file. */
#define LOAD_BATCH_ROWS 4096

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

struct load_pend;
struct load_text;
struct load_series;

/*
 * Observations new to the database waiting to be written sorted by key, and
 * the latest period of each series the call has touched (load_batch.c).
 */
struct load_batch {
    struct load_pend *rows; /* in file order until written (owned array) */
    size_t n;
    size_t cap;
    size_t max;              /* rows in a batch at most */
    struct load_text *texts; /* the rows' sources and notes (owned array) */
    size_t ntexts;
    size_t captexts;
    size_t text_bytes;          /* held by texts and their strings */
    struct load_series *series; /* open addressing by (region, indicator) (owned) */
    size_t nseries;
    size_t capseries;
    struct arena arena; /* the strings of texts */
    sqlite3_stmt *put;  /* the INSERT of many rows, prepared on first use */
    bool had_rows;      /* observations in the database before the load (load.c) */
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
    bool had_targets;            /* targets in the database before the load */
    char last_name[2][64];       /* the region (0) and indicator (1) last resolved ("": none) */
    int64_t last_id[2];          /* and their ids */
    int bind_rc; /* the first failed sqlite3_bind_* since the last step, or SQLITE_OK */
    struct region_row *rrows;
    size_t nrrows;
    size_t caprrows;
    sqlite3_stmt *st[24];
    struct lfile *files; /* every file of the call, for obs_twice in load_obs.c */
    size_t nfiles;
    struct smap ids[2]; /* region / indicator names as written -> id (an intptr_t) */
    struct load_batch obs;
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
    ST_OBS_LAST,
    ST_OBS_TOP,
    ST_OBS_PUT,
    ST_COUNT
};

/* The name of each column as a header writes it (load_file.c). */
extern const char *const load_col_names[COL_COUNT];

/* load_file.c */
void *load_smap_get(struct smap *m, const char *key);
void load_smap_put(struct smap *m, struct arena *a, const char *key, void *val);
void load_smap_release(struct smap *m);
int load_parse_more(struct lfile *f, struct arena *a, size_t max_rows, struct att_err *err);
void load_lower(char *s);
int load_check_width(const struct lfile *f, const struct row *r, struct att_err *err);
void load_lfile_release(struct lfile *f);
int load_lfile_read(struct lfile *f, const struct load_input *in, struct arena *a,
                    struct att_err *err);

/* load_rows.c */
int load_db_fail(struct loader *L, const struct lfile *f, const struct row *r, const char *what);
sqlite3_stmt *load_stmt(struct loader *L, enum stmt s);
void load_bind_i64(struct loader *L, sqlite3_stmt *st, int i, int64_t v);
void load_bind_dbl(struct loader *L, sqlite3_stmt *st, int i, double v);
void load_bind_txt(struct loader *L, sqlite3_stmt *st, int i, const char *s);
void load_bind_static(struct loader *L, sqlite3_stmt *st, int i, const char *s);
void load_bind_opt(struct loader *L, sqlite3_stmt *st, int i, const char *s);
int load_step(struct loader *L, sqlite3_stmt *st);
bool load_same_text(const char *a, const char *b);
const char *load_field(const struct lfile *f, const struct row *r, enum col c);
unsigned long load_colno(const struct lfile *f, enum col c);
struct seen *load_new_seen(struct loader *L, const struct lfile *f, const struct row *r);
int load_read_value(struct loader *L, const struct lfile *f, const struct row *r, size_t fi,
                    double *v);
int load_need(struct loader *L, const struct lfile *f, const struct row *r, enum col c,
              const char **out);
int load_resolve(struct loader *L, const struct lfile *f, const struct row *r, enum col c,
                 int64_t *id);
int load_region_row(struct loader *L, struct lfile *f, const struct row *r);
int load_region_parents(struct loader *L);
int load_region_cycles(struct loader *L);
int load_indicator_row(struct loader *L, struct lfile *f, const struct row *r);

/* load_batch.c */
void load_obs_start(struct loader *L, unsigned long long bytes);
int load_obs_wait(struct loader *L, struct lfile *f, int64_t rid, int64_t iid, const char *period,
                  double v, const char *source, const char *note, bool *waits);
int load_obs_flush(struct loader *L);
void load_obs_release(struct load_batch *b);

/* load_obs.c */
int load_observation_row(struct loader *L, struct lfile *f, const struct row *r);
int load_wide_row(struct loader *L, struct lfile *f, const struct row *r);
int load_target_row(struct loader *L, struct lfile *f, const struct row *r);

#endif /* ATTAIN_ENGINE_LOAD_INT_H */
