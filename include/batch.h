/* batch.h - annotating many inputs with worker processes (-j). The workers
 * are forked once the data is loaded (which they share, copy-on-write);
 * input k goes to worker k mod N, and the parent takes the results back in
 * input order, so the output is byte for byte that of one process. */
#ifndef NT_BATCH_H
#define NT_BATCH_H

#include <stddef.h>
#include "buf.h"
#include "newstag.h"

/* What one input produced. The stdout part is rendered twice for its first
 * document: as the first of the stream, and as a later one (a json array
 * puts a comma before all but the first), since only the parent knows
 * whether documents came before. */
typedef struct {
    size_t ndocs;   /* documents written to the stream */
    nt_buf first;   /* the first document, rendered as the stream's first */
    nt_buf later;   /* the first document, rendered as a later one */
    nt_buf rest;    /* the documents after the first */
    nt_buf err;     /* what the input wrote to stderr */
    size_t bytes;   /* input size, for the progress line */
    size_t errors;  /* errors reported */
    int failed;
} nt_batch_result;

/* Annotates input item into r (in a worker; stderr is captured into
 * r->err by the pool). */
typedef void (*nt_batch_fn)(size_t item, nt_batch_result *r, void *ctx);

/* Takes input item's result, in the parent, in input order. */
typedef void (*nt_batch_sink)(size_t item, const nt_batch_result *r,
                              void *ctx);

/* Runs fn over items 0..n-1 in jobs worker processes and sink over the
 * results in order. Returns 0, or -1 with err set when a worker could not
 * be started or died (the results before are delivered). */
int nt_batch_run(size_t n, size_t jobs, nt_batch_fn fn, nt_batch_sink sink,
                 void *ctx, nt_error *err);

/* The number of online processors, at least 1. */
size_t nt_batch_cores(void);

#endif
