/* format_xml.c - the xml format: the document's text with MUC-style inline
 * marks, <ENAMEX TYPE="PERSON">...</ENAMEX> for names and <TIMEX3 tid="t1"
 * type="DATE" value="2015-05-09">...</TIMEX3> for time expressions, inside
 * <DOC file="..."> (several documents: inside <DOCS>).
 *
 * Written with libxml2's xmlTextWriter, which escapes markup characters;
 * what XML 1.0 cannot hold at all (invalid UTF-8, control characters other
 * than tab, newline and carriage return, U+FFFE/U+FFFF) becomes U+FFFD
 * first, so the output is always well-formed. */
#include <string.h>

#include "format.h"
#include "utf8.h"
#include "xmllib.h"

/* Copies s[0..n) into tmp as text XML can hold, NUL-terminated. */
static const xmlChar *xml_safe(nt_buf *tmp, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    nt_buf_reset(tmp);
    size_t run = 0, i = 0;
    while (i < n) {
        uint32_t cp = u[i];
        size_t k = 1;
        if (u[i] >= 0x80)
            k = nt_utf8_decode(u + i, n - i, &cp);
        int ok = k && (cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r') &&
                 cp != 0xFFFE && cp != 0xFFFF;
        if (ok) {
            i += k;
            continue;
        }
        nt_buf_put(tmp, s + run, i - run);
        nt_buf_puts(tmp, "\xEF\xBF\xBD");
        i += k ? k : 1;
        run = i;
    }
    nt_buf_put(tmp, s + run, n - run);
    return (const xmlChar *)nt_buf_cstr(tmp);
}

static const char *const timex_names[] = {"DATE", "DATE", "TIME", "DURATION",
                                          "SET"};

/* Writes one entity's element with its text. */
static void put_entity(xmlTextWriterPtr w, nt_buf *tmp, const nt_doc *d,
                       const nt_entity *e, unsigned *tid)
{
    if (e->type == NT_DATE) {
        char id[24];
        snprintf(id, sizeof id, "t%u", ++*tid);
        nt_xml->xmlTextWriterStartElement(w, BAD_CAST "TIMEX3");
        nt_xml->xmlTextWriterWriteAttribute(w, BAD_CAST "tid", BAD_CAST id);
        nt_xml->xmlTextWriterWriteAttribute(
            w, BAD_CAST "type",
            BAD_CAST timex_names[(unsigned)e->timex < 5 ? e->timex : 0]);
        if (e->value[0])
            nt_xml->xmlTextWriterWriteAttribute(
                w, BAD_CAST "value",
                xml_safe(tmp, e->value, strnlen(e->value, sizeof e->value)));
    } else {
        nt_xml->xmlTextWriterStartElement(w, BAD_CAST "ENAMEX");
        nt_xml->xmlTextWriterWriteAttribute(w, BAD_CAST "TYPE",
                                    BAD_CAST nt_type_name(e->type));
    }
    nt_xml->xmlTextWriterWriteString(w, xml_safe(tmp, d->text + e->start,
                                         e->end - e->start));
    nt_xml->xmlTextWriterEndElement(w);
}

static void xml_doc(nt_buf *out, const nt_doc *d, size_t index,
                    const nt_fmt_opts *o)
{
    xmlBufferPtr xb = nt_xml->xmlBufferCreate();
    xmlTextWriterPtr w = nt_xml->xmlNewTextWriterMemory(xb, 0);
    const char *text = d->text ? d->text : "";
    const char *name = d->name ? d->name : "";
    nt_buf tmp;
    size_t pos = 0;
    unsigned tid = 0;
    (void)index;
    nt_buf_init(&tmp);
    if (!o->multi)
        nt_xml->xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    nt_xml->xmlTextWriterStartElement(w, BAD_CAST "DOC");
    nt_xml->xmlTextWriterWriteAttribute(w, BAD_CAST "file",
                                xml_safe(&tmp, name, strlen(name)));
    for (size_t i = 0; i < d->ents.n; i++) {
        const nt_entity *e = &d->ents.v[i];
        if (e->start < pos || e->end < e->start || e->end > d->len)
            continue;
        nt_xml->xmlTextWriterWriteString(w, xml_safe(&tmp, text + pos, e->start - pos));
        put_entity(w, &tmp, d, e, &tid);
        pos = e->end;
    }
    nt_xml->xmlTextWriterWriteString(w, xml_safe(&tmp, text + pos, d->len - pos));
    nt_xml->xmlTextWriterEndElement(w);
    if (!o->multi)
        nt_xml->xmlTextWriterEndDocument(w);
    nt_xml->xmlFreeTextWriter(w); /* flushes into xb */
    size_t n = (size_t)nt_xml->xmlBufferLength(xb);
    nt_buf_put(out, nt_xml->xmlBufferContent(xb), n);
    if (n == 0 || nt_xml->xmlBufferContent(xb)[n - 1] != '\n')
        nt_buf_putc(out, '\n');
    nt_xml->xmlBufferFree(xb);
    nt_buf_free(&tmp);
}

static void xml_begin(nt_buf *out, const nt_fmt_opts *o)
{
    if (o->multi)
        nt_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DOCS>\n");
}

static void xml_end(nt_buf *out, size_t ndocs, const nt_fmt_opts *o)
{
    (void)ndocs;
    if (o->multi)
        nt_buf_puts(out, "</DOCS>\n");
}

const nt_formatter nt_format_xml = {
    .name = "xml", .ext = "xml", .prepare = nt_xml_load,
    .begin = xml_begin, .end = xml_end, .doc = xml_doc,
};
