/*
** plan.c - turn a list of changes into SQL.
**
** A table change uses native ALTER TABLE ADD/DROP COLUMN when that gives
** exactly the declared table; otherwise the table is rebuilt following
** lang_altertable.html section 7:
**
**   CREATE TABLE "_orm_new_t"(...declared...);
**   INSERT INTO "_orm_new_t"(a, b) SELECT a, b FROM "t";
**   DROP TABLE "t";
**   PRAGMA legacy_alter_table=ON;
**   ALTER TABLE "_orm_new_t" RENAME TO "t";
**   PRAGMA legacy_alter_table=OFF;
**   CREATE INDEX ... / CREATE TRIGGER ...   -- the table's, recreated
**
** legacy_alter_table is on for the rename so that SQLite neither rewrites
** nor re-checks views and triggers that name "t": they keep naming it, and
** it exists again as soon as the rename is done.  Foreign keys are switched
** off around the whole migration by apply.c.
**
** Whether a native ALTER is exact is not guessed from SQLite's rules: it
** is tried on a scratch copy of the schema (no rows) and the result is
** compared with the declared table (prove.c's ormProveExact()).  How it is tried is
** the caller's choice (eNative of ormPlanOne()).  orm_migrate plans it
** untried (ORM_NATIVE_GUESS): prove.c runs each group of changes on its
** own scratch copy anyway, and that proof is the trial; only when a group
** fails is each native ALTER of it tried where it runs and, if not exact,
** planned again as a rebuild (ORM_NATIVE_NEVER).  orm_diff, which proves
** nothing, tries each one at once on a scratch copy of its table
** (ORM_NATIVE_TRY, ormProveTryNative()).
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/*
** Is zName a column of table p->pFrom once the column renames of p not
** yet done (aDone[i]==0; their current names in azCur) are still to run?
*/
static int ormPlanNameTaken(const OrmChange *p, char **azCur,
                            const unsigned char *aDone, const char *zName){
  int i;
  for(i=0; i<p->renOld.n; i++){
    const char *zCur = aDone[i] ? p->renNew.az[i]
                     : azCur[i] ? azCur[i] : p->renOld.az[i];
    if( sqlite3_stricmp(zCur, zName)==0 ){
      return 1;
    }
  }
  return ormListFind(&p->renOld, zName)<0
      && ormSchemaColumn(p->pFrom, zName)!=0;
}

