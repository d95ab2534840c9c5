/*
** norm.c - a small SQL tokenizer and normaliser.  No SQLite calls here
** apart from the allocator, so that it can be unit tested on its own.
**
** Two spellings of the same statement normalise to the same text:
**
**   CREATE TABLE "User" ( id  INTEGER )   -- and
**   create table user(ID integer)
**
** both become:  create table user ( id integer )
**
** It also reads what PRAGMAs do not show: the head of a CREATE statement
** (type and name), and per column of a CREATE TABLE its COLLATE, CHECK
** and generated expression.  And it cuts a script into statements where
** SQLite does (ormNormStmtNext()), for every caller that needs them one by
** one without running them.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

static int ormIsSpace(char c){
  return c==' ' || c=='\t' || c=='\n' || c=='\r' || c=='\f' || c=='\v';
}
static int ormIsDigit(char c){ return c>='0' && c<='9'; }
static int ormIsIdStart(char c){
  return (c>='a' && c<='z') || (c>='A' && c<='Z') || c=='_'
      || (unsigned char)c>=0x80;
}
static int ormIsIdChar(char c){
  return ormIsIdStart(c) || ormIsDigit(c) || c=='$';
}
static char ormLower(char c){
  return (c>='A' && c<='Z') ? (char)(c + ('a'-'A')) : c;
}

/* Length of a quoted token starting at z (quote char z[0], doubled to
** escape, or ']' closing '[').  An unterminated one runs to the end. */
static int ormQuotedLen(const char *z){
  char cEnd = z[0]=='[' ? ']' : z[0];
  int i = 1;
  while( z[i] ){
    if( z[i]==cEnd ){
      if( cEnd!=']' && z[i+1]==cEnd ){
        i += 2;
        continue;
      }
      return i+1;
    }
    i++;
  }
  return i;
}

/*
** Return the length of the token at z (0 at the end of the string) and
** store its ORM_TK_* type in *peType.
*/
int ormNormToken(const char *z, int *peType){
  int i;
  char c = z[0];
  if( c==0 ){ *peType = ORM_TK_EOF; return 0; }
  if( ormIsSpace(c) ){
    for(i=1; ormIsSpace(z[i]); i++){}
    *peType = ORM_TK_SPACE;
    return i;
  }
  if( c=='-' && z[1]=='-' ){
    for(i=2; z[i] && z[i]!='\n'; i++){}
    *peType = ORM_TK_SPACE;
    return i;
  }
  if( c=='/' && z[1]=='*' ){
    for(i=2; z[i] && !(z[i]=='*' && z[i+1]=='/'); i++){}
    *peType = ORM_TK_SPACE;
    return z[i] ? i+2 : i;
  }
  if( c=='\'' ){ *peType = ORM_TK_STRING; return ormQuotedLen(z); }
  if( c=='"' || c=='`' || c=='[' ){
    *peType = ORM_TK_QID;
    return ormQuotedLen(z);
  }
  if( (c=='x' || c=='X') && z[1]=='\'' ){
    *peType = ORM_TK_BLOB;
    return 1 + ormQuotedLen(z+1);
  }
  if( ormIsDigit(c) || (c=='.' && ormIsDigit(z[1])) ){
    i = 0;
    if( c=='0' && (z[1]=='x' || z[1]=='X') ){
      for(i=2; ormIsIdChar(z[i]); i++){}
    }else{
      while( ormIsDigit(z[i]) || z[i]=='.' || z[i]=='_' ) i++;
      if( z[i]=='e' || z[i]=='E' ){
        i++;
        if( z[i]=='+' || z[i]=='-' ) i++;
        while( ormIsDigit(z[i]) ) i++;
      }
    }
    *peType = ORM_TK_NUMBER;
    return i;
  }
  if( ormIsIdStart(c) ){
    for(i=1; ormIsIdChar(z[i]); i++){}
    *peType = ORM_TK_WORD;
    return i;
  }
  switch( c ){
    case '(': *peType = ORM_TK_LP; break;
    case ')': *peType = ORM_TK_RP; break;
    case ',': *peType = ORM_TK_COMMA; break;
    case ';': *peType = ORM_TK_SEMI; break;
    case '.': *peType = ORM_TK_DOT; break;
    default:  *peType = ORM_TK_OTHER; break;
  }
  return 1;
}

/* True if the n-byte token z is the word zWord (any case). */
int ormNormIsWord(const char *z, int n, const char *zWord){
  return (int)strlen(zWord)==n && sqlite3_strnicmp(z, zWord, n)==0;
}

/*
** The statement iterator.  A script is cut into pieces, each one
** statement with the spaces and comments before it, ended by the ';'
** that ends the statement, or by the end of the script.  A ';' ends a
** statement where sqlite3_complete() says that the text so far is whole:
** not inside a string, a quoted identifier or a comment, and not inside
** the body of a CREATE TRIGGER (which ends at the END after one of its
** ';').  This is complete.c's state machine, run on ormNormToken()'s
** tokens so that nothing is copied or allocated:
**
**   state   ;  space  other  EXPLAIN  CREATE  TEMP  TRIGGER  END
**   0 new   1    0      2       3        4      2       2      2
**   1 done  1    1      2       3        4      2       2      2
**   2 stmt  1    2      2       2        2      2       2      2
**   3 expl  1    3      3       2        4      2       2      2
**   4 crt   1    4      2       2        2      4       5      2
**   5 trig  6    5      5       5        5      5       5      5
**   6 semi  6    6      5       5        5      5       5      7
**   7 end   1    7      5       5        5      5       5      5
**
** A piece is whole at a ';' that leads to state 1.  Keywords are bare
** words as SQLite reads them: a word that continues a number or a '$'
** ("1end", "$end") is part of that token for SQLite, so no keyword, and
** a run of spaces holding a vertical tab (which SQLite's tokenizer does
** not take for a space) is "other".
*/
#define ORM_SC_SEMI    0
#define ORM_SC_SPACE   1
#define ORM_SC_OTHER   2
#define ORM_SC_EXPLAIN 3
#define ORM_SC_CREATE  4
#define ORM_SC_TEMP    5
#define ORM_SC_TRIGGER 6
#define ORM_SC_END     7

