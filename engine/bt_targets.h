/*
 * engine/bt_targets.h -- plan-like targets replayed on a database's own
 * history (`attain backtest --targets` and the bulletin's method note).
 */
#ifndef ATTAIN_ENGINE_BT_TARGETS_H
#define ATTAIN_ENGINE_BT_TARGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "err.h"
#include "pipeline.h"

#define BT_NB 5 /* stated-probability buckets of 20% */

struct bt_bucket {
    size_t n;
    double stated, met; /* sums of the stated probabilities and of the targets met */
};

/*
 * From each of the `origins` years before `latest` (the latest annual
 * figure), run the pipe as `base` says (model choice, seed, paths, filters;
 * its as_of, horizon and keep_paths are set here) as of that year, and for
 * every series of `set` with an annual figure y0 at the origin and h = 1 ..
 * horizon, score "at least y0 (1 + g)^h by origin + h" (g = 0, 3, 6, 10,
 * 15%): its stated probability the share of paths at or above it, met when
 * the annual figure of that year is.  bk (out) is zeroed first.
 */
int bt_targets_score(struct sqlite3 *db, const struct pipe_opts *base, const struct db_obs_set *set,
                     int latest, long origins, long horizon, struct bt_bucket bk[BT_NB],
                     struct att_err *err) ATT_MUST_CHECK;

/*
 * The same on the database as of as_of (NULL: all of it; base's region and
 * indicator filters): its observations read here, `latest` their latest
 * annual year.
 */
int bt_targets_of_db(struct sqlite3 *db, const struct pipe_opts *base, const char *as_of,
                     long origins, long horizon, struct bt_bucket bk[BT_NB],
                     struct att_err *err) ATT_MUST_CHECK;

/*
 * The sentence of the 60-80% bucket ("... were met 74% of the time (n =
 * 422, of 2560 targets)."), no newline; NULL when that bucket is empty.
 * Free it.
 */
char *bt_targets_sentence(const struct bt_bucket bk[BT_NB], bool zh);

#endif /* ATTAIN_ENGINE_BT_TARGETS_H */
