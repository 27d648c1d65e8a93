/* sfmt.c - a short snprintf (see sfmt.h). */
#include "sfmt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Where the output goes: bytes past the end are counted, not written. */
typedef struct {
    char *p;
    size_t n, size; /* written (or counted) so far, and room with the NUL */
} sink;

/* Byte by byte: the pieces are a few bytes long, shorter than a call to
 * memcpy costs. */
static void put(sink *s, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++, s->n++)
        if (s->n + 1 < s->size)
            s->p[s->n] = b[i];
}

static void pad(sink *s, char c, size_t n)
{
    while (n--)
        put(s, &c, 1);
}

/* A number's digits, after its sign, padded to width as printf pads it:
 * zeros go between the sign and the digits, spaces before both. */
static void put_number(sink *s, unsigned long v, int neg, int zero,
                       size_t width)
{
    char d[24];
    size_t n = 0;
    do
        d[sizeof d - ++n] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    size_t len = n + (size_t)neg;
    if (!zero && width > len)
        pad(s, ' ', width - len);
    if (neg)
        put(s, "-", 1);
    if (zero && width > len)
        pad(s, '0', width - len);
    put(s, d + sizeof d - n, n);
}

static void put_text(sink *s, const char *t, size_t prec, size_t width)
{
    size_t n = 0;
    while (n < prec && t[n]) /* no strlen: "%.10s" may stop inside */
        n++;
    if (width > n)
        pad(s, ' ', width - n);
    put(s, t, n);
}

/* Reads a run of digits at *f. */
static size_t read_count(const char **f)
{
    size_t n = 0;
    for (; **f >= '0' && **f <= '9'; (*f)++)
        n = n * 10 + (size_t)(**f - '0');
    return n;
}

static void convert(sink *s, const char **f, va_list *ap)
{
    int zero = **f == '0';
    *f += zero;
    size_t width = read_count(f), prec = (size_t)-1;
    if (**f == '.') {
        (*f)++;
        prec = read_count(f);
    }
    char c = *(*f)++;
    if (c == 'd') {
        int v = va_arg(*ap, int);
        put_number(s, v < 0 ? 0UL - (unsigned long)v : (unsigned long)v,
                   v < 0, zero, width);
    } else if (c == 'u') {
        put_number(s, va_arg(*ap, unsigned), 0, zero, width);
    } else if (c == 's') {
        put_text(s, va_arg(*ap, const char *), prec, width);
    } else if (c == 'c') {
        char ch = (char)va_arg(*ap, int);
        pad(s, ' ', width > 1 ? width - 1 : 0);
        put(s, &ch, 1);
    } else if (c == '%') {
        put(s, "%", 1);
    } else {
        fprintf(stderr, "newstag: nt_sfmt: unsupported conversion %%%c\n", c);
        abort();
    }
}

size_t nt_sfmt(char *out, size_t size, const char *fmt, ...)
{
    sink s = {out, 0, size};
    va_list ap;
    va_start(ap, fmt);
    while (*fmt) {
        const char *lit = fmt;
        while (*fmt && *fmt != '%')
            fmt++;
        put(&s, lit, (size_t)(fmt - lit));
        if (*fmt == '%') {
            fmt++;
            convert(&s, &fmt, &ap);
        }
    }
    va_end(ap);
    if (size)
        out[s.n < size ? s.n : size - 1] = '\0';
    return s.n;
}
