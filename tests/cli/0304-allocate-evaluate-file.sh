# `allocate --evaluate FILE` judges a split from a targets CSV (the `attain
# load` format, one row per district) without touching the database: the
# plan's own rows give exactly what `--evaluate plan` gives; a split of 30
# that moves the plan's extra two firms away is not flagged; districts the
# file leaves out are named; bad files are refused as `attain load` refuses
# them (FILE:LINE:COL, exit 65), and rows for another target, or for a
# region that is not a district of the city, are refused too.
. "$(dirname "$0")/lib.sh"

demo_db "$T/d"
export ATTAIN_DB="$T/d/attain.db"
targets_before=$(sql 'SELECT * FROM targets' | sha256sum)
run_alloc() {
    expect_code "$1" attain --paths 300 allocate --indicator 科技型中小企业 --year 2021 --region 盘锦市 \
        "${@:2}"
}
expect_code 0 attain list targets --indicator tech_sme --format csv
awk -F, 'NR == 1 || ($3 == 2021 && $1 != "panjin")' "$OUT" >plan.csv
[ "$(wc -l <plan.csv)" = 7 ] || fail "plan rows: $(cat plan.csv)"
run_alloc 0 --evaluate plan --format csv
sed 's/,plan,/,X,/' "$OUT" >from-plan.csv
run_alloc 0 --evaluate plan.csv --format csv
expect_stderr_empty
sed 's/,file,/,X,/' "$OUT" >from-file.csv
cmp -s from-plan.csv from-file.csv || fail "the plan's rows judge differently from the plan:
$(diff from-plan.csv from-file.csv)"

printf 'region,indicator,deadline,kind,value,start\n盘山县,科技型中小企业,2021,increment,5,2021\n双台子区,科技型中小企业,2021,increment,6,2021\n兴隆台区,科技型中小企业,2021,increment,4,2021\n大洼区,科技型中小企业,2021,increment,2,2021\n辽东湾新区,科技型中小企业,2021,increment,1,2021\n盘锦高新区,科技型中小企业,2021,increment,12,2021\n' >thirty.csv
run_alloc 0 --evaluate thirty.csv --format csv
grep -q '^panjin,panjin,city,tech_sme,2021,increment,2021,file,30,.*,$' "$OUT" ||
    fail "a split of 30 is flagged: $(grep ',city,' "$OUT")"
head -3 thirty.csv >part.csv
run_alloc 0 --evaluate part.csv
expect_contains '注: 没有份额的县区: 兴隆台区、大洼区、辽东湾新区、盘锦高新区'
expect_contains '注: 各县区份额合计 11, 与全市目标 30 不一致'
expect_contains '兴隆台区       -   '

# The file's rows never reach the database's targets; a refused file leaves no trace at all.
[ "$(sql 'SELECT * FROM targets' | sha256sum)" = "$targets_before" ] || fail "the targets changed"
before=$(db_digest)
printf 'region,indicator,deadline,kind,value,start\n盘山,科技型中小企业,2021,increment,5,2021\n' >bad.csv
run_alloc 65 --evaluate bad.csv
expect_stdout_empty
expect_stderr "bad.csv:2:1: 未知的地区 '盘山'（是否指 '盘山县'？）"
printf 'region,indicator,deadline,kind,value\n盘山县,科技型中小企业,2025,level,40\n' >other.csv
run_alloc 65 --evaluate other.csv
expect_stderr "attain: other.csv：'盘山县' 科技型中小企业 2025 level 不是正在分解的目标（科技型中小企业 2021-2021 increment）"
printf 'region,indicator,deadline,kind,value,start\n盘锦市,科技型中小企业,2021,increment,30,2021\n' >city.csv
run_alloc 65 --evaluate city.csv
expect_stderr "attain: city.csv：'盘锦市' 不是 '盘锦市' 的下辖区县"
printf 'code,name,parent\n' >regions.csv
run_alloc 65 --evaluate regions.csv
expect_stderr "attain: regions.csv：文件中没有目标：无可评估"
run_alloc 66 --evaluate missing.csv
expect_stderr "attain: 无法打开 'missing.csv'：No such file or directory"
expect_db_unchanged "$before"
pass
