/* html.c - the article text of an HTML page, parsed with libxml2's HTML
 * parser (which recovers from broken markup as browsers do, and decodes
 * entities and character references).
 *
 * The text comes from the page's <article>, else <main>, else <body>;
 * script, style, nav, aside, footer, forms and comments are skipped; block
 * elements end paragraphs. The page's <title> leads when the article has
 * no heading of its own.
 *
 * The source map: each text node is found again in the page's bytes, after
 * where the previous one was found, by matching its decoded text against
 * the source (character references decoded on the way). A node that cannot
 * be found (another encoding, markup the parser rewrote) gets no source,
 * and the entities in it no HTML offsets. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markup.h"
#include "textb.h"
#include "utf8.h"
#include "util.h"
#include "xmllib.h"

typedef struct {
    nt_textb tb;
    const char *src; /* the page's bytes */
    size_t len;
    size_t cursor;   /* where the search for the next text node starts */
    size_t *lines;   /* byte offset of each line's start, lines[0] unused */
    size_t nlines;
    char date[11];
    int date_rank;   /* how trustworthy date is: lower is better, 0 none */
    int keep_headers; /* <header>s belong to the article (inside one) */
    int map;          /* the page is UTF-8: its text can be found in it */
    unsigned misses;  /* text nodes not found in a row */
} html_ctx;

/* How far past the previous text node the next one is looked for (plus
 * eight times its length): scripts, styles and markup between two text
 * nodes of a page rarely reach it. */
#define SEARCH_WINDOW 65536

/* Whether n is an element called name (lowercase ASCII, as every name
 * asked about here), in any case. The first letter is compared first: the
 * searches of the tree (find) ask every element, and strcasecmp each time
 * was a tenth of a page's walks. */
static int name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name &&
           (n->name[0] | 0x20) == name[0] &&
           strcasecmp((const char *)n->name, name) == 0;
}

/* What an element is to the walk, by its name. */
enum {
    TAG_SKIPPED = 1, /* its text is not the article's */
    TAG_BLOCK = 2,   /* it ends paragraphs */
    TAG_HEADER = 4,
    TAG_BR = 8
};

/* Sorted by name, for tag_flags. */
static const struct {
    char name[12]; /* zero-padded: read as two words (see name_key) */
    unsigned char flags;
} tags[] = {
    {"address", TAG_BLOCK},    {"article", TAG_BLOCK},
    {"aside", TAG_SKIPPED},    {"blockquote", TAG_BLOCK},
    {"br", TAG_BR},            {"button", TAG_SKIPPED},
    {"canvas", TAG_SKIPPED},   {"caption", TAG_BLOCK},
    {"dd", TAG_BLOCK},         {"details", TAG_BLOCK},
    {"dialog", TAG_SKIPPED},   {"div", TAG_BLOCK},
    {"dl", TAG_BLOCK},         {"dt", TAG_BLOCK},
    {"figcaption", TAG_BLOCK}, {"figure", TAG_BLOCK},
    {"footer", TAG_SKIPPED},   {"form", TAG_SKIPPED},
    {"h1", TAG_BLOCK},         {"h2", TAG_BLOCK},
    {"h3", TAG_BLOCK},         {"h4", TAG_BLOCK},
    {"h5", TAG_BLOCK},         {"h6", TAG_BLOCK},
    {"head", TAG_SKIPPED},     {"header", TAG_BLOCK | TAG_HEADER},
    {"hr", TAG_BLOCK},         {"iframe", TAG_SKIPPED},
    {"li", TAG_BLOCK},         {"main", TAG_BLOCK},
    {"menu", TAG_SKIPPED},     {"nav", TAG_SKIPPED},
    {"noscript", TAG_SKIPPED}, {"object", TAG_SKIPPED},
    {"ol", TAG_BLOCK},         {"p", TAG_BLOCK},
    {"pre", TAG_BLOCK},        {"script", TAG_SKIPPED},
    {"section", TAG_BLOCK},    {"select", TAG_SKIPPED},
    {"style", TAG_SKIPPED},    {"summary", TAG_BLOCK},
    {"svg", TAG_SKIPPED},      {"table", TAG_BLOCK},
    {"td", TAG_BLOCK},         {"template", TAG_SKIPPED},
    {"textarea", TAG_SKIPPED}, {"th", TAG_BLOCK},
    {"title", TAG_BLOCK},      {"tr", TAG_BLOCK},
    {"ul", TAG_BLOCK},
};

