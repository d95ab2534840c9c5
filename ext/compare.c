/*
** compare.c - the comparison of the live database with the declarations
** (OrmCompare), shared by orm_migrate and the virtual tables orm_diff and
** orm_model_meta, and orm_check(), which reports it.
**
**   SELECT orm_check();                   -- 1, or an error listing
**                                         -- every difference
**
** ormCompareLoad() reads the declarations (_orm_model) and the managed
** live objects, checks the rename hints (_orm_rename), and computes the
** diff from live to declared.  Lazily (bLazy), a declaration whose CREATE
** text is exactly that of the live object is copied from it rather than
** introspected.  ormCompareKeepQuotes() then makes a direction rebuild
** where SQLite's DROP COLUMN would rewrite the string literals of a view
** or trigger.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/*
** The declarations (zeroed *pRows), shallow, in the order a replay of
** every declaration would give: tables, indexes, views, triggers, each by
** declaration order.
*/
static void ormCompareModel(OrmErr *pErr, sqlite3 *db, OrmSchema *pRows){
  sqlite3_stmt *pStmt;
  if( pErr->rc || !ormStoreExists(pErr, db) ) return;
  pStmt = ormPrepare(pErr, db,
      "SELECT type, name, tbl_name, sql FROM main._orm_model"
      " ORDER BY CASE type WHEN 'table' THEN 1 WHEN 'index' THEN 2"
      "   WHEN 'view' THEN 3 ELSE 4 END, seq");
  while( ormStep(pErr, pStmt) ){
    if( sqlite3_column_type(pStmt, 0)==SQLITE_NULL
     || sqlite3_column_type(pStmt, 1)==SQLITE_NULL
     || sqlite3_column_type(pStmt, 2)==SQLITE_NULL
     || sqlite3_column_type(pStmt, 3)==SQLITE_NULL ){
      ormErrSet(pErr, SQLITE_ERROR, ORM_MODEL_NULL_MSG);
      break;
    }
    ormGuardModelRow(pErr, (const char*)sqlite3_column_text(pStmt, 0),
        (const char*)sqlite3_column_text(pStmt, 1),
        (const char*)sqlite3_column_text(pStmt, 3));
    ormSchemaAddShallow(pErr, pRows,
        (const char*)sqlite3_column_text(pStmt, 0),
        (const char*)sqlite3_column_text(pStmt, 1),
        (const char*)sqlite3_column_text(pStmt, 2),
        (const char*)sqlite3_column_text(pStmt, 3));
  }
  ormFinalize(pErr, pStmt);
  ormSchemaIndex(pRows);
}

/*
** Objects that orm_migrate compares: declared now (in pRows) or managed
** before.
*/
static void ormCompareNames(OrmErr *pErr, sqlite3 *db,
                            const OrmSchema *pRows, OrmStrList *pNames,
                            OrmStrList *pUnmanaged){
  unsigned char *aManaged = ormMalloc(pErr, pRows->nObj+1);
  sqlite3_stmt *pStmt;
  int i;
  if( aManaged==0 ) return;
  memset(aManaged, 0, pRows->nObj+1);
  for(i=0; i<pRows->nObj; i++) ormListAdd(pErr, pNames, pRows->aObj[i].zName);
  if( ormStoreExists(pErr, db) ){
    pStmt = ormPrepare(pErr, db, "SELECT name FROM main._orm_managed");
    while( ormStep(pErr, pStmt) ){
      const char *zName = (const char*)sqlite3_column_text(pStmt, 0);
      int iName = ormListFind(pNames, zName);
      if( iName<0 ){
        ormListAdd(pErr, pNames, zName);
      }else if( iName<pRows->nObj ){
        aManaged[iName] = 1;
      }
    }
    ormFinalize(pErr, pStmt);
  }
  for(i=0; i<pRows->nObj; i++){
    if( !aManaged[i] ) ormListAdd(pErr, pUnmanaged, pRows->aObj[i].zName);
  }
  sqlite3_free(aManaged);
}

