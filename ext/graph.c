/*
** graph.c - the revision graph, and the one formula of ids and checksums.
**
** The revisions of a database (store.c's OrmHistory) and those read from
** a directory of migration files (files.c's orm_import) are both an
** OrmGraph: nodes with an id and a parent list ("a", "a,b,..." for a
** merge, any number of parents, or NULL), indexed once:
**
**   OrmGraph g;
**   ormGraphInit(&err, &g, n);             azId[]/azParent[] to fill
**   g.azId[i] = ...; g.azParent[i] = ...;  (borrowed strings)
**   ormGraphLink(&err, &g, xMissing, pArg);
**   ... ormGraphFind(), ormGraphParents(), ormGraphOrder(), ...
**   ormGraphFree(&g);
**
** Lookup by id is one probe of a hash (util.c's ormHash); each parent
** list is parsed once into node indexes.  Nothing recurses on the C
** stack: a chain of any length and merges of any width are walked with
** heap-allocated stacks and queues.
**
** The order of a graph (ormGraphOrder()) puts each revision after its
** parents and, of two ready at once, the one with the smaller id first:
** the id is content, never the clock, so every database and every
** directory holding the same graph orders it the same way.
**
** Ids and checksums: a revision's id is the first ORM_ID_LEN hex digits
** of sha256("parent:<parent>\nmessage:<message>\nup:<up>\ndown:<down>"),
** a squash's of sha256("squash:\nreplaces:<list>\nmessage:..."), and the
** checksum of either is sha256("up:<up>\ndown:<down>") (ORM_SUM_LEN hex
** digits).  Computing them allocates nothing: out of memory cannot make
** a faithful revision look changed.
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/* Free everything g owns and zero it. */
void ormGraphFree(OrmGraph *g){
  sqlite3_free(g->azId);
  sqlite3_free(g->azParent);
  sqlite3_free(g->aHash);
  sqlite3_free(g->aParOff);
  sqlite3_free(g->aPar);
  sqlite3_free(g->aHasChild);
  memset(g, 0, sizeof(*g));
}

/*
** Make g a graph of n nodes, whose azId[] and azParent[] (zeroed, as
** ormMalloc() leaves memory) the caller fills before ormGraphLink().  Frees what g held before.
*/
void ormGraphInit(OrmErr *pErr, OrmGraph *g, int n){
  ormGraphFree(g);
  if( pErr->rc ) return;
  g->azId = ormMalloc(pErr, sizeof(char*)*(n+1));
  g->azParent = ormMalloc(pErr, sizeof(char*)*(n+1));
  if( pErr->rc ){
    ormGraphFree(g);
    return;
  }
  g->n = n;
}

/*
** Index of the node whose id is exactly z[0..n), or -1: one probe of the
** id hash.  Of several nodes with the same id, the first.
*/
int ormGraphFindN(const OrmGraph *g, const char *z, int n){
  unsigned int h;
  if( z==0 || g->nHash==0 ) return -1;
  h = ormHashN(z, n, 0) & (unsigned int)(g->nHash-1);
  while( g->aHash[h] ){
    int i = g->aHash[h]-1;
    const char *zId = g->azId[i];
    if( strncmp(zId, z, n)==0 && zId[n]==0 ) return i;
    h = (h+1) & (unsigned int)(g->nHash-1);
  }
  return -1;
}

/* Index of the node with id zId (exact), or -1. */
int ormGraphFind(const OrmGraph *g, const char *zId){
  if( zId==0 ) return -1;
  return ormGraphFindN(g, zId, (int)strlen(zId));
}

/*
** Index the graph: hash the ids and parse each parent list once into node
** indexes, in list order.  A parent that is no node is given to xMissing
** (its node, the parent's text and length): it records an error in pErr,
** which stops the indexing, or none, and the parent is left out (a
** revision outside the graph, e.g. one the database holds already);
** with no xMissing such parents are left out silently.  Every node must
** have its id (not NULL).  Linear in the graph's size.
*/
void ormGraphLink(OrmErr *pErr, OrmGraph *g,
                  void (*xMissing)(OrmErr*, void*, int, const char*, int),
                  void *pArg){
  int i, nPar = 0, nHash = 16;
  if( pErr->rc ) return;
  while( nHash < 2*g->n ) nHash *= 2;
  for(i=0; i<g->n; i++){
    const char *z = g->azParent[i];
    nPar += z && *z;
    for(; z && *z; z++) nPar += *z==',';
  }
  g->aHash = ormMalloc(pErr, sizeof(int)*nHash);
  g->aParOff = ormMalloc(pErr, sizeof(int)*(g->n+1));
  g->aPar = ormMalloc(pErr, sizeof(int)*(nPar+1));
  g->aHasChild = ormMalloc(pErr, g->n+1);
  if( pErr->rc ) return;
  g->nHash = nHash;
  for(i=0; i<g->n; i++){
    unsigned int h = ormHash(g->azId[i], 0)
                   & (unsigned int)(nHash-1);
    while( g->aHash[h] ) h = (h+1) & (unsigned int)(nHash-1);
    g->aHash[h] = i+1;
  }
  nPar = 0;
  for(i=0; i<g->n && pErr->rc==SQLITE_OK; i++){
    const char *z = g->azParent[i];
    g->aParOff[i] = nPar;
    while( z && *z && pErr->rc==SQLITE_OK ){
      int n = 0, iPar;
      while( z[n] && z[n]!=',' ) n++;
      iPar = ormGraphFindN(g, z, n);
      if( iPar<0 ){
        if( xMissing ) xMissing(pErr, pArg, i, z, n);
      }else{
        g->aPar[nPar++] = iPar;
        g->aHasChild[iPar] = 1;
      }
      z += n;
      if( *z==',' ) z++;
    }
  }
  /* Stopped by an error: the nodes not reached have no parents. */
  for(; i<=g->n; i++) g->aParOff[i] = nPar;
}

