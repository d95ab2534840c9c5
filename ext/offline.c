/*
** offline.c - orm_sql(): the script of a move, to review and run without
** the extension.
**
**   SELECT orm_sql();                        -- current to head
**   SELECT orm_sql('base', NULL);            -- down to base
**   SELECT orm_sql('head', NULL, 'one-request');  -- for dqlite, rqlite
**
** The script runs the revisions' SQL as orm_upgrade() and orm_downgrade()
** run it (apply.c), in one transaction, with the same bookkeeping: each
** step's marks and the current revision come from apply.c's
** ormApplyBookkeeping(), which ormApplyRun() runs, so the two cannot
** differ.  What only a script needs is here: the bookkeeping tables and
** revision rows for a database that never saw ormext, the foreign key
** switch and check around a rebuild, the indexes and triggers made by hand
** that a rebuild would lose, and the one-request form's guards.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/*
** Append to pOut the CREATE statements of the indexes and triggers of db
** (unmanaged ones, made by hand) on a table that script zSql rebuilds but
** does not name itself: orm_upgrade() keeps such objects (see
** ormApplyRestore()), so the offline script must too.
*/
static void ormOfflineKeepText(OrmErr *pErr, sqlite3 *db, const char *zSql,
                               sqlite3_str *pOut){
  OrmStrList ids = {0, 0, 0, 0, 0};
  sqlite3_stmt *pStmt;
  const char *z;
  int n, eType;
  for(z=zSql; (n = ormNormToken(z, &eType))>0; z+=n){
    if( eType==ORM_TK_WORD || eType==ORM_TK_QID ){
      ormListAddOwned(pErr, &ids, ormNormIdent(z, n));
    }
  }
  pStmt = ormPrepare(pErr, db,
      "SELECT name, tbl_name, sql FROM main.sqlite_schema"
      " WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
      "   AND name NOT LIKE 'sqlite\\_%%' ESCAPE '\\'"
      " ORDER BY type, rowid");
  while( ormStep(pErr, pStmt) ){
    const char *zName = (const char*)sqlite3_column_text(pStmt, 0);
    char *zNew = ormMprintf(pErr, ORM_NEW_PREFIX "%s",
                            (const char*)sqlite3_column_text(pStmt, 1));
    if( zNew && ormListFind(&ids, zNew)>=0 && ormListFind(&ids, zName)<0 ){
      sqlite3_str_appendf(pOut, "%s;\n",
                          (const char*)sqlite3_column_text(pStmt, 2));
    }
    sqlite3_free(zNew);
  }
  ormFinalize(pErr, pStmt);
  ormListFree(&ids);
}

/*
** The one-request form (orm_sql(target, from, 'one-request')) is for an
** engine that runs each request in a transaction of its own and cannot
** load the extension (dqlite, rqlite): no BEGIN or COMMIT, no PRAGMA
** that returns rows or does nothing inside a transaction, the
** bookkeeping rows written by the script itself, and its checks made by
** inserting into a temporary table whose named CHECK constraints fail
** with ormext's message (an engine cannot run a query that returns rows
** in an exec request).  Foreign keys cannot be switched off inside the
** engine's transaction, so before each DROP TABLE the script checks
** that foreign keys are off or that no foreign key references the table:
** with them on, DROP TABLE would delete the rows of every ON DELETE
** CASCADE child.  The message says what to do.
*/
#define ORM_GUARD_FK "ormext: foreign keys are on and the next statement" \
  " drops a table that a foreign key references (DROP TABLE would run its" \
  " ON DELETE actions); send PRAGMA foreign_keys=OFF as a request of its" \
  " own before this script, and PRAGMA foreign_keys=ON after it"
#define ORM_GUARD_KEYS "ormext: the migration leaves a foreign key" \
  " dangling that was not before; rolled back"

/* Append the guard table of the one-request form and its first check:
** the database must be at zFrom (NULL: base). */
static void ormOfflineGuardText(sqlite3_str *pOut, const char *zFrom){
  sqlite3_str_appendf(pOut,
      "CREATE TEMP TABLE _orm_guard(\n"
      "  at CONSTRAINT \"ormext: the database is not at %w, where this"
      " script starts; make the script again with orm_sql() from its"
      " current revision\" CHECK(at),\n"
      "  fk CONSTRAINT \"%w\" CHECK(fk),\n"
      "  keys CONSTRAINT \"%w\" CHECK(keys));\n"
      "INSERT INTO temp._orm_guard(at) SELECT (SELECT value FROM"
      " main._orm_state WHERE key='current') IS %Q;\n",
      zFrom ? zFrom : "base", ORM_GUARD_FK, ORM_GUARD_KEYS, zFrom);
}

