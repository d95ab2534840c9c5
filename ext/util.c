/*
** util.c - sticky errors, allocation, statement and string-list helpers.
**
** Every helper that takes an OrmErr does nothing once an error has been
** recorded, so callers stay straight-line and the first cause wins:
**
**   OrmErr err = {0, 0};
**   sqlite3_stmt *p = ormPrepare(&err, db, "SELECT name FROM %Q", zTab);
**   while( ormStep(&err, p) ){ ... }
**   ormFinalize(&err, p);
**   ormErrResult(&err, ctx, "orm_thing");
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
** Record an error (rc and a formatted message) unless one is recorded
** already.  On OOM while formatting, the error becomes SQLITE_NOMEM.
*/
void ormErrSet(OrmErr *pErr, int rc, const char *zFmt, ...){
  va_list ap;
  if( pErr->rc ) return;
  pErr->rc = rc;
  va_start(ap, zFmt);
  pErr->zMsg = sqlite3_vmprintf(zFmt, ap);
  va_end(ap);
  if( pErr->zMsg==0 ) pErr->rc = SQLITE_NOMEM;
}

void ormErrOom(OrmErr *pErr){
  if( pErr->rc ) return;
  pErr->rc = SQLITE_NOMEM;
}

/* Forget the recorded error and free its message. */
void ormErrClear(OrmErr *pErr){
  sqlite3_free(pErr->zMsg);
  pErr->zMsg = 0;
  pErr->rc = SQLITE_OK;
}

/* Record the last error of db, unless an error is recorded already
** (ormErrSet()).  Every caller is util.c's, right after an SQLite call on
** db failed: sqlite3_prepare_v2(), sqlite3_step() (v2: its own code) or
** sqlite3_finalize() leaves its error code as db's, never OK, ROW or
** DONE (ormTxnBegin() reports its own SQL's want of memory itself). */
void ormErrDb(OrmErr *pErr, sqlite3 *db){
  int rc = sqlite3_errcode(db);
  if( ORM_NEVER(rc==SQLITE_OK || rc==SQLITE_ROW || rc==SQLITE_DONE) ){
    rc = SQLITE_ERROR;
  }
  ormErrSet(pErr, rc, "%s", sqlite3_errmsg(db));
}

/*
** Report the recorded error, if any, as the result of an SQL function.
** The message is prefixed with "zFunc: " unless it already starts with it.
** The error is cleared.
*/
/*
** The message of error *pErr as zFunc (a function or virtual table name)
** reports it: prefixed with "zFunc: " unless it starts so already.  Code
** shared by several functions writes its messages without a prefix.  The
** caller frees it; NULL on OOM.
*/
char *ormErrMessage(const OrmErr *pErr, const char *zFunc){
  size_t n = strlen(zFunc);
  const char *zMsg = pErr->zMsg ? pErr->zMsg : sqlite3_errstr(pErr->rc);
  const char *zHint = "";
  if( (pErr->rc & 0xff)==SQLITE_BUSY && strstr(zMsg, "busy_timeout")==0 ){
    /* Bare "database is locked" says neither who nor what to do. */
    zHint = pErr->rc==SQLITE_BUSY_SNAPSHOT
      ? " (another connection wrote since this transaction began to read:"
        " ROLLBACK and retry)"
      : " (another connection holds the lock: retry later, or set a"
        " longer busy timeout, e.g. PRAGMA busy_timeout=5000)";
  }
  if( strncmp(zMsg, zFunc, n)==0 && zMsg[n]==':' ){
    return sqlite3_mprintf("%s%s", zMsg, zHint);
  }
  return sqlite3_mprintf("%s: %s%s", zFunc, zMsg, zHint);
}

void ormErrResult(OrmErr *pErr, sqlite3_context *pCtx, const char *zFunc){
  if( pErr->rc==SQLITE_OK ) return;
  if( pErr->rc==SQLITE_NOMEM && pErr->zMsg==0 ){
    sqlite3_result_error_nomem(pCtx);
  }else{
    char *z = ormErrMessage(pErr, zFunc);
    if( ORM_OOM(z==0) ){
      sqlite3_result_error_nomem(pCtx);
    }else{
      sqlite3_result_error(pCtx, z, -1);
      sqlite3_free(z);
    }
    /* Keep the codes a caller may act on (retry when busy, say); every
    ** other failure is a plain SQLITE_ERROR with its message. */
    switch( pErr->rc & 0xff ){
      case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_FULL:
      case SQLITE_IOERR: case SQLITE_CORRUPT: case SQLITE_READONLY:
      case SQLITE_NOMEM:
        sqlite3_result_error_code(pCtx, pErr->rc & 0xff);
        break;
    }
  }
  ormErrClear(pErr);
}

