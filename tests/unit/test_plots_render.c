/*
 * tests/unit/test_plots_render.c -- the scripts of plots/ run by real
 * gnuplot through a plot_session: every chart kind as PNG (magic bytes and
 * IHDR size), SVG (well-formed start and end, the Chinese title as text)
 * and PDF (%PDF header, %%EOF trailer); hostile labels run nothing; gnuplot's
 * own error message comes back from plot_session_close().  Skipped when no
 * gnuplot is on PATH.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "plot.h"
#include "test_plots_fixtures.h"

#define FONT "Noto Sans CJK SC"

static bool has_gnuplot(void)
{
    const char *path = getenv("PATH");
    char dir[4096];

    while (path && *path) {
        size_t n = strcspn(path, ":");
        char file[4200];

        if (n < sizeof dir) {
            memcpy(dir, path, n);
            dir[n] = '\0';
            snprintf(file, sizeof file, "%s/gnuplot", n ? dir : ".");
            if (access(file, X_OK) == 0)
                return true;
        }
        path += n + (path[n] == ':');
    }
    return false;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        fail_msg("cannot open '%s': %s", path, strerror(errno));
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A PNG of exactly w x h pixels (the IHDR chunk comes first, at byte 8). */
static void check_png(const char *path, uint32_t w, uint32_t h)
{
    static const unsigned char magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    size_t len;
    unsigned char *b = (unsigned char *)slurp(path, &len);

    assert_true(len > 10000); /* a drawn chart, not an empty canvas */
    assert_memory_equal(b, magic, 8);
    assert_memory_equal(b + 12, "IHDR", 4);
    assert_int_equal(be32(b + 16), w);
    assert_int_equal(be32(b + 20), h);
    free(b);
}

static void check_svg(const char *path, const char *text)
{
    size_t len;
    char *b = slurp(path, &len);

    assert_true(len > 2000);
    assert_non_null(strstr(b, "<svg"));
    assert_non_null(strstr(b, "</svg>"));
    if (!strstr(b, text))
        fail_msg("'%s' does not contain '%s'", path, text);
    free(b);
}

static void check_pdf(const char *path)
{
    size_t len;
    char *b = slurp(path, &len);

    assert_true(len > 2000);
    assert_memory_equal(b, "%PDF-", 5);
    assert_non_null(strstr(b + len - 64 > b ? b + len - 64 : b, "%%EOF"));
    free(b);
}

static char tmpdir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/attain-plots-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    /* Test scratch only: the directory made by setup(). */
    if (getenv("ATTAIN_KEEP_TMP"))
        return 0;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    {
        FILE *p = popen(cmd, "r");

        return p && pclose(p) == 0 ? 0 : -1;
    }
}

static const char *const ext[] = {"png", "svg", "pdf"};
static const char *const kind[] = {"projection", "districts", "dashboard",
                                   "allocation", "scenarios", "backtest"};
/* A Chinese text each kind's SVG must carry. */
static const char *const kind_text[] = {"盘锦市 高新技术企业", "辽东湾新区",
                                        "目标达成概率一览",    "预期完成",
                                        "高新区增速 +20%",     "回测：各模型预测精度"};

/* Every kind in every format through one gnuplot process. */
static void test_plots__every_kind_renders(void **state)
{
    struct plot_session *s = NULL;
    char msg[1024], path[18][256];
    size_t k, e;
    FILE *f;

    (void)state;
    if (!has_gnuplot())
        skip();
    assert_int_equal(plot_session_open(&s, "gnuplot", msg, sizeof msg), PLOT_OK);
    f = plot_session_stream(s);
    assert_non_null(f);
    for (k = 0; k < 6; k++) {
        for (e = 0; e < 3; e++) {
            struct plot_output o = {path[k * 3 + e], FONT, 0, 0, NULL};
            struct plot_projection panels[6];
            struct plot_projection p = fx_projection();
            struct plot_districts d = fx_districts(panels);
            struct plot_dashboard db = fx_dashboard();
            struct plot_allocation a = fx_allocation();
            struct plot_scenarios sc = fx_scenarios();
            struct plot_backtest b = fx_backtest();
            int rc = -1;

            snprintf(path[k * 3 + e], sizeof path[0], "%s/%s.%s", tmpdir, kind[k], ext[e]);
            switch (k) {
            case 0:
                rc = plot_projection_write(f, &o, &p);
                break;
            case 1:
                rc = plot_districts_write(f, &o, &d);
                break;
            case 2:
                rc = plot_dashboard_write(f, &o, &db);
                break;
            case 3:
                rc = plot_allocation_write(f, &o, &a);
                break;
            case 4:
                rc = plot_scenarios_write(f, &o, &sc);
                break;
            case 5:
                rc = plot_backtest_write(f, &o, &b);
                break;
            }
            assert_int_equal(rc, PLOT_OK);
        }
    }
    if (plot_session_close(s, msg, sizeof msg) != PLOT_OK)
        fail_msg("gnuplot failed: %s", msg);
    for (k = 0; k < 6; k++) {
        check_png(path[k * 3], 2400, 1500);
        check_svg(path[k * 3 + 1], kind_text[k]);
        check_pdf(path[k * 3 + 2]);
    }
}

