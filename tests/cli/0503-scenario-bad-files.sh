# Every kind of bad scenario file: FILE:LINE: message, exit 65, nothing on
# stdout, nothing written (no run recorded, the database unchanged), for
# each command that takes one.  A missing file is exit 66.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
before=$(db_digest)

# case FILE-TEXT MESSAGE (the file is s.ini)
check() {
    printf "$1" >s.ini
    for cmd in "targets --scenario s.ini" "forecast --scenario s.ini" "scenario compare s.ini"; do
        expect_code 65 attain --lang en $cmd
        expect_stdout_empty
        expect_stderr "$2"
    done
    expect_db_unchanged "$before"
}
check '[scenario]\nname = x\n\n[科技企p]\ngrowth = x1.2\n' \
    "s.ini:4: unknown indicator '科技企p' (did you mean '科技企业'?)"
check '[firms]\nregions = 东\n' "s.ini:2: unknown region '东' (did you mean '东区'?)"
check '[firms]\ngrwoth = x1.2\n' "s.ini:2: unknown key 'grwoth' in [firms] (did you mean 'growth'?)"
check '[firms]\ngrowth = 1.2\n' \
    "s.ini:2: growth '1.2' is not a factor (write ×1.2, x1.2, +15% or -10%)"
check '[firms]\ngrowth = ×0\n' \
    "s.ini:2: growth '×0' is not above zero (a factor of 0 or less would undo every year's change)"
check '[firms]\ngrowth = -100%%\n' \
    "s.ini:2: growth '-100%' is not above zero (a factor of 0 or less would undo every year's change)"
check '[firms]\ncapacity = 30\n' \
    "s.ini:2: capacity 30 is below the last observation of 科技企业 in 示范市 (38 in 2021-06)"
check '[firms]\nshock = 2019:-8%%\n' \
    "s.ini:2: shock in 2019 is not in the future of the data: 科技企业 in 示范市 is observed to 2020"
check '[firms]\nfrom = 2031\n' \
    "s.ini:2: from 2031 is after every deadline of 科技企业 (the last is 2025)"
check '[firms]\njust words\n' "s.ini:2: expected '[section]' or 'key = value'"

expect_code 66 attain --lang en targets --scenario missing.ini
expect_stderr "attain: cannot open scenario 'missing.ini': No such file or directory"
expect_db_unchanged "$before"
pass