/*
** Append the native renames of a change to pOut: the table, then its
** columns.  legacy_alter_table is switched off so that SQLite rewrites
** the references to the renamed objects in other tables, views and
** triggers, as a rename should.
**
** A column is renamed only once its new name is free: renames that chain
** (a to b, b to c) run from the end of the chain, and renames that go
** round (a to b, b to a) go through a temporary name first.  The hints
** are checked (compare.c) so that every name in the way is renamed away.
*/
static void ormPlanRenames(OrmErr *pErr, sqlite3_str *pOut,
                           const OrmChange *p){
  int i, nLeft = p->renOld.n, iTmp = 0;
  int bTable = sqlite3_stricmp(p->pFrom->zName, p->pTo->zName)!=0;
  unsigned char *aDone;
  char **azCur;                   /* current names; temporaries owned */
  if( pErr->rc ) return;          /* the plan failed (ormPlanCheckOther()) */
  if( !bTable && p->renOld.n==0 ) return;
  sqlite3_str_appendall(pOut, "PRAGMA legacy_alter_table=OFF;\n");
  if( bTable ){
    sqlite3_str_appendf(pOut, "ALTER TABLE \"%w\" RENAME TO \"%w\";\n",
                        p->pFrom->zName, p->pTo->zName);
  }
  aDone = ormMalloc(pErr, p->renOld.n+1);
  azCur = ormMalloc(pErr, sizeof(char*)*(p->renOld.n+1));
  if( ORM_OOM(aDone==0 || azCur==0) ){
    sqlite3_free(aDone);
    sqlite3_free(azCur);
    return;
  }
  /* ormMalloc() zeroes aDone and azCur.  Only ormMprintf() below can set
  ** pErr, and the loop then stops. */
  while( nLeft>0 ){
    int iNext = -1;
    for(i=0; iNext<0 && i<p->renOld.n; i++){
      if( !aDone[i] && !ormPlanNameTaken(p, azCur, aDone, p->renNew.az[i]) ){
        iNext = i;
      }
    }
    if( iNext<0 ){
      /* Every rename left waits for another: free the first one's new
      ** name by moving the column that holds it to a temporary name. */
      char *zTmp = 0;
      /* nLeft>0 renames are not done: the loop stops at one. */
      for(i=0; ORM_ALWAYS(i<p->renOld.n) && aDone[i]; i++){}
      do{
        sqlite3_free(zTmp);
        zTmp = ormMprintf(pErr, "_orm_tmp_%d", ++iTmp);
      }while( !ORM_OOM(zTmp==0) && ormPlanNameTaken(p, azCur, aDone, zTmp) );
      if( ORM_OOM(zTmp==0) ) break;
      /* Rename i is not at a temporary name yet: the new names are all
      ** different and every name in the way is renamed away (compare.c),
      ** so each rename waits for the one that holds its new name, and when
      ** all wait they go round in cycles.  Moving i's column breaks its
      ** cycle, which then runs to its end (i last) before any rename waits
      ** again. */
      sqlite3_str_appendf(pOut,
          "ALTER TABLE \"%w\" RENAME COLUMN \"%w\" TO \"%w\";\n",
          p->pTo->zName, ORM_NEVER(azCur[i]!=0) ? azCur[i] : p->renOld.az[i],
          zTmp);
      sqlite3_free(azCur[i]);
      azCur[i] = zTmp;
      continue;
    }
    sqlite3_str_appendf(pOut,
        "ALTER TABLE \"%w\" RENAME COLUMN \"%w\" TO \"%w\";\n",
        p->pTo->zName, azCur[iNext] ? azCur[iNext] : p->renOld.az[iNext],
        p->renNew.az[iNext]);
    aDone[iNext] = 1;
    nLeft--;
  }
  for(i=0; i<p->renOld.n; i++) sqlite3_free(azCur[i]);
  sqlite3_free(azCur);
  sqlite3_free(aDone);
}

/*
** A plan is for an SQLite ormext runs on, and orm_config('min_sqlite')
** cannot go below that either: everything that came before ormext's
** oldest SQLite (DROP COLUMN, 3.35.0) may always be used.
*/
#if ORM_MIN_SQLITE_NUMBER < ORM_SQLITE_DROPCOLUMN
# error "DROP COLUMN may be missing: plan it only where ormPlanHas() says"
#endif

/* May the plan of pDiff use what SQLite added in version iVersion? */
static int ormPlanHas(const OrmDiff *pDiff, int iVersion){
  /* Every diff planned has iSqlite set (compare.c, migrate.c). */
  int iFor = ORM_ALWAYS(pDiff->iSqlite) ? pDiff->iSqlite
                                        : sqlite3_libversion_number();
  return iFor>=iVersion;
}

/* The name that column zNew of change p had before it. */
static const char *ormPlanOldName(const OrmChange *p, const char *zNew){
  int i = ormListFind(&p->renNew, zNew);
  return i>=0 ? p->renOld.az[i] : zNew;
}

/*
** Do column signatures zA and zB (introspect.c: "type=... notnull=N ...")
** differ in their NOT NULL alone?
*/
static int ormPlanOnlyNotNull(const char *zA, const char *zB){
  /* Every column signature holds " notnull=" (introspect.c). */
  const char *pA = ORM_ALWAYS(zA) ? strstr(zA, " notnull=") : 0;
  const char *pB = ORM_ALWAYS(zB) ? strstr(zB, " notnull=") : 0;
  if( ORM_NEVER(pA==0) || ORM_NEVER(pB==0)
   || pA-zA!=pB-zB || strncmp(zA, zB, pA-zA) ) return 0;
  pA += 9;
  pB += 9;
  return *pA!=*pB && strcmp(pA+1, pB+1)==0;
}

