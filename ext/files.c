/*
** files.c - orm_export(dir) and orm_import(dir): revisions as plain-SQL
** files, one per revision.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

/* orm_export(dir): write one file per revision; returns how many. */
void ormFilesExportFunc(sqlite3_context *pCtx, int nArg,
                        sqlite3_value **apArg){
  (void)nArg; (void)apArg;
  sqlite3_result_error(pCtx, "orm_export: not implemented yet", -1);
}

/* orm_import(dir): read revision files; returns how many. */
void ormFilesImportFunc(sqlite3_context *pCtx, int nArg,
                        sqlite3_value **apArg){
  (void)nArg; (void)apArg;
  sqlite3_result_error(pCtx, "orm_import: not implemented yet", -1);
}
