/* xml_in.c - the text of an XML article (NITF, NewsML-G2, or any XML).
 *
 * Safe parsing. The options are XML_PARSE_NONET (no network access),
 * XML_PARSE_NOCDATA (CDATA read as text) and the error silencers; left out
 * on purpose are XML_PARSE_NOENT (entity substitution), XML_PARSE_DTDLOAD,
 * XML_PARSE_DTDATTR, XML_PARSE_DTDVALID (no external DTD is read) and
 * XML_PARSE_HUGE (libxml2's limits on depth, text size and entity
 * amplification stay on, which is what stops "billion laughs"). On top,
 * nt_xml_load installs an external entity loader that refuses every load,
 * so no SYSTEM entity or DTD is ever read, from disk or network, whatever
 * the options. Internal entities are expanded by this file's own
 * walk, with a depth limit and a budget on the text they add. */
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "markup.h"
#include "textb.h"
#include "util.h"
#include "xmllib.h"

/* Text that entity references may add, beyond the document's own size. */
#define ENTITY_BUDGET (1u << 20)
#define ENTITY_DEPTH 4

typedef struct {
    nt_textb tb;
    size_t budget; /* bytes entity expansions may still add */
    int overflow;
} xml_ctx;

/* Elements after which a paragraph ends, in NITF, NewsML-G2 and XHTML. */
static const char *const blocks[] = {
    "p", "hl1", "hl2", "headline", "subheadline", "title", "li", "block",
    "byline", "dateline", "abstract", "h1", "h2", "h3", "h4", "para",
    "description", "div", "section", "table", "tr", "td", NULL};

/* Whether name is s: the first bytes compared before strcmp, which most
 * names of the lists below fail (a call to strcmp for each was half the
 * walks' cost). */
static int same_name(const xmlChar *name, const char *s)
{
    return name && name[0] == (xmlChar)s[0] && strcmp((const char *)name, s) == 0;
}

static int in_list(const xmlNode *n, const char *const *list)
{
    for (; *list; list++)
        if (same_name(n->name, *list))
            return 1;
    return 0;
}

static int is_block(const xmlNode *n)
{
    return in_list(n, blocks);
}

/* XHTML's head, scripts and styles hold no article text. */
static int is_skipped(const xmlNode *n)
{
    static const char *const skipped[] = {"head", "script", "style", NULL};
    return in_list(n, skipped);
}

static void walk(xml_ctx *x, const xmlNode *n, int depth);

/* An internal entity's text, within the depth limit and the budget. */
static void walk_entity(xml_ctx *x, const xmlNode *ref, int depth)
{
    const xmlEntity *e = (const xmlEntity *)ref->children;
    if (!e || e->type != XML_ENTITY_DECL ||
        e->etype != XML_INTERNAL_GENERAL_ENTITY || depth >= ENTITY_DEPTH) {
        return;
    }
    size_t before = x->tb.out->len;
    walk(x, e->children, depth + 1);
    size_t added = x->tb.out->len - before;
    if (added > x->budget) {
        x->overflow = 1;
        x->budget = 0;
    } else {
        x->budget -= added;
    }
}

static void walk(xml_ctx *x, const xmlNode *n, int depth)
{
    for (; n && !x->overflow; n = n->next) {
        switch (n->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (n->content)
                nt_textb_text(&x->tb, (const char *)n->content,
                              strlen((const char *)n->content));
            break;
        case XML_ENTITY_REF_NODE:
            walk_entity(x, n, depth);
            break;
        case XML_ELEMENT_NODE: {
            if (is_skipped(n))
                break;
            int block = is_block(n);
            if (block)
                nt_textb_sep(&x->tb, NT_TEXTB_PARA);
            walk(x, n->children, depth);
            if (block)
                nt_textb_sep(&x->tb, NT_TEXTB_PARA);
            break;
        }
        default:
            break;
        }
    }
}

