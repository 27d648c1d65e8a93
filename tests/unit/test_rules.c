/* test_rules.c - PCRE2 rules: every trigger kind, the span group,
 * macros, load errors with file and line, matches that would end inside a
 * word, patterns that backtrack catastrophically, and rules that run
 * together in one match (each must find what it finds alone). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "buf.h"
#include "lexicon.h"
#include "rules.h"
#include "ruleset.h"
#include "tmpdir.h"
#include "tokenize.h"
#include "wordtest.h"

/* A temporary folder with word lists, the classes loaded from them, and a
 * rules set; texts are tokenized and classified as the extractor does. */
typedef struct {
    char *dir;
    nt_lex *lx;
    nt_rules *r;
    nt_tokens toks;
    uint64_t *cls;
    nt_entities out;
    nt_buf got; /* the entities found, described one a line */
} fixture;

static const struct {
    const char *file, *words;
} lists[] = {
    {"title.txt", "President\nMr.\nMinister\n"},
    {"month.txt", "January\nJan.\nMay\n"},
    {"orgsuffix.txt", "Inc\nCorp.\n"},
    {"kw.txt", "go\nJanet\nJan\nJan\xc3\xa9\nJan5\n"},
    {"empty.txt", "# no words yet\n"},
    {"pair.txt", "Ab\nabc\n"},
    {"role.txt", "President\nMr.\nDr\nSe\xc3\xb1or\nVice-President\n"
                 "Minister\n"},
};

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = tmp_folder("rules");
    f->lx = nt_lex_new();
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        nt_error err = {{0}};
        tmp_write(f->dir, lists[i].file, lists[i].words);
        if (nt_lex_load_file(f->lx, tmp_path(f->dir, lists[i].file), &err))
            fail_msg("%s", err.msg);
    }
    f->r = nt_rules_new();
    nt_tokens_init(&f->toks);
    nt_entities_init(&f->out);
    nt_buf_init(&f->got);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nt_rules_free(f->r);
    nt_lex_free(f->lx);
    nt_tokens_free(&f->toks);
    free(f->cls);
    nt_entities_free(&f->out);
    nt_buf_free(&f->got);
    tmp_free(f->dir);
    free(f);
    return 0;
}

/* Writes a rules file and loads it, failing the test on an error. */
static void load_rules(fixture *f, const char *text)
{
    nt_error err = {{0}};
    tmp_write(f->dir, "test.rules", text);
    if (nt_rules_load_file(f->r, f->lx, tmp_path(f->dir, "test.rules"), &err))
        fail_msg("%s", err.msg);
}

/* Runs the rules over text; returns the matches, one a line, as
 * "SOURCE TYPE PRIORITY START-END [TEXT]". */
static const char *apply(fixture *f, const char *text)
{
    size_t len = strlen(text);
    nt_tokenize(text, len, &f->toks);
    free(f->cls);
    f->cls = calloc(f->toks.n + 1, sizeof *f->cls);
    assert_non_null(f->cls);
    for (size_t k = 0; k < f->toks.n; k++) {
        const nt_token *t = &f->toks.v[k];
        if (t->shape != NT_SHAPE_PUNCT && t->shape != NT_SHAPE_DIGIT)
            f->cls[k] =
                nt_lex_lookup(f->lx, text + t->start, t->end - t->start);
    }
    nt_entities_clear(&f->out);
    nt_rules_apply(f->r, text, len, f->toks.v, f->toks.n, f->cls, &f->out);
    nt_buf_reset(&f->got);
    for (size_t i = 0; i < f->out.n; i++) {
        const nt_entity *e = &f->out.v[i];
        assert_true(e->start < e->end && e->end <= len);
        assert_string_equal(e->value, "");
        nt_buf_printf(&f->got, "%s %s %d %zu-%zu [%.*s]\n", e->source,
                      nt_type_name(e->type), e->priority, e->start, e->end,
                      (int)(e->end - e->start), text + e->start);
    }
    return nt_buf_cstr(&f->got);
}

/* Loads a rules file that must fail and checks the message has the file
 * name, "test.rules:LINE: " and why. */
static void expect_error(fixture *f, const char *text, int line,
                         const char *why)
{
    nt_rules *r = nt_rules_new();
    nt_error err = {{0}};
    tmp_write(f->dir, "test.rules", text);
    assert_int_equal(
        nt_rules_load_file(r, f->lx, tmp_path(f->dir, "test.rules"), &err), -1);
    char where[32];
    snprintf(where, sizeof where, "test.rules:%d: ", line);
    assert_msg_has(err.msg, tmp_path(f->dir, "test.rules"), where, why, NULL);
    nt_rules_free(r);
}

/* ---- triggers ---- */

static void test_trigger_class(void **state)
{
    fixture *f = *state;
    load_rules(f,
               "# people\n"
               "tp PERSON 60 @title @{title}\\.?\\s+(?<span>\\p{Lu}\\p{L}+)\n");
    assert_int_equal(nt_rules_count(f->r), 1);
    assert_string_equal(
        apply(f, "Yesterday President Obama and Mr. Putin met."),
        "tp PERSON 60 20-25 [Obama]\n"
        "tp PERSON 60 34-39 [Putin]\n");
    /* The match starts at the trigger: a name before it is not taken. */
    assert_string_equal(apply(f, "Obama, President"), "");
    /* Words are classified case-insensitively, but the pattern is
     * case-sensitive as written. */
    assert_string_equal(apply(f, "the president Obama"), "");
    assert_string_equal(apply(f, "PRESIDENT Obama"), "");
    /* Anchored at the trigger: no search onwards from a failed start. */
    assert_string_equal(apply(f, "president Obama met President Putin"),
                        "tp PERSON 60 30-35 [Putin]\n");
}

/* Only tokens of the class start a rule, even where the pattern would
 * match elsewhere. */
static void test_trigger_class_only(void **state)
{
    fixture *f = *state;
    load_rules(f, "cap PERSON 50 @title \\p{Lu}\\p{L}+\n");
    assert_string_equal(apply(f, "Bill Minister Smith"),
                        "cap PERSON 50 5-13 [Minister]\n");
}

static void test_trigger_cover(void **state)
{
    fixture *f = *state;
    load_rules(f, "org ORGANIZATION 55 <@orgsuffix "
                  "(?:\\p{Lu}\\p{L}*\\s+){1,3}@{orgsuffix}\\.?\n");
    assert_string_equal(apply(f, "shares of Acme Widgets Inc. rose"),
                        "org ORGANIZATION 55 10-27 [Acme Widgets Inc.]\n");
    /* The earliest start that matches, so the longest name: "Alpha" cannot
     * start a match ({1,3} words), "Beta" can. */
    assert_string_equal(apply(f, "Alpha Beta Gamma Delta Inc"),
                        "org ORGANIZATION 55 6-26 [Beta Gamma Delta Inc]\n");
    /* The keyword may be the first token. */
    assert_string_equal(apply(f, "Corp. said"), "");
    assert_string_equal(apply(f, "Big Corp. said"),
                        "org ORGANIZATION 55 0-9 [Big Corp.]\n");
}

/* A match must cover the keyword: matches that end before it don't count. */
static void test_trigger_cover_must_cover(void **state)
{
    fixture *f = *state;
    load_rules(f, "one ORGANIZATION 50 <@orgsuffix \\p{Lu}\\p{L}+\n");
    assert_string_equal(apply(f, "Alpha Beta Inc"),
                        "one ORGANIZATION 50 11-14 [Inc]\n");
    assert_string_equal(apply(f, "Inc"), "one ORGANIZATION 50 0-3 [Inc]\n");
}

/* A match that stops where the keyword begins does not cover it. */
static void test_trigger_cover_up_to_keyword(void **state)
{
    fixture *f = *state;
    load_rules(f,
               "words ORGANIZATION 50 <@orgsuffix (?:\\p{Lu}\\p{L}+\\s+)+\n");
    assert_string_equal(apply(f, "Alpha Beta Inc"), "");
    assert_string_equal(apply(f, "Alpha Beta Inc said"),
                        "words ORGANIZATION 50 0-15 [Alpha Beta Inc ]\n");
}

/* Starts reach 8 tokens back, stop at a paragraph break, and skip
 * punctuation tokens. */
