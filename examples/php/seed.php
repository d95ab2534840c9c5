<?php
// examples/php/seed.php - the seed workflow plus one data migration, from
// PHP's SQLite3 class (Debian: php-cli php-sqlite3).  SQLite3::loadExtension()
// loads only from the directory named by the ini setting
// sqlite3.extension_dir, which a script cannot set (it is PHP_INI_SYSTEM):
// give it on the command line, or in php.ini.  From the directory that
// holds ormext.so:
//
//   php -d sqlite3.extension_dir="$PWD" examples/php/seed.php app.db
//
// The directory must be given as an absolute path without symbolic links
// (PHP compares it with the real path of the file it loads), and ormext.so
// must really be in it, not be a link to elsewhere.
//
// Prints one "step: result" line per call, then the rows, the same text as
// every other binding (test/bindings.test).
//
// Call the functions that write through querySingle() (one row, run once),
// or exec() when the result is not needed.  query() followed by
// fetchArray() runs the statement a second time: orm_migrate() would
// record its revision and then fail with "revision ... is pending".

$db = new SQLite3($argv[1] ?? 'app.db');
$db->enableExceptions(true);
$db->loadExtension('ormext.so');         // a name in sqlite3.extension_dir

function rows(SQLite3 $db): void {
    $r = $db->query("SELECT id, username, ifnull(password, 'NULL') FROM user ORDER BY id");
    while (($row = $r->fetchArray(SQLITE3_NUM)) !== false) {
        echo implode('|', $row), "\n";
    }
    $r->finalize();
}

// 1. declare the model, record revision 1, apply it
echo 'declared: ', $db->querySingle("SELECT orm_declare('CREATE TABLE user (
  id       INTEGER PRIMARY KEY,
  username VARCHAR(80)  UNIQUE NOT NULL,
  email    VARCHAR(120) UNIQUE NOT NULL)')"), "\n";
echo 'create user: ', $db->querySingle("SELECT orm_migrate('create user')"), "\n";
echo 'upgrade: ', $db->querySingle('SELECT orm_upgrade()'), "\n";
$db->exec("INSERT INTO user(username, email) VALUES
             ('test1asd', 'aasdadsdadsad'), ('alice', 'alice@example.com')");

// 2. the model grows a UNIQUE column: revision 2 rebuilds the table
echo 'declared: ', $db->querySingle("SELECT orm_declare('user', 'id INTEGER PRIMARY KEY',
    'username VARCHAR(80) UNIQUE NOT NULL', 'email VARCHAR(120) UNIQUE NOT NULL',
    'password VARCHAR(120) UNIQUE')"), "\n";
echo 'add password: ', $db->querySingle("SELECT orm_migrate('add password')"), "\n";
echo 'upgrade: ', $db->querySingle('SELECT orm_upgrade()'), "\n";

// 3. a data migration: hand-written SQL, up and down
$st = $db->prepare('INSERT INTO orm_migrations(message, up_sql, down_sql) VALUES (?, ?, ?)');
$st->bindValue(1, 'fill password');
$st->bindValue(2, "UPDATE user SET password = 'reset-' || id");
$st->bindValue(3, 'UPDATE user SET password = NULL');
$st->execute()->finalize();              // an INSERT: run once, no fetch
echo 'fill password: ', $db->querySingle('SELECT orm_heads()'), "\n";
echo 'upgrade: ', $db->querySingle('SELECT orm_upgrade()'), "\n";
rows($db);

// 4. back one revision (the data migration's down_sql runs), and forward
echo 'downgrade: ', $db->querySingle("SELECT orm_downgrade('-1')"), "\n";
rows($db);
echo 'upgrade: ', $db->querySingle('SELECT orm_upgrade()'), "\n";
$db->close();
