# The README's "Allocation" section is real output: every `$ attain ...`
# line of its console block, run on the demo database (`attain demo`, the
# default seed and paths), prints exactly the lines that follow it up to the
# next `$ ` line (stdout and stderr as a terminal shows them); `$ echo $?`
# prints the previous command's exit status.
. "$(dirname "$0")/lib.sh"

expect_code 0 attain demo --out "$T/attain-demo"
export ATTAIN_DB="$T/attain-demo/attain.db"
awk '/^## Allocation$/ { on = 1 } on && /^```console$/ { inside = 1; next }
     inside && /^```$/ { exit } inside' "$ATTAIN_SRC/README.md" >block.txt
[ "$(grep -c '^\$ attain ' block.txt)" -ge 3 ] || fail "no console block in the Allocation section"
# Split into one file per command: cmd.N holds the command line, want.N what follows.
awk '/^\$ / { n++; print substr($0, 3) >("cmd." n); printf "" >("want." n); next }
     { print >>("want." n) }' block.txt
last=0
for c in $(ls cmd.* | sort -t. -k2 -n); do
    k=${c#cmd.}
    line=$(cat "$c")
    if [ "$line" = 'echo $?' ]; then
        echo "$last" >got.$k
    else
        eval "set -- ${line#attain }"
        "$ATTAIN" "$@" >got.$k 2>&1
        last=$?
    fi
    diff -u want.$k got.$k >diff.txt || fail "README: '$line' prints otherwise:
$(cat diff.txt)"
done
pass
