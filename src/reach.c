/* reach.c - a conservative reading of a PCRE2 pattern (see reach.h).
 *
 * It finds the bytes a non-empty match can begin with (an empty match never
 * fires a rule), the bytes it can hold, and so on, so that a rule is not
 * run where the text rules it out. The sets may be too large, never too
 * small: what the reading does not know for sure counts as any byte
 * (negated classes, most properties, escapes like \D), and it gives up on
 * anything else (answer: any byte). A character beyond ASCII counts as
 * every byte from 0x80 up, and in caseless mode a letter beyond ASCII as
 * every ASCII letter too (the KELVIN SIGN is a caseless 'k'); a caseless
 * ASCII letter likewise brings in the bytes from 0x80 up. Made for the
 * patterns a batch of rules accepts (see combines in ruleset.c); verbs,
 * callouts other than word tests (read as lookarounds are), conditions,
 * references and extended mode make it give up.
 * The same reading also notes the pattern's positions, for the words its
 * matches can hold (nt_reach_words: vocab.h). */
#include "reach.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"
#include "vocab.h"

const nt_byteset nt_byteset_all = {{~0ull, ~0ull, ~0ull, ~0ull}};
const nt_byteset nt_byteset_space = {{(1ull << '\t') | (1ull << '\n') |
                                          (1ull << '\v') | (1ull << '\f') |
                                          (1ull << '\r') | (1ull << ' '),
                                      0, 0, 0}};

/* The pattern being read and the options in effect. */
typedef struct {
    const char *p;
    int caseless;
    int bad; /* something not understood: the answer is any byte */
    nt_vocab *vocab; /* the positions, when the words are read too */
    unsigned long copies; /* items read again (see read_copies) */
} reader;

static void set_add(nt_byteset *s, unsigned c)
{
    s->w[c >> 6] |= 1ull << (c & 63);
}

static void set_union(nt_byteset *s, const nt_byteset *t)
{
    for (int i = 0; i < 4; i++)
        s->w[i] |= t->w[i];
}

/* Bytes 0x80-0xFF, which begin the characters beyond ASCII, and the ASCII
 * letters. */
static const nt_byteset set_high = {{0, 0, ~0ull, ~0ull}};
static const nt_byteset set_letters = {{0, 0x07FFFFFE07FFFFFEull, 0, 0}};

/* Adds what the pattern character c matches (caseless: its other cases). */
static void set_char(nt_byteset *s, uint32_t c, int caseless)
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

/* Adds the character c itself, known (set_char also stands for a
 * character beyond ASCII not known): caseless, one beyond ASCII that is
 * no letter has no other case, and matches no ASCII letter. */
static void set_literal(nt_byteset *s, uint32_t c, int caseless)
{
    set_char(s, c, caseless && (c < 0x80 || nt_utf8_is_letter(c)));
}

/* Adds the characters lo..hi of a class range. */
static void set_span(nt_byteset *s, uint32_t lo, uint32_t hi, int caseless)
{
    for (uint32_t c = lo; c <= hi && c < 0x80; c++)
        set_char(s, c, caseless);
    if (hi >= 0x80)
        set_char(s, 0x80, caseless);
}

static void set_chars(nt_byteset *s, const char *chars)
{
    for (; *chars; chars++)
        set_add(s, (unsigned char)*chars);
    set_char(s, 0x80, 0);
}

/* Reads one UTF-8 character (of at most 4 bytes: strnlen, as strlen of
 * the rest of a pattern of many kilobytes at each character made the
 * reading quadratic, a tenth of the start-up). */
static uint32_t read_char(reader *rd)
{
    uint32_t c;
    size_t n = nt_utf8_decode((const unsigned char *)rd->p, strnlen(rd->p, 4), &c);
    if (!n) {
        rd->bad = 1;
        return 0;
    }
    rd->p += n;
    return c;
}

/* \p{...} or \pX after the 'p': letters, cased letters, digits and marks
 * are known; other properties may match anything. */
