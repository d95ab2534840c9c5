/*
** apply.c - orm_upgrade() and orm_downgrade().
**
**   SELECT orm_upgrade();            -- to head; returns the current id
**   SELECT orm_upgrade('+1');        -- one revision
**   SELECT orm_downgrade('-1');      -- back one; NULL at base
**
** Outside a transaction, a move takes the write lock first (BEGIN
** IMMEDIATE: a second migrator waits for it), reads what is pending
** under the lock, runs every revision and its bookkeeping in that one
** transaction and commits; on any error it rolls everything back.  When a
** revision drops a table (a rebuild does) and foreign keys are on, they
** are switched off before BEGIN and back on after COMMIT, because the
** PRAGMA does nothing inside a transaction and DROP TABLE would otherwise
** fire ON DELETE actions in child tables; PRAGMA foreign_key_check must
** then find no new violation before the commit.
**
** Inside the caller's transaction the move runs in a savepoint.  There
** foreign keys cannot be switched off, so a revision that drops a table
** is refused while they are on.
**
** Which revisions a move runs (ormApplySteps()) and the bookkeeping that
** marks them (ormApplyBookkeeping()) are shared with orm_sql (offline.c),
** which writes the same move as a script.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/*
** An upgrade that runs every revision a squash replaces (a database at
** base, going to the squash's target or past it) runs the squash
** instead, in the place of the first of them.  Of several squashes that
** fit, the one that replaces most.  A database that has applied some of
** the revisions goes on through the others, one by one.
*/
static void ormApplySquash(OrmErr *pErr, const OrmHistory *pHist,
                           OrmSteps *pSteps){
  unsigned char *aIn, *aTried;
  int i, j, k;
  if( pHist->nSquash==0 || pSteps->nStep<2 ) return;
  aIn = ormMalloc(pErr, pHist->nRev+1);
  aTried = ormMalloc(pErr, pHist->nSquash+1);
  if( ORM_OOM(aIn==0 || aTried==0) ) goto squash_done;
  for(i=0; i<pSteps->nStep; i++) aIn[pSteps->aStep[i]] = 1;
  for(;;){
    int iBest = -1;
    for(k=0; k<pHist->nSquash; k++){
      const OrmSquash *q = &pHist->aSquash[k];
      if( aTried[k] || q->nRep==0 ) continue;
      if( iBest<0 || q->nRep>pHist->aSquash[iBest].nRep ) iBest = k;
    }
    if( iBest<0 ) break;
    aTried[iBest] = 1;
    {
      const OrmSquash *q = &pHist->aSquash[iBest];
      for(j=0; j<q->nRep && aIn[q->aRep[j]]; j++){}
      if( j<q->nRep ) continue;
      for(j=0; j<q->nRep; j++) aIn[q->aRep[j]] = 2;
      for(i=j=0; i<pSteps->nStep; i++){
        int iStep = pSteps->aStep[i];
        if( iStep==q->aRep[0] ){
          pSteps->aStep[j++] = pHist->nRev + iBest;
        }else if( iStep>=pHist->nRev || aIn[iStep]!=2 ){
          pSteps->aStep[j++] = iStep;
        }
      }
      pSteps->nStep = j;
      for(j=0; j<q->nRep; j++) aIn[q->aRep[j]] = 0;
    }
  }
squash_done:
  sqlite3_free(aIn);
  sqlite3_free(aTried);
}

/*
** Work out which revisions moving to zTarget runs.  bUp: upgrade, else
** downgrade.  pSteps is zeroed by the caller, who frees aStep.
*/
void ormApplySteps(OrmErr *pErr, const OrmHistory *pHist, const char *zFunc,
                   const char *zTarget, int bUp, OrmSteps *pSteps){
  int iTarget = ormStoreResolve(pErr, pHist, zFunc, zTarget, bUp);
  unsigned char *aMark;
  int i;
  if( pErr->rc ) return;
  pSteps->iTarget = iTarget;
  aMark = ormMalloc(pErr, pHist->nRev+1);
  pSteps->aStep = ormMalloc(pErr, sizeof(int)*(pHist->nRev+1));
  if( ORM_OOM(aMark==0 || pSteps->aStep==0) ){
    sqlite3_free(aMark);
    return;
  }
  ormGraphMark(pErr, &pHist->graph, iTarget, aMark);
  if( bUp ){
    int iCur = ormGraphFind(&pHist->graph, pHist->zCurrent);
    if( iTarget>=0 && pHist->aRev[iTarget].bApplied
     && sqlite3_stricmp(pHist->aRev[iTarget].zId, pHist->zCurrent) ){
      ormErrSet(pErr, SQLITE_ERROR,
          "%s: revision %s is already applied; use orm_downgrade('%s') to"
          " go back to it", zFunc, pHist->aRev[iTarget].zId,
          pHist->aRev[iTarget].zId);
    }else if( iCur>=0 && iTarget>=0 && !aMark[iCur] ){
      ormErrSet(pErr, SQLITE_ERROR,
          "%s: revision %s is not a descendant of the current revision %s"
          " (they are on different branches); run orm_merge() and upgrade"
          " to the merge", zFunc, pHist->aRev[iTarget].zId, pHist->zCurrent);
    }else if( iTarget<0 && pHist->zCurrent ){
      ormErrSet(pErr, SQLITE_ERROR,
          "%s: base is behind the current revision; use"
          " orm_downgrade('base')", zFunc);
    }
    for(i=0; i<pHist->nRev; i++){
      if( aMark[i] && !pHist->aRev[i].bApplied ){
        pSteps->aStep[pSteps->nStep++] = i;
      }
    }
  }else{
    if( iTarget>=0 && !pHist->aRev[iTarget].bApplied ){
      ormErrSet(pErr, SQLITE_ERROR,
          "%s: revision %s is not applied; use orm_upgrade('%s')", zFunc,
          pHist->aRev[iTarget].zId, pHist->aRev[iTarget].zId);
    }
    for(i=pHist->nRev-1; i>=0; i--){
      if( pHist->aRev[i].bApplied && !aMark[i] ){
        pSteps->aStep[pSteps->nStep++] = i;
      }
    }
  }
  if( bUp && pErr->rc==SQLITE_OK ) ormApplySquash(pErr, pHist, pSteps);
  for(i=0; i<pSteps->nStep; i++){
    int iStep = pSteps->aStep[i];
    const char *zSql;
    if( iStep>=pHist->nRev ){
      zSql = pHist->aSquash[iStep - pHist->nRev].zUp;
    }else{
      zSql = bUp ? pHist->aRev[iStep].zUp : pHist->aRev[iStep].zDown;
    }
    pSteps->nDropTable += ormNormCountDropTable(zSql);
  }
  sqlite3_free(aMark);
}

