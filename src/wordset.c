/* wordset.c - sets of words and their filter (see wordset.h). */
#include "wordset.h"

#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "util.h"

/* More words than this: any word (the filter would lose its point). */
#define SET_MAX 4096

void nt_wordset_free(nt_wordset *w)
{
    free(w->v);
    *w = (nt_wordset){0};
}

static int word_cmp(const void *a, const void *b)
{
    return memcmp(a, b, sizeof(nt_word));
}

/* Words are zero-padded: they compare as bytes. */
void nt_wordset_tidy(nt_wordset *w)
{
    if (w->n < 2)
        return;
    qsort(w->v, w->n, sizeof *w->v, word_cmp);
    size_t k = 1;
    for (size_t i = 1; i < w->n; i++)
        if (word_cmp(&w->v[i], &w->v[k - 1]) != 0)
            w->v[k++] = w->v[i];
    w->n = k;
}

void nt_wordset_add(nt_wordset *w, const char *s, size_t n, int begun)
{
    if (w->any)
        return;
    if (n > NT_WORDSET_CAP) {
        n = NT_WORDSET_CAP;
        begun = 1;
    }
    if (w->n == SET_MAX) /* repeats, most likely: many paths spell a word */
        nt_wordset_tidy(w);
    if (w->n == SET_MAX || (n == 0 && begun)) {
        nt_wordset_free(w);
        w->any = 1;
        return;
    }
    w->v = nt_xgrow(w->v, &w->cap, w->n + 1, sizeof *w->v);
    nt_word *e = &w->v[w->n++];
    memset(e, 0, sizeof *e);
    memcpy(e->s, s, n);
    e->n = (uint8_t)n;
    e->begun = begun != 0;
}

/* A byte for any, then the words as they are in memory (bytes only). */
void nt_wordset_write(const nt_wordset *w, nt_buf *out)
{
    nt_buf_putc(out, (char)(w->any != 0));
    nt_buf_put(out, w->v, w->n * sizeof *w->v);
}

int nt_wordset_read(nt_wordset *w, const void *bytes, size_t n)
{
    const unsigned char *b = bytes;
    *w = (nt_wordset){0};
    if (n < 1 || b[0] > 1 || (n - 1) % sizeof *w->v)
        return -1;
    w->any = b[0];
    w->n = w->cap = (n - 1) / sizeof *w->v;
    w->v = w->n ? nt_xmalloc(n - 1) : NULL;
    if (w->n)
        memcpy(w->v, b + 1, n - 1);
    for (size_t i = 0; i < w->n; i++)
        if (w->v[i].n > NT_WORDSET_CAP || w->v[i].begun > 1) {
            nt_wordset_free(w);
            return -1;
        }
    return 0;
}

/* The filter looks a word up only when a word of its length (whole) or a
 * beginning (begun) starts with the same byte: most words of a text it
 * turns away then cost no hashing. */
struct nt_wordfilter {
    nt_map *whole;       /* words allowed as they are */
    nt_map *begun;       /* beginnings of words allowed */
    uint32_t begun_lens; /* bit n: a beginning of n bytes */
    /* The head_bit of the first bytes of the whole words, by length, and
     * of the beginnings. */
    uint32_t whole_heads[NT_WORDSET_CAP + 1], begun_heads;
    int any;
};

/* A bit for the first byte of a word: one for each word byte ('0', 'a' to
 * 'z'), one for every other byte. */
static uint32_t head_bit(char c)
{
    if (c >= 'a' && c <= 'z')
        return 1u << (c - 'a');
    return c == '0' ? 1u << 26 : 1u << 27;
}

nt_wordfilter *nt_wordfilter_new(void)
{
    nt_wordfilter *f = nt_xcalloc(1, sizeof *f);
    f->whole = nt_map_new();
    f->begun = nt_map_new();
    return f;
}

void nt_wordfilter_free(nt_wordfilter *f)
{
    if (!f)
        return;
    nt_map_free(f->whole);
    nt_map_free(f->begun);
    free(f);
}

int nt_wordfilter_add(nt_wordfilter *f, const nt_wordset *w)
{
    f->any |= w->any;
    for (size_t i = 0; i < w->n && !f->any; i++) {
        const nt_word *e = &w->v[i];
        *nt_map_slot(e->begun ? f->begun : f->whole, e->s, e->n) = 1;
        if (e->begun) {
            f->begun_lens |= (uint32_t)1 << e->n;
            f->begun_heads |= head_bit(e->s[0]);
        } else if (e->n) {
            f->whole_heads[e->n] |= head_bit(e->s[0]);
        }
    }
    return !f->any;
}

int nt_wordfilter_has(const nt_wordfilter *f, const char *w, size_t n)
{
    if (f->any || n == 0) /* the empty word is no head's */
        return f->any || nt_map_get(f->whole, w, 0);
    uint32_t head = head_bit(w[0]);
    if (n <= NT_WORDSET_CAP && (f->whole_heads[n] & head) &&
        nt_map_get(f->whole, w, n))
        return 1;
    if (!(f->begun_heads & head))
        return 0;
    for (uint32_t m = f->begun_lens; m; m &= m - 1) {
        size_t k = (size_t)__builtin_ctz(m);
        if (k > n)
            break;
        if (nt_map_get(f->begun, w, k))
            return 1;
    }
    return 0;
}