/*
** End a call whose result is text or NULL: with no error in pErr, zRet
** (NULL: SQL NULL, the result of a call that sets none) becomes the
** result; else the error does (ormErrResult()).  zRet is taken over.
*/
void ormErrResultText(OrmErr *pErr, sqlite3_context *pCtx, const char *zFunc,
                      char *zRet){
  if( pErr->rc==SQLITE_OK && zRet ){
    sqlite3_result_text(pCtx, zRet, -1, sqlite3_free);
  }else{
    sqlite3_free(zRet);
    ormErrResult(pErr, pCtx, zFunc);
  }
}

/* sqlite3_mprintf() that records OOM.  Returns NULL once pErr is set. */
char *ormMprintf(OrmErr *pErr, const char *zFmt, ...){
  va_list ap;
  char *z;
  if( pErr->rc ) return 0;
  va_start(ap, zFmt);
  z = sqlite3_vmprintf(zFmt, ap);
  va_end(ap);
  if( z==0 ) ormErrOom(pErr);
  return z;
}

/* A copy of z (NULL for NULL), from sqlite3_malloc64(). */
char *ormStrdup(OrmErr *pErr, const char *z){
  size_t n;
  char *zCopy;
  if( z==0 || pErr->rc ) return 0;
  n = strlen(z);
  zCopy = sqlite3_malloc64(n+1);
  if( zCopy==0 ){
    ormErrOom(pErr);
    return 0;
  }
  memcpy(zCopy, z, n+1);
  return zCopy;
}

/* Zeroed allocation; NULL (and OOM recorded) on failure. */
void *ormMalloc(OrmErr *pErr, sqlite3_int64 nByte){
  void *p;
  if( pErr->rc ) return 0;
  p = sqlite3_malloc64(nByte);
  if( p==0 ){
    ormErrOom(pErr);
  }else{
    memset(p, 0, nByte);
  }
  return p;
}

/*
** The growable array aOld, of *pnAlloc slots of szElem bytes with n in
** use, with room for one more: aOld itself while a slot is free, else a
** reallocation to twice the size (nFirst slots the first time) and
** *pnAlloc updated.  NULL on OOM, recorded: aOld is then unchanged and
** still the caller's.  The new slots are not zeroed.
**
**   OrmX *aNew = ormGrow(pErr, p->aX, p->nX, &p->nXAlloc, 16, sizeof(OrmX));
**   if( aNew==0 ) return;
**   p->aX = aNew;
**   memset(&p->aX[p->nX], 0, sizeof(OrmX));
*/
void *ormGrow(OrmErr *pErr, void *aOld, int n, int *pnAlloc, int nFirst,
              size_t szElem){
  int nNew;
  void *aNew;
  if( n<*pnAlloc ) return aOld;
  nNew = *pnAlloc ? *pnAlloc*2 : nFirst;
  aNew = sqlite3_realloc64(aOld, (sqlite3_uint64)nNew*szElem);
  if( aNew==0 ){
    ormErrOom(pErr);
    return 0;
  }
  *pnAlloc = nNew;
  return aNew;
}

/* Run zSql on db (NULL: nothing to run, as sqlite3_exec() takes it). */
void ormExec(OrmErr *pErr, sqlite3 *db, const char *zSql){
  char *zErr = 0;
  int rc;
  if( pErr->rc ) return;
  rc = sqlite3_exec(db, zSql, 0, 0, &zErr);
  if( rc!=SQLITE_OK ){
    ormErrSet(pErr, rc, "%s", zErr ? zErr : sqlite3_errstr(rc));
  }
  sqlite3_free(zErr);
}

void ormExecf(OrmErr *pErr, sqlite3 *db, const char *zFmt, ...){
  va_list ap;
  char *zSql;
  if( pErr->rc ) return;
  va_start(ap, zFmt);
  zSql = sqlite3_vmprintf(zFmt, ap);
  va_end(ap);
  if( zSql==0 ){
    ormErrOom(pErr);
    return;
  }
  ormExec(pErr, db, zSql);
  sqlite3_free(zSql);
}

/* Prepare a formatted statement; NULL once pErr is set or on error. */
sqlite3_stmt *ormPrepare(OrmErr *pErr, sqlite3 *db, const char *zFmt, ...){
  va_list ap;
  char *zSql;
  sqlite3_stmt *pStmt = 0;
  int rc;
  if( pErr->rc ) return 0;
  va_start(ap, zFmt);
  zSql = sqlite3_vmprintf(zFmt, ap);
  va_end(ap);
  if( zSql==0 ){
    ormErrOom(pErr);
    return 0;
  }
  rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0);
  sqlite3_free(zSql);
  if( rc!=SQLITE_OK ){
    ormErrDb(pErr, db);
    sqlite3_finalize(pStmt);
    return 0;
  }
  return pStmt;
}

