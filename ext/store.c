/*
** store.c - the extension's bookkeeping tables and the history loaded
** from them (OrmHistory: the revisions in order, the current one, the
** squashes; its graph is graph.c's OrmGraph), targets and heads.
**
** Everything ormext knows lives in the database file, in tables whose
** names start with "_orm_":
**
**   _orm_model     one row per declared object (its CREATE statement)
**   _orm_managed   every object name ever declared when a revision was made,
**                  and the revision whose making first declared it (NULL
**                  for names recorded before ormext kept it); orm_export
**                  writes the names into that revision's file
**   _orm_revision  one row per revision: parent, message, up/down SQL, ...
**                  and min_sqlite, the oldest SQLite that can run it
**   _orm_state     key/value: 'current' is the revision the database is at;
**                  'min_sqlite' the floor orm_config() sets
**   _orm_rename    rename hints (orm_rename) for the next orm_migrate
**
** A revision is applied when it is the current one or an ancestor of it:
** state is derived, never stored twice.  Ids are the first 12 hex digits of
** the SHA-256 of the revision's parent, message, up and down SQL
** (ormGraphId()).
**
**   SELECT orm_current();   -- '1f0c33e8a2b4' or NULL at base
**   SELECT orm_heads();     -- '1f0c33e8a2b4'
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <stdlib.h>
#include <string.h>

/*
** True if table main.zTable exists.  Preparing a statement that names the
** table finds it by its hash; a query of sqlite_schema would read every
** row.  SQLITE_ERROR is "no such table"; anything else (a locked schema,
** say) is an error.
*/
static int ormStoreTableExists(OrmErr *pErr, sqlite3 *db,
                               const char *zTable){
  sqlite3_stmt *pStmt = 0;
  char *zSql;
  int rc;
  if( pErr->rc ) return 0;
  zSql = ormMprintf(pErr, "SELECT 1 FROM main.\"%w\"", zTable);
  if( zSql==0 ) return 0;
  rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0);
  sqlite3_finalize(pStmt);
  sqlite3_free(zSql);
  if( rc!=SQLITE_OK && rc!=SQLITE_ERROR ){
    ormErrSet(pErr, rc, "%s", sqlite3_errmsg(db));
  }
  return rc==SQLITE_OK;
}

/* True if the bookkeeping tables exist (reading never creates them). */
int ormStoreExists(OrmErr *pErr, sqlite3 *db){
  return ormStoreTableExists(pErr, db, "_orm_revision");
}

/* The bookkeeping tables, each created only if it does not exist. */
const char ormStoreDdl[] =
      "CREATE TABLE IF NOT EXISTS main._orm_rename("
      "  tbl TEXT NOT NULL COLLATE NOCASE,"
      "  old TEXT NOT NULL COLLATE NOCASE,"
      "  new TEXT NOT NULL,"
      "  PRIMARY KEY(tbl, old));\n"
      "CREATE TABLE IF NOT EXISTS main._orm_model("
      "  name TEXT PRIMARY KEY COLLATE NOCASE,"
      "  type TEXT NOT NULL,"
      "  tbl_name TEXT NOT NULL COLLATE NOCASE,"
      "  sql TEXT NOT NULL,"
      "  seq INTEGER NOT NULL);\n"
      "CREATE TABLE IF NOT EXISTS main._orm_managed("
      "  name TEXT PRIMARY KEY COLLATE NOCASE,"
      "  revision TEXT) WITHOUT ROWID;\n"
      "CREATE TABLE IF NOT EXISTS main._orm_state("
      "  key TEXT PRIMARY KEY, value TEXT);\n"
      "CREATE TABLE IF NOT EXISTS main._orm_revision("
      "  revision TEXT PRIMARY KEY,"
      "  parent TEXT,"
      "  message TEXT NOT NULL DEFAULT '',"
      "  created_at TEXT NOT NULL,"
      "  applied_at TEXT,"
      "  up_sql TEXT NOT NULL,"
      "  down_sql TEXT NOT NULL,"
      "  checksum TEXT NOT NULL,"
      "  destructive INTEGER NOT NULL DEFAULT 0,"
      "  seq INTEGER NOT NULL,"
      "  min_sqlite TEXT);\n";

/*
** Does bookkeeping table zTable have column zCol?  A database whose
** bookkeeping was made before the column came has not, until a call that
** writes a revision adds it (ormStoreCreate()); reading does without it.
*/
int ormStoreHasColumn(OrmErr *pErr, sqlite3 *db, const char *zTable,
                      const char *zCol){
  sqlite3_stmt *pStmt = 0;
  char *zSql;
  int rc;
  if( pErr->rc ) return 0;
  /* Not "zCol": a double-quoted name that is no column is a string. */
  zSql = ormMprintf(pErr, "SELECT %s FROM main.%s", zCol, zTable);
  if( zSql==0 ) return 0;
  rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0);
  sqlite3_finalize(pStmt);
  sqlite3_free(zSql);
  if( rc!=SQLITE_OK && rc!=SQLITE_ERROR ){
    ormErrSet(pErr, rc, "%s", sqlite3_errmsg(db));
  }
  return rc==SQLITE_OK;
}

