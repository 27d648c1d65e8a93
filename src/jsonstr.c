/* jsonstr.c - decoding one JSON string literal (RFC 8259, section 7). */
#include "jsonstr.h"

#include <stdint.h>

#include "utf8.h"

const unsigned char nt_json_plain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20 '"' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x30 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x40 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50 '\\' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x60 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, /* 0x70 DEL */
    /* 0x80-0xFF: all 0 */
};

/* The end of the run of plain bytes (nt_json_plain_byte) in s[i..end). */
static size_t plain_run(const char *s, size_t i, size_t end)
{
#ifdef NT_JSON_WINDOWS
    for (; i + 16 <= end; i += 16) {
        unsigned m = nt_json_unplain16(
            _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
        if (m)
            return i + (unsigned)__builtin_ctz(m);
    }
#endif
    while (i < end && nt_json_plain_byte((unsigned char)s[i]))
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
        else if (c == 0x7F) /* DEL: plain here, but not in the output */
            nt_buf_putc(out, (char)c), len = 1;
        else if (c >= 0x80 && (len = nt_utf8_decode((const unsigned char *)s + i,
                                                     end - i, &cp)) != 0)
            nt_buf_put(out, s + i, len);
        if (len == 0)
            return -1; /* a quote or control character, or bad bytes */
        i += len;
    }
    return 0;
}