/*
** Append script zSql, one statement at a time, with the foreign key
** guard before each DROP TABLE (the one-request form).
*/
static void ormOfflineGuardedText(OrmErr *pErr, sqlite3_str *pOut,
                                  const char *zSql){
  OrmStmtIter it;
  ormNormStmtInit(&it, zSql);
  while( ormNormStmtNext(&it) ){
    char *zTab = 0, *zCol = 0;
    int rc;
    /* The statement's leading spaces go before its guard. */
    sqlite3_str_append(pOut, it.zPiece, (int)(it.zStmt - it.zPiece));
    rc = ormNormDropTarget(it.zStmt, &zTab, &zCol);
    if( rc==SQLITE_NOMEM ) ormErrOom(pErr);
    if( rc==1 && zCol==0 ){
      sqlite3_str_appendf(pOut,
          "INSERT INTO temp._orm_guard(fk) SELECT NOT (SELECT foreign_keys"
          " FROM pragma_foreign_keys) OR NOT EXISTS (SELECT 1 FROM"
          " main.sqlite_schema AS s, pragma_foreign_key_list(s.name,"
          " 'main') AS f WHERE s.type='table' AND f.\"table\"=%Q"
          " COLLATE NOCASE);\n", zTab);
    }
    sqlite3_str_append(pOut, it.zStmt,
                       (int)(it.zPiece + it.nPiece - it.zStmt));
    sqlite3_free(zTab);
    sqlite3_free(zCol);
  }
}

