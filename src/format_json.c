/* format_json.c - the json and jsonl formats, and JSON string literals.
 *
 * json is one object per document with one entity a line (an array of them
 * when the stream holds several documents); jsonl is the same object compact
 * on a single line. Both are built from one renderer and a table of the
 * punctuation that differs between them. */
#include <stdint.h>
#include <string.h>

#include "entity.h"
#include "explain.h"
#include "format.h"
#include "jsonstr.h"
#include "reader.h"
#include "timex.h"
#include "utf8.h"

/* The letter after the backslash for ASCII bytes with a short escape. */
static const char json_short[128] = {
    ['"'] = '"', ['\\'] = '\\', ['\b'] = 'b', ['\f'] = 'f',
    ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
};

/* Writes at p the escape for ASCII byte c ('"', '\\', a control or DEL):
 * the short form when JSON has one, else \u00XX in lowercase hex. */
static char *put_ascii_escape(char *p, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    *p++ = '\\';
    if (json_short[c]) {
        *p++ = json_short[c];
        return p;
    }
    memcpy(p, "u00", 3);
    p[3] = hex[c >> 4];
    p[4] = hex[c & 15];
    return p + 5;
}

/* Writes at p what the character that is not plain at u[0..n) becomes,
 * and sets *used to its bytes: valid UTF-8 other than U+2028/U+2029 as it
 * is; those two, an ASCII control, '"', '\\' and DEL escaped; a byte that
 * is not part of a valid sequence as one \ufffd, so that the output is
 * valid JSON whatever the input, and offsets still refer to the caller's
 * original bytes. At most 6 bytes for each byte used. */
static char *put_special(char *p, const unsigned char *u, size_t n,
                         size_t *used)
{
    uint32_t cp = 0;
    size_t len = u[0] >= 0x80 ? nt_utf8_decode(u, n, &cp) : 0;
    *used = len ? len : 1;
    if (len && cp != 0x2028 && cp != 0x2029) {
        memcpy(p, u, len);
        return p + len;
    }
    if (len || u[0] >= 0x80) {
        memcpy(p, !len ? "\\ufffd" : cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
        return p + 6;
    }
    return put_ascii_escape(p, u[0]);
}

/* Copies the plain bytes (nt_json_plain_byte) that begin s[0..n) to p;
 * returns how many. With SSE2, while 16 bytes can be read (readable counts
 * them, n or more), a window of 16 is stored whole and the count moves on
 * by its plain ones: p has room for 16 bytes past them. */
static size_t put_plain(char *p, const char *s, size_t n, size_t readable)
{
    size_t i = 0;
#ifdef NT_JSON_WINDOWS
    while (i < n && readable - i >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        _mm_storeu_si128((__m128i *)(void *)(p + i), x);
        unsigned k = (unsigned)__builtin_ctz(nt_json_unplain16(x) | 1u << 16);
        if (k < 16)
            return i + k < n ? i + k : n;
        i += 16;
    }
    if (i >= n)
        return n;
#else
    (void)readable;
#endif
    while (i < n && nt_json_plain_byte((unsigned char)s[i])) {
        p[i] = s[i];
        i++;
    }
    return i;
}

/* The room put_string needs for n bytes. */
#define STRING_ROOM(n) (6 * (n) + 18)

/* Writes the JSON string literal of s[0..n) at p (STRING_ROOM(n) bytes),
 * readable bytes readable from s (n or more); returns its end. */
static char *put_string(char *p, const char *s, size_t n, size_t readable)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, used;
    *p++ = '"';
    for (;;) {
        size_t k = put_plain(p, s + i, n - i, readable - i);
        p += k, i += k;
        if (i == n)
            break;
        p = put_special(p, u + i, n - i, &used);
        i += used;
    }
    *p++ = '"';
    return p;
}

void nt_format_json_string(nt_buf *out, const char *s, size_t n)
{
    char *p = nt_buf_room(out, STRING_ROOM(n));
    out->len = (size_t)(put_string(p, s, n, n) - out->data);
}

/* A key with the punctuation around it, zero-padded to KEY_MAX bytes so
 * that it is copied in one fixed-size move (a call to memcpy for each key
 * was 17 instructions), and its length. */
#define KEY_MAX 24
typedef struct {
    char s[KEY_MAX];
    size_t n;
} json_key;
#define KEY(lit) {lit, sizeof lit - 1}

/* The room an entity's object takes beside its strings: ten keys, the type
 * name, three numbers, a timex name, and a window's reach past the end. */
#define ENTITY_ROOM (10 * KEY_MAX + NT_TYPE_NAME_ROOM + 3 * NT_DECIMAL_MAX + \
                     NT_TYPE_NAME_ROOM + 32)

static char *put_key(char *p, const json_key *k)
{
    memcpy(p, k->s, KEY_MAX);
    return p + k->n;
}

/* The punctuation around keys and values: what differs between json's
 * readable layout and jsonl's compact one. */
typedef struct {
    const char *file;         /* opens the object, up to the file name */
    const char *entities;     /* after the file name, opens the array */
    json_key first, next;     /* before the first / a later entity */
    json_key text, start, end, source, value, id, timex; /* keys with separators */
    const char *close_full;   /* closes a non-empty array and the object */
} json_style;

