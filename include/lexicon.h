/* lexicon.h - word classes (titles, months, first names, common words...):
 * each word maps to the set of classes it belongs to, as a bit mask.
 * Words are matched case-insensitively; a final period is ignored. */
#ifndef NT_LEXICON_H
#define NT_LEXICON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "blob.h"
#include "map.h"
#include "newstag.h"

#define NT_LEX_MAX_CLASSES 64

typedef struct nt_lex nt_lex;

nt_lex *nt_lex_new(void);
void nt_lex_free(nt_lex *lx); /* accepts NULL */

/* Class id for name, created when new; -1 when all 64 are taken. */
int nt_lex_class(nt_lex *lx, const char *name);
/* Class id for name, or -1 when there is no such class. */
int nt_lex_class_find(const nt_lex *lx, const char *name);
/* The class named name[0..n) (not NUL-ended: as a pattern spells it), or
 * -1 with err set ("unknown word class"). */
int nt_lex_class_named(const nt_lex *lx, const char *name, size_t n,
                       nt_error *err);
const char *nt_lex_class_name(const nt_lex *lx, int cls);

void nt_lex_add(nt_lex *lx, int cls, const char *word, size_t n);

/* Loads a word list, one entry a line, '#' comments, into the class named
 * after the file's base name without extension (data/lexicon/title.txt ->
 * "title"). Returns 0, or -1 with err naming the file (and line). */
int nt_lex_load_file(nt_lex *lx, const char *path, nt_error *err);

/* Mask of the classes of word w[0..n) (bit cls set for each class). */
uint64_t nt_lex_lookup(const nt_lex *lx, const char *w, size_t n);

/* nt_lex_lookup in two steps (see nt_map_ask), for many words at a time:
 * q comes with the fold of w[0..n) (nt_utf8_fold) as its key, its length
 * and its hash (nt_map_hash), which the caller may share with another
 * lookup of the same key (see nt_gaz_first_start); the first step makes q
 * the lexicon's key (a key of NULL: the word is in no class) and starts
 * it. The fold stays as it is until the second step, which gives the
 * mask. Four arguments, not seven: a word the word memo misses is asked
 * for here. */
void nt_lex_ask_start(const nt_lex *lx, const char *w, size_t n, nt_map_ask *q);
uint64_t nt_lex_ask_end(const nt_lex *lx, const nt_map_ask *q);

/* A number that changes whenever a word is added to lx, and that no other
 * lexicon of the process has had: what a copy of lookups' results is
 * checked against (see nt_doc_classify). */
uint64_t nt_lex_stamp(const nt_lex *lx);

/* Words longer than this (in bytes) are never class members. */
#define NT_LEX_WORD_MAX 64

/* A regex alternation "(?:w1|w2|...)" of the class's words as written in the
 * files, escaped, longest first. Newly allocated; the caller frees it. */
char *nt_lex_pattern(const nt_lex *lx, int cls);

/* The words of class cls as written, each followed by a NUL, *len bytes in
 * all (empty when there are none): what nt_lex_pattern is made of. Valid
 * until lx changes. cls must be a class of lx. */
const char *nt_lex_class_words(const nt_lex *lx, int cls, size_t *len);

/* Writes the lexicon as blob sections (0, or -1 on a write error), and
 * makes a lexicon of such sections (NULL when they are short or
 * inconsistent) whose word map stays in the mapping (see nt_map_view). */
int nt_lex_write(const nt_lex *lx, FILE *f);
nt_lex *nt_lex_view(nt_blob *b);

#endif
