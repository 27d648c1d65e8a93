/* test_sortkey.c - the radix and merge sorts: ordered like a comparison sort of the
 * same keys, stable (equal keys keep their order), on random, sorted,
 * reversed and all-equal inputs, and keys that differ only in one byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "sortkey.h"

static int by_key_then_idx(const void *pa, const void *pb)
{
    const nt_sortkey *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Sorts v both ways and compares: idx is the original position, so the
 * reference order (key, then idx) is the stable order. */
static void expect_sorted(nt_sortkey *v, size_t n)
{
    nt_sortkey *want = malloc((n + 1) * sizeof *want);
    nt_sortkey *tmp = malloc((n + 1) * sizeof *tmp);
    assert_non_null(want);
    assert_non_null(tmp);
    for (size_t i = 0; i < n; i++)
        v[i].idx = i;
    memcpy(want, v, n * sizeof *v);
    qsort(want, n, sizeof *want, by_key_then_idx);
    nt_sortkey_sort(v, tmp, n);
    for (size_t i = 0; i < n; i++) {
        assert_true(v[i].key == want[i].key);
        assert_int_equal(v[i].idx, want[i].idx);
    }
    free(want);
    free(tmp);
}

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void test_orders(void **state)
{
    (void)state;
    enum { N = 5000 };
    /* both algorithms, and merges of runs of every shape: one run, a
     * partial last run, an odd number of runs, a power of two of them */
    static const size_t sizes[] = {N, 1023, 1024, 1025, 2, 15, 16, 17, 33, 64, 100, 512};
    nt_sortkey *v = malloc(N * sizeof *v);
    assert_non_null(v);
    uint64_t s = 88172645463325252ull;
    for (int kind = 0; kind < 6 * (int)(sizeof sizes / sizeof *sizes); kind++) {
        size_t n = sizes[kind / 6];
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rnd(&s);
            int k = kind % 6;
            v[i].key = k == 0   ? r
                       : k == 1 ? i
                       : k == 2 ? N - i
                       : k == 3 ? 42
                       : k == 4 ? (r % 7) << 40 /* few values, high bytes */
                                : (r & 0xff00ff) | (1ull << 63);
        }
        expect_sorted(v, n);
    }
    free(v);
}

static void test_small(void **state)
{
    (void)state;
    nt_sortkey v[3] = {{UINT64_MAX, 0}, {0, 0}, {UINT64_MAX, 0}};
    expect_sorted(v, 3);
    assert_true(v[0].key == 0 && v[1].idx == 0 && v[2].idx == 2);
    expect_sorted(v, 1);
    nt_sortkey_sort(v, v + 1, 0); /* nothing to do */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orders),
        cmocka_unit_test(test_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
