/*
** files.c - orm_export(dir) and orm_import(dir): revisions as plain-SQL
** files, one per revision, that a team keeps in version control.
**
**   SELECT orm_export('migrations');   -- 2: files written or up to date
**   SELECT orm_import('migrations');   -- 0: every revision is known
**
** The file formats are migfile.c's, the directory and atomic-write I/O
** fileio.c's.  This file holds the two functions: orm_export() prints
** each revision and writes the files as one batch; orm_import() reads the
** directory, orders the revisions parents first, compares them with the
** database and records the new ones.
**
** Everything is checked before anything is written, and the writes run in
** a savepoint: a failed import changes nothing.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/*
** _orm_managed's names with the revision that first declared each, sorted
** by revision then name: orm_export writes them into that revision's
** file, so that a database importing the files manages the same names.
*/
typedef struct OrmFilesManaged OrmFilesManaged;
struct OrmFilesManaged {
  OrmStrList revs;                /* Revision ids, sorted; owned */
  OrmStrList names;               /* names.az[i] is revs.az[i]'s; owned */
};

static void ormFilesManagedLoad(OrmErr *pErr, sqlite3 *db,
                                OrmFilesManaged *pMan){
  sqlite3_stmt *pStmt;
  /* A database from before the column has no revision to give a name. */
  if( !ormStoreHasColumn(pErr, db, "_orm_managed", "revision") ) return;
  pStmt = ormPrepare(pErr, db,
      "SELECT revision, name FROM main._orm_managed"
      " WHERE revision IS NOT NULL ORDER BY revision, name");
  while( ormStep(pErr, pStmt) ){
    ormListAdd(pErr, &pMan->revs, (const char*)sqlite3_column_text(pStmt, 0));
    ormListAdd(pErr, &pMan->names,
               (const char*)sqlite3_column_text(pStmt, 1));
  }
  ormFinalize(pErr, pStmt);
}

/* The names of pMan for revision zId: *pn of them from the result. */
static char *const *ormFilesManagedOf(const OrmFilesManaged *pMan,
                                      const char *zId, int *pn){
  int lo = 0, hi = pMan->revs.n, i;
  while( lo<hi ){
    int mid = lo + (hi-lo)/2;
    if( strcmp(pMan->revs.az[mid], zId)<0 ) lo = mid+1;
    else hi = mid;
  }
  for(i=lo; i<pMan->revs.n && strcmp(pMan->revs.az[i], zId)==0; i++){}
  *pn = i-lo;
  return pMan->names.az ? &pMan->names.az[lo] : 0;
}

