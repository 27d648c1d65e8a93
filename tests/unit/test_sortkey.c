/* test_sortkey.c - the radix and merge sorts: ordered like a comparison sort of the
 * same keys, stable (equal keys keep their order), on random, sorted,
 * reversed and all-equal inputs, and keys that differ only in one byte; and
 * the sort of nearly sorted runs, on runs with small and large disorders,
 * and the sort of keys whose low bits are in order already. */
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
 * reference order (key, then idx) is the stable order. how: 'n' with
 * nt_sortkey_sort_near, 'h' with nt_sortkey_sort_high (low bits: 32), else
 * nt_sortkey_sort. */
static void expect_sorted_by(nt_sortkey *v, size_t n, int how)
{
    nt_sortkey *want = malloc((n + 1) * sizeof *want);
    nt_sortkey *tmp = malloc((n + 1) * sizeof *tmp);
    assert_non_null(want);
    assert_non_null(tmp);
    for (size_t i = 0; i < n; i++)
        v[i].idx = i;
    memcpy(want, v, n * sizeof *v);
    qsort(want, n, sizeof *want, by_key_then_idx);
    if (how == 'n')
        nt_sortkey_sort_near(v, tmp, n);
    else if (how == 'h')
        nt_sortkey_sort_high(v, tmp, n, 32);
    else
        nt_sortkey_sort(v, tmp, n);
    for (size_t i = 0; i < n; i++) {
        assert_true(v[i].key == want[i].key);
        assert_int_equal(v[i].idx, want[i].idx);
    }
    free(want);
    free(tmp);
}

static void expect_sorted(nt_sortkey *v, size_t n)
{
    expect_sorted_by(v, n, 0);
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
    for (int kind = 0; kind < 14 * (int)(sizeof sizes / sizeof *sizes); kind++) {
        size_t n = sizes[kind / 14];
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rnd(&s);
            int k = kind % 7;
            v[i].key = k == 0   ? r
                       : k == 1 ? i
                       : k == 2 ? N - i
                       : k == 3 ? 42
                       : k == 4 ? (r % 7) << 40 /* few values, high bytes */
                       : k == 5 ? (r & 0xff00ff) | (1ull << 63)
                                : (r & 0x1ff8) | (r & 0x3c00000000000000); /* digits across bytes */
        }
        if (kind % 14 < 7)
            expect_sorted(v, n);
        else /* the runs' sort, on keys that need not come in runs */
            expect_sorted_by(v, n, 'n');
    }
    free(v);
}

/* Keys as overlap resolution makes them: positions that arrive in runs,
 * one run a source, with a key now and then a few places late or far
 * back; some keys equal. The near sort must give the stable order, whether
 * the late keys are mended in their run or start runs of their own, and
 * with more runs than it merges (it sorts those outright). */
static void test_runs(void **state)
{
    (void)state;
    enum { N = 6000 };
    nt_sortkey *v = malloc(N * sizeof *v);
    assert_non_null(v);
    uint64_t s = 2463534242ull;
    static const size_t run_lengths[] = {N, 2000, 700, 100, 3, 1};
    static const unsigned late[] = {0, 3, 8, 9, 40}; /* how far back, at most */
    for (size_t r = 0; r < sizeof run_lengths / sizeof *run_lengths; r++)
        for (size_t l = 0; l < sizeof late / sizeof *late; l++)
            for (size_t n = 1500; n <= N; n += 4500) {
                uint64_t pos = 0;
                for (size_t i = 0; i < n; i++) {
                    if (i % run_lengths[r] == 0)
                        pos = rnd(&s) % 5000; /* a new source starts */
                    pos += rnd(&s) % 3;       /* 0: a key equal to the last */
                    uint64_t back = late[l] && rnd(&s) % 16 == 0
                                        ? rnd(&s) % (late[l] + 1) : 0;
                    v[i].key = pos > back ? pos - back : 0;
                }
                expect_sorted_by(v, n, 'n');
            }
    /* one source, a key far back every 300: a run of its own, merged */
    for (size_t i = 0; i < N; i++)
        v[i].key = i % 300 == 150 ? i - 100 : i;
    expect_sorted_by(v, N, 'n');
    free(v);
}

/* Keys as --explain makes them from the candidates in start order: a
 * rank above a start that ascends among the keys of one rank, some equal;
 * the radix sort (and the merge sort, below RADIX_FROM) of the high bits
 * alone gives the full stable order. */
static void test_high(void **state)
{
    (void)state;
    enum { N = 5000 };
    nt_sortkey *v = malloc(N * sizeof *v);
    assert_non_null(v);
    uint64_t s = 1442695040888963407ull;
    for (size_t n = 100; n <= N; n += 4900) {
        uint64_t pos = 0;
        for (size_t i = 0; i < n; i++) {
            pos += rnd(&s) % 3;
            v[i].key = (rnd(&s) % 7) << 54 | (rnd(&s) % 300) << 32 | pos;
        }
        expect_sorted_by(v, n, 'h');
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
    nt_sortkey_sort_near(v, v + 1, 0);
    expect_sorted_by(v, 1, 'n');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orders),
        cmocka_unit_test(test_runs),
        cmocka_unit_test(test_high),
        cmocka_unit_test(test_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