static void test_trigger_cover_reach(void **state)
{
    fixture *f = *state;
    load_rules(f, "org ORGANIZATION 55 <@orgsuffix "
                  "\\(?(?:\\p{Lu}\\p{L}*\\s+)+@{orgsuffix}\n");
    /* Inc is token 10; the earliest start is token 2, "Cc". */
    assert_string_equal(
        apply(f, "Aa Bb Cc Dd Ee Ff Gg Hh Ii Jj Inc"),
        "org ORGANIZATION 55 6-33 [Cc Dd Ee Ff Gg Hh Ii Jj Inc]\n");
    assert_string_equal(apply(f, "Alpha Beta\n\nGamma Inc"),
                        "org ORGANIZATION 55 12-21 [Gamma Inc]\n");
    assert_string_equal(apply(f, "(Acme Inc"),
                        "org ORGANIZATION 55 1-9 [Acme Inc]\n");
    /* Keywords 8 or more tokens in (their reach's flags read at once): a
     * paragraph starting 7 tokens back, at the keyword itself, or at the
     * earliest start (8 back), which is taken either way. */
    assert_string_equal(
        apply(f, "Aa Bb Cc Dd Ee Ff Gg Hh\n\nIi Jj Kk Ll Mm Nn Oo Inc"),
        "org ORGANIZATION 55 25-49 [Ii Jj Kk Ll Mm Nn Oo Inc]\n");
    assert_string_equal(apply(f, "Aa Bb Cc Dd Ee Ff Gg Hh Ii\n\nInc"), "");
    assert_string_equal(
        apply(f, "Aa Bb Cc Dd Ee Ff Gg\n\nHh Ii Jj Kk Ll Mm Nn Oo Inc"),
        "org ORGANIZATION 55 22-49 [Hh Ii Jj Kk Ll Mm Nn Oo Inc]\n");
}

static void test_trigger_year(void **state)
{
    fixture *f = *state;
    load_rules(f, "yr DATE 40 #year \\d{4}\n");
    assert_string_equal(
        apply(f, "in 1999, 3000, 0999, 12345, 199, 1000s and 2999 or 1000"),
        "yr DATE 40 3-7 [1999]\n"
        "yr DATE 40 43-47 [2999]\n"
        "yr DATE 40 51-55 [1000]\n");
}

static void test_trigger_digits(void **state)
{
    fixture *f = *state;
    load_rules(f, "iso DATE 70 #digits \\d{4}-\\d\\d-\\d\\d\n"
                  "num DATE 10 #digits \\d[\\d,]*(?:rd)?\n");
    /* Number tokens only: "3rd" (letters too) does not trigger. Both rules
     * run at 2015-05-09; "2015" ends before a hyphen, not inside a word. */
    assert_string_equal(apply(f, "on 2015-05-09, 1,000 and 3rd"),
                        "iso DATE 70 3-13 [2015-05-09]\n"
                        "num DATE 10 3-7 [2015]\n"
                        "num DATE 10 15-20 [1,000]\n");
}

/* Tokens of digits then letters, and words with an inner hyphen. */
static void test_trigger_alnum_hyphen(void **state)
{
    fixture *f = *state;
    load_rules(f, "an DATE 50 #alnum [\\d\\p{L}-]+\n"
                  "hy DATE 40 #hyphen [\\p{L}\\d]+-\\p{L}+\n");
    assert_string_equal(
        apply(f, "the 1990s, 1990, a two-year plan, 5-year, 3rd, a-b, X-ray"),
        "an DATE 50 4-9 [1990s]\n"
        "hy DATE 40 19-27 [two-year]\n"
        "an DATE 50 34-40 [5-year]\n"
        "an DATE 50 42-45 [3rd]\n"
        "hy DATE 40 47-50 [a-b]\n"
        "hy DATE 40 52-57 [X-ray]\n");
    /* A hyphen at either end is not inner. */
    assert_string_equal(apply(f, "-year, year-"), "");
}

/* Inner hyphens wherever they fall: in a word or a number before, at a
 * token's start or end, one character away, several in a word or a row. */
static void test_trigger_hyphen_where(void **state)
{
    fixture *f = *state;
    load_rules(f, "hy DATE 40 #hyphen \\p{L}+(?:-\\p{L}+)+\n");
    assert_string_equal(
        apply(f, "1990-2000 x a-b-c -d e- f-g h, i-j-k, 5-l m-n-"),
        "hy DATE 40 12-17 [a-b-c]\n"
        "hy DATE 40 24-27 [f-g]\n"
        "hy DATE 40 31-36 [i-j-k]\n"
        "hy DATE 40 42-45 [m-n]\n");
    assert_string_equal(apply(f, "-"), "");
    assert_string_equal(apply(f, "x-"), "");
    assert_string_equal(apply(f, "ab-c"), "hy DATE 40 0-4 [ab-c]\n");
}

/* Shape triggers without a #hyphen rule: no hyphen is looked for, and
 * words with one trigger by their shape alone; a run of tokens that
 * trigger nothing (punctuation, lowercase words) before each. */
static void test_trigger_shapes_without_hyphen(void **state)
{
    fixture *f = *state;
    load_rules(f, "cap DATE 30 #cap \\p{Lu}[\\p{L}-]*\n"
                  "num DATE 20 #digits \\d+\n");
    assert_string_equal(
        apply(f, "a two-year plan -- x-ray, 5 May-June ab-c; 12 de X"),
        "num DATE 20 26-27 [5]\n"
        "cap DATE 30 28-36 [May-June]\n"
        "num DATE 20 43-45 [12]\n"
        "cap DATE 30 49-50 [X]\n");
}

/* A #hyphen rule beside a class rule: tokens of the class trigger theirs
 * whether or not a hyphen is near, and a hyphen found from a token far
 * before still counts for the token it is in. */
static void test_trigger_hyphen_with_class(void **state)
{
    fixture *f = *state;
    load_rules(f, "hy DATE 40 #hyphen \\p{L}+-\\p{L}+\n"
                  "t PERSON 50 @title @{title}\n");
    assert_string_equal(
        apply(f, "ab cd ef gh President ij kl -- mn op-qr Minister st"),
        "t PERSON 50 12-21 [President]\n"
        "hy DATE 40 34-39 [op-qr]\n"
        "t PERSON 50 40-48 [Minister]\n");
}

/* The bytes a cover rule's match can hold (see cover_limit): starts
 * before a byte it cannot hold (','), or before white space followed by
 * one it cannot hold there (a lowercase word), are not tried, and those
 * after are, white space of any kind before a byte it can hold. Read by
 * the byte sets for a batch's first keywords, by its table after (24
 * keywords here). */
static void test_cover_span_bytes(void **state)
{
    fixture *f = *state;
    load_rules(f, "org ORGANIZATION 55 <@orgsuffix "
                  "(?:\\p{Lu}\\p{L}*\\s+)+@{orgsuffix}\n");
    for (int i = 0; i < 8; i++) {
        assert_string_equal(apply(f, "Acme, Big Widgets Inc"),
                            "org ORGANIZATION 55 6-21 [Big Widgets Inc]\n");
        assert_string_equal(apply(f, "Acme big Widgets Inc"),
                            "org ORGANIZATION 55 9-20 [Widgets Inc]\n");
        assert_string_equal(
            apply(f, "Acme\tWidgets \n Inc"),
            "org ORGANIZATION 55 0-18 [Acme\tWidgets \n Inc]\n");
    }
}

/* What a cover rule's match can hold after white space, two bytes on
 * (see space_fits): starts before white space and two bytes no match
 * holds there ("as", "dx") are not tried, and those after are; a match
 * with white space of other kinds, runs of it, or a character beyond
 * ASCII after it is still found, and a start the two bytes let through
 * ("an" then a space) fails in the pattern. Read from the batch's 16th
 * keyword on (48 here). */
