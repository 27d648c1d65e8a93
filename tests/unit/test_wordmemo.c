/* test_wordmemo.c - answers kept by a word's bytes: found again exactly
 * (every length up to 16, bytes past the word ignored, both answers),
 * never for another word sharing the place nor for a word ending with NUL,
 * two words to a pair of places, forgotten when either stamp changes,
 * kept when the memo grows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "wordmemo.h"

/* w in a buffer with 16 readable bytes past it, those filled with junk
 * that must not count. */
static const char *padded(char buf[64], const char *w, char junk)
{
    memset(buf, junk, 64);
    memcpy(buf, w, strlen(w));
    return buf;
}

/* The first answer for w in *v; the second, kept beside it by put, must
 * be its complement. */
static int get(const nt_wordmemo *m, const char *w, char junk, uint64_t *v,
               nt_wordmemo_key *key)
{
    char buf[64];
    nt_wordmemo_answer a;
    if (!nt_wordmemo_get(m, padded(buf, w, junk), strlen(w), key, &a))
        return 0;
    assert_int_equal(a.v[1], ~a.v[0]);
    *v = a.v[0];
    return 1;
}

static void put(nt_wordmemo *m, const char *w, uint64_t v)
{
    nt_wordmemo_key key;
    uint64_t old;
    nt_wordmemo_answer a = {{v, ~v}};
    get(m, w, 'z', &old, &key);
    nt_wordmemo_put(m, &key, &a);
}

/* Every length from 1 to 16 is kept and found, whatever follows the word;
 * a prefix, a longer word and a word of 17 bytes are not. */
static void test_lengths(void **state)
{
    (void)state;
    const char *word = "abcdefghijklmnopq"; /* 17 bytes */
    nt_wordmemo *m = nt_wordmemo_new(12, 12);
    char w[20];
    for (size_t n = 1; n <= 16; n++) {
        memcpy(w, word, n);
        w[n] = '\0';
        put(m, w, n * 10);
    }
    for (size_t n = 1; n <= 17; n++) {
        nt_wordmemo_key key;
        uint64_t v = 0;
        memcpy(w, word, n);
        w[n] = '\0';
        int found = get(m, w, n % 2 ? 'x' : '\0', &v, &key);
        assert_int_equal(found, n <= 16);
        if (found)
            assert_int_equal(v, n * 10);
    }
    put(m, word, 170); /* too long: ignored */
    nt_wordmemo_key key;
    uint64_t v;
    assert_false(get(m, word, 'x', &v, &key));
    assert_false(get(m, "", 'x', &v, &key)); /* nor is the empty word kept */
    nt_wordmemo_free(m);
}

/* nt_wordmemo_load keeps a word's n bytes (n = 0..16) and clears the rest
 * of the 16, whatever they were. */
static void test_load(void **state)
{
    (void)state;
    char buf[16];
    for (size_t n = 0; n <= 16; n++) {
        uint64_t v[2];
        unsigned char got[16];
        memset(buf, 0xA5, sizeof buf);
        nt_wordmemo_load(buf, n, v);
        memcpy(got, v, 16);
        for (size_t i = 0; i < 16; i++)
            assert_int_equal(got[i], i < n ? 0xA5 : 0);
    }
}

/* The place of a word depends on all its 16 bytes: words that differ only
 * in their first eight, or only in their last eight, spread over the
 * places instead of pushing one another out of one pair. */
static void test_spread(void **state)
{
    (void)state;
    for (int tail = 0; tail <= 1; tail++) {
        nt_wordmemo *m = nt_wordmemo_new(12, 12); /* 2,048 pairs */
        char w[32];
        for (unsigned i = 0; i < 512; i++) {
            snprintf(w, sizeof w, tail ? "abcdefgh%05u" : "%05uabcdefgh", i);
            put(m, w, i);
        }
        unsigned found = 0;
        for (unsigned i = 0; i < 512; i++) {
            nt_wordmemo_key key;
            uint64_t v;
            snprintf(w, sizeof w, tail ? "abcdefgh%05u" : "%05uabcdefgh", i);
            if (get(m, w, 'q', &v, &key)) {
                assert_int_equal(v, i);
                found++;
            }
        }
        assert_true(found >= 480);
        nt_wordmemo_free(m);
    }
}

/* Words that share a place: the last one put is found, the others are
 * not (never another word's answer), even with only 4 places. */