static int ormStoreHasMinSqlite(OrmErr *pErr, sqlite3 *db){
  return ormStoreHasColumn(pErr, db, "_orm_revision", "min_sqlite");
}

/* Create the bookkeeping tables if they do not exist yet, and add the
** columns that came later to those of an older database. */
void ormStoreCreate(OrmErr *pErr, sqlite3 *db){
  if( ormStoreExists(pErr, db) ){
    if( !ormStoreHasMinSqlite(pErr, db) ){
      ormExec(pErr, db,
          "ALTER TABLE main._orm_revision ADD COLUMN min_sqlite TEXT");
    }
    if( !ormStoreHasColumn(pErr, db, "_orm_managed", "revision") ){
      ormExec(pErr, db,
          "ALTER TABLE main._orm_managed ADD COLUMN revision TEXT");
    }
    return;
  }
  ormExec(pErr, db, ormStoreDdl);
}

/*
** Record that revision zId (being made) was made with object zName
** declared: orm_migrate compares zName from now on (_orm_managed).  A name
** already managed keeps the revision that first declared it.
*/
void ormStoreManage(OrmErr *pErr, sqlite3 *db, const char *zName,
                    const char *zId){
  ormExecf(pErr, db,
      "INSERT OR IGNORE INTO main._orm_managed(name, revision)"
      " VALUES(%Q, %Q)", zName, zId);
}

/* The current revision id, or NULL at base.  The caller frees it. */
char *ormStoreCurrent(OrmErr *pErr, sqlite3 *db){
  if( !ormStoreExists(pErr, db) ) return 0;
  return ormQueryText(pErr, db,
      "SELECT value FROM main._orm_state WHERE key='current'");
}

/*
** Append to pOut the statement, ending with ";\n", that records zId
** (NULL: base) as the current revision of schema zDb ("main." or "", the
** latter for a script that leaves the schema to the shell).  The one
** place this statement is written: ormStoreSetCurrent() runs it, and
** ormApplyBookkeeping() ends every move and every orm_sql script with it.
*/
void ormStoreCurrentSql(sqlite3_str *pOut, const char *zDb,
                        const char *zId){
  sqlite3_str_appendf(pOut, "INSERT OR REPLACE INTO %s_orm_state(key,"
      " value) VALUES('current', %Q);\n", zDb, zId);
}

/* Record zId (NULL: base) as the current revision. */
void ormStoreSetCurrent(OrmErr *pErr, sqlite3 *db, const char *zId){
  sqlite3_str *pSql;
  char *zSql;
  if( pErr->rc ) return;
  pSql = sqlite3_str_new(db);
  ormStoreCurrentSql(pSql, "main.", zId);
  if( sqlite3_str_errcode(pSql) ) ormErrOom(pErr);
  zSql = sqlite3_str_finish(pSql);
  ormExec(pErr, db, zSql);
  sqlite3_free(zSql);
}

static void ormRevFree(OrmRev *p){
  sqlite3_free(p->zId);
  sqlite3_free(p->zParent);
  sqlite3_free(p->zMessage);
  sqlite3_free(p->zCreated);
  sqlite3_free(p->zApplied);
  sqlite3_free(p->zUp);
  sqlite3_free(p->zDown);
  sqlite3_free(p->zChecksum);
}

static void ormSquashFree(OrmSquash *p){
  sqlite3_free(p->zId);
  sqlite3_free(p->zReplaces);
  sqlite3_free(p->zMessage);
  sqlite3_free(p->zCreated);
  sqlite3_free(p->zApplied);
  sqlite3_free(p->zUp);
  sqlite3_free(p->zDown);
  sqlite3_free(p->zChecksum);
  sqlite3_free(p->aRep);
}

void ormStoreFree(OrmHistory *pHist){
  int i;
  for(i=0; i<pHist->nSquash; i++) ormSquashFree(&pHist->aSquash[i]);
  sqlite3_free(pHist->aSquash);
  for(i=0; i<pHist->nRev; i++) ormRevFree(&pHist->aRev[i]);
  sqlite3_free(pHist->aRev);
  sqlite3_free(pHist->zCurrent);
  ormGraphFree(&pHist->graph);
  memset(pHist, 0, sizeof(*pHist));
}

