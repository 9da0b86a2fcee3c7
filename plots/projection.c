/*
 * plots/projection.c -- the `projection` chart (one series: history, fitted
 * line, median forecast with its 50/80/95% fan, the target at its deadline
 * and the probability in words) and the `districts` small multiples, which
 * draw the same picture, smaller, once per district.
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "plot.h"
#include "plot_int.h"

/* The numbers of one projection, checked before anything is written. */
static bool projection_is_valid(const struct plot_projection *p)
{
    size_t i;

    if (!p || p->n_history < 1 || !p->history || (p->n_fitted && !p->fitted) ||
        (p->n_fan && !p->fan))
        return false;
    for (i = 0; i < p->n_history; i++)
        if (!isfinite(p->history[i].x) || !isfinite(p->history[i].y))
            return false;
    for (i = 0; i < p->n_fitted; i++)
        if (!isfinite(p->fitted[i].x) || !isfinite(p->fitted[i].y))
            return false;
    for (i = 0; i < p->n_fan; i++) {
        const struct plot_fan *f = &p->fan[i];
        const double v[] = {f->x, f->median, f->lo50, f->hi50, f->lo80, f->hi80, f->lo95, f->hi95};

        if (!plot_all_finite(v, sizeof v / sizeof v[0]))
            return false;
    }
    if (p->has_target && (!isfinite(p->target_x) || !isfinite(p->target_y)))
        return false;
    if (p->has_probability &&
        (!isfinite(p->probability) || p->probability < 0 || p->probability > 1))
        return false;
    if (p->has_current && (!isfinite(p->current_x) || !isfinite(p->current_y)))
        return false;
    if (p->n_overlay && (!p->overlay || !p->overlay_label))
        return false;
    for (i = 0; i < p->n_overlay; i++) {
        const struct plot_fan *f = &p->overlay[i];
        const double v[] = {f->x, f->median, f->lo80, f->hi80};

        if (!plot_all_finite(v, sizeof v / sizeof v[0]))
            return false;
    }
    if (p->has_overlay_probability && (!isfinite(p->overlay_probability) ||
                                       p->overlay_probability < 0 || p->overlay_probability > 1))
        return false;
    return true;
}

/* The x and y extent of everything a projection draws. */
struct extent {
    double x0, x1, y0, y1;
};

static void extent_add(struct extent *e, double x, double y)
{
    if (x < e->x0)
        e->x0 = x;
    if (x > e->x1)
        e->x1 = x;
    if (y < e->y0)
        e->y0 = y;
    if (y > e->y1)
        e->y1 = y;
}

static void projection_extent(const struct plot_projection *p, struct extent *e)
{
    size_t i;

    for (i = 0; i < p->n_history; i++)
        extent_add(e, p->history[i].x, p->history[i].y);
    for (i = 0; i < p->n_fitted; i++)
        extent_add(e, p->fitted[i].x, p->fitted[i].y);
    for (i = 0; i < p->n_fan; i++) {
        extent_add(e, p->fan[i].x, p->fan[i].lo95);
        extent_add(e, p->fan[i].x, p->fan[i].hi95);
    }
    for (i = 0; i < p->n_overlay; i++) {
        extent_add(e, p->overlay[i].x, p->overlay[i].lo80);
        extent_add(e, p->overlay[i].x, p->overlay[i].hi80);
    }
    if (p->has_target)
        extent_add(e, p->target_x, p->target_y);
    if (p->has_current)
        extent_add(e, p->current_x, p->current_y);
}

/*
 * Axis ranges with room for the labels: y starts at 0 for data that never
 * goes negative (counts and stocks are read against zero), and 15% of
 * headroom keeps the probability text and key off the data.
 */
