/* rules.c - rules files loaded, and their rules run at the tokens that
 * trigger them (see rules.h).
 *
 * The tokenizer, not regex scans, finds where rules may match: each rule
 * names a word class (or a number shape) and runs only at tokens of it.
 * This file reads rules files and knows the triggers; the modules below it
 * do the rest:
 *   macros.c    defines and "{NAME}" / "@{class}" expansion
 *   wordtrie.c  a word class as a trie, which PCRE2 runs much faster than
 *               a long alternation
 *   ruleset.c   compiled rules, run together where they share a trigger
 *               place (the only user of PCRE2)
 *   reach.c     what a pattern's match can hold, so that rules are not run
 *               where the text rules them out */
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macros.h"
#include "reach.h"
#include "ruleset.h"
#include "util.h"

/* How far before its keyword a "<@class" rule may start, in tokens (see
 * para_near, which reads as many). */
#define COVER_REACH 8

typedef enum {
    TRIG_START, /* @class: the match starts at the trigger token */
    TRIG_COVER, /* <@class: the match covers the trigger token */
    TRIG_YEAR,  /* #year: a four-digit number 1000-2999 starts the match */
    TRIG_DIGITS, /* #digits: any number token starts the match */
    TRIG_ALNUM,  /* #alnum: a token of digits then letters ("1990s", "5-year") */
    TRIG_HYPHEN, /* #hyphen: a word with an inner hyphen ("two-year") */
    TRIG_CAP     /* #cap: a capitalized or all-caps word (users' rules on
                    words no word class holds) */
} trig_kind;

#define NSHAPES (TRIG_CAP - TRIG_YEAR + 1)

/* Where a rule runs. */
typedef struct {
    trig_kind trig;
    int cls; /* word class of TRIG_START / TRIG_COVER */
} trigger;

struct nt_rules {
    nt_ruleset *rs;
    nt_macros *macros;
    /* The rules of each trigger place, NULL while it has none: a word
     * class's start or cover rules, or one shape trigger's. */
    nt_ruleset_site *start[NT_LEX_MAX_CLASSES], *cover[NT_LEX_MAX_CLASSES];
    nt_ruleset_site *shape[NSHAPES]; /* by trig_kind - TRIG_YEAR */
    uint64_t used; /* word classes that trigger some rule */
    unsigned shapes_used; /* shape triggers of some rule (see shape_kinds) */
    /* What a token must have to trigger a shape rule (see next_trigger):
     * QUICK in quick[its shape] (a shape with a shape trigger other than
     * #hyphen), or one of the bits of want in its flags (NT_TOK_HYPHEN
     * while there are #hyphen rules). */
    uint8_t quick[NT_SHAPE_PUNCT + 1];
    uint8_t want;
    char **files; /* paths of the files loaded, owned */
    size_t nfiles, fcap;
    uint32_t lineno; /* line being loaded */
};

nt_rules *nt_rules_new(void)
{
    nt_rules *r = nt_xcalloc(1, sizeof *r);
    r->rs = nt_ruleset_new();
    r->macros = nt_macros_new();
    return r;
}

void nt_rules_free(nt_rules *r)
{
    if (!r)
        return;
    nt_ruleset_free(r->rs);
    nt_macros_free(r->macros);
    nt_strv_free(r->files, r->nfiles);
    for (size_t c = 0; c < NT_LEX_MAX_CLASSES; c++) {
        nt_ruleset_site_free(r->start[c]);
        nt_ruleset_site_free(r->cover[c]);
    }
    for (size_t k = 0; k < NSHAPES; k++)
        nt_ruleset_site_free(r->shape[k]);
    free(r);
}

void nt_rules_use_cache(nt_rules *r, nt_bytecache *c)
{
    nt_ruleset_use_cache(r->rs, c);
    nt_macros_use_cache(r->macros, c);
}

void nt_rules_build_all(nt_rules *r)
{
    for (size_t c = 0; c < NT_LEX_MAX_CLASSES; c++) {
        if (r->start[c])
            nt_ruleset_site_build(r->rs, r->start[c]);
        if (r->cover[c])
            nt_ruleset_site_build(r->rs, r->cover[c]);
    }
    for (size_t k = 0; k < NSHAPES; k++)
        if (r->shape[k])
            nt_ruleset_site_build(r->rs, r->shape[k]);
}

