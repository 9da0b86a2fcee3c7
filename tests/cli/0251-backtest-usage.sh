# Bad options of `attain backtest`: exit 2 (usage) or 65 (unknown name),
# the exact message, nothing on stdout, no run recorded.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/backtest
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv"
check() {
    local code=$1 msg=$2
    shift 2
    expect_code "$code" attain --lang en "$@"
    expect_stdout_empty
    expect_stderr "$msg"
}
check 2 "attain backtest: option '--origins' wants a whole number from 1 to 20, not '0'" \
    backtest --origins 0
check 2 "attain backtest: option '--horizon' wants a whole number from 1 to 10, not 'x'" \
    backtest --horizon x
check 2 "attain backtest: unknown model 'arima' (auto, combo, naive, drift, linear, exp, logistic, gompertz, damped, theta, poisson, negbin)" \
    backtest --model arima
check 2 "attain backtest: unexpected argument 'extra'" backtest extra
check 2 "attain backtest: unknown option '--until'" backtest --until 2025
check 2 "attain backtest: option '--horizon' needs a value" backtest --horizon
# In Chinese, the default.
expect_code 65 attain backtest --region 东
expect_stdout_empty
expect_stderr "attain: 未知的地区 '东'（是否指 '东区'？）"
# In Chinese, the default.
expect_code 65 attain backtest --indicator firm
expect_stdout_empty
expect_stderr "attain: 未知的指标 'firm'（是否指 'firms'？）"
[ "$(sql 'SELECT count(*) FROM runs')" = 0 ] || fail "a failed run was recorded"
pass