/* A zero-padded name of up to 11 bytes as two numbers that order as the
 * names do (the first byte the most significant): a comparison of names is
 * two comparisons of numbers. */
typedef struct {
    uint64_t hi;
    uint32_t lo;
} name_key;

static name_key key_of(const char s[12])
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t hi = 0;
    uint32_t lo = 0;
    for (int i = 0; i < 8; i++) /* compiled to a load and a byte swap */
        hi = hi << 8 | u[i];
    for (int i = 8; i < 12; i++)
        lo = lo << 8 | u[i];
    return (name_key){hi, lo};
}

/* The TAG_* of element n: its name looked up in tags, whatever its case
 * (a binary search: comparing each name in turn was 12M instructions on a
 * page of 430 KB, 6% of its annotation; strcmp in the search was still 3%
 * of 300 pages of documentation). */
static unsigned tag_flags(const xmlNode *n)
{
    char low[sizeof tags[0].name] = {0};
    const char *s = (const char *)n->name;
    if (!s)
        return 0;
    for (size_t k = 0; s[k]; k++) {
        if (k + 1 == sizeof low)
            return 0; /* longer than any name of the table */
        low[k] = (char)((s[k] >= 'A' && s[k] <= 'Z') ? s[k] + 32 : s[k]);
    }
    name_key key = key_of(low);
    size_t lo = 0, hi = sizeof tags / sizeof *tags;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        name_key t = key_of(tags[mid].name);
        if (key.hi == t.hi && key.lo == t.lo)
            return tags[mid].flags;
        if (key.hi < t.hi || (key.hi == t.hi && key.lo < t.lo))
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* ---- finding text in the source ---- */

/* Decodes the character reference at s[0..n) ("&amp;", "&#8217;",
 * "&#x2019;") into u (4 bytes). Returns the bytes of source it takes, 0
 * when there is none there. */
static size_t decode_ref(const char *s, size_t n, char *u, size_t *ulen)
{
    size_t i = 1;
    unsigned long cp = 0;
    if (n < 3 || s[0] != '&')
        return 0;
    if (s[1] == '#') {
        int hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
        for (i = hex ? 3 : 2; i < n && i < 12; i++) {
            int c = (unsigned char)s[i], v;
            if (c >= '0' && c <= '9') v = c - '0';
            else if (hex && (c | 32) >= 'a' && (c | 32) <= 'f') v = (c | 32) - 'a' + 10;
            else break;
            cp = cp * (hex ? 16 : 10) + (unsigned long)v;
        }
    } else {
        char name[40];
        while (i < n && i < sizeof name &&
               (((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') ||
                (s[i] >= '0' && s[i] <= '9')))
            i++;
        memcpy(name, s + 1, i - 1);
        name[i - 1] = '\0';
        const htmlEntityDesc *e = nt_xml->htmlEntityLookup((const xmlChar *)name);
        if (!e)
            return 0;
        cp = e->value;
    }
    if (i < n && s[i] == ';')
        i++;
    if (cp == 0 || cp > 0x10FFFF)
        return 0;
    *ulen = (size_t)nt_xml->xmlCopyCharMultiByte((xmlChar *)u, (int)cp);
    return *ulen ? i : 0;
}

/* Matches the text node content c[0..n) against the source from p,
 * appending the text with its segments to tb as it goes. Returns the
 * source offset after the match, or (size_t)-1 (what it appended is the
 * caller's to take back). */
static size_t match_at(html_ctx *h, const char *c, size_t n, size_t p,
                       nt_textb *tb)
{
    const char *s = h->src;
    size_t i = 0;
    while (i < n) {
        if (nt_textb_is_ws((unsigned char)c[i])) {
            while (i < n && nt_textb_is_ws((unsigned char)c[i]))
                i++;
            size_t p0 = p;
            while (p < h->len && nt_textb_is_ws((unsigned char)s[p]))
                p++;
            if (p == p0)
                return (size_t)-1;
            nt_textb_sep(tb, NT_TEXTB_SPACE);
            continue;
        }
        if (p >= h->len || s[p] == '<')
            return (size_t)-1;
        char u[8];
        size_t ulen = 0, m = s[p] == '&' ? decode_ref(s + p, h->len - p, u, &ulen) : 0;
        if (m) {
            if (ulen > n - i || memcmp(u, c + i, ulen) != 0)
                return (size_t)-1;
            nt_textb_put(tb, c + i, ulen, (uint32_t)p, (uint32_t)m);
            i += ulen;
            p += m;
            continue;
        }
        size_t j = i; /* a run of bytes equal in both */
        while (j < n && p + (j - i) < h->len && c[j] == s[p + (j - i)] &&
               c[j] != '&' && c[j] != '<' && !nt_textb_is_ws((unsigned char)c[j]))
            j++;
        if (j == i)
            return (size_t)-1;
        while (j < n && j > i && ((unsigned char)c[j] & 0xC0) == 0x80)
            j--; /* never cut a character */
        if (j == i)
            return (size_t)-1;
        nt_textb_put(tb, c + i, j - i, (uint32_t)p, (uint32_t)(j - i));
        p += j - i;
        i = j;
    }
    return p;
}

/* Appends a text node: found in the source after the cursor (at the cursor
 * or just after a '>'), else without a source. */
static void add_text(html_ctx *h, const char *c, size_t n)
{
    size_t lead = 0;
    while (lead < n && nt_textb_is_ws((unsigned char)c[lead]))
        lead++;
    if (lead == n) {
        if (n)
            nt_textb_sep(&h->tb, NT_TEXTB_SPACE);
        return;
    }
    /* The window bounds the search for a node the page does not hold as
     * such, and shrinks while nodes are not found, so that a page of such
     * nodes costs linear time. */
    size_t window = (SEARCH_WINDOW >> (h->misses < 6 ? h->misses : 6)) + 8 * n;
    if (window > h->len - h->cursor)
        window = h->len - h->cursor;
    for (size_t p = h->cursor; h->map && p < h->cursor + window;) {
        /* appended as it is matched, taken back if it fails (a pass to
         * check, then one to append, cost twice as much) */
        nt_textb_mark m = nt_textb_here(&h->tb);
        size_t end = match_at(h, c, n, p, &h->tb);
        if (end != (size_t)-1) {
            h->cursor = end;
            h->misses = 0;
            return;
        }
        nt_textb_back(&h->tb, &m);
        const char *gt = memchr(h->src + p, '>', h->len - p);
        if (!gt)
            break;
        p = (size_t)(gt - h->src) + 1;
    }
    h->misses++;
    nt_textb_text(&h->tb, c, n);
}

/* ---- the walk ---- */

/* Words of class, id and role attributes that mark a page's furniture:
 * cookie banners, share buttons, comments, ads, related links. */
static const char *const furniture[] = {
    "cookie", "cookies", "consent", "share", "sharing", "social", "comments",
    "comment", "ad", "ads", "advert", "advertisement", "banner", "promo",
    "newsletter", "related", "sidebar", "breadcrumb", "breadcrumbs", "menu",
    "nav", "navigation", "masthead", "subscribe", "popup", "modal",
    "complementary", "contentinfo", NULL};

/* Whether the attribute value v holds one of the furniture words, as a
 * word of its own ("ad-slot", "share_bar", "site-nav"). */
static int has_furniture(const char *v, const char *unused)
{
    (void)unused;
    int found = 0;
    for (const char *p = v; *p && !found;) {
        size_t k = strcspn(p, " \t\n-_");
        for (const char *const *w = furniture; *w && !found; w++)
            found = strlen(*w) == k && strncasecmp(p, *w, k) == 0;
        p += k + (p[k] != '\0');
    }
    return found;
}

/* Whether attribute a's value, as xmlGetProp reads it, passes test (with
 * arg). Read in place when it is one text node, as an HTML page's values
 * are: xmlGetProp's copy of it was most of the cost of the walk. */
static int attr_passes(const xmlAttr *a, int (*test)(const char *, const char *),
                       const char *arg)
{
    const xmlNode *v = a->children;
    if (!v)
        return test("", arg);
    if (!v->next && (v->type == XML_TEXT_NODE || v->type == XML_CDATA_SECTION_NODE))
        return v->content && test((const char *)v->content, arg);
    xmlChar *s = nt_xml->xmlGetProp(a->parent, a->name);
    int passes = s && test((const char *)s, arg);
    nt_xml->free(s);
    return passes;
}

/* Whether element n's attributes leave it out of the article: hidden, or
 * a furniture word in its class, id or role. As xmlHasProp and xmlGetProp
 * find them: by name, the first of each name. */
static int hidden_by_attrs(const xmlNode *n)
{
    static const char *const names[] = {"hidden", "class", "id", "role"};
    unsigned seen = 0;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        unsigned i = 0;
        while (i < 4 && !(a->name && strcmp((const char *)a->name, names[i]) == 0))
            i++;
        if (i == 4 || (seen & 1u << i))
            continue;
        seen |= 1u << i;
        if (i == 0 || attr_passes(a, has_furniture, NULL))
            return 1;
    }
    return 0;
}

/* Notes where each line of the page starts: an element's line number lets
 * the search for its text skip what comes before, so that a headline is
 * not found in the <title> that repeats it. */
static void index_lines(html_ctx *h)
{
    size_t cap = 0;
    h->lines = nt_xgrow(NULL, &cap, 2, sizeof *h->lines);
    h->lines[1] = 0;
    h->nlines = 1;
    for (const char *p = h->src; (p = memchr(p, '\n', h->len - (size_t)(p - h->src)));) {
        p++;
        h->lines = nt_xgrow(h->lines, &cap, h->nlines + 2, sizeof *h->lines);
        h->lines[++h->nlines] = (size_t)(p - h->src);
        if (p == h->src + h->len)
            break;
    }
}

/* Moves the search cursor to the start of line at least (libxml2 keeps
 * line numbers up to 65535; above that they are not used). */
static void skip_to_line(html_ctx *h, unsigned line)
{
    if (line >= 1 && line < 65535 && line <= h->nlines &&
        h->lines[line] > h->cursor)
        h->cursor = h->lines[line];
}

static void walk(html_ctx *h, const xmlNode *n);

/* Appends the text of node n and below. */
static void walk_node(html_ctx *h, const xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            add_text(h, (const char *)n->content,
                     strlen((const char *)n->content));
        return;
    }
    if (n->type != XML_ELEMENT_NODE)
        return;
    unsigned f = tag_flags(n);
    if ((f & TAG_SKIPPED) || ((f & TAG_HEADER) && !h->keep_headers) ||
        hidden_by_attrs(n))
        return;
    skip_to_line(h, n->line);
    int block = f & TAG_BLOCK;
    if (block)
        nt_textb_sep(&h->tb, NT_TEXTB_PARA);
    if (f & TAG_BR)
        nt_textb_sep(&h->tb, NT_TEXTB_LINE);
    walk(h, n->children);
    if (block)
        nt_textb_sep(&h->tb, NT_TEXTB_PARA);
}

/* Appends the text of n and its following siblings. */
static void walk(html_ctx *h, const xmlNode *n)
{
    for (; n; n = n->next)
        walk_node(h, n);
}

/* Moves the search cursor to the first "<tag" after it, if there is one:
 * the text of the body is looked for after the page's head (minified pages
 * hold everything on one line, where line numbers do not help). */
static void skip_to_tag(html_ctx *h, const char *tag)
{
    size_t k = strlen(tag);
    for (size_t p = h->cursor; p + k + 1 < h->len; p++)
        if (h->src[p] == '<' && strncasecmp(h->src + p + 1, tag, k) == 0) {
            h->cursor = p;
            return;
        }
}

/* The first element called name below n, in document order. */
static const xmlNode *find(const xmlNode *n, const char *name)
{
    for (; n; n = n->next) {
        if (name_is(n, name))
            return n;
        const xmlNode *f = n->type == XML_ELEMENT_NODE ? find(n->children, name) : NULL;
        if (f)
            return f;
    }
    return NULL;
}

/* ---- the date ---- */

/* Keeps the date in v when it is better (lower rank) than the one held. */
static void offer_date(html_ctx *h, const xmlChar *v, int rank)
{
    char d[11];
    if (!v || (h->date_rank && h->date_rank <= rank))
        return;
    if (nt_reader_norm_date((const char *)v, strlen((const char *)v), d) == 0) {
        memcpy(h->date, d, sizeof d);
        h->date_rank = rank;
    }
}

static int same_ci(const char *v, const char *value)
{
    return strcasecmp(v, value) == 0;
}

/* Whether n's attribute attr (the first so called, as xmlGetProp finds it)
 * is value, in any case. */
static int attr_is(const xmlNode *n, const char *attr, const char *value)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && strcmp((const char *)a->name, attr) == 0)
            return attr_passes(a, same_ci, value);
    return 0;
}

