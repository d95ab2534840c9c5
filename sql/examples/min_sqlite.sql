-- sql/examples/min_sqlite.sql - the SQLite version a revision needs, and a
-- floor for a team whose members run different SQLites.
--
--   sqlite3 :memory: < sql/examples/min_sqlite.sql   (repository root)
--
-- On SQLite 3.53.0 and later orm_migrate adds NOT NULL to a column with
-- ALTER TABLE ... ALTER COLUMN ... SET NOT NULL, which needs 3.53.0; a
-- team that also runs SQLite 3.40 sets the floor, and gets a rebuild that
-- every SQLite runs.  The output is the same on every SQLite.
.load ./ormext
.echo on
.mode box

-- 1. the floor: orm_migrate plans only what SQLite 3.40.0 runs
SELECT orm_config('min_sqlite', '3.40.0') AS min_sqlite;

-- 2. a table, then NOT NULL on one of its columns
SELECT orm_declare('CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT)') AS declared;
SELECT orm_migrate('create item') IS NOT NULL AS migrated,
       orm_upgrade() IS NOT NULL AS upgraded;
INSERT INTO item(name) VALUES ('bolt'), ('nut');
SELECT orm_declare('CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT NOT NULL)') AS declared;
SELECT orm_migrate('name not null') IS NOT NULL AS migrated;

-- 3. a rebuild, which needs no particular SQLite (min_sqlite is NULL)
SELECT message, min_sqlite,
       up_sql LIKE 'CREATE TABLE "_orm_new_item"%' AS rebuild
  FROM orm_migrations;

-- 4. applied; the floor stays in the database for everyone
SELECT orm_upgrade() = orm_heads() AS at_head, orm_check() AS in_sync;
SELECT orm_config('min_sqlite') AS min_sqlite;
SELECT * FROM item;
