/*
 * engine/targets_csv.h -- the bulletin's targets.csv.
 */
#ifndef ATTAIN_ENGINE_TARGETS_CSV_H
#define ATTAIN_ENGINE_TARGETS_CSV_H

#include "err.h"
#include "status.h"

struct pipe;

/*
 * Write every target of p (a run with opts.targets set) to `path` as CSV,
 * UTF-8 with BOM.  Returns ATT_OK, ATT_ECANTCREAT or ATT_EIO with the
 * message in err.
 */
int targets_csv_write(const char *path, const struct pipe *p, struct att_err *err) ATT_MUST_CHECK;

#endif /* ATTAIN_ENGINE_TARGETS_CSV_H */