/* The class (ORM_SC_*) of the n-byte token z of type eType, which
** starts at byte iOff of the piece it is in. */
static int ormStmtClass(const char *z, int n, int eType, int iOff){
  if( eType==ORM_TK_SEMI ) return ORM_SC_SEMI;
  if( eType==ORM_TK_SPACE ){
    return (z[0]=='-' || z[0]=='/' || memchr(z, '\v', n)==0) ?
        ORM_SC_SPACE : ORM_SC_OTHER;
  }
  if( eType!=ORM_TK_WORD || (iOff>0 && (ormIsDigit(z[-1]) || z[-1]=='$')) ){
    return ORM_SC_OTHER;
  }
  /* By length first: most words are none of these. */
  switch( n ){
    case 3: return ormNormIsWord(z, n, "end") ? ORM_SC_END : ORM_SC_OTHER;
    case 4: return ormNormIsWord(z, n, "temp") ? ORM_SC_TEMP : ORM_SC_OTHER;
    case 6:
      return ormNormIsWord(z, n, "create") ? ORM_SC_CREATE : ORM_SC_OTHER;
    case 7:
      if( ormNormIsWord(z, n, "explain") ) return ORM_SC_EXPLAIN;
      return ormNormIsWord(z, n, "trigger") ? ORM_SC_TRIGGER : ORM_SC_OTHER;
    case 9:
      return ormNormIsWord(z, n, "temporary") ? ORM_SC_TEMP : ORM_SC_OTHER;
  }
  return ORM_SC_OTHER;
}

/* Start iterating over the statements of zScript (NULL: none). */
void ormNormStmtInit(OrmStmtIter *p, const char *zScript){
  memset(p, 0, sizeof(*p));
  p->zNext = zScript;
}

/*
** Move to the next piece of the script: 1 if there is one, 0 at the end.
** Every byte of the script is in exactly one piece, in order; a script
** that ends with a ';' has no empty piece after it.
*/
int ormNormStmtNext(OrmStmtIter *p){
  static const unsigned char aTrans[8][8] = {
    /* ;  sp oth exp crt tmp trg end */
    {  1, 0, 2, 3, 4, 2, 2, 2 },   /* 0 new */
    {  1, 1, 2, 3, 4, 2, 2, 2 },   /* 1 done */
    {  1, 2, 2, 2, 2, 2, 2, 2 },   /* 2 stmt */
    {  1, 3, 3, 2, 4, 2, 2, 2 },   /* 3 explain */
    {  1, 4, 2, 2, 2, 4, 5, 2 },   /* 4 create */
    {  6, 5, 5, 5, 5, 5, 5, 5 },   /* 5 trigger */
    {  6, 6, 5, 5, 5, 5, 5, 7 },   /* 6 semi */
    {  1, 7, 5, 5, 5, 5, 5, 5 },   /* 7 end */
  };
  const char *zPiece = p->zNext;
  const char *z = zPiece;
  const char *zLast = 0;          /* End of its last non-space token */
  int n, eType, eState = 0;
  p->zPiece = p->zStmt = 0;
  p->nPiece = p->nStmt = 0;
  p->bSemi = 0;
  if( z==0 || z[0]==0 ) return 0;
  while( (n = ormNormToken(z, &eType))>0 ){
    int eClass;
    if( eType!=ORM_TK_SPACE ){
      if( p->zStmt==0 ) p->zStmt = z;
      zLast = z + n;
    }
    if( (eState==2 || eState==5) && eType!=ORM_TK_SEMI ){
      /* Inside a statement or a trigger's body only a ';' moves on:
      ** every other token's row of aTrans keeps the state. */
      z += n;
      continue;
    }
    eClass = ormStmtClass(z, n, eType, (int)(z - zPiece));
    eState = aTrans[eState][eClass];
    z += n;
    if( eClass==ORM_SC_SEMI && eState==1 ){
      p->bSemi = 1;
      break;
    }
  }
  p->zPiece = zPiece;
  p->nPiece = (int)(z - zPiece);
  if( p->zStmt ) p->nStmt = (int)(zLast - p->zStmt);
  else p->zStmt = z;
  p->zNext = z;
  return 1;
}

/*
** Dequote an identifier token (or copy a bare word).  The caller frees
** the result with sqlite3_free(); NULL on OOM.
*/
char *ormNormIdent(const char *z, int n){
  return ormNormIdentBuf(z, n, 0, 0);
}

/*
** As ormNormIdent(), but into zBuf (nBuf bytes) when it fits: then zBuf
** is returned, and only a result other than zBuf is for the caller to
** free.  Scanning thousands of statements then allocates nothing.
*/
char *ormNormIdentBuf(const char *z, int n, char *zBuf, int nBuf){
  char *zOut = n<nBuf ? zBuf : sqlite3_malloc64(n+1);
  int i, j = 0;
  if( zOut==0 ) return 0;
  if( n>=2 && (z[0]=='"' || z[0]=='`' || z[0]=='[' || z[0]=='\'') ){
    char cEnd = z[0]=='[' ? ']' : z[0];
    /* Inside a quoted token a closing character is always doubled (a
    ** lone one would have ended the token, and a [..] token has no ']'
    ** inside), so one of them ends here only as the first of a pair. */
    for(i=1; i<n-1; i++){
      zOut[j++] = z[i];
      if( z[i]==cEnd ) i++;
    }
  }else{
    memcpy(zOut, z, n);
    j = n;
  }
  zOut[j] = 0;
  return zOut;
}

