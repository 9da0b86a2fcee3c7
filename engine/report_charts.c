/*
 * engine/report_charts.c -- the chart builders: a pipeline run -> the data
 * structs of plots/plot.h, with titles and footnotes in the --lang
 * language.  What a chart shows is decided here, not in plots/:
 *  - a projection is drawn per target: the series' history and fitted line,
 *    the fan up to the target's deadline, the target as a level marker;
 *    a target that is not a level of the plotted series (an increment over
 *    several years of a flow, an increment whose base year is not observed)
 *    is shown in the title and by its probability, without a marker;
 *  - district panels show each child region with its latest target;
 *  - the allocation compares the child regions' own targets for a year with
 *    what they are expected to deliver (there is no `allocate` command yet,
 *    so the plan's district split is the allocation shown).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocation.h"
#include "db.h"
#include "err.h"
#include "messages.h"
#include "model.h"
#include "pipeline.h"
#include "plot.h"
#include "report.h"

static const struct db_target *db_target_of(const struct report_src *src, int64_t id)
{
    size_t i;

    for (i = 0; i < src->n_targets; i++)
        if (src->targets[i].id == id)
            return &src->targets[i];
    return NULL;
}

/* ---- projection ---------------------------------------------------------------- */

/* The observed level of s in `year` (linear between observations), if observed. */
static bool level_at(const struct pipe_series *s, double year, double *out)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        if (fabs(s->t[i] - year) < 1e-9) {
            *out = s->y[i];
            return true;
        }
        if (i > 0 && s->t[i - 1] < year && year < s->t[i]) {
            double w = (year - s->t[i - 1]) / (s->t[i] - s->t[i - 1]);
            *out = s->y[i - 1] + w * (s->y[i] - s->y[i - 1]);
            return true;
        }
    }
    return false;
}

/*
 * The level the plotted series must reach at the deadline for target t,
 * when there is one: a level target itself; an increment on a stock from an
 * observed base year; a one-year increment of a flow.
 */
static bool target_level(const struct pipe_target *t, const struct pipe_series *s, double *out)
{
    double base;

    if (!t->spec.is_increment) {
        *out = t->spec.value;
        return true;
    }
    if (t->spec.is_flow) {
        if (t->spec.start != t->spec.deadline)
            return false;
        *out = t->spec.value;
        return true;
    }
    if (!level_at(s, t->spec.start - 1, &base))
        return false;
    *out = base + t->spec.value;
    return isfinite(*out);
}

/* History, fitted line and fan of s up to year `until`, finite values only. */
static void series_arrays(struct report_src *src, const struct pipe_series *s, int until,
                          bool fitted, struct plot_projection *out)
{
    struct plot_xy *h = arena_alloc(&src->arena, (s->n ? s->n : 1) * sizeof *h);
    struct plot_xy *f = arena_alloc(&src->arena, (s->n ? s->n : 1) * sizeof *f);
    struct plot_fan *fan = arena_alloc(&src->arena, (s->nq ? s->nq : 1) * sizeof *fan);
    size_t i, nh = 0, nf = 0, nfan = 0;

    for (i = 0; i < s->n; i++) {
        if (isfinite(s->t[i]) && isfinite(s->y[i])) {
            h[nh].x = s->t[i];
            h[nh++].y = s->y[i];
        }
        if (fitted && s->fitted && isfinite(s->t[i]) && isfinite(s->fitted[i])) {
            f[nf].x = s->t[i];
            f[nf++].y = s->fitted[i];
        }
    }
    for (i = 0; s->ok && s->q && i < s->nq; i++) {
        const double *q = &s->q[i * PIPE_NQ];
        int year = s->first_year + (int)i;
        size_t k;
        bool finite = true;

        if (year > until && i > 0)
            break;
        for (k = 0; k < PIPE_NQ; k++)
            finite = finite && isfinite(q[k]);
        if (!finite)
            continue;
        fan[nfan].x = year;
        fan[nfan].lo95 = q[PIPE_LO95];
        fan[nfan].lo80 = q[PIPE_LO80];
        fan[nfan].lo50 = q[PIPE_LO50];
        fan[nfan].median = q[PIPE_MEDIAN];
        fan[nfan].hi50 = q[PIPE_HI50];
        fan[nfan].hi80 = q[PIPE_HI80];
        fan[nfan].hi95 = q[PIPE_HI95];
        nfan++;
    }
    /*
     * The latest figure inside a year: a stock's level at the month's end,
     * drawn at that month; a flow's year to date, drawn at the year it
     * belongs to (to be read against that year's fan).
     */
    if (s->has_ytd && isfinite(s->ytd_value) && s->ytd_month >= 1 && s->ytd_month <= 12 &&
        s->ytd_year <= until) {
        static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

        out->has_current = true;
        out->current_y = s->ytd_value;
        if (s->is_flow) {
            out->current_x = s->ytd_year;
            out->current_label =
                src->zh ? arena_printf(&src->arena, "%d 年 1–%d 月累计", s->ytd_year, s->ytd_month)
                        : arena_printf(&src->arena, "YTD Jan–%s %d", mon[s->ytd_month - 1],
                                       s->ytd_year);
        } else {
            out->current_x = s->ytd_year - 1 + s->ytd_month / 12.0;
            out->current_label =
                src->zh ? arena_printf(&src->arena, "%d 年 %d 月实际", s->ytd_year, s->ytd_month)
                        : arena_printf(&src->arena, "actual, %s %d", mon[s->ytd_month - 1],
                                       s->ytd_year);
        }
    }
    out->history = h;
    out->n_history = nh;
    out->fitted = f;
    out->n_fitted = nf;
    out->fan = fan;
    out->n_fan = nfan;
}

