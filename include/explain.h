/* explain.h - --explain: where each entity comes from (its rule or list
 * file and line) and the candidates it beat in overlap resolution. Costs
 * nothing unless asked for: the extractor records losses only in explain
 * mode, and formatters print them only then. */
#ifndef NT_EXPLAIN_H
#define NT_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "doc.h"

/* Replays overlap resolution over cands (sorted strongest first, as the
 * extractor resolved them) and fills d->losses with every candidate that
 * lost, paired with the span of the first (strongest) accepted candidate it
 * overlaps. *owner is scratch space (one uint32_t per byte of d), grown as
 * needed and freed by the caller. */
void nt_explain_losses(const nt_entities *cands, nt_doc *d, uint32_t **owner,
                       size_t *owner_cap);

/* The losses of the entity spanning start..end: a pointer into d->losses
 * and their count in *n (NULL and 0 when none). */
const nt_loss *nt_explain_find(const nt_doc *d, size_t start, size_t end,
                               size_t *n);

/* Appends "FILE:LINE" for e, or nothing when e has no file (a guess). */
void nt_explain_origin(nt_buf *out, const nt_entity *e);

/* Appends the JSON members ', "origin": ..., "beat": [...]' for e (compact:
 * without spaces, for jsonl). */
void nt_explain_json(nt_buf *out, const nt_doc *d, const nt_entity *e,
                     int compact);

/* Appends the two TSV fields "\torigin\tbeat" for e: beat lists the losers
 * as TYPE:start-end:source@origin, separated by " | ". */
void nt_explain_tsv(nt_buf *out, const nt_doc *d, const nt_entity *e);

#endif
