/*
 * tests/unit/test_output_fmt.c -- csv/json numbers (engine/output.c) are the
 * shorter of printf's "%.15g" and "%.17g" that reads back as the value.
 * output.c formats most values without printf (exact 128-bit digits), so
 * every number here is checked against the definition computed with
 * snprintf and strtod: random bit patterns, short decimals, integers,
 * values on both sides of every power of ten from 1e-6 to 1e16 (where the
 * digit count and the exponent change), and negatives.  out_format_g17 (the
 * inputs digest) must equal snprintf "%.17g" on the same values.
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

#include "output.h"

static void reference(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, size, "%.17g", v);
}

static uint64_t state = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

#define N 60000

/* N test values: both sides of every power of ten, then random kinds. */
static double *values(void)
{
    double *v = malloc(N * sizeof *v);
    size_t n = 0;
    int k;

    assert_non_null(v);
    /* Both sides of every power of ten, a few ulps apart. */
    for (k = -6; k <= 16 && n + 8 <= N; k++) {
        double p = pow(10.0, k), lo = p, hi = p;
        int j;
        for (j = 0; j < 4; j++) {
            lo = nextafter(lo, 0.0);
            v[n++] = lo;
            v[n++] = -hi;
            hi = nextafter(hi, 1e300);
        }
    }
    while (n < N) {
        uint64_t r = next();
        double x;
        switch (n % 5) {
        case 0:
            memcpy(&x, &r, sizeof x); /* any bits */
            break;
        case 1:
            x = (double)(r % 100000000) / pow(10.0, (double)(next() % 9)); /* short decimals */
            break;
        case 2:
            x = nearbyint(ldexp((double)(r >> 11), -53) * 1e7); /* integers */
            break;
        case 3:
            x = ldexp((double)(r >> 11), -53) * pow(10.0, (double)(next() % 22) - 5.0);
            break;
        default:
            x = (ldexp((double)(r >> 11), -53) - 0.5) * 1e4;
            break;
        }
        if (isfinite(x))
            v[n++] = x;
    }
    return v;
}

static void test_output_fmt__matches_printf(void **state_)
{
    static const struct out_col col[] = {{"v", "v", "v", OUT_REAL, -1, 0}};
    double *v = values();
    struct out_table *t = out_table_new(col, 1);
    struct att_err err = {0};
    char *text = NULL, *line, *save = NULL, want[64];
    size_t len = 0, i;
    FILE *f;

    (void)state_;
    for (i = 0; i < N; i++) {
        out_row(t);
        out_real(t, 0, v[i]);
    }
    f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(out_table_write(t, f, ATT_FMT_CSV, ATT_LANG_EN, 0, &err), ATT_OK);
    assert_int_equal(fclose(f), 0);
    line = strtok_r(text, "\n", &save); /* the header */
    assert_string_equal(line, "v");
    for (i = 0; i < N; i++) {
        line = strtok_r(NULL, "\n", &save);
        assert_non_null(line);
        reference(want, sizeof want, v[i]);
        if (strcmp(line, want) != 0)
            fail_msg("%.17g: wrote '%s', printf gives '%s'", v[i], line, want);
    }
    free(text);
    out_table_free(t);
    free(v);
}

static void test_output_fmt__g17(void **state_)
{
    double *v = values();
    char got[40], want[40];
    size_t i;

    (void)state_;
    for (i = 0; i < N; i++) {
        out_format_g17(got, sizeof got, v[i]);
        snprintf(want, sizeof want, "%.17g", v[i]);
        if (strcmp(got, want) != 0)
            fail_msg("%.17g: out_format_g17 '%s'", v[i], got);
    }
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_fmt__matches_printf),
        cmocka_unit_test(test_output_fmt__g17),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