/*
** A declared table (of pDecl) with a foreign key to table zParent, and to
** its column zCol when that is not NULL, or NULL.
*/
static const char *ormCompareRefersTo(const OrmSchema *pDecl,
                                      const char *zParent, const char *zCol){
  int i, j, k;
  for(i=0; i<pDecl->nObj; i++){
    const OrmObject *pObj = &pDecl->aObj[i];
    if( pObj->eType!=ORM_OBJ_TABLE ) continue;
    for(j=0; j<pObj->nFk; j++){
      const OrmFk *pFk = &pObj->aFk[j];
      if( sqlite3_stricmp(pFk->zParent, zParent) ) continue;
      if( zCol==0 ) return pObj->zName;
      for(k=0; k<pFk->nCol; k++){
        if( sqlite3_stricmp(pFk->aCol[k].zTo, zCol)==0 ) return pObj->zName;
      }
    }
  }
  return 0;
}

/* Load the rename hints (orm_rename) into *pRen, zeroed. */
static void ormCompareLoadRenames(OrmErr *pErr, sqlite3 *db,
                                  OrmRenames *pRen){
  sqlite3_stmt *pStmt;
  if( !ormStoreExists(pErr, db) ) return;
  pStmt = ormPrepare(pErr, db,
      "SELECT tbl, old, new FROM main._orm_rename ORDER BY tbl, rowid");
  while( ormStep(pErr, pStmt) ){
    ormListAdd(pErr, &pRen->table, (const char*)sqlite3_column_text(pStmt,0));
    ormListAdd(pErr, &pRen->old, (const char*)sqlite3_column_text(pStmt, 1));
    ormListAdd(pErr, &pRen->new, (const char*)sqlite3_column_text(pStmt, 2));
  }
  ormFinalize(pErr, pStmt);
}

/*
** Is zName the old (bOld) or new name of a column hint of pRen on table
** zTab (by its new name)?
*/
static int ormCompareHinted(const OrmRenames *pRen, const char *zTab,
                            const char *zName, int bOld){
  int i;
  for(i=0; i<pRen->old.n; i++){
    if( pRen->table.az[i][0] && sqlite3_stricmp(pRen->table.az[i], zTab)==0
     && sqlite3_stricmp(bOld ? pRen->old.az[i] : pRen->new.az[i], zName)==0
    ){
      return 1;
    }
  }
  return 0;
}

char *ormCompareHintArgs(OrmErr *pErr, const char *zTab, const char *zOld,
                         const char *zNew){
  return zTab[0] ? ormMprintf(pErr, "%Q, %Q, %Q", zTab, zOld, zNew)
                 : ormMprintf(pErr, "%Q, %Q", zOld, zNew);
}