/* Ranks of the places a page states its date, best first. */
static const struct {
    const char *attr, *value;
    int rank;
} meta_dates[] = {
    {"property", "article:published_time", 1},
    {"itemprop", "datePublished", 2},
    {"name", "date", 3},
    {"name", "pubdate", 3},
    {"name", "publishdate", 3},
    {"name", "dc.date", 4},
    {"name", "dc.date.issued", 4},
    {"name", "dcterms.created", 4},
    {"property", "og:published_time", 4},
};

static void look_for_dates(html_ctx *h, const xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(n, "meta")) {
            for (size_t i = 0; i < sizeof meta_dates / sizeof *meta_dates; i++)
                if (attr_is(n, meta_dates[i].attr, meta_dates[i].value)) {
                    xmlChar *c = nt_xml->xmlGetProp((xmlNode *)n, (const xmlChar *)"content");
                    offer_date(h, c, meta_dates[i].rank);
                    nt_xml->free(c);
                }
        } else if (name_is(n, "time")) {
            xmlChar *c = nt_xml->xmlGetProp((xmlNode *)n, (const xmlChar *)"datetime");
            offer_date(h, c, attr_is(n, "itemprop", "datePublished") ? 2 : 5);
            nt_xml->free(c);
        }
        look_for_dates(h, n->children);
    }
}

