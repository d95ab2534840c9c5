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

static void ormObjectCopy(OrmErr*, OrmObject*, const OrmObject*);
static void ormDeepen(OrmErr*, sqlite3*, const char*, OrmSchema*,
                      const unsigned char*, int);

/* ORM_OBJ_* of a sqlite_schema type: "table", "index", "view", "trigger". */
static int ormSchemaType(const char *zType){
  if( zType==0 ) return ORM_OBJ_VIEW;
  return zType[0]=='t' ? (zType[1]=='a' ? ORM_OBJ_TABLE : ORM_OBJ_TRIGGER)
       : zType[0]=='i' ? ORM_OBJ_INDEX : ORM_OBJ_VIEW;
}

static int ormCmpStr(const void *a, const void *b){
  return strcmp(*(char*const*)a, *(char*const*)b);
}

/* Sort the list and join it with ", " into a new string. */
char *ormSchemaJoinSorted(OrmErr *pErr, OrmStrList *p){
  sqlite3_str *pOut;
  int i;
  if( pErr->rc ) return 0;
  if( p->n>1 ){
    qsort(p->az, p->n, sizeof(char*), ormCmpStr);
    ormListRehash(p);
  }
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

/*
** What the bulk queries gather for one table before its signature is
** made.  One per object (unused for non-tables).
*/
typedef struct OrmTableAcc OrmTableAcc;
struct OrmTableAcc {
  int bStrict;
  int nColAlloc;                  /* Slots allocated in OrmObject.aCol */
  OrmStrList keys;                /* UNIQUE/PRIMARY KEY index signatures */
  OrmStrList fks;                 /* Foreign key signatures */
};

/*
** The WHERE terms that pick the user tables of zDb (alias m): all of them
** when aWant is NULL, else the tables of p marked in aWant (then by name
** alone: those are user tables already).  NULL when aWant marks no table.
** The caller frees the result.
*/
static char *ormTableFilter(OrmErr *pErr, const char *zDb,
                            const OrmSchema *p, const unsigned char *aWant){
  sqlite3_str *pOut;
  char *z;
  int i, nTab = 0;
  if( pErr->rc ) return 0;
  pOut = sqlite3_str_new(0);
  if( aWant==0 ){
    sqlite3_str_appendf(pOut, "m.type='table' AND " ORM_USER_OBJECT, zDb);
  }else{
    sqlite3_str_appendall(pOut, "m.name IN (");
    for(i=0; i<p->nObj; i++){
      if( !aWant[i] || p->aObj[i].eType!=ORM_OBJ_TABLE ) continue;
      sqlite3_str_appendf(pOut, "%s%Q", nTab++ ? "," : "", p->aObj[i].zName);
    }
    sqlite3_str_appendall(pOut, ") AND m.type='table'");
  }
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  z = sqlite3_str_finish(pOut);
  if( pErr->rc || (aWant && nTab==0) ){
    sqlite3_free(z);
    z = 0;
  }
  return z;
}

/*
** Step pStmt, whose first column is a table name, and return the object
** of that name: tables come in schema order, so *piObj only moves on.
*/
static OrmObject *ormNextTableRow(OrmErr *pErr, sqlite3_stmt *pStmt,
                                  OrmSchema *p, int *piObj){
  const char *zTab;
  if( !ormStep(pErr, pStmt) ) return 0;
  zTab = (const char*)sqlite3_column_text(pStmt, 0);
  while( *piObj<p->nObj && (p->aObj[*piObj].eType!=ORM_OBJ_TABLE
         || strcmp(p->aObj[*piObj].zName, zTab)) ){
    (*piObj)++;
  }
  if( *piObj>=p->nObj ){
    /* Out of order (should not happen): fall back to a search. */
    OrmObject *pObj = ormSchemaFind(p, zTab);
    if( pObj==0 ) ormErrSet(pErr, SQLITE_INTERNAL, "lost table %s", zTab);
    *piObj = pObj ? (int)(pObj - p->aObj) : 0;
    return pObj;
  }
  return &p->aObj[*piObj];
}

/* Append one column row (name, type, notnull, dflt, pk, hidden). */
static void ormAddColumn(OrmErr *pErr, OrmObject *pObj, OrmTableAcc *pAcc,
                         sqlite3_stmt *pStmt){
  OrmColumn *pCol;
  if( pObj->nCol>=pAcc->nColAlloc ){
    int nNew = pAcc->nColAlloc ? pAcc->nColAlloc*2 : 16;
    OrmColumn *aNew = sqlite3_realloc64(pObj->aCol, nNew*sizeof(OrmColumn));
    if( aNew==0 ){ ormErrOom(pErr); return; }
    pObj->aCol = aNew;
    pAcc->nColAlloc = nNew;
  }
  pCol = &pObj->aCol[pObj->nCol++];
  memset(pCol, 0, sizeof(*pCol));
  pCol->zName = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 1));
  pCol->zType = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 2));
  pCol->bNotNull = sqlite3_column_int(pStmt, 3);
  pCol->zDflt = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 4));
  pCol->iPk = sqlite3_column_int(pStmt, 5);
  pCol->eHidden = sqlite3_column_int(pStmt, 6);
  if( pCol->zName==0 ) ormErrOom(pErr);
}

