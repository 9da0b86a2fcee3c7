# Every ```console block of README.md, run in order in one scratch
# directory with this build as `attain` on PATH, must print exactly what the
# README shows (stdout and stderr together, as on a terminal).  A line
# `$ cmd` is a command, the lines after it up to the next `$ ` or the end of
# the block are its output.  `$ cat FILE` for a FILE that does not exist yet
# is how the README shows an input file: the harness writes FILE from the
# lines shown instead of running cat.  `echo $?` sees the status of the
# command before it.  `$ export NAME=VALUE` (no output) sets NAME for the
# rest of its block only: each block starts without ATTAIN_DB, in the same
# directory.  A line `<!-- console-setup: CMDS -->` (invisible on the
# rendered page) runs CMDS in the harness's shell before the next block,
# for a block whose set-up the prose describes (e.g. the demo database).  Clock times (2026-12-01T19:15:28Z) are compared as
# YYYY-MM-DDTHH:MM:SSZ, since a load's time is when it ran.  Each difference is reported as README.md:LINE with the
# command and a diff, so whoever changed the README or the program can fix
# the block; the test fails if there is any.  With ATTAIN_UPDATE_GOLDEN=1 the
# outputs that differ are written into README.md instead (then read the diff).
. "$(dirname "$0")/lib.sh"
readme="$ATTAIN_SRC/README.md"
[ -f "$readme" ] || fail "no README.md at $readme"
mkdir -p "$T/bin" "$T/work"
ln -s "$ATTAIN" "$T/bin/attain"
export PATH="$T/bin:$PATH"
unset ATTAIN_DB # the README's commands use ./attain.db, as a user's would
cd "$T/work" || exit 1

block=0 blocks=0 commands=0 failures=0 prev=0
in_block=0 cmd="" cmd_line=0
want="$T/.readme-want"
got="$T/.readme-got"
report="$T/.readme-report"
edits="$T/.readme-edits" # with ATTAIN_UPDATE_GOLDEN=1: FIRST LAST FILE per output to replace
: >"$report"
: >"$edits"

# Run (or, for `cat NEW-FILE`, write) the pending command against $want.
finish_command() {
    [ -n "$cmd" ] || return 0
    commands=$((commands + 1))
    if [[ $cmd =~ ^cat\ ([^\ \;\|\>\<]+)$ ]] && [ ! -e "${BASH_REMATCH[1]}" ]; then
        cp "$want" "${BASH_REMATCH[1]}"
        prev=0
    elif [[ $cmd =~ ^export\ ([A-Za-z_][A-Za-z0-9_]*)=([^\ ]*)$ ]]; then
        export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
        prev=0
        if [ -s "$want" ]; then
            failures=$((failures + 1))
            echo "README.md:$cmd_line: console block $block: 'export' shows output" >>"$report"
        fi
    else
        bash -c "(exit $prev); $cmd" >"$got" 2>&1 </dev/null
        prev=$?
        cp "$got" "$got.raw"
        sed -E -i 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/YYYY-MM-DDTHH:MM:SSZ/g' \
            "$want" "$got"
        if ! cmp -s "$want" "$got" && [ "${ATTAIN_UPDATE_GOLDEN:-0}" = 1 ]; then
            cp "$got.raw" "$T/.readme-new.$commands"
            echo "$((cmd_line + 1)) $want_last $T/.readme-new.$commands" >>"$edits"
        elif ! cmp -s "$want" "$got"; then
            failures=$((failures + 1))
            {
                echo "README.md:$cmd_line: console block $block: '\$ $cmd' printed something else:"
                diff -u --label README.md --label "$cmd" "$want" "$got" | head -40
                echo
            } >>"$report"
        fi
    fi
    cmd=""
}

line_no=0
while IFS= read -r line || [ -n "$line" ]; do
    line_no=$((line_no + 1))
    if [ "$in_block" = 0 ]; then
        if [[ $line =~ ^\<!--\ console-setup:\ (.*)\ --\>$ ]]; then
            setup=${BASH_REMATCH[1]}
            continue
        fi
        if [ "$line" = '```console' ]; then
            unset ATTAIN_DB
            if [ -n "${setup:-}" ]; then
                eval "$setup" || fail "README.md:$line_no: console-setup failed: $setup"
                setup=""
            fi
            in_block=1
            block=$((block + 1))
            blocks=$((blocks + 1))
        fi
        continue
    fi
    if [ "$line" = '```' ]; then
        want_last=$((line_no - 1))
        finish_command
        in_block=0
        continue
    fi
    if [ "${line:0:2}" = '$ ' ]; then
        want_last=$((line_no - 1))
        finish_command
        cmd=${line:2}
        cmd_line=$line_no
        : >"$want"
    elif [ -n "$cmd" ]; then
        printf '%s\n' "$line" >>"$want"
    else
        failures=$((failures + 1))
        echo "README.md:$line_no: console block $block: output before any '\$ ' command" >>"$report"
    fi
done <"$readme"
[ "$in_block" = 0 ] || fail "README.md: console block $block is not closed"
if [ -s "$edits" ]; then
    # Lines FIRST..LAST of the README become FILE's lines, the last edit first.
    sort -k1,1nr "$edits" | while read -r first last file; do
        { head -n "$((first - 1))" "$readme"; cat "$file"; tail -n "+$((last + 1))" "$readme"; } \
            >"$readme.new" && mv "$readme.new" "$readme"
    done
    echo "0016-readme-examples: rewrote $(wc -l <"$edits") outputs in $readme"
fi
[ "$blocks" -gt 0 ] || fail "README.md has no console block"
[ "$failures" = 0 ] || fail "$failures of $commands README commands differ from what the README shows:
$(cat "$report")"
pass
