/* rules.h - PCRE2 rules compiled once (with JIT), each run anchored at the
 * tokens that trigger it; see newstag(1), RULES FILES, for the format. */
#ifndef NT_RULES_H
#define NT_RULES_H

#include <stddef.h>
#include <stdint.h>
#include "bytecache.h"
#include "lexicon.h"
#include "newstag.h"
#include "tokenize.h"

typedef struct nt_rules nt_rules;

nt_rules *nt_rules_new(void);
void nt_rules_free(nt_rules *r); /* accepts NULL */

/* Loads and compiles a rules file. Word classes named in triggers and in
 * @{class} macros are looked up in lx, which must hold them already and
 * outlive r. Returns 0, or -1 with err giving file, line and PCRE2's message. */
int nt_rules_load_file(nt_rules *r, const nt_lex *lx, const char *path,
                       nt_error *err);

size_t nt_rules_count(const nt_rules *r);

/* Compiled patterns come from, and go to, c (see nt_ruleset_use_cache);
 * set before loading. c must outlive r. */
void nt_rules_use_cache(nt_rules *r, nt_bytecache *c);

/* Compiles every pattern a text may need now rather than at the first
 * text that does: so that a cache to be saved holds them all. */
void nt_rules_build_all(nt_rules *r);

/* The work ahead: see nt_ruleset_expect. */
void nt_rules_expect(nt_rules *r, size_t done, size_t ahead);

/* Runs every rule at the tokens that trigger it and appends a candidate for
 * each match to out. text[0..len) must be valid UTF-8 (sanitized); tokclass[k]
 * holds the word-class mask of toks[k]. Not thread-safe: r holds the match
 * scratch space, and builds the combined patterns of a trigger the first
 * time it is needed after rules were loaded. */
void nt_rules_apply(nt_rules *r, const char *text, size_t len,
                    const nt_token *toks, size_t ntoks,
                    const uint64_t *tokclass, nt_entities *out);

#endif
