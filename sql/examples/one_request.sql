-- sql/examples/one_request.sql - the script for a replicated SQLite that
-- runs each request in a transaction of its own (dqlite, rqlite):
-- orm_sql(target, from, 'one-request').
--
--   sqlite3 :memory: < sql/examples/one_request.sql   (repository root)
--
-- The script has no BEGIN or COMMIT and writes its own bookkeeping, so
-- the engine's database (which never loads the extension) knows its
-- revision.  Here the shell plays the engine: BEGIN, the script, COMMIT
-- (.read of the file the script was written to).  Before DROP TABLE of a
-- table that a foreign key references, the script stops unless foreign
-- keys are off: send PRAGMA foreign_keys=OFF on the connection before the
-- request (dqlite's connections have them on).  See docs/replication.md.
.load ./ormext
.echo on
.mode box
PRAGMA foreign_keys = ON;

-- 1. revision 1: author and book, book.author_id cascades on delete
SELECT orm_declare('
  CREATE TABLE author(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE book(id INTEGER PRIMARY KEY, title TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES author(id) ON DELETE CASCADE)')
  AS declared;
SELECT orm_migrate('authors and books') IS NOT NULL AS migrated;
SELECT orm_upgrade() IS NOT NULL AS upgraded;
INSERT INTO author(id, name) VALUES (1, 'Ursula K. Le Guin'), (2, 'Stanisław Lem');
INSERT INTO book(title, author_id) VALUES
  ('The Dispossessed', 1), ('The Lathe of Heaven', 1), ('Solaris', 2);

-- 2. revision 2 rebuilds author (a UNIQUE column)
SELECT orm_declare('author', 'id INTEGER PRIMARY KEY', 'name TEXT NOT NULL',
                   'email TEXT UNIQUE') AS declared;
SELECT orm_migrate('author email') IS NOT NULL AS migrated;

-- 3. the one-request script from the current revision to head: no
-- BEGIN or COMMIT of its own; it records its revisions itself
SELECT instr(s, 'BEGIN;') = 0 AND instr(s, 'COMMIT;') = 0 AS no_transaction,
       instr(s, 'INSERT OR IGNORE INTO _orm_revision') > 0 AS records_revisions,
       instr(s, 'DROP TABLE "author"') > 0 AS rebuilds_author
  FROM (SELECT orm_sql('head', NULL, 'one-request') AS s);

-- 4. run it as an engine would: foreign keys off on the connection first,
-- then BEGIN, the script as one request, COMMIT
.echo off
.headers off
.mode list
.once /tmp/ormext-one-request.sql
SELECT orm_sql('head', NULL, 'one-request');
.headers on
.mode box
.echo on
SELECT orm_current() <> orm_heads() AS pending;
PRAGMA foreign_keys = OFF;
BEGIN;
.read /tmp/ormext-one-request.sql
COMMIT;
PRAGMA foreign_keys = ON;

-- 5. every book is still there; the bookkeeping says revision 2
SELECT count(*) AS books FROM book;
SELECT value = orm_heads() AS at_head FROM _orm_state WHERE key = 'current';
SELECT orm_current() = orm_heads() AS current_is_head;
