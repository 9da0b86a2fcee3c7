# Bad options of `attain forecast`/`attain targets`: exit 2 (usage) or 65
# (an unknown region), the exact message, nothing on stdout, no run recorded.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv"
check() {
    local code=$1 msg=$2
    shift 2
    expect_code "$code" attain --lang en "$@"
    expect_stdout_empty
    expect_stderr "$msg"
}
check 2 "attain forecast: options '--until' and '--horizon' cannot be used together" \
    forecast --until 2025 --horizon 3
check 2 "attain forecast: unknown model 'arima' (auto, combo, naive, drift, linear, exp, logistic, gompertz, damped, theta, poisson, negbin)" \
    forecast --model arima
check 2 "attain forecast: option '--as-of' wants YYYY or YYYY-MM, not '2021-13'" forecast --as-of 2021-13
check 2 "attain forecast: option '--horizon' wants a whole number from 1 to 40, not '0'" forecast --horizon 0
check 2 "attain forecast: option '--until' wants a whole number from 1000 to 9999, not 'soon'" forecast --until soon
check 66 "attain: cannot open scenario 's.ini': No such file or directory" forecast --scenario s.ini
check 2 "attain forecast: unexpected argument 'extra'" forecast extra
check 2 "attain forecast: unknown option '--colour'" forecast --colour
check 2 "attain forecast: option '--region' needs a value" forecast --region
# In Chinese, the default.
expect_code 65 attain forecast --region 东
expect_stdout_empty
expect_stderr "attain: 未知的地区 '东'（是否指 '东区'？）"
# In Chinese, the default.
expect_code 65 attain forecast --indicator firm
expect_stdout_empty
expect_stderr "attain: 未知的指标 'firm'（是否指 'firms'？）"
check 2 "attain targets: unknown option '--horizon'" targets --horizon 3
check 2 "attain targets: option '--as-of' wants YYYY or YYYY-MM, not '21'" targets --as-of 21
[ "$(sql 'SELECT count(*) FROM runs')" = 0 ] || fail "a failed run was recorded"
pass
