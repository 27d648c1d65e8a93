/* xmllib.h - libxml2, loaded when a run first needs it (an HTML or XML
 * input, or -f xml) instead of with the program: linked, it brought ICU
 * and libstdc++ into every run, 3 of the 8 ms newstag took to start. The
 * modules that use libxml2 (html.c, xml_in.c, format_xml.c) include this
 * header for its types and call its functions as nt_xml->NAME, after
 * nt_xml_load; a direct call would not link. */
#ifndef NT_XMLLIB_H
#define NT_XMLLIB_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xpath.h>

#include "newstag.h"

/* The functions newstag calls, each a field of its own name and type. */
#define NT_XML_FUNCTIONS(F)                                                   \
    F(htmlCtxtReadMemory) F(htmlEntityLookup) F(htmlFreeParserCtxt)            \
    F(htmlNewParserCtxt) F(xmlBufferContent) F(xmlBufferCreate)                \
    F(xmlBufferFree) F(xmlBufferLength) F(xmlCopyCharMultiByte)                \
    F(xmlCtxtReadMemory) F(xmlDocGetRootElement) F(xmlFreeDoc)                 \
    F(xmlFreeParserCtxt) F(xmlFreeTextWriter) F(xmlGetProp) F(xmlHasProp)      \
    F(xmlNewParserCtxt) F(xmlNewTextWriterMemory) F(xmlNodeGetContent)         \
    F(xmlSetExternalEntityLoader) F(xmlSetStructuredErrorFunc)                 \
    F(xmlTextWriterEndDocument) F(xmlTextWriterEndElement)                     \
    F(xmlTextWriterStartDocument) F(xmlTextWriterStartElement)                 \
    F(xmlTextWriterWriteAttribute) F(xmlTextWriterWriteString)                 \
    F(xmlXPathEvalExpression) F(xmlXPathFreeContext) F(xmlXPathFreeObject)     \
    F(xmlXPathNewContext)

typedef struct {
#define NT_XML_FIELD(name) __typeof__(name) *name;
    NT_XML_FUNCTIONS(NT_XML_FIELD)
#undef NT_XML_FIELD
    xmlFreeFunc free; /* what frees libxml2's strings (xmlFree) */
} nt_xmllib;

/* The loaded library; NULL until nt_xml_load succeeds. Process-wide, as
 * the library is. */
extern const nt_xmllib *nt_xml;

/* Loads libxml2 (once; then it stays) and makes it refuse every external
 * entity and DTD a document would have it load. 0, or -1 with err set
 * when the library or one of its functions is missing. */
int nt_xml_load(nt_error *err);

#endif
