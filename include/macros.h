/* macros.h - the defines of rules files and the expansion of their macros:
 * "{NAME}" for a define's pattern, "@{class}" for a word class's words. */
#ifndef NT_MACROS_H
#define NT_MACROS_H

#include "lexicon.h"
#include "newstag.h"

typedef struct nt_macros nt_macros;

nt_macros *nt_macros_new(void);
void nt_macros_free(nt_macros *m); /* accepts NULL */

/* Word classes' expansions come from c, and go to it, from now on (keyed
 * by the class's words): c must outlive m. */
struct nt_bytecache;
void nt_macros_use_cache(nt_macros *m, struct nt_bytecache *c);

/* Whether s is a name a define may have: [A-Za-z_][A-Za-z0-9_]*. */
int nt_macros_is_name(const char *s);

/* Defines name (see nt_macros_is_name) as pat, expanded now with the
 * defines before it and the word classes of lx. Returns 0, or -1 with err
 * set (an unknown word class). */
int nt_macros_define(nt_macros *m, const nt_lex *lx, const char *name,
                     const char *pat, nt_error *err);

/* The pattern pat with its macros expanded: "{NAME}" into "(?:pattern)",
 * "@{class}" into the words of that class of lx, as nt_lex_pattern writes
 * them (trie 0) or as a trie (trie 1, see wordtrie.h). "{NAME}" with no
 * such define, and braces after a backslash ("\p{Lu}"), stay as they are. Returns a new
 * string (caller frees), or NULL with err set for an unknown word class.
 * m keeps each class's expansion for the next (until lx changes). */
char *nt_macros_expand(nt_macros *m, const nt_lex *lx, const char *pat,
                       int trie, nt_error *err);

#endif
