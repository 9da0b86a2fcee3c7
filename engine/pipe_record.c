/*
 * engine/pipe_record.c -- recording a run in the `runs` table: what was
 * asked, with which seed and paths, over which inputs, and the models chosen.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "db.h"
#include "db_history.h"
#include "err.h"
#include "messages.h"
#include "pipeline.h"
#include "scenario.h"
#include "xalloc.h"

char *pipe_models_json(const struct pipe *p)
{
    /* Names in the order of first appearance, counts of reported series. */
    cJSON *obj = cJSON_CreateObject();
    char *text = NULL;
    bool ok = obj != NULL;
    size_t i;

    for (i = 0; ok && i < p->n_series; i++) {
        const struct pipe_series *s = &p->series[i];
        cJSON *count;
        if (!s->ok || !s->reported)
            continue;
        count = cJSON_GetObjectItemCaseSensitive(obj, s->model);
        if (count)
            cJSON_SetNumberValue(count, count->valuedouble + 1.0);
        else
            ok = cJSON_AddNumberToObject(obj, s->model, 1.0) != NULL;
    }
    if (ok)
        text = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    return text;
}

int pipe_record_run(struct sqlite3 *db, const char *command, int argc, char **argv,
                    const struct pipe_opts *o, const struct pipe *p, struct att_err *err)
{
    struct db_run run;
    char *args = xstrdup(""), *models = pipe_models_json(p);
    int i, rc;
    bool tx;

    if (!models) {
        free(args);
        return att_errf(err, ATT_EINTERNAL, tr("out of memory while recording the run"));
    }
    for (i = 1; i < argc; i++) {
        char *next = xasprintf("%s%s%s", args, i > 1 ? " " : "", argv[i]);
        free(args);
        args = next;
    }
    /* The scenario files by name and digest: the same file, the same digest. */
    for (size_t v = 0; v < o->n_variants + (o->scenario != NULL); v++) {
        const struct scenario *sc = v < o->n_variants ? o->variants[v] : o->scenario;
        if (!sc)
            continue;
        char *next =
            xasprintf("%s%sscenario %s %s", args, args[0] ? "; " : "", sc->path, sc->digest);
        free(args);
        args = next;
    }
    memset(&run, 0, sizeof run);
    run.command = (char *)command;
    run.seed = (int64_t)o->seed;
    run.paths = (int64_t)o->npaths;
    run.args = args;
    run.inputs_digest = (char *)p->digest;
    run.series = (int64_t)p->n_reported;
    run.models = models;
    /*
     * One transaction: the run and its probabilities are recorded whole or
     * not at all, and the store syncs once rather than once a target.
     */
    tx = sqlite3_db_readonly(db, "main") != 1; /* read-only: db_run_insert warns */
    rc = tx ? db_begin(db, err) : ATT_OK;
    if (rc == ATT_OK)
        rc = db_run_insert(db, &run, err);
    if (rc == ATT_OK && run.id && o->targets) { /* id 0: a read-only store, not recorded */
        int64_t *ids = xcalloc(p->n_targets ? p->n_targets : 1, sizeof *ids);
        double *prob = xcalloc(p->n_targets ? p->n_targets : 1, sizeof *prob);
        size_t k, n = 0;
        char as_of[16], scope[64];

        for (k = 0; k < p->n_targets; k++) {
            if (!p->targets[k].has_result)
                continue;
            ids[n] = p->targets[k].id;
            prob[n++] = p->targets[k].res.probability;
        }
        pipe_as_of(p, o->as_of, as_of);
        pipe_scope(o, scope);
        rc = db_run_targets_save(db, run.id, as_of, scope, ids, prob, n, err);
        free(ids);
        free(prob);
    }
    if (tx && rc == ATT_OK)
        rc = db_commit(db, err);
    if (rc != ATT_OK && !sqlite3_get_autocommit(db))
        db_rollback(db);
    free(args);
    cJSON_free(models);
    return rc;
}

/* A year's own figure is its end: later than any of its months. */
static int period_key(int year, int month)
{
    return year * 13 + (month ? month : 13);
}

void pipe_as_of(const struct pipe *p, const char *as_of, char out[16])
{
    int best = 0;
    size_t i;

    if (as_of) {
        snprintf(out, 16, "%s", as_of);
        return;
    }
    for (i = 0; i < p->n_series; i++) {
        const struct pipe_series *s = &p->series[i];
        int k;

        if (s->has_ytd && (k = period_key(s->ytd_year, s->ytd_month)) > best) {
            best = k;
            snprintf(out, 16, "%d-%02d", s->ytd_year, s->ytd_month);
        }
        if (s->n > 0 && (k = period_key((int)s->t[s->n - 1], 0)) > best) {
            best = k;
            snprintf(out, 16, "%d", (int)s->t[s->n - 1]);
        }
    }
    if (!best)
        snprintf(out, 16, "-");
}

void pipe_scope(const struct pipe_opts *o, char out[64])
{
    snprintf(out, 64, "region=%lld indicator=%lld", (long long)o->region_id,
             (long long)o->indicator_id);
}
