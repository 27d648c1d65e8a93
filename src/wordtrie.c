/* wordtrie.c - an alternation of literal words as a trie (see wordtrie.h).
 *
 * A word class may have hundreds of words: as "(?:w1|w2|...)" PCRE2 tries each
 * in turn at every start, as a trie it follows one branch per character.
 * The trie must match what the alternation matches, in the same order
 * (longest first), since a rule may backtrack into it: see put_node. */
#include "wordtrie.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

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

/* Works on a copy of alt: split_words unescapes the words in place. */
void nt_wordtrie_put(nt_buf *out, const char *alt)
{
    char *copy = nt_xstrdup(alt);
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
}
