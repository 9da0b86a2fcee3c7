/*
 * engine/scenario.h -- scenario files: a planner's what-if levers, as a small
 * INI file read with libinih, resolved against the database.
 *
 *     [scenario]
 *     name = 高新区加力
 *     note = 高新区从2023年起增速提高20%
 *
 *     [高新技术企业]          ; an indicator, by code or Chinese name
 *     regions = 盘锦高新区     ; codes or names, comma-separated; default every region
 *     from = 2023             ; first year growth and additions act
 *     growth = ×1.2           ; or x1.2, +15%, -10%
 *     additions = 12          ; units more each year from `from` on
 *     capacity = 400          ; a ceiling no path exceeds
 *     shock = 2024:-8%        ; a one-off change of level (or 2024:-12 in units)
 *
 * What each lever does to the simulated paths is struct lever's (model.h).
 * Every mistake in a file is one message `FILE:LINE: what is wrong`,
 * ATT_EDATA (exit 65), and nothing is run: an unknown key, indicator or
 * region (with "did you mean"), a value that cannot be read, growth <= 0, a
 * capacity below the last observation, a shock in an observed year, `from`
 * after every deadline of the indicator.
 */
#ifndef ATTAIN_ENGINE_SCENARIO_H
#define ATTAIN_ENGINE_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "model.h"
#include "status.h"

struct sqlite3;

/* One indicator section: its levers and the regions they act on. */
struct scen_lever {
    unsigned long line; /* the section's line in the file */
    int64_t indicator_id;
    char *indicator;     /* the indicator's code */
    bool all_regions;    /* no `regions`: every top region of the indicator */
    size_t n_regions;    /* with all_regions 0 */
    int64_t *region_ids; /* [n_regions] the regions named, none a descendant of another */
    struct lever lever;  /* from 0 when not given: from the first simulated year */
};

struct scenario {
    char *path;      /* the file as named */
    char *name;      /* [scenario] name, else the file's name without directory and .ini */
    char *note;      /* "" when none */
    char digest[17]; /* 64-bit FNV-1a of the file's bytes, 16 hex digits */
    size_t n_levers; /* 0: an empty scenario, the baseline itself */
    struct scen_lever *levers;
};

/*
 * Parse the scenario in text[0..len-1] (the bytes of the file `path`, for
 * messages) and resolve it against db, with the observations known at
 * as_of ('YYYY', 'YYYY-MM' or NULL for all).  Returns ATT_OK and *out (out,
 * free with scenario_free), ATT_EDATA with "path:line: message" in err, or
 * ATT_EINTERNAL for a database error.
 */
int scenario_parse(struct sqlite3 *db, const char *path, const char *text, size_t len,
                   const char *as_of, struct scenario **out, struct att_err *err) ATT_MUST_CHECK;

/*
 * Read the file and scenario_parse it.  A file that cannot be read is
 * ATT_ENOINPUT ("cannot open scenario 'x': No such file or directory").
 */
int scenario_load(struct sqlite3 *db, const char *path, const char *as_of, struct scenario **out,
                  struct att_err *err) ATT_MUST_CHECK;

/*
 * Write a scenario file with one indicator section to f (what `scenario
 * solve` hands the planner): name and note, the indicator and regions as
 * given (regions NULL: every region), `from` when lv->from is set, and the
 * growth (as ×F), additions, capacity and shock that lv holds.  Numbers are
 * written so that reading the file back gives the same lever.  Write errors
 * are the caller's to check (ferror).
 */
void scenario_write(FILE *f, const char *name, const char *note, const char *indicator,
                    const char *regions, const struct lever *lv);

/* What scenario_solve_target found. */
struct solve_result {
    bool reachable;              /* some lever up to the bound reaches the probability */
    bool already;                /* the baseline reaches it: no lever needed (value: none) */
    double value;                /* the smallest lever that reaches it (growth factor or
                                    units a year; three decimals, whole units for counts);
                                    not reachable: the bound */
    double probability;          /* the target's probability with that lever */
    double baseline_probability; /* and without */
    double bound;                /* the largest lever tried */
};

struct pipe_opts;

/*
 * The smallest lever of the kind of tmpl (its indicator, regions and
 * `from`; growth or additions as `growth` says, flags are set here) that
 * lifts target target_id's probability to `probability`, searched up to
 * `bound` on the paths of pipeline runs with base's options (each run
 * compares the levers of one round as variants, so all share their random
 * numbers).  Returns ATT_OK and *out, or the pipeline's error (ATT_EDATA
 * when the target cannot be evaluated).
 */
int scenario_solve_target(struct sqlite3 *db, const struct pipe_opts *base,
                          const struct scen_lever *tmpl, int64_t target_id, bool growth,
                          bool is_count, double probability, double bound, struct solve_result *out,
                          struct att_err *err) ATT_MUST_CHECK;

/* Free a scenario; NULL does nothing. */
void scenario_free(struct scenario *s);

#endif /* ATTAIN_ENGINE_SCENARIO_H */
