/*
** test/syscallfail.c - an LD_PRELOAD interposer that makes one system call
** of the file I/O that orm_export(), orm_import() and the progress file
** (orm_config('progress', path)) do fail, for test/syscallfail.test: the
** failures root cannot cause from a test (close, fsync, syncfs, rename,
** realpath, readdir, read, write, pwrite, fstat failing, or a call
** interrupted by a signal).
**
** Environment (read once, at the first intercepted call):
**
**   ORMEXT_FAIL_FUNC   the function to fail: open, read, write, pwrite,
**                      close, fstat, lstat, fsync, syncfs, rename,
**                      realpath, opendir, readdir
**   ORMEXT_FAIL_PATH   only calls on a path containing this text count
**                      (for read, write, pwrite, close, fstat, fsync,
**                      syncfs: a file descriptor open()ed on such a path;
**                      readdir: a directory opendir()ed on one; rename:
**                      either path)
**   ORMEXT_FAIL_NTH    which counted call fails, from 1 (default 1);
**                      "N+" fails the Nth and every later one
**   ORMEXT_FAIL_ERRNO  the errno it fails with (a number, default EIO);
**                      0 makes a failing read() return 0, the end of the
**                      file (a file cut short while it is read), and a
**                      failing pwrite() return 0, no byte written
**
** A failing call does nothing and returns the function's error value
** with errno set; every other call goes to the C library.  Without
** ORMEXT_FAIL_FUNC the library is a pass-through.  Under make test-asan
** it is appended to the sanitizer's LD_PRELOAD, whose interceptors then
** reach these functions as "the next" definitions.
**
** Built by the Makefile as build/syscallfail.so (-ldl).
*/
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_FD 4096
#define MAX_DIR 64

static int bInit = 0;
static const char *zFunc = 0;       /* ORMEXT_FAIL_FUNC, or NULL */
static const char *zPathPart = "";  /* ORMEXT_FAIL_PATH */
static long iNth = 1;               /* ORMEXT_FAIL_NTH */
static int bFromNth = 0;            /* "N+" */
static int iErrno = EIO;            /* ORMEXT_FAIL_ERRNO */
static long nSeen = 0;              /* counted calls so far */
static unsigned char aFd[MAX_FD];   /* fds opened on a matching path */
static DIR *aDir[MAX_DIR];          /* dirs opened on a matching path */

static void init(void){
  const char *z;
  if( bInit ) return;
  bInit = 1;
  zFunc = getenv("ORMEXT_FAIL_FUNC");
  if( zFunc && zFunc[0]==0 ) zFunc = 0;
  z = getenv("ORMEXT_FAIL_PATH");
  if( z ) zPathPart = z;
  z = getenv("ORMEXT_FAIL_NTH");
  if( z && z[0] ){
    iNth = atol(z);
    bFromNth = z[strlen(z)-1]=='+';
  }
  z = getenv("ORMEXT_FAIL_ERRNO");
  if( z && z[0] ) iErrno = atoi(z);
}

static void *next(const char *zName){
  void *p = dlsym(RTLD_NEXT, zName);
  if( p==0 ){
    fprintf(stderr, "syscallfail: no next %s\n", zName);
    abort();
  }
  return p;
}

static int pathMatch(const char *zPath){
  return zPath && zPathPart[0] && strstr(zPath, zPathPart)!=0;
}
static int fdMatch(int fd){
  return fd>=0 && fd<MAX_FD && aFd[fd];
}

/* Should this call of function zName (on a matching object) fail? */
static int fail(const char *zName, int bMatch){
  init();
  if( zFunc==0 || !bMatch || strcmp(zFunc, zName)!=0 ) return 0;
  nSeen++;
  if( nSeen==iNth || (bFromNth && nSeen>iNth) ){
    errno = iErrno;
    return 1;
  }
  return 0;
}

int open(const char *zPath, int flags, ...){
  static int (*xOpen)(const char*, int, ...) = 0;
  mode_t mode = 0;
  int fd;
  if( flags & (O_CREAT|O_TMPFILE) ){
    va_list ap;
    va_start(ap, flags);
    mode = (mode_t)va_arg(ap, int);
    va_end(ap);
  }
  if( xOpen==0 ) xOpen = next("open");
  if( fail("open", pathMatch(zPath)) ) return -1;
  fd = xOpen(zPath, flags, mode);
  if( fd>=0 && fd<MAX_FD ) aFd[fd] = (unsigned char)pathMatch(zPath);
  return fd;
}

