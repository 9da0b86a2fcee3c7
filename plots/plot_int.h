/*
 * plots/plot_int.h -- helpers shared by the chart writers in plots/ (not
 * part of the public interface): the common script preamble, numbers, data
 * blocks and layout arithmetic.
 */
#ifndef ATTAIN_PLOTS_PLOT_INT_H
#define ATTAIN_PLOTS_PLOT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "plot.h"

/* Colours (gnuplot '#rrggbb'), one palette for every chart. */
#define PLOT_C_HISTORY "#222222"
#define PLOT_C_FITTED "#7f7f7f"
#define PLOT_C_MEDIAN "#08519c"
#define PLOT_C_OVERLAY "#d95f02" /* a scenario drawn over the baseline */
#define PLOT_C_BAND50 "#6baed6"
#define PLOT_C_BAND80 "#9ecae1"
#define PLOT_C_BAND95 "#deebf7"
#define PLOT_C_TARGET "#c0392b"
#define PLOT_C_CURRENT "#e6550d"
#define PLOT_C_ON "#1a9850"
#define PLOT_C_RISK "#f39c12"
#define PLOT_C_OFF "#d73027"
#define PLOT_C_GRID "#d9d9d9"
#define PLOT_C_NOTE "#555555"

/* The terminal a path asks for. */
enum plot_term { PLOT_TERM_PNG, PLOT_TERM_SVG, PLOT_TERM_PDF };

/* The vocabulary of o (plot_labels_zh when o->labels is NULL). */
const struct plot_labels *plot_labels_of(const struct plot_output *o);

/*
 * Check o (path with a known extension and no control characters) and find
 * its terminal.  Returns PLOT_OK or PLOT_EINVAL.
 */
int plot_output_check(const struct plot_output *o, enum plot_term *term) PLOT_MUST_CHECK;

/*
 * Write "reset session", the encoding, the terminal (noenhanced, sized and
 * with the font of o), the output file and the common style (grid, border,
 * key box).  Returns PLOT_OK, PLOT_EINVAL (bad o) or PLOT_EIO.
 */
int plot_begin(FILE *out, const struct plot_output *o) PLOT_MUST_CHECK;

/* Close the output file ("unset output") and check the stream.  PLOT_OK or PLOT_EIO. */
int plot_end(FILE *out) PLOT_MUST_CHECK;

/* Write a finite number in the shortest exact-enough form ("%.10g"). */
void plot_num(FILE *out, double v);

/* Write `set label ... at screen` for a footnote at the bottom left (NULL: nothing). */
int plot_footnote(FILE *out, const char *footnote) PLOT_MUST_CHECK;

/* Write `set title '...'` (NULL: nothing). */
int plot_title(FILE *out, const char *title) PLOT_MUST_CHECK;

/* true when every one of the n numbers is finite. */
bool plot_all_finite(const double *v, size_t n);

/* A "nice" step for an axis spanning `span` with about `ticks` ticks. */
double plot_nice_step(double span, int ticks);

/*
 * After `set ylabel '...'`: a unit of a character or two ("家"), which
 * rotated reads like an arrow, is kept upright (writes " norotate").
 */
void plot_ylabel_upright(FILE *out, const char *label);

#endif /* ATTAIN_PLOTS_PLOT_INT_H */
