/* doc.c - a document and the buffers derived from it, reused across inputs. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"
#include "wordmemo.h"

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

/* The word memo's size: 8,192 places, 256 KB, to begin with (twice as
 * many cost a short article a hundred page faults). It answers for the
 * names' table too: that had a memo of its own, looked at for every
 * capitalized word (a second hash, a second place to miss). Whenever more
 * words have been put in it than it has pairs of places (a long document,
 * or many: the bench's inputs after some 70 KB of text, and again after
 * 200 KB), it doubles, up to 32,768 places, 1 MB (the L2 cache of a core
 * of the build machine). The bench's 2.76 MB of news have 9,876 distinct
 * words of up to 16 bytes; 8,192 places answered for 82% of its tokens
 * (82,887 misses). Million instructions on that file, as 2,160 files and
 * as JSON Lines:
 *   8,192 places                          343.35  341.30  376.96
 *   16,384 once full (~45,000 misses)     334.11  331.88  367.64
 *   32,768, each time full (~29,000)      329.49  327.21  362.98
 *   32,768, each time half full (~23,000) 327.71  325.43  361.20
 * CPU time no more (medians and 25th percentiles of alternating runs, on
 * a loaded machine): 16,384 places: 73.3 and 65.6 ms -> 68.3 and 60.2 on
 * the file, 90.3 and 86.7 -> 90.5 and 84.7 on the files; 32,768: 59.6 and
 * 57.1 -> 58.0 and 55.5 on the file, 79.1 and 75.3 -> 79.7 and 73.0 as
 * JSON Lines. Page faults and peak RSS the same (the memo comes from the
 * huge pages of the heap). */
#define MEMO_BITS 13
#define MEMO_BITS_MAX 15

/* Tokens are classified BLOCK at a time: the memo answers most of them (the
 * frequent words); the lookups of the others in the lexicon and the names'
 * table (a fold, a hash and a likely cache miss in a table of megabytes,
 * ~320 cycles a word one after another) are all started, then all ended,
 * so that their cache misses overlap: 4% of the time on news. Words of up
 * to FOLD_WORD bytes are folded into the block's buffer for both lookups;
 * longer ones (rare, and in no list) are looked up one step at a time. */
#define BLOCK 16
#define FOLD_WORD 64

/* A token the memo did not answer, and its lookups under way. */
typedef struct {
    size_t k;
    nt_wordmemo_key key;
    int one_step; /* longer than FOLD_WORD */
    nt_map_ask lex, gaz;
} ask;

typedef struct {
    ask v[BLOCK];
    size_t n;
    char fold[BLOCK * 4 * FOLD_WORD]; /* nt_utf8_fold: <= 4 bytes a byte */
    size_t used;
} block;

/* The fold of a word the memo keeps (n <= 16 bytes, in key) into f, and
 * its hash, when it is ASCII: from the key's two numbers, capitals
 * lowercased eight at a time, no bytes read again and no calls (the fold
 * and the hash were 78 instructions of the ~350 a word that misses the
 * memo costs). All 16 bytes are stored: a token's place in the block's
 * buffer has room for 4 * FOLD_WORD. 0 for other words. */
static int fold_kept(const nt_wordmemo_key *key, size_t n, char *f,
                     size_t *fn, uint64_t *h)
{
    const uint64_t high = 0x8080808080808080ull;
    if (!key->keep || ((key->w[0] | key->w[1]) & high))
        return 0;
    uint64_t v[2] = {nt_utf8_lower8(key->w[0]), nt_utf8_lower8(key->w[1])};
    memcpy(f, v, 16);
    *fn = n;
    *h = nt_map_hash16(v[0], v[1], n);
    return 1;
}

/* Starts the lookups of q's token. */
static void start_ask(block *b, ask *q, const nt_doc *d, const nt_lex *lx,
                      const nt_gaz *gaz)
{
    const nt_token *t = &d->toks.v[q->k];
    const char *w = d->clean + t->start;
    size_t n = t->end - t->start;
    q->one_step = n > FOLD_WORD;
    q->lex.key = q->gaz.key = NULL;
    if (q->one_step)
        return;
    char *f = b->fold + b->used;
    size_t fn;
    uint64_t h; /* both tables' key, nearly always */
    if (!fold_kept(&q->key, n, f, &fn, &h)) {
        fn = nt_utf8_fold(w, n, f);
        h = nt_map_hash(f, fn);
    }
    b->used += fn;
    q->lex = (nt_map_ask){f, fn, h};
    q->gaz = q->lex;
    if (t->shape != NT_SHAPE_DIGIT)
        nt_lex_ask_start(lx, w, n, &q->lex);
    else
        q->lex.key = NULL;
    if (gaz)
        nt_gaz_first_start(gaz, d->clean, t, &q->gaz);
}

/* The answers for q's token: its classes (none for numbers) and what gaz
 * holds for it (when gaz is not NULL). */
