/* test_buf.c - the growable buffer: appends of every kind add up, growth
 * keeps what was there, and decimals read as printf writes them, at every
 * length from one digit to twenty (the two-digit table's edges). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "buf.h"

static void expect_decimal(size_t v)
{
    char want[32];
    nt_buf b;
    nt_buf_init(&b);
    nt_buf_putc(&b, '<');
    nt_buf_putu(&b, v);
    nt_buf_putc(&b, '>');
    snprintf(want, sizeof want, "<%zu>", v);
    assert_string_equal(nt_buf_cstr(&b), want);
    nt_buf_free(&b);
}

static void test_putu(void **state)
{
    (void)state;
    size_t p = 1;
    for (int digits = 1; digits <= 19; digits++, p *= 10) {
        expect_decimal(p - 1); /* 0, 9, 99, ...: the last of one fewer */
        expect_decimal(p);
        expect_decimal(p + 1);
        expect_decimal(p * 5 + 7);
    }
    expect_decimal(SIZE_MAX);
    for (size_t v = 0; v < 100000; v += 37)
        expect_decimal(v);
}

/* nt_decimal returns the length it wrote and stays within its
 * NT_DECIMAL_MAX bytes of room, across each lane width (four digits, eight,
 * and the digits above eight) and their edges. */
static void expect_decimal_room(size_t v)
{
    char want[32], got[NT_DECIMAL_MAX + 8];
    int n = snprintf(want, sizeof want, "%zu", v);
    memset(got, 'x', sizeof got);
    assert_int_equal(nt_decimal(got, v), n);
    assert_memory_equal(got, want, (size_t)n);
    for (size_t i = NT_DECIMAL_MAX; i < sizeof got; i++)
        assert_int_equal(got[i], 'x');
}

static void test_decimal_room(void **state)
{
    (void)state;
    size_t p = 1;
    for (int digits = 1; digits <= 19; digits++, p *= 10) {
        expect_decimal_room(p - 1);
        expect_decimal_room(p);
        expect_decimal_room(p * 9 + p - 1); /* all nines */
        expect_decimal_room(p + 10001);     /* zeros inside a lane */
    }
    expect_decimal_room(SIZE_MAX);
    expect_decimal_room(SIZE_MAX / 10 * 10);
    for (size_t v = 0; v < 300000000; v += 9973)
        expect_decimal_room(v);
    for (size_t v = 0; v < 20000; v++)
        expect_decimal_room(v);
}

/* Many small appends across several growths: the bytes come out in order. */
static void test_growth(void **state)
{
    (void)state;
    char want[20000];
    size_t n = 0;
    nt_buf b;
    nt_buf_init(&b);
    for (size_t i = 0; n + 16 < sizeof want; i++) {
        n += (size_t)snprintf(want + n, sizeof want - n, "%zu,", i);
        nt_buf_putu(&b, i);
        nt_buf_put(&b, ",", 1);
    }
    assert_int_equal(b.len, n);
    assert_memory_equal(b.data, want, n);
    nt_buf_reset(&b);
    nt_buf_puts(&b, "ab");
    nt_buf_put(&b, "", 0);
    nt_buf_putc(&b, 'c');
    assert_string_equal(nt_buf_cstr(&b), "abc");
    nt_buf_free(&b);
    /* a short line is built in its first block, never moved */
    nt_buf_init(&b);
    nt_buf_putc(&b, 'x');
    const char *first = b.data;
    for (int i = 0; i < 200; i++)
        nt_buf_putc(&b, 'y');
    assert_ptr_equal(b.data, first);
    assert_true(b.cap >= 256);
    nt_buf_free(&b);
}

/* nt_decimal_pair writes a, the separator, b, as snprintf would, within
 * its 2 * NT_DECIMAL_MAX + 1 bytes of room: each number of every width,
 * around the edges of its lanes (four digits each, eight each, beyond),
 * and a and b of different widths, either above the other. */
static void expect_pair(size_t a, size_t b)
{
    char want[64], got[2 * NT_DECIMAL_MAX + 1 + 8];
    int n = snprintf(want, sizeof want, "%zu\t%zu", a, b);
    memset(got, 'x', sizeof got);
    assert_int_equal(nt_decimal_pair(got, a, '\t', b), n);
    assert_memory_equal(got, want, (size_t)n);
    for (size_t i = 2 * NT_DECIMAL_MAX + 1; i < sizeof got; i++)
        assert_int_equal(got[i], 'x');
}

static void test_decimal_pair(void **state)
{
    (void)state;
    size_t edges[64], ne = 0, p = 1;
    for (int digits = 1; digits <= 19; digits++, p *= 10) {
        edges[ne++] = p - 1;
        edges[ne++] = p;
        edges[ne++] = p + 10001 < p ? p : p + 10001; /* zeros inside a lane */
    }
    edges[ne++] = SIZE_MAX;
    for (size_t i = 0; i < ne; i++)
        for (size_t j = 0; j < ne; j++)
            expect_pair(edges[i], edges[j]);
    for (size_t a = 0; a < 300000000; a += 99991) /* an entity's span */
        for (size_t len = 0; len < 30000; len += 997)
            expect_pair(a, a + len);
    char out[2 * NT_DECIMAL_MAX + 1];
    assert_int_equal(nt_decimal_pair(out, 1234567, ',', 1234570), 15);
    assert_memory_equal(out, "1234567,1234570", 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_putu),
        cmocka_unit_test(test_decimal_room),
        cmocka_unit_test(test_decimal_pair),
        cmocka_unit_test(test_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
