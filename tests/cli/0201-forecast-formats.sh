# `attain forecast` with a named model, a fixed seed and few paths, in all
# three formats, against golden files made with that seed (the fixture is
# tests/data/targets; its README says what is in it).  The json carries the
# model's parameters and their standard errors: drift's drift is the mean
# yearly change, (36 - 15) / 5 = 4.2 for the city's firms, independent of
# any randomness, so it is also checked apart from the golden file.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/targets
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" "$D/targets.csv"
for fmt in table csv json; do
    expect_code 0 attain forecast --model drift --seed 7 --paths 200 --horizon 2 --format $fmt
    expect_stderr_empty
    expect_golden 0201-forecast-drift.$fmt
done
expect_contains '"region":"city","indicator":"firms","model":"drift","params":{"drift":4.2},'
# English labels in the table.
expect_code 0 attain forecast --model drift --seed 7 --paths 200 --horizon 2 --lang en
expect_golden 0201-forecast-drift-en.table
pass