/*
** orm_export(dir): write one file per revision into dir, which must be an
** existing directory.  Returns the number of revision files, written or
** found up to date.  Only reads the database.  On error no file is
** changed (see OrmFileioBatch), unless a rename fails part way: the files
** renamed before it are complete.
*/
void ormFilesExportFunc(sqlite3_context *pCtx, int nArg,
                        sqlite3_value **apArg){
  if( ormGuardDirect(pCtx, "orm_export") ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  OrmHistory hist;
  const char *zDir;
  struct stat st;
  OrmFileioBatch batch;
  OrmFilesManaged man;
  int i, nFile = 0;
  (void)nArg;
  memset(&hist, 0, sizeof(hist));
  memset(&man, 0, sizeof(man));
  memset(&batch, 0, sizeof(batch));
  zDir = ormFileioDirArg(&err, "orm_export", apArg);
  batch.zDir = zDir;
  if( zDir && stat(zDir, &st)!=0 ){
    ormErrSet(&err, SQLITE_ERROR,
        "orm_export: cannot write to directory '%s': %s; create it first",
        zDir, strerror(errno));
  }else if( zDir && !S_ISDIR(st.st_mode) ){
    ormErrSet(&err, SQLITE_ERROR,
        "orm_export: cannot write to directory '%s': %s; give a directory",
        zDir, strerror(ENOTDIR));
  }
  ormStoreLoad(&err, p->db, &hist);
  ormFilesManagedLoad(&err, p->db, &man);
  for(i=0; i<hist.nRev && err.rc==SQLITE_OK; i++){
    const OrmRev *pRev = &hist.aRev[i];
    char zSlug[41];
    char *zText, *zName;
    char *const *azManages;
    int nManages;
    /* The id becomes part of a path: it must be plain hex, never a '/'
    ** or '..'.  The slug is letters, digits and '_' by construction. */
    if( !ormMigfileIsHex(pRev->zId, ORM_ID_LEN) ){
      ormErrSet(&err, SQLITE_ERROR,
          "orm_export: revision id '%s' is not 12 hex digits; the history"
          " was edited by hand", pRev->zId);
      break;
    }
    ormMigfileSlug(pRev->zMessage ? pRev->zMessage : "", zSlug);
    azManages = ormFilesManagedOf(&man, pRev->zId, &nManages);
    zText = ormMigfileText(&err, pRev, azManages, nManages);
    zName = ormMprintf(&err, "%s_%s.sql", pRev->zId, zSlug);
    /* zText and zName are NULL only with an error recorded, when
    ** ormFileioWrite() does nothing. */
    ormFileioWrite(&err, &batch, zName, zText);
    sqlite3_free(zName);
    sqlite3_free(zText);
    nFile++;
  }
  for(i=0; i<hist.nSquash && err.rc==SQLITE_OK; i++){
    const OrmSquash *q = &hist.aSquash[i];
    char zSlug[41];
    char *zText, *zName;
    if( !ormMigfileIsHex(q->zId, ORM_ID_LEN) ){
      ormErrSet(&err, SQLITE_ERROR,
          "orm_export: squash id '%s' is not 12 hex digits; the history"
          " was edited by hand", q->zId);
      break;
    }
    ormMigfileSlug(q->zMessage ? q->zMessage : "", zSlug);
    zText = ormMigfileSquashText(&err, q);
    zName = ormMprintf(&err, "%s_%s.sql", q->zId, zSlug);
    ormFileioWrite(&err, &batch, zName, zText);
    sqlite3_free(zName);
    sqlite3_free(zText);
    nFile++;
  }
  ormFileioCommit(&err, &batch);
  ormListFree(&man.revs);
  ormListFree(&man.names);
  ormStoreFree(&hist);
  if( err.rc==SQLITE_OK ) sqlite3_result_int(pCtx, nFile);
  ormErrResult(&err, pCtx, "orm_export");
}

/*************************************************************************
** orm_import: checking and recording.
*/

/*
** Record an error when two files hold the same revision (the first two
** in file name order that do).
*/
static void ormFilesIndex(OrmErr *pErr, const OrmFileSet *pSet){
  OrmGraph g;
  int i;
  memset(&g, 0, sizeof(g));
  if( pErr->rc || pSet->n==0 ) return;
  ormGraphInit(pErr, &g, pSet->n);
  for(i=0; i<g.n; i++) g.azId[i] = pSet->a[i].zId;
  ormGraphLink(pErr, &g, 0, 0);         /* no parents: the ids only */
  for(i=0; i<g.n && pErr->rc==SQLITE_OK; i++){
    int iFirst = ormGraphFind(&g, g.azId[i]);
    if( iFirst!=i ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: files '%s' and '%s' both hold revision %s; remove"
          " one of them", pSet->a[iFirst].zPath, pSet->a[i].zPath,
          pSet->a[i].zId);
    }
  }
  ormGraphFree(&g);
}

/* What ormFilesMissing() needs to know. */
typedef struct OrmFilesCtx OrmFilesCtx;
struct OrmFilesCtx {
  const OrmFileSet *pSet;         /* The files' revisions; borrowed */
  const OrmHistory *pHist;        /* The database's; borrowed */
  const char *zDir;               /* The directory, for messages; borrowed */
};

/*
** A parent that no file holds: fine when the database knows it (the link
** is left out), else an error.
*/
static void ormFilesMissing(OrmErr *pErr, void *pArg, int iRev,
                            const char *z, int n){
  const OrmFilesCtx *p = (const OrmFilesCtx*)pArg;
  if( ormGraphFindN(&p->pHist->graph, z, n)>=0 ) return;
  ormErrSet(pErr, SQLITE_ERROR,
      "orm_import: file '%s': parent %.*s is not a known revision and no"
      " file in '%s' holds it; add the file of that revision",
      p->pSet->a[iRev].zPath, n, z, p->zDir);
}

