# attain plot / report: usage errors (exit 2), unknown names (65), an output
# that cannot be created (73) and a chart with nothing to draw (65) each give
# one exact message, write nothing and leave the database as it was.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"

D="$ATTAIN_TEST_DATA/plots"
expect_code 0 attain --lang en load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
before=$(db_digest)

check() { # check CODE MESSAGE ARGS...
    local code=$1 msg=$2
    shift 2
    expect_code "$code" attain --lang en --paths 100 "$@"
    expect_stdout_empty
    expect_stderr "$msg"
}
kinds="projection, districts, dashboard, allocation, scenarios or backtest"
check 2 "attain plot: which chart? $kinds" plot
check 2 "attain plot: unknown chart 'pie' ($kinds)" plot pie --out x.png
check 2 "attain plot: unknown chart 'dashbord' (did you mean 'dashboard'?)" plot dashbord --out x.png
check 2 "attain plot: chart 'scenarios' compares scenario files: give them with '--scenario FILE' (one or more)" \
    plot scenarios --out x.png
check 2 "attain plot: chart 'projection' takes one '--scenario FILE'" \
    plot projection --out x.png --scenario a.ini --scenario b.ini
check 2 "attain plot: option '--out FILE' is required" plot projection
check 2 "attain plot: option '--out' wants a file ending in .png, .svg or .pdf, not 'x.jpg'" \
    plot projection --out x.jpg
check 2 "attain plot: unexpected argument 'dashboard'" plot projection dashboard --out x.png
check 2 "attain plot: option '--year' wants a whole number from 1000 to 9999, not '20x5'" \
    plot projection --out x.png --year 20x5
check 2 "attain plot: option '--as-of' wants YYYY or YYYY-MM, not '2023-13'" \
    plot projection --out x.png --as-of 2023-13
# In Chinese, the default.
expect_code 65 attain --paths 100 plot projection --out x.png --region 东城
expect_stdout_empty
expect_stderr "attain: 未知的地区 '东城'（是否指 '东区'？）"
check 73 "attain: cannot create '$T/no/such/dir/x.png': No such file or directory" \
    plot projection --out "$T/no/such/dir/x.png"
check 65 "attain: no region under 'sample' has an evaluated target for 'hitech' in 2030" \
    plot allocation --out x.png --indicator hitech --year 2030
check 2 "attain report: option '--out DIR' is required" report
check 66 "attain: cannot open scenario 's.ini': No such file or directory" report --out r --scenario s.ini
check 2 "attain report: unexpected argument 'extra'" report --out r extra
[ ! -e x.png ] && [ ! -e x.jpg ] && [ ! -e r ] || fail "something was written: $(ls)"
expect_db_unchanged "$before"

# --help prints the usage and draws nothing.
expect_code 0 attain plot --help
expect_contains "usage: attain plot KIND --out FILE.png|.svg|.pdf"
pass
