/* wordtest.h - word tests: named sets of words (a word class's), each
 * asked whether one of its words begins at a place of a text, as written
 * (case and all), followed by an optional period and one white-space
 * character (\s as PCRE2 reads it in UCP mode). A rule's '(?C"!name")'
 * is answered by one (see ruleset.c): what "(?!@{name}\.?\s)" tests in a
 * pattern that is not caseless, without a second copy of the class's trie
 * in the compiled pattern and its JIT code. */
#ifndef NT_WORDTEST_H
#define NT_WORDTEST_H

#include <stddef.h>
#include <stdint.h>

typedef struct nt_wordtests nt_wordtests;

nt_wordtests *nt_wordtests_new(void);
void nt_wordtests_free(nt_wordtests *w); /* accepts NULL */

/* Makes words[0..len) (each followed by a NUL, as nt_lex_class_words
 * gives a class's words) the words of the test name. Words given again
 * for the same name replace those before. */
void nt_wordtests_set(nt_wordtests *w, const char *name, const char *words,
                      size_t len);

/* Whether the test name[0..n) hits at text[at] (text[0..len) valid
 * UTF-8): one of its words begins there, then '.' or not, then white
 * space. 0 when there is no such test. Its set of words is made on its
 * first question: a run of one short article may ask few or none. */
int nt_wordtests_hit(nt_wordtests *w, const char *name, size_t n,
                     const char *text, size_t len, size_t at);

/* Whether code point cp is white space to PCRE2's \s in UCP mode. */
int nt_wordtest_is_space(uint32_t cp);

#endif
