/* extract.c - the annotator: loads the data folder, then for each document
 * tokenizes, classifies tokens, collects candidates from gazetteers, rules
 * and capitalization guesses, and keeps a non-overlapping set of them. */
#include "extract.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytecache.h"
#include "caps.h"
#include "datacache.h"
#include "explain.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "mentions.h"
#include "rules.h"
#include "refdate.h"
#include "sortkey.h"
#include "sports.h"
#include "timex.h"
#include "tokenize.h"
#include "util.h"

struct nt_extractor {
    nt_datacache *cache; /* the data folder compiled, when fresh; lex and
                            gaz may live in its mapping */
    nt_lex *lex;
    nt_gaz *gaz;
    nt_rules *rules;
    nt_bytecache *patterns; /* the rules' compiled patterns, between runs */
    nt_caps *caps;
    nt_sports *sports;
    nt_entities cands; /* scratch: candidates of the current document */
    nt_mentions *mentions;
    uint64_t *taken; /* scratch: bytes covered by accepted entities, a bit
                        each (a byte each was 8 times the cache misses on a
                        long document) */
    size_t taken_cap;
    nt_gaz **ugaz;      /* the --gazetteer lists, one each (cached) */
    size_t nugaz, ugaz_cap;
    int explain;        /* --explain: record losses */
    uint32_t *owner;    /* scratch of --explain (explain.h) */
    size_t owner_cap;
    nt_sortkey *ranks; /* scratch: the candidates in start order, the
                          sort's room, then a cluster's in resolution
                          order (see resolve) */
    size_t ranks_cap;
    uint32_t *place; /* scratch: whose entity goes to each place of
                        d->ents, and the places' states (take_kept) */
    size_t place_cap;
};

/* Loads one data file into the matching part of x. */
typedef int (*load_fn)(nt_extractor *x, const char *path, nt_error *err);

static int load_lex(nt_extractor *x, const char *path, nt_error *err)
{
    return nt_lex_load_file(x->lex, path, err);
}

static int load_gaz(nt_extractor *x, const char *path, nt_error *err)
{
    return nt_gaz_load_file(x->gaz, path, err);
}

/* A user's list: a gazetteer of its own, so that it can come from its
 * compiled cache. */
static int load_user_gaz(nt_extractor *x, const char *path, nt_error *err)
{
    nt_gaz *g = nt_gaz_load_cached(path, err);
    if (!g)
        return -1;
    x->ugaz = nt_xgrow(x->ugaz, &x->ugaz_cap, x->nugaz + 1, sizeof *x->ugaz);
    x->ugaz[x->nugaz++] = g;
    return 0;
}

static int load_rules(nt_extractor *x, const char *path, nt_error *err)
{
    return nt_rules_load_file(x->rules, x->lex, path, err);
}


/* Loads every DATADIR/SUB/\*SUFFIX file with fn, in name order. */
static int load_folder(nt_extractor *x, const char *datadir, const char *sub,
                       const char *suffix, load_fn fn, nt_error *err)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/%s", datadir, sub);
    size_t n;
    char **paths = nt_dir_files(dir, suffix, &n, err);
    int rc = paths ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = fn(x, paths[i], err);
    nt_strv_free(paths, paths ? n : 0);
    return rc;
}

/* Loads each of the n files with fn, stopping at the first error. A
 * folder would read as an empty file: it is refused. */
static int load_files(nt_extractor *x, const char *const *paths, size_t n,
                      load_fn fn, nt_error *err)
{
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            nt_error_set(err, "%s: is a directory", paths[i]);
            return -1;
        }
        if (fn(x, paths[i], err))
            return -1;
    }
    return 0;
}

/* The word lists: from the compiled file when there is a fresh one. */
static int load_lexicon(nt_extractor *x, const char *datadir, nt_error *err)
{
    if (x->cache && (x->lex = nt_datacache_lex(x->cache)))
        return 0;
    nt_datacache_close(x->cache); /* damaged: its gazetteer is no good */
    x->cache = NULL;
    x->lex = nt_lex_new();
    return load_folder(x, datadir, "lexicon", ".txt", load_lex, err);
}

