/*
** ormext.h - the one internal header of the ormext extension.
**
** ormext is a SQLite loadable extension: declare models, autogenerate
** migrations from the difference between the models and the live database,
** apply and revert them.  This header has one section per source file,
** in the order of the pipeline's dependencies, listing what that file
** exports; each section ends with an "End of" banner.  Every exported name
** carries the prefix of its file (ormNorm* in norm.c, ormDiff* in diff.c,
** ...); util.c's helpers are named for what they do (ormErr*, ormList*,
** ...) and introspect.c's keep ormSchema*, the container they fill.
**
** Ownership: a char* field says "owned" when the struct frees it with
** sqlite3_free() (in its Free/Reset function), "borrowed" when it points
** into something else that must outlive the struct.  Unless said
** otherwise, an array field (a*, az*, ap*) is owned together with what
** it holds.
*/
#ifndef ORMEXT_H
#define ORMEXT_H

#include "sqlite3ext.h"
#include <assert.h>
#include <stddef.h>

/*
** ORM_ALWAYS(X) and ORM_NEVER(X) mark a defensive check that no input can
** take: a condition that an earlier check (or the one caller) already
** makes always true (ORM_ALWAYS) or always false (ORM_NEVER), kept so that
** a release build still fails cleanly if that reasoning is ever wrong.
** They are for provably unreachable checks only, never for an
** out-of-memory or I/O error, a failing system call, or anything that
** user input, a file or a hostile database row can reach.  As SQLite's
** ALWAYS()/NEVER(), three builds:
**
**   -DORM_COVERAGE_TEST  (make coverage) the constants 1 and 0, so that
**                        the branch that cannot be taken is not counted
**                        as untaken; X is not evaluated, so it must have
**                        no side effect;
**   -DORM_DEBUG          (make test-asan) X, after an assert() that it has
**                        its expected value: the suite fails if it ever
**                        has not;
**   neither              (ormext.so) X, the plain condition.
*/
#if defined(ORM_COVERAGE_TEST)
# define ORM_ALWAYS(X) (1)
# define ORM_NEVER(X)  (0)
#elif defined(ORM_DEBUG)
# define ORM_ALWAYS(X) ((X) ? 1 : (assert(!"ORM_ALWAYS(" #X ")"), 0))
# define ORM_NEVER(X)  ((X) ? (assert(!"ORM_NEVER(" #X ")"), 1) : 0)
#else
# define ORM_ALWAYS(X) (X)
# define ORM_NEVER(X)  (X)
#endif

/*
** ORM_OOM(X) marks a condition that is true only when an allocation has
** failed (X itself, in every build): the pointer a malloc, a realloc or
** a printf returned is NULL, an sqlite3_str has failed.  Only the fault
** driver (test/fault.c), which fails the Nth allocation, takes such a
** branch.  test/coverage.sh (make coverage) leaves the branches of a line
** that has ORM_OOM, ormErrOom, SQLITE_NOMEM or ENOMEM out of its "-oom"
** column, the share of the other branches taken.
*/
#define ORM_OOM(X) (X)

#define ORMEXT_VERSION "0.1.0"

/* The oldest SQLite ormext loads on (PRAGMA table_list came in 3.37.0);
** sqlite3_ormext_init() refuses an older one. */
#define ORM_MIN_SQLITE        "3.37.0"
#define ORM_MIN_SQLITE_NUMBER 3037000

/* Prefix of the extension's own bookkeeping tables. */
#define ORM_PREFIX "_orm_"
/* Name given to the new copy of a table during a rebuild. */
#define ORM_NEW_PREFIX "_orm_new_"

/* A checksum is the SHA-256 of a revision's SQL as lower-case hex digits
** (ormHashHex()); a revision or squash id is the first ORM_ID_LEN digits
** of such a hash.  The _SIZE of each holds it and a terminating NUL. */
#define ORM_SUM_LEN  64
#define ORM_SUM_SIZE (ORM_SUM_LEN+1)
#define ORM_ID_LEN   12
#define ORM_ID_SIZE  (ORM_ID_LEN+1)

/* The time a revision is created or marked applied, as SQL: ORM_NOW_SQL
** as is, ORM_NOW_FMT inside a printf-style format (ormExecf(), ...). */
#define ORM_NOW_SQL "strftime('%Y-%m-%d %H:%M:%S', 'now')"
#define ORM_NOW_FMT "strftime('%%Y-%%m-%%d %%H:%%M:%%S', 'now')"

/*************************************************************************
** main.c - the entry point: registers every function and module.
*/

/*
** Per-connection context: the user data of every SQL function and virtual
** table module.  Reference counted because each registration owns one
** reference, released by its destructor.
*/
typedef struct OrmCtx OrmCtx;
typedef struct OrmProgress OrmProgress;   /* progress.c */
struct OrmCtx {
  sqlite3 *db;                    /* The connection the extension serves */
  int nRef;                       /* Registrations holding this context */
  int bHooked;                    /* Commit/rollback hooks are ormext's */
  int bStuck;                     /* A call's transaction is left open that
                                  ** it could not roll back (ormTxnEnd()) */
  OrmProgress *pProgress;         /* orm_config('progress'): where moves
                                  ** report, and the move reporting; NULL
                                  ** when off; owned (ormProgressFree()) */
  const char *zMove;              /* "orm_upgrade" or "orm_downgrade" while
                                  ** one runs on db, else NULL; static */
};

/*
** End of main.c
**************************************************************************/

/*************************************************************************
** util.c - sticky errors, string helpers, statement helpers.
*/

/*
** The first error wins: once rc!=SQLITE_OK every helper taking an OrmErr
** is a no-op.  ormErrResult() or ormErrClear() frees zMsg.
*/
typedef struct OrmErr OrmErr;
struct OrmErr {
  int rc;                         /* SQLITE_OK or the first error code */
  char *zMsg;                     /* Message of the first error, or NULL;
                                  ** owned */
};

void ormErrSet(OrmErr *pErr, int rc, const char *zFmt, ...);
void ormErrOom(OrmErr *pErr);
void ormErrClear(OrmErr *pErr);
void ormErrDb(OrmErr *pErr, sqlite3 *db);
char *ormErrMessage(const OrmErr *pErr, const char *zFunc);
void ormErrResult(OrmErr *pErr, sqlite3_context *pCtx, const char *zFunc);
void ormErrResultText(OrmErr *pErr, sqlite3_context *pCtx, const char *zFunc,
                      char *zRet);

char *ormMprintf(OrmErr *pErr, const char *zFmt, ...);
char *ormStrdup(OrmErr *pErr, const char *z);
void *ormMalloc(OrmErr *pErr, sqlite3_int64 nByte);
void *ormGrow(OrmErr *pErr, void *aOld, int n, int *pnAlloc, int nFirst,
              size_t szElem);

