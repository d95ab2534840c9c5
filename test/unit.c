/*
** unit.c - C unit tests of the parts of ormext that make no SQLite calls
** of their own: the SQL normaliser and statement iterator (norm.c),
** SHA-256 (hash.c) and the schema differ (diff.c), and the schema
** container (schema.c).  The schemas that diff.c compares are read by
** introspect.c from in-memory databases, as orm_migrate reads them;
** introspect.c's shallow loads and their deepening are tested on such
** databases too, and so are the shape keys of proof groups (shape.c).
**
**   make build/unit && build/unit       (test/unit.test runs it)
**
** Built with -DSQLITE_CORE and linked with libsqlite3, so that the
** sqlite3_* calls of the extension's sources go straight to the library.
** Prints every failing check as "file:line: expression", then what was
** expected and what was got, and ends with "N failures out of M checks".
** Exits 1 on any failure.  Everything allocated is freed: the last check
** is that sqlite3_memory_used() is back to 0, and build/unit-asan runs
** clean under LeakSanitizer.
*/
#include "ormext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Counters of the one test run. */
static int nCheck = 0;
static int nFail = 0;

/*************************************************************************
** Checks.  Each takes the place of the check (file, line) and the text
** of the expression that was evaluated.
*/

static void unitFail(const char *zFile, int iLine, const char *zExpr){
  nFail++;
  printf("%s:%d: %s\n", zFile, iLine, zExpr);
}

/* Compare two strings, either of which may be NULL. */
static void unitCheckStr(const char *zFile, int iLine, const char *zExpr,
                         const char *zGot, const char *zExp){
  nCheck++;
  if( zGot==0 && zExp==0 ) return;
  if( zGot && zExp && strcmp(zGot, zExp)==0 ) return;
  unitFail(zFile, iLine, zExpr);
  if( zExp ) printf("  expected: [%s]\n", zExp);
  else       printf("  expected: NULL\n");
  if( zGot ) printf("  got:      [%s]\n", zGot);
  else       printf("  got:      NULL\n");
}

/* As unitCheckStr(), then free zGot with sqlite3_free(). */
static void unitCheckOwned(const char *zFile, int iLine, const char *zExpr,
                           char *zGot, const char *zExp){
  unitCheckStr(zFile, iLine, zExpr, zGot, zExp);
  sqlite3_free(zGot);
}

static void unitCheckInt(const char *zFile, int iLine, const char *zExpr,
                         sqlite3_int64 iGot, sqlite3_int64 iExp){
  nCheck++;
  if( iGot==iExp ) return;
  unitFail(zFile, iLine, zExpr);
  printf("  expected: %lld\n", (long long)iExp);
  printf("  got:      %lld\n", (long long)iGot);
}

#define CHECK_STR(GOT, EXP) \
  unitCheckStr(__FILE__, __LINE__, #GOT, (GOT), (EXP))
#define CHECK_OWNED(GOT, EXP) \
  unitCheckOwned(__FILE__, __LINE__, #GOT, (GOT), (EXP))
#define CHECK_INT(GOT, EXP) \
  unitCheckInt(__FILE__, __LINE__, #GOT, (GOT), (EXP))

/*
** A copy of z in a buffer of exactly strlen(z)+1 bytes, so that ASan sees
** a read past the terminating NUL.  Aborts on OOM: a test without memory
** cannot go on.  The caller frees it.
*/
static char *unitCopy(const char *z){
  char *zCopy = sqlite3_mprintf("%s", z);
  if( zCopy==0 ){
    printf("out of memory\n");
    exit(2);
  }
  return zCopy;
}

/* Finish a sqlite3_str, giving "" rather than NULL for an empty one. */
static char *unitFinish(sqlite3_str *p){
  char *z = sqlite3_str_finish(p);
  return z ? z : unitCopy("");
}

/*
** z (owned, may be NULL) with each control byte shown as ^ and a letter
** (\x01 is ^A), so that keys and signatures can be compared as text.
** z is freed; NULL stays NULL.
*/
static char *unitVisible(char *z){
  sqlite3_str *pOut;
  int i;
  if( z==0 ) return 0;
  pOut = sqlite3_str_new(0);
  for(i=0; z[i]; i++){
    unsigned char c = (unsigned char)z[i];
    if( c<0x20 ){
      sqlite3_str_appendf(pOut, "^%c", c+'@');
    }else{
      sqlite3_str_appendchar(pOut, 1, (char)c);
    }
  }
  sqlite3_free(z);
  return unitFinish(pOut);
}

/*************************************************************************
** norm.c: tokens.
*/

static const char *unitTokenName(int eType){
  static const char *azName[] = {
    "EOF", "SPACE", "WORD", "QID", "STRING", "NUMBER", "BLOB", "LP", "RP",
    "COMMA", "SEMI", "OTHER", "DOT"
  };
  if( eType<0 || eType>=(int)(sizeof(azName)/sizeof(azName[0])) ){
    return "???";
  }
  return azName[eType];
}

/*
** Every token of z as "TYPE(text)", separated by spaces.  The caller
** frees the result.
*/
static char *unitTokens(const char *z){
  char *zCopy = unitCopy(z);
  sqlite3_str *pOut = sqlite3_str_new(0);
  const char *zTok = zCopy;
  int n, eType = -1;
  while( (n = ormNormToken(zTok, &eType))>0 ){
    sqlite3_str_appendf(pOut, "%s%s(%.*s)",
        sqlite3_str_length(pOut) ? " " : "", unitTokenName(eType), n, zTok);
    zTok += n;
  }
  if( eType!=ORM_TK_EOF ){
    sqlite3_str_appendf(pOut, " [end type %d]", eType);
  }
  sqlite3_free(zCopy);
  return unitFinish(pOut);
}

static void testToken(void){
  int eType = -1;

  /* The end of the string. */
  CHECK_INT(ormNormToken("", &eType), 0);
  CHECK_INT(eType, ORM_TK_EOF);

  /* Whitespace and comments are all SPACE; a line comment stops before
  ** its newline; unterminated comments run to the end. */
  CHECK_OWNED(unitTokens(" \t\r\n\f\vx"), "SPACE( \t\r\n\f\v) WORD(x)");
  CHECK_OWNED(unitTokens("a -- note\nb"),
              "WORD(a) SPACE( ) SPACE(-- note) SPACE(\n) WORD(b)");
  CHECK_OWNED(unitTokens("--"), "SPACE(--)");
  CHECK_OWNED(unitTokens("a/* x, (y) */b"),
              "WORD(a) SPACE(/* x, (y) */) WORD(b)");
  CHECK_OWNED(unitTokens("/**/"), "SPACE(/**/)");
  CHECK_OWNED(unitTokens("/* open"), "SPACE(/* open)");
  CHECK_OWNED(unitTokens("/* a * / b */c"), "SPACE(/* a * / b */) WORD(c)");

  /* String literals, with '' escapes. */
  CHECK_OWNED(unitTokens("'it''s' ''"), "STRING('it''s') SPACE( ) STRING('')");
  CHECK_OWNED(unitTokens("'a -- b /* c'"), "STRING('a -- b /* c')");
  CHECK_OWNED(unitTokens("'open"), "STRING('open)");

  /* Quoted identifiers: "..", [..], `..`. */
  CHECK_OWNED(unitTokens("\"my \"\"col\"\"\""), "QID(\"my \"\"col\"\"\")");
  CHECK_OWNED(unitTokens("[a b]"), "QID([a b])");
  CHECK_OWNED(unitTokens("[a]]"), "QID([a]) OTHER(])");
  CHECK_OWNED(unitTokens("`x``y`"), "QID(`x``y`)");
  CHECK_OWNED(unitTokens("\"open"), "QID(\"open)");

  /* Blobs. */
  CHECK_OWNED(unitTokens("x'0aFF' X'00'"),
              "BLOB(x'0aFF') SPACE( ) BLOB(X'00')");
  CHECK_OWNED(unitTokens("xy'a'"), "WORD(xy) STRING('a')");

  /* Numbers. */
  CHECK_OWNED(unitTokens("0 42 1e5 1E+5 2.5e-3 .5 12. 0x1F 0X1f"),
      "NUMBER(0) SPACE( ) NUMBER(42) SPACE( ) NUMBER(1e5) SPACE( ) "
      "NUMBER(1E+5) SPACE( ) NUMBER(2.5e-3) SPACE( ) NUMBER(.5) SPACE( ) "
      "NUMBER(12.) SPACE( ) NUMBER(0x1F) SPACE( ) NUMBER(0X1f)");
  CHECK_OWNED(unitTokens("-1"), "OTHER(-) NUMBER(1)");
  /* Digit separators (SQLite 3.46) are part of the number. */
  CHECK_OWNED(unitTokens("1_000 2.5_0"), "NUMBER(1_000) SPACE( ) NUMBER(2.5_0)");
  CHECK_OWNED(unitTokens("1+2"), "NUMBER(1) OTHER(+) NUMBER(2)");

  /* Words: keywords and identifiers, with digits, _ and $, and UTF-8. */
  CHECK_OWNED(unitTokens("CREATE tbl_1 a$b _x caf\xc3\xa9"),
      "WORD(CREATE) SPACE( ) WORD(tbl_1) SPACE( ) WORD(a$b) SPACE( ) "
      "WORD(_x) SPACE( ) WORD(caf\xc3\xa9)");
  CHECK_OWNED(unitTokens("main.t"), "WORD(main) DOT(.) WORD(t)");

  /* Punctuation: one character each. */
  CHECK_OWNED(unitTokens("(),;.+*<=|?"),
      "LP(() RP()) COMMA(,) SEMI(;) DOT(.) OTHER(+) OTHER(*) OTHER(<) "
      "OTHER(=) OTHER(|) OTHER(?)");
  CHECK_OWNED(unitTokens("- /"), "OTHER(-) SPACE( ) OTHER(/)");

  /* A statement, end to end. */
  CHECK_OWNED(unitTokens("INSERT INTO \"t\"(a) VALUES(x'01', 'b');"),
      "WORD(INSERT) SPACE( ) WORD(INTO) SPACE( ) QID(\"t\") LP(() WORD(a) "
      "RP()) SPACE( ) WORD(VALUES) LP(() BLOB(x'01') COMMA(,) SPACE( ) "
      "STRING('b') RP()) SEMI(;)");
}

static void testIsWordIdent(void){
  CHECK_INT(ormNormIsWord("TABLE", 5, "table"), 1);
  CHECK_INT(ormNormIsWord("tAbLe", 5, "table"), 1);
  CHECK_INT(ormNormIsWord("tables", 6, "table"), 0);
  CHECK_INT(ormNormIsWord("tables", 5, "table"), 1);
  CHECK_INT(ormNormIsWord("tab", 3, "table"), 0);

  CHECK_OWNED(ormNormIdent("plain", 5), "plain");
  CHECK_OWNED(ormNormIdent("plainer", 5), "plain");
  CHECK_OWNED(ormNormIdent("\"a\"\"b\"", 6), "a\"b");
  CHECK_OWNED(ormNormIdent("[x y]", 5), "x y");
  CHECK_OWNED(ormNormIdent("`a``b`", 6), "a`b");
  CHECK_OWNED(ormNormIdent("'s''t'", 6), "s't");
  CHECK_OWNED(ormNormIdent("\"\"", 2), "");
}

/*
** ormNormIdentBuf() of the first n bytes of z (copied to a buffer of
** exactly n bytes) with a heap buffer of exactly nBuf bytes (none for 0):
** "buf:name" when the name was written into that buffer and returned,
** "new:name" when a new allocation was returned.
*/
static char *unitIdentBuf(const char *z, int n, int nBuf){
  char *zIn = sqlite3_malloc64(n>0 ? n : 1);
  char *zBuf = nBuf>0 ? sqlite3_malloc64(nBuf) : 0;
  char *zGot, *zRet;
  if( zIn==0 || (nBuf>0 && zBuf==0) ){
    printf("out of memory\n");
    exit(2);
  }
  memcpy(zIn, z, n);
  zGot = ormNormIdentBuf(zIn, n, zBuf, nBuf);
  if( zGot==0 ){
    zRet = unitCopy("NULL");
  }else{
    zRet = sqlite3_mprintf("%s:%s", zGot==zBuf ? "buf" : "new", zGot);
    if( zGot!=zBuf ) sqlite3_free(zGot);
  }
  sqlite3_free(zBuf);
  sqlite3_free(zIn);
  return zRet;
}

static void testNormIdentBuf(void){
  /* Into the buffer when n<nBuf, dequoted as ormNormIdent() does. */
  CHECK_OWNED(unitIdentBuf("plain", 5, 16), "buf:plain");
  CHECK_OWNED(unitIdentBuf("plainer", 5, 16), "buf:plain");
  CHECK_OWNED(unitIdentBuf("\"quoted\"\"name\"", 14, 16),
              "buf:quoted\"name");
  CHECK_OWNED(unitIdentBuf("[bracketed]", 11, 16), "buf:bracketed");
  CHECK_OWNED(unitIdentBuf("[a\"b]", 5, 16), "buf:a\"b");
  CHECK_OWNED(unitIdentBuf("`back`", 6, 16), "buf:back");
  CHECK_OWNED(unitIdentBuf("`x``y`", 6, 16), "buf:x`y");
  CHECK_OWNED(unitIdentBuf("'s''t'", 6, 16), "buf:s't");
  CHECK_OWNED(unitIdentBuf("\"\"", 2, 16), "buf:");
  CHECK_OWNED(unitIdentBuf("", 0, 16), "buf:");

  /* The limit is on n, the length of the token, not of the result. */
  CHECK_OWNED(unitIdentBuf("abcdefg", 7, 8), "buf:abcdefg");
  CHECK_OWNED(unitIdentBuf("abcdefgh", 8, 8), "new:abcdefgh");
  CHECK_OWNED(unitIdentBuf("\"abcde\"", 7, 8), "buf:abcde");
  CHECK_OWNED(unitIdentBuf("\"abcdef\"", 8, 8), "new:abcdef");

  /* Too long for the buffer, or no buffer: a new allocation. */
  CHECK_OWNED(unitIdentBuf("\"quoted\"\"name\"", 14, 8), "new:quoted\"name");
  CHECK_OWNED(unitIdentBuf("[bracketed]", 11, 8), "new:bracketed");
  CHECK_OWNED(unitIdentBuf("`back``tick`", 12, 8), "new:back`tick");
  CHECK_OWNED(unitIdentBuf("plain_words", 11, 8), "new:plain_words");
  CHECK_OWNED(unitIdentBuf("plain", 5, 0), "new:plain");
  CHECK_OWNED(unitIdentBuf("\"a\"\"b\"", 6, 0), "new:a\"b");
  CHECK_OWNED(unitIdentBuf("", 0, 0), "new:");
}

/*************************************************************************
** norm.c: normalised text.
*/

static void testNormSql(void){
  char *zA = ormNormSql("CREATE TABLE \"User\" ( id  INTEGER )", -1);
  char *zB = ormNormSql("create table user(ID integer)", -1);
  CHECK_STR(zA, "create table user ( id integer )");
  CHECK_STR(zB, "create table user ( id integer )");
  CHECK_INT(zA && zB && strcmp(zA, zB)==0, 1);
  sqlite3_free(zA);
  sqlite3_free(zB);

  /* String literals keep their case; blobs are lower-cased. */
  CHECK_OWNED(ormNormSql("INSERT INTO T VALUES('Hello World', X'ABcd')", -1),
      "insert into t values ( 'Hello World' , x'abcd' )");
  CHECK_OWNED(ormNormSql("SELECT 'it''s'", -1), "select 'it''s'");

  /* A final semicolon goes, even before comments; others stay. */
  CHECK_OWNED(ormNormSql("SELECT 1;", -1), "select 1");
  CHECK_OWNED(ormNormSql("SELECT 1 ;  -- done\n  /* really */ ", -1),
              "select 1");
  CHECK_OWNED(ormNormSql("SELECT 1; SELECT 2;", -1), "select 1 ; select 2");

  /* Identifiers keep quotes only where needed, lower-cased. */
  CHECK_OWNED(ormNormSql(
      "CREATE TABLE t(\"my col\" TEXT, [Other] INT, `x``y` INT,"
      " \"a\"\"B\" INT, \"My Col2\")", -1),
      "create table t ( \"my col\" text , other int , \"x`y\" int ,"
      " \"a\"\"b\" int , \"my col2\" )");
  CHECK_OWNED(ormNormSql("SELECT \"A1\", [_b$], `c`", -1),
              "select a1 , _b$ , c");
  CHECK_OWNED(ormNormSql("SELECT \"1a\"", -1), "select \"1a\"");

  /* Operators are one token per character, however they are spaced. */
  CHECK_OWNED(ormNormSql("a>=b AND c<>d", -1), "a > = b and c < > d");
  CHECK_OWNED(ormNormSql("a >= b and c <> d", -1), "a > = b and c < > d");

  /* Comments and runs of whitespace become single separators. */
  CHECK_OWNED(ormNormSql("SELECT/* c */1 -- x\n +\t\t2", -1),
              "select 1 + 2");
  CHECK_OWNED(ormNormSql("SELECT\n\n  a\n  FROM   t", -1), "select a from t");

  /* Empty results are "" and not NULL. */
  CHECK_OWNED(ormNormSql("", -1), "");
  CHECK_OWNED(ormNormSql("  -- only a comment", -1), "");
  CHECK_OWNED(ormNormSql(";", -1), "");

  /* nSql limits the input. */
  CHECK_OWNED(ormNormSql("SELECT 1; garbage", 9), "select 1");
  CHECK_OWNED(ormNormSql("SELECT 'abc'", 10), "select 'ab");
  CHECK_OWNED(ormNormSql("SELECT 1", 0), "");
}

static void testNormStrip(void){
  CHECK_OWNED(ormNormStrip("( ( 0 ) )"), "0");
  CHECK_OWNED(ormNormStrip("( 0 )"), "0");
  CHECK_OWNED(ormNormStrip("0"), "0");
  CHECK_OWNED(ormNormStrip(""), "");
  CHECK_OWNED(ormNormStrip("( 1 ) + ( 2 )"), "( 1 ) + ( 2 )");
  CHECK_OWNED(ormNormStrip("( ( 1 ) + ( 2 ) )"), "( 1 ) + ( 2 )");
  CHECK_OWNED(ormNormStrip("( abs ( - 1 ) )"), "abs ( - 1 )");
  CHECK_OWNED(ormNormStrip("abs ( - 1 )"), "abs ( - 1 )");
  CHECK_OWNED(ormNormStrip("( 1 ) + 2"), "( 1 ) + 2");

  /* Parentheses inside strings and quoted names do not count. */
  CHECK_OWNED(ormNormStrip("( ')' )"), "')'");
  CHECK_OWNED(ormNormStrip("( '(' || ')' )"), "'(' || ')'");
  CHECK_OWNED(ormNormStrip("( 'a' ) || ( 'b' )"), "( 'a' ) || ( 'b' )");
  CHECK_OWNED(ormNormStrip("( ') + (' )"), "') + ('");
  CHECK_OWNED(ormNormStrip("( 'it''s)' )"), "'it''s)'");
  CHECK_OWNED(ormNormStrip("( \"a)\" )"), "\"a)\"");
  CHECK_OWNED(ormNormStrip("'( x )'"), "'( x )'");
  /* An unterminated string runs to the end, as the tokenizer reads it. */
  CHECK_OWNED(ormNormStrip("( 'a )"), "'a");

  /* As introspect.c uses it: normalise, then strip. */
  {
    char *z = ormNormSql("((0))", -1);
    CHECK_STR(z, "( ( 0 ) )");
    if( z ) CHECK_OWNED(ormNormStrip(z), "0");
    sqlite3_free(z);
  }
}

/*
** The OrmCreate that ormNormCreate() makes of zSql, as text: the return
** code, the type, the flags, the name and the text at iName/nName.
*/
static char *unitCreate(const char *zSql){
  static const char *azType[] = { "none", "table", "index", "view", "trigger" };
  char *zCopy = unitCopy(zSql);
  OrmCreate c;
  int rc;
  char *zRet;
  memset(&c, 0x55, sizeof(c));    /* ormNormCreate() must zero it */
  rc = ormNormCreate(zCopy, &c);
  if( c.eType<0 || c.eType>ORM_OBJ_TRIGGER ){
    zRet = sqlite3_mprintf("rc=%d bad eType %d", rc, c.eType);
  }else if( c.eType==0 ){
    zRet = sqlite3_mprintf("rc=%d none name=%s", rc,
                           c.zName ? c.zName : "NULL");
  }else{
    zRet = sqlite3_mprintf("rc=%d %s name=%s temp=%d virtual=%d schema=%d"
        " token=%.*s", rc, azType[c.eType], c.zName ? c.zName : "NULL",
        c.bTemp, c.bVirtual, c.bSchema, c.nName, zCopy + c.iName);
  }
  sqlite3_free(c.zName);
  sqlite3_free(zCopy);
  return zRet;
}

static void testNormCreate(void){
  CHECK_OWNED(unitCreate("CREATE TABLE t(a)"),
      "rc=0 table name=t temp=0 virtual=0 schema=0 token=t");
  CHECK_OWNED(unitCreate("create temp table \"My T\" (a)"),
      "rc=0 table name=My T temp=1 virtual=0 schema=0 token=\"My T\"");
  CHECK_OWNED(unitCreate("CREATE TEMPORARY TABLE x(a)"),
      "rc=0 table name=x temp=1 virtual=0 schema=0 token=x");
  CHECK_OWNED(unitCreate("CREATE TABLE IF NOT EXISTS t(a)"),
      "rc=0 table name=t temp=0 virtual=0 schema=0 token=t");
  /* main.name is the main schema: only another schema counts. */
  CHECK_OWNED(unitCreate("CREATE TABLE main.t(a)"),
      "rc=0 table name=t temp=0 virtual=0 schema=0 token=t");
  CHECK_OWNED(unitCreate("CREATE TABLE \"main\" . \"T 2\"(a)"),
      "rc=0 table name=T 2 temp=0 virtual=0 schema=0 token=\"T 2\"");
  CHECK_OWNED(unitCreate("CREATE TABLE IF NOT EXISTS main.[x y](a)"),
      "rc=0 table name=x y temp=0 virtual=0 schema=0 token=[x y]");
  CHECK_OWNED(unitCreate("CREATE TABLE aux.t(a)"),
      "rc=0 table name=t temp=0 virtual=0 schema=1 token=t");
  CHECK_OWNED(unitCreate("  /* c */ CREATE -- x\n TABLE `t``x`(a)"),
      "rc=0 table name=t`x temp=0 virtual=0 schema=0 token=`t``x`");
  CHECK_OWNED(unitCreate("CREATE TABLE 'str'(a)"),
      "rc=0 table name=str temp=0 virtual=0 schema=0 token='str'");
  CHECK_OWNED(unitCreate("CREATE VIRTUAL TABLE f USING fts5(a)"),
      "rc=0 table name=f temp=0 virtual=1 schema=0 token=f");
  CHECK_OWNED(unitCreate("CREATE INDEX i1 ON t(a)"),
      "rc=0 index name=i1 temp=0 virtual=0 schema=0 token=i1");
  CHECK_OWNED(unitCreate("CREATE UNIQUE INDEX IF NOT EXISTS \"I 2\" ON t(a)"),
      "rc=0 index name=I 2 temp=0 virtual=0 schema=0 token=\"I 2\"");
  CHECK_OWNED(unitCreate("create unique index main.i3 on t(a)"),
      "rc=0 index name=i3 temp=0 virtual=0 schema=0 token=i3");
  CHECK_OWNED(unitCreate("CREATE VIEW v AS SELECT 1"),
      "rc=0 view name=v temp=0 virtual=0 schema=0 token=v");
  CHECK_OWNED(unitCreate("CREATE TEMP VIEW IF NOT EXISTS [v w] AS SELECT 1"),
      "rc=0 view name=v w temp=1 virtual=0 schema=0 token=[v w]");
  CHECK_OWNED(unitCreate(
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END"),
      "rc=0 trigger name=tr temp=0 virtual=0 schema=0 token=tr");
  CHECK_OWNED(unitCreate(
      "CREATE TRIGGER IF NOT EXISTS main.\"Tr\" BEFORE DELETE ON t"
      " BEGIN SELECT 1; END"),
      "rc=0 trigger name=Tr temp=0 virtual=0 schema=0 token=\"Tr\"");

  /* Not the head of a CREATE statement. */
  CHECK_OWNED(unitCreate("SELECT 1"), "rc=0 none name=NULL");
  CHECK_OWNED(unitCreate("DROP TABLE t"), "rc=0 none name=NULL");
  CHECK_OWNED(unitCreate(""), "rc=0 none name=NULL");
  CHECK_OWNED(unitCreate("CREATE"), "rc=0 none name=NULL");
  CHECK_OWNED(unitCreate("CREATE TABLE"), "rc=0 none name=NULL");
  CHECK_OWNED(unitCreate("CREATE TABLE (a)"), "rc=0 none name=NULL");
  CHECK_OWNED(unitCreate("CREATE DATABASE x"), "rc=0 none name=NULL");
  CHECK_OWNED(unitCreate("-- CREATE TABLE t(a)"), "rc=0 none name=NULL");
  CHECK_OWNED(unitCreate("'CREATE TABLE t(a)'"), "rc=0 none name=NULL");
}

static void testNormRename(void){
  CHECK_OWNED(ormNormRename("CREATE TABLE t(a)", "u"),
              "CREATE TABLE \"u\"(a)");
  /* Only the name token: not a column spelled the same, nor ON t. */
  CHECK_OWNED(ormNormRename(
      "CREATE TABLE \"Old Name\" (a, \"Old Name\" INT)", "n"),
      "CREATE TABLE \"n\" (a, \"Old Name\" INT)");
  CHECK_OWNED(ormNormRename("CREATE TABLE t(t)", "x"),
              "CREATE TABLE \"x\"(t)");
  CHECK_OWNED(ormNormRename("CREATE INDEX IF NOT EXISTS i ON i(a)", "j"),
              "CREATE INDEX IF NOT EXISTS \"j\" ON i(a)");
  CHECK_OWNED(ormNormRename("CREATE TABLE main.[t](a)", "u"),
              "CREATE TABLE main.\"u\"(a)");
  CHECK_OWNED(ormNormRename("CREATE VIEW v AS SELECT 1", "a\"b"),
              "CREATE VIEW \"a\"\"b\" AS SELECT 1");
  CHECK_OWNED(ormNormRename("CREATE TABLE t", "u"), "CREATE TABLE \"u\"");
  CHECK_OWNED(ormNormRename("SELECT 1", "u"), 0);
  CHECK_OWNED(ormNormRename("", "u"), 0);
}

static void testNormSameCreate(void){
  /* The same text; any text at all, CREATE or not. */
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE t(a)"), 1);
  CHECK_INT(ormNormSameCreate("SELECT 1", "SELECT 1"), 1);
  CHECK_INT(ormNormSameCreate("", ""), 1);

  /* The name token may be spelled otherwise: quotes, ASCII case. */
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE \"t\"(a)"), 1);
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE \"T\"(a)"), 1);
  CHECK_INT(ormNormSameCreate("CREATE TABLE \"t\"(a)", "CREATE TABLE \"T\"(a)"),
            1);
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE [T](a)"), 1);
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE `t`(a)"), 1);
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE 't'(a)"), 1);
  CHECK_INT(ormNormSameCreate("CREATE TABLE \"a\"\"b\"(x)",
                              "CREATE TABLE [A\"B](x)"), 1);
  CHECK_INT(ormNormSameCreate("CREATE TABLE main.t(a)",
                              "CREATE TABLE main.\"t\"(a)"), 1);
  CHECK_INT(ormNormSameCreate("CREATE TEMP TABLE IF NOT EXISTS t(a)",
                              "CREATE TEMP TABLE IF NOT EXISTS \"T\"(a)"), 1);
  CHECK_INT(ormNormSameCreate("CREATE INDEX i ON t(a)",
                              "CREATE INDEX \"I\" ON t(a)"), 1);
  CHECK_INT(ormNormSameCreate("CREATE VIEW v AS SELECT 1",
                              "CREATE VIEW [v] AS SELECT 1"), 1);
  CHECK_INT(ormNormSameCreate(
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
      "CREATE TRIGGER \"TR\" AFTER INSERT ON t BEGIN SELECT 1; END"), 1);

  /* Everything else is compared byte for byte. */
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE t(a )"), 0);
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE \"t\"(A)"), 0);
  CHECK_INT(ormNormSameCreate("create table t(a)", "CREATE TABLE t(a)"), 0);
  CHECK_INT(ormNormSameCreate("CREATE TABLE  t(a)", "CREATE TABLE t(a)"), 0);
  CHECK_INT(ormNormSameCreate("CREATE TABLE main.t(a)",
                              "CREATE TABLE \"main\".t(a)"), 0);
  CHECK_INT(ormNormSameCreate("CREATE TABLE main.t(a)", "CREATE TABLE t(a)"),
            0);
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE main.t(a)"),
            0);
  CHECK_INT(ormNormSameCreate("CREATE TEMP TABLE t(a)", "CREATE TABLE t(a)"),
            0);

  /* Another name, or another type of object. */
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE u(a)"), 0);
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE \"t \"(a)"),
            0);
  CHECK_INT(ormNormSameCreate("CREATE TABLE \"\xc3\x89\"(a)",
                              "CREATE TABLE \"\xc3\xa9\"(a)"), 0);
  CHECK_INT(ormNormSameCreate("CREATE TABLE t ON x(a)",
                              "CREATE INDEX t ON x(a)"), 0);
  CHECK_INT(ormNormSameCreate("CREATE VIEW t AS SELECT 1",
                              "CREATE TABLE t AS SELECT 1"), 0);

  /* Not CREATE statements, unless the very same text. */
  CHECK_INT(ormNormSameCreate("SELECT 1", "SELECT 2"), 0);
  CHECK_INT(ormNormSameCreate("SELECT 1", "select 1"), 0);
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", "CREATE TABLE"), 0);
  CHECK_INT(ormNormSameCreate("CREATE TABLE", "CREATE TABLE "), 0);
  CHECK_INT(ormNormSameCreate("CREATE TABLE t(a)", ""), 0);
}

