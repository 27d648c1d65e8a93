/* caps.h - guesses for runs of capitalized words that no list or rule
 * explains: "Jose Maria Olazabal" is probably a person, "Leicestershire"
 * after "in" a place. The evidence is word classes (first names, surnames,
 * titles, organization heads, common words) and the words around the run. */
#ifndef NT_CAPS_H
#define NT_CAPS_H

#include <stddef.h>
#include <stdint.h>
#include "lexicon.h"
#include "newstag.h"
#include "tokenize.h"

/* Priority of guesses: below every list and rule. */
#define NT_CAPS_PRIORITY 10
/* Priority of a person's name opening with a first name or an initial
 * ("J. Crawley"): above one-word list entries (50), below longer ones. */
#define NT_CAPS_STRONG_PRIORITY 55
/* The sources of guesses: from the name alone, or decided by the words
 * around it ("in X", "Minister X", "X Party") or by a first name (those
 * have NT_CAPS_STRONG_PRIORITY; mentions.c may still retype them). */
#define NT_CAPS_SOURCE "capitalized"
#define NT_CAPS_CONTEXT_SOURCE "capitalized_context"

typedef struct nt_caps nt_caps;

/* Looks up the word classes the heuristics use in lx (a missing class is
 * simply never evidence). lx must outlive the result. */
nt_caps *nt_caps_new(const nt_lex *lx);
void nt_caps_free(nt_caps *c); /* accepts NULL */

/* Appends one guessed entity per capitalized run of toks to out. */
void nt_caps_guess(const nt_caps *c, const char *text, const nt_token *toks,
                   size_t ntoks, const uint64_t *tokclass, nt_entities *out);

#endif
