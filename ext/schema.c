/*
** schema.c - the schema container: an OrmSchema of objects (tables,
** indexes, views, triggers) with their columns and signatures, looked up
** by name through a hash.  No SQL is run here: introspect.c fills an
** OrmSchema from a database, decl.c and compare.c build them from text.
**
**   OrmSchema s = {0};
**   ormSchemaAddShallow(&err, &s, "table", "t", "t", "CREATE TABLE t(a)");
**   ormSchemaIndex(&s);
**   ... ormSchemaFind(&s, "T") ...
**   ormSchemaFree(&s);
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <stdlib.h>
#include <string.h>

/* ORM_OBJ_* of a sqlite_schema type: "table", "index", "view", "trigger". */
static int ormSchemaType(const char *zType){
  if( zType==0 ) return ORM_OBJ_VIEW;
  return zType[0]=='t' ? (zType[1]=='a' ? ORM_OBJ_TABLE : ORM_OBJ_TRIGGER)
       : zType[0]=='i' ? ORM_OBJ_INDEX : ORM_OBJ_VIEW;
}

static int ormCmpStr(const void *a, const void *b){
  return strcmp(*(char*const*)a, *(char*const*)b);
}

/* Sort the list and join it with ", " into a new string. */
char *ormSchemaJoinSorted(OrmErr *pErr, OrmStrList *p){
  sqlite3_str *pOut;
  int i;
  if( pErr->rc ) return 0;
  if( p->n>1 ){
    qsort(p->az, p->n, sizeof(char*), ormCmpStr);
    ormListRehash(p);
  }
  pOut = sqlite3_str_new(0);
  for(i=0; i<p->n; i++){
    sqlite3_str_appendf(pOut, "%s%s", i ? ", " : "", p->az[i]);
  }
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  {
    char *z = sqlite3_str_finish(pOut);
    if( z==0 && pErr->rc==SQLITE_OK ) z = ormStrdup(pErr, "");
    return z;
  }
}


/* Append z (NULL: nothing) to pOut lower-cased, ASCII only as SQL's
** lower() does. */
static void ormAppendLower(sqlite3_str *pOut, const char *z){
  for(; z && *z; z++){
    char c = *z;
    sqlite3_str_appendchar(pOut, 1, (c>='A' && c<='Z') ? c+('a'-'A') : c);
  }
}

/*
** The signature of foreign key pFk: "parent\x1fon update A\x1fon delete
** B\x1fmatch C", then "\x1ffrom\x1eto" per column pair, names in lower
** case (names that a rename hint supplied may be spelled otherwise).  Two
** keys are the same constraint when their signatures are equal.  The
** caller frees it; NULL on OOM.
*/
char *ormSchemaFkSig(OrmErr *pErr, const OrmFk *pFk){
  sqlite3_str *pOut;
  char *z;
  int i;
  if( pErr->rc ) return 0;
  pOut = sqlite3_str_new(0);
  ormAppendLower(pOut, pFk->zParent);
  sqlite3_str_appendf(pOut, "\x1fon update %s\x1fon delete %s\x1fmatch %s",
      pFk->zOnUpdate, pFk->zOnDelete, pFk->zMatch);
  for(i=0; i<pFk->nCol; i++){
    sqlite3_str_appendchar(pOut, 1, '\x1f');
    ormAppendLower(pOut, pFk->aCol[i].zFrom);
    sqlite3_str_appendchar(pOut, 1, '\x1e');
    ormAppendLower(pOut, pFk->aCol[i].zTo);
  }
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  z = sqlite3_str_finish(pOut);
  if( z==0 ) ormErrOom(pErr);
  return z;
}

/*
** The signatures of the nFk foreign keys aFk, sorted and joined with ", ":
** the part of a table's signature that its foreign keys make.  The caller
** frees it; NULL on OOM.
*/
char *ormSchemaFkJoin(OrmErr *pErr, const OrmFk *aFk, int nFk){
  OrmStrList sigs = {0, 0, 0, 0, 0};
  char *z;
  int i;
  for(i=0; i<nFk; i++){
    ormListAddOwned(pErr, &sigs, ormSchemaFkSig(pErr, &aFk[i]));
  }
  z = ormSchemaJoinSorted(pErr, &sigs);
  ormListFree(&sigs);
  return z;
}

/* Append the column pair (zFrom, zTo) to pFk; copies, NULL zTo is "". */
void ormSchemaFkAddCol(OrmErr *pErr, OrmFk *pFk, const char *zFrom,
                       const char *zTo){
  OrmFkCol *aNew;
  if( pErr->rc ) return;
  aNew = ormGrow(pErr, pFk->aCol, pFk->nCol, &pFk->nColAlloc, 4,
                 sizeof(OrmFkCol));
  if( aNew==0 ) return;
  pFk->aCol = aNew;
  aNew[pFk->nCol].zFrom = ormStrdup(pErr, zFrom ? zFrom : "");
  aNew[pFk->nCol].zTo = ormStrdup(pErr, zTo ? zTo : "");
  pFk->nCol++;
}

