/* map.c - open-addressing hash map from byte strings to 64-bit values.
 *
 * A slot holds everything a lookup needs: the value, the hash's high half,
 * the key's length and its first INLINE bytes, so that finding a word costs
 * one memory access (a 32-byte slot) where it cost three (slot, entry, key
 * bytes), each a likely cache miss in tables of megabytes. Beside the slots,
 * a control byte per slot (0: empty, else 7 bits of the tag) lets a probe
 * pass over the slots of other keys without reading them: a lookup that
 * fails (most words are in no gazetteer) reads one cache line of control
 * bytes, not a run of 32-byte slots. Whole keys live in one byte arena
 * (read only for keys longer than INLINE, and by nt_map_each); an order
 * array keeps insertion order. A view (nt_map_view) uses these arrays in a
 * mapped file as they are. */
#include "map.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define INLINE 12
_Static_assert(INLINE >= 8 && INLINE <= 12, "same_head compares at most 12 bytes");
#define NOT_FOUND ((size_t)-1)

typedef struct {
    uint64_t value;
    uint32_t tag;  /* the hash's high half */
    uint32_t len1; /* key length + 1; 0: an empty slot */
    uint32_t off;  /* the key's bytes in the arena */
    char head[INLINE]; /* its first bytes, zero-padded */
} slot;

struct nt_map {
    slot *s;
    uint8_t *ctrl;   /* per slot: 0 empty, else ctrl_of(tag) */
    size_t nslots;   /* power of two, at least 4/3 of n */
    uint32_t *order; /* slot of each key in insertion order */
    size_t n, ocap;
    char *keys;
    size_t klen, kcap;
    int view; /* the arrays belong to a mapping: read-only, not freed */
};

static uint8_t ctrl_of(uint32_t tag)
{
    return (uint8_t)(0x80u | (tag & 0x7fu));
}

static uint64_t load32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* The n (1-7) bytes at p as a number, byte i in bits 8i..8i+7 and zeros
 * above: two loads that overlap (a byte loop, which this replaced, cost
 * ~5 instructions a byte; a memcpy of a variable length is a call). The
 * bytes both loads hold are the same, so or-ing them is harmless. */
static uint64_t load_tail(const char *p, size_t n)
{
    if (n >= 4)
        return load32(p) | load32(p + n - 4) << (8 * (n - 4));
    uint64_t w = (uint64_t)(unsigned char)p[0] |
                 (uint64_t)(unsigned char)p[n / 2] << (8 * (n / 2));
    return w | (uint64_t)(unsigned char)p[n - 1] << (8 * (n - 1));
}

/* Eight bytes at a time, not one (FNV-1a, which this replaced, took a
 * multiplication per byte, in a chain; 1.5% of the time on news).
 * The length goes in first, so that keys that differ only by trailing
 * NULs differ. The compiled tables hold hashes of this (datacache.c's
 * MAGIC): the value must not change, and nt_map_hash16 (map.h) must give
 * the same. */
uint64_t nt_map_hash(const char *key, size_t n)
{
    uint64_t h = NT_MAP_SEED ^ ((uint64_t)n * NT_MAP_LEN);
    for (; n >= 8; key += 8, n -= 8) {
        h = (h ^ load64(key)) * NT_MAP_MUL;
        h ^= h >> 31;
    }
    if (n)
        h = (h ^ load_tail(key, n)) * NT_MAP_MUL;
    return nt_map_mix_(h);
}

nt_map *nt_map_new(void)
{
    nt_map *m = nt_xcalloc(1, sizeof *m);
    m->nslots = 64;
    m->s = nt_xcalloc(m->nslots, sizeof *m->s);
    m->ctrl = nt_xcalloc(m->nslots, 1);
    return m;
}

void nt_map_free(nt_map *m)
{
    if (!m)
        return;
    if (!m->view) {
        free(m->s);
        free(m->ctrl);
        free(m->order);
        free(m->keys);
    }
    free(m);
}

