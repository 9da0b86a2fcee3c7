/*
 * tests/fuzz/fuzz_load.c -- libFuzzer target for the CSV loader: every
 * input is loaded as one file into a fresh in-memory database that already
 * holds a few regions and indicators, so the fuzzer reaches name
 * resolution, numbers, periods and the writes, not only the parser.  Any
 * result is fine; a crash, leak, or sanitizer report is a bug, and so is a
 * failed load that leaves a transaction open.
 *
 * ctest replays the kept crash inputs (tests/fuzz/regress/) and the seeds
 * (tests/fuzz/replay.c); `make fuzz` (part of `make test`) fuzzes.  By hand:
 *   CC=clang cmake -S . -B build-fuzz -DATTAIN_FUZZ=ON -DATTAIN_SANITIZE=ON
 *   cmake --build build-fuzz --target fuzz_load
 *   build-fuzz/tests/fuzz_load -max_total_time=60 tests/data/load
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "load.h"

static const char regions_csv[] = "code,name,parent\n"
                                  "panjin,盘锦市,\n"
                                  "panshan,盘山县,panjin\n"
                                  "gaoxin,盘锦高新区,盘锦市\n";

static const char indicators_csv[] = "code,name,name_en,unit,measure\n"
                                     "hightech,高新技术企业,high-tech enterprises,家,stock\n"
                                     "guarantee,担保金额,guarantee amount,亿元,flow\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct load_input base[2] = {
        {"regions.csv", regions_csv, sizeof regions_csv - 1, NULL},
        {"indicators.csv", indicators_csv, sizeof indicators_csv - 1, NULL}};
    struct load_input in = {"fuzz.csv", (const char *)data, size, NULL};
    struct load_summary sum;
    struct att_err err = {0};
    sqlite3 *db = NULL;

    if (db_open(":memory:", DB_OPEN_WRITE | DB_OPEN_CREATE, &db, &err) != ATT_OK)
        abort(); /* the harness itself is broken */
    if (load_files(db, base, 2, NULL, NULL, &err) != ATT_OK)
        abort();
    memset(&err, 0, sizeof err);
    if (load_files(db, &in, 1, &sum, NULL, &err) != ATT_OK && !err.set)
        abort(); /* a failure must say why */
    if (!sqlite3_get_autocommit(db))
        abort(); /* and must not leave the transaction open */
    db_close(db);
    return 0;
}
