/* docfix.h - for the unit tests of the modules that work on a tokenized,
 * classified document (caps, sports, mentions): word classes built from a
 * table, a document loaded as nt_extract loads it, entities added by name.
 * Include after cmocka.h. */
#ifndef NT_TEST_DOCFIX_H
#define NT_TEST_DOCFIX_H

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "lexicon.h"
#include "tokenize.h"
#include "util.h"

/* A word class and its words, separated by spaces. */
typedef struct {
    const char *cls, *words;
} docfix_class;

/* A lexicon holding the n classes of table (the caller frees it). */
static inline nt_lex *docfix_lexicon(const docfix_class *table, size_t n)
{
    nt_lex *lx = nt_lex_new();
    for (size_t i = 0; i < n; i++) {
        int cls = nt_lex_class(lx, table[i].cls);
        assert_true(cls >= 0);
        for (const char *w = table[i].words; *w;) {
            size_t len = strcspn(w, " ");
            if (len)
                nt_lex_add(lx, cls, w, len);
            w += len + (w[len] == ' ');
        }
    }
    return lx;
}

/* Makes text the document, tokenized and classified as extract.c does. */
static inline void docfix_load(nt_doc *d, const nt_lex *lx, const char *text)
{
    nt_doc_set_text(d, "test", nt_xstrdup(text), strlen(text));
    nt_tokenize(d->clean, d->len, &d->toks);
    nt_doc_classify(d, lx, NULL);
}

/* Adds an entity over the first occurrence of name at or after *cursor and
 * moves the cursor past it, so the list stays sorted as nt_extract leaves
 * it. */
static inline void docfix_add(nt_doc *d, size_t *cursor, const char *name,
                       nt_type type, const char *source)
{
    const char *p = strstr(d->clean + *cursor, name);
    if (!p)
        fail_msg("no \"%s\" after offset %zu", name, *cursor);
    nt_entity e = {.start = (size_t)(p - d->clean),
                   .type = type,
                   .priority = 50,
                   .source = source};
    e.end = e.start + strlen(name);
    nt_entities_push(&d->ents, &e);
    *cursor = e.end;
}

#endif