/*
** Number of values that dropping column zCol of table zTab would lose:
** those neither NULL nor equal to the column's declared default, which
** adding the column back gives every row.  "Equal" is as stored: the
** default compared under the column's affinity (1 and 1.0 in a REAL
** column), without the column's collation ('A' is not 'a'), and of the
** same type where the column has no affinity.  A CURRENT_* default is a
** new value each time, so then every non-NULL value counts.
*/
static sqlite3_int64 ormApplyLossColumn(OrmErr *pErr, sqlite3 *db,
                                        const char *zTab, const char *zCol){
  OrmErr errDflt = {0, 0};
  sqlite3_int64 n = -1;
  /* A statement may name the column in another case than its CREATE. */
  char *zDflt = ormQueryText(pErr, db, "SELECT dflt_value FROM"
      " pragma_table_xinfo(%Q, 'main') WHERE name=%Q COLLATE NOCASE",
      zTab, zCol);
  char *zType = ormQueryText(pErr, db, "SELECT type FROM"
      " pragma_table_xinfo(%Q, 'main') WHERE name=%Q COLLATE NOCASE",
      zTab, zCol);
  int bStrict = ormQueryInt(pErr, db, "SELECT count(*) FROM pragma_table_list"
      " WHERE schema='main' AND name=%Q AND strict", zTab)>0;
  int bNone = ormNormAffinity(zType ? zType : "")=='b'
           || (bStrict && zType && sqlite3_stricmp(zType, "ANY")==0);
  if( zDflt && sqlite3_strnicmp(zDflt, "CURRENT_", 8) ){
    /* The default is a constant expression that SQLite parsed from the
    ** table's own CREATE statement; if it does not run here, every
    ** non-NULL value counts. */
    char *zSame = ormMprintf(pErr, "\"%w\" IS (%s) COLLATE BINARY"
        " AND (%d=0 OR typeof(\"%w\")=typeof((%s)))",
        zCol, zDflt, bNone, zCol, zDflt);
    if( !ORM_OOM(zSame==0) ){
      n = ormQueryInt(&errDflt, db, "SELECT count(*) FROM main.\"%w\""
                      " WHERE \"%w\" IS NOT NULL AND NOT (%s)",
                      zTab, zCol, zSame);
    }
    sqlite3_free(zSame);
  }
  if( errDflt.rc==SQLITE_NOMEM ) ormErrOom(pErr);
  if( n<0 || errDflt.rc ){
    n = ormQueryInt(pErr, db, "SELECT count(\"%w\") FROM main.\"%w\"",
                    zCol, zTab);
  }
  ormErrClear(&errDflt);
  sqlite3_free(zDflt);
  sqlite3_free(zType);
  return n;
}

/*
** What rebuilding table zTab into its new copy zNew (filled, not yet
** swapped in) loses: non-NULL values of columns the copy lacks, and values
** that a column's new affinity converts (compared row by row, and only
** for columns whose affinity changed).
*/
static sqlite3_int64 ormApplyLossRebuild(OrmErr *pErr, sqlite3 *db,
                                         const char *zTab, const char *zNew,
                                         char **pzDesc){
  sqlite3_int64 nLost = 0;
  /* How a row of the copy finds its original: by rowid, or else by the
  ** primary key of a WITHOUT ROWID table: the copy's, or (a WITHOUT ROWID
  ** table made a rowid table without one) the original's, if the copy
  ** keeps its columns.  With none, zJoin is NULL. */
  char *zJoin = ormQueryInt(pErr, db,
      "SELECT count(*) FROM pragma_table_list WHERE schema='main'"
      " AND name IN (%Q, %Q) AND wr=0", zTab, zNew)==2
    ? ormStrdup(pErr, "n.rowid=o.rowid")
    : ormQueryText(pErr, db,
      "SELECT group_concat(printf('n.\"%%w\"=o.\"%%w\"', name, name), ' AND ')"
      " FROM (SELECT name FROM pragma_table_info(%Q, 'main') WHERE pk>0"
      "       ORDER BY pk)", zNew);
  if( zJoin==0 && pErr->rc==SQLITE_OK ){
    zJoin = ormQueryText(pErr, db,
      "SELECT group_concat(printf('n.\"%%w\"=o.\"%%w\"', name, name), ' AND ')"
      " FROM (SELECT name FROM pragma_table_info(%Q, 'main') WHERE pk>0"
      "       ORDER BY pk)"
      " WHERE (SELECT count(*) FROM pragma_table_info(%Q, 'main') AS k"
      "        WHERE k.pk>0 AND k.name NOT IN"
      "          (SELECT n.name FROM pragma_table_info(%Q, 'main') AS n))=0",
      zTab, zTab, zNew);
  }
  int bStrict = ormQueryInt(pErr, db,
      "SELECT count(*) FROM pragma_table_list WHERE schema='main'"
      " AND name IN (%Q, %Q) AND strict", zTab, zNew)>0;
  int bStrictOld = ormQueryInt(pErr, db,
      "SELECT count(*) FROM pragma_table_list WHERE schema='main'"
      " AND name=%Q AND strict", zTab)>0;
  sqlite3_str *pOut = sqlite3_str_new(0);
  sqlite3_stmt *pStmt;
  /* Rows are not counted: the copy is a plain INSERT ... SELECT, which
  ** copies every row or fails. */
  pStmt = ormPrepare(pErr, db,
      "SELECT o.name, n.name IS NULL, o.type, n.type"
      " FROM pragma_table_xinfo(%Q, 'main') AS o"
      " LEFT JOIN pragma_table_xinfo(%Q, 'main') AS n"
      "   ON n.name=o.name COLLATE NOCASE AND n.hidden=0"
      " WHERE o.hidden=0 AND (n.name IS NULL OR lower(n.type)<>lower(o.type))",
      zTab, zNew);
  while( ormStep(pErr, pStmt) ){
    const char *zCol = (const char*)sqlite3_column_text(pStmt, 0);
    int bDropped = sqlite3_column_int(pStmt, 1);
    sqlite3_int64 n = 0;
    if( !bDropped && !bStrict
     && ormNormAffinity((const char*)sqlite3_column_text(pStmt, 2))
        ==ormNormAffinity((const char*)sqlite3_column_text(pStmt, 3)) ){
      /* Same affinity (VARCHAR(80) to TEXT, say): no value can change. */
      continue;
    }
    if( bDropped ){
      n = ormApplyLossColumn(pErr, db, zTab, zCol);
    }else if( zJoin ){
      /* A value is lost when the old type does not give it back: the new
      ** value, under the old column's affinity (+ strips the new one's),
      ** must be the old one, and of the same type where the old column
      ** has no affinity to convert it. */
      const char *zOldType = (const char*)sqlite3_column_text(pStmt, 2);
      int bNone;
      /* No type is "": only a failed conversion (UTF-16) gives NULL. */
      if( ORM_OOM(zOldType==0) ) zOldType = "";
      bNone = ormNormAffinity(zOldType)=='b'
           || (bStrictOld && sqlite3_stricmp(zOldType, "ANY")==0);
      n = ormQueryInt(pErr, db,
          "SELECT count(*) FROM main.\"%w\" AS o JOIN main.\"%w\" AS n"
          " ON %s WHERE NOT (o.\"%w\" IS +n.\"%w\" COLLATE BINARY)"
          " OR (%d AND typeof(o.\"%w\")<>typeof(n.\"%w\"))",
          zTab, zNew, zJoin, zCol, zCol, bNone, zCol, zCol);
    }else{
      /* No row of the copy can be matched with its original: every
      ** non-NULL value counts. */
      n = ormQueryInt(pErr, db, "SELECT count(\"%w\") FROM main.\"%w\"",
                      zCol, zTab);
    }
    if( n>0 ){
      sqlite3_str_appendf(pOut, "%s%s \"%w\".\"%w\" would %s %lld value%s",
          sqlite3_str_length(pOut) ? ", " : "",
          bDropped ? "dropping" : "changing the type of", zTab, zCol,
          bDropped ? "lose" : "convert", n, n==1 ? "" : "s");
      nLost += n;
    }
  }
  ormFinalize(pErr, pStmt);
  sqlite3_free(zJoin);
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  *pzDesc = sqlite3_str_finish(pOut);
  return nLost;
}

