/* rules.c - PCRE2 rules compiled once, run anchored at their trigger tokens.
 *
 * The tokenizer, not regex scans, finds where rules may match: each rule
 * names a word class (or a number shape) and runs only at tokens of it. This
 * is the only file that includes pcre2.h.
 *
 * Speed, with every rule firing exactly where and as it would alone:
 * - the rules of one trigger place run as one pattern, one pcre2_match call
 *   at a start instead of one per rule (see batch);
 * - @{class} expands to a trie of the class's words instead of a long
 *   alternation (see put_node);
 * - a conservative reading of each pattern (see reach) tells which bytes a
 *   match can start with and hold, so that a batch is not run where the
 *   text rules all of its rules out. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "util.h"

/* How far before its keyword a "<@class" rule may start, in tokens. */
#define COVER_REACH 8
/* Bounds on one match, so that a runaway pattern fails instead of hanging. */
#define MATCH_LIMIT 200000
#define DEPTH_LIMIT 5000

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

typedef struct {
    char *name;
    nt_type type;
    int priority;
    trig_kind trig;
    int cls; /* word class of TRIG_START / TRIG_COVER */
    int span_group;
    pcre2_code *code;
    char *pattern;    /* expanded, owned: batches are built from it */
    const char *file; /* the rules file (one of nt_rules.files) */
    uint32_t line;    /* and the rule's line in it, for --explain */
    int runaway;      /* a match limit was hit and reported (once) */
    int jit;          /* code is JIT-compiled (when available) */
    uint64_t found;   /* the round (nt_rules.round) it last fired in */
    nt_entity hit;    /* and what it found then */
} rule;

typedef struct {
    char *name;
    char *pattern[2]; /* expanded, word classes [0] as lexicon.c writes
                         them, [1] as tries (see put_class) */
} define;

typedef struct {
    size_t *v;
    size_t n, cap;
} rule_list;

/* A set of bytes (see reach). */
typedef struct {
    uint64_t w[4];
} byteset;

/* Rules that run at the same place share one pcre2_match call there: their
 * patterns are the alternatives of one pattern, each an atomic group (the
 * rule's first match, as if it ran alone) followed by a callout that notes
 * the match and fails, so that the next alternative runs. */
typedef struct {
    pcre2_code *code; /* the combined pattern; NULL: rules[0] runs alone */
    size_t *rules;    /* rule indexes; callout i + 1 reports rules[i] */
    uint32_t *span;   /* span group of rules[i] in code, 0 if none */
    size_t n;
    /* What the text must hold for a rule of the batch to fire (see reach):
     * a first byte, a second one (when no rule matches one character),
     * and, over what a cover rule's match spans, only bytes of alpha and
     * after white space only bytes of after_space. */
    byteset first, second, alpha, after_space;
} batch;

/* The rules of one trigger place: a word class's start or cover rules, or
 * one shape trigger. */
typedef struct {
    rule_list rules; /* in load order */
    batch *b;
    size_t nb;
    int dirty; /* rules were added since the batches were built */
} site;

/* Numbered callouts go up to 255: larger batches are split. */
#define BATCH_MAX 255
#define NSHAPES (TRIG_CAP - TRIG_YEAR + 1)

struct nt_rules {
    rule *r;
    size_t n, cap;
    define *d;
    size_t nd, dcap;
    pcre2_match_data *md;
    pcre2_match_context *mctx;  /* rules run alone */
    pcre2_match_context *bctx;  /* batches: mctx with the callout */
    pcre2_jit_stack *jit_stack;
    /* Rule indexes by trigger, in load order, which is the order candidates
     * are appended in: per word class, and one list for the number and shape
     * triggers. */
    rule_list by_class[NT_LEX_MAX_CLASSES];
    rule_list by_shape;
    site start[NT_LEX_MAX_CLASSES], cover[NT_LEX_MAX_CLASSES];
    site shape[NSHAPES]; /* by trig_kind - TRIG_YEAR */
    uint64_t used; /* word classes that trigger some rule */
    unsigned shapes_used; /* shape triggers of some rule (see shape_kinds) */
    uint64_t round; /* one per token and trigger: see rule.found */
    size_t nfound;  /* rules that fired in this round */
    char **files; /* paths of the files loaded, owned */
    size_t nfiles, fcap;
    uint32_t lineno; /* line being loaded */
};

nt_rules *nt_rules_new(void)
{
    nt_rules *r = nt_xcalloc(1, sizeof *r);
    r->md = pcre2_match_data_create(32, NULL);
    r->mctx = pcre2_match_context_create(NULL);
    r->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (r->mctx) {
        pcre2_set_match_limit(r->mctx, MATCH_LIMIT);
        pcre2_set_depth_limit(r->mctx, DEPTH_LIMIT);
        pcre2_jit_stack_assign(r->mctx, NULL, r->jit_stack);
        r->bctx = pcre2_match_context_copy(r->mctx);
    }
    if (!r->md || !r->bctx || !r->jit_stack) {
        fprintf(stderr, "newstag: out of memory\n");
        abort();
    }
    return r;
}

static void free_batches(site *s)
{
    for (size_t i = 0; i < s->nb; i++) {
        pcre2_code_free(s->b[i].code);
        free(s->b[i].rules);
        free(s->b[i].span);
    }
    free(s->b);
    s->b = NULL;
    s->nb = 0;
}

static void free_site(site *s)
{
    free_batches(s);
    free(s->rules.v);
}

void nt_rules_free(nt_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->r[i].name);
        free(r->r[i].pattern);
        pcre2_code_free(r->r[i].code);
    }
    for (size_t i = 0; i < r->nd; i++) {
        free(r->d[i].name);
        free(r->d[i].pattern[0]);
        free(r->d[i].pattern[1]);
    }
    for (size_t i = 0; i < r->nfiles; i++)
        free(r->files[i]);
    free(r->files);
    free(r->r);
    for (size_t c = 0; c < NT_LEX_MAX_CLASSES; c++) {
        free(r->by_class[c].v);
        free_site(&r->start[c]);
        free_site(&r->cover[c]);
    }
    for (size_t k = 0; k < NSHAPES; k++)
        free_site(&r->shape[k]);
    free(r->by_shape.v);
    free(r->d);
    pcre2_match_data_free(r->md);
    pcre2_match_context_free(r->mctx);
    pcre2_match_context_free(r->bctx);
    pcre2_jit_stack_free(r->jit_stack);
    free(r);
}

size_t nt_rules_count(const nt_rules *r)
{
    return r->n;
}

static const define *find_define(const nt_rules *r, const char *name, size_t n)
{
    for (size_t i = 0; i < r->nd; i++)
        if (strlen(r->d[i].name) == n && memcmp(r->d[i].name, name, n) == 0)
            return &r->d[i];
    return NULL;
}

/* Length of the identifier at s ([A-Za-z_][A-Za-z0-9_]*), 0 if none. */
static size_t ident_len(const char *s)
{
    size_t n = 0;
    if (!isalpha((unsigned char)*s) && *s != '_')
        return 0;
    while (isalnum((unsigned char)s[n]) || s[n] == '_')
        n++;
    return n;
}