int report_projection(struct report_src *src, size_t ti, struct plot_projection *out)
{
    const struct pipe *p = src->p;
    const struct pipe_target *t = &p->targets[ti];
    const struct pipe_series *s;
    const struct db_region *r = report_region(src, t->region_id);
    const struct db_indicator *ind = report_indicator(src, t->indicator_id);
    const struct db_target *dt = db_target_of(src, t->id);
    const char *ytd = "", *source = "";
    double level;

    memset(out, 0, sizeof *out);
    if (t->series < 0 || !t->has_result || !p->series[t->series].ok)
        return att_errf(src->err, ATT_EDATA, tr("no forecast for the target of '%s' '%s' in %d"),
                        r ? r->code : "?", ind ? ind->code : "?", t->spec.deadline);
    s = &p->series[t->series];
    series_arrays(src, s, t->spec.deadline, true, out);
    if (out->n_history == 0)
        return att_errf(src->err, ATT_EDATA, tr("no observations of '%s' '%s'"), r ? r->code : "?",
                        ind ? ind->code : "?");
    out->title = arena_printf(&src->arena, "%s · %s：%s", report_region_name(src, r),
                              report_indicator_name(src, ind), report_target_text(src, ti));
    if (!src->zh)
        out->title = arena_printf(&src->arena, "%s · %s: %s", report_region_name(src, r),
                                  report_short_indicator(src, ind), report_target_text(src, ti));
    out->y_label = report_unit(src, s->unit);
    if (target_level(t, s, &level)) {
        out->has_target = true;
        out->target_x = t->spec.deadline;
        out->target_y = level;
    }
    out->has_probability = true;
    out->probability = t->res.probability;
    if (s->has_ytd)
        ytd = src->zh
                  ? arena_printf(&src->arena, "；%d 年 1–%d 月累计 %s（已计入年末预测）",
                                 s->ytd_year, s->ytd_month, report_num_text(src, s->ytd_value))
                  : arena_printf(
                        &src->arena, "; %d Jan–%s year to date %s (in the forecast)", s->ytd_year,
                        (const char *[]){"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"}[(s->ytd_month - 1) % 12],
                        report_num_text(src, s->ytd_value));
    if (dt && dt->source && *dt->source)
        source = arena_printf(&src->arena, src->zh ? "；目标出处：%s" : "; target: %s", dt->source);
    out->footnote =
        src->zh ? arena_printf(&src->arena, "数据截至 %s%s；模型 %s，%zu 条模拟路径%s", src->as_of,
                               ytd, s->model, p->npaths, source)
                : arena_printf(&src->arena, "data as of %s%s; model %s, %zu simulated paths%s",
                               src->as_of, ytd, s->model, p->npaths, source);
    return ATT_OK;
}