/* Is z (a dequoted name) a plain word that needs no quotes? */
static int ormIsPlainWord(const char *z){
  int i;
  if( !ormIsIdStart(z[0]) ) return 0;
  for(i=1; z[i]; i++){
    if( !ormIsIdChar(z[i]) ) return 0;
  }
  return 1;
}

/*
** Normalise nSql bytes of SQL (all of it if nSql<0): comments and
** whitespace become single spaces between tokens, words and identifiers
** are lower-cased and unquoted where no quotes are needed, and a final
** semicolon is dropped.  String literals keep their case.  The caller
** frees the result; NULL on OOM.
*/
char *ormNormSql(const char *zSql, int nSql){
  sqlite3_str *pOut = sqlite3_str_new(0);
  char *zCopy;
  const char *z;
  int n, eType;
  if( nSql<0 ) nSql = (int)strlen(zSql);
  zCopy = sqlite3_mprintf("%.*s", nSql, zSql);
  if( zCopy==0 ){
    sqlite3_free(sqlite3_str_finish(pOut));
    return 0;
  }
  for(z=zCopy; (n = ormNormToken(z, &eType))>0; z+=n){
    int i;
    if( eType==ORM_TK_SPACE ) continue;
    if( eType==ORM_TK_SEMI ){
      /* Drop a trailing semicolon (only spaces may follow). */
      const char *zRest = z+1;
      int e2, n2;
      while( (n2 = ormNormToken(zRest, &e2))>0 && e2==ORM_TK_SPACE ) zRest+=n2;
      if( n2==0 ) break;
    }
    if( sqlite3_str_length(pOut)>0 ) sqlite3_str_appendchar(pOut, 1, ' ');
    if( eType==ORM_TK_WORD ){
      for(i=0; i<n; i++) sqlite3_str_appendchar(pOut, 1, ormLower(z[i]));
    }else if( eType==ORM_TK_QID ){
      char *zId = ormNormIdent(z, n);
      if( zId ){
        for(i=0; zId[i]; i++) zId[i] = ormLower(zId[i]);
        if( ormIsPlainWord(zId) ){
          sqlite3_str_appendall(pOut, zId);
        }else{
          sqlite3_str_appendf(pOut, "\"%w\"", zId);
        }
        sqlite3_free(zId);
      }
    }else if( eType==ORM_TK_BLOB ){
      for(i=0; i<n; i++) sqlite3_str_appendchar(pOut, 1, ormLower(z[i]));
    }else{
      sqlite3_str_append(pOut, z, n);
    }
  }
  sqlite3_free(zCopy);
  if( sqlite3_str_errcode(pOut) ){
    sqlite3_free(sqlite3_str_finish(pOut));
    return 0;
  }
  if( sqlite3_str_length(pOut)==0 ){
    /* sqlite3_str_finish() gives NULL for an empty string. */
    sqlite3_free(sqlite3_str_finish(pOut));
    return sqlite3_mprintf("%s", "");
  }
  return sqlite3_str_finish(pOut);
}

/*
** Given normalised text, return a copy without parentheses that wrap the
** whole of it: "( ( 0 ) )" becomes "0".  The caller frees the result.
*/
char *ormNormStrip(const char *zNorm){
  int n = (int)strlen(zNorm);
  int i0 = 0;
  for(;;){
    int depth = 0, i, bWhole = 1;
    if( n-i0<4 || zNorm[i0]!='(' || zNorm[n-1]!=')' ) break;
    for(i=i0; i<n; i++){
      if( zNorm[i]=='\'' || zNorm[i]=='"' ){
        char q = zNorm[i];
        for(i++; i<n && zNorm[i]!=q; i++){}
        continue;
      }
      if( zNorm[i]=='(' ) depth++;
      if( zNorm[i]==')' ){
        depth--;
        if( depth==0 && i<n-1 ){ bWhole = 0; break; }
      }
    }
    if( !bWhole ) break;
    i0 += 2;                    /* skip "( " */
    n -= 2;                     /* drop " )" */
  }
  return sqlite3_mprintf("%.*s", n-i0, zNorm+i0);
}

/* Skip whitespace and comments; return the next token's start. */
static const char *ormSkipSpace(const char *z, int *pn, int *peType){
  int n;
  while( (n = ormNormToken(z, peType))>0 && *peType==ORM_TK_SPACE ) z += n;
  *pn = n;
  return z;
}

/*
** Read the head of a CREATE statement into *p.  Returns 0 and leaves
** p->eType==0 if zSql is not CREATE [TEMP] [UNIQUE|VIRTUAL]
** TABLE/INDEX/VIEW/TRIGGER [IF NOT EXISTS] name.  Returns SQLITE_NOMEM
** on OOM.  p->zName is owned by the caller.
*/
int ormNormCreate(const char *zSql, OrmCreate *p){
  const char *z;
  int n, eType;
  memset(p, 0, sizeof(*p));
  z = ormSkipSpace(zSql, &n, &eType);
  if( eType!=ORM_TK_WORD || !ormNormIsWord(z, n, "create") ) return 0;
  z = ormSkipSpace(z+n, &n, &eType);
  if( ormNormIsWord(z, n, "temp") || ormNormIsWord(z, n, "temporary") ){
    p->bTemp = 1;
    z = ormSkipSpace(z+n, &n, &eType);
  }
  if( ormNormIsWord(z, n, "unique") ){
    z = ormSkipSpace(z+n, &n, &eType);
  }else if( ormNormIsWord(z, n, "virtual") ){
    p->bVirtual = 1;
    z = ormSkipSpace(z+n, &n, &eType);
  }
  if( ormNormIsWord(z, n, "table") ) p->eType = ORM_OBJ_TABLE;
  else if( ormNormIsWord(z, n, "index") ) p->eType = ORM_OBJ_INDEX;
  else if( ormNormIsWord(z, n, "view") ) p->eType = ORM_OBJ_VIEW;
  else if( ormNormIsWord(z, n, "trigger") ) p->eType = ORM_OBJ_TRIGGER;
  else return 0;
  z = ormSkipSpace(z+n, &n, &eType);
  if( ormNormIsWord(z, n, "if") ){
    z = ormSkipSpace(z+n, &n, &eType);     /* not */
    z = ormSkipSpace(z+n, &n, &eType);     /* exists */
    z = ormSkipSpace(z+n, &n, &eType);
  }
  if( eType!=ORM_TK_WORD && eType!=ORM_TK_QID && eType!=ORM_TK_STRING ){
    p->eType = 0;
    return 0;
  }
  {
    /* schema.name: the name is the token after the dot. */
    int n2, e2;
    const char *z2 = ormSkipSpace(z+n, &n2, &e2);
    if( e2==ORM_TK_DOT ){
      /* main.name is the main schema; any other schema is not ours. */
      char *zSchema = ormNormIdent(z, n);
      if( zSchema==0 ) return SQLITE_NOMEM;
      p->bSchema = sqlite3_stricmp(zSchema, "main")!=0;
      sqlite3_free(zSchema);
      z = ormSkipSpace(z2+n2, &n, &eType);
    }
  }
  p->iName = (int)(z - zSql);
  p->nName = n;
  p->zName = ormNormIdent(z, n);
  if( p->zName==0 ) return SQLITE_NOMEM;
  return 0;
}

