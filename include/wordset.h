/* wordset.h - sets of words, whole or begun, and a filter made of them
 * that tells whether a word of a text is one of them.
 *
 * A word here is a run of ASCII letters and digits, lowercased and with
 * every digit read as '0' ("Sept" -> "sept", "1990s" -> "0000s"): the
 * words a pattern's matches can hold (vocab.h) are such words. */
#ifndef NT_WORDSET_H
#define NT_WORDSET_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Words are kept up to this many bytes; longer ones are cut, begun. */
#define NT_WORDSET_CAP 24

/* The byte c stands for in a word, or 0 when c is no part of one. Inline:
 * the rules read the text's words with it at every start they judge. */
static inline char nt_word_byte(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return '0';
    if (c >= 'A' && c <= 'Z')
        return (char)(c + 'a' - 'A');
    return c >= 'a' && c <= 'z' ? (char)c : 0;
}

typedef struct {
    char s[NT_WORDSET_CAP]; /* zero-padded */
    uint8_t n;
    uint8_t begun; /* 1: every word that begins with s[0..n) */
} nt_word;

/* A set of words (owned array), or every word (any). */
typedef struct {
    nt_word *v;
    size_t n, cap;
    int any;
} nt_wordset;

void nt_wordset_free(nt_wordset *w);

/* Adds s[0..n) (begun: every word that begins so), cut to NT_WORDSET_CAP
 * bytes and begun if longer. A set grown very large, or given the empty
 * start of every word, becomes any. */
void nt_wordset_add(nt_wordset *w, const char *s, size_t n, int begun);

/* Sorts w's words and drops repeats. */
void nt_wordset_tidy(nt_wordset *w);

/* w as bytes appended to out, and a set made again of such bytes (0, or
 * -1 when they are not such bytes): what the pattern cache keeps. */
void nt_wordset_write(const nt_wordset *w, nt_buf *out);
int nt_wordset_read(nt_wordset *w, const void *bytes, size_t n);

/* The filter of one or more sets. */
typedef struct nt_wordfilter nt_wordfilter;

nt_wordfilter *nt_wordfilter_new(void);
void nt_wordfilter_free(nt_wordfilter *f); /* accepts NULL */

/* Adds w's words. Returns 0 when w is any: the filter would allow every
 * word, and could as well not be. */
int nt_wordfilter_add(nt_wordfilter *f, const nt_wordset *w);

/* Whether the word w[0..n) (as nt_word_byte makes them) is allowed. */
int nt_wordfilter_has(const nt_wordfilter *f, const char *w, size_t n);

#endif
