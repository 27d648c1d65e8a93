/* test_doc.c - a document's text and the classes of its tokens: each token
 * gets what the lexicon (and the name lists) say of it, whether the doc's
 * cache of frequent words knows it or not, across documents, tables and
 * changes to them, and words too long for the batched lookups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "doc.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "wordmemo.h"

/* Makes text the document's content and classifies it, with gaz's answers
 * too when gaz is not NULL. */
static void classify_gaz(nt_doc *d, const nt_lex *lx, const nt_gaz *gaz,
                         const char *text)
{
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    assert_non_null(copy);
    memcpy(copy, text, n + 1);
    nt_doc_set_text(d, "t", copy, n);
    nt_tokenize(d->clean, d->len, &d->toks);
    nt_doc_classify(d, lx, gaz);
}

/* Every token's answer from gaz is nt_gaz_first's. */
static void expect_gazetteer(const nt_doc *d, const nt_gaz *gaz)
{
    for (size_t k = 0; k < d->toks.n; k++) {
        uint64_t want = nt_gaz_first(gaz, d->clean, &d->toks.v[k]);
        if (d->tokgaz[k] != want)
            fail_msg("token %zu '%.*s': %llu, gazetteer %llu", k,
                     (int)(d->toks.v[k].end - d->toks.v[k].start),
                     d->clean + d->toks.v[k].start,
                     (unsigned long long)d->tokgaz[k], (unsigned long long)want);
    }
}

/* Makes text the document's content and classifies it (classes only). */
static void classify(nt_doc *d, const nt_lex *lx, const char *text)
{
    classify_gaz(d, lx, NULL, text);
}

/* Every token's class mask is the lexicon's answer for it (none for
 * numbers and punctuation). */
static void expect_lexicon(const nt_doc *d, const nt_lex *lx)
{
    for (size_t k = 0; k < d->toks.n; k++) {
        const nt_token *t = &d->toks.v[k];
        uint64_t want = t->shape == NT_SHAPE_PUNCT || t->shape == NT_SHAPE_DIGIT
                            ? 0
                            : nt_lex_lookup(lx, d->clean + t->start,
                                            t->end - t->start);
        if (d->tokclass[k] != want)
            fail_msg("token %zu '%.*s': %llu, lexicon %llu", k,
                     (int)(t->end - t->start), d->clean + t->start,
                     (unsigned long long)d->tokclass[k], (unsigned long long)want);
    }
}

static nt_lex *sample_lexicon(void)
{
    static const char *const months[] = {"January", "May", "Sept."};
    static const char *const long_words[] = {"internationally", /* 15 */
                                             "internationalism", /* 16 */
                                             "internationalists"}; /* 17 */
    nt_lex *lx = nt_lex_new();
    int m = nt_lex_class(lx, "month"), w = nt_lex_class(lx, "long");
    for (size_t i = 0; i < 3; i++) {
        nt_lex_add(lx, m, months[i], strlen(months[i]));
        nt_lex_add(lx, w, long_words[i], strlen(long_words[i]));
    }
    nt_lex_add(lx, w, "May", 3); /* two classes */
    nt_lex_add(lx, w, "abcdefgh", 8);
    return lx;
}

static const char *const sample_text =
    "In May, MAY and may: January 5, 2015. Sept. 30 and Sept 30. "
    "internationally internationalism internationalists INTERNATIONALISM "
    "abcdefgh abcdefg abcdefghi Zürich ZÜRICH 3.5% — the end";

/* The same text twice (the second time from the cache), then other
 * documents, with the doc reused as in batch runs. */
static void test_classes_as_lexicon(void **state)
{
    (void)state;
    nt_lex *lx = sample_lexicon();
    nt_doc d;
    nt_doc_init(&d);
    for (int round = 0; round < 2; round++) {
        classify(&d, lx, sample_text);
        expect_lexicon(&d, lx);
        assert_true(d.tokclass[1] == 3); /* "May": month and long */
    }
    classify(&d, lx, "");
    assert_int_equal(d.toks.n, 0);
    classify(&d, lx, "may May");
    expect_lexicon(&d, lx);
    nt_doc_free(&d);
    nt_lex_free(lx);
}

/* A word added after a document was classified counts for the next one,
 * and one doc used with two lexicons gets each one's classes. */