/*
** Check that each rename hint of pRen applies: no earlier hint gives the
** same new name, the old object is live and the new one declared, and no
** declaration still names the old one
** (SQLite's rename rewrites the REFERENCES clauses that do, so such a
** declaration could never be reached).
*/
static void ormCompareCheckRenames(OrmErr *pErr, const OrmSchema *pLive,
                                   const OrmSchema *pDecl,
                                   const OrmRenames *pRen){
  int i;
  for(i=0; pErr->rc==SQLITE_OK && i<pRen->old.n; i++){
    const char *zTab = pRen->table.az[i];
    const char *zOld = pRen->old.az[i];
    const char *zNew = pRen->new.az[i];
    const char *zWhy = 0;
    const char *zChild = 0;
    char *zStale = 0;
    int j;
    /* Two hints onto one new name: the second would clash with the first
    ** (hints are loaded in the order they were given, per table). */
    for(j=0; j<i; j++){
      if( sqlite3_stricmp(pRen->table.az[j], zTab)==0
       && sqlite3_stricmp(pRen->new.az[j], zNew)==0 ){
        break;
      }
    }
    if( j<i ){
      char *zOther = ormCompareHintArgs(pErr, zTab, pRen->old.az[j],
                                        pRen->new.az[j]);
      zWhy = zStale = ormMprintf(pErr,
          "the hint orm_rename(%s) gives the same new name", zOther);
      sqlite3_free(zOther);
    }else if( zTab[0]==0 ){
      const OrmObject *pOld = ormSchemaFind(pLive, zOld);
      const OrmObject *pNew = ormSchemaFind(pDecl, zNew);
      if( pOld==0 || pOld->eType!=ORM_OBJ_TABLE ){
        zWhy = "the database has no managed table of the old name";
      }else if( pNew==0 || pNew->eType!=ORM_OBJ_TABLE ){
        zWhy = "no table of the new name is declared";
      }else if( ormSchemaFind(pLive, zNew) ){
        zWhy = "a table of the new name exists already";
      }else if( ormSchemaFind(pDecl, zOld) ){
        zWhy = "a table of the old name is still declared";
      }else{
        zChild = ormCompareRefersTo(pDecl, zOld, 0);
      }
    }else{
      const OrmObject *pNew = ormSchemaFind(pDecl, zTab);
      const OrmObject *pOld = ormSchemaFind(pLive,
                                            ormDiffOldTable(pRen, zTab));
      if( pNew==0 || pNew->eType!=ORM_OBJ_TABLE ){
        zWhy = "no table of that name is declared";
      }else if( pOld==0 || pOld->eType!=ORM_OBJ_TABLE ){
        zWhy = "the table does not exist in the database yet";
      }else if( ormSchemaColumn(pOld, zOld)==0 ){
        zWhy = "the table has no column of the old name";
      }else if( ormSchemaColumn(pNew, zNew)==0 ){
        zWhy = "the declared table has no column of the new name";
      }else if( ormSchemaColumn(pNew, zOld)
             && !ormCompareHinted(pRen, zTab, zOld, 0) ){
        /* Both a renamed and a new column: which one keeps the values? */
        zWhy = "the declared table still has a column of the old name";
      }else if( ormSchemaColumn(pOld, zNew)
             && !ormCompareHinted(pRen, zTab, zNew, 1) ){
        zWhy = "the table has a column of the new name already";
      }else if( ormSchemaColumn(pNew, zOld)==0 ){
        zChild = ormCompareRefersTo(pDecl, zTab, zOld);
      }
    }
    if( zChild ){
      /* "t" for a table, "t"."c" for a column. */
      char *zWas = zTab[0] ? ormMprintf(pErr, "\"%w\".\"%w\"", zTab, zOld)
                           : ormMprintf(pErr, "\"%w\"", zOld);
      char *zIs = zTab[0] ? ormMprintf(pErr, "\"%w\".\"%w\"", zTab, zNew)
                          : ormMprintf(pErr, "\"%w\"", zNew);
      zWhy = zStale = ormMprintf(pErr, "declared table \"%w\" still"
          " references %s, which the rename makes %s", zChild, zWas, zIs);
      sqlite3_free(zWas);
      sqlite3_free(zIs);
    }
    if( zWhy ){
      char *zHint = ormCompareHintArgs(pErr, zTab, zOld, zNew);
      ormErrSet(pErr, SQLITE_ERROR,
          "the hint orm_rename(%s) does not apply: %s;"
          " fix the declarations, or DELETE FROM _orm_rename to drop hints",
          zHint, zWhy);
      sqlite3_free(zHint);
    }
    sqlite3_free(zStale);
  }
}

/*
** The live object that declaration pRow describes exactly (the same name
** and the very same CREATE text), or NULL.
*/
static const OrmObject *ormCompareSameAsLive(const OrmSchema *pLive,
                                             const OrmObject *pRow){
  const OrmObject *pObj = ormSchemaFind(pLive, pRow->zName);
  return (pObj && strcmp(pObj->zSql, pRow->zSql)==0) ? pObj : 0;
}