static void read_property(reader *rd, nt_byteset *s)
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
        *s = nt_byteset_all;
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
static esc_kind read_escape(reader *rd, nt_byteset *s, uint32_t *c, int in_class)
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
            *s = nt_byteset_all;
        return ESC_SET;
    }
    /* \R and \X match more than one character, \C a byte; after \Q, \cX
     * or \N{U+...} the rest reads otherwise; references, octal, ... */
    if (!strchr("DWSHVN", e) || (e == 'N' && *rd->p == '{'))
        rd->bad = 1;
    *s = nt_byteset_all;
    return ESC_SET;
}

/* One member of a class: a character (returns 1, sets *c) or a set. */
static int read_class_item(reader *rd, nt_byteset *s, uint32_t *c)
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
static nt_byteset read_class(reader *rd)
{
    nt_byteset s = {{0}};
    int negated = *rd->p == '^';
    rd->p += negated;
    for (int first = 1; *rd->p && (first || *rd->p != ']'); first = 0) {
        uint32_t lo, hi;
        size_t posix = posix_len(rd->p);
        if (posix) {
            rd->p += posix;
            s = nt_byteset_all;
            continue;
        }
        if (!read_class_item(rd, &s, &lo))
            continue;
        if (rd->p[0] != '-' || !rd->p[1] || rd->p[1] == ']') {
            set_literal(&s, lo, rd->caseless);
            continue;
        }
        rd->p++;
        if (read_class_item(rd, &s, &hi) && lo <= hi)
            set_span(&s, lo, hi, rd->caseless);
        else
            s = nt_byteset_all;
    }
    if (*rd->p != ']')
        rd->bad = 1;
    rd->p += *rd->p == ']';
    return negated ? nt_byteset_all : s;
}

static int set_meets(const nt_byteset *s, const nt_byteset *t)
{
    for (int i = 0; i < 4; i++)
        if (s->w[i] & t->w[i])
            return 1;
    return 0;
}

static nt_reach reach_char(const nt_byteset *s)
{
    return (nt_reach){.first = *s, .alpha = *s, .one = 1,
                      .ends_space = set_meets(s, &nt_byteset_space)};
}

static nt_reach reach_empty(void)
{
    return (nt_reach){.nullable = 1};
}

nt_reach nt_reach_any(void)
{
    const nt_byteset *all = &nt_byteset_all;
    return (nt_reach){*all, *all, *all, *all, 1, 1, 1};
}

