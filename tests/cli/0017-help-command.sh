# 'attain help' prints what 'attain --help' prints, 'attain help COMMAND'
# what 'attain COMMAND --help' prints, for every command of the table; a
# mistyped command gets a suggestion (exit 2).
. "$(dirname "$0")/lib.sh"
expect_code 0 attain --help
cp "$OUT" want.txt
expect_code 0 attain help
expect_stderr_empty
cmp -s want.txt "$OUT" || fail "'attain help' differs from 'attain --help'"
n=0
for c in $(commands); do
    expect_code 0 attain "$c" --help
    cp "$OUT" want.txt
    expect_code 0 attain help "$c"
    expect_stderr_empty
    cmp -s want.txt "$OUT" || fail "'attain help $c' differs from 'attain $c --help'"
    n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n commands listed"
expect_code 2 attain --lang en help forcast
expect_stdout_empty
expect_stderr "attain help: unknown command 'forcast' (did you mean 'forecast'?)"
expect_code 2 attain --lang en help zzzzzz
expect_stderr "attain help: unknown command 'zzzzzz' (see 'attain help')"
expect_code 2 attain --lang en help list targets
expect_stderr "attain help: unexpected argument 'targets'"
pass
