/*
** squash.c - orm_squash(target[, message]): one revision that takes a
** database at base straight to target.
**
**   SELECT orm_squash('head', 'squash 2025');   -- its id, e.g. '9c0d...'
**
** The squash replaces the revisions from base to target, which must be a
** straight line (each revision's only parent the one before, no branch
** leaving it before the target).  They stay in _orm_revision: a database
** that has applied some of them goes on through them, and the revisions
** after the target keep the target as their parent.  Only an upgrade that
** would run all of them (a database at base) runs the squash instead, and
** marks them applied (see ormApplySteps()).
**
** How it is made, on private in-memory databases:
**
**   1. replay: the up-SQL of the replaced revisions, in order, on an
**      empty database;
**   2. the squash's up-SQL: the replay's schema as CREATE statements
**      (tables, indexes, views, triggers), then the data statements
**      (INSERT, UPDATE, DELETE, REPLACE) of the replaced revisions, in
**      order: the rows a hand-written revision makes are not in the
**      schema.  The statements of a rebuild (filling "_orm_new_t",
**      sqlite_sequence or _orm_sequence) are not data: the schema holds
**      their result;
**   3. proof: the up-SQL on a second empty database must give exactly
**      the replay's sqlite_schema (type, name, table, SQL) and exactly the
**      rows of each table.  Otherwise nothing is recorded and the error
**      names the revisions whose data statements do not carry, with what
**      to do.
**
** The down-SQL drops what the up-SQL made (downgrades never run it: a
** database that went through the squash goes back through the replaced
** revisions, as every other does).  Bookkeeping: one row of _orm_squash,
** whose id is made from its content like a revision's.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/* The squash being made. */
typedef struct OrmSquashBuild OrmSquashBuild;
struct OrmSquashBuild {
  sqlite3 *dbReplay;              /* Owned: the replaced revisions run */
  sqlite3 *dbSquash;              /* Owned: the squash's up-SQL run */
  int *aLine;                     /* Owned: the line, base first */
  int nLine;
  sqlite3_str *pUp;               /* Owned until finished */
  sqlite3_str *pDown;             /* Owned until finished */
  OrmStrList carried;             /* Ids of the revisions whose data
                                  ** statements are carried */
};

/*
** Is the statement zStmt[0..n) a data statement to carry (see the file
** comment)?
*/
static int ormSquashIsData(OrmErr *pErr, const char *zStmt, int n){
  const char *z = zStmt;
  const char *zEnd = zStmt + n;
  int eType, k, iWord = 0, bData = 0, bWith = 0;
  for(; z<zEnd; z+=k){
    k = ormNormToken(z, &eType);        /* not 0: z is before zEnd */
    if( eType==ORM_TK_WORD || eType==ORM_TK_QID ){
      char zBuf[32];
      char *zId = ormNormIdentBuf(z, k, zBuf, (int)sizeof(zBuf));
      int bBook;
      if( ORM_OOM(zId==0) ){
        ormErrOom(pErr);
        return 0;
      }
      bBook = sqlite3_strnicmp(zId, "_orm_", 5)==0
           || sqlite3_stricmp(zId, "sqlite_sequence")==0;
      if( !bBook && eType==ORM_TK_WORD ){
        int bDml = sqlite3_stricmp(zId, "insert")==0
                || sqlite3_stricmp(zId, "update")==0
                || sqlite3_stricmp(zId, "delete")==0
                || sqlite3_stricmp(zId, "replace")==0;
        if( iWord==0 ){
          bData = bDml;
          bWith = sqlite3_stricmp(zId, "with")==0;
        }else if( bWith && bDml ){
          bData = 1;
        }
      }
      /* A name too long for zBuf was allocated. */
      if( zId!=zBuf ) sqlite3_free(zId);
      if( bBook ) return 0;
      iWord++;
    }
  }
  return bData;
}