/*
** Order the file revisions parents first into pSet->aOrder, in the
** graph's order (graph.c: of two ready, the smaller id first, as in the
** store, so that the history keeps its order across export and import).
** A revision the database knows needs no parents; a parent of another
** that neither the database nor a file holds is an error, and so are
** parents that form a cycle.  Called only with files (pSet->n>0).
*/
static void ormFilesOrder(OrmErr *pErr, const char *zDir, OrmFileSet *pSet,
                          const OrmHistory *pHist){
  OrmGraph g;
  OrmFilesCtx ctx;
  int *aPath = 0;
  int i, nOrder;
  memset(&g, 0, sizeof(g));
  if( pErr->rc ) return;
  ctx.pSet = pSet;
  ctx.pHist = pHist;
  ctx.zDir = zDir;
  ormGraphInit(pErr, &g, pSet->n);
  pSet->aOrder = ormMalloc(pErr, sizeof(int)*(pSet->n+1));
  if( pErr->rc ) goto order_out;
  for(i=0; i<g.n; i++){
    g.azId[i] = pSet->a[i].zId;
    if( ormGraphFind(&pHist->graph, pSet->a[i].zId)<0 ){
      g.azParent[i] = pSet->a[i].zParent;
    }
  }
  ormGraphLink(pErr, &g, ormFilesMissing, &ctx);
  nOrder = ormGraphOrder(pErr, &g, pSet->aOrder);
  if( pErr->rc==SQLITE_OK && nOrder<g.n ){
    sqlite3_str *pOut;
    char *zList;
    const char *zShow;
    int nPath;
    aPath = ormMalloc(pErr, sizeof(int)*(g.n+1));
    if( ORM_OOM(aPath==0) ) goto order_out;
    /* There is a cycle: ormGraphCycle() gives 0 only out of memory. */
    nPath = ormGraphCycle(pErr, &g, pSet->aOrder, nOrder, aPath);
    if( ORM_OOM(nPath==0) ) goto order_out;
    pOut = sqlite3_str_new(0);
    for(i=0; i<nPath; i++){
      const OrmFileRev *r = &pSet->a[aPath[i]];
      sqlite3_str_appendf(pOut, "%s ('%s') -> ", r->zId, r->zPath);
    }
    sqlite3_str_appendall(pOut, pSet->a[aPath[0]].zId);
    zList = sqlite3_str_finish(pOut);
    zShow = zList;
    if( ORM_OOM(zShow==0) ) zShow = "?";
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_import: the parents of these revisions form a cycle: %s;"
        " fix their '-- parent:' lines", zShow);
    sqlite3_free(zList);
  }

order_out:
  sqlite3_free(aPath);
  ormGraphFree(&g);
}

/* Equal, with NULL equal to ""? */
static int ormFilesEq(const char *zA, const char *zB){
  return strcmp(zA ? zA : "", zB ? zB : "")==0;
}

