/*
** prove.c - prove on scratch: the up- and down-SQL that orm_migrate plans
** are run on scratch copies of the schema (no rows) before the revision
** is stored.
**
** The changes are split into groups that share no object; each group's
** up-SQL runs on a scratch copy of just its objects (scratch.c) and must
** give the declared schema, then its down-SQL the live one again.  A
** group of the same shape as one proven already (shape.c) is proven too.
** Native ALTERs are planned untried (ORM_NATIVE_GUESS, plan.c): the
** group's proof is their trial, and only when it fails is each one tried
** where it runs (ormProveExact()) and replanned as a rebuild if not exact.
** orm_diff, which proves nothing, has plan.c try each native ALTER at once
** on a scratch copy of its table (ormProveTryNative()).
**
** A hand-written revision (INSERT INTO orm_migrations) is proven another
** way, by ormProveHandWritten(): its SQL may name any object, which no
** OrmSchema lists, and nothing says what schema it should give.  So it
** runs on a whole copy of the schema (ormScratchClone()), after every
** pending revision, through apply.c's statement runner (the errors name
** the statement as orm_upgrade's would), and it only has to run: up_sql,
** then down_sql.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/*
** Run zSql on db (a scratch copy) and report whether table pTo (a
** declaration, introspected) then exists exactly as declared: 0 when the
** SQL fails or the table differs.
*/
int ormProveExact(OrmErr *pErr, sqlite3 *db, const char *zSql,
                  const OrmObject *pTo){
  OrmSchema s = {0, 0, 0, 0, 0};
  OrmErr errTry = {0, 0};
  int bExact = 0;
  /* ormProveRetry() calls with pErr->rc==SQLITE_OK; ormProveTryNative()
  ** too, unless copying the table's name or opening db ran out of memory
  ** (scratch.c: *ppDb is NULL only then). */
  if( ORM_OOM(pErr->rc!=SQLITE_OK) ) return 0;
  if( ORM_NEVER(db==0) ) return 0;
  ormExec(&errTry, db, zSql);
  ormSchemaLoadOne(&errTry, db, "main", pTo->zName, &s);
  if( errTry.rc==SQLITE_OK ){
    const OrmObject *pGot = ormSchemaFind(&s, pTo->zName);
    /* zSql (plan.c's ormPlanNativeSql()) is ALTER TABLE statements on the
    ** table, none empty, and it ran: pTo->zName is a table, and its
    ** columns are pFrom's, renamed, less those dropped, plus those added:
    ** pTo's, by name (diff.c).  Only signatures may differ. */
    if( ORM_ALWAYS(pGot) && ORM_ALWAYS(pGot->eType==ORM_OBJ_TABLE)
     && ORM_ALWAYS(pGot->nCol==pTo->nCol)
     && strcmp(pGot->zSig, pTo->zSig)==0 ){
      int i;
      bExact = 1;
      for(i=0; i<pTo->nCol; i++){
        const OrmColumn *pCol = ormSchemaColumn(pGot, pTo->aCol[i].zName);
        if( ORM_NEVER(pCol==0) || strcmp(pCol->zSig, pTo->aCol[i].zSig) ){
          bExact = 0;
        }
      }
    }
  }
  if( errTry.rc==SQLITE_NOMEM ) ormErrOom(pErr);
  ormErrClear(&errTry);
  ormSchemaFree(&s);
  return bExact;
}

/*
** Try zSql on a scratch copy of table zTab and the objects that mention
** it (taken from pSrc), and report whether table pTo then matches its
** declaration exactly.
*/
int ormProveTryNative(OrmErr *pErr, const OrmScratchSrc *pSrc,
                      const char *zTab, const char *zSql,
                      const OrmObject *pTo){
  OrmStrList names = {0, 0, 0, 0, 0};
  sqlite3 *db = 0;
  int bExact;
  ormListAdd(pErr, &names, zTab);
  ormScratchOpen(pErr, pSrc, &names, &db, 0);
  ormListFree(&names);
  bExact = ormProveExact(pErr, db, zSql, pTo);
  sqlite3_close(db);
  return bExact;
}

/* Has table zTab of p an index named in pNames? */
static int ormProveHasIndexIn(const OrmSchema *p, const char *zTab,
                              const OrmStrList *pNames){
  int i;
  for(i=0; i<p->nObj; i++){
    const OrmObject *pObj = &p->aObj[i];
    if( pObj->eType==ORM_OBJ_INDEX && sqlite3_stricmp(pObj->zTbl, zTab)==0
     && ormListFind(pNames, pObj->zName)>=0 ){
      return 1;
    }
  }
  return 0;
}