/*
** Return a copy of CREATE statement zSql with its object named zNewName
** (quoted).  NULL if zSql is not a CREATE statement or on OOM.  The
** caller frees the result.
*/
char *ormNormRename(const char *zSql, const char *zNewName){
  OrmCreate c;
  char *zRet = 0;
  if( ormNormCreate(zSql, &c)==0 && c.eType ){
    zRet = sqlite3_mprintf("%.*s\"%w\"%s", c.iName, zSql, zNewName,
                           zSql + c.iName + c.nName);
  }
  sqlite3_free(c.zName);
  return zRet;
}

/*
** True if CREATE statements zA and zB are the same statement up to the
** spelling of the object's name (quotes, case): what ALTER TABLE RENAME
** leaves of a statement written for another name.
*/
int ormNormSameCreate(const char *zA, const char *zB){
  OrmCreate a, b;
  int bSame;
  if( strcmp(zA, zB)==0 ) return 1;
  ormNormCreate(zA, &a);
  ormNormCreate(zB, &b);
  bSame = a.eType && a.eType==b.eType && a.zName && b.zName
       && a.iName==b.iName && memcmp(zA, zB, a.iName)==0
       && sqlite3_stricmp(a.zName, b.zName)==0
       && strcmp(zA + a.iName + a.nName, zB + b.iName + b.nName)==0;
  sqlite3_free(a.zName);
  sqlite3_free(b.zName);
  return bSame;
}

/* Number of DROP TABLE statements in a script. */
int ormNormCountDropTable(const char *zSql){
  const char *z = zSql;
  int n, eType, nDrop = 0, bDrop = 0;
  for(; (n = ormNormToken(z, &eType))>0; z+=n){
    if( eType==ORM_TK_SPACE ) continue;
    if( bDrop && ormNormIsWord(z, n, "table") ) nDrop++;
    bDrop = (eType==ORM_TK_WORD && ormNormIsWord(z, n, "drop"));
  }
  return nDrop;
}

/*
** Number of statements in a script that drop stored data: DROP TABLE and
** ALTER TABLE ... DROP [COLUMN] (but not DROP INDEX, VIEW or TRIGGER).
*/
int ormNormCountDrops(const char *zSql){
  const char *z = zSql;
  int n, eType, nDrop = 0, bDrop = 0;
  for(; (n = ormNormToken(z, &eType))>0; z+=n){
    if( eType==ORM_TK_SPACE ) continue;
    /* DROP NOT NULL and DROP CONSTRAINT (SQLite 3.53) lose no data. */
    if( bDrop && !ormNormIsWord(z, n, "index") && !ormNormIsWord(z, n, "view")
     && !ormNormIsWord(z, n, "trigger") && !ormNormIsWord(z, n, "not")
     && !ormNormIsWord(z, n, "constraint") ){
      nDrop++;
    }
    bDrop = (eType==ORM_TK_WORD && ormNormIsWord(z, n, "drop"));
  }
  return nDrop;
}

/*
** True if default expression zDflt (as PRAGMA table_xinfo shows it) is a
** constant that ALTER TABLE ADD COLUMN accepts on a table with rows: a
** number, string, blob, NULL, TRUE or FALSE, maybe signed or in
** parentheses.  CURRENT_TIMESTAMP and function calls are not.
*/
int ormNormIsConstant(const char *zDflt){
  const char *z = zDflt;
  int n, eType, nValue = 0;
  if( zDflt==0 ) return 1;
  for(; (n = ormNormToken(z, &eType))>0; z+=n){
    switch( eType ){
      case ORM_TK_SPACE: case ORM_TK_LP: case ORM_TK_RP:
        break;
      case ORM_TK_OTHER:
        if( *z!='-' && *z!='+' ) return 0;
        break;
      case ORM_TK_NUMBER: case ORM_TK_STRING: case ORM_TK_BLOB:
        nValue++;
        break;
      case ORM_TK_WORD:
        if( !ormNormIsWord(z, n, "null") && !ormNormIsWord(z, n, "true")
         && !ormNormIsWord(z, n, "false") ) return 0;
        nValue++;
        break;
      default:
        return 0;
    }
  }
  return nValue==1;
}

/* True if the column definition zDef has a REFERENCES clause. */
int ormNormHasReferences(const char *zDef){
  const char *z = zDef;
  int n, eType;
  for(; (n = ormNormToken(z, &eType))>0; z+=n){
    if( eType==ORM_TK_WORD && ormNormIsWord(z, n, "references") ) return 1;
  }
  return 0;
}

