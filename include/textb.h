/* textb.h - building a document's text from pieces of markup (html.c,
 * xml_in.c): white space runs collapse to one space, block elements give
 * paragraph breaks, nothing leads or trails, and each piece may record
 * where in the source it came from. */
#ifndef NT_TEXTB_H
#define NT_TEXTB_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "reader.h"

typedef struct {
    nt_buf *out;    /* the text being built; not owned */
    nt_srcinfo *si; /* segments are recorded here when not NULL */
    int pending;    /* separator owed before the next piece: TEXTB_* */
} nt_textb;

enum { NT_TEXTB_NONE, NT_TEXTB_SPACE, NT_TEXTB_LINE, NT_TEXTB_PARA };

/* Owes at least the separator sep (a stronger one already owed stays). */
void nt_textb_sep(nt_textb *t, int sep);

/* Appends s[0..n), which holds no white space to collapse, read from
 * src[src..src+slen) (src NT_NOSRC: unknown). */
void nt_textb_put(nt_textb *t, const char *s, size_t n, uint32_t src,
                  uint32_t slen);

/* Where a text being built stands, to go back to (nt_textb_back): a
 * piece matched against its source can fail halfway, after some of it
 * was appended. */
typedef struct {
    size_t len, nsegs;
    nt_srcseg last; /* the last segment, which a piece may have grown */
    int pending;
} nt_textb_mark;

nt_textb_mark nt_textb_here(const nt_textb *t);
void nt_textb_back(nt_textb *t, const nt_textb_mark *m);

/* Appends text with its white space runs collapsed, no source known. */
void nt_textb_text(nt_textb *t, const char *s, size_t n);

/* Whether c is white space that collapses (ASCII space, tab, CR, LF, FF). */
static inline int nt_textb_is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

#endif
