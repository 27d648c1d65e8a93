/* batch.h - annotating many inputs with worker processes (-j). The workers
 * are forked once the data is loaded (which they share, copy-on-write).
 * With N jobs, N - 1 workers are forked and the parent is the N-th. Each
 * process claims the next input not yet claimed, so a long article or a
 * busy core holds up no other process. The parent takes the results back
 * in input order and, while the next one is still being annotated, claims
 * and annotates inputs itself (keeping up to 64 results for their turn).
 * The output is byte for byte that of one process, and N processes keep N
 * cores busy: a parent that only waited would take a core from the workers
 * each time it woke. */
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

/* Annotates input item into r, in a worker or in the parent; the pool
 * captures what it writes to stderr into r->err, which the sink writes in
 * its turn. It runs in the parent between sinks: it must leave the state
 * the sink keeps as it found it. */
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
