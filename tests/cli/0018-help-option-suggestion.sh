# A mistyped option gets the nearest known one, the command's own or a
# global one, as a mistyped command does (exit 2, nothing on stdout).
. "$(dirname "$0")/lib.sh"
expect_code 0 attain init
expect_code 2 attain --lang en targets --as-off 2021-06
expect_stdout_empty
expect_stderr "attain targets: unknown option '--as-off' (did you mean '--as-of'?)"
expect_code 2 attain --lang en forecast --untill 2025
expect_stderr "attain forecast: unknown option '--untill' (did you mean '--until'?)"
expect_code 2 attain --lang en list regions --regon panjin
expect_stderr "attain list: unknown option '--regon' (did you mean '--region'?)"
expect_code 2 attain --lang en revert --lod 2
expect_stderr "attain revert: unknown option '--lod' (did you mean '--load'?)"
expect_code 2 attain --lang en report --out r --formt csv
expect_stderr "attain report: unknown option '--formt' (did you mean '--format'?)"
expect_code 2 attain --lang en list regions --zzz
expect_stderr "attain list: unknown option '--zzz'"
pass