/*
** Load the declared schema into *pDecl (zeroed by the caller) from the
** declarations pRows (shallow: ormCompareModel()), in their order.
**
** A declaration whose CREATE text is exactly that of the live object of
** the same name has exactly its introspection (PRAGMAs read nothing but
** the statement), so it is copied from pLive.  Only the other tables are
** made, each on its own, in a private in-memory database to be read there;
** an index, view or trigger is its text.  Replaying thousands of
** unchanged declarations would cost O(n^2): SQLite scans its schema after
** each CREATE.
*/
static void ormCompareDeclared(OrmErr *pErr, sqlite3 *db, OrmSchema *pRows,
                               const OrmSchema *pLive, OrmSchema *pDecl){
  unsigned char *aDiff;
  int i;
  if( pErr->rc ) return;
  aDiff = ormMalloc(pErr, pRows->nObj+1);
  if( aDiff==0 ) return;

  /* Which declarations differ from the live objects? */
  for(i=0; i<pRows->nObj; i++){
    aDiff[i] = ormCompareSameAsLive(pLive, &pRows->aObj[i])==0;
  }
  ormSchemaDeepenFromText(pErr, db, pRows, aDiff);

  /* Assemble, in replay order. */
  for(i=0; pErr->rc==SQLITE_OK && i<pRows->nObj; i++){
    ormSchemaAddCopy(pErr, pDecl, aDiff[i] ? &pRows->aObj[i]
                               : ormCompareSameAsLive(pLive, &pRows->aObj[i]));
  }
  ormSchemaIndex(pDecl);
  sqlite3_free(aDiff);
}

/*
** Load the live schema into *pLive (zeroed), introspecting only what a
** diff can need: the objects that no declaration of the very same text
** stands for (the others compare equal by their text), or everything when
** rename hints are pending (they change the foreign keys of other tables).
*/
static void ormCompareLiveLazy(OrmErr *pErr, sqlite3 *db,
                               const OrmSchema *pRows, const OrmRenames *pRen,
                               OrmSchema *pLive){
  unsigned char *aWant;
  int i;
  ormSchemaLoadShallow(pErr, db, "main", 0, pLive);
  aWant = ormMalloc(pErr, pLive->nObj+1);
  if( aWant==0 ) return;
  memset(aWant, 1, pLive->nObj+1);
  for(i=0; pRen->old.n==0 && i<pRows->nObj; i++){
    const OrmObject *pObj = ormCompareSameAsLive(pLive, &pRows->aObj[i]);
    if( pObj ) aWant[pObj - pLive->aObj] = 0;
  }
  ormSchemaDeepen(pErr, db, "main", pLive, aWant);
  sqlite3_free(aWant);
}

/*
** Compare the live database with the declarations: fill *p (zeroed by
** the caller, who frees it with ormCompareFree() even on error).
*/
void ormCompareLoad(OrmErr *pErr, sqlite3 *db, OrmCompare *p){
  OrmStrList names = {0, 0, 0, 0, 0};
  OrmSchema rows = {0, 0, 0, 0, 0};      /* the declarations, shallow */
  p->db = db;
  ormCompareModel(pErr, db, &rows);
  ormCompareNames(pErr, db, &rows, &names, &p->unmanaged);
  ormCompareLoadRenames(pErr, db, &p->ren);
  if( p->bLazy ){
    ormCompareLiveLazy(pErr, db, &rows, &p->ren, &p->live);
  }else{
    ormSchemaLoad(pErr, db, "main", &p->live);
  }
  ormCompareDeclared(pErr, db, &rows, &p->live, &p->decl);
  ormSchemaFree(&rows);
  ormSchemaKeep(pErr, &p->live, &names, &p->other);
  ormCompareCheckRenames(pErr, &p->live, &p->decl, &p->ren);
  ormDiffCompute(pErr, &p->live, &p->decl, &p->ren, &p->diff);
  p->diff.pOther = &p->other;
  /* The native ALTERs it may plan: the running SQLite's, down to the
  ** floor of orm_config('min_sqlite'). */
  p->diff.iSqlite = ormConfigPlanFor(pErr, db);
  ormListFree(&names);
}

