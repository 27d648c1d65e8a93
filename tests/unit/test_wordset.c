/* test_wordset.c - sets of words and their filter: words as the filter
 * sees them (lowercase, digits as '0'), whole and begun words, the cap on
 * a word's length, sets that become any (too large, or the empty
 * beginning), repeats that do not count towards the limit, and the bytes
 * kept in the pattern cache (made again, damaged ones refused); the keys
 * of texts (nt_word_lead), their filter and its bytes in the cache, and
 * a text judged as the filter judges its key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "wordset.h"

static int has(const nt_wordfilter *f, const char *w)
{
    return nt_wordfilter_has(f, w, strlen(w));
}

/* The filter of one set, which must not be any. */
static nt_wordfilter *filter_of(const nt_wordset *w)
{
    nt_wordfilter *f = nt_wordfilter_new();
    assert_int_equal(nt_wordfilter_add(f, w), 1);
    return f;
}

static void test_word_bytes(void **state)
{
    (void)state;
    assert_int_equal(nt_word_byte('a'), 'a');
    assert_int_equal(nt_word_byte('Z'), 'z');
    assert_int_equal(nt_word_byte('7'), '0');
    assert_int_equal(nt_word_byte('-'), 0);
    assert_int_equal(nt_word_byte(' '), 0);
    assert_int_equal(nt_word_byte(0xc3), 0);
}

/* Whole words match exactly; begun ones any word they begin. */
static void test_whole_and_begun(void **state)
{
    (void)state;
    nt_wordset w = {0};
    nt_wordset_add(&w, "year", 4, 0);
    nt_wordset_add(&w, "centur", 6, 1);
    nt_wordset_add(&w, "0", 1, 1);
    nt_wordset_add(&w, "", 0, 0); /* the empty word: no harm */
    assert_false(w.any);
    nt_wordfilter *f = filter_of(&w);
    assert_true(has(f, "year"));
    assert_false(has(f, "years"));
    assert_false(has(f, "yea"));
    assert_true(has(f, "centur"));
    assert_true(has(f, "century"));
    assert_true(has(f, "centuries"));
    assert_false(has(f, "cent"));
    assert_true(has(f, "0000"));
    assert_true(has(f, "0"));
    assert_false(has(f, "a0"));
    assert_true(has(f, ""));
    nt_wordfilter_free(f);
    nt_wordset_free(&w);
}

/* A word of a length and first letter the filter has, or one that a
 * beginning's first letter begins, is still looked up in full. */
static void test_heads(void **state)
{
    (void)state;
    nt_wordset w = {0};
    nt_wordset_add(&w, "year", 4, 0);
    nt_wordset_add(&w, "week", 4, 0);
    nt_wordset_add(&w, "yo", 2, 1);
    nt_wordfilter *f = filter_of(&w);
    assert_true(has(f, "year") && has(f, "week") && has(f, "yoyo"));
    assert_false(has(f, "yarn") || has(f, "wear") || has(f, "weeks"));
    assert_false(has(f, "yard") || has(f, "y") || has(f, "ya"));
    assert_false(has(f, "days") || has(f, "0000") || has(f, "-"));
    assert_true(has(f, "yo") && has(f, "yore"));
    nt_wordfilter_free(f);
    nt_wordset_free(&w);
}

/* A word longer than the cap is kept cut and begun: it allows every word
 * with the same first NT_WORDSET_CAP bytes. */
static void test_cap(void **state)
{
    (void)state;
    char lng[NT_WORDSET_CAP + 8];
    memset(lng, 'q', sizeof lng - 1);
    lng[sizeof lng - 1] = '\0';
    nt_wordset w = {0};
    nt_wordset_add(&w, lng, sizeof lng - 1, 0);
    assert_int_equal(w.v[0].n, NT_WORDSET_CAP);
    assert_int_equal(w.v[0].begun, 1);
    nt_wordfilter *f = filter_of(&w);
    assert_true(has(f, lng));
    lng[NT_WORDSET_CAP + 2] = '\0';
    assert_true(has(f, lng));
    lng[NT_WORDSET_CAP - 1] = '\0';
    assert_false(has(f, lng)); /* shorter than the kept start */
    nt_wordfilter_free(f);
    nt_wordset_free(&w);
}

/* The empty beginning makes the set any; so does a set of more words
 * than the limit, though repeats do not count; an any set makes the filter
 * pointless (add says 0) and allows every word. */
