#!/usr/bin/python3
"""bench/history.py - long histories (issue 10): `make bench-history`.

    make bench-history              10, 1,000 and 10,000 revisions
    ROUNDS=3 make bench-history     fewer rounds per figure (default 7)

Each figure is the median wall time of a whole sqlite3 process (start,
.load, the call, commit, exit) on a fresh copy of a database holding N
applied revisions, printed at N = 10, 1,000 and 10,000 side by side,
with the same process running only `SELECT 1` (the floor: process start
and loading the extension) and a plain one-row write (CREATE TABLE: the
floor of any call that commits), and N new empty files created in a new
directory by this script itself (the file system's floor of orm_export()
into a new directory, which creates N files).  Then the instructions of
each call (valgrind --tool=callgrind, whole process, when valgrind is
installed) at 1,000 and 10,000 revisions and their ratio: linear growth is 10x; the
target is <= 12x for every call.

The databases: a chain of N-1 revisions written straight into
_orm_revision as orm_migrations records them (one statement each way:
the first creates a table, each later one inserts a row into it and
deletes it on the way down; each id the content id ormext gives, the
first 12 hex digits of sha256("parent:P\nmessage:M\nup:U\ndown:D"), and
its checksum, so orm_export accepts them), then one revision recorded by
orm_declare + orm_migrate, all applied.  orm_export writes into a new
directory; orm_import reads the directory exported from the same
database, into a new database
(records N) and again into the database itself (records 0); orm_squash
squashes base..head, and the upgrade from base runs that squash.

Targets at 10,000 revisions: INSERT of one hand-written revision < 20 ms;
scan of orm_migrations, orm_check(), orm_migrate() with nothing changed,
orm_current() < 50 ms each; orm_sql() of the whole history < 2 s; and
orm_upgrade() through 1,000 pending revisions, orm_downgrade('base')
likewise, < 0.5 s (the 1,000 column); orm_export and orm_import < 3 s
each, the import of nothing new < 1 s.
"""
import hashlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

LIB = os.environ.get("ORMEXT_LIB", os.path.abspath("ormext.so"))
SHELL = os.environ.get("ORMEXT_SQLITE3", "sqlite3")
ROUNDS = int(os.environ.get("ROUNDS", "7"))
SIZES = (10, 1000, 10000)

CALLS = [
    ("SELECT 1 (floor)", "SELECT 1;"),
    ("CREATE TABLE (write floor)", "CREATE TABLE zz(a);"),
    ("INSERT one revision",
     "INSERT INTO orm_migrations(message, up_sql, down_sql)"
     " VALUES('one more', 'CREATE TABLE zz(a)', 'DROP TABLE zz');"),
    ("scan orm_migrations", "SELECT count(*) FROM orm_migrations;"),
    ("orm_check()", "SELECT orm_check();"),
    ("orm_migrate() no change", "SELECT orm_migrate('nothing');"),
    ("orm_current()", "SELECT orm_current();"),
    ("orm_sql() whole history", "SELECT length(orm_sql('head', 'base'));"),
    ("orm_downgrade('base')", "SELECT orm_downgrade('base') IS NULL;"),
    ("orm_upgrade() from base", "SELECT orm_upgrade() IS NOT NULL;"),
    ("N new empty files (floor)", None),
    ("orm_export()", "SELECT orm_export('{out}');"),
    ("orm_import() into new db", "SELECT orm_import('{exp}');"),
    ("orm_import() again, none new", "SELECT orm_import('{exp}');"),
    ("orm_squash('head')", "SELECT orm_squash('head') IS NOT NULL;"),
    ("orm_upgrade() base via squash", "SELECT orm_upgrade() IS NOT NULL;"),
]
# Run untimed on the copy before the call.
SETUP = {"orm_upgrade() from base": "SELECT orm_downgrade('base');",
         "orm_upgrade() base via squash":
             "SELECT orm_squash('head'); SELECT orm_downgrade('base');"}
# Calls that start from a new, empty database instead of a copy.
EMPTY = {"orm_import() into new db"}
# What the call must print ({n}: the number of revisions).
EXPECT = {"orm_export()": "{n}", "orm_import() into new db": "{n}",
          "orm_import() again, none new": "0",
          "orm_squash('head')": "1", "orm_upgrade() base via squash": "1"}


def revision_sql(i):
    """Revision i's up and down SQL: the first makes a table, each later
    one inserts one row into it (one statement each way)."""
    if i == 1:
        return ("CREATE TABLE log(i INTEGER PRIMARY KEY);",
                "DROP TABLE log;")
    return ("INSERT INTO log VALUES(%d);" % i,
            "DELETE FROM log WHERE i=%d;" % i)