/*
** The OrmTableText of zSql as text: "rc=N", then for each column
** "| name: def" and the collate, check and generated parts it has, then
** the table's CHECKs and AUTOINCREMENT when present.
*/
static char *unitTable(const char *zSql){
  char *zCopy = unitCopy(zSql);
  OrmTableText t;
  sqlite3_str *pOut = sqlite3_str_new(0);
  int rc, i;
  memset(&t, 0x55, sizeof(t));    /* ormNormTable() must zero it */
  rc = ormNormTable(zCopy, &t);
  sqlite3_str_appendf(pOut, "rc=%d", rc);
  for(i=0; i<t.nCol; i++){
    const OrmColText *pCol = &t.aCol[i];
    sqlite3_str_appendf(pOut, " | %s: %s", pCol->zName, pCol->zDef);
    if( pCol->zColl ) sqlite3_str_appendf(pOut, " collate=%s", pCol->zColl);
    if( pCol->zCheck ) sqlite3_str_appendf(pOut, " check=%s", pCol->zCheck);
    if( pCol->zGen ) sqlite3_str_appendf(pOut, " gen=%s", pCol->zGen);
  }
  if( t.zChecks ) sqlite3_str_appendf(pOut, " | checks=%s", t.zChecks);
  if( t.zClauses ) sqlite3_str_appendf(pOut, " | clauses=%s", t.zClauses);
  if( t.bAutoinc ) sqlite3_str_appendf(pOut, " | autoincrement");
  ormNormTableFree(&t);
  CHECK_INT(t.nCol, 0);           /* ormNormTableFree() zeroes it */
  CHECK_INT(t.aCol==0, 1);
  sqlite3_free(zCopy);
  return unitFinish(pOut);
}

static void testNormTable(void){
  CHECK_OWNED(unitTable("CREATE TABLE t(a, b)"), "rc=0 | a: a | b: b");

  /* Columns: definition as written, COLLATE, CHECK, generated. */
  CHECK_OWNED(unitTable(
      "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT,"
      " name TEXT NOT NULL COLLATE NoCase CHECK(length(name)>0),"
      " total AS (id*2) STORED,"
      " v INT GENERATED ALWAYS AS (id + 1) VIRTUAL,"
      " price DECIMAL(10, 2) DEFAULT (round(1.5, 1)) CHECK (price>=0)"
      " CHECK(price<100),"
      " CHECK (id > 0), CONSTRAINT c2 CHECK(name <> 'X'), UNIQUE(name))"),
      "rc=0"
      " | id: id INTEGER PRIMARY KEY AUTOINCREMENT"
      " | name: name TEXT NOT NULL COLLATE NoCase CHECK(length(name)>0)"
      " collate=nocase check=( length ( name ) > 0 )"
      " | total: total AS (id*2) STORED gen=( id * 2 )"
      " | v: v INT GENERATED ALWAYS AS (id + 1) VIRTUAL gen=( id + 1 )"
      " | price: price DECIMAL(10, 2) DEFAULT (round(1.5, 1))"
      " CHECK (price>=0) CHECK(price<100)"
      " check=( price > = 0 ); ( price < 100 )"
      " | checks=( id > 0 ); ( name < > 'X' )"
      " | autoincrement");

  /* Named constraints, on columns and on the table. */
  CHECK_OWNED(unitTable(
      "CREATE TABLE t(a INT CONSTRAINT pos CHECK (a>=0) CONSTRAINT nn NOT NULL,"
      " b TEXT CONSTRAINT cb COLLATE \"RTRIM\" REFERENCES p(x)"
      " ON DELETE CASCADE,"
      " CONSTRAINT pk PRIMARY KEY (a),"
      " CONSTRAINT fk FOREIGN KEY (b) REFERENCES p(x),"
      " CONSTRAINT \"ck\" CHECK (a<10 AND b<>'('))"),
      "rc=0"
      " | a: a INT CONSTRAINT pos CHECK (a>=0) CONSTRAINT nn NOT NULL"
      " check=( a > = 0 )"
      " | b: b TEXT CONSTRAINT cb COLLATE \"RTRIM\" REFERENCES p(x)"
      " ON DELETE CASCADE collate=rtrim"
      " | checks=( a < 10 and b < > '(' )");

  /* Columns named with keywords (quoted where SQLite needs it). */
  CHECK_OWNED(unitTable(
      "CREATE TABLE \"t\"(\"check\" INT, [unique] TEXT, `primary` BLOB,"
      " \"constraint\", \"foreign\" INT, key INT, \"as\" INT CHECK(\"as\">0),"
      " replace TEXT COLLATE binary, \"collate\" AS (key+1))"),
      "rc=0"
      " | check: \"check\" INT"
      " | unique: [unique] TEXT"
      " | primary: `primary` BLOB"
      " | constraint: \"constraint\""
      " | foreign: \"foreign\" INT"
      " | key: key INT"
      " | as: \"as\" INT CHECK(\"as\">0) check=( as > 0 )"
      " | replace: replace TEXT COLLATE binary collate=binary"
      " | collate: \"collate\" AS (key+1) gen=( key + 1 )");

  /* Words inside strings and parentheses are not clauses. */
  CHECK_OWNED(unitTable(
      "CREATE TABLE t(a TEXT DEFAULT 'autoincrement collate x',"
      " b INT DEFAULT (CAST(1 AS INT)), c CHECK (c COLLATE nocase <> 'as'))"),
      "rc=0"
      " | a: a TEXT DEFAULT 'autoincrement collate x'"
      " | b: b INT DEFAULT (CAST(1 AS INT))"
      " | c: c CHECK (c COLLATE nocase <> 'as')"
      " check=( c collate nocase < > 'as' )");

  /* Layout, comments, and what follows the column list. */
  CHECK_OWNED(unitTable(
      "CREATE TABLE IF NOT EXISTS main.t(\n"
      "  a TEXT PRIMARY KEY, /* b, c */\n"
      "  b INT\n"
      ") WITHOUT ROWID, STRICT"),
      "rc=0 | a: a TEXT PRIMARY KEY | b: b INT");
  CHECK_OWNED(unitTable("CREATE TABLE t(a, PRIMARY KEY(a), UNIQUE(a))"),
      "rc=0 | a: a");

  /* DEFERRABLE and ON CONFLICT, which no PRAGMA shows, as clauses named
  ** by their column or by the constraint's text before them. */
  CHECK_OWNED(unitTable(
      "CREATE TABLE t(a REFERENCES p DEFERRABLE,"
      " b REFERENCES p NOT DEFERRABLE INITIALLY IMMEDIATE,"
      " c UNIQUE ON CONFLICT REPLACE, d NOT NULL ON CONFLICT ABORT,"
      " FOREIGN KEY (a) REFERENCES p NOT DEFERRABLE,"
      " UNIQUE (b, c) ON CONFLICT IGNORE)"),
      "rc=0 | a: a REFERENCES p DEFERRABLE"
      " | b: b REFERENCES p NOT DEFERRABLE INITIALLY IMMEDIATE"
      " | c: c UNIQUE ON CONFLICT REPLACE | d: d NOT NULL ON CONFLICT ABORT"
      " | clauses=a deferrable; b not deferrable initially immediate;"
      " c unique on conflict replace;"
      " foreign key ( a ) references p not deferrable;"
      " unique ( b , c ) on conflict ignore");

  /* Text SQLite would not accept, cut short or with empty items, is read
  ** as far as it goes. */
  CHECK_OWNED(unitTable("CREATE TABLE t(a INT CHECK (a>0"),
      "rc=0 | a: a INT CHECK (a>0 check=( a > 0");
  CHECK_OWNED(unitTable("CREATE TABLE t(a, b"), "rc=0 | a: a | b: b");
  CHECK_OWNED(unitTable("CREATE TABLE t(a,"), "rc=0 | a: a");
  CHECK_OWNED(unitTable("CREATE TABLE t(a, )"), "rc=0 | a: a");
  CHECK_OWNED(unitTable("CREATE TABLE t(a,, b)"), "rc=0 | a: a | b: b");
  CHECK_OWNED(unitTable("CREATE TABLE t()"), "rc=0");
  CHECK_OWNED(unitTable("CREATE TABLE t(a CHECK, b AS, CHECK)"),
      "rc=0 | a: a CHECK | b: b AS");

  /* Not a CREATE TABLE with a column list. */
  CHECK_OWNED(unitTable("CREATE TABLE t AS SELECT 1 AS a"), "rc=1");
  CHECK_OWNED(unitTable("CREATE INDEX i ON t(a)"), "rc=1");
  CHECK_OWNED(unitTable("CREATE VIEW v AS SELECT 1"), "rc=1");
  CHECK_OWNED(unitTable("SELECT 1"), "rc=1");
  CHECK_OWNED(unitTable(""), "rc=1");
}

/* ormNormDropTarget() on zSql as "rc table column" ("-" for NULL). */
static char *unitDropTarget(const char *zSql){
  char *zCopy = unitCopy(zSql);
  char *zTab = (char*)&zTab;      /* Must be set, even when 0 is returned */
  char *zCol = (char*)&zCol;
  char *zRet;
  int rc = ormNormDropTarget(zCopy, &zTab, &zCol);
  if( zTab==(char*)&zTab || zCol==(char*)&zCol ){
    zRet = sqlite3_mprintf("rc=%d: output not set", rc);
  }else{
    zRet = sqlite3_mprintf("%d %s %s", rc, zTab ? zTab : "-",
                           zCol ? zCol : "-");
    sqlite3_free(zTab);
    sqlite3_free(zCol);
  }
  sqlite3_free(zCopy);
  return zRet;
}

