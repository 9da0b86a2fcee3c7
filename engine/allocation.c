/*
 * engine/allocation.c -- from a pipe run to the allocation maths and back:
 * a city's districts and their outcomes over the kept, reconciled paths, the
 * plan's split from the targets table, and the refusals of models/allocate.c
 * turned into messages.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <sqlite3.h>

#include "allocation.h"
#include "db.h"
#include "err.h"
#include "load.h"
#include "messages.h"
#include "pipeline.h"
#include "plot.h"
#include "xalloc.h"

#define ALLOC_MAX_DECIMALS 4

/* The fewest decimals (<= ALLOC_MAX_DECIMALS) that write v exactly. */
static int decimals_of(double v)
{
    int d;
    double scale = 1.0;

    for (d = 0; d < ALLOC_MAX_DECIMALS; d++, scale *= 10.0)
        if (fabs(v * scale - round(v * scale)) <= 1e-6 * fmax(1.0, fabs(v * scale)))
            return d;
    return ALLOC_MAX_DECIMALS;
}

static int series_outcomes(const struct pipe *p, size_t si, const struct target_spec *spec,
                           double *out, struct att_err *err)
{
    const struct pipe_series *s = &p->series[si];
    struct target_series ts;
    int status;

    if (!s->ok || s->n == 0)
        return att_errf(err, ATT_EDATA, tr("'%s' %s could not be forecast: nothing to split by"),
                        s->region_name, s->indicator_name);
    if (!s->paths)
        return att_errf(err, ATT_EINTERNAL, tr("allocation needs the paths kept (keep_paths)"));
    ts = pipe_target_series(s, p->npaths);
    status = model_target_outcomes(spec, &ts, out);
    if (status)
        return att_errf(err, ATT_EDATA, tr("'%s' %s: the figures or paths do not cover %d-%d (%s)"),
                        s->region_name, s->indicator_name, spec->start, spec->deadline,
                        gsl_strerror(status));
    return ATT_OK;
}

static double mean_of(const double *x, size_t n)
{
    double sum = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        sum += x[i];
    return sum / (double)n;
}

int allocation_init(struct allocation *a, const struct pipe *p, size_t city,
                    const struct target_spec *spec, bool value_sets_unit, struct att_err *err)
{
    const struct pipe_series *cs = &p->series[city];
    size_t i, k, np = p->npaths;
    int dec = value_sets_unit ? decimals_of(spec->value) : 0, rc;

    memset(a, 0, sizeof *a);
    a->p = p;
    a->city = city;
    a->spec = *spec;
    a->parts = xcalloc(p->n_series ? p->n_series : 1, sizeof *a->parts);
    /* Districts first, in the pipe's (region id) order; the remainder last. */
    for (k = 0; k < 2; k++) {
        for (i = 0; i < p->n_series; i++) {
            const struct pipe_series *s = &p->series[i];
            struct allocation_part *pt;
            if (s->parent != (int64_t)city || s->is_remainder != (k == 1))
                continue;
            pt = &a->parts[a->n_parts++];
            pt->series = i;
            pt->region_id = s->region_id;
            pt->is_remainder = s->is_remainder;
            pt->code = s->is_remainder ? "" : s->region_code;
            pt->name = s->is_remainder ? "" : s->region_name;
        }
        if (k == 0)
            a->n_districts = a->n_parts;
    }
    if (a->n_districts == 0)
        return att_errf(err, ATT_EDATA,
                        tr("'%s' has no districts with figures for '%s' reconciled under it: "
                           "nothing to split"),
                        cs->region_name, cs->indicator_name);
    for (i = 0; i < cs->n; i++)
        dec = dec > decimals_of(cs->y[i]) ? dec : decimals_of(cs->y[i]);
    a->outcomes = xcalloc(a->n_parts * np, sizeof *a->outcomes);
    a->city_outcomes = xcalloc(np, sizeof *a->city_outcomes);
    for (k = 0; k < a->n_parts; k++) {
        const struct pipe_series *s = &p->series[a->parts[k].series];
        rc = series_outcomes(p, a->parts[k].series, spec, a->outcomes + k * np, err);
        if (rc)
            return rc;
        a->parts[k].expected = mean_of(a->outcomes + k * np, np);
        for (i = 0; i < s->n; i++)
            dec = dec > decimals_of(s->y[i]) ? dec : decimals_of(s->y[i]);
    }
    rc = series_outcomes(p, city, spec, a->city_outcomes, err);
    if (rc)
        return rc;
    a->city_expected = mean_of(a->city_outcomes, np);
    a->unit = pow(10.0, -dec);
    return ATT_OK;
}

