/*
 * tests/unit/test_scenario.c -- reading scenario files (engine/scenario.c)
 * against a small store loaded here: a city, the high-tech zone and a
 * county, a stock observed 2019..2021 with a 2025 target, a flow.  A good
 * file comes back resolved (names to ids, levers as numbers); every kind of
 * bad file is one exact "FILE:LINE: message" with ATT_EDATA.
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
#include <sqlite3.h>

#include "db.h"
#include "load.h"
#include "messages.h"
#include "scenario.h"
#include "test_assert.h"

static const char regions_csv[] = "code,name,parent\n"
                                  "panjin,盘锦市,\n"
                                  "gaoxin,盘锦高新区,panjin\n"
                                  "panshan,盘山县,panjin\n";
static const char indicators_csv[] = "code,name,name_en,unit,measure\n"
                                     "hightech,高新技术企业,high-tech enterprises,家,stock\n"
                                     "guarantee,担保金额,guarantee amount,亿元,flow\n";
static const char obs_csv[] = "region,indicator,period,value\n"
                              "panjin,hightech,2019,120\npanjin,hightech,2020,141\n"
                              "panjin,hightech,2021,163\n"
                              "gaoxin,hightech,2019,70\ngaoxin,hightech,2020,83\n"
                              "gaoxin,hightech,2021,97\n"
                              "panshan,hightech,2019,50\npanshan,hightech,2020,58\n"
                              "panshan,hightech,2021,66\n"
                              "panjin,guarantee,2020,3.5\npanjin,guarantee,2021,4.25\n";
static const char targets_csv[] = "region,indicator,deadline,kind,value\n"
                                  "盘锦市,高新技术企业,2025,level,210\n";

static int setup(void **state)
{
    struct load_input in[4] = {{"regions.csv", regions_csv, sizeof regions_csv - 1, NULL},
                               {"indicators.csv", indicators_csv, sizeof indicators_csv - 1, NULL},
                               {"obs.csv", obs_csv, sizeof obs_csv - 1, NULL},
                               {"targets.csv", targets_csv, sizeof targets_csv - 1, NULL}};
    struct att_err err = {0};
    sqlite3 *db = NULL;

    if (db_open(":memory:", DB_OPEN_WRITE | DB_OPEN_CREATE, &db, &err) != ATT_OK)
        return -1;
    if (load_files(db, in, 4, NULL, NULL, &err) != ATT_OK) {
        db_close(db);
        return -1;
    }
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    return 0;
}

static int parse(sqlite3 *db, const char *text, struct scenario **s, struct att_err *err)
{
    memset(err, 0, sizeof *err);
    return scenario_parse(db, "s.ini", text, strlen(text), NULL, s, err);
}

static void test_scenario__good_file(void **state)
{
    sqlite3 *db = *state;
    struct scenario *s = NULL;
    struct att_err err;
    const char *text = "[scenario]\n"
                       "name = 高新区加力\n"
                       "note = 高新区从2023年起增速提高20%\n"
                       "\n"
                       "[高新技术企业]          ; an indicator, by code or Chinese name\n"
                       "regions = 盘锦高新区, panshan  ; by code or name\n"
                       "from = 2023\n"
                       "growth = ×1.2\n"
                       "capacity = 400\n"
                       "shock = 2024:-8%\n"
                       "[guarantee]\n"
                       "growth = -10%\n"
                       "shock = 2023:-1.5\n"
                       "additions = 0.25\n";

    assert_int_equal(parse(db, text, &s, &err), ATT_OK);
    assert_string_equal(s->name, "高新区加力");
    assert_string_equal(s->note, "高新区从2023年起增速提高20%");
    assert_string_equal(s->path, "s.ini");
    assert_int_equal(strlen(s->digest), 16);
    assert_int_equal(s->n_levers, 2);

    const struct scen_lever *a = &s->levers[0], *b = &s->levers[1];
    assert_string_equal(a->indicator, "hightech");
    assert_int_equal(a->line, 5);
    assert_false(a->all_regions);
    assert_int_equal(a->n_regions, 2);
    assert_int_equal(a->region_ids[0], 2); /* gaoxin */
    assert_int_equal(a->region_ids[1], 3); /* panshan */
    assert_int_equal(a->lever.flags, LEVER_GROWTH | LEVER_CAPACITY | LEVER_SHOCK);
    assert_int_equal(a->lever.from, 2023);
    assert_rel(a->lever.growth, 1.2, 1e-15);
    assert_rel(a->lever.capacity, 400, 0);
    assert_int_equal(a->lever.shock_year, 2024);
    assert_true(a->lever.shock_relative);
    assert_rel(a->lever.shock, -0.08, 1e-15);

    assert_string_equal(b->indicator, "guarantee");
    assert_true(b->all_regions);
    assert_int_equal(b->lever.flags, LEVER_GROWTH | LEVER_SHOCK | LEVER_ADDITIONS);
    assert_int_equal(b->lever.from, 0);
    assert_rel(b->lever.growth, 0.9, 1e-15);
    assert_false(b->lever.shock_relative);
    assert_rel(b->lever.shock, -1.5, 0);
    assert_rel(b->lever.additions, 0.25, 0);
    scenario_free(s);
}