/* ---- the page ---- */

/* Whether the page's bytes are UTF-8 throughout (else libxml2 reads it as
 * Latin-1, and its text is not in it as such). */
static int valid_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t cp;
    if (nt_utf8_sanitize(s, n, NULL) == 0)
        return 1; /* the quick scan; it counts NUL bytes too, valid here */
    for (size_t i = 0; i < n;) {
        size_t k = u[i] < 0x80 ? 1 : nt_utf8_decode(u + i, n - i, &cp);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

/* Whether an encoding name (a meta charset) means bytes the page's text can
 * be found in as libxml2 decoded it: UTF-8, or its ASCII subset. */
static int is_utf8_name(const char *e)
{
    return strcasecmp(e, "utf-8") == 0 || strcasecmp(e, "utf8") == 0 ||
           strcasecmp(e, "us-ascii") == 0 || strcasecmp(e, "ascii") == 0;
}

/* The length of xmlNodeGetContent(n) for an element, without making it:
 * the text and CDATA below n, an entity reference's as libxml2 reads it. */
static size_t content_len(const xmlNode *n)
{
    size_t len = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            len += c->content ? strlen((const char *)c->content) : 0;
        } else if (c->type == XML_ENTITY_REF_NODE) { /* none in HTML */
            xmlChar *t = nt_xml->xmlNodeGetContent((xmlNode *)c);
            len += t ? strlen((const char *)t) : 0;
            nt_xml->free(t);
        } else if (c->children && c->children->type != XML_ENTITY_DECL) {
            len += content_len(c);
        }
    }
    return len;
}

