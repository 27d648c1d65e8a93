/* test_macros.c - defines and macro expansion: "{NAME}" into its define,
 * "@{class}" into the class's words (flat, longest first, or as a trie);
 * a class's expansion is made once and made again when the lexicon
 * changes, or taken from a cache of earlier runs keyed by the class's
 * words; unknown classes are errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "bytecache.h"
#include "lexicon.h"
#include "macros.h"
#include "util.h"
#include "tmpdir.h"

static void add_words(nt_lex *lx, const char *cls, const char *const *w,
                      size_t n)
{
    int c = nt_lex_class(lx, cls);
    for (size_t i = 0; i < n; i++)
        nt_lex_add(lx, c, w[i], strlen(w[i]));
}

/* Expands pat (trie or flat), which must succeed; the caller frees. */
static char *expand(nt_macros *m, const nt_lex *lx, const char *pat, int trie)
{
    nt_error err = {{0}};
    char *s = nt_macros_expand(m, lx, pat, trie, &err);
    if (!s)
        fail_msg("%s", err.msg);
    return s;
}

static void expect_expansion(nt_macros *m, const nt_lex *lx, const char *pat,
                             int trie, const char *want)
{
    char *got = expand(m, lx, pat, trie);
    assert_string_equal(got, want);
    free(got);
}

/* Both forms of a class, a define holding one, a class used twice and
 * escapes left alone. */
static void test_expand(void **state)
{
    (void)state;
    static const char *const months[] = {"May", "March", "Mar"};
    nt_lex *lx = nt_lex_new();
    add_words(lx, "month", months, 3);
    nt_macros *m = nt_macros_new();
    nt_error err = {{0}};
    expect_expansion(m, lx, "@{month}\\s+\\p{Lu}", 0,
                     "(?:March|Mar|May)\\s+\\p{Lu}");
    expect_expansion(m, lx, "@{month}", 1, "(?:Ma(?:r(?:ch|)|y))");
    assert_int_equal(nt_macros_define(m, lx, "M", "@{month}\\.?", &err), 0);
    expect_expansion(m, lx, "{M} or @{month}", 0,
                     "(?:(?:March|Mar|May)\\.?) or (?:March|Mar|May)");
    expect_expansion(m, lx, "{M}", 1, "(?:(?:Ma(?:r(?:ch|)|y))\\.?)");
    expect_expansion(m, lx, "{NOPE} \\x{263a}", 1, "{NOPE} \\x{263a}");
    expect_expansion(m, lx, "a@b \\d{2,4}@{month}{M}", 0,
                     "a@b \\d{2,4}(?:March|Mar|May)(?:(?:March|Mar|May)\\.?)");
    /* a last '@' or '{': nothing read past the NUL (a heap copy of the
     * exact size, so that check-sanitize sees any byte read after it) */
    char *last = nt_xstrdup("a@");
    expect_expansion(m, lx, last, 0, "a@");
    free(last);
    last = nt_xstrdup("b{");
    expect_expansion(m, lx, last, 1, "b{");
    free(last);
    assert_null(nt_macros_expand(m, lx, "@{none}", 1, &err));
    assert_non_null(strstr(err.msg, "unknown word class 'none'"));
    nt_macros_free(m);
    nt_macros_free(NULL);
    nt_lex_free(lx);
}

/* A word added to a class counts in the next expansion, and another
 * lexicon gets its own words: a kept expansion is never stale. */
static void test_lexicon_changes(void **state)
{
    (void)state;
    static const char *const one[] = {"Inc"}, *const two[] = {"Ltd"};
    nt_lex *lx = nt_lex_new(), *other = nt_lex_new();
    add_words(lx, "suffix", one, 1);
    add_words(other, "suffix", two, 1);
    nt_macros *m = nt_macros_new();
    expect_expansion(m, lx, "@{suffix}", 1, "(?:Inc)");
    expect_expansion(m, lx, "@{suffix}", 0, "(?:Inc)");
    add_words(lx, "suffix", two, 1);
    expect_expansion(m, lx, "@{suffix}", 1, "(?:(?:Inc|Ltd))");
    expect_expansion(m, lx, "@{suffix}", 0, "(?:Inc|Ltd)");
    expect_expansion(m, other, "@{suffix}", 1, "(?:Ltd)");
    expect_expansion(m, lx, "@{suffix}", 1, "(?:(?:Inc|Ltd))");
    nt_macros_free(m);
    nt_lex_free(lx);
    nt_lex_free(other);
}

/* A run that finds the expansions in the cache makes none (the cache saved
 * and read again is not changed), and gets what was made; other words are
 * another key. */
static void test_cache(void **state)
{
    (void)state;
    static const char *const months[] = {"May", "March", "Mar"},
                             *const more[] = {"June"};
    char *dir = tmp_folder("macros");
    char *path = strdup(tmp_path(dir, "cache.ntp"));
    assert_non_null(path);
    nt_lex *lx = nt_lex_new();
    add_words(lx, "month", months, 3);
    nt_bytecache *c = nt_bytecache_open(path);
    nt_macros *m = nt_macros_new();
    nt_macros_use_cache(m, c);
    expect_expansion(m, lx, "@{month}", 1, "(?:Ma(?:r(?:ch|)|y))");
    expect_expansion(m, lx, "@{month}", 0, "(?:March|Mar|May)");
    assert_true(nt_bytecache_changed(c));
    assert_int_equal(nt_bytecache_save(c), 0);
    nt_macros_free(m);
    nt_bytecache_free(c);

    c = nt_bytecache_open(path);
    m = nt_macros_new();
    nt_macros_use_cache(m, c);
    expect_expansion(m, lx, "@{month}", 1, "(?:Ma(?:r(?:ch|)|y))");
    expect_expansion(m, lx, "@{month}", 0, "(?:March|Mar|May)");
    assert_false(nt_bytecache_changed(c)); /* found, not made */
    add_words(lx, "month", more, 1);
    expect_expansion(m, lx, "@{month}", 0, "(?:March|June|Mar|May)");
    assert_true(nt_bytecache_changed(c));
    nt_macros_free(m);
    nt_bytecache_free(c);
    nt_lex_free(lx);
    free(path);
    tmp_free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expand),
        cmocka_unit_test(test_lexicon_changes),
        cmocka_unit_test(test_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
