# --format and --lang take only the values `attain --help` names.
. "$(dirname "$0")/lib.sh"

expect_code 0 attain init
expect_code 2 attain --lang en --format xml list regions
expect_stdout_empty
expect_stderr "attain: option '--format' wants 'table', 'csv', 'json' or 'xlsx', not 'xml'"
expect_code 2 attain --lang en list regions --format=CSV
expect_stderr "attain: option '--format' wants 'table', 'csv', 'json' or 'xlsx', not 'CSV'"
expect_code 2 attain --lang en list regions --format
expect_stderr "attain: option '--format' needs a value"
# A --lang the program does not know leaves its messages in Chinese.
expect_code 2 attain --lang fr list regions
expect_stderr "attain: 选项 '--lang' 应为 'zh' 或 'en'，而不是 'fr'"

# The accepted spellings, both forms.
expect_code 0 attain --format=csv list regions
expect_stdout "code,name,parent"
expect_code 0 attain list regions --format json
expect_stdout "[]"
expect_code 0 attain list regions --lang en --format table
expect_stdout "code  name  parent
----  ----  ------"
pass
