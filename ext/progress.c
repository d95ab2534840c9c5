/*
** progress.c - what orm_upgrade() and orm_downgrade() are doing, when
** asked: orm_config('progress', ...).
**
**   SELECT orm_config('progress', 'stderr');        -- lines on stderr
**   SELECT orm_config('progress', 'upgrade.json');  -- one JSON line, a file
**   SELECT orm_config('progress', NULL);            -- off (the default)
**
** A setting of the connection (its OrmCtx), never stored in the database:
** it says where this process wants to see its own migrations.  While it is
** on, a move reports when it starts; each revision (or squash) as it
** begins; in a revision, each statement that works through a whole table:
** the copy of a table rebuild (INSERT INTO "_orm_new_t" ... FROM "t") with
** the rows copied of the table's rows, DROP TABLE and CREATE INDEX as they
** begin; and its end, done or failed.  stderr gets a line per revision,
** per such statement and per 10% of a copy; the file is rewritten at each
** of those and at each 1% of a copy.
**
** Rows copied are read by a progress handler that is installed on the
** user's connection while the copy statement runs, and removed after it.
** SQLite has no getter for a connection's progress handler, so a handler
** the user had is replaced: that is why this happens only when asked (the
** documentation says so).  The handler reads what the running copy
** already keeps, and calls nothing that touches the connection:
**   - a copy that SQLite runs row by row steps a full scan of "t", and
**     counts each step (SQLITE_STMTSTATUS_FULLSCAN_STEP): the rows read,
**     exactly;
**   - a copy by SQLite's transfer optimization (a rebuild that keeps
**     every column in place is planned as SELECT *, and SQLite may then
**     copy the records as stored) counts no scan step, but sets the last
**     insert rowid at each row, in rowid order: the rows copied are those
**     up to that rowid, exactly when the rowids of "t" have no gaps
**     (max - min + 1 = rows), else estimated in proportion;
**   - a WITHOUT ROWID table so copied shows its rows only at the end.
** The total is count(*) of "t", read just before the copy (only when
** progress is on; SQLite counts a b-tree's cells page by page).
**
** The file is one line, rewritten in place by one pwrite() at offset 0,
** with no fsync: another process reads it while the migration holds the
** write lock (when the database itself cannot be read).  Not a temporary
** file renamed into place: on ext4 a rename over a file flushes its data
** (auto_da_alloc), 0.2 ms a time, 2% of a 1,000,000-row rebuild at 100
** writes; a pwrite() takes 1 us.  During a move the file never shrinks (a
** shorter line is padded with spaces before its newline), so a reader
** never finds part of an older line after the newest.  The file is open
** from the start of a move to its end.  A write that fails during a move
** is skipped; the move goes on.  One that fails when the move starts stops
** it before anything runs.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* VM instructions between two calls of the handler during a copy: a row
** of a copy takes 5 to 30, so a 1% step of a 20,000-row table is seen. */
#define ORM_PROGRESS_OPS 1000

/* What a move is doing (OrmProgress.eState). */
#define ORM_PROG_IDLE      0      /* No move yet (the file when set) */
#define ORM_PROG_STARTING  1      /* Taking the write lock, reading */
#define ORM_PROG_RUNNING   2      /* A revision's statements */
#define ORM_PROG_COPYING   3      /* The copy of a rebuild */
#define ORM_PROG_DROPPING  4      /* DROP TABLE */
#define ORM_PROG_INDEXING  5      /* CREATE INDEX */
#define ORM_PROG_DONE      6
#define ORM_PROG_FAILED    7

static const char *const azOrmProgState[] = {
  "idle", "starting", "running", "copying", "dropping", "indexing", "done",
  "failed"
};

