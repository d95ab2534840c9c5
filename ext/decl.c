/*
** decl.c - declarations: orm_declare() and orm_undeclare(), and the
** declared schema built from them in a private in-memory database.
**
**   SELECT orm_declare('CREATE TABLE user(id INTEGER PRIMARY KEY, name);
**                       CREATE INDEX user_name ON user(name)');   -- 2
**   SELECT orm_declare('user', 'id INTEGER PRIMARY KEY', 'name TEXT');  -- 1
**   SELECT orm_undeclare('user');    -- 2: the table and its index
**
** Every statement is validated by SQLite itself: it runs in a private
** in-memory database that holds the other declarations.  What is stored
** (in _orm_model) is the statement as SQLite keeps it in sqlite_schema.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/*
** Open an empty private in-memory database that knows the collations of
** the user's connection db (ormCollationsFrom()).
*/
static sqlite3 *ormDeclMemDb(OrmErr *pErr, sqlite3 *db){
  return ormGuardOpen(pErr, db);
}

/*
** Run the stored declarations of db in dbMem, skipping the names in
** pSkip: tables when bTables, the other objects otherwise, in declaration
** order.
*/
static void ormDeclReplay(OrmErr *pErr, sqlite3 *db, sqlite3 *dbMem,
                          const OrmStrList *pSkip, int bTables){
  sqlite3_stmt *pStmt;
  if( pErr->rc || !ormStoreExists(pErr, db) ) return;
  pStmt = ormPrepare(pErr, db,
      "SELECT name, type, sql FROM main._orm_model"
      " WHERE (type IS 'table')=%d ORDER BY seq", bTables);
  while( ormStep(pErr, pStmt) ){
    const char *zName = (const char*)sqlite3_column_text(pStmt, 0);
    char *zErr = 0;
    int rc;
    if( zName==0 || sqlite3_column_type(pStmt, 1)==SQLITE_NULL
     || sqlite3_column_type(pStmt, 2)==SQLITE_NULL ){
      ormErrSet(pErr, SQLITE_ERROR, ORM_MODEL_NULL_MSG);
      break;
    }
    if( pSkip && ormListFind(pSkip, zName)>=0 ) continue;
    ormGuardModelRow(pErr, (const char*)sqlite3_column_text(pStmt, 1), zName,
                     (const char*)sqlite3_column_text(pStmt, 2));
    if( pErr->rc ) break;
    /* The row may have been written by anyone: it must be the one CREATE
    ** its type says (guard.c). */
    rc = ormGuardCreate(dbMem, (const char*)sqlite3_column_text(pStmt, 2),
             ormGuardType((const char*)sqlite3_column_text(pStmt, 1)), &zErr);
    if( (rc & 0xff)==SQLITE_NOMEM ){
      ormErrOom(pErr);               /* not the declaration's fault */
    }else if( rc ){
      /* zErr is NULL only when its message could not be made. */
      const char *zWhy = zErr;
      if( ORM_OOM(zWhy==0) ) zWhy = "error";
      ormErrSet(pErr, SQLITE_ERROR,
          "declared %s \"%s\" no longer fits the other declarations: %s;"
          " declare it again or orm_undeclare('%q') it",
          (const char*)sqlite3_column_text(pStmt, 1), zName, zWhy, zName);
    }
    sqlite3_free(zErr);
  }
  ormFinalize(pErr, pStmt);
}

/*
** Open a private in-memory database holding every declaration of db: the
** declared schema.  The caller closes *ppMem with sqlite3_close().
*/
void ormDeclOpen(OrmErr *pErr, sqlite3 *db, sqlite3 **ppMem){
  sqlite3 *dbMem = ormDeclMemDb(pErr, db);
  /* One transaction: each CREATE alone would commit on its own. */
  ormExec(pErr, dbMem, "BEGIN");
  ormDeclReplay(pErr, db, dbMem, 0, 1);
  ormDeclReplay(pErr, db, dbMem, 0, 0);
  ormExec(pErr, dbMem, "COMMIT");
  if( pErr->rc ){
    sqlite3_close(dbMem);
    dbMem = 0;
  }
  *ppMem = dbMem;
}