int report_series(struct report_src *src, size_t si, struct plot_projection *out)
{
    const struct pipe_series *s = &src->p->series[si];
    const struct db_region *r = report_region(src, s->region_id);
    const struct db_indicator *ind = report_indicator(src, s->indicator_id);

    memset(out, 0, sizeof *out);
    if (!s->ok)
        return att_errf(src->err, ATT_EDATA, tr("no forecast for '%s' '%s'%s%s"), s->region_code,
                        s->indicator_code, s->note && *s->note ? tr(": ") : "",
                        s->note ? s->note : "");
    series_arrays(src, s, s->first_year + (int)s->nq - 1, true, out);
    if (out->n_history == 0)
        return att_errf(src->err, ATT_EDATA, tr("no observations of '%s' '%s'"), s->region_code,
                        s->indicator_code);
    out->title =
        arena_printf(&src->arena, "%s · %s", report_region_name(src, r),
                     src->zh ? report_indicator_name(src, ind) : report_short_indicator(src, ind));
    out->y_label = report_unit(src, s->unit);
    out->footnote =
        src->zh
            ? arena_printf(&src->arena, "数据截至 %s；模型 %s，%zu 条模拟路径；无目标", src->as_of,
                           s->model, src->p->npaths)
            : arena_printf(&src->arena, "data as of %s; model %s, %zu simulated paths; no target",
                           src->as_of, s->model, src->p->npaths);
    return ATT_OK;
}

/* ---- districts ------------------------------------------------------------------ */

/* The latest evaluated target of (region, indicator), or -1. */
static int64_t latest_target(const struct pipe *p, int64_t region, int64_t indicator, int year)
{
    int64_t best = -1;
    size_t i;

    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];

        if (t->region_id != region || t->indicator_id != indicator || !t->has_result)
            continue;
        if (year && t->spec.deadline != year)
            continue;
        if (best < 0 || t->spec.deadline >= p->targets[best].spec.deadline)
            best = (int64_t)i;
    }
    return best;
}

static int64_t series_of(const struct pipe *p, int64_t region, int64_t indicator)
{
    size_t i;

    for (i = 0; i < p->n_series; i++)
        if (p->series[i].region_id == region && p->series[i].indicator_id == indicator)
            return (int64_t)i;
    return -1;
}

/* The latest deadline of the targets of `parent`'s districts for `indicator`, 0 if none. */
static int latest_district_deadline(const struct report_src *src, int64_t parent, int64_t indicator)
{
    size_t i;
    int latest = 0;

    for (i = 0; i < src->n_regions; i++) {
        int64_t ti;

        if (src->regions[i].parent_id != parent)
            continue;
        ti = latest_target(src->p, src->regions[i].id, indicator, 0);
        if (ti >= 0 && src->p->targets[ti].spec.deadline > latest)
            latest = src->p->targets[ti].spec.deadline;
    }
    return latest;
}

int report_districts(struct report_src *src, int64_t parent, int64_t indicator,
                     struct plot_districts *out)
{
    const struct pipe *p = src->p;
    const struct db_indicator *ind = report_indicator(src, indicator);
    const struct db_region *pr = report_region(src, parent);
    struct plot_projection *panels = report_per_region(src, sizeof *panels);
    size_t i, n = 0;
    /* The x range: up to the latest district target, at least the first forecast year. */
    int until = latest_district_deadline(src, parent, indicator);