/* a then b. */
static nt_reach reach_then(const nt_reach *a, const nt_reach *b)
{
    nt_reach r = *a;
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

nt_reach nt_reach_or(const nt_reach *a, const nt_reach *b)
{
    nt_reach r = *a;
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
static nt_reach reach_repeat(const nt_reach *a, unsigned long min, int many)
{
    nt_reach r = *a;
    if (many) { /* one repetition follows another */
        if (a->one)
            set_union(&r.second, &a->first);
        if (a->ends_space)
            set_union(&r.after_space, &a->first);
    }
    r.nullable |= min == 0;
    return r;
}

/* Positions of the pattern (vocab.h), owned. */
typedef struct {
    uint32_t *v;
    size_t n, cap;
} positions;

/* Text every match of a part holds (see nt_reach_text): ASCII bytes each
 * matched by itself only, or letters in either case (NT_REACH_CASELESS),
 * at most NT_REACH_MUST of them. */
typedef struct {
    char s[NT_REACH_MUST];
    uint8_t n;
} literal;

/* The literal text of a part's matches: what every match begins with
 * (pre), ends with (suf) and holds somewhere (must); exact when every
 * match is that one text (pre, suf and must are it then). */
typedef struct {
    literal pre, suf, must;
    int exact;
} literals;

/* What a part of the pattern can match: the sets of reach.h, its literal
 * text and, when the reader reads words, the positions its matches begin
 * and end at. */
typedef struct {
    nt_reach r;
    literals lit;
    positions first, last;
} part;

/* a's text then b's, cut to its first (or, from_end, its last)
 * NT_REACH_MUST bytes. */
static literal literal_join(const literal *a, const literal *b, int from_end)
{
    char both[2 * NT_REACH_MUST];
    size_t n = (size_t)a->n + b->n, skip = 0;
    memcpy(both, a->s, a->n);
    memcpy(both + a->n, b->s, b->n);
    if (n > NT_REACH_MUST) {
        skip = from_end ? n - NT_REACH_MUST : 0;
        n = NT_REACH_MUST;
    }
    literal r = {{0}, (uint8_t)n};
    memcpy(r.s, both + skip, n);
    return r;
}

static const literal *literal_longer(const literal *a, const literal *b)
{
    return b->n > a->n ? b : a;
}

/* The literals of a then b. */
static literals literals_then(const literals *a, const literals *b)
{
    literals r = {{{0}, 0}, {{0}, 0}, {{0}, 0}, 0};
    if (a->exact && b->exact && a->pre.n + b->pre.n <= NT_REACH_MUST) {
        r.pre = literal_join(&a->pre, &b->pre, 0);
        r.suf = r.must = r.pre;
        r.exact = 1;
        return r;
    }
    r.pre = a->exact ? literal_join(&a->pre, &b->pre, 0) : a->pre;
    r.suf = b->exact ? literal_join(&a->suf, &b->suf, 1) : b->suf;
    literal across = literal_join(&a->suf, &b->pre, 0);
    r.must = *literal_longer(literal_longer(&a->must, &b->must),
                             literal_longer(&across,
                                            literal_longer(&r.pre, &r.suf)));
    return r;
}

/* The literals of a or b: the text both begin or end with. */
static literals literals_or(const literals *a, const literals *b)
{
    literals r = {{{0}, 0}, {{0}, 0}, {{0}, 0}, 0};
    if (a->exact && b->exact && a->pre.n == b->pre.n &&
        !memcmp(a->pre.s, b->pre.s, a->pre.n))
        return *a;
    while (r.pre.n < a->pre.n && r.pre.n < b->pre.n &&
           a->pre.s[r.pre.n] == b->pre.s[r.pre.n])
        r.pre.s[r.pre.n] = a->pre.s[r.pre.n], r.pre.n++;
    size_t n = 0;
    while (n < a->suf.n && n < b->suf.n &&
           a->suf.s[a->suf.n - 1 - n] == b->suf.s[b->suf.n - 1 - n])
        n++;
    memcpy(r.suf.s, a->suf.s + a->suf.n - n, n);
    r.suf.n = (uint8_t)n;
    r.must = *literal_longer(&r.pre, &r.suf);
    return r;
}

/* One character of the set s: literal when s is one ASCII byte, which
 * stands for that character alone (caseless letters are two). */
static literals literals_char(const nt_byteset *s);

/* The ASCII letter c, caseless: either case of it, as a literal byte with
 * NT_REACH_CASELESS; none for k and s, whose other cases include
 * characters beyond ASCII (the Kelvin sign, the long s). */
static literals literals_caseless(uint32_t c)
{
    literals r = {{{0}, 0}, {{0}, 0}, {{0}, 0}, 0};
    c = (uint32_t)tolower((int)c);
    if (c == 'k' || c == 's')
        return r;
    r.pre = (literal){{(char)(c | NT_REACH_CASELESS)}, 1};
    r.suf = r.must = r.pre;
    r.exact = 1;
    return r;
}

static literals literals_char(const nt_byteset *s)
{
    literals r = {{{0}, 0}, {{0}, 0}, {{0}, 0}, 0};
    int bits = __builtin_popcountll(s->w[0]) + __builtin_popcountll(s->w[1]);
    if (bits == 1 && !(s->w[2] | s->w[3])) {
        char c = (char)(s->w[0] ? __builtin_ctzll(s->w[0])
                                : 64 + __builtin_ctzll(s->w[1]));
        r.pre = (literal){{c}, 1};
        r.suf = r.must = r.pre;
        r.exact = 1;
    }
    return r;
}

static void positions_add(positions *to, const positions *from)
{
    if (!from->n)
        return;
    to->v = nt_xgrow(to->v, &to->cap, to->n + from->n + 1, sizeof *to->v);
    memcpy(to->v + to->n, from->v, from->n * sizeof *from->v);
    to->n += from->n;
}

static void part_free(part *p)
{
    free(p->first.v);
    free(p->last.v);
}

static part zero_part(void)
{
    return (part){reach_empty(), {.exact = 1}, {0}, {0}};
}

/* One character of s (its position, when words are read). */
static part char_part(const reader *rd, const nt_byteset *s)
{
    part p = {reach_char(s), literals_char(s), {0}, {0}};
    if (rd->vocab) {
        uint32_t at = nt_vocab_position(rd->vocab, s);
        positions one = {&at, 1, 1};
        positions_add(&p.first, &one);
        positions_add(&p.last, &one);
    }
    return p;
}

/* a then b: b's first positions may follow a's last ones. */
static part part_then(const reader *rd, part a, part b)
{
    if (rd->vocab) {
        nt_vocab_follow(rd->vocab, a.last.v, a.last.n, b.first.v, b.first.n);
        if (a.r.nullable)
            positions_add(&a.first, &b.first);
        if (b.r.nullable)
            positions_add(&b.last, &a.last);
        free(a.last.v);
        a.last = b.last;
        b.last = (positions){0};
    }
    a.r = reach_then(&a.r, &b.r);
    a.lit = literals_then(&a.lit, &b.lit);
    part_free(&b);
    return a;
}

static part part_or(const reader *rd, part a, part b)
{
    if (rd->vocab) {
        positions_add(&a.first, &b.first);
        positions_add(&a.last, &b.last);
    }
    a.r = nt_reach_or(&a.r, &b.r);
    a.lit = literals_or(&a.lit, &b.lit);
    part_free(&b);
    return a;
}

/* Repeated more than once, a's first positions may follow its last. */
static part part_repeat(const reader *rd, part a, unsigned long min, int many)
{
    if (rd->vocab && many)
        nt_vocab_follow(rd->vocab, a.last.v, a.last.n, a.first.v, a.first.n);
    a.r = reach_repeat(&a.r, min, many);
    if (min == 0) /* the match may hold none of it */
        a.lit = (literals){{{0}, 0}, {{0}, 0}, {{0}, 0}, 0};
    else if (many) /* the copies' pre, suf and must hold; no more */
        a.lit.exact = 0;
    return a;
}

static part read_alternation(reader *rd);

size_t nt_reach_word_test(const char *p, const char **name, size_t *n)
{
    size_t k = 0;
    if (p[0] != '(' || p[1] != '?' || p[2] != 'C' || p[3] != '"' || p[4] != '!')
        return 0; /* no strncmp: every group of every rule is asked */
    while (isalnum((unsigned char)p[5 + k]) || p[5 + k] == '_')
        k++;
    if (!k || p[5 + k] != '"' || p[6 + k] != ')')
        return 0;
    if (name) {
        *name = p + 5;
        *n = k;
    }
    return k + 7;
}

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
static part read_group(reader *rd, int *zero)
{
    int saved = rd->caseless;
    const char *p = rd->p;
    size_t test;
    if (*p == '*')
        rd->bad = 1; /* verbs (batches take none) */
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
                return zero_part();
            }
            p += opts + 1;
        } else if ((test = nt_reach_word_test(rd->p - 1, NULL, NULL)) != 0) {
            rd->p += test - 1; /* read as a lookaround is */
            *zero = 1;
            return zero_part();
        } else
            rd->bad = 1; /* conditions, other callouts, (?x) ... */
    }
    rd->p = p;
    part r = read_alternation(rd);
    if (*rd->p != ')')
        rd->bad = 1;
    rd->p += *rd->p == ')';
    rd->caseless = saved;
    return r;
}