/*
** Split zSql into statements (OrmStmtIter; each a new string appended to
** pStmts, with the spaces and comments before it) and check that each is
** a CREATE TABLE/INDEX/VIEW/TRIGGER of the main schema.
** Their names go to pNames.
*/
static void ormDeclSplit(OrmErr *pErr, const char *zSql, OrmStrList *pStmts,
                         OrmStrList *pNames){
  OrmStmtIter it;
  ormNormStmtInit(&it, zSql);
  while( pErr->rc==SQLITE_OK && ormNormStmtNext(&it) ){
    char *zStmt = ormMprintf(pErr, "%.*s", it.nPiece, it.zPiece);
    char *zNorm;
    if( ORM_OOM(zStmt==0) ) return;
    zNorm = ormNormSql(zStmt, -1);
    if( zNorm==0 ){
      sqlite3_free(zStmt);
      ormErrOom(pErr);
      return;
    }
    if( zNorm[0] ){
      OrmCreate c;
      /* No error is recorded before this (the loop's condition). */
      if( ORM_OOM(ormNormCreate(zStmt, &c)!=0) ){
        ormErrOom(pErr);
      }else if( c.eType==0 || c.bTemp || c.bVirtual || c.bSchema ){
        ormErrSet(pErr, SQLITE_ERROR,
            "statement %d is not a CREATE TABLE, INDEX,"
            " VIEW or TRIGGER of the main schema: %.60s%s",
            pStmts->n+1, zNorm, strlen(zNorm)>60 ? "..." : "");
      }else if( sqlite3_strnicmp(c.zName, ORM_PREFIX, 5)==0 ){
        ormErrSet(pErr, SQLITE_ERROR,
            "the name \"%s\" is reserved: names starting"
            " with " ORM_PREFIX " belong to ormext's bookkeeping", c.zName);
      }else if( ormListFind(pNames, c.zName)>=0 ){
        ormErrSet(pErr, SQLITE_ERROR,
            "\"%s\" is declared twice in one call", c.zName);
      }
      if( pErr->rc==SQLITE_OK ){
        ormListAdd(pErr, pNames, c.zName);
        ormListAddOwned(pErr, pStmts, zStmt);
        zStmt = 0;
      }
      sqlite3_free(c.zName);
    }
    sqlite3_free(zNorm);
    sqlite3_free(zStmt);
  }
}

