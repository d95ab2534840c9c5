/*
** bench/ormbench.c - the process that runs one measured arm of a benchmark.
**
**   ormbench [-x EXT] [-T] [-s SQL]... [-t SQL]... [-p SQL]... DB
**
** Opens DB with SQLite's defaults (no PRAGMA is changed: journal_mode
** DELETE, default page cache, synchronous FULL), loads extension EXT when
** -x is given, runs each -s script untimed (setup), then each -t script
** timed, then each -p script untimed (checks).  Scripts may hold several
** statements; every statement of a -t script is timed on its own.
** "-s @FILE" (likewise -t, -p) reads the script from FILE.  -T traces
** every statement that runs during the timed part, including those an
** extension function runs inside it (sqlite3_trace_v2).
**
** It prints one JSON object on stdout:
**
**   total      seconds spent in the -t statements (wall clock, monotonic)
**   stmts      [[first 60 chars of the statement, seconds, first value], ...]
**   post       [first value of each -p statement, ...]
**   trace      with -T: [[first 60 chars, seconds, start], ...] of every
**              statement run during the timed part, in the order they
**              started (start: seconds since the first one started)
**   rss0_kib   peak RSS of this process before the timed part
**   rss_kib    peak RSS at the end (VmHWM): the figure reported as
**              "peak memory"
**   heap0, heap_hw   SQLite heap in use before, and its high-water mark
**                    during, the timed part (sqlite3_status64, bytes)
**
** The timed part runs inside ormbench_timed(), never inlined, so that
** `valgrind --tool=callgrind --toggle-collect=ormbench_timed` counts the
** instructions of the timed statements only, not of setup or checks.
**
** Any SQL error ends the process with status 1 and the message on stderr.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAXSCRIPT 64

typedef struct Stmt Stmt;
struct Stmt {
  char zHead[64];                 /* first chars of the statement */
  double secs;                    /* time to prepare and run it */
  char *zVal;                     /* first column of its first row */
};

static Stmt aStmt[4096];
static int nStmt = 0;

/* -T: statements seen by the trace callback. */
typedef struct Trace Trace;
struct Trace {
  sqlite3_stmt *pStmt;            /* while running, else 0 */
  double t0;                      /* when it started */
  double secs;                    /* how long it ran, once ended */
  char zHead[64];
};
static Trace aTrace[8192];
static int nTrace = 0;
static int bTracing = 0;

static double now(void){
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec*1e-9;
}

/*
** Peak RSS of this process image, in KiB: VmHWM of /proc/self/status.
** Not getrusage(): Linux carries ru_maxrss across execve(), so a child
** of a big parent would report the parent's size.
*/
static long maxrss_kib(void){
  FILE *f = fopen("/proc/self/status", "r");
  char zLine[256];
  long n = -1;
  if( f==0 ) return -1;
  while( fgets(zLine, sizeof(zLine), f) ){
    if( strncmp(zLine, "VmHWM:", 6)==0 ){ n = atol(zLine+6); break; }
  }
  fclose(f);
  return n;
}

/* Copy the first 60 characters of zSql to zHead, spaces squeezed. */
static void sql_head(char *zHead, const char *zSql){
  int i, j = 0;
  for(i=0; zSql[i] && j<60; i++){
    char c = zSql[i];
    if( c=='\n' || c=='\t' || c=='\r' ) c = ' ';
    if( c==' ' && (j==0 || zHead[j-1]==' ') ) continue;
    zHead[j++] = c;
  }
  zHead[j] = 0;
}

