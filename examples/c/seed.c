/*
** examples/c/seed.c - the seed workflow plus one data migration, from C
** against libsqlite3.  Build and run from the directory that holds
** ormext.so:
**
**   cc -o seed examples/c/seed.c -lsqlite3
**   ./seed app.db
**
** Prints one "step: result" line per call, then the rows, the same text as
** every other binding (test/bindings.test).  Every statement is stepped to
** SQLITE_DONE and finalized before the next one: a statement left open
** (stepped once, never reset) keeps reading, and a revision that drops or
** rebuilds a table then fails with "database table is locked".
*/
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>

static sqlite3 *db;

static void die(const char *zWhat){
  fprintf(stderr, "%s: %s\n", zWhat, sqlite3_errmsg(db));
  sqlite3_close(db);
  exit(1);
}

/* Run zSql, printing each row's columns joined by '|' after zLabel (when
** not NULL, as "label: value").  The statement is stepped to the end. */
static void run(const char *zLabel, const char *zSql){
  sqlite3_stmt *pStmt = 0;
  int rc;
  if( sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0)!=SQLITE_OK ) die(zSql);
  while( (rc = sqlite3_step(pStmt))==SQLITE_ROW ){
    int i;
    if( zLabel ) printf("%s: ", zLabel);
    for(i=0; i<sqlite3_column_count(pStmt); i++){
      const unsigned char *z = sqlite3_column_text(pStmt, i);
      printf("%s%s", i ? "|" : "", z ? (const char*)z : "NULL");
    }
    printf("\n");
  }
  if( rc!=SQLITE_DONE ){
    sqlite3_finalize(pStmt);
    die(zSql);
  }
  sqlite3_finalize(pStmt);
}

int main(int argc, char **argv){
  char *zErr = 0;
  if( sqlite3_open(argc>1 ? argv[1] : "app.db", &db)!=SQLITE_OK ) die("open");
  /* Allows sqlite3_load_extension() only, not SQL's load_extension(). */
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, (int*)0);
  /* Entry point derived from the file name: sqlite3_ormext_init. */
  if( sqlite3_load_extension(db, "./ormext", 0, &zErr)!=SQLITE_OK ){
    fprintf(stderr, "load: %s\n", zErr);
    sqlite3_free(zErr);
    sqlite3_close(db);
    return 1;
  }
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int*)0);

  /* 1. declare the model, record revision 1, apply it */
  run("declared", "SELECT orm_declare('CREATE TABLE user (\n"
      "  id       INTEGER PRIMARY KEY,\n"
      "  username VARCHAR(80)  UNIQUE NOT NULL,\n"
      "  email    VARCHAR(120) UNIQUE NOT NULL)')");
  run("create user", "SELECT orm_migrate('create user')");
  run("upgrade", "SELECT orm_upgrade()");
  run(0, "INSERT INTO user(username, email) VALUES ('test1asd', 'aasdadsdadsad'),"
         " ('alice', 'alice@example.com')");

  /* 2. the model grows a UNIQUE column: revision 2 rebuilds the table */
  run("declared", "SELECT orm_declare('user', 'id INTEGER PRIMARY KEY',"
      " 'username VARCHAR(80) UNIQUE NOT NULL',"
      " 'email VARCHAR(120) UNIQUE NOT NULL',"
      " 'password VARCHAR(120) UNIQUE')");
  run("add password", "SELECT orm_migrate('add password')");
  run("upgrade", "SELECT orm_upgrade()");

  /* 3. a data migration: hand-written SQL, up and down */
  run(0, "INSERT INTO orm_migrations(message, up_sql, down_sql)"
         " VALUES ('fill password', 'UPDATE user SET password = ''reset-'' || id',"
         " 'UPDATE user SET password = NULL')");
  run("fill password", "SELECT orm_heads()");
  run("upgrade", "SELECT orm_upgrade()");
  run(0, "SELECT id, username, password FROM user ORDER BY id");

  /* 4. back one revision (the data migration's down_sql runs), and forward */
  run("downgrade", "SELECT orm_downgrade('-1')");
  run(0, "SELECT id, username, password FROM user ORDER BY id");
  run("upgrade", "SELECT orm_upgrade()");
  if( sqlite3_close(db)!=SQLITE_OK ) die("close");
  return 0;
}
