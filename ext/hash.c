/*
** hash.c - SHA-256 (FIPS 180-4), used for content-derived revision ids
** and the checksums of revisions' SQL.
**
**   char zHex[65];
**   ormHashHex("abc", 3, zHex);   -- "ba7816bf8f01cfea..."
*/
#include "ormext.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

typedef unsigned int u32;

typedef struct OrmSha256 OrmSha256;
struct OrmSha256 {
  u32 aState[8];
  unsigned char aBuf[64];
  sqlite3_uint64 nTotal;          /* Bytes hashed so far */
  int nBuf;                       /* Bytes waiting in aBuf */
};

static const u32 aRound[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
  0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROTR(x,n) (((x)>>(n)) | ((x)<<(32-(n))))

/* Mix one 64-byte block into the state. */
static void ormShaBlock(OrmSha256 *p, const unsigned char *aBlock){
  u32 w[64];
  u32 a, b, c, d, e, f, g, h;
  int i;
  for(i=0; i<16; i++){
    w[i] = ((u32)aBlock[i*4]<<24) | ((u32)aBlock[i*4+1]<<16)
         | ((u32)aBlock[i*4+2]<<8) | (u32)aBlock[i*4+3];
  }
  for(i=16; i<64; i++){
    u32 s0 = ROTR(w[i-15],7) ^ ROTR(w[i-15],18) ^ (w[i-15]>>3);
    u32 s1 = ROTR(w[i-2],17) ^ ROTR(w[i-2],19) ^ (w[i-2]>>10);
    w[i] = w[i-16] + s0 + w[i-7] + s1;
  }
  a = p->aState[0]; b = p->aState[1]; c = p->aState[2]; d = p->aState[3];
  e = p->aState[4]; f = p->aState[5]; g = p->aState[6]; h = p->aState[7];
  for(i=0; i<64; i++){
    u32 S1 = ROTR(e,6) ^ ROTR(e,11) ^ ROTR(e,25);
    u32 ch = (e & f) ^ (~e & g);
    u32 t1 = h + S1 + ch + aRound[i] + w[i];
    u32 S0 = ROTR(a,2) ^ ROTR(a,13) ^ ROTR(a,22);
    u32 maj = (a & b) ^ (a & c) ^ (b & c);
    u32 t2 = S0 + maj;
    h = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  p->aState[0] += a; p->aState[1] += b; p->aState[2] += c;
  p->aState[3] += d; p->aState[4] += e; p->aState[5] += f;
  p->aState[6] += g; p->aState[7] += h;
}

static void ormShaUpdate(OrmSha256 *p, const unsigned char *a, size_t n){
  p->nTotal += n;
  while( n>0 ){
    size_t nTake = 64 - p->nBuf;
    if( nTake>n ) nTake = n;
    memcpy(&p->aBuf[p->nBuf], a, nTake);
    p->nBuf += (int)nTake;
    a += nTake;
    n -= nTake;
    if( p->nBuf==64 ){
      ormShaBlock(p, p->aBuf);
      p->nBuf = 0;
    }
  }
}

static void ormShaInit(OrmSha256 *p){
  static const u32 aInit[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  };
  memset(p, 0, sizeof(*p));
  memcpy(p->aState, aInit, sizeof(aInit));
}

/* Pad, and write the digest as 64 lower-case hex digits and a NUL. */
static void ormShaFinish(OrmSha256 *p, char *zOut){
  static const char aHex[] = "0123456789abcdef";
  unsigned char aPad[72];
  sqlite3_uint64 nBits = p->nTotal * 8;
  size_t nPad = (p->nBuf<56) ? (size_t)(56 - p->nBuf)
                             : (size_t)(120 - p->nBuf);
  int i;
  memset(aPad, 0, sizeof(aPad));
  aPad[0] = 0x80;
  for(i=0; i<8; i++){
    aPad[nPad+i] = (unsigned char)(nBits >> (56 - 8*i));
  }
  ormShaUpdate(p, aPad, nPad+8);
  for(i=0; i<32; i++){
    unsigned char c = (unsigned char)(p->aState[i/4] >> (24 - 8*(i%4)));
    zOut[i*2] = aHex[c>>4];
    zOut[i*2+1] = aHex[c&0xf];
  }
  zOut[ORM_SUM_LEN] = 0;
}

/*
** Write the SHA-256 of nData bytes at pData to zOut as 64 lower-case hex
** digits and a terminating NUL.
*/
void ormHashHex(const void *pData, size_t nData, char *zOut){
  OrmSha256 s;
  ormShaInit(&s);
  ormShaUpdate(&s, (const unsigned char*)pData, nData);
  ormShaFinish(&s, zOut);
}

/*
** The same for the nPart strings azPart[] (NULL taken as ""), one after
** the other: what ormHashHex() gives for their concatenation, without
** making it.  Allocates nothing, so that it cannot fail out of memory.
*/
void ormHashHexParts(const char *const *azPart, int nPart, char *zOut){
  OrmSha256 s;
  int i;
  ormShaInit(&s);
  for(i=0; i<nPart; i++){
    if( azPart[i] ){
      ormShaUpdate(&s, (const unsigned char*)azPart[i], strlen(azPart[i]));
    }
  }
  ormShaFinish(&s, zOut);
}
