/*
 * engine/pipeline.h -- from the store to answers: read the series, fit a
 * model to each, simulate its futures, reconcile them down the region
 * hierarchy, and summarise them as quantiles and target probabilities.
 * `forecast`, `targets`, `plot`, `report` and `backtest` all start here.
 *
 *     struct pipe_opts o;
 *     struct pipe *p = NULL;
 *     pipe_opts_init(&o, ctx);          // seed, paths, threads from --seed ...
 *     o.indicator_id = id;              // filters, --as-of, --model, horizon
 *     rc = pipe_run(ctx->db, &o, &p, &ctx->err);
 *     for (i = 0; i < p->n_series; i++) {
 *         const struct pipe_series *s = &p->series[i];
 *         if (!s->reported || !s->ok) continue;   // filtered out / not forecast
 *         // s->t[0..n-1], s->y: history; s->fitted: the model's line there;
 *         // s->mean[j], s->q[j * PIPE_NQ + PIPE_MEDIAN] ...: year
 *         // s->first_year + j, j < s->nq; s->model: "damped", "combo", "sum"
 *     }
 *     for (i = 0; i < p->n_targets; i++)  // with o.targets set
 *         p->targets[i].res.probability ...
 *     pipe_free(p);
 *
 * What happens to one series (engine/pipe_int.h maps the files that do it):
 *  1. its annual ('YYYY') observations are the history t[], y[]; a later
 *     year that only has monthly year-to-date figures ('YYYY-MM') gets a
 *     year-end projection (models/ytd.c) from how earlier years filled up;
 *  2. the model is fitted: --model auto/combo through model_auto_fit, a
 *     named one through model_fit; a fit that fails falls back along
 *     damped -> drift -> naive and the note says why;
 *  3. npaths futures are simulated with the series' own gsl_rng, seeded from
 *     (--seed, region code, indicator code) only, so the output does not
 *     depend on --threads or on which series were selected; the year with a
 *     year-to-date figure takes its value from the projection (a stock's
 *     later years move with it);
 *  4. per indicator, the series of a region and of all its child regions are
 *     reconciled path by path (models/reconcile.c) when every child region
 *     has the series (a region with no figures of its own whose children all
 *     have them gets an aggregate series, their sum); when a region's own
 *     figures are not its districts' sum (firms registered at city level, or
 *     in districts not listed), the difference is a remainder series (其他/
 *     未分配: is_remainder), fitted and simulated like any other from its
 *     own stream (--seed, region, indicator, "remainder") and reconciled as
 *     one more child, so parent = districts + remainder on every path and
 *     the districts keep forecasts that follow their own histories; then
 *     quantiles and path means are taken and targets evaluated
 *     (models/target.c);
 *  5. the paths go only as far as the command needs (the horizon, --until,
 *     and with targets the latest deadline of the series' indicator and top
 *     region, so a tree is reconciled to it), but the fit covers
 *     TARGET_REACH_YEARS: a target's reach_year (the first year the median
 *     path meets it, up to 15 years past the last observation) is taken from
 *     those paths when they settle it -- the median meets it within them, or
 *     the search ends there.  Otherwise the series' whole tree is simulated
 *     again to t_last + 15 from the same fitted models, in a reach pass:
 *     npaths paths for a tree of up to 64 series (a city and its districts),
 *     max(200, npaths / 8) for a larger one (a country), from each series' own
 *     stream (--seed, region, indicator, "reach"), year-to-date and
 *     reconciliation as above (only from the first year the tree's open
 *     targets read, when no scenario lever moves it: a level's search reads
 *     the years after the main paths, an increment's every year), and
 *     reach_year is the first later year the median of those paths meets
 *     the target.  Probability, expected and lo80/hi80 always come from
 *     the npaths paths.
 * Work goes one batch at a time: whole reconciliation groups (indicator x
 * top region), more than one while the batch holds fewer than 64 series and
 * 64 MB of paths (so threads share work when every series is its own tree),
 * each phase on --threads threads; only that batch's paths are in memory,
 * in one block kept from batch to batch at the largest batch's size
 * (keep_paths keeps them all, each series its own).  A series no
 * reconciliation, target or year-to-date figure touches (its region has
 * neither parent nor districts)
 * takes its mean and quantiles from the closed form of its calibrated paths
 * when there is one (models/auto_quantiles.c) and simulates nothing.
 * Filters compute only the groups (indicator x top region) they need:
 * --indicator reads one indicator; --region R computes every group under
 * R's top region and reports R.  A group is computed as a whole, so a
 * district's numbers are the same whether or not the city is asked for.
 * Sharding (shard / n_shards) computes and reports the groups dealt to
 * part shard - 1 (pipe_run.c: largest first, each to the part with the
 * fewest series so far), with their targets: the N shards of a run
 * together hold each series and target of the whole run once, with the
 * same numbers, because every series draws from its own stream.
 */
