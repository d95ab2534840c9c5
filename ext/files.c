/*
** files.c - orm_export(dir) and orm_import(dir): revisions as plain-SQL
** files, one per revision, that a team keeps in version control.
**
**   SELECT orm_export('migrations');   -- 2: files written or up to date
**   SELECT orm_import('migrations');   -- 0: every revision is known
**
** orm_export() writes <id>_<slug>.sql for each revision, in the dbmate
** layout with ormext's header in front:
**
**   -- ormext revision: 4f1c2a9e03bd
**   -- parent: 37624d45f489
**   -- message: add password
**   -- created: 2026-11-24 16:33:00
**   -- checksum: <64 hex digits: sha256 of "up:<up>\ndown:<down>">
**
**   -- migrate:up
**   <up_sql verbatim>
**
**   -- migrate:down
**   <down_sql verbatim>
**
** The parent line is empty for the first revision and "a,b" for a merge.
** A message holding a backslash, a newline or a carriage return is
** written with the escapes \\, \n and \r.  A revision whose destructive
** flag is set gets one more header line, "-- destructive: 1", and one
** that needs a newer SQLite than any ormext runs on (orm_config.c) says
** which: "-- min_sqlite: 3.53.0".  Each file
** is written to <name>.tmp in dir and renamed into place; a file that
** already holds exactly the right text is left alone.
**
** orm_import() reads every *.sql file directly inside dir, in file name
** order (names starting with '.' are ignored), and records the revisions
** the database does not know yet, as pending.  It accepts three kinds:
**
**   ormext's own files (the first line is "-- ormext revision: ..."): the
**     header must agree with the content: the checksum line with the
**     up/down SQL, the revision id with parent, message, up and down;
**   dbmate files ("-- migrate:up" and optionally "-- migrate:down", no
**     header), and
**   golang-migrate pairs NNN_name.up.sql + NNN_name.down.sql.
**
** A file of the last two kinds gets its id from its content like any
** revision: its message is the name part of the file name (after the
** leading digits and '_'), its SQL is the section or file with surrounding
** white space trimmed, and its parent is the revision of the file before
** it in file name order (none for the first file).  So the same directory
** gives the same ids in every database.
**
** Everything is checked before anything is written, and the writes run in
** a savepoint: a failed import changes nothing.
*/
#if defined(__linux__) && !defined(_GNU_SOURCE)
# define _GNU_SOURCE              /* syncfs() */
#endif
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PATH_MAX
# define PATH_MAX 4096
#endif
#ifndef O_CLOEXEC
# define O_CLOEXEC 0
#endif

/* Largest migration file read, in bytes: SQLite's default string limit. */
#define ORM_FILES_MAX 1000000000

/* Kinds of migration file. */
#define ORM_FILE_ORMEXT 1         /* ormext's header, then the sections */
#define ORM_FILE_DBMATE 2         /* "-- migrate:up" / "-- migrate:down" */
#define ORM_FILE_GOLANG 3         /* NNN_name.up.sql + NNN_name.down.sql */

/* What orm_import() does with a revision read from a file. */
#define ORM_FILE_NEW     0        /* Unknown: insert it */
#define ORM_FILE_KNOWN   1        /* The database holds it already: skip */
#define ORM_FILE_RESTORE 2        /* The database's row was changed by
                                  ** hand; the file is intact: restore */

/*
** One revision read from a file (or a golang-migrate pair).  Every string
** is owned by the OrmFileRev.
*/
typedef struct OrmFileRev OrmFileRev;
struct OrmFileRev {
  int eKind;                      /* ORM_FILE_ORMEXT, _DBMATE or _GOLANG */
  char *zName;                    /* File name (the .up.sql of a pair) */
  char *zPath;                    /* dir/name, as messages show it */
  char *zId;                      /* ORMEXT: the header's; else derived */
  char *zParent;                  /* NULL for the first revision */
  char *zMessage;
  char *zCreated;                 /* From the header, or NULL */
  char *zChecksum;                /* From the header, or NULL */
  char *zUp;
  char *zDown;
  int bDestructive;               /* Header "-- destructive: 1" */
  int iMinSqlite;                 /* Header "-- min_sqlite: 3.53.0", or 0 */
  int eState;                     /* ORM_FILE_NEW, _KNOWN or _RESTORE */
};

/* The revisions of a directory, in file name order. */
typedef struct OrmFileSet OrmFileSet;
struct OrmFileSet {
  int n, nAlloc;
  OrmFileRev *a;                  /* Owned, with everything in it */
  int *aOrder;                    /* Indexes into a[], parents first */
  int *aById;                     /* Indexes into a[], sorted by id */
};

static void ormFileSetFree(OrmFileSet *p){
  int i;
  for(i=0; i<p->n; i++){
    OrmFileRev *r = &p->a[i];
    sqlite3_free(r->zName);
    sqlite3_free(r->zPath);
    sqlite3_free(r->zId);
    sqlite3_free(r->zParent);
    sqlite3_free(r->zMessage);
    sqlite3_free(r->zCreated);
    sqlite3_free(r->zChecksum);
    sqlite3_free(r->zUp);
    sqlite3_free(r->zDown);
  }
  sqlite3_free(p->a);
  sqlite3_free(p->aOrder);
  sqlite3_free(p->aById);
  memset(p, 0, sizeof(*p));
}

/* Append a zeroed revision; NULL (error recorded) on OOM. */
static OrmFileRev *ormFileSetAdd(OrmErr *pErr, OrmFileSet *p){
  if( pErr->rc ) return 0;
  if( p->n>=p->nAlloc ){
    int nNew = p->nAlloc ? p->nAlloc*2 : 16;
    OrmFileRev *aNew = sqlite3_realloc64(p->a, nNew*sizeof(OrmFileRev));
    if( aNew==0 ){
      ormErrOom(pErr);
      return 0;
    }
    p->a = aNew;
    p->nAlloc = nNew;
  }
  memset(&p->a[p->n], 0, sizeof(OrmFileRev));
  return &p->a[p->n++];
}

/*************************************************************************
** Small text helpers.  None of them call SQLite except to allocate.
*/

static int ormFilesIsSpace(char c){
  return c==' ' || c=='\t' || c=='\n' || c=='\r' || c=='\f' || c=='\v';
}

static int ormFilesIsAlnum(char c){
  return (c>='a' && c<='z') || (c>='A' && c<='Z') || (c>='0' && c<='9');
}

/* True if z[0..n) is exactly n lower-case hex digits. */
static int ormFilesIsHex(const char *z, int n){
  int i;
  for(i=0; i<n; i++){
    if( !((z[i]>='0' && z[i]<='9') || (z[i]>='a' && z[i]<='f')) ) return 0;
  }
  return z[n]==0;
}

/* True if z is "" or comma-separated 12-digit revision ids. */
static int ormFilesIsParentList(const char *z){
  while( *z ){
    int i;
    for(i=0; i<ORM_ID_LEN; i++){
      if( !((z[i]>='0' && z[i]<='9') || (z[i]>='a' && z[i]<='f')) ) return 0;
    }
    z += ORM_ID_LEN;
    if( *z==',' && z[1] ) z++;
    else if( *z ) return 0;
  }
  return 1;
}

/* A new copy of z[0..n) with white space trimmed at both ends. */
static char *ormFilesTrim(OrmErr *pErr, const char *z, int n){
  while( n>0 && ormFilesIsSpace(z[0]) ){ z++; n--; }
  while( n>0 && ormFilesIsSpace(z[n-1]) ) n--;
  return ormMprintf(pErr, "%.*s", n, z);
}

