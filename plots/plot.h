/*
 * plots/plot.h -- the chart library's one public header.
 *
 * plots/ turns plain data structs into gnuplot scripts and runs them through
 * one gnuplot process per batch of charts.  It knows nothing about SQLite,
 * models or what deserves a chart: the engine fills the structs below and
 * chooses the words (plots never translate; plot_labels_zh and plot_labels_en
 * are two ready-made vocabularies the caller may pass).
 *
 * Two ways to use it:
 *   - plot_<kind>_write(out, &o, &chart) writes a complete, self-contained
 *     script for one chart to any FILE * -- unit tests diff this text;
 *   - plot_session_open() starts gnuplot, plot_session_stream() is the FILE *
 *     to give to plot_<kind>_write() (as many charts as you like), and
 *     plot_session_close() waits for gnuplot and reports its message.
 *
 * Safety: every string that comes from data (titles, region and indicator
 * names, units, footnotes, the output path) reaches gnuplot only through
 * plot_escape(), as a gnuplot string literal it reads back verbatim, with control
 * characters removed; terminals are set to `noenhanced`.  Data blocks carry
 * numbers only, never text, so no data can end a block early.  Every number
 * is checked with isfinite() before anything is written: a chart with NaN or
 * Inf in it writes nothing and returns PLOT_EINVAL.
 */
#ifndef ATTAIN_PLOTS_PLOT_H
#define ATTAIN_PLOTS_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#if defined(__GNUC__)
#define PLOT_MUST_CHECK __attribute__((warn_unused_result))
#else
#define PLOT_MUST_CHECK
#endif

/* Status codes of every function here that can fail (0 is success). */
enum plot_status {
    PLOT_OK = 0,
    PLOT_EINVAL = 1,   /* bad input: NaN/Inf, empty chart, unknown extension, NULL */
    PLOT_ENOMEM = 2,   /* out of memory */
    PLOT_EIO = 3,      /* writing the script (or the pipe) failed */
    PLOT_ESPAWN = 4,   /* gnuplot could not be started */
    PLOT_EGNUPLOT = 5, /* gnuplot exited with a non-zero status */
};

/* A short English description of a plot_status ("gnuplot failed", ...). */
const char *plot_strerror(int status);

/*
 * Write `label` to `out` as one gnuplot string literal, quotes included,
 * so that gnuplot reads back exactly the text (minus control characters)
 * and runs nothing:
 *   - without a `'` in it: in single quotes, where backslashes, backquotes,
 *     `@macro`, calls of gnuplot functions, `;` and `#` are plain text;
 *   - with a `'`: in double quotes, with `"`, `\`, the backquote and `@`
 *     written as octal escapes (\042 \134 \140 \100) -- doubling `'` inside
 *     single quotes fails where the quote starts or ends the label;
 *   - C0/C1 control characters, DEL, U+2028/U+2029 (newlines, tabs, ...)
 *     become one space each, so a label can never span script lines;
 *   - bytes that are not valid UTF-8 become U+FFFD, so SVG stays valid XML;
 *   - the text is cut after PLOT_LABEL_MAX bytes (at a character boundary)
 *     and "…" appended.
 * NULL writes ''.  Returns PLOT_OK or PLOT_EIO if the stream reports an error.
 */
#define PLOT_LABEL_MAX 240
int plot_escape(FILE *out, const char *label) PLOT_MUST_CHECK;

/*
 * Format a probability in [0,1] as "83%" into buf, as every chart and the
 * bulletin say it: rounded down to a whole percent, so that the words never
 * cross a status threshold (0.7996 reads "79%", not "80%"), and "<1%" for a
 * probability above 0 that would read "0%".
 */
void plot_percent(char *buf, size_t size, double p);

/*
 * Format a value for a label: whole numbers without decimals ("210",
 * "12500"), others with up to two decimals, trailing zeros dropped ("3.5"); the
 * engine writes numbers in its words the same way.
 */