#ifndef ATTAIN_ENGINE_PIPELINE_H
#define ATTAIN_ENGINE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "status.h"

struct sqlite3;
struct att_ctx;
struct att_err;
struct scenario;

/* The quantiles kept per future year, in this order. */
#define PIPE_NQ 7
extern const double pipe_quantiles[PIPE_NQ]; /* 0.025 0.10 0.25 0.50 0.75 0.90 0.975 */
enum pipe_q { PIPE_LO95, PIPE_LO80, PIPE_LO50, PIPE_MEDIAN, PIPE_HI50, PIPE_HI80, PIPE_HI95 };

/* How models are chosen. */
enum pipe_choice {
    PIPE_AUTO,  /* model_auto_fit picks one per series */
    PIPE_COMBO, /* model_auto_fit combines the best few */
    PIPE_NAMED, /* opts.model for every series (with fallbacks) */
};

struct pipe_opts {
    int64_t region_id;    /* report only this region (0 = all) */
    int64_t indicator_id; /* only this indicator (0 = all) */
    const char *as_of;    /* 'YYYY' or 'YYYY-MM': ignore later data (NULL = all) */
    enum pipe_choice choice;
    enum model_kind model; /* with PIPE_NAMED */
    int until;             /* simulate at least to this year (0 = none) */
    size_t horizon;        /* and at least this many years past the last observation */
    bool targets;          /* read the targets of the selected series and evaluate them */
    unsigned long seed;    /* --seed */
    size_t npaths;         /* --paths, >= 1 */
    size_t threads;        /* --threads, >= 1 */
    bool progress;         /* draw a progress bar on stderr (the caller checks isatty) */
    bool keep_paths;       /* keep every series' reconciled paths in pipe_series.paths */
    bool no_reach;         /* with targets: no reach pass (reach_year from the main paths
                              only); paths and probabilities are the same */
    bool no_summaries;     /* leave pipe_series.mean and q NULL (a caller that reads only
                              the targets) */
    size_t shard;          /* --shard K/N: only the groups of shard K (1..N), K here */
    size_t n_shards;       /* N; 0 = no sharding */
    /*
     * A scenario (engine/scenario.h, borrowed): its levers act on every
     * path, the reach pass's too, so every answer is the scenario's.  NULL:
     * the baseline.
     */
    const struct scenario *scenario;
    /*
     * Scenarios compared on the same paths (borrowed; variants[0] is the
     * baseline, NULL or an empty scenario): the paths of each batch are
     * simulated once, and each variant's target results go to pipe.vres.
     * reach_year is not computed.  n_variants 0: no comparison.
     */
    const struct scenario *const *variants;
    size_t n_variants;
};

/* Defaults: auto, horizon 5, no targets, seed/paths/threads from ctx. */
void pipe_opts_init(struct pipe_opts *o, const struct att_ctx *ctx);

/*
 * What is kept of a series' fitted models (models/model.h, struct
 * model_auto) once its batch is done: the models themselves (3 kB a series)
 * are held only while its paths are drawn and judged.  Zero for an
 * aggregate ("sum").
 */
struct pipe_fit {
    size_t n_members;                      /* 1 for a named model */
    enum model_kind kinds[MODEL_AUTO_MAX]; /* the members, best first */
    double weights[MODEL_AUTO_MAX];        /* sum to 1 */
    bool combo;                            /* reported as "combo" */
    enum model_rule rule;                  /* how the members were chosen */
    bool steady;                           /* rare events steadier than Poisson */
    size_t horizon;                        /* steps the calibration covers */
    /* The first member's estimates. */
    size_t n_params;
    const char *param_names[MODEL_MAX_PARAMS]; /* static strings */
    double params[MODEL_MAX_PARAMS];
    double se[MODEL_MAX_PARAMS]; /* standard errors (0 if unknown) */
};

struct pipe_series {
    int64_t region_id, indicator_id;
    char *region_code, *region_name; /* owned by the pipe */
    char *indicator_code, *indicator_name, *unit;
    char *indicator_name_en; /* "" when none was loaded */
    bool is_flow;
    bool reported;  /* selected by the region filter (else computed for reconciliation) */
    bool aggregate; /* no figures of its own: the sum of its child regions' series, which
                       all have one (its history is their sum over the years they share) */
    int64_t parent; /* index into pipe.series of the reconciliation parent, -1 if none */

    /*
     * is_remainder: the implicit child "other / not allocated to a listed
     * district" (其他/未分配) of the series of the same region and indicator,
     * which comes just before it in pipe.series: its history is that
     * series' figures minus its districts' sum.  Never reported (it is not
     * a region of its own).  remainder: the index of this series'
     * remainder in pipe.series, -1 if none.
     */
    bool is_remainder;
    int64_t remainder;

