/* nametab.c - the names of one article and their numbers (see nametab.h). */
#include "nametab.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void nt_nametab_init(nt_nametab *t)
{
    t->nslots = 128;
    t->s = nt_xcalloc(t->nslots, sizeof *t->s);
    t->n = 0;
    t->gen = 1;
}

/* Slots of an older generation are free. */
void nt_nametab_reset(nt_nametab *t)
{
    t->n = 0;
    if (++t->gen == 0) { /* wrapped: old slots could look current */
        memset(t->s, 0, t->nslots * sizeof *t->s);
        t->gen = 1;
    }
}

/* The slot holding (tag, key), or the free one where it goes. */
static nt_nametab_slot *probe(const nt_nametab *t, uint32_t h, uint32_t tag,
                              const char *key, size_t n)
{
    size_t mask = t->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        nt_nametab_slot *s = &t->s[i];
        if (s->gen != t->gen || (s->hash == h && s->len == n && s->tag == tag &&
                                 nt_nametab_same(s->key, key, n)))
            return s;
    }
}

/* Doubles the table, moving the current generation's names. Rare, and
 * kept out of line: inlined, it made every lookup save and restore more
 * registers (#8: 14.4M -> 13.4M instructions on 2,160 articles). */
__attribute__((noinline, cold)) static void grow(nt_nametab *t)
{
    nt_nametab old = *t;
    t->nslots *= 2;
    t->s = nt_xcalloc(t->nslots, sizeof *t->s);
    for (size_t i = 0; i < old.nslots; i++) {
        const nt_nametab_slot *o = &old.s[i];
        if (o->gen == t->gen)
            *probe(t, o->hash, o->tag, o->key, o->len) = *o;
    }
    free(old.s);
}

uint32_t *nt_nametab_add_grown(nt_nametab *t, uint32_t h, uint32_t tag,
                               const char *key, size_t n)
{
    grow(t);
    nt_nametab_slot *s = probe(t, h, tag, key, n);
    *s = (nt_nametab_slot){key, (uint32_t)n, tag, 0, h, t->gen};
    t->n++;
    return &s->value;
}

void nt_nametab_free(nt_nametab *t)
{
    free(t->s);
    t->s = NULL;
    t->nslots = t->n = 0;
}
