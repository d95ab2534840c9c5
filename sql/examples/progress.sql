-- sql/examples/progress.sql - what a long orm_upgrade() is doing.
--
--   sqlite3 :memory: < sql/examples/progress.sql   (repository root)
--
-- A rebuild copies every row of a table, which on millions of rows takes
-- a while.  orm_config('progress', 'stderr') makes orm_upgrade() and
-- orm_downgrade() of this connection say on stderr which revision runs,
-- which table they copy and how many of its rows are done.  A program
-- gets the same as one line of JSON in a file that it reads while the
-- migration runs: orm_config('progress', '/path/to/progress.json').
.load ./ormext
.echo on
.mode list

-- 1. a table of 10,000 rows, and a revision that rebuilds it (a CHECK)
SELECT orm_declare('CREATE TABLE event(id INTEGER PRIMARY KEY, kind TEXT)');
SELECT orm_migrate('create event') IS NOT NULL, orm_upgrade() IS NOT NULL;
INSERT INTO event(kind)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<10000)
  SELECT 'kind' || (i % 7) FROM n;
SELECT orm_declare('CREATE TABLE event(id INTEGER PRIMARY KEY, kind TEXT CHECK(kind<>''''));
                    CREATE INDEX event_kind ON event(kind)');
SELECT orm_migrate('kind not empty') IS NOT NULL;

-- 2. progress on stderr, for this connection (nothing is stored)
SELECT orm_config('progress', 'stderr');

-- 3. the upgrade says what it does, on stderr
SELECT orm_upgrade() IS NOT NULL;

-- 4. off again, the default: nothing printed
SELECT orm_config('progress', NULL) IS NULL;
SELECT orm_downgrade('-1') IS NOT NULL;
