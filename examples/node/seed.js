// examples/node/seed.js - the seed workflow plus one data migration, from
// Node.js with better-sqlite3 (12.11.1, examples/node/package.json).  From
// the directory that holds ormext.so:
//
//   node examples/node/seed.js app.db
//
// Prints one "step: result" line per call, then the rows, the same text as
// every other binding (test/bindings.test).
//
// better-sqlite3 turns foreign_keys on for every connection.  Called as a
// statement of its own, outside db.transaction(), orm_upgrade() switches
// them off around a rebuild itself; inside db.transaction() a rebuild is
// refused (foreign keys cannot be switched off inside a transaction).
'use strict';
const Database = require('better-sqlite3');

const db = new Database(process.argv[2] || 'app.db');
db.loadExtension('./ormext');            // SQLite adds ".so"

// The single value of a one-row query (.get() reads one row and resets
// the statement: nothing stays open).
const one = (sql) => db.prepare(sql).pluck().get();
const rows = () => {
  for (const r of db.prepare("SELECT id, username, ifnull(password, 'NULL')" +
                             ' FROM user ORDER BY id').raw().all()) {
    console.log(r.join('|'));
  }
};

// 1. declare the model, record revision 1, apply it
console.log('declared:', one(`SELECT orm_declare('CREATE TABLE user (
  id       INTEGER PRIMARY KEY,
  username VARCHAR(80)  UNIQUE NOT NULL,
  email    VARCHAR(120) UNIQUE NOT NULL)')`));
console.log('create user:', one("SELECT orm_migrate('create user')"));
console.log('upgrade:', one('SELECT orm_upgrade()'));
db.prepare('INSERT INTO user(username, email) VALUES (?, ?), (?, ?)')
  .run('test1asd', 'aasdadsdadsad', 'alice', 'alice@example.com');

// 2. the model grows a UNIQUE column: revision 2 rebuilds the table
console.log('declared:', one("SELECT orm_declare('user', 'id INTEGER PRIMARY KEY'," +
  " 'username VARCHAR(80) UNIQUE NOT NULL', 'email VARCHAR(120) UNIQUE NOT NULL'," +
  " 'password VARCHAR(120) UNIQUE')"));
console.log('add password:', one("SELECT orm_migrate('add password')"));
console.log('upgrade:', one('SELECT orm_upgrade()'));

// 3. a data migration: hand-written SQL, up and down
db.prepare('INSERT INTO orm_migrations(message, up_sql, down_sql) VALUES (?, ?, ?)')
  .run('fill password', "UPDATE user SET password = 'reset-' || id",
       'UPDATE user SET password = NULL');
console.log('fill password:', one('SELECT orm_heads()'));
console.log('upgrade:', one('SELECT orm_upgrade()'));
rows();

// 4. back one revision (the data migration's down_sql runs), and forward
console.log('downgrade:', one("SELECT orm_downgrade('-1')"));
rows();
console.log('upgrade:', one('SELECT orm_upgrade()'));
db.close();