static void test_shared_places(void **state)
{
    (void)state;
    nt_wordmemo *m = nt_wordmemo_new(2, 2);
    char w[32];
    for (unsigned i = 0; i < 1000; i++) {
        snprintf(w, sizeof w, i % 2 ? "w%u" : "twelve bytes%u", i);
        put(m, w, i);
    }
    unsigned found = 0;
    for (unsigned i = 0; i < 1000; i++) {
        nt_wordmemo_key key;
        uint64_t v;
        snprintf(w, sizeof w, i % 2 ? "w%u" : "twelve bytes%u", i);
        if (get(m, w, 'q', &v, &key)) {
            assert_int_equal(v, i);
            found++;
        }
    }
    assert_true(found >= 1 && found <= 4);
    nt_wordmemo_free(m);
}

/* Whether m has w (with any answer). */
static int has(const nt_wordmemo *m, const char *w)
{
    nt_wordmemo_key key;
    uint64_t v;
    return get(m, w, 'j', &v, &key);
}

/* A pair of places (the least a memo has, asked for none or one): two
 * words are both kept, a third pushes out the older of them; a word put
 * again is found with its last answer. */
static void test_pairs(void **state)
{
    (void)state;
    for (unsigned bits = 0; bits <= 1; bits++) {
        nt_wordmemo *m = nt_wordmemo_new(bits, bits);
        put(m, "alpha", 1);
        put(m, "beta", 2);
        assert_true(has(m, "alpha") && has(m, "beta"));
        put(m, "gamma", 3);
        assert_false(has(m, "alpha"));
        assert_true(has(m, "beta") && has(m, "gamma"));
        nt_wordmemo_key key;
        uint64_t v;
        assert_true(get(m, "beta", 'x', &v, &key) && v == 2);
        put(m, "gamma", 4); /* the same word twice in a block of misses */
        assert_true(get(m, "gamma", 'x', &v, &key) && v == 4);
        nt_wordmemo_free(m);
    }
}

/* test_get_text in a memo of 2^bits places that may grow to 2^top. */
static void get_text_at(unsigned bits, unsigned top)
{
    const char *word = "ABCDEFGHIJKLMNOPQ"; /* 17 bytes */
    nt_wordmemo *m = nt_wordmemo_new(bits, top);
    char buf[64];
    for (size_t n = 1; n <= 17; n++) {
        nt_wordmemo_key key = {{0, 0}, 0, 0}, tkey;
        nt_wordmemo_answer a = {{n, ~(uint64_t)n}}, got;
        memset(buf, n % 2 ? 'x' : '\0', sizeof buf);
        memcpy(buf, word, n);
        assert_false(nt_wordmemo_get_text(m, buf, n, &tkey, &got, top));
        nt_wordmemo_get(m, buf, n, &key, &got);
        assert_int_equal(tkey.keep, n <= 16);
        if (n <= 16) {
            assert_true(tkey.w[0] == key.w[0] && tkey.w[1] == key.w[1]);
            assert_int_equal(tkey.at, key.at);
        }
        nt_wordmemo_put(m, &tkey, &a);
        int found = nt_wordmemo_get_text(m, buf, n, &tkey, &got, top);
        assert_int_equal(found, n <= 16);
        if (found)
            assert_int_equal(got.v[0], n);
    }
    nt_wordmemo_free(m);
}

/* nt_wordmemo_get_text (words of a text without NUL bytes) finds what
 * nt_wordmemo_get finds, at every length, with the same key for put, and
 * keeps nothing over 16 bytes, in memos of one pair of places to 2^13
 * places, that may grow or not (the memo's top given as a number). */
static void test_get_text(void **state)
{
    (void)state;
    static const unsigned sizes[] = {1, 2, 10, 13};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        get_text_at(sizes[s], sizes[s]);
        get_text_at(sizes[s], sizes[s] + 2);
    }
}

/* A word that ends with NUL bytes is not kept: without its length it
 * would be the shorter word (nor is that one's answer given for it). */
static void test_trailing_nul(void **state)
{
    (void)state;
    nt_wordmemo *m = nt_wordmemo_new(8, 8);
    nt_wordmemo_key key;
    nt_wordmemo_answer a = {{5, ~(uint64_t)5}};
    char buf[32] = "ab";
    put(m, "ab", 9);
    assert_false(nt_wordmemo_get(m, buf, 3, &key, &a)); /* "ab\0" */
    nt_wordmemo_put(m, &key, &a);                         /* ignored */
    uint64_t v;
    assert_true(get(m, "ab", 'x', &v, &key) && v == 9);
    assert_false(nt_wordmemo_get(m, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 1, &key, &a));
    nt_wordmemo_free(m);
}

