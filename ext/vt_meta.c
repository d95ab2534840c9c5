/*
** vt_meta.c - the eponymous virtual table orm_model_meta: one row per
** declared column, compared with the live database.
**
**   SELECT model, column_name, type, status FROM orm_model_meta;
**   -- user|id|INTEGER|in sync
**   -- user|password|VARCHAR(120)|add
**
** status is 'in sync', 'add' (declared, not live yet), 'change' (live but
** different) or 'drop' (a live column of a managed table that is no longer
** declared: the next migration drops it).
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

#define ORM_META_NCOL 11
#define ORM_META_STATUS 10

/*
** Every column of every user table of db, with what PRAGMAs say of it,
** in the column order of orm_model_meta (without status).
*/
static sqlite3_stmt *ormMetaQuery(OrmErr *pErr, sqlite3 *db){
  return ormPrepare(pErr, db,
      "SELECT m.name, c.name, c.cid+1, c.type, c.\"notnull\", c.dflt_value,"
      "  c.pk,"
      "  (c.pk=1 AND (SELECT count(*) FROM pragma_table_info(m.name)"
      "               WHERE pk>0)=1)"
      "  OR EXISTS (SELECT 1 FROM pragma_index_list(m.name) AS il"
      "             WHERE il.\"unique\" AND il.partial=0"
      "               AND (SELECT count(*) FROM pragma_index_info(il.name))=1"
      "               AND (SELECT name FROM pragma_index_info(il.name))"
      "                   =c.name COLLATE NOCASE),"
      "  f.\"table\","
      "  coalesce(f.\"to\", CASE WHEN f.\"table\" IS NOT NULL THEN"
      "    (SELECT name FROM pragma_table_info(f.\"table\") WHERE pk=1) END)"
      " FROM main.sqlite_schema AS m"
      " JOIN pragma_table_xinfo(m.name) AS c"
      " LEFT JOIN pragma_foreign_key_list(m.name) AS f"
      "   ON f.\"from\"=c.name COLLATE NOCASE AND f.seq=0"
      " WHERE m.type='table' AND " ORM_USER_OBJECT
      " ORDER BY m.rowid, c.cid", "main");
}

/* The current row of pStmt as cells of aCell (texts borrowed: valid
** until the next step). */
static void ormMetaCells(sqlite3_stmt *pStmt, OrmCell *aCell){
  int i;
  for(i=0; i<ORM_META_STATUS; i++) aCell[i] = ormCellColumn(pStmt, i);
}

/* Fill the rows of orm_model_meta. */
static void ormVtMetaFill(OrmErr *pErr, sqlite3 *db, OrmRows *pRows){
  OrmCompare cmp;
  sqlite3 *dbMem = 0;
  sqlite3_stmt *pStmt;
  OrmCell aCell[ORM_META_NCOL];

  memset(&cmp, 0, sizeof(cmp));
  ormCompareLoad(pErr, db, &cmp);

  /* Declared columns, compared with the live (managed) ones. */
  ormDeclOpen(pErr, db, &dbMem);
  pStmt = ormMetaQuery(pErr, dbMem);
  while( ormStep(pErr, pStmt) ){
    const char *zModel = (const char*)sqlite3_column_text(pStmt, 0);
    const char *zCol = (const char*)sqlite3_column_text(pStmt, 1);
    const OrmObject *pLive = ormSchemaFind(&cmp.live, zModel);
    const OrmObject *pDecl = ormSchemaFind(&cmp.decl, zModel);
    const OrmColumn *pOld = 0, *pNew = 0;
    if( pLive && pLive->eType==ORM_OBJ_TABLE ){
      pOld = ormSchemaColumn(pLive, zCol);
    }
    /* dbMem holds exactly the declared tables, as cmp.decl does, with
    ** the same columns (table_xinfo both). */
    if( ORM_ALWAYS(pDecl!=0) ) pNew = ormSchemaColumn(pDecl, zCol);
    ormMetaCells(pStmt, aCell);
    aCell[ORM_META_STATUS] = ormCellText(pOld==0 ? "add" :
        (ORM_ALWAYS(pNew!=0) && strcmp(pOld->zSig, pNew->zSig)) ? "change"
                                                                  : "in sync");
    ormRowsAdd(pErr, pRows, aCell);
  }
  ormFinalize(pErr, pStmt);
  sqlite3_close(dbMem);

  /* Live columns of managed tables that are no longer declared. */
  pStmt = ormMetaQuery(pErr, db);
  while( ormStep(pErr, pStmt) ){
    const char *zModel = (const char*)sqlite3_column_text(pStmt, 0);
    const char *zCol = (const char*)sqlite3_column_text(pStmt, 1);
    const OrmObject *pLive = ormSchemaFind(&cmp.live, zModel);
    const OrmObject *pDecl = ormSchemaFind(&cmp.decl, zModel);
    if( pLive==0 ) continue;                /* not managed */
    if( pDecl && pDecl->eType==ORM_OBJ_TABLE
     && ormSchemaColumn(pDecl, zCol) ) continue;
    ormMetaCells(pStmt, aCell);
    aCell[ORM_META_STATUS] = ormCellText("drop");
    ormRowsAdd(pErr, pRows, aCell);
  }
  ormFinalize(pErr, pStmt);

  ormCompareFree(&cmp);
}

static const OrmRowsDef ormMetaDef = {
  "orm_model_meta",
  "CREATE TABLE x(model TEXT, column_name TEXT, position INTEGER,"
  " type TEXT, not_null INTEGER, default_value TEXT, primary_key INTEGER,"
  " is_unique INTEGER, references_model TEXT, references_column TEXT,"
  " status TEXT)",
  ORM_META_NCOL,
  ormVtMetaFill
};

/* xConnect */
static int ormMetaConnect(sqlite3 *db, void *pAux, int argc,
                          const char *const *argv, sqlite3_vtab **ppVtab,
                          char **pzErr){
  (void)argc; (void)argv; (void)pzErr;
  return ormVtRowsConnect(db, pAux, &ormMetaDef, ppVtab);
}

const sqlite3_module ormVtMetaModule = {
  /* iVersion    */ 0,
  /* xCreate     */ 0,            /* eponymous only */
  /* xConnect    */ ormMetaConnect,
  /* xBestIndex  */ ormVtRowsBestIndex,
  /* xDisconnect */ ormVtRowsDisconnect,
  /* xDestroy    */ 0,
  /* xOpen       */ ormVtRowsOpen,
  /* xClose      */ ormVtRowsClose,
  /* xFilter     */ ormVtRowsFilter,
  /* xNext       */ ormVtRowsNext,
  /* xEof        */ ormVtRowsEof,
  /* xColumn     */ ormVtRowsColumn,
  /* xRename     */ ormVtRowsRowid,
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
