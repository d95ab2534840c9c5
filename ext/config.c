/*
** config.c - orm_config(), and the SQLite version each revision needs.
**
**   SELECT orm_config('min_sqlite', '3.40.0');  -- '3.40.0'
**   SELECT orm_config('min_sqlite');            -- '3.40.0', NULL if unset
**   SELECT orm_config('min_sqlite', NULL);      -- NULL: unset again
**
** orm_migrate plans with what the SQLite that runs it offers: on 3.53.0
** and later, ALTER TABLE ... ALTER COLUMN SET/DROP NOT NULL and DROP
** CONSTRAINT instead of a table rebuild (plan.c); DROP COLUMN (3.35.0)
** everywhere ormext runs.  A revision so planned needs that SQLite: _orm_revision's
** min_sqlite records the version (ormStoreAdd()), orm_migrations and
** exported files show it, and orm_upgrade/orm_downgrade on an older SQLite
** refuse the revision before running anything.
**
** A team whose members run different SQLites sets the floor once, in the
** database (_orm_state, key 'min_sqlite'): orm_migrate then plans only
** what that version runs.
**
** The other setting, 'progress' (progress.c), belongs to the connection
** and is never stored: where this process sees its moves' progress.
**
**   SELECT orm_config('progress', 'stderr');    -- 'stderr'
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/* The key of the floor in _orm_state, and the setting's name. */
#define ORM_CONFIG_MIN "min_sqlite"
/* The connection's setting (progress.c). */
#define ORM_CONFIG_PROGRESS "progress"

/*
** Version text "X.Y" or "X.Y.Z" (digits only, each part below 1000) as
** sqlite3_libversion_number() counts it, or 0 when z is not one.
*/
int ormConfigVersion(const char *z){
  int aPart[3] = {0, 0, 0};
  int nPart = 0, nDigit = 0, i;
  if( z==0 ) return 0;
  for(i=0; ; i++){
    char c = z[i];
    if( c>='0' && c<='9' ){
      if( nDigit>=3 ) return 0;
      aPart[nPart] = aPart[nPart]*10 + (c-'0');
      nDigit++;
    }else if( (c=='.' || c==0) && nDigit>0 ){
      nPart++;
      nDigit = 0;
      if( c==0 ) break;
      if( nPart>=3 ) return 0;
    }else{
      return 0;
    }
  }
  if( nPart<2 || aPart[0]==0 ) return 0;
  return aPart[0]*1000000 + aPart[1]*1000 + aPart[2];
}

/* Version iVersion as "X.Y.Z" into zOut (ORM_VERSION_TEXT bytes); "" for
** 0. */
void ormConfigVersionText(int iVersion, char *zOut){
  if( iVersion<=0 ){
    zOut[0] = 0;
    return;
  }
  sqlite3_snprintf(ORM_VERSION_TEXT, zOut, "%d.%d.%d", iVersion/1000000,
                   (iVersion/1000)%1000, iVersion%1000);
}

/*
** The oldest SQLite that can run revision p: its recorded min_sqlite, or
** more if its SQL (the up-SQL when bUp, the down-SQL when bDown, where
** loaded) needs more.  The SQL is read too because a revision recorded
** before min_sqlite existed has NULL there.  0: any.
*/
int ormConfigRevNeeds(const OrmRev *p, int bUp, int bDown){
  int iNeed = p->iMinSqlite, i;
  if( bUp && (i = ormNormMinSqlite(p->zUp))>iNeed ) iNeed = i;
  if( bDown && (i = ormNormMinSqlite(p->zDown))>iNeed ) iNeed = i;
  return iNeed;
}

/* The floor set by orm_config('min_sqlite', ...), or 0 when unset. */
static int ormConfigFloor(OrmErr *pErr, sqlite3 *db){
  char *zVal;
  int iFloor;
  if( !ormStoreExists(pErr, db) ) return 0;
  zVal = ormQueryText(pErr, db,
      "SELECT value FROM main._orm_state WHERE key='" ORM_CONFIG_MIN "'");
  if( zVal==0 ) return 0;
  iFloor = ormConfigVersion(zVal);
  if( iFloor==0 ){
    ormErrSet(pErr, SQLITE_ERROR,
        "_orm_state holds min_sqlite '%s', which is not a version such as"
        " 3.40.0; set it again with orm_config('min_sqlite', '3.40.0')",
        zVal);
  }
  sqlite3_free(zVal);
  return iFloor;
}

/*
** The SQLite version orm_migrate plans for: the running one, or the floor
** of orm_config('min_sqlite') when that is older.
*/
int ormConfigPlanFor(OrmErr *pErr, sqlite3 *db){
  int iRun = sqlite3_libversion_number();
  int iFloor = ormConfigFloor(pErr, db);
  return iFloor>0 && iFloor<iRun ? iFloor : iRun;
}