static void testNormDrops(void){
  CHECK_INT(ormNormCountDropTable(""), 0);
  CHECK_INT(ormNormCountDropTable("DROP TABLE t"), 1);
  CHECK_INT(ormNormCountDropTable("DROP TABLE t; drop  table IF EXISTS u;"), 2);
  CHECK_INT(ormNormCountDropTable("/* x */ DROP /* y */ TABLE -- z\n t"), 1);
  CHECK_INT(ormNormCountDropTable(
      "DROP INDEX i; DROP VIEW v; DROP TRIGGER tr;"
      " ALTER TABLE t DROP COLUMN c; ALTER TABLE t DROP d"), 0);
  CHECK_INT(ormNormCountDropTable(
      "SELECT 'DROP TABLE x' -- DROP TABLE y\n; /* DROP TABLE z */"), 0);
  CHECK_INT(ormNormCountDropTable(
      "CREATE TABLE \"drop\"(\"table\"); CREATE TABLE drop_t(a)"), 0);

  CHECK_INT(ormNormCountDrops(""), 0);
  CHECK_INT(ormNormCountDrops(
      "DROP TABLE t; ALTER TABLE u DROP COLUMN c; ALTER TABLE u DROP d;"
      " ALTER TABLE u DROP \"index\"; DROP INDEX i; DROP VIEW v;"
      " DROP TRIGGER tr; SELECT 'drop table'"), 4);
  /* DROP NOT NULL and DROP CONSTRAINT (SQLite 3.53) lose no data. */
  CHECK_INT(ormNormCountDrops(
      "ALTER TABLE t ALTER COLUMN c DROP NOT NULL;"
      " ALTER TABLE t DROP CONSTRAINT c1"), 0);

  CHECK_OWNED(unitDropTarget("DROP TABLE t"), "1 t -");
  CHECK_OWNED(unitDropTarget("  -- x\n drop table t;"), "1 t -");
  CHECK_OWNED(unitDropTarget("DROP TABLE IF EXISTS \"My T\""), "1 My T -");
  CHECK_OWNED(unitDropTarget("DROP TABLE main.t"), "1 t -");
  CHECK_OWNED(unitDropTarget("DROP TABLE IF EXISTS main.[x y]"), "1 x y -");
  CHECK_OWNED(unitDropTarget("ALTER TABLE t DROP COLUMN c"), "1 t c");
  CHECK_OWNED(unitDropTarget("ALTER TABLE t DROP c;"), "1 t c");
  CHECK_OWNED(unitDropTarget("ALTER TABLE \"T 1\" DROP \"c \"\"1\"\"\""),
              "1 T 1 c \"1\"");
  CHECK_OWNED(unitDropTarget("alter table main.t drop column `c`"), "1 t c");
  CHECK_OWNED(unitDropTarget("ALTER TABLE t ADD COLUMN c INT"), "0 - -");
  CHECK_OWNED(unitDropTarget("ALTER TABLE t RENAME TO u"), "0 - -");
  CHECK_OWNED(unitDropTarget("ALTER TABLE t RENAME COLUMN c TO d"), "0 - -");
  CHECK_OWNED(unitDropTarget("DROP INDEX i"), "0 - -");
  CHECK_OWNED(unitDropTarget("DROP VIEW v"), "0 - -");
  CHECK_OWNED(unitDropTarget("DROP TRIGGER tr"), "0 - -");
  CHECK_OWNED(unitDropTarget("DROP TABLE"), "0 - -");
  CHECK_OWNED(unitDropTarget("DROP TABLE 'x'"), "1 x -");
  CHECK_OWNED(unitDropTarget("DROP TABLE 5"), "0 - -");
  /* No token after a ';' is read: the statement may be one of several. */
  CHECK_OWNED(unitDropTarget("DROP TABLE IF; DROP TABLE t"), "0 - -");
  CHECK_OWNED(unitDropTarget("DROP TABLE IF EXISTS; t"), "0 - -");
  CHECK_OWNED(unitDropTarget("DROP TABLE; t"), "0 - -");
  CHECK_OWNED(unitDropTarget("ALTER TABLE t; DROP TABLE u"), "0 - -");
  CHECK_OWNED(unitDropTarget("SELECT 1"), "0 - -");
  CHECK_OWNED(unitDropTarget(""), "0 - -");
}

static void testNormMisc(void){
  CHECK_INT(ormNormIsConstant(0), 1);
  CHECK_INT(ormNormIsConstant("0"), 1);
  CHECK_INT(ormNormIsConstant("-1.5"), 1);
  CHECK_INT(ormNormIsConstant("+ 1e5"), 1);
  CHECK_INT(ormNormIsConstant("(0)"), 1);
  CHECK_INT(ormNormIsConstant("-(1)"), 1);
  CHECK_INT(ormNormIsConstant("'x'"), 1);
  CHECK_INT(ormNormIsConstant("X'00'"), 1);
  CHECK_INT(ormNormIsConstant("NULL"), 1);
  CHECK_INT(ormNormIsConstant("true"), 1);
  CHECK_INT(ormNormIsConstant("FALSE"), 1);
  CHECK_INT(ormNormIsConstant("CURRENT_TIMESTAMP"), 0);
  CHECK_INT(ormNormIsConstant("abs(1)"), 0);
  CHECK_INT(ormNormIsConstant("1+1"), 0);
  CHECK_INT(ormNormIsConstant("'a' || 'b'"), 0);
  CHECK_INT(ormNormIsConstant(""), 0);
  CHECK_INT(ormNormIsConstant("\"x\""), 0);       /* a name */

  /* Affinity by the rules of section 3.1 of datatype3.html, in order:
  ** INT, then CHAR/CLOB/TEXT, then BLOB or no type, then REAL/FLOA/DOUB,
  ** else NUMERIC. */
  CHECK_INT(ormNormAffinity(0), 'b');
  CHECK_INT(ormNormAffinity(""), 'b');
  CHECK_INT(ormNormAffinity("INT"), 'i');
  CHECK_INT(ormNormAffinity("integer"), 'i');
  CHECK_INT(ormNormAffinity("TINYINT"), 'i');
  CHECK_INT(ormNormAffinity("UNSIGNED BIG INT"), 'i');
  CHECK_INT(ormNormAffinity("INT8"), 'i');
  CHECK_INT(ormNormAffinity("FLOATING POINT"), 'i');
  CHECK_INT(ormNormAffinity("CHARINT"), 'i');
  CHECK_INT(ormNormAffinity("INTTEXT"), 'i');
  CHECK_INT(ormNormAffinity("BLOBINT"), 'i');
  CHECK_INT(ormNormAffinity("TEXT"), 't');
  CHECK_INT(ormNormAffinity("VARCHAR(255)"), 't');
  CHECK_INT(ormNormAffinity("NATIVE CHARACTER(70)"), 't');
  CHECK_INT(ormNormAffinity("nvarchar"), 't');
  CHECK_INT(ormNormAffinity("CLOB"), 't');
  CHECK_INT(ormNormAffinity("BLOBTEXT"), 't');
  CHECK_INT(ormNormAffinity("TEXTBLOB"), 't');
  CHECK_INT(ormNormAffinity("REALCHAR"), 't');
  CHECK_INT(ormNormAffinity("BLOB"), 'b');
  CHECK_INT(ormNormAffinity("REALBLOB"), 'b');
  CHECK_INT(ormNormAffinity("BLOBREAL"), 'b');
  CHECK_INT(ormNormAffinity("REAL"), 'r');
  CHECK_INT(ormNormAffinity("DOUBLE PRECISION"), 'r');
  CHECK_INT(ormNormAffinity("Float"), 'r');
  CHECK_INT(ormNormAffinity("NUMERIC"), 'n');
  CHECK_INT(ormNormAffinity("DECIMAL(10,5)"), 'n');
  CHECK_INT(ormNormAffinity("BOOLEAN"), 'n');
  CHECK_INT(ormNormAffinity("DATETIME"), 'n');
  CHECK_INT(ormNormAffinity("TEX"), 'n');
  CHECK_INT(ormNormAffinity("IN"), 'n');
  CHECK_INT(ormNormAffinity("STRING"), 'n');

  CHECK_INT(ormNormHasReferences("b INT REFERENCES p(id)"), 1);
  CHECK_INT(ormNormHasReferences("b INT references \"p\""), 1);
  CHECK_INT(ormNormHasReferences("b INT DEFAULT 'references'"), 0);
  CHECK_INT(ormNormHasReferences("b REFERENCESX"), 0);
  CHECK_INT(ormNormHasReferences("\"references\" INT"), 0);

  /* The oldest SQLite a script needs, from its ALTER TABLE statements. */
  CHECK_INT(ormNormMinSqlite(0), 0);
  CHECK_INT(ormNormMinSqlite(""), 0);
  CHECK_INT(ormNormMinSqlite("CREATE TABLE t(a); ALTER TABLE t ADD b"), 0);
  CHECK_INT(ormNormMinSqlite("ALTER TABLE t RENAME TO u"), 0);
  CHECK_INT(ormNormMinSqlite("ALTER VIEW v; SELECT 'alter table t drop c'"),
            0);
  CHECK_INT(ormNormMinSqlite("ALTER TABLE t DROP c"), 3035000);
  CHECK_INT(ormNormMinSqlite("alter table main.t drop column c;"), 3035000);
  CHECK_INT(ormNormMinSqlite("ALTER TABLE \"m\" . t ADD CHECK (a>0)"),
            3053000);
  CHECK_INT(ormNormMinSqlite("ALTER TABLE t DROP CHECK"), 3035000);
  CHECK_INT(ormNormMinSqlite("ALTER TABLE t ADD CONSTRAINT c CHECK (a>0)"),
            3053000);
  CHECK_INT(ormNormMinSqlite("ALTER TABLE t DROP c; ALTER TABLE t DROP"
                             " CONSTRAINT c"), 3053000);
  CHECK_INT(ormNormMinSqlite("ALTER TABLE t ALTER c SET NOT NULL;"
                             " ALTER TABLE t DROP c"), 3053000);
  /* Only at the start of a statement. */
  CHECK_INT(ormNormMinSqlite("SELECT 1 alter table t drop c"), 0);
}

/*
** ormNormTableChecks() of zSql as "name=expr=text" per CHECK, separated
** by " | ".  With bErr, pErr holds an error already and nothing is read.
*/
static char *unitTableChecks(const char *zSql, int bErr){
  char *zCopy = unitCopy(zSql);
  OrmErr err = {0, 0};
  OrmStrList aName = {0, 0, 0, 0, 0};
  OrmStrList aExpr = {0, 0, 0, 0, 0};
  OrmStrList aText = {0, 0, 0, 0, 0};
  sqlite3_str *pOut = sqlite3_str_new(0);
  int i;
  if( bErr ) err.rc = SQLITE_ERROR;
  ormNormTableChecks(&err, zCopy, &aName, &aExpr, &aText);
  sqlite3_str_appendf(pOut, "rc=%d", err.rc);
  CHECK_INT(aExpr.n, aName.n);
  CHECK_INT(aText.n, aName.n);
  for(i=0; i<aName.n && i<aExpr.n && i<aText.n; i++){
    sqlite3_str_appendf(pOut, " | %s=%s=%s",
                        aName.az[i], aExpr.az[i], aText.az[i]);
  }
  ormListFree(&aName);
  ormListFree(&aExpr);
  ormListFree(&aText);
  sqlite3_free(zCopy);
  return unitFinish(pOut);
}

/* ormNormSetNotNull() on zSql as "rc table column" ("-" for NULL). */
static char *unitSetNotNull(const char *zSql){
  char *zCopy = unitCopy(zSql);
  char *zTab = (char*)&zTab;      /* Must be set, even when 0 is returned */
  char *zCol = (char*)&zCol;
  char *zRet;
  int rc = ormNormSetNotNull(zCopy, &zTab, &zCol);
  if( zTab==(char*)&zTab || zCol==(char*)&zCol ){
    zRet = sqlite3_mprintf("rc=%d: output not set", rc);
  }else{
    zRet = sqlite3_mprintf("%d %s %s", rc, zTab ? zTab : "-",
                           zCol ? zCol : "-");
    sqlite3_free(zTab);
    sqlite3_free(zCol);
  }
  sqlite3_free(zCopy);
  return zRet;
}

static void testNormAlter(void){
  /* Table CHECKs (not those of a column), named or not, in order. */
  CHECK_OWNED(unitTableChecks(
      "CREATE TABLE t(a CHECK (a>0), b, CHECK (b<>'x'),"
      " CONSTRAINT \"Pos B\" CHECK(b>=0), CONSTRAINT u UNIQUE (a),"
      " CONSTRAINT n1 CONSTRAINT n2 CHECK ((a)), PRIMARY KEY (a))", 0),
      "rc=0 | =( b < > 'x' )=(b<>'x') | Pos B=( b > = 0 )=(b>=0)"
      " | n2=( ( a ) )=((a))");
  CHECK_OWNED(unitTableChecks("CREATE TABLE t(a, CHECK, CONSTRAINT c)", 0),
      "rc=0");
  /* Cut short: read as far as it goes. */
  CHECK_OWNED(unitTableChecks("CREATE TABLE t(a, CHECK (a>0)", 0),
      "rc=0 | =( a > 0 )=(a>0)");
  CHECK_OWNED(unitTableChecks("CREATE TABLE t(a, CHECK (a>0", 0),
      "rc=0 | =( a > 0=(a>0");
  /* Not a table with a column list: nothing. */
  CHECK_OWNED(unitTableChecks("CREATE TABLE t AS SELECT 1 AS a", 0), "rc=0");
  CHECK_OWNED(unitTableChecks("CREATE VIEW v AS SELECT 1", 0), "rc=0");
  CHECK_OWNED(unitTableChecks("SELECT 1", 0), "rc=0");
  /* An error already: nothing is read. */
  CHECK_OWNED(unitTableChecks("CREATE TABLE t(a, CHECK (a>0))", 1), "rc=1");

  /* ALTER TABLE t ALTER [COLUMN] c SET NOT NULL (SQLite 3.53). */
  CHECK_OWNED(unitSetNotNull("ALTER TABLE t ALTER COLUMN c SET NOT NULL"),
              "1 t c");
  CHECK_OWNED(unitSetNotNull("alter table main.\"T 1\" alter [c d] set"
                             " not null;"), "1 T 1 c d");
  CHECK_OWNED(unitSetNotNull("ALTER TABLE t ALTER COLUMN c DROP NOT NULL"),
              "0 - -");
  CHECK_OWNED(unitSetNotNull("ALTER TABLE t ADD COLUMN c"), "0 - -");
  CHECK_OWNED(unitSetNotNull("ALTER VIEW v"), "0 - -");
  CHECK_OWNED(unitSetNotNull("DROP TABLE t"), "0 - -");
  CHECK_OWNED(unitSetNotNull(""), "0 - -");
}

/*************************************************************************
** norm.c: the statement iterator.
*/

/*
** The pieces of script z as the iterator cuts them: each as "[piece]",
** then "{statement}" when it has one, then "." when it ends with its ';'.
** Control bytes are shown as ^ and a letter.  The caller frees it.
*/
static char *unitStmts(const char *z){
  char *zCopy = unitCopy(z);
  sqlite3_str *pOut = sqlite3_str_new(0);
  OrmStmtIter it;
  ormNormStmtInit(&it, zCopy);
  while( ormNormStmtNext(&it) ){
    sqlite3_str_appendf(pOut, "[%.*s]", it.nPiece, it.zPiece);
    if( it.nStmt ) sqlite3_str_appendf(pOut, "{%.*s}", it.nStmt, it.zStmt);
    if( it.bSemi ) sqlite3_str_appendall(pOut, ".");
  }
  sqlite3_free(zCopy);
  return unitVisible(unitFinish(pOut));
}

/*
** Where script z is cut, as the byte offsets after each cut ';' separated
** by spaces: by the iterator (bOracle==0), or by sqlite3_complete() alone,
** asked of every prefix of the text since the last cut that ends at a
** ';' byte (bOracle).  The oracle knows no tokens: a ';' inside a string,
** a quoted name or a comment leaves that prefix unterminated, so never
** complete.  The caller frees the result.
*/
static char *unitCuts(const char *z, int bOracle){
  sqlite3_str *pOut = sqlite3_str_new(0);
  if( bOracle ){
    int i, iStart = 0;
    for(i=0; z[i]; i++){
      if( z[i]==';' ){
        char *zPart = sqlite3_mprintf("%.*s", i + 1 - iStart, &z[iStart]);
        if( zPart==0 ){
          printf("out of memory\n");
          exit(2);
        }
        if( sqlite3_complete(zPart) ){
          sqlite3_str_appendf(pOut, " %d", i + 1);
          iStart = i + 1;
        }
        sqlite3_free(zPart);
      }
    }
  }else{
    OrmStmtIter it;
    ormNormStmtInit(&it, z);
    while( ormNormStmtNext(&it) ){
      if( it.bSemi ){
        sqlite3_str_appendf(pOut, " %d", (int)(it.zPiece + it.nPiece - z));
      }
    }
  }
  return unitFinish(pOut);
}

static void testNormStmt(void){
  static const char *azPart[] = {
    ";", ";", " ", "\n", "x", "'a;b'", "\"q;\"", "[b;]", "`c;`", "/*;*/",
    "-- ;\n", "-- ;", "CREATE", "create", "TEMP", "temporary", "TRIGGER",
    "trigger", "EXPLAIN", "BEGIN", "END", "end", "CASE", "1end", "$end",
    "1.", "x'00'", "\v", "'", "/*", "(", "SELECT 1", "1create", "$create"
  };
  const int nPart = (int)(sizeof(azPart)/sizeof(azPart[0]));
  unsigned int iRand = 20261204;  /* A fixed seed: the same scripts */
  int i, nDiff = 0;

  /* No script, nothing, spaces only, and trailing text without ';'. */
  {
    OrmStmtIter it;
    ormNormStmtInit(&it, 0);
    CHECK_INT(ormNormStmtNext(&it), 0);
    CHECK_INT(it.nPiece, 0);
  }
  CHECK_OWNED(unitStmts(""), "");
  CHECK_OWNED(unitStmts("  "), "[  ]");
  CHECK_OWNED(unitStmts("SELECT 1"), "[SELECT 1]{SELECT 1}");
  CHECK_OWNED(unitStmts("SELECT 1;"), "[SELECT 1;]{SELECT 1;}.");
  CHECK_OWNED(unitStmts("SELECT 1; SELECT 2"),
              "[SELECT 1;]{SELECT 1;}.[ SELECT 2]{SELECT 2}");
  CHECK_OWNED(unitStmts("a;\n-- done\n"), "[a;]{a;}.[^J-- done^J]");
  CHECK_OWNED(unitStmts(" /* c */ a /* d */ ;b"),
              "[ /* c */ a /* d */ ;]{a /* d */ ;}.[b]{b}");
  CHECK_OWNED(unitStmts(";;"), "[;]{;}.[;]{;}.");

  /* A ';' in a string, a quoted name or a comment ends nothing. */
  CHECK_OWNED(unitStmts("INSERT INTO t VALUES('a;b');x"),
              "[INSERT INTO t VALUES('a;b');]{INSERT INTO t VALUES('a;b');}."
              "[x]{x}");
  CHECK_OWNED(unitStmts("SELECT 'it''s;';x"),
              "[SELECT 'it''s;';]{SELECT 'it''s;';}.[x]{x}");
  CHECK_OWNED(unitStmts("SELECT \"a;\", [b;], `c;`;x"),
              "[SELECT \"a;\", [b;], `c;`;]{SELECT \"a;\", [b;], `c;`;}."
              "[x]{x}");
  CHECK_OWNED(unitStmts("a /* ; */ -- ;\n;b"),
              "[a /* ; */ -- ;^J;]{a /* ; */ -- ;^J;}.[b]{b}");
  CHECK_OWNED(unitStmts("a; -- b; c"), "[a;]{a;}.[ -- b; c]");
  CHECK_OWNED(unitStmts("a 'b;"), "[a 'b;]{a 'b;}");

  /* A trigger's body, with CASE ... END inside it, ends at its END. */
  CHECK_OWNED(unitStmts(
      "CREATE TRIGGER g AFTER INSERT ON t BEGIN UPDATE t SET a=1;"
      " SELECT CASE WHEN 1 THEN 2 END; END; DROP TABLE u;"),
      "[CREATE TRIGGER g AFTER INSERT ON t BEGIN UPDATE t SET a=1;"
      " SELECT CASE WHEN 1 THEN 2 END; END;]{CREATE TRIGGER g AFTER INSERT"
      " ON t BEGIN UPDATE t SET a=1; SELECT CASE WHEN 1 THEN 2 END; END;}."
      "[ DROP TABLE u;]{DROP TABLE u;}.");
  CHECK_OWNED(unitStmts("create temp trigger g before delete on t begin"
                        " select 1; end;x"),
              "[create temp trigger g before delete on t begin select 1;"
              " end;]{create temp trigger g before delete on t begin"
              " select 1; end;}.[x]{x}");
  CHECK_OWNED(unitStmts("CREATE TEMPORARY /* c */ TRIGGER g BEGIN a; END;"),
              "[CREATE TEMPORARY /* c */ TRIGGER g BEGIN a; END;]"
              "{CREATE TEMPORARY /* c */ TRIGGER g BEGIN a; END;}.");
  CHECK_OWNED(unitStmts("EXPLAIN CREATE TRIGGER g BEGIN a; END;b;"),
              "[EXPLAIN CREATE TRIGGER g BEGIN a; END;]"
              "{EXPLAIN CREATE TRIGGER g BEGIN a; END;}.[b;]{b;}.");
  /* Not a trigger: CREATE TABLE trigger(...), and a trigger unended. */
  CHECK_OWNED(unitStmts("CREATE TABLE trigger(a); b;"),
              "[CREATE TABLE trigger(a);]{CREATE TABLE trigger(a);}."
              "[ b;]{b;}.");
  CHECK_OWNED(unitStmts("CREATE TRIGGER g BEGIN a; b;"),
              "[CREATE TRIGGER g BEGIN a; b;]{CREATE TRIGGER g BEGIN a; b;}");
  /* An END that SQLite reads as part of another token ends nothing. */
  CHECK_OWNED(unitStmts("CREATE TRIGGER g BEGIN a; 1end; $end; END;"),
              "[CREATE TRIGGER g BEGIN a; 1end; $end; END;]"
              "{CREATE TRIGGER g BEGIN a; 1end; $end; END;}.");
  CHECK_OWNED(unitCuts("CREATE TRIGGER g BEGIN a; 1end; $end; END;", 1),
              " 42");
  /* After EXPLAIN, SQLite's one token "1create" is no CREATE. */
  CHECK_OWNED(unitStmts("EXPLAIN 1create trigger; x"),
              "[EXPLAIN 1create trigger;]{EXPLAIN 1create trigger;}.[ x]{x}");
  CHECK_OWNED(unitCuts("EXPLAIN 1create trigger; x", 1), " 24");
  CHECK_OWNED(unitCuts("EXPLAIN $create trigger; x", 0), " 24");

  /* Random scripts of the parts above: the iterator cuts exactly where
  ** sqlite3_complete() does. */
  for(i=0; i<20000; i++){
    char zScript[200];
    int n = 0, k, nTok = 1 + (int)(iRand % 12);
    char *zGot, *zWant;
    for(k=0; k<nTok; k++){
      const char *zPart;
      int nLen;
      iRand = iRand*1103515245u + 12345u;
      zPart = azPart[(iRand >> 16) % (unsigned int)nPart];
      nLen = (int)strlen(zPart);
      if( n + nLen + 1 >= (int)sizeof(zScript) ) break;
      memcpy(&zScript[n], zPart, nLen);
      n += nLen;
      iRand = iRand*1103515245u + 12345u;
      if( (iRand >> 16) % 2 ) zScript[n++] = ' ';
    }
    zScript[n] = 0;
    zGot = unitCuts(zScript, 0);
    zWant = unitCuts(zScript, 1);
    if( strcmp(zGot, zWant) && nDiff++<5 ){
      unitCheckStr(__FILE__, __LINE__, zScript, zGot, zWant);
    }
    sqlite3_free(zGot);
    sqlite3_free(zWant);
  }
  CHECK_INT(nDiff, 0);
}