void nt_rules_expect(nt_rules *r, size_t done, size_t ahead)
{
    nt_ruleset_expect(r->rs, done, ahead);
}

size_t nt_rules_count(const nt_rules *r)
{
    return nt_ruleset_count(r->rs);
}

/* ---- Loading ---- */

/* Shape triggers, by name. */
static const struct {
    const char *name;
    trig_kind trig;
} shape_triggers[] = {
    {"#year", TRIG_YEAR},
    {"#digits", TRIG_DIGITS},
    {"#alnum", TRIG_ALNUM},
    {"#hyphen", TRIG_HYPHEN},
    {"#cap", TRIG_CAP},
};

/* Parses a trigger field: "@class", "<@class", "#year", "#digits", "#alnum",
 * "#hyphen" or "#cap". */
static int parse_trigger(const nt_lex *lx, const char *s, trigger *t,
                         nt_error *err)
{
    for (size_t i = 0; i < sizeof shape_triggers / sizeof *shape_triggers; i++)
        if (strcmp(s, shape_triggers[i].name) == 0) {
            t->trig = shape_triggers[i].trig;
            return 0;
        }
    t->trig = s[0] == '<' ? TRIG_COVER : TRIG_START;
    const char *name = s + (s[0] == '<');
    if (name[0] != '@' || !name[1]) {
        nt_error_set(err, "bad trigger '%s' (@class, <@class, #year, #digits, "
                          "#alnum, #hyphen or #cap)", s);
        return -1;
    }
    if ((t->cls = nt_lex_class_find(lx, name + 1)) < 0) {
        nt_error_set(err, "unknown word class '%s' in trigger", name + 1);
        return -1;
    }
    return 0;
}

/* Splits off the next whitespace-separated field of *p (NUL-terminating it). */
static char *next_field(char **p)
{
    char *s = *p + strspn(*p, " \t");
    if (!*s)
        return NULL;
    char *e = s + strcspn(s, " \t");
    *p = *e ? e + 1 : e;
    *e = '\0';
    return s;
}

/* Gives r's rules the words of the word class each word test in pat, a
 * define's or a rule's pattern as written, names (see nt_ruleset_word_test),
 * as lx has them now, when the define's classes are expanded too. (Macros
 * make no word tests: words of a class are escaped.) 0, or -1 with err set
 * for an unknown class. */
static int add_word_tests(nt_rules *r, const nt_lex *lx, const char *pat,
                          nt_error *err)
{
    if (!strchr(pat, '"')) /* most patterns: strstr is the dearer ask */
        return 0;
    for (const char *p = pat; (p = strstr(p, "(?C\"!")) != NULL; p++) {
        const char *name;
        size_t n, wn, escapes = 0;
        while (p - escapes > pat && p[-1 - (long)escapes] == '\\')
            escapes++;
        if (escapes % 2 || !nt_reach_word_test(p, &name, &n))
            continue; /* after odd backslashes the "(" is a literal */
        int cls = nt_lex_class_named(lx, name, n, err);
        if (cls < 0)
            return -1;
        const char *words = nt_lex_class_words(lx, cls, &wn);
        nt_ruleset_word_test(r->rs, nt_lex_class_name(lx, cls), words, wn);
    }
    return 0;
}

static int add_define(nt_rules *r, const nt_lex *lx, char *rest, nt_error *err)
{
    char *name = next_field(&rest);
    char *pat = rest + strspn(rest, " \t");
    if (!name || !*pat || !nt_macros_is_name(name)) {
        nt_error_set(err, "expected: define NAME PATTERN");
        return -1;
    }
    if (add_word_tests(r, lx, pat, err) != 0)
        return -1;
    return nt_macros_define(r->macros, lx, name, pat, err);
}

/* The slot of the site where rules of trigger t run. */
static nt_ruleset_site **site_of(nt_rules *r, const trigger *t)
{
    switch (t->trig) {
    case TRIG_START:
        return &r->start[t->cls];
    case TRIG_COVER:
        return &r->cover[t->cls];
    default:
        return &r->shape[t->trig - TRIG_YEAR];
    }
}

