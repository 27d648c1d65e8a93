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

/* The word memo's size: 8,192 places, 256 KB (twice as many gained 1% on
 * large inputs and cost a short article a hundred page faults). */
#define MEMO_BITS 13

/* How many words ahead of the one it finishes classification starts: the
 * lexicon's table is megabytes, each lookup a likely cache miss, and
 * AHEAD of them in flight at once take about the time of one. */
#define AHEAD 8

/* A word being classified: its memo key, and its lexicon query when the
 * memo does not know it (known: its mask is mask). */
typedef struct {
    nt_lex_query q;
    nt_wordmemo_key key;
    uint64_t mask;
    int known;
} pending;

static void classify_start(const nt_wordmemo *memo, const nt_lex *lx,
                           const char *text, const nt_token *t, pending *p)
{
    size_t n = t->end - t->start;
    p->known = 1;
    p->mask = 0;
    if (t->shape == NT_SHAPE_PUNCT || t->shape == NT_SHAPE_DIGIT)
        return; /* never in a class */
    if (nt_wordmemo_get(memo, text + t->start, n, &p->key, &p->mask))
        return;
    p->known = 0;
    nt_lex_start(lx, text + t->start, n, &p->q);
}

static uint64_t classify_finish(nt_wordmemo *memo, const nt_lex *lx, pending *p)
{
    if (p->known)
        return p->mask;
    uint64_t mask = nt_lex_finish(lx, &p->q);
    nt_wordmemo_put(memo, &p->key, mask);
    return mask;
}

void nt_doc_classify(nt_doc *d, const nt_lex *lx)
{
    pending p[AHEAD];
    size_t n = d->toks.n;
    if (!d->memo)
        d->memo = nt_wordmemo_new(MEMO_BITS);
    nt_wordmemo_check(d->memo, nt_lex_stamp(lx));
    d->tokclass = nt_xgrow(d->tokclass, &d->tokclass_cap, n + 1,
                           sizeof *d->tokclass);
    for (size_t k = 0; k < n + AHEAD; k++) {
        if (k >= AHEAD)
            d->tokclass[k - AHEAD] = classify_finish(d->memo, lx, &p[k % AHEAD]);
        if (k < n)
            classify_start(d->memo, lx, d->clean, &d->toks.v[k], &p[k % AHEAD]);
    }
}

void nt_doc_free(nt_doc *d)
{
    nt_wordmemo_free(d->memo);
    if (d->clean != d->text)
        free(d->clean);
    free(d->text);
    free(d->tokclass);
    free(d->losses);
    nt_tokens_free(&d->toks);
    nt_entities_free(&d->ents);
    nt_doc_init(d);
}
