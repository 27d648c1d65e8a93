/* patshare.c - a pattern with its repeated groups written once (see
 * patshare.h). The pattern is read once into its groups (where each
 * begins and ends, the options around it, what it holds); equal groups
 * (the same text under the same options) are found by sorting them, the
 * longest first, so that a group inside a shared one counts once for all
 * its copies; then the pattern is written again with calls in place of
 * the shared groups and their definitions after it. */
#include "patshare.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The options tracked, one bit each in this order; '^' unsets the first
 * four. */
static const char option_letters[] = "imnsJU";
#define CARET_UNSETS 0xFu

/* What a group holds or is (group.flags). */
enum {
    TAINT = 1,      /* holds what a subroutine would not repeat as it is */
    CAPTURE = 2,    /* is a capturing group */
    LOOKBEHIND = 4, /* is a lookbehind */
    IN_LB = 8       /* is inside one */
};

typedef struct {
    size_t start, end; /* its '(' and after its ')' */
    size_t body;       /* what a definition holds begins: after "(?:" */
    unsigned on, off;  /* options set and unset around it, against the
                          pattern's top level */
    unsigned flags;
    size_t call; /* 1 + the shared group that replaces it, or 0 */
    int dead;    /* inside a copy that a call replaces */
} group;

/* An open group and the options inside it. */
typedef struct {
    size_t g;
    unsigned on, off;
} frame;

typedef struct {
    group *g; /* owned, in the order they open */
    size_t n, cap;
    frame *open; /* owned: the groups open, innermost last */
    size_t depth, open_cap;
} groups;

/* A group to compare with the others: the same text under the same
 * options is the same group. */
typedef struct {
    size_t len, index;
    uint32_t hash;
    unsigned on, off;
} key;

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* The bytes of the escape at p[i] == '\\', or 0 for \Q (what follows
 * would be literal up to \E) or a pattern's last byte. */
static size_t escape_len(const char *p, size_t len, size_t i)
{
    if (i + 1 >= len || p[i + 1] == 'Q')
        return 0;
    return p[i + 1] == 'c' ? (i + 2 < len ? 3 : 0) : 2; /* \c) is a byte */
}

/* After the POSIX class "[:name:]" at p[i], or 0. */
static size_t posix_end(const char *p, size_t len, size_t i)
{
    size_t k = i + 2;
    if (i + 1 >= len || p[i + 1] != ':')
        return 0;
    k += k < len && p[k] == '^';
    while (k < len && p[k] >= 'a' && p[k] <= 'z')
        k++;
    return k + 1 < len && p[k] == ':' && p[k + 1] == ']' ? k + 2 : 0;
}

/* After the character class that begins at p[i] == '[', or 0 when it
 * holds what is not read here (\Q, a '[' not of a POSIX class). */
static size_t class_end(const char *p, size_t len, size_t i)
{
    i++;
    i += i < len && p[i] == '^';
    i += i < len && p[i] == ']'; /* a ']' first is literal */
    while (i < len && p[i] != ']') {
        size_t n = p[i] == '\\' ? escape_len(p, len, i)
                   : p[i] == '[' ? posix_end(p, len, i) - i
                                 : 1;
        if (!n || n > len)
            return 0;
        i += n;
    }
    return i < len ? i + 1 : 0;
}

/* After the callout "(?C...)" at p[i], or 0: a number, or a string
 * between delimiters, in which a delimiter is doubled. */
static size_t callout_end(const char *p, size_t len, size_t i)
{
    static const char opens[] = "`'\"^%#${", closes[] = "`'\"^%#$}";
    size_t k = i + 3;
    const char *d = k < len && p[k] ? strchr(opens, p[k]) : NULL;
    if (d) {
        char c = closes[d - opens];
        for (k++; k < len && (p[k] != c || (k + 1 < len && p[k + 1] == c));)
            k += p[k] == c ? 2 : 1;
        k++;
    } else {
        while (k < len && p[k] >= '0' && p[k] <= '9')
            k++;
    }
    return k < len && p[k] == ')' ? k + 1 : 0;
}

/* After the verb "(*NAME...)" at p[i], or 0 for what is not a verb (the
 * lower-case assertions, "(*pla:" and the like). */
static size_t verb_end(const char *p, size_t len, size_t i)
{
    if (i + 2 >= len || !(is_upper(p[i + 2]) || p[i + 2] == ':'))
        return 0;
    const char *close = memchr(p + i, ')', len - i);
    return close ? (size_t)(close - p) + 1 : 0;
}

/* The options inside "(?letters:" whose letters begin at p[i], from *on
 * and *off outside; returns where its ':' is, or 0 when it is not such a
 * group (an option setting that runs to the group's end, extended mode,
 * a comment, a condition, a reference...). */