/*************************************************************************
** hash.c
*/

static void unitCheckHash(const char *zFile, int iLine, const char *zExpr,
                          const void *pData, size_t nData, const char *zExp){
  char zOut[66];
  zOut[65] = 'X';                 /* ormHashHex() writes 65 bytes, no more */
  ormHashHex(pData, nData, zOut);
  unitCheckStr(zFile, iLine, zExpr, zOut, zExp);
  unitCheckInt(zFile, iLine, "zOut[65] untouched", zOut[65], 'X');
}
#define CHECK_HASH(DATA, N, EXP) \
  unitCheckHash(__FILE__, __LINE__, "ormHashHex(" #DATA ", " #N ")", \
                (DATA), (N), (EXP))

static void testHash(void){
  /* FIPS 180-2 examples and lengths around the 56- and 64-byte marks. */
  static const struct { int n; const char *zHex; } aA[] = {
    { 55,  "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
    { 56,  "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
    { 63,  "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
    { 64,  "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
    { 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
    { 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
    { 1000000,
           "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
  };
  unsigned char aByte[256];
  char *aBuf;
  int i;

  CHECK_HASH("", 0,
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK_HASH((const char*)0, 0,
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK_HASH("abc", 3,
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK_HASH("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK_HASH("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
             "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112,
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");

  /* Exact-size heap buffers of 'a', so that ASan sees any overread. */
  for(i=0; i<(int)(sizeof(aA)/sizeof(aA[0])); i++){
    aBuf = sqlite3_malloc64(aA[i].n);
    if( aBuf==0 ){ printf("out of memory\n"); exit(2); }
    memset(aBuf, 'a', aA[i].n);
    CHECK_HASH(aBuf, (size_t)aA[i].n, aA[i].zHex);
    sqlite3_free(aBuf);
  }

  /* Every byte value, high bit included. */
  for(i=0; i<256; i++) aByte[i] = (unsigned char)i;
  CHECK_HASH(aByte, sizeof(aByte),
      "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");

  /* In parts, NULL as "": the hash of the whole, across block edges. */
  {
    const char *azAbc[] = { "a", 0, "", "bc" };
    const char *azLong[] = {
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
      "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu" };
    char zOut[65];
    ormHashHexParts(azAbc, 4, zOut);
    CHECK_STR(zOut,
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ormHashHexParts(azAbc, 0, zOut);
    CHECK_STR(zOut,
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    ormHashHexParts(azLong, 2, zOut);
    CHECK_STR(zOut,
      "431ce2cd7a73aaba43d26b03a389fc7c24647cefb4d4d5380b8d2e114dafdcf0");
  }
}

/*************************************************************************
** diff.c, on schemas that introspect.c reads from in-memory databases.
*/

/*
** Run zSql in a new in-memory database and load its schema into *p
** (zeroed here).  The caller frees *p with ormSchemaFree().
*/
static void unitLoad(const char *zFile, int iLine, const char *zSql,
                     OrmSchema *p){
  sqlite3 *db = 0;
  OrmErr err = {0, 0};
  char *zErr = 0;
  int rc;
  memset(p, 0, sizeof(*p));
  rc = sqlite3_open(":memory:", &db);
  if( rc==SQLITE_OK ) rc = sqlite3_exec(db, zSql, 0, 0, &zErr);
  unitCheckStr(zFile, iLine, "sqlite3_exec(setup SQL)",
               rc==SQLITE_OK ? "ok" : (zErr ? zErr : sqlite3_errstr(rc)), "ok");
  sqlite3_free(zErr);
  if( rc==SQLITE_OK ) ormSchemaLoad(&err, db, "main", p);
  unitCheckStr(zFile, iLine, "ormSchemaLoad()",
               err.rc==SQLITE_OK ? "ok" : (err.zMsg ? err.zMsg : "error"),
               "ok");
  ormErrClear(&err);
  sqlite3_close(db);
}
#define LOAD(SQL, P) unitLoad(__FILE__, __LINE__, (SQL), (P))

/*
** The changes of d as text, one line each: "op name", then ": detail"
** when ormDiffDetail() gives one, then " [rebuild]" for a rebuild.
*/
static char *unitDescribe(const OrmDiff *d){
  sqlite3_str *pOut = sqlite3_str_new(0);
  OrmErr err = {0, 0};
  int i;
  for(i=0; i<d->nChange; i++){
    const OrmChange *p = &d->aChange[i];
    const OrmObject *pObj = p->pTo ? p->pTo : p->pFrom;
    char *zDetail = ormDiffDetail(&err, p);
    sqlite3_str_appendf(pOut, "%s%s %s", i ? "\n" : "", ormDiffOpName(p->eOp),
                        pObj ? pObj->zName : "NULL");
    if( zDetail && zDetail[0] ) sqlite3_str_appendf(pOut, ": %s", zDetail);
    if( zDetail==0 ) sqlite3_str_appendf(pOut, ": detail NULL, rc=%d", err.rc);
    if( p->bRebuild ) sqlite3_str_appendall(pOut, " [rebuild]");
    sqlite3_free(zDetail);
  }
  ormErrClear(&err);
  return unitFinish(pOut);
}

/*
** Load the schemas of zFrom and zTo, diff them with the rename hints pRen
** (may be NULL), and compare the described changes with zExp.
*/
static void unitCheckDiff(const char *zFile, int iLine, const char *zFrom,
                          const char *zTo, const OrmRenames *pRen,
                          const char *zExp){
  OrmSchema from, to;
  OrmDiff d;
  OrmErr err = {0, 0};
  unitLoad(zFile, iLine, zFrom, &from);
  unitLoad(zFile, iLine, zTo, &to);
  memset(&d, 0, sizeof(d));
  ormDiffCompute(&err, &from, &to, pRen, &d);
  unitCheckInt(zFile, iLine, "ormDiffCompute() rc", err.rc, SQLITE_OK);
  unitCheckOwned(zFile, iLine, "ormDiffCompute() changes", unitDescribe(&d),
                 zExp);
  ormErrClear(&err);
  ormDiffFree(&d);
  ormSchemaFree(&from);
  ormSchemaFree(&to);
}
#define CHECK_DIFF(FROM, TO, REN, EXP) \
  unitCheckDiff(__FILE__, __LINE__, (FROM), (TO), (REN), (EXP))

/* Append one rename hint to *p. */
static void unitRename(OrmErr *pErr, OrmRenames *p, const char *zTable,
                       const char *zOld, const char *zNew){
  ormListAdd(pErr, &p->table, zTable);
  ormListAdd(pErr, &p->old, zOld);
  ormListAdd(pErr, &p->new, zNew);
}

/* The hints of p as "table:old>new" items (":old>new" for a table). */
static char *unitRenames(const OrmRenames *p){
  sqlite3_str *pOut = sqlite3_str_new(0);
  int i;
  if( p->table.n!=p->old.n || p->old.n!=p->new.n ){
    sqlite3_str_appendf(pOut, "lists of %d, %d, %d entries: ",
                        p->table.n, p->old.n, p->new.n);
  }
  for(i=0; i<p->old.n && i<p->new.n && i<p->table.n; i++){
    sqlite3_str_appendf(pOut, "%s%s:%s>%s", i ? " " : "", p->table.az[i],
                        p->old.az[i], p->new.az[i]);
  }
  return unitFinish(pOut);
}

/* The entries of a string list, separated by commas. */
static char *unitList(const OrmStrList *p){
  sqlite3_str *pOut = sqlite3_str_new(0);
  int i;
  for(i=0; i<p->n; i++){
    sqlite3_str_appendf(pOut, "%s%s", i ? "," : "", p->az[i]);
  }
  return unitFinish(pOut);
}

static void testSchema(void){
  OrmSchema s;
  OrmObject *pObj;
  LOAD("CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT);"
       "CREATE VIEW v AS SELECT b FROM t;"
       "CREATE INDEX ti ON t(b);"
       "CREATE TABLE _orm_meta(x);"
       "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;"
       "CREATE TABLE \"U\"(\"X\" int, y, PRIMARY KEY(\"X\", y)) WITHOUT ROWID;",
       &s);
  /* Tables, indexes, views, triggers; no sqlite_sequence, no _orm_ table. */
  CHECK_INT(s.nObj, 5);
  if( s.nObj==5 ){
    CHECK_STR(s.aObj[0].zName, "t");
    CHECK_STR(s.aObj[1].zName, "U");
    CHECK_STR(s.aObj[2].zName, "ti");
    CHECK_STR(s.aObj[3].zName, "v");
    CHECK_STR(s.aObj[4].zName, "tr");
    CHECK_INT(s.aObj[0].eType, ORM_OBJ_TABLE);
    CHECK_INT(s.aObj[2].eType, ORM_OBJ_INDEX);
    CHECK_INT(s.aObj[3].eType, ORM_OBJ_VIEW);
    CHECK_INT(s.aObj[4].eType, ORM_OBJ_TRIGGER);
    CHECK_STR(s.aObj[2].zTbl, "t");
    CHECK_STR(s.aObj[4].zTbl, "t");
    CHECK_INT(s.aObj[0].nCol, 2);
    CHECK_INT(s.aObj[0].iIpk, 0);
    CHECK_INT(s.aObj[0].bAutoinc, 1);
    CHECK_INT(s.aObj[1].bWithoutRowid, 1);
    CHECK_INT(s.aObj[1].iIpk, -1);
    CHECK_STR(s.aObj[3].zSig, "create view v as select b from t");
  }
  pObj = ormSchemaFind(&s, "u");
  CHECK_INT(pObj==&s.aObj[1], 1);
  CHECK_INT(ormSchemaFind(&s, "nope")==0, 1);
  if( pObj ){
    CHECK_INT(ormSchemaColumn(pObj, "x")==&pObj->aCol[0], 1);
    CHECK_INT(ormSchemaColumn(pObj, "z")==0, 1);
  }
  ormSchemaFree(&s);
  CHECK_INT(s.nObj, 0);

  LOAD("", &s);
  CHECK_INT(s.nObj, 0);
  ormSchemaFree(&s);

  /* A foreign key's signature: names lower-cased, a NULL parent and a
  ** NULL "from" column are empty; ormSchemaFkAddCol() adds nothing once
  ** an error is recorded. */
  {
    OrmErr err = {0, 0};
    OrmFk fk;
    memset(&fk, 0, sizeof(fk));
    fk.zOnUpdate = sqlite3_mprintf("NO ACTION");
    fk.zOnDelete = sqlite3_mprintf("CASCADE");
    fk.zMatch = sqlite3_mprintf("NONE");
    ormSchemaFkAddCol(&err, &fk, 0, "ID");
    ormSchemaFkAddCol(&err, &fk, "B", 0);
    CHECK_INT(fk.nCol, 2);
    ormErrSet(&err, SQLITE_ERROR, "earlier");
    ormSchemaFkAddCol(&err, &fk, "c", "d");
    CHECK_INT(fk.nCol, 2);
    ormErrClear(&err);
    CHECK_OWNED(unitVisible(ormSchemaFkSig(&err, &fk)),
        "^_on update NO ACTION^_on delete CASCADE^_match NONE^_^^id^_b^^");
    CHECK_INT(err.rc, SQLITE_OK);
    ormSchemaFkFree(&fk);
  }

  /* A row of sqlite_schema with a CREATE text but no name (a hostile
  ** file, read with writable_schema on) is left out; an index the
  ** database does not know, deepened from it, is compared by its
  ** normalised text. */
  {
    OrmErr err = {0, 0};
    sqlite3 *db = 0;
    sqlite3_open(":memory:", &db);
    CHECK_INT(sqlite3_exec(db, "CREATE TABLE t(a);"
        "PRAGMA writable_schema=ON;"
        "INSERT INTO sqlite_schema VALUES('view', NULL, NULL, 0,"
        " 'CREATE VIEW w AS SELECT 1');", 0, 0, 0), SQLITE_OK);
    memset(&s, 0, sizeof(s));
    ormSchemaLoad(&err, db, "main", &s);
    CHECK_INT(err.rc, SQLITE_OK);
    CHECK_INT(s.nObj, 1);
    CHECK_STR(s.nObj>0 ? s.aObj[0].zName : 0, "t");
    ormSchemaFree(&s);

    ormSchemaAddShallow(&err, &s, "index", "gone", "t",
                        "CREATE INDEX gone ON t(a DESC)");
    ormSchemaDeepen(&err, db, "main", &s, 0);
    CHECK_INT(err.rc, SQLITE_OK);
    CHECK_INT(s.nObj>0 ? s.aObj[0].bShallow : -1, 0);
    CHECK_STR(s.nObj>0 ? s.aObj[0].zSig : 0,
              "create index gone on t ( a desc )");
    ormSchemaFree(&s);
    sqlite3_close(db);
  }
}

/*
** Everything of object p as one line (control bytes made visible): what
** ormSchemaLoad() gives, so that a deepened object can be compared with
** a loaded one as a whole.
*/
static char *unitObject(const OrmObject *p){
  static const char *azType[] = { "none", "table", "index", "view", "trigger" };
  sqlite3_str *pOut = sqlite3_str_new(0);
  int i;
  if( p==0 ) return unitCopy("no object");
  sqlite3_str_appendf(pOut, "%s %s tbl=%s shallow=%d wr=%d strict=%d"
      " autoinc=%d ipk=%d | sig=%s | base=%s | fks=",
      p->eType>=0 && p->eType<=ORM_OBJ_TRIGGER ? azType[p->eType] : "???",
      p->zName, p->zTbl, p->bShallow, p->bWithoutRowid, p->bStrict,
      p->bAutoinc, p->iIpk, p->zSig ? p->zSig : "NULL",
      p->zSigBase ? p->zSigBase : "NULL");
  for(i=0; i<p->nFk; i++){
    OrmErr err = {0, 0};
    char *zFk = ormSchemaFkSig(&err, &p->aFk[i]);
    sqlite3_str_appendf(pOut, "%s%s", i ? "," : "", zFk ? zFk : "OOM");
    sqlite3_free(zFk);
  }
  for(i=0; i<p->nCol; i++){
    const OrmColumn *pCol = &p->aCol[i];
    sqlite3_str_appendf(pOut, " | %s: type=%s dflt=%s notnull=%d pk=%d"
        " hidden=%d def=%s sig=%s", pCol->zName,
        pCol->zType ? pCol->zType : "NULL",
        pCol->zDflt ? pCol->zDflt : "NULL", pCol->bNotNull, pCol->iPk,
        pCol->eHidden, pCol->zDef ? pCol->zDef : "NULL",
        pCol->zSig ? pCol->zSig : "NULL");
  }
  return unitVisible(unitFinish(pOut));
}

/*
** Check that object pGot is the object of the same name in pExp (as
** ormSchemaLoad() read it), field by field.
*/
static void unitCheckObject(const char *zFile, int iLine, const char *zExpr,
                            const OrmObject *pGot, const OrmSchema *pExp){
  char *zExp = unitObject(pGot ? ormSchemaFind(pExp, pGot->zName) : 0);
  unitCheckOwned(zFile, iLine, zExpr, unitObject(pGot), zExp);
  sqlite3_free(zExp);
}
#define CHECK_OBJECT(GOT, EXP) \
  unitCheckObject(__FILE__, __LINE__, #GOT, (GOT), (EXP))

/* The names of the objects of p, separated by spaces. */
static char *unitNames(const OrmSchema *p){
  sqlite3_str *pOut = sqlite3_str_new(0);
  int i;
  for(i=0; i<p->nObj; i++){
    sqlite3_str_appendf(pOut, "%s%s", i ? " " : "", p->aObj[i].zName);
  }
  return unitFinish(pOut);
}

/*
** The objects of p that are still shallow (bShallow set, and no
** signature, column or foreign key), separated by spaces; "!name" for
** one with bShallow set that has any of those.
*/
static char *unitShallow(const OrmSchema *p){
  sqlite3_str *pOut = sqlite3_str_new(0);
  int i;
  for(i=0; i<p->nObj; i++){
    const OrmObject *pObj = &p->aObj[i];
    if( !pObj->bShallow ) continue;
    sqlite3_str_appendf(pOut, "%s%s%s", sqlite3_str_length(pOut) ? " " : "",
        (pObj->zSig || pObj->zSigBase || pObj->nCol || pObj->aCol
         || pObj->nFk || pObj->iIpk!=-1) ? "!" : "", pObj->zName);
  }
  return unitFinish(pOut);
}

/* Objects of the schemas of testSchemaShallow() and testSchemaDeepen(). */
static const char zUnitSchema[] =
    "CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT UNIQUE);"
    "CREATE VIEW v AS SELECT id FROM p;"
    "CREATE INDEX pn ON p(name DESC);"
    "CREATE TRIGGER tr AFTER INSERT ON p BEGIN SELECT 1; END;"
    "CREATE TABLE _orm_meta(x);"
    "CREATE TABLE c(id INTEGER PRIMARY KEY,"
    " pid INT REFERENCES p(id) ON DELETE CASCADE,"
    " note TEXT COLLATE nocase DEFAULT 'x' CHECK(length(note)<10),"
    " CHECK(id>0));"
    "CREATE INDEX ci ON c(pid);"
    "CREATE TABLE w(k TEXT PRIMARY KEY, v) WITHOUT ROWID;"
    "CREATE TABLE seq(id INTEGER PRIMARY KEY AUTOINCREMENT);"
    "CREATE VIEW v2 AS SELECT 2;";

/*
** Open an in-memory database holding zUnitSchema, with an FTS5 table "f"
** created after _orm_meta when FTS5 is there (*pbFts5 says).  The caller
** closes it.
*/
static sqlite3 *unitSchemaDb(int *pbFts5){
  sqlite3 *db = 0;
  char *zErr = 0;
  int rc = sqlite3_open(":memory:", &db);
  if( rc==SQLITE_OK ) rc = sqlite3_exec(db, zUnitSchema, 0, 0, &zErr);
  CHECK_STR(rc==SQLITE_OK ? "ok" : (zErr ? zErr : sqlite3_errstr(rc)), "ok");
  sqlite3_free(zErr);
  *pbFts5 = sqlite3_exec(db, "CREATE VIRTUAL TABLE f USING fts5(body);"
                             "CREATE TABLE after_f(a)", 0, 0, 0)==SQLITE_OK;
  if( !*pbFts5 ){
    printf("FTS5 is not available: its checks are skipped\n");
    sqlite3_exec(db, "CREATE TABLE after_f(a)", 0, 0, 0);
  }
  return db;
}

static void testSchemaShallow(void){
  OrmErr err = {0, 0};
  OrmSchema s;
  sqlite3 *db;
  int bFts5, i;

  db = unitSchemaDb(&bFts5);

  /* Tables, indexes, views, triggers, each in creation order; no SQLite
  ** object (sqlite_sequence), no _orm_ table, no virtual table or its
  ** shadow tables. */
  memset(&s, 0, sizeof(s));
  ormSchemaLoadShallow(&err, db, "main", 0, &s);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_OWNED(unitNames(&s), "p c w seq after_f pn ci v v2 tr");
  CHECK_OWNED(unitShallow(&s), "p c w seq after_f pn ci v v2 tr");
  if( s.nObj==10 ){
    CHECK_INT(s.aObj[0].eType, ORM_OBJ_TABLE);
    CHECK_INT(s.aObj[4].eType, ORM_OBJ_TABLE);
    CHECK_INT(s.aObj[5].eType, ORM_OBJ_INDEX);
    CHECK_INT(s.aObj[6].eType, ORM_OBJ_INDEX);
    CHECK_INT(s.aObj[7].eType, ORM_OBJ_VIEW);
    CHECK_INT(s.aObj[8].eType, ORM_OBJ_VIEW);
    CHECK_INT(s.aObj[9].eType, ORM_OBJ_TRIGGER);
    CHECK_STR(s.aObj[6].zTbl, "c");
    CHECK_STR(s.aObj[7].zTbl, "v");
    CHECK_STR(s.aObj[9].zTbl, "p");
    CHECK_STR(s.aObj[6].zSql, "CREATE INDEX ci ON c(pid)");
    CHECK_STR(s.aObj[2].zSql,
              "CREATE TABLE w(k TEXT PRIMARY KEY, v) WITHOUT ROWID");
    CHECK_INT(s.aObj[2].bWithoutRowid, 0);
    CHECK_INT(s.aObj[3].bAutoinc, 0);
  }
  /* The name hash is built. */
  CHECK_INT(s.nHash>0, 1);
  CHECK_INT(ormSchemaFind(&s, "CI")==&s.aObj[6], 1);
  CHECK_INT(ormSchemaFind(&s, "_orm_meta")==0, 1);
  ormSchemaFree(&s);

  /* A scratch copy: everything but SQLite's own objects. */
  ormSchemaLoadShallow(&err, db, "main", 1, &s);
  CHECK_INT(err.rc, SQLITE_OK);
  if( bFts5 ){
    CHECK_OWNED(unitNames(&s),
        "p _orm_meta c w seq f f_data f_idx f_content f_docsize f_config"
        " after_f pn ci v v2 tr");
    i = 5;
    CHECK_STR(s.nObj>i ? s.aObj[i].zSql : 0,
              "CREATE VIRTUAL TABLE f USING fts5(body)");
    CHECK_INT(s.nObj>i ? s.aObj[i].eType : 0, ORM_OBJ_TABLE);
  }else{
    CHECK_OWNED(unitNames(&s), "p _orm_meta c w seq after_f pn ci v v2 tr");
  }
  CHECK_OWNED(unitShallow(&s), bFts5
      ? "p _orm_meta c w seq f f_data f_idx f_content f_docsize f_config"
        " after_f pn ci v v2 tr"
      : "p _orm_meta c w seq after_f pn ci v v2 tr");
  ormSchemaFree(&s);

  /* Nothing to read. */
  sqlite3_close(db);
  CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
  ormSchemaLoadShallow(&err, db, "main", 0, &s);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_INT(s.nObj, 0);
  ormSchemaFree(&s);

  /* Once an error is recorded, nothing is read. */
  sqlite3_exec(db, "CREATE TABLE t(a)", 0, 0, 0);
  ormErrSet(&err, SQLITE_ERROR, "earlier");
  ormSchemaLoadShallow(&err, db, "main", 0, &s);
  CHECK_INT(s.nObj, 0);
  ormErrClear(&err);
  ormSchemaFree(&s);
  sqlite3_close(db);

  /* ormSchemaAddShallow(): copies of the strings; a NULL type is a view. */
  {
    static const char zSql[] = "CREATE TABLE a(x)";
    OrmObject *pObj;
    ormSchemaAddShallow(&err, &s, "table", "a", "a", zSql);
    ormSchemaAddShallow(&err, &s, "index", "ai", "a",
                        "CREATE INDEX ai ON a(x)");
    ormSchemaAddShallow(&err, &s, "view", "av", "av",
                        "CREATE VIEW av AS SELECT 1");
    ormSchemaAddShallow(&err, &s, "trigger", "at", "a",
        "CREATE TRIGGER at AFTER INSERT ON a BEGIN SELECT 1; END");
    ormSchemaAddShallow(&err, &s, 0, "n", "n", "CREATE VIEW n AS SELECT 1");
    CHECK_INT(err.rc, SQLITE_OK);
    CHECK_INT(s.nObj, 5);
    CHECK_OWNED(unitShallow(&s), "a ai av at n");
    if( s.nObj==5 ){
      CHECK_INT(s.aObj[0].eType, ORM_OBJ_TABLE);
      CHECK_INT(s.aObj[1].eType, ORM_OBJ_INDEX);
      CHECK_INT(s.aObj[2].eType, ORM_OBJ_VIEW);
      CHECK_INT(s.aObj[3].eType, ORM_OBJ_TRIGGER);
      CHECK_INT(s.aObj[4].eType, ORM_OBJ_VIEW);
      CHECK_STR(s.aObj[0].zSql, zSql);
      CHECK_INT(s.aObj[0].zSql!=zSql, 1);
      CHECK_STR(s.aObj[3].zTbl, "a");
    }
    /* No hash until ormSchemaIndex(): lookups scan; an append drops it. */
    CHECK_INT(s.nHash, 0);
    pObj = ormSchemaFind(&s, "AT");
    CHECK_INT(pObj==&s.aObj[3], 1);
    ormSchemaIndex(&s);
    CHECK_INT(s.nHash>0, 1);
    ormSchemaAddShallow(&err, &s, "table", "b", "b", "CREATE TABLE b(y)");
    CHECK_INT(s.nHash, 0);
    CHECK_INT(ormSchemaFind(&s, "b")==&s.aObj[5], 1);
    CHECK_INT(ormSchemaFind(&s, "av")==&s.aObj[2], 1);
    /* Once an error is recorded, nothing is added. */
    ormErrSet(&err, SQLITE_ERROR, "earlier");
    ormSchemaAddShallow(&err, &s, "table", "c", "c", "CREATE TABLE c(z)");
    CHECK_INT(s.nObj, 6);
    ormErrClear(&err);
    ormSchemaFree(&s);
  }
}

static void testSchemaDeepen(void){
  OrmErr err = {0, 0};
  OrmSchema s, full;
  OrmObject *pC;
  unsigned char aWant[32];
  const char *zSig;
  sqlite3 *db;
  int bFts5, i;

  db = unitSchemaDb(&bFts5);
  memset(&full, 0, sizeof(full));
  memset(&s, 0, sizeof(s));
  ormSchemaLoad(&err, db, "main", &full);
  ormSchemaLoadShallow(&err, db, "main", 0, &s);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_OWNED(unitNames(&s), "p c w seq after_f pn ci v v2 tr");
  CHECK_OWNED(unitNames(&full), "p c w seq after_f pn ci v v2 tr");
  if( s.nObj!=10 || full.nObj!=10 ){
    ormSchemaFree(&s);
    ormSchemaFree(&full);
    sqlite3_close(db);
    return;
  }

  /* What ormSchemaLoad() reads of table c, as a reference. */
  pC = ormSchemaFind(&full, "c");
  CHECK_OWNED(unitObject(pC),
      "table c tbl=c shallow=0 wr=0 strict=0 autoinc=0 ipk=0"
      " | sig=without_rowid=0 strict=0 autoincrement=0 checks=( id > 0 )"
      " keys= clauses= fks=p^_on update NO ACTION^_on delete CASCADE"
      "^_match NONE^_pid^^id"
      " | base=without_rowid=0 strict=0 autoincrement=0 checks=( id > 0 )"
      " keys= clauses="
      " | fks=p^_on update NO ACTION^_on delete CASCADE^_match NONE^_pid^^id"
      " | id: type=INTEGER dflt=NULL notnull=0 pk=1 hidden=0"
      " def=id INTEGER PRIMARY KEY"
      " sig=type=integer notnull=0 default= pk=1 hidden=0 collate=binary"
      " check= generated="
      " | pid: type=INT dflt=NULL notnull=0 pk=0 hidden=0"
      " def=pid INT REFERENCES p(id) ON DELETE CASCADE"
      " sig=type=int notnull=0 default= pk=0 hidden=0 collate=binary"
      " check= generated="
      " | note: type=TEXT dflt='x' notnull=0 pk=0 hidden=0"
      " def=note TEXT COLLATE nocase DEFAULT 'x' CHECK(length(note)<10)"
      " sig=type=text notnull=0 default='x' pk=0 hidden=0 collate=nocase"
      " check=( length ( note ) < 10 ) generated=");

  /* Only the marked objects: table c, index ci, view v2. */
  memset(aWant, 0, sizeof(aWant));
  aWant[1] = aWant[6] = aWant[8] = 1;
  ormSchemaDeepen(&err, db, "main", &s, aWant);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_OWNED(unitShallow(&s), "p w seq after_f pn v tr");
  CHECK_OBJECT(&s.aObj[1], &full);
  CHECK_OBJECT(&s.aObj[6], &full);
  CHECK_OBJECT(&s.aObj[8], &full);
  CHECK_STR(s.aObj[1].zSig, pC->zSig);
  CHECK_INT(s.aObj[1].nCol, 3);
  for(i=0; i<3 && i<s.aObj[1].nCol; i++){
    CHECK_STR(s.aObj[1].aCol[i].zSig, pC->aCol[i].zSig);
  }
  CHECK_STR(s.aObj[6].zSig, "create index ci on c ( pid ) \x1f" "0 binary");
  CHECK_STR(s.aObj[8].zSig, "create view v2 as select 2");

  /* An object already deep is not read again. */
  zSig = s.aObj[1].zSig;
  memset(aWant, 0, sizeof(aWant));
  aWant[1] = aWant[2] = aWant[3] = 1;
  ormSchemaDeepen(&err, db, "main", &s, aWant);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_INT(s.aObj[1].zSig==zSig, 1);
  CHECK_OWNED(unitShallow(&s), "p after_f pn v tr");
  CHECK_OBJECT(&s.aObj[1], &full);
  CHECK_OBJECT(&s.aObj[2], &full);
  CHECK_OBJECT(&s.aObj[3], &full);
  CHECK_INT(s.aObj[2].bWithoutRowid, 1);
  CHECK_INT(s.aObj[2].iIpk, -1);
  CHECK_INT(s.aObj[3].bAutoinc, 1);
  CHECK_INT(s.aObj[3].iIpk, 0);

  /* Nothing marked: nothing read. */
  memset(aWant, 0, sizeof(aWant));
  ormSchemaDeepen(&err, db, "main", &s, aWant);
  CHECK_OWNED(unitShallow(&s), "p after_f pn v tr");

  /* Once an error is recorded, nothing is read. */
  ormErrSet(&err, SQLITE_ERROR, "earlier");
  ormSchemaDeepen(&err, db, "main", &s, 0);
  CHECK_OWNED(unitShallow(&s), "p after_f pn v tr");
  ormErrClear(&err);

  /* NULL: all the rest, the same as ormSchemaLoad() throughout. */
  ormSchemaDeepen(&err, db, "main", &s, 0);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_OWNED(unitShallow(&s), "");
  for(i=0; i<s.nObj; i++){
    CHECK_OBJECT(&s.aObj[i], &full);
  }
  CHECK_INT(s.aObj[0].iIpk, 0);
  CHECK_STR(s.aObj[0].zSig,
      "without_rowid=0 strict=0 autoincrement=0 checks= keys=u unique(name"
      " asc binary,) clauses= fks=");
  ormSchemaFree(&s);

  /* Tables in another order than the database's (which the queries
  ** follow) are found all the same. */
  ormSchemaLoadShallow(&err, db, "main", 0, &s);
  if( s.nObj>=2 ){
    OrmObject tmp = s.aObj[0];
    s.aObj[0] = s.aObj[1];
    s.aObj[1] = tmp;
    ormSchemaIndex(&s);
  }
  CHECK_OWNED(unitNames(&s), "c p w seq after_f pn ci v v2 tr");
  ormSchemaDeepen(&err, db, "main", &s, 0);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_OWNED(unitShallow(&s), "");
  for(i=0; i<s.nObj; i++){
    CHECK_OBJECT(&s.aObj[i], &full);
  }
  ormSchemaFree(&s);

  /* A scratch copy's bookkeeping and shadow tables can be read too. */
  ormSchemaLoadShallow(&err, db, "main", 1, &s);
  memset(aWant, 0, sizeof(aWant));
  for(i=0; i<s.nObj && i<(int)sizeof(aWant); i++){
    const char *zName = s.aObj[i].zName;
    aWant[i] = strcmp(zName, "_orm_meta")==0 || strcmp(zName, "f_data")==0
            || strcmp(zName, "w")==0 || strcmp(zName, "f")==0;
  }
  ormSchemaDeepen(&err, db, "main", &s, aWant);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_OWNED(unitObject(ormSchemaFind(&s, "_orm_meta")),
      "table _orm_meta tbl=_orm_meta shallow=0 wr=0 strict=0 autoinc=0"
      " ipk=-1 | sig=without_rowid=0 strict=0 autoincrement=0 checks= keys="
      " clauses= fks= | base=without_rowid=0 strict=0 autoincrement=0"
      " checks= keys= clauses= | fks= | x: type= dflt=NULL notnull=0 pk=0"
      " hidden=0 def=x sig=type= notnull=0 default= pk=0 hidden=0"
      " collate=binary check= generated=");
  CHECK_OBJECT(ormSchemaFind(&s, "w"), &full);
  if( bFts5 ){
    const OrmObject *pData = ormSchemaFind(&s, "f_data");
    CHECK_INT(pData ? pData->bShallow : -1, 0);
    CHECK_INT(pData ? pData->nCol : -1, 2);
    CHECK_INT(pData ? pData->iIpk : -2, 0);
    /* A virtual table's text has no column list: its columns are as
    ** PRAGMA table_xinfo shows them, each defined by its name alone. */
    CHECK_OWNED(unitObject(ormSchemaFind(&s, "f")),
        "table f tbl=f shallow=0 wr=0 strict=0 autoinc=0 ipk=-1"
        " | sig=without_rowid=0 strict=0 autoincrement=0 checks= keys="
        " clauses= fks= | base=without_rowid=0 strict=0 autoincrement=0"
        " checks= keys= clauses= | fks="
        " | body: type= dflt=NULL notnull=0 pk=0 hidden=0 def=body"
        " sig=type= notnull=0 default= pk=0 hidden=0 collate=binary check="
        " generated="
        " | f: type= dflt=NULL notnull=0 pk=0 hidden=1 def=f"
        " sig=type= notnull=0 default= pk=0 hidden=1 collate=binary check="
        " generated="
        " | rank: type= dflt=NULL notnull=0 pk=0 hidden=1 def=rank"
        " sig=type= notnull=0 default= pk=0 hidden=1 collate=binary check="
        " generated=");
    CHECK_OWNED(unitShallow(&s),
        "p c seq f_idx f_content f_docsize f_config after_f pn ci v v2 tr");
  }else{
    CHECK_OWNED(unitShallow(&s), "p c seq after_f pn ci v v2 tr");
  }
  ormSchemaFree(&s);

  ormSchemaFree(&full);
  sqlite3_close(db);
}

static void testSchemaDeepenFromText(void){
  /* The same objects as in a database (zUnitSchema, less _orm_meta). */
  static const char *azObj[] = {
    "table", "p", "p",
    "CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT UNIQUE)",
    "table", "c", "c",
    "CREATE TABLE c(id INTEGER PRIMARY KEY,"
    " pid INT REFERENCES p(id) ON DELETE CASCADE,"
    " note TEXT COLLATE nocase DEFAULT 'x' CHECK(length(note)<10),"
    " CHECK(id>0))",
    "table", "w", "w", "CREATE TABLE w(k TEXT PRIMARY KEY, v) WITHOUT ROWID",
    "table", "seq", "seq",
    "CREATE TABLE seq(id INTEGER PRIMARY KEY AUTOINCREMENT)",
    "index", "pn", "p", "CREATE INDEX pn ON p(name DESC)",
    "index", "ci", "c", "CREATE INDEX ci ON c(pid)",
    "view", "v", "v", "CREATE VIEW v AS SELECT id FROM p",
    "trigger", "tr", "p",
    "CREATE TRIGGER tr AFTER INSERT ON p BEGIN SELECT 1; END",
  };
  OrmErr err = {0, 0};
  OrmSchema s, full;
  unsigned char aWant[8];
  char *zName, *zSql;
  sqlite3 *db;
  int bFts5, i;

  db = unitSchemaDb(&bFts5);
  memset(&full, 0, sizeof(full));
  memset(&s, 0, sizeof(s));
  ormSchemaLoad(&err, db, "main", &full);
  sqlite3_close(db);
  for(i=0; i<(int)(sizeof(azObj)/sizeof(azObj[0])); i+=4){
    ormSchemaAddShallow(&err, &s, azObj[i], azObj[i+1], azObj[i+2],
                        azObj[i+3]);
  }
  ormSchemaIndex(&s);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_INT(s.nObj, 8);
  if( s.nObj!=8 ){
    ormSchemaFree(&s);
    ormSchemaFree(&full);
    return;
  }

  /* Only the marked: tables c and w, index ci, trigger tr.  Names and
  ** text stay those of the shallow objects. */
  memset(aWant, 0, sizeof(aWant));
  aWant[1] = aWant[2] = aWant[5] = aWant[7] = 1;
  zName = s.aObj[1].zName;
  zSql = s.aObj[1].zSql;
  ormSchemaDeepenFromText(&err, 0, &s, aWant);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_OWNED(unitShallow(&s), "p seq pn v");
  CHECK_INT(s.aObj[1].zName==zName, 1);
  CHECK_INT(s.aObj[1].zSql==zSql, 1);
  CHECK_OBJECT(&s.aObj[1], &full);
  CHECK_OBJECT(&s.aObj[2], &full);
  CHECK_OBJECT(&s.aObj[5], &full);
  CHECK_OBJECT(&s.aObj[7], &full);
  /* An index is read on its table: its key's order and collation. */
  CHECK_STR(s.aObj[5].zSig, "create index ci on c ( pid ) \x1f" "0 binary");
  CHECK_STR(s.aObj[7].zSig,
            "create trigger tr after insert on p begin select 1 ; end");
  CHECK_INT(s.aObj[1].nCol, 3);
  for(i=0; i<3 && i<s.aObj[1].nCol; i++){
    const OrmObject *pC = ormSchemaFind(&full, "c");
    CHECK_STR(s.aObj[1].aCol[i].zSig, pC ? pC->aCol[i].zSig : 0);
  }

  /* NULL: the rest. */
  ormSchemaDeepenFromText(&err, 0, &s, 0);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_OWNED(unitShallow(&s), "");
  for(i=0; i<s.nObj; i++){
    CHECK_OBJECT(&s.aObj[i], &full);
  }
  ormSchemaFree(&s);

  /* A name spelled otherwise than in its text is kept; an index, view or
  ** trigger is not read at all, only normalised. */
  ormSchemaAddShallow(&err, &s, "table", "Mixed", "Mixed",
                      "CREATE TABLE mixed(\"A\" int NOT NULL)");
  ormSchemaAddShallow(&err, &s, "view", "bad_view", "bad_view",
                      "CREATE VIEW bad_view AS SELECT * FROM nowhere");
  ormSchemaDeepenFromText(&err, 0, &s, 0);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_OWNED(unitObject(s.nObj>0 ? &s.aObj[0] : 0),
      "table Mixed tbl=Mixed shallow=0 wr=0 strict=0 autoinc=0 ipk=-1"
      " | sig=without_rowid=0 strict=0 autoincrement=0 checks= keys="
      " clauses= fks= | base=without_rowid=0 strict=0 autoincrement=0"
      " checks= keys= clauses= | fks= | A: type=INT dflt=NULL notnull=1"
      " pk=0 hidden=0 def=\"A\" int NOT NULL sig=type=int notnull=1 default="
      " pk=0 hidden=0 collate=binary check= generated=");
  CHECK_STR(s.nObj>1 ? s.aObj[1].zSig : 0,
            "create view bad_view as select * from nowhere");
  ormSchemaFree(&s);

  /* A table whose text SQLite refuses: an error naming it. */
  ormSchemaAddShallow(&err, &s, "table", "ok", "ok", "CREATE TABLE ok(a)");
  ormSchemaAddShallow(&err, &s, "table", "bad", "bad", "CREATE TABLE bad(a,");
  ormSchemaDeepenFromText(&err, 0, &s, 0);
  CHECK_INT(err.rc, SQLITE_ERROR);
  CHECK_STR(err.zMsg, "table \"bad\" cannot be read on its own: incomplete"
            " input; declare it again or orm_undeclare('bad') it");
  CHECK_OWNED(unitShallow(&s), "ok bad");
  ormErrClear(&err);

  /* A table made only for an index, which SQLite refuses, is no error:
  ** the index, which SQLite then cannot make, is compared by its
  ** normalised text. */
  {
    OrmSchema t;
    memset(&t, 0, sizeof(t));
    ormSchemaAddShallow(&err, &t, "table", "bad2", "bad2",
                        "CREATE TABLE bad2(a,");
    ormSchemaAddShallow(&err, &t, "index", "bi", "bad2",
                        "CREATE INDEX bi ON bad2(a DESC)");
    memset(aWant, 0, sizeof(aWant));
    aWant[1] = 1;
    ormSchemaDeepenFromText(&err, 0, &t, aWant);
    CHECK_INT(err.rc, SQLITE_OK);
    CHECK_OWNED(unitShallow(&t), "bad2");
    CHECK_STR(t.nObj>1 ? t.aObj[1].zSig : 0,
              "create index bi on bad2 ( a desc )");
    ormSchemaFree(&t);

    /* So is an index on no table of p, or on a view. */
    ormSchemaAddShallow(&err, &t, "view", "v", "v",
                        "CREATE VIEW v AS SELECT 1 AS a");
    ormSchemaAddShallow(&err, &t, "index", "iv", "v",
                        "CREATE INDEX iv ON v(a)");
    ormSchemaAddShallow(&err, &t, "index", "ix", "nosuch",
                        "CREATE INDEX ix ON nosuch(a)");
    ormSchemaDeepenFromText(&err, 0, &t, 0);
    CHECK_INT(err.rc, SQLITE_OK);
    CHECK_OWNED(unitShallow(&t), "");
    CHECK_STR(t.nObj>2 ? t.aObj[1].zSig : 0, "create index iv on v ( a )");
    CHECK_STR(t.nObj>2 ? t.aObj[2].zSig : 0,
              "create index ix on nosuch ( a )");
    ormSchemaFree(&t);

    /* A table whose text makes a table of another name is lost. */
    ormSchemaAddShallow(&err, &t, "table", "q", "q", "CREATE TABLE r(a)");
    ormSchemaDeepenFromText(&err, 0, &t, 0);
    CHECK_INT(err.rc, SQLITE_INTERNAL);
    CHECK_STR(err.zMsg, "lost table q");
    ormErrClear(&err);
    ormSchemaFree(&t);

    /* An index whose name the text of its table, made only for it, gives
    ** to a table: what is read back under the index's name is that table,
    ** so the index is compared by its normalised text. */
    ormSchemaAddShallow(&err, &t, "table", "q", "q", "CREATE TABLE ix(a)");
    ormSchemaAddShallow(&err, &t, "index", "ix", "q",
                        "CREATE INDEX ix ON q(a)");
    memset(aWant, 0, sizeof(aWant));
    aWant[1] = 1;
    ormSchemaDeepenFromText(&err, 0, &t, aWant);
    CHECK_INT(err.rc, SQLITE_OK);
    CHECK_OWNED(unitShallow(&t), "q");
    CHECK_STR(t.nObj>1 ? t.aObj[1].zSig : 0, "create index ix on q ( a )");
    ormSchemaFree(&t);
  }

  /* Once an error is recorded, nothing is read. */
  ormErrSet(&err, SQLITE_ERROR, "earlier");
  ormSchemaDeepenFromText(&err, 0, &s, 0);
  CHECK_OWNED(unitShallow(&s), "ok bad");
  CHECK_STR(err.zMsg, "earlier");
  ormErrClear(&err);
  ormSchemaFree(&s);
  ormSchemaFree(&full);
}

static void testDiffEqual(void){
  /* The same schema, spelled differently: case, quotes, DEFAULT 0 and
  ** DEFAULT (0), clause and column order. */
  static const char zA[] =
      "CREATE TABLE \"User\"(\"Id\" INTEGER PRIMARY KEY, \"Name\" TEXT"
      "  NOT NULL DEFAULT 'x' COLLATE NOCASE, n INT DEFAULT 0,"
      "  m REAL DEFAULT -1, s TEXT DEFAULT ('y'), CHECK (\"Id\" > 0),"
      "  UNIQUE(\"Name\", n));"
      "CREATE TABLE Post(id INTEGER PRIMARY KEY,"
      "  user_id INT REFERENCES \"User\"(\"Id\") ON DELETE CASCADE,"
      "  body TEXT CHECK (length(body) < 100));"
      "CREATE INDEX \"User_name\" ON \"User\"(\"Name\");"
      "CREATE VIEW v AS SELECT \"Id\" FROM \"User\";"
      "CREATE TRIGGER tr AFTER INSERT ON \"User\" BEGIN SELECT 1; END;";
  static const char zB[] =
      "create table user(s text default 'y', n int default (0),"
      "  name text collate nocase default 'x' not null,"
      "  id integer primary key, m real default (-1),"
      "  unique(name, N), check(id>0));"
      "CREATE TABLE post(/* the key */ ID integer primary key,"
      "  BODY text check(length(BODY)<100),"
      "  user_id int references user(id) on delete cascade);"
      "create index user_name on user(name);"
      "create view V as select id from user;"
      "create trigger TR after insert on user begin select 1; end;";
  CHECK_DIFF(zA, zB, 0, "");
  CHECK_DIFF(zB, zA, 0, "");
  CHECK_DIFF(zA, zA, 0, "");
  CHECK_DIFF("", "", 0, "");
  CHECK_DIFF("CREATE TABLE t(a TEXT, b)", "CREATE TABLE t(b, a text)", 0, "");
}

/*
** ormDiffCompute() of from and to (with the hints pRen) as "rc=N: message"
** or the changes it finds, as unitDescribe() gives them.
*/
static char *unitDiffOf(const OrmSchema *pFrom, const OrmSchema *pTo,
                        const OrmRenames *pRen){
  OrmErr err = {0, 0};
  OrmDiff d;
  char *zRet;
  memset(&d, 0, sizeof(d));
  ormDiffCompute(&err, pFrom, pTo, pRen, &d);
  if( err.rc ){
    zRet = sqlite3_mprintf("rc=%d: %s", err.rc, err.zMsg ? err.zMsg : "");
  }else{
    zRet = unitDescribe(&d);
  }
  ormErrClear(&err);
  ormDiffFree(&d);
  return zRet;
}

static void testDiffShallow(void){
  /* A shallow object (not introspected) is compared by its text: with an
  ** introspected one of the same text, either way round, it is the same;
  ** a table that differs, or is renamed, must have been introspected. */
  OrmErr err = {0, 0};
  OrmSchema deep, same, other, renamed;
  OrmRenames ren;
  LOAD("CREATE TABLE t(a); CREATE VIEW v AS SELECT 1", &deep);
  memset(&same, 0, sizeof(same));
  memset(&other, 0, sizeof(other));
  memset(&renamed, 0, sizeof(renamed));
  memset(&ren, 0, sizeof(ren));
  ormSchemaAddShallow(&err, &same, "table", "t", "t", "CREATE TABLE t(a)");
  ormSchemaAddShallow(&err, &same, "view", "v", "v",
                      "CREATE VIEW v AS SELECT 1");
  ormSchemaAddShallow(&err, &other, "table", "t", "t",
                      "CREATE TABLE t(a, b)");
  ormSchemaAddShallow(&err, &renamed, "table", "u", "u",
                      "CREATE TABLE t(a)");
  unitRename(&err, &ren, "", "t", "u");
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_OWNED(unitDiffOf(&deep, &same, 0), "");
  CHECK_OWNED(unitDiffOf(&same, &deep, 0), "");
  CHECK_OWNED(unitDiffOf(&same, &same, 0), "");
  CHECK_OWNED(unitDiffOf(&same, &other, 0),
              "rc=2: table t was not introspected");
  CHECK_OWNED(unitDiffOf(&deep, &other, 0),
              "rc=2: table t was not introspected");
  CHECK_OWNED(unitDiffOf(&same, &renamed, &ren),
              "rc=2: table u was not introspected");

  /* One table goes while one comes, either of them shallow: no hint to
  ** rename it, its columns are not known. */
  {
    OrmSchema deepB;
    OrmDiff d;
    char *z;
    LOAD("CREATE TABLE b(a)", &deepB);
    memset(&d, 0, sizeof(d));
    ormDiffCompute(&err, &same, &deepB, 0, &d);
    CHECK_OWNED(unitDescribe(&d), "drop view v\ncreate table b\ndrop table t");
    z = d.nChange==3 ? ormDiffDetailIn(&err, &d, 1) : 0;
    CHECK_STR(z, "");
    sqlite3_free(z);
    ormDiffFree(&d);
    ormDiffCompute(&err, &deepB, &same, 0, &d);
    CHECK_OWNED(unitDescribe(&d), "create table t\ndrop table b\n"
                "create view v");
    z = d.nChange==3 ? ormDiffDetailIn(&err, &d, 0) : 0;
    CHECK_STR(z, "");
    sqlite3_free(z);
    ormDiffFree(&d);
    CHECK_INT(err.rc, SQLITE_OK);
    ormSchemaFree(&deepB);
  }
  ormDiffRenamesFree(&ren);
  ormSchemaFree(&deep);
  ormSchemaFree(&same);
  ormSchemaFree(&other);
  ormSchemaFree(&renamed);
}

static void testDiffOrder(void){
  /* Drops of triggers, views, indexes (each last first); new tables;
  ** dropped tables (last first); then new and changed indexes, views,
  ** triggers. */
  CHECK_DIFF(
      "CREATE TABLE t1(a, b);"
      "CREATE TABLE old1(x);"
      "CREATE TABLE old2(y);"
      "CREATE INDEX i1 ON t1(a);"
      "CREATE INDEX ikeep ON t1(b);"
      "CREATE INDEX igone ON old1(x);"
      "CREATE VIEW v1 AS SELECT a FROM t1;"
      "CREATE VIEW vkeep AS SELECT b FROM t1;"
      "CREATE VIEW vgone AS SELECT x FROM old1;"
      "CREATE TRIGGER tr1 AFTER INSERT ON t1 BEGIN SELECT 1; END;"
      "CREATE TRIGGER trkeep AFTER UPDATE ON t1 BEGIN SELECT 1; END;"
      "CREATE TRIGGER trgone AFTER INSERT ON old1 BEGIN SELECT 1; END;",

      "CREATE TABLE t1(a, b);"
      "CREATE TABLE new1(x);"
      "CREATE TABLE new2(y);"
      "CREATE INDEX i1 ON t1(a DESC);"
      "CREATE INDEX ikeep ON t1(b);"
      "CREATE INDEX inew ON new1(x);"
      "CREATE VIEW v1 AS SELECT a, b FROM t1;"
      "CREATE VIEW vkeep AS SELECT b FROM t1;"
      "CREATE VIEW vnew AS SELECT x FROM new1;"
      "CREATE TRIGGER tr1 AFTER DELETE ON t1 BEGIN SELECT 1; END;"
      "CREATE TRIGGER trkeep AFTER UPDATE ON t1 BEGIN SELECT 1; END;"
      "CREATE TRIGGER trnew AFTER INSERT ON new1 BEGIN SELECT 1; END;",
      0,
      "drop trigger trgone\n"
      "drop trigger tr1\n"
      "drop view vgone\n"
      "drop view v1\n"
      "drop index igone\n"
      "drop index i1\n"
      "create table new1\n"
      "create table new2\n"
      "drop table old2\n"
      "drop table old1\n"
      "create index i1: changed\n"
      "create index inew\n"
      "create view v1: changed\n"
      "create view vnew\n"
      "create trigger tr1: changed\n"
      "create trigger trnew");

  /* Creation comes before alteration, alteration before drops. */
  CHECK_DIFF("CREATE TABLE a(x); CREATE TABLE b(x);",
             "CREATE TABLE b(x, y); CREATE TABLE c(x);", 0,
             "create table c\n"
             "alter table b: add column \"y\"\n"
             "drop table a");

  /* A table that becomes a view of the same name. */
  CHECK_DIFF("CREATE TABLE t(a)",
             "CREATE TABLE base(a); CREATE VIEW t AS SELECT a FROM base", 0,
             "create table base\n"
             "drop table t\n"
             "create view t");
  CHECK_DIFF("CREATE TABLE base(a); CREATE VIEW t AS SELECT a FROM base",
             "CREATE TABLE t(a)", 0,
             "drop view t\n"
             "create table t\n"
             "drop table base");

  /* Everything from nothing, and back. */
  CHECK_DIFF("",
             "CREATE TABLE t(a); CREATE INDEX ti ON t(a);"
             " CREATE VIEW v AS SELECT a FROM t;", 0,
             "create table t\ncreate index ti\ncreate view v");
  CHECK_DIFF("CREATE TABLE t(a); CREATE INDEX ti ON t(a);"
             " CREATE VIEW v AS SELECT a FROM t;", "", 0,
             "drop view v\ndrop index ti\ndrop table t");
}

static void testDiffAlter(void){
  static const char zFrom[] =
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INT, d TEXT, g)";
  static const char zTo[] =
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL, d TEXT,"
      " e INT DEFAULT 5, f TEXT)";
  OrmSchema from, to;
  OrmDiff d;
  OrmErr err = {0, 0};

  /* The lists themselves. */
  LOAD(zFrom, &from);
  LOAD(zTo, &to);
  memset(&d, 0, sizeof(d));
  ormDiffCompute(&err, &from, &to, 0, &d);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_INT(d.nChange, 1);
  if( d.nChange==1 ){
    const OrmChange *p = &d.aChange[0];
    CHECK_INT(p->eOp, ORM_OP_ALTER_TABLE);
    CHECK_INT(p->pFrom==&from.aObj[0], 1);
    CHECK_INT(p->pTo==&to.aObj[0], 1);
    CHECK_INT(p->bRebuild, 1);
    CHECK_OWNED(unitList(&p->add), "e,f");
    CHECK_OWNED(unitList(&p->drop), "c,g");
    CHECK_OWNED(unitList(&p->change), "b");
    CHECK_INT(p->renOld.n, 0);
    CHECK_INT(p->renNew.n, 0);
    CHECK_OWNED(ormDiffDetail(&err, p),
        "add column \"e\", \"f\"; drop column \"c\", \"g\";"
        " change column \"b\"");
  }
  ormDiffFree(&d);
  CHECK_INT(d.nChange, 0);
  ormSchemaFree(&from);
  ormSchemaFree(&to);
  ormErrClear(&err);

  /* Adding or dropping columns alone needs no rebuild. */
  CHECK_DIFF("CREATE TABLE t(a)", "CREATE TABLE t(a, \"b c\" INT DEFAULT 1)",
             0, "alter table t: add column \"b c\"");
  CHECK_DIFF("CREATE TABLE t(a, b)", "CREATE TABLE t(a)", 0,
             "alter table t: drop column \"b\"");
  CHECK_DIFF("CREATE TABLE t(a, \"q\"\"x\")", "CREATE TABLE t(a)", 0,
             "alter table t: drop column \"q\"\"x\"");

  /* Each part of a column's signature. */
  CHECK_DIFF("CREATE TABLE t(a INT)", "CREATE TABLE t(a TEXT)", 0,
             "alter table t: change column \"a\" [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a INT)", "CREATE TABLE t(a INT NOT NULL)", 0,
             "alter table t: change column \"a\" [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a DEFAULT 0)", "CREATE TABLE t(a DEFAULT 1)", 0,
             "alter table t: change column \"a\" [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a DEFAULT 'x')", "CREATE TABLE t(a DEFAULT 'X')",
             0, "alter table t: change column \"a\" [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a TEXT)", "CREATE TABLE t(a TEXT COLLATE nocase)",
             0, "alter table t: change column \"a\" [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a CHECK (a>0))", "CREATE TABLE t(a CHECK (a>1))",
             0, "alter table t: change column \"a\" [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a, b AS (a+1))", "CREATE TABLE t(a, b AS (a+2))",
             0, "alter table t: change column \"b\" [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a, b AS (a+1))",
             "CREATE TABLE t(a, b AS (a+1) STORED)", 0,
             "alter table t: change column \"b\" [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a INT, b)",
             "CREATE TABLE t(a INT PRIMARY KEY, b)", 0,
             "alter table t: change column \"a\"; table constraints changed"
             " [rebuild]");

  /* Table-level changes. */
  CHECK_DIFF("CREATE TABLE t(a, b)", "CREATE TABLE t(a, b, UNIQUE(a))", 0,
             "alter table t: table constraints changed [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a, b)", "CREATE TABLE t(a, b, CHECK(a<b))", 0,
             "alter table t: table constraints changed [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a, b, CHECK(a<b))",
             "CREATE TABLE t(a, b, CHECK(a<=b))", 0,
             "alter table t: table constraints changed [rebuild]");
  CHECK_DIFF("CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE t(a)",
             "CREATE TABLE p(id INTEGER PRIMARY KEY);"
             " CREATE TABLE t(a, FOREIGN KEY(a) REFERENCES p(id))", 0,
             "alter table t: table constraints changed [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a INTEGER PRIMARY KEY)",
             "CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT)", 0,
             "alter table t: table constraints changed [rebuild]");
  /* (A WITHOUT ROWID primary key is NOT NULL as well.) */
  CHECK_DIFF("CREATE TABLE t(a TEXT PRIMARY KEY)",
             "CREATE TABLE t(a TEXT PRIMARY KEY) WITHOUT ROWID", 0,
             "alter table t: change column \"a\"; table constraints changed"
             " [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a INT)", "CREATE TABLE t(a INT) STRICT", 0,
             "alter table t: table constraints changed [rebuild]");
  CHECK_DIFF("CREATE TABLE t(a, b, UNIQUE(a))",
             "CREATE TABLE t(a, b, c, UNIQUE(a))", 0,
             "alter table t: add column \"c\"");
}

static void testDiffRename(void){
  OrmErr err = {0, 0};
  OrmRenames ren, rev;
  OrmSchema from, to;
  OrmDiff d;
  static const char zFrom[] = "CREATE TABLE t1(x INT, z);"
                              " CREATE TABLE other(k);";
  static const char zTo[] = "CREATE TABLE t2(y INT, z, w);"
                            " CREATE TABLE other(k);";

  memset(&ren, 0, sizeof(ren));
  memset(&rev, 0, sizeof(rev));

  /* Without hints a rename is a drop and a create. */
  CHECK_DIFF("CREATE TABLE t_old(a)", "CREATE TABLE t_new(a)", 0,
             "create table t_new\ndrop table t_old");
  CHECK_DIFF("CREATE TABLE t(a INT, c)", "CREATE TABLE t(b INT, c)", 0,
             "alter table t: add column \"b\"; drop column \"a\"; renamed? orm_rename('t', 'a', 'b')");

  /* A table rename: table "". */
  unitRename(&err, &ren, "", "t_old", "t_new");
  CHECK_DIFF("CREATE TABLE t_old(a)", "CREATE TABLE t_new(a)", &ren,
             "alter table t_new: rename from \"t_old\"");
  CHECK_DIFF("CREATE TABLE t_old(a); CREATE INDEX i ON t_old(a)",
             "CREATE TABLE t_new(a, b); CREATE INDEX i ON t_new(a)", &ren,
             "drop index i\n"
             "alter table t_new: rename from \"t_old\"; add column \"b\"\n"
             "create index i: changed");
  CHECK_STR(ormDiffOldTable(&ren, "t_new"), "t_old");
  CHECK_STR(ormDiffOldTable(&ren, "T_NEW"), "t_old");
  CHECK_STR(ormDiffOldTable(&ren, "t_old"), "t_old");
  CHECK_STR(ormDiffOldTable(&ren, "zz"), "zz");
  CHECK_STR(ormDiffOldTable(0, "zz"), "zz");
  ormDiffRenamesFree(&ren);
  CHECK_INT(ren.old.n, 0);

  /* A column rename, keyed by the table's declared name. */
  unitRename(&err, &ren, "t", "a", "b");
  CHECK_DIFF("CREATE TABLE t(a INT, c)", "CREATE TABLE t(b INT, c)", &ren,
             "alter table t: rename column \"a\" to \"b\"");
  CHECK_DIFF("CREATE TABLE t(a INT, c)", "CREATE TABLE t(b TEXT, c)", &ren,
             "alter table t: rename column \"a\" to \"b\";"
             " change column \"b\" [rebuild]");
  /* ... of another table: no effect. */
  CHECK_DIFF("CREATE TABLE u(a INT, c)", "CREATE TABLE u(b INT, c)", &ren,
             "alter table u: add column \"b\"; drop column \"a\"; renamed? orm_rename('u', 'a', 'b')");
  ormDiffRenamesFree(&ren);

  /* A table rename with a column rename in it, and the way back. */
  unitRename(&err, &ren, "", "t1", "t2");
  unitRename(&err, &ren, "t2", "x", "y");
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_DIFF(zFrom, zTo, &ren,
             "alter table t2: rename from \"t1\"; rename column \"x\" to \"y\";"
             " add column \"w\"");
  ormDiffRenamesReverse(&err, &ren, &rev);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_OWNED(unitRenames(&rev), ":t2>t1 t1:y>x");
  CHECK_DIFF(zTo, zFrom, &rev,
             "alter table t1: rename from \"t2\"; rename column \"y\" to \"x\";"
             " drop column \"w\"");

  /* The lists of that change. */
  LOAD(zFrom, &from);
  LOAD(zTo, &to);
  memset(&d, 0, sizeof(d));
  ormDiffCompute(&err, &from, &to, &ren, &d);
  CHECK_INT(d.nChange, 1);
  if( d.nChange==1 ){
    const OrmChange *p = &d.aChange[0];
    CHECK_INT(p->eOp, ORM_OP_ALTER_TABLE);
    CHECK_STR(p->pFrom ? p->pFrom->zName : 0, "t1");
    CHECK_STR(p->pTo ? p->pTo->zName : 0, "t2");
    CHECK_INT(p->bRebuild, 0);
    CHECK_OWNED(unitList(&p->renOld), "x");
    CHECK_OWNED(unitList(&p->renNew), "y");
    CHECK_OWNED(unitList(&p->add), "w");
    CHECK_INT(p->drop.n, 0);
    CHECK_INT(p->change.n, 0);
  }
  ormDiffFree(&d);
  ormSchemaFree(&from);
  ormSchemaFree(&to);

  /* Reversing a reversal gives the hints back. */
  {
    OrmRenames back;
    memset(&back, 0, sizeof(back));
    ormDiffRenamesReverse(&err, &rev, &back);
    CHECK_OWNED(unitRenames(&back), ":t1>t2 t2:x>y");
    ormDiffRenamesFree(&back);
  }
  ormDiffRenamesFree(&ren);
  ormDiffRenamesFree(&rev);

  /* A rename of a parent table or of its key: SQLite rewrites the
  ** REFERENCES of the child, which is then not changed at all. */
  unitRename(&err, &ren, "", "p", "p2");
  CHECK_DIFF("CREATE TABLE p(id INTEGER PRIMARY KEY);"
             " CREATE TABLE c(pid REFERENCES p(id), q REFERENCES p);",
             "CREATE TABLE p2(id INTEGER PRIMARY KEY);"
             " CREATE TABLE c(pid REFERENCES \"P2\"(id), q REFERENCES p2);",
             &ren, "alter table p2: rename from \"p\"");
  ormDiffRenamesFree(&ren);
  unitRename(&err, &ren, "p", "id", "key");
  unitRename(&err, &ren, "c", "pid", "p_key");
  CHECK_DIFF("CREATE TABLE p(id INTEGER PRIMARY KEY, u UNIQUE);"
             " CREATE TABLE c(pid, u, FOREIGN KEY(pid, u)"
             " REFERENCES p(id, u) ON DELETE CASCADE);",
             "CREATE TABLE p(key INTEGER PRIMARY KEY, u UNIQUE);"
             " CREATE TABLE c(p_key, u, FOREIGN KEY(p_key, u)"
             " REFERENCES p(key, u) ON DELETE CASCADE);",
             &ren,
             "alter table p: rename column \"id\" to \"key\"\n"
             "alter table c: rename column \"pid\" to \"p_key\"");
  /* ... but a foreign key that changes otherwise still counts. */
  CHECK_DIFF("CREATE TABLE p(id INTEGER PRIMARY KEY, u UNIQUE);"
             " CREATE TABLE c(pid REFERENCES p(id));",
             "CREATE TABLE p(key INTEGER PRIMARY KEY, u UNIQUE);"
             " CREATE TABLE c(pid REFERENCES p(u));",
             &ren,
             "alter table p: rename column \"id\" to \"key\"\n"
             "alter table c: table constraints changed [rebuild]");
  ormDiffRenamesFree(&ren);
  /* A table whose foreign key refers to itself. */
  unitRename(&err, &ren, "", "t", "u");
  unitRename(&err, &ren, "u", "id", "key");
  CHECK_DIFF("CREATE TABLE t(id INTEGER PRIMARY KEY, up REFERENCES t(id))",
             "CREATE TABLE u(key INTEGER PRIMARY KEY, up REFERENCES u(key))",
             &ren,
             "alter table u: rename from \"t\";"
             " rename column \"id\" to \"key\"");
  ormDiffRenamesFree(&ren);
  /* Without the hints, the child's foreign key has changed. */
  CHECK_DIFF("CREATE TABLE p(id INTEGER PRIMARY KEY);"
             " CREATE TABLE c(pid REFERENCES p(id));",
             "CREATE TABLE p(key INTEGER PRIMARY KEY);"
             " CREATE TABLE c(pid REFERENCES p(key));", 0,
             "alter table p: add column \"key\"; drop column \"id\"; renamed? orm_rename('p', 'id', 'key')\n"
             "alter table c: table constraints changed [rebuild]");

  /* No hints reverse to no hints. */
  ormDiffRenamesReverse(&err, &ren, &rev);
  CHECK_OWNED(unitRenames(&rev), "");
  ormDiffRenamesFree(&rev);
  CHECK_INT(err.rc, SQLITE_OK);
  ormErrClear(&err);
}

static void testDiffNames(void){
  OrmErr err = {0, 0};
  OrmChange c;
  OrmObject a, b;
  CHECK_STR(ormDiffOpName(ORM_OP_CREATE_TABLE), "create table");
  CHECK_STR(ormDiffOpName(ORM_OP_DROP_TABLE), "drop table");
  CHECK_STR(ormDiffOpName(ORM_OP_ALTER_TABLE), "alter table");
  CHECK_STR(ormDiffOpName(ORM_OP_CREATE_INDEX), "create index");
  CHECK_STR(ormDiffOpName(ORM_OP_DROP_INDEX), "drop index");
  CHECK_STR(ormDiffOpName(ORM_OP_CREATE_VIEW), "create view");
  CHECK_STR(ormDiffOpName(ORM_OP_DROP_VIEW), "drop view");
  CHECK_STR(ormDiffOpName(ORM_OP_CREATE_TRIGGER), "create trigger");
  CHECK_STR(ormDiffOpName(ORM_OP_DROP_TRIGGER), "drop trigger");

  /* ormDiffDetail() of hand-made changes. */
  memset(&c, 0, sizeof(c));
  memset(&a, 0, sizeof(a));
  memset(&b, 0, sizeof(b));
  a.zName = "t";
  a.zSig = "sig";
  b.zName = "T";
  b.zSig = "sig";
  c.eOp = ORM_OP_CREATE_TABLE;
  c.pTo = &b;
  CHECK_OWNED(ormDiffDetail(&err, &c), "");
  c.eOp = ORM_OP_DROP_INDEX;
  c.pFrom = &a;
  c.pTo = 0;
  CHECK_OWNED(ormDiffDetail(&err, &c), "");
  c.eOp = ORM_OP_CREATE_VIEW;
  c.pTo = &b;
  CHECK_OWNED(ormDiffDetail(&err, &c), "changed");
  /* An ALTER with nothing to say (a rename in case only). */
  c.eOp = ORM_OP_ALTER_TABLE;
  CHECK_OWNED(ormDiffDetail(&err, &c), "");
  ormListAdd(&err, &c.renOld, "o\"ld");
  ormListAdd(&err, &c.renNew, "new");
  ormListAdd(&err, &c.change, "new");
  b.zName = "t2";
  c.bTableSig = 1;
  CHECK_OWNED(ormDiffDetail(&err, &c),
      "rename from \"t\"; rename column \"o\"\"ld\" to \"new\";"
      " change column \"new\"; table constraints changed");
  ormListFree(&c.renOld);
  ormListFree(&c.renNew);
  ormListFree(&c.change);

  /* Once an error is recorded, nothing. */
  ormErrSet(&err, SQLITE_ERROR, "earlier");
  CHECK_OWNED(ormDiffDetail(&err, &c), 0);
  ormErrClear(&err);
}

/*
** Foreign keys without a column list (REFERENCES p, meaning p's primary
** key) must not be confused with a parent column that happens to be
** called "pk".
*/
static void testDiffImplicitKey(void){
  OrmErr err = {0, 0};
  OrmRenames ren;
  memset(&ren, 0, sizeof(ren));

  /* REFERENCES p(pk) and REFERENCES p differ. */
  CHECK_DIFF("CREATE TABLE p(id INTEGER PRIMARY KEY, pk UNIQUE);"
             " CREATE TABLE c(x REFERENCES p(pk));",
             "CREATE TABLE p(id INTEGER PRIMARY KEY, pk UNIQUE);"
             " CREATE TABLE c(x REFERENCES p);", 0,
             "alter table c: table constraints changed [rebuild]");

  /* The rename of a parent column called "pk" is followed: the child
  ** is not rebuilt. */
  unitRename(&err, &ren, "p", "pk", "id");
  CHECK_DIFF("CREATE TABLE p(pk INTEGER PRIMARY KEY);"
             " CREATE TABLE c(x REFERENCES p(pk));",
             "CREATE TABLE p(id INTEGER PRIMARY KEY);"
             " CREATE TABLE c(x REFERENCES p(id));", &ren,
             "alter table p: rename column \"pk\" to \"id\"");
  ormDiffRenamesFree(&ren);
  ormErrClear(&err);
}

/*************************************************************************
** shape.c
*/

/*
** ormShapeKey() of the nText texts azText, made visible (unitVisible()):
** NULL for no key, and "rc=N" when an error was recorded.
*/
static char *unitShapeKey(const OrmShape *p, const char **azText, int nText){
  OrmErr err = {0, 0};
  char *zKey = ormShapeKey(&err, p, azText, nText);
  if( err.rc ){
    sqlite3_free(zKey);
    zKey = sqlite3_mprintf("rc=%d", err.rc);
  }
  ormErrClear(&err);
  return unitVisible(zKey);
}

/* As unitShapeKey() for a group of one text. */
static char *unitShapeKey1(const OrmShape *p, const char *zText){
  return unitShapeKey(p, &zText, 1);
}

/*
** Whether the keys of two groups are byte-identical: 1 if they are, 0 if
** not, -1 if either has no key.
*/
static int unitSameShape(const OrmShape *p, const char **azA, int nA,
                         const char **azB, int nB){
  OrmErr err = {0, 0};
  char *zA = ormShapeKey(&err, p, azA, nA);
  char *zB = ormShapeKey(&err, p, azB, nB);
  int bSame = (zA && zB) ? strcmp(zA, zB)==0 : -1;
  sqlite3_free(zA);
  sqlite3_free(zB);
  ormErrClear(&err);
  return bSame;
}

static void testShapeKey(void){
  /* Object names of three schemas: t0 to T7 are safe to rename, the
  ** names of pB and pC are not (but t1 again, and i9). */
  static const char zSchemaA[] =
      "CREATE TABLE t0(id INTEGER PRIMARY KEY); CREATE TABLE t1(a);"
      "CREATE TABLE t2(a); CREATE TABLE t5(a); CREATE TABLE \"T7\"(a);";
  static const char zSchemaB[] =
      "CREATE TABLE \"key\"(a); CREATE TABLE \"action\"(a);"
      "CREATE TABLE \"max\"(a); CREATE TABLE \"lower\"(a);"
      "CREATE TABLE point(a); CREATE TABLE mytext(a);"
      "CREATE TABLE \"rowid\"(a); CREATE TABLE \"true\"(a);"
      "CREATE TABLE nocase(a); CREATE TABLE \"my table\"(a);"
      "CREATE TABLE t1(b);";
  static const char *azA[] = {
    "CREATE TABLE t1(a INTEGER, p INTEGER REFERENCES t0(id))",
    "ALTER TABLE \"t1\" ADD COLUMN x;"
  };
  /* A with t2 for t1 and t5 for t0. */
  static const char *azB[] = {
    "CREATE TABLE t2(a INTEGER, p INTEGER REFERENCES t5(id))",
    "ALTER TABLE \"t2\" ADD COLUMN x;"
  };
  /* A with t0 and t1 swapped: the same pattern. */
  static const char *azC[] = {
    "CREATE TABLE t0(a INTEGER, p INTEGER REFERENCES t1(id))",
    "ALTER TABLE \"t0\" ADD COLUMN x;"
  };
  /* A, but the ALTER names the second name instead of the first. */
  static const char *azD[] = {
    "CREATE TABLE t1(a INTEGER, p INTEGER REFERENCES t0(id))",
    "ALTER TABLE \"t0\" ADD COLUMN x;"
  };
  /* B spelled otherwise: case and quotes. */
  static const char *azE[] = {
    "CREATE TABLE [T2](a INTEGER, p INTEGER REFERENCES `t7`(id))",
    "ALTER TABLE T2 ADD COLUMN x;"
  };
  /* ... with the double quotes where A has them. */
  static const char *azE2[] = {
    "CREATE TABLE [T2](a INTEGER, p INTEGER REFERENCES `t7`(id))",
    "ALTER TABLE \"T2\" ADD COLUMN x;"
  };
  /* A with a column of another name. */
  static const char *azF[] = {
    "CREATE TABLE t1(b INTEGER, p INTEGER REFERENCES t0(id))",
    "ALTER TABLE \"t1\" ADD COLUMN x;"
  };
  static const char *azNull1[] = { 0, "DROP TABLE t1" };
  static const char *azEmpty1[] = { "", "DROP TABLE t1" };
  static const char *azNull2[] = { 0, "DROP TABLE t2" };
  static const char *azRebuild1[] = {
    "CREATE TABLE \"_orm_new_t1\"(a); INSERT OR ABORT INTO \"_orm_new_t1\""
    " SELECT a FROM t1; DROP TABLE t1;"
    " ALTER TABLE \"_orm_new_t1\" RENAME TO \"t1\""
  };
  static const char *azRebuild5[] = {
    "CREATE TABLE \"_orm_new_t5\"(a); INSERT OR ABORT INTO \"_orm_new_t5\""
    " SELECT a FROM t5; DROP TABLE t5;"
    " ALTER TABLE \"_orm_new_t5\" RENAME TO \"t5\""
  };
  OrmSchema a, b, c;
  OrmShape s;
  OrmErr err = {0, 0};
  sqlite3 *db = 0;
  char zLong[200], zLongSql[600];
  char *zKey;

  LOAD(zSchemaA, &a);
  LOAD(zSchemaB, &b);
  memset(&c, 0, sizeof(c));
  ormSchemaAddShallow(&err, &c, "index", "i9", "t1",
                      "CREATE INDEX i9 ON t1(a)");
  ormSchemaAddShallow(&err, &c, "table", "sqlite_stat9", "sqlite_stat9",
                      "CREATE TABLE sqlite_stat9(a)");
  ormSchemaAddShallow(&err, &c, "table", "caf\xc3\xa9", "caf\xc3\xa9",
                      "CREATE TABLE \"caf\xc3\xa9\"(a)");
  ormSchemaAddShallow(&err, &c, "table", "1t", "1t", "CREATE TABLE \"1t\"(a)");
  ormSchemaAddShallow(&err, &c, "table", "a~b", "a~b",
                      "CREATE TABLE \"a~b\"(a)");
  ormSchemaAddShallow(&err, &c, "table", "a=b", "a=b",
                      "CREATE TABLE \"a=b\"(a)");
  /* A name longer than the key builder's buffer. */
  memset(zLong, 'x', 150);
  zLong[0] = 't';
  zLong[150] = 0;
  ormSchemaAddShallow(&err, &c, "table", zLong, zLong, "");
  CHECK_INT(err.rc, SQLITE_OK);

  CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
  ormShapeInit(&err, db, &s, &a, &b, &c);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_INT(s.bOff, 0);
  /* 5 + 11 + 7 names, t1 once. */
  CHECK_INT(s.objects.n, 22);
  CHECK_INT(ormListFind(&s.objects, "T1")>=0, 1);
  CHECK_INT(ormListFind(&s.objects, "t7")>=0, 1);
  CHECK_INT(ormListFind(&s.objects, "i9")>=0, 1);
  CHECK_INT(ormListFind(&s.objects, "id")>=0, 0);
  /* The functions and collations of the database. */
  CHECK_INT(ormListFind(&s.builtin, "max")>=0, 1);
  CHECK_INT(ormListFind(&s.builtin, "LOWER")>=0, 1);
  CHECK_INT(ormListFind(&s.builtin, "nocase")>=0, 1);
  CHECK_INT(ormListFind(&s.builtin, "rtrim")>=0, 1);
  CHECK_INT(ormListFind(&s.builtin, "t1")>=0, 0);
  CHECK_INT(s.nSeen, 0);

  /* Object names are numbered by first appearance; the rest is kept. */
  CHECK_OWNED(unitShapeKey(&s, azA, 2),
      "^BCREATE TABLE ^A0^A(a INTEGER, p INTEGER REFERENCES ^A1^A(id))"
      "^BALTER TABLE ^A0\"^A ADD COLUMN x;");
  CHECK_OWNED(unitShapeKey(&s, azB, 2),
      "^BCREATE TABLE ^A0^A(a INTEGER, p INTEGER REFERENCES ^A1^A(id))"
      "^BALTER TABLE ^A0\"^A ADD COLUMN x;");
  CHECK_INT(unitSameShape(&s, azA, 2, azB, 2), 1);
  CHECK_INT(unitSameShape(&s, azA, 2, azC, 2), 1);
  /* Other quotes and case are the same name, but a double-quoted name
  ** is not the same as a bare one: it may be a string to SQLite. */
  CHECK_INT(unitSameShape(&s, azA, 2, azE, 2), 0);
  CHECK_INT(unitSameShape(&s, azA, 2, azE2, 2), 1);
  CHECK_OWNED(unitShapeKey(&s, azD, 2),
      "^BCREATE TABLE ^A0^A(a INTEGER, p INTEGER REFERENCES ^A1^A(id))"
      "^BALTER TABLE ^A1\"^A ADD COLUMN x;");
  CHECK_INT(unitSameShape(&s, azA, 2, azD, 2), 0);
  CHECK_INT(unitSameShape(&s, azC, 2, azD, 2), 0);
  /* Only the first text, or the texts split otherwise: other keys. */
  CHECK_INT(unitSameShape(&s, azA, 2, azA, 1), 0);
  CHECK_OWNED(unitShapeKey(&s, azA, 1),
      "^BCREATE TABLE ^A0^A(a INTEGER, p INTEGER REFERENCES ^A1^A(id))");

  /* Words that name no object are kept verbatim. */
  CHECK_INT(unitSameShape(&s, azA, 2, azF, 2), 0);
  CHECK_OWNED(unitShapeKey1(&s, "SELECT id, t3 FROM \"t1\" AS t4"),
              "^BSELECT id, t3 FROM ^A0\"^A AS t4");
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"t3\""),
              "^BDROP TABLE \"t3\"");

  /* ... and so are string literals, even those that spell a name. */
  CHECK_OWNED(unitShapeKey1(&s, "INSERT INTO t1 VALUES('t1')"),
              "^BINSERT INTO ^A0^A VALUES('t1')");
  CHECK_OWNED(unitShapeKey1(&s, "INSERT INTO t2 VALUES('t2')"),
              "^BINSERT INTO ^A0^A VALUES('t2')");
  {
    static const char *az1[] = { "INSERT INTO t1 VALUES('t1')" };
    static const char *az2[] = { "INSERT INTO t2 VALUES('t2')" };
    static const char *az3[] = { "INSERT INTO t2 VALUES('t1')" };
    CHECK_INT(unitSameShape(&s, az1, 1, az2, 1), 0);
    CHECK_INT(unitSameShape(&s, az1, 1, az3, 1), 1);
  }

  /* Names are matched case-blind: one number for T1 and t1. */
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE T1; DROP TABLE t1; DROP TABLE t0"),
              "^BDROP TABLE ^A0^A; DROP TABLE ^A0^A; DROP TABLE ^A1^A");
  CHECK_OWNED(unitShapeKey1(&s, "SELECT * FROM [t7], `T7`, \"T0\""),
              "^BSELECT * FROM ^A0^A, ^A0^A, ^A1\"^A");

  /* A view selecting "t1" (a string to SQLite when no column is called
  ** t1) and one selecting t2 (an error then) are not the same group. */
  {
    static const char *azQ[] = {
      "CREATE TABLE t0(a)", "CREATE TABLE t1(a)",
      "CREATE VIEW g0 AS SELECT \"t1\" FROM t0", "ALTER TABLE t0 RENAME TO t2"
    };
    static const char *azU[] = {
      "CREATE TABLE t5(a)", "CREATE TABLE t2(a)",
      "CREATE VIEW g0 AS SELECT t2 FROM t5", "ALTER TABLE t5 RENAME TO t0"
    };
    static const char *azQ2[] = {
      "CREATE TABLE t5(a)", "CREATE TABLE t2(a)",
      "CREATE VIEW g0 AS SELECT \"t2\" FROM t5", "ALTER TABLE t5 RENAME TO t0"
    };
    CHECK_INT(unitSameShape(&s, azQ, 4, azU, 4), 0);
    CHECK_INT(unitSameShape(&s, azQ, 4, azQ2, 4), 1);
  }

  /* NULL texts are allowed, and differ from "". */
  CHECK_OWNED(unitShapeKey(&s, azNull1, 2), "^B^C^BDROP TABLE ^A0^A");
  CHECK_OWNED(unitShapeKey(&s, azEmpty1, 2), "^B^BDROP TABLE ^A0^A");
  CHECK_INT(unitSameShape(&s, azNull1, 2, azEmpty1, 2), 0);
  CHECK_INT(unitSameShape(&s, azNull1, 2, azNull2, 2), 1);

  /* The new table of a rebuild is renamed as a name of its own. */
  CHECK_OWNED(unitShapeKey(&s, azRebuild1, 1),
      "^BCREATE TABLE ^A0\"^A(a); INSERT OR ABORT INTO ^A0\"^A SELECT a FROM ^A1^A;"
      " DROP TABLE ^A1^A; ALTER TABLE ^A0\"^A RENAME TO ^A1\"^A");
  CHECK_INT(unitSameShape(&s, azRebuild1, 1, azRebuild5, 1), 1);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE _ORM_NEW_T1; DROP TABLE t1"),
              "^BDROP TABLE ^A0^A; DROP TABLE ^A1^A");
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"_orm_new_key\""),
              "^BDROP TABLE ^A0\"^A");
  /* ... but only that of an object. */
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE _orm_new_t3"),
              "^BDROP TABLE _orm_new_t3");
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE _orm_new_"),
              "^BDROP TABLE _orm_new_");

  /* A name longer than 127 bytes, bare and quoted. */
  sqlite3_snprintf(sizeof(zLongSql), zLongSql,
                   "DROP TABLE %s; DROP TABLE \"%s\"; DROP TABLE \"%sy\"",
                   zLong, zLong, zLong);
  zKey = unitShapeKey1(&s, zLongSql);
  sqlite3_snprintf(sizeof(zLongSql), zLongSql,
      "^BDROP TABLE ^A0^A; DROP TABLE ^A0\"^A; DROP TABLE \"%sy\"", zLong);
  CHECK_OWNED(zKey, zLongSql);

  /* A name that SQLite could read as something else: no key, no error.
  ** A keyword (that SQLite allows as a name), a function, an affinity,
  ** rowid or TRUE, a collation, a name that needs quotes. */
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"key\""), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"action\""), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"max\""), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE lower"), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE point"), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE MyText"), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"rowid\""), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"TRUE\""), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE nocase"), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"my table\""), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE sqlite_stat9"), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"caf\xc3\xa9\""), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"1t\""), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"a~b\""), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"a=b\""), 0);
  CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"_orm_new_point\""), 0);
  /* ... wherever it stands, keyword or not; in any text of the group. */
  CHECK_OWNED(unitShapeKey1(&s, "CREATE TABLE t1(a INTEGER PRIMARY KEY)"), 0);
  CHECK_OWNED(unitShapeKey1(&s, "SELECT max(a) FROM t1"), 0);
  {
    static const char *azLate[] = { "DROP TABLE t1", 0, "DROP INDEX \"key\"" };
    CHECK_OWNED(unitShapeKey(&s, azLate, 3), 0);
    CHECK_OWNED(unitShapeKey(&s, azLate, 2), "^BDROP TABLE ^A0^A^B^C");
  }
  /* In a string literal it is no name. */
  CHECK_OWNED(unitShapeKey1(&s, "SELECT 'max', 'key' FROM t1"),
              "^BSELECT 'max', 'key' FROM ^A0^A");
  /* Objects that are not mentioned do not matter. */
  CHECK_OWNED(unitShapeKey1(&s, "SELECT 1"), "^BSELECT 1");

  /* Nothing once an error is recorded, or when sharing is off. */
  ormErrSet(&err, SQLITE_ERROR, "earlier");
  CHECK_OWNED(ormShapeKey(&err, &s, azA, 2), 0);
  CHECK_INT(err.rc, SQLITE_ERROR);
  ormErrClear(&err);
  s.bOff = 1;
  CHECK_OWNED(unitShapeKey(&s, azA, 2), 0);
  s.bOff = 0;

  ormShapeFree(&s);
  CHECK_INT(s.objects.n, 0);
  CHECK_INT(s.builtin.n, 0);

  /* No schemas: no object names, so every word is kept. */
  ormShapeInit(&err, db, &s, 0, 0, 0);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_INT(s.objects.n, 0);
  CHECK_OWNED(unitShapeKey(&s, azA, 2),
      "^BCREATE TABLE t1(a INTEGER, p INTEGER REFERENCES t0(id))"
      "^BALTER TABLE \"t1\" ADD COLUMN x;");
  ormShapeFree(&s);

  /* A table named "" (SQLite allows it) is never safe to rename. */
  {
    OrmSchema e;
    memset(&e, 0, sizeof(e));
    ormSchemaAddShallow(&err, &e, "table", "", "", "CREATE TABLE \"\"(a)");
    ormShapeInit(&err, db, &s, &e, 0, 0);
    CHECK_INT(err.rc, SQLITE_OK);
    CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE \"\""), 0);
    CHECK_OWNED(unitShapeKey1(&s, "DROP TABLE x"), "^BDROP TABLE x");
    ormShapeFree(&s);
    ormSchemaFree(&e);
  }

  /* Once an error is recorded, ormShapeInit() only zeroes *p. */
  ormErrSet(&err, SQLITE_ERROR, "earlier");
  memset(&s, 0x55, sizeof(s));
  ormShapeInit(&err, db, &s, &a, &b, &c);
  CHECK_INT(s.objects.n, 0);
  CHECK_INT(s.builtin.n, 0);
  CHECK_INT(s.nSeen, 0);
  CHECK_INT(s.bOff, 0);
  ormShapeFree(&s);
  ormErrClear(&err);

  sqlite3_close(db);
  ormSchemaFree(&a);
  ormSchemaFree(&b);
  ormSchemaFree(&c);
}

