/* wordmemo.h - answers about words kept by their bytes as written: a small
 * direct-mapped table in front of a lookup that costs a fold, a hash and a
 * likely cache miss in a table of megabytes (the lexicon, the gazetteer).
 * News repeats a few thousand words ("the", "said", "Monday") for most of
 * its tokens, so most lookups become two comparisons in a table that stays
 * in cache. Words of up to NT_WORDMEMO_WORD bytes are kept; a word takes
 * its place from the one there before it. */
#ifndef NT_WORDMEMO_H
#define NT_WORDMEMO_H

#include <stddef.h>
#include <stdint.h>

#define NT_WORDMEMO_WORD 16

/* The answers kept for a word: two, so that one look at the memo serves
 * two tables (a token's word classes and what the name lists hold for it:
 * see nt_doc_classify). */
typedef struct {
    uint64_t v[2];
} nt_wordmemo_answer;

typedef struct nt_wordmemo nt_wordmemo;

/* A memo of 2^bits places. Its pages are touched as they are used. */
nt_wordmemo *nt_wordmemo_new(unsigned bits);
void nt_wordmemo_free(nt_wordmemo *m); /* accepts NULL */

/* Forgets everything unless the stamps are those it was last given: the
 * answers are those of whatever the stamps name (see nt_lex_stamp,
 * nt_gaz_stamp; 0 for a table not used). */
void nt_wordmemo_check(nt_wordmemo *m, uint64_t stamp, uint64_t stamp2);

/* The place of word w[0..n) (read as 16 bytes: w must have 16 readable
 * bytes, the text's padding) in *key; 1 with its answer in *a when the
 * memo has it, 0 when it has not, or when n is over NT_WORDMEMO_WORD or
 * the word ends with a NUL byte (a word is kept as its bytes zero-padded,
 * without its length; tokens of sanitized text hold no NUL); then
 * nt_wordmemo_put ignores the key. */
typedef struct {
    uint64_t w[2];
    size_t at;
    int keep; /* the word can be kept */
} nt_wordmemo_key;
int nt_wordmemo_get(const nt_wordmemo *m, const char *w, size_t n,
                    nt_wordmemo_key *key, nt_wordmemo_answer *a);

/* Keeps a as the answer for key's word. */
void nt_wordmemo_put(nt_wordmemo *m, const nt_wordmemo_key *key,
                     const nt_wordmemo_answer *a);

#endif
