/*
** fault.c - fault injection into ormext, the way SQLite tests itself:
** every call is run once per fault point N, with the Nth allocation or the
** Nth file operation failing, for N = 1, 2, ... until a run injects no
** fault (the call then needed fewer than N of them).  After each run:
**
**   - the call either succeeded, with the result of a run without faults,
**     or failed with an error (code and message);
**   - the connection is not left inside a transaction, PRAGMA foreign_keys
**     is back to what it was, sqlite3_close() succeeds and every byte that
**     SQLite allocated is freed again (sqlite3_memory_used() is back to 0);
**   - reopened, the database is exactly the old state when the call
**     failed and exactly the new state when it succeeded (schema and every
**     row, bookkeeping included: a revision recorded with an all-zero
**     checksum differs from the reference), PRAGMA integrity_check is ok,
**     PRAGMA foreign_key_check is empty, orm_check() says what it says in
**     that state, and a later orm_upgrade() completes.
**
**   build/fault [-kind K] [-mode M] [-call C] [-stride S] [-max N] [-v]
**
**   -kind    malloc       the Nth allocation fails, once
**            malloc-persist   the Nth and every later allocation fail
**            write sync truncate filesize   the Nth xWrite, xSync,
**                         xTruncate or xFileSize fails with SQLITE_IOERR_*
**            full         the Nth and every later xWrite answers
**                         SQLITE_FULL (a full disk stays full)
**            export-fsize orm_export with the process's file size limit
**                         (RLIMIT_FSIZE) at N-1 bytes: writes fail as on a
**                         full disk, and no partial file may be left
**            all (default) every kind above
**   -mode    journal (rollback journal, deleted at commit), truncate (the
**            journal truncated at commit: the only mode where a call
**            truncates a file), wal, or all (default; malloc kinds run in
**            journal mode only, as the allocations do not depend on it)
**   -call    one of the calls below, or all (default)
**   -stride  run N = 1, 1+S, 1+2S, ... (default 1: every N)
**   -from    start at N (default 1)
**   -max     stop at N (default: no limit) - for quick runs
**   -v       print every failed run's error
**
** Prints one line per (kind, mode, call): the number of fault points run
** and how many of them made the call fail, then every broken invariant, and
** last "N failures out of M fault points".  Exits 1 on any failure.
**
** Built with -DSQLITE_CORE and linked with libsqlite3 and the extension's
** objects (as build/unit is), rather than loading ormext.so: the allocator
** must be installed with sqlite3_config() before the library initialises,
** which needs the same libsqlite3 that the extension calls; the extension
** then stays mapped after sqlite3_close(), so that LeakSanitizer can name
** its functions; and sqlite3_ormext_init() itself can run under faults.
**
** The failing allocator and the fault VFS keep their counters in one
** static FaultState: sqlite3_mem_methods gives its xMalloc no context
** pointer, so a global is the only place for them.  That is this test
** program's, not the extension's: ormext has no global state.
*/
#include "ormext.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

int sqlite3_ormext_init(sqlite3*, char**, const sqlite3_api_routines*);

/*************************************************************************
** The fault state: what to fail and what was failed.
*/
#define FAULT_MALLOC   1
#define FAULT_WRITE    2
#define FAULT_SYNC     3
#define FAULT_TRUNCATE 4
#define FAULT_FILESIZE 5
#define FAULT_FSIZE    6          /* export-fsize: RLIMIT_FSIZE */

typedef struct FaultState FaultState;
struct FaultState {
  sqlite3_mem_methods mem;        /* SQLite's own allocator, wrapped */
  int eOp;                        /* FAULT_* counted, or 0 */
  int iFail;                      /* Fail the iFail-th operation; 0: none */
  int bPersist;                   /* And every operation after it */
  int rcFail;                     /* Error code an xWrite fault answers */
  int nOp;                        /* Operations of kind eOp since armed */
  int nFail;                      /* Faults injected since armed */
};
static FaultState fs;

/* Count operations of kind eOp and fail the Nth (none if N==0); stop
** counting with eOp==0, keeping nOp and nFail. */
static void faultArm(int eOp, int N, int bPersist, int rcFail){
  fs.eOp = eOp;
  fs.iFail = N;
  fs.bPersist = bPersist;
  fs.rcFail = rcFail;
  fs.nOp = 0;
  fs.nFail = 0;
}

/* True if this operation of kind eOp is to fail. */
static int faultHit(int eOp){
  if( fs.eOp!=eOp ) return 0;
  fs.nOp++;
  if( fs.iFail==0 || fs.nOp<fs.iFail ) return 0;
  if( fs.nOp>fs.iFail && !fs.bPersist ) return 0;
  fs.nFail++;
  return 1;
}

static void *faultMalloc(int n){
  return faultHit(FAULT_MALLOC) ? 0 : fs.mem.xMalloc(n);
}
static void *faultRealloc(void *p, int n){
  return faultHit(FAULT_MALLOC) ? 0 : fs.mem.xRealloc(p, n);
}
static void faultFree(void *p){ fs.mem.xFree(p); }
static int faultSize(void *p){ return fs.mem.xSize(p); }
static int faultRoundup(int n){ return fs.mem.xRoundup(n); }
static int faultMemInit(void *p){ return fs.mem.xInit(p); }
static void faultMemShutdown(void *p){ fs.mem.xShutdown(p); }

/*************************************************************************
** The fault VFS: a shim over the default VFS whose files fail the Nth
** xWrite, xSync, xTruncate or xFileSize.  Every other method forwards.
*/
typedef struct FaultFile FaultFile;
struct FaultFile {
  sqlite3_file base;
  sqlite3_file *pReal;            /* The real file, allocated behind this */
};

static int ffClose(sqlite3_file *p){
  FaultFile *f = (FaultFile*)p;
  int rc = f->pReal->pMethods ? f->pReal->pMethods->xClose(f->pReal) : 0;
  return rc;
}
static int ffRead(sqlite3_file *p, void *a, int n, sqlite3_int64 o){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xRead(f->pReal, a, n, o);
}
static int ffWrite(sqlite3_file *p, const void *a, int n, sqlite3_int64 o){
  FaultFile *f = (FaultFile*)p;
  if( faultHit(FAULT_WRITE) ) return fs.rcFail;
  return f->pReal->pMethods->xWrite(f->pReal, a, n, o);
}
static int ffTruncate(sqlite3_file *p, sqlite3_int64 sz){
  FaultFile *f = (FaultFile*)p;
  if( faultHit(FAULT_TRUNCATE) ) return SQLITE_IOERR_TRUNCATE;
  return f->pReal->pMethods->xTruncate(f->pReal, sz);
}
static int ffSync(sqlite3_file *p, int flags){
  FaultFile *f = (FaultFile*)p;
  if( faultHit(FAULT_SYNC) ) return SQLITE_IOERR_FSYNC;
  return f->pReal->pMethods->xSync(f->pReal, flags);
}
static int ffFileSize(sqlite3_file *p, sqlite3_int64 *pSize){
  FaultFile *f = (FaultFile*)p;
  if( faultHit(FAULT_FILESIZE) ) return SQLITE_IOERR_FSTAT;
  return f->pReal->pMethods->xFileSize(f->pReal, pSize);
}
static int ffLock(sqlite3_file *p, int e){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xLock(f->pReal, e);
}
static int ffUnlock(sqlite3_file *p, int e){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xUnlock(f->pReal, e);
}
static int ffCheckReservedLock(sqlite3_file *p, int *pOut){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xCheckReservedLock(f->pReal, pOut);
}
static int ffFileControl(sqlite3_file *p, int op, void *pArg){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xFileControl(f->pReal, op, pArg);
}
static int ffSectorSize(sqlite3_file *p){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xSectorSize(f->pReal);
}
static int ffDeviceCharacteristics(sqlite3_file *p){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xDeviceCharacteristics(f->pReal);
}
static int ffShmMap(sqlite3_file *p, int i, int sz, int b, void volatile **pp){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xShmMap(f->pReal, i, sz, b, pp);
}
static int ffShmLock(sqlite3_file *p, int o, int n, int fl){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xShmLock(f->pReal, o, n, fl);
}
static void ffShmBarrier(sqlite3_file *p){
  FaultFile *f = (FaultFile*)p;
  f->pReal->pMethods->xShmBarrier(f->pReal);
}
static int ffShmUnmap(sqlite3_file *p, int bDelete){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xShmUnmap(f->pReal, bDelete);
}
static int ffFetch(sqlite3_file *p, sqlite3_int64 o, int n, void **pp){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xFetch(f->pReal, o, n, pp);
}
static int ffUnfetch(sqlite3_file *p, sqlite3_int64 o, void *pPage){
  FaultFile *f = (FaultFile*)p;
  return f->pReal->pMethods->xUnfetch(f->pReal, o, pPage);
}

