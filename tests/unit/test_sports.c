/* test_sports.c - sports stories: how one is recognised, and which of its
 * places and guessed names stand for teams. Each test builds its document
 * and sets its entities by hand, with the sources the extractor would give;
 * the word classes are built here, not read from data/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "caps.h"
#include "doc.h"
#include "lexicon.h"
#include "mentions.h"
#include "sports.h"
#include "tokenize.h"
#include "util.h"

#include "docfix.h"

/* The word classes sports.c looks up, words separated by spaces. */
static const docfix_class lexicon[] = {
    {"sport", "soccer tennis"},
    {"locprep", "in at near"},
    {"sportcue", "midfielder striker goalkeeper"},
    {"surname", "Brooks"},
};

typedef struct {
    nt_lex *lx;
    nt_sports *sports;
    nt_doc doc;
    size_t cursor; /* where add() looks for its next name */
    char got[1024];
} fixture;

static int setup(void **state)
{
    fixture *f = nt_xcalloc(1, sizeof *f);
    f->lx = docfix_lexicon(lexicon, sizeof lexicon / sizeof *lexicon);
    f->sports = nt_sports_new(f->lx);
    nt_doc_init(&f->doc);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nt_doc_free(&f->doc);
    nt_sports_free(f->sports);
    nt_lex_free(f->lx);
    free(f);
    return 0;
}

/* Tokenizes text and classifies its tokens as extract.c does. */
static void load_doc(fixture *f, const char *text)
{
    docfix_load(&f->doc, f->lx, text);
    f->cursor = 0;
}

/* Adds an entity over the next occurrence of name, after the last one
 * added, so that the list stays sorted as nt_extract leaves it. */
static void add(fixture *f, const char *name, nt_type type, const char *source)
{
    docfix_add(&f->doc, &f->cursor, name, type, source);
}

/* Short names for the guesses' sources. */
static const char *source_name(const char *src)
{
    if (strcmp(src, NT_CAPS_SOURCE) == 0)
        return "caps";
    if (strcmp(src, NT_CAPS_CONTEXT_SOURCE) == 0)
        return "ctx";
    return src;
}

/* The entities as "[span] TYPE source", separated by "; ". */
static const char *render(fixture *f)
{
    size_t len = 0;
    f->got[0] = '\0';
    for (size_t i = 0; i < f->doc.ents.n; i++) {
        const nt_entity *e = &f->doc.ents.v[i];
        int w = snprintf(f->got + len, sizeof f->got - len, "%s[%.*s] %s %s",
                         i ? "; " : "", (int)(e->end - e->start),
                         f->doc.clean + e->start, nt_type_name(e->type),
                         source_name(e->source));
        assert_true(w > 0 && (size_t)w < sizeof f->got - len);
        len += (size_t)w;
    }
    return f->got;
}

static int is_sports(fixture *f, const char *text)
{
    load_doc(f, text);
    return nt_sports_is_sports(f->sports, &f->doc);
}

static void retype(fixture *f)
{
    nt_sports_retype(f->sports, &f->doc);
}

#define L NT_LOCATION
#define O NT_ORGANIZATION
#define P NT_PERSON
#define CAPS NT_CAPS_SOURCE
#define CTX NT_CAPS_CONTEXT_SOURCE

/* A sport's name among the first three tokens of the text. */
static void test_is_sports_headline(void **state)
{
    fixture *f = *state;
    assert_true(is_sports(f, "SOCCER - ENGLISH LEAGUE RESULTS\nLONDON\n"));
    assert_true(is_sports(f, "Tennis: Graf wins.\n"));
    assert_true(is_sports(f, "WORLD CUP SOCCER\n"));
    /* later in the text it is only a word */
    assert_false(is_sports(f, "He said that soccer bores him.\n"));
    assert_false(is_sports(f, "POLITICS - VOTE\nHe said so.\n"));
    assert_false(is_sports(f, ""));
}

/* Three scores (small numbers joined by one hyphen) make a sports story
 * without a sport in the headline; so do three sports words. */