/*
** sqlite3_trace_v2 callback: SQLITE_TRACE_STMT when a statement starts
** (again for each trigger program: only the first counts),
** SQLITE_TRACE_PROFILE when it ends.  Times are taken here, with the
** same clock as the rest, not SQLite's millisecond-grained ones.
*/
static int trace_cb(unsigned eType, void *pCtx, void *p, void *x){
  sqlite3_stmt *pStmt = (sqlite3_stmt*)p;
  int i;
  (void)pCtx; (void)x;
  if( !bTracing ) return 0;
  if( eType==SQLITE_TRACE_STMT ){
    for(i=nTrace-1; i>=0; i--) if( aTrace[i].pStmt==pStmt ) return 0;
    if( nTrace<(int)(sizeof(aTrace)/sizeof(aTrace[0])) ){
      const char *zSql = sqlite3_sql(pStmt);
      Trace *t = &aTrace[nTrace++];
      t->pStmt = pStmt;
      t->t0 = now();
      t->secs = -1;
      sql_head(t->zHead, zSql ? zSql : "?");
    }
  }else if( eType==SQLITE_TRACE_PROFILE ){
    for(i=nTrace-1; i>=0; i--){
      if( aTrace[i].pStmt==pStmt ){
        aTrace[i].secs = now() - aTrace[i].t0;
        aTrace[i].pStmt = 0;
        break;
      }
    }
  }
  return 0;
}

static char *read_file(const char *zPath){
  FILE *f = fopen(zPath, "rb");
  long n;
  char *z;
  if( f==0 ){ perror(zPath); exit(1); }
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  z = malloc(n+1);
  if( z==0 || fread(z, 1, n, f)!=(size_t)n ){ perror(zPath); exit(1); }
  z[n] = 0;
  fclose(f);
  return z;
}

static const char *script_arg(const char *z){
  return z[0]=='@' ? read_file(z+1) : z;
}

/*
** Run every statement of zSql.  When pOut is not NULL, one Stmt per
** statement is appended to aStmt[] (timed); else the first value of each
** statement is appended to the post-list apVal (when not NULL).
*/
static void run_script(sqlite3 *db, const char *zSql, int bTimed,
                       char **apVal, int *pnVal){
  const char *zTail = zSql;
  while( zTail && zTail[0] ){
    sqlite3_stmt *pStmt = 0;
    const char *zStart = zTail;
    char *zVal = 0;
    double t0 = now(), t1;
    int rc = sqlite3_prepare_v2(db, zTail, -1, &pStmt, &zTail);
    if( rc!=SQLITE_OK ){
      fprintf(stderr, "ormbench: %s\n  in: %.200s\n", sqlite3_errmsg(db),
              zStart);
      exit(1);
    }
    if( pStmt==0 ) break;
    while( (rc = sqlite3_step(pStmt))==SQLITE_ROW ){
      if( zVal==0 && sqlite3_column_count(pStmt)>0 ){
        const char *z = (const char*)sqlite3_column_text(pStmt, 0);
        zVal = strdup(z ? z : "NULL");
      }
    }
    if( rc!=SQLITE_DONE ){
      fprintf(stderr, "ormbench: %s\n  in: %.200s\n", sqlite3_errmsg(db),
              sqlite3_sql(pStmt));
      exit(1);
    }
    t1 = now();
    if( bTimed && nStmt<(int)(sizeof(aStmt)/sizeof(aStmt[0])) ){
      Stmt *p = &aStmt[nStmt++];
      sql_head(p->zHead, sqlite3_sql(pStmt));
      p->secs = t1 - t0;
      p->zVal = zVal;
    }else if( apVal ){
      apVal[(*pnVal)++] = zVal;
    }else{
      free(zVal);
    }
    sqlite3_finalize(pStmt);
  }
}

/* The measured part: every -t script.  Never inlined (see header). */
__attribute__((noinline))
void ormbench_timed(sqlite3 *db, const char **azTimed, int nTimed){
  int i;
  for(i=0; i<nTimed; i++) run_script(db, azTimed[i], 1, 0, 0);
}