/* ---- the default selection, and the date ----
 *
 * Without --xpath, the headline and body of a NITF or NewsML-G2 article:
 * the elements whose local name (any namespace) is hedline, body.content,
 * inlineXML or inlineData, and headline children of contentMeta, walked
 * in document order, as the union of XPath's descendant::* steps with
 * those local-name() tests selects them (the one inside another taken
 * with it). The date: the first of these that holds one, best first:
 * the norm attribute of date.issue, of date.release, then the text of the
 * first element called firstCreated, contentCreated, versionCreated,
 * pubdate, date. Both are found in one walk of the tree, which goes as
 * XPath's descendant axis does (not into the DTD, nor into an entity
 * reference): evaluated by libxml2, each term a scan of the tree making a
 * string of every element's local-name(), they were 56% of the time of a
 * NITF article. */

/* Dates in article headers, best first: an element's local name, and the
 * attribute (no namespace) that holds its date, or NULL for its text. */
static const struct {
    const char *element, *attr;
} date_places[] = {
    {"date.issue", "norm"}, {"date.release", "norm"}, {"firstCreated", NULL},
    {"contentCreated", NULL}, {"versionCreated", NULL}, {"pubdate", NULL},
    {"date", NULL}};

#define NDATES (sizeof date_places / sizeof *date_places)

/* What the walk finds: the default selection, and the first node of each
 * date place. */
typedef struct {
    const xmlNode **picked;
    size_t npicked, cap;
    const xmlNode *date[NDATES];
} finds;

static int is_named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && same_name(n->name, name);
}

/* Whether element n is one the default selection takes. */
static int default_pick(const xmlNode *n)
{
    static const char *const names[] = {"hedline", "body.content", "inlineXML",
                                        "inlineData", NULL};
    return in_list(n, names) ||
           (is_named(n, "headline") && is_named(n->parent, "contentMeta"));
}

/* n's attribute called name in no namespace, as XPath's @name finds it. */
static const xmlNode *plain_attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (!a->ns && a->name && strcmp((const char *)a->name, name) == 0)
            return (const xmlNode *)a;
    return NULL;
}

static void note_dates(finds *f, const xmlNode *n)
{
    for (size_t i = 0; i < NDATES; i++) {
        if (f->date[i] || !is_named(n, date_places[i].element))
            continue;
        f->date[i] = date_places[i].attr ? plain_attr(n, date_places[i].attr) : n;
    }
}

/* Walks the nodes from n on and their descendants in document order:
 * dates are looked for in all of them, the selection takes the outermost
 * (inside a taken one is already in). */
static void find_all(finds *f, const xmlNode *n, int inside)
{
    for (; n; n = n->next) {
        if (n->type == XML_DTD_NODE || n->type == XML_ENTITY_DECL)
            continue;
        int take = 0;
        if (n->type == XML_ELEMENT_NODE) {
            note_dates(f, n);
            take = !inside && default_pick(n);
            if (take) {
                f->picked = nt_xgrow(f->picked, &f->cap, f->npicked + 1,
                                     sizeof *f->picked);
                f->picked[f->npicked++] = n;
            }
        }
        if (n->children && n->children->type != XML_ENTITY_DECL)
            find_all(f, n->children, inside || take);
    }
}

/* The first date place, best first, whose node holds a date libxml2 reads
 * (its text, or the attribute's value) and nt_reader_norm_date takes. */
static void find_date(const finds *f, char ref_date[11])
{
    for (size_t i = 0; i < NDATES; i++) {
        if (!f->date[i])
            continue;
        xmlChar *v = nt_xml->xmlNodeGetContent((xmlNode *)f->date[i]);
        int found = v && nt_reader_norm_date((const char *)v,
                                             strlen((const char *)v),
                                             ref_date) == 0;
        nt_xml->free(v);
        if (found)
            return;
    }
}

/* Walks one selected node's text between paragraph breaks. */
static void walk_one(xml_ctx *x, const xmlNode *node)
{
    nt_textb_sep(&x->tb, NT_TEXTB_PARA);
    if (node->type == XML_ELEMENT_NODE || node->type == XML_ATTRIBUTE_NODE)
        walk(x, node->children, 0);
    else if (node->content) /* a text node: just itself */
        nt_textb_text(&x->tb, (const char *)node->content,
                      strlen((const char *)node->content));
    nt_textb_sep(&x->tb, NT_TEXTB_PARA);
}

/* Whether an ancestor of n is among the selected nodes (a map keyed by
 * node address): its text is already in. */
