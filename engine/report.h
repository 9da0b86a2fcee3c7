/*
 * engine/report.h -- from a pipeline run to the data of each chart, for
 * `attain plot` and the bulletin (engine/chart_kinds.h says which builder
 * draws which chart kind).
 *
 * The chart builders turn a struct pipe into the plain structs of
 * plots/plot.h: they decide what a chart shows (which series, which target,
 * which districts, the words of titles and footnotes in --lang); plots/
 * only draws.  Everything they allocate comes from the arena of the
 * struct report_src and is freed with it.
 *
 *     struct report_src src;
 *     rc = report_src_init(&src, ctx->db, p, ctx->lang == ATT_LANG_ZH, as_of, &ctx->err);
 *     rc = report_projection(&src, ti, &chart);     // chart borrows from src
 *     rc = plot_projection_write(f, &o, &chart);
 *     report_src_release(&src);
 */
#ifndef ATTAIN_ENGINE_REPORT_H
#define ATTAIN_ENGINE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "ctx.h"
#include "db.h"
#include "plot.h"
#include "status.h"

struct pipe;
struct pipe_opts;
struct pipe_target;
struct sqlite3;

/* What the chart builders read. */
struct report_src {
    const struct pipe *p;      /* borrowed: a run with opts.targets set */
    struct db_region *regions; /* every region (owned) */
    size_t n_regions;
    struct db_indicator *indicators; /* every indicator (owned) */
    size_t n_indicators;
    struct db_target *targets; /* every target, for its source (owned) */
    size_t n_targets;
    bool zh;             /* Chinese words (else English) */
    char as_of[16];      /* '2021-06': --as-of, else the latest period in the data */
    int64_t root;        /* the top region (the city), 0 if none */
    struct arena arena;  /* the charts' strings and arrays */
    struct att_err *err; /* where builders write their one message */
    struct sqlite3 *db;  /* borrowed: the store p was read from */
    /*
     * The options of p's run, set by the caller when charts may make runs of
     * their own with the same seed and paths (the allocation's equal-risk
     * split needs one indicator's paths kept); NULL: they make none.
     */
    const struct pipe_opts *opts;
    /*
     * Compared scenarios: a run with pipe_opts.variants (borrowed; NULL: the
     * charts read p) and their names, [0] the baseline's.
     */
    const struct pipe *scen;
    const char *const *scenario_names;
};

/*
 * Read what the builders need besides the pipe (regions, indicators,
 * targets) and work out the as-of period (`as_of` if not NULL).  Returns
 * ATT_OK or ATT_EINTERNAL with the message in err.  Release with
 * report_src_release() in any case.
 */
int report_src_init(struct report_src *src, struct sqlite3 *db, const struct pipe *p, bool zh,
                    const char *as_of, struct att_err *err) ATT_MUST_CHECK;
void report_src_release(struct report_src *src);

/* The region / indicator of an id, or NULL. */
const struct db_region *report_region(const struct report_src *src, int64_t id);
const struct db_indicator *report_indicator(const struct report_src *src, int64_t id);

/* Room in src's arena for one element of `size` bytes per region (at least one). */
void *report_per_region(struct report_src *src, size_t size);

/*
 * The name to show: the Chinese name, or with English words the region's
 * code with a capital ("Panjin") / the indicator's name_en.
 */
const char *report_region_name(struct report_src *src, const struct db_region *r);
const char *report_indicator_name(const struct report_src *src, const struct db_indicator *ind);

/*
 * "2025 年达到 210 家" / "reach 210 家 by 2025" for target i of the pipe
 * (in the arena).
 */
const char *report_target_text(struct report_src *src, size_t ti);

/* The English name without its explanation in parentheses (for tic labels). */
const char *report_short_indicator(struct report_src *src, const struct db_indicator *ind);

/*
 * An indicator's unit in the words of the charts: as loaded with Chinese
 * words; with English words the English of the common units ("家" ->
 * "entities", "亿元" -> "100 million yuan"), else as loaded; bidi-isolated
 * like the names when it holds direction marks or right-to-left letters.
 */
const char *report_unit(struct report_src *src, const char *unit);

