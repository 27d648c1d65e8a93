/* test_reach.c - the conservative pattern reader: the bytes a match can
 * begin with for literals, caseless mode, classes, properties, \d in UCP
 * mode, alternations, optional prefixes and lookbehinds; giving up on what
 * it does not know; and, checked against PCRE2 itself, that every set is a
 * superset of what real matches hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "reach.h"

/* Whether set s holds exactly the bytes in want (a NUL-terminated list,
 * so NUL itself cannot be asked for), taking "high" for every byte from
 * 0x80 up. */
static int set_is(const nt_byteset *s, const char *want, int high)
{
    nt_byteset w = {{0}};
    for (const char *p = want; *p; p++)
        w.w[(unsigned char)*p >> 6] |= 1ull << ((unsigned char)*p & 63);
    if (high)
        w.w[2] = w.w[3] = ~0ull;
    return memcmp(&w, s, sizeof w) == 0;
}

static int set_is_all(const nt_byteset *s)
{
    return memcmp(s, &nt_byteset_all, sizeof *s) == 0;
}

#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define DIGITS "0123456789"

static void test_literal(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("abc");
    assert_true(set_is(&r.first, "a", 0));
    assert_true(set_is(&r.second, "b", 0));
    assert_true(set_is(&r.alpha, "abc", 0));
    assert_false(r.nullable);
    assert_false(r.one);
    assert_false(r.ends_space);
}

/* A caseless ASCII letter also brings in the bytes from 0x80 up (the
 * KELVIN SIGN is a caseless 'k'), and a character beyond ASCII every
 * ASCII letter. */
static void test_caseless(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("(?i)ab");
    assert_true(set_is(&r.first, "aA", 1));
    assert_true(set_is(&r.second, "bB", 1));
    r = nt_reach_pattern("(?i:a)b");
    assert_true(set_is(&r.second, "b", 0));
    r = nt_reach_pattern("(?i)\xc3\xa9");
    assert_true(set_is(&r.first, UPPER LOWER, 1));
    r = nt_reach_pattern("\xc3\xa9");
    assert_true(set_is(&r.first, "", 1));
}

static void test_classes(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("[a-cx]y");
    assert_true(set_is(&r.first, "abcx", 0));
    r = nt_reach_pattern("[\\d.]");
    assert_true(set_is(&r.first, DIGITS ".", 1));
    assert_true(r.one);
    r = nt_reach_pattern("[^a]");
    assert_true(set_is_all(&r.first));
    r = nt_reach_pattern("[[:alpha:]]");
    assert_true(set_is_all(&r.first));
}

/* \p{Lu} is A-Z or a character beyond ASCII; \d in UCP mode any decimal
 * digit, so also one beyond ASCII. */
static void test_properties_and_ucp(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("\\p{Lu}\\p{Ll}+");
    assert_true(set_is(&r.first, UPPER, 1));
    assert_true(set_is(&r.second, LOWER, 1));
    r = nt_reach_pattern("\\d{4}");
    assert_true(set_is(&r.first, DIGITS, 1));
    r = nt_reach_pattern("\\pL");
    assert_true(set_is(&r.first, UPPER LOWER, 1));
    r = nt_reach_pattern("\\p{Sc}");
    assert_true(set_is_all(&r.first));
    r = nt_reach_pattern("\\D");
    assert_true(set_is_all(&r.first));
}

static void test_alternation_and_optional(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("ab|cd|e");
    assert_true(set_is(&r.first, "ace", 0));
    assert_true(set_is(&r.second, "bd", 0));
    assert_true(r.one);
    r = nt_reach_pattern("(?:Mr\\.? )?Smith");
    assert_true(set_is(&r.first, "MS", 0));
    assert_true(set_is(&r.second, "rm", 0));
    assert_true(set_is(&r.after_space, "S", 0));
    r = nt_reach_pattern("a*");
    assert_true(r.nullable);
    r = nt_reach_pattern("x{0,3}y");
    assert_true(set_is(&r.first, "xy", 0));
}

/* Lookarounds, anchors and \b match no character: they are left out. */
static void test_zero_width(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("(?<=\\s)ab");
    assert_true(set_is(&r.first, "a", 0));
    r = nt_reach_pattern("(?<!x)\\b(?=[A-Z])cd$");
    assert_true(set_is(&r.first, "c", 0));
    assert_true(set_is(&r.second, "d", 0));
}