/* Is z[0..n) the line zMark, optionally followed by white space and
** options (dbmate allows "-- migrate:up transaction:false")? */
static int ormFilesIsMarker(const char *z, int n, const char *zMark){
  int nMark = (int)strlen(zMark);
  return n>=nMark && memcmp(z, zMark, nMark)==0
      && (n==nMark || ormFilesIsSpace(z[nMark]));
}

static int ormFilesIsAnyMarker(const char *z, int n){
  return ormFilesIsMarker(z, n, "-- migrate:up")
      || ormFilesIsMarker(z, n, "-- migrate:down");
}

/* True if some line of z is a section marker: the file format could not
** tell where the section ends. */
static int ormFilesHasMarker(const char *z){
  while( *z ){
    const char *zEnd = strchr(z, '\n');
    int n = zEnd ? (int)(zEnd - z) : (int)strlen(z);
    if( ormFilesIsAnyMarker(z, n) ) return 1;
    z += n;
    if( *z ) z++;
  }
  return 0;
}

/*
** The id a revision gets from its content, as ormStoreAdd() computes it:
** the first 12 hex digits of sha256("parent:..\nmessage:..\nup:..\ndown:..").
** Written to zOut[13].  Allocates nothing (an allocation failure could
** otherwise make a faithful revision look changed); returns 1.
*/
static int ormFilesId(OrmErr *pErr, const char *zParent, const char *zMessage,
                      const char *zUp, const char *zDown, char *zOut){
  char zHash[ORM_SUM_SIZE];
  (void)pErr;
  ormStoreIdHex(zParent, zMessage, zUp, zDown, zHash);
  memcpy(zOut, zHash, ORM_ID_LEN);
  zOut[ORM_ID_LEN] = 0;
  return 1;
}

/*
** The slug of a message for a file name, into zOut[41]: lower case, each
** run of characters other than ASCII letters and digits becomes one '_',
** none at either end, at most 40 characters, "revision" when empty.
*/
static void ormFilesSlug(const char *zMessage, char *zOut){
  int n = 0, bGap = 0;
  const char *z;
  for(z=zMessage; *z && n<40; z++){
    char c = *z;
    if( ormFilesIsAlnum(c) ){
      if( bGap && n>0 && n<39 ) zOut[n++] = '_';
      bGap = 0;
      zOut[n++] = (c>='A' && c<='Z') ? c+('a'-'A') : c;
    }else{
      bGap = 1;
    }
  }
  while( n>0 && zOut[n-1]=='_' ) n--;
  zOut[n] = 0;
  if( n==0 ) memcpy(zOut, "revision", 9);
}

/* Append z to pOut with backslash, newline and CR escaped. */
static void ormFilesEscape(sqlite3_str *pOut, const char *z){
  for(; *z; z++){
    switch( *z ){
      case '\\': sqlite3_str_append(pOut, "\\\\", 2); break;
      case '\n': sqlite3_str_append(pOut, "\\n", 2); break;
      case '\r': sqlite3_str_append(pOut, "\\r", 2); break;
      default:   sqlite3_str_appendchar(pOut, 1, *z); break;
    }
  }
}

/*
** Undo ormFilesEscape() on z[0..n).  Returns a new string, or NULL with
** *pbBad set for an unknown escape (or OOM recorded).
*/
static char *ormFilesUnescape(OrmErr *pErr, const char *z, int n, int *pbBad){
  char *zOut = ormMalloc(pErr, (sqlite3_int64)n+1);
  int i, j = 0;
  *pbBad = 0;
  if( zOut==0 ) return 0;
  for(i=0; i<n; i++){
    if( z[i]!='\\' ){
      zOut[j++] = z[i];
      continue;
    }
    i++;
    if( i<n && z[i]=='\\' ) zOut[j++] = '\\';
    else if( i<n && z[i]=='n' ) zOut[j++] = '\n';
    else if( i<n && z[i]=='r' ) zOut[j++] = '\r';
    else{
      *pbBad = 1;
      sqlite3_free(zOut);
      return 0;
    }
  }
  zOut[j] = 0;
  return zOut;
}

/* dir joined with name: "dir/name", or "dir" + name if dir ends in '/'. */
static char *ormFilesJoin(OrmErr *pErr, const char *zDir, const char *zName){
  size_t n = strlen(zDir);
  return ormMprintf(pErr, "%s%s%s", zDir, (n>0 && zDir[n-1]=='/') ? "" : "/",
                    zName);
}

/*
** The directory argument of orm_export/orm_import: text, not empty, no
** NUL inside.  NULL with an error recorded otherwise.
*/
static const char *ormFilesDirArg(OrmErr *pErr, const char *zFunc,
                                  sqlite3_value **apArg){
  const char *zDir = ormArgText(pErr, zFunc, apArg, 0, "a directory path");
  if( zDir==0 ) return 0;
  if( zDir[0]==0 ){
    ormErrSet(pErr, SQLITE_ERROR,
        "%s: the directory path is empty; give the directory of the"
        " migration files, e.g. '%s'", zFunc, "migrations");
    return 0;
  }
  if( (int)strlen(zDir)!=sqlite3_value_bytes(apArg[0]) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "%s: the directory path contains a NUL character; give a plain"
        " path", zFunc);
    return 0;
  }
  return zDir;
}

/*************************************************************************
** Reading and writing whole files.
*/

/*
** Read the whole of open file fd into a new NUL-terminated buffer.  On a
** read error return NULL with errno set (nothing recorded); OOM is
** recorded.  Reads at most ORM_FILES_MAX+1 bytes, so that the caller can
** tell a file that is too large.
*/
static char *ormFilesSlurp(OrmErr *pErr, int fd, sqlite3_int64 *pnByte){
  sqlite3_int64 nAlloc = 8192, n = 0;
  char *z = ormMalloc(pErr, nAlloc);
  while( z ){
    ssize_t nGot;
    if( n+1>=nAlloc ){
      char *zNew;
      if( n>ORM_FILES_MAX ) break;
      zNew = sqlite3_realloc64(z, nAlloc*2);
      if( zNew==0 ){
        sqlite3_free(z);
        ormErrOom(pErr);
        return 0;
      }
      z = zNew;
      nAlloc *= 2;
    }
    nGot = read(fd, z+n, (size_t)(nAlloc-1-n));
    if( nGot<0 && errno==EINTR ) continue;
    if( nGot<0 ){
      int e = errno;
      sqlite3_free(z);
      errno = e;
      return 0;
    }
    if( nGot==0 ) break;
    n += nGot;
  }
  if( z ){
    z[n] = 0;
    *pnByte = n;
  }
  return z;
}

/*
** Is zReal (a path with every symbolic link resolved) a file directly
** inside the directory zRealDir (resolved too)?
*/
static int ormFilesInside(const char *zRealDir, const char *zReal){
  size_t n = strlen(zRealDir);
  if( n==1 && zRealDir[0]=='/' ) n = 0;
  return strncmp(zReal, zRealDir, n)==0 && zReal[n]=='/'
      && zReal[n+1]!=0 && strchr(zReal+n+1, '/')==0;
}

