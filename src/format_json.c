/* format_json.c - the json and jsonl formats, and JSON string literals.
 *
 * json is one object per document with one entity a line (an array of them
 * when the stream holds several documents); jsonl is the same object compact
 * on a single line. Both are built from one renderer and a table of the
 * punctuation that differs between them. */
#include <stdint.h>
#include <string.h>

#include "explain.h"
#include "format.h"
#include "reader.h"
#include "timex.h"
#include "utf8.h"

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

/* The letter after the backslash for ASCII bytes with a short escape. */
static const char json_short[128] = {
    ['"'] = '"', ['\\'] = '\\', ['\b'] = 'b', ['\f'] = 'f',
    ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
};

/* Appends the escape for ASCII byte c ('"', '\\', a control or DEL):
 * the short form when JSON has one, else \u00XX in lowercase hex. */
static void put_ascii_escape(nt_buf *out, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    if (json_short[c]) {
        char e[2] = {'\\', json_short[c]};
        nt_buf_put(out, e, 2);
    } else {
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        nt_buf_put(out, e, 6);
    }
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
        size_t len = u[i] >= 0x80 ? nt_utf8_decode(u + i, n - i, &cp) : 0;
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
    const char *file;         /* opens the object, up to the file name */
    const char *entities;     /* after the file name, opens the array */
    const char *first, *next; /* before the first / a later entity */
    const char *text, *start, *end, *source, *value, *id; /* keys with separators */
    const char *close_full;   /* closes a non-empty array and the object */
} json_style;

static const json_style pretty = {
    .file = "{\"file\": ",
    .entities = ", \"entities\": [",
    .first = "\n  {\"type\": \"",
    .next = ",\n  {\"type\": \"",
    .text = "\", \"text\": ",
    .start = ", \"start\": ",
    .end = ", \"end\": ",
    .source = ", \"source\": ",
    .value = ", \"value\": ",
    .id = ", \"id\": ",
    .close_full = "\n]}",
};

static const json_style compact = {
    .file = "{\"file\":",
    .entities = ",\"entities\":[",
    .first = "{\"type\":\"",
    .next = ",{\"type\":\"",
    .text = "\",\"text\":",
    .start = ",\"start\":",
    .end = ",\"end\":",
    .source = ",\"source\":",
    .value = ",\"value\":",
    .id = ",\"id\":",
    .close_full = "]}",
};

/* --html-offsets: the entity's bytes in the HTML page, null when unknown. */
static void put_html_offsets(nt_buf *out, const nt_doc *d, const nt_entity *e,
                             int compact_style)
{
    size_t hs = nt_format_html_offset(d, e->start, 0);
    size_t he = nt_format_html_offset(d, e->end, 1);
    nt_buf_puts(out, compact_style ? ",\"html_start\":" : ", \"html_start\": ");
    if (hs == (size_t)-1 || he == (size_t)-1)
        nt_buf_puts(out, compact_style ? "null,\"html_end\":null"
                                       : "null, \"html_end\": null");
    else {
        nt_buf_putu(out, hs);
        nt_buf_puts(out, compact_style ? ",\"html_end\":" : ", \"html_end\": ");
        nt_buf_putu(out, he);
    }
}

/* Opens a document's object: with the members of its JSON Lines input
 * line, carried through as their raw bytes, or with its file name. */
static void put_head(nt_buf *out, const nt_doc *d, const json_style *st)
{
    const nt_srcinfo *s = d->src;
    if (s && s->kind == NT_IN_JSONL && s->rest_len) {
        nt_buf_putc(out, '{');
        nt_buf_put(out, s->rest, s->rest_len);
        return;
    }
    const char *name = d->name ? d->name : "";
    nt_buf_puts(out, st->file);
    nt_format_json_string(out, name, strlen(name));
}

/* Appends one entity object. Spans are clamped to the document so that a
 * bad span from upstream cannot read outside the text. */
