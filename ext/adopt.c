/*
** adopt.c - mark the database: orm_adopt() brings an existing database
** under ormext, orm_stamp() records where it is.  Neither runs any SQL of
** a revision.
**
**   SELECT orm_adopt();              -- the baseline revision's id
**   SELECT orm_stamp('4f1c2a9e03bd');-- mark as current, run nothing
**
** orm_adopt(): every table, index, view and trigger of the database is
** declared exactly as it is (_orm_model, _orm_managed), and a baseline
** revision that would create them all is recorded as applied.  An
** alembic_version table is left out, and its versions are named in the
** message.  orm_stamp(): the target becomes the current revision, and
** exactly its ancestors are marked applied.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/*
** orm_adopt(): bring an existing database under ormext.  Every table,
** index, view and trigger is declared exactly as it is, and a baseline
** revision that would create them all is recorded as applied.  Returns
** the baseline's id.
*/
void ormAdoptFunc(sqlite3_context *pCtx, int nArg,
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
    }
    zId = ormStoreAdd(&err, p->db, "orm_adopt", 0, zMessage,
                      zUp ? zUp : "", zDown ? zDown : "", 0, 0);
    for(i=0; i<live.nObj && zId; i++){
      const OrmObject *pObj = &live.aObj[i];
      if( sqlite3_stricmp(pObj->zName, "alembic_version")==0 ) continue;
      ormStoreManage(&err, p->db, pObj->zName, zId);
    }
    ormExecf(&err, p->db,
        "UPDATE main._orm_revision SET applied_at=" ORM_NOW_FMT
        " WHERE revision=%Q", zId);
    ormStoreSetCurrent(&err, p->db, zId);
  }
  ormTxnEnd(&err, &txn);
  sqlite3_free(zUp);
  sqlite3_free(zDown);
  sqlite3_free(zAlembic);
  sqlite3_free(zMessage);
  ormSchemaFree(&live);
  ormErrResultText(&err, pCtx, "orm_adopt", zId);
}

/*
** orm_stamp(target): record target as the current revision without
** running any SQL.  Returns the id, or NULL for 'base'.
*/
void ormAdoptStampFunc(sqlite3_context *pCtx, int nArg,
                       sqlite3_value **apArg){
  if( ormGuardDirect(pCtx, "orm_stamp") ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  OrmHistory hist;
  OrmTxn txn;
  const char *zTarget;
  char *zRet = 0;                 /* The result, copied before the commit */
  int iTarget = -2;
  memset(&hist, 0, sizeof(hist));
  memset(&txn, 0, sizeof(txn));
  if( nArg==0 ){
    ormErrSet(&err, SQLITE_ERROR,
        "orm_stamp: a target is required: 'head', 'base' or a revision id");
  }
  zTarget = nArg ? ormArgText(&err, "orm_stamp", apArg, 0,
                       "a target ('head', 'base' or a revision id)") : 0;
  ormTxnBegin(&err, &txn, p, "orm_stamp");
  ormStoreLoad(&err, p->db, &hist);
  if( zTarget ){
    iTarget = ormStoreResolve(&err, &hist, "orm_stamp", zTarget,
                              zTarget[0]!='-');
  }
  if( err.rc==SQLITE_OK && ormStoreExists(&err, p->db) ){
    OrmHistory h2;
    int i;
    ormStoreSetCurrent(&err, p->db, iTarget>=0 ? hist.aRev[iTarget].zId : 0);
    ormStoreLoad(&err, p->db, &h2);
    for(i=0; i<h2.nRev; i++){
      ormExecf(&err, p->db,
          "UPDATE main._orm_revision SET applied_at=CASE WHEN %d THEN"
          " coalesce(applied_at, " ORM_NOW_FMT ")"
          " END WHERE revision=%Q", h2.aRev[i].bApplied, h2.aRev[i].zId);
    }
    ormStoreFree(&h2);
  }
  /* The result is copied before the commit: copied after it, running out
  ** of memory would report a committed stamp as failed. */
  zRet = iTarget>=0 ? ormStrdup(&err, hist.aRev[iTarget].zId) : 0;
  ormTxnEnd(&err, &txn);
  ormStoreFree(&hist);
  ormErrResultText(&err, pCtx, "orm_stamp", zRet);
}
