/*
** schema.c - read a database schema by introspection into an OrmSchema.
**
** Everything compared later comes from SQLite's own PRAGMAs (table_list,
** table_xinfo, index_list, index_xinfo, foreign_key_list), plus the few
** things no PRAGMA shows (COLLATE, CHECK, generated expressions,
** AUTOINCREMENT), read from the CREATE text by norm.c.  Each table and
** column gets a normalised signature string: two objects are the same
** when their signatures are equal, however their SQL was spelled.
**
**   OrmSchema s = {0};
**   ormSchemaLoad(&err, db, "main", &s);
**   ... s.aObj[i].zSig ...
**   ormSchemaFree(&s);
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <stdlib.h>
#include <string.h>

static int ormCmpStr(const void *a, const void *b){
  return strcmp(*(char*const*)a, *(char*const*)b);
}

/* Sort the list and join it with ", " into a new string. */
static char *ormJoinSorted(OrmErr *pErr, OrmStrList *p){
  sqlite3_str *pOut;
  int i;
  if( pErr->rc ) return 0;
  if( p->n>1 ) qsort(p->az, p->n, sizeof(char*), ormCmpStr);
  pOut = sqlite3_str_new(0);
  for(i=0; i<p->n; i++){
    sqlite3_str_appendf(pOut, "%s%s", i ? ", " : "", p->az[i]);
  }
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  {
    char *z = sqlite3_str_finish(pOut);
    if( z==0 && pErr->rc==SQLITE_OK ) z = ormStrdup(pErr, "");
    return z;
  }
}

/* Normalised text of z, or "" for NULL; optionally without outer parens. */
static char *ormNormOrEmpty(OrmErr *pErr, const char *z, int bStrip){
  char *zNorm, *zRet;
  if( pErr->rc ) return 0;
  if( z==0 ) return ormStrdup(pErr, "");
  zNorm = ormNormSql(z, -1);
  if( zNorm==0 ){ ormErrOom(pErr); return 0; }
  if( !bStrip ) return zNorm;
  zRet = ormNormStrip(zNorm);
  sqlite3_free(zNorm);
  if( zRet==0 ) ormErrOom(pErr);
  return zRet;
}

/* Signatures of the table's UNIQUE/PRIMARY KEY constraint indexes. */
static char *ormTableKeys(OrmErr *pErr, sqlite3 *db, const char *zDb,
                          const char *zTab){
  OrmStrList aSig = {0, 0, 0};
  char *zRet;
  sqlite3_stmt *pList = ormPrepare(pErr, db,
      "SELECT name, \"unique\", origin FROM pragma_index_list(%Q, %Q)"
      " WHERE origin<>'c' ORDER BY name", zTab, zDb);
  while( ormStep(pErr, pList) ){
    const char *zIdx = (const char*)sqlite3_column_text(pList, 0);
    sqlite3_str *pOut = sqlite3_str_new(0);
    sqlite3_stmt *pCol = ormPrepare(pErr, db,
        "SELECT coalesce(lower(name), cid), \"desc\", lower(coll)"
        " FROM pragma_index_xinfo(%Q, %Q) WHERE key ORDER BY seqno",
        zIdx, zDb);
    sqlite3_str_appendf(pOut, "%s%s(",
        (const char*)sqlite3_column_text(pList, 2),
        sqlite3_column_int(pList, 1) ? " unique" : "");
    while( ormStep(pErr, pCol) ){
      sqlite3_str_appendf(pOut, "%s %s %s,",
          (const char*)sqlite3_column_text(pCol, 0),
          sqlite3_column_int(pCol, 1) ? "desc" : "asc",
          (const char*)sqlite3_column_text(pCol, 2));
    }
    ormFinalize(pErr, pCol);
    sqlite3_str_appendchar(pOut, 1, ')');
    ormListAddOwned(pErr, &aSig, sqlite3_str_finish(pOut));
  }
  ormFinalize(pErr, pList);
  zRet = ormJoinSorted(pErr, &aSig);
  ormListFree(&aSig);
  return zRet;
}

