/*
 * engine/changes.h -- what moved since the previous recorded run: each
 * target's probability against the latest earlier targets/report run
 * (run_targets), in the whole percents every output shows, and why: new
 * data (the inputs digest differs) or the model (attain's version or the
 * models chosen differ).  A run that differs only by --seed or --paths is
 * not compared (its moves are Monte Carlo noise, not news).
 */
#ifndef ATTAIN_ENGINE_CHANGES_H
#define ATTAIN_ENGINE_CHANGES_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "status.h"

struct pipe;
struct pipe_opts;
struct sqlite3;

enum change_cause { CHANGE_NONE, CHANGE_DATA, CHANGE_MODEL };

struct change_set {
    enum change_cause cause; /* CHANGE_NONE: nothing to compare with */
    char as_of[16];          /* the earlier run's month of data */
    size_t n;                /* p->n_targets */
    bool *has;               /* [n] the earlier run had this target's probability */
    int *delta;              /* [n] percentage points, now minus then */
};

/*
 * Compare p (a run with targets and options o, not yet recorded) with the
 * latest recorded run of the same selection (pipe_scope) that kept
 * probabilities.  Release with changes_release in any case.
 */
int changes_read(struct sqlite3 *db, const struct pipe *p, const struct pipe_opts *o,
                 struct change_set *cs, struct att_err *err) ATT_MUST_CHECK;
void changes_release(struct change_set *cs);

/*
 * "↑12 个百分点, 较 2021-05 (新数据)" / "up 12 points since 2021-05 (new
 * data)" for target ti into buf; false (buf "") when it did not move.
 */
bool change_text(const struct change_set *cs, size_t ti, bool zh, char *buf, size_t size);

#endif /* ATTAIN_ENGINE_CHANGES_H */
