/*
** migrate.c - orm_migrate(): autogenerate a revision from the difference
** between the declarations and the live database.
**
**   SELECT orm_migrate('add password');   -- '4f1c2a9e03bd', or NULL
**
** The up-SQL is planned from the live schema to the declared one, and the
** down-SQL back.  Both are proven before the revision is stored: they run
** on a scratch copy of the schema (no rows), and the result must compare
** equal to the declared schema, then to the live one again.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/*
** The declarations (zeroed *pRows), shallow, in the order a replay of
** every declaration would give: tables, indexes, views, triggers, each by
** declaration order.
*/
static void ormMigrateModel(OrmErr *pErr, sqlite3 *db, OrmSchema *pRows){
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
static void ormMigrateNames(OrmErr *pErr, sqlite3 *db,
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
static const char *ormMigrateRefersTo(const OrmSchema *pDecl,
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
static void ormMigrateLoadRenames(OrmErr *pErr, sqlite3 *db,
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
static int ormMigrateHinted(const OrmRenames *pRen, const char *zTab,
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

/*
** Check that each rename hint of pRen applies: the old object is live and
** the new one declared, and no declaration still names the old one
** (SQLite's rename rewrites the REFERENCES clauses that do, so such a
** declaration could never be reached).
*/
static void ormMigrateCheckRenames(OrmErr *pErr, const OrmSchema *pLive,
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
    if( zTab[0]==0 ){
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
        zChild = ormMigrateRefersTo(pDecl, zOld, 0);
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
             && !ormMigrateHinted(pRen, zTab, zOld, 0) ){
        /* Both a renamed and a new column: which one keeps the values? */
        zWhy = "the declared table still has a column of the old name";
      }else if( ormSchemaColumn(pOld, zNew)
             && !ormMigrateHinted(pRen, zTab, zNew, 1) ){
        zWhy = "the table has a column of the new name already";
      }else if( ormSchemaColumn(pNew, zOld)==0 ){
        zChild = ormMigrateRefersTo(pDecl, zTab, zOld);
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
      char *zHint = zTab[0] ? ormMprintf(pErr, "%Q, %Q, %Q", zTab, zOld, zNew)
                            : ormMprintf(pErr, "%Q, %Q", zOld, zNew);
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
static const OrmObject *ormMigrateSameAsLive(const OrmSchema *pLive,
                                             const OrmObject *pRow){
  const OrmObject *pObj = ormSchemaFind(pLive, pRow->zName);
  return (pObj && strcmp(pObj->zSql, pRow->zSql)==0) ? pObj : 0;
}

/*
** Load the declared schema into *pDecl (zeroed by the caller) from the
** declarations pRows (shallow: ormMigrateModel()), in their order.
**
** A declaration whose CREATE text is exactly that of the live object of
** the same name has exactly its introspection (PRAGMAs read nothing but
** the statement), so it is copied from pLive.  Only the other tables are
** made, each on its own, in a private in-memory database to be read there;
** an index, view or trigger is its text.  Replaying thousands of
** unchanged declarations would cost O(n^2): SQLite scans its schema after
** each CREATE.
*/
static void ormMigrateDeclared(OrmErr *pErr, sqlite3 *db, OrmSchema *pRows,
                               const OrmSchema *pLive, OrmSchema *pDecl){
  unsigned char *aDiff;
  int i;
  if( pErr->rc ) return;
  aDiff = ormMalloc(pErr, pRows->nObj+1);
  if( aDiff==0 ) return;

  /* Which declarations differ from the live objects? */
  for(i=0; i<pRows->nObj; i++){
    aDiff[i] = ormMigrateSameAsLive(pLive, &pRows->aObj[i])==0;
  }
  ormSchemaDeepenFromText(pErr, db, pRows, aDiff);

  /* Assemble, in replay order. */
  for(i=0; pErr->rc==SQLITE_OK && i<pRows->nObj; i++){
    ormSchemaAddCopy(pErr, pDecl, aDiff[i] ? &pRows->aObj[i]
                               : ormMigrateSameAsLive(pLive, &pRows->aObj[i]));
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
static void ormMigrateLiveLazy(OrmErr *pErr, sqlite3 *db,
                               const OrmSchema *pRows, const OrmRenames *pRen,
                               OrmSchema *pLive){
  unsigned char *aWant;
  int i;
  ormSchemaLoadShallow(pErr, db, "main", 0, pLive);
  aWant = ormMalloc(pErr, pLive->nObj+1);
  if( aWant==0 ) return;
  memset(aWant, 1, pLive->nObj+1);
  for(i=0; pRen->old.n==0 && i<pRows->nObj; i++){
    const OrmObject *pObj = ormMigrateSameAsLive(pLive, &pRows->aObj[i]);
    if( pObj ) aWant[pObj - pLive->aObj] = 0;
  }
  ormSchemaDeepen(pErr, db, "main", pLive, aWant);
  sqlite3_free(aWant);
}

/*
** Compare the live database with the declarations: fill *p (zeroed by
** the caller, who frees it with ormMigrateCompareFree() even on error).
*/
void ormMigrateCompare(OrmErr *pErr, sqlite3 *db, OrmCompare *p){
  OrmStrList names = {0, 0, 0, 0, 0};
  OrmSchema rows = {0, 0, 0, 0, 0};      /* the declarations, shallow */
  p->db = db;
  ormMigrateModel(pErr, db, &rows);
  ormMigrateNames(pErr, db, &rows, &names, &p->unmanaged);
  ormMigrateLoadRenames(pErr, db, &p->ren);
  if( p->bLazy ){
    ormMigrateLiveLazy(pErr, db, &rows, &p->ren, &p->live);
  }else{
    ormSchemaLoad(pErr, db, "main", &p->live);
  }
  ormMigrateDeclared(pErr, db, &rows, &p->live, &p->decl);
  ormSchemaFree(&rows);
  ormSchemaKeep(pErr, &p->live, &names, &p->other);
  ormMigrateCheckRenames(pErr, &p->live, &p->decl, &p->ren);
  ormDiffCompute(pErr, &p->live, &p->decl, &p->ren, &p->diff);
  p->diff.pOther = &p->other;
  /* The native ALTERs it may plan: the running SQLite's, down to the
  ** floor of orm_config('min_sqlite'). */
  p->diff.iSqlite = ormConfigPlanFor(pErr, db);
  ormListFree(&names);
}

void ormMigrateCompareFree(OrmCompare *p){
  ormListFree(&p->unmanaged);
  ormDiffFree(&p->diff);
  ormDiffRenamesFree(&p->ren);
  ormSchemaFree(&p->live);
  ormSchemaFree(&p->decl);
  ormSchemaFree(&p->other);
}

/*
** "Destructive", defined once: a revision is destructive when applying it
** can drop or rewrite stored data.  orm_migrate knows it from the changes
** it plans: a table dropped, a column dropped or changed
** (ormMigrateDestructive()).  Of SQL written by hand (an orm_migrations
** INSERT, a file imported without ormext's header) only the text is known:
** a DROP TABLE or an ALTER TABLE ... DROP COLUMN makes it destructive
** (ormMigrateDestructiveSql()).
*/
int ormMigrateDestructive(const OrmChange *p){
  if( p->eOp==ORM_OP_DROP_TABLE ) return 1;
  return p->eOp==ORM_OP_ALTER_TABLE && (p->drop.n || p->change.n);
}
int ormMigrateDestructiveSql(const char *zUp){
  return ormNormCountDrops(zUp)>0;
}

/* Can applying the diff drop or rewrite existing data? */
static int ormMigrateAnyDestructive(const OrmDiff *pDiff){
  int i;
  for(i=0; i<pDiff->nChange; i++){
    if( ormMigrateDestructive(&pDiff->aChange[i]) ) return 1;
  }
  return 0;
}

/* Has table zTab of p an index named in pNames? */
static int ormMigrateHasIndexIn(const OrmSchema *p, const char *zTab,
                                const OrmStrList *pNames){
  int i;
  for(i=0; i<p->nObj; i++){
    const OrmObject *pObj = &p->aObj[i];
    if( pObj->eType==ORM_OBJ_INDEX && sqlite3_stricmp(pObj->zTbl, zTab)==0
     && ormListFind(pNames, pObj->zName)>=0 ){
      return 1;
    }
  }
  return 0;
}

/*
** Run zSql (a part of a revision) on dbScratch and check that every
** managed object (named in pNames) of the scratch copy then equals its
** counterpart in pTo, and that every object of pTo named in pScope is
** there.  zWhat names the direction for errors.
**
** An object whose CREATE text is that of its counterpart, up to the
** spelling of its name (what a rebuild's RENAME leaves), is equal without
** more.  Only the others are introspected and compared signature by
** signature.
*/
static void ormMigrateCheck(OrmErr *pErr, sqlite3 *dbUser,
                            sqlite3 *dbScratch,
                            const char *zSql, const OrmSchema *pTo,
                            const OrmStrList *pNames,
                            const OrmStrList *pScope, const char *zWhat){
  OrmSchema got = {0, 0, 0, 0, 0};
  OrmSchema want = {0, 0, 0, 0, 0};
  OrmDiff rest = {0, 0, 0, 0, 0, 0};
  OrmErr errRun = {0, 0};
  OrmStrList left = {0, 0, 0, 0, 0};     /* to compare by introspection */
  unsigned char *aWant = 0;
  int i;
  if( pErr->rc ) return;
  ormExec(&errRun, dbScratch, zSql);
  if( errRun.rc ){
    ormErrSet(pErr, SQLITE_INTERNAL,
        "orm_migrate: internal error: the generated %s-SQL fails on a copy"
        " of the schema: %s; please report this with the schema",
        zWhat, errRun.zMsg ? errRun.zMsg : "error");
    ormErrClear(&errRun);
    return;
  }
  ormSchemaLoadShallow(pErr, dbScratch, "main", 1, &got);
  ormSchemaKeep(pErr, &got, pNames, 0);
  for(i=0; pErr->rc==SQLITE_OK && i<got.nObj; i++){
    const OrmObject *pGot = &got.aObj[i];
    const OrmObject *pExp = ormSchemaFind(pTo, pGot->zName);
    if( pExp==0 || pExp->eType!=pGot->eType
     || !ormNormSameCreate(pExp->zSql, pGot->zSql) ){
      ormListAdd(pErr, &left, pGot->zName);
    }
  }
  for(i=0; pErr->rc==SQLITE_OK && i<pScope->n; i++){
    const char *zName = pScope->az[i];
    if( ormSchemaFind(pTo, zName) && ormSchemaFind(&got, zName)==0
     && ormListFind(&left, zName)<0 ){
      ormListAdd(pErr, &left, zName);
    }
  }

  if( left.n>0 ){
    /* Compare what differs in text by introspection. */
    aWant = ormMalloc(pErr, got.nObj+1);
    for(i=0; aWant && i<got.nObj; i++){
      aWant[i] = ormListFind(&left, got.aObj[i].zName)>=0;
    }
    ormSchemaDeepen(pErr, dbScratch, "main", &got, aWant);
    ormSchemaKeep(pErr, &got, &left, 0);
    for(i=0; i<pTo->nObj; i++){
      const OrmObject *pObj = &pTo->aObj[i];
      if( ormListFind(&left, pObj->zName)>=0 ){
        ormSchemaAddCopy(pErr, &want, pObj);
      }else if( pObj->eType==ORM_OBJ_TABLE
             && ormMigrateHasIndexIn(pTo, pObj->zName, &left) ){
        /* An index is read on its table (ormSchemaDeepenFromText()). */
        ormSchemaAddCopy(pErr, &want, pObj);
      }
    }
    ormSchemaIndex(&want);
    ormSchemaDeepenFromText(pErr, dbUser, &want, 0);
    ormSchemaKeep(pErr, &want, &left, 0);
    ormDiffCompute(pErr, &got, &want, 0, &rest);
    if( pErr->rc==SQLITE_OK && rest.nChange>0 ){
      const OrmChange *p = &rest.aChange[0];
      const OrmObject *pObj = p->pTo ? p->pTo : p->pFrom;
      ormErrSet(pErr, SQLITE_INTERNAL,
          "orm_migrate: internal error: the generated %s-SQL does not give"
          " the expected schema (%s \"%s\" still differs); please report"
          " this with the schema", zWhat, ormDiffOpName(p->eOp), pObj->zName);
    }
  }
  sqlite3_free(aWant);
  ormListFree(&left);
  ormDiffFree(&rest);
  ormSchemaFree(&want);
  ormSchemaFree(&got);
}

/* The names change p creates, drops or changes, and their tables. */
static void ormMigrateTouched(OrmErr *pErr, const OrmChange *p,
                              OrmStrList *pOut){
  /* An index or trigger needs its table in the copy too. */
  if( p->pFrom ){
    ormListAdd(pErr, pOut, p->pFrom->zName);
    ormListAdd(pErr, pOut, p->pFrom->zTbl);
  }
  if( p->pTo ){
    ormListAdd(pErr, pOut, p->pTo->zName);
    ormListAdd(pErr, pOut, p->pTo->zTbl);
  }
}

/* Union-find over changes: the representative of change i. */
static int ormMigrateRoot(int *aParent, int i){
  while( aParent[i]!=i ){
    aParent[i] = aParent[aParent[i]];
    i = aParent[i];
  }
  return i;
}

/* Append to pOut the parts az[k] of the changes k of group iRoot. */
static char *ormMigrateGroupSql(OrmErr *pErr, char **az, int n,
                                int *aParent, const int *aComp, int iRoot){
  sqlite3_str *pOut = sqlite3_str_new(0);
  char *z;
  int k;
  for(k=0; k<n; k++){
    int iComp = aComp ? aComp[k] : k;
    if( az[k] && ormMigrateRoot(aParent, iComp)==iRoot ){
      sqlite3_str_appendall(pOut, az[k]);
    }
  }
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  z = sqlite3_str_finish(pOut);
  if( z==0 ) z = ormStrdup(pErr, "");
  return z;
}

/*
** Prove group iRoot: on a scratch copy of its objects (marked in aMark),
** its up-SQL must give the declared schema, then its down-SQL the live one.
*/
static void ormMigrateProveGroup(OrmErr *pErr, const OrmCompare *cmp,
                                 const OrmScratchSrc *pSrcUp,
                                 const unsigned char *aMark,
                                 const OrmStrList *pScope,
                                 const OrmStrList *pNames,
                                 const char *zUp, const char *zDown){
  sqlite3 *dbScratch = 0;
  ormScratchOpenMarked(pErr, pSrcUp, aMark, &dbScratch, 0);
  ormMigrateCheck(pErr, pSrcUp->dbUser, dbScratch, zUp, &cmp->decl, pNames,
                  pScope, "up");
  ormMigrateCheck(pErr, pSrcUp->dbUser, dbScratch, zDown, &cmp->live, pNames,
                  pScope, "down");
  sqlite3_close(dbScratch);
}

/*
** The key of the shape of a group (shape.c): everything its proof reads -
** the scratch objects and whether each is managed, the up- and down-SQL,
** and the declared and live objects of its scope (a live object is in the
** scratch copy: it is named by its place there).  NULL: not shareable.
*/
static char *ormMigrateGroupKey(OrmErr *pErr, const OrmShape *pShape,
                                const OrmCompare *cmp,
                                const OrmScratchSrc *pSrcUp,
                                const unsigned char *aMark,
                                const OrmStrList *pScope,
                                const OrmStrList *pNames,
                                const char *zUp, const char *zDown){
  int nMax = pSrcUp->nObj*2 + pScope->n*2 + 2;
  const char **az = ormMalloc(pErr, sizeof(char*)*nMax);
  char *zPlaces = ormMalloc(pErr, pScope->n*12+1);
  const OrmObject **apMarked = ormMalloc(pErr,
      sizeof(OrmObject*)*(pSrcUp->nObj+1));
  char *zKey = 0;
  int i, j, n = 0, nMarked = 0, nPlaces = 0;
  if( az && zPlaces && apMarked ){
    for(i=0; i<pSrcUp->nObj; i++){
      const OrmObject *pObj = pSrcUp->apObj[i];
      if( !aMark[i] ) continue;
      apMarked[nMarked++] = pObj;
      az[n++] = ormListFind(pNames, pObj->zName)>=0 ? "=1" : "=0";
      az[n++] = pObj->zSql;
    }
    az[n++] = zUp;
    az[n++] = zDown;
    for(i=0; i<pScope->n; i++){
      const OrmObject *pDecl = ormSchemaFind(&cmp->decl, pScope->az[i]);
      const OrmObject *pLive = ormSchemaFind(&cmp->live, pScope->az[i]);
      for(j=0; pLive && j<nMarked && apMarked[j]!=pLive; j++){}
      az[n++] = pDecl ? pDecl->zSql : 0;
      sqlite3_snprintf(12, &zPlaces[nPlaces], "=%d", pLive ? j : -1);
      az[n++] = &zPlaces[nPlaces];
      nPlaces += (int)strlen(&zPlaces[nPlaces]) + 1;
    }
    zKey = ormShapeKey(pErr, pShape, az, n);
  }
  sqlite3_free(az);
  sqlite3_free(zPlaces);
  sqlite3_free(apMarked);
  return zKey;
}

/*
** Try each native guess among the parts az[] of group iRoot (aGuess[k]:
** part k is one; aComp as ormMigrateGroupSql()) where it would run: on a
** scratch copy of the group (aMark) after zBefore and the group's parts
** before it.  A guess that fails there, or does not give table pTo of
** change k exactly, is replanned as a rebuild.  So a DROP COLUMN that
** SQLite refuses for an index stays native when the group drops the index
** first.
*/
static void ormMigrateRetry(OrmErr *pErr, const OrmScratchSrc *pSrcUp,
                            const unsigned char *aMark, const char *zBefore,
                            char **az, int n, int *aParent, const int *aComp,
                            int iRoot, const int *aGuess,
                            const OrmSchema *pTo, const OrmDiff *pDiff){
  int j, k;
  for(k=0; k<n && pErr->rc==SQLITE_OK; k++){
    OrmErr errBefore = {0, 0};
    sqlite3 *db = 0;
    int bExact;
    if( !aGuess[k] || ormMigrateRoot(aParent, aComp ? aComp[k] : k)!=iRoot ){
      continue;
    }
    ormScratchOpenMarked(pErr, pSrcUp, aMark, &db, 0);
    /* Where the guess would run; an error there fails the guess. */
    ormExec(&errBefore, db, zBefore);
    for(j=0; j<k; j++){
      if( az[j] && ormMigrateRoot(aParent, aComp ? aComp[j] : j)==iRoot ){
        ormExec(&errBefore, db, az[j]);
      }
    }
    if( errBefore.rc==SQLITE_NOMEM ) ormErrOom(pErr);
    bExact = errBefore.rc==SQLITE_OK
          && ormPlanExact(pErr, db, az[k], pDiff->aChange[k].pTo);
    ormErrClear(&errBefore);
    sqlite3_close(db);
    if( !bExact && pErr->rc==SQLITE_OK ){
      sqlite3_free(az[k]);
      az[k] = 0;
      ormPlanOne(pErr, 0, ORM_NATIVE_NEVER, pTo, pDiff, k, &az[k], 0);
    }
  }
}

/*
** Plan the up-SQL (cmp->diff, live to declared) and the down-SQL (pBack,
** declared to live) into *pzUp and *pzDown, and prove both: the changes
** are split into groups that share no object (two changes share one when
** the objects they touch, or that mention those, meet), and each group
** runs, up then down, on a scratch copy of just its objects.  A schema of
** thousands of tables then costs little: SQLite re-reads a scratch schema
** after each ALTER, and each copy is small.
**
** The scratch copy of a group holds the objects it touches and what
** mentions them, except the other tables whose foreign keys point at them
** when no rename is planned: with foreign keys off (as in a scratch copy,
** and as apply.c runs a rebuild) and legacy_alter_table on for the
** rebuild's RENAME, no statement a plan writes reads or rewrites such a
** table.  A rename rewrites their REFERENCES clauses: then they are in.
**
** A change that a native ALTER may express is planned native at first,
** untried: the group's proof is the trial.  Only when a group with such
** guesses fails are they tried one by one (ormMigrateRetry()), replanned
** as rebuilds where the native ALTER is not exact, and the group proven
** again.
*/
static void ormMigrateProveAll(OrmErr *pErr, const OrmCompare *cmp,
                               const OrmDiff *pBack,
                               const OrmScratchSrc *pSrcUp,
                               OrmShape *pShape,
                               const OrmStrList *pNames,
                               char **pzUp, char **pzDown){
  int nUp = cmp->diff.nChange, nDown = pBack->nChange;
  char **azUp = ormMalloc(pErr, sizeof(char*)*(nUp+1));
  char **azDown = ormMalloc(pErr, sizeof(char*)*(nDown+1));
  int *aGuessUp = ormMalloc(pErr, sizeof(int)*(nUp+1));
  int *aGuessDown = ormMalloc(pErr, sizeof(int)*(nDown+1));
  int *aParent = ormMalloc(pErr, sizeof(int)*(nUp+1));
  int *aObjOwner = ormMalloc(pErr, sizeof(int)*(pSrcUp->nObj+1));
  int *aDownComp = ormMalloc(pErr, sizeof(int)*(nDown+1));
  unsigned char *aMark = ormMalloc(pErr, pSrcUp->nObj+1);
  OrmStrList owners = {0, 0, 0, 0, 0};     /* names, by change below */
  int bChildren = cmp->ren.old.n>0;        /* see above */
  int *aNameOwner = 0;
  int i, j, k;

  *pzUp = *pzDown = 0;
  if( pErr->rc ) goto prove_done;
  memset(azUp, 0, sizeof(char*)*(nUp+1));
  memset(azDown, 0, sizeof(char*)*(nDown+1));
  aNameOwner = ormMalloc(pErr, sizeof(int)*(nUp*4+1));
  for(i=0; i<pSrcUp->nObj; i++) aObjOwner[i] = -1;

  /* Plan each change on its own; the scripts are their concatenation. */
  for(i=0; i<nUp && pErr->rc==SQLITE_OK; i++){
    ormPlanOne(pErr, 0, ORM_NATIVE_GUESS, &cmp->decl, &cmp->diff, i,
               &azUp[i], &aGuessUp[i]);
  }
  for(i=0; i<nDown && pErr->rc==SQLITE_OK; i++){
    ormPlanOne(pErr, 0, ORM_NATIVE_GUESS, &cmp->live, pBack, i,
               &azDown[i], &aGuessDown[i]);
  }

  /* Group the up changes by the objects they reach. */
  for(i=0; i<nUp && pErr->rc==SQLITE_OK; i++){
    OrmStrList touched = {0, 0, 0, 0, 0};
    aParent[i] = i;
    ormMigrateTouched(pErr, &cmp->diff.aChange[i], &touched);
    memset(aMark, 0, pSrcUp->nObj+1);
    ormScratchMarks(pSrcUp, &touched, 1, aMark);
    for(k=0; k<pSrcUp->nObj; k++){
      if( !aMark[k] ) continue;
      if( aObjOwner[k]<0 ){
        aObjOwner[k] = i;
      }else{
        aParent[ormMigrateRoot(aParent, aObjOwner[k])] = i;
      }
    }
    for(k=0; k<touched.n && pErr->rc==SQLITE_OK; k++){
      int iName = ormListFind(&owners, touched.az[k]);
      if( iName<0 ){
        ormListAdd(pErr, &owners, touched.az[k]);
        if( pErr->rc==SQLITE_OK ) aNameOwner[owners.n-1] = i;
      }else{
        int r = ormMigrateRoot(aParent, aNameOwner[iName]);
        if( r!=i ) aParent[r] = i;
      }
    }
    ormListFree(&touched);
  }

  /* Each down change joins the group of the names it touches. */
  for(j=0; j<nDown && pErr->rc==SQLITE_OK; j++){
    OrmStrList touched = {0, 0, 0, 0, 0};
    aDownComp[j] = -1;
    ormMigrateTouched(pErr, &pBack->aChange[j], &touched);
    for(k=0; k<touched.n && aDownComp[j]<0; k++){
      int iName = ormListFind(&owners, touched.az[k]);
      if( iName>=0 ) aDownComp[j] = aNameOwner[iName];
    }
    ormListFree(&touched);
    if( aDownComp[j]<0 ){
      ormErrSet(pErr, SQLITE_INTERNAL,
          "orm_migrate: internal error: a change of the down-SQL matches no"
          " change of the up-SQL; please report this with the schema");
    }
  }

  /* Prove each group: its up changes, then its down changes.  A group
  ** of the shape of one proven already is proven too. */
  for(i=0; i<nUp && pErr->rc==SQLITE_OK; i++){
    OrmStrList scope = {0, 0, 0, 0, 0};
    OrmErr errGroup = {0, 0};
    char *zUp, *zDown, *zKey;
    int bGuess = 0;
    if( ormMigrateRoot(aParent, i)!=i ) continue;
    memset(aMark, 0, pSrcUp->nObj+1);
    for(k=0; k<nUp; k++){
      if( ormMigrateRoot(aParent, k)!=i ) continue;
      ormMigrateTouched(pErr, &cmp->diff.aChange[k], &scope);
      bGuess |= aGuessUp[k];
    }
    for(k=0; k<nDown; k++){
      if( ormMigrateRoot(aParent, aDownComp[k])==i ) bGuess |= aGuessDown[k];
    }
    ormScratchMarks(pSrcUp, &scope, bChildren, aMark);
    for(k=0; k<pSrcUp->nObj; k++){
      if( aMark[k] ) ormListAdd(pErr, &scope, pSrcUp->apObj[k]->zName);
    }
    zUp = ormMigrateGroupSql(pErr, azUp, nUp, aParent, 0, i);
    zDown = ormMigrateGroupSql(pErr, azDown, nDown, aParent, aDownComp, i);
    zKey = ormMigrateGroupKey(pErr, pShape, cmp, pSrcUp, aMark, &scope,
                              pNames, zUp, zDown);
    if( !ormShapeSeen(pShape, zKey) ){
      ormMigrateProveGroup(bGuess ? &errGroup : pErr, cmp, pSrcUp, aMark,
                           &scope, pNames, zUp, zDown);
    }
    if( errGroup.rc==SQLITE_NOMEM ) ormErrOom(pErr);
    if( errGroup.rc && pErr->rc==SQLITE_OK ){
      /* A native guess may be what failed: try each one where it runs,
      ** then prove the group again with what the trials chose. */
      ormMigrateRetry(pErr, pSrcUp, aMark, "", azUp, nUp, aParent, 0, i,
                      aGuessUp, &cmp->decl, &cmp->diff);
      sqlite3_free(zUp);
      zUp = ormMigrateGroupSql(pErr, azUp, nUp, aParent, 0, i);
      ormMigrateRetry(pErr, pSrcUp, aMark, zUp, azDown, nDown, aParent,
                      aDownComp, i, aGuessDown, &cmp->live, pBack);
      sqlite3_free(zDown);
      sqlite3_free(zKey);
      zDown = ormMigrateGroupSql(pErr, azDown, nDown, aParent, aDownComp, i);
      zKey = ormMigrateGroupKey(pErr, pShape, cmp, pSrcUp, aMark, &scope,
                                pNames, zUp, zDown);
      ormMigrateProveGroup(pErr, cmp, pSrcUp, aMark, &scope, pNames,
                           zUp, zDown);
    }
    if( pErr->rc==SQLITE_OK ) ormShapeAdd(pErr, pShape, zKey);
    sqlite3_free(zUp);
    sqlite3_free(zDown);
    sqlite3_free(zKey);
    ormErrClear(&errGroup);
    ormListFree(&scope);
  }

  /* The scripts: every change's part, in order. */
  if( pErr->rc==SQLITE_OK ){
    sqlite3_str *pUp = sqlite3_str_new(0);
    sqlite3_str *pDown = sqlite3_str_new(0);
    for(i=0; i<nUp; i++) sqlite3_str_appendall(pUp, azUp[i]);
    for(i=0; i<nDown; i++) sqlite3_str_appendall(pDown, azDown[i]);
    if( sqlite3_str_errcode(pUp) || sqlite3_str_errcode(pDown) ){
      ormErrOom(pErr);
    }
    *pzUp = sqlite3_str_finish(pUp);
    *pzDown = sqlite3_str_finish(pDown);
    if( *pzUp==0 ) *pzUp = ormStrdup(pErr, "");
    if( *pzDown==0 ) *pzDown = ormStrdup(pErr, "");
  }

prove_done:
  for(i=0; azUp && i<nUp; i++) sqlite3_free(azUp[i]);
  for(i=0; azDown && i<nDown; i++) sqlite3_free(azDown[i]);
  sqlite3_free(azUp);
  sqlite3_free(azDown);
  sqlite3_free(aGuessUp);
  sqlite3_free(aGuessDown);
  sqlite3_free(aParent);
  sqlite3_free(aObjOwner);
  sqlite3_free(aDownComp);
  sqlite3_free(aMark);
  sqlite3_free(aNameOwner);
  ormListFree(&owners);
}

/* Names of every object of both schemas. */
static void ormMigrateAllNames(OrmErr *pErr, const OrmSchema *pA,
                               const OrmSchema *pB, OrmStrList *pNames){
  int i;
  for(i=0; i<pA->nObj; i++) ormListAdd(pErr, pNames, pA->aObj[i].zName);
  for(i=0; i<pB->nObj; i++){
    if( ormListFind(pNames, pB->aObj[i].zName)<0 ){
      ormListAdd(pErr, pNames, pB->aObj[i].zName);
    }
  }
}

/* Does a change of pDiff drop a column? */
static int ormMigrateAnyDrop(const OrmDiff *pDiff){
  int i;
  for(i=0; i<pDiff->nChange; i++){
    if( pDiff->aChange[i].drop.n ) return 1;
  }
  return 0;
}

/* Could SQLite's DROP COLUMN rewrite an object of p (ormScratchDqs())? */
static int ormMigrateAnyQuote(const OrmSchema *p){
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
void ormMigrateKeepQuotes(OrmErr *pErr, const OrmCompare *cmp,
                          OrmDiff *pDiff, const OrmSchema *pFrom,
                          const OrmScratchSrc *pSrc,
                          const OrmStrList *pObjects){
  OrmScratchSrc src;
  OrmStrList gone = {0, 0, 0, 0, 0};     /* dropped before any ALTER */
  int bRename = cmp->ren.old.n>0;
  char *zName;
  int i;
  if( pErr->rc || !(bRename || ormMigrateAnyDrop(pDiff)) ) return;
  if( !ormMigrateAnyQuote(pFrom) && !ormMigrateAnyQuote(&cmp->other) ){
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
** Refuse a declared table whose foreign key names a table that is neither
** declared nor in the database (a typo such as REFERENCES usr(id)): SQLite
** accepts it, and every insert into the table would fail later.  Only the
** tables the comparison read in full (those that change) are checked; the
** others are in the database as they are declared.
*/
static void ormMigrateFkTargets(OrmErr *pErr, sqlite3 *db,
                                const OrmSchema *pDecl){
  int i, j, k;
  for(i=0; pErr->rc==SQLITE_OK && i<pDecl->nObj; i++){
    const OrmObject *pTab = &pDecl->aObj[i];
    if( pTab->eType!=ORM_OBJ_TABLE || pTab->bShallow ) continue;
    for(j=0; pErr->rc==SQLITE_OK && j<pTab->nFk; j++){
      const OrmFk *pFk = &pTab->aFk[j];
      sqlite3_str *pCols;
      char *zCols;
      if( ormSchemaFind(pDecl, pFk->zParent) ) continue;
      if( ormQueryInt(pErr, db, "SELECT count(*) FROM main.sqlite_schema"
            " WHERE type='table' AND name=%Q COLLATE NOCASE", pFk->zParent) ){
        continue;
      }
      pCols = sqlite3_str_new(0);
      for(k=0; k<pFk->nCol; k++){
        sqlite3_str_appendf(pCols, "%s\"%w\"", k ? ", " : "",
                            pFk->aCol[k].zFrom);
      }
      zCols = sqlite3_str_finish(pCols);
      ormErrSet(pErr, SQLITE_ERROR,
          "table \"%w\" column %s references table \"%w\", which is"
          " neither declared nor in the database; declare \"%w\", or"
          " correct the REFERENCES clause", pTab->zName,
          zCols ? zCols : "?", pFk->zParent, pFk->zParent);
      sqlite3_free(zCols);
    }
  }
}

/*
** Generate, prove and store a revision for the current differences.
** Returns its id (caller frees), or NULL when nothing changed.
*/
static char *ormMigrate(OrmErr *pErr, OrmCtx *pCtx, const char *zMessage){
  sqlite3 *db = pCtx->db;
  OrmHistory hist;
  OrmCompare cmp;
  OrmDiff back = {0, 0, 0, 0, 0, 0};
  OrmScratchSrc srcUp;
  OrmShape shape;
  OrmRenames rev;
  OrmStrList names = {0, 0, 0, 0, 0};
  OrmTxn txn;
  char *zUp = 0, *zDown = 0, *zId = 0;
  int iHead, i;

  memset(&cmp, 0, sizeof(cmp));
  memset(&rev, 0, sizeof(rev));
  memset(&srcUp, 0, sizeof(srcUp));
  memset(&shape, 0, sizeof(shape));
  /* The write lock first: a second migrator waits, then reads the head
  ** that this one records. */
  ormTxnBegin(pErr, &txn, pCtx, "orm_migrate");
  ormStoreLoad(pErr, db, &hist);
  iHead = ormStoreHead(pErr, &hist, "orm_migrate");
  if( pErr->rc==SQLITE_OK && ormStorePending(&hist) ){
    int bSame;
    for(i=0; i<hist.nRev && hist.aRev[i].bApplied; i++){}
    /* The same message as this call's: most likely the same statement run
    ** a second time by the binding, as PHP's SQLite3::query() does at the
    ** first fetchArray(); the user sees only this error, not the id the
    ** first run returned. */
    bSame = zMessage[0] && hist.aRev[i].zMessage
         && strcmp(hist.aRev[i].zMessage, zMessage)==0;
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_migrate: revision %s is pending; run orm_upgrade() first%s",
        hist.aRev[i].zId, bSame ? " (it has this call's message: if this"
        " statement ran twice, the first run recorded it; PHP's"
        " SQLite3::query() runs a statement again at its first fetchArray():"
        " use querySingle())" : "");
  }
  cmp.bLazy = 1;
  ormMigrateCompare(pErr, db, &cmp);
  ormMigrateFkTargets(pErr, db, &cmp.decl);
  if( pErr->rc==SQLITE_OK && cmp.diff.nChange>0 ){
    /* Up: from the live schema (managed objects or not) to the declared
    ** one; down: back.  Planned and proven together. */
    ormMigrateAllNames(pErr, &cmp.live, &cmp.decl, &names);
    ormDiffRenamesReverse(pErr, &cmp.ren, &rev);
    ormDiffCompute(pErr, &cmp.decl, &cmp.live, &rev, &back);
    back.pOther = &cmp.other;
    back.iSqlite = cmp.diff.iSqlite;
    ormShapeInit(pErr, db, &shape, &cmp.live, &cmp.decl, &cmp.other);
    ormScratchInit(pErr, &srcUp, &cmp.live, &cmp.other, &shape.objects);
    srcUp.dbUser = db;
    ormMigrateKeepQuotes(pErr, &cmp, &cmp.diff, &cmp.live, &srcUp, 0);
    ormMigrateKeepQuotes(pErr, &cmp, &back, &cmp.decl, 0, &shape.objects);
    ormMigrateProveAll(pErr, &cmp, &back, &srcUp, &shape, &names,
                       &zUp, &zDown);
    ormStoreCreate(pErr, db);
    zId = ormStoreAdd(pErr, db, "orm_migrate",
        iHead>=0 ? hist.aRev[iHead].zId : 0, zMessage, zUp, zDown,
        ormMigrateAnyDestructive(&cmp.diff), ormStoreNextSeq(&hist));
    for(i=0; i<cmp.unmanaged.n; i++){
      ormExecf(pErr, db,
          "INSERT OR IGNORE INTO main._orm_managed(name) VALUES(%Q)",
          cmp.unmanaged.az[i]);
    }
    /* The hints are spent: the revision holds the renames now. */
    ormExec(pErr, db, "DELETE FROM main._orm_rename");
  }
  ormTxnEnd(pErr, &txn);
  if( pErr->rc ){
    sqlite3_free(zId);
    zId = 0;
  }
  sqlite3_free(zUp);
  sqlite3_free(zDown);
  ormListFree(&names);
  ormDiffFree(&back);
  ormDiffRenamesFree(&rev);
  ormScratchFree(&srcUp);
  ormShapeFree(&shape);
  ormMigrateCompareFree(&cmp);
  ormStoreFree(&hist);
  return zId;
}

/* orm_migrate([message]): a new pending revision's id, or NULL. */
void ormMigrateFunc(sqlite3_context *pCtx, int nArg, sqlite3_value **apArg){
  if( ormGuardDirect(pCtx, "orm_migrate") ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  const char *zMessage = "";
  char *zId;
  if( nArg==1 && sqlite3_value_type(apArg[0])!=SQLITE_NULL ){
    zMessage = ormArgText(&err, "orm_migrate", apArg, 0, "a message");
  }
  zId = err.rc ? 0 : ormMigrate(&err, p, zMessage);
  if( zId ){
    sqlite3_result_text(pCtx, zId, -1, sqlite3_free);
  }
  ormErrResult(&err, pCtx, "orm_migrate");
}

/*
** orm_check(): 1 when the database is at head and matches the
** declarations; otherwise an error listing every difference.
*/
void ormMigrateCheckFunc(sqlite3_context *pCtx, int nArg,
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
  ormMigrateCompare(&err, p->db, &cmp);
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
  ormMigrateCompareFree(&cmp);
  ormStoreFree(&hist);
  if( err.rc==SQLITE_OK ) sqlite3_result_int(pCtx, 1);
  ormErrResult(&err, pCtx, "orm_check");
}

/*
** orm_adopt(): bring an existing database under ormext.  Every table,
** index, view and trigger is declared exactly as it is, and a baseline
** revision that would create them all is recorded as applied.  Returns
** the baseline's id.
*/
void ormMigrateAdoptFunc(sqlite3_context *pCtx, int nArg,
                         sqlite3_value **apArg){
  if( ormGuardDirect(pCtx, "orm_adopt") ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  OrmSchema live = {0, 0, 0, 0, 0};
  sqlite3_str *pUp = sqlite3_str_new(0);
  sqlite3_str *pDown = sqlite3_str_new(0);
  char *zUp = 0, *zDown = 0, *zAlembic = 0, *zMessage = 0, *zId = 0;
  OrmTxn txn;
  int i;
  (void)nArg; (void)apArg;
  ormTxnBegin(&err, &txn, p, "orm_adopt");
  if( ormStoreExists(&err, p->db)
   && ormQueryInt(&err, p->db, "SELECT count(*) FROM main._orm_revision") ){
    ormErrSet(&err, SQLITE_ERROR,
        "orm_adopt: the database already has revisions (see"
        " orm_migrations); adopt a database that ormext does not manage yet");
  }
  ormSchemaLoad(&err, p->db, "main", &live);
  if( err.rc==SQLITE_OK && ormQueryInt(&err, p->db,
        "SELECT count(*) FROM main.sqlite_schema"
        " WHERE type='table' AND name='alembic_version'") ){
    zAlembic = ormQueryText(&err, p->db,
        "SELECT group_concat(version_num, ', ') FROM main.alembic_version");
  }
  for(i=0; i<live.nObj; i++){
    const OrmObject *pObj = &live.aObj[i];
    const OrmObject *pRev = &live.aObj[live.nObj-1-i];
    static const char *azType[] = { "", "TABLE", "INDEX", "VIEW", "TRIGGER" };
    if( sqlite3_stricmp(pObj->zName, "alembic_version") ){
      sqlite3_str_appendf(pUp, "%s;\n", pObj->zSql);
    }
    if( sqlite3_stricmp(pRev->zName, "alembic_version") ){
      sqlite3_str_appendf(pDown, "DROP %s \"%w\";\n", azType[pRev->eType],
                          pRev->zName);
    }
  }
  if( sqlite3_str_errcode(pUp) || sqlite3_str_errcode(pDown) ){
    ormErrOom(&err);
  }
  zUp = sqlite3_str_finish(pUp);
  zDown = sqlite3_str_finish(pDown);
  zMessage = zAlembic
      ? ormMprintf(&err, "baseline (adopted; alembic_version was %s)",
                   zAlembic)
      : ormMprintf(&err, "baseline (adopted)");
  if( err.rc==SQLITE_OK ){
    ormStoreCreate(&err, p->db);
    for(i=0; i<live.nObj; i++){
      const OrmObject *pObj = &live.aObj[i];
      static const char *azType[] = { "", "table", "index", "view",
                                      "trigger" };
      if( sqlite3_stricmp(pObj->zName, "alembic_version")==0 ) continue;
      ormExecf(&err, p->db,
          "INSERT OR REPLACE INTO main._orm_model(name, type, tbl_name, sql,"
          " seq) VALUES(%Q, %Q, %Q, %Q,"
          " (SELECT coalesce(max(seq), 0)+1 FROM main._orm_model))",
          pObj->zName, azType[pObj->eType], pObj->zTbl, pObj->zSql);
      ormExecf(&err, p->db,
          "INSERT OR IGNORE INTO main._orm_managed(name) VALUES(%Q)",
          pObj->zName);
    }
    zId = ormStoreAdd(&err, p->db, "orm_adopt", 0, zMessage,
                      zUp ? zUp : "", zDown ? zDown : "", 0, 0);
    ormExecf(&err, p->db,
        "UPDATE main._orm_revision SET applied_at=strftime('%%Y-%%m-%%d"
        " %%H:%%M:%%S', 'now') WHERE revision=%Q", zId);
    ormStoreSetCurrent(&err, p->db, zId);
  }
  ormTxnEnd(&err, &txn);
  if( err.rc==SQLITE_OK ){
    sqlite3_result_text(pCtx, zId, -1, sqlite3_free);
    zId = 0;
  }
  sqlite3_free(zId);
  sqlite3_free(zUp);
  sqlite3_free(zDown);
  sqlite3_free(zAlembic);
  sqlite3_free(zMessage);
  ormSchemaFree(&live);
  ormErrResult(&err, pCtx, "orm_adopt");
}