/* Make pNew (zeroed) a deep copy of pSrc. */
void ormSchemaFkCopy(OrmErr *pErr, OrmFk *pNew, const OrmFk *pSrc){
  int i;
  pNew->zParent = ormStrdup(pErr, pSrc->zParent);
  pNew->zOnUpdate = ormStrdup(pErr, pSrc->zOnUpdate);
  pNew->zOnDelete = ormStrdup(pErr, pSrc->zOnDelete);
  pNew->zMatch = ormStrdup(pErr, pSrc->zMatch);
  for(i=0; i<pSrc->nCol; i++){
    ormSchemaFkAddCol(pErr, pNew, pSrc->aCol[i].zFrom, pSrc->aCol[i].zTo);
  }
}

void ormSchemaFkFree(OrmFk *pFk){
  int i;
  for(i=0; i<pFk->nCol; i++){
    sqlite3_free(pFk->aCol[i].zFrom);
    sqlite3_free(pFk->aCol[i].zTo);
  }
  sqlite3_free(pFk->aCol);
  sqlite3_free(pFk->zParent);
  sqlite3_free(pFk->zOnUpdate);
  sqlite3_free(pFk->zOnDelete);
  sqlite3_free(pFk->zMatch);
  memset(pFk, 0, sizeof(*pFk));
}

/* Append a zeroed object to the schema; NULL on OOM. */
OrmObject *ormSchemaAppend(OrmErr *pErr, OrmSchema *p){
  OrmObject *aNew;
  if( pErr->rc ) return 0;
  if( p->nHash ){
    /* The hash no longer covers every object: lookups scan until the
    ** caller builds it again. */
    sqlite3_free(p->aHash);
    p->aHash = 0;
    p->nHash = 0;
  }
  aNew = ormGrow(pErr, p->aObj, p->nObj, &p->nAlloc, 16, sizeof(OrmObject));
  if( ORM_OOM(aNew==0) ) return 0;
  p->aObj = aNew;
  memset(&p->aObj[p->nObj], 0, sizeof(OrmObject));
  return &p->aObj[p->nObj++];
}

/*
** Append a shallow object to p: its type ("table", "index", "view" or
** "trigger"), names and CREATE text.
*/
void ormSchemaAddShallow(OrmErr *pErr, OrmSchema *p, const char *zType,
                         const char *zName, const char *zTbl,
                         const char *zSql){
  OrmObject *pObj = ormSchemaAppend(pErr, p);
  if( pObj==0 ) return;
  pObj->eType = ormSchemaType(zType);
  pObj->zName = ormStrdup(pErr, zName);
  pObj->zTbl = ormStrdup(pErr, zTbl);
  pObj->zSql = ormStrdup(pErr, zSql);
  pObj->iIpk = -1;
  pObj->bShallow = 1;
}

static void ormObjectFree(OrmObject *pObj){
  int i;
  for(i=0; i<pObj->nCol; i++){
    OrmColumn *pCol = &pObj->aCol[i];
    sqlite3_free(pCol->zName);
    sqlite3_free(pCol->zType);
    sqlite3_free(pCol->zDflt);
    sqlite3_free(pCol->zDef);
    sqlite3_free(pCol->zSig);
  }
  sqlite3_free(pObj->aCol);
  sqlite3_free(pObj->zName);
  sqlite3_free(pObj->zTbl);
  sqlite3_free(pObj->zSql);
  sqlite3_free(pObj->zSig);
  sqlite3_free(pObj->zSigBase);
  for(i=0; i<pObj->nFk; i++) ormSchemaFkFree(&pObj->aFk[i]);
  sqlite3_free(pObj->aFk);
}

void ormSchemaFree(OrmSchema *p){
  int i;
  for(i=0; i<p->nObj; i++) ormObjectFree(&p->aObj[i]);
  sqlite3_free(p->aObj);
  sqlite3_free(p->aHash);
  memset(p, 0, sizeof(*p));
}

/*
** (Re)build the name hash of p; on OOM there is none, and lookups scan.
** The hash is at least twice the number of objects.
*/
void ormSchemaIndex(OrmSchema *p){
  int i, nHash = 16;
  sqlite3_free(p->aHash);
  p->aHash = 0;
  p->nHash = 0;
  while( nHash<p->nObj*2 ) nHash *= 2;
  p->aHash = sqlite3_malloc64(nHash*sizeof(int));
  if( p->aHash==0 ) return;
  memset(p->aHash, 0, nHash*sizeof(int));
  p->nHash = nHash;
  for(i=0; i<p->nObj; i++){
    unsigned int h;
    /* Only a copy that ran out of memory has no name; its schema is
    ** dropped with the error, but may be indexed first. */
    if( ORM_OOM(p->aObj[i].zName==0) ) continue;
    h = ormHashName(p->aObj[i].zName) & (unsigned int)(nHash-1);
    while( p->aHash[h] ) h = (h+1) & (unsigned int)(nHash-1);
    p->aHash[h] = i+1;
  }
}