static size_t options_end(const char *p, size_t len, size_t i, unsigned *on,
                          unsigned *off)
{
    int unset = 0;
    for (; i < len; i++) {
        const char *l = p[i] ? strchr(option_letters, p[i]) : NULL;
        unsigned bit = l ? 1u << (l - option_letters) : 0;
        if (p[i] == '-') {
            unset = 1;
            continue;
        }
        if (p[i] == '^')
            bit = CARET_UNSETS;
        else if (!bit)
            break;
        int clear = unset || p[i] == '^';
        *on = clear ? *on & ~bit : *on | bit;
        *off = clear ? *off | bit : *off & ~bit;
    }
    return i < len && p[i] == ':' ? i : 0;
}

/* Marks the innermost open group as holding what cannot be shared. */
static void taint(groups *gs)
{
    if (gs->depth)
        gs->g[gs->open[gs->depth - 1].g].flags |= TAINT;
}

/* Opens a group at p[i] with flags, its definition's text from body on,
 * and on, off the options inside it. */
static void push(groups *gs, size_t i, size_t body, unsigned flags,
                 unsigned on, unsigned off)
{
    frame top = gs->depth ? gs->open[gs->depth - 1] : (frame){0};
    if (gs->depth && gs->g[top.g].flags & (LOOKBEHIND | IN_LB))
        flags |= IN_LB;
    gs->g = nt_xgrow(gs->g, &gs->cap, gs->n + 1, sizeof *gs->g);
    gs->open = nt_xgrow(gs->open, &gs->open_cap, gs->depth + 1,
                        sizeof *gs->open);
    gs->g[gs->n] = (group){.start = i, .body = body, .flags = flags,
                           .on = top.on, .off = top.off};
    gs->open[gs->depth++] = (frame){gs->n++, on, off};
}

/* Reads the '(' at p[i]: a group is opened, a verb or callout taints the
 * group it is in. Returns where reading goes on, or 0 for what is not
 * read here. */
static size_t open_paren(groups *gs, const char *p, size_t len, size_t i)
{
    const frame *top = gs->depth ? &gs->open[gs->depth - 1] : NULL;
    unsigned on = top ? top->on : 0, off = top ? top->off : 0;
    const char *q = p + i + 1;
    size_t rest = len - i - 1, next = 0, body = i;
    unsigned flags = 0;
    if (rest && q[0] == '*') {
        next = verb_end(p, len, i);
        taint(gs);
        return next;
    }
    if (!rest || q[0] != '?') {
        flags = CAPTURE, next = i + 1;
    } else if (rest > 1 && q[1] == 'C') {
        next = callout_end(p, len, i);
        taint(gs);
        return next;
    } else if (rest > 1 && q[1] && strchr(":>=!", q[1])) {
        next = i + 3;
        body = q[1] == ':' ? next : i;
    } else if (rest > 2 && q[1] == '<' && (q[2] == '=' || q[2] == '!')) {
        flags = LOOKBEHIND, next = i + 4;
    } else if (rest > 2 && (q[1] == '<' || q[1] == '\'' ||
                            (q[1] == 'P' && q[2] == '<'))) {
        const char *name = q + 2 + (q[1] == 'P');
        if ((size_t)(p + len - name) >= 3 && !memcmp(name, "_nt", 3))
            return 0; /* the names given to shared groups */
        flags = CAPTURE, next = (size_t)(name - p);
    } else {
        size_t colon = options_end(p, len, i + 2, &on, &off);
        if (!colon)
            return 0;
        next = colon + 1;
    }
    push(gs, i, body, flags, on, off);
    return next;
}

/* Closes the innermost open group at p[i] == ')': 0, or -1 if none is
 * open. */
static int close_paren(groups *gs, size_t i)
{
    if (!gs->depth)
        return -1;
    group *g = &gs->g[gs->open[--gs->depth].g];
    g->end = i + 1;
    if (g->flags & (TAINT | CAPTURE))
        taint(gs);
    return 0;
}

