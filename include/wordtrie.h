/* wordtrie.h - a word class's alternation of literal words rewritten as a
 * trie, which PCRE2 runs much faster and which matches the same text in the
 * same order. Pure string work, no PCRE2. */
#ifndef NT_WORDTRIE_H
#define NT_WORDTRIE_H

#include "buf.h"

/* Appends to out the pattern alt, an alternation of literal words
 * "(?:w1|w2|...)" exactly as nt_lex_pattern writes it (longest first,
 * metacharacters escaped), as a trie in a non-capturing group. A pattern
 * that does not begin with "(?:", has one word only, or holds a word that
 * some mode a rule may set would read otherwise (white space, '#', the
 * empty word) is appended as it is. */
void nt_wordtrie_put(nt_buf *out, const char *alt);

#endif
