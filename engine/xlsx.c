/*
 * engine/xlsx.c -- the targets workbook (see xlsx.h).
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "messages.h"
#include "model.h"
#include "pipeline.h"
#include "target_cols.h"
#include "xalloc.h"
#include "xlsx.h"

/*
 * The columns of sheet 目标, in order; a split sheet shows those marked
 * in_split.  Each column's header, width and format are its row of
 * target_cols (target_cols.c).
 */
static const enum target_col xcols[] = {
    TC_REGION_NAME,     TC_INDICATOR_NAME, TC_UNIT,      TC_DEADLINE, TC_KIND,        TC_TARGET,
    TC_BASELINE,        TC_EXPECTED,       TC_LO80,      TC_HI80,     TC_PROBABILITY, TC_STATUS,
    TC_REQUIRED_GROWTH, TC_REACH_YEAR,     TC_LEAD_UNIT, TC_MODEL,
};
#define N_XCOLS (sizeof xcols / sizeof xcols[0])

/* The formats of a workbook. */
struct xfmt {
    lxw_format *header, *number, *whole, *percent, *growth, *year, *total;
    lxw_format *status[3]; /* by enum target_status: on track, at risk, off track */
};

static double round1(double v)
{
    return round(v * 10.0) / 10.0;
}

static void make_formats(lxw_workbook *wb, struct xfmt *f)
{
    /* Excel's own Good / Neutral / Bad cell styles. */
    static const struct {
        lxw_color_t fill, font;
    } colours[3] = {{0xC6EFCE, 0x006100}, {0xFFEB9C, 0x9C5700}, {0xFFC7CE, 0x9C0006}};
    int i;

    f->header = workbook_add_format(wb);
    format_set_bold(f->header);
    format_set_bg_color(f->header, 0xDDEBF7);
    format_set_bottom(f->header, LXW_BORDER_THIN);
    f->number = workbook_add_format(wb);
    format_set_num_format(f->number, "#,##0.0");
    /* A count's whole figures (target, baseline, interval ends) without a decimal. */
    f->whole = workbook_add_format(wb);
    format_set_num_format(f->whole, "#,##0");
    /* Rounded down to a whole percent, so "<1%" for a chance below one in a hundred. */
    f->percent = workbook_add_format(wb);
    format_set_num_format(f->percent, "[=0]0%;[<0.01]\"<1%\";0%");
    f->growth = workbook_add_format(wb);
    format_set_num_format(f->growth, "0.0%");
    f->year = workbook_add_format(wb);
    format_set_num_format(f->year, "0");
    f->total = workbook_add_format(wb);
    format_set_bold(f->total);
    format_set_num_format(f->total, "#,##0.0");
    format_set_top(f->total, LXW_BORDER_THIN);
    for (i = 0; i < 3; i++) {
        f->status[i] = workbook_add_format(wb);
        format_set_bg_color(f->status[i], colours[i].fill);
        format_set_font_color(f->status[i], colours[i].font);
    }
}

/* The probability as shown everywhere: rounded down to a whole percent, kept below 1%. */
static double shown_probability(double p)
{
    if (p > 0 && p < 0.01)
        return p;
    return floor(p * 100.0 + 1e-9) / 100.0;
}

/*
 * One target's row (target ti of p): on sheet 目标 every column; on a split
 * sheet (split true) the columns marked in_split, in order.  Text comes in
 * the table's Chinese form, numbers as csv and json have them.
 */
static void write_target(lxw_worksheet *ws, lxw_row_t row, const struct pipe *p, size_t ti,
                         bool split, const struct xfmt *f)
{
    const struct target_result *r = &p->targets[ti].res;
    lxw_col_t col = 0;
    size_t c;

    for (c = 0; c < N_XCOLS; c++) {
        const struct target_col_xlsx *x = &target_cols[xcols[c]].xlsx;
        struct target_cell v;
        bool text = x->fmt == TX_TEXT || x->fmt == TX_STATUS;
        bool real;

        if (split && !x->in_split)
            continue;
        target_cell_get(p, ti, xcols[c], text, text, NULL, &v);
        real = v.type == OUT_REAL && isfinite(v.x);
        switch (x->fmt) {
        case TX_TEXT:
            if (v.text)
                worksheet_write_string(ws, row, col, v.text, NULL);
            break;
        case TX_STATUS:
            if (v.text)
                worksheet_write_string(ws, row, col, v.text,
                                       f->status[r->status <= TARGET_OFF_TRACK ? r->status : 2]);
            break;
        case TX_NUMBER:
            if (real)
                worksheet_write_number(ws, row, col, round1(v.x), v.whole ? f->whole : f->number);
            break;
        case TX_PERCENT:
            if (real)
                worksheet_write_number(ws, row, col, shown_probability(v.x), f->percent);
            break;
        case TX_GROWTH:
            if (real)
                worksheet_write_number(ws, row, col, round(v.x * 1000.0) / 1000.0, f->growth);
            break;
        case TX_YEAR:
            if (v.type == OUT_INT)
                worksheet_write_number(ws, row, col, (double)v.i, f->year);
            break;
        case TX_NONE:
            break;
        }
        col++;
    }
}

