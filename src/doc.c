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
 * large inputs and cost a short article a hundred page faults). It answers
 * for the names' table too: that had a memo of its own, looked at for
 * every capitalized word (a second hash, a second place to miss). */
#define MEMO_BITS 13

/* The answers for token t: its classes (none for numbers and punctuation)
 * and what gaz holds for it (when gaz is not NULL); the memo's for a word
 * it knows (most words: the frequent ones); else the tables', which the
 * memo then keeps. (Looking the lexicon up a few words ahead, with
 * prefetching, gained 3% before the memo and nothing since.) */
static nt_wordmemo_answer token_answers(nt_wordmemo *memo, const nt_lex *lx,
                                        const nt_gaz *gaz, const char *text,
                                        const nt_token *t)
{
    nt_wordmemo_key key;
    nt_wordmemo_answer a = {{0, 0}};
    size_t n = t->end - t->start;
    if (t->shape == NT_SHAPE_PUNCT ||
        nt_wordmemo_get(memo, text + t->start, n, &key, &a))
        return a;
    if (t->shape != NT_SHAPE_DIGIT)
        a.v[0] = nt_lex_lookup(lx, text + t->start, n);
    if (gaz)
        a.v[1] = nt_gaz_first(gaz, text, t);
    nt_wordmemo_put(memo, &key, &a);
    return a;
}

void nt_doc_classify(nt_doc *d, const nt_lex *lx, const nt_gaz *gaz)
{
    if (!d->memo)
        d->memo = nt_wordmemo_new(MEMO_BITS);
    nt_wordmemo_check(d->memo, nt_lex_stamp(lx), gaz ? nt_gaz_stamp(gaz) : 0);
    d->tokclass = nt_xgrow(d->tokclass, &d->tokclass_cap, d->toks.n + 1,
                           sizeof *d->tokclass);
    if (gaz)
        d->tokgaz = nt_xgrow(d->tokgaz, &d->tokgaz_cap, d->toks.n + 1,
                             sizeof *d->tokgaz);
    for (size_t k = 0; k < d->toks.n; k++) {
        nt_wordmemo_answer a = token_answers(d->memo, lx, gaz, d->clean,
                                             &d->toks.v[k]);
        d->tokclass[k] = a.v[0];
        if (gaz)
            d->tokgaz[k] = a.v[1];
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