/*
** The setting and the move being reported.  One per connection, owned by
** its OrmCtx (pProgress), NULL while progress is off.
*/
struct OrmProgress {
  char *zPath;                    /* The file, or NULL for stderr; owned */
  int fd;                         /* zPath, open during a move, else -1 */
  sqlite3_int64 nFile;            /* Bytes the file holds (fd open) */
  int nDepth;                     /* Moves running: 0 or 1, as
                                  ** ormGuardDirect() refuses a move during
                                  ** a move; only the outer would report */
  /* The move (nDepth>0): */
  const char *zFunc;              /* "orm_upgrade", ...; static */
  int eState;                     /* ORM_PROG_* */
  int iStep, nStep;               /* Revision iStep (from 1) of nStep; 0
                                  ** before the first */
  const char *zKind;              /* "revision" or "squash"; static */
  char *zId;                      /* The revision's id; owned */
  char *zMessage;                 /* Its message; owned */
  char *zTable;                   /* Table copied, dropped, indexed; owned */
  char *zIndex;                   /* Index being made; owned */
  char *zCurrent;                 /* Done: the current revision; owned */
  char *zError;                   /* Failed: the error; owned */
  /* The copy (ORM_PROG_COPYING): */
  sqlite3 *db;                    /* The user's connection */
  sqlite3_stmt *pStmt;            /* The copy statement while it runs;
                                  ** borrowed */
  int bCopy;                      /* A copy runs (or failed): the file
                                  ** shows rows, total and percent */
  int bHandler;                   /* Our progress handler is installed */
  sqlite3_int64 nTotal;           /* Rows of the table, -1 if unknown */
  sqlite3_int64 nRows;            /* Rows copied, -1 while unknown */
  int bEstimate;                  /* nRows is reckoned from a rowid */
  int bRowid;                     /* The table has a rowid to read */
  sqlite3_int64 iMin, iMax;       /* Its smallest and largest rowid */
  sqlite3_int64 iRowid0;          /* Last insert rowid before the copy */
  int iPercent;                   /* Percent last written to the file */
  int iTenth;                     /* 10% step last printed on stderr (0:
                                  ** only the start line) */
};

/* Free the move's strings (not the setting). */
static void ormProgressClear(OrmProgress *p){
  sqlite3_free(p->zId);
  sqlite3_free(p->zMessage);
  sqlite3_free(p->zTable);
  sqlite3_free(p->zIndex);
  sqlite3_free(p->zCurrent);
  sqlite3_free(p->zError);
  p->zId = p->zMessage = p->zTable = p->zIndex = 0;
  p->zCurrent = p->zError = 0;
}

/* Free the setting.  Its file is closed: it is open only while a move
** runs (nDepth>0), and a setting is freed only while none does. */
void ormProgressFree(OrmProgress *p){
  if( p==0 ) return;
  ormProgressClear(p);
  sqlite3_free(p->zPath);
  sqlite3_free(p);
}

/* Append z as a JSON string (NULL: null). */
static void ormProgressJsonText(sqlite3_str *pOut, const char *z){
  const unsigned char *u = (const unsigned char*)z;
  if( z==0 ){
    sqlite3_str_appendall(pOut, "null");
    return;
  }
  sqlite3_str_appendchar(pOut, 1, '"');
  for(; *u; u++){
    if( *u=='"' || *u=='\\' ){
      sqlite3_str_appendf(pOut, "\\%c", *u);
    }else if( *u=='\n' ){
      sqlite3_str_appendall(pOut, "\\n");
    }else if( *u<0x20 || *u==0x7f ){
      sqlite3_str_appendf(pOut, "\\u%04x", *u);
    }else{
      sqlite3_str_appendchar(pOut, 1, (char)*u);
    }
  }
  sqlite3_str_appendchar(pOut, 1, '"');
}

/* Append ,"zKey":n, or null when n<0. */
static void ormProgressJsonInt(sqlite3_str *pOut, const char *zKey,
                               sqlite3_int64 n){
  if( n<0 ){
    sqlite3_str_appendf(pOut, ",\"%s\":null", zKey);
  }else{
    sqlite3_str_appendf(pOut, ",\"%s\":%lld", zKey, n);
  }
}

/* Percent of the copy done, or -1 while unknown. */
static int ormProgressPercent(const OrmProgress *p){
  if( p->nTotal<0 || p->nRows<0 ) return -1;
  if( p->nTotal==0 ) return 100;
  return (int)((double)p->nRows * 100.0 / (double)p->nTotal);
}