static void test_any(void **state)
{
    (void)state;
    nt_wordset w = {0};
    nt_wordset_add(&w, "x", 1, 0);
    nt_wordset_add(&w, "", 0, 1);
    assert_true(w.any);
    assert_int_equal(w.n, 0);
    nt_wordset_add(&w, "y", 1, 0); /* stays any */
    assert_true(w.any);
    nt_wordfilter *f = nt_wordfilter_new();
    assert_int_equal(nt_wordfilter_add(f, &w), 0);
    assert_true(has(f, "anything"));
    nt_wordfilter_free(f);
    nt_wordset_free(&w);

    for (int i = 0; i < 20000; i++) /* one word, many times */
        nt_wordset_add(&w, "same", 4, 0);
    assert_false(w.any);
    char word[16];
    for (int i = 0; i < 20000 && !w.any; i++) {
        int n = snprintf(word, sizeof word, "w%d", i);
        nt_wordset_add(&w, word, (size_t)n, 0);
    }
    assert_true(w.any);
    nt_wordset_free(&w);
}

/* Written and read again, a set is the same; bytes of another shape are
 * refused. */
static void test_write_read(void **state)
{
    (void)state;
    nt_wordset w = {0}, back;
    nt_wordset_add(&w, "week", 4, 0);
    nt_wordset_add(&w, "0", 1, 1);
    nt_buf b;
    nt_buf_init(&b);
    nt_wordset_write(&w, &b);
    assert_int_equal(nt_wordset_read(&back, b.data, b.len), 0);
    assert_false(back.any);
    assert_int_equal(back.n, 2);
    assert_memory_equal(back.v, w.v, 2 * sizeof *w.v);
    nt_wordset_free(&back);
    assert_int_equal(nt_wordset_read(&back, b.data, b.len - 1), -1);
    assert_int_equal(nt_wordset_read(&back, b.data, 0), -1);
    b.data[1 + offsetof(nt_word, n)] = NT_WORDSET_CAP + 1; /* too long */
    assert_int_equal(nt_wordset_read(&back, b.data, b.len), -1);
    nt_buf_free(&b);

    nt_wordset any = {0};
    nt_wordset_add(&any, "", 0, 1);
    nt_buf_init(&b);
    nt_wordset_write(&any, &b);
    assert_int_equal(nt_wordset_read(&back, b.data, b.len), 0);
    assert_true(back.any);
    nt_wordset_free(&back);
    nt_buf_free(&b);
    nt_wordset_free(&w);
}

/* The key of text at 0, as a string (NT_WORD_ON shown as '#', 0 as '$'). */
static const char *lead(const char *text)
{
    static char out[NT_WORD_LEAD + 1];
    char key[NT_WORD_LEAD];
    size_t n = nt_word_lead(text, strlen(text), 0, key);
    for (size_t i = 0; i < n; i++)
        out[i] = key[i] == NT_WORD_ON ? '#' : key[i] ? key[i] : '$';
    out[n] = '\0';
    return out;
}

/* A key: up to three words, each with the byte after it; white space and
 * control characters as one ' ', a run of them too; the text's end as 0;
 * a word after a character of no word only; NT_WORD_ON where the next
 * word runs into a character beyond ASCII; nothing where the first does,
 * or where no word begins; the cap. */
static void test_lead(void **state)
{
    (void)state;
    assert_string_equal(lead("1996-08-22 was"), "0000-00-00 ");
    assert_string_equal(lead("3 p.m. Monday"), "0 p.m.");
    assert_string_equal(lead("12\t \n am"), "00 am$");
    assert_string_equal(lead("12, (x"), "00,");
    assert_string_equal(lead("12 caf\xc3\xa9 bar"), "00 #");
    assert_string_equal(lead("12 \xc3\xa9t\xc3\xa9"), "00 #");
    assert_string_equal(lead("Year"), "year$");
    assert_string_equal(lead("caf\xc3\xa9"), "");
    assert_string_equal(lead(" x"), "");
    assert_string_equal(lead("-x"), "");
    char lng[NT_WORDSET_CAP + 8];
    memset(lng, 'q', sizeof lng - 1);
    lng[sizeof lng - 1] = '\0';
    assert_int_equal(strlen(lead(lng)), NT_WORDSET_CAP + 1);
    assert_string_equal(lead("aaaaaaaaaa bbbbbbbbbb cccccccc"),
                        "aaaaaaaaaa bbbbbbbbbb ccc");
}

/* The filter of keys: whole keys match exactly, begun ones every key they
 * begin; a set that is any, or the empty beginning, makes no filter. */
