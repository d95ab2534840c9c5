# examples/tcl/seed.tcl - the seed workflow plus one data migration, from
# Tcl's sqlite3 package (Debian: libsqlite3-tcl).  From the directory that
# holds ormext.so:
#
#   tclsh examples/tcl/seed.tcl app.db
#
# Prints one "step: result" line per call, then the rows, the same text as
# every other binding (test/bindings.test).
package require sqlite3

set path [expr {[llength $argv] ? [lindex $argv 0] : "app.db"}]
sqlite3 db $path
db enable_load_extension 1
db eval {SELECT load_extension('./ormext')}
db enable_load_extension 0

proc rows {} {
  db eval {
    SELECT id, username, ifnull(password, 'NULL') AS pw FROM user ORDER BY id
  } {
    puts "$id|$username|$pw"
  }
}

# 1. declare the model, record revision 1, apply it
puts "declared: [db onecolumn {SELECT orm_declare('CREATE TABLE user (
  id       INTEGER PRIMARY KEY,
  username VARCHAR(80)  UNIQUE NOT NULL,
  email    VARCHAR(120) UNIQUE NOT NULL)')}]"
puts "create user: [db onecolumn {SELECT orm_migrate('create user')}]"
puts "upgrade: [db onecolumn {SELECT orm_upgrade()}]"
db eval {
  INSERT INTO user(username, email)
    VALUES ('test1asd', 'aasdadsdadsad'), ('alice', 'alice@example.com')
}

# 2. the model grows a UNIQUE column: revision 2 rebuilds the table
puts "declared: [db onecolumn {
  SELECT orm_declare('user', 'id INTEGER PRIMARY KEY',
                     'username VARCHAR(80) UNIQUE NOT NULL',
                     'email VARCHAR(120) UNIQUE NOT NULL',
                     'password VARCHAR(120) UNIQUE')}]"
puts "add password: [db onecolumn {SELECT orm_migrate('add password')}]"
puts "upgrade: [db onecolumn {SELECT orm_upgrade()}]"

# 3. a data migration: hand-written SQL, up and down
set up {UPDATE user SET password = 'reset-' || id}
set down {UPDATE user SET password = NULL}
db eval {
  INSERT INTO orm_migrations(message, up_sql, down_sql)
    VALUES ('fill password', $up, $down)
}
puts "fill password: [db onecolumn {SELECT orm_heads()}]"
puts "upgrade: [db onecolumn {SELECT orm_upgrade()}]"
rows

# 4. back one revision (the data migration's down_sql runs), and forward
puts "downgrade: [db onecolumn {SELECT orm_downgrade('-1')}]"
rows
puts "upgrade: [db onecolumn {SELECT orm_upgrade()}]"
db close
