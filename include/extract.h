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

/* What to load besides, or instead of, the data folder. */
typedef struct {
    const char *datadir;
    const char *const *gazetteers; /* --gazetteer files, each its own list
                                      with a compiled cache beside it */
    size_t ngazetteers;
    const char *const *rules;      /* --rules files, after the shipped ones */
    size_t nrules;
    int no_default_data; /* only DATADIR/lexicon: no shipped lists, rules,
                            capitalization guesses or sports retyping */
    int explain;         /* record the candidates each entity beat */
} nt_extract_opts;

/* nt_extractor_load with user files; errors name the file and line. */
nt_extractor *nt_extractor_load_opts(const nt_extract_opts *o, nt_error *err);
void nt_extractor_free(nt_extractor *x); /* accepts NULL */

/* Tokenizes doc and fills doc->ents with its entities: sorted by start,
 * non-overlapping, NT_NONE blockers removed. Overlap policy: higher priority
 * wins, then the longer span, then the earlier start. */
void nt_extract(nt_extractor *x, nt_doc *doc);

/* With explain set, nt_extract also fills doc->losses (see doc.h). */

/* What is ahead of this process: it is on its done-th input, with about
 * ahead more to come; the rules JIT-compile their patterns early in a long
 * run (see nt_ruleset_expect). Without a call, as for one input. */
void nt_extractor_expect(nt_extractor *x, size_t done, size_t ahead);

#endif