/* The object called zName (any case), or NULL. */
OrmObject *ormSchemaFind(const OrmSchema *p, const char *zName){
  int i;
  if( p->nHash ){
    unsigned int h = ormHashName(zName) & (unsigned int)(p->nHash-1);
    while( p->aHash[h] ){
      OrmObject *pObj = &p->aObj[p->aHash[h]-1];
      if( sqlite3_stricmp(pObj->zName, zName)==0 ) return pObj;
      h = (h+1) & (unsigned int)(p->nHash-1);
    }
    return 0;
  }
  for(i=0; i<p->nObj; i++){
    if( sqlite3_stricmp(p->aObj[i].zName, zName)==0 ) return &p->aObj[i];
  }
  return 0;
}

/* The column zName of table pTab (any case), or NULL. */
OrmColumn *ormSchemaColumn(const OrmObject *pTab, const char *zName){
  int i;
  for(i=0; i<pTab->nCol; i++){
    if( sqlite3_stricmp(pTab->aCol[i].zName, zName)==0 ){
      return &pTab->aCol[i];
    }
  }
  return 0;
}

/*
** Keep in p only the objects whose name is in pNames.  The others move to
** pRest (zeroed by the caller) when it is not NULL, else they are freed.
** Out of memory while moving one to pRest, it is freed and the error is
** recorded (pRest would be missing objects); after an error, both schemas
** are only fit to be freed.
*/
void ormSchemaKeep(OrmErr *pErr, OrmSchema *p, const OrmStrList *pNames,
                   OrmSchema *pRest){
  int i, j = 0;
  for(i=0; i<p->nObj; i++){
    OrmObject *pMoved;
    if( ormListFind(pNames, p->aObj[i].zName)>=0 ){
      p->aObj[j++] = p->aObj[i];
    }else if( pRest && (pMoved = ormSchemaAppend(pErr, pRest))!=0 ){
      *pMoved = p->aObj[i];
    }else{
      if( pRest ) ormErrOom(pErr);
      ormObjectFree(&p->aObj[i]);
    }
  }
  p->nObj = j;
  ormSchemaIndex(p);
  if( pRest ) ormSchemaIndex(pRest);
}

/*
** Make pNew (zeroed) a deep copy of object pSrc.  On OOM the copy may be
** partial; it is still freed with its schema.
*/
void ormSchemaCopyObject(OrmErr *pErr, OrmObject *pNew,
                         const OrmObject *pSrc){
  int i;
  pNew->eType = pSrc->eType;
  pNew->zName = ormStrdup(pErr, pSrc->zName);
  pNew->zTbl = ormStrdup(pErr, pSrc->zTbl);
  pNew->zSql = ormStrdup(pErr, pSrc->zSql);
  pNew->zSig = pSrc->zSig ? ormStrdup(pErr, pSrc->zSig) : 0;
  pNew->zSigBase = pSrc->zSigBase ? ormStrdup(pErr, pSrc->zSigBase) : 0;
  pNew->bWithoutRowid = pSrc->bWithoutRowid;
  pNew->bStrict = pSrc->bStrict;
  pNew->bAutoinc = pSrc->bAutoinc;
  pNew->iIpk = pSrc->iIpk;
  pNew->bShallow = pSrc->bShallow;
  if( pSrc->nFk>0 ){
    pNew->aFk = ormMalloc(pErr, sizeof(OrmFk)*pSrc->nFk);
    if( ORM_OOM(pNew->aFk==0) ) return;
    pNew->nFk = pSrc->nFk;
    for(i=0; i<pSrc->nFk; i++){
      ormSchemaFkCopy(pErr, &pNew->aFk[i], &pSrc->aFk[i]);
    }
  }
  if( pSrc->nCol>0 ){
    pNew->aCol = ormMalloc(pErr, sizeof(OrmColumn)*pSrc->nCol);
    if( ORM_OOM(pNew->aCol==0) ) return;
    pNew->nCol = pSrc->nCol;
    for(i=0; i<pSrc->nCol; i++){
      const OrmColumn *pC = &pSrc->aCol[i];
      OrmColumn *pD = &pNew->aCol[i];
      pD->zName = ormStrdup(pErr, pC->zName);
      pD->zType = ormStrdup(pErr, pC->zType);
      pD->zDflt = ormStrdup(pErr, pC->zDflt);
      pD->bNotNull = pC->bNotNull;
      pD->iPk = pC->iPk;
      pD->eHidden = pC->eHidden;
      pD->zDef = ormStrdup(pErr, pC->zDef);
      pD->zSig = ormStrdup(pErr, pC->zSig);
    }
  }
}

/* Append to p a deep copy of object pSrc (of another schema). */
void ormSchemaAddCopy(OrmErr *pErr, OrmSchema *p, const OrmObject *pSrc){
  OrmObject *pNew = ormSchemaAppend(pErr, p);
  if( pNew ) ormSchemaCopyObject(pErr, pNew, pSrc);
}
