/* wordtest.c - word tests (see wordtest.h). */
#include "wordtest.h"

#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "reach.h"
#include "utf8.h"
#include "util.h"

/* One test. */
typedef struct {
    char *name;       /* owned */
    char *words;      /* owned: each word followed by a NUL, len bytes */
    size_t len;
    nt_map *set;      /* the words, made on the first test; NULL before */
    nt_byteset bytes; /* every byte of every word */
    size_t longest;   /* the longest word's bytes */
} word_test;

struct nt_wordtests {
    word_test *t; /* owned, n of them */
    size_t n;
};

nt_wordtests *nt_wordtests_new(void)
{
    return nt_xcalloc(1, sizeof(nt_wordtests));
}

void nt_wordtests_free(nt_wordtests *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->n; i++) {
        free(w->t[i].name);
        free(w->t[i].words);
        nt_map_free(w->t[i].set);
    }
    free(w->t);
    free(w);
}

static word_test *find_test(const nt_wordtests *w, const char *name, size_t n)
{
    for (size_t i = 0; i < w->n; i++)
        if (strncmp(w->t[i].name, name, n) == 0 && !w->t[i].name[n])
            return &w->t[i];
    return NULL;
}

void nt_wordtests_set(nt_wordtests *w, const char *name, const char *words,
                      size_t len)
{
    word_test *t = find_test(w, name, strlen(name));
    if (!t) {
        w->t = nt_xrealloc(w->t, (w->n + 1) * sizeof *t);
        t = &w->t[w->n++];
        *t = (word_test){.name = nt_xstrdup(name)};
    }
    free(t->words);
    nt_map_free(t->set);
    t->words = nt_xmalloc(len ? len : 1);
    memcpy(t->words, words, len);
    t->len = len;
    t->set = NULL;
}

/* Makes t's set of words, its bytes and its longest word's length, on its
 * first test. */
static void test_ready(word_test *t)
{
    t->set = nt_map_new();
    t->bytes = (nt_byteset){{0}};
    t->longest = 0;
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->words[i];
        t->bytes.w[c >> 6] |= (uint64_t)(c != 0) << (c & 63);
    }
    for (size_t i = 0, n; i < t->len; i += n + 1) {
        n = strlen(t->words + i);
        *nt_map_slot(t->set, t->words + i, n) = 1;
        t->longest = n > t->longest ? n : t->longest;
    }
}

int nt_wordtest_is_space(uint32_t cp)
{
    return nt_utf8_is_space(cp) || cp == 0x180E; /* PCRE2 keeps it in \h */
}

/* Whether the character at text[at] (before len) is white space (\s). */
static int space_at(const char *text, size_t len, size_t at)
{
    uint32_t cp;
    if (at >= len)
        return 0;
    unsigned char c = (unsigned char)text[at];
    if (c < 0x80)
        return c == ' ' || (unsigned)(c - '\t') < 5u;
    return nt_utf8_decode((const unsigned char *)text + at, len - at, &cp) &&
           nt_wordtest_is_space(cp);
}

/* Whether a word of t begins at text[at], then '.' or not, then white
 * space: each place a word can end is tried, from the shortest, up to a
 * byte no word holds. */
static int test_hit(word_test *t, const char *text, size_t len, size_t at)
{
    if (!t->set)
        test_ready(t);
    for (size_t e = at + 1; e < len && e - at <= t->longest; e++) {
        if (!nt_byteset_has(&t->bytes, (unsigned char)text[e - 1]))
            return 0;
        if ((space_at(text, len, e) ||
             (text[e] == '.' && space_at(text, len, e + 1))) &&
            nt_map_get(t->set, text + at, e - at))
            return 1;
    }
    return 0;
}

int nt_wordtests_hit(nt_wordtests *w, const char *name, size_t n,
                     const char *text, size_t len, size_t at)
{
    word_test *t = find_test(w, name, n);
    return t && test_hit(t, text, len, at);
}