/* ormStoreIndex(): a parent that is not in _orm_revision. */
static void ormStoreMissing(OrmErr *pErr, void *pArg, int iRev,
                            const char *z, int n){
  const OrmHistory *pHist = (const OrmHistory*)pArg;
  ormErrSet(pErr, SQLITE_ERROR,
      "revision %s names parent \"%.*s\", which is not in"
      " _orm_revision; correct its parent column (or restore the"
      " missing revision, e.g. with orm_import)",
      pHist->aRev[iRev].zId, n>64 ? 64 : n, z);
}

/*
** Build the graph of pHist->aRev as it is ordered now: the id hash, each
** revision's parent indexes (parsed once) and which revisions have a
** child.  Replaces an earlier index.  Linear in the history's size.
*/
void ormStoreIndex(OrmErr *pErr, OrmHistory *pHist){
  OrmGraph *g = &pHist->graph;
  int i;
  ormGraphInit(pErr, g, pHist->nRev);
  if( pErr->rc ) return;
  for(i=0; i<pHist->nRev; i++){
    g->azId[i] = pHist->aRev[i].zId;
    g->azParent[i] = pHist->aRev[i].zParent;
  }
  ormGraphLink(pErr, g, ormStoreMissing, pHist);
  /* A parent named twice is a hand edit the graph would take as two
  ** links: refuse it. */
  for(i=0; i<pHist->nRev && pErr->rc==SQLITE_OK; i++){
    const int *aPar;
    int nPar = ormGraphParents(g, i, &aPar), j, k;
    for(j=1; j<nPar; j++){
      for(k=0; k<j && aPar[k]!=aPar[j]; k++){}
      if( k<j ){
        ormErrSet(pErr, SQLITE_ERROR,
            "revision %s names parent %s twice; correct its parent"
            " column in _orm_revision", pHist->aRev[i].zId,
            pHist->aRev[aPar[j]].zId);
        break;
      }
    }
  }
}

/*
** Put the revisions in the graph's order (ormGraphOrder(): each after its
** parents, of two ready the smaller id first, so the order is the same in
** every database holding the graph, however and whenever its revisions
** came there) and index the graph in that order.
*/
static void ormStoreSort(OrmErr *pErr, OrmHistory *pHist){
  OrmRev *aOut = 0;
  int *aOrder = 0;
  int nOut, i, n = pHist->nRev;
  ormStoreIndex(pErr, pHist);
  if( pErr->rc || n<2 ) return;
  aOut = ormMalloc(pErr, sizeof(OrmRev)*n);
  aOrder = ormMalloc(pErr, sizeof(int)*n);
  if( pErr->rc ) goto cleanup;
  nOut = ormGraphOrder(pErr, &pHist->graph, aOrder);
  if( pErr->rc ) goto cleanup;
  if( nOut<n ){
    /* The revisions left unplaced, in seq order. */
    sqlite3_str *pList = sqlite3_str_new(0);
    unsigned char *aPlaced = ormMalloc(pErr, n);
    char *zList;
    const char *zShow;
    if( ORM_OOM(aPlaced==0) ){
      sqlite3_free(sqlite3_str_finish(pList));
      goto cleanup;
    }
    memset(aPlaced, 0, n);
    for(i=0; i<nOut; i++) aPlaced[aOrder[i]] = 1;
    for(i=0; i<n; i++){
      if( !aPlaced[i] ){
        sqlite3_str_appendf(pList, "%s%s", sqlite3_str_length(pList) ?
                            ", " : "", pHist->aRev[i].zId);
      }
    }
    sqlite3_free(aPlaced);
    zList = sqlite3_str_finish(pList);
    zShow = zList;
    if( ORM_OOM(zShow==0) ) zShow = "?";
    ormErrSet(pErr, SQLITE_ERROR,
        "the parents of revisions %s form a cycle; correct their parent"
        " column in _orm_revision", zShow);
    sqlite3_free(zList);
    goto cleanup;
  }
  /* Already in that order (as a history recorded in order is): the index
  ** built above stands. */
  for(i=0; i<n && aOrder[i]==i; i++){}
  if( i==n ) goto cleanup;
  for(i=0; i<n; i++) aOut[i] = pHist->aRev[aOrder[i]];
  sqlite3_free(pHist->aRev);
  pHist->aRev = aOut;
  aOut = 0;
  ormStoreIndex(pErr, pHist);
cleanup:
  sqlite3_free(aOut);
  sqlite3_free(aOrder);
}

