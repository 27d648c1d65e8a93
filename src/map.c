/* map.c - open-addressing hash map from byte strings to 64-bit values.
 * Entries live in insertion order in one array and their keys in one byte
 * arena; the probe table holds entry indexes, so growing it never moves keys. */
#include "map.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

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
    uint64_t tag = h & 0xffffffff00000000ull;
    for (;;) {
        uint64_t s = m->slots[i];
        if (!s)
            return i;
        if ((s & 0xffffffff00000000ull) == tag) {
            const entry *e = &m->e[(uint32_t)s - 1];
            if (e->hash == h && e->len == n &&
                memcmp(m->keys + e->off, key, n) == 0)
                return i;
        }
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
        m->slots[i] = (m->e[k].hash & 0xffffffff00000000ull) | (uint64_t)(k + 1);
    }
}

uint64_t *nt_map_slot(nt_map *m, const char *key, size_t n)
{
    uint64_t h = nt_map_hash(key, n);
    size_t i = probe(m, h, key, n);
    if (m->slots[i])
        return &m->e[(uint32_t)m->slots[i] - 1].value;
    m->keys = nt_xgrow(m->keys, &m->kcap, m->klen + n + 1, 1);
    memcpy(m->keys + m->klen, key, n);
    m->e = nt_xgrow(m->e, &m->cap, m->n + 1, sizeof *m->e);
    m->e[m->n] = (entry){h, 0, m->klen, n};
    m->klen += n;
    m->slots[i] = (h & 0xffffffff00000000ull) | (uint64_t)(++m->n);
    if (m->n * 2 > m->nslots)
        grow(m);
    return &m->e[m->n - 1].value;
}

const uint64_t *nt_map_get(const nt_map *m, const char *key, size_t n)
{
    size_t i = probe(m, nt_map_hash(key, n), key, n);
    return m->slots[i] ? &m->e[(uint32_t)m->slots[i] - 1].value : NULL;
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

/* The cache layout: counts, then the arrays as they are in memory. Only
 * ever read back by the same build (callers check a version first). */
int nt_map_write(const nt_map *m, FILE *f)
{
    uint64_t hdr[3] = {m->n, m->nslots, m->klen};
    return fwrite(hdr, sizeof hdr, 1, f) == 1 &&
                   (!m->n || fwrite(m->e, sizeof *m->e, m->n, f) == m->n) &&
                   fwrite(m->slots, sizeof *m->slots, m->nslots, f) == m->nslots &&
                   (!m->klen || fwrite(m->keys, 1, m->klen, f) == m->klen)
               ? 0
               : -1;
}

/* Whether a regular file f still holds the bytes of the arrays hdr counts,
 * so that a corrupt header cannot make us allocate more than the file could
 * fill (nt_xmalloc would abort). Other files are left to the reads. */
static int fits(FILE *f, const uint64_t hdr[3])
{
    struct stat st;
    long at = ftell(f);
    if (at < 0 || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))
        return 1;
    uint64_t left = st.st_size > at ? (uint64_t)(st.st_size - at) : 0;
    return hdr[2] <= left &&
           hdr[0] * sizeof(entry) + hdr[1] * sizeof(uint64_t) + hdr[2] <= left;
}

nt_map *nt_map_read(FILE *f)
{
    uint64_t hdr[3];
    if (fread(hdr, sizeof hdr, 1, f) != 1 || hdr[1] == 0 ||
        (hdr[1] & (hdr[1] - 1)) || hdr[0] * 2 > hdr[1] || hdr[1] > (1ull << 33) ||
        !fits(f, hdr))
        return NULL;
    nt_map *m = nt_xcalloc(1, sizeof *m);
    m->n = m->cap = hdr[0];
    m->nslots = hdr[1];
    m->klen = m->kcap = hdr[2];
    m->e = nt_xmalloc((m->n + 1) * sizeof *m->e);
    m->slots = nt_xmalloc(m->nslots * sizeof *m->slots);
    m->keys = nt_xmalloc(m->klen + 1);
    if (fread(m->e, sizeof *m->e, m->n, f) != m->n ||
        fread(m->slots, sizeof *m->slots, m->nslots, f) != m->nslots ||
        fread(m->keys, 1, m->klen, f) != m->klen) {
        nt_map_free(m);
        return NULL;
    }
    /* No index may point outside (a tag without an index would be entry
     * -1), and exactly n slots are taken: probing stops at an empty one. */
    size_t used = 0;
    for (size_t i = 0; i < m->nslots; i++) {
        uint32_t idx = (uint32_t)m->slots[i];
        used += m->slots[i] != 0;
        if ((m->slots[i] && idx == 0) || idx > m->n) {
            nt_map_free(m);
            return NULL;
        }
    }
    if (used != m->n) {
        nt_map_free(m);
        return NULL;
    }
    for (size_t k = 0; k < m->n; k++)
        if (m->e[k].off > m->klen || m->e[k].len > m->klen - m->e[k].off) {
            nt_map_free(m);
            return NULL;
        }
    return m;
}