void plot_value_text(char *buf, size_t size, double v);

/*
 * The same for an explicit tic label (`set xtics ('label' pos)`), which
 * gnuplot reads as a printf-like format: '%' becomes the full-width
 * percent sign U+FF05, so that gnuplot never formats (nor cuts) the label.
 * Tic labels sit beside the plot and take its room, so they are cut after
 * PLOT_TIC_COLUMNS columns (a Chinese character counts 2) and "…" appended.
 */
#define PLOT_TIC_COLUMNS 40
int plot_escape_tic(FILE *out, const char *label) PLOT_MUST_CHECK;

/*
 * The same for a chart's title, which is centred on the canvas: a title
 * wider than PLOT_TITLE_COLUMNS columns (a Chinese character counts 2;
 * about the canvas width at the title's size) is broken at spaces into
 * lines of about equal width, so that neither end is cut off.
 */
#define PLOT_TITLE_COLUMNS 80
int plot_escape_title(FILE *out, const char *title) PLOT_MUST_CHECK;

/*
 * The chart vocabulary in one language: legend entries and axis words that
 * do not come from data.  The strings are borrowed; they are escaped like
 * any label.
 */
struct plot_labels {
    const char *history;     /* "实际值" -- observed values */
    const char *fitted;      /* "拟合" -- the model's in-sample line */
    const char *median;      /* "预测中位数" */
    const char *band50;      /* "50% 区间" */
    const char *band80;      /* "80% 区间" */
    const char *band95;      /* "95% 区间" */
    const char *target;      /* "目标" (the value is appended: "目标 210") */
    const char *probability; /* "达成概率" (the percentage is appended: "达成概率 83%") */
    const char *panel_probability; /* the same in a districts panel (narrow); NULL: probability */
    const char *year;              /* x axis of time charts: "年份" */
    const char *prob_axis;         /* x/y axis of probability charts: "达成概率" */
    const char *on_track;          /* "有望完成（≥80%）" (the words of `attain targets`) */
    const char *at_risk;           /* "有风险（50%–80%）" */
    const char *off_track;         /* "落后（<50%）" */
    const char *assigned;          /* allocation: "分解目标" */
    const char *expected;          /* allocation: "预期完成" */
    const char *gap;      /* projection: "差距" (the shortfall is appended: "差距 38") */
    const char *flat;     /* projection whose forecast has no spread: why no fan shows */
    const char *proposed; /* allocation: "等风险分配" */
};
extern const struct plot_labels plot_labels_zh; /* Chinese (the default) */
extern const struct plot_labels plot_labels_en; /* English */

/*
 * Where and how a chart is drawn.  The terminal follows the extension of
 * `path` (case-insensitive): .png -> pngcairo, .svg -> svg (dynamic),
 * .pdf -> pdfcairo; anything else is PLOT_EINVAL.
 */
struct plot_output {
    const char *path;                 /* output file; must not contain control characters */
    const char *font;                 /* font family, e.g. "Noto Sans CJK SC"; NULL = gnuplot's */
    unsigned width;                   /* PNG pixels, 0 = 2400 (8 in at 300 dpi) */
    unsigned height;                  /* PNG pixels, 0 = 1500; SVG uses width/4 x height/4
                                       * px, PDF width/300 x height/300 inches */
    const struct plot_labels *labels; /* NULL = &plot_labels_zh */
};

/* One observed or fitted value.  x is the year as a number (2023 = end of 2023). */
struct plot_xy {
    double x;
    double y;
};

/* One forecast period: the median and the 50/80/95% central intervals. */
struct plot_fan {
    double x;      /* year, as in struct plot_xy */
    double median; /* lo95 <= lo80 <= lo50 <= median <= hi50 <= hi80 <= hi95 */
    double lo50, hi50;
    double lo80, hi80;
    double lo95, hi95;
};

