/* test_utf8.c - strict decoding, sanitizing, classes and folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

#define SUB "\x1a" /* NT_UTF8_SUBST as a string */

/* Decodes the NUL-terminated byte string s and checks length and value. */
static void expect_decode(const char *s, size_t len, uint32_t cp)
{
    uint32_t got = 0xFFFFFFFF;
    size_t n = nt_utf8_decode((const unsigned char *)s, strlen(s), &got);
    assert_int_equal(n, len);
    assert_int_equal(got, cp);
}

/* Checks that the first n bytes of s do not start a valid sequence. */
static void expect_invalid(const char *s, size_t n)
{
    uint32_t cp;
    assert_int_equal(nt_utf8_decode((const unsigned char *)s, n, &cp), 0);
}

static void test_decode_valid(void **state)
{
    (void)state;
    expect_decode("A", 1, 'A');
    expect_decode("\x7F", 1, 0x7F);
    expect_decode("\xC2\x80", 2, 0x80);
    expect_decode("\xC3\xA9", 2, 0xE9); /* é */
    expect_decode("\xDF\xBF", 2, 0x7FF);
    expect_decode("\xE0\xA0\x80", 3, 0x800);
    expect_decode("\xE2\x82\xAC", 3, 0x20AC); /* € */
    expect_decode("\xED\x9F\xBF", 3, 0xD7FF); /* just below surrogates */
    expect_decode("\xEE\x80\x80", 3, 0xE000); /* just above them */
    expect_decode("\xEF\xBF\xBF", 3, 0xFFFF);
    expect_decode("\xF0\x90\x80\x80", 4, 0x10000);
    expect_decode("\xF0\x9D\x84\x9E", 4, 0x1D11E); /* musical G clef */
    expect_decode("\xF4\x8F\xBF\xBF", 4, 0x10FFFF);
    /* only the first sequence is decoded */
    expect_decode("\xC3\xA9xyz", 2, 0xE9);
    /* NUL is valid UTF-8; sanitize is what replaces it */
    uint32_t cp = 1;
    assert_int_equal(nt_utf8_decode((const unsigned char *)"", 1, &cp), 1);
    assert_int_equal(cp, 0);
}

static void test_decode_stray_continuation(void **state)
{
    (void)state;
    expect_invalid("\x80", 1);
    expect_invalid("\xBF", 1);
    expect_invalid("\x80\x80", 2);
    expect_invalid("\xC3\x41", 2);     /* lead byte, then no continuation */
    expect_invalid("\xE2\x28\xA1", 3); /* second byte not a continuation */
    expect_invalid("\xE2\x82\x41", 3); /* third byte not a continuation */
    expect_invalid("\xF0\x9F\x98\x41", 4);
}

static void test_decode_overlong(void **state)
{
    (void)state;
    expect_invalid("\xC0\x80", 2); /* NUL in two bytes */
    expect_invalid("\xC0\xAF", 2); /* '/' in two bytes */
    expect_invalid("\xC1\xBF", 2);
    expect_invalid("\xE0\x80\x80", 3);
    expect_invalid("\xE0\x9F\xBF", 3); /* U+07FF in three bytes */
    expect_invalid("\xF0\x80\x80\x80", 4);
    expect_invalid("\xF0\x8F\xBF\xBF", 4); /* U+FFFF in four bytes */
}

static void test_decode_surrogates(void **state)
{
    (void)state;
    expect_invalid("\xED\xA0\x80", 3); /* U+D800 */
    expect_invalid("\xED\xAD\xBF", 3); /* U+DB7F */
    expect_invalid("\xED\xB0\x80", 3); /* U+DC00 */
    expect_invalid("\xED\xBF\xBF", 3); /* U+DFFF */
}

static void test_decode_too_large(void **state)
{
    (void)state;
    expect_invalid("\xF4\x90\x80\x80", 4); /* U+110000 */
    expect_invalid("\xF5\x80\x80\x80", 4);
    expect_invalid("\xF7\xBF\xBF\xBF", 4);
    expect_invalid("\xF8\x88\x80\x80\x80", 5); /* old five-byte form */
    expect_invalid("\xFE", 1);
    expect_invalid("\xFF", 1);
}