/* Run zSql (one or more statements).  No-op once pErr is set. */
void ormExec(OrmErr *pErr, sqlite3 *db, const char *zSql);
void ormExecf(OrmErr *pErr, sqlite3 *db, const char *zFmt, ...);
sqlite3_stmt *ormPrepare(OrmErr *pErr, sqlite3 *db, const char *zFmt, ...);
/* Step pStmt; return 1 for a row, 0 when done or on error (recorded). */
int ormStep(OrmErr *pErr, sqlite3_stmt *pStmt);
void ormFinalize(OrmErr *pErr, sqlite3_stmt *pStmt);
/* First column of the first row of a query as a new string, or NULL. */
char *ormQueryText(OrmErr *pErr, sqlite3 *db, const char *zFmt, ...);
sqlite3_int64 ormQueryInt(OrmErr *pErr, sqlite3 *db, const char *zFmt, ...);
/* Let private database db use the collations the user's dbUser knows. */
void ormCollationsFrom(sqlite3 *db, sqlite3 *dbUser);

/*
** The write transaction of one ormext call: the write lock taken first
** (BEGIN IMMEDIATE in autocommit mode; inside the caller's transaction a
** savepoint, with the write lock taken at once), ended by ormTxnEnd() with
** its result checked: committed exactly when *pErr is clear after it.
**
**   OrmTxn txn;
**   ormTxnBegin(&err, &txn, pCtx, "orm_thing");
**   ... read, check, write ...
**   ormTxnEnd(&err, &txn);          (always, whatever err holds)
*/
typedef struct OrmTxn OrmTxn;
struct OrmTxn {
  sqlite3 *db;                    /* The connection; not owned */
  OrmCtx *pCtx;                   /* The connection's context; not owned */
  const char *zFunc;              /* Names the call in errors; savepoint */
  int bOwn;                       /* BEGIN IMMEDIATE..COMMIT, else savepoint */
  int bOpen;                      /* Begun and not yet ended */
  sqlite3_stmt *pEnd;             /* COMMIT, or RELEASE of the savepoint */
  sqlite3_stmt *pUndo;            /* ROLLBACK, or ROLLBACK TO the savepoint */
  sqlite3_int64 iCounter;         /* File change counter at BEGIN, or -1 */
};
void ormTxnBegin(OrmErr *pErr, OrmTxn *p, OrmCtx *pCtx, const char *zFunc);
void ormTxnUnstick(OrmCtx *pCtx);
void ormTxnEnd(OrmErr *pErr, OrmTxn *p);
void ormTxnRefresh(OrmTxn *p, const char *zSql);
const char *ormTxnControl(const char *zSql);
const char *ormTxnControlIn(const char *zScript, int *piStmt,
                            const char **pzStmt);

/* Read one text argument of a function, or record a typed error. */
const char *ormArgText(OrmErr *pErr, const char *zFunc, sqlite3_value **apArg,
                       int iArg, const char *zWhat);

/*
** String list: a growable array of strings with a case-insensitive hash
** for ormListFind().  Zero-initialise; free with ormListFree().
*/
typedef struct OrmStrList OrmStrList;
struct OrmStrList {
  int n;                          /* Number of entries */
  int nAlloc;                     /* Allocated slots */
  char **az;                      /* Entries; array and strings owned */
  int nHash;                      /* Slots in aHash (a power of 2), or 0 */
  int *aHash;                     /* Entry+1 by case-insensitive hash, 0 for
                                  ** an empty slot; owned */
};
unsigned int ormHashN(const char *z, int n, int bNoCase);
unsigned int ormHash(const char *z, int bNoCase);
unsigned int ormHashName(const char *z);
void ormListAdd(OrmErr *pErr, OrmStrList *p, const char *z);
void ormListAddOwned(OrmErr *pErr, OrmStrList *p, char *z);
int ormListFind(const OrmStrList *p, const char *z);   /* -1 if absent */
void ormListRehash(OrmStrList *p);
void ormListFree(OrmStrList *p);

/*
** One value of a row store: SQL NULL, an integer or a text, as the
** virtual table reports it.  In an argument of ormRowsAdd() z is
** borrowed; in OrmRows.aCell it is owned by the store.
*/
typedef struct OrmCell OrmCell;
struct OrmCell {
  int eType;                      /* SQLITE_NULL, SQLITE_INTEGER or
                                  ** SQLITE_TEXT */
  sqlite3_int64 iVal;             /* The value, if SQLITE_INTEGER */
  const char *z;                  /* The value, if SQLITE_TEXT (not NULL) */
};
OrmCell ormCellText(const char *z);        /* NULL z: an SQL NULL */
OrmCell ormCellInt(sqlite3_int64 iVal);
OrmCell ormCellColumn(sqlite3_stmt *pStmt, int iCol);

/*
** Rows materialised for a virtual table cursor: nRow rows of nCol cells.
*/
typedef struct OrmRows OrmRows;
struct OrmRows {
  int nCol;                       /* Cells per row */
  int nRow;                       /* Rows added */
  int nAlloc;                     /* Rows allocated */
  OrmCell *aCell;                 /* nAlloc*nCol cells, row by row; array
                                  ** and texts owned */
};
void ormRowsAdd(OrmErr *pErr, OrmRows *p, const OrmCell *aCell);
void ormRowsReset(OrmRows *p);
void ormRowsResult(const OrmRows *p, int iRow, int iCol,
                   sqlite3_context *pCtx);

/*
** End of util.c
**************************************************************************/

/*************************************************************************
** norm.c - a small SQL tokenizer and normaliser.  No SQLite calls.
*/
#define ORM_TK_EOF     0
#define ORM_TK_SPACE   1          /* Whitespace or a comment */
#define ORM_TK_WORD    2          /* Bare word: keyword or identifier */
#define ORM_TK_QID     3          /* "quoted", [bracketed] or `quoted` id */
#define ORM_TK_STRING  4          /* 'string literal' */
#define ORM_TK_NUMBER  5          /* 12, 1.5e3, 0x1F */
#define ORM_TK_BLOB    6          /* x'..' */
#define ORM_TK_LP      7          /* ( */
#define ORM_TK_RP      8          /* ) */
#define ORM_TK_COMMA   9          /* , */
#define ORM_TK_SEMI    10         /* ; */
#define ORM_TK_OTHER   11         /* Operators and anything else */
#define ORM_TK_DOT     12         /* . */

int ormNormToken(const char *z, int *peType);
int ormNormIsWord(const char *z, int n, const char *zWord);
char *ormNormIdent(const char *z, int n);
char *ormNormIdentBuf(const char *z, int n, char *zBuf, int nBuf);
char *ormNormSql(const char *zSql, int nSql);
char *ormNormStrip(const char *zNorm);

/*
** One statement of a script at a time, cut where SQLite cuts (as
** sqlite3_complete() tells: not at a ';' in a string, a quoted name, a
** comment or a trigger's body):
**
**   OrmStmtIter it;
**   ormNormStmtInit(&it, zScript);
**   while( ormNormStmtNext(&it) ){ ... it.zStmt, it.nStmt ... }
**
** Each piece is a statement with the spaces and comments before it; the
** pieces, in order, are the whole script.  Every pointer points into the
** script, which the caller keeps while iterating.
*/
typedef struct OrmStmtIter OrmStmtIter;
struct OrmStmtIter {
  const char *zNext;              /* Where the next piece starts; borrowed */
  const char *zPiece;             /* The piece; borrowed */
  int nPiece;                     /* Its bytes, through its ';' if any */
  const char *zStmt;              /* Its first token that is no space or
                                  ** comment (the piece's end if none);
                                  ** borrowed */
  int nStmt;                      /* Bytes from zStmt through its last such
                                  ** token (the ';' if any); 0: the piece is
                                  ** spaces and comments only */
  int bSemi;                      /* It ends with its ';' (else the script
                                  ** ends) */
};
void ormNormStmtInit(OrmStmtIter *p, const char *zScript);
int ormNormStmtNext(OrmStmtIter *p);

