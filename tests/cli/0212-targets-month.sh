# The monthly progress view: as of 2021-06 the 2021 targets are judged on
# the June figures projected to year end; as of 2020 the same targets are
# judged on the model alone.  The June figure of the city's firms (38, i.e.
# +2 by June against +5 a year lately, and a June share of 0.2 in 2019 and
# 2020) must move the expected 2021 increment: with drift (+4.2 a year)
# the year end is 2 + 0.8 (2 + 0.8 * 4.2) = 6.288 before reconciliation,
# against 4.2 without the June figure.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
expect_code 0 attain targets --model drift --seed 4 --paths 2000 --as-of 2021-06 --format csv --region city
e_june=$(awk -F, '$2 == "firms" && $3 == 2021 { print $7 }' "$OUT")
expect_code 0 attain targets --model drift --seed 4 --paths 2000 --as-of 2020 --format csv --region city
e_2020=$(awk -F, '$2 == "firms" && $3 == 2021 { print $7 }' "$OUT")
awk -v a="$e_june" -v b="$e_2020" 'BEGIN { exit !(a > 5.8 && a < 6.8 && b > 3.7 && b < 4.7) }' ||
    fail "expected 2021 increment: as of June $e_june (want ~6.3), as of 2020 $e_2020 (want ~4.2)"
# Behind pace: west's events, 2 of 6 by June (33.3%) where earlier Junes
# held 39.6% of their years (the city's profile, borrowed); not so as of 2020.
expect_code 0 attain targets --model drift --seed 4 --paths 300 --as-of 2021-06 --format csv
grep -q '^west,events,2021,increment,6,.*,西区政府,behind_pace=33.3%<39.6%$' "$OUT" ||
    fail "behind_pace: $(grep '^west,events' "$OUT")"
[ "$(grep -c behind_pace "$OUT")" = 1 ] || fail "only west's events are behind pace"
expect_code 0 attain targets --model drift --seed 4 --paths 300 --as-of 2020 --format csv
if grep -q behind_pace "$OUT"; then fail "behind pace without a year to date"; fi
# The table view of June: who is behind, by region and by lead unit.
expect_code 0 attain targets --model drift --seed 4 --paths 300 --as-of 2021-06
expect_contains '未达有望完成(有风险或落后)的目标, 按地区:'
expect_contains '按牵头单位:'
expect_code 0 attain targets --model drift --seed 4 --paths 300 --as-of 2021-06 --lang en
expect_contains 'targets behind (at_risk or off_track), by region:'
pass