static void json_str(const char *z){
  putchar('"');
  for(; z && *z; z++){
    unsigned char c = (unsigned char)*z;
    if( c=='"' || c=='\\' ) printf("\\%c", c);
    else if( c<0x20 ) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void usage(void){
  fprintf(stderr, "usage: ormbench [-x EXT] [-T] [-s SQL]... [-t SQL]..."
                  " [-p SQL]... DB\n");
  exit(2);
}

int main(int argc, char **argv){
  const char *zExt = 0, *zDb = 0;
  const char *azSetup[MAXSCRIPT], *azTimed[MAXSCRIPT], *azPost[MAXSCRIPT];
  int nSetup = 0, nTimed = 0, nPost = 0, bTrace = 0;
  char *apVal[4096];
  int nVal = 0;
  sqlite3 *db;
  char *zErr = 0;
  sqlite3_int64 cur, hw, heap0;
  long rss0;
  double total = 0;
  int i;

  for(i=1; i<argc; i++){
    if( strcmp(argv[i], "-x")==0 && i+1<argc ) zExt = argv[++i];
    else if( strcmp(argv[i], "-T")==0 ) bTrace = 1;
    else if( strcmp(argv[i], "-s")==0 && i+1<argc && nSetup<MAXSCRIPT )
      azSetup[nSetup++] = script_arg(argv[++i]);
    else if( strcmp(argv[i], "-t")==0 && i+1<argc && nTimed<MAXSCRIPT )
      azTimed[nTimed++] = script_arg(argv[++i]);
    else if( strcmp(argv[i], "-p")==0 && i+1<argc && nPost<MAXSCRIPT )
      azPost[nPost++] = script_arg(argv[++i]);
    else if( argv[i][0]!='-' && zDb==0 ) zDb = argv[i];
    else usage();
  }
  if( zDb==0 ) usage();

  if( sqlite3_open(zDb, &db)!=SQLITE_OK ){
    fprintf(stderr, "ormbench: cannot open %s: %s\n", zDb, sqlite3_errmsg(db));
    return 1;
  }
  if( zExt ){
    sqlite3_enable_load_extension(db, 1);
    if( sqlite3_load_extension(db, zExt, 0, &zErr)!=SQLITE_OK ){
      fprintf(stderr, "ormbench: cannot load %s: %s\n", zExt, zErr);
      return 1;
    }
  }
  for(i=0; i<nSetup; i++) run_script(db, azSetup[i], 0, 0, 0);
  if( bTrace ){
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT|SQLITE_TRACE_PROFILE, trace_cb, 0);
  }

  rss0 = maxrss_kib();
  sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &heap0, &hw, 1);
  bTracing = bTrace;
  ormbench_timed(db, azTimed, nTimed);
  bTracing = 0;
  sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &cur, &hw, 0);
  for(i=0; i<nStmt; i++) total += aStmt[i].secs;

  for(i=0; i<nPost; i++) run_script(db, azPost[i], 0, apVal, &nVal);
  if( sqlite3_close(db)!=SQLITE_OK ){
    fprintf(stderr, "ormbench: close: %s\n", sqlite3_errmsg(db));
    return 1;
  }

  printf("{\"total\": %.6f, \"rss0_kib\": %ld, \"rss_kib\": %ld,"
         " \"heap0\": %lld, \"heap_hw\": %lld, \"stmts\": [",
         total, rss0, maxrss_kib(), (long long)heap0, (long long)hw);
  for(i=0; i<nStmt; i++){
    printf("%s[", i ? ", " : "");
    json_str(aStmt[i].zHead);
    printf(", %.6f, ", aStmt[i].secs);
    if( aStmt[i].zVal ) json_str(aStmt[i].zVal); else printf("null");
    printf("]");
  }
  printf("], \"trace\": [");
  for(i=0; i<nTrace; i++){
    printf("%s[", i ? ", " : "");
    json_str(aTrace[i].zHead);
    printf(", %.6f, %.6f]", aTrace[i].secs, aTrace[i].t0 - aTrace[0].t0);
  }
  printf("], \"post\": [");
  for(i=0; i<nVal; i++){
    printf("%s", i ? ", " : "");
    if( apVal[i] ) json_str(apVal[i]); else printf("null");
  }
  printf("]}\n");
  return 0;
}
