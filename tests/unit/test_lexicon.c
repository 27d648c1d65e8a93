/* test_lexicon.c - word classes: a class per list file, case-insensitive
 * lookup without a final period, class masks, load errors, and the regex
 * alternation behind @{class} macros. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "lexicon.h"
#include "utf8.h"
#include "tmpdir.h"

static int setup(void **state)
{
    *state = tmp_folder("lexicon");
    return 0;
}

static int teardown(void **state)
{
    tmp_free(*state);
    return 0;
}

/* Loads DIR/REL (already written) into lx, failing the test on an error. */
static void load(nt_lex *lx, const char *dir, const char *rel)
{
    nt_error err = {{0}};
    if (nt_lex_load_file(lx, tmp_path(dir, rel), &err) != 0)
        fail_msg("loading %s: %s", rel, err.msg);
}

static uint64_t look(const nt_lex *lx, const char *w)
{
    return nt_lex_lookup(lx, w, strlen(w));
}

/* ---- loading ---- */

static void test_class_from_file_stem(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "title.txt", "President\nMinister\n");
    tmp_write(dir, "month.list.txt", "January\n");
    nt_lex *lx = nt_lex_new();
    assert_int_equal(nt_lex_class_find(lx, "title"), -1);
    load(lx, dir, "title.txt");
    load(lx, dir, "month.list.txt");
    int t = nt_lex_class_find(lx, "title");
    int m = nt_lex_class_find(lx, "month.list"); /* only the last extension */
    assert_int_equal(t, 0);
    assert_int_equal(m, 1);
    assert_string_equal(nt_lex_class_name(lx, t), "title");
    assert_string_equal(nt_lex_class_name(lx, m), "month.list");
    assert_null(nt_lex_class_name(lx, 2));
    assert_null(nt_lex_class_name(lx, -1));
    assert_int_equal(look(lx, "President"), 1ull << t);
    assert_int_equal(look(lx, "January"), 1ull << m);
    nt_lex_free(lx);
}

static void test_case_insensitive(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "title.txt", "President\nSão\n");
    nt_lex *lx = nt_lex_new();
    load(lx, dir, "title.txt");
    assert_int_equal(look(lx, "President"), 1);
    assert_int_equal(look(lx, "PRESIDENT"), 1);
    assert_int_equal(look(lx, "president"), 1);
    assert_int_equal(look(lx, "pResIdEnT"), 1);
    assert_int_equal(look(lx, "SÃO"), 1); /* beyond ASCII too */
    assert_int_equal(look(lx, "são"), 1);
    assert_int_equal(look(lx, "Presiden"), 0);
    assert_int_equal(look(lx, "Presidents"), 0);
    assert_int_equal(look(lx, "Sao"), 0);
    nt_lex_free(lx);
}

static void test_final_period(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "title.txt", "Mr.\nGov\n.\n");
    nt_lex *lx = nt_lex_new();
    load(lx, dir, "title.txt");
    /* Written with a period, found with or without one, and vice versa. */
    assert_int_equal(look(lx, "Mr."), 1);
    assert_int_equal(look(lx, "Mr"), 1);
    assert_int_equal(look(lx, "MR."), 1);
    assert_int_equal(look(lx, "Gov."), 1);
    assert_int_equal(look(lx, "Gov"), 1);
    /* Only one final period is ignored, and only at the end. */
    assert_int_equal(look(lx, "Mr.."), 0);
    assert_int_equal(look(lx, ".Mr"), 0);
    assert_int_equal(look(lx, "M.r"), 0);
    /* A lone period is a word of its own, not an empty one. */
    assert_int_equal(look(lx, "."), 1);
    assert_int_equal(look(lx, ""), 0);
    nt_lex_free(lx);
}

/* Words up to NT_LEX_WORD_MAX bytes (a final period aside) are members;
 * longer ones are never found, whatever the file says. */
static void test_word_max(void **state)
{
    (void)state;
    char w[NT_LEX_WORD_MAX + 3];
    memset(w, 'a', sizeof w - 1);
    w[sizeof w - 1] = '\0';
    nt_lex *lx = nt_lex_new();
    int c = nt_lex_class(lx, "long");
    nt_lex_add(lx, c, w, NT_LEX_WORD_MAX);
    nt_lex_add(lx, c, w, NT_LEX_WORD_MAX + 1);
    w[NT_LEX_WORD_MAX] = '.';
    w[NT_LEX_WORD_MAX + 1] = '\0';
    assert_int_equal(look(lx, w), 1); /* 64 letters and a period */
    w[NT_LEX_WORD_MAX] = '\0';
    assert_int_equal(look(lx, w), 1);
    w[NT_LEX_WORD_MAX] = 'a';
    assert_int_equal(look(lx, w), 0);
    assert_int_equal(look(lx, w + 1), 1);
    nt_lex_free(lx);
}

