/* doc.h - one input document: its bytes, a sanitized copy for matching, its
 * tokens and its entities. A doc is reused from one input to the next so that
 * annotation allocates nothing per document once warmed up. */
#ifndef NT_DOC_H
#define NT_DOC_H

#include <stddef.h>
#include <stdint.h>
#include "gazetteer.h"
#include "lexicon.h"
#include "newstag.h"
#include "tokenize.h"

/* A candidate that lost in overlap resolution to the entity spanning
 * wstart..wend (--explain; see explain.h). */
typedef struct {
    size_t wstart, wend;
    nt_entity e;
} nt_loss;

typedef struct {
    const char *name;   /* display name ("-" for stdin); not owned */
    char *text;         /* the input bytes; owned */
    size_t len;
    char *clean;        /* sanitized copy (see nt_utf8_sanitize), same length;
                           points to text when nothing needed replacing */
    size_t invalid;     /* bytes replaced in clean */
    nt_tokens toks;
    uint64_t *tokclass; /* word-class mask per token; owned */
    size_t tokclass_cap;
    uint64_t *tokgaz;   /* nt_gaz_first of each token; owned */
    size_t tokgaz_cap;
    struct nt_wordmemo *memo; /* both, for the words of past documents;
                                 owned */
    nt_entities ents;   /* final entities, sorted by start, non-overlapping */
    nt_loss *losses;    /* --explain only: sorted by winner; owned */
    size_t nlosses, losses_cap;
    char ref_date[11];    /* reference date for relative dates, YYYY-MM-DD,
                             "" when none */
    const char *ref_from; /* where ref_date came from ("metadata": the HTML
                             page, XML header or JSONL field), NULL if none;
                             nt_extract adds "dateline", "option" or "none" */
    int ref_year;         /* --ref-year: the year of a dateline without one,
                             0: none (kept across documents) */
    const struct nt_srcinfo *src; /* what the reader knows about the source
                             (reader.h); NULL for plain text; not owned */
} nt_doc;

/* Zero bytes guaranteed after d->text[len] and d->clean[len]: PCRE2's JIT
 * reads a few aligned bytes past the end of its subject (it never uses them,
 * but they must be initialized memory, or valgrind rightly complains). */
#define NT_TEXT_PAD 32

void nt_doc_init(nt_doc *d);

/* Makes text (malloc'd, len bytes) the document's content, taking ownership
 * and freeing the previous one; builds the sanitized copy and clears tokens
 * and entities. text is reallocated to len + NT_TEXT_PAD bytes, the padding
 * zeroed: use d->text afterwards, not text. */
void nt_doc_set_text(nt_doc *d, const char *name, char *text, size_t len);

/* Fills d->tokclass with the word-class mask of each token of d->toks
 * (numbers and punctuation have none), and d->tokgaz with what gaz holds
 * for each token alone (nt_gaz_first; gaz NULL: d->tokgaz is left as it
 * is): a hash lookup in each table per word, or for the frequent words,
 * whose answers d keeps from one document to the next, one look in a small
 * table by their bytes as written. */
void nt_doc_classify(nt_doc *d, const nt_lex *lx, const nt_gaz *gaz);

void nt_doc_free(nt_doc *d);

#endif
