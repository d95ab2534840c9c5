/*
** migrate.c - orm_migrate(): autogenerate a revision from the difference
** between the declarations and the live database.
**
**   SELECT orm_migrate('add password');   -- '4f1c2a9e03bd', or NULL
**
** The up-SQL is planned from the live schema to the declared one, and the
** down-SQL back.  Both are proven before the revision is stored: they run
** on a scratch copy of the schema (no rows), and the result must compare
** equal to the declared schema, then to the live one again (prove.c).
** The comparison itself is compare.c's.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

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
    /* Pending: an unapplied revision ends the loop before nRev. */
    for(i=0; hist.aRev[i].bApplied; i++){}
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
  ormCompareLoad(pErr, db, &cmp);
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
    ormCompareKeepQuotes(pErr, &cmp, &cmp.diff, &cmp.live, &srcUp, 0);
    ormCompareKeepQuotes(pErr, &cmp, &back, &cmp.decl, 0, &shape.objects);
    ormProveAll(pErr, &cmp, &back, &srcUp, &shape, &names,
                &zUp, &zDown);
    ormStoreCreate(pErr, db);
    zId = ormStoreAdd(pErr, db, "orm_migrate",
        iHead>=0 ? hist.aRev[iHead].zId : 0, zMessage, zUp, zDown,
        ormMigrateAnyDestructive(&cmp.diff), ormStoreNextSeq(&hist));
    for(i=0; i<cmp.unmanaged.n && zId; i++){
      ormStoreManage(pErr, db, cmp.unmanaged.az[i], zId);
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
  ormCompareFree(&cmp);
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
  ormErrResultText(&err, pCtx, "orm_migrate", zId);
}