/* Lookups in two steps, all under way at once, answer as nt_lex_lookup
 * does: final periods, case, numbers, words too long to be members. */
static void test_asks_in_flight(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "title.txt", "Mr.\nGov\n.\nZürich\n2015\n");
    nt_lex *lx = nt_lex_new();
    load(lx, dir, "title.txt");
    char long_word[NT_LEX_WORD_MAX + 3];
    memset(long_word, 'a', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    const char *words[] = {"Mr.", "Mr", "MR.", "Gov.", ".", "M.r", "Mr..",
                           "ZÜRICH", "zürich.", "2015", "x", long_word,
                           long_word + 1, long_word + 2};
    enum { N = sizeof words / sizeof *words };
    char fold[N][4 * (NT_LEX_WORD_MAX + 2)];
    nt_map_ask q[N];
    for (size_t i = 0; i < N; i++) {
        size_t n = strlen(words[i]);
        size_t fn = nt_utf8_fold(words[i], n, fold[i]);
        q[i] = (nt_map_ask){fold[i], fn, nt_map_hash(fold[i], fn)};
        nt_lex_ask_start(lx, words[i], n, &q[i]);
    }
    for (size_t i = N; i-- > 0;)
        if (nt_lex_ask_end(lx, &q[i]) != look(lx, words[i]))
            fail_msg("'%s': two steps and one differ", words[i]);
    assert_int_equal(look(lx, "zürich."), 1);
    assert_int_equal(look(lx, long_word), 0);
    nt_lex_free(lx);
}

static void test_comments_blanks_spaces(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "common.txt",
              "# a comment line\n"
              "\n"
              "   \n"
              "  said  \n"
              "\twent\t\n"
              "windows\r\n"
              "last");
    nt_lex *lx = nt_lex_new();
    load(lx, dir, "common.txt");
    assert_int_equal(look(lx, "said"), 1);
    assert_int_equal(look(lx, "went"), 1);
    assert_int_equal(look(lx, "windows"), 1); /* CR stripped */
    assert_int_equal(look(lx, "last"), 1);    /* no final newline */
    assert_int_equal(look(lx, "#"), 0);
    assert_int_equal(look(lx, "comment"), 0);
    assert_int_equal(look(lx, "# a comment line"), 0);
    char *pat = nt_lex_pattern(lx, 0);
    assert_string_equal(pat, "(?:windows|last|said|went)");
    free(pat);
    nt_lex_free(lx);
}

static void test_mask_many_classes(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "firstname.txt", "Jordan\nParis\nMay\n");
    tmp_write(dir, "surname.txt", "Jordan\nSmith\n");
    tmp_write(dir, "month.txt", "May\nMarch\n");
    tmp_write(dir, "country.txt", "JORDAN\n");
    nt_lex *lx = nt_lex_new();
    load(lx, dir, "firstname.txt");
    load(lx, dir, "surname.txt");
    load(lx, dir, "month.txt");
    load(lx, dir, "country.txt");
    int f = nt_lex_class_find(lx, "firstname");
    int s = nt_lex_class_find(lx, "surname");
    int m = nt_lex_class_find(lx, "month");
    int c = nt_lex_class_find(lx, "country");
    assert_int_equal(f, 0);
    assert_int_equal(s, 1);
    assert_int_equal(m, 2);
    assert_int_equal(c, 3);
    assert_int_equal(look(lx, "jordan"),
                     (1ull << f) | (1ull << s) | (1ull << c));
    assert_int_equal(look(lx, "May"), (1ull << f) | (1ull << m));
    assert_int_equal(look(lx, "Paris"), 1ull << f);
    assert_int_equal(look(lx, "Smith"), 1ull << s);
    assert_int_equal(look(lx, "March"), 1ull << m);
    assert_int_equal(look(lx, "April"), 0);
    nt_lex_free(lx);
}

/* Loading two files of one stem fills one class. */
static void test_same_stem_two_folders(void **state)
{
    const char *dir = *state;
    tmp_mkdir(dir, "a");
    tmp_mkdir(dir, "b");
    tmp_write(dir, "a/title.txt", "Mr\n");
    tmp_write(dir, "b/title.txt", "Mrs\n");
    nt_lex *lx = nt_lex_new();
    load(lx, dir, "a/title.txt");
    load(lx, dir, "b/title.txt");
    assert_int_equal(nt_lex_class_find(lx, "title"), 0);
    assert_null(nt_lex_class_name(lx, 1));
    assert_int_equal(look(lx, "Mr"), 1);
    assert_int_equal(look(lx, "Mrs"), 1);
    nt_lex_free(lx);
}