    memset(out, 0, sizeof *out);
    for (i = 0; i < src->n_regions; i++) {
        int64_t si;

        if (src->regions[i].parent_id != parent)
            continue;
        si = series_of(p, src->regions[i].id, indicator);
        if (si >= 0 && p->series[si].ok && p->series[si].first_year > until)
            until = p->series[si].first_year;
    }
    for (i = 0; i < src->n_regions; i++) {
        const struct db_region *r = &src->regions[i];
        struct plot_projection *pp = &panels[n];
        int64_t si, ti;
        double level;

        if (r->parent_id != parent)
            continue;
        si = series_of(p, r->id, indicator);
        if (si < 0 || !p->series[si].ok)
            continue;
        memset(pp, 0, sizeof *pp);
        series_arrays(src, &p->series[si], until, false, pp);
        if (pp->n_history == 0)
            continue;
        pp->title = report_region_name(src, r);
        ti = latest_target(p, r->id, indicator, 0);
        if (ti >= 0) {
            const struct pipe_target *t = &p->targets[ti];

            pp->has_probability = true;
            pp->probability = t->res.probability;
            if (target_level(t, &p->series[si], &level)) {
                pp->has_target = true;
                pp->target_x = t->spec.deadline;
                pp->target_y = level;
            }
        }
        n++;
    }
    if (n == 0)
        return att_errf(src->err, ATT_EDATA, tr("no region under '%s' has a forecast of '%s'"),
                        pr ? pr->code : "?", ind ? ind->code : "?");
    out->panels = panels;
    out->n_panels = n;
    out->same_scale = true;
    out->title =
        src->zh
            ? arena_printf(&src->arena, "%s（%s）：%s 各县区", ind ? ind->name : "?",
                           ind && ind->unit ? ind->unit : "", report_region_name(src, pr))
            : arena_printf(&src->arena, "%s (%s): districts of %s",
                           report_short_indicator(src, ind),
                           report_unit(src, ind ? ind->unit : NULL), report_region_name(src, pr));
    out->footnote = src->zh ? arena_printf(&src->arena,
                                           "数据截至 %s；各面板纵轴刻度相同；阴影为 80%%/95%% "
                                           "区间；标记为各区最近一期目标",
                                           src->as_of)
                            : arena_printf(&src->arena,
                                           "data as of %s; same y scale in every panel; shading: "
                                           "80%%/95%% intervals; marker: each district's latest "
                                           "target",
                                           src->as_of);
    return ATT_OK;
}

/* ---- dashboard ------------------------------------------------------------------- */

static enum plot_track track_of(enum target_status st)
{
    return st == TARGET_ON_TRACK  ? PLOT_ON_TRACK
           : st == TARGET_AT_RISK ? PLOT_AT_RISK
                                  : PLOT_OFF_TRACK;
}

/*
 * A chart's title for region r, or for every region when r is NULL: in
 * Chinese the region's name before zh, in English en, then sep and the name.
 */
static const char *region_title(struct report_src *src, const struct db_region *r, const char *zh,
                                const char *en, const char *sep)
{
    const char *name = r ? report_region_name(src, r) : "";

    return src->zh ? arena_printf(&src->arena, "%s%s", name, zh)
                   : arena_printf(&src->arena, "%s%s%s", en, r ? sep : "", name);
}

int report_dashboard(struct report_src *src, int64_t region, int64_t indicator,
                     struct plot_dashboard *out)
{
    const struct pipe *p = src->p;
    struct plot_dash_row *rows =
        arena_alloc(&src->arena, (p->n_targets ? p->n_targets : 1) * sizeof *rows);
    const struct db_region *r = region ? report_region(src, region) : NULL;
    size_t i, n = 0, skipped = 0;

    memset(out, 0, sizeof *out);
    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];
        const struct db_indicator *ind = report_indicator(src, t->indicator_id);

        if ((region && t->region_id != region) || (indicator && t->indicator_id != indicator))
            continue;
        if (!t->has_result || !isfinite(t->res.probability)) {
            skipped++;
            continue;
        }
        rows[n].label =
            region ? arena_printf(&src->arena, "%s · %s", report_short_indicator(src, ind),
                                  report_years_text(src, t))
                   : arena_printf(&src->arena, "%s · %s · %s",
                                  report_region_name(src, report_region(src, t->region_id)),
                                  report_short_indicator(src, ind), report_years_text(src, t));
        rows[n].probability = fmin(1, fmax(0, t->res.probability));
        rows[n].status = track_of(t->res.status);
        n++;
    }
    if (n == 0)
        return att_errf(src->err, ATT_EDATA, tr("no evaluated target to show"));
    out->rows = rows;
    out->n_rows = n;
    out->title =
        region_title(src, r, "各项目标达成概率", "Probability of meeting each target", ": ");
    out->footnote =
        src->zh
            ? arena_printf(
                  &src->arena, "数据截至 %s；达成概率 = %zu 条模拟路径中达到目标的比例%s",
                  src->as_of, p->npaths,
                  skipped ? arena_printf(&src->arena, "；另有 %zu 项目标无法评估，未列出", skipped)
                          : "")
            : arena_printf(&src->arena,
                           "data as of %s; probability = share of %zu simulated paths that "
                           "meet the target%s",
                           src->as_of, p->npaths,
                           skipped == 1 ? "; 1 target cannot be evaluated"
                           : skipped    ? arena_printf(&src->arena,
                                                       "; %zu targets cannot be evaluated", skipped)
                                        : "");
    return ATT_OK;
}

/* ---- scenarios ------------------------------------------------------------------- */

