/*
 * engine/pipe_record.c -- recording a run in the `runs` table: what was
 * asked, with which seed and paths, over which inputs, and the models chosen.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "db.h"
#include "err.h"
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

    if (!models) {
        free(args);
        return att_errf(err, ATT_EINTERNAL, "out of memory while recording the run");
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
    rc = db_run_insert(db, &run, err);
    free(args);
    cJSON_free(models);
    return rc;
}