/* Kinds of schema object: OrmCreate.eType, OrmObject.eType. */
#define ORM_OBJ_TABLE   1
#define ORM_OBJ_INDEX   2
#define ORM_OBJ_VIEW    3
#define ORM_OBJ_TRIGGER 4

/*
** What the head of a CREATE statement says (ormNormCreate()).  The caller
** frees zName.
*/
typedef struct OrmCreate OrmCreate;
struct OrmCreate {
  int eType;                      /* ORM_OBJ_*, or 0 if not a CREATE */
  int bTemp;                      /* CREATE TEMP ... */
  int bVirtual;                   /* CREATE VIRTUAL TABLE */
  int bSchema;                    /* Qualified with a schema not "main" */
  char *zName;                    /* Object name, dequoted, owned */
  int iName;                      /* Offset of the name token in the text */
  int nName;                      /* Its length in bytes */
};
int ormNormCreate(const char *zSql, OrmCreate *p);
char *ormNormRename(const char *zSql, const char *zNewName);
int ormNormSameCreate(const char *zA, const char *zB);
int ormNormCountDropTable(const char *zSql);
int ormNormCountDrops(const char *zSql);
int ormNormIsConstant(const char *zDflt);
int ormNormHasReferences(const char *zDef);
char ormNormAffinity(const char *zType);
int ormNormDropTarget(const char *zSql, char **pzTable, char **pzColumn);
int ormNormMinSqlite(const char *zSql);
int ormNormSetNotNull(const char *zSql, char **pzTable, char **pzColumn);

/*
** Column and table-level parts of a CREATE TABLE that PRAGMAs do not show
** (ormNormTable()).  Every string is owned, freed by ormNormTableFree().
*/
typedef struct OrmColText OrmColText;
struct OrmColText {
  char *zName;                    /* Column name, dequoted */
  char *zDef;                     /* The column definition as written */
  char *zColl;                    /* COLLATE name, lower case, or NULL */
  char *zCheck;                   /* Normalised CHECK clauses, or NULL */
  char *zGen;                     /* Normalised generated expression, or
                                  ** NULL */
};
typedef struct OrmTableText OrmTableText;
struct OrmTableText {
  int nCol;                       /* Columns in aCol */
  OrmColText *aCol;               /* In declaration order; owned */
  char *zChecks;                  /* Normalised table CHECKs, or NULL */
  char *zClauses;                 /* DEFERRABLE, ON CONFLICT, or NULL */
  int bAutoinc;                   /* AUTOINCREMENT appears */
};
int ormNormTable(const char *zSql, OrmTableText *p);
void ormNormTableFree(OrmTableText *p);
void ormNormTableChecks(OrmErr *pErr, const char *zSql, OrmStrList *pNames,
                        OrmStrList *pExprs, OrmStrList *pTexts);

/*
** End of norm.c
**************************************************************************/

/*************************************************************************
** hash.c - SHA-256 for revision ids and checksums.
*/
void ormHashHex(const void *pData, size_t nData, char *zOut /* ORM_SUM_SIZE bytes */);
void ormHashHexParts(const char *const *azPart, int nPart,
                     char *zOut /* ORM_SUM_SIZE bytes */);

/*
** End of hash.c
**************************************************************************/

/*************************************************************************
** schema.c - the schema container: objects, columns, lookup by name.
** Every string of an OrmColumn, OrmFk and OrmObject is owned, freed with
** the OrmSchema that holds it (ormSchemaFree()).
*/
typedef struct OrmColumn OrmColumn;
struct OrmColumn {
  char *zName;                    /* Column name */
  char *zType;                    /* Declared type, as written */
  char *zDflt;                    /* Default expression, or NULL */
  int bNotNull;                   /* NOT NULL */
  int iPk;                        /* Position in the primary key, 0 if none */
  int eHidden;                    /* 0, or 2/3 for VIRTUAL/STORED generated */
  char *zDef;                     /* Column definition text, for ADD
                                  ** COLUMN (the name alone if unknown) */
  char *zSig;                     /* Normalised signature for comparison */
};

/*
** One FOREIGN KEY constraint of a table, as PRAGMA foreign_key_list shows
** it.  Every string is owned by the OrmFk (ormSchemaFkFree()).
*/
typedef struct OrmFkCol OrmFkCol;
struct OrmFkCol {
  char *zFrom;                    /* Child column, lower case */
  char *zTo;                      /* Parent column, lower case; "" when the
                                  ** clause names none (the parent's key) */
};
typedef struct OrmFk OrmFk;
struct OrmFk {
  char *zParent;                  /* Parent table, lower case */
  char *zOnUpdate;                /* ON UPDATE action, e.g. "NO ACTION" */
  char *zOnDelete;                /* ON DELETE action */
  char *zMatch;                   /* MATCH clause, "NONE" when absent */
  int nCol;                       /* Column pairs in aCol */
  int nColAlloc;                  /* Slots allocated in aCol */
  OrmFkCol *aCol;                 /* Pairs in key order, owned */
};
char *ormSchemaFkSig(OrmErr *pErr, const OrmFk *pFk);
char *ormSchemaFkJoin(OrmErr *pErr, const OrmFk *aFk, int nFk);
void ormSchemaFkAddCol(OrmErr *pErr, OrmFk *pFk, const char *zFrom,
                       const char *zTo);
void ormSchemaFkCopy(OrmErr *pErr, OrmFk *pNew, const OrmFk *pSrc);
void ormSchemaFkFree(OrmFk *pFk);

typedef struct OrmObject OrmObject;
struct OrmObject {
  int eType;                      /* ORM_OBJ_* */
  char *zName;                    /* Object name; NULL only in a copy that
                                  ** ran out of memory */
  char *zTbl;                     /* Table it belongs to (itself for one) */
  char *zSql;                     /* CREATE statement as stored */
  char *zSig;                     /* Normalised signature: equal when the
                                  ** objects are the same; NULL if shallow */
  /* Tables only: */
  char *zSigBase;                 /* zSig without the foreign keys */
  int nFk;                        /* Foreign keys, in PRAGMA
                                  ** foreign_key_list order */
  OrmFk *aFk;                     /* nFk of them, owned */
  int nCol;                       /* Columns in aCol */
  OrmColumn *aCol;                /* In table order (table_xinfo); owned */
  int bWithoutRowid;              /* WITHOUT ROWID */
  int bStrict;                    /* STRICT */
  int bAutoinc;                   /* AUTOINCREMENT */
  int iIpk;                       /* INTEGER PRIMARY KEY column, or -1 */
  int bShallow;                   /* Only eType, zName, zTbl, zSql are set:
                                  ** see ormSchemaLoadShallow() */
};

