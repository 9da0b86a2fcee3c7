/*
 * tests/unit/test_plots_script.c -- the gnuplot scripts that plots/ writes,
 * without running gnuplot: plot_escape() on hostile text, one golden script
 * per chart kind (tests/data/plots/golden/), hostile labels in every kind,
 * NaN/Inf and bad outputs refused before a byte is written.
 *
 * Set ATTAIN_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate
 * change; review the diff, then commit them.
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

#include "plot.h"
#include "test_plots_fixtures.h"

/* A growing in-memory stream. */
struct mem {
    char *buf;
    size_t len;
    FILE *f;
};

static void mem_open(struct mem *m)
{
    m->buf = NULL;
    m->len = 0;
    m->f = open_memstream(&m->buf, &m->len);
    assert_non_null(m->f);
}

/* Close the stream; m->buf holds the text (free it with mem_free). */
static const char *mem_close(struct mem *m)
{
    assert_int_equal(fclose(m->f), 0);
    m->f = NULL;
    return m->buf;
}

static void mem_free(struct mem *m)
{
    free(m->buf);
    m->buf = NULL;
}

/* What plot_escape() writes for s. */
static char *escaped(const char *s, int tic)
{
    struct mem m;

    mem_open(&m);
    assert_int_equal(tic ? plot_escape_tic(m.f, s) : plot_escape(m.f, s), PLOT_OK);
    mem_close(&m);
    return m.buf;
}

static void expect_escape(const char *in, const char *want)
{
    char *got = escaped(in, 0);

    assert_string_equal(got, want);
    free(got);
}

static void test_plots__escape_plain_and_null(void **state)
{
    (void)state;
    expect_escape("盘锦市 高新技术企业", "'盘锦市 高新技术企业'");
    expect_escape("", "''");
    expect_escape(NULL, "''");
}

static void test_plots__escape_single_quotes_in_double_quotes(void **state)
{
    (void)state;
    /*
     * 2026-12-01: a name starting with ' stopped gnuplot, which reads a
     * leading '' as an empty string; labels with ' are double-quoted now.
     */
    expect_escape("it's", "\"it's\"");
    expect_escape("'", "\"'\"");
    expect_escape("'q", "\"'q\"");
    expect_escape("q'", "\"q'\"");
    expect_escape("a'; system(\"touch /tmp/pwn\") ; '",
                  "\"a'; system(\\042touch /tmp/pwn\\042) ; '\"");
    /* Inside double quotes \ ` @ and " are octal escapes: nothing is substituted. */
    expect_escape("'`id` @m \\n", "\"'\\140id\\140 \\100m \\134n\"");
}

static void test_plots__escape_keeps_inert_characters(void **state)
{
    (void)state;
    /* Backquotes, @macros, backslashes, ; and # are plain text in single quotes. */
    expect_escape("`touch /tmp/pwn` @m \\n \\ ; # \"x\"", "'`touch /tmp/pwn` @m \\n \\ ; # \"x\"'");
    /* Not a tic label: % stays single. */
    expect_escape("50%", "'50%'");
}

static void test_plots__escape_removes_line_breaks(void **state)
{
    (void)state;
    /* A newline would end the command: "EOD" or "system" could then start a new one. */
    expect_escape("x\nEOD\nsystem('id')\r\t", "\"x EOD system('id')  \"");
    /* C1 controls, DEL, U+2028/U+2029 too. */
    expect_escape("a\xc2\x85"
                  "b\x7f"
                  "c\xe2\x80\xa8"
                  "d\xe2\x80\xa9",
                  "'a b c d '");
}

static void test_plots__escape_repairs_utf8(void **state)
{
    (void)state;
    /* Invalid bytes, an overlong '/', a surrogate and a truncated sequence become U+FFFD. */
    expect_escape("a\xff"
                  "b",
                  "'a\xef\xbf\xbd"
                  "b'");
    expect_escape("\xc0\xaf", "'\xef\xbf\xbd\xef\xbf\xbd'");
    expect_escape("\xed\xa0\x80", "'\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd'");
    expect_escape("\xe7\x9b", "'\xef\xbf\xbd\xef\xbf\xbd'");
}

