/*
** guard.c - ormext's private connections, and the checks on what runs
** there.
**
** Everything ormext reads from a database is input, not code: a stored
** declaration (_orm_model.sql), the SQL of an object in sqlite_schema and
** a pending revision's SQL may come from a hostile file.  ormext replays
** them on private in-memory connections (a declared schema, a scratch
** copy on which a plan is proven, the dry run of a new revision).  Every
** such connection is opened here, and:
**
**   - runs under an authorizer that allows only what a replay or a proof
**     needs: no ATTACH or DETACH (VACUUM INTO attaches its target, so it
**     is refused too), no virtual table, no TEMP object, no write outside
**     "main", no PRAGMA but the few that read a schema or set the options
**     a plan uses, no function that loads code or touches files;
**   - allows no attached database at all (SQLITE_LIMIT_ATTACHED is 0) and
**     is SQLITE_DBCONFIG_DEFENSIVE (no writable_schema, no sqlite_dbpage);
**   - stops when the user's connection is interrupted: a progress handler
**     asks it (see ormGuardProgress());
**   - knows the collations of the user's connection (ormCollationsFrom()).
**
** ormGuardDirect() guards the user's own connection: the functions that
** write refuse to run from inside a statement that writes.
**
**   sqlite3 *dbMem = ormGuardOpen(&err, db);
**   rc = ormGuardCreate(dbMem, zSql, ORM_OBJ_TABLE, &zErr);  -- one CREATE
**   sqlite3_close(dbMem);
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/* Virtual machine steps between two looks at the user's connection. */
#define ORM_GUARD_STEPS 10000

/*
** Progress handler of a private connection: non-zero (stop, with
** SQLITE_INTERRUPT) when the user's connection pArg has been interrupted
** (sqlite3_interrupt(), Ctrl-C in the shell).
**
** sqlite3_is_interrupted() needs SQLite 3.41; Debian 12 has 3.40.  But
** while an ormext function runs, a statement of the user's connection is
** active, and then SQLite keeps the interrupt flag set until that
** statement ends, and its parser stops at once with SQLITE_INTERRUPT when
** it is set: so preparing "SELECT 1" there tells.  It costs a few
** microseconds every ORM_GUARD_STEPS steps.
*/
static int ormGuardProgress(void *pArg){
  sqlite3 *dbUser = (sqlite3*)pArg;
  sqlite3_stmt *pStmt = 0;
  int rc = sqlite3_prepare_v2(dbUser, "SELECT 1", -1, &pStmt, 0);
  sqlite3_finalize(pStmt);
  return rc==SQLITE_INTERRUPT;
}

/*
** May a private connection write database zDb (the name an authorizer
** sees)?  Only its own two: "main" and "temp" (a revision may move data
** through a TEMP table).  No database can be attached (the limit is 0,
** and ATTACH is denied), so zDb, which SQLite has resolved, is always one
** of these two: a second line of defence, ORM_ALWAYS().
*/
#define ormGuardIsMain(zDb) ORM_ALWAYS((zDb)==0 \
    || sqlite3_stricmp((zDb), "main")==0 || sqlite3_stricmp((zDb), "temp")==0)

/*
** The PRAGMAs a private connection may run: those ormext uses to read a
** schema and to set up a proof, those a revision's SQL may set that
** only change the database's own header, and those SQLite's fts5 and
** rtree modules read.  Every other one (the
** process-wide temp_store_directory, soft_heap_limit, a journal mode,
** ...) is refused.
*/
static const char *const azOrmGuardPragma[] = {
  "application_id", "data_version", "defer_foreign_keys",
  "foreign_key_check", "foreign_key_list", "foreign_keys", "index_info",
  "index_list", "index_xinfo", "integrity_check", "legacy_alter_table",
  "page_size", "quick_check", "recursive_triggers", "table_info",
  "table_list", "table_xinfo", "user_version",
};

/*
** Functions no private connection may call, whoever registered them: they
** load code, or read or write files (the sqlite3 shell's and fileio's),
** or give a tokenizer's address.  A private connection has only SQLite's
** built-in functions and those of an auto-extension of the application.
*/
static const char *const azOrmGuardFunc[] = {
  "edit", "fts3_tokenizer", "load_extension", "lsmode", "readfile",
  "writefile",
};