static void test_is_sports_scores(void **state)
{
    fixture *f = *state;
    assert_true(is_sports(f, "RESULTS\nLeeds 2-1 Chelsea\nArsenal 3-0 Derby\n"
                             "Wimbledon 112-104 Everton\n"));
    assert_false(
        is_sports(f, "RESULTS\nLeeds 2-1 Chelsea\nArsenal 3-0 Derby\n"));
    /* dates, thousands and long ranges are no scores */
    assert_false(is_sports(f, "On 1996-08-30 and 1996-08-31 and 1996-09-01 "
                              "he paid 1,000-2,000 and 12345-678.\n"));
    assert_false(is_sports(f, "Codes 1-2-3 , 4-5-6 and 7-8-9 .\n"));
    assert_false(is_sports(f, "Rates 2.5-3 , 1.5-2 and 3.5-4 .\n"));
    assert_true(is_sports(f, "Rates 2-3 , 1-2 and 3-4 .\n"));
    assert_true(is_sports(f, "The striker and the midfielder beat the "
                             "goalkeeper.\n"));
    assert_false(is_sports(f, "The striker beat the goalkeeper.\n"));
}

/* Scores and sports words are counted apart, not pooled, and a word that
 * is both a sports word and a score's neighbour counts once; a token that is
 * a score counts wherever it stands, the last one as well. */
static void test_is_sports_counts(void **state)
{
    fixture *f = *state;
    assert_false(is_sports(f, "RESULTS\nLeeds 2-1 striker , Derby 3-0 "
                              "midfielder .\n"));
    assert_true(is_sports(f, "RESULTS\nLeeds 2-1 striker , Derby 3-0 "
                             "midfielder , goalkeeper .\n"));
    assert_true(is_sports(f, "RESULTS\nLeeds 2-1 striker , Derby 3-0 "
                             "midfielder , Arsenal 1-1"));
    /* many words that are neither before the third */
    assert_true(is_sports(f, "The striker said that the weather in the "
                             "north was poor and the midfielder and the "
                             "team agreed , as did the goalkeeper"));
    /* a sport's name as the fourth token is only a word */
    assert_false(is_sports(f, "He said : soccer bores him .\n"));
    assert_true(is_sports(f, "He said soccer bores him .\n"));
}

/* Sports words are counted a block of 64 tokens at a time: three count
 * wherever they stand, two never do, after a block or across one. Scores
 * are found by their hyphens: ones in words, dates, dashes and ranges
 * around them, at either end of the text, lead to no score of their own. */
static void test_is_sports_far(void **state)
{
    fixture *f = *state;
    char text[1024];
    size_t len = 0;
    for (int i = 0; i < 62; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "word ");
    snprintf(text + len, sizeof text - len, "striker midfielder goalkeeper .");
    assert_true(is_sports(f, text)); /* tokens 62, 63 and 64 */
    snprintf(text + len, sizeof text - len, "striker and midfielder .");
    assert_false(is_sports(f, text));
    snprintf(text + len, sizeof text - len, "a b c d e f striker midfielder "
                                            "goalkeeper");
    assert_true(is_sports(f, text)); /* all in the second block */
    assert_true(is_sports(f, "2-1 , a well-known - 1996-08-30 - 3-0 -- "
                             "1-0-1 and 4-4"));
    assert_false(is_sports(f, "- 2-1 , a well-known - 1996-08-30 - 3-0 -- "
                              "1-0-1 and 4- -4 -"));
    assert_false(is_sports(f, "-2-1 , 3-0-"));
}

/* On a sports page a place from a list stands for its team, except a
 * country (a national team is a place, CoNLL practice), a dateline and a
 * place after a place preposition. */
