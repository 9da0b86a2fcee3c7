# Every command's messages come from one table: Chinese by default, English
# with --lang en, the same exit status in both, a FILE:LINE: prefix kept as
# it is.  One error of each command, then the lines of `attain init` and
# `attain revert`, then --lang given after the option it is about.
. "$(dirname "$0")/lib.sh"
D=$ATTAIN_TEST_DATA/targets

# both CODE ZH EN ARGS...: `attain ARGS` fails with CODE, saying ZH; with
# --lang en it fails with CODE too, saying EN; stdout stays empty.
both() {
    local code=$1 zh=$2 en=$3
    shift 3
    expect_code "$code" attain "$@"
    expect_stdout_empty
    expect_stderr "$zh"
    expect_code "$code" attain --lang en "$@"
    expect_stdout_empty
    expect_stderr "$en"
}

both 66 "attain: 数据库 '$ATTAIN_DB' 不存在（可用 'attain init' 或 'attain load FILE...' 创建）" \
    "attain: database '$ATTAIN_DB' does not exist (create it with 'attain init' or 'attain load FILE...')" \
    list regions
expect_code 0 attain init
expect_stdout "已创建数据库 '$ATTAIN_DB'（结构版本 3）"
expect_code 0 attain --lang en init
expect_stdout "database '$ATTAIN_DB' is up to date (schema version 3)"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"

both 2 "attain init: 多余的参数 'now'" "attain init: unexpected argument 'now'" init now
both 2 "attain load: 没有要载入的文件（见 'attain load --help'）" \
    "attain load: no FILE to load (see 'attain load --help')" load
both 2 "attain list: 无法列出 'cats'（可列出 regions、indicators、series、observations、targets、runs、loads 或 revisions）" \
    "attain list: cannot list 'cats' (regions, indicators, series, observations, targets, runs, loads or revisions)" \
    list cats
both 2 "attain help: 未知的命令 'lsit'（是否指 'list'？）" \
    "attain help: unknown command 'lsit' (did you mean 'list'?)" help lsit
both 2 "attain forecast: 选项 '--horizon' 应为 1 到 40 的整数，而不是 '0'" \
    "attain forecast: option '--horizon' wants a whole number from 1 to 40, not '0'" \
    forecast --horizon 0
both 65 "attain: 未知的地区 '东'（是否指 '东区'？）" "attain: unknown region '东' (did you mean '东区'?)" \
    targets --region 东
both 65 "attain: 未知的指标 'firm'（是否指 'firms'？）" \
    "attain: unknown indicator 'firm' (did you mean 'firms'?)" backtest --indicator firm
both 2 "attain allocate: 必须给出选项 '--indicator'" "attain allocate: option '--indicator' is required" \
    allocate --year 2021
both 2 "attain plot: 绘制哪种图表？projection、districts、dashboard、allocation、scenarios 或 backtest" \
    "attain plot: which chart? projection, districts, dashboard, allocation, scenarios or backtest" plot
both 2 "attain report: 必须给出选项 '--out DIR'" "attain report: option '--out DIR' is required" report
both 2 "attain demo: 选项 '--out' 需要一个值" "attain demo: option '--out' needs a value" demo --out
both 2 "attain revert: 撤销哪次载入？请给出 --load N（见 'attain list loads'）" \
    "attain revert: which load? give --load N (see 'attain list loads')" revert
both 65 "attain: 没有第 9 次载入（最近一次是第 1 次）" "attain: there is no load 9 (the last is load 1)" \
    revert --load 9
both 2 "attain scenario: compare 还是 solve？（attain scenario compare FILE.ini...，attain scenario solve ...）" \
    "attain scenario: compare or solve? (attain scenario compare FILE.ini..., attain scenario solve ...)" \
    scenario
both 66 "attain: 无法打开情景文件 'nothere.ini'：No such file or directory" \
    "attain: cannot open scenario 'nothere.ini': No such file or directory" scenario compare nothere.ini
printf '[scenario]\nname = x\n\n[科技企p]\ngrowth = x1.2\n' >s.ini
both 65 "s.ini:4: 未知的指标 '科技企p'（是否指 '科技企业'？）" \
    "s.ini:4: unknown indicator '科技企p' (did you mean '科技企业'?)" targets --scenario s.ini

# `attain revert` says what it undid in either language.
expect_code 0 attain --lang en revert --load 1
expect_stdout "reverted load 1
regions: 3 removed
indicators: 2 removed
observations: 46 removed
targets: 12 removed
load 2 done"
expect_code 0 attain revert --load 2
expect_stdout "已撤销第 2 次载入
地区：重新加入 3
指标：重新加入 2
观测值：重新加入 46
目标：重新加入 12
第 3 次载入完成"

# --lang counts wherever it stands, even after the option a message is about;
# a value it does not know leaves the messages in Chinese.
expect_code 2 attain --seed x --lang en list regions
expect_stderr "attain: option '--seed' wants a whole number from 0 to 18446744073709551615, not 'x'"
expect_code 2 attain --seed x list regions
expect_stderr "attain: 选项 '--seed' 应为 0 到 18446744073709551615 的整数，而不是 'x'"
expect_code 2 attain --lang de list regions
expect_stderr "attain: 选项 '--lang' 应为 'zh' 或 'en'，而不是 'de'"
pass