/* Append normalised z[0..n) to *pz, separated by "; ".  0 or NOMEM. */
static int ormAppendNorm(char **pz, const char *z, int n){
  char *zNorm = ormNormSql(z, n);
  char *zNew;
  if( zNorm==0 ) return SQLITE_NOMEM;
  zNew = *pz ? sqlite3_mprintf("%s; %s", *pz, zNorm)
             : sqlite3_mprintf("%s", zNorm);
  sqlite3_free(zNorm);
  if( zNew==0 ) return SQLITE_NOMEM;
  sqlite3_free(*pz);
  *pz = zNew;
  return 0;
}

/* Length from z (at a '(') to just past its matching ')'. */
static int ormParenLen(const char *z){
  int depth = 0, n, eType;
  const char *z0 = z;
  for(; (n = ormNormToken(z, &eType))>0; z+=n){
    if( eType==ORM_TK_LP ) depth++;
    if( eType==ORM_TK_RP && --depth==0 ) return (int)(z + n - z0);
  }
  return (int)(z - z0);
}

/* Parse one column definition z[0..nItem) into *pCol. */
/*
** If zTok (n bytes) is DEFERRABLE, append "<zWho> [not] deferrable
** [initially deferred|immediate]" to p->zClauses (PRAGMA foreign_key_list
** does not show it) and return the bytes the phrase takes; else 0.
** bNot: the previous word was NOT.  Sets *pRc on OOM.
*/
static int ormDeferPhrase(const char *zTok, int n, int bNot,
                          const char *zWho, OrmTableText *p, int *pRc){
  const char *z2, *z3;
  int n2, e2, n3, e3, nPhrase = n;
  char *zText;
  if( !ormNormIsWord(zTok, n, "deferrable") ) return 0;
  z2 = ormSkipSpace(zTok+n, &n2, &e2);
  if( ormNormIsWord(z2, n2, "initially") ){
    z3 = ormSkipSpace(z2+n2, &n3, &e3);
    nPhrase = (int)(z3 + n3 - zTok);
  }
  zText = sqlite3_mprintf("%s %s%.*s", zWho, bNot ? "not " : "", nPhrase,
                          zTok);
  if( zText==0 ){
    *pRc = SQLITE_NOMEM;
  }else{
    *pRc = ormAppendNorm(&p->zClauses, zText, -1);
    sqlite3_free(zText);
  }
  return nPhrase;
}

/*
** zTok (n bytes) is the word ON (both callers have seen it).  If CONFLICT
** follows, append "<zWho> on conflict <resolution>" to p->zClauses (no
** PRAGMA shows it; ABORT, the default, is left out) and return the bytes
** the clause takes; else 0.
*/
static int ormConflictPhrase(const char *zTok, int n, const char *zWho,
                             OrmTableText *p, int *pRc){
  const char *z2, *z3;
  int n2, e2, n3, e3;
  char *zText;
  z2 = ormSkipSpace(zTok+n, &n2, &e2);
  if( !ormNormIsWord(z2, n2, "conflict") ) return 0;
  z3 = ormSkipSpace(z2+n2, &n3, &e3);
  if( !ormNormIsWord(z3, n3, "abort") ){
    zText = sqlite3_mprintf("%s on conflict %.*s", zWho, n3, z3);
    if( zText==0 ){
      *pRc = SQLITE_NOMEM;
    }else{
      *pRc = ormAppendNorm(&p->zClauses, zText, -1);
      sqlite3_free(zText);
    }
  }
  return (int)(z3 + n3 - zTok);
}

static int ormParseColumn(const char *z, int nItem, OrmColText *pCol,
                          OrmTableText *p){
  const char *zEnd = z + nItem;
  const char *zTok;
  int n, eType, rc = 0;
  int bNot = 0;                   /* The previous word was NOT */
  const char *zKind = "";         /* The constraint being read */
  zTok = ormSkipSpace(z, &n, &eType);
  pCol->zName = ormNormIdent(zTok, n);
  pCol->zDef = sqlite3_mprintf("%.*s", (int)(zEnd-zTok), zTok);
  if( pCol->zName==0 || pCol->zDef==0 ) return SQLITE_NOMEM;
  for(zTok+=n; zTok<zEnd && rc==0; zTok+=n){
    int nDefer;
    n = ormNormToken(zTok, &eType);   /* not 0: zTok is before zEnd */
    if( eType==ORM_TK_LP ){
      n = ormParenLen(zTok);
      bNot = 0;
      continue;
    }
    if( eType!=ORM_TK_WORD ){
      if( eType!=ORM_TK_SPACE ) bNot = 0;
      continue;
    }
    if( (nDefer = ormDeferPhrase(zTok, n, bNot, pCol->zName, p, &rc))>0 ){
      n = nDefer;
    }else if( ormNormIsWord(zTok, n, "on") ){
      char *zWho = sqlite3_mprintf("%s %s", pCol->zName, zKind);
      if( zWho==0 ) return SQLITE_NOMEM;
      nDefer = ormConflictPhrase(zTok, n, zWho, p, &rc);
      sqlite3_free(zWho);
      if( nDefer>0 ) n = nDefer;
    }else if( ormNormIsWord(zTok, n, "autoincrement") ){
      p->bAutoinc = 1;
    }else if( ormNormIsWord(zTok, n, "collate") ){
      int n2, e2;
      const char *z2 = ormSkipSpace(zTok+n, &n2, &e2);
      char *zColl = ormNormIdent(z2, n2);
      int i;
      if( zColl==0 ) return SQLITE_NOMEM;
      for(i=0; zColl[i]; i++) zColl[i] = ormLower(zColl[i]);
      sqlite3_free(pCol->zColl);
      pCol->zColl = zColl;
      n = (int)(z2 + n2 - zTok);
    }else if( ormNormIsWord(zTok, n, "check")
           || ormNormIsWord(zTok, n, "as") ){
      int n2, e2;
      const char *z2 = ormSkipSpace(zTok+n, &n2, &e2);
      if( e2==ORM_TK_LP ){
        int nP = ormParenLen(z2);
        if( ormNormIsWord(zTok, n, "check") ){
          rc = ormAppendNorm(&pCol->zCheck, z2, nP);
        }else{
          rc = ormAppendNorm(&pCol->zGen, z2, nP);
        }
        n = (int)(z2 + nP - zTok);
      }
    }
    bNot = ormNormIsWord(zTok, n, "not");
    if( ormNormIsWord(zTok, n, "primary") ) zKind = "primary key";
    if( ormNormIsWord(zTok, n, "unique") ) zKind = "unique";
    if( ormNormIsWord(zTok, n, "null") ) zKind = "not null";
  }
  return rc;
}

