/*
** fileio.c - directory and atomic-write I/O for orm_export/orm_import:
** the directory argument's checks, listing a directory's *.sql files,
** reading a file inside a directory (never through a symbolic link that
** leaves it, never a FIFO or device, never more than ORM_FILES_MAX
** bytes), and writing a batch of files atomically:
**
**   OrmFileioBatch b;                      (zeroed, b.zDir set)
**   ormFileioWrite(&err, &b, zName, zText);  ... for each file
**   ormFileioCommit(&err, &b);             (always, whatever err holds)
**
** Each file is written to <name>.tmp, all of them are flushed at once
** (syncfs() on Linux, else fsync() each), then each is renamed into
** place and the directory synced; on an error before the renames no file
** changes and every temporary file is removed.  A file that already
** holds exactly the right text is left alone.  Nothing here knows the
** file formats (migfile.c) or the database (files.c).
*/
#if defined(__linux__) && !defined(_GNU_SOURCE)
# define _GNU_SOURCE              /* syncfs() */
#endif
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef O_CLOEXEC
# define O_CLOEXEC 0
#endif

/* Largest migration file read, in bytes: SQLite's default string limit. */
#define ORM_FILES_MAX 1000000000

/*
** dir joined with name: "dir/name", or "dir" + name if dir ends in '/'.
** zDir is never empty: every one comes from ormFileioDirArg().
*/
char *ormFileioJoin(OrmErr *pErr, const char *zDir, const char *zName){
  size_t n = strlen(zDir);
  return ormMprintf(pErr, "%s%s%s", zDir,
                    (ORM_ALWAYS(n>0) && zDir[n-1]=='/') ? "" : "/", zName);
}

