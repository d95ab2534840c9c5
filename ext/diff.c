/*
** diff.c - compare two schemas and list the changes that turn the first
** into the second, in the order they must run.  No database calls: the
** schemas were read by introspect.c and the SQL is written by plan.c.
**
**   OrmDiff d = {0};
**   ormDiffCompute(&err, &live, &declared, &d);
**   for(i=0; i<d.nChange; i++) ... d.aChange[i].eOp ...
**   ormDiffFree(&d);
**
** Order: triggers, views and indexes that go away or change are dropped
** first; then tables are created, altered and dropped; then indexes, views
** and triggers are (re)created.  So nothing is ever created on top of an
** object that does not exist yet, or dropped after what it depends on.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/* Append a zeroed change; NULL on OOM. */
static OrmChange *ormDiffAppend(OrmErr *pErr, OrmDiff *p, int eOp,
                                const OrmObject *pFrom, const OrmObject *pTo){
  OrmChange *pNew, *aNew;
  if( pErr->rc ) return 0;
  aNew = ormGrow(pErr, p->aChange, p->nChange, &p->nAlloc, 16,
                 sizeof(OrmChange));
  if( aNew==0 ) return 0;
  p->aChange = aNew;
  pNew = &p->aChange[p->nChange++];
  memset(pNew, 0, sizeof(*pNew));
  pNew->eOp = eOp;
  pNew->pFrom = pFrom;
  pNew->pTo = pTo;
  return pNew;
}

void ormDiffRenamesFree(OrmRenames *p){
  ormListFree(&p->table);
  ormListFree(&p->old);
  ormListFree(&p->new);
}

/* The old name of the table now called zNew (zNew itself if none). */
const char *ormDiffOldTable(const OrmRenames *p, const char *zNew){
  int i;
  for(i=0; p && i<p->old.n; i++){
    if( p->table.az[i][0]==0 && sqlite3_stricmp(p->new.az[i], zNew)==0 ){
      return p->old.az[i];
    }
  }
  return zNew;
}

/* The new name of the table once called zOld (zOld itself if none). */
static const char *ormDiffNewTable(const OrmRenames *p, const char *zOld){
  int i;
  for(i=0; p && i<p->old.n; i++){
    if( p->table.az[i][0]==0 && sqlite3_stricmp(p->old.az[i], zOld)==0 ){
      return p->new.az[i];
    }
  }
  return zOld;
}

/* The old name of column zNew of the table declared as zTable. */
static const char *ormDiffOldColumn(const OrmRenames *p, const char *zTable,
                                    const char *zNew){
  int i;
  for(i=0; p && i<p->old.n; i++){
    if( sqlite3_stricmp(p->table.az[i], zTable)==0
     && sqlite3_stricmp(p->new.az[i], zNew)==0 ){
      return p->old.az[i];
    }
  }
  return zNew;
}

/*
** The hints that undo p: every rename the other way round, with column
** renames keyed by the table's old name.
*/
void ormDiffRenamesReverse(OrmErr *pErr, const OrmRenames *p,
                           OrmRenames *pOut){
  int i;
  for(i=0; i<p->old.n; i++){
    const char *zTab = p->table.az[i];
    ormListAdd(pErr, &pOut->table, zTab[0] ? ormDiffOldTable(p, zTab) : "");
    ormListAdd(pErr, &pOut->old, p->new.az[i]);
    ormListAdd(pErr, &pOut->new, p->old.az[i]);
  }
}

/* The object of schema p with the name and type of pObj, or NULL. */
static const OrmObject *ormDiffMatch(const OrmSchema *p,
                                     const OrmObject *pObj){
  const OrmObject *pMatch = ormSchemaFind(p, pObj->zName);
  if( pMatch && pMatch->eType!=pObj->eType ) pMatch = 0;
  return pMatch;
}

/* The table of pFrom that becomes table pTo, following rename hints. */
static const OrmObject *ormDiffOldOf(const OrmSchema *pFrom,
                                     const OrmRenames *pRen,
                                     const OrmObject *pTo){
  const OrmObject *pOld = ormSchemaFind(pFrom, ormDiffOldTable(pRen,
                                                               pTo->zName));
  return (pOld && pOld->eType==ORM_OBJ_TABLE) ? pOld : 0;
}