/*
** Read the column definitions and table constraints of CREATE TABLE zSql
** into *p (zeroed first).  Returns 0, SQLITE_NOMEM, or SQLITE_ERROR if it
** is not a CREATE TABLE with a column list (e.g. CREATE TABLE .. AS).
** Free with ormNormTableFree() in every case.
*/
int ormNormTable(const char *zSql, OrmTableText *p){
  OrmCreate c;
  const char *z;
  int n, eType, rc;
  memset(p, 0, sizeof(*p));
  rc = ormNormCreate(zSql, &c);
  sqlite3_free(c.zName);
  if( rc ) return rc;
  if( c.eType!=ORM_OBJ_TABLE ) return SQLITE_ERROR;
  z = ormSkipSpace(zSql + c.iName + c.nName, &n, &eType);
  if( eType!=ORM_TK_LP ) return SQLITE_ERROR;
  z += n;
  while( rc==0 ){
    /* One item: up to a comma or the closing ')' at depth 0. */
    const char *zItem = z;
    int depth = 0, nItem;
    const char *zFirst;
    int nFirst, eFirst;
    for(; (n = ormNormToken(z, &eType))>0; z+=n){
      if( eType==ORM_TK_LP ) depth++;
      if( eType==ORM_TK_RP ){
        if( depth==0 ) break;
        depth--;
      }
      if( eType==ORM_TK_COMMA && depth==0 ) break;
    }
    nItem = (int)(z - zItem);
    zFirst = ormSkipSpace(zItem, &nFirst, &eFirst);
    if( eFirst==ORM_TK_WORD && (ormNormIsWord(zFirst, nFirst, "constraint")
          || ormNormIsWord(zFirst, nFirst, "primary")
          || ormNormIsWord(zFirst, nFirst, "unique")
          || ormNormIsWord(zFirst, nFirst, "check")
          || ormNormIsWord(zFirst, nFirst, "foreign")) ){
      /* A table constraint: keep CHECKs and DEFERRABLE; the rest PRAGMAs
      ** show. */
      const char *zT = zFirst;
      const char *zEnd = zItem + nItem;
      int nT, eT, nDefer;
      for(; zT<zEnd; zT+=nT){
        nT = ormNormToken(zT, &eT);     /* not 0: zT is before zEnd */
        if( eT==ORM_TK_WORD && ormNormIsWord(zT, nT, "on") ){
          char *zWho = ormNormSql(zFirst, (int)(zT - zFirst));
          if( zWho==0 ){ rc = SQLITE_NOMEM; break; }
          nDefer = ormConflictPhrase(zT, nT, zWho, p, &rc);
          sqlite3_free(zWho);
          if( nDefer>0 ) nT = nDefer;
        }else if( eT==ORM_TK_WORD && ormNormIsWord(zT, nT, "deferrable") ){
          /* Name the constraint by its text up to here, which does not
          ** depend on where it stands among the others.  A NOT before
          ** DEFERRABLE is the end of that text already. */
          char *zWho = ormNormSql(zFirst, (int)(zT - zFirst));
          if( zWho==0 ){ rc = SQLITE_NOMEM; break; }
          nDefer = ormDeferPhrase(zT, nT, 0, zWho, p, &rc);
          sqlite3_free(zWho);
          nT = nDefer;
        }else if( eT==ORM_TK_WORD && ormNormIsWord(zT, nT, "check") ){
          int n2, e2;
          const char *z2 = ormSkipSpace(zT+nT, &n2, &e2);
          if( e2==ORM_TK_LP ){
            int nP = ormParenLen(z2);
            rc = ormAppendNorm(&p->zChecks, z2, nP);
            nT = (int)(z2 + nP - zT);
          }
        }else if( eT==ORM_TK_LP ){
          nT = ormParenLen(zT);
        }
      }
    }else if( nFirst>0 && eFirst!=ORM_TK_RP && eFirst!=ORM_TK_COMMA ){
      OrmColText *aNew = sqlite3_realloc64(p->aCol,
                                           (p->nCol+1)*sizeof(OrmColText));
      if( aNew==0 ){ rc = SQLITE_NOMEM; break; }
      p->aCol = aNew;
      memset(&p->aCol[p->nCol], 0, sizeof(OrmColText));
      p->nCol++;
      /* End the item with its last token: a trailing "-- comment" would
      ** swallow whatever is written after the definition. */
      {
        const char *zT = zItem;
        int nT, eT, nKeep = 0;
        for(; zT<zItem+nItem; zT+=nT){
          nT = ormNormToken(zT, &eT);   /* not 0: zT is before the end */
          if( eT!=ORM_TK_SPACE ) nKeep = (int)(zT + nT - zItem);
        }
        nItem = nKeep;
      }
      rc = ormParseColumn(zItem, nItem, &p->aCol[p->nCol-1], p);
    }
    if( n==0 || eType==ORM_TK_RP ) break;
    z += n;                      /* past the comma */
  }
  return rc;
}

