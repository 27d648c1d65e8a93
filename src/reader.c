/* reader.c - from an input's bytes to documents: the kind of input (option,
 * extension, sniffing), plain text, JSON Lines, and the dispatch to the
 * HTML and XML readers. Also the source map and the text builder they use.
 *
 * JSON Lines are parsed with jansson (Debian libjansson-dev): strict RFC
 * 8259 parsing (it rejects invalid UTF-8, lone surrogates, trailing commas),
 * exact line/column/position in its errors, length-delimited input, and a
 * small stable C API. The members carried through to the output are copied
 * as the raw bytes of the input, never re-serialized, so numbers such as
 * 0.1 or 12345678901234567890 stay exactly as written. */
#include "reader.h"

#include <ctype.h>
#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "jsoncheck.h"
#include "jsonstr.h"
#include "markup.h"
#include "textb.h"
#include "util.h"

struct nt_reader {
    nt_reader_opts o;
    const char *path;
    char *data; /* the input; owned */
    size_t len, pos;
    size_t line;     /* JSONL: lines consumed */
    nt_in_kind kind; /* of the open input */
    int done;
    nt_srcinfo si;
    nt_buf rest; /* JSONL members carried through */
    nt_buf name; /* JSONL: "path:line", the document's name */
    nt_buf skel; /* JSONL: the line with an empty text, to be checked */
    nt_buf scratch; /* JSONL: the strings checked, the date decoded */
    size_t tv0, tv1; /* JSONL: the text member's raw value, if a string */
    size_t dv0, dv1; /* JSONL: the date member's raw value */
    nt_buf text; /* HTML and XML: the extracted text being built */
};

static const char *const kind_names[] = {"auto", "text", "html", "xml",
                                         "jsonl"};

int nt_reader_kind_parse(const char *name, nt_in_kind *kind)
{
    for (size_t i = 1; i < sizeof kind_names / sizeof *kind_names; i++)
        if (strcmp(name, kind_names[i]) == 0) {
            *kind = (nt_in_kind)i;
            return 0;
        }
    return -1;
}

const char *nt_reader_kind_name(nt_in_kind kind)
{
    return (unsigned)kind < sizeof kind_names / sizeof *kind_names
               ? kind_names[kind]
               : "?";
}

nt_reader *nt_reader_new(const nt_reader_opts *o)
{
    nt_reader *r = nt_xcalloc(1, sizeof *r);
    r->o = *o;
    if (!r->o.id_field)
        r->o.id_field = "id";
    if (!r->o.text_field)
        r->o.text_field = "text";
    if (!r->o.date_field)
        r->o.date_field = "date";
    nt_buf_init(&r->rest);
    nt_buf_init(&r->name);
    nt_buf_init(&r->skel);
    nt_buf_init(&r->scratch);
    nt_buf_init(&r->text);
    return r;
}

void nt_reader_free(nt_reader *r)
{
    if (!r)
        return;
    free(r->data);
    free(r->si.segs);
    nt_buf_free(&r->rest);
    nt_buf_free(&r->name);
    nt_buf_free(&r->skel);
    nt_buf_free(&r->scratch);
    nt_buf_free(&r->text);
    free(r);
}

/* ---- kind of input ---- */

static const struct {
    const char *ext;
    nt_in_kind kind;
} ext_kinds[] = {
    {".html", NT_IN_HTML},   {".htm", NT_IN_HTML},     {".xhtml", NT_IN_HTML},
    {".shtml", NT_IN_HTML},  {".xml", NT_IN_XML},      {".nitf", NT_IN_XML},
    {".newsml", NT_IN_XML},  {".jsonl", NT_IN_JSONL},  {".ndjson", NT_IN_JSONL},
    {".txt", NT_IN_TEXT},    {".text", NT_IN_TEXT},
};

static nt_in_kind by_extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (!dot)
        return NT_IN_AUTO;
    for (size_t i = 0; i < sizeof ext_kinds / sizeof *ext_kinds; i++)
        if (strcasecmp(dot, ext_kinds[i].ext) == 0)
            return ext_kinds[i].kind;
    return NT_IN_AUTO;
}