/*
** Read migration file zName of directory zDir (resolved: zRealDir) as
** text.  Only a regular file is read; a symbolic link is followed only to
** a file directly inside the directory.  Windows line ends (every line
** ending in CR LF) become LF and a leading UTF-8 byte order mark is
** dropped.  Returns a new string; NULL with an error recorded.
*/
static char *ormFilesRead(OrmErr *pErr, const char *zDir,
                          const char *zRealDir, const char *zName){
  char *zPath = ormFilesJoin(pErr, zDir, zName);
  char *zText = 0;
  char zReal[PATH_MAX];
  const char *zOpen = zPath;
  struct stat st;
  sqlite3_int64 n = 0, i, nLf = 0, nCrLf = 0;
  int fd = -1;
  char *zNul;
  if( zPath==0 ) goto read_out;
  if( lstat(zPath, &st)!=0 ){
    ormErrSet(pErr, SQLITE_ERROR, "orm_import: cannot read file '%s': %s",
              zPath, strerror(errno));
    goto read_out;
  }
  if( S_ISLNK(st.st_mode) ){
    if( realpath(zPath, zReal)==0 ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: file '%s' is a symbolic link that cannot be"
          " followed: %s; remove it", zPath, strerror(errno));
      goto read_out;
    }
    if( !ormFilesInside(zRealDir, zReal) ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: file '%s' is a symbolic link to '%s', outside '%s';"
          " only files inside the directory are read: copy the file in",
          zPath, zReal, zDir);
      goto read_out;
    }
    zOpen = zReal;
  }
  /* O_NONBLOCK: opening a FIFO must not hang; O_NOFOLLOW: the link was
  ** resolved above, and anything swapped in since is refused. */
  fd = open(zOpen, O_RDONLY|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC);
  if( fd<0 ){
    ormErrSet(pErr, SQLITE_ERROR, "orm_import: cannot read file '%s': %s",
              zPath, strerror(errno));
    goto read_out;
  }
  if( fstat(fd, &st)!=0 || !S_ISREG(st.st_mode) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_import: '%s' is not a regular file; move it out of '%s'",
        zPath, zDir);
    goto read_out;
  }
  /* Refused before a byte is read: a huge file must not take memory
  ** first.  (A file that grows meanwhile is still cut at the limit by
  ** ormFilesSlurp() and refused below.) */
  if( st.st_size>ORM_FILES_MAX ){
    n = st.st_size;
    goto read_big;
  }
  zText = ormFilesSlurp(pErr, fd, &n);
  if( zText==0 ){
    if( pErr->rc==SQLITE_OK ){
      ormErrSet(pErr, SQLITE_ERROR, "orm_import: cannot read file '%s': %s",
                zPath, strerror(errno));
    }
    goto read_out;
  }
read_big:
  if( n>ORM_FILES_MAX ){
    ormErrSet(pErr, SQLITE_TOOBIG,
        "orm_import: file '%s' is larger than %d bytes; split it", zPath,
        ORM_FILES_MAX);
    goto read_out;
  }
  zNul = memchr(zText, 0, (size_t)n);
  if( zNul ){
    int iLine = 1;
    for(i=0; i<zNul-zText; i++) iLine += zText[i]=='\n';
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_import: '%s' line %d: the file holds a NUL byte; migration"
        " files must be text", zPath, iLine);
    goto read_out;
  }
  for(i=0; i<n; i++){
    if( zText[i]=='\n' ){
      nLf++;
      nCrLf += (i>0 && zText[i-1]=='\r');
    }
  }
  if( nLf>0 && nCrLf==nLf ){
    sqlite3_int64 j = 0;
    for(i=0; i<n; i++){
      if( zText[i]=='\r' && zText[i+1]=='\n' ) continue;
      zText[j++] = zText[i];
    }
    zText[j] = 0;
    n = j;
  }
  if( n>=3 && memcmp(zText, "\xEF\xBB\xBF", 3)==0 ){
    memmove(zText, zText+3, (size_t)(n-3)+1);
  }

read_out:
  if( fd>=0 ) close(fd);
  if( pErr->rc ){
    sqlite3_free(zText);
    zText = 0;
  }
  sqlite3_free(zPath);
  return zText;
}

/* write() all of z[0..n) to fd; 0 on success, else -1 with errno set. */
static int ormFilesWriteAll(int fd, const char *z, size_t n){
  while( n>0 ){
    ssize_t nDone = write(fd, z, n);
    if( nDone<0 && errno==EINTR ) continue;
    if( nDone<=0 ) return -1;
    z += nDone;
    n -= (size_t)nDone;
  }
  return 0;
}

/*
** Does regular file zPath (not a symbolic link) hold exactly zText?
*/
static int ormFilesSame(OrmErr *pErr, const char *zPath, const char *zText){
  struct stat st;
  size_t nText = strlen(zText);
  sqlite3_int64 n = 0;
  char *zOld;
  int fd, bSame;
  if( lstat(zPath, &st)!=0 || !S_ISREG(st.st_mode)
   || (sqlite3_uint64)st.st_size!=(sqlite3_uint64)nText ){
    return 0;
  }
  fd = open(zPath, O_RDONLY|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC);
  if( fd<0 ) return 0;
  zOld = ormFilesSlurp(pErr, fd, &n);
  close(fd);
  bSame = zOld && (size_t)n==nText && memcmp(zOld, zText, nText)==0;
  sqlite3_free(zOld);
  return bSame;
}

/*
** The files an export writes: each is written to <name>.tmp first (azTmp),
** then all are flushed to disk at once, then renamed over their names
** (azFinal).  rename() replaces a symbolic link rather than writing
** through it, and a temporary file is created with O_EXCL|O_NOFOLLOW, so
** nothing is ever written outside the directory.  One flush for all the
** files (syncfs() where there is one) rather than one fsync() each: a
** file is still never seen half written, since each appears by a rename
** after the flush, and 10,000 files take a second rather than ten.
*/
typedef struct OrmFilesBatch OrmFilesBatch;
struct OrmFilesBatch {
  const char *zDir;               /* The directory, not owned */
  OrmStrList tmp;                 /* Temporary files written, full paths */
  OrmStrList final;               /* Their final paths, same order */
  OrmStrList name;                /* Their names in zDir, for errors */
};

/* Record a failure to write file zName of the batch. */
static void ormFilesWriteErr(OrmErr *pErr, const OrmFilesBatch *b,
                             const char *zName){
  ormErrSet(pErr, SQLITE_ERROR,
      "orm_export: cannot write to directory '%s': %s (writing '%s')",
      b->zDir, strerror(errno), zName);
}

/*
** Write zText to zName.tmp in the batch's directory, unless zName holds
** exactly zText already.  On error the temporary file is removed and an
** error recorded.
*/
static void ormFilesWrite(OrmErr *pErr, OrmFilesBatch *b, const char *zName,
                          const char *zText){
  char *zPath = ormFilesJoin(pErr, b->zDir, zName);
  char *zTmp = ormMprintf(pErr, "%s.tmp", zPath);
  int fd = -1, bTmp = 0;
  if( pErr->rc ) goto write_out;
  if( ormFilesSame(pErr, zPath, zText) || pErr->rc ) goto write_out;
  fd = open(zTmp, O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0644);
  if( fd<0 && errno==EEXIST ){
    /* Left over by an export that was killed: ours to replace. */
    unlink(zTmp);
    fd = open(zTmp, O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0644);
  }
  if( fd<0 ) goto write_fail;
  bTmp = 1;
  if( ormFilesWriteAll(fd, zText, strlen(zText)) ) goto write_fail;
  if( close(fd) ){
    fd = -1;
    goto write_fail;
  }
  fd = -1;
  ormListAdd(pErr, &b->tmp, zTmp);
  ormListAdd(pErr, &b->final, zPath);
  ormListAdd(pErr, &b->name, zName);
  if( pErr->rc==SQLITE_OK ) bTmp = 0;   /* the batch's now */
  goto write_out;

write_fail:
  ormFilesWriteErr(pErr, b, zName);
write_out:
  if( fd>=0 ) close(fd);
  if( bTmp ) unlink(zTmp);
  sqlite3_free(zTmp);
  sqlite3_free(zPath);
}

/* Flush the batch's temporary files to disk; 0 on success (errno set). */
static int ormFilesFlush(const OrmFilesBatch *b){
  int i;
#if defined(__linux__)
  if( b->tmp.n>1 ){
    int fd = open(b->tmp.az[0], O_RDONLY|O_CLOEXEC);
    if( fd>=0 ){
      int rc = syncfs(fd);
      close(fd);
      if( rc==0 ) return 0;
    }
  }
#endif
  for(i=0; i<b->tmp.n; i++){
    int fd = open(b->tmp.az[i], O_RDONLY|O_CLOEXEC);
    int rc = fd<0 ? -1 : fsync(fd);
    if( fd>=0 ) close(fd);
    if( rc ) return -1;
  }
  return 0;
}