/* x1.2 and +15% read as factors; a region inside another one named is reached through it. */
static void test_scenario__forms_and_nesting(void **state)
{
    sqlite3 *db = *state;
    struct scenario *s = NULL;
    struct att_err err;

    assert_int_equal(parse(db, "[hightech]\nregions = gaoxin, 盘锦市\ngrowth = x1.25\n", &s, &err),
                     ATT_OK);
    assert_int_equal(s->levers[0].n_regions, 1);
    assert_int_equal(s->levers[0].region_ids[0], 1);
    assert_rel(s->levers[0].lever.growth, 1.25, 1e-15);
    assert_string_equal(s->name, "s"); /* no [scenario] name: the file's */
    scenario_free(s);
    assert_int_equal(parse(db, "[hightech]\ngrowth = +15%\n", &s, &err), ATT_OK);
    assert_rel(s->levers[0].lever.growth, 1.15, 1e-15);
    scenario_free(s);
}

/* An empty file, or [scenario] alone, is the baseline: no levers. */
static void test_scenario__empty(void **state)
{
    sqlite3 *db = *state;
    struct scenario *s = NULL;
    struct att_err err;

    assert_int_equal(parse(db, "", &s, &err), ATT_OK);
    assert_int_equal(s->n_levers, 0);
    scenario_free(s);
    assert_int_equal(parse(db, "; nothing\n[scenario]\nname = 基线\n", &s, &err), ATT_OK);
    assert_int_equal(s->n_levers, 0);
    assert_string_equal(s->name, "基线");
    scenario_free(s);
}

/* The same bytes, the same digest; one byte more, another (FNV-1a of the file). */
static void test_scenario__digest(void **state)
{
    sqlite3 *db = *state;
    struct scenario *s = NULL, *t = NULL;
    struct att_err err;

    assert_int_equal(parse(db, "[hightech]\ngrowth = x1.2\n", &s, &err), ATT_OK);
    assert_int_equal(parse(db, "[hightech]\ngrowth = x1.2\n\n", &t, &err), ATT_OK);
    assert_string_not_equal(s->digest, t->digest);
    scenario_free(t);
    assert_int_equal(parse(db, "", &t, &err), ATT_OK);
    assert_string_equal(t->digest, "cbf29ce484222325"); /* the FNV-1a offset: no bytes */
    scenario_free(t);
    scenario_free(s);
}

struct bad_case {
    const char *text;
    const char *msg;
};