/*
** The virtual table modules a private connection may use: SQLite's own
** full-text and R*Tree modules, which keep their data in shadow tables of
** the same database.  A module of an application's auto-extension might
** read or write files (csv, fileio), so no other.
*/
static const char *const azOrmGuardModule[] = {
  "fts3", "fts4", "fts5", "geopoly", "rtree", "rtree_i32",
};

static int ormGuardIn(const char *const *az, int n, const char *z){
  int i;
  /* z is a module, PRAGMA or function name: SQLite never passes NULL. */
  for(i=0; ORM_ALWAYS(z) && i<n; i++){
    if( sqlite3_stricmp(az[i], z)==0 ) return 1;
  }
  return 0;
}

/*
** The authorizer of a private connection (see the file comment).  zA and
** zB are the action's arguments, zDb the database it is about.
*/
static int ormGuardAuth(void *pArg, int eAction, const char *zA,
                        const char *zB, const char *zDb,
                        const char *zTrigger){
  (void)pArg; (void)zTrigger;
  (void)zDb;                      /* unused when ORM_ALWAYS() is 1 */
  switch( eAction ){
    case SQLITE_CREATE_VTABLE:
    case SQLITE_DROP_VTABLE:
      /* zB is the module's name. */
      return ormGuardIn(azOrmGuardModule,
                        (int)(sizeof(azOrmGuardModule)/sizeof(char*)), zB)
             && ormGuardIsMain(zDb) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
    case SQLITE_ANALYZE:
    case SQLITE_REINDEX:
      return SQLITE_OK;
    case SQLITE_UPDATE:
      /* ALTER TABLE rewrites the temp schema's text too; only SQLite can
      ** write there (the connection is defensive). */
      /* zA is the table: SQLite never passes NULL for an UPDATE. */
      if( ORM_ALWAYS(zA) && sqlite3_stricmp(zA, "sqlite_temp_master")==0 ){
        return SQLITE_OK;
      }
      return ormGuardIsMain(zDb) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_INSERT:
    case SQLITE_DELETE:
    case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_INDEX:
    case SQLITE_CREATE_VIEW:
    case SQLITE_CREATE_TRIGGER:
    case SQLITE_DROP_TABLE:
    case SQLITE_DROP_INDEX:
    case SQLITE_DROP_VIEW:
    case SQLITE_DROP_TRIGGER:
      return ormGuardIsMain(zDb) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_ALTER_TABLE:
      /* zA is the database, zB the table. */
      return ormGuardIsMain(zA) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_PRAGMA:
      return ormGuardIn(azOrmGuardPragma,
                        (int)(sizeof(azOrmGuardPragma)/sizeof(char*)), zA)
             && ormGuardIsMain(zDb) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_FUNCTION:
      /* zB is the function's name. */
      return ormGuardIn(azOrmGuardFunc,
                        (int)(sizeof(azOrmGuardFunc)/sizeof(char*)), zB)
             ? SQLITE_DENY : SQLITE_OK;
    case SQLITE_CREATE_TEMP_TABLE:
    case SQLITE_CREATE_TEMP_INDEX:
    case SQLITE_CREATE_TEMP_VIEW:
    case SQLITE_CREATE_TEMP_TRIGGER:
    case SQLITE_DROP_TEMP_TABLE:
    case SQLITE_DROP_TEMP_INDEX:
    case SQLITE_DROP_TEMP_VIEW:
    case SQLITE_DROP_TEMP_TRIGGER:
      return SQLITE_OK;
    default:
      /* ATTACH, DETACH (and so VACUUM INTO), and any action code newer
      ** than this list: never. */
      return SQLITE_DENY;
  }
}

/*
** Is db one of ormext's private connections (opened by ormGuardOpen())?
** Then "not authorized" is the guard's refusal.
*/
int ormGuardIsPrivate(sqlite3 *db){
  return sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, -1)==0;
}

