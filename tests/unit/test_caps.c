/* test_caps.c - type guesses for runs of capitalized words: what a run
 * spans, what is stripped from its front, and the type, source and priority
 * that the words in and around it give. The word classes are built here, so
 * nothing depends on the shipped data/ lists. */
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
#include "tokenize.h"
#include "util.h"

#include "docfix.h"

/* The word classes caps.c looks up, words separated by spaces. */
static const docfix_class lexicon[] = {
    {"firstname", "John Pavel Joost Mark Douglas"},
    {"surname", "Smith Grachev Brooks Dole Westhuizen"},
    {"common",
     "the he we but police will dole says to stay in after raid praise "
     "scorer gold prime mark"},
    {"title", "Minister President"},
    {"orghead", "Party Bank"},
    {"orgsuffix", "Inc Corp"},
    {"locprep", "in near"},
    {"month", "March August"},
    {"weekday", "Monday"},
    {"placeword", "town east"},
    {"stopword", "the he we but"},
    {"sport", "soccer"},
    {"notname", "GDP"},
    {"orgcue", "shares spokesman"},
    {"reportverb", "said told"},
};

typedef struct {
    nt_lex *lx;
    nt_caps *caps;
    nt_doc doc;
    char got[1024];
} fixture;

static fixture *fixture_new(const docfix_class *table, size_t n)
{
    fixture *f = nt_xcalloc(1, sizeof *f);
    f->lx = docfix_lexicon(table, n);
    f->caps = nt_caps_new(f->lx);
    nt_doc_init(&f->doc);
    return f;
}

static int setup(void **state)
{
    *state = fixture_new(lexicon, sizeof lexicon / sizeof *lexicon);
    return 0;
}

/* The same classes after 40 empty ones: their bits lie above bit 31, where
 * a mask made with an int shift would go wrong. */