/*
** Append the script of one move (steps of pSteps) to pOut.  db: the
** database it starts from, whose indexes and triggers made by hand a
** rebuild keeps (NULL when it starts elsewhere).  zNow: in the one-request
** form, the time as an SQL literal, else NULL.
*/
static void ormOfflineScript(OrmErr *pErr, sqlite3 *db, sqlite3_str *pOut,
                             const OrmHistory *pHist, const OrmSteps *pSteps,
                             int bUp, const char *zNow){
  const char *zTarget = pSteps->iTarget>=0 ?
      pHist->aRev[pSteps->iTarget].zId : 0;
  /* The time the script was made, not run, in the one-request form:
  ** every replica of a statement-replicated engine stores the same
  ** value. */
  const char *zAt = zNow ? zNow : ORM_NOW_SQL;
  int bDrop = pSteps->nDropTable>0;
  int i;
  sqlite3_str_appendf(pOut,
      "-- ormext %s: %s from %s to %s (%d revision%s)\n",
      ORMEXT_VERSION, bUp ? "upgrade" : "downgrade",
      pHist->zCurrent ? pHist->zCurrent : "base",
      zTarget ? zTarget : "base", pSteps->nStep,
      pSteps->nStep==1 ? "" : "s");
  if( zNow ){
    sqlite3_str_appendall(pOut,
        "-- For an engine that runs each request in a transaction of its"
        " own: send the whole\n"
        "-- script as one request.  It has no BEGIN or COMMIT, and stops"
        " unless the database\n"
        "-- is where it starts.  It does not check for data loss: read"
        " every DROP first.\n");
  }else{
    sqlite3_str_appendall(pOut,
        "-- Review it, then run it with the sqlite3 shell: sqlite3 -bail"
        " app.db < script.sql\n"
        "-- It does not check for data loss: read every DROP first.\n");
    if( bDrop ){
      sqlite3_str_appendall(pOut,
          "-- A table is dropped or rebuilt: foreign keys are off meanwhile,"
          " and checked before COMMIT.\n"
          "PRAGMA foreign_keys=OFF;\n");
    }
    sqlite3_str_appendall(pOut, "BEGIN IMMEDIATE;\n");
  }
  if( zNow || (bUp && pHist->zCurrent==0) ){
    /* From base, the database may never have seen ormext: bring the
    ** bookkeeping tables and the revisions the script records.  An
    ** engine's database is never written by the extension: always. */
    sqlite3_str_appendall(pOut, "\n-- ormext's bookkeeping\n");
    sqlite3_str_appendall(pOut, ormStoreDdl);
    if( zNow ) ormOfflineGuardText(pOut, pHist->zCurrent);
    for(i=0; i<pSteps->nStep; i++){
      int iStep = pSteps->aStep[i];
      const OrmSquash *q = 0;
      int j, nRev = 1;
      if( iStep>=pHist->nRev ){
        /* A squash: the revisions it replaces are recorded too (the
        ** ones after it need them), and the squash itself. */
        q = &pHist->aSquash[iStep - pHist->nRev];
        nRev = q->nRep;
      }
      for(j=0; j<nRev; j++){
        const OrmRev *pRev = &pHist->aRev[q ? q->aRep[j] : iStep];
        sqlite3_str_appendf(pOut,
            "INSERT OR IGNORE INTO _orm_revision(revision, parent, message,"
            " created_at, up_sql, down_sql, checksum, destructive, seq)"
            " VALUES(%Q, %Q, %Q, %Q, %Q, %Q, %Q, %d,"
            " (SELECT coalesce(max(seq), 0)+1 FROM _orm_revision));\n",
            pRev->zId, pRev->zParent, pRev->zMessage, pRev->zCreated,
            pRev->zUp, pRev->zDown, pRev->zChecksum, pRev->bDestructive);
      }
      if( q ){
        sqlite3_str_appendall(pOut, ormStoreSquashDdl);
        sqlite3_str_appendf(pOut,
            "INSERT OR IGNORE INTO _orm_squash(revision, replaces, message,"
            " created_at, up_sql, down_sql, checksum, destructive)"
            " VALUES(%Q, %Q, %Q, %Q, %Q, %Q, %Q, %d);\n",
            q->zId, q->zReplaces, q->zMessage, q->zCreated, q->zUp,
            q->zDown, q->zChecksum, q->bDestructive);
      }
    }
  }
  if( bDrop ){
    if( zNow ){
      /* Switched off again at the end of the engine's transaction. */
      sqlite3_str_appendall(pOut, "PRAGMA defer_foreign_keys=ON;\n");
    }
    sqlite3_str_appendall(pOut,
        "CREATE TEMP TABLE _orm_fk_before AS SELECT count(*) AS n"
        " FROM pragma_foreign_key_check;\n");
  }
  for(i=0; i<pSteps->nStep; i++){
    int iStep = pSteps->aStep[i];
    const OrmSquash *q = iStep>=pHist->nRev ?
        &pHist->aSquash[iStep - pHist->nRev] : 0;
    const OrmRev *pRev = q ? 0 : &pHist->aRev[iStep];
    const char *zSql = q ? q->zUp : bUp ? pRev->zUp : pRev->zDown;
    size_t n = strlen(zSql);
    if( q ){
      sqlite3_str_appendf(pOut, "\n-- squash %s: %s (replaces %d revisions:"
                          " %s)\n", q->zId, q->zMessage, q->nRep,
                          q->zReplaces);
    }else{
      sqlite3_str_appendf(pOut, "\n-- revision %s: %s\n", pRev->zId,
                          pRev->zMessage);
    }
    if( zNow ){
      ormOfflineGuardedText(pErr, pOut, zSql);
    }else{
      sqlite3_str_appendall(pOut, zSql);
    }
    if( n>0 && zSql[n-1]!='\n' ) sqlite3_str_appendall(pOut, "\n");
    if( db ) ormOfflineKeepText(pErr, db, zSql, pOut);
    ormApplyBookkeeping(pOut, pHist, pSteps, i, bUp, 1, zAt);
  }
  sqlite3_str_appendall(pOut, "\n");
  ormApplyBookkeeping(pOut, pHist, pSteps, pSteps->nStep, bUp, 1, zAt);
  if( bDrop && zNow ){
    sqlite3_str_appendall(pOut,
        "INSERT INTO temp._orm_guard(keys) SELECT count(*)<=(SELECT n FROM"
        " temp._orm_fk_before) FROM pragma_foreign_key_check;\n"
        "DROP TABLE temp._orm_fk_before;\n");
  }else if( bDrop ){
    sqlite3_str_appendall(pOut,
        "-- Fails (CHECK constraint) if a foreign key is left dangling that"
        " was not before.\n"
        "CREATE TEMP TABLE _orm_fk_check(ok CHECK(ok));\n"
        "INSERT INTO _orm_fk_check SELECT count(*)<=(SELECT n FROM"
        " _orm_fk_before) FROM pragma_foreign_key_check;\n"
        "DROP TABLE _orm_fk_check;\n"
        "DROP TABLE _orm_fk_before;\n");
  }
  if( zNow ){
    sqlite3_str_appendall(pOut, "DROP TABLE temp._orm_guard;\n");
  }else{
    sqlite3_str_appendall(pOut, "COMMIT;\n");
    if( bDrop ) sqlite3_str_appendall(pOut, "PRAGMA foreign_keys=ON;\n");
  }
}

