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
 * plain guess the type its name has elsewhere in the article, drops the
 * blockers that nothing promoted, and numbers the distinct entities
 * (nt_entity.id, from 1): a person's mentions share a surname, an
 * organization's its name without legal suffix or its acronym. */
void nt_mentions_apply(nt_mentions *m, nt_doc *doc);

#endif
