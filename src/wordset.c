/* wordset.c - sets of words and their filter, keys and theirs (see
 * wordset.h). */
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

size_t nt_word_lead(const char *text, size_t len, size_t at,
                    char key[NT_WORD_LEAD])
{
    size_t n = 0;
    for (int k = 0; k < NT_WORD_LEAD_WORDS; k++) {
        size_t start = n, m = 0;
        while (n <= NT_WORDSET_CAP && at < len &&
               (key[n] = nt_word_byte((unsigned char)text[at])))
            n++, m++, at++;
        unsigned char c = at < len ? (unsigned char)text[at] : 0;
        if (n > NT_WORDSET_CAP || (m == 0 && c < 0x80))
            return n;
        if (c >= 0x80) {
            key[start] = NT_WORD_ON;
            return k ? start + 1 : 0;
        }
        key[n++] = nt_word_next(c);
        if (at++ >= len || n > NT_WORDSET_CAP)
            return n;
        while (c && c <= ' ' && at < len && text[at] &&
               (unsigned char)text[at] <= ' ')
            at++;
    }
    return n;
}

/* The filter's symbols: a key's bytes, numbered so that a node's children
 * fit one 64-bit set. A text's byte stands for the symbol of its key byte:
 * 0 for digits, 1-26 for letters in either case (SYM_WORDS and up: of no
 * word), SYM_END for the text's end (and a NUL byte), SYM_SPACE for white
 * space and control characters; SYM_HIGH for bytes beyond ASCII, which
 * no key byte stands for (NT_WORD_ON is SYM_ON). */
#define SYM_WORDS 27
#define SYM_END 27
#define SYM_SPACE 28
#define SYM_ON 62
#define SYM_HIGH 255
#define HI SYM_HIGH
static const unsigned char text_sym[256] = {
    27, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, /* !-/ */
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0, 44, 45, 46, 47, 48, 49, /* 0-9 :-? */
    50,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, /* @ A-O */
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 51, 52, 53, 54, 55, /* P-Z [-_ */
    56,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, /* ` a-o */
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 57, 58, 59, 60, 61, /* p-z {-DEL */
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
};
#undef HI

/* The symbol of a key's byte c. */
static unsigned key_sym(char c)
{
    return c == NT_WORD_ON ? SYM_ON : text_sym[(unsigned char)c];
}

/* The trie as a double array (node 0 is the root): the child of node at
 * for symbol sym is the node at v[at].base + sym when that node's check
 * is at, so a step is an add and a compare. Whether a key ends at a node
 * (KEY_WHOLE) or begins every key below it (KEY_BEGUN) is in flags. A
 * begun key's node keeps no children: every key below it is allowed, so
 * a walk that cannot step on from a node asks whether it is begun. */
typedef struct {
    uint32_t base, check;
} key_node;

#define KEY_WHOLE 1
#define KEY_BEGUN 2
#define KEY_FREE UINT32_MAX /* the check of a slot that holds no node */

struct nt_keyfilter {
    key_node *v; /* every node's base + 63 is inside */
    uint8_t *flags;
    size_t n;
    /* The root's child for each word symbol, or 0: every key judged
     * takes one step from the root (a load spared). The root is never a
     * key's end (no key is empty). */
    uint32_t root[SYM_WORDS];
};

/* The child of node at for symbol sym (below 64), or 0. */
static inline uint32_t key_step(const nt_keyfilter *f, uint32_t at,
                                unsigned sym)
{
    uint32_t c = f->v[at].base + sym;
    return f->v[c].check == at ? c : 0;
}

/* key_step of the judge's walk, on f's nodes v: whether node *at has a
 * child for sym, which *at becomes (the slot of a child is never 0, the
 * root's: no test of it). */
static inline int key_walk(const key_node *v, uint32_t *at, unsigned sym)
{
    uint32_t c = v[*at].base + sym;
    if (v[c].check != *at)
        return 0;
    *at = c;
    return 1;
}