static const sqlite3_io_methods ffMethods = {
  3, ffClose, ffRead, ffWrite, ffTruncate, ffSync, ffFileSize, ffLock,
  ffUnlock, ffCheckReservedLock, ffFileControl, ffSectorSize,
  ffDeviceCharacteristics, ffShmMap, ffShmLock, ffShmBarrier, ffShmUnmap,
  ffFetch, ffUnfetch
};

static int fvOpen(sqlite3_vfs *pVfs, const char *zName, sqlite3_file *p,
                  int flags, int *pOutFlags){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  FaultFile *f = (FaultFile*)p;
  int rc;
  f->pReal = (sqlite3_file*)&f[1];
  rc = pReal->xOpen(pReal, zName, f->pReal, flags, pOutFlags);
  /* xClose is called whenever pMethods is set, even after a failed open. */
  p->pMethods = &ffMethods;
  return rc;
}
static int fvDelete(sqlite3_vfs *pVfs, const char *z, int bSync){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  return pReal->xDelete(pReal, z, bSync);
}
static int fvAccess(sqlite3_vfs *pVfs, const char *z, int fl, int *pOut){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  return pReal->xAccess(pReal, z, fl, pOut);
}
static int fvFullPathname(sqlite3_vfs *pVfs, const char *z, int n, char *zOut){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  return pReal->xFullPathname(pReal, z, n, zOut);
}
static void *fvDlOpen(sqlite3_vfs *pVfs, const char *z){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  return pReal->xDlOpen(pReal, z);
}
static void fvDlError(sqlite3_vfs *pVfs, int n, char *z){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  pReal->xDlError(pReal, n, z);
}
static void (*fvDlSym(sqlite3_vfs *pVfs, void *p, const char *z))(void){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  return pReal->xDlSym(pReal, p, z);
}
static void fvDlClose(sqlite3_vfs *pVfs, void *p){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  pReal->xDlClose(pReal, p);
}
static int fvRandomness(sqlite3_vfs *pVfs, int n, char *z){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  return pReal->xRandomness(pReal, n, z);
}
static int fvSleep(sqlite3_vfs *pVfs, int n){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  return pReal->xSleep(pReal, n);
}
static int fvCurrentTime(sqlite3_vfs *pVfs, double *p){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  return pReal->xCurrentTime(pReal, p);
}
static int fvGetLastError(sqlite3_vfs *pVfs, int n, char *z){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  return pReal->xGetLastError(pReal, n, z);
}
static int fvCurrentTimeInt64(sqlite3_vfs *pVfs, sqlite3_int64 *p){
  sqlite3_vfs *pReal = (sqlite3_vfs*)pVfs->pAppData;
  return pReal->xCurrentTimeInt64(pReal, p);
}

/* Register the fault VFS as the default, so that ormext's private and
** scratch connections use it too.  Its struct lives in main()'s frame. */
static void faultVfsInit(sqlite3_vfs *pVfs){
  sqlite3_vfs *pReal = sqlite3_vfs_find(0);
  memset(pVfs, 0, sizeof(*pVfs));
  pVfs->iVersion = 2;
  pVfs->szOsFile = (int)sizeof(FaultFile) + pReal->szOsFile;
  pVfs->mxPathname = pReal->mxPathname;
  pVfs->zName = "fault";
  pVfs->pAppData = pReal;
  pVfs->xOpen = fvOpen;
  pVfs->xDelete = fvDelete;
  pVfs->xAccess = fvAccess;
  pVfs->xFullPathname = fvFullPathname;
  pVfs->xDlOpen = fvDlOpen;
  pVfs->xDlError = fvDlError;
  pVfs->xDlSym = fvDlSym;
  pVfs->xDlClose = fvDlClose;
  pVfs->xRandomness = fvRandomness;
  pVfs->xSleep = fvSleep;
  pVfs->xCurrentTime = fvCurrentTime;
  pVfs->xGetLastError = fvGetLastError;
  pVfs->xCurrentTimeInt64 = fvCurrentTimeInt64;
  sqlite3_vfs_register(pVfs, 1);
}

/*************************************************************************
** Growable strings (libc malloc: never faulted) and small helpers.
*/
typedef struct Buf Buf;
struct Buf { char *z; size_t n, nAlloc; };

static void bufAppend(Buf *p, const char *z, size_t n){
  if( p->n+n+1>p->nAlloc ){
    p->nAlloc = (p->n+n+1)*2;
    p->z = realloc(p->z, p->nAlloc);
    if( p->z==0 ){ fprintf(stderr, "fault: out of real memory\n"); exit(2); }
  }
  memcpy(p->z+p->n, z, n);
  p->n += n;
  p->z[p->n] = 0;
}
static void bufPuts(Buf *p, const char *z){ bufAppend(p, z ? z : "NULL",
                                                      strlen(z?z:"NULL")); }
static char *bufTake(Buf *p){
  char *z = p->z ? p->z : strdup("");
  memset(p, 0, sizeof(*p));
  return z;
}

/*
** Broken invariants.  Those of one fault point are gathered, then printed
** as FAIL lines.
*/
static int nFailure = 0;          /* Broken invariants */
static int nLeftOpen = 0;         /* Points that left a transaction open */
static int bVerbose = 0;
static int bTruncateMode = 0;     /* Connections use journal_mode=TRUNCATE */
static Buf pointFail = {0, 0, 0}; /* This point's broken invariants */

static void failure(const char *zWhere, const char *zWhat, const char *zDetail){
  bufPuts(&pointFail, zWhere);
  bufPuts(&pointFail, ": ");
  bufPuts(&pointFail, zWhat);
  if( zDetail ){
    /* One line per broken invariant: a result's rows are joined by '/'. */
    const char *z;
    bufPuts(&pointFail, ": ");
    for(z=zDetail; *z && z<zDetail+300; z++){
      bufAppend(&pointFail, *z=='\n' ? (z[1] ? " / " : "") : z,
                *z=='\n' ? (z[1] ? 3 : 0) : 1);
    }
  }
  bufPuts(&pointFail, "\n");
}

/* Print and count the broken invariants of the point just run. */
static void endPoint(void){
  const char *z = pointFail.z;
  while( z && z[0] ){
    const char *zEnd = strstr(z, "\n");
    if( zEnd==0 ) zEnd = z+strlen(z);
    printf("FAIL %.*s\n", (int)(zEnd-z), z);
    nFailure++;
    z = zEnd[0] ? zEnd+1 : zEnd;
  }
  fflush(stdout);
  free(bufTake(&pointFail));
}

static int strEq(const char *a, const char *b){
  return (a==0 && b==0) || (a && b && strcmp(a, b)==0);
}

/* Open zFile on the default VFS, with ormext registered unless bBare. */
static sqlite3 *openDb(const char *zFile, int bBare){
  sqlite3 *db = 0;
  char *zErr = 0;
  if( sqlite3_open_v2(zFile, &db, SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE,
                      0)!=SQLITE_OK ){
    fprintf(stderr, "fault: cannot open %s: %s\n", zFile, sqlite3_errmsg(db));
    exit(2);
  }
  if( !bBare && sqlite3_ormext_init(db, &zErr, 0)!=SQLITE_OK ){
    fprintf(stderr, "fault: cannot register ormext: %s\n", zErr);
    exit(2);
  }
  sqlite3_exec(db, "PRAGMA foreign_keys=ON", 0, 0, 0);
  if( bTruncateMode ){
    /* Not persistent, unlike WAL: set on every connection. */
    sqlite3_exec(db, "PRAGMA journal_mode=TRUNCATE", 0, 0, 0);
  }
  return db;
}

