/* format_tsv.c - the tsv format: one entity a line,
 * file, start, end, type, text, value, separated by tabs. */
#include <string.h>

#include "explain.h"
#include "format.h"
#include "timex.h"

/* The letter that follows the backslash for bytes that would break a TSV
 * line or field; 0 for bytes copied as they are. */
static const char tsv_escape[256] = {
    ['\t'] = 't',
    ['\n'] = 'n',
    ['\r'] = 'r',
    ['\\'] = '\\',
};

/* Writes s[0..n) at p (room for 2n bytes) with its escapes; returns the
 * end. Invalid UTF-8 is copied too: a TSV consumer gets the document's own
 * bytes. */
static char *escape(char *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char e = tsv_escape[(unsigned char)s[i]];
        if (e) {
            *p++ = '\\';
            *p++ = e;
        } else {
            *p++ = s[i];
        }
    }
    return p;
}

void nt_format_tsv_field(nt_buf *out, const char *s, size_t n)
{
    char *p = nt_buf_room(out, 2 * n);
    out->len = (size_t)(escape(p, s, n) - out->data);
}

static void tsv_begin(nt_buf *out, const nt_fmt_opts *o)
{
    if (o->header)
        nt_buf_puts(out, o->explain
                             ? "file\tstart\tend\ttype\ttext\tvalue\torigin\tbeat\n"
                             : "file\tstart\tend\ttype\ttext\tvalue\n");
}

/* Appends one entity's line, after the file field (escaped already), into
 * room made once for its longest (a reservation and a copy per field were
 * half the format's time). The span is clamped to the document so that a
 * bad span from upstream cannot read outside the text. */
static void put_line(nt_buf *out, const nt_doc *d, const nt_buf *file,
                     const nt_entity *e, const nt_fmt_opts *o)
{
    size_t end = e->end < d->len ? e->end : d->len;
    size_t start = e->start < end ? e->start : end;
    const char *type = e->timex ? nt_timex_name(e->timex) : nt_type_name(e->type);
    size_t tn = strlen(type), vn = strnlen(e->value, sizeof e->value);
    char *p = nt_buf_room(out, file->len + 2 * NT_DECIMAL_MAX + tn +
                                   2 * (end - start) + 2 * vn + 5);
    if (file->len)
        memcpy(p, file->data, file->len);
    p += file->len;
    *p++ = '\t';
    p += nt_decimal(p, nt_format_offset(o, d, e->start));
    *p++ = '\t';
    p += nt_decimal(p, nt_format_offset(o, d, e->end));
    *p++ = '\t';
    memcpy(p, type, tn);
    p += tn;
    *p++ = '\t';
    p = escape(p, d->text ? d->text + start : "", end - start);
    *p++ = '\t';
    p = escape(p, e->value, vn);
    out->len = (size_t)(p - out->data);
    if (o->explain)
        nt_explain_tsv(out, d, e);
    nt_buf_putc(out, '\n');
}

/* The file field is escaped once for all the document's lines (it was a
 * tenth of the format's time). */
static void tsv_doc(nt_buf *out, const nt_doc *d, size_t index,
                    const nt_fmt_opts *o)
{
    (void)index;
    const char *name = d->name ? d->name : "";
    nt_buf file;
    nt_buf_init(&file);
    nt_format_tsv_field(&file, name, strlen(name));
    for (size_t i = 0; i < d->ents.n; i++) {
        put_line(out, d, &file, &d->ents.v[i], o);
        nt_format_spill(out, o);
    }
    nt_buf_free(&file);
}

const nt_formatter nt_format_tsv = {
    .name = "tsv", .ext = "tsv",
    .begin = tsv_begin, .end = NULL, .doc = tsv_doc,
};