static const struct bad_case bad_cases[] = {
    {"[scenario]\nname = a\n\n[高新技术企p]\ngrowth = x1.2\n",
     "s.ini:4: unknown indicator '高新技术企p' (did you mean '高新技术企业'?)"},
    {"[nothing_like_it]\n", "s.ini:1: unknown indicator 'nothing_like_it'"},
    {"[hightech]\nregions = 盘锦高新, 盘山县\n",
     "s.ini:2: unknown region '盘锦高新' (did you mean '盘锦高新区'?)"},
    {"[hightech]\nregions = gaoxin,,panshan\n", "s.ini:2: empty region name in 'regions'"},
    {"[hightech]\ngrwoth = x1.2\n",
     "s.ini:2: unknown key 'grwoth' in [hightech] (did you mean 'growth'?)"},
    {"[hightech]\nspeed = 3\n", "s.ini:2: unknown key 'speed' in [hightech] (it takes regions, "
                                "from, growth, additions, capacity, shock)"},
    {"[scenario]\ntitle = a\n", "s.ini:2: unknown key 'title' in [scenario] (it takes name, note)"},
    {"name = a\n", "s.ini:1: 'name' is outside a section (put it under [scenario] or an "
                   "indicator's [section])"},
    {"[hightech]\ngrowth = x1.2\ngrowth = x1.3\n",
     "s.ini:3: duplicate key 'growth' (first on line 2)"},
    {"[hightech]\ngrowth = 1.2\n",
     "s.ini:2: growth '1.2' is not a factor (write ×1.2, x1.2, +15% or -10%)"},
    {"[hightech]\ngrowth = ×0\n", "s.ini:2: growth '×0' is not above zero (a factor of 0 or "
                                  "less would undo every year's change)"},
    {"[hightech]\ngrowth = -100%\n", "s.ini:2: growth '-100%' is not above zero (a factor of 0 or "
                                     "less would undo every year's change)"},
    {"[hightech]\ncapacity = 150\n",
     "s.ini:2: capacity 150 is below the last observation of 高新技术企业 in 盘锦市 (163 in 2021)"},
    {"[hightech]\nregions = gaoxin\ncapacity = 90\n",
     "s.ini:3: capacity 90 is below the last observation of 高新技术企业 in 盘锦高新区 (97 in "
     "2021)"},
    {"[hightech]\ncapacity = lots\n", "s.ini:2: capacity 'lots' is not a number"},
    {"[hightech]\nshock = 2021:-8%\n", "s.ini:2: shock in 2021 is not in the future of the data: "
                                       "高新技术企业 in 盘锦市 is observed to 2021"},
    {"[hightech]\nshock = 2024\n",
     "s.ini:2: shock '2024' is not YEAR:CHANGE (write 2024:-8% or 2024:-12)"},
    {"[hightech]\nshock = 2024:-100%\n",
     "s.ini:2: shock '2024:-100%' takes away more than the whole level"},
    {"[hightech]\nfrom = 2026\n",
     "s.ini:2: from 2026 is after every deadline of 高新技术企业 (the last is 2025)"},
    {"[hightech]\nfrom = 20x3\n", "s.ini:2: from '20x3' is not a year (write 2023)"},
    {"[hightech]\nadditions = many\n",
     "s.ini:2: additions 'many' is not a number (units more each year, e.g. 12)"},
    {"[hightech]\njust some words\n", "s.ini:2: expected '[section]' or 'key = value'"},
    {"[hightech\ngrowth = x1.2\n", "s.ini:1: expected '[section]' or 'key = value'"},
    /* The first mistake (by line) is the one reported. */
    {"[hightech]\nbogus = 1\n[nope]\n",
     "s.ini:2: unknown key 'bogus' in [hightech] (it takes regions, from, growth, additions, "
     "capacity, shock)"},
    {"[hightech]\nregions = nowhere\nfrom = 2030\n", "s.ini:2: unknown region 'nowhere'"},
};