/* A quantifier: at least min repetitions, at most max (REPEAT_MANY: any
 * number). */
#define REPEAT_MANY ULONG_MAX
typedef struct {
    unsigned long min, max;
} quantifier;

/* The most of "{n,m}" read as the m copies it means (see read_item): a
 * pattern's words are read through each copy. Past COPIES_ALL copies in
 * a pattern (nested counts multiply), the rest are read as repetitions. */
#define COPIES_MAX 8
#define COPIES_ALL 4096

/* The largest repetition of "{n}", "{n,}" or "{n,m}" whose digits begin at
 * p, in those forms only; REPEAT_MANY in any other. */
static unsigned long brace_max(const char *p, unsigned long min)
{
    char *end;
    p += strspn(p, "0123456789");
    if (*p == '}')
        return min;
    if (*p != ',' || !isdigit((unsigned char)p[1]))
        return REPEAT_MANY;
    unsigned long max = strtoul(p + 1, &end, 10);
    return *end == '}' && max >= min ? max : REPEAT_MANY;
}

/* A quantifier after an item, if any: sets *q, or returns 0. A '{' that
 * cannot be a quantifier is a literal, left for the next item. One that is
 * a quantifier in some PCRE2 releases and literal text in others (spaces
 * or "{,n}" are allowed from 10.43 on) is not understood: read either way,
 * the sets could miss what the other way matches. */