/*
** Run zSql (one or more statements, no fault armed) and return every
** value of every row, one row a line, cells separated by '|'.  An error
** gives "error: <message>".  The caller frees the result with free().
*/
static char *query(sqlite3 *db, const char *zSql){
  Buf b = {0, 0, 0};
  const char *zTail = zSql;
  while( zTail && zTail[0] ){
    sqlite3_stmt *pStmt = 0;
    int rc = sqlite3_prepare_v2(db, zTail, -1, &pStmt, &zTail);
    if( rc!=SQLITE_OK ){
      b.n = 0;
      bufPuts(&b, "error: ");
      bufPuts(&b, sqlite3_errmsg(db));
      break;
    }
    if( pStmt==0 ) break;
    while( (rc = sqlite3_step(pStmt))==SQLITE_ROW ){
      int i;
      for(i=0; i<sqlite3_column_count(pStmt); i++){
        if( i ) bufPuts(&b, "|");
        bufPuts(&b, (const char*)sqlite3_column_text(pStmt, i));
      }
      bufPuts(&b, "\n");
    }
    if( rc!=SQLITE_DONE ){
      b.n = 0;
      bufPuts(&b, "error: ");
      bufPuts(&b, sqlite3_errmsg(db));
      sqlite3_finalize(pStmt);
      break;
    }
    sqlite3_finalize(pStmt);
  }
  return bufTake(&b);
}

/* Run zSql, which must succeed. */
static void mustExec(sqlite3 *db, const char *zSql){
  char *zErr = 0;
  if( sqlite3_exec(db, zSql, 0, 0, &zErr)!=SQLITE_OK ){
    fprintf(stderr, "fault: setup failed: %s\n  in: %s\n", zErr, zSql);
    exit(2);
  }
}

/*
** The state of a database: its schema and every row of every table, the
** bookkeeping tables included but for their time stamps (a run at another
** second records another created_at).  Rows are sorted, so that a rebuild
** that keeps every row but renumbers nothing compares equal.
*/
static char *dbState(sqlite3 *db){
  Buf b = {0, 0, 0};
  sqlite3_stmt *pTab = 0;
  char *z = query(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema"
                      " ORDER BY name");
  bufPuts(&b, z);
  free(z);
  sqlite3_prepare_v2(db, "SELECT name, (SELECT group_concat("
      "'quote(\"'||replace(c.name,'\"','\"\"')||'\")', '||''|''||')"
      " FROM pragma_table_info(s.name) c"
      " WHERE c.name NOT IN ('created_at','applied_at'))"
      " FROM sqlite_schema s WHERE type='table' ORDER BY name",
      -1, &pTab, 0);
  while( sqlite3_step(pTab)==SQLITE_ROW ){
    char *zSql = sqlite3_mprintf("SELECT %s FROM \"%w\" ORDER BY 1",
        (const char*)sqlite3_column_text(pTab, 1),
        (const char*)sqlite3_column_text(pTab, 0));
    bufPuts(&b, "-- ");
    bufPuts(&b, (const char*)sqlite3_column_text(pTab, 0));
    bufPuts(&b, "\n");
    z = query(db, zSql);
    bufPuts(&b, z);
    free(z);
    sqlite3_free(zSql);
  }
  sqlite3_finalize(pTab);
  return bufTake(&b);
}

/* The files of a directory, sorted, each "name\n<content>\n"; "" if none. */
static char *dirState(const char *zDir){
  struct dirent **aEnt = 0;
  Buf b = {0, 0, 0};
  int i, n = scandir(zDir, &aEnt, 0, alphasort);
  for(i=0; i<n; i++){
    const char *zName = aEnt[i]->d_name;
    if( zName[0]!='.' ){
      char zPath[512];
      FILE *f;
      snprintf(zPath, sizeof(zPath), "%s/%s", zDir, zName);
      bufPuts(&b, zName);
      bufPuts(&b, "\n");
      if( (f = fopen(zPath, "rb"))!=0 ){
        char a[4096];
        size_t k;
        while( (k = fread(a, 1, sizeof(a), f))>0 ) bufAppend(&b, a, k);
        fclose(f);
      }
      bufPuts(&b, "\n");
    }
    free(aEnt[i]);
  }
  free(aEnt);
  return bufTake(&b);
}

/* Write z to the new file zPath, which must succeed. */
static void writeFile(const char *zPath, const char *z){
  FILE *f = fopen(zPath, "wb");
  if( f==0 || fputs(z, f)<0 || fclose(f) ){
    fprintf(stderr, "fault: cannot write %s\n", zPath);
    exit(2);
  }
}

/* Remove every file of zDir (not recursive), creating zDir if missing. */
static void dirClear(const char *zDir){
  struct dirent **aEnt = 0;
  int i, n;
  mkdir(zDir, 0755);
  n = scandir(zDir, &aEnt, 0, alphasort);
  for(i=0; i<n; i++){
    if( strcmp(aEnt[i]->d_name, ".") && strcmp(aEnt[i]->d_name, "..") ){
      char zPath[512];
      snprintf(zPath, sizeof(zPath), "%s/%s", zDir, aEnt[i]->d_name);
      unlink(zPath);
    }
    free(aEnt[i]);
  }
  free(aEnt);
}

/* Copy file zFrom over zTo; remove zTo's journal, WAL and shm files. */
static void copyDb(const char *zFrom, const char *zTo){
  static const char *azSuffix[] = { "-journal", "-wal", "-shm" };
  char zPath[512];
  FILE *in, *out;
  char a[8192];
  size_t n, i;
  for(i=0; i<3; i++){
    snprintf(zPath, sizeof(zPath), "%s%s", zTo, azSuffix[i]);
    unlink(zPath);
  }
  in = fopen(zFrom, "rb");
  out = fopen(zTo, "wb");
  if( in==0 || out==0 ){
    fprintf(stderr, "fault: cannot copy %s to %s\n", zFrom, zTo);
    exit(2);
  }
  while( (n = fread(a, 1, sizeof(a), in))>0 ) fwrite(a, 1, n, out);
  fclose(in);
  if( fclose(out) ){
    fprintf(stderr, "fault: cannot write %s\n", zTo);
    exit(2);
  }
}

/*************************************************************************
** The calls.  Each starts from a template database made by its setup;
** the revisions "one" and "two" are made by the same declarations in
** every template, so their ids are the same everywhere.
*/

/* Revision one: a parent, a child with ON DELETE CASCADE, an index and
** a view, applied, with rows. */
#define SETUP_ONE \
  "SELECT orm_declare('CREATE TABLE p(id INTEGER PRIMARY KEY," \
  "   name TEXT NOT NULL);" \
  " CREATE TABLE c(id INTEGER PRIMARY KEY," \
  "   pid INTEGER REFERENCES p(id) ON DELETE CASCADE, v TEXT);" \
  " CREATE INDEX c_pid ON c(pid);" \
  " CREATE VIEW pc AS SELECT p.name, c.v FROM p JOIN c ON c.pid=p.id');" \
  "SELECT orm_migrate('one');" \
  "SELECT orm_upgrade();" \
  "INSERT INTO p VALUES(1,'a'),(2,'b'),(3,'c');" \
  "INSERT INTO c VALUES(1,1,'x'),(2,1,'y'),(3,2,'z'),(4,NULL,'w');"

/* The declarations of revision two: p is rebuilt (a CHECK is added), c
** gains a column and an index, and a trigger is added. */
#define DECLARE_TWO \
  "SELECT orm_declare('CREATE TABLE p(id INTEGER PRIMARY KEY," \
  "   name TEXT NOT NULL CHECK(length(name)<10), score INT);" \
  " CREATE TRIGGER p_del AFTER DELETE ON p BEGIN" \
  "   UPDATE c SET v=NULL WHERE pid=old.id; END');" \
  "SELECT orm_declare('c', 'id INTEGER PRIMARY KEY'," \
  "  'pid INTEGER REFERENCES p(id) ON DELETE CASCADE', 'v TEXT', 'w INT');" \
  "SELECT orm_declare('CREATE INDEX c_v ON c(v)');"

#define SETUP_TWO_PENDING SETUP_ONE DECLARE_TWO "SELECT orm_migrate('two');"

/* Revision one's schema made without ormext, for orm_adopt(). */
#define SETUP_PLAIN \
  "CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT NOT NULL);" \
  "CREATE TABLE c(id INTEGER PRIMARY KEY," \
  "  pid INTEGER REFERENCES p(id) ON DELETE CASCADE, v TEXT);" \
  "CREATE INDEX c_pid ON c(pid);" \
  "CREATE VIEW pc AS SELECT p.name, c.v FROM p JOIN c ON c.pid=p.id;" \
  "INSERT INTO p VALUES(1,'a'),(2,'b'),(3,'c');" \
  "INSERT INTO c VALUES(1,1,'x'),(2,1,'y'),(3,2,'z'),(4,NULL,'w');"
