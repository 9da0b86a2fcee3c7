# A progress bar on stderr when stderr is a terminal (here a pseudo-terminal
# made by script(1)), and none otherwise; stdout is the same either way.
. "$(dirname "$0")/lib.sh"

command -v script >/dev/null || skip "no script(1)"
expect_code 0 attain load "$ATTAIN_SRC"/datasets/panjin/*.csv
expect_code 0 attain targets --paths 50 --format csv
expect_stderr_empty
cp "$OUT" plain.csv
# Under script, stdout goes to a file and stderr to the terminal (captured in tty.txt).
script -qec "'$ATTAIN' --db '$ATTAIN_DB' targets --paths 50 --format csv >tty.out" tty.txt >/dev/null
cmp -s plain.csv tty.out || fail "stdout differs on a terminal"
grep -q 'forecast \[#' tty.txt || fail "no progress bar on the terminal: $(head -c 300 tty.txt | od -c | head)"
pass