/* Whether the first min(n, INLINE) bytes of key are those of head, without
 * a call to memcmp (a third of a lookup): two loads that overlap on each
 * side, at the same places. INLINE is 12, so 8 bytes and the last 4 of the
 * first 12 cover it. */
static inline __attribute__((always_inline)) int
same_head(const char *head, const char *key, size_t n)
{
    if (n >= 8) {
        size_t t = (n < INLINE ? n : INLINE) - 4;
        return load64(head) == load64(key) && load32(head + t) == load32(key + t);
    }
    if (n >= 4)
        return load32(head) == load32(key) &&
               load32(head + n - 4) == load32(key + n - 4);
    return !n || (head[0] == key[0] && head[n / 2] == key[n / 2] &&
                  head[n - 1] == key[n - 1]);
}

/* Whether the bytes of key past INLINE are those of slot s's key (n >
 * INLINE). The bounds check on the arena keeps a damaged view from
 * reading outside its file. Out of line: few keys are that long, and
 * memcmp's call makes its caller save registers. */
__attribute__((noinline)) static int same_tail(const nt_map *m, const slot *s,
                                               const char *key, size_t n)
{
    return s->off <= m->klen && n <= m->klen - s->off &&
           memcmp(m->keys + s->off + INLINE, key + INLINE, n - INLINE) == 0;
}

/* Whether slot s holds key. */
static inline int slot_holds(const nt_map *m, const slot *s, uint32_t tag,
                             const char *key, size_t n)
{
    return s->tag == tag && s->len1 == n + 1 && same_head(s->head, key, n) &&
           (n <= INLINE || same_tail(m, s, key, n));
}

/* slot_holds out of line: probe calls it only when a control byte
 * matches, and inlined it made every probe save and restore more
 * registers (0.3M instructions of the 2,160 articles' 545M). */
__attribute__((noinline)) static int holds(const nt_map *m, const slot *s,
                                           uint32_t tag, const char *key,
                                           size_t n)
{
    return slot_holds(m, s, tag, key, n);
}

/* Index of the slot holding key, or of the empty slot where it goes;
 * NOT_FOUND only in a damaged view with no empty slot on the way. */
static size_t probe(const nt_map *m, uint64_t h, const char *key, size_t n)
{
    size_t mask = m->nslots - 1, i = (size_t)h & mask;
    uint32_t tag = (uint32_t)(h >> 32);
    uint8_t want = ctrl_of(tag);
    for (size_t tries = 0; tries < m->nslots; tries++) {
        uint8_t c = m->ctrl[i];
        if (!c || (c == want && holds(m, &m->s[i], tag, key, n)))
            return i;
        i = (i + 1) & mask;
    }
    return NOT_FOUND;
}

/* Where the key of slot s is found again after the table is resized. */
static size_t home(const nt_map *m, const slot *s)
{
    return (size_t)nt_map_hash(m->keys + s->off, s->len1 - 1) & (m->nslots - 1);
}

/* Doubles the table and puts every key back (load stays <= 3/4). */
static void grow(nt_map *m)
{
    slot *old = m->s;
    m->nslots *= 2;
    m->s = nt_xcalloc(m->nslots, sizeof *m->s);
    free(m->ctrl);
    m->ctrl = nt_xcalloc(m->nslots, 1);
    for (size_t k = 0; k < m->n; k++) {
        const slot *o = &old[m->order[k]];
        size_t i = home(m, o);
        while (m->ctrl[i])
            i = (i + 1) & (m->nslots - 1);
        m->s[i] = *o;
        m->ctrl[i] = ctrl_of(o->tag);
        m->order[k] = (uint32_t)i;
    }
    free(old);
}

/* Turns a view into an ordinary map: its keys (those that lie in the
 * view's arena) are copied and hashed again. */