/*
** orm_sql([target[, from[, 'one-request']]]): the exact script that
** moving from 'from' (default: current) to 'target' (default: head) would
** run, with its transaction and bookkeeping.  Runs nothing.  With
** 'one-request' (from may then be NULL: current), the form for an engine
** that runs each request in a transaction of its own (see
** ormOfflineGuardText()).
*/
void ormOfflineSqlFunc(sqlite3_context *pCtx, int nArg,
                       sqlite3_value **apArg){
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  OrmHistory hist;
  OrmSteps steps;
  const char *zTarget = "head";
  int bUp = 1;
  sqlite3_str *pOut = 0;
  char *zNow = 0;                 /* One-request form: the time, as an SQL
                                  ** literal */
  int bFrom = nArg>=2;            /* A start other than the current one */
  memset(&steps, 0, sizeof(steps));
  if( nArg>=1 ){
    zTarget = ormArgText(&err, "orm_sql", apArg, 0,
                         "a target ('head', 'base', '+N', '-N' or an id)");
  }
  if( nArg>=3 ){
    const char *zOpt = ormArgText(&err, "orm_sql", apArg, 2,
                                  "'one-request'");
    if( zOpt && strcmp(zOpt, "one-request") ){
      ormErrSet(&err, SQLITE_ERROR,
          "orm_sql: unknown option '%s'; the only option is 'one-request'",
          zOpt);
    }
    bFrom = sqlite3_value_type(apArg[1])!=SQLITE_NULL;
    zNow = ormQueryText(&err, p->db, "SELECT quote(%s)", ORM_NOW_SQL);
  }
  ormStoreLoad(&err, p->db, &hist);
  if( bFrom ){
    const char *zFrom = ormArgText(&err, "orm_sql", apArg, 1,
                                   "a revision to start from");
    int iFrom = zFrom ? ormStoreResolve(&err, &hist, "orm_sql", zFrom, 1) : -2;
    if( err.rc==SQLITE_OK ){
      sqlite3_free(hist.zCurrent);
      hist.zCurrent = iFrom>=0 ? ormStrdup(&err, hist.aRev[iFrom].zId) : 0;
      ormStoreMarkApplied(&err, &hist);
    }
  }
  if( err.rc==SQLITE_OK ){
    /* Which way: down to base, '-N' or an applied revision; else up. */
    if( zTarget[0]=='-' ){
      bUp = 0;
    }else if( zTarget[0]!='+' ){
      int iT = ormStoreResolve(&err, &hist, "orm_sql", zTarget, 1);
      if( iT==-1 ) bUp = 0;
      if( iT>=0 && hist.aRev[iT].bApplied ) bUp = 0;
    }
  }
  ormApplySteps(&err, &hist, "orm_sql", zTarget, bUp, &steps);
  if( err.rc==SQLITE_OK ){
    pOut = sqlite3_str_new(0);
    if( steps.nStep==0 ){
      sqlite3_str_appendf(pOut, "-- ormext %s: nothing to run, the database"
          " is at %s already\n", ORMEXT_VERSION,
          hist.zCurrent ? hist.zCurrent : "base");
    }else{
      /* Objects made by hand are known only when starting from now. */
      ormOfflineScript(&err, bFrom ? 0 : p->db, pOut, &hist, &steps,
                       bUp, zNow);
    }
    if( sqlite3_str_errcode(pOut) ) ormErrOom(&err);
  }
  sqlite3_free(zNow);
  sqlite3_free(steps.aStep);
  ormStoreFree(&hist);
  ormErrResultText(&err, pCtx, "orm_sql", pOut ? sqlite3_str_finish(pOut) : 0);
}