int report_scenarios(struct report_src *src, int64_t region, int64_t indicator,
                     struct plot_scenarios *out)
{
    const struct pipe *p = src->scen ? src->scen : src->p;
    size_t nv = p->n_variants, i, v, n = 0, pass;
    const char **labels = arena_alloc(&src->arena, (p->n_targets + 1) * sizeof *labels), **names;
    double *prob = arena_alloc(&src->arena, (p->n_targets * (nv ? nv : 1) + 1) * sizeof *prob);
    const struct db_region *r = region ? report_region(src, region) : NULL;

    memset(out, 0, sizeof *out);
    if (nv < 2 || !src->scenario_names)
        return att_errf(src->err, ATT_EDATA, tr("no scenario to compare (give --scenario FILE)"));
    if (nv > 8)
        return att_errf(src->err, ATT_EDATA, tr("at most 7 scenarios fit one chart, not %zu"),
                        nv - 1);
    /* First the targets some scenario moves; if there are none, every target. */
    for (pass = 0; pass < 2 && n == 0; pass++)
        for (i = 0; i < p->n_targets; i++) {
            const struct pipe_target *t = &p->targets[i];
            const struct db_indicator *ind = report_indicator(src, t->indicator_id);
            bool moved = false, ok = true;
            if ((region && t->region_id != region) || (indicator && t->indicator_id != indicator))
                continue;
            for (v = 0; v < nv; v++) {
                const struct pipe_vresult *x = &p->vres[v * p->n_targets + i];
                ok &= x->has_result && isfinite(x->res.probability);
                moved |= ok && (x->res.probability != p->vres[i].res.probability ||
                                x->res.expected != p->vres[i].res.expected);
            }
            if (!ok || (pass == 0 && !moved))
                continue;
            labels[n] =
                region ? arena_printf(&src->arena, "%s · %s", report_short_indicator(src, ind),
                                      report_years_text(src, t))
                       : arena_printf(&src->arena, "%s · %s · %s",
                                      report_region_name(src, report_region(src, t->region_id)),
                                      report_short_indicator(src, ind), report_years_text(src, t));
            for (v = 0; v < nv; v++)
                prob[n * nv + v] = fmin(1, fmax(0, p->vres[v * p->n_targets + i].res.probability));
            n++;
        }
    if (n == 0)
        return att_errf(src->err, ATT_EDATA, tr("no evaluated target to show"));
    out->targets = labels;
    out->n_targets = n;
    names = arena_alloc(&src->arena, nv * sizeof *names);
    for (v = 0; v < nv; v++)
        names[v] = report_isolated(src, src->scenario_names[v]);
    out->scenarios = names;
    out->n_scenarios = nv;
    out->probability = prob;
    out->title =
        region_title(src, r, "情景比较：达成概率", "Scenarios: probability of meeting", " — ");
    out->footnote =
        src->zh
            ? arena_printf(&src->arena,
                           "数据截至 %s；各情景与基线使用同一组 %zu 条模拟路径（差异即杠杆的作用）",
                           src->as_of, p->npaths)
            : arena_printf(&src->arena,
                           "data as of %s; every scenario and the baseline use the same %zu "
                           "simulated paths (the differences are the levers')",
                           src->as_of, p->npaths);
    return ATT_OK;
}

/* ---- allocation ------------------------------------------------------------------ */

/*
 * The equal-risk split of the total the rows split (their plan's kind),
 * into rows[k].proposed for the districts region_of[k]; the sentence into
 * *summary.  Nothing when src->opts is NULL or no split can be made.
 */
static void propose_beside(struct report_src *src, int64_t parent, int64_t indicator, int year,
                           int kind, struct plot_alloc_row *rows, const int64_t *region_of,
                           size_t n, const char **summary, const char **pstar)
{
    struct allocation_compare c;
    struct att_err quiet = {0};
    size_t k, i;

    if (!src->opts || !src->db)
        return;
    if (allocation_compare_init(&c, src->db, src->opts, parent, indicator, year, kind, &quiet) ==
        ATT_OK) {
        char *s = allocation_sentence(&c, src->zh);
        char pct[16];
        for (k = 0; k < n; k++)
            for (i = 0; i < c.a.n_districts; i++)
                if (c.a.parts[i].region_id == region_of[k]) {
                    rows[k].has_proposed = true;
                    rows[k].proposed = c.equal[i];
                }
        if (summary)
            *summary =
                arena_printf(&src->arena, src->zh ? "%s：%s" : "%s: %s",
                             report_indicator_name(src, report_indicator(src, indicator)), s);
        plot_percent(pct, sizeof pct, c.equal_res.p_star);
        *pstar = arena_printf(&src->arena, "%s", pct);
        free(s);
    }
    allocation_compare_release(&c);
}

