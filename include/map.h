/* map.h - an open-addressing hash map from byte strings to 64-bit values,
 * the one lookup structure behind word classes, gazetteers and triggers.
 * Lookup costs one hash of the key and, usually, one comparison. */
#ifndef NT_MAP_H
#define NT_MAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "blob.h"

typedef struct nt_map nt_map;

nt_map *nt_map_new(void);
void nt_map_free(nt_map *m); /* accepts NULL */

/* Returns a pointer to the value stored for key, inserting 0 first when the
 * key is new. The pointer is valid until the next insertion. Keys are copied. */
uint64_t *nt_map_slot(nt_map *m, const char *key, size_t n);

/* Returns the value's address, or NULL when key is absent. */
const uint64_t *nt_map_get(const nt_map *m, const char *key, size_t n);

/* nt_map_get in two steps, for a caller with many keys to look up: the
 * first hashes the key and starts bringing its place into cache, the
 * second (after the other keys' first steps) reads it. Looked up one by
 * one, each key of a table of megabytes waits out its own cache misses;
 * this way they overlap. key must stay as it is until the second step. */
typedef struct {
    const char *key;
    size_t n;
    uint64_t h;
} nt_map_ask;
void nt_map_ask_start(const nt_map *m, const char *key, size_t n, nt_map_ask *q);
/* nt_map_ask_start with the key's hash known (h = nt_map_hash(key, n)):
 * a key looked up in two tables is hashed once. */
void nt_map_ask_start_hashed(const nt_map *m, const char *key, size_t n,
                             uint64_t h, nt_map_ask *q);
/* nt_map_ask_start_hashed for a q whose key, length and hash are set. */
void nt_map_ask_prefetch(const nt_map *m, const nt_map_ask *q);
const uint64_t *nt_map_ask_end(const nt_map *m, const nt_map_ask *q);

size_t nt_map_count(const nt_map *m);

/* Forgets every key, keeping the storage for reuse. */
void nt_map_clear(nt_map *m);

/* Calls fn for every key in insertion order. */
void nt_map_each(const nt_map *m,
                 void (*fn)(const char *key, size_t n, uint64_t v, void *ctx),
                 void *ctx);

/* Writes m to f as blob sections (0, or -1 on a write error), and makes a
 * map of such sections in place (NULL when b is short or inconsistent): the
 * compiled files (blob.h). A view is freed with nt_map_free but its arrays
 * stay the mapping's, which must outlive it; it is read-only until a
 * change (nt_map_slot, nt_map_clear) copies it into an ordinary map. */
int nt_map_write(const nt_map *m, FILE *f);
nt_map *nt_map_view(nt_blob *b);

/* The hash of a key (see map.c), exported for callers that need a hash of
 * some bytes. */
uint64_t nt_map_hash(const char *key, size_t n);

/* The steps of nt_map_hash, here so that nt_map_hash16 is inlined. */
#define NT_MAP_SEED 0x9e3779b97f4a7c15ull
#define NT_MAP_LEN 0xc2b2ae3d27d4eb4full
#define NT_MAP_MUL 0x87c37b91114253d5ull

/* MurmurHash3's finalizer: every bit of h moves every bit of the result
 * (the table indexes by low bits). */
static inline uint64_t nt_map_mix_(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

/* A key's last 1-7 bytes as nt_map_hash reads them, byte i in bits 8i,
 * from their 8-byte load zero-padded past them. */
static inline uint64_t nt_map_tail_(uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(w);
#else
    return w;
#endif
}

/* nt_map_hash of a key of n <= 16 bytes held as two 8-byte loads, w0 of
 * its first 8 bytes and w1 of the next 8, each zero past the key (a word
 * memo's key, nt_wordmemo_load): no bytes read again, and no call (a word
 * that misses the memo is hashed for two tables). */
static inline uint64_t nt_map_hash16(uint64_t w0, uint64_t w1, size_t n)
{
    uint64_t h = NT_MAP_SEED ^ ((uint64_t)n * NT_MAP_LEN);
    if (n >= 8) {
        h = (h ^ w0) * NT_MAP_MUL;
        h ^= h >> 31;
        w0 = w1;
        if (n == 16) {
            h = (h ^ w0) * NT_MAP_MUL;
            return nt_map_mix_(h ^ (h >> 31));
        }
    }
    if (n & 7)
        h = (h ^ nt_map_tail_(w0)) * NT_MAP_MUL;
    return nt_map_mix_(h);
}

#endif
