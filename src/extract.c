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
                        long document, where candidates come in rank order) */
    size_t taken_cap;
    nt_gaz **ugaz;      /* the --gazetteer lists, one each (cached) */
    size_t nugaz, ugaz_cap;
    int explain;        /* --explain: record losses */
    uint32_t *owner;    /* scratch of --explain (explain.h) */
    size_t owner_cap;
    nt_sortkey *ranks; /* scratch: the candidates in resolution order, and
                          the radix sort's room; then the ones kept, by
                          start (see resolve) */
    size_t ranks_cap;
    uint32_t *place; /* scratch: where each candidate goes (take_kept) */
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
    return strcmp(e->source, NT_CAPS_SOURCE) == 0;
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

/* The first three of those packed into one number (priorities are 0-1000,
 * documents under 4 GiB; longer spans than 2^22 bytes share one length),
 * so that a radix sort does nearly all the ordering. */
static uint64_t rank_key(const nt_entity *e)
{
    uint64_t len = e->end - e->start, cap = ((uint64_t)1 << LEN_BITS) - 1;
    return ((uint64_t)(1000 - e->priority) << (32 + LEN_BITS)) |
           ((cap - (len < cap ? len : cap)) << 32) | (uint64_t)e->start;
}

/* Orders each run of equal keys (the same span, mostly) fully: they are
 * few and short, so insertion sort. */
static void settle_ties(nt_sortkey *v, size_t n, const nt_entity *cands)
{
    for (size_t i = 1; i < n; i++) {
        nt_sortkey k = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1].key == k.key &&
               stronger(&cands[k.idx], &cands[v[j - 1].idx]) < 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = k;
    }
}

/* Puts the candidates' indexes in x->ranks in resolution order; --explain
 * also gets the candidates themselves in that order. */
static void rank_candidates(nt_extractor *x)
{
    size_t n = x->cands.n;
    x->ranks = nt_xgrow(x->ranks, &x->ranks_cap, 2 * n + 1, sizeof *x->ranks);
    for (size_t i = 0; i < n; i++)
        x->ranks[i] = (nt_sortkey){rank_key(&x->cands.v[i]), i};
    nt_sortkey_sort(x->ranks, x->ranks + n, n);
    settle_ties(x->ranks, n, x->cands.v);
    if (!x->explain)
        return;
    nt_entities sorted;
    nt_entities_init(&sorted);
    for (size_t i = 0; i < n; i++) {
        nt_entities_push(&sorted, &x->cands.v[x->ranks[i].idx]);
        x->ranks[i].idx = i;
    }
    nt_entities_free(&x->cands);
    x->cands = sorted;
}

/* The bits of taken[] for bytes [s, e) that fall in word s / 64. */
static uint64_t word_bits(size_t s, size_t e)
{
    size_t b = s & 63, n = e - s < 64 - b ? e - s : 64 - b;
    return (n == 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1)) << b;
}

/* Whether no byte of [s, e) is taken; if none is, takes them all. */
static int take_span(uint64_t *taken, size_t s, size_t e)
{
    for (size_t i = s; i < e; i = (i | 63) + 1)
        if (taken[i >> 6] & word_bits(i, e))
            return 0;
    for (size_t i = s; i < e; i = (i | 63) + 1)
        taken[i >> 6] |= word_bits(i, e);
    return 1;
}

/* The span of the candidate ranked by k, read off its key (rank_key) when
 * its length fits there: on a long document the candidates are megabytes,
 * and reading them in rank order (at random) was a fifth of its time. */
static void ranked_span(const nt_sortkey *k, const nt_entities *cands,
                        size_t *s, size_t *e)
{
    uint64_t cap = ((uint64_t)1 << LEN_BITS) - 1;
    uint64_t len = cap - ((k->key >> 32) & cap);
    *s = (uint32_t)k->key;
    *e = len < cap ? *s + len : cands->v[k->idx].end;
}

/* Whether a kept candidate is reported: blockers (NT_NONE) take their
 * place but are not, except the guesses nt_mentions_retype may name. */
static int reported(const nt_entity *e)
{
    return e->type != NT_NONE || is_guess(e);
}

#define NOWHERE UINT32_MAX

/* Makes the kept candidates order[0..kept) (by start) that are reported
 * the document's entities, in that order: they are moved within the
 * candidates, whose array then becomes d->ents (and d->ents's the next
 * document's candidates). A copy of them was megabytes of memory touched
 * afresh on a long document, where the candidates' own is touched
 * already. First each one's place, then the reported ones packed to the
 * front in index order, then each swapped into its place. */
static void take_kept(nt_extractor *x, nt_doc *d, const nt_sortkey *order,
                      size_t kept)
{
    nt_entity *v = x->cands.v;
    size_t n = x->cands.n, m = 0;
    x->place = nt_xgrow(x->place, &x->place_cap, n + 1, sizeof *x->place);
    for (size_t i = 0; i < n; i++)
        x->place[i] = NOWHERE;
    for (size_t j = 0; j < kept; j++)
        if (reported(&v[order[j].idx]))
            x->place[order[j].idx] = (uint32_t)m++;
    for (size_t i = 0, w = 0; i < n; i++) /* w <= i: nothing unread lost */
        if (x->place[i] != NOWHERE) {
            v[w] = v[i];
            x->place[w++] = x->place[i];
        }
    for (size_t w = 0; w < m; w++)
        while (x->place[w] != w) {
            uint32_t to = x->place[w];
            nt_entity e = v[to];
            v[to] = v[w];
            v[w] = e;
            x->place[w] = x->place[to];
            x->place[to] = to;
        }
    nt_entities done = d->ents;
    d->ents = x->cands;
    d->ents.n = m;
    x->cands = done;
    nt_entities_clear(&x->cands);
}

/* Keeps the strongest candidates that overlap no stronger one; blockers
 * (NT_NONE) take their place but are not reported. The kept ones overlap
 * none other, so each has its own start: they are put in start order by
 * sorting (start, rank) numbers, not the entities themselves, and only
 * then read (in start order, nearly the order they were found in). Those
 * numbers take the places of the ranks read already (kept <= i), and the
 * ranks' second half is their sort's room. With --explain the candidates
 * stay as they are (explain.h reads them), and the kept are copied. */
static void resolve(nt_extractor *x, nt_doc *d)
{
    size_t words = d->len / 64 + 1;
    x->taken = nt_xgrow(x->taken, &x->taken_cap, words, sizeof *x->taken);
    memset(x->taken, 0, words * sizeof *x->taken);
    rank_candidates(x);
    nt_sortkey *order = x->ranks;
    size_t kept = 0;
    for (size_t i = 0; i < x->cands.n; i++) {
        size_t s, e;
        ranked_span(&x->ranks[i], &x->cands, &s, &e);
        if (take_span(x->taken, s, e))
            order[kept++] = (nt_sortkey){s, x->ranks[i].idx};
    }
    nt_sortkey_sort(order, order + kept, kept);
    if (!x->explain) {
        take_kept(x, d, order, kept);
        return;
    }
    nt_entities_clear(&d->ents);
    for (size_t j = 0; j < kept; j++)
        if (reported(&x->cands.v[order[j].idx]))
            nt_entities_push(&d->ents, &x->cands.v[order[j].idx]);
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
    if (x->explain)
        nt_explain_losses(&x->cands, d, &x->owner, &x->owner_cap);
    if (x->sports) /* before mentions: it may name guessed blockers */
        nt_sports_retype(x->sports, d);
    nt_mentions_retype(x->mentions, d);
    nt_mentions_number(x->mentions, d);
    nt_refdate_fill(d);
    nt_timex_resolve(d);
}