/*
** Refuse revision p, which zFunc is about to run up (bUp) or down, when
** the running SQLite is older than the revision needs.  The caller checks
** every revision of a move before running any.
*/
void ormConfigCheckRun(OrmErr *pErr, const char *zFunc, const OrmRev *p,
                       int bUp){
  int iNeed, iRun = sqlite3_libversion_number();
  char zNeed[ORM_VERSION_TEXT], zRun[ORM_VERSION_TEXT];
  if( pErr->rc ) return;
  iNeed = ormConfigRevNeeds(p, bUp, !bUp);
  if( iNeed<=iRun ) return;
  ormConfigVersionText(iNeed, zNeed);
  ormConfigVersionText(iRun, zRun);
  ormErrSet(pErr, SQLITE_ERROR,
      "%s: revision %s needs SQLite %s or later, and this connection runs"
      " SQLite %s; nothing was run; run it with SQLite %s or later, or"
      " have it made again after SELECT orm_config('min_sqlite', '%s'),"
      " which makes orm_migrate plan only what SQLite %s runs", zFunc,
      p->zId, zNeed, zRun, zNeed, zRun, zRun);
}

/*
** orm_config(name[, value]): read a setting, or set it (value NULL: unset
** it).  The settings are 'min_sqlite' (in the database) and 'progress'
** (of the connection).  Returns the setting's value after the call, or
** NULL when unset.
*/
void ormConfigFunc(sqlite3_context *pCtx, int nArg, sqlite3_value **apArg){
  if( nArg==2 && ormGuardDirect(pCtx, "orm_config") ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  const char *zName;
  char *zRet = 0;
  zName = ormArgText(&err, "orm_config", apArg, 0,
                     "a setting name ('min_sqlite' or 'progress')");
  if( zName && strcmp(zName, ORM_CONFIG_MIN)
   && strcmp(zName, ORM_CONFIG_PROGRESS) ){
    ormErrSet(&err, SQLITE_ERROR,
        "orm_config: unknown setting '%s'; the settings are 'min_sqlite'"
        " and 'progress'", zName);
  }
  if( err.rc==SQLITE_OK && strcmp(zName, ORM_CONFIG_PROGRESS)==0 ){
    /* The connection's: no transaction, nothing in the database. */
    if( nArg==2 ) ormProgressSet(&err, p, apArg[1]);
    if( err.rc==SQLITE_OK && ormProgressSetting(p) ){
      zRet = ormStrdup(&err, ormProgressSetting(p));
    }
  }else if( err.rc==SQLITE_OK && nArg==1 ){
    /* Reading never creates the bookkeeping tables. */
    if( ormStoreExists(&err, p->db) ){
      zRet = ormQueryText(&err, p->db,
          "SELECT value FROM main._orm_state WHERE key='" ORM_CONFIG_MIN "'");
    }
  }else if( err.rc==SQLITE_OK ){
    OrmTxn txn;
    char zVal[ORM_VERSION_TEXT];
    int iVal = 0;
    zVal[0] = 0;
    if( sqlite3_value_type(apArg[1])!=SQLITE_NULL ){
      const char *z = sqlite3_value_type(apArg[1])==SQLITE_TEXT ?
                      (const char*)sqlite3_value_text(apArg[1]) : 0;
      iVal = ormConfigVersion(z);
      if( iVal==0 ){
        ormErrSet(&err, SQLITE_ERROR,
            "orm_config: min_sqlite must be a version as text, such as"
            " '3.40.0' (or NULL to unset it)");
      }else if( iVal<ORM_MIN_SQLITE_NUMBER ){
        ormErrSet(&err, SQLITE_ERROR,
            "orm_config: min_sqlite %s is older than SQLite %s, the oldest"
            " ormext runs on; give '%s' or later", z, ORM_MIN_SQLITE,
            ORM_MIN_SQLITE);
      }
      ormConfigVersionText(iVal, zVal);
    }
    ormTxnBegin(&err, &txn, p, "orm_config");
    ormStoreCreate(&err, p->db);
    if( iVal ){
      ormExecf(&err, p->db,
          "INSERT OR REPLACE INTO main._orm_state(key, value)"
          " VALUES('" ORM_CONFIG_MIN "', %Q)", zVal);
      if( err.rc==SQLITE_OK ) zRet = ormStrdup(&err, zVal);
    }else{
      ormExec(&err, p->db,
          "DELETE FROM main._orm_state WHERE key='" ORM_CONFIG_MIN "'");
    }
    ormTxnEnd(&err, &txn);
  }
  ormErrResultText(&err, pCtx, "orm_config", zRet);
}
