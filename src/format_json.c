/* format_json.c - the json and jsonl formats, and JSON string literals.
 *
 * json is one object per document with one entity a line (an array of them
 * when the stream holds several documents); jsonl is the same object compact
 * on a single line. Both are built from one renderer and a table of the
 * punctuation that differs between them. */
#include <stdint.h>
#include <string.h>

#include "format.h"

/* 1 for bytes copied as they are inside a JSON string: printable ASCII but
 * '"' and '\\'. Controls, DEL and non-ASCII bytes (0) take the slow path. */
static const unsigned char json_plain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20 '"' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x30 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x40 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50 '\\' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x60 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, /* 0x70 DEL */
    /* 0x80-0xFF: all 0 */
};

/* Length (2-4) of the well-formed UTF-8 sequence at s[0..n) starting with a
 * non-ASCII byte, with its code point in *cp; 0 if the lead byte does not
 * start one (Unicode table 3-7: no overlongs, surrogates or values above
 * U+10FFFF). Could become nt_utf8_decode once utf8.c exists. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    if (c < 0xE0) {
        len = 2;
    } else if (c < 0xF0) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : lo;
        hi = c == 0xED ? 0x9F : hi;
    } else {
        len = 4;
        lo = c == 0xF0 ? 0x90 : lo;
        hi = c == 0xF4 ? 0x8F : hi;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    uint32_t v = c & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3Fu);
    }
    *cp = v;
    return len;
}

/* Appends the escape for ASCII byte c ('"', '\\', a control or DEL). */
static void put_ascii_escape(nt_buf *out, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    char e[6] = {'\\', 0, 0, 0, 0, 0};
    switch (c) {
    case '"':  e[1] = '"';  break;
    case '\\': e[1] = '\\'; break;
    case '\b': e[1] = 'b';  break;
    case '\f': e[1] = 'f';  break;
    case '\n': e[1] = 'n';  break;
    case '\r': e[1] = 'r';  break;
    case '\t': e[1] = 't';  break;
    default:
        memcpy(e + 1, "u00", 3);
        e[4] = hex[c >> 4];
        e[5] = hex[c & 15];
        nt_buf_put(out, e, 6);
        return;
    }
    nt_buf_put(out, e, 2);
}

/* Printable ASCII and valid UTF-8 other than U+2028/U+2029 are copied in
 * runs; everything else is escaped. A byte that is not part of a valid
 * sequence becomes one \ufffd, so the output is valid JSON whatever the
 * input, and offsets still refer to the caller's original bytes. */
void nt_format_json_string(nt_buf *out, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0;
    nt_buf_putc(out, '"');
    while (i < n) {
        if (json_plain[u[i]]) {
            i++;
            continue;
        }
        uint32_t cp = 0;
        size_t len = u[i] >= 0x80 ? utf8_seq(u + i, n - i, &cp) : 0;
        if (len && cp != 0x2028 && cp != 0x2029) {
            i += len;
            continue;
        }
        nt_buf_put(out, s + run, i - run);
        if (len)
            nt_buf_puts(out, cp == 0x2028 ? "\\u2028" : "\\u2029");
        else if (u[i] >= 0x80)
            nt_buf_puts(out, "\\ufffd");
        else
            put_ascii_escape(out, u[i]);
        i += len ? len : 1;
        run = i;
    }
    nt_buf_put(out, s + run, n - run);
    nt_buf_putc(out, '"');
}

/* The punctuation around keys and values: what differs between json's
 * readable layout and jsonl's compact one. */
typedef struct {
    const char *file;       /* opens the object, up to the file name */
    const char *entities;   /* after the file name, opens the array */
    const char *first, *next; /* before the first / a later entity */
    const char *text, *start, *end, *source, *value; /* keys with separators */
    const char *close_full; /* closes a non-empty array and the object */
} json_style;

static const json_style pretty = {
    "{\"file\": ", ", \"entities\": [", "\n  {\"type\": \"",
    ",\n  {\"type\": \"", "\", \"text\": ", ", \"start\": ", ", \"end\": ",
    ", \"source\": ", ", \"value\": ", "\n]}",
};

static const json_style compact = {
    "{\"file\":", ",\"entities\":[", "{\"type\":\"", ",{\"type\":\"",
    "\",\"text\":", ",\"start\":", ",\"end\":", ",\"source\":", ",\"value\":",
    "]}",
};

/* Appends one entity object. Spans are clamped to the document so that a
 * bad span from upstream cannot read outside the text. */
static void put_entity(nt_buf *out, const nt_doc *d, const nt_entity *e,
                       int first, const json_style *st)
{
    size_t end = e->end < d->len ? e->end : d->len;
    size_t start = e->start < end ? e->start : end;
    size_t vlen = strnlen(e->value, sizeof e->value);
    nt_buf_puts(out, first ? st->first : st->next);
    nt_buf_puts(out, nt_type_name(e->type));
    nt_buf_puts(out, st->text);
    nt_format_json_string(out, d->text ? d->text + start : "", end - start);
    nt_buf_puts(out, st->start);
    nt_buf_putu(out, e->start);
    nt_buf_puts(out, st->end);
    nt_buf_putu(out, e->end);
    nt_buf_puts(out, st->source);
    const char *src = e->source ? e->source : "";
    nt_format_json_string(out, src, strlen(src));
    if (vlen) {
        nt_buf_puts(out, st->value);
        nt_format_json_string(out, e->value, vlen);
    }
    nt_buf_putc(out, '}');
}

/* Appends a document's object, without anything after it. */
static void put_object(nt_buf *out, const nt_doc *d, const json_style *st)
{
    const char *name = d->name ? d->name : "";
    nt_buf_puts(out, st->file);
    nt_format_json_string(out, name, strlen(name));
    nt_buf_puts(out, st->entities);
    for (size_t i = 0; i < d->ents.n; i++)
        put_entity(out, d, &d->ents.v[i], i == 0, st);
    nt_buf_puts(out, d->ents.n ? st->close_full : "]}");
}

static void json_begin(nt_buf *out, const nt_fmt_opts *o)
{
    if (o->multi)
        nt_buf_puts(out, "[\n");
}

static void json_end(nt_buf *out, size_t ndocs, const nt_fmt_opts *o)
{
    if (o->multi)
        nt_buf_puts(out, ndocs ? "\n]\n" : "]\n");
}

static void json_doc(nt_buf *out, const nt_doc *d, size_t index,
                     const nt_fmt_opts *o)
{
    if (o->multi && index > 0)
        nt_buf_puts(out, ",\n");
    put_object(out, d, &pretty);
    if (!o->multi)
        nt_buf_putc(out, '\n');
}

/* One line per document whatever the stream holds, so multi changes
 * nothing. */
static void jsonl_doc(nt_buf *out, const nt_doc *d, size_t index,
                      const nt_fmt_opts *o)
{
    (void)index;
    (void)o;
    put_object(out, d, &compact);
    nt_buf_putc(out, '\n');
}

const nt_formatter nt_format_json = {"json", "json", json_begin, json_end,
                                     json_doc};

const nt_formatter nt_format_jsonl = {"jsonl", "jsonl", NULL, NULL,
                                      jsonl_doc};