static void test_cover_space_pairs(void **state)
{
    fixture *f = *state;
    load_rules(f, "org ORGANIZATION 55 <@orgsuffix "
                  "(?:\\p{Lu}\\p{L}*\\s+(?:and\\s+|de\\s+)?)+@{orgsuffix}\n");
    for (int i = 0; i < 8; i++) {
        assert_string_equal(apply(f, "Acme and Beta Inc"),
                            "org ORGANIZATION 55 0-17 [Acme and Beta Inc]\n");
        assert_string_equal(apply(f, "Acme as Beta Inc"),
                            "org ORGANIZATION 55 8-16 [Beta Inc]\n");
        assert_string_equal(apply(f, "Acme de Beta Inc"),
                            "org ORGANIZATION 55 0-16 [Acme de Beta Inc]\n");
        assert_string_equal(apply(f, "Acme dx Beta Inc"),
                            "org ORGANIZATION 55 8-16 [Beta Inc]\n");
        assert_string_equal(
            apply(f, "Acme  and\tBeta \xc3\x89ta Inc"),
            "org ORGANIZATION 55 0-23 [Acme  and\tBeta \xc3\x89ta Inc]\n");
        assert_string_equal(apply(f, "Acme an Beta Inc"),
                            "org ORGANIZATION 55 8-16 [Beta Inc]\n");
    }
}

/* A type the program does not know becomes a custom type. */
static void test_custom_type(void **state)
{
    fixture *f = *state;
    load_rules(f, "prod GADGET 50 @kw go\n");
    nt_type t;
    assert_int_equal(nt_type_parse("GADGET", 6, &t), 0);
    assert_true(t >= NT_NTYPES);
    assert_string_equal(apply(f, "go"), "prod GADGET 50 0-2 [go]\n");
}

/* Every rule triggered by a token runs there, in file order. */
static void test_several_rules_one_token(void **state)
{
    fixture *f = *state;
    load_rules(f, "define W \\p{Lu}\\p{L}+\n"
                  "b PERSON 50 @title @{title}\\s+(?<span>{W})\n"
                  "a ORGANIZATION 40 @title @{title}\\s+{W}\n"
                  "n NONE 90 @title Minister\n");
    assert_int_equal(nt_rules_count(f->r), 3);
    assert_string_equal(apply(f, "Minister Lavrov"),
                        "b PERSON 50 9-15 [Lavrov]\n"
                        "a ORGANIZATION 40 0-15 [Minister Lavrov]\n"
                        "n NONE 90 0-8 [Minister]\n");
}

/* The rules of a token come out in file order, whichever ran first: here
 * the start rule runs before the cover rule written above it, and the
 * shape rules after both. */
static void test_found_file_order(void **state)
{
    fixture *f = *state;
    load_rules(f, "cv ORGANIZATION 30 <@orgsuffix \\p{Lu}\\p{L}+\\s+Inc\n"
                  "up PERSON 60 #cap Inc\n"
                  "st NONE 90 @orgsuffix Inc\n"
                  "cap PERSON 50 #cap \\p{Lu}\\p{L}+\n");
    assert_string_equal(apply(f, "Acme Inc"),
                        "cap PERSON 50 0-4 [Acme]\n"
                        "cv ORGANIZATION 30 0-8 [Acme Inc]\n"
                        "st NONE 90 5-8 [Inc]\n"
                        "up PERSON 60 5-8 [Inc]\n"
                        "cap PERSON 50 5-8 [Inc]\n");
}

/* ---- span group ---- */

static void test_span_group(void **state)
{
    fixture *f = *state;
    load_rules(
        f,
        "opt PERSON 50 @title @{title}(?:\\s+(?<span>\\p{Lu}\\p{L}+))?\n"
        "empty PERSON 50 @kw go\\s*(?<span>x?)\n"
        "later PERSON 40 @kw Jan(?:\\s+(?<span>\\p{Lu}\\p{L}+))?(\\s+said)?\n");
    assert_string_equal(apply(f, "President Obama"),
                        "opt PERSON 50 10-15 [Obama]\n");
    /* The group did not take part: the whole match is the entity. */
    assert_string_equal(apply(f, "President said"),
                        "opt PERSON 50 0-9 [President]\n");
    /* An empty span is no entity. */
    assert_string_equal(apply(f, "go x"), "empty PERSON 50 3-4 [x]\n");
    assert_string_equal(apply(f, "go"), "");
    /* Unset while a later group is set. */
    assert_string_equal(apply(f, "Jan said"),
                        "later PERSON 40 0-8 [Jan said]\n");
    assert_string_equal(apply(f, "Jan Smith said"),
                        "later PERSON 40 4-9 [Smith]\n");
}

/* The ovector must hold every group: a span group after many others. */
static void test_many_groups(void **state)
{
    fixture *f = *state;
    nt_buf b;
    nt_buf_init(&b);
    nt_buf_puts(&b, "many PERSON 50 @kw go");
    for (int i = 0; i < 40; i++)
        nt_buf_puts(&b, "(x?)");
    nt_buf_puts(&b, "\\s+(?<span>\\p{Lu}\\p{L}+)\n");
    load_rules(f, nt_buf_cstr(&b));
    nt_buf_free(&b);
    assert_string_equal(apply(f, "go Paris"), "many PERSON 50 3-8 [Paris]\n");
}

/* ---- macros ---- */

static void test_macros(void **state)
{
    fixture *f = *state;
    load_rules(f, "define UP \\p{Lu}\n"
                  "define WORD {UP}\\p{Ll}+\n"
                  "define NAME {WORD}(?:\\s+{WORD})*\n"
                  "define T @{title}\n"
                  "tp PERSON 60 @title {T}\\.?\\s+(?<span>{NAME})\n");
    assert_int_equal(nt_rules_count(f->r), 1);
    assert_string_equal(apply(f, "Mr. Barack Hussein Obama said"),
                        "tp PERSON 60 4-24 [Barack Hussein Obama]\n");
    /* @{title} is exactly the class's words: "Mrs." is not one. */
    assert_string_equal(apply(f, "Mrs. Clinton"), "");
}

/* @{class} of a class without words matches nothing, not "". */
static void test_macro_empty_class(void **state)
{
    fixture *f = *state;
    load_rules(f, "e PERSON 50 @kw go@{empty}\n"
                  "n PERSON 50 @kw go(?!@{empty})\n");
    assert_string_equal(apply(f, "go"), "n PERSON 50 0-2 [go]\n");
}

/* {NAME} is a group: a quantifier after it repeats the whole pattern. */
static void test_macro_is_group(void **state)
{
    fixture *f = *state;
    load_rules(f, "define AB ab|cd\n"
                  "g PERSON 50 @kw go {AB}{2}\n");
    assert_string_equal(apply(f, "go abcd"), "g PERSON 50 0-7 [go abcd]\n");
    assert_string_equal(apply(f, "go ab"), "");
}

/* Escapes with braces are copied whole, never taken for macros. */
static void test_escapes_not_macros(void **state)
{
    fixture *f = *state;
    load_rules(f, "define Lu q\n"
                  "define x q\n"
                  "define NAME zzz\n"
                  "p PERSON 50 @kw go\\s+(?<span>\\p{Lu}\\p{Ll}+)\n"
                  "h PERSON 50 @kw go\\s+(?<span>\\x{41}\\d{2})\n"
                  "l PERSON 50 @kw go\\s+(?<span>\\{NAME\\})\n"
                  "m PERSON 50 @kw go\\s+(?<span>{NAME-})\n");
    assert_string_equal(apply(f, "go Paris"), "p PERSON 50 3-8 [Paris]\n");
    assert_string_equal(apply(f, "go A12"), "h PERSON 50 3-6 [A12]\n");
    assert_string_equal(apply(f, "go {NAME}"), "l PERSON 50 3-9 [{NAME}]\n");
    /* A brace not closing a name is a literal brace. */
    assert_string_equal(apply(f, "go {NAME-}"), "m PERSON 50 3-10 [{NAME-}]\n");
}

/* ---- load errors ---- */

