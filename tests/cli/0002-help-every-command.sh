# attain CMD --help for every command of the table (read from `attain
# --help`, so a new command is covered without editing this test): usage on
# stdout, nothing on stderr, exit 0 -- before or after the command name,
# and without touching the database.  (As in git t/t0012-help.sh.)
. "$(dirname "$0")/lib.sh"

commands >cmds.txt
[ -s cmds.txt ] || fail "no commands found in 'attain --help'"
while read -r c; do
    expect_code 0 attain "$c" --help
    expect_stderr_empty
    head -n 1 "$OUT" | grep -q "^usage: attain $c\b" || fail "'attain $c --help' starts with: $(head -n 1 "$OUT")"
    cp "$OUT" usage.txt
    expect_code 0 attain --help "$c"
    cmp -s "$OUT" usage.txt || fail "'attain --help $c' differs from 'attain $c --help'"
    expect_code 0 attain "$c" -h
    cmp -s "$OUT" usage.txt || fail "'attain $c -h' differs from 'attain $c --help'"
done <cmds.txt
[ ! -e "$ATTAIN_DB" ] || fail "--help created the database"
pass
