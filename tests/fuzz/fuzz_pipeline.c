/* fuzz_pipeline.c - libFuzzer entry point for the whole pipeline on
 * arbitrary bytes: tokenizer, word classes, lists, rules, guesses, overlap
 * resolution, then every formatter. Checks the invariants the formats rely
 * on: entities sorted, not crossing, inside the input; the json and jsonl
 * outputs valid JSON (jansson, strict) with the same spans, and each
 * entity's text equal to the input bytes at its offsets when they are valid
 * UTF-8. The data folder is FUZZ_DATADIR (the repository's data/).
 *   make fuzz-pipeline && build/fuzz/fuzz_pipeline CORPUS tests/fuzz/corpus */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "extract.h"
#include "format.h"
#include "utf8.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static nt_extractor *extractor(void)
{
    static nt_extractor *x;
    if (!x) {
        nt_error err;
        x = nt_extractor_load(FUZZ_DATADIR, &err);
        if (!x) {
            fprintf(stderr, "fuzz_pipeline: %s\n", err.msg);
            abort();
        }
    }
    return x;
}

/* The document's own invariants: sorted, not crossing, inside the text. */
static void check_spans(const nt_doc *d)
{
    size_t last = 0;
    for (size_t i = 0; i < d->ents.n; i++) {
        const nt_entity *e = &d->ents.v[i];
        if (!(e->start < e->end && e->end <= d->len && e->start >= last))
            abort();
        last = e->end;
    }
}

/* The JSON of one document (an object) against the document. */
static void check_json_doc(const nt_doc *d, json_t *obj)
{
    json_t *ents = json_object_get(obj, "entities");
    if (!json_is_array(ents) || json_array_size(ents) != d->ents.n)
        abort();
    for (size_t i = 0; i < d->ents.n; i++) {
        const nt_entity *e = &d->ents.v[i];
        json_t *je = json_array_get(ents, i);
        json_t *text = json_object_get(je, "text");
        if (json_integer_value(json_object_get(je, "start")) != (json_int_t)e->start ||
            json_integer_value(json_object_get(je, "end")) != (json_int_t)e->end ||
            !json_is_string(text))
            abort();
        size_t n = e->end - e->start;
        if (nt_utf8_sanitize(d->text + e->start, n, NULL) == 0 &&
            (json_string_length(text) != n ||
             memcmp(json_string_value(text), d->text + e->start, n) != 0))
            abort();
    }
}

static void check_json(const nt_doc *d, const nt_buf *out, int lines)
{
    json_error_t jerr;
    json_t *v = json_loadb(out->data ? out->data : "", out->len,
                           JSON_ALLOW_NUL | (lines ? JSON_DISABLE_EOF_CHECK : 0),
                           &jerr);
    if (!v) {
        fprintf(stderr, "invalid JSON: %s at %d\n%.*s\n", jerr.text,
                jerr.position, (int)out->len, out->data);
        abort();
    }
    check_json_doc(d, v);
    json_decref(v);
}

/* As main does: prepare (see nt_formatter), begin, the document, end. */
static void render(const nt_formatter *f, const nt_doc *d, nt_buf *out)
{
    nt_fmt_opts o = {0};
    nt_error err;
    nt_buf_reset(out);
    if (f->prepare && f->prepare(&err)) {
        fprintf(stderr, "%s\n", err.msg);
        abort();
    }
    if (f->begin)
        f->begin(out, &o);
    f->doc(out, d, 0, &o);
    if (f->end)
        f->end(out, 1, &o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const nt_formatter *const fmts[] = {
        &nt_format_json, &nt_format_jsonl, &nt_format_tsv,  &nt_format_text,
        &nt_format_xml,  &nt_format_conll, &nt_format_brat, &nt_format_html};
    nt_extractor *x = extractor();
    nt_doc d;
    nt_buf out;
    char *text = nt_xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    nt_doc_init(&d);
    nt_doc_set_text(&d, "fuzz", text, size);
    nt_extract(x, &d);
    check_spans(&d);
    nt_buf_init(&out);
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
        render(fmts[i], &d, &out);
        if (fmts[i] == &nt_format_json || fmts[i] == &nt_format_jsonl)
            check_json(&d, &out, fmts[i] == &nt_format_jsonl);
    }
    nt_buf_free(&out);
    nt_doc_free(&d);
    return 0;
}
