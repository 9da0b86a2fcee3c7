/*
 * tests/unit/test_text.c -- the text pieces of the loader (engine/text.c):
 * encoding detection and conversion, UTF-8 validation, positions, numbers,
 * periods and edit distance.  Expected values are worked out by hand in the
 * comments; GB18030 bytes come from `printf '盘山县' | iconv -f UTF-8 -t GB18030`.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "messages.h"
#include "text.h"

/* Doubles are compared with a relative tolerance (cmocka's float assert casts to float). */
static void assert_rel(double got, double want, double tol)
{
    double scale = fabs(want) > 1.0 ? fabs(want) : 1.0;

    if (!(fabs(got - want) <= tol * scale))
        fail_msg("got %.17g, want %.17g", got, want);
}

/* Decode and expect success with the given text and encoding. */
static void expect_decoded(const char *bytes, size_t len, const char *want, enum text_encoding enc)
{
    struct att_err err = {0};
    enum text_encoding got_enc = TEXT_UTF8;
    char *out = NULL;
    size_t n = 0;

    assert_int_equal(text_decode("x.csv", bytes, len, &out, &n, &got_enc, &err), ATT_OK);
    assert_false(err.set);
    assert_non_null(out);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
    assert_int_equal(got_enc, enc);
    free(out);
}

/* Decode and expect ATT_EDATA with exactly this message. */
static void expect_rejected(const char *bytes, size_t len, const char *msg)
{
    struct att_err err = {0};
    char *out = (char *)"untouched";
    size_t n = 0;

    assert_int_equal(text_decode("x.csv", bytes, len, &out, &n, NULL, &err), ATT_EDATA);
    assert_null(out);
    assert_true(err.set);
    assert_true(err.located);
    assert_string_equal(err.msg, msg);
}

static void test_text__decode_utf8_plain(void **state)
{
    (void)state;
    expect_decoded("code,name\npanshan,盘山县\n", strlen("code,name\npanshan,盘山县\n"),
                   "code,name\npanshan,盘山县\n", TEXT_UTF8);
}

static void test_text__decode_utf8_bom_dropped(void **state)
{
    static const char in[] = "\xEF\xBB\xBF"
                             "a,b\r\n1,2\r\n";

    (void)state;
    expect_decoded(in, sizeof in - 1, "a,b\r\n1,2\r\n", TEXT_UTF8_BOM);
}

static void test_text__decode_gb18030(void **state)
{
    /* "name\n盘山县,高新技术企业\n" in GB18030 (iconv -f UTF-8 -t GB18030). */
    static const char in[] = "name\n\xC5\xCC\xC9\xBD\xCF\xD8,\xB8\xDF\xD0\xC2\xBC\xBC\xCA\xF5"
                             "\xC6\xF3\xD2\xB5\n";

    (void)state;
    expect_decoded(in, sizeof in - 1, "name\n盘山县,高新技术企业\n", TEXT_GB18030);
}

static void test_text__decode_gb18030_four_byte(void **state)
{
    /* U+20000 (CJK extension B) is the four-byte GB18030 sequence 95 32 82 36 (iconv). */
    static const char in[] = "x,\x95\x32\x82\x36";

    (void)state;
    expect_decoded(in, sizeof in - 1, "x,\xF0\xA0\x80\x80", TEXT_GB18030);
}

static void test_text__decode_gb18030_bom_dropped(void **state)
{
    /* The GB18030 BOM is U+FEFF encoded as 84 31 95 33 (iconv); 盘 is C5 CC. */
    static const char in[] = "\x84\x31\x95\x33"
                             "a,\xC5\xCC\n";

    (void)state;
    expect_decoded(in, sizeof in - 1, "a,盘\n", TEXT_GB18030);
}

static void test_text__decode_rejects_invalid(void **state)
{
    /* 0xFF is neither UTF-8 nor GB18030; line 2, after 'ab' -> column 3. */
    static const char in[] = "x,y\nab\xFF\n";
    /* A BOM promises UTF-8, so GB18030 is not tried: 盘 in GBK after a BOM. */
    static const char bom[] = "\xEF\xBB\xBFq,\xC5\xCC\n";

    (void)state;
    expect_rejected(in, sizeof in - 1,
                    "x.csv:2:3: invalid UTF-8 byte 0xFF (and not GB18030 either)");
    /*
     * UTF-8 names 盘山, 高新, 辽河 with the first byte of 盘 (E7) damaged to 81:
     * the bytes still convert from GB18030 (to '仜樺北', '楂樻柊', ... -- found
     * with Python's codecs), but 5 valid UTF-8 characters against 3 bad bytes
     * say it is damaged UTF-8.
     */
    static const char damaged[] = "code,name,parent\nps,\x81\x9B\x98\xE5\xB1\xB1,\n"
                                  "gx,\xE9\xAB\x98\xE6\x96\xB0,\nlh,\xE8\xBE\xBD\xE6\xB2\xB3,\n";

    expect_rejected(bom, sizeof bom - 1,
                    "x.csv:1:3: invalid UTF-8 byte 0xC5 (the file starts with a UTF-8 BOM)");
    expect_rejected(damaged, sizeof damaged - 1,
                    "x.csv:2:4: invalid UTF-8 byte 0x81 (the rest of the file is UTF-8)");
}

