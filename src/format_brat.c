/* format_brat.c - brat's standoff format: one "T1<TAB>TYPE start end<TAB>
 * text" line per entity and, for dates with a value, an "#1<TAB>
 * AnnotatorNotes T1<TAB>value" line. brat counts offsets in characters
 * (code points), whatever --offsets says. An entity that spans a line
 * break is written as fragments ("0 5;6 10"), as brat requires. With -o the
 * document's text goes beside the .ann file as .txt. */
#include <string.h>

#include "format.h"
#include "offsets.h"

/* The entity's fragments: its span cut at each newline. */
static void put_fragments(nt_buf *out, const nt_doc *d, const nt_entity *e,
                          nt_offconv *c)
{
    size_t s = e->start;
    int first = 1;
    while (s < e->end) {
        const char *nl = memchr(d->text + s, '\n', e->end - s);
        size_t f = nl ? (size_t)(nl - d->text) : e->end;
        if (f > s) {
            if (!first)
                nt_buf_putc(out, ';');
            nt_buf_putu(out, nt_offconv_get(c, s));
            nt_buf_putc(out, ' ');
            nt_buf_putu(out, nt_offconv_get(c, f));
            first = 0;
        }
        s = f + 1;
    }
}

/* The entity's text with newlines and tabs as spaces (one line). */
static void put_text(nt_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        nt_buf_putc(out, s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i]);
}

static void brat_doc(nt_buf *out, const nt_doc *d, size_t index,
                     const nt_fmt_opts *o)
{
    nt_offconv c;
    size_t notes = 0;
    (void)index;
    (void)o;
    nt_offconv_reset(&c, NT_OFF_CHARS, d->text, d->len);
    for (size_t i = 0; i < d->ents.n; i++) {
        const nt_entity *e = &d->ents.v[i];
        if (e->end > d->len || e->start >= e->end)
            continue;
        nt_buf_putc(out, 'T');
        nt_buf_putu(out, i + 1);
        nt_buf_putc(out, '\t');
        nt_buf_puts(out, nt_type_name(e->type));
        nt_buf_putc(out, ' ');
        put_fragments(out, d, e, &c);
        nt_buf_putc(out, '\t');
        put_text(out, d->text + e->start, e->end - e->start);
        nt_buf_putc(out, '\n');
        if (e->value[0]) {
            nt_buf_putc(out, '#');
            nt_buf_putu(out, ++notes);
            nt_buf_puts(out, "\tAnnotatorNotes T");
            nt_buf_putu(out, i + 1);
            nt_buf_putc(out, '\t');
            put_text(out, e->value, strnlen(e->value, sizeof e->value));
            nt_buf_putc(out, '\n');
        }
    }
}

const nt_formatter nt_format_brat = {
    .name = "brat", .ext = "ann",
    .begin = NULL, .end = NULL, .doc = brat_doc, .text_ext = "txt",
};