static void quick_shapes(nt_rules *r);

/* Files rule i under its trigger t and its site. */
static void index_rule(nt_rules *r, const trigger *t, size_t i)
{
    if (t->trig == TRIG_START || t->trig == TRIG_COVER)
        r->used |= 1ull << t->cls;
    else {
        r->shapes_used |= 1u << (t->trig - TRIG_YEAR);
        quick_shapes(r);
    }
    nt_ruleset_site **s = site_of(r, t);
    if (!*s)
        *s = nt_ruleset_site_new();
    nt_ruleset_site_add(*s, i);
}

/* Expands pat and adds it as a rule, word classes as tries (see
 * wordtrie.h); returns its index, or -1. Whether PCRE2 accepts the rule,
 * and what it says if not, is still decided on the classes as written: a
 * trie is smaller, and a rule too large as written must not load now.
 * Should PCRE2 refuse the tries, the classes as written are used. */
static long expand_add(nt_rules *r, const nt_lex *lx, const char *pat,
                       const nt_rule_info *info, nt_error *err)
{
    char *flat = nt_macros_expand(r->macros, lx, pat, 0, err), *trie;
    nt_error ignored;
    if (!flat || nt_ruleset_check(r->rs, info->name, flat, err) != 0) {
        free(flat);
        return -1;
    }
    trie = nt_macros_expand(r->macros, lx, pat, 1, err);
    long i = nt_ruleset_add(r->rs, info, trie, &ignored);
    if (i >= 0) {
        free(flat);
        return i;
    }
    free(trie);
    if ((i = nt_ruleset_add(r->rs, info, flat, err)) < 0)
        free(flat);
    return i;
}

/* Parses "NAME TYPE PRIORITY TRIGGER PATTERN" and compiles the rule. */
static int add_rule(nt_rules *r, const nt_lex *lx, char *line, nt_error *err)
{
    char *name = next_field(&line), *type = next_field(&line);
    char *prio = next_field(&line), *trig = next_field(&line);
    char *pat = line + strspn(line, " \t"), *end;
    nt_rule_info info = {.name = name};
    trigger t = {0};
    if (!trig || !*pat) {
        nt_error_set(err, "expected: NAME TYPE PRIORITY TRIGGER PATTERN");
        return -1;
    }
    long pr = strtol(prio, &end, 10), i;
    if (nt_type_intern(type, strlen(type), &info.type, err) != 0)
        return -1;
    if (*end || pr < 0 || pr > 1000) {
        nt_error_set(err, "bad priority '%s' (0-1000)", prio);
        return -1;
    }
    info.priority = (int)pr;
    info.file = r->files[r->nfiles - 1];
    info.line = r->lineno;
    if (parse_trigger(lx, trig, &t, err) || add_word_tests(r, lx, pat, err) ||
        (i = expand_add(r, lx, pat, &info, err)) < 0)
        return -1;
    index_rule(r, &t, (size_t)i);
    return 0;
}

static int load_line(nt_rules *r, const nt_lex *lx, char *line, nt_error *err)
{
    char *p = line + strspn(line, " \t");
    if (!*p || *p == '#')
        return 0;
    if (strncmp(p, "define", 6) == 0 && (p[6] == ' ' || p[6] == '\t'))
        return add_define(r, lx, p + 7, err);
    return add_rule(r, lx, p, err);
}

/* A rules file being loaded. */
struct rules_file {
    nt_rules *r;
    const nt_lex *lx;
};

static int load_rules_line(char *line, size_t n, size_t lineno, void *ctx,
                           nt_error *why)
{
    struct rules_file *rf = ctx;
    while (n > 0 && strchr(" \t", line[n - 1]))
        line[--n] = '\0';
    rf->r->lineno = (uint32_t)lineno;
    return load_line(rf->r, rf->lx, line, why);
}

int nt_rules_load_file(nt_rules *r, const nt_lex *lx, const char *path,
                       nt_error *err)
{
    struct rules_file rf = {r, lx};
    r->files = nt_xgrow(r->files, &r->fcap, r->nfiles + 1, sizeof *r->files);
    r->files[r->nfiles++] = nt_xstrdup(path);
    return nt_read_lines(path, load_rules_line, &rf, err);
}

