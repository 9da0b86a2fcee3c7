/*
 * tests/unit/test_chart_kinds.c -- the chart-kind table: lookups, the kind
 * list and "did you mean" that `attain plot` prints, the bulletin sections,
 * and the plot usage text naming every kind of the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "chart_kinds.h"
#include "commands.h"
#include "messages.h"
#include "model.h"

static void test_chart_kinds__find_every_row(void **state)
{
    size_t k;

    (void)state;
    assert_true(chart_n_kinds >= 6);
    for (k = 0; k < chart_n_kinds; k++) {
        const struct chart_kind *c = &chart_kinds[k];

        assert_ptr_equal(chart_kind_find(c->name), c);
        assert_non_null(c->write);
        assert_non_null(c->footnote);
        assert_non_null(c->for_page);
        /* Drawable by `attain plot`, or refused with a reason -- never both. */
        assert_true((c->plot != NULL) != (c->refused != NULL));
        /* In the bulletin exactly when it has a bulletin builder. */
        assert_true((c->section != CHART_NOT_IN_BULLETIN) == (c->bulletin != NULL));
    }
    assert_null(chart_kind_find("pie"));
    assert_null(chart_kind_find("Projection"));
}

static void test_chart_kinds__list_and_nearest(void **state)
{
    char buf[256];

    (void)state;
    chart_kind_list(buf, sizeof buf);
    assert_string_equal(buf, "projection, districts, dashboard, allocation, scenarios or backtest");
    chart_kind_list(buf, 12);
    assert_true(strlen(buf) < 12);
    assert_string_equal(chart_kind_nearest("dashbord"), "dashboard");
    assert_string_equal(chart_kind_nearest("projektion"), "projection");
    assert_string_equal(chart_kind_nearest("backtests"), "backtest");
    assert_null(chart_kind_nearest("pie"));
}

static void test_chart_kinds__what_reads_from(void **state)
{
    (void)state;
    assert_non_null(chart_kind_find("backtest")->from);
    assert_null(chart_kind_find("projection")->from);
    assert_null(chart_kind_find("scenarios")->refused);
    assert_int_equal(chart_kind_find("scenarios")->section, CHART_SCENARIOS);
    assert_int_equal(chart_kind_find("projection")->section, CHART_CITY);
    assert_int_equal(chart_kind_find("dashboard")->section, CHART_OVERVIEW);
    assert_int_equal(chart_kind_find("districts")->section, CHART_DISTRICTS);
    assert_int_equal(chart_kind_find("allocation")->section, CHART_ALLOCATION);
}

/* The text cmd_write_text makes of `text`, in buf. */
static void render(const char *text, char *buf, size_t size)
{
    FILE *f = fmemopen(buf, size, "w");

    assert_non_null(f);
    cmd_write_text(text, f);
    assert_int_equal(fclose(f), 0);
}

/*
 * `attain plot --help` describes every kind of the table, with its help
 * text, and its summary names every kind it can draw: both are generated
 * from the table, so a new row needs no usage edit.
 */
static void test_chart_kinds__usage_names_every_kind(void **state)
{
    const struct cmd_entry *plot = cmd_find("plot");
    static char usage[8192], summary[512];
    size_t k;

    (void)state;
    assert_non_null(plot);
    render(plot->usage, usage, sizeof usage);
    render(plot->summary, summary, sizeof summary);
    assert_null(strchr(usage, '{'));
    for (k = 0; k < chart_n_kinds; k++) {
        char line[128];

        snprintf(line, sizeof line, "\n  %-10s  %.40s", chart_kinds[k].name, chart_kinds[k].help);
        if (!strstr(usage, line))
            fail_msg("the plot usage does not describe '%s'", chart_kinds[k].name);
        if (!strstr(summary, chart_kinds[k].name) != (chart_kinds[k].refused != NULL))
            fail_msg("the plot summary names '%s' wrongly", chart_kinds[k].name);
    }
    assert_string_equal(
        summary, "one chart: projection, districts, dashboard, allocation, scenarios, backtest");
}

/*
 * buf lists every model once, in table order, after the option's text;
 * its lines fit in CMD_USAGE_WIDTH and continue under column `indent`.
 */
static void check_models(const char *buf, size_t indent)
{
    const char *p = buf, *line = buf;
    size_t k;

    for (k = 0; k < MODEL_KIND_COUNT; k++) {
        const char *name = model_kind_name((enum model_kind)k);
        const char *at = strstr(p, name);

        if (!at)
            fail_msg("model '%s' missing or out of order in '%s'", name, buf);
        p = at + strlen(name);
        assert_true(*p == (k + 1 < MODEL_KIND_COUNT ? ',' : '\n'));
    }
    for (p = buf; *p; p++)
        if (*p == '\n') {
            assert_true((size_t)(p - line) <= CMD_USAGE_WIDTH);
            line = p + 1;
            if (*line) {
                assert_true(strspn(line, " ") == indent);
            }
        }
    assert_true(strchr(buf, '\n') != strrchr(buf, '\n')); /* the list did wrap */
}

/* The text outside the placeholders is written as it is, braces included. */
static void test_chart_kinds__text_without_placeholders(void **state)
{
    char buf[256];

    (void)state;
    render("a {b} {models c\n", buf, sizeof buf);
    assert_string_equal(buf, "a {b} {models c\n");
    render("  --model M  auto,{models}\n", buf, sizeof buf);
    check_models(buf, 13);
    render("  --model M        auto (default), combo,{models}\n", buf, sizeof buf);
    check_models(buf, 19);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart_kinds__find_every_row),
        cmocka_unit_test(test_chart_kinds__list_and_nearest),
        cmocka_unit_test(test_chart_kinds__what_reads_from),
        cmocka_unit_test(test_chart_kinds__usage_names_every_kind),
        cmocka_unit_test(test_chart_kinds__text_without_placeholders),
    };
    /* These tests assert the English messages (--lang en). */
    att_msg_lang(ATT_LANG_EN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