def build(path, n):
    """A database at head of an n-revision history (see the header)."""
    rows, parent = [], None
    for i in range(1, n):
        up, down = revision_sql(i)
        # The id as ormext makes it: sha256 of parent, message, up, down;
        # the checksum: sha256 of up and down.
        rid = hashlib.sha256(("parent:%s\nmessage:r%d\nup:%s\ndown:%s"
                              % (parent or "", i, up, down)).encode()
                             ).hexdigest()[:12]
        check = hashlib.sha256(("up:%s\ndown:%s" % (up, down)).encode()
                               ).hexdigest()
        rows.append((rid, parent, "r%d" % i, up, down, check, i))
        parent = rid
    con = sqlite3.connect(path, isolation_level=None)
    con.enable_load_extension(True)
    con.execute("SELECT load_extension(?)", (LIB,))
    # orm_declare makes the bookkeeping tables (and records no revision).
    con.execute("SELECT orm_declare('CREATE TABLE keep(a)')")
    con.execute("BEGIN")
    con.executemany("""
      INSERT INTO _orm_revision(revision, parent, message, created_at,
                                up_sql, down_sql, checksum, seq)
      VALUES(?, ?, ?, '2026-01-01 00:00:00', ?, ?, ?, ?)
    """, rows)
    con.execute("COMMIT")
    con.execute("SELECT orm_upgrade()")
    con.execute("SELECT orm_migrate('keep')")
    con.execute("SELECT orm_upgrade()")
    got = con.execute("SELECT count(*) FROM orm_migrations"
                      " WHERE state='applied'").fetchone()[0]
    assert got == n, (got, n)
    got = con.execute("SELECT count(*) FROM log").fetchone()[0]
    assert got == n - 2, (got, n)
    con.close()


def run(db, sql, prefix=()):
    cmd = list(prefix) + [SHELL, "-bail", db]
    out = subprocess.run(cmd, input=".load %s\n%s\n" % (LIB, sql),
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("bench/history.py: %r failed: %s" % (sql, out.stderr))
    return out


def prepare(src, work, name, sql, n):
    """The work copy (or a new database) and the call's SQL, untimed."""
    if os.path.exists(work):
        os.remove(work)
    if name not in EMPTY:
        shutil.copyfile(src, work)
    if name in SETUP:
        run(work, SETUP[name])
    out = fresh_dir(work + ".out")
    # The copy above is on disk before the clock starts: a call that syncs
    # (orm_export) must not pay for it.
    os.sync()
    return sql.format(out=out, exp=src + ".exp")


def check(name, n, got):
    want = EXPECT.get(name)
    if want is not None and got.stdout.strip() != want.format(n=n):
        sys.exit("bench/history.py: %s at %d revisions printed %r, not %r"
                 % (name, n, got.stdout, want.format(n=n)))


def fresh_dir(prefix):
    """A new directory prefix.N.  Directories of earlier rounds are not
    removed until the bench ends: on a disk mounted with online discard
    (this machine's is), removing 10,000 files makes the next thousands of
    file creations wait for the discards, which once made the 10,000-file
    export 4 to 10 times slower than into a directory made after a quiet
    spell (0.9 s against 4.5-9.5 s)."""
    global FRESH
    FRESH += 1
    out = "%s.%d" % (prefix, FRESH)
    os.mkdir(out)
    return out


FRESH = 0


def files_floor(work, n):
    """The file-system floor of orm_export() into a new directory: n new
    empty files created (and closed) in one, in this process."""
    out = fresh_dir(work + ".floor")
    os.sync()
    t0 = time.perf_counter()
    for i in range(n):
        os.close(os.open(os.path.join(out, "%012x.sql" % i),
                         os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    return time.perf_counter() - t0


def timed(src, work, name, sql, n):
    times = []
    for _ in range(ROUNDS):
        if sql is None:
            times.append(files_floor(work, n))
            continue
        call = prepare(src, work, name, sql, n)
        t0 = time.perf_counter()
        got = run(work, call)
        times.append(time.perf_counter() - t0)
        check(name, n, got)
    return statistics.median(times)


def instructions(src, work, name, sql, n):
    call = prepare(src, work, name, sql, n)
    out_file = work + ".cg"
    run(work, call, ["valgrind", "--tool=callgrind",
                     "--callgrind-out-file=" + out_file])
    with open(out_file) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    return None


def main():
    tmp = tempfile.mkdtemp(prefix="ormbench-history-")
    try:
        srcs = {}
        for n in SIZES:
            srcs[n] = os.path.join(tmp, "h%d.db" % n)
            build(srcs[n], n)
            # The directory the orm_import() calls read.
            os.mkdir(srcs[n] + ".exp")
            check("orm_export()", n,
                  run(srcs[n], "SELECT orm_export('%s.exp');" % srcs[n]))
        work = os.path.join(tmp, "work.db")
        print("Whole sqlite3 process, median of %d, ms" % ROUNDS)
        print("%-31s" % "call" + "".join("%12s" % ("%d revs" % n)
                                          for n in SIZES))
        for name, sql in CALLS:
            row = [timed(srcs[n], work, name, sql, n) * 1000
                   for n in SIZES]
            print("%-31s" % name + "".join("%12.1f" % v for v in row))
        if shutil.which("valgrind") is None:
            print("valgrind is not installed: no instruction counts"
                  " (apt-get install valgrind)")
            return
        print()
        print("Instructions, whole process (callgrind)")
        print("%-31s%14s%14s%8s" % ("call", "1,000 revs", "10,000 revs",
                                    "ratio"))
        for name, sql in CALLS:
            if sql is None:
                continue
            a = instructions(srcs[1000], work, name, sql, 1000)
            b = instructions(srcs[10000], work, name, sql, 10000)
            print("%-31s%14d%14d%7.1fx" % (name, a, b, b / a))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