/* Copies a backslash escape at p to out and returns the bytes consumed;
 * "\p{Lu}", "\x{263a}" and friends are copied whole so that their braces
 * are not taken for macros. */
static size_t copy_escape(nt_buf *out, const char *p)
{
    size_t n = p[1] ? 2 : 1;
    if (isalpha((unsigned char)p[1]) && p[2] == '{') {
        const char *close = strchr(p + 2, '}');
        n = close ? (size_t)(close - p) + 1 : strlen(p);
    }
    nt_buf_put(out, p, n);
    return n;
}

/* A word of a class, for the trie below. */
typedef struct {
    const char *s;
    size_t len;
    size_t order; /* position in nt_lex_pattern's alternation */
} word;

/* Deeper tries fall back to a flat alternation: PCRE2 limits group nesting. */
#define TRIE_DEPTH 64

static int by_text(const void *pa, const void *pb)
{
    const word *a = pa, *b = pb;
    int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int by_order(const void *pa, const void *pb)
{
    const word *a = pa, *b = pb;
    return (a->order > b->order) - (a->order < b->order);
}

/* Appends s[0..n) with PCRE2 metacharacters escaped, as lexicon.c does. */
static void put_literal(nt_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strchr("\\^$.|?*+()[]{}", s[i]))
            nt_buf_putc(out, '\\');
        nt_buf_putc(out, s[i]);
    }
}

/* Length of the UTF-8 sequence that starts with byte c. */
static size_t seq_len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Whether characters a and b (UTF-8 sequences) might match the same
 * character in caseless mode. Exact for ASCII; any non-ASCII character is
 * taken to pair with any letter. */
static int may_pair(const char *a, const char *b)
{
    unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
    if (x < 0x80 && y < 0x80)
        return tolower(x) == tolower(y);
    return (x >= 0x80 || isalpha(x)) && (y >= 0x80 || isalpha(y));
}

/* The words w[0..n) from byte d on, as a flat alternation in the class's
 * own order (longest first); reorders w. */
static void put_flat(nt_buf *out, word *w, size_t n, size_t d)
{
    qsort(w, n, sizeof *w, by_order);
    nt_buf_puts(out, "(?:");
    for (size_t i = 0; i < n; i++) {
        if (i)
            nt_buf_putc(out, '|');
        put_literal(out, w[i].s + d, w[i].len - d);
    }
    nt_buf_putc(out, ')');
}

static void put_node(nt_buf *out, word *w, size_t lo, size_t hi, size_t d,
                     int depth);

/* The end of the run of words from w[i] on with the same character at d. */
static size_t child_end(const word *w, size_t i, size_t hi, size_t d)
{
    size_t n = seq_len((unsigned char)w[i].s[d]), j = i + 1;
    while (j < hi && memcmp(w[j].s + d, w[i].s + d, n) == 0)
        j++;
    return j;
}

/* The children of a trie node, w[lo..hi) split where the character at d
 * changes: at[0..n] are their bounds. Returns n (caller frees *at). */
static size_t split_children(const word *w, size_t lo, size_t hi, size_t d,
                             size_t **at)
{
    size_t n = 0, cap = 0;
    *at = NULL;
    for (size_t i = lo;; i = child_end(w, i, hi, d)) {
        *at = nt_xgrow(*at, &cap, n + 1, sizeof **at);
        (*at)[n++] = i;
        if (i == hi)
            return n - 1;
    }
}

/* Children that might match the same text (case variants) go together:
 * cl[i] is the first child of child i's cluster. */
static void cluster_children(const word *w, const size_t *at, size_t n,
                             size_t d, size_t *cl)
{
    for (size_t i = 0; i < n; i++) {
        cl[i] = i;
        for (size_t j = 0; j < i && cl[i] == i; j++)
            if (may_pair(w[at[i]].s + d, w[at[j]].s + d))
                cl[i] = cl[j];
    }
}

/* The words of the children of cluster c, flat (see put_flat). */
static void put_cluster(nt_buf *out, const word *w, const size_t *at,
                        const size_t *cl, size_t n, size_t c, size_t d)
{
    word *tmp = nt_xmalloc((at[n] - at[0]) * sizeof *tmp);
    size_t k = 0;
    for (size_t i = c; i < n; i++)
        if (cl[i] == c)
            for (size_t j = at[i]; j < at[i + 1]; j++)
                tmp[k++] = w[j];
    put_flat(out, tmp, k, d);
    free(tmp);
}

/* The children of a trie node, one alternative each, then the empty one
 * when a word ends at the node. */
static void put_children(nt_buf *out, word *w, size_t lo, size_t hi,
                         size_t d, int ends, int depth)
{
    size_t *at, n = split_children(w, lo, hi, d, &at);
    size_t *cl = nt_xmalloc(n * sizeof *cl);
    int group = ends || n > 1;
    cluster_children(w, at, n, d, cl);
    if (group)
        nt_buf_puts(out, "(?:");
    for (size_t i = 0, alts = 0; i < n; i++) {
        int alone = 1;
        for (size_t j = i + 1; j < n; j++)
            alone &= cl[j] != i;
        if (cl[i] != i) /* put with its cluster */
            continue;
        if (alts++)
            nt_buf_putc(out, '|');
        if (!alone) {
            put_cluster(out, w, at, cl, n, i, d);
            continue;
        }
        size_t len = seq_len((unsigned char)w[at[i]].s[d]);
        put_literal(out, w[at[i]].s + d, len);
        put_node(out, w, at[i], at[i + 1], d + len, depth + group);
    }
    if (group)
        nt_buf_puts(out, ends ? "|)" : ")");
    free(cl);
    free(at);
}

/* The words w[lo..hi) (sorted, sharing their first d bytes) from byte d
 * on, as a trie: at a given place of the text at most one branch can go on
 * and longer words are tried first, so it matches what the flat
 * alternation, longest first, matches, in the same order. Branches that
 * might both go on (case variants in caseless mode) stay one flat
 * alternation. */
static void put_node(nt_buf *out, word *w, size_t lo, size_t hi, size_t d,
                     int depth)
{
    int ends = w[lo].len == d;
    size_t first = lo + ends;
    if (first == hi)
        return;
    if (hi - first == 1 && !ends)
        put_literal(out, w[first].s + d, w[first].len - d);
    else if (depth >= TRIE_DEPTH)
        put_flat(out, w + lo, hi - lo, d);
    else
        put_children(out, w, first, hi, d, ends, depth);
}

/* Splits nt_lex_pattern's "(?:w1|w2|...)" into its words, unescaping them
 * in pat; returns how many there are (caller frees *words). */
static size_t split_words(char *pat, word **words)
{
    size_t n = 0, cap = 0;
    char *src = pat + 3, *dst = src, *start = dst;
    *words = NULL;
    for (;; src++) {
        if (*src == '\\' && src[1]) {
            *dst++ = *++src;
            continue;
        }
        if (*src == '|' || *src == ')' || !*src) {
            *words = nt_xgrow(*words, &cap, n + 1, sizeof **words);
            (*words)[n] = (word){start, (size_t)(dst - start), n};
            n++;
            start = dst;
            if (*src != '|')
                return n;
            continue;
        }
        *dst++ = *src;
    }
}

/* Whether a word keeps its meaning in every mode a rule may set: in
 * extended mode white space and '#' are not literal. */