static void testShapeSeen(void){
  static const char *azA[] = { "DROP TABLE t1", "DROP TABLE t0" };
  static const char *azB[] = { "DROP TABLE t0", "DROP TABLE t1" };
  static const char *azD[] = { "DROP TABLE t1", "DROP TABLE t1" };
  OrmSchema a;
  OrmShape s;
  OrmErr err = {0, 0};
  sqlite3 *db = 0;
  char *zA, *zB, *zD;
  int i;

  LOAD("CREATE TABLE t0(a); CREATE TABLE t1(a)", &a);
  CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
  ormShapeInit(&err, db, &s, &a, 0, 0);
  zA = ormShapeKey(&err, &s, azA, 2);
  zB = ormShapeKey(&err, &s, azB, 2);
  zD = ormShapeKey(&err, &s, azD, 2);
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_INT(zA && zB && strcmp(zA, zB)==0, 1);
  CHECK_INT(zA && zD && strcmp(zA, zD)!=0, 1);

  /* Nothing is seen before it is added; NULL never is. */
  CHECK_INT(ormShapeSeen(&s, 0), 0);
  CHECK_INT(ormShapeSeen(&s, zA), 0);
  ormShapeAdd(&err, &s, zA);
  CHECK_INT(s.nSeen, 1);
  CHECK_INT(ormShapeSeen(&s, zA), 1);
  CHECK_INT(ormShapeSeen(&s, zB), 1);
  CHECK_INT(ormShapeSeen(&s, zD), 0);
  CHECK_INT(ormShapeSeen(&s, 0), 0);
  CHECK_INT(ormShapeSeen(&s, ""), 0);

  /* The same key again, or NULL: no new entry. */
  ormShapeAdd(&err, &s, zB);
  ormShapeAdd(&err, &s, zA);
  ormShapeAdd(&err, &s, 0);
  CHECK_INT(s.nSeen, 1);
  ormShapeAdd(&err, &s, zD);
  CHECK_INT(s.nSeen, 2);
  CHECK_INT(ormShapeSeen(&s, zD), 1);
  /* The key is copied. */
  CHECK_INT(s.aSeen[0].zKey!=zA, 1);
  CHECK_STR(s.aSeen[0].zKey, zA);
  CHECK_INT(err.rc, SQLITE_OK);

  /* Past the first allocation of 16 keys. */
  for(i=0; i<40; i++){
    char zKey[32];
    sqlite3_snprintf(sizeof(zKey), zKey, "key %d", i);
    ormShapeAdd(&err, &s, zKey);
    ormShapeAdd(&err, &s, zKey);
  }
  CHECK_INT(err.rc, SQLITE_OK);
  CHECK_INT(s.nSeen, 42);
  CHECK_INT(ormShapeSeen(&s, "key 0"), 1);
  CHECK_INT(ormShapeSeen(&s, "key 39"), 1);
  CHECK_INT(ormShapeSeen(&s, "key 40"), 0);
  CHECK_INT(ormShapeSeen(&s, zA), 1);
  CHECK_INT(ormShapeSeen(&s, zD), 1);
  /* Two keys of the same hash (FNV-1a 0x4fb48061): the text decides. */
  CHECK_INT(ormHash("kjrbxw", 0)==ormHash("kpscra", 0), 1);
  ormShapeAdd(&err, &s, "kjrbxw");
  CHECK_INT(ormShapeSeen(&s, "kjrbxw"), 1);
  CHECK_INT(ormShapeSeen(&s, "kpscra"), 0);
  ormShapeAdd(&err, &s, "kpscra");
  CHECK_INT(ormShapeSeen(&s, "kpscra"), 1);
  CHECK_INT(s.nSeen, 44);

  /* Once an error is recorded, nothing is added. */
  ormErrSet(&err, SQLITE_ERROR, "earlier");
  ormShapeAdd(&err, &s, "key 40");
  CHECK_INT(s.nSeen, 44);
  CHECK_INT(ormShapeSeen(&s, "key 40"), 0);
  ormErrClear(&err);

  ormShapeFree(&s);
  CHECK_INT(s.nSeen, 0);
  CHECK_INT(s.aSeen==0, 1);
  CHECK_INT(ormShapeSeen(&s, zA), 0);
  sqlite3_free(zA);
  sqlite3_free(zB);
  sqlite3_free(zD);
  sqlite3_close(db);
  ormSchemaFree(&a);
}