static int setup_high_bits(void **state)
{
    enum { UNUSED = 40, N = sizeof lexicon / sizeof *lexicon };
    static char names[UNUSED][24];
    docfix_class table[UNUSED + N];
    for (int i = 0; i < UNUSED; i++) {
        snprintf(names[i], sizeof names[i], "unused%d", i);
        table[i] = (docfix_class){names[i], ""};
    }
    memcpy(table + UNUSED, lexicon, sizeof lexicon);
    fixture *f = fixture_new(table, UNUSED + N);
    assert_int_equal(nt_lex_class_find(f->lx, "firstname"), UNUSED);
    assert_int_equal(nt_lex_class_find(f->lx, "reportverb"), UNUSED + N - 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nt_doc_free(&f->doc);
    nt_caps_free(f->caps);
    nt_lex_free(f->lx);
    free(f);
    return 0;
}

/* Tokenizes text and classifies its tokens as extract.c does. */
static void load_doc(fixture *f, const char *text)
{
    docfix_load(&f->doc, f->lx, text);
}

/* "caps" for a plain guess, "ctx" for one decided by context. */
static const char *source_name(const char *src)
{
    if (src && strcmp(src, NT_CAPS_SOURCE) == 0)
        return "caps";
    if (src && strcmp(src, NT_CAPS_CONTEXT_SOURCE) == 0)
        return "ctx";
    return src ? src : "(null)";
}

/* Guesses over text; returns the guesses as "[span] TYPE source priority",
 * separated by "; ". */
static const char *guess(fixture *f, const char *text)
{
    load_doc(f, text);
    nt_caps_guess(f->caps, f->doc.clean, f->doc.toks.v, f->doc.toks.n,
                  f->doc.tokclass, &f->doc.ents);
    size_t len = 0;
    f->got[0] = '\0';
    for (size_t i = 0; i < f->doc.ents.n; i++) {
        const nt_entity *e = &f->doc.ents.v[i];
        assert_true(e->start < e->end && e->end <= f->doc.len);
        int w = snprintf(f->got + len, sizeof f->got - len, "%s[%.*s] %s %s %d",
                         i ? "; " : "", (int)(e->end - e->start),
                         f->doc.clean + e->start, nt_type_name(e->type),
                         source_name(e->source), e->priority);
        assert_true(w > 0 && (size_t)w < sizeof f->got - len);
        len += (size_t)w;
    }
    return f->got;
}

#define EXPECT(text, want) assert_string_equal(guess(f, text), want)

/* A first name opening a name of two words makes a person strong enough
 * to beat one-word list entries (it carries the context source, but
 * mentions.c still retypes it like a plain guess). */
static void test_first_name_person(void **state)
{
    fixture *f = *state;
    EXPECT("He met John Smith.", "[John Smith] PERSON ctx 55");
    assert_int_equal(f->doc.ents.v[0].priority, NT_CAPS_STRONG_PRIORITY);
    assert_int_equal(f->doc.ents.v[0].start, 7);
    assert_int_equal(f->doc.ents.v[0].end, 17);
    assert_string_equal(f->doc.ents.v[0].source, NT_CAPS_CONTEXT_SOURCE);
    EXPECT("He met J. Smith.", "[J. Smith] PERSON ctx 55");
    /* without a first name, an unknown pair is a person by default */
    EXPECT("He met Acme Smith.", "[Acme Smith] PERSON caps 10");
    /* a common word and neither a first name nor a surname: a firm */
    EXPECT("He met Gold Fields.", "[Gold Fields] ORGANIZATION caps 10");
    EXPECT("He met Will Acme.", "[Will Acme] ORGANIZATION caps 10");
}

/* At a sentence start a common word is not part of the name ("The"); a
 * common word that is also a first name is ("Mark"), and so is a content
 * word before a surname ("Will Brooks"), but not a function word ("But"). */
static void test_sentence_initial_common(void **state)
{
    fixture *f = *state;
    EXPECT("The Acme Corp said.", "[Acme Corp] ORGANIZATION ctx 10");
    EXPECT("The Labour Party said.", "[Labour Party] ORGANIZATION ctx 10");
    EXPECT("Mark Brooks won.", "[Mark Brooks] PERSON ctx 55");
    EXPECT("Mark Olazabal won.", "[Mark Olazabal] PERSON ctx 55");
    EXPECT("Will Brooks won.", "[Will Brooks] PERSON caps 10");
    EXPECT("But Brooks won.", "[Brooks] PERSON caps 10");
    /* quotes before the word still leave it sentence-initial */
    EXPECT("\" The Acme Corp said.", "[Acme Corp] ORGANIZATION ctx 10");
}

/* A title is stripped and makes the rest a person, whatever its words. */
static void test_title(void **state)
{
    fixture *f = *state;
    EXPECT("Minister Pavel Grachev said.", "[Pavel Grachev] PERSON ctx 10");
    EXPECT("He met President Acme.", "[Acme] PERSON ctx 10");
    EXPECT("He met Prime Minister Pavel Grachev.",
           "[Pavel Grachev] PERSON ctx 10");
    /* a title before an organization head or a place noun stays */
    EXPECT("He met President Acme Bank.",
           "[President Acme Bank] ORGANIZATION ctx 10");
}

/* Inside a sentence only a common word right before a title goes ("Police
 * Minister"); another word before a title stays, and so does a common word
 * before a word that is no title. At a sentence start a common word goes
 * unless a surname follows it. */
static void test_common_before_title(void **state)
{
    fixture *f = *state;
    EXPECT("He met Police Minister Grachev.", "[Grachev] PERSON ctx 10");
    EXPECT("He met Acme Minister Grachev.",
           "[Acme Minister Grachev] PERSON caps 10");
    EXPECT("He met Police Grachev.", "[Police Grachev] PERSON caps 10");
    EXPECT("Police Grachev said.", "[Police Grachev] PERSON caps 10");
    EXPECT("Police Acme said.", "[Acme] PERSON caps 10");
}

/* A place preposition before the name makes it a place. */
static void test_place_preposition(void **state)
{
    fixture *f = *state;
    EXPECT("He stayed in Tavildara.", "[Tavildara] LOCATION ctx 10");
    EXPECT("He stayed near Acme Smith.", "[Acme Smith] LOCATION ctx 10");
    EXPECT("He stayed with Tavildara.", "[Tavildara] NONE caps 10");
}

/* "the town of X": a place noun and "of" before the name. */
static void test_place_of(void **state)
{
    fixture *f = *state;
    EXPECT("He lived in the town of Garm.", "[Garm] LOCATION ctx 10");
    EXPECT("He lived east of Garm.", "[Garm] LOCATION ctx 10");
    EXPECT("He met the son of Garm.", "[Garm] NONE caps 10");
}

/* A dateline opens its line with the place in capitals, then a date or a
 * comma and a month. */
static void test_dateline(void **state)
{
    fixture *f = *state;
    EXPECT("TAVILDARA 1996-08-30\nHe said.", "[TAVILDARA] LOCATION ctx 10");
    EXPECT("BRUSSELS, March 4\nHe said.", "[BRUSSELS] LOCATION ctx 10");
    /* a number is no date: an all-caps standings line */
    EXPECT("CHICAGO 62 70\nHe said.", "[CHICAGO] NONE caps 10");
    /* not at the start of the line */
    EXPECT("He met TAVILDARA 1996-08-30.", "[TAVILDARA] NONE caps 10");
}

/* On an all-caps line common words split the run into names. */
static void test_caps_line(void **state)
{
    fixture *f = *state;
    EXPECT("RUSSIA SAYS GRACHEV TO STAY IN CHECHNYA\nHe said.",
           "[RUSSIA] NONE caps 10; [GRACHEV] PERSON caps 10; "
           "[CHECHNYA] LOCATION ctx 10");
    EXPECT("POLICE SAY MINISTER PAVEL GRACHEV TO STAY\n",
           "[SAY] NONE caps 10; [PAVEL GRACHEV] PERSON ctx 10");
}

/* The all-caps share that makes a capitals line: four words in five, and
 * only words count (digits and punctuation do not). */
static void test_caps_line_share(void **state)
{
    fixture *f = *state;
    EXPECT("ACME SAYS JONES BROWN fell\n",
           "[ACME] NONE caps 10; [JONES BROWN] PERSON caps 10");
    EXPECT("ACME SAYS JONES Brown fell\n",
           "[ACME SAYS JONES Brown] ORGANIZATION caps 10");
    EXPECT("ACME SAYS 1996 , JONES BROWN 7 fell\n",
           "[ACME] NONE caps 10; [JONES BROWN] PERSON caps 10");
    /* fewer than three words make no capitals line */
    EXPECT("ACME SAYS\n", "[ACME SAYS] ORGANIZATION caps 10");
}

/* A short all-caps word is an acronym in mixed-case text, not on an
 * all-caps line, where every word is written so. */
static void test_acronym(void **state)
{
    fixture *f = *state;
    EXPECT("He praised SMITH on Monday.", "[SMITH] ORGANIZATION caps 10");
    EXPECT("POLICE PRAISE SMITH AFTER RAID\n", "[SMITH] PERSON caps 10");
    /* longer than five letters: no acronym */
    EXPECT("He praised GRACHEV on Monday.", "[GRACHEV] PERSON caps 10");
}

/* A lone word: unknown is an organization, a surname or a first name a
 * person, a common word a blocker (NT_NONE) unless context types it. */
static void test_lone_words(void **state)
{
    fixture *f = *state;
    EXPECT("He visited Acme.", "[Acme] NONE caps 10");
    EXPECT("He visited Acme Olazabal.", "[Acme Olazabal] PERSON caps 10");
    EXPECT("He visited Smith.", "[Smith] PERSON caps 10");
    EXPECT("He visited John.", "[John] PERSON caps 10");
    EXPECT("He said Police came.", "[Police] NONE caps 10");
    EXPECT("He met Dole.", "[Dole] NONE caps 10");
    EXPECT("He met President Dole.", "[Dole] PERSON ctx 10");
    EXPECT("He stayed in Dole.", "[Dole] LOCATION ctx 10");
    /* sentence-initial, a lone common word is stripped altogether */
    EXPECT("Police came.", "");
}

/* Particles join the words of one name, not its ends. */
static void test_particles(void **state)
{
    fixture *f = *state;
    EXPECT("He met Joost van der Westhuizen.",
           "[Joost van der Westhuizen] PERSON ctx 55");
    EXPECT("He met Joost van der.", "[Joost] PERSON caps 10");
    EXPECT("He met Joost van der", "[Joost] PERSON caps 10"); /* text's end */
    EXPECT("He met Joost van", "[Joost] PERSON caps 10");
    EXPECT("He met Joost van\nWesthuizen left.",
           "[Joost] PERSON caps 10; [Westhuizen] PERSON caps 10");
    EXPECT("Police of Tavildara left.", "[Tavildara] NONE caps 10");
    EXPECT("RUSSIA SAYS GRACHEV van TO STAY IN CHECHNYA\n",
           "[RUSSIA] NONE caps 10; [GRACHEV] PERSON caps 10; "
           "[CHECHNYA] LOCATION ctx 10");
    EXPECT("He met Joost van der van der Westhuizen.",
           "[Joost] PERSON caps 10; [Westhuizen] PERSON caps 10");
}

/* Each particle joins, and no other short lowercase word does. */
static void test_each_particle(void **state)
{
    fixture *f = *state;
    static const char *const yes[] = {"of",  "de",  "van", "von", "der",
                                      "den", "la",  "le",  "du",  "da",
                                      "di",  "del", "bin", "al",  "el"};
    static const char *const no[] = {"o",    "d",   "ofs", "fo", "ed", "va",
                                     "vans", "dee", "bi",  "at", "an", "+"};
    char text[64], want[128];
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        snprintf(text, sizeof text, "He met Acme %s Westhuizen.", yes[i]);
        snprintf(want, sizeof want, "[Acme %s Westhuizen] PERSON caps 10",
                 yes[i]);
        EXPECT(text, want);
    }
    EXPECT("He met Acme & Westhuizen.",
           "[Acme & Westhuizen] ORGANIZATION ctx 10");
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        snprintf(text, sizeof text, "He met Acme %s Westhuizen.", no[i]);
        EXPECT(text, "[Acme] NONE caps 10; [Westhuizen] PERSON caps 10");
    }
}

