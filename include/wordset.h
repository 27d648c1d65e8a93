/* wordset.h - sets of words, whole or begun, and a filter made of them
 * that tells whether a word of a text is one of them; and keys, how a
 * text goes on from a place (a word, the byte after it, the next words),
 * with a filter of them that judges a text where it is.
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

/* The byte that stands for c right after a word: ' ' for every ASCII
 * white space and control character (the word's follower, see
 * nt_word_lead), c itself otherwise; 0 stands for the text's end. */
static inline char nt_word_next(unsigned char c)
{
    return c && c <= ' ' ? ' ' : (char)c;
}

/* The size of nt_word_lead's key. */
#define NT_WORD_LEAD (NT_WORDSET_CAP + 2)

/* In a key, after the byte that follows a first word: a character of a
 * word or beyond ASCII that is not judged (see nt_word_lead). */
#define NT_WORD_ON ((char)0x80)

/* How many words of the text a key holds (see nt_word_lead). */
#define NT_WORD_LEAD_WORDS 3

/* The key of how the text at text[at] begins, as the first words of
 * nt_vocab_first_words_next (vocab.h) are made, in key; its length: up to
 * NT_WORD_LEAD_WORDS words (nt_word_byte's bytes), each with the byte
 * after it (nt_word_next's: 0 for the text's end), a run of white space
 * read as its first byte; a word after a character of no word only. Where
 * the next word runs into a character beyond ASCII, or such a character
 * comes next, NT_WORD_ON ends the key. Only the key's first
 * NT_WORDSET_CAP + 1 bytes, when it is longer (the sets keep such keys
 * begun). 0 when there is nothing to judge: no word at at, or one that
 * runs into a character beyond ASCII. */
size_t nt_word_lead(const char *text, size_t len, size_t at,
                    char key[NT_WORD_LEAD]);

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

/* The filter of keys (see nt_word_lead) as a trie laid out as a double
 * array (a step is an add and a compare): a key is judged a byte at a
 * time, where the hash filter above would look up each of its beginnings
 * that a begun key of the set may be. */
typedef struct nt_keyfilter nt_keyfilter;

/* The filter of the keys of sets[0..n); NULL when one of them is any
 * (the filter would allow every key). The caller frees it. */
nt_keyfilter *nt_keyfilter_new(const nt_wordset *sets, size_t n);
void nt_keyfilter_free(nt_keyfilter *f); /* accepts NULL */

/* f as bytes appended to out, and a filter made again of such bytes
 * (NULL when they are not such bytes): what the pattern cache keeps of a
 * batch's keys (see ruleset.c), so that a run copies the filter instead
 * of making it. Change NT_KEYFILTER_VERSION when the bytes, or what the
 * filter's keys stand for, change. */
#define NT_KEYFILTER_VERSION 1u
void nt_keyfilter_write(const nt_keyfilter *f, nt_buf *out);
nt_keyfilter *nt_keyfilter_read(const void *bytes, size_t n);

/* Whether the key k[0..n) is allowed: one of the set, or one that a begun
 * one begins. */
int nt_keyfilter_has(const nt_keyfilter *f, const char *k, size_t n);

/* Whether the key of the text at text[at] (nt_word_lead's) is allowed, or
 * there is nothing to judge there: nt_keyfilter_has of that key, read as
 * the trie is walked, so that most texts it turns away cost a word. */
int nt_keyfilter_judge(const nt_keyfilter *f, const char *text, size_t len,
                       size_t at);

#endif