static const json_style pretty = {
    .file = "{\"file\": ",
    .entities = ", \"entities\": [",
    .first = KEY("\n  {\"type\": \""),
    .next = KEY(",\n  {\"type\": \""),
    .text = KEY("\", \"text\": "),
    .start = KEY(", \"start\": "),
    .end = KEY(", \"end\": "),
    .source = KEY(", \"source\": "),
    .value = KEY(", \"value\": "),
    .id = KEY(", \"id\": "),
    .timex = KEY(", \"timex\": \""),
    .close_full = "\n]}",
};

static const json_style compact = {
    .file = "{\"file\":",
    .entities = ",\"entities\":[",
    .first = KEY("{\"type\":\""),
    .next = KEY(",{\"type\":\""),
    .text = KEY("\",\"text\":"),
    .start = KEY(",\"start\":"),
    .end = KEY(",\"end\":"),
    .source = KEY(",\"source\":"),
    .value = KEY(",\"value\":"),
    .id = KEY(",\"id\":"),
    .timex = KEY(",\"timex\":\""),
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

/* The room for the rest of an entity's object after a helper wrote into
 * out: p's place in out is kept. */
static char *flush(nt_buf *out, char *p, void (*put)(nt_buf *, const nt_doc *,
                                                     const nt_entity *, int),
                   const nt_doc *d, const nt_entity *e, int compact_style,
                   size_t rest)
{
    out->len = (size_t)(p - out->data);
    put(out, d, e, compact_style);
    return nt_buf_room(out, rest);
}

/* The longest source name put_source copies (rule and list names are a
 * few dozen bytes at most). */
#define NAME_MAX_COPY 48

/* Writes the string literal of an entity's source name s[0..n) at p: copied
 * first, with 16 zero bytes after it, where put_string can read windows
 * (in place it may read no byte past the name, and went byte by byte: a
 * sixth of the cost of an entity of JSON Lines). */
static char *put_source(char *p, const char *s, size_t n)
{
    char copy[NAME_MAX_COPY + 16];
    if (n > NAME_MAX_COPY)
        return put_string(p, s, n, n);
    memcpy(copy, s, n);
    memset(copy + n, 0, 16);
    return put_string(p, copy, n, n + 16);
}

/* Appends one entity object, into room made once for all of it but what
 * --html-offsets and --explain add (a reservation and a call for each key
 * and value were 1,180 instructions an entity; now some 500). Spans are
 * clamped to the document so that a bad span from upstream cannot read
 * outside the text. bytes: offsets print as they are
 * (nt_format_offsets_are_bytes). */
static void put_entity(nt_buf *out, const nt_doc *d, const nt_entity *e,
                       int first, const json_style *st, const nt_fmt_opts *o,
                       int bytes)
{
    size_t end = e->end < d->len ? e->end : d->len;
    size_t start = e->start < end ? e->start : end;
    const char *src = e->source ? e->source : "";
    size_t sn = strlen(src);
    size_t vlen = e->value[0] ? strnlen(e->value, sizeof e->value) : 0;
    size_t room = ENTITY_ROOM + STRING_ROOM(end - start) + STRING_ROOM(sn) +
                  STRING_ROOM(vlen);
    const nt_type_name_slot *type = nt_type_name_at(e->type);
    int cs = st == &compact;
    char *p = nt_buf_room(out, room);
    p = put_key(p, first ? &st->first : &st->next);
    memcpy(p, type->s, NT_TYPE_NAME_ROOM);
    p = put_key(p + type->n, &st->text);
    p = put_string(p, d->text ? d->text + start : "", end - start,
                   d->text ? d->len - start : 0);
    p = put_key(p, &st->start);
    p += nt_decimal(p, bytes ? e->start : nt_format_offset(o, d, e->start));
    p = put_key(p, &st->end);
    p += nt_decimal(p, bytes ? e->end : nt_format_offset(o, d, e->end));
    if (o->html_offsets)
        p = flush(out, p, put_html_offsets, d, e, cs, room);
    p = put_key(p, &st->source);
    p = put_source(p, src, sn);
    if (e->id) { /* mentions of one entity share it (mentions.h) */
        p = put_key(p, &st->id);
        p += nt_decimal(p, e->id);
    }
    if (e->timex) {
        size_t tn;
        const char *name = nt_timex_name_n(e->timex, &tn);
        p = put_key(p, &st->timex);
        memcpy(p, name, tn);
        p += tn;
        *p++ = '"';
    }
    if (vlen) {
        p = put_key(p, &st->value);
        p = put_string(p, e->value, vlen, sizeof e->value);
    }
    if (o->explain)
        p = flush(out, p, nt_explain_json, d, e, cs, 1);
    *p++ = '}';
    out->len = (size_t)(p - out->data);
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
    int bytes = nt_format_offsets_are_bytes(o);
    put_head(out, d, st);
    nt_buf_puts(out, st->entities);
    for (size_t i = 0; i < d->ents.n; i++) {
        put_entity(out, d, &d->ents.v[i], i == 0, st, o, bytes);
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