static void test_errors(void **state)
{
    fixture *f = *state;
    expect_error(f, "# c\n\nr PERSON 50 @nope x\n", 3,
                 "unknown word class 'nope' in trigger");
    expect_error(f, "r PERSON 50 <@nope x\n", 1,
                 "unknown word class 'nope' in trigger");
    expect_error(f, "r PERSON 50 @title x\nr2 PERSON 50 @title @{nope}\n", 2,
                 "unknown word class 'nope'");
    expect_error(f, "define X @{nope}\n", 1, "unknown word class 'nope'");
    expect_error(f, "r PERSON 50 title x\n", 1, "bad trigger 'title'");
    expect_error(f, "r PERSON 50 #month x\n", 1, "bad trigger '#month'");
    expect_error(f, "r PERSON 50 <title x\n", 1, "bad trigger '<title'");
    expect_error(f, "r PERSON 50 @ x\n", 1, "bad trigger '@'");
    expect_error(f, "r TH!NG 50 @title x\n", 1, "bad type name 'TH!NG'");
    expect_error(f, "r PERSON high @title x\n", 1, "bad priority 'high'");
    expect_error(f, "r PERSON -1 @title x\n", 1, "bad priority '-1'");
    expect_error(f, "r PERSON 1001 @title x\n", 1, "bad priority '1001'");
    expect_error(f, "r PERSON 5x @title x\n", 1, "bad priority '5x'");
    expect_error(f, "r PERSON 50 @title\n", 1,
                 "expected: NAME TYPE PRIORITY TRIGGER PATTERN");
    expect_error(f, "r PERSON\n", 1,
                 "expected: NAME TYPE PRIORITY TRIGGER PATTERN");
    expect_error(f, "define X\n", 1, "expected: define NAME PATTERN");
    expect_error(f, "define 9x abc\n", 1, "expected: define NAME PATTERN");
}

static void test_error_pcre2(void **state)
{
    fixture *f = *state;
    expect_error(f,
                 "ok PERSON 50 @title x\r\n# comment\r\nbroken PERSON 50 "
                 "@title (abc\r\n",
                 3, "rule 'broken': missing closing parenthesis");
    expect_error(f, "bad DATE 50 #year \\d{4\\p{Nope}\n", 1, "rule 'bad': ");
    expect_error(f, "bad DATE 50 #year \\d{4\\p{Nope}\n", 1, "offset");
}

static void test_error_missing_file(void **state)
{
    fixture *f = *state;
    nt_error err = {{0}};
    assert_int_equal(
        nt_rules_load_file(f->r, f->lx, tmp_path(f->dir, "none.rules"), &err),
        -1);
    assert_msg_has(err.msg, "none.rules", strerror(ENOENT), NULL);
    assert_int_equal(nt_rules_count(f->r), 0);
    /* Opened but unreadable: an error, not an empty file. */
    tmp_mkdir(f->dir, "folder.rules");
    memset(&err, 0, sizeof err);
    assert_int_equal(
        nt_rules_load_file(f->r, f->lx, tmp_path(f->dir, "folder.rules"), &err),
        -1);
    assert_msg_has(err.msg, "folder.rules", strerror(EISDIR), NULL);
}

/* ---- matches and words ---- */

/* "Jan" must not be taken from the front of "Janet", "Jané" or "Jan5". */
static void test_never_inside_word(void **state)
{
    fixture *f = *state;
    load_rules(f, "j PERSON 50 @kw Jan\n");
    assert_string_equal(apply(f, "Janet met Jan. Jan\xc3\xa9 Jan5 Jan"),
                        "j PERSON 50 10-13 [Jan]\n"
                        "j PERSON 50 26-29 [Jan]\n");
}

/* Where a pattern would backtrack for ever, the match limit stops it: the
 * rule does not fire, and the other rules still work afterwards. */
static void test_catastrophic_pattern(void **state)
{
    fixture *f = *state;
    load_rules(f, "bad1 PERSON 50 @kw go\\s+(a+)+$\n"
                  "bad2 PERSON 50 @kw go\\s+(a|a)+$\n"
                  "bad3 PERSON 50 @kw go\\s+(?:a|aa)+$\n"
                  "good PERSON 50 @kw go(?=\\s)\n");
    nt_buf b;
    nt_buf_init(&b);
    for (int k = 0; k < 3; k++) {
        nt_buf_puts(&b, "go ");
        for (int i = 0; i < 30000; i++)
            nt_buf_putc(&b, 'a');
        nt_buf_puts(&b, "b\n");
    }
    alarm(60); /* a hang kills the test instead of the suite */
    const char *got = apply(f, nt_buf_cstr(&b));
    alarm(0);
    assert_string_equal(got, "good PERSON 50 0-2 [go]\n"
                             "good PERSON 50 30005-30007 [go]\n"
                             "good PERSON 50 60010-60012 [go]\n");
    nt_buf_free(&b);
}

/* ---- rules run together ---- */

/* The rules of one trigger run in one match: each still finds its own
 * first match at the start, whatever the others found there. */
static void test_batch_each_rule(void **state)
{
    fixture *f = *state;
    load_rules(f, "one PERSON 50 @title @{title}\\s+\\p{Lu}\\p{L}+\n"
                  "more PERSON 40 @title @{title}(?:\\s+\\p{Lu}\\p{L}+)+\n"
                  "none PERSON 30 @title @{title}\\s+\\d\n"
                  "bare PERSON 20 @title @{title}\n");
    assert_string_equal(apply(f, "Minister Sergey Lavrov said"),
                        "one PERSON 50 0-15 [Minister Sergey]\n"
                        "more PERSON 40 0-22 [Minister Sergey Lavrov]\n"
                        "bare PERSON 20 0-8 [Minister]\n");
}

/* Cover rules of one keyword: each keeps its own first covering start. */
static void test_batch_cover_starts(void **state)
{
    fixture *f = *state;
    load_rules(f, "wide ORGANIZATION 50 <@orgsuffix "
                  "(?:\\p{Lu}\\p{L}*\\s+){1,3}@{orgsuffix}\n"
                  "narrow ORGANIZATION 40 <@orgsuffix "
                  "\\p{Lu}\\p{L}*\\s+@{orgsuffix}\n"
                  "short ORGANIZATION 30 <@orgsuffix \\p{Lu}\\p{L}*\n");
    assert_string_equal(apply(f, "Alpha Beta Gamma Delta Inc"),
                        "wide ORGANIZATION 50 6-26 [Beta Gamma Delta Inc]\n"
                        "narrow ORGANIZATION 40 17-26 [Delta Inc]\n"
                        "short ORGANIZATION 30 23-26 [Inc]\n");
}

/* Once a cover rule of a batch fired, later starts run only while a rule
 * that has not may still: "of" holds the word "of", which the text from
 * there to where no match could reach must then hold (see cannot_fire;
 * read from the batch's 16th keyword on, and JIT-compiled when hot, so
 * many rounds here). It fires from a later start than "end" where that
 * text holds "of", and is not missed. */
static void test_batch_cover_must(void **state)
{
    fixture *f = *state;
    load_rules(f, "end ORGANIZATION 50 <@orgsuffix "
                  "(?:\\p{Lu}\\p{L}*\\h+(?:and\\h+)?){1,3}@{orgsuffix}\n"
                  "of ORGANIZATION 40 <@orgsuffix "
                  "(?:\\p{Lu}\\p{L}*\\h+)?@{orgsuffix}\\h+of\\h+\\p{Lu}\\p{L}*\n");
    for (int i = 0; i < 40; i++) {
        assert_string_equal(apply(f, "Acme and Beta Inc of Texas"),
                            "end ORGANIZATION 50 0-17 [Acme and Beta Inc]\n"
                            "of ORGANIZATION 40 9-26 [Beta Inc of Texas]\n");
        assert_string_equal(apply(f, "Acme and Beta Inc said"),
                            "end ORGANIZATION 50 0-17 [Acme and Beta Inc]\n");
        assert_string_equal(apply(f, "Acme and Beta Inc offers"),
                            "end ORGANIZATION 50 0-17 [Acme and Beta Inc]\n");
        assert_string_equal(apply(f, "Acme and Beta Inc of"),
                            "end ORGANIZATION 50 0-17 [Acme and Beta Inc]\n");
    }
}

/* A span group is found by its rule's numbering, whatever groups the rules
 * before it in the match have. */
static void test_batch_span_groups(void **state)
{
    fixture *f = *state;
    load_rules(f, "groups PERSON 50 @kw (g)(o)(\\s*)\n"
                  "span PERSON 40 @kw go\\s+(?<span>\\p{Lu}\\p{L}+)\n"
                  "late PERSON 30 @kw (go)\\s+(\\p{Lu})(?<span>\\p{L}+)\n");
    assert_string_equal(apply(f, "go Paris"),
                        "groups PERSON 50 0-3 [go ]\n"
                        "span PERSON 40 3-8 [Paris]\n"
                        "late PERSON 30 4-8 [aris]\n");
}

