/* test_vocab.c - the words of a pattern's matches from its positions,
 * built by hand here (reach.c builds them from patterns: test_reach):
 * words from a match's start or after another character, to its end or
 * before one; classes of a few letters and of many; loops; and graphs
 * too large to read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "vocab.h"

/* A position matching the characters of chars. */
static uint32_t pos(nt_vocab *v, const char *chars)
{
    nt_byteset s = {{0}};
    for (const char *c = chars; *c; c++)
        s.w[(unsigned char)*c >> 6] |= 1ull << ((unsigned char)*c & 63);
    return nt_vocab_position(v, &s);
}

static void follow(nt_vocab *v, uint32_t from, uint32_t to)
{
    nt_vocab_follow(v, &from, 1, &to, 1);
}

/* A set as "word word* ...", sorted (begun ones starred); freed. */
static const char *listed(nt_wordset w)
{
    static char out[512];
    size_t n = 0;
    out[0] = '\0';
    if (w.any)
        snprintf(out, sizeof out, "any");
    for (size_t i = 0; i < w.n && n < sizeof out - 32; i++)
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s%s", i ? " " : "",
                              w.v[i].n, w.v[i].s, w.v[i].begun ? "*" : "");
    nt_wordset_free(&w);
    return out;
}

/* The words of v as listed. */
static const char *words(const nt_vocab *v, uint32_t first, uint32_t last)
{
    return listed(nt_vocab_words(v, &first, 1, &last, 1));
}

static const char *first_words(const nt_vocab *v, uint32_t first, uint32_t last)
{
    return listed(nt_vocab_first_words(v, &first, 1, &last, 1));
}

/* "ab c": the words ab and c, and no piece of them; the space ends one
 * word and begins the next. */
static void test_sequence(void **state)
{
    (void)state;
    nt_vocab *v = nt_vocab_new();
    uint32_t a = pos(v, "A"), b = pos(v, "b"), sp = pos(v, " "),
             c = pos(v, "7");
    follow(v, a, b);
    follow(v, b, sp);
    follow(v, sp, c);
    assert_string_equal(words(v, a, c), "0 ab");
    nt_vocab_free(v);
}

/* [Ww]e: a class of one word character after folding; [a-z], many: a
 * word is begun there (any word, when it begins one); a loop back (x+):
 * begun. */
static void test_classes_and_loops(void **state)
{
    (void)state;
    nt_vocab *v = nt_vocab_new();
    uint32_t w = pos(v, "Ww"), e = pos(v, "e"), sp = pos(v, " \t"),
             z = pos(v, "abcdefghijklmnopqrstuvwxyz"), x = pos(v, "x");
    follow(v, w, e);
    follow(v, e, sp);
    follow(v, sp, x);
    follow(v, x, x);
    follow(v, w, z);
    assert_string_equal(words(v, w, x), "w* we x x*");
    nt_vocab_free(v);
    v = nt_vocab_new();
    z = pos(v, "abcdefghijklmnopqrstuvwxyz");
    assert_string_equal(words(v, z, z), "any"); /* a wide class begins it */
    nt_vocab_free(v);
}

/* Positions matching only characters beyond ASCII neither hold nor end
 * words (the filter leaves words next to them alone). */
static void test_beyond_ascii(void **state)
{
    (void)state;
    nt_vocab *v = nt_vocab_new();
    nt_byteset high = {{0, 0, ~0ull, ~0ull}};
    uint32_t c = pos(v, "c"), h = nt_vocab_position(v, &high), s = pos(v, "s");
    follow(v, c, h);
    follow(v, h, s);
    assert_string_equal(words(v, c, s), "");
    nt_vocab_free(v);
}

/* First words begin only where the match does: not after a character of
 * no word; a match that begins with one has no first word; a loop or a
 * wide class still leaves them begun. */
static void test_first_words(void **state)
{
    (void)state;
    nt_vocab *v = nt_vocab_new();
    uint32_t a = pos(v, "A"), b = pos(v, "b"), sp = pos(v, " "),
             c = pos(v, "7"), x = pos(v, "x");
    follow(v, a, b);
    follow(v, b, sp);
    follow(v, sp, c);
    follow(v, b, x);
    follow(v, x, x);
    assert_string_equal(first_words(v, a, c), "ab abx*");
    assert_string_equal(words(v, a, c), "0 ab abx*");
    assert_string_equal(first_words(v, sp, c), "");
    nt_vocab_free(v);
    v = nt_vocab_new();
    uint32_t w = pos(v, "Ww"), z = pos(v, "abcdefghijklmnopqrstuvwxyz");
    follow(v, w, z);
    assert_string_equal(first_words(v, w, z), "w*");
    assert_string_equal(first_words(v, z, z), "any");
    nt_vocab_free(v);
}

/* More followers than a reading keeps: any word. */
static void test_too_large(void **state)
{
    (void)state;
    nt_vocab *v = nt_vocab_new();
    uint32_t p[2048];
    for (size_t i = 0; i < 2048; i++)
        p[i] = pos(v, "q");
    nt_vocab_follow(v, p, 2048, p, 2048);
    assert_string_equal(words(v, p[0], p[1]), "any");
    nt_vocab_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sequence),
        cmocka_unit_test(test_classes_and_loops),
        cmocka_unit_test(test_beyond_ascii),
        cmocka_unit_test(test_first_words),
        cmocka_unit_test(test_too_large),
    };
    return cmocka_run_group_tests_name("vocab", tests, NULL, NULL);
}