typedef struct OrmSchema OrmSchema;
struct OrmSchema {
  int nObj;                       /* Objects in aObj */
  int nAlloc;                     /* Slots allocated in aObj */
  OrmObject *aObj;                /* Tables, indexes, views, triggers;
                                  ** owned */
  int nHash;                      /* Slots in aHash (a power of 2), or 0 */
  int *aHash;                     /* Object+1 by name, case-insensitive;
                                  ** owned (ormSchemaIndex() builds it) */
};

void ormSchemaAddShallow(OrmErr *pErr, OrmSchema *p, const char *zType,
                         const char *zName, const char *zTbl,
                         const char *zSql);
void ormSchemaFree(OrmSchema *p);
char *ormSchemaJoinSorted(OrmErr *pErr, OrmStrList *p);
OrmObject *ormSchemaAppend(OrmErr *pErr, OrmSchema *p);
void ormSchemaAddCopy(OrmErr *pErr, OrmSchema *p, const OrmObject *pSrc);
void ormSchemaCopyObject(OrmErr *pErr, OrmObject *pNew,
                         const OrmObject *pSrc);
void ormSchemaIndex(OrmSchema *p);
OrmObject *ormSchemaFind(const OrmSchema *p, const char *zName);
OrmColumn *ormSchemaColumn(const OrmObject *pTab, const char *zName);
void ormSchemaKeep(OrmErr *pErr, OrmSchema *p, const OrmStrList *pNames,
                   OrmSchema *pRest);

/*
** End of schema.c
**************************************************************************/

/*************************************************************************
** introspect.c - an OrmSchema read from a database by its PRAGMAs.  Its
** functions keep the ormSchema* prefix: they fill the container.
*/
/*
** SQL that is true for the objects (alias m) of schema %w that ormext
** manages: not SQLite's own, not ormext's bookkeeping, not a virtual table
** and not the shadow table of one (named "<vtab>_...").
*/
#define ORM_USER_OBJECT \
  "m.name NOT LIKE 'sqlite\\_%%' ESCAPE '\\'" \
  " AND m.name NOT LIKE '\\_orm\\_%%' ESCAPE '\\'" \
  " AND m.name NOT IN (SELECT name FROM pragma_table_list" \
  "   WHERE schema=%Q AND type IN ('virtual', 'shadow'))"

void ormSchemaLoad(OrmErr *pErr, sqlite3 *db, const char *zDb, OrmSchema *p);
void ormSchemaLoadOne(OrmErr *pErr, sqlite3 *db, const char *zDb,
                      const char *zName, OrmSchema *p);
void ormSchemaLoadShallow(OrmErr *pErr, sqlite3 *db, const char *zDb,
                          int bScratch, OrmSchema *p);
void ormSchemaDeepen(OrmErr *pErr, sqlite3 *db, const char *zDb,
                     OrmSchema *p, const unsigned char *aWant);
void ormSchemaDeepenFromText(OrmErr *pErr, sqlite3 *dbUser, OrmSchema *p,
                             const unsigned char *aWant);

/*
** End of introspect.c
**************************************************************************/

/*************************************************************************
** scratch.c - scratch databases holding the part of a schema that matters.
*/
typedef struct OrmMention OrmMention;
struct OrmMention {
  char *zName;                    /* Identifier, owned; NULL: empty slot */
  int nRef;                       /* Entries in aRef */
  int nAlloc;                     /* Slots allocated in aRef */
  int *aRef;                      /* Objects (OrmScratchSrc.apObj) naming
                                  ** it, each once; owned */
};
typedef struct OrmScratchSrc OrmScratchSrc;
struct OrmScratchSrc {
  int nObj;                       /* Objects in apObj */
  const OrmObject **apObj;        /* Array owned; the objects are borrowed
                                  ** from the schemas given to Init */
  int nSlot;                      /* Slots in aSlot (a power of 2) */
  int nUsed;                      /* Slots holding an identifier */
  OrmMention *aSlot;              /* Hash table of identifiers; owned */
  sqlite3 *dbUser;                /* Set by the caller: the collations a
                                  ** scratch database may use, or NULL */
};
void ormScratchInit(OrmErr *pErr, OrmScratchSrc *p, const OrmSchema *pA,
                    const OrmSchema *pB, const OrmStrList *pOnly);
void ormScratchFree(OrmScratchSrc *p);
void ormScratchOpen(OrmErr *pErr, const OrmScratchSrc *p,
                    const OrmStrList *pNames, sqlite3 **ppDb,
                    OrmStrList *pClosure);
void ormScratchMarks(const OrmScratchSrc *p, const OrmStrList *pNames,
                     int bTables, unsigned char *aMark);
int ormScratchMayRewrite(const OrmObject *pObj);
char *ormScratchDqs(OrmErr *pErr, const OrmScratchSrc *p,
                    const OrmStrList *pSkip);
void ormScratchOpenMarked(OrmErr *pErr, const OrmScratchSrc *p,
                          const unsigned char *aMark, sqlite3 **ppDb,
                          OrmStrList *pClosure);
void ormScratchClone(OrmErr *pErr, sqlite3 *dbFrom, const char *zDb,
                     sqlite3 **ppOut);

/*
** End of scratch.c
**************************************************************************/

/*************************************************************************
** guard.c - private connections, and what may run there.
*/
int ormGuardDirect(sqlite3_context *pCtx, const char *zFunc);
sqlite3 *ormGuardOpen(OrmErr *pErr, sqlite3 *dbUser);
int ormGuardType(const char *zType);
int ormGuardIsPrivate(sqlite3 *db);
#define ORM_GUARD_HINT " (ormext's private copy of the schema refuses" \
  " ATTACH, DETACH, VACUUM INTO, PRAGMAs that change more than the" \
  " schema, virtual tables other than fts3/4/5 and rtree, and functions" \
  " that load code or touch files)"
char *ormGuardCheckRow(const char *zType, const char *zName,
                       const char *zSql, int *pbOom);
void ormGuardModelRow(OrmErr *pErr, const char *zType, const char *zName,
                      const char *zSql);
int ormGuardPrepareCreate(sqlite3 *db, const char *zSql, int eType,
                          sqlite3_stmt **ppStmt, char **pzErr);
int ormGuardCreate(sqlite3 *db, const char *zSql, int eType, char **pzErr);

/*
** End of guard.c
**************************************************************************/

/*************************************************************************
** shape.c - proof groups that are the same up to object names.
*/
typedef struct OrmShapeSeen OrmShapeSeen;
struct OrmShapeSeen {
  char *zKey;                     /* The shape's key (ormShapeKey()), owned */
  unsigned int h;                 /* ormHash(zKey, 0) */
};
typedef struct OrmShape OrmShape;
struct OrmShape {
  OrmStrList objects;             /* Object names: these are renamed */
  OrmStrList builtin;             /* Functions and collations of the db:
                                  ** a group naming one is not shared */
  int nSeen;                      /* Shapes proven so far */
  int nSeenAlloc;                 /* Slots allocated in aSeen */
  OrmShapeSeen *aSeen;            /* nSeen of them, owned */
  int bOff;                       /* Nothing is shared (no lists) */
};
void ormShapeInit(OrmErr *pErr, sqlite3 *db, OrmShape *p,
                  const OrmSchema *pA, const OrmSchema *pB,
                  const OrmSchema *pC);
