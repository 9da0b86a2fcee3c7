/*
 * engine/output.h -- the one way to print a listing (--format
 * table|csv|json, --lang zh|en).
 *
 * Build a table of typed columns, add rows, write it:
 *
 *     static const struct out_col cols[] = {
 *         {"region", "地区", "region", OUT_TEXT, 0, 0},
 *         {"value",  "数值", "value",  OUT_REAL, 2, 0},
 *     };
 *     struct out_table *t = out_table_new(cols, 2);
 *     out_row(t);
 *     out_text(t, 0, "panjin");
 *     out_real(t, 1, 12.5);
 *     rc = out_table_write(t, stdout, ctx->format, ctx->lang, 0, &ctx->err);
 *     out_table_free(t);
 *
 * table: a header in the --lang language, a rule, aligned columns (text
 *        left, numbers right); width counts East Asian wide/fullwidth code
 *        points as 2 columns, independent of the process locale.  Real
 *        numbers are printed with the column's `prec` digits after the point
 *        (none for a cell set by out_whole).
 * csv:   RFC 4180: header of the stable English keys, fields quoted when
 *        they hold , " CR or LF, '"' doubled, '\n' line ends, UTF-8 (with a
 *        BOM only with OUT_CSV_BOM, for files meant for Excel).
 * json:  an array of objects keyed by the English keys, one object per
 *        line, numbers as JSON numbers, a missing value as null.
 * Reals in csv/json are printed in the shortest form that reads back as
 * the same double (%.15g, else %.17g), unless the column has
 * OUT_COL_ROUND, which rounds them to `prec` digits there too.  A
 * non-finite real is stored as missing: NaN/Inf never reach the output.
 */
#ifndef ATTAIN_ENGINE_OUTPUT_H
#define ATTAIN_ENGINE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ctx.h"
#include "status.h"

enum out_type { OUT_TEXT, OUT_INT, OUT_REAL };

enum out_col_flags {
    OUT_COL_ROUND = 1 << 0, /* round reals to prec in csv/json too */
    OUT_COL_RIGHT = 1 << 1, /* table: align an OUT_TEXT column right (a number as text, "79%") */
};

struct out_col {
    const char *key; /* stable English name: csv header and json key */
    const char *zh;  /* table header with --lang zh */
    const char *en;  /* table header with --lang en */
    enum out_type type;
    int prec;       /* OUT_REAL: digits after the point in table format; < 0: shortest form */
    unsigned flags; /* enum out_col_flags */
};

/*
 * The columns several listings share, defined once: the same key and
 * headers in forecast, backtest, list and targets output.
 */
#define OUT_COL_REGION                                                                             \
    {                                                                                              \
        "region", "地区", "region", OUT_TEXT, 0, 0                                                 \
    }
#define OUT_COL_INDICATOR                                                                          \
    {                                                                                              \
        "indicator", "指标", "indicator", OUT_TEXT, 0, 0                                           \
    }
#define OUT_COL_MODEL                                                                              \
    {                                                                                              \
        "model", "模型", "model", OUT_TEXT, 0, 0                                                   \
    }

enum out_write_flags {
    OUT_CSV_BOM = 1 << 0, /* csv: start with a UTF-8 byte order mark (for Excel) */
};

struct out_table;

/* A new empty table with `ncols` columns; `cols` is borrowed and must outlive it. */
struct out_table *out_table_new(const struct out_col *cols, size_t ncols);
void out_table_free(struct out_table *t);

/* Start a new row; its cells are missing (null) until set. */
void out_row(struct out_table *t);

/* Set a cell of the last row (col < ncols).  out_text(NULL) is a missing value. */
void out_text(struct out_table *t, size_t col, const char *s);
void out_int(struct out_table *t, size_t col, int64_t v);
void out_real(struct out_table *t, size_t col, double v); /* non-finite: missing */
/* A real known to be a whole number (a count): a table prints it without decimals. */
void out_whole(struct out_table *t, size_t col, double v);
void out_null(struct out_table *t, size_t col);

/*
 * How a listing names a region or an indicator: csv and json its code; a
 * table its Chinese name with --lang zh, its English name (name_en) where
 * one was loaded with --lang en, else its code.  zh and en may be NULL.
 */
const char *out_name(bool table, bool zh_lang, const char *code, const char *zh, const char *en);

/* Number of rows so far. */
size_t out_table_rows(const struct out_table *t);

/*
 * Write the table to f in `format`, headers in `lang` (table format only).
 * Returns ATT_OK, or ATT_EIO ("cannot write output: ...") if f reports an
 * error.
 */
int out_table_write(const struct out_table *t, FILE *f, enum att_format format, enum att_lang lang,
                    unsigned flags, struct att_err *err) ATT_MUST_CHECK;

/*
 * out_table_write to stdout in the command line's --format and --lang, with
 * a byte order mark when --excel asked for one.
 */
int out_table_print(const struct out_table *t, struct att_ctx *ctx) ATT_MUST_CHECK;

/*
 * snprintf(buf, size, "%.17g", v), byte for byte, several times faster for
 * 1e-4 <= |v| < 1e15 (exact digits without printf; the inputs digest).
 */
void out_format_g17(char *buf, size_t size, double v);

/* Display width in terminal columns of a UTF-8 string (wide/fullwidth = 2). */
size_t out_display_width(const char *s);

/* Display width of one Unicode code point: 0 (combining, zero width), 1 or 2. */
int out_codepoint_width(uint32_t cp);

#endif /* ATTAIN_ENGINE_OUTPUT_H */