/*
** Append the data statements of script zSql to pOut, each from its first
** token (comments before it belong to no statement) to its ';', ending
** with ";\n".  Returns how many.
*/
static int ormSquashData(OrmErr *pErr, const char *zSql, sqlite3_str *pOut){
  OrmStmtIter it;
  int nData = 0;
  ormNormStmtInit(&it, zSql);
  while( ormNormStmtNext(&it) ){
    int bData = it.nStmt>0 && ormSquashIsData(pErr, it.zStmt, it.nStmt);
    /* The caller calls with no error: only ormSquashIsData() sets one. */
    if( ORM_OOM(pErr->rc!=SQLITE_OK) ) break;
    if( bData ){
      int n = it.nStmt;
      /* Stops at the word that made it a data statement, if not before. */
      while( it.zStmt[n-1]==';' ) n--;
      sqlite3_str_appendf(pOut, "%.*s;\n", n, it.zStmt);
      nData++;
    }
  }
  return nData;
}

/*
** Replace the error in *pErr (if any) by "<it>; <zMore>": what to do,
** after the message that says what failed.  Out of memory stays as it
** is.  The callers call it on an error, which has a message unless it is
** out of memory (ormErrSet() records SQLITE_NOMEM when it cannot make
** one).
*/
static void ormSquashAdvise(OrmErr *pErr, const char *zMore){
  char *zOld;
  int rc = pErr->rc;
  if( rc==SQLITE_NOMEM ) return;
  zOld = pErr->zMsg;
  pErr->zMsg = 0;
  pErr->rc = SQLITE_OK;
  ormErrSet(pErr, rc, "%s; %s", zOld, zMore);
  sqlite3_free(zOld);
}

/*
** Resolve the target of orm_squash(): 'head', a revision id or a unique
** prefix of one.  Returns its index, or -1 with an error recorded.
*/
static int ormSquashTarget(OrmErr *pErr, const OrmHistory *pHist,
                           const char *zTarget){
  int i, iMatch, nMatch;
  if( pErr->rc ) return -1;
  if( ORM_OOM(zTarget==0) ){
    /* ormArgText() gives NULL without an error only when out of memory. */
    ormErrOom(pErr);
    return -1;
  }
  if( pHist->nRev==0 ){
    ormErrSet(pErr, SQLITE_ERROR, "orm_squash: there are no revisions to"
        " squash; record some with orm_migrate() first");
    return -1;
  }
  if( sqlite3_stricmp(zTarget, "head")==0 ){
    i = ormStoreHead(pErr, pHist, "orm_squash");
    return i>=0 ? i : -1;
  }
  if( sqlite3_stricmp(zTarget, "base")==0 ){
    ormErrSet(pErr, SQLITE_ERROR, "orm_squash: a squash starts at base;"
        " give the revision it takes a new database to: 'head' or a"
        " revision id");
    return -1;
  }
  iMatch = ormStorePrefix(pHist, zTarget, &nMatch);
  if( nMatch==1 ) return iMatch;
  if( nMatch>1 ){
    ormErrSet(pErr, SQLITE_ERROR, "orm_squash: revision prefix '%s' is"
        " ambiguous: it matches %d revisions; give more of the id", zTarget,
        nMatch);
  }else{
    ormErrSet(pErr, SQLITE_ERROR, "orm_squash: unknown revision '%s'; give"
        " 'head' or a revision id from orm_migrations", zTarget);
  }
  return -1;
}

