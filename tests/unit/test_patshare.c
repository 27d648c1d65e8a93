/* Unit tests for patshare.c: repeated groups are shared, those that a
 * subroutine call would not repeat as they are stay, syntax not read
 * leaves the pattern as it is, options are kept; and PCRE2 finds the same
 * matches and callouts with the pattern shared. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <pcre2.h>

#include "patshare.h"

/* pat shared with groups of min bytes or more: "" when nothing is. */
static char *shared(const char *pat, size_t min)
{
    static char out[1024];
    nt_buf b;
    nt_buf_init(&b);
    size_t n = nt_patshare(pat, strlen(pat), min, &b);
    assert_true(b.len < sizeof out);
    memcpy(out, b.data ? b.data : "", b.len);
    out[b.len] = '\0';
    assert_int_equal(n == 0, b.len == 0);
    nt_buf_free(&b);
    return out;
}

static void test_shares(void **state)
{
    (void)state;
    assert_string_equal(shared("(?:abcd|efgh)x(?:abcd|efgh)+", 10),
                        "(?&_nt0)x(?&_nt0)+|(?(DEFINE)(?<_nt0>abcd|efgh))(*F)");
    /* other kinds of group are defined whole */
    assert_string_equal(shared("(?>abcdefgh)x(?>abcdefgh)", 10),
                        "(?&_nt0)x(?&_nt0)|(?(DEFINE)(?<_nt0>(?>abcdefgh)))(*F)");
    /* too short, or once only */
    assert_string_equal(shared("(?:abcd|efgh)x(?:abcd|efgh)", 14), "");
    assert_string_equal(shared("(?:abcd|efgh)x(?:abcd|efgi)", 10), "");
    /* a group inside a shared one counts once for all copies... */
    assert_string_equal(shared("(?:(?:abcdefgh)1)(?:(?:abcdefgh)1)", 10),
                        "(?&_nt0)(?&_nt0)|(?(DEFINE)(?<_nt0>(?:abcdefgh)1))(*F)");
    /* ... and is shared where it repeats in the definition */
    assert_string_equal(
        shared("(?:(?:abcdefgh)1(?:abcdefgh))x(?:(?:abcdefgh)1(?:abcdefgh))",
               10),
        "(?&_nt0)x(?&_nt0)|(?(DEFINE)(?<_nt0>(?&_nt1)1(?&_nt1))"
        "(?<_nt1>abcdefgh))(*F)");
}

/* Captures, backreferences, \K, callouts and verbs, and groups in a
 * lookbehind, are not shared: the groups that hold none still are. */
static void test_not_shared(void **state)
{
    (void)state;
    assert_string_equal(shared("(abcdefgh)x(abcdefgh)", 8), "");
    assert_string_equal(shared("(?<n>abcdefgh)x(?<n>abcdefgh)", 8), "");
    assert_string_equal(shared("(?:a(b)cdefgh)x(?:a(b)cdefgh)", 8), "");
    assert_string_equal(shared("(a)(?:abcdefgh\\1)x(?:abcdefgh\\1)", 8), "");
    assert_string_equal(shared("(?:abcd\\Kefgh)x(?:abcd\\Kefgh)", 8), "");
    assert_string_equal(shared("(?:abcdefgh(?C1))x(?:abcdefgh(?C1))", 8), "");
    assert_string_equal(
        shared("(?:abcd(?C\"!t)\")efgh)x(?:abcd(?C\"!t)\")efgh)", 8), "");
    assert_string_equal(shared("(?:abcd(*SKIP)efgh)x(?:abcd(*SKIP)efgh)", 8),
                        "");
    assert_string_equal(shared("(?<=(?:abcdefgh)a)x(?<=(?:abcdefgh)b)", 8),
                        "");
    assert_string_equal(
        shared("(?:(?:abcdefgh)(a))x(?:(?:abcdefgh)(b))", 10),
        "(?:(?&_nt0)(a))x(?:(?&_nt0)(b))|(?(DEFINE)(?<_nt0>abcdefgh))(*F)");
}

/* Syntax not read here leaves the pattern as it is. */
static void test_unread(void **state)
{
    (void)state;
    static const char *const pats[] = {
        "(?i)(?:abcdefgh)x(?:abcdefgh)",    "(?:abcdefgh)\\Q(\\E(?:abcdefgh)",
        "(?#c)(?:abcdefgh)x(?:abcdefgh)",   "(?x:(?:abcdefgh)x(?:abcdefgh))",
        "(?|(?:abcdefgh)x(?:abcdefgh))",    "(?(?=a)(?:abcdefgh)|(?:abcdefgh))",
        "(a)(?1)(?:abcdefgh)x(?:abcdefgh)", "(?<_nt0>a)(?:abcdefgh)x(?:abcdefgh)",
        "(?:abcdefgh)x(?:abcdefgh",         "(?:abcdefgh)x)(?:abcdefgh)",
        "(?:abcdefgh)x(?:abcdefgh)\\",      "(*pla:a)(?:abcdefgh)x(?:abcdefgh)",
        "[[(](?:abcdefgh)x(?:abcdefgh)",    "(?-1)(?:abcdefgh)x(?:abcdefgh)",
    };
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++)
        assert_string_equal(shared(pats[i], 8), "");
}