/*
** Set bApplied for the current revision (pHist->zCurrent) and its
** ancestors, clear it for the others.
*/
void ormStoreMarkApplied(OrmErr *pErr, OrmHistory *pHist){
  unsigned char *aMark;
  int i;
  if( pErr->rc ) return;
  aMark = ormMalloc(pErr, pHist->nRev+1);
  if( aMark==0 ) return;
  ormGraphMark(pErr, &pHist->graph, ormGraphFind(&pHist->graph, pHist->zCurrent), aMark);
  for(i=0; i<pHist->nRev; i++) pHist->aRev[i].bApplied = aMark[i];
  sqlite3_free(aMark);
}

/*
** Load every revision, base first, and mark the applied ones.  An empty
** history (no bookkeeping tables) is not an error.  Free with
** ormStoreFree() in every case.
*/
/* qsort() comparison of two revisions by seq, then id (loaded without
** error: every id is there). */
static int ormStoreCmpSeq(const void *a, const void *b){
  const OrmRev *pA = (const OrmRev*)a;
  const OrmRev *pB = (const OrmRev*)b;
  if( pA->iSeq!=pB->iSeq ) return pA->iSeq<pB->iSeq ? -1 : 1;
  return strcmp(pA->zId, pB->zId);
}

void ormStoreLoad(OrmErr *pErr, sqlite3 *db, OrmHistory *pHist){
  ormStoreLoadGraph(pErr, db, pHist, 1);
}

/*
** ormStoreLoad(), or with bText==0 the graph only: ids, parents, order and
** which are applied; every other string of each OrmRev is left NULL (a
** call that records one revision needs no more, and reading every
** revision's SQL is what a long history costs).
*/
void ormStoreLoadGraph(OrmErr *pErr, sqlite3 *db, OrmHistory *pHist,
                       int bText){
  sqlite3_stmt *pStmt;
  int n, iMin;
  const char *zMin;
  memset(pHist, 0, sizeof(*pHist));
  if( !ormStoreExists(pErr, db) ) return;
  n = (int)ormQueryInt(pErr, db, "SELECT count(*) FROM main._orm_revision");
  pHist->aRev = ormMalloc(pErr, sizeof(OrmRev)*(n+1));
  /* In seq order (ormStoreCmpSeq() below: seq has no index, and sorting
  ** in SQLite costs more than the whole load). */
  zMin = ormStoreHasMinSqlite(pErr, db) ? "min_sqlite" : "NULL";
  iMin = bText ? 10 : 6;
  pStmt = ormPrepare(pErr, db, bText ?
      "SELECT revision, parent, seq, destructive, message, created_at,"
      " applied_at, up_sql, down_sql, checksum, %s FROM main._orm_revision" :
      "SELECT revision, parent, seq, destructive,"
      " typeof(up_sql)='text', typeof(down_sql)='text', %s"
      " FROM main._orm_revision", zMin);
  while( pHist->aRev && pHist->nRev<n && ormStep(pErr, pStmt) ){
    OrmRev *p = &pHist->aRev[pHist->nRev++];
    memset(p, 0, sizeof(*p));
    if( sqlite3_column_type(pStmt, 0)!=SQLITE_TEXT
     || (sqlite3_column_type(pStmt, 1)!=SQLITE_TEXT
         && sqlite3_column_type(pStmt, 1)!=SQLITE_NULL) ){
      /* A hand-edited row: say which, instead of a false out-of-memory. */
      ormErrSet(pErr, SQLITE_ERROR,
          "_orm_revision has a row whose %s is %s, not text (seq %lld);"
          " correct or delete that row",
          sqlite3_column_type(pStmt, 0)!=SQLITE_TEXT ? "revision" : "parent",
          sqlite3_column_type(pStmt, 0)==SQLITE_NULL ? "NULL" : "of another type",
          sqlite3_column_int64(pStmt, 2));
      pHist->nRev--;
      break;
    }
    p->zId = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 0));
    p->zParent = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 1));
    p->iSeq = sqlite3_column_int64(pStmt, 2);
    p->bDestructive = sqlite3_column_int(pStmt, 3);
    if( ORM_OOM(p->zId==0) ){       /* column 0 is text: out of memory */
      ormErrOom(pErr);
      break;
    }
    if( sqlite3_column_type(pStmt, iMin)!=SQLITE_NULL ){
      const char *zVer = (const char*)sqlite3_column_text(pStmt, iMin);
      if( ORM_OOM(zVer==0) ){       /* not NULL: out of memory */
        ormErrOom(pErr);
        break;
      }
      p->iMinSqlite = ormConfigVersion(zVer);
      if( p->iMinSqlite<=0 ){
        ormErrSet(pErr, SQLITE_ERROR,
            "revision %s has min_sqlite '%s' in _orm_revision, which is not"
            " a version such as 3.53.0; correct that row (or set it to"
            " NULL)", p->zId, zVer);
        break;
      }
    }
    if( bText ? (sqlite3_column_type(pStmt, 7)!=SQLITE_TEXT
                 || sqlite3_column_type(pStmt, 8)!=SQLITE_TEXT)
              : (!sqlite3_column_int(pStmt, 4) || !sqlite3_column_int(pStmt, 5)) ){
      int bUp = bText ? sqlite3_column_type(pStmt, 7)!=SQLITE_TEXT
                      : !sqlite3_column_int(pStmt, 4);
      ormErrSet(pErr, SQLITE_ERROR,
          "revision %s has %s that is not text; correct that row of"
          " _orm_revision (or restore it with orm_import)", p->zId,
          bUp ? "an up_sql" : "a down_sql");
      break;
    }
    if( bText ){
      p->zMessage = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt,4));
      p->zCreated = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt,5));
      p->zApplied = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt,6));
      p->zUp = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 7));
      p->zDown = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 8));
      p->zChecksum = ormStrdup(pErr,
                               (const char*)sqlite3_column_text(pStmt, 9));
    }
  }
  ormFinalize(pErr, pStmt);
  if( pHist->aRev && pErr->rc==SQLITE_OK ){
    /* Rows come in rowid order, which is seq order unless the table was
    ** edited by hand: sort only then. */
    int i;
    for(i=1; i<pHist->nRev; i++){
      if( ormStoreCmpSeq(&pHist->aRev[i-1], &pHist->aRev[i])>0 ) break;
    }
    if( i<pHist->nRev ){
      qsort(pHist->aRev, pHist->nRev, sizeof(OrmRev), ormStoreCmpSeq);
    }
  }
  pHist->zCurrent = ormQueryText(pErr, db,
      "SELECT value FROM main._orm_state WHERE key='current'");
  ormStoreSort(pErr, pHist);
  ormStoreMarkApplied(pErr, pHist);
  ormStoreLoadSquash(pErr, db, pHist, bText);
}

