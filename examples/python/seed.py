"""examples/python/seed.py - the seed workflow plus one data migration, from
Python's sqlite3 module (Debian's /usr/bin/python3, whose sqlite3 can load
extensions).  From the directory that holds ormext.so:

    python3 examples/python/seed.py app.db              # autocommit
    python3 examples/python/seed.py app.db default      # Python's default mode

isolation_level=None (autocommit) is what we recommend: every call commits
by itself.  In Python's default mode the module opens a transaction
implicitly before an INSERT and keeps it open until commit(): every
orm_upgrade() after that INSERT joins it, and without commit() the
migration is lost when the connection closes.  So that mode commits after
each write below.  Prints one "step: result" line per call, then the rows,
the same text as every other binding (test/bindings.test)."""
import sqlite3
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "app.db"
mode = sys.argv[2] if len(sys.argv) > 2 else "autocommit"
if mode == "autocommit":
    con = sqlite3.connect(path, isolation_level=None)
else:
    con = sqlite3.connect(path)          # default: implicit transactions
con.enable_load_extension(True)
con.load_extension("./ormext")           # SQLite adds ".so"
con.enable_load_extension(False)


def one(sql, *args):
    """The single value of a one-row query; the cursor is read to the end."""
    return con.execute(sql, args).fetchone()[0]


def commit():
    """In the default mode, end the transaction the module opened."""
    if con.in_transaction:
        con.commit()


def rows():
    for r in con.execute("SELECT id, username, ifnull(password, 'NULL')"
                         " FROM user ORDER BY id").fetchall():
        print("|".join(str(v) for v in r))


# 1. declare the model, record revision 1, apply it
print("declared:", one("""SELECT orm_declare('CREATE TABLE user (
  id       INTEGER PRIMARY KEY,
  username VARCHAR(80)  UNIQUE NOT NULL,
  email    VARCHAR(120) UNIQUE NOT NULL)')"""))
print("create user:", one("SELECT orm_migrate('create user')"))
print("upgrade:", one("SELECT orm_upgrade()"))
con.execute("INSERT INTO user(username, email) VALUES (?, ?), (?, ?)",
            ("test1asd", "aasdadsdadsad", "alice", "alice@example.com"))
commit()   # default mode: the INSERT opened a transaction

# 2. the model grows a UNIQUE column: revision 2 rebuilds the table
print("declared:", one("SELECT orm_declare('user', 'id INTEGER PRIMARY KEY',"
                       " 'username VARCHAR(80) UNIQUE NOT NULL',"
                       " 'email VARCHAR(120) UNIQUE NOT NULL',"
                       " 'password VARCHAR(120) UNIQUE')"))
print("add password:", one("SELECT orm_migrate('add password')"))
print("upgrade:", one("SELECT orm_upgrade()"))

# 3. a data migration: hand-written SQL, up and down
con.execute("INSERT INTO orm_migrations(message, up_sql, down_sql)"
            " VALUES (?, ?, ?)",
            ("fill password", "UPDATE user SET password = 'reset-' || id",
             "UPDATE user SET password = NULL"))
commit()   # default mode: the INSERT opened a transaction
print("fill password:", one("SELECT orm_heads()"))
print("upgrade:", one("SELECT orm_upgrade()"))
rows()

# 4. back one revision (the data migration's down_sql runs), and forward
print("downgrade:", one("SELECT orm_downgrade('-1')"))
rows()
print("upgrade:", one("SELECT orm_upgrade()"))
commit()
con.close()
