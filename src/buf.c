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
    nt_buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void nt_buf_puts(nt_buf *b, const char *s)
{
    nt_buf_put(b, s, strlen(s));
}

void nt_buf_putu(nt_buf *b, size_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    nt_buf_put(b, tmp + i, sizeof tmp - i);
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