    /* History: the annual observations the model was fitted to. */
    size_t n;
    double *t, *y;  /* years, values */
    double *fitted; /* model's fitted values at t (one-step for smoothing models) */

    /* The year-to-date figure, if the year after the history has one. */
    bool has_ytd;
    int ytd_year, ytd_month;
    double ytd_value;
    double ytd_prev_end; /* stock: the level at the end of the year before ytd_year */
    struct ytd_projection ytd;
    int64_t ytd_profile_from; /* series whose monthly profile was used (an ancestor), -1 own */

    /* The model. */
    bool is_count;       /* whole-number history: its paths, quantiles and intervals are whole */
    bool ok;             /* false: not forecast (note says why); fields below unset */
    char model[16];      /* "damped", "combo", ... as reported */
    struct pipe_fit fit; /* what the reports read of the fitted models */
    char *note;          /* fallbacks, year-to-date profile, reconciliation; "" if none */
    char *note_zh;       /* the same notes in Chinese (for --lang zh tables) */

    /* The future: years first_year .. first_year + h - 1. */
    int first_year; /* t[n-1] + 1 */
    size_t h;       /* years simulated (targets may need more than are reported) */
    size_t nq;      /* years summarised in mean/q: to --until / the horizon (<= h) */
    double *mean;   /* [nq] point forecast: the mean of the reconciled paths (NULL with
                       no_summaries, as q) */
    double *q;      /* [nq * PIPE_NQ] quantiles by year */
    double *paths;  /* [npaths * h] with keep_paths, else NULL */
    double *floor;  /* [h] lowest possible value by year (a flow's year to date), NULL: 0/none */
};

/* One target and how it stands. */
struct pipe_target {
    int64_t id;
    int64_t region_id, indicator_id;
    char *region_code, *region_name; /* owned by the pipe */
    char *indicator_code, *indicator_name, *unit;
    char *indicator_name_en; /* "" when none was loaded */
    char *lead_unit;         /* may be NULL */
    struct target_spec spec;
    bool has_result; /* false: no series, or the target cannot be evaluated */
    struct target_result res;
    int64_t series; /* index into pipe.series, -1 if none */
};

/* One target's result under one compared scenario (pipe_opts.variants). */
struct pipe_vresult {
    bool has_result;
    struct target_result res;
};

struct pipe {
    size_t npaths;
    size_t n_series;
    struct pipe_series *series; /* ordered by region id, then indicator id */
    size_t n_targets;
    struct pipe_target *targets; /* ordered as db_targets (region, indicator, deadline ...) */
    char digest[17];             /* inputs digest (observations and targets read) */
    size_t n_reported;           /* series with reported set */
    size_t n_regions;
    int64_t *region_ids;     /* [n_regions] every region id, in load order */
    int64_t *region_parents; /* [n_regions] its parent's id, 0 for a root */
    char **region_codes;     /* [n_regions] */
    char **region_names;     /* [n_regions] */
    size_t n_variants;
    struct pipe_vresult *vres; /* [n_variants * n_targets]: variant v, target i at
                                  [v * n_targets + i]; NULL without variants */
};

/*
 * Run the pipeline over the store.  Returns ATT_OK and *out (free with
 * pipe_free), or an att_status with one message in err: ATT_EUSAGE for a
 * malformed as_of, ATT_EINTERNAL for a database error.  A series that cannot
 * be forecast is not an error: its ok is false and its note says why.
 */
int pipe_run(struct sqlite3 *db, const struct pipe_opts *o, struct pipe **out,
             struct att_err *err) ATT_MUST_CHECK;

void pipe_free(struct pipe *p);

/*
 * Summary of the models chosen for the reported series, as JSON for
 * runs.models, in the order they first appear: {"damped":12,"theta":3}.
 * Free with cJSON_free; NULL when out of memory.
 */
char *pipe_models_json(const struct pipe *p);

/*
 * The period the run's figures are as of, into out: `as_of` when given, else
 * the latest period any series was read up to ('2021-06', or '2020' with
 * annual figures only), '-' when there are none.
 */
void pipe_as_of(const struct pipe *p, const char *as_of, char out[16]);

/* What a run selected, for comparing runs: "region=R indicator=I" (ids, 0 = all). */
void pipe_scope(const struct pipe_opts *o, char out[64]);

/*
 * Record a run in the `runs` table: command, args (argv[1..argc-1] joined by
 * spaces), seed, paths, digest, series and models of p; with o->targets also
 * every target's probability and the month of data seen (run_targets, for
 * the next run to say what moved).  Returns ATT_OK or an error with its
 * message in err.
 */
