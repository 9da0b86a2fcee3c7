/*
 * engine/scenario_solve.c -- what it would take: the smallest lever (a
 * growth factor, or extra units a year) that lifts one target's
 * probability to P (scenario.h, scenario_solve_target).
 *
 * On common random numbers the probability is monotone in the lever, so the
 * answer is bracketed by bisection: [no lever, the bound] is narrowed round
 * by round, each round trying SOLVE_GRID levers at once on the same paths
 * (one pipeline run with SOLVE_GRID + 1 variants), which narrows the bracket
 * SOLVE_GRID + 1 times per round instead of twice; a last round picks the
 * smallest lever with three decimals (whole units for counts) that reaches P.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "messages.h"
#include "pipeline.h"
#include "scenario.h"
#include "xalloc.h"

#define SOLVE_GRID 17         /* levers tried per round of the search */
#define SOLVE_GROWTH_TOL 1e-3 /* the growth factor to within this */

/* The levers tried in one round, as scenarios of one section each. */
struct trial {
    struct scenario sc[SOLVE_GRID + 1]; /* [0]: the baseline (no lever) */
    struct scen_lever lv[SOLVE_GRID + 1];
    const struct scenario *ptr[SOLVE_GRID + 1];
};

static void trial_init(struct trial *t, const struct scen_lever *tmpl, bool growth, const double *x,
                       size_t n)
{
    size_t k;

    memset(t, 0, sizeof *t);
    for (k = 0; k <= n; k++) {
        t->sc[k].path = (char *)"solve";
        t->sc[k].name = (char *)"solve";
        t->sc[k].note = (char *)"";
        t->ptr[k] = &t->sc[k];
        if (k == 0)
            continue;
        t->lv[k] = *tmpl;
        t->lv[k].lever.flags = growth ? LEVER_GROWTH : LEVER_ADDITIONS;
        if (growth)
            t->lv[k].lever.growth = x[k - 1];
        else
            t->lv[k].lever.additions = x[k - 1];
        t->sc[k].levers = &t->lv[k];
        t->sc[k].n_levers = 1;
    }
}

/* The probability of target ti under each of n levers x[] (and the baseline, *p0). */
static int try_levers(struct sqlite3 *db, struct att_err *err, const struct pipe_opts *base,
                      const struct scen_lever *tmpl, bool growth, const double *x, size_t n,
                      int64_t target_id, double *prob, double *p0, struct pipe **keep)
{
    struct trial *t = xmalloc(sizeof *t);
    struct pipe_opts po = *base;
    struct pipe *p = NULL;
    size_t i, k;
    int rc;

    trial_init(t, tmpl, growth, x, n);
    po.variants = t->ptr;
    po.n_variants = n + 1;
    rc = pipe_run(db, &po, &p, err);
    if (rc)
        goto out;
    for (i = 0; i < p->n_targets && p->targets[i].id != target_id; i++)
        ;
    if (i == p->n_targets || !p->vres[i].has_result) {
        rc = att_errf(err, ATT_EDATA,
                      tr("the target cannot be evaluated (no forecast of its "
                         "series)"));
        goto out;
    }
    *p0 = p->vres[i].res.probability;
    for (k = 0; k < n; k++)
        prob[k] = p->vres[(k + 1) * p->n_targets + i].res.probability;
out:
    if (keep && !rc)
        *keep = p;
    else
        pipe_free(p);
    free(t);
    return rc;
}

int scenario_solve_target(struct sqlite3 *db, const struct pipe_opts *base,
                          const struct scen_lever *tmpl, int64_t target_id, bool growth,
                          bool is_count, double probability, double bound, struct solve_result *out,
                          struct att_err *err)
{
    double x[SOLVE_GRID] = {0}, prob[SOLVE_GRID] = {0}, lo = growth ? 1.0 : 0.0, hi = bound, p0 = 0,
           p_hi;
    double tol = growth || !is_count ? SOLVE_GROWTH_TOL : 1.0;
    size_t k, round;
    int rc;

    memset(out, 0, sizeof *out);
    out->bound = bound;
    x[0] = hi;
    rc = try_levers(db, err, base, tmpl, growth, x, 1, target_id, prob, &p0, NULL);
    if (rc)
        return rc;
    p_hi = prob[0];
    out->baseline_probability = p0;
    out->reachable = p_hi >= probability;
    out->already = p0 >= probability;
    if (out->already) {
        out->value = lo;
        out->probability = p0;
        return ATT_OK;
    }
    if (!out->reachable) {
        out->value = hi;
        out->probability = p_hi;
        return ATT_OK;
    }
    for (round = 0; hi - lo > tol && round < 8; round++) {
        for (k = 0; k < SOLVE_GRID; k++) {
            x[k] = lo + (hi - lo) * (double)(k + 1) / (double)(SOLVE_GRID + 1);
            if (!growth && is_count)
                x[k] = ceil(x[k]);
        }
        rc = try_levers(db, err, base, tmpl, growth, x, SOLVE_GRID, target_id, prob, &p0, NULL);
        if (rc)
            return rc;
        /* The first lever that reaches P closes the bracket from above. */
        for (k = 0; k < SOLVE_GRID && prob[k] < probability; k++)
            ;
        if (k > 0 && x[k - 1] > lo)
            lo = x[k - 1];
        if (k < SOLVE_GRID) {
            hi = x[k];
            p_hi = prob[k];
        }
    }
    /* The answer as it is written: three decimals, the smallest that reaches P. */
    if (growth || !is_count) {
        double a0 = floor(lo * 1000.0 + 1e-9), a1 = ceil(hi * 1000.0 - 1e-9);
        size_t m = 0;
        for (double c = a0; c <= a1 && m < SOLVE_GRID; c += 1.0)
            x[m++] = c / 1000.0;
        rc = try_levers(db, err, base, tmpl, growth, x, m, target_id, prob, &p0, NULL);
        if (rc)
            return rc;
        for (k = 0; k < m && prob[k] < probability; k++)
            ;
        if (k < m) {
            hi = x[k];
            p_hi = prob[k];
        } else {
            hi = ceil(hi * 1000.0 - 1e-9) / 1000.0; /* above the bracket: reaches P too */
        }
    }
    out->value = hi;
    out->probability = p_hi;
    return ATT_OK;
}
