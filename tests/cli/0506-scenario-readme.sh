# The README's "What if?" section is real output: the demo's scenario file,
# the error of a mistaken one, `scenario compare` and every `scenario solve`,
# run on the demo database (`attain demo --out attain-demo`, the default seed
# and paths), print exactly what the section shows (lib.sh:
# expect_readme_section); the file `--out` writes is the scenario solve found.
. "$(dirname "$0")/lib.sh"

cd "$T"
# The data and scenario files of `attain demo --out attain-demo`, without its bulletin.
demo_db "$T/attain-demo"
mkdir attain-demo/scenarios && cp "$ATTAIN_SRC"/datasets/panjin/scenarios/*.ini attain-demo/scenarios/
export ATTAIN_DB="$T/attain-demo/attain.db"
expect_readme_section "What if?" 5
[ -s hightech-95.ini ] || fail "scenario solve --out wrote no file"
# The growth it holds is the one the README's solve prints.
g=$(grep -o '每年变化 ×[0-9.]*, 达成概率 95%' "$ATTAIN_SRC/README.md" | sed 's/每年变化 \(×[0-9.]*\),.*/\1/')
[ -n "$g" ] || fail "the README shows no 95% solve"
# (the same number: the README prints three decimals, the file the shortest form)
f=$(sed -n 's/^growth = //p' hightech-95.ini)
[ "${f%%[0-9]*}" = "${g%%[0-9]*}" ] && awk -v a="${f#×}" -v b="${g#×}" 'BEGIN { exit !(a + 0 == b + 0) }' ||
    fail "hightech-95.ini (README: $g): $(cat hightech-95.ini)"
pass
