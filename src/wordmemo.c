/* wordmemo.c - answers about words kept by their bytes (see wordmemo.h). */
#include "wordmemo.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util.h"

/* 32 bytes: two to a cache line. A word's length is not kept: a word kept
 * does not end with a NUL byte, so its zero-padded bytes tell it from every
 * other word (its length is that of its bytes up to the last one not NUL),
 * and an empty place (all zeros) from every word. */
typedef struct {
    uint64_t w[2]; /* the word's bytes, zero-padded */
    nt_wordmemo_answer a;
} place;

struct nt_wordmemo {
    uint64_t stamp, stamp2;
    unsigned bits;
    int used; /* something was put since the places were last cleared */
    int mapped; /* p is a mapping (else allocated) */
    place *p;
};

static size_t places_size(const nt_wordmemo *m)
{
    return ((size_t)1 << m->bits) * sizeof(place);
}

/* The places are mapped, not allocated: the system gives zeroed pages as
 * they are first touched, where calloc may clear them all at once (a
 * tenth of the start-up, for a memo an empty input never uses). */
nt_wordmemo *nt_wordmemo_new(unsigned bits)
{
    nt_wordmemo *m = nt_xcalloc(1, sizeof *m);
    m->bits = bits;
    void *p = mmap(NULL, places_size(m), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m->p = p == MAP_FAILED ? nt_xcalloc((size_t)1 << bits, sizeof *m->p) : p;
    m->mapped = p != MAP_FAILED;
    return m;
}

void nt_wordmemo_free(nt_wordmemo *m)
{
    if (!m)
        return;
    if (m->mapped)
        munmap(m->p, places_size(m));
    else
        free(m->p);
    free(m);
}

/* An unused memo is not cleared: its pages, never touched, cost nothing
 * (a memset of them was a tenth of the start-up). */
void nt_wordmemo_check(nt_wordmemo *m, uint64_t stamp, uint64_t stamp2)
{
    if ((m->stamp != stamp || m->stamp2 != stamp2) && m->used) {
        memset(m->p, 0, places_size(m));
        m->used = 0;
    }
    m->stamp = stamp;
    m->stamp2 = stamp2;
}

/* The mask of the first n (< 8) bytes of a number loaded from memory. */
static uint64_t first_bytes(size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return n ? ~(uint64_t)0 << (64 - 8 * n) : 0;
#else
    return ((uint64_t)1 << (8 * n)) - 1;
#endif
}

int nt_wordmemo_get(const nt_wordmemo *m, const char *w, size_t n,
                    nt_wordmemo_key *key, nt_wordmemo_answer *a)
{
    key->keep = n > 0 && n <= NT_WORDMEMO_WORD && w[n - 1] != '\0';
    if (!key->keep)
        return 0;
    memcpy(key->w, w, 16); /* one load each, masked below */
    if (n < 8) {
        key->w[0] &= first_bytes(n);
        key->w[1] = 0;
    } else if (n < 16) {
        key->w[1] &= first_bytes(n - 8);
    }
    uint64_t h = (key->w[0] * 0x9e3779b97f4a7c15ull) ^
                 (key->w[1] * 0xc2b2ae3d27d4eb4full);
    key->at = (size_t)((h * 0xff51afd7ed558ccdull) >> (64 - m->bits));
    const place *p = &m->p[key->at];
    if (p->w[0] != key->w[0] || p->w[1] != key->w[1])
        return 0;
    *a = p->a;
    return 1;
}

void nt_wordmemo_put(nt_wordmemo *m, const nt_wordmemo_key *key,
                     const nt_wordmemo_answer *a)
{
    if (!key->keep)
        return;
    place *p = &m->p[key->at];
    m->used = 1;
    p->w[0] = key->w[0];
    p->w[1] = key->w[1];
    p->a = *a;
}