/* '&' joins names into a firm, even after a first name. */
static void test_ampersand(void **state)
{
    fixture *f = *state;
    EXPECT("He joined Douglas & Lomason.",
           "[Douglas & Lomason] ORGANIZATION ctx 10");
    EXPECT("He joined Douglas Lomason.", "[Douglas Lomason] PERSON ctx 55");
}

/* A capitals line is counted from its first token to the next line's:
 * the first counts too ("ACME SAYS GRACHEV": three words), punctuation and
 * numbers do not, and the next line, with its acronym, is a line of its
 * own. */
static void test_caps_line_bounds(void **state)
{
    fixture *f = *state;
    EXPECT("ACME SAYS GRACHEV\nHe praised SMITH.",
           "[ACME] NONE caps 10; [GRACHEV] PERSON caps 10; "
           "[SMITH] ORGANIZATION caps 10");
    EXPECT("He fell .\nACME , SAYS JONES BROWN - 1996 fell\nHe praised SMITH.",
           "[ACME] NONE caps 10; [JONES BROWN] PERSON caps 10; "
           "[SMITH] ORGANIZATION caps 10");
    /* three in four words all caps: no capitals line */
    EXPECT("ACME SAYS Jones BROWN\n",
           "[ACME SAYS Jones BROWN] ORGANIZATION caps 10");
}

