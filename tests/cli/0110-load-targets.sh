# Targets: level and increment, start defaulting to the deadline, names by
# code or Chinese name.  Loaded again with a new value: updated in place, not
# added.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv .
expect_code 0 attain --lang en load regions.csv indicators.csv
cp "$ATTAIN_TEST_DATA"/load/targets.csv .
expect_code 0 attain --lang en load targets.csv
expect_stderr_empty
expect_stdout "targets.csv: targets: 3 new, 0 changed, 0 unchanged
load 2 done"
q="SELECT group_concat(deadline || kind || start || '=' || value || ':' || lead_unit, ' ') FROM targets"
[ "$(sql "$q")" = "2025level2025=210.0:市科技局 2025increment2021=300.0:市科技局、市产业技术创研工程中心 2021increment2021=12.0:盘山县" ] || fail "targets: $(sql "$q")"
printf 'region,indicator,deadline,kind,value,lead_unit,source\npanjin,hightech,2025,level,230,市科技局,二.1 十四五工作目标\n' >t2.csv
expect_code 0 attain --lang en load t2.csv
expect_stdout "t2.csv: targets: 0 new, 1 changed, 0 unchanged
load 3 done"
[ "$(sql "SELECT count(*) || ':' || (SELECT value FROM targets WHERE kind = 'level') FROM targets")" = "3:230.0" ] || fail "target not updated in place"
pass
