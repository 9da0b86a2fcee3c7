/*
 * engine/files.h -- the file-system chores of writing a bulletin.
 */
#ifndef ATTAIN_ENGINE_FILES_H
#define ATTAIN_ENGINE_FILES_H

#include "err.h"
#include "status.h"

/*
 * Create directory `dir` (not its parents: a typo should not build a tree);
 * an existing directory is fine.  Returns ATT_OK or ATT_ECANTCREAT with the
 * message in err.
 */
int files_make_dir(const char *dir, struct att_err *err) ATT_MUST_CHECK;

/*
 * The whole file at path as a '\0'-terminated heap buffer (caller frees),
 * or NULL with errno set when it cannot be read.
 */
char *files_slurp(const char *path);

#endif /* ATTAIN_ENGINE_FILES_H */
