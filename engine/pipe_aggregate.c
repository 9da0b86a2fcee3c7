/*
 * engine/pipe_aggregate.c -- the series the store does not hold.  An
 * aggregate: a region with no figures of its own whose districts all have
 * them is their sum.  A remainder: a region whose figures are not its
 * districts' sum has the difference (其他/未分配) as one more child.  Their
 * histories, horizons and fitted values.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipe_int.h"
#include "xalloc.h"

/*
 * An aggregate's fitted values: the sum of its children's at its years.  A
 * child aggregate is summed first (recursion down the tree, which the loader
 * keeps free of cycles); done[] marks the finished ones among members.
 */
static void aggregate_fitted(struct pipe *p, const size_t *members, size_t n, size_t m, bool *done)
{
    struct pipe_series *a = &p->series[members[m]];
    size_t k, j, q;

    if (done[m])
        return;
    done[m] = true;
    for (j = 0; j < a->n; j++)
        a->fitted[j] = 0.0;
    for (k = 0; k < n; k++) {
        const struct pipe_series *c = &p->series[members[k]];
        if (c->parent != (int64_t)members[m] || !c->fitted)
            continue;
        if (c->aggregate)
            aggregate_fitted(p, members, n, k, done);
        for (j = 0; j < a->n; j++)
            for (q = 0; q < c->n; q++)
                if (c->t[q] == a->t[j])
                    a->fitted[j] += c->fitted[q];
    }
}

void pipe_aggregates_fitted(struct pipe *p, const size_t *members, size_t n)
{
    bool *done = xcalloc(n ? n : 1, sizeof *done);
    size_t m;

    for (m = 0; m < n; m++)
        if (p->series[members[m]].aggregate && p->series[members[m]].ok)
            aggregate_fitted(p, members, n, m, done);
    free(done);
}

/*
 * A region with no figures of its own for an indicator that each of its
 * child regions has, all up to the same last year, gets an aggregate series:
 * its paths are the sum of its children's reconciled paths (a node without a
 * base forecast in models/reconcile.c), its history their sum over the years
 * they all have.  Deeper regions first, so a province made of counties can
 * itself add up to the country.
 */
void pipe_add_aggregates(struct pipe *p, struct series_in **ins, const struct regtree *rt,
                         const struct pipe_opts *o)
{
    size_t nr = p->n_regions, i, k, d, maxd = 0, cap = p->n_series;
    size_t *depth = xcalloc(nr ? nr : 1, sizeof *depth);

    for (i = 0; i < nr; i++) {
        size_t at = i, steps = 0;
        while (p->region_parents[at] != 0 && steps < nr) {
            size_t par = pipe_region_index(p, p->region_parents[at]);
            if (par >= nr)
                break;
            at = par;
            steps++;
        }
        depth[i] = steps;
        if (steps > maxd)
            maxd = steps;
    }
    for (d = maxd + 1; d-- > 0;) {
        size_t n_before = p->n_series, n_new = 0;
        for (i = 0; i < nr; i++) {
            size_t c0 = rt->cstart[i], c1 = rt->cstart[i + 1], si;
            if (depth[i] != d || c0 == c1)
                continue;
            /* The indicators of its first child are the candidates. */
            for (si = 0; si < n_before; si++) {
                const struct pipe_series *first = &p->series[si];
                struct pipe_series *a;
                struct series_in *ain;
                double t_last;
                size_t j, m;
                bool ok = true;
                if (first->region_id != p->region_ids[rt->clist[c0]] || first->n == 0)
                    continue;
                if (pipe_find_series_in(p, n_before, p->region_ids[i], first->indicator_id) >= 0)
                    continue;
                t_last = first->t[first->n - 1];
                for (k = c0; k < c1 && ok; k++) {
                    int64_t c = pipe_find_series_in(p, n_before, p->region_ids[rt->clist[k]],
                                                    first->indicator_id);
                    ok = c >= 0 && p->series[c].n > 0 &&
                         p->series[c].t[p->series[c].n - 1] == t_last;
                }
                if (!ok)
                    continue;
                if (p->n_series + 1 > cap) {
                    cap = 2 * cap + 8;
                    p->series = xrealloc(p->series, cap * sizeof *p->series);
                    *ins = xrealloc(*ins, cap * sizeof **ins);
                }
                a = &p->series[p->n_series];
                ain = &(*ins)[p->n_series];
                first = &p->series[si]; /* the array may have moved */
                memset(a, 0, sizeof *a);
                memset(ain, 0, sizeof *ain);
                a->region_id = p->region_ids[i];
                a->indicator_id = first->indicator_id;
                a->region_code = xstrdup(p->region_codes[i]);
                a->region_name = xstrdup(p->region_names[i]);
                a->indicator_code = xstrdup(first->indicator_code);
                a->indicator_name = xstrdup(first->indicator_name);
                a->indicator_name_en = xstrdup(first->indicator_name_en);
                a->unit = xstrdup(first->unit);
                a->is_flow = first->is_flow;
                a->aggregate = true;
                a->reported = o->region_id == 0 || o->region_id == a->region_id;
                a->note = xstrdup("no figures of its own: the sum of its districts' forecasts");
                a->note_zh = xstrdup("本级无数据: 为所辖县区预测之和");
                a->ytd_profile_from = -1;
                /* History: the years every child has, summed. */
                a->t = xcalloc(first->n, sizeof *a->t);
                a->y = xcalloc(first->n, sizeof *a->y);
                for (j = 0, m = 0; j < first->n; j++) {
                    double year = first->t[j], sum = 0.0;
                    bool all = true;
                    for (k = c0; k < c1 && all; k++) {
                        const struct pipe_series *c = &p->series[pipe_find_series_in(
                            p, n_before, p->region_ids[rt->clist[k]], a->indicator_id)];
                        size_t q;
                        all = false;
                        for (q = 0; q < c->n; q++)
                            if (c->t[q] == year) {
                                sum += c->y[q];
                                all = true;
                            }
                    }
                    if (all) {
                        a->t[m] = year;
                        a->y[m++] = sum;
                    }
                }
                a->n = m;
                p->n_series++;
                n_new++;
                if (a->reported)
                    p->n_reported++;
            }
        }
        if (n_new)
            pipe_sort_series(p, *ins);
    }
    free(depth);
}