/*
** Append to pDrop the ALTER TABLE DROP CONSTRAINT statements (SQLite
** 3.53) that turn the table CHECK constraints of p->pFrom into those of
** p->pTo, matched by name and normalised expression.  Return 0 when they
** cannot: a CHECK to drop has no name to drop it by, or one is to be
** added.  ADD CONSTRAINT is not used: on SQLite 3.53.2 it refuses a table
** with a row for which the expression is NULL, which the CHECK itself
** (and so the rebuild) accepts.  Whether the result is exact is for the
** caller to try.
*/
static int ormPlanChecks(OrmErr *pErr, sqlite3_str *pDrop,
                         const OrmChange *p){
  OrmStrList fName = {0, 0, 0, 0, 0}, fExpr = {0, 0, 0, 0, 0};
  OrmStrList fText = {0, 0, 0, 0, 0}, tName = {0, 0, 0, 0, 0};
  OrmStrList tExpr = {0, 0, 0, 0, 0}, tText = {0, 0, 0, 0, 0};
  unsigned char *aUsed;
  int i, j, bOk;
  ormNormTableChecks(pErr, p->pFrom->zSql, &fName, &fExpr, &fText);
  ormNormTableChecks(pErr, p->pTo->zSql, &tName, &tExpr, &tText);
  aUsed = ormMalloc(pErr, tName.n+1);     /* zeroed; NULL: bOk is 0 */
  bOk = pErr->rc==SQLITE_OK;
  for(i=0; bOk && i<fName.n; i++){
    for(j=0; j<tName.n; j++){
      if( !aUsed[j] && sqlite3_stricmp(fName.az[i], tName.az[j])==0
       && strcmp(fExpr.az[i], tExpr.az[j])==0 ) break;
    }
    if( j<tName.n ){
      aUsed[j] = 1;
    }else if( fName.az[i][0]==0 ){
      bOk = 0;
    }else{
      sqlite3_str_appendf(pDrop,
          "ALTER TABLE \"%w\" DROP CONSTRAINT \"%w\";\n",
          p->pTo->zName, fName.az[i]);
    }
  }
  for(j=0; bOk && j<tName.n; j++){
    if( !aUsed[j] ) bOk = 0;
  }
  sqlite3_free(aUsed);
  ormListFree(&fName);
  ormListFree(&fExpr);
  ormListFree(&fText);
  ormListFree(&tName);
  ormListFree(&tExpr);
  ormListFree(&tText);
  return bOk;
}

/*
** Native statements for a change, or NULL when no native statement can
** express it: renames, then (SQLite 3.53) the table CHECKs dropped, DROP
** COLUMN, ADD COLUMN, and (3.53) ALTER COLUMN SET/DROP NOT NULL for a
** column whose NOT NULL alone changed.  Only what the
** SQLite the plan is for (pDiff->iSqlite) has.  Whether they give exactly
** the declared table is for the caller to try.
*/
static char *ormPlanNativeSql(OrmErr *pErr, const OrmDiff *pDiff,
                              const OrmChange *p){
  sqlite3_str *pOut, *pDrop;
  int bCons = ormPlanHas(pDiff, ORM_SQLITE_ALTERCONS);
  int i;
  char *z;
  if( pErr->rc || (p->change.n && !bCons) ) return 0;
  /* Every SQLite a plan is for has DROP COLUMN (see above). */
  if( p->drop.n && pDiff->bNoDropColumn ) return 0;
  for(i=0; i<p->change.n; i++){
    const OrmColumn *pNew = ormSchemaColumn(p->pTo, p->change.az[i]);
    const OrmColumn *pOld = ormSchemaColumn(p->pFrom,
                                            ormPlanOldName(p, p->change.az[i]));
    /* A changed column is on both sides (diff.c, the same old name). */
    if( ORM_NEVER(pNew==0) || ORM_NEVER(pOld==0)
     || !ormPlanOnlyNotNull(pOld->zSig, pNew->zSig) ){
      return 0;
    }
  }
  pOut = sqlite3_str_new(0);
  pDrop = sqlite3_str_new(0);
  if( p->bTableSig && bCons && !ormPlanChecks(pErr, pDrop, p) ){
    sqlite3_free(sqlite3_str_finish(pOut));
    sqlite3_free(sqlite3_str_finish(pDrop));
    return 0;
  }
  ormPlanRenames(pErr, pOut, p);
  /* A CHECK that names a column to drop goes first. */
  z = sqlite3_str_finish(pDrop);
  if( z ) sqlite3_str_appendall(pOut, z);
  sqlite3_free(z);
  for(i=0; i<p->drop.n; i++){
    sqlite3_str_appendf(pOut, "ALTER TABLE \"%w\" DROP COLUMN \"%w\";\n",
                        p->pTo->zName, p->drop.az[i]);
  }
  for(i=0; i<p->add.n; i++){
    const OrmColumn *pCol = ormSchemaColumn(p->pTo, p->add.az[i]);
    /* Rules SQLite checks only when the table has rows, which the
    ** scratch copy has not: no STORED generated column, no non-constant
    ** default, and no REFERENCES with a non-NULL default (foreign keys
    ** may be on). */
    /* An added column is one of pTo's (diff.c). */
    if( ORM_NEVER(pCol==0) || pCol->iPk || pCol->eHidden==3
     || !ormNormIsConstant(pCol->zDflt)
     || (pCol->zDflt && sqlite3_stricmp(pCol->zDflt, "NULL")
         && ormNormHasReferences(pCol->zDef)) ){
      sqlite3_free(sqlite3_str_finish(pOut));
      return 0;
    }
    sqlite3_str_appendf(pOut, "ALTER TABLE \"%w\" ADD COLUMN %s;\n",
                        p->pTo->zName, pCol->zDef);
  }
  for(i=0; i<p->change.n; i++){
    const OrmColumn *pNew = ormSchemaColumn(p->pTo, p->change.az[i]);
    sqlite3_str_appendf(pOut,
        "ALTER TABLE \"%w\" ALTER COLUMN \"%w\" %s NOT NULL;\n",
        p->pTo->zName, pNew->zName, pNew->bNotNull ? "SET" : "DROP");
  }
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  z = sqlite3_str_finish(pOut);
  if( pErr->rc ){
    sqlite3_free(z);
    z = 0;
  }
  return z;
}