/* Rules whose patterns cannot share a match (references, \K, verbs) run
 * alone, beside the others. */
static void test_batch_alone(void **state)
{
    fixture *f = *state;
    load_rules(f, "back PERSON 50 @kw (go)\\s+\\1\n"
                  "plain PERSON 40 @kw go\n"
                  "keep PERSON 30 @kw go\\K\\s+x\n"
                  "verb PERSON 20 @kw go(*COMMIT)\\s+y|go\\s+x\n");
    assert_string_equal(apply(f, "go go"),
                        "back PERSON 50 0-5 [go go]\n"
                        "plain PERSON 40 0-2 [go]\n"
                        "plain PERSON 40 3-5 [go]\n");
    assert_string_equal(apply(f, "go x"), "plain PERSON 40 0-2 [go]\n"
                                          "keep PERSON 30 2-4 [ x]\n");
}

/* Rules of every kind (a batch, a cover batch, a rule alone with a back
 * reference) and a text on which each of them fires. */
static const char MIXED_RULES[] =
    "one PERSON 50 @title @{title}\\s+\\p{Lu}\\p{L}+\n"
    "more PERSON 40 @title @{title}(?:\\s+\\p{Lu}\\p{L}+)+\n"
    "back PERSON 30 @title (Mr)\\.?\\s+\\1\n"
    "wide ORGANIZATION 50 <@orgsuffix (?:\\p{Lu}\\p{L}*\\s+){1,3}@{orgsuffix}\n"
    "narrow ORGANIZATION 40 <@orgsuffix \\p{Lu}\\p{L}*\\s+@{orgsuffix}\n";
static const char MIXED_TEXT[] = "Mr Mr Lavrov met Minister Sergey Lavrov of "
                                 "Alpha Beta Gamma Delta Inc and Mr Smith";

/* MIXED_RULES loaded and run on MIXED_TEXT: what they found (which must
 * hold holds), for the caller to free (expect_mixed does). */
static char *mixed_first(fixture *f, const char *holds)
{
    load_rules(f, MIXED_RULES);
    char *first = strdup(apply(f, MIXED_TEXT));
    assert_non_null(first);
    assert_non_null(strstr(first, holds));
    return first;
}

/* n more runs on MIXED_TEXT find what the first did; frees first. */
static void expect_mixed(fixture *f, char *first, int n)
{
    for (int i = 0; i < n; i++)
        assert_string_equal(apply(f, MIXED_TEXT), first);
    free(first);
}

/* ---- word tests ---- */

/* The lines of got whose source starts with prefix, without the source:
 * what one rule found. */
static void lines_of(const char *got, const char *prefix, nt_buf *out)
{
    nt_buf_reset(out);
    for (const char *l = got; *l;) {
        const char *end = strchr(l, '\n');
        size_t n = end ? (size_t)(end - l) + 1 : strlen(l);
        if (strncmp(l, prefix, strlen(prefix)) == 0)
            nt_buf_put(out, l + strlen(prefix), n - strlen(prefix));
        l += n;
    }
    nt_buf_cstr(out);
}

/* '(?C"!role")' fails where "(?!@{role}\.?\s)" does: where a word of the
 * class begins as listed (case and all: "Dr" is one, "dr" is not), a
 * word with a period too ("Mr."), then a period or not, then one
 * white-space character (tab, NBSP, U+180E, which PCRE2's \s takes, not
 * U+200B) and not the text's end. Rules with each find the same spans,
 * in a batch (the two of one trigger) and alone (a verb keeps a rule out
 * of batches), interpreted on their first runs and JIT-compiled later. */
static void test_word_test_as_lookahead(void **state)
{
    fixture *f = *state;
    static const char *const words[] = {
        "President", "Minister", "Prime", "Mr.", "Mr", "Dr", "DR", "dr",
        "Se\xc3\xb1or", "Vice-President", "Ministerial", "Smith", "J."};
    static const char *const gaps[] = {
        " ", "  ", "\t", "\xc2\xa0", "\xe1\xa0\x8e", "\xe2\x80\x8b", ". ",
        ".\t", ".", "\n", ".\xc2\xa0", "-"};
    load_rules(f, "define NAME \\p{Lu}[\\p{L}.-]*(?:\\s+\\p{Lu}[\\p{L}.-]*)*\n"
                  "a_test PERSON 60 @title @{role}\\.?\\s+(?<span>(?C\"!role\"){NAME})\n"
                  "a_look PERSON 60 @title @{role}\\.?\\s+(?<span>(?!@{role}\\.?\\s){NAME})\n"
                  "b_test PERSON 60 @title (*MARK:b)@{role}\\.?\\s+(?<span>(?C\"!role\"){NAME})\n"
                  "b_look PERSON 60 @title (*MARK:b)@{role}\\.?\\s+(?<span>(?!@{role}\\.?\\s){NAME})\n");
    nt_buf a, b, text;
    nt_buf_init(&a);
    nt_buf_init(&b);
    nt_buf_init(&text);
    size_t nw = sizeof words / sizeof *words, ng = sizeof gaps / sizeof *gaps;
    unsigned fired = 0;
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < nw * nw * ng; i++) {
            nt_buf_reset(&text);
            nt_buf_printf(&text, "so Mr. %s%s%s", words[i % nw],
                          gaps[i / nw % ng], words[i / nw / ng]);
            if (i % 3)
                nt_buf_puts(&text, i % 2 ? " Jones said" : "\tJones");
            const char *got = apply(f, nt_buf_cstr(&text));
            for (int k = 0; k < 2; k++) {
                lines_of(got, k ? "b_test " : "a_test ", &a);
                lines_of(got, k ? "b_look " : "a_look ", &b);
                if (strcmp(a.data, b.data) != 0)
                    fail_msg("\"%s\": test\n%s, lookahead\n%s", text.data,
                             a.data, b.data);
                fired += *a.data != 0;
            }
        }
    assert_true(fired > 1000); /* and not always */
    assert_true(fired < 6 * nw * nw * ng);
    nt_buf_free(&a);
    nt_buf_free(&b);
    nt_buf_free(&text);
}

/* A word test names a word class. */
static void test_word_test_unknown_class(void **state)
{
    fixture *f = *state;
    expect_error(f, "# a rule\nr PERSON 50 @title (?C\"!nosuch\")@{title}\n", 2,
                 "unknown word class 'nosuch'");
    expect_error(f, "define D (?C\"!nosuch\")x\n", 1,
                 "unknown word class 'nosuch'");
}

/* UTF-8 for code point c in out; its length. */
static size_t put_utf8(uint32_t c, unsigned char *out)
{
    if (c < 0x80)
        return out[0] = (unsigned char)c, 1;
    if (c < 0x800)
        return out[0] = 0xC0 | c >> 6, out[1] = 0x80 | (c & 63), 2;
    if (c < 0x10000)
        return out[0] = 0xE0 | c >> 12, out[1] = 0x80 | (c >> 6 & 63),
               out[2] = 0x80 | (c & 63), 3;
    return out[0] = 0xF0 | c >> 18, out[1] = 0x80 | (c >> 12 & 63),
           out[2] = 0x80 | (c >> 6 & 63), out[3] = 0x80 | (c & 63), 4;
}

/* A word test's white space is PCRE2's \s in UCP mode, every code point. */
static void test_word_test_space_is_pcre2s(void **state)
{
    (void)state;
    int e;
    PCRE2_SIZE eo;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR) "\\s", 2, PCRE2_UTF | PCRE2_UCP,
                                  &e, &eo, NULL);
    assert_non_null(c);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    unsigned spaces = 0;
    for (uint32_t cp = 0; cp < 0x110000; cp++) {
        unsigned char b[4];
        if (cp >= 0xD800 && cp < 0xE000)
            continue;
        size_t n = put_utf8(cp, b);
        int is = pcre2_match(c, b, n, 0, 0, md, NULL) > 0;
        if (is != nt_wordtest_is_space(cp))
            fail_msg("U+%04X: PCRE2 %d, word test %d", cp, is, !is);
        spaces += is;
    }
    assert_int_equal(spaces, 26);
    pcre2_match_data_free(md);
    pcre2_code_free(c);
}