/*
** Open a new private in-memory connection (see the file comment) for a
** call made on the user's connection dbUser, which must outlive it.  NULL
** with the error set in *pErr on failure (or if *pErr was set).  The
** caller closes it with sqlite3_close().
*/
sqlite3 *ormGuardOpen(OrmErr *pErr, sqlite3 *dbUser){
  sqlite3 *db = 0;
  if( pErr->rc ) return 0;
  if( sqlite3_open_v2(":memory:", &db,
                      SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE, 0) ){
    ormErrSet(pErr, SQLITE_NOMEM, "cannot open an in-memory database");
    sqlite3_close(db);
    return 0;
  }
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int*)0);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int*)0);
  sqlite3_set_authorizer(db, ormGuardAuth, 0);
  if( dbUser ){
#ifndef SQLITE_CORE
    /* NULL in the API table of an SQLite built with
    ** SQLITE_OMIT_PROGRESS_CALLBACK (better-sqlite3's): the private
    ** connection then does not see the user's interrupt, and runs on. */
    if( sqlite3_api->progress_handler )
#endif
    sqlite3_progress_handler(db, ORM_GUARD_STEPS, ormGuardProgress, dbUser);
    ormCollationsFrom(db, dbUser);
  }
  return db;
}

/*
** Is the text from z on nothing but spaces, comments and semicolons (empty
** statements)?
*/
static int ormGuardIsEmpty(const char *z){
  int n, eType;
  for(; (n = ormNormToken(z, &eType))>0; z+=n){
    if( eType!=ORM_TK_SPACE && eType!=ORM_TK_SEMI ) return 0;
  }
  return 1;
}

/*
** ORM_OBJ_* of a type as sqlite_schema and _orm_model spell it, or 0 for
** anything else.
*/
int ormGuardType(const char *zType){
  static const char *const azType[] = { "table", "index", "view", "trigger" };
  static const int aeType[] = {
    ORM_OBJ_TABLE, ORM_OBJ_INDEX, ORM_OBJ_VIEW, ORM_OBJ_TRIGGER
  };
  int i;
  for(i=0; zType && i<4; i++){
    if( strcmp(zType, azType[i])==0 ) return aeType[i];
  }
  return 0;
}

static const char *ormGuardTypeName(int eType){
  switch( eType ){
    case ORM_OBJ_TABLE: return "TABLE";
    case ORM_OBJ_INDEX: return "INDEX";
    case ORM_OBJ_VIEW:  return "VIEW";
    case ORM_OBJ_TRIGGER: return "TRIGGER";
    default:            return "TABLE, INDEX, VIEW or TRIGGER";
  }
}

/*
** Is zSql one statement only (trailing spaces, comments and semicolons
** aside)?  Read as SQLite splits (OrmStmtIter): a semicolon inside a
** trigger's body does not end it.
*/
static int ormGuardIsOne(const char *zSql){
  OrmStmtIter it;
  /* Two statements need a ';' between them: without one (what
  ** sqlite_schema holds, but for triggers) there is nothing to read. */
  if( strchr(zSql, ';')==0 ) return 1;
  ormNormStmtInit(&it, zSql);
  /* Past the first statement: the caller parsed a CREATE from zSql. */
  (void)ormNormStmtNext(&it);
  return ormGuardIsEmpty(it.zNext);
}

/*
** Is zSql, parsed into *p, a CREATE TABLE ... AS SELECT?  It runs a query,
** and SQLite never stores a table so: after the name of an ordinary
** table comes "(", after this one the keyword AS.  Anything else there
** (or nothing) is not a table either, but SQLite's parser says what is
** wrong with it.
*/
static int ormGuardIsAsSelect(const char *zSql, const OrmCreate *p){
  const char *z = zSql + p->iName + p->nName;
  int n, eTk;
  if( p->eType!=ORM_OBJ_TABLE || p->bVirtual ) return 0;
  while( (n = ormNormToken(z, &eTk))>0 && eTk==ORM_TK_SPACE ) z += n;
  return eTk==ORM_TK_WORD && n==2 && sqlite3_strnicmp(z, "AS", 2)==0;
}

