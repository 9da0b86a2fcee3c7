/*
 * engine/messages.h -- the program's messages in Chinese and English: one
 * table (engine/messages.c) of the English text, which is the key, and its
 * Chinese.  main() sets the language of --lang once; code that writes a
 * message passes its English format through tr():
 *
 *     return att_errf_at(err, ATT_EDATA, f->name, line, col, tr("empty file"));
 *
 * The compiler checks the arguments against the English format
 * (format_arg); the unit test checks that every Chinese format takes the
 * same conversions in the same order.  A text not in the table is
 * returned as it is.
 */
#ifndef ATTAIN_ENGINE_MESSAGES_H
#define ATTAIN_ENGINE_MESSAGES_H

#include <stddef.h>

#include "ctx.h"

struct att_msg {
    const char *key; /* a short stable name, for tests and reading */
    const char *zh;  /* with --lang zh (the default) */
    const char *en;  /* with --lang en; also what tr() looks up */
};

extern const struct att_msg att_msgs[];
extern const size_t att_n_msgs;

/* The language of tr() from now on (ATT_LANG_ZH until set). */
void att_msg_lang(enum att_lang lang);
enum att_lang att_msg_current_lang(void);

/* The message `en` in the current language. */
const char *tr(const char *en) __attribute__((format_arg(1)));

#endif /* ATTAIN_ENGINE_MESSAGES_H */
