/* buf.c - growable byte buffer. */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* An entity's two offsets are worked out together in the 16-bit lanes of
 * SSE2 registers where the compiler has them on x86-64 (the 64-bit moves);
 * elsewhere one after the other. */
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__)
#include <emmintrin.h>
#define BUF_LANES 1
#endif

void nt_buf_init(nt_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void nt_buf_reserve(nt_buf *b, size_t extra)
{
    b->data = nt_xgrow(b->data, &b->cap, b->len + extra + 1, 1);
}

void nt_buf_put(nt_buf *b, const void *p, size_t n)
{
    if (!n)
        return;
    memcpy(nt_buf_room(b, n), p, n);
    b->len += n;
}

void nt_buf_puts(nt_buf *b, const char *s)
{
    nt_buf_put(b, s, strlen(s));
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Digits are computed in the lanes of a word, one multiply a step for all
 * lanes (the reciprocals are exact for the lanes' ranges: below 10^4 and
 * 100), and come out as bytes of value 0 to 9 in the order they print,
 * which is memory order on a little-endian machine, leading zeros in the
 * low bytes. */

/* The four digits of v < 10^4: v split into pairs, each pair into digits. */
static uint32_t digits4(uint32_t v)
{
    uint32_t x = v / 100 | (v % 100) << 16;
    uint32_t q = (x * 103 >> 10) & 0x000F000Fu;
    return q | (x - q * 10) << 8;
}

/* The eight digits of v < 10^8: halves of four digits, then as digits4. */
static uint64_t digits8(uint64_t v)
{
    uint64_t x = (v / 10000) | (v % 10000) << 32;
    uint64_t q = (x * 10486 >> 20) & 0x0000007F0000007Full;
    x = q | (x - q * 100) << 16;
    q = (x * 103 >> 10) & 0x000F000F000F000Full;
    return q | (x - q * 10) << 8;
}

/* v of nine digits or more: those above the last eight, then those eight
 * with their zeros. */
static size_t __attribute__((noinline)) decimal_long(char *out, size_t v)
{
    size_t n = nt_decimal(out, v / 100000000);
    uint64_t x = digits8(v % 100000000) + 0x3030303030303030ull;
    memcpy(out + n, &x, 8);
    return n + 8;
}

size_t nt_decimal(char *out, size_t v)
{
    if (v < 10000) { /* offsets in most documents */
        uint32_t x = digits4((uint32_t)v);
        unsigned zeros = (unsigned)__builtin_ctz(x | 1u << 24) / 8;
        x = (x >> 8 * zeros) + 0x30303030u;
        memcpy(out, &x, 4);
        return 4 - zeros;
    }
    if (v >= 100000000)
        return decimal_long(out, v);
    uint64_t x = digits8(v);
    unsigned zeros = (unsigned)__builtin_ctzll(x) / 8; /* v >= 10^4: x != 0 */
    x = (x >> 8 * zeros) + 0x3030303030303030ull;
    memcpy(out, &x, 8);
    return 8 - zeros;
}
#else
size_t nt_decimal(char *out, size_t v)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                                "25262728293031323334353637383940414243444546474849"
                                "50515253545556575859606162636465666768697071727374"
                                "75767778798081828384858687888990919293949596979899";
    size_t n = 1, t = v;
    for (; t >= 100; t /= 100)
        n += 2;
    n += t >= 10;
    char *p = out + n;
    for (; v >= 100; v /= 100)
        memcpy(p -= 2, pairs + 2 * (v % 100), 2);
    if (v >= 10)
        memcpy(p - 2, pairs + 2 * v, 2);
    else
        p[-1] = (char)('0' + v);
    return n;
}
#endif

#ifdef BUF_LANES
/* The digits of the values < 10^4 in the 16-bit lanes 0-3 of v, four a
 * lane with its leading zeros, as the 16 bytes 0-9 in the order they
 * print: each value split into two below 100 (v / 100 is v * 5243 >> 19,
 * exact below 43,699), each of those into two digits (y / 10 is y * 6554
 * >> 16, exact below 16,389). */
static __m128i digit_lanes(__m128i v)
{
    /* hidden from the compiler, which would multiply by shifts and adds:
     * 11 instructions for the two pmullw */
    __m128i k100 = _mm_set1_epi16(100), k10 = _mm_set1_epi16(10);
    __asm__("" : "+x"(k100), "+x"(k10));
    __m128i q = _mm_srli_epi16(_mm_mulhi_epu16(v, _mm_set1_epi16(5243)), 3);
    __m128i r = _mm_sub_epi16(v, _mm_mullo_epi16(q, k100));
    __m128i y = _mm_unpacklo_epi16(q, r);
    __m128i t = _mm_mulhi_epu16(y, _mm_set1_epi16(6554));
    __m128i u = _mm_sub_epi16(y, _mm_mullo_epi16(t, k10));
    return _mm_or_si128(t, _mm_slli_epi16(u, 8));
}

/* Bit i set where digit byte i of d is 0. */
static unsigned zero_digits(__m128i d)
{
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128()));
}

