/* buf.c - growable byte buffer. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

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
