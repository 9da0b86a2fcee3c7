# One call may bring observations before the regions and indicators they
# name: regions and indicators are written first.
. "$(dirname "$0")/lib.sh"
cp "$ATTAIN_TEST_DATA"/load/regions.csv "$ATTAIN_TEST_DATA"/load/indicators.csv "$ATTAIN_TEST_DATA"/load/obs_crlf.csv .
expect_code 0 attain --lang en load obs_crlf.csv regions.csv indicators.csv
expect_stderr_empty
expect_stdout "obs_crlf.csv: observations: 2 new, 0 changed, 0 unchanged
regions.csv: regions: 3 new, 0 changed, 0 unchanged
indicators.csv: indicators: 3 new, 0 changed, 0 unchanged
load 1 done"
pass
