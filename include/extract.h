/* extract.h - the annotator: word classes, gazetteers and rules loaded from a
 * data folder, run over a document's tokens, overlaps resolved. */
#ifndef NT_EXTRACT_H
#define NT_EXTRACT_H

#include "doc.h"
#include "newstag.h"

typedef struct nt_extractor nt_extractor;

/* Loads DATADIR/lexicon/\*.txt, DATADIR/gazetteers/\*.tsv and
 * DATADIR/rules/\*.rules (each folder in sorted name order). Returns NULL
 * with err set when a file is missing, unreadable or broken. */
nt_extractor *nt_extractor_load(const char *datadir, nt_error *err);
void nt_extractor_free(nt_extractor *x); /* accepts NULL */

/* Tokenizes doc and fills doc->ents with its entities: sorted by start,
 * non-overlapping, NT_NONE blockers removed. Overlap policy: higher priority
 * wins, then the longer span, then the earlier start. */
void nt_extract(nt_extractor *x, nt_doc *doc);

#endif
