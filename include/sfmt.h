/* sfmt.h - snprintf for short strings, such as a date's normalized value
 * ("2015-05", "XXXX-WXX-3TMO", "P2Y6M"), with only the conversions those
 * use and none of the C library's general machinery: the 11,000 values of
 * 2,160 articles cost 12 million instructions through snprintf. */
#ifndef NT_SFMT_H
#define NT_SFMT_H

#include <stddef.h>

/* As snprintf(out, size, fmt, ...) for the conversions %d, %u, %c, %s and
 * %% with an optional '0' flag and a width, and a precision for %s
 * ("%04d", "%.10s"): writes at most size - 1 bytes and a NUL (when size
 * is not 0) and returns the length the whole would have. Any other
 * conversion is a programming error: it aborts. */
size_t nt_sfmt(char *out, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
