-- examples/shell/seed.sql - the seed workflow plus one data migration, in
-- the sqlite3 shell.  From the directory that holds ormext.so:
--
--   sqlite3 -bail app.db < examples/shell/seed.sql
--
-- Prints one "step: result" line per call, then the rows; test/bindings.test
-- runs it and compares the output with every other binding's.
.load ./ormext
.mode list
.separator |

-- 1. declare the model, record revision 1, apply it
SELECT 'declared: ' || orm_declare('CREATE TABLE user (
  id       INTEGER PRIMARY KEY,
  username VARCHAR(80)  UNIQUE NOT NULL,
  email    VARCHAR(120) UNIQUE NOT NULL)');
SELECT 'create user: ' || orm_migrate('create user');
SELECT 'upgrade: ' || orm_upgrade();
INSERT INTO user(username, email)
  VALUES ('test1asd', 'aasdadsdadsad'), ('alice', 'alice@example.com');

-- 2. the model grows a UNIQUE column: revision 2 rebuilds the table
SELECT 'declared: ' || orm_declare('user', 'id INTEGER PRIMARY KEY',
                                   'username VARCHAR(80) UNIQUE NOT NULL',
                                   'email VARCHAR(120) UNIQUE NOT NULL',
                                   'password VARCHAR(120) UNIQUE');
SELECT 'add password: ' || orm_migrate('add password');
SELECT 'upgrade: ' || orm_upgrade();

-- 3. a data migration: hand-written SQL, up and down
INSERT INTO orm_migrations(message, up_sql, down_sql)
  VALUES ('fill password', 'UPDATE user SET password = ''reset-'' || id',
          'UPDATE user SET password = NULL');
SELECT 'fill password: ' || orm_heads();
SELECT 'upgrade: ' || orm_upgrade();
SELECT id, username, ifnull(password, 'NULL') FROM user ORDER BY id;

-- 4. back one revision (the data migration's down_sql runs), and forward
SELECT 'downgrade: ' || orm_downgrade('-1');
SELECT id, username, ifnull(password, 'NULL') FROM user ORDER BY id;
SELECT 'upgrade: ' || orm_upgrade();