/*
** _orm_squash, one row per orm_squash(): created by the first squash (or
** the import of one), so a database without squashes, and the versions
** of ormext before them, never see it.  The revisions it replaces stay
** in _orm_revision; replaces lists them base first, the target last.
*/
const char ormStoreSquashDdl[] =
      "CREATE TABLE IF NOT EXISTS main._orm_squash("
      "  revision TEXT PRIMARY KEY,"
      "  replaces TEXT NOT NULL,"
      "  message TEXT NOT NULL DEFAULT '',"
      "  created_at TEXT NOT NULL,"
      "  applied_at TEXT,"
      "  up_sql TEXT NOT NULL,"
      "  down_sql TEXT NOT NULL,"
      "  checksum TEXT NOT NULL,"
      "  destructive INTEGER NOT NULL DEFAULT 0);\n";

/* True if _orm_squash exists (reading never creates it). */
int ormStoreSquashExists(OrmErr *pErr, sqlite3 *db){
  return ormStoreTableExists(pErr, db, "_orm_squash");
}

/*
** Find the revisions squash p replaces.  They must be a straight line
** from base: the first without parent, each next one's only parent the
** one before.  Otherwise (a replaced revision deleted by hand, or never
** imported) the squash is left unusable, nRep==0: upgrades then take the
** revisions one by one, as without it.
*/
static void ormStoreSquashResolve(OrmErr *pErr, const OrmHistory *pHist,
                                  OrmSquash *p){
  const char *z = p->zReplaces;
  int n = 1, i;
  for(i=0; z[i]; i++) n += z[i]==',';
  p->aRep = ormMalloc(pErr, sizeof(int)*n);
  if( p->aRep==0 ) return;
  while( *z ){
    const int *aPar;
    int k = 0, iRev, nPar;
    while( z[k] && z[k]!=',' ) k++;
    iRev = ormGraphFindN(&pHist->graph, z, k);
    if( iRev<0 ) break;
    nPar = ormGraphParents(&pHist->graph, iRev, &aPar);
    if( p->nRep==0 ? nPar!=0 : (nPar!=1 || aPar[0]!=p->aRep[p->nRep-1]) ){
      break;
    }
    p->aRep[p->nRep++] = iRev;
    z += k;
    if( *z==',' ) z++;
  }
  if( *z || p->nRep<2 ) p->nRep = 0;
}

