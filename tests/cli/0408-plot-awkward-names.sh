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
# Non-ASCII as bytes: the tests run in the C locale, where $'\u202e' would
# be the six characters \u202E (2026-12-01: it was, so the names below held
# no U+202E at all).  One name is PDI RLO y LRI z: a stray PDI that would
# close an isolate early, and an isolate left open.
names=(
    "'q" "q'" "'" "''" "'''" "a''b" "it's" '"' '"q"' "'\"'" '\' 'a\' '\n' '\\' '\047' '\042'
    '`id`' "'\`id\`'" '@x' "'@x'" '&' '{x}' '^2' 'a_b' '%d' "'%s'" '$1' ';' '#c' "'#c'"
    "$(printf 'a\tb\rc\nd')" "$(printf "'\001\037'")" $'\xe2\x80\xae' "'"$'\xe2\x80\xae'"x" $'\xe2\x80\x8f\xe2\x80\x8b'
    $'\xe2\x81\xa9\xe2\x80\xaey\xe2\x81\xa6z'
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
# In every SVG chart (plot's, the report's files and those inline in the
# page), each text element holds U+202E (and the other embeddings and
# overrides) only inside an isolate, U+2068 ... U+2069, and closes every
# isolate it opens: a name cannot reorder the words around it.
# 2026-12-01: the SVG labels had the names as they were.
svg_isolated() {
    perl -CSD -0777 -ne '
        my ($file, $seen, $bad) = ($ARGV, 0, 0);
        while (/<text\b[^>]*>(.*?)<\/text>/gs) {
            my ($t, $depth) = ($1, 0);
            for my $c (split //, $t) {
                my $o = ord $c;
                if ($o >= 0x2066 && $o <= 0x2068) { $depth++ }
                elsif ($o == 0x2069) { $depth-- if $depth > 0 }
                elsif ($o >= 0x202a && $o <= 0x202e) {
                    $seen++;
                    if ($depth == 0) { print "$file: outside an isolate: $t\n"; $bad = 1 }
                }
            }
            if ($depth != 0) { print "$file: isolate left open: $t\n"; $bad = 1 }
        }
        # The page (every chart of every district) must show the names at all.
        if (!$seen && $file =~ /index\.html$/) {
            print "$file: no U+202E in any label\n";
            $bad = 1;
        }
        exit 1 if $bad;
    ' "$@"
}
svg_isolated "$T"/projection.svg "$T"/districts.svg "$T"/dashboard.svg "$T"/r/index.html >iso.txt ||
    fail "bidi marks outside an isolate in the SVG charts: $(head -c 3000 iso.txt)"
for f in "$T"/r/charts/*.svg; do
    svg_isolated "$f" >>iso.txt || fail "bidi marks outside an isolate in $f: $(head -c 3000 iso.txt)"
done
[ -s "$T/r/index.html" ] || fail "no index.html"
rlo=$'\xe2\x80\xae'
# A unit and a scenario name are labels too (axis, legend).
# 2026-12-02: they went into the charts as they were.
printf 'code,name,name_en,unit,measure\nrtl,右至左,right to left,"%s个",stock\n' "$rlo" >rtl.csv
printf 'region,indicator,2019,2020,2021,2022,2023\nsample,rtl,3,4,5,6,7\n' >rtl_obs.csv
printf 'region,indicator,deadline,kind,value\nsample,rtl,2025,level,9\n' >rtl_t.csv
printf '[scenario]\nname = %sabc\n[rtl]\ngrowth = x1.2\n' "$rlo" >rtl.ini
expect_code 0 attain load rtl.csv rtl_obs.csv rtl_t.csv
expect_code 0 attain --paths 100 plot projection --indicator rtl --region sample --out "$T/unit.svg"
expect_code 0 attain --paths 100 plot scenarios --scenario rtl.ini --indicator rtl --out "$T/scen.svg"
for f in unit scen; do
    grep -qF "$rlo" "$T/$f.svg" || fail "$f.svg does not show the name with U+202E"
    svg_isolated "$T/$f.svg" >>iso.txt || fail "bidi marks outside an isolate in $f.svg: $(head -c 3000 iso.txt)"
done
# Every name in the page is isolated (<bdi>): outside the charts and the
# <title>, no right-to-left override is left outside a <bdi> element.
# 2026-12-01: U+202E went into the page as it was and reordered the text.
fsi=$'\xe2\x80\x8e\xe2\x81\xa8' # LRM FSI: see bidi_isolate in engine/report_src.c
grep -qF "<bdi>$fsi$rlo" "$T/r/index.html" || fail "the name with U+202E is not in a <bdi>"
tr '\n' ' ' <"$T/r/index.html" | sed -e 's|<svg[^>]*>.*</svg>||g' -e 's|<title>[^<]*</title>||' \
    -e 's|<bdi>[^<]*</bdi>||g' >outside
! grep -qF "$rlo" outside || fail "U+202E outside <bdi>: $(grep -oF -m1 ".{0,40}$rlo" outside)"
pass