/*
** The file's line: every key always there, in this order, null where it
** does not apply; spaces before its newline make it nPad bytes at least.
** NULL when out of memory.
*/
static char *ormProgressJson(const OrmProgress *p, sqlite3_int64 nPad){
  sqlite3_str *pOut = sqlite3_str_new(0);
  int bMove = p->eState!=ORM_PROG_IDLE;
  int bStep = bMove && p->eState!=ORM_PROG_STARTING;
  int bCopy = p->bCopy;
  sqlite3_str_appendf(pOut, "{\"pid\":%lld,\"function\":",
                      (sqlite3_int64)getpid());
  ormProgressJsonText(pOut, bMove ? p->zFunc : 0);
  sqlite3_str_appendf(pOut, ",\"state\":\"%s\"", azOrmProgState[p->eState]);
  ormProgressJsonInt(pOut, "step", bStep ? p->iStep : -1);
  ormProgressJsonInt(pOut, "steps", bStep ? p->nStep : -1);
  sqlite3_str_appendall(pOut, ",\"kind\":");
  ormProgressJsonText(pOut, p->zId ? p->zKind : 0);
  sqlite3_str_appendall(pOut, ",\"revision\":");
  ormProgressJsonText(pOut, p->zId);
  sqlite3_str_appendall(pOut, ",\"message\":");
  ormProgressJsonText(pOut, p->zMessage);
  sqlite3_str_appendall(pOut, ",\"table\":");
  ormProgressJsonText(pOut, p->zTable);
  sqlite3_str_appendall(pOut, ",\"index\":");
  ormProgressJsonText(pOut, p->zIndex);
  ormProgressJsonInt(pOut, "rows", bCopy ? p->nRows : -1);
  ormProgressJsonInt(pOut, "total", bCopy ? p->nTotal : -1);
  ormProgressJsonInt(pOut, "percent", bCopy ? ormProgressPercent(p) : -1);
  sqlite3_str_appendf(pOut, ",\"estimated\":%s",
      bCopy && p->nRows>=0 ? (p->bEstimate ? "true" : "false") : "null");
  sqlite3_str_appendall(pOut, ",\"current\":");
  ormProgressJsonText(pOut, p->zCurrent);
  sqlite3_str_appendall(pOut, ",\"error\":");
  ormProgressJsonText(pOut, p->zError);
  sqlite3_str_appendchar(pOut, 1, '}');
  if( sqlite3_str_length(pOut)+1<nPad ){
    sqlite3_str_appendchar(pOut, (int)(nPad - 1 - sqlite3_str_length(pOut)),
                           ' ');
  }
  sqlite3_str_appendchar(pOut, 1, '\n');
  if( sqlite3_str_errcode(pOut) ){
    sqlite3_free(sqlite3_str_finish(pOut));
    return 0;
  }
  return sqlite3_str_finish(pOut);
}

/*
** Write the n bytes at z to fd: at offset 0 with pwrite() (bAt, the
** file), else with write() (stderr); again after a signal.  Returns 0, or
** the errno of the write that failed; *pnDone is the bytes written.
*/
static int ormProgressWriteAll(int fd, int bAt, const char *z, size_t n,
                               size_t *pnDone){
  size_t nDone = 0;
  int iErr = 0;
  while( nDone<n ){
    ssize_t nOut = bAt ? pwrite(fd, z+nDone, n-nDone, (off_t)nDone)
                       : write(fd, z+nDone, n-nDone);
    if( nOut<0 && errno==EINTR ) continue;
    if( nOut<=0 ){
      iErr = nOut<0 ? errno : EIO;
      break;
    }
    nDone += (size_t)nOut;
  }
  *pnDone = nDone;
  return iErr;
}

/*
** Write the line at the start of the file, in place: one pwrite(), no
** fsync.  The file never shrinks while it is open (a shorter line is
** padded with spaces before its newline), so a reader never finds the
** tail of an older line after it.  Returns 0, or the errno of the write
** that failed (ENOMEM when the line could not be made).  With a file set,
** it is open whenever this runs: just after ormProgressOpen() succeeded
** (ormProgressSet(), ormProgressBegin()), or during a move, which
** ormProgressBegin() stops when the file cannot be opened.
*/
static int ormProgressWrite(OrmProgress *p){
  char *zLine;
  size_t nDone;
  int iErr;
  if( p->zPath==0 ) return 0;
  zLine = ormProgressJson(p, p->nFile);
  if( zLine==0 ) return ENOMEM;
  iErr = ormProgressWriteAll(p->fd, 1, zLine, strlen(zLine), &nDone);
  if( (sqlite3_int64)nDone>p->nFile ) p->nFile = (sqlite3_int64)nDone;
  sqlite3_free(zLine);
  return iErr;
}