static void test_keyfilter(void **state)
{
    (void)state;
    nt_wordset w[2] = {{0}, {0}};
    nt_wordset_add(&w[0], "0000-", 5, 0);
    nt_wordset_add(&w[0], "0 am", 4, 1);
    nt_wordset_add(&w[1], "00 in ", 6, 0);
    nt_wordset_add(&w[1], "00 \x80", 4, 0);
    nt_wordset_tidy(&w[0]);
    nt_wordset_tidy(&w[1]);
    nt_keyfilter *f = nt_keyfilter_new(w, 2);
    assert_non_null(f);
    assert_true(nt_keyfilter_has(f, "0000-", 5));
    assert_false(nt_keyfilter_has(f, "0000 ", 5));
    assert_false(nt_keyfilter_has(f, "0000", 4));
    assert_true(nt_keyfilter_has(f, "0 am$", 5));
    assert_true(nt_keyfilter_has(f, "0 am. ", 6));
    assert_false(nt_keyfilter_has(f, "0 a", 3));
    assert_true(nt_keyfilter_has(f, "00 in ", 6));
    assert_false(nt_keyfilter_has(f, "00 in the", 9));
    assert_true(nt_keyfilter_has(f, "00 \x80", 4));
    nt_keyfilter_free(f);
    nt_wordset_add(&w[1], "", 0, 1); /* any */
    assert_null(nt_keyfilter_new(w, 2));
    nt_wordset_free(&w[0]);
    nt_wordset_free(&w[1]);
}

/* A filter's bytes make a filter that judges as it does; bytes cut
 * short, or a node whose children would lie outside, are refused. */
static void test_keyfilter_write_read(void **state)
{
    (void)state;
    static const char *const texts[] = {"0000-", "0000 ", "0 am. ", "0 a",
                                        "00 in ", "00 in the", "x", ""};
    nt_wordset w = {0};
    nt_wordset_add(&w, "0000-", 5, 0);
    nt_wordset_add(&w, "0 am", 4, 1);
    nt_wordset_add(&w, "00 in ", 6, 0);
    nt_wordset_tidy(&w);
    nt_keyfilter *f = nt_keyfilter_new(&w, 1), *back;
    nt_buf b;
    nt_buf_init(&b);
    nt_keyfilter_write(f, &b);
    assert_non_null(back = nt_keyfilter_read(b.data, b.len));
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        size_t n = strlen(texts[i]);
        assert_int_equal(nt_keyfilter_has(back, texts[i], n),
                         nt_keyfilter_has(f, texts[i], n));
        assert_int_equal(nt_keyfilter_judge(back, texts[i], n, 0),
                         nt_keyfilter_judge(f, texts[i], n, 0));
    }
    nt_keyfilter_free(back);
    assert_null(nt_keyfilter_read(b.data, b.len - 1));
    assert_null(nt_keyfilter_read(b.data, 4));
    uint64_t nodes;
    memcpy(&nodes, b.data, sizeof nodes);
    size_t last = b.len - nodes - 2 * sizeof(uint32_t); /* the last base */
    uint32_t far = (uint32_t)nodes - 63;
    memcpy(b.data + last, &far, sizeof far);
    assert_null(nt_keyfilter_read(b.data, b.len));
    nt_buf_free(&b);
    nt_keyfilter_free(f);
    nt_wordset_free(&w);
}

/* judge is has of the text's key, read as the trie is walked: on texts of
 * every kind of byte, at every offset, against sets of every kind of key
 * (whole and begun, short and at the cap, with NT_WORD_ON). */
static void test_judge(void **state)
{
    (void)state;
    static const char *const keys[] = {
        "0000-",
        "0000-00-00 ",
        "0 am*",
        "00 a.*",
        "0 \x80",
        "00 in ",
        "year*",
        "yea",
        "x ",
        "x y ",
        "x y z",
        "x y \x80",
        "x \x80",
        "0$",
        "0 ",
        "0 0 0 ",
        "caf\x80",
        "qqqqqqqqqqqqqqqqqqqqqqqq*",
        "aaaaaaaaaa bbbbbbbbbb cc*",
        "a,",
        "a, b*",
    };
    static const char *const texts[] = {
        "1996-08-22 was",
        "3 am, 12 in the 5 a.m.",
        "x y z",
        "x y\xc3\xa9",
        "x \xc3\xa9",
        "year's end 0",
        "Yea, x",
        "caf\xc3\xa9 0 ",
        "qqqqqqqqqqqqqqqqqqqqqqqqqqqq \xc3\xa9 q",
        "a, b. a,  b",
        "aaaaaaaaaa bbbbbbbbbb ccccccccccccc",
        "0\t\n0 0 0 0",
        "x  y\x01 z",
        "zebra\xc3\xa9 x", /* a first word the root has no child for */
        "zzzzzzzzzzzzzzzzzzzzzzzzzz\xc3\xa9",
        "Q",
        "",
    };
    size_t nk = sizeof keys / sizeof *keys;
    for (unsigned mask = 1; mask < 1u << 6; mask++) {
        nt_wordset w = {0};
        for (size_t i = 0; i < nk; i++) {
            if (!((mask >> (i % 6)) & 1) && i % 3)
                continue;
            size_t n = strlen(keys[i]);
            char k[32];
            memcpy(k, keys[i], n);
            for (size_t j = 0; j < n; j++)
                k[j] = k[j] == '$' ? 0 : k[j];
            int begun = n && k[n - 1] == '*';
            nt_wordset_add(&w, k, n - (size_t)begun, begun);
        }
        nt_wordset_tidy(&w);
        nt_keyfilter *f = nt_keyfilter_new(&w, 1);
        assert_non_null(f);
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            size_t len = strlen(texts[i]);
            for (size_t at = 0; at <= len; at++) {
                char key[NT_WORD_LEAD];
                size_t n = nt_word_lead(texts[i], len, at, key);
                int want = n == 0 || nt_keyfilter_has(f, key, n);
                if (nt_keyfilter_judge(f, texts[i], len, at) != want)
                    fail_msg("set %u, \"%s\" at %zu: judged otherwise", mask,
                             texts[i], at);
            }
        }
        nt_keyfilter_free(f);
        nt_wordset_free(&w);
    }
}