/* Patterns are interpreted on their first runs and JIT-compiled once hot
 * (ruleset.c, HOT: 32 runs): the matches are the same all along, for
 * batches, cover batches and rules that run alone. */
static void test_interpreted_then_jit(void **state)
{
    fixture *f = *state;
    char *first = mixed_first(f, "wide ORGANIZATION 50");
    assert_non_null(strstr(first, "back PERSON 30"));
    expect_mixed(f, first, 300);
}

/* A large pattern is interpreted for longer (its JIT compilation costs in
 * proportion to its size), and matches the same before and after. */
static void test_large_pattern_jit_later(void **state)
{
    fixture *f = *state;
    assert_int_equal(nt_ruleset_hot_run(0), 32);
    assert_int_equal(nt_ruleset_hot_run(2048), 32);
    assert_int_equal(nt_ruleset_hot_run(16248), 203); /* a run per 80 bytes */
    nt_buf rules;
    nt_buf_init(&rules);
    nt_buf_puts(&rules, "big PERSON 50 @title @{title}\\s+(?:");
    for (int i = 0; i < 600; i++)
        nt_buf_printf(&rules, "%sName%03d", i ? "|" : "", i);
    nt_buf_puts(&rules, ")\n");
    load_rules(f, nt_buf_cstr(&rules));
    nt_buf_free(&rules);
    const char *text = "Minister Name599 met President Name000 and Minister Nobody";
    char *first = strdup(apply(f, text));
    assert_non_null(first);
    assert_string_equal(first, "big PERSON 50 0-16 [Minister Name599]\n"
                               "big PERSON 50 21-38 [President Name000]\n");
    for (int i = 0; i < 400; i++) /* past its JIT compilation */
        assert_string_equal(apply(f, text), first);
    free(first);
}

/* In a run of many inputs a pattern is JIT-compiled before its hot run
 * when its pace promises four times that in the inputs ahead; never early
 * without inputs ahead. */
static void test_jit_due(void **state)
{
    (void)state;
    assert_false(nt_ruleset_jit_due(31, 32, 0, 0));
    assert_true(nt_ruleset_jit_due(32, 32, 0, 0));
    assert_false(nt_ruleset_jit_due(31, 32, 1, 0));
    assert_false(nt_ruleset_jit_due(1, 32, 1, 127));
    assert_true(nt_ruleset_jit_due(1, 32, 1, 128));
    assert_false(nt_ruleset_jit_due(5, 256, 2, 409));
    assert_true(nt_ruleset_jit_due(5, 256, 2, 410));
    assert_true(nt_ruleset_jit_due(300, 256, 2, 0));
}

/* Within a long text a pattern is JIT-compiled early when its runs so far
 * promise four times its hot run in the bytes ahead: never in a process's
 * first 16 KB, nor at the text's end. */
static void test_text_due(void **state)
{
    (void)state;
    assert_false(nt_ruleset_text_due(1, 32, 0, 4095, 10000000));
    assert_true(nt_ruleset_text_due(1, 32, 0, 4096, 10000000));
    assert_false(nt_ruleset_text_due(1, 32, 0, 4096, 4096 + 524287));
    assert_true(nt_ruleset_text_due(1, 32, 0, 4096, 4096 + 524288));
    assert_false(nt_ruleset_text_due(10, 256, 1000000, 1000, 30000));
    assert_false(nt_ruleset_text_due(300, 256, 1000000, 30000, 30000));
    assert_false(nt_ruleset_text_due(24, 256, 20000, 4000, 1000000));
    assert_true(nt_ruleset_text_due(25, 256, 20000, 4000, 1000000));
}

/* Offsets in a "SOURCE TYPE PRIORITY START-END [TEXT]" line of apply's,
 * shifted by d, appended to out. */
static void shift_lines(nt_buf *out, const char *lines, size_t d)
{
    for (const char *l = lines; *l;) {
        const char *nl = strchr(l, '\n');
        char src[32], type[32];
        int pri, n = 0;
        size_t s, e;
        assert_int_equal(sscanf(l, "%31s %31s %d %zu-%zu %n", src, type, &pri,
                                &s, &e, &n), 5);
        nt_buf_printf(out, "%s %s %d %zu-%zu %.*s\n", src, type, pri, s + d,
                      e + d, (int)(nl - l - n), l + n);
        l = nl + 1;
    }
}

/* A text long enough for its patterns to be JIT-compiled part of the way
 * through finds in each of its paragraphs what that paragraph finds
 * alone. */
static void test_jit_within_text(void **state)
{
    fixture *f = *state;
    char *one = mixed_first(f, "wide ORGANIZATION 50");
    const char piece[] = "Mr Mr Lavrov met Minister Sergey Lavrov of Alpha "
                         "Beta Gamma Delta Inc and Mr Smith.\n\n";
    size_t plen = sizeof piece - 1, n = 600; /* 57 KB */
    char *text = malloc(plen * n + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * plen, piece, plen);
    text[plen * n] = '\0';
    nt_buf want;
    nt_buf_init(&want);
    for (size_t i = 0; i < n; i++)
        shift_lines(&want, one, i * plen);
    assert_string_equal(apply(f, text), nt_buf_cstr(&want));
    nt_buf_free(&want);
    free(text);
    free(one);
}

/* Told of many inputs ahead, the rules JIT-compile their patterns on
 * their next run: batches, cover batches and rules that run alone match
 * as they did interpreted. */
static void test_jit_early(void **state)
{
    fixture *f = *state;
    char *first = mixed_first(f, "narrow ORGANIZATION 40");
    nt_rules_expect(f->r, 2, 1000000);
    expect_mixed(f, first, 3);
}

/* Where the text cannot begin a rule's match (by its first characters,
 * or what a cover match could hold), it does not run; everywhere else it
 * must. */
static void test_batch_skips_exact(void **state)
{
    fixture *f = *state;
    load_rules(f, "nl DATE 50 #digits \\P{L}\n"
                  "short DATE 40 #digits \\d(?:\\d\\d)?\n"
                  "k DATE 30 #cap (?i:\\x{212a}a)\n"
                  "of ORGANIZATION 50 <@orgsuffix "
                  "(?:\\p{Lu}\\p{L}*\\h+|of\\h+)+@{orgsuffix}\n");
    assert_string_equal(apply(f, "5, 123 and 4"),
                        "nl DATE 50 0-1 [5]\n"
                        "short DATE 40 0-1 [5]\n"
                        "short DATE 40 3-6 [123]\n"
                        "nl DATE 50 11-12 [4]\n"
                        "short DATE 40 11-12 [4]\n");
    assert_string_equal(apply(f, "Ka"), "k DATE 30 0-2 [Ka]\n");
    assert_string_equal(apply(f, "Bank of Alpha Inc"),
                        "of ORGANIZATION 50 0-17 [Bank of Alpha Inc]\n");
    assert_string_equal(apply(f, "Bank said Alpha Inc"),
                        "of ORGANIZATION 50 10-19 [Alpha Inc]\n");
    assert_string_equal(apply(f, "Bank, Alpha Inc"),
                        "of ORGANIZATION 50 6-15 [Alpha Inc]\n");
}

/* Cover rules whose matches hold only certain words are not tried at
 * starts with another word on the way to the keyword (vocab.h), once they
 * have seen enough keywords: each match is found before and after, among
 * words they cannot hold and next to a character beyond ASCII. */
static void test_cover_words(void **state)
{
    fixture *f = *state;
    load_rules(f, "ago DATE 50 <@kw "
                  "(?:(?:a|an)\\s+)?(?:few\\s+|caf\\x{e9}\\s+)?"
                  "(?:\\d+|some)\\s+go\n"
                  "x ORGANIZATION 40 <@kw x\\d\\s+go\n");
    const char *text = "said a few 3 go, a few said 3 go; an some go. "
                       "caf\xc3\xa9 12 go and cafe 4 go or x3 go";
    const char *want = "ago DATE 50 5-15 [a few 3 go]\n"
                       "ago DATE 50 28-32 [3 go]\n"
                       "ago DATE 50 34-44 [an some go]\n"
                       "ago DATE 50 46-57 [caf\xc3\xa9 12 go]\n"
                       "ago DATE 50 67-71 [4 go]\n"
                       "x ORGANIZATION 40 75-80 [x3 go]\n";
    for (int i = 0; i < 100; i++) /* the words are read at the 64th */
        assert_string_equal(apply(f, text), want);
}