/*
** Run zSql (a part of a revision) on dbScratch and check that every
** managed object (named in pNames) of the scratch copy then equals its
** counterpart in pTo, and that every object of pTo named in pScope is
** there.  zWhat names the direction for errors.
**
** An object whose CREATE text is that of its counterpart, up to the
** spelling of its name (what a rebuild's RENAME leaves), is equal without
** more.  Only the others are introspected and compared signature by
** signature.
*/
/* True if SQL text zSql has identifier zName (any case, any quoting). */
static int ormProveNamesIdent(const char *zSql, const char *zName){
  int n, eType;
  for(; (n = ormNormToken(zSql, &eType))>0; zSql += n){
    if( eType==ORM_TK_WORD || eType==ORM_TK_QID ){
      char zBuf[128];
      char *zId = ormNormIdentBuf(zSql, n, zBuf, sizeof(zBuf));
      int bSame;
      if( ORM_OOM(zId==0) ) continue;
      bSame = sqlite3_stricmp(zId, zName)==0;
      if( zId!=zBuf ) sqlite3_free(zId);
      if( bSame ) return 1;
    }
  }
  return 0;
}

/*
** The up-SQL left declared view, trigger or index pObj other than
** declared.  If pObj still names what a rename hint of pRen renames, SQLite's
** rename rewrote the live object and the declaration can never be
** reached: say so, as the user's error it is, and return 1.
*/
static int ormProveStaleName(OrmErr *pErr, const OrmRenames *pRen,
                             const OrmObject *pObj){
  int i;
  if( pRen==0 || pObj->eType==ORM_OBJ_TABLE ) return 0;
  for(i=0; i<pRen->old.n; i++){
    const char *zTab = pRen->table.az[i];
    const char *zOld = pRen->old.az[i];
    const char *zNew = pRen->new.az[i];
    char *zWas, *zHint;
    if( !ormProveNamesIdent(pObj->zSql, zOld) ) continue;
    if( zTab[0] && sqlite3_stricmp(pObj->zTbl, zTab)
     && !ormProveNamesIdent(pObj->zSql, zTab) ){
      continue;
    }
    zWas = zTab[0] ? ormMprintf(pErr, "\"%w\".\"%w\"", zTab, zOld)
                   : ormMprintf(pErr, "\"%w\"", zOld);
    zHint = ormCompareHintArgs(pErr, zTab, zOld, zNew);
    if( !ORM_OOM(zWas==0 || zHint==0) ){
      static const char *azType[] = { "", "table", "index", "view",
                                      "trigger" };
      ormErrSet(pErr, SQLITE_ERROR,
          "orm_migrate: declared %s \"%w\" still names %s, which the hint"
          " orm_rename(%s) renames to \"%w\": declare it with the new name,"
          " or DELETE FROM _orm_rename to drop hints",
          azType[pObj->eType], pObj->zName, zWas, zHint, zNew);
    }
    sqlite3_free(zWas);
    sqlite3_free(zHint);
    return 1;
  }
  return 0;
}

/*
** The generated zWhat-SQL failed on the scratch copy db.  If a column
** default of a table of pTo named in pScope cannot be computed there, the
** declaration is at fault, not ormext (SQLite 3.53 computes a rebuild's
** default once before its first row, so a default that overflows fails even
** on the empty copy): say so and return 1.  Otherwise return 0.
*/
static int ormProveBadDefault(OrmErr *pErr, sqlite3 *db,
                              const OrmSchema *pTo, const OrmStrList *pScope,
                              const char *zWhat){
  int i, j;
  for(i=0; i<pScope->n; i++){
    const OrmObject *pObj = ormSchemaFind(pTo, pScope->az[i]);
    if( pObj==0 || pObj->eType!=ORM_OBJ_TABLE ) continue;
    for(j=0; j<pObj->nCol; j++){
      const OrmColumn *pCol = &pObj->aCol[j];
      sqlite3_stmt *pStmt = 0;
      char *zSql;
      int rc;
      if( pCol->zDflt==0 || ormNormIsConstant(pCol->zDflt) ) continue;
      /* The default's text comes from the schema: only the one SELECT
      ** made of it is prepared and run, never what may follow it. */
      zSql = ormMprintf(pErr, "SELECT (%s)", pCol->zDflt);
      if( ORM_OOM(zSql==0) ) return 1;        /* pErr->rc was SQLITE_OK */
      rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0);
      sqlite3_free(zSql);
      if( rc==SQLITE_OK && ORM_ALWAYS(pStmt!=0) ){
        rc = sqlite3_step(pStmt);
        if( rc==SQLITE_ROW || rc==SQLITE_DONE ) rc = SQLITE_OK;
      }
      if( (rc & 0xff)==SQLITE_NOMEM ){
        ormErrOom(pErr);
      }else if( rc ){
        ormErrSet(pErr, SQLITE_ERROR,
            "orm_migrate: the default of \"%w\".\"%w\", %s, cannot be"
            " computed on this SQLite (%s), so the %s-SQL cannot rebuild"
            " \"%w\"; declare a default that can be computed",
            pObj->zName, pCol->zName, pCol->zDflt, sqlite3_errmsg(db),
            zWhat, pObj->zName);
      }
      sqlite3_finalize(pStmt);
      if( pErr->rc ) return 1;
    }
  }
  return 0;
}

