# tests/cli/lib.sh -- helpers for the end-to-end tests,
# sourced by every tests/cli/NNNN-<command>-<what>.sh:
#
#   . "$(dirname "$0")/lib.sh"
#   expect_code 0 attain init
#   expect_stdout "created database '$ATTAIN_DB' (schema version 3)"
#   expect_stderr_empty
#   before=$(db_digest)
#   expect_code 65 attain load bad.csv
#   expect_stderr "bad.csv:2:4: ..."
#   expect_db_unchanged "$before"
#   pass
#
# Each test runs in a fresh temporary directory ($T, removed at exit) with
# its own database ($ATTAIN_DB=$T/attain.db, not yet created), in the C
# locale and UTC, so nothing depends on the machine it runs on.  ctest sets
# ATTAIN (the binary), ATTAIN_SRC, ATTAIN_TEST_DATA and ATTAIN_BUILD.
# ATTAIN_UPDATE_GOLDEN=1 rewrites golden files instead of comparing
# (review the diff before committing them).

set -u

: "${ATTAIN:?ATTAIN must name the attain binary (ctest sets it)}"
: "${ATTAIN_SRC:?ATTAIN_SRC must name the source root (ctest sets it)}"
: "${ATTAIN_TEST_DATA:=$ATTAIN_SRC/tests/data}"

