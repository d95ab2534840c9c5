"""bench/alembic_batch.py - the Alembic arm of the table-rebuild benchmark.

    /usr/bin/python3 bench/alembic_batch.py DB

Runs, on DB, what an Alembic revision written the recommended way for
SQLite does for the benchmark's change (t.b TEXT -> VARCHAR(200)):

    with op.batch_alter_table('t') as batch_op:
        batch_op.alter_column('b', type_=sa.String(200))

batch mode reflects t, creates "_alembic_tmp_t", copies the rows with
INSERT .. SELECT, drops t, renames the copy and recreates t's indexes: the
same 12 steps as ormext and the hand-written SQL.  It is run through an
Alembic MigrationContext on a SQLAlchemy connection, as env.py would, with
the defaults of Debian's python3-alembic / python3-sqlalchemy (pysqlite
driver, no PRAGMA changed).

Timed: from the first statement of the migration to the commit (imports,
engine creation and the first connect are not timed).  Prints one JSON
object like bench/ormbench.c: total (seconds), rss0_kib (peak RSS before
the timed part, i.e. Python + SQLAlchemy + Alembic loaded), rss_kib (peak
RSS at the end).
"""
import json
import sys
import time

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations


def maxrss_kib():
    """Peak RSS in KiB: VmHWM (getrusage's ru_maxrss would include the
    parent's size, as Linux carries it across execve)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main():
    db = sys.argv[1]
    engine = sa.create_engine("sqlite:///" + db)
    with engine.connect() as conn:      # connect once, untimed
        conn.execute(sa.text("SELECT 1"))
    rss0 = maxrss_kib()
    t0 = time.perf_counter()
    with engine.begin() as conn:
        op = Operations(MigrationContext.configure(connection=conn))
        with op.batch_alter_table("t") as batch_op:
            batch_op.alter_column("b", type_=sa.String(200))
    total = time.perf_counter() - t0
    engine.dispose()
    print(json.dumps({"total": total, "rss0_kib": rss0,
                      "rss_kib": maxrss_kib()}))


if __name__ == "__main__":
    main()