/*
** The straight line from base to revision iTarget into pB->aLine, base
** first, or an error naming the revision that breaks it.
*/
static void ormSquashLine(OrmErr *pErr, const OrmHistory *pHist, int iTarget,
                          OrmSquashBuild *pB){
  int *aChild = 0, i, j, iAt;
  const char *zT;
  if( pErr->rc ) return;
  zT = pHist->aRev[iTarget].zId;
  aChild = ormMalloc(pErr, sizeof(int)*(pHist->nRev+1));
  pB->aLine = ormMalloc(pErr, sizeof(int)*(pHist->nRev+1));
  if( ORM_OOM(aChild==0 || pB->aLine==0) ) goto line_done;
  for(i=0; i<pHist->nRev; i++){
    const int *aPar;
    int nPar = ormGraphParents(&pHist->graph, i, &aPar);
    for(j=0; j<nPar; j++) aChild[aPar[j]]++;
  }
  /* Walk back from the target; the line is reversed at the end. */
  for(iAt=iTarget; iAt>=0 && pErr->rc==SQLITE_OK; ){
    const int *aPar;
    int nPar = ormGraphParents(&pHist->graph, iAt, &aPar);
    if( iAt!=iTarget && aChild[iAt]>1 ){
      ormErrSet(pErr, SQLITE_ERROR, "orm_squash: %s is not on a straight"
          " line from base: revision %s, before it, has %d children (a"
          " branch); give a target no later than %s", zT,
          pHist->aRev[iAt].zId, aChild[iAt], pHist->aRev[iAt].zId);
    }else if( nPar>1 ){
      ormErrSet(pErr, SQLITE_ERROR, "orm_squash: %s is not on a straight"
          " line from base: revision %s is a merge (parents %s); give a"
          " target before the merge", zT, pHist->aRev[iAt].zId,
          pHist->aRev[iAt].zParent);
    }else{
      pB->aLine[pB->nLine++] = iAt;
      iAt = nPar ? aPar[0] : -1;
    }
  }
  for(i=0, j=pB->nLine-1; i<j; i++, j--){
    int t = pB->aLine[i]; pB->aLine[i] = pB->aLine[j]; pB->aLine[j] = t;
  }
  if( pErr->rc==SQLITE_OK && pB->nLine<2 ){
    ormErrSet(pErr, SQLITE_ERROR, "orm_squash: revision %s is the first"
        " revision, with nothing before it to squash; give a later target",
        zT);
  }
line_done:
  sqlite3_free(aChild);
}

/*
** Append to pB->pUp the CREATE statements of dbReplay's schema, running
** each on dbSquash: tables, indexes, views, triggers.  Each kind in
** rounds: one that fails is tried again in the next round, until none is
** left or a round makes none (then the error names the first that
** failed).  So each comes after what it reads: a view after the views it
** reads, a virtual table after the table its module reads (FTS4's
** content=, which may have been made again later in the history).  The
** shadow tables of a virtual table are its module's to make.  pB->pDown
** gets the DROP statements, in the reverse order.
*/
static void ormSquashSchema(OrmErr *pErr, OrmSquashBuild *pB){
  static const char *const azType[] = { "table", "index", "view", "trigger" };
  OrmStrList drops = {0, 0, 0, 0, 0};
  int iType, i;
  for(iType=0; iType<4 && pErr->rc==SQLITE_OK; iType++){
    OrmStrList names = {0, 0, 0, 0, 0};
    OrmStrList sqls = {0, 0, 0, 0, 0};
    unsigned char *aDone = 0;
    int nLeft, nRound;
    sqlite3_stmt *pStmt = ormPrepare(pErr, pB->dbReplay,
        "SELECT name, sql FROM main.sqlite_schema WHERE type=%Q"
        " AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%%' ESCAPE '\\'"
        " AND name NOT IN (SELECT name FROM pragma_table_list"
        "  WHERE schema='main' AND type='shadow')"
        " ORDER BY rowid", azType[iType]);
    while( ormStep(pErr, pStmt) ){
      ormListAdd(pErr, &names, (const char*)sqlite3_column_text(pStmt, 0));
      ormListAdd(pErr, &sqls, (const char*)sqlite3_column_text(pStmt, 1));
    }
    ormFinalize(pErr, pStmt);
    aDone = ormMalloc(pErr, names.n+1);
    nLeft = names.n;
    for(nRound=0; aDone && nLeft>0 && pErr->rc==SQLITE_OK; nRound++){
      int nBefore = nLeft, iFirst = -1;
      char *zFirst = 0;
      for(i=0; i<names.n && pErr->rc==SQLITE_OK; i++){
        char *zErr = 0;
        int rc;
        if( aDone[i] ) continue;
        rc = sqlite3_exec(pB->dbSquash, sqls.az[i], 0, 0, &zErr);
        if( rc==SQLITE_OK ){
          aDone[i] = 1;
          nLeft--;
          sqlite3_str_appendf(pB->pUp, "%s;\n", sqls.az[i]);
          if( iType!=1 ){
            ormListAddOwned(pErr, &drops, ormMprintf(pErr, "DROP %s \"%w\";\n",
                iType==0 ? "TABLE" : iType==2 ? "VIEW" : "TRIGGER",
                names.az[i]));
          }
        }else if( (rc & 0xff)==SQLITE_NOMEM ){
          ormErrOom(pErr);
        }else if( iFirst<0 ){
          iFirst = i;
          zFirst = zErr;
          zErr = 0;
        }
        sqlite3_free(zErr);
      }
      /* A round that made nothing: what is left cannot be made. */
      if( pErr->rc==SQLITE_OK && nLeft==nBefore ){
        /* sqlite3_exec() gives its message, unless it cannot copy it. */
        const char *zWhy = zFirst;
        if( ORM_OOM(zWhy==0) ) zWhy = "error";
        ormErrSet(pErr, SQLITE_ERROR, "orm_squash: the %s \"%s\" of the"
            " replayed schema cannot be created again: %s", azType[iType],
            names.az[iFirst], zWhy);
      }
      sqlite3_free(zFirst);
    }
    sqlite3_free(aDone);
    ormListFree(&names);
    ormListFree(&sqls);
  }
  for(i=drops.n-1; i>=0; i--) sqlite3_str_appendall(pB->pDown, drops.az[i]);
  ormListFree(&drops);
}