void ormShapeFree(OrmShape *p);
char *ormShapeKey(OrmErr *pErr, const OrmShape *p, const char **azText,
                  int nText);
int ormShapeSeen(const OrmShape *p, const char *zKey);
void ormShapeAdd(OrmErr *pErr, OrmShape *p, const char *zKey);

/*
** End of shape.c
**************************************************************************/

/*************************************************************************
** diff.c - two schemas to an ordered list of changes.  No SQLite calls.
*/
#define ORM_OP_CREATE_TABLE   1
#define ORM_OP_DROP_TABLE     2
#define ORM_OP_ALTER_TABLE    3   /* Columns added/dropped/changed */
#define ORM_OP_CREATE_INDEX   4
#define ORM_OP_DROP_INDEX     5
#define ORM_OP_CREATE_VIEW    6
#define ORM_OP_DROP_VIEW      7
#define ORM_OP_CREATE_TRIGGER 8
#define ORM_OP_DROP_TRIGGER   9

/*
** Rename hints (orm_rename): entry i renames old.az[i] to new.az[i]; it is
** a table rename when table.az[i] is "", else a column rename in the
** table that is declared as table.az[i].  The three lists have the same
** length.
*/
typedef struct OrmRenames OrmRenames;
struct OrmRenames {
  OrmStrList table;               /* "" or the table (its declared name) */
  OrmStrList old;                 /* Old table or column name */
  OrmStrList new;                 /* New table or column name */
};
void ormDiffRenamesFree(OrmRenames *p);
void ormDiffRenamesReverse(OrmErr *pErr, const OrmRenames *p,
                           OrmRenames *pOut);
const char *ormDiffOldTable(const OrmRenames *p, const char *zNew);

typedef struct OrmChange OrmChange;
struct OrmChange {
  int eOp;                        /* ORM_OP_* */
  const OrmObject *pFrom;         /* Object before, or NULL; borrowed from
                                  ** the "from" schema */
  const OrmObject *pTo;           /* Object after, or NULL; borrowed from
                                  ** the "to" schema */
  int bRebuild;                   /* ALTER: table-level change: rebuild */
  OrmStrList add;                 /* ALTER: columns added */
  OrmStrList drop;                /* ALTER: columns dropped */
  OrmStrList change;              /* ALTER: columns changed */
  int bTableSig;                  /* ALTER: table-level constraints differ */
  OrmStrList renOld;              /* ALTER: columns renamed, old names */
  OrmStrList renNew;              /* ALTER: ... and their new names */
};

typedef struct OrmDiff OrmDiff;
struct OrmDiff {
  int nChange;                    /* Changes in aChange */
  int nAlloc;                     /* Slots allocated in aChange */
  OrmChange *aChange;             /* In the order they must run; owned */
  const OrmSchema *pOther;        /* Live objects not managed: a rebuild
                                  ** recreates their indexes and triggers;
                                  ** borrowed, or NULL */
  int bNoDropColumn;              /* Rebuild, never DROP COLUMN: it would
                                  ** rewrite a view or trigger (see
                                  ** ormScratchDqs()) */
  int iSqlite;                    /* The oldest SQLite the plan must run
                                  ** on (ormConfigPlanFor()); 0: the one
                                  ** running */
};
void ormDiffCompute(OrmErr *pErr, const OrmSchema *pFrom,
                    const OrmSchema *pTo, const OrmRenames *pRen,
                    OrmDiff *pDiff);
void ormDiffFree(OrmDiff *p);
const char *ormDiffOpName(int eOp);
char *ormDiffDetail(OrmErr *pErr, const OrmChange *p);
char *ormDiffDetailIn(OrmErr *pErr, const OrmDiff *pDiff, int iChange);

/*
** End of diff.c
**************************************************************************/

/*************************************************************************
** plan.c - changes to SQL: exact native ALTER, else the 12-step rebuild.
*/
#define ORM_NATIVE_TRY   0       /* try native ALTERs on a scratch copy */
#define ORM_NATIVE_GUESS 1       /* use them untried: the caller proves */
#define ORM_NATIVE_NEVER 2       /* rebuild instead */

/* Where a revision that takes AUTOINCREMENT from a table keeps the
** table's counter for the way back; made by the revision. */
#define ORM_SEQ_TABLE "_orm_sequence"
#define ORM_SEQ_CREATE "CREATE TABLE IF NOT EXISTS \"" ORM_SEQ_TABLE "\"" \
  "(name TEXT PRIMARY KEY, seq INTEGER);\n"
void ormPlanOne(OrmErr *pErr, const OrmScratchSrc *pSrc, int eNative,
                const OrmSchema *pTo, const OrmDiff *pDiff, int iChange,
                char **pzSql, int *pbGuess);

/*
** End of plan.c
**************************************************************************/

/*************************************************************************
** decl.c - orm_declare, orm_undeclare, and the declared schema.
*/
void ormDeclDeclareFunc(sqlite3_context*, int, sqlite3_value**);
void ormDeclUndeclareFunc(sqlite3_context*, int, sqlite3_value**);
void ormDeclRenameFunc(sqlite3_context*, int, sqlite3_value**);
void ormDeclOpen(OrmErr *pErr, sqlite3 *db, sqlite3 **ppMem);

/* A hand-edited _orm_model row with a NULL name, type, tbl_name or sql. */
#define ORM_MODEL_NULL_MSG "_orm_model holds a row with a NULL name, type," \
  " tbl_name or sql (the file was edited by hand): delete that row and" \
  " declare the object again"

/*
** End of decl.c
**************************************************************************/

/*************************************************************************
** graph.c - the revision graph (of a database's history and of a
** directory's migration files alike), and the one formula of ids and
** checksums.
*/
/*
** Nodes 0..n-1, each with an id and a parent list.  The strings are
** borrowed: the caller's revisions must outlive the graph.  Everything
** else is built by ormGraphLink() and owned, freed by ormGraphFree().
*/
typedef struct OrmGraph OrmGraph;
struct OrmGraph {
  int n;                          /* Nodes */
  const char **azId;              /* Id of node i; array owned, strings
                                  ** borrowed */
  const char **azParent;          /* "a", "a,b,..." or NULL: the parents
                                  ** of node i; array owned, strings
                                  ** borrowed */
  int nHash;                      /* Slots in aHash (a power of 2), or 0 */
  int *aHash;                     /* Node+1 by id, 0 for an empty slot;
                                  ** owned */
  int *aParOff;                   /* Parents of i: aPar[aParOff[i]..[i+1]);
                                  ** owned */
  int *aPar;                      /* Parents' node indexes, in list order;
                                  ** owned */
  unsigned char *aHasChild;       /* aHasChild[i]: node i is some node's
                                  ** parent; owned */
};
/* The first part of what an id hashes (ormGraphId()). */
#define ORM_GRAPH_REVISION "parent:"
#define ORM_GRAPH_SQUASH   "squash:\nreplaces:"
void ormGraphInit(OrmErr *pErr, OrmGraph *g, int n);
void ormGraphLink(OrmErr *pErr, OrmGraph *g,
                  void (*xMissing)(OrmErr*, void*, int, const char*, int),
                  void *pArg);