/*
** Decide what to do with each file revision, or record the first error:
** a file of ormext's format must agree with its header (checksum, then
** id); a file must not contradict a revision that is applied.
*/
static void ormFilesCompare(OrmErr *pErr, OrmFileSet *pSet,
                            const OrmHistory *pHist){
  int i;
  for(i=0; i<pSet->n && pErr->rc==SQLITE_OK; i++){
    OrmFileRev *r = &pSet->a[i];
    int iRow = ormGraphFind(&pHist->graph, r->zId);
    const OrmRev *pRow = iRow>=0 ? &pHist->aRev[iRow] : 0;
    char zSum[ORM_SUM_SIZE], zId[ORM_ID_SIZE];
    int bSum, bId, bSame;
    ormGraphChecksum(r->zUp, r->zDown, zSum);
    ormGraphId(ORM_GRAPH_REVISION, r->zParent, r->zMessage, r->zUp, r->zDown,
               zId);
    bSum = r->zChecksum==0 || strcmp(zSum, r->zChecksum)==0;
    bId = strcmp(zId, r->zId)==0;
    bSame = pRow && ormFilesEq(pRow->zParent, r->zParent)
         && ormFilesEq(pRow->zMessage, r->zMessage)
         && ormFilesEq(pRow->zUp, r->zUp) && ormFilesEq(pRow->zDown, r->zDown);
    if( pRow==0 && r->eKind!=ORM_FILE_ORMEXT ){
      /* A file without a header that was edited gives a new id: find the
      ** revision recorded from it by its parent and message. */
      int j;
      for(j=0; j<pHist->nRev; j++){
        const OrmRev *pOld = &pHist->aRev[j];
        if( ormFilesEq(pOld->zParent, r->zParent)
         && ormFilesEq(pOld->zMessage, r->zMessage) ) break;
      }
      if( j<pHist->nRev && pHist->aRev[j].bApplied ){
        ormErrSet(pErr, SQLITE_ERROR,
            "orm_import: revision %s in '%s' differs from the applied"
            " revision; revert the file, or orm_downgrade() past %s first",
            pHist->aRev[j].zId, r->zPath, pHist->aRev[j].zId);
      }else if( j<pHist->nRev ){
        ormErrSet(pErr, SQLITE_ERROR,
            "orm_import: file '%s' was edited since pending revision %s was"
            " recorded from it (it now gives %s); delete the old one first:"
            " DELETE FROM orm_migrations WHERE revision='%s'", r->zPath,
            pHist->aRev[j].zId, r->zId, pHist->aRev[j].zId);
      }
      if( j<pHist->nRev ) break;
    }
    if( pRow && !bSame && pRow->bApplied && !(bSum && bId) ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: revision %s in '%s' differs from the applied"
          " revision; revert the file (orm_export() rewrites it), or"
          " orm_downgrade() past %s first", r->zId, r->zPath, r->zId);
    }else if( !bSum ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: file '%s': its up/down SQL does not match its"
          " '-- checksum:' line; the file was tampered with: restore it from"
          " version control, and put changes in a new revision", r->zPath);
    }else if( !bId ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: file '%s': revision header says %s but the content"
          " gives %s; the file was edited: restore it from version control",
          r->zPath, r->zId, zId);
    }else if( bSame ){
      r->eState = ORM_FILE_KNOWN;
    }else if( pRow ){
      /* The file gives exactly its id; the row does not: the row was
      ** changed by hand, and the file restores what was recorded. */
      r->eState = ORM_FILE_RESTORE;
    }else{
      r->eState = ORM_FILE_NEW;
    }
  }
}