/* The trie as it is made: each node's children in a list, and the set of
 * their symbols. */
typedef struct {
    uint64_t bits;
    uint32_t child, sibling;
    uint8_t sym, flags;
} made_node;

typedef struct {
    made_node *v;
    size_t n, cap;
} made_trie;

/* The child of node at for sym, made if it is not there. */
static uint32_t made_child(made_trie *t, uint32_t at, unsigned sym)
{
    uint32_t k = t->v[at].child;
    if ((t->v[at].bits >> sym) & 1) {
        while (t->v[k].sym != sym)
            k = t->v[k].sibling;
        return k;
    }
    t->v = nt_xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
    k = (uint32_t)t->n++;
    t->v[k] = (made_node){0, 0, t->v[at].child, (uint8_t)sym, 0};
    t->v[at].child = k;
    t->v[at].bits |= 1ull << sym;
    return k;
}

/* Adds w's keys to t; 0 when w allows every key. w is sorted (see
 * nt_wordset_tidy): a key goes on from the node where it leaves the one
 * before it (path: that key's nodes, have of them). */
static int made_add(made_trie *t, const nt_wordset *w)
{
    uint32_t path[NT_WORDSET_CAP + 1] = {0};
    size_t have = 0;
    if (w->any)
        return 0;
    for (size_t i = 0; i < w->n; i++) {
        const nt_word *e = &w->v[i];
        size_t j = 0;
        if (e->begun && e->n == 0)
            return 0;
        while (i && j < have && j < e->n && e->s[j] == w->v[i - 1].s[j])
            j++;
        for (; j < e->n; j++) {
            unsigned sym = key_sym(e->s[j]);
            if (sym >= 64)
                break; /* no text's key holds it */
            path[j + 1] = made_child(t, path[j], sym);
        }
        have = j;
        if (j == e->n && j)
            t->v[path[j]].flags |= e->begun ? KEY_BEGUN : KEY_WHOLE;
    }
    return 1;
}

/* Where the double array is laid out: which of its slots hold a node
 * (bit sets of 64), and the slots themselves. */
typedef struct {
    uint64_t *occ;
    size_t nocc;
    nt_keyfilter *f;
    size_t cap, fcap, low; /* below low, every slot is taken */
} key_layout;

/* Makes slots [0, n) there, free. */
static void layout_reach(key_layout *l, size_t n)
{
    size_t words = n / 64 + 2, was = l->nocc, had = l->f->n;
    if (words > was) {
        l->occ = nt_xgrow(l->occ, &l->nocc, words, sizeof *l->occ);
        memset(l->occ + was, 0, (l->nocc - was) * sizeof *l->occ);
    }
    if (n <= had)
        return;
    l->f->v = nt_xgrow(l->f->v, &l->cap, n, sizeof *l->f->v);
    l->f->flags = nt_xgrow(l->f->flags, &l->fcap, n, 1);
    for (size_t i = had; i < n; i++)
        l->f->v[i] = (key_node){0, KEY_FREE};
    memset(l->f->flags + had, 0, n - had);
    l->f->n = n;
}

/* The 64 slots from b on, as bits (1: taken). */
static uint64_t layout_window(const key_layout *l, size_t b)
{
    size_t i = b / 64, s = b % 64;
    return s ? l->occ[i] >> s | l->occ[i + 1] << (64 - s) : l->occ[i];
}

/* The first base at which the symbols of bits (not 0) all find free
 * slots, from the first free slot on: where one does not, the next base
 * tried is the next at which the first symbol's slot is free. */
