/* test_nametab.c - the table of one article's names: values found again by
 * bytes and tag (not by pointer), distinct for keys that differ in a byte,
 * their length or their tag; kept across growth; forgotten at a reset,
 * including across the generation counter's wrap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "nametab.h"

static uint32_t put(nt_nametab *t, uint32_t tag, const char *k, uint32_t v)
{
    uint32_t *p = nt_nametab_find(t, tag, k, strlen(k), 1);
    assert_non_null(p);
    if (!*p)
        *p = v;
    return *p;
}

static uint32_t get(nt_nametab *t, uint32_t tag, const char *k)
{
    uint32_t *p = nt_nametab_find(t, tag, k, strlen(k), 0);
    return p ? *p : 0;
}

static void test_keys(void **state)
{
    (void)state;
    nt_nametab t;
    nt_nametab_init(&t);
    char copy[] = "Smith";
    assert_int_equal(put(&t, 0, "Smith", 7), 7);
    assert_int_equal(put(&t, 0, copy, 9), 7); /* same bytes: found */
    assert_int_equal(get(&t, 0, "Smith"), 7);
    assert_int_equal(get(&t, 1, "Smith"), 0); /* another tag */
    assert_int_equal(get(&t, 0, "Smit"), 0);
    assert_int_equal(get(&t, 0, "Smithe"), 0);
    assert_int_equal(get(&t, 0, "smith"), 0);
    assert_null(nt_nametab_find(&t, 0, "Jones", 5, 0)); /* not inserted */
    assert_int_equal(t.n, 1);
    nt_nametab_free(&t);
}

/* Keys of every length from 1 to 40 (the hash's 8-byte steps and its
 * 4-, 2- and 1-byte tails), enough of them to grow the table many times. */