/*
** Insert the new revisions, parents first, as pending, and restore the
** changed ones.  Returns how many rows were written.
*/
static int ormFilesRecord(OrmErr *pErr, sqlite3 *db, const OrmFileSet *pSet){
  sqlite3_stmt *pIns = 0, *pUpd = 0;
  sqlite3_int64 iSeq = 0;           /* seq of the last revision inserted */
  int i, nDone = 0;
  for(i=0; i<pSet->n && pErr->rc==SQLITE_OK; i++){
    const OrmFileRev *r = &pSet->a[pSet->aOrder[i]];
    char zSum[ORM_SUM_SIZE];
    sqlite3_stmt *pStmt;
    const char *zStmt = 0;
    int iStmt = 0;
    if( r->eState==ORM_FILE_KNOWN ) continue;
    if( ormTxnControlIn(r->zUp, &iStmt, &zStmt)
     || ormTxnControlIn(r->zDown, &iStmt, &zStmt) ){
      char *zUp = ormMprintf(pErr, "file '%s', up", r->zPath);
      char *zDown = ormMprintf(pErr, "file '%s', down", r->zPath);
      if( !ORM_OOM(zUp==0 || zDown==0) ){
        ormApplyNoControl(pErr, "orm_import", zUp, r->zUp);
        ormApplyNoControl(pErr, "orm_import", zDown, r->zDown);
      }
      sqlite3_free(zUp);
      sqlite3_free(zDown);
      /* ormApplyNoControl() finds the same statement and words the
      ** error (or the names could not be made: out of memory): an error
      ** is always recorded here. */
      if( ORM_ALWAYS(pErr->rc) ) break;
    }
    ormGraphChecksum(r->zUp, r->zDown, zSum);
    if( pIns==0 && pUpd==0 ) ormStoreCreate(pErr, db);
    if( r->eState==ORM_FILE_NEW ){
      if( pIns==0 ){
        pIns = ormPrepare(pErr, db,
            "INSERT INTO main._orm_revision(revision, parent, message,"
            " created_at, up_sql, down_sql, checksum, destructive, seq,"
            " min_sqlite)"
            " VALUES(?1, ?2, ?3,"
            " coalesce(?4, " ORM_NOW_FMT "),"
            " ?5, ?6, ?7, ?8, ?10, ?9)");
        /* seq has no index: read the largest once, not once a row (that
        ** made importing 10,000 revisions quadratic). */
        iSeq = ormQueryInt(pErr, db,
            "SELECT coalesce(max(seq), 0) FROM main._orm_revision");
      }
      pStmt = pIns;
    }else{
      if( pUpd==0 ){
        pUpd = ormPrepare(pErr, db,
            "UPDATE main._orm_revision SET parent=?2, message=?3,"
            " up_sql=?5, down_sql=?6, checksum=?7, min_sqlite=?9"
            " WHERE revision=?1");
      }
      pStmt = pUpd;
    }
    if( pStmt==0 ) break;
    sqlite3_bind_text(pStmt, 1, r->zId, -1, SQLITE_STATIC);
    sqlite3_bind_text(pStmt, 2, r->zParent, -1, SQLITE_STATIC);
    sqlite3_bind_text(pStmt, 3, r->zMessage, -1, SQLITE_STATIC);
    if( pStmt==pIns ){
      sqlite3_bind_text(pStmt, 4, r->zCreated, -1, SQLITE_STATIC);
      /* ormext's header says it; for other files guess as a hand-written
      ** revision does (a rebuild's DROP TABLE would make it look
      ** destructive, which is why the header carries the flag). */
      sqlite3_bind_int(pStmt, 8, r->eKind==ORM_FILE_ORMEXT ?
          r->bDestructive : ormMigrateDestructiveSql(r->zUp));
      sqlite3_bind_int64(pStmt, 10, ++iSeq);
    }
    sqlite3_bind_text(pStmt, 5, r->zUp, -1, SQLITE_STATIC);
    sqlite3_bind_text(pStmt, 6, r->zDown, -1, SQLITE_STATIC);
    sqlite3_bind_text(pStmt, 7, zSum, -1, SQLITE_TRANSIENT);
    {
      /* What the header says, or more if the SQL needs more. */
      OrmRev rev;
      char zVer[ORM_VERSION_TEXT];
      memset(&rev, 0, sizeof(rev));
      rev.iMinSqlite = r->iMinSqlite;
      rev.zUp = r->zUp;
      rev.zDown = r->zDown;
      ormConfigVersionText(ormConfigRevNeeds(&rev, 1, 1), zVer);
      if( zVer[0] ) sqlite3_bind_text(pStmt, 9, zVer, -1, SQLITE_TRANSIENT);
    }
    (void)ormStep(pErr, pStmt);
    sqlite3_reset(pStmt);
    sqlite3_clear_bindings(pStmt);
    {
      int j;
      for(j=0; j<r->manages.n; j++){
        ormStoreManage(pErr, db, r->manages.az[j], r->zId);
      }
    }
    nDone++;
  }
  ormFinalize(pErr, pIns);
  ormFinalize(pErr, pUpd);
  return nDone;
}