static void test_places(void **state)
{
    fixture *f = *state;
    load_doc(f, "SOCCER - RESULTS\n"
                "LONDON 1996-08-30\n"
                "Boston beat Chicago in Boston.\n"
                "France drew with Leeds.\n"
                "BOSTON - Chicago lost at Leeds.\n"
                "Leeds, the leaders, won.\n");
    add(f, "LONDON", L, "cities");
    add(f, "Boston", L, "cities");
    add(f, "Chicago", L, "cities");
    add(f, "Boston", L, "cities");
    add(f, "France", L, "countries");
    add(f, "Leeds", L, "cities");
    add(f, "BOSTON", L, "cities");
    add(f, "Chicago", L, "cities");
    add(f, "Leeds", L, "cities");
    add(f, "Leeds", L, "cities");
    retype(f);
    assert_string_equal(render(f), "[LONDON] LOCATION cities; "
                                   "[Boston] ORGANIZATION cities; "
                                   "[Chicago] ORGANIZATION cities; "
                                   "[Boston] LOCATION cities; "
                                   "[France] LOCATION countries; "
                                   "[Leeds] ORGANIZATION cities; "
                                   "[BOSTON] LOCATION cities; "
                                   "[Chicago] ORGANIZATION cities; "
                                   "[Leeds] LOCATION cities; "
                                   "[Leeds] ORGANIZATION cities");
}

/* An all-caps place opening a line is a dateline when punctuation or a
 * date follows, a team in standings when numbers do. */
static void test_standings(void **state)
{
    fixture *f = *state;
    load_doc(f, "SOCCER - STANDINGS\n"
                "CHICAGO 62 70\n"
                "NEW YORK 60 72\n"
                "BOSTON, Aug 30\n"
                "DENVER\n");
    add(f, "CHICAGO", L, "cities");
    add(f, "NEW YORK", L, "cities");
    add(f, "BOSTON", L, "cities");
    add(f, "DENVER", L, "cities");
    retype(f);
    assert_string_equal(render(f), "[CHICAGO] ORGANIZATION cities; "
                                   "[NEW YORK] ORGANIZATION cities; "
                                   "[BOSTON] LOCATION cities; "
                                   "[DENVER] LOCATION cities");
}

/* Places that are no lists' (rules, context guesses) stand for teams too,
 * under the same exceptions; other types are left alone. */
static void test_other_sources(void **state)
{
    fixture *f = *state;
    load_doc(f, "TENNIS - OPEN\nTavildara beat Garm in Kulob.\n");
    add(f, "Tavildara", L, "place_rule");
    add(f, "Garm", P, "people");
    add(f, "Kulob", L, CTX);
    retype(f);
    assert_string_equal(render(f), "[Tavildara] ORGANIZATION place_rule; "
                                   "[Garm] PERSON people; "
                                   "[Kulob] LOCATION ctx");
}

/* Sources are told by their text, not their address: a plain guess whose
 * source is another copy of NT_CAPS_SOURCE is retyped, a place whose source
 * is a copy of "countries" stays. */
static void test_sources_by_text(void **state)
{
    fixture *f = *state;
    char caps[] = NT_CAPS_SOURCE, countries[] = "countries";
    load_doc(f, "SOCCER - CUP\nRuch 2 Petofi 1 , Hungary 0 Boston 0 .\n");
    add(f, "Ruch", P, caps);
    add(f, "Petofi", P, CAPS);
    add(f, "Hungary", L, countries);
    add(f, "Boston", L, "counties"); /* the same first letters */
    retype(f);
    assert_string_equal(render(f), "[Ruch] ORGANIZATION caps; "
                                   "[Petofi] ORGANIZATION caps; "
                                   "[Hungary] LOCATION countries; "
                                   "[Boston] ORGANIZATION counties");
}

/* A plain one-word guess right before a number is a club in a result; any
 * other plain one-word organization guess is a player. */
static void test_guesses(void **state)
{
    fixture *f = *state;
    load_doc(f, "SOCCER - HUNGARIAN RESULTS\n"
                "Ruch 2 Petofi 1\n"
                "Numan scored , and Kovacs did too .\n"
                "Gold Fields won , and Vasco lost .\n");
    add(f, "Ruch", P, CAPS);
    add(f, "Petofi", O, CAPS);
    add(f, "Numan", O, CAPS);
    add(f, "Kovacs", O, CTX);
    add(f, "Gold Fields", O, CAPS);
    add(f, "Vasco", L, CAPS);
    retype(f);
    assert_string_equal(render(f), "[Ruch] ORGANIZATION caps; "
                                   "[Petofi] ORGANIZATION caps; "
                                   "[Numan] PERSON caps; "
                                   "[Kovacs] ORGANIZATION ctx; "
                                   "[Gold Fields] ORGANIZATION caps; "
                                   "[Vasco] LOCATION caps");
}