/*
** Open the file for a move, or to set it (bTrunc: emptied first).
** Returns 0 or the errno of open().
*/
static int ormProgressOpen(OrmProgress *p, int bTrunc){
  struct stat st;
  if( p->zPath==0 ) return 0;
  p->fd = open(p->zPath, O_WRONLY|O_CREAT|O_CLOEXEC|(bTrunc ? O_TRUNC : 0),
               0644);
  if( p->fd<0 ) return errno;
  p->nFile = fstat(p->fd, &st)==0 ? (sqlite3_int64)st.st_size : 0;
  return 0;
}

/* Close the file after a move. */
static void ormProgressClose(OrmProgress *p){
  if( p->fd>=0 ) close(p->fd);
  p->fd = -1;
}

/* Write line z and a newline to stderr, in one write. */
static void ormProgressPrint(sqlite3_str *pLine){
  char *z;
  sqlite3_str_appendchar(pLine, 1, '\n');
  if( sqlite3_str_errcode(pLine)==SQLITE_OK ){
    size_t nDone;
    z = sqlite3_str_value(pLine);
    ormProgressWriteAll(STDERR_FILENO, 0, z,
                        (size_t)sqlite3_str_length(pLine), &nDone);
  }
  sqlite3_free(sqlite3_str_finish(pLine));
}

/* A new line for stderr, started with "orm_x: revision i/n id "msg"". */
static sqlite3_str *ormProgressLine(const OrmProgress *p){
  sqlite3_str *pLine = sqlite3_str_new(0);
  sqlite3_str_appendf(pLine, "%s: %s %d/%d %s ", p->zFunc, p->zKind,
                      p->iStep, p->nStep, p->zId);
  ormProgressJsonText(pLine, p->zMessage);
  return pLine;
}

/*
** The stderr line of the copy at its 10% step iTenth (0 to 10), showing
** the rows of that step; at 10 (the end), all of them; at -1 (the start),
** the total alone.  An estimate (~) is never at 10: the end is counted.
*/
static void ormProgressCopyLine(const OrmProgress *p, int iTenth){
  sqlite3_str *pLine = ormProgressLine(p);
  sqlite3_str_appendf(pLine, ": copying \"%w\"", p->zTable);
  if( p->nTotal>=0 && iTenth>=0 ){
    sqlite3_int64 n = iTenth>=10 ? p->nTotal
                    : (sqlite3_int64)((double)p->nTotal * iTenth / 10.0);
    sqlite3_str_appendf(pLine, " %d%% (%s%lld/%lld row%s)", iTenth*10,
                        p->bEstimate ? "~" : "", n, p->nTotal,
                        p->nTotal==1 ? "" : "s");
  }else if( p->nTotal>=0 ){
    sqlite3_str_appendf(pLine, " (%lld row%s)", p->nTotal,
                        p->nTotal==1 ? "" : "s");
  }
  ormProgressPrint(pLine);
}

