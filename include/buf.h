/* buf.h - a growable byte buffer; formatters append to one and it is written
 * out once per document. */
#ifndef NT_BUF_H
#define NT_BUF_H

#include <stddef.h>

typedef struct {
    char *data; /* owned; not NUL-terminated unless nt_buf_cstr is called */
    size_t len, cap;
} nt_buf;

void nt_buf_init(nt_buf *b);
void nt_buf_put(nt_buf *b, const void *p, size_t n);
void nt_buf_puts(nt_buf *b, const char *s);
/* Makes room for extra more bytes (and a NUL). */
void nt_buf_reserve(nt_buf *b, size_t extra);
/* Inline: formatters put a character between most fields. */
static inline void nt_buf_putc(nt_buf *b, char c)
{
    if (b->cap - b->len < 2)
        nt_buf_reserve(b, 1);
    b->data[b->len++] = c;
}
void nt_buf_putu(nt_buf *b, size_t v); /* decimal */
void nt_buf_printf(nt_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *nt_buf_cstr(nt_buf *b); /* NUL-terminates, returns data */
void nt_buf_reset(nt_buf *b);       /* len = 0, keeps storage */
void nt_buf_free(nt_buf *b);

#endif