int report_allocation(struct report_src *src, int64_t parent, int64_t indicator, int year,
                      struct plot_allocation *out, int *year_out, const char **summary)
{
    int64_t *region_of = report_per_region(src, sizeof *region_of);
    const char *pstar = NULL;
    int kind = -1;
    const struct pipe *p = src->p;
    const struct db_indicator *ind = report_indicator(src, indicator);
    const struct db_region *pr = report_region(src, parent);
    struct plot_alloc_row *rows = report_per_region(src, sizeof *rows);
    size_t i, n = 0;
    double sum = 0;
    int64_t city;
    const char *city_text;

    memset(out, 0, sizeof *out);
    if (!year)
        year = latest_district_deadline(src, parent, indicator);
    for (i = 0; i < src->n_regions && year; i++) {
        const struct pipe_target *t;
        int64_t ti;

        if (src->regions[i].parent_id != parent)
            continue;
        ti = latest_target(p, src->regions[i].id, indicator, year);
        if (ti < 0)
            continue;
        t = &p->targets[ti];
        rows[n].label = report_region_name(src, &src->regions[i]);
        rows[n].assigned = t->spec.value;
        rows[n].expected = t->res.expected;
        rows[n].has_interval =
            isfinite(t->res.lo80) && isfinite(t->res.hi80) && t->res.lo80 <= t->res.hi80;
        rows[n].lo = t->res.lo80;
        rows[n].hi = t->res.hi80;
        if (!isfinite(rows[n].expected) || !isfinite(rows[n].assigned))
            continue;
        sum += t->spec.value;
        region_of[n] = src->regions[i].id;
        if (kind < 0)
            kind = t->spec.is_increment;
        n++;
    }
    if (n == 0)
        return att_errf(src->err, ATT_EDATA,
                        tr("no region under '%s' has an evaluated target for '%s'%s"),
                        pr ? pr->code : "?", ind ? ind->code : "?",
                        year ? arena_printf(&src->arena, tr(" in %d"), year) : "");
    if (year_out)
        *year_out = year;
    if (summary)
        *summary = NULL;
    propose_beside(src, parent, indicator, year, kind, rows, region_of, n, summary, &pstar);
    out->rows = rows;
    out->n_rows = n;
    out->y_label = report_unit(src, ind ? ind->unit : NULL);
    out->title = src->zh ? arena_printf(&src->arena, "%s：%d 年各县区目标与预期完成",
                                        ind ? ind->name : "?", year)
                         : arena_printf(&src->arena, "%s: district targets for %d and expected",
                                        report_short_indicator(src, ind), year);
    city = latest_target(p, parent, indicator, year);
    /* The city's own target, when it has one for the year: "，全市目标 X" / ", city target X". */
    city_text = city < 0 ? ""
                         : arena_printf(&src->arena, src->zh ? "，全市目标 %s" : ", city target %s",
                                        report_num_text(src, p->targets[city].spec.value));
    out->footnote = arena_printf(
        &src->arena,
        src->zh ? "分解目标：计划中各县区 %d 年的目标（合计 %s%s）；预期完成：模型预测的"
                  "均值与 80%% 区间；数据截至 %s"
                : "assigned: the plan's district targets for %d (sum %s%s); "
                  "expected: mean forecast and 80%% interval; data as of %s",
        year, report_num_text(src, sum), city_text, src->as_of);
    if (pstar) {
        /* English words are longer: the probability goes in the title there. */
        out->title =
            src->zh ? arena_printf(&src->arena, "%s：%d 年各县区目标、等风险分配与预期完成",
                                   ind ? ind->name : "?", year)
                    : arena_printf(&src->arena, "%s: %d targets, equal-risk split (%s), expected",
                                   report_short_indicator(src, ind), year, pstar);
        if (src->zh)
            out->footnote = arena_printf(&src->arena, "%s；等风险分配：各县区概率均约 %s",
                                         out->footnote, pstar);
    }
    return ATT_OK;
}