/* ---- Running ---- */

/* Whether a paragraph starts at one of the COVER_REACH tokens up to k
 * (k >= COVER_REACH - 1): their flags or'ed in a row, without a test at
 * each (few keywords have one near: 2,160 articles, 27,450 keywords, 1.9M
 * instructions a token at a time). */
static int para_near(const nt_token *toks, size_t k)
{
    const nt_token *t = toks + k;
    unsigned any = (t[0].flags | t[-1].flags) | (t[-2].flags | t[-3].flags) |
                   (t[-4].flags | t[-5].flags) | (t[-6].flags | t[-7].flags);
    return (any & NT_TOK_PARA_START) != 0;
}

/* The "<@class" rules of s at keyword k: each tries starts from
 * COVER_REACH tokens before the keyword towards it, not before a
 * paragraph's start, and keeps the first (so the longest) match covering
 * it. */
static void run_cover(nt_rules *r, nt_ruleset_site *s, const char *text,
                      size_t len, const nt_token *toks, size_t k)
{
    size_t j = k > COVER_REACH ? k - COVER_REACH : 0;
    if (!s)
        return;
    if (k < COVER_REACH || para_near(toks, k))
        for (size_t p = k; p > j; p--)
            if (toks[p].flags & NT_TOK_PARA_START) {
                j = p;
                break;
            }
    nt_ruleset_run_cover(r->rs, s, text, len, toks, j, k);
}

static int is_year(const char *text, const nt_token *t)
{
    if (t->shape != NT_SHAPE_DIGIT || t->end - t->start != 4)
        return 0;
    for (size_t i = t->start; i < t->end; i++)
        if (text[i] < '0' || text[i] > '9')
            return 0;
    return text[t->start] == '1' || text[t->start] == '2';
}

/* Whether word token t has an inner hyphen ("two-year"): the tokenizer
 * flags a word whose letters or digits a hyphen joins, and a hyphen in a
 * word does nothing else (one at either end is not the word's). */
static int has_hyphen(const nt_token *t)
{
    return (t->flags & NT_TOK_HYPHEN) && t->shape <= NT_SHAPE_UPPER;
}

#define SHAPE(trig) (1u << ((trig) - TRIG_YEAR))

/* The shape triggers a token of each shape may have: #year and #hyphen
 * still to be confirmed by the text. */
static const unsigned char shape_may[] = {
    [NT_SHAPE_LOWER] = SHAPE(TRIG_HYPHEN),
    [NT_SHAPE_CAP] = SHAPE(TRIG_CAP) | SHAPE(TRIG_HYPHEN),
    [NT_SHAPE_UPPER] = SHAPE(TRIG_CAP) | SHAPE(TRIG_HYPHEN),
    [NT_SHAPE_DIGIT] = SHAPE(TRIG_DIGITS) | SHAPE(TRIG_YEAR),
    [NT_SHAPE_ALNUM] = SHAPE(TRIG_ALNUM),
    [NT_SHAPE_PUNCT] = 0,
};

/* The shape triggers of token t that some rule has (wanted), as bits
 * 1 << (trig - TRIG_YEAR). A table by shape first: it runs at every
 * token, and most have none or only a #hyphen that has_hyphen turns away
 * at once. */
static unsigned shape_kinds(const char *text, const nt_token *t,
                            unsigned wanted)
{
    unsigned k = shape_may[t->shape] & wanted;
    if ((k & SHAPE(TRIG_YEAR)) && !is_year(text, t))
        k &= ~SHAPE(TRIG_YEAR);
    if ((k & SHAPE(TRIG_HYPHEN)) && !has_hyphen(t))
        k &= ~SHAPE(TRIG_HYPHEN);
    return k;
}

/* A bit no token flag has: r->quick's mark. */
#define QUICK 0x80
_Static_assert(NT_TOK_APOS < QUICK, "QUICK must be no token flag");

/* r->quick and r->want for r->shapes_used: the token shapes that may have
 * a shape trigger other than #hyphen, and the hyphen's flag when there
 * are #hyphen rules (has_hyphen). A token with neither triggers no shape
 * rule. */
