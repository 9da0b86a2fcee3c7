/*
 * tests/unit/test_db_history.c -- what a run found, kept for the next run:
 * db_run_targets_save and db_prev_run_get on a fresh database with three
 * runs (two that recorded probabilities, one that did not).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "db_history.h"

static int64_t add_run(sqlite3 *db, const char *digest, int64_t paths)
{
    struct att_err err = {0};
    struct db_run r;

    memset(&r, 0, sizeof r);
    r.command = "targets";
    r.version = "0.1.0";
    r.seed = 42;
    r.paths = paths;
    r.inputs_digest = (char *)digest;
    r.models = "{\"combo\":2}";
    assert_int_equal(db_run_insert(db, &r, &err), ATT_OK);
    return r.id;
}

static void test_db_history__previous_run(void **state)
{
    char path[] = "/tmp/attain-test-dbh-XXXXXX";
    struct att_err err = {0};
    struct db_prev_run prev;
    sqlite3 *db = NULL;
    const int64_t ids1[] = {3, 1, 2};
    const double p1[] = {0.3, 0.1, 0.2};
    const int64_t ids2[] = {1};
    const double p2[] = {0.55};
    int64_t r1, r2, r3;
    double p;
    int fd;

    (void)state;
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    assert_int_equal(db_open(path, DB_OPEN_WRITE | DB_OPEN_CREATE, &db, &err), ATT_OK);
    r1 = add_run(db, "aaaaaaaaaaaaaaaa", 2000);
    assert_int_equal(db_run_targets_save(db, r1, "2021-05", "all", ids1, p1, 3, &err), ATT_OK);
    r2 = add_run(db, "bbbbbbbbbbbbbbbb", 500); /* a forecast run: nothing recorded */
    r3 = add_run(db, "cccccccccccccccc", 2000);
    assert_int_equal(db_run_targets_save(db, r3, "2021-06", "all", ids2, p2, 1, &err), ATT_OK);

    /* Before run 3: run 1 (run 2 recorded nothing), its targets by id. */
    assert_int_equal(db_prev_run_get(db, r3, "all", &prev, &err), ATT_OK);
    assert_true(prev.found);
    assert_int_equal(prev.run_id, r1);
    assert_string_equal(prev.as_of, "2021-05");
    assert_string_equal(prev.digest, "aaaaaaaaaaaaaaaa");
    assert_int_equal(prev.paths, 2000);
    assert_string_equal(prev.models, "{\"combo\":2}");
    assert_int_equal(prev.n, 3);
    assert_true(db_prev_run_prob(&prev, 2, &p));
    assert_true(p == 0.2);
    assert_true(db_prev_run_prob(&prev, 3, &p));
    assert_true(p == 0.3);
    assert_false(db_prev_run_prob(&prev, 4, &p));
    db_prev_run_release(&prev);
    /* After run 3: run 3 itself; before run 1: none. */
    assert_int_equal(db_prev_run_get(db, r3 + 1, "all", &prev, &err), ATT_OK);
    assert_int_equal(prev.run_id, r3);
    assert_true(db_prev_run_prob(&prev, 1, &p));
    assert_true(p == 0.55);
    db_prev_run_release(&prev);
    assert_int_equal(db_prev_run_get(db, r1, "all", &prev, &err), ATT_OK);
    assert_false(prev.found);
    db_prev_run_release(&prev);
    /* Another selection has no earlier run. */
    assert_int_equal(db_prev_run_get(db, r3 + 1, "region=2 indicator=0", &prev, &err), ATT_OK);
    assert_false(prev.found);
    db_prev_run_release(&prev);
    (void)r2;
    db_close(db);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_db_history__previous_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
