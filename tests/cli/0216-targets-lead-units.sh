# Who is behind, by lead unit: a target led by several units ("A、B" or
# "A，B", as plans write them) counts for each of them.  The three targets
# (level 1000 in 2021) are far out of reach, so every one is behind.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
cat >t.csv <<'CSV'
region,indicator,deadline,kind,value,start,source,lead_unit
city,firms,2021,level,1000,,x,科技局、财政局
east,firms,2021,level,1000,,x,东区政府，科技局
west,firms,2021,level,1000,,x,西区政府
CSV
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" t.csv
expect_code 0 attain targets --model drift --seed 1 --paths 50 --indicator firms
expect_stderr_empty
sed -n '/^按牵头单位:$/,$p' "$OUT" >units.txt
cat >want.txt <<'TXT'
按牵头单位:
  科技局: 2/2
  财政局: 1/1
  东区政府: 1/1
  西区政府: 1/1
TXT
diff want.txt units.txt || fail "lead units"
pass
