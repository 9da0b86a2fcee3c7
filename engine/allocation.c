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
#include "pipeline.h"
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
        return att_errf(err, ATT_EDATA, "'%s' %s could not be forecast: nothing to split by",
                        s->region_name, s->indicator_name);
    if (!s->paths)
        return att_errf(err, ATT_EINTERNAL, "allocation needs the paths kept (keep_paths)");
    ts.t = s->t;
    ts.y = s->y;
    ts.n = s->n;
    ts.paths = s->paths;
    ts.npaths = p->npaths;
    ts.h = s->h;
    ts.stride = s->h;
    status = model_target_outcomes(spec, &ts, out);
    if (status)
        return att_errf(err, ATT_EDATA, "'%s' %s: the figures or paths do not cover %d-%d (%s)",
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
                        "'%s' has no districts with figures for '%s' reconciled under it: "
                        "nothing to split",
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
        return att_errf(err, ATT_EINTERNAL, "allocation of '%s' %s failed: %s", cs->region_name,
                        cs->indicator_name, gsl_strerror(status));
    switch (res->why) {
    case ALLOC_E_TOTAL_UNIT:
        return att_errf(err, ATT_EDATA, "the total %.15g is not a whole number of %s",
                        a->spec.value, fig(b1, sizeof b1, a->unit, a->unit));
    case ALLOC_E_MIN_OVER_MAX:
        return att_errf(err, ATT_EDATA,
                        "the minimum of '%s' is above its maximum (shares are whole multiples "
                        "of %s)",
                        a->parts[res->district].is_remainder ? "其他/未分配"
                                                             : a->parts[res->district].name,
                        fig(b1, sizeof b1, a->unit, a->unit));
    case ALLOC_E_MINS_EXCEED:
        return att_errf(err, ATT_EDATA, "the minimums add up to %s, more than the total %s",
                        fig(b1, sizeof b1, res->sum_min, a->unit),
                        fig(b2, sizeof b2, a->spec.value, a->unit));
    case ALLOC_E_MAXES_SHORT:
        return att_errf(err, ATT_EDATA, "the maximums add up to %s, less than the total %s",
                        fig(b1, sizeof b1, res->sum_max, a->unit),
                        fig(b2, sizeof b2, a->spec.value, a->unit));
    case ALLOC_E_NO_ROOM:
    case ALLOC_OK:
        break;
    }
    return att_errf(err, ATT_EDATA,
                    "no room for the total %s: the districts expected to deliver anything are "
                    "at their maximums",
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
        rc = att_errf(err, ATT_EINTERNAL, "cannot open a database in memory: %s",
                      mem ? sqlite3_errmsg(mem) : "out of memory");
        goto out;
    }
    bk = sqlite3_backup_init(mem, "main", db, "main");
    if (!bk || sqlite3_backup_step(bk, -1) != SQLITE_DONE) {
        rc = att_errf(err, ATT_EINTERNAL, "cannot copy the database to read '%s': %s", path,
                      sqlite3_errmsg(mem));
        goto out;
    }
    (void)sqlite3_backup_finish(bk);
    bk = NULL;
    rc = db_exec(mem, "PRAGMA foreign_keys = ON; DELETE FROM targets",
                 "emptying the targets of the copy", err);
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