/* A shared group is defined under the options around it where it
 * stands; under others it is another group. Classes and escapes hide
 * their parentheses. */
static void test_options(void **state)
{
    (void)state;
    assert_string_equal(shared("(?i:x(?:abcdefgh))y(?i:z(?:abcdefgh))", 10),
                        "(?i:x(?&_nt0))y(?i:z(?&_nt0))"
                        "|(?(DEFINE)(?<_nt0>(?i:abcdefgh)))(*F)");
    assert_string_equal(shared("(?i:(?-i:(?:abcdefgh)))(?s:(?:abcdefgh))", 10),
                        "");
    assert_string_equal(shared("(?i:(?:abcdefgh))(?:abcdefgh)", 10), "");
    assert_string_equal(
        shared("(?i:(?-i:(?:abcdefgh)))(?-i:(?:abcdefgh))", 10),
        "(?i:(?-i:(?&_nt0)))(?-i:(?&_nt0))"
        "|(?(DEFINE)(?<_nt0>(?-i:abcdefgh)))(*F)");
    assert_string_equal(shared("(?:a[()]\\)b[:)]c)x(?:a[()]\\)b[:)]c)", 10),
                        "(?&_nt0)x(?&_nt0)"
                        "|(?(DEFINE)(?<_nt0>a[()]\\)b[:)]c))(*F)");
    assert_string_equal(shared("(?:[[:alpha:])]bcdefgh)x(?:[[:alpha:])]bcdefgh)",
                               10),
                        "(?&_nt0)x(?&_nt0)"
                        "|(?(DEFINE)(?<_nt0>[[:alpha:])]bcdefgh))(*F)");
}

/* The callouts (number and position, in order) of an anchored match of
 * pat at each offset of each text, with every callout failing, JIT or
 * interpreted, hashed; every match's offsets too. */
static uint64_t trace;

static int note(pcre2_callout_block *cb, void *data)
{
    (void)data;
    trace = (trace ^ (cb->callout_number * 1000003u + cb->current_position)) *
            1099511628211u;
    return cb->callout_number == 9 ? 0 : 1;
}

static uint64_t run(const char *pat, const char *const *texts, int jit)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED |
                                      PCRE2_DUPNAMES,
                                  &code, &off, NULL);
    assert_non_null(c);
    if (jit)
        assert_int_equal(pcre2_jit_compile(c, PCRE2_JIT_COMPLETE), 0);
    pcre2_match_data *md = pcre2_match_data_create(16, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    pcre2_set_callout(mc, note, NULL);
    trace = 1469598103934665603u;
    for (size_t t = 0; texts[t]; t++)
        for (size_t at = 0; texts[t][at]; at++) {
            int rc = pcre2_match(c, (PCRE2_SPTR)texts[t], strlen(texts[t]),
                                 at, 0, md, mc);
            const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            trace = (trace ^ (uint64_t)(rc + 7)) * 1099511628211u;
            for (int g = 0; g < 2 * rc; g++)
                trace = (trace ^ ov[g]) * 1099511628211u;
        }
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    pcre2_code_free(c);
    return trace;
}

static void test_same_matches(void **state)
{
    (void)state;
    /* a batch's shape: atomic alternatives, each with a callout; a
     * number trie written out six times, twice without case */
    static const char pat[] =
        "(?>(?:\\d+|(?:one|t(?:wo|hree|en)|eleven)(?:-(?:one|t(?:wo|hree|en)"
        "|eleven))*)\\s+days?)(?C1)"
        "|(?>(?i:(?:one|t(?:wo|hree|en)|eleven)\\s+weeks?))(?C2)"
        "|(?>(?i:(?:one|t(?:wo|hree|en)|eleven)\\s+months?))(?C4)"
        "|(?>(?:(?:one|t(?:wo|hree|en)|eleven)\\s+)?(?<span>years?)\\b)(?C3)"
        "|(?>(?:one|t(?:wo|hree|en)|eleven)(?=\\s))(?C9)";
    static const char *const texts[] = {
        "ten days, two-three days, Two Weeks and three years ago, ONE MONTH",
        "eleven-one day or 12 days; twelve weeks, ONE WEEK, years",
        "tenth day, three  weeks, one\xC2\xA0year, two", NULL};
    nt_buf b;
    nt_buf_init(&b);
    assert_int_equal(nt_patshare(pat, strlen(pat), 12, &b), 2);
    const char *q = nt_buf_cstr(&b);
    for (int jit = 0; jit < 2; jit++)
        assert_true(run(pat, texts, jit) == run(q, texts, jit));
    nt_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shares),
        cmocka_unit_test(test_not_shared),
        cmocka_unit_test(test_unread),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_same_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