void ormNormTableFree(OrmTableText *p){
  int i;
  for(i=0; i<p->nCol; i++){
    sqlite3_free(p->aCol[i].zName);
    sqlite3_free(p->aCol[i].zDef);
    sqlite3_free(p->aCol[i].zColl);
    sqlite3_free(p->aCol[i].zCheck);
    sqlite3_free(p->aCol[i].zGen);
  }
  sqlite3_free(p->aCol);
  sqlite3_free(p->zChecks);
  sqlite3_free(p->zClauses);
  memset(p, 0, sizeof(*p));
}

/*
** If statement zSql drops data - DROP TABLE t, or ALTER TABLE t DROP
** [COLUMN] c - set *pzTable (and *pzColumn for a column) to the dequoted
** names and return 1.  Otherwise return 0.  The caller frees both names.
** Returns SQLITE_NOMEM on OOM.  It reads no token after a ';', so zSql may
** be followed by more statements (see OrmStmtIter).
*/
int ormNormDropTarget(const char *zSql, char **pzTable, char **pzColumn){
  const char *z;
  int n, eType, bAlter;
  *pzTable = 0;
  *pzColumn = 0;
  z = ormSkipSpace(zSql, &n, &eType);
  bAlter = ormNormIsWord(z, n, "alter");
  if( !bAlter && !ormNormIsWord(z, n, "drop") ) return 0;
  z = ormSkipSpace(z+n, &n, &eType);
  if( !ormNormIsWord(z, n, "table") ) return 0;
  z = ormSkipSpace(z+n, &n, &eType);
  if( !bAlter && ormNormIsWord(z, n, "if") ){
    z = ormSkipSpace(z+n, &n, &eType);
    if( !ormNormIsWord(z, n, "exists") ) return 0;
    z = ormSkipSpace(z+n, &n, &eType);
  }
  {
    /* schema.name: keep the part after the dot. */
    int n2, e2;
    const char *z2 = ormSkipSpace(z+n, &n2, &e2);
    if( e2==ORM_TK_DOT ) z = ormSkipSpace(z2+n2, &n, &eType);
  }
  if( eType!=ORM_TK_WORD && eType!=ORM_TK_QID && eType!=ORM_TK_STRING ){
    return 0;
  }
  *pzTable = ormNormIdent(z, n);
  if( *pzTable==0 ) return SQLITE_NOMEM;
  if( !bAlter ) return 1;
  z = ormSkipSpace(z+n, &n, &eType);
  if( !ormNormIsWord(z, n, "drop") ){
    sqlite3_free(*pzTable);
    *pzTable = 0;
    return 0;
  }
  z = ormSkipSpace(z+n, &n, &eType);
  if( ormNormIsWord(z, n, "constraint") ){
    /* DROP CONSTRAINT (SQLite 3.53) drops a CHECK, no data. */
    sqlite3_free(*pzTable);
    *pzTable = 0;
    return 0;
  }
  if( ormNormIsWord(z, n, "column") ) z = ormSkipSpace(z+n, &n, &eType);
  *pzColumn = ormNormIdent(z, n);
  if( *pzColumn==0 ){
    sqlite3_free(*pzTable);
    *pzTable = 0;
    return SQLITE_NOMEM;
  }
  return 1;
}