/*
** Check the row of a bookkeeping table that declares object zName of
** type zType ("table", ...) with zSql, without running it: the text must
** be one CREATE of that type and name, of the main schema.  NULL if so,
** else what is wrong, for a message (the caller frees it).  Out of
** memory, *pbOom is set.
*/
char *ormGuardCheckRow(const char *zType, const char *zName,
                       const char *zSql, int *pbOom){
  OrmCreate c;
  int eType = ormGuardType(zType);
  char *zWhy = 0;
  *pbOom = 0;
  memset(&c, 0, sizeof(c));
  if( eType==0 ){
    zWhy = sqlite3_mprintf("its type is not table, index, view or trigger");
  }else if( ORM_OOM(ormNormCreate(zSql, &c)!=0) ){
    *pbOom = 1;
    return 0;
  }else if( c.eType!=eType || c.bTemp || c.bVirtual || c.bSchema ){
    zWhy = sqlite3_mprintf("its sql is not a CREATE %s of the main schema",
                           ormGuardTypeName(eType));
  }else if( sqlite3_stricmp(c.zName, zName) ){
    zWhy = sqlite3_mprintf("its sql creates \"%w\", not \"%w\"",
                           c.zName, zName);
  }else if( ormGuardIsAsSelect(zSql, &c) ){
    zWhy = sqlite3_mprintf("its sql is a CREATE TABLE ... AS SELECT");
  }else if( !ormGuardIsOne(zSql) ){
    zWhy = sqlite3_mprintf("its sql holds more than one statement");
  }else{
    sqlite3_free(c.zName);
    return 0;
  }
  sqlite3_free(c.zName);
  if( ORM_OOM(zWhy==0) ) *pbOom = 1;
  return zWhy;
}