/* Does the diff create object pObj itself (so a rebuild need not)? */
static int ormPlanCreates(const OrmDiff *pDiff, const OrmObject *pObj){
  int i;
  for(i=0; i<pDiff->nChange; i++){
    /* pObj is an index or trigger: no ALTER TABLE makes it. */
    if( pDiff->aChange[i].pTo==pObj && ORM_ALWAYS(pDiff->aChange[i].eOp!=
        ORM_OP_ALTER_TABLE) ) return 1;
  }
  return 0;
}

/*
** Append the 12-step rebuild of table pFrom into pTo to pOut: new table,
** copy of every column both have (and the rowid), drop, rename, then the
** table's indexes and triggers of pSchemaTo that the diff does not create
** on its own.
*/
/*
** Append the CREATE statements of the indexes and triggers of pSchema on
** table zTab, except those the diff creates itself.
*/
static void ormPlanRecreate(sqlite3_str *pOut, const OrmSchema *pSchema,
                            const OrmDiff *pDiff, const char *zTab){
  int i;
  for(i=0; i<pSchema->nObj; i++){
    const OrmObject *pObj = &pSchema->aObj[i];
    if( pObj->eType!=ORM_OBJ_INDEX && pObj->eType!=ORM_OBJ_TRIGGER ) continue;
    if( sqlite3_stricmp(pObj->zTbl, zTab) ) continue;
    if( ormPlanCreates(pDiff, pObj) ) continue;
    sqlite3_str_appendf(pOut, "%s;\n", pObj->zSql);
  }
}