void ormGraphFree(OrmGraph *g);
int ormGraphFind(const OrmGraph *g, const char *zId);
int ormGraphFindN(const OrmGraph *g, const char *z, int n);
int ormGraphParents(const OrmGraph *g, int i, const int **paPar);
int ormGraphIsHead(const OrmGraph *g, int i);
void ormGraphMark(OrmErr *pErr, const OrmGraph *g, int i,
                  unsigned char *aMark);
int ormGraphOrder(OrmErr *pErr, const OrmGraph *g, int *aOrder);
int ormGraphCycle(OrmErr *pErr, const OrmGraph *g, const int *aOrder,
                  int nOrder, int *aPath);
void ormGraphId(const char *zKind, const char *zParent, const char *zMessage,
                const char *zUp, const char *zDown,
                char *zOut /* ORM_ID_SIZE bytes */);
void ormGraphChecksum(const char *zUp, const char *zDown,
                      char *zOut /* ORM_SUM_SIZE bytes */);

/*
** End of graph.c
**************************************************************************/

/*************************************************************************
** store.c - bookkeeping tables, the history of revisions loaded (its graph is
** graph.c's), targets, heads, recording a revision.
*/
/*
** One row of _orm_revision, as ormStoreLoad() reads it.  Every string is
** owned, freed by ormStoreFree() with the OrmHistory.
*/
typedef struct OrmRev OrmRev;
struct OrmRev {
  char *zId;                      /* 12 hex digits */
  char *zParent;                  /* Parent id, or NULL for the first */
  char *zMessage;                 /* Message given to orm_migrate etc. */
  char *zCreated;                 /* created_at, "YYYY-MM-DD HH:MM:SS" */
  char *zApplied;                 /* applied_at; NULL when not applied */
  char *zUp;                      /* SQL that applies the revision */
  char *zDown;                    /* SQL that reverts it */
  char *zChecksum;                /* ormGraphChecksum() of zUp and zDown */
  int bDestructive;               /* See ormMigrateDestructive() */
  int iMinSqlite;                 /* min_sqlite as recorded, in
                                  ** sqlite3_libversion_number() form; 0
                                  ** when NULL (see ormConfigRevNeeds()) */
  int bApplied;                   /* Ancestor of (or equal to) current */
  sqlite3_int64 iSeq;             /* Creation order: a stable row id */
};

/*
** One row of _orm_squash: a revision that takes a database at base
** straight to its target, replacing the straight line of revisions
** aRep[0] (no parent) .. aRep[nRep-1] (the target).  It is no node of the
** revision graph: an upgrade from base runs it instead of those
** revisions, which it then marks applied.  Strings owned, freed by
** ormStoreFree().
*/
typedef struct OrmSquash OrmSquash;
struct OrmSquash {
  char *zId;                      /* 12 hex digits */
  char *zReplaces;                /* "a,b,...,target", base first */
  char *zMessage;                 /* orm_squash()'s message */
  char *zCreated;                 /* When it was recorded (UTC text) */
  char *zApplied;                 /* When it ran here, or NULL */
  char *zUp;                      /* The target's schema, then data */
  char *zDown;                    /* Drops it all */
  char *zChecksum;                /* ormGraphChecksum() of zUp and zDown */
  int bDestructive;               /* Its up-SQL drops a table or column */
  sqlite3_int64 iRowid;           /* Rowid in _orm_squash */
  int nRep;                       /* Revisions replaced; 0: unusable (a
                                  ** replaced revision is missing, or they
                                  ** are not a line from base) */
  int *aRep;                      /* Their indexes into aRev; owned */
};

typedef struct OrmHistory OrmHistory;
struct OrmHistory {
  int nRev;                       /* Revisions in aRev */
  OrmRev *aRev;                   /* Base first (topological order); owned */
  char *zCurrent;                 /* Current revision, or NULL at base;
                                  ** owned */
  OrmGraph graph;                 /* Node i is aRev[i], built once per load
                                  ** by ormStoreIndex(); owned */
  /* Squashes (orm_squash(), table _orm_squash), in recording order: */
  int nSquash;                    /* Entries in aSquash */
  OrmSquash *aSquash;             /* Owned */
};

extern const char ormStoreDdl[];
int ormStoreExists(OrmErr *pErr, sqlite3 *db);
int ormStorePrefix(const OrmHistory *pHist, const char *zPrefix,
                   int *pnMatch);
void ormStoreCreate(OrmErr *pErr, sqlite3 *db);
int ormStoreHasColumn(OrmErr *pErr, sqlite3 *db, const char *zTable,
                      const char *zCol);
void ormStoreManage(OrmErr *pErr, sqlite3 *db, const char *zName,
                    const char *zId);
void ormStoreLoad(OrmErr *pErr, sqlite3 *db, OrmHistory *pHist);
void ormStoreLoadGraph(OrmErr *pErr, sqlite3 *db, OrmHistory *pHist,
                       int bText);
void ormStoreFree(OrmHistory *pHist);
void ormStoreMarkApplied(OrmErr *pErr, OrmHistory *pHist);
void ormStoreIndex(OrmErr *pErr, OrmHistory *pHist);
char *ormStoreHeads(OrmErr *pErr, const OrmHistory *pHist);
int ormStoreHead(OrmErr *pErr, const OrmHistory *pHist, const char *zFunc);
int ormStoreResolve(OrmErr *pErr, const OrmHistory *pHist, const char *zFunc,
                    const char *zTarget, int bUp);
int ormStorePending(const OrmHistory *pHist);
char *ormStoreAdd(OrmErr *pErr, sqlite3 *db, const char *zFunc,
                  const char *zParent, const char *zMessage,
                  const char *zUp, const char *zDown, int bDestructive,
                  sqlite3_int64 iSeq);
sqlite3_int64 ormStoreNextSeq(const OrmHistory *pHist);
void ormStoreCurrentSql(sqlite3_str *pOut, const char *zDb,
                        const char *zId);
void ormStoreSetCurrent(OrmErr *pErr, sqlite3 *db, const char *zId);
char *ormStoreCurrent(OrmErr *pErr, sqlite3 *db);
void ormStoreCurrentFunc(sqlite3_context*, int, sqlite3_value**);
void ormStoreMergeFunc(sqlite3_context*, int, sqlite3_value**);
void ormSquashFunc(sqlite3_context*, int, sqlite3_value**);
void ormStoreHeadsFunc(sqlite3_context*, int, sqlite3_value**);
extern const char ormStoreSquashDdl[];
int ormStoreSquashExists(OrmErr *pErr, sqlite3 *db);
void ormStoreLoadSquash(OrmErr *pErr, sqlite3 *db, OrmHistory *pHist,
                        int bText);

/*
** End of store.c
**************************************************************************/