/*************************************************************************
** graph.c: the revision graph.
*/

/* The nodes of order or path a[0..n) as their ids joined by ' '. */
static char *unitGraphIds(const OrmGraph *g, const int *a, int n){
  sqlite3_str *p = sqlite3_str_new(0);
  int i;
  for(i=0; i<n; i++) sqlite3_str_appendf(p, "%s%s", i ? " " : "", g->azId[a[i]]);
  return sqlite3_str_finish(p);
}

/* ormGraphLink()'s xMissing: note the parent in the string list. */
static void unitGraphMissing(OrmErr *pErr, void *pArg, int iNode,
                             const char *z, int n){
  char *zNote = sqlite3_mprintf("%d:%.*s", iNode, n, z);
  ormListAdd(pErr, (OrmStrList*)pArg, zNote);
  sqlite3_free(zNote);
}

/* A graph of the ids and parent lists az[0..2n). */
static void unitGraphMake(OrmErr *pErr, OrmGraph *g, const char **az, int n,
                          OrmStrList *pMissing){
  int i;
  memset(g, 0, sizeof(*g));
  ormGraphInit(pErr, g, n);
  for(i=0; i<n && pErr->rc==SQLITE_OK; i++){
    g->azId[i] = az[2*i];
    g->azParent[i] = az[2*i+1];
  }
  ormGraphLink(pErr, g, unitGraphMissing, pMissing);
}

