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
**
** A squash (orm_squash()) is a row of its own, right after its target:
** its parent is NULL (it starts at base), replaces lists the revisions it
** replaces, and its state is its target's.  Each replaced revision names
** it in replaced_by.  DELETE of a squash removes it (the revisions it
** replaces stay); its rowid is the negated rowid of _orm_squash.
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
#define ORM_MIG_REPLACES    12
#define ORM_MIG_REPLACED_BY 13
#define ORM_MIG_NCOL        14

typedef struct OrmMigVtab OrmMigVtab;
struct OrmMigVtab {
  sqlite3_vtab base;
  OrmCtx *pCtx;                   /* Not owned */
};

typedef struct OrmMigCursor OrmMigCursor;
struct OrmMigCursor {
  sqlite3_vtab_cursor base;
  OrmHistory hist;                /* Owned: loaded by xFilter */
  int iRow;                       /* Current row, index into aOrder */
  int nRow;                       /* Rows: revisions and squashes */
  int *aOrder;                    /* Owned: the rows, each an index into
                                  ** hist.aRev, or nRev+k for squash k */
  char **azReplacedBy;            /* Owned: per revision, the squashes
                                  ** that replace it, or NULL */
};

/* Free what xFilter built. */
static void ormMigReset(OrmMigCursor *pCur){
  int i;
  if( pCur->azReplacedBy ){
    for(i=0; i<pCur->hist.nRev; i++) sqlite3_free(pCur->azReplacedBy[i]);
  }
  sqlite3_free(pCur->azReplacedBy);
  sqlite3_free(pCur->aOrder);
  ormStoreFree(&pCur->hist);
  pCur->azReplacedBy = 0;
  pCur->aOrder = 0;
  pCur->nRow = pCur->iRow = 0;
}

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
      " min_sqlite TEXT HIDDEN, replaces TEXT HIDDEN,"
      " replaced_by TEXT HIDDEN)");
  if( ORM_OOM(rc!=SQLITE_OK) ) return rc;   /* ormext's own schema */
  /* It writes bookkeeping: no view or trigger may reach it. */
  sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  pTab = sqlite3_malloc64(sizeof(*pTab));
  if( ORM_OOM(pTab==0) ) return SQLITE_NOMEM;
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
  ormMigReset(pCur);
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
  OrmHistory *pHist = &pCur->hist;
  int i, k;
  ormMigReset(pCur);
  ormStoreLoad(&err, pTab->pCtx->db, pHist);
  pCur->aOrder = ormMalloc(&err, sizeof(int)*(pHist->nRev+pHist->nSquash+1));
  if( pHist->nSquash>0 ){
    pCur->azReplacedBy = ormMalloc(&err, sizeof(char*)*(pHist->nRev+1));
  }
  if( err.rc==SQLITE_OK ){
    /* From here only an allocation sets err. */
    unsigned char *aUsed = ormMalloc(&err, pHist->nSquash+1);
    if( ORM_OOM(aUsed==0) ) goto filter_done;
    for(i=0; i<pHist->nRev; i++){
      pCur->aOrder[pCur->nRow++] = i;
      for(k=0; k<pHist->nSquash; k++){
        const OrmSquash *pSq = &pHist->aSquash[k];
        if( pSq->nRep>0 && pSq->aRep[pSq->nRep-1]==i ){
          pCur->aOrder[pCur->nRow++] = pHist->nRev + k;
          aUsed[k] = 1;
        }
      }
    }
    /* Squashes that replace nothing known come last. */
    for(k=0; k<pHist->nSquash; k++){
      if( !aUsed[k] ) pCur->aOrder[pCur->nRow++] = pHist->nRev + k;
    }
    sqlite3_free(aUsed);
    for(k=0; k<pHist->nSquash; k++){
      const OrmSquash *pSq = &pHist->aSquash[k];
      for(i=0; i<pSq->nRep; i++){
        char **pz = &pCur->azReplacedBy[pSq->aRep[i]];
        char *zNew = *pz ? ormMprintf(&err, "%s,%s", *pz, pSq->zId)
                         : ormStrdup(&err, pSq->zId);
        if( ORM_OOM(zNew==0) ) goto filter_done;
        sqlite3_free(*pz);
        *pz = zNew;
      }
    }
  }
filter_done:
  pCur->iRow = 0;
  if( err.rc ) pCur->nRow = 0;
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
  return pCur->iRow>=pCur->nRow;
}