/*
** Validate the statements of zSql against the other declarations and
** store them.  Returns the number of objects declared.  The caller holds
** the write transaction (ormTxnBegin()), so that the declarations read
** are the ones written over.
*/
static int ormDeclare(OrmErr *pErr, sqlite3 *db, const char *zSql){
  OrmStrList stmts = {0, 0, 0, 0, 0};
  OrmStrList names = {0, 0, 0, 0, 0};
  sqlite3 *dbMem = 0;
  int i;
  ormDeclSplit(pErr, zSql, &stmts, &names);
  if( pErr->rc==SQLITE_OK && stmts.n==0 ){
    ormErrSet(pErr, SQLITE_ERROR,
        "no statement given; pass CREATE TABLE, INDEX, VIEW"
        " or TRIGGER statements");
  }
  dbMem = ormDeclMemDb(pErr, db);
  ormDeclReplay(pErr, db, dbMem, &names, 1);
  for(i=0; i<stmts.n && pErr->rc==SQLITE_OK; i++){
    char *zErr = 0;
    int rc = ormGuardCreate(dbMem, stmts.az[i], 0, &zErr);
    if( rc ){
      /* Out of memory stays SQLITE_NOMEM, the rest is the statement's. */
      ormErrSet(pErr, (rc & 0xff)==SQLITE_NOMEM ? SQLITE_NOMEM : SQLITE_ERROR,
                "\"%s\": %s", names.az[i],
                zErr ? zErr : "error");
    }
    sqlite3_free(zErr);
  }
  ormDeclReplay(pErr, db, dbMem, &names, 0);

  /* Store them, as SQLite keeps them (the caller's transaction makes
  ** them one change). */
  if( pErr->rc==SQLITE_OK ){
    ormStoreCreate(pErr, db);
    for(i=0; i<names.n && pErr->rc==SQLITE_OK; i++){
      sqlite3_stmt *pStmt = ormPrepare(pErr, dbMem,
          "SELECT type, tbl_name, sql FROM sqlite_schema WHERE name=%Q"
          " COLLATE NOCASE", names.az[i]);
      if( ormStep(pErr, pStmt) ){
        ormExecf(pErr, db,
            "INSERT INTO main._orm_model(name, type, tbl_name, sql, seq)"
            " VALUES(%Q, %Q, %Q, %Q,"
            "  (SELECT coalesce(max(seq), 0)+1 FROM main._orm_model))"
            " ON CONFLICT(name) DO UPDATE SET name=excluded.name,"
            "  type=excluded.type, tbl_name=excluded.tbl_name,"
            "  sql=excluded.sql",
            names.az[i], (const char*)sqlite3_column_text(pStmt, 0),
            (const char*)sqlite3_column_text(pStmt, 1),
            (const char*)sqlite3_column_text(pStmt, 2));
      }
      ormFinalize(pErr, pStmt);
    }
  }
  sqlite3_close(dbMem);
  ormListFree(&stmts);
  i = names.n;
  ormListFree(&names);
  return i;
}

/*
** Return 1 if the n bytes at z are well-formed UTF-8 without a NUL byte
** (no overlong forms, no surrogates, nothing above U+10FFFF), else 0.
*/
static int ormDeclIsUtf8(const unsigned char *z, sqlite3_int64 n){
  sqlite3_int64 i = 0;
  while( i<n ){
    unsigned char c = z[i];
    int nMore, k;
    unsigned int cp;
    if( c==0 ) return 0;
    if( c<0x80 ){ i++; continue; }
    if( c>=0xC2 && c<=0xDF ){ nMore = 1; cp = c & 0x1F; }
    else if( c>=0xE0 && c<=0xEF ){ nMore = 2; cp = c & 0x0F; }
    else if( c>=0xF0 && c<=0xF4 ){ nMore = 3; cp = c & 0x07; }
    else return 0;
    if( i+nMore>=n ) return 0;
    for(k=1; k<=nMore; k++){
      if( (z[i+k] & 0xC0)!=0x80 ) return 0;
      cp = (cp<<6) | (z[i+k] & 0x3F);
    }
    if( (nMore==2 && (cp<0x800 || (cp>=0xD800 && cp<=0xDFFF)))
     || (nMore==3 && (cp<0x10000 || cp>0x10FFFF)) ){
      return 0;
    }
    i += 1+nMore;
  }
  return 1;
}

/*
** orm_declare(sql, 'replace-all'): make the declarations exactly the
** statements of sql (a models file): every other declaration is
** forgotten, in the same transaction.  Returns the number of objects
** declared.
*/
static int ormDeclareAll(OrmErr *pErr, sqlite3 *db, const char *zSql){
  if( ormStoreExists(pErr, db) ){
    ormExec(pErr, db, "DELETE FROM main._orm_model");
  }
  return pErr->rc ? 0 : ormDeclare(pErr, db, zSql);
}

