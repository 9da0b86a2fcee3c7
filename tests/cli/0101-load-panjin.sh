# The bundled Panjin data set loads in one call, whatever the order of the
# files, with one summary line per file; loading it again changes nothing
# (every row unchanged, no revision).  Counts are the files' data lines.
. "$(dirname "$0")/lib.sh"
for f in regions indicators targets observations_annual observations_monthly; do
    cp "$ATTAIN_SRC/datasets/panjin/$f.csv" .
done
n() { echo $(($(grep -c . "$1") - 1)); } # data lines: non-empty lines but the header
expect_code 0 attain --lang en load observations_annual.csv targets.csv regions.csv indicators.csv observations_monthly.csv
expect_stderr_empty
expect_stdout "observations_annual.csv: observations: $(n observations_annual.csv) new, 0 changed, 0 unchanged
targets.csv: targets: $(n targets.csv) new, 0 changed, 0 unchanged
regions.csv: regions: $(n regions.csv) new, 0 changed, 0 unchanged
indicators.csv: indicators: $(n indicators.csv) new, 0 changed, 0 unchanged
observations_monthly.csv: observations: $(n observations_monthly.csv) new, 0 changed, 0 unchanged
load 1 done"
[ "$(sql 'SELECT count(*) FROM observations')" = $(($(n observations_annual.csv) + $(n observations_monthly.csv))) ] || fail "observations missing"
expect_code 0 attain --lang en load regions.csv indicators.csv targets.csv observations_annual.csv observations_monthly.csv
expect_stdout "regions.csv: regions: 0 new, 0 changed, $(n regions.csv) unchanged
indicators.csv: indicators: 0 new, 0 changed, $(n indicators.csv) unchanged
targets.csv: targets: 0 new, 0 changed, $(n targets.csv) unchanged
observations_annual.csv: observations: 0 new, 0 changed, $(n observations_annual.csv) unchanged
observations_monthly.csv: observations: 0 new, 0 changed, $(n observations_monthly.csv) unchanged
load 2 done"
[ "$(sql 'SELECT count(*) FROM observation_revisions')" = 0 ] || fail "revisions from an unchanged reload"
[ "$(sql 'SELECT count(*) FROM loads')" = 2 ] || fail "expected 2 loads"
pass
