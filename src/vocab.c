/* vocab.c - the words of a pattern's matches, by its positions (see
 * vocab.h). */
#include "vocab.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A position of more word characters than this is wild: any letters. */
#define CLASS_MAX 4
/* Past these, the pattern is too large to read: any word. */
#define POSITIONS_MAX 65536u
#define EDGES_MAX (1u << 21)
#define STEPS_MAX 1000000u

typedef struct {
    char members[CLASS_MAX]; /* the word characters it matches (wordset.h) */
    uint8_t n;
    uint8_t wild;  /* more than CLASS_MAX of them */
    uint8_t other; /* it matches a character of no word too: ends one */
} position;

typedef struct {
    uint32_t from, to;
} edge;

struct nt_vocab {
    position *p;
    size_t np, pcap;
    edge *e;
    size_t ne, ecap;
    int too_big;
};

nt_vocab *nt_vocab_new(void)
{
    return nt_xcalloc(1, sizeof(nt_vocab));
}

void nt_vocab_free(nt_vocab *v)
{
    if (!v)
        return;
    free(v->p);
    free(v->e);
    free(v);
}

/* Bytes from 0x80 up, characters beyond ASCII, are left out: a text's word
 * next to one is not judged (vocab.h), and caseless ASCII letters bring
 * them in (the KELVIN SIGN is a 'k': see reach.c). */
uint32_t nt_vocab_position(nt_vocab *v, const nt_byteset *chars)
{
    position q = {{0}, 0, 0, 0};
    for (unsigned c = 0; c < 0x80; c++) {
        if (!nt_byteset_has(chars, (unsigned char)c))
            continue;
        char f = nt_word_byte((unsigned char)c);
        if (!f)
            q.other = 1;
        else if (!memchr(q.members, f, q.n) && !q.wild) {
            if (q.n == CLASS_MAX)
                q.wild = 1;
            else
                q.members[q.n++] = f;
        }
    }
    if (v->np == POSITIONS_MAX) {
        v->too_big = 1;
        return 0;
    }
    v->p = nt_xgrow(v->p, &v->pcap, v->np + 1, sizeof *v->p);
    v->p[v->np] = q;
    return (uint32_t)v->np++;
}

void nt_vocab_follow(nt_vocab *v, const uint32_t *from, size_t nfrom,
                     const uint32_t *to, size_t nto)
{
    if (v->too_big || (nfrom && nto > (EDGES_MAX - v->ne) / nfrom)) {
        v->too_big = 1;
        return;
    }
    v->e = nt_xgrow(v->e, &v->ecap, v->ne + nfrom * nto + 1, sizeof *v->e);
    for (size_t i = 0; i < nfrom; i++)
        for (size_t j = 0; j < nto; j++)
            v->e[v->ne++] = (edge){from[i], to[j]};
}

/* The walk over the positions: who follows whom (off, next: each
 * position's followers), where words may begin and end, and the path
 * being walked. */
typedef struct {
    const nt_vocab *v;
    size_t *off;
    uint32_t *next;
    uint8_t *begins, *ends, *on_path;
    size_t steps;
    nt_wordset w;
} walk;

static int has_word_chars(const position *q)
{
    return q->n || q->wild;
}

/* The followers of each position, in one array (by a counting sort). */
static void index_followers(walk *wk)
{
    const nt_vocab *v = wk->v;
    wk->off = nt_xcalloc(v->np + 1, sizeof *wk->off);
    wk->next = nt_xmalloc((v->ne ? v->ne : 1) * sizeof *wk->next);
    for (size_t i = 0; i < v->ne; i++)
        wk->off[v->e[i].from + 1]++;
    for (size_t p = 0; p < v->np; p++)
        wk->off[p + 1] += wk->off[p];
    size_t *at = nt_xmalloc((v->np + 1) * sizeof *at);
    memcpy(at, wk->off, (v->np + 1) * sizeof *at);
    for (size_t i = 0; i < v->ne; i++)
        wk->next[at[v->e[i].from]++] = v->e[i].to;
    free(at);
}

/* Words begin where a match does, or after a character of no word (unless
 * only a match's first word is wanted); they end where a match does, or
 * before such a character. */
static void mark_bounds(walk *wk, const uint32_t *first, size_t nf,
                        const uint32_t *last, size_t nl, int first_only)
{
    const nt_vocab *v = wk->v;
    wk->begins = nt_xcalloc(v->np + 1, 1);
    wk->ends = nt_xcalloc(v->np + 1, 1);
    wk->on_path = nt_xcalloc(v->np + 1, 1);
    for (size_t i = 0; i < nf; i++)
        wk->begins[first[i]] = 1;
    for (size_t i = 0; i < nl; i++)
        wk->ends[last[i]] = 1;
    for (size_t i = 0; i < v->ne; i++) {
        if (v->p[v->e[i].from].other && !first_only)
            wk->begins[v->e[i].to] = 1;
        if (v->p[v->e[i].to].other)
            wk->ends[v->e[i].from] = 1;
    }
}

/* The words that go on from s[0..n) through position p. A wild position,
 * a word cut at the cap, or a loop back into the path: every word that
 * begins so. */
static void visit(walk *wk, uint32_t p, char *s, size_t n)
{
    const position *q = &wk->v->p[p];
    if (++wk->steps > STEPS_MAX || q->wild || n == NT_WORDSET_CAP) {
        nt_wordset_add(&wk->w, s, wk->steps > STEPS_MAX ? 0 : n, 1);
        return;
    }
    wk->on_path[p] = 1;
    for (size_t i = 0; i < q->n && !wk->w.any; i++) {
        s[n] = q->members[i];
        if (wk->ends[p])
            nt_wordset_add(&wk->w, s, n + 1, 0);
        for (size_t k = wk->off[p]; k < wk->off[p + 1] && !wk->w.any; k++) {
            uint32_t r = wk->next[k];
            if (!has_word_chars(&wk->v->p[r]))
                continue;
            if (wk->on_path[r])
                nt_wordset_add(&wk->w, s, n + 1, 1);
            else
                visit(wk, r, s, n + 1);
        }
    }
    wk->on_path[p] = 0;
}

/* The words of paths from where words begin (see mark_bounds). */
static nt_wordset words(const nt_vocab *v, const uint32_t *first, size_t nf,
                        const uint32_t *last, size_t nl, int first_only)
{
    walk wk = {.v = v};
    if (v->too_big) {
        wk.w.any = 1;
        return wk.w;
    }
    index_followers(&wk);
    mark_bounds(&wk, first, nf, last, nl, first_only);
    char s[NT_WORDSET_CAP + 1];
    for (size_t p = 0; p < v->np && !wk.w.any; p++)
        if (wk.begins[p] && has_word_chars(&v->p[p]))
            visit(&wk, (uint32_t)p, s, 0);
    free(wk.off);
    free(wk.next);
    free(wk.begins);
    free(wk.ends);
    free(wk.on_path);
    nt_wordset_tidy(&wk.w); /* many paths spell the same words */
    return wk.w;
}

nt_wordset nt_vocab_words(const nt_vocab *v, const uint32_t *first, size_t nf,
                          const uint32_t *last, size_t nl)
{
    return words(v, first, nf, last, nl, 0);
}

nt_wordset nt_vocab_first_words(const nt_vocab *v, const uint32_t *first,
                                size_t nf, const uint32_t *last, size_t nl)
{
    return words(v, first, nf, last, nl, 1);
}