static void test_line_with_space_is_error(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "title.txt", "# titles\nPresident\nPrime Minister\nKing\n");
    nt_lex *lx = nt_lex_new();
    nt_error err = {{0}};
    assert_int_equal(nt_lex_load_file(lx, tmp_path(dir, "title.txt"), &err),
                     -1);
    assert_msg_has(err.msg, "title.txt:3:", "single words", NULL);
    nt_lex_free(lx);

    tmp_write(dir, "tab.txt", "one\ntwo\tthree\n");
    lx = nt_lex_new();
    memset(&err, 0, sizeof err);
    assert_int_equal(nt_lex_load_file(lx, tmp_path(dir, "tab.txt"), &err), -1);
    assert_msg_has(err.msg, "tab.txt:2:", NULL);
    nt_lex_free(lx);
}

static void test_missing_file(void **state)
{
    const char *dir = *state;
    nt_lex *lx = nt_lex_new();
    nt_error err = {{0}};
    const char *path = tmp_path(dir, "nothere.txt");
    assert_int_equal(nt_lex_load_file(lx, path, &err), -1);
    assert_msg_has(err.msg, "nothere.txt", strerror(ENOENT), NULL);
    /* A NULL error record is allowed. */
    assert_int_equal(nt_lex_load_file(lx, path, NULL), -1);
    nt_lex_free(lx);
}

/* A file that opens but cannot be read is an error, not an empty list. */
static void test_unreadable_file(void **state)
{
    const char *dir = *state;
    tmp_mkdir(dir, "folder.txt");
    nt_lex *lx = nt_lex_new();
    nt_error err = {{0}};
    assert_int_equal(nt_lex_load_file(lx, tmp_path(dir, "folder.txt"), &err),
                     -1);
    assert_msg_has(err.msg, "folder.txt", strerror(EISDIR), NULL);
    nt_lex_free(lx);
}

/* ---- classes and words added directly ---- */

static void test_class_ids(void **state)
{
    (void)state;
    nt_lex *lx = nt_lex_new();
    assert_int_equal(nt_lex_class(lx, "a"), 0);
    assert_int_equal(nt_lex_class(lx, "b"), 1);
    assert_int_equal(nt_lex_class(lx, "a"), 0); /* same name, same id */
    assert_int_equal(nt_lex_class_find(lx, "b"), 1);
    assert_int_equal(nt_lex_class_find(lx, "c"), -1);
    /* A name as a pattern spells it: its length, not a NUL, ends it. */
    nt_error err = {0};
    assert_int_equal(nt_lex_class_named(lx, "b}x", 1, &err), 1);
    assert_int_equal(nt_lex_class_named(lx, "ab", 2, &err), -1);
    assert_string_equal(err.msg, "unknown word class 'ab'");
    char name[16];
    for (int i = 2; i < NT_LEX_MAX_CLASSES; i++) {
        snprintf(name, sizeof name, "c%d", i);
        assert_int_equal(nt_lex_class(lx, name), i);
    }
    /* All 64 taken: no new class, but the old ones are still found. */
    assert_int_equal(nt_lex_class(lx, "extra"), -1);
    assert_int_equal(nt_lex_class(lx, "c63"), 63);
    /* The 64th class uses the top bit of the mask. */
    nt_lex_add(lx, 63, "top", 3);
    nt_lex_add(lx, 0, "top", 3);
    assert_int_equal(nt_lex_lookup(lx, "TOP", 3), (1ull << 63) | 1ull);
    nt_lex_free(lx);
    nt_lex_free(NULL);
}

static void test_class_limit_on_load(void **state)
{
    const char *dir = *state;
    nt_lex *lx = nt_lex_new();
    char name[16];
    for (int i = 0; i < NT_LEX_MAX_CLASSES; i++) {
        snprintf(name, sizeof name, "c%d", i);
        nt_lex_class(lx, name);
    }
    tmp_write(dir, "one_too_many.txt", "word\n");
    nt_error err = {{0}};
    assert_int_equal(
        nt_lex_load_file(lx, tmp_path(dir, "one_too_many.txt"), &err), -1);
    assert_msg_has(err.msg, "one_too_many.txt", "64", NULL);
    assert_int_equal(look(lx, "word"), 0);
    nt_lex_free(lx);
}

