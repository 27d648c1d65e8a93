/* format_offsets.c - the offsets formatters print: in the unit --offsets
 * asked for, and in the HTML source for --html-offsets. */
#include "format.h"
#include "offsets.h"
#include "reader.h"

int nt_format_offsets_are_bytes(const nt_fmt_opts *o)
{
    return !o || !o->conv || o->conv->unit == NT_OFF_BYTES;
}

size_t nt_format_offset(const nt_fmt_opts *o, const nt_doc *d, size_t off)
{
    (void)d;
    if (nt_format_offsets_are_bytes(o))
        return off;
    return nt_offconv_get(o->conv, off);
}

size_t nt_format_html_offset(const nt_doc *d, size_t off, int end)
{
    if (!d->src || d->src->kind != NT_IN_HTML)
        return (size_t)-1;
    uint32_t v = nt_srcinfo_map(d->src, off, end);
    return v == NT_NOSRC ? (size_t)-1 : v;
}
