/* reader.h - turning an input's bytes into documents: plain text as it is,
 * HTML and XML articles as their extracted text (html.c, xml_in.c), JSON
 * Lines as one document per line. A reader hands each document to the
 * pipeline with its metadata: the reference date for dates, the JSONL id
 * and the fields to carry through, the map back to the HTML source. */
#ifndef NT_READER_H
#define NT_READER_H

#include <stddef.h>
#include <stdint.h>
#include "doc.h"
#include "newstag.h"

typedef enum {
    NT_IN_AUTO = 0, /* by file extension, then by sniffing the first bytes */
    NT_IN_TEXT,
    NT_IN_HTML,
    NT_IN_XML,
    NT_IN_JSONL
} nt_in_kind;

/* A stretch of the extracted text and where it came from: text[text ..
 * text + tlen) was read from src[src .. src + slen). When tlen == slen the
 * bytes correspond one to one; otherwise (a character reference, a run of
 * white space) only the ends do. src == NT_NOSRC: no known source. */
typedef struct {
    uint32_t text, tlen, src, slen;
} nt_srcseg;

#define NT_NOSRC UINT32_MAX

/* What a reader knows about the document it produced; d->src points here.
 * Everything is owned by the reader and valid until its next call. */
typedef struct nt_srcinfo {
    nt_in_kind kind;
    size_t line;          /* JSONL: 1-based line of the input */
    const char *id;       /* JSONL: the id value's JSON text, NULL if none */
    size_t id_len;
    const char *rest;     /* JSONL: the other members' JSON text, "k":v,... */
    size_t rest_len;      /* 0: none */
    nt_srcseg *segs;      /* HTML: source map, sorted by text offset */
    size_t nsegs, segcap;
    int has_map;          /* HTML: segs is usable for --html-offsets */
} nt_srcinfo;

typedef struct {
    nt_in_kind kind;        /* -i */
    const char *xpath;      /* --xpath: the XML nodes whose text to annotate */
    const char *id_field;   /* JSONL field names; NULL: "id", "text", "date" */
    const char *text_field;
    const char *date_field;
} nt_reader_opts;

typedef struct nt_reader nt_reader;

/* o is copied; its strings must outlive the reader. */
nt_reader *nt_reader_new(const nt_reader_opts *o);
void nt_reader_free(nt_reader *r); /* accepts NULL */

/* "text", "html", "xml", "jsonl" -> kind; -1 when unknown. */
int nt_reader_kind_parse(const char *name, nt_in_kind *kind);
const char *nt_reader_kind_name(nt_in_kind kind);

/* The kind of an input: o's kind unless NT_IN_AUTO, else by the extension of
 * path (.html .htm .xhtml, .xml .nitf .newsml, .jsonl .ndjson), else by its
 * first bytes (after a BOM and white space: "<!doctype html" or "<html" is
 * HTML, "<?xml" or another '<' XML, '{' JSONL), else text. */
nt_in_kind nt_reader_detect(nt_in_kind kind, const char *path,
                            const char *data, size_t len);

/* Starts reading one input: data[0..len) (malloc'd, one NUL after len, as
 * nt_input_read gives it) becomes the reader's, which frees it. */
void nt_reader_open(nt_reader *r, const char *path, char *data, size_t len);

/* The kind nt_reader_open would give an input that begins with data. */
nt_in_kind nt_reader_kind(const nt_reader *r, const char *path,
                          const char *data, size_t len);

/* Goes on with the same JSON Lines input: data[0..len) (taken as by
 * nt_reader_open; whole lines) follows what was read, and the lines go on
 * being counted. The documents read before must be done with. */
void nt_reader_more(nt_reader *r, char *data, size_t len);

/* Fills d with the next document of the input (nt_doc_set_text; d->src,
 * d->ref_date and d->ref_from set). Returns 1 when d holds a document, 0 at
 * the end of the input, -1 when a document could not be read: err says why
 * (with the JSONL line); the caller reports it and calls again. */
int nt_reader_next(nt_reader *r, nt_doc *d, nt_error *err);

/* Maps a byte offset of the extracted text to one in the source (end: the
 * offset is an exclusive end). NT_NOSRC when unknown. */
uint32_t nt_srcinfo_map(const nt_srcinfo *s, size_t off, int end);

/* Appends a segment (merging with the previous one when both are 1:1 and
 * adjacent in text and source). */
void nt_srcinfo_add(nt_srcinfo *s, uint32_t text, uint32_t tlen, uint32_t src,
                    uint32_t slen);

/* Copies "YYYY-MM-DD" into out (11 bytes) from a date written as
 * 2015-05-09..., 20150509..., or 2015/05/09; returns 0, or -1 (out "")
 * when s holds no such date. */
int nt_reader_norm_date(const char *s, size_t n, char out[11]);

#endif