/* The table of pTo that table pFrom becomes, following rename hints. */
static const OrmObject *ormDiffNewOf(const OrmSchema *pTo,
                                     const OrmRenames *pRen,
                                     const OrmObject *pFrom){
  const OrmObject *pNew = ormSchemaFind(pTo, ormDiffNewTable(pRen,
                                                             pFrom->zName));
  return (pNew && pNew->eType==ORM_OBJ_TABLE) ? pNew : 0;
}

/*
** True if the object, in both schemas (pA and pB: its callers have both),
** is spelled differently.  A shallow object (not introspected) is only
** ever compared with an object of the same CREATE text.
*/
static int ormDiffChanged(const OrmObject *pA, const OrmObject *pB){
  if( pA->bShallow || pB->bShallow ) return strcmp(pA->zSql, pB->zSql)!=0;
  return strcmp(pA->zSig, pB->zSig)!=0;
}

/* The new name of column zCol of the table once called zOldTab (p is not
** NULL: only ormDiffRenamedSig() asks, when there are hints). */
static const char *ormDiffNewColumn(const OrmRenames *p, const char *zOldTab,
                                    const char *zCol){
  const char *zNewTab = ormDiffNewTable(p, zOldTab);
  int i;
  for(i=0; i<p->old.n; i++){
    if( p->table.az[i][0] && sqlite3_stricmp(p->table.az[i], zNewTab)==0
     && sqlite3_stricmp(p->old.az[i], zCol)==0 ){
      return p->new.az[i];
    }
  }
  return zCol;
}

/*
** The signature table pFrom will have once the renames in pRen have run:
** SQLite rewrites the REFERENCES clauses that name a renamed table or
** column, so those are no reason to rebuild.  The caller frees it.
*/
static char *ormDiffRenamedSig(OrmErr *pErr, const OrmObject *pFrom,
                               const OrmRenames *pRen){
  OrmFk *aFk = pFrom->nFk ? ormMalloc(pErr, sizeof(OrmFk)*pFrom->nFk) : 0;
  char *zFks, *zRet;
  int i, j;
  for(i=0; aFk && i<pFrom->nFk; i++){
    const OrmFk *pOld = &pFrom->aFk[i];
    OrmFk *pNew = &aFk[i];
    pNew->zParent = ormStrdup(pErr, ormDiffNewTable(pRen, pOld->zParent));
    pNew->zOnUpdate = ormStrdup(pErr, pOld->zOnUpdate);
    pNew->zOnDelete = ormStrdup(pErr, pOld->zOnDelete);
    pNew->zMatch = ormStrdup(pErr, pOld->zMatch);
    for(j=0; j<pOld->nCol; j++){
      const char *zTo = pOld->aCol[j].zTo;
      /* An empty "to" is REFERENCES p without columns: p's key. */
      ormSchemaFkAddCol(pErr, pNew,
          ormDiffNewColumn(pRen, pFrom->zName, pOld->aCol[j].zFrom),
          zTo[0] ? ormDiffNewColumn(pRen, pOld->zParent, zTo) : zTo);
    }
  }
  zFks = ormSchemaFkJoin(pErr, aFk, aFk ? pFrom->nFk : 0);
  zRet = ormMprintf(pErr, "%s fks=%s", pFrom->zSigBase, zFks ? zFks : "");
  sqlite3_free(zFks);
  for(i=0; aFk && i<pFrom->nFk; i++) ormSchemaFkFree(&aFk[i]);
  sqlite3_free(aFk);
  return zRet;
}