#define SETUP_TWO_APPLIED SETUP_TWO_PENDING "SELECT orm_upgrade();"

/* Two hand-written revisions on revision one: two heads. */
#define SETUP_BRANCHES SETUP_ONE \
  "INSERT INTO orm_migrations(message, up_sql, down_sql, parent)" \
  " SELECT 'b1', 'CREATE TABLE b1(a)', 'DROP TABLE b1', orm_current();" \
  "INSERT INTO orm_migrations(message, up_sql, down_sql, parent)" \
  " SELECT 'b2', 'CREATE TABLE b2(a)', 'DROP TABLE b2', orm_current();"

/* Column v of c declared as val, and the view over it with it. */
#define SETUP_RENAMED \
  "SELECT orm_declare('c', 'id INTEGER PRIMARY KEY'," \
  "  'pid INTEGER REFERENCES p(id) ON DELETE CASCADE', 'val TEXT');" \
  "SELECT orm_declare('CREATE VIEW pc AS" \
  "  SELECT p.name, c.val FROM p JOIN c ON c.pid=p.id');"

/* Revision two applied, then column w of c dropped (it holds no value),
** and the three squashed under a message with a newline, a CR and a
** backslash, which the squash file escapes. */
#define SETUP_SQUASHED SETUP_TWO_APPLIED \
  "SELECT orm_declare('c', 'id INTEGER PRIMARY KEY'," \
  "  'pid INTEGER REFERENCES p(id) ON DELETE CASCADE', 'v TEXT');" \
  "SELECT orm_migrate('three');" \
  "SELECT orm_upgrade();" \
  "SELECT orm_squash('head', 'one to' || char(10) || 'three \\ in' ||" \
  "  char(13));"

/* Revision two pending over 200 more rows of p, ids with gaps, and 200
** of c. */
#define SETUP_MANY_ROWS SETUP_ONE \
  "WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i+1 FROM n" \
  "  WHERE i<209) INSERT INTO p SELECT i*2, 'n'||i FROM n;" \
  "INSERT INTO c SELECT id+10, id, 'v'||id FROM p WHERE id>=10;" \
  DECLARE_TWO "SELECT orm_migrate('two');"

typedef struct FaultCall FaultCall;
struct FaultCall {
  const char *zName;
  const char *zSetup;             /* Makes the template database */
  const char *zCall;              /* The statement run under faults */
  int flags;                      /* CALL_* */
};
#define CALL_INIT   1             /* zCall is sqlite3_ormext_init() */
#define CALL_MALLOC 2             /* Run under allocation faults only */