/* Inside a sentence, after a comma or a bracket too, only a title, a
 * common word before a title or a compound modifier leaves the front of
 * a run; at its start, after quotes or a bracket, a common word does. */
static void test_front_inside_sentence(void **state)
{
    fixture *f = *state;
    EXPECT("He said , Police Grachev left.", "[Police Grachev] PERSON caps 10");
    EXPECT("He said , Police Minister Grachev left.", "[Grachev] PERSON ctx 10");
    EXPECT("He said , Minister Pavel Grachev left.",
           "[Pavel Grachev] PERSON ctx 10");
    EXPECT("He said ( Ontario-based Magna ) won.", "[Magna] NONE caps 10");
    EXPECT("( The Acme Corp said.", "[Acme Corp] ORGANIZATION ctx 10");
    EXPECT("He said , John Smith left.", "[John Smith] PERSON ctx 55");
}

/* Only "&" inside the name makes it a firm: not one before it, in an
 * earlier name, nor one that joins no words. */
static void test_ampersand_place(void **state)
{
    fixture *f = *state;
    EXPECT("He joined Douglas & Lomason and Pavel Smith.",
           "[Douglas & Lomason] ORGANIZATION ctx 10; "
           "[Pavel Smith] PERSON ctx 55");
    EXPECT("He joined & Pavel Smith.", "[Pavel Smith] PERSON ctx 55");
    EXPECT("He joined Pavel Smith & co.", "[Pavel Smith] PERSON ctx 55");
}

