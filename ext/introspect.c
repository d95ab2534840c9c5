/*
** introspect.c - read a database schema by introspection into an OrmSchema.
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

#include <string.h>

static void ormDeepen(OrmErr*, sqlite3*, const char*, OrmSchema*,
                      const unsigned char*, int);

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
  int nFk;                        /* Foreign keys read */
  int nFkAlloc;                   /* Slots allocated in aFk */
  OrmFk *aFk;                     /* nFk of them, owned until the table
                                  ** takes them (ormFinishTable()) */
};

/*
** The WHERE terms that pick the user tables of zDb (alias m): all of them
** when aWant is NULL, else the tables of p marked in aWant (then by name
** alone: those are user tables already).  NULL when aWant marks no table.
** The caller frees the result.  Its one caller, ormLoadTables() from
** ormDeepen(), runs only without an error.
*/
static char *ormTableFilter(OrmErr *pErr, const char *zDb,
                            const OrmSchema *p, const unsigned char *aWant){
  sqlite3_str *pOut;
  char *z;
  int i, nTab = 0;
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
    /* Out of order (p's tables in another order than the database's):
    ** fall back to a search.  The queries read only tables that p holds
    ** (ormTableFilter(): the marked ones by name, or with no marks, a
    ** whole load, every user table, all of which p holds). */
    OrmObject *pObj = ormSchemaFind(p, zTab);
    if( ORM_NEVER(pObj==0) ){
      ormErrSet(pErr, SQLITE_INTERNAL, "lost table %s", zTab);
      *piObj = 0;
      return 0;
    }
    *piObj = (int)(pObj - p->aObj);
    return pObj;
  }
  return &p->aObj[*piObj];
}

