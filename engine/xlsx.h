/*
 * engine/xlsx.h -- the targets as an Excel workbook (libxlsxwriter), for
 * the staff who work in Excel: Chinese headers, names rather than codes,
 * probabilities as percentages, status cells coloured, numbers rounded for
 * reading, and one sheet per indicator whose city target is split among
 * districts.
 */
#ifndef ATTAIN_ENGINE_XLSX_H
#define ATTAIN_ENGINE_XLSX_H

#include "err.h"
#include "status.h"

struct pipe;

/*
 * Write the targets of p (run with targets) to the workbook `path`:
 *   sheet 目标: one row per target, in p's order: 地区 指标 单位 期限 类型
 *     目标值 基数 预期 80%下限 80%上限 达成概率 状态 所需年增长 达成年份
 *     牵头单位 模型; values rounded to 0.1, the probability rounded down to a
 *     whole percent (as every other output says it), the required growth
 *     to 0.1%; a target without a result keeps those cells empty;
 *   one sheet per split (a target whose region's districts have targets
 *     for the same indicator, deadline and kind), named "指标 期限": the
 *     target's row, one row per district target, and the districts' total.
 * The workbook's dates are fixed (the file depends on its inputs only).
 * Returns ATT_OK or ATT_ECANTCREAT ("cannot write 'x': ...").
 */
int xlsx_write_targets(const struct pipe *p, const char *path, struct att_err *err) ATT_MUST_CHECK;

#endif /* ATTAIN_ENGINE_XLSX_H */
