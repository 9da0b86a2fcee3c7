# --shard K/N on targets and forecast: each shard computes whole trees,
# the parts as even as whole trees allow, so the three shards' csv rows
# together are exactly a single run's (after sorting), each row once, with
# the same header; and a bad K/N is a usage error, with nothing on stdout
# and no run recorded.
. "$(dirname "$0")/lib.sh"

D=$ATTAIN_TEST_DATA/multicity
expect_code 0 attain load "$D/regions.csv" "$D/indicators.csv" "$D/observations.csv" \
    "$D/targets.csv"
for cmd in targets forecast; do
    expect_code 0 attain --seed 4 --paths 200 --format csv $cmd
    cp "$OUT" whole.csv
    [ "$(wc -l <whole.csv)" -gt 40 ] || fail "$cmd: too few rows to test with"
    for k in 1 2 3; do
        expect_code 0 attain --seed 4 --paths 200 --threads 2 --format csv $cmd --shard $k/3
        cp "$OUT" part$k.csv
        head -n 1 part$k.csv | cmp -s - <(head -n 1 whole.csv) || fail "$cmd: shard $k's header differs"
        [ "$(wc -l <part$k.csv)" -gt 1 ] || fail "$cmd: shard $k/3 is empty"
    done
    tail -q -n +2 part1.csv part2.csv part3.csv | sort >union.csv
    tail -n +2 whole.csv | sort | diff - union.csv >/dev/null ||
        fail "$cmd: the shards' union is not the single run"
    # Each shard holds whole trees: a region and its districts fall together.
    for k in 1 2 3; do
        for city in alpha gamma; do
            a=$(grep -c "^$city,firms," part$k.csv)
            b=$(grep -c "^${city}0,firms," part$k.csv)
            { [ "$a" -gt 0 ] && [ "$b" -gt 0 ]; } || { [ "$a" = 0 ] && [ "$b" = 0 ]; } ||
                fail "$cmd: shard $k splits $city's firms tree"
        done
    done
    expect_code 0 attain --seed 4 --paths 200 --format csv $cmd --shard 1/1
    cmp -s "$OUT" whole.csv || fail "$cmd: --shard 1/1 is not the whole run"
done

# Even parts.  The fixture has 18 trees (6 top regions x 3 indicators: 5,
# 4, 4, 3, 1 and 1 series under each indicator), 54 series in all.  In 3
# parts each holds 18 series; in 18 parts each holds one tree, none is
# empty (a hash of the root mod N left parts with two trees and parts with
# none).
series_of() { tail -n +2 "$OUT" | cut -d, -f1,2 | sort -u; }
for k in 1 2 3; do
    expect_code 0 attain --paths 50 --format csv forecast --shard $k/3
    [ "$(series_of | wc -l)" = 18 ] || fail "forecast --shard $k/3 holds $(series_of | wc -l) series, not 18"
done
sizes=
for k in $(seq 1 18); do
    expect_code 0 attain --paths 50 --format csv forecast --shard $k/18
    trees=$(series_of | sed 's/[0-9]*,/,/' | sort -u | wc -l)
    [ "$trees" = 1 ] || fail "forecast --shard $k/18 holds $trees trees, not 1"
    sizes="$sizes $(series_of | wc -l)"
done
[ "$sizes" = " 5 5 5 4 4 4 4 4 4 3 3 3 1 1 1 1 1 1" ] ||
    fail "the 18 parts' sizes are$sizes (largest trees first, one each)"

runs=$(sql 'SELECT count(*) FROM runs')
check() {
    expect_code 2 attain --lang en "$@"
    expect_stdout_empty
    expect_stderr "attain ${1}: option '--shard' wants K/N with 1 <= K <= N <= 100000 (e.g. 2/3), not '${3}'"
}
for bad in 0/3 4/3 1/0 3 /3 1/ a/3 1/3/4 -1/3 1.5/3 ' 1/3' 1/100001 99999999999999999999/3; do
    check targets --shard "$bad"
    check forecast --shard "$bad"
done
expect_code 2 attain --lang en forecast --shard
expect_stderr "attain forecast: option '--shard' needs a value"
expect_code 2 attain --lang en backtest --shard 1/2
expect_stderr "attain backtest: unknown option '--shard'"
[ "$(sql 'SELECT count(*) FROM runs')" = "$runs" ] || fail "a refused run was recorded"
pass
