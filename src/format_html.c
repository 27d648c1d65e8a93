/* format_html.c - the html format: a standalone page (no script, no
 * outside resources) showing each document with its entities marked in
 * their type's colour, a legend with the count of each type, the list of
 * distinct entities with their counts, and normalized values of dates on
 * hover (the title attribute, also kept in data-value).
 *
 * Written by hand rather than through libxml2's HTML serializer: the page
 * is a fixed frame around escaped text, and everything the document holds
 * goes through html_text, which escapes markup characters and turns what
 * HTML cannot carry (invalid UTF-8, control characters) into U+FFFD. */
#include <stdlib.h>
#include <string.h>

#include "entity.h"
#include "format.h"
#include "map.h"
#include "utf8.h"
#include "util.h"

#ifndef NT_MAX_TYPES
#define NT_MAX_TYPES NT_NTYPES
#endif

/* Background colours: the four built-in types, then a cycle for the types
 * data files add. */
static const char *const colours[] = {"#ffd6a5", "#caffbf", "#9bf6ff",
                                      "#ffc6ff", "#fdffb6", "#bdb2ff",
                                      "#ffadad", "#a0c4ff", "#d0f4de"};

static const char *colour(nt_type t)
{
    size_t n = sizeof colours / sizeof *colours;
    return colours[t >= 1 ? (size_t)(t - 1) % n : 0];
}

/* Whether ASCII byte c is written as it is: printable but & < > ", tab,
 * newline. */
static int plain_ascii(unsigned char c)
{
    return (c >= 0x20 && c < 0x7f && c != '&' && c != '<' && c != '>' &&
            c != '"') || c == '\n' || c == '\t';
}