/*
 * `projection`: one series -- history (points and line), the fitted line
 * (dashed), the median forecast with its 50/80/95% fan, the target as a
 * marker at its deadline with its value, and "达成概率 83%" in the corner;
 * optionally the latest in-year figure as a hollow marker (has_current).
 * The fan starts from the last history point when that point is earlier.
 */
struct plot_projection {
    const char *title;             /* e.g. "盘锦市 高新技术企业" */
    const char *y_label;           /* the unit, e.g. "家" */
    const char *footnote;          /* e.g. "来源：…；数据截至 2023 年" (NULL = none) */
    const struct plot_xy *history; /* n_history >= 1 observations, x increasing */
    size_t n_history;
    const struct plot_xy *fitted; /* may be NULL with n_fitted = 0 */
    size_t n_fitted;
    const struct plot_fan *fan; /* may be NULL with n_fan = 0, x increasing */
    size_t n_fan;
    bool has_target;
    double target_x; /* deadline year */
    double target_y; /* the level to reach by then */
    bool has_probability;
    double probability; /* in [0, 1] */
    bool no_key;        /* leave the legend out (a page that explains it once) */
    bool has_current;   /* the latest figure inside a year (a month's year to date) */
    double current_x;   /* e.g. 2021.5 for June 2021 */
    double current_y;
    const char *current_label; /* its legend entry, e.g. "2021 年 6 月实际" */
    /*
     * A scenario drawn over the fan (NULL with n_overlay = 0): its median
     * and 80% band in another colour, legend `overlay_label`, and its
     * probability under the baseline's.
     */
    const struct plot_fan *overlay;
    size_t n_overlay;
    const char *overlay_label;
    bool has_overlay_probability;
    double overlay_probability; /* in [0, 1] */
};
int plot_projection_write(FILE *out, const struct plot_output *o,
                          const struct plot_projection *p) PLOT_MUST_CHECK;

/*
 * `districts`: small multiples, one panel per district (the panels' titles
 * are the districts' names), laid out in a grid by multiplot.  With
 * same_scale every panel shares one y range (use it when the panels are the
 * same indicator); the x range is always shared.  A panel draws history,
 * median, 80% and 95% bands, target and probability; the legend is drawn
 * once, in the first panel.
 */
struct plot_districts {
    const char *title;                    /* e.g. "高新技术企业：各县区" */
    const char *footnote;                 /* NULL = none */
    const struct plot_projection *panels; /* n_panels >= 1; fitted lines and y_label are
                                           * not drawn: put the unit into `title` */
    size_t n_panels;
    bool same_scale;
};
int plot_districts_write(FILE *out, const struct plot_output *o,
                         const struct plot_districts *d) PLOT_MUST_CHECK;

/* A target's status, as the engine decided it (`attain targets`' status column). */
enum plot_track { PLOT_ON_TRACK = 0, PLOT_AT_RISK = 1, PLOT_OFF_TRACK = 2 };

struct plot_dash_row {
    const char *label;  /* e.g. "盘锦市 · 高新技术企业 · 2025" */
    double probability; /* in [0, 1] */
    enum plot_track status;
};

/*
 * `dashboard`: every target's probability as a horizontal bar coloured by
 * status (green/amber/red, with a legend), sorted from the highest
 * probability at the top to the lowest (ties keep the caller's order), the
 * percentage at the end of each bar, and dashed reference lines at 80% and
 * 50%.
 */
struct plot_dashboard {
    const char *title;
    const char *footnote;
    const struct plot_dash_row *rows; /* n_rows >= 1 */
    size_t n_rows;
};
int plot_dashboard_write(FILE *out, const struct plot_output *o,
                         const struct plot_dashboard *d) PLOT_MUST_CHECK;