/* Text length of the <p> children of n. */
static size_t p_text(const xmlNode *n)
{
    size_t len = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (name_is(c, "p"))
            len += content_len(c);
    return len;
}

/* The element below n whose paragraphs hold the most text. */
static void most_p(const xmlNode *n, const xmlNode **best, size_t *score,
                   size_t *total)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || (tag_flags(c) & TAG_SKIPPED))
            continue;
        size_t t = p_text(c);
        *total += t;
        if (t > *score) {
            *score = t;
            *best = c;
        }
        most_p(c, best, score, total);
    }
}

/* A page without <article> or <main>: the element holding most of the
 * body's paragraph text, when one holds more than half of it (the story
 * in a layout div), else the body. */
static const xmlNode *densest(const xmlNode *body)
{
    const xmlNode *best = NULL;
    size_t score = p_text(body), total = score;
    most_p(body, &best, &score, &total);
    return best && 2 * score > total ? best : body;
}

/* Whether the subtree has a heading of its own. */
static int has_heading(const xmlNode *n)
{
    return find(n->children, "h1") || find(n->children, "h2");
}

/* Parses the page, recovering from errors. libxml2 stops reading at
 * elements nested more than 256 deep (its limit, kept: the tree walks here
 * recurse) and keeps what it read so far; that page is refused rather than
 * annotated with its text silently cut. NULL with err set on failure. */
