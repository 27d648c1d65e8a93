/* wordmemo.c - answers about words kept by their bytes (see wordmemo.h). */
#include "wordmemo.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util.h"

/* The mask of a number loaded from memory that keeps its first n bytes,
 * and the two that keep a word's n bytes of 16 (nt_wordmemo_load). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FIRST(n) ((n) >= 8 ? ~0ull : (n) ? ~0ull << (64 - 8 * (n)) : 0ull)
#else
#define FIRST(n) ((n) >= 8 ? ~0ull : (1ull << (8 * (n))) - 1)
#endif
#define MASKS(n) {FIRST(n), (n) > 8 ? FIRST((n) - 8) : 0ull}

const uint64_t nt_wordmemo_masks_[NT_WORDMEMO_WORD + 1][2] = {
    MASKS(0),  MASKS(1),  MASKS(2),  MASKS(3),  MASKS(4),  MASKS(5),
    MASKS(6),  MASKS(7),  MASKS(8),  MASKS(9),  MASKS(10), MASKS(11),
    MASKS(12), MASKS(13), MASKS(14), MASKS(15), MASKS(16)};

static size_t places_size(const nt_wordmemo *m)
{
    return ((size_t)1 << m->bits) * sizeof(nt_wordmemo_place);
}

/* The places are mapped, not allocated: the system gives zeroed pages as
 * they are first touched, where calloc may clear them all at once (a
 * tenth of the start-up, for a memo an empty input never uses). But where
 * the heap is of huge pages (nt_heap_huge), they come from it: clearing
 * them costs less than faulting in each 4 KB page on its own. */
static void places_new(nt_wordmemo *m)
{
    void *p = nt_heap_huge() ? MAP_FAILED
                             : mmap(NULL, places_size(m), PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m->p = p == MAP_FAILED ? nt_xcalloc((size_t)1 << m->bits, sizeof *m->p) : p;
    m->mapped = p != MAP_FAILED;
}

static void places_free(nt_wordmemo *m)
{
    if (m->mapped)
        munmap(m->p, places_size(m));
    else
        free(m->p);
}

/* The mask of nt_wordmemo_offset_ for m's size. */
static void set_size(nt_wordmemo *m, unsigned bits)
{
    m->bits = bits;
    m->mask = (((size_t)1 << (bits - 1)) - 1) * 2 * sizeof *m->p;
}

nt_wordmemo *nt_wordmemo_new(unsigned bits, unsigned top)
{
    nt_wordmemo *m = nt_xcalloc(1, sizeof *m);
    set_size(m, bits ? bits : 1); /* a pair at least */
    m->top = top > m->bits ? top : m->bits;
    places_new(m);
    return m;
}

void nt_wordmemo_free(nt_wordmemo *m)
{
    if (!m)
        return;
    places_free(m);
    free(m);
}

/* A pair's older word is put first, so that the newer one is first again
 * where both land in the same new pair. */
void nt_wordmemo_grow(nt_wordmemo *m)
{
    if (m->bits == m->top)
        return;
    nt_wordmemo old = *m;
    set_size(m, m->bits + 1);
    m->puts = 0;
    places_new(m);
    for (size_t i = 0; i < (size_t)1 << old.bits; i++) {
        const nt_wordmemo_place *p = &old.p[i ^ 1];
        if (!p->w[0] && !p->w[1]) /* empty */
            continue;
        nt_wordmemo_key key = {{p->w[0], p->w[1]}, 0, 1};
        key.at = nt_wordmemo_offset_(key.w, m->top, m->mask) / sizeof *m->p;
        nt_wordmemo_put_inline(m, &key, &p->a);
    }
    places_free(&old);
}

/* An unused memo is not cleared: its pages, never touched, cost nothing
 * (a memset of them was a tenth of the start-up). */
void nt_wordmemo_check(nt_wordmemo *m, uint64_t stamp, uint64_t stamp2)
{
    if ((m->stamp != stamp || m->stamp2 != stamp2) && m->puts) {
        memset(m->p, 0, places_size(m));
        m->puts = 0;
    }
    m->stamp = stamp;
    m->stamp2 = stamp2;
}

void nt_wordmemo_put(nt_wordmemo *m, const nt_wordmemo_key *key,
                     const nt_wordmemo_answer *a)
{
    nt_wordmemo_put_inline(m, key, a);
}
