/* macros.c - rules files' defines and the expansion of "{NAME}" and
 * "@{class}" macros (see macros.h).
 *
 * Each define and each rule is expanded twice: with word classes as
 * lexicon.c writes them, which decides whether PCRE2 accepts a rule and
 * where its errors point, and with word classes as tries, which is what
 * runs (see expand_add in rules.c). A define keeps both expansions so
 * that later macros expand the same way. */
#include "macros.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bytecache.h"
#include "util.h"
#include "wordtrie.h"

typedef struct {
    char *name;
    char *pattern[2]; /* expanded, word classes [0] as lexicon.c writes
                         them, [1] as tries (see put_class) */
} define;

struct nt_macros {
    define *d; /* in definition order, each entry owned */
    size_t nd, dcap;
    /* Each word class's expansion ([0] as lexicon.c writes it, [1] as a
     * trie), made once for the lexicon state class_stamp names: a class
     * used by several rules and defines, each expanded twice, was sorted
     * and made a trie each time (most of the start-up's instructions). */
    char *class_pat[2][NT_LEX_MAX_CLASSES]; /* owned, NULL: not made yet */
    uint64_t class_stamp;
    nt_bytecache *cache; /* the expansions of earlier runs, or NULL */
};

/* Cache keys of class expansions: the form ('0' as written, '1' as a trie)
 * and the class's words. The tag names the way nt_lex_pattern and
 * nt_wordtrie_put write them: change it when either changes. */
#define CACHE_TAG "class-expansion-1:"

void nt_macros_use_cache(nt_macros *m, nt_bytecache *c)
{
    m->cache = c;
}

nt_macros *nt_macros_new(void)
{
    return nt_xcalloc(1, sizeof(nt_macros));
}

/* Forgets the classes' expansions. */
static void forget_classes(nt_macros *m)
{
    for (int t = 0; t < 2; t++)
        for (int c = 0; c < NT_LEX_MAX_CLASSES; c++) {
            free(m->class_pat[t][c]);
            m->class_pat[t][c] = NULL;
        }
}

void nt_macros_free(nt_macros *m)
{
    if (!m)
        return;
    forget_classes(m);
    for (size_t i = 0; i < m->nd; i++) {
        free(m->d[i].name);
        free(m->d[i].pattern[0]);
        free(m->d[i].pattern[1]);
    }
    free(m->d);
    free(m);
}

static const define *find_define(const nt_macros *m, const char *name,
                                 size_t n)
{
    for (size_t i = 0; i < m->nd; i++)
        if (strlen(m->d[i].name) == n && memcmp(m->d[i].name, name, n) == 0)
            return &m->d[i];
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

int nt_macros_is_name(const char *s)
{
    return ident_len(s) == strlen(s);
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

/* The pattern of word class cls, made (see class_pattern). */
static char *make_class(const nt_lex *lx, int cls, int trie)
{
    char *alt = nt_lex_pattern(lx, cls);
    if (!trie)
        return alt;
    nt_buf b;
    nt_buf_init(&b);
    nt_wordtrie_put(&b, alt);
    free(alt);
    nt_buf_cstr(&b);
    return b.data;
}

/* make_class, or what the cache kept of it for the same words: sorting a
 * class of hundreds of words and making it a trie was half the start-up's
 * instructions. */
static char *cached_class(nt_macros *m, const nt_lex *lx, int cls, int trie)
{
    if (!m->cache)
        return make_class(lx, cls, trie);
    size_t wn, n;
    const char *words = nt_lex_class_words(lx, cls, &wn);
    nt_buf key;
    nt_buf_init(&key);
    nt_buf_puts(&key, CACHE_TAG);
    nt_buf_putc(&key, trie ? '1' : '0');
    nt_buf_put(&key, words, wn);
    const char *v = nt_bytecache_get(m->cache, key.data, key.len, &n);
    char *pat = v ? nt_xstrndup(v, n) : make_class(lx, cls, trie);
    if (!v)
        nt_bytecache_put(m->cache, key.data, key.len, pat, strlen(pat));
    nt_buf_free(&key);
    return pat;
}

/* The pattern of word class cls: as lexicon.c writes it, or its words as
 * a trie, which PCRE2 runs much faster than a long alternation; made on
 * first use for the lexicon as it is now (see class_pat). */
static const char *class_pattern(nt_macros *m, const nt_lex *lx, int cls,
                                 int trie)
{
    if (m->class_stamp != nt_lex_stamp(lx)) {
        forget_classes(m);
        m->class_stamp = nt_lex_stamp(lx);
    }
    if (!m->class_pat[trie][cls])
        m->class_pat[trie][cls] = cached_class(m, lx, cls, trie);
    return m->class_pat[trie][cls];
}

/* Expands one macro at p ("@{class}" or "{NAME}"); returns bytes consumed,
 * 0 if p holds no macro, or -1 with err set for an unknown name. */
static long expand_macro(nt_macros *m, const nt_lex *lx, const char *p,
                         int trie, nt_buf *out, nt_error *err)
{
    int is_class = p[0] == '@';
    if (is_class && p[1] != '{')
        return 0; /* first: a pattern's last '@' has only its NUL after it */
    const char *name = p + (is_class ? 2 : 1);
    size_t n = ident_len(name);
    if (!n || name[n] != '}')
        return 0;
    if (is_class) {
        int cls = nt_lex_class_named(lx, name, n, err);
        if (cls < 0)
            return -1;
        nt_buf_puts(out, class_pattern(m, lx, cls, trie));
    } else {
        const define *d = find_define(m, name, n);
        if (!d)
            return 0;
        nt_buf_puts(out, "(?:"); /* no printf: defines run to kilobytes */
        nt_buf_puts(out, d->pattern[trie]);
        nt_buf_putc(out, ')');
    }
    return (long)(name - p + n + 1);
}

char *nt_macros_expand(nt_macros *m, const nt_lex *lx, const char *pat,
                       int trie, nt_error *err)
{
    nt_buf out;
    nt_buf_init(&out);
    for (const char *p = pat; *p;) {
        if (*p == '\\') {
            p += copy_escape(&out, p);
            continue;
        }
        long used = (*p == '@' || *p == '{')
                        ? expand_macro(m, lx, p, trie, &out, err)
                        : 0;
        if (used < 0) {
            nt_buf_free(&out);
            return NULL;
        }
        if (used == 0) { /* up to the next place a macro or escape may be */
            size_t run = 1 + strcspn(p + 1, "\\@{");
            nt_buf_put(&out, p, run);
            p += run;
        }
        p += used;
    }
    nt_buf_cstr(&out);
    return out.data;
}

/* The second expansion cannot fail where the first did not: both look up
 * the same names. */
int nt_macros_define(nt_macros *m, const nt_lex *lx, const char *name,
                     const char *pat, nt_error *err)
{
    char *flat = nt_macros_expand(m, lx, pat, 0, err), *trie;
    if (!flat)
        return -1;
    trie = nt_macros_expand(m, lx, pat, 1, err);
    m->d = nt_xgrow(m->d, &m->dcap, m->nd + 1, sizeof *m->d);
    m->d[m->nd++] = (define){nt_xstrdup(name), {flat, trie}};
    return 0;
}
