/* test_sfmt.c - the short snprintf writes what snprintf writes, byte for
 * byte and with the same length returned, for every conversion it takes,
 * the time expressions' formats among them: signs and zero padding at
 * every width, precisions, truncation at every buffer size (size 0 too). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "sfmt.h"

/* Both into size-byte buffers (filled with '#' first, so that a byte
 * written past the NUL shows), compared whole. */
#define SAME(size, ...)                                                      \
    do {                                                                     \
        char w_[40], g_[40];                                                 \
        memset(w_, '#', sizeof w_);                                          \
        memset(g_, '#', sizeof g_);                                          \
        int wn_ = snprintf(w_, (size), __VA_ARGS__);                         \
        size_t gn_ = nt_sfmt(g_, (size), __VA_ARGS__);                       \
        assert_int_equal(gn_, (size_t)wn_);                                  \
        assert_memory_equal(g_, w_, sizeof g_);                              \
    } while (0)

static const int ints[] = {0, 1, -1, 7, 9, 10, -10, 12, 99, 100, 199, 999,
                           1000, 1996, 2015, 9999, 10000, -5, -42, -1234,
                           123456789, INT_MAX, INT_MIN};

static void test_numbers(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        int v = ints[i];
        SAME(40, "%d", v);
        SAME(40, "%02d", v);
        SAME(40, "%03d", v);
        SAME(40, "%04d", v);
        SAME(40, "%4d", v);
        SAME(40, "%u", (unsigned)v);
        SAME(40, "%02u", (unsigned)v);
        SAME(40, "%04u", (unsigned)v % 10000u);
        SAME(40, "[%11d|%012d]", v, v);
    }
}

static void test_text(void **state)
{
    (void)state;
    const char *s[] = {"", "M", "MO", "2015-05-19", "2015-05-19T10:30", "WE"};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
        SAME(40, "%s", s[i]);
        SAME(40, "%.10sT%.2s", s[i], s[i]);
        SAME(40, "<%5s>", s[i]);
        SAME(40, "%.0s|%c%c%%", s[i], 'Q', '3');
    }
    char unterminated[3] = {'a', 'b', 'c'}; /* a precision stops in time */
    SAME(40, "%.3s!", unterminated);
}

/* The formats of the time expressions' values, each at every size from 0
 * to past its length: truncated as snprintf truncates. */
static void test_values_truncated(void **state)
{
    (void)state;
    for (size_t size = 0; size <= 24; size++) {
        SAME(size, "%04d-%02d-%02d", 2015, 5, 9);
        SAME(size, "%04d-W%02d%s", 2009, 53, "-WE");
        SAME(size, "XXXX-WXX-%dT%s", 3, "MO");
        SAME(size, "P%s%d%c%s", "T", 2, 'H', "30M");
        SAME(size, "%.10sT%02u:%02u", "1998-10-22", 9u, 5u);
        SAME(size, "%04d-%c%d", 1998, 'Q', 4);
        SAME(size, "%03d", 199);
        SAME(size, "%s", "FUTURE_REF");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_values_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
