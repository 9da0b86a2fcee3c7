/*
 * tests/unit/test_messages.c -- the message table (engine/messages.c):
 * every Chinese format takes the English one's conversions in the same
 * order, keys and English texts are unique, tr() follows the language.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "messages.h"

/* The conversions of a printf format, as "%s%zu%lu" (flags and widths kept). */
static void conversions(const char *fmt, char *out, size_t size)
{
    size_t n = 0;

    out[0] = '\0';
    for (; *fmt; fmt++) {
        if (*fmt != '%')
            continue;
        if (fmt[1] == '%') {
            fmt++;
            continue;
        }
        do {
            if (n + 2 < size)
                out[n++] = *fmt;
            fmt++;
        } while (*fmt && !strchr("sdiuxXfgecp", *fmt));
        if (*fmt && n + 2 < size)
            out[n++] = *fmt;
        out[n] = '\0';
        if (!*fmt)
            break;
    }
}

static void test_messages__same_conversions(void **state)
{
    size_t i;

    (void)state;
    assert_true(att_n_msgs > 50);
    for (i = 0; i < att_n_msgs; i++) {
        char zh[128], en[128];
        conversions(att_msgs[i].zh, zh, sizeof zh);
        conversions(att_msgs[i].en, en, sizeof en);
        if (strcmp(zh, en) != 0)
            fail_msg("message '%s': Chinese takes %s, English %s", att_msgs[i].key, zh, en);
        assert_true(*att_msgs[i].zh && *att_msgs[i].en);
        assert_string_not_equal(att_msgs[i].zh, att_msgs[i].en);
    }
}

static void test_messages__unique(void **state)
{
    size_t i, j;

    (void)state;
    for (i = 0; i < att_n_msgs; i++)
        for (j = i + 1; j < att_n_msgs; j++) {
            if (strcmp(att_msgs[i].key, att_msgs[j].key) == 0)
                fail_msg("key '%s' twice", att_msgs[i].key);
            if (strcmp(att_msgs[i].en, att_msgs[j].en) == 0)
                fail_msg("'%s' twice", att_msgs[i].en);
        }
}

static void test_messages__tr_follows_the_language(void **state)
{
    char buf[256];

    (void)state;
    assert_int_equal(att_msg_current_lang(), ATT_LANG_ZH); /* the default */
    assert_string_equal(tr("empty file"), "空文件");
    snprintf(buf, sizeof buf, tr("not a number '%s'"), "12家");
    assert_string_equal(buf, "不是数字 '12家'");
    snprintf(buf, sizeof buf, tr("unknown %s '%s' (did you mean '%s'?)"), tr("region"), "盘山",
             "盘山县");
    assert_string_equal(buf, "未知的地区 '盘山'（是否指 '盘山县'？）");
    /* A command's usage error, and the lines of `attain revert`. */
    snprintf(buf, sizeof buf, tr("option '--%s' wants a whole number from %ld to %ld, not '%s'"),
             "horizon", 1L, 40L, "0");
    assert_string_equal(buf, "选项 '--horizon' 应为 1 到 40 的整数，而不是 '0'");
    snprintf(buf, sizeof buf, tr("%s %zu removed"), tr(","), (size_t)3);
    assert_string_equal(buf, "，删除 3");
    /* A text not in the table is itself. */
    assert_string_equal(tr("no such message"), "no such message");
    att_msg_lang(ATT_LANG_EN);
    assert_string_equal(tr("empty file"), "empty file");
    snprintf(buf, sizeof buf, tr("unknown %s '%s' (did you mean '%s'?)"), tr("region"), "盘山",
             "盘山县");
    assert_string_equal(buf, "unknown region '盘山' (did you mean '盘山县'?)");
    snprintf(buf, sizeof buf, tr("%s %zu removed"), tr(","), (size_t)3);
    assert_string_equal(buf, ", 3 removed");
    att_msg_lang(ATT_LANG_ZH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_messages__same_conversions),
        cmocka_unit_test(test_messages__unique),
        cmocka_unit_test(test_messages__tr_follows_the_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