/* The value of `year` in a series' history (annual or December figures); false if none. */
static bool history_value(const struct pipe_series *s, int year, double *out)
{
    size_t lo = 0, hi = s->n;

    while (lo < hi) { /* years are increasing */
        size_t mid = lo + (hi - lo) / 2;
        if ((int)s->t[mid] < year)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->n && (int)s->t[lo] == year) {
        *out = s->y[lo];
        return true;
    }
    return false;
}

/*
 * month_value by bisection: the store gives a year's months in order, then
 * its year end, so the key is year * 16 + month (13 for the year end).
 * A parent compares each of its figures with every child's.
 */
static bool month_value_sorted(const struct db_obs *obs, size_t n, int year, int month, double *out)
{
    size_t lo = 0, hi = n;
    long key = (long)year * 16 + month;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((long)obs[mid].year * 16 + (obs[mid].month ? obs[mid].month : 13) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && obs[lo].year == year && obs[lo].month == month) {
        *out = obs[lo].value;
        return true;
    }
    return false;
}

#define REMAINDER_MAX_LISTED 6 /* periods named in a note before "..." */

/*
 * A region with figures of its own whose child regions all have the series
 * gets a remainder series when its figures are not their sum (beyond 1e-9
 * of its level): firms registered at city level, or in districts the user
 * did not list.  Its observations are the region's minus the children's sum
 * at every period all of them have -- the years of their histories and the
 * months with a year-to-date figure in each -- so it is fitted, simulated
 * and projected from a year to date like any series.  It needs at least one
 * common year; it is never reported.  A negative remainder means the
 * districts' figures exceed the region's: the region's note says so, and
 * the remainder is reconciled without a floor at zero (build_trees takes
 * the floor from the history's sign).  Run after pipe_add_aggregates (an
 * aggregate child counts with its summed history); sets every series'
 * `remainder` index.
 */
