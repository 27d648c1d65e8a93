/* map.c - open-addressing hash map from byte strings to 64-bit values.
 * Entries live in insertion order in one array and their keys in one byte
 * arena; the probe table holds entry indexes, so growing it never moves keys. */
#include "map.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct {
    uint64_t hash, value;
    size_t off, len; /* key bytes in the arena */
} entry;

struct nt_map {
    entry *e;
    size_t n, cap;
    uint32_t *slots; /* entry index + 1; 0 = empty */
    size_t nslots;   /* power of two */
    char *keys;
    size_t klen, kcap;
};

uint64_t nt_map_hash(const char *key, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ull;
    }
    /* FNV's low bits cluster on short similar keys, and the probe table
     * indexes by low bits: mix them (MurmurHash3's finalizer). */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

nt_map *nt_map_new(void)
{
    nt_map *m = nt_xcalloc(1, sizeof *m);
    m->nslots = 64;
    m->slots = nt_xcalloc(m->nslots, sizeof *m->slots);
    return m;
}

void nt_map_free(nt_map *m)
{
    if (!m)
        return;
    free(m->e);
    free(m->slots);
    free(m->keys);
    free(m);
}

/* Index of the probe slot holding key, or of the empty slot where it goes. */
static size_t probe(const nt_map *m, uint64_t h, const char *key, size_t n)
{
    size_t mask = m->nslots - 1, i = (size_t)h & mask;
    for (;;) {
        uint32_t s = m->slots[i];
        if (!s)
            return i;
        const entry *e = &m->e[s - 1];
        if (e->hash == h && e->len == n && memcmp(m->keys + e->off, key, n) == 0)
            return i;
        i = (i + 1) & mask;
    }
}

/* Doubles the probe table and reinserts every entry (load stays <= 1/2). */
static void grow(nt_map *m)
{
    free(m->slots);
    m->nslots *= 2;
    m->slots = nt_xcalloc(m->nslots, sizeof *m->slots);
    size_t mask = m->nslots - 1;
    for (size_t k = 0; k < m->n; k++) {
        size_t i = (size_t)m->e[k].hash & mask;
        while (m->slots[i])
            i = (i + 1) & mask;
        m->slots[i] = (uint32_t)(k + 1);
    }
}

uint64_t *nt_map_slot(nt_map *m, const char *key, size_t n)
{
    uint64_t h = nt_map_hash(key, n);
    size_t i = probe(m, h, key, n);
    if (m->slots[i])
        return &m->e[m->slots[i] - 1].value;
    m->keys = nt_xgrow(m->keys, &m->kcap, m->klen + n + 1, 1);
    memcpy(m->keys + m->klen, key, n);
    m->e = nt_xgrow(m->e, &m->cap, m->n + 1, sizeof *m->e);
    m->e[m->n] = (entry){h, 0, m->klen, n};
    m->klen += n;
    m->slots[i] = (uint32_t)(++m->n);
    if (m->n * 2 > m->nslots)
        grow(m);
    return &m->e[m->n - 1].value;
}

const uint64_t *nt_map_get(const nt_map *m, const char *key, size_t n)
{
    size_t i = probe(m, nt_map_hash(key, n), key, n);
    return m->slots[i] ? &m->e[m->slots[i] - 1].value : NULL;
}

size_t nt_map_count(const nt_map *m)
{
    return m->n;
}

void nt_map_each(const nt_map *m,
                 void (*fn)(const char *key, size_t n, uint64_t v, void *ctx),
                 void *ctx)
{
    for (size_t k = 0; k < m->n; k++)
        fn(m->keys + m->e[k].off, m->e[k].len, m->e[k].value, ctx);
}

void nt_map_clear(nt_map *m)
{
    memset(m->slots, 0, m->nslots * sizeof *m->slots);
    m->n = 0;
    m->klen = 0;
}