/*
** Record the squashes of pSquash (read from squash files) that the
** database does not know, after the revisions: each must agree with its
** id and checksum, and every revision it replaces must be known by now.
** Returns how many were recorded.  ormMigfileLoad() gave every squash an
** id, a checksum and a non-empty replaces list (its header lacks none).
*/
static int ormFilesRecordSquash(OrmErr *pErr, sqlite3 *db,
                                const OrmFileSet *pSquash){
  int i, nDone = 0;
  for(i=0; i<pSquash->n && pErr->rc==SQLITE_OK; i++){
    const OrmFileRev *r = &pSquash->a[i];
    const char *z = r->zParent;
    char zId[ORM_ID_SIZE], zSum[ORM_SUM_SIZE];
    char *zKnown;
    ormGraphChecksum(r->zUp, r->zDown, zSum);
    ormGraphId(ORM_GRAPH_SQUASH, r->zParent, r->zMessage, r->zUp, r->zDown,
               zId);
    if( strcmp(zId, r->zId) || strcmp(zSum, r->zChecksum) ){
      ormErrSet(pErr, SQLITE_ERROR, "orm_import: squash file '%s' was"
          " changed after it was written (its content no longer gives its"
          " id and checksum); revert the file (orm_export() rewrites it)",
          r->zPath);
      break;
    }
    ormApplyNoControl(pErr, "orm_import", r->zPath, r->zUp);
    while( *z && pErr->rc==SQLITE_OK ){
      int n = 0;
      while( z[n] && z[n]!=',' ) n++;
      if( ormStoreExists(pErr, db)==0 || ormQueryInt(pErr, db,
            "SELECT count(*) FROM main._orm_revision WHERE revision=%.*Q",
            n, z)==0 ){
        ormErrSet(pErr, SQLITE_ERROR, "orm_import: squash file '%s'"
            " replaces revision %.*s, which neither the database nor the"
            " directory holds; add that revision's file", r->zPath, n, z);
      }
      z += n;
      if( *z==',' ) z++;
    }
    ormExec(pErr, db, ormStoreSquashDdl);
    zKnown = ormQueryText(pErr, db, "SELECT checksum FROM main._orm_squash"
                          " WHERE revision=%Q", r->zId);
    if( zKnown ){
      if( strcmp(zKnown, zSum) ){
        ormErrSet(pErr, SQLITE_ERROR, "orm_import: squash %s in '%s'"
            " differs from the database's; delete the database's (DELETE"
            " FROM orm_migrations WHERE revision='%s') or revert the file",
            r->zId, r->zPath, r->zId);
      }
      sqlite3_free(zKnown);
      continue;
    }
    ormExecf(pErr, db,
        "INSERT INTO main._orm_squash(revision, replaces, message,"
        " created_at, up_sql, down_sql, checksum, destructive)"
        " VALUES(%Q, %Q, %Q,"
        " coalesce(%Q, " ORM_NOW_FMT "),"
        " %Q, %Q, %Q, %d)", r->zId, r->zParent, r->zMessage, r->zCreated,
        r->zUp, r->zDown, zSum, r->bDestructive);
    if( pErr->rc==SQLITE_OK ) nDone++;
  }
  return nDone;
}

/*
** orm_import(dir): read the revision files of dir and record those the
** database does not know, as pending.  Returns how many revisions were
** recorded (or restored: a row changed by hand after it was recorded gets
** back the content its file and its id agree on).  Idempotent.  Checks
** every file first and writes in a savepoint: on error nothing changes.
*/
void ormFilesImportFunc(sqlite3_context *pCtx, int nArg,
                        sqlite3_value **apArg){
  if( ormGuardDirect(pCtx, "orm_import") ) return;
  OrmCtx *p = (OrmCtx*)sqlite3_user_data(pCtx);
  OrmErr err = {0, 0};
  OrmStrList names = {0, 0, 0, 0, 0};
  OrmFileSet set, squash;
  OrmHistory hist;
  char zRealDir[PATH_MAX];
  const char *zDir;
  int nDone = 0;
  (void)nArg;
  memset(&set, 0, sizeof(set));
  memset(&squash, 0, sizeof(squash));
  memset(&hist, 0, sizeof(hist));
  zDir = ormFileioDirArg(&err, "orm_import", apArg);
  ormFileioList(&err, zDir, &names, zRealDir);
  ormMigfileLoad(&err, zDir, zRealDir, &names, &set, &squash);
  ormFilesIndex(&err, &set);
  if( err.rc==SQLITE_OK && (set.n>0 || squash.n>0) ){
    OrmTxn txn;
    ormTxnBegin(&err, &txn, p, "orm_import");
    ormStoreLoad(&err, p->db, &hist);
    if( set.n>0 ){
      ormFilesOrder(&err, zDir, &set, &hist);
      ormFilesCompare(&err, &set, &hist);
      nDone = ormFilesRecord(&err, p->db, &set);
    }
    nDone += ormFilesRecordSquash(&err, p->db, &squash);
    ormTxnEnd(&err, &txn);
  }
  if( err.rc==SQLITE_OK ) sqlite3_result_int(pCtx, nDone);
  ormStoreFree(&hist);
  ormMigfileSetFree(&squash);
  ormMigfileSetFree(&set);
  ormListFree(&names);
  ormErrResult(&err, pCtx, "orm_import");
}

