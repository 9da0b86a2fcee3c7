# attain --help and -h: the program's help on stdout, exit 0, every command
# of the table listed once, in sorted order.
. "$(dirname "$0")/lib.sh"

expect_code 0 attain --help
expect_stderr_empty
cp "$OUT" help.txt
head -n 1 help.txt | grep -qx 'usage: attain \[global options\] COMMAND \[options\]' ||
    fail "first line: $(head -n 1 help.txt)"
for opt in --db --format --lang --seed --paths --threads --help --version; do
    expect_contains " $opt" help.txt
done
expect_contains "exit status: 0 ok, 2 usage, 65 bad data, 66 missing input, 69 gnuplot missing," help.txt

commands >cmds.txt
[ "$(wc -l <cmds.txt)" -ge 2 ] || fail "too few commands listed: $(cat cmds.txt)"
LC_ALL=C sort -c cmds.txt || fail "commands are not sorted: $(cat cmds.txt | tr '\n' ' ')"
[ -z "$(uniq -d cmds.txt)" ] || fail "a command is listed twice"
for c in init list; do
    grep -qx "$c" cmds.txt || fail "'$c' missing from the help"
done

# -h is --help, and so is --help after other global options.
expect_code 0 attain -h
cmp -s "$OUT" help.txt || fail "'attain -h' differs from 'attain --help'"
expect_code 0 attain --format csv --help
cmp -s "$OUT" help.txt || fail "'attain --format csv --help' differs from 'attain --help'"
pass
