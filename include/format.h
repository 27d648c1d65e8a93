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
} nt_fmt_opts;

typedef struct {
    const char *name; /* "json", "jsonl", "tsv", "text" */
    const char *ext;  /* extension appended to output file names with -o */
    /* Called once before the first document and once after the last of a
     * stream (one stream per output file with -o); either may be NULL. */
    void (*begin)(nt_buf *out, const nt_fmt_opts *o);
    void (*end)(nt_buf *out, size_t ndocs, const nt_fmt_opts *o);
    /* Renders document number index (0-based within the stream). */
    void (*doc)(nt_buf *out, const nt_doc *d, size_t index,
                const nt_fmt_opts *o);
} nt_formatter;

/* The formatter called name, or NULL. */
const nt_formatter *nt_format_find(const char *name);

/* "json, jsonl, tsv, text": for usage messages. */
const char *nt_format_names(void);

/* The formatters, defined in their format_*.c files. */
extern const nt_formatter nt_format_json, nt_format_jsonl, nt_format_tsv,
    nt_format_text;

/* Appends s[0..n) as a JSON string literal with its quotes. Invalid UTF-8
 * bytes become U+FFFD, control characters \uXXXX (or \n, \t...), so the
 * output is always valid JSON. */
void nt_format_json_string(nt_buf *out, const char *s, size_t n);

/* Appends s[0..n) for a TSV field: tab, newline, carriage return and
 * backslash become \t, \n, \r and \\; other bytes are copied as they are. */
void nt_format_tsv_field(nt_buf *out, const char *s, size_t n);

#endif
