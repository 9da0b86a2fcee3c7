/*
 * engine/chart_kinds.h -- the one table of chart kinds.  `attain plot KIND`
 * and the bulletin both go through it: the kind's name (usage text, "which
 * chart?", "unknown chart ... (did you mean ...)", the kind list of
 * `attain plot --help`), how to build it for `attain plot` and for the
 * bulletin, how to draw it, its footnote, and the bulletin section it
 * appears in.
 *
 * A new chart kind is one plots/ file (its struct and plot_<kind>_write)
 * plus one row in engine/chart_kinds.c (and a member of union chart_data).
 */
#ifndef ATTAIN_ENGINE_CHART_KINDS_H
#define ATTAIN_ENGINE_CHART_KINDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plot.h"
#include "report.h"
#include "status.h"

/* Where a kind appears in the bulletin, and so how often. */
enum chart_section {
    CHART_NOT_IN_BULLETIN,
    CHART_OVERVIEW,   /* once, for the city */
    CHART_CITY,       /* once per target of the city (half width, two per row) */
    CHART_DISTRICTS,  /* once per indicator with district targets */
    CHART_ALLOCATION, /* the same, in the section on how targets are split */
    CHART_SCENARIOS,  /* once, when the bulletin compares scenarios */
};

/* What `attain plot` asked for. */
struct chart_req {
    int64_t region;    /* --region, 0 if not given */
    int64_t indicator; /* --indicator, 0 if not given */
    int year;          /* --year, 0 if not given */
    const char *from;  /* --from FILE, NULL if not given */
};

/* The data of one chart, as plots/ takes it: the member of chart.kind. */
union chart_data {
    struct plot_projection projection;
    struct plot_districts districts;
    struct plot_dashboard dashboard;
    struct plot_allocation allocation;
    struct plot_scenarios scenarios;
    struct plot_backtest backtest;
};

struct chart_kind;

/* One chart: its kind, its data (borrowing from a report_src's arena). */
struct chart {
    const struct chart_kind *kind;
    union chart_data u;
    unsigned height;     /* `attain plot`: canvas height in pixels, 0 = the default */
    const char *stem;    /* bulletin: file name without extension, in charts/ */
    const char *caption; /* bulletin: the figure's aria-label */
    unsigned png_height; /* bulletin: PNG height at 1600 px wide, 0 = 5/8 of the width */
    const char *lead;    /* bulletin: a paragraph before the figure, or NULL */
};

struct chart_kind {
    const char *name; /* `attain plot NAME` */
    /*
     * `attain plot`: build the chart for req into *out.  ATT_EDATA with the
     * message in src->err when there is nothing to draw.  NULL: the kind
     * cannot be drawn yet, and `refused` says why.
     */
    int (*plot)(struct report_src *src, const struct chart_req *req, struct chart *out);
    /*
     * The bulletin: the chart for `item` (CHART_CITY: a target index of the
     * pipe; CHART_DISTRICTS: an indicator index of src; CHART_OVERVIEW: 0),
     * `seq` charts into the bulletin.  Not ATT_OK: the chart is left out.
     */
    int (*bulletin)(struct report_src *src, size_t item, size_t seq, struct chart *out);
    /* Draw c on f (plots/ return codes). */
    int (*write)(FILE *f, const struct plot_output *o, const struct chart *c);
    /* c's footnote (the bulletin's caption), or NULL. */
    const char *(*footnote)(const struct chart *c);
    /*
     * Make c fit the page: the footnote goes (HTML wraps it as the caption)
     * and a legend that the page explains once; the PNG keeps both.
     */
    void (*for_page)(struct chart *c);
    enum chart_section section;
    const char *from;    /* reads --from: what the file must be, else NULL */
    const char *refused; /* why `attain plot` cannot draw it yet, else NULL */
    /*
     * What `attain plot --help` says of it: lines of at most 64 columns
     * separated by '\n' (commands.c indents them under the kind's name).
     */
    const char *help;
};

/* The table, in the order of usage text and listings. */
extern const struct chart_kind chart_kinds[];
extern const size_t chart_n_kinds;

/* The kind called `name`, or NULL. */
const struct chart_kind *chart_kind_find(const char *name);

/* The nearest kind name to an unknown `name` (for "did you mean"), or NULL. */
const char *chart_kind_nearest(const char *name);

/* "projection, districts, ... or backtest" (every kind, in table order) into buf. */
void chart_kind_list(char *buf, size_t size);

#endif /* ATTAIN_ENGINE_CHART_KINDS_H */
