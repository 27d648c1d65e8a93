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
/* A first word's keys (see branch) are kept while, with the others, they
 * are at most this many; past it, those of the first words with the most
 * keys are cut a word shorter, one by one. While each run made the
 * filters, a large set cost more to read into one than it saved: on
 * 2,160 articles, 16 kept too few words (550.8M instructions, none
 * saved), 64 took 535.5M, 256 534.4M, 1,024 535.2M. Now that the pattern
 * cache keeps the filters (see batch_keys in ruleset.c), more keys judge
 * more starts for nothing: 2,048 took 2,160 articles from 338.7M to
 * 336.0M and a 2.76 MB text from 340.9M to 338.0M (1,024 half as much,
 * 4,096 no more, with a cache of 1.58 MB against 1.34 MB); making the
 * cache (make, or a run after the rules changed) costs 135M more. */
#define KEYS_MAX 2048
/* A branch (the keys after a word and the byte after it, see branch) of
 * more keys than this, or that takes more steps than BRANCH_STEPS to
 * read, is cut a word shorter. Read whole up to KEYS_MAX, the 2.76 MB
 * text took 303.65M instructions and making the cache 2,709M (a few
 * rules of numbers, "last two weeks", read thousands of branches of
 * thousands of keys); up to 256, 303.82M and 871M; up to 64, 303.81M and
 * 640M (613M before there were branches, 1.55 MB of cache against 1.34).
 * Steps: 20,000 or 1,000,000 made the same keys at the same cost. */
