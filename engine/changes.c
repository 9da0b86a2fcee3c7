/*
 * engine/changes.c -- what moved since the previous run (see changes.h).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "commands.h"
#include "db_history.h"
#include "pipeline.h"
#include "xalloc.h"

/* The whole percent a probability is shown as (plot_percent's rounding). */
static int shown_percent(double p)
{
    return (int)floor(p * 100.0 + 1e-9);
}

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

int changes_read(struct sqlite3 *db, const struct pipe *p, const struct pipe_opts *o,
                 struct change_set *cs, struct att_err *err)
{
    struct db_prev_run prev;
    char scope[64];
    char *models = NULL;
    size_t i;
    int rc;

    memset(cs, 0, sizeof *cs);
    pipe_scope(o, scope);
    if ((rc = db_prev_run_get(db, INT64_MAX, scope, &prev, err)))
        return rc;
    if (!prev.found)
        goto out;
    models = pipe_models_json(p);
    if (strcmp(prev.digest, p->digest) != 0)
        cs->cause = CHANGE_DATA;
    else if (!same(prev.version, att_version()) || !same(prev.models, models))
        cs->cause = CHANGE_MODEL;
    else
        goto out; /* same data and model: only --seed or --paths can differ */
    snprintf(cs->as_of, sizeof cs->as_of, "%s", prev.as_of);
    cs->n = p->n_targets;
    cs->has = xcalloc(cs->n ? cs->n : 1, sizeof *cs->has);
    cs->delta = xcalloc(cs->n ? cs->n : 1, sizeof *cs->delta);
    for (i = 0; i < p->n_targets; i++) {
        double before;
        if (!p->targets[i].has_result || !db_prev_run_prob(&prev, p->targets[i].id, &before))
            continue;
        cs->has[i] = true;
        cs->delta[i] = shown_percent(p->targets[i].res.probability) - shown_percent(before);
    }
out:
    cJSON_free(models);
    db_prev_run_release(&prev);
    return ATT_OK;
}

void changes_release(struct change_set *cs)
{
    free(cs->has);
    free(cs->delta);
    memset(cs, 0, sizeof *cs);
}

bool change_text(const struct change_set *cs, size_t ti, bool zh, char *buf, size_t size)
{
    int d;

    buf[0] = '\0';
    if (cs->cause == CHANGE_NONE || ti >= cs->n || !cs->has[ti] || cs->delta[ti] == 0)
        return false;
    d = cs->delta[ti];
    if (zh)
        snprintf(buf, size, "%s%d 个百分点, 较 %s (%s)", d > 0 ? "↑" : "↓", abs(d), cs->as_of,
                 cs->cause == CHANGE_DATA ? "新数据" : "模型变化");
    else
        snprintf(buf, size, "%s %d point%s since %s (%s)", d > 0 ? "up" : "down", abs(d),
                 abs(d) == 1 ? "" : "s", cs->as_of,
                 cs->cause == CHANGE_DATA ? "new data" : "model changed");
    return true;
}
