/* test_wordtrie.c - a word class's alternation as a trie: its shape, what
 * is left as it is, and, checked with PCRE2, that the trie matches what
 * the alternation matches, in the same order (longest word first, also
 * when a rule backtracks into it, and with case variants in caseless
 * mode). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "buf.h"
#include "wordtrie.h"

/* The trie of alt, in a static buffer. */
static const char *trie_of(const char *alt)
{
    static char out[512];
    nt_buf b;
    nt_buf_init(&b);
    nt_wordtrie_put(&b, alt);
    snprintf(out, sizeof out, "%s", nt_buf_cstr(&b));
    nt_buf_free(&b);
    return out;
}

static void test_shape(void **state)
{
    (void)state;
    assert_string_equal(trie_of("(?:Mr\\.|Mrs|Ms)"), "(?:M(?:r(?:\\.|s)|s))");
    /* a word that ends where a longer one goes on: the empty branch last */
    assert_string_equal(trie_of("(?:Janet|Jan)"), "(?:Jan(?:et|))");
    /* duplicates match nothing new */
    assert_string_equal(trie_of("(?:ab|ab|ac)"), "(?:a(?:b|c))");
}

/* What a trie cannot stand for, or need not, is left as it is. */
static void test_left_as_is(void **state)
{
    (void)state;
    static const char *const alts[] = {
        "(?:one)",       /* one word */
        "(?:a b|ab)",    /* white space: not literal in extended mode */
        "(?:a#b|ab)",    /* nor is '#' */
        "(?:|ab)",       /* the empty word */
        "(?!)",          /* not an alternation of words */
    };
    for (size_t i = 0; i < sizeof alts / sizeof *alts; i++)
        assert_string_equal(trie_of(alts[i]), alts[i]);
}

/* The matches of pat anchored at every byte of text, as "start-end ", or
 * "- " where there is none. */
static void matches(const char *pat, const char *text, nt_buf *out)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED,
                                  &code, &off, NULL);
    if (!c)
        fail_msg("PCRE2 refuses %s (offset %zu)", pat, (size_t)off);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
    size_t len = strlen(text);
    for (size_t at = 0; at < len; at++) {
        int rc = pcre2_match(c, (PCRE2_SPTR)text, len, at, 0, md, NULL);
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        if (rc > 0)
            nt_buf_printf(out, "%zu-%zu ", (size_t)ov[0], (size_t)ov[1]);
        else
            nt_buf_puts(out, "- ");
    }
    pcre2_match_data_free(md);
    pcre2_code_free(c);
}

/* Runs wrap (a pattern with one "%s" for the class) with the alternation
 * and with its trie over text: the matches must be the same. */
static void check_same(const char *alt, const char *wrap, const char *text)
{
    char flat[512], trie[512];
    nt_buf a, b;
    snprintf(flat, sizeof flat, wrap, alt);
    snprintf(trie, sizeof trie, wrap, trie_of(alt));
    nt_buf_init(&a);
    nt_buf_init(&b);
    matches(flat, text, &a);
    matches(trie, text, &b);
    if (strcmp(nt_buf_cstr(&a), nt_buf_cstr(&b)) != 0)
        fail_msg("%s vs %s on \"%s\": %s vs %s", flat, trie, text,
                 nt_buf_cstr(&a), nt_buf_cstr(&b));
    nt_buf_free(&a);
    nt_buf_free(&b);
}

/* The class's order is longest first; a rule that goes on after the class
 * ("@{kw}et") backtracks to shorter words as with the alternation. */
static void test_longest_first(void **state)
{
    (void)state;
    static const char alt[] = "(?:Janet|Jan5|Jan\xc3\xa9|Jan|Ja)";
    static const char text[] = "Janet Jan Jan\xc3\xa9 Jan5 Jaet Janett";
    static const char *const wraps[] = {"%s", "%set", "%s\\b", "%s(?=\\s)",
                                        "(?>%s)t", "%s+"};
    for (size_t i = 0; i < sizeof wraps / sizeof *wraps; i++)
        check_same(alt, wraps[i], text);
    assert_string_equal(trie_of(alt),
                        "(?:Ja(?:n(?:5|(?:et|\xc3\xa9)|)|))");
}

/* In caseless mode words that differ in case may both match: they stay
 * one flat alternation, so the longest still comes first. */
static void test_caseless(void **state)
{
    (void)state;
    static const char *const alts[] = {
        "(?:abc|Ab)", "(?:Stra\xc3\x9f" "e|STRASSE|str)",
        "(?:Kelvin|\xe2\x84\xaa|kel)"};
    static const char text[] = "ABC ab abc Ab STRASSE Stra\xc3\x9f" "e "
                               "STR \xe2\x84\xaa KEL kelvin";
    for (size_t i = 0; i < sizeof alts / sizeof *alts; i++) {
        check_same(alts[i], "(?i)%s", text);
        check_same(alts[i], "(?i:%s)\\b", text);
        check_same(alts[i], "%s", text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_left_as_is),
        cmocka_unit_test(test_longest_first),
        cmocka_unit_test(test_caseless),
    };
    return cmocka_run_group_tests_name("wordtrie", tests, NULL, NULL);
}
