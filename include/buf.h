/* buf.h - a growable byte buffer; formatters append to one and it is written
 * out once per document. */
#ifndef NT_BUF_H
#define NT_BUF_H

#include <stddef.h>

/* An entity's two offsets are worked out together in the 16-bit lanes of
 * SSE2 registers where the compiler has them on x86-64 (the 64-bit moves);
 * elsewhere one after the other. */
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__)
#include <emmintrin.h>
#include <stdint.h>
#include <string.h>
#define NT_BUF_LANES 1
#endif

typedef struct {
    char *data; /* owned; not NUL-terminated unless nt_buf_cstr is called */
    size_t len, cap;
} nt_buf;

void nt_buf_init(nt_buf *b);
void nt_buf_put(nt_buf *b, const void *p, size_t n);
void nt_buf_puts(nt_buf *b, const char *s);
/* Makes room for extra more bytes (and a NUL). */
void nt_buf_reserve(nt_buf *b, size_t extra);
/* Room for n more bytes (and a NUL): where they go. The caller writes
 * them and adds what it wrote to len. Inline, as nt_buf_putc: the
 * formats write most fields this way. */
static inline char *nt_buf_room(nt_buf *b, size_t n)
{
    if (b->cap - b->len <= n)
        nt_buf_reserve(b, n);
    return b->data + b->len;
}
static inline void nt_buf_putc(nt_buf *b, char c)
{
    *nt_buf_room(b, 1) = c;
    b->len++;
}
void nt_buf_putu(nt_buf *b, size_t v); /* decimal */
/* Writes v in decimal at out (room for NT_DECIMAL_MAX bytes, which it may
 * use past the digits); returns the length. The formats put two offsets a
 * line: counting the length first, then writing two digits a division, cost
 * 45 instructions for four digits and 93 for seven; computed in the lanes
 * of one word (buf.c), they cost 30 and 42. */
#define NT_DECIMAL_MAX 20
size_t nt_decimal(char *out, size_t v);

#ifdef NT_BUF_LANES
/* The digits of the values < 10^4 in the 16-bit lanes 0-3 of v, four a
 * lane with its leading zeros, as the 16 bytes 0-9 in the order they
 * print: each value split into two below 100 (v / 100 is v * 5243 >> 19,
 * exact below 43,699), each of those into two digits (y / 10 is y * 6554
 * >> 16, exact below 16,389). */
static inline __m128i nt_digit_lanes(__m128i v)
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
static inline unsigned nt_zero_digits(__m128i d)
{
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128()));
}

/* Writes the w-digit string x (w = 4 or 8, ASCII, in printing order from
 * its low byte) at out without its first `lead` digits, its leading zeros;
 * returns the digits written. Stores 8 bytes: out has room for them. */
static inline size_t nt_put_digits(char *out, uint64_t x, unsigned lead, unsigned w)
{
    x >>= 8 * lead;
    memcpy(out, &x, 8);
    return w - lead;
}
#endif

/* Writes a, then the byte sep, then b at out (room for 2 * NT_DECIMAL_MAX
 * + 1 bytes, which it may use past them); returns the length. For an
 * entity's two offsets: below 10^8 (with SSE2) the digits of both are
 * worked out at once, in the 16-bit lanes of one register, 52
 * instructions for two of four digits and 70 for two of seven, against
 * 68 and 84 for nt_decimal twice. Inline: at its one caller, the TSV
 * line, the call and what the caller kept around it cost some 9
 * instructions more a line (575,000 of the 2.76 MB file's 297.8 million). */
static inline size_t nt_decimal_pair(char *out, size_t a, char sep, size_t b)
{
#ifdef NT_BUF_LANES
    if (a < 10000 && b < 10000) { /* four digits each: lanes 0, 1 */
        __m128i d = nt_digit_lanes(_mm_cvtsi32_si128((int)(a | b << 16)));
        unsigned z = ~nt_zero_digits(d);
        uint64_t x = (uint64_t)_mm_cvtsi128_si64(d) + 0x3030303030303030ull;
        size_t n = nt_put_digits(out, x, (unsigned)__builtin_ctz(z | 0x8), 4);
        out[n++] = sep;
        return n + nt_put_digits(out + n, x >> 32, (unsigned)__builtin_ctz(z >> 4 | 0x8), 4);
    }
    if (a < 100000000 && b < 100000000) { /* eight each: lanes 0-3 */
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b; /* 32-bit divisions */
        uint64_t ah = a32 / 10000, bh = b32 / 10000;
        uint64_t v = ah | (a32 - ah * 10000) << 16 | bh << 32 | (b32 - bh * 10000) << 48;
        __m128i d = nt_digit_lanes(_mm_cvtsi64_si128((long long)v));
        unsigned z = ~nt_zero_digits(d);
        d = _mm_add_epi8(d, _mm_set1_epi8('0'));
        size_t n = nt_put_digits(out, (uint64_t)_mm_cvtsi128_si64(d),
                                 (unsigned)__builtin_ctz(z | 0x80), 8);
        out[n++] = sep;
        return n + nt_put_digits(out + n, (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(d, d)),
                                 (unsigned)__builtin_ctz(z >> 8 | 0x80), 8);
    }
#endif
    size_t n = nt_decimal(out, a);
    out[n++] = sep;
    return n + nt_decimal(out + n, b);
}

void nt_buf_printf(nt_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *nt_buf_cstr(nt_buf *b); /* NUL-terminates, returns data */
void nt_buf_reset(nt_buf *b);       /* len = 0, keeps storage */
void nt_buf_free(nt_buf *b);

#endif