/*************************************************************************
** config.c - orm_config(), and the SQLite versions revisions need.
** A version is an int as sqlite3_libversion_number() gives it (3053000
** for 3.53.0) and text as "3.53.0" (ORM_VERSION_TEXT bytes at most).
*/
#define ORM_VERSION_TEXT 24
/* The first SQLite with ALTER COLUMN SET/DROP NOT NULL and ADD/DROP
** CONSTRAINT, and the first with DROP COLUMN. */
#define ORM_SQLITE_ALTERCONS  3053000
#define ORM_SQLITE_DROPCOLUMN 3035000
int ormConfigVersion(const char *z);
void ormConfigVersionText(int iVersion, char *zOut);
int ormConfigRevNeeds(const OrmRev *p, int bUp, int bDown);
int ormConfigPlanFor(OrmErr *pErr, sqlite3 *db);
void ormConfigCheckRun(OrmErr *pErr, const char *zFunc, const OrmRev *p,
                       int bUp);
void ormConfigFunc(sqlite3_context*, int, sqlite3_value**);

/*
** End of config.c
**************************************************************************/

/*************************************************************************
** progress.c - orm_config('progress'): what a move is doing, on stderr or
** in a file.  The hooks are no-ops unless progress is on and pCtx is the
** connection's context of a move that reports (NULL on private
** connections).
*/
void ormProgressFree(OrmProgress *p);
const char *ormProgressSetting(const OrmCtx *pCtx);
void ormProgressSet(OrmErr *pErr, OrmCtx *pCtx, sqlite3_value *pVal);
void ormProgressBegin(OrmErr *pErr, OrmCtx *pCtx, const char *zFunc);
void ormProgressStep(OrmCtx *pCtx, int iStep, int nStep, const char *zKind,
                     const char *zId, const char *zMessage);
void ormProgressStmt(OrmCtx *pCtx, sqlite3 *db, sqlite3_stmt *pStmt);
void ormProgressStmtEnd(OrmCtx *pCtx, sqlite3_stmt *pStmt, int rc);
void ormProgressEnd(OrmCtx *pCtx, const OrmErr *pErr, const char *zCurrent);

/*
** End of progress.c
**************************************************************************/

/*************************************************************************
** compare.c - the live database against the declarations; orm_check.
*/
/*
** The comparison of live and declared schema.  diff points into the
** schemas, so an OrmCompare must not move once filled.  Every member is
** owned and freed by ormCompareFree(), except db.
*/
typedef struct OrmCompare OrmCompare;
struct OrmCompare {
  OrmSchema live;                 /* Managed live objects */
  OrmSchema decl;                 /* Declared objects */
  OrmSchema other;                /* Live objects not managed */
  OrmRenames ren;                 /* Rename hints */
  OrmDiff diff;                   /* live -> decl */
  OrmStrList unmanaged;           /* Declared, not in _orm_managed yet */
  int bLazy;                      /* Set by the caller: leave the live
                                  ** objects whose declaration has their
                                  ** very text shallow (not introspected) */
  sqlite3 *db;                    /* The user's connection (its collations
                                  ** are known in scratch copies); borrowed */
};
void ormCompareLoad(OrmErr *pErr, sqlite3 *db, OrmCompare *p);
void ormCompareFree(OrmCompare *p);
void ormCompareKeepQuotes(OrmErr *pErr, const OrmCompare *cmp,
                          OrmDiff *pDiff, const OrmSchema *pFrom,
                          const OrmScratchSrc *pSrc,
                          const OrmStrList *pObjects);
void ormCompareCheckFunc(sqlite3_context*, int, sqlite3_value**);
/* The arguments of the orm_rename() call that made a hint, quoted as SQL
** ("'t', 'a', 'b'", or "'a', 'b'" for a table when zTab is ""); owned by
** the caller, NULL (pErr set) out of memory. */
char *ormCompareHintArgs(OrmErr *pErr, const char *zTab, const char *zOld,
                         const char *zNew);

/*
** End of compare.c
**************************************************************************/

/*************************************************************************
** prove.c - prove on scratch: orm_migrate's up- and down-SQL, planned
** and run group by group on scratch copies of the schema.
*/
int ormProveExact(OrmErr *pErr, sqlite3 *db, const char *zSql,
                  const OrmObject *pTo);
int ormProveTryNative(OrmErr *pErr, const OrmScratchSrc *pSrc,
                      const char *zTab, const char *zSql,
                      const OrmObject *pTo);
/* Sets *pzUp and *pzDown (NULL first), which the caller frees. */
void ormProveAll(OrmErr *pErr, const OrmCompare *cmp, const OrmDiff *pBack,
                 const OrmScratchSrc *pSrcUp, OrmShape *pShape,
                 const OrmStrList *pNames, char **pzUp, char **pzDown);
void ormProveHandWritten(OrmErr *pErr, sqlite3 *db, const char *zFunc,
                         const OrmHistory *pHist, const char *zUp,
                         const char *zDown);

/*
** End of prove.c
**************************************************************************/

/*************************************************************************
** migrate.c - orm_migrate: declared vs live schema to a new revision.
*/
void ormMigrateFunc(sqlite3_context*, int, sqlite3_value**);
int ormMigrateDestructive(const OrmChange *p);
int ormMigrateDestructiveSql(const char *zUp);

/*
** End of migrate.c
**************************************************************************/

/*************************************************************************
** adopt.c - mark the database: orm_adopt (an existing database under
** ormext), orm_stamp (the current revision, set without running it).
*/
void ormAdoptFunc(sqlite3_context*, int, sqlite3_value**);
void ormAdoptStampFunc(sqlite3_context*, int, sqlite3_value**);

/*
** End of adopt.c
**************************************************************************/

/*************************************************************************
** apply.c - orm_upgrade, orm_downgrade: the steps of a move, running them,
** and their bookkeeping.
*/
/* The revisions to run for a move, in the order to run them
** (ormApplySteps()).  Zeroed by the caller, who frees aStep. */
typedef struct OrmSteps OrmSteps;
struct OrmSteps {
  int nStep;                      /* Entries in aStep */
  int *aStep;                     /* Indexes into OrmHistory.aRev, or
                                  ** nRev+k for squash k (ormApplySquash());
                                  ** owned */
  int iTarget;                    /* Target revision, -1 for base */
  int nDropTable;                 /* DROP TABLE statements among them */
};

void ormApplyUpgradeFunc(sqlite3_context*, int, sqlite3_value**);
void ormApplyDowngradeFunc(sqlite3_context*, int, sqlite3_value**);
void ormApplySteps(OrmErr *pErr, const OrmHistory *pHist, const char *zFunc,
                   const char *zTarget, int bUp, OrmSteps *pSteps);
void ormApplyBookkeeping(sqlite3_str *pOut, const OrmHistory *pHist,
                         const OrmSteps *pSteps, int iStep, int bUp,
                         int bScript, const char *zAt);
void ormApplyNoControl(OrmErr *pErr, const char *zFunc, const char *zWhat,
                       const char *zScript);
void ormApplyScript(OrmErr *pErr, sqlite3 *db, const char *zFunc,
                    const char *zWhat, const char *zScript, int bAllowLoss);

/*
** End of apply.c
**************************************************************************/

/*************************************************************************
** offline.c - orm_sql: the script of a move, with its bookkeeping.
*/
void ormOfflineSqlFunc(sqlite3_context*, int, sqlite3_value**);

/*
** End of offline.c
**************************************************************************/

/*************************************************************************
** fileio.c - directory and atomic-write I/O (orm_export, orm_import).
*/
#include <limits.h>
#ifndef PATH_MAX
# define PATH_MAX 4096
#endif