static void write_ranges(FILE *out, const struct extent *e, int xticks)
{
    double y0 = e->y0 >= 0 ? 0 : e->y0;
    double span = e->y1 - y0;
    double xstep;

    if (!(span > 0))
        span = fabs(e->y1) > 0 ? fabs(e->y1) : 1;
    fputs("set xrange [", out);
    plot_num(out, e->x0 - 0.4);
    fputs(":", out);
    plot_num(out, e->x1 + 0.4);
    fputs("]\nset yrange [", out);
    plot_num(out, e->y0 >= 0 ? 0 : y0 - 0.05 * span);
    fputs(":", out);
    plot_num(out, e->y1 + 0.18 * span);
    fputs("]\n", out);
    xstep = plot_nice_step(e->x1 - e->x0, xticks);
    if (xstep < 1)
        xstep = 1;
    /* A narrow panel holds five year labels at most before they run together. */
    if (xticks <= 4 && (e->x1 - e->x0) / xstep + 1 > 5)
        xstep *= 2;
    fputs("set xtics ", out);
    plot_num(out, xstep);
    fputs(" format '%.0f'\nset mxtics 1\n", out);
}

/* One line of a data block: the n values, space separated. */
static void write_row(FILE *out, const double *v, size_t n)
{
    size_t k;

    for (k = 0; k < n; k++) {
        if (k)
            fputc(' ', out);
        plot_num(out, v[k]);
    }
    fputc('\n', out);
}

/* Datablocks: $hist (x y), $fit (x y), $fan (x lo95 hi95 lo80 hi80 lo50 hi50 median), $tgt. */
/* The data block $name: one "x y" line per point. */
static void write_xy_block(FILE *out, const char *name, const struct plot_xy *v, size_t n)
{
    size_t i;

    fprintf(out, "$%s << EOD\n", name);
    for (i = 0; i < n; i++) {
        const double xy[] = {v[i].x, v[i].y};
        write_row(out, xy, 2);
    }
    fputs("EOD\n", out);
}

static void write_blocks(FILE *out, const struct plot_projection *p)
{
    size_t i;

    write_xy_block(out, "hist", p->history, p->n_history);
    if (p->n_fitted)
        write_xy_block(out, "fit", p->fitted, p->n_fitted);
    if (p->n_fan) {
        const struct plot_xy *last = &p->history[p->n_history - 1];

        fputs("$fan << EOD\n", out);
        if (last->x < p->fan[0].x) {
            /* The fan grows out of the last observation. */
            const double v[] = {last->x, last->y, last->y, last->y,
                                last->y, last->y, last->y, last->y};
            write_row(out, v, 8);
        }
        for (i = 0; i < p->n_fan; i++) {
            const struct plot_fan *f = &p->fan[i];
            const double v[] = {f->x,    f->lo95, f->hi95, f->lo80,
                                f->hi80, f->lo50, f->hi50, f->median};
            write_row(out, v, 8);
        }
        fputs("EOD\n", out);
    }
    if (p->n_overlay) {
        /* The scenario's 80% band and median: x lo80 hi80 median. */
        fputs("$ovl << EOD\n", out);
        for (i = 0; i < p->n_overlay; i++) {
            const struct plot_fan *f = &p->overlay[i];
            const double v[] = {f->x, f->lo80, f->hi80, f->median};
            write_row(out, v, 4);
        }
        fputs("EOD\n", out);
    }
    if (p->has_current) {
        const struct plot_xy cur = {p->current_x, p->current_y};
        write_xy_block(out, "cur", &cur, 1);
    }
    if (p->has_target) {
        const struct plot_xy tgt = {p->target_x, p->target_y};
        write_xy_block(out, "tgt", &tgt, 1);
    }
}

/* A forecast with no spread at all (a series that never changed): no fan to draw. */
static bool fan_is_flat(const struct plot_projection *p)
{
    size_t i;

    for (i = 0; i < p->n_fan; i++)
        if (fabs(p->fan[i].hi95 - p->fan[i].lo95) > 1e-9 * fmax(1.0, fabs(p->fan[i].median)))
            return false;
    return p->n_fan > 0;
}

