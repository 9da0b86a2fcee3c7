/*
 * engine/chart_kinds.c -- the chart-kind table (chart_kinds.h) and, per
 * kind, the few lines that connect `attain plot`'s options and the
 * bulletin's layout to a builder of engine/report_charts.c and a writer of
 * plots/.  Adding a kind: its builder, then one row below.
 */
#include "chart_kinds.h"

#include <stdio.h>
#include <string.h>

#include "messages.h"
#include "pipeline.h"
#include "text.h"

/* ---- shared by the rows ----------------------------------------------------- */

/*
 * KIND_write and KIND_footnote for the member KIND of union chart_data,
 * drawn by plot_KIND_write: the same two lines for every kind.
 */
#define CHART_DRAWS(KIND)                                                                          \
    static int KIND##_write(FILE *f, const struct plot_output *o, const struct chart *c)           \
    {                                                                                              \
        return plot_##KIND##_write(f, o, &c->u.KIND);                                              \
    }                                                                                              \
    static const char *KIND##_footnote(const struct chart *c)                                      \
    {                                                                                              \
        return c->u.KIND.footnote;                                                                 \
    }

/* KIND_for_page for a kind whose page version only loses its footnote. */
#define CHART_FOOTNOTE_TO_CAPTION(KIND)                                                            \
    static void KIND##_for_page(struct chart *c)                                                   \
    {                                                                                              \
        c->u.KIND.footnote = NULL;                                                                 \
    }

/* A code as a safe file-name part: [A-Za-z0-9_-], at most 32 bytes. */
static const char *file_part(struct report_src *src, const char *code)
{
    char *s = arena_printf(&src->arena, "%.32s", code ? code : "x");
    char *c;

    for (c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_' || *c == '-'))
            *c = '_';
    return s;
}

/* The first indicator with a target in a child region of `parent`, or 0. */
static int64_t first_split_indicator(const struct report_src *src, int64_t parent)
{
    size_t i;

    for (i = 0; i < src->n_indicators; i++)
        if (report_has_child_target(src, parent, src->indicators[i].id))
            return src->indicators[i].id;
    return 0;
}

/* ---- projection --------------------------------------------------------------- */

/*
 * The target of (region, indicator[, year]) with the latest deadline, else
 * the series itself; without --indicator the region's first evaluated
 * target.
 */
static int projection_plot(struct report_src *src, const struct chart_req *req, struct chart *out)
{
    const struct pipe *p = src->p;
    int64_t region = req->region ? req->region : src->root, indicator = req->indicator;
    int year = req->year;
    int64_t best = -1;
    size_t i;

    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];

        if (t->region_id != region || (indicator && t->indicator_id != indicator) ||
            (year && t->spec.deadline != year) || !t->has_result)
            continue;
        if (best < 0 || (indicator && t->spec.deadline >= p->targets[best].spec.deadline))
            best = (int64_t)i;
    }
    if (best >= 0)
        return report_projection(src, (size_t)best, &out->u.projection);
    if (year)
        return att_errf(src->err, ATT_EDATA, tr("no evaluated target in %d for this region%s"),
                        year, indicator ? tr(" and indicator") : "");
    for (i = 0; indicator && i < p->n_series; i++)
        if (p->series[i].region_id == region && p->series[i].indicator_id == indicator)
            return report_series(src, i, &out->u.projection);
    return att_errf(src->err, ATT_EDATA, tr("nothing to draw: no %s with data for this region"),
                    indicator ? tr("series") : tr("target"));
}

/* Target `item` of the city. */
static int projection_bulletin(struct report_src *src, size_t item, size_t seq, struct chart *out)
{
    const struct pipe_target *t = &src->p->targets[item];
    int rc = report_projection(src, item, &out->u.projection);

    if (rc)
        return rc;
    out->stem = arena_printf(&src->arena, "projection-%02zu-%s-%d", seq,
                             file_part(src, t->indicator_code), t->spec.deadline);
    out->caption = out->u.projection.title;
    return ATT_OK;
}