/*
** Do the rows of query zSql (one text column) on dbA and on dbB agree,
** row for row?
*/
static int ormSquashSameRows(OrmErr *pErr, sqlite3 *dbA, sqlite3 *dbB,
                             const char *zSql){
  sqlite3_stmt *pA = ormPrepare(pErr, dbA, "%s", zSql);
  sqlite3_stmt *pB = ormPrepare(pErr, dbB, "%s", zSql);
  int bSame = 1;
  while( pErr->rc==SQLITE_OK && bSame ){
    int bA = ormStep(pErr, pA);
    int bB = ormStep(pErr, pB);
    if( bA!=bB ){
      bSame = 0;
    }else if( !bA ){
      break;
    }else{
      const unsigned char *zA = sqlite3_column_text(pA, 0);
      const unsigned char *zB = sqlite3_column_text(pB, 0);
      /* The queries give text, never NULL, unless a conversion failed. */
      if( ORM_OOM(zA==0 || zB==0) ){
        bSame = 0;
      }else{
        bSame = strcmp((const char*)zA, (const char*)zB)==0;
      }
    }
  }
  ormFinalize(pErr, pA);
  ormFinalize(pErr, pB);
  return bSame;
}

/*
** Does dbSquash hold exactly what dbReplay holds: the same sqlite_schema
** (type, name, table and SQL of each object) and the same rows in every
** table?  If not, the first difference ("table \"t\"", ...), which the
** caller frees.
*/
static char *ormSquashDiffer(OrmErr *pErr, sqlite3 *dbReplay,
                             sqlite3 *dbSquash){
  sqlite3_stmt *pStmt;
  char *zDiff = 0;
  if( !ormSquashSameRows(pErr, dbReplay, dbSquash,
        "SELECT quote(type)||','||quote(name)||','||quote(tbl_name)||','"
        "||quote(sql) AS r FROM main.sqlite_schema ORDER BY r") ){
    return ormStrdup(pErr, "the schema (sqlite_schema)");
  }
  pStmt = ormPrepare(pErr, dbReplay,
      "SELECT s.name, (SELECT group_concat(printf('quote(\"%%w\")', c.name),"
      "  '||'',''||') FROM pragma_table_info(s.name) AS c)"
      " FROM main.sqlite_schema AS s WHERE s.type='table'"
      " AND s.sql NOT LIKE 'CREATE VIRTUAL%%' ORDER BY s.name");
  while( zDiff==0 && ormStep(pErr, pStmt) ){
    const char *zTab = (const char*)sqlite3_column_text(pStmt, 0);
    const char *zExpr = (const char*)sqlite3_column_text(pStmt, 1);
    char *zSql;
    /* A table has a column that is not generated, so zExpr is NULL only
    ** when a conversion failed. */
    if( ORM_OOM(zExpr==0) ) zExpr = "1";
    zSql = ormMprintf(pErr, "SELECT %s AS r FROM main.\"%w\" ORDER BY r",
                      zExpr, zTab);
    if( ORM_OOM(zSql==0) ) break;
    if( !ormSquashSameRows(pErr, dbReplay, dbSquash, zSql) ){
      zDiff = ormMprintf(pErr, "the rows of table \"%w\"", zTab);
    }
    sqlite3_free(zSql);
  }
  ormFinalize(pErr, pStmt);
  if( pErr->rc ){
    sqlite3_free(zDiff);
    zDiff = 0;
  }
  return zDiff;
}

