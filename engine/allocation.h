/*
 * engine/allocation.h -- a city target and its districts, as the allocation
 * maths (models/allocate.c) needs them: the districts' outcomes over the
 * same reconciled paths `attain targets` judges, the plan's own split, and
 * the errors of a split that cannot be made, as messages.  Used by `attain
 * allocate`, the allocation chart and the bulletin.
 *
 *     struct allocation a;
 *     rc = allocation_init(&a, p, city_series, &spec, true, &ctx->err);  // p: pipe_run with
 * keep_paths rc = allocation_propose(&a, ALLOC_EQUAL_RISK, NULL, NULL, false, shares, &res,
 * &ctx->err); allocation_eval(&a, shares, NULL, per, &ev); allocation_release(&a);
 *
 * What a share is: for a level target, the level the district reaches by
 * the deadline; for an increment target, its increment over start..deadline
 * (the same quantity `attain targets` compares, models/target.c).
 */
#ifndef ATTAIN_ENGINE_ALLOCATION_H
#define ATTAIN_ENGINE_ALLOCATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "status.h"

struct pipe;
struct att_err;
struct db_target;
struct sqlite3;
struct pipe_opts;

/* One place the city target can go to: a listed district, or the city's remainder. */
struct allocation_part {
    size_t series;     /* index into pipe.series */
    int64_t region_id; /* the district's region (the city's for the remainder) */
    const char *code;  /* borrowed from the pipe; "" for the remainder */
    const char *name;  /* borrowed; "" for the remainder */
    bool is_remainder; /* 其他/未分配: the city's figures beyond its districts' sum */
    double expected;   /* mean outcome over the paths */
};

struct allocation {
    const struct pipe *p;    /* borrowed */
    size_t city;             /* index into pipe.series */
    struct target_spec spec; /* what is split; spec.value is the total */
    double unit;             /* shares are whole multiples: 1 for counts, 0.01 for 2 decimals */
    size_t n_parts;          /* districts, then the remainder if the city has one */
    size_t n_districts;      /* parts[0..n_districts-1] are districts */
    struct allocation_part *parts; /* [n_parts] */
    double *outcomes;              /* [n_parts * npaths]: part i on path p at i * npaths + p */
    double *city_outcomes;         /* [npaths] the city's own outcome per path */
    double city_expected;
};

/*
 * Gather the city's districts (the series reconciled under `city`) and
 * their outcomes for `spec` over the pipe's kept paths.  unit: the decimals
 * of the figures involved (the city's and districts' history, and the
 * total when value_sets_unit: a target of the plan, not a total typed in):
 * none for counts, else as many as they show (at most 4).  Returns
 * ATT_OK, or ATT_EDATA with a message: the city has no districts with
 * figures, a district could not be forecast, the paths do not reach the
 * deadline.  Release with allocation_release (also after a failure).
 */
int allocation_init(struct allocation *a, const struct pipe *p, size_t city,
                    const struct target_spec *spec, bool value_sets_unit,
                    struct att_err *err) ATT_MUST_CHECK;
void allocation_release(struct allocation *a);

/*
 * Propose a split of a->spec.value: shares[0..n_parts-1] (out).  min/max are
 * [n_parts] bounds or NULL (-HUGE_VAL/HUGE_VAL: none).  The remainder gets
 * no share (0, and it is left out of the split) unless with_remainder.
 * *res (out) as model_alloc_split fills it.  Returns ATT_OK, or ATT_EDATA
 * with a message naming the constraints that cannot hold together.
 */
int allocation_propose(const struct allocation *a, enum alloc_method method, const double *min,
                       const double *max, bool with_remainder, double *shares,
                       struct alloc_result *res, struct att_err *err) ATT_MUST_CHECK;

/*
 * The plan's split: for each district the value of its target for the same
 * thing (indicator, deadline, kind, start) among all[0..n_all-1].
 * shares[i] and has[i] (out, [n_parts]); the remainder never has one.
 * Returns the number of districts with a share.
 */
size_t allocation_plan(const struct allocation *a, const struct db_target *all, size_t n_all,
                       double *shares, bool *has);

/*
 * Judge shares over the paths: only the parts with has[i] (all when has is
 * NULL) count as holding a share; per[i] (out, [n_parts]) is filled for
 * every part (the probability of a part without a share is that of meeting
 * 0).  *ev (out): the city's probability of meeting its total on its own
 * paths, and the joint figures over the parts with a share.  sum_mismatch:
 * those shares do not add up to the total.
 */
