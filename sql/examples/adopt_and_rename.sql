-- sql/examples/adopt_and_rename.sql - bring an existing database under
-- ormext, then rename a table and a column without losing their data.
--
--   sqlite3 :memory: < sql/examples/adopt_and_rename.sql   (repository root)
--
-- orm_adopt() declares every object exactly as it is and records a
-- baseline revision, marked applied.  orm_rename() hints tell the next
-- orm_migrate() that a name changed, so that it renames instead of
-- dropping the old table and creating an empty new one.
.load ./ormext
.echo on
.mode box

-- 1. a database made without ormext
CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE INDEX customer_name ON customer(name);
INSERT INTO customer(name) VALUES ('Grace'), ('Edsger');

-- 2. adopt it: the baseline revision is applied already, nothing differs
SELECT orm_adopt() = orm_current() AS adopted;
SELECT message, state, is_current FROM orm_migrations;
SELECT orm_check() AS in_sync;

-- 3. rename customer to client and its column name to full_name: hints
--    first, then the new declarations (the index is declared anew, as it
--    names the table and the column)
SELECT orm_rename('customer', 'client') AS hinted;
SELECT orm_rename('client', 'name', 'full_name') AS hinted;
SELECT orm_undeclare('customer') AS undeclared;
SELECT orm_declare('
  CREATE TABLE client(id INTEGER PRIMARY KEY, full_name TEXT NOT NULL);
  CREATE INDEX client_full_name ON client(full_name)') AS declared;

-- 4. what orm_migrate() would record, change by change
SELECT op, object, detail, destructive FROM orm_diff;

-- 5. record it and look at the script an upgrade would run (nothing runs)
SELECT orm_migrate('customer -> client') IS NOT NULL AS migrated;
.mode list
SELECT orm_sql();
.mode box

-- 6. apply it: the rows are kept
SELECT orm_upgrade() = orm_heads() AS at_head;
SELECT * FROM client;
SELECT type, name FROM sqlite_schema
 WHERE tbl_name NOT LIKE '\_orm\_%' ESCAPE '\';
SELECT orm_check() AS in_sync;
