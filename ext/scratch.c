/*
** scratch.c - small scratch databases holding part of a schema, on which
** planned SQL is tried and proven.
**
** A schema of thousands of tables makes every ALTER TABLE on a full copy
** slow (SQLite re-reads the whole schema after each one).  So a scratch
** database holds only the objects that matter to a change: the objects
** named, and every object whose SQL mentions one of them (its indexes and
** triggers, views over it, tables whose foreign keys point at it).  An
** index from identifier to the objects that mention it makes finding them
** cheap.
**
**   OrmScratchSrc src;
**   ormScratchInit(&err, &src, &live, &other);   -- the state to copy
**   ormScratchOpen(&err, &src, &names, &db, &closure);
**   ... try SQL on db ...
**   sqlite3_close(db);
**   ormScratchFree(&src);
**
** ormScratchClone() makes the other kind: a whole copy of a database's
** schema, for SQL that names objects no OrmSchema holds (a hand-written
** revision, prove.c's ormProveHandWritten()).
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/* The slot of name z: where it is, or the empty slot it would take. */
static OrmMention *ormScratchSlot(const OrmScratchSrc *p, const char *z){
  unsigned int i = ormHashName(z) & (unsigned int)(p->nSlot-1);
  while( p->aSlot[i].zName && sqlite3_stricmp(p->aSlot[i].zName, z) ){
    i = (i+1) & (unsigned int)(p->nSlot-1);
  }
  return &p->aSlot[i];
}

/* Double the hash table (kept at most half full). */
static void ormScratchGrow(OrmErr *pErr, OrmScratchSrc *p){
  OrmMention *aOld = p->aSlot;
  int nOld = p->nSlot, i;
  OrmMention *aNew = ormMalloc(pErr, sizeof(OrmMention)*nOld*2);
  if( ORM_OOM(aNew==0) ) return;
  p->aSlot = aNew;
  p->nSlot = nOld*2;
  for(i=0; i<nOld; i++){
    if( aOld[i].zName ) *ormScratchSlot(p, aOld[i].zName) = aOld[i];
  }
  sqlite3_free(aOld);
}

/* Record that object iObj mentions name z (dequoted). */
static void ormScratchMention(OrmErr *pErr, OrmScratchSrc *p, const char *z,
                              int iObj){
  OrmMention *pSlot;
  int *aNew;
  if( (p->nUsed+1)*2>p->nSlot ){
    ormScratchGrow(pErr, p);
    /* Only an allocation sets pErr while an index is built. */
    if( ORM_OOM(pErr->rc!=SQLITE_OK) ) return;
  }
  pSlot = ormScratchSlot(p, z);
  if( pSlot->zName==0 ){
    pSlot->zName = ormStrdup(pErr, z);
    if( pSlot->zName==0 ) return;
    p->nUsed++;
  }
  if( pSlot->nRef>0 && pSlot->aRef[pSlot->nRef-1]==iObj ) return;
  aNew = ormGrow(pErr, pSlot->aRef, pSlot->nRef, &pSlot->nAlloc, 4,
                 sizeof(int));
  if( ORM_OOM(aNew==0) ) return;
  pSlot->aRef = aNew;
  pSlot->aRef[pSlot->nRef++] = iObj;
}

/*
** Index every identifier that object iObj's SQL mentions (only those in
** pOnly, when it is not NULL).
*/
static void ormScratchIndex(OrmErr *pErr, OrmScratchSrc *p, int iObj,
                            const OrmStrList *pOnly){
  const OrmObject *pObj = p->apObj[iObj];
  const char *z = pObj->zSql;
  int n, eType;
  ormScratchMention(pErr, p, pObj->zName, iObj);
  ormScratchMention(pErr, p, pObj->zTbl, iObj);
  /* An index is tied to its table by what it is: its text can name only
  ** that table's columns, which may be spelled like another object. */
  if( pObj->eType==ORM_OBJ_INDEX ) return;
  for(; pErr->rc==SQLITE_OK && (n = ormNormToken(z, &eType))>0; z+=n){
    if( eType==ORM_TK_WORD || eType==ORM_TK_QID || eType==ORM_TK_STRING ){
      char zBuf[128];
      char *zId = ormNormIdentBuf(z, n, zBuf, (int)sizeof(zBuf));
      if( zId==0 ){ ormErrOom(pErr); break; }
      if( pOnly==0 || ormListFind(pOnly, zId)>=0 ){
        ormScratchMention(pErr, p, zId, iObj);
      }
      if( zId!=zBuf ) sqlite3_free(zId);
    }
  }
}