/* Whether the key k[0..n) is one of w's words or begins with a begun one:
 * the filter's answer read off the set itself, not off a trie. */
static int set_has(const nt_wordset *w, const char *k, size_t n)
{
    for (size_t i = 0; i < w->n; i++) {
        const nt_word *e = &w->v[i];
        if ((e->begun ? n >= e->n : n == e->n) && !memcmp(e->s, k, e->n))
            return 1;
    }
    return 0;
}

/* A random text of n bytes (and a NUL) from a few letters and digits, every
 * white space and punctuation byte, control bytes, a NUL now and then and
 * bytes beyond ASCII; seeded by *r. */
static void random_text(uint32_t *r, char *s, size_t n)
{
    static const char some[] = "aabbbcqq01 \t\n\x01 .,-:'$/(\x7f";
    for (size_t i = 0; i < n; i++) {
        *r = *r * 1103515245u + 12345u;
        unsigned x = *r >> 16;
        if (x % 7 == 0)
            s[i] = (char)(33 + (x >> 3) % 94); /* any printable byte */
        else if (x % 31 == 1)
            s[i] = (char)(0x80 + (x >> 5) % 0x80);
        else if (x % 61 == 2)
            s[i] = 0;
        else
            s[i] = some[(x >> 3) % (sizeof some - 1)];
    }
    s[n] = 0;
}

/* judge against the set itself, on generated sets and texts: the sets
 * hold beginnings of the keys of texts like those judged (whole and begun,
 * up to the cap and beyond, with NT_WORD_ON), some so many that the trie's
 * table grows and its nodes have many children. */
static void test_judge_generated(void **state)
{
    (void)state;
    uint32_t r = 1;
    char text[64], key[NT_WORD_LEAD];
    for (int round = 0; round < 120; round++) {
        nt_wordset w = {0};
        size_t words = round % 10 == 9 ? 3000 : 1 + (size_t)round % 40;
        for (size_t i = 0; i < words; i++) {
            size_t len = 8 + (r >> 20) % 48;
            random_text(&r, text, len);
            size_t n = nt_word_lead(text, len, 0, key);
            if (n == 0)
                continue;
            size_t cut = 1 + (r >> 8) % n;
            nt_wordset_add(&w, key, cut, (r >> 4) % 3 == 0);
        }
        nt_wordset_tidy(&w);
        nt_keyfilter *f = nt_keyfilter_new(&w, 1);
        if (!f) {
            assert_true(w.any);
            nt_wordset_free(&w);
            continue;
        }
        for (int j = 0; j < 40; j++) {
            size_t len = 1 + (r >> 18) % 60;
            random_text(&r, text, len);
            for (size_t at = 0; at <= len; at++) {
                size_t n = nt_word_lead(text, len, at, key);
                int want = n == 0 || set_has(&w, key, n);
                if (nt_keyfilter_judge(f, text, len, at) != want)
                    fail_msg("round %d, text %d at %zu: judged otherwise",
                             round, j, at);
                if (n && nt_keyfilter_has(f, key, n) != want)
                    fail_msg("round %d, text %d at %zu: has otherwise", round,
                             j, at);
            }
        }
        nt_keyfilter_free(f);
        nt_wordset_free(&w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_bytes),
        cmocka_unit_test(test_whole_and_begun),
        cmocka_unit_test(test_heads),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_any),
        cmocka_unit_test(test_write_read),
        cmocka_unit_test(test_lead),
        cmocka_unit_test(test_keyfilter),
        cmocka_unit_test(test_keyfilter_write_read),
        cmocka_unit_test(test_judge),
        cmocka_unit_test(test_judge_generated),
    };
    return cmocka_run_group_tests_name("wordset", tests, NULL, NULL);
}
