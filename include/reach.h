/* reach.h - what a match of a PCRE2 pattern can hold, by a conservative
 * reading of the pattern: the bytes it can begin with, hold, and so on.
 * Pure (no PCRE2): the rules use it to skip places where the text rules a
 * pattern out. The sets may be too large, never too small. */
#ifndef NT_REACH_H
#define NT_REACH_H

#include <stddef.h>
#include <stdint.h>

#include "wordset.h"

/* A set of bytes. */
typedef struct {
    uint64_t w[4];
} nt_byteset;

/* Every byte, and ASCII white space (the white space of nt_reach). */
extern const nt_byteset nt_byteset_all, nt_byteset_space;

/* Inline: the rules test bytes against these sets at every start. */
static inline int nt_byteset_has(const nt_byteset *s, unsigned char c)
{
    return (s->w[c >> 6] >> (c & 63)) & 1;
}

/* What a pattern (or a part of one) can match, seen as characters: the
 * sets hold the first byte of each character (bytes from 0x80 up stand for
 * every character beyond ASCII). White space here is ASCII's. */
typedef struct {
    nt_byteset first;  /* first characters of non-empty matches */
    nt_byteset second; /* second characters of matches of two or more */
    nt_byteset alpha;  /* every character of every match */
    nt_byteset after_space; /* characters that follow white space in a match */
    int nullable;   /* it can match the empty string */
    int one;        /* it can match exactly one character */
    int ends_space; /* a match can end with white space */
} nt_reach;

/* The most bytes of an nt_reach_text. */
#define NT_REACH_MUST 16

/* In an nt_reach_text: the lowercase ASCII letter in the other bits, in
 * either case. */
#define NT_REACH_CASELESS 0x80

/* Text every match of a pattern holds: n bytes of s, each an ASCII
 * character the pattern matches by itself alone, or a caseless letter
 * (NT_REACH_CASELESS: not k or s, whose other cases go beyond ASCII). */
typedef struct {
    char s[NT_REACH_MUST];
    uint8_t n;
} nt_reach_text;

/* What pat (a pattern as PCRE2 takes it, in UTF and UCP mode) can match.
 * Lookarounds are left out (they only ever narrow what matches); what the
 * reading does not understand gives nt_reach_any(). */
nt_reach nt_reach_pattern(const char *pat);

/* nt_reach_pattern, and in *must the text every match holds, by the same
 * reading (n 0 when it finds none or does not understand pat). */
nt_reach nt_reach_pattern_text(const char *pat, nt_reach_text *must);

/* The words a match of pat can hold (vocab.h), by the same reading; any
 * word when the reading does not understand pat. The caller frees the set
 * (nt_wordset_free). */
nt_wordset nt_reach_words(const char *pat);

/* The words a match of pat can begin with, by the same reading: a match
 * that begins with a letter or digit begins with one of them (as
 * wordset.h makes words) up to a character of no word or its end. Any word
 * when the reading does not understand pat. The caller frees the set. */
nt_wordset nt_reach_first_words(const char *pat);

/* Those first words, each with what may come right after it (see
 * nt_vocab_first_words_next, and nt_word_lead for the text's side): the
 * word "0000" followed by '-' is "0000-". Any word when the reading does
 * not understand pat. The caller frees the set. */
nt_wordset nt_reach_first_words_next(const char *pat);

/* The bytes that may follow, in a match of pat, an ASCII byte c that
 * follows white space in it: pairs[c] (see nt_vocab_space_pairs), by the
 * same reading. 0, or -1 when the reading does not understand pat (any
 * byte may follow any then). */
int nt_reach_space_pairs(const char *pat, nt_byteset pairs[128]);

/* The length of a word test at p, '(?C"!name")' (see newstag(1), RULES
 * FILES): a callout that fails where a word of the word class name begins
 * (see nt_ruleset_word_test); 0 if p holds none. Sets *name and *n to the
 * class's name when name is not NULL. The reading takes one for nothing:
 * it can only narrow what matches, as a lookaround does. */
size_t nt_reach_word_test(const char *p, const char **name, size_t *n);

/* Anything goes: every set full, every flag set. */
nt_reach nt_reach_any(void);

/* What a or b can match. */
nt_reach nt_reach_or(const nt_reach *a, const nt_reach *b);

#endif