int ormStep(OrmErr *pErr, sqlite3_stmt *pStmt){
  int rc;
  if( pErr->rc || pStmt==0 ) return 0;
  rc = sqlite3_step(pStmt);
  if( rc==SQLITE_ROW ) return 1;
  if( rc!=SQLITE_DONE ){
    ormErrDb(pErr, sqlite3_db_handle(pStmt));
  }
  return 0;
}

/* Finalize pStmt (NULL is fine), recording a deferred error. */
void ormFinalize(OrmErr *pErr, sqlite3_stmt *pStmt){
  if( pStmt==0 ) return;
  if( sqlite3_finalize(pStmt)!=SQLITE_OK && pErr->rc==SQLITE_OK ){
    ormErrDb(pErr, sqlite3_db_handle(pStmt));
  }
}

static sqlite3_stmt *ormPrepareV(OrmErr *pErr, sqlite3 *db,
                                 const char *zFmt, va_list ap){
  char *zSql;
  sqlite3_stmt *pStmt = 0;
  if( pErr->rc ) return 0;
  zSql = sqlite3_vmprintf(zFmt, ap);
  if( zSql==0 ){
    ormErrOom(pErr);
    return 0;
  }
  if( sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0)!=SQLITE_OK ){
    ormErrDb(pErr, db);
  }
  sqlite3_free(zSql);
  return pStmt;
}

char *ormQueryText(OrmErr *pErr, sqlite3 *db, const char *zFmt, ...){
  va_list ap;
  sqlite3_stmt *pStmt;
  char *zRet = 0;
  va_start(ap, zFmt);
  pStmt = ormPrepareV(pErr, db, zFmt, ap);
  va_end(ap);
  if( ormStep(pErr, pStmt) ){
    zRet = ormStrdup(pErr, (const char*)sqlite3_column_text(pStmt, 0));
  }
  ormFinalize(pErr, pStmt);
  return zRet;
}

sqlite3_int64 ormQueryInt(OrmErr *pErr, sqlite3 *db, const char *zFmt, ...){
  va_list ap;
  sqlite3_stmt *pStmt;
  sqlite3_int64 iRet = 0;
  va_start(ap, zFmt);
  pStmt = ormPrepareV(pErr, db, zFmt, ap);
  va_end(ap);
  if( ormStep(pErr, pStmt) ) iRet = sqlite3_column_int64(pStmt, 0);
  ormFinalize(pErr, pStmt);
  return iRet;
}

/*
** Return argument iArg as text, or record an error naming the function
** and what the argument should be when it is NULL, a number or a blob.
*/
const char *ormArgText(OrmErr *pErr, const char *zFunc, sqlite3_value **apArg,
                       int iArg, const char *zWhat){
  int eType;
  if( pErr->rc ) return 0;
  eType = sqlite3_value_type(apArg[iArg]);
  if( eType!=SQLITE_TEXT ){
    const char *zGot = eType==SQLITE_NULL ? "NULL" :
                       eType==SQLITE_BLOB ? "a blob" : "a number";
    ormErrSet(pErr, SQLITE_MISMATCH,
        "%s: argument %d must be %s as text, not %s", zFunc, iArg+1, zWhat,
        zGot);
    return 0;
  }
  {
    /* NULL for a text value only when its conversion ran out of memory. */
    const char *z = (const char*)sqlite3_value_text(apArg[iArg]);
    if( ORM_OOM(z==0) ){
      ormErrOom(pErr);
      return 0;
    }
    if( (int)strlen(z)!=sqlite3_value_bytes(apArg[iArg]) ){
      ormErrSet(pErr, SQLITE_MISMATCH,
          "%s: argument %d contains a NUL character; pass %s without it",
          zFunc, iArg+1, zWhat);
      return 0;
    }
    return z;
  }
}

/*
** FNV-1a, the one hash of ormext's hash tables: h advanced by byte c;
** bNoCase: c ASCII-lower-cased first, for names (SQLite names ignore
** case).
*/
#define ORM_FNV_BASIS 2166136261u
static unsigned int ormHashByte(unsigned int h, unsigned char c, int bNoCase){
  if( bNoCase && c>='A' && c<='Z' ) c += 'a' - 'A';
  return (h ^ c) * 16777619u;
}

/* The hash of the n bytes at z. */
unsigned int ormHashN(const char *z, int n, int bNoCase){
  unsigned int h = ORM_FNV_BASIS;
  int i;
  for(i=0; i<n; i++) h = ormHashByte(h, (unsigned char)z[i], bNoCase);
  return h;
}

/* The hash of NUL-terminated string z, read once (no strlen()): the same
** as ormHashN() of its bytes. */
unsigned int ormHash(const char *z, int bNoCase){
  unsigned int h = ORM_FNV_BASIS;
  for(; *z; z++) h = ormHashByte(h, (unsigned char)*z, bNoCase);
  return h;
}

