/* format_tsv.c - the tsv format: one entity a line,
 * file, start, end, type, text, value, separated by tabs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entity.h"
#include "explain.h"
#include "format.h"
#include "timex.h"
#include "util.h"

/* Runs of plain bytes are copied 16 at a time with SSE2, which every x86-64
 * has (a byte loop took 11 instructions a byte, half the format's time);
 * elsewhere a byte loop copies them. */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define TSV_WINDOWS 1
#endif

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
static char *escape_bytes(char *p, const char *s, size_t n)
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

#ifdef TSV_WINDOWS
/* Bit i set where byte i of x needs an escape. */
static unsigned escapes16(__m128i x)
{
    __m128i tn = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\t')),
                              _mm_cmpeq_epi8(x, _mm_set1_epi8('\n')));
    __m128i rb = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\r')),
                              _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(tn, rb));
}
#endif

/* escape_bytes, with room for 2n + 16 bytes at p, where readable bytes
 * (n or more) may be read from s: while 16 can be read, a window of 16 is
 * stored whole and p moves on by its plain bytes before the first escape
 * or the end (entity texts average ten bytes: one window). */
static char *escape(char *p, const char *s, size_t n, size_t readable)
{
#ifdef TSV_WINDOWS
    while (n && readable >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
        _mm_storeu_si128((__m128i *)(void *)p, x);
        unsigned stop = escapes16(x) | 1u << (n < 16 ? n : 16);
        size_t k = (size_t)__builtin_ctz(stop);
        p += k, s += k, n -= k, readable -= k;
        if (k < 16 && n) { /* s[0] needs its escape */
            p[0] = '\\';
            p[1] = tsv_escape[(unsigned char)s[0]];
            p += 2, s++, n--, readable--;
        }
    }
#else
    (void)readable;
#endif
    return escape_bytes(p, s, n);
}

/* escape for an entity's text, most of which (ten bytes on average) one
 * window holds: inline, a window with none of the bytes 0-13 and no
 * backslash (a superset of the escaped bytes, found in fewer steps) is
 * stored whole; anything else goes to escape (the call and its loop cost
 * an entity twice the instructions of the window inline). */
static inline char *escape_text(char *p, const char *s, size_t n,
                                size_t readable)
{
#ifdef TSV_WINDOWS
    if (n <= 16 && readable >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
        __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(13)), x);
        __m128i back = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
        unsigned maybe = (unsigned)_mm_movemask_epi8(_mm_or_si128(low, back));
        if (!(maybe & ((1u << n) - 1))) {
            _mm_storeu_si128((__m128i *)(void *)p, x);
            return p + n;
        }
    }
#endif
    return escape(p, s, n, readable);
}

void nt_format_tsv_field(nt_buf *out, const char *s, size_t n)
{
    char *p = nt_buf_room(out, 2 * n);
    out->len = (size_t)(escape_bytes(p, s, n) - out->data);
}

static void tsv_begin(nt_buf *out, const nt_fmt_opts *o)
{
    if (o->header)
        nt_buf_puts(out, o->explain
                             ? "file\tstart\tend\ttype\ttext\tvalue\torigin\tbeat\n"
                             : "file\tstart\tend\ttype\ttext\tvalue\n");
}

/* The file field and the tab after it, escaped once for all the
 * document's lines (it was a tenth of the format's time), zero-padded to
 * whole windows of 32 so that each line copies it in fixed-size moves (one
 * for most names; the tab in them saves a line 3 instructions); on the
 * stack unless long. */
#define FILE_WINDOW 32
typedef struct {
    char *s;
    size_t n;
    char *heap;
    char local[256];
} tsv_file;

static void file_init(tsv_file *f, const char *name)
{
    size_t n = strlen(name), room = 2 * n + 16 + FILE_WINDOW;
    f->heap = room > sizeof f->local ? nt_xmalloc(room) : NULL;
    f->s = f->heap ? f->heap : f->local;
    char *end = escape(f->s, name, n, n);
    *end++ = '\t';
    f->n = (size_t)(end - f->s);
    memset(end, 0, FILE_WINDOW);
}

/* The first window is copied outside the loop: most names fit in it, and
 * it is there (zeros) even for an empty name. */
static char *put_file(char *p, const tsv_file *f)
{
    memcpy(p, f->s, FILE_WINDOW);
    for (size_t i = FILE_WINDOW; i < f->n; i += FILE_WINDOW)
        memcpy(p + i, f->s + i, FILE_WINDOW);
    return p + f->n;
}