/* Whether s[0..n) holds needle, compared without case. */
static int has_nocase(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

static nt_in_kind by_content(const char *data, size_t len)
{
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && nt_textb_is_ws((unsigned char)data[i]))
        i++;
    if (i == len)
        return NT_IN_TEXT;
    if (data[i] == '{')
        return NT_IN_JSONL;
    if (data[i] != '<')
        return NT_IN_TEXT;
    size_t n = len - i < 1024 ? len - i : 1024;
    if (has_nocase(data + i, n, "<!doctype html") ||
        has_nocase(data + i, n, "<html"))
        return NT_IN_HTML;
    return NT_IN_XML;
}

nt_in_kind nt_reader_detect(nt_in_kind kind, const char *path,
                            const char *data, size_t len)
{
    if (kind != NT_IN_AUTO)
        return kind;
    nt_in_kind k = path && strcmp(path, "-") != 0 ? by_extension(path)
                                                  : NT_IN_AUTO;
    return k != NT_IN_AUTO ? k : by_content(data, len);
}

/* ---- source map ---- */

void nt_srcinfo_add(nt_srcinfo *s, uint32_t text, uint32_t tlen, uint32_t src,
                    uint32_t slen)
{
    if (s->nsegs) {
        nt_srcseg *p = &s->segs[s->nsegs - 1];
        if (p->tlen == p->slen && tlen == slen && p->src != NT_NOSRC &&
            src != NT_NOSRC && p->text + p->tlen == text &&
            p->src + p->slen == src) {
            p->tlen += tlen;
            p->slen += slen;
            return;
        }
    }
    s->segs = nt_xgrow(s->segs, &s->segcap, s->nsegs + 1, sizeof *s->segs);
    s->segs[s->nsegs++] = (nt_srcseg){text, tlen, src, slen};
}

/* Binary search for the segment holding off (for an end: holding off - 1). */
uint32_t nt_srcinfo_map(const nt_srcinfo *s, size_t off, int end)
{
    if (!s || !s->has_map || (end && off == 0))
        return NT_NOSRC;
    size_t key = end ? off - 1 : off, lo = 0, hi = s->nsegs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->segs[mid].text + s->segs[mid].tlen <= key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == s->nsegs || s->segs[lo].text > key ||
        s->segs[lo].src == NT_NOSRC)
        return NT_NOSRC;
    const nt_srcseg *g = &s->segs[lo];
    if (g->tlen == g->slen)
        return g->src + (uint32_t)(off - g->text);
    return end ? g->src + g->slen : g->src;
}

/* ---- text builder ---- */

void nt_textb_sep(nt_textb *t, int sep)
{
    if (sep > t->pending)
        t->pending = sep;
}

/* A piece a word of an HTML page: its separator and its bytes go into
 * room made once (a call for each was half the cost of a piece). */
void nt_textb_put(nt_textb *t, const char *s, size_t n, uint32_t src,
                  uint32_t slen)
{
    static const char seps[][2] = {"", " ", "\n", "\n\n"};
    static const unsigned char sep_len[] = {0, 1, 1, 2};
    if (n == 0)
        return;
    size_t k = t->out->len ? sep_len[t->pending] : 0;
    char *o = nt_buf_room(t->out, k + n); /* and a byte more: so 2 >= k */
    memcpy(o, seps[t->pending], 2);
    t->out->len += k;
    t->pending = NT_TEXTB_NONE;
    if (t->si)
        nt_srcinfo_add(t->si, (uint32_t)t->out->len, (uint32_t)n, src, slen);
    memcpy(o + k, s, n);
    t->out->len += n;
}

nt_textb_mark nt_textb_here(const nt_textb *t)
{
    nt_textb_mark m = {t->out->len, 0, {0, 0, 0, 0}, t->pending};
    if (t->si) {
        m.nsegs = t->si->nsegs;
        if (m.nsegs)
            m.last = t->si->segs[m.nsegs - 1];
    }
    return m;
}

void nt_textb_back(nt_textb *t, const nt_textb_mark *m)
{
    t->out->len = m->len;
    t->pending = m->pending;
    if (t->si) {
        t->si->nsegs = m->nsegs;
        if (m->nsegs)
            t->si->segs[m->nsegs - 1] = m->last;
    }
}

