/*
 * engine/messages.c -- the table of messages (messages.h): loading files,
 * its summary lines and its errors, in Chinese and English.
 */
#include <string.h>

#include "messages.h"

/* clang-format off */
const struct att_msg att_msgs[] = {
    /* Files. */
    {"open", "无法打开 '%s'：%s", "cannot open '%s': %s"},
    {"read", "无法读取 '%s'：%s", "cannot read '%s': %s"},
    {"empty_file", "空文件", "empty file"},
    {"nul_byte", "含 NUL 字节（不是文本文件）", "NUL byte (not a text file)"},
    {"utf8_bom", "无效的 UTF-8 字节 0x%02X（文件以 UTF-8 BOM 开头）",
     "invalid UTF-8 byte 0x%02X (the file starts with a UTF-8 BOM)"},
    {"utf8_rest", "无效的 UTF-8 字节 0x%02X（文件其余部分是 UTF-8）",
     "invalid UTF-8 byte 0x%02X (the rest of the file is UTF-8)"},
    {"utf8_gb", "无效的 UTF-8 字节 0x%02X（也不是 GB18030）",
     "invalid UTF-8 byte 0x%02X (and not GB18030 either)"},
    /* CSV. */
    {"csv_start", "无法为 '%s' 启动 CSV 解析器", "cannot start the CSV parser for '%s'"},
    {"bad_quoting", "引号有误（%s）", "bad quoting (%s)"},
    {"unclosed_quote", "带引号的字段到文件末尾仍未闭合（%s）",
     "quoted field not closed at the end of the file (%s)"},
    {"empty_column", "列名为空", "empty column name"},
    {"unknown_header",
     "无法从表头判断文件类型（地区文件为 code,name,parent；指标文件为 "
     "code,name,name_en,unit,measure；观测值文件为 region,indicator,period,value；目标文件为 "
     "region,indicator,deadline,kind,value）",
     "cannot tell the kind of file from its header (regions take "
     "code,name,parent; indicators code,name,name_en,unit,measure; "
     "observations region,indicator,period,value; targets "
     "region,indicator,deadline,kind,value)"},
    {"duplicate_column", "重复的列 '%s'", "duplicate column '%s'"},
    {"header_period", "不可能的期间 '%s'（应为 YYYY 或 YYYY-MM，年份 1900-2100）",
     "impossible period '%s' (expected YYYY or YYYY-MM, years 1900-2100)"},
    {"takes_regions", "地区文件为 code,name,parent", "regions take code,name,parent"},
    {"takes_indicators", "指标文件为 code,name,name_en,unit,measure",
     "indicators take code,name,name_en,unit,measure"},
    {"takes_observations", "观测值文件为 region,indicator,period,value,source,note",
     "observations take region,indicator,period,value,source,note"},
    {"takes_targets", "目标文件为 region,indicator,deadline,kind,value,start,source,lead_unit",
     "targets take region,indicator,deadline,kind,value,start,source,lead_unit"},
    {"takes_wide", "宽表观测值文件为 region,indicator 加每期一列 YYYY",
     "wide observations take region,indicator and one column per period YYYY"},
    {"unexpected_column", "多余的列 '%s'（%s）", "unexpected column '%s' (%s)"},
    {"missing_column", "缺少列 '%s'（%s）", "missing column '%s' (%s)"},
    {"missing_periods", "缺少期间列（%s）", "missing period columns (%s)"},
    {"too_few_fields", "字段太少（%zu 个，表头有 %zu 个）", "too few fields (%zu, the header has %zu)"},
    {"thousands",
     "字段太多（%zu 个，表头有 %zu 个）：带千位分隔符的数字须加引号（\"%s,%s\"）",
     "too many fields (%zu, the header has %zu): a number with a "
     "thousands separator must be quoted (\"%s,%s\")"},
    {"too_many_fields", "字段太多（%zu 个，表头有 %zu 个）",
     "too many fields (%zu, the header has %zu)"},
    /* Values. */
    {"db_fail", "无法%s：%s", "cannot %s: %s"},
    {"empty_value", "值为空", "empty value"},
    {"not_a_number", "不是数字 '%s'", "not a number '%s'"},
    {"out_of_range", "数字超出范围 '%s'", "number out of range '%s'"},
    {"negative", "负值 '%s'（数量和金额不会为负）",
     "negative value '%s' (counts and amounts are never negative)"},
    {"empty_cell", "%s 为空", "empty %s"},
    {"region", "地区", "region"},
    {"indicator", "指标", "indicator"},
    {"unknown_name_mean", "未知的%s '%s'（是否指 '%s'？）", "unknown %s '%s' (did you mean '%s'?)"},
    {"unknown_name", "未知的%s '%s'", "unknown %s '%s'"},
    {"name_taken", "%s名称 '%s' 已属于%s '%s'", "%s name '%s' already belongs to %s '%s'"},
    {"names_read", "无法读取%s：%s", "cannot read the %ss: %s"},
    /* Regions and indicators. */
    {"region_twice", "地区 '%s' 给出两次且值不同（%s:%lu 与 %s:%lu）",
     "region '%s' given twice with different values (%s:%lu and %s:%lu)"},
    {"region_name_twice", "地区名称 '%s' 同时给了 '%s'（%s:%lu）和 '%s'（%s:%lu）",
     "region name '%s' given to both '%s' (%s:%lu) and '%s' (%s:%lu)"},
    {"parent_mean", "未知的上级地区 '%s'（是否指 '%s'？）",
     "unknown parent region '%s' (did you mean '%s'?)"},
    {"parent", "未知的上级地区 '%s'", "unknown parent region '%s'"},
    {"cycle", "地区层级成环：%s", "cycle in the region hierarchy: %s"},
    {"measure", "未知的计量方式 '%s'（应为 stock 或 flow）",
     "unknown measure '%s' (expected stock or flow)"},
    {"indicator_twice", "指标 '%s' 给出两次且值不同（%s:%lu 与 %s:%lu）",
     "indicator '%s' given twice with different values (%s:%lu and %s:%lu)"},
    {"indicator_name_twice", "指标名称 '%s' 同时给了 '%s'（%s:%lu）和 '%s'（%s:%lu）",
     "indicator name '%s' given to both '%s' (%s:%lu) and '%s' (%s:%lu)"},
    /* Observations and targets. */
    {"obs_twice", "观测值 '%s' '%s' '%s' 给出两次且值不同",
     "observation '%s' '%s' '%s' given twice with different values"},
    {"obs_twice_at", "观测值 '%s' '%s' '%s' 给出两次且值不同（'%s' 在 %s:%lu，'%s' 在 %s:%lu）",
     "observation '%s' '%s' '%s' given twice with different values "
     "('%s' at %s:%lu, '%s' at %s:%lu)"},
    {"deadline", "不可能的期限 '%s'（应为 1900-2100 的年份）",
     "impossible deadline '%s' (expected a year 1900-2100)"},
    {"target_kind", "未知的目标类型 '%s'（应为 level 或 increment）",
     "unknown target kind '%s' (expected level or increment)"},
    {"start", "不可能的起始年 '%s'（应为 1900-2100 的年份）",
     "impossible start year '%s' (expected a year 1900-2100)"},
    {"level_start", "达到型目标没有起始年（起始 %d，期限 %d）",
     "a level target has no start year (start %d, deadline %d)"},
    {"increment_after", "新增型目标的起始年晚于期限（起始 %d，期限 %d）",
     "increment starts after its deadline (start %d, deadline %d)"},
    {"target_twice", "目标 '%s' '%s' %d %s 给出两次且值不同（%s:%lu 与 %s:%lu）",
     "target '%s' '%s' %d %s given twice with different values (%s:%lu and %s:%lu)"},
    {"transaction", "无法载入：已有未结束的事务", "cannot load: a transaction is already open"},
    /* The summary of `attain load`. */
    {"kind_regions", "地区", "regions"},
    {"kind_indicators", "指标", "indicators"},
    {"kind_observations", "观测值", "observations"},
    {"kind_targets", "目标", "targets"},
    {"wide", "宽表", "wide"},
    {"summary_counts", "：新增 %zu，修改 %zu，未变 %zu", ": %zu new, %zu changed, %zu unchanged"},
    {"summary_empty", "，空单元格 %zu", ", %zu empty cells"},
    {"load_done", "第 %lld 次载入完成\n", "load %lld done\n"},
    /* Piped input copied to a temporary file (cmd_load.c). */
    {"create", "无法创建 '%s'：%s", "cannot create '%s': %s"},
    {"write", "无法写入 '%s'：%s", "cannot write '%s': %s"},
};
/* clang-format on */

const size_t att_n_msgs = sizeof att_msgs / sizeof att_msgs[0];

static enum att_lang msg_lang = ATT_LANG_ZH;

void att_msg_lang(enum att_lang lang)
{
    msg_lang = lang;
}

enum att_lang att_msg_current_lang(void)
{
    return msg_lang;
}

const char *tr(const char *en)
{
    size_t i;

    if (!en || msg_lang == ATT_LANG_EN)
        return en;
    for (i = 0; i < att_n_msgs; i++)
        if (strcmp(att_msgs[i].en, en) == 0)
            return att_msgs[i].zh;
    return en;
}
