#!/usr/bin/python3
"""bench/split.py - cutting a script into statements (issue 13, part 1).

    make bench-split                     ormext.so of this directory
    /usr/bin/python3 bench/split.py      the same
    ORMEXT_LIB=/path/ormext.so N="1000 4000" /usr/bin/python3 bench/split.py

A hand-written revision whose up_sql is one CREATE TRIGGER with N
statements in its body (each an INSERT of a string holding a ';'), added
with INSERT INTO orm_migrations: ormext checks that no statement of it is
a BEGIN, COMMIT, ATTACH... (cutting the script into statements), then
runs it on a scratch copy of the schema.  The figure is the wall time of
that INSERT, the median of ROUNDS (default 3), each on a new database.

Before the statement iterator (norm.c's OrmStmtIter), every ';' was asked
of sqlite3_complete() with a copy of the text since the last statement:
inside one trigger's body that is quadratic.  Now a script is cut in one
pass, allocating nothing.  Here (2 cores, shared), 16,000 statements took
9.0 s to 18.7 s before, 0.08 s to 0.22 s after, depending on the load.
"""
import os
import sqlite3
import statistics
import sys
import tempfile
import time

LIB = os.environ.get("ORMEXT_LIB", os.path.abspath("ormext.so"))
SIZES = [int(n) for n in os.environ.get("N", "1000 4000 16000").split()]
ROUNDS = int(os.environ.get("ROUNDS", "3"))


def one(n, path):
    con = sqlite3.connect(path, isolation_level=None)
    con.enable_load_extension(True)
    con.execute("SELECT load_extension(?)", (LIB,))
    con.enable_load_extension(False)
    con.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)")
    con.execute("CREATE TABLE log(x)")
    body = "".join("INSERT INTO log VALUES('row %d; with a semicolon');\n"
                   % i for i in range(n))
    up = "CREATE TRIGGER tg AFTER INSERT ON t BEGIN\n%s END;\n" % body
    start = time.perf_counter()
    con.execute("INSERT INTO orm_migrations(up_sql, down_sql, message)"
                " VALUES(?, 'DROP TRIGGER tg;', 'big trigger')", (up,))
    took = time.perf_counter() - start
    assert con.execute("SELECT count(*) FROM orm_migrations").fetchone()[0] == 1
    con.close()
    return took


def main():
    print("library: %s (SQLite %s)" % (LIB, sqlite3.sqlite_version))
    print("%8s %12s" % ("N", "median ms"))
    for n in SIZES:
        times = []
        for _ in range(ROUNDS):
            with tempfile.TemporaryDirectory() as d:
                times.append(one(n, os.path.join(d, "b.db")))
        print("%8d %12.1f" % (n, statistics.median(times) * 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
