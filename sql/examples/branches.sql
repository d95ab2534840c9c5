-- sql/examples/branches.sql - two revisions made from the same parent (two
-- branches, as when two developers each add one), and the merge that joins
-- them.
--
--   sqlite3 :memory: < sql/examples/branches.sql   (repository root)
--
-- With two heads, orm_upgrade() and orm_migrate() refuse until orm_merge()
-- records an empty revision whose parents are both heads.  The upgrade then
-- runs the two branches in history order: the one created first, then the
-- smaller id (the same order in every database).
.load ./ormext
.echo on
.mode box

-- 1. revision 1
SELECT orm_declare('CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT)') AS declared;
SELECT orm_migrate('create note') IS NOT NULL AS migrated;
SELECT orm_upgrade() IS NOT NULL AS upgraded;

-- 2. two hand-written revisions, both children of revision 1
INSERT INTO orm_migrations(message, up_sql, down_sql, parent)
  VALUES ('welcome note', 'INSERT INTO note(id, body) VALUES (1, ''welcome'')',
          'DELETE FROM note WHERE id = 1', orm_current());
INSERT INTO orm_migrations(message, up_sql, down_sql, parent)
  VALUES ('help note', 'INSERT INTO note(id, body) VALUES (2, ''help'')',
          'DELETE FROM note WHERE id = 2', orm_current());
SELECT orm_heads() AS heads;

-- 3. join them; the merge revision has two parents
SELECT orm_merge('merge notes') = orm_heads() AS merged;
SELECT revision, parent, message, state FROM orm_migrations;

-- 4. now the upgrade runs both branches, then the merge
SELECT orm_upgrade() = orm_heads() AS at_head;
SELECT * FROM note ORDER BY id;

-- 5. a downgrade to revision 1 reverts the merge and both branches
SELECT orm_downgrade(
  (SELECT revision FROM orm_migrations WHERE message = 'create note')) AS current;
SELECT count(*) AS notes FROM note;