/* Scorers are people: a minute follows the name, or the name sits in
 * brackets before a number. */
static void test_scorers(void **state)
{
    fixture *f = *state;
    load_doc(f, "SOCCER - RESULTS\n"
                "Scorers : Numan 11th , Lubarskij ( 50th minute )\n"
                "( Kovacs 8 )\n");
    add(f, "Numan", O, CAPS);
    add(f, "Lubarskij", O, CAPS);
    add(f, "Kovacs", O, CAPS);
    retype(f);
    assert_string_equal(render(f), "[Numan] PERSON caps; "
                                   "[Lubarskij] PERSON caps; "
                                   "[Kovacs] PERSON caps");
}

/* A guessed name of several words before a result or a standings row is a
 * club, unless it ends in a surname (a player's figures). */
static void test_longer_guesses(void **state)
{
    fixture *f = *state;
    load_doc(f, "SOCCER - DUTCH RESULTS\n"
                "Fortuna Sittard 2 PSV 1\n"
                "Mark Brooks 65 70 68\n"
                "Gold Fields 10 5 3\n"
                "Tiger Acme 70 68 65\n"
                "Acme Olazabal 65 said\n");
    add(f, "Fortuna Sittard", P, CAPS);
    add(f, "Mark Brooks", P, CAPS);
    add(f, "Gold Fields", P, CAPS);
    add(f, "Tiger Acme", P, CAPS);
    add(f, "Acme Olazabal", P, CAPS);
    retype(f);
    /* three golf rounds (60-89) make a player's line, not a standings row */
    assert_string_equal(render(f), "[Fortuna Sittard] ORGANIZATION caps; "
                                   "[Mark Brooks] PERSON caps; "
                                   "[Gold Fields] ORGANIZATION caps; "
                                   "[Tiger Acme] PERSON caps; "
                                   "[Acme Olazabal] PERSON caps");
}

/* A club's name and the town after it, one space apart, make one club. */
static void test_join_clubs(void **state)
{
    fixture *f = *state;
    load_doc(f, "SOCCER - POLISH RESULTS\n"
                "Hutnik Krakow beat Ruch , Hutnik\nKrakow and Hutnik in "
                "Krakow drew .\n");
    add(f, "Hutnik", O, "clubs");
    add(f, "Krakow", L, "cities");
    add(f, "Ruch", O, "clubs");
    add(f, "Hutnik", O, "clubs");
    add(f, "Krakow", L, "cities");
    add(f, "Hutnik", O, "clubs");
    add(f, "Krakow", L, "cities");
    retype(f);
    assert_string_equal(render(f), "[Hutnik Krakow] ORGANIZATION sports_club; "
                                   "[Krakow] NONE sports_club; "
                                   "[Ruch] ORGANIZATION clubs; "
                                   "[Hutnik] ORGANIZATION clubs; "
                                   "[Krakow] ORGANIZATION cities; "
                                   "[Hutnik] ORGANIZATION clubs; "
                                   "[Krakow] LOCATION cities");
    /* the town joined away is a blocker, not a guess: the mentions pass
     * drops it */
    nt_mentions *m = nt_mentions_new(f->lx);
    nt_mentions_apply(m, &f->doc);
    assert_string_equal(render(f), "[Hutnik Krakow] ORGANIZATION sports_club; "
                                   "[Ruch] ORGANIZATION clubs; "
                                   "[Hutnik] ORGANIZATION clubs; "
                                   "[Krakow] ORGANIZATION cities; "
                                   "[Hutnik] ORGANIZATION clubs; "
                                   "[Krakow] LOCATION cities");
    nt_mentions_free(m);
}

/* Guesses and places are judged by their tokens however far apart they
 * stand and whatever other entities lie between; clubs are joined only
 * where they touch, here last, after organizations that do not. */