static void ormProveCheck(OrmErr *pErr, sqlite3 *dbUser,
                          sqlite3 *dbScratch,
                          const char *zSql, const OrmSchema *pTo,
                          const OrmStrList *pNames,
                          const OrmStrList *pScope, const char *zWhat,
                          const OrmRenames *pRen){
  OrmSchema got = {0, 0, 0, 0, 0};
  OrmSchema want = {0, 0, 0, 0, 0};
  OrmDiff rest = {0, 0, 0, 0, 0, 0};
  OrmErr errRun = {0, 0};
  OrmStrList left = {0, 0, 0, 0, 0};     /* to compare by introspection */
  unsigned char *aWant = 0;
  int i;
  if( pErr->rc ) return;
  ormExec(&errRun, dbScratch, zSql);
  if( errRun.rc==SQLITE_NOMEM ){
    ormErrOom(pErr);
  }else if( errRun.rc && ORM_ALWAYS(errRun.zMsg)
         && strncmp(errRun.zMsg, "no such function: ", 18)==0 ){
    /* orm_declare refuses what calls a function the private databases
    ** lack, so what does is not managed: an index on an expression. */
    ormErrSet(pErr, SQLITE_ERROR,
        "orm_migrate: the %s-SQL makes again an object that ormext does not"
        " manage (an index on an expression, say), which calls function"
        " %s of your application; ormext proves a revision on private"
        " copies of the schema, which do not have it: drop that object"
        " before orm_migrate() and make it again after orm_upgrade()",
        zWhat, errRun.zMsg+18);
  }else if( errRun.rc
         && !ormProveBadDefault(pErr, dbScratch, pTo, pScope, zWhat) ){
    /* An error other than SQLITE_NOMEM has its message (util.c). */
    ormErrSet(pErr, SQLITE_INTERNAL,
        "orm_migrate: internal error: the generated %s-SQL fails on a copy"
        " of the schema: %s; please report this with the schema",
        zWhat, ORM_ALWAYS(errRun.zMsg) ? errRun.zMsg : "error");
  }
  if( errRun.rc ){
    ormErrClear(&errRun);
    return;
  }
  ormSchemaLoadShallow(pErr, dbScratch, "main", 1, &got);
  ormSchemaKeep(pErr, &got, pNames, 0);
  for(i=0; pErr->rc==SQLITE_OK && i<got.nObj; i++){
    const OrmObject *pGot = &got.aObj[i];
    const OrmObject *pExp = ormSchemaFind(pTo, pGot->zName);
    if( pExp==0 || pExp->eType!=pGot->eType
     || !ormNormSameCreate(pExp->zSql, pGot->zSql) ){
      ormListAdd(pErr, &left, pGot->zName);
    }
  }
  for(i=0; pErr->rc==SQLITE_OK && i<pScope->n; i++){
    const char *zName = pScope->az[i];
    if( ormSchemaFind(pTo, zName) && ormSchemaFind(&got, zName)==0
     && ormListFind(&left, zName)<0 ){
      ormListAdd(pErr, &left, zName);
    }
  }

  if( left.n>0 ){
    /* Compare what differs in text by introspection. */
    aWant = ormMalloc(pErr, got.nObj+1);
    if( ORM_OOM(aWant==0) ) goto done;
    for(i=0; i<got.nObj; i++){
      aWant[i] = ormListFind(&left, got.aObj[i].zName)>=0;
    }
    ormSchemaDeepen(pErr, dbScratch, "main", &got, aWant);
    ormSchemaKeep(pErr, &got, &left, 0);
    for(i=0; i<pTo->nObj; i++){
      const OrmObject *pObj = &pTo->aObj[i];
      if( ormListFind(&left, pObj->zName)>=0 ){
        ormSchemaAddCopy(pErr, &want, pObj);
      }else if( pObj->eType==ORM_OBJ_TABLE
             && ormProveHasIndexIn(pTo, pObj->zName, &left) ){
        /* An index is read on its table (ormSchemaDeepenFromText()). */
        ormSchemaAddCopy(pErr, &want, pObj);
      }
    }
    ormSchemaIndex(&want);
    ormSchemaDeepenFromText(pErr, dbUser, &want, 0);
    ormSchemaKeep(pErr, &want, &left, 0);
    ormDiffCompute(pErr, &got, &want, 0, &rest);
    if( pErr->rc==SQLITE_OK && rest.nChange>0 ){
      const OrmChange *p = &rest.aChange[0];
      const OrmObject *pObj = p->pTo ? p->pTo : p->pFrom;
      const OrmObject *pDecl = ormSchemaFind(pTo, pObj->zName);
      if( pDecl && ormProveStaleName(pErr, pRen, pDecl) ) goto done;
      ormErrSet(pErr, SQLITE_INTERNAL,
          "orm_migrate: internal error: the generated %s-SQL does not give"
          " the expected schema (%s \"%s\" still differs); please report"
          " this with the schema", zWhat, ormDiffOpName(p->eOp), pObj->zName);
    }
  }
done:
  sqlite3_free(aWant);
  ormListFree(&left);
  ormDiffFree(&rest);
  ormSchemaFree(&want);
  ormSchemaFree(&got);
}

