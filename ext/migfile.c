/*
** migfile.c - the migration file formats orm_export writes and
** orm_import reads: parsing a directory's files into revisions
** (OrmFileSet) and printing a revision or squash as a file.  The I/O is
** fileio.c's; what is done with the revisions, files.c's.
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
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

void ormMigfileSetFree(OrmFileSet *p){
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
    ormListFree(&r->manages);
  }
  sqlite3_free(p->a);
  sqlite3_free(p->aOrder);
  memset(p, 0, sizeof(*p));
}

/* Append a zeroed revision; NULL (error recorded) on OOM.  Both callers
** (ormMigfileLoad) call it only while no error is recorded. */
static OrmFileRev *ormMigfileSetAdd(OrmErr *pErr, OrmFileSet *p){
  if( p->n>=p->nAlloc ){
    int nNew = p->nAlloc ? p->nAlloc*2 : 16;
    OrmFileRev *aNew = sqlite3_realloc64(p->a, nNew*sizeof(OrmFileRev));
    if( ORM_OOM(aNew==0) ){
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

static int ormMigfileIsSpace(char c){
  return c==' ' || c=='\t' || c=='\n' || c=='\r' || c=='\f' || c=='\v';
}

static int ormMigfileIsAlnum(char c){
  return (c>='a' && c<='z') || (c>='A' && c<='Z') || (c>='0' && c<='9');
}

/* True if z[0..n) is exactly n lower-case hex digits. */
int ormMigfileIsHex(const char *z, int n){
  int i;
  for(i=0; i<n; i++){
    if( !((z[i]>='0' && z[i]<='9') || (z[i]>='a' && z[i]<='f')) ) return 0;
  }
  return z[n]==0;
}

/* True if z is "" or comma-separated 12-digit revision ids. */
static int ormMigfileIsParentList(const char *z){
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
static char *ormMigfileTrim(OrmErr *pErr, const char *z, int n){
  while( n>0 && ormMigfileIsSpace(z[0]) ){ z++; n--; }
  while( n>0 && ormMigfileIsSpace(z[n-1]) ) n--;
  return ormMprintf(pErr, "%.*s", n, z);
}

/* Is z[0..n) the line zMark, optionally followed by white space and
** options (dbmate allows "-- migrate:up transaction:false")? */
static int ormMigfileIsMarker(const char *z, int n, const char *zMark){
  int nMark = (int)strlen(zMark);
  return n>=nMark && memcmp(z, zMark, nMark)==0
      && (n==nMark || ormMigfileIsSpace(z[nMark]));
}

static int ormMigfileIsAnyMarker(const char *z, int n){
  return ormMigfileIsMarker(z, n, "-- migrate:up")
      || ormMigfileIsMarker(z, n, "-- migrate:down");
}

/* True if some line of z is a section marker: the file format could not
** tell where the section ends. */
static int ormMigfileHasMarker(const char *z){
  while( *z ){
    const char *zEnd = strchr(z, '\n');
    int n = zEnd ? (int)(zEnd - z) : (int)strlen(z);
    if( ormMigfileIsAnyMarker(z, n) ) return 1;
    z += n;
    if( *z ) z++;
  }
  return 0;
}

/*
** The slug of a message for a file name, into zOut[41]: lower case, each
** run of characters other than ASCII letters and digits becomes one '_',
** none at either end, at most 40 characters, "revision" when empty.  A
** '_' is written only with a letter or digit after it (n<39 leaves room),
** so the slug never ends in one.
*/
void ormMigfileSlug(const char *zMessage, char *zOut){
  int n = 0, bGap = 0;
  const char *z;
  for(z=zMessage; *z && n<40; z++){
    char c = *z;
    if( ormMigfileIsAlnum(c) ){
      if( bGap && n>0 && n<39 ) zOut[n++] = '_';
      bGap = 0;
      zOut[n++] = (c>='A' && c<='Z') ? c+('a'-'A') : c;
    }else{
      bGap = 1;
    }
  }
  zOut[n] = 0;
  if( n==0 ) memcpy(zOut, "revision", 9);
}

/* Append z to pOut with backslash, newline and CR escaped. */
static void ormMigfileEscape(sqlite3_str *pOut, const char *z){
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
** Undo ormMigfileEscape() on z[0..n).  Returns a new string, or NULL with
** *pbBad set for an unknown escape (or OOM recorded).
*/
static char *ormMigfileUnescape(OrmErr *pErr, const char *z, int n, int *pbBad){
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

/*************************************************************************
** orm_export
*/

/*
** The text of the file of revision p, or NULL with an error recorded
** when the revision cannot be written faithfully.  azManages[0..nManages)
** are the names orm_migrate was declared with when it made p, sorted
** (_orm_managed): a "-- manages:" line.  The caller frees the text and
** calls it only while no error is recorded (orm_export's loop).
*/
char *ormMigfileText(OrmErr *pErr, const OrmRev *p,
                     char *const *azManages, int nManages){
  char zId[ORM_ID_SIZE], zSum[ORM_SUM_SIZE];
  sqlite3_str *pOut;
  char *zText;
  int i;
  ormGraphChecksum(p->zUp, p->zDown, zSum);
  ormGraphId(ORM_GRAPH_REVISION, p->zParent, p->zMessage, p->zUp, p->zDown,
             zId);
  if( strcmp(zId, p->zId) || p->zChecksum==0 || strcmp(zSum, p->zChecksum) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_export: revision %s was changed in the database after it was"
        " recorded (its content no longer gives its id and checksum);"
        " restore it with orm_import() from an earlier export", p->zId);
    return 0;
  }
  if( ormMigfileHasMarker(p->zUp) || ormMigfileHasMarker(p->zDown) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_export: revision %s has a line starting with '-- migrate:' in"
        " its SQL, which the file format uses to separate the sections;"
        " change that comment in a new revision", p->zId);
    return 0;
  }
  pOut = sqlite3_str_new(0);
  sqlite3_str_appendf(pOut, "-- ormext revision: %s\n-- parent: %s\n"
                      "-- message: ", p->zId, p->zParent ? p->zParent : "");
  ormMigfileEscape(pOut, p->zMessage ? p->zMessage : "");
  sqlite3_str_appendall(pOut, "\n-- created: ");
  ormMigfileEscape(pOut, p->zCreated ? p->zCreated : "");
  sqlite3_str_appendf(pOut, "\n-- checksum: %s\n", p->zChecksum);
  if( p->bDestructive ) sqlite3_str_appendall(pOut, "-- destructive: 1\n");
  {
    char zVer[ORM_VERSION_TEXT];
    ormConfigVersionText(ormConfigRevNeeds(p, 1, 1), zVer);
    if( zVer[0] ) sqlite3_str_appendf(pOut, "-- min_sqlite: %s\n", zVer);
  }
  for(i=0; i<nManages; i++){
    /* Each name in double quotes, then escaped as the message is. */
    char *zQuoted = ormMprintf(pErr, "\"%w\"", azManages[i]);
    sqlite3_str_appendall(pOut, i ? ", " : "-- manages: ");
    if( zQuoted ) ormMigfileEscape(pOut, zQuoted);
    sqlite3_free(zQuoted);
    if( i==nManages-1 ) sqlite3_str_appendall(pOut, "\n");
  }
  sqlite3_str_appendf(pOut,
      "\n-- migrate:up\n%s\n\n-- migrate:down\n%s\n", p->zUp, p->zDown);
  zText = sqlite3_str_finish(pOut);
  if( zText==0 ) ormErrOom(pErr);
  if( pErr->rc ){
    sqlite3_free(zText);
    zText = 0;
  }
  return zText;
}

/*
** The file of squash q: as a revision's, but its first line says
** "-- ormext squash: <id>" and a "-- replaces: a,b,..." line stands for
** the parent.  orm_import() reads it apart from the revision files.  As
** ormMigfileText(), called only while no error is recorded.
*/
char *ormMigfileSquashText(OrmErr *pErr, const OrmSquash *q){
  char zId[ORM_ID_SIZE], zSum[ORM_SUM_SIZE];
  sqlite3_str *pOut;
  char *zText;
  ormGraphChecksum(q->zUp, q->zDown, zSum);
  ormGraphId(ORM_GRAPH_SQUASH, q->zReplaces, q->zMessage, q->zUp, q->zDown,
             zId);
  if( strcmp(zId, q->zId) || q->zChecksum==0 || strcmp(zSum, q->zChecksum) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_export: squash %s was changed in the database after it was"
        " recorded (its content no longer gives its id and checksum);"
        " delete it (DELETE FROM orm_migrations WHERE revision='%s') and"
        " squash again", q->zId, q->zId);
    return 0;
  }
  if( ormMigfileHasMarker(q->zUp) || ormMigfileHasMarker(q->zDown) ){
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_export: squash %s has a line starting with '-- migrate:' in"
        " its SQL, which the file format uses to separate the sections",
        q->zId);
    return 0;
  }
  pOut = sqlite3_str_new(0);
  sqlite3_str_appendf(pOut, "-- ormext squash: %s\n-- replaces: %s\n"
                      "-- message: ", q->zId, q->zReplaces);
  ormMigfileEscape(pOut, q->zMessage ? q->zMessage : "");
  sqlite3_str_appendall(pOut, "\n-- created: ");
  ormMigfileEscape(pOut, q->zCreated ? q->zCreated : "");
  sqlite3_str_appendf(pOut, "\n-- checksum: %s\n", q->zChecksum);
  if( q->bDestructive ) sqlite3_str_appendall(pOut, "-- destructive: 1\n");
  sqlite3_str_appendf(pOut,
      "\n-- migrate:up\n%s\n\n-- migrate:down\n%s\n", q->zUp, q->zDown);
  zText = sqlite3_str_finish(pOut);
  if( zText==0 ) ormErrOom(pErr);
  return zText;
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
    if( !ormMigfileIsSpace(p->z[p->iStart+i]) ) return 0;
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
static int ormMigfileSections(OrmErr *pErr, const char *zPath, OrmLines *pL,
                            int *piUpEnd, int *piDown){
  int iUp = pL->iLine, iDown = 0;
  *piUpEnd = *piDown = (int)strlen(pL->z);
  while( pErr->rc==SQLITE_OK && ormLinesNext(pL) ){
    const char *zLine = pL->z + pL->iStart;
    if( ormMigfileIsMarker(zLine, pL->n, "-- migrate:up") ){
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: '%s' line %d: a second '-- migrate:up' line (the"
          " first is line %d); a file holds one revision", zPath, pL->iLine,
          iUp);
    }else if( ormMigfileIsMarker(zLine, pL->n, "-- migrate:down") ){
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
** Parse z, names in double quotes (a '"' in a name doubled) separated by
** ',' and spaces, into pList.  Returns 0 if z is not such a list (or out
** of memory, recorded).
*/
static int ormMigfileParseNames(OrmErr *pErr, const char *z,
                                OrmStrList *pList){
  int i = 0;
  for(;;){
    sqlite3_str *pName;
    char *zName;
    while( z[i]==' ' ) i++;
    if( z[i]!='"' ) return 0;
    pName = sqlite3_str_new(0);
    for(i++; z[i]!='"' || z[i+1]=='"'; i++){
      if( z[i]==0 ){
        sqlite3_free(sqlite3_str_finish(pName));
        return 0;
      }
      if( z[i]=='"' ) i++;
      sqlite3_str_appendchar(pName, 1, z[i]);
    }
    i++;
    if( sqlite3_str_errcode(pName) ){
      sqlite3_free(sqlite3_str_finish(pName));
      ormErrOom(pErr);
      return 0;
    }
    if( sqlite3_str_length(pName)==0 ){
      /* sqlite3_str_finish() gives NULL for "" */
      sqlite3_free(sqlite3_str_finish(pName));
      zName = ormMprintf(pErr, "%s", "");
    }else{
      zName = sqlite3_str_finish(pName);
    }
    if( ORM_OOM(zName==0) ) return 0;
    ormListAddOwned(pErr, pList, zName);
    while( z[i]==' ' ) i++;
    if( z[i]==0 ) return 1;
    if( z[i]!=',' ) return 0;
    i++;
  }
}

/*
** Parse a file in ormext's format into r (zPath set).  The header's
** values are checked for form only; whether they agree with the content
** is checked later, once every file is read.
*/
static void ormMigfileParseOrmext(OrmErr *pErr, OrmFileRev *r,
                                const char *zText, int bSquash){
  static const char *azRevKey[] = {
    "ormext revision", "parent", "message", "created", "checksum",
    "destructive", "min_sqlite", "manages"
  };
  /* A squash file: its "parent" is the list of the revisions it
  ** replaces (see ormMigfileSquashText()). */
  static const char *azSquashKey[] = {
    "ormext squash", "replaces", "message", "created", "checksum",
    "destructive", "min_sqlite", "manages"
  };
  const char *const *azKey = bSquash ? azSquashKey : azRevKey;
  OrmLines L;
  int aSeen[8];
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
    if( ormMigfileIsMarker(zLine, L.n, "-- migrate:up") ) break;
    if( ormLinesBlank(&L) ) continue;
    /* "-- key: value" */
    for(nKey=0; nKey+3<L.n && zLine[nKey+3]!=':'; nKey++){}
    iKey = -1;
    if( L.n>3 && memcmp(zLine, "-- ", 3)==0 && nKey+3<L.n ){
      for(i=0; i<8; i++){
        if( (int)strlen(azKey[i])==nKey
         && memcmp(zLine+3, azKey[i], nKey)==0 ) iKey = i;
      }
    }
    if( iKey<0 ){
      char *zShow = ormLinesShow(pErr, &L);
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_import: '%s' line %d: expected a header line '-- key: value'"
          " (revision, parent, message, created, checksum, destructive,"
          " min_sqlite, manages) or"
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
      while( nVal>0 && ormMigfileIsSpace(zVal[nVal-1]) ) nVal--;
    }
    switch( iKey ){
      case 0:   /* revision */
        r->zId = ormMprintf(pErr, "%.*s", nVal, zVal);
        if( ORM_OOM(r->zId==0) ) break;
        if( !ormMigfileIsHex(r->zId, ORM_ID_LEN) ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: the revision id must be 12"
              " lower-case hex digits, not '%s'", r->zPath, L.iLine,
              r->zId);
        }
        break;
      case 1:   /* parent */
        if( nVal>0 ) r->zParent = ormMprintf(pErr, "%.*s", nVal, zVal);
        if( r->zParent && !ormMigfileIsParentList(r->zParent) ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: the parent must be empty, a"
              " revision id or ids separated by ',', not '%s'", r->zPath,
              L.iLine, r->zParent);
        }
        break;
      case 2: { /* message */
        int bBad = 0;
        r->zMessage = ormMigfileUnescape(pErr, zVal, nVal, &bBad);
        if( bBad ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: the message has an unknown escape;"
              " write a backslash as \\\\", r->zPath, L.iLine);
        }
        break;
      }
      case 3: { /* created */
        int bBad = 0;
        if( nVal>0 ) r->zCreated = ormMigfileUnescape(pErr, zVal, nVal, &bBad);
        if( bBad ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: the created time has an unknown"
              " escape", r->zPath, L.iLine);
        }
        break;
      }
      case 4:   /* checksum */
        r->zChecksum = ormMprintf(pErr, "%.*s", nVal, zVal);
        if( ORM_OOM(r->zChecksum==0) ) break;
        if( !ormMigfileIsHex(r->zChecksum, ORM_SUM_LEN) ){
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
      case 7: { /* manages */
        int bBad = 0;
        char *zNames = ormMigfileUnescape(pErr, zVal, nVal, &bBad);
        if( zNames && !ormMigfileParseNames(pErr, zNames, &r->manages) ){
          bBad = 1;
        }
        sqlite3_free(zNames);
        if( bBad && pErr->rc==SQLITE_OK ){
          ormErrSet(pErr, SQLITE_ERROR,
              "orm_import: '%s' line %d: manages must be names in double"
              " quotes separated by ',', such as \"users\", \"users_email\"",
              r->zPath, L.iLine);
        }
        break;
      }
      default: { /* min_sqlite */
        char *zVer = ormMprintf(pErr, "%.*s", nVal, zVal);
        r->iMinSqlite = ormConfigVersion(zVer);
        if( ORM_OOM(zVer==0) ) break;
        if( r->iMinSqlite==0 ){
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
    if( !ormMigfileSections(pErr, r->zPath, &L, &iUpEnd, &iDown) ){
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
static void ormMigfileParseDbmate(OrmErr *pErr, OrmFileRev *r,
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
    if( ormMigfileIsMarker(zLine, L.n, "-- migrate:up") ) break;
    if( ormMigfileIsMarker(zLine, L.n, "-- migrate:down") ){
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
  if( !ormMigfileSections(pErr, r->zPath, &L, &iUpEnd, &iDown) ){
    iUpEnd = iDown = (int)strlen(zText);
  }
  r->zUp = ormMigfileTrim(pErr, zText+iUp, iUpEnd-iUp);
  r->zDown = ormMigfileTrim(pErr, zText+iDown, (int)strlen(zText+iDown));
}

/*
** The message of a file without a header: the name without its suffix
** (nStem bytes) and without leading digits and '_' (a version number or a
** timestamp), e.g. "create_users" for 20151129054053_create_users.sql.
*/
static char *ormMigfileStemMessage(OrmErr *pErr, const char *zName, int nStem){
  int i = 0;
  while( i<nStem && zName[i]>='0' && zName[i]<='9' ) i++;
  if( i>0 && i<nStem && zName[i]=='_' ){
    return ormMprintf(pErr, "%.*s", nStem-i-1, zName+i+1);
  }
  return ormMprintf(pErr, "%.*s", nStem, zName);
}

/*
** Read and parse every file of the sorted list into pSet, one revision
** per file (per pair for golang-migrate), in file name order.  Derive
** the id of each revision without an ormext header.
*/
void ormMigfileLoad(OrmErr *pErr, const char *zDir,
                         const char *zRealDir, const OrmStrList *pNames,
                         OrmFileSet *pSet, OrmFileSet *pSquash){
  int i;
  for(i=0; i<pNames->n && pErr->rc==SQLITE_OK; i++){
    const char *zName = pNames->az[i];
    int nName = (int)strlen(zName);
    OrmFileRev *r;
    char *zText = 0;
    if( ormFileioEndsWith(zName, ".down.sql") ){
      char *zUpName = ormMprintf(pErr, "%.*s.up.sql", nName-9, zName);
      if( ORM_OOM(zUpName==0) ) break;
      if( ormFileioFindName(pNames, zUpName)<0 ){
        char *zPath = ormFileioJoin(pErr, zDir, zName);
        ormErrSet(pErr, SQLITE_ERROR,
            "orm_import: file '%s' has no matching '%s'; golang-migrate"
            " files come in pairs", zPath, zUpName);
        sqlite3_free(zPath);
      }
      sqlite3_free(zUpName);
      continue;               /* read with its .up.sql */
    }
    r = ormMigfileSetAdd(pErr, pSet);
    if( ORM_OOM(r==0) ) break;
    r->zName = ormStrdup(pErr, zName);
    r->zPath = ormFileioJoin(pErr, zDir, zName);
    if( ORM_OOM(pErr->rc!=SQLITE_OK) ) break;   /* no error before them */
    if( ormFileioEndsWith(zName, ".up.sql") ){
      char *zDownName = ormMprintf(pErr, "%.*s.down.sql", nName-7, zName);
      r->eKind = ORM_FILE_GOLANG;
      if( ORM_OOM(zDownName==0) ) break;
      if( ormFileioFindName(pNames, zDownName)<0 ){
        ormErrSet(pErr, SQLITE_ERROR,
            "orm_import: file '%s' has no matching '%s'; add it (it may be"
            " empty)", r->zPath, zDownName);
      }
      zText = ormFileioRead(pErr, zDir, zRealDir, zName);
      if( zText ) r->zUp = ormMigfileTrim(pErr, zText, (int)strlen(zText));
      sqlite3_free(zText);
      zText = ormFileioRead(pErr, zDir, zRealDir, zDownName);
      if( zText ) r->zDown = ormMigfileTrim(pErr, zText, (int)strlen(zText));
      r->zMessage = ormMigfileStemMessage(pErr, zName, nName-7);
      sqlite3_free(zDownName);
    }else{
      zText = ormFileioRead(pErr, zDir, zRealDir, zName);
      if( zText && strncmp(zText, "-- ormext squash:", 17)==0 ){
        /* A squash file is no link of the chain of file names: it goes
        ** to pSquash (r, just added, is the last of pSet). */
        OrmFileRev *q = ormMigfileSetAdd(pErr, pSquash);
        if( !ORM_OOM(q==0) ){
          q->eKind = ORM_FILE_ORMEXT;
          q->zName = r->zName;
          q->zPath = r->zPath;
          r->zName = r->zPath = 0;
          pSet->n--;
          ormMigfileParseOrmext(pErr, q, zText, 1);
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
        ormMigfileParseOrmext(pErr, r, zText, 0);
      }else if( zText ){
        r->eKind = ORM_FILE_DBMATE;
        ormMigfileParseDbmate(pErr, r, zText);
        r->zMessage = ormMigfileStemMessage(pErr, zName, nName-4);
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
      ormGraphId(ORM_GRAPH_REVISION, r->zParent, r->zMessage, r->zUp,
                 r->zDown, zId);
      r->zId = ormStrdup(pErr, zId);
    }
  }
}
