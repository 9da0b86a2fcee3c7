# Bad data and no database yet: exit 65, and no database file is left
# behind (the one the load created is removed).
. "$(dirname "$0")/lib.sh"
printf 'region,indicator,period,value\npanshan,hightech,2019,1\n' >bad.csv
expect_code 65 attain --lang en load bad.csv
expect_stdout_empty
expect_stderr "bad.csv:2:1: unknown region 'panshan'"
[ ! -e "$ATTAIN_DB" ] || fail "a failed load left a database behind"
[ ! -e "$ATTAIN_DB-journal" ] || fail "a failed load left a journal behind"
pass
