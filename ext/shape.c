/*
** shape.c - the shape of a proof: what a proof group is, up to the names
** of the objects in it.
**
** orm_migrate proves each group of changes by running it on a scratch
** copy (prove.c).  Large schemas repeat themselves: fifty tables get
** the same created_at column, a hundred per-tenant tables the same new
** index.  Two groups whose scratch copies, SQL and expected objects are
** the same text once every object name is replaced by its order of first
** appearance behave the same under SQLite: a consistent renaming of
** identifiers changes nothing that SQLite decides.  So the proof of one
** stands for the other, and only the first is run.  (Quoting can matter:
** a double-quoted name that resolves to nothing is a string literal to
** SQLite.  So the key keeps whether each name was double-quoted.)
**
** That holds only while a name is nothing but an identifier.  A name that
** SQLite could read as something else - a keyword, a function, a
** collation, a type whose affinity comes from its spelling, rowid, TRUE -
** makes a group unshareable: it is proven on its own, as always.
**
**   OrmShape s;
**   ormShapeInit(&err, db, &s, &live, &decl, &other);
**   zKey = ormShapeKey(&err, &s, azText, nText);  -- NULL: not shareable
**   if( ormShapeSeen(&s, zKey) ) ...the proof is done...
**   ormShapeAdd(&err, &s, zKey);                   -- once proven
**   ormShapeFree(&s);
**
** The key is the renamed text itself, compared byte for byte: no hash
** collision can make two different groups one.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/*
** Words that are not keywords to sqlite3_keyword_check() but that SQLite
** may still read as something other than a name where they stand.
*/
static const char *const azOrmShapeReserved[] = {
  "rowid", "oid", "_rowid_", "true", "false", "new", "old", "main", "temp",
  "excluded", "stored", "any", "on", "off", "yes", "no", "none",
  "legacy_alter_table",
};

/* Substrings that give a type name its affinity (datatype3.html). */
static const char *const azOrmShapeAffinity[] = {
  "int", "char", "clob", "text", "blob", "real", "floa", "doub",
};

/* Case-blind substring test for ASCII. */
static int ormShapeContains(const char *z, const char *zSub){
  int n = (int)strlen(zSub);
  for(; *z; z++){
    if( sqlite3_strnicmp(z, zSub, n)==0 ) return 1;
  }
  return 0;
}

/*
** Fill *p (zeroed first): the object names of the three schemas (any may
** be NULL), and the names of the functions and collations db knows.
*/
void ormShapeInit(OrmErr *pErr, sqlite3 *db, OrmShape *p,
                  const OrmSchema *pA, const OrmSchema *pB,
                  const OrmSchema *pC){
  const OrmSchema *apSchema[3];
  sqlite3_stmt *pStmt;
  OrmErr errList = {0, 0};
  int i, k;
  memset(p, 0, sizeof(*p));
  if( pErr->rc ) return;
  apSchema[0] = pA;
  apSchema[1] = pB;
  apSchema[2] = pC;
  for(k=0; k<3; k++){
    for(i=0; apSchema[k] && i<apSchema[k]->nObj; i++){
      const char *zName = apSchema[k]->aObj[i].zName;
      if( ormListFind(&p->objects, zName)<0 ){
        ormListAdd(pErr, &p->objects, zName);
      }
    }
  }
  /* Without these lists no name can be shown safe: nothing is shared. */
  pStmt = ormPrepare(&errList, db,
      "SELECT name FROM pragma_function_list"
      " UNION SELECT name FROM pragma_collation_list");
  while( ormStep(&errList, pStmt) ){
    ormListAdd(&errList, &p->builtin,
               (const char*)sqlite3_column_text(pStmt, 0));
  }
  ormFinalize(&errList, pStmt);
  if( errList.rc==SQLITE_NOMEM ) ormErrOom(pErr);
  p->bOff = errList.rc!=SQLITE_OK;
  ormErrClear(&errList);
}

void ormShapeFree(OrmShape *p){
  int i;
  ormListFree(&p->objects);
  ormListFree(&p->builtin);
  for(i=0; i<p->nSeen; i++) sqlite3_free(p->aSeen[i].zKey);
  sqlite3_free(p->aSeen);
  memset(p, 0, sizeof(*p));
}

/*
** Is zName (dequoted) the name of an object of one of the schemas, or of
** the new table a rebuild makes for one?
*/
static int ormShapeIsObject(const OrmShape *p, const char *zName){
  int n = (int)sizeof(ORM_NEW_PREFIX)-1;
  if( zName[0]=='_' && sqlite3_strnicmp(zName, ORM_NEW_PREFIX, n)==0 ){
    zName += n;
  }
  return ormListFind(&p->objects, zName)>=0;
}

