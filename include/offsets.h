/* offsets.h - offsets in the unit the caller's language indexes strings by:
 * bytes (C, Go, Rust), code points (Python) or UTF-16 code units
 * (JavaScript, Java, C#). One converter shared by every formatter that
 * prints offsets (--offsets). */
#ifndef NT_OFFSETS_H
#define NT_OFFSETS_H

#include <stddef.h>

typedef enum { NT_OFF_BYTES = 0, NT_OFF_CHARS, NT_OFF_UTF16 } nt_off_unit;

/* Converts byte offsets of one text, in O(distance) from the previous
 * call: entities come sorted, so a document costs one pass over its text.
 * A backward step restarts from the beginning. Each byte that is not part
 * of valid UTF-8 counts as one unit (as U+FFFD would). */
typedef struct nt_offconv {
    nt_off_unit unit;
    const char *text;
    size_t len;
    size_t byte, count; /* position reached and its offset in units */
} nt_offconv;

/* "bytes", "chars", "utf16" -> unit; -1 when unknown. */
int nt_off_unit_parse(const char *name, nt_off_unit *unit);

/* Starts converting offsets into text[0..len). */
void nt_offconv_reset(nt_offconv *c, nt_off_unit unit, const char *text,
                      size_t len);

/* The offset off (bytes, at most len) in c's unit. */
size_t nt_offconv_get(nt_offconv *c, size_t off);

#endif