/* The names change p creates, drops or changes, and their tables. */
static void ormProveTouched(OrmErr *pErr, const OrmChange *p,
                            OrmStrList *pOut){
  /* An index or trigger needs its table in the copy too. */
  if( p->pFrom ){
    ormListAdd(pErr, pOut, p->pFrom->zName);
    ormListAdd(pErr, pOut, p->pFrom->zTbl);
  }
  if( p->pTo ){
    ormListAdd(pErr, pOut, p->pTo->zName);
    ormListAdd(pErr, pOut, p->pTo->zTbl);
  }
}

/* Union-find over changes: the representative of change i. */
static int ormProveRoot(int *aParent, int i){
  while( aParent[i]!=i ){
    aParent[i] = aParent[aParent[i]];
    i = aParent[i];
  }
  return i;
}

/* Append to pOut the parts az[k] of the changes k of group iRoot. */
static char *ormProveGroupSql(OrmErr *pErr, char **az, int n,
                              int *aParent, const int *aComp, int iRoot){
  sqlite3_str *pOut = sqlite3_str_new(0);
  char *z;
  int k;
  for(k=0; k<n; k++){
    int iComp = aComp ? aComp[k] : k;
    /* ormProveRetry() leaves a part NULL only when its plan ran out of
    ** memory. */
    if( ORM_OOM(az[k]==0) ) continue;
    if( ormProveRoot(aParent, iComp)==iRoot ){
      sqlite3_str_appendall(pOut, az[k]);
    }
  }
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  z = sqlite3_str_finish(pOut);
  /* Not empty: a group has its root's up change, and a down change on
  ** the same object (see the down changes in ormProveAll()); no part is
  ** empty (plan.c). */
  if( ORM_OOM(z==0) ) z = ormStrdup(pErr, "");
  return z;
}

/*
** Prove group iRoot: on a scratch copy of its objects (marked in aMark),
** its up-SQL must give the declared schema, then its down-SQL the live one.
*/
static void ormProveGroup(OrmErr *pErr, const OrmCompare *cmp,
                          const OrmScratchSrc *pSrcUp,
                          const unsigned char *aMark,
                          const OrmStrList *pScope,
                          const OrmStrList *pNames,
                          const char *zUp, const char *zDown){
  sqlite3 *dbScratch = 0;
  ormScratchOpenMarked(pErr, pSrcUp, aMark, &dbScratch, 0);
  ormProveCheck(pErr, pSrcUp->dbUser, dbScratch, zUp, &cmp->decl, pNames,
                pScope, "up", &cmp->ren);
  ormProveCheck(pErr, pSrcUp->dbUser, dbScratch, zDown, &cmp->live, pNames,
                pScope, "down", 0);
  sqlite3_close(dbScratch);
}