void nt_textb_text(nt_textb *t, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (nt_textb_is_ws((unsigned char)s[i])) {
            nt_textb_sep(t, NT_TEXTB_SPACE);
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !nt_textb_is_ws((unsigned char)s[j]))
            j++;
        nt_textb_put(t, s + i, j - i, NT_NOSRC, 0);
        i = j;
    }
}

/* ---- dates ---- */

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

int nt_reader_norm_date(const char *s, size_t n, char out[11])
{
    out[0] = '\0';
    while (n && nt_textb_is_ws((unsigned char)*s))
        s++, n--;
    const char *y = s, *m, *d;
    if (n >= 10 && digits(s, 4) && (s[4] == '-' || s[4] == '/') &&
        digits(s + 5, 2) && s[7] == s[4] && digits(s + 8, 2))
        m = s + 5, d = s + 8;
    else if (n >= 8 && digits(s, 8) && (n == 8 || !isdigit((unsigned char)s[8])))
        m = s + 4, d = s + 6;
    else
        return -1;
    int mon = (m[0] - '0') * 10 + (m[1] - '0');
    int day = (d[0] - '0') * 10 + (d[1] - '0');
    if (mon < 1 || mon > 12 || day < 1 || day > 31)
        return -1;
    snprintf(out, 11, "%.4s-%.2s-%.2s", y, m, d);
    return 0;
}

/* ---- JSON Lines ---- */

/* The end of the JSON value starting at s[i], in a line jansson has
 * already accepted: strings are skipped with their escapes, brackets
 * counted. */
/* The closing quote of the string whose contents start at s[i] (n if there
 * is none): the text of an article is most of its line, so memchr finds
 * each quote, and a quote ends the string when an even number of
 * backslashes stands before it. (Looking for the next backslash before
 * each quote went over the rest of the line again after every escape: a
 * line break of news, some 60 bytes apart, made 47,540 memchr calls of
 * 5.4M instructions for the 2,160 articles of the JSON Lines bench.) */
static size_t string_end(const char *s, size_t n, size_t i)
{
    for (;;) {
        const char *q = i < n ? memchr(s + i, '"', n - i) : NULL;
        if (!q)
            return n;
        size_t k = (size_t)(q - s), b = k;
        while (b > i && s[b - 1] == '\\')
            b--;
        if ((k - b) % 2 == 0)
            return k;
        i = k + 1; /* an escaped quote */
    }
}

static size_t skip_value(const char *s, size_t n, size_t i)
{
    int depth = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '"') {
            i = string_end(s, n, i + 1);
            if (depth == 0)
                return i + 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (--depth <= 0)
                return depth == 0 ? i + 1 : i;
        } else if (depth == 0 && (c == ',' || nt_textb_is_ws((unsigned char)c))) {
            return i;
        }
    }
    return i;
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && nt_textb_is_ws((unsigned char)s[i]))
        i++;
    return i;
}

/* Whether the raw JSON string key[0..n) (with its quotes) names field. A
 * key written with escapes is decoded by jansson first. */
