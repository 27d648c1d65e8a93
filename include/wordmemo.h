/* wordmemo.h - answers about words kept by their bytes as written: a small
 * table in front of a lookup that costs a fold, a hash and a likely cache
 * miss in a table of megabytes (the lexicon, the gazetteer). News repeats
 * a few thousand words ("the", "said", "Monday") for most of its tokens,
 * so most lookups become two comparisons in a table that stays in cache.
 * Words of up to NT_WORDMEMO_WORD bytes are kept. A word's hash picks a
 * pair of places, one cache line: it is kept in the first, and the word
 * there before it moves to the second, pushing out the older one (where
 * one place a word pushed out its one predecessor, 11% more of the
 * 2,160 articles' words missed: 93,358 lookups instead of 82,685, for no
 * more memory and no more cache lines touched). */
#ifndef NT_WORDMEMO_H
#define NT_WORDMEMO_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define NT_WORDMEMO_WORD 16

/* The answers kept for a word: two, so that one look at the memo serves
 * two tables (a token's word classes and what the name lists hold for it:
 * see nt_doc_classify). */
typedef struct {
    uint64_t v[2];
} nt_wordmemo_answer;

/* A place of the memo, 32 bytes: a pair to a cache line. A word's length is
 * not kept: a word kept does not end with a NUL byte, so its zero-padded
 * bytes tell it from every other word (its length is that of its bytes up
 * to the last one not NUL), and an empty place (all zeros) from every
 * word. */
typedef struct {
    uint64_t w[2]; /* the word's bytes, zero-padded */
    nt_wordmemo_answer a;
} nt_wordmemo_place;

/* The memo's fields are wordmemo.c's; they are in sight only so that
 * nt_wordmemo_get, asked about every token, is inlined (the call and its
 * key's trip through memory were nearly a third of its
 * cost). */
typedef struct nt_wordmemo {
    uint64_t stamp, stamp2;
    unsigned bits;  /* 2^bits places */
    unsigned top;   /* the bits it may grow to (nt_wordmemo_grow) */
    size_t mask;    /* where pairs begin, in bytes: (2^bits / 2 - 1) * 64 */
    size_t puts;    /* words put since the places were cleared (or, after
                       nt_wordmemo_grow, the words it kept) */
    int mapped;     /* p is a mapping (else allocated) */
    nt_wordmemo_place *p;
} nt_wordmemo;

/* A memo of 2^bits places (at least 2), that may grow to 2^top. Its pages
 * are touched as they are used. */
nt_wordmemo *nt_wordmemo_new(unsigned bits, unsigned top);
void nt_wordmemo_free(nt_wordmemo *m); /* accepts NULL */

/* Doubles m's places unless it has 2^top, keeping its words (each in the
 * pair its hash picks now, the order of a pair's two kept); m->puts
 * becomes their number. */
void nt_wordmemo_grow(nt_wordmemo *m);

/* Forgets everything unless the stamps are those it was last given: the
 * answers are those of whatever the stamps name (see nt_lex_stamp,
 * nt_gaz_stamp; 0 for a table not used). */
void nt_wordmemo_check(nt_wordmemo *m, uint64_t stamp, uint64_t stamp2);

/* The masks of the first n bytes (n <= 16) of two numbers loaded from
 * memory, for n = 0..16 (wordmemo.c): a table look-up in place of a
 * shift and two branches for every token (a tenth of a memo hit). */
extern const uint64_t nt_wordmemo_masks_[NT_WORDMEMO_WORD + 1][2];

/* w[0..n), n <= 16, as two numbers, zero past n: one load each (w must
 * have 16 readable bytes, as a document's text has its padding), so that
 * words compare as integers. */
static inline void nt_wordmemo_load(const char *w, size_t n, uint64_t v[2])
{
    memcpy(v, w, 16);
    v[0] &= nt_wordmemo_masks_[n][0];
    v[1] &= nt_wordmemo_masks_[n][1];
}

/* The place of word w[0..n) (read as 16 bytes: w must have 16 readable
 * bytes, the text's padding) in *key; 1 with its answer in *a when the
 * memo has it, 0 when it has not, or when n is over NT_WORDMEMO_WORD or
 * the word ends with a NUL byte (a word is kept as its bytes zero-padded,
 * without its length; tokens of sanitized text hold no NUL); then
 * nt_wordmemo_put ignores the key. */
typedef struct {
    uint64_t w[2];
    size_t at; /* the first place of its pair */
    int keep;  /* the word can be kept */
} nt_wordmemo_key;

/* Whether place p holds key's word. */
static inline int nt_wordmemo_holds_(const nt_wordmemo_place *p,
                                     const nt_wordmemo_key *key)
{
    return p->w[0] == key->w[0] && p->w[1] == key->w[1];
}

