/*
 * engine/target_cols.h -- the columns a target can be shown with, one table
 * by name: `attain targets` (csv, json, table) and the bulletin's
 * targets.csv each pick theirs from it and fill them by name, never by
 * position.
 *
 *     static const enum target_col mine[] = {TC_REGION, TC_DEADLINE, TC_PROBABILITY};
 *     struct target_view v;
 *     target_view_init(&v, mine, 3, false);      // false: csv/json, true: table
 *     t = out_table_new(v.cols, v.n);
 *     for (i = 0; i < p->n_targets; i++)
 *         target_view_row(t, &v, p, i, NULL);    // flags: only with TC_FLAGS
 *
 * To add a column: one enum entry and one row of target_cols (target_cols.c:
 * its csv/json, table and workbook forms), its value in target_cell_get, and
 * its place in the views that show it (the workbook's is in xlsx.c).
 */
#ifndef ATTAIN_ENGINE_TARGET_COLS_H
#define ATTAIN_ENGINE_TARGET_COLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "output.h"

struct pipe;
struct pipe_target;

enum target_col {
    TC_REGION,          /* region code (table: the name with --lang zh) */
    TC_REGION_NAME,     /* region name */
    TC_INDICATOR,       /* indicator code (table: the name with --lang zh) */
    TC_INDICATOR_NAME,  /* indicator name */
    TC_UNIT,            /* the indicator's unit */
    TC_DEADLINE,        /* deadline year (table: "start-deadline" for an increment) */
    TC_KIND,            /* level or increment */
    TC_TARGET,          /* the target value */
    TC_BASELINE,        /* models/target.c defines this and the quantities below */
    TC_EXPECTED,        /* mean of the paths at the deadline (or increment) */
    TC_LO80,            /* 80% interval */
    TC_HI80,            /* */
    TC_PROBABILITY,     /* share of paths meeting it (table: a percentage text) */
    TC_STATUS,          /* on_track, at_risk, off_track */
    TC_REQUIRED_GROWTH, /* yearly growth needed from the last level (table: percent text) */
    TC_REACH_YEAR,      /* first year the median path meets it */
    TC_MODEL,           /* the series' model */
    TC_START,           /* first year of an increment (the deadline for a level) */
    TC_LEAD_UNIT,       /* 牵头单位, may be empty */
    TC_FLAGS,           /* ';'-separated flags (cmd_targets.c) */
    TC_COUNT
};

/* How the workbook (xlsx.c) writes a column's value; TX_NONE: not in the workbook. */
enum target_xlsx_fmt {
    TX_NONE,
    TX_TEXT,    /* the table form's text (Chinese), as a string */
    TX_STATUS,  /* TX_TEXT in the cell colour of the status */
    TX_NUMBER,  /* the csv/json value rounded to 0.1, "#,##0.0" */
    TX_PERCENT, /* the probability rounded down to a whole percent (kept below 1%) */
    TX_GROWTH,  /* rounded to 0.1 percent, "0.0%" */
    TX_YEAR,    /* a year, "0" */
};

/* A column on the workbook: its header, width and format. */
struct target_col_xlsx {
    const char *header;
    double width;  /* in characters; a Chinese character counts about 2 */
    bool in_split; /* also on a split sheet (a target and its districts' shares) */
    enum target_xlsx_fmt fmt;
};

/* One column: its csv/json form, its table form when it has one, its workbook form. */
struct target_col_def {
    struct out_col machine;      /* csv/json: key, headers, type */
    struct out_col table;        /* table format; key NULL: as machine */
    struct target_col_xlsx xlsx; /* the workbook; fmt TX_NONE: not there */
};

/*
 * The value of one column for one target: type OUT_TEXT with text NULL
 * is missing.  text points into the pipe, a static label or buf.
 */
struct target_cell {
    enum out_type type;
    const char *text;
    int64_t i;
    double x;
    bool whole; /* OUT_REAL: a count's whole value (a table prints no decimals) */
    char buf[32];
};

extern const struct target_col_def target_cols[TC_COUNT];

/* The columns one writer shows, in its order. */
struct target_view {
    struct out_col cols[TC_COUNT]; /* for out_table_new(cols, n) */
    size_t n;
    int pos[TC_COUNT]; /* where column c is in cols, -1 if not shown */
    bool table;        /* table format: the table forms of the columns */
    bool zh;           /* table format: names, labels and headers in Chinese */
};

void target_view_init(struct target_view *v, const enum target_col *cols, size_t n, bool table,
                      bool zh);

/*
 * Column c of target ti of p (out): with table its table form (names,
 * labels in Chinese with zh), else its csv/json form; flags: TC_FLAGS' text
 * (or NULL).
 */
void target_cell_get(const struct pipe *p, size_t ti, enum target_col c, bool table, bool zh,
                     const char *flags, struct target_cell *cell);

/* "2025", or "2021-2025" for an increment over several years, into buf (returned). */
const char *target_years_text(const struct pipe_target *t, char *buf, size_t size);

/* A row for target ti of p with every column of the view; flags: TC_FLAGS' text (or NULL). */
void target_view_row(struct out_table *t, const struct target_view *v, const struct pipe *p,
                     size_t ti, const char *flags);

/* on_track/at_risk/off_track, or 有望完成/有风险/落后 with zh. */
const char *target_status_label(enum target_status st, bool zh);

/* "level"/"increment", or 达到/新增 with zh. */
const char *target_kind_label(const struct pipe_target *t, bool zh);

#endif /* ATTAIN_ENGINE_TARGET_COLS_H */