/*
** The directory argument of orm_export/orm_import: text, not empty, no
** NUL inside (ormArgText refuses one).  NULL with an error recorded
** otherwise.
*/
const char *ormFileioDirArg(OrmErr *pErr, const char *zFunc,
                                  sqlite3_value **apArg){
  const char *zDir = ormArgText(pErr, zFunc, apArg, 0, "a directory path");
  if( zDir==0 ) return 0;
  if( zDir[0]==0 ){
    ormErrSet(pErr, SQLITE_ERROR,
        "%s: the directory path is empty; give the directory of the"
        " migration files, e.g. '%s'", zFunc, "migrations");
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
static char *ormFileioSlurp(OrmErr *pErr, int fd, sqlite3_int64 *pnByte){
  sqlite3_int64 nAlloc = 8192, n = 0;
  char *z = ormMalloc(pErr, nAlloc);
  if( ORM_OOM(z==0) ) return 0;
  for(;;){
    ssize_t nGot;
    if( n+1>=nAlloc ){
      char *zNew;
      if( n>ORM_FILES_MAX ) break;
      zNew = sqlite3_realloc64(z, nAlloc*2);
      if( ORM_OOM(zNew==0) ){
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
  z[n] = 0;
  *pnByte = n;
  return z;
}

/*
** Is zReal (a path with every symbolic link resolved) a file directly
** inside the directory zRealDir (resolved too)?  realpath() never ends a
** path with '/' (but for "/" itself), so after zRealDir's '/' comes a
** name; a link to "/" from "/" is taken as inside, and then refused as
** not a regular file.
*/
static int ormFileioInside(const char *zRealDir, const char *zReal){
  size_t n = strlen(zRealDir);
  if( n==1 && zRealDir[0]=='/' ) n = 0;
  return strncmp(zReal, zRealDir, n)==0 && zReal[n]=='/'
      && strchr(zReal+n+1, '/')==0;
}

/*
** Read migration file zName of directory zDir (resolved: zRealDir) as
** text.  Only a regular file is read; a symbolic link is followed only to
** a file directly inside the directory.  Windows line ends (every line
** ending in CR LF) become LF and a leading UTF-8 byte order mark is
** dropped.  Returns a new string; NULL with an error recorded.
*/
char *ormFileioRead(OrmErr *pErr, const char *zDir,
                          const char *zRealDir, const char *zName){
  char *zPath = ormFileioJoin(pErr, zDir, zName);
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
    if( !ormFileioInside(zRealDir, zReal) ){
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
  if( fstat(fd, &st)!=0 ){
    ormErrSet(pErr, SQLITE_ERROR, "orm_import: cannot read file '%s': %s",
              zPath, strerror(errno));
    goto read_out;
  }
  if( !S_ISREG(st.st_mode) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_import: '%s' is not a regular file; move it out of '%s'",
        zPath, zDir);
    goto read_out;
  }
  /* Refused before a byte is read: a huge file must not take memory
  ** first.  (A file that grows meanwhile is still cut at the limit by
  ** ormFileioSlurp() and refused below.) */
  if( st.st_size>ORM_FILES_MAX ){
    n = st.st_size;
    goto read_big;
  }
  zText = ormFileioSlurp(pErr, fd, &n);
  if( zText==0 ){
    /* Recorded only when out of memory; else a read failed (errno). */
    if( ORM_OOM(pErr->rc!=SQLITE_OK) ) goto read_out;
    ormErrSet(pErr, SQLITE_ERROR, "orm_import: cannot read file '%s': %s",
              zPath, strerror(errno));
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
static int ormFileioWriteAll(int fd, const char *z, size_t n){
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
static int ormFileioSame(OrmErr *pErr, const char *zPath, const char *zText){
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
  zOld = ormFileioSlurp(pErr, fd, &n);
  close(fd);
  bSame = zOld && (size_t)n==nText && memcmp(zOld, zText, nText)==0;
  sqlite3_free(zOld);
  return bSame;
}

/* Record a failure to write file zName of the batch. */
static void ormFileioWriteErr(OrmErr *pErr, const OrmFileioBatch *b,
                             const char *zName){
  ormErrSet(pErr, SQLITE_ERROR,
      "orm_export: cannot write to directory '%s': %s (writing '%s')",
      b->zDir, strerror(errno), zName);
}

/*
** Write zText to zName.tmp in the batch's directory, unless zName holds
** exactly zText already.  On error the temporary file is removed and an
** error recorded.  Does nothing when an error is recorded already (zName
** and zText may then be NULL).
*/
void ormFileioWrite(OrmErr *pErr, OrmFileioBatch *b, const char *zName,
                          const char *zText){
  char *zPath = ormFileioJoin(pErr, b->zDir, zName);
  char *zTmp = ormMprintf(pErr, "%s.tmp", zPath);
  int fd = -1, bTmp = 0;
  if( pErr->rc ) goto write_out;
  if( ormFileioSame(pErr, zPath, zText) ) goto write_out;
  /* ormFileioSame() records only running out of memory. */
  if( ORM_OOM(pErr->rc!=SQLITE_OK) ) goto write_out;
  fd = open(zTmp, O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0644);
  if( fd<0 && errno==EEXIST ){
    /* Left over by an export that was killed: ours to replace. */
    unlink(zTmp);
    fd = open(zTmp, O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0644);
  }
  if( fd<0 ) goto write_fail;
  bTmp = 1;
  if( ormFileioWriteAll(fd, zText, strlen(zText)) ) goto write_fail;
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
  ormFileioWriteErr(pErr, b, zName);
write_out:
  if( fd>=0 ) close(fd);
  if( bTmp ) unlink(zTmp);
  sqlite3_free(zTmp);
  sqlite3_free(zPath);
}

/* Flush the batch's temporary files to disk; 0 on success (errno set). */
static int ormFileioFlush(const OrmFileioBatch *b){
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
void ormFileioCommit(OrmErr *pErr, OrmFileioBatch *b){
  int i = 0;
  if( pErr->rc==SQLITE_OK && b->tmp.n>0 ){
    if( ormFileioFlush(b) ){
      ormFileioWriteErr(pErr, b, b->name.az[0]);
    }
    for(i=0; pErr->rc==SQLITE_OK && i<b->tmp.n; i++){
      if( rename(b->tmp.az[i], b->final.az[i]) ){
        ormFileioWriteErr(pErr, b, b->name.az[i]);
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

/* Does name z end with zSuffix, with something before it? */
int ormFileioEndsWith(const char *z, const char *zSuffix){
  size_t n = strlen(z), nSuffix = strlen(zSuffix);
  return n>nSuffix && strcmp(z+n-nSuffix, zSuffix)==0;
}

/* Index of zName in the sorted list, or -1. */
int ormFileioFindName(const OrmStrList *p, const char *zName){
  int iLo = 0, iHi = p->n-1;
  while( iLo<=iHi ){
    int iMid = (iLo+iHi)/2;
    int c = strcmp(p->az[iMid], zName);
    if( c==0 ) return iMid;
    if( c<0 ) iLo = iMid+1; else iHi = iMid-1;
  }
  return -1;
}

static int ormFileioCmpName(const void *a, const void *b){
  return strcmp(*(char*const*)a, *(char*const*)b);
}

/*
** List the *.sql names directly in zDir (not starting with '.'), sorted
** by strcmp(), into pNames; resolve zDir into zRealDir[PATH_MAX].
*/
void ormFileioList(OrmErr *pErr, const char *zDir, OrmStrList *pNames,
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
    if( !ormFileioEndsWith(pEnt->d_name, ".sql") ) continue;
    ormListAdd(pErr, pNames, pEnt->d_name);
  }
  closedir(pDir);
  if( pErr->rc==SQLITE_OK && pNames->n>1 ){
    qsort(pNames->az, pNames->n, sizeof(char*), ormFileioCmpName);
  }
}
