#!/usr/bin/python3
"""bench/native.py - SQLite 3.53's native ALTERs (issue 11, part 3):
`make bench-native`.

    make bench-native            1,000,000 rows, 5 rounds
    ROWS=100000 ROUNDS=3 make bench-native

Adding NOT NULL to a column of a table of ROWS rows, side by side, on
SQLite 3.53 (the library `make sqlite-current` builds, put first on
LD_LIBRARY_PATH by the make target, so that python3's sqlite3 module runs
on it; the script checks sqlite_version()):

  native   the revision orm_migrate plans on 3.53:
           ALTER TABLE "t" ALTER COLUMN "name" SET NOT NULL
           (SQLite looks for a NULL, and rewrites the schema)
  rebuild  the same declaration with orm_config('min_sqlite', '3.40.0'):
           the 12-step rebuild (new table, INSERT ... SELECT of every row,
           DROP, RENAME), what every SQLite before 3.53 gets

once for the indexed column name ("NN name": SQLite finds that no row is
NULL through the index) and once for qty, which no index covers ("NN
qty": every row is read); and then dropping a named CHECK (DROP
CONSTRAINT vs rebuild) the same way.  (Adding a CHECK is a rebuild on
every SQLite: see plan.c.)  Each
figure is the median wall time of orm_upgrade() alone (a COMMIT included)
on a fresh copy of the same database file, the two kinds alternating
round by round; the database file's size after each is printed too
(a rebuild leaves the old pages free until VACUUM).

The table: t(id INTEGER PRIMARY KEY, name TEXT, qty INT, CONSTRAINT
qty_pos CHECK(qty>=0)) with an index on name; rows (i, 'name-<i>', i % 100).
"""
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time

LIB = os.environ.get("ORMEXT_LIB", os.path.abspath("ormext.so"))
ROWS = int(os.environ.get("ROWS", "1000000"))
ROUNDS = int(os.environ.get("ROUNDS", "5"))

BEFORE = ("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, qty INT,"
          " CONSTRAINT qty_pos CHECK(qty>=0))",
          "CREATE INDEX t_name ON t(name)")
CASES = [
    ("NN name", "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " qty INT, CONSTRAINT qty_pos CHECK(qty>=0))"),
    ("NN qty", "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT,"
               " qty INT NOT NULL, CONSTRAINT qty_pos CHECK(qty>=0))"),
    ("no CHECK", "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT,"
                 " qty INT)"),
]


def connect(path):
    con = sqlite3.connect(path, isolation_level=None)
    con.enable_load_extension(True)
    con.execute("SELECT load_extension(?, 'sqlite3_ormext_init')", (LIB,))
    con.enable_load_extension(False)
    return con


def make_base(path):
    con = connect(path)
    for sql in BEFORE:
        con.execute("SELECT orm_declare(?)", (sql,))
    con.execute("SELECT orm_migrate('create t')")
    con.execute("SELECT orm_upgrade()")
    con.execute("BEGIN")
    con.executemany("INSERT INTO t VALUES(?, ?, ?)",
                    ((i, "name-%d" % i, i % 100) for i in range(1, ROWS + 1)))
    con.execute("COMMIT")
    con.close()


def prepare(base, path, decl, floor):
    """A copy of base with the revision recorded, pending; its up_sql."""
    shutil.copyfile(base, path)
    con = connect(path)
    if floor:
        con.execute("SELECT orm_config('min_sqlite', ?)", (floor,))
    con.execute("SELECT orm_declare(?)", (decl,))
    con.execute("SELECT orm_migrate('change')")
    up, need = con.execute("SELECT up_sql, min_sqlite FROM orm_migrations"
                           " WHERE state='pending'").fetchone()
    con.close()
    return up, need


def upgrade(path):
    con = connect(path)
    t0 = time.perf_counter()
    con.execute("SELECT orm_upgrade()")
    dt = time.perf_counter() - t0
    ok = con.execute("SELECT orm_check()").fetchone()[0]
    n = con.execute("SELECT count(*) FROM t").fetchone()[0]
    con.close()
    if ok != 1 or n != ROWS:
        sys.exit("bench/native.py: the upgrade did not give the declared"
                 " table with every row")
    return dt


def main():
    con = sqlite3.connect(":memory:")
    version = con.execute("SELECT sqlite_version()").fetchone()[0]
    con.close()
    if tuple(int(x) for x in version.split(".")) < (3, 53, 0):
        sys.exit("bench/native.py needs SQLite 3.53 or later, and python3's"
                 " sqlite3 runs on %s: run it with make bench-native" % version)
    tmp = tempfile.mkdtemp(prefix="ormext-bench-native-")
    try:
        base = os.path.join(tmp, "base.db")
        t0 = time.perf_counter()
        make_base(base)
        print("SQLite %s, %d rows (made in %.1f s, %.1f MB), %d rounds;"
              " median of orm_upgrade() alone"
              % (version, ROWS, time.perf_counter() - t0,
                 os.path.getsize(base) / 1e6, ROUNDS))
        print()
        print("%-9s %-8s %10s %10s %9s  %s" % ("change", "plan", "median s",
              "min s", "file MB", "up_sql (first statement)"))
        for name, decl in CASES:
            times = {"native": [], "rebuild": []}
            info = {}
            for r in range(ROUNDS):
                for kind in (("native", "rebuild") if r % 2 == 0
                             else ("rebuild", "native")):
                    path = os.path.join(tmp, kind + ".db")
                    up, need = prepare(base, path, decl,
                                       "3.40.0" if kind == "rebuild" else None)
                    first = up.split("\n")[0]
                    if kind == "native" and not first.startswith("ALTER TABLE"):
                        sys.exit("bench/native.py: not planned native: " + up)
                    if kind == "rebuild" and "_orm_new_t" not in first:
                        sys.exit("bench/native.py: not a rebuild: " + up)
                    times[kind].append(upgrade(path))
                    info[kind] = (first[:60], need,
                                  os.path.getsize(path) / 1e6)
            for kind in ("native", "rebuild"):
                first, need, size = info[kind]
                print("%-9s %-8s %10.3f %10.3f %9.1f  %s (min_sqlite %s)"
                      % (name, kind, statistics.median(times[kind]),
                         min(times[kind]), size, first, need))
            print("%-9s %-8s %9.1fx" % (name, "speedup",
                  statistics.median(times["rebuild"])
                  / statistics.median(times["native"])))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