static void quick_shapes(nt_rules *r)
{
    for (unsigned s = 0; s < sizeof shape_may; s++)
        r->quick[s] =
            shape_may[s] & r->shapes_used & ~SHAPE(TRIG_HYPHEN) ? QUICK : 0;
    r->want = QUICK | (r->shapes_used & SHAPE(TRIG_HYPHEN) ? NT_TOK_HYPHEN
                                                            : 0);
}

#undef SHAPE

/* The shape rules at token t, which triggers those of kinds (see
 * shape_kinds). */
static void run_shapes(nt_rules *r, const char *text, size_t len,
                       const nt_token *t, unsigned kinds, nt_entities *out)
{
    nt_ruleset_next_round(r->rs);
    for (int k = 0; k < NSHAPES; k++)
        if (kinds & (1u << k))
            nt_ruleset_run(r->rs, r->shape[k], text, len, t->start);
    nt_ruleset_push_found(r->rs, out);
}

/* The rules of word class c at token k. */
static void run_class(nt_rules *r, int c, const char *text, size_t len,
                      const nt_token *toks, size_t k, nt_entities *out)
{
    nt_ruleset_next_round(r->rs);
    if (r->start[c])
        nt_ruleset_run(r->rs, r->start[c], text, len, toks[k].start);
    run_cover(r, r->cover[c], text, len, toks, k);
    nt_ruleset_push_found(r->rs, out);
}

/* Whether token k may trigger some rule: a word class that does, or
 * what a shape rule needs (see quick_shapes); shape_kinds tells which. */
static int may_trigger(const nt_rules *r, const nt_token *toks,
                       const uint64_t *tokclass, size_t k)
{
    return (tokclass[k] & r->used) ||
           ((r->quick[toks[k].shape] | toks[k].flags) & r->want);
}

/* The first token from k on that triggers some rule, ntoks if none, with
 * its shape triggers in *kinds. Most tokens trigger nothing: this loop,
 * kept apart from the running of rules, reads only their classes, shapes
 * and flags, four tokens at a time (their classes or'ed and tested at
 * once, and their shapes' marks and flags) up to four that may, then one
 * at a time up to the trigger (2,160 articles: 610,000 tokens, 7.4M
 * instructions one at a time with a hyphen search, 4.3M fewer). */
static size_t next_trigger(const nt_rules *r, const char *text,
                           const nt_token *toks, size_t k, size_t ntoks,
                           const uint64_t *tokclass, unsigned *kinds)
{
    const uint64_t used = r->used;
    const unsigned want = r->want;
    for (; k + 3 < ntoks; k += 4) {
        const nt_token *t = &toks[k];
        const uint64_t *c = &tokclass[k];
        if (((c[0] | c[1] | c[2] | c[3]) & used) ||
            ((r->quick[t[0].shape] | t[0].flags | r->quick[t[1].shape] |
              t[1].flags | r->quick[t[2].shape] | t[2].flags |
              r->quick[t[3].shape] | t[3].flags) &
             want))
            break;
    }
    for (; k < ntoks; k++) {
        if (!may_trigger(r, toks, tokclass, k))
            continue;
        unsigned kk = shape_kinds(text, &toks[k], r->shapes_used);
        if (kk || (tokclass[k] & used)) {
            *kinds = kk;
            return k;
        }
    }
    return ntoks;
}

void nt_rules_apply(nt_rules *r, const char *text, size_t len,
                    const nt_token *toks, size_t ntoks,
                    const uint64_t *tokclass, nt_entities *out)
{
    unsigned kinds;
    nt_ruleset_text(r->rs, len);
    for (size_t k = 0;
         (k = next_trigger(r, text, toks, k, ntoks, tokclass, &kinds)) <
         ntoks;
         k++) {
        uint64_t mask = tokclass[k] & r->used;
        while (mask) { /* each word class of the token that triggers rules */
            run_class(r, __builtin_ctzll(mask), text, len, toks, k, out);
            mask &= mask - 1;
        }
        if (kinds)
            run_shapes(r, text, len, &toks[k], kinds, out);
    }
}