static void put_entity(nt_buf *out, const nt_doc *d, const nt_entity *e,
                       int first, const json_style *st, const nt_fmt_opts *o)
{
    size_t end = e->end < d->len ? e->end : d->len;
    size_t start = e->start < end ? e->start : end;
    size_t vlen = strnlen(e->value, sizeof e->value);
    nt_buf_puts(out, first ? st->first : st->next);
    nt_buf_puts(out, nt_type_name(e->type));
    nt_buf_puts(out, st->text);
    nt_format_json_string(out, d->text ? d->text + start : "", end - start);
    nt_buf_puts(out, st->start);
    nt_buf_putu(out, nt_format_offset(o, d, e->start));
    nt_buf_puts(out, st->end);
    nt_buf_putu(out, nt_format_offset(o, d, e->end));
    if (o->html_offsets)
        put_html_offsets(out, d, e, st == &compact);
    nt_buf_puts(out, st->source);
    const char *src = e->source ? e->source : "";
    nt_format_json_string(out, src, strlen(src));
    if (e->id) { /* mentions of one entity share it (mentions.h) */
        nt_buf_puts(out, st->id);
        nt_buf_putu(out, e->id);
    }
    if (e->timex) {
        nt_buf_puts(out, st == &compact ? ",\"timex\":\"" : ", \"timex\": \"");
        nt_buf_puts(out, nt_timex_name(e->timex));
        nt_buf_putc(out, '"');
    }
    if (vlen) {
        nt_buf_puts(out, st->value);
        nt_format_json_string(out, e->value, vlen);
    }
    if (o->explain)
        nt_explain_json(out, d, e, st == &compact);
    nt_buf_putc(out, '}');
}

/* The reference date relative dates were resolved against, and where it
 * came from: {"value": "2015-05-09", "from": "option"}; value null when
 * there was none. Left out for a document never annotated (ref_from NULL). */
static void put_ref_date(nt_buf *out, const nt_doc *d, int compact_style)
{
    const char *from = d->ref_from;
    if (!from)
        return;
    nt_buf_puts(out, compact_style ? ",\"ref_date\":{\"value\":"
                                   : ", \"ref_date\": {\"value\": ");
    if (d->ref_date[0])
        nt_format_json_string(out, d->ref_date,
                              strnlen(d->ref_date, sizeof d->ref_date));
    else
        nt_buf_puts(out, "null");
    nt_buf_puts(out, compact_style ? ",\"from\":" : ", \"from\": ");
    nt_format_json_string(out, from, strlen(from));
    nt_buf_putc(out, '}');
}

/* Appends a document's object, without anything after it. */
static void put_object(nt_buf *out, const nt_doc *d, const json_style *st,
                       const nt_fmt_opts *o)
{
    put_head(out, d, st);
    nt_buf_puts(out, st->entities);
    for (size_t i = 0; i < d->ents.n; i++) {
        put_entity(out, d, &d->ents.v[i], i == 0, st, o);
        nt_format_spill(out, o);
    }
    const char *close = d->ents.n ? st->close_full : "]}";
    nt_buf_put(out, close, strlen(close) - 1); /* all but the object's brace */
    put_ref_date(out, d, st == &compact);
    nt_buf_putc(out, '}');
}

/* Several documents make one array, so the stream stays one JSON value. */
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
    put_object(out, d, &pretty, o);
    if (!o->multi)
        nt_buf_putc(out, '\n');
}

/* One line per document whatever the stream holds, so multi changes
 * nothing. */
static void jsonl_doc(nt_buf *out, const nt_doc *d, size_t index,
                      const nt_fmt_opts *o)
{
    (void)index;
    put_object(out, d, &compact, o);
    nt_buf_putc(out, '\n');
}

const nt_formatter nt_format_json = {
    .name = "json", .ext = "json",
    .begin = json_begin, .end = json_end, .doc = json_doc,
};

const nt_formatter nt_format_jsonl = {
    .name = "jsonl", .ext = "jsonl",
    .begin = NULL, .end = NULL, .doc = jsonl_doc,
};
