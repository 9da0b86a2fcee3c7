/*
 * tests/unit/test_xlsx.c -- the targets workbook of engine/xlsx.c on a
 * hand-made pipeline result: a city (示例市) with two districts, one
 * indicator; a 2025 level target, and a 2021 increment split among the
 * districts.  The workbook is unzipped (Debian's unzip) and its sheet XML
 * read cell by cell: every expected value is worked out by hand next to it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "messages.h"
#include "pipeline.h"
#include "xlsx.h"

static struct pipe_series series[3];
static struct pipe_target targets[4];
static struct pipe pipe_result;
static int64_t region_ids[] = {1, 2, 3};
static int64_t region_parents[] = {0, 1, 1};
static char *region_names[] = {"示例市", "东区", "西区"};
static char *region_codes[] = {"city", "east", "west"};

static void make_target(struct pipe_target *t, int64_t region, bool inc, int start, int deadline,
                        double value, const char *lead)
{
    memset(t, 0, sizeof *t);
    t->region_id = region;
    t->indicator_id = 10;
    t->region_code = region_codes[region - 1];
    t->region_name = region_names[region - 1];
    t->indicator_code = "hitech";
    t->indicator_name = "高新技术企业";
    t->unit = "家";
    t->lead_unit = (char *)lead;
    t->spec.is_increment = inc;
    t->spec.start = start;
    t->spec.deadline = deadline;
    t->spec.value = value;
    t->series = region - 1;
}

static void result(struct pipe_target *t, double base, double exp, double lo, double hi, double p,
                   enum target_status st)
{
    t->has_result = true;
    t->res.baseline = base;
    t->res.expected = exp;
    t->res.lo80 = lo;
    t->res.hi80 = hi;
    t->res.probability = p;
    t->res.status = st;
}

static void make_pipe(void)
{
    size_t i;

    for (i = 0; i < 3; i++) {
        memset(&series[i], 0, sizeof series[i]);
        series[i].ok = true;
        snprintf(series[i].model, sizeof series[i].model, "%s", i ? "drift" : "combo");
    }
    series[2].ok = false;      /* west: not forecast */
    series[0].is_count = true; /* the city's firms: whole figures shown without a decimal */
    make_target(&targets[0], 1, false, 2025, 2025, 210, "市科技局");
    result(&targets[0], 118, 171.64, 128.73, 214.49, 0.1199, TARGET_OFF_TRACK);
    targets[0].res.has_required_growth = true;
    targets[0].res.required_growth = 0.12236;
    targets[0].res.has_reach_year = true;
    targets[0].res.reach_year = 2030;
    make_target(&targets[1], 2, true, 2021, 2021, 3, "东区政府");
    result(&targets[1], 4, 2.34, -1.06, 5.66, 0.005, TARGET_OFF_TRACK);
    make_target(&targets[2], 3, true, 2021, 2021, 2.5, NULL); /* no result */
    make_target(&targets[3], 1, true, 2021, 2021, 5, NULL);
    result(&targets[3], 9, 6.25, 4.95, 7.55, 0.8, TARGET_ON_TRACK);
    memset(&pipe_result, 0, sizeof pipe_result);
    pipe_result.n_series = 3;
    pipe_result.series = series;
    pipe_result.n_targets = 4;
    pipe_result.targets = targets;
    pipe_result.n_regions = 3;
    pipe_result.region_ids = region_ids;
    pipe_result.region_parents = region_parents;
    pipe_result.region_codes = region_codes;
    pipe_result.region_names = region_names;
}