static void test_plots__png_size_set_by_caller(void **state)
{
    struct plot_session *s = NULL;
    char msg[1024], path[256];
    struct plot_output o = {path, FONT, 1200, 750, &plot_labels_en};
    struct plot_projection p = fx_projection();

    (void)state;
    if (!has_gnuplot())
        skip();
    snprintf(path, sizeof path, "%s/small.png", tmpdir);
    assert_int_equal(plot_session_open(&s, NULL, msg, sizeof msg), PLOT_OK);
    assert_int_equal(plot_projection_write(plot_session_stream(s), &o, &p), PLOT_OK);
    assert_int_equal(plot_session_close(s, msg, sizeof msg), PLOT_OK);
    check_png(path, 1200, 750);
}

/* Hostile names reach the SVG as text, and nothing they name is run. */
static void test_plots__hostile_labels_run_nothing(void **state)
{
    char pwn1[128], pwn2[128], pwn3[128], label[1024], cut[128], path[256], msg[1024];
    struct plot_session *s = NULL;
    struct plot_output o = {path, FONT, 0, 0, NULL};
    struct plot_projection p = fx_projection();
    struct plot_dash_row rows[5];
    struct plot_dashboard db = fx_dashboard();
    struct stat st;

    (void)state;
    if (!has_gnuplot())
        skip();
    snprintf(pwn1, sizeof pwn1, "%s/pwn1", tmpdir);
    snprintf(pwn2, sizeof pwn2, "%s/pwn2", tmpdir);
    snprintf(pwn3, sizeof pwn3, "%s/pwn3", tmpdir);
    snprintf(label, sizeof label,
             "a'; system(\"touch %s\") ; '`touch %s`\nsystem(\"touch %s\")\nEOD\n@x %%d <b>&", pwn1,
             pwn2, pwn3);
    /* The first 40 characters are ASCII without a newline (the path is 24). */
    snprintf(cut, sizeof cut, "<text>%.40s…</text>", label);
    p.title = p.y_label = p.footnote = label;
    memcpy(rows, fx_rows, sizeof rows);
    rows[0].label = rows[3].label = label;
    db.rows = rows;
    assert_int_equal(plot_session_open(&s, "gnuplot", msg, sizeof msg), PLOT_OK);
    snprintf(path, sizeof path, "%s/hostile.svg", tmpdir);
    assert_int_equal(plot_projection_write(plot_session_stream(s), &o, &p), PLOT_OK);
    snprintf(path, sizeof path, "%s/hostile-dash.svg", tmpdir);
    assert_int_equal(plot_dashboard_write(plot_session_stream(s), &o, &db), PLOT_OK);
    if (plot_session_close(s, msg, sizeof msg) != PLOT_OK)
        fail_msg("gnuplot failed: %s", msg);
    assert_int_equal(stat(pwn1, &st), -1);
    assert_int_equal(stat(pwn2, &st), -1);
    assert_int_equal(stat(pwn3, &st), -1);
    /* The SVG shows the text as written (newlines as spaces, XML-escaped). */
    snprintf(label, sizeof label, "a'; system(\"touch %s\") ; '`touch %s` system(", pwn1, pwn2);
    /* In the dashboard the names are tic labels: cut after 40 columns. */
    check_svg(path, cut);
    snprintf(path, sizeof path, "%s/hostile.svg", tmpdir);
    snprintf(label, sizeof label, "a'; system(\"touch %s\") ; '`touch %s` system(", pwn1, pwn2);
    check_svg(path, label);
    check_svg(path, "EOD @x %d &lt;b>&amp;");
}

static void test_plots__gnuplot_message_is_reported(void **state)
{
    struct plot_session *s = NULL;
    struct sigaction now;
    char msg[1024];

    (void)state;
    if (!has_gnuplot())
        skip();
    assert_int_equal(plot_session_open(&s, "gnuplot", msg, sizeof msg), PLOT_OK);
    fputs("set nonsense_option\n", plot_session_stream(s));
    assert_int_equal(plot_session_close(s, msg, sizeof msg), PLOT_EGNUPLOT);
    assert_non_null(strstr(msg, "line 0: unrecognized option - see 'help set'."));
    /* SIGPIPE is back to what it was (the default) after the session. */
    assert_int_equal(sigaction(SIGPIPE, NULL, &now), 0);
    assert_true(now.sa_handler == SIG_DFL);
}

static void test_plots__missing_program_is_reported(void **state)
{
    struct plot_session *s = NULL;
    char msg[1024];

    (void)state;
    /* The shell starts, cannot find the program and exits 127. */
    assert_int_equal(plot_session_open(&s, "/nonexistent/gnu'plot", msg, sizeof msg), PLOT_OK);
    assert_int_equal(plot_session_close(s, msg, sizeof msg), PLOT_EGNUPLOT);
    assert_non_null(strstr(msg, "/nonexistent/gnu'plot"));
    assert_non_null(strstr(msg, "not found"));
    assert_int_equal(plot_session_close(NULL, msg, sizeof msg), PLOT_OK);
    assert_int_equal(plot_session_open(NULL, "gnuplot", msg, sizeof msg), PLOT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plots__every_kind_renders),
        cmocka_unit_test(test_plots__png_size_set_by_caller),
        cmocka_unit_test(test_plots__hostile_labels_run_nothing),
        cmocka_unit_test(test_plots__gnuplot_message_is_reported),
        cmocka_unit_test(test_plots__missing_program_is_reported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