int pipe_record_run(struct sqlite3 *db, const char *command, int argc, char **argv,
                    const struct pipe_opts *o, const struct pipe *p,
                    struct att_err *err) ATT_MUST_CHECK;

/*
 * Seed of the random stream of one series: 64-bit FNV-1a of the seed and the
 * two codes, folded to 32 bits (gsl taus2 seeds from 32).
 */
unsigned long pipe_series_seed(unsigned long seed, const char *region_code,
                               const char *indicator_code);

/* ---- the options forecast-like commands share ----------------------------- */

/* What a command line asked for, before names are resolved. */
struct pipe_cli {
    const char *cmd;       /* "forecast", for messages */
    const char *region;    /* --region R (code or name), NULL = all */
    const char *indicator; /* --indicator I */
    const char *as_of;     /* --as-of YYYY[-MM] (canonical, in as_of_buf), NULL if not given */
    char as_of_buf[8];
    const char *model;    /* --model M: auto, combo or a model name; NULL = auto */
    long until;           /* --until YYYY, 0 if not given */
    long horizon;         /* --horizon H, 5 if not given (pipe_cli_check) */
    size_t shard;         /* --shard K/N: K (1..N), 0 if not given */
    size_t n_shards;      /* N */
    const char *out;      /* --out FILE (with PIPE_CLI_OUT), NULL if not given */
    const char *scenario; /* --scenario FILE */
    struct scenario *sc;  /* read by pipe_cli_apply; freed by pipe_cli_release */
};

enum pipe_cli_flags {
    PIPE_CLI_HORIZON = 1 << 0,  /* accept --until and --horizon */
    PIPE_CLI_SHARD = 1 << 1,    /* accept --shard K/N */
    PIPE_CLI_OUT = 1 << 2,      /* accept --out FILE */
    PIPE_CLI_SCENARIO = 1 << 3, /* accept --scenario FILE (pipe_cli_parse: always) */
};

#define PIPE_CLI_MAX_OPTIONS 9 /* rows pipe_cli_options writes at the most */

#define PIPE_MAX_SHARDS 100000 /* N of --shard K/N at most */

/*
 * Parse --region, --indicator, --as-of, --model, --scenario FILE, with
 * PIPE_CLI_HORIZON --until/--horizon, with PIPE_CLI_SHARD --shard K/N and
 * with PIPE_CLI_OUT --out FILE, from a command's argv (argv[0] is the
 * command).  Usage errors are recorded in
 * ctx->err as "attain <cmd>: ..." and return ATT_EUSAGE.
 */
int pipe_cli_parse(int argc, char **argv, struct att_ctx *ctx, unsigned flags,
                   struct pipe_cli *cli) ATT_MUST_CHECK;

/*
 * The pieces of pipe_cli_parse, for a command with options of its own:
 * pipe_cli_init zeroes cli for command cmd; pipe_cli_options writes the
 * rows of the shared options that flags accept (--region, --indicator,
 * --as-of, --model always; PIPE_CLI_SCENARIO --scenario, ...) into opts
 * (room for PIPE_CLI_MAX_OPTIONS), storing into cli, and returns how many;
 * after cmd_parse_options, pipe_cli_check sets as_of and refuses --until
 * with --horizon.
 */
struct cmd_opt;
void pipe_cli_init(struct pipe_cli *cli, const char *cmd);
size_t pipe_cli_options(struct pipe_cli *cli, unsigned flags, struct cmd_opt *opts);
int pipe_cli_check(struct att_ctx *ctx, struct pipe_cli *cli) ATT_MUST_CHECK;

/*
 * Resolve names (unknown: ATT_EDATA "unknown region 'x' (did you mean
 * 'y'?)"), read the scenario file (its errors: ATT_EDATA "FILE:LINE: ...",
 * ATT_ENOINPUT when missing) into cli->sc, and set the filters, as-of,
 * model, horizon and scenario of o.
 */
int pipe_cli_apply(struct pipe_cli *cli, struct att_ctx *ctx, struct pipe_opts *o) ATT_MUST_CHECK;

/* Free what pipe_cli_apply read (the scenario); a zeroed or parsed cli is fine. */
void pipe_cli_release(struct pipe_cli *cli);

/* pipe_cli_parse, pipe_opts_init(o, ctx) and pipe_cli_apply: a command's options into o. */
int pipe_cli_opts(int argc, char **argv, struct att_ctx *ctx, unsigned flags, struct pipe_cli *cli,
                  struct pipe_opts *o) ATT_MUST_CHECK;

/* Series s of a run with npaths paths as the targets maths reads it: its figures and paths. */
struct target_series pipe_target_series(const struct pipe_series *s, size_t npaths);

#endif /* ATTAIN_ENGINE_PIPELINE_H */