/*
** Number of values (or rows) that running statement zSql now would lose,
** with a description in *pzDesc (caller frees).  Statements that lose
** data: DROP TABLE (of a table with rows; in a rebuild, of the columns the
** new copy lacks, or rows it did not copy) and ALTER TABLE DROP COLUMN.
*/
static sqlite3_int64 ormApplyLoss(OrmErr *pErr, sqlite3 *db,
                                  const char *zSql, char **pzDesc){
  char *zTab = 0, *zCol = 0, *zNew = 0;
  sqlite3_int64 nLost = 0;
  int rc = ormNormDropTarget(zSql, &zTab, &zCol);
  *pzDesc = 0;
  if( rc==SQLITE_NOMEM ) ormErrOom(pErr);
  if( rc!=1 || pErr->rc ) goto loss_done;
  if( ormQueryInt(pErr, db, "SELECT count(*) FROM main.sqlite_schema"
                  " WHERE type='table' AND name=%Q", zTab)==0 ){
    goto loss_done;
  }
  if( zCol ){
    /* A generated column holds nothing that cannot be computed again. */
    if( ormQueryInt(pErr, db, "SELECT count(*) FROM pragma_table_xinfo(%Q,"
                    " 'main') WHERE name=%Q COLLATE NOCASE"
                    " AND hidden IN (2, 3)", zTab, zCol) ){
      goto loss_done;
    }
    nLost = ormApplyLossColumn(pErr, db, zTab, zCol);
    *pzDesc = ormMprintf(pErr, "dropping \"%w\".\"%w\" would lose %lld"
                         " value%s", zTab, zCol, nLost, nLost==1 ? "" : "s");
    goto loss_done;
  }
  zNew = ormMprintf(pErr, ORM_NEW_PREFIX "%s", zTab);
  if( ormQueryInt(pErr, db, "SELECT count(*) FROM main.sqlite_schema"
                  " WHERE type='table' AND name=%Q", zNew) ){
    nLost = ormApplyLossRebuild(pErr, db, zTab, zNew, pzDesc);
  }else{
    nLost = ormQueryInt(pErr, db, "SELECT count(*) FROM main.\"%w\"", zTab);
    *pzDesc = ormMprintf(pErr, "dropping table \"%w\" would lose %lld"
                         " row%s", zTab, nLost, nLost==1 ? "" : "s");
  }
loss_done:
  sqlite3_free(zTab);
  sqlite3_free(zCol);
  sqlite3_free(zNew);
  if( pErr->rc ) nLost = 0;
  return nLost;
}

/*
** The one table that script zScript creates, other than zNot and a
** rebuild's temporary tables (names starting with _orm_), as a new string;
** NULL when it creates none or several.
*/
static char *ormApplyCreatedTable(const char *zScript, const char *zNot){
  OrmStmtIter it;
  char *zFound = 0;
  int nFound = 0;
  ormNormStmtInit(&it, zScript);
  while( ormNormStmtNext(&it) ){
    OrmCreate c;
    if( it.nStmt==0 ) continue;
    /* On SQLITE_NOMEM c.zName is NULL; else a CREATE TABLE has a name. */
    if( ORM_OOM(ormNormCreate(it.zStmt, &c)!=0) ) continue;
    if( c.eType==ORM_OBJ_TABLE && !c.bTemp && !c.bSchema
     && sqlite3_strnicmp(c.zName, "_orm_", 5)
     && sqlite3_stricmp(c.zName, zNot) ){
      nFound++;
      sqlite3_free(zFound);
      zFound = c.zName;
      c.zName = 0;
    }
    sqlite3_free(c.zName);
  }
  if( nFound!=1 ){
    sqlite3_free(zFound);
    zFound = 0;
  }
  return zFound;
}

/*
** The declared type of column definition zDef ("title VARCHAR(20) NOT
** NULL" gives "VARCHAR(20)"), normalised (ormNormSql()); the caller frees
** it.  NULL when out of memory.
*/
static char *ormApplyDefType(const char *zDef){
  static const char *azStop[] = {
    "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT",
    "COLLATE", "REFERENCES", "GENERATED", "AS"
  };
  const char *z = zDef, *zStart = 0, *zEnd = 0;
  int n, eType, bName = 1;
  size_t i;
  while( (n = ormNormToken(z, &eType))>0 ){
    if( eType!=ORM_TK_SPACE ){
      if( bName ){
        bName = 0;
      }else{
        int bStop = 0;
        for(i=0; eType==ORM_TK_WORD && i<sizeof(azStop)/sizeof(azStop[0]);
            i++){
          if( ormNormIsWord(z, n, azStop[i]) ) bStop = 1;
        }
        if( bStop || eType==ORM_TK_COMMA ) break;
        if( zStart==0 ) zStart = z;
        zEnd = z + n;
      }
    }
    z += n;
  }
  return ormNormSql(zStart ? zStart : "", zStart ? (int)(zEnd - zStart) : 0);
}

