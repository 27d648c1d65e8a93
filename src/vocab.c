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

/* Words after which a match goes on with more kinds of byte than this
 * (nt_word_next's) are kept begun: any byte may follow. */
#define NEXT_MAX 8
/* A set of more keys than this is read again with a word fewer (see
 * nt_vocab_first_words_next), down to one. While each run made the
 * filters, a large set cost more to read into one than it saved: on
 * 2,160 articles, 16 kept too few words (550.8M instructions, none
 * saved), 64 took 535.5M, 256 534.4M, 1,024 535.2M. Now that the pattern
 * cache keeps the filters (see batch_keys in ruleset.c), more keys judge
 * more starts for nothing: 2,048 took 2,160 articles from 338.7M to
 * 336.0M and a 2.76 MB text from 340.9M to 338.0M (1,024 half as much,
 * 4,096 no more, with a cache of 1.58 MB against 1.34 MB); making the
 * cache (make, or a run after the rules changed) costs 135M more. */
#define KEYS_MAX 2048

typedef struct {
    char members[CLASS_MAX]; /* the word characters it matches (wordset.h) */
    uint8_t n;
    uint8_t wild;  /* more than CLASS_MAX of them */
    uint8_t other; /* it matches a character of no word too: ends one */
    uint8_t high;  /* it matches a character beyond ASCII */
    /* Those ASCII characters of no word, as nt_word_next has them: what
     * may follow a word that ends before this position. */
    uint64_t next[2];
    nt_byteset chars; /* every byte it matches, as given (see space_pairs) */
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
    position q = {{0}, 0, 0, 0, 0, {0, 0}, *chars};
    q.high = (chars->w[2] | chars->w[3]) != 0;
    for (unsigned c = 0; c < 0x80; c++) {
        if (!nt_byteset_has(chars, (unsigned char)c))
            continue;
        char f = nt_word_byte((unsigned char)c);
        if (!f) {
            unsigned x = (unsigned char)nt_word_next((unsigned char)c);
            q.other = 1;
            q.next[x >> 6] |= 1ull << (x & 63);
        } else if (!memchr(q.members, f, q.n) && !q.wild) {
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
    uint8_t *begins, *ends, *on_path; /* ends: ENDS_ flags */
    uint8_t *in_run;                  /* see space_run */
    size_t steps;
    size_t limit; /* see walk_add */
    /* First words only, each with what follows it, up to this many words
     * (see add_word); 0: words alone. */
    int with_next;
    nt_wordset w;
} walk;

/* Why a word may end at a position: a character of no word may follow, or
 * the match may end there. */
#define ENDS_OTHER 1
#define ENDS_MATCH 2

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
    wk->in_run = nt_xcalloc(v->np + 1, 1);
    for (size_t i = 0; i < nf; i++)
        wk->begins[first[i]] = 1;
    for (size_t i = 0; i < nl; i++)
        wk->ends[last[i]] |= ENDS_MATCH;
    for (size_t i = 0; i < v->ne; i++) {
        if (v->p[v->e[i].from].other && !first_only)
            wk->begins[v->e[i].to] = 1;
        if (v->p[v->e[i].to].other)
            wk->ends[v->e[i].from] |= ENDS_OTHER;
    }
}

static void visit(walk *wk, uint32_t p, char *s, size_t n, int depth);

/* Adds s[0..n) (begun or not) to the walk's set; past wk->limit words,
 * the set is any (the walk stops). Repeats are dropped first: many paths
 * spell the same key. Dropped once the set holds twice the limit, which
 * is when the set would drop them itself at a limit of 2,048 (SET_MAX),
 * and again each time it refilled, going on with more than the limit
 * (making the cache cost 763M instructions instead of 475M). */
static void walk_add(walk *wk, const char *s, size_t n, int begun)
{
    nt_wordset_add(&wk->w, s, n, begun);
    if (wk->w.n / 2 < wk->limit)
        return;
    nt_wordset_tidy(&wk->w);
    if (wk->w.n > wk->limit) {
        nt_wordset_free(&wk->w);
        wk->w.any = 1;
    }
}

/* The positions a match that reaches position q may be at after a run of
 * white space (sp: what q matched was white space; nt_word_lead reads the
 * run as its first byte): q and those that may follow one of them and
 * match white space too. A new array of *n (the caller frees). */
static uint32_t *space_run(walk *wk, uint32_t q, int sp, size_t *n)
{
    size_t cap = 0;
    uint32_t *run = nt_xgrow(NULL, &cap, 1, sizeof *run);
    run[0] = q;
    *n = 1;
    wk->in_run[q] = 1;
    for (size_t i = 0; sp && i < *n; i++)
        for (size_t k = wk->off[run[i]]; k < wk->off[run[i] + 1]; k++) {
            uint32_t r = wk->next[k];
            if (wk->in_run[r] || !((wk->v->p[r].next[0] >> ' ') & 1))
                continue;
            run = nt_xgrow(run, &cap, *n + 1, sizeof *run);
            run[(*n)++] = r;
            wk->in_run[r] = 1;
        }
    for (size_t i = 0; i < *n; i++)
        wk->in_run[run[i]] = 0;
    return run;
}

/* Adds the key s[0..n), whose last byte (nt_word_next's) position q
 * matched after a word, as the match can go on after it (after the run of
 * white space it may begin): begun when the match can end there; whole
 * when another character of no word can follow; and when a character of a
 * word or beyond ASCII can, with NT_WORD_ON and with each word depth (see
 * add_word) that can follow. */
static void add_after(walk *wk, uint32_t q, char *s, size_t n, int depth)
{
    int sp = s[n - 1] == ' ', whole = 0, on = 0, end = 0;
    size_t nrun;
    uint32_t *run = space_run(wk, q, sp, &nrun);
    for (size_t i = 0; i < nrun; i++)
        end |= wk->ends[run[i]] & ENDS_MATCH;
    for (size_t i = 0; i < nrun && !end && !wk->w.any; i++)
        for (size_t k = wk->off[run[i]]; k < wk->off[run[i] + 1]; k++) {
            uint32_t r = wk->next[k];
            const position *pr = &wk->v->p[r];
            whole |= (pr->next[0] & ~((uint64_t)sp << ' ')) || pr->next[1];
            on |= pr->high || has_word_chars(pr);
            if (!has_word_chars(pr) || wk->w.any)
                continue;
            if (wk->on_path[r])
                walk_add(wk, s, n, 1);
            else
                visit(wk, r, s, n, depth);
        }
    free(run);
    if (end || whole)
        walk_add(wk, s, n, end);
    s[n] = NT_WORD_ON;
    if (on && !end)
        walk_add(wk, s, n + 1, 0);
}

/* Adds the word s[0..n), which ends at position p. With what follows
 * (wk->with_next: first words only), the word once for each byte that may
 * come after it (nt_word_next's, from the positions that may follow p),
 * at s[n]; and, up to the with_next-th word (depth counts from 0), what
 * may follow that byte (see add_after). Begun when the match may end after
 * the word, as any byte may follow then (and its end), or when too many
 * kinds of byte may follow. */
static void add_word(walk *wk, uint32_t p, char *s, size_t n, int depth)
{
    if (!wk->with_next) {
        walk_add(wk, s, n, 0);
        return;
    }
    uint64_t next[2] = {0, 0};
    for (size_t k = wk->off[p]; k < wk->off[p + 1]; k++) {
        next[0] |= wk->v->p[wk->next[k]].next[0];
        next[1] |= wk->v->p[wk->next[k]].next[1];
    }
    if ((wk->ends[p] & ENDS_MATCH) ||
        __builtin_popcountll(next[0]) + __builtin_popcountll(next[1]) >
            NEXT_MAX) {
        walk_add(wk, s, n, 1);
        return;
    }
    for (size_t k = wk->off[p]; k < wk->off[p + 1] && !wk->w.any; k++) {
        uint32_t q = wk->next[k];
        const uint64_t *m = wk->v->p[q].next;
        for (unsigned c = 0; c < 0x80 && !wk->w.any; c++) {
            if (!((m[c >> 6] >> (c & 63)) & 1))
                continue;
            s[n] = (char)c;
            if (depth + 1 < wk->with_next)
                add_after(wk, q, s, n + 1, depth + 1);
            else /* the text's key may go on: not read here */
                walk_add(wk, s, n + 1, 1);
        }
    }
}

/* The words that go on from s[0..n) through position p (the depth-th
 * word of a match, see add_word). A wild position, a word cut at the cap,
 * or a loop back into the path: every word that begins so. */
static void visit(walk *wk, uint32_t p, char *s, size_t n, int depth)
{
    const position *q = &wk->v->p[p];
    if (++wk->steps > STEPS_MAX || q->wild || n >= NT_WORDSET_CAP) {
        walk_add(wk, s, wk->steps > STEPS_MAX ? 0 : n, 1);
        return;
    }
    wk->on_path[p] = 1;
    for (size_t i = 0; i < q->n && !wk->w.any; i++) {
        s[n] = q->members[i];
        if (wk->ends[p])
            add_word(wk, p, s, n + 1, depth);
        for (size_t k = wk->off[p]; k < wk->off[p + 1] && !wk->w.any; k++) {
            uint32_t r = wk->next[k];
            if (!has_word_chars(&wk->v->p[r]))
                continue;
            if (wk->on_path[r])
                walk_add(wk, s, n + 1, 1);
            else
                visit(wk, r, s, n + 1, depth);
        }
    }
    wk->on_path[p] = 0;
}

/* The words of paths from where words begin (see mark_bounds), with the
 * bytes after them if with_next (only first words). */
static nt_wordset words(const nt_vocab *v, const uint32_t *first, size_t nf,
                        const uint32_t *last, size_t nl, int first_only,
                        int with_next, size_t limit)
{
    walk wk = {.v = v, .with_next = with_next, .limit = limit};
    if (v->too_big) {
        wk.w.any = 1;
        return wk.w;
    }
    index_followers(&wk);
    mark_bounds(&wk, first, nf, last, nl, first_only);
    char s[NT_WORD_LEAD]; /* a word, or a key (see add_word) */
    for (size_t p = 0; p < v->np && !wk.w.any; p++)
        if (wk.begins[p] && has_word_chars(&v->p[p]))
            visit(&wk, (uint32_t)p, s, 0, 0);
    free(wk.off);
    free(wk.next);
    free(wk.begins);
    free(wk.ends);
    free(wk.on_path);
    free(wk.in_run);
    nt_wordset_tidy(&wk.w); /* many paths spell the same words */
    if (wk.w.n > limit) {
        nt_wordset_free(&wk.w);
        wk.w.any = 1;
    }
    return wk.w;
}

nt_wordset nt_vocab_words(const nt_vocab *v, const uint32_t *first, size_t nf,
                          const uint32_t *last, size_t nl)
{
    return words(v, first, nf, last, nl, 0, 0, SIZE_MAX);
}

nt_wordset nt_vocab_first_words(const nt_vocab *v, const uint32_t *first,
                                size_t nf, const uint32_t *last, size_t nl)
{
    return words(v, first, nf, last, nl, 1, 0, SIZE_MAX);
}

/* With fewer words when they make too many (see KEYS_MAX). */
nt_wordset nt_vocab_first_words_next(const nt_vocab *v, const uint32_t *first,
                                     size_t nf, const uint32_t *last, size_t nl)
{
    nt_wordset w = {.any = 1};
    for (int d = NT_WORD_LEAD_WORDS; d > 0 && w.any; d--)
        w = words(v, first, nf, last, nl, 1, d, d > 1 ? KEYS_MAX : SIZE_MAX);
    return w;
}

/* Adds every byte of t to s. */
static void bytes_add(nt_byteset *s, const nt_byteset *t)
{
    for (int i = 0; i < 4; i++)
        s->w[i] |= t->w[i];
}

int nt_vocab_space_pairs(const nt_vocab *v, const uint32_t *last, size_t nl,
                         nt_byteset pairs[128])
{
    if (v->too_big)
        return -1;
    uint8_t *after = nt_xcalloc(v->np + 1, 1); /* follows white space */
    for (size_t i = 0; i < v->ne; i++) {
        const nt_byteset *c = &v->p[v->e[i].from].chars;
        if ((c->w[0] & nt_byteset_space.w[0]) != 0)
            after[v->e[i].to] = 1;
    }
    memset(pairs, 0, 128 * sizeof *pairs);
    for (size_t i = 0; i < v->ne; i++) /* what follows such a position */
        if (after[v->e[i].from])
            for (unsigned c = 0; c < 128; c++)
                if (nt_byteset_has(&v->p[v->e[i].from].chars, (unsigned char)c))
                    bytes_add(&pairs[c], &v->p[v->e[i].to].chars);
    for (size_t i = 0; i < nl; i++) /* or where the match may end */
        if (after[last[i]])
            for (unsigned c = 0; c < 128; c++)
                if (nt_byteset_has(&v->p[last[i]].chars, (unsigned char)c))
                    pairs[c] = nt_byteset_all;
    free(after);
    return 0;
}
