# A table column is at most 60 columns wide: a longer value is cut with
# "…" and a note on stderr says so; csv and json carry it whole.
# 2026-12-01: one 10 MB region name made 'list regions' pad every row to
# its width (35 GB of output).
. "$(dirname "$0")/lib.sh"

long=$(printf '长%.0s' $(seq 40))abc # 83 columns
huge=$(head -c 100000 /dev/zero | tr '\0' x)
printf 'code,name,parent\ncity,%s,\nd1,%s,city\nd2,短,city\n' "$long" "$huge" >regions.csv
expect_code 0 attain load regions.csv
expect_code 0 attain list regions
cut29=$(printf '长%.0s' $(seq 29))
cutx=$(head -c 59 /dev/zero | tr '\0' x)
rule=$(head -c 60 /dev/zero | tr '\0' -)
expect_stdout "代码  名称                                                          上级
----  $rule  $rule
city  ${cut29}…
d1    ${cutx}…  ${cut29}…
d2    短                                                            ${cut29}…"
expect_stderr "attain: 注意：4 个值宽于 60 列，已截断（以 … 结尾）；--format csv 或 json 可显示完整内容"
[ "$(wc -c <"$OUT")" -lt 1000 ] || fail "the table is $(wc -c <"$OUT") bytes"

expect_code 0 attain list regions --format csv
expect_stderr_empty
grep -qF "city,$long," "$OUT" || fail "csv cut the name"
grep -qF "d1,$huge,city" "$OUT" || fail "csv cut the huge name"
expect_code 0 attain list regions --format json
grep -qF "\"$huge\"" "$OUT" || fail "json cut the huge name"
pass
