/*
 * engine/pipe_input.c -- what a run reads: regions, every series'
 * observations and its history (annual figures, then a later year's
 * year-to-date one), targets and the inputs digest, in one read
 * transaction; and the monthly profiles that project a year to date to
 * its year end (a series' own earlier years, else an ancestor's).
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "err.h"
#include "pipe_int.h"
#include "xalloc.h"

/* The annual value of year `year` in obs, or the December year-to-date one; false if neither. */
static bool year_end_of(const struct db_obs *obs, size_t n, int year, double *out)
{
    size_t i;
    bool dec = false;

    for (i = 0; i < n; i++) {
        if (obs[i].year != year)
            continue;
        if (obs[i].month == 0) {
            *out = obs[i].value;
            return true;
        }
        if (obs[i].month == 12) {
            *out = obs[i].value;
            dec = true;
        }
    }
    return dec;
}

static bool month_value(const struct db_obs *obs, size_t n, int year, int month, double *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (obs[i].year == year && obs[i].month == month) {
            *out = obs[i].value;
            return true;
        }
    }
    return false;
}

/*
 * The earlier years (before `year`) with a figure at `month` and a year end
 * (and, for a stock, the year end before), into in->hist (as many as there
 * are: a national run holds one per series); their number.
 */
static size_t profile_years(const struct db_obs *obs, size_t n, bool is_stock, int year, int month,
                            struct series_in *in)
{
    double at[PROFILE_MAX_YEARS], end[PROFILE_MAX_YEARS], prev[PROFILE_MAX_YEARS];
    size_t k = 0;
    int yy;

    for (yy = year - 1; yy >= year - PROFILE_MAX_YEARS && k < PROFILE_MAX_YEARS; yy--) {
        prev[k] = 0.0;
        if (!month_value(obs, n, yy, month, &at[k]) || !year_end_of(obs, n, yy, &end[k]))
            continue;
        if (is_stock && !year_end_of(obs, n, yy - 1, &prev[k]))
            continue;
        k++;
    }
    free(in->hist);
    in->hist = xmalloc((k ? 3 * k : 1) * sizeof *in->hist);
    memcpy(in->hist, at, k * sizeof *at);
    memcpy(in->hist + k, end, k * sizeof *end);
    memcpy(in->hist + 2 * k, prev, k * sizeof *prev);
    in->ytd_in.hist_at_month = in->hist;
    in->ytd_in.hist_year_end = in->hist + k;
    in->ytd_in.hist_prev_end = in->hist + 2 * k;
    return k;
}

/*
 * History from the observations: every year with an annual figure (or,
 * failing that, a December year-to-date one) and, after the last of them,
 * the latest year-to-date figure of a later year.
 */
void pipe_build_history(struct pipe_series *s, struct series_in *in)
{
    const struct db_obs *obs = in->obs;
    size_t i, n = in->n_obs, k = 0;
    int last_year = 0;

    s->t = xcalloc(n ? n : 1, sizeof *s->t);
    s->y = xcalloc(n ? n : 1, sizeof *s->y);
    for (i = 0; i < n; i++) {
        double v;
        if (obs[i].year == last_year)
            continue;
        if (!year_end_of(obs, n, obs[i].year, &v))
            continue;
        s->t[k] = obs[i].year;
        s->y[k] = v;
        last_year = obs[i].year;
        k++;
    }
    s->n = k;
    /* The latest monthly figure of a year after the history. */
    for (i = n; i-- > 0;) {
        if (obs[i].month == 0 || (k > 0 && obs[i].year <= (int)s->t[k - 1]))
            continue;
        s->has_ytd = true;
        s->ytd_year = obs[i].year;
        s->ytd_month = obs[i].month;
        s->ytd_value = obs[i].value;
        break;
    }
    if (s->has_ytd) {
        struct ytd_input *yi = &in->ytd_in;
        memset(yi, 0, sizeof *yi);
        yi->is_stock = !s->is_flow;
        yi->month = s->ytd_month;
        yi->ytd = s->ytd_value;
        if (yi->is_stock && !year_end_of(obs, n, s->ytd_year - 1, &yi->prev_end)) {
            /* No level at last year's end: the series cannot be read as a stock increment. */
            yi->prev_end = k > 0 ? s->y[k - 1] : 0.0;
        }
        s->ytd_prev_end = yi->prev_end;
        yi->n_years = profile_years(obs, n, yi->is_stock, s->ytd_year, s->ytd_month, in);
    }
}