static int key_is(const char *key, size_t n, const char *field)
{
    size_t flen = strlen(field);
    if (!memchr(key, '\\', n))
        return n == flen + 2 && memcmp(key + 1, field, flen) == 0;
    json_t *k = json_loadb(key, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    int same = k && json_string_length(k) == flen &&
               memcmp(json_string_value(k), field, flen) == 0;
    json_decref(k);
    return same;
}

/* Finds the id value of the object on line[0..n), the text and date
 * members, and the members to carry through: all but the text, and
 * "entities" and "ref_date", which the output sets. */
static void split_members(nt_reader *r, const char *line, size_t n)
{
    size_t i = skip_ws(line, n, 0) + 1; /* past '{' */
    nt_buf_reset(&r->rest);
    r->si.id = NULL;
    r->si.id_len = 0;
    r->tv0 = r->tv1 = r->dv0 = r->dv1 = 0;
    for (;;) {
        i = skip_ws(line, n, i);
        if (i >= n || line[i] != '"')
            break;
        size_t k0 = i, k1 = skip_value(line, n, i);
        size_t v0 = skip_ws(line, n, skip_ws(line, n, k1) + 1);
        size_t v1 = skip_value(line, n, v0);
        if (key_is(line + k0, k1 - k0, r->o.id_field)) {
            r->si.id = line + v0;
            r->si.id_len = v1 - v0;
        }
        int is_text = key_is(line + k0, k1 - k0, r->o.text_field);
        if (is_text) { /* the last one counts, as in jansson */
            r->tv0 = v0;
            r->tv1 = v0 < n && line[v0] == '"' ? v1 : v0;
        } else if (key_is(line + k0, k1 - k0, r->o.date_field)) {
            r->dv0 = v0;
            r->dv1 = v1;
        }
        if (!is_text && !key_is(line + k0, k1 - k0, "entities") &&
            !key_is(line + k0, k1 - k0, "ref_date")) {
            if (r->rest.len)
                nt_buf_putc(&r->rest, ',');
            nt_buf_put(&r->rest, line + k0, k1 - k0);
            nt_buf_putc(&r->rest, ':');
            nt_buf_put(&r->rest, line + v0, v1 - v0);
        }
        i = skip_ws(line, n, v1);
        if (i >= n || line[i] != ',')
            break;
        i++;
    }
    r->si.rest = r->rest.data;
    r->si.rest_len = r->rest.len;
}

#define JSON_FLAGS (JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL)

/* The fast way through a line (split_members has found its text string):
 * the text decoded here into text, the rest of the line, with an empty
 * text, checked by nt_jsoncheck_object, which vouches only for lines
 * jansson takes. 0 when either fails: then jansson takes the line and says
 * what is wrong, if anything. */
static int parse_fast(nt_reader *r, const char *line, size_t n, nt_buf *text)
{
    if (r->tv1 <= r->tv0)
        return 0;
    /* room for the text once, with the padding the document adds (the
     * text is no longer than its JSON string): grown piece by piece, its
     * reallocations were half the cost of decoding it */
    nt_buf_reserve(text, r->tv1 - r->tv0 + NT_TEXT_PAD);
    if (nt_jsonstr_decode(line + r->tv0, r->tv1 - r->tv0, text) != 0)
        return 0;
    nt_buf_reset(&r->skel);
    nt_buf_put(&r->skel, line, r->tv0);
    nt_buf_puts(&r->skel, "\"\"");
    nt_buf_put(&r->skel, line + r->tv1, n - r->tv1);
    return nt_jsoncheck_object(r->skel.data, r->skel.len, &r->scratch);
}

/* The whole line parsed by jansson, its text into text: the object, or
 * NULL with err set. */
static json_t *parse_slow(const nt_reader *r, const char *line, size_t n,
                          nt_buf *text, nt_error *err)
{
    json_error_t je;
    json_t *obj = json_loadb(line, n, JSON_FLAGS, &je);
    if (!obj) {
        nt_error_set(err, "line %zu, column %d: %s", r->line, je.column,
                     je.text);
        return NULL;
    }
    json_t *t = json_object_get(obj, r->o.text_field);
    if (!json_is_string(t)) {
        nt_error_set(err, "line %zu: no \"%s\" string", r->line,
                     r->o.text_field);
        json_decref(obj);
        return NULL;
    }
    nt_buf_put(text, json_string_value(t), json_string_length(t));
    return obj;
}

/* d's reference date from the date string s[0..n), if it holds one. */
static void set_date(nt_doc *d, const char *s, size_t n)
{
    if (nt_reader_norm_date(s, n, d->ref_date) == 0)
        d->ref_from = "metadata";
}

/* d's reference date from the line's date member, the last one, when it
 * is a string: from obj when jansson parsed the line, else decoded here.
 * None when the date field is the text field (the member is the text). */
static void line_date(nt_reader *r, const char *line, json_t *obj, nt_doc *d)
{
    if (strcmp(r->o.date_field, r->o.text_field) == 0)
        return;
    if (obj) {
        json_t *date = json_object_get(obj, r->o.date_field);
        if (json_is_string(date))
            set_date(d, json_string_value(date), json_string_length(date));
        return;
    }
    if (r->dv1 <= r->dv0 || line[r->dv0] != '"')
        return;
    nt_buf_reset(&r->scratch);
    if (nt_jsonstr_decode(line + r->dv0, r->dv1 - r->dv0, &r->scratch) == 0)
        set_date(d, nt_buf_cstr(&r->scratch), r->scratch.len);
}

/* Parses one line into d. Returns 1, or -1 with err set. */
static int jsonl_doc(nt_reader *r, const char *line, size_t n, nt_doc *d,
                     nt_error *err)
{
    nt_buf text;
    nt_buf_init(&text);
    split_members(r, line, n);
    json_t *obj = NULL;
    if (!parse_fast(r, line, n, &text)) {
        nt_buf_reset(&text);
        if (!(obj = parse_slow(r, line, n, &text, err))) {
            nt_buf_free(&text);
            return -1;
        }
    }
    size_t tlen = text.len;
    nt_buf_reset(&r->name);
    nt_buf_puts(&r->name, r->path); /* PATH:LINE, without printf's 1,900
                                       instructions a line */
    nt_buf_putc(&r->name, ':');
    nt_buf_putu(&r->name, r->line);
    nt_buf_cstr(&text); /* a buffer even for an empty text */
    nt_doc_set_text(d, nt_buf_cstr(&r->name), text.data, tlen);
    line_date(r, line, obj, d);
    json_decref(obj);
    r->si.kind = NT_IN_JSONL;
    r->si.line = r->line;
    d->src = &r->si;
    return 1;
}

/* The next non-blank line: a document, or an error for a broken line. */
static int jsonl_next(nt_reader *r, nt_doc *d, nt_error *err)
{
    while (r->pos < r->len) {
        const char *line = r->data + r->pos;
        const char *nl = memchr(line, '\n', r->len - r->pos);
        size_t n = nl ? (size_t)(nl - line) : r->len - r->pos;
        r->pos += n + (nl != NULL);
        r->line++;
        if (r->line == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
            line += 3, n -= 3;
        size_t s = skip_ws(line, n, 0);
        if (s == n)
            continue;
        return jsonl_doc(r, line, n, d, err);
    }
    return 0;
}

/* ---- the reader ---- */

void nt_reader_open(nt_reader *r, const char *path, char *data, size_t len)
{
    free(r->data);
    r->path = path;
    r->data = data;
    r->len = len;
    r->pos = 0;
    r->line = 0;
    r->done = 0;
    r->kind = nt_reader_detect(r->o.kind, path, data, len);
}

nt_in_kind nt_reader_kind(const nt_reader *r, const char *path,
                          const char *data, size_t len)
{
    return nt_reader_detect(r->o.kind, path, data, len);
}

void nt_reader_more(nt_reader *r, char *data, size_t len)
{
    free(r->data);
    r->data = data;
    r->len = len;
    r->pos = 0;
    r->done = 0;
}

/* HTML or XML: one document of extracted text. */
static int markup_doc(nt_reader *r, nt_doc *d, nt_error *err)
{
    char date[11] = "";
    int rc;
    nt_buf_reset(&r->text);
    r->si.nsegs = 0;
    r->si.has_map = 0;
    r->si.kind = r->kind;
    if (r->kind == NT_IN_HTML)
        rc = nt_html_extract(r->data, r->len, &r->text, &r->si, date, err);
    else
        rc = nt_xml_extract(r->data, r->len, r->o.xpath, &r->text, date, err);
    if (rc != 0)
        return -1;
    size_t n = r->text.len;
    nt_buf_cstr(&r->text); /* NUL-terminated, as nt_input_read gives it */
    char *text = r->text.data; /* handed to the document */
    nt_buf_init(&r->text);
    nt_doc_set_text(d, r->path, text, n);
    if (date[0]) {
        memcpy(d->ref_date, date, sizeof date);
        d->ref_from = "metadata";
    }
    d->src = &r->si;
    return 1;
}

int nt_reader_next(nt_reader *r, nt_doc *d, nt_error *err)
{
    if (r->kind == NT_IN_JSONL)
        return jsonl_next(r, d, err);
    if (r->done)
        return 0;
    r->done = 1;
    if (r->kind == NT_IN_TEXT) {
        nt_doc_set_text(d, r->path, r->data, r->len);
        r->data = NULL; /* the document owns it now */
        return 1;
    }
    return markup_doc(r, d, err);
}