static void test_plots__escape_truncates_long_labels(void **state)
{
    char in[301], want[PLOT_LABEL_MAX + 8];
    char *got;

    (void)state;
    memset(in, 'x', 300);
    in[300] = '\0';
    want[0] = '\'';
    memset(want + 1, 'x', PLOT_LABEL_MAX);
    memcpy(want + 1 + PLOT_LABEL_MAX, "\xe2\x80\xa6'", 5);
    got = escaped(in, 0);
    assert_string_equal(got, want);
    free(got);
}

static void test_plots__escape_tic_doubles_percent(void **state)
{
    char *got;

    (void)state;
    /*
     * gnuplot reads explicit tic labels as formats: '%d' would stop the
     * script, and with '%%' gnuplot cuts the label at 50 bytes.
     */
    got = escaped("50%区 %d 'q'", 1);
    assert_string_equal(got, "\"50％区 ％d 'q'\"");
    free(got);
    /* Cut after 40 columns: 19 Chinese characters (38) + "ab" fit, "c" does not. */
    got = escaped("一二三四五六七八九十一二三四五六七八九abc", 1);
    assert_string_equal(got, "'一二三四五六七八九十一二三四五六七八九ab…'");
    free(got);
    got = escaped("一二三四五六七八九十一二三四五六七八九a十", 1);
    assert_string_equal(got, "'一二三四五六七八九十一二三四五六七八九a…'");
    free(got);
    /*
     * A long name keeps its " · year" tail, so that the 2021 and 2025 rows
     * stay apart: 40 - 7 (" · 2021") - 1 ("…") = 32 columns of the name.
     */
    got =
        escaped("S&T innovation and entrepreneurship incubation carriers (maker spaces) · 2021", 1);
    assert_string_equal(got, "'S&T innovation and entrepreneurs… · 2021'");
    free(got);
    /* A tail too long to keep (over 16 columns) is cut like the rest. */
    got = escaped("一二三四五六七八九十一二三四五六七八九十 · 一二三四五六七八九", 1);
    assert_string_equal(got, "'一二三四五六七八九十一二三四五六七八九十…'");
    free(got);
}

static char *escaped_title(const char *s)
{
    struct mem m;

    mem_open(&m);
    assert_int_equal(plot_escape_title(m.f, s), PLOT_OK);
    mem_close(&m);
    return m.buf;
}