void allocation_release(struct allocation *a)
{
    if (!a)
        return;
    free(a->parts);
    free(a->outcomes);
    free(a->city_outcomes);
    memset(a, 0, sizeof *a);
}

int allocation_decimals(const struct allocation *a)
{
    return decimals_of(a->unit);
}

/* A figure as the unit's decimals write it ("30", "2.35"). */
static const char *fig(char *buf, size_t size, double v, double unit)
{
    snprintf(buf, size, "%.*f", decimals_of(unit), v);
    return buf;
}

int allocation_propose(const struct allocation *a, enum alloc_method method, const double *min,
                       const double *max, bool with_remainder, double *shares,
                       struct alloc_result *res, struct att_err *err)
{
    const struct pipe_series *cs = &a->p->series[a->city];
    size_t n = with_remainder ? a->n_parts : a->n_districts, i;
    struct alloc_problem pb;
    double *work;
    char b1[64], b2[64];
    int status;

    if (!with_remainder) {
        /* A bound on the remainder means it was asked for; without one it takes nothing. */
        for (i = a->n_districts; i < a->n_parts; i++)
            shares[i] = 0.0;
    }
    pb.outcomes = a->outcomes;
    pb.n = n;
    pb.npaths = a->p->npaths;
    pb.total = a->spec.value;
    pb.unit = a->unit;
    pb.min = min;
    pb.max = max;
    pb.method = method;
    work = xmalloc(model_alloc_work_size(n, pb.npaths) * sizeof *work);
    status = model_alloc_split(&pb, work, shares, res);
    free(work);
    if (status == GSL_SUCCESS)
        return ATT_OK;
    if (status != GSL_EDOM)
        return att_errf(err, ATT_EINTERNAL, tr("allocation of '%s' %s failed: %s"), cs->region_name,
                        cs->indicator_name, gsl_strerror(status));
    switch (res->why) {
    case ALLOC_E_TOTAL_UNIT:
        return att_errf(err, ATT_EDATA, tr("the total %.15g is not a whole number of %s"),
                        a->spec.value, fig(b1, sizeof b1, a->unit, a->unit));
    case ALLOC_E_MIN_OVER_MAX:
        return att_errf(err, ATT_EDATA,
                        tr("the minimum of '%s' is above its maximum (shares are whole multiples "
                           "of %s)"),
                        a->parts[res->district].is_remainder ? tr("other (not allocated)")
                                                             : a->parts[res->district].name,
                        fig(b1, sizeof b1, a->unit, a->unit));
    case ALLOC_E_MINS_EXCEED:
        return att_errf(err, ATT_EDATA, tr("the minimums add up to %s, more than the total %s"),
                        fig(b1, sizeof b1, res->sum_min, a->unit),
                        fig(b2, sizeof b2, a->spec.value, a->unit));
    case ALLOC_E_MAXES_SHORT:
        return att_errf(err, ATT_EDATA, tr("the maximums add up to %s, less than the total %s"),
                        fig(b1, sizeof b1, res->sum_max, a->unit),
                        fig(b2, sizeof b2, a->spec.value, a->unit));
    case ALLOC_E_NO_ROOM:
    case ALLOC_OK:
        break;
    }
    return att_errf(err, ATT_EDATA,
                    tr("no room for the total %s: the districts expected to deliver anything are "
                       "at their maximums"),
                    fig(b1, sizeof b1, a->spec.value, a->unit));
}

static bool same_thing(const struct db_target *t, const struct target_spec *spec,
                       int64_t indicator_id)
{
    bool inc = strcmp(t->kind, "increment") == 0;

    return t->indicator_id == indicator_id && t->deadline == spec->deadline &&
           inc == spec->is_increment && (inc ? t->start : t->deadline) == spec->start;
}

size_t allocation_plan(const struct allocation *a, const struct db_target *all, size_t n_all,
                       double *shares, bool *has)
{
    int64_t ind = a->p->series[a->city].indicator_id;
    size_t i, k, found = 0;

    for (i = 0; i < a->n_parts; i++) {
        shares[i] = 0.0;
        has[i] = false;
        if (a->parts[i].is_remainder)
            continue;
        for (k = 0; k < n_all; k++) {
            if (all[k].region_id == a->parts[i].region_id && same_thing(&all[k], &a->spec, ind)) {
                shares[i] = all[k].value;
                has[i] = true;
                found++;
                break;
            }
        }
    }
    return found;
}