/* Reads pat[0..len) into gs: 0, or -1 for what is not read here. */
static int read_groups(groups *gs, const char *p, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t next = i + 1;
        if (p[i] == '\\') {
            size_t n = escape_len(p, len, i);
            if (!n)
                return -1;
            if (p[i + 1] && strchr("123456789gkK", p[i + 1]))
                taint(gs); /* backreferences, \K */
            next = i + n;
        } else if (p[i] == '[') {
            next = class_end(p, len, i);
        } else if (p[i] == '(') {
            next = open_paren(gs, p, len, i);
        } else if (p[i] == ')' && close_paren(gs, i) < 0) {
            return -1;
        }
        if (!next)
            return -1;
        i = next;
    }
    return gs->depth ? -1 : 0;
}

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The longest first; equal ones together, in the pattern's order. */
static int by_key(const void *a, const void *b)
{
    const key *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? 1 : -1;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    if (x->on != y->on || x->off != y->off)
        return x->on != y->on ? (x->on < y->on ? -1 : 1)
                              : (x->off < y->off ? -1 : 1);
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The groups of gs that may be shared, min_len bytes or more, as keys
 * sorted by by_key; *n of them (the caller frees them). */
static key *shareable(const groups *gs, const char *p, size_t min_len,
                      size_t *n)
{
    key *k = nt_xmalloc((gs->n ? gs->n : 1) * sizeof *k);
    *n = 0;
    for (size_t i = 0; i < gs->n; i++) {
        const group *g = &gs->g[i];
        size_t len = g->end - g->start;
        if (len >= min_len && !(g->flags & (TAINT | CAPTURE | IN_LB)))
            k[(*n)++] = (key){len, i, hash(p + g->start, len), g->on, g->off};
    }
    qsort(k, *n, sizeof *k, by_key);
    return k;
}

static int same_key(const key *a, const key *b)
{
    return a->len == b->len && a->hash == b->hash && a->on == b->on &&
           a->off == b->off;
}

/* Shares the groups k[0..n) (equal keys, in the pattern's order) when
 * two or more of them are not inside copies replaced by calls: each
 * becomes call id, and what is inside all but the first (whose text
 * defines it) is dead. Returns 1 + the first, or 0 if not shared. */
static size_t share(groups *gs, const char *p, const key *k, size_t n,
                    size_t id)
{
    size_t live = 0, first = 0;
    for (size_t i = 0; i < n; i++) {
        if (memcmp(p + gs->g[k[i].index].start, p + gs->g[k[0].index].start,
                   k[0].len))
            return 0; /* hashes alike, texts not: left as they are */
        if (!gs->g[k[i].index].dead && !live++)
            first = k[i].index;
    }
    if (live < 2)
        return 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = k[i].index;
        if (gs->g[j].dead)
            continue;
        gs->g[j].call = id;
        for (size_t d = j + 1; j != first && d < gs->n &&
                               gs->g[d].start < gs->g[j].end; d++)
            gs->g[d].dead = 1;
    }
    return first + 1;
}

/* Chooses the groups to share; returns their first copies, *n of them
 * (the caller frees them). */
static size_t *choose(groups *gs, const char *p, size_t min_len, size_t *n)
{
    size_t nk;
    key *k = shareable(gs, p, min_len, &nk);
    size_t *defs = nt_xmalloc((nk ? nk : 1) * sizeof *defs);
    *n = 0;
    for (size_t i = 0, j; i < nk; i = j) {
        for (j = i + 1; j < nk && same_key(&k[i], &k[j]); j++)
            ;
        size_t first = share(gs, p, k + i, j - i, *n + 1);
        if (first)
            defs[(*n)++] = first - 1;
    }
    free(k);
    return defs;
}

static void put_name(nt_buf *out, size_t id)
{
    nt_buf_puts(out, "_nt");
    nt_buf_putu(out, id - 1);
}

/* Writes p[from..to) with each group that a call replaces, from the k-th
 * on, as the call. */
static void put_text(nt_buf *out, const groups *gs, const char *p,
                     size_t from, size_t to, size_t k)
{
    for (; k < gs->n && gs->g[k].start < to;) {
        const group *g = &gs->g[k];
        if (!g->call) {
            k++;
            continue;
        }
        nt_buf_put(out, p + from, g->start - from);
        nt_buf_puts(out, "(?&");
        put_name(out, g->call);
        nt_buf_putc(out, ')');
        from = g->end;
        while (k < gs->n && gs->g[k].start < from)
            k++;
    }
    nt_buf_put(out, p + from, to - from);
}

/* Writes the option setting "(?on-off:" for on, off. */
static void put_options(nt_buf *out, unsigned on, unsigned off)
{
    nt_buf_puts(out, "(?");
    for (unsigned b = 0; option_letters[b]; b++)
        if (on >> b & 1)
            nt_buf_putc(out, option_letters[b]);
    if (off)
        nt_buf_putc(out, '-');
    for (unsigned b = 0; option_letters[b]; b++)
        if (off >> b & 1)
            nt_buf_putc(out, option_letters[b]);
    nt_buf_putc(out, ':');
}

/* Writes the definition of shared group id, whose first copy is group d:
 * its text, under the options around it. */
static void put_definition(nt_buf *out, const groups *gs, const char *p,
                           size_t d, size_t id)
{
    const group *g = &gs->g[d];
    int opts = g->on || g->off;
    nt_buf_puts(out, "(?<");
    put_name(out, id);
    nt_buf_putc(out, '>');
    if (opts)
        put_options(out, g->on, g->off);
    put_text(out, gs, p, g->body, g->end - (g->body != g->start), d + 1);
    nt_buf_puts(out, opts ? "))" : ")");
}

size_t nt_patshare(const char *pat, size_t len, size_t min_len, nt_buf *out)
{
    groups gs = {0};
    size_t n = 0, *defs = NULL;
    if (read_groups(&gs, pat, len) == 0)
        defs = choose(&gs, pat, min_len, &n);
    if (n) {
        put_text(out, &gs, pat, 0, len, 0);
        nt_buf_puts(out, "|(?(DEFINE)");
        for (size_t i = 0; i < n; i++)
            put_definition(out, &gs, pat, defs[i], i + 1);
        nt_buf_puts(out, ")(*F)");
    }
    free(defs);
    free(gs.g);
    free(gs.open);
    return n;
}