/* One member of the workbook, by `unzip -p` (NULL if it is not there). */
static char *member(const char *xlsx, const char *name)
{
    char cmd[512];
    FILE *f;
    char *buf = NULL;
    size_t len = 0, cap = 0, got;

    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", xlsx, name);
    f = popen(cmd, "r");
    if (!f)
        return NULL;
    do {
        if (len + 4096 + 1 > cap) {
            cap = 2 * cap + 8192;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        got = fread(buf + len, 1, 4096, f);
        len += got;
    } while (got > 0);
    buf[len] = '\0';
    if (pclose(f) != 0 || len == 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The text between `open`'s end ('>') and `close` after p, copied to out. */
static const char *text_after(const char *p, const char *close, char *out, size_t size)
{
    const char *a = strchr(p, '>'), *b;

    if (!a || !(b = strstr(a + 1, close)) || (size_t)(b - a - 1) >= size)
        return NULL;
    memcpy(out, a + 1, (size_t)(b - a - 1));
    out[b - a - 1] = '\0';
    return b;
}

/* The i-th shared string (0-based). */
static void shared(const char *sst, long i, char *out, size_t size)
{
    const char *p = sst;

    out[0] = '\0';
    while (i-- >= 0 && p)
        if ((p = strstr(p, "<si>")) != NULL)
            p += 4;
    if (p && (p = strstr(p, "<t")) != NULL)
        text_after(p, "</t>", out, size);
}

/*
 * Cell `ref` of a sheet as text: a shared string's text, a number as
 * written, "" for a cell that is not there or empty.  *style (out, may be
 * NULL) gets its s= index (0 if none).
 */
static void cell(const char *sheet, const char *sst, const char *ref, char *out, size_t size,
                 long *style)
{
    char key[32], v[256];
    const char *c, *end, *s;
    bool is_str;

    out[0] = '\0';
    if (style)
        *style = 0;
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    if (!(c = strstr(sheet, key)))
        return;
    end = strstr(c, "/>") && strstr(c, "/>") < strchr(c, '>') + 1 ? strchr(c, '>')
                                                                  : strstr(c, "</c>");
    s = strstr(c, " s=\"");
    if (style && s && s < strchr(c, '>'))
        *style = strtol(s + 4, NULL, 10);
    is_str = strstr(c, " t=\"s\"") && strstr(c, " t=\"s\"") < strchr(c, '>');
    c = strstr(c, "<v>");
    if (!c || !end || c > end)
        return;
    if (!text_after(c, "</v>", v, sizeof v))
        return;
    if (is_str)
        shared(sst, strtol(v, NULL, 10), out, size);
    else
        snprintf(out, size, "%s", v);
}

#define CELL(sheet, ref, want)                                                                     \
    do {                                                                                           \
        char got_[256];                                                                            \
        cell(sheet, sst, ref, got_, sizeof got_, NULL);                                            \
        if (strcmp(got_, want) != 0)                                                               \
            fail_msg("cell %s is '%s', expected '%s'", ref, got_, want);                           \
    } while (0)

/* The fill colour (RRGGBB) of cell style `xf`, "" if it has none. */
/* Cell style xf's <xf> element in styles.xml, or NULL. */
static const char *xf_at(const char *styles, long xf)
{
    const char *p = strstr(styles, "<cellXfs");

    while (p && xf-- >= 0)
        p = strstr(p + 1, "<xf ");
    return p;
}

static void fill_of(const char *styles, long xf, char *out, size_t size)
{
    const char *p = xf_at(styles, xf), *f;
    long fill;

    out[0] = '\0';
    if (!p || !(f = strstr(p, "fillId=\"")))
        return;
    fill = strtol(f + 8, NULL, 10);
    p = strstr(styles, "<fills");
    while (p && fill-- >= 0)
        p = strstr(p + 1, "<fill>");
    if (p && (f = strstr(p, "rgb=\"FF")) != NULL && f < strstr(p, "</fill>"))
        snprintf(out, size, "%.6s", f + 7);
}

/* The number format of cell style xf (styles.xml), into out ("" if none is found). */
static void numfmt_of(const char *styles, long xf, char *out, size_t size)
{
    const char *p = xf_at(styles, xf), *f;
    char key[48];
    long id;

    out[0] = '\0';
    if (!p || !(f = strstr(p, "numFmtId=\"")))
        return;
    id = strtol(f + 10, NULL, 10);
    snprintf(key, sizeof key, "numFmtId=\"%ld\" formatCode=\"", id);
    if ((f = strstr(styles, key)) != NULL)
        snprintf(out, size, "%.*s", (int)strcspn(f + strlen(key), "\""), f + strlen(key));
}

static void test_xlsx__targets_workbook(void **state)
{
    char path[] = "/tmp/attain-test-xlsx-XXXXXX";
    char xlsx[64], fill[16], got[256];
    struct att_err err = {0};
    char *sheet1, *sheet2, *sst, *book, *styles;
    long s_off, s_on, s_fmt;
    int fd;

    (void)state;
    if (system("command -v unzip >/dev/null 2>&1") != 0)
        skip();
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    snprintf(xlsx, sizeof xlsx, "%s.xlsx", path);
    make_pipe();
    assert_int_equal(xlsx_write_targets(&pipe_result, xlsx, &err), ATT_OK);
    book = member(xlsx, "xl/workbook.xml");
    sheet1 = member(xlsx, "xl/worksheets/sheet1.xml");
    sheet2 = member(xlsx, "xl/worksheets/sheet2.xml");
    sst = member(xlsx, "xl/sharedStrings.xml");
    styles = member(xlsx, "xl/styles.xml");
    assert_non_null(book);
    assert_non_null(sheet1);
    assert_non_null(sheet2);
    assert_non_null(sst);
    assert_non_null(styles);
    /* Two sheets: every target, and the 2021 split (the 2025 target has no district parts). */
    assert_non_null(strstr(book, "<sheet name=\"目标\" sheetId=\"1\""));
    assert_non_null(strstr(book, "<sheet name=\"高新技术企业 2021\" sheetId=\"2\""));
    assert_null(member(xlsx, "xl/worksheets/sheet3.xml"));

    CELL(sheet1, "A1", "地区");
    CELL(sheet1, "F1", "目标值");
    CELL(sheet1, "K1", "达成概率");
    CELL(sheet1, "M1", "所需年增长");
    CELL(sheet1, "P1", "模型");
    /* The city's 2025 level: values to 0.1, 0.1199 down to 11%, growth 12.236% to 12.2%. */
    CELL(sheet1, "A2", "示例市");
    CELL(sheet1, "B2", "高新技术企业");
    CELL(sheet1, "C2", "家");
    CELL(sheet1, "D2", "2025");
    CELL(sheet1, "E2", "达到");
    CELL(sheet1, "F2", "210");
    CELL(sheet1, "G2", "118");
    CELL(sheet1, "H2", "171.6");
    CELL(sheet1, "I2", "128.7");
    CELL(sheet1, "J2", "214.5");
    CELL(sheet1, "K2", "0.11");
    CELL(sheet1, "L2", "落后");
    CELL(sheet1, "M2", "0.122");
    CELL(sheet1, "N2", "2030");
    CELL(sheet1, "O2", "市科技局");
    CELL(sheet1, "P2", "combo");
    /* East: -1.06 to -1.1; a chance of 0.5% stays 0.005 (shown "<1%"); no growth, no year. */
    CELL(sheet1, "A3", "东区");
    CELL(sheet1, "E3", "新增");
    CELL(sheet1, "I3", "-1.1");
    CELL(sheet1, "K3", "0.005");
    CELL(sheet1, "M3", "");
    CELL(sheet1, "N3", "");
    CELL(sheet1, "O3", "东区政府");
    CELL(sheet1, "P3", "drift");
    /* West: no result -- the target and nothing made up. */
    CELL(sheet1, "F4", "2.5");
    CELL(sheet1, "G4", "");
    CELL(sheet1, "K4", "");
    CELL(sheet1, "L4", "");
    CELL(sheet1, "P4", "");
    CELL(sheet1, "K5", "0.8");
    CELL(sheet1, "L5", "有望完成");
    /* Status cells coloured: off track red, on track green (Excel's Bad / Good). */
    cell(sheet1, sst, "L2", got, sizeof got, &s_off);
    cell(sheet1, sst, "L5", got, sizeof got, &s_on);
    fill_of(styles, s_off, fill, sizeof fill);
    assert_string_equal(fill, "FFC7CE");
    fill_of(styles, s_on, fill, sizeof fill);
    assert_string_equal(fill, "C6EFCE");
    /* A count's whole target and baseline without a decimal; its expected value with one. */
    cell(sheet1, sst, "F2", got, sizeof got, &s_fmt);
    numfmt_of(styles, s_fmt, fill, sizeof fill);
    assert_string_equal(fill, "#,##0");
    cell(sheet1, sst, "G2", got, sizeof got, &s_fmt);
    numfmt_of(styles, s_fmt, fill, sizeof fill);
    assert_string_equal(fill, "#,##0");
    cell(sheet1, sst, "H2", got, sizeof got, &s_fmt);
    numfmt_of(styles, s_fmt, fill, sizeof fill);
    assert_string_equal(fill, "#,##0.0");
    cell(sheet1, sst, "I3", got, sizeof got, &s_fmt); /* not a count */
    numfmt_of(styles, s_fmt, fill, sizeof fill);
    assert_string_equal(fill, "#,##0.0");
    /* Percent formats. */
    assert_non_null(strstr(styles, "formatCode=\"[=0]0%;[&lt;0.01]&quot;&lt;1%&quot;;0%\""));
    assert_non_null(strstr(styles, "formatCode=\"0.0%\""));

    /* The split: the city's 5, the districts' 3 and 2.5, their total 5.5. */
    CELL(sheet2, "A1", "地区");
    CELL(sheet2, "B1", "目标值");
    CELL(sheet2, "G1", "达成概率");
    CELL(sheet2, "A2", "示例市");
    CELL(sheet2, "B2", "5");
    CELL(sheet2, "G2", "0.8");
    CELL(sheet2, "A3", "东区");
    CELL(sheet2, "B3", "3");
    CELL(sheet2, "A4", "西区");
    CELL(sheet2, "B4", "2.5");
    CELL(sheet2, "A5", "县区合计");
    CELL(sheet2, "B5", "5.5");
    free(book);
    free(sheet1);
    free(sheet2);
    free(sst);
    free(styles);
    unlink(xlsx);
    unlink(path);
}

/* The same inputs give the same bytes (no clock in the file). */
static void test_xlsx__reproducible(void **state)
{
    struct att_err err = {0};
    const char *a = "/tmp/attain-test-xlsx-a.xlsx", *b = "/tmp/attain-test-xlsx-b.xlsx";
    char cmd[256];

    (void)state;
    make_pipe();
    assert_int_equal(xlsx_write_targets(&pipe_result, a, &err), ATT_OK);
    sleep(2); /* zip times have a 2 s resolution */
    assert_int_equal(xlsx_write_targets(&pipe_result, b, &err), ATT_OK);
    snprintf(cmd, sizeof cmd, "cmp -s %s %s", a, b);
    assert_int_equal(system(cmd), 0);
    unlink(a);
    unlink(b);
}

static void test_xlsx__cannot_write(void **state)
{
    struct att_err err = {0};

    (void)state;
    make_pipe();
    assert_int_equal(xlsx_write_targets(&pipe_result, "/nonexistent-dir/t.xlsx", &err),
                     ATT_ECANTCREAT);
    assert_string_equal(err.msg,
                        "cannot write '/nonexistent-dir/t.xlsx': No such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsx__targets_workbook),
        cmocka_unit_test(test_xlsx__reproducible),
        cmocka_unit_test(test_xlsx__cannot_write),
    };
    /* These tests assert the English messages (--lang en). */
    att_msg_lang(ATT_LANG_EN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