/*
** The SQL argument of orm_declare(): text, or a
** blob that is UTF-8 text, as readfile('schema.sql') returns it.  The
** caller frees the result with sqlite3_free(); 0 on error.  Its one
** caller asks first, without an error.
*/
static char *ormDeclArgSql(OrmErr *pErr, const char *zFunc,
                           sqlite3_value *pArg){
  char *zSql = 0;
  if( sqlite3_value_type(pArg)==SQLITE_BLOB ){
    const unsigned char *a = sqlite3_value_blob(pArg);
    sqlite3_int64 n = sqlite3_value_bytes(pArg);
    /* A UTF-8 byte-order mark, as some editors write, is not SQL. */
    if( n>=3 && a[0]==0xEF && a[1]==0xBB && a[2]==0xBF ){ a += 3; n -= 3; }
    if( !ormDeclIsUtf8(a, n) ){
      ormErrSet(pErr, SQLITE_MISMATCH,
          "%s: argument 1 is a blob that is not UTF-8 text; save the"
          " schema file as UTF-8 (or pass the statements as text)", zFunc);
      return 0;
    }
    zSql = sqlite3_malloc64(n+1);
    if( zSql==0 ){ ormErrOom(pErr); return 0; }
    if( n ) memcpy(zSql, a, (size_t)n);
    zSql[n] = 0;
    return zSql;
  }
  return ormStrdup(pErr, ormArgText(pErr, zFunc, &pArg, 0,
                                    "CREATE statements"));
}

/*
** True if pArg is the option 'replace-all'.  No column definition reads
** so (the hyphen is a syntax error there), so orm_declare(model, coldef)
** never means it.
*/
static int ormDeclIsReplaceAll(sqlite3_value *pArg){
  return sqlite3_value_type(pArg)==SQLITE_TEXT
      && sqlite3_stricmp((const char*)sqlite3_value_text(pArg),
                         "replace-all")==0;
}

