/* wordmemo.c - answers about words kept by their bytes (see wordmemo.h). */
#include "wordmemo.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util.h"

/* A memo grows when it has taken GROW_AFTER answers a place since it was
 * made or last grew: the words it is asked about then outnumber its places
 * (each answer put is a word it did not know), and GROW_BITS more bits
 * give it four times the places. A short article never fills it once and
 * keeps the small memo's few pages; 2,160 articles grew the document memo
 * from 8,192 places to 32,768 and needed a fifth fewer lookups in the
 * lexicon and the name lists (instructions -4%, simulated misses of a
 * 512 KB cache -13%). */
#define GROW_AFTER 2
#define GROW_BITS 2

static size_t places_size(unsigned bits)
{
    return ((size_t)1 << bits) * sizeof(nt_wordmemo_place);
}

/* The places are mapped, not allocated: the system gives zeroed pages as
 * they are first touched, where calloc may clear them all at once (a
 * tenth of the start-up, for a memo an empty input never uses). */
static void make_places(nt_wordmemo *m, unsigned bits)
{
    m->bits = bits;
    m->shift = 64 - bits;
    void *p = mmap(NULL, places_size(bits), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m->p = p == MAP_FAILED ? nt_xcalloc((size_t)1 << bits, sizeof *m->p) : p;
    m->mapped = p != MAP_FAILED;
}

static void free_places(nt_wordmemo_place *p, unsigned bits, int mapped)
{
    if (mapped)
        munmap(p, places_size(bits));
    else
        free(p);
}

nt_wordmemo *nt_wordmemo_new(unsigned bits, unsigned max_bits)
{
    nt_wordmemo *m = nt_xcalloc(1, sizeof *m);
    m->max_bits = max_bits > bits ? max_bits : bits;
    make_places(m, bits);
    return m;
}

void nt_wordmemo_free(nt_wordmemo *m)
{
    if (!m)
        return;
    free_places(m->p, m->bits, m->mapped);
    free(m);
}

/* Moves what m knows into a memo of more places. */
static void grow(nt_wordmemo *m)
{
    unsigned old_bits = m->bits;
    int old_mapped = m->mapped;
    nt_wordmemo_place *old = m->p;
    unsigned bits = old_bits + GROW_BITS < m->max_bits ? old_bits + GROW_BITS
                                                       : m->max_bits;
    make_places(m, bits);
    for (size_t i = 0; i < (size_t)1 << old_bits; i++)
        if (old[i].w[0] | old[i].w[1])
            m->p[nt_wordmemo_place_of(m, old[i].w)] = old[i];
    free_places(old, old_bits, old_mapped);
    m->puts = 0;
}

/* An unused memo is not cleared: its pages, never touched, cost nothing
 * (a memset of them was a tenth of the start-up). */
void nt_wordmemo_check(nt_wordmemo *m, uint64_t stamp, uint64_t stamp2)
{
    if ((m->stamp != stamp || m->stamp2 != stamp2) && m->used) {
        memset(m->p, 0, places_size(m->bits));
        m->used = 0;
    }
    m->stamp = stamp;
    m->stamp2 = stamp2;
    nt_wordmemo_grow_if_due(m);
}

void nt_wordmemo_grow_if_due(nt_wordmemo *m)
{
    if (m->bits < m->max_bits && m->puts >= (size_t)GROW_AFTER << m->bits)
        grow(m);
}

void nt_wordmemo_put(nt_wordmemo *m, const nt_wordmemo_key *key,
                     const nt_wordmemo_answer *a)
{
    if (!key->keep)
        return;
    nt_wordmemo_place *p = &m->p[key->at];
    m->used = 1;
    m->puts++;
    p->w[0] = key->w[0];
    p->w[1] = key->w[1];
    p->a = *a;
}