/* A compound modifier opening the run is no part of the name. */
static void test_hyphen_modifier(void **state)
{
    fixture *f = *state;
    EXPECT("He said Ontario-based Magna won.", "[Magna] NONE caps 10");
    EXPECT("He met Jean-Pierre Smith.", "[Jean-Pierre Smith] PERSON caps 10");
    /* the word read whole (a comma after it) or at the end of the text */
    EXPECT("He said Ontario-based, Magna won.", "[Magna] NONE caps 10");
    EXPECT("He said Ontario-led Magna", "[Magna] NONE caps 10");
    /* only a hyphen then lowercase makes a modifier */
    EXPECT("He said Ontario-7 Magna won.", "[Ontario-7 Magna] PERSON caps 10");
}

/* Months and weekdays end runs and are never names. */
static void test_dates_split(void **state)
{
    fixture *f = *state;
    EXPECT("He met Smith August 3 and Acme Monday.",
           "[Smith] PERSON caps 10; [Acme] NONE caps 10");
    EXPECT("Monday Smith said March Acme Corp left.",
           "[Smith] PERSON caps 10; [Acme Corp] ORGANIZATION ctx 10");
}

/* Contractions and plurals of common words are common words. */
static void test_contractions(void **state)
{
    fixture *f = *state;
    EXPECT("We've met Smith.", "[Smith] PERSON caps 10");
    EXPECT("We\xE2\x80\x99ve met Smith.", "[Smith] PERSON caps 10");
    EXPECT("He said We'll go.", "[We'll] NONE caps 10");
    EXPECT("He met Scorers.", "[Scorers] NONE caps 10");
    /* an unknown stem is no common word */
    EXPECT("He met O'Neill.", "[O'Neill] NONE caps 10");
}

/* The word after a name: "shares", "spokesman" make a firm of an unknown
 * name, a reporting verb a person of an unknown word. */
static void test_next_word(void **state)
{
    fixture *f = *state;
    EXPECT("He said Acme shares fell.", "[Acme] ORGANIZATION ctx 10");
    EXPECT("He met an Acme Olazabal spokesman.",
           "[Acme Olazabal] ORGANIZATION ctx 10");
    EXPECT("He sold Smith shares.", "[Smith] PERSON caps 10");
    EXPECT("He said Acme Shares fell.", "[Acme Shares] PERSON caps 10");
    EXPECT("Gujral said so.", "[Gujral] PERSON caps 10");
    EXPECT("Gujral left.", "[Gujral] NONE caps 10");
    EXPECT("He met Acme Olazabal told.", "[Acme Olazabal] PERSON caps 10");
    /* words that are no names ("GDP") are blockers */
    EXPECT("He said GDP rose.", "[GDP] NONE caps 10");
}

/* Whether a word is common is asked of each word, not answered once for a
 * run or carried over from the previous document. */
static void test_common_each_word(void **state)
{
    fixture *f = *state;
    /* only the second word is common: still a firm */
    EXPECT("He met Acme Gold.", "[Acme Gold] ORGANIZATION caps 10");
    EXPECT("He met Gold Acme.", "[Gold Acme] ORGANIZATION caps 10");
    EXPECT("He met Acme Olazabal Gold.",
           "[Acme Olazabal Gold] ORGANIZATION caps 10");
    /* the same token position, common in one document and not the next
     * (no capitalized word before it to ask about in between) */
    EXPECT("they met Gold.", "[Gold] NONE caps 10");
    EXPECT("they met Smith.", "[Smith] PERSON caps 10");
    EXPECT("they met Dole.", "[Dole] NONE caps 10");
    EXPECT("they met Brooks.", "[Brooks] PERSON caps 10");
}

/* A name is found wherever it stands: after an odd or even number of
 * other tokens (the scan for capitals takes four at a time) and as the
 * last token. Its entity is whole: the fields a guess does not set are
 * zero, even in storage that held another entity. */
