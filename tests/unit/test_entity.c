/* test_entity.c - type names with their lengths: every name, built-in,
 * custom or unknown, and every TIMEX3 name, lies zero-padded in
 * NT_TYPE_NAME_ROOM bytes, so that a formatter may copy that many. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "entity.h"
#include "newstag.h"
#include "timex.h"

/* s is want, n its length, and zeros fill the rest of its room. */
static void expect_name(const char *s, size_t n, const char *want)
{
    assert_string_equal(s, want);
    assert_int_equal(n, strlen(want));
    for (size_t i = n; i < NT_TYPE_NAME_ROOM; i++)
        assert_int_equal(s[i], 0);
}

static void expect_type(nt_type t, const char *want)
{
    size_t n;
    const char *s = nt_type_name_n(t, &n);
    expect_name(s, n, want);
    assert_ptr_equal(nt_type_name(t), s);
    const nt_type_name_slot *slot = nt_type_name_at(t); /* the inline table */
    assert_ptr_equal(slot->s, s);
    assert_int_equal(slot->n, n);
}

static void expect_timex(nt_timex t, const char *want)
{
    size_t n;
    const char *s = nt_timex_name_n(t, &n);
    expect_name(s, n, want);
    assert_ptr_equal(nt_timex_name(t), s);
}

static void test_type_names(void **state)
{
    (void)state;
    expect_type(NT_NONE, "NONE");
    expect_type(NT_PERSON, "PERSON");
    expect_type(NT_LOCATION, "LOCATION");
    expect_type(NT_ORGANIZATION, "ORGANIZATION");
    expect_type(NT_DATE, "DATE");
    expect_type((nt_type)NT_NTYPES, "?"); /* not registered yet */
    expect_type((nt_type)(NT_MAX_TYPES + 3), "?");
    nt_type a, b;
    nt_error err;
    assert_int_equal(nt_type_intern("product", 7, &a, &err), 0);
    assert_int_equal(nt_type_intern("ABCDEFGHIJKLMNOPQRSTUVWXYZ-_123", 31, &b,
                                     &err), 0);
    expect_type(a, "PRODUCT");
    expect_type(b, "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_123"); /* the longest */
    expect_type((nt_type)(b + 1), "?");
}

static void test_timex_names(void **state)
{
    (void)state;
    expect_timex(NT_TIMEX_NONE, "");
    expect_timex(NT_TIMEX_DATE, "DATE");
    expect_timex(NT_TIMEX_TIME, "TIME");
    expect_timex(NT_TIMEX_DURATION, "DURATION");
    expect_timex(NT_TIMEX_SET, "SET");
    expect_timex((nt_timex)(NT_TIMEX_SET + 1), "");
    expect_timex((nt_timex)-1, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_timex_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