void ormCompareFree(OrmCompare *p){
  ormListFree(&p->unmanaged);
  ormDiffFree(&p->diff);
  ormDiffRenamesFree(&p->ren);
  ormSchemaFree(&p->live);
  ormSchemaFree(&p->decl);
  ormSchemaFree(&p->other);
}

/* Does a change of pDiff drop a column? */
static int ormCompareAnyDrop(const OrmDiff *pDiff){
  int i;
  for(i=0; i<pDiff->nChange; i++){
    if( pDiff->aChange[i].drop.n ) return 1;
  }
  return 0;
}

/* Could SQLite's DROP COLUMN rewrite an object of p (ormScratchDqs())? */
static int ormCompareAnyQuote(const OrmSchema *p){
  int i;
  for(i=0; i<p->nObj; i++){
    if( ormScratchMayRewrite(&p->aObj[i]) ) return 1;
  }
  return 0;
}

/*
** Keep the views and triggers as they are.  SQLite's DROP COLUMN, and
** its RENAME with legacy_alter_table off, rewrite the double-quoted string
** literals of every view and trigger of the database (ormScratchDqs()).
** Where a direction (pDiff: up from pFrom, and back) drops a column and
** such an object would be there (not dropped first: the diff drops the
** views and triggers it changes before it alters a table), that
** direction rebuilds instead; a rename cannot be done otherwise, so with
** renames it is an error.  pSrc is a scratch source of pFrom and
** cmp->other made already, or NULL (then one is made, with pObjects as
** ormScratchInit() takes it).
*/
void ormCompareKeepQuotes(OrmErr *pErr, const OrmCompare *cmp,
                          OrmDiff *pDiff, const OrmSchema *pFrom,
                          const OrmScratchSrc *pSrc,
                          const OrmStrList *pObjects){
  OrmScratchSrc src;
  OrmStrList gone = {0, 0, 0, 0, 0};     /* dropped before any ALTER */
  int bRename = cmp->ren.old.n>0;
  char *zName;
  int i;
  if( pErr->rc || !(bRename || ormCompareAnyDrop(pDiff)) ) return;
  if( !ormCompareAnyQuote(pFrom) && !ormCompareAnyQuote(&cmp->other) ){
    return;
  }
  for(i=0; i<pDiff->nChange; i++){
    const OrmChange *p = &pDiff->aChange[i];
    if( p->eOp==ORM_OP_DROP_VIEW || p->eOp==ORM_OP_DROP_TRIGGER ){
      ormListAdd(pErr, &gone, p->pFrom->zName);
    }
  }
  if( pSrc==0 ){
    ormScratchInit(pErr, &src, pFrom, &cmp->other, pObjects);
    src.dbUser = cmp->db;
    zName = ormScratchDqs(pErr, &src, &gone);
    ormScratchFree(&src);
  }else{
    zName = ormScratchDqs(pErr, pSrc, &gone);
  }
  ormListFree(&gone);
  if( zName && bRename ){
    const OrmObject *pObj = ormSchemaFind(pFrom, zName);
    if( pObj==0 ) pObj = ormSchemaFind(&cmp->other, zName);
    ormErrSet(pErr, SQLITE_ERROR,
        "%s \"%s\" has a double-quoted string (\"abc\" meant"
        " as 'abc'), which SQLite's ALTER TABLE RENAME would rewrite as"
        " 'abc'; write its strings in single quotes, then run orm_migrate()"
        " again", pObj && pObj->eType==ORM_OBJ_TRIGGER ? "trigger" : "view",
        zName);
  }else if( zName ){
    pDiff->bNoDropColumn = 1;
  }
  sqlite3_free(zName);
}

