/* utf8.c - strict UTF-8 decoding, sanitizing, character classes and case
 * folding. ASCII takes a fast path everywhere; utf8proc answers the rest. */
#include "utf8.h"

#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* High bit of every byte of a 64-bit word, and 1 in every byte. */
#define HIGH_BITS 0x8080808080808080ull
#define LOW_ONES 0x0101010101010101ull

/* Decodes strictly: the lead byte fixes the length and the allowed range of
 * the second byte, which is where overlongs (E0 80..9F, F0 80..8F),
 * surrogates (ED A0..BF) and code points above U+10FFFF (F4 90..BF) show. */
size_t nt_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    unsigned lo = 0x80, hi = 0xBF;
    size_t len;
    uint32_t v;
    if (c < 0xC2) /* continuation byte, or overlong C0/C1 */
        return 0;
    if (c < 0xE0) {
        len = 2;
        v = c & 0x1F;
    } else if (c < 0xF0) {
        len = 3;
        v = c & 0x0F;
        lo = c == 0xE0 ? 0xA0 : lo;
        hi = c == 0xED ? 0x9F : hi;
    } else if (c < 0xF5) {
        len = 4;
        v = c & 0x07;
        lo = c == 0xF0 ? 0x90 : lo;
        hi = c == 0xF4 ? 0x8F : hi;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    v = (v << 6) | (s[1] & 0x3F);
    for (size_t k = 2; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[k] & 0x3F);
    }
    *cp = v;
    return len;
}

/* Number of leading bytes of s[0..n) that are ASCII and not NUL, checked
 * 32 at a time with SSE2 where the compiler has it (as signed bytes, those
 * are the ones above zero), then eight at a time: a word passes when no
 * byte has its high bit set and no byte is zero (the classic has-zero-byte
 * test). */
static size_t plain_ascii_run(const unsigned char *s, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i zero = _mm_setzero_si128();
    while (i + 32 <= n) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i b =
            _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
        __m128i ok =
            _mm_and_si128(_mm_cmpgt_epi8(a, zero), _mm_cmpgt_epi8(b, zero));
        if (_mm_movemask_epi8(ok) != 0xFFFF)
            break;
        i += 32;
    }
#endif
    while (i + 8 <= n) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        if ((v | ((v - LOW_ONES) & ~v)) & HIGH_BITS)
            break;
        i += 8;
    }
    while (i < n && s[i] && s[i] < 0x80)
        i++;
    return i;
}

/* Copies everything at once, then walks the input and overwrites only the
 * bytes that need replacing: on clean text this is a memcpy plus a scan of
 * eight bytes per step. out may equal in (sanitizing in place). */
size_t nt_utf8_sanitize(const char *in, size_t len, char *out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, bad = 0;
    uint32_t cp;
    if (out && out != in && len > 0) /* in may be NULL when len is 0 */
        memcpy(out, in, len);
    while (i < len) {
        i += plain_ascii_run(s + i, len - i);
        if (i >= len)
            break;
        size_t n = s[i] ? nt_utf8_decode(s + i, len - i, &cp) : 0;
        if (n == 0) {
            if (out)
                out[i] = NT_UTF8_SUBST;
            i++;
            bad++;
        } else {
            i += n;
        }
    }
    return bad;
}

/* utf8proc's category; code points beyond Unicode have none. */
static utf8proc_category_t category(uint32_t cp)
{
    if (cp > 0x10FFFF)
        return UTF8PROC_CATEGORY_CN;
    return utf8proc_category((utf8proc_int32_t)cp);
}

/* Letters (Lu Ll Lt Lm Lo) and combining marks (Mn Mc Me), so that a word in
 * decomposed form (e + U+0301) stays one word. */
int nt_utf8_is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) - 'a' < 26u;
    switch (category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return 1;
    default:
        return 0;
    }
}

int nt_utf8_is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp - 'A' < 26u;
    utf8proc_category_t c = category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int nt_utf8_is_lower(uint32_t cp)
{
    if (cp < 0x80)
        return cp - 'a' < 26u;
    return category(cp) == UTF8PROC_CATEGORY_LL;
}

int nt_utf8_is_digit(uint32_t cp)
{
    if (cp < 0x80)
        return cp - '0' < 10u;
    return category(cp) == UTF8PROC_CATEGORY_ND;
}

/* The Unicode White_Space set: ASCII \t \n \v \f \r and space, NEL, NBSP,
 * OGHAM SPACE MARK, U+2000-200A, the line and paragraph separators, narrow
 * NBSP, the math space and the ideographic space. */