#define BRANCH_MAX 64
#define BRANCH_STEPS 20000u

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
    nt_wordset *w; /* the set being made: the walk's, or a branch's */
    struct group *g; /* the first words' branches (see branch) */
    size_t ng, gcap;
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
    nt_wordset_add(wk->w, s, n, begun);
    if (wk->w->n / 2 < wk->limit)
        return;
    nt_wordset_tidy(wk->w);
    if (wk->w->n > wk->limit) {
        nt_wordset_free(wk->w);
        wk->w->any = 1;
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
    for (size_t i = 0; i < nrun && !end && !wk->w->any; i++)
        for (size_t k = wk->off[run[i]]; k < wk->off[run[i] + 1]; k++) {
            uint32_t r = wk->next[k];
            const position *pr = &wk->v->p[r];
            whole |= (pr->next[0] & ~((uint64_t)sp << ' ')) || pr->next[1];
            on |= pr->high || has_word_chars(pr);
            if (!has_word_chars(pr) || wk->w->any)
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

/* The keys that go on from the key s[0..n) (see add_after), up to the
 * with_next-th word, in a set of their own: any past BRANCH_MAX keys, or
 * past BRANCH_STEPS steps of its own (the walk stops there). */
static nt_wordset branch_keys(walk *wk, uint32_t q, char *s, size_t n,
                              int depth, int with_next)
{
    nt_wordset *w = wk->w, mine = {0};
    size_t limit = wk->limit, steps = wk->steps;
    int outer_next = wk->with_next;
    wk->w = &mine;
    wk->limit = BRANCH_MAX;
    wk->steps = STEPS_MAX - BRANCH_STEPS;
    wk->with_next = with_next;
    add_after(wk, q, s, n, depth);
    wk->w = w;
    wk->limit = limit;
    wk->steps = steps;
    wk->with_next = outer_next;
    nt_wordset_tidy(&mine);
    if (mine.n > BRANCH_MAX) {
        nt_wordset_free(&mine);
        mine.any = 1;
    }
    return mine;
}

/* Adds the keys of set (see branch_keys), or s[0..n) begun when it is
 * any. Frees set. */
static void branch_add(walk *wk, nt_wordset *set, const char *s, size_t n)
{
    if (set->any)
        walk_add(wk, s, n, 1);
    for (size_t i = 0; i < set->n && !wk->w->any; i++)
        walk_add(wk, set->v[i].s, set->v[i].n, set->v[i].begun);
    nt_wordset_free(set);
}

/* How a first word's branch is kept (see branch): all its keys, those cut
 * after the next word (begun), or the word and the byte after it alone,
 * begun. */
enum { KEEP_ALL, KEEP_NEXT, KEEP_CUT };

typedef struct group {
    uint32_t q; /* the position of the byte after the word */
    uint8_t n;
    uint8_t keep;
    uint8_t read_next; /* set[KEEP_NEXT] read */
    char s[NT_WORD_LEAD];
    nt_wordset set[KEEP_CUT]; /* its keys kept so (any: too many) */
} group;

/* The keys g keeps (SIZE_MAX: too many). */
static size_t group_size(const group *g)
{
    if (g->keep == KEEP_CUT)
        return 1;
    return g->set[g->keep].any ? SIZE_MAX : g->set[g->keep].n;
}

/* Keeps g so, or by a word fewer when that makes too many keys. */
static void group_keep(walk *wk, group *g, int keep)
{
    g->keep = (uint8_t)keep;
    if (keep == KEEP_NEXT && !g->read_next) {
        char s[NT_WORD_LEAD];
        memcpy(s, g->s, g->n);
        g->set[KEEP_NEXT] = branch_keys(wk, g->q, s, g->n, 1, 2); /* 2 words */
        g->read_next = 1;
    }
    if (group_size(g) == SIZE_MAX)
        group_keep(wk, g, keep + 1);
}

/* Adds the keys that go on from the key s[0..n), the depth-th word and
 * the byte after it (see add_word). A first word's are noted as its
 * branch, and kept once the walk is done as few keys allow (see
 * groups_cut); a second word's are added, or s[0..n) begun when they are
 * more than BRANCH_MAX. */
static void branch(walk *wk, uint32_t q, char *s, size_t n, int depth)
{
    nt_wordset all = branch_keys(wk, q, s, n, depth, wk->with_next);
    if (depth > 1) {
        branch_add(wk, &all, s, n);
        return;
    }
    wk->g = nt_xgrow(wk->g, &wk->gcap, wk->ng + 1, sizeof *wk->g);
    group *g = &wk->g[wk->ng++];
    *g = (group){.q = q, .n = (uint8_t)n, .set = {all}};
    memcpy(g->s, s, n);
    group_keep(wk, g, KEEP_ALL);
}

/* The branch that keeps the most keys, of those that can keep fewer. */
static group *groups_largest(walk *wk)
{
    group *big = NULL;
    for (size_t i = 0; i < wk->ng; i++) {
        group *g = &wk->g[i];
        if (g->keep != KEEP_CUT && (!big || group_size(g) > group_size(big)))
            big = g;
    }
    return big;
}

/* Adds the branches' keys, with the walk's own within KEYS_MAX where
 * they can be: the branch with the most cut by a word, again and again
 * (down to every first word and the byte after it, begun, as many as
 * they are). Frees the branches' sets.
 * So only the first words after which the keys explode are cut ("last"
 * in "last two weeks", "last 10 years"...), and the others keep three
 * words, where a cut made for all would cut them too. */
static void groups_cut(walk *wk)
{
    nt_wordset_tidy(wk->w);
    size_t total = wk->w->n;
    for (size_t i = 0; i < wk->ng; i++)
        total += group_size(&wk->g[i]);
    group *big;
    while (total > KEYS_MAX && (big = groups_largest(wk)) != NULL) {
        total -= group_size(big);
        group_keep(wk, big, big->keep + 1);
        total += group_size(big);
    }
    for (size_t i = 0; i < wk->ng; i++) {
        group *g = &wk->g[i];
        nt_wordset cut = {.any = 1};
        branch_add(wk, g->keep == KEEP_CUT ? &cut : &g->set[g->keep], g->s,
                   g->n);
        nt_wordset_free(&g->set[KEEP_ALL]);
        nt_wordset_free(&g->set[KEEP_NEXT]);
    }
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
    for (size_t k = wk->off[p]; k < wk->off[p + 1] && !wk->w->any; k++) {
        uint32_t q = wk->next[k];
        for (unsigned h = 0; h < 2; h++) /* each byte c it has, in order */
            for (uint64_t m = wk->v->p[q].next[h]; m && !wk->w->any;
                 m &= m - 1) {
                s[n] = (char)(h * 64 + (unsigned)__builtin_ctzll(m));
                if (depth + 1 < wk->with_next)
                    branch(wk, q, s, n + 1, depth + 1);
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
    for (size_t i = 0; i < q->n && !wk->w->any; i++) {
        s[n] = q->members[i];
        if (wk->ends[p])
            add_word(wk, p, s, n + 1, depth);
        for (size_t k = wk->off[p]; k < wk->off[p + 1] && !wk->w->any; k++) {
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
 * bytes after them if with_next (only first words: see branch). */
static nt_wordset words(const nt_vocab *v, const uint32_t *first, size_t nf,
                        const uint32_t *last, size_t nl, int first_only,
                        int with_next)
{
    nt_wordset w = {0};
    walk wk = {.v = v, .with_next = with_next, .limit = SIZE_MAX, .w = &w};
    if (v->too_big) {
        w.any = 1;
        return w;
    }
    index_followers(&wk);
    mark_bounds(&wk, first, nf, last, nl, first_only);
    char s[NT_WORD_LEAD]; /* a word, or a key (see add_word) */
    for (size_t p = 0; p < v->np && !w.any; p++)
        if (wk.begins[p] && has_word_chars(&v->p[p]))
            visit(&wk, (uint32_t)p, s, 0, 0);
    groups_cut(&wk);
    free(wk.g);
    free(wk.off);
    free(wk.next);
    free(wk.begins);
    free(wk.ends);
    free(wk.on_path);
    free(wk.in_run);
    nt_wordset_tidy(&w); /* many paths spell the same words */
    return w;
}

nt_wordset nt_vocab_words(const nt_vocab *v, const uint32_t *first, size_t nf,
                          const uint32_t *last, size_t nl)
{
    return words(v, first, nf, last, nl, 0, 0);
}

nt_wordset nt_vocab_first_words(const nt_vocab *v, const uint32_t *first,
                                size_t nf, const uint32_t *last, size_t nl)
{
    return words(v, first, nf, last, nl, 1, 0);
}

nt_wordset nt_vocab_first_words_next(const nt_vocab *v, const uint32_t *first,
                                     size_t nf, const uint32_t *last, size_t nl)
{
    return words(v, first, nf, last, nl, 1, NT_WORD_LEAD_WORDS);
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
