/*
 * tests/fuzz/fuzz_scenario.c -- libFuzzer target for the scenario file
 * reader: every input is parsed as one scenario file against a fresh
 * in-memory database that holds a city with two districts, a stock with
 * observations and a target, and a flow, so that the fuzzer reaches name
 * resolution and the checks against the data, not only libinih.  Any result
 * is fine; a crash, leak or sanitizer report is a bug, and so is a failure
 * without a message or a success that carries one.
 *
 * ctest replays the kept crash inputs (tests/fuzz/regress/) and the seeds
 * (tests/fuzz/replay.c); `make fuzz` (part of `make test`) fuzzes.  By hand:
 *   CC=clang cmake -S . -B build-fuzz -DATTAIN_FUZZ=ON -DATTAIN_SANITIZE=ON
 *   cmake --build build-fuzz --target fuzz_scenario
 *   build-fuzz/tests/fuzz_scenario -max_total_time=60 tests/data/scenario
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "load.h"
#include "scenario.h"

static const char regions_csv[] = "code,name,parent\n"
                                  "panjin,盘锦市,\n"
                                  "gaoxin,盘锦高新区,panjin\n"
                                  "panshan,盘山县,panjin\n";
static const char indicators_csv[] = "code,name,name_en,unit,measure\n"
                                     "hightech,高新技术企业,high-tech enterprises,家,stock\n"
                                     "guarantee,担保金额,guarantee amount,亿元,flow\n";
static const char obs_csv[] = "region,indicator,period,value\n"
                              "panjin,hightech,2020,141\npanjin,hightech,2021,163\n"
                              "gaoxin,hightech,2020,83\ngaoxin,hightech,2021,97\n"
                              "panshan,hightech,2020,58\npanshan,hightech,2021,66\n"
                              "panjin,hightech,2022-06,170\n"
                              "panjin,guarantee,2020,3.5\npanjin,guarantee,2021,4.25\n";
static const char targets_csv[] = "region,indicator,deadline,kind,value\n"
                                  "盘锦市,高新技术企业,2025,level,210\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct load_input base[4] = {
        {"regions.csv", regions_csv, sizeof regions_csv - 1, NULL},
        {"indicators.csv", indicators_csv, sizeof indicators_csv - 1, NULL},
        {"obs.csv", obs_csv, sizeof obs_csv - 1, NULL},
        {"targets.csv", targets_csv, sizeof targets_csv - 1, NULL}};
    struct scenario *s = NULL;
    struct att_err err = {0};
    sqlite3 *db = NULL;
    int rc;

    if (db_open(":memory:", DB_OPEN_WRITE | DB_OPEN_CREATE, &db, &err) != ATT_OK)
        abort(); /* the harness itself is broken */
    if (load_files(db, base, 4, NULL, NULL, &err) != ATT_OK)
        abort();
    memset(&err, 0, sizeof err);
    rc = scenario_parse(db, "fuzz.ini", (const char *)data, size, NULL, &s, &err);
    if (rc != ATT_OK && (!err.set || s))
        abort(); /* a failure must say why, and return nothing */
    if (rc == ATT_OK && (err.set || !s))
        abort();
    scenario_free(s);
    db_close(db);
    return 0;
}