CHART_DRAWS(projection)
/* The page explains the projections' legend once, above them. */
static void projection_for_page(struct chart *c)
{
    c->u.projection.footnote = NULL;
    c->u.projection.no_key = true;
}

/* ---- districts ---------------------------------------------------------------- */

static int districts_plot(struct report_src *src, const struct chart_req *req, struct chart *out)
{
    int64_t region = req->region ? req->region : src->root;
    int64_t indicator = req->indicator ? req->indicator : first_split_indicator(src, region);

    return report_districts(src, region, indicator, &out->u.districts);
}

/* Indicator `item` of src, across the city's districts. */
static int districts_bulletin(struct report_src *src, size_t item, size_t seq, struct chart *out)
{
    const struct db_indicator *ind = &src->indicators[item];
    int rc = report_districts(src, src->root, ind->id, &out->u.districts);

    (void)seq;
    if (rc)
        return rc;
    out->stem = arena_printf(&src->arena, "districts-%s", file_part(src, ind->code));
    out->caption = out->u.districts.title;
    return ATT_OK;
}

CHART_DRAWS(districts)
CHART_FOOTNOTE_TO_CAPTION(districts)

/* ---- dashboard ---------------------------------------------------------------- */

static int dashboard_plot(struct report_src *src, const struct chart_req *req, struct chart *out)
{
    int rc = report_dashboard(src, req->region, req->indicator, &out->u.dashboard);

    if (!rc && out->u.dashboard.n_rows > 20)
        out->height = (unsigned)(900 + 68 * out->u.dashboard.n_rows); /* taller, not squeezed */
    return rc;
}

/* Every target of the city and its districts. */
static int dashboard_bulletin(struct report_src *src, size_t item, size_t seq, struct chart *out)
{
    int rc = report_dashboard(src, src->root, 0, &out->u.dashboard);

    (void)item;
    (void)seq;
    if (rc)
        return rc;
    out->stem = "dashboard";
    out->caption = out->u.dashboard.title;
    out->png_height = (unsigned)(600 + 45 * out->u.dashboard.n_rows);
    if (out->png_height < 1000)
        out->png_height = 1000;
    return ATT_OK;
}

CHART_DRAWS(dashboard)
CHART_FOOTNOTE_TO_CAPTION(dashboard)

/* ---- allocation ----------------------------------------------------------------- */

static int allocation_plot(struct report_src *src, const struct chart_req *req, struct chart *out)
{
    int64_t region = req->region ? req->region : src->root;
    int64_t indicator = req->indicator ? req->indicator : first_split_indicator(src, region);

    return report_allocation(src, region, indicator, req->year, &out->u.allocation, NULL, NULL);
}

/* Indicator `item` of src: the districts' targets of its latest year. */
static int allocation_bulletin(struct report_src *src, size_t item, size_t seq, struct chart *out)
{
    const struct db_indicator *ind = &src->indicators[item];
    int year = 0;
    int rc = report_allocation(src, src->root, ind->id, 0, &out->u.allocation, &year, &out->lead);

    (void)seq;
    if (rc)
        return rc;
    out->stem = arena_printf(&src->arena, "allocation-%s-%d", file_part(src, ind->code), year);
    out->caption = out->u.allocation.title;
    return ATT_OK;
}

CHART_DRAWS(allocation)
CHART_FOOTNOTE_TO_CAPTION(allocation)

/* ---- scenarios ------------------------------------------------------------------ */

static int scenarios_plot(struct report_src *src, const struct chart_req *req, struct chart *out)
{
    int rc = report_scenarios(src, req->region ? req->region : src->root, req->indicator,
                              &out->u.scenarios);

    if (!rc && out->u.scenarios.n_targets > 8)
        out->height = (unsigned)(600 + 40 * out->u.scenarios.n_targets);
    return rc;
}

