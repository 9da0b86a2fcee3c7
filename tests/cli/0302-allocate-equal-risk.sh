# `allocate` on the demo's 科技型中小企业 targets: the equal-risk split of 2021
# (an increment, 30) and 2025 (a level, 300) are whole numbers adding up to
# exactly the city target, every district's probability of meeting its
# share lies near p* (within what whole firms allow: 2025's shares are big
# enough for a few points), --min/--max are honoured, proportional splits add
# up too, and the table is the golden one (fixed seed and paths).  Output
# does not depend on --threads.
. "$(dirname "$0")/lib.sh"

demo_db "$T/d"
export ATTAIN_DB="$T/d/attain.db"
check_sum() { # FILE TOTAL: district shares are whole and add up to TOTAL
    awk -F, -v want="$2" '$3 == "district" { s += $9; if ($9 != int($9)) bad = 1 }
        END { exit bad || s != want }' "$1" || fail "shares do not add up to $2: $(cat "$1")"
}
for threads in 1 2; do
    expect_code 0 attain --paths 400 --threads $threads allocate --indicator tech_sme --year 2025 \
        --format csv
    cp "$OUT" er2025.$threads.csv
done
cmp -s er2025.1.csv er2025.2.csv || fail "output depends on --threads"
check_sum er2025.1.csv 300
grep -q '^panjin,panjin,city,tech_sme,2025,level,2025,equal-risk,300,' er2025.1.csv ||
    fail "city row: $(grep ',city,' er2025.1.csv)"
awk -F, '$3 == "city" { p = $15 } $3 == "district" { d[$2] = $11 }
    END { for (k in d) { x = d[k] - p; if (x < 0) x = -x; if (x > 0.05) exit 1 } }' er2025.1.csv ||
    fail "2025 probabilities are not near p*: $(cat er2025.1.csv)"
expect_code 0 attain --paths 400 allocate --indicator tech_sme --year 2021 --format csv
check_sum "$OUT" 30
expect_code 0 attain --paths 400 allocate --indicator tech_sme --year 2021 --method proportional \
    --format csv
check_sum "$OUT" 30
grep -q ',proportional,30,' "$OUT" || fail "method: $(cat "$OUT")"
# Bounds: 大洼区 at least 6, 盘锦高新区 at most 3.
expect_code 0 attain --paths 400 allocate --indicator tech_sme --year 2021 --region 盘锦市 \
    --min 大洼区=6 --max gaoxin=3 --format csv
check_sum "$OUT" 30
grep -q '^panjin,dawa,district,tech_sme,2021,increment,2021,equal-risk,6,' "$OUT" ||
    fail "--min not honoured: $(cat "$OUT")"
grep -q '^panjin,gaoxin,district,tech_sme,2021,increment,2021,equal-risk,3,' "$OUT" ||
    fail "--max not honoured: $(cat "$OUT")"
expect_code 0 attain --paths 400 allocate --indicator tech_sme --year 2021 --region 盘锦市 \
    --min 大洼区=6 --max gaoxin=3
expect_contains '按等风险分配, 除大洼区、盘锦高新区受上下限约束外, 各县区均有约'
# The tables, in both languages.
expect_code 0 attain --paths 400 allocate --indicator 科技型中小企业 --year 2021
expect_golden 0302-allocate-2021.txt
expect_code 0 attain --paths 400 --lang en allocate --indicator tech_sme --year 2025
expect_golden 0302-allocate-2025-en.txt
expect_code 0 attain --paths 400 allocate --indicator tech_sme --year 2021 --format json
sed -n 2p "$OUT" | grep -q '^{"city":"panjin","region":"panshan","role":"district",' ||
    fail "json: $(head -2 "$OUT")"
pass
