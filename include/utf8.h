/* utf8.h - UTF-8 decoding, validation, character classes and case folding. */
#ifndef NT_UTF8_H
#define NT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Byte that replaces invalid UTF-8 and NUL bytes in the sanitized copy of a
 * document: ASCII SUB, which no rule or word class matches. */
#define NT_UTF8_SUBST '\x1a'

/* Decodes the sequence at s[0..n). Returns its length (1-4) and sets *cp, or
 * returns 0 when the bytes there are not valid UTF-8: stray continuation
 * bytes, overlong forms, surrogates, code points above U+10FFFF, truncation. */
size_t nt_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Copies len bytes of in to out (caller-allocated, len bytes), replacing each
 * byte that is not part of a valid sequence, and each NUL, with NT_UTF8_SUBST.
 * Offsets are unchanged. Returns the number of bytes replaced. */
size_t nt_utf8_sanitize(const char *in, size_t len, char *out);
/* (With out NULL, only counts the bytes that would be replaced.) */

/* Character classes for any code point (ASCII fast path, utf8proc beyond). */
int nt_utf8_is_letter(uint32_t cp); /* letters and combining marks */
int nt_utf8_is_upper(uint32_t cp);  /* uppercase or titlecase letter */
int nt_utf8_is_lower(uint32_t cp);
int nt_utf8_is_digit(uint32_t cp);
int nt_utf8_is_space(uint32_t cp);  /* includes NBSP and Unicode spaces */

/* Appends the case-folded form of s[0..n) (valid UTF-8) to out, whose
 * capacity must be at least 4*n bytes (worst-case growth); curly apostrophes
 * fold to "'". Returns the number of bytes written. */
size_t nt_utf8_fold(const char *s, size_t n, char *out);

/* The eight bytes of x with ASCII capitals lowercased, others as they are:
 * 0x20 is added to each byte from 'A' to 'Z' (bit 7 of each byte's sums
 * says "at least 'A'" and "past 'Z'"; a byte of 0x80 or more is left
 * alone). Words compared as integers are lowercased this way. */
static inline uint64_t nt_utf8_lower8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u;
    uint64_t low7 = x & ones * 0x7F;
    uint64_t from_a = low7 + ones * (0x80 - 'A');
    uint64_t past_z = low7 + ones * (0x80 - 'Z' - 1);
    uint64_t upper = from_a & ~past_z & ~x & ones * 0x80;
    return x | upper >> 2;
}

/* nt_utf8_fold that also drops accents and other combining marks
 * ("Zürich" -> "zurich", "Ångström" -> "angstrom"), same capacity rule. */
size_t nt_utf8_fold_unaccent(const char *s, size_t n, char *out);

#endif
