/* mentions.h - the mentions of one name within an article: "Sergey Lavrov"
 * ... "Lavrov", "Johnson Controls Inc" ... "Johnson Controls", "International
 * Monetary Fund" ... "IMF". Linked mentions share a type (the one lists,
 * rules or context gave) and an id, so users can count distinct entities. */
#ifndef NT_MENTIONS_H
#define NT_MENTIONS_H

#include "doc.h"
#include "lexicon.h"

typedef struct nt_mentions nt_mentions;

/* Looks up the "orgsuffix" word class in lx, which must outlive the result. */
nt_mentions *nt_mentions_new(const nt_lex *lx);
void nt_mentions_free(nt_mentions *m); /* accepts NULL */

/* Over doc->ents (sorted, resolved, guessed blockers still in): gives each
 * plain guess the type its name has elsewhere in the article, and drops the
 * blockers that nothing promoted. */
void nt_mentions_retype(nt_mentions *m, nt_doc *doc);

/* Numbers the distinct entities of doc->ents (nt_entity.id, from 1): a
 * person's mentions share a surname, an organization's its name without
 * legal suffix or its acronym. Call once types are final. Called right
 * after nt_mentions_retype on the same doc (types may change in between,
 * not the text), it reuses the keys retype worked out. */
void nt_mentions_number(nt_mentions *m, nt_doc *doc);

/* nt_mentions_retype, then nt_mentions_number, with one pass over the
 * entities less (the same result). */
void nt_mentions_apply(nt_mentions *m, nt_doc *doc);

#endif