static const FaultCall aCall[] = {
  { "init", SETUP_ONE, "", CALL_INIT },
  { "declare", SETUP_ONE,
    "SELECT orm_declare('CREATE TABLE p(id INTEGER PRIMARY KEY,"
    "   name TEXT NOT NULL CHECK(length(name)<10), score INT);"
    " CREATE TRIGGER p_del AFTER DELETE ON p BEGIN"
    "   UPDATE c SET v=NULL WHERE pid=old.id; END;"
    " CREATE INDEX c_v ON c(v)')", 0 },
  { "declare_cols", SETUP_ONE,
    "SELECT orm_declare('c', 'id INTEGER PRIMARY KEY',"
    "  'pid INTEGER REFERENCES p(id) ON DELETE CASCADE', 'v TEXT', 'w INT')",
    0 },
  { "migrate", SETUP_ONE DECLARE_TWO, "SELECT orm_migrate('two')", 0 },
  { "upgrade", SETUP_TWO_PENDING, "SELECT orm_upgrade()", 0 },
  { "downgrade", SETUP_TWO_APPLIED, "SELECT orm_downgrade('-1')", 0 },
  { "import", SETUP_ONE, "SELECT orm_import('in')", 0 },
  { "export", SETUP_TWO_PENDING, "SELECT orm_export('out')", 0 },
  { "sql", SETUP_TWO_PENDING, "SELECT orm_sql()", 0 },
  /* Downward, so that the script holds no time of day. */
  { "sql_one_request", SETUP_TWO_APPLIED,
    "SELECT orm_sql('-1', NULL, 'one-request')", 0 },
  { "squash", SETUP_TWO_APPLIED, "SELECT orm_squash('head')", 0 },
  { "config", SETUP_ONE, "SELECT orm_config('min_sqlite', '3.40.0')", 0 },
  /* From base through the squash of one and two. */
  { "upgrade_squash", SETUP_TWO_APPLIED "SELECT orm_squash('head');"
    "SELECT orm_downgrade('base', 'allow-data-loss');",
    "SELECT orm_upgrade()", 0 },
  /* The calls that read or mark the state.  orm_stamp marks revision two
  ** applied without running it (the later orm_upgrade() then has nothing
  ** to do, or runs it when the stamp failed). */
  { "check", SETUP_TWO_APPLIED, "SELECT orm_check()", 0 },
  { "stamp", SETUP_TWO_PENDING, "SELECT orm_stamp('head')", 0 },
  { "adopt", SETUP_PLAIN, "SELECT orm_adopt()", 0 },
  { "undeclare", SETUP_ONE, "SELECT orm_undeclare('pc')", 0 },
  /* A column renamed by a hint, and the view over it declared anew. */
  { "migrate_rename", SETUP_ONE
    "SELECT orm_declare('c', 'id INTEGER PRIMARY KEY',"
    "  'pid INTEGER REFERENCES p(id) ON DELETE CASCADE', 'val TEXT');"
    "SELECT orm_declare('CREATE VIEW pc AS"
    "  SELECT p.name, c.val FROM p JOIN c ON c.pid=p.id');"
    "SELECT orm_rename('c', 'v', 'val');",
    "SELECT orm_migrate('rename')", 0 },
  /* INSERT INTO orm_migrations, under allocation faults only.  Its
  ** transaction is the statement's own, committed by SQLite: in truncate
  ** mode a sync that fails after the journal is truncated reports an error
  ** for a write that is on disk, which no code of ormext sees.  The parent
  ** is named (the current revision's id, read as text). */
  { "insert_revision", SETUP_ONE,
    "INSERT INTO orm_migrations(message, up_sql, down_sql, parent)"
    " SELECT 'h', 'CREATE TABLE h(a)', 'DROP TABLE h', orm_current()",
    CALL_MALLOC },
  { "vt_migrations", SETUP_TWO_PENDING, "SELECT * FROM orm_migrations", 0 },
  { "vt_model_meta", SETUP_ONE DECLARE_TWO,
    "SELECT * FROM orm_model_meta", 0 },
  { "vt_diff", SETUP_ONE DECLARE_TWO, "SELECT * FROM orm_diff", 0 },
  /* Column v of c renamed to val with no hint: orm_diff suggests the
  ** orm_rename() call. */
  { "vt_diff_rename", SETUP_ONE SETUP_RENAMED, "SELECT * FROM orm_diff", 0 },
  /* A hand-written revision's rows, carried into the squash. */
  { "squash_data", SETUP_ONE
    "INSERT INTO orm_migrations(message, up_sql, down_sql) VALUES('data',"
    " 'INSERT INTO p VALUES(9, ''nine'')', 'DELETE FROM p WHERE id=9');"
    "SELECT orm_upgrade();",
    "SELECT orm_squash('head')", 0 },
  { "merge", SETUP_BRANCHES, "SELECT orm_merge('m')", 0 },
  { "upgrade_merge", SETUP_BRANCHES "SELECT orm_merge('m');",
    "SELECT orm_upgrade()", 0 },
  { "downgrade_base", SETUP_TWO_APPLIED,
    "SELECT orm_downgrade('base', 'allow-data-loss')", 0 },
  /* The other file formats orm_import reads (written by main()). */
  { "import_dbmate", "", "SELECT orm_import('in-dbmate')", 0 },
  { "import_golang", "", "SELECT orm_import('in-golang')", 0 },
  { "declare_replace", SETUP_ONE,
    "SELECT orm_declare('CREATE TABLE p(id INTEGER PRIMARY KEY,"
    "   name TEXT NOT NULL); CREATE TABLE q(a)', 'replace-all')", 0 },
  /* Progress to a file (outside out/, which only orm_export writes). */
  { "upgrade_progress", SETUP_TWO_PENDING,
    "SELECT orm_config('progress', 'progress.json');"
    "SELECT orm_upgrade()", 0 },
  /* Renames that go round (a to b, b to a, through a temporary name that
  ** skips the table's own "_orm_tmp_1") and one that waits for none, with
  ** a view and an index over the renamed columns declared anew: the
  ** proof on scratch (prove.c, scratch.c) with several hints. */
  { "migrate_renames",
    "SELECT orm_declare('CREATE TABLE t(k INTEGER PRIMARY KEY, x REAL,"
    "   a INT, b TEXT, _orm_tmp_1 BLOB);"
    " CREATE TABLE u(k INTEGER PRIMARY KEY, b TEXT);"
    " CREATE VIEW tv AS SELECT x, a FROM t; CREATE INDEX t_b ON t(b)');"
    "SELECT orm_migrate('one');"
    "SELECT orm_upgrade();"
    "INSERT INTO t VALUES(1, 1.5, 10, 'bee', x'01');"
    "INSERT INTO u VALUES(1, 'you');"
    "SELECT orm_rename('u', 'b', 'c'), orm_rename('t', 'x', 'y'),"
    "  orm_rename('t', 'a', 'b'), orm_rename('t', 'b', 'a');"
    "SELECT orm_declare('CREATE TABLE t(k INTEGER PRIMARY KEY, y REAL,"
    "   b INT, a TEXT, _orm_tmp_1 BLOB);"
    " CREATE TABLE u(k INTEGER PRIMARY KEY, c TEXT);"
    " CREATE VIEW tv AS SELECT y, b FROM t; CREATE INDEX t_b ON t(a)');",
    "SELECT orm_migrate('two')", 0 },
  /* A column dropped (of an empty table: the later upgrade loses no
  ** value) while a view reads a view of the table under an alias that is
  ** also a trigger's name: the scratch copy that asks SQLite whether DROP
  ** COLUMN would rewrite it (scratch.c's closure of views). */
  { "migrate_dropcol",
    "SELECT orm_declare('CREATE TABLE t(a INT, b TEXT, c REAL);"
    " CREATE VIEW v1 AS SELECT a, b FROM t;"
    " CREATE VIEW v2 AS SELECT a AS tg, b AS \"q\" FROM v1;"
    " CREATE TRIGGER tg AFTER INSERT ON t BEGIN SELECT 1; END');"
    "SELECT orm_migrate('one');"
    "SELECT orm_upgrade();"
    "SELECT orm_declare('CREATE TABLE t(a INT, b TEXT)');",
    "SELECT orm_migrate('two')", 0 },
  /* A view ormext does not manage over a table that is gone: the probe
  ** of DROP COLUMN fails on the scratch copy, the column is dropped by a
  ** rebuild, which makes again the index and the trigger on the table
  ** that ormext does not manage either (they name the kept column only). */
  { "migrate_unmanaged",
    "SELECT orm_declare('CREATE TABLE t(a INT, b INT)');"
    "SELECT orm_migrate('one');"
    "SELECT orm_upgrade();"
    "CREATE INDEX ua ON t(a);"
    "CREATE TRIGGER utr AFTER INSERT ON t BEGIN SELECT new.a; END;"
    "CREATE TABLE gone(x);"
    "CREATE VIEW bad AS SELECT \"q\" AS z, x FROM gone;"
    "DROP TABLE gone;"
    "SELECT orm_declare('CREATE TABLE t(a INT)');",
    "SELECT orm_migrate('two')", 0 },
  /* A squash of views (one made again after the view that reads it), a
  ** trigger and a data migration whose rows the trigger changes. */
  { "squash_views",
    "SELECT orm_declare('CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT,"
    "   c INTEGER DEFAULT 1);"
    " CREATE VIEW v1 AS SELECT a, b FROM t;"
    " CREATE VIEW v2 AS SELECT a FROM v1;"
    " CREATE INDEX t_b ON t(b);"
    " CREATE TRIGGER tr AFTER INSERT ON t BEGIN"
    "   UPDATE t SET c = c + 10 WHERE a = new.a; END');"
    "SELECT orm_migrate('one');"
    "SELECT orm_upgrade();"
    "SELECT orm_declare('CREATE VIEW v1 AS SELECT a, b, c FROM t');"
    "SELECT orm_migrate('v1 again');"
    "SELECT orm_upgrade();"
    "SELECT orm_declare('CREATE TABLE u(x)');"
    "SELECT orm_migrate('u');"
    "SELECT orm_upgrade();"
    "INSERT INTO orm_migrations(message, up_sql, down_sql)"
    "  VALUES ('seed', 'INSERT INTO t(b) VALUES (''x'')', 'DELETE FROM t');"
    "SELECT orm_upgrade();",
    "SELECT orm_squash('head', 'with seed')", 0 },
  /* A squash of a hand-written revision that makes an FTS5 table: the
  ** history is replayed on a private connection, whose authorizer lets
  ** that module through. */
  { "squash_vtab", SETUP_ONE
    "INSERT INTO orm_migrations(message, up_sql, down_sql) VALUES('fts',"
    " 'CREATE VIRTUAL TABLE doc USING fts5(a, b)', 'DROP TABLE doc');"
    "SELECT orm_upgrade();"
    "INSERT INTO doc VALUES('x', 'y');",
    "SELECT orm_squash('head')", 0 },
  /* The files of a squash and of the revisions it replaces. */
  { "export_squash", SETUP_SQUASHED, "SELECT orm_export('out')", 0 },
  /* Those files read into a new database (written by main()). */
  { "import_squash", "", "SELECT orm_import('in-squash')", 0 },
  /* dbmate files with a byte order mark and CR LF line ends, one larger
  ** than the first read buffer, and a symbolic link to a file of the
  ** same directory (written by main()). */
  { "import_odd", "", "SELECT orm_import('in-odd')", 0 },
  /* Progress to a file while a table of 200 rows is rebuilt (long enough
  ** for the progress handler to count the rows) and indexed. */
  { "upgrade_progress_rows", SETUP_MANY_ROWS,
    "SELECT orm_config('progress', 'progress.json');"
    "SELECT orm_upgrade()", 0 },
  /* The same, as lines on stderr (which runCall() sends to a file). */
  { "upgrade_progress_stderr", SETUP_MANY_ROWS,
    "SELECT orm_config('progress', 'stderr');"
    "SELECT orm_upgrade()", 0 },
  /* UNIQUE and composite PRIMARY KEY constraints (a WITHOUT ROWID table,
  ** a key with DESC and COLLATE), introspected by their indexes; a
  ** column that gains only NOT NULL; a column dropped from a table with
  ** a trigger that names another. */
  { "migrate_keys",
    "SELECT orm_declare('CREATE TABLE k(a INT, b TEXT NOT NULL,"
    "   c INT UNIQUE, PRIMARY KEY(a, b)) WITHOUT ROWID;"
    " CREATE TABLE m(x INTEGER PRIMARY KEY, y TEXT UNIQUE, z INT, w INT,"
    "   UNIQUE(z DESC, y COLLATE NOCASE));"
    " CREATE TRIGGER m_ins AFTER INSERT ON m BEGIN SELECT new.z; END');"
    "SELECT orm_migrate('one');"
    "SELECT orm_upgrade();"
    "INSERT INTO k VALUES(1, 'a', 10), (2, 'b', 20);"
    "INSERT INTO m(x, y, z) VALUES(1, 'y', 5), (2, 'w', 6);"
    "SELECT orm_declare('CREATE TABLE k(a INT, b TEXT NOT NULL,"
    "   c INT UNIQUE, d TEXT, PRIMARY KEY(a, b)) WITHOUT ROWID;"
    " CREATE TABLE m(x INTEGER PRIMARY KEY, y TEXT UNIQUE NOT NULL, z INT,"
    "   UNIQUE(z DESC, y COLLATE NOCASE))');",
    "SELECT orm_migrate('two')", 0 },
  /* Rows changed by hand after they were imported (an applied revision's
  ** message, a pending one's parent) get back what their files say. */
  { "import_restore", SETUP_ONE "SELECT orm_import('in');"
    "UPDATE _orm_revision SET message='changed' WHERE message='one';"
    "UPDATE _orm_revision SET parent=NULL WHERE message='two';",
    "SELECT orm_import('in')", 0 },
  /* Those squash files read again: the database knows them already. */
  { "import_squash_known", "SELECT orm_import('in-squash');",
    "SELECT orm_import('in-squash')", 0 },
  /* One file written (flushed alone), then the same export again, which
  ** finds every file as it would write it. */
  { "export_twice", SETUP_ONE,
    "SELECT orm_export('out'); SELECT orm_export('out')", 0 },
};