/* Append one column row (name, type, notnull, dflt, pk, hidden). */
static void ormAddColumn(OrmErr *pErr, OrmObject *pObj, OrmTableAcc *pAcc,
                         sqlite3_stmt *pStmt){
  OrmColumn *pCol;
  OrmColumn *aNew = ormGrow(pErr, pObj->aCol, pObj->nCol, &pAcc->nColAlloc,
                            16, sizeof(OrmColumn));
  if( ORM_OOM(aNew==0) ) return;
  pObj->aCol = aNew;
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
      if( pCol->iPk && sqlite3_stricmp(pCol->zType, "integer")==0 ){
        pObj->iIpk = i;
      }
    }
  }
  zKeys = ormSchemaJoinSorted(pErr, &pAcc->keys);
  zFks = ormSchemaFkJoin(pErr, pAcc->aFk, pAcc->nFk);
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
  /* Keep the foreign keys: a rename elsewhere may change them. */
  pObj->nFk = pAcc->nFk;
  pObj->aFk = pAcc->aFk;
  pAcc->nFk = 0;
  pAcc->aFk = 0;
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
  OrmFk *pFk;                     /* Foreign key being read */
  int iObj;

  if( zWhere==0 ) return;
  aAcc = ormMalloc(pErr, sizeof(OrmTableAcc)*(p->nObj+1));
  if( ORM_OOM(aAcc==0) ){
    sqlite3_free(zWhere);
    return;
  }

  /* WITHOUT ROWID and STRICT. */
  pStmt = ormPrepare(pErr, db,
      "SELECT name, wr, strict FROM pragma_table_list WHERE schema=%Q", zDb);
  while( ormStep(pErr, pStmt) ){
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
  while( (pObj = ormNextTableRow(pErr, pStmt, p, &iObj))!=0 ){
    ormAddColumn(pErr, pObj, &aAcc[iObj], pStmt);
  }
  ormFinalize(pErr, pStmt);

  /* UNIQUE and PRIMARY KEY constraints, as their indexes show them (the
  ** indexes of origin 'u' and 'pk' are always unique ones). */
  pStmt = ormPrepare(pErr, db,
      "SELECT m.name, il.name, il.origin,"
      " coalesce(lower(x.name), x.cid), x.\"desc\", lower(x.coll)"
      " FROM \"%w\".sqlite_schema AS m, pragma_index_list(m.name, %Q) AS il,"
      " pragma_index_xinfo(il.name, %Q) AS x"
      " WHERE %s AND il.origin<>'c' AND x.key", zDb, zDb, zDb, zWhere);
  iObj = 0;
  while( (pObj = ormNextTableRow(pErr, pStmt, p, &iObj))!=0 ){
    const char *zIdx = (const char*)sqlite3_column_text(pStmt, 1);
    if( pSig==0 || iObj!=iSigObj || strcmp(zSigKey, zIdx) ){
      ormFlushSig(pErr, &pSig, &aAcc[iSigObj].keys, ")");
      sqlite3_free(zSigKey);
      zSigKey = ormStrdup(pErr, zIdx);
      iSigObj = iObj;
      pSig = sqlite3_str_new(0);
      sqlite3_str_appendf(pSig, "%s unique(",
          (const char*)sqlite3_column_text(pStmt, 2));
    }
    sqlite3_str_appendf(pSig, "%s %s %s,",
        (const char*)sqlite3_column_text(pStmt, 3),
        sqlite3_column_int(pStmt, 4) ? "desc" : "asc",
        (const char*)sqlite3_column_text(pStmt, 5));
  }
  ormFinalize(pErr, pStmt);
  ormFlushSig(pErr, &pSig, &aAcc[iSigObj].keys, ")");

  /* Foreign keys: a new one where the table or the id changes. */
  pStmt = ormPrepare(pErr, db,
      "SELECT m.name, f.id, lower(f.\"table\"), lower(f.\"from\"),"
      " lower(f.\"to\"), f.on_update, f.on_delete, f.\"match\""
      " FROM \"%w\".sqlite_schema AS m,"
      " pragma_foreign_key_list(m.name, %Q) AS f"
      " WHERE %s", zDb, zDb, zWhere);
  iObj = 0;
  pFk = 0;
  while( (pObj = ormNextTableRow(pErr, pStmt, p, &iObj))!=0 ){
    int iId = sqlite3_column_int(pStmt, 1);
    if( pFk==0 || iObj!=iSigObj || iId!=iSigId ){
      OrmTableAcc *pAcc = &aAcc[iObj];
      OrmFk *aNew = ormGrow(pErr, pAcc->aFk, pAcc->nFk, &pAcc->nFkAlloc, 4,
                            sizeof(OrmFk));
      if( ORM_OOM(aNew==0) ) break;
      pAcc->aFk = aNew;
      pFk = &aNew[pAcc->nFk++];
      memset(pFk, 0, sizeof(*pFk));
      iSigObj = iObj;
      iSigId = iId;
      pFk->zParent = ormStrdup(pErr,
          (const char*)sqlite3_column_text(pStmt, 2));
      pFk->zOnUpdate = ormStrdup(pErr,
          (const char*)sqlite3_column_text(pStmt, 5));
      pFk->zOnDelete = ormStrdup(pErr,
          (const char*)sqlite3_column_text(pStmt, 6));
      pFk->zMatch = ormStrdup(pErr,
          (const char*)sqlite3_column_text(pStmt, 7));
    }
    ormSchemaFkAddCol(pErr, pFk, (const char*)sqlite3_column_text(pStmt, 3),
                      (const char*)sqlite3_column_text(pStmt, 4));
  }
  ormFinalize(pErr, pStmt);

  /* Every table the queries read is finished here, and takes its
  ** foreign keys: none are left to free. */
  for(iObj=0; iObj<p->nObj; iObj++){
    if( p->aObj[iObj].eType==ORM_OBJ_TABLE && (aWant==0 || aWant[iObj]) ){
      ormFinishTable(pErr, &p->aObj[iObj], &aAcc[iObj]);
    }
    ormListFree(&aAcc[iObj].keys);
    sqlite3_free(aAcc[iObj].aFk);   /* NULL: ormFinishTable() took it */
  }
  sqlite3_free(zSigKey);
  sqlite3_free(zWhere);
  sqlite3_free(aAcc);
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
** PRAGMA index_xinfo does not say.  NULL on OOM.  zSql is a CREATE INDEX
** that SQLite has accepted: its first '(' opens the key list (none comes
** before ON, nor any ')').
*/
static char *ormIndexKeyText(const char *zSql){
  sqlite3_str *pOut = sqlite3_str_new(0);
  const char *z = zSql;
  char *zRaw, *zRet;
  int n, eType, iDepth = 0, bDone = 0, bSkipNext = 0;
  for(; (n = ormNormToken(z, &eType))>0; z+=n){
    int bKeep = 1;
    if( !bDone ){
      if( eType==ORM_TK_LP ){
        iDepth++;
      }else if( eType==ORM_TK_RP ){
        if( --iDepth==0 ) bDone = 1;
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
  if( ORM_OOM(zRaw==0) ) return 0;
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
** the index.  Called only without an error (ormDeepen()).
*/
static char *ormIndexSig(OrmErr *pErr, sqlite3 *db, const char *zDb,
                         const OrmObject *pObj){
  sqlite3_str *pOut;
  sqlite3_stmt *pStmt;
  char *zText, *zSig;
  int nKey = 0;
  zText = ormIndexKeyText(ORM_ALWAYS(pObj->zSql!=0) ? pObj->zSql : "");
  if( zText==0 ){ ormErrOom(pErr); return 0; }
  pOut = sqlite3_str_new(0);
  sqlite3_str_appendall(pOut, zText);
  pStmt = ormPrepare(pErr, db, "SELECT desc, lower(coll) FROM"
      " pragma_index_xinfo(%Q, %Q) WHERE key ORDER BY seqno",
      pObj->zName, zDb);
  while( ormStep(pErr, pStmt) ){
    const char *zColl = (const char*)sqlite3_column_text(pStmt, 1);
    /* A key column always has a collation; %s shows NULL as "". */
    sqlite3_str_appendf(pOut, "%s%d %s", nKey++ ? "," : " \x1f",
        sqlite3_column_int(pStmt, 0), zColl);
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
  if( ORM_OOM(aMark==0) ) return;
  for(i=0; i<p->nObj; i++){
    aMark[i] = p->aObj[i].bShallow && (aWant==0 || aWant[i]);
    nMark += aMark[i];
  }
  if( nMark>0 ){
    ormLoadTables(pErr, db, zDb,
                  (bWhole && ORM_ALWAYS(nMark==p->nObj)) ? 0 : aMark, p);
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
  if( ORM_OOM(aMake==0) ) return;
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
            ORM_OOM(zErr==0) ? "error" : zErr, pObj->zName);
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
      ormSchemaCopyObject(pErr, pObj, pDeep);
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