/*
** Make *p (zeroed first) the source for scratch databases of a schema
** state: the objects of pA and then pB (either may be NULL), kept in
** creation order by type.  The schemas must outlive *p.  pOnly, when not
** NULL, lists every name that will be asked for (the names of all
** objects): other words are not indexed.
*/
void ormScratchInit(OrmErr *pErr, OrmScratchSrc *p, const OrmSchema *pA,
                    const OrmSchema *pB, const OrmStrList *pOnly){
  const OrmSchema *apPart[2];
  int eType, k, i, nTotal;
  memset(p, 0, sizeof(*p));
  apPart[0] = pA;
  apPart[1] = pB;
  /* Every caller passes both (compare.c, migrate.c, vt_diff.c). */
  nTotal = (ORM_ALWAYS(pA) ? pA->nObj : 0) + (ORM_ALWAYS(pB) ? pB->nObj : 0);
  p->apObj = ormMalloc(pErr, sizeof(OrmObject*)*(nTotal+1));
  for(p->nSlot=64; p->nSlot<nTotal*4; p->nSlot*=2){}
  p->aSlot = ormMalloc(pErr, sizeof(OrmMention)*p->nSlot);
  if( ORM_OOM(p->apObj==0 || p->aSlot==0) ) return;
  for(eType=ORM_OBJ_TABLE; eType<=ORM_OBJ_TRIGGER; eType++){
    for(k=0; k<2; k++){
      if( ORM_NEVER(apPart[k]==0) ) continue;
      for(i=0; i<apPart[k]->nObj; i++){
        if( apPart[k]->aObj[i].eType==eType ){
          p->apObj[p->nObj++] = &apPart[k]->aObj[i];
        }
      }
    }
  }
  for(i=0; i<p->nObj && pErr->rc==SQLITE_OK; i++){
    ormScratchIndex(pErr, p, i, pOnly);
  }
}

void ormScratchFree(OrmScratchSrc *p){
  int i;
  for(i=0; p->aSlot && i<p->nSlot; i++){
    sqlite3_free(p->aSlot[i].zName);
    sqlite3_free(p->aSlot[i].aRef);
  }
  sqlite3_free(p->aSlot);
  sqlite3_free(p->apObj);
  memset(p, 0, sizeof(*p));
}

/*
** Mark every object that mentions zName; but with bTables false, no
** table that pNames does not name.
*/
static void ormScratchMark(const OrmScratchSrc *p, const char *zName,
                           const OrmStrList *pNames, int bTables,
                           unsigned char *aMark){
  const OrmMention *pSlot = ormScratchSlot(p, zName);
  int i;
  for(i=0; i<pSlot->nRef; i++){
    const OrmObject *pObj = p->apObj[pSlot->aRef[i]];
    if( !bTables && pObj->eType==ORM_OBJ_TABLE
     && ormListFind(pNames, pObj->zName)<0 ) continue;
    aMark[pSlot->aRef[i]] = 1;
  }
}

/*
** Set aMark[i] (aMark has p->nObj entries) for the objects named in
** pNames, every object that mentions one of them, and the tables their
** triggers belong to: what a scratch copy for those names needs.
**
** bTables false leaves out the other tables that mention the names, which
** can only be tables whose foreign keys point at them: a proof without
** renames may (see ormProveAll()).  Tables that a marked view or
** trigger names are marked all the same.
*/
void ormScratchMarks(const OrmScratchSrc *p, const OrmStrList *pNames,
                     int bTables, unsigned char *aMark){
  int i, bMore = 1;
  for(i=0; i<pNames->n; i++){
    ormScratchMark(p, pNames->az[i], pNames, bTables, aMark);
  }
  /* A trigger or view SQLite re-checks when a table changes must find
  ** what it names: add the tables and views named in their SQL (and the
  ** table a trigger is on), until nothing new comes in.  aMark[i]==2
  ** means object i was expanded already. */
  while( bMore ){
    bMore = 0;
    for(i=0; i<p->nObj; i++){
      const OrmObject *pObj = p->apObj[i];
      const char *z;
      int n, eType;
      if( aMark[i]!=1 ) continue;
      aMark[i] = 2;
      if( pObj->eType!=ORM_OBJ_TRIGGER && pObj->eType!=ORM_OBJ_VIEW ) continue;
      for(z=pObj->zSql; (n = ormNormToken(z, &eType))>0; z+=n){
        char zBuf[128];
        char *zId;
        const OrmMention *pSlot;
        int j;
        if( eType!=ORM_TK_WORD && eType!=ORM_TK_QID ) continue;
        zId = ormNormIdentBuf(z, n, zBuf, (int)sizeof(zBuf));
        if( ORM_OOM(zId==0) ) continue;
        pSlot = ormScratchSlot(p, zId);
        for(j=0; j<pSlot->nRef; j++){
          int k = pSlot->aRef[j];
          const OrmObject *pRef = p->apObj[k];
          if( aMark[k]==0 && sqlite3_stricmp(pRef->zName, zId)==0
           && (pRef->eType==ORM_OBJ_TABLE || pRef->eType==ORM_OBJ_VIEW) ){
            aMark[k] = 1;
            bMore = 1;
          }
        }
        if( zId!=zBuf ) sqlite3_free(zId);
      }
    }
  }
}