/* The shipped name lists likewise; when they were loaded as text, the
 * compiled file is made for the next run. */
static int load_gazetteers(nt_extractor *x, const char *datadir, nt_error *err)
{
    if (x->cache && (x->gaz = nt_datacache_gaz(x->cache)))
        return 0;
    x->gaz = nt_gaz_new();
    if (load_folder(x, datadir, "gazetteers", ".tsv", load_gaz, err))
        return -1;
    if (!x->cache) /* both parts were loaded from the lists */
        nt_datacache_write(datadir, x->lex, x->gaz);
    return 0;
}

/* The rules' compiled patterns: in DATADIR/PATTERNS_NAME, made by the
 * first run on these rules (at make time) and read by the next ones. */
#define PATTERNS_NAME "newstag.ntp"

static nt_bytecache *open_patterns(const char *datadir)
{
    char path[4096 + 32];
    snprintf(path, sizeof path, "%s/%s", datadir, PATTERNS_NAME);
    return nt_bytecache_open(path);
}

/* When the rules compiled patterns the file lacked, all of them are
 * compiled now, not when the first text needs them, and saved; unless the
 * folder is read-only (an installed one): then the file cannot change,
 * and only what a text needs is compiled, as it comes. */
static void save_patterns(nt_extractor *x, const char *datadir)
{
    if (!nt_bytecache_changed(x->patterns) || access(datadir, W_OK) != 0)
        return;
    nt_rules_build_all(x->rules);
    nt_bytecache_save(x->patterns);
}

/* The user's lists are gazetteers of their own (a name in one of them and
 * in a shipped list is settled by overlap resolution: priority first); the
 * user's rules come after the shipped ones, so that they may use their
 * defines. */
nt_extractor *nt_extractor_load_opts(const nt_extract_opts *o, nt_error *err)
{
    nt_extractor *x = nt_xcalloc(1, sizeof *x);
    const char *dd = o->datadir;
    int dflt = !o->no_default_data;
    x->cache = nt_datacache_open(dd);
    x->rules = nt_rules_new();
    x->patterns = open_patterns(dd);
    nt_rules_use_cache(x->rules, x->patterns);
    x->explain = o->explain;
    nt_entities_init(&x->cands);
    if (load_lexicon(x, dd, err) ||
        load_files(x, o->gazetteers, o->ngazetteers, load_user_gaz, err) ||
        (dflt ? load_gazetteers(x, dd, err) : !(x->gaz = nt_gaz_new())) ||
        (dflt && load_folder(x, dd, "rules", ".rules", load_rules, err)) ||
        load_files(x, o->rules, o->nrules, load_rules, err)) {
        nt_extractor_free(x);
        return NULL;
    }
    save_patterns(x, dd);
    x->mentions = nt_mentions_new(x->lex);
    if (dflt) {
        x->caps = nt_caps_new(x->lex);
        x->sports = nt_sports_new(x->lex);
    }
    return x;
}

nt_extractor *nt_extractor_load(const char *datadir, nt_error *err)
{
    nt_extract_opts o = {.datadir = datadir};
    return nt_extractor_load_opts(&o, err);
}

void nt_extractor_expect(nt_extractor *x, size_t done, size_t ahead)
{
    nt_rules_expect(x->rules, done, ahead);
}

void nt_extractor_free(nt_extractor *x)
{
    if (!x)
        return;
    nt_caps_free(x->caps);
    nt_sports_free(x->sports);
    nt_rules_free(x->rules);
    nt_bytecache_free(x->patterns); /* after the rules that use it */
    nt_gaz_free(x->gaz);
    for (size_t i = 0; i < x->nugaz; i++)
        nt_gaz_free(x->ugaz[i]);
    free(x->ugaz);
    nt_lex_free(x->lex);
    nt_datacache_close(x->cache); /* after what lives in it */
    nt_entities_free(&x->cands);
    nt_mentions_free(x->mentions);
    free(x->taken);
    free(x->owner);
    free(x->ranks);
    free(x->place);
    free(x);
}

