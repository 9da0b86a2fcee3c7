# Every kind of `attain list` on an empty database, in every format and
# both languages: headers only (table), the header row (csv), [] (json).
. "$(dirname "$0")/lib.sh"

expect_code 0 attain init
before=$(db_digest)
: >all.txt
for kind in regions indicators series observations targets runs; do
    for args in "--format table" "--format table --lang en" "--format csv" "--format json"; do
        # shellcheck disable=SC2086
        expect_code 0 attain list "$kind" $args
        expect_stderr_empty
        { echo "== list $kind $args"; cat "$OUT"; } >>all.txt
    done
done
expect_golden 0009-list-empty.out all.txt
expect_db_unchanged "$before"
pass
