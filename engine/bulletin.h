/*
 * engine/bulletin.h -- `attain report` (and the end of `attain demo`): the
 * leadership bulletin, and the fixed text it is written with.
 */
#ifndef ATTAIN_ENGINE_BULLETIN_H
#define ATTAIN_ENGINE_BULLETIN_H

#include "ctx.h"
#include "status.h"

/*
 * The bulletin: run the pipeline over the whole store (as of `as_of`, NULL =
 * all data), and write DIR/index.html (self-contained: CSS and every chart
 * inline as SVG), every chart as DIR/charts/NAME.png and .svg,
 * DIR/targets.csv (UTF-8 with BOM) and DIR/targets.xlsx (engine/xlsx.h).  Creates DIR if missing.
 * Records the run as 'report' with argc/argv.  *index (out, may be NULL) gets the path of
 * index.html (caller frees).  The caller has checked that gnuplot is installed
 * (tools_need_gnuplot).  Returns an att_status with one message in ctx->err.
 */
int bulletin_write(struct att_ctx *ctx, const char *dir, const char *as_of, int argc, char **argv,
                   char **index) ATT_MUST_CHECK;

/*
 * The same with scenario files (n_scenarios paths, read as of `as_of`): the
 * bulletin gains a section comparing every city target under the baseline
 * and each scenario (same random numbers), and, for the city's targets of
 * the plan's last year that are not on track, what growth it would take to
 * be 80% sure.  A bad file is ATT_EDATA "FILE:LINE: ..." before anything is
 * written.
 */
int bulletin_write_scenarios(struct att_ctx *ctx, const char *dir, const char *as_of,
                             const char *const *scenarios, size_t n_scenarios, int argc,
                             char **argv, char **index) ATT_MUST_CHECK;

/* The words of the page, in one language. */
struct bulletin_words {
    const char *lang, *asof, *on, *risk, *off, *na, *s_overview, *s_table, *s_city, *s_districts,
        *s_allocation, *s_method, *th[10];
    /*
     * The method note: method0, then the models that ran (made from the run,
     * bulletin.c), then method1, the number of paths, method2, then the
     * check: check0, the `backtest --targets` sentence (bt_targets.c),
     * check1, and the list's end.
     */
    const char *method0, *method1, *method2, *check0, *check1;
    const char *legend;     /* how to read the projection charts */
    const char *allocation; /* what the allocation section shows */
    /* When shown figures rest on invented history (source=illustrative): */
    const char *demo_note; /* at the top of page 1 (HTML) */
    const char *demo_foot; /* in the footer of every printed page (plain text) */
};

/* The page's words in Chinese and in English (bulletin_words.c). */
extern const struct bulletin_words bulletin_words_zh;
extern const struct bulletin_words bulletin_words_en;

/* The page's style sheet. */
extern const char bulletin_css[];

#endif /* ATTAIN_ENGINE_BULLETIN_H */
