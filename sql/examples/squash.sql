-- sql/examples/squash.sql - three revisions (one of them a hand-written
-- data migration) squashed into one that a new database runs instead.
--
--   sqlite3 :memory: < sql/examples/squash.sql   (repository root)
--
-- orm_squash('head') records a squash: the schema that replaying the
-- revisions from base gives, then the data statements of the hand-written
-- ones, proven on scratch databases to give the same schema and rows.
-- The revisions stay: a database that has applied some of them goes on
-- through them.  Only a database at base runs the squash.
.load ./ormext
.echo on
.mode box

-- 1. three revisions: a table, a data migration, a rebuild
SELECT orm_declare('CREATE TABLE tag(id INTEGER PRIMARY KEY, name TEXT)') AS declared;
SELECT orm_migrate('create tag') IS NOT NULL AS migrated;
INSERT INTO orm_migrations(message, up_sql, down_sql)
  VALUES ('default tags', 'INSERT INTO tag(name) VALUES (''new''), (''done'')',
          'DELETE FROM tag');
SELECT orm_declare('CREATE TABLE tag(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)') AS declared;
SELECT orm_upgrade() IS NOT NULL AS upgraded;
SELECT orm_migrate('unique tag names') IS NOT NULL AS migrated;

-- 2. squash them: the schema, then the data statements
SELECT orm_squash('head', 'squash to unique names') IS NOT NULL AS squashed;
.mode list
SELECT up_sql FROM orm_migrations WHERE replaces IS NOT NULL;
.mode box

-- 3. what replaced what
SELECT message, state, replaces IS NOT NULL AS is_squash,
       replaced_by IS NOT NULL AS replaced
  FROM orm_migrations;

-- 4. a database at base upgrades through the squash: one step
SELECT orm_downgrade('base') IS NULL AS at_base;
SELECT orm_upgrade() = orm_heads() AS at_head;
SELECT message, state, applied_at IS NOT NULL AS ran
  FROM orm_migrations WHERE replaces IS NOT NULL;
SELECT * FROM tag ORDER BY id;

-- 5. downgrades go back through the replaced revisions, as before
SELECT orm_downgrade('-1') IS NOT NULL AS down_one;
SELECT message, state FROM orm_migrations;
SELECT sql FROM sqlite_schema WHERE name = 'tag';