static void test_lexicon_changes(void **state)
{
    (void)state;
    nt_lex *lx = sample_lexicon(), *other = nt_lex_new();
    nt_doc d;
    nt_doc_init(&d);
    classify(&d, lx, "the end of May");
    assert_int_equal(d.tokclass[0], 0);
    nt_lex_add(lx, nt_lex_class(lx, "stop"), "the", 3);
    classify(&d, lx, "the end of May");
    assert_int_equal(d.tokclass[0], 4);
    expect_lexicon(&d, lx);
    nt_lex_add(other, nt_lex_class(other, "x"), "end", 3);
    classify(&d, other, "the end of May");
    assert_int_equal(d.tokclass[0], 0);
    assert_int_equal(d.tokclass[1], 1);
    assert_int_equal(d.tokclass[3], 0);
    classify(&d, lx, "the end of May");
    expect_lexicon(&d, lx);
    /* A new lexicon where a freed one was (the same address, often) is
     * still another lexicon. */
    nt_lex_free(other);
    other = nt_lex_new();
    classify(&d, other, "the end of May");
    for (size_t k = 0; k < d.toks.n; k++)
        assert_int_equal(d.tokclass[k], 0);
    nt_doc_free(&d);
    nt_lex_free(lx);
    nt_lex_free(other);
}

/* Far more distinct words than the cache has places: words that share a
 * place take it from each other, and every answer stays right, after the
 * cache has grown in the middle of the document too; half of them differ
 * only after their first 8 bytes. */
static void test_many_words(void **state)
{
    (void)state;
    nt_lex *lx = nt_lex_new();
    int even = nt_lex_class(lx, "even");
    char w[32];
    size_t cap = 100000 * 16, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (unsigned i = 0; i < 100000; i++) {
        int n = snprintf(w, sizeof w, i % 4 < 2 ? "w%ux" : "prefixed%ux", i);
        if (i % 2 == 0)
            nt_lex_add(lx, even, w, (size_t)n);
        memcpy(text + len, w, (size_t)n);
        len += (size_t)n;
        text[len++] = ' ';
    }
    text[len - 1] = '\0';
    nt_doc d;
    nt_doc_init(&d);
    for (int round = 0; round < 2; round++) {
        classify(&d, lx, text);
        assert_int_equal(d.toks.n, 100000);
        for (size_t k = 0; k < d.toks.n; k++)
            assert_int_equal(d.tokclass[k], k % 2 == 0);
        assert_int_equal(d.memo->bits, 15);
    }
    nt_doc_free(&d);
    nt_lex_free(lx);
    free(text);
}

/* The name lists' answers beside the classes: the same from the cache as
 * from the list, for numbers too ("1860 Munich" is a club); a name added,
 * or another list, counts at the next document. */
static void test_gazetteer_answers(void **state)
{
    (void)state;
    nt_lex *lx = sample_lexicon();
    nt_gaz *g = nt_gaz_new(), *other = nt_gaz_new();
    nt_gaz_add(g, "May", 3, NT_PERSON, 50, nt_gaz_intern(g, "names"));
    nt_gaz_add(g, "1860 Munich", 11, NT_ORGANIZATION, 50, nt_gaz_intern(g, "clubs"));
    nt_doc d;
    nt_doc_init(&d);
    for (int round = 0; round < 2; round++) {
        classify_gaz(&d, lx, g, sample_text);
        expect_lexicon(&d, lx);
        expect_gazetteer(&d, g);
        assert_int_not_equal(d.tokgaz[1], 0); /* "May" */
        assert_int_equal(d.tokgaz[0], 0);     /* "In" */
    }
    classify_gaz(&d, lx, g, "1860 Munich and Zürich");
    assert_int_not_equal(d.tokgaz[0], 0);
    assert_int_equal(d.tokgaz[3], 0);
    nt_gaz_add(g, "Zürich", strlen("Zürich"), NT_LOCATION, 50,
               nt_gaz_intern(g, "cities"));
    classify_gaz(&d, lx, g, "1860 Munich and Zürich");
    assert_int_not_equal(d.tokgaz[3], 0);
    expect_gazetteer(&d, g);
    classify_gaz(&d, lx, other, "1860 Munich and Zürich");
    for (size_t k = 0; k < d.toks.n; k++)
        assert_int_equal(d.tokgaz[k], 0);
    expect_lexicon(&d, lx);
    nt_doc_free(&d);
    nt_gaz_free(g);
    nt_gaz_free(other);
    nt_lex_free(lx);
}