static int inside_other(const nt_map *selected, const xmlNode *n)
{
    for (const xmlNode *p = n->parent; p; p = p->parent)
        if (nt_map_get(selected, (const char *)&p, sizeof p))
            return 1;
    return 0;
}

/* Walks the nodes expr selects. Returns the number walked, or -1 when
 * expr is not a valid XPath expression. */
static int walk_selected(xml_ctx *x, xmlXPathContextPtr xc, const char *expr)
{
    xmlXPathObjectPtr r = nt_xml->xmlXPathEvalExpression((const xmlChar *)expr, xc);
    if (!r)
        return -1;
    int n = 0;
    if (r->type == XPATH_NODESET && r->nodesetval) {
        const xmlNodeSet *set = r->nodesetval;
        nt_map *selected = nt_map_new();
        for (int i = 0; i < set->nodeNr; i++)
            *nt_map_slot(selected, (const char *)&set->nodeTab[i],
                         sizeof set->nodeTab[i]) = 1;
        for (int i = 0; i < set->nodeNr; i++) {
            const xmlNode *node = set->nodeTab[i];
            if (inside_other(selected, node))
                continue;
            walk_one(x, node);
            n++;
        }
        nt_map_free(selected);
    } else if (r->type == XPATH_STRING && r->stringval) {
        nt_textb_text(&x->tb, (const char *)r->stringval,
                      strlen((const char *)r->stringval));
        n = 1;
    }
    nt_xml->xmlXPathFreeObject(r);
    return n;
}

/* Keeps libxml2's first error message for the caller. */
static void on_error(void *ctx, xmlErrorPtr e)
{
    nt_error *err = ctx;
    if (err->msg[0] == '\0' && e && e->message)
        nt_error_set(err, "line %d: %.*s", e->line,
                     (int)strcspn(e->message, "\n"), e->message);
}

/* Drops XPath's messages: a bad expression is reported by the caller. */
static void quiet(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

static xmlDocPtr parse(const char *data, size_t len, nt_error *err)
{
    const int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
                     XML_PARSE_NOWARNING;
    xmlParserCtxtPtr ctxt = nt_xml->xmlNewParserCtxt();
    if (!ctxt || len > INT32_MAX) {
        nt_xml->xmlFreeParserCtxt(ctxt);
        nt_error_set(err, "XML document too large");
        return NULL;
    }
    err->msg[0] = '\0';
    nt_xml->xmlSetStructuredErrorFunc(err, on_error);
    xmlDocPtr doc = nt_xml->xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL, opts);
    int ok = doc && ctxt->wellFormed;
    nt_xml->xmlSetStructuredErrorFunc(NULL, quiet);
    nt_xml->xmlFreeParserCtxt(ctxt);
    if (!ok) {
        nt_xml->xmlFreeDoc(doc);
        if (err->msg[0] == '\0')
            nt_error_set(err, "not well-formed XML");
        return NULL;
    }
    return doc;
}

int nt_xml_extract(const char *data, size_t len, const char *xpath,
                   nt_buf *text, char ref_date[11], nt_error *err)
{
    ref_date[0] = '\0';
    if (nt_xml_load(err))
        return -1;
    xmlDocPtr doc = parse(data, len, err);
    if (!doc)
        return -1;
    xml_ctx x = {.tb = {.out = text}, .budget = len + ENTITY_BUDGET};
    finds f = {0};
    find_all(&f, doc->children, 0);
    int rc = 0;
    if (xpath) {
        xmlXPathContextPtr xc = nt_xml->xmlXPathNewContext(doc);
        if (walk_selected(&x, xc, xpath) < 0) {
            nt_error_set(err, "invalid XPath expression '%s'", xpath);
            rc = -1;
        }
        nt_xml->xmlXPathFreeContext(xc);
    } else if (f.npicked) {
        for (size_t i = 0; i < f.npicked && !x.overflow; i++)
            walk_one(&x, f.picked[i]);
    } else {
        walk(&x, nt_xml->xmlDocGetRootElement(doc), 0);
    }
    if (x.overflow) {
        nt_error_set(err, "entity expansion too large");
        rc = -1;
    }
    if (rc == 0)
        find_date(&f, ref_date);
    free(f.picked);
    nt_xml->xmlFreeDoc(doc);
    nt_xml->xmlSetStructuredErrorFunc(NULL, NULL);
    return rc;
}