static void test_growth(void **state)
{
    (void)state;
    static char keys[3000][48];
    nt_nametab t;
    nt_nametab_init(&t);
    for (uint32_t i = 0; i < 3000; i++) {
        snprintf(keys[i], sizeof keys[i], "%.*s%u", (int)(i % 40),
                 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN", i);
        assert_int_equal(put(&t, i % 3, keys[i], i + 1), i + 1);
    }
    assert_true(t.nslots >= 2 * t.n);
    for (uint32_t i = 0; i < 3000; i++) {
        assert_int_equal(get(&t, i % 3, keys[i]), i + 1);
        assert_int_equal(get(&t, i % 3 + 1, keys[i]), 0);
    }
    nt_nametab_free(&t);
}

/* At the point where the next name makes the table grow: a lookup
 * without insert neither grows it nor adds; the insertion grows it and
 * gives the new name value 0, and every name is still found. */
static void test_grow_boundary(void **state)
{
    (void)state;
    static char keys[200][24];
    nt_nametab t;
    nt_nametab_init(&t);
    size_t slots = t.nslots, i = 0;
    for (; 2 * (t.n + 1) <= slots; i++) {
        snprintf(keys[i], sizeof keys[i], "k%zu", i);
        assert_int_equal(put(&t, 1, keys[i], (uint32_t)i + 1), i + 1);
    }
    assert_int_equal(t.nslots, slots); /* full: the next insertion grows */
    snprintf(keys[i], sizeof keys[i], "k%zu", i);
    assert_null(nt_nametab_find(&t, 1, keys[i], strlen(keys[i]), 0));
    assert_int_equal(t.nslots, slots);
    assert_int_equal(t.n, i);
    uint32_t *v = nt_nametab_find(&t, 1, keys[i], strlen(keys[i]), 1);
    assert_non_null(v);
    assert_int_equal(*v, 0);
    assert_int_equal(t.nslots, 2 * slots);
    assert_int_equal(t.n, i + 1);
    for (size_t j = 0; j < i; j++)
        assert_int_equal(get(&t, 1, keys[j]), j + 1);
    nt_nametab_free(&t);
}

/* A key's hash, worked out once (nt_nametab_hash), finds it in any table
 * and under any tag as nt_nametab_find does; it depends on every byte and
 * on the length (the hash's 8-byte steps and 4-, 2- and 1-byte tails). */
static void test_hashed(void **state)
{
    (void)state;
    nt_nametab a, b;
    nt_nametab_init(&a);
    nt_nametab_init(&b);
    const char *k = "International Monetary Fund";
    for (size_t n = 1; n <= strlen(k); n++) {
        uint32_t h = nt_nametab_hash(k, n);
        *nt_nametab_find_hashed(&a, h, 0, k, n, 1) = (uint32_t)n;
        *nt_nametab_find_hashed(&b, h, 2, k, n, 1) = (uint32_t)n + 100;
        assert_int_not_equal(h, nt_nametab_hash(k, n - 1));
        char x[32];
        memcpy(x, k, n);
        x[n - 1] ^= 1;
        assert_int_not_equal(h, nt_nametab_hash(x, n));
    }
    for (size_t n = 1; n <= strlen(k); n++) {
        uint32_t *p = nt_nametab_find(&a, 0, k, n, 0);
        assert_non_null(p);
        assert_int_equal(*p, n);
        p = nt_nametab_find(&b, 2, k, n, 0);
        assert_non_null(p);
        assert_int_equal(*p, n + 100);
        assert_null(nt_nametab_find(&b, 0, k, n, 0));
    }
    nt_nametab_free(&a);
    nt_nametab_free(&b);
}

static void test_reset(void **state)
{
    (void)state;
    nt_nametab t;
    nt_nametab_init(&t);
    put(&t, 0, "IMF", 3);
    nt_nametab_reset(&t);
    assert_int_equal(get(&t, 0, "IMF"), 0);
    assert_int_equal(put(&t, 0, "IMF", 4), 4);
    t.gen = UINT32_MAX; /* the next reset wraps: nothing may come back */
    put(&t, 0, "UN", 5);
    nt_nametab_reset(&t);
    assert_int_equal(t.gen, 1);
    assert_int_equal(get(&t, 0, "UN"), 0);
    assert_int_equal(get(&t, 0, "IMF"), 0);
    nt_nametab_free(&t);
}

/* nt_nametab_same against memcmp: every length up to 40 (the overlapping
 * loads of 1-3, 4-7, 8-16 bytes and memcmp beyond), equal keys and keys
 * that differ in any one byte, read from a place where the bytes just
 * outside the keys differ as well (they must not be read). */
static void test_same(void **state)
{
    (void)state;
    char a[64], b[64];
    for (size_t n = 0; n <= 40; n++) {
        memset(a, 'x', sizeof a);
        memset(b, 'y', sizeof b);
        for (size_t i = 0; i < n; i++)
            a[8 + i] = b[8 + i] = (char)('A' + i % 26);
        assert_true(nt_nametab_same(a + 8, b + 8, n));
        for (size_t i = 0; i < n; i++) {
            b[8 + i] ^= 0x20;
            assert_false(nt_nametab_same(a + 8, b + 8, n));
            assert_false(nt_nametab_same(b + 8, a + 8, n));
            b[8 + i] ^= 0x20;
        }
    }
    /* through the table: names that share a hash's inputs but one byte */
    nt_nametab t;
    nt_nametab_init(&t);
    const char *names[] = {"IBM", "IBN", "Lavrov", "Lavros", "Johnson Co",
                           "Johnson Cp", "Johnson Controls Inc",
                           "Johnson Controls Inx"};
    for (uint32_t i = 0; i < 8; i++)
        assert_int_equal(put(&t, 0, names[i], i + 1), i + 1);
    for (uint32_t i = 0; i < 8; i++) {
        char copy[32];
        strcpy(copy, names[i]);
        assert_int_equal(get(&t, 0, copy), i + 1);
    }
    nt_nametab_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_grow_boundary),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_hashed),
        cmocka_unit_test(test_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
