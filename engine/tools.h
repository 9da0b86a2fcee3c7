/*
 * engine/tools.h -- the outside programs attain runs: gnuplot (found on
 * $PATH, with one message when it is missing) and fontconfig's fc-list
 * (for a font that has Chinese characters).
 */
#ifndef ATTAIN_ENGINE_TOOLS_H
#define ATTAIN_ENGINE_TOOLS_H

#include <stdbool.h>

#include "err.h"
#include "status.h"

/*
 * True if an executable regular file `prog` is in one of the directories
 * of $PATH ("/usr/bin:/bin" when PATH is unset or empty; an empty entry
 * means the current directory).
 */
bool tools_has_program(const char *prog);

/*
 * ATT_OK if gnuplot is on $PATH, else ATT_EUNAVAILABLE with
 * "'WHO' needs gnuplot, which is not installed (apt-get install gnuplot-nox)"
 * in err (who: the command, e.g. "plot").
 */
int tools_need_gnuplot(const char *who, struct att_err *err) ATT_MUST_CHECK;

/*
 * A CJK font family from fontconfig (`fc-list :lang=zh family`):
 * "Noto Sans CJK SC" if present, else the first sans family, else the
 * first; NULL when there is none (gnuplot's default font is used then).
 * Caller frees.
 */
char *tools_find_font(void);

#endif /* ATTAIN_ENGINE_TOOLS_H */
