/*
** test/fuzz/fuzz.c - the libFuzzer harness of ormext (issue 8, part 5).
**
**   make fuzz FUZZ_TIME=600      build build/fuzz and run it 600 s
**
** Built with clang -fsanitize=fuzzer,address,undefined and -DSQLITE_CORE,
** linked with libsqlite3 and every source of ext/, as build/fault is.  Each input
** is one case; its first byte picks what the rest is:
**
**   'd'  declaration text: orm_declare(text), orm_migrate(), orm_upgrade(),
**        orm_check(), orm_sql(), a scan of orm_diff and orm_model_meta,
**        orm_downgrade('base', 'allow-data-loss');
**   'a'  the same, but the text is split at the first NUL-free "\x01" into
**        orm_declare(model, coldef, ...) arguments;
**   'i'  the contents of a migration file: written into a new directory
**        under one of the names orm_import() reads (the second byte picks
**        which), then orm_import(dir), orm_upgrade(), orm_export(dir),
**        orm_downgrade('base', 'allow-data-loss');
**   'h'  a hostile database: a declared and applied table "t" whose
**        _orm_model row is given the text as its sql, then every reader and
**        writer is called;
**   'r'  the same with _orm_revision: a pending revision's up_sql.
**
** Any error is fine (ormext refuses what it must); a crash, a sanitizer
** report, a leak or a hang is a finding.  After each case the database
** must still pass PRAGMA integrity_check, else the harness aborts.  A
** progress handler stops statements of the user's connection after a few
** million steps, and a sqlite3_interrupt() at the same moment stops what
** runs on ormext's private connections (forwarded by ext/guard.c), so a
** recursive query in the input ends.
*/
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <dirent.h>
#include <pthread.h>
#include <time.h>

int sqlite3_ormext_init(sqlite3*, char**, const sqlite3_api_routines*);

/* Steps of the user's connection before a case is stopped. */
#define FUZZ_STEPS 2000000

typedef struct FuzzRun FuzzRun;
struct FuzzRun {
  sqlite3 *db;
  int nTick;                      /* Progress callbacks so far */
};

static int fuzzProgress(void *pArg){
  FuzzRun *p = (FuzzRun*)pArg;
  if( ++p->nTick > FUZZ_STEPS/1000 ){
    sqlite3_interrupt(p->db);
    return 1;
  }
  return 0;
}

/*
** The watchdog: a thread that interrupts the case's connection once it
** has run FUZZ_SECONDS, for work on ormext's private connections, where
** the progress handler above does not fire (the interrupt is forwarded
** there by ext/guard.c).  The harness's only shared state.
*/
#define FUZZ_SECONDS 3
static pthread_mutex_t fuzzMutex = PTHREAD_MUTEX_INITIALIZER;
static sqlite3 *fuzzDb = 0;           /* Connection of the running case */
static time_t fuzzDeadline = 0;

static void *fuzzWatchdog(void *pArg){
  (void)pArg;
  for(;;){
    usleep(100000);
    pthread_mutex_lock(&fuzzMutex);
    if( fuzzDb && time(0)>fuzzDeadline ) sqlite3_interrupt(fuzzDb);
    pthread_mutex_unlock(&fuzzMutex);
  }
  return 0;
}

static void fuzzWatch(sqlite3 *db){
  static int bStarted = 0;
  pthread_mutex_lock(&fuzzMutex);
  if( !bStarted ){
    pthread_t t;
    if( pthread_create(&t, 0, fuzzWatchdog, 0)==0 ) pthread_detach(t);
    bStarted = 1;
  }
  fuzzDb = db;
  fuzzDeadline = time(0) + FUZZ_SECONDS;
  pthread_mutex_unlock(&fuzzMutex);
}

/* Run zSql (errors ignored) with text parameters az[0..n-1]. */
static void fuzzRun(sqlite3 *db, const char *zSql, int n, char **az){
  sqlite3_stmt *pStmt = 0;
  int i;
  if( sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0)==SQLITE_OK ){
    for(i=0; i<n; i++){
      sqlite3_bind_text(pStmt, i+1, az[i], -1, SQLITE_STATIC);
    }
    while( sqlite3_step(pStmt)==SQLITE_ROW ){}
  }
  sqlite3_finalize(pStmt);
}

static void fuzzExec(sqlite3 *db, const char *zSql){
  fuzzRun(db, zSql, 0, 0);
}

/* The calls made after the input is in place. */
static void fuzzCalls(sqlite3 *db){
  fuzzExec(db, "SELECT orm_check()");
  fuzzExec(db, "SELECT * FROM orm_diff");
  fuzzExec(db, "SELECT * FROM orm_model_meta");
  fuzzExec(db, "SELECT * FROM orm_migrations");
  fuzzExec(db, "SELECT orm_migrate('fuzz')");
  fuzzExec(db, "SELECT orm_sql()");
  fuzzExec(db, "SELECT orm_upgrade()");
  fuzzExec(db, "SELECT orm_check()");
  fuzzExec(db, "INSERT INTO orm_migrations(message, up_sql, down_sql)"
               " VALUES('m', 'CREATE TABLE fz(a)', 'DROP TABLE fz')");
  fuzzExec(db, "SELECT orm_downgrade('base', 'allow-data-loss')");
  fuzzExec(db, "SELECT orm_current(), orm_heads()");
}

/* Remove directory zDir and the files in it. */
static void fuzzRmDir(const char *zDir){
  DIR *pDir = opendir(zDir);
  struct dirent *pEnt;
  if( pDir==0 ) return;
  while( (pEnt = readdir(pDir))!=0 ){
    char *zPath;
    if( pEnt->d_name[0]=='.' ) continue;
    zPath = sqlite3_mprintf("%s/%s", zDir, pEnt->d_name);
    if( zPath ) unlink(zPath);
    sqlite3_free(zPath);
  }
  closedir(pDir);
  rmdir(zDir);
}