/*
** Load the squashes into pHist (after its revisions), their SQL only
** with bText.  Nothing when _orm_squash does not exist.
*/
void ormStoreLoadSquash(OrmErr *pErr, sqlite3 *db, OrmHistory *pHist,
                        int bText){
  sqlite3_stmt *pStmt;
  int n;
  if( pErr->rc || !ormStoreSquashExists(pErr, db) ) return;
  n = (int)ormQueryInt(pErr, db, "SELECT count(*) FROM main._orm_squash");
  if( n==0 ) return;
  pHist->aSquash = ormMalloc(pErr, sizeof(OrmSquash)*n);
  if( ORM_OOM(pHist->aSquash==0) ) return;
  pStmt = ormPrepare(pErr, db,
      "SELECT revision, replaces, rowid, destructive, message, created_at,"
      " applied_at, %s FROM main._orm_squash ORDER BY rowid",
      bText ? "up_sql, down_sql, checksum" : "NULL, NULL, NULL");
  while( pHist->nSquash<n && ormStep(pErr, pStmt) ){
    OrmSquash *p = &pHist->aSquash[pHist->nSquash];
    int i;
    memset(p, 0, sizeof(*p));
    for(i=0; i<2; i++){
      if( sqlite3_column_type(pStmt, i)!=SQLITE_TEXT ){
        ormErrSet(pErr, SQLITE_ERROR,
            "_orm_squash has a row whose %s is not text (rowid %lld);"
            " delete that row", i ? "replaces" : "revision",
            sqlite3_column_int64(pStmt, 2));
      }
    }
    if( pErr->rc ) break;
    pHist->nSquash++;
    p->zId = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 0));
    p->zReplaces = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt,1));
    p->iRowid = sqlite3_column_int64(pStmt, 2);
    p->bDestructive = sqlite3_column_int(pStmt, 3);
    p->zMessage = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 4));
    p->zCreated = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 5));
    p->zApplied = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 6));
    p->zUp = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 7));
    p->zDown = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 8));
    p->zChecksum = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt,9));
    if( ORM_OOM(p->zId==0) || ORM_OOM(p->zReplaces==0) ){
      ormErrOom(pErr);
      break;
    }
    ormStoreSquashResolve(pErr, pHist, p);
  }
  ormFinalize(pErr, pStmt);
}

/* qsort() comparison of two revision ids. */
static int ormStoreCmpId(const void *a, const void *b){
  return strcmp(*(const char*const*)a, *(const char*const*)b);
}

/*
** The head revisions, comma-separated in id order, or NULL with no
** revisions.  Id order, not the clock's: orm_merge() records this list
** as the merge's parents, which its id is made from.
*/
char *ormStoreHeads(OrmErr *pErr, const OrmHistory *pHist){
  sqlite3_str *pOut;
  const char **azHead;
  char *z;
  int i, n = 0;
  if( pErr->rc || pHist->nRev==0 ) return 0;
  azHead = ormMalloc(pErr, sizeof(char*)*pHist->nRev);
  if( ORM_OOM(azHead==0) ) return 0;
  for(i=0; i<pHist->nRev; i++){
    if( ormGraphIsHead(&pHist->graph, i) ) azHead[n++] = pHist->aRev[i].zId;
  }
  qsort(azHead, n, sizeof(char*), ormStoreCmpId);
  pOut = sqlite3_str_new(0);
  for(i=0; i<n; i++){
    sqlite3_str_appendf(pOut, "%s%s", i ? "," : "", azHead[i]);
  }
  sqlite3_free(azHead);
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  z = sqlite3_str_finish(pOut);
  return z;
}

/*
** Index of the single head revision, or -1 when there are no revisions.
** With several heads, record an error naming them and return -2.
*/
int ormStoreHead(OrmErr *pErr, const OrmHistory *pHist, const char *zFunc){
  int i, iHead = -1, nHead = 0;
  for(i=0; i<pHist->nRev; i++){
    if( ormGraphIsHead(&pHist->graph, i) ){
      iHead = i;
      nHead++;
    }
  }
  if( nHead>1 ){
    char *zHeads = ormStoreHeads(pErr, pHist);
    ormErrSet(pErr, SQLITE_ERROR,
        "%s: there are %d heads (%s); run orm_merge() first", zFunc, nHead,
        zHeads);
    sqlite3_free(zHeads);
    return -2;
  }
  return iHead;
}

/* Number of revisions not applied. */
int ormStorePending(const OrmHistory *pHist){
  int i, n = 0;
  for(i=0; i<pHist->nRev; i++) n += !pHist->aRev[i].bApplied;
  return n;
}

/* Is z "+N" or "-N" with N a positive integer?  Return N, else 0. */
static int ormStoreRelative(const char *z, char cSign){
  int n = 0, i;
  if( z[0]!=cSign || z[1]==0 ) return 0;
  for(i=1; z[i]; i++){
    if( z[i]<'0' || z[i]>'9' || n>100000000 ) return 0;
    n = n*10 + (z[i]-'0');
  }
  return n;
}