/* Can SQLite read zName only as a name, wherever it stands? */
static int ormShapeSafeName(const OrmShape *p, const char *zName){
  int i, n = (int)strlen(zName);
  if( n==0 ) return 0;
  for(i=0; i<n; i++){
    char c = zName[i];
    if( !((c>='a' && c<='z') || (c>='A' && c<='Z') || c=='_'
          || (i>0 && c>='0' && c<='9')) ) return 0;
  }
  if( sqlite3_keyword_check(zName, n) ) return 0;
  if( sqlite3_strnicmp(zName, "sqlite_", 7)==0 ) return 0;
  for(i=0; i<(int)(sizeof(azOrmShapeReserved)/sizeof(char*)); i++){
    if( sqlite3_stricmp(zName, azOrmShapeReserved[i])==0 ) return 0;
  }
  for(i=0; i<(int)(sizeof(azOrmShapeAffinity)/sizeof(char*)); i++){
    if( ormShapeContains(zName, azOrmShapeAffinity[i]) ) return 0;
  }
  return ormListFind(&p->builtin, zName)<0;
}

/*
** The key of the shape of azText[0..nText-1] (NULL entries allowed): the
** texts with each object name replaced by its number of first appearance
** (and whether it was double-quoted), everything else kept byte for byte.
** NULL (and no error) when the group must be proven on its own.  The
** caller frees it.
*/
char *ormShapeKey(OrmErr *pErr, const OrmShape *p, const char **azText,
                  int nText){
  OrmStrList names = {0, 0, 0, 0, 0};    /* renamed, by first appearance */
  sqlite3_str *pOut;
  char *zCanon;
  int i, n, eType, bShare = !p->bOff;
  if( pErr->rc || !bShare ) return 0;
  pOut = sqlite3_str_new(0);
  for(i=0; bShare && i<nText; i++){
    const char *z = azText[i];
    sqlite3_str_appendchar(pOut, 1, '\x02');
    if( z==0 ){
      sqlite3_str_appendchar(pOut, 1, '\x03');
      continue;
    }
    for(; bShare && (n = ormNormToken(z, &eType))>0; z+=n){
      char zBuf[128];
      char *zId;
      int iName;
      if( eType!=ORM_TK_WORD && eType!=ORM_TK_QID ){
        sqlite3_str_append(pOut, z, n);
        continue;
      }
      zId = ormNormIdentBuf(z, n, zBuf, (int)sizeof(zBuf));
      if( zId==0 ){ ormErrOom(pErr); break; }
      if( !ormShapeIsObject(p, zId) ){
        sqlite3_str_append(pOut, z, n);
      }else if( !ormShapeSafeName(p, zId) ){
        bShare = 0;
      }else{
        iName = ormListFind(&names, zId);
        if( iName<0 ){
          ormListAdd(pErr, &names, zId);
          iName = names.n-1;
        }
        /* A double-quoted name that resolves to nothing is a string to
        ** SQLite; other spellings are always names. */
        sqlite3_str_appendf(pOut, "\x01%d%s\x01", iName,
                            z[0]=='"' ? "\"" : "");
      }
      if( zId!=zBuf ) sqlite3_free(zId);
    }
  }
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  zCanon = sqlite3_str_finish(pOut);
  ormListFree(&names);
  if( !bShare || pErr->rc ){
    sqlite3_free(zCanon);
    zCanon = 0;
  }
  return zCanon;
}

/* Has a group of shape zKey (NULL: none) been proven? */
int ormShapeSeen(const OrmShape *p, const char *zKey){
  unsigned int h;
  int i;
  if( zKey==0 ) return 0;
  h = ormHash(zKey, 0);
  for(i=0; i<p->nSeen; i++){
    if( p->aSeen[i].h==h && strcmp(p->aSeen[i].zKey, zKey)==0 ) return 1;
  }
  return 0;
}

/* Record that a group of shape zKey (NULL: none) is proven. */
void ormShapeAdd(OrmErr *pErr, OrmShape *p, const char *zKey){
  OrmShapeSeen *aNew;
  char *zCopy;
  if( pErr->rc || zKey==0 || ormShapeSeen(p, zKey) ) return;
  aNew = ormGrow(pErr, p->aSeen, p->nSeen, &p->nSeenAlloc, 16,
                 sizeof(OrmShapeSeen));
  if( aNew==0 ) return;
  p->aSeen = aNew;
  zCopy = ormStrdup(pErr, zKey);
  if( zCopy==0 ) return;
  aNew[p->nSeen].zKey = zCopy;
  aNew[p->nSeen++].h = ormHash(zKey, 0);
}