/*
** When table zTab, as it is now, has exactly one column that its
** declaration lacks, and the declaration exactly one that zTab lacks, of
** the same declared type: the two names, in *pzOld and *pzNew (caller
** frees).  A revision that drops the one and adds the other may be a
** rename that no orm_rename() told orm_migrate() about.  Else both NULL.
*/
static void ormApplyColumnRename(sqlite3 *db, const char *zTab,
                                 char **pzOld, char **pzNew){
  OrmErr e = {0, 0};
  OrmTableText decl;
  char *zSql = ormQueryText(&e, db, "SELECT sql FROM main._orm_model"
                            " WHERE type='table' AND name=%Q", zTab);
  int i, nNew = 0, iNew = -1;
  *pzOld = *pzNew = 0;
  memset(&decl, 0, sizeof(decl));
  if( zSql && ormNormTable(zSql, &decl)==0 ){
    for(i=0; i<decl.nCol; i++){
      if( ormQueryInt(&e, db, "SELECT count(*) FROM pragma_table_xinfo(%Q,"
                      " 'main') WHERE name=%Q COLLATE NOCASE", zTab,
                      decl.aCol[i].zName)==0 ){
        nNew++;
        iNew = i;
      }
    }
  }
  if( nNew==1 ){
    /* After an error (e.rc) ormPrepare() gives NULL and nothing runs. */
    sqlite3_stmt *pStmt = ormPrepare(&e, db,
        "SELECT name, type FROM pragma_table_xinfo(%Q, 'main')"
        " WHERE hidden=0", zTab);
    int nOld = 0;
    char *zOld = 0, *zOldType = 0;
    while( ormStep(&e, pStmt) ){
      const char *zCol = (const char*)sqlite3_column_text(pStmt, 0);
      int j, bDeclared = 0;
      /* A name is never NULL: only a failed conversion (UTF-16) is. */
      if( ORM_OOM(zCol==0) ) continue;
      for(j=0; j<decl.nCol; j++){
        if( sqlite3_stricmp(zCol, decl.aCol[j].zName)==0 ) bDeclared = 1;
      }
      if( !bDeclared ){
        /* "" when none is declared: NULL only as zCol above. */
        const char *zType = (const char*)sqlite3_column_text(pStmt, 1);
        if( ORM_OOM(zType==0) ) continue;
        nOld++;
        sqlite3_free(zOld);
        sqlite3_free(zOldType);
        zOld = ormStrdup(&e, zCol);
        zOldType = ormNormSql(zType, -1);
        if( ORM_OOM(zOldType==0) ) ormErrOom(&e);
      }
    }
    ormFinalize(&e, pStmt);
    if( nOld==1 && e.rc==SQLITE_OK ){
      char *zNewType = ormApplyDefType(decl.aCol[iNew].zDef);
      if( ORM_OOM(zNewType==0) ){
        ormErrOom(&e);
      }else if( sqlite3_stricmp(zNewType, zOldType)==0 ){
        *pzOld = zOld;
        zOld = 0;
        *pzNew = ormStrdup(&e, decl.aCol[iNew].zName);
      }
      sqlite3_free(zNewType);
    }
    sqlite3_free(zOld);
    sqlite3_free(zOldType);
  }
  /* *pzNew is set only while e.rc is SQLITE_OK, and nothing after it can
  ** set e.rc: with an error *pzNew is NULL. */
  if( *pzNew==0 ){
    sqlite3_free(*pzOld);
    sqlite3_free(*pzNew);
    *pzOld = *pzNew = 0;
  }
  ormNormTableFree(&decl);
  sqlite3_free(zSql);
  ormErrClear(&e);
}

/*
** A copy of SQLite's message zMsg without the rebuild's temporary table
** prefix, so that "NOT NULL constraint failed: _orm_new_t.b" names the
** user's table t.  The caller frees it.
*/
static char *ormApplyUnprefix(const char *zMsg){
  sqlite3_str *pOut = sqlite3_str_new(0);
  const char *z = zMsg;
  const char *zHit;
  size_t nPrefix = strlen(ORM_NEW_PREFIX);
  while( (zHit = strstr(z, ORM_NEW_PREFIX))!=0 ){
    sqlite3_str_append(pOut, z, (int)(zHit - z));
    z = zHit + nPrefix;
  }
  sqlite3_str_appendall(pOut, z);
  return sqlite3_str_finish(pOut);
}

/*
** Run the statements of a script.  On error the message names the script
** (zWhat, e.g. "revision 4f1c2a9e03bd"), the statement's number and text.
*/
/*
** If statement zSql is the DROP TABLE of a rebuild (its new copy exists),
** remember the names and SQL of the table's indexes and triggers: the
** revision recreates those it knew of when it was made, and
** ormApplyRestore() then recreates any other (made by hand since).
*/
static void ormApplyRemember(OrmErr *pErr, sqlite3 *db, const char *zSql,
                             OrmStrList *pNames, OrmStrList *pSqls){
  char *zTab = 0, *zCol = 0;
  sqlite3_stmt *pStmt;
  int rc = ormNormDropTarget(zSql, &zTab, &zCol);
  if( rc==SQLITE_NOMEM ) ormErrOom(pErr);
  if( rc==1 && zCol==0 && ormQueryInt(pErr, db,
        "SELECT count(*) FROM main.sqlite_schema WHERE type='table'"
        " AND name='" ORM_NEW_PREFIX "'||%Q", zTab) ){
    pStmt = ormPrepare(pErr, db,
        "SELECT name, sql FROM main.sqlite_schema WHERE tbl_name=%Q"
        " AND type IN ('index', 'trigger') AND sql IS NOT NULL", zTab);
    while( ormStep(pErr, pStmt) ){
      ormListAdd(pErr, pNames, (const char*)sqlite3_column_text(pStmt, 0));
      ormListAdd(pErr, pSqls, (const char*)sqlite3_column_text(pStmt, 1));
    }
    ormFinalize(pErr, pStmt);
  }
  sqlite3_free(zTab);
  sqlite3_free(zCol);
}

/* Recreate the remembered indexes and triggers that a rebuild lost. */
static void ormApplyRestore(OrmErr *pErr, sqlite3 *db, const char *zFunc,
                            const char *zWhat, const OrmStrList *pNames,
                            const OrmStrList *pSqls){
  int i;
  for(i=0; pErr->rc==SQLITE_OK && i<pNames->n; i++){
    char *zErr = 0;
    if( ormQueryInt(pErr, db, "SELECT count(*) FROM main.sqlite_schema"
                    " WHERE name=%Q", pNames->az[i]) ) continue;
    if( sqlite3_exec(db, pSqls->az[i], 0, 0, &zErr)!=SQLITE_OK ){
      /* sqlite3_exec() gives its message, unless it cannot copy it. */
      const char *zWhy = zErr;
      if( ORM_OOM(zWhy==0) ) zWhy = "error";
      ormErrSet(pErr, SQLITE_ERROR,
          "%s: %s: \"%s\", which ormext does not manage, cannot be made"
          " again after the table's rebuild: %s; drop it first",
          zFunc, zWhat, pNames->az[i], zWhy);
    }
    sqlite3_free(zErr);
  }
}

/*
** The error for statement iStmt of zWhat (zSql, its text) that ends or
** opens a transaction (keyword zWord): ormext runs each revision inside
** the transaction of the call, so such a statement would commit part of
** a revision on its own, or reach another database.
*/
static void ormApplyControlErr(OrmErr *pErr, const char *zFunc,
                               const char *zWhat, int iStmt,
                               const char *zWord, const char *zSql){
  char *zText = ormNormSql(zSql, (int)strlen(zSql));
  const char *zShow = zText;
  if( ORM_OOM(zShow==0) ) zShow = "";
  ormErrSet(pErr, SQLITE_ERROR,
      "%s: %s, statement %d: %s cannot be part of a revision (ormext runs"
      " each revision inside a transaction it begins and ends itself);"
      " remove it [%.70s%s]", zFunc, zWhat, iStmt, zWord,
      zShow, strlen(zShow)>70 ? "..." : "");
  sqlite3_free(zText);
}