/*
** The files an export writes: each is written to <name>.tmp first (tmp),
** then all are flushed to disk at once, then renamed over their names
** (final).  rename() replaces a symbolic link rather than writing
** through it, and a temporary file is created with O_EXCL|O_NOFOLLOW, so
** nothing is ever written outside the directory.  One flush for all the
** files (syncfs() where there is one) rather than one fsync() each: a
** file is still never seen half written, since each appears by a rename
** after the flush, and 10,000 files take a second rather than ten.
*/
typedef struct OrmFileioBatch OrmFileioBatch;
struct OrmFileioBatch {
  const char *zDir;               /* The directory; borrowed */
  OrmStrList tmp;                 /* Temporary files written, full paths;
                                  ** owned, freed by ormFileioCommit() */
  OrmStrList final;               /* Their final paths, same order; owned */
  OrmStrList name;                /* Their names in zDir, for errors;
                                  ** owned */
};

char *ormFileioJoin(OrmErr *pErr, const char *zDir, const char *zName);
const char *ormFileioDirArg(OrmErr *pErr, const char *zFunc,
                            sqlite3_value **apArg);
char *ormFileioRead(OrmErr *pErr, const char *zDir, const char *zRealDir,
                    const char *zName);
void ormFileioWrite(OrmErr *pErr, OrmFileioBatch *b, const char *zName,
                    const char *zText);
void ormFileioCommit(OrmErr *pErr, OrmFileioBatch *b);
void ormFileioList(OrmErr *pErr, const char *zDir, OrmStrList *pNames,
                   char *zRealDir /* PATH_MAX bytes */);
int ormFileioEndsWith(const char *z, const char *zSuffix);
int ormFileioFindName(const OrmStrList *p, const char *zName);

/*
** End of fileio.c
**************************************************************************/

/*************************************************************************
** migfile.c - the migration file formats: ormext's, dbmate's and
** golang-migrate's, parsed and printed.
*/
/* Kinds of migration file. */
#define ORM_FILE_ORMEXT 1         /* ormext's header, then the sections */
#define ORM_FILE_DBMATE 2         /* "-- migrate:up" / "-- migrate:down" */
#define ORM_FILE_GOLANG 3         /* NNN_name.up.sql + NNN_name.down.sql */

/* What orm_import() does with a revision read from a file. */
#define ORM_FILE_NEW     0        /* Unknown: insert it */
#define ORM_FILE_KNOWN   1        /* The database holds it already: skip */
#define ORM_FILE_RESTORE 2        /* The database's row was changed by
                                  ** hand; the file is intact: restore */

/*
** One revision read from a file (or a golang-migrate pair).  Every string
** is owned by the OrmFileRev, freed by ormMigfileSetFree() with the
** OrmFileSet that holds it.
*/
typedef struct OrmFileRev OrmFileRev;
struct OrmFileRev {
  int eKind;                      /* ORM_FILE_ORMEXT, _DBMATE or _GOLANG */
  char *zName;                    /* File name (the .up.sql of a pair);
                                  ** owned */
  char *zPath;                    /* dir/name, as messages show it; owned */
  char *zId;                      /* ORMEXT: the header's; else derived;
                                  ** owned */
  char *zParent;                  /* "a" or "a,b,..."; NULL for the first
                                  ** revision (a squash: what it replaces);
                                  ** owned */
  char *zMessage;                 /* Unescaped; owned */
  char *zCreated;                 /* From the header, or NULL; owned */
  char *zChecksum;                /* From the header, or NULL; owned */
  char *zUp;                      /* The up SQL; owned */
  char *zDown;                    /* The down SQL; owned */
  int bDestructive;               /* Header "-- destructive: 1" */
  int iMinSqlite;                 /* Header "-- min_sqlite: 3.53.0", or 0 */
  OrmStrList manages;             /* Header "-- manages: "a", "b"": the
                                  ** names orm_migrate was declared with
                                  ** when it made the revision; owned */
  int eState;                     /* ORM_FILE_NEW, _KNOWN or _RESTORE */
};

/* The revisions of a directory, in file name order. */
typedef struct OrmFileSet OrmFileSet;
struct OrmFileSet {
  int n;                          /* Revisions in a[] */
  int nAlloc;                     /* Slots allocated in a[] */
  OrmFileRev *a;                  /* Owned, with everything in it */
  int *aOrder;                    /* Indexes into a[], parents first; owned */
};

void ormMigfileSetFree(OrmFileSet *p);
int ormMigfileIsHex(const char *z, int n);
void ormMigfileSlug(const char *zMessage, char *zOut /* 41 bytes */);
char *ormMigfileText(OrmErr *pErr, const OrmRev *p,
                     char *const *azManages, int nManages);
char *ormMigfileSquashText(OrmErr *pErr, const OrmSquash *q);
void ormMigfileLoad(OrmErr *pErr, const char *zDir, const char *zRealDir,
                    const OrmStrList *pNames, OrmFileSet *pSet,
                    OrmFileSet *pSquash);

/*
** End of migfile.c
**************************************************************************/

/*************************************************************************
** files.c - orm_export, orm_import.
*/
void ormFilesExportFunc(sqlite3_context*, int, sqlite3_value**);
void ormFilesImportFunc(sqlite3_context*, int, sqlite3_value**);

/*
** End of files.c
**************************************************************************/

/*************************************************************************
** vt_rows.c - shared body of the read-only virtual tables.
*/
typedef struct OrmRowsDef OrmRowsDef;
struct OrmRowsDef {
  const char *zName;              /* Table name, for error messages; static */
  const char *zSchema;            /* CREATE TABLE for sqlite3_declare_vtab;
                                  ** static */
  int nCol;                       /* Columns of zSchema */
  void (*xFill)(OrmErr*, sqlite3*, OrmRows*);  /* Fills the rows of one
                                  ** scan from the connection */
};
int ormVtRowsConnect(sqlite3*, void*, const OrmRowsDef*, sqlite3_vtab**);
int ormVtRowsBestIndex(sqlite3_vtab*, sqlite3_index_info*);
int ormVtRowsDisconnect(sqlite3_vtab*);
int ormVtRowsOpen(sqlite3_vtab*, sqlite3_vtab_cursor**);
int ormVtRowsClose(sqlite3_vtab_cursor*);
int ormVtRowsFilter(sqlite3_vtab_cursor*, int, const char*, int,
                    sqlite3_value**);
int ormVtRowsNext(sqlite3_vtab_cursor*);
int ormVtRowsEof(sqlite3_vtab_cursor*);
int ormVtRowsColumn(sqlite3_vtab_cursor*, sqlite3_context*, int);
int ormVtRowsRowid(sqlite3_vtab_cursor*, sqlite_int64*);

/*
** End of vt_rows.c
**************************************************************************/

/*************************************************************************
** vt_migrations.c, vt_meta.c, vt_diff.c - the virtual table modules.
*/
extern const sqlite3_module ormVtMigrationsModule;
extern const sqlite3_module ormVtMetaModule;
extern const sqlite3_module ormVtDiffModule;

/*
** End of vt_migrations.c, vt_meta.c, vt_diff.c
**************************************************************************/

#endif /* ORMEXT_H */