void allocation_eval(const struct allocation *a, const double *shares, const bool *has,
                     struct alloc_district_eval *per, struct alloc_eval *ev)
{
    size_t np = a->p->npaths, i, m = 0;
    double *x = xmalloc(a->n_parts * np * sizeof *x), *s = xmalloc(a->n_parts * sizeof *s);
    struct alloc_district_eval *sub = xcalloc(a->n_parts, sizeof *sub);
    struct alloc_eval none;

    /* Every part on its own (a part without a share against 0)... */
    for (i = 0; i < a->n_parts; i++) {
        double share = !has || has[i] ? shares[i] : 0.0;
        (void)model_alloc_eval(a->outcomes + i * np, 1, np, &share, NULL, share, &per[i], &none);
    }
    /* ...and jointly, the parts holding a share. */
    for (i = 0; i < a->n_parts; i++) {
        if (has && !has[i])
            continue;
        memcpy(x + m * np, a->outcomes + i * np, np * sizeof *x);
        s[m++] = shares[i];
    }
    if (m > 0) {
        (void)model_alloc_eval(x, m, np, s, a->city_outcomes, a->spec.value, sub, ev);
    } else {
        memset(ev, 0, sizeof *ev);
        ev->sum_mismatch = true;
        (void)model_alloc_eval(a->city_outcomes, 1, np, &a->spec.value, NULL, a->spec.value, sub,
                               &none);
        ev->p_city = none.p_city;
    }
    free(sub);
    free(s);
    free(x);
}

double allocation_city_shortfall(const struct allocation *a)
{
    struct alloc_district_eval per;
    struct alloc_eval ev;

    (void)model_alloc_eval(a->city_outcomes, 1, a->p->npaths, &a->spec.value, NULL, a->spec.value,
                           &per, &ev);
    return per.shortfall;
}

int allocation_read_split(struct sqlite3 *db, const char *path, struct db_target **out, size_t *n,
                          struct att_err *err)
{
    struct sqlite3 *mem = NULL;
    struct sqlite3_backup *bk = NULL;
    struct load_input in;
    char *bytes = NULL;
    int rc;

    *out = NULL;
    *n = 0;
    rc = load_read_file(path, &bytes, &in.len, err);
    if (rc)
        return rc;
    in.name = path;
    in.bytes = bytes;
    if (sqlite3_open(":memory:", &mem) != SQLITE_OK) {
        rc = att_errf(err, ATT_EINTERNAL, tr("cannot open a database in memory: %s"),
                      mem ? sqlite3_errmsg(mem) : "out of memory");
        goto out;
    }
    bk = sqlite3_backup_init(mem, "main", db, "main");
    if (!bk || sqlite3_backup_step(bk, -1) != SQLITE_DONE) {
        rc = att_errf(err, ATT_EINTERNAL, tr("cannot copy the database to read '%s': %s"), path,
                      sqlite3_errmsg(mem));
        goto out;
    }
    (void)sqlite3_backup_finish(bk);
    bk = NULL;
    rc = db_exec(mem, "PRAGMA foreign_keys = ON; DELETE FROM targets",
                 "empty the targets of the copy", err);
    if (!rc)
        rc = load_files(mem, &in, 1, NULL, NULL, err);
    if (!rc)
        rc = db_targets(mem, 0, 0, out, n, err);
out:
    if (bk)
        (void)sqlite3_backup_finish(bk);
    sqlite3_close(mem);
    free(bytes);
    return rc;
}

enum allocation_found allocation_find_target(const struct pipe *p, size_t si, int year, int kind,
                                             struct target_spec *spec)
{
    const struct pipe_series *s = &p->series[si];
    bool found = false;
    size_t i;

    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];
        if (t->region_id != s->region_id || t->indicator_id != s->indicator_id ||
            t->spec.deadline != year || (kind >= 0 && t->spec.is_increment != (kind == 1)))
            continue;
        if (found)
            return ALLOCATION_AMBIGUOUS;
        *spec = t->spec;
        found = true;
    }
    if (found)
        return ALLOCATION_CITY_TARGET;
    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];
        const struct pipe_series *d = t->series >= 0 ? &p->series[t->series] : NULL;
        if (!d || d->parent != (int64_t)si || d->is_remainder || t->spec.deadline != year ||
            (kind >= 0 && t->spec.is_increment != (kind == 1)))
            continue;
        if (!found) {
            *spec = t->spec;
            spec->value = 0.0;
            found = true;
        }
        if (t->spec.is_increment == spec->is_increment && t->spec.start == spec->start)
            spec->value += t->spec.value;
    }
    return found ? ALLOCATION_DISTRICTS : ALLOCATION_NONE;
}