/* Signatures of the table's foreign keys, one per constraint. */
static char *ormTableFks(OrmErr *pErr, sqlite3 *db, const char *zDb,
                         const char *zTab){
  OrmStrList aSig = {0, 0, 0};
  sqlite3_str *pOut = 0;
  int iPrevId = -1;
  char *zRet;
  sqlite3_stmt *pStmt = ormPrepare(pErr, db,
      "SELECT id, lower(\"table\"), lower(\"from\"), lower(\"to\"),"
      " on_update, on_delete, \"match\""
      " FROM pragma_foreign_key_list(%Q, %Q) ORDER BY id, seq", zTab, zDb);
  while( ormStep(pErr, pStmt) ){
    int iId = sqlite3_column_int(pStmt, 0);
    if( iId!=iPrevId ){
      if( pOut ) ormListAddOwned(pErr, &aSig, sqlite3_str_finish(pOut));
      pOut = sqlite3_str_new(0);
      sqlite3_str_appendf(pOut, "%s on update %s on delete %s match %s:",
          (const char*)sqlite3_column_text(pStmt, 1),
          (const char*)sqlite3_column_text(pStmt, 4),
          (const char*)sqlite3_column_text(pStmt, 5),
          (const char*)sqlite3_column_text(pStmt, 6));
      iPrevId = iId;
    }
    sqlite3_str_appendf(pOut, " %s->%s",
        (const char*)sqlite3_column_text(pStmt, 2),
        sqlite3_column_type(pStmt, 3)==SQLITE_NULL ? "pk"
            : (const char*)sqlite3_column_text(pStmt, 3));
  }
  ormFinalize(pErr, pStmt);
  if( pOut ) ormListAddOwned(pErr, &aSig, sqlite3_str_finish(pOut));
  zRet = ormJoinSorted(pErr, &aSig);
  ormListFree(&aSig);
  return zRet;
}

/* Find the parsed text of column zName, or NULL. */
static OrmColText *ormFindColText(OrmTableText *pText, const char *zName){
  int i;
  for(i=0; i<pText->nCol; i++){
    if( sqlite3_stricmp(pText->aCol[i].zName, zName)==0 ){
      return &pText->aCol[i];
    }
  }
  return 0;
}

/* Fill the table-only fields of pObj (a table of database zDb). */
static void ormLoadTable(OrmErr *pErr, sqlite3 *db, const char *zDb,
                         OrmObject *pObj){
  OrmTableText text;
  sqlite3_stmt *pStmt;
  char *zKeys, *zFks;
  int nPk = 0;
  int bStrict = 0;
  int iCol = 0;
  if( ormNormTable(pObj->zSql, &text)==SQLITE_NOMEM ) ormErrOom(pErr);
  pObj->bAutoinc = text.bAutoinc;
  pObj->iIpk = -1;

  pStmt = ormPrepare(pErr, db, "PRAGMA \"%w\".table_list(%Q)", zDb,
                     pObj->zName);
  if( ormStep(pErr, pStmt) ){
    pObj->bWithoutRowid = sqlite3_column_int(pStmt, 4);
    bStrict = sqlite3_column_int(pStmt, 5);
  }
  ormFinalize(pErr, pStmt);

  pObj->nCol = (int)ormQueryInt(pErr, db,
      "SELECT count(*) FROM pragma_table_xinfo(%Q, %Q)", pObj->zName, zDb);
  pObj->aCol = ormMalloc(pErr, sizeof(OrmColumn)*(pObj->nCol+1));
  pStmt = ormPrepare(pErr, db,
      "SELECT name, type, \"notnull\", dflt_value, pk, hidden"
      " FROM pragma_table_xinfo(%Q, %Q) ORDER BY cid", pObj->zName, zDb);
  while( pObj->aCol && iCol<pObj->nCol && ormStep(pErr, pStmt) ){
    OrmColumn *pCol = &pObj->aCol[iCol++];
    OrmColText *pText;
    char *zType, *zDflt;
    pCol->zName = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt,0));
    pCol->zType = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt,1));
    pCol->bNotNull = sqlite3_column_int(pStmt, 2);
    pCol->zDflt = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt,3));
    pCol->iPk = sqlite3_column_int(pStmt, 4);
    pCol->eHidden = sqlite3_column_int(pStmt, 5);
    if( pCol->iPk ) nPk++;
    if( pCol->zName==0 ) break;
    pText = ormFindColText(&text, pCol->zName);
    pCol->zDef = ormStrdup(pErr, pText ? pText->zDef : pCol->zName);
    zType = ormNormOrEmpty(pErr, pCol->zType, 0);
    zDflt = ormNormOrEmpty(pErr, pCol->zDflt, 1);
    pCol->zSig = ormMprintf(pErr,
        "type=%s notnull=%d default=%s pk=%d hidden=%d collate=%s"
        " check=%s generated=%s",
        zType ? zType : "", pCol->bNotNull, zDflt ? zDflt : "", pCol->iPk,
        pCol->eHidden,
        pText && pText->zColl ? pText->zColl : "binary",
        pText && pText->zCheck ? pText->zCheck : "",
        pText && pText->zGen ? pText->zGen : "");
    sqlite3_free(zType);
    sqlite3_free(zDflt);
  }
  ormFinalize(pErr, pStmt);

  if( nPk==1 && !pObj->bWithoutRowid ){
    int i;
    for(i=0; i<pObj->nCol; i++){
      OrmColumn *pCol = &pObj->aCol[i];
      if( pCol->iPk && pCol->zType && sqlite3_stricmp(pCol->zType,
                                                       "integer")==0 ){
        pObj->iIpk = i;
      }
    }
  }

  zKeys = ormTableKeys(pErr, db, zDb, pObj->zName);
  zFks = ormTableFks(pErr, db, zDb, pObj->zName);
  pObj->zSig = ormMprintf(pErr,
      "without_rowid=%d strict=%d autoincrement=%d checks=%s keys=%s fks=%s",
      pObj->bWithoutRowid, bStrict, pObj->bAutoinc,
      text.zChecks ? text.zChecks : "", zKeys, zFks);
  sqlite3_free(zKeys);
  sqlite3_free(zFks);
  ormNormTableFree(&text);
}