/*
** Refuse script zScript (zWhat of a revision, for call zFunc) when one of
** its statements is BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE,
** VACUUM, ATTACH or DETACH (ormTxnControl()).
*/
void ormApplyNoControl(OrmErr *pErr, const char *zFunc, const char *zWhat,
                       const char *zScript){
  const char *zStmt = 0;
  const char *zWord;
  int iStmt = 0;
  if( pErr->rc || zScript==0 ) return;
  zWord = ormTxnControlIn(zScript, &iStmt, &zStmt);
  if( zWord ){
    /* The statement without its ';' (a ';' in a string ends nothing). */
    OrmStmtIter it;
    char *zOne;
    const char *zShow;
    ormNormStmtInit(&it, zStmt);
    ormNormStmtNext(&it);
    zOne = sqlite3_mprintf("%.*s", it.nStmt - it.bSemi, it.zStmt);
    zShow = zOne;
    if( ORM_OOM(zShow==0) ) zShow = "";
    ormApplyControlErr(pErr, zFunc, zWhat, iStmt, zWord, zShow);
    sqlite3_free(zOne);
  }
}

/*
** SQLite refuses DROP TABLE ("database table is locked") while another
** statement of the same connection is reading.  Either the caller's own
** statement reads a table (SELECT orm_upgrade() FROM t), or another
** statement is still open: a cursor or iterator not read to the end (a
** Python cursor, a loop over better-sqlite3's iterate(), the body of a Tcl
** [db eval]).  The caller's statement is busy in both cases; any second
** busy statement, other than pSkip, is an open one.
**
** Returns NULL when at most one statement is busy (or when out of memory);
** otherwise the words that say so and what to do, naming the open
** statement by its SQL (the first busy one that does not call zFunc, which
** would be the caller), to be freed with sqlite3_free().
*/
static char *ormApplyOtherOpen(sqlite3 *db, sqlite3_stmt *pSkip,
                               const char *zFunc){
  sqlite3_stmt *p = 0;
  const char *zOpen = 0;
  char *zLike = sqlite3_mprintf("%%%s(%%", zFunc);
  int nBusy = 0;
  char zOne[64];
  int i = 0, n = 0;
  while( (p = sqlite3_next_stmt(db, p))!=0 ){
    if( p==pSkip || !sqlite3_stmt_busy(p) ) continue;
    nBusy++;
    if( zOpen==0 && sqlite3_sql(p)
     && !ORM_OOM(zLike==0)
     && sqlite3_strlike(zLike, sqlite3_sql(p), 0)!=0 ){
      zOpen = sqlite3_sql(p);
    }
  }
  sqlite3_free(zLike);
  if( nBusy<2 ) return 0;
  if( zOpen==0 ){
    return sqlite3_mprintf("another statement on this connection is still"
        " reading, a cursor or iterator not read to the end; read it to the"
        " end or reset it, then call %s() again", zFunc);
  }
  /* About its first 60 bytes on one line, runs of white space as one
  ** space, never cut inside a UTF-8 character (at most 3 more bytes). */
  for(i=0; zOpen[i] && (n<60 || (zOpen[i]&0xc0)==0x80); i++){
    int bSpace = zOpen[i]==' ' || zOpen[i]=='\t' || zOpen[i]=='\n'
              || zOpen[i]=='\r';
    if( bSpace && (n==0 || zOne[n-1]==' ') ) continue;
    zOne[n++] = bSpace ? ' ' : zOpen[i];
  }
  /* zOne[0] is not a space (those before it are skipped), and zOpen, the
  ** text of a prepared statement, has a character other than one. */
  while( ORM_ALWAYS(n>0) && zOne[n-1]==' ' ) n--;
  zOne[n] = 0;
  return sqlite3_mprintf("another statement on this connection is still"
      " reading: \"%s%s\", a cursor or iterator not read to the end; read"
      " it to the end or reset it, then call %s() again",
      zOne, zOpen[i] ? "..." : "", zFunc);
}

/*
** The hint for a statement of a revision (pFailed) that failed with
** "database table is locked", with its leading space; see
** ormApplyOtherOpen().  The caller frees it with sqlite3_free(); NULL when
** out of memory (the error is then given without a hint).
*/
static char *ormApplyLockHint(sqlite3 *db, sqlite3_stmt *pFailed,
                              const char *zFunc){
  char *zOther = ormApplyOtherOpen(db, pFailed, zFunc);
  char *zHint;
  if( zOther==0 ){
    return sqlite3_mprintf(" (run it as a statement of its own, e.g. SELECT"
        " %s(...); not from a query that reads a table)", zFunc);
  }
  zHint = sqlite3_mprintf(" (%s)", zOther);
  sqlite3_free(zOther);
  return zHint;
}

