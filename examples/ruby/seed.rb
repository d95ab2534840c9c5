# examples/ruby/seed.rb - the seed workflow plus one data migration, from
# Ruby with the sqlite3 gem (Debian: ruby-sqlite3).  From the directory
# that holds ormext.so:
#
#   ruby examples/ruby/seed.rb app.db
#
# Prints one "step: result" line per call, then the rows, the same text as
# every other binding (test/bindings.test).
require "sqlite3"

db = SQLite3::Database.new(ARGV[0] || "app.db")
db.enable_load_extension(true)
db.load_extension("./ormext")            # SQLite adds ".so"
db.enable_load_extension(false)

# get_first_value reads one row and closes the statement: nothing stays
# open.  (Iterating with db.execute(sql) { |row| ... } keeps the statement
# open while the block runs: an orm_upgrade() called in that block is
# refused when it rebuilds a table.)
one = ->(sql) { db.get_first_value(sql) }
rows = lambda do
  db.execute("SELECT id, username, ifnull(password, 'NULL') FROM user ORDER BY id")
    .each { |r| puts r.join("|") }
end

# 1. declare the model, record revision 1, apply it
puts "declared: #{one.("SELECT orm_declare('CREATE TABLE user (
  id       INTEGER PRIMARY KEY,
  username VARCHAR(80)  UNIQUE NOT NULL,
  email    VARCHAR(120) UNIQUE NOT NULL)')")}"
puts "create user: #{one.("SELECT orm_migrate('create user')")}"
puts "upgrade: #{one.("SELECT orm_upgrade()")}"
db.execute("INSERT INTO user(username, email) VALUES (?, ?), (?, ?)",
           ["test1asd", "aasdadsdadsad", "alice", "alice@example.com"])

# 2. the model grows a UNIQUE column: revision 2 rebuilds the table
puts "declared: #{one.("SELECT orm_declare('user', 'id INTEGER PRIMARY KEY', " \
  "'username VARCHAR(80) UNIQUE NOT NULL', 'email VARCHAR(120) UNIQUE NOT NULL', " \
  "'password VARCHAR(120) UNIQUE')")}"
puts "add password: #{one.("SELECT orm_migrate('add password')")}"
puts "upgrade: #{one.("SELECT orm_upgrade()")}"

# 3. a data migration: hand-written SQL, up and down
db.execute("INSERT INTO orm_migrations(message, up_sql, down_sql) VALUES (?, ?, ?)",
           ["fill password", "UPDATE user SET password = 'reset-' || id",
            "UPDATE user SET password = NULL"])
puts "fill password: #{one.("SELECT orm_heads()")}"
puts "upgrade: #{one.("SELECT orm_upgrade()")}"
rows.()

# 4. back one revision (the data migration's down_sql runs), and forward
puts "downgrade: #{one.("SELECT orm_downgrade('-1')")}"
rows.()
puts "upgrade: #{one.("SELECT orm_upgrade()")}"
db.close
