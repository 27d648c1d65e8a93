/* ruleset.h - compiled rules, run anchored at a place of the text: the
 * rules of one trigger place (a site) run together, one pcre2_match call at
 * a start for all of them where they combine, and only where the text
 * leaves one of them a chance (see reach.h). The only module that includes
 * pcre2.h; rules.h says which rules run where. */
#ifndef NT_RULESET_H
#define NT_RULESET_H

#include <stddef.h>
#include <stdint.h>
#include "bytecache.h"
#include "newstag.h"
#include "tokenize.h"

typedef struct nt_ruleset nt_ruleset;
typedef struct nt_ruleset_site nt_ruleset_site;

/* Rule indexes (see nt_ruleset_add), in the order they were added. */
typedef struct {
    size_t *v; /* owned */
    size_t n, cap;
} nt_rule_ids;

void nt_rule_ids_add(nt_rule_ids *l, size_t i);

/* What a rule is, beside its pattern. */
typedef struct {
    const char *name; /* copied */
    nt_type type;
    int priority;
    const char *file; /* the rules file; must outlive the set */
    uint32_t line;    /* the rule's line in it, for --explain */
} nt_rule_info;

nt_ruleset *nt_ruleset_new(void);
void nt_ruleset_free(nt_ruleset *rs); /* accepts NULL */

/* Compiled patterns are taken from c, and put into it, from now on: a
 * pattern compiled in an earlier run costs a copy instead of a compilation
 * (see bytecache.h). c must outlive rs. */
void nt_ruleset_use_cache(nt_ruleset *rs, nt_bytecache *c);

/* Whether PCRE2 accepts the expanded pattern pat of rule name; err set (with
 * PCRE2's message and offset) if not. What is accepted is remembered in
 * the cache, if any. */
int nt_ruleset_check(nt_ruleset *rs, const char *name, const char *pat,
                     nt_error *err);

/* Compiles the expanded pattern pat and adds it as a rule. Returns the
 * rule's index, with pat now owned by rs; or -1 with err set (pat still
 * the caller's) if PCRE2 refuses it. */
long nt_ruleset_add(nt_ruleset *rs, const nt_rule_info *info, char *pat,
                    nt_error *err);

/* Makes words[0..len) (each followed by a NUL, as nt_lex_class_words
 * gives a class's words) the words of the word test name (wordtest.h): a
 * rule's '(?C"!name")' fails where the test hits. Words given again for
 * the same name replace those before. */
void nt_ruleset_word_test(nt_ruleset *rs, const char *name, const char *words,
                          size_t len);

size_t nt_ruleset_count(const nt_ruleset *rs);

/* A rule fires at most once a round (the first match it finds, as the
 * longest is tried first): a round is one token and one of its triggers. */
void nt_ruleset_next_round(nt_ruleset *rs);

/* Appends what the rules fired in this round, in the order the rules
 * were added (a round runs the rules of one trigger: see rules.c). */
void nt_ruleset_push_found(nt_ruleset *rs, nt_entities *out);

/* A site: rules that run at the same place. */
nt_ruleset_site *nt_ruleset_site_new(void);
void nt_ruleset_site_free(nt_ruleset_site *s); /* accepts NULL */
void nt_ruleset_site_add(nt_ruleset_site *s, size_t rule);

/* Builds the batches of s now, if rules were added since (else the first
 * run does): so that a cache holds them all. */
void nt_ruleset_site_build(const nt_ruleset *rs, nt_ruleset_site *s);

/* Runs the rules of s anchored at offset at of text[0..len) (valid UTF-8).
 * The batches of a site are built on its first run after rules were
 * added: once every rules file is loaded, and only for the sites a text
 * needs (in each -j worker, at the same time). */
void nt_ruleset_run(nt_ruleset *rs, nt_ruleset_site *s, const char *text,
                    size_t len, size_t at);

/* Runs the rules of s, which must cover token k, from the starts of tokens
 * first..k; each fires with its first match that does, from the earliest
 * start. */
void nt_ruleset_run_cover(nt_ruleset *rs, nt_ruleset_site *s,
                          const char *text, size_t len, const nt_token *toks,
                          size_t first, size_t k);

/* The work ahead of this process: it is on its done-th input and has
 * about ahead more to come. A pattern whose runs so far promise, at that
 * pace, several times its hot run (see nt_ruleset_hot_run) in the inputs
 * ahead is JIT-compiled at once instead of on that run. Until a call (one
 * input, or a stream), ahead is 0. */
void nt_ruleset_expect(nt_ruleset *rs, size_t done, size_t ahead);

/* A text of len bytes is next (after the ones before it, if any): its
 * patterns are JIT-compiled early, as in a run of many inputs, when their
 * runs so far promise several times their hot run in the bytes of the
 * text still ahead. Without a call the text is taken to be short. */
void nt_ruleset_text(nt_ruleset *rs, size_t len);

/* Whether a pattern that has run runs times (this one counted), now at
 * offset at of a text of len bytes after before bytes of earlier texts, is
 * due for JIT by the bytes ahead (see nt_ruleset_text): never in the first
 * 16 KB a process reads. */
int nt_ruleset_text_due(unsigned runs, unsigned hot, size_t before,
                        size_t at, size_t len);

/* Whether a pattern that has run runs times (this one counted) is due for
 * JIT: on its hot run, or before when the inputs ahead promise several
 * times that at the pace of the done ones (see nt_ruleset_expect). */
int nt_ruleset_jit_due(unsigned runs, unsigned hot, size_t done,
                       size_t ahead);

/* The run on which a pattern whose compiled form is size bytes is
 * JIT-compiled, having been interpreted until then: the 32nd, or later
 * for a large one, whose compilation costs in proportion to its size. */
unsigned nt_ruleset_hot_run(size_t size);

#endif
