# `attain demo` prints every Panjin target with its probability: after the heading 达成概率： comes the `attain targets`
# table, one row per target in the database, each with a probability (a
# whole percent, as the charts say it) and a status -- the same table
# `attain targets` prints on the demo database with the same seed and paths.
. "$(dirname "$0")/lib.sh"

expect_code 0 attain --paths 200 demo --out "$T/d"
expect_stderr_empty
db="$T/d/attain.db"
# The section: from the line after the heading's blank line to the next blank line.
awk '/^达成概率：$/ { on = 1; skip = 1; next } on && skip { skip = 0; next } on && /^$/ { exit } on' \
    "$OUT" >section.txt
n=$(sqlite3 "$db" 'SELECT count(*) FROM targets')
[ "$n" -gt 0 ] || fail "no targets in the demo"
[ "$(($(wc -l <section.txt) - 2))" = "$n" ] || fail "expected $n target rows, got $(($(wc -l <section.txt) - 2))"
tail -n +3 section.txt | grep -vE ' (<1|[0-9]{1,2}|100)%  (有望完成|有风险|落后) ' >bad.txt || true
[ ! -s bad.txt ] || fail "rows without a probability and status:
$(head -5 bad.txt)"
# The same as attain targets on that database (the run is recorded there too).
expect_code 0 attain --paths 200 --db "$db" targets
head -n $((n + 2)) "$OUT" | cmp -s - section.txt || fail "the demo's table differs from 'attain targets'"
[ "$(sqlite3 "$db" "SELECT count(*) FROM runs WHERE command = 'targets'")" = 2 ] ||
    fail "the demo's targets run was not recorded"
pass
