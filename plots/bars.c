/*
 * plots/bars.c -- the bar charts: `dashboard` (every target's probability,
 * coloured by status), `allocation` (assigned share vs expected delivery per
 * district), `scenarios` (targets x scenarios) and `backtest` (models x
 * metrics).  Category names are tic labels written through plot_escape();
 * the data blocks hold only numbers.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_int.h"

/* Up to 8 scenario colours, distinguishable in print and for colour-blind readers. */
static const char *const palette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
                                      "#76b7b2", "#edc948", "#b07aa1", "#9c755f"};
#define PALETTE_N (sizeof palette / sizeof palette[0])

/*
 * The text of a percentage in column 2 (0..100), as plot_percent() writes
 * it: rounded down, and a probability above 0 never reads "0%".
 */
#define PERCENT_TEXT "$2 > 0 && $2 < 1 ? '<1%' : gprintf('%.0f', floor($2 + 1e-7)).'%'"

/*
 * Write `set ?tics (...)` with n escaped labels at positions pos(i) =
 * first + i * step.
 */
static int write_tic_labels(FILE *out, char axis, const char *const *labels, size_t stride_bytes,
                            size_t n, double first, double step)
{
    size_t i;
    int rc;

    fprintf(out, "set %ctics (", axis);
    for (i = 0; i < n; i++) {
        const char *label = *(const char *const *)((const char *)labels + i * stride_bytes);

        if (i)
            fputs(", \\\n  ", out);
        if ((rc = plot_escape_tic(out, label)))
            return rc;
        fputc(' ', out);
        plot_num(out, first + (double)i * step);
    }
    fputs(")\n", out);
    return ferror(out) ? PLOT_EIO : PLOT_OK;
}

/* Reference lines at 80% and 50% on a probability axis given in percent. */
static void write_reference_lines(FILE *out, char axis)
{
    if (axis == 'x') {
        fputs("set arrow 1 from 80, graph 0 to 80, graph 1 nohead dt 2 lw 1.5 lc rgb '" PLOT_C_ON
              "'\n"
              "set arrow 2 from 50, graph 0 to 50, graph 1 nohead dt 2 lw 1.5 lc rgb '" PLOT_C_RISK
              "'\n"
              "set label 11 '80%' at 80, graph 1 center offset 0,0.8 tc rgb '" PLOT_C_ON "'\n"
              "set label 12 '50%' at 50, graph 1 center offset 0,0.8 tc rgb '" PLOT_C_RISK "'\n",
              out);
    } else {
        fputs("set arrow 1 from graph 0, first 80 to graph 1, first 80 nohead dt 2 lw 1.5 lc rgb "
              "'" PLOT_C_ON "'\n"
              "set arrow 2 from graph 0, first 50 to graph 1, first 50 nohead dt 2 lw 1.5 lc rgb "
              "'" PLOT_C_RISK "'\n",
              out);
    }
}

/* Dashboard rows sorted by probability, highest first; ties keep input order. */
struct ranked {
    const struct plot_dash_row *row;
    size_t index;
};