/* ormHash() of a name: case does not matter.  The hottest hash (every
** name looked up), so its own loop, where the case folding is constant. */
unsigned int ormHashName(const char *z){
  unsigned int h = ORM_FNV_BASIS;
  for(; *z; z++) h = ormHashByte(h, (unsigned char)*z, 1);
  return h;
}

/* Put entry i of the list in its hash slot. */
static void ormListHashOne(OrmStrList *p, int i){
  unsigned int h = ormHashName(p->az[i]) & (unsigned int)(p->nHash-1);
  while( p->aHash[h] ) h = (h+1) & (unsigned int)(p->nHash-1);
  p->aHash[h] = i+1;
}

/* Append a copy of z (which may be NULL) to the list. */
void ormListAdd(OrmErr *pErr, OrmStrList *p, const char *z){
  char *zCopy = ormMprintf(pErr, "%s", z ? z : "");
  if( zCopy ) ormListAddOwned(pErr, p, zCopy);
}

/*
** Append z and take ownership of it (it is freed even on error).  The
** hash that makes ormListFind() fast is kept at most half full.
*/
void ormListAddOwned(OrmErr *pErr, OrmStrList *p, char *z){
  if( pErr->rc || z==0 ){
    if( z==0 ) ormErrOom(pErr);
    sqlite3_free(z);
    return;
  }
  if( p->n>=p->nAlloc ){
    int nNew = p->nAlloc ? p->nAlloc*2 : 8;
    char **azNew = sqlite3_realloc64(p->az, nNew*sizeof(char*));
    int *aHash = sqlite3_malloc64(nNew*2*sizeof(int));
    int i;
    if( azNew ) p->az = azNew;
    if( azNew==0 || aHash==0 ){
      sqlite3_free(aHash);
      sqlite3_free(z);
      ormErrOom(pErr);
      return;
    }
    p->nAlloc = nNew;
    sqlite3_free(p->aHash);
    p->aHash = aHash;
    p->nHash = nNew*2;
    memset(aHash, 0, p->nHash*sizeof(int));
    for(i=0; i<p->n; i++) ormListHashOne(p, i);
  }
  p->az[p->n] = z;
  ormListHashOne(p, p->n);
  p->n++;
}

/* Rebuild the hash after the entries were reordered (sorted, say).  Its
** one caller (ormSchemaJoinSorted()) sorts only a list of two or more,
** whose first ormListAddOwned() made the hash. */
void ormListRehash(OrmStrList *p){
  int i;
  if( ORM_NEVER(p->nHash==0) ) return;
  memset(p->aHash, 0, p->nHash*sizeof(int));
  for(i=0; i<p->n; i++) ormListHashOne(p, i);
}

/*
** Index of z in the list, compared case-insensitively, or -1.  z may be
** NULL (the name of an object copied half-way when memory ran out): -1.
*/
int ormListFind(const OrmStrList *p, const char *z){
  unsigned int h;
  if( p->nHash==0 ) return -1;
  if( ORM_OOM(z==0) ) return -1;
  h = ormHashName(z) & (unsigned int)(p->nHash-1);
  while( p->aHash[h] ){
    int i = p->aHash[h]-1;
    if( sqlite3_stricmp(p->az[i], z)==0 ) return i;
    h = (h+1) & (unsigned int)(p->nHash-1);
  }
  return -1;
}

void ormListFree(OrmStrList *p){
  int i;
  for(i=0; i<p->n; i++) sqlite3_free(p->az[i]);
  sqlite3_free(p->az);
  sqlite3_free(p->aHash);
  memset(p, 0, sizeof(*p));
}

/* A text cell (z borrowed), or NULL for a NULL z. */
OrmCell ormCellText(const char *z){
  OrmCell c;
  c.eType = z ? SQLITE_TEXT : SQLITE_NULL;
  c.iVal = 0;
  c.z = z;
  return c;
}

/* An integer cell. */
OrmCell ormCellInt(sqlite3_int64 iVal){
  OrmCell c;
  c.eType = SQLITE_INTEGER;
  c.iVal = iVal;
  c.z = 0;
  return c;
}

/* Column iCol of pStmt's current row as a cell: an integer stays one,
** NULL stays NULL, anything else is its text (borrowed from pStmt until
** its next step). */
OrmCell ormCellColumn(sqlite3_stmt *pStmt, int iCol){
  switch( sqlite3_column_type(pStmt, iCol) ){
    case SQLITE_INTEGER: return ormCellInt(sqlite3_column_int64(pStmt, iCol));
    case SQLITE_NULL:    return ormCellText(0);
    default: return ormCellText((const char*)sqlite3_column_text(pStmt, iCol));
  }
}