static uint32_t layout_fit(key_layout *l, uint64_t bits)
{
    unsigned first = (unsigned)__builtin_ctzll(bits);
    uint64_t free_at;
    while (!(free_at = ~l->occ[l->low / 64] >> (l->low % 64)))
        l->low += 64 - l->low % 64;
    l->low += (size_t)__builtin_ctzll(free_at);
    size_t b = l->low > first ? l->low - first : 0;
    for (;;) {
        if (b + 64 > l->f->n) /* by half again: few times */
            layout_reach(l, b + 64 + l->f->n / 2);
        uint64_t w = layout_window(l, b);
        if (!(w & bits))
            return (uint32_t)b;
        uint64_t free_on = ~w >> first & ~1ull; /* bit j: b + first + j */
        b += free_on ? (size_t)__builtin_ctzll(free_on) : 64 - first;
    }
}

/* f's nodes from t's, breadth first; a begun node's children left out. */
static void made_pack(nt_keyfilter *f, const made_trie *t)
{
    uint32_t *from = nt_xmalloc(t->n * sizeof *from); /* t's nodes */
    uint32_t *slot = nt_xmalloc(t->n * sizeof *slot); /* their slots */
    key_layout l = {NULL, 0, f, 0, 0, 0};
    size_t n = 1;
    layout_reach(&l, 64);
    l.occ[0] = 1; /* the root's, which is no node's child */
    from[0] = slot[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const made_node *m = &t->v[from[i]];
        uint32_t at = slot[i], by_sym[64];
        uint64_t bits = m->flags & KEY_BEGUN ? 0 : m->bits;
        f->flags[at] = m->flags;
        if (!bits)
            continue;
        uint32_t base = layout_fit(&l, bits);
        f->v[at].base = base;
        for (uint32_t k = m->child; k; k = t->v[k].sibling)
            by_sym[t->v[k].sym] = k;
        for (uint64_t b = bits; b; b &= b - 1) {
            unsigned sym = (unsigned)__builtin_ctzll(b);
            l.occ[(base + sym) / 64] |= 1ull << ((base + sym) % 64);
            f->v[base + sym].check = at;
            from[n] = by_sym[sym];
            slot[n++] = base + sym;
        }
    }
    free(l.occ);
    free(from);
    free(slot);
}

nt_keyfilter *nt_keyfilter_new(const nt_wordset *sets, size_t n)
{
    made_trie t = {0};
    int some = 1;
    t.v = nt_xgrow(NULL, &t.cap, 1, sizeof *t.v);
    t.v[0] = (made_node){0, 0, 0, 0, 0};
    t.n = 1;
    for (size_t i = 0; i < n && some; i++)
        some = made_add(&t, &sets[i]);
    nt_keyfilter *f = NULL;
    if (some) {
        f = nt_xcalloc(1, sizeof *f);
        made_pack(f, &t);
        for (unsigned sym = 0; sym < SYM_WORDS; sym++)
            f->root[sym] = key_step(f, 0, sym);
    }
    free(t.v);
    return f;
}

void nt_keyfilter_free(nt_keyfilter *f)
{
    if (!f)
        return;
    free(f->v);
    free(f->flags);
    free(f);
}

/* The node count, the root's children, then the nodes and their flags as
 * they are in memory. */
void nt_keyfilter_write(const nt_keyfilter *f, nt_buf *out)
{
    uint64_t n = f->n;
    nt_buf_put(out, &n, sizeof n);
    nt_buf_put(out, f->root, sizeof f->root);
    nt_buf_put(out, f->v, f->n * sizeof *f->v);
    nt_buf_put(out, f->flags, f->n);
}

/* The bytes are checked as the judge walks them: every node's base + 63,
 * and the root's children, inside (see key_step). */