int nt_utf8_is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || cp - '\t' < 5u;
    switch (cp) {
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return 1;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

/* Writes the folded form of one non-ASCII code point to out: apostrophe-like
 * quotes become "'" so that "Russia’s" and "Russia's" fold alike; anything
 * else is lowercased. Returns the bytes written (at most 4). */
static size_t fold_char(uint32_t cp, unsigned char *out)
{
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) {
        out[0] = '\'';
        return 1;
    }
    utf8proc_int32_t lc = utf8proc_tolower((utf8proc_int32_t)cp);
    return (size_t)utf8proc_encode_char(lc, out);
}

/* nt_utf8_fold of s[0..n) when it is all ASCII and at most 16 bytes
 * long (the words that miss the word memo: a byte at a time was a hundred
 * instructions a word): two loads of 8 bytes, or of 4 under 8, the second
 * overlapping the first so that nothing outside s[0..n) and out[0..n) is
 * touched, both lowercased at once under 8; under 4, the first, middle and
 * last bytes. 0, having written nothing, when s has a byte that is not
 * ASCII or n is over 16. */
static int fold_ascii(const unsigned char *s, size_t n, unsigned char *o)
{
    uint64_t v, last;
    if (n >= 8) {
        if (n > 16)
            return 0;
        memcpy(&v, s, 8);
        memcpy(&last, s + n - 8, 8);
        if ((v | last) & HIGH_BITS)
            return 0;
        v = nt_utf8_lower8(v);
        last = nt_utf8_lower8(last);
        memcpy(o, &v, 8);
        memcpy(o + n - 8, &last, 8);
        return 1;
    }
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        v = nt_utf8_lower8(a | (uint64_t)b << 32);
        if ((a | b) & (uint32_t)HIGH_BITS)
            return 0;
        a = (uint32_t)v;
        b = (uint32_t)(v >> 32);
        memcpy(o, &a, 4);
        memcpy(o + n - 4, &b, 4);
        return 1;
    }
    if (n == 0)
        return 1;
    v = nt_utf8_lower8(s[0] | (uint64_t)s[n / 2] << 8 | (uint64_t)s[n - 1] << 16);
    if (v & HIGH_BITS) /* the bytes' high bits survive nt_utf8_lower8 */
        return 0;
    o[0] = (unsigned char)v;
    o[n / 2] = (unsigned char)(v >> 8);
    o[n - 1] = (unsigned char)(v >> 16);
    return 1;
}

/* nt_utf8_fold a character at a time. Not inlined: its registers' saves
 * and restores were a fifth of the cost of a word on the ASCII path. */
__attribute__((noinline)) static size_t fold_chars(const unsigned char *u,
                                                   size_t n, unsigned char *o)
{
    size_t i = 0, w = 0;
    while (i < n) {
        unsigned c = u[i];
        if (c < 0x80) {
            o[w++] = (unsigned char)(c - 'A' < 26u ? c + 0x20 : c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = nt_utf8_decode(u + i, n - i, &cp);
        if (len == 0) { /* invalid: copied unchanged */
            o[w++] = (unsigned char)c;
            i++;
            continue;
        }
        w += fold_char(cp, o + w);
        i += len;
    }
    return w;
}

size_t nt_utf8_fold(const char *s, size_t n, char *out)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char *o = (unsigned char *)out;
    return fold_ascii(u, n, o) ? n : fold_chars(u, n, o);
}

/* The folded form of cp without its accents: the canonical decomposition,
 * case-folded, with combining marks dropped ("É" -> "e", "ß" -> "ss").
 * Falls back to fold_char when the result would not fit the 4 bytes per
 * input byte that callers reserve. */
static size_t fold_char_unaccent(uint32_t cp, size_t inlen, unsigned char *out)
{
    utf8proc_int32_t dec[8];
    int last = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(
        (utf8proc_int32_t)cp, dec, 8,
        UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &last);
    unsigned char tmp[8 * 4];
    size_t w = 0;
    for (utf8proc_ssize_t j = 0; k > 0 && k <= 8 && j < k; j++)
        w += (size_t)utf8proc_encode_char(dec[j], tmp + w);
    if (k < 0 || k > 8 || w > 4 * inlen)
        return fold_char(cp, out);
    memcpy(out, tmp, w);
    return w;
}

size_t nt_utf8_fold_unaccent(const char *s, size_t n, char *out)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char *o = (unsigned char *)out;
    size_t i = 0, w = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = u[i] < 0x80 ? 0 : nt_utf8_decode(u + i, n - i, &cp);
        if (len == 0) { /* ASCII, or invalid: as nt_utf8_fold does */
            unsigned c = u[i++];
            o[w++] = (unsigned char)(c - 'A' < 26u ? c + 0x20 : c);
            continue;
        }
        w += cp == 0x2019 || cp == 0x2018 || cp == 0x02BC
                 ? fold_char(cp, o + w)
                 : fold_char_unaccent(cp, len, o + w);
        i += len;
    }
    return w;
}
