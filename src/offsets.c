/* offsets.c - byte offsets to code points or UTF-16 code units. */
#include "offsets.h"

#include <string.h>

#include "utf8.h"

int nt_off_unit_parse(const char *name, nt_off_unit *unit)
{
    static const char *const names[] = {"bytes", "chars", "utf16"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0) {
            *unit = (nt_off_unit)i;
            return 0;
        }
    return -1;
}

void nt_offconv_reset(nt_offconv *c, nt_off_unit unit, const char *text,
                      size_t len)
{
    c->unit = unit;
    c->text = text;
    c->len = text ? len : 0;
    c->byte = c->count = 0;
}

/* Counts from c->byte up to off: ASCII one unit a byte, a valid sequence
 * one unit (two in UTF-16 above U+FFFF), an invalid byte one unit. */
size_t nt_offconv_get(nt_offconv *c, size_t off)
{
    if (c->unit == NT_OFF_BYTES)
        return off;
    if (off > c->len)
        off = c->len;
    if (off < c->byte)
        c->byte = c->count = 0;
    const unsigned char *s = (const unsigned char *)c->text;
    size_t i = c->byte, n = c->count;
    while (i < off) {
        if (s[i] < 0x80) {
            i++, n++;
            continue;
        }
        uint32_t cp;
        size_t k = nt_utf8_decode(s + i, c->len - i, &cp);
        if (k == 0 || i + k > off) { /* invalid, or cut by off */
            i++, n++;
            continue;
        }
        i += k;
        n += c->unit == NT_OFF_UTF16 && cp > 0xFFFF ? 2 : 1;
    }
    c->byte = i;
    c->count = n;
    return n;
}