/* Append a zeroed object to the schema; NULL on OOM. */
static OrmObject *ormSchemaAppend(OrmErr *pErr, OrmSchema *p){
  if( pErr->rc ) return 0;
  if( p->nObj>=p->nAlloc ){
    int nNew = p->nAlloc ? p->nAlloc*2 : 16;
    OrmObject *aNew = sqlite3_realloc64(p->aObj, nNew*sizeof(OrmObject));
    if( aNew==0 ){ ormErrOom(pErr); return 0; }
    p->aObj = aNew;
    p->nAlloc = nNew;
  }
  memset(&p->aObj[p->nObj], 0, sizeof(OrmObject));
  return &p->aObj[p->nObj++];
}

/*
** Load every user object of database zDb ("main", or the private model
** database's "main") into *p, which must be zeroed.  SQLite's internal
** objects and the extension's own "_orm_" tables are left out.  Objects
** come tables first, then indexes, views and triggers, each in creation
** order.  On error *p holds what was read; free it with ormSchemaFree().
*/
void ormSchemaLoad(OrmErr *pErr, sqlite3 *db, const char *zDb, OrmSchema *p){
  ormSchemaLoadOne(pErr, db, zDb, 0, p);
}

/*
** As ormSchemaLoad(), but only the object called zName when it is not
** NULL (the tables of a large schema are then not read at all).
*/
void ormSchemaLoadOne(OrmErr *pErr, sqlite3 *db, const char *zDb,
                      const char *zName, OrmSchema *p){
  sqlite3_stmt *pStmt = ormPrepare(pErr, db,
      "SELECT type, name, tbl_name, sql FROM \"%w\".sqlite_schema"
      " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%%' ESCAPE '\\'"
      "   AND name NOT LIKE '\\_orm\\_%%' ESCAPE '\\'"
      "   AND sql NOT LIKE 'CREATE VIRTUAL%%'"
      "   AND (%Q IS NULL OR name=%Q)"
      " ORDER BY CASE type WHEN 'table' THEN 1 WHEN 'index' THEN 2"
      "   WHEN 'view' THEN 3 ELSE 4 END, rowid", zDb, zName, zName);
  while( ormStep(pErr, pStmt) ){
    const char *zType = (const char*)sqlite3_column_text(pStmt, 0);
    OrmObject *pObj = ormSchemaAppend(pErr, p);
    if( pObj==0 ) break;
    pObj->eType = zType[0]=='t' ? (zType[1]=='a' ? ORM_OBJ_TABLE
                                                 : ORM_OBJ_TRIGGER)
                : zType[0]=='i' ? ORM_OBJ_INDEX : ORM_OBJ_VIEW;
    pObj->zName = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 1));
    pObj->zTbl = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 2));
    pObj->zSql = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 3));
    pObj->iIpk = -1;
  }
  ormFinalize(pErr, pStmt);
  if( pErr->rc==SQLITE_OK ){
    int i;
    for(i=0; i<p->nObj && pErr->rc==SQLITE_OK; i++){
      OrmObject *pObj = &p->aObj[i];
      if( pObj->eType==ORM_OBJ_TABLE ){
        ormLoadTable(pErr, db, zDb, pObj);
      }else{
        pObj->zSig = ormNormOrEmpty(pErr, pObj->zSql, 0);
      }
    }
  }
}

