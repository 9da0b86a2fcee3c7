/*
 * engine/targets_csv.c -- the bulletin's targets.csv: every target of a
 * pipeline run as `attain targets --format csv` has it, plus the region's
 * and indicator's names, UTF-8 with a BOM so that Excel reads the Chinese.
 * The columns are rows of the targets column table (target_cols.h), picked
 * by name.
 */
#include "messages.h"
#include "targets_csv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "pipeline.h"
#include "target_cols.h"

int targets_csv_write(const char *path, const struct pipe *p, struct att_err *err)
{
    /* `attain targets --format csv`'s columns with the names beside the codes. */
    static const enum target_col cols[] = {
        TC_REGION,          TC_REGION_NAME, TC_INDICATOR, TC_INDICATOR_NAME, TC_UNIT,
        TC_DEADLINE,        TC_KIND,        TC_START,     TC_TARGET,         TC_BASELINE,
        TC_EXPECTED,        TC_LO80,        TC_HI80,      TC_PROBABILITY,    TC_STATUS,
        TC_REQUIRED_GROWTH, TC_REACH_YEAR,  TC_MODEL,     TC_LEAD_UNIT,
    };
    struct target_view v;
    struct out_table *t;
    FILE *f = fopen(path, "wb");
    size_t i;
    int rc;

    if (!f)
        return att_errf(err, ATT_ECANTCREAT, tr("cannot create '%s': %s"), path, strerror(errno));
    target_view_init(&v, cols, sizeof cols / sizeof cols[0], false, false);
    t = out_table_new(v.cols, v.n);
    for (i = 0; i < p->n_targets; i++)
        target_view_row(t, &v, p, i, NULL);
    rc = out_table_write(t, f, ATT_FMT_CSV, ATT_LANG_EN, OUT_CSV_BOM, err);
    out_table_free(t);
    if (fclose(f) != 0 && !rc)
        rc = att_errf(err, ATT_EIO, tr("cannot write '%s': %s"), path, strerror(errno));
    return rc;
}
