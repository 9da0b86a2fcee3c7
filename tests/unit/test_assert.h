/*
 * tests/unit/test_assert.h -- assert_rel/assert_abs for doubles in cmocka
 * tests (cmocka 1.1's assert_float_equal casts to float),
 * with the expression, the line and both values in the failure message.
 * Include after <cmocka.h> and <math.h>.
 */
#ifndef ATTAIN_TESTS_TEST_ASSERT_H
#define ATTAIN_TESTS_TEST_ASSERT_H

/* |got - want| <= tol * |want| (tol absolute when want is 0). */
static inline void assert_rel_(double got, double want, double tol, const char *what, int line)
{
    double err = fabs(got - want) / (fabs(want) > 0.0 ? fabs(want) : 1.0);

    if (!(err <= tol))
        fail_msg("line %d: %s = %.17g, want %.17g (rel err %.3g > %.3g)", line, what, got, want,
                 err, tol);
}
#define assert_rel(got, want, tol) assert_rel_((got), (want), (tol), #got, __LINE__)

/* |got - want| <= tol. */
static inline void assert_abs_(double got, double want, double tol, const char *what, int line)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("line %d: %s = %.17g, want %.17g (abs err %.3g > %.3g)", line, what, got, want,
                 fabs(got - want), tol);
}
#define assert_abs(got, want, tol) assert_abs_((got), (want), (tol), #got, __LINE__)

#endif /* ATTAIN_TESTS_TEST_ASSERT_H */