/*
** Fail if an index or trigger that ormext does not manage (in pOther),
** on the table of change p, names a column the change drops: the rebuild
** could not make it again, and dropping it silently would lose it.
*/
static void ormPlanCheckOther(OrmErr *pErr, const OrmSchema *pOther,
                              const OrmChange *p){
  int i;
  /* Every diff planned has pOther set (compare.c, migrate.c). */
  for(i=0; ORM_ALWAYS(pOther) && pErr->rc==SQLITE_OK && i<pOther->nObj; i++){
    const OrmObject *pObj = &pOther->aObj[i];
    const char *z;
    int n, eType;
    if( pObj->eType!=ORM_OBJ_INDEX && pObj->eType!=ORM_OBJ_TRIGGER ) continue;
    if( sqlite3_stricmp(pObj->zTbl, p->pFrom->zName) ) continue;
    for(z=pObj->zSql; pErr->rc==SQLITE_OK && (n = ormNormToken(z, &eType))>0;
        z+=n){
      char *zId;
      if( eType!=ORM_TK_WORD && eType!=ORM_TK_QID ) continue;
      zId = ormNormIdent(z, n);
      if( ORM_OOM(zId==0) ){
        ormErrOom(pErr);      /* the check must not be skipped */
        continue;
      }
      if( ormListFind(&p->drop, zId)>=0 ){
        ormErrSet(pErr, SQLITE_ERROR,
            "%s \"%s\", which ormext does not manage, uses"
            " column \"%s\".\"%s\" that the declarations drop; drop it"
            " first, or declare it", pObj->eType==ORM_OBJ_INDEX ? "index"
            : "trigger", pObj->zName, p->pFrom->zName, zId);
      }
      sqlite3_free(zId);
    }
  }
}

/*
** Once the renames of change p have run, does the table have a column
** called zName that it had before the change?
*/
static int ormPlanHadColumn(const OrmChange *p, const char *zName){
  if( ormListFind(&p->renNew, zName)>=0 ) return 1;
  /* zName is a column of pTo (the only callers'): compare.c refuses a
  ** hint whose old name the table still has unless another hint gives
  ** that name (then it is in renNew, above). */
  return ORM_ALWAYS(ormListFind(&p->renOld, zName)<0)
      && ormSchemaColumn(p->pFrom, zName)!=0;
}

/*
** True if a rebuild may copy with SELECT *: no renames, no STRICT table,
** the same columns in the same order, none generated, and no rowid to
** carry apart from an INTEGER PRIMARY KEY at the same place (or none in
** WITHOUT ROWID tables).
*/
static int ormPlanSameColumns(const OrmChange *p){
  const OrmObject *pFrom = p->pFrom;
  const OrmObject *pTo = p->pTo;
  int i;
  if( p->renOld.n || pFrom->nCol!=pTo->nCol ) return 0;
  /* SQLite 3.40's transfer skips STRICT type checks: copy row by row. */
  if( pFrom->bStrict || pTo->bStrict ) return 0;
  if( pFrom->bWithoutRowid!=pTo->bWithoutRowid ) return 0;
  if( !pTo->bWithoutRowid && (pTo->iIpk<0 || pTo->iIpk!=pFrom->iIpk) ){
    return 0;
  }
  for(i=0; i<pTo->nCol; i++){
    if( pFrom->aCol[i].eHidden || pTo->aCol[i].eHidden ) return 0;
    if( sqlite3_stricmp(pFrom->aCol[i].zName, pTo->aCol[i].zName) ) return 0;
  }
  return 1;
}

