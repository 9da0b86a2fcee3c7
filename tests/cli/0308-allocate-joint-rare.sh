# The probability that every district meets its share is counted over the
# simulated paths.  When no path meets every share but each share alone is
# met on some path, the event is rare, not impossible: the sentence says
# "<1%", not "0%".  When one share is met on no path at all, 0% stands.
# 2026-12-02: eight plans of the demo read "全部县区都完成的概率 0%".
. "$(dirname "$0")/lib.sh"

{
    echo "code,name,parent"
    echo "c,城,"
    for i in 1 2 3 4 5 6 7 8; do echo "d$i,区$i,c"; done
} >regions.csv
printf 'code,name,name_en,unit,measure\nn,企业,firms,家,stock\n' >ind.csv
{
    echo "region,indicator,2017,2018,2019,2020,2021,2022,2023"
    echo "c,n,95,105,125,125,145,160,185"
    for i in 1 2 3 4 5 6 7 8; do
        echo "d$i,n,$((10 + i % 3)),$((12 + i % 2)),$((14 + i % 3)),15,$((17 + i % 2)),19,$((21 + i % 3))"
    done
} >obs.csv
# Each district asked for about what it reaches in a good year.
{
    echo "region,indicator,deadline,kind,value"
    echo "c,n,2025,level,225"
    for i in 1 2 3 4 5 6 7 8; do echo "d$i,n,2025,level,$((27 + i % 3))"; done
} >plan.csv
expect_code 0 attain load regions.csv ind.csv obs.csv plan.csv
expect_code 0 attain --paths 400 allocate --indicator n --year 2025 --evaluate plan --format csv
awk -F, '$3 == "district" && $11 + 0 <= 0 { print "no path: " $2 }' "$OUT" >none.txt
[ ! -s none.txt ] || fail "every share should be met on some path: $(cat none.txt)"
awk -F, '$3 == "city" { print $13 }' "$OUT" >p_all.txt
[ "$(cat p_all.txt)" = 0 ] || fail "p_all: want no path meeting every share, got $(cat p_all.txt)"
expect_code 0 attain --paths 400 allocate --indicator n --year 2025 --evaluate plan
expect_contains "全部县区都完成的概率 <1%,"
expect_code 0 attain --paths 400 --lang en allocate --indicator n --year 2025 --evaluate plan
expect_contains "all of them meet theirs with probability <1%,"
# One share beyond every path: then no path can meet them all.
sed -i 's/^d1,n,2025,level,.*/d1,n,2025,level,500/' plan.csv
expect_code 0 attain load plan.csv
expect_code 0 attain --paths 400 allocate --indicator n --year 2025 --evaluate plan
expect_contains "全部县区都完成的概率 0%,"
pass