/*
** orm_check(): 1 when the database is at head and matches the
** declarations; otherwise an error listing every difference.
*/
void ormCompareCheckFunc(sqlite3_context *pCtx, int nArg,
                         sqlite3_value **apArg){
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  OrmHistory hist;
  OrmCompare cmp;
  sqlite3_str *pOut = sqlite3_str_new(0);
  int i, n = 0, nPending = 0, bHeads = 0;
  (void)nArg; (void)apArg;
  memset(&cmp, 0, sizeof(cmp));
  ormStoreLoad(&err, p->db, &hist);
  for(i=0; err.rc==SQLITE_OK && i<hist.nRev; i++){
    if( !hist.aRev[i].bApplied ){
      sqlite3_str_appendf(pOut, "%srevision %s is pending",
                          n++ ? "; " : "", hist.aRev[i].zId);
      nPending++;
    }
  }
  {
    char *zHeads = ormStoreHeads(&err, &hist);
    if( zHeads && strchr(zHeads, ',') ){
      sqlite3_str_appendf(pOut, "%sthere are several heads (%s)",
                          n++ ? "; " : "", zHeads);
      bHeads = 1;
    }
    sqlite3_free(zHeads);
  }
  cmp.bLazy = 1;                         /* only the diff is read */
  ormCompareLoad(&err, p->db, &cmp);
  for(i=0; err.rc==SQLITE_OK && i<cmp.diff.nChange; i++){
    const OrmChange *pC = &cmp.diff.aChange[i];
    const OrmObject *pObj = pC->pTo ? pC->pTo : pC->pFrom;
    char *zDetail = ormDiffDetailIn(&err, &cmp.diff, i);
    sqlite3_str_appendf(pOut, "%s%s \"%s\"%s%s", n++ ? "; " : "",
                        ormDiffOpName(pC->eOp), pObj->zName,
                        zDetail && zDetail[0] ? ": " : "",
                        zDetail ? zDetail : "");
    sqlite3_free(zDetail);
  }
  /* A live column that no declaration has (added by hand, or left out of
  ** the models) is data: orm_migrate() would drop it, so offer both ways. */
  if( err.rc==SQLITE_OK && n==1 && nPending==0 && cmp.diff.nChange==1
   && cmp.diff.aChange[0].eOp==ORM_OP_ALTER_TABLE
   && cmp.diff.aChange[0].drop.n==1 && cmp.diff.aChange[0].add.n==0
   && cmp.diff.aChange[0].change.n==0 && cmp.diff.aChange[0].renOld.n==0 ){
    const OrmChange *pC = &cmp.diff.aChange[0];
    ormErrSet(&err, SQLITE_ERROR,
        "orm_check: column \"%s\".\"%s\" is in the database but not"
        " declared; to keep it, add it to the declaration of \"%s\""
        " (orm_declare), or to drop it with its values, run orm_migrate()"
        " and orm_upgrade('head', 'allow-data-loss')",
        pC->pFrom->zName, pC->drop.az[0], pC->pFrom->zName);
  }
  if( err.rc==SQLITE_OK && n>0 ){
    char *zList = sqlite3_str_finish(pOut);
    pOut = 0;
    ormErrSet(&err, SQLITE_ERROR,
        "orm_check: %d difference%s: %s; run %s%s", n, n==1 ? "" : "s",
        zList ? zList : "", bHeads ? "orm_merge(), then " : "",
        cmp.diff.nChange ? (nPending ? "orm_upgrade(), then orm_migrate()"
                                       " and orm_upgrade() again"
                                     : "orm_migrate() and orm_upgrade()")
                         : "orm_upgrade()");
    sqlite3_free(zList);
  }
  if( pOut ) sqlite3_free(sqlite3_str_finish(pOut));
  ormCompareFree(&cmp);
  ormStoreFree(&hist);
  if( err.rc==SQLITE_OK ) sqlite3_result_int(pCtx, 1);
  ormErrResult(&err, pCtx, "orm_check");
}