/*
** End the batch: when no error is recorded, flush every temporary file,
** rename each into place and make the renames durable; on any error,
** remove every temporary file not renamed yet.  Frees the batch.
*/
static void ormFilesCommit(OrmErr *pErr, OrmFilesBatch *b){
  int i = 0;
  if( pErr->rc==SQLITE_OK && b->tmp.n>0 ){
    if( ormFilesFlush(b) ){
      ormFilesWriteErr(pErr, b, b->name.az[0]);
    }
    for(i=0; pErr->rc==SQLITE_OK && i<b->tmp.n; i++){
      if( rename(b->tmp.az[i], b->final.az[i]) ){
        ormFilesWriteErr(pErr, b, b->name.az[i]);
        break;
      }
    }
    if( pErr->rc==SQLITE_OK ){
      int fd = open(b->zDir, O_RDONLY|O_CLOEXEC);
      if( fd>=0 ){
        (void)fsync(fd);
        close(fd);
      }
    }
  }
  for(; i<b->tmp.n; i++) unlink(b->tmp.az[i]);
  ormListFree(&b->tmp);
  ormListFree(&b->final);
  ormListFree(&b->name);
}

/*************************************************************************
** orm_export
*/

/*
** The text of the file of revision p, or NULL with an error recorded
** when the revision cannot be written faithfully.  The caller frees it.
*/
static char *ormFilesText(OrmErr *pErr, const OrmRev *p){
  char zId[ORM_ID_SIZE], zSum[ORM_SUM_SIZE];
  sqlite3_str *pOut;
  char *zText;
  if( pErr->rc ) return 0;
  ormStoreChecksum(p->zUp, p->zDown, zSum);
  if( !ormFilesId(pErr, p->zParent, p->zMessage, p->zUp, p->zDown, zId) ){
    return 0;
  }
  if( strcmp(zId, p->zId) || p->zChecksum==0 || strcmp(zSum, p->zChecksum) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_export: revision %s was changed in the database after it was"
        " recorded (its content no longer gives its id and checksum);"
        " restore it with orm_import() from an earlier export", p->zId);
    return 0;
  }
  if( ormFilesHasMarker(p->zUp) || ormFilesHasMarker(p->zDown) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_export: revision %s has a line starting with '-- migrate:' in"
        " its SQL, which the file format uses to separate the sections;"
        " change that comment in a new revision", p->zId);
    return 0;
  }
  pOut = sqlite3_str_new(0);
  sqlite3_str_appendf(pOut, "-- ormext revision: %s\n-- parent: %s\n"
                      "-- message: ", p->zId, p->zParent ? p->zParent : "");
  ormFilesEscape(pOut, p->zMessage ? p->zMessage : "");
  sqlite3_str_appendall(pOut, "\n-- created: ");
  ormFilesEscape(pOut, p->zCreated ? p->zCreated : "");
  sqlite3_str_appendf(pOut, "\n-- checksum: %s\n", p->zChecksum);
  if( p->bDestructive ) sqlite3_str_appendall(pOut, "-- destructive: 1\n");
  {
    char zVer[ORM_VERSION_TEXT];
    ormConfigVersionText(ormConfigRevNeeds(p, 1, 1), zVer);
    if( zVer[0] ) sqlite3_str_appendf(pOut, "-- min_sqlite: %s\n", zVer);
  }
  sqlite3_str_appendf(pOut,
      "\n-- migrate:up\n%s\n\n-- migrate:down\n%s\n", p->zUp, p->zDown);
  zText = sqlite3_str_finish(pOut);
  if( zText==0 ) ormErrOom(pErr);
  return zText;
}

/*
** The file of squash q: as a revision's, but its first line says
** "-- ormext squash: <id>" and a "-- replaces: a,b,..." line stands for
** the parent.  orm_import() reads it apart from the revision files.
*/
static char *ormFilesSquashText(OrmErr *pErr, const OrmSquash *q){
  char zId[ORM_ID_SIZE], zSum[ORM_SUM_SIZE];
  sqlite3_str *pOut;
  char *zText;
  if( pErr->rc ) return 0;
  ormStoreChecksum(q->zUp, q->zDown, zSum);
  if( !ormSquashId(pErr, q->zReplaces, q->zMessage, q->zUp, q->zDown, zId) ){
    return 0;
  }
  if( strcmp(zId, q->zId) || q->zChecksum==0 || strcmp(zSum, q->zChecksum) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_export: squash %s was changed in the database after it was"
        " recorded (its content no longer gives its id and checksum);"
        " delete it (DELETE FROM orm_migrations WHERE revision='%s') and"
        " squash again", q->zId, q->zId);
    return 0;
  }
  if( ormFilesHasMarker(q->zUp) || ormFilesHasMarker(q->zDown) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_export: squash %s has a line starting with '-- migrate:' in"
        " its SQL, which the file format uses to separate the sections",
        q->zId);
    return 0;
  }
  pOut = sqlite3_str_new(0);
  sqlite3_str_appendf(pOut, "-- ormext squash: %s\n-- replaces: %s\n"
                      "-- message: ", q->zId, q->zReplaces);
  ormFilesEscape(pOut, q->zMessage ? q->zMessage : "");
  sqlite3_str_appendall(pOut, "\n-- created: ");
  ormFilesEscape(pOut, q->zCreated ? q->zCreated : "");
  sqlite3_str_appendf(pOut, "\n-- checksum: %s\n", q->zChecksum);
  if( q->bDestructive ) sqlite3_str_appendall(pOut, "-- destructive: 1\n");
  sqlite3_str_appendf(pOut,
      "\n-- migrate:up\n%s\n\n-- migrate:down\n%s\n", q->zUp, q->zDown);
  zText = sqlite3_str_finish(pOut);
  if( zText==0 ) ormErrOom(pErr);
  return zText;
}

/*
** orm_export(dir): write one file per revision into dir, which must be an
** existing directory.  Returns the number of revision files, written or
** found up to date.  Only reads the database.  On error no file is
** changed (see OrmFilesBatch), unless a rename fails part way: the files
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
  OrmFilesBatch batch;
  int i, nFile = 0;
  (void)nArg;
  memset(&hist, 0, sizeof(hist));
  memset(&batch, 0, sizeof(batch));
  zDir = ormFilesDirArg(&err, "orm_export", apArg);
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
  for(i=0; i<hist.nRev && err.rc==SQLITE_OK; i++){
    const OrmRev *pRev = &hist.aRev[i];
    char zSlug[41];
    char *zText, *zName;
    /* The id becomes part of a path: it must be plain hex, never a '/'
    ** or '..'.  The slug is letters, digits and '_' by construction. */
    if( !ormFilesIsHex(pRev->zId, ORM_ID_LEN) ){
      ormErrSet(&err, SQLITE_ERROR,
          "orm_export: revision id '%s' is not 12 hex digits; the history"
          " was edited by hand", pRev->zId);
      break;
    }
    ormFilesSlug(pRev->zMessage ? pRev->zMessage : "", zSlug);
    zText = ormFilesText(&err, pRev);
    zName = ormMprintf(&err, "%s_%s.sql", pRev->zId, zSlug);
    if( zName && zText ) ormFilesWrite(&err, &batch, zName, zText);
    sqlite3_free(zName);
    sqlite3_free(zText);
    nFile++;
  }
  for(i=0; i<hist.nSquash && err.rc==SQLITE_OK; i++){
    const OrmSquash *q = &hist.aSquash[i];
    char zSlug[41];
    char *zText, *zName;
    if( !ormFilesIsHex(q->zId, ORM_ID_LEN) ){
      ormErrSet(&err, SQLITE_ERROR,
          "orm_export: squash id '%s' is not 12 hex digits; the history"
          " was edited by hand", q->zId);
      break;
    }
    ormFilesSlug(q->zMessage ? q->zMessage : "", zSlug);
    zText = ormFilesSquashText(&err, q);
    zName = ormMprintf(&err, "%s_%s.sql", q->zId, zSlug);
    if( zName && zText ) ormFilesWrite(&err, &batch, zName, zText);
    sqlite3_free(zName);
    sqlite3_free(zText);
    nFile++;
  }
  ormFilesCommit(&err, &batch);
  ormStoreFree(&hist);
  if( err.rc==SQLITE_OK ) sqlite3_result_int(pCtx, nFile);
  ormErrResult(&err, pCtx, "orm_export");
}