/* The city's targets under every compared scenario. */
static int scenarios_bulletin(struct report_src *src, size_t item, size_t seq, struct chart *out)
{
    int rc;

    (void)item;
    (void)seq;
    if (!src->scen)
        return ATT_EDATA;
    rc = report_scenarios(src, src->root, 0, &out->u.scenarios);
    if (rc)
        return rc;
    out->stem = "scenarios";
    out->caption = out->u.scenarios.title;
    return ATT_OK;
}

CHART_DRAWS(scenarios)
CHART_FOOTNOTE_TO_CAPTION(scenarios)

/* ---- backtest ------------------------------------------------------------------- */

static int backtest_plot(struct report_src *src, const struct chart_req *req, struct chart *out)
{
    int rc = report_backtest(src, req->from, &out->u.backtest);

    if (!rc && out->u.backtest.n_models > 6)
        out->height = (unsigned)(900 + 100 * out->u.backtest.n_models); /* two rows of panels */
    return rc;
}

CHART_DRAWS(backtest)
CHART_FOOTNOTE_TO_CAPTION(backtest)

/* ---- the table ------------------------------------------------------------------ */

const struct chart_kind chart_kinds[] = {
    {"projection", projection_plot, projection_bulletin, projection_write, projection_footnote,
     projection_for_page, CHART_CITY, NULL, NULL,
     "a target of region R (default: the city) and indicator I: history,\n"
     "fitted line, median forecast with 50/80/95% fan, the target at its\n"
     "deadline and the probability of meeting it (a series without a\n"
     "target is drawn without one)"},
    {"districts", districts_plot, districts_bulletin, districts_write, districts_footnote,
     districts_for_page, CHART_DISTRICTS, NULL, NULL,
     "one panel per district under R (default: the city) for indicator I"},
    {"dashboard", dashboard_plot, dashboard_bulletin, dashboard_write, dashboard_footnote,
     dashboard_for_page, CHART_OVERVIEW, NULL, NULL,
     "every target's probability, coloured by status (R, I filter)"},
    {"allocation", allocation_plot, allocation_bulletin, allocation_write, allocation_footnote,
     allocation_for_page, CHART_ALLOCATION, NULL, NULL,
     "the districts' targets for indicator I in --year next to what\n"
     "they are expected to deliver"},
    {"scenarios", scenarios_plot, scenarios_bulletin, scenarios_write, scenarios_footnote,
     scenarios_for_page, CHART_SCENARIOS, NULL, NULL,
     "every target's probability under the baseline and each --scenario\n"
     "FILE (one or more, on the same simulated paths)"},
    {"backtest", backtest_plot, NULL, backtest_write, backtest_footnote, backtest_for_page,
     CHART_NOT_IN_BULLETIN, "the output of 'attain backtest --format csv'", NULL,
     "sMAPE, MASE and interval coverage of each model, from the summary\n"
     "rows of 'attain backtest --format csv' saved to --from FILE"},
};
const size_t chart_n_kinds = sizeof chart_kinds / sizeof chart_kinds[0];

const struct chart_kind *chart_kind_find(const char *name)
{
    size_t k;

    for (k = 0; k < chart_n_kinds; k++)
        if (strcmp(name, chart_kinds[k].name) == 0)
            return &chart_kinds[k];
    return NULL;
}

const char *chart_kind_nearest(const char *name)
{
    const char *best = NULL;
    size_t best_d = 3, k; /* at most two edits away */

    for (k = 0; k < chart_n_kinds; k++) {
        size_t d = text_distance(name, chart_kinds[k].name);

        if (d < best_d) {
            best_d = d;
            best = chart_kinds[k].name;
        }
    }
    return best;
}

void chart_kind_list(char *buf, size_t size)
{
    size_t k, len = 0;

    if (size)
        buf[0] = '\0';
    for (k = 0; k < chart_n_kinds; k++) {
        int n = snprintf(buf + len, size - len, "%s%s",
                         k == 0                  ? ""
                         : k + 1 < chart_n_kinds ? tr(", ")
                                                 : tr(" or "),
                         chart_kinds[k].name);

        if (n < 0 || (size_t)n >= size - len)
            return;
        len += (size_t)n;
    }
}
