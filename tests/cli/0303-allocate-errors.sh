# Bad options and impossible constraints of `attain allocate`: exit 2 for
# usage, 65 for data (an unknown or foreign region, bounds that cannot hold
# together, a total that is no whole number of firms, no target to split),
# the exact message, nothing on stdout, the database untouched (no run is
# recorded for a refused split).
. "$(dirname "$0")/lib.sh"

demo_db "$T/d"
export ATTAIN_DB="$T/d/attain.db"
before=$(db_digest)
check() {
    local code=$1 msg=$2
    shift 2
    expect_code "$code" attain --lang en --paths 100 allocate "$@"
    expect_stdout_empty
    expect_stderr "$msg"
}
I="--indicator 科技型中小企业 --year 2021"
check 2 "attain allocate: option '--indicator' is required" --year 2021
check 2 "attain allocate: option '--year' is required" --indicator tech_sme
check 2 "attain allocate: option '--year' wants a whole number from 1000 to 9999, not '21'" \
    --indicator tech_sme --year 21
check 2 "attain allocate: option '--method' wants equal-risk or proportional, not 'fair'" $I --method fair
check 2 "attain allocate: option '--kind' wants level or increment, not 'stock'" $I --kind stock
check 2 "attain allocate: option '--min' wants REGION=NUMBER, not 'dawa'" $I --min dawa
check 2 "attain allocate: option '--max' wants a number, not 'many'" $I --region panjin --max dawa=many
check 2 "attain allocate: option '--total' wants a number, not '30x'" $I --region panjin --total 30x
check 2 "attain allocate: options '--total', '--min', '--max' and '--evaluate FILE' need '--region'" \
    $I --total 30
check 2 "attain allocate: option '--evaluate' judges a given split: it takes no '--method', '--min', '--max' or '--remainder'" \
    $I --evaluate plan --method proportional
check 2 "attain allocate: unexpected argument 'now'" $I now
check 2 "attain allocate: unknown option '--share'" $I --share 3
# In Chinese, the default.
expect_code 65 attain --paths 100 allocate $I --region panjin --min 大洼=3
expect_stdout_empty
expect_stderr "attain: 未知的地区 '大洼'（是否指 '大洼区'？）"
check 65 "attain: '盘锦市' is not a district of '盘锦市'" $I --region panjin --min 盘锦市=3
check 65 "attain: the minimums add up to 34, more than the total 30" \
    $I --region panjin --min dawa=30 --min panshan=4
check 65 "attain: the maximums add up to 11, less than the total 30" $I --region panjin \
    --max dawa=3 --max panshan=4 --max shuangtaizi=1 --max xinglongtai=1 --max liaodongwan=1 \
    --max gaoxin=1
check 65 "attain: the minimum of '大洼区' is above its maximum (shares are whole multiples of 1)" \
    $I --region panjin --min dawa=3.2 --max dawa=3.8
check 65 "attain: the total 30.5 is not a whole number of 1" $I --region panjin --total 30.5
check 65 "attain: '盘锦市' has no target for 科技型中小企业 in 2023, nor do its districts: give the total with '--total'" \
    --indicator tech_sme --year 2023 --region panjin
check 65 "attain: '盘山县' has no districts with figures for '科技型中小企业' reconciled under it: nothing to split" \
    $I --region panshan
check 65 "attain: no region with districts has a target for 'tech_sme' in 2023: nothing to split" \
    --indicator tech_sme --year 2023
check 65 "attain: the plan does not split '盘锦市' 科技型中小企业 2025 over its districts: nothing to judge" \
    --indicator tech_sme --year 2025 --region panjin --evaluate plan
expect_db_unchanged "$before"
pass