static void test_text__decode_rejects_nul(void **state)
{
    /* The NUL is on line 2 after '盘山' (two characters): column 3. */
    static const char in[] = "a,b\r\n盘山\0,1\r\n";

    (void)state;
    expect_rejected(in, sizeof in - 1, "x.csv:2:3: NUL byte (not a text file)");
}

static void test_text__decode_rejects_empty(void **state)
{
    (void)state;
    expect_rejected("", 0, "x.csv:1:1: empty file");
    expect_rejected("\xEF\xBB\xBF", 3, "x.csv:1:1: empty file");
    expect_rejected(" \r\n\n", 4, "x.csv:1:1: empty file");
}

static void test_text__utf8_validation(void **state)
{
    uint32_t cp = 0;

    (void)state;
    assert_int_equal(text_utf8_valid("abc", 3), 3);
    assert_int_equal(text_utf8_valid("盘锦", strlen("盘锦")), 6);
    /* Overlong '/' (C0 AF), surrogate U+D800 (ED A0 80), beyond U+10FFFF (F4 90 80 80). */
    assert_int_equal(text_utf8_valid("a\xC0\xAF", 3), 1);
    assert_int_equal(text_utf8_valid("ab\xED\xA0\x80", 5), 2);
    assert_int_equal(text_utf8_valid("\xF4\x90\x80\x80", 4), 0);
    /* Truncated three-byte sequence and a stray continuation byte. */
    assert_int_equal(text_utf8_valid("\xE7\x9B", 2), 0);
    assert_int_equal(text_utf8_valid("x\x80", 2), 1);
    /* U+1F600 decodes to four bytes. */
    assert_int_equal(text_utf8_next("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(text_utf8_next("\xE7\x9B\x98", 3, &cp), 3);
    assert_int_equal(cp, 0x76D8); /* 盘 */
}

static void test_text__position(void **state)
{
    /* Line ends LF, CRLF and a lone CR all count once. */
    static const char s[] = "ab\r\ncd\ref\n盘山x";
    unsigned long line = 0;
    unsigned long col = 0;

    (void)state;
    text_position(s, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    text_position(s, 5, &line, &col); /* 'd' */
    assert_int_equal(line, 2);
    assert_int_equal(col, 2);
    text_position(s, 8, &line, &col); /* 'f' */
    assert_int_equal(line, 3);
    assert_int_equal(col, 2);
    text_position(s, strlen(s) - 1, &line, &col); /* 'x' after two characters */
    assert_int_equal(line, 4);
    assert_int_equal(col, 3);
}

static void test_text__trim(void **state)
{
    char a[] = "  盘山县\t ";
    char b[] = "\xE3\x80\x80高新区\xE3\x80\x80"; /* U+3000 on both sides */
    char c[] = " \t ";

    (void)state;
    assert_string_equal(text_trim(a), "盘山县");
    assert_string_equal(text_trim(b), "高新区");
    assert_string_equal(text_trim(c), "");
}

/* Fields with nothing to trim come back as they are; one space at either end is still cut. */
static void test_text__trim_ends(void **state)
{
    char plain[] = "r0001";
    char cjk[] = "统计局"; /* ends in 0x80 like U+3000, but one 0x80 only */
    char nbsp_end[] = "统计局\xC2\xA0";
    char ideo_end[] = "x\xE3\x80\x80";
    char lead_nbsp[] = "\xC2\xA0x";
    char tab_end[] = "12.5\t";
    char bad[] = "\xE3x"; /* a cut lead byte, not white space */
    char empty[] = "";

    (void)state;
    assert_ptr_equal(text_trim(plain), plain);
    assert_string_equal(plain, "r0001");
    assert_ptr_equal(text_trim(cjk), cjk);
    assert_string_equal(cjk, "统计局");
    assert_string_equal(text_trim(nbsp_end), "统计局");
    assert_string_equal(text_trim(ideo_end), "x");
    assert_string_equal(text_trim(lead_nbsp), "x");
    assert_string_equal(text_trim(tab_end), "12.5");
    assert_string_equal(text_trim(bad), "\xE3x");
    assert_string_equal(text_trim(empty), "");
}

static void expect_number(const char *s, double want)
{
    double v = -12345.678;

    assert_int_equal(text_number(s, &v), TEXT_NUMBER_OK);
    assert_rel(v, want, 1e-15);
}

static void test_text__number_forms(void **state)
{
    double v = 1.0;

    (void)state;
    expect_number("42", 42.0);
    expect_number("  2.385 ", 2.385);
    expect_number("1,234.5", 1234.5);
    expect_number("12,345,678", 12345678.0);
    expect_number("１２３", 123.0);                          /* full-width digits */
    expect_number("１，２３４．５", 1234.5);                 /* full-width comma and point */
    expect_number("\xE3\x80\x80７．２５\xE3\x80\x80", 7.25); /* ideographic spaces */
    expect_number("+7", 7.0);
    expect_number("-3.5", -3.5);
    expect_number("－３", -3.0); /* full-width minus */
    expect_number("1.5e3", 1500.0);
    expect_number(".5", 0.5);
    expect_number("5.", 5.0);
    /* -0 reads as +0, so no "-0" ever reaches an output. */
    assert_int_equal(text_number("-0", &v), TEXT_NUMBER_OK);
    assert_false(signbit(v));
}

static void test_text__number_rejects(void **state)
{
    static const char *const invalid[] = {
        "abc",      "NaN",  "nan",    "inf",   "-Infinity", "0x10", "12,34",
        "1234,567", ",123", "1,2345", "1 234", "1.2.3",     ".",    "-",
        "1e",       "1e+",  "12%",    "3家",   "1,234.5,6",
    };
    double v = 2.5;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        if (text_number(invalid[i], &v) != TEXT_NUMBER_INVALID)
            fail_msg("'%s' was not rejected as invalid", invalid[i]);
    }
    assert_int_equal(text_number("", &v), TEXT_NUMBER_EMPTY);
    assert_int_equal(text_number(" \t", &v), TEXT_NUMBER_EMPTY);
    assert_int_equal(text_number("1e999", &v), TEXT_NUMBER_RANGE);
    assert_int_equal(text_number("-1e400", &v), TEXT_NUMBER_RANGE);
    assert_int_equal(text_number("1e-400", &v), TEXT_NUMBER_RANGE);
    assert_rel(v, 2.5, 0.0); /* untouched by every rejection */
}

static void test_text__periods(void **state)
{
    char out[8];
    int year = 0;
    int month = -1;

    (void)state;
    assert_true(text_period("2020", out, &year, &month));
    assert_string_equal(out, "2020");
    assert_int_equal(year, 2020);
    assert_int_equal(month, 0);
    assert_true(text_period("2021-03", out, &year, &month));
    assert_string_equal(out, "2021-03");
    assert_int_equal(month, 3);
    assert_true(text_period(" 2021-3 ", out, NULL, NULL));
    assert_string_equal(out, "2021-03");
    assert_true(text_period("２０２１－１２", out, NULL, NULL));
    assert_string_equal(out, "2021-12");
    assert_true(text_period("1900", out, NULL, NULL));
    assert_true(text_period("2100-12", out, NULL, NULL));
    assert_false(text_period("2021-13", out, NULL, NULL));
    assert_false(text_period("2021-00", out, NULL, NULL));
    assert_false(text_period("20x1", out, NULL, NULL));
    assert_false(text_period("1899", out, NULL, NULL));
    assert_false(text_period("2101", out, NULL, NULL));
    assert_false(text_period("21", out, NULL, NULL));
    assert_false(text_period("2021-123", out, NULL, NULL));
    assert_false(text_period("2021/03", out, NULL, NULL));
    assert_false(text_period("", out, NULL, NULL));
    assert_true(text_year("2025", &year));
    assert_int_equal(year, 2025);
    assert_false(text_year("2025-01", &year));
    assert_false(text_year("3000", &year));
}

static void test_text__distance(void **state)
{
    (void)state;
    assert_int_equal(text_distance("kitten", "sitting"), 3); /* k->s, e->i, +g */
    assert_int_equal(text_distance("", "abc"), 3);
    assert_int_equal(text_distance("abc", ""), 3);
    assert_int_equal(text_distance("same", "same"), 0);
    /* Counted in code points, not bytes: one inserted 县 is 1, not 3. */
    assert_int_equal(text_distance("盘山", "盘山县"), 1);
    assert_int_equal(text_distance("盘锦市", "盘山县"), 2);
    assert_int_equal(text_distance("高新技术企业", "高新企业"), 2);
    /* Two adjacent code points swapped are one edit (three without the swap rule: "ca" -> "abc").
     */
    assert_int_equal(text_distance("lsit", "list"), 1);
    assert_int_equal(text_distance("山盘县", "盘山县"), 1);
    assert_int_equal(text_distance("ca", "abc"), 3);
    assert_int_equal(text_length("盘锦高新区"), 5);
}

/*
 * The bytes of the cases below, for the readers that take a file in pieces:
 * every kind of file text_decode tells apart, with the characters that
 * pieces may cut (CRLF, lone CR, 2-, 3- and 4-byte UTF-8 and GB18030).
 */
struct piece_case {
    const char *bytes;
    size_t len;
};

#define PIECE_CASE(s)                                                                              \
    {                                                                                              \
        s, sizeof s - 1                                                                            \
    }

static const struct piece_case piece_cases[] = {
    PIECE_CASE("code,name\r\npanshan,盘山县\r\ngx,高新\xF0\xA0\x80\x80\rlh,辽河\n"),
    PIECE_CASE("\xEF\xBB\xBF"
               "a,b\r\n1,\xC2\xA0\r\n"),
    PIECE_CASE("name\n\xC5\xCC\xC9\xBD\xCF\xD8,\xB8\xDF\xD0\xC2\r\n\r\xBC\xBC\xCA\xF5\n"),
    PIECE_CASE("\x84\x31\x95\x33"
               "a,\xC5\xCC\r\nx,\x95\x32\x82\x36\n"),
    PIECE_CASE("\x84\x31\x95\x33 \r\n\t"),        /* GB18030 BOM and white space: empty */
    PIECE_CASE("\xEF\xBB\xBF \r\n"),              /* UTF-8 BOM and white space: empty */
    PIECE_CASE(" \r\n\r\n"),                      /* white space: empty */
    PIECE_CASE("x,y\r\r\nab盘\r\xFF\n"),          /* 0xFF after a lone CR: neither */
    PIECE_CASE("\xEF\xBB\xBFq\r\n,盘\xC5\xCC\n"), /* GBK after a UTF-8 BOM */
    PIECE_CASE("code,name,parent\nps,\x81\x9B\x98\xE5\xB1\xB1,\n"
               "gx,\xE9\xAB\x98\xE6\x96\xB0,\nlh,\xE8\xBE\xBD\xE6\xB2\xB3,\n"), /* damaged UTF-8 */
    PIECE_CASE("a,b\r\n\xC5\xCC\xC9\r\n\xBD\0,1\r\n"), /* a NUL after bytes that are not UTF-8 */
    PIECE_CASE("a,b\r\n盘山\r\0,1\r\n"),
    PIECE_CASE("a,\xE7\x9B"),     /* a UTF-8 character cut by the end of the file */
    PIECE_CASE("a,\x95\x32\x82"), /* a GB18030 character cut by the end of the file */
    PIECE_CASE("ab"),
    PIECE_CASE("code,name\nabcdefghijklm\0nopqrstuvwxyz\n"), /* a NUL inside ASCII runs */
    PIECE_CASE("code,name\nabcdefghijklmnopq\xFFrstuvwxyz\n"),
};

/* A temporary file holding len bytes; returns its descriptor (the name is removed). */
static int temp_file(const char *bytes, size_t len)
{
    char path[] = "/tmp/attain-test-text-XXXXXX";
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, bytes, len), (ssize_t)len);
    return fd;
}