static void ormPlanRebuild(OrmErr *pErr, sqlite3_str *pOut,
                           const OrmSchema *pSchemaTo, const OrmDiff *pDiff,
                           const OrmChange *pChange){
  const OrmObject *pFrom = pChange->pFrom;
  const OrmObject *pTo = pChange->pTo;
  char *zNew = sqlite3_mprintf(ORM_NEW_PREFIX "%s", pTo->zName);
  char *zCreate = zNew ? ormNormRename(pTo->zSql, zNew) : 0;
  sqlite3_str *pCols = sqlite3_str_new(0);
  char *zCols;
  int i, bRowid, nCopy = 0;

  /* Renames run natively first: then the table is rebuilt in place. */
  ormPlanRenames(pErr, pOut, pChange);
  bRowid = !pFrom->bWithoutRowid && !pTo->bWithoutRowid;
  if( bRowid && pTo->iIpk>=0
   && ormPlanHadColumn(pChange, pTo->aCol[pTo->iIpk].zName) ){
    bRowid = 0;                   /* the INTEGER PRIMARY KEY carries it */
  }
  if( bRowid ){
    sqlite3_str_appendall(pCols, "rowid");
    nCopy++;
  }
  for(i=0; i<pTo->nCol; i++){
    const OrmColumn *pCol = &pTo->aCol[i];
    if( pCol->eHidden ) continue;            /* generated: not writable */
    if( !ormPlanHadColumn(pChange, pCol->zName) ) continue;
    sqlite3_str_appendf(pCols, "%s\"%w\"", nCopy ? ", " : "", pCol->zName);
    nCopy++;
  }
  if( sqlite3_str_length(pCols)==0 ) sqlite3_str_appendall(pCols, " ");
  zCols = sqlite3_str_finish(pCols);
  /* pTo->zSql is a CREATE TABLE SQLite stored, which ormNormRename()
  ** reads: each is NULL only for want of memory. */
  if( ORM_OOM(zNew==0 || zCreate==0 || zCols==0) ){
    ormErrOom(pErr);
    sqlite3_free(zNew);
    sqlite3_free(zCreate);
    sqlite3_free(zCols);
    return;
  }
  sqlite3_str_appendf(pOut, "%s;\n", zCreate);
  if( ormPlanSameColumns(pChange) ){
    /* The same columns in the same places, and the rowid carried by an
    ** INTEGER PRIMARY KEY or absent: SELECT * lets SQLite copy the rows
    ** as they are stored, when it can (its transfer optimization). */
    sqlite3_str_appendf(pOut, "INSERT OR ABORT INTO \"%w\" SELECT * FROM \"%w\";\n",
                        zNew, pTo->zName);
  }else if( nCopy ){
    sqlite3_str_appendf(pOut, "INSERT OR ABORT INTO \"%w\"(%s) SELECT %s FROM \"%w\";\n",
                        zNew, zCols, zCols, pTo->zName);
  }
  if( pTo->bAutoinc && pFrom->bAutoinc ){
    /* Carry the AUTOINCREMENT counter, which may exceed max(rowid). */
    sqlite3_str_appendf(pOut,
        "DELETE FROM sqlite_sequence WHERE name=%Q;\n"
        "INSERT INTO sqlite_sequence(name, seq) SELECT %Q, seq"
        " FROM sqlite_sequence WHERE name=%Q;\n",
        zNew, zNew, pTo->zName);
  }else if( pFrom->bAutoinc ){
    /* AUTOINCREMENT goes: keep its counter, so that bringing it back
    ** (the way down) never hands out an id that was used. */
    sqlite3_str_appendf(pOut, "%s"
        "DELETE FROM \"" ORM_SEQ_TABLE "\" WHERE name=%Q;\n"
        "INSERT INTO \"" ORM_SEQ_TABLE "\"(name, seq) SELECT name, seq"
        " FROM sqlite_sequence WHERE name=%Q;\n",
        ORM_SEQ_CREATE, pTo->zName, pTo->zName);
  }else if( pTo->bAutoinc ){
    /* AUTOINCREMENT comes back: the copy set the counter to the largest
    ** key; a counter kept when it went may be larger.  It was kept under
    ** the name the table had without AUTOINCREMENT, pFrom's here. */
    sqlite3_str_appendf(pOut, "%s"
        "INSERT INTO sqlite_sequence(name, seq) SELECT %Q, 0"
        " FROM \"" ORM_SEQ_TABLE "\" WHERE name=%Q AND NOT EXISTS"
        " (SELECT 1 FROM sqlite_sequence WHERE name=%Q);\n"
        "UPDATE sqlite_sequence SET seq=max(seq, (SELECT seq FROM \""
        ORM_SEQ_TABLE "\" WHERE name=%Q)) WHERE name=%Q AND EXISTS"
        " (SELECT 1 FROM \"" ORM_SEQ_TABLE "\" WHERE name=%Q);\n"
        "DELETE FROM \"" ORM_SEQ_TABLE "\" WHERE name=%Q;\n",
        ORM_SEQ_CREATE, zNew, pFrom->zName, zNew, pFrom->zName, zNew,
        pFrom->zName, pFrom->zName);
  }
  sqlite3_str_appendf(pOut, "DROP TABLE \"%w\";\n", pTo->zName);
  sqlite3_str_appendf(pOut,
      "PRAGMA legacy_alter_table=ON;\n"
      "ALTER TABLE \"%w\" RENAME TO \"%w\";\n"
      "PRAGMA legacy_alter_table=OFF;\n", zNew, pTo->zName);
  ormPlanRecreate(pOut, pSchemaTo, pDiff, pTo->zName);
  if( ORM_ALWAYS(pDiff->pOther) ){
    /* Indexes and triggers ormext does not manage survive too. */
    ormPlanRecreate(pOut, pDiff->pOther, pDiff, pTo->zName);
  }
  sqlite3_free(zNew);
  sqlite3_free(zCreate);
  sqlite3_free(zCols);
}

