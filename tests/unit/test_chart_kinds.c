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

/* `attain plot --help` describes every kind of the table, one line each. */
static void test_chart_kinds__usage_names_every_kind(void **state)
{
    const struct cmd_entry *plot = cmd_find("plot");
    size_t k;

    (void)state;
    assert_non_null(plot);
    for (k = 0; k < chart_n_kinds; k++) {
        char line[64];

        snprintf(line, sizeof line, "\n  %-10s  ", chart_kinds[k].name);
        if (!strstr(plot->usage, line))
            fail_msg("the plot usage does not describe '%s'", chart_kinds[k].name);
        if (!strstr(plot->summary, chart_kinds[k].name) && !chart_kinds[k].refused)
            fail_msg("the plot summary does not name '%s'", chart_kinds[k].name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart_kinds__find_every_row),
        cmocka_unit_test(test_chart_kinds__list_and_nearest),
        cmocka_unit_test(test_chart_kinds__what_reads_from),
        cmocka_unit_test(test_chart_kinds__usage_names_every_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