static void ormApplyScriptIn(OrmErr *pErr, OrmTxn *pTxn, const char *zFunc,
                             const char *zWhat, const char *zScript,
                             int bAllowLoss, const char *zRevision){
  sqlite3 *db = pTxn->db;
  const char *zTail = zScript;
  OrmStrList keepName = {0, 0, 0, 0, 0};
  OrmStrList keepSql = {0, 0, 0, 0, 0};
  int iStmt = 0;
  while( pErr->rc==SQLITE_OK && zTail && zTail[0] ){
    sqlite3_stmt *pStmt = 0;
    const char *zStart = zTail;
    int rc = sqlite3_prepare_v2(db, zTail, -1, &pStmt, &zTail);
    if( rc==SQLITE_OK && pStmt==0 ) break;         /* only spaces left */
    iStmt++;
    if( rc==SQLITE_OK && ormTxnControl(sqlite3_sql(pStmt)) ){
      ormApplyControlErr(pErr, zFunc, zWhat, iStmt,
                         ormTxnControl(sqlite3_sql(pStmt)), sqlite3_sql(pStmt));
      sqlite3_finalize(pStmt);
      break;
    }
    if( rc==SQLITE_OK ){
      ormApplyRemember(pErr, db, sqlite3_sql(pStmt), &keepName, &keepSql);
    }
    if( rc==SQLITE_OK && !bAllowLoss ){
      char *zLoss = 0;
      if( ormApplyLoss(pErr, db, sqlite3_sql(pStmt), &zLoss)>0 ){
        /* A table dropped with its rows while the revision makes one
        ** other table: perhaps a rename that no orm_rename() told. */
        char *zTab = 0, *zCol = 0, *zMade = 0;
        /* ormApplyLoss() found the same target: not 1 only when out of
        ** memory. */
        if( zRevision
         && !ORM_OOM(ormNormDropTarget(sqlite3_sql(pStmt), &zTab, &zCol)!=1)
         && zCol==0 ){
          zMade = ormApplyCreatedTable(zScript, zTab);
        }
        /* Only as the declarations have it: the table made is declared,
        ** the one dropped is not (a hand-written rebuild that makes a
        ** copy and renames it back is no rename). */
        if( zMade ){
          OrmErr e = {0, 0};
          if( ormQueryInt(&e, db, "SELECT count(*) FROM main._orm_model"
                " WHERE type='table' AND name=%Q", zMade)!=1
           || ormQueryInt(&e, db, "SELECT count(*) FROM main._orm_model"
                " WHERE name=%Q", zTab)!=0 || e.rc ){
            sqlite3_free(zMade);
            zMade = 0;
          }
          ormErrClear(&e);
        }
        /* With zRevision, zTab is NULL only when out of memory (above). */
        if( zRevision
         && !ORM_OOM(zTab==0)
         && zMade==0 ){
          /* A column dropped (natively, or by a rebuild) with values: the
          ** error is set here when a rename may be what was meant. */
          char *zOld = 0, *zNew = 0;
          ormApplyColumnRename(db, zTab, &zOld, &zNew);
          /* Both names or neither (ormApplyColumnRename()). */
          if( zOld && ORM_ALWAYS(zNew!=0) ){
            ormErrSet(pErr, SQLITE_ERROR,
                "%s: %s, statement %d: %s; pass 'allow-data-loss' to %s()"
                " to accept it; or, if \"%w\".\"%w\" was renamed to"
                " \"%w\", delete this pending revision (DELETE FROM"
                " orm_migrations WHERE revision='%q'), run SELECT"
                " orm_rename('%q', '%q', '%q') and orm_migrate() again",
                zFunc, zWhat, iStmt, zLoss, zFunc, zTab, zOld, zNew,
                zRevision, zTab, zOld, zNew);
          }
          sqlite3_free(zOld);
          sqlite3_free(zNew);
        }
        if( pErr->rc==SQLITE_OK && zMade ){
          ormErrSet(pErr, SQLITE_ERROR,
              "%s: %s, statement %d: %s; pass 'allow-data-loss' to %s()"
              " to accept it; or, if \"%w\" was renamed to \"%w\", delete"
              " this pending revision (DELETE FROM orm_migrations WHERE"
              " revision='%q'), run SELECT orm_rename('%q', '%q') and"
              " orm_migrate() again", zFunc, zWhat, iStmt, zLoss, zFunc,
              zTab, zMade, zRevision, zTab, zMade);
        }else if( pErr->rc==SQLITE_OK ){
          ormErrSet(pErr, SQLITE_ERROR,
              "%s: %s, statement %d: %s; pass 'allow-data-loss' to %s()"
              " to accept it", zFunc, zWhat, iStmt, zLoss, zFunc);
        }
        sqlite3_free(zTab);
        sqlite3_free(zCol);
        sqlite3_free(zMade);
      }
      sqlite3_free(zLoss);
      if( pErr->rc ){
        sqlite3_finalize(pStmt);
        break;
      }
    }
    if( rc==SQLITE_OK ){
      ormProgressStmt(pTxn->pCtx, db, pStmt);
      while( (rc = sqlite3_step(pStmt))==SQLITE_ROW ){}
      ormProgressStmtEnd(pTxn->pCtx, pStmt, rc);
      if( rc==SQLITE_DONE ) rc = SQLITE_OK;
    }
    if( rc!=SQLITE_OK ){
      char *zOwn = ormApplyUnprefix(sqlite3_errmsg(db));
      const char *zMsg = zOwn ? zOwn : sqlite3_errmsg(db);
      char *zTab = 0, *zCol = 0;
      if( (rc & 0xff)==SQLITE_CONSTRAINT
       && ormNormSetNotNull(zStart, &zTab, &zCol)==1 ){
        /* SQLite 3.53 says only "constraint failed": say what a rebuild
        ** would have said. */
        sqlite3_free(zOwn);
        zOwn = sqlite3_mprintf("NOT NULL constraint failed: %s.%s", zTab,
                               zCol);
        zMsg = zOwn;
        if( ORM_OOM(zOwn==0) ) zMsg = sqlite3_errmsg(db);
      }
      sqlite3_free(zTab);
      sqlite3_free(zCol);
      char *zText = ormNormSql(zStart, (int)(zTail - zStart));
      char *zHint = strstr(zMsg, "table is locked") ?
          ormApplyLockHint(db, pStmt, zFunc) : 0;
      const char *zGuard = rc==SQLITE_AUTH && ormGuardIsPrivate(db) ?
          ORM_GUARD_HINT : "";
      ormErrSet(pErr, rc,
          "%s: %s, statement %d: %s%s%s [%.70s%s]", zFunc, zWhat,
          iStmt, zMsg, zHint ? zHint : "", zGuard,
          zText ? zText : "", zText && strlen(zText)>70 ? "..." : "");
      sqlite3_free(zHint);
      sqlite3_free(zText);
      sqlite3_free(zOwn);
    }
    /* After its error, if any, is read: preparing resets the message. */
    if( pStmt ) ormTxnRefresh(pTxn, sqlite3_sql(pStmt));
    sqlite3_finalize(pStmt);
  }
  ormApplyRestore(pErr, db, zFunc, zWhat, &keepName, &keepSql);
  if( keepName.n ) ormTxnRefresh(pTxn, "CREATE");
  ormListFree(&keepName);
  ormListFree(&keepSql);
}

/* ormApplyScriptIn() on db outside any OrmTxn (a private database). */
void ormApplyScript(OrmErr *pErr, sqlite3 *db, const char *zFunc,
                    const char *zWhat, const char *zScript, int bAllowLoss){
  OrmTxn none;                    /* Nothing to prepare again */
  memset(&none, 0, sizeof(none));
  none.db = db;
  ormApplyScriptIn(pErr, &none, zFunc, zWhat, zScript, bAllowLoss, 0);
}

/* Number of foreign key violations in the database. */
static sqlite3_int64 ormApplyFkCount(OrmErr *pErr, sqlite3 *db){
  return ormQueryInt(pErr, db,
      "SELECT count(*) FROM main.pragma_foreign_key_check");
}

/*
** Check that no applied revision was changed after it was applied: its
** up/down SQL must still give its checksum (Flyway's validate).
*/
static void ormApplyVerify(OrmErr *pErr, const OrmHistory *pHist,
                           const char *zFunc){
  int i;
  for(i=0; pErr->rc==SQLITE_OK && i<pHist->nRev; i++){
    const OrmRev *p = &pHist->aRev[i];
    char zSum[ORM_SUM_SIZE];
    if( !p->bApplied ) continue;
    ormGraphChecksum(p->zUp, p->zDown, zSum);
    if( p->zChecksum==0 || strcmp(zSum, p->zChecksum) ){
      ormErrSet(pErr, SQLITE_ERROR,
          "%s: applied revision %s was changed after it was applied (its"
          " up_sql/down_sql no longer match its checksum); restore its SQL,"
          " e.g. with orm_import() from the exported file", zFunc, p->zId);
    }
  }
}