/*
 * A series with a year-to-date figure but no monthly history of its own
 * borrows the profile of the nearest ancestor region's series of the same
 * indicator: shares are free of scale, and the city's months say more about
 * a district's year than a flat line does.
 */
void pipe_borrow_profiles(struct pipe *p, struct series_in *ins)
{
    size_t i;

    for (i = 0; i < p->n_series; i++) {
        struct pipe_series *s = &p->series[i];
        int64_t region = s->region_id;
        s->ytd_profile_from = -1;
        if (!s->has_ytd || ins[i].ytd_in.n_years > 0)
            continue;
        if (s->is_remainder) {
            /* The part not allocated to the districts fills up as its region does. */
            int64_t j = pipe_find_series(p, region, s->indicator_id);
            ins[i].ytd_in.n_years = profile_years(ins[j].obs, ins[j].n_obs, !s->is_flow,
                                                  s->ytd_year, s->ytd_month, &ins[i]);
            if (ins[i].ytd_in.n_years > 0) {
                s->ytd_profile_from = j;
                continue;
            }
        }
        for (;;) {
            int64_t parent = 0, j;
            size_t k = pipe_region_index(p, region); /* bisection: a scan was regions x series */
            if (k < p->n_regions)
                parent = p->region_parents[k];
            if (parent == 0)
                break;
            region = parent;
            j = pipe_find_series(p, region, s->indicator_id);
            if (j < 0)
                continue;
            ins[i].ytd_in.n_years = profile_years(ins[j].obs, ins[j].n_obs, !s->is_flow,
                                                  s->ytd_year, s->ytd_month, &ins[i]);
            if (ins[i].ytd_in.n_years > 0) {
                s->ytd_profile_from = j;
                break;
            }
        }
    }
}

/* ---- the store ----------------------------------------------------------- */