/* The longest name of each gazetteer at each token that can start one
 * (candidates are ranked before they are resolved: their order matters
 * only between equals, the same entity from two lists of one name). */
static void gaz_candidates(nt_extractor *x, const nt_doc *d)
{
    nt_gaz_match_all(x->gaz, d->clean, d->toks.v, d->toks.n, d->tokgaz,
                     &x->cands);
    for (size_t u = 0; u < x->nugaz; u++)
        nt_gaz_match_all(x->ugaz[u], d->clean, d->toks.v, d->toks.n, NULL,
                         &x->cands);
}

static int is_guess(const nt_entity *e)
{
    return nt_streq(e->source, NT_CAPS_SOURCE);
}

/* Resolution order: higher priority, then longer span, then earlier
 * start, then type, then source name. */
static int stronger(const nt_entity *a, const nt_entity *b)
{
    size_t la = a->end - a->start, lb = b->end - b->start;
    if (a->priority != b->priority)
        return a->priority > b->priority ? -1 : 1;
    if (la != lb)
        return la > lb ? -1 : 1;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    return strcmp(a->source, b->source);
}

#define LEN_BITS 22
#define LEN_CAP (((uint64_t)1 << LEN_BITS) - 1)

/* A candidate's start, priority and length packed into one number, in that
 * order of weight (priorities are 0-1000, documents under 4 GiB; longer
 * spans than LEN_CAP bytes share one length): sorted by it, the candidates
 * are in text order, and those that start at one byte in resolution order. */
static uint64_t start_key(const nt_entity *e)
{
    uint64_t len = e->end - e->start;
    return (uint64_t)e->start << 32 |
           (uint64_t)(1000 - e->priority) << LEN_BITS |
           (LEN_CAP - (len < LEN_CAP ? len : LEN_CAP));
}

/* The same three, the start last: resolution order, but for the ties that
 * stronger settles. Turned once more, it is the start key again. */
static uint64_t rank_of(uint64_t key)
{
    return key << 32 | key >> 32;
}

/* A key's idx is the candidate's index (fewer than 2^31), with REPORTED
 * set when the candidate would be reported if kept (see reported), and
 * its end above them: its span is read off {key, idx} without reading the
 * candidate again (megabytes on a long document, read at random in rank
 * order: that was a fifth of its time). */
#define REPORTED ((uint64_t)1 << 31)
#define INDEX(idx) ((idx) & (REPORTED - 1))
#define END(idx) ((idx) >> 32)

/* Moves v[i], whose key equals v[i - 1]'s, back past the equal keys of
 * weaker candidates. */
static void settle_tie(nt_sortkey *v, size_t i, const nt_entity *cands)
{
    nt_sortkey k = v[i];
    size_t j = i;
    while (j > 0 && v[j - 1].key == k.key &&
           stronger(&cands[INDEX(k.idx)], &cands[INDEX(v[j - 1].idx)]) < 0) {
        v[j] = v[j - 1];
        j--;
    }
    v[j] = k;
}

/* Orders each run of equal keys (the same span from lists of the same
 * priority) fully: they are few and short, so insertion sort, and only
 * where a key equals the one before it. */
static void settle_ties(nt_sortkey *v, size_t n, const nt_entity *cands)
{
    for (size_t i = 1; i < n; i++)
        if (v[i].key == v[i - 1].key)
            settle_tie(v, i, cands);
}

/* Whether a kept candidate is reported: blockers (NT_NONE) take their
 * place but are not, except the guesses nt_mentions_apply may name. */
static int reported(const nt_entity *e)
{
    return e->type != NT_NONE || is_guess(e);
}

/* --explain replays the resolution over the candidates in resolution
 * order (explain.h): after it, they are put in that order. x->ranks holds
 * them in start order still: in resolution order but for the starts, the
 * low bits of the rank keys, which need no sorting then. */