static nt_wordmemo_answer end_ask(const ask *q, const nt_doc *d,
                                  const nt_lex *lx, const nt_gaz *gaz)
{
    const nt_token *t = &d->toks.v[q->k];
    nt_wordmemo_answer a = {{0, 0}};
    if (q->one_step) {
        if (t->shape != NT_SHAPE_DIGIT)
            a.v[0] = nt_lex_lookup(lx, d->clean + t->start, t->end - t->start);
        if (gaz)
            a.v[1] = nt_gaz_first(gaz, d->clean, t);
        return a;
    }
    a.v[0] = nt_lex_ask_end(lx, &q->lex);
    if (gaz)
        a.v[1] = nt_gaz_first_end(gaz, t, &q->gaz);
    return a;
}

/* Tokens [from, to): the memo's answers first (punctuation has none), in
 * a loop without calls that keeps d's fields and the memo's key in
 * registers and stores both answers without a test (the names' into
 * spare when there is no gaz); then the others' lookups, all started,
 * then all ended. The sanitized text holds no NUL byte (nt_utf8_sanitize
 * replaces it): nt_wordmemo_get_text. (A copy of this function for each
 * of the memo's sizes, each with its size as a constant, cost 1.3 million
 * instructions more on the bench's 2.76 MB file, not less. Nor did
 * finding the answer without a branch pay: both places compared, the
 * answer of the one that matches, or of another word, stored, the key
 * stored for every token and the count of misses raised by 0 or 1: 11.8
 * million instructions more, and CPU time no less: 61.2 and 58.0 ms ->
 * 64.0 and 58.0, medians and 25th percentiles of 41 alternating runs.) */
static void classify_block(nt_doc *d, const nt_lex *lx, const nt_gaz *gaz,
                           size_t from, size_t to)
{
    const nt_token *toks = d->toks.v;
    const char *text = d->clean;
    const nt_wordmemo *memo = d->memo;
    uint64_t spare[BLOCK]; /* the names' answers when there is no gaz */
    uint64_t *cls = d->tokclass + from,
             *first = gaz ? d->tokgaz + from : spare;
    block b;
    b.n = b.used = 0;
    for (size_t k = from; k < to; k++) {
        const nt_token *t = &toks[k];
        nt_wordmemo_key key;
        nt_wordmemo_answer a;
        if (t->shape == NT_SHAPE_PUNCT) {
            cls[k - from] = 0;
            first[k - from] = 0;
            continue;
        }
        /* a word too long to keep, taken apart from the memo's ask: then
         * the ask's key is not merged from two ways (a register cleared
         * for every token) and its place is worked out for misses only */
        size_t n = t->end - t->start;
        if (n - 1 >= NT_WORDMEMO_WORD) {
            b.v[b.n].k = k;
            b.v[b.n++].key.keep = 0;
            continue;
        }
        if (!nt_wordmemo_get_text(memo, text + t->start, n, &key, &a,
                                  MEMO_BITS_MAX /* its top */)) {
            b.v[b.n].k = k;
            b.v[b.n++].key = key;
            continue;
        }
        cls[k - from] = a.v[0];
        first[k - from] = a.v[1];
    }
    for (size_t i = 0; i < b.n; i++)
        start_ask(&b, &b.v[i], d, lx, gaz);
    for (size_t i = 0; i < b.n; i++) {
        nt_wordmemo_answer a = end_ask(&b.v[i], d, lx, gaz);
        d->tokclass[b.v[i].k] = a.v[0];
        if (gaz)
            d->tokgaz[b.v[i].k] = a.v[1];
        nt_wordmemo_put_inline(d->memo, &b.v[i].key, &a);
    }
}

void nt_doc_classify(nt_doc *d, const nt_lex *lx, const nt_gaz *gaz)
{
    if (!d->memo)
        d->memo = nt_wordmemo_new(MEMO_BITS, MEMO_BITS_MAX);
    nt_wordmemo_check(d->memo, nt_lex_stamp(lx), gaz ? nt_gaz_stamp(gaz) : 0);
    d->tokclass = nt_xgrow(d->tokclass, &d->tokclass_cap, d->toks.n + 1,
                           sizeof *d->tokclass);
    if (gaz)
        d->tokgaz = nt_xgrow(d->tokgaz, &d->tokgaz_cap, d->toks.n + 1,
                             sizeof *d->tokgaz);
    for (size_t k = 0; k < d->toks.n; k += BLOCK) {
        size_t to = d->toks.n - k < BLOCK ? d->toks.n : k + BLOCK;
        classify_block(d, lx, gaz, k, to);
        if (d->memo->puts > (size_t)1 << (d->memo->bits - 1))
            nt_wordmemo_grow(d->memo);
    }
}

void nt_doc_free(nt_doc *d)
{
    nt_wordmemo_free(d->memo);
    if (d->clean != d->text)
        free(d->clean);
    free(d->text);
    free(d->tokclass);
    free(d->tokgaz);
    free(d->losses);
    nt_tokens_free(&d->toks);
    nt_entities_free(&d->ents);
    nt_doc_init(d);
}