int allocation_compare_init(struct allocation_compare *c, struct sqlite3 *db,
                            const struct pipe_opts *base, int64_t region, int64_t indicator,
                            int year, int kind, struct att_err *err)
{
    struct pipe_opts po = *base;
    struct db_target *all = NULL;
    struct target_spec spec;
    enum allocation_found found;
    size_t i, n, si;
    int rc;

    memset(c, 0, sizeof *c);
    /* The run `attain targets --indicator I` makes: its paths, so its probabilities. */
    po.indicator_id = indicator;
    po.region_id = 0;
    po.until = 0;
    po.targets = true;
    po.keep_paths = true;
    po.no_summaries = true;
    po.no_reach = true;
    po.progress = false;
    rc = pipe_run(db, &po, &c->p, err);
    if (rc)
        return rc;
    for (si = 0; si < c->p->n_series; si++)
        if (c->p->series[si].region_id == region && !c->p->series[si].is_remainder)
            break;
    if (si == c->p->n_series)
        return att_errf(err, ATT_EDATA,
                        tr("no figures for the region and indicator: nothing to split"));
    found = allocation_find_target(c->p, si, year, kind, &spec);
    if (found == ALLOCATION_NONE || found == ALLOCATION_AMBIGUOUS)
        return att_errf(err, ATT_EDATA, "'%s' %s %d: %s", c->p->series[si].region_name,
                        c->p->series[si].indicator_name, year,
                        found == ALLOCATION_NONE ? "no target to split"
                                                 : "a level and an increment target");
    c->from_districts = found == ALLOCATION_DISTRICTS;
    rc = allocation_init(&c->a, c->p, si, &spec, true, err);
    if (rc)
        return rc;
    n = c->a.n_parts;
    c->plan = xcalloc(n, sizeof *c->plan);
    c->has_plan = xcalloc(n, sizeof *c->has_plan);
    c->plan_per = xcalloc(n, sizeof *c->plan_per);
    c->equal = xcalloc(n, sizeof *c->equal);
    c->has_equal = xcalloc(n, sizeof *c->has_equal);
    c->equal_per = xcalloc(n, sizeof *c->equal_per);
    rc = db_targets(db, 0, indicator, &all, &i, err);
    if (rc)
        return rc;
    c->n_plan = allocation_plan(&c->a, all, i, c->plan, c->has_plan);
    db_targets_free(all, i);
    if (c->n_plan == 0)
        return att_errf(err, ATT_EDATA, tr("the plan does not split '%s' %s %d over its districts"),
                        c->p->series[si].region_name, c->p->series[si].indicator_name, year);
    allocation_eval(&c->a, c->plan, c->has_plan, c->plan_per, &c->plan_ev);
    {
        double *mn = xcalloc(n, sizeof *mn), *mx = xcalloc(n, sizeof *mx);
        for (i = 0; i < n; i++)
            mx[i] = HUGE_VAL; /* at least 0, no maximum: as `attain allocate` by default */
        rc = allocation_propose(&c->a, ALLOC_EQUAL_RISK, mn, mx, false, c->equal, &c->equal_res,
                                err);
        free(mn);
        free(mx);
    }
    if (rc)
        return rc;
    for (i = 0; i < n; i++)
        c->has_equal[i] = !c->a.parts[i].is_remainder;
    allocation_eval(&c->a, c->equal, c->has_equal, c->equal_per, &c->equal_ev);
    return ATT_OK;
}

void allocation_compare_release(struct allocation_compare *c)
{
    if (!c)
        return;
    allocation_release(&c->a);
    free(c->plan);
    free(c->has_plan);
    free(c->plan_per);
    free(c->equal);
    free(c->has_equal);
    free(c->equal_per);
    pipe_free(c->p);
    memset(c, 0, sizeof *c);
}

/*
 * The lowest and highest probability over the parts with a share, as percent
 * texts; with skip_zero, the parts whose share is 0 are left out (the
 * equal-risk split gives 0 to a district that expects nothing, which meets
 * it for sure) and their names joined into *zero (caller frees; NULL if none).
 */