static void rank_for_explain(nt_extractor *x)
{
    size_t n = x->cands.n;
    for (size_t i = 0; i < n; i++)
        x->ranks[i] = (nt_sortkey){rank_of(x->ranks[i].key),
                                   INDEX(x->ranks[i].idx)};
    nt_sortkey_sort_high(x->ranks, x->ranks + n, n, 32);
    settle_ties(x->ranks, n, x->cands.v);
    nt_entities sorted;
    nt_entities_init(&sorted);
    for (size_t i = 0; i < n; i++)
        nt_entities_push(&sorted, &x->cands.v[x->ranks[i].idx]);
    nt_entities_free(&x->cands);
    x->cands = sorted;
}

/* taken[] is a bit a byte of the text, byte i's in bit i % 8 of its byte
 * i / 8; eight of its bytes from byte s / 8 on, read as one number, hold
 * the bits of any span of up to SHORT_SPAN bytes from s, whatever 64-bit
 * boundary it crosses. */
#define SHORT_SPAN 57

static uint64_t load_bits(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static void store_bits(uint8_t *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    memcpy(p, &v, sizeof v);
}

/* The bits of bytes [s, s + n) in load_bits(taken + s / 8); 0 < n <=
 * SHORT_SPAN. */
static uint64_t span_bits(size_t s, size_t n)
{
    return (~(uint64_t)0 >> (64 - n)) << (s & 7);
}

/* Whether no byte of [s, e) is taken; if none is, takes them all: a span
 * of up to SHORT_SPAN bytes (nearly all: names are short) with one mask,
 * a longer one by pieces. (In 64-bit words, one span in eight crossed a
 * word's end and took the long way.) */
static int take_span(uint8_t *taken, size_t s, size_t e)
{
    if (e - s - 1 < SHORT_SPAN) { /* not empty, short */
        uint64_t bits = span_bits(s, e - s), v = load_bits(taken + (s >> 3));
        if (v & bits)
            return 0;
        store_bits(taken + (s >> 3), v | bits);
        return 1;
    }
    for (size_t i = s; i < e; i += SHORT_SPAN - 7) {
        size_t n = e - i < SHORT_SPAN - 7 ? e - i : SHORT_SPAN - 7;
        if (load_bits(taken + (i >> 3)) & span_bits(i, n))
            return 0;
    }
    for (size_t i = s; i < e; i += SHORT_SPAN - 7) {
        size_t n = e - i < SHORT_SPAN - 7 ? e - i : SHORT_SPAN - 7;
        uint8_t *p = taken + (i >> 3);
        store_bits(p, load_bits(p) | span_bits(i, n));
    }
    return 1;
}

/* Resolves a cluster: c[0..k), k >= 2 candidates in start order whose
 * spans overlap in a chain and overlap no other's. In resolution order (in
 * r, room for 2k) a candidate is kept when none of its bytes is taken; the
 * reported kept ones' indexes go to kept, in start order (sorted stably,
 * from resolution order: only empty spans share a start). Returns their
 * number. */
static size_t resolve_cluster(const nt_sortkey *c, size_t k, nt_sortkey *r,
                              uint8_t *taken, const nt_entity *cands,
                              uint32_t *kept)
{
    for (size_t j = 0; j < k; j++)
        r[j] = (nt_sortkey){rank_of(c[j].key), c[j].idx};
    nt_sortkey_sort(r, r + k, k);
    settle_ties(r, k, cands);
    size_t q = 0;
    for (size_t j = 0; j < k; j++) {
        size_t s = (uint32_t)r[j].key; /* rank_of: the start last */
        if (take_span(taken, s, END(r[j].idx)) && (r[j].idx & REPORTED))
            r[q++] = (nt_sortkey){s, INDEX(r[j].idx)};
    }
    if (q > 1)
        nt_sortkey_sort(r, r + k, q);
    for (size_t j = 0; j < q; j++)
        kept[j] = (uint32_t)r[j].idx;
    return q;
}

enum { FREE, PENDING, FILLED }; /* a place's state in move_kept */

/* Fills each place q of v[0..m) with the entity at v[src[q]], in place
 * (the sources differ; state[0..m) is room). A place whose own entity
 * goes to another place (PENDING) is filled only once that is moved. From
 * each place whose entity goes nowhere, a chain of moves leads to a source
 * past the places; what is left are cycles of places, moved once round
 * through a copy. One copy an entity, where packing them to the front and
 * then swapping each into its place was two to four. */
static void move_kept(nt_entity *v, const uint32_t *src, uint32_t *state,
                      size_t m)
{
    for (size_t q = 0; q < m; q++)
        state[q] = FREE;
    for (size_t q = 0; q < m; q++)
        if (src[q] < m)
            state[src[q]] = PENDING;
    for (size_t p = 0; p < m; p++) {
        for (size_t q = p; state[q] == FREE;) { /* a chain */
            size_t from = src[q];
            v[q] = v[from];
            state[q] = FILLED;
            if (from >= m)
                break;
            state[from] = FREE; /* its entity is moved: fill it next */
            q = from;
        }
    }
    for (size_t p = 0; p < m; p++) {
        if (state[p] == FILLED || src[p] == p)
            continue;
        nt_entity first = v[p]; /* a cycle */
        size_t q = p;
        for (; src[q] != p; q = src[q]) {
            v[q] = v[src[q]];
            state[q] = FILLED;
        }
        v[q] = first;
        state[q] = FILLED;
    }
}

/* Makes the reported kept candidates the document's entities: x->place
 * holds the m indexes, in start order (and room for m more). They are
 * moved within the candidates, whose array then becomes d->ents (and
 * d->ents's the next document's candidates). A copy of them was megabytes
 * of memory touched afresh on a long document, where the candidates' own
 * is touched already. */
static void take_kept(nt_extractor *x, nt_doc *d, size_t m)
{
    move_kept(x->cands.v, x->place, x->place + m, m);
    nt_entities done = d->ents;
    d->ents = x->cands;
    d->ents.n = m;
    x->cands = done;
    nt_entities_clear(&x->cands);
}

/* With --explain the candidates stay (explain.h reads them, reordered):
 * the reported kept ones, x->place[0..m), are copied. So are an article's
 * few: d->ents's array, the last document's entities, is in the cache
 * then, and one copy an entity is half the work of moving them in place
 * (take_kept: 2 million instructions of 406 on 2,160 articles). */
/* Up to this many kept entities (88 KB) are copied into d->ents, not
 * moved within the candidates, when its array has room for them: a long
 * document's would be memory touched afresh, and a first document's
 * entities an array allocated for a copy only. */
#define COPY_KEPT_MAX 1024

static void copy_kept(nt_extractor *x, nt_doc *d, size_t m)
{
    d->ents.v = nt_xgrow(d->ents.v, &d->ents.cap, m + 1, sizeof *d->ents.v);
    d->ents.n = m;
    for (size_t j = 0; j < m; j++)
        d->ents.v[j] = x->cands.v[x->place[j]];
}

/* The end of the cluster that starts at ranks[i] (the candidates in start
 * order): the first candidate that starts at or past the end of all before
 * it. */
static size_t cluster_end(const nt_sortkey *ranks, size_t i, size_t n)
{
    uint64_t end = END(ranks[i].idx);
    while (++i < n && (ranks[i].key >> 32) < end)
        end = END(ranks[i].idx) > end ? END(ranks[i].idx) : end;
    return i;
}

/* Of a cluster of two (c[0] and c[1], in start order), the one kept: the
 * stronger, which the other overlaps (unless c[1] is empty: see resolve). */
static const nt_sortkey *pair_winner(const nt_sortkey *c,
                                     const nt_entity *cands)
{
    uint64_t r0 = rank_of(c[0].key), r1 = rank_of(c[1].key);
    if (r0 != r1)
        return r1 < r0 ? &c[1] : &c[0];
    /* the same key: c[0] came first, and wins unless c[1] is stronger */
    return stronger(&cands[INDEX(c[1].idx)], &cands[INDEX(c[0].idx)]) < 0
               ? &c[1]
               : &c[0];
}

/* Whether the candidate keyed key (start_key) is empty. */
static int empty_key(uint64_t key)
{
    return (key & LEN_CAP) == LEN_CAP;
}

/* Keeps the strongest candidates that overlap no stronger one; blockers
 * (NT_NONE) take their place but are not reported. The candidates are
 * sorted by start (their sources find them in text order: a few runs to
 * merge) and cut into clusters of overlapping spans: a candidate that
 * overlaps none (three in ten) is kept as it is, the others resolved in
 * their cluster. The reported kept ones come out in start order; only
 * then are the entities read, in that order (nearly the order they were
 * found in). An empty span (no source makes one: the rules drop theirs)
 * overlaps nothing and is kept: a pair with one is resolve_cluster's. */
static void resolve(nt_extractor *x, nt_doc *d)
{
    size_t n = x->cands.n, words = d->len / 64 + 2; /* one more: load_bits */
    x->taken = nt_xgrow(x->taken, &x->taken_cap, words, sizeof *x->taken);
    memset(x->taken, 0, words * sizeof *x->taken);
    x->ranks = nt_xgrow(x->ranks, &x->ranks_cap, 3 * n + 1, sizeof *x->ranks);
    x->place = nt_xgrow(x->place, &x->place_cap, 2 * n + 1, sizeof *x->place);
    /* locals, not x's fields: the stores to taken and place may alias those */
    nt_sortkey *ranks = x->ranks;
    const nt_entity *cands = x->cands.v;
    uint32_t *place = x->place;
    uint8_t *taken = (uint8_t *)x->taken;
    for (size_t i = 0; i < n; i++)
        ranks[i] = (nt_sortkey){start_key(&cands[i]),
                                (uint64_t)cands[i].end << 32 | i |
                                    (reported(&cands[i]) ? REPORTED : 0)};
    nt_sortkey_sort_near(ranks, ranks + n, n);
    size_t m = 0;
    for (size_t i = 0, j; i < n; i = j) {
        j = cluster_end(ranks, i, n);
        if (j - i > 2 || (j - i == 2 && empty_key(ranks[i + 1].key))) {
            m += resolve_cluster(ranks + i, j - i, ranks + n, taken, cands,
                                 place + m);
            continue;
        }
        const nt_sortkey *kept = j - i == 2 ? pair_winner(ranks + i, cands)
                                            : &ranks[i];
        if (kept->idx & REPORTED)
            place[m++] = (uint32_t)INDEX(kept->idx);
    }
    if (x->explain || (m <= COPY_KEPT_MAX && m < d->ents.cap))
        copy_kept(x, d, m);
    else
        take_kept(x, d, m);
}

void nt_extract(nt_extractor *x, nt_doc *d)
{
    nt_tokenize(d->clean, d->len, &d->toks);
    nt_doc_classify(d, x->lex, x->gaz);
    nt_entities_clear(&x->cands);
    gaz_candidates(x, d);
    nt_rules_apply(x->rules, d->clean, d->len, d->toks.v, d->toks.n,
                   d->tokclass, &x->cands);
    if (x->caps)
        nt_caps_guess(x->caps, d->clean, d->toks.v, d->toks.n, d->tokclass,
                      &x->cands);
    resolve(x, d);
    if (x->explain) {
        rank_for_explain(x);
        nt_explain_losses(&x->cands, d, &x->owner, &x->owner_cap);
    }
    if (x->sports) /* before mentions: it may name guessed blockers */
        nt_sports_retype(x->sports, d);
    nt_mentions_apply(x->mentions, d);
    nt_refdate_fill(d);
    nt_timex_resolve(d);
}
