/*
** main.c - the entry point of the ormext extension: one OrmCtx per
** connection, and the registration of every SQL function and module.
**
**   .load ./ormext
**   SELECT orm_version();     -- '0.1.0'
**
** The OrmCtx is the user data of every function and module.  Each
** registration holds one reference, dropped by its destructor, so the
** context lives exactly as long as the last of them.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT1

#include <string.h>

/* Drop one reference to the context; free it with the last one. */
static void ormCtxUnref(void *pArg){
  OrmCtx *p = (OrmCtx*)pArg;
  if( --p->nRef==0 ){
    ormProgressFree(p->pProgress);
    sqlite3_free(p);
  }
}

/* orm_version(): the extension's version. */
static void ormVersionFunc(sqlite3_context *pCtx, int nArg,
                           sqlite3_value **apArg){
  (void)nArg; (void)apArg;
  sqlite3_result_text(pCtx, ORMEXT_VERSION, -1, SQLITE_STATIC);
}

/*
** Every SQL function.  bDirect: it changes the schema, touches files, or
** replays what the database holds (declarations, objects, revisions) on a
** private connection, so a view or trigger of a (possibly hostile)
** database must not run it.  Only those that read a few values and
** format them stay usable there: orm_version, orm_current, orm_heads,
** orm_config with one argument (reads a setting), and orm_sql (text of
** stored revisions; it runs nothing).
*/
static const struct OrmFuncDef {
  const char *zName;
  int nArg;                       /* -1: any number */
  int bDirect;                    /* SQLITE_DIRECTONLY */
  void (*xFunc)(sqlite3_context*, int, sqlite3_value**);
} aOrmFunc[] = {
  { "orm_version",   0, 0, ormVersionFunc },
  { "orm_current",   0, 0, ormStoreCurrentFunc },
  { "orm_heads",     0, 0, ormStoreHeadsFunc },
  { "orm_declare",  -1, 1, ormDeclDeclareFunc },
  { "orm_undeclare", 0, 1, ormDeclUndeclareFunc },
  { "orm_undeclare", 1, 1, ormDeclUndeclareFunc },
  { "orm_rename",    2, 1, ormDeclRenameFunc },
  { "orm_rename",    3, 1, ormDeclRenameFunc },
  { "orm_migrate",   0, 1, ormMigrateFunc },
  { "orm_migrate",   1, 1, ormMigrateFunc },
  { "orm_upgrade",   0, 1, ormApplyUpgradeFunc },
  { "orm_upgrade",   1, 1, ormApplyUpgradeFunc },
  { "orm_upgrade",   2, 1, ormApplyUpgradeFunc },
  { "orm_downgrade", 0, 1, ormApplyDowngradeFunc },
  { "orm_downgrade", 1, 1, ormApplyDowngradeFunc },
  { "orm_downgrade", 2, 1, ormApplyDowngradeFunc },
  { "orm_stamp",     0, 1, ormAdoptStampFunc },
  { "orm_stamp",     1, 1, ormAdoptStampFunc },
  { "orm_check",     0, 1, ormCompareCheckFunc },
  { "orm_merge",     0, 1, ormStoreMergeFunc },
  { "orm_merge",     1, 1, ormStoreMergeFunc },
  { "orm_squash",    1, 1, ormSquashFunc },
  { "orm_squash",    2, 1, ormSquashFunc },
  { "orm_adopt",     0, 1, ormAdoptFunc },
  { "orm_sql",       0, 0, ormOfflineSqlFunc },
  { "orm_sql",       1, 0, ormOfflineSqlFunc },
  { "orm_sql",       2, 0, ormOfflineSqlFunc },
  { "orm_sql",       3, 0, ormOfflineSqlFunc },
  { "orm_export",    1, 1, ormFilesExportFunc },
  { "orm_import",    1, 1, ormFilesImportFunc },
  { "orm_config",    1, 0, ormConfigFunc },
  { "orm_config",    2, 1, ormConfigFunc },
};

/* The eponymous virtual tables. */
static const struct OrmModuleDef {
  const char *zName;
  const sqlite3_module *pModule;
} aOrmModule[] = {
  { "orm_migrations", &ormVtMigrationsModule },
  { "orm_model_meta", &ormVtMetaModule },
  { "orm_diff",       &ormVtDiffModule },
};

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_ormext_init(sqlite3 *db, char **pzErrMsg,
                        const sqlite3_api_routines *pApi){
  OrmCtx *pCtx;
  int rc = SQLITE_OK;
  size_t i;
  SQLITE_EXTENSION_INIT2(pApi);

  /* The oldest SQLite ormext runs on: it reads schemas with PRAGMA
  ** table_list (3.37.0).  On an older one it would load and then fail
  ** in orm_migrate with "no such table: pragma_table_list". */
  if( sqlite3_libversion_number()<ORM_MIN_SQLITE_NUMBER ){
    *pzErrMsg = sqlite3_mprintf("ormext needs SQLite %s or later (for"
        " PRAGMA table_list); this connection runs SQLite %s: upgrade the"
        " SQLite library the program uses", ORM_MIN_SQLITE,
        sqlite3_libversion());
    return SQLITE_ERROR;
  }

  /* A routine compiled out of the host's SQLite has a NULL slot in the
  ** API table, and calling it would crash.  The authorizer guards every
  ** private connection (guard.c): without it ormext does not load.  The
  ** progress handler only forwards the user's interrupt, and is skipped
  ** when missing (better-sqlite3 builds with SQLITE_OMIT_PROGRESS_CALLBACK;
  ** see ormGuardOpen()). */
  if( pApi && pApi->set_authorizer==0 ){
    *pzErrMsg = sqlite3_mprintf("ormext needs sqlite3_set_authorizer(),"
        " which this SQLite %s was built without"
        " (SQLITE_OMIT_AUTHORIZATION): use an SQLite built without that"
        " option", sqlite3_libversion());
    return SQLITE_ERROR;
  }

  pCtx = sqlite3_malloc64(sizeof(OrmCtx));
  if( pCtx==0 ) return SQLITE_NOMEM;
  memset(pCtx, 0, sizeof(*pCtx));
  pCtx->db = db;
  /* Held by this function until registration is over. */
  pCtx->nRef = 1;

  for(i=0; rc==SQLITE_OK && i<sizeof(aOrmFunc)/sizeof(aOrmFunc[0]); i++){
    const struct OrmFuncDef *p = &aOrmFunc[i];
    int flags = SQLITE_UTF8 | (p->bDirect ? SQLITE_DIRECTONLY : 0);
    pCtx->nRef++;
    /* On failure SQLite calls the destructor, dropping the reference. */
    rc = sqlite3_create_function_v2(db, p->zName, p->nArg, flags, pCtx,
                                    p->xFunc, 0, 0, ormCtxUnref);
    if( rc!=SQLITE_OK ){
      *pzErrMsg = sqlite3_mprintf("ormext: cannot register %s(): %s",
                                  p->zName, sqlite3_errstr(rc));
    }
  }
  for(i=0; rc==SQLITE_OK && i<sizeof(aOrmModule)/sizeof(aOrmModule[0]); i++){
    pCtx->nRef++;
    rc = sqlite3_create_module_v2(db, aOrmModule[i].zName,
                                  aOrmModule[i].pModule, pCtx, ormCtxUnref);
    if( rc!=SQLITE_OK ){
      *pzErrMsg = sqlite3_mprintf("ormext: cannot register %s: %s",
                                  aOrmModule[i].zName, sqlite3_errstr(rc));
    }
  }
  ormCtxUnref(pCtx);
  return rc;
}
