/* test_jsonstr.c - decoding JSON string literals: what jansson decodes is
 * decoded to the same bytes, and what jansson rejects is rejected, on
 * chosen literals (every escape, surrogates, control characters, bad
 * UTF-8) and on random ones built from the same pieces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */
#include <jansson.h>

#include "jsonstr.h"

/* Decodes lit[0..n) both ways and checks they agree; returns whether it
 * was valid. */
static int agree(const char *lit, size_t n)
{
    nt_buf out;
    nt_buf_init(&out);
    json_t *j = json_loadb(lit, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    int rc = nt_jsonstr_decode(lit, n, &out);
    if (j && json_is_string(j)) {
        assert_int_equal(rc, 0);
        assert_int_equal(out.len, json_string_length(j));
        assert_memory_equal(out.data ? out.data : "", json_string_value(j), out.len);
    } else {
        assert_int_equal(rc, -1);
    }
    int valid = rc == 0;
    json_decref(j);
    nt_buf_free(&out);
    return valid;
}

#define AGREE(lit) agree(lit, sizeof lit - 1)

static void test_valid(void **state)
{
    (void)state;
    assert_true(AGREE("\"\""));
    assert_true(AGREE("\"Paris, May 9 (Reuters) - Talks\""));
    assert_true(AGREE("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\""));
    assert_true(AGREE("\"caf\\u00e9 \\u00E9 \\u20ac\""));
    assert_true(AGREE("\"\\ud83d\\ude00 smile\""));    /* a surrogate pair */
    assert_true(AGREE("\"nul \\u0000 inside\""));      /* JSON_ALLOW_NUL */
    assert_true(AGREE("\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\""));
    assert_true(AGREE("\"del \x7F is allowed\""));
}

static void test_invalid(void **state)
{
    (void)state;
    assert_false(AGREE("Paris"));               /* no quotes */
    assert_false(AGREE("\""));
    assert_false(AGREE("\"a\"b\""));            /* a quote inside */
    assert_false(AGREE("\"tab\there\""));       /* control characters */
    assert_false(AGREE("\"line\nbreak\""));
    assert_false(AGREE("\"\\x41\""));           /* bad escapes */
    assert_false(AGREE("\"\\u12\""));
    assert_false(AGREE("\"\\u12G4\""));
    assert_false(AGREE("\"\\\""));
    assert_false(AGREE("\"\\ud83d alone\""));   /* lone surrogates */
    assert_false(AGREE("\"\\ude00 first\""));
    assert_false(AGREE("\"\\ud83d\\u0041\""));
    assert_false(AGREE("\"\xC0\x80\""));        /* overlong */
    assert_false(AGREE("\"\xED\xA0\x80\""));    /* a surrogate in UTF-8 */
    assert_false(AGREE("\"\xF4\x90\x80\x80\""));/* above U+10FFFF */
    assert_false(AGREE("\"\xC3\""));            /* cut short */
    assert_false(AGREE("\"\x80\""));            /* a continuation byte */
}

/* Random literals from pieces that each decode, or break, in their own
 * way: the two decoders must agree on every one. */
static void test_random(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "Z", " ", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\ud83d",
        "\\ude00", "\\u0000", "\\q", "\\u", "\xC3\xA9", "\xC3", "\xA9",
        "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xED\xA0\x80", "\x01", "\t",
        "\"", "\x7F", "\xFF"};
    const size_t npieces = sizeof pieces / sizeof *pieces;
    char lit[256];
    unsigned seed = 12345;
    int valid = 0;
    for (int t = 0; t < 20000; t++) {
        size_t n = 0;
        lit[n++] = '"';
        int k = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 8;
        for (int i = 0; i < k; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % npieces];
            memcpy(lit + n, p, strlen(p));
            n += strlen(p);
        }
        lit[n++] = '"';
        valid += agree(lit, n);
    }
    assert_true(valid > 1000); /* both kinds were tried */
    assert_true(valid < 19000);
}

/* Plain text is scanned 16 bytes at a time: a byte that ends a run (a
 * quote, a backslash, a control character, a byte from 0x80 up) or one
 * at the edges of what counts (0x1F, 0x20, 0x7F) at every place of a long
 * literal, around and across the windows' edges, decodes as jansson
 * decodes it, or fails as it fails. */
static void test_windows(void **state)
{
    (void)state;
    static const char *const odd[] = {"\"", "\\n", "\x01", "\x1F", " ",
                                      "\x7F", "\xC3\xA9", "\xC3", "\xFF",
                                      "\\u00e9"};
    char lit[64];
    for (size_t k = 0; k < sizeof odd / sizeof *odd; k++)
        for (size_t at = 1; at < 50; at++) {
            size_t n = strlen(odd[k]);
            memset(lit, 'x', sizeof lit);
            lit[0] = '"';
            memcpy(lit + at, odd[k], n);
            lit[sizeof lit - 1] = '"';
            int valid = agree(lit, sizeof lit);
            assert_int_equal(valid, k != 0 && k != 2 && k != 3 && k != 7 && k != 8);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_windows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
