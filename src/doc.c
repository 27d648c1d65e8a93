/* doc.c - a document and the buffers derived from it, reused across inputs. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

void nt_doc_init(nt_doc *d)
{
    memset(d, 0, sizeof *d);
    nt_tokens_init(&d->toks);
    nt_entities_init(&d->ents);
}

/* The sanitized copy is only materialized when the input has bytes to
 * replace; valid UTF-8 (nearly all news) is matched in place. */
void nt_doc_set_text(nt_doc *d, const char *name, char *text, size_t len)
{
    if (d->text != d->clean)
        free(d->clean);
    free(d->text);
    text = nt_xrealloc(text, len + NT_TEXT_PAD);
    memset(text + len, 0, NT_TEXT_PAD);
    d->name = name;
    d->text = text;
    d->len = len;
    d->invalid = nt_utf8_sanitize(text, len, NULL);
    d->clean = text;
    if (d->invalid) { /* a copy only for the rare invalid input */
        d->clean = nt_xmalloc(len + NT_TEXT_PAD);
        nt_utf8_sanitize(text, len, d->clean);
        memset(d->clean + len, 0, NT_TEXT_PAD);
    }
    d->toks.n = 0;
    d->nlosses = 0;
    d->ref_date[0] = '\0';
    d->ref_from = NULL;
    d->src = NULL;
    nt_entities_clear(&d->ents);
}

/* Most tokens of news are a few thousand words ("the", "said", "year"):
 * their classes are kept in a direct-mapped table by their bytes as written
 * (up to 16), found with two comparisons in a table that stays in cache,
 * where the lexicon's table, megabytes, costs a fold, a hash and a likely
 * cache miss. A word takes its slot from the one there before it. */
#define CACHE_BITS 14
#define CACHE_WORD 16

struct nt_wordcache {
    uint64_t stamp; /* of the lexicon the masks are of (nt_lex_stamp) */
    struct {
        uint64_t w[2]; /* the word's bytes, zero-padded */
        uint64_t mask;
        uint32_t n;    /* its length; 0: an empty slot */
    } slot[1u << CACHE_BITS];
};

/* The first n (<= 16) bytes at p as two numbers, zero-padded: p has at
 * least 16 readable bytes (the text's padding, NT_TEXT_PAD). */
static void word_bytes(const char *p, size_t n, uint64_t w[2])
{
    memcpy(w, p, 16);
    if (n < 8) {
        w[0] &= ((uint64_t)1 << (8 * n)) - 1;
        w[1] = 0;
    } else if (n < 16) {
        w[1] &= ((uint64_t)1 << (8 * (n - 8))) - 1;
    }
}

static size_t cache_index(const uint64_t w[2], size_t n)
{
    uint64_t h = (w[0] * 0x9e3779b97f4a7c15ull) ^ (w[1] * 0xc2b2ae3d27d4eb4full) ^ n;
    h *= 0xff51afd7ed558ccdull;
    return (size_t)(h >> (64 - CACHE_BITS));
}

static nt_wordcache *cache_for(nt_doc *d, const nt_lex *lx)
{
    if (!d->wcache) /* pages the table never uses are never touched */
        d->wcache = nt_xcalloc(1, sizeof *d->wcache);
    else if (d->wcache->stamp != nt_lex_stamp(lx)) /* another lexicon, or
                                                      a changed one */
        memset(d->wcache, 0, sizeof *d->wcache);
    d->wcache->stamp = nt_lex_stamp(lx);
    return d->wcache;
}

/* How many words ahead of the one it finishes classification starts: the
 * lexicon's table is megabytes, each lookup a likely cache miss, and
 * AHEAD of them in flight at once take about the time of one. */
#define AHEAD 8

/* A word being classified: its cache slot, and its lexicon query when the
 * cache does not know it (q.n 0 and known: its mask is mask). */
typedef struct {
    nt_lex_query q;
    size_t at;  /* cache slot, or SIZE_MAX: not to be cached */
    uint64_t w[2], mask;
    int known;
} pending;

static void classify_start(nt_wordcache *c, const nt_lex *lx, const char *text,
                           const nt_token *t, pending *p)
{
    size_t n = t->end - t->start;
    p->known = 1;
    p->mask = 0;
    p->at = SIZE_MAX;
    if (t->shape == NT_SHAPE_PUNCT || t->shape == NT_SHAPE_DIGIT)
        return; /* never in a class */
    if (n <= CACHE_WORD) {
        word_bytes(text + t->start, n, p->w);
        p->at = cache_index(p->w, n);
        if (c->slot[p->at].n == n && c->slot[p->at].w[0] == p->w[0] &&
            c->slot[p->at].w[1] == p->w[1]) {
            p->mask = c->slot[p->at].mask;
            return;
        }
    }
    p->known = 0;
    nt_lex_start(lx, text + t->start, n, &p->q);
}

static uint64_t classify_finish(nt_wordcache *c, const nt_lex *lx,
                                const nt_token *t, pending *p)
{
    if (p->known)
        return p->mask;
    uint64_t mask = nt_lex_finish(lx, &p->q);
    if (p->at != SIZE_MAX) {
        c->slot[p->at].w[0] = p->w[0];
        c->slot[p->at].w[1] = p->w[1];
        c->slot[p->at].n = (uint32_t)(t->end - t->start);
        c->slot[p->at].mask = mask;
    }
    return mask;
}

void nt_doc_classify(nt_doc *d, const nt_lex *lx)
{
    pending p[AHEAD];
    size_t n = d->toks.n;
    nt_wordcache *c = cache_for(d, lx);
    d->tokclass = nt_xgrow(d->tokclass, &d->tokclass_cap, n + 1,
                           sizeof *d->tokclass);
    for (size_t k = 0; k < n + AHEAD; k++) {
        if (k >= AHEAD)
            d->tokclass[k - AHEAD] = classify_finish(c, lx, &d->toks.v[k - AHEAD],
                                                     &p[k % AHEAD]);
        if (k < n)
            classify_start(c, lx, d->clean, &d->toks.v[k], &p[k % AHEAD]);
    }
}

void nt_doc_free(nt_doc *d)
{
    free(d->wcache);
    if (d->clean != d->text)
        free(d->clean);
    free(d->text);
    free(d->tokclass);
    free(d->losses);
    nt_tokens_free(&d->toks);
    nt_entities_free(&d->ents);
    nt_doc_init(d);
}