/*
** Check that zSql is exactly one CREATE statement of kind eType (an
** ORM_OBJ_*, or 0 for any of them) of the main schema, not a CREATE TABLE ... AS SELECT.  0 if
** it is, else SQLITE_ERROR with *pzErr set to a message saying what it is
** not (the caller frees it with sqlite3_free()), or SQLITE_NOMEM.  On
** success *ppStmt is the statement, prepared on private connection db
** (which must have its object's dependencies), to be stepped and
** finalized by the caller; on error it is NULL.  A statement SQLite
** cannot prepare is an error with SQLite's message.
*/
int ormGuardPrepareCreate(sqlite3 *db, const char *zSql, int eType,
                          sqlite3_stmt **ppStmt, char **pzErr){
  OrmCreate c;
  const char *zTail = 0;
  int rc;
  *ppStmt = 0;
  *pzErr = 0;
  if( zSql==0 ) zSql = "";
  memset(&c, 0, sizeof(c));
  if( ormNormCreate(zSql, &c) ) return SQLITE_NOMEM;
  /* A virtual table is a table too (the authorizer decides which
  ** modules); stored declarations never hold one (ormGuardCheckRow()). */
  if( c.eType==0 || (eType && c.eType!=eType) || c.bTemp || c.bSchema
   || (c.bVirtual && eType!=ORM_OBJ_TABLE) ){
    sqlite3_free(c.zName);
    *pzErr = sqlite3_mprintf("not a CREATE %s statement of the main schema",
                             ormGuardTypeName(eType));
    return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  if( ormGuardIsAsSelect(zSql, &c) ){
    sqlite3_free(c.zName);
    *pzErr = sqlite3_mprintf("a CREATE TABLE ... AS SELECT, not the"
                             " definition of a table");
    return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  sqlite3_free(c.zName);
  rc = sqlite3_prepare_v2(db, zSql, -1, ppStmt, &zTail);
  if( rc ){
    *pzErr = sqlite3_mprintf("%s", sqlite3_errmsg(db));
    sqlite3_finalize(*ppStmt);
    *ppStmt = 0;
    return (rc & 0xff)==SQLITE_NOMEM || *pzErr==0 ? SQLITE_NOMEM : rc;
  }
  /* zSql begins with CREATE (ormNormCreate() read one), so SQLite prepared
  ** a statement, and it always sets the tail of one. */
  if( ORM_NEVER(*ppStmt==0)
   || (ORM_ALWAYS(zTail) && !ormGuardIsEmpty(zTail)) ){
    sqlite3_finalize(*ppStmt);
    *ppStmt = 0;
    *pzErr = sqlite3_mprintf("more than one statement");
    return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

/*
** Run zSql, which must be exactly one CREATE of kind eType (see
** ormGuardPrepareCreate()), on private connection db.  Returns what
** sqlite3_exec() would (SQLITE_OK, or an error code with *pzErr, freed by
** the caller, set when memory allows).
*/
int ormGuardCreate(sqlite3 *db, const char *zSql, int eType, char **pzErr){
  sqlite3_stmt *pStmt = 0;
  int rc = ormGuardPrepareCreate(db, zSql, eType, &pStmt, pzErr);
  if( rc ) return rc;
  /* One step: a CREATE returns no row (were it to, SQLITE_ROW would be
  ** reported as an error like any code but SQLITE_DONE). */
  rc = sqlite3_step(pStmt);
  if( rc!=SQLITE_DONE ){
    *pzErr = sqlite3_mprintf("%s", sqlite3_errmsg(db));
  }
  sqlite3_finalize(pStmt);
  return rc==SQLITE_DONE ? SQLITE_OK : rc;
}

/*
** Set *pErr (unless set) if the _orm_model row (zType, zName, zSql) is not
** what orm_declare() stores (see ormGuardCheckRow()).
*/
void ormGuardModelRow(OrmErr *pErr, const char *zType, const char *zName,
                      const char *zSql){
  int bOom = 0;
  char *zWhy;
  /* Both callers stop at the first error. */
  if( ORM_NEVER(pErr->rc) ) return;
  zWhy = ormGuardCheckRow(zType, zName, zSql, &bOom);
  if( ORM_OOM(bOom) ){
    ormErrOom(pErr);
  }else if( zWhy ){
    ormErrSet(pErr, SQLITE_ERROR,
        "_orm_model holds a row for \"%s\" that orm_declare() did not write"
        " (%s): declare \"%s\" again or orm_undeclare('%q') it",
        zName, zWhy, zName, zName);
  }
  sqlite3_free(zWhy);
}

/* Make zMsg (NULL: out of memory) pCtx's error, free it, return 1. */
static int ormGuardRefuse(sqlite3_context *pCtx, char *zMsg){
  if( ORM_OOM(zMsg==0) ){
    sqlite3_result_error_nomem(pCtx);
  }else{
    sqlite3_result_error(pCtx, zMsg, -1);
  }
  sqlite3_free(zMsg);
  return 1;
}

/*
** Refuse (return 1, with an error result) when a statement that writes is
** running on the connection: a function that changes the schema or
** touches files must not run from inside an INSERT or UPDATE - from a
** CHECK constraint of a hostile database, say, which SQLite 3.40 does
** not stop for SQLITE_DIRECTONLY functions.  Refuse too while a move
** (orm_upgrade, orm_downgrade) runs on the connection: a revision's
** read-only statement can call back into the application (a collation, a
** function) and so into ormext, and a move or a new revision made then
** would be undone or run twice by the move around it.  orm_config has
** its own words for that (a setting of a move cannot change under it).
*/
int ormGuardDirect(sqlite3_context *pCtx, const char *zFunc){
  sqlite3 *db = sqlite3_context_db_handle(pCtx);
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  sqlite3_stmt *pStmt = 0;
  if( p->zMove && strcmp(zFunc, "orm_config") ){
    return ormGuardRefuse(pCtx, sqlite3_mprintf("%s: called while %s()"
        " runs on this connection (from a function or collation that a"
        " revision's SQL calls); call it after %s() returns", zFunc,
        p->zMove, p->zMove));
  }
  while( (pStmt = sqlite3_next_stmt(db, pStmt))!=0 ){
    if( sqlite3_stmt_busy(pStmt) && !sqlite3_stmt_readonly(pStmt) ){
      return ormGuardRefuse(pCtx, sqlite3_mprintf("%s: called from a"
          " statement that writes (an INSERT, UPDATE or a CHECK"
          " constraint); call it in a statement of its own, e.g. SELECT"
          " %s(...)", zFunc, zFunc));
    }
  }
  return 0;
}