/*
** Read how far the copy is (see the file's header).  Only plain reads:
** this runs inside the progress handler, which is installed only for a
** table with rows (nTotal>0).
*/
static void ormProgressCount(OrmProgress *p){
  sqlite3_int64 n = (sqlite3_int64)(unsigned int)sqlite3_stmt_status(
      p->pStmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
  if( n>0 ){
    p->nRows = n;
    p->bEstimate = 0;
  }else if( p->bRowid ){
    sqlite3_int64 r = sqlite3_last_insert_rowid(p->db);
    if( r!=p->iRowid0 && r>=p->iMin && r<=p->iMax ){
      /* Rows with distinct rowids in [iMin, iMax]: iMax-(nTotal-1) cannot
      ** overflow, and equals iMin exactly when there is no gap. */
      if( p->iMax - (p->nTotal-1)==p->iMin ){
        p->nRows = r - p->iMin + 1;
        p->bEstimate = 0;
      }else{
        double fSpan = (double)p->iMax - (double)p->iMin + 1.0;
        p->nRows = (sqlite3_int64)(((double)r - (double)p->iMin + 1.0)
                                   / fSpan * (double)p->nTotal);
        p->bEstimate = 1;
      }
    }
  }
  if( p->nRows>p->nTotal ) p->nRows = p->nTotal;
}

/* Report the copy where it has got to: the file at each 1%, stderr at
** each 10%. */
static void ormProgressCopyReport(OrmProgress *p){
  int iPct = ormProgressPercent(p);
  if( iPct<0 ) return;
  if( p->zPath ){
    if( iPct!=p->iPercent ){
      p->iPercent = iPct;
      ormProgressWrite(p);
    }
  }else if( iPct/10>p->iTenth && iPct<100 ){
    /* 100% is printed when the statement has run to its end. */
    p->iTenth = iPct/10;
    ormProgressCopyLine(p, p->iTenth);
  }
}

/* The progress handler, during a copy.  Never interrupts. */
static int ormProgressTick(void *pArg){
  OrmProgress *p = (OrmProgress*)pArg;
  ormProgressCount(p);
  ormProgressCopyReport(p);
  return 0;
}

/*
** The progress of connection pCtx while a move reports (the outer one of
** nested moves), else NULL.
*/
static OrmProgress *ormProgressActive(OrmCtx *pCtx){
  OrmProgress *p = pCtx ? pCtx->pProgress : 0;
  /* The hooks get a non-NULL pCtx only from ormApplyRun(), which runs
  ** only between a successful ormProgressBegin() and ormProgressEnd(). */
  return p && ORM_ALWAYS(p->nDepth==1) ? p : 0;
}

/* orm_config('progress'): 'stderr', the file's path, or NULL when off. */
const char *ormProgressSetting(const OrmCtx *pCtx){
  const OrmProgress *p = pCtx->pProgress;
  if( p==0 ) return 0;
  return p->zPath ? p->zPath : "stderr";
}

/*
** orm_config('progress', pVal): 'stderr', a file path (written at once,
** as idle, so that a path that cannot be written is refused here), or
** NULL for off.  On error the setting stays as it was.
*/
void ormProgressSet(OrmErr *pErr, OrmCtx *pCtx, sqlite3_value *pVal){
  OrmProgress *pNew = 0;
  const char *z;
  int eType = sqlite3_value_type(pVal);
  if( ORM_NEVER(pErr->rc) ) return;       /* its caller checks */
  if( pCtx->pProgress && pCtx->pProgress->nDepth>0 ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_config: progress cannot change while %s() runs on this"
        " connection", pCtx->pProgress->zFunc);
    return;
  }
  if( eType==SQLITE_NULL ){
    ormProgressFree(pCtx->pProgress);
    pCtx->pProgress = 0;
    return;
  }
  z = eType==SQLITE_TEXT ? (const char*)sqlite3_value_text(pVal) : 0;
  if( eType==SQLITE_TEXT
   && ORM_OOM(z==0) ){
    ormErrOom(pErr);
    return;
  }
  if( z==0 || z[0]==0 || (int)strlen(z)!=sqlite3_value_bytes(pVal) ){
    ormErrSet(pErr, SQLITE_MISMATCH,
        "orm_config: progress must be 'stderr' or a file path, as text"
        " (or NULL to turn it off), not %s",
        eType==SQLITE_BLOB ? "a blob" : eType==SQLITE_TEXT ?
        (z[0] ? "text with a NUL character" : "''") : "a number");
    return;
  }
  pNew = ormMalloc(pErr, sizeof(*pNew));
  if( pNew==0 ) return;
  memset(pNew, 0, sizeof(*pNew));
  pNew->fd = -1;
  if( strcmp(z, "stderr") ){
    int iErr;
    pNew->zPath = ormStrdup(pErr, z);
    iErr = ORM_OOM(pNew->zPath==0) ? 0 : ormProgressOpen(pNew, 1);
    if( iErr==0 ) iErr = ormProgressWrite(pNew);
    ormProgressClose(pNew);
    if( iErr==ENOMEM ){
      ormErrOom(pErr);
    }else if( iErr ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_config: cannot write the progress file '%s': %s; give a"
          " file in a directory this process can write, 'stderr', or NULL"
          " to turn progress off", z, strerror(iErr));
    }
  }
  if( pErr->rc ){
    ormProgressFree(pNew);
    return;
  }
  ormProgressFree(pCtx->pProgress);
  pCtx->pProgress = pNew;
}

