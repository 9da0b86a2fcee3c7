# Names from the data cannot run anything: regions named with quotes,
# system(), backquotes, @macros, newlines and an "EOD" line, and a target
# source and lead unit with HTML in them, go through every chart kind (SVG
# and PNG) and the report; no command they name runs, the charts hold the
# names as text, and the page shows them HTML-escaped.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || skip "no gnuplot"

P="$T/pwn"
cat >regions.csv <<CSV
code,name,parent
city,"a'; system(""touch $P-1"") ; '",
d1,"\`touch $P-2\` @x <script>alert(1)</script> & EOD",city
d2,"b'
EOD
system('touch $P-3')",city
CSV
cat >obs.csv <<'CSV'
region,indicator,2018,2019,2020,2021,2022,2023
d1,hitech,10,12,15,17,20,24
d2,hitech,5,6,8,9,11,12
city,hitech,15,18,23,26,31,36
CSV
cat >targets.csv <<CSV
region,indicator,deadline,kind,value,start,source,lead_unit
city,hitech,2025,level,50,,"x'; system(""touch $P-4"") #","<b>科技局</b> & '单位'"
d1,hitech,2025,level,30,,s,u
d2,hitech,2025,level,15,,s,u
CSV
expect_code 0 attain load regions.csv "$ATTAIN_TEST_DATA/plots/indicators.csv" obs.csv targets.csv

for kind in projection districts dashboard allocation; do
    for ext in svg png; do
        expect_code 0 attain --paths 200 plot "$kind" --out "$T/$kind.$ext"
        expect_stderr_empty
    done
done
expect_code 0 attain --paths 200 report --out "$T/r"
expect_stdout "$T/r/index.html"
ls "$T"/pwn* >/dev/null 2>&1 && fail "a name ran a command: $(ls "$T"/pwn*)"

# The charts show the names as written (a newline becomes a space); a title
# wider than the canvas is broken at spaces into lines (one <text> each).
sed -n 's|.*<text>\(.*\)</text>.*|\1|p' "$T/projection.svg" | tr '\n' ' ' | grep -qF \
    "a'; system(\"touch $P-1\") ; ' · 高新技术企业：2025 年达到 50 家 " ||
    fail "projection.svg: the city's name is not the title text"
grep -qF "x'; system(\"touch $P-4\") #" "$T/projection.svg" || fail "projection.svg: source"
grep -qF "\`touch $P-2\` @x &lt;script>alert(1)&lt;/script>" "$T/districts.svg" ||
    fail "districts.svg: d1's name"
grep -qF "b' EOD system('touch $P-3')" "$T/districts.svg" || fail "districts.svg: d2's name"

# The page escapes every data string: no markup from the data survives.
page="$T/r/index.html"
grep -q '<script' "$page" && fail "index.html has a <script> element"
grep -q '<b>科技局' "$page" && fail "index.html has the lead unit's markup"
grep -qF '&lt;b&gt;科技局&lt;/b&gt; &amp; &#39;单位&#39;' "$page" || fail "index.html: lead unit escaped"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; EOD' "$page" || fail "index.html: d1 escaped"
pass