/* s as it is, or bidi-isolated (in the report's arena) when it needs it. */
const char *report_isolated(struct report_src *src, const char *s);

/* v as plot_value_text writes it ("12", "12.5"), in the arena. */
const char *report_num_text(struct report_src *src, double v);

/* "2025" or "2021–2025": the years target t covers (in the arena). */
const char *report_years_text(struct report_src *src, const struct pipe_target *t);

/*
 * `projection` of target ti of the pipe: its series' history and fitted
 * line, the fan up to the deadline, the target marker (when the target can
 * be shown as a level), the probability.  ATT_EDATA ("no forecast for
 * ...") when the target has no evaluated series.
 */
int report_projection(struct report_src *src, size_t ti,
                      struct plot_projection *out) ATT_MUST_CHECK;

/*
 * `projection` of series si of the pipe without a target: history, fitted
 * line and the whole simulated horizon.  ATT_EDATA when it has no forecast.
 */
int report_series(struct report_src *src, size_t si, struct plot_projection *out) ATT_MUST_CHECK;

/* Does a child region of `parent` have an evaluated target of `indicator`? */
bool report_has_child_target(const struct report_src *src, int64_t parent, int64_t indicator);

/*
 * `districts`: one panel per child region of `parent` with a forecast of
 * `indicator`, each with its latest target; same y scale.  ATT_EDATA when
 * no child region has one.
 */
int report_districts(struct report_src *src, int64_t parent, int64_t indicator,
                     struct plot_districts *out) ATT_MUST_CHECK;

/*
 * `dashboard`: every evaluated target of region `region` (0 = all) and
 * indicator `indicator` (0 = all).  ATT_EDATA when there is none.
 */
int report_dashboard(struct report_src *src, int64_t region, int64_t indicator,
                     struct plot_dashboard *out) ATT_MUST_CHECK;

/*
 * `scenarios`: the probability of the targets of `region` (0: every region)
 * and `indicator` (0: all) under the baseline and each compared scenario
 * (src->scen, else src->p: its vres; names src->scenario_names); only the targets some scenario
 * moves, unless none does.  ATT_EDATA when the pipe compares no scenario.
 */
int report_scenarios(struct report_src *src, int64_t region, int64_t indicator,
                     struct plot_scenarios *out) ATT_MUST_CHECK;

/*
 * `allocation`: the targets of the child regions of `parent` for
 * `indicator` in `year` (0 = the latest year any of them has) next to
 * their expected values with the 80% interval, and, with src->opts, the
 * equal-risk split of the same total beside them (`attain allocate`).
 * *year_out (out, may be NULL) gets the year; *summary (out, may be NULL;
 * in the arena, NULL without a proposal) the sentence that judges the
 * plan's split and the equal-risk one.  ATT_EDATA when no child region has
 * such a target.
 */
int report_allocation(struct report_src *src, int64_t parent, int64_t indicator, int year,
                      struct plot_allocation *out, int *year_out,
                      const char **summary) ATT_MUST_CHECK;

/*
 * The latest deadline of any target into *until (0 if none), for
 * pipe_opts.until: forecasts summarised up to there reach every target.
 */
int report_until(struct sqlite3 *db, int *until, struct att_err *err) ATT_MUST_CHECK;

/*
 * `backtest`: the summary rows (region and indicator empty) of the file
 * `attain backtest --format csv` wrote at `path` (a UTF-8 BOM is allowed),
 * one bar group per model.  Numbers follow the loader's rules (text_number:
 * thousands separators, full-width digits).  Returns ATT_OK;
 * ATT_ENOINPUT (cannot open), ATT_EIO (cannot read) or ATT_EDATA
 * ("FILE:LINE:COL: message") with the message in src->err.
 */
int report_backtest(struct report_src *src, const char *path,
                    struct plot_backtest *out) ATT_MUST_CHECK;

/* The same from the open stream f (not closed), named `path` in messages. */
int report_backtest_read(struct report_src *src, const char *path, FILE *f,
                         struct plot_backtest *out) ATT_MUST_CHECK;

#endif /* ATTAIN_ENGINE_REPORT_H */