/*
** A move (zFunc) begins, before anything runs.  The file says so; when it
** cannot be written, the move stops here with an error.
*/
void ormProgressBegin(OrmErr *pErr, OrmCtx *pCtx, const char *zFunc){
  OrmProgress *p = pCtx->pProgress;
  int iErr;
  if( p==0 ) return;
  if( ORM_NEVER(pErr->rc) ) return;       /* its caller checks */
  if( ORM_NEVER(p->nDepth>0) ){
    p->nDepth++;                  /* only the outer move would report */
    return;
  }
  p->nDepth = 1;
  ormProgressClear(p);
  p->zFunc = zFunc;
  p->eState = ORM_PROG_STARTING;
  p->iStep = p->nStep = 0;
  p->zKind = 0;
  p->pStmt = 0;
  p->bCopy = 0;
  p->bHandler = 0;
  iErr = ormProgressOpen(p, 0);
  if( iErr==0 ) iErr = ormProgressWrite(p);
  if( iErr==ENOMEM ){
    ormErrOom(pErr);
  }else if( iErr ){
    ormErrSet(pErr, SQLITE_ERROR,
        "%s: cannot write the progress file '%s': %s; nothing was run;"
        " make it writable, or turn progress off with SELECT"
        " orm_config('progress', NULL)", zFunc, p->zPath, strerror(iErr));
  }
  if( pErr->rc ){
    ormProgressClose(p);
    p->nDepth = 0;
  }
}

/*
** Step iStep (from 0) of nStep begins: zKind "revision" or "squash", its
** id and message.
*/
void ormProgressStep(OrmCtx *pCtx, int iStep, int nStep, const char *zKind,
                     const char *zId, const char *zMessage){
  OrmProgress *p = ormProgressActive(pCtx);
  if( p==0 ) return;
  ormProgressClear(p);
  p->eState = ORM_PROG_RUNNING;
  p->iStep = iStep+1;
  p->nStep = nStep;
  p->zKind = zKind;
  p->zId = sqlite3_mprintf("%s", zId);
  p->zMessage = sqlite3_mprintf("%s", zMessage);    /* NULL: "" */
  if( ORM_OOM(p->zId==0) || ORM_OOM(p->zMessage==0) ){
    /* Reported without it: progress never fails a move. */
    sqlite3_free(p->zId);
    sqlite3_free(p->zMessage);
    p->zId = p->zMessage = 0;
    p->eState = ORM_PROG_STARTING;
    return;
  }
  if( p->zPath ){
    ormProgressWrite(p);
  }else{
    ormProgressPrint(ormProgressLine(p));
  }
}

/* The next token from z that is not a space or comment: its start, its
** length in *pn and its type in *peType (ORM_TK_EOF, length 0, at the
** end). */
static const char *ormProgressWord(const char *z, int *pn, int *peType){
  for(;;){
    *pn = ormNormToken(z, peType);
    if( *peType!=ORM_TK_SPACE ) return z;
    z += *pn;
  }
}

/*
** The table that statement zSql copies into as a rebuild: from INSERT [OR
** x] INTO "_orm_new_t", a new string "t" (the caller frees it); else NULL.
*/
static char *ormProgressCopyTarget(const char *zSql){
  const char *z = zSql;
  int n, eType;
  size_t nPrefix = strlen(ORM_NEW_PREFIX);
  char *zNew, *zTab = 0;
  z = ormProgressWord(z, &n, &eType);
  if( !ormNormIsWord(z, n, "insert") ) return 0;
  z = ormProgressWord(z+n, &n, &eType);
  if( ormNormIsWord(z, n, "or") ){
    z = ormProgressWord(z+n, &n, &eType);         /* ABORT, IGNORE, ... */
    z = ormProgressWord(z+n, &n, &eType);
  }
  /* z is INTO: SQLite's grammar has nothing else there, and zSql is a
  ** statement that SQLite prepared. */
  z = ormProgressWord(z+n, &n, &eType);
  if( eType!=ORM_TK_WORD && eType!=ORM_TK_QID ) return 0;
  zNew = ormNormIdent(z, n);
  if( ORM_OOM(zNew==0) ) return 0;
  if( strlen(zNew)>nPrefix
   && sqlite3_strnicmp(zNew, ORM_NEW_PREFIX, (int)nPrefix)==0 ){
    zTab = sqlite3_mprintf("%s", zNew + nPrefix);
  }
  sqlite3_free(zNew);
  return zTab;
}

/*
** The name of the table in "ON name" after the name of CREATE INDEX
** statement zSql (pC, from ormNormCreate()), as a new string; NULL when
** it is a string ('t'), not a name.  zSql is a statement that SQLite
** prepared: ON follows the index's name.
*/
static char *ormProgressIndexTable(const char *zSql, const OrmCreate *pC){
  int n, eType;
  const char *z = ormProgressWord(zSql + pC->iName + pC->nName, &n, &eType);
  z = ormProgressWord(z+n, &n, &eType);
  return eType==ORM_TK_WORD || eType==ORM_TK_QID ? ormNormIdent(z, n) : 0;
}

