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
/* Writes a, then the byte sep, then b at out (room for 2 * NT_DECIMAL_MAX
 * + 1 bytes, which it may use past them); returns the length. For an
 * entity's two offsets: below 10^8 (with SSE2) the digits of both are
 * worked out at once, in the 16-bit lanes of one register, 52
 * instructions for two of four digits and 70 for two of seven, against
 * 68 and 84 for nt_decimal twice. */
size_t nt_decimal_pair(char *out, size_t a, char sep, size_t b);
void nt_buf_printf(nt_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *nt_buf_cstr(nt_buf *b); /* NUL-terminates, returns data */
void nt_buf_reset(nt_buf *b);       /* len = 0, keeps storage */
void nt_buf_free(nt_buf *b);

#endif