static void test_plots__escape_title_wraps(void **state)
{
    char *got;

    (void)state;
    /* Up to 80 columns: one line, escaped as any label (Chinese counts 2 a character). */
    got = escaped_title("盘锦市 · 高新技术企业：2025 年达到 210 家");
    assert_string_equal(got, "'盘锦市 · 高新技术企业：2025 年达到 210 家'");
    free(got);
    /* Wider: lines of about equal width broken at a space, "\n" in double quotes. */
    got = escaped_title("Panjin · S&T innovation and entrepreneurship incubation carriers: "
                        "reach 10 entities by 2021");
    assert_string_equal(got, "\"Panjin · S&T innovation and entrepreneurship\\nincubation "
                             "carriers: reach 10 entities by 2021\"");
    free(got);
    /* Quotes inside are octal escapes, as in any double-quoted label. */
    got = escaped_title("a \"b\" c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3 4 5 6 7 8 "
                        "9 0 a b c d e f g h");
    assert_string_equal(got, "\"a \\042b\\042 c d e f g h i j k l m n o p q r s t u v\\nw x y z 1 "
                             "2 3 4 5 6 7 8 9 0 a b c d e f g h\"");
    free(got);
    /* No space to break at: one line (gnuplot centres it; nothing is lost). */
    got = escaped_title(
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一");
    assert_string_equal(
        got,
        "'一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一'");
    free(got);
}

/* ---- golden scripts ---------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        return NULL;
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    assert_int_equal(fseek(f, 0, SEEK_SET), 0);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void check_golden(const char *name, const char *got, size_t got_len)
{
    const char *dir = getenv("ATTAIN_TEST_DATA");
    char path[1024];
    char *want;
    size_t want_len = 0;

    assert_non_null(dir);
    snprintf(path, sizeof path, "%s/plots/golden/%s", dir, name);
    if (getenv("ATTAIN_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "wb");

        assert_non_null(f);
        assert_int_equal(fwrite(got, 1, got_len, f), got_len);
        assert_int_equal(fclose(f), 0);
    }
    want = read_file(path, &want_len);
    if (!want)
        fail_msg("missing golden file %s (run with ATTAIN_UPDATE_GOLDEN=1)", path);
    if (want_len != got_len || memcmp(want, got, got_len) != 0) {
        size_t i = 0;

        while (i < want_len && i < got_len && want[i] == got[i])
            i++;
        fail_msg("%s differs from the script at byte %zu:\n--- got from there:\n%.200s", path, i,
                 got + i);
    }
    free(want);
}

/* Every chart kind, into m, with output path "charts/<kind>.<ext>". */
enum kind { K_PROJECTION, K_DISTRICTS, K_DASHBOARD, K_ALLOCATION, K_SCENARIOS, K_BACKTEST };
static const char *const kind_name[] = {"projection", "districts", "dashboard",
                                        "allocation", "scenarios", "backtest"};

static int write_kind(FILE *f, enum kind k, const struct plot_output *o)
{
    struct plot_projection panels[6];
    struct plot_projection p = fx_projection();
    struct plot_districts d = fx_districts(panels);
    struct plot_dashboard db = fx_dashboard();
    struct plot_allocation a = fx_allocation();
    struct plot_scenarios s = fx_scenarios();
    struct plot_backtest b = fx_backtest();

    switch (k) {
    case K_PROJECTION:
        return plot_projection_write(f, o, &p);
    case K_DISTRICTS:
        return plot_districts_write(f, o, &d);
    case K_DASHBOARD:
        return plot_dashboard_write(f, o, &db);
    case K_ALLOCATION:
        return plot_allocation_write(f, o, &a);
    case K_SCENARIOS:
        return plot_scenarios_write(f, o, &s);
    case K_BACKTEST:
        return plot_backtest_write(f, o, &b);
    }
    return -1;
}

static void test_plots__golden_scripts(void **state)
{
    size_t k;

    (void)state;
    for (k = 0; k < 6; k++) {
        char path[64], golden[64];
        struct plot_output o = {path, "Noto Sans CJK SC", 0, 0, NULL};
        struct mem m;
        const char *text;

        snprintf(path, sizeof path, "charts/%s.png", kind_name[k]);
        snprintf(golden, sizeof golden, "%s.gp", kind_name[k]);
        mem_open(&m);
        assert_int_equal(write_kind(m.f, (enum kind)k, &o), PLOT_OK);
        text = mem_close(&m);
        /* Never a NaN or Inf, and the file is always closed at the end. */
        assert_null(strstr(text, "nan"));
        assert_null(strstr(text, "inf"));
        assert_non_null(strstr(text, "\nunset output\n"));
        check_golden(golden, text, m.len);
        mem_free(&m);
    }
}

/*
 * The allocation with a proposal: three bars a district (plan, proposal,
 * expected), a missing proposal written as '?' (gnuplot's missing value),
 * the legend entry in the output's language.
 */
static void test_plots__allocation_proposed(void **state)
{
    struct plot_output o = {"charts/allocation.png", "Noto Sans CJK SC", 0, 0, NULL};
    struct plot_allocation a = fx_allocation();
    struct mem m;
    const char *text;

    (void)state;
    a.rows = fx_alloc_proposed_rows;
    mem_open(&m);
    assert_int_equal(plot_allocation_write(m.f, &o, &a), PLOT_OK);
    text = mem_close(&m);
    assert_non_null(strstr(text, "set datafile missing '?'\n"));
    assert_non_null(strstr(text, "\n3 20 12.5 12.5 ?\n"));
    assert_non_null(strstr(text, "title '等风险分配'"));
    check_golden("allocation_proposed.gp", text, m.len);
    mem_free(&m);
}

static void test_plots__english_labels(void **state)
{
    struct plot_output o = {"p.svg", NULL, 0, 0, &plot_labels_en};
    struct plot_projection p = fx_projection();
    struct mem m;
    const char *text;

    (void)state;
    mem_open(&m);
    assert_int_equal(plot_projection_write(m.f, &o, &p), PLOT_OK);
    text = mem_close(&m);
    /* 0.274 rounds to 27%; the target value 210 is printed without decimals. */
    assert_non_null(strstr(text, "set label 3 'probability of meeting the target 27%'"));
    assert_non_null(strstr(text, "set label 2 'target 210'"));
    assert_non_null(strstr(text, "title 'median forecast'"));
    assert_null(strstr(text, "预测"));
    mem_free(&m);
}

/*
 * 2026-11-26: a target at probability 0.7996 ("at risk") read "80%" on the
 * dashboard, next to the 80% "on track" line; the words now round down.
 */
static void test_plots__probability_words_never_overstate(void **state)
{
    static const struct {
        double p;
        const char *want;
    } cases[] = {
        {0, "'达成概率 0%'"},       {0.0005, "'达成概率 <1%'"}, {0.0099, "'达成概率 <1%'"},
        {0.0101, "'达成概率 1%'"},  {0.29, "'达成概率 29%'"},   {0.4999, "'达成概率 49%'"},
        {0.5, "'达成概率 50%'"},    {0.7996, "'达成概率 79%'"}, {0.8, "'达成概率 80%'"},
        {0.9995, "'达成概率 99%'"}, {1, "'达成概率 100%'"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct plot_output o = {"p.svg", NULL, 0, 0, NULL};
        struct plot_projection p = fx_projection();
        struct mem m;

        p.probability = cases[i].p;
        mem_open(&m);
        assert_int_equal(plot_projection_write(m.f, &o, &p), PLOT_OK);
        if (!strstr(mem_close(&m), cases[i].want))
            fail_msg("p = %g: no %s", cases[i].p, cases[i].want);
        mem_free(&m);
    }
}

static void test_plots__legend_can_be_left_out(void **state)
{
    struct plot_output o = {"p.svg", NULL, 0, 0, NULL};
    struct plot_projection p = fx_projection();
    struct mem m;
    const char *text;

    (void)state;
    p.no_key = true;
    mem_open(&m);
    assert_int_equal(plot_projection_write(m.f, &o, &p), PLOT_OK);
    text = mem_close(&m);
    assert_non_null(strstr(text, "\nunset key\n"));
    assert_null(strstr(text, "set key outside"));
    mem_free(&m);
}

static void test_plots__terminal_by_extension(void **state)
{
    static const struct {
        const char *path;
        const char *want;
    } cases[] = {
        {"a.png", "set terminal pngcairo size 2400,1500 noenhanced"},
        {"a.PNG", "set terminal pngcairo size 2400,1500 noenhanced"},
        {"a.svg", "set terminal svg size 600,375 dynamic noenhanced"},
        {"a.pdf", "set terminal pdfcairo size 8in,5in noenhanced"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct plot_output o = {cases[i].path, "Noto Sans CJK SC", 0, 0, NULL};
        struct plot_projection p = fx_projection();
        struct mem m;

        mem_open(&m);
        assert_int_equal(plot_projection_write(m.f, &o, &p), PLOT_OK);
        assert_non_null(strstr(mem_close(&m), cases[i].want));
        mem_free(&m);
    }
    {
        /* A size set by the caller; fonts scale with it. */
        struct plot_output o = {"b.png", "Noto Sans CJK SC", 1200, 750, NULL};
        struct plot_projection p = fx_projection();
        struct mem m;

        mem_open(&m);
        assert_int_equal(plot_projection_write(m.f, &o, &p), PLOT_OK);
        assert_non_null(strstr(mem_close(&m),
                               "set terminal pngcairo size 1200,750 noenhanced background "
                               "'#ffffff' font 'Noto Sans CJK SC,11' fontscale 1.5 linewidth 1\n"));
        mem_free(&m);
    }
}

/* ---- hostile labels in every chart ------------------------------------- */

#define HOSTILE "a'; system(\"touch /tmp/attain-pwn\") ; '`touch /tmp/attain-pwn2` @x\nEOD\nq%d"

/*
 * Read a script the way gnuplot's scanner does and fail if data could have
 * become code: outside quotes there must be no backquote, no '@' and no
 * "system"; every quoted string ends on its line; data blocks hold only
 * numbers.  Returns the number of single-quoted literals seen.
 */
static size_t check_script(const char *s)
{
    size_t literals = 0;
    const char *line = s;

    while (*line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        size_t i;

        if (len > 6 && memcmp(line + len - 6, "<< EOD", 6) == 0) {
            /* A data block: numbers, signs, dots, 'e' and spaces until "EOD". */
            line = end + 1;
            for (;;) {
                end = strchr(line, '\n');
                assert_non_null(end);
                if ((size_t)(end - line) == 3 && memcmp(line, "EOD", 3) == 0)
                    break;
                for (i = 0; line + i < end; i++)
                    if (!strchr("0123456789.-+e ", line[i]))
                        fail_msg("non-numeric data line: %.*s", (int)(end - line), line);
                line = end + 1;
            }
            line = end + 1;
            continue;
        }
        for (i = 0; i < len; i++) {
            char c = line[i];

            if (c == '\'') {
                literals++;
                for (i++;; i++) {
                    if (i >= len)
                        fail_msg("unterminated string in: %.*s", (int)len, line);
                    if (line[i] == '\'' && i + 1 < len && line[i + 1] == '\'')
                        i++;
                    else if (line[i] == '\'')
                        break;
                }
            } else if (c == '"') {
                literals++;
                for (i++; i < len && line[i] != '"'; i++)
                    if (line[i] == '\\' && i + 1 < len)
                        i++;
                if (i >= len)
                    fail_msg("unterminated string in: %.*s", (int)len, line);
            } else if (c == '`' || c == '@') {
                fail_msg("'%c' outside quotes in: %.*s", c, (int)len, line);
            } else if (strncmp(line + i, "system", 6) == 0) {
                fail_msg("'system' outside quotes in: %.*s", (int)len, line);
            }
        }
        if (!end)
            break;
        line = end + 1;
    }
    return literals;
}

static void test_plots__hostile_labels_stay_text(void **state)
{
    const char *names[6] = {HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE};
    struct plot_labels hostile_words;
    struct plot_output o = {"out'; system(\"x\").svg", HOSTILE, 0, 0, &hostile_words};
    struct plot_projection panels[6];
    struct plot_projection p = fx_projection();
    struct plot_districts d = fx_districts(panels);
    struct plot_dash_row rows[5];
    struct plot_dashboard db = fx_dashboard();
    struct plot_alloc_row arows[6];
    struct plot_allocation a = fx_allocation();
    struct plot_scenarios s = fx_scenarios();
    struct plot_metric metrics[2];
    struct plot_backtest b = fx_backtest();
    size_t i, k;

    (void)state;
    /* Even the vocabulary and the font name come through plot_escape(). */
    for (i = 0; i < sizeof hostile_words / sizeof(const char *); i++)
        ((const char **)&hostile_words)[i] = HOSTILE;
    p.title = p.y_label = p.footnote = p.current_label = HOSTILE;
    d.title = d.footnote = HOSTILE;
    for (i = 0; i < 6; i++)
        panels[i].title = panels[i].y_label = HOSTILE;
    memcpy(rows, fx_rows, sizeof rows);
    for (i = 0; i < 5; i++)
        rows[i].label = HOSTILE;
    db.rows = rows;
    db.title = db.footnote = HOSTILE;
    memcpy(arows, fx_alloc_rows, sizeof arows);
    for (i = 0; i < 6; i++)
        arows[i].label = HOSTILE;
    a.rows = arows;
    a.title = a.y_label = a.footnote = HOSTILE;
    s.targets = names;
    s.scenarios = names;
    s.title = s.footnote = HOSTILE;
    memcpy(metrics, fx_metrics, sizeof metrics);
    metrics[0].name = metrics[1].name = HOSTILE;
    b.metrics = metrics;
    b.models = names;
    b.title = b.footnote = HOSTILE;

    for (k = 0; k < 6; k++) {
        struct mem m;
        const char *text;
        int rc = -1;

        mem_open(&m);
        switch (k) {
        case 0:
            rc = plot_projection_write(m.f, &o, &p);
            break;
        case 1:
            rc = plot_districts_write(m.f, &o, &d);
            break;
        case 2:
            rc = plot_dashboard_write(m.f, &o, &db);
            break;
        case 3:
            rc = plot_allocation_write(m.f, &o, &a);
            break;
        case 4:
            rc = plot_scenarios_write(m.f, &o, &s);
            break;
        case 5:
            rc = plot_backtest_write(m.f, &o, &b);
            break;
        }
        assert_int_equal(rc, PLOT_OK);
        text = mem_close(&m);
        assert_true(check_script(text) > 5);
        /* The hostile text is there, as one literal, newlines turned into spaces. */
        assert_non_null(strstr(text, "\"a'; system(\\042touch /tmp/attain-pwn\\042) ; "
                                     "'\\140touch /tmp/attain-pwn2\\140 \\100x EOD q"));
        assert_non_null(strstr(text, "set output \"out'; system(\\042x\\042).svg\"\n"));
        mem_free(&m);
    }
}

/* ---- refused input ----------------------------------------------------- */

/* rc must be PLOT_EINVAL and the stream must be empty. */
static void expect_refused(int (*write)(FILE *, const struct plot_output *, const void *),
                           const struct plot_output *o, const void *chart)
{
    struct mem m;

    mem_open(&m);
    assert_int_equal(write(m.f, o, chart), PLOT_EINVAL);
    mem_close(&m);
    assert_int_equal(m.len, 0);
    mem_free(&m);
}

static int w_projection(FILE *f, const struct plot_output *o, const void *c)
{
    return plot_projection_write(f, o, c);
}
static int w_districts(FILE *f, const struct plot_output *o, const void *c)
{
    return plot_districts_write(f, o, c);
}
static int w_dashboard(FILE *f, const struct plot_output *o, const void *c)
{
    return plot_dashboard_write(f, o, c);
}
static int w_allocation(FILE *f, const struct plot_output *o, const void *c)
{
    return plot_allocation_write(f, o, c);
}
static int w_scenarios(FILE *f, const struct plot_output *o, const void *c)
{
    return plot_scenarios_write(f, o, c);
}
static int w_backtest(FILE *f, const struct plot_output *o, const void *c)
{
    return plot_backtest_write(f, o, c);
}

static void test_plots__nan_and_inf_are_refused(void **state)
{
    const struct plot_output o = {"x.png", NULL, 0, 0, NULL};
    struct plot_xy hist[8];
    struct plot_fan fan[2];
    struct plot_projection p, panels[6];
    struct plot_districts d;
    struct plot_dash_row rows[5];
    struct plot_dashboard db = fx_dashboard();
    struct plot_alloc_row arows[6];
    struct plot_allocation a = fx_allocation();
    double prob[12], smape[6];
    struct plot_scenarios s = fx_scenarios();
    struct plot_metric metrics[2];
    struct plot_backtest b = fx_backtest();

    (void)state;
    memcpy(hist, fx_hist, sizeof hist);
    hist[3].y = NAN;
    p = fx_projection();
    p.history = hist;
    expect_refused(w_projection, &o, &p);
    memcpy(fan, fx_fan, sizeof fan);
    fan[1].hi95 = INFINITY;
    p = fx_projection();
    p.fan = fan;
    expect_refused(w_projection, &o, &p);
    p = fx_projection();
    p.target_y = -INFINITY;
    expect_refused(w_projection, &o, &p);
    p = fx_projection();
    p.probability = 1.5; /* not a probability */
    expect_refused(w_projection, &o, &p);
    p = fx_projection();
    p.n_history = 0;
    expect_refused(w_projection, &o, &p);
    p = fx_projection();
    p.current_y = NAN;
    expect_refused(w_projection, &o, &p);

    d = fx_districts(panels);
    panels[4].fan = fan;
    expect_refused(w_districts, &o, &d);

    memcpy(rows, fx_rows, sizeof rows);
    rows[2].probability = NAN;
    db.rows = rows;
    expect_refused(w_dashboard, &o, &db);
    db.n_rows = 0;
    expect_refused(w_dashboard, &o, &db);

    memcpy(arows, fx_alloc_rows, sizeof arows);
    arows[5].expected = INFINITY;
    a.rows = arows;
    expect_refused(w_allocation, &o, &a);
    memcpy(arows, fx_alloc_rows, sizeof arows);
    arows[0].lo = 60; /* lo > hi */
    expect_refused(w_allocation, &o, &a);

    memcpy(prob, fx_scenario_p, sizeof prob);
    prob[11] = NAN;
    s.probability = prob;
    expect_refused(w_scenarios, &o, &s);

    memcpy(smape, fx_smape, sizeof smape);
    smape[0] = INFINITY;
    memcpy(metrics, fx_metrics, sizeof metrics);
    metrics[0].values = smape;
    b.metrics = metrics;
    expect_refused(w_backtest, &o, &b);
}

static void test_plots__bad_outputs_are_refused(void **state)
{
    static const char *const paths[] = {"chart.jpg", "chart", "", "a\nset output 'x'.png",
                                        "chart.png\r.svg"};
    struct plot_projection p = fx_projection();
    size_t i;

    (void)state;
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct plot_output o = {paths[i], NULL, 0, 0, NULL};

        expect_refused(w_projection, &o, &p);
    }
    expect_refused(w_projection, NULL, &p);
    {
        struct plot_output o = {NULL, NULL, 0, 0, NULL};

        expect_refused(w_projection, &o, &p);
    }
    assert_string_equal(plot_strerror(PLOT_EGNUPLOT), "gnuplot failed");
    assert_string_equal(plot_strerror(99), "unknown plot error");
}

static void test_plots__dashboard_sorted_highest_first(void **state)
{
    struct plot_output o = {"d.svg", NULL, 0, 0, NULL};
    struct plot_dashboard db = fx_dashboard();
    struct mem m;
    const char *text, *at[5];
    size_t i;

    (void)state;
    mem_open(&m);
    assert_int_equal(plot_dashboard_write(m.f, &o, &db), PLOT_OK);
    text = mem_close(&m);
    /* 91% on top (y = 4) down to 27% (y = 0). */
    at[0] = strstr(text, "'盘锦市 · 科技型中小企业 · 2025' 4");
    at[1] = strstr(text, "'兴隆台区 · 高新技术企业 · 2021' 3");
    at[2] = strstr(text, "'盘锦市 · 众创空间 · 2025' 2");
    at[3] = strstr(text, "'盘锦市 · 孵化器 · 2025' 1");
    at[4] = strstr(text, "'盘锦市 · 高新技术企业 · 2025' 0");
    for (i = 0; i < 5; i++)
        assert_non_null(at[i]);
    for (i = 1; i < 5; i++)
        assert_true(at[i - 1] < at[i]);
    mem_free(&m);
}

static void test_plots__dashboard_legend_above_the_plot(void **state)
{
    struct plot_output o = {"d.png", NULL, 2400, 3000, NULL};
    struct plot_dashboard db = fx_dashboard();
    struct mem m;
    const char *text;

    (void)state;
    /*
     * Title and legend are placed by lines of text from the top: a line is
     * 2400 / 54 = 44.44 px, 0.014815 of a 3000 px canvas; the title 1.3
     * lines down (0.98074), the legend 2.3 lines (0.96593), above the plot
     * whatever the bars and labels are.
     */
    mem_open(&m);
    assert_int_equal(plot_dashboard_write(m.f, &o, &db), PLOT_OK);
    text = mem_close(&m);
    assert_non_null(strstr(text,
                           "set label 98 '目标达成概率一览' at screen 0.5, screen 0.9807407407 "
                           "center front font ',15'\n"));
    assert_non_null(
        strstr(text, "set key at screen 0.5, screen 0.9659259259 center top horizontal"));
    assert_null(strstr(text, "set title"));
    mem_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plots__escape_plain_and_null),
        cmocka_unit_test(test_plots__escape_single_quotes_in_double_quotes),
        cmocka_unit_test(test_plots__escape_keeps_inert_characters),
        cmocka_unit_test(test_plots__escape_removes_line_breaks),
        cmocka_unit_test(test_plots__escape_repairs_utf8),
        cmocka_unit_test(test_plots__escape_truncates_long_labels),
        cmocka_unit_test(test_plots__escape_tic_doubles_percent),
        cmocka_unit_test(test_plots__escape_title_wraps),
        cmocka_unit_test(test_plots__golden_scripts),
        cmocka_unit_test(test_plots__allocation_proposed),
        cmocka_unit_test(test_plots__english_labels),
        cmocka_unit_test(test_plots__probability_words_never_overstate),
        cmocka_unit_test(test_plots__legend_can_be_left_out),
        cmocka_unit_test(test_plots__terminal_by_extension),
        cmocka_unit_test(test_plots__hostile_labels_stay_text),
        cmocka_unit_test(test_plots__nan_and_inf_are_refused),
        cmocka_unit_test(test_plots__bad_outputs_are_refused),
        cmocka_unit_test(test_plots__dashboard_sorted_highest_first),
        cmocka_unit_test(test_plots__dashboard_legend_above_the_plot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