struct plot_alloc_row {
    const char *label; /* the district */
    double assigned;   /* its share of the city target, in the indicator's unit */
    double expected;   /* what it is expected to deliver by the deadline */
    bool has_interval; /* draw lo..hi as an error bar on `expected` */
    double lo, hi;     /* e.g. the 80% interval */
    bool has_proposed; /* draw `proposed` between `assigned` and `expected` */
    double proposed;   /* another split's share, e.g. the equal-risk one */
};

/*
 * `allocation`: per district, the assigned share of a city-wide target next
 * to the expected delivery (grouped bars, the values printed above them);
 * when any row has a proposed share, a third bar between them (labels
 * ->proposed), missing for rows without one.
 */
struct plot_allocation {
    const char *title;
    const char *y_label; /* the unit */
    const char *footnote;
    const struct plot_alloc_row *rows; /* n_rows >= 1 */
    size_t n_rows;
};
int plot_allocation_write(FILE *out, const struct plot_output *o,
                          const struct plot_allocation *a) PLOT_MUST_CHECK;

/*
 * `scenarios`: the probability of every target under every scenario as
 * grouped vertical bars (one group per target, one colour per scenario),
 * with reference lines at 80% and 50%.
 */
struct plot_scenarios {
    const char *title;
    const char *footnote;
    const char *const *targets; /* n_targets >= 1 group labels */
    size_t n_targets;
    const char *const *scenarios; /* n_scenarios >= 1 legend entries (at most 8) */
    size_t n_scenarios;
    const double *probability; /* [t * n_scenarios + s], each in [0, 1] */
};
int plot_scenarios_write(FILE *out, const struct plot_output *o,
                         const struct plot_scenarios *s) PLOT_MUST_CHECK;

/* One metric of a backtest: one value per model, and an optional reference line. */
struct plot_metric {
    const char *name;     /* e.g. "sMAPE (%)" or "80% 区间覆盖率 (%)" */
    const double *values; /* n_models values, each >= 0 */
    bool has_reference;   /* e.g. the nominal coverage 80 */
    double reference;
};

/*
 * `backtest`: models x metrics, one panel per metric (their scales differ),
 * one horizontal bar per model, the value printed beside it.
 */
struct plot_backtest {
    const char *title;
    const char *footnote;
    const char *const *models; /* n_models >= 1 */
    size_t n_models;
    const struct plot_metric *metrics; /* n_metrics >= 1 (at most 6) */
    size_t n_metrics;
};
int plot_backtest_write(FILE *out, const struct plot_output *o,
                        const struct plot_backtest *b) PLOT_MUST_CHECK;

/*
 * A running gnuplot process.  Opaque: use the functions below.
 */
struct plot_session;

/*
 * Start `gnuplot` (a program name looked up in PATH, or a path; NULL means
 * "gnuplot") with popen(), its stderr going to a private temporary file so
 * that plot_session_close() can report what it said.  SIGPIPE is ignored
 * while the session is open (and restored by close), so a gnuplot that dies
 * early shows up as a write error, not a killed process.
 *   s   (out) the session, to be closed with plot_session_close()
 *   msg (out) on failure, a message (may be NULL)
 * Returns PLOT_OK, PLOT_ENOMEM, PLOT_EIO (no temporary file) or PLOT_ESPAWN.
 */
int plot_session_open(struct plot_session **s, const char *gnuplot, char *msg,
                      size_t msg_size) PLOT_MUST_CHECK;

/* The stream to write scripts to (owned by the session; do not fclose it). */
FILE *plot_session_stream(struct plot_session *s);

/*
 * Send "exit", wait for gnuplot, free the session.  If gnuplot exited with
 * a non-zero status (or could not be run at all: exit 127 from the shell),
 * returns PLOT_EGNUPLOT and copies the start of gnuplot's stderr into msg
 * (trimmed, newlines kept); PLOT_EIO if the pipe failed.  Returns PLOT_OK
 * for s == NULL.
 */
int plot_session_close(struct plot_session *s, char *msg, size_t msg_size) PLOT_MUST_CHECK;

#endif /* ATTAIN_PLOTS_PLOT_H */