static void test_name_at_each_place(void **state)
{
    fixture *f = *state;
    static const char *const texts[] = {
        "Acme",          "we Acme",          "we we Acme",
        "we we we Acme", "we we we we Acme", "Acme rose",
        "we Acme rose",  "we we Acme rose",  "we we we Acme rose",
        "we we we we we Acme", "we we we we we we Acme",
        "we we we we we we we Acme", "we we we we we we we we Acme rose",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        load_doc(f, texts[i]);
        nt_entity junk;
        memset(&junk, 0xA5, sizeof junk);
        nt_entities_push(&f->doc.ents, &junk); /* storage to reuse */
        nt_entities_clear(&f->doc.ents);
        nt_caps_guess(f->caps, f->doc.clean, f->doc.toks.v, f->doc.toks.n,
                      f->doc.tokclass, &f->doc.ents);
        assert_int_equal(f->doc.ents.n, 1);
        const nt_entity *e = &f->doc.ents.v[0];
        size_t at = (size_t)(strstr(texts[i], "Acme") - texts[i]);
        assert_int_equal(e->start, at);
        assert_int_equal(e->end, at + 4);
        assert_int_equal(e->priority, NT_CAPS_PRIORITY);
        assert_string_equal(source_name(e->source), "caps");
        nt_entity zero;
        memset(&zero, 0, sizeof zero);
        assert_memory_equal(e->value, zero.value, sizeof e->value);
        assert_int_equal(e->timex, 0);
        assert_int_equal(e->id, 0);
        assert_int_equal(e->line, 0);
        assert_null(e->file);
    }
    EXPECT("we we we", "");
    EXPECT("we we", "");
}

/* Missing classes are never evidence, and nothing is guessed without
 * capitals. */
static void test_empty_lexicon(void **state)
{
    (void)state;
    nt_lex *lx = nt_lex_new();
    nt_caps *c = nt_caps_new(lx);
    const char *text = "Minister John Smith met him in Paris.";
    nt_tokens t;
    nt_tokens_init(&t);
    nt_tokenize(text, strlen(text), &t);
    uint64_t cls[16] = {0};
    assert_true(t.n <= 16);
    nt_entities out;
    nt_entities_init(&out);
    nt_caps_guess(c, text, t.v, t.n, cls, &out);
    assert_int_equal(out.n, 2);
    assert_int_equal(out.v[0].start, 0);
    assert_int_equal(out.v[0].end, 19); /* "Minister John Smith" */
    assert_int_equal(out.v[0].type, NT_PERSON);
    assert_int_equal(out.v[1].start, 31); /* "Paris": no locprep class */
    assert_int_equal(out.v[1].type, NT_NONE); /* a lone unknown word */
    assert_string_equal(out.v[1].source, NT_CAPS_SOURCE);
    nt_entities_clear(&out);
    nt_caps_guess(c, "", t.v, 0, cls, &out);
    assert_int_equal(out.n, 0);
    nt_entities_free(&out);
    nt_tokens_free(&t);
    nt_caps_free(c);
    nt_lex_free(lx);
    nt_caps_free(NULL);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define H(fn) cmocka_unit_test_setup_teardown(fn, setup_high_bits, teardown)
    const struct CMUnitTest tests[] = {
        T(test_first_name_person),
        T(test_sentence_initial_common),
        T(test_title),
        T(test_common_before_title),
        T(test_place_preposition),
        T(test_place_of),
        T(test_dateline),
        T(test_caps_line),
        T(test_caps_line_share),
        T(test_acronym),
        T(test_lone_words),
        T(test_particles),
        T(test_each_particle),
        T(test_ampersand),
        T(test_caps_line_bounds),
        T(test_front_inside_sentence),
        T(test_ampersand_place),
        T(test_hyphen_modifier),
        T(test_dates_split),
        T(test_contractions),
        T(test_next_word),
        T(test_common_each_word),
        T(test_name_at_each_place),
        cmocka_unit_test(test_empty_lexicon),
        /* every class again at a bit above 31 */
        H(test_first_name_person),
        H(test_sentence_initial_common),
        H(test_title),
        H(test_place_preposition),
        H(test_place_of),
        H(test_dateline),
        H(test_caps_line),
        H(test_caps_line_share),
        H(test_acronym),
        H(test_lone_words),
        H(test_particles),
        H(test_each_particle),
        H(test_ampersand),
        H(test_caps_line_bounds),
        H(test_front_inside_sentence),
        H(test_ampersand_place),
        H(test_hyphen_modifier),
        H(test_dates_split),
        H(test_contractions),
        H(test_next_word),
        H(test_common_each_word),
    };
#undef H
#undef T
    return cmocka_run_group_tests_name("caps", tests, NULL, NULL);
}
