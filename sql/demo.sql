-- sql/demo.sql - the seed workflow of ormext, step by step.
--
--   make demo                          (a new temporary database)
--   sqlite3 new.db < sql/demo.sql      (from the repository root)
--
-- Each step is echoed with its heading, then its result.  The shell should
-- run with -bail, as make demo does, so that a failing step stops the demo.
.load ./ormext
.echo on
.mode box

-- 1. declare the user model
SELECT orm_declare('CREATE TABLE user (
  id       INTEGER PRIMARY KEY,
  username VARCHAR(80)  UNIQUE NOT NULL,
  email    VARCHAR(120) UNIQUE NOT NULL)') AS declared;

-- 2. autogenerate revision 1 from the difference with the (empty) database
SELECT orm_migrate('create user') AS revision;

-- 3. apply it: table user now exists
SELECT orm_upgrade() AS current;

-- 4. insert a user
INSERT INTO user(username, email) VALUES ('test1asd', 'aasdadsdadsad');

-- 5. select it back
SELECT * FROM user;

-- 6. the model grows a UNIQUE column
SELECT orm_declare('user', 'id INTEGER PRIMARY KEY',
                   'username VARCHAR(80) UNIQUE NOT NULL',
                   'email VARCHAR(120) UNIQUE NOT NULL',
                   'password VARCHAR(120) UNIQUE') AS declared;

-- 7. the declared columns, compared with the live table
SELECT model, column_name, type, not_null, is_unique, status
  FROM orm_model_meta;

-- 8. autogenerate revision 2
SELECT orm_migrate('add password') AS revision;

-- 9. its up-SQL rebuilds the table: ALTER TABLE cannot ADD a UNIQUE column
.mode list
SELECT up_sql FROM orm_migrations WHERE message = 'add password';
.mode box

-- 10. apply it
SELECT orm_upgrade() AS current;

-- 11. the row is still there, with the new column
SELECT * FROM user;

-- 12. the history
SELECT revision, message, state, is_current FROM orm_migrations;

-- 13. back one revision
SELECT orm_downgrade('-1') AS current;

-- 14. the row is still there, and the schema is back to revision 1
SELECT * FROM user;
.mode list
SELECT sql FROM sqlite_schema WHERE name = 'user';
.mode box

-- 15. where the database is now; revision 2 stays known, as pending
SELECT orm_current() AS current;
SELECT revision, message, state, is_current FROM orm_migrations;
