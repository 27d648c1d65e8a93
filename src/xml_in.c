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

static int is_block(const xmlNode *n)
{
    for (const char *const *b = blocks; *b; b++)
        if (strcmp((const char *)n->name, *b) == 0)
            return 1;
    return 0;
}

/* XHTML's head, scripts and styles hold no article text. */
static int is_skipped(const xmlNode *n)
{
    static const char *const skipped[] = {"head", "script", "style", NULL};
    for (const char *const *k = skipped; *k; k++)
        if (strcmp((const char *)n->name, *k) == 0)
            return 1;
    return 0;
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

/* Headline and body of a NITF or NewsML-G2 article, in document order. */
static const char default_xpath[] =
    "//*[local-name()='hedline'] | //*[local-name()='body.content'] | "
    "//*[local-name()='contentMeta']/*[local-name()='headline'] | "
    "//*[local-name()='inlineXML'] | //*[local-name()='inlineData']";

/* Dates in article headers, best first. */
static const char *const date_xpaths[] = {
    "//*[local-name()='date.issue']/@norm",
    "//*[local-name()='date.release']/@norm",
    "//*[local-name()='firstCreated']",
    "//*[local-name()='contentCreated']",
    "//*[local-name()='versionCreated']",
    "//*[local-name()='pubdate']",
    "//*[local-name()='date']",
    NULL};

static void find_date(xmlXPathContextPtr xc, char ref_date[11])
{
    for (const char *const *q = date_xpaths; *q; q++) {
        xmlXPathObjectPtr r = nt_xml->xmlXPathEvalExpression((const xmlChar *)*q, xc);
        int found = 0;
        if (r && r->nodesetval && r->nodesetval->nodeNr > 0) {
            xmlChar *v = nt_xml->xmlNodeGetContent(r->nodesetval->nodeTab[0]);
            found = v && nt_reader_norm_date((const char *)v,
                                             strlen((const char *)v),
                                             ref_date) == 0;
            nt_xml->free(v);
        }
        nt_xml->xmlXPathFreeObject(r);
        if (found)
            return;
    }
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
            nt_textb_sep(&x->tb, NT_TEXTB_PARA);
            if (node->type == XML_ELEMENT_NODE ||
                node->type == XML_ATTRIBUTE_NODE)
                walk(x, node->children, 0);
            else if (node->content) /* a text node: just itself */
                nt_textb_text(&x->tb, (const char *)node->content,
                              strlen((const char *)node->content));
            nt_textb_sep(&x->tb, NT_TEXTB_PARA);
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
    xmlXPathContextPtr xc = nt_xml->xmlXPathNewContext(doc);
    xml_ctx x = {.tb = {.out = text}, .budget = len + ENTITY_BUDGET};
    int rc = 0, n = walk_selected(&x, xc, xpath ? xpath : default_xpath);
    if (n < 0) {
        nt_error_set(err, "invalid XPath expression '%s'", xpath);
        rc = -1;
    } else if (n == 0 && !xpath) {
        walk(&x, nt_xml->xmlDocGetRootElement(doc), 0);
    }
    if (x.overflow) {
        nt_error_set(err, "entity expansion too large");
        rc = -1;
    }
    if (rc == 0)
        find_date(xc, ref_date);
    nt_xml->xmlXPathFreeContext(xc);
    nt_xml->xmlFreeDoc(doc);
    nt_xml->xmlSetStructuredErrorFunc(NULL, NULL);
    return rc;
}
