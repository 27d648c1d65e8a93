/* rules.c - PCRE2 rules compiled once, run anchored at their trigger tokens.
 *
 * The tokenizer, not regex scans, finds where rules may match: each rule
 * names a word class (or a number shape) and runs only at tokens of it. This
 * is the only file that includes pcre2.h. */
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
    const char *file; /* the rules file (one of nt_rules.files) */
    uint32_t line;    /* and the rule's line in it, for --explain */
    int runaway;      /* a match limit was hit and reported (once) */
} rule;

typedef struct {
    char *name, *pattern; /* pattern already expanded */
} define;

typedef struct {
    size_t *v;
    size_t n, cap;
} rule_list;

struct nt_rules {
    rule *r;
    size_t n, cap;
    define *d;
    size_t nd, dcap;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    /* Rule indexes by trigger, so a token runs only its own rules: per word
     * class, and one list for the number and shape triggers. */
    rule_list by_class[NT_LEX_MAX_CLASSES];
    rule_list by_shape;
    uint64_t used; /* word classes that trigger some rule */
    int cap_rules; /* some rule has #cap: capitalized words try by_shape */
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
    if (!r->md || !r->mctx || !r->jit_stack) {
        fprintf(stderr, "newstag: out of memory\n");
        abort();
    }
    pcre2_set_match_limit(r->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(r->mctx, DEPTH_LIMIT);
    pcre2_jit_stack_assign(r->mctx, NULL, r->jit_stack);
    return r;
}

void nt_rules_free(nt_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->r[i].name);
        pcre2_code_free(r->r[i].code);
    }
    for (size_t i = 0; i < r->nd; i++) {
        free(r->d[i].name);
        free(r->d[i].pattern);
    }
    for (size_t i = 0; i < r->nfiles; i++)
        free(r->files[i]);
    free(r->files);
    free(r->r);
    for (size_t c = 0; c < NT_LEX_MAX_CLASSES; c++)
        free(r->by_class[c].v);
    free(r->by_shape.v);
    free(r->d);
    pcre2_match_data_free(r->md);
    pcre2_match_context_free(r->mctx);
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

/* Expands one macro at p ("@{class}" or "{NAME}"); returns bytes consumed,
 * 0 if p holds no macro, or -1 with err set for an unknown name. */
static long expand_macro(const nt_rules *r, const nt_lex *lx, const char *p,
                         nt_buf *out, nt_error *err)
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
        char *alt = nt_lex_pattern(lx, cls);
        nt_buf_puts(out, alt);
        free(alt);
    } else {
        const define *d = find_define(r, name, n);
        if (!d)
            return 0;
        nt_buf_printf(out, "(?:%s)", d->pattern);
    }
    return (long)(name - p + n + 1);
}

/* Expands the macros of pat into a new string (caller frees), NULL on error. */
static char *expand(const nt_rules *r, const nt_lex *lx, const char *pat,
                    nt_error *err)
{
    nt_buf out;
    nt_buf_init(&out);
    for (const char *p = pat; *p;) {
        if (*p == '\\') {
            p += copy_escape(&out, p);
            continue;
        }
        long used = (*p == '@' || *p == '{') ? expand_macro(r, lx, p, &out, err) : 0;
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
 * match-time PCRE2_ANCHORED), in UTF and UCP mode, with JIT when available. */
static int compile(rule *ru, const char *pat, nt_error *err)
{
    int code;
    PCRE2_SIZE off;
    ru->code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                             PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &code,
                             &off, NULL);
    if (!ru->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        nt_error_set(err, "rule '%s': %s at offset %zu of the expanded pattern",
                     ru->name, (const char *)msg, (size_t)off);
        return -1;
    }
    pcre2_jit_compile(ru->code, PCRE2_JIT_COMPLETE);
    int g = pcre2_substring_number_from_name(ru->code, (PCRE2_SPTR) "span");
    ru->span_group = g > 0 ? g : 0;
    return 0;
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
    char *exp = expand(r, lx, pat, err);
    if (!exp)
        return -1;
    r->d = nt_xgrow(r->d, &r->dcap, r->nd + 1, sizeof *r->d);
    r->d[r->nd++] = (define){nt_xstrdup(name), exp};
    return 0;
}