void allocation_eval(const struct allocation *a, const double *shares, const bool *has,
                     struct alloc_district_eval *per, struct alloc_eval *ev);

/*
 * Read a split from a targets CSV file (the `attain load` format, one row per
 * district) without touching db: the file is loaded, with every check
 * `attain load` makes, into an in-memory copy of db whose targets were
 * emptied first, and *out (out, [*n], free with db_targets_free) is what it
 * holds.  Returns ATT_OK; ATT_ENOINPUT/ATT_EIO when the file cannot be
 * read; ATT_EDATA with "FILE:LINE:COL: ..." for bad input; ATT_EINTERNAL.
 */
int allocation_read_split(struct sqlite3 *db, const char *path, struct db_target **out, size_t *n,
                          struct att_err *err) ATT_MUST_CHECK;

/* What allocation_find_target found. */
enum allocation_found {
    ALLOCATION_CITY_TARGET, /* the city's own target */
    ALLOCATION_DISTRICTS,   /* no city target: its districts' targets added up */
    ALLOCATION_NONE,        /* neither */
    ALLOCATION_AMBIGUOUS,   /* a level and an increment target: `kind` must choose */
};

/*
 * The target of series si's region for `year` that is split (*spec, out):
 * the city's own target for its indicator with that deadline, of the kind
 * asked for (kind: -1 any, 0 level, 1 increment); without one, the sum of
 * its districts' targets for that year (of the first district target's kind
 * and years).  p is a run with targets.
 */
enum allocation_found allocation_find_target(const struct pipe *p, size_t si, int year, int kind,
                                             struct target_spec *spec);

/*
 * The plan's split of a city target judged beside the equal-risk split, for
 * the allocation chart and the bulletin: one run of the indicator's tree
 * with its paths kept (the paths `attain targets` and `attain allocate`
 * judge by).
 */
struct allocation_compare {
    struct pipe *p;                       /* owned */
    struct allocation a;                  /* over p */
    double *plan;                         /* [a.n_parts] the plan's shares */
    bool *has_plan;                       /* [a.n_parts] */
    size_t n_plan;                        /* districts with a share in the plan */
    struct alloc_district_eval *plan_per; /* [a.n_parts] */
    struct alloc_eval plan_ev;
    double *equal;   /* [a.n_parts] the equal-risk shares (the remainder gets none) */
    bool *has_equal; /* [a.n_parts] */
    struct alloc_district_eval *equal_per; /* [a.n_parts] */
    struct alloc_eval equal_ev;
    struct alloc_result equal_res;
    bool from_districts; /* the total is the districts' targets added up */
};

/*
 * Build *c for region `region`'s target of `indicator` in `year` of the
 * given kind (as allocation_find_target), the run's options taken from
 * base (seed, paths, threads, as-of).  Returns ATT_OK, or ATT_EDATA when
 * there is nothing to split or judge (no districts, no target, no plan
 * split, constraints), with the message in err.  Release with
 * allocation_compare_release in any case.
 */
/*
 * The probability that every district meets its share, as a percentage: it
 * is counted over the paths, so when no path meets every share while each
 * share alone is met on some path, it reads "<1%" (rare, not shown to be
 * impossible), never "0%".
 */
void allocation_p_all_text(char *buf, size_t size, const struct alloc_eval *ev,
                           const struct alloc_district_eval *per, const bool *has, size_t n);

int allocation_compare_init(struct allocation_compare *c, struct sqlite3 *db,
                            const struct pipe_opts *base, int64_t region, int64_t indicator,
                            int year, int kind, struct att_err *err) ATT_MUST_CHECK;
void allocation_compare_release(struct allocation_compare *c);

/*
 * The sentence a director reads about *c, in Chinese or English (caller
 * frees): how sure the districts are of the plan's shares, and of the
 * equal-risk ones ("按等风险分配, 各县区均有约 33% 的把握完成 ...").
 */
char *allocation_sentence(const struct allocation_compare *c, bool zh);

/* The decimals a share is written with: 0 for a unit of 1, 2 for 0.01. */
int allocation_decimals(const struct allocation *a);

/* E[max(0, total - city outcome)]: the city's expected shortfall. */
double allocation_city_shortfall(const struct allocation *a);

#endif /* ATTAIN_ENGINE_ALLOCATION_H */