static void prob_range(const struct allocation *a, const bool *has, const double *shares,
                       const struct alloc_district_eval *per, bool skip_zero, bool zh, char *lo,
                       char *hi, size_t size, char **zero)
{
    double pmin = 1.0, pmax = 0.0;
    size_t i;

    *zero = NULL;
    for (i = 0; i < a->n_parts; i++) {
        if (!has[i])
            continue;
        if (skip_zero && shares[i] == 0.0) {
            char *next = xasprintf("%s%s%s", *zero ? *zero : "", *zero ? (zh ? "、" : ", ") : "",
                                   zh ? a->parts[i].name : a->parts[i].code);
            free(*zero);
            *zero = next;
            continue;
        }
        pmin = fmin(pmin, per[i].probability);
        pmax = fmax(pmax, per[i].probability);
    }
    if (pmin > pmax)
        pmin = pmax = 1.0; /* every share is 0 */
    plot_percent(lo, size, pmin);
    plot_percent(hi, size, pmax);
}

void allocation_p_all_text(char *buf, size_t size, const struct alloc_eval *ev,
                           const struct alloc_district_eval *per, const bool *has, size_t n)
{
    bool each = true;
    size_t i;

    for (i = 0; i < n; i++)
        each &= !has[i] || per[i].probability > 0.0;
    if (ev->p_all <= 0.0 && each)
        snprintf(buf, size, "<1%%");
    else
        plot_percent(buf, size, ev->p_all);
}

char *allocation_sentence(const struct allocation_compare *c, bool zh)
{
    const struct allocation *a = &c->a;
    char plo[16], phi[16], pall[16], elo[16], ehi[16], eall[16], pstar[16], sum[64], tot[64];
    char *plan, *equal, *zero_plan, *zero, *zero_text, *out;
    const char *gets;

    prob_range(a, c->has_plan, c->plan, c->plan_per, false, zh, plo, phi, sizeof plo, &zero_plan);
    prob_range(a, c->has_equal, c->equal, c->equal_per, true, zh, elo, ehi, sizeof elo, &zero);
    allocation_p_all_text(pall, sizeof pall, &c->plan_ev, c->plan_per, c->has_plan, a->n_parts);
    allocation_p_all_text(eall, sizeof eall, &c->equal_ev, c->equal_per, c->has_equal, a->n_parts);
    plot_percent(pstar, sizeof pstar, c->equal_res.p_star);
    fig(sum, sizeof sum, c->plan_ev.sum_shares, a->unit);
    fig(tot, sizeof tot, a->spec.value, a->unit);
    if (zh)
        plan = xasprintf("规划分解（各县区合计 %s，%s %s）：各县区完成各自份额的把握在 %s 到 %s "
                         "之间，全部县区都完成的概率 %s。",
                         sum, c->from_districts ? "即总量" : "全市目标", tot, plo, phi, pall);
    else
        plan = xasprintf("The plan's split (%s in all, against %s %s): the districts' chances of "
                         "meeting their shares range from %s to %s, and all of them meet theirs "
                         "with probability %s.",
                         sum, c->from_districts ? "a total of" : "the city's", tot, plo, phi, pall);
    /* In parentheses: the spread rounding leaves, and who gets nothing. */
    /* "dawa gets 0", "dawa, gaoxin get 0". */
    gets = zero && !strstr(zero, ", ") ? "gets" : "get";
    if (strcmp(elo, ehi) != 0 && zero)
        zero_text = zh ? xasprintf("（取整后 %s 到 %s；%s份额为 0）", elo, ehi, zero)
                       : xasprintf(" (%s to %s after rounding; %s %s 0)", elo, ehi, zero, gets);
    else if (strcmp(elo, ehi) != 0)
        zero_text = zh ? xasprintf("（取整后 %s 到 %s）", elo, ehi)
                       : xasprintf(" (%s to %s after rounding)", elo, ehi);
    else if (zero)
        zero_text = zh ? xasprintf("（%s份额为 0）", zero) : xasprintf(" (%s %s 0)", zero, gets);
    else
        zero_text = xstrdup("");
    equal = zh ? xasprintf("按等风险分配，各县区均有约 %s 的把握完成%s，全部县区都完成的概率 %s。",
                           strcmp(elo, ehi) == 0 ? elo : pstar, zero_text, eall)
               : xasprintf("Split at equal risk, every district has about a %s chance of meeting "
                           "its share%s, and all of them meet theirs with probability %s.",
                           strcmp(elo, ehi) == 0 ? elo : pstar, zero_text, eall);
    out = xasprintf("%s%s%s", plan, zh ? "" : " ", equal);
    free(zero_text);
    free(zero);
    free(zero_plan);
    free(plan);
    free(equal);
    return out;
}