static int by_probability(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;

    if (x->row->probability > y->row->probability)
        return -1;
    if (x->row->probability < y->row->probability)
        return 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

int plot_dashboard_write(FILE *out, const struct plot_output *o, const struct plot_dashboard *d)
{
    static const char *const colour[] = {PLOT_C_ON, PLOT_C_RISK, PLOT_C_OFF};
    const struct plot_labels *l = plot_labels_of(o);
    const char *const status_label[] = {l->on_track, l->at_risk, l->off_track};
    struct ranked *r = NULL;
    enum plot_term term;
    double ch;
    size_t i, n;
    int rc = PLOT_OK, s;

    if (!out || !d || d->n_rows < 1 || !d->rows || plot_output_check(o, &term))
        return PLOT_EINVAL;
    n = d->n_rows;
    for (i = 0; i < n; i++) {
        double p = d->rows[i].probability;

        if (!isfinite(p) || p < 0 || p > 1 || (unsigned)d->rows[i].status > PLOT_OFF_TRACK)
            return PLOT_EINVAL;
    }
    r = malloc(n * sizeof *r);
    if (!r)
        return PLOT_ENOMEM;
    for (i = 0; i < n; i++) {
        r[i].row = &d->rows[i];
        r[i].index = i;
    }
    qsort(r, n, sizeof *r, by_probability);
    /* One text line as a fraction of the canvas height (sizes as in plot_begin). */
    ch = ((o->width ? o->width : 2400) / 54.0) / (o->height ? o->height : 1500);
    if ((rc = plot_begin(out, o)))
        goto out;
    /*
     * The title is centred on the canvas, not on the plot: long row labels
     * push the plot to the right, and a long title centred there is cut.
     */
    if (d->title && *d->title) {
        fputs("set label 98 ", out);
        if ((rc = plot_escape_title(out, d->title)))
            goto out;
        fputs(" at screen 0.5, screen ", out);
        plot_num(out, 1 - 1.3 * ch);
        fputs(" center front font ',15'\n", out);
    }
    if ((rc = plot_footnote(out, d->footnote)))
        goto out;
    fputs("set xlabel ", out);
    if ((rc = plot_escape(out, l->prob_axis)))
        goto out;
    /* Row i (0 = highest probability) sits at y = n - 1 - i, so it is drawn on top. */
    fprintf(
        out,
        "\nset xrange [0:112]\nset yrange [-0.7:%zu.7]\n"
        "set xtics ('0%%%%' 0, '20%%%%' 20, '40%%%%' 40, '60%%%%' 60, '80%%%%' 80, '100%%%%' 100)\n"
        "set grid noytics xtics\nset bmargin %d\nset tmargin 6\n",
        n - 1, d->footnote && *d->footnote ? 7 : 4);
    /*
     * The legend is one row under the title, above the plot, where no bar
     * or label can be: its place is worked out in screen units from the
     * canvas (a text line is about width/54 pixels high at every size).
     */
    fputs("set key at screen 0.5, screen ", out);
    plot_num(out, 1 - 2.3 * ch);
    fputs(" center top horizontal reverse Left samplen 1.5 font ',10'\n", out);
    /* The tic labels follow the sorted order. */
    fputs("set ytics (", out);
    for (i = 0; i < n; i++) {
        if (i)
            fputs(", \\\n  ", out);
        if ((rc = plot_escape_tic(out, r[i].row->label)))
            goto out;
        fprintf(out, " %zu", n - 1 - i);
    }
    fputs(") font ',10'\n", out);
    write_reference_lines(out, 'x');
    for (s = 0; s < 3; s++) {
        fprintf(out, "$s%d << EOD\n", s);
        for (i = 0; i < n; i++) {
            if ((int)r[i].row->status != s)
                continue;
            fprintf(out, "%zu ", n - 1 - i);
            plot_num(out, r[i].row->probability * 100.0);
            fputc('\n', out);
        }
        fputs("EOD\n", out);
    }
    /* Empty status blocks are drawn as legend entries only (keyentry). */
    fputs("plot ", out);
    for (s = 0; s < 3; s++) {
        bool any = false;

        for (i = 0; i < n; i++)
            any = any || (int)r[i].row->status == s;
        if (s)
            fputs(", \\\n  ", out);
        if (any)
            fprintf(out,
                    "$s%d using ($2/2):1:(0):2:($1-0.36):($1+0.36) with boxxyerror "
                    "fc rgb '%s' title ",
                    s, colour[s]);
        else
            fprintf(out, "keyentry with boxes fc rgb '%s' title ", colour[s]);
        if ((rc = plot_escape(out, status_label[s])))
            goto out;
    }
    for (s = 0; s < 3; s++) {
        bool any = false;

        for (i = 0; i < n; i++)
            any = any || (int)r[i].row->status == s;
        if (any)
            fprintf(out,
                    ", \\\n  $s%d using ($2+1.2):1:(%s) with labels left "
                    "font ',10' notitle",
                    s, PERCENT_TEXT);
    }
    fputc('\n', out);
    rc = plot_end(out);
out:
    free(r);
    return rc;
}

/*
 * Every value of one series of the chart (0 assigned, 1 expected, 2
 * proposed) is a whole number, or at least 1000.
 */
static bool all_whole(const struct plot_allocation *a, int series)
{
    size_t i;

    for (i = 0; i < a->n_rows; i++) {
        const struct plot_alloc_row *r = &a->rows[i];
        double v = series == 0 ? r->assigned : series == 1 ? r->expected : r->proposed;
        if (series == 2 && !r->has_proposed)
            continue;
        if (fabs(v) < 1000 && fabs(v - round(v)) > 1e-9)
            return false;
    }
    return true;
}

int plot_allocation_write(FILE *out, const struct plot_output *o, const struct plot_allocation *a)
{
    const struct plot_labels *l = plot_labels_of(o);
    enum plot_term term;
    double top = 0, width, off;
    size_t i;
    bool intervals = false, proposed = false;
    int rc;

    if (!out || !a || a->n_rows < 1 || !a->rows || plot_output_check(o, &term))
        return PLOT_EINVAL;
    for (i = 0; i < a->n_rows; i++) {
        const struct plot_alloc_row *r = &a->rows[i];

        if (!isfinite(r->assigned) || !isfinite(r->expected) ||
            (r->has_interval && (!isfinite(r->lo) || !isfinite(r->hi) || r->lo > r->hi)) ||
            (r->has_proposed && !isfinite(r->proposed)))
            return PLOT_EINVAL;
        top = fmax(top, fmax(r->assigned, r->expected));
        if (r->has_interval) {
            top = fmax(top, r->hi);
            intervals = true;
        }
        if (r->has_proposed) {
            top = fmax(top, r->proposed);
            proposed = true;
        }
    }
    if (!(top > 0))
        top = 1;
    /* Two bars a district at -off and +off; a proposal goes between them. */
    width = proposed ? 0.25 : 0.34;
    off = proposed ? 0.27 : 0.18;
    if ((rc = plot_begin(out, o)))
        return rc;
    if ((rc = plot_title(out, a->title)) || (rc = plot_footnote(out, a->footnote)))
        return rc;
    fputs("set ylabel ", out);
    if ((rc = plot_escape(out, a->y_label)))
        return rc;
    plot_ylabel_upright(out, a->y_label);
    fputs("\nset bmargin 5\nset xrange [-0.6:", out);
    plot_num(out, (double)a->n_rows - 0.4);
    fputs("]\nset yrange [0:", out);
    plot_num(out, top * 1.25);
    fprintf(out,
            "]\nset boxwidth %g absolute\nset key outside right top vertical reverse Left font "
            "',10'\n"
            "set xtics scale 0 font ',11'\n",
            width);
    if (proposed)
        fputs("set datafile missing '?'\n", out);
    if ((rc = write_tic_labels(out, 'x', &a->rows[0].label, sizeof a->rows[0], a->n_rows, 0, 1)))
        return rc;
    fputs("$alloc << EOD\n", out);
    for (i = 0; i < a->n_rows; i++) {
        fprintf(out, "%zu ", i);
        plot_num(out, a->rows[i].assigned);
        fputc(' ', out);
        plot_num(out, a->rows[i].expected);
        fputc(' ', out);
        /* Where the expected value's label goes: above its error bar. */
        plot_num(out, a->rows[i].has_interval ? fmax(a->rows[i].expected, a->rows[i].hi)
                                              : a->rows[i].expected);
        if (proposed) {
            fputc(' ', out);
            if (a->rows[i].has_proposed)
                plot_num(out, a->rows[i].proposed);
            else
                fputc('?', out);
        }
        fputc('\n', out);
    }
    fputs("EOD\n", out);
    if (intervals) {
        fputs("$iv << EOD\n", out);
        for (i = 0; i < a->n_rows; i++) {
            if (!a->rows[i].has_interval)
                continue;
            fprintf(out, "%zu ", i);
            plot_num(out, a->rows[i].expected);
            fputc(' ', out);
            plot_num(out, a->rows[i].lo);
            fputc(' ', out);
            plot_num(out, a->rows[i].hi);
            fputc('\n', out);
        }
        fputs("EOD\n", out);
    }
    fprintf(out, "plot $alloc using ($1-%g):2 with boxes fc rgb '#9e9ac8' title ", off);
    if ((rc = plot_escape(out, l->assigned)))
        return rc;
    if (proposed) {
        fputs(", \\\n  $alloc using 1:5 with boxes fc rgb '#fdae6b' title ", out);
        if ((rc = plot_escape(out, l->proposed)))
            return rc;
    }
    fprintf(out, ", \\\n  $alloc using ($1+%g):3 with boxes fc rgb '" PLOT_C_MEDIAN "' title ",
            off);
    if ((rc = plot_escape(out, l->expected)))
        return rc;
    if (intervals) {
        /* An interval is a vertical line with flat ends (no marker in its middle). */
        fprintf(out,
                ", \\\n  $iv using ($1+%g):3:(0):($4-$3) with vectors heads size screen "
                "0.008,90 lw 1.5 lc rgb '#333333' title ",
                off);
        if ((rc = plot_escape(out, l->band80)))
            return rc;
    }
    /* One way of writing numbers per series: whole numbers if all are, else one decimal. */
    fprintf(out,
            ", \\\n  $alloc using ($1-%g):2:(gprintf('%s', $2)) with labels offset 0,0.8 "
            "font ',9' notitle",
            off, all_whole(a, 0) ? "%.0f" : "%.1f");
    if (proposed)
        fprintf(out,
                ", \\\n  $alloc using 1:5:(gprintf('%s', $5)) with labels offset 0,0.8 "
                "font ',9' notitle",
                all_whole(a, 2) ? "%.0f" : "%.1f");
    fprintf(out,
            ", \\\n  $alloc using ($1+%g):4:(gprintf('%s', $3)) with labels offset 0,0.8 "
            "font ',9' notitle\n",
            off, all_whole(a, 1) ? "%.0f" : "%.1f");
    return plot_end(out);
}

int plot_scenarios_write(FILE *out, const struct plot_output *o, const struct plot_scenarios *s)
{
    enum plot_term term;
    size_t t, k, n;
    double w;
    int rc;

    if (!out || !s || s->n_targets < 1 || s->n_scenarios < 1 || s->n_scenarios > PALETTE_N ||
        !s->targets || !s->scenarios || !s->probability || plot_output_check(o, &term))
        return PLOT_EINVAL;
    n = s->n_targets * s->n_scenarios;
    for (t = 0; t < n; t++)
        if (!isfinite(s->probability[t]) || s->probability[t] < 0 || s->probability[t] > 1)
            return PLOT_EINVAL;
    w = 0.8 / (double)s->n_scenarios;
    if ((rc = plot_begin(out, o)))
        return rc;
    if ((rc = plot_title(out, s->title)) || (rc = plot_footnote(out, s->footnote)))
        return rc;
    fputs("set ylabel ", out);
    if ((rc = plot_escape(out, plot_labels_of(o)->prob_axis)))
        return rc;
    fputs("\nset yrange [0:112]\nset ytics ('0%%' 0, '20%%' 20, '40%%' 40, '60%%' 60, '80%%' 80, "
          "'100%%' 100)\nset xrange [-0.6:",
          out);
    plot_num(out, (double)s->n_targets - 0.4);
    fputs("]\nset boxwidth ", out);
    plot_num(out, w * 0.92);
    /* The legend between the title and the plot: at the bottom it would sit on the footnote. */
    fprintf(out,
            " absolute\nset bmargin %d\nset key outside top center horizontal reverse Left "
            "samplen 1.5 font ',10'\n"
            "set xtics scale 0 font ',10'%s\n",
            s->n_targets > 5 ? 11 : 7, s->n_targets > 5 ? " rotate by -30 left" : "");
    if ((rc = write_tic_labels(out, 'x', s->targets, sizeof s->targets[0], s->n_targets, 0, 1)))
        return rc;
    write_reference_lines(out, 'y');
    for (k = 0; k < s->n_scenarios; k++) {
        fprintf(out, "$sc%zu << EOD\n", k);
        for (t = 0; t < s->n_targets; t++) {
            plot_num(out, (double)t - 0.4 + ((double)k + 0.5) * w);
            fputc(' ', out);
            plot_num(out, s->probability[t * s->n_scenarios + k] * 100.0);
            fputc('\n', out);
        }
        fputs("EOD\n", out);
    }
    fputs("plot ", out);
    for (k = 0; k < s->n_scenarios; k++) {
        fprintf(out, "%s$sc%zu using 1:2 with boxes fc rgb '%s' title ", k ? ", \\\n  " : "", k,
                palette[k]);
        if ((rc = plot_escape(out, s->scenarios[k])))
            return rc;
    }
    if (n <= 48)
        for (k = 0; k < s->n_scenarios; k++)
            fprintf(out,
                    ", \\\n  $sc%zu using 1:2:(%s) with labels "
                    "offset 0,0.7 font ',8' notitle",
                    k, PERCENT_TEXT);
    fputc('\n', out);
    return plot_end(out);
}

int plot_backtest_write(FILE *out, const struct plot_output *o, const struct plot_backtest *b)
{
    enum plot_term term;
    size_t m, i, rows, cols, longest;
    int rc;

    if (!out || !b || b->n_models < 1 || b->n_metrics < 1 || b->n_metrics > 6 || !b->models ||
        !b->metrics || plot_output_check(o, &term))
        return PLOT_EINVAL;
    for (m = 0; m < b->n_metrics; m++) {
        const struct plot_metric *x = &b->metrics[m];

        if (!x->values || !plot_all_finite(x->values, b->n_models) ||
            (x->has_reference && !isfinite(x->reference)))
            return PLOT_EINVAL;
        for (i = 0; i < b->n_models; i++)
            if (x->values[i] < 0)
                return PLOT_EINVAL;
    }
    cols = b->n_metrics <= 3 ? b->n_metrics : (b->n_metrics + 1) / 2;
    rows = (b->n_metrics + cols - 1) / cols;
    if ((rc = plot_begin(out, o)))
        return rc;
    if ((rc = plot_footnote(out, b->footnote)))
        return rc;
    fprintf(out, "set multiplot layout %zu,%zu title ", rows, cols);
    if ((rc = plot_escape(out, b->title)))
        return rc;
    /* Room between rows for the x tics of one row and the title of the next; on the
       left, for the longest model label ("damped (80)"). */
    for (i = 0, longest = 0; i < b->n_models; i++)
        longest = strlen(b->models[i]) > longest ? strlen(b->models[i]) : longest;
    fprintf(out, " font ',15' margins screen %g,0.97,0.12,0.84 spacing screen %g,%s\n",
            longest > 8 ? 0.1 + 0.008 * (double)(longest - 8) : 0.1,
            longest > 8 ? 0.1 + 0.008 * (double)(longest - 8) : 0.1, rows > 1 ? "0.2" : "0.14");
    fputs("unset key\nset grid noytics xtics\nset yrange [-0.6:", out);
    plot_num(out, (double)b->n_models - 0.4);
    fputs("]\nset ytics scale 0 font ',10'\n", out);
    /* Model 0 on top: y = n_models - 1 - i. */
    if ((rc = write_tic_labels(out, 'y', b->models, sizeof b->models[0], b->n_models,
                               (double)b->n_models - 1, -1)))
        return rc;
    for (m = 0; m < b->n_metrics; m++) {
        const struct plot_metric *x = &b->metrics[m];
        double top = x->has_reference ? fmax(x->reference, 0) : 0;

        for (i = 0; i < b->n_models; i++)
            top = fmax(top, x->values[i]);
        if (!(top > 0))
            top = 1;
        /* One number of decimals per panel, from its largest value: 1050, 22.4, 2.57. */
        fprintf(out, "# metric %zu\nset title ", m + 1);
        if ((rc = plot_escape(out, x->name)))
            return rc;
        fputs(" font ',12'\nset xrange [0:", out);
        plot_num(out, top * 1.22);
        fputs("]\nset xtics ", out);
        plot_num(out, plot_nice_step(top * 1.22, 4));
        fputs("\nunset arrow\n", out);
        if (x->has_reference) {
            fputs("set arrow 1 from ", out);
            plot_num(out, x->reference);
            fputs(", graph 0 to ", out);
            plot_num(out, x->reference);
            fputs(", graph 1 nohead dt 2 lw 1.5 lc rgb '" PLOT_C_TARGET "'\n", out);
        }
        fputs("$bt << EOD\n", out);
        for (i = 0; i < b->n_models; i++) {
            fprintf(out, "%zu ", b->n_models - 1 - i);
            plot_num(out, x->values[i]);
            fputc('\n', out);
        }
        fprintf(out,
                "EOD\nplot $bt using ($2/2):1:(0):2:($1-0.36):($1+0.36) with boxxyerror "
                "fc rgb '%s', \\\n  $bt using 2:1:(gprintf(' %%.%df', $2)) with labels left "
                "font ',9'\n",
                palette[m % PALETTE_N],
                top >= 1000 ? 0
                : top >= 10 ? 1
                            : 2);
        if (m == 0)
            fputs("unset label 99\n", out);
    }
    return plot_end(out);
}