/* Writes the w-digit string x (w = 4 or 8, ASCII, in printing order from
 * its low byte) at out without its first `lead` digits, its leading zeros;
 * returns the digits written. Stores 8 bytes: out has room for them. */
static size_t put_digits(char *out, uint64_t x, unsigned lead, unsigned w)
{
    x >>= 8 * lead;
    memcpy(out, &x, 8);
    return w - lead;
}

size_t nt_decimal_pair(char *out, size_t a, char sep, size_t b)
{
    if (a < 10000 && b < 10000) { /* four digits each: lanes 0, 1 */
        __m128i d = digit_lanes(_mm_cvtsi32_si128((int)(a | b << 16)));
        unsigned z = ~zero_digits(d);
        uint64_t x = (uint64_t)_mm_cvtsi128_si64(d) + 0x3030303030303030ull;
        size_t n = put_digits(out, x, (unsigned)__builtin_ctz(z | 0x8), 4);
        out[n++] = sep;
        return n + put_digits(out + n, x >> 32, (unsigned)__builtin_ctz(z >> 4 | 0x8), 4);
    }
    if (a < 100000000 && b < 100000000) { /* eight each: lanes 0-3 */
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b; /* 32-bit divisions */
        uint64_t ah = a32 / 10000, bh = b32 / 10000;
        uint64_t v = ah | (a32 - ah * 10000) << 16 | bh << 32 | (b32 - bh * 10000) << 48;
        __m128i d = digit_lanes(_mm_cvtsi64_si128((long long)v));
        unsigned z = ~zero_digits(d);
        d = _mm_add_epi8(d, _mm_set1_epi8('0'));
        size_t n = put_digits(out, (uint64_t)_mm_cvtsi128_si64(d),
                              (unsigned)__builtin_ctz(z | 0x80), 8);
        out[n++] = sep;
        return n + put_digits(out + n, (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(d, d)),
                              (unsigned)__builtin_ctz(z >> 8 | 0x80), 8);
    }
    size_t n = nt_decimal(out, a);
    out[n++] = sep;
    return n + nt_decimal(out + n, b);
}
#else
size_t nt_decimal_pair(char *out, size_t a, char sep, size_t b)
{
    size_t n = nt_decimal(out, a);
    out[n++] = sep;
    return n + nt_decimal(out + n, b);
}
#endif

void nt_buf_putu(nt_buf *b, size_t v)
{
    b->len += nt_decimal(nt_buf_room(b, NT_DECIMAL_MAX), v);
}

void nt_buf_printf(nt_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    nt_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *nt_buf_cstr(nt_buf *b)
{
    nt_buf_reserve(b, 0);
    b->data[b->len] = '\0';
    return b->data;
}

void nt_buf_reset(nt_buf *b)
{
    b->len = 0;
}

void nt_buf_free(nt_buf *b)
{
    free(b->data);
    nt_buf_init(b);
}