/*
** Append one row of nCol cells to a row store.  Each text is copied; the
** store owns every copy.
*/
void ormRowsAdd(OrmErr *pErr, OrmRows *p, const OrmCell *aCell){
  OrmCell *aNew;
  int i;
  if( pErr->rc ) return;
  aNew = ormGrow(pErr, p->aCell, p->nRow, &p->nAlloc, 32,
                 (size_t)p->nCol*sizeof(OrmCell));
  if( ORM_OOM(aNew==0) ) return;
  p->aCell = aNew;
  for(i=0; i<p->nCol; i++){
    OrmCell *pCell = &p->aCell[p->nRow*p->nCol + i];
    *pCell = aCell[i];
    if( pCell->eType==SQLITE_TEXT ){
      pCell->z = ormStrdup(pErr, aCell[i].z);
      if( pCell->z==0 ) pCell->eType = SQLITE_NULL;
    }
  }
  p->nRow++;
}

/* Free every cell; keep nCol. */
void ormRowsReset(OrmRows *p){
  int i;
  for(i=0; i<p->nRow*p->nCol; i++){
    if( p->aCell[i].eType==SQLITE_TEXT ) sqlite3_free((char*)p->aCell[i].z);
  }
  sqlite3_free(p->aCell);
  p->aCell = 0;
  p->nRow = 0;
  p->nAlloc = 0;
}

/* Report cell (iRow, iCol) as an SQL function result. */
void ormRowsResult(const OrmRows *p, int iRow, int iCol,
                   sqlite3_context *pCtx){
  const OrmCell *pCell = &p->aCell[iRow*p->nCol + iCol];
  if( pCell->eType==SQLITE_INTEGER ){
    sqlite3_result_int64(pCtx, pCell->iVal);
  }else if( pCell->eType==SQLITE_TEXT ){
    sqlite3_result_text(pCtx, pCell->z, -1, SQLITE_TRANSIENT);
  }
}

/*
** The stand-in for an application's collation in a private database: it
** orders bytes, as BINARY.  A private database holds no rows, so no
** comparison ever runs: the collation only has to exist.
*/
static int ormStandInCollation(void *pArg, int nA, const void *pA,
                               int nB, const void *pB){
  int n = nA<nB ? nA : nB;
  int c = n>0 ? memcmp(pA, pB, (size_t)n) : 0;
  (void)pArg;
  return c ? c : nA - nB;
}

/*
** sqlite3_collation_needed() callback of a private database: when the
** user's connection (pArg) knows collation zName - a statement that
** compares with it prepares there, which also lets the application's own
** collation_needed callback supply it - a stand-in of that name is made.
** Otherwise the statement fails with SQLite's "no such collation
** sequence", as it would on the user's connection.
*/
static void ormCollationNeeded(void *pArg, sqlite3 *db, int eTextRep,
                               const char *zName){
  sqlite3 *dbUser = (sqlite3*)pArg;
  sqlite3_stmt *pStmt = 0;
  char *zSql = sqlite3_mprintf("SELECT '' < '' COLLATE \"%w\"", zName);
  (void)eTextRep;
  if( ORM_OOM(zSql==0) ) return;
  if( sqlite3_prepare_v2(dbUser, zSql, -1, &pStmt, 0)==SQLITE_OK ){
    sqlite3_create_collation_v2(db, zName, SQLITE_UTF8, 0,
                                ormStandInCollation, 0);
  }
  sqlite3_finalize(pStmt);
  sqlite3_free(zSql);
}

/*
** Let private database db (a declaration check, a scratch copy) accept
** the collations that the user's connection dbUser knows, by stand-ins
** (see ormCollationNeeded()).  dbUser must outlive db.
*/
void ormCollationsFrom(sqlite3 *db, sqlite3 *dbUser){
  sqlite3_collation_needed(db, dbUser, ormCollationNeeded);
}

/*************************************************************************
** The write transaction of an ormext call (OrmTxn, see ormext.h).
**
** The statements that end it are prepared before it begins: ending it
** then needs no memory (after an allocation failure it must still end)
** and no new statement (the end is the same whatever went wrong).
*/

/* Step an ending statement once; SQLITE_OK when it ran to the end. */
static int ormTxnStep(sqlite3_stmt *pStmt){
  int rc = sqlite3_step(pStmt);
  sqlite3_reset(pStmt);
  return rc==SQLITE_DONE ? SQLITE_OK : rc;
}

