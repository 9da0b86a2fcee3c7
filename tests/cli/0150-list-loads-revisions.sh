# 'list loads' says for every load when it ran, which files it read and how
# many rows it added or changed (a region's parent set in the same load is
# one new row, not a change); 'list revisions' lists every value a load
# replaced with the value that replaced it and both loads.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain load regions.csv indicators.csv
printf 'region,indicator,period,value\npanshan,hightech,2019,12\npanshan,hightech,2020,15\npanjin,tech_sme,2020,40\n' >a.csv
printf 'region,indicator,period,value\npanshan,hightech,2019,12\npanshan,hightech,2020,16\npanshan,hightech,2021,18\n' >b.csv
printf 'region,indicator,period,value\npanshan,hightech,2020,17\npanjin,tech_sme,2020,41.5\n' >c.csv
expect_code 0 attain load a.csv
expect_code 0 attain load b.csv
expect_code 0 attain load c.csv
at1=$(sql "SELECT at FROM loads WHERE id = 1")
at4=$(sql "SELECT at FROM loads WHERE id = 4")
expect_code 0 attain list loads --format csv
expect_stderr_empty
expect_stdout "load,at,files,new,changed,removed,reverts,reverted_by
1,$at1,\"regions.csv, indicators.csv\",6,0,0,,
2,$(sql "SELECT at FROM loads WHERE id = 2"),a.csv,3,0,0,,
3,$(sql "SELECT at FROM loads WHERE id = 3"),b.csv,1,1,0,,
4,$at4,c.csv,0,2,0,,"
expect_code 0 attain list loads --lang en
expect_stdout "load  at                    files                        new  changed  removed  reverts  reverted by
----  --------------------  ---------------------------  ---  -------  -------  -------  -----------
   1  $at1  regions.csv, indicators.csv    6        0        0
   2  $(sql "SELECT at FROM loads WHERE id = 2")  a.csv                          3        0        0
   3  $(sql "SELECT at FROM loads WHERE id = 3")  b.csv                          1        1        0
   4  $at4  c.csv                          0        2        0"
# 2020 was 15 (load 2), 16 (load 3), 17 (load 4): two revisions.
expect_code 0 attain list revisions
expect_stdout "地区    指标            期间  原值  新值  原批次  修改批次
------  --------------  ----  ----  ----  ------  --------
盘山县  高新技术企业    2020    15    16       2         3
盘锦市  科技型中小企业  2020    40  41.5       2         4
盘山县  高新技术企业    2020    16    17       3         4"
expect_code 0 attain list revisions --region panshan --format csv
expect_stdout "region,indicator,period,old_value,new_value,old_load,load
panshan,hightech,2020,15,16,2,3
panshan,hightech,2020,16,17,3,4"
expect_code 0 attain list revisions --indicator tech_sme --format json
expect_stdout '[
{"region":"panjin","indicator":"tech_sme","period":"2020","old_value":40,"new_value":41.5,"old_load":2,"load":4}
]'
expect_code 2 attain --lang en list loads --region panjin
expect_stderr "attain list: 'loads' takes no --region or --indicator"
pass