/* Cover rules are not tried at starts whose word none of their matches
 * begins with, once they have seen a few starts: each match is found
 * before and after, among starts of other words, with digits and capitals,
 * and at a word that runs into a character beyond ASCII (not judged). */
static void test_cover_first_words(void **state)
{
    fixture *f = *state;
    load_rules(f, "ago DATE 50 <@kw "
                  "(?:(?i:the)\\s+)?(?:\\d+(?:st|nd)?|caf\\x{e9}|some)\\s+go\n"
                  "x ORGANIZATION 40 <@kw x\\d\\s+go\n");
    const char *text = "said the 3 go, The 21st go; x some go. "
                       "caf\xc3\xa9 go and cafe go or 12 go, x3 go";
    const char *want = "ago DATE 50 5-13 [the 3 go]\n"
                       "ago DATE 50 15-26 [The 21st go]\n"
                       "ago DATE 50 30-37 [some go]\n"
                       "ago DATE 50 39-47 [caf\xc3\xa9 go]\n"
                       "ago DATE 50 63-68 [12 go]\n"
                       "x ORGANIZATION 40 70-75 [x3 go]\n";
    for (int i = 0; i < 20; i++) /* the first words are read at the 4th */
        assert_string_equal(apply(f, text), want);
}

/* Rules at a shape's starts are not tried where the text's first words
 * rule them all out (by their keys: see nt_reach_first_words_next), once
 * they have seen a few dozen starts: each match is found before and
 * after, among numbers that begin no match ("12 people", "3.5", "2-1"),
 * and where a character beyond ASCII leaves the words unjudged. */
static void test_shape_keys(void **state)
{
    fixture *f = *state;
    load_rules(f, "iso DATE 70 #digits (?:1[0-9]{3}|20[0-9]{2})-(?:0[1-9]|1[0-2])\n"
                  "clock DATE 72 #digits (?:1[0-2]|0?[1-9])\\s*(?i:a\\.m\\.|pm\\b)\n"
                  "part DATE 72 #digits (?:1[0-2]|0?[1-9])\\s+"
                  "(?i:in\\s+the\\s+morning)\n");
    const char *text = "In 1996 12 people, 1996-08 and 3 pm; 2-1 3.5 10  A.M. "
                       "4 in the morning 4 in 1996 7\xc2\xa0pm 8pm";
    const char *want = "iso DATE 70 19-26 [1996-08]\n"
                       "clock DATE 72 31-35 [3 pm]\n"
                       "clock DATE 72 45-53 [10  A.M.]\n"
                       "part DATE 72 54-70 [4 in the morning]\n"
                       "clock DATE 72 81-86 [7\xc2\xa0pm]\n";
    for (int i = 0; i < 40; i++) /* the keys are read at the 32nd start */
        assert_string_equal(apply(f, text), want);
}

/* A batch whose keys turn away too few starts stops judging them (see
 * JUDGE_TRIAL in ruleset.c), and one whose matches may begin with any
 * word never judges: both go on finding every match, long after their
 * keys were read and tried. */
static void test_keys_dropped_or_none(void **state)
{
    fixture *f = *state;
    load_rules(f, "count DATE 70 #digits [0-9]+\\s+people\\b\n"
                  "any DATE 70 #alnum [0-9]+[a-z]+(?:\\s+\\S+)?\n");
    const char *text = "5 people 6 people 7 people 1 people 2 people "
                       "3 people 4 people 9 people 5 people 8 cats 4x y";
    const char *want = "count DATE 70 0-8 [5 people]\n"
                       "count DATE 70 9-17 [6 people]\n"
                       "count DATE 70 18-26 [7 people]\n"
                       "count DATE 70 27-35 [1 people]\n"
                       "count DATE 70 36-44 [2 people]\n"
                       "count DATE 70 45-53 [3 people]\n"
                       "count DATE 70 54-62 [4 people]\n"
                       "count DATE 70 63-71 [9 people]\n"
                       "count DATE 70 72-80 [5 people]\n"
                       "any DATE 70 88-92 [4x y]\n";
    for (int i = 0; i < 100; i++) /* keys read at the 32nd start, tried
                                      over 64 */
        assert_string_equal(apply(f, text), want);
}

/* Captures stderr while fn runs on f; returns what was written (static). */
static const char *stderr_of(fixture *f, const char *(*fn)(fixture *))
{
    static char got[4096];
    const char *path = tmp_path(f->dir, "stderr.txt");
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), saved = dup(2);
    assert_true(fd >= 0 && saved >= 0);
    fflush(stderr);
    dup2(fd, 2);
    fn(f);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ssize_t n = pread(fd, got, sizeof got - 1, 0);
    close(fd);
    got[n > 0 ? n : 0] = '\0';
    return got;
}

static const char *apply_runaway(fixture *f)
{
    nt_buf b;
    nt_buf_init(&b);
    for (int k = 0; k < 2; k++) {
        nt_buf_puts(&b, "go ");
        for (int i = 0; i < 30000; i++)
            nt_buf_putc(&b, 'a');
        nt_buf_puts(&b, "b\n");
    }
    alarm(60);
    const char *got = apply(f, nt_buf_cstr(&b));
    alarm(0);
    assert_string_equal(got, "good PERSON 50 0-2 [go]\n"
                             "good PERSON 50 30005-30007 [go]\n");
    nt_buf_free(&b);
    return got;
}

/* Before a batch is hot its rules run one by one, each only where its own
 * first characters may begin (ruleset.c, run_each): a rule whose match
 * can be one character is tried whatever follows that character. The
 * same matches before and after JIT. */
static void test_batch_rules_own_starts(void **state)
{
    fixture *f = *state;
    load_rules(f, "one DATE 50 #digits \\d\n"
                  "two DATE 40 #digits \\d\\d\n"
                  "dash DATE 30 #digits \\d-\\d\n"
                  "days DATE 20 #digits \\d\\s+days\n");
    const char *want = "one DATE 50 0-1 [5]\n"
                       "two DATE 40 3-5 [12]\n"
                       "one DATE 50 10-11 [3]\n"
                       "dash DATE 30 10-13 [3-4]\n"
                       "one DATE 50 18-19 [7]\n"
                       "days DATE 20 18-24 [7 days]\n";
    for (int i = 0; i < 100; i++) /* past the batch's JIT compilation */
        assert_string_equal(apply(f, "5, 12 and 3-4 and 7 days"), want);
}

/* Rules that PCRE2 takes one by one but not together (the combined
 * pattern is over 64 KB compiled) run alone for good: the same matches
 * before and after the run where the batch would be compiled, and after
 * each rule's own JIT compilation. */
static void test_batch_too_large(void **state)
{
    fixture *f = *state;
    load_rules(f, "big1 PERSON 50 @kw go(?:\\s+(?:xa|ya)){0,1200}\n"
                  "big2 PERSON 40 @kw go(?:\\s+(?:xb|yb)){0,1200}\n");
    assert_true(nt_ruleset_hot_run(2 * 40000) < 1400);
    for (int i = 0; i < 1400; i++)
        assert_string_equal(apply(f, "go xa ya and go yb"),
                            "big1 PERSON 50 0-8 [go xa ya]\n"
                            "big2 PERSON 40 0-2 [go]\n"
                            "big1 PERSON 50 13-15 [go]\n"
                            "big2 PERSON 40 13-18 [go yb]\n");
}

/* A runaway rule in a batch: the others still fire, and it is named once,
 * by its own file and line. */
static void test_batch_runaway_named(void **state)
{
    fixture *f = *state;
    load_rules(f, "good PERSON 50 @kw go(?=\\s)\n"
                  "bad PERSON 50 @kw go\\s+(a+)+$\n");
    const char *err = stderr_of(f, apply_runaway);
    assert_msg_has(err, "test.rules:2: rule bad: ", NULL);
    assert_null(strstr(strstr(err, "rule bad") + 1, "rule bad"));
    assert_null(strstr(err, "rule good"));
}