/*
** What to do when the data statements of revision pB->aLine[iAt] do not
** carry: squash up to a revision before it, when two or more come before
** it.  sqlite3_mprintf(): *pErr is set by then.  The caller frees it.
** iAt is on the line (0 <= iAt < pB->nLine).
*/
static char *ormSquashBefore(const OrmHistory *pHist,
                             const OrmSquashBuild *pB, int iAt){
  const char *zId = pHist->aRev[pB->aLine[iAt]].zId;
  if( iAt>=2 ){
    return sqlite3_mprintf("squash only the revisions before %s:"
        " orm_squash('%s')", zId, pHist->aRev[pB->aLine[iAt-1]].zId);
  }
  return sqlite3_mprintf("no squash can include %s (fewer than two"
      " revisions come before it): leave these revisions as they are",
      zId);
}

/*
** Make the squash of the line pB->aLine: replay, schema, carried data,
** proof.  Sets *pzUp and *pzDown (caller frees) on success.
*/
static void ormSquashMake(OrmErr *pErr, sqlite3 *db, const OrmHistory *pHist,
                          OrmSquashBuild *pB, char **pzUp, char **pzDown){
  const OrmRev *pTarget;
  char *zDiff = 0;
  sqlite3_int64 nLeft;
  int i;
  *pzUp = *pzDown = 0;
  if( pErr->rc ) return;
  pTarget = &pHist->aRev[pB->aLine[pB->nLine-1]];
  for(i=0; i<pB->nLine && pErr->rc==SQLITE_OK; i++){
    const OrmRev *pRev = &pHist->aRev[pB->aLine[i]];
    char zSum[ORM_SUM_SIZE];
    ormGraphChecksum(pRev->zUp, pRev->zDown, zSum);
    if( pRev->zChecksum==0 || strcmp(zSum, pRev->zChecksum) ){
      ormErrSet(pErr, SQLITE_ERROR, "orm_squash: revision %s was changed"
          " after it was recorded (its up_sql/down_sql no longer match its"
          " checksum); restore its SQL, e.g. with orm_import() from the"
          " exported file", pRev->zId);
    }
  }
  pB->dbReplay = ormGuardOpen(pErr, db);
  pB->dbSquash = ormGuardOpen(pErr, db);
  pB->pUp = sqlite3_str_new(0);
  pB->pDown = sqlite3_str_new(0);
  /* 1. The history, from an empty database. */
  for(i=0; i<pB->nLine && pErr->rc==SQLITE_OK; i++){
    const OrmRev *pRev = &pHist->aRev[pB->aLine[i]];
    char *zWhat = ormMprintf(pErr, "revision %s", pRev->zId);
    ormApplyScript(pErr, pB->dbReplay, "orm_squash", zWhat, pRev->zUp, 1);
    sqlite3_free(zWhat);
    if( pErr->rc ){
      char *zMore = sqlite3_mprintf("the revisions from base to %s do not"
          " run on an empty database, so they cannot be squashed; give an"
          " earlier target", pTarget->zId);
      const char *zAdvice = zMore;
      if( ORM_OOM(zAdvice==0) ) zAdvice = "give an earlier target";
      ormSquashAdvise(pErr, zAdvice);
      sqlite3_free(zMore);
    }
  }
  /* 2. Its schema, then the data statements of each revision. */
  ormSquashSchema(pErr, pB);
  for(i=0; i<pB->nLine && pErr->rc==SQLITE_OK; i++){
    const OrmRev *pRev = &pHist->aRev[pB->aLine[i]];
    sqlite3_str *pData = sqlite3_str_new(0);
    char *zData;
    int nData = ormSquashData(pErr, pRev->zUp, pData);
    if( sqlite3_str_errcode(pData) ) ormErrOom(pErr);
    zData = sqlite3_str_finish(pData);
    /* No error on entry: one now, or a NULL zData of nData>0 statements,
    ** is out of memory. */
    if( nData>0
     && !ORM_OOM(zData==0 || pErr->rc!=SQLITE_OK) ){
      char *zWhat = ormMprintf(pErr, "revision %s (its data statements, run"
                               " after the squashed schema)", pRev->zId);
      ormListAdd(pErr, &pB->carried, pRev->zId);
      sqlite3_str_appendf(pB->pUp, "-- data of revision %s\n%s",
                          pRev->zId, zData);
      ormApplyScript(pErr, pB->dbSquash, "orm_squash", zWhat, zData, 1);
      sqlite3_free(zWhat);
      if( pErr->rc ){
        char *zMore = ormSquashBefore(pHist, pB, i);
        const char *zAdvice = zMore;
        if( ORM_OOM(zAdvice==0) ) zAdvice = "give an earlier target";
        ormSquashAdvise(pErr, zAdvice);
        sqlite3_free(zMore);
      }
    }
    sqlite3_free(zData);
  }
  /* 3. The proof. */
  if( pErr->rc==SQLITE_OK ) zDiff = ormSquashDiffer(pErr, pB->dbReplay,
                                                    pB->dbSquash);
  if( zDiff ){
    if( pB->carried.n>0 ){
      sqlite3_str *pList = sqlite3_str_new(0);
      char *zList, *zMore;
      const char *zIds, *zAdvice;
      int iAt;
      for(i=0; i<pB->carried.n; i++){
        sqlite3_str_appendf(pList, "%s%s", i ? ", " : "", pB->carried.az[i]);
      }
      zList = sqlite3_str_finish(pList);
      /* Found: each carried id is that of a revision of the line. */
      for(iAt=0; strcmp(pHist->aRev[pB->aLine[iAt]].zId, pB->carried.az[0]);
          iAt++){}
      zMore = ormSquashBefore(pHist, pB, iAt);
      zIds = zList;
      if( ORM_OOM(zIds==0) ) zIds = "?";
      zAdvice = zMore;
      if( ORM_OOM(zAdvice==0) ) zAdvice = "give an earlier target";
      ormErrSet(pErr, SQLITE_ERROR, "orm_squash: the data statements of"
          " revision%s %s, run after the squashed schema, do not give what"
          " the history gives (%s differ); %s", pB->carried.n>1 ? "s" : "",
          zIds, zDiff, zAdvice);
      sqlite3_free(zMore);
      sqlite3_free(zList);
    }else{
      ormErrSet(pErr, SQLITE_ERROR, "orm_squash: the squashed schema does"
          " not give what the history gives (%s differ); give an earlier"
          " target", zDiff);
    }
    sqlite3_free(zDiff);
  }
  if( sqlite3_str_errcode(pB->pUp) || sqlite3_str_errcode(pB->pDown) ){
    ormErrOom(pErr);
  }
  /* The down-SQL must run and leave nothing (sqlite_sequence aside). */
  ormApplyScript(pErr, pB->dbSquash, "orm_squash", "its down_sql",
                 sqlite3_str_value(pB->pDown), 1);
  nLeft = ormQueryInt(pErr, pB->dbSquash,
        "SELECT count(*) FROM main.sqlite_schema"
        " WHERE name<>'sqlite_sequence'");
  /* It drops every table, view and trigger the up-SQL made (indexes go
  ** with their tables), and a data statement makes no object.  (Only
  ** ORM_NEVER() reads nLeft, which does not in the coverage build.) */
  (void)nLeft;
  if( ORM_NEVER(nLeft>0) ){
    ormErrSet(pErr, SQLITE_ERROR, "orm_squash: internal error: the squash's"
        " down-SQL leaves objects behind");
  }
  *pzUp = sqlite3_str_finish(pB->pUp);
  *pzDown = sqlite3_str_finish(pB->pDown);
  pB->pUp = pB->pDown = 0;
  /* Empty (revisions that make no object) is "", not NULL: an error of
  ** either string was recorded above. */
  if( *pzUp==0 ) *pzUp = ormStrdup(pErr, "");
  if( *pzDown==0 ) *pzDown = ormStrdup(pErr, "");
}

