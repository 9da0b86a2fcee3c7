# attain demo: the Panjin data set compiled into the binary goes into a
# fresh DIR/attain.db from any working directory; it prints what each file
# brought and every target (as `attain list targets` shows them); running
# it again replaces the database instead of adding to it.
. "$(dirname "$0")/lib.sh"

mkdir elsewhere
cd elsewhere || fail "cd"
expect_code 0 attain demo --out "$T/d"
expect_stderr_empty
cd "$T" || fail "cd"
[ -f d/attain.db ] || fail "no d/attain.db"
cp "$OUT" demo1.txt
db="$T/d/attain.db"

# The first line names the database; the load summary has one row per file.
head -n 1 demo1.txt | grep -qxF "已载入 $T/d/attain.db：" || fail "first line: $(head -n 1 demo1.txt)"
for kind in regions indicators targets; do
    n=$(sqlite3 "$db" "SELECT count(*) FROM $kind")
    [ "$n" -gt 0 ] || fail "no $kind loaded"
    grep -qE "^datasets/panjin/$kind\.csv +$kind +$n +$n\$" demo1.txt ||
        fail "summary row for $kind.csv (want $n rows added): $(grep "$kind.csv" demo1.txt)"
done
annual=$(sqlite3 "$db" "SELECT count(*) FROM observations WHERE length(period) = 4")
monthly=$(sqlite3 "$db" "SELECT count(*) FROM observations WHERE length(period) = 7")
grep -qE "^datasets/panjin/observations_annual\.csv +observations +$annual +$annual\$" demo1.txt ||
    fail "summary row for observations_annual.csv (want $annual)"
grep -qE "^datasets/panjin/observations_monthly\.csv +observations +$monthly +$monthly\$" demo1.txt ||
    fail "summary row for observations_monthly.csv (want $monthly)"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM observations WHERE source IS NOT '"'"'illustrative'"'"'')" = 0 ] ||
    fail "an observation of the demo is not marked illustrative"

# Every target, exactly as `attain list targets` prints them.
expect_code 0 attain --db "$db" list targets
# (The section runs from the line after its heading's blank line to the next blank line.)
awk '/^目标：$/ { on = 1; skip = 1; next } on && skip { skip = 0; next } on && /^$/ { exit } on' \
    demo1.txt >targets-in-demo.txt
cmp -s targets-in-demo.txt "$OUT" || fail "the demo's targets differ from 'list targets':
$(diff targets-in-demo.txt "$OUT" | head -20)"
[ "$(($(wc -l <"$OUT") - 2))" = "$(sqlite3 "$db" 'SELECT count(*) FROM targets')" ] ||
    fail "not every target is listed"

# Again: a fresh database with the same content, not a second load into the old one.
expect_code 0 attain demo --out "$T/d"
cmp -s "$OUT" demo1.txt || fail "a second demo printed something else"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM loads')" = 1 ] || fail "the old database was kept"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM observation_revisions')" = 0 ] || fail "revisions in a fresh database"

# The default directory is ./attain-demo (its bulletin simulated with few
# paths: under `make memcheck` the default 2,000 cost minutes, and only the
# directory is checked here).
expect_code 0 attain --paths 20 demo
[ -f attain-demo/attain.db ] || fail "no ./attain-demo/attain.db"

# Where a directory cannot be made: 73, and nothing printed.
: >plainfile
expect_code 73 attain --lang en demo --out plainfile
expect_stdout_empty
expect_stderr "attain: cannot create directory 'plainfile': a file of that name exists"
expect_code 2 attain --lang en demo --out
expect_stderr "attain demo: option '--out' needs a value"
expect_code 2 attain --lang en demo now
expect_stderr "attain demo: unexpected argument 'now'"
pass