/* ---- word classes ---- */

/* @{class} tries the class's longest words first, as the alternation of
 * its words does, backtracking to shorter ones. */
static void test_class_longest_first(void **state)
{
    fixture *f = *state;
    load_rules(f, "w PERSON 50 @kw @{kw}\n"
                  "et PERSON 40 @kw @{kw}et\n");
    assert_string_equal(apply(f, "Janet Jan Jan\xc3\xa9 Jan5"),
                        "w PERSON 50 0-5 [Janet]\n"
                        "et PERSON 40 0-5 [Janet]\n"
                        "w PERSON 50 6-9 [Jan]\n"
                        "w PERSON 50 10-15 [Jan\xc3\xa9]\n"
                        "w PERSON 50 16-20 [Jan5]\n");
}

/* In caseless mode words that differ in case may both match: the longest
 * still comes first ("abc" before "Ab"). */
static void test_class_caseless(void **state)
{
    fixture *f = *state;
    load_rules(f, "p PERSON 50 @pair (?i:@{pair})\n");
    assert_string_equal(apply(f, "ABC ab"), "p PERSON 50 0-3 [ABC]\n"
                                            "p PERSON 50 4-6 [ab]\n");
}

/* Errors point into the pattern with each class as its words' alternation,
 * and a rule too large that way does not load. */
static void test_class_errors_as_written(void **state)
{
    fixture *f = *state;
    /* "(?:President|Minister|Mr\.)(" is 28 bytes. */
    expect_error(f, "r PERSON 50 @title @{title}(\n", 1,
                 "missing closing parenthesis at offset 28 ");
    nt_buf b;
    nt_buf_init(&b);
    for (int i = 0; i < 2000; i++)
        nt_buf_printf(&b, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa%04d\n", i);
    tmp_write(f->dir, "big.txt", nt_buf_cstr(&b));
    nt_buf_free(&b);
    nt_error err = {{0}};
    if (nt_lex_load_file(f->lx, tmp_path(f->dir, "big.txt"), &err))
        fail_msg("%s", err.msg);
    expect_error(f, "big PERSON 50 @big @{big}\n", 1,
                 "regular expression is too large");
}

/* ---- compiled patterns kept between runs ---- */

static const char cached_rules[] =
    "define YEAR [12][0-9]{3}\n"
    "d DATE 40 @month @{month}(?:\\s+{YEAR})?\n"
    "t PERSON 50 @title @{title}\\s+(?<span>\\p{Lu}\\w+)\n"
    "o ORGANIZATION 50 <@orgsuffix \\p{Lu}\\w+\\s+@{orgsuffix}\n"
    "y DATE 30 #year {YEAR}\n";
static const char cached_text[] =
    "President Obama met Acme Corp. in January 2015 and in 1999 and May";

/* Rules loaded with the cache at path: returns whether the cache got new
 * patterns, and what the rules find in cached_text (the text run often
 * enough that the patterns are JIT-compiled too). */
static int load_cached(fixture *f, const char *path, nt_buf *found)
{
    nt_bytecache *c = nt_bytecache_open(path);
    nt_rules_free(f->r);
    f->r = nt_rules_new();
    nt_rules_use_cache(f->r, c);
    load_rules(f, cached_rules);
    nt_rules_build_all(f->r);
    int changed = nt_bytecache_changed(c);
    if (changed)
        assert_int_equal(nt_bytecache_save(c), 0);
    for (int i = 0; i < 100; i++)
        apply(f, cached_text);
    nt_buf_reset(found);
    nt_buf_puts(found, apply(f, cached_text));
    nt_rules_free(f->r); /* before the cache it uses */
    f->r = nt_rules_new();
    nt_bytecache_free(c);
    return changed;
}

/* A second load takes every pattern, word class and pattern reading
 * (reach.h) from the cache and finds the same; a damaged cache is compiled
 * around. */
static void test_cached_patterns(void **state)
{
    fixture *f = *state;
    load_rules(f, cached_rules);
    char *alone = strdup(apply(f, cached_text));
    assert_non_null(alone);
    assert_string_equal(alone, "t PERSON 50 10-15 [Obama]\n"
                               "o ORGANIZATION 50 20-30 [Acme Corp.]\n"
                               "d DATE 40 34-46 [January 2015]\n"
                               "y DATE 30 42-46 [2015]\n"
                               "y DATE 30 54-58 [1999]\n"
                               "d DATE 40 63-66 [May]\n");
    char path[1024];
    snprintf(path, sizeof path, "%s", tmp_path(f->dir, "rules.ntp"));
    nt_buf found;
    nt_buf_init(&found);
    assert_true(load_cached(f, path, &found)); /* compiled, then saved */
    assert_string_equal(nt_buf_cstr(&found), alone);
    assert_false(load_cached(f, path, &found)); /* all from the cache */
    assert_string_equal(nt_buf_cstr(&found), alone);

    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 200, SEEK_SET), 0);
    assert_int_equal(fwrite("\xff\xff\xff\xff", 1, 4, fp), 4);
    assert_int_equal(fclose(fp), 0);
    assert_true(load_cached(f, path, &found)); /* a pattern compiled again */
    assert_string_equal(nt_buf_cstr(&found), alone);
    assert_false(load_cached(f, path, &found));
    nt_buf_free(&found);
    free(alone);
}

/* A rule PCRE2 refuses is refused with a cache too (only what was found
 * valid is kept). */
static void test_cached_errors(void **state)
{
    fixture *f = *state;
    nt_bytecache *c = nt_bytecache_open(tmp_path(f->dir, "rules.ntp"));
    for (int i = 0; i < 2; i++) {
        nt_rules *r = nt_rules_new();
        nt_error err = {{0}};
        nt_rules_use_cache(r, c);
        tmp_write(f->dir, "bad.rules", "r PERSON 50 @title @{title}(\n");
        assert_int_equal(nt_rules_load_file(r, f->lx, tmp_path(f->dir, "bad.rules"), &err), -1);
        assert_msg_has(err.msg, "missing closing parenthesis at offset 28 ", NULL);
        nt_rules_free(r);
    }
    nt_bytecache_free(c);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_trigger_class),
        T(test_trigger_class_only),
        T(test_trigger_cover),
        T(test_trigger_cover_must_cover),
        T(test_trigger_cover_up_to_keyword),
        T(test_trigger_cover_reach),
        T(test_trigger_year),
        T(test_trigger_digits),
        T(test_trigger_alnum_hyphen),
        T(test_trigger_hyphen_where),
        T(test_trigger_shapes_without_hyphen),
        T(test_trigger_hyphen_with_class),
        T(test_cover_span_bytes),
        T(test_cover_space_pairs),
        T(test_custom_type),
        T(test_several_rules_one_token),
        T(test_found_file_order),
        T(test_span_group),
        T(test_many_groups),
        T(test_macros),
        T(test_macro_empty_class),
        T(test_macro_is_group),
        T(test_escapes_not_macros),
        T(test_errors),
        T(test_error_pcre2),
        T(test_error_missing_file),
        T(test_never_inside_word),
        T(test_catastrophic_pattern),
        T(test_batch_each_rule),
        T(test_batch_cover_starts),
        T(test_batch_cover_must),
        T(test_batch_span_groups),
        T(test_batch_alone),
        T(test_batch_skips_exact),
        T(test_cover_words),
        T(test_cover_first_words),
        T(test_shape_keys),
        T(test_keys_dropped_or_none),
        T(test_word_test_as_lookahead),
        T(test_word_test_unknown_class),
        T(test_word_test_space_is_pcre2s),
        T(test_interpreted_then_jit),
        T(test_large_pattern_jit_later),
        T(test_jit_due),
        T(test_text_due),
        T(test_jit_within_text),
        T(test_jit_early),
        T(test_batch_rules_own_starts),
        T(test_batch_too_large),
        T(test_batch_runaway_named),
        T(test_class_longest_first),
        T(test_class_caseless),
        T(test_class_errors_as_written),
        T(test_cached_patterns),
        T(test_cached_errors),
    };
#undef T
    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