/* The same stamps keep the answers; another forgets them all. */
static void test_stamp(void **state)
{
    (void)state;
    nt_wordmemo *m = nt_wordmemo_new(8, 8);
    nt_wordmemo_key key;
    uint64_t v;
    nt_wordmemo_check(m, 7, 3);
    put(m, "Monday", 1);
    put(m, "said", 0); /* 0 is an answer too */
    nt_wordmemo_check(m, 7, 3);
    assert_true(get(m, "Monday", 'x', &v, &key) && v == 1);
    assert_true(get(m, "said", 'x', &v, &key) && v == 0);
    nt_wordmemo_check(m, 7, 4); /* the second table changed */
    assert_false(get(m, "Monday", 'x', &v, &key));
    put(m, "Monday", 2);
    nt_wordmemo_check(m, 8, 4); /* the first one */
    assert_false(get(m, "Monday", 'x', &v, &key));
    assert_false(get(m, "said", 'x', &v, &key));
    nt_wordmemo_free(m);
    nt_wordmemo_free(NULL); /* accepted */
}

/* nt_wordmemo_put_inline keeps what nt_wordmemo_put keeps: two memos fed
 * the same words, one by each, hold the same places after every put
 * (words that collide in a small memo included, and a word too long to
 * keep, which neither keeps). */
static void test_put_inline(void **state)
{
    (void)state;
    nt_wordmemo *a = nt_wordmemo_new(3, 3), *b = nt_wordmemo_new(3, 3);
    const char *words[] = {"the", "said", "Monday", "abcdefghijklmnop",
                           "abcdefghijklmnopq", "x", "the", "Reuters",
                           "percent", "said", "Clinton", "of", "in", "a"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        char buf[64];
        nt_wordmemo_key ka, kb;
        nt_wordmemo_answer got, v = {{i + 1, ~(uint64_t)(i + 1)}};
        size_t n = strlen(words[i]);
        int found = nt_wordmemo_get(a, padded(buf, words[i], 'q'), n, &ka, &got);
        assert_int_equal(nt_wordmemo_get(b, padded(buf, words[i], 'r'), n, &kb,
                                         &got),
                         found);
        nt_wordmemo_put(a, &ka, &v);
        nt_wordmemo_put_inline(b, &kb, &v);
        assert_int_equal(a->puts, b->puts);
        assert_memory_equal(a->p, b->p, (size_t)8 * sizeof *a->p);
        uint64_t w;
        nt_wordmemo_key k;
        assert_int_equal(get(b, words[i], 's', &w, &k), n <= NT_WORDMEMO_WORD);
        if (n <= NT_WORDMEMO_WORD)
            assert_int_equal(w, i + 1);
    }
    nt_wordmemo_free(a);
    nt_wordmemo_free(b);
}

/* Growing keeps every word kept and its answer, forgets none it had
 * forgotten, counts the words it kept, and keeps a pair's newer word
 * first where two share a pair again: in a memo of one pair grown to two
 * (its top: it grows no more), and in one of 16 places that held only
 * some of 40 words. */
static void test_grow(void **state)
{
    (void)state;
    nt_wordmemo *m = nt_wordmemo_new(1, 2);
    put(m, "alpha", 1);
    put(m, "beta", 2);
    nt_wordmemo_grow(m);
    assert_int_equal(m->bits, 2);
    assert_int_equal(m->puts, 2);
    nt_wordmemo_key ka, kb;
    uint64_t v;
    assert_true(get(m, "alpha", 'x', &v, &ka) && v == 1);
    assert_true(get(m, "beta", 'x', &v, &kb) && v == 2);
    assert_int_equal(m->p[kb.at].a.v[0], 2);
    assert_int_equal(m->p[ka.at + (ka.at == kb.at)].a.v[0], 1);
    nt_wordmemo_grow(m); /* at its top: stays */
    assert_int_equal(m->bits, 2);
    assert_true(has(m, "alpha") && has(m, "beta"));
    nt_wordmemo_free(m);

    m = nt_wordmemo_new(4, 5);
    char w[16];
    int had[40];
    size_t kept = 0;
    for (int i = 0; i < 40; i++) {
        snprintf(w, sizeof w, "word%d", i);
        put(m, w, (uint64_t)i);
    }
    for (int i = 0; i < 40; i++) {
        snprintf(w, sizeof w, "word%d", i);
        kept += (size_t)(had[i] = has(m, w));
    }
    nt_wordmemo_grow(m);
    assert_int_equal(m->puts, kept);
    for (int i = 0; i < 40; i++) {
        snprintf(w, sizeof w, "word%d", i);
        nt_wordmemo_key key;
        assert_int_equal(get(m, w, 'y', &v, &key), had[i]);
        if (had[i])
            assert_int_equal(v, i);
    }
    nt_wordmemo_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_shared_places),
        cmocka_unit_test(test_spread),
        cmocka_unit_test(test_pairs),
        cmocka_unit_test(test_trailing_nul),
        cmocka_unit_test(test_get_text),
        cmocka_unit_test(test_stamp),
        cmocka_unit_test(test_put_inline),
        cmocka_unit_test(test_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
