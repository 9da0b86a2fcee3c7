# Every attain reader accepts what attain writes: `list ... --excel` starts
# with a UTF-8 BOM (for Excel), and `load` takes those files back, BOM and
# all, into a database that lists the same.
. "$(dirname "$0")/lib.sh"
D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain --lang en load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
for kind in regions indicators observations targets; do
    "$ATTAIN" list "$kind" --excel >"$kind.csv" || fail "list $kind failed"
    [ "$(head -c 3 "$kind.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "$kind.csv has no BOM"
done
expect_code 0 attain --db copy.db --lang en load regions.csv indicators.csv observations.csv targets.csv
expect_contains "regions.csv: regions (UTF-8 with BOM)"
for kind in regions indicators observations targets; do
    "$ATTAIN" list "$kind" --format csv >a.out
    "$ATTAIN" --db copy.db list "$kind" --format csv >b.out
    cmp -s a.out b.out || fail "list $kind differs after the round trip"
done
pass