static const char *ormPlanTypeName(int eType){
  switch( eType ){
    case ORM_OBJ_TABLE: return "TABLE";
    case ORM_OBJ_INDEX: return "INDEX";
    case ORM_OBJ_VIEW:  return "VIEW";
    default:            return "TRIGGER";
  }
}

/*
** Append the SQL of change iChange of pDiff (which turns pFrom into pTo)
** to pOut.  eNative says what to do with a change that native ALTERs may
** express: ORM_NATIVE_TRY them on a scratch copy made from pSrc (the
** schema before the change), ORM_NATIVE_GUESS (use them untried, for the
** caller to prove, and set *pbGuess), or ORM_NATIVE_NEVER (rebuild).
*/
static void ormPlanChange(OrmErr *pErr, sqlite3_str *pOut,
                          const OrmScratchSrc *pSrc, int eNative,
                          const OrmSchema *pTo, const OrmDiff *pDiff,
                          int iChange, int *pbGuess){
  const OrmChange *p = &pDiff->aChange[iChange];
  switch( p->eOp ){
    case ORM_OP_CREATE_TABLE:
    case ORM_OP_CREATE_INDEX:
    case ORM_OP_CREATE_VIEW:
    case ORM_OP_CREATE_TRIGGER:
      sqlite3_str_appendf(pOut, "%s;\n", p->pTo->zSql);
      break;
    case ORM_OP_DROP_TABLE:
    case ORM_OP_DROP_INDEX:
    case ORM_OP_DROP_VIEW:
    case ORM_OP_DROP_TRIGGER:
      sqlite3_str_appendf(pOut, "DROP %s \"%w\";\n",
                          ormPlanTypeName(p->pFrom->eType), p->pFrom->zName);
      break;
    default: {
      char *zNative;
      ormPlanCheckOther(pErr, pDiff->pOther, p);
      zNative = eNative==ORM_NATIVE_NEVER ? 0 : ormPlanNativeSql(pErr, pDiff, p);
      if( zNative && eNative==ORM_NATIVE_GUESS ){
        sqlite3_str_appendall(pOut, zNative);
        /* Both callers that guess (prove.c) pass pbGuess. */
        if( ORM_ALWAYS(pbGuess) ) *pbGuess = 1;
      }else if( zNative && ormProveTryNative(pErr, pSrc, p->pFrom->zName,
                                            zNative, p->pTo) ){
        sqlite3_str_appendall(pOut, zNative);
      }else{
        ormPlanRebuild(pErr, pOut, pTo, pDiff, p);
      }
      sqlite3_free(zNative);
      break;
    }
  }
}

/* Finish pOut into *pzSql, or free it and record OOM. */
static void ormPlanFinish(OrmErr *pErr, sqlite3_str *pOut, char **pzSql){
  char *z;
  if( sqlite3_str_errcode(pOut) ) ormErrOom(pErr);
  z = sqlite3_str_finish(pOut);
  if( pErr->rc ){
    sqlite3_free(z);
    return;
  }
  /* Every change has SQL (ormPlanChange()): z is not empty. */
  *pzSql = ORM_ALWAYS(z) ? z : ormStrdup(pErr, "");
}

/*
** Write the SQL of change iChange to *pzSql (caller frees): one statement
** per line, each ending with ";".  eNative (and pSrc) as ormPlanChange();
** *pbGuess (if not NULL) is 1 when the SQL is an untried native ALTER,
** which the caller must prove, and plan again if it fails.
*/
void ormPlanOne(OrmErr *pErr, const OrmScratchSrc *pSrc, int eNative,
                const OrmSchema *pTo, const OrmDiff *pDiff, int iChange,
                char **pzSql, int *pbGuess){
  sqlite3_str *pOut = sqlite3_str_new(0);
  *pzSql = 0;
  if( pbGuess ) *pbGuess = 0;
  ormPlanChange(pErr, pOut, pSrc, eNative, pTo, pDiff, iChange, pbGuess);
  ormPlanFinish(pErr, pOut, pzSql);
}
