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

/* The value stored for (tag, key[0..n)), or NULL when absent; with insert,
 * an absent key is added with value 0. The pointer is valid until the
 * next insertion; key's bytes must stay as they are until the next reset,
 * and n must fit in 32 bits. */
uint32_t *nt_nametab_find(nt_nametab *t, uint32_t tag, const char *key,
                          size_t n, int insert);

#endif