/*
** Set *paPar to the indexes of the parents of node i, in the order its
** list names them, and return how many.
*/
int ormGraphParents(const OrmGraph *g, int i, const int **paPar){
  if( g->aParOff==0 ){
    *paPar = 0;
    return 0;
  }
  *paPar = &g->aPar[g->aParOff[i]];
  return g->aParOff[i+1] - g->aParOff[i];
}

/* Is node i nobody's parent? */
int ormGraphIsHead(const OrmGraph *g, int i){
  return g->aHasChild==0 || !g->aHasChild[i];
}

/*
** Set aMark[i] for node i and each of its ancestors.  Iterative, so a
** long history does not grow the C stack; each node is pushed at most
** once per parent link.  aMark has an entry per node.
*/
void ormGraphMark(OrmErr *pErr, const OrmGraph *g, int i,
                  unsigned char *aMark){
  int *aStack;
  int nStack = 0;
  if( i<0 || pErr->rc ) return;
  aStack = ormMalloc(pErr, sizeof(int)*(g->aParOff ?
                     g->aParOff[g->n] + 1 : 1));
  if( aStack==0 ) return;
  aStack[nStack++] = i;
  while( nStack>0 ){
    int k = aStack[--nStack];
    const int *aPar;
    int nPar, j;
    if( aMark[k] ) continue;
    aMark[k] = 1;
    nPar = ormGraphParents(g, k, &aPar);
    for(j=0; j<nPar; j++){
      if( !aMark[aPar[j]] ) aStack[nStack++] = aPar[j];
    }
  }
  sqlite3_free(aStack);
}

/* Does node a come before node b among nodes ready at once? */
static int ormGraphBefore(const OrmGraph *g, int a, int b){
  return strcmp(g->azId[a], g->azId[b])<0;
}

/* Move heap entry k of aHeap[0..n) down to its place (least first). */
static void ormGraphSift(const OrmGraph *g, int *aHeap, int n, int k){
  for(;;){
    int c = 2*k+1, t;
    if( c>=n ) return;
    if( c+1<n && ormGraphBefore(g, aHeap[c+1], aHeap[c]) ) c++;
    if( !ormGraphBefore(g, aHeap[c], aHeap[k]) ) return;
    t = aHeap[c]; aHeap[c] = aHeap[k]; aHeap[k] = t;
    k = c;
  }
}

/* Add node i to the heap aHeap[0..*pn). */
static void ormGraphPush(const OrmGraph *g, int *aHeap, int *pn, int i){
  int k = (*pn)++;
  aHeap[k] = i;
  while( k>0 && ormGraphBefore(g, aHeap[k], aHeap[(k-1)/2]) ){
    int t = aHeap[k]; aHeap[k] = aHeap[(k-1)/2]; aHeap[(k-1)/2] = t;
    k = (k-1)/2;
  }
}

