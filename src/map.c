/* map.c - open-addressing hash map from byte strings to 64-bit values.
 * Entries live in insertion order in one array and their keys in one byte
 * arena; the probe table holds entry indexes, so growing it never moves keys.
 * A view (nt_map_view) uses arrays in a mapped file as they are. */
#include "map.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define HASH_HIGH 0xffffffff00000000ull
#define NOT_FOUND ((size_t)-1)

typedef struct {
    uint64_t hash, value;
    size_t off, len; /* key bytes in the arena */
} entry;

struct nt_map {
    entry *e;
    size_t n, cap;
    uint64_t *slots; /* high half: the hash's high half; low: entry index
                        + 1, 0 = empty. The hash half turns most mismatches
                        away without touching the entry (a cache miss). */
    size_t nslots;   /* power of two */
    char *keys;
    size_t klen, kcap;
    int view; /* the arrays belong to a mapping: read-only, not freed */
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
    if (m->view) {
        free(m);
        return;
    }
    free(m->e);
    free(m->slots);
    free(m->keys);
    free(m);
}

/* Whether slot value s names the entry of key. The bounds checks cost
 * next to nothing and keep a damaged view from reading outside its file. */
static int holds(const nt_map *m, uint64_t s, uint64_t h, const char *key,
                 size_t n)
{
    uint32_t idx = (uint32_t)s;
    if ((s & HASH_HIGH) != (h & HASH_HIGH) || idx == 0 || idx > m->n)
        return 0;
    const entry *e = &m->e[idx - 1];
    return e->hash == h && e->len == n && e->off <= m->klen &&
           n <= m->klen - e->off && memcmp(m->keys + e->off, key, n) == 0;
}

/* Index of the probe slot holding key, or of the empty slot where it goes;
 * NOT_FOUND only in a damaged view with no empty slot on the way. */
static size_t probe(const nt_map *m, uint64_t h, const char *key, size_t n)
{
    size_t mask = m->nslots - 1, i = (size_t)h & mask;
    for (size_t tries = 0; tries < m->nslots; tries++) {
        uint64_t s = m->slots[i];
        if (!s || holds(m, s, h, key, n))
            return i;
        i = (i + 1) & mask;
    }
    return NOT_FOUND;
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
        m->slots[i] = (m->e[k].hash & HASH_HIGH) | (uint64_t)(k + 1);
    }
}

/* Turns a view into an ordinary map: its entries (those whose key lies in
 * the view's arena) are copied and hashed again. */
static void thaw(nt_map *m)
{
    nt_map v = *m;
    m->view = 0;
    m->e = NULL;
    m->n = m->cap = m->klen = m->kcap = 0;
    m->keys = NULL;
    m->nslots = 64;
    m->slots = nt_xcalloc(m->nslots, sizeof *m->slots);
    for (size_t k = 0; k < v.n; k++)
        if (v.e[k].off <= v.klen && v.e[k].len <= v.klen - v.e[k].off)
            *nt_map_slot(m, v.keys + v.e[k].off, v.e[k].len) = v.e[k].value;
}

uint64_t *nt_map_slot(nt_map *m, const char *key, size_t n)
{
    if (m->view)
        thaw(m);
    uint64_t h = nt_map_hash(key, n);
    size_t i = probe(m, h, key, n);
    if (m->slots[i])
        return &m->e[(uint32_t)m->slots[i] - 1].value;
    m->keys = nt_xgrow(m->keys, &m->kcap, m->klen + n + 1, 1);
    memcpy(m->keys + m->klen, key, n);
    m->e = nt_xgrow(m->e, &m->cap, m->n + 1, sizeof *m->e);
    m->e[m->n] = (entry){h, 0, m->klen, n};
    m->klen += n;
    m->slots[i] = (h & HASH_HIGH) | (uint64_t)(++m->n);
    if (m->n * 2 > m->nslots)
        grow(m);
    return &m->e[m->n - 1].value;
}

const uint64_t *nt_map_get(const nt_map *m, const char *key, size_t n)
{
    size_t i = probe(m, nt_map_hash(key, n), key, n);
    return i != NOT_FOUND && m->slots[i] ? &m->e[(uint32_t)m->slots[i] - 1].value
                                         : NULL;
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
        if (m->e[k].off <= m->klen && m->e[k].len <= m->klen - m->e[k].off)
            fn(m->keys + m->e[k].off, m->e[k].len, m->e[k].value, ctx);
}

void nt_map_clear(nt_map *m)
{
    if (m->view) { /* nothing to copy */
        m->n = 0;
        thaw(m);
        return;
    }
    memset(m->slots, 0, m->nslots * sizeof *m->slots);
    m->n = 0;
    m->klen = 0;
}

/* The file layout: counts, then the arrays as they are in memory. */
int nt_map_write(const nt_map *m, FILE *f)
{
    uint64_t hdr[3] = {m->n, m->nslots, m->klen};
    return nt_blob_put(f, hdr, sizeof hdr) || nt_blob_put(f, m->e, m->n * sizeof *m->e) ||
                   nt_blob_put(f, m->slots, m->nslots * sizeof *m->slots) ||
                   nt_blob_put(f, m->keys, m->klen)
               ? -1
               : 0;
}

/* The arrays are checked for size only: a table of the right shape whose
 * contents are damaged gives wrong answers but no bad read (see holds and
 * probe), and is not walked here, so that only the pages lookups touch are
 * ever read. n * 2 <= nslots: an intact table always has empty slots. */
nt_map *nt_map_view(nt_blob *b)
{
    const uint64_t *hdr = nt_blob_take(b, 3, sizeof *hdr);
    if (!hdr || hdr[1] == 0 || (hdr[1] & (hdr[1] - 1)) || hdr[0] * 2 > hdr[1] ||
        hdr[0] >= UINT32_MAX)
        return NULL;
    nt_map v = {.n = hdr[0], .nslots = hdr[1], .klen = hdr[2], .view = 1};
    v.cap = v.n;
    v.kcap = v.klen;
    v.e = (entry *)nt_blob_take(b, v.n, sizeof *v.e);
    v.slots = (uint64_t *)nt_blob_take(b, v.nslots, sizeof *v.slots);
    v.keys = (char *)nt_blob_take(b, v.klen, 1);
    if (!b->ok)
        return NULL;
    nt_map *m = nt_xmalloc(sizeof *m);
    *m = v;
    return m;
}