ssize_t read(int fd, void *p, size_t n){
  static ssize_t (*xRead)(int, void*, size_t) = 0;
  if( xRead==0 ) xRead = next("read");
  if( fail("read", fdMatch(fd)) ) return iErrno==0 ? 0 : -1;
  return xRead(fd, p, n);
}

ssize_t write(int fd, const void *p, size_t n){
  static ssize_t (*xWrite)(int, const void*, size_t) = 0;
  if( xWrite==0 ) xWrite = next("write");
  if( fail("write", fdMatch(fd)) ) return -1;
  return xWrite(fd, p, n);
}

ssize_t pwrite(int fd, const void *p, size_t n, off_t iOff){
  static ssize_t (*xPwrite)(int, const void*, size_t, off_t) = 0;
  if( xPwrite==0 ) xPwrite = next("pwrite");
  if( fail("pwrite", fdMatch(fd)) ) return iErrno==0 ? 0 : -1;
  return xPwrite(fd, p, n, iOff);
}

int close(int fd){
  static int (*xClose)(int) = 0;
  int bMatch = fdMatch(fd);
  if( xClose==0 ) xClose = next("close");
  if( fd>=0 && fd<MAX_FD ) aFd[fd] = 0;
  if( fail("close", bMatch) ){
    /* The descriptor is released as Linux does on a failing close(). */
    int e = errno;
    xClose(fd);
    errno = e;
    return -1;
  }
  return xClose(fd);
}

int fstat(int fd, struct stat *pSt){
  static int (*xFstat)(int, struct stat*) = 0;
  if( xFstat==0 ) xFstat = next("fstat");
  if( fail("fstat", fdMatch(fd)) ) return -1;
  return xFstat(fd, pSt);
}

int lstat(const char *zPath, struct stat *pSt){
  static int (*xLstat)(const char*, struct stat*) = 0;
  if( xLstat==0 ) xLstat = next("lstat");
  if( fail("lstat", pathMatch(zPath)) ) return -1;
  return xLstat(zPath, pSt);
}

int fsync(int fd){
  static int (*xFsync)(int) = 0;
  if( xFsync==0 ) xFsync = next("fsync");
  if( fail("fsync", fdMatch(fd)) ) return -1;
  return xFsync(fd);
}

int syncfs(int fd){
  static int (*xSyncfs)(int) = 0;
  if( xSyncfs==0 ) xSyncfs = next("syncfs");
  if( fail("syncfs", fdMatch(fd)) ) return -1;
  return xSyncfs(fd);
}

int rename(const char *zFrom, const char *zTo){
  static int (*xRename)(const char*, const char*) = 0;
  if( xRename==0 ) xRename = next("rename");
  if( fail("rename", pathMatch(zFrom) || pathMatch(zTo)) ) return -1;
  return xRename(zFrom, zTo);
}

char *realpath(const char *zPath, char *zOut){
  static char *(*xRealpath)(const char*, char*) = 0;
  if( xRealpath==0 ) xRealpath = next("realpath");
  if( fail("realpath", pathMatch(zPath)) ) return 0;
  return xRealpath(zPath, zOut);
}

DIR *opendir(const char *zPath){
  static DIR *(*xOpendir)(const char*) = 0;
  DIR *p;
  int i;
  if( xOpendir==0 ) xOpendir = next("opendir");
  if( fail("opendir", pathMatch(zPath)) ) return 0;
  p = xOpendir(zPath);
  if( p && pathMatch(zPath) ){
    for(i=0; i<MAX_DIR && aDir[i]; i++){}
    if( i<MAX_DIR ) aDir[i] = p;
  }
  return p;
}

struct dirent *readdir(DIR *pDir){
  static struct dirent *(*xReaddir)(DIR*) = 0;
  int i, bMatch = 0;
  if( xReaddir==0 ) xReaddir = next("readdir");
  for(i=0; i<MAX_DIR; i++){
    if( aDir[i]==pDir ) bMatch = 1;
  }
  if( fail("readdir", bMatch) ) return 0;
  return xReaddir(pDir);
}

int closedir(DIR *pDir){
  static int (*xClosedir)(DIR*) = 0;
  int i;
  if( xClosedir==0 ) xClosedir = next("closedir");
  for(i=0; i<MAX_DIR; i++){
    if( aDir[i]==pDir ) aDir[i] = 0;
  }
  return xClosedir(pDir);
}
