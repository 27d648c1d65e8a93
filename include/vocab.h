/* vocab.h - the words a pattern's matches can hold, read off the pattern's
 * positions: each character of the pattern (a literal, a class, an escape
 * such as \d) is a position, and the reading notes which positions may
 * follow which (Glushkov's construction; reach.c reads the pattern and
 * feeds this). A word of a match is then a path of positions that match
 * letters or digits, from one that begins the match or may follow another
 * character, to one that ends it or may be followed by another character.
 *
 * Words are those of wordset.h; conservative like reach.h, the set may
 * hold too many words, never too few. A position that matches many word
 * characters ("\p{L}", "[a-z]", "\w", '.') leaves the words through it
 * begun only (any letters may follow), and one that begins a word makes
 * the set any word. Characters beyond ASCII end words here, as a text's
 * word next to such a character is not judged by the filter (see
 * nt_ruleset's cover rules). */
#ifndef NT_VOCAB_H
#define NT_VOCAB_H

#include <stddef.h>
#include <stdint.h>

#include "reach.h"
#include "wordset.h"

typedef struct nt_vocab nt_vocab;

nt_vocab *nt_vocab_new(void);
void nt_vocab_free(nt_vocab *v); /* accepts NULL */

/* A new position matching one character of chars (reach.h's sets: caseless
 * letters are in both cases there); its number. */
uint32_t nt_vocab_position(nt_vocab *v, const nt_byteset *chars);

/* Each position of to[0..nto) may follow each of from[0..nfrom). */
void nt_vocab_follow(nt_vocab *v, const uint32_t *from, size_t nfrom,
                     const uint32_t *to, size_t nto);

/* The words of the whole pattern, whose matches begin at the positions
 * first[0..nf) and end at last[0..nl). The caller frees the set. */
nt_wordset nt_vocab_words(const nt_vocab *v, const uint32_t *first, size_t nf,
                          const uint32_t *last, size_t nl);

/* The words a match's first word can be: only those that begin at
 * first[0..nf) (the empty one is none: a match that begins with a
 * character of no word is not judged by its first word). The caller frees
 * the set. */
nt_wordset nt_vocab_first_words(const nt_vocab *v, const uint32_t *first,
                                size_t nf, const uint32_t *last, size_t nl);

/* The same first words, each followed by the byte that may come right
 * after it in a match (as nt_word_next has it: wordset.h), one word for
 * each such byte; begun (any byte) where the match may end after the word
 * or many kinds of byte may follow. Each goes on with the words after it
 * (keys of up to NT_WORD_LEAD_WORDS words: wordset.h), but where a first
 * word goes on in too many ways, its keys are cut a word or two shorter,
 * begun: only there. The caller frees the set. */
nt_wordset nt_vocab_first_words_next(const nt_vocab *v, const uint32_t *first,
                                     size_t nf, const uint32_t *last,
                                     size_t nl);

/* The bytes that may follow, in a match, a byte c (ASCII) that follows
 * white space in it: pairs[c], every byte when the match may end after c.
 * A byte c that never follows white space has none. The match ends at
 * last[0..nl). 0, or -1 when the pattern was too large to read (any byte
 * may follow then). */
int nt_vocab_space_pairs(const nt_vocab *v, const uint32_t *last, size_t nl,
                         nt_byteset pairs[128]);

#endif