static int trie_safe(const word *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!w[i].len || memchr(w[i].s, '#', w[i].len) ||
            strcspn(w[i].s, " \t\n\r\f\v") < w[i].len)
            return 0;
    return 1;
}

/* Appends the pattern of word class cls as lexicon.c writes it. */
static void put_flat_class(nt_buf *out, const nt_lex *lx, int cls)
{
    char *alt = nt_lex_pattern(lx, cls);
    nt_buf_puts(out, alt);
    free(alt);
}

/* Appends the pattern of word class cls: its words as a trie (see
 * put_node), which PCRE2 runs much faster than a long alternation. */
static void put_class(nt_buf *out, const nt_lex *lx, int cls)
{
    char *alt = nt_lex_pattern(lx, cls), *copy = nt_xstrdup(alt);
    word *w = NULL;
    size_t n = strncmp(copy, "(?:", 3) == 0 ? split_words(copy, &w) : 0;
    if (n > 1 && trie_safe(w, n)) {
        qsort(w, n, sizeof *w, by_text);
        size_t k = 1; /* drop duplicates: they match nothing new */
        for (size_t i = 1; i < n; i++)
            if (by_text(&w[i], &w[k - 1]) != 0)
                w[k++] = w[i];
        nt_buf_puts(out, "(?:");
        put_node(out, w, 0, k, 0, 1);
        nt_buf_putc(out, ')');
    } else {
        nt_buf_puts(out, alt);
    }
    free(w);
    free(copy);
    free(alt);
}

/* Expands one macro at p ("@{class}" or "{NAME}"); returns bytes consumed,
 * 0 if p holds no macro, or -1 with err set for an unknown name. */
static long expand_macro(const nt_rules *r, const nt_lex *lx, const char *p,
                         int trie, nt_buf *out, nt_error *err)
{
    int is_class = p[0] == '@';
    const char *name = p + (is_class ? 2 : 1);
    size_t n = ident_len(name);
    if ((is_class && p[1] != '{') || !n || name[n] != '}')
        return 0;
    if (is_class) {
        char cname[128];
        snprintf(cname, sizeof cname, "%.*s", (int)n, name);
        int cls = nt_lex_class_find(lx, cname);
        if (cls < 0) {
            nt_error_set(err, "unknown word class '%s'", cname);
            return -1;
        }
        if (trie)
            put_class(out, lx, cls);
        else
            put_flat_class(out, lx, cls);
    } else {
        const define *d = find_define(r, name, n);
        if (!d)
            return 0;
        nt_buf_printf(out, "(?:%s)", d->pattern[trie]);
    }
    return (long)(name - p + n + 1);
}

/* Expands the macros of pat into a new string (caller frees), NULL on error. */
static char *expand(const nt_rules *r, const nt_lex *lx, const char *pat,
                    int trie, nt_error *err)
{
    nt_buf out;
    nt_buf_init(&out);
    for (const char *p = pat; *p;) {
        if (*p == '\\') {
            p += copy_escape(&out, p);
            continue;
        }
        long used = (*p == '@' || *p == '{') ? expand_macro(r, lx, p, trie, &out, err) : 0;
        if (used < 0) {
            nt_buf_free(&out);
            return NULL;
        }
        if (used == 0)
            nt_buf_putc(&out, *p++);
        p += used;
    }
    nt_buf_cstr(&out);
    return out.data;
}

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
static int parse_trigger(const nt_lex *lx, const char *s, rule *ru,
                         nt_error *err)
{
    for (size_t i = 0; i < sizeof shape_triggers / sizeof *shape_triggers; i++)
        if (strcmp(s, shape_triggers[i].name) == 0) {
            ru->trig = shape_triggers[i].trig;
            return 0;
        }
    ru->trig = s[0] == '<' ? TRIG_COVER : TRIG_START;
    const char *name = s + (s[0] == '<');
    if (name[0] != '@' || !name[1]) {
        nt_error_set(err, "bad trigger '%s' (@class, <@class, #year, #digits, "
                          "#alnum, #hyphen or #cap)", s);
        return -1;
    }
    if ((ru->cls = nt_lex_class_find(lx, name + 1)) < 0) {
        nt_error_set(err, "unknown word class '%s' in trigger", name + 1);
        return -1;
    }
    return 0;
}

/* Compiles an expanded pattern anchored (pcre2_jit_match would ignore a
 * match-time PCRE2_ANCHORED), in UTF and UCP mode; NULL with err set if
 * PCRE2 refuses it. */
static pcre2_code *compile_as(const rule *ru, const char *pat, nt_error *err)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED,
                                  &code, &off, NULL);
    if (!c) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        nt_error_set(err, "rule '%s': %s at offset %zu of the expanded pattern",
                     ru->name, (const char *)msg, (size_t)off);
    }
    return c;
}

/* Compiles pat into ru; JIT comes when the rule first runs alone (see
 * run_alone). */
static int compile(rule *ru, const char *pat, nt_error *err)
{
    if (!(ru->code = compile_as(ru, pat, err)))
        return -1;
    int g = pcre2_substring_number_from_name(ru->code, (PCRE2_SPTR) "span");
    ru->span_group = g > 0 ? g : 0;
    return 0;
}

/* Whether PCRE2 accepts pat, err set if not. */
static int check(const rule *ru, const char *pat, nt_error *err)
{
    pcre2_code *c = compile_as(ru, pat, err);
    pcre2_code_free(c);
    return c ? 0 : -1;
}

/* Grows the shared match data to hold every group of code: with too short
 * an ovector pcre2_match returns 0 and the rule would never fire. */
static void fit_match_data(nt_rules *r, const pcre2_code *code)
{
    uint32_t groups = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups < pcre2_get_ovector_count(r->md))
        return;
    pcre2_match_data_free(r->md);
    r->md = pcre2_match_data_create(groups + 1, NULL);
    if (!r->md) {
        fprintf(stderr, "newstag: out of memory\n");
        abort();
    }
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

static int add_define(nt_rules *r, const nt_lex *lx, char *rest, nt_error *err)
{
    char *name = next_field(&rest);
    char *pat = rest + strspn(rest, " \t");
    if (!name || !*pat || ident_len(name) != strlen(name)) {
        nt_error_set(err, "expected: define NAME PATTERN");
        return -1;
    }
    char *flat = expand(r, lx, pat, 0, err), *trie;
    if (!flat)
        return -1;
    trie = expand(r, lx, pat, 1, err);
    r->d = nt_xgrow(r->d, &r->dcap, r->nd + 1, sizeof *r->d);
    r->d[r->nd++] = (define){nt_xstrdup(name), {flat, trie}};
    return 0;
}

static void list_add(rule_list *l, size_t i)
{
    l->v = nt_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = i;
}

/* The place where rule ru runs. */
static site *site_of(nt_rules *r, const rule *ru)
{
    switch (ru->trig) {
    case TRIG_START:
        return &r->start[ru->cls];
    case TRIG_COVER:
        return &r->cover[ru->cls];
    default:
        return &r->shape[ru->trig - TRIG_YEAR];
    }
}