void pipe_add_remainders(struct pipe *p, struct series_in **ins, const struct regtree *rt)
{
    size_t n_before = p->n_series, cap = p->n_series, i, j, k;
    int64_t *cidx = NULL;

    for (i = 0; i < n_before; i++) {
        const struct pipe_series *s = &p->series[i];
        const struct series_in *in = &(*ins)[i];
        size_t ri = pipe_region_index(p, s->region_id), c0, c1, m = 0, n_years = 0, n_neg = 0;
        struct db_obs *rest;
        struct pipe_series *a;
        struct series_in *ain;
        bool differs = false, all = true;
        char *neg = NULL;

        if (s->aggregate || s->n == 0 || !in->obs || ri >= p->n_regions)
            continue;
        c0 = rt->cstart[ri];
        c1 = rt->cstart[ri + 1];
        if (c0 == c1)
            continue;
        cidx = xrealloc(cidx, (c1 - c0) * sizeof *cidx);
        for (k = c0; k < c1 && all; k++) {
            cidx[k - c0] =
                pipe_find_series_in(p, n_before, p->region_ids[rt->clist[k]], s->indicator_id);
            all = cidx[k - c0] >= 0;
        }
        if (!all)
            continue;
        /* Chronological as the store gives them: a year's months, then its year end. */
        rest = xcalloc(in->n_obs + s->n, sizeof *rest);
        for (j = 0; j < in->n_obs; j++) {
            const struct db_obs *o = &in->obs[j];
            bool year_end = j + 1 == in->n_obs || in->obs[j + 1].year != o->year;
            int pass;
            for (pass = 0; pass < 2; pass++) {
                double v, sum = 0.0, cv, tol;
                int month = pass == 0 ? o->month : 0;
                if (pass == 0 && o->month == 0)
                    continue; /* year ends come from the histories, below */
                if (pass == 1 && (!year_end || !history_value(s, o->year, &v)))
                    continue;
                if (pass == 0)
                    v = o->value;
                for (k = c0, all = true; k < c1 && all; k++) {
                    const struct pipe_series *c = &p->series[cidx[k - c0]];
                    const struct series_in *cin = &(*ins)[cidx[k - c0]];
                    all = month == 0 ? history_value(c, o->year, &cv)
                                     : cin->obs && month_value_sorted(cin->obs, cin->n_obs, o->year,
                                                                      month, &cv);
                    sum += cv;
                }
                if (!all)
                    continue;
                rest[m].year = o->year;
                rest[m].month = month;
                if (month)
                    snprintf(rest[m].period, sizeof rest[m].period, "%04d-%02d", o->year, month);
                else
                    snprintf(rest[m].period, sizeof rest[m].period, "%04d", o->year);
                /* Within rounding of the sum, it is nothing (and not negative). */
                tol = 1e-9 * fmax(1.0, fabs(v));
                rest[m].value = fabs(v - sum) <= tol ? 0.0 : v - sum;
                if (rest[m].value != 0.0)
                    differs = true;
                if (rest[m].value < 0.0 && n_neg++ < REMAINDER_MAX_LISTED) {
                    char *next =
                        xasprintf("%s%s%s", neg ? neg : "", neg ? ", " : "", rest[m].period);
                    free(neg);
                    neg = next;
                }
                n_years += month == 0;
                m++;
            }
        }
        if (!differs || n_years == 0) {
            free(rest);
            free(neg);
            continue;
        }
        if (neg)
            pipe_note_add(
                &p->series[i],
                "its listed districts add up to more than its own figures in %s%s "
                "(inconsistent data): the part not allocated to them is negative and "
                "is not held at zero",
                "所列县区之和在 %s%s 年超过本级数据 (数据不一致): 未分配部分为负, 不按零截断", neg,
                n_neg > REMAINDER_MAX_LISTED ? ", ..." : "");
        free(neg);
        if (p->n_series + 1 > cap) {
            cap = 2 * cap + 8;
            p->series = xrealloc(p->series, cap * sizeof *p->series);
            *ins = xrealloc(*ins, cap * sizeof **ins);
        }
        s = &p->series[i]; /* the array may have moved */
        a = &p->series[p->n_series];
        ain = &(*ins)[p->n_series];
        memset(a, 0, sizeof *a);
        memset(ain, 0, sizeof *ain);
        a->region_id = s->region_id;
        a->indicator_id = s->indicator_id;
        a->region_code = xstrdup(s->region_code);
        a->region_name = xstrdup(s->region_name);
        a->indicator_code = xstrdup(s->indicator_code);
        a->indicator_name = xstrdup(s->indicator_name);
        a->indicator_name_en = xstrdup(s->indicator_name_en);
        a->unit = xstrdup(s->unit);
        a->is_flow = s->is_flow;
        a->is_remainder = true;
        a->reported = false;
        a->note = xstrdup("");
        a->note_zh = xstrdup("");
        a->ytd_profile_from = -1;
        ain->obs = rest;
        ain->n_obs = m;
        pipe_build_history(a, ain);
        free(rest);
        ain->obs = NULL;
        ain->n_obs = 0;
        p->n_series++;
    }
    free(cidx);
    if (p->n_series > n_before)
        pipe_sort_series(p, *ins);
    for (k = 0; k < p->n_series; k++)
        p->series[k].remainder = -1;
    for (k = 1; k < p->n_series; k++)
        if (p->series[k].is_remainder)
            p->series[k - 1].remainder = (int64_t)k;
}

/* An aggregate's years: those all its children simulate (set after their horizons). */
void pipe_aggregate_horizons(struct pipe *p, struct series_in *ins, const struct regtree *rt)
{
    size_t i, k;

    for (i = 0; i < p->n_series; i++) {
        struct pipe_series *a = &p->series[i];
        size_t ri = pipe_region_index(p, a->region_id);
        if (!a->aggregate || ri >= p->n_regions)
            continue;
        for (k = rt->cstart[ri]; k < rt->cstart[ri + 1]; k++) {
            int64_t c = pipe_find_series(p, p->region_ids[rt->clist[k]], a->indicator_id);
            if (c >= 0 && p->series[c].h < a->h)
                a->h = p->series[c].h;
            if (c >= 0 && ins[c].h_full < ins[i].h_full)
                ins[i].h_full = ins[c].h_full;
        }
        if (a->nq > a->h)
            a->nq = a->h;
    }
}
