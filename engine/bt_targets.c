/*
 * engine/bt_targets.c -- plan-like targets replayed on a database's own
 * history: how often the targets the product gave 0-20%, ..., 80-100% were
 * met.  `attain backtest --targets` prints the table; the bulletin's method
 * note carries the sentence of the 60-80% bucket, computed the same way.
 */
#include "bt_targets.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "xalloc.h"

static const double bt_growth[] = {0.0, 0.03, 0.06, 0.10, 0.15};

/* The annual value of year `year` in s, or false. */
static bool annual_of(const struct db_obs_series *s, int year, double *v)
{
    size_t i;

    for (i = 0; i < s->n && s->obs[i].year <= year; i++)
        if (s->obs[i].year == year && s->obs[i].month == 0) {
            *v = s->obs[i].value;
            return true;
        }
    return false;
}

/* The series with these ids; set->series is ordered by region id, then indicator id. */
static const struct db_obs_series *find_obs(const struct db_obs_set *set, int64_t region_id,
                                            int64_t indicator_id)
{
    size_t k = db_key_find(set->series, set->n_series, sizeof *set->series,
                           offsetof(struct db_obs_series, region_id),
                           offsetof(struct db_obs_series, indicator_id), region_id, indicator_id);

    return k < set->n_series ? &set->series[k] : NULL;
}

/* Score the plan-like targets of one pipe (one origin) into bk. */
static void score_origin(const struct pipe *p, int origin, size_t horizon, size_t npaths,
                         const struct db_obs_set *set, struct bt_bucket *bk)
{
    size_t i, j, g, q;

    for (i = 0; i < p->n_series; i++) {
        const struct pipe_series *s = &p->series[i];
        const struct db_obs_series *b;
        double y0;
        if (!s->reported || !s->ok || !s->paths)
            continue;
        b = find_obs(set, s->region_id, s->indicator_id);
        if (!b || !annual_of(b, origin, &y0))
            continue;
        for (j = 0; j < s->h && j < horizon; j++) {
            int year = s->first_year + (int)j;
            double y;
            size_t h = (size_t)(year - origin);
            if (year <= origin || h > horizon || !annual_of(b, year, &y))
                continue;
            for (g = 0; g < sizeof bt_growth / sizeof bt_growth[0]; g++) {
                double target = y0 * pow(1 + bt_growth[g], (double)h), hits = 0, pr;
                size_t k;
                if (!(target > 0))
                    continue; /* a growth rate asks nothing of a level at or below zero */
                for (q = 0; q < npaths; q++)
                    hits += s->paths[q * s->h + j] >= target;
                pr = hits / (double)npaths;
                k = pr >= 1 ? BT_NB - 1 : (size_t)floor(pr * BT_NB);
                bk[k].n++;
                bk[k].stated += pr;
                bk[k].met += y >= target;
            }
        }
    }
}

int bt_targets_score(struct sqlite3 *db, const struct pipe_opts *base, const struct db_obs_set *set,
                     int latest, long origins, long horizon, struct bt_bucket bk[BT_NB],
                     struct att_err *err)
{
    long o;

    memset(bk, 0, BT_NB * sizeof *bk);
    for (o = origins; o >= 1 && set->n_series > 0; o--) {
        struct pipe_opts po = *base;
        struct pipe *p = NULL;
        int origin = latest - (int)o, rc;
        char as_of[16];

        snprintf(as_of, sizeof as_of, "%04d", origin);
        po.as_of = as_of;
        po.horizon = (size_t)horizon;
        po.keep_paths = true;
        po.targets = false;
        po.progress = false;
        if ((rc = pipe_run(db, &po, &p, err)))
            return rc;
        score_origin(p, origin, (size_t)horizon, po.npaths, set, bk);
        pipe_free(p);
    }
    return ATT_OK;
}

int bt_targets_of_db(struct sqlite3 *db, const struct pipe_opts *base, const char *as_of,
                     long origins, long horizon, struct bt_bucket bk[BT_NB], struct att_err *err)
{
    struct db_obs_set set = {0};
    int latest = -1, rc;
    size_t i, j;

    memset(bk, 0, BT_NB * sizeof *bk);
    rc = db_observations_all(db, base->region_id, base->indicator_id, as_of, &set, err);
    if (rc)
        return rc;
    for (i = 0; i < set.n_series; i++)
        for (j = 0; j < set.series[i].n; j++)
            if (set.series[i].obs[j].month == 0 && set.series[i].obs[j].year > latest)
                latest = set.series[i].obs[j].year;
    if (latest > 0)
        rc = bt_targets_score(db, base, &set, latest, origins, horizon, bk, err);
    db_obs_set_release(&set);
    return rc;
}

char *bt_targets_sentence(const struct bt_bucket bk[BT_NB], bool zh)
{
    size_t k, total = 0;

    for (k = 0; k < BT_NB; k++)
        total += bk[k].n;
    if (bk[3].n == 0)
        return NULL;
    if (zh)
        return xasprintf("在本库历史上按滚动起点回放的计划式目标中, 给出 60%%–80%% 概率的目标实际"
                         "达成 %.0f%% (n = %zu, 共 %zu 个目标)。",
                         100 * bk[3].met / (double)bk[3].n, bk[3].n, total);
    return xasprintf("Replayed on this database's own history from rolling origins, plan-like "
                     "targets given 60-80%% were met %.0f%% of the time (n = %zu, of %zu "
                     "targets).",
                     100 * bk[3].met / (double)bk[3].n, bk[3].n, total);
}
