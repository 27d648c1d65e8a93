/* format_text.c - the text format: the document itself with each entity
 * marked inline as [text]{TYPE} or [text]{TYPE value}.
 *
 * Every '\\', '[' and ']' of the document is escaped with a backslash, inside
 * entities and out, so an unescaped bracket is always markup and the
 * original text is recovered by removing the markup and the escapes. */
#include <string.h>

#include "format.h"
#include "timex.h"

/* Copies s[0..n), putting a backslash before '\\', '[' and ']'; runs of
 * other bytes go in one nt_buf_put. */
static void put_escaped(nt_buf *out, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\\' && c != '[' && c != ']')
            continue;
        char esc[2] = {'\\', c};
        nt_buf_put(out, s + run, i - run);
        nt_buf_put(out, esc, 2);
        run = i + 1;
    }
    nt_buf_put(out, s + run, n - run);
}

/* Appends "[text]{TYPE value}" for the entity at text[start..end). */
static void put_entity(nt_buf *out, const char *text, const nt_entity *e)
{
    size_t vlen = strnlen(e->value, sizeof e->value);
    nt_buf_putc(out, '[');
    put_escaped(out, text + e->start, e->end - e->start);
    nt_buf_puts(out, "]{");
    nt_buf_puts(out, e->timex ? nt_timex_name(e->timex) : nt_type_name(e->type));
    if (vlen) {
        nt_buf_putc(out, ' ');
        put_escaped(out, e->value, vlen);
    }
    nt_buf_putc(out, '}');
}

/* Appends "==> NAME <==" before a document of a multi-document stream, with
 * a blank line before all but the first, as head(1) does. The name goes
 * through the TSV escaping so that it always stays on its one line. */
static void put_banner(nt_buf *out, const char *name, size_t index)
{
    if (!name)
        name = "";
    nt_buf_puts(out, index ? "\n==> " : "==> ");
    nt_format_tsv_field(out, name, strlen(name));
    nt_buf_puts(out, " <==\n");
}

/* Entities are expected sorted and non-overlapping; one that is not, or
 * that lies outside the text, is left unmarked rather than garbling the
 * output. */
static void text_doc(nt_buf *out, const nt_doc *d, size_t index,
                     const nt_fmt_opts *o)
{
    const char *text = d->text ? d->text : ""; /* an empty doc may have none */
    size_t pos = 0;
    if (o->multi)
        put_banner(out, d->name, index);
    for (size_t i = 0; i < d->ents.n; i++) {
        const nt_entity *e = &d->ents.v[i];
        if (e->start < pos || e->end < e->start || e->end > d->len)
            continue;
        put_escaped(out, text + pos, e->start - pos);
        put_entity(out, text, e);
        pos = e->end;
        nt_format_spill(out, o);
    }
    put_escaped(out, text + pos, d->len - pos);
    if (o->multi && d->len > 0 && text[d->len - 1] != '\n')
        nt_buf_putc(out, '\n');
}

const nt_formatter nt_format_text = {
    .name = "text", .ext = "txt",
    .begin = NULL, .end = NULL, .doc = text_doc,
};