/* Files rule i under its trigger (see nt_rules.by_class) and its site. */
static void index_rule(nt_rules *r, size_t i)
{
    const rule *ru = &r->r[i];
    int by_class = ru->trig == TRIG_START || ru->trig == TRIG_COVER;
    if (by_class)
        r->used |= 1ull << ru->cls;
    else
        r->shapes_used |= 1u << (ru->trig - TRIG_YEAR);
    list_add(by_class ? &r->by_class[ru->cls] : &r->by_shape, i);
    site *s = site_of(r, ru);
    list_add(&s->rules, i);
    s->dirty = 1;
}

/* Expands pat and compiles it into ru, word classes as tries (see
 * put_class). Whether PCRE2 accepts the rule, and what it says if not, is
 * still decided on the classes as written: a trie is smaller, and a rule too
 * large as written must not load now. Should PCRE2 refuse the tries, the
 * classes as written are used. */
static int expand_compile(const nt_rules *r, const nt_lex *lx, const char *pat,
                          rule *ru, nt_error *err)
{
    char *flat = expand(r, lx, pat, 0, err), *trie;
    nt_error ignored;
    if (!flat || check(ru, flat, err) != 0) {
        free(flat);
        return -1;
    }
    trie = expand(r, lx, pat, 1, err);
    if (compile(ru, trie, &ignored) == 0) {
        free(flat);
        ru->pattern = trie;
        return 0;
    }
    free(trie);
    if (compile(ru, flat, err) != 0) {
        free(flat);
        return -1;
    }
    ru->pattern = flat;
    return 0;
}

