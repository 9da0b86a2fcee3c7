/*
 * engine/target_flags.h -- the findings about a target: the flags of
 * `attain targets` (csv/json keys, table notes as sentences in zh/en) and
 * the tally of who is behind, by district and by lead unit.  `attain
 * targets` prints them after its table; the bulletin says them next to the
 * target they concern.
 */
#ifndef ATTAIN_ENGINE_TARGET_FLAGS_H
#define ATTAIN_ENGINE_TARGET_FLAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

struct pipe;

/*
 * The flags of a target, in the order csv and json list them: the key
 * there, and the sentence the table's notes say instead, so that a reader
 * of the table needs no key (a format: %s are the flag's arguments, in
 * order).  The list at the top of this file says what each means.
 */
enum target_flag {
    TF_NO_DATA,
    TF_BEFORE_HISTORY,
    TF_NOT_FORECAST,
    TF_BEYOND_HORIZON,
    TF_DECIDED,
    TF_MET,
    TF_UNREACHABLE,
    TF_NO_GROWTH,
    TF_YTD_FLAT, /* no sentence: the notes count these targets once, at the end */
    TF_REMAINDER,
    TF_REMAINDER_NEGATIVE,
    TF_BEHIND_PACE,
    TF_SPLIT_SUM,
    TF_SPLIT_MISSING,
    TF_MODEL_DIFFERS,
    TF_COUNT
};

/* What the flags are read against: every region, every target of the indicators shown. */
struct target_flag_src {
    const struct db_region *regions;
    size_t n_regions;
    const struct db_target *targets; /* whatever --region: a split spans regions */
    size_t n_targets;
    /*
     * With --model M: the same targets under the default choice (auto), and
     * M's name; a probability that moves by at least TF_MODEL_GAP between
     * them is flagged model_differs.  NULL: no comparison.
     */
    const struct pipe *ref;
    const char *model;
};

/* How far --model M must move a probability from auto's to be flagged. */
#define TF_MODEL_GAP 0.3

/* The flags one target has, with their values. */
struct flag_set {
    unsigned set;              /* 1u << enum target_flag */
    char *value[TF_COUNT];     /* csv/json: key=value; NULL: the key alone */
    char *arg[TF_COUNT][2][2]; /* the sentence's arguments: [flag][0 en, 1 zh][k]; NULL: "" */
};

/* The flags of target ti of p into *fs (release with flag_set_free). */
void target_flags_of(const struct pipe *p, const struct target_flag_src *src, size_t ti,
                     struct flag_set *fs);
void flag_set_free(struct flag_set *fs);
bool flag_has(const struct flag_set *fs, enum target_flag f);

/* The ';'-separated list of csv and json: key or key=value, in flag order (caller frees). */
char *flag_text(const struct flag_set *fs);

/*
 * The flags as sentences in zh or en, joined by "; " (caller frees);
 * ytd_flat: say the flat year-to-date profile too (the table's notes count
 * those targets once instead).  "" when there is nothing to say.
 */
char *flag_sentences(const struct flag_set *fs, bool zh, bool ytd_flat);

/* Count of targets behind, by a key (district name or lead unit). */
struct tally {
    char *key[256]; /* owned */
    size_t behind[256], total[256];
    size_t n;
};

void tally_add(struct tally *t, const char *key, bool behind);
/* A target led by several units counts for each ("市科技局、市产业技术创研工程中心"). */
void tally_add_units(struct tally *t, const char *units, bool behind);
void tally_free(struct tally *t); /* t itself is freed */
/* "title\n  key: behind/total" per key, to stdout. */
void print_tally(const struct tally *t, const char *title);

#endif /* ATTAIN_ENGINE_TARGET_FLAGS_H */