/*
** Prepare the statements that end p: SQLITE_OK, else both are NULL and
** the result is SQLITE_NOMEM when their SQL could not be made (db's own
** error code then tells nothing) or sqlite3_prepare_v2()'s error, which
** db's error code and message are.
*/
static int ormTxnPrepare(OrmTxn *p, sqlite3_stmt **ppEnd,
                         sqlite3_stmt **ppUndo){
  char *zEnd = p->bOwn ? 0 : sqlite3_mprintf("RELEASE \"%w\"", p->zFunc);
  char *zUndo = p->bOwn ? 0 : sqlite3_mprintf("ROLLBACK TO \"%w\"",
                                              p->zFunc);
  int rc = SQLITE_NOMEM;
  *ppEnd = *ppUndo = 0;
  if( p->bOwn
   || !ORM_OOM(zEnd==0 || zUndo==0) ){
    rc = sqlite3_prepare_v2(p->db, p->bOwn ? "COMMIT" : zEnd, -1, ppEnd, 0);
    if( rc==SQLITE_OK ){
      rc = sqlite3_prepare_v2(p->db, p->bOwn ? "ROLLBACK" : zUndo, -1,
                              ppUndo, 0);
    }
    if( rc!=SQLITE_OK ){
      sqlite3_finalize(*ppEnd);
      sqlite3_finalize(*ppUndo);
      *ppEnd = *ppUndo = 0;
    }
  }
  sqlite3_free(zEnd);
  sqlite3_free(zUndo);
  return rc;
}

/*
** The file change counter of db's main database (bytes 24..27 of its
** file, which every commit in rollback-journal mode advances), read
** through its VFS; -1 when it cannot be read.
*/
static sqlite3_int64 ormTxnCounter(sqlite3 *db){
  sqlite3_file *pFile = 0;
  unsigned char a[4];
  int rc = sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &pFile);
  /* For "main" (db->aDb[0], which always has a b-tree) this file control
  ** is answered by sqlite3_file_control() itself: SQLITE_OK and the
  ** pager's file, which is part of the pager and never NULL.  An unopened
  ** file (an in-memory database) has no methods. */
  if( ORM_NEVER(rc!=SQLITE_OK) || ORM_NEVER(pFile==0) || pFile->pMethods==0 ){
    return -1;
  }
  rc = pFile->pMethods->xRead(pFile, a, 4, 24);
  /* A new database's file is still empty: a short read fills the buffer
  ** with zeros (the xRead contract), and 0 is its counter. */
  if( rc!=SQLITE_OK && rc!=SQLITE_IOERR_SHORT_READ ) return -1;
  return ((sqlite3_int64)a[0]<<24) | (a[1]<<16) | (a[2]<<8) | a[3];
}

/*
** After COMMIT of p failed: did it commit all the same?  A commit passes
** its point of no return (the journal deleted, truncated or zeroed)
** before its last steps, and a sync that fails after that point fails
** the COMMIT of a transaction that is on disk.  A read first rolls back
** a hot journal, if one was left; then the change counter tells: moved
** since the transaction began, the new state is the database's.
*/
static int ormTxnCommitted(OrmTxn *p){
  OrmErr err = {0, 0};
  sqlite3_int64 iNow;
  if( p->iCounter<0 ) return 0;
  ormQueryInt(&err, p->db, "SELECT count(*) FROM main.sqlite_schema");
  if( err.rc ){
    ormErrClear(&err);
    return 0;
  }
  iNow = ormTxnCounter(p->db);
  return iNow>=0 && iNow!=p->iCounter;
}

/*
** The commit hook of a connection that an earlier call left inside its
** transaction (see ormTxnEnd()): that transaction's COMMIT becomes a
** ROLLBACK.  Its rollback, by whatever means, ends the veto.
*/
static int ormTxnVeto(void *pArg){
  OrmCtx *pCtx = (OrmCtx*)pArg;
  int bVeto = pCtx->bStuck;
  pCtx->bStuck = 0;
  return bVeto;
}
static void ormTxnVetoEnd(void *pArg){
  ((OrmCtx*)pArg)->bStuck = 0;
}

/*
** Before a call begins: roll back the transaction an earlier call left
** open, if it still is (its calling statement has ended, so SQLite can
** now), and take ormext's hooks off the connection.
*/
void ormTxnUnstick(OrmCtx *pCtx){
  if( !pCtx->bHooked ) return;
  if( pCtx->bStuck && !sqlite3_get_autocommit(pCtx->db) ){
    sqlite3_exec(pCtx->db, "ROLLBACK", 0, 0, 0);
  }
  if( sqlite3_get_autocommit(pCtx->db) ){
    sqlite3_commit_hook(pCtx->db, 0, 0);
    sqlite3_rollback_hook(pCtx->db, 0, 0);
    pCtx->bHooked = 0;
    pCtx->bStuck = 0;
  }
}