/*
** Before the copy of table p->zTable (its INSERT, pStmt) runs: its rows,
** its rowids, and the handler.  Queries of the user's connection, made
** only while progress is on; one that fails leaves the figure unknown.
** Rows copied are unknown (-1) until the handler first reads them.
*/
static void ormProgressCopyBegin(OrmProgress *p, sqlite3 *db,
                                 sqlite3_stmt *pStmt){
  OrmErr e = {0, 0};
  p->db = db;
  p->pStmt = pStmt;
  p->bCopy = 1;
  p->nTotal = ormQueryInt(&e, db, "SELECT count(*) FROM main.\"%w\"",
                          p->zTable);
  if( e.rc ) p->nTotal = -1;
  ormErrClear(&e);
  p->nRows = p->nTotal==0 ? 0 : -1;
  p->bEstimate = 0;
  /* rowid names the rowid unless a column has taken the name. */
  p->bRowid = p->nTotal>0 && ormQueryInt(&e, db,
      "SELECT (SELECT count(*) FROM pragma_table_list WHERE schema='main'"
      " AND name=%Q AND type='table' AND wr=0) AND NOT EXISTS (SELECT 1"
      " FROM pragma_table_xinfo(%Q, 'main') WHERE name='rowid' COLLATE"
      " NOCASE)", p->zTable, p->zTable)==1;
  if( e.rc ) p->bRowid = 0;
  ormErrClear(&e);
  if( p->bRowid ){
    /* Two queries: min() and max() in one would scan the table. */
    p->iMin = ormQueryInt(&e, db, "SELECT min(rowid) FROM main.\"%w\"",
                          p->zTable);
    p->iMax = ormQueryInt(&e, db, "SELECT max(rowid) FROM main.\"%w\"",
                          p->zTable);
    if( e.rc ) p->bRowid = 0;
    ormErrClear(&e);
  }
  p->iRowid0 = sqlite3_last_insert_rowid(db);
  p->iPercent = -1;
  p->iTenth = 0;
  if( p->nTotal>0 ){
#ifndef SQLITE_CORE
    /* NULL in the API table of an SQLite built without progress
    ** callbacks (better-sqlite3's): the copy shows its start and end. */
    if( sqlite3_api->progress_handler )
#endif
    {
      sqlite3_progress_handler(db, ORM_PROGRESS_OPS, ormProgressTick, p);
      p->bHandler = 1;
    }
  }
  if( p->zPath ){
    ormProgressWrite(p);
  }else{
    ormProgressCopyLine(p, -1);
  }
}

/*
** Statement pStmt of a revision, prepared on db, is about to run: report
** it if it is a rebuild's copy, DROP TABLE or CREATE INDEX.  pStmt is a
** statement (apply.c skips a tail of only spaces, for which SQLite makes
** none), so its SQL is there.
*/
void ormProgressStmt(OrmCtx *pCtx, sqlite3 *db, sqlite3_stmt *pStmt){
  OrmProgress *p = ormProgressActive(pCtx);
  const char *zSql = sqlite3_sql(pStmt);
  char *zCol = 0;
  OrmCreate c;
  if( p==0 ) return;
  if( ORM_OOM(p->zId==0) ) return;        /* see ormProgressStep() */
  memset(&c, 0, sizeof(c));
  if( (p->zTable = ormProgressCopyTarget(zSql))!=0 ){
    p->eState = ORM_PROG_COPYING;
    ormProgressCopyBegin(p, db, pStmt);
    return;
  }
  if( ormNormDropTarget(zSql, &p->zTable, &zCol)==1 && zCol==0 ){
    p->eState = ORM_PROG_DROPPING;
  }else if( ORM_OOM(ormNormCreate(zSql, &c)!=0) ){
    /* Not reported: progress never fails a move. */
  }else if( c.eType==ORM_OBJ_INDEX ){
    p->eState = ORM_PROG_INDEXING;
    sqlite3_free(p->zTable);
    p->zTable = ormProgressIndexTable(zSql, &c);
    p->zIndex = c.zName;
    c.zName = 0;
  }
  sqlite3_free(zCol);
  sqlite3_free(c.zName);
  if( p->eState==ORM_PROG_DROPPING && ORM_ALWAYS(p->zTable!=0) ){
    if( p->zPath ){
      ormProgressWrite(p);
    }else{
      sqlite3_str *pLine = ormProgressLine(p);
      sqlite3_str_appendf(pLine, ": dropping \"%w\"", p->zTable);
      ormProgressPrint(pLine);
    }
  }else if( p->eState==ORM_PROG_INDEXING && ORM_ALWAYS(p->zIndex!=0) ){
    if( p->zPath ){
      ormProgressWrite(p);
    }else{
      sqlite3_str *pLine = ormProgressLine(p);
      sqlite3_str_appendf(pLine, ": creating index \"%w\"", p->zIndex);
      if( p->zTable ) sqlite3_str_appendf(pLine, " on \"%w\"", p->zTable);
      ormProgressPrint(pLine);
    }
  }else{
    p->eState = ORM_PROG_RUNNING;
    sqlite3_free(p->zTable);
    sqlite3_free(p->zIndex);
    p->zTable = p->zIndex = 0;
  }
}

