/* gazetteer.h - name lists (countries, cities, organizations...) matched over
 * tokens: the longest entry starting at a token, in time proportional to the
 * match length (a hash of token sequences, with prefix marks). */
#ifndef NT_GAZETTEER_H
#define NT_GAZETTEER_H

#include <stddef.h>
#include <stdio.h>
#include "blob.h"
#include "map.h"
#include "newstag.h"
#include "tokenize.h"

#define NT_GAZ_DEFAULT_PRIORITY 50
/* A user's list (nt_gaz_load_cached) outranks the shipped lists and most
 * shipped rules unless its lines say otherwise. */
#define NT_GAZ_USER_PRIORITY 60
#define NT_GAZ_MAX_TOKENS 12

typedef struct nt_gaz nt_gaz;

nt_gaz *nt_gaz_new(void);
void nt_gaz_free(nt_gaz *g); /* accepts NULL */

/* Adds a name (tokenized as documents are, compared case-insensitively).
 * source must outlive g (use nt_gaz_intern). When a name is added twice the
 * higher priority wins, then the earlier entry. Names of more than
 * NT_GAZ_MAX_TOKENS tokens are ignored (returns -1). */
int nt_gaz_add(nt_gaz *g, const char *name, size_t n, nt_type type,
               int priority, const char *source);

/* Copies s into storage owned by g, for use as a source name. */
const char *nt_gaz_intern(nt_gaz *g, const char *s);

/* Loads "name<TAB>TYPE[<TAB>priority]" lines ('#' comments, blank lines
 * ignored); the source is the file's base name without extension. Returns 0,
 * or -1 with err giving file, line and reason. */
int nt_gaz_load_file(nt_gaz *g, const char *path, nt_error *err);

/* The longest entry whose tokens equal toks[i..]: returns the number of
 * tokens matched (0 when none) and fills e (start, end, type, priority,
 * source; value empty). The first token must not be lowercase. */
size_t nt_gaz_match(const nt_gaz *g, const char *text, const nt_token *toks,
                    size_t ntoks, size_t i, nt_entity *e);

/* nt_gaz_match at every token, the entries found appended to out in token
 * order: the same results, faster, as what the names' table holds for the
 * frequent words and pairs of words is remembered by their bytes (in a
 * memo of g's, which this changes). first, when not NULL, holds
 * nt_gaz_first of each token (see nt_doc_classify, which keeps it with the
 * word classes); else g looks it up, with a memo of its own. text must have
 * 16 readable bytes past its end (NT_TEXT_PAD: see doc.h). */
void nt_gaz_match_all(const nt_gaz *g, const char *text, const nt_token *toks,
                      size_t ntoks, const uint64_t *first, nt_entities *out);

/* What the names' table holds for token t alone: 0 for nothing, or when no
 * entry may start at t (punctuation, most lowercase words, and a lowercase
 * word that is no entry and only starts names that may not start
 * lowercase: "the" before "The Hague"). */
uint64_t nt_gaz_first(const nt_gaz *g, const char *text, const nt_token *t);

/* nt_gaz_first in two steps (see nt_map_ask), for many tokens at a time:
 * q comes with the fold of token t's bytes (nt_utf8_fold) as its key, its
 * length (0: nothing is looked up) and its hash (nt_map_hash), shared with
 * the word's lexicon lookup (see nt_lex_ask_start); the first step keeps
 * the key only when a name may start at t, and starts it. The fold stays
 * as it is until the second step, which gives the answer; t is the same
 * token in both. */
void nt_gaz_first_start(const nt_gaz *g, const char *text, const nt_token *t,
                        nt_map_ask *q);
uint64_t nt_gaz_first_end(const nt_gaz *g, const nt_token *t,
                          const nt_map_ask *q);

/* A number that changes whenever the names do, never the same for two
 * gazetteers: answers kept under it stay true while it does. */
uint64_t nt_gaz_stamp(const nt_gaz *g);

size_t nt_gaz_count(const nt_gaz *g);

/* Writes g as blob sections (0, or -1 on a write error or when g is a
 * view), and makes a gazetteer of such sections (NULL when they are short
 * or inconsistent) whose name map and entries stay in the mapping (see
 * nt_map_view): a view is read-only (nt_gaz_add fails), and an entry it
 * holds that is damaged never matches. Sources keep their names; their
 * files are dir/BASENAME, or path for every entry when path is not NULL. */
int nt_gaz_write(const nt_gaz *g, FILE *f);
nt_gaz *nt_gaz_view(nt_blob *b, const char *dir, const char *path);

/* Lists of at least this many entries get a compiled cache. */
#define NT_GAZ_CACHE_MIN 10000

/* A gazetteer of the one list file path (a user's --gazetteer), read from
 * its compiled cache PATH.ntc when that was made from the file as it is now
 * (same size and modification time, same build), else parsed like
 * nt_gaz_load_file (but with NT_GAZ_USER_PRIORITY as the default) and, for a list of NT_GAZ_CACHE_MIN entries or more, the
 * cache written beside it when the folder allows (atomically; silently
 * skipped otherwise). Returns NULL with err set on errors in the file. */
nt_gaz *nt_gaz_load_cached(const char *path, nt_error *err);

#endif
