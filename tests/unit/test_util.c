/* test_util.c - the allocation wrappers: growth keeps what a block holds,
 * large blocks (huge-page aligned, with room to grow in place, moved by
 * hand: see util.c) as well as small ones; and the error record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */
#include <malloc.h>

#include "util.h"

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 31 + seed);
}

static void expect_filled(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(i * 31 + seed))
            fail_msg("byte %zu of %zu changed", i, n);
}

/* Sizes on both sides of the large-block path (2 MB). */
static void test_realloc_keeps_bytes(void **state)
{
    (void)state;
    const size_t sizes[] = {100, 1 << 20, (2 << 20) - 1, 2 << 20, 3 << 20, 9 << 20};
    unsigned char *p = NULL;
    size_t have = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        p = nt_xrealloc(p, sizes[i]);
        expect_filled(p, have, 7);
        fill(p, sizes[i], 7);
        have = sizes[i];
    }
    p = nt_xrealloc(p, 4 << 20); /* shrinking a large block keeps its start */
    expect_filled(p, 4 << 20, 7);
    free(p);
}

/* nt_xgrow doubles past large sizes, and what was pushed stays. */
static void test_grow_large(void **state)
{
    (void)state;
    uint32_t *v = NULL;
    size_t cap = 0, n = 3u << 20;
    for (size_t i = 0; i < n; i++) {
        v = nt_xgrow(v, &cap, i + 1, sizeof *v);
        v[i] = (uint32_t)(i ^ 0x5a5a5a5au);
    }
    assert_true(cap >= n);
    for (size_t i = 0; i < n; i++)
        if (v[i] != (uint32_t)(i ^ 0x5a5a5a5au))
            fail_msg("element %zu changed", i);
    free(v);
}

static void test_calloc_large_is_zero(void **state)
{
    (void)state;
    size_t n = 5u << 20;
    unsigned char *p = nt_xcalloc(n, 1);
    for (size_t i = 0; i < n; i += 4093)
        assert_int_equal(p[i], 0);
    assert_int_equal(p[n - 1], 0);
    free(p);
}

/* Large blocks start on a huge page (2 MB), so that every page of them
 * can be one; small ones are ordinary. */
static void test_large_blocks_aligned(void **state)
{
    (void)state;
    void *a = nt_xmalloc(2u << 20), *b = nt_xcalloc(3, 1u << 20);
    void *c = nt_xrealloc(NULL, 5u << 20), *d = nt_xrealloc(nt_xmalloc(64), 2u << 20);
    assert_int_equal((uintptr_t)a % (2u << 20), 0);
    assert_int_equal((uintptr_t)b % (2u << 20), 0);
    assert_int_equal((uintptr_t)c % (2u << 20), 0);
    assert_int_equal((uintptr_t)d % (2u << 20), 0);
    free(a);
    free(b);
    free(c);
    free(d);
}

/* A large block has room to grow four-fold where it is (nt_xgrow's
 * doubling, twice), so that a growing array is not copied and faulted in
 * again at each step; past that it moves, keeping its bytes. */
static void test_large_grows_in_place(void **state)
{
    (void)state;
    size_t n = 3u << 20;
    unsigned char *p = nt_xmalloc(n);
    fill(p, n, 3);
    assert_ptr_equal(nt_xrealloc(p, 2 * n), p);
    assert_ptr_equal(nt_xrealloc(p, 4 * n), p);
    expect_filled(p, n, 3);
    unsigned char *q = nt_xrealloc(p, 16 * n);
    assert_ptr_not_equal(q, p);
    expect_filled(q, n, 3);
    free(q);
}

/* "THPeligible" of the mapping that holds p, from /proc/self/smaps: 1 when
 * its pages may be huge ones; -1 when p is in no mapping or the kernel
 * does not say. */
static int thp_eligible(const void *p)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    char line[512];
    int in = 0, r = -1;
    uintptr_t a = (uintptr_t)p;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
            in = a >= lo && a < hi;
        else if (in && strncmp(line, "THPeligible:", 12) == 0) {
            r = atoi(line + 12);
            break;
        }
    }
    fclose(f);
    return r;
}

static int thp_never(void)
{
    char buf[128] = "";
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (f) {
        if (!fgets(buf, sizeof buf, f))
            buf[0] = '\0';
        fclose(f);
    }
    return !f || strstr(buf, "[never]") != NULL;
}

/* As main does: once the heap is advised, the blocks malloc gives after it
 * lie in a mapping whose pages may be huge, and they work (blocks larger
 * than what glibc may keep of the heap before the advice). Under
 * a sanitizer's or valgrind's malloc the advice is refused (-1), and
 * nt_heap_huge says so. */
