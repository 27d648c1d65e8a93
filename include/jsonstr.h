/* jsonstr.h - JSON string literals: decoding one, fast (the text of a
 * JSON Lines article is most of its line, and jansson reads a string a
 * byte at a time through its stream layer), and the bytes that stand for
 * themselves in one, which decoding and the JSON output (format_json.c)
 * both pass over 16 at a time. */
#ifndef NT_JSONSTR_H
#define NT_JSONSTR_H

#include <stddef.h>

#include "buf.h"

/* Whether a byte stands for itself in a JSON string, both ways: printable
 * ASCII but '"', '\\' and DEL (the output escapes DEL; decoding copies it,
 * the slow way). A table: four tests a byte cost the JSON output some 4M
 * instructions more on the JSON Lines bench. */
extern const unsigned char nt_json_plain[256];
static inline int nt_json_plain_byte(unsigned char c)
{
    return nt_json_plain[c];
}

/* With SSE2, which every x86-64 has: bit i set where byte i of the 16 in
 * x is not plain (a byte loop took 13 instructions a byte of a JSON Lines
 * article). */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define NT_JSON_WINDOWS 1
static inline unsigned nt_json_unplain16(__m128i x)
{
    /* signed: the bytes from 0x80 up are below 0x20 too */
    __m128i stop = _mm_or_si128(
        _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
                     _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F))),
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                     _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
    return (unsigned)_mm_movemask_epi8(stop);
}
#endif

/* Appends to out what the literal s[0..n) (quotes included) stands for:
 * escapes decoded, \u0000 as a NUL byte. Returns 0, or -1 (out then holds
 * a part) when it is no valid JSON string: no quotes around it, a quote or
 * control character inside, a bad escape, a lone surrogate, or bytes that
 * are not strict UTF-8 - all of which jansson rejects too. */
int nt_jsonstr_decode(const char *s, size_t n, nt_buf *out);

#endif