/*
** The key of the shape of a group (shape.c): everything its proof reads -
** the scratch objects and whether each is managed, the up- and down-SQL,
** and the declared and live objects of its scope (a live object is in the
** scratch copy: it is named by its place there).  NULL: not shareable.
*/
static char *ormProveGroupKey(OrmErr *pErr, const OrmShape *pShape,
                              const OrmCompare *cmp,
                              const OrmScratchSrc *pSrcUp,
                              const unsigned char *aMark,
                              const OrmStrList *pScope,
                              const OrmStrList *pNames,
                              const char *zUp, const char *zDown){
  int nMax = pSrcUp->nObj*2 + pScope->n*2 + 2;
  const char **az = ormMalloc(pErr, sizeof(char*)*nMax);
  char *zPlaces = ormMalloc(pErr, pScope->n*12+1);
  const OrmObject **apMarked = ormMalloc(pErr,
      sizeof(OrmObject*)*(pSrcUp->nObj+1));
  char *zKey = 0;
  int i, j, n = 0, nMarked = 0, nPlaces = 0;
  if( !ORM_OOM(az==0 || zPlaces==0 || apMarked==0) ){
    for(i=0; i<pSrcUp->nObj; i++){
      const OrmObject *pObj = pSrcUp->apObj[i];
      if( !aMark[i] ) continue;
      apMarked[nMarked++] = pObj;
      az[n++] = ormListFind(pNames, pObj->zName)>=0 ? "=1" : "=0";
      az[n++] = pObj->zSql;
    }
    az[n++] = zUp;
    az[n++] = zDown;
    for(i=0; i<pScope->n; i++){
      const OrmObject *pDecl = ormSchemaFind(&cmp->decl, pScope->az[i]);
      const OrmObject *pLive = ormSchemaFind(&cmp->live, pScope->az[i]);
      /* A live object named in pScope is marked: the marks are of the
      ** objects named in the group's scope (ormScratchMarks() marks an
      ** object under its own name, a table too), and pSrcUp holds
      ** cmp->live's objects themselves (migrate.c). */
      for(j=0; pLive && ORM_ALWAYS(j<nMarked) && apMarked[j]!=pLive; j++){}
      az[n++] = pDecl ? pDecl->zSql : 0;
      sqlite3_snprintf(12, &zPlaces[nPlaces], "=%d", pLive ? j : -1);
      az[n++] = &zPlaces[nPlaces];
      nPlaces += (int)strlen(&zPlaces[nPlaces]) + 1;
    }
    zKey = ormShapeKey(pErr, pShape, az, n);
  }
  sqlite3_free(az);
  sqlite3_free(zPlaces);
  sqlite3_free(apMarked);
  return zKey;
}

/*
** Try each native guess among the parts az[] of group iRoot (aGuess[k]:
** part k is one; aComp as ormProveGroupSql()) where it would run: on a
** scratch copy of the group (aMark) after zBefore and the group's parts
** before it.  A guess that fails there, or does not give table pTo of
** change k exactly, is replanned as a rebuild.  So a DROP COLUMN that
** SQLite refuses for an index stays native when the group drops the index
** first.
*/
static void ormProveRetry(OrmErr *pErr, const OrmScratchSrc *pSrcUp,
                          const unsigned char *aMark, const char *zBefore,
                          char **az, int n, int *aParent, const int *aComp,
                          int iRoot, const int *aGuess,
                          const OrmSchema *pTo, const OrmDiff *pDiff){
  int j, k;
  /* Only an allocation sets pErr here, or in the caller since its last
  ** check (ormProveGroupSql()): ormPlanCheckOther() passed on the same
  ** change before, and BEGIN or COMMIT on a new in-memory database is far
  ** from ORM_GUARD_STEPS. */
  for(k=0; k<n; k++){
    OrmErr errBefore = {0, 0};
    sqlite3 *db = 0;
    int bExact;
    if( !aGuess[k] || ormProveRoot(aParent, aComp ? aComp[k] : k)!=iRoot ){
      continue;
    }
    ormScratchOpenMarked(pErr, pSrcUp, aMark, &db, 0);
    if( ORM_OOM(db==0) ) break;           /* pErr->rc is set (see above) */
    /* Where the guess would run; an error there fails the guess. */
    ormExec(&errBefore, db, zBefore);
    for(j=0; j<k; j++){
      /* Every part is planned: a replanning that fails ends the loop. */
      if( ORM_ALWAYS(az[j])
       && ormProveRoot(aParent, aComp ? aComp[j] : j)==iRoot ){
        ormExec(&errBefore, db, az[j]);
      }
    }
    if( errBefore.rc==SQLITE_NOMEM ) ormErrOom(pErr);
    bExact = errBefore.rc==SQLITE_OK
          && ormProveExact(pErr, db, az[k], pDiff->aChange[k].pTo);
    ormErrClear(&errBefore);
    sqlite3_close(db);
    if( bExact ) continue;
    if( ORM_OOM(pErr->rc!=SQLITE_OK) ) break;
    sqlite3_free(az[k]);
    az[k] = 0;
    ormPlanOne(pErr, 0, ORM_NATIVE_NEVER, pTo, pDiff, k, &az[k], 0);
  }
}

