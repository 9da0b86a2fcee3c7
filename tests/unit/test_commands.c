/*
 * tests/unit/test_commands.c -- the command table and the option helpers of
 * engine/commands.c: the table is sorted with complete rows, "did you mean"
 * picks typos and shared prefixes, and the getopt_long error messages name
 * the command and the option exactly.
 */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "commands.h"
#include "ctx.h"
#include "messages.h"

static void test_commands__table_sorted_and_complete(void **state)
{
    size_t n = 0, i;
    const struct cmd_entry *t = cmd_table(&n);
    char want[64];

    (void)state;
    assert_true(n >= 3);
    for (i = 0; i < n; i++) {
        assert_non_null(t[i].fn);
        assert_true(strlen(t[i].summary) > 0);
        snprintf(want, sizeof want, "usage: attain %s", t[i].name);
        assert_memory_equal(t[i].usage, want, strlen(want));
        assert_int_equal(t[i].usage[strlen(t[i].usage) - 1], '\n');
        if (i > 0)
            assert_true(strcmp(t[i - 1].name, t[i].name) < 0);
        assert_ptr_equal(cmd_find(t[i].name), &t[i]);
        /* CREATE or WRITE without NEED_DB would be ignored: a table mistake. */
        if (t[i].flags & (CMD_WRITE_DB | CMD_CREATE_DB))
            assert_true(t[i].flags & CMD_NEED_DB);
    }
    assert_null(cmd_find("lis"));
    assert_null(cmd_find(""));
}

static void test_commands__nearest(void **state)
{
    (void)state;
    assert_string_equal(cmd_nearest("lsit"), "list"); /* a swap is one edit */
    assert_string_equal(cmd_nearest("inti"), "init");
    assert_string_equal(cmd_nearest("demmo"), "demo");
    assert_string_equal(cmd_nearest("listing"), "list"); /* shares 'list' */
    assert_null(cmd_nearest("xyzzy"));
    assert_null(cmd_nearest("q"));
}

/* Run getopt_long over argv like a command does; return the error status and message. */
static int parse(int argc, char **argv, struct att_ctx *ctx)
{
    static const struct option longopts[] = {
        {"region", required_argument, NULL, 'r'},
        {"dry-run", no_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    int c;

    cmd_getopt_reset();
    while ((c = getopt_long(argc, argv, ":r:", longopts, NULL)) != -1) {
        if (c != 'r' && c != 'n')
            return cmd_option_error(ctx, argc, argv, c, longopts);
    }
    return ATT_OK;
}

static void expect_option_error(const char *arg1, const char *arg2, const char *want)
{
    char a0[] = "forecast";
    char b1[64], b2[64];
    char *argv[4] = {a0, b1, b2, NULL};
    int argc = arg2 ? 3 : 2;
    struct att_ctx ctx;

    memset(&ctx, 0, sizeof ctx);
    snprintf(b1, sizeof b1, "%s", arg1);
    snprintf(b2, sizeof b2, "%s", arg2 ? arg2 : "");
    if (!arg2)
        argv[2] = NULL;
    assert_int_equal(parse(argc, argv, &ctx), ATT_EUSAGE);
    assert_true(ctx.err.set);
    assert_true(ctx.err.located); /* printed as is, without another "attain: " */
    assert_int_equal(ctx.err.code, ATT_EUSAGE);
    assert_string_equal(ctx.err.msg, want);
}

static void test_commands__option_errors(void **state)
{
    (void)state;
    expect_option_error("--x", NULL, "attain forecast: unknown option '--x'");
    /* A near miss of the command's own or a global option is named. */
    expect_option_error("--regoin", NULL,
                        "attain forecast: unknown option '--regoin' (did you mean '--region'?)");
    expect_option_error("--regoin=3", NULL,
                        "attain forecast: unknown option '--regoin' (did you mean '--region'?)");
    expect_option_error("--dryrun", NULL,
                        "attain forecast: unknown option '--dryrun' (did you mean '--dry-run'?)");
    expect_option_error("--formt", NULL,
                        "attain forecast: unknown option '--formt' (did you mean '--format'?)");
    expect_option_error("--bogus", NULL, "attain forecast: unknown option '--bogus'");
    expect_option_error("--x=3", NULL, "attain forecast: unknown option '--x=3'");
    expect_option_error("-q", NULL, "attain forecast: unknown option '-q'");
    expect_option_error("--region", NULL, "attain forecast: option '--region' needs a value");
    expect_option_error("-r", NULL, "attain forecast: option '-r' needs a value");
    expect_option_error("--dry-run=yes", NULL,
                        "attain forecast: option '--dry-run' takes no value");
    /* Options after a plain argument are still found (GNU permutation). */
    expect_option_error("targets", "--bogus", "attain forecast: unknown option '--bogus'");
}

static void test_commands__parse_long(void **state)
{
    struct att_ctx ctx;
    long v = 0;

    (void)state;
    memset(&ctx, 0, sizeof ctx);
    assert_int_equal(cmd_parse_long(&ctx, "forecast", "horizon", "6", 1, 50, &v), ATT_OK);
    assert_int_equal(v, 6);
    assert_int_equal(cmd_parse_long(&ctx, "forecast", "horizon", "-3", -5, 5, &v), ATT_OK);
    assert_int_equal(v, -3);
    assert_false(ctx.err.set);
    assert_int_equal(cmd_parse_long(&ctx, "forecast", "horizon", "51", 1, 50, &v), ATT_EUSAGE);
    assert_string_equal(ctx.err.msg,
                        "attain forecast: option '--horizon' wants a whole number from 1 to 50, "
                        "not '51'");
    assert_int_equal(v, -3); /* untouched on error */
    memset(&ctx, 0, sizeof ctx);
    assert_int_equal(cmd_parse_long(&ctx, "forecast", "until", "2025x", 1900, 2200, &v),
                     ATT_EUSAGE);
    memset(&ctx, 0, sizeof ctx);
    assert_int_equal(cmd_parse_long(&ctx, "forecast", "until", "", 1900, 2200, &v), ATT_EUSAGE);
    memset(&ctx, 0, sizeof ctx);
    assert_int_equal(cmd_parse_long(&ctx, "forecast", "until", " 2025", 1900, 2200, &v),
                     ATT_EUSAGE);
    memset(&ctx, 0, sizeof ctx);
    assert_int_equal(
        cmd_parse_long(&ctx, "forecast", "until", "99999999999999999999999", 1900, 2200, &v),
        ATT_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commands__table_sorted_and_complete),
        cmocka_unit_test(test_commands__nearest),
        cmocka_unit_test(test_commands__option_errors),
        cmocka_unit_test(test_commands__parse_long),
    };
    /* These tests assert the English messages (--lang en). */
    att_msg_lang(ATT_LANG_EN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
