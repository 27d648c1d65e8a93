/* jsoncheck.h - whether a JSON object is one jansson is sure to take, told
 * without building it. A JSON Lines line's members beside its text are
 * checked here; jansson, which builds every value it reads (some 6,000
 * instructions for a line's two short members, 4% of a JSON Lines run),
 * reads only the lines the check does not vouch for, to take them or to
 * say what is wrong with them. */
#ifndef NT_JSONCHECK_H
#define NT_JSONCHECK_H

#include <stddef.h>

#include "buf.h"

/* The longest number, in characters, and the deepest nesting vouched for. */
#define NT_JSONCHECK_NUMBER 32
#define NT_JSONCHECK_DEPTH 64

/* 1 when s[0..n) is one JSON object (RFC 8259), with JSON white space
 * around it, that json_loadb takes with JSON_ALLOW_NUL and
 * JSON_DECODE_INT_AS_REAL; 0 when it is not, or when it holds what the
 * check does not vouch for: a number of more than NT_JSONCHECK_NUMBER
 * characters or with an exponent of more than two digits (jansson refuses
 * a real that overflows a double), nesting deeper than NT_JSONCHECK_DEPTH
 * (jansson goes to 2048), or a key with a NUL in it (which jansson
 * refuses). Strings are checked as nt_jsonstr_decode reads them, decoded
 * into scratch (its contents are then undefined). */
int nt_jsoncheck_object(const char *s, size_t n, nt_buf *scratch);

#endif
