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

/* How many words ahead of the one it finishes classification starts: the
 * lexicon's table is megabytes, each lookup a likely cache miss, and
 * AHEAD of them in flight at once take about the time of one. */
#define AHEAD 8

void nt_doc_classify(nt_doc *d, const nt_lex *lx)
{
    nt_lex_query q[AHEAD];
    size_t n = d->toks.n;
    d->tokclass = nt_xgrow(d->tokclass, &d->tokclass_cap, n + 1,
                           sizeof *d->tokclass);
    for (size_t k = 0; k < n + AHEAD; k++) {
        if (k >= AHEAD)
            d->tokclass[k - AHEAD] = nt_lex_finish(lx, &q[k % AHEAD]);
        if (k >= n)
            continue;
        const nt_token *t = &d->toks.v[k];
        if (t->shape == NT_SHAPE_PUNCT || t->shape == NT_SHAPE_DIGIT)
            q[k % AHEAD].n = 0; /* never in a class */
        else
            nt_lex_start(lx, d->clean + t->start, t->end - t->start, &q[k % AHEAD]);
    }
}

void nt_doc_free(nt_doc *d)
{
    if (d->clean != d->text)
        free(d->clean);
    free(d->text);
    free(d->tokclass);
    free(d->losses);
    nt_tokens_free(&d->toks);
    nt_entities_free(&d->ents);
    nt_doc_init(d);
}
