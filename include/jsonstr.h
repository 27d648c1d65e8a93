/* jsonstr.h - decoding one JSON string literal, fast: the text of a JSON
 * Lines article is most of its line, and jansson, which parses the rest of
 * the line, reads a string a byte at a time through its stream layer. */
#ifndef NT_JSONSTR_H
#define NT_JSONSTR_H

#include <stddef.h>

#include "buf.h"

/* Appends to out what the literal s[0..n) (quotes included) stands for:
 * escapes decoded, \u0000 as a NUL byte. Returns 0, or -1 (out then holds
 * a part) when it is no valid JSON string: no quotes around it, a quote or
 * control character inside, a bad escape, a lone surrogate, or bytes that
 * are not strict UTF-8 - all of which jansson rejects too. */
int nt_jsonstr_decode(const char *s, size_t n, nt_buf *out);

#endif
