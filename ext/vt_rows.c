/*
** vt_rows.c - the shared body of the read-only eponymous virtual tables
** (orm_model_meta, orm_diff).  Each one names its columns and a function
** that fills an OrmRows store; xFilter calls it and the cursor walks the
** rows.  The tables are small (one row per column or per change), so
** materialising them is the simplest correct plan.
**
**   SELECT * FROM orm_model_meta;     -- rows made by ormVtMetaFill()
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

typedef struct OrmRowsVtab OrmRowsVtab;
struct OrmRowsVtab {
  sqlite3_vtab base;
  OrmCtx *pCtx;                   /* Not owned */
  const OrmRowsDef *pDef;         /* Static */
};

typedef struct OrmRowsCursor OrmRowsCursor;
struct OrmRowsCursor {
  sqlite3_vtab_cursor base;
  OrmRows rows;                   /* Owned: filled by xFilter */
  int iRow;
};

/* The xConnect of a rows table described by pDef. */
int ormVtRowsConnect(sqlite3 *db, void *pAux, const OrmRowsDef *pDef,
                     sqlite3_vtab **ppVtab){
  OrmRowsVtab *pTab;
  int rc = sqlite3_declare_vtab(db, pDef->zSchema);
  if( ORM_OOM(rc!=SQLITE_OK) ) return rc;   /* ormext's own schema */
  /* Both tables (orm_model_meta, orm_diff) replay the declarations on a
  ** private connection: top-level SQL only (see main.c). */
  sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  pTab = sqlite3_malloc64(sizeof(*pTab));
  if( ORM_OOM(pTab==0) ) return SQLITE_NOMEM;
  memset(pTab, 0, sizeof(*pTab));
  pTab->pCtx = (OrmCtx*)pAux;
  pTab->pDef = pDef;
  *ppVtab = &pTab->base;
  return SQLITE_OK;
}

/* xBestIndex: a full scan; there is no index. */
int ormVtRowsBestIndex(sqlite3_vtab *pVtab, sqlite3_index_info *pInfo){
  (void)pVtab;
  pInfo->estimatedCost = 10000.0;
  pInfo->estimatedRows = 1000;
  return SQLITE_OK;
}

/* xDisconnect */
int ormVtRowsDisconnect(sqlite3_vtab *pVtab){
  sqlite3_free(pVtab);
  return SQLITE_OK;
}

/* xOpen */
int ormVtRowsOpen(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCur){
  OrmRowsVtab *pTab = (OrmRowsVtab*)pVtab;
  OrmRowsCursor *pCur = sqlite3_malloc64(sizeof(*pCur));
  if( pCur==0 ) return SQLITE_NOMEM;
  memset(pCur, 0, sizeof(*pCur));
  pCur->rows.nCol = pTab->pDef->nCol;
  *ppCur = &pCur->base;
  return SQLITE_OK;
}

/* xClose */
int ormVtRowsClose(sqlite3_vtab_cursor *cur){
  OrmRowsCursor *pCur = (OrmRowsCursor*)cur;
  ormRowsReset(&pCur->rows);
  sqlite3_free(pCur);
  return SQLITE_OK;
}

/* xFilter: fill the rows afresh (no constraints are used). */
int ormVtRowsFilter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr,
                    int argc, sqlite3_value **argv){
  OrmRowsCursor *pCur = (OrmRowsCursor*)cur;
  OrmRowsVtab *pTab = (OrmRowsVtab*)cur->pVtab;
  OrmErr err = {0, 0};
  (void)idxNum; (void)idxStr; (void)argc; (void)argv;
  ormRowsReset(&pCur->rows);
  pCur->iRow = 0;
  pTab->pDef->xFill(&err, pTab->pCtx->db, &pCur->rows);
  sqlite3_free(pTab->base.zErrMsg);
  pTab->base.zErrMsg = 0;
  if( err.rc ){
    pTab->base.zErrMsg = ormErrMessage(&err, pTab->pDef->zName);
    ormRowsReset(&pCur->rows);
  }
  {
    int rc = err.rc & 0xff;
    ormErrClear(&err);
    return rc;
  }
}

/* xNext */
int ormVtRowsNext(sqlite3_vtab_cursor *cur){
  ((OrmRowsCursor*)cur)->iRow++;
  return SQLITE_OK;
}

/* xEof */
int ormVtRowsEof(sqlite3_vtab_cursor *cur){
  OrmRowsCursor *pCur = (OrmRowsCursor*)cur;
  return pCur->iRow>=pCur->rows.nRow;
}

/* xColumn */
int ormVtRowsColumn(sqlite3_vtab_cursor *cur, sqlite3_context *pCtx,
                    int iCol){
  OrmRowsCursor *pCur = (OrmRowsCursor*)cur;
  ormRowsResult(&pCur->rows, pCur->iRow, iCol, pCtx);
  return SQLITE_OK;
}

/* xRowid */
int ormVtRowsRowid(sqlite3_vtab_cursor *cur, sqlite_int64 *pRowid){
  *pRowid = ((OrmRowsCursor*)cur)->iRow + 1;
  return SQLITE_OK;
}
