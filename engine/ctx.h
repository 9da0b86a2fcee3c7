/*
 * engine/ctx.h -- the options every command shares (--db, --format, --lang,
 * --seed, --paths, --threads), parsed once by main(), and the open database.
 */
#ifndef ATTAIN_ENGINE_CTX_H
#define ATTAIN_ENGINE_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct sqlite3;

enum att_format { ATT_FMT_TABLE, ATT_FMT_CSV, ATT_FMT_JSON, ATT_FMT_XLSX /* targets --out only */ };
enum att_lang { ATT_LANG_ZH, ATT_LANG_EN };

struct att_ctx {
    const char *db_path;    /* --db, $ATTAIN_DB, or "./attain.db" */
    enum att_format format; /* --format, table by default */
    enum att_lang lang;     /* --lang, zh by default */
    bool excel;             /* --excel: csv for Excel, starting with a UTF-8 byte order mark */
    unsigned long seed;     /* --seed, 1 by default */
    size_t paths;           /* --paths: simulated futures per series, 2000 by default */
    size_t threads;         /* --threads; the processors online (at most 8) by default */
    struct sqlite3 *db;     /* opened by the dispatcher for CMD_NEED_DB commands */
    struct att_err err;     /* the command's one error message */
};

#endif /* ATTAIN_ENGINE_CTX_H */
