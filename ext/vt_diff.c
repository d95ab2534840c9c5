/*
** vt_diff.c - the eponymous virtual table orm_diff: one row per change
** that orm_migrate() would record now, in the order it would run them.
**
**   SELECT op, object, detail, destructive FROM orm_diff;
**   -- alter table|user|add column "password"; table constraints changed|0
**
** sql is the statement(s) of that change alone, as the revision's up-SQL
** would hold them.  Reading it writes nothing.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

#define ORM_DIFF_NCOL 5

/* Fill the rows of orm_diff. */
static void ormVtDiffFill(OrmErr *pErr, sqlite3 *db, OrmRows *pRows){
  OrmCompare cmp;
  OrmScratchSrc src;
  int i;
  memset(&cmp, 0, sizeof(cmp));
  cmp.bLazy = 1;                         /* as orm_migrate reads it */
  ormCompareLoad(pErr, db, &cmp);
  ormScratchInit(pErr, &src, &cmp.live, &cmp.other, 0);
  src.dbUser = db;
  /* As orm_migrate plans: no DROP COLUMN that would rewrite a view. */
  ormCompareKeepQuotes(pErr, &cmp, &cmp.diff, &cmp.live, &src, 0);
  for(i=0; pErr->rc==SQLITE_OK && i<cmp.diff.nChange; i++){
    const OrmChange *p = &cmp.diff.aChange[i];
    const OrmObject *pObj = p->pTo ? p->pTo : p->pFrom;
    OrmCell aCell[ORM_DIFF_NCOL];
    char *zDetail = ormDiffDetailIn(pErr, &cmp.diff, i);
    char *zSql = 0;
    ormPlanOne(pErr, &src, ORM_NATIVE_TRY, &cmp.decl, &cmp.diff, i, &zSql,
               0);
    aCell[0] = ormCellText(ormDiffOpName(p->eOp));
    aCell[1] = ormCellText(pObj->zName);
    aCell[2] = ormCellText(zDetail);
    aCell[3] = ormCellText(zSql);
    aCell[4] = ormCellInt(ormMigrateDestructive(p));
    ormRowsAdd(pErr, pRows, aCell);
    sqlite3_free(zDetail);
    sqlite3_free(zSql);
  }
  ormScratchFree(&src);
  ormCompareFree(&cmp);
}

static const OrmRowsDef ormDiffDef = {
  "orm_diff",
  "CREATE TABLE x(op TEXT, object TEXT, detail TEXT, sql TEXT,"
  " destructive INTEGER)",
  ORM_DIFF_NCOL,
  ormVtDiffFill
};

/* xConnect */
static int ormDiffConnect(sqlite3 *db, void *pAux, int argc,
                          const char *const *argv, sqlite3_vtab **ppVtab,
                          char **pzErr){
  (void)argc; (void)argv; (void)pzErr;
  return ormVtRowsConnect(db, pAux, &ormDiffDef, ppVtab);
}

const sqlite3_module ormVtDiffModule = {
  /* iVersion    */ 0,
  /* xCreate     */ 0,            /* eponymous only */
  /* xConnect    */ ormDiffConnect,
  /* xBestIndex  */ ormVtRowsBestIndex,
  /* xDisconnect */ ormVtRowsDisconnect,
  /* xDestroy    */ 0,
  /* xOpen       */ ormVtRowsOpen,
  /* xClose      */ ormVtRowsClose,
  /* xFilter     */ ormVtRowsFilter,
  /* xNext       */ ormVtRowsNext,
  /* xEof        */ ormVtRowsEof,
  /* xColumn     */ ormVtRowsColumn,
  /* xRowid      */ ormVtRowsRowid,
  /* xUpdate     */ 0,
  /* xBegin      */ 0,
  /* xSync       */ 0,
  /* xCommit     */ 0,
  /* xRollback   */ 0,
  /* xFindMethod */ 0,
  /* xRename     */ 0,
  /* xSavepoint  */ 0,
  /* xRelease    */ 0,
  /* xRollbackTo */ 0,
  /* xShadowName */ 0
};