static int read_quantifier(reader *rd, quantifier *q)
{
    const char *p = rd->p;
    if (*p == '?' || *p == '*' || *p == '+') {
        q->min = *p == '+';
        q->max = *p == '?' ? 1 : REPEAT_MANY;
        p++;
    } else if (*p == '{') {
        size_t n = strspn(p + 1, "0123456789, \t");
        if (p[1 + n] != '}' || strcspn(p + 1, "0123456789") >= n)
            return 0;
        if (!isdigit((unsigned char)p[1]) || strcspn(p + 1, " \t") < n) {
            rd->bad = 1;
            return 0;
        }
        q->min = strtoul(p + 1, NULL, 10);
        q->max = brace_max(p + 1, q->min);
        p += n + 2;
    } else {
        return 0;
    }
    p += *p == '?' || *p == '+'; /* lazy or possessive */
    rd->p = p;
    return 1;
}

/* One item, before its quantifier; *zero for assertions. */
static part read_atom(reader *rd, int *zero)
{
    nt_byteset s = {{0}};
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
            set_literal(&s, c, rd->caseless);
    } else if (ch == '.') {
        s = nt_byteset_all;
    } else if (ch == '^' || ch == '$') {
        *zero = 1;
    } else {
        rd->p--;
        part r;
        c = read_char(rd);
        set_literal(&s, c, rd->caseless);
        r = char_part(rd, &s);
        if (rd->caseless && c < 0x80 && isalpha((int)c))
            r.lit = literals_caseless(c);
        return r;
    }
    return *zero ? zero_part() : char_part(rd, &s);
}

/* The item at atom, x, repeated as q says, read as copies of x: q->min of
 * them, then optional ones up to q->max, or the last one repeated when
 * there is no bound ("[0-9]{3}" holds the word "000" only, not every
 * number of digits). first is x read once; the others are read again from
 * atom. rd->p is left after the quantifier. */
static part read_copies(reader *rd, part first, const char *atom,
                        const quantifier *q)
{
    const char *after = rd->p;
    int many = q->max == REPEAT_MANY;
    unsigned long n = many ? (q->min ? q->min : 1) : q->max;
    part r = zero_part();
    if (n == 0)
        part_free(&first);
    for (unsigned long i = 0; i < n; i++) {
        int zero = 0;
        part x = first;
        if (i) {
            rd->p = atom;
            x = read_atom(rd, &zero);
        }
        if (many && i == n - 1)
            x = part_repeat(rd, x, q->min > 0, 1);
        else if (i >= q->min)
            x = part_repeat(rd, x, 0, 0);
        r = part_then(rd, r, x);
    }
    rd->p = after;
    return r;
}

