/*
 * engine/report.c -- the chart builders (a pipeline run -> the data structs
 * of plots/plot.h, with titles and footnotes in the --lang language) and
 * the leadership bulletin `attain report` writes: index.html with every
 * chart inline as SVG, the charts as PNG and SVG files, targets.csv.
 *
 * What a chart shows is decided here, not in plots/:
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
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "db.h"
#include "err.h"
#include "model.h"
#include "output.h"
#include "pipeline.h"
#include "plot.h"
#include "report.h"
#include "xalloc.h"

/* ---- arena ----------------------------------------------------------------- */

void *report_alloc(struct report_arena *a, size_t size)
{
    void *p = xcalloc(1, size ? size : 1);

    a->blocks = xgrow(a->blocks, sizeof *a->blocks, a->n + 1, &a->cap);
    a->blocks[a->n++] = p;
    return p;
}

char *report_printf(struct report_arena *a, const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    s = report_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void report_arena_release(struct report_arena *a)
{
    size_t i;

    for (i = 0; i < a->n; i++)
        free(a->blocks[i]);
    free(a->blocks);
    a->blocks = NULL;
    a->n = a->cap = 0;
}

/* ---- the sources ------------------------------------------------------------- */

/* Compare periods (year, month) where an annual figure (month 0) is the year end. */
static int period_key(int year, int month)
{
    return year * 13 + (month ? month : 13);
}

int report_src_init(struct report_src *src, struct sqlite3 *db, const struct pipe *p, bool zh,
                    const char *as_of, struct att_err *err)
{
    int best = 0, rc;
    size_t i;

    memset(src, 0, sizeof *src);
    src->p = p;
    src->zh = zh;
    src->err = err;
    if ((rc = db_regions(db, &src->regions, &src->n_regions, err)) ||
        (rc = db_indicators(db, &src->indicators, &src->n_indicators, err)) ||
        (rc = db_targets(db, 0, 0, &src->targets, &src->n_targets, err)))
        return rc;
    for (i = 0; i < src->n_regions; i++)
        if (src->regions[i].parent_id == 0) {
            src->root = src->regions[i].id;
            break;
        }
    if (as_of) {
        snprintf(src->as_of, sizeof src->as_of, "%s", as_of);
        return ATT_OK;
    }
    /* The latest period any series was read up to. */
    for (i = 0; i < p->n_series; i++) {
        const struct pipe_series *s = &p->series[i];
        int k;

        if (s->has_ytd) {
            k = period_key(s->ytd_year, s->ytd_month);
            if (k > best) {
                best = k;
                snprintf(src->as_of, sizeof src->as_of, "%d-%02d", s->ytd_year, s->ytd_month);
            }
        }
        if (s->n > 0) {
            k = period_key((int)s->t[s->n - 1], 0);
            if (k > best) {
                best = k;
                snprintf(src->as_of, sizeof src->as_of, "%d", (int)s->t[s->n - 1]);
            }
        }
    }
    if (!best)
        snprintf(src->as_of, sizeof src->as_of, "-");
    return ATT_OK;
}

void report_src_release(struct report_src *src)
{
    db_regions_free(src->regions, src->n_regions);
    db_indicators_free(src->indicators, src->n_indicators);
    db_targets_free(src->targets, src->n_targets);
    report_arena_release(&src->arena);
    src->regions = NULL;
    src->indicators = NULL;
    src->targets = NULL;
}

const struct db_region *report_region(const struct report_src *src, int64_t id)
{
    size_t i;

    for (i = 0; i < src->n_regions; i++)
        if (src->regions[i].id == id)
            return &src->regions[i];
    return NULL;
}

const struct db_indicator *report_indicator(const struct report_src *src, int64_t id)
{
    size_t i;

    for (i = 0; i < src->n_indicators; i++)
        if (src->indicators[i].id == id)
            return &src->indicators[i];
    return NULL;
}

const char *report_region_name(struct report_src *src, const struct db_region *r)
{
    char *s;

    if (!r)
        return "?";
    if (src->zh || !r->code)
        return r->name;
    /* English: the code, with a capital ("Panjin"); the data has no English names. */
    s = report_printf(&src->arena, "%s", r->code);
    if (*s >= 'a' && *s <= 'z')
        *s = (char)(*s - 'a' + 'A');
    return s;
}

const char *report_indicator_name(const struct report_src *src, const struct db_indicator *ind)
{
    if (!ind)
        return "?";
    if (src->zh || !ind->name_en || !*ind->name_en)
        return ind->name;
    return ind->name_en;
}

/* The English name without its explanation in parentheses (for tic labels). */
static const char *short_indicator(struct report_src *src, const struct db_indicator *ind)
{
    const char *name = report_indicator_name(src, ind);
    const char *paren = src->zh ? NULL : strstr(name, " (");

    return paren ? report_printf(&src->arena, "%.*s", (int)(paren - name), name) : name;
}

/* Whole numbers without decimals, others with up to two (trailing zeros dropped). */
static const char *num_text(struct report_src *src, double v)
{
    char buf[64];
    size_t n;

    if (fabs(v - round(v)) < 1e-9 * fmax(1, fabs(v)))
        return report_printf(&src->arena, "%.0f", round(v) == 0 ? 0.0 : round(v));
    snprintf(buf, sizeof buf, "%.2f", v);
    n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
    return report_printf(&src->arena, "%s", buf);
}

static const struct db_target *db_target_of(const struct report_src *src, int64_t id)
{
    size_t i;

    for (i = 0; i < src->n_targets; i++)
        if (src->targets[i].id == id)
            return &src->targets[i];
    return NULL;
}

const char *report_target_text(struct report_src *src, size_t ti)
{
    const struct pipe_target *t = &src->p->targets[ti];
    const char *v = num_text(src, t->spec.value);
    const char *unit = t->unit ? t->unit : "";

    if (!t->spec.is_increment)
        return src->zh ? report_printf(&src->arena, "%d 年达到 %s %s", t->spec.deadline, v, unit)
                       : report_printf(&src->arena, "reach %s %s by %d", v, unit, t->spec.deadline);
    if (t->spec.start == t->spec.deadline)
        return src->zh ? report_printf(&src->arena, "%d 年新增 %s %s", t->spec.deadline, v, unit)
                       : report_printf(&src->arena, "add %s %s in %d", v, unit, t->spec.deadline);
    return src->zh ? report_printf(&src->arena, "%d–%d 年累计新增 %s %s", t->spec.start,
                                   t->spec.deadline, v, unit)
                   : report_printf(&src->arena, "add %s %s in %d–%d", v, unit, t->spec.start,
                                   t->spec.deadline);
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
    struct plot_xy *h = report_alloc(&src->arena, (s->n ? s->n : 1) * sizeof *h);
    struct plot_xy *f = report_alloc(&src->arena, (s->n ? s->n : 1) * sizeof *f);
    struct plot_fan *fan = report_alloc(&src->arena, (s->nq ? s->nq : 1) * sizeof *fan);
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
                src->zh ? report_printf(&src->arena, "%d 年 1–%d 月累计", s->ytd_year, s->ytd_month)
                        : report_printf(&src->arena, "year to date, Jan–%s %d",
                                        mon[s->ytd_month - 1], s->ytd_year);
        } else {
            out->current_x = s->ytd_year - 1 + s->ytd_month / 12.0;
            out->current_label =
                src->zh ? report_printf(&src->arena, "%d 年 %d 月实际", s->ytd_year, s->ytd_month)
                        : report_printf(&src->arena, "actual, %s %d", mon[s->ytd_month - 1],
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
        return att_errf(src->err, ATT_EDATA, "no forecast for the target of '%s' '%s' in %d",
                        r ? r->code : "?", ind ? ind->code : "?", t->spec.deadline);
    s = &p->series[t->series];
    series_arrays(src, s, t->spec.deadline, true, out);
    if (out->n_history == 0)
        return att_errf(src->err, ATT_EDATA, "no observations of '%s' '%s'", r ? r->code : "?",
                        ind ? ind->code : "?");
    out->title = report_printf(&src->arena, "%s · %s：%s", report_region_name(src, r),
                               report_indicator_name(src, ind), report_target_text(src, ti));
    if (!src->zh)
        out->title = report_printf(&src->arena, "%s · %s: %s", report_region_name(src, r),
                                   short_indicator(src, ind), report_target_text(src, ti));
    out->y_label = s->unit ? s->unit : "";
    if (target_level(t, s, &level)) {
        out->has_target = true;
        out->target_x = t->spec.deadline;
        out->target_y = level;
    }
    out->has_probability = true;
    out->probability = t->res.probability;
    if (s->has_ytd)
        ytd = src->zh
                  ? report_printf(&src->arena, "；%d 年 1–%d 月累计 %s（已计入年末预测）",
                                  s->ytd_year, s->ytd_month, num_text(src, s->ytd_value))
                  : report_printf(
                        &src->arena, "; %d Jan–%s year to date %s (in the forecast)", s->ytd_year,
                        (const char *[]){"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"}[(s->ytd_month - 1) % 12],
                        num_text(src, s->ytd_value));
    if (dt && dt->source && *dt->source)
        source =
            report_printf(&src->arena, src->zh ? "；目标出处：%s" : "; target: %s", dt->source);
    out->footnote =
        src->zh ? report_printf(&src->arena, "数据截至 %s%s；模型 %s，%zu 条模拟路径%s", src->as_of,
                                ytd, s->model, p->npaths, source)
                : report_printf(&src->arena, "data as of %s%s; model %s, %zu simulated paths%s",
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
        return att_errf(src->err, ATT_EDATA, "no forecast for '%s' '%s'%s%s", s->region_code,
                        s->indicator_code, s->note && *s->note ? ": " : "", s->note ? s->note : "");
    series_arrays(src, s, s->first_year + (int)s->nq - 1, true, out);
    if (out->n_history == 0)
        return att_errf(src->err, ATT_EDATA, "no observations of '%s' '%s'", s->region_code,
                        s->indicator_code);
    out->title =
        report_printf(&src->arena, "%s · %s", report_region_name(src, r),
                      src->zh ? report_indicator_name(src, ind) : short_indicator(src, ind));
    out->y_label = s->unit ? s->unit : "";
    out->footnote =
        src->zh
            ? report_printf(&src->arena, "数据截至 %s；模型 %s，%zu 条模拟路径；无目标", src->as_of,
                            s->model, src->p->npaths)
            : report_printf(&src->arena, "data as of %s; model %s, %zu simulated paths; no target",
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

int report_districts(struct report_src *src, int64_t parent, int64_t indicator,
                     struct plot_districts *out)
{
    const struct pipe *p = src->p;
    const struct db_indicator *ind = report_indicator(src, indicator);
    const struct db_region *pr = report_region(src, parent);
    struct plot_projection *panels =
        report_alloc(&src->arena, (src->n_regions ? src->n_regions : 1) * sizeof *panels);
    size_t i, n = 0;
    int until = 0;

    memset(out, 0, sizeof *out);
    /* The x range: up to the latest district target, at least the first forecast year. */
    for (i = 0; i < src->n_regions; i++) {
        int64_t si, ti;

        if (src->regions[i].parent_id != parent)
            continue;
        si = series_of(p, src->regions[i].id, indicator);
        ti = latest_target(p, src->regions[i].id, indicator, 0);
        if (si >= 0 && p->series[si].ok && p->series[si].first_year > until)
            until = p->series[si].first_year;
        if (ti >= 0 && p->targets[ti].spec.deadline > until)
            until = p->targets[ti].spec.deadline;
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
        return att_errf(src->err, ATT_EDATA, "no region under '%s' has a forecast of '%s'",
                        pr ? pr->code : "?", ind ? ind->code : "?");
    out->panels = panels;
    out->n_panels = n;
    out->same_scale = true;
    out->title =
        src->zh ? report_printf(&src->arena, "%s（%s）：%s 各县区", ind ? ind->name : "?",
                                ind && ind->unit ? ind->unit : "", report_region_name(src, pr))
                : report_printf(&src->arena, "%s (%s): districts of %s", short_indicator(src, ind),
                                ind && ind->unit ? ind->unit : "", report_region_name(src, pr));
    out->footnote = src->zh ? report_printf(&src->arena,
                                            "数据截至 %s；各面板纵轴刻度相同；阴影为 80%%/95%% "
                                            "区间；标记为各区最近一期目标",
                                            src->as_of)
                            : report_printf(&src->arena,
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

/* "2025" or "2021–2025" for target t. */
static const char *years_text(struct report_src *src, const struct pipe_target *t)
{
    if (t->spec.is_increment && t->spec.start != t->spec.deadline)
        return report_printf(&src->arena, "%d–%d", t->spec.start, t->spec.deadline);
    return report_printf(&src->arena, "%d", t->spec.deadline);
}

int report_dashboard(struct report_src *src, int64_t region, int64_t indicator,
                     struct plot_dashboard *out)
{
    const struct pipe *p = src->p;
    struct plot_dash_row *rows =
        report_alloc(&src->arena, (p->n_targets ? p->n_targets : 1) * sizeof *rows);
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
            region ? report_printf(&src->arena, "%s · %s", short_indicator(src, ind),
                                   years_text(src, t))
                   : report_printf(&src->arena, "%s · %s · %s",
                                   report_region_name(src, report_region(src, t->region_id)),
                                   short_indicator(src, ind), years_text(src, t));
        rows[n].probability = fmin(1, fmax(0, t->res.probability));
        rows[n].status = track_of(t->res.status);
        n++;
    }
    if (n == 0)
        return att_errf(src->err, ATT_EDATA, "no evaluated target to show");
    out->rows = rows;
    out->n_rows = n;
    out->title = src->zh ? report_printf(&src->arena, "%s各项目标达成概率",
                                         r ? report_region_name(src, r) : "")
                         : report_printf(&src->arena, "Probability of meeting each target%s%s",
                                         r ? ": " : "", r ? report_region_name(src, r) : "");
    out->footnote =
        src->zh
            ? report_printf(
                  &src->arena, "数据截至 %s；达成概率 = %zu 条模拟路径中达到目标的比例%s",
                  src->as_of, p->npaths,
                  skipped ? report_printf(&src->arena, "；另有 %zu 项目标无法评估，未列出", skipped)
                          : "")
            : report_printf(
                  &src->arena,
                  "data as of %s; probability = share of %zu simulated paths that "
                  "meet the target%s",
                  src->as_of, p->npaths,
                  skipped ? report_printf(&src->arena, "; %zu targets cannot be evaluated", skipped)
                          : "");
    return ATT_OK;
}

/* ---- allocation ------------------------------------------------------------------ */

int report_allocation(struct report_src *src, int64_t parent, int64_t indicator, int year,
                      struct plot_allocation *out, int *year_out)
{
    const struct pipe *p = src->p;
    const struct db_indicator *ind = report_indicator(src, indicator);
    const struct db_region *pr = report_region(src, parent);
    struct plot_alloc_row *rows =
        report_alloc(&src->arena, (src->n_regions ? src->n_regions : 1) * sizeof *rows);
    size_t i, n = 0;
    double sum = 0;
    int64_t city;

    memset(out, 0, sizeof *out);
    if (!year)
        for (i = 0; i < src->n_regions; i++) {
            int64_t ti;

            if (src->regions[i].parent_id != parent)
                continue;
            ti = latest_target(p, src->regions[i].id, indicator, 0);
            if (ti >= 0 && p->targets[ti].spec.deadline > year)
                year = p->targets[ti].spec.deadline;
        }
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
        n++;
    }
    if (n == 0)
        return att_errf(src->err, ATT_EDATA,
                        "no region under '%s' has an evaluated target for '%s'%s",
                        pr ? pr->code : "?", ind ? ind->code : "?",
                        year ? report_printf(&src->arena, " in %d", year) : "");
    if (year_out)
        *year_out = year;
    out->rows = rows;
    out->n_rows = n;
    out->y_label = ind && ind->unit ? ind->unit : "";
    out->title = src->zh ? report_printf(&src->arena, "%s：%d 年各县区目标与预期完成",
                                         ind ? ind->name : "?", year)
                         : report_printf(&src->arena, "%s: district targets for %d and expected",
                                         short_indicator(src, ind), year);
    city = latest_target(p, parent, indicator, year);
    out->footnote =
        src->zh
            ? report_printf(&src->arena,
                            "分解目标：计划中各县区 %d 年的目标（合计 %s%s）；预期完成：模型预测的"
                            "均值与 80%% 区间；数据截至 %s",
                            year, num_text(src, sum),
                            city >= 0 ? report_printf(&src->arena, "，全市目标 %s",
                                                      num_text(src, p->targets[city].spec.value))
                                      : "",
                            src->as_of)
            : report_printf(&src->arena,
                            "assigned: the plan's district targets for %d (sum %s%s); "
                            "expected: mean forecast and 80%% interval; data as of %s",
                            year, num_text(src, sum),
                            city >= 0 ? report_printf(&src->arena, ", city target %s",
                                                      num_text(src, p->targets[city].spec.value))
                                      : "",
                            src->as_of);
    return ATT_OK;
}

/* ---- font ------------------------------------------------------------------------- */

char *report_find_font(void)
{
    static const char *const preferred[] = {"Noto Sans CJK SC", "Source Han Sans SC",
                                            "WenQuanYi Zen Hei", "Noto Sans CJK TC"};
    const size_t n_pref = sizeof preferred / sizeof preferred[0];
    FILE *f = popen("fc-list :lang=zh family 2>/dev/null", "r");
    char line[512], *best_sans = NULL, *best_any = NULL;
    size_t k, rank = n_pref;

    if (!f)
        return NULL;
    while (fgets(line, sizeof line, f)) {
        char *name = line, *comma;

        line[strcspn(line, "\r\n")] = '\0';
        /* "Family,Other name": look at each name on the line. */
        for (; name && *name; name = comma ? comma + 1 : NULL) {
            comma = strchr(name, ',');
            if (comma)
                *comma = '\0';
            for (k = 0; k < rank; k++)
                if (strcmp(name, preferred[k]) == 0)
                    rank = k;
            /* Fallbacks independent of fc-list's order: the smallest name. */
            if (strstr(name, "Sans") && (!best_sans || strcmp(name, best_sans) < 0)) {
                free(best_sans);
                best_sans = xstrdup(name);
            }
            if (!best_any || strcmp(name, best_any) < 0) {
                free(best_any);
                best_any = xstrdup(name);
            }
        }
    }
    pclose(f);
    if (rank < n_pref) {
        free(best_sans);
        free(best_any);
        return xstrdup(preferred[rank]);
    }
    if (best_sans) {
        free(best_any);
        return best_sans;
    }
    return best_any;
}

/* ---- HTML ------------------------------------------------------------------------- */

void report_html_puts(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

/* ---- the bulletin ------------------------------------------------------------------ */

enum chart_kind { CH_DASHBOARD, CH_PROJECTION, CH_DISTRICTS, CH_ALLOCATION };

/* One chart of the bulletin. */
struct chart {
    enum chart_kind kind;
    const char *stem;    /* file name without extension, in charts/ */
    const char *caption; /* for the figure and the SVG's aria-label */
    int section;         /* 0 overview, 1 city targets, 2 districts */
    struct plot_projection projection;
    struct plot_districts districts;
    struct plot_dashboard dashboard;
    struct plot_allocation allocation;
    unsigned png_height; /* 0 = default */
};

/* A code as a safe file-name part: [A-Za-z0-9_-], at most 32 bytes. */
static const char *file_part(struct report_src *src, const char *code)
{
    char *s = report_printf(&src->arena, "%.32s", code ? code : "x");
    char *c;

    for (c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_' || *c == '-'))
            *c = '_';
    return s;
}

static int write_chart(FILE *f, const struct plot_output *o, const struct chart *c)
{
    switch (c->kind) {
    case CH_DASHBOARD:
        return plot_dashboard_write(f, o, &c->dashboard);
    case CH_PROJECTION:
        return plot_projection_write(f, o, &c->projection);
    case CH_DISTRICTS:
        return plot_districts_write(f, o, &c->districts);
    case CH_ALLOCATION:
        return plot_allocation_write(f, o, &c->allocation);
    }
    return PLOT_EINVAL;
}

bool report_has_child_target(const struct report_src *src, int64_t parent, int64_t indicator)
{
    size_t i;

    for (i = 0; i < src->p->n_targets; i++) {
        const struct pipe_target *t = &src->p->targets[i];
        const struct db_region *r;

        if (t->indicator_id != indicator || !t->has_result)
            continue;
        r = report_region(src, t->region_id);
        if (r && r->parent_id == parent && parent)
            return true;
    }
    return false;
}

/* The bulletin's charts, in the order they appear. */
static struct chart *plan_charts(struct report_src *src, size_t *n_out)
{
    const struct pipe *p = src->p;
    size_t cap = 2 + p->n_targets + 2 * src->n_indicators, n = 0, i;
    struct chart *c = report_alloc(&src->arena, cap * sizeof *c);
    struct att_err quiet = {0};
    struct att_err *keep = src->err;

    /* A chart that cannot be drawn is left out, not an error. */
    src->err = &quiet;
    if (report_dashboard(src, src->root, 0, &c[n].dashboard) == ATT_OK) {
        c[n].kind = CH_DASHBOARD;
        c[n].stem = "dashboard";
        c[n].caption = c[n].dashboard.title;
        c[n].png_height = (unsigned)(600 + 45 * c[n].dashboard.n_rows);
        if (c[n].png_height < 1000)
            c[n].png_height = 1000;
        n++;
    }
    att_err_clear(&quiet);
    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];

        if (t->region_id != src->root)
            continue;
        if (report_projection(src, i, &c[n].projection) != ATT_OK) {
            att_err_clear(&quiet);
            continue;
        }
        c[n].kind = CH_PROJECTION;
        c[n].section = 1;
        c[n].stem = report_printf(&src->arena, "projection-%02zu-%s-%d", n,
                                  file_part(src, t->indicator_code), t->spec.deadline);
        c[n].caption = c[n].projection.title;
        n++;
    }
    for (i = 0; i < src->n_indicators; i++) {
        const struct db_indicator *ind = &src->indicators[i];
        int year = 0;

        if (!report_has_child_target(src, src->root, ind->id))
            continue;
        if (report_districts(src, src->root, ind->id, &c[n].districts) == ATT_OK) {
            c[n].kind = CH_DISTRICTS;
            c[n].section = 2;
            c[n].stem = report_printf(&src->arena, "districts-%s", file_part(src, ind->code));
            c[n].caption = c[n].districts.title;
            n++;
        }
        att_err_clear(&quiet);
        if (report_allocation(src, src->root, ind->id, 0, &c[n].allocation, &year) == ATT_OK) {
            c[n].kind = CH_ALLOCATION;
            c[n].section = 2;
            c[n].stem =
                report_printf(&src->arena, "allocation-%s-%d", file_part(src, ind->code), year);
            c[n].caption = c[n].allocation.title;
            n++;
        }
        att_err_clear(&quiet);
    }
    src->err = keep;
    *n_out = n;
    return c;
}

/* PNG width for slides: 1200 px keeps ~50 charts to ~2 s of gnuplot time. */
#define REPORT_PNG_WIDTH 1200

/*
 * Render every chart twice, as SVG (to inline) and PNG (for slides).  The
 * SVGs cost gnuplot almost nothing; the PNGs (cairo drawing, libpng's
 * filters and zlib) take ~30-60 ms each, about in proportion to their
 * pixels, so they are split between two gnuplot processes that run side by
 * side on two cores: each chart goes to the one with fewer pixels so far
 * (even/odd left one process with 40% more work on the Panjin report).
 * Every chart sets its whole state, so which process draws it does not
 * change a byte.
 */
static int render_charts(struct report_src *src, const char *dir, const struct chart *c, size_t n,
                         const char *font)
{
    struct plot_session *s[3] = {NULL, NULL, NULL}; /* svg, png, png */
    char msg[1024] = "";
    const struct plot_labels *labels = src->zh ? &plot_labels_zh : &plot_labels_en;
    unsigned long long pixels[2] = {0, 0}; /* PNG pixels given to s[1], s[2] */
    size_t i, k;
    int prc = PLOT_OK, rc = ATT_OK;

    for (k = 0; k < 3 && !prc; k++)
        prc = plot_session_open(&s[k], "gnuplot", msg, sizeof msg);
    if (prc) {
        rc = att_errf(src->err, prc == PLOT_ENOMEM ? ATT_EINTERNAL : ATT_EUNAVAILABLE,
                      "cannot start gnuplot: %s", msg);
        goto out;
    }
    for (i = 0; i < n && !prc; i++) {
        char *svg_path = xasprintf("%s/charts/%s.svg", dir, c[i].stem);
        char *png_path = xasprintf("%s/charts/%s.png", dir, c[i].stem);
        /*
         * The SVG canvas is chosen for the page: half-width charts (the city
         * projections, two per row) get a smaller canvas, so that their text
         * comes out about as large on the page as that of full-width charts.
         */
        unsigned w = c[i].kind == CH_PROJECTION ? 1900 : 2400;
        struct plot_output os = {svg_path, font, w,
                                 c[i].png_height ? c[i].png_height * 3 / 2 : w * 5 / 8, labels};
        struct plot_output op = {png_path, font, REPORT_PNG_WIDTH,
                                 c[i].png_height ? c[i].png_height * REPORT_PNG_WIDTH / 1600
                                                 : REPORT_PNG_WIDTH * 5 / 8,
                                 labels};
        /*
         * On the page the footnote is the figure's caption (HTML wraps it)
         * and the projections' legend is explained once; the PNG, for
         * slides, keeps both.
         */
        struct chart page = c[i];

        page.projection.footnote = NULL;
        page.projection.no_key = true;
        page.districts.footnote = NULL;
        page.dashboard.footnote = NULL;
        page.allocation.footnote = NULL;
        prc = write_chart(plot_session_stream(s[0]), &os, &page);
        k = pixels[1] < pixels[0] ? 1 : 0;
        pixels[k] += (unsigned long long)op.width * op.height;
        if (!prc)
            prc = write_chart(plot_session_stream(s[1 + k]), &op, &c[i]);
        free(svg_path);
        free(png_path);
        if (prc)
            rc = att_errf(src->err, ATT_EINTERNAL, "cannot draw chart '%s': %s", c[i].stem,
                          plot_strerror(prc));
    }
out:
    for (k = 0; k < 3; k++) {
        prc = plot_session_close(s[k], msg, sizeof msg);
        if (prc && !rc)
            rc = att_errf(src->err, ATT_EINTERNAL, "gnuplot failed: %s", msg);
    }
    return rc;
}

/* Read a whole file into a NUL-terminated heap buffer (caller frees), or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, got;

    if (!f)
        return NULL;
    do {
        buf = xgrow(buf, 1, len + 65536 + 1, &cap);
        got = fread(buf + len, 1, 65536, f);
        len += got;
    } while (got > 0);
    buf[len] = '\0';
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

/*
 * Copy gnuplot's SVG into the page: from "<svg" on, without its <title> and
 * <desc>, with the ids gnuplot reuses in every file ("gpPt7", "textbox",
 * ...) made unique per chart, so that many charts can share one document.
 * Only markup is rewritten, never text (gnuplot escapes '<' in text).
 */
static int inline_svg(FILE *out, const char *path, size_t idx, const char *label,
                      struct att_err *err)
{
    static const char *const ids[] = {"gpPt", "gpDot", "gnuplot_", "textbox", "greybox"};
    char *buf = slurp(path);
    const char *s;
    bool in_tag = true;

    if (!buf)
        return att_errf(err, ATT_EIO, "cannot read '%s': %s", path, strerror(errno));
    s = strstr(buf, "<svg");
    if (!s) {
        free(buf);
        return att_errf(err, ATT_EINTERNAL, "gnuplot wrote no SVG to '%s'", path);
    }
    fputs("<svg class=\"chart\" role=\"img\" aria-label=\"", out);
    report_html_puts(out, label);
    fputc('"', out);
    s += 4;
    while (*s) {
        size_t k;
        bool done = false;

        if (!in_tag && (strncmp(s, "<title>", 7) == 0 || strncmp(s, "<desc>", 6) == 0)) {
            const char *end = strstr(s, s[1] == 't' ? "</title>" : "</desc>");

            if (end) {
                s = end + (s[1] == 't' ? 8 : 7);
                continue;
            }
        }
        /*
         * HTML gives inline SVG its namespaces (xlink:href included), so the
         * declarations go: the page then names no http:// address at all.
         */
        if (in_tag && (strncmp(s, " xmlns=\"", 8) == 0 || strncmp(s, " xmlns:xlink=\"", 14) == 0)) {
            const char *end = strchr(strchr(s, '"') + 1, '"');

            if (end) {
                s = end + 1;
                continue;
            }
        }
        if (*s == '<')
            in_tag = true;
        else if (*s == '>')
            in_tag = false;
        for (k = 0; in_tag && k < sizeof ids / sizeof ids[0]; k++) {
            size_t len = strlen(ids[k]);

            if (strncmp(s, ids[k], len) == 0) {
                fprintf(out, "c%zu-%s", idx, ids[k]);
                s += len;
                done = true;
                break;
            }
        }
        if (!done)
            fputc(*s++, out);
    }
    free(buf);
    return ATT_OK;
}

static const char css[] =
    ":root{--on:#1a9850;--risk:#f39c12;--off:#d73027;--na:#999}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\","
    "\"Microsoft YaHei\",sans-serif;color:#222;line-height:1.55;margin:0 auto;max-width:1120px;"
    "padding:28px 32px;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "header{border-bottom:3px solid #08519c;margin-bottom:18px;padding-bottom:8px}\n"
    "h1{font-size:26px;margin:0}\n"
    ".asof{color:#555;margin:4px 0 0}\n"
    "h2{font-size:19px;border-left:5px solid #08519c;padding-left:10px;margin:28px 0 12px;"
    "break-after:avoid}\n"
    ".lead{font-size:21px;font-weight:bold;margin:8px 0}\n"
    "ul.key{padding-left:0;list-style:none;font-size:14px;margin:6px 0 10px}"
    "ul.key li{margin:3px 0}.tag{color:#fff;border-radius:3px;padding:0 6px;margin-right:4px;"
    "font-weight:bold}\n"
    ".counts span{display:inline-block;color:#fff;border-radius:4px;padding:2px 12px;"
    "margin:0 8px 4px 0;font-weight:bold}\n"
    ".on{background:var(--on)}.risk{background:var(--risk)}.off{background:var(--off)}"
    ".na{background:var(--na)}\n"
    "table{border-collapse:collapse;width:100%;font-size:13px}\n"
    "th{background:#eef3f9;text-align:left;border-bottom:2px solid #9ecae1;white-space:nowrap}\n"
    "tr.r-on td:first-child{border-left:4px solid var(--on)}"
    "tr.r-risk td:first-child{border-left:4px solid var(--risk)}"
    "tr.r-off td:first-child{border-left:4px solid var(--off)}"
    "tr.r-na td:first-child{border-left:4px solid var(--na)}\n"
    "th,td{padding:4px 6px;border-bottom:1px solid #ddd;vertical-align:top}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.st{color:#fff;font-weight:bold;text-align:center;white-space:nowrap}\n"
    "tr{break-inside:avoid}\n"
    "figure{margin:0 0 18px;break-inside:avoid;page-break-inside:avoid}\n"
    "svg.chart{display:block;width:100%;height:auto}\n"
    "figcaption{font-size:12px;color:#555;margin-top:2px}\n"
    ".legend{font-size:14px;color:#333;background:#f4f7fb;padding:6px 10px;border-radius:4px}\n"
    "td:nth-child(1){white-space:nowrap}td.tgt{text-align:right}td.unit{min-width:9em}\n"
    ".grid{display:grid;grid-template-columns:1fr 1fr;gap:10px 18px}\n"
    ".method{font-size:14px}\n"
    ".method li{margin-bottom:4px}\n"
    "footer{margin-top:28px;color:#777;font-size:12px;border-top:1px solid #ddd;"
    "padding-top:6px}\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10.5pt}"
    "h2{break-before:page}h2.keep{break-before:auto}"
    "table{font-size:8.5pt}th,td{padding:2px 4px}svg.chart{max-height:200mm}"
    "thead{display:table-header-group}.grid{gap:4mm 6mm}}\n";

/* The words of the page, in one language. */
struct words {
    const char *lang, *asof, *on, *risk, *off, *na, *s_overview, *s_table, *s_city, *s_districts,
        *s_method, *th[10];
    const char *method1, *method2; /* the method note, before and after the number of paths */
    const char *legend;            /* how to read the projection charts */
};

static const struct words words_zh = {
    "zh-CN",
    "数据截至",
    "有望完成",
    "有风险",
    "落后",
    "无法评估",
    "一、总体情况",
    "二、各项目标状态",
    "三、全市目标预测",
    "四、各县区目标",
    "五、方法说明",
    {"地区", "指标", "目标", "基数", "预期", "80% 区间", "达成概率", "状态", "所需年增长",
     "牵头单位"},
    "<ul>\n"
    "<li><b>数据</"
    "b>：各地区各指标的年末数；当年只有月度累计数时，按往年各月完成进度折算为年末预测。</li>\n"
    "<li><b>模型</b>：每条序列在线性、指数、Logistic、Gompertz 增长曲线，阻尼趋势指数平滑、Theta "
    "以及计数模型（泊松、负二项）中，按滚动回测误差与 AICc "
    "自动选择或加权组合；拟合失败时退回更简单的模型并注明。</li>\n"
    "<li><b>区间</b>：每条序列模拟 ",
    " 条未来路径，路径同时包含随机波动与参数估计的不确定性，并按回测误差校准；"
    "图中深浅阴影为 50%/80%/95% 区间，实线为中位数。各县区的模拟路径逐条相加后与全市一致。</li>\n"
    "<li><b>达成概率</b>：模拟路径中在期限内达到目标的比例。≥ 80% 为“有望完成”，50%–80% "
    "为“有风险”，"
    "&lt; 50% 为“落后”。它是在历史趋势延续前提下的判断，不含尚未发生的政策变化。</li>\n"
    "<li><b>所需年增长</b>：从最近一次观测起，每年需保持的固定增长率，恰好在期限达到目标。</li>\n"
    "</ul>\n",
    "图例：黑色折线与圆点为实际值，灰色虚线为模型拟合，蓝色实线为预测中位数，由深到浅的蓝色阴影为 "
    "50%/80%/95% 区间，红色菱形为目标（期限处的红色虚线），橙色空心圆为当年最新月度实际数。",
};

static const struct words words_en = {
    "en",
    "data as of",
    "on track",
    "at risk",
    "off track",
    "not evaluated",
    "1. Overview",
    "2. Every target",
    "3. City targets",
    "4. Districts",
    "5. Method",
    {"region", "indicator", "target", "baseline", "expected", "80% interval", "probability",
     "status", "growth needed", "lead unit"},
    "<ul>\n"
    "<li><b>Data</b>: year-end figures per region and indicator; when the current year only has "
    "year-to-date monthly figures, they are turned into a year-end projection from how earlier "
    "years filled up month by month.</li>\n"
    "<li><b>Models</b>: for every series, linear, exponential, logistic and Gompertz growth "
    "curves, damped-trend exponential smoothing, Theta and count models (Poisson, negative "
    "binomial) are ranked by rolling-origin backtests and AICc, and the best is used or the best "
    "few combined; a model that cannot be fitted falls back to a simpler one.</li>\n"
    "<li><b>Intervals</b>: ",
    " future paths are simulated per series, carrying both noise and "
    "the uncertainty of the fitted parameters, calibrated on backtest errors; the shades are the "
    "50%/80%/95% intervals, the line the median.  District paths add up to the city's, path "
    "by path.</li>\n"
    "<li><b>Probability</b>: the share of simulated paths that meet the target by its deadline. "
    "At least 80% is on track, 50%&ndash;80% at risk, below 50% off track.  It assumes the "
    "past trend goes on; it does not know about policy changes to come.</li>\n"
    "<li><b>Growth needed</b>: the constant yearly growth from the last observation that just "
    "reaches the target.</li>\n"
    "</ul>\n",
    "How to read the charts: black line and dots, observed; grey dashes, model fit; blue line, "
    "median forecast; blue shades from dark to light, the 50%/80%/95% intervals; red diamond, "
    "the target (red dotted line: its deadline); orange ring, the latest monthly figure of the "
    "current year.",
};

static const char *status_class(const struct pipe_target *t)
{
    if (!t->has_result)
        return "na";
    return t->res.status == TARGET_ON_TRACK  ? "on"
           : t->res.status == TARGET_AT_RISK ? "risk"
                                             : "off";
}

static void write_status_table(FILE *f, struct report_src *src, const struct words *w)
{
    const struct pipe *p = src->p;
    size_t i, k;

    fputs("<table>\n<thead><tr>", f);
    for (k = 0; k < 10; k++)
        fprintf(f, "<th%s>%s</th>", k >= 2 && k <= 6 ? " class=\"num\"" : "", w->th[k]);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];
        const struct target_result *r = &t->res;
        const char *cls = status_class(t);
        char pct[16];

        fprintf(f, "<tr class=\"r-%s\"><td>", cls);
        report_html_puts(f, report_region_name(src, report_region(src, t->region_id)));
        fputs("</td><td>", f);
        report_html_puts(f, short_indicator(src, report_indicator(src, t->indicator_id)));
        fputs("</td><td class=\"tgt\">", f);
        report_html_puts(f, report_target_text(src, i));
        fputs("</td>", f);
        if (t->has_result) {
            fprintf(f, "<td class=\"num\">%s</td><td class=\"num\">%s</td>",
                    isfinite(r->baseline) ? num_text(src, r->baseline) : "",
                    isfinite(r->expected) ? num_text(src, r->expected) : "");
            if (isfinite(r->lo80) && isfinite(r->hi80))
                fprintf(f, "<td class=\"num\">%s–%s</td>", num_text(src, r->lo80),
                        num_text(src, r->hi80));
            else
                fputs("<td></td>", f);
            plot_percent(pct, sizeof pct, isfinite(r->probability) ? r->probability : 0.0);
            fprintf(f, "<td class=\"num\">%s</td>", pct);
            fprintf(f, "<td class=\"st %s\">%s</td>", cls,
                    r->status == TARGET_ON_TRACK  ? w->on
                    : r->status == TARGET_AT_RISK ? w->risk
                                                  : w->off);
            if (r->has_required_growth && isfinite(r->required_growth))
                fprintf(f, "<td class=\"num\">%.1f%%</td>", 100 * r->required_growth);
            else
                fputs("<td></td>", f);
        } else {
            fprintf(f, "<td></td><td></td><td></td><td></td><td class=\"st na\">%s</td><td></td>",
                    w->na);
        }
        fputs("<td class=\"unit\">", f);
        report_html_puts(f, t->lead_unit ? t->lead_unit : "");
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}

static const char *chart_footnote(const struct chart *c)
{
    switch (c->kind) {
    case CH_DASHBOARD:
        return c->dashboard.footnote;
    case CH_PROJECTION:
        return c->projection.footnote;
    case CH_DISTRICTS:
        return c->districts.footnote;
    case CH_ALLOCATION:
        return c->allocation.footnote;
    }
    return "";
}

/*
 * The city's targets by status, in words: "全市落后：高新技术企业（2025，<1%）、…",
 * so that the page says which targets need attention before any chart.
 */
static void write_city_lists(FILE *f, struct report_src *src, const struct words *w)
{
    static const enum target_status order[] = {TARGET_OFF_TRACK, TARGET_AT_RISK, TARGET_ON_TRACK};
    const struct pipe *p = src->p;
    const char *const cls[] = {"on", "risk", "off"};
    size_t k, i;
    bool any = false;

    for (k = 0; k < 3; k++) {
        enum target_status st = order[k];
        size_t shown = 0, total = 0;

        for (i = 0; i < p->n_targets; i++) {
            const struct pipe_target *t = &p->targets[i];
            char pct[16];
            double pr = t->res.probability;

            if (t->region_id != src->root || !t->has_result || t->res.status != st)
                continue;
            total++;
            if (shown == 8)
                continue;
            if (!any)
                fputs("<ul class=\"key\">\n", f);
            any = true;
            if (shown == 0)
                fprintf(f, "<li><span class=\"tag %s\">%s%s</span> ", cls[st],
                        src->zh ? "全市" : "city, ",
                        st == TARGET_ON_TRACK  ? w->on
                        : st == TARGET_AT_RISK ? w->risk
                                               : w->off);
            else
                fputs(src->zh ? "、" : "; ", f);
            plot_percent(pct, sizeof pct, pr);
            report_html_puts(f, short_indicator(src, report_indicator(src, t->indicator_id)));
            fprintf(f, src->zh ? "（%s，" : " (%s, ", years_text(src, t));
            report_html_puts(f, pct);
            fputs(src->zh ? "）" : ")", f);
            shown++;
        }
        if (total > shown)
            fprintf(f, src->zh ? " 等 %zu 项" : " and %zu more", total - shown);
        if (shown)
            fputs("</li>\n", f);
    }
    if (any)
        fputs("</ul>\n", f);
}

static int write_figures(FILE *f, struct report_src *src, const char *dir, const struct chart *c,
                         size_t n, int section, bool grid)
{
    size_t i;
    int rc;

    if (grid)
        fputs("<div class=\"grid\">\n", f);
    for (i = 0; i < n; i++) {
        char *path;

        if (c[i].section != section)
            continue;
        path = xasprintf("%s/charts/%s.svg", dir, c[i].stem);
        fputs("<figure>\n", f);
        rc = inline_svg(f, path, i, c[i].caption, src->err);
        free(path);
        if (rc)
            return rc;
        fputs("\n<figcaption>", f);
        report_html_puts(f, chart_footnote(&c[i]));
        fprintf(f,
                " · <a href=\"charts/%s.png\">PNG</a> · <a href=\"charts/%s.svg\">SVG</a>"
                "</figcaption>\n</figure>\n",
                c[i].stem, c[i].stem);
    }
    if (grid)
        fputs("</div>\n", f);
    return ATT_OK;
}

static int write_index(FILE *f, struct report_src *src, const char *dir, const struct chart *c,
                       size_t n, const struct att_ctx *ctx)
{
    const struct words *w = src->zh ? &words_zh : &words_en;
    const struct pipe *p = src->p;
    const char *root = report_region_name(src, report_region(src, src->root));
    size_t i, counts[4] = {0, 0, 0, 0}, evaluated;
    int rc;

    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];

        counts[t->has_result ? (size_t)t->res.status : 3]++;
    }
    evaluated = counts[0] + counts[1] + counts[2];
    fprintf(f,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
            w->lang);
    {
        char *title = src->zh ? xasprintf("%s目标进展简报", root)
                              : xasprintf("%s: progress towards the targets", root);

        report_html_puts(f, title);
        if (src->zh)
            fprintf(f, "（%s %s）", w->asof, src->as_of);
        else
            fprintf(f, " (%s %s)", w->asof, src->as_of);
        fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", css);
        report_html_puts(f, title);
        free(title);
    }
    fprintf(f, "</h1>\n<p class=\"asof\">%s %s</p>\n</header>\n", w->asof, src->as_of);

    fprintf(f, "<section>\n<h2 class=\"keep\">%s</h2>\n<p class=\"lead\">", w->s_overview);
    if (src->zh)
        fprintf(f, "%zu 项目标中 %zu 项按期达成概率 ≥ 80%%", evaluated, counts[0]);
    else
        fprintf(f, "%zu of %zu targets are met on time with a probability of at least 80%%",
                counts[0], evaluated);
    fprintf(f,
            "</p>\n<p class=\"counts\"><span class=\"on\">%s %zu</span>"
            "<span class=\"risk\">%s %zu</span><span class=\"off\">%s %zu</span>",
            w->on, counts[0], w->risk, counts[1], w->off, counts[2]);
    if (counts[3])
        fprintf(f, "<span class=\"na\">%s %zu</span>", w->na, counts[3]);
    fputs("</p>\n", f);
    write_city_lists(f, src, w);
    if ((rc = write_figures(f, src, dir, c, n, 0, false)))
        return rc;
    fprintf(f, "</section>\n<section>\n<h2>%s</h2>\n", w->s_table);
    write_status_table(f, src, w);
    fprintf(f, "</section>\n<section>\n<h2>%s</h2>\n<p class=\"legend\">%s</p>\n", w->s_city,
            w->legend);
    if ((rc = write_figures(f, src, dir, c, n, 1, true)))
        return rc;
    fprintf(f, "</section>\n<section>\n<h2>%s</h2>\n", w->s_districts);
    if ((rc = write_figures(f, src, dir, c, n, 2, false)))
        return rc;
    fprintf(f, "</section>\n<section class=\"method\">\n<h2>%s</h2>\n", w->s_method);
    fprintf(f, "%s%zu%s", w->method1, p->npaths, w->method2);
    fputs("</section>\n<footer>", f);
    if (src->zh)
        fprintf(f,
                "由 attain %s 生成；随机种子 %lu，%zu 条模拟路径，输入摘要 %s。"
                "相同输入与种子得到完全相同的结果。",
                att_version(), ctx->seed, p->npaths, p->digest);
    else
        fprintf(f,
                "Written by attain %s; seed %lu, %zu simulated paths, inputs digest %s.  The "
                "same inputs and seed give the same bulletin.",
                att_version(), ctx->seed, p->npaths, p->digest);
    fputs("</footer>\n</body>\n</html>\n", f);
    return ATT_OK;
}

/* targets.csv: every target as `attain targets --format csv` has it, plus names. */
static int write_targets_csv(const char *path, struct report_src *src, struct att_err *err)
{
    static const struct out_col cols[] = {
        {"region", "地区", "region", OUT_TEXT, 0, 0},
        {"region_name", "地区名称", "region name", OUT_TEXT, 0, 0},
        {"indicator", "指标", "indicator", OUT_TEXT, 0, 0},
        {"indicator_name", "指标名称", "indicator name", OUT_TEXT, 0, 0},
        {"unit", "单位", "unit", OUT_TEXT, 0, 0},
        {"deadline", "期限", "deadline", OUT_INT, 0, 0},
        {"kind", "类型", "kind", OUT_TEXT, 0, 0},
        {"start", "起始年", "start", OUT_INT, 0, 0},
        {"target", "目标", "target", OUT_REAL, 2, 0},
        {"baseline", "基数", "baseline", OUT_REAL, 2, 0},
        {"expected", "预期", "expected", OUT_REAL, 2, 0},
        {"lo80", "80%下限", "lo80", OUT_REAL, 2, 0},
        {"hi80", "80%上限", "hi80", OUT_REAL, 2, 0},
        {"probability", "达成概率", "probability", OUT_REAL, 2, 0},
        {"status", "状态", "status", OUT_TEXT, 0, 0},
        {"required_growth", "所需年增长", "required growth", OUT_REAL, 4, 0},
        {"reach_year", "达成年份", "reach year", OUT_INT, 0, 0},
        {"model", "模型", "model", OUT_TEXT, 0, 0},
        {"lead_unit", "牵头单位", "lead unit", OUT_TEXT, 0, 0},
    };
    const struct pipe *p = src->p;
    struct out_table *t = out_table_new(cols, sizeof cols / sizeof cols[0]);
    FILE *f = fopen(path, "wb");
    size_t i;
    int rc;

    if (!f) {
        out_table_free(t);
        return att_errf(err, ATT_ECANTCREAT, "cannot create '%s': %s", path, strerror(errno));
    }
    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *tg = &p->targets[i];
        const struct target_result *r = &tg->res;
        const struct pipe_series *s = tg->series >= 0 ? &p->series[tg->series] : NULL;

        out_row(t);
        out_text(t, 0, tg->region_code);
        out_text(t, 1, tg->region_name);
        out_text(t, 2, tg->indicator_code);
        out_text(t, 3, tg->indicator_name);
        out_text(t, 4, tg->unit);
        out_int(t, 5, tg->spec.deadline);
        out_text(t, 6, tg->spec.is_increment ? "increment" : "level");
        out_int(t, 7, tg->spec.start);
        out_real(t, 8, tg->spec.value);
        if (tg->has_result) {
            out_real(t, 9, r->baseline);
            out_real(t, 10, r->expected);
            out_real(t, 11, r->lo80);
            out_real(t, 12, r->hi80);
            out_real(t, 13, r->probability);
            out_text(t, 14, model_target_status_name(r->status));
            if (r->has_required_growth)
                out_real(t, 15, r->required_growth);
            if (r->has_reach_year)
                out_int(t, 16, r->reach_year);
        }
        if (s && s->ok)
            out_text(t, 17, s->model);
        out_text(t, 18, tg->lead_unit);
    }
    rc = out_table_write(t, f, ATT_FMT_CSV, ATT_LANG_EN, OUT_CSV_BOM, err);
    out_table_free(t);
    if (fclose(f) != 0 && !rc)
        rc = att_errf(err, ATT_EIO, "cannot write '%s': %s", path, strerror(errno));
    return rc;
}

/* True if an executable file `gnuplot` is in a directory of $PATH. */
static bool has_gnuplot(void)
{
    const char *path = getenv("PATH");
    const char *p = path && *path ? path : "/usr/bin:/bin";

    for (;;) {
        size_t len = strcspn(p, ":");
        char *full = len ? xasprintf("%.*s/gnuplot", (int)len, p) : xstrdup("./gnuplot");
        struct stat st;
        bool ok = stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0;

        free(full);
        if (ok)
            return true;
        if (!p[len])
            return false;
        p += len + 1;
    }
}

int report_make_dir(const char *dir, struct att_err *err)
{
    struct stat st;

    if (mkdir(dir, 0777) == 0)
        return ATT_OK;
    if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return ATT_OK;
    return att_errf(err, ATT_ECANTCREAT, "cannot create directory '%s': %s", dir,
                    errno == EEXIST ? "a file of that name exists" : strerror(errno));
}

int report_until(struct sqlite3 *db, int *until, struct att_err *err)
{
    struct db_target *t = NULL;
    size_t n = 0, i;
    int rc = db_targets(db, 0, 0, &t, &n, err);

    *until = 0;
    for (i = 0; !rc && i < n; i++)
        if (t[i].deadline > *until)
            *until = t[i].deadline;
    db_targets_free(t, n);
    return rc;
}

/* The font lookup (fc-list, ~50 ms), run beside the pipeline. */
static void *find_font_thread(void *arg)
{
    *(char **)arg = report_find_font();
    return NULL;
}

int report_write(struct att_ctx *ctx, const char *dir, const char *as_of, int argc, char **argv,
                 char **index)
{
    struct pipe_opts po;
    struct pipe *p = NULL;
    struct report_src src;
    struct chart *charts;
    char *charts_dir = NULL, *index_path = NULL, *csv_path = NULL, *font = NULL;
    FILE *f = NULL;
    size_t n = 0;
    pthread_t font_tid;
    bool font_started;
    int rc;

    memset(&src, 0, sizeof src);
    if (index)
        *index = NULL;
    /* `attain report` is checked by the dispatcher; `attain demo` is not. */
    if (!has_gnuplot())
        return att_errf(&ctx->err, ATT_EUNAVAILABLE,
                        "the report needs gnuplot, which is not installed "
                        "(apt-get install gnuplot-nox)");
    pipe_opts_init(&po, ctx);
    po.as_of = as_of;
    po.targets = true;
    font_started = pthread_create(&font_tid, NULL, find_font_thread, &font) == 0;
    /* Quantiles up to the last deadline, so that every projection reaches its target. */
    if (!(rc = report_until(ctx->db, &po.until, &ctx->err)))
        rc = pipe_run(ctx->db, &po, &p, &ctx->err);
    if (font_started)
        pthread_join(font_tid, NULL);
    else
        font = report_find_font();
    if (rc)
        goto out;
    if ((rc = report_src_init(&src, ctx->db, p, ctx->lang == ATT_LANG_ZH, as_of, &ctx->err)))
        goto out;
    charts_dir = xasprintf("%s/charts", dir);
    if ((rc = report_make_dir(dir, &ctx->err)) || (rc = report_make_dir(charts_dir, &ctx->err)))
        goto out;
    charts = plan_charts(&src, &n);
    if ((rc = render_charts(&src, dir, charts, n, font)))
        goto out;
    index_path = xasprintf("%s/index.html", dir);
    f = fopen(index_path, "wb");
    if (!f) {
        rc = att_errf(&ctx->err, ATT_ECANTCREAT, "cannot create '%s': %s", index_path,
                      strerror(errno));
        goto out;
    }
    if ((rc = write_index(f, &src, dir, charts, n, ctx)))
        goto out;
    if (ferror(f) | (fclose(f) != 0)) {
        f = NULL;
        rc = att_errf(&ctx->err, ATT_EIO, "cannot write '%s': %s", index_path, strerror(errno));
        goto out;
    }
    f = NULL;
    csv_path = xasprintf("%s/targets.csv", dir);
    if ((rc = write_targets_csv(csv_path, &src, &ctx->err)))
        goto out;
    rc = pipe_record_run(ctx->db, "report", argc, argv, &po, p, &ctx->err);
    if (!rc && index) {
        *index = index_path;
        index_path = NULL;
    }
out:
    if (f)
        fclose(f);
    free(font);
    free(csv_path);
    free(index_path);
    free(charts_dir);
    report_src_release(&src);
    pipe_free(p);
    return rc;
}