/*
** Open a new in-memory database holding the objects marked in aMark.
** When pClosure is not NULL, their names are appended to it.  An object
** that cannot be created there is skipped.  The caller closes *ppDb.
*/
void ormScratchOpenMarked(OrmErr *pErr, const OrmScratchSrc *p,
                          const unsigned char *aMark, sqlite3 **ppDb,
                          OrmStrList *pClosure){
  sqlite3 *db = 0;
  int i;
  *ppDb = 0;
  db = ormGuardOpen(pErr, p->dbUser);     /* NULL if pErr->rc is set */
  if( db==0 ) return;
  ormExec(pErr, db, "BEGIN");
  for(i=0; pErr->rc==SQLITE_OK && i<p->nObj; i++){
    char *zErr = 0;
    if( !aMark[i] ) continue;
    /* Errors are ignored: what cannot be copied is not ours to plan.
    ** But out of memory, the copy would silently lack the object. */
    if( (ormGuardCreate(db, p->apObj[i]->zSql, p->apObj[i]->eType, &zErr)
         & 0xff)==SQLITE_NOMEM ){
      ormErrOom(pErr);
    }
    sqlite3_free(zErr);
    /* No caller asks for the closure yet (prove.c, ormScratchDqs()). */
    if( ORM_NEVER(pClosure!=0) ) ormListAdd(pErr, pClosure, p->apObj[i]->zName);
  }
  ormExec(pErr, db, "COMMIT");
  if( pErr->rc ){
    sqlite3_close(db);
    return;
  }
  *ppDb = db;
}

/*
** Could SQLite's DROP COLUMN rewrite object pObj (see ormScratchDqs())?
** Only a view or trigger with a double quote in its text.
*/
int ormScratchMayRewrite(const OrmObject *pObj){
  return (pObj->eType==ORM_OBJ_VIEW || pObj->eType==ORM_OBJ_TRIGGER)
      && strchr(pObj->zSql, '"')!=0;
}

