/* test_offsets.c - byte offsets to code points and UTF-16 units. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "offsets.h"

/* "Café → 😀 x": C a f é(2) sp →(3) sp 😀(4) sp x */
static const char text[] = "Caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x98\x80 x";

static void test_parse(void **state)
{
    (void)state;
    nt_off_unit u;
    assert_int_equal(nt_off_unit_parse("bytes", &u), 0);
    assert_int_equal(u, NT_OFF_BYTES);
    assert_int_equal(nt_off_unit_parse("chars", &u), 0);
    assert_int_equal(u, NT_OFF_CHARS);
    assert_int_equal(nt_off_unit_parse("utf16", &u), 0);
    assert_int_equal(u, NT_OFF_UTF16);
    assert_int_equal(nt_off_unit_parse("words", &u), -1);
}

static void test_units(void **state)
{
    (void)state;
    nt_offconv c;
    size_t len = strlen(text);
    nt_offconv_reset(&c, NT_OFF_BYTES, text, len);
    assert_int_equal(nt_offconv_get(&c, 15), 15);
    nt_offconv_reset(&c, NT_OFF_CHARS, text, len);
    assert_int_equal(nt_offconv_get(&c, 0), 0);
    assert_int_equal(nt_offconv_get(&c, 5), 4);   /* after é */
    assert_int_equal(nt_offconv_get(&c, 10), 7);  /* after → and space */
    assert_int_equal(nt_offconv_get(&c, 15), 9);  /* after 😀 and space */
    assert_int_equal(nt_offconv_get(&c, len), 10);
    assert_int_equal(nt_offconv_get(&c, 5), 4);   /* backwards: restarts */
    nt_offconv_reset(&c, NT_OFF_UTF16, text, len);
    assert_int_equal(nt_offconv_get(&c, 10), 7);
    assert_int_equal(nt_offconv_get(&c, 15), 10); /* 😀 is a surrogate pair */
    assert_int_equal(nt_offconv_get(&c, len), 11);
    assert_int_equal(nt_offconv_get(&c, len + 5), 11); /* clamped */
}

static void test_invalid(void **state)
{
    (void)state;
    nt_offconv c;
    const char bad[] = "a\xFF\xC3(b";
    nt_offconv_reset(&c, NT_OFF_CHARS, bad, 5);
    assert_int_equal(nt_offconv_get(&c, 5), 5); /* each bad byte one unit */
    nt_offconv_reset(&c, NT_OFF_UTF16, NULL, 0);
    assert_int_equal(nt_offconv_get(&c, 3), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
