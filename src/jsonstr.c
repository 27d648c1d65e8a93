/* jsonstr.c - decoding one JSON string literal (RFC 8259, section 7). */
#include "jsonstr.h"

#include <stdint.h>

#include "utf8.h"

/* Runs of plain bytes are found 16 bytes at a time with SSE2, which every
 * x86-64 has (a byte loop took 13 instructions a byte of a JSON Lines
 * article, 6% of a run); elsewhere a byte loop finds them. */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define WINDOW_RUNS 1
#endif

/* Bytes copied as they are: printable ASCII but the quote and backslash. */
static int plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* The end of the run of plain bytes in s[i..end). */
static size_t plain_run(const char *s, size_t i, size_t end)
{
#ifdef WINDOW_RUNS
    const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'),
                  backslash = _mm_set1_epi8('\\');
    for (; i + 16 <= end; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* signed: bytes from 0x80 up are below 0x20 too */
        __m128i stop = _mm_or_si128(_mm_cmplt_epi8(x, space),
                                    _mm_or_si128(_mm_cmpeq_epi8(x, quote),
                                                 _mm_cmpeq_epi8(x, backslash)));
        unsigned m = (unsigned)_mm_movemask_epi8(stop);
        if (m)
            return i + (unsigned)__builtin_ctz(m);
    }
#endif
    while (i < end && plain((unsigned char)s[i]))
        i++;
    return i;
}

static int hex4(const char *s, uint32_t *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        *v = (*v << 4) | (uint32_t)d;
    }
    return 0;
}

static void put_utf8(nt_buf *out, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    nt_buf_put(out, b, n);
}

/* Decodes the \u escape at s[0..n) ("\uXXXX", or a surrogate pair as two
 * of them) into out; returns its length, 0 when it is invalid. */
static size_t unicode_escape(const char *s, size_t n, nt_buf *out)
{
    uint32_t hi, lo;
    if (n < 6 || hex4(s + 2, &hi))
        return 0;
    if (hi >= 0xDC00 && hi <= 0xDFFF)
        return 0; /* a low surrogate first */
    if (hi < 0xD800 || hi > 0xDBFF) {
        put_utf8(out, hi);
        return 6;
    }
    if (n < 12 || s[6] != '\\' || s[7] != 'u' || hex4(s + 8, &lo) ||
        lo < 0xDC00 || lo > 0xDFFF)
        return 0;
    put_utf8(out, 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
    return 12;
}

/* Decodes the escape at s[0..n) (s[0] is the backslash) into out; returns
 * its length, 0 when it is invalid. */
static size_t escape(const char *s, size_t n, nt_buf *out)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    if (n < 2)
        return 0;
    if (s[1] == 'u')
        return unicode_escape(s, n, out);
    for (size_t i = 0; from[i]; i++)
        if (s[1] == from[i]) {
            nt_buf_putc(out, to[i]);
            return 2;
        }
    return 0;
}

int nt_jsonstr_decode(const char *s, size_t n, nt_buf *out)
{
    if (n < 2 || s[0] != '"' || s[n - 1] != '"')
        return -1;
    size_t i = 1, end = n - 1;
    while (i < end) {
        size_t run = plain_run(s, i, end);
        nt_buf_put(out, s + i, run - i);
        i = run;
        if (i == end)
            break;
        unsigned char c = (unsigned char)s[i];
        size_t len = 0;
        uint32_t cp;
        if (c == '\\')
            len = escape(s + i, end - i, out);
        else if (c >= 0x80 && (len = nt_utf8_decode((const unsigned char *)s + i,
                                                     end - i, &cp)) != 0)
            nt_buf_put(out, s + i, len);
        if (len == 0)
            return -1; /* a quote or control character, or bad bytes */
        i += len;
    }
    return 0;
}