/* A NUL byte in the input (which nt_wordmemo_get_text's words must not
 * hold) becomes a punctuation token of its own in the sanitized text, so
 * "May" followed by NUL is still the month, from the lists and from the
 * memo. */
static void test_nul_bytes(void **state)
{
    (void)state;
    static const char text[] = "May\0 May\0May abcdefgh\0abcdefgh\0\0";
    size_t n = sizeof text - 1;
    nt_lex *lx = sample_lexicon();
    nt_doc d;
    nt_doc_init(&d);
    for (int round = 0; round < 2; round++) {
        char *copy = malloc(n);
        assert_non_null(copy);
        memcpy(copy, text, n);
        nt_doc_set_text(&d, "t", copy, n);
        nt_tokenize(d.clean, d.len, &d.toks);
        nt_doc_classify(&d, lx, NULL);
        expect_lexicon(&d, lx);
        assert_int_equal(d.tokclass[0], 3); /* "May": month and long */
        assert_int_equal(d.toks.v[1].shape, NT_SHAPE_PUNCT);
        assert_int_equal(d.tokclass[2], 3);
        for (size_t k = 0; k < d.toks.n; k++)
            assert_null(memchr(d.clean + d.toks.v[k].start, '\0',
                               d.toks.v[k].end - d.toks.v[k].start));
    }
    nt_doc_free(&d);
    nt_lex_free(lx);
}

/* Words of every length around the memo's 16 bytes, in every case and
 * with letters that are not ASCII, with and without a final period: the
 * ASCII ones are folded and hashed from the memo's key, the others byte
 * by byte, and both give the lexicon's answer, from the lists and again
 * from the memo. */
static void test_word_lengths(void **state)
{
    (void)state;
    static const char *const forms[] = {"%s", "%s.", "X%s", "é%s", "%sÉ"};
    const char *letters = "abcdefghijklmnopqrst";
    nt_lex *lx = nt_lex_new();
    int c = nt_lex_class(lx, "c");
    char text[8000], w[40], low[40];
    size_t len = 0;
    for (size_t n = 1; n <= 18; n++)
        for (size_t f = 0; f < 5; f++) {
            for (size_t i = 0; i < n; i++) /* mixed case */
                low[i] = (char)(i % 3 ? letters[i] : letters[i] - 32);
            low[n] = '\0';
            snprintf(w, sizeof w, forms[f], low);
            if ((n + f) % 2)
                nt_lex_add(lx, c, w, strlen(w));
            len += (size_t)snprintf(text + len, sizeof text - len, "%s %s ", w,
                                    w);
        }
    nt_doc d;
    nt_doc_init(&d);
    for (int round = 0; round < 2; round++) {
        classify(&d, lx, text);
        expect_lexicon(&d, lx);
    }
    nt_doc_free(&d);
    nt_lex_free(lx);
}

/* Words too long to be folded beside the others (over 64 bytes) get the
 * same answers, in the middle of a text of many tokens: a name of 70
 * letters, a lexicon word of 64 with a final period. */
static void test_long_words(void **state)
{
    (void)state;
    char name[71], word[66], text[400];
    memset(name, 'z', 70);
    name[0] = 'Z';
    name[70] = '\0';
    memset(word, 'q', 64);
    word[64] = '\0';
    nt_lex *lx = sample_lexicon();
    nt_lex_add(lx, nt_lex_class(lx, "long"), word, 64);
    nt_gaz *g = nt_gaz_new();
    nt_gaz_add(g, name, 70, NT_LOCATION, 50, nt_gaz_intern(g, "places"));
    word[64] = '.';
    word[65] = '\0';
    snprintf(text, sizeof text, "a b c d e f g h i j k l m n o %s May %s May",
             name, word);
    nt_doc d;
    nt_doc_init(&d);
    for (int round = 0; round < 2; round++) {
        classify_gaz(&d, lx, g, text);
        expect_lexicon(&d, lx);
        expect_gazetteer(&d, g);
        assert_int_not_equal(d.tokgaz[15], 0); /* the long name */
        assert_int_equal(d.tokclass[17], 2);   /* the long word */
    }
    nt_doc_free(&d);
    nt_gaz_free(g);
    nt_lex_free(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes_as_lexicon),
        cmocka_unit_test(test_lexicon_changes),
        cmocka_unit_test(test_many_words),
        cmocka_unit_test(test_gazetteer_answers),
        cmocka_unit_test(test_long_words),
        cmocka_unit_test(test_word_lengths),
        cmocka_unit_test(test_nul_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
