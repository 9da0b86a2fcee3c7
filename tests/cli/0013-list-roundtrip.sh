# What `attain list ... --format csv` prints can be loaded back: the demo
# database listed as regions, indicators, observations and targets csv,
# loaded into a new database, lists the same, byte for byte, in every format.
. "$(dirname "$0")/lib.sh"

demo_db "$T/demo"
src="$T/demo/attain.db"
for kind in regions indicators observations targets; do
    expect_code 0 attain --db "$src" list "$kind" --format csv
    cp "$OUT" "$kind.csv"
    [ "$(wc -l <"$kind.csv")" -gt 1 ] || fail "no $kind in the demo"
done
head -n 1 observations.csv | grep -qx 'region,indicator,period,value,source,note' || fail "observations header"
head -n 1 targets.csv | grep -qx 'region,indicator,deadline,kind,value,start,source,lead_unit' || fail "targets header"

expect_code 0 attain load regions.csv indicators.csv observations.csv targets.csv
for kind in regions indicators series observations targets; do
    for fmt in table csv json; do
        expect_code 0 attain --db "$src" list "$kind" --format "$fmt"
        cp "$OUT" want.txt
        expect_code 0 attain list "$kind" --format "$fmt"
        cmp -s want.txt "$OUT" || fail "list $kind --format $fmt differs after the round trip:
$(diff want.txt "$OUT" | head -20)"
    done
done
pass