static void test_decode_truncated(void **state)
{
    (void)state;
    expect_invalid("", 0);
    expect_invalid("\xC3", 1);
    expect_invalid("\xE2\x82", 2);
    expect_invalid("\xF0\x9F\x98", 3);
    /* a complete sequence cut short by n */
    expect_invalid("\xC3\xA9", 1);
    expect_invalid("\xE2\x82\xAC", 2);
    expect_invalid("\xF4\x8F\xBF\xBF", 3);
}

/* Sanitizes in[0..len) and checks the replaced count and the exact output. */
static void expect_sanitize(const char *in, size_t len, const char *want,
                            size_t nbad)
{
    char *out = malloc(len + 1);
    assert_non_null(out);
    assert_int_equal(nt_utf8_sanitize(in, len, out), nbad);
    assert_memory_equal(out, want, len);
    free(out);
}

static void test_sanitize(void **state)
{
    (void)state;
    expect_sanitize("plain ASCII text", 16, "plain ASCII text", 0);
    expect_sanitize("", 0, "", 0);
    expect_sanitize("caf\xC3\xA9", 5, "caf\xC3\xA9", 0);
    expect_sanitize("a\0b", 3, "a" SUB "b", 1);
    expect_sanitize("Caf\xE9 au lait", 12, "Caf\x1a au lait", 1); /* Latin-1 */
    expect_sanitize("\xE2\x82", 2, "\x1a\x1a", 2); /* truncated at the end */
    expect_sanitize("\xE2\x82x", 3, "\x1a\x1ax", 2);
    expect_sanitize("\xC0\x80", 2, "\x1a\x1a", 2);
    expect_sanitize("\xED\xA0\x80!", 4, "\x1a\x1a\x1a!", 3);
    expect_sanitize("\xF4\x90\x80\x80", 4, "\x1a\x1a\x1a\x1a", 4);
    expect_sanitize("ok\xFF", 3, "ok\x1a", 1);
    expect_sanitize("\x80\xC3\xA9\x80", 4, "\x1a\xC3\xA9\x1a", 2);
    /* long enough for the eight-byte fast path, with faults inside words */
    expect_sanitize("0123456789abcdef\0hij\xFFklmnopqrstuvwxyz", 37,
                    "0123456789abcdef\x1ahij\x1aklmnopqrstuvwxyz", 2);
    expect_sanitize("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 ok", 15,
                    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 ok", 0);
    /* a NUL at every position of two eight-byte words */
    for (int pos = 0; pos < 16; pos++) {
        char in[16], want[16];
        memset(in, 'x', sizeof in);
        memcpy(want, in, sizeof in);
        in[pos] = '\0';
        want[pos] = NT_UTF8_SUBST;
        expect_sanitize(in, sizeof in, want, 1);
    }
    /* a NUL, a stray byte or a valid sequence at every position of 80
     * bytes: in the 32-byte blocks, the eight-byte words and the bytes
     * after them */
    for (int pos = 0; pos < 80; pos++) {
        static const char bad[] = {'\0', '\x80', '\xFF', '\x7F'};
        for (int k = 0; k < 4; k++) {
            char in[80], want[80];
            memset(in, 'y', sizeof in);
            memcpy(want, in, sizeof in);
            in[pos] = bad[k];
            want[pos] = k < 3 ? NT_UTF8_SUBST : '\x7F';
            expect_sanitize(in, sizeof in, want, k < 3);
        }
        if (pos + 1 < 80) {
            char in[80];
            memset(in, 'y', sizeof in);
            memcpy(in + pos, "\xC3\xA9", 2);
            expect_sanitize(in, sizeof in, in, 0);
        }
    }
}

/* Random bytes: the output has the input's length, decodes completely, holds
 * no NUL, and keeps every byte that was not replaced. */
static void test_sanitize_random(void **state)
{
    (void)state;
    enum { N = 4096 };
    static char in[N], out[N];
    uint32_t seed = 12345;
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < N; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned b = (seed >> 16) & 0xFF;
            in[i] = (char)(round % 2 ? b : (b & 0x80 ? b : 'a' + b % 26));
        }
        size_t bad = nt_utf8_sanitize(in, N, out), subst = 0;
        for (size_t i = 0; i < N;) {
            uint32_t cp;
            size_t n = nt_utf8_decode((unsigned char *)out + i, N - i, &cp);
            assert_true(n > 0);
            assert_true(cp != 0);
            if (out[i] != in[i]) {
                assert_int_equal(out[i], NT_UTF8_SUBST);
                subst++;
            } else {
                assert_memory_equal(out + i, in + i, n);
            }
            i += n;
        }
        assert_int_equal(subst, bad);
        assert_true(round % 2 == 0 || bad > 0);
    }
}