/*
** Begin the write transaction of call zFunc on db: BEGIN IMMEDIATE when
** db is in autocommit mode, else a savepoint named zFunc inside the
** caller's transaction, whose write lock is then taken at once (a
** no-change write) unless it holds it already.  Either way the lock is
** held before the call reads anything, so that what it reads is what it
** writes over.  When the lock cannot be had the error is SQLITE_BUSY and
** nothing is open.  p is ended with ormTxnEnd() in every case.
*/
void ormTxnBegin(OrmErr *pErr, OrmTxn *p, OrmCtx *pCtx, const char *zFunc){
  OrmErr err = {0, 0};
  sqlite3 *db = pCtx->db;
  int rc;
  memset(p, 0, sizeof(*p));
  p->db = db;
  p->pCtx = pCtx;
  p->zFunc = zFunc;
  if( pErr->rc ) return;
  ormTxnUnstick(pCtx);
  p->bOwn = sqlite3_get_autocommit(db);
  rc = ormTxnPrepare(p, &p->pEnd, &p->pUndo);
  if( rc!=SQLITE_OK ){
    if( rc==SQLITE_NOMEM ){
      ormErrOom(pErr);
    }else{
      ormErrDb(pErr, db);
    }
    return;
  }
  if( p->bOwn ){
    ormExec(&err, db, "BEGIN IMMEDIATE");
    p->bOpen = err.rc==SQLITE_OK;
    p->iCounter = p->bOpen ? ormTxnCounter(db) : -1;
  }else{
    ormExecf(pErr, db, "SAVEPOINT \"%w\"", zFunc);
    p->bOpen = pErr->rc==SQLITE_OK;
    if( p->bOpen && sqlite3_txn_state(db, "main")<SQLITE_TXN_WRITE ){
      sqlite3_int64 v = ormQueryInt(&err, db, "PRAGMA main.user_version");
      ormExecf(&err, db, "PRAGMA main.user_version=%lld", v);
    }
  }
  if( err.rc ){
    /* The extended code tells a stale snapshot from a held lock. */
    rc = sqlite3_extended_errcode(db);
    /* They differ only when ormext's own sqlite3_mprintf() of the SQL
    ** failed (SQLITE_NOMEM, which db never saw): sqlite3_exec() and
    ** sqlite3_step() leave their own code as db's. */
    ormErrSet(pErr, ORM_OOM((rc & 0xff)!=(err.rc & 0xff)) ? err.rc : rc, "%s",
              err.zMsg ? err.zMsg : sqlite3_errstr(err.rc));
    ormErrClear(&err);
  }
}

/* Append zMore to the message of the error recorded in *pErr. */
static void ormErrAppend(OrmErr *pErr, const char *zMore){
  char *z = sqlite3_mprintf("%s%s", pErr->zMsg ? pErr->zMsg
                            : sqlite3_errstr(pErr->rc), zMore);
  if( z ){
    sqlite3_free(pErr->zMsg);
    pErr->zMsg = z;
  }
}

/*
** End the transaction p: commit it (COMMIT, or RELEASE of the savepoint)
** when no error is recorded, checking that it did commit; otherwise, or
** when the commit fails, roll it back whole (ROLLBACK, or ROLLBACK TO and
** RELEASE of the savepoint).  Afterwards *pErr is clear exactly when the
** call's work is committed (or is part of the caller's transaction), and
** db is in no transaction that this call opened.
*/
void ormTxnEnd(OrmErr *pErr, OrmTxn *p){
  sqlite3 *db = p->db;
  if( p->bOpen ){
    if( pErr->rc==SQLITE_OK ){
      int rc = ormTxnStep(p->pEnd);
      if( rc!=SQLITE_OK ){
        /* The reason, kept before ormTxnCommitted() runs a query (which
        ** sets the connection's message to "not an error"). */
        char *zWhy = sqlite3_mprintf("%s", sqlite3_errmsg(db));
        if( p->bOwn && sqlite3_get_autocommit(db) && ormTxnCommitted(p) ){
          rc = SQLITE_OK;         /* on disk: the call succeeded */
        }else if( ORM_OOM(zWhy==0) ){
          ormErrSet(pErr, rc, "cannot commit: %s; nothing was changed",
                    sqlite3_errstr(rc));
        }else{
          ormErrSet(pErr, rc, "cannot commit: %s; nothing was changed", zWhy);
        }
        sqlite3_free(zWhy);
      }
    }
    if( pErr->rc && !sqlite3_get_autocommit(db) ){
      int bUndone;
      if( p->bOwn ){
        if( ormTxnStep(p->pUndo)!=SQLITE_OK && !sqlite3_get_autocommit(db) ){
          sqlite3_exec(db, "ROLLBACK", 0, 0, 0);
        }
        bUndone = sqlite3_get_autocommit(db);
      }else{
        bUndone = ormTxnStep(p->pUndo)==SQLITE_OK
               || sqlite3_get_autocommit(db);
        ormTxnStep(p->pEnd);
      }
      if( !bUndone ){
        /* After an allocation failure SQLite's allocator stays failed
        ** until the user's statement that called ormext ends, and an
        ** ending statement expired by a schema change (its re-preparation
        ** failed, see ormTxnRefresh()) cannot run before.  Nothing is
        ** committed, and nothing may be: a COMMIT of this transaction
        ** becomes a ROLLBACK (the connection's commit and rollback hooks
        ** are ormext's until the next call), and the next ormext call
        ** rolls it back first.  The message is lost when the error is
        ** SQLITE_NOMEM (SQLite reports "out of memory"). */
        p->pCtx->bStuck = 1;      /* never NULL: see ormTxnUnstick() */
        p->pCtx->bHooked = 1;
        sqlite3_commit_hook(db, ormTxnVeto, p->pCtx);
        sqlite3_rollback_hook(db, ormTxnVetoEnd, p->pCtx);
        ormErrAppend(pErr, "; its changes could not be rolled back while"
                     " the calling statement runs: nothing is committed,"
                     " and a COMMIT will roll them back; run ROLLBACK");
      }
    }
    if( pErr->rc && !p->bOwn && sqlite3_get_autocommit(db) ){
      /* SQLite rolled back the caller's transaction (as it does after an
      ** I/O error or a full disk, say): the caller must know. */
      ormErrAppend(pErr, "; the enclosing transaction was rolled back");
    }
    p->bOpen = 0;
  }
  sqlite3_finalize(p->pEnd);
  sqlite3_finalize(p->pUndo);
  p->pEnd = p->pUndo = 0;
}