/* The indicator with this id in inds[0..n-1] (ordered by id), NULL if none. */
static const struct db_indicator *indicator_by_id(const struct db_indicator *inds, size_t n,
                                                  int64_t id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (inds[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && inds[lo].id == id ? &inds[lo] : NULL;
}

/*
 * Everything the run reads, in one read transaction (one snapshot, which
 * the inputs digest describes): regions, the series and their observations
 * (one query for all, into *set, which the series_in point into), targets.
 */
int pipe_read_inputs(struct sqlite3 *db, const struct pipe_opts *o, struct pipe *p,
                     struct series_in **ins, struct db_obs_set *set, struct att_err *err)
{
    struct db_region *regions = NULL;
    struct db_indicator *inds = NULL;
    struct db_target *targets = NULL;
    struct db_digest dg;
    size_t n_regions = 0, n_inds = 0, n_targets = 0, i, k;
    int rc;

    db_digest_init(&dg);
    rc = db_begin_read(db, err);
    if (rc)
        return rc;
    rc = db_regions(db, &regions, &n_regions, err);
    if (rc)
        goto out;
    p->n_regions = n_regions;
    p->region_ids = xcalloc(n_regions ? n_regions : 1, sizeof *p->region_ids);
    p->region_parents = xcalloc(n_regions ? n_regions : 1, sizeof *p->region_parents);
    p->region_codes = xcalloc(n_regions ? n_regions : 1, sizeof *p->region_codes);
    p->region_names = xcalloc(n_regions ? n_regions : 1, sizeof *p->region_names);
    for (i = 0; i < n_regions; i++) {
        p->region_ids[i] = regions[i].id;
        p->region_parents[i] = regions[i].parent_id;
        p->region_codes[i] = xstrdup(regions[i].code);
        p->region_names[i] = xstrdup(regions[i].name);
    }
    rc = db_indicators(db, &inds, &n_inds, err);
    if (rc)
        goto out;
    rc = db_observations_all(db, 0, o->indicator_id, o->as_of, set, err);
    if (rc)
        goto out;
    p->series = xcalloc(set->n_series ? set->n_series : 1, sizeof *p->series);
    *ins = xcalloc(set->n_series ? set->n_series : 1, sizeof **ins);
    /*
     * The series are those with observations known as of then, ordered by
     * region id, then indicator id; names come from the regions and
     * indicators (both ordered by id).  (A GROUP BY over every observation
     * for the same list cost more than reading the observations.)
     */
    for (k = 0; k < set->n_series; k++) {
        struct pipe_series *s = &p->series[p->n_series];
        struct series_in *in = &(*ins)[p->n_series];
        const struct db_indicator *ind = indicator_by_id(inds, n_inds, set->series[k].indicator_id);
        size_t ri = pipe_region_index(p, set->series[k].region_id);
        if (!ind || ri >= n_regions)
            continue; /* the schema's foreign keys rule this out */
        in->obs = set->series[k].obs;
        in->n_obs = set->series[k].n;
        db_digest_obs(&dg, regions[ri].code, ind->code, in->obs, in->n_obs);
        s->region_id = set->series[k].region_id;
        s->indicator_id = set->series[k].indicator_id;
        s->region_code = xstrdup(regions[ri].code);
        s->region_name = xstrdup(regions[ri].name);
        s->indicator_code = xstrdup(ind->code);
        s->indicator_name = xstrdup(ind->name);
        s->indicator_name_en = xstrdup(ind->name_en ? ind->name_en : "");
        s->unit = xstrdup(ind->unit ? ind->unit : "");
        s->is_flow = ind->is_flow;
        s->reported = o->region_id == 0 || o->region_id == s->region_id;
        s->note = xstrdup("");
        s->note_zh = xstrdup("");
        pipe_build_history(s, in);
        p->n_series++;
        if (s->reported)
            p->n_reported++;
    }
    if (o->targets) {
        rc = db_targets(db, o->region_id, o->indicator_id, &targets, &n_targets, err);
        if (rc)
            goto out;
        db_digest_targets(&dg, targets, n_targets);
        p->targets = xcalloc(n_targets ? n_targets : 1, sizeof *p->targets);
        p->n_targets = n_targets;
        for (i = 0; i < n_targets; i++) {
            struct pipe_target *t = &p->targets[i];
            t->id = targets[i].id;
            t->region_id = targets[i].region_id;
            t->indicator_id = targets[i].indicator_id;
            t->region_code = xstrdup(targets[i].region_code);
            t->region_name = xstrdup(targets[i].region_name);
            t->indicator_code = xstrdup(targets[i].indicator_code);
            t->indicator_name = xstrdup(targets[i].indicator_name);
            {
                const struct db_indicator *ti = indicator_by_id(inds, n_inds, t->indicator_id);
                t->indicator_name_en = xstrdup(ti && ti->name_en ? ti->name_en : "");
            }
            t->unit = xstrdup(targets[i].unit);
            t->lead_unit = targets[i].lead_unit ? xstrdup(targets[i].lead_unit) : NULL;
            t->spec.is_flow = targets[i].is_flow;
            t->spec.is_increment = strcmp(targets[i].kind, "increment") == 0;
            t->spec.start = t->spec.is_increment ? targets[i].start : targets[i].deadline;
            t->spec.deadline = targets[i].deadline;
            t->spec.value = targets[i].value;
            t->series = -1;
        }
    }
    db_digest_hex(&dg, p->digest);
out:
    if (rc)
        db_rollback(db);
    else
        rc = db_commit(db, err);
    db_regions_free(regions, n_regions);
    db_indicators_free(inds, n_inds);
    db_targets_free(targets, n_targets);
    return rc;
}