static htmlDocPtr parse_page(const char *data, size_t len, nt_error *err)
{
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    if (len > INT32_MAX) {
        nt_error_set(err, "HTML page too large");
        return NULL;
    }
    htmlParserCtxtPtr ctxt = nt_xml->htmlNewParserCtxt();
    if (!ctxt) {
        nt_error_set(err, "out of memory");
        return NULL;
    }
    htmlDocPtr doc = nt_xml->htmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL, opts);
    const xmlError *e = &ctxt->lastError;
    if (doc && e->code == XML_ERR_INTERNAL_ERROR && e->message &&
        strstr(e->message, "Excessive depth")) {
        nt_error_set(err, "line %d: elements nested too deeply (over 256)",
                     e->line);
        nt_xml->xmlFreeDoc(doc);
        doc = NULL;
    } else if (!doc)
        nt_error_set(err, "not an HTML page libxml2 can read");
    nt_xml->htmlFreeParserCtxt(ctxt);
    return doc;
}

int nt_html_extract(const char *data, size_t len, nt_buf *text,
                    nt_srcinfo *si, char ref_date[11], nt_error *err)
{
    htmlDocPtr doc = nt_xml_load(err) ? NULL : parse_page(data, len, err);
    html_ctx h = {.tb = {.out = text, .si = si}, .src = data, .len = len};
    ref_date[0] = '\0';
    if (!doc)
        return -1;
    index_lines(&h);
    h.map = (!doc->encoding || is_utf8_name((const char *)doc->encoding)) &&
            valid_utf8(data, len);
    const xmlNode *root = nt_xml->xmlDocGetRootElement(doc);
    const xmlNode *body = root ? find(root, "article") : NULL;
    if (!body && root)
        body = find(root, "main");
    const xmlNode *page = body ? NULL : root ? find(root, "body") : NULL;
    if (page)
        body = densest(page);
    h.keep_headers = body != page; /* a site's masthead is the body's */
    const xmlNode *title = root ? find(root, "title") : NULL;
    const xmlNode *h1 = page && !has_heading(body) ? find(root, "h1") : NULL;
    if (h1)
        walk_node(&h, h1);
    else if (title && (!body || !has_heading(body)))
        walk(&h, title->children);
    nt_textb_sep(&h.tb, NT_TEXTB_PARA);
    skip_to_tag(&h, "body");
    if (body) {
        skip_to_tag(&h, (const char *)body->name);
        walk(&h, body->children);
    }
    for (const xmlNode *n = body ? NULL : root; n; n = n->next)
        if (n != title)
            walk_node(&h, n);
    look_for_dates(&h, root);
    memcpy(ref_date, h.date, sizeof h.date);
    si->has_map = h.map;
    free(h.lines);
    nt_xml->xmlFreeDoc(doc);
    return 0;
}