/* Parses "NAME TYPE PRIORITY TRIGGER PATTERN" and compiles the rule. */
static int add_rule(nt_rules *r, const nt_lex *lx, char *line, nt_error *err)
{
    char *name = next_field(&line), *type = next_field(&line);
    char *prio = next_field(&line), *trig = next_field(&line);
    char *pat = line + strspn(line, " \t"), *end;
    rule ru = {0};
    if (!trig || !*pat) {
        nt_error_set(err, "expected: NAME TYPE PRIORITY TRIGGER PATTERN");
        return -1;
    }
    long pr = strtol(prio, &end, 10);
    if (nt_type_intern(type, strlen(type), &ru.type, err) != 0)
        return -1;
    if (*end || pr < 0 || pr > 1000) {
        nt_error_set(err, "bad priority '%s' (0-1000)", prio);
        return -1;
    }
    ru.priority = (int)pr;
    ru.name = nt_xstrdup(name);
    ru.file = r->files[r->nfiles - 1];
    ru.line = r->lineno;
    if (parse_trigger(lx, trig, &ru, err) || expand_compile(r, lx, pat, &ru, err)) {
        free(ru.name);
        return -1;
    }
    fit_match_data(r, ru.code);
    r->r = nt_xgrow(r->r, &r->cap, r->n + 1, sizeof *r->r);
    r->r[r->n] = ru;
    index_rule(r, r->n++);
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

/* Whether the construct after a '(' at p is one a rule may hold inside a
 * batch: groups, assertions and option settings, but not verbs, callouts,
 * references to groups by number or name, conditions, or extended mode (its
 * comments would run on over the rest of the batch). */
static int group_combines(const char *p)
{
    if (*p != '?')
        return *p != '*';
    p++;
    if (*p && strchr(":=!>|'<", *p))
        return 1;
    size_t opts = strspn(p, "imnsJU^-");
    return opts > 0 && (p[opts] == ':' || p[opts] == ')');
}

/* Whether pattern pat can be one alternative of a batch and still match as
 * it does alone. Conservative: when in doubt, the rule runs alone. */
static int combines(const char *pat)
{
    for (const char *p = pat; *p; p++) {
        if (*p == '\\') {
            if (!*++p || strchr("123456789gkKQ", *p))
                return 0; /* references by number or name, \K, \Q...\E */
        } else if (*p == '(' && !group_combines(p + 1)) {
            return 0;
        }
    }
    return 1;
}

/* ---- What a rule's match can hold ----
 *
 * A conservative reading of an expanded pattern (see reach) finds the bytes
 * a non-empty match can begin with (an empty match never fires), the bytes
 * it can hold, and so on, so that a rule is not run where the text rules it
 * out. The sets may be too large, never too small: what the reading does
 * not know for sure counts as any byte (negated classes, most properties,
 * escapes like \D), and it gives up on anything else (answer: any byte). A
 * character beyond ASCII counts as every byte from 0x80 up, and in caseless
 * mode as every ASCII letter too (the KELVIN SIGN is a caseless 'k'); a
 * caseless ASCII letter likewise brings in the bytes from 0x80 up. Only
 * patterns that combines() accepts are read. */

static const byteset set_all = {{~0ull, ~0ull, ~0ull, ~0ull}};

/* The pattern being read and the options in effect. */
typedef struct {
    const char *p;
    int caseless;
    int bad; /* something not understood: the answer is any byte */
} reader;

static void set_add(byteset *s, unsigned c)
{
    s->w[c >> 6] |= 1ull << (c & 63);
}

static int set_has(const byteset *s, unsigned char c)
{
    return (s->w[c >> 6] >> (c & 63)) & 1;
}

static void set_union(byteset *s, const byteset *t)
{
    for (int i = 0; i < 4; i++)
        s->w[i] |= t->w[i];
}

/* Bytes 0x80-0xFF, which begin the characters beyond ASCII, and the ASCII
 * letters. */
static const byteset set_high = {{0, 0, ~0ull, ~0ull}};
static const byteset set_letters = {{0, 0x07FFFFFE07FFFFFEull, 0, 0}};

/* Adds what the pattern character c matches (caseless: its other cases). */
static void set_char(byteset *s, uint32_t c, int caseless)
{
    if (c >= 0x80) {
        set_union(s, &set_high);
        if (caseless)
            set_union(s, &set_letters);
        return;
    }
    set_add(s, c);
    if (caseless && isalpha((int)c)) {
        set_add(s, (unsigned)toupper((int)c));
        set_add(s, (unsigned)tolower((int)c));
        set_union(s, &set_high);
    }
}

/* Adds the characters lo..hi of a class range. */
static void set_span(byteset *s, uint32_t lo, uint32_t hi, int caseless)
{
    for (uint32_t c = lo; c <= hi && c < 0x80; c++)
        set_char(s, c, caseless);
    if (hi >= 0x80)
        set_char(s, 0x80, caseless);
}

static void set_chars(byteset *s, const char *chars)
{
    for (; *chars; chars++)
        set_add(s, (unsigned char)*chars);
    set_char(s, 0x80, 0);
}

/* Reads one UTF-8 character. */
static uint32_t read_char(reader *rd)
{
    uint32_t c;
    size_t n = nt_utf8_decode((const unsigned char *)rd->p, strlen(rd->p), &c);
    if (!n) {
        rd->bad = 1;
        return 0;
    }
    rd->p += n;
    return c;
}

/* \p{...} or \pX after the 'p': letters, cased letters, digits and marks
 * are known; other properties may match anything. */
static void read_property(reader *rd, byteset *s)
{
    char name[8] = {0};
    size_t n = 1;
    if (*rd->p == '{') {
        n = strcspn(rd->p + 1, "}");
        if (rd->p[1 + n] != '}' || n >= sizeof name) {
            rd->bad = 1;
            return;
        }
        memcpy(name, rd->p + 1, n);
        rd->p += n + 2;
    } else if (*rd->p) {
        name[0] = *rd->p++;
    }
    set_char(s, 0x80, 0);
    if (strcmp(name, "Lu") == 0 || strcmp(name, "Lt") == 0)
        set_span(s, 'A', 'Z', rd->caseless);
    else if (strcmp(name, "Ll") == 0)
        set_span(s, 'a', 'z', rd->caseless);
    else if (strcmp(name, "L") == 0)
        set_span(s, 'A', 'Z', 1);
    else if (strcmp(name, "N") == 0 || strcmp(name, "Nd") == 0)
        set_span(s, '0', '9', 0);
    else if (name[0] != 'M')
        *s = set_all;
}

/* \x{...} or \xhh after the 'x'. */
static uint32_t read_hex(reader *rd)
{
    char *end;
    unsigned long c;
    if (*rd->p == '{') {
        c = strtoul(rd->p + 1, &end, 16);
        if (*end != '}' || end == rd->p + 1)
            rd->bad = 1;
        rd->p = *end ? end + 1 : end;
        return (uint32_t)c;
    }
    char hex[3] = {0};
    for (int i = 0; i < 2 && isxdigit((unsigned char)*rd->p); i++)
        hex[i] = *rd->p++;
    return (uint32_t)strtoul(hex, NULL, 16);
}

/* What an escape matches. */
typedef enum {
    ESC_CHAR, /* one character, in *c */
    ESC_SET,  /* a set of characters, added to s */
    ESC_ZERO  /* an assertion such as \b: no character */
} esc_kind;

/* Reads the escape after a backslash. In a class, \b is a backspace. */
static esc_kind read_escape(reader *rd, byteset *s, uint32_t *c, int in_class)
{
    static const char *const sets[] = {
        "d0123456789",
        "w0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        "s\t\n\v\f\r \x1c\x1d\x1e\x1f", "h\t ", "v\n\v\f\r"};
    static const char ctl[] = "t\tn\nr\rf\fe\x1b" "a\a";
    char e = *rd->p;
    if (!isalnum((unsigned char)e)) {
        *c = read_char(rd);
        return ESC_CHAR;
    }
    rd->p++;
    if (e == 'x')
        return *c = read_hex(rd), ESC_CHAR;
    if (e == 'b' && in_class)
        return *c = '\b', ESC_CHAR;
    if (strchr("bBAzZG", e) && !in_class)
        return ESC_ZERO;
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++)
        if (sets[i][0] == e)
            return set_chars(s, sets[i] + 1), ESC_SET;
    for (const char *q = ctl; *q; q += 2)
        if (*q == e)
            return *c = (unsigned char)q[1], ESC_CHAR;
    if (e == 'p' || e == 'P') {
        read_property(rd, s); /* reads the name, also of \P */
        if (e == 'P')
            *s = set_all;
        return ESC_SET;
    }
    /* \R and \X match more than one character, \C a byte; after \Q, \cX
     * or \N{U+...} the rest reads otherwise; references, octal, ... */
    if (!strchr("DWSHVN", e) || (e == 'N' && *rd->p == '{'))
        rd->bad = 1;
    *s = set_all;
    return ESC_SET;
}

/* One member of a class: a character (returns 1, sets *c) or a set. */
static int read_class_item(reader *rd, byteset *s, uint32_t *c)
{
    if (*rd->p != '\\') {
        *c = read_char(rd);
        return 1;
    }
    rd->p++;
    return read_escape(rd, s, c, 1) == ESC_CHAR;
}

/* The length of a POSIX class such as "[:alpha:]" or "[:^digit:]" at p,
 * 0 if there is none. */
static size_t posix_len(const char *p)
{
    if (p[0] != '[' || p[1] != ':')
        return 0;
    size_t n = 2 + (p[2] == '^');
    size_t letters = strspn(p + n, "abcdefghijklmnopqrstuvwxyz");
    return letters && p[n + letters] == ':' && p[n + letters + 1] == ']'
               ? n + letters + 2
               : 0;
}

/* A class after its '['. Negated classes and POSIX classes inside count as
 * any byte. */
static byteset read_class(reader *rd)
{
    byteset s = {{0}};
    int negated = *rd->p == '^';
    rd->p += negated;
    for (int first = 1; *rd->p && (first || *rd->p != ']'); first = 0) {
        uint32_t lo, hi;
        size_t posix = posix_len(rd->p);
        if (posix) {
            rd->p += posix;
            s = set_all;
            continue;
        }
        if (!read_class_item(rd, &s, &lo))
            continue;
        if (rd->p[0] != '-' || !rd->p[1] || rd->p[1] == ']') {
            set_char(&s, lo, rd->caseless);
            continue;
        }
        rd->p++;
        if (read_class_item(rd, &s, &hi) && lo <= hi)
            set_span(&s, lo, hi, rd->caseless);
        else
            s = set_all;
    }
    if (*rd->p != ']')
        rd->bad = 1;
    rd->p += *rd->p == ']';
    return negated ? set_all : s;
}

/* What a pattern (or a part of one) can match, seen as characters: the
 * sets hold the first byte of each character (bytes from 0x80 up stand for
 * every character beyond ASCII). White space here is ASCII's. */
typedef struct {
    byteset first;  /* first characters of non-empty matches */
    byteset second; /* second characters of matches of two or more */
    byteset alpha;  /* every character of every match */
    byteset after_space; /* characters that follow white space in a match */
    int nullable;   /* it can match the empty string */
    int one;        /* it can match exactly one character */
    int ends_space; /* a match can end with white space */
} reach;

static const byteset set_space = {{(1ull << '\t') | (1ull << '\n') |
                                       (1ull << '\v') | (1ull << '\f') |
                                       (1ull << '\r') | (1ull << ' '),
                                   0, 0, 0}};

static int set_meets(const byteset *s, const byteset *t)
{
    for (int i = 0; i < 4; i++)
        if (s->w[i] & t->w[i])
            return 1;
    return 0;
}

static reach reach_char(const byteset *s)
{
    return (reach){.first = *s, .alpha = *s, .one = 1,
                   .ends_space = set_meets(s, &set_space)};
}

static reach reach_empty(void)
{
    return (reach){.nullable = 1};
}

/* Reading gave up: anything goes. */
static reach reach_any(void)
{
    return (reach){set_all, set_all, set_all, set_all, 1, 1, 1};
}

/* a then b. */
static reach reach_then(const reach *a, const reach *b)
{
    reach r = *a;
    if (a->nullable) {
        set_union(&r.first, &b->first);
        set_union(&r.second, &b->second);
    }
    if (a->one)
        set_union(&r.second, &b->first);
    set_union(&r.alpha, &b->alpha);
    set_union(&r.after_space, &b->after_space);
    if (a->ends_space)
        set_union(&r.after_space, &b->first);
    r.nullable = a->nullable && b->nullable;
    r.one = (a->one && b->nullable) || (a->nullable && b->one);
    r.ends_space = b->ends_space || (b->nullable && a->ends_space);
    return r;
}

/* a or b. */
static reach reach_or(const reach *a, const reach *b)
{
    reach r = *a;
    set_union(&r.first, &b->first);
    set_union(&r.second, &b->second);
    set_union(&r.alpha, &b->alpha);
    set_union(&r.after_space, &b->after_space);
    r.nullable |= b->nullable;
    r.one |= b->one;
    r.ends_space |= b->ends_space;
    return r;
}

/* a repeated: min times at least, and more than once if many. */
static reach reach_repeat(const reach *a, unsigned long min, int many)
{
    reach r = *a;
    if (many) { /* one repetition follows another */
        if (a->one)
            set_union(&r.second, &a->first);
        if (a->ends_space)
            set_union(&r.after_space, &a->first);
    }
    r.nullable |= min == 0;
    return r;
}

static reach read_alternation(reader *rd);

/* Skips the name of a named group, "<name>" or "'name'", at rd->p. */
static void skip_name(reader *rd)
{
    char close = *rd->p == '<' ? '>' : '\'';
    const char *end = strchr(rd->p + 1, close);
    if (!end)
        rd->bad = 1;
    rd->p = end ? end + 1 : rd->p + strlen(rd->p);
}

/* A group after its '('. Lookarounds and option settings match no
 * character (*zero); "(?i)" holds for the rest of the enclosing group, so
 * it is the only case that leaves rd->caseless changed. */
static reach read_group(reader *rd, int *zero)
{
    int saved = rd->caseless;
    const char *p = rd->p;
    if (*p == '*')
        rd->bad = 1; /* verbs: combines() lets none through */
    if (*p == '?') {
        p++;
        size_t opts = strspn(p, "imnsJU^-");
        if (*p == '=' || *p == '!' || (*p == '<' && (p[1] == '=' || p[1] == '!')))
            *zero = 1, p += 1 + (*p == '<');
        else if (*p == '<' || *p == '\'')
            rd->p = p, skip_name(rd), p = rd->p;
        else if (*p == ':' || *p == '>' || *p == '|')
            p++;
        else if (opts && (p[opts] == ':' || p[opts] == ')')) {
            rd->caseless |= memchr(p, 'i', opts) != NULL;
            if (p[opts] == ')') {
                rd->p = p + opts + 1;
                *zero = 1;
                return reach_empty();
            }
            p += opts + 1;
        } else
            rd->bad = 1; /* combines() lets nothing else through */
    }
    rd->p = p;
    reach r = read_alternation(rd);
    if (*rd->p != ')')
        rd->bad = 1;
    rd->p += *rd->p == ')';
    rd->caseless = saved;
    return r;
}

/* A quantifier after an item, if any: sets *min and *many (more than one
 * repetition allowed), or returns 0. A '{' that cannot be a quantifier is
 * a literal, left for the next item; one that might be (spaces are
 * allowed in later PCRE2 releases, as is "{,n}") is read as one, with the
 * least minimum and the most repetitions it might mean. */
static int read_quantifier(reader *rd, unsigned long *min, int *many)
{
    const char *p = rd->p;
    *many = 1;
    if (*p == '?' || *p == '*' || *p == '+') {
        *min = *p == '+';
        *many = *p != '?';
        p++;
    } else if (*p == '{') {
        size_t n = strspn(p + 1, "0123456789, \t");
        if (p[1 + n] != '}' || strcspn(p + 1, "0123456789") >= n)
            return 0;
        *min = strtoul(p + 1, NULL, 10);
        p += n + 2;
    } else {
        return 0;
    }
    p += *p == '?' || *p == '+'; /* lazy or possessive */
    rd->p = p;
    return 1;
}

/* One item, before its quantifier; *zero for assertions. */
static reach read_atom(reader *rd, int *zero)
{
    byteset s = {{0}};
    uint32_t c;
    char ch = *rd->p++;
    if (ch == '(')
        return read_group(rd, zero);
    if (ch == '[') {
        s = read_class(rd);
    } else if (ch == '\\') {
        esc_kind k = read_escape(rd, &s, &c, 0);
        *zero = k == ESC_ZERO;
        if (k == ESC_CHAR)
            set_char(&s, c, rd->caseless);
    } else if (ch == '.') {
        s = set_all;
    } else if (ch == '^' || ch == '$') {
        *zero = 1;
    } else {
        rd->p--;
        set_char(&s, read_char(rd), rd->caseless);
    }
    return *zero ? reach_empty() : reach_char(&s);
}

/* One item and its quantifier. */
static reach read_item(reader *rd)
{
    int zero = 0, many;
    unsigned long min;
    reach r = read_atom(rd, &zero);
    if (read_quantifier(rd, &min, &many) && !zero)
        r = reach_repeat(&r, min, many);
    return zero ? reach_empty() : r;
}

/* Items up to '|', ')' or the end. */
static reach read_sequence(reader *rd)
{
    reach r = reach_empty();
    while (*rd->p && *rd->p != '|' && *rd->p != ')' && !rd->bad) {
        reach item = read_item(rd);
        r = reach_then(&r, &item);
    }
    return r;
}

static reach read_alternation(reader *rd)
{
    reach r = read_sequence(rd);
    while (*rd->p == '|' && !rd->bad) {
        rd->p++;
        reach alt = read_sequence(rd);
        r = reach_or(&r, &alt);
    }
    return r;
}

/* What pat (expanded) can match. Lookarounds are left out (they only ever
 * narrow what matches), so the sets may be larger than needed, never
 * smaller. */
static reach pattern_reach(const char *pat)
{
    reader rd = {pat, 0, 0};
    reach r = read_alternation(&rd);
    return rd.bad || *rd.p ? reach_any() : r;
}

/* Compiles the batch of rules idx[0..n) into one pattern (see batch) and
 * fills span. NULL if PCRE2 refuses the pattern or cannot JIT-compile it.
 * (Guards on each alternative's first characters were tried: PCRE2 fails
 * those alternatives as fast by itself.) */
static pcre2_code *compile_batch(const nt_rules *r, const size_t *idx,
                                 size_t n, uint32_t *span)
{
    nt_buf pat;
    nt_buf_init(&pat);
    uint32_t groups_before = 0;
    for (size_t i = 0; i < n; i++) {
        const rule *ru = &r->r[idx[i]];
        uint32_t groups = 0;
        nt_buf_printf(&pat, "%s(?>%s)(?C%zu)", i ? "|" : "", ru->pattern, i + 1);
        span[i] = ru->span_group ? groups_before + (uint32_t)ru->span_group : 0;
        pcre2_pattern_info(ru->code, PCRE2_INFO_CAPTURECOUNT, &groups);
        groups_before += groups;
    }
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)nt_buf_cstr(&pat), pat.len,
                                  PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED |
                                      PCRE2_DUPNAMES,
                                  &code, &off, NULL);
    nt_buf_free(&pat);
    if (c && pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) != 0) {
        pcre2_code_free(c);
        c = NULL;
    }
    return c;
}

