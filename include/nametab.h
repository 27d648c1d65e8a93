/* nametab.h - a small table from names to numbers for the names of one
 * article (the mentions' types and ids): the names' bytes are not copied
 * but pointed at, and the table is emptied for the next article by a new
 * generation, not a pass over its slots. nt_map (map.h) is made for large
 * tables that persist: it copies keys and keeps their order, some 180
 * instructions a name where this takes about 96. */
#ifndef NT_NAMETAB_H
#define NT_NAMETAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *key; /* the caller's bytes, not copied */
    uint32_t len;
    uint32_t tag;   /* a second part of the key (a type), 0 if none */
    uint32_t value; /* 0: new */
    uint32_t hash;  /* of the key's bytes, with the tag's multiple */
    uint32_t gen;   /* the slot is in use when this is the table's */
} nt_nametab_slot;

/* A plain record: the caller owns it, and its slots through it. */
typedef struct {
    nt_nametab_slot *s;
    size_t nslots, n; /* nslots: a power of two, at least 2n */
    uint32_t gen;
} nt_nametab;

void nt_nametab_init(nt_nametab *t);
void nt_nametab_free(nt_nametab *t);

/* Forgets every name; the keys' bytes may then change or go. */
void nt_nametab_reset(nt_nametab *t);

/* For nt_nametab_find_hashed: adds (tag, key) with hash h (the tag's
 * multiple in) when the table must grow first; returns its value. */
uint32_t *nt_nametab_add_grown(nt_nametab *t, uint32_t h, uint32_t tag,
                               const char *key, size_t n);

/* Whether a[0..n) and b[0..n) hold the same bytes: keys of up to 16
 * bytes (most names) by two loads of each that overlap, reading no byte
 * outside them; longer ones by memcmp, whose call made its callers save
 * registers on every lookup. */
static inline int nt_nametab_same(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        if (n > 16)
            return memcmp(a, b, n) == 0;
        uint64_t x, y, u, v;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        memcpy(&u, a + n - 8, 8);
        memcpy(&v, b + n - 8, 8);
        return ((x ^ y) | (u ^ v)) == 0;
    }
    if (n >= 4) {
        uint32_t x, y, u, v;
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        memcpy(&u, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return ((x ^ y) | (u ^ v)) == 0;
    }
    /* 0 to 3 bytes: the first, the middle and the last cover them */
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] &&
                      a[n - 1] == b[n - 1]);
}

/* The value stored for (tag, key[0..n)), whose nt_nametab_hash is hash,
 * or NULL when absent; with insert, an absent key is added with value 0.
 * The pointer is valid until the next insertion; key's bytes must stay as
 * they are until the next reset, and n must fit in 32 bits. Inline: the
 * call's saved registers were a third of a lookup. */
static inline uint32_t *nt_nametab_find_hashed(nt_nametab *t, uint32_t hash,
                                               uint32_t tag, const char *key,
                                               size_t n, int insert)
{
    uint32_t h = hash + tag * 0x9e3779b9u;
    size_t mask = t->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        nt_nametab_slot *s = &t->s[i];
        if (s->gen != t->gen) {
            if (!insert)
                return NULL;
            if (2 * (t->n + 1) > t->nslots)
                return nt_nametab_add_grown(t, h, tag, key, n);
            *s = (nt_nametab_slot){key, (uint32_t)n, tag, 0, h, t->gen};
            t->n++;
            return &s->value;
        }
        if (s->hash == h && s->len == n && s->tag == tag &&
            nt_nametab_same(s->key, key, n))
            return &s->value;
    }
}

/* The hash of key[0..n) that nt_nametab_find_hashed expects, for a caller
 * that looks the same bytes up more than once (in two tables, or twice):
 * eight bytes a multiplication, inline (names average ~10 bytes; nt_map_hash's
 * byte loop and call were a third of a lookup). A key's last eight bytes
 * are one load that may overlap the ones before it, four to seven bytes two
 * loads of four, one to three bytes their first, middle and last byte:
 * no branch on each of the tail's bits. The length goes in first, so keys
 * of different lengths that share those loads still differ; the high half
 * of the last product depends on every byte. */
static inline uint32_t nt_nametab_hash(const char *key, size_t n)
{
    const uint64_t k = 0x9e3779b97f4a7c15ull;
    uint64_t h = (uint64_t)n * k, w;
    if (n > 8) {
        const char *last = key + n - 8;
        for (; key < last; key += 8) {
            memcpy(&w, key, 8);
            h = (h ^ w) * k;
            h ^= h >> 32;
        }
        memcpy(&w, last, 8);
    } else if (n == 8) {
        memcpy(&w, key, 8);
    } else if (n >= 4) {
        uint32_t x, y;
        memcpy(&x, key, 4);
        memcpy(&y, key + n - 4, 4);
        w = (uint64_t)x << 32 | y;
    } else {
        w = n ? (uint64_t)(unsigned char)key[0] << 16 |
                    (uint64_t)(unsigned char)key[n / 2] << 8 |
                    (unsigned char)key[n - 1]
              : 0;
    }
    return (uint32_t)(((h ^ w) * k) >> 32);
}

/* nt_nametab_find_hashed with the key's hash worked out here. */
static inline uint32_t *nt_nametab_find(nt_nametab *t, uint32_t tag,
                                        const char *key, size_t n, int insert)
{
    return nt_nametab_find_hashed(t, nt_nametab_hash(key, n), tag, key, n,
                                  insert);
}

#endif