/*
** The first token of zSql that is not a space or a comment, and its
** length in *pn (0 at the end).  Only a word (ORM_TK_WORD) equals a
** keyword by ormNormIsWord(): any other token has a quote, a digit or
** no letter in it.
*/
static const char *ormTxnFirstToken(const char *zSql, int *pn){
  int eType;
  for(;;){
    *pn = ormNormToken(zSql, &eType);
    if( eType!=ORM_TK_SPACE ) return zSql;
    zSql += *pn;
  }
}

/*
** Prepare the ending statements of p again, after statement zSql (one
** statement, as sqlite3_sql() gives it) ran inside it, when zSql can have
** expired every prepared statement of the connection: a schema change
** (CREATE, DROP, ALTER, REINDEX) or a PRAGMA does.  An expired statement
** must be prepared again before it runs, which an allocation failure
** then stops: and after one, the connection's memory allocator stays
** failed until the user's statement that called ormext ends, so the
** ROLLBACK must be ready beforehand.  Reading and changing rows expires
** nothing, and costs nothing here.  When the new statements cannot be
** made, the old ones stay (and the failure shows in what runs next).
*/
void ormTxnRefresh(OrmTxn *p, const char *zSql){
  static const char *azKeep[] = {
    "SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "WITH", "VALUES"
  };
  sqlite3_stmt *pEnd, *pUndo;
  const char *z;
  int n;
  size_t i;
  if( !p->bOpen ) return;
  z = ormTxnFirstToken(zSql, &n);
  for(i=0; i<sizeof(azKeep)/sizeof(azKeep[0]); i++){
    if( ormNormIsWord(z, n, azKeep[i]) ) return;
  }
  if( ormTxnPrepare(p, &pEnd, &pUndo)==SQLITE_OK ){
    sqlite3_finalize(p->pEnd);
    sqlite3_finalize(p->pUndo);
    p->pEnd = pEnd;
    p->pUndo = pUndo;
  }
}

/*
** If statement zSql (one statement, as sqlite3_sql() gives it) ends or
** opens a transaction or a savepoint, or reaches beyond the database -
** BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE, VACUUM, ATTACH or
** DETACH - return that keyword, else NULL.  In SQLite's grammar such a
** statement starts with its keyword (after comments; WITH only leads to
** SELECT, INSERT, UPDATE or DELETE), so the first word decides; EXPLAIN
** runs nothing.
*/
const char *ormTxnControl(const char *zSql){
  static const char *azWord[] = {
    "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "VACUUM",
    "ATTACH", "DETACH"
  };
  int n;
  const char *z = ormTxnFirstToken(zSql, &n);
  size_t i;
  for(i=0; i<sizeof(azWord)/sizeof(azWord[0]); i++){
    if( ormNormIsWord(z, n, azWord[i]) ) return azWord[i];
  }
  return 0;
}

/*
** The first statement of script zScript that ormTxnControl() names, or
** NULL: *piStmt is then its number (from 1) and *pzStmt its start.
** Statements are told apart as SQLite does (OrmStmtIter), so that the END
** of a CREATE TRIGGER is not taken for a statement.
*/
const char *ormTxnControlIn(const char *zScript, int *piStmt,
                            const char **pzStmt){
  OrmStmtIter it;
  int iStmt = 0;
  ormNormStmtInit(&it, zScript);
  while( ormNormStmtNext(&it) ){
    const char *zWord = ormTxnControl(it.zStmt);
    if( it.nStmt>0 && it.zStmt[0]!=';' ) iStmt++;
    if( zWord ){
      *piStmt = iStmt;
      *pzStmt = it.zStmt;
      return zWord;
    }
  }
  return 0;
}