TEST_NAME=$(basename "$0" .sh)
GOLDEN_DIR="$ATTAIN_SRC/tests/cli/golden"
T=$(mktemp -d "${TMPDIR:-/tmp}/attain-$TEST_NAME.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

export LC_ALL=C TZ=UTC
unset LANG LANGUAGE
export ATTAIN_DB="$T/attain.db"

# `make memcheck`: every run of attain goes through valgrind, and any memory
# error or leak makes it exit 99 with valgrind's report on stderr.  Inlined
# frames are not read from the debug information (--read-inline-info=no):
# that only shortens a report's stack, and saves a sixth of each start.
if [ "${ATTAIN_VALGRIND:-0}" = 1 ]; then
    printf '#!/bin/sh\nexec '"$(command -v valgrind)"' -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --read-inline-info=no "%s" "$@"\n' \
        "$ATTAIN" >"$T/.attain-valgrind"
    chmod 755 "$T/.attain-valgrind"
    ATTAIN=$T/.attain-valgrind
fi

# demo_db DIR: the demo's database, DIR/attain.db, without its bulletin:
# the files `attain demo` loads (the bytes it embeds are datasets/panjin/'s),
# in its order, in one load run from datasets/ so that the loads row names
# them as the demo does.  For a test that needs the demo's data and not its
# report, whose simulations and backtests cost minutes under valgrind
# (make memcheck).
demo_db() {
    mkdir -p "$1" &&
        (cd "$ATTAIN_SRC" && "$ATTAIN" --db "$1/attain.db" load datasets/panjin/regions.csv \
            datasets/panjin/indicators.csv datasets/panjin/targets.csv \
            datasets/panjin/observations_annual.csv datasets/panjin/observations_monthly.csv) \
            >/dev/null || fail "cannot load the demo's data into $1"
}

OUT="$T/.stdout"
ERR="$T/.stderr"
rc=0

# The binary, so that tests read `attain list regions`.
attain() {
    "$ATTAIN" "$@"
}

fail() {
    echo "FAIL: $TEST_NAME: $*" >&2
    exit 1
}

pass() {
    echo "ok: $TEST_NAME"
    exit 0
}

# A test that cannot run here: ctest reports it as skipped (exit 77), never
# as passed.
skip() {
    echo "skip: $TEST_NAME: $*"
    exit 77
}

# Run a command (a shell function or a program), keeping its stdout in
# $OUT, its stderr in $ERR and its exit status in $rc.
run() {
    "$@" >"$OUT" 2>"$ERR"
    rc=$?
}

# expect_code N CMD...: run CMD and require exit status N.
expect_code() {
    local want=$1
    shift
    run "$@"
    if [ "$rc" != "$want" ]; then
        fail "'$*' exited $rc, expected $want
--- stdout:
$(head -c 2000 "$OUT")
--- stderr:
$(head -c 2000 "$ERR")"
    fi
}

# expect_stdout TEXT: the last command's stdout is exactly TEXT plus '\n'
# (TEXT may hold several lines; "" means no output at all).
expect_stdout() {
    if [ -z "$1" ]; then
        [ ! -s "$OUT" ] || fail "expected no stdout, got:
$(head -c 2000 "$OUT")"
        return
    fi
    printf '%s\n' "$1" >"$T/.want"
    diff -u "$T/.want" "$OUT" >"$T/.diff" || fail "stdout differs:
$(cat "$T/.diff")"
}

# expect_stderr TEXT: the last command's stderr is exactly TEXT plus '\n'.
expect_stderr() {
    printf '%s\n' "$1" >"$T/.want"
    diff -u "$T/.want" "$ERR" >"$T/.diff" || fail "stderr differs:
$(cat "$T/.diff")"
}

expect_stderr_empty() {
    [ ! -s "$ERR" ] || fail "expected no stderr, got:
$(head -c 2000 "$ERR")"
}

expect_stdout_empty() {
    expect_stdout ""
}

# expect_golden NAME [FILE]: FILE (default the last stdout) is byte-identical
# to tests/cli/golden/NAME.
expect_golden() {
    local name=$1 file=${2:-$OUT}
    local golden="$GOLDEN_DIR/$name"
    if [ "${ATTAIN_UPDATE_GOLDEN:-0}" = 1 ]; then
        mkdir -p "$GOLDEN_DIR"
        cp "$file" "$golden"
        echo "updated $golden" >&2
        return
    fi
    [ -f "$golden" ] || fail "missing golden file $golden (run with ATTAIN_UPDATE_GOLDEN=1)"
    diff -u "$golden" "$file" >"$T/.diff" && return
    # Under valgrind the last bits of a floating-point result may differ
    # (its emulation of the FPU is not bit-exact: a mean printed to 17
    # digits read 46.653333333333336 natively and ...322 under valgrind).
    # There, and only there, numbers within 1e-12 of each other (relative)
    # are the same; every other character must still match.
    if [ "${ATTAIN_VALGRIND:-0}" = 1 ] && golden_near "$golden" "$file"; then
        return
    fi
    fail "output differs from $golden:
$(head -c 4000 "$T/.diff")"
}

# golden_near A B: the files are equal line for line but for numbers that
# differ by at most 1e-12 of their size.
golden_near() {
    perl -e '
        open my $fa, "<", $ARGV[0] or exit 2;
        open my $fb, "<", $ARGV[1] or exit 2;
        my @a = <$fa>;
        my @b = <$fb>;
        exit 1 if @a != @b;
        my $num = qr/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/;
        for my $i (0 .. $#a) {
            my ($x, $y) = ($a[$i], $b[$i]);
            next if $x eq $y;
            my @nx = $x =~ /$num/g;
            my @ny = $y =~ /$num/g;
            (my $sx = $x) =~ s/$num/#/g;
            (my $sy = $y) =~ s/$num/#/g;
            exit 1 if $sx ne $sy || @nx != @ny;
            for my $k (0 .. $#nx) {
                my ($p, $q) = ($nx[$k], $ny[$k]);
                next if $p eq $q;
                my $m = abs($p) > abs($q) ? abs($p) : abs($q);
                exit 1 if abs($p - $q) > 1e-12 * $m;
            }
        }
        exit 0;
    ' "$1" "$2"
}

# expect_contains TEXT [FILE]: FILE (default the last stdout) contains the line part TEXT.
expect_contains() {
    local file=${2:-$OUT}
    grep -qF -- "$1" "$file" || fail "expected '$1' in $(basename "$file"):
$(head -c 2000 "$file")"
}

# db_digest [FILE]: a digest of the database file's bytes (sha256), or
# 'absent' when there is no such file, to prove a command changed nothing.
db_digest() {
    local f=${1:-$ATTAIN_DB}
    if [ -e "$f" ]; then
        sha256sum <"$f" | cut -d' ' -f1
    else
        echo absent
    fi
}

# expect_db_unchanged DIGEST [FILE]: the database is byte-for-byte as when
# DIGEST was taken (and no journal was left behind).
expect_db_unchanged() {
    local now
    now=$(db_digest "${2:-$ATTAIN_DB}")
    [ "$now" = "$1" ] || fail "the database changed ($1 -> $now)"
    [ ! -e "${2:-$ATTAIN_DB}-journal" ] || fail "a journal was left behind"
}

# sql QUERY: run QUERY on the test database with the sqlite3 shell (for
# fixtures and checks that must not go through attain itself).
sql() {
    sqlite3 -batch -bail "$ATTAIN_DB" "$@"
}

# commands: the command names `attain --help` lists (from the command table).
commands() {
    "$ATTAIN" --help | sed -n '/^commands:$/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p'
}

# expect_readme_section HEADING MIN: the console blocks of the README's
# section "## HEADING" (up to the next "## ") are real output: every
# `$ attain ...` line, run here (the cwd, the test's $ATTAIN_DB), prints
# exactly the lines that follow it up to the next `$ ` line (stdout and
# stderr as a terminal shows them); `$ echo $?` prints the previous command's
# exit status; `$ cat FILE` prints FILE, and writes it first when it does not
# exist (a file the section makes up, such as a mistake to show).  At least
# MIN `$ attain` lines.
expect_readme_section() {
    local heading=$1 min=$2 last=0 c k line file
    awk -v h="## $heading" '$0 == h { on = 1; next } on && /^## / { exit }
         on && /^```console$/ { inside = 1; next } inside && /^```$/ { inside = 0; next }
         inside' "$ATTAIN_SRC/README.md" >readme-block.txt
    [ "$(grep -c '^\$ attain ' readme-block.txt)" -ge "$min" ] ||
        fail "fewer than $min commands in the README's $heading section"
    rm -f readme-cmd.* readme-want.*
    # One file per command: readme-cmd.N holds the command line, readme-want.N what follows.
    awk '/^\$ / { n++; print substr($0, 3) >("readme-cmd." n); printf "" >("readme-want." n); next }
         { print >>("readme-want." n) }' readme-block.txt
    for c in $(ls readme-cmd.* | sort -t. -k2 -n); do
        k=${c#readme-cmd.}
        line=$(cat "$c")
        case "$line" in
        'echo $?') echo "$last" >readme-got.$k ;;
        'cat '*)
            file=${line#cat }
            [ -e "$file" ] || cp "readme-want.$k" "$file"
            cat "$file" >readme-got.$k
            ;;
        attain\ *)
            eval "set -- ${line#attain }"
            "$ATTAIN" "$@" >readme-got.$k 2>&1
            last=$?
            ;;
        *) fail "README $heading: a command the test does not run: '$line'" ;;
        esac
        diff -u readme-want.$k readme-got.$k >readme-diff.txt ||
            fail "README: '$line' prints otherwise:
$(cat readme-diff.txt)"
    done
}

# as_user CMD...: run CMD as the unprivileged user 'nobody' (the test must
# run as root, with setpriv): how a test sees a read-only file or directory
# when root may write everything.  Skips the test where that is impossible.
as_user() {
    setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
}
need_as_user() {
    [ "$(id -u)" = 0 ] || skip "needs root to run a command as an unprivileged user"
    command -v setpriv >/dev/null || skip "needs setpriv"
    chmod 755 "$T"
    as_user test -x "$ATTAIN" || skip "the unprivileged user cannot run $ATTAIN"
}

# gen_obs FILE REGIONS INDICATORS YEARS: regions.csv and indicators.csv in
# the current directory, and FILE with REGIONS x INDICATORS x YEARS annual
# observations (from 1901 on), for tests that need a large load.
gen_obs() {
    local file=$1 nr=$2 ni=$3 ny=$4
    awk -v nr="$nr" 'BEGIN { print "code,name,parent"; print "root,全国,";
        for (r = 0; r < nr; r++) printf "r%d,地区%d,root\n", r, r }' >regions.csv
    awk -v ni="$ni" 'BEGIN { print "code,name,name_en,unit,measure";
        for (i = 0; i < ni; i++) printf "i%d,指标%d,indicator %d,个,stock\n", i, i, i }' >indicators.csv
    awk -v nr="$nr" -v ni="$ni" -v ny="$ny" 'BEGIN { print "region,indicator,period,value,source";
        for (y = 0; y < ny; y++) for (r = 0; r < nr; r++) for (i = 0; i < ni; i++)
            printf "r%d,i%d,%d,%d.5,统计局\n", r, i, 1901 + y, (r * 31 + i * 7 + y) % 1000 }' >"$file"
}

# load_peak FILE [pipe]: load FILE (from disk, or through a pipe) into a
# fresh copy of base.db under GNU time; the load's output is in load.out and
# its peak resident set, in kB, in $LOAD_PEAK_KB.  A failed load fails the
# test (call it directly, not in $(...), where fail would end only the
# subshell).
load_peak() {
    local file=$1 how=${2:-file}
    cp base.db "$ATTAIN_DB"
    if [ "$how" = pipe ]; then
        cat "$file" | /usr/bin/time -f %M -o peak.kb "$ATTAIN" --db "$ATTAIN_DB" --lang en \
            load /dev/stdin >load.out
    else
        /usr/bin/time -f %M -o peak.kb "$ATTAIN" --db "$ATTAIN_DB" --lang en load "$file" >load.out
    fi || fail "the load of $file ($how) failed: $(cat load.out)"
    LOAD_PEAK_KB=$(tail -1 peak.kb)
}