/*
** Resolve a target: 'head', 'base', a revision id or unique prefix, and
** '+N' (bUp) or '-N' (!bUp) relative to the current revision.  Returns
** the revision's index, -1 for base, or -2 with an error recorded.
*/
int ormStoreResolve(OrmErr *pErr, const OrmHistory *pHist, const char *zFunc,
                    const char *zTarget, int bUp){
  int iCur, nRel, i, iMatch = -2, nMatch = 0;
  size_t nTarget;
  if( pErr->rc ) return -2;
  if( ORM_OOM(zTarget==0) ){
    /* Every caller passes a target but orm_migrations' INSERT, whose
    ** parent (not NULL) has no text only when out of memory. */
    ormErrOom(pErr);
    return -2;
  }
  iCur = ormGraphFind(&pHist->graph, pHist->zCurrent);
  nTarget = strlen(zTarget);
  if( sqlite3_stricmp(zTarget, "head")==0 ){
    return ormStoreHead(pErr, pHist, zFunc);
  }
  if( sqlite3_stricmp(zTarget, "base")==0 ) return -1;
  if( (nRel = ormStoreRelative(zTarget, bUp ? '+' : '-'))>0 ){
    if( bUp ){
      /* The Nth pending revision on the way to head.  With one head,
      ** every revision is on that way: following children from any
      ** revision ends at one without a child, which is the head. */
      int iHead = ormStoreHead(pErr, pHist, zFunc);
      int nSeen = 0;
      if( iHead<-1 ) return -2;
      for(i=0; i<pHist->nRev; i++){
        if( !pHist->aRev[i].bApplied && ++nSeen==nRel ) break;
      }
      if( nSeen==nRel ) return i;
      ormErrSet(pErr, SQLITE_ERROR,
          "%s: cannot move %s: only %d revision%s pending", zFunc, zTarget,
          nSeen, nSeen==1 ? " is" : "s are");
      return -2;
    }else{
      /* Follow first parents back N steps. */
      int iAt = iCur, nStep;
      for(nStep=0; nStep<nRel && iAt>=0; nStep++){
        const int *aPar;
        iAt = ormGraphParents(&pHist->graph, iAt, &aPar)>0 ? aPar[0] : -1;
      }
      if( nStep==nRel ) return iAt;
      ormErrSet(pErr, SQLITE_ERROR,
          "%s: cannot move %s: only %d revision%s applied", zFunc, zTarget,
          nStep, nStep==1 ? " is" : "s are");
      return -2;
    }
  }
  iMatch = ormStorePrefix(pHist, zTarget, &nMatch);
  if( nMatch==1 ) return iMatch;
  if( nMatch>1 ){
    sqlite3_str *pOut = sqlite3_str_new(0);
    char *zList;
    int n = 0;
    for(i=0; i<pHist->nRev; i++){
      if( sqlite3_strnicmp(pHist->aRev[i].zId, zTarget, (int)nTarget)==0 ){
        sqlite3_str_appendf(pOut, "%s%s", n++ ? ", " : "",
                            pHist->aRev[i].zId);
      }
    }
    zList = sqlite3_str_finish(pOut);
    ormErrSet(pErr, SQLITE_ERROR,
        "%s: revision prefix '%s' is ambiguous: it matches %s", zFunc,
        zTarget, zList);
    sqlite3_free(zList);
    return -2;
  }
  ormErrSet(pErr, SQLITE_ERROR,
      "%s: unknown revision '%s'; give 'head', 'base', %s or a revision id"
      " from orm_migrations", zFunc, zTarget, bUp ? "'+N'" : "'-N'");
  return -2;
}

/*
** The revision whose id is zPrefix, or the one whose id starts with it (any
** case): its index, with *pnMatch 1.  Otherwise -1, with *pnMatch the
** number of ids that start with it (0: none; 2 or more: ambiguous).
*/
int ormStorePrefix(const OrmHistory *pHist, const char *zPrefix,
                   int *pnMatch){
  size_t n = strlen(zPrefix);
  int i, iMatch = -1;
  *pnMatch = 0;
  for(i=0; n>0 && i<pHist->nRev; i++){
    if( sqlite3_strnicmp(pHist->aRev[i].zId, zPrefix, (int)n)==0 ){
      if( strlen(pHist->aRev[i].zId)==n ){
        *pnMatch = 1;
        return i;
      }
      iMatch = i;
      (*pnMatch)++;
    }
  }
  return *pnMatch==1 ? iMatch : -1;
}

/*
** The seq of a revision recorded next into the history pHist loaded (the
** caller holds the write lock since): one more than the largest.  Read
** from the loaded history, since seq has no index to find it by.
*/
sqlite3_int64 ormStoreNextSeq(const OrmHistory *pHist){
  sqlite3_int64 iMax = 0;
  int i;
  for(i=0; i<pHist->nRev; i++){
    if( pHist->aRev[i].iSeq>iMax ) iMax = pHist->aRev[i].iSeq;
  }
  return iMax+1;
}