/*
** Plan the up-SQL (cmp->diff, live to declared) and the down-SQL (pBack,
** declared to live) into *pzUp and *pzDown, and prove both: the changes
** are split into groups that share no object (two changes share one when
** the objects they touch, or that mention those, meet), and each group
** runs, up then down, on a scratch copy of just its objects.  A schema of
** thousands of tables then costs little: SQLite re-reads a scratch schema
** after each ALTER, and each copy is small.
**
** The scratch copy of a group holds the objects it touches and what
** mentions them, except the other tables whose foreign keys point at them
** when no rename is planned: with foreign keys off (as in a scratch copy,
** and as apply.c runs a rebuild) and legacy_alter_table on for the
** rebuild's RENAME, no statement a plan writes reads or rewrites such a
** table.  A rename rewrites their REFERENCES clauses: then they are in.
**
** A change that a native ALTER may express is planned native at first,
** untried: the group's proof is the trial.  Only when a group with such
** guesses fails are they tried one by one (ormProveRetry()), replanned
** as rebuilds where the native ALTER is not exact, and the group proven
** again.
*/
void ormProveAll(OrmErr *pErr, const OrmCompare *cmp, const OrmDiff *pBack,
                 const OrmScratchSrc *pSrcUp, OrmShape *pShape,
                 const OrmStrList *pNames, char **pzUp, char **pzDown){
  int nUp = cmp->diff.nChange, nDown = pBack->nChange;
  char **azUp = ormMalloc(pErr, sizeof(char*)*(nUp+1));
  char **azDown = ormMalloc(pErr, sizeof(char*)*(nDown+1));
  int *aGuessUp = ormMalloc(pErr, sizeof(int)*(nUp+1));
  int *aGuessDown = ormMalloc(pErr, sizeof(int)*(nDown+1));
  int *aParent = ormMalloc(pErr, sizeof(int)*(nUp+1));
  int *aObjOwner = ormMalloc(pErr, sizeof(int)*(pSrcUp->nObj+1));
  int *aDownComp = ormMalloc(pErr, sizeof(int)*(nDown+1));
  unsigned char *aMark = ormMalloc(pErr, pSrcUp->nObj+1);
  OrmStrList owners = {0, 0, 0, 0, 0};     /* names, by change below */
  int bChildren = cmp->ren.old.n>0;        /* see above */
  int *aNameOwner = 0;
  int i, j, k;

  *pzUp = *pzDown = 0;
  if( pErr->rc ) goto prove_done;
  memset(azUp, 0, sizeof(char*)*(nUp+1));
  memset(azDown, 0, sizeof(char*)*(nDown+1));
  aNameOwner = ormMalloc(pErr, sizeof(int)*(nUp*4+1));
  for(i=0; i<pSrcUp->nObj; i++) aObjOwner[i] = -1;

  /* Plan each change on its own; the scripts are their concatenation. */
  for(i=0; i<nUp && pErr->rc==SQLITE_OK; i++){
    ormPlanOne(pErr, 0, ORM_NATIVE_GUESS, &cmp->decl, &cmp->diff, i,
               &azUp[i], &aGuessUp[i]);
  }
  for(i=0; i<nDown && pErr->rc==SQLITE_OK; i++){
    ormPlanOne(pErr, 0, ORM_NATIVE_GUESS, &cmp->live, pBack, i,
               &azDown[i], &aGuessDown[i]);
  }

  /* Group the up changes by the objects they reach. */
  for(i=0; i<nUp && pErr->rc==SQLITE_OK; i++){
    OrmStrList touched = {0, 0, 0, 0, 0};
    aParent[i] = i;
    ormProveTouched(pErr, &cmp->diff.aChange[i], &touched);
    memset(aMark, 0, pSrcUp->nObj+1);
    ormScratchMarks(pSrcUp, &touched, 1, aMark);
    for(k=0; k<pSrcUp->nObj; k++){
      if( !aMark[k] ) continue;
      if( aObjOwner[k]<0 ){
        aObjOwner[k] = i;
      }else{
        aParent[ormProveRoot(aParent, aObjOwner[k])] = i;
      }
    }
    for(k=0; k<touched.n; k++){
      int iName = ormListFind(&owners, touched.az[k]);
      if( iName<0 ){
        ormListAdd(pErr, &owners, touched.az[k]);
        /* pErr->rc was SQLITE_OK at the head of the loop above: only an
        ** allocation can have failed since. */
        if( ORM_OOM(pErr->rc!=SQLITE_OK) ) break;
        aNameOwner[owners.n-1] = i;
      }else{
        int r = ormProveRoot(aParent, aNameOwner[iName]);
        if( r!=i ) aParent[r] = i;
      }
    }
    ormListFree(&touched);
  }

  /* Each down change joins the group of the first name it touches: the
  ** object it drops, changes or creates.  An up change touches that name
  ** too.  pBack is diff.c's diff of the same two schemas the other way
  ** round, with the hints reversed, and each of diff.c's tests is
  ** symmetric (objects matched by name and type, tables through the
  ** hints, "changed" an inequality of signatures or texts): an object
  ** that differs one way differs the other, and has a change both ways. */
  for(j=0; j<nDown && pErr->rc==SQLITE_OK; j++){
    OrmStrList touched = {0, 0, 0, 0, 0};
    int iName;
    aDownComp[j] = -1;
    ormProveTouched(pErr, &pBack->aChange[j], &touched);
    /* The first name is always added, unless there is no memory. */
    if( ORM_OOM(touched.n==0) ){
      ormListFree(&touched);
      break;
    }
    iName = ormListFind(&owners, touched.az[0]);
    ormListFree(&touched);
    if( ORM_NEVER(iName<0) ){
      ormErrSet(pErr, SQLITE_INTERNAL,
          "orm_migrate: internal error: a change of the down-SQL matches no"
          " change of the up-SQL; please report this with the schema");
    }else{
      aDownComp[j] = aNameOwner[iName];
    }
  }

  /* Prove each group: its up changes, then its down changes.  A group
  ** of the shape of one proven already is proven too. */
  for(i=0; i<nUp && pErr->rc==SQLITE_OK; i++){
    OrmStrList scope = {0, 0, 0, 0, 0};
    OrmErr errGroup = {0, 0};
    char *zUp, *zDown, *zKey;
    int bGuess = 0;
    if( ormProveRoot(aParent, i)!=i ) continue;
    memset(aMark, 0, pSrcUp->nObj+1);
    for(k=0; k<nUp; k++){
      if( ormProveRoot(aParent, k)!=i ) continue;
      ormProveTouched(pErr, &cmp->diff.aChange[k], &scope);
      bGuess |= aGuessUp[k];
    }
    for(k=0; k<nDown; k++){
      if( ormProveRoot(aParent, aDownComp[k])==i ) bGuess |= aGuessDown[k];
    }
    ormScratchMarks(pSrcUp, &scope, bChildren, aMark);
    for(k=0; k<pSrcUp->nObj; k++){
      if( aMark[k] ) ormListAdd(pErr, &scope, pSrcUp->apObj[k]->zName);
    }
    zUp = ormProveGroupSql(pErr, azUp, nUp, aParent, 0, i);
    zDown = ormProveGroupSql(pErr, azDown, nDown, aParent, aDownComp, i);
    zKey = ormProveGroupKey(pErr, pShape, cmp, pSrcUp, aMark, &scope,
                            pNames, zUp, zDown);
    if( !ormShapeSeen(pShape, zKey) ){
      ormProveGroup(bGuess ? &errGroup : pErr, cmp, pSrcUp, aMark,
                    &scope, pNames, zUp, zDown);
    }
    if( errGroup.rc==SQLITE_NOMEM ) ormErrOom(pErr);
    /* pErr->rc is set only for want of memory when errGroup.rc is: the
    ** group was proven on errGroup. */
    if( errGroup.rc && !ORM_OOM(pErr->rc!=SQLITE_OK) ){
      /* A native guess may be what failed: try each one where it runs,
      ** then prove the group again with what the trials chose. */
      ormProveRetry(pErr, pSrcUp, aMark, "", azUp, nUp, aParent, 0, i,
                    aGuessUp, &cmp->decl, &cmp->diff);
      sqlite3_free(zUp);
      zUp = ormProveGroupSql(pErr, azUp, nUp, aParent, 0, i);
      ormProveRetry(pErr, pSrcUp, aMark, zUp, azDown, nDown, aParent,
                    aDownComp, i, aGuessDown, &cmp->live, pBack);
      sqlite3_free(zDown);
      sqlite3_free(zKey);
      zDown = ormProveGroupSql(pErr, azDown, nDown, aParent, aDownComp, i);
      zKey = ormProveGroupKey(pErr, pShape, cmp, pSrcUp, aMark, &scope,
                              pNames, zUp, zDown);
      ormProveGroup(pErr, cmp, pSrcUp, aMark, &scope, pNames,
                    zUp, zDown);
    }
    if( pErr->rc==SQLITE_OK ) ormShapeAdd(pErr, pShape, zKey);
    sqlite3_free(zUp);
    sqlite3_free(zDown);
    sqlite3_free(zKey);
    ormErrClear(&errGroup);
    ormListFree(&scope);
  }

  /* The scripts: every change's part, in order. */
  if( pErr->rc==SQLITE_OK ){
    sqlite3_str *pUp = sqlite3_str_new(0);
    sqlite3_str *pDown = sqlite3_str_new(0);
    for(i=0; i<nUp; i++) sqlite3_str_appendall(pUp, azUp[i]);
    for(i=0; i<nDown; i++) sqlite3_str_appendall(pDown, azDown[i]);
    if( ORM_OOM(sqlite3_str_errcode(pUp) || sqlite3_str_errcode(pDown)) ){
      ormErrOom(pErr);
    }
    *pzUp = sqlite3_str_finish(pUp);
    *pzDown = sqlite3_str_finish(pDown);
    /* nUp>0 (migrate.c) parts, none empty: NULL only for want of memory. */
    if( ORM_OOM(*pzUp==0) ) *pzUp = ormStrdup(pErr, "");
    if( ORM_OOM(*pzDown==0) ) *pzDown = ormStrdup(pErr, "");  /* nDown>0 */
  }

prove_done:
  for(i=0; azUp && i<nUp; i++) sqlite3_free(azUp[i]);
  for(i=0; azDown && i<nDown; i++) sqlite3_free(azDown[i]);
  sqlite3_free(azUp);
  sqlite3_free(azDown);
  sqlite3_free(aGuessUp);
  sqlite3_free(aGuessDown);
  sqlite3_free(aParent);
  sqlite3_free(aObjOwner);
  sqlite3_free(aDownComp);
  sqlite3_free(aMark);
  sqlite3_free(aNameOwner);
  ormListFree(&owners);
}

