/* test_jsoncheck.c - the check that vouches for JSON objects jansson takes:
 * chosen objects it vouches for and chosen texts it does not, and random
 * ones: objects built of what it vouches for (each vouched for, each taken
 * by jansson), and the same objects with a byte changed, put in or taken
 * out (each one vouched for is taken by jansson). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */
#include <jansson.h>

#include "jsoncheck.h"

#define FLAGS (JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL)

/* Whether jansson takes s[0..n) as an object. */
static int jansson_takes(const char *s, size_t n)
{
    json_t *j = json_loadb(s, n, FLAGS, NULL);
    int ok = j && json_is_object(j);
    json_decref(j);
    return ok;
}

static int check(const char *s, size_t n)
{
    nt_buf scratch;
    nt_buf_init(&scratch);
    int ok = nt_jsoncheck_object(s, n, &scratch);
    nt_buf_free(&scratch);
    return ok;
}

#define CHECK(lit) check(lit, sizeof lit - 1)

static void test_vouched(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "{}",
        " \t{ }\r\n",
        "{\"id\": 1, \"text\": \"\"}",
        "{\"a\": [1, -0, 0.5, 2.50E-3, 1e10, -12345678901234567890], \"b\": {}}",
        "{\"a\": [true, false, null, [], [[]], {\"c\": \"\\u00e9\\ud83d\\ude00\"}]}",
        "{\"a\": 1, \"a\": 2}",          /* jansson keeps the last */
        "{\"a\": \"\\u0000\"}",         /* a NUL in a value: JSON_ALLOW_NUL */
        "{\"\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
        "{\"caf\xC3\xA9\": \"\xE2\x80\x94\"}",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        assert_true(check(ok[i], strlen(ok[i])));
        assert_true(jansson_takes(ok[i], strlen(ok[i])));
    }
}

static void test_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "[]", "\"a\"", "1", "{", "{\"a\":1,}", "{,}", "{\"a\" 1}",
        "{'a':1}", "{a:1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}",
        "{\"a\":+1}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":tru}",
        "{\"a\":truex}", "{\"a\":nul}", "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\x\"}", "{\"a\":\"\x01\"}", "{\"a\":\"\xC3\"}",
        "{\"a\":\"\xC0\xAF\"}", "{\"a\":1} x", "{\"a\":1}\f", "\f{}",
        "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":1}{}", "{\"a\":\"x}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(check(bad[i], strlen(bad[i])));
    /* what jansson takes but the check leaves to it */
    static const char *const left[] = {
        "{\"a\\u0000\": 1}",    /* jansson refuses a NUL in a key */
        "{\"a\": 1e100}",       /* an exponent of three digits */
        "{\"a\": 123456789012345678901234567890123}", /* 33 characters */
    };
    for (size_t i = 0; i < sizeof left / sizeof *left; i++)
        assert_false(check(left[i], strlen(left[i])));
    assert_true(CHECK("{\"a\": 1e99}"));
}

static void test_depth(void **state)
{
    (void)state;
    char s[2 * NT_JSONCHECK_DEPTH + 8]; /* {"": and arrays inside */
    for (int depth = NT_JSONCHECK_DEPTH; depth <= NT_JSONCHECK_DEPTH + 1;
         depth++) {
        size_t n = 0;
        s[n++] = '{';
        s[n++] = '"';
        s[n++] = '"';
        s[n++] = ':';
        for (int i = 1; i < depth; i++)
            s[n++] = '[';
        for (int i = 1; i < depth; i++)
            s[n++] = ']';
        s[n++] = '}';
        assert_int_equal(check(s, n), depth <= NT_JSONCHECK_DEPTH);
        assert_true(jansson_takes(s, n));
    }
}

/* A small generator of JSON with a fixed seed, so that runs repeat. */
static uint32_t seed = 12345;
static unsigned rnd(unsigned n)
{
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
}

static void put(char *s, size_t *n, const char *t)
{
    size_t k = strlen(t);
    memcpy(s + *n, t, k);
    *n += k;
}

static void gen_value(char *s, size_t *n, int depth);

static void gen_members(char *s, size_t *n, int depth, int object)
{
    static const char *const keys[] = {"\"id\"", "\"text\"", "\"\"",
                                       "\"d\\u00e9\"", "\"a b\""};
    put(s, n, object ? "{" : "[");
    unsigned k = rnd(4);
    for (unsigned i = 0; i < k; i++) {
        put(s, n, i ? (rnd(2) ? ", " : ",") : "");
        if (object) {
            put(s, n, keys[rnd(5)]);
            put(s, n, rnd(2) ? ": " : ":");
        }
        gen_value(s, n, depth + 1);
    }
    put(s, n, object ? "}" : "]");
}

static void gen_value(char *s, size_t *n, int depth)
{
    static const char *const atoms[] = {
        "0", "-0", "12", "3.25", "-1e5", "2E+10", "7e-3", "true", "false",
        "null", "\"\"", "\"x\"", "\"\\u00e9\\n\"", "\"\\ud83d\\ude00\"",
        "\"\\u0000\"", "\"caf\xC3\xA9\""};
    if (depth < 4 && rnd(3) == 0)
        gen_members(s, n, depth, (int)rnd(2));
    else
        put(s, n, atoms[rnd(sizeof atoms / sizeof *atoms)]);
}

/* s[0..n) with one byte changed, put in or taken out. */
static size_t mutate(char *s, size_t n)
{
    static const char bytes[] = "{}[]\":, \\01e.-+tnux\f\x01\xC3\xA9";
    size_t at = rnd((unsigned)n);
    char b = bytes[rnd(sizeof bytes - 1)];
    switch (rnd(3)) {
    case 0:
        s[at] = b;
        return n;
    case 1:
        memmove(s + at + 1, s + at, n - at);
        s[at] = b;
        return n + 1;
    default:
        memmove(s + at, s + at + 1, n - at - 1);
        return n - 1;
    }
}

static void test_random(void **state)
{
    (void)state;
    char s[8192];
    unsigned vouched = 0;
    for (int i = 0; i < 20000; i++) {
        size_t n = 0;
        gen_members(s, &n, 0, 1);
        assert_true(check(s, n));
        assert_true(jansson_takes(s, n));
        n = mutate(s, n);
        if (check(s, n)) {
            vouched++;
            assert_true(jansson_takes(s, n));
        }
    }
    assert_true(vouched > 1000); /* the mutants exercise both ways */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vouched), cmocka_unit_test(test_refused),
        cmocka_unit_test(test_depth), cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
