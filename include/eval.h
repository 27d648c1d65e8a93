/* eval.h - `newstag eval`: annotates the documents of a gold file with the
 * loaded pipeline and prints precision, recall and F1 per type, exact and
 * partial (and per rule or list with --by-source).
 *
 * Gold files are CoNLL (token ... tag per line, IOB1 or IOB2 tags, blank
 * lines between sentences, -DOCSTART- between documents) or the standoff
 * TSV newstag writes (file, start, end, type[, ...]; a header is skipped).
 * A CoNLL document's text is built as ../shared/eval/conll2docs builds it:
 * tokens joined by single spaces, one sentence a line; and the scores are
 * computed as ../shared/eval/score computes them, so the two agree. */
#ifndef NT_EVAL_H
#define NT_EVAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "extract.h"
#include "newstag.h"

typedef struct {
    const char *gold;
    int by_source;
    uint64_t typemask; /* the types to score when types_given */
    int types_given;   /* else: the gold file's types that newstag knows */
    /* TSV gold: the documents (files), matched to gold rows by base name;
     * none: each row's file is looked for beside the gold file and in a
     * docs/ folder there (conll2docs' layout). */
    const char *const *inputs;
    size_t ninputs;
} nt_eval_opts;

/* Runs the evaluation and prints its table to out. Returns 0, or -1 with
 * err set when the gold file or a document cannot be read or parsed. */
int nt_eval_run(nt_extractor *x, const nt_eval_opts *o, FILE *out,
                nt_error *err);

/* One span of gold or prediction. */
typedef struct {
    uint32_t doc;          /* document number within the evaluation */
    uint32_t start, end;   /* byte offsets, end exclusive */
    nt_type type;
    const char *source;    /* prediction: rule or list name; NULL for gold */
    const char *file;      /* its file (owned by the extractor) and line */
    uint32_t line;
} nt_eval_span;

/* Counts of one row of the table. */
typedef struct {
    size_t gold, pred, exact, partial;
} nt_eval_counts;

/* Scores the spans whose type is in mask as score does: duplicates count
 * once; exact hits are equal spans; partial hits pair each prediction,
 * exact ones first, with the first unused overlapping gold span of its
 * type. Both arrays must be sorted and without duplicates (nt_eval_sort). */
nt_eval_counts nt_eval_score(const nt_eval_span *gold, size_t ngold,
                             const nt_eval_span *pred, size_t npred,
                             uint64_t mask);

/* Sorts spans by document, start, end and type and drops duplicates;
 * returns the new count. */
size_t nt_eval_sort(nt_eval_span *v, size_t n);

/* Called for each document of a CoNLL file: its text and its gold spans
 * (doc fields 0). Returning non-zero stops the parse. */
typedef int (*nt_eval_doc_fn)(const char *text, size_t len,
                              const nt_eval_span *gold, size_t ngold,
                              void *ctx);

/* Splits CoNLL data into documents as conll2docs does: tokens joined by
 * single spaces, a sentence a line, a document per -DOCSTART- (empty ones
 * skipped), IOB1 or IOB2 tags decoded to spans. Gold types newstag does not
 * know (MISC) come with type NT_NONE. Returns 0, or what fn returned. */
int nt_eval_conll(const char *data, size_t len, nt_eval_doc_fn fn, void *ctx);

#endif
