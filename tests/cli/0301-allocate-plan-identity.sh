# `allocate --evaluate plan` judges the plan's split of 科技型中小企业 2021
# (the districts' 2021 targets in the demo) over the same paths `attain
# targets` uses: at the same --seed and --paths, each district's probability
# of meeting its share is, digit for digit, the probability `attain targets`
# prints for that district's target, and the city's probability of meeting
# its total is the city target's.  The split adds up to 32, not 30: flagged.
# The joint figures are consistent with the per-district ones: the expected
# number of districts that miss is the sum of (1 - probability).
. "$(dirname "$0")/lib.sh"

demo_db "$T/d"
export ATTAIN_DB="$T/d/attain.db"
expect_code 0 attain --paths 400 targets --indicator 科技型中小企业 --format csv
awk -F, 'NR > 1 && $3 == 2021 && $4 == "increment" { print $1 "," $10 }' "$OUT" | sort >targets.txt
expect_code 0 attain --paths 400 allocate --indicator 科技型中小企业 --year 2021 --evaluate plan \
    --format csv
expect_stderr_empty
cp "$OUT" plan.csv
head -1 plan.csv | grep -qx 'city,region,role,indicator,deadline,kind,start,method,share,expected,probability,shortfall,p_all,expected_misses,p_star,flags' ||
    fail "header: $(head -1 plan.csv)"
awk -F, 'NR > 1 && $3 != "remainder" { print $2 "," $11 }' plan.csv | sort >allocate.txt
[ "$(wc -l <targets.txt)" = 7 ] || fail "expected 7 targets for 2021, got: $(cat targets.txt)"
diff -u targets.txt allocate.txt >diff.txt || fail "probabilities differ from attain targets:
$(cat diff.txt)"
grep -q '^panjin,panjin,city,tech_sme,2021,increment,2021,plan,30,.*,split_sum=32$' plan.csv ||
    fail "the city row does not flag the sum 32: $(grep ',city,' plan.csv)"
# Shares as the plan has them.
awk -F, '$3 == "district" { printf "%s=%s\n", $2, $9 }' plan.csv | tr '\n' ' ' >shares.txt
[ "$(cat shares.txt)" = "panshan=5 shuangtaizi=5 xinglongtai=3 dawa=5 liaodongwan=4 gaoxin=10 " ] ||
    fail "plan shares: $(cat shares.txt)"
awk -F, '$3 == "district" { miss += 1 - $11 } $3 == "city" { e = $14 }
         END { d = miss - e; if (d < 0) d = -d; exit !(d < 1e-9) }' plan.csv ||
    fail "expected misses is not the sum of 1 - probability: $(grep ',city,' plan.csv)"
# The table says it in words, with the sum flagged.
expect_code 0 attain --paths 400 allocate --indicator 科技型中小企业 --year 2021 --evaluate plan
expect_contains '规划的分解; 份额为各县区在该期间的新增量'
expect_contains '注: 各县区份额合计 32, 与全市目标 30 不一致'
pass