/* Write n bytes of z to file zDir/zName. */
static void fuzzWrite(const char *zDir, const char *zName, const uint8_t *z,
                      size_t n){
  char *zPath = sqlite3_mprintf("%s/%s", zDir, zName);
  FILE *f = zPath ? fopen(zPath, "wb") : 0;
  if( f ){
    if( n ) fwrite(z, 1, n, f);
    fclose(f);
  }
  sqlite3_free(zPath);
}

static void fuzzImport(sqlite3 *db, const uint8_t *z, size_t n){
  static const char *const azName[] = {
    "0123456789ab_fuzz.sql",           /* ormext's own */
    "20240101000000_fuzz.sql",         /* dbmate */
    "001_fuzz.up.sql",                 /* golang-migrate, with the next */
  };
  char zDir[64];
  char *azArg[1];
  int iName = n>0 ? z[0]%3 : 0;
  snprintf(zDir, sizeof(zDir), "fuzz-import-%d", (int)getpid());
  fuzzRmDir(zDir);
  if( mkdir(zDir, 0700)!=0 ) return;
  if( n>0 ){ z++; n--; }
  fuzzWrite(zDir, azName[iName], z, n);
  if( iName==2 ) fuzzWrite(zDir, "001_fuzz.down.sql", z, n/2);
  azArg[0] = zDir;
  fuzzRun(db, "SELECT orm_import(?1)", 1, azArg);
  fuzzExec(db, "SELECT orm_upgrade()");
  fuzzRun(db, "SELECT orm_export(?1)", 1, azArg);
  fuzzRun(db, "SELECT orm_import(?1)", 1, azArg);
  fuzzCalls(db);
  fuzzRmDir(zDir);
}

/* orm_declare(model, coldef, ...) from text split at byte 0x01. */
static void fuzzDeclareArgs(sqlite3 *db, char *zText){
  char *azArg[64];
  sqlite3_str *pSql = sqlite3_str_new(0);
  char *zSql;
  int n = 0, i;
  char *z = zText;
  while( n<64 ){
    char *zEnd = strchr(z, '\x01');
    azArg[n++] = z;
    if( zEnd==0 ) break;
    *zEnd = 0;
    z = zEnd+1;
  }
  sqlite3_str_appendall(pSql, "SELECT orm_declare(");
  for(i=0; i<n; i++) sqlite3_str_appendf(pSql, "%s?%d", i ? "," : "", i+1);
  sqlite3_str_appendall(pSql, ")");
  zSql = sqlite3_str_finish(pSql);
  if( zSql ) fuzzRun(db, zSql, n, azArg);
  sqlite3_free(zSql);
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  FuzzRun run;
  sqlite3 *db = 0;
  char *zErr = 0;
  char *zText;
  char *azArg[1];
  int eMode;
  if( nData<1 || nData>100000 ) return 0;
  eMode = aData[0];
  zText = sqlite3_malloc64(nData);
  if( zText==0 ) return 0;
  memcpy(zText, aData+1, nData-1);
  zText[nData-1] = 0;
  azArg[0] = zText;

  if( sqlite3_open(":memory:", &db)!=SQLITE_OK ) abort();
  if( sqlite3_ormext_init(db, &zErr, 0)!=SQLITE_OK ) abort();
  memset(&run, 0, sizeof(run));
  run.db = db;
  sqlite3_progress_handler(db, 1000, fuzzProgress, &run);
  fuzzWatch(db);

  switch( eMode ){
    case 'd':
      fuzzRun(db, "SELECT orm_declare(?1)", 1, azArg);
      fuzzCalls(db);
      break;
    case 'a':
      fuzzDeclareArgs(db, zText);
      fuzzCalls(db);
      break;
    case 'i':
      fuzzImport(db, aData+1, nData-1);
      break;
    case 'h':
    case 'r':
      fuzzExec(db, "SELECT orm_declare('CREATE TABLE t(a, b)');"
                   "SELECT orm_migrate('one');");
      fuzzExec(db, "SELECT orm_upgrade()");
      fuzzExec(db, "INSERT INTO t VALUES(1, 2)");
      if( eMode=='h' ){
        fuzzRun(db, "UPDATE _orm_model SET sql=?1 WHERE name='t'", 1, azArg);
      }else{
        fuzzExec(db, "INSERT INTO orm_migrations(message, up_sql, down_sql)"
                     " VALUES('p', 'CREATE TABLE p(a)', 'DROP TABLE p')");
        fuzzRun(db, "UPDATE _orm_revision SET up_sql=?1 WHERE message='p'",
                1, azArg);
      }
      fuzzCalls(db);
      break;
    default:
      break;
  }

  /* Whatever happened, the database is whole. */
  fuzzWatch(0);
  sqlite3_progress_handler(db, 0, 0, 0);
  {
    sqlite3_stmt *pStmt = 0;
    if( sqlite3_get_autocommit(db)==0 ) fuzzExec(db, "ROLLBACK");
    if( sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &pStmt, 0)
        ==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW
     && strcmp((const char*)sqlite3_column_text(pStmt, 0), "ok")!=0 ){
      fprintf(stderr, "integrity_check: %s\n", sqlite3_column_text(pStmt, 0));
      abort();
    }
    sqlite3_finalize(pStmt);
  }
  sqlite3_free(zErr);
  if( sqlite3_close(db)!=SQLITE_OK ){
    fprintf(stderr, "sqlite3_close: a statement was left open\n");
    abort();
  }
  sqlite3_free(zText);
  return 0;
}
