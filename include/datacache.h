/* datacache.h - the data folder's word lists and name lists compiled into
 * one file, DATADIR/newstag.ntd, and mapped into memory at start-up instead
 * of parsing and hashing their 100,000 lines (some 25 ms) on every run.
 *
 * The file records the name, size and modification time of every list it
 * was compiled from (DATADIR/lexicon/\*.txt, DATADIR/gazetteers/\*.tsv):
 * when any of them differs, or the file is damaged or from another build,
 * it is not used, and the lists are loaded as text. */
#ifndef NT_DATACACHE_H
#define NT_DATACACHE_H

#include "gazetteer.h"
#include "lexicon.h"

#define NT_DATACACHE_NAME "newstag.ntd"

typedef struct nt_datacache nt_datacache;

/* Maps DATADIR's compiled file when it is there and fresh, else NULL. */
nt_datacache *nt_datacache_open(const char *datadir);

/* The lexicon, then the gazetteer, read from c in that order (each once).
 * They live in c's mapping: free them before closing c. NULL when the
 * file turns out damaged. */
nt_lex *nt_datacache_lex(nt_datacache *c);
nt_gaz *nt_datacache_gaz(nt_datacache *c);

void nt_datacache_close(nt_datacache *c); /* accepts NULL */

/* Writes DATADIR's compiled file from lx and gaz, which were loaded from
 * its lists. Best effort (a read-only folder just means none): 0, or -1. */
int nt_datacache_write(const char *datadir, const nt_lex *lx, const nt_gaz *gaz);

#endif
