/*
 * engine/names.h -- finding a region or an indicator by what a person calls
 * it: its code (ASCII, case-insensitive: 'panshan', 'PanShan') or its Chinese
 * name (exact: '盘山县'), and suggesting the nearest known one when the name
 * is unknown: an unknown name is an error that suggests the nearest known
 * one.
 *
 * "Nearest" is the smallest edit distance over Unicode code points
 * (text_distance) among every code and every name; a candidate is suggested
 * only when it is reasonably close: at most half of the longer string's code
 * points differ, or the unknown name (2 or more code points) is a part of the
 * candidate ('高新' -> '盘锦高新区').  Ties go to the candidate loaded first.
 *
 * Two ways in: names_region()/names_indicator() for one look-up from a
 * command line option, and a struct names table that the loader builds once
 * and queries for every row of a file.
 */
#ifndef ATTAIN_ENGINE_NAMES_H
#define ATTAIN_ENGINE_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "status.h"

struct sqlite3;

enum names_kind { NAMES_REGION, NAMES_INDICATOR };

/*
 * Resolve `name` (code or Chinese name, surrounding spaces ignored) to the
 * id of a region.  Returns ATT_OK and *id (out); ATT_EDATA when no region is
 * called that, with the suggestion copied into suggest (out, "" when nothing
 * is close enough; suggest may be NULL when n is 0); ATT_EINTERNAL when the
 * database cannot be read.  No message is written: the caller decides the
 * form (see names_resolve for the usual one).
 */
int names_region(struct sqlite3 *db, const char *name, int64_t *id, char *suggest,
                 size_t n) ATT_MUST_CHECK;

/* The same for an indicator. */
int names_indicator(struct sqlite3 *db, const char *name, int64_t *id, char *suggest,
                    size_t n) ATT_MUST_CHECK;

/*
 * Resolve and, when that fails, write the message to err:
 *   unknown region '盘山' (did you mean '盘山县'?)
 *   unknown indicator 'foo'
 * Returns ATT_OK, ATT_EDATA (unknown) or ATT_EINTERNAL (database error, with
 * sqlite3_errmsg).  For option values such as `list --region R`.
 */
int names_resolve(struct sqlite3 *db, enum names_kind kind, const char *name, int64_t *id,
                  struct att_err *err) ATT_MUST_CHECK;

/* A snapshot of every region or every indicator, for many look-ups. */
struct names;

/*
 * Read every row of the kind from db.  Returns ATT_OK and *out (out, free
 * with names_free), or ATT_EINTERNAL with a message in err.
 */
int names_new(struct sqlite3 *db, enum names_kind kind, struct names **out,
              struct att_err *err) ATT_MUST_CHECK;

/* Free a table; NULL does nothing. */
void names_free(struct names *t);

/* The id of `name` (code, any case, or exact name), or 0 when unknown. */
int64_t names_find(const struct names *t, const char *name);

/*
 * The nearest code or name to the unknown `name` into suggest (out, at most
 * n bytes with '\0', truncated at a character boundary); "" when nothing is
 * close enough.
 */
void names_suggest(const struct names *t, const char *name, char *suggest, size_t n);

/* 'region' or 'indicator', for messages. */
const char *names_kind_word(enum names_kind kind);

#endif /* ATTAIN_ENGINE_NAMES_H */