/*
 * text_probe, a piece at a time (4 to 9 bytes, and all at once), says what
 * text_decode says of the same bytes: the same encoding, or the same
 * message with the same line and column.
 */
static void test_text__probe_as_decode(void **state)
{
    size_t c;

    (void)state;
    for (c = 0; c < sizeof piece_cases / sizeof piece_cases[0]; c++) {
        const struct piece_case *pc = &piece_cases[c];
        struct att_err want = {0};
        enum text_encoding want_enc = TEXT_UTF8;
        char *text = NULL;
        size_t n = 0;
        int want_rc = text_decode("x.csv", pc->bytes, pc->len, &text, &n, &want_enc, &want);
        int fd = temp_file(pc->bytes, pc->len);
        size_t piece;

        free(text);
        for (piece = 4; piece <= 10; piece++) {
            struct att_err got = {0};
            enum text_encoding got_enc = TEXT_UTF8;
            int rc = text_probe("x.csv", fd, piece == 10 ? 1u << 20 : piece, &got_enc, &got);

            if (rc != want_rc || (rc == ATT_OK && got_enc != want_enc) ||
                (rc != ATT_OK && strcmp(got.msg, want.msg) != 0))
                fail_msg("case %zu, pieces of %zu: got %d '%s', want %d '%s'", c, piece, rc,
                         got.set ? got.msg : "", want_rc, want.set ? want.msg : "");
        }
        close(fd);
    }
}