/*
** Record a new pending revision after zParent (NULL: the first) and return
** its id, which the caller frees.  NULL on error, e.g. when a revision
** with the same content already exists.  It gets seq iSeq (from
** ormStoreNextSeq()), or with iSeq==0 one more than the table's largest.
** Its min_sqlite is what its SQL needs (ormNormMinSqlite()), NULL when
** any SQLite ormext runs on can run it.
*/
char *ormStoreAdd(OrmErr *pErr, sqlite3 *db, const char *zFunc,
                  const char *zParent, const char *zMessage,
                  const char *zUp, const char *zDown, int bDestructive,
                  sqlite3_int64 iSeq){
  char zHash[ORM_ID_SIZE], zCheck[ORM_SUM_SIZE], zMin[ORM_VERSION_TEXT];
  int iMin;
  if( pErr->rc ) return 0;
  ormGraphId(ORM_GRAPH_REVISION, zParent, zMessage, zUp, zDown, zHash);
  ormGraphChecksum(zUp, zDown, zCheck);
  iMin = ormNormMinSqlite(zUp);
  if( ormNormMinSqlite(zDown)>iMin ) iMin = ormNormMinSqlite(zDown);
  ormConfigVersionText(iMin, zMin);
  ormStoreCreate(pErr, db);
  if( ormQueryInt(pErr, db,
        "SELECT count(*) FROM main._orm_revision WHERE revision=%Q", zHash) ){
    ormErrSet(pErr, SQLITE_CONSTRAINT,
        "%s: revision %s already exists with the same content", zFunc, zHash);
    return 0;
  }
  ormExecf(pErr, db,
      "INSERT INTO main._orm_revision(revision, parent, message, created_at,"
      " up_sql, down_sql, checksum, destructive, seq, min_sqlite)"
      " VALUES(%Q, %Q, %Q, " ORM_NOW_FMT ","
      " %Q, %Q, %Q, %d,"
      " coalesce(nullif(%lld, 0), (SELECT coalesce(max(seq), 0)+1"
      " FROM main._orm_revision)), %Q)",
      zHash, zParent, zMessage, zUp, zDown, zCheck, bDestructive,
      iSeq>0 ? iSeq : (sqlite3_int64)0, iMin ? zMin : (const char*)0);
  return ormStrdup(pErr, zHash);
}

/* orm_current(): the current revision id, or NULL at base. */
void ormStoreCurrentFunc(sqlite3_context *pCtx, int nArg,
                           sqlite3_value **apArg){
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  char *zCur = ormStoreCurrent(&err, p->db);
  (void)nArg; (void)apArg;
  ormErrResultText(&err, pCtx, "orm_current", zCur);
}

/* orm_heads(): the head revisions, comma-separated, NULL with none. */
void ormStoreHeadsFunc(sqlite3_context *pCtx, int nArg,
                         sqlite3_value **apArg){
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  OrmHistory hist;
  char *zHeads;
  (void)nArg; (void)apArg;
  ormStoreLoad(&err, p->db, &hist);
  zHeads = ormStoreHeads(&err, &hist);
  ormStoreFree(&hist);
  ormErrResultText(&err, pCtx, "orm_heads", zHeads);
}

/*
** orm_merge([message]): record an empty revision whose parents are all
** current heads.  Returns its id.
*/
void ormStoreMergeFunc(sqlite3_context *pCtx, int nArg,
                       sqlite3_value **apArg){
  if( ormGuardDirect(pCtx, "orm_merge") ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  OrmHistory hist;
  OrmTxn txn;
  const char *zMessage = "merge";
  char *zHeads = 0, *zId = 0;
  if( nArg==1 && sqlite3_value_type(apArg[0])!=SQLITE_NULL ){
    zMessage = ormArgText(&err, "orm_merge", apArg, 0, "a message");
  }
  ormTxnBegin(&err, &txn, p, "orm_merge");
  ormStoreLoad(&err, p->db, &hist);
  zHeads = ormStoreHeads(&err, &hist);
  if( err.rc==SQLITE_OK && (zHeads==0 || strchr(zHeads, ',')==0) ){
    ormErrSet(&err, SQLITE_ERROR,
        "orm_merge: there is %s head; nothing to merge",
        zHeads ? "only one" : "no");
  }
  zId = ormStoreAdd(&err, p->db, "orm_merge", zHeads, zMessage, "", "", 0,
                    ormStoreNextSeq(&hist));
  ormTxnEnd(&err, &txn);
  sqlite3_free(zHeads);
  ormStoreFree(&hist);
  ormErrResultText(&err, pCtx, "orm_merge", zId);
}