/* What one run of a call left: its outcome and the state after it. */
typedef struct Outcome Outcome;
struct Outcome {
  int rc;                         /* SQLITE_OK or the call's error code */
  char *zResult;                  /* Rows, or the error message */
  char *zState;                   /* dbState() after */
  char *zCheck;                   /* orm_check() after */
  char *zFiles;                   /* dirState("out") after */
};

static void outcomeFree(Outcome *p){
  free(p->zResult); free(p->zState); free(p->zCheck); free(p->zFiles);
  memset(p, 0, sizeof(*p));
}

/* Fill in the state part of *p from the database file zFile. */
static void readState(const char *zFile, Outcome *p){
  sqlite3 *db = openDb(zFile, 0);
  p->zState = dbState(db);
  p->zCheck = query(db, "SELECT orm_check()");
  p->zFiles = dirState("out");
  sqlite3_close(db);
}

/*
** Run the call on db (faults armed around the steps only: preparing the
** statement is SQLite's business) and record its rc and result.
*/
static void runCall(sqlite3 *db, const FaultCall *pCall, int eOp, int N,
                    int bPersist, int rcFail, Outcome *p){
  Buf b = {0, 0, 0};
  const char *zTail = pCall->zCall;
  int rc = SQLITE_OK;
  int fdErr = -1;                 /* The real stderr, while it is not */
  if( pCall->flags & CALL_INIT ){
    char *zErr = 0;
    faultArm(eOp, N, bPersist, rcFail);
    rc = sqlite3_ormext_init(db, &zErr, 0);
    fs.eOp = 0;
    if( zErr ){ bufPuts(&b, zErr); sqlite3_free(zErr); }
    p->rc = rc;
    p->zResult = bufTake(&b);
    return;
  }
  fs.nOp = fs.nFail = 0;
  if( strstr(zTail, "'stderr'") ){
    /* Progress lines to stderr: hundreds of runs' worth, not shown.  They
    ** go to file progress.stderr, the last run's only, where a report of
    ** ASan or UBSan that ended that run is found too. */
    int fdLog = open("progress.stderr", O_WRONLY|O_CREAT|O_TRUNC, 0644);
    fflush(stderr);
    fdErr = dup(STDERR_FILENO);
    if( fdLog<0 || fdErr<0 || dup2(fdLog, STDERR_FILENO)<0 ){
      fprintf(stderr, "fault: cannot send stderr to progress.stderr\n");
      exit(2);
    }
    close(fdLog);
  }
  while( rc==SQLITE_OK && zTail[0] ){
    sqlite3_stmt *pStmt = 0;
    if( sqlite3_prepare_v2(db, zTail, -1, &pStmt, &zTail)!=SQLITE_OK ){
      if( fdErr>=0 ) dup2(fdErr, STDERR_FILENO);
      fprintf(stderr, "fault: cannot prepare: %s\n", sqlite3_errmsg(db));
      exit(2);
    }
    if( pStmt==0 ) break;
    /* Counting goes on across the statements of the call. */
    {
      int nOp = fs.nOp, nFail = fs.nFail;
      faultArm(eOp, N, bPersist, rcFail);
      fs.nOp = nOp;
      fs.nFail = nFail;
    }
    while( (rc = sqlite3_step(pStmt))==SQLITE_ROW ){
      int i;
      /* Reading the row is the caller's business, not the call's: a
      ** value converted to text out of memory would fail the next step
      ** of a call that has committed. */
      int eArmed = fs.eOp;
      fs.eOp = 0;
      for(i=0; i<sqlite3_column_count(pStmt); i++){
        const char *z = (const char*)sqlite3_column_text(pStmt, i);
        if( z==0 && sqlite3_errcode(db)==SQLITE_NOMEM ){
          /* The value could not be converted: the result is lost. */
          z = "<column_text: out of memory>";
        }
        if( i ) bufPuts(&b, "|");
        bufPuts(&b, z);
      }
      bufPuts(&b, "\n");
      fs.eOp = eArmed;
    }
    fs.eOp = 0;
    if( rc==SQLITE_DONE ){
      rc = SQLITE_OK;
    }else{
      b.n = 0;
      bufPuts(&b, sqlite3_errmsg(db));
    }
    sqlite3_finalize(pStmt);
  }
  if( fdErr>=0 ){
    dup2(fdErr, STDERR_FILENO);
    close(fdErr);
  }
  p->rc = rc;
  p->zResult = bufTake(&b);
}

/* Counters of one (kind, mode, call) loop. */
typedef struct Tally Tally;
struct Tally { int nPoint, nError; };

typedef struct Kind Kind;
struct Kind {
  const char *zName;
  int eOp, bPersist, rcFail;
};
static const Kind aKind[] = {
  { "malloc",         FAULT_MALLOC,   0, 0 },
  { "malloc-persist", FAULT_MALLOC,   1, 0 },
  { "write",          FAULT_WRITE,    0, SQLITE_IOERR_WRITE },
  { "sync",           FAULT_SYNC,     0, SQLITE_IOERR_FSYNC },
  { "truncate",       FAULT_TRUNCATE, 0, SQLITE_IOERR_TRUNCATE },
  { "filesize",       FAULT_FILESIZE, 0, SQLITE_IOERR_FSTAT },
  { "full",           FAULT_WRITE,    1, SQLITE_FULL },
};

/* Make the template database of a call: template.db, in mode zMode. */
static void makeTemplate(const FaultCall *pCall, const char *zMode){
  sqlite3 *db;
  unlink("template.db");
  db = openDb("template.db", 0);
  mustExec(db, pCall->zSetup);
  sqlite3_close(db);
  db = openDb("template.db", 1);
  if( strcmp(zMode, "wal")==0 ){
    mustExec(db, "PRAGMA journal_mode=WAL");
  }else{
    mustExec(db, "PRAGMA journal_mode=DELETE");
  }
  sqlite3_close(db);
}

/* Write z to file zPath (for -v). */
static void dumpText(const char *zPath, const char *z){
  FILE *f = fopen(zPath, "wb");
  if( f ){
    fputs(z ? z : "", f);
    fclose(f);
  }
}

/* The bytes of file zPath as a string (NULL if it cannot be read). */
static char *readFile(const char *zPath){
  Buf b = {0, 0, 0};
  FILE *f = fopen(zPath, "rb");
  char a[4096];
  size_t k;
  if( f==0 ) return 0;
  while( (k = fread(a, 1, sizeof(a), f))>0 ) bufAppend(&b, a, k);
  fclose(f);
  return bufTake(&b);
}

/* After a failed export: every file in out/ is one that a run without
** faults wrote (kept in ref/), whole; no temporary or partial file. */
static void checkFiles(const char *zWhere){
  DIR *d = opendir("out");
  struct dirent *e;
  while( d && (e = readdir(d))!=0 ){
    char zPath[512], zRef[512];
    char *zA, *zB;
    if( strcmp(e->d_name, ".")==0 || strcmp(e->d_name, "..")==0 ) continue;
    snprintf(zPath, sizeof(zPath), "out/%s", e->d_name);
    snprintf(zRef, sizeof(zRef), "ref/%s", e->d_name);
    zA = readFile(zPath);
    zB = readFile(zRef);
    if( zB==0 || zA==0 || strcmp(zA, zB) ){
      failure(zWhere, "a partial or unknown file is left", e->d_name);
    }
    free(zA);
    free(zB);
  }
  if( d ) closedir(d);
}