/*
** The bookkeeping of a move, as SQL appended to pOut, each statement
** ending with ";\n": for step iStep of pSteps, the marks of what it ran
** (bUp: applied at zAt, an SQL expression; else not applied, and the
** squashes that end at it pending again); for iStep==pSteps->nStep, the
** current revision after the move.  ormApplyRun() runs it; orm_sql
** (offline.c) writes it into its script (bScript: table names without
** "main.", which the script leaves to the shell, and _orm_squash made
** before it is written, since the database the script is sent to may
** never have had a squash).  One description for both, so that the
** script's bookkeeping is the one orm_upgrade() and orm_downgrade() do.
*/
void ormApplyBookkeeping(sqlite3_str *pOut, const OrmHistory *pHist,
                         const OrmSteps *pSteps, int iStep, int bUp,
                         int bScript, const char *zAt){
  const char *zDb = bScript ? "" : "main.";
  int iRev, k;
  if( iStep>=pSteps->nStep ){
    ormStoreCurrentSql(pOut, zDb, pSteps->iTarget>=0 ?
                       pHist->aRev[pSteps->iTarget].zId : 0);
    return;
  }
  iRev = pSteps->aStep[iStep];
  if( iRev>=pHist->nRev ){
    /* A squash (upgrades only): it and every revision it replaces. */
    const OrmSquash *q = &pHist->aSquash[iRev - pHist->nRev];
    for(k=0; k<q->nRep; k++){
      sqlite3_str_appendf(pOut, "UPDATE %s_orm_revision SET applied_at=%s"
          " WHERE revision=%Q;\n", zDb, zAt, pHist->aRev[q->aRep[k]].zId);
    }
    sqlite3_str_appendf(pOut, "UPDATE %s_orm_squash SET applied_at=%s"
        " WHERE revision=%Q;\n", zDb, zAt, q->zId);
    return;
  }
  sqlite3_str_appendf(pOut, "UPDATE %s_orm_revision SET applied_at=%s"
      " WHERE revision=%Q;\n", zDb, bUp ? zAt : "NULL",
      pHist->aRev[iRev].zId);
  for(k=0; !bUp && k<pHist->nSquash; k++){
    /* Its squashes are pending again, as it is. */
    const OrmSquash *q = &pHist->aSquash[k];
    if( q->nRep>0 && q->aRep[q->nRep-1]==iRev ){
      if( bScript ) sqlite3_str_appendall(pOut, ormStoreSquashDdl);
      sqlite3_str_appendf(pOut, "UPDATE %s_orm_squash SET applied_at=NULL"
          " WHERE revision=%Q;\n", zDb, q->zId);
    }
  }
}

/* Run ormApplyBookkeeping() of step iStep (nStep: the end) on db. */
static void ormApplyMark(OrmErr *pErr, sqlite3 *db, const OrmHistory *pHist,
                         const OrmSteps *pSteps, int iStep, int bUp){
  sqlite3_str *pSql;
  char *zSql;
  if( pErr->rc ) return;
  pSql = sqlite3_str_new(db);
  ormApplyBookkeeping(pSql, pHist, pSteps, iStep, bUp, 0, ORM_NOW_SQL);
  if( sqlite3_str_errcode(pSql) ) ormErrOom(pErr);
  zSql = sqlite3_str_finish(pSql);
  ormExec(pErr, db, zSql);
  sqlite3_free(zSql);
}

/*
** Run squash q on a database at base (ormApplyRun() then marks it and
** the revisions it replaces applied).
*/
static void ormApplyRunSquash(OrmErr *pErr, OrmTxn *pTxn, const char *zFunc,
                              const OrmSquash *q, int bAllowLoss){
  char zSum[ORM_SUM_SIZE];
  char *zWhat;
  ormGraphChecksum(q->zUp, q->zDown, zSum);
  if( q->zChecksum==0 || strcmp(zSum, q->zChecksum) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "%s: squash %s was changed after it was recorded (its"
        " up_sql/down_sql no longer match its checksum); restore it with"
        " orm_import() from the exported file, or delete it", zFunc, q->zId);
    return;
  }
  zWhat = ormMprintf(pErr, "squash %s", q->zId);
  ormApplyScriptIn(pErr, pTxn, zFunc, zWhat, q->zUp, bAllowLoss, 0);
  sqlite3_free(zWhat);
}

/*
** Run the steps of a move and its bookkeeping.  The caller has opened the
** transaction or savepoint and ends it according to pErr.
*/
static void ormApplyRun(OrmErr *pErr, OrmTxn *pTxn, const char *zFunc,
                        const OrmHistory *pHist, const OrmSteps *pSteps,
                        int bUp, int bFkCheck, int bAllowLoss){
  sqlite3 *db = pTxn->db;
  sqlite3_int64 nFkBefore = bFkCheck ? ormApplyFkCount(pErr, db) : 0;
  const char *zLast = 0;
  int i;
  for(i=0; i<pSteps->nStep && pErr->rc==SQLITE_OK; i++){
    const OrmRev *pRev;
    char *zWhat;
    if( pSteps->aStep[i]>=pHist->nRev ){
      const OrmSquash *q = &pHist->aSquash[pSteps->aStep[i] - pHist->nRev];
      ormProgressStep(pTxn->pCtx, i, pSteps->nStep, "squash", q->zId,
                      q->zMessage);
      ormApplyRunSquash(pErr, pTxn, zFunc, q, bAllowLoss);
      ormApplyMark(pErr, db, pHist, pSteps, i, bUp);
      zLast = q->zId;
      continue;
    }
    pRev = &pHist->aRev[pSteps->aStep[i]];
    ormProgressStep(pTxn->pCtx, i, pSteps->nStep, "revision", pRev->zId,
                    pRev->zMessage);
    zWhat = ormMprintf(pErr, "revision %s", pRev->zId);
    ormApplyScriptIn(pErr, pTxn, zFunc, zWhat, bUp ? pRev->zUp : pRev->zDown,
                     bAllowLoss, bUp ? pRev->zId : 0);
    sqlite3_free(zWhat);
    ormApplyMark(pErr, db, pHist, pSteps, i, bUp);
    zLast = pRev->zId;
  }
  if( bFkCheck && pErr->rc==SQLITE_OK && pSteps->nStep>0 ){
    sqlite3_int64 nAfter = ormApplyFkCount(pErr, db);
    if( nAfter>nFkBefore ){
      char *zTab = ormQueryText(pErr, db,
          "SELECT printf('\"%%w\" references \"%%w\"', \"table\", parent)"
          " FROM main.pragma_foreign_key_check ORDER BY \"table\", parent"
          " LIMIT 1");
      /* A row, since nAfter>0: NULL only when the copy failed. */
      const char *zFirst = zTab;
      if( ORM_OOM(zFirst==0) ) zFirst = "?";
      ormErrSet(pErr, SQLITE_CONSTRAINT,
          "%s: revision %s leaves %lld row(s) with broken foreign keys"
          " (first: %s); rolled back", zFunc, zLast, nAfter - nFkBefore,
          zFirst);
      sqlite3_free(zTab);
    }
  }
  ormApplyMark(pErr, db, pHist, pSteps, pSteps->nStep, bUp);
}

/* Check the optional 'allow-data-loss' argument. */
static int ormApplyFlag(OrmErr *pErr, const char *zFunc, int nArg,
                        sqlite3_value **apArg, int iArg){
  const char *z;
  if( nArg<=iArg ) return 0;
  z = ormArgText(pErr, zFunc, apArg, iArg, "'allow-data-loss'");
  if( z && strcmp(z, "allow-data-loss") ){
    ormErrSet(pErr, SQLITE_ERROR,
        "%s: unknown option '%s'; the only option is 'allow-data-loss'",
        zFunc, z);
  }
  return z!=0;
}