static void test_far_apart(void **state)
{
    fixture *f = *state;
    load_doc(f, "SOCCER - RESULTS\n"
                "On Monday in the first round of the long season , Smith "
                "said that Legia 2 Widzew 1 .\n"
                "Boston beat Chicago , Legia Warsaw won .\n");
    add(f, "Monday", NT_DATE, "dates");
    add(f, "Smith", P, "people");
    add(f, "Legia", P, CAPS);
    add(f, "Widzew", P, CAPS);
    add(f, "Boston", L, "cities");
    add(f, "Chicago", L, "cities");
    add(f, "Legia", O, "clubs");
    add(f, "Warsaw", L, "cities");
    retype(f);
    assert_string_equal(render(f), "[Monday] DATE dates; "
                                   "[Smith] PERSON people; "
                                   "[Legia] ORGANIZATION caps; "
                                   "[Widzew] ORGANIZATION caps; "
                                   "[Boston] ORGANIZATION cities; "
                                   "[Chicago] ORGANIZATION cities; "
                                   "[Legia Warsaw] ORGANIZATION sports_club; "
                                   "[Warsaw] NONE sports_club");
}

/* Outside sports stories nothing changes. */
static void test_not_sports(void **state)
{
    fixture *f = *state;
    load_doc(f, "POLITICS - VOTE\n"
                "CHICAGO 1996-08-30\n"
                "Boston beat Chicago , Ruch 2 Petofi 1 .\n"
                "Numan said so .\n");
    add(f, "CHICAGO", L, "cities");
    add(f, "Boston", L, "cities");
    add(f, "Chicago", L, "cities");
    add(f, "Ruch", P, CAPS);
    add(f, "Petofi", P, CAPS);
    add(f, "Numan", O, CAPS);
    assert_false(nt_sports_is_sports(f->sports, &f->doc));
    retype(f);
    assert_string_equal(render(f), "[CHICAGO] LOCATION cities; "
                                   "[Boston] LOCATION cities; "
                                   "[Chicago] LOCATION cities; "
                                   "[Ruch] PERSON caps; "
                                   "[Petofi] PERSON caps; "
                                   "[Numan] ORGANIZATION caps");
}

/* Without the classes, only scores make a sports story; no entities and
 * no tokens are fine. */
static void test_empty(void **state)
{
    (void)state;
    nt_lex *lx = nt_lex_new();
    nt_sports *s = nt_sports_new(lx);
    nt_doc d;
    nt_doc_init(&d);
    const char *text = "SOCCER\nLeeds 2-1 Chelsea 3-0 Derby 1-1\nat Boston\n";
    nt_doc_set_text(&d, "test", nt_xstrdup(text), strlen(text));
    nt_tokenize(d.clean, d.len, &d.toks);
    d.tokclass = nt_xcalloc(d.toks.n, sizeof *d.tokclass);
    d.tokclass_cap = d.toks.n;
    assert_true(nt_sports_is_sports(s, &d));
    size_t at = (size_t)(strstr(d.clean, "Boston") - d.clean);
    nt_entity e = {.start = at,
                   .end = at + 6,
                   .type = NT_LOCATION,
                   .priority = 50,
                   .source = "cities"};
    nt_entities_push(&d.ents, &e);
    nt_sports_retype(s, &d); /* no locprep class: "at" is no evidence */
    assert_int_equal(d.ents.v[0].type, NT_ORGANIZATION);
    nt_doc_set_text(&d, "empty", nt_xstrdup(""), 0);
    nt_tokenize(d.clean, d.len, &d.toks);
    assert_false(nt_sports_is_sports(s, &d));
    nt_sports_retype(s, &d);
    assert_int_equal(d.ents.n, 0);
    nt_doc_free(&d);
    nt_sports_free(s);
    nt_lex_free(lx);
    nt_sports_free(NULL);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_is_sports_headline),
        T(test_is_sports_scores),
        T(test_is_sports_counts),
        T(test_is_sports_far),
        T(test_sources_by_text),
        T(test_places),
        T(test_standings),
        T(test_other_sources),
        T(test_guesses),
        T(test_scorers),
        T(test_longer_guesses),
        T(test_join_clubs),
        T(test_far_apart),
        T(test_not_sports),
        cmocka_unit_test(test_empty),
    };
#undef T
    return cmocka_run_group_tests_name("sports", tests, NULL, NULL);
}