/* The fan at year x, or NULL. */
static const struct plot_fan *fan_at(const struct plot_projection *p, double x)
{
    size_t i;

    for (i = 0; i < p->n_fan; i++)
        if (fabs(p->fan[i].x - x) < 1e-9)
            return &p->fan[i];
    return NULL;
}

/* "X,Y": a point in the plot's coordinates. */
static void write_at(FILE *out, double x, double y)
{
    plot_num(out, x);
    fputc(',', out);
    plot_num(out, y);
}

/* "set label N " and the escaped text; the caller writes where and how. */
static int write_label(FILE *out, int n, const char *text)
{
    fprintf(out, "set label %d ", n);
    return plot_escape(out, text);
}

/*
 * One element of the plot command: the separator, its data and style (a
 * printf format and its arguments), its escaped title.
 */
static int write_item(FILE *out, const char *sep, const char *title, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int write_item(FILE *out, const char *sep, const char *title, const char *fmt, ...)
{
    va_list ap;

    fputs(sep, out);
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputs(" title ", out);
    return plot_escape(out, title);
}

#define NEXT_ITEM ", \\\n  "

/*
 * The labels and the plot command of one projection.  `small` draws the
 * panel variant: no fitted line, no 50% band, smaller text.
 */
static int write_plot(FILE *out, const struct plot_labels *l, const struct plot_projection *p,
                      bool small, bool key)
{
    static const char *const band_spec[] = {
        "$fan using 1:2:3 with filledcurves lc rgb '" PLOT_C_BAND95 "'",
        "$fan using 1:4:5 with filledcurves lc rgb '" PLOT_C_BAND80 "'",
        "$fan using 1:6:7 with filledcurves lc rgb '" PLOT_C_BAND50 "'",
    };
    const char *band_title[] = {l->band95, l->band80, l->band50};
    char num[64], text[PLOT_LABEL_MAX + 64];
    const char *sep = "plot ";
    bool flat = fan_is_flat(p);
    size_t b;
    int rc;

    if (p->has_target) {
        const struct plot_fan *at = fan_at(p, p->target_x);
        double top = at && !flat ? fmax(p->target_y, at->hi95) : p->target_y;

        plot_value_text(num, sizeof num, p->target_y);
        snprintf(text, sizeof text, "%s %s", l->target ? l->target : "", num);
        /* A dotted line marks the deadline; the value sits above the marker and the fan. */
        fputs("set arrow 1 from ", out);
        plot_num(out, p->target_x);
        fputs(", graph 0 to ", out);
        plot_num(out, p->target_x);
        fputs(", graph 1 nohead dt 3 lw 1 lc rgb '" PLOT_C_TARGET "'\n", out);
        fputs("set style textbox opaque fc rgb '#ffffff' noborder\n", out);
        if ((rc = write_label(out, 2, text)))
            return rc;
        fputs(" at ", out);
        write_at(out, p->target_x, top);
        fprintf(out, " right front boxed offset 0.6,%s tc rgb '" PLOT_C_TARGET "' font ',%s'\n",
                small ? "1.0" : "1.3", small ? "8" : "11");
        /* How far the median falls short, said in numbers (an axis from zero hides it). */
        if (!small && at && at->median < p->target_y) {
            double gap = round((p->target_y - at->median) * 10.0) / 10.0;
            plot_value_text(num, sizeof num, gap);
            snprintf(text, sizeof text, "%s %s", l->gap ? l->gap : "", num);
            fputs("set arrow 4 from ", out);
            write_at(out, p->target_x, at->median);
            fputs(" to ", out);
            write_at(out, p->target_x, p->target_y);
            fputs(" heads size screen 0.006,90 lw 2 lc rgb '" PLOT_C_TARGET "' front\n", out);
            if ((rc = write_label(out, 4, text)))
                return rc;
            fputs(" at ", out);
            write_at(out, p->target_x, (p->target_y + at->median) / 2.0);
            fputs(" right front boxed offset -1,0 tc rgb '" PLOT_C_TARGET "' font ',10'\n", out);
        }
    }
    if (flat && l->flat) {
        if ((rc = write_label(out, 5, l->flat)))
            return rc;
        fprintf(out, " at graph 0.02, graph %s left front font ',%s' tc rgb '#555555'\n",
                small ? "0.82" : "0.85", small ? "7" : "10");
    }
    if (p->has_probability) {
        const char *words = small && l->panel_probability ? l->panel_probability : l->probability;
        plot_percent(num, sizeof num, p->probability);
        snprintf(text, sizeof text, "%s %s", words ? words : "", num);
        if ((rc = write_label(out, 3, text)))
            return rc;
        fprintf(out, " at graph 0.02, graph 0.93 left front font ',%s' tc rgb '#08306b'\n",
                small ? "10" : "16");
    }
    if (p->has_overlay_probability) {
        plot_percent(num, sizeof num, p->overlay_probability);
        snprintf(text, sizeof text, "%s %s %s", p->overlay_label,
                 l->probability ? l->probability : "", num);
        if ((rc = write_label(out, 4, text)))
            return rc;
        fprintf(out,
                " at graph 0.02, graph 0.86 left front font ',%s' tc rgb '" PLOT_C_OVERLAY "'\n",
                small ? "9" : "13");
    }
    /* A panel's legend (small) has been placed by plot_districts_write. */
    if (key && !small)
        fputs("set key outside right top vertical reverse Left samplen 2 font ',10'\n", out);
    else if (!key)
        fputs("unset key\n", out);
    /* The bands, widest first; a panel has no 50% band. */
    for (b = 0; p->n_fan && !flat && b < (small ? 2u : 3u); b++) {
        if ((rc = write_item(out, sep, band_title[b], "%s", band_spec[b])))
            return rc;
        sep = NEXT_ITEM;
    }
    if (p->n_fitted && !small) {
        if ((rc = write_item(out, sep, l->fitted,
                             "$fit using 1:2 with lines dt 2 lw 1.5 lc rgb '" PLOT_C_FITTED "'")))
            return rc;
        sep = NEXT_ITEM;
    }
    if (p->n_fan &&
        (rc = write_item(out, sep, l->median,
                         "$fan using 1:8 with lines lw 2.5 lc rgb '" PLOT_C_MEDIAN "'")))
        return rc;
    if (p->n_overlay &&
        (rc = write_item(out, sep, p->overlay_label,
                         "$ovl using 1:2:3 with filledcurves fs transparent solid 0.25 noborder lc "
                         "rgb '" PLOT_C_OVERLAY "' notitle" NEXT_ITEM
                         "$ovl using 1:4 with lines lw 2.5 lc rgb '" PLOT_C_OVERLAY "'")))
        return rc;
    /* The points over the fan: the history, the target, the latest year-to-date figure. */
    if ((rc = write_item(
             out, p->n_fan || p->n_overlay ? NEXT_ITEM : "plot ", l->history,
             "$hist using 1:2 with linespoints pt 7 ps %s*PS lw 2 lc rgb '" PLOT_C_HISTORY "'",
             small ? "0.6" : "1")))
        return rc;
    if (p->has_target &&
        (rc = write_item(out, NEXT_ITEM, l->target,
                         "$tgt using 1:2 with points pt 13 ps %s*PS lc rgb '" PLOT_C_TARGET "'",
                         small ? "2" : "3.5")))
        return rc;
    if (p->has_current &&
        (rc =
             write_item(out, NEXT_ITEM, p->current_label,
                        "$cur using 1:2 with points pt 6 ps %s*PS lw 2 lc rgb '" PLOT_C_CURRENT "'",
                        small ? "1.8" : "3")))
        return rc;
    fputc('\n', out);
    return ferror(out) ? PLOT_EIO : PLOT_OK;
}

int plot_projection_write(FILE *out, const struct plot_output *o, const struct plot_projection *p)
{
    const struct plot_labels *l = plot_labels_of(o);
    struct extent e = {INFINITY, -INFINITY, INFINITY, -INFINITY};
    enum plot_term term;
    int rc;

    if (!out || !projection_is_valid(p) || plot_output_check(o, &term))
        return PLOT_EINVAL;
    projection_extent(p, &e);
    if ((rc = plot_begin(out, o)))
        return rc;
    if ((rc = plot_title(out, p->title)))
        return rc;
    fputs("set xlabel ", out);
    if ((rc = plot_escape(out, l->year)))
        return rc;
    fputs("\nset ylabel ", out);
    if ((rc = plot_escape(out, p->y_label)))
        return rc;
    plot_ylabel_upright(out, p->y_label);
    fputs(p->footnote && *p->footnote ? "\nset bmargin 6\n" : "\n", out);
    if ((rc = plot_footnote(out, p->footnote)))
        return rc;
    write_ranges(out, &e, 8);
    write_blocks(out, p);
    if ((rc = write_plot(out, l, p, false, !p->no_key)))
        return rc;
    return plot_end(out);
}

/* Rows and columns for n panels: at most 4 columns, as square as possible. */
static void grid(size_t n, size_t *rows, size_t *cols)
{
    size_t c = n <= 3 ? n : n == 4 ? 2 : n <= 6 ? 3 : n <= 9 ? 3 : 4;

    *cols = c;
    *rows = (n + c - 1) / c;
}

int plot_districts_write(FILE *out, const struct plot_output *o, const struct plot_districts *d)
{
    const struct plot_labels *l = plot_labels_of(o);
    struct extent all = {INFINITY, -INFINITY, INFINITY, -INFINITY};
    enum plot_term term;
    size_t i, rows, cols;
    int rc;

    if (!out || !d || d->n_panels < 1 || !d->panels || plot_output_check(o, &term))
        return PLOT_EINVAL;
    for (i = 0; i < d->n_panels; i++) {
        if (!projection_is_valid(&d->panels[i]))
            return PLOT_EINVAL;
        projection_extent(&d->panels[i], &all);
    }
    grid(d->n_panels, &rows, &cols);
    if ((rc = plot_begin(out, o)))
        return rc;
    if ((rc = plot_footnote(out, d->footnote)))
        return rc;
    fprintf(out, "set multiplot layout %zu,%zu title ", rows, cols);
    if ((rc = plot_escape_title(out, d->title)))
        return rc;
    /*
     * The panels leave a column on the right for the legend, drawn once
     * (with the first panel) at the top of that column: gnuplot fits a key
     * into its own panel's width, so beside the grid is where it has room.
     */
    fprintf(out, " font ',15' margins screen 0.075,0.79,%.3g,0.86 spacing screen 0.06,%.3g\n",
            d->footnote && *d->footnote ? 0.13 : 0.08, rows > 1 ? 0.36 / (double)rows : 0.1);
    fputs("set key at screen 0.995, screen 0.86 right top vertical reverse Left samplen 1.5 "
          "font ',9'\n",
          out);
    fputs("set tics font ',9'\n", out);
    for (i = 0; i < d->n_panels; i++) {
        const struct plot_projection *p = &d->panels[i];
        struct extent e = {INFINITY, -INFINITY, INFINITY, -INFINITY};

        projection_extent(p, &e);
        /* Shared x always; shared y when the caller says the panels compare. */
        e.x0 = all.x0;
        e.x1 = all.x1;
        if (d->same_scale) {
            e.y0 = all.y0;
            e.y1 = all.y1;
        }
        fprintf(out, "# panel %zu\n", i + 1);
        fputs("set title ", out);
        if ((rc = plot_escape(out, p->title)))
            return rc;
        fputs(" font ',11' offset 0,-0.4\n", out);
        write_ranges(out, &e, 4);
        fputs("unset arrow\nunset label 2\nunset label 3\nunset label 5\n", out);
        write_blocks(out, p);
        if ((rc = write_plot(out, l, p, true, i == 0)))
            return rc;
        if (i == 0)
            fputs("unset label 99\n", out); /* the footnote is drawn once */
    }
    return plot_end(out);
}