/*************************************************************************
** orm_import: parsing.
*/

/* A cursor over the lines of a NUL-terminated text. */
typedef struct OrmLines OrmLines;
struct OrmLines {
  const char *z;                  /* The text, not owned */
  int iNext;                      /* Offset of the next line */
  int iStart, n;                  /* The current line (without its LF) */
  int iLine;                      /* Its number, from 1 */
};

/* Move to the next line; 0 at the end of the text. */
static int ormLinesNext(OrmLines *p){
  if( p->z[p->iNext]==0 ) return 0;
  p->iStart = p->iNext;
  while( p->z[p->iNext] && p->z[p->iNext]!='\n' ) p->iNext++;
  p->n = p->iNext - p->iStart;
  if( p->z[p->iNext]=='\n' ) p->iNext++;
  p->iLine++;
  return 1;
}

/* True if the current line is empty or white space. */
static int ormLinesBlank(const OrmLines *p){
  int i;
  for(i=0; i<p->n; i++){
    if( !ormFilesIsSpace(p->z[p->iStart+i]) ) return 0;
  }
  return 1;
}

/* The current line, shortened for a message.  The caller frees it. */
static char *ormLinesShow(OrmErr *pErr, const OrmLines *p){
  return ormMprintf(pErr, "%.*s%s", p->n>60 ? 60 : p->n, p->z+p->iStart,
                    p->n>60 ? "..." : "");
}

/*
** Scan the sections of a file from the line after "-- migrate:up" (the
** cursor is on it): the up section runs to a "-- migrate:down" line, the
** down section to the end.  Sets *piUpEnd (offset of the down marker, or
** of the end when there is none), *piDown (offset of the down section) and
** returns the line number of the down marker, 0 if there is none.  A
** second marker is an error.
*/
static int ormFilesSections(OrmErr *pErr, const char *zPath, OrmLines *pL,
                            int *piUpEnd, int *piDown){
  int iUp = pL->iLine, iDown = 0;
  *piUpEnd = *piDown = (int)strlen(pL->z);
  while( pErr->rc==SQLITE_OK && ormLinesNext(pL) ){
    const char *zLine = pL->z + pL->iStart;
    if( ormFilesIsMarker(zLine, pL->n, "-- migrate:up") ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: '%s' line %d: a second '-- migrate:up' line (the"
          " first is line %d); a file holds one revision", zPath, pL->iLine,
          iUp);
    }else if( ormFilesIsMarker(zLine, pL->n, "-- migrate:down") ){
      if( iDown ){
        ormErrSet(pErr, SQLITE_ERROR,
            "orm_import: '%s' line %d: a second '-- migrate:down' line (the"
            " first is line %d); a file holds one revision", zPath,
            pL->iLine, iDown);
      }else{
        iDown = pL->iLine;
        *piUpEnd = pL->iStart;
        *piDown = pL->iNext;
      }
    }
  }
  return iDown;
}

/*
** Parse a file in ormext's format into r (zPath set).  The header's
** values are checked for form only; whether they agree with the content
** is checked later, once every file is read.
*/
static void ormFilesParseOrmext(OrmErr *pErr, OrmFileRev *r,
                                const char *zText, int bSquash){
  static const char *azRevKey[] = {
    "ormext revision", "parent", "message", "created", "checksum",
    "destructive", "min_sqlite"
  };
  /* A squash file: its "parent" is the list of the revisions it
  ** replaces (see ormFilesSquashText()). */
  static const char *azSquashKey[] = {
    "ormext squash", "replaces", "message", "created", "checksum",
    "destructive", "min_sqlite"
  };
  const char *const *azKey = bSquash ? azSquashKey : azRevKey;
  OrmLines L;
  int aSeen[7];
  int iUpEnd, iDown, n, i;
  memset(&L, 0, sizeof(L));
  memset(aSeen, 0, sizeof(aSeen));
  L.z = zText;
  while( pErr->rc==SQLITE_OK ){
    const char *zLine, *zVal;
    int nKey, nVal, iKey;
    if( !ormLinesNext(&L) ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: '%s' line %d: the file ends before its"
          " '-- migrate:up' line; add the up and down sections", r->zPath,
          L.iLine+1);
      return;
    }
    zLine = L.z + L.iStart;
    if( ormFilesIsMarker(zLine, L.n, "-- migrate:up") ) break;
    if( ormLinesBlank(&L) ) continue;
    /* "-- key: value" */
    for(nKey=0; nKey+3<L.n && zLine[nKey+3]!=':'; nKey++){}
    iKey = -1;
    if( L.n>3 && memcmp(zLine, "-- ", 3)==0 && nKey+3<L.n ){
      for(i=0; i<7; i++){
        if( (int)strlen(azKey[i])==nKey
         && memcmp(zLine+3, azKey[i], nKey)==0 ) iKey = i;
      }
    }
    if( iKey<0 ){
      char *zShow = ormLinesShow(pErr, &L);
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: '%s' line %d: expected a header line '-- key: value'"
          " (revision, parent, message, created, checksum, destructive,"
          " min_sqlite) or"
          " '-- migrate:up', not '%s'", r->zPath, L.iLine, zShow);
      sqlite3_free(zShow);
      return;
    }
    if( aSeen[iKey] ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: '%s' line %d: a second '-- %s:' line (the first is"
          " line %d)", r->zPath, L.iLine, azKey[iKey], aSeen[iKey]);
      return;
    }
    aSeen[iKey] = L.iLine;
    zVal = zLine + 3 + nKey + 1;
    nVal = L.n - 3 - nKey - 1;
    if( nVal>0 && zVal[0]==' ' ){ zVal++; nVal--; }
    if( iKey!=2 ){
      while( nVal>0 && ormFilesIsSpace(zVal[nVal-1]) ) nVal--;
    }
    switch( iKey ){
      case 0:   /* revision */
        r->zId = ormMprintf(pErr, "%.*s", nVal, zVal);
        if( r->zId && !ormFilesIsHex(r->zId, ORM_ID_LEN) ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: the revision id must be 12"
              " lower-case hex digits, not '%s'", r->zPath, L.iLine,
              r->zId);
        }
        break;
      case 1:   /* parent */
        if( nVal>0 ) r->zParent = ormMprintf(pErr, "%.*s", nVal, zVal);
        if( r->zParent && !ormFilesIsParentList(r->zParent) ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: the parent must be empty, a"
              " revision id or ids separated by ',', not '%s'", r->zPath,
              L.iLine, r->zParent);
        }
        break;
      case 2: { /* message */
        int bBad = 0;
        r->zMessage = ormFilesUnescape(pErr, zVal, nVal, &bBad);
        if( bBad ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: the message has an unknown escape;"
              " write a backslash as \\\\", r->zPath, L.iLine);
        }
        break;
      }
      case 3: { /* created */
        int bBad = 0;
        if( nVal>0 ) r->zCreated = ormFilesUnescape(pErr, zVal, nVal, &bBad);
        if( bBad ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: the created time has an unknown"
              " escape", r->zPath, L.iLine);
        }
        break;
      }
      case 4:   /* checksum */
        r->zChecksum = ormMprintf(pErr, "%.*s", nVal, zVal);
        if( r->zChecksum && !ormFilesIsHex(r->zChecksum, ORM_SUM_LEN) ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: the checksum must be 64 lower-case"
              " hex digits", r->zPath, L.iLine);
        }
        break;
      case 5:   /* destructive */
        if( nVal!=1 || (zVal[0]!='0' && zVal[0]!='1') ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: destructive must be 0 or 1",
              r->zPath, L.iLine);
        }
        r->bDestructive = zVal[0]=='1';
        break;
      default: { /* min_sqlite */
        char *zVer = ormMprintf(pErr, "%.*s", nVal, zVal);
        r->iMinSqlite = ormConfigVersion(zVer);
        if( zVer && r->iMinSqlite==0 ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: min_sqlite must be a SQLite version"
              " such as 3.53.0, not '%s'", r->zPath, L.iLine, zVer);
        }
        sqlite3_free(zVer);
        break;
      }
    }
  }
  if( pErr->rc ) return;
  for(i=1; i<5; i++){
    if( i!=3 && !aSeen[i] ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: '%s' line %d: the header has no '-- %s:' line; add"
          " it above '-- migrate:up'", r->zPath, L.iLine, azKey[i]);
      return;
    }
  }
  {
    int iUpLine = L.iLine, iUp = L.iNext;
    if( !ormFilesSections(pErr, r->zPath, &L, &iUpEnd, &iDown) ){
      if( pErr->rc==SQLITE_OK ){
        ormErrSet(pErr, SQLITE_ERROR,
            "orm_import: '%s' line %d: '-- migrate:up' has no matching"
            " '-- migrate:down' line; add one (the down section may be"
            " empty)", r->zPath, iUpLine);
      }
      return;
    }
    /* orm_export() writes the up SQL, a blank line and the down marker,
    ** then the down SQL and a newline: take exactly those away again. */
    n = iUpEnd - iUp;
    for(i=0; i<2 && n>0 && zText[iUp+n-1]=='\n'; i++) n--;
    r->zUp = ormMprintf(pErr, "%.*s", n, zText+iUp);
    n = (int)strlen(zText+iDown);
    if( n>0 && zText[iDown+n-1]=='\n' ) n--;
    r->zDown = ormMprintf(pErr, "%.*s", n, zText+iDown);
  }
}

