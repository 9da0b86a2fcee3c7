# A command that reads the database, when there is none: exit 66, one
# message that says how to make one, and no file created as a side effect.
. "$(dirname "$0")/lib.sh"

expect_code 66 attain --lang en list regions
expect_stdout_empty
expect_stderr "attain: database '$T/attain.db' does not exist (create it with 'attain init' or 'attain load FILE...')"
[ ! -e "$ATTAIN_DB" ] || fail "'list' created the database"

# --db beats $ATTAIN_DB; a relative name is reported as given.
expect_code 66 attain --lang en --db other.db list targets
expect_stderr "attain: database 'other.db' does not exist (create it with 'attain init' or 'attain load FILE...')"
[ ! -e other.db ] || fail "'list' created other.db"

# Without either, ./attain.db.
expect_code 66 env -u ATTAIN_DB "$ATTAIN" list series
expect_stderr "attain: 数据库 './attain.db' 不存在（可用 'attain init' 或 'attain load FILE...' 创建）"

# A file that is not a database: bad data (65), left alone.
printf 'region,indicator\n' >not.db
before=$(db_digest not.db)
expect_code 65 attain --lang en --db not.db list regions
expect_stderr "attain: cannot read database 'not.db': file is not a database"
expect_db_unchanged "$before" not.db

# A database from a newer attain: refused, left alone.
sqlite3 newer.db 'PRAGMA user_version = 7; CREATE TABLE x (a);'
before=$(db_digest newer.db)
expect_code 65 attain --lang en --db newer.db list regions
expect_stderr "attain: database 'newer.db' has schema version 7, newer than this attain knows (3)"
expect_code 65 attain --lang en --db newer.db init
expect_stderr "attain: database 'newer.db' has schema version 7, newer than this attain knows (3)"
expect_db_unchanged "$before" newer.db

# An older (version 0) database: 'list' refuses and says how to upgrade.
sqlite3 older.db 'CREATE TABLE notes (a);'
expect_code 65 attain --lang en --db older.db list regions
expect_stderr "attain: database 'older.db' has schema version 0, not 3 (upgrade it with 'attain init')"
pass
