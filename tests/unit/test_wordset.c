/* test_wordset.c - sets of words and their filter: words as the filter
 * sees them (lowercase, digits as '0'), whole and begun words, the cap on
 * a word's length, sets that become any (too large, or the empty
 * beginning), repeats that do not count towards the limit, and the bytes
 * kept in the pattern cache (made again, damaged ones refused). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "wordset.h"

static int has(const nt_wordfilter *f, const char *w)
{
    return nt_wordfilter_has(f, w, strlen(w));
}

/* The filter of one set, which must not be any. */
static nt_wordfilter *filter_of(const nt_wordset *w)
{
    nt_wordfilter *f = nt_wordfilter_new();
    assert_int_equal(nt_wordfilter_add(f, w), 1);
    return f;
}

static void test_word_bytes(void **state)
{
    (void)state;
    assert_int_equal(nt_word_byte('a'), 'a');
    assert_int_equal(nt_word_byte('Z'), 'z');
    assert_int_equal(nt_word_byte('7'), '0');
    assert_int_equal(nt_word_byte('-'), 0);
    assert_int_equal(nt_word_byte(' '), 0);
    assert_int_equal(nt_word_byte(0xc3), 0);
}

/* Whole words match exactly; begun ones any word they begin. */
static void test_whole_and_begun(void **state)
{
    (void)state;
    nt_wordset w = {0};
    nt_wordset_add(&w, "year", 4, 0);
    nt_wordset_add(&w, "centur", 6, 1);
    nt_wordset_add(&w, "0", 1, 1);
    nt_wordset_add(&w, "", 0, 0); /* the empty word: no harm */
    assert_false(w.any);
    nt_wordfilter *f = filter_of(&w);
    assert_true(has(f, "year"));
    assert_false(has(f, "years"));
    assert_false(has(f, "yea"));
    assert_true(has(f, "centur"));
    assert_true(has(f, "century"));
    assert_true(has(f, "centuries"));
    assert_false(has(f, "cent"));
    assert_true(has(f, "0000"));
    assert_true(has(f, "0"));
    assert_false(has(f, "a0"));
    assert_true(has(f, ""));
    nt_wordfilter_free(f);
    nt_wordset_free(&w);
}

/* A word of a length and first letter the filter has, or one that a
 * beginning's first letter begins, is still looked up in full. */
static void test_heads(void **state)
{
    (void)state;
    nt_wordset w = {0};
    nt_wordset_add(&w, "year", 4, 0);
    nt_wordset_add(&w, "week", 4, 0);
    nt_wordset_add(&w, "yo", 2, 1);
    nt_wordfilter *f = filter_of(&w);
    assert_true(has(f, "year") && has(f, "week") && has(f, "yoyo"));
    assert_false(has(f, "yarn") || has(f, "wear") || has(f, "weeks"));
    assert_false(has(f, "yard") || has(f, "y") || has(f, "ya"));
    assert_false(has(f, "days") || has(f, "0000") || has(f, "-"));
    assert_true(has(f, "yo") && has(f, "yore"));
    nt_wordfilter_free(f);
    nt_wordset_free(&w);
}

/* A word longer than the cap is kept cut and begun: it allows every word
 * with the same first NT_WORDSET_CAP bytes. */
static void test_cap(void **state)
{
    (void)state;
    char lng[NT_WORDSET_CAP + 8];
    memset(lng, 'q', sizeof lng - 1);
    lng[sizeof lng - 1] = '\0';
    nt_wordset w = {0};
    nt_wordset_add(&w, lng, sizeof lng - 1, 0);
    assert_int_equal(w.v[0].n, NT_WORDSET_CAP);
    assert_int_equal(w.v[0].begun, 1);
    nt_wordfilter *f = filter_of(&w);
    assert_true(has(f, lng));
    lng[NT_WORDSET_CAP + 2] = '\0';
    assert_true(has(f, lng));
    lng[NT_WORDSET_CAP - 1] = '\0';
    assert_false(has(f, lng)); /* shorter than the kept start */
    nt_wordfilter_free(f);
    nt_wordset_free(&w);
}

/* The empty beginning makes the set any; so does a set of more words
 * than the limit, though repeats do not count; an any set makes the filter
 * pointless (add says 0) and allows every word. */
static void test_any(void **state)
{
    (void)state;
    nt_wordset w = {0};
    nt_wordset_add(&w, "x", 1, 0);
    nt_wordset_add(&w, "", 0, 1);
    assert_true(w.any);
    assert_int_equal(w.n, 0);
    nt_wordset_add(&w, "y", 1, 0); /* stays any */
    assert_true(w.any);
    nt_wordfilter *f = nt_wordfilter_new();
    assert_int_equal(nt_wordfilter_add(f, &w), 0);
    assert_true(has(f, "anything"));
    nt_wordfilter_free(f);
    nt_wordset_free(&w);

    for (int i = 0; i < 20000; i++) /* one word, many times */
        nt_wordset_add(&w, "same", 4, 0);
    assert_false(w.any);
    char word[16];
    for (int i = 0; i < 20000 && !w.any; i++) {
        int n = snprintf(word, sizeof word, "w%d", i);
        nt_wordset_add(&w, word, (size_t)n, 0);
    }
    assert_true(w.any);
    nt_wordset_free(&w);
}

/* Written and read again, a set is the same; bytes of another shape are
 * refused. */
static void test_write_read(void **state)
{
    (void)state;
    nt_wordset w = {0}, back;
    nt_wordset_add(&w, "week", 4, 0);
    nt_wordset_add(&w, "0", 1, 1);
    nt_buf b;
    nt_buf_init(&b);
    nt_wordset_write(&w, &b);
    assert_int_equal(nt_wordset_read(&back, b.data, b.len), 0);
    assert_false(back.any);
    assert_int_equal(back.n, 2);
    assert_memory_equal(back.v, w.v, 2 * sizeof *w.v);
    nt_wordset_free(&back);
    assert_int_equal(nt_wordset_read(&back, b.data, b.len - 1), -1);
    assert_int_equal(nt_wordset_read(&back, b.data, 0), -1);
    b.data[1 + offsetof(nt_word, n)] = NT_WORDSET_CAP + 1; /* too long */
    assert_int_equal(nt_wordset_read(&back, b.data, b.len), -1);
    nt_buf_free(&b);

    nt_wordset any = {0};
    nt_wordset_add(&any, "", 0, 1);
    nt_buf_init(&b);
    nt_wordset_write(&any, &b);
    assert_int_equal(nt_wordset_read(&back, b.data, b.len), 0);
    assert_true(back.any);
    nt_wordset_free(&back);
    nt_buf_free(&b);
    nt_wordset_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_bytes),
        cmocka_unit_test(test_whole_and_begun),
        cmocka_unit_test(test_heads),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_any),
        cmocka_unit_test(test_write_read),
    };
    return cmocka_run_group_tests_name("wordset", tests, NULL, NULL);
}
