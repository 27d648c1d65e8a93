/* format_text.c - the text format: the document itself with each entity
 * marked inline as [text]{TYPE} or [text]{TYPE value}.
 *
 * Every '\\', '[' and ']' of the document is escaped with a backslash, inside
 * entities and out, so an unescaped bracket is always markup and the
 * original text is recovered by removing the markup and the escapes. */
#include <string.h>

#include "format.h"
#include "timex.h"

/* Bytes to escape are found 16 at a time with SSE2, which every x86-64
 * has (the byte loop was 10 instructions a byte of the document);
 * elsewhere a byte at a time. */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define TEXT_WINDOWS 1
#endif

static int to_escape(char c)
{
    return c == '\\' || c == '[' || c == ']';
}

/* How many bytes begin s[0..n) that need no escape. */
static size_t plain_run(const char *s, size_t n)
{
    size_t i = 0;
#ifdef TEXT_WINDOWS
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i e = _mm_or_si128(
            _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')),
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('[')),
                         _mm_cmpeq_epi8(x, _mm_set1_epi8(']'))));
        unsigned m = (unsigned)_mm_movemask_epi8(e);
        if (m)
            return i + (unsigned)__builtin_ctz(m);
    }
#endif
    while (i < n && !to_escape(s[i]))
        i++;
    return i;
}

/* Copies s[0..n), putting a backslash before '\\', '[' and ']'; runs of
 * other bytes go in one nt_buf_put. */
static void put_escaped(nt_buf *out, const char *s, size_t n)
{
    for (;;) {
        size_t run = plain_run(s, n);
        nt_buf_put(out, s, run);
        if (run == n)
            return;
        char esc[2] = {'\\', s[run]};
        nt_buf_put(out, esc, 2);
        s += run + 1;
        n -= run + 1;
    }
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
