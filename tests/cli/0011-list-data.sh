# `attain list` on a small database written with the sqlite3 shell (so the
# listing is tested apart from the loader): every kind, every format, the
# --region/--indicator filters by code and by Chinese name, CJK columns
# aligned by display width, csv quoting, and the chronological order of
# observations (a year's months, then its year-end figure).
. "$(dirname "$0")/lib.sh"

expect_code 0 attain init
sql <<'SQL'
INSERT INTO loads(id, at, files) VALUES (1, '2026-01-01T00:00:00Z', 'fixture');
INSERT INTO regions VALUES (1, 'panjin', '盘锦市', NULL), (2, 'panshan', '盘山县', 1),
                           (3, 'hitech', '盘锦高新区', 1);
INSERT INTO indicators VALUES
  (1, 'htech', '高新技术企业', 'high-tech enterprises', '家', 'stock'),
  (2, 'pledge', '知识产权质押融资额', 'IP pledge financing', '亿元', 'flow');
INSERT INTO observations VALUES
  (1, 1, '2021', 139, 'illustrative', NULL, 1),
  (1, 1, '2021-06', 120.5, 'illustrative', 'mid-year, "provisional"', 1),
  (1, 1, '2020', 118, 'illustrative', NULL, 1),
  (1, 1, '2021-03', 112, NULL, NULL, 1),
  (2, 1, '2020', 21, 'illustrative', 'a,b', 1),
  (1, 2, '2020', 0.35, 'stats bureau', NULL, 1);
INSERT INTO targets VALUES
  (1, 1, 1, 2025, 'level', 210, 2025, '二.1 十四五工作目标', '市科技局', 1),
  (2, 2, 1, 2021, 'increment', 3, 2021, NULL, NULL, 1),
  (3, 1, 2, 2025, 'increment', 1.5, 2021, '附件2', '市金融局', 1);
INSERT INTO runs VALUES (1, 'forecast', '2026-01-02T03:04:05Z', '0.1.0', 42, 2000,
                         '--model damped', '00112233aabbccdd', 3, '{"damped":3}');
SQL
before=$(db_digest)
: >all.txt
while read -r line; do
    # shellcheck disable=SC2086
    expect_code 0 attain list $line
    expect_stderr_empty
    { echo "== list $line"; cat "$OUT"; } >>all.txt
done <<'ARGS'
regions
regions --lang en
regions --format csv
regions --format json
regions --region 盘山县
indicators
indicators --format csv
indicators --indicator pledge --format json
series
series --lang en
series --format csv
series --indicator 高新技术企业 --region PANJIN
observations
observations --format csv
observations --format json
observations --region hitech --lang en
targets
targets --format csv
targets --format json
targets --indicator pledge
runs
runs --format csv
runs --format json
ARGS
expect_golden 0011-list-data.out all.txt

# Unknown names: the loader's resolver, with its suggestion (Chinese by default).
expect_code 65 attain list series --region 盘山
expect_stdout_empty
expect_stderr "attain: 未知的地区 '盘山'（是否指 '盘山县'？）"
expect_code 65 attain --lang en list targets --indicator htec
expect_stderr "attain: unknown indicator 'htec' (did you mean 'htech'?)"
expect_db_unchanged "$before"
pass
