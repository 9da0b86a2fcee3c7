# A read-only database is a normal case (a shared file on a read-only
# mount): targets and forecast print their results, warn once that the run
# was not recorded, and exit 0; load says the database cannot be written
# (73); every read-only command works.  2026-12-01: targets and forecast
# computed, then exited 74 printing nothing.
. "$(dirname "$0")/lib.sh"
need_as_user

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
expect_code 0 attain targets --model drift --seed 9 --paths 300 --format csv
cp "$OUT" want-targets.csv
expect_code 0 attain forecast --model drift --seed 9 --paths 300 --format csv
cp "$OUT" want-forecast.csv
mkdir ro
mv "$ATTAIN_DB" ro/
chmod 755 ro
chmod 644 ro/attain.db
before=$(db_digest ro/attain.db)
runs=$(sqlite3 ro/attain.db 'SELECT count(*) FROM runs')
abs=$(cd ro && pwd)/attain.db

run as_user "$ATTAIN" --db ro/attain.db targets --model drift --seed 9 --paths 300 --format csv
[ "$rc" = 0 ] || fail "targets on a read-only database exited $rc: $(cat "$ERR")"
cmp -s "$OUT" want-targets.csv || fail "targets printed other results on a read-only database"
expect_stderr "attain: 警告：数据库 '$abs' 为只读：本次运行未记录"

run as_user "$ATTAIN" --db ro/attain.db forecast --model drift --seed 9 --paths 300 --format csv
[ "$rc" = 0 ] || fail "forecast on a read-only database exited $rc: $(cat "$ERR")"
cmp -s "$OUT" want-forecast.csv || fail "forecast printed other results on a read-only database"
expect_stderr "attain: 警告：数据库 '$abs' 为只读：本次运行未记录"

run as_user "$ATTAIN" --db ro/attain.db list runs --format csv
[ "$rc" = 0 ] || fail "list runs exited $rc"
run as_user "$ATTAIN" --lang en --db ro/attain.db load "$D/observations.csv"
[ "$rc" = 73 ] || fail "load into a read-only database exited $rc: $(cat "$ERR")"
expect_stdout_empty
expect_stderr "attain: cannot write database 'ro/attain.db': the file is read-only (this user may not write it)"

# A writable file in a read-only directory cannot be written either (SQLite
# needs the directory for its journal): still results, no record.
chmod 666 ro/attain.db
run as_user "$ATTAIN" --db ro/attain.db targets --model drift --seed 9 --paths 300 --format csv
[ "$rc" = 0 ] || fail "targets with a read-only directory exited $rc: $(cat "$ERR")"
cmp -s "$OUT" want-targets.csv || fail "targets printed other results with a read-only directory"
run as_user "$ATTAIN" --lang en --db ro/attain.db load "$D/observations.csv"
[ "$rc" = 73 ] || fail "load with a read-only directory exited $rc: $(cat "$ERR")"
expect_stderr "attain: cannot write database 'ro/attain.db': this user cannot create files in its directory (SQLite keeps its journal beside the database)"

expect_db_unchanged "$before" ro/attain.db
[ "$(sqlite3 ro/attain.db 'SELECT count(*) FROM runs')" = "$runs" ] || fail "a run was recorded"
pass