/* Make the signatures of table pObj from what was gathered. */
static void ormFinishTable(OrmErr *pErr, OrmObject *pObj, OrmTableAcc *pAcc){
  OrmTableText text;
  char *zKeys, *zFks, *zClauses = 0;
  int i, nPk = 0;
  if( ormNormTable(pObj->zSql, &text)==SQLITE_NOMEM ) ormErrOom(pErr);
  pObj->bAutoinc = text.bAutoinc;
  pObj->bStrict = pAcc->bStrict;
  for(i=0; i<pObj->nCol && pErr->rc==SQLITE_OK; i++){
    OrmColumn *pCol = &pObj->aCol[i];
    OrmColText *pText = ormFindColText(&text, pCol->zName);
    char *zType = ormNormOrEmpty(pErr, pCol->zType, 0);
    char *zDflt = ormNormOrEmpty(pErr, pCol->zDflt, 1);
    if( pCol->iPk ) nPk++;
    pCol->zDef = ormStrdup(pErr, pText ? pText->zDef : pCol->zName);
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
  if( nPk==1 && !pObj->bWithoutRowid ){
    for(i=0; i<pObj->nCol; i++){
      OrmColumn *pCol = &pObj->aCol[i];
      if( pCol->iPk && pCol->zType
       && sqlite3_stricmp(pCol->zType, "integer")==0 ){
        pObj->iIpk = i;
      }
    }
  }
  zKeys = ormSchemaJoinSorted(pErr, &pAcc->keys);
  zFks = ormSchemaJoinSorted(pErr, &pAcc->fks);
  if( text.zClauses ){
    /* In any order: split the "; "-separated clauses and sort them. */
    OrmStrList defer = {0, 0, 0, 0, 0};
    const char *z = text.zClauses;
    for(;;){
      const char *zSep = strstr(z, "; ");
      ormListAddOwned(pErr, &defer, ormMprintf(pErr, "%.*s",
                      zSep ? (int)(zSep - z) : (int)strlen(z), z));
      if( zSep==0 ) break;
      z = zSep + 2;
    }
    zClauses = ormSchemaJoinSorted(pErr, &defer);
    ormListFree(&defer);
  }
  pObj->zSigBase = ormMprintf(pErr,
      "without_rowid=%d strict=%d autoincrement=%d checks=%s keys=%s"
      " clauses=%s",
      pObj->bWithoutRowid, pAcc->bStrict, pObj->bAutoinc,
      text.zChecks ? text.zChecks : "", zKeys, zClauses ? zClauses : "");
  pObj->zSig = ormMprintf(pErr, "%s fks=%s", pObj->zSigBase, zFks);
  /* Keep the sorted foreign keys: a rename elsewhere may change them. */
  pObj->fks = pAcc->fks;
  memset(&pAcc->fks, 0, sizeof(pAcc->fks));
  sqlite3_free(zKeys);
  sqlite3_free(zFks);
  sqlite3_free(zClauses);
  ormNormTableFree(&text);
}

/* Add the signature being built, if any, to pList, ending it with zEnd. */
static void ormFlushSig(OrmErr *pErr, sqlite3_str **ppSig, OrmStrList *pList,
                        const char *zEnd){
  if( *ppSig==0 ) return;
  sqlite3_str_appendall(*ppSig, zEnd);
  if( sqlite3_str_errcode(*ppSig) ) ormErrOom(pErr);
  ormListAddOwned(pErr, pList, sqlite3_str_finish(*ppSig));
  *ppSig = 0;
}

/*
** Read every table of p (aWant: only those marked) with one query per
** PRAGMA over all tables, instead of one per table: the cost of a large
** schema is then in the rows, not in preparing thousands of statements.
**
** The queries have no ORDER BY: a table-valued PRAGMA can only be an inner
** loop of sqlite_schema (it takes m.name), whose scan is in rowid order,
** and each PRAGMA gives its rows in their own order (cid, seqno, id then
** seq).  So rows come table by table in schema order, and the rows of one
** index or foreign key together; a sort would only cost.
*/
static void ormLoadTables(OrmErr *pErr, sqlite3 *db, const char *zDb,
                          const unsigned char *aWant, OrmSchema *p){
  char *zWhere = ormTableFilter(pErr, zDb, p, aWant);
  OrmTableAcc *aAcc;
  sqlite3_stmt *pStmt;
  OrmObject *pObj;
  sqlite3_str *pSig = 0;          /* Signature being built */
  int iSigObj = 0;                /* ... for this object */
  int iSigId = -1;                /* ... and this foreign key id */
  char *zSigKey = 0;              /* ... or this index */
  int iObj;

  if( zWhere==0 ) return;
  aAcc = ormMalloc(pErr, sizeof(OrmTableAcc)*(p->nObj+1));

  /* WITHOUT ROWID and STRICT. */
  pStmt = ormPrepare(pErr, db,
      "SELECT name, wr, strict FROM pragma_table_list WHERE schema=%Q", zDb);
  while( aAcc && ormStep(pErr, pStmt) ){
    pObj = ormSchemaFind(p, (const char*)sqlite3_column_text(pStmt, 0));
    if( pObj && pObj->eType==ORM_OBJ_TABLE
     && (aWant==0 || aWant[pObj - p->aObj]) ){
      pObj->bWithoutRowid = sqlite3_column_int(pStmt, 1);
      aAcc[pObj - p->aObj].bStrict = sqlite3_column_int(pStmt, 2);
    }
  }
  ormFinalize(pErr, pStmt);

  /* Columns. */
  pStmt = ormPrepare(pErr, db,
      "SELECT m.name, c.name, c.type, c.\"notnull\", c.dflt_value, c.pk,"
      " c.hidden FROM \"%w\".sqlite_schema AS m,"
      " pragma_table_xinfo(m.name, %Q) AS c WHERE %s",
      zDb, zDb, zWhere);
  iObj = 0;
  while( aAcc && (pObj = ormNextTableRow(pErr, pStmt, p, &iObj))!=0 ){
    ormAddColumn(pErr, pObj, &aAcc[iObj], pStmt);
  }
  ormFinalize(pErr, pStmt);

  /* UNIQUE and PRIMARY KEY constraints, as their indexes show them. */
  pStmt = ormPrepare(pErr, db,
      "SELECT m.name, il.name, il.\"unique\", il.origin,"
      " coalesce(lower(x.name), x.cid), x.\"desc\", lower(x.coll)"
      " FROM \"%w\".sqlite_schema AS m, pragma_index_list(m.name, %Q) AS il,"
      " pragma_index_xinfo(il.name, %Q) AS x"
      " WHERE %s AND il.origin<>'c' AND x.key", zDb, zDb, zDb, zWhere);
  iObj = 0;
  while( aAcc && (pObj = ormNextTableRow(pErr, pStmt, p, &iObj))!=0 ){
    const char *zIdx = (const char*)sqlite3_column_text(pStmt, 1);
    if( pSig==0 || iObj!=iSigObj || strcmp(zSigKey, zIdx) ){
      ormFlushSig(pErr, &pSig, &aAcc[iSigObj].keys, ")");
      sqlite3_free(zSigKey);
      zSigKey = ormStrdup(pErr, zIdx);
      iSigObj = iObj;
      pSig = sqlite3_str_new(0);
      sqlite3_str_appendf(pSig, "%s%s(",
          (const char*)sqlite3_column_text(pStmt, 3),
          sqlite3_column_int(pStmt, 2) ? " unique" : "");
    }
    sqlite3_str_appendf(pSig, "%s %s %s,",
        (const char*)sqlite3_column_text(pStmt, 4),
        sqlite3_column_int(pStmt, 5) ? "desc" : "asc",
        (const char*)sqlite3_column_text(pStmt, 6));
  }
  ormFinalize(pErr, pStmt);
  if( aAcc ) ormFlushSig(pErr, &pSig, &aAcc[iSigObj].keys, ")");

  /* Foreign keys, one signature per constraint. */
  pStmt = ormPrepare(pErr, db,
      "SELECT m.name, f.id, lower(f.\"table\"), lower(f.\"from\"),"
      " lower(f.\"to\"), f.on_update, f.on_delete, f.\"match\""
      " FROM \"%w\".sqlite_schema AS m,"
      " pragma_foreign_key_list(m.name, %Q) AS f"
      " WHERE %s", zDb, zDb, zWhere);
  iObj = 0;
  while( aAcc && (pObj = ormNextTableRow(pErr, pStmt, p, &iObj))!=0 ){
    int iId = sqlite3_column_int(pStmt, 1);
    if( pSig==0 || iObj!=iSigObj || iId!=iSigId ){
      ormFlushSig(pErr, &pSig, &aAcc[iSigObj].fks, "");
      iSigObj = iObj;
      iSigId = iId;
      pSig = sqlite3_str_new(0);
      sqlite3_str_appendf(pSig, "%s\x1fon update %s\x1fon delete %s"
          "\x1fmatch %s",
          (const char*)sqlite3_column_text(pStmt, 2),
          (const char*)sqlite3_column_text(pStmt, 5),
          (const char*)sqlite3_column_text(pStmt, 6),
          (const char*)sqlite3_column_text(pStmt, 7));
    }
    sqlite3_str_appendf(pSig, "\x1f%s\x1e%s",
        (const char*)sqlite3_column_text(pStmt, 3),
        sqlite3_column_type(pStmt, 4)==SQLITE_NULL ? ""
            : (const char*)sqlite3_column_text(pStmt, 4));
  }
  ormFinalize(pErr, pStmt);
  if( aAcc ) ormFlushSig(pErr, &pSig, &aAcc[iSigObj].fks, "");

  for(iObj=0; aAcc && iObj<p->nObj; iObj++){
    if( p->aObj[iObj].eType==ORM_OBJ_TABLE && (aWant==0 || aWant[iObj]) ){
      ormFinishTable(pErr, &p->aObj[iObj], &aAcc[iObj]);
    }
    ormListFree(&aAcc[iObj].keys);
    ormListFree(&aAcc[iObj].fks);
  }
  sqlite3_free(zSigKey);
  sqlite3_free(zWhere);
  sqlite3_free(aAcc);
}

/* Append a zeroed object to the schema; NULL on OOM. */
static OrmObject *ormSchemaAppend(OrmErr *pErr, OrmSchema *p){
  if( pErr->rc ) return 0;
  if( p->nHash ){
    /* The hash no longer covers every object: lookups scan until the
    ** caller builds it again. */
    sqlite3_free(p->aHash);
    p->aHash = 0;
    p->nHash = 0;
  }
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
** Append the user objects of database zDb (zName: only that one) to p,
** shallow: type, names and CREATE text only.  bScratch: db is a scratch
** copy, which holds no virtual or bookkeeping table, so that every object
** but SQLite's own is read.
*/
static void ormLoadObjects(OrmErr *pErr, sqlite3 *db, const char *zDb,
                           const char *zName, int bScratch, OrmSchema *p){
  OrmSchema all = {0, 0, 0, 0, 0};       /* in rowid order */
  OrmStrList skip = {0, 0, 0, 0, 0};     /* virtual and shadow tables */
  sqlite3_stmt *pStmt;
  int i, eType;
  if( pErr->rc ) return;
  if( zName ){
    pStmt = ormPrepare(pErr, db,
        "SELECT type, name, tbl_name, sql FROM \"%w\".sqlite_schema AS m"
        " WHERE m.sql IS NOT NULL AND " ORM_USER_OBJECT " AND name=%Q",
        zDb, zDb, zName);
  }else{
    /* The filter is applied here, not in SQL: a LIKE and a NOT IN per
    ** object, and a sort, cost more than the rest of the load. */
    if( !bScratch ){
      pStmt = ormPrepare(pErr, db,
          "SELECT name FROM pragma_table_list"
          " WHERE schema=%Q AND type IN ('virtual', 'shadow')", zDb);
      while( ormStep(pErr, pStmt) ){
        ormListAdd(pErr, &skip, (const char*)sqlite3_column_text(pStmt, 0));
      }
      ormFinalize(pErr, pStmt);
    }
    pStmt = ormPrepare(pErr, db,
        "SELECT type, name, tbl_name, sql FROM \"%w\".sqlite_schema"
        " WHERE sql IS NOT NULL ORDER BY rowid", zDb);
  }
  while( ormStep(pErr, pStmt) ){
    const char *zObj = (const char*)sqlite3_column_text(pStmt, 1);
    if( zObj==0 || sqlite3_strnicmp(zObj, "sqlite_", 7)==0 ) continue;
    if( !bScratch && (sqlite3_strnicmp(zObj, "_orm_", 5)==0
                      || ormListFind(&skip, zObj)>=0) ) continue;
    ormSchemaAddShallow(pErr, &all, (const char*)sqlite3_column_text(pStmt, 0),
        zObj, (const char*)sqlite3_column_text(pStmt, 2),
        (const char*)sqlite3_column_text(pStmt, 3));
  }
  ormFinalize(pErr, pStmt);
  ormListFree(&skip);

  /* Tables, indexes, views, triggers: each in creation order.  The
  ** objects move to p (their strings with them). */
  for(eType=ORM_OBJ_TABLE; eType<=ORM_OBJ_TRIGGER; eType++){
    for(i=0; i<all.nObj; i++){
      OrmObject *pNew;
      if( all.aObj[i].eType!=eType ) continue;
      pNew = ormSchemaAppend(pErr, p);
      if( pNew==0 ) break;
      *pNew = all.aObj[i];
      memset(&all.aObj[i], 0, sizeof(OrmObject));
    }
  }
  ormSchemaFree(&all);
  if( pErr->rc==SQLITE_OK ) ormSchemaIndex(p);
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
  ormLoadObjects(pErr, db, zDb, zName, 0, p);
  ormDeepen(pErr, db, zDb, p, 0, zName==0);
}

/*
** As ormSchemaLoad(), but every object is left shallow (bShallow): its
** type, names and CREATE text, which is all that a schema of thousands of
** unchanged objects needs.  ormSchemaDeepen() reads the rest.  bScratch:
** db is a scratch copy (see ormLoadObjects()).
*/
void ormSchemaLoadShallow(OrmErr *pErr, sqlite3 *db, const char *zDb,
                          int bScratch, OrmSchema *p){
  ormLoadObjects(pErr, db, zDb, 0, bScratch, p);
}

/*
** The text of index statement zSql without the ASC, DESC and COLLATE
** clauses of its key list (the parentheses after ON), normalised: what
** PRAGMA index_xinfo does not say.  NULL on OOM.
*/
static char *ormIndexKeyText(const char *zSql){
  sqlite3_str *pOut = sqlite3_str_new(0);
  const char *z = zSql;
  char *zRaw, *zRet;
  int n, eType, bOn = 0, iDepth = 0, bDone = 0, bSkipNext = 0;
  for(; (n = ormNormToken(z, &eType))>0; z+=n){
    int bKeep = 1;
    if( !bDone ){
      if( eType==ORM_TK_LP && bOn ){
        iDepth++;
      }else if( eType==ORM_TK_RP && iDepth>0 ){
        if( --iDepth==0 ) bDone = 1;
      }else if( iDepth==0 && eType==ORM_TK_WORD && ormNormIsWord(z, n, "on") ){
        bOn = 1;
      }else if( iDepth==1 && eType!=ORM_TK_SPACE ){
        if( bSkipNext ){
          bKeep = bSkipNext = 0;
        }else if( eType==ORM_TK_WORD && (ormNormIsWord(z, n, "asc")
                                      || ormNormIsWord(z, n, "desc")) ){
          bKeep = 0;
        }else if( eType==ORM_TK_WORD && ormNormIsWord(z, n, "collate") ){
          bKeep = 0;
          bSkipNext = 1;
        }
      }
    }
    if( bKeep ) sqlite3_str_append(pOut, z, n);
  }
  zRaw = sqlite3_str_finish(pOut);
  if( zRaw==0 ) return 0;
  zRet = ormNormSql(zRaw, -1);
  sqlite3_free(zRaw);
  return zRet;
}

/*
** The signature of index pObj of database zDb as SQLite understands it:
** its text without ASC, DESC and COLLATE in the key list, then each key
** column's order and collating sequence from PRAGMA index_xinfo.  So
** "ON t (a ASC, b COLLATE BINARY)" is "ON t(a, b)" when b has no
** collation of its own.  Its normalised text when SQLite does not know
** the index.
*/
static char *ormIndexSig(OrmErr *pErr, sqlite3 *db, const char *zDb,
                         const OrmObject *pObj){
  sqlite3_str *pOut;
  sqlite3_stmt *pStmt;
  char *zText, *zSig;
  int nKey = 0;
  if( pErr->rc ) return 0;
  zText = ormIndexKeyText(pObj->zSql ? pObj->zSql : "");
  if( zText==0 ){ ormErrOom(pErr); return 0; }
  pOut = sqlite3_str_new(0);
  sqlite3_str_appendall(pOut, zText);
  pStmt = ormPrepare(pErr, db, "SELECT desc, lower(coll) FROM"
      " pragma_index_xinfo(%Q, %Q) WHERE key ORDER BY seqno",
      pObj->zName, zDb);
  while( ormStep(pErr, pStmt) ){
    const char *zColl = (const char*)sqlite3_column_text(pStmt, 1);
    sqlite3_str_appendf(pOut, "%s%d %s", nKey++ ? "," : " \x1f",
        sqlite3_column_int(pStmt, 0), zColl ? zColl : "");
  }
  ormFinalize(pErr, pStmt);
  sqlite3_free(zText);
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  zSig = sqlite3_str_finish(pOut);
  if( pErr->rc || nKey==0 ){
    sqlite3_free(zSig);
    return ormNormOrEmpty(pErr, pObj->zSql, 0);
  }
  return zSig;
}

/*
** Introspect the shallow objects of p (read from database zDb of db) that
** aWant marks, or all of them when aWant is NULL.  bWhole: p holds every
** user object of zDb, so that the queries need not name the tables.
*/
static void ormDeepen(OrmErr *pErr, sqlite3 *db, const char *zDb,
                      OrmSchema *p, const unsigned char *aWant, int bWhole){
  unsigned char *aMark;
  int i, nMark = 0;
  if( pErr->rc ) return;
  aMark = ormMalloc(pErr, p->nObj+1);
  if( aMark==0 ) return;
  for(i=0; i<p->nObj; i++){
    aMark[i] = p->aObj[i].bShallow && (aWant==0 || aWant[i]);
    nMark += aMark[i];
  }
  if( nMark>0 ){
    ormLoadTables(pErr, db, zDb, (bWhole && nMark==p->nObj) ? 0 : aMark, p);
  }
  for(i=0; i<p->nObj && pErr->rc==SQLITE_OK; i++){
    OrmObject *pObj = &p->aObj[i];
    if( !aMark[i] ) continue;
    if( pObj->eType==ORM_OBJ_INDEX ){
      pObj->zSig = ormIndexSig(pErr, db, zDb, pObj);
    }else if( pObj->eType!=ORM_OBJ_TABLE ){
      pObj->zSig = ormNormOrEmpty(pErr, pObj->zSql, 0);
    }
    pObj->bShallow = 0;
  }
  sqlite3_free(aMark);
}

/* Introspect the shallow objects of p that aWant marks (NULL: all). */
void ormSchemaDeepen(OrmErr *pErr, sqlite3 *db, const char *zDb,
                     OrmSchema *p, const unsigned char *aWant){
  ormDeepen(pErr, db, zDb, p, aWant, 0);
}

/*
** Introspect the shallow objects of p that aWant marks (NULL: all) from
** their CREATE text alone: a table's introspection depends on nothing
** else (its tables are made in a private in-memory database), an index is
** read there on its table (from p: its signature is ormIndexSig()'s, or
** its normalised text without the table), and the signature of a view or
** trigger is its normalised text.  The collations of the user's dbUser
** (or NULL) are known there (ormCollationsFrom()).
*/
void ormSchemaDeepenFromText(OrmErr *pErr, sqlite3 *dbUser, OrmSchema *p,
                             const unsigned char *aWant){
  OrmSchema mem = {0, 0, 0, 0, 0};
  sqlite3 *dbMem = 0;
  unsigned char *aMake;           /* 1: create in dbMem; 2: and read it */
  unsigned char *aDeep;           /* by object of mem: introspect it */
  int i, nMake = 0;
  if( pErr->rc ) return;
  aMake = ormMalloc(pErr, p->nObj+1);
  if( aMake==0 ) return;
  memset(aMake, 0, p->nObj+1);
  for(i=0; i<p->nObj; i++){
    const OrmObject *pObj = &p->aObj[i];
    if( !pObj->bShallow || (aWant && !aWant[i]) ) continue;
    if( pObj->eType==ORM_OBJ_TABLE ){
      aMake[i] = 2;
      nMake++;
    }else if( pObj->eType==ORM_OBJ_INDEX ){
      /* An index is read as SQLite understands it: on its table. */
      const OrmObject *pTab = ormSchemaFind(p, pObj->zTbl);
      aMake[i] = 2;
      nMake++;
      if( pTab && pTab->eType==ORM_OBJ_TABLE && aMake[pTab - p->aObj]==0 ){
        aMake[pTab - p->aObj] = 1;
      }
    }
  }
  if( nMake>0 ){
    dbMem = ormGuardOpen(pErr, dbUser);
    /* One transaction: each CREATE alone would commit on its own. */
    ormExec(pErr, dbMem, "BEGIN");
    for(i=0; i<p->nObj && pErr->rc==SQLITE_OK; i++){
      const OrmObject *pObj = &p->aObj[i];
      char *zErr = 0;
      int rc;
      if( !aMake[i] || pObj->eType!=ORM_OBJ_TABLE ) continue;
      rc = ormGuardCreate(dbMem, pObj->zSql, ORM_OBJ_TABLE, &zErr);
      if( (rc & 0xff)==SQLITE_NOMEM ){
        /* Not the table's fault: SQLite has rolled the BEGIN back. */
        ormErrOom(pErr);
      }else if( rc && aMake[i]==2 ){
        ormErrSet(pErr, SQLITE_ERROR,
            "table \"%s\" cannot be read on its own: %s; declare it again"
            " or orm_undeclare('%q') it", pObj->zName,
            zErr ? zErr : "error", pObj->zName);
      }
      sqlite3_free(zErr);
    }
    for(i=0; i<p->nObj && pErr->rc==SQLITE_OK; i++){
      /* An index SQLite cannot make here is compared by its text. */
      char *zErr = 0;
      if( aMake[i] && p->aObj[i].eType==ORM_OBJ_INDEX
       && (ormGuardCreate(dbMem, p->aObj[i].zSql, ORM_OBJ_INDEX, &zErr)
           & 0xff)==SQLITE_NOMEM ){
        ormErrOom(pErr);
      }
      sqlite3_free(zErr);
    }
    ormExec(pErr, dbMem, "COMMIT");
    /* Introspect what is read back: not the tables made for an index. */
    ormSchemaLoadShallow(pErr, dbMem, "main", 0, &mem);
    aDeep = ormMalloc(pErr, mem.nObj+1);
    for(i=0; aDeep && i<mem.nObj; i++){
      const OrmObject *pObj = ormSchemaFind(p, mem.aObj[i].zName);
      aDeep[i] = pObj && aMake[pObj - p->aObj]==2;
    }
    ormSchemaDeepen(pErr, dbMem, "main", &mem, aDeep);
    sqlite3_free(aDeep);
    sqlite3_close(dbMem);
  }
  for(i=0; i<p->nObj && pErr->rc==SQLITE_OK; i++){
    OrmObject *pObj = &p->aObj[i];
    const OrmObject *pDeep;
    if( !pObj->bShallow || (aWant && !aWant[i]) ) continue;
    pDeep = ormSchemaFind(&mem, pObj->zName);
    if( pObj->eType==ORM_OBJ_TABLE ){
      OrmObject keep = *pObj;
      if( pDeep==0 ){
        ormErrSet(pErr, SQLITE_INTERNAL, "lost table %s", pObj->zName);
        break;
      }
      memset(pObj, 0, sizeof(*pObj));
      ormObjectCopy(pErr, pObj, pDeep);
      /* Names and text stay those of p. */
      sqlite3_free(pObj->zName);
      sqlite3_free(pObj->zTbl);
      sqlite3_free(pObj->zSql);
      pObj->zName = keep.zName;
      pObj->zTbl = keep.zTbl;
      pObj->zSql = keep.zSql;
    }else if( pObj->eType==ORM_OBJ_INDEX && pDeep
           && pDeep->eType==ORM_OBJ_INDEX ){
      pObj->zSig = ormStrdup(pErr, pDeep->zSig);
    }else{
      pObj->zSig = ormNormOrEmpty(pErr, pObj->zSql, 0);
    }
    pObj->bShallow = 0;
  }
  sqlite3_free(aMake);
  ormSchemaFree(&mem);
}

/*
** Append a shallow object to p: its type ("table", "index", "view" or
** "trigger"), names and CREATE text.
*/
void ormSchemaAddShallow(OrmErr *pErr, OrmSchema *p, const char *zType,
                         const char *zName, const char *zTbl,
                         const char *zSql){
  OrmObject *pObj = ormSchemaAppend(pErr, p);
  if( pObj==0 ) return;
  pObj->eType = ormSchemaType(zType);
  pObj->zName = ormStrdup(pErr, zName);
  pObj->zTbl = ormStrdup(pErr, zTbl);
  pObj->zSql = ormStrdup(pErr, zSql);
  pObj->iIpk = -1;
  pObj->bShallow = 1;
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
  sqlite3_free(pObj->zSigBase);
  ormListFree(&pObj->fks);
}

void ormSchemaFree(OrmSchema *p){
  int i;
  for(i=0; i<p->nObj; i++) ormObjectFree(&p->aObj[i]);
  sqlite3_free(p->aObj);
  sqlite3_free(p->aHash);
  memset(p, 0, sizeof(*p));
}

/*
** (Re)build the name hash of p; on OOM there is none, and lookups scan.
** The hash is at least twice the number of objects.
*/
void ormSchemaIndex(OrmSchema *p){
  int i, nHash = 16;
  sqlite3_free(p->aHash);
  p->aHash = 0;
  p->nHash = 0;
  while( nHash<p->nObj*2 ) nHash *= 2;
  p->aHash = sqlite3_malloc64(nHash*sizeof(int));
  if( p->aHash==0 ) return;
  memset(p->aHash, 0, nHash*sizeof(int));
  p->nHash = nHash;
  for(i=0; i<p->nObj; i++){
    unsigned int h;
    /* Only a copy that ran out of memory has no name; its schema is
    ** dropped with the error, but may be indexed first. */
    if( p->aObj[i].zName==0 ) continue;
    h = ormHashName(p->aObj[i].zName) & (unsigned int)(nHash-1);
    while( p->aHash[h] ) h = (h+1) & (unsigned int)(nHash-1);
    p->aHash[h] = i+1;
  }
}

/* The object called zName (any case), or NULL. */
OrmObject *ormSchemaFind(const OrmSchema *p, const char *zName){
  int i;
  if( p->nHash ){
    unsigned int h = ormHashName(zName) & (unsigned int)(p->nHash-1);
    while( p->aHash[h] ){
      OrmObject *pObj = &p->aObj[p->aHash[h]-1];
      if( sqlite3_stricmp(pObj->zName, zName)==0 ) return pObj;
      h = (h+1) & (unsigned int)(p->nHash-1);
    }
    return 0;
  }
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
** Out of memory while moving one to pRest, it is freed and the error is
** recorded (pRest would be missing objects); after an error, both schemas
** are only fit to be freed.
*/
void ormSchemaKeep(OrmErr *pErr, OrmSchema *p, const OrmStrList *pNames,
                   OrmSchema *pRest){
  int i, j = 0;
  for(i=0; i<p->nObj; i++){
    OrmObject *pMoved;
    if( ormListFind(pNames, p->aObj[i].zName)>=0 ){
      p->aObj[j++] = p->aObj[i];
    }else if( pRest && (pMoved = ormSchemaAppend(pErr, pRest))!=0 ){
      *pMoved = p->aObj[i];
    }else{
      if( pRest ) ormErrOom(pErr);
      ormObjectFree(&p->aObj[i]);
    }
  }
  p->nObj = j;
  ormSchemaIndex(p);
  if( pRest ) ormSchemaIndex(pRest);
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
  dbNew = ormGuardOpen(pErr, dbFrom);
  if( dbNew==0 ) return;
  pStmt = ormPrepare(pErr, dbFrom,
      "SELECT sql, type FROM \"%w\".sqlite_schema"
      " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%%' ESCAPE '\\'"
      " ORDER BY CASE type WHEN 'table' THEN 1 WHEN 'index' THEN 2"
      "   WHEN 'view' THEN 3 ELSE 4 END, rowid", zDb);
  while( ormStep(pErr, pStmt) ){
    /* Errors are ignored: what cannot be copied is not ours to plan.
    ** But out of memory, the copy would silently lack the object. */
    char *zErr = 0;
    if( (ormGuardCreate(dbNew, (const char*)sqlite3_column_text(pStmt, 0),
                        ormGuardType((const char*)sqlite3_column_text(pStmt,
                                                                      1)),
                        &zErr) & 0xff)==SQLITE_NOMEM ){
      ormErrOom(pErr);
    }
    sqlite3_free(zErr);
  }
  ormFinalize(pErr, pStmt);
  if( pErr->rc ){
    sqlite3_close(dbNew);
    return;
  }
  *ppOut = dbNew;
}

/*
** Make pNew (zeroed) a deep copy of object pSrc.  On OOM the copy may be
** partial; it is still freed with its schema.
*/
static void ormObjectCopy(OrmErr *pErr, OrmObject *pNew,
                          const OrmObject *pSrc){
  int i;
  pNew->eType = pSrc->eType;
  pNew->zName = ormStrdup(pErr, pSrc->zName);
  pNew->zTbl = ormStrdup(pErr, pSrc->zTbl);
  pNew->zSql = ormStrdup(pErr, pSrc->zSql);
  pNew->zSig = pSrc->zSig ? ormStrdup(pErr, pSrc->zSig) : 0;
  pNew->zSigBase = pSrc->zSigBase ? ormStrdup(pErr, pSrc->zSigBase) : 0;
  pNew->bWithoutRowid = pSrc->bWithoutRowid;
  pNew->bStrict = pSrc->bStrict;
  pNew->bAutoinc = pSrc->bAutoinc;
  pNew->iIpk = pSrc->iIpk;
  pNew->bShallow = pSrc->bShallow;
  for(i=0; i<pSrc->fks.n; i++) ormListAdd(pErr, &pNew->fks, pSrc->fks.az[i]);
  if( pSrc->nCol>0 ){
    pNew->aCol = ormMalloc(pErr, sizeof(OrmColumn)*pSrc->nCol);
    if( pNew->aCol==0 ) return;
    pNew->nCol = pSrc->nCol;
    for(i=0; i<pSrc->nCol; i++){
      const OrmColumn *pC = &pSrc->aCol[i];
      OrmColumn *pD = &pNew->aCol[i];
      pD->zName = ormStrdup(pErr, pC->zName);
      pD->zType = ormStrdup(pErr, pC->zType);
      pD->zDflt = ormStrdup(pErr, pC->zDflt);
      pD->bNotNull = pC->bNotNull;
      pD->iPk = pC->iPk;
      pD->eHidden = pC->eHidden;
      pD->zDef = ormStrdup(pErr, pC->zDef);
      pD->zSig = ormStrdup(pErr, pC->zSig);
    }
  }
}

/* Append to p a deep copy of object pSrc (of another schema). */
void ormSchemaAddCopy(OrmErr *pErr, OrmSchema *p, const OrmObject *pSrc){
  OrmObject *pNew = ormSchemaAppend(pErr, p);
  if( pNew ) ormObjectCopy(pErr, pNew, pSrc);
}