/* Adds a batch of the rules idx[0..n) to s, which reach rc[0..n); code
 * NULL: idx[0] alone. */
static void add_batch(site *s, pcre2_code *code, const size_t *idx,
                      const reach *rc, size_t n, uint32_t *span)
{
    size_t *rules = nt_xmalloc(n * sizeof *rules);
    reach any = rc[0];
    memcpy(rules, idx, n * sizeof *idx);
    for (size_t i = 1; i < n; i++)
        any = reach_or(&any, &rc[i]);
    s->b = nt_xrealloc(s->b, (s->nb + 1) * sizeof *s->b);
    s->b[s->nb++] = (batch){.code = code, .rules = rules, .span = span,
                            .n = n, .first = any.first,
                            .second = any.one ? set_all : any.second,
                            .alpha = any.alpha,
                            .after_space = any.after_space};
}

/* Adds the rules idx[0..n) to s as one batch, or one batch each (alone)
 * when they do not combine. */
static void add_batches(const nt_rules *r, site *s, const size_t *idx,
                        size_t n)
{
    uint32_t *span = nt_xmalloc(n * sizeof *span);
    reach *rc = nt_xmalloc(n * sizeof *rc);
    for (size_t i = 0; i < n; i++) {
        const char *pat = r->r[idx[i]].pattern;
        rc[i] = combines(pat) ? pattern_reach(pat) : reach_any();
    }
    pcre2_code *code = n > 1 ? compile_batch(r, idx, n, span) : NULL;
    if (code) {
        add_batch(s, code, idx, rc, n, span);
    } else {
        free(span);
        for (size_t i = 0; i < n; i++)
            add_batch(s, NULL, idx + i, rc + i, 1, NULL);
    }
    free(rc);
}