static void write_header(lxw_worksheet *ws, bool split, const struct xfmt *f)
{
    lxw_col_t col = 0;
    size_t c;

    for (c = 0; c < N_XCOLS; c++) {
        const struct target_col_xlsx *x = &target_cols[xcols[c]].xlsx;
        if (split && !x->in_split)
            continue;
        worksheet_write_string(ws, 0, col, x->header, f->header);
        worksheet_set_column(ws, col, col, x->width, NULL);
        col++;
    }
    worksheet_freeze_panes(ws, 1, 0);
}

static int64_t parent_of(const struct pipe *p, int64_t region_id)
{
    size_t i;

    for (i = 0; i < p->n_regions; i++)
        if (p->region_ids[i] == region_id)
            return p->region_parents[i];
    return 0;
}

/* b is a district's share of target a: same indicator, deadline, kind and start, child region. */
static bool is_part_of(const struct pipe *p, const struct pipe_target *b,
                       const struct pipe_target *a)
{
    return b->indicator_id == a->indicator_id && b->spec.deadline == a->spec.deadline &&
           b->spec.is_increment == a->spec.is_increment && b->spec.start == a->spec.start &&
           parent_of(p, b->region_id) == a->region_id;
}

/*
 * A sheet name: "指标 期限", made unique among the first `n_used` names by
 * a number, without the characters Excel refuses ([]:*?/\), at most 31
 * characters.
 */
static void sheet_name(const struct pipe_target *t, char names[][128], size_t n_used, char *out)
{
    char deadline[16], base[64];
    size_t i, k, chars = 0;
    int dup = 1;

    target_years_text(t, deadline, sizeof deadline);
    snprintf(base, sizeof base, "%s", t->indicator_name);
    /* Keep room for " 2021-2025" and a " (9)" in Excel's 31: cut the name at 16 characters. */
    for (i = 0; base[i] && chars < 16; chars++) {
        i++;
        while ((base[i] & 0xC0) == 0x80)
            i++;
    }
    base[i] = '\0';
    for (i = 0, k = 0; base[i]; i++)
        if (!strchr("[]:*?/\\", base[i]))
            base[k++] = base[i];
    base[k] = '\0';
    snprintf(out, 128, "%s %s", base, deadline);
    for (;;) {
        bool taken = false;
        for (i = 0; i < n_used && !taken; i++)
            taken = strcmp(names[i], out) == 0;
        if (!taken)
            break;
        snprintf(out, 128, "%s %s (%d)", base, deadline, ++dup);
    }
}

int xlsx_write_targets(const struct pipe *p, const char *path, struct att_err *err)
{
    lxw_workbook_options opts = {
        .constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    /* A fixed date: the same inputs give the same file (2021-01-01, the plan's first year). */
    lxw_doc_properties props = {0};
    lxw_workbook *wb;
    lxw_worksheet *ws;
    struct xfmt f;
    char(*names)[128] = NULL;
    size_t n_names = 0, i, j;
    lxw_error e;
    FILE *probe;

    /*
     * libxlsxwriter opens the file only when closing the workbook, and then
     * prints its own message on failure: find out first, so that a path
     * that cannot be written is one message of ours.
     */
    if ((probe = fopen(path, "wb")) == NULL)
        return att_errf(err, ATT_ECANTCREAT, tr("cannot write '%s': %s"), path, strerror(errno));
    fclose(probe);
    wb = workbook_new_opt(path, &opts);
    if (!wb)
        return att_errf(err, ATT_ECANTCREAT, tr("cannot write '%s': cannot start the workbook"),
                        path);
    props.title = "目标达成预测";
    props.created = 1609459200;
    workbook_set_properties(wb, &props);
    make_formats(wb, &f);

    ws = workbook_add_worksheet(wb, "目标");
    write_header(ws, false, &f);
    for (i = 0; i < p->n_targets; i++)
        write_target(ws, (lxw_row_t)(i + 1), p, i, false, &f);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)p->n_targets, (lxw_col_t)(N_XCOLS - 1));

    names = xcalloc(p->n_targets ? p->n_targets : 1, sizeof *names);
    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *a = &p->targets[i];
        lxw_row_t row = 2;
        double sum = 0.0;
        size_t parts = 0;

        for (j = 0; j < p->n_targets; j++)
            parts += is_part_of(p, &p->targets[j], a);
        if (!parts)
            continue;
        sheet_name(a, names, n_names, names[n_names]);
        ws = workbook_add_worksheet(wb, names[n_names]);
        n_names++;
        if (!ws)
            continue; /* a name Excel refuses: the sheet 目标 still has every row */
        write_header(ws, true, &f);
        write_target(ws, 1, p, i, true, &f);
        for (j = 0; j < p->n_targets; j++) {
            if (!is_part_of(p, &p->targets[j], a))
                continue;
            write_target(ws, row++, p, j, true, &f);
            sum += p->targets[j].spec.value;
        }
        worksheet_write_string(ws, row, 0, "县区合计", f.header);
        worksheet_write_number(ws, row, 1, round1(sum), f.total);
    }
    free(names);
    e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return att_errf(err, ATT_ECANTCREAT, tr("cannot write '%s': %s"), path, lxw_strerror(e));
    return ATT_OK;
}