/* What the reader does not understand gives any byte, never less. */
static void test_gives_up(void **state)
{
    (void)state;
    static const char *const pats[] = {
        "(a)\\1", "(?x) a", "(*UTF)a", "(?(1)a|b)", "a(?C1)", "\\Qa\\E",
        "(a", "\\N{U+41}", "\\Ka", "\xff",
    };
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++) {
        nt_reach r = nt_reach_pattern(pats[i]);
        assert_true(set_is_all(&r.first));
        assert_true(set_is_all(&r.second));
        assert_true(r.nullable && r.one && r.ends_space);
    }
}

static void test_or_any(void **state)
{
    (void)state;
    nt_reach a = nt_reach_pattern("ab"), b = nt_reach_pattern("c");
    nt_reach r = nt_reach_or(&a, &b);
    assert_true(set_is(&r.first, "ac", 0));
    assert_true(r.one);
    r = nt_reach_any();
    assert_true(set_is_all(&r.alpha) && set_is_all(&r.after_space));
}

/* Length of the UTF-8 sequence that starts with byte c. */
static size_t seq_len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Checks what r says against a real match text[s..e). */
static void check_match(const nt_reach *r, const char *pat, const char *text,
                        size_t s, size_t e)
{
    size_t chars = 0;
    int after_space = 0;
    for (size_t i = s; i < e; i += seq_len((unsigned char)text[i]), chars++) {
        unsigned char c = (unsigned char)text[i];
        if (!nt_byteset_has(&r->alpha, c) ||
            (chars == 0 && !nt_byteset_has(&r->first, c)) ||
            (chars == 1 && !nt_byteset_has(&r->second, c)) ||
            (after_space && !nt_byteset_has(&r->after_space, c)))
            fail_msg("/%s/ on \"%s\" at %zu: byte 0x%02x left out", pat, text,
                     s, c);
        after_space = nt_byteset_has(&nt_byteset_space, c);
    }
    if (chars == 1 && !r->one)
        fail_msg("/%s/ on \"%s\" at %zu: one character", pat, text, s);
    if (after_space && !r->ends_space)
        fail_msg("/%s/ on \"%s\" at %zu: ends with a space", pat, text, s);
}

/* Runs pat as the rules do (UTF, UCP, anchored) from every character of
 * text and checks each non-empty match. */
static void check_superset(const char *pat, const char *text)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED,
                                  &code, &off, NULL);
    assert_non_null(c);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
    nt_reach r = nt_reach_pattern(pat);
    size_t len = strlen(text);
    for (size_t at = 0; at < len; at += seq_len((unsigned char)text[at])) {
        if (pcre2_match(c, (PCRE2_SPTR)text, len, at, 0, md, NULL) <= 0)
            continue;
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        if (ov[1] > ov[0])
            check_match(&r, pat, text, ov[0], ov[1]);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(c);
}

/* Conservative: on texts with ASCII, accented and other scripts' letters,
 * digits of other scripts and the KELVIN SIGN, every match of each
 * pattern stays within what the reader says. */
static void test_superset_of_pcre2(void **state)
{
    (void)state;
    static const char *const pats[] = {
        "abc", "(?i)k\\w+", "(?i:mr)\\.? [A-Z]\\w*", "[a-c]+x?",
        "\\p{Lu}\\p{Ll}+", "\\d+(?:[.,]\\d+)?", "\\w+ (?:Inc|Corp)\\.?",
        "(?:New |Old )?York", "(?<=\\s)\\S+", "(?i)\xc3\xa9t\xc3\xa9",
        "\\b[A-Z]{2,}\\b", "\\s*\\w", "(?>a|ab)c", "(?<span>\\d{4})s?",
        "[^\\s,]+", "\\x{212a}", "a|\\pL\\pM*", "\\h+\\d", ".",
    };
    static const char *const texts[] = {
        "Mr. Smith of New York Inc. met mr Jones",
        "KELVIN \xe2\x84\xaa \xe2\x84\xaa" "elvin kelvin",
        "\xc3\x89t\xc3\xa9 \xc3\xa9t\xc3\xa9 ETE 1990s 12,5 \xd9\xa3\xd9\xa4",
        "abcx aab ac \tx\t1 Old York, NEW YORK Corp",
        "\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1 e\xcc\x81 2024s",
    };
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++)
        for (size_t j = 0; j < sizeof texts / sizeof *texts; j++)
            check_superset(pats[i], texts[j]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal),
        cmocka_unit_test(test_caseless),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_properties_and_ucp),
        cmocka_unit_test(test_alternation_and_optional),
        cmocka_unit_test(test_zero_width),
        cmocka_unit_test(test_gives_up),
        cmocka_unit_test(test_or_any),
        cmocka_unit_test(test_superset_of_pcre2),
    };
    return cmocka_run_group_tests_name("reach", tests, NULL, NULL);
}
