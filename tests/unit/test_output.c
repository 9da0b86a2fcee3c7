/*
 * tests/unit/test_output.c -- the listing writers (engine/output.c): display
 * widths of CJK text, the aligned table (exact text), RFC 4180 csv, json
 * through cJSON, number formatting, no NaN/Inf, write errors.  Expected
 * texts are written out by hand: a CJK character is 2 columns, so
 * '盘锦市' is 6 columns wide and pads to a column of 10 with 4 spaces.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "messages.h"
#include "output.h"

/* Write t in the given format into a string; caller frees. */
static char *render(const struct out_table *t, enum att_format fmt, enum att_lang lang,
                    unsigned flags)
{
    char *buf = NULL;
    size_t len = 0;
    struct att_err err = {0};
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    assert_int_equal(out_table_write(t, f, fmt, lang, flags, &err), ATT_OK);
    assert_false(err.set);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void expect_render(const struct out_table *t, enum att_format fmt, enum att_lang lang,
                          unsigned flags, const char *want)
{
    char *got = render(t, fmt, lang, flags);
    assert_string_equal(got, want);
    free(got);
}

static const struct out_col cols[] = {
    {"region", "地区", "region", OUT_TEXT, 0, 0},
    {"count", "数量", "count", OUT_INT, 0, 0},
    {"value", "数值", "value", OUT_REAL, 2, 0},
    {"note", "备注", "note", OUT_TEXT, 0, 0},
};

/* Three rows: CJK names of different widths, a missing value, quotes. */
static struct out_table *sample(void)
{
    struct out_table *t = out_table_new(cols, 4);

    out_row(t);
    out_text(t, 0, "盘锦市");
    out_int(t, 1, 139);
    out_real(t, 2, 2.385);
    out_text(t, 3, "a,b");
    out_row(t);
    out_text(t, 0, "盘锦高新区");
    out_int(t, 1, -7);
    out_real(t, 2, 1234.5);
    out_text(t, 3, "say \"hi\"\nthen go");
    out_row(t);
    out_text(t, 0, "panjin");
    out_null(t, 1);
    out_real(t, 2, NAN);
    out_text(t, 3, NULL);
    return t;
}

static void test_output__display_width(void **state)
{
    (void)state;
    assert_int_equal(out_display_width(""), 0);
    assert_int_equal(out_display_width("abc"), 3);
    assert_int_equal(out_display_width("盘锦市"), 6);
    assert_int_equal(out_display_width("Ａ１"), 4);             /* fullwidth A and 1 */
    assert_int_equal(out_display_width("e\xcc\x81"), 1);        /* e + combining acute */
    assert_int_equal(out_display_width("한국"), 4);             /* Hangul syllables */
    assert_int_equal(out_display_width("\xf0\x9f\x98\x80"), 2); /* U+1F600 */
    assert_int_equal(out_display_width("二.1 十四五"), 11);     /* 2+1+1+1+3*2 */
    assert_int_equal(out_display_width("\xff"
                                       "a"),
                     2); /* a bad byte counts 1 */
    assert_int_equal(out_codepoint_width(0x4E00), 2);
    assert_int_equal(out_codepoint_width(0x303F), 1);  /* half-fill space: narrow */
    assert_int_equal(out_codepoint_width(0x3000), 2);  /* ideographic space */
    assert_int_equal(out_codepoint_width(0x20000), 2); /* CJK extension B */
    assert_int_equal(out_codepoint_width(0x0301), 0);
}

static void test_output__table_cjk_alignment(void **state)
{
    struct out_table *t = sample();

    (void)state;
    /*
     * Column widths: region max(4 '地区', 6, 10, 6) = 10; count max(4, 3, 2) = 4;
     * value max(4, 4, 7 '1234.50') = 7; note: the widest cell 'say "hi" then
     * go' is 16 (the newline shows as a space).  2.385 is stored as
     * 2.38499999999999978684..., so %.2f gives 2.38 (python3: '%.2f' % 2.385).
     */
    expect_render(t, ATT_FMT_TABLE, ATT_LANG_ZH, 0,
                  "地区        数量     数值  备注\n"
                  "----------  ----  -------  ----------------\n"
                  "盘锦市       139     2.38  a,b\n"
                  "盘锦高新区    -7  1234.50  say \"hi\" then go\n"
                  "panjin\n");
    expect_render(t, ATT_FMT_TABLE, ATT_LANG_EN, 0,
                  "region      count    value  note\n"
                  "----------  -----  -------  ----------------\n"
                  "盘锦市        139     2.38  a,b\n"
                  "盘锦高新区     -7  1234.50  say \"hi\" then go\n"
                  "panjin\n");
    out_table_free(t);
}

static void test_output__csv_quoting(void **state)
{
    struct out_table *t = sample();

    (void)state;
    /* Shortest round-trip reals in csv; quotes doubled; a newline kept inside quotes. */
    expect_render(t, ATT_FMT_CSV, ATT_LANG_ZH, 0,
                  "region,count,value,note\n"
                  "盘锦市,139,2.385,\"a,b\"\n"
                  "盘锦高新区,-7,1234.5,\"say \"\"hi\"\"\nthen go\"\n"
                  "panjin,,,\n");
    /* The BOM flag prepends EF BB BF and changes nothing else. */
    {
        char *got = render(t, ATT_FMT_CSV, ATT_LANG_ZH, OUT_CSV_BOM);
        assert_memory_equal(got, "\xEF\xBB\xBFregion,count,", 16);
        free(got);
    }
    out_table_free(t);
}

static void test_output__json(void **state)
{
    struct out_table *t = sample();
    struct out_table *empty = out_table_new(cols, 4);

    (void)state;
    expect_render(t, ATT_FMT_JSON, ATT_LANG_ZH, 0,
                  "[\n"
                  "{\"region\":\"盘锦市\",\"count\":139,\"value\":2.385,\"note\":\"a,b\"},\n"
                  "{\"region\":\"盘锦高新区\",\"count\":-7,\"value\":1234.5,"
                  "\"note\":\"say \\\"hi\\\"\\nthen go\"},\n"
                  "{\"region\":\"panjin\",\"count\":null,\"value\":null,\"note\":null}\n"
                  "]\n");
    expect_render(empty, ATT_FMT_JSON, ATT_LANG_ZH, 0, "[]\n");
    expect_render(empty, ATT_FMT_CSV, ATT_LANG_ZH, 0, "region,count,value,note\n");
    expect_render(empty, ATT_FMT_TABLE, ATT_LANG_ZH, 0,
                  "地区  数量  数值  备注\n----  ----  ----  ----\n");
    out_table_free(t);
    out_table_free(empty);
}

static void test_output__numbers(void **state)
{
    static const struct out_col c[] = {
        {"short", NULL, NULL, OUT_REAL, -1, 0},
        {"fixed", NULL, NULL, OUT_REAL, 1, 0},
        {"round", NULL, NULL, OUT_REAL, 3, OUT_COL_ROUND},
    };
    struct out_table *t = out_table_new(c, 3);

    (void)state;
    out_row(t);
    out_real(t, 0, 0.1);
    out_real(t, 1, 0.1);
    out_real(t, 2, 0.1);
    out_row(t);
    /* 1/3 does not survive %.15g (0.333333333333333), so %.17g is used. */
    out_real(t, 0, 1.0 / 3.0);
    out_real(t, 1, -0.04); /* rounds to -0.0: printed as 0.0 */
    out_real(t, 2, 2.0 / 3.0);
    out_row(t);
    out_real(t, 0, -0.0);
    out_real(t, 1, INFINITY);
    out_real(t, 2, -INFINITY);
    expect_render(t, ATT_FMT_CSV, ATT_LANG_EN, 0,
                  "short,fixed,round\n"
                  "0.1,0.1,0.100\n"
                  "0.33333333333333331,-0.04,0.667\n"
                  "0,,\n");
    /* Headers fall back to the key; prec < 0 keeps the shortest form in tables too. */
    expect_render(t, ATT_FMT_TABLE, ATT_LANG_ZH, 0,
                  "              short  fixed  round\n"
                  "-------------------  -----  -----\n"
                  "                0.1    0.1  0.100\n"
                  "0.33333333333333331    0.0  0.667\n"
                  "                  0\n");
    out_table_free(t);
}

/* out_whole: no decimals in a table for a whole value, the column's for any other; csv as out_real.
 */
static void test_output__whole(void **state)
{
    static const struct out_col c[] = {
        {"lo80", NULL, NULL, OUT_REAL, 1, 0},
        {"hi80", NULL, NULL, OUT_REAL, 1, 0},
    };
    struct out_table *t = out_table_new(c, 2);

    (void)state;
    out_row(t);
    out_whole(t, 0, 145.0);
    out_real(t, 1, 381.0);
    out_row(t);
    out_whole(t, 0, -1.0);
    out_whole(t, 1, 8.5); /* not whole: printed as out_real would */
    out_row(t);
    out_whole(t, 0, -0.0); /* no "-0" */
    out_whole(t, 1, NAN);  /* missing */
    expect_render(t, ATT_FMT_TABLE, ATT_LANG_EN, 0,
                  "lo80   hi80\n"
                  "----  -----\n"
                  " 145  381.0\n"
                  "  -1    8.5\n"
                  "   0\n");
    expect_render(t, ATT_FMT_CSV, ATT_LANG_EN, 0,
                  "lo80,hi80\n"
                  "145,381\n"
                  "-1,8.5\n"
                  "0,\n");
    out_table_free(t);
}

static void test_output__write_error(void **state)
{
    struct out_table *t = sample();
    struct att_err err = {0};
    FILE *f = fopen("/dev/full", "w");

    (void)state;
    if (!f)
        skip();
    setvbuf(f, NULL, _IONBF, 0); /* every write reaches the device and fails */
    assert_int_equal(out_table_write(t, f, ATT_FMT_CSV, ATT_LANG_ZH, 0, &err), ATT_EIO);
    assert_true(err.set);
    assert_string_equal(err.msg, "cannot write output: No space left on device");
    fclose(f);
    out_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output__display_width),
        cmocka_unit_test(test_output__table_cjk_alignment),
        cmocka_unit_test(test_output__csv_quoting),
        cmocka_unit_test(test_output__json),
        cmocka_unit_test(test_output__numbers),
        cmocka_unit_test(test_output__whole),
        cmocka_unit_test(test_output__write_error),
    };
    /* These tests assert the English messages (--lang en). */
    att_msg_lang(ATT_LANG_EN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