/*
** Write the nodes into aOrder[] (one entry per node) each after its
** parents, and of the nodes whose parents are all placed the one with
** the smallest id next: Kahn's algorithm with a heap of the ready nodes,
** O(n log n).  Returns how many nodes were placed: fewer than all when
** parents form a cycle (ormGraphCycle() finds one), or on OOM.
*/
int ormGraphOrder(OrmErr *pErr, const OrmGraph *g, int *aOrder){
  int *aWait = 0, *aHeap = 0, *aChildOff = 0, *aChild = 0;
  int nOut = 0, nHeap = 0, i, j, n = g->n;
  if( pErr->rc || g->aParOff==0 ) return 0;
  aWait = ormMalloc(pErr, sizeof(int)*(n+1));
  aHeap = ormMalloc(pErr, sizeof(int)*(n+1));
  aChildOff = ormMalloc(pErr, sizeof(int)*(n+1));
  aChild = ormMalloc(pErr, sizeof(int)*(g->aParOff[n]+1));
  if( pErr->rc ) goto order_out;
  /* aWait[i]: parent links of i not yet placed; aChild: the reverse
  ** links, grouped by parent (a counting sort). */
  for(i=0; i<n; i++){
    const int *aPar;
    int nPar = ormGraphParents(g, i, &aPar);
    aWait[i] = nPar;
    for(j=0; j<nPar; j++) aChildOff[aPar[j]+1]++;
  }
  for(i=0; i<n; i++) aChildOff[i+1] += aChildOff[i];
  for(i=0; i<n; i++){
    const int *aPar;
    int nPar = ormGraphParents(g, i, &aPar);
    for(j=0; j<nPar; j++) aChild[aChildOff[aPar[j]]++] = i;
  }
  /* Each aChildOff[p] now ends p's group: shift back to its start. */
  for(i=n; i>0; i--) aChildOff[i] = aChildOff[i-1];
  aChildOff[0] = 0;
  for(i=0; i<n; i++){
    if( aWait[i]==0 ) ormGraphPush(g, aHeap, &nHeap, i);
  }
  while( nHeap>0 ){
    int iNext = aHeap[0];
    aHeap[0] = aHeap[--nHeap];
    ormGraphSift(g, aHeap, nHeap, 0);
    aOrder[nOut++] = iNext;
    for(j=aChildOff[iNext]; j<aChildOff[iNext+1]; j++){
      if( --aWait[aChild[j]]==0 ) ormGraphPush(g, aHeap, &nHeap, aChild[j]);
    }
  }
order_out:
  sqlite3_free(aWait);
  sqlite3_free(aHeap);
  sqlite3_free(aChildOff);
  sqlite3_free(aChild);
  return nOut;
}

/*
** After ormGraphOrder() placed only aOrder[0..nOrder), nOrder<g->n: find
** a cycle of parents among the nodes left.  From the left node with the
** smallest id, follow each node's first parent that is left, until a node
** comes again: the nodes from its first visit on are the cycle, each the
** child of the next and the last the child of the first.  Writes them to
** aPath (an entry per node) and returns how many; 0 on OOM.
**
** ormGraphOrder() leaves exactly the nodes with a parent it did not place:
** so there is a node to start from, and every node the walk reaches has a
** parent left to go on to; the walk ends only on its own path.
*/
int ormGraphCycle(OrmErr *pErr, const OrmGraph *g, const int *aOrder,
                  int nOrder, int *aPath){
  unsigned char *aState;          /* 0: left, 1: on the path, 2: placed */
  int i, iAt = -1, nPath = 0, iFirst = 0;
  if( pErr->rc ) return 0;
  aState = ormMalloc(pErr, g->n+1);
  if( ORM_OOM(aState==0) ) return 0;
  for(i=0; i<nOrder; i++) aState[aOrder[i]] = 2;
  for(i=0; i<g->n; i++){
    if( aState[i]==0 && (iAt<0 || ormGraphBefore(g, i, iAt)) ) iAt = i;
  }
  while( aState[iAt]==0 ){
    const int *aPar;
    int j;
    ormGraphParents(g, iAt, &aPar);
    aState[iAt] = 1;
    aPath[nPath++] = iAt;
    for(j=0; aState[aPar[j]]==2; j++){}
    iAt = aPar[j];
  }
  while( aPath[iFirst]!=iAt ) iFirst++;
  memmove(aPath, &aPath[iFirst], sizeof(int)*(nPath-iFirst));
  sqlite3_free(aState);
  return nPath-iFirst;
}

/*
** An id: the first ORM_ID_LEN hex digits of the sha256 of
** "<zKind><parent>\nmessage:<message>\nup:<up>\ndown:<down>", into
** zOut[ORM_ID_SIZE].  zKind is ORM_GRAPH_REVISION (zParent: the parent
** list) or ORM_GRAPH_SQUASH (zParent: the revisions replaced).  NULL
** strings count as "".
*/
void ormGraphId(const char *zKind, const char *zParent, const char *zMessage,
                const char *zUp, const char *zDown, char *zOut){
  char zHash[ORM_SUM_SIZE];
  const char *azPart[8];
  azPart[0] = zKind;
  azPart[1] = zParent;
  azPart[2] = "\nmessage:";
  azPart[3] = zMessage;
  azPart[4] = "\nup:";
  azPart[5] = zUp;
  azPart[6] = "\ndown:";
  azPart[7] = zDown;
  ormHashHexParts(azPart, 8, zHash);
  memcpy(zOut, zHash, ORM_ID_LEN);
  zOut[ORM_ID_LEN] = 0;
}

/*
** The checksum of a revision's or squash's SQL: ORM_SUM_LEN hex digits
** into zOut[ORM_SUM_SIZE], the sha256 of "up:<up>\ndown:<down>".
*/
void ormGraphChecksum(const char *zUp, const char *zDown, char *zOut){
  const char *azPart[4];
  azPart[0] = "up:";
  azPart[1] = zUp;
  azPart[2] = "\ndown:";
  azPart[3] = zDown;
  ormHashHexParts(azPart, 4, zOut);
}