/*
** Check a hand-written revision before it is stored: on a scratch copy
** of the schema, run every pending revision of pHist up to head (their
** up-SQL read here: the caller loads the graph only), then zUp, then
** zDown.  An error names the script and statement that failed.
*/
void ormProveHandWritten(OrmErr *pErr, sqlite3 *db, const char *zFunc,
                         const OrmHistory *pHist, const char *zUp,
                         const char *zDown){
  sqlite3 *dbScratch = 0;
  int i;
  ormApplyNoControl(pErr, zFunc, "up_sql", zUp);
  ormApplyNoControl(pErr, zFunc, "down_sql", zDown);
  ormScratchClone(pErr, db, "main", &dbScratch);
  for(i=0; i<pHist->nRev && pErr->rc==SQLITE_OK; i++){
    const OrmRev *pRev = &pHist->aRev[i];
    char *zWhat, *zSql;
    if( pRev->bApplied ) continue;
    zSql = ormQueryText(pErr, db,
        "SELECT up_sql FROM main._orm_revision WHERE revision=%Q",
        pRev->zId);
    zWhat = ormMprintf(pErr, "pending revision %s", pRev->zId);
    ormApplyScript(pErr, dbScratch, zFunc, zWhat, zSql, 1);
    sqlite3_free(zWhat);
    sqlite3_free(zSql);
  }
  ormApplyScript(pErr, dbScratch, zFunc, "up_sql", zUp, 1);
  ormApplyScript(pErr, dbScratch, zFunc, "down_sql", zDown, 1);
  sqlite3_close(dbScratch);
}