/*
** Move the database to zTarget.  Returns the new current revision id
** (caller frees) or NULL at base.
*/
static char *ormApply(OrmErr *pErr, OrmCtx *pCtx, const char *zFunc,
                      const char *zTarget, int bUp, int bAllowLoss){
  sqlite3 *db = pCtx->db;
  int bAuto = sqlite3_get_autocommit(db);
  int bFkOn = (int)ormQueryInt(pErr, db, "PRAGMA foreign_keys");
  int bLegacy = (int)ormQueryInt(pErr, db, "PRAGMA legacy_alter_table");
  int bFkOff = 0;                 /* We switched foreign keys off */
  char *zRet = 0;
  int nTry, i;

  if( pErr->rc ) return 0;
  if( !ormStoreExists(pErr, db) ){
    OrmHistory empty;
    OrmSteps steps;
    memset(&empty, 0, sizeof(empty));
    memset(&steps, 0, sizeof(steps));
    ormApplySteps(pErr, &empty, zFunc, zTarget, bUp, &steps);
    sqlite3_free(steps.aStep);
    return 0;
  }
  /* Ends by a break: pErr->rc is SQLITE_OK here (ormStoreExists() says 0
  ** on an error) and after a try that retries, which only the first can
  ** be (the second has bFkOff set). */
  for(nTry=0; ORM_ALWAYS(nTry<2 && pErr->rc==SQLITE_OK); nTry++){
    OrmHistory hist;
    OrmSteps steps;
    int bRetry = 0;
    OrmTxn txn;
    memset(&steps, 0, sizeof(steps));
    memset(&hist, 0, sizeof(hist));
    ormTxnBegin(pErr, &txn, pCtx, zFunc);
    if( pErr->rc ){
      ormTxnEnd(pErr, &txn);
      break;
    }
    ormStoreLoad(pErr, db, &hist);
    ormApplyVerify(pErr, &hist, zFunc);
    ormApplySteps(pErr, &hist, zFunc, zTarget, bUp, &steps);
    for(i=0; pErr->rc==SQLITE_OK && i<steps.nStep; i++){
      /* A revision made on a newer SQLite: refused before any runs. */
      if( steps.aStep[i]>=hist.nRev ){
        /* A squash: what its own SQL needs. */
        const OrmSquash *q = &hist.aSquash[steps.aStep[i] - hist.nRev];
        OrmRev rev;
        memset(&rev, 0, sizeof(rev));
        rev.zId = q->zId;
        rev.zUp = q->zUp;
        rev.zDown = q->zDown;
        ormConfigCheckRun(pErr, zFunc, &rev, 1);
      }else{
        ormConfigCheckRun(pErr, zFunc, &hist.aRev[steps.aStep[i]], bUp);
      }
    }
    if( pErr->rc==SQLITE_OK && steps.nDropTable>0 ){
      /* Refused before anything runs: failing at the DROP would roll back
      ** a schema change, and that ROLLBACK aborts the open statement too
      ** (SQLITE_ABORT_ROLLBACK), which the user meant to read on. */
      char *zOther = ormApplyOtherOpen(db, 0, zFunc);
      if( zOther ){
        ormErrSet(pErr, SQLITE_ERROR, "%s: a revision to run drops or"
            " rebuilds a table, which SQLite refuses while %s", zFunc, zOther);
        sqlite3_free(zOther);
      }
    }
    if( pErr->rc==SQLITE_OK && steps.nDropTable>0 && bFkOn && !bFkOff ){
      if( bAuto ){
        bRetry = 1;               /* switch foreign keys off first */
      }else{
        ormErrSet(pErr, SQLITE_ERROR,
            "%s: a revision to run drops or rebuilds a table, which cannot"
            " be done safely inside a transaction while foreign keys are on"
            " (DROP TABLE would fire ON DELETE actions); run %s() outside"
            " BEGIN...COMMIT, or PRAGMA foreign_keys=OFF before BEGIN",
            zFunc, zFunc);
      }
    }
    if( pErr->rc==SQLITE_OK && !bRetry ){
      ormApplyRun(pErr, &txn, zFunc, &hist, &steps, bUp, bFkOff,
                  bAllowLoss);
      if( pErr->rc==SQLITE_OK ){
        zRet = ormStoreCurrent(pErr, db);
      }
    }
    if( bRetry ){
      /* Nothing was written: end it, to begin again with foreign keys
      ** off (a flag that cannot change inside a transaction). */
      OrmErr retry = {SQLITE_ABORT, 0};
      ormTxnEnd(&retry, &txn);
      ormErrClear(&retry);
    }else{
      ormTxnEnd(pErr, &txn);
    }
    sqlite3_free(steps.aStep);
    ormStoreFree(&hist);
    if( !bRetry ) break;
    /* A flag, not a statement: needs no memory (see below). */
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, (int*)0);
    bFkOff = 1;
  }
  /* Restore the settings through sqlite3_db_config(): it sets a flag of
  ** the connection and allocates nothing, so that the restore happens
  ** even after an allocation failure (a PRAGMA would have to be prepared
  ** first, and could not be). */
  if( bFkOff ) sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, (int*)0);
  sqlite3_db_config(db, SQLITE_DBCONFIG_LEGACY_ALTER_TABLE, bLegacy, (int*)0);
  if( pErr->rc ){
    sqlite3_free(zRet);
    zRet = 0;
  }
  return zRet;
}

/* Common body of orm_upgrade() and orm_downgrade(). */
static void ormApplyFunc(sqlite3_context *pCtx, int nArg,
                         sqlite3_value **apArg, const char *zFunc, int bUp){
  if( ormGuardDirect(pCtx, zFunc) ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  const char *zTarget = "head";
  char *zRet = 0;
  int bAllowLoss;
  if( nArg>=1 ){
    zTarget = ormArgText(&err, zFunc, apArg, 0,
        bUp ? "a target ('head', '+N' or a revision id)"
            : "a target ('base', '-N' or a revision id)");
  }else if( !bUp ){
    /* Going down takes a target: there is no safe default. */
    ormErrSet(&err, SQLITE_ERROR,
        "orm_downgrade: a target is required: 'base', '-N' or a revision id");
  }
  bAllowLoss = ormApplyFlag(&err, zFunc, nArg, apArg, 1);
  if( err.rc==SQLITE_OK ){
    ormProgressBegin(&err, p, zFunc);
    p->zMove = zFunc;               /* ormGuardDirect() refuses others */
    zRet = ormApply(&err, p, zFunc, zTarget, bUp, bAllowLoss);
    p->zMove = 0;
    ormProgressEnd(p, &err, zRet);
  }
  ormErrResultText(&err, pCtx, zFunc, zRet);
}

/* orm_upgrade([target[, 'allow-data-loss']]) */
void ormApplyUpgradeFunc(sqlite3_context *pCtx, int nArg,
                         sqlite3_value **apArg){
  ormApplyFunc(pCtx, nArg, apArg, "orm_upgrade", 1);
}

/* orm_downgrade(target[, 'allow-data-loss']) */
void ormApplyDowngradeFunc(sqlite3_context *pCtx, int nArg,
                           sqlite3_value **apArg){
  ormApplyFunc(pCtx, nArg, apArg, "orm_downgrade", 0);
}