/* xColumn */
static int ormMigColumn(sqlite3_vtab_cursor *cur, sqlite3_context *pCtx,
                        int iCol){
  OrmMigCursor *pCur = (OrmMigCursor*)cur;
  int iRev = pCur->aOrder[pCur->iRow];
  const OrmRev *p;
  const char *z = 0;
  if( iRev>=pCur->hist.nRev ){
    const OrmSquash *q = &pCur->hist.aSquash[iRev - pCur->hist.nRev];
    int bApplied = q->nRep>0 && pCur->hist.aRev[q->aRep[q->nRep-1]].bApplied;
    switch( iCol ){
      case ORM_MIG_REVISION:   z = q->zId; break;
      case ORM_MIG_MESSAGE:    z = q->zMessage; break;
      case ORM_MIG_CREATED:    z = q->zCreated; break;
      case ORM_MIG_APPLIED_AT: z = q->zApplied; break;
      case ORM_MIG_STATE:      z = bApplied ? "applied" : "pending"; break;
      case ORM_MIG_IS_CURRENT:
        sqlite3_result_int(pCtx, 0);
        return SQLITE_OK;
      case ORM_MIG_UP:         z = q->zUp; break;
      case ORM_MIG_DOWN:       z = q->zDown; break;
      case ORM_MIG_CHECKSUM:   z = q->zChecksum; break;
      case ORM_MIG_DESTRUCTIVE:
        sqlite3_result_int(pCtx, q->bDestructive);
        return SQLITE_OK;
      case ORM_MIG_REPLACES:   z = q->zReplaces; break;
      case ORM_MIG_MIN_SQLITE: {
        char zVer[ORM_VERSION_TEXT];
        OrmRev rev;
        memset(&rev, 0, sizeof(rev));
        rev.zUp = q->zUp;
        rev.zDown = q->zDown;
        ormConfigVersionText(ormConfigRevNeeds(&rev, 1, 1), zVer);
        if( zVer[0] ) sqlite3_result_text(pCtx, zVer, -1, SQLITE_TRANSIENT);
        return SQLITE_OK;
      }
      default:                 break;
    }
    if( z ) sqlite3_result_text(pCtx, z, -1, SQLITE_TRANSIENT);
    return SQLITE_OK;
  }
  p = &pCur->hist.aRev[iRev];
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
    case ORM_MIG_REPLACES:   break;
    case ORM_MIG_REPLACED_BY:
      z = pCur->azReplacedBy ? pCur->azReplacedBy[iRev] : 0;
      break;
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
  int iRev = pCur->aOrder[pCur->iRow];
  *pRowid = iRev<pCur->hist.nRev ? pCur->hist.aRev[iRev].iSeq
          : -pCur->hist.aSquash[iRev - pCur->hist.nRev].iRowid;
  return SQLITE_OK;
}

/* DELETE of the revision whose creation number is iRowid. */
static void ormMigDelete(OrmErr *pErr, sqlite3 *db, sqlite3_int64 iRowid){
  OrmHistory hist;
  int iRev;
  if( iRowid<0 ){
    /* A squash: the revisions it replaces stay, and so does every
    ** database's state. */
    ormExecf(pErr, db, "DELETE FROM main._orm_squash WHERE rowid=%lld",
             -iRowid);
    return;
  }
  ormStoreLoad(pErr, db, &hist);
  for(iRev=0; iRev<hist.nRev && hist.aRev[iRev].iSeq!=iRowid; iRev++){}
  if( pErr->rc==SQLITE_OK && iRev<hist.nRev ){
    const OrmRev *p = &hist.aRev[iRev];
    int i;
    /* The rowid is the seq: with two revisions of one seq (edited by
    ** hand) it does not say which row to delete. */
    for(i=iRev+1; i<hist.nRev && hist.aRev[i].iSeq!=iRowid; i++){}
    if( i<hist.nRev ){
      ormErrSet(pErr, SQLITE_CONSTRAINT,
          "revisions %s and %s have the same seq (%lld) in _orm_revision,"
          " so the row to delete is not known; give each its own seq"
          " first", p->zId, hist.aRev[i].zId, iRowid);
    }
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
    for(i=0; pErr->rc==SQLITE_OK && i<hist.nSquash; i++){
      const OrmSquash *q = &hist.aSquash[i];
      int j;
      for(j=0; j<q->nRep && q->aRep[j]!=iRev; j++){}
      if( j<q->nRep ){
        ormErrSet(pErr, SQLITE_CONSTRAINT,
            "revision %s is replaced by squash %s; delete the squash first",
            p->zId, q->zId);
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
    "min_sqlite", "replaces", "replaced_by"
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
  ormProveHandWritten(pErr, db, "orm_migrations", &hist, zUp, zDown);
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
