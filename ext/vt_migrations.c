/*
** vt_migrations.c - the eponymous virtual table orm_migrations: one row
** per known revision, base first.
**
**   SELECT revision, message, state FROM orm_migrations;
**   INSERT INTO orm_migrations(message, up_sql, down_sql)
**     VALUES('backfill', 'UPDATE user SET name=lower(name)', '');
**   DELETE FROM orm_migrations WHERE revision='4f1c2a9e03bd';  -- pending
**
** An INSERT records a hand-written revision after head (or after parent,
** when given).  Its SQL is tried first on a scratch copy of the schema.
** Applied revisions cannot be changed or deleted.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

#define ORM_MIG_REVISION    0
#define ORM_MIG_PARENT      1
#define ORM_MIG_MESSAGE     2
#define ORM_MIG_CREATED     3
#define ORM_MIG_APPLIED_AT  4
#define ORM_MIG_STATE       5
#define ORM_MIG_IS_CURRENT  6
#define ORM_MIG_UP          7
#define ORM_MIG_DOWN        8
#define ORM_MIG_CHECKSUM    9
#define ORM_MIG_DESTRUCTIVE 10
#define ORM_MIG_MIN_SQLITE  11
#define ORM_MIG_NCOL        12

typedef struct OrmMigVtab OrmMigVtab;
struct OrmMigVtab {
  sqlite3_vtab base;
  OrmCtx *pCtx;                   /* Not owned */
};

typedef struct OrmMigCursor OrmMigCursor;
struct OrmMigCursor {
  sqlite3_vtab_cursor base;
  OrmHistory hist;                /* Owned: loaded by xFilter */
  int iRow;                       /* Current row, index into hist.aRev */
};

/* Set the vtab's error message (freeing the old one) from pErr. */
static int ormMigError(sqlite3_vtab *pVtab, OrmErr *pErr){
  int rc = pErr->rc;
  sqlite3_free(pVtab->zErrMsg);
  pVtab->zErrMsg = 0;
  if( rc ){
    pVtab->zErrMsg = ormErrMessage(pErr, "orm_migrations");
    rc = rc & 0xff;
  }
  ormErrClear(pErr);
  return rc;
}

/* xConnect: declare the columns; no state beyond the context. */
static int ormMigConnect(sqlite3 *db, void *pAux, int argc,
                         const char *const *argv, sqlite3_vtab **ppVtab,
                         char **pzErr){
  OrmMigVtab *pTab;
  int rc;
  (void)argc; (void)argv; (void)pzErr;
  rc = sqlite3_declare_vtab(db,
      "CREATE TABLE x(revision TEXT, parent TEXT, message TEXT,"
      " created_at TEXT, applied_at TEXT, state TEXT, is_current INTEGER,"
      " up_sql TEXT, down_sql TEXT, checksum TEXT, destructive INTEGER,"
      " min_sqlite TEXT HIDDEN)");
  if( rc!=SQLITE_OK ) return rc;
  /* It writes bookkeeping: no view or trigger may reach it. */
  sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  pTab = sqlite3_malloc64(sizeof(*pTab));
  if( pTab==0 ) return SQLITE_NOMEM;
  memset(pTab, 0, sizeof(*pTab));
  pTab->pCtx = (OrmCtx*)pAux;
  *ppVtab = &pTab->base;
  return SQLITE_OK;
}

/* xBestIndex: always a full scan of a small table. */
static int ormMigBestIndex(sqlite3_vtab *pVtab, sqlite3_index_info *pInfo){
  (void)pVtab;
  pInfo->estimatedCost = 1000.0;
  pInfo->estimatedRows = 100;
  return SQLITE_OK;
}

/* xDisconnect */
static int ormMigDisconnect(sqlite3_vtab *pVtab){
  sqlite3_free(pVtab);
  return SQLITE_OK;
}

/* xOpen */
static int ormMigOpen(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCur){
  OrmMigCursor *pCur = sqlite3_malloc64(sizeof(*pCur));
  (void)pVtab;
  if( pCur==0 ) return SQLITE_NOMEM;
  memset(pCur, 0, sizeof(*pCur));
  *ppCur = &pCur->base;
  return SQLITE_OK;
}

/* xClose */
static int ormMigClose(sqlite3_vtab_cursor *cur){
  OrmMigCursor *pCur = (OrmMigCursor*)cur;
  ormStoreFree(&pCur->hist);
  sqlite3_free(pCur);
  return SQLITE_OK;
}