/* Appends s[0..n) escaped for HTML text and attribute values. */
static void html_text(nt_buf *out, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0;
    while (i < n) {
        if (plain_ascii(u[i])) { /* most bytes: no decoding, no choice */
            i++;
            continue;
        }
        uint32_t cp = u[i];
        size_t k = u[i] >= 0x80 ? nt_utf8_decode(u + i, n - i, &cp) : 1;
        const char *rep = NULL;
        if (cp == '&') rep = "&amp;";
        else if (cp == '<') rep = "&lt;";
        else if (cp == '>') rep = "&gt;";
        else if (cp == '"') rep = "&quot;";
        else if (!k || (cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7f)
            rep = "\xEF\xBF\xBD";
        else if (cp == '\r') rep = "";
        if (!rep) {
            i += k;
            continue;
        }
        nt_buf_put(out, s + run, i - run);
        nt_buf_puts(out, rep);
        i += k ? k : 1;
        run = i;
    }
    nt_buf_put(out, s + run, n - run);
}

static void html_begin(nt_buf *out, const nt_fmt_opts *o)
{
    (void)o;
    nt_buf_puts(out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"generator\" content=\"newstag " NT_VERSION "\">\n"
        "<title>newstag</title>\n<style>\n"
        "body{font:16px/1.6 Georgia,serif;max-width:52em;margin:2em auto;padding:0 1em;color:#222}\n"
        ".text{white-space:pre-wrap}\n"
        "mark{color:inherit;border-radius:3px;padding:0 2px}\n"
        "mark[title]{cursor:help}\n"
        ".legend{list-style:none;padding:0}.legend li{display:inline-block;margin-right:1em}\n"
        "table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}\n"
        "td.n{text-align:right}\n");
    for (unsigned t = 1; t < NT_MAX_TYPES; t++)
        nt_buf_printf(out, ".t%u{background:%s}\n", t, colour((nt_type)t));
    nt_buf_puts(out, "</style>\n</head>\n<body>\n");
}

static void html_end(nt_buf *out, size_t ndocs, const nt_fmt_opts *o)
{
    (void)ndocs;
    (void)o;
    nt_buf_puts(out, "</body>\n</html>\n");
}

/* Appends t's name (letters, digits, _ and -: nothing to escape). */
static void put_type(nt_buf *out, nt_type t)
{
    const nt_type_name_slot *s = nt_type_name_at(t);
    nt_buf_put(out, s->s, s->n);
}

/* Appends " class=\"<cls>t<t's number>\"": the class of t's colour. */
static void put_class(nt_buf *out, const char *cls, nt_type t)
{
    nt_buf_puts(out, " class=\"");
    nt_buf_puts(out, cls);
    nt_buf_putc(out, 't');
    nt_buf_putu(out, (unsigned)t);
    nt_buf_putc(out, '"');
}

/* Opens an entity's mark: its type's class, and on hover its type and
 * value. Written piece by piece: with nt_buf_printf, three quarters of the
 * format's time went to vsnprintf. */
static void put_mark(nt_buf *out, const nt_entity *e)
{
    size_t vlen = strnlen(e->value, sizeof e->value);
    nt_buf_puts(out, "<mark");
    put_class(out, "ent ", e->type);
    nt_buf_puts(out, " data-type=\"");
    put_type(out, e->type);
    nt_buf_puts(out, "\" title=\"");
    put_type(out, e->type);
    if (vlen) {
        nt_buf_putc(out, ' ');
        html_text(out, e->value, vlen);
        nt_buf_puts(out, "\" data-value=\"");
        html_text(out, e->value, vlen);
    }
    nt_buf_puts(out, "\">");
}

static void put_text(nt_buf *out, const nt_doc *d)
{
    const char *text = d->text ? d->text : "";
    size_t pos = 0;
    nt_buf_puts(out, "<div class=\"text\">");
    for (size_t i = 0; i < d->ents.n; i++) {
        const nt_entity *e = &d->ents.v[i];
        if (e->start < pos || e->end < e->start || e->end > d->len)
            continue;
        html_text(out, text + pos, e->start - pos);
        put_mark(out, e);
        html_text(out, text + e->start, e->end - e->start);
        nt_buf_puts(out, "</mark>");
        pos = e->end;
    }
    html_text(out, text + pos, d->len - pos);
    nt_buf_puts(out, "</div>\n");
}

/* A distinct entity: its first mention and how many there are. */
typedef struct {
    size_t first, count;
} distinct;

static int by_count(const void *pa, const void *pb)
{
    const distinct *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    return a->first < b->first ? -1 : a->first > b->first;
}

/* Groups the entities by type and text. Returns the groups, most
 * mentioned first; *n their number. The caller frees. */
static distinct *group(const nt_doc *d, size_t *n)
{
    nt_map *m = nt_map_new();
    distinct *g = nt_xmalloc((d->ents.n ? d->ents.n : 1) * sizeof *g);
    nt_buf key;
    nt_buf_init(&key);
    *n = 0;
    for (size_t i = 0; i < d->ents.n; i++) {
        const nt_entity *e = &d->ents.v[i];
        if (e->end > d->len || e->start > e->end)
            continue;
        nt_buf_reset(&key);
        nt_buf_putc(&key, (char)e->type);
        nt_buf_put(&key, d->text + e->start, e->end - e->start);
        uint64_t *slot = nt_map_slot(m, key.data, key.len);
        if (*slot == 0) {
            g[*n] = (distinct){i, 0};
            *slot = ++*n;
        }
        g[*slot - 1].count++;
    }
    nt_buf_free(&key);
    nt_map_free(m);
    if (*n)
        qsort(g, *n, sizeof *g, by_count);
    return g;
}

static void put_legend(nt_buf *out, const nt_doc *d)
{
    size_t counts[NT_MAX_TYPES] = {0};
    for (size_t i = 0; i < d->ents.n; i++)
        if ((unsigned)d->ents.v[i].type < NT_MAX_TYPES)
            counts[d->ents.v[i].type]++;
    nt_buf_puts(out, "<ul class=\"legend\">\n");
    for (unsigned t = 1; t < NT_MAX_TYPES; t++)
        if (counts[t] || t < NT_NTYPES) {
            nt_buf_puts(out, "<li><mark");
            put_class(out, "", (nt_type)t);
            nt_buf_putc(out, '>');
            put_type(out, (nt_type)t);
            nt_buf_puts(out, "</mark> ");
            nt_buf_putu(out, counts[t]);
            nt_buf_puts(out, "</li>\n");
        }
    nt_buf_puts(out, "</ul>\n");
}

static void put_table(nt_buf *out, const nt_doc *d)
{
    size_t n;
    distinct *g = group(d, &n);
    nt_buf_puts(out, "<h2>Entities</h2>\n<table class=\"entities\">\n"
                     "<tr><th>entity</th><th>type</th><th>mentions</th></tr>\n");
    for (size_t i = 0; i < n; i++) {
        const nt_entity *e = &d->ents.v[g[i].first];
        nt_buf_puts(out, "<tr><td><mark");
        put_class(out, "", e->type);
        nt_buf_putc(out, '>');
        html_text(out, d->text + e->start, e->end - e->start);
        nt_buf_puts(out, "</mark></td><td>");
        put_type(out, e->type);
        nt_buf_puts(out, "</td><td class=\"n\">");
        nt_buf_putu(out, g[i].count);
        nt_buf_puts(out, "</td></tr>\n");
    }
    nt_buf_puts(out, "</table>\n");
    free(g);
}

static void html_doc(nt_buf *out, const nt_doc *d, size_t index,
                     const nt_fmt_opts *o)
{
    const char *name = d->name ? d->name : "";
    (void)index;
    (void)o;
    nt_buf_puts(out, "<section class=\"doc\">\n<h1>");
    html_text(out, name, strlen(name));
    nt_buf_puts(out, "</h1>\n");
    put_legend(out, d);
    put_text(out, d);
    put_table(out, d);
    nt_buf_puts(out, "</section>\n");
}

const nt_formatter nt_format_html = {
    .name = "html", .ext = "html",
    .begin = html_begin, .end = html_end, .doc = html_doc,
};