/*
** Compare two versions of one table column by column, following rename
** hints.  Records an ORM_OP_ALTER_TABLE change if anything differs.
*/
static void ormDiffTable(OrmErr *pErr, OrmDiff *p, const OrmObject *pFrom,
                         const OrmObject *pTo, const OrmRenames *pRen){
  OrmChange *pChange;
  unsigned char *aUsed;             /* aUsed[i]: pFrom column i survives */
  int i;
  char *zRenamed;
  int bTableSig, bSame;
  if( pFrom->bShallow || pTo->bShallow ){
    if( strcmp(pFrom->zSql, pTo->zSql)==0
     && sqlite3_stricmp(pFrom->zName, pTo->zName)==0 ) return;
    ormErrSet(pErr, SQLITE_INTERNAL, "table %s was not introspected",
              pTo->zName);
    return;
  }
  /* An introspected table has its zSigBase (ormFinishTable()). */
  zRenamed = (pRen && pRen->old.n) ? ormDiffRenamedSig(pErr, pFrom, pRen) : 0;
  bTableSig = strcmp(zRenamed ? zRenamed : pFrom->zSig, pTo->zSig)!=0;
  bSame = !bTableSig && pFrom->nCol==pTo->nCol
           && sqlite3_stricmp(pFrom->zName, pTo->zName)==0;
  sqlite3_free(zRenamed);
  for(i=0; bSame && i<pTo->nCol; i++){
    const char *zName = pTo->aCol[i].zName;
    const OrmColumn *pOld = ormSchemaColumn(pFrom, zName);
    if( pOld==0 || strcmp(pOld->zSig, pTo->aCol[i].zSig)
     || ormDiffOldColumn(pRen, pTo->zName, zName)!=zName ) bSame = 0;
  }
  if( bSame ) return;
  pChange = ormDiffAppend(pErr, p, ORM_OP_ALTER_TABLE, pFrom, pTo);
  aUsed = ormMalloc(pErr, pFrom->nCol+1);
  if( pChange==0 || aUsed==0 ){
    sqlite3_free(aUsed);
    return;
  }
  pChange->bRebuild = pChange->bTableSig = bTableSig;
  for(i=0; i<pTo->nCol; i++){
    const OrmColumn *pNew = &pTo->aCol[i];
    const char *zOld = ormDiffOldColumn(pRen, pTo->zName, pNew->zName);
    const OrmColumn *pOld = ormSchemaColumn(pFrom, zOld);
    if( pOld==0 ){
      ormListAdd(pErr, &pChange->add, pNew->zName);
      continue;
    }
    aUsed[pOld - pFrom->aCol] = 1;
    if( zOld!=pNew->zName ){
      ormListAdd(pErr, &pChange->renOld, pOld->zName);
      ormListAdd(pErr, &pChange->renNew, pNew->zName);
    }
    if( strcmp(pOld->zSig, pNew->zSig) ){
      ormListAdd(pErr, &pChange->change, pNew->zName);
      pChange->bRebuild = 1;
    }
  }
  for(i=0; i<pFrom->nCol; i++){
    if( !aUsed[i] ) ormListAdd(pErr, &pChange->drop, pFrom->aCol[i].zName);
  }
  sqlite3_free(aUsed);
}

/* Drops of objects of type eType that go away or change, last first. */
static void ormDiffDrops(OrmErr *pErr, OrmDiff *p, const OrmSchema *pFrom,
                         const OrmSchema *pTo, int eType, int eOp){
  int i;
  for(i=pFrom->nObj-1; i>=0; i--){
    const OrmObject *pObj = &pFrom->aObj[i];
    const OrmObject *pNew;
    if( pObj->eType!=eType ) continue;
    pNew = ormDiffMatch(pTo, pObj);
    if( pNew==0 || ormDiffChanged(pObj, pNew) ){
      ormDiffAppend(pErr, p, eOp, pObj, 0);
    }
  }
}

/* Creations of objects of type eType that are new or changed. */
static void ormDiffCreates(OrmErr *pErr, OrmDiff *p, const OrmSchema *pFrom,
                           const OrmSchema *pTo, int eType, int eOp){
  int i;
  for(i=0; i<pTo->nObj; i++){
    const OrmObject *pObj = &pTo->aObj[i];
    const OrmObject *pOld;
    if( pObj->eType!=eType ) continue;
    pOld = ormDiffMatch(pFrom, pObj);
    if( pOld==0 || ormDiffChanged(pOld, pObj) ){
      ormDiffAppend(pErr, p, eOp, pOld, pObj);
    }
  }
}