/*
** Check the invariant after one run whose outcome is *pGot; pOld and pNew
** are the states before and after a run without faults.
*/
static void checkRun(const char *zWhere, const FaultCall *pCall, int eOp,
                     Outcome *pGot, const Outcome *pOld, const Outcome *pNew){
  sqlite3 *db;
  char *z;
  readState("fault.db", pGot);
  if( pGot->rc==SQLITE_OK ){
    if( !strEq(pGot->zResult, pNew->zResult) ){
      failure(zWhere, "succeeded with another result", pGot->zResult);
    }
    if( !strEq(pGot->zState, pNew->zState) ){
      failure(zWhere,
          "succeeded but the database is not the new state", 0);
      if( bVerbose ){
        dumpText("got.state", pGot->zState);
        dumpText("new.state", pNew->zState);
        printf("  (states written to got.state and new.state)\n");
      }
    }
    if( !strEq(pGot->zFiles, pNew->zFiles) ){
      failure(zWhere, "succeeded but the files are not the new ones", 0);
    }
  }else{
    if( (pGot->zResult==0 || pGot->zResult[0]==0)
     && pGot->rc!=SQLITE_NOMEM ){
      failure(zWhere, "failed without a message", 0);
    }
    if( pGot->zResult && strstr(pGot->zResult, "not an error") ){
      failure(zWhere, "failed, saying", pGot->zResult);
    }
    if( eOp==FAULT_MALLOC && (pGot->rc & 0xff)!=SQLITE_NOMEM
     && strstr(pGot->zResult, "out of memory")==0 ){
      failure(zWhere, "out of memory reported as", pGot->zResult);
    }
    if( !strEq(pGot->zState, pOld->zState) ){
      failure(zWhere,
              "failed but the database is not the old state",
              strEq(pGot->zState, pNew->zState) ? "it is the new state "
              "(committed, yet reported as failed)" : "neither old nor new");
    }
    if( pGot->zFiles[0] ) checkFiles(zWhere);
  }
  if( !strEq(pGot->zCheck, strEq(pGot->zState, pNew->zState)
             ? pNew->zCheck : pOld->zCheck) ){
    failure(zWhere, "orm_check() differs", pGot->zCheck);
  }
  (void)pCall;
  db = openDb("fault.db", 0);
  z = query(db, "PRAGMA integrity_check");
  if( strcmp(z, "ok\n") ) failure(zWhere, "integrity_check", z);
  free(z);
  z = query(db, "PRAGMA foreign_key_check");
  if( z[0] ) failure(zWhere, "foreign_key_check", z);
  free(z);
  /* Two heads (a failed orm_merge()) are merged first, as a user would. */
  z = query(db, "SELECT CASE WHEN orm_heads() LIKE '%,%'"
                " THEN orm_merge('m') END; SELECT orm_upgrade()");
  if( strncmp(z, "error: ", 7)==0 ){
    failure(zWhere, "a later orm_upgrade() fails", z);
  }
  free(z);
  sqlite3_close(db);
}

/* Copy every file of out/ into ref/ (cleared first). */
static void saveRef(void){
  DIR *d = opendir("out");
  struct dirent *e;
  dirClear("ref");
  while( d && (e = readdir(d))!=0 ){
    char zFrom[512], zTo[512];
    if( e->d_name[0]=='.' ) continue;
    snprintf(zFrom, sizeof(zFrom), "out/%s", e->d_name);
    snprintf(zTo, sizeof(zTo), "ref/%s", e->d_name);
    copyDb(zFrom, zTo);
  }
  if( d ) closedir(d);
}

/* Set the process's file size limit (RLIM_INFINITY: none). */
static void setFsize(rlim_t n){
  struct rlimit r;
  getrlimit(RLIMIT_FSIZE, &r);
  r.rlim_cur = n;
  if( setrlimit(RLIMIT_FSIZE, &r) ){
    fprintf(stderr, "fault: setrlimit: %s\n", strerror(errno));
    exit(2);
  }
}

/*
** Close db after a run: it must not be inside a transaction, have
** foreign keys on as before, close at once and leave nothing allocated.
*/
static void closeRun(const char *zWhere, sqlite3 *db, int rcCall){
  char *z;
  sqlite3_stmt *pStmt;
  if( !sqlite3_get_autocommit(db) && rcCall==SQLITE_NOMEM ){
    /* Out of memory right after a schema change, a call cannot roll back
    ** before its calling statement ends (see ormTxnEnd()): what it left
    ** must not be committed.  An application that commits anyway is
    ** what is tried, every other time; the state is checked afterwards. */
    nLeftOpen++;
    if( nLeftOpen%2 ){
      sqlite3_exec(db, "COMMIT", 0, 0, 0);
    }else{
      /* Or the application makes its next call of ormext, which rolls
      ** the transaction back before it begins (ormTxnUnstick()); this
      ** one fails, changing nothing. */
      sqlite3_exec(db, "SELECT orm_undeclare('fault_nosuch')", 0, 0, 0);
    }
  }
  if( !sqlite3_get_autocommit(db) ){
    failure(zWhere, "the connection is left inside a transaction", 0);
    sqlite3_exec(db, "ROLLBACK", 0, 0, 0);
  }
  z = query(db, "PRAGMA foreign_keys");
  if( strcmp(z, "1\n") ){
    failure(zWhere, "PRAGMA foreign_keys is not restored", z);
  }
  free(z);
  if( sqlite3_close(db)!=SQLITE_OK ){
    failure(zWhere, "sqlite3_close() fails", sqlite3_errmsg(db));
    while( (pStmt = sqlite3_next_stmt(db, 0))!=0 ) sqlite3_finalize(pStmt);
    sqlite3_close(db);
  }
  if( sqlite3_memory_used()!=0 ){
    char zN[64];
    snprintf(zN, sizeof(zN), "%lld bytes",
             (long long)sqlite3_memory_used());
    failure(zWhere, "memory is leaked", zN);
  }
}

/*
** One fault point: the call on a copy of the template with the Nth
** operation of pKind failing; returns how many faults were injected (0:
** the call needed fewer than N operations).
*/
static int runPoint(const char *zLoop, const FaultCall *pCall,
                    const Kind *pKind, int N, const Outcome *pOld,
                    const Outcome *pNew, Tally *pT){
  Outcome got = {0, 0, 0, 0, 0};
  sqlite3 *db;
  char zWhere[256];
  int nHit;
  snprintf(zWhere, sizeof(zWhere), "%s N=%d", zLoop, N);
  copyDb("template.db", "fault.db");
  dirClear("out");
  db = openDb("fault.db", (pCall->flags & CALL_INIT)!=0);
  if( pKind->eOp==FAULT_FSIZE ){
    setFsize((rlim_t)(N-1));
    runCall(db, pCall, 0, 0, 0, 0, &got);
    setFsize(RLIM_INFINITY);
    nHit = (got.rc!=SQLITE_OK);
  }else{
    runCall(db, pCall, pKind->eOp, N, pKind->bPersist, pKind->rcFail, &got);
    nHit = fs.nFail;
  }
  pT->nPoint++;
  if( got.rc!=SQLITE_OK ){
    pT->nError++;
    if( bVerbose ) printf("  %s: error %d: %s\n", zWhere, got.rc,
                          got.zResult);
  }
  closeRun(zWhere, db, got.rc & 0xff);
  checkRun(zWhere, pCall, pKind->eOp, &got, pOld, pNew);
  endPoint();
  outcomeFree(&got);
  return nHit;
}

/* Options. */
typedef struct Opts Opts;
struct Opts {
  const char *zKind, *zMode, *zCall;
  int nStride;                    /* Run every nStride-th point */
  int nPoints;                    /* Or about nPoints points per loop */
  int nMax;                       /* Stop at N=nMax (0: never) */
  int nFrom;                      /* Start at N=nFrom (default 1) */
};

/* Run the loop of one (kind, mode, call); add to *pTotal. */
static void runLoop(const Kind *pKind, const char *zMode,
                    const FaultCall *pCall, const Opts *pOpts, Tally *pTotal){
  Outcome old = {0, 0, 0, 0, 0}, ref = {0, 0, 0, 0, 0};
  Tally t = {0, 0};
  char zLoop[128];
  sqlite3 *db;
  int N, nOp, nStride = pOpts->nStride;
  snprintf(zLoop, sizeof(zLoop), "%s %s %s", pKind->zName, zMode,
           pCall->zName);

  makeTemplate(pCall, zMode);
  copyDb("template.db", "fault.db");
  dirClear("out");
  readState("fault.db", &old);

  /* The run without faults, counting the operations that can fail. */
  db = openDb("fault.db", (pCall->flags & CALL_INIT)!=0);
  runCall(db, pCall, pKind->eOp==FAULT_FSIZE ? 0 : pKind->eOp, 0, 0, 0,
          &ref);
  nOp = fs.nOp;
  if( ref.rc!=SQLITE_OK ){
    fprintf(stderr, "fault: %s fails without a fault: %s\n", zLoop,
            ref.zResult);
    exit(2);
  }
  closeRun(zLoop, db, SQLITE_OK);
  endPoint();
  readState("fault.db", &ref);
  saveRef();
  if( pKind->eOp==FAULT_FSIZE ){
    /* The limit that lets every file through: the largest file. */
    DIR *d = opendir("ref");
    struct dirent *e;
    struct stat st;
    char zPath[512];
    nOp = 0;
    while( d && (e = readdir(d))!=0 ){
      snprintf(zPath, sizeof(zPath), "ref/%s", e->d_name);
      if( e->d_name[0]!='.' && stat(zPath, &st)==0 && st.st_size>nOp ){
        nOp = (int)st.st_size;
      }
    }
    if( d ) closedir(d);
  }
  if( pOpts->nPoints>0 && nOp/pOpts->nPoints>nStride ){
    nStride = nOp/pOpts->nPoints;
  }

  for(N=pOpts->nFrom; pOpts->nMax==0 || N<=pOpts->nMax; N+=nStride){
    if( runPoint(zLoop, pCall, pKind, N, &old, &ref, &t)==0 ) break;
  }
  printf("%s: %d operations, %d fault points, %d made the call fail\n",
         zLoop, nOp, t.nPoint, t.nError);
  fflush(stdout);
  pTotal->nPoint += t.nPoint;
  pTotal->nError += t.nError;
  outcomeFree(&old);
  outcomeFree(&ref);
}

