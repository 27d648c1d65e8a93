/* buf.c - growable byte buffer. */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void nt_buf_init(nt_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

/* A buffer's first block: doubling from nt_xgrow's 8 bytes took five
 * reallocations to reach a short line's length (start-up, building the
 * rules' cache keys and expansions: 1,171 reallocations, 14% of its
 * instructions). */
#define FIRST_BLOCK 256

void nt_buf_reserve(nt_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (!b->cap && need < FIRST_BLOCK)
        need = FIRST_BLOCK;
    b->data = nt_xgrow(b->data, &b->cap, need, 1);
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