static void thaw(nt_map *m)
{
    nt_map v = *m;
    memset(m, 0, sizeof *m);
    m->nslots = 64;
    m->s = nt_xcalloc(m->nslots, sizeof *m->s);
    m->ctrl = nt_xcalloc(m->nslots, 1);
    for (size_t k = 0; k < v.n; k++) {
        const slot *s = v.order[k] < v.nslots ? &v.s[v.order[k]] : NULL;
        if (s && s->len1 && s->off <= v.klen && s->len1 - 1 <= v.klen - s->off)
            *nt_map_slot(m, v.keys + s->off, s->len1 - 1) = s->value;
    }
}

uint64_t *nt_map_slot(nt_map *m, const char *key, size_t n)
{
    if (m->view)
        thaw(m);
    uint64_t h = nt_map_hash(key, n);
    size_t i = probe(m, h, key, n);
    slot *s = &m->s[i];
    if (s->len1)
        return &s->value;
    m->keys = nt_xgrow(m->keys, &m->kcap, m->klen + n + 1, 1);
    memcpy(m->keys + m->klen, key, n);
    *s = (slot){0, (uint32_t)(h >> 32), (uint32_t)n + 1, (uint32_t)m->klen, {0}};
    memcpy(s->head, key, n < INLINE ? n : INLINE);
    m->ctrl[i] = ctrl_of(s->tag);
    m->klen += n;
    m->order = nt_xgrow(m->order, &m->ocap, m->n + 1, sizeof *m->order);
    m->order[m->n++] = (uint32_t)i;
    if (m->n * 4 > m->nslots * 3) {
        grow(m);
        return &m->s[m->order[m->n - 1]].value;
    }
    return &s->value;
}

const uint64_t *nt_map_get(const nt_map *m, const char *key, size_t n)
{
    nt_map_ask q;
    nt_map_ask_start(m, key, n, &q);
    return nt_map_ask_end(m, &q);
}

/* The home slot and its control byte: where a probe for the key starts
 * and, in a table at most 3/4 full, nearly always ends. */
void nt_map_ask_prefetch(const nt_map *m, const nt_map_ask *q)
{
    size_t i = (size_t)q->h & (m->nslots - 1);
    __builtin_prefetch(&m->ctrl[i]);
    __builtin_prefetch(&m->s[i]);
}

void nt_map_ask_start_hashed(const nt_map *m, const char *key, size_t n,
                             uint64_t h, nt_map_ask *q)
{
    q->key = key;
    q->n = n;
    q->h = h;
    nt_map_ask_prefetch(m, q);
}

void nt_map_ask_start(const nt_map *m, const char *key, size_t n, nt_map_ask *q)
{
    nt_map_ask_start_hashed(m, key, n, nt_map_hash(key, n), q);
}

/* The rest of q's probe from slot i, whose control byte is its key's
 * (tries of the table's slots passed over before it): the slots whose
 * control bytes are the key's compared in line, until an empty one. */
__attribute__((noinline)) static const uint64_t *
ask_more(const nt_map *m, const nt_map_ask *q, size_t i, size_t tries)
{
    size_t mask = m->nslots - 1;
    uint32_t tag = (uint32_t)(q->h >> 32);
    uint8_t want = ctrl_of(tag), c;
    for (;;) {
        const slot *s = &m->s[i];
        if (slot_holds(m, s, tag, q->key, q->n))
            return &s->value;
        do {
            if (++tries >= m->nslots)
                return NULL;
            i = (i + 1) & mask;
            c = m->ctrl[i];
        } while (c && c != want);
        if (!c)
            return NULL;
    }
}

/* ask_more, with slot i first compared in a function that calls nothing
 * and saves no registers when it holds a key of up to INLINE bytes: the
 * usual end of a lookup that finds its key (most lookups made after the
 * word memo's misses do). */
__attribute__((noinline)) static const uint64_t *
ask_rest(const nt_map *m, const nt_map_ask *q, size_t i, size_t tries)
{
    const slot *s = &m->s[i];
    size_t n = q->n;
    if (n <= INLINE && s->tag == (uint32_t)(q->h >> 32) && s->len1 == n + 1 &&
        same_head(s->head, q->key, n))
        return &s->value;
    return ask_more(m, q, i, tries);
}