/* xFilter: load the whole history (idxNum and argv are unused). */
static int ormMigFilter(sqlite3_vtab_cursor *cur, int idxNum,
                        const char *idxStr, int argc, sqlite3_value **argv){
  OrmMigCursor *pCur = (OrmMigCursor*)cur;
  OrmMigVtab *pTab = (OrmMigVtab*)cur->pVtab;
  OrmErr err = {0, 0};
  (void)idxNum; (void)idxStr; (void)argc; (void)argv;
  ormStoreFree(&pCur->hist);
  ormStoreLoad(&err, pTab->pCtx->db, &pCur->hist);
  pCur->iRow = 0;
  return ormMigError(cur->pVtab, &err);
}

/* xNext */
static int ormMigNext(sqlite3_vtab_cursor *cur){
  ((OrmMigCursor*)cur)->iRow++;
  return SQLITE_OK;
}

/* xEof */
static int ormMigEof(sqlite3_vtab_cursor *cur){
  OrmMigCursor *pCur = (OrmMigCursor*)cur;
  return pCur->iRow>=pCur->hist.nRev;
}

/* xColumn */
static int ormMigColumn(sqlite3_vtab_cursor *cur, sqlite3_context *pCtx,
                        int iCol){
  OrmMigCursor *pCur = (OrmMigCursor*)cur;
  const OrmRev *p = &pCur->hist.aRev[pCur->iRow];
  const char *z = 0;
  switch( iCol ){
    case ORM_MIG_REVISION:   z = p->zId; break;
    case ORM_MIG_PARENT:     z = p->zParent; break;
    case ORM_MIG_MESSAGE:    z = p->zMessage; break;
    case ORM_MIG_CREATED:    z = p->zCreated; break;
    case ORM_MIG_APPLIED_AT: z = p->zApplied; break;
    case ORM_MIG_STATE:      z = p->bApplied ? "applied" : "pending"; break;
    case ORM_MIG_IS_CURRENT:
      sqlite3_result_int(pCtx, pCur->hist.zCurrent
                         && strcmp(pCur->hist.zCurrent, p->zId)==0);
      return SQLITE_OK;
    case ORM_MIG_UP:         z = p->zUp; break;
    case ORM_MIG_DOWN:       z = p->zDown; break;
    case ORM_MIG_CHECKSUM:   z = p->zChecksum; break;
    case ORM_MIG_MIN_SQLITE: {
      /* The oldest SQLite that runs it both ways; NULL: any. */
      char zVer[ORM_VERSION_TEXT];
      ormConfigVersionText(ormConfigRevNeeds(p, 1, 1), zVer);
      if( zVer[0] ) sqlite3_result_text(pCtx, zVer, -1, SQLITE_TRANSIENT);
      return SQLITE_OK;
    }
    default:
      sqlite3_result_int(pCtx, p->bDestructive);
      return SQLITE_OK;
  }
  if( z ) sqlite3_result_text(pCtx, z, -1, SQLITE_TRANSIENT);
  return SQLITE_OK;
}

/* xRowid: the revision's creation number, stable across deletes. */
static int ormMigRowid(sqlite3_vtab_cursor *cur, sqlite_int64 *pRowid){
  OrmMigCursor *pCur = (OrmMigCursor*)cur;
  *pRowid = pCur->hist.aRev[pCur->iRow].iSeq;
  return SQLITE_OK;
}

/* DELETE of the revision whose creation number is iRowid. */
static void ormMigDelete(OrmErr *pErr, sqlite3 *db, sqlite3_int64 iRowid){
  OrmHistory hist;
  int iRev;
  ormStoreLoad(pErr, db, &hist);
  for(iRev=0; iRev<hist.nRev && hist.aRev[iRev].iSeq!=iRowid; iRev++){}
  if( pErr->rc==SQLITE_OK && iRev<hist.nRev ){
    const OrmRev *p = &hist.aRev[iRev];
    int i;
    if( p->bApplied ){
      ormErrSet(pErr, SQLITE_CONSTRAINT,
          "revision %s is applied and cannot be deleted; run"
          " orm_downgrade() past it first", p->zId);
    }
    for(i=0; pErr->rc==SQLITE_OK && i<hist.nRev; i++){
      const char *zPar = hist.aRev[i].zParent;
      if( zPar && strstr(zPar, p->zId) ){
        ormErrSet(pErr, SQLITE_CONSTRAINT,
            "revision %s has a child, %s; delete the child first", p->zId,
            hist.aRev[i].zId);
      }
    }
    ormExecf(pErr, db, "DELETE FROM main._orm_revision WHERE revision=%Q",
             p->zId);
  }
  ormStoreFree(&hist);
}

