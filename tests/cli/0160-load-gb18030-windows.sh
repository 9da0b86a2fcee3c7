# A GB18030 file of 2.2 MB (made with iconv from a UTF-8 one) spans three of
# the loader's 1 MB windows: it is converted as it is read, and loads the
# same rows as the UTF-8 file.  Errors after the first window keep their
# exact place (characters counted in the converted text, or bytes of the
# raw file for a byte that is not text), from a file, a pipe and a FIFO,
# and leave the database as it was.  2026-12-02: a GB18030 file was decoded
# whole (about 2.5 times its size in memory); a FIFO hung the load (opened
# twice), and a key given twice through a pipe lost its first place.
. "$(dirname "$0")/lib.sh"
command -v iconv >/dev/null || skip "needs iconv"
command -v timeout >/dev/null || skip "needs timeout"
command -v perl >/dev/null || skip "needs perl"

gen_obs obs.csv 100 20 45 # 90,000 rows
iconv -f UTF-8 -t GB18030 obs.csv >gb.csv
[ "$(stat -c %s gb.csv)" -gt 2100000 ] || fail "gb.csv is too small: $(stat -c %s gb.csv) bytes"
expect_code 0 attain --lang en load regions.csv indicators.csv
cp "$ATTAIN_DB" base.db
before=$(db_digest)

rows() {
    sqlite3 "$1" "SELECT region_id, indicator_id, period, value, source FROM observations
                  ORDER BY region_id, indicator_id, period" | md5sum
}
expect_code 0 attain --lang en load gb.csv
expect_stdout "gb.csv: observations (GB18030): 90000 new, 0 changed, 0 unchanged
load 2 done"
expect_stderr_empty
cp base.db utf8.db
expect_code 0 attain --db utf8.db --lang en load obs.csv
[ "$(rows "$ATTAIN_DB")" = "$(rows utf8.db)" ] || fail "gb.csv and obs.csv loaded different rows"
[ "$(sql "SELECT DISTINCT source FROM observations")" = "统计局" ] || fail "source not converted"

# Line n of obs.csv replaced by `text`, in GB18030.
edit() {
    awk -v n="$2" -v t="$3" 'NR == n { print t; next } { print }' obs.csv |
        iconv -f UTF-8 -t GB18030 >"$1"
}
edit region.csv 85000 '地区X,i1,1950,1.5,统计局'
edit quote.csv 80000 '地区1,i1,1950,1.5,统计"局'
edit twice.csv 88000 'r0,i0,1901,7.5,统计局'
# A NUL byte after 'r59,' on line 70000; a byte 0xFF ending line 75000, so
# that the file is not GB18030 either: the message names the first byte that
# is not UTF-8, on line 2 ('r0,i0,1901,0.5,' and the GB18030 bytes of 统计
# of which CD B3 read as one UTF-8 character and BC alone: column 17).
perl -pe 's/,/,\x00/ if $. == 70000; s/$/\xFF/ if $. == 75000' gb.csv >nul.csv
perl -pe 's/$/\xFF/ if $. == 75000' gb.csv >ff.csv

# load WAY FILE: WAY is file, pipe (through /dev/stdin) or fifo.
load() {
    cp base.db "$ATTAIN_DB"
    case $1 in
    file) run attain --lang en load "$2" ;;
    pipe) run sh -c 'cat "$1" | "$2" --lang en load /dev/stdin' sh "$2" "$ATTAIN" ;;
    fifo)
        rm -f in.fifo && mkfifo in.fifo
        cat "$2" >in.fifo &
        run timeout 600 "$ATTAIN" --lang en load in.fifo
        wait
        ;;
    esac
}
# expect_error WAY FILE MESSAGE (FILE: as the message names it)
expect_error() {
    load "$1" "$2"
    [ "$rc" = 65 ] || fail "$1 $2: exit $rc, stderr: $(cat "$ERR")"
    expect_stdout_empty
    expect_stderr "$3"
    expect_db_unchanged "$before"
}

load pipe gb.csv
[ "$rc" = 0 ] || fail "pipe gb.csv: exit $rc, stderr: $(cat "$ERR")"
expect_stdout "/dev/stdin: observations (GB18030): 90000 new, 0 changed, 0 unchanged
load 2 done"
load fifo gb.csv
[ "$rc" = 0 ] || fail "fifo gb.csv: exit $rc, stderr: $(cat "$ERR")"
expect_stdout "in.fifo: observations (GB18030): 90000 new, 0 changed, 0 unchanged
load 2 done"

expect_error file region.csv "region.csv:85000:1: unknown region '地区X' (did you mean '地区0'?)"
expect_error pipe quote.csv \
    "/dev/stdin:80000:19: bad quoting (error parsing data while strict checking enabled)"
expect_error fifo quote.csv \
    "in.fifo:80000:19: bad quoting (error parsing data while strict checking enabled)"
expect_error file twice.csv "twice.csv:88000:4: observation 'r0' 'i0' '1901' given twice with different values ('0.5' at twice.csv:2, '7.5' at twice.csv:88000)"
expect_error pipe twice.csv "/dev/stdin:88000:4: observation 'r0' 'i0' '1901' given twice with different values ('0.5' at /dev/stdin:2, '7.5' at /dev/stdin:88000)"
expect_error file nul.csv "nul.csv:70000:5: NUL byte (not a text file)"
expect_error pipe nul.csv "/dev/stdin:70000:5: NUL byte (not a text file)"
expect_error file ff.csv "ff.csv:2:17: invalid UTF-8 byte 0xBC (and not GB18030 either)"
expect_error fifo ff.csv "in.fifo:2:17: invalid UTF-8 byte 0xBC (and not GB18030 either)"
pass