/*
** Parse a dbmate file into r (zPath set): comment or blank lines, then
** "-- migrate:up", the up SQL, optionally "-- migrate:down" and the down
** SQL.  Each section is trimmed.
*/
static void ormFilesParseDbmate(OrmErr *pErr, OrmFileRev *r,
                                const char *zText){
  OrmLines L;
  int iUpEnd, iDown, iUp;
  memset(&L, 0, sizeof(L));
  L.z = zText;
  while( 1 ){
    const char *zLine;
    if( !ormLinesNext(&L) ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: '%s' line %d: no '-- migrate:up' line: the file holds"
          " no migration; start its SQL with '-- migrate:up'", r->zPath,
          L.iLine>0 ? L.iLine : 1);
      return;
    }
    zLine = L.z + L.iStart;
    if( ormFilesIsMarker(zLine, L.n, "-- migrate:up") ) break;
    if( ormFilesIsMarker(zLine, L.n, "-- migrate:down") ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: '%s' line %d: '-- migrate:down' before"
          " '-- migrate:up'; put the up section first", r->zPath, L.iLine);
      return;
    }
    if( ormLinesBlank(&L) || (L.n>=2 && memcmp(zLine, "--", 2)==0) ){
      continue;
    }
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_import: '%s' line %d: SQL before any '-- migrate:up' line;"
        " start the up section with '-- migrate:up' (dbmate), or name the"
        " file NNN_name.up.sql with a NNN_name.down.sql (golang-migrate)",
        r->zPath, L.iLine);
    return;
  }
  iUp = L.iNext;
  if( !ormFilesSections(pErr, r->zPath, &L, &iUpEnd, &iDown) ){
    iUpEnd = iDown = (int)strlen(zText);
  }
  r->zUp = ormFilesTrim(pErr, zText+iUp, iUpEnd-iUp);
  r->zDown = ormFilesTrim(pErr, zText+iDown, (int)strlen(zText+iDown));
}

/*
** The message of a file without a header: the name without its suffix
** (nStem bytes) and without leading digits and '_' (a version number or a
** timestamp), e.g. "create_users" for 20151129054053_create_users.sql.
*/
static char *ormFilesStemMessage(OrmErr *pErr, const char *zName, int nStem){
  int i = 0;
  while( i<nStem && zName[i]>='0' && zName[i]<='9' ) i++;
  if( i>0 && i<nStem && zName[i]=='_' ){
    return ormMprintf(pErr, "%.*s", nStem-i-1, zName+i+1);
  }
  return ormMprintf(pErr, "%.*s", nStem, zName);
}

/* Does name z end with zSuffix, with something before it? */
static int ormFilesEndsWith(const char *z, const char *zSuffix){
  size_t n = strlen(z), nSuffix = strlen(zSuffix);
  return n>nSuffix && strcmp(z+n-nSuffix, zSuffix)==0;
}

/* Index of zName in the sorted list, or -1. */
static int ormFilesFindName(const OrmStrList *p, const char *zName){
  int iLo = 0, iHi = p->n-1;
  while( iLo<=iHi ){
    int iMid = (iLo+iHi)/2;
    int c = strcmp(p->az[iMid], zName);
    if( c==0 ) return iMid;
    if( c<0 ) iLo = iMid+1; else iHi = iMid-1;
  }
  return -1;
}

static int ormFilesCmpName(const void *a, const void *b){
  return strcmp(*(char*const*)a, *(char*const*)b);
}

/*
** List the *.sql names directly in zDir (not starting with '.'), sorted
** by strcmp(), into pNames; resolve zDir into zRealDir[PATH_MAX].
*/
static void ormFilesList(OrmErr *pErr, const char *zDir, OrmStrList *pNames,
                         char *zRealDir){
  DIR *pDir;
  struct dirent *pEnt;
  if( pErr->rc ) return;
  pDir = opendir(zDir);
  if( pDir==0 || realpath(zDir, zRealDir)==0 ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_import: cannot read directory '%s': %s; give the directory"
        " orm_export() wrote", zDir, strerror(errno));
    if( pDir ) closedir(pDir);
    return;
  }
  while( pErr->rc==SQLITE_OK ){
    errno = 0;
    pEnt = readdir(pDir);
    if( pEnt==0 ){
      if( errno ){
        ormErrSet(pErr, SQLITE_ERROR,
            "orm_import: cannot read directory '%s': %s", zDir,
            strerror(errno));
      }
      break;
    }
    /* Hidden names, "." and ".." never count; readdir() never gives a
    ** name with '/' in it. */
    if( pEnt->d_name[0]=='.' ) continue;
    if( !ormFilesEndsWith(pEnt->d_name, ".sql") ) continue;
    ormListAdd(pErr, pNames, pEnt->d_name);
  }
  closedir(pDir);
  if( pErr->rc==SQLITE_OK && pNames->n>1 ){
    qsort(pNames->az, pNames->n, sizeof(char*), ormFilesCmpName);
  }
}