/*
** Compute the changes that turn pFrom into pTo, appending them to *pDiff
** (zeroed by the caller).  The changes point into both schemas, which
** must outlive *pDiff.  Free with ormDiffFree() even on error.
*/
void ormDiffCompute(OrmErr *pErr, const OrmSchema *pFrom,
                    const OrmSchema *pTo, const OrmRenames *pRen,
                    OrmDiff *pDiff){
  int i;
  /* After an error the schemas may hold half-copied objects. */
  if( pErr->rc ) return;
  ormDiffDrops(pErr, pDiff, pFrom, pTo, ORM_OBJ_TRIGGER, ORM_OP_DROP_TRIGGER);
  ormDiffDrops(pErr, pDiff, pFrom, pTo, ORM_OBJ_VIEW, ORM_OP_DROP_VIEW);
  ormDiffDrops(pErr, pDiff, pFrom, pTo, ORM_OBJ_INDEX, ORM_OP_DROP_INDEX);
  for(i=0; i<pTo->nObj; i++){
    const OrmObject *pObj = &pTo->aObj[i];
    if( pObj->eType==ORM_OBJ_TABLE && ormDiffOldOf(pFrom, pRen, pObj)==0 ){
      ormDiffAppend(pErr, pDiff, ORM_OP_CREATE_TABLE, 0, pObj);
    }
  }
  for(i=0; i<pTo->nObj; i++){
    const OrmObject *pObj = &pTo->aObj[i];
    const OrmObject *pOld;
    if( pObj->eType!=ORM_OBJ_TABLE ) continue;
    pOld = ormDiffOldOf(pFrom, pRen, pObj);
    if( pOld ) ormDiffTable(pErr, pDiff, pOld, pObj, pRen);
  }
  for(i=pFrom->nObj-1; i>=0; i--){
    const OrmObject *pObj = &pFrom->aObj[i];
    if( pObj->eType==ORM_OBJ_TABLE && ormDiffNewOf(pTo, pRen, pObj)==0 ){
      ormDiffAppend(pErr, pDiff, ORM_OP_DROP_TABLE, pObj, 0);
    }
  }
  ormDiffCreates(pErr, pDiff, pFrom, pTo, ORM_OBJ_INDEX, ORM_OP_CREATE_INDEX);
  ormDiffCreates(pErr, pDiff, pFrom, pTo, ORM_OBJ_VIEW, ORM_OP_CREATE_VIEW);
  ormDiffCreates(pErr, pDiff, pFrom, pTo, ORM_OBJ_TRIGGER,
                 ORM_OP_CREATE_TRIGGER);
}

void ormDiffFree(OrmDiff *p){
  int i;
  for(i=0; i<p->nChange; i++){
    ormListFree(&p->aChange[i].add);
    ormListFree(&p->aChange[i].drop);
    ormListFree(&p->aChange[i].change);
    ormListFree(&p->aChange[i].renOld);
    ormListFree(&p->aChange[i].renNew);
  }
  sqlite3_free(p->aChange);
  memset(p, 0, sizeof(*p));
}

/* The op's name as shown to users, e.g. "create table". */
const char *ormDiffOpName(int eOp){
  switch( eOp ){
    case ORM_OP_CREATE_TABLE:   return "create table";
    case ORM_OP_DROP_TABLE:     return "drop table";
    case ORM_OP_ALTER_TABLE:    return "alter table";
    case ORM_OP_CREATE_INDEX:   return "create index";
    case ORM_OP_DROP_INDEX:     return "drop index";
    case ORM_OP_CREATE_VIEW:    return "create view";
    case ORM_OP_DROP_VIEW:      return "drop view";
    case ORM_OP_CREATE_TRIGGER: return "create trigger";
    default:                    return "drop trigger";
  }
}

static void ormAppendList(sqlite3_str *pOut, const char *zWhat,
                          const OrmStrList *p){
  int i;
  if( p->n==0 ) return;
  if( sqlite3_str_length(pOut) ) sqlite3_str_appendall(pOut, "; ");
  sqlite3_str_appendf(pOut, "%s ", zWhat);
  for(i=0; i<p->n; i++){
    sqlite3_str_appendf(pOut, "%s\"%w\"", i ? ", " : "", p->az[i]);
  }
}

