/*
 * tests/unit/test_load.c -- the loader (engine/load.c) and name resolution
 * (engine/names.c) on an in-memory database: what each kind of file writes,
 * revisions on reload, and that every rejection leaves the database exactly
 * as it was (compared as a dump of every table) with the exact message.
 * The expected counts and values are read off the small inputs by hand.
 */
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
#include "names.h"

static const char regions_csv[] = "code,name,parent\n"
                                  "panjin,盘锦市,\n"
                                  "panshan,盘山县,panjin\n"
                                  "gaoxin,盘锦高新区,盘锦市\n";

static const char indicators_csv[] = "code,name,name_en,unit,measure\n"
                                     "hightech,高新技术企业,high-tech enterprises,家,stock\n"
                                     "tech_sme,科技型中小企业,technology-based SMEs,家,stock\n"
                                     "guarantee,担保金额,guarantee amount,亿元,flow\n";

static sqlite3 *open_db(void)
{
    struct att_err err = {0};
    sqlite3 *db = NULL;

    assert_int_equal(db_open(":memory:", DB_OPEN_WRITE | DB_OPEN_CREATE, &db, &err), ATT_OK);
    return db;
}

/* Load files given as (name, text) pairs; returns the status, err (out) the message. */
static int load(sqlite3 *db, struct att_err *err, struct load_summary *sums, size_t n, ...)
{
    struct load_input in[8];
    va_list ap;
    size_t i;

    assert_true(n <= 8);
    va_start(ap, n);
    for (i = 0; i < n; i++) {
        in[i].name = va_arg(ap, const char *);
        in[i].bytes = va_arg(ap, const char *);
        in[i].len = strlen(in[i].bytes);
    }
    va_end(ap);
    memset(err, 0, sizeof *err);
    return load_files(db, in, n, sums, NULL, err);
}

static void load_base(sqlite3 *db)
{
    struct att_err err;

    if (load(db, &err, NULL, 2, "regions.csv", regions_csv, "indicators.csv", indicators_csv) !=
        ATT_OK)
        fail_msg("base load failed: %s", err.msg);
}