/*
** Read and parse every file of the sorted list into pSet, one revision
** per file (per pair for golang-migrate), in file name order.  Derive
** the id of each revision without an ormext header.
*/
static void ormFilesLoad(OrmErr *pErr, const char *zDir,
                         const char *zRealDir, const OrmStrList *pNames,
                         OrmFileSet *pSet, OrmFileSet *pSquash){
  int i;
  for(i=0; i<pNames->n && pErr->rc==SQLITE_OK; i++){
    const char *zName = pNames->az[i];
    int nName = (int)strlen(zName);
    OrmFileRev *r;
    char *zText = 0;
    if( ormFilesEndsWith(zName, ".down.sql") ){
      char *zUpName = ormMprintf(pErr, "%.*s.up.sql", nName-9, zName);
      if( zUpName && ormFilesFindName(pNames, zUpName)<0 ){
        char *zPath = ormFilesJoin(pErr, zDir, zName);
        ormErrSet(pErr, SQLITE_ERROR,
            "orm_import: file '%s' has no matching '%s'; golang-migrate"
            " files come in pairs", zPath, zUpName);
        sqlite3_free(zPath);
      }
      sqlite3_free(zUpName);
      continue;               /* read with its .up.sql */
    }
    r = ormFileSetAdd(pErr, pSet);
    if( r==0 ) break;
    r->zName = ormStrdup(pErr, zName);
    r->zPath = ormFilesJoin(pErr, zDir, zName);
    if( pErr->rc ) break;
    if( ormFilesEndsWith(zName, ".up.sql") ){
      char *zDownName = ormMprintf(pErr, "%.*s.down.sql", nName-7, zName);
      r->eKind = ORM_FILE_GOLANG;
      if( zDownName && ormFilesFindName(pNames, zDownName)<0 ){
        ormErrSet(pErr, SQLITE_ERROR,
            "orm_import: file '%s' has no matching '%s'; add it (it may be"
            " empty)", r->zPath, zDownName);
      }
      zText = ormFilesRead(pErr, zDir, zRealDir, zName);
      if( zText ) r->zUp = ormFilesTrim(pErr, zText, (int)strlen(zText));
      sqlite3_free(zText);
      zText = zDownName ? ormFilesRead(pErr, zDir, zRealDir, zDownName) : 0;
      if( zText ) r->zDown = ormFilesTrim(pErr, zText, (int)strlen(zText));
      r->zMessage = ormFilesStemMessage(pErr, zName, nName-7);
      sqlite3_free(zDownName);
    }else{
      zText = ormFilesRead(pErr, zDir, zRealDir, zName);
      if( zText && strncmp(zText, "-- ormext squash:", 17)==0 ){
        /* A squash file is no link of the chain of file names: it goes
        ** to pSquash (r, just added, is the last of pSet). */
        OrmFileRev *q = ormFileSetAdd(pErr, pSquash);
        if( q ){
          q->eKind = ORM_FILE_ORMEXT;
          q->zName = r->zName;
          q->zPath = r->zPath;
          r->zName = r->zPath = 0;
          pSet->n--;
          ormFilesParseOrmext(pErr, q, zText, 1);
          if( pErr->rc==SQLITE_OK && q->zParent==0 ){
            ormErrSet(pErr, SQLITE_ERROR, "orm_import: '%s': the"
                " '-- replaces:' line lists no revision; revert the file"
                " (orm_export() rewrites it)", q->zPath);
          }
        }
        sqlite3_free(zText);
        continue;
      }
      if( zText && strncmp(zText, "-- ormext revision:", 19)==0 ){
        r->eKind = ORM_FILE_ORMEXT;
        ormFilesParseOrmext(pErr, r, zText, 0);
      }else if( zText ){
        r->eKind = ORM_FILE_DBMATE;
        ormFilesParseDbmate(pErr, r, zText);
        r->zMessage = ormFilesStemMessage(pErr, zName, nName-4);
      }
    }
    sqlite3_free(zText);
    zText = 0;
    if( r->eKind!=ORM_FILE_ORMEXT && pErr->rc==SQLITE_OK ){
      char zId[ORM_ID_SIZE];
      /* Chain onto the revision of the file before, as the file names
      ** order them. */
      if( pSet->n>1 ){
        r->zParent = ormStrdup(pErr, pSet->a[pSet->n-2].zId);
      }
      if( ormFilesId(pErr, r->zParent, r->zMessage, r->zUp, r->zDown, zId) ){
        r->zId = ormStrdup(pErr, zId);
      }
    }
  }
}

/*************************************************************************
** orm_import: checking and recording.
*/

/* Does file revision a sort before b by id, then by file name?  The
** order in which branches are recorded: content, never the clock. */
static int ormFilesBefore(const OrmFileRev *a, const OrmFileRev *b){
  int c = strcmp(a->zId, b->zId);
  return c<0 || (c==0 && strcmp(a->zName, b->zName)<0);
}

/* Does file revision a sort before b by id?  Ties keep file name order. */
static int ormFilesBeforeId(const OrmFileRev *a, const OrmFileRev *b){
  return strcmp(a->zId, b->zId)<0;
}

/*
** Fill aIdx[0..n) with the indexes of pSet->a sorted by xBefore: a stable
** merge sort that uses aTmp[n] as scratch.
*/
static void ormFilesSort(const OrmFileSet *pSet, int *aIdx, int *aTmp,
                         int (*xBefore)(const OrmFileRev*, const OrmFileRev*)){
  int n = pSet->n, nRun, i;
  for(i=0; i<n; i++) aIdx[i] = i;
  for(nRun=1; nRun<n; nRun*=2){
    for(i=0; i<n; i+=2*nRun){
      int iA = i, iB = i+nRun, k = i;
      int iEndA = iB<n ? iB : n;
      int iEndB = i+2*nRun<n ? i+2*nRun : n;
      while( iA<iEndA || iB<iEndB ){
        if( iB>=iEndB || (iA<iEndA
         && !xBefore(&pSet->a[aIdx[iB]], &pSet->a[aIdx[iA]])) ){
          aTmp[k++] = aIdx[iA++];
        }else{
          aTmp[k++] = aIdx[iB++];
        }
      }
    }
    memcpy(aIdx, aTmp, sizeof(int)*n);
  }
}

/*
** Index the file revisions by id into pSet->aById, and record an error
** when two files hold the same revision.
*/
static void ormFilesIndex(OrmErr *pErr, OrmFileSet *pSet){
  int *aTmp, i;
  if( pErr->rc || pSet->n==0 ) return;
  pSet->aById = ormMalloc(pErr, sizeof(int)*(pSet->n+1));
  aTmp = ormMalloc(pErr, sizeof(int)*(pSet->n+1));
  if( aTmp && pSet->aById ){
    ormFilesSort(pSet, pSet->aById, aTmp, ormFilesBeforeId);
  }
  sqlite3_free(aTmp);
  for(i=1; i<pSet->n && pErr->rc==SQLITE_OK; i++){
    const OrmFileRev *a = &pSet->a[pSet->aById[i-1]];
    const OrmFileRev *b = &pSet->a[pSet->aById[i]];
    if( strcmp(a->zId, b->zId)==0 ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: files '%s' and '%s' both hold revision %s; remove"
          " one of them", a->zPath, b->zPath, a->zId);
    }
  }
}

/* Index of the file revision with id z[0..n), or -1.  Binary search of
** pSet->aById. */
static int ormFilesFind(const OrmFileSet *pSet, const char *z, int n){
  int iLo = 0, iHi = pSet->n-1;
  while( iLo<=iHi ){
    int iMid = (iLo+iHi)/2;
    const char *zId = pSet->a[pSet->aById[iMid]].zId;
    int c = strncmp(zId, z, n);
    if( c==0 && zId[n]!=0 ) c = 1;
    if( c==0 ) return pSet->aById[iMid];
    if( c<0 ) iLo = iMid+1; else iHi = iMid-1;
  }
  return -1;
}

