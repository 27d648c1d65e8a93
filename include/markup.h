/* markup.h - the libxml2 readers: article text out of an HTML page
 * (html.c) or an XML document (xml_in.c). Only these two files and the
 * xml formatter use libxml2 (see xmllib.h). */
#ifndef NT_MARKUP_H
#define NT_MARKUP_H

#include <stddef.h>
#include "buf.h"
#include "newstag.h"
#include "reader.h"

/* Extracts the article text of the HTML page data[0..len) into text (see
 * newstag(1), INPUT FORMATS), records the source map in si (has_map set
 * when it could be built) and the page's publication date in ref_date
 * ("" when none). Returns 0, or -1 with err set. */
int nt_html_extract(const char *data, size_t len, nt_buf *text,
                    nt_srcinfo *si, char ref_date[11], nt_error *err);

/* Extracts the text of the XML document data[0..len): the nodes xpath
 * selects, or by default the headline and body of a NITF or NewsML-G2
 * article, else the whole document; its date from the usual header
 * elements. Parsed without network access, DTD loading, external entities
 * or entity substitution. Returns 0, or -1 with err set (line and reason). */
int nt_xml_extract(const char *data, size_t len, const char *xpath,
                   nt_buf *text, char ref_date[11], nt_error *err);

#endif