/* Files rule i under its trigger (see nt_rules.by_class). */
static void index_rule(nt_rules *r, size_t i)
{
    const rule *ru = &r->r[i];
    int by_class = ru->trig == TRIG_START || ru->trig == TRIG_COVER;
    rule_list *l = by_class ? &r->by_class[ru->cls] : &r->by_shape;
    if (by_class)
        r->used |= 1ull << ru->cls;
    r->cap_rules |= ru->trig == TRIG_CAP;
    l->v = nt_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = i;
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
    char *exp = NULL;
    if (parse_trigger(lx, trig, &ru, err) || !(exp = expand(r, lx, pat, err)) ||
        compile(&ru, exp, err)) {
        free(exp);
        free(ru.name);
        return -1;
    }
    free(exp);
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

/* Runs ru anchored at offset at. On a match, sets *mend to the match's end
 * and e's span (the span group when it took part, else the whole match). */
static int run(nt_rules *r, rule *ru, const char *text, size_t len,
               size_t at, size_t *mend, nt_entity *e)
{
    int rc = pcre2_match(ru->code, (PCRE2_SPTR)text, len, at,
                         PCRE2_NO_UTF_CHECK, r->md, r->mctx);
    if (rc <= 0) {
        if (rc != PCRE2_ERROR_NOMATCH)
            report_runaway(ru, rc);
        return 0; /* no match, or a limit hit: the rule does not fire */
    }
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    size_t s = ov[0], en = ov[1];
    if (ru->span_group && rc > ru->span_group &&
        ov[2 * ru->span_group] != PCRE2_UNSET) {
        s = ov[2 * ru->span_group];
        en = ov[2 * ru->span_group + 1];
    }
    if (en <= s || inside_word(text, len, ov[1]))
        return 0;
    *mend = ov[1];
    *e = (nt_entity){.start = s, .end = en, .type = ru->type,
                     .priority = ru->priority, .source = ru->name,
                     .line = ru->line, .file = ru->file};
    return 1;
}

/* A "<@class" rule: tries starts from COVER_REACH tokens before the keyword
 * towards it and keeps the first (so the longest) match covering it. */
static void fire_cover(nt_rules *r, rule *ru, const char *text,
                       size_t len, const nt_token *toks, size_t k,
                       nt_entities *out)
{
    size_t j = k > COVER_REACH ? k - COVER_REACH : 0;
    for (size_t p = k; p > j; p--)
        if (toks[p].flags & NT_TOK_PARA_START) {
            j = p;
            break;
        }
    for (; j <= k; j++) {
        size_t mend;
        nt_entity e;
        if (toks[j].shape == NT_SHAPE_PUNCT)
            continue;
        if (run(r, ru, text, len, toks[j].start, &mend, &e) &&
            mend >= toks[k].end) {
            nt_entities_push(out, &e);
            return;
        }
    }
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

/* Whether a word token holds a hyphen: the cheap test before #hyphen rules. */
static int has_hyphen(const char *text, const nt_token *t)
{
    return t->shape <= NT_SHAPE_UPPER && t->end - t->start > 2 &&
           memchr(text + t->start + 1, '-', t->end - t->start - 2) != NULL;
}

static int triggered(const rule *ru, const char *text, const nt_token *t,
                     uint64_t mask)
{
    switch (ru->trig) {
    case TRIG_START:
    case TRIG_COVER:
        return (mask >> ru->cls) & 1;
    case TRIG_YEAR:
        return is_year(text, t);
    case TRIG_DIGITS:
        return t->shape == NT_SHAPE_DIGIT;
    case TRIG_ALNUM:
        return t->shape == NT_SHAPE_ALNUM;
    case TRIG_HYPHEN:
        return has_hyphen(text, t);
    case TRIG_CAP:
        return t->shape == NT_SHAPE_CAP || t->shape == NT_SHAPE_UPPER;
    }
    return 0;
}

/* Runs rule ru at token k when the token triggers it. */
static void fire(nt_rules *r, rule *ru, const char *text, size_t len,
                 const nt_token *toks, size_t k, uint64_t mask,
                 nt_entities *out)
{
    size_t mend;
    nt_entity e;
    if (!triggered(ru, text, &toks[k], mask))
        return;
    if (ru->trig == TRIG_COVER)
        fire_cover(r, ru, text, len, toks, k, out);
    else if (run(r, ru, text, len, toks[k].start, &mend, &e))
        nt_entities_push(out, &e);
}

void nt_rules_apply(nt_rules *r, const char *text, size_t len,
                    const nt_token *toks, size_t ntoks,
                    const uint64_t *tokclass, nt_entities *out)
{
    for (size_t k = 0; k < ntoks; k++) {
        uint64_t mask = tokclass[k] & r->used;
        while (mask) { /* each word class of the token that triggers rules */
            int c = __builtin_ctzll(mask);
            mask &= mask - 1;
            for (size_t i = 0; i < r->by_class[c].n; i++)
                fire(r, &r->r[r->by_class[c].v[i]], text, len, toks, k,
                     tokclass[k], out);
        }
        if (toks[k].shape != NT_SHAPE_DIGIT && toks[k].shape != NT_SHAPE_ALNUM &&
            !has_hyphen(text, &toks[k]) &&
            !(r->cap_rules && (toks[k].shape == NT_SHAPE_CAP ||
                               toks[k].shape == NT_SHAPE_UPPER)))
            continue;
        for (size_t i = 0; i < r->by_shape.n; i++)
            fire(r, &r->r[r->by_shape.v[i]], text, len, toks, k, tokclass[k], out);
    }
}
