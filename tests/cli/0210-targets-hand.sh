# `attain targets` on targets whose answers are worked by hand
# (tests/data/targets/README.md): decided targets (every year they need is
# observed) have probability 0 or 1 and expected = lo80 = hi80 = the
# observed quantity; baseline is the same quantity over the years ending at
# the last observation; required_growth is the constant yearly growth from
# the last annual figure that just meets the target -- none of which depends
# on the model or the seed.  status follows the probability thresholds on
# every row.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
expect_code 0 attain targets --model drift --seed 9 --paths 300 --format csv
expect_stderr_empty
[ "$(head -1 "$OUT")" = "region,indicator,deadline,kind,target,baseline,expected,lo80,hi80,probability,status,required_growth,reach_year,model,start,lead_unit,flags" ] ||
    fail "header: $(head -1 "$OUT")"
# Decided: columns 1-12 and 14-17 (reach_year is the median path's).
cut -d, -f1-12,14-17 "$OUT" | grep ',decided$' >decided.csv
# city firms 2019 >= 30: observed 31; baseline the 2020 level 36.
# city events 2018..2020 >= 30: 11 + 11 + 14 = 36; baseline the same three years.
# west firms 2018..2020 +6: 12 - 8 = 4; baseline 12 - level(2017) 8 = 4.
cat >want.csv <<'CSV'
city,firms,2019,level,30,36,31,31,31,1,on_track,,drift,2019,科技局,decided
city,events,2020,increment,30,36,36,36,36,1,on_track,,drift,2018,科技局,decided
west,firms,2020,increment,6,4,4,4,4,0,off_track,,drift,2018,西区政府,decided
CSV
diff want.csv decided.csv || fail "decided targets"
# required_growth, to 1e-9: city firms 2022 >= 43.56 from 36 (2020): sqrt(1.21) - 1 = 0.1;
# east events 2022..2023 sum 28.512 from 9: 9 (1.2^2 + 1.2^3) -> 0.2;
# city firms 2021 +6 from 36: 42/36 - 1; west firms 2021 +3 from 12: 15/12 - 1;
# city events 2021 >= 15 from 14: 15/14 - 1.  Baselines: 36, 17 (8 + 9), 5, 1, 14.
awk -F, 'function chk(key, base, g) { if (!(key in row)) { print "no row " key; bad = 1; return }
             split(row[key], f, ",")
             if (f[6] != base) { print key ": baseline " f[6] " != " base; bad = 1 }
             d = f[12] - g; if (d < 0) d = -d
             if (d > 1e-9) { print key ": required_growth " f[12] " != " g; bad = 1 } }
         NR > 1 { row[$1 "," $2 "," $3 "," $4] = $0 }
         END { chk("city,firms,2022,level", 36, 0.1)
               chk("east,events,2023,increment", 17, 0.2)
               chk("city,firms,2021,increment", 5, 42 / 36 - 1)
               chk("west,firms,2021,increment", 1, 15 / 12 - 1)
               chk("city,events,2021,level", 14, 15 / 14 - 1)
               exit bad }' "$OUT" || fail "baseline or required_growth"
# status from probability; probability in [0, 1]; lo80 <= expected <= hi80 would not hold
# for skewed paths, so only lo80 <= hi80.
awk -F, 'NR > 1 { p = $10; s = $11
                  want = p >= 0.8 ? "on_track" : (p >= 0.5 ? "at_risk" : "off_track")
                  if (s != want || p < 0 || p > 1 || $8 > $9) { print "bad row: " $0; bad = 1 } }
         END { exit bad }' "$OUT" || fail "status does not follow probability"
pass
