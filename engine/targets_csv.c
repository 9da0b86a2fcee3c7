/*
 * engine/targets_csv.c -- the bulletin's targets.csv: every target of a
 * pipeline run as `attain targets --format csv` has it, plus the region's
 * and indicator's names, UTF-8 with a BOM so that Excel reads the Chinese.
 */
#include "targets_csv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "output.h"
#include "pipeline.h"

int targets_csv_write(const char *path, const struct pipe *p, struct att_err *err)
{
    static const struct out_col cols[] = {
        {"region", "地区", "region", OUT_TEXT, 0, 0},
        {"region_name", "地区名称", "region name", OUT_TEXT, 0, 0},
        {"indicator", "指标", "indicator", OUT_TEXT, 0, 0},
        {"indicator_name", "指标名称", "indicator name", OUT_TEXT, 0, 0},
        {"unit", "单位", "unit", OUT_TEXT, 0, 0},
        {"deadline", "期限", "deadline", OUT_INT, 0, 0},
        {"kind", "类型", "kind", OUT_TEXT, 0, 0},
        {"start", "起始年", "start", OUT_INT, 0, 0},
        {"target", "目标", "target", OUT_REAL, 2, 0},
        {"baseline", "基数", "baseline", OUT_REAL, 2, 0},
        {"expected", "预期", "expected", OUT_REAL, 2, 0},
        {"lo80", "80%下限", "lo80", OUT_REAL, 2, 0},
        {"hi80", "80%上限", "hi80", OUT_REAL, 2, 0},
        {"probability", "达成概率", "probability", OUT_REAL, 2, 0},
        {"status", "状态", "status", OUT_TEXT, 0, 0},
        {"required_growth", "所需年增长", "required growth", OUT_REAL, 4, 0},
        {"reach_year", "达成年份", "reach year", OUT_INT, 0, 0},
        {"model", "模型", "model", OUT_TEXT, 0, 0},
        {"lead_unit", "牵头单位", "lead unit", OUT_TEXT, 0, 0},
    };
    struct out_table *t = out_table_new(cols, sizeof cols / sizeof cols[0]);
    FILE *f = fopen(path, "wb");
    size_t i;
    int rc;

    if (!f) {
        out_table_free(t);
        return att_errf(err, ATT_ECANTCREAT, "cannot create '%s': %s", path, strerror(errno));
    }
    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *tg = &p->targets[i];
        const struct target_result *r = &tg->res;
        const struct pipe_series *s = tg->series >= 0 ? &p->series[tg->series] : NULL;

        out_row(t);
        out_text(t, 0, tg->region_code);
        out_text(t, 1, tg->region_name);
        out_text(t, 2, tg->indicator_code);
        out_text(t, 3, tg->indicator_name);
        out_text(t, 4, tg->unit);
        out_int(t, 5, tg->spec.deadline);
        out_text(t, 6, tg->spec.is_increment ? "increment" : "level");
        out_int(t, 7, tg->spec.start);
        out_real(t, 8, tg->spec.value);
        if (tg->has_result) {
            out_real(t, 9, r->baseline);
            out_real(t, 10, r->expected);
            out_real(t, 11, r->lo80);
            out_real(t, 12, r->hi80);
            out_real(t, 13, r->probability);
            out_text(t, 14, model_target_status_name(r->status));
            if (r->has_required_growth)
                out_real(t, 15, r->required_growth);
            if (r->has_reach_year)
                out_int(t, 16, r->reach_year);
        }
        if (s && s->ok)
            out_text(t, 17, s->model);
        out_text(t, 18, tg->lead_unit);
    }
    rc = out_table_write(t, f, ATT_FMT_CSV, ATT_LANG_EN, OUT_CSV_BOM, err);
    out_table_free(t);
    if (fclose(f) != 0 && !rc)
        rc = att_errf(err, ATT_EIO, "cannot write '%s': %s", path, strerror(errno));
    return rc;
}