static void test_heap_huge_pages(void **state)
{
    (void)state;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    int rc = nt_heap_huge_pages(8 << 20);
    assert_int_equal(nt_heap_huge(), rc == 0);
    unsigned char *v[8];
    for (unsigned i = 0; i < 8; i++) {
        v[i] = nt_xmalloc(512 * 1024);
        fill(v[i], 512 * 1024, i);
    }
    for (unsigned i = 0; i < 8; i++)
        expect_filled(v[i], 512 * 1024, i);
    if (rc == 0 && !thp_never())
        for (unsigned i = 0; i < 8; i++)
            assert_int_equal(thp_eligible(v[i]), 1);
    for (unsigned i = 0; i < 8; i++)
        free(v[i]);
}

/* Before -j's fork: with the heap advised, a block is set aside up to the
 * next huge page, so that the next block malloc gives begins there (pages
 * the processes do not share), and what was allocated before keeps its
 * bytes (the huge pages above are dropped, not those below). Without the
 * advice (a sanitizer's or valgrind's malloc) nothing is set aside. */
static void test_heap_apart(void **state)
{
    (void)state;
    const size_t huge = 2u << 20, n = 300 * 1024, m = 1u << 20;
    unsigned char *before = nt_xmalloc(n);
    fill(before, n, 7);
    void *apart = nt_heap_apart();
    if (!nt_heap_huge()) {
        assert_null(apart);
        free(before);
        return;
    }
    assert_non_null(apart);
    unsigned char *next = nt_xmalloc(m); /* larger than a free block */
    assert_int_equal((uintptr_t)next % huge, 0);
    assert_true(next > (unsigned char *)apart);
    fill(next, m, 9);
    memset(apart, 1, malloc_usable_size(apart)); /* it is a block */
    expect_filled(before, n, 7);
    expect_filled(next, m, 9);
    free(apart);
    free(next);
    free(before);
}

static void test_error_set(void **state)
{
    (void)state;
    nt_error err;
    nt_error_set(&err, "%s:%d: %s", "a.txt", 3, "bad");
    assert_string_equal(err.msg, "a.txt:3: bad");
}

/* nt_streq: the same pointer, or the same text wherever it lies; texts
 * that differ in their first byte, their second, later, or in length are
 * not equal. */
/* The inline bit count agrees with the compiler's, on edges and on a
 * spread of words. */
static void test_bits_in(void **state)
{
    (void)state;
    assert_int_equal(nt_bits_in(0), 0);
    assert_int_equal(nt_bits_in(~(uint64_t)0), 64);
    assert_int_equal(nt_bits_in((uint64_t)1 << 63), 1);
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 10000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        assert_int_equal(nt_bits_in(x), __builtin_popcountll(x));
        assert_int_equal(nt_bits_in(x & (x >> 3)), __builtin_popcountll(x & (x >> 3)));
    }
}

static void test_streq(void **state)
{
    (void)state;
    const char *lit = "capitalized";
    char copy[] = "capitalized", longer[] = "capitalized_context";
    char empty[] = "";
    assert_true(nt_streq(lit, lit));
    assert_true(nt_streq(lit, copy));
    assert_true(nt_streq(copy, lit));
    assert_true(nt_streq(empty, ""));
    assert_false(nt_streq(lit, "date_iso"));
    assert_false(nt_streq(lit, "capitals_cities"));
    assert_false(nt_streq(lit, longer));
    assert_false(nt_streq(longer, lit));
    assert_false(nt_streq(empty, lit));
    assert_false(nt_streq(lit, empty));
    char c[] = "c", c2[] = "c", ca[] = "ca";
    assert_true(nt_streq(c, c2));
    assert_false(nt_streq(c, ca));
    assert_false(nt_streq(ca, c));
    assert_false(nt_streq(lit, "countries"));
    assert_false(nt_streq(lit, "capitalizeD"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* first: the heap has not grown yet, as at the start of main */
        cmocka_unit_test(test_heap_huge_pages),
        cmocka_unit_test(test_heap_apart), /* in the heap it advised */
        cmocka_unit_test(test_realloc_keeps_bytes),
        cmocka_unit_test(test_grow_large),
        cmocka_unit_test(test_calloc_large_is_zero),
        cmocka_unit_test(test_large_blocks_aligned),
        cmocka_unit_test(test_large_grows_in_place),
        cmocka_unit_test(test_error_set),
        cmocka_unit_test(test_streq),
        cmocka_unit_test(test_bits_in),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