/* Writes an entity's value, NUL-terminated within its NT_VALUE_MAX bytes,
 * with its escapes (room for 2 * NT_VALUE_MAX bytes): with SSE2 its two
 * windows are all of it, its end and its escapes found at once (strnlen
 * and the windows of escape cost twice as much). Inlined by force, as
 * put_line: a call cost the lines with a value 7 instructions each. */
static inline __attribute__((always_inline)) char *put_value(char *p, const char *v)
{
#ifdef TSV_WINDOWS
    _Static_assert(NT_VALUE_MAX == 32, "a value is two windows");
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)v),
            b = _mm_loadu_si128((const __m128i *)(const void *)(v + 16)),
            zero = _mm_setzero_si128();
    uint64_t ends = (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(a, zero)) |
                    (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, zero)) << 16 |
                    (uint64_t)1 << 32;
    size_t n = (size_t)__builtin_ctzll(ends);
    uint64_t esc = escapes16(a) | (uint64_t)escapes16(b) << 16;
    if (esc & (((uint64_t)1 << n) - 1))
        return escape_bytes(p, v, n);
    _mm_storeu_si128((__m128i *)(void *)p, a);
    _mm_storeu_si128((__m128i *)(void *)(p + 16), b);
    return p + n;
#else
    return escape_bytes(p, v, strnlen(v, NT_VALUE_MAX));
#endif
}

/* Appends one entity's line into room made once for its longest, each
 * field with the reach of its fixed-size moves past it (a reservation and
 * a copy per field were half the format's time). The span is clamped to
 * the document so that a bad span from upstream cannot read outside the
 * text. bytes: offsets print as they are (nt_format_offsets_are_bytes);
 * explain: --explain's columns follow. Inlined by force (GCC would not)
 * into both loops of put_lines. */
static inline __attribute__((always_inline)) void
put_line(nt_buf *out, const nt_doc *d, const tsv_file *file,
         const nt_entity *e, const nt_fmt_opts *o, int bytes, int explain)
{
    size_t end = e->end < d->len ? e->end : d->len;
    size_t start = e->start < end ? e->start : end;
    size_t tn;
    const char *type;
    if (e->timex) {
        type = nt_timex_name_n(e->timex, &tn);
    } else {
        const nt_type_name_slot *slot = nt_type_name_at(e->type);
        type = slot->s, tn = slot->n;
    }
    char *p = nt_buf_room(out, file->n + FILE_WINDOW + 2 * NT_DECIMAL_MAX +
                                   NT_TYPE_NAME_ROOM + 2 * (end - start) + 16 +
                                   2 * NT_VALUE_MAX + 6);
    p = put_file(p, file);
    p += nt_decimal_pair(p, bytes ? e->start : nt_format_offset(o, d, e->start), '\t',
                         bytes ? e->end : nt_format_offset(o, d, e->end));
    *p++ = '\t';
    memcpy(p, type, NT_TYPE_NAME_ROOM);
    p += tn;
    *p++ = '\t';
    if (d->text)
        p = escape_text(p, d->text + start, end - start, d->len - start);
    *p++ = '\t';
    if (e->value[0]) /* most entities have none */
        p = put_value(p, e->value);
    if (explain) {
        out->len = (size_t)(p - out->data);
        nt_explain_tsv(out, d, e);
        nt_buf_putc(out, '\n');
    } else {
        *p++ = '\n';
        out->len = (size_t)(p - out->data);
    }
}

/* The document's lines, put_line inlined with bytes and explain as the
 * caller gives them: constants in the common case (tsv_doc). */
static inline __attribute__((always_inline)) void
put_lines(nt_buf *out, const nt_doc *d, const tsv_file *file,
          const nt_fmt_opts *o, int bytes, int explain)
{
    const nt_entity *e = d->ents.v, *last = e + d->ents.n;
    for (; e < last; e++) {
        put_line(out, d, file, e, o, bytes, explain);
        nt_format_spill(out, o);
    }
}

/* Byte offsets without --explain, the common case, have their own copy of
 * the loop, without the tests of either on each line (6 instructions a
 * line, 407,000 on the 2.76 MB file). */
static void tsv_doc(nt_buf *out, const nt_doc *d, size_t index,
                    const nt_fmt_opts *o)
{
    (void)index;
    tsv_file file;
    file_init(&file, d->name ? d->name : "");
    int bytes = nt_format_offsets_are_bytes(o);
    if (bytes && !o->explain)
        put_lines(out, d, &file, o, 1, 0);
    else
        put_lines(out, d, &file, o, bytes, o->explain);
    free(file.heap);
}

const nt_formatter nt_format_tsv = {
    .name = "tsv", .ext = "tsv",
    .begin = tsv_begin, .end = NULL, .doc = tsv_doc,
};