static void usage(void){
  fprintf(stderr, "usage: fault [-kind K] [-mode journal|truncate|wal|all]"
          " [-call C] [-stride S] [-points P] [-from N] [-max N] [-v]"
          "\n");
  exit(2);
}

int main(int argc, char **argv){
  static const Kind fsizeKind = { "export-fsize", FAULT_FSIZE, 0, 0 };
  static const char *azMode[] = { "journal", "wal", "truncate" };
  sqlite3_mem_methods m;
  sqlite3_vfs vfs;
  Opts o = { "all", "all", "all", 1, 0, 0, 1 };
  Tally total = {0, 0};
  int i, k, iMode;
  char *zErr = 0;

  for(i=1; i<argc; i++){
    if( i+1<argc && strcmp(argv[i], "-kind")==0 ) o.zKind = argv[++i];
    else if( i+1<argc && strcmp(argv[i], "-mode")==0 ) o.zMode = argv[++i];
    else if( i+1<argc && strcmp(argv[i], "-call")==0 ) o.zCall = argv[++i];
    else if( i+1<argc && strcmp(argv[i], "-stride")==0 ){
      o.nStride = atoi(argv[++i]);
    }else if( i+1<argc && strcmp(argv[i], "-points")==0 ){
      o.nPoints = atoi(argv[++i]);
    }else if( i+1<argc && strcmp(argv[i], "-from")==0 ){
      o.nFrom = atoi(argv[++i]);
    }else if( i+1<argc && strcmp(argv[i], "-max")==0 ){
      o.nMax = atoi(argv[++i]);
    }else if( strcmp(argv[i], "-v")==0 ) bVerbose = 1;
    else usage();
  }
  if( o.nStride<1 || o.nFrom<1 ) usage();

  /* The failing allocator wraps SQLite's default one. */
  sqlite3_config(SQLITE_CONFIG_GETMALLOC, &fs.mem);
  m = fs.mem;
  m.xMalloc = faultMalloc;
  m.xFree = faultFree;
  m.xRealloc = faultRealloc;
  m.xSize = faultSize;
  m.xRoundup = faultRoundup;
  m.xInit = faultMemInit;
  m.xShutdown = faultMemShutdown;
  if( sqlite3_config(SQLITE_CONFIG_MALLOC, &m)!=SQLITE_OK
   || sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 1)!=SQLITE_OK
   || sqlite3_initialize()!=SQLITE_OK ){
    fprintf(stderr, "fault: cannot install the failing allocator\n");
    return 2;
  }
  faultVfsInit(&vfs);
  /* A write past RLIMIT_FSIZE then fails with EFBIG instead of killing. */
  signal(SIGXFSZ, SIG_IGN);

  /* The files that orm_import reads: revisions one and two. */
  {
    sqlite3 *db;
    dirClear("in");
    unlink("in.db");
    db = openDb("in.db", 0);
    mustExec(db, SETUP_TWO_PENDING "SELECT orm_export('in');");
    sqlite3_close(db);
    unlink("in.db");
    dirClear("in-dbmate");
    writeFile("in-dbmate/20240101000000_create_d.sql",
        "-- migrate:up\nCREATE TABLE d(a INTEGER PRIMARY KEY, b TEXT);\n"
        "INSERT INTO d VALUES(1, 'x');\n\n-- migrate:down\nDROP TABLE d;\n");
    writeFile("in-dbmate/20240102000000_add_c.sql",
        "-- migrate:up\nALTER TABLE d ADD COLUMN c INT;\n"
        "-- migrate:down\nALTER TABLE d DROP COLUMN c;\n");
    dirClear("in-golang");
    writeFile("in-golang/000001_create_g.up.sql",
              "CREATE TABLE g(a INTEGER PRIMARY KEY);\n");
    writeFile("in-golang/000001_create_g.down.sql", "DROP TABLE g;\n");
    writeFile("in-golang/000002_row.up.sql", "INSERT INTO g VALUES(1);\n");
    writeFile("in-golang/000002_row.down.sql", "DELETE FROM g;\n");
    dirClear("in-squash");
    unlink("in.db");
    db = openDb("in.db", 0);
    mustExec(db, SETUP_SQUASHED "SELECT orm_export('in-squash');");
    sqlite3_close(db);
    unlink("in.db");
    dirClear("in-odd");
    writeFile("in-odd/20240101000000_bom.sql",
        "\xEF\xBB\xBF-- migrate:up\r\nCREATE TABLE d(a INTEGER PRIMARY KEY,"
        " b TEXT);\r\n\r\n-- migrate:down\r\nDROP TABLE d;\r\n");
    {
      Buf big = {0, 0, 0};
      char *z;
      int k;
      bufPuts(&big, "-- migrate:up\n");
      for(k=0; k<300; k++){
        char zRow[64];
        snprintf(zRow, sizeof(zRow),
                 "INSERT INTO d VALUES(%d, 'row number %d');\n", k+1, k+1);
        bufPuts(&big, zRow);
      }
      bufPuts(&big, "\n-- migrate:down\nDELETE FROM d;\n");
      z = bufTake(&big);
      writeFile("in-odd/20240102000000_rows.sql", z);
      free(z);
    }
    writeFile("in-odd/shared.txt", "-- migrate:up\nCREATE TABLE s(a);\n"
              "-- migrate:down\nDROP TABLE s;\n");
    if( symlink("shared.txt", "in-odd/20240103000000_link.sql") ){
      fprintf(stderr, "fault: symlink: %s\n", strerror(errno));
      exit(2);
    }
  }
  (void)zErr;

  for(k=0; k<(int)(sizeof(aKind)/sizeof(aKind[0])); k++){
    if( strcmp(o.zKind, "all") && strcmp(o.zKind, aKind[k].zName) ) continue;
    for(iMode=0; iMode<3; iMode++){
      if( strcmp(o.zMode, "all") && strcmp(o.zMode, azMode[iMode]) ) continue;
      /* Allocations do not depend on the journal mode: one is enough. */
      if( aKind[k].eOp==FAULT_MALLOC && iMode>0
       && strcmp(o.zMode, azMode[iMode]) ) continue;
      for(i=0; i<(int)(sizeof(aCall)/sizeof(aCall[0])); i++){
        if( strcmp(o.zCall, "all") && strcmp(o.zCall, aCall[i].zName) ){
          continue;
        }
        /* init writes no file: I/O faults cannot reach it. */
        if( (aCall[i].flags & (CALL_INIT|CALL_MALLOC))
         && aKind[k].eOp!=FAULT_MALLOC ) continue;
        bTruncateMode = iMode==2;
        runLoop(&aKind[k], azMode[iMode], &aCall[i], &o, &total);
        bTruncateMode = 0;
      }
    }
  }
  if( strcmp(o.zKind, "all")==0 || strcmp(o.zKind, fsizeKind.zName)==0 ){
    for(i=0; i<(int)(sizeof(aCall)/sizeof(aCall[0])); i++){
      if( strcmp(aCall[i].zName, "export") ) continue;
      runLoop(&fsizeKind, "journal", &aCall[i], &o, &total);
    }
  }

  unlink("template.db");
  unlink("fault.db");
  sqlite3_shutdown();
  if( nLeftOpen ){
    printf("%d points left the call's transaction open (out of memory);"
           " COMMIT or the next call rolled it back\n", nLeftOpen);
  }
  printf("%d failures out of %d fault points\n", nFailure, total.nPoint);
  return nFailure ? 1 : 0;
}