static void ormObjectFree(OrmObject *pObj){
  int i;
  for(i=0; i<pObj->nCol && pObj->aCol; i++){
    OrmColumn *pCol = &pObj->aCol[i];
    sqlite3_free(pCol->zName);
    sqlite3_free(pCol->zType);
    sqlite3_free(pCol->zDflt);
    sqlite3_free(pCol->zDef);
    sqlite3_free(pCol->zSig);
  }
  sqlite3_free(pObj->aCol);
  sqlite3_free(pObj->zName);
  sqlite3_free(pObj->zTbl);
  sqlite3_free(pObj->zSql);
  sqlite3_free(pObj->zSig);
}

void ormSchemaFree(OrmSchema *p){
  int i;
  for(i=0; i<p->nObj; i++) ormObjectFree(&p->aObj[i]);
  sqlite3_free(p->aObj);
  memset(p, 0, sizeof(*p));
}

/* The object called zName (any case), or NULL. */
OrmObject *ormSchemaFind(const OrmSchema *p, const char *zName){
  int i;
  for(i=0; i<p->nObj; i++){
    if( sqlite3_stricmp(p->aObj[i].zName, zName)==0 ) return &p->aObj[i];
  }
  return 0;
}

/* The column zName of table pTab (any case), or NULL. */
OrmColumn *ormSchemaColumn(const OrmObject *pTab, const char *zName){
  int i;
  for(i=0; i<pTab->nCol; i++){
    if( sqlite3_stricmp(pTab->aCol[i].zName, zName)==0 ){
      return &pTab->aCol[i];
    }
  }
  return 0;
}

/*
** Keep in p only the objects whose name is in pNames.  The others move to
** pRest (zeroed by the caller) when it is not NULL, else they are freed.
*/
void ormSchemaKeep(OrmSchema *p, const OrmStrList *pNames,
                   OrmSchema *pRest){
  OrmErr err = {0, 0};
  int i, j = 0;
  for(i=0; i<p->nObj; i++){
    OrmObject *pMoved;
    if( ormListFind(pNames, p->aObj[i].zName)>=0 ){
      p->aObj[j++] = p->aObj[i];
    }else if( pRest && (pMoved = ormSchemaAppend(&err, pRest))!=0 ){
      *pMoved = p->aObj[i];
    }else{
      ormObjectFree(&p->aObj[i]);
    }
  }
  p->nObj = j;
  ormErrClear(&err);
}

/*
** Open a private in-memory database holding the schema (no rows) of
** database zDb of dbFrom: a scratch copy on which planned SQL can be
** tried.  Objects that cannot be recreated there (virtual tables, say)
** are skipped.  The caller closes *ppOut with sqlite3_close().
*/
void ormSchemaClone(OrmErr *pErr, sqlite3 *dbFrom, const char *zDb,
                    sqlite3 **ppOut){
  sqlite3 *dbNew = 0;
  sqlite3_stmt *pStmt;
  *ppOut = 0;
  if( pErr->rc ) return;
  if( sqlite3_open_v2(":memory:", &dbNew, SQLITE_OPEN_READWRITE
                       | SQLITE_OPEN_CREATE, 0)!=SQLITE_OK ){
    ormErrSet(pErr, SQLITE_NOMEM, "cannot open a scratch database");
    sqlite3_close(dbNew);
    return;
  }
  pStmt = ormPrepare(pErr, dbFrom,
      "SELECT sql FROM \"%w\".sqlite_schema"
      " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%%' ESCAPE '\\'"
      " ORDER BY CASE type WHEN 'table' THEN 1 WHEN 'index' THEN 2"
      "   WHEN 'view' THEN 3 ELSE 4 END, rowid", zDb);
  while( ormStep(pErr, pStmt) ){
    /* Errors are ignored: what cannot be copied is not ours to plan. */
    sqlite3_exec(dbNew, (const char*)sqlite3_column_text(pStmt, 0), 0, 0, 0);
  }
  ormFinalize(pErr, pStmt);
  if( pErr->rc ){
    sqlite3_close(dbNew);
    return;
  }
  *ppOut = dbNew;
}