/*
** The name of a view or trigger of p that SQLite would rewrite on a native
** ALTER TABLE DROP COLUMN, or on a RENAME with legacy_alter_table off,
** anywhere in the database: both turn the double-quoted string literals
** of every view and trigger ("abc" meant as 'abc') into single-quoted
** ones, so the object would no longer be as declared.  NULL when there is
** none.  The caller frees the name.
**
** SQLite alone knows which double-quoted words are strings: a scratch
** copy of the views and triggers that have a double quote (and of what
** they name) sees a DROP COLUMN of a table of its own, and the texts are
** compared.  If that DROP COLUMN fails, the first such object is named.
** Objects named in pSkip (gone by then) are not asked about.
*/
char *ormScratchDqs(OrmErr *pErr, const OrmScratchSrc *p,
                    const OrmStrList *pSkip){
  OrmStrList names = {0, 0, 0, 0, 0};
  OrmStrList before = {0, 0, 0, 0, 0};  /* names, then texts */
  unsigned char *aMark;
  sqlite3_stmt *pStmt;
  sqlite3 *db = 0;
  char *zRet = 0;
  int i, iText;
  /* With pErr->rc set on entry, ormListAdd() adds nothing: 0 below. */
  for(i=0; i<p->nObj; i++){
    const OrmObject *pObj = p->apObj[i];
    if( ormScratchMayRewrite(pObj) && ormListFind(pSkip, pObj->zName)<0 ){
      ormListAdd(pErr, &names, pObj->zName);
    }
  }
  if( names.n==0 ){
    ormListFree(&names);
    return 0;
  }
  if( ORM_OOM(pErr->rc!=SQLITE_OK) ){     /* only ormListAdd() can set it */
    ormListFree(&names);
    return 0;
  }
  aMark = ormMalloc(pErr, p->nObj+1);
  if( !ORM_OOM(aMark==0) ){
    memset(aMark, 0, p->nObj+1);
    ormScratchMarks(p, &names, 1, aMark);
    ormScratchOpenMarked(pErr, p, aMark, &db, 0);
    sqlite3_free(aMark);
  }
  if( db ){
    OrmErr errProbe = {0, 0};
    pStmt = ormPrepare(pErr, db, "SELECT name, sql FROM sqlite_schema"
                                 " WHERE type IN ('view', 'trigger')");
    while( ormStep(pErr, pStmt) ){
      ormListAdd(pErr, &before, (const char*)sqlite3_column_text(pStmt, 0));
      ormListAdd(pErr, &before, (const char*)sqlite3_column_text(pStmt, 1));
    }
    ormFinalize(pErr, pStmt);
    ormExec(&errProbe, db,
        "CREATE TABLE \"_orm_dqs_probe\"(a, b);"
        "ALTER TABLE \"_orm_dqs_probe\" DROP COLUMN b;");
    if( errProbe.rc==SQLITE_NOMEM ) ormErrOom(pErr);
    if( errProbe.rc ){
      zRet = ormStrdup(pErr, names.az[0]);
    }else{
      pStmt = ormPrepare(pErr, db, "SELECT name, sql FROM sqlite_schema"
                                   " WHERE type IN ('view', 'trigger')");
      while( zRet==0 && ormStep(pErr, pStmt) ){
        const char *zName = (const char*)sqlite3_column_text(pStmt, 0);
        const char *zSql = (const char*)sqlite3_column_text(pStmt, 1);
        if( ormListFind(&names, zName)<0 ) continue;
        /* The probe adds no view or trigger: every one is in before, so
        ** the loop ends at the break. */
        for(iText=0; ORM_ALWAYS(iText+1<before.n); iText+=2){
          if( strcmp(before.az[iText], zName)==0 ){
            /* SQLite made the view or trigger here: it has its text. */
            if( strcmp(before.az[iText+1], ORM_ALWAYS(zSql) ? zSql : "") ){
              zRet = ormStrdup(pErr, zName);
            }
            break;
          }
        }
      }
      ormFinalize(pErr, pStmt);
    }
    ormErrClear(&errProbe);
    sqlite3_close(db);
  }
  ormListFree(&before);
  ormListFree(&names);
  if( pErr->rc ){
    sqlite3_free(zRet);
    zRet = 0;
  }
  return zRet;
}

/*
** Open a new in-memory database holding what the names in pNames need
** (see ormScratchMarks()).  The caller closes *ppDb.
*/
void ormScratchOpen(OrmErr *pErr, const OrmScratchSrc *p,
                    const OrmStrList *pNames, sqlite3 **ppDb,
                    OrmStrList *pClosure){
  unsigned char *aMark = ormMalloc(pErr, p->nObj+1);
  *ppDb = 0;
  if( ORM_OOM(aMark==0) ) return;
  ormScratchMarks(p, pNames, 1, aMark);
  ormScratchOpenMarked(pErr, p, aMark, ppDb, pClosure);
  sqlite3_free(aMark);
}

/*
** Open a private in-memory database holding the schema (no rows) of
** database zDb of dbFrom: a scratch copy on which planned SQL can be
** tried.  Objects that cannot be recreated there (virtual tables, say)
** are skipped.  The caller closes *ppOut with sqlite3_close().
*/
void ormScratchClone(OrmErr *pErr, sqlite3 *dbFrom, const char *zDb,
                     sqlite3 **ppOut){
  sqlite3 *dbNew = 0;
  sqlite3_stmt *pStmt;
  *ppOut = 0;
  if( pErr->rc ) return;
  dbNew = ormGuardOpen(pErr, dbFrom);
  if( ORM_OOM(dbNew==0) ) return;   /* an in-memory database: no memory */
  pStmt = ormPrepare(pErr, dbFrom,
      "SELECT sql, type FROM \"%w\".sqlite_schema"
      " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%%' ESCAPE '\\'"
      " ORDER BY CASE type WHEN 'table' THEN 1 WHEN 'index' THEN 2"
      "   WHEN 'view' THEN 3 ELSE 4 END, rowid", zDb);
  while( ormStep(pErr, pStmt) ){
    /* Errors are ignored: what cannot be copied is not ours to plan.
    ** But out of memory, the copy would silently lack the object. */
    char *zErr = 0;
    if( (ormGuardCreate(dbNew, (const char*)sqlite3_column_text(pStmt, 0),
                        ormGuardType((const char*)sqlite3_column_text(pStmt,
                                                                      1)),
                        &zErr) & 0xff)==SQLITE_NOMEM ){
      ormErrOom(pErr);
    }
    sqlite3_free(zErr);
  }
  ormFinalize(pErr, pStmt);
  if( pErr->rc ){
    sqlite3_close(dbNew);
    return;
  }
  *ppOut = dbNew;
}