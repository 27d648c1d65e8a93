/* format.h - output formats. Each format_*.c renders a document's entities
 * into a buffer through the same entry points; main picks one by name. */
#ifndef NT_FORMAT_H
#define NT_FORMAT_H

#include <stddef.h>
#include "buf.h"
#include "doc.h"

typedef struct {
    int header; /* tsv: print a header line (--header) */
    int multi;  /* the stream holds several documents */
    int explain; /* --explain: each entity's origin and the candidates it
                    beat (json, jsonl: members; tsv: two more columns) */
    struct nt_offconv *conv; /* --offsets: the unit offsets are printed in,
                    reset by the caller for each document; NULL: bytes */
    int html_offsets; /* --html-offsets: also offsets in the HTML source */
    /* Set while a document goes to stdout: what it has rendered goes out
     * as it grows (nt_format_spill), so that a long document's output is
     * not held whole; NULL elsewhere (-o files, -j results). spill writes
     * out and empties the buffer. */
    void (*spill)(nt_buf *out, void *ctx);
    void *spill_ctx;
} nt_fmt_opts;

typedef struct {
    const char *name; /* "json", "jsonl", "tsv", "text" */
    const char *ext;  /* extension appended to output file names with -o */
    /* Called once before any output, when the format is chosen: 0, or -1
     * with err set when it cannot work (a library missing); may be NULL. */
    int (*prepare)(nt_error *err);
    /* Called once before the first document and once after the last of a
     * stream (one stream per output file with -o); either may be NULL. */
    void (*begin)(nt_buf *out, const nt_fmt_opts *o);
    void (*end)(nt_buf *out, size_t ndocs, const nt_fmt_opts *o);
    /* Renders document number index (0-based within the stream). */
    void (*doc)(nt_buf *out, const nt_doc *d, size_t index,
                const nt_fmt_opts *o);
    /* With -o, the document's text is written too, beside the output under
     * this extension (brat's .txt next to its .ann); NULL: not. */
    const char *text_ext;
} nt_formatter;

/* The formatter called name, or NULL. */
const nt_formatter *nt_format_find(const char *name);

/* "json, jsonl, tsv, text": for usage messages. */
const char *nt_format_names(void);

/* The formatters, defined in their format_*.c files. */
extern const nt_formatter nt_format_json, nt_format_jsonl, nt_format_tsv,
    nt_format_text, nt_format_xml, nt_format_conll, nt_format_brat,
    nt_format_html;

/* Hands out to o->spill once it holds NT_FORMAT_SPILL bytes or more: the
 * formatters call it after each entity (inline: the call cost more than
 * the test). */
#define NT_FORMAT_SPILL (64 * 1024)
static inline void nt_format_spill(nt_buf *out, const nt_fmt_opts *o)
{
    if (o->spill && out->len >= NT_FORMAT_SPILL)
        o->spill(out, o->spill_ctx);
}

/* Byte offset off of d's text in the unit of --offsets (o->conv). */
size_t nt_format_offset(const nt_fmt_opts *o, const nt_doc *d, size_t off);

/* Whether nt_format_offset returns byte offsets unchanged: a formatter
 * asks once per document, not twice per entity. */
int nt_format_offsets_are_bytes(const nt_fmt_opts *o);

/* The offset in the HTML source for --html-offsets (end: an exclusive
 * end); (size_t)-1 when unknown or when the input was not HTML. */
size_t nt_format_html_offset(const nt_doc *d, size_t off, int end);

/* Appends s[0..n) as a JSON string literal with its quotes. Invalid UTF-8
 * bytes become U+FFFD, control characters \uXXXX (or \n, \t...), so the
 * output is always valid JSON. */
void nt_format_json_string(nt_buf *out, const char *s, size_t n);

/* Appends s[0..n) for a TSV field: tab, newline, carriage return and
 * backslash become \t, \n, \r and \\; other bytes are copied as they are. */
void nt_format_tsv_field(nt_buf *out, const char *s, size_t n);

#endif