static void testGraph(void){
  OrmErr err = {0, 0};
  OrmStrList missing;
  OrmGraph g;
  int aOrder[8], aPath[8], n, i;
  char zId[ORM_ID_SIZE], zSum[ORM_SUM_SIZE];

  /* Two roots and a child: of two ready the smaller id first, so the
  ** root "b" comes between the root "c" and its child "a" no more than
  ** ids say: b, c, a.  A merge "m" of all three, a parent "x" that is no
  ** node (left to xMissing, and out of the graph). */
  {
    const char *az[] = { "c", 0,  "a", "c",  "b", 0,  "m", "a,b,x,c" };
    memset(&missing, 0, sizeof(missing));
    unitGraphMake(&err, &g, az, 4, &missing);
    CHECK_INT(err.rc, SQLITE_OK);
    CHECK_INT(missing.n, 1);
    CHECK_STR(missing.n ? missing.az[0] : 0, "3:x");
    CHECK_INT(ormGraphFind(&g, "b"), 2);
    CHECK_INT(ormGraphFind(&g, "x"), -1);
    CHECK_INT(ormGraphFindN(&g, "a,b", 1), 1);
    {
      const int *aPar;
      CHECK_INT(ormGraphParents(&g, 3, &aPar), 3);
      CHECK_OWNED(unitGraphIds(&g, aPar, 3), "a b c");
    }
    CHECK_INT(ormGraphIsHead(&g, 3), 1);
    CHECK_INT(ormGraphIsHead(&g, 0), 0);
    n = ormGraphOrder(&err, &g, aOrder);
    CHECK_INT(n, 4);
    CHECK_OWNED(unitGraphIds(&g, aOrder, n), "b c a m");
    {
      unsigned char aMark[4] = {0, 0, 0, 0};
      ormGraphMark(&err, &g, 1, aMark);
      CHECK_INT(aMark[0]*1000 + aMark[1]*100 + aMark[2]*10 + aMark[3], 1100);
    }
    ormGraphFree(&g);
    ormListFree(&missing);
  }

  /* A cycle reached through a node outside it: the path names the cycle
  ** only, from the first of its nodes met (d -> e -> f -> e). */
  {
    const char *az[] = { "f", "e",  "d", "e",  "e", "f",  "a", 0 };
    memset(&missing, 0, sizeof(missing));
    unitGraphMake(&err, &g, az, 4, &missing);
    n = ormGraphOrder(&err, &g, aOrder);
    CHECK_INT(n, 1);
    n = ormGraphCycle(&err, &g, aOrder, n, aPath);
    CHECK_OWNED(unitGraphIds(&g, aPath, n), "e f");
    ormGraphFree(&g);
    ormListFree(&missing);
  }

  /* A chain of 200,000 and a merge of 1,000 parents: nothing recurses
  ** and no parent list is capped. */
  {
    int nNode = 200000, nMerge = 1000;
    char **azId = sqlite3_malloc64(sizeof(char*)*nNode);
    sqlite3_str *pList = sqlite3_str_new(0);
    char *zList;
    int *aBig = sqlite3_malloc64(sizeof(int)*(nNode+1));
    unsigned char *aMark = sqlite3_malloc64(nNode+1);
    const int *aPar;
    memset(&g, 0, sizeof(g));
    ormGraphInit(&err, &g, nNode);
    for(i=0; i<nNode; i++){
      azId[i] = sqlite3_mprintf("%012x", i);
      g.azId[i] = azId[i];
      g.azParent[i] = i>0 && i<nNode-1 ? azId[i-1] : 0;
    }
    for(i=nNode-1-nMerge; i<nNode-1; i++){
      sqlite3_str_appendf(pList, "%s%s", i>nNode-1-nMerge ? "," : "", azId[i]);
    }
    zList = sqlite3_str_finish(pList);
    g.azParent[nNode-1] = zList;
    ormGraphLink(&err, &g, unitGraphMissing, &missing);
    CHECK_INT(err.rc, SQLITE_OK);
    CHECK_INT(ormGraphParents(&g, nNode-1, &aPar), nMerge);
    CHECK_INT(ormGraphOrder(&err, &g, aBig), nNode);
    CHECK_INT(aBig[nNode-1], nNode-1);
    memset(aMark, 0, nNode+1);
    ormGraphMark(&err, &g, nNode-1, aMark);
    for(i=0; i<nNode && aMark[i]; i++){}
    CHECK_INT(i, nNode);
    ormGraphFree(&g);
    for(i=0; i<nNode; i++) sqlite3_free(azId[i]);
    sqlite3_free(azId);
    sqlite3_free(zList);
    sqlite3_free(aBig);
    sqlite3_free(aMark);
  }

  /* Edges of the graph's calls.  A probe of the id hash that meets a
  ** longer id with the same first bytes goes on past it: "q" is no node
  ** although a node's id starts with it and sits in the slot "q" hashes
  ** to (an id "qN" is picked so, for the hash in use).  No parent list
  ** at all, no id, and a missing parent with no xMissing: left out. */
  {
    char zQ[16];
    const char *az[] = { 0, 0,  "r", "nowhere" };
    for(i=0; i<1000; i++){
      sqlite3_snprintf(sizeof(zQ), zQ, "q%d", i);
      if( (ormHash(zQ, 0) & 15)==(ormHashN("q", 1, 0) & 15) ) break;
    }
    CHECK_INT(i<1000, 1);
    az[0] = zQ;
    memset(&g, 0, sizeof(g));
    ormGraphInit(&err, &g, 2);
    g.azId[0] = az[0]; g.azParent[0] = az[1];
    g.azId[1] = az[2]; g.azParent[1] = az[3];
    CHECK_INT(ormGraphFindN(&g, "q", 1), -1);   /* not yet hashed */
    ormGraphLink(&err, &g, 0, 0);
    CHECK_INT(err.rc, SQLITE_OK);
    CHECK_INT(ormGraphFindN(&g, "q", 1), -1);
    CHECK_INT(ormGraphFind(&g, zQ), 0);
    CHECK_INT(ormGraphFind(&g, 0), -1);
    CHECK_INT(ormGraphFindN(&g, 0, 0), -1);
    {
      const int *aPar;
      CHECK_INT(ormGraphParents(&g, 1, &aPar), 0);
    }
    ormGraphFree(&g);
  }

  /* A graph not linked (ormGraphLink() not called, or it stopped at an
  ** error recorded before it): no parents, every node a head, an order
  ** of no node; a mark of node -1 marks nothing, of node 0 only it. */
  {
    const char *az[] = { "a", 0,  "b", "a" };
    unsigned char aMark[2] = {0, 0};
    const int *aPar = &i;
    memset(&g, 0, sizeof(g));
    ormGraphInit(&err, &g, 2);
    g.azId[0] = az[0]; g.azParent[0] = az[1];
    g.azId[1] = az[2]; g.azParent[1] = az[3];
    ormErrSet(&err, SQLITE_ERROR, "earlier");
    ormGraphLink(&err, &g, 0, 0);
    CHECK_INT(g.aParOff==0 && g.aHash==0 && g.nHash==0, 1);
    ormGraphMark(&err, &g, 1, aMark);
    CHECK_INT(aMark[0]*10 + aMark[1], 0);
    CHECK_INT(ormGraphOrder(&err, &g, aOrder), 0);
    CHECK_INT(ormGraphCycle(&err, &g, aOrder, 0, aPath), 0);
    CHECK_STR(err.zMsg, "earlier");
    ormErrClear(&err);
    CHECK_INT(ormGraphParents(&g, 1, &aPar), 0);
    CHECK_INT(aPar==0, 1);
    CHECK_INT(ormGraphIsHead(&g, 0), 1);
    CHECK_INT(ormGraphOrder(&err, &g, aOrder), 0);
    ormGraphMark(&err, &g, -1, aMark);
    CHECK_INT(aMark[0]*10 + aMark[1], 0);
    ormGraphMark(&err, &g, 1, aMark);
    CHECK_INT(aMark[0]*10 + aMark[1], 1);
    CHECK_INT(err.rc, SQLITE_OK);
    ormGraphFree(&g);
  }

  /* The one formula of ids and checksums. */
  ormGraphId(ORM_GRAPH_REVISION, 0, "m", "", "", zId);
  CHECK_INT((int)strlen(zId), ORM_ID_LEN);
  ormHashHex("parent:\nmessage:m\nup:\ndown:", 27, zSum);
  CHECK_INT(memcmp(zId, zSum, ORM_ID_LEN), 0);
  ormGraphId(ORM_GRAPH_SQUASH, "a,b", "s", "x", "y", zId);
  ormHashHex("squash:\nreplaces:a,b\nmessage:s\nup:x\ndown:y", 42, zSum);
  CHECK_INT(memcmp(zId, zSum, ORM_ID_LEN), 0);
  ormGraphChecksum("x", 0, zSum);
  {
    char zWant[ORM_SUM_SIZE];
    ormHashHex("up:x\ndown:", 10, zWant);
    CHECK_STR(zSum, zWant);
  }
  CHECK_INT(err.rc, SQLITE_OK);
}

int main(void){
  /* Line by line, so that nothing is lost if a sanitizer aborts. */
  setvbuf(stdout, 0, _IOLBF, 0);

  testToken();
  testIsWordIdent();
  testNormIdentBuf();
  testNormSql();
  testNormStrip();
  testNormCreate();
  testNormRename();
  testNormSameCreate();
  testNormTable();
  testNormDrops();
  testNormMisc();
  testNormAlter();
  testNormStmt();
  testHash();
  testSchema();
  testSchemaShallow();
  testSchemaDeepen();
  testSchemaDeepenFromText();
  testDiffEqual();
  testDiffShallow();
  testDiffOrder();
  testDiffAlter();
  testDiffRename();
  testDiffNames();
  testDiffImplicitKey();
  testShapeKey();
  testShapeSeen();
  testGraph();

  /* Everything the tests and the code under test allocated is freed. */
  CHECK_INT(sqlite3_memory_used(), 0);
  sqlite3_shutdown();

  printf("%d failures out of %d checks\n", nFail, nCheck);
  return nFail ? 1 : 0;
}