/* One item and its quantifier: repeated a few times, as that many copies
 * (see read_copies), more, as one repeated. An assertion's positions are
 * left out of the sequence (their words may still come out: too many,
 * never few). */
static part read_item(reader *rd)
{
    int zero = 0;
    quantifier q;
    const char *atom = rd->p;
    part r = read_atom(rd, &zero);
    if (!read_quantifier(rd, &q) && !zero)
        return r;
    if (zero) {
        part_free(&r);
        return zero_part();
    }
    unsigned long n = q.max == REPEAT_MANY ? q.min : q.max;
    if (n <= COPIES_MAX && q.min <= COPIES_MAX &&
        (rd->copies += n) <= COPIES_ALL)
        return read_copies(rd, r, atom, &q);
    return part_repeat(rd, r, q.min, q.max > 1);
}

/* Items up to '|', ')' or the end. */
static part read_sequence(reader *rd)
{
    part r = zero_part();
    while (*rd->p && *rd->p != '|' && *rd->p != ')' && !rd->bad)
        r = part_then(rd, r, read_item(rd));
    return r;
}

static part read_alternation(reader *rd)
{
    part r = read_sequence(rd);
    while (*rd->p == '|' && !rd->bad) {
        rd->p++;
        r = part_or(rd, r, read_sequence(rd));
    }
    return r;
}

/* Lookarounds are left out: they only ever narrow what matches, so the
 * sets may be larger than needed, never smaller. */
nt_reach nt_reach_pattern_text(const char *pat, nt_reach_text *must)
{
    reader rd = {pat, 0, 0, NULL, 0};
    part r = read_alternation(&rd);
    part_free(&r);
    int known = !rd.bad && !*rd.p;
    memset(must, 0, sizeof *must);
    if (known) {
        memcpy(must->s, r.lit.must.s, r.lit.must.n);
        must->n = r.lit.must.n;
    }
    return known ? r.r : nt_reach_any();
}

nt_reach nt_reach_pattern(const char *pat)
{
    nt_reach_text must;
    return nt_reach_pattern_text(pat, &must);
}

/* What reach_words reads: the words of pat's matches, their first words,
 * or their first words with what follows each. */
typedef enum { WORDS_ALL, WORDS_FIRST, WORDS_FIRST_NEXT } words_kind;

static nt_wordset reach_words(const char *pat, words_kind kind)
{
    reader rd = {pat, 0, 0, nt_vocab_new(), 0};
    part r = read_alternation(&rd);
    nt_wordset w = {0};
    if (rd.bad || *rd.p)
        w.any = 1;
    else if (kind == WORDS_FIRST)
        w = nt_vocab_first_words(rd.vocab, r.first.v, r.first.n, r.last.v,
                                 r.last.n);
    else if (kind == WORDS_FIRST_NEXT)
        w = nt_vocab_first_words_next(rd.vocab, r.first.v, r.first.n,
                                      r.last.v, r.last.n);
    else
        w = nt_vocab_words(rd.vocab, r.first.v, r.first.n, r.last.v, r.last.n);
    part_free(&r);
    nt_vocab_free(rd.vocab);
    return w;
}

nt_wordset nt_reach_words(const char *pat)
{
    return reach_words(pat, WORDS_ALL);
}

nt_wordset nt_reach_first_words(const char *pat)
{
    return reach_words(pat, WORDS_FIRST);
}

nt_wordset nt_reach_first_words_next(const char *pat)
{
    return reach_words(pat, WORDS_FIRST_NEXT);
}

int nt_reach_space_pairs(const char *pat, nt_byteset pairs[128])
{
    reader rd = {pat, 0, 0, nt_vocab_new(), 0};
    part r = read_alternation(&rd);
    int rc = rd.bad || *rd.p ? -1
                             : nt_vocab_space_pairs(rd.vocab, r.last.v,
                                                    r.last.n, pairs);
    part_free(&r);
    nt_vocab_free(rd.vocab);
    return rc;
}