/* One text value from a query (or "" for none / NULL), in buf. */
static const char *query(sqlite3 *db, const char *sql, char *buf, size_t n)
{
    sqlite3_stmt *st = NULL;

    buf[0] = '\0';
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

/* Every row of every table as text, to show that nothing changed. */
static char *dump(sqlite3 *db)
{
    static const char *const tables[] = {
        "SELECT * FROM regions ORDER BY id",
        "SELECT * FROM indicators ORDER BY id",
        "SELECT * FROM loads ORDER BY id",
        "SELECT * FROM observations ORDER BY region_id, indicator_id, period",
        "SELECT * FROM observation_revisions ORDER BY id",
        "SELECT * FROM targets ORDER BY id",
    };
    size_t cap = 4096;
    size_t len = 0;
    char *out = malloc(cap);
    size_t t;

    assert_non_null(out);
    out[0] = '\0';
    for (t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        sqlite3_stmt *st = NULL;

        assert_int_equal(sqlite3_prepare_v2(db, tables[t], -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int c;

            for (c = 0; c < sqlite3_column_count(st); c++) {
                const char *v = (const char *)sqlite3_column_text(st, c);
                size_t need = strlen(v ? v : "NULL") + 2;

                if (len + need + 1 > cap) {
                    cap = 2 * (len + need + 1);
                    out = realloc(out, cap);
                    assert_non_null(out);
                }
                len += (size_t)snprintf(out + len, cap - len, "%s%c", v ? v : "NULL",
                                        c + 1 < sqlite3_column_count(st) ? '|' : '\n');
            }
        }
        sqlite3_finalize(st);
    }
    return out;
}

/* Loading `text` as `name` fails with exactly msg, and the database is unchanged. */
static void expect_rejected(sqlite3 *db, const char *name, const char *text, const char *msg)
{
    struct att_err err;
    char *before = dump(db);
    char *after;
    int rc = load(db, &err, NULL, 1, name, text);

    after = dump(db);
    if (rc != ATT_EDATA)
        fail_msg("'%s' gave status %d (%s), not 65", text, rc, err.msg);
    assert_string_equal(err.msg, msg);
    assert_true(err.located);
    assert_string_equal(after, before);
    assert_true(sqlite3_get_autocommit(db)); /* no transaction left open */
    free(before);
    free(after);
}

static void test_load__regions_and_indicators(void **state)
{
    sqlite3 *db = open_db();
    struct load_summary sums[2];
    struct att_err err;
    char buf[256];

    (void)state;
    assert_int_equal(
        load(db, &err, sums, 2, "regions.csv", regions_csv, "indicators.csv", indicators_csv),
        ATT_OK);
    assert_int_equal(sums[0].kind, LOAD_REGIONS);
    assert_int_equal(sums[0].added, 3);
    assert_int_equal(sums[1].kind, LOAD_INDICATORS);
    assert_int_equal(sums[1].added, 3);
    /* gaoxin's parent was given by Chinese name, panshan's by code. */
    assert_string_equal(query(db,
                              "SELECT group_concat(r.code || '<' || p.code, ' ') FROM regions r "
                              "JOIN regions p ON p.id = r.parent_id",
                              buf, sizeof buf),
                        "panshan<panjin gaoxin<panjin");
    assert_string_equal(query(db, "SELECT measure || unit FROM indicators WHERE code = 'guarantee'",
                              buf, sizeof buf),
                        "flow亿元");
    assert_string_equal(query(db, "SELECT files FROM loads", buf, sizeof buf),
                        "regions.csv\nindicators.csv");
    /* Loaded again: all unchanged; a renamed region counts as changed. */
    assert_int_equal(load(db, &err, sums, 1, "r.csv",
                          "code,name,parent\npanjin,盘锦市,\nPanShan,盘山县新,panjin\n"),
                     ATT_OK);
    assert_int_equal(sums[0].added, 0);
    assert_int_equal(sums[0].changed, 1);
    assert_int_equal(sums[0].unchanged, 1);
    assert_string_equal(query(db, "SELECT code || name FROM regions WHERE id = 2", buf, sizeof buf),
                        "PanShan盘山县新");
    sqlite3_close(db);
}

static void test_load__observations_long(void **state)
{
    sqlite3 *db = open_db();
    struct load_summary s;
    struct att_err err;
    char buf[256];

    (void)state;
    load_base(db);
    assert_int_equal(load(db, &err, &s, 1, "obs.csv",
                          "region,indicator,period,value,source,note\n"
                          "panshan,hightech,2019,12,统计局,\n"
                          "盘山县,高新技术企业,2020,15.5,,first half\n"
                          "PANSHAN,HighTech,2021-03,\"1,234.5\",,\n"
                          "panshan,hightech,2019,12,统计局,\n"), /* the same row again: fine */
                     ATT_OK);
    assert_int_equal(s.kind, LOAD_OBSERVATIONS);
    assert_int_equal(s.rows, 4);
    assert_int_equal(s.added, 3);
    assert_int_equal(s.changed + s.unchanged, 0);
    assert_string_equal(query(db,
                              "SELECT group_concat(period || '=' || value || ':' || "
                              "ifnull(source, '-') || ':' || ifnull(note, '-'), ' ') FROM "
                              "(SELECT * FROM observations ORDER BY period)",
                              buf, sizeof buf),
                        "2019=12.0:统计局:- 2020=15.5:-:first half 2021-03=1234.5:-:-");
    sqlite3_close(db);
}

static void test_load__revisions(void **state)
{
    sqlite3 *db = open_db();
    struct load_summary s;
    struct att_err err;
    int64_t id = 0;
    struct load_input in = {"obs2.csv",
                            "region,indicator,period,value\n"
                            "panshan,hightech,2019,12\n"
                            "panshan,hightech,2020,16\n"
                            "gaoxin,hightech,2020,7\n",
                            0, NULL};
    char buf[256];

    (void)state;
    load_base(db); /* load 1 */
    assert_int_equal(load(db, &err, &s, 1, "obs1.csv",
                          "region,indicator,period,value,source\n"
                          "panshan,hightech,2019,12,a\n"
                          "panshan,hightech,2020,15,a\n"),
                     ATT_OK); /* load 2 */
    in.len = strlen(in.bytes);
    memset(&err, 0, sizeof err);
    assert_int_equal(load_files(db, &in, 1, &s, &id, &err), ATT_OK); /* load 3 */
    assert_int_equal(id, 3);
    assert_int_equal(s.added, 1);
    assert_int_equal(s.changed, 1);
    assert_int_equal(s.unchanged, 1);
    /* Only the changed value is a revision: the old row, and who replaced it. */
    assert_string_equal(query(db,
                              "SELECT count(*) || ':' || period || '=' || value || ':' || source "
                              "|| ':' || load_id || '->' || replaced_by FROM observation_revisions",
                              buf, sizeof buf),
                        "1:2020=15.0:a:2->3");
    assert_string_equal(query(db,
                              "SELECT value || ':' || ifnull(source, '-') || ':' || load_id FROM "
                              "observations WHERE period = '2020' AND region_id = 2",
                              buf, sizeof buf),
                        "16.0:-:3");
    /* The unchanged 2019 row keeps the load that brought it. */
    assert_string_equal(
        query(db, "SELECT load_id FROM observations WHERE period = '2019'", buf, sizeof buf), "2");
    sqlite3_close(db);
}

static void test_load__wide(void **state)
{
    sqlite3 *db = open_db();
    struct load_summary s;
    struct att_err err;
    char buf[256];

    (void)state;
    load_base(db);
    assert_int_equal(load(db, &err, &s, 1, "wide.csv",
                          "region,indicator,2018,2019,2020\r\n"
                          "panshan,hightech,10,,12\r\n"
                          "盘锦高新区,tech_sme,,\"1,005\",１２３\r\n"),
                     ATT_OK);
    assert_int_equal(s.kind, LOAD_OBSERVATIONS_WIDE);
    assert_int_equal(s.added, 4);
    assert_int_equal(s.empty, 2);
    assert_string_equal(query(db,
                              "SELECT group_concat(value, ' ') FROM (SELECT value FROM "
                              "observations ORDER BY region_id, period)",
                              buf, sizeof buf),
                        "10.0 12.0 1005.0 123.0");
    sqlite3_close(db);
}

static void test_load__targets_and_order(void **state)
{
    sqlite3 *db = open_db();
    struct load_summary s[3];
    struct att_err err;
    char buf[256];

    (void)state;
    /* Targets first in the list, then the regions and indicators they name. */
    assert_int_equal(load(db, &err, s, 3, "t.csv",
                          "region,indicator,deadline,kind,value,start,source,lead_unit\n"
                          "panjin,hightech,2025,level,210,,二.1,市科技局\n"
                          "panjin,tech_sme,2025,increment,300,2021,,\n"
                          "panjin,tech_sme,2021,increment,60,,,\n",
                          "regions.csv", regions_csv, "indicators.csv", indicators_csv),
                     ATT_OK);
    assert_int_equal(s[0].kind, LOAD_TARGETS);
    assert_int_equal(s[0].added, 3);
    assert_string_equal(query(db,
                              "SELECT group_concat(deadline || kind || start || '=' || value, ' ') "
                              "FROM targets",
                              buf, sizeof buf),
                        "2025level2025=210.0 2025increment2021=300.0 2021increment2021=60.0");
    /* Reloaded with a new value and lead unit: updated in place. */
    assert_int_equal(load(db, &err, s, 1, "t2.csv",
                          "region,indicator,deadline,kind,value,lead_unit,source\n"
                          "盘锦市,高新技术企业,2025,level,220,市科技局,二.1\n"
                          "panjin,tech_sme,2021,increment,60,,\n"),
                     ATT_OK);
    assert_int_equal(s[0].changed, 1);
    assert_int_equal(s[0].unchanged, 1);
    assert_string_equal(
        query(db, "SELECT count(*) || ':' || max(value) FROM targets", buf, sizeof buf), "3:300.0");
    assert_string_equal(query(db,
                              "SELECT value || ':' || load_id FROM targets WHERE kind = 'level'",
                              buf, sizeof buf),
                        "220.0:2");
    sqlite3_close(db);
}

static void test_load__gb18030_input(void **state)
{
    /* "region,indicator,period,value\n盘山县,高新技术企业,2020,5\n" in GB18030 (iconv). */
    static const char gbk[] = "region,indicator,period,value\n"
                              "\xC5\xCC\xC9\xBD\xCF\xD8,\xB8\xDF\xD0\xC2\xBC\xBC\xCA\xF5\xC6\xF3"
                              "\xD2\xB5,2020,5\n";
    sqlite3 *db = open_db();
    struct load_summary s;
    struct att_err err;
    char buf[64];

    (void)state;
    load_base(db);
    assert_int_equal(load(db, &err, &s, 1, "gbk.csv", gbk), ATT_OK);
    assert_string_equal(s.encoding, "GB18030");
    assert_int_equal(s.added, 1);
    assert_string_equal(query(db, "SELECT value FROM observations", buf, sizeof buf), "5.0");
    sqlite3_close(db);
}

static void test_load__rejections(void **state)
{
    static const struct {
        const char *text;
        const char *msg;
    } cases[] = {
        {"region,indicator,period,value\n盘山,hightech,2020,1\n",
         "x.csv:2:1: unknown region '盘山' (did you mean '盘山县'?)"},
        {"region,indicator,period,value\npanshan,高新企业,2020,1\n",
         "x.csv:2:2: unknown indicator '高新企业' (did you mean '高新技术企业'?)"},
        {"region,indicator,period,value\nnowhere,hightech,2020,1\n",
         "x.csv:2:1: unknown region 'nowhere'"},
        {"region,indicator,period,value\npanshan,hightech,2020,abc\n",
         "x.csv:2:4: not a number 'abc'"},
        {"region,indicator,period,value\npanshan,hightech,2020,\n", "x.csv:2:4: empty value"},
        {"region,indicator,period,value\npanshan,hightech,2020,-3\n",
         "x.csv:2:4: negative value '-3' (counts and amounts are never negative)"},
        {"region,indicator,period,value\npanshan,hightech,2020,inf\n",
         "x.csv:2:4: not a number 'inf'"},
        {"region,indicator,period,value\npanshan,hightech,2020,1e400\n",
         "x.csv:2:4: number out of range '1e400'"},
        {"region,indicator,period,value\npanshan,hightech,2021-13,1\n",
         "x.csv:2:3: impossible period '2021-13' (expected YYYY or YYYY-MM, years 1900-2100)"},
        {"region,indicator,period,value\npanshan,hightech,1899,1\n",
         "x.csv:2:3: impossible period '1899' (expected YYYY or YYYY-MM, years 1900-2100)"},
        {"region,indicator,period,value\npanshan,hightech,2020,1\n\n"
         "盘山县,hightech,2020,2\n",
         "x.csv:4:4: observation '盘山县' 'hightech' '2020' given twice with different values "
         "('1' at x.csv:2, '2' at x.csv:4)"},
        {"region,indicator,period,value,foo\n",
         "x.csv:1:5: unexpected column 'foo' (observations take "
         "region,indicator,period,value,source,note)"},
        {"region,indicator,value,period,value\n", "x.csv:1:5: duplicate column 'value'"},
        {"region,indicator,period,source\n", "x.csv:1:1: missing column 'value' (observations take "
                                             "region,indicator,period,value,source,note)"},
        {"region,indicator,period,value\npanshan,hightech,2020\n",
         "x.csv:2:4: too few fields (3, the header has 4)"},
        {"region,indicator,period,value\npanshan,\"high\"tech,2020,1\n",
         "x.csv:2:15: bad quoting (error parsing data while strict checking enabled)"},
        {"region,indicator,period,value\npanshan,hightech,2020,\"1\n",
         "x.csv:2:4: quoted field not closed at the end of the file (error parsing data while "
         "strict checking enabled)"},
        {"", "x.csv:1:1: empty file"},
        {"region,indicator,period,value\npanshan,high\xFFtech,2020,1\n",
         "x.csv:2:13: invalid UTF-8 byte 0xFF (and not GB18030 either)"},
        {"code,name,parent\nx,某区,nowhere\n", "x.csv:2:3: unknown parent region 'nowhere'"},
        {"code,name,parent\nx,某区,y\ny,另区,x\n",
         "x.csv:2:3: cycle in the region hierarchy: 'x' -> 'y' -> 'x'"},
        {"code,name,parent\npanjin,盘锦市,panshan\n",
         "x.csv:2:3: cycle in the region hierarchy: 'panjin' -> 'panshan' -> 'panjin'"},
        {"code,name,parent\nx,某区,\nx,某区,panjin\n",
         "x.csv:3:1: region 'x' given twice with different values (x.csv:2 and x.csv:3)"},
        {"code,name,parent\nx,盘山县,\n",
         "x.csv:2:2: region name '盘山县' already belongs to region 'panshan'"},
        {"code,name,name_en,unit,measure\nx,担保金额,x,亿元,flow\n",
         "x.csv:2:2: indicator name '担保金额' already belongs to indicator 'guarantee'"},
        {"code,name,name_en,unit,measure\nx,某,x,个,level\n",
         "x.csv:2:5: unknown measure 'level' (expected stock or flow)"},
        {"region,indicator,deadline,kind,value\npanjin,hightech,2025,total,1\n",
         "x.csv:2:4: unknown target kind 'total' (expected level or increment)"},
        {"region,indicator,deadline,kind,value,start\npanjin,hightech,2025,increment,1,2026\n",
         "x.csv:2:6: increment starts after its deadline (start 2026, deadline 2025)"},
        {"region,indicator,deadline,kind,value\npanjin,hightech,20x5,level,1\n",
         "x.csv:2:3: impossible deadline '20x5' (expected a year 1900-2100)"},
        {"a,b,c\n1,2,3\n",
         "x.csv:1:1: cannot tell the kind of file from its header (regions take "
         "code,name,parent; indicators code,name,name_en,unit,measure; observations "
         "region,indicator,period,value; targets region,indicator,deadline,kind,value)"},
        {"region,indicator,2020,2021-13\n",
         "x.csv:1:4: impossible period '2021-13' (expected YYYY or YYYY-MM, years 1900-2100)"},
    };
    sqlite3 *db = open_db();
    size_t i;

    (void)state;
    load_base(db);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_rejected(db, "x.csv", cases[i].text, cases[i].msg);
    sqlite3_close(db);
}

static void test_load__nul_byte(void **state)
{
    static const char text[] = "region,indicator,period,value\npanshan,hi\0gh,2020,1\n";
    sqlite3 *db = open_db();
    struct load_input in = {"x.csv", text, sizeof text - 1, NULL};
    struct att_err err = {0};

    (void)state;
    load_base(db);
    assert_int_equal(load_files(db, &in, 1, NULL, NULL, &err), ATT_EDATA);
    assert_string_equal(err.msg, "x.csv:2:11: NUL byte (not a text file)");
    sqlite3_close(db);
}

static void test_load__second_file_error_writes_nothing(void **state)
{
    sqlite3 *db = open_db();
    struct att_err err;
    char *before;
    char *after;

    (void)state;
    load_base(db);
    before = dump(db);
    assert_int_equal(load(db, &err, NULL, 2, "good.csv",
                          "region,indicator,period,value\npanshan,hightech,2020,1\n", "bad.csv",
                          "region,indicator,period,value\npanshan,hightech,2021,x1\n"),
                     ATT_EDATA);
    assert_string_equal(err.msg, "bad.csv:2:4: not a number 'x1'");
    after = dump(db);
    assert_string_equal(after, before);
    free(before);
    free(after);
    sqlite3_close(db);
}

static void test_load__line_numbers(void **state)
{
    sqlite3 *db = open_db();

    (void)state;
    load_base(db);
    /* A note spanning lines 2-3, a blank line 4, a spreadsheet's empty row 5: line 6. */
    expect_rejected(db, "x.csv",
                    "region,indicator,period,value,note\n"
                    "panshan,hightech,2019,1,\"two\nlines\"\n"
                    "\n"
                    ",,,,\n"
                    "panshan,hightech,2020,x,\n",
                    "x.csv:6:4: not a number 'x'");
    /* Old Mac line ends (a lone CR) count as lines too. */
    expect_rejected(db, "x.csv",
                    "region,indicator,period,value\rpanshan,hightech,2019,1\rpanshan,hightech,"
                    "2020,-1\r",
                    "x.csv:3:4: negative value '-1' (counts and amounts are never negative)");
    sqlite3_close(db);
}

static void test_load__conflict_across_files(void **state)
{
    sqlite3 *db = open_db();
    struct att_err err;

    (void)state;
    load_base(db);
    /* One call is one set of facts: two files disagreeing is an error naming both. */
    assert_int_equal(load(db, &err, NULL, 2, "a.csv",
                          "region,indicator,period,value\npanshan,hightech,2019,12\n", "b.csv",
                          "region,indicator,2018,2019\npanshan,hightech,11,13\n"),
                     ATT_EDATA);
    assert_string_equal(err.msg, "b.csv:2:4: observation 'panshan' 'hightech' '2019' given twice "
                                 "with different values ('12' at a.csv:2, '13' at b.csv:2)");
    sqlite3_close(db);
}

/* A file of n_series x 2613 rows (every year 1900-2100 and its 12 months), values 0.5, 1.5, ... */
static char *big_file(const char *const *regions, size_t n_series, size_t *rows)
{
    size_t cap = 64 + n_series * 2613 * 48;
    char *t = malloc(cap);
    size_t len;
    size_t k;
    int y;
    int m;

    assert_non_null(t);
    len = (size_t)snprintf(t, cap, "region,indicator,period,value\n");
    *rows = 0;
    for (k = 0; k < n_series; k++)
        for (y = 1900; y <= 2100; y++)
            for (m = 0; m <= 12; m++) {
                char period[32];

                if (m)
                    snprintf(period, sizeof period, "%d-%02d", y, m);
                else
                    snprintf(period, sizeof period, "%d", y);
                len += (size_t)snprintf(t + len, cap - len, "%s,hightech,%s,%zu.5\n", regions[k],
                                        period, *rows);
                (*rows)++;
            }
    return t;
}

static void test_load__large_file_batches(void **state)
{
    static const char *const regions[] = {"panshan", "gaoxin"};
    sqlite3 *db = open_db();
    struct load_summary s;
    struct att_err err;
    size_t rows = 0;
    char *t = big_file(regions, 2, &rows);
    char *bad;
    char buf[64];

    (void)state;
    load_base(db);
    /* 5226 rows: more than one batch of 4096. */
    assert_int_equal(rows, 5226);
    assert_int_equal(load(db, &err, &s, 1, "big.csv", t), ATT_OK);
    assert_int_equal(s.rows, 5226);
    assert_int_equal(s.added, 5226);
    assert_string_equal(
        query(db, "SELECT count(*) || ':' || sum(value) FROM observations", buf, sizeof buf),
        "5226:13655538.0"); /* sum of k + 0.5 for k < 5226 = 5226^2 / 2 */
    /*
     * The first row again with another value, after the last: the first
     * occurrence (batch 1) is still named right when batch 2 is read.
     */
    bad = malloc(strlen(t) + 64);
    assert_non_null(bad);
    snprintf(bad, strlen(t) + 64, "%spanshan,hightech,1900,7\n", t);
    expect_rejected(db, "big.csv", bad,
                    "big.csv:5228:4: observation 'panshan' 'hightech' '1900' given twice with "
                    "different values ('0.5' at big.csv:2, '7' at big.csv:5228)");
    free(bad);
    free(t);
    sqlite3_close(db);
}

static void test_load__names(void **state)
{
    sqlite3 *db = open_db();
    struct att_err err = {0};
    char suggest[64];
    int64_t id = 0;

    (void)state;
    load_base(db);
    assert_int_equal(names_region(db, "盘山县", &id, suggest, sizeof suggest), ATT_OK);
    assert_int_equal(id, 2);
    assert_int_equal(names_region(db, " GAOXIN ", &id, suggest, sizeof suggest), ATT_OK);
    assert_int_equal(id, 3);
    assert_int_equal(names_indicator(db, "担保金额", &id, suggest, sizeof suggest), ATT_OK);
    assert_int_equal(id, 3);
    /* One code point off a name, two letters off a code, a part of a name. */
    assert_int_equal(names_region(db, "盘山", &id, suggest, sizeof suggest), ATT_EDATA);
    assert_string_equal(suggest, "盘山县");
    assert_int_equal(names_region(db, "pansan", &id, suggest, sizeof suggest), ATT_EDATA);
    assert_string_equal(suggest, "panshan");
    assert_int_equal(names_region(db, "高新区", &id, suggest, sizeof suggest), ATT_EDATA);
    assert_string_equal(suggest, "盘锦高新区");
    /* Nothing close: no suggestion. */
    assert_int_equal(names_indicator(db, "xyz", &id, suggest, sizeof suggest), ATT_EDATA);
    assert_string_equal(suggest, "");
    /* A name is exact: case folding is for codes only (there are no Latin names here). */
    assert_int_equal(names_resolve(db, NAMES_INDICATOR, "hightec", &id, &err), ATT_EDATA);
    assert_string_equal(err.msg, "unknown indicator 'hightec' (did you mean 'hightech'?)");
    assert_false(err.located);
    memset(&err, 0, sizeof err);
    assert_int_equal(names_resolve(db, NAMES_REGION, "mars", &id, &err), ATT_EDATA);
    assert_string_equal(err.msg, "unknown region 'mars'");
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load__regions_and_indicators),
        cmocka_unit_test(test_load__observations_long),
        cmocka_unit_test(test_load__revisions),
        cmocka_unit_test(test_load__wide),
        cmocka_unit_test(test_load__targets_and_order),
        cmocka_unit_test(test_load__gb18030_input),
        cmocka_unit_test(test_load__rejections),
        cmocka_unit_test(test_load__nul_byte),
        cmocka_unit_test(test_load__second_file_error_writes_nothing),
        cmocka_unit_test(test_load__line_numbers),
        cmocka_unit_test(test_load__conflict_across_files),
        cmocka_unit_test(test_load__large_file_batches),
        cmocka_unit_test(test_load__names),
    };

    att_msg_lang(ATT_LANG_EN); /* the messages these tests read are the English ones */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