static void test_add_bounds(void **state)
{
    (void)state;
    nt_lex *lx = nt_lex_new();
    int c = nt_lex_class(lx, "w");
    nt_lex_add(lx, c, "alpha", 5);
    nt_lex_add(lx, 5, "beta", 4);   /* no such class yet: ignored */
    nt_lex_add(lx, -1, "gamma", 5); /* ignored */
    nt_lex_add(lx, c, "", 0);       /* empty: ignored */
    assert_int_equal(look(lx, "alpha"), 1);
    assert_int_equal(look(lx, "beta"), 0);
    assert_int_equal(look(lx, "gamma"), 0);
    /* Words of more than 64 bytes are never members. */
    char w65[66], w64[65];
    memset(w65, 'x', 65);
    w65[65] = '\0';
    memset(w64, 'y', 64);
    w64[64] = '\0';
    nt_lex_add(lx, c, w65, 65);
    nt_lex_add(lx, c, w64, 64);
    assert_int_equal(look(lx, w65), 0);
    assert_int_equal(look(lx, w64), 1);
    /* Only n bytes of the word count. */
    nt_lex_add(lx, c, "deltaXYZ", 5);
    assert_int_equal(look(lx, "delta"), 1);
    assert_int_equal(look(lx, "deltaXYZ"), 0);
    nt_lex_free(lx);
}

/* ---- nt_lex_pattern ---- */

static void test_pattern_longest_first(void **state)
{
    (void)state;
    nt_lex *lx = nt_lex_new();
    int c = nt_lex_class(lx, "t");
    static const char *const words[] = {"New", "St.", "Newest",
                                        "a+b", "(x)", "Ne"};
    for (size_t i = 0; i < 6; i++)
        nt_lex_add(lx, c, words[i], strlen(words[i]));
    char *pat = nt_lex_pattern(lx, c);
    /* Longer first (so "Newest" is tried before "New"), then byte order. */
    assert_string_equal(pat, "(?:Newest|\\(x\\)|New|St\\.|a\\+b|Ne)");
    free(pat);
    nt_lex_free(lx);
}

static void test_pattern_escapes_every_metachar(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "meta.txt", "a\\^$.|?*+()[]{}z\nplain\n");
    nt_lex *lx = nt_lex_new();
    load(lx, dir, "meta.txt");
    char *pat = nt_lex_pattern(lx, 0);
    assert_string_equal(
        pat, "(?:a\\\\\\^\\$\\.\\|\\?\\*\\+\\(\\)\\[\\]\\{\\}z|plain)");
    free(pat);
    nt_lex_free(lx);
}

/* Words appear as first written: a second spelling of the same folded word
 * adds nothing; the same word in another class is listed there too. */
static void test_pattern_as_written_once(void **state)
{
    (void)state;
    nt_lex *lx = nt_lex_new();
    int a = nt_lex_class(lx, "a"), b = nt_lex_class(lx, "b");
    nt_lex_add(lx, a, "President", 9);
    nt_lex_add(lx, a, "PRESIDENT", 9);
    nt_lex_add(lx, a, "president.", 10);
    nt_lex_add(lx, b, "PRESIDENT", 9);
    char *pa = nt_lex_pattern(lx, a), *pb = nt_lex_pattern(lx, b);
    assert_string_equal(pa, "(?:President)");
    assert_string_equal(pb, "(?:PRESIDENT)");
    free(pa);
    free(pb);
    assert_int_equal(look(lx, "president"), 3);
    nt_lex_free(lx);
}

/* A class without words matches nothing (not the empty string). */
static void test_pattern_empty_class(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "empty.txt", "# nothing yet\n\n");
    nt_lex *lx = nt_lex_new();
    load(lx, dir, "empty.txt");
    int c = nt_lex_class_find(lx, "empty");
    assert_int_equal(c, 0);
    char *pat = nt_lex_pattern(lx, c);
    assert_string_equal(pat, "(?!)");
    free(pat);
    nt_lex_free(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_class_from_file_stem, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_case_insensitive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_final_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comments_blanks_spaces, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_mask_many_classes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_same_stem_two_folders, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_line_with_space_is_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_file, setup, teardown),
        cmocka_unit_test(test_class_ids),
        cmocka_unit_test_setup_teardown(test_class_limit_on_load, setup,
                                        teardown),
        cmocka_unit_test(test_add_bounds),
        cmocka_unit_test(test_pattern_longest_first),
        cmocka_unit_test(test_word_max),
        cmocka_unit_test_setup_teardown(test_asks_in_flight, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pattern_escapes_every_metachar,
                                        setup, teardown),
        cmocka_unit_test(test_pattern_as_written_once),
        cmocka_unit_test_setup_teardown(test_pattern_empty_class, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("lexicon", tests, NULL, NULL);
}
