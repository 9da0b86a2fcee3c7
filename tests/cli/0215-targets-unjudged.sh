# Targets that cannot be judged say why, in the flags column, with every
# number empty: no series at all (no_data), a year before the first figure
# (before_history), a deadline past the 40 simulated years (beyond_horizon).
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
cat >more-indicators.csv <<'CSV'
code,name,name_en,unit,measure
patents,专利,patents,件,flow
CSV
cat >more-targets.csv <<'CSV'
region,indicator,deadline,kind,value,start
city,patents,2021,level,5,
west,firms,2016,increment,2,2015
east,firms,2070,level,500,
CSV
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" more-indicators.csv "$D/observations.csv" more-targets.csv
expect_code 0 attain targets --model drift --seed 1 --paths 50 --format csv
expect_stderr_empty
cat >want.csv <<'CSV'
region,indicator,deadline,kind,target,baseline,expected,lo80,hi80,probability,status,required_growth,reach_year,model,start,lead_unit,flags
city,patents,2021,level,5,,,,,,,,,,2021,,no_data
east,firms,2070,level,500,,,,,,,,,drift,2070,,beyond_horizon
west,firms,2016,increment,2,,,,,,,,,drift,2015,,before_history
CSV
diff want.csv "$OUT" || fail "unjudged targets"
pass
