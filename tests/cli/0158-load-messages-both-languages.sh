# Every loader message in both languages: each bad file of
# tests/data/load/bad fails with exit 65 and leaves the database as it was,
# saying FILE:LINE:COL: and the message in Chinese (the default) and in
# English (--lang en); the summary of a good load follows --lang too.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv \
    "$ATTAIN_TEST_DATA"/load/obs_wide.csv .
expect_code 0 attain load regions.csv indicators.csv
expect_stdout "regions.csv: 地区：新增 3，修改 0，未变 0
indicators.csv: 指标：新增 3，修改 0，未变 0
第 1 次载入完成"
expect_code 0 attain --lang en load obs_wide.csv
expect_stdout "obs_wide.csv: observations (wide): 12 new, 0 changed, 0 unchanged, 3 empty cells
load 2 done"
expect_code 0 attain load regions.csv obs_wide.csv
expect_stdout "regions.csv: 地区：新增 0，修改 0，未变 3
obs_wide.csv: 观测值（宽表）：新增 0，修改 0，未变 12，空单元格 3
第 3 次载入完成"
before=$(db_digest)
cp "$ATTAIN_TEST_DATA"/load/bad/*.csv .
all="$T/.all"
: >"$all"
for f in $(cd "$ATTAIN_TEST_DATA"/load/bad && ls -- *.csv); do
    expect_code 65 attain load "$f"
    expect_stdout_empty
    cat "$ERR" >>"$all"
    expect_code 65 attain --lang en load "$f"
    expect_stdout_empty
    cat "$ERR" >>"$all"
done
expect_db_unchanged "$before"
# Two lines per file, each starting with the file's name and a position.
[ "$(wc -l <"$all")" -eq $((2 * $(ls "$ATTAIN_TEST_DATA"/load/bad/*.csv | wc -l))) ] ||
    fail "not two lines per file: $(wc -l <"$all")"
grep -vqE '^[a-z0-9_]+\.csv:[0-9]+:[0-9]+: ' "$all" && fail "a line without FILE:LINE:COL: $(grep -vE '^[a-z0-9_]+\.csv:[0-9]+:[0-9]+: ' "$all" | head -1)"
expect_golden 0158-load-messages.txt "$all"

# A missing file is not located: "attain: " and the message.
expect_code 66 attain load nothere.csv
expect_stderr "attain: 无法打开 'nothere.csv'：No such file or directory"
expect_code 66 attain --lang en load nothere.csv
expect_stderr "attain: cannot open 'nothere.csv': No such file or directory"
pass