/* Rebuilds the batches of s: the rules that combine in batches of up to
 * BATCH_MAX, the others alone. */
static void build_site(const nt_rules *r, site *s)
{
    size_t *idx = nt_xmalloc((s->rules.n ? s->rules.n : 1) * sizeof *idx);
    size_t n = 0;
    free_batches(s);
    for (size_t i = 0; i < s->rules.n; i++) {
        size_t ri = s->rules.v[i];
        if (combines(r->r[ri].pattern))
            idx[n++] = ri;
        else
            add_batches(r, s, &ri, 1);
    }
    for (size_t i = 0; i < n; i += BATCH_MAX)
        add_batches(r, s, idx + i, n - i < BATCH_MAX ? n - i : BATCH_MAX);
    free(idx);
    s->dirty = 0;
}

int nt_rules_load_file(nt_rules *r, const nt_lex *lx, const char *path,
                       nt_error *err)
{
    struct rules_file rf = {r, lx};
    r->files = nt_xgrow(r->files, &r->fcap, r->nfiles + 1, sizeof *r->files);
    r->files[r->nfiles++] = nt_xstrdup(path);
    return nt_read_lines(path, load_rules_line, &rf, err);
}

/* Whether pos falls between two letters or digits: a match never ends
 * inside a word ("Jan" must not match the start of "Janet"). */
static int inside_word(const char *text, size_t len, size_t pos)
{
    if (pos == 0 || pos >= len)
        return 0;
    size_t b = pos - 1;
    while (b > 0 && ((unsigned char)text[b] & 0xC0) == 0x80)
        b--;
    uint32_t prev, next;
    if (!nt_utf8_decode((const unsigned char *)text + b, len - b, &prev) ||
        !nt_utf8_decode((const unsigned char *)text + pos, len - pos, &next))
        return 0;
    return (nt_utf8_is_letter(prev) || nt_utf8_is_digit(prev)) &&
           (nt_utf8_is_letter(next) || nt_utf8_is_digit(next));
}

/* A rule that hit a match limit (catastrophic backtracking, most likely)
 * does not fire there; the first time, stderr says which rule it was, so
 * that a silent miss is not mistaken for a working rule. Once per process:
 * each -j worker may say it once. */
static void report_runaway(rule *ru, int rc)
{
    if (ru->runaway)
        return;
    ru->runaway = 1;
    PCRE2_UCHAR msg[120];
    if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "error %d", rc);
    fprintf(stderr,
            "newstag: %s:%u: rule %s: %s (the pattern backtracks too much; "
            "it does not fire where this happens)\n",
            ru->file ? ru->file : "?", (unsigned)ru->line, ru->name,
            (const char *)msg);
}

/* Notes that rule ri matched text[s..e) with the whole match ending at
 * mend, unless the span is empty, the match ends inside a word, or it stops
 * before min_end (a cover rule's keyword end; 0 otherwise). */
static void settle(nt_rules *r, size_t ri, const char *text, size_t len,
                   size_t s, size_t e, size_t mend, size_t min_end)
{
    rule *ru = &r->r[ri];
    if (e <= s || mend < min_end || inside_word(text, len, mend))
        return;
    ru->found = r->round;
    r->nfound++;
    ru->hit = (nt_entity){.start = s, .end = e, .type = ru->type,
                          .priority = ru->priority, .source = ru->name,
                          .line = ru->line, .file = ru->file};
}

/* Runs rule ri alone, anchored at offset at, unless it fired in this round
 * already (a cover rule at an earlier start). */
static void run_alone(nt_rules *r, size_t ri, const char *text, size_t len,
                      size_t at, size_t min_end)
{
    rule *ru = &r->r[ri];
    if (ru->found == r->round)
        return;
    if (!ru->jit) /* most rules run in batches only: JIT when needed */
        ru->jit = 1, pcre2_jit_compile(ru->code, PCRE2_JIT_COMPLETE);
    int rc = pcre2_match(ru->code, (PCRE2_SPTR)text, len, at,
                         PCRE2_NO_UTF_CHECK, r->md, r->mctx);
    if (rc <= 0) {
        if (rc != PCRE2_ERROR_NOMATCH)
            report_runaway(ru, rc);
        return; /* no match, or a limit hit: the rule does not fire */
    }
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    size_t s = ov[0], e = ov[1];
    if (ru->span_group && rc > ru->span_group &&
        ov[2 * ru->span_group] != PCRE2_UNSET) {
        s = ov[2 * ru->span_group];
        e = ov[2 * ru->span_group + 1];
    }
    settle(r, ri, text, len, s, e, ov[1], min_end);
}

/* What a batch's callout needs to know. */
typedef struct {
    nt_rules *r;
    const batch *b;
    const char *text;
    size_t len, min_end;
} batch_run;

/* The callout at the end of each alternative of a batch: the rule's first
 * match at this start, which is what it finds alone. Returns 1 (fail) so
 * that matching goes on with the next alternative. */
static int note_match(pcre2_callout_block *cb, void *data)
{
    const batch_run *br = data;
    uint32_t i = cb->callout_number - 1, g = br->b->span[i];
    size_t ri = br->b->rules[i];
    size_t s = cb->start_match, e = cb->current_position;
    if (br->r->r[ri].found == br->r->round)
        return 1;
    if (g && g < cb->capture_top && cb->offset_vector[2 * g] != PCRE2_UNSET) {
        s = cb->offset_vector[2 * g];
        e = cb->offset_vector[2 * g + 1];
    }
    settle(br->r, ri, br->text, br->len, s, e, cb->current_position,
           br->min_end);
    return 1;
}

/* Whether a rule of b may fire at at, by the text's first two bytes (see
 * batch). */
static int can_start(const batch *b, const char *text, size_t len, size_t at)
{
    unsigned char c = (unsigned char)text[at];
    if (!set_has(&b->first, c))
        return 0;
    return c >= 0x80 || at + 1 >= len ||
           set_has(&b->second, (unsigned char)text[at + 1]);
}

