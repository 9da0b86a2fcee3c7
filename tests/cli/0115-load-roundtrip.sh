# What `attain list KIND --format csv` writes, `attain load` reads back:
# the bundled data set listed from one database and loaded into a second
# lists byte-identically.
. "$(dirname "$0")/lib.sh"
D="$ATTAIN_SRC/datasets/panjin"
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/targets.csv" "$D/observations_annual.csv" "$D/observations_monthly.csv"
for k in regions indicators observations targets; do
    expect_code 0 attain --format csv list "$k"
    cp "$OUT" "$k.csv"
done
expect_code 0 attain --db second.db load regions.csv indicators.csv observations.csv targets.csv
expect_stderr_empty
for k in regions indicators observations targets; do
    expect_code 0 attain --db second.db --format csv list "$k"
    cmp -s "$OUT" "$k.csv" || fail "'list $k' differs after a round trip: $(diff "$k.csv" "$OUT" | head -5)"
done
[ "$(sql 'SELECT count(*) FROM observation_revisions')" = 0 ] || fail "revisions in a fresh load"
pass