/*
** The next parent of file revision r from offset *pi of its parent list
** that is a file revision the database does not know: its index, or -1
** when there are no more.  A parent that is neither in the database nor
** in a file is an error (recorded; -1 returned).
*/
static int ormFilesNextParent(OrmErr *pErr, const OrmFileSet *pSet,
                              const OrmHistory *pHist, const OrmFileRev *r,
                              const char *zDir, int *pi){
  const char *zList = r->zParent ? r->zParent : "";
  while( pErr->rc==SQLITE_OK && zList[*pi] ){
    const char *z = zList + *pi;
    int n = 0, iFile;
    char zId[ORM_ID_SIZE];
    while( z[n] && z[n]!=',' ) n++;
    *pi += n + (z[n]==',');
    if( n==ORM_ID_LEN ){
      memcpy(zId, z, ORM_ID_LEN);
      zId[ORM_ID_LEN] = 0;
      if( ormStoreFind(pHist, zId)>=0 ) continue;
    }
    iFile = ormFilesFind(pSet, z, n);
    if( iFile>=0 ) return iFile;
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_import: file '%s': parent %.*s is not a known revision and no"
        " file in '%s' holds it; add the file of that revision", r->zPath,
        n, z, zDir);
  }
  return -1;
}

/*
** Order the file revisions parents first into pSet->aOrder: a depth-first
** walk from each revision in ormFilesBefore() order, which records its
** parents before it.  A revision the database knows needs no parents.
** Record an error for a parent that nobody holds, or for parents that
** form a cycle (a walk that meets a revision it is still inside).
*/
static void ormFilesOrder(OrmErr *pErr, const char *zDir, OrmFileSet *pSet,
                          const OrmHistory *pHist){
  int *aSorted, *aStack, *aOff;
  unsigned char *aState;          /* 0: not seen, 1: in the walk, 2: done */
  int i, k, nOrder = 0;
  if( pErr->rc || pSet->n==0 ) return;
  pSet->aOrder = ormMalloc(pErr, sizeof(int)*(pSet->n+1));
  aSorted = ormMalloc(pErr, sizeof(int)*(pSet->n+1));
  aStack = ormMalloc(pErr, sizeof(int)*(pSet->n+1));
  aOff = ormMalloc(pErr, sizeof(int)*(pSet->n+1));
  aState = ormMalloc(pErr, pSet->n+1);
  if( pErr->rc ) goto order_out;
  /* Ties between branches are broken by id, as in the store, so that
  ** the history keeps its order across export and import. */
  ormFilesSort(pSet, aSorted, aStack, ormFilesBefore);
  for(i=0; i<pSet->n; i++){
    if( ormStoreFind(pHist, pSet->a[i].zId)>=0 ){
      aState[i] = 2;
      pSet->aOrder[nOrder++] = i;
    }
  }
  for(k=0; k<pSet->n && pErr->rc==SQLITE_OK; k++){
    int nStack = 0;
    if( aState[aSorted[k]] ) continue;
    aStack[nStack] = aSorted[k];
    aOff[nStack++] = 0;
    aState[aSorted[k]] = 1;
    while( nStack>0 && pErr->rc==SQLITE_OK ){
      int iAt = aStack[nStack-1];
      int iPar = ormFilesNextParent(pErr, pSet, pHist, &pSet->a[iAt], zDir,
                                    &aOff[nStack-1]);
      if( iPar<0 ){
        aState[iAt] = 2;
        pSet->aOrder[nOrder++] = iAt;
        nStack--;
      }else if( aState[iPar]==0 ){
        aState[iPar] = 1;
        aStack[nStack] = iPar;
        aOff[nStack++] = 0;
      }else if( aState[iPar]==1 ){
        sqlite3_str *pOut = sqlite3_str_new(0);
        char *zList;
        int j;
        for(j=0; aStack[j]!=iPar; j++){}
        for(; j<nStack; j++){
          const OrmFileRev *r = &pSet->a[aStack[j]];
          sqlite3_str_appendf(pOut, "%s ('%s') -> ", r->zId, r->zPath);
        }
        sqlite3_str_appendall(pOut, pSet->a[iPar].zId);
        zList = sqlite3_str_finish(pOut);
        ormErrSet(pErr, SQLITE_ERROR,
            "orm_import: the parents of these revisions form a cycle: %s;"
            " fix their '-- parent:' lines", zList ? zList : "?");
        sqlite3_free(zList);
      }
    }
  }

order_out:
  sqlite3_free(aSorted);
  sqlite3_free(aStack);
  sqlite3_free(aOff);
  sqlite3_free(aState);
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
    int iRow = ormStoreFind(pHist, r->zId);
    const OrmRev *pRow = iRow>=0 ? &pHist->aRev[iRow] : 0;
    char zSum[ORM_SUM_SIZE], zId[ORM_ID_SIZE];
    int bSum, bId, bSame;
    ormStoreChecksum(r->zUp, r->zDown, zSum);
    if( !ormFilesId(pErr, r->zParent, r->zMessage, r->zUp, r->zDown, zId) ){
      break;
    }
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
      if( zUp && zDown ){
        ormApplyNoControl(pErr, "orm_import", zUp, r->zUp);
        ormApplyNoControl(pErr, "orm_import", zDown, r->zDown);
      }
      sqlite3_free(zUp);
      sqlite3_free(zDown);
      /* Out of memory, ormTxnControlIn() may see a statement boundary
      ** where there is none: only an error found again stops here. */
      if( pErr->rc ) break;
    }
    ormStoreChecksum(r->zUp, r->zDown, zSum);
    if( pIns==0 && pUpd==0 ) ormStoreCreate(pErr, db);
    if( r->eState==ORM_FILE_NEW ){
      if( pIns==0 ){
        pIns = ormPrepare(pErr, db,
            "INSERT INTO main._orm_revision(revision, parent, message,"
            " created_at, up_sql, down_sql, checksum, destructive, seq,"
            " min_sqlite)"
            " VALUES(?1, ?2, ?3,"
            " coalesce(?4, strftime('%%Y-%%m-%%d %%H:%%M:%%S', 'now')),"
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
** Returns how many were recorded.
*/
static int ormFilesRecordSquash(OrmErr *pErr, sqlite3 *db,
                                const OrmFileSet *pSquash){
  int i, nDone = 0;
  for(i=0; i<pSquash->n && pErr->rc==SQLITE_OK; i++){
    const OrmFileRev *r = &pSquash->a[i];
    const char *z = r->zParent;
    char zId[ORM_ID_SIZE], zSum[ORM_SUM_SIZE];
    char *zKnown;
    ormStoreChecksum(r->zUp, r->zDown, zSum);
    if( !ormSquashId(pErr, r->zParent, r->zMessage, r->zUp, r->zDown, zId) ){
      break;
    }
    if( r->zId==0 || strcmp(zId, r->zId) || r->zChecksum==0
     || strcmp(zSum, r->zChecksum) ){
      ormErrSet(pErr, SQLITE_ERROR, "orm_import: squash file '%s' was"
          " changed after it was written (its content no longer gives its"
          " id and checksum); revert the file (orm_export() rewrites it)",
          r->zPath);
      break;
    }
    ormApplyNoControl(pErr, "orm_import", r->zPath, r->zUp);
    while( z && *z && pErr->rc==SQLITE_OK ){
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
        " coalesce(%Q, strftime('%%Y-%%m-%%d %%H:%%M:%%S', 'now')),"
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
  zDir = ormFilesDirArg(&err, "orm_import", apArg);
  ormFilesList(&err, zDir, &names, zRealDir);
  ormFilesLoad(&err, zDir, zRealDir, &names, &set, &squash);
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
  ormFileSetFree(&squash);
  ormFileSetFree(&set);
  ormListFree(&names);
  ormErrResult(&err, pCtx, "orm_import");
}