static void test_sanitize_in_place(void **state)
{
    (void)state;
    char buf[] = "ab\377cd"; /* octal FF */
    assert_int_equal(nt_utf8_sanitize(buf, 5, buf), 1);
    assert_memory_equal(buf, "ab" SUB "cd", 5);
}

static void test_classes_ascii(void **state)
{
    (void)state;
    for (uint32_t c = 0; c < 0x80; c++) {
        int up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
        int dig = c >= '0' && c <= '9';
        int sp = c == ' ' || (c >= '\t' && c <= '\r');
        assert_int_equal(!!nt_utf8_is_letter(c), up || lo);
        assert_int_equal(!!nt_utf8_is_upper(c), up);
        assert_int_equal(!!nt_utf8_is_lower(c), lo);
        assert_int_equal(!!nt_utf8_is_digit(c), dig);
        assert_int_equal(!!nt_utf8_is_space(c), sp);
    }
}

static void test_classes_unicode(void **state)
{
    (void)state;
    /* letters: cased, titlecase, caseless, modifier, combining marks */
    assert_true(nt_utf8_is_letter(0xE9) && nt_utf8_is_lower(0xE9));   /* é */
    assert_true(nt_utf8_is_letter(0xC9) && nt_utf8_is_upper(0xC9));   /* É */
    assert_true(nt_utf8_is_upper(0x416) && !nt_utf8_is_lower(0x416)); /* Ж */
    assert_true(nt_utf8_is_lower(0x3B1));                             /* α */
    assert_true(nt_utf8_is_upper(0x1C5));   /* ǅ, titlecase (Lt) */
    assert_true(nt_utf8_is_lower(0xDF));    /* ß */
    assert_true(nt_utf8_is_letter(0x4E2D)); /* 中 (Lo) */
    assert_false(nt_utf8_is_upper(0x4E2D) || nt_utf8_is_lower(0x4E2D));
    assert_true(nt_utf8_is_letter(0x2BC));  /* ʼ modifier letter (Lm) */
    assert_true(nt_utf8_is_letter(0x301));  /* combining acute (Mn) */
    assert_true(nt_utf8_is_letter(0x903));  /* Devanagari visarga (Mc) */
    assert_true(nt_utf8_is_letter(0x20DD)); /* enclosing circle (Me) */
    assert_false(nt_utf8_is_upper(0x301) || nt_utf8_is_lower(0x301));
    /* not letters */
    assert_false(nt_utf8_is_letter(0x2019)); /* ’ */
    assert_false(nt_utf8_is_letter(0x2014)); /* — */
    assert_false(nt_utf8_is_letter(0x660));  /* Arabic-Indic zero */
    assert_false(nt_utf8_is_letter(0x110000));
    /* digits are Nd only */
    assert_true(nt_utf8_is_digit(0x660));
    assert_true(nt_utf8_is_digit(0xFF15));  /* fullwidth 5 */
    assert_false(nt_utf8_is_digit(0xB2));   /* superscript two (No) */
    assert_false(nt_utf8_is_digit(0x2167)); /* Roman numeral eight (Nl) */
}

static void test_classes_space(void **state)
{
    (void)state;
    static const uint32_t spaces[] = {0xA0,   0x2000, 0x2005, 0x200A,
                                      0x202F, 0x205F, 0x3000, 0x85,
                                      0x2028, 0x2029, 0x1680};
    for (size_t i = 0; i < sizeof spaces / sizeof *spaces; i++)
        assert_true(nt_utf8_is_space(spaces[i]));
    static const uint32_t others[] = {0x200B, 0x200C, 0xFEFF, 0x1F,
                                      0x1A,   0x2060, 0x1FFF, 0x3001};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        assert_false(nt_utf8_is_space(others[i]));
}

/* Folds s and compares with want, including the returned length. */
static void expect_fold(const char *s, const char *want)
{
    size_t n = strlen(s);
    char *out = malloc(4 * n + 1);
    assert_non_null(out);
    size_t m = nt_utf8_fold(s, n, out);
    out[m] = '\0';
    assert_string_equal(out, want);
    assert_int_equal(m, strlen(want));
    free(out);
}