/*
** True when tables pA and pB have the same columns: names (any case) and
** declared types, in the same order.  A shallow table (its columns not
** read) matches nothing; one introspected has a column at least, and a
** type for each ("" when none is declared: PRAGMA table_xinfo).
*/
static int ormDiffSameColumns(const OrmObject *pA, const OrmObject *pB){
  int i;
  if( pA->bShallow || pB->bShallow || pA->nCol!=pB->nCol ){
    return 0;
  }
  for(i=0; i<pA->nCol; i++){
    const OrmColumn *a = &pA->aCol[i], *b = &pB->aCol[i];
    if( sqlite3_stricmp(a->zName, b->zName)
     || sqlite3_stricmp(a->zType, b->zType) ){
      return 0;
    }
  }
  return 1;
}

/*
** ormDiffDetail() of change iChange of pDiff, and when exactly one table
** goes while exactly one with the same columns comes, the hint that keeps
** its rows, on the row of the table that comes: a rename without
** orm_rename() is a drop and a create, which loses them.
*/
char *ormDiffDetailIn(OrmErr *pErr, const OrmDiff *pDiff, int iChange){
  const OrmChange *p = &pDiff->aChange[iChange];
  const OrmObject *pGone = 0, *pNew = 0;
  int i, nGone = 0, nNew = 0;
  char *z = ormDiffDetail(pErr, p);
  if( z==0 || p->eOp!=ORM_OP_CREATE_TABLE ) return z;
  for(i=0; i<pDiff->nChange; i++){
    const OrmChange *q = &pDiff->aChange[i];
    if( q->eOp==ORM_OP_DROP_TABLE ){ nGone++; pGone = q->pFrom; }
    if( q->eOp==ORM_OP_CREATE_TABLE ){ nNew++; pNew = q->pTo; }
  }
  if( nGone==1 && nNew==1 && ormDiffSameColumns(pGone, pNew) ){
    char *zHint = sqlite3_mprintf("%s%srenamed? orm_rename('%q', '%q')", z,
                                  z[0] ? "; " : "", pGone->zName,
                                  pNew->zName);
    sqlite3_free(z);
    z = zHint;
    if( z==0 ) ormErrOom(pErr);
  }
  return z;
}

/*
** A one-line description of a change for people, e.g.
** 'add column "password"; rebuild'.  The caller frees it.
*/
char *ormDiffDetail(OrmErr *pErr, const OrmChange *p){
  sqlite3_str *pOut;
  char *z;
  int i;
  if( pErr->rc ) return 0;
  if( p->eOp!=ORM_OP_ALTER_TABLE ){
    return ormStrdup(pErr, (p->pFrom && p->pTo) ? "changed" : "");
  }
  pOut = sqlite3_str_new(0);
  if( sqlite3_stricmp(p->pFrom->zName, p->pTo->zName) ){
    sqlite3_str_appendf(pOut, "rename from \"%w\"", p->pFrom->zName);
  }
  for(i=0; i<p->renOld.n; i++){
    sqlite3_str_appendf(pOut, "%srename column \"%w\" to \"%w\"",
        sqlite3_str_length(pOut) ? "; " : "", p->renOld.az[i],
        p->renNew.az[i]);
  }
  ormAppendList(pOut, "add column", &p->add);
  ormAppendList(pOut, "drop column", &p->drop);
  ormAppendList(pOut, "change column", &p->change);
  if( p->add.n==1 && p->drop.n==1 ){
    /* One column goes while one of the same type comes: perhaps a
    ** rename, which without a hint loses the values (Django asks "Did
    ** you rename?").  Both are there: ormDiffTable() listed them from
    ** the tables, and each has a type (ormDiffSameColumns()). */
    const OrmColumn *pOld = ormSchemaColumn(p->pFrom, p->drop.az[0]);
    const OrmColumn *pNew = ormSchemaColumn(p->pTo, p->add.az[0]);
    if( sqlite3_stricmp(pOld->zType, pNew->zType)==0 ){
      sqlite3_str_appendf(pOut, "; renamed? orm_rename('%q', '%q', '%q')",
                          p->pTo->zName, p->drop.az[0], p->add.az[0]);
    }
  }
  if( p->bTableSig ){
    sqlite3_str_appendall(pOut, sqlite3_str_length(pOut) ? "; " : "");
    sqlite3_str_appendall(pOut, "table constraints changed");
  }
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  z = sqlite3_str_finish(pOut);
  if( z==0 ) z = ormStrdup(pErr, "");
  if( pErr->rc ){
    sqlite3_free(z);
    z = 0;
  }
  return z;
}
