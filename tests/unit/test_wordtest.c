/* Unit tests for wordtest.c: a test hits where one of its words begins,
 * as written, then an optional period, then one white-space character. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wordtest.h"

/* "Mr", "Prime Minister", "Dr" as nt_lex_class_words gives them. */
static const char words[] = "Mr\0Prime Minister\0Dr";

static int hit(nt_wordtests *w, const char *text, size_t at)
{
    return nt_wordtests_hit(w, "title", 5, text, strlen(text), at);
}

static void test_hits(void **state)
{
    (void)state;
    nt_wordtests *w = nt_wordtests_new();
    nt_wordtests_set(w, "title", words, sizeof words);
    assert_true(hit(w, "Mr Smith", 0));
    assert_true(hit(w, "Mr. Smith", 0));          /* a period, then space */
    assert_true(hit(w, "Mr\tSmith", 0));          /* any \s */
    assert_true(hit(w, "Mr\xC2\xA0Smith", 0));    /* NBSP is \s in UCP */
    assert_true(hit(w, "Prime Minister Blair", 0)); /* a word with a space */
    assert_true(hit(w, "said Dr Who", 5));        /* at a place inside */
    assert_false(hit(w, "said Dr Who", 4));
    assert_false(hit(w, "Mrs Smith", 0));         /* a longer word */
    assert_false(hit(w, "mr Smith", 0));          /* case as written */
    assert_false(hit(w, "Mr.Smith", 0));          /* no space after */
    assert_false(hit(w, "Mr", 0));                /* the text's end */
    assert_false(hit(w, "Mr.", 0));
    assert_false(hit(w, "Prime Smith", 0));
    assert_false(hit(w, "Mr\xE2\x80\x8BSmith", 0)); /* U+200B is not \s */
    /* Another name, or a name that only begins like one, tests nothing. */
    assert_false(nt_wordtests_hit(w, "titles", 6, "Mr Smith", 8, 0));
    assert_false(nt_wordtests_hit(w, "tit", 3, "Mr Smith", 8, 0));
    nt_wordtests_free(w);
}

/* Words given again replace those before, also after a first question
 * made the set. */
static void test_replace(void **state)
{
    (void)state;
    nt_wordtests *w = nt_wordtests_new();
    nt_wordtests_set(w, "title", words, sizeof words);
    assert_true(hit(w, "Mr Smith", 0));
    static const char other[] = "Sir";
    nt_wordtests_set(w, "title", other, sizeof other);
    assert_false(hit(w, "Mr Smith", 0));
    assert_true(hit(w, "Sir John", 0));
    nt_wordtests_free(w);
    nt_wordtests_free(NULL);
}

static void test_space(void **state)
{
    (void)state;
    assert_true(nt_wordtest_is_space(' '));
    assert_true(nt_wordtest_is_space(0x0B)); /* \v: \s since PCRE2 10.x */
    assert_true(nt_wordtest_is_space(0x180E));
    assert_true(nt_wordtest_is_space(0x3000));
    assert_false(nt_wordtest_is_space(0x200B));
    assert_false(nt_wordtest_is_space('x'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hits),
        cmocka_unit_test(test_replace),
        cmocka_unit_test(test_space),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