/*
** The affinity SQLite gives a column declared with type zType (section
** 3.1 of datatype3.html): 'i'nteger, 't'ext, 'b'lob, 'r'eal, 'n'umeric.
*/
char ormNormAffinity(const char *zType){
  char zLow[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  const char *z;
  char eAff = 'n';
  int bSeen = 0;
  if( zType==0 || zType[0]==0 ) return 'b';
  /* Slide a 4-character window over the lower-cased type name. */
  for(z=zType; *z; z++){
    memmove(zLow, zLow+1, 3);
    zLow[3] = ormLower(*z);
    if( memcmp(zLow, "char", 4)==0 || memcmp(zLow, "clob", 4)==0
     || memcmp(zLow, "text", 4)==0 ){
      if( eAff!='i' ) eAff = 't';
      bSeen = 1;
    }else if( memcmp(zLow+1, "int", 3)==0 ){
      eAff = 'i';
      bSeen = 1;
    }else if( memcmp(zLow, "blob", 4)==0 ){
      if( !bSeen ) eAff = 'b';
      bSeen = 1;
    }else if( (memcmp(zLow, "real", 4)==0 || memcmp(zLow, "floa", 4)==0
            || memcmp(zLow, "doub", 4)==0) && !bSeen ){
      eAff = 'r';
    }
  }
  return eAff;
}

/*
** The oldest SQLite that can run script zSql, as sqlite3_libversion_number()
** counts (3053000 for 3.53.0), judged from the ALTER TABLE statements that
** newer SQLites added: ALTER COLUMN (SET/DROP NOT NULL), ADD CONSTRAINT,
** ADD CHECK and DROP CONSTRAINT need 3.53.0, DROP [COLUMN] 3.35.0.  0 when
** the script has none of them.  Everything else a script may use (an
** expression's function, say) is not read.
*/
int ormNormMinSqlite(const char *zSql){
  const char *z = zSql;
  int n, eType, iNeed = 0, bStart = 1;
  if( z==0 ) return 0;
  while( (n = ormNormToken(z, &eType))>0 ){
    int nTok = n;
    if( eType==ORM_TK_SPACE ){ z += n; continue; }
    if( eType==ORM_TK_SEMI ){ bStart = 1; z += n; continue; }
    if( bStart && ormNormIsWord(z, n, "alter") ){
      const char *z2 = ormSkipSpace(z+n, &n, &eType);
      if( ormNormIsWord(z2, n, "table") ){
        int n2, e2, iOp = 0;
        z2 = ormSkipSpace(z2+n, &n, &eType);      /* the name */
        z2 = ormSkipSpace(z2+n, &n2, &e2);
        if( e2==ORM_TK_DOT ){                     /* schema.name */
          z2 = ormSkipSpace(z2+n2, &n, &eType);
          z2 = ormSkipSpace(z2+n, &n2, &e2);
        }
        if( ormNormIsWord(z2, n2, "alter") ){
          iOp = 3053000;
        }else if( ormNormIsWord(z2, n2, "add")
               || ormNormIsWord(z2, n2, "drop") ){
          int bDrop = ormNormIsWord(z2, n2, "drop");
          int n3, e3;
          const char *z3 = ormSkipSpace(z2+n2, &n3, &e3);
          if( ormNormIsWord(z3, n3, "constraint")
           || (!bDrop && ormNormIsWord(z3, n3, "check")) ){
            iOp = 3053000;
          }else if( bDrop ){
            iOp = 3035000;
          }
        }
        if( iOp>iNeed ) iNeed = iOp;
      }
    }
    bStart = 0;
    z += nTok;
  }
  return iNeed;
}

/*
** The table CHECK constraints of CREATE TABLE zSql (not those written in a
** column definition), in the order ormNormTable() lists them: the name of
** each (dequoted; "" when it has none) into pNames, its expression
** normalised as ormNormTable() compares it into pExprs, and as written,
** with its parentheses, into pTexts.  Lists left empty when zSql is not a
** CREATE TABLE with a column list.
*/
void ormNormTableChecks(OrmErr *pErr, const char *zSql, OrmStrList *pNames,
                        OrmStrList *pExprs, OrmStrList *pTexts){
  OrmCreate c;
  const char *z;
  int n, eType, rc;
  if( pErr->rc ) return;
  rc = ormNormCreate(zSql, &c);
  sqlite3_free(c.zName);
  if( rc ){ ormErrOom(pErr); return; }  /* its only error is SQLITE_NOMEM */
  if( c.eType!=ORM_OBJ_TABLE ) return;
  z = ormSkipSpace(zSql + c.iName + c.nName, &n, &eType);
  if( eType!=ORM_TK_LP ) return;
  z += n;
  while( pErr->rc==SQLITE_OK ){
    const char *zItem = z, *zFirst, *zT, *zEnd;
    int depth = 0, nFirst, eFirst, nT, eT;
    char *zName = 0;
    for(; (n = ormNormToken(z, &eType))>0; z+=n){
      if( eType==ORM_TK_LP ) depth++;
      if( eType==ORM_TK_RP ){
        if( depth==0 ) break;
        depth--;
      }
      if( eType==ORM_TK_COMMA && depth==0 ) break;
    }
    zEnd = z;
    zFirst = ormSkipSpace(zItem, &nFirst, &eFirst);
    if( eFirst==ORM_TK_WORD && (ormNormIsWord(zFirst, nFirst, "constraint")
          || ormNormIsWord(zFirst, nFirst, "check")) ){
      for(zT=zFirst; zT<zEnd; zT+=nT){
        nT = ormNormToken(zT, &eT);     /* not 0: zT is before zEnd */
        if( eT==ORM_TK_WORD && ormNormIsWord(zT, nT, "constraint") ){
          int n2, e2;
          const char *z2 = ormSkipSpace(zT+nT, &n2, &e2);
          sqlite3_free(zName);
          zName = ormNormIdent(z2, n2);
          if( zName==0 ){ ormErrOom(pErr); break; }
          nT = (int)(z2 + n2 - zT);
        }else if( eT==ORM_TK_WORD && ormNormIsWord(zT, nT, "check") ){
          int n2, e2;
          const char *z2 = ormSkipSpace(zT+nT, &n2, &e2);
          if( e2==ORM_TK_LP ){
            int nP = ormParenLen(z2);
            ormListAdd(pErr, pNames, zName ? zName : "");
            ormListAddOwned(pErr, pExprs, ormNormSql(z2, nP));
            ormListAddOwned(pErr, pTexts, ormMprintf(pErr, "%.*s", nP, z2));
            nT = (int)(z2 + nP - zT);
          }
          sqlite3_free(zName);
          zName = 0;
        }else if( eT==ORM_TK_LP ){
          nT = ormParenLen(zT);
        }
      }
    }
    sqlite3_free(zName);
    if( n==0 || eType==ORM_TK_RP ) break;
    z += n;                      /* past the comma */
  }
}

/*
** If statement zSql is ALTER TABLE t ALTER [COLUMN] c SET NOT NULL (SQLite
** 3.53), set *pzTable and *pzColumn to the dequoted names (the caller
** frees both) and return 1; else return 0.  SQLITE_NOMEM on OOM.
*/
int ormNormSetNotNull(const char *zSql, char **pzTable, char **pzColumn){
  const char *z, *zTab, *zCol;
  int n, eType, nTab, nCol;
  *pzTable = *pzColumn = 0;
  z = ormSkipSpace(zSql, &n, &eType);
  if( !ormNormIsWord(z, n, "alter") ) return 0;
  z = ormSkipSpace(z+n, &n, &eType);
  if( !ormNormIsWord(z, n, "table") ) return 0;
  zTab = ormSkipSpace(z+n, &nTab, &eType);
  z = ormSkipSpace(zTab+nTab, &n, &eType);
  if( eType==ORM_TK_DOT ){
    zTab = ormSkipSpace(z+n, &nTab, &eType);
    z = ormSkipSpace(zTab+nTab, &n, &eType);
  }
  if( !ormNormIsWord(z, n, "alter") ) return 0;
  zCol = ormSkipSpace(z+n, &nCol, &eType);
  if( ormNormIsWord(zCol, nCol, "column") ){
    zCol = ormSkipSpace(zCol+nCol, &nCol, &eType);
  }
  z = ormSkipSpace(zCol+nCol, &n, &eType);
  if( !ormNormIsWord(z, n, "set") ) return 0;
  *pzTable = ormNormIdent(zTab, nTab);
  *pzColumn = ormNormIdent(zCol, nCol);
  if( *pzTable==0 || *pzColumn==0 ){
    sqlite3_free(*pzTable);
    sqlite3_free(*pzColumn);
    *pzTable = *pzColumn = 0;
    return SQLITE_NOMEM;
  }
  return 1;
}