/* Runs the rules of b anchored at at. A limit hit in the combined call
 * (a runaway rule, or the rules' work together) runs them again alone, so
 * that each fires or fails as it would alone and a runaway is named. */
static void run_batch(nt_rules *r, const batch *b, const char *text,
                      size_t len, size_t at, size_t min_end)
{
    if (!b->code) {
        run_alone(r, b->rules[0], text, len, at, min_end);
        return;
    }
    batch_run br = {r, b, text, len, min_end};
    pcre2_set_callout(r->bctx, note_match, &br);
    /* b->code is JIT-compiled (see compile_batch): no need of pcre2_match's
     * checks */
    int rc = pcre2_jit_match(b->code, (PCRE2_SPTR)text, len, at,
                             PCRE2_NO_UTF_CHECK, r->md, r->bctx);
    if (rc != PCRE2_ERROR_NOMATCH)
        for (size_t i = 0; i < b->n; i++)
            run_alone(r, b->rules[i], text, len, at, min_end);
}

/* Runs the rules of s anchored at at. The batches are built on the first
 * run after rules were added: once every rules file is loaded, and only for
 * the sites a text needs (in each -j worker, at the same time). */
static void run_site(nt_rules *r, site *s, const char *text, size_t len,
                     size_t at, size_t min_end)
{
    if (s->dirty)
        build_site(r, s);
    for (size_t i = 0; i < s->nb; i++)
        if (can_start(&s->b[i], text, len, at))
            run_batch(r, &s->b[i], text, len, at, min_end);
}

/* Where a match of a cover rule of b that reaches end may start, at the
 * earliest from from: after the last byte no such match can hold (see
 * batch). */
static size_t cover_limit(const batch *b, const char *text, size_t from,
                          size_t end)
{
    for (size_t i = end; i-- > from;) {
        unsigned char c = (unsigned char)text[i];
        if (!set_has(&b->alpha, c) ||
            (i + 1 < end && set_has(&set_space, c) &&
             !set_has(&b->after_space, (unsigned char)text[i + 1])))
            return i + 1;
    }
    return from;
}

/* The cover rules of b for keyword k, from start token j on: each keeps its
 * first match that covers the keyword. Rules of other batches have no
 * bearing on them, so each batch runs over the starts by itself. */
static void cover_batch(nt_rules *r, const batch *b, const char *text,
                        size_t len, const nt_token *toks, size_t j, size_t k)
{
    size_t from = SIZE_MAX, before = r->nfound;
    for (; j <= k && r->nfound - before < b->n; j++) {
        size_t at = toks[j].start;
        if (toks[j].shape == NT_SHAPE_PUNCT || !can_start(b, text, len, at))
            continue;
        if (from == SIZE_MAX) /* the first start worth a look */
            from = cover_limit(b, text, at, toks[k].end);
        if (at >= from)
            run_batch(r, b, text, len, at, toks[k].end);
    }
}

/* The "<@class" rules of keyword k: each tries starts from COVER_REACH
 * tokens before the keyword towards it, not before a paragraph's start,
 * and keeps the first (so the longest) match covering it. */
static void run_cover(nt_rules *r, site *s, const char *text, size_t len,
                      const nt_token *toks, size_t k)
{
    size_t j = k > COVER_REACH ? k - COVER_REACH : 0;
    if (!s->rules.n)
        return;
    for (size_t p = k; p > j; p--)
        if (toks[p].flags & NT_TOK_PARA_START) {
            j = p;
            break;
        }
    if (s->dirty)
        build_site(r, s);
    for (size_t i = 0; i < s->nb; i++)
        cover_batch(r, &s->b[i], text, len, toks, j, k);
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

/* Finds the inner hyphens of word tokens ("two-year") for #hyphen rules:
 * tokens come in text order, so one memchr pass over the text does for
 * all of them. */
typedef struct {
    const char *text;
    size_t len, next; /* the next '-' from where the last search began */
} hyphens;

static int has_hyphen(hyphens *h, const nt_token *t)
{
    if (t->shape > NT_SHAPE_UPPER)
        return 0;
    if (h->next < t->start + 1) {
        const char *p = memchr(h->text + t->start + 1, '-',
                               h->len - t->start - 1);
        h->next = p ? (size_t)(p - h->text) : h->len;
    }
    return h->next + 1 < t->end;
}

/* The shape triggers of token t that some rule has (wanted), as bits
 * 1 << (trig - TRIG_YEAR). */
static unsigned shape_kinds(const char *text, const nt_token *t,
                            hyphens *h, unsigned wanted)
{
    unsigned k = 0;
#define SHAPE(trig) (1u << ((trig) - TRIG_YEAR))
    if (t->shape == NT_SHAPE_DIGIT)
        k = SHAPE(TRIG_DIGITS) | (is_year(text, t) ? SHAPE(TRIG_YEAR) : 0);
    else if (t->shape == NT_SHAPE_ALNUM)
        k = SHAPE(TRIG_ALNUM);
    else if (t->shape == NT_SHAPE_CAP || t->shape == NT_SHAPE_UPPER)
        k = SHAPE(TRIG_CAP);
    if ((wanted & SHAPE(TRIG_HYPHEN)) && has_hyphen(h, t))
        k |= SHAPE(TRIG_HYPHEN);
#undef SHAPE
    return k & wanted;
}

/* Starts a round: a token and one of its triggers (see rule.found). */
static void next_round(nt_rules *r)
{
    r->round++;
    r->nfound = 0;
}

/* Appends what the rules of l found in this round, in load order. */
static void push_found(const nt_rules *r, const rule_list *l,
                       nt_entities *out)
{
    for (size_t i = 0; i < l->n && r->nfound; i++)
        if (r->r[l->v[i]].found == r->round)
            nt_entities_push(out, &r->r[l->v[i]].hit);
}

/* The shape rules at token t, which triggers those of kinds (see
 * shape_kinds). */
static void run_shapes(nt_rules *r, const char *text, size_t len,
                       const nt_token *t, unsigned kinds, nt_entities *out)
{
    next_round(r);
    for (int k = 0; k < NSHAPES; k++)
        if (kinds & (1u << k))
            run_site(r, &r->shape[k], text, len, t->start, 0);
    push_found(r, &r->by_shape, out);
}

void nt_rules_apply(nt_rules *r, const char *text, size_t len,
                    const nt_token *toks, size_t ntoks,
                    const uint64_t *tokclass, nt_entities *out)
{
    hyphens h = {text, len, 0};
    for (size_t k = 0; k < ntoks; k++) {
        uint64_t mask = tokclass[k] & r->used;
        while (mask) { /* each word class of the token that triggers rules */
            int c = __builtin_ctzll(mask);
            mask &= mask - 1;
            next_round(r);
            run_site(r, &r->start[c], text, len, toks[k].start, 0);
            run_cover(r, &r->cover[c], text, len, toks, k);
            push_found(r, &r->by_class[c], out);
        }
        unsigned kinds = shape_kinds(text, &toks[k], &h, r->shapes_used);
        if (kinds)
            run_shapes(r, text, len, &toks[k], kinds, out);
    }
}