/*
 * Fed a piece of 1 to 5 bytes at a time (what a reader leaves over goes in
 * front of the next piece), text_scan, text_pos and text_conv give what
 * the whole buffer gives: text_position at the end, and text_decode's
 * UTF-8 for a GB18030 file.
 */
static void test_text__pieces_as_whole(void **state)
{
    size_t c;

    (void)state;
    for (c = 0; c < sizeof piece_cases / sizeof piece_cases[0]; c++) {
        const struct piece_case *pc = &piece_cases[c];
        struct att_err err = {0};
        enum text_encoding enc = TEXT_UTF8;
        char *text = NULL;
        size_t n = 0;
        bool gb = text_decode("x.csv", pc->bytes, pc->len, &text, &n, &enc, &err) == ATT_OK &&
                  enc == TEXT_GB18030;
        size_t piece;

        for (piece = 1; piece <= 5; piece++) {
            struct text_scan whole, scan;
            struct text_pos pos = {1, 1};
            struct text_conv conv = {NULL};
            char buf[16];
            char *out = malloc(2 * pc->len + 16);
            size_t olen = 0;
            size_t keep[3] = {0, 0, 0};
            size_t at = 0;
            unsigned long line, col;
            size_t r;

            text_scan_init(&whole);
            assert_int_equal(text_scan_feed(&whole, pc->bytes, pc->len, true), pc->len);
            text_scan_init(&scan);
            if (gb)
                assert_true(text_conv_open(&conv));
            /* Reader r keeps its own left-over bytes, here re-read from the input. */
            for (;;) {
                size_t take = pc->len - at < piece ? pc->len - at : piece;
                bool last = take == 0;

                for (r = 0; r < 3; r++) {
                    size_t from = at - keep[r];
                    size_t len = keep[r] + take;
                    size_t used, o = 0;

                    assert_true(len <= sizeof buf);
                    memcpy(buf, pc->bytes + from, len);
                    if (r == 0)
                        used = text_scan_feed(&scan, buf, len, last);
                    else if (r == 1)
                        used = text_pos_feed(&pos, buf, len, last);
                    else if (gb) {
                        used = text_conv_feed(&conv, buf, len, last, out + olen, &o);
                        assert_true(used != (size_t)-1);
                        olen += o;
                    } else
                        used = len;
                    keep[r] = len - used;
                    assert_true(keep[r] <= 3);
                }
                at += take;
                if (last)
                    break;
            }
            for (r = 0; r < 3; r++)
                assert_int_equal(keep[r], 0);
            assert_memory_equal(&scan, &whole, sizeof scan);
            text_position(pc->bytes, pc->len, &line, &col);
            assert_int_equal(pos.line, line);
            assert_int_equal(pos.col, col);
            if (gb) {
                /* text_decode drops the U+FEFF of a GB18030 BOM. */
                size_t bom = olen >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

                assert_int_equal(olen - bom, n);
                assert_memory_equal(out + bom, text, n);
                text_conv_close(&conv);
            }
            free(out);
        }
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text__decode_utf8_plain),
        cmocka_unit_test(test_text__decode_utf8_bom_dropped),
        cmocka_unit_test(test_text__decode_gb18030),
        cmocka_unit_test(test_text__decode_gb18030_four_byte),
        cmocka_unit_test(test_text__decode_gb18030_bom_dropped),
        cmocka_unit_test(test_text__decode_rejects_invalid),
        cmocka_unit_test(test_text__decode_rejects_nul),
        cmocka_unit_test(test_text__decode_rejects_empty),
        cmocka_unit_test(test_text__utf8_validation),
        cmocka_unit_test(test_text__position),
        cmocka_unit_test(test_text__trim),
        cmocka_unit_test(test_text__trim_ends),
        cmocka_unit_test(test_text__number_forms),
        cmocka_unit_test(test_text__number_rejects),
        cmocka_unit_test(test_text__periods),
        cmocka_unit_test(test_text__distance),
        cmocka_unit_test(test_text__probe_as_decode),
        cmocka_unit_test(test_text__pieces_as_whole),
    };

    att_msg_lang(ATT_LANG_EN); /* the messages these tests read are the English ones */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