/*
** INSERT of a hand-written revision: message, up_sql, down_sql and
** optionally parent.  Sets *pRowid to its position.
*/
static void ormMigInsert(OrmErr *pErr, sqlite3 *db, sqlite3_value **apCol,
                         sqlite3_int64 *pRowid){
  static const char *azCol[] = {
    "revision", "parent", "message", "created_at", "applied_at", "state",
    "is_current", "up_sql", "down_sql", "checksum", "destructive",
    "min_sqlite"
  };
  OrmHistory hist;
  const char *zUp, *zDown, *zMessage = "";
  char *zParent = 0, *zId = 0;
  int i;
  for(i=0; i<ORM_MIG_NCOL; i++){
    if( i==ORM_MIG_PARENT || i==ORM_MIG_MESSAGE || i==ORM_MIG_UP
     || i==ORM_MIG_DOWN ) continue;
    if( sqlite3_value_type(apCol[i])!=SQLITE_NULL ){
      ormErrSet(pErr, SQLITE_CONSTRAINT,
          "column %s is computed; insert only message, up_sql, down_sql"
          " and parent", azCol[i]);
      return;
    }
  }
  for(i=ORM_MIG_UP; i<=ORM_MIG_DOWN && pErr->rc==SQLITE_OK; i++){
    if( sqlite3_value_type(apCol[i])!=SQLITE_TEXT ){
      ormErrSet(pErr, SQLITE_CONSTRAINT,
          "%s must be SQL text (use '' for nothing)", azCol[i]);
    }
  }
  if( pErr->rc ) return;
  zUp = (const char*)sqlite3_value_text(apCol[ORM_MIG_UP]);
  zDown = (const char*)sqlite3_value_text(apCol[ORM_MIG_DOWN]);
  if( sqlite3_value_type(apCol[ORM_MIG_MESSAGE])!=SQLITE_NULL ){
    zMessage = (const char*)sqlite3_value_text(apCol[ORM_MIG_MESSAGE]);
  }
  ormStoreLoadGraph(pErr, db, &hist, 0);
  if( sqlite3_value_type(apCol[ORM_MIG_PARENT])!=SQLITE_NULL ){
    int iPar = ormStoreResolve(pErr, &hist, "orm_migrations",
        (const char*)sqlite3_value_text(apCol[ORM_MIG_PARENT]), 1);
    if( iPar==-1 ){
      ormErrSet(pErr, SQLITE_ERROR,
          "parent must be a revision id; leave it NULL to insert after"
          " head");
    }
    if( iPar>=0 ) zParent = ormStrdup(pErr, hist.aRev[iPar].zId);
  }else{
    int iHead = ormStoreHead(pErr, &hist, "orm_migrations");
    if( iHead>=0 ) zParent = ormStrdup(pErr, hist.aRev[iHead].zId);
  }
  ormApplyValidate(pErr, db, "orm_migrations", &hist, zUp, zDown);
  ormStoreCreate(pErr, db);
  zId = ormStoreAdd(pErr, db, "orm_migrations", zParent, zMessage, zUp,
                    zDown, ormMigrateDestructiveSql(zUp),
                    ormStoreNextSeq(&hist));
  if( pErr->rc==SQLITE_OK ){
    *pRowid = ormQueryInt(pErr, db,
        "SELECT seq FROM main._orm_revision WHERE revision=%Q", zId);
  }
  sqlite3_free(zId);
  sqlite3_free(zParent);
  ormStoreFree(&hist);
}

/* xUpdate: INSERT a hand-written revision or DELETE a pending one. */
static int ormMigUpdate(sqlite3_vtab *pVtab, int argc, sqlite3_value **argv,
                        sqlite_int64 *pRowid){
  OrmMigVtab *pTab = (OrmMigVtab*)pVtab;
  sqlite3 *db = pTab->pCtx->db;
  OrmErr err = {0, 0};
  if( argc==1 ){
    ormMigDelete(&err, db, sqlite3_value_int64(argv[0]));
  }else if( sqlite3_value_type(argv[0])!=SQLITE_NULL ){
    ormErrSet(&err, SQLITE_CONSTRAINT,
        "revisions cannot be changed; DELETE a pending revision and INSERT"
        " a new one");
  }else if( sqlite3_value_type(argv[1])!=SQLITE_NULL ){
    ormErrSet(&err, SQLITE_CONSTRAINT, "rowid is computed; do not set it");
  }else{
    ormMigInsert(&err, db, &argv[2], pRowid);
  }
  return ormMigError(pVtab, &err);
}

const sqlite3_module ormVtMigrationsModule = {
  /* iVersion    */ 0,
  /* xCreate     */ 0,            /* eponymous only */
  /* xConnect    */ ormMigConnect,
  /* xBestIndex  */ ormMigBestIndex,
  /* xDisconnect */ ormMigDisconnect,
  /* xDestroy    */ 0,
  /* xOpen       */ ormMigOpen,
  /* xClose      */ ormMigClose,
  /* xFilter     */ ormMigFilter,
  /* xNext       */ ormMigNext,
  /* xEof        */ ormMigEof,
  /* xColumn     */ ormMigColumn,
  /* xRowid      */ ormMigRowid,
  /* xUpdate     */ ormMigUpdate,
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