/* probe, its answer as a value's address: the control bytes alone until
 * one is the key's or empty, in a loop that needs no registers saved (a
 * key in no table ends here); the slots' keys compared out of line
 * (ask_rest). */
const uint64_t *nt_map_ask_end(const nt_map *m, const nt_map_ask *q)
{
    size_t mask = m->nslots - 1, i = (size_t)q->h & mask;
    uint8_t want = ctrl_of((uint32_t)(q->h >> 32));
    for (size_t tries = 0; tries < m->nslots; tries++) {
        uint8_t c = m->ctrl[i];
        if (c == want)
            return ask_rest(m, q, i, tries);
        if (!c)
            return NULL;
        i = (i + 1) & mask;
    }
    return NULL;
}

size_t nt_map_count(const nt_map *m)
{
    return m->n;
}

void nt_map_each(const nt_map *m,
                 void (*fn)(const char *key, size_t n, uint64_t v, void *ctx),
                 void *ctx)
{
    for (size_t k = 0; k < m->n; k++) {
        const slot *s = m->order[k] < m->nslots ? &m->s[m->order[k]] : NULL;
        if (s && s->len1 && s->off <= m->klen && s->len1 - 1 <= m->klen - s->off)
            fn(m->keys + s->off, s->len1 - 1, s->value, ctx);
    }
}

void nt_map_clear(nt_map *m)
{
    if (m->view) { /* nothing to copy */
        m->n = 0;
        thaw(m);
        return;
    }
    if (m->n * 8 < m->nslots) { /* a few keys in a table grown large
                                  (per-article maps after a long article):
                                  their slots only */
        for (size_t k = 0; k < m->n; k++) {
            m->s[m->order[k]] = (slot){0};
            m->ctrl[m->order[k]] = 0;
        }
    } else {
        memset(m->s, 0, m->nslots * sizeof *m->s);
        memset(m->ctrl, 0, m->nslots);
    }
    m->n = 0;
    m->klen = 0;
}

/* The file layout: counts, then the arrays as they are in memory. */
int nt_map_write(const nt_map *m, FILE *f)
{
    uint64_t hdr[3] = {m->n, m->nslots, m->klen};
    return nt_blob_put(f, hdr, sizeof hdr) ||
                   nt_blob_put(f, m->s, m->nslots * sizeof *m->s) ||
                   nt_blob_put(f, m->ctrl, m->nslots) ||
                   nt_blob_put(f, m->order, m->n * sizeof *m->order) ||
                   nt_blob_put(f, m->keys, m->klen)
               ? -1
               : 0;
}

/* The arrays are checked for size only: a table of the right shape whose
 * contents are damaged gives wrong answers but no bad read (see holds,
 * probe and nt_map_each), and is not walked here, so that only the pages
 * lookups touch are ever read. 4n <= 3 nslots: an intact table always has
 * empty slots. */
nt_map *nt_map_view(nt_blob *b)
{
    const uint64_t *hdr = nt_blob_take(b, 3, sizeof *hdr);
    if (!hdr || hdr[1] == 0 || (hdr[1] & (hdr[1] - 1)) || hdr[0] * 4 > hdr[1] * 3 ||
        hdr[1] > UINT32_MAX || hdr[2] >= UINT32_MAX)
        return NULL;
    nt_map v = {.n = hdr[0], .nslots = hdr[1], .klen = hdr[2], .view = 1};
    v.ocap = v.n;
    v.kcap = v.klen;
    v.s = (slot *)nt_blob_take(b, v.nslots, sizeof *v.s);
    v.ctrl = (uint8_t *)nt_blob_take(b, v.nslots, 1);
    v.order = (uint32_t *)nt_blob_take(b, v.n, sizeof *v.order);
    v.keys = (char *)nt_blob_take(b, v.klen, 1);
    if (!b->ok)
        return NULL;
    nt_map *m = nt_xmalloc(sizeof *m);
    *m = v;
    return m;
}