/*
** orm_declare(sql[, 'replace-all']) or orm_declare(model, coldef, ...):
** declare models.
** Returns the number of objects declared.
*/
void ormDeclDeclareFunc(sqlite3_context *pCtx, int nArg,
                        sqlite3_value **apArg){
  if( ormGuardDirect(pCtx, "orm_declare") ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  char *zSql = 0;
  int n = 0;
  int bAll = 0;
  if( nArg==0 ){
    ormErrSet(&err, SQLITE_ERROR,
        "orm_declare: expected CREATE statements, or a model name and"
        " column definitions");
  }else if( nArg==1 || (nArg==2 && ormDeclIsReplaceAll(apArg[1])) ){
    bAll = nArg==2;
    zSql = ormDeclArgSql(&err, "orm_declare", apArg[0]);
  }else{
    const char *zModel = ormArgText(&err, "orm_declare", apArg, 0,
                                    "the model name");
    sqlite3_str *pOut = sqlite3_str_new(0);
    int i;
    sqlite3_str_appendf(pOut, "CREATE TABLE \"%w\"(", zModel ? zModel : "");
    for(i=1; i<nArg; i++){
      const char *zDef = ormArgText(&err, "orm_declare", apArg, i,
                                    "a column definition");
      if( zDef && zDef[0]==0 ){
        ormErrSet(&err, SQLITE_ERROR,
            "orm_declare: argument %d is empty; give a column definition"
            " such as 'name TEXT NOT NULL'", i+1);
      }
      sqlite3_str_appendf(pOut, "%s%s", i>1 ? ", " : "", zDef ? zDef : "");
    }
    sqlite3_str_appendchar(pOut, 1, ')');
    zSql = sqlite3_str_finish(pOut);
    if( zSql==0 ) ormErrOom(&err);
    if( err.rc==SQLITE_OK && zModel[0]==0 ){
      ormErrSet(&err, SQLITE_ERROR,
          "orm_declare: the model name is empty");
    }
  }
  if( err.rc==SQLITE_OK ){
    OrmTxn txn;
    ormTxnBegin(&err, &txn, p, "orm_declare");
    if( err.rc==SQLITE_OK ){
      n = bAll ? ormDeclareAll(&err, p->db, zSql)
               : ormDeclare(&err, p->db, zSql);
    }
    ormTxnEnd(&err, &txn);
  }
  sqlite3_free(zSql);
  if( err.rc==SQLITE_OK ) sqlite3_result_int(pCtx, n);
  ormErrResult(&err, pCtx, "orm_declare");
}

/*
** orm_undeclare([name]): forget one declaration (a table takes its
** indexes and triggers along), or all of them.  Returns how many.
*/
void ormDeclUndeclareFunc(sqlite3_context *pCtx, int nArg,
                          sqlite3_value **apArg){
  if( ormGuardDirect(pCtx, "orm_undeclare") ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  OrmTxn txn;
  const char *zName = 0;
  int n = 0;
  if( nArg==1 ){
    zName = ormArgText(&err, "orm_undeclare", apArg, 0, "a declared name");
  }
  ormTxnBegin(&err, &txn, p, "orm_undeclare");
  if( err.rc==SQLITE_OK && ormStoreExists(&err, p->db) ){
    if( zName ){
      /* A table takes its indexes and triggers along. */
      int bTable = ormQueryInt(&err, p->db,
          "SELECT count(*) FROM main._orm_model WHERE name=%Q"
          " AND type='table'", zName)>0;
      ormExecf(&err, p->db,
          "DELETE FROM main._orm_model WHERE name=%Q OR (%d AND tbl_name=%Q"
          " AND type IN ('index', 'trigger'))", zName, bTable, zName);
    }else{
      ormExec(&err, p->db, "DELETE FROM main._orm_model");
    }
    n = sqlite3_changes(p->db);
  }
  if( err.rc==SQLITE_OK && zName && n==0 ){
    ormErrSet(&err, SQLITE_ERROR,
        "orm_undeclare: nothing is declared as \"%s\"; see"
        " SELECT DISTINCT model FROM orm_model_meta", zName);
  }
  ormTxnEnd(&err, &txn);
  if( err.rc==SQLITE_OK ) sqlite3_result_int(pCtx, n);
  ormErrResult(&err, pCtx, "orm_undeclare");
}

/*
** orm_rename(old_table, new_table) or orm_rename(table, old_column,
** new_column): a hint for the next orm_migrate() to rename instead of
** dropping and adding.  Returns 1.
*/
void ormDeclRenameFunc(sqlite3_context *pCtx, int nArg,
                       sqlite3_value **apArg){
  if( ormGuardDirect(pCtx, "orm_rename") ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  OrmTxn txn;
  const char *zTab = nArg==3 ? ormArgText(&err, "orm_rename", apArg, 0,
                                          "the table's declared name") : "";
  const char *zOld = ormArgText(&err, "orm_rename", apArg, nArg-2,
                                "the old name");
  const char *zNew = ormArgText(&err, "orm_rename", apArg, nArg-1,
                                "the new name");
  if( err.rc==SQLITE_OK && (zOld[0]==0 || zNew[0]==0
                            || (nArg==3 && zTab[0]==0)) ){
    ormErrSet(&err, SQLITE_ERROR, "orm_rename: names must not be empty");
  }
  if( err.rc==SQLITE_OK && sqlite3_stricmp(zOld, zNew)==0 ){
    ormErrSet(&err, SQLITE_ERROR,
        "orm_rename: old and new name are the same (\"%s\")", zOld);
  }
  ormTxnBegin(&err, &txn, p, "orm_rename");
  ormStoreCreate(&err, p->db);
  ormExecf(&err, p->db,
      "INSERT OR REPLACE INTO main._orm_rename(tbl, old, new)"
      " VALUES(%Q, %Q, %Q)", zTab, zOld, zNew);
  ormTxnEnd(&err, &txn);
  if( err.rc==SQLITE_OK ) sqlite3_result_int(pCtx, 1);
  ormErrResult(&err, pCtx, "orm_rename");
}
