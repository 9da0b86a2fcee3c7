# GB18030/GBK with CRLF, as Excel saves "CSV" on a Chinese Windows
# (tests/data/load/obs_gbk.csv made with iconv -f UTF-8 -t GB18030): names,
# source and note arrive as UTF-8.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
cp "$ATTAIN_TEST_DATA"/load/obs_gbk.csv .
expect_code 0 attain --lang en load obs_gbk.csv
expect_stderr_empty
expect_stdout "obs_gbk.csv: observations (GB18030): 2 new, 0 changed, 0 unchanged
load 2 done"
[ "$(sql "SELECT group_concat(period || '=' || value || ':' || source || ':' || note, ' ') FROM observations")" = "2019=12.0:统计局:年报 2020=1234.0:统计局:含新注册" ] || fail "stored: $(sql "SELECT group_concat(period || '=' || value || ':' || source || ':' || note, ' ') FROM observations")"
pass