/* The hash of word w (its bytes loaded), whose top bits pick a place: a
 * multiplicative hash, its top bits depending on every bit of w[0] + 2 *
 * w[1] (one lea), which holds all of w[0] and all of w[1] but its top bit.
 * Mixing w[1] by a multiply of its own cost two instructions more a token,
 * which the concatenated bench file's 1% fewer misses (82,151 instead of
 * 83,147) did not pay for: w[1] is 0 in words of up to eight bytes, most
 * of them, where both hashes are the same. */
static inline uint64_t nt_wordmemo_hash_(const uint64_t w[2])
{
    return (w[0] + 2 * w[1]) * 0x9e3779b97f4a7c15ull;
}

/* Where the pair of places of word w (its bytes loaded) begins, in bytes
 * from the first place, in a memo m that may grow to 2^top places (mask
 * is m->mask). */
static inline size_t nt_wordmemo_offset_(const uint64_t w[2], unsigned top,
                                         size_t mask)
{
    uint64_t h = nt_wordmemo_hash_(w);
    _Static_assert(sizeof(nt_wordmemo_place) == 32, "a pair is 64 bytes");
    /* h's top top - 1 bits, the pair's number in a memo of 2^top places,
     * shifted to bit 6: its offset (a pair is 64 bytes); a smaller memo's
     * mask keeps the lower of those bits (h's top bit or bits left out
     * cost no more misses: 22,786 instead of 22,830 on the bench's 2.76
     * MB file). A shift by a constant and an and: a shift by the memo's
     * size, kept in a register, cost 2 instructions more a token (x86
     * shifts by cl only). */
    return (size_t)(h >> (59 - top)) & mask;
}

/* The memo's answer for key's word, whose bytes are loaded: its place
 * (top is m->top, or the same as a constant). */
static inline int nt_wordmemo_find_(const nt_wordmemo *m, nt_wordmemo_key *key,
                                    nt_wordmemo_answer *a, unsigned top)
{
    size_t off = nt_wordmemo_offset_(key->w, top, m->mask);
    key->at = off / sizeof *m->p;
    const nt_wordmemo_place *p =
        (const nt_wordmemo_place *)(const void *)((const char *)m->p + off);
    if (nt_wordmemo_holds_(p, key)) {
        *a = p->a;
        return 1;
    }
    if (nt_wordmemo_holds_(p + 1, key)) {
        *a = p[1].a;
        return 1;
    }
    return 0;
}

static inline int nt_wordmemo_get(const nt_wordmemo *m, const char *w, size_t n,
                                  nt_wordmemo_key *key, nt_wordmemo_answer *a)
{
    key->keep = n - 1 < NT_WORDMEMO_WORD && w[n - 1] != '\0';
    if (!key->keep)
        return 0;
    nt_wordmemo_load(w, n, key->w);
    return nt_wordmemo_find_(m, key, a, m->top);
}

/* nt_wordmemo_get for a word of a text that holds no NUL byte (a
 * document's sanitized text): its last byte is not looked at (3 of the
 * ~40 instructions of a token that the memo knows). top must be m->top,
 * given as a constant where the caller knows it: the pair's place is then
 * found by a shift by a constant, not by a number loaded for every token
 * (1% of the instructions of a token the memo knows). */
static inline int nt_wordmemo_get_text(const nt_wordmemo *m, const char *w,
                                       size_t n, nt_wordmemo_key *key,
                                       nt_wordmemo_answer *a, unsigned top)
{
    key->keep = n - 1 < NT_WORDMEMO_WORD;
    if (!key->keep)
        return 0;
    nt_wordmemo_load(w, n, key->w);
    return nt_wordmemo_find_(m, key, a, top);
}

/* Keeps a as the answer for key's word, in the first place of its pair.
 * A word put twice (missed twice in a block: see nt_doc_classify) may
 * take both places for a while: looking for it first costs more than
 * that loses. */
void nt_wordmemo_put(nt_wordmemo *m, const nt_wordmemo_key *key,
                     const nt_wordmemo_answer *a);

/* nt_wordmemo_put inline, for the document's memo (nt_doc_classify): the
 * call was a fifth of the cost of a word missed, beside its lookups. */
static inline void nt_wordmemo_put_inline(nt_wordmemo *m,
                                          const nt_wordmemo_key *key,
                                          const nt_wordmemo_answer *a)
{
    if (!key->keep)
        return;
    nt_wordmemo_place *p = &m->p[key->at];
    m->puts++;
    p[1] = p[0];
    p->w[0] = key->w[0];
    p->w[1] = key->w[1];
    p->a = *a;
}

#endif