static void test_scenario__bad_files(void **state)
{
    sqlite3 *db = *state;
    size_t i;

    for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        struct scenario *s = NULL;
        struct att_err err;
        int rc = parse(db, bad_cases[i].text, &s, &err);
        if (rc != ATT_EDATA || strcmp(err.msg, bad_cases[i].msg) != 0)
            fail_msg("case %zu: rc %d, message\n  '%s'\nwant\n  '%s'", i, rc, err.msg,
                     bad_cases[i].msg);
        assert_true(err.located);
        assert_null(s);
    }
}

/* Bytes a text file cannot hold, and a line longer than libinih takes. */
static void test_scenario__bad_bytes(void **state)
{
    sqlite3 *db = *state;
    struct scenario *s = NULL;
    struct att_err err = {0};
    char longline[400];

    assert_int_equal(scenario_parse(db, "s.ini", "[hightech]\ngr\0wth = x1\n", 22, NULL, &s, &err),
                     ATT_EDATA);
    assert_string_equal(err.msg, "s.ini:2:3: NUL byte in a scenario file");
    memset(&err, 0, sizeof err);
    assert_int_equal(parse(db, "[scenario]\nname = \xff\xfe\n", &s, &err), ATT_EDATA);
    assert_string_equal(err.msg, "s.ini:2:8: not UTF-8 text (save the scenario file as UTF-8)");
    snprintf(longline, sizeof longline, "[scenario]\nnote = %0300d\n", 7);
    assert_int_equal(parse(db, longline, &s, &err), ATT_EDATA);
    assert_string_equal(err.msg, "s.ini:2: line is longer than 199 bytes");
    assert_null(s);
}

/* What scenario_write writes reads back as the same lever. */
static void test_scenario__write_roundtrip(void **state)
{
    sqlite3 *db = *state;
    struct scenario *s = NULL;
    struct att_err err = {0};
    struct lever lv = {.flags = LEVER_GROWTH | LEVER_ADDITIONS | LEVER_CAPACITY | LEVER_SHOCK,
                       .from = 2022,
                       .growth = 1.735,
                       .additions = 12,
                       .shock_year = 2023,
                       .shock = -0.085,
                       .shock_relative = true,
                       .capacity = 455};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    scenario_write(f, "解", "到2025年达成概率80%", "高新技术企业", "盘锦高新区, 盘山县", &lv);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(buf, "[scenario]\nname = 解\nnote = 到2025年达成概率80%\n\n"
                             "[高新技术企业]\nregions = 盘锦高新区, 盘山县\nfrom = 2022\n"
                             "growth = ×1.735\nadditions = 12\ncapacity = 455\n"
                             "shock = 2023:-8.5%\n");
    assert_int_equal(scenario_parse(db, "w.ini", buf, len, NULL, &s, &err), ATT_OK);
    assert_int_equal(s->levers[0].lever.flags, lv.flags);
    assert_rel(s->levers[0].lever.growth, 1.735, 1e-15);
    assert_rel(s->levers[0].lever.shock, -0.085, 1e-15);
    assert_int_equal(s->levers[0].n_regions, 2);
    scenario_free(s);
    free(buf);
}

static void test_scenario__missing_file(void **state)
{
    sqlite3 *db = *state;
    struct scenario *s = NULL;
    struct att_err err = {0};

    assert_int_equal(scenario_load(db, "/nonexistent/s.ini", NULL, &s, &err), ATT_ENOINPUT);
    assert_string_equal(err.msg,
                        "cannot open scenario '/nonexistent/s.ini': No such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario__good_file),
        cmocka_unit_test(test_scenario__forms_and_nesting),
        cmocka_unit_test(test_scenario__empty),
        cmocka_unit_test(test_scenario__digest),
        cmocka_unit_test(test_scenario__bad_files),
        cmocka_unit_test(test_scenario__bad_bytes),
        cmocka_unit_test(test_scenario__write_roundtrip),
        cmocka_unit_test(test_scenario__missing_file),
    };
    /* These tests assert the English messages (--lang en). */
    att_msg_lang(ATT_LANG_EN);
    return cmocka_run_group_tests(tests, setup, teardown);
}