static void test_fold(void **state)
{
    (void)state;
    expect_fold("", "");
    expect_fold("Hello, WORLD 42!", "hello, world 42!");
    expect_fold("ÉCOLE", "école");
    expect_fold("Russia’s", "russia's");      /* U+2019 */
    expect_fold("‘x’", "'x'");                /* U+2018, U+2019 */
    expect_fold("O\xCA\xBCNeill", "o'neill"); /* U+02BC modifier apostrophe */
    expect_fold("МОСКВА", "москва");
    expect_fold("Møller", "møller");
    expect_fold("ΕΛΛΆΔΑ Ελλάδα", "ελλάδα ελλάδα");
    expect_fold("ǅ", "ǆ");     /* titlecase */
    expect_fold("—“”", "—“”"); /* other punctuation is unchanged */
    /* invalid bytes are copied unchanged (octal: FF, C3; a surrogate) */
    expect_fold("A\377B\303", "a\377b\303");
    expect_fold("\xED\xA0\x80Z", "\xED\xA0\x80z");
}

/* nt_utf8_fold a byte at a time, for ASCII: what the fast paths must
 * give. */
static void fold_bytes(const unsigned char *s, size_t n, unsigned char *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] =
            (unsigned char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 0x20 : s[i]);
}

/* Folds s[0..n), copied into a buffer of exactly n bytes (ASan catches a
 * read past the word), into a buffer with guard bytes on both sides, which
 * must stay as they were. Returns the length folded; out gets the bytes. */
static size_t fold_guarded(const unsigned char *s, size_t n, unsigned char *out)
{
    unsigned char *in = malloc(n ? n : 1);
    unsigned char *buf = malloc(4 * n + 16);
    assert_non_null(in);
    assert_non_null(buf);
    memcpy(in, s, n);
    memset(buf, 0xEE, 4 * n + 16);
    size_t m = nt_utf8_fold((const char *)in, n, (char *)buf + 8);
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(buf[i], 0xEE);
    for (size_t i = 8 + m; i < 4 * n + 16; i++)
        assert_int_equal(buf[i], 0xEE);
    memcpy(out, buf + 8, m);
    free(in);
    free(buf);
    return m;
}

/* Every ASCII byte (each side of 'A', 'Z', 'a', 'z'; NUL, DEL) at every
 * place of words of every length to 40 (the 1-3, 4-7, 8-16 byte paths and
 * the character loop past them), and a word with a non-ASCII character at
 * every place, which must fold as if a character at a time. */
static void test_fold_ascii_lengths(void **state)
{
    (void)state;
    unsigned char s[48], want[48], got[4 * 48];
    for (size_t n = 0; n <= 40; n++) {
        for (unsigned c = 0; c < 0x80; c++) {
            for (size_t i = 0; i < n; i++)
                s[i] = (unsigned char)((c + 7 * i) & 0x7F);
            fold_bytes(s, n, want);
            assert_int_equal(fold_guarded(s, n, got), n);
            assert_memory_equal(got, want, n);
        }
    }
    for (size_t n = 2; n <= 20; n++) {
        for (size_t at = 0; at + 2 <= n; at++) {
            for (size_t i = 0; i < n; i++)
                s[i] = (unsigned char)("QRSTqrst"[i % 8]);
            s[at] = 0xC3; /* U+00C9 É folds to U+00E9 é, same length */
            s[at + 1] = 0x89;
            fold_bytes(s, n, want);
            want[at] = 0xC3;
            want[at + 1] = 0xA9;
            assert_int_equal(fold_guarded(s, n, got), n);
            assert_memory_equal(got, want, n);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_stray_continuation),
        cmocka_unit_test(test_decode_overlong),
        cmocka_unit_test(test_decode_surrogates),
        cmocka_unit_test(test_decode_too_large),
        cmocka_unit_test(test_decode_truncated),
        cmocka_unit_test(test_sanitize),
        cmocka_unit_test(test_sanitize_random),
        cmocka_unit_test(test_sanitize_in_place),
        cmocka_unit_test(test_classes_ascii),
        cmocka_unit_test(test_classes_unicode),
        cmocka_unit_test(test_classes_space),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_fold_ascii_lengths),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