/*
** Statement pStmt has run (rc: its last sqlite3_step()'s).  The handler
** goes, always; a copy that ran to the end is 100%.  On an error what it
** was doing stays, for ormProgressEnd() to report.
*/
void ormProgressStmtEnd(OrmCtx *pCtx, sqlite3_stmt *pStmt, int rc){
  OrmProgress *p = ormProgressActive(pCtx);
  int eWas;
  (void)pStmt;                    /* unread where ORM_ALWAYS() is 1 */
  if( p==0 ) return;
  if( ORM_OOM(p->zId==0) ) return;        /* see ormProgressStep() */
  if( p->bHandler ){
    sqlite3_progress_handler(p->db, 0, 0, 0);
    p->bHandler = 0;
  }
  eWas = p->eState;
  if( rc!=SQLITE_DONE ) return;
  if( eWas==ORM_PROG_COPYING && ORM_ALWAYS(p->pStmt==pStmt) && p->zPath==0
   && p->nTotal>=0 ){
    p->nRows = p->nTotal;
    p->bEstimate = 0;
    ormProgressCopyLine(p, 10);
  }
  p->pStmt = 0;
  p->bCopy = 0;
  if( eWas==ORM_PROG_COPYING || eWas==ORM_PROG_DROPPING
   || eWas==ORM_PROG_INDEXING ){
    p->eState = ORM_PROG_RUNNING;
    sqlite3_free(p->zTable);
    sqlite3_free(p->zIndex);
    p->zTable = p->zIndex = 0;
    ormProgressWrite(p);
  }
}

/*
** The move has ended: pErr holds its error, or it is done and zCurrent
** (NULL: base) is the current revision.
*/
void ormProgressEnd(OrmCtx *pCtx, const OrmErr *pErr, const char *zCurrent){
  OrmProgress *p = pCtx->pProgress;
  sqlite3_str *pLine;
  if( p==0 || p->nDepth==0 ) return;
  p->nDepth--;
  if( ORM_NEVER(p->nDepth>0) ) return;
  /* ormProgressStmtEnd() removed it after the statement that set it. */
  if( ORM_NEVER(p->bHandler) ){
    sqlite3_progress_handler(p->db, 0, 0, 0);
    p->bHandler = 0;
  }
  if( pErr->rc ){
    p->eState = ORM_PROG_FAILED;
    p->zError = ormErrMessage(pErr, p->zFunc);
  }else{
    p->eState = ORM_PROG_DONE;
    p->bCopy = 0;
    sqlite3_free(p->zTable);
    sqlite3_free(p->zIndex);
    p->zTable = p->zIndex = 0;
    p->zCurrent = zCurrent ? sqlite3_mprintf("%s", zCurrent) : 0;
  }
  if( p->zPath ){
    ormProgressWrite(p);
  }else{
    pLine = sqlite3_str_new(0);
    if( pErr->rc ){
      sqlite3_str_appendf(pLine, "%s: failed, nothing was changed (the"
                          " error says why)", p->zFunc);
    }else{
      sqlite3_str_appendf(pLine, "%s: done, the database is at %s",
                          p->zFunc, zCurrent ? zCurrent : "base");
    }
    ormProgressPrint(pLine);
  }
  p->pStmt = 0;
  p->bCopy = 0;
  ormProgressClose(p);
  ormProgressClear(p);
}