nt_keyfilter *nt_keyfilter_read(const void *bytes, size_t n)
{
    const char *b = bytes;
    uint64_t nodes;
    size_t head = sizeof nodes + sizeof ((nt_keyfilter *)0)->root;
    if (n < head)
        return NULL;
    memcpy(&nodes, b, sizeof nodes);
    if (nodes < 64 || (n - head) / (sizeof(key_node) + 1) != nodes ||
        (n - head) % (sizeof(key_node) + 1))
        return NULL;
    nt_keyfilter *f = nt_xcalloc(1, sizeof *f);
    f->n = (size_t)nodes;
    f->v = nt_xmalloc(f->n * sizeof *f->v);
    f->flags = nt_xmalloc(f->n);
    memcpy(f->root, b + sizeof nodes, sizeof f->root);
    memcpy(f->v, b + head, f->n * sizeof *f->v);
    memcpy(f->flags, b + head + f->n * sizeof *f->v, f->n);
    int ok = 1;
    for (size_t i = 0; i < f->n; i++)
        ok &= f->v[i].base <= f->n - 64;
    for (unsigned sym = 0; sym < SYM_WORDS; sym++)
        ok &= f->root[sym] < f->n;
    if (ok)
        return f;
    nt_keyfilter_free(f);
    return NULL;
}

int nt_keyfilter_has(const nt_keyfilter *f, const char *k, size_t n)
{
    uint32_t at = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned sym = key_sym(k[i]);
        if (f->flags[at] & KEY_BEGUN)
            return 1;
        if (sym >= 64 || !(at = key_step(f, at, sym)))
            return 0;
    }
    return f->flags[at] != 0;
}

/* The end of a key whose k-th word, which began at node word, ran into a
 * character beyond ASCII: NT_WORD_ON after that node (see nt_word_lead);
 * the first word is not judged then. */
static int judge_high(const nt_keyfilter *f, uint32_t word, int k)
{
    if (k == 0 || (f->flags[word] & KEY_BEGUN))
        return 1;
    word = key_step(f, word, SYM_ON);
    return word && f->flags[word];
}

/* A word of the text at t[at..] that left the trie: turned away, unless
 * it runs into a character beyond ASCII before cut (the key's cap, at
 * the text's offset cut). */
static int judge_lost(const nt_keyfilter *f, const unsigned char *t, size_t len,
                      size_t at, size_t cut, uint32_t word, int k)
{
    size_t lim = cut < len ? cut : len;
    while (at < lim && text_sym[t[at]] < SYM_WORDS)
        at++;
    if (at == cut || at == len || text_sym[t[at]] != SYM_HIGH)
        return 0;
    return judge_high(f, word, k);
}

/* nt_word_lead's key, walked through the trie as it is read. n counts its
 * bytes; a word may run on to cut, where the key is cut (its cap). */
int nt_keyfilter_judge(const nt_keyfilter *f, const char *text, size_t len,
                       size_t at)
{
    const unsigned char *t = (const unsigned char *)text;
    const key_node *v = f->v;
    uint32_t node = 0;
    size_t n = 0, first = at;
    if (at < len && text_sym[t[at]] < SYM_WORDS) { /* the root's step */
        if (!(node = f->root[text_sym[t[at]]]))
            return judge_lost(f, t, len, at + 1, at + NT_WORDSET_CAP + 1, 0,
                              0);
        at++;
    }
    for (int k = 0; k < NT_WORD_LEAD_WORDS; k++) {
        uint32_t word = k ? node : 0;
        size_t from = k ? at : first, cut = from + (NT_WORDSET_CAP + 1 - n);
        size_t lim = cut < len ? cut : len;
        unsigned sym;
        for (; at < lim && (sym = text_sym[t[at]]) < SYM_WORDS; at++)
            if (!key_walk(v, &node, sym))
                return (f->flags[node] & KEY_BEGUN) ||
                       judge_lost(f, t, len, at + 1, cut, word, k);
        if (at == cut)
            return f->flags[node] != 0;
        sym = at < len ? text_sym[t[at]] : SYM_END;
        if (sym == SYM_HIGH)
            return judge_high(f, word, k);
        if (at == from)
            return k == 0 || f->flags[node];
        if (!key_walk(v, &node, sym))
            return (f->flags[node] & KEY_BEGUN) != 0;
        n += at - from + 1;
        if (at++ >= len || n > NT_WORDSET_CAP)
            break;
        while (sym == SYM_SPACE && at < len && text_sym[t[at]] == SYM_SPACE)
            at++;
    }
    return f->flags[node] != 0;
}
