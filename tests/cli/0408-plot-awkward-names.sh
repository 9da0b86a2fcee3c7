# Every name draws, whatever its characters.  First the escaping against
# gnuplot itself: each awkward label, escaped, is read back by gnuplot's own
# string rules as the original text (control characters as spaces, cut
# after 240 bytes with "…").  Then the same names as regions through every
# chart kind and the report.  2026-12-01: a name starting with ' stopped
# gnuplot (it reads a leading '' as an empty string): plot exited 70 and
# the report stopped half-way.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "needs gnuplot"
PROG=$ATTAIN_BUILD/tests/prog_escape
[ -x "$PROG" ] || fail "missing $PROG"

long=$(printf 'ab%.0s' $(seq 250))
names=(
    "'q" "q'" "'" "''" "'''" "a''b" "it's" '"' '"q"' "'\"'" '\' 'a\' '\n' '\\' '\047' '\042'
    '`id`' "'\`id\`'" '@x' "'@x'" '&' '{x}' '^2' 'a_b' '%d' "'%s'" '$1' ';' '#c' "'#c'"
    "$(printf 'a\tb\rc\nd')" "$(printf "'\001\037'")" $'\u202e' "'"$'\u202e'"x" $'\u200f\u200b'
    "$long" "'$long"
)
: >labels
for n in "${names[@]}"; do
    printf '%s\0' "$n" >>labels
done
# What gnuplot must read back: controls as spaces, long labels cut.
: >want
for n in "${names[@]}"; do
    w=$(printf '%s' "$n" | tr '\001-\037' ' ')
    if [ ${#w} -gt 240 ]; then
        w="$(printf '%s' "$w" | head -c 240)…"
    fi
    printf '%s\n' "$w" >>want
done
"$PROG" <labels >print.gp || fail "prog_escape failed"
gnuplot print.gp >got 2>&1 || fail "gnuplot failed on the escaped labels: $(head -c 2000 got)"
diff -u want got >d || fail "gnuplot read the labels back differently:
$(head -c 3000 d)"
# Tic labels too (% becomes the full-width ％, the cut is at 48 columns).
"$PROG" -t <labels >tic.gp || fail "prog_escape -t failed"
gnuplot tic.gp >tic.got 2>&1 || fail "gnuplot failed on the escaped tic labels: $(head -c 2000 tic.got)"
[ "$(wc -l <tic.got)" = "${#names[@]}" ] || fail "tic labels: $(cat tic.got)"

# The names as regions, through every chart and the report.
D="$ATTAIN_TEST_DATA/plots"
{
    echo "code,name,parent"
    echo "sample,'示例市',"
    i=0
    for n in "${names[@]}"; do
        i=$((i + 1))
        q=${n//\"/\"\"}
        printf 'd%d,"%s",sample\n' "$i" "$q"
    done
} >regions.csv
{
    echo "region,indicator,2019,2020,2021,2022,2023"
    echo "sample,hitech,100,120,140,160,180"
    for i in $(seq ${#names[@]}); do
        echo "d$i,hitech,$i,$((i + 2)),$((i + 4)),$((i + 6)),$((i + 8))"
    done
} >obs.csv
{
    printf 'region,indicator,deadline,kind,value\nsample,hitech,2025,level,200\n'
    for i in $(seq ${#names[@]}); do
        echo "d$i,hitech,2025,level,$((i + 12))"
    done
} >targets.csv
expect_code 0 attain load regions.csv "$D/indicators.csv" obs.csv targets.csv
for kind in projection districts dashboard; do
    for ext in svg png; do
        expect_code 0 attain --paths 100 plot "$kind" --indicator hitech --out "$T/$kind.$ext"
        expect_stderr_empty
        [ -s "$T/$kind.$ext" ] || fail "$kind.$ext is empty"
    done
done
grep -qF "'示例市'" "$T/projection.svg" || fail "the quoted name is not in the chart"
expect_code 0 attain --paths 100 report --out "$T/r"
[ -s "$T/r/index.html" ] || fail "no index.html"
# Every name in the page is isolated (<bdi>): outside the charts and the
# <title>, no right-to-left override is left outside a <bdi> element.
# 2026-12-01: U+202E went into the page as it was and reordered the text.
rlo=$'\u202e'
grep -qF "<bdi>$rlo" "$T/r/index.html" || fail "the name with U+202E is not in a <bdi>"
tr '\n' ' ' <"$T/r/index.html" | sed -e 's|<svg[^>]*>.*</svg>||g' -e 's|<title>[^<]*</title>||' \
    -e 's|<bdi>[^<]*</bdi>||g' >outside
! grep -qF "$rlo" outside || fail "U+202E outside <bdi>: $(grep -oF -m1 ".{0,40}$rlo" outside)"
pass
