/* tokenize.h - splits sanitized UTF-8 text into word and punctuation tokens
 * with byte offsets, shapes and sentence boundaries. */
#ifndef NT_TOKENIZE_H
#define NT_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    NT_SHAPE_LOWER, /* starts with a lowercase letter: "said", "de" */
    NT_SHAPE_CAP,   /* uppercase then not all caps: "Lavrov", "McDonald", "J." */
    NT_SHAPE_UPPER, /* two or more letters, all caps: "NATO", "U.S.", "AT&T" */
    NT_SHAPE_DIGIT, /* digits with inner , . : / -: "2015", "1,000", "2015-05-09" */
    NT_SHAPE_ALNUM, /* starts with a digit, has letters: "3rd", "1990s" */
    NT_SHAPE_PUNCT  /* one punctuation or symbol character, or a run of dots */
} nt_shape;

enum {
    NT_TOK_SENT_START = 1, /* first token of a sentence */
    NT_TOK_LINE_START = 2, /* first token of its line */
    NT_TOK_ABBREV = 4,     /* its final period belongs to it: "Mr.", "U.S.", "J." */
    NT_TOK_PARA_START = 8, /* first token after a blank line (or of the text) */
    /* What a word holds besides letters and digits, noted as the word is
     * read, so that later passes need not search its bytes again. Never set
     * on punctuation tokens. */
    NT_TOK_HYPHEN = 16, /* a hyphen inside: "F-16", "Ontario-based" */
    NT_TOK_APOS = 32    /* an apostrophe, ' or U+2019: "O'Neill", "We've",
                           and the possessive clitic "'s" */
};

typedef struct {
    uint32_t start, end; /* byte offsets, end exclusive */
    uint8_t shape;       /* nt_shape */
    uint8_t flags;       /* NT_TOK_* */
} nt_token;

typedef struct {
    nt_token *v;
    size_t n, cap;
} nt_tokens;

void nt_tokens_init(nt_tokens *t);
void nt_tokens_free(nt_tokens *t);

/* Tokenizes text[0..len), which must be valid UTF-8 without NUL (see
 * nt_utf8_sanitize; NT_UTF8_SUBST bytes become punctuation tokens), replacing
 * the contents of toks. Texts of 4 GiB or more are the caller's to refuse. */
void nt_tokenize(const char *text, size_t len, nt_tokens *toks);

/* Whether the word w[0..n) (without a final period) is a known abbreviation
 * that takes a period ("Mr", "Inc", "Sept"). */
int nt_tokenize_is_abbrev(const char *w, size_t n);

#endif