/*
** orm_squash(target[, message]): record a squash of the revisions from
** base to target (see the file comment).  Returns its id.
*/
void ormSquashFunc(sqlite3_context *pCtx, int nArg, sqlite3_value **apArg){
  if( ormGuardDirect(pCtx, "orm_squash") ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  OrmHistory hist;
  OrmSquashBuild b;
  OrmTxn txn;
  const char *zTarget;
  char *zMessage = 0, *zUp = 0, *zDown = 0, *zReplaces = 0;
  char zId[ORM_ID_SIZE], zSum[ORM_SUM_SIZE];
  char *zRet = 0;                 /* Copy of zId for the result */
  int iTarget, i;
  memset(&b, 0, sizeof(b));
  memset(&hist, 0, sizeof(hist));
  zTarget = ormArgText(&err, "orm_squash", apArg, 0,
                       "a target ('head' or a revision id)");
  if( nArg>1 && sqlite3_value_type(apArg[1])!=SQLITE_NULL ){
    zMessage = ormStrdup(&err, ormArgText(&err, "orm_squash", apArg, 1,
                                          "a message"));
  }
  ormTxnBegin(&err, &txn, p, "orm_squash");
  ormStoreLoad(&err, p->db, &hist);
  iTarget = ormSquashTarget(&err, &hist, zTarget);
  ormSquashLine(&err, &hist, iTarget, &b);
  if( err.rc==SQLITE_OK ){
    sqlite3_str *pList = sqlite3_str_new(0);
    for(i=0; i<b.nLine; i++){
      sqlite3_str_appendf(pList, "%s%s", i ? "," : "",
                          hist.aRev[b.aLine[i]].zId);
    }
    if( sqlite3_str_errcode(pList) ) ormErrOom(&err);
    zReplaces = sqlite3_str_finish(pList);
  }
  /* zReplaces has b.nLine>=2 ids: NULL only with an error recorded. */
  for(i=0; err.rc==SQLITE_OK && ORM_ALWAYS(zReplaces!=0) && i<hist.nSquash;
      i++){
    if( strcmp(hist.aSquash[i].zReplaces, zReplaces)==0 ){
      ormErrSet(&err, SQLITE_ERROR, "orm_squash: squash %s already takes"
          " base to %s; use it, or DELETE FROM orm_migrations WHERE"
          " revision='%s' first", hist.aSquash[i].zId,
          hist.aRev[iTarget].zId, hist.aSquash[i].zId);
    }
  }
  if( err.rc==SQLITE_OK && zMessage==0 ){
    zMessage = ormMprintf(&err, "squash base to %s", hist.aRev[iTarget].zId);
  }
  ormSquashMake(&err, p->db, &hist, &b, &zUp, &zDown);
  if( err.rc==SQLITE_OK ){
    ormGraphId(ORM_GRAPH_SQUASH, zReplaces, zMessage, zUp, zDown, zId);
    ormGraphChecksum(zUp, zDown, zSum);
    ormExec(&err, p->db, ormStoreSquashDdl);
    if( ormGraphFind(&hist.graph, zId)>=0 || ormQueryInt(&err, p->db,
          "SELECT count(*) FROM main._orm_squash WHERE revision=%Q", zId) ){
      ormErrSet(&err, SQLITE_CONSTRAINT, "orm_squash: revision %s already"
          " exists with the same content", zId);
    }
    ormExecf(&err, p->db,
        "INSERT INTO main._orm_squash(revision, replaces, message,"
        " created_at, up_sql, down_sql, checksum, destructive)"
        " VALUES(%Q, %Q, %Q, " ORM_NOW_FMT ","
        " %Q, %Q, %Q, %d)", zId, zReplaces, zMessage, zUp, zDown, zSum,
        ormMigrateDestructiveSql(zUp));
  }
  /* The result is copied before the commit: out of memory after it, the
  ** call would report a failure that has committed. */
  zRet = ormMprintf(&err, "%s", zId);
  ormTxnEnd(&err, &txn);
  sqlite3_close(b.dbReplay);
  sqlite3_close(b.dbSquash);
  sqlite3_free(b.aLine);
  /* b.pUp and b.pDown are 0: ormSquashMake() finishes them once made. */
  ormListFree(&b.carried);
  sqlite3_free(zMessage);
  sqlite3_free(zUp);
  sqlite3_free(zDown);
  sqlite3_free(zReplaces);
  ormStoreFree(&hist);
  ormErrResultText(&err, pCtx, "orm_squash", zRet);
}
