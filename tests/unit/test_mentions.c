/* test_mentions.c - one name, one type and one id per article: what the
 * mentions typed with evidence teach the plain guesses (same words, a
 * surname, a name without its legal suffix, an acronym), which blockers
 * survive, and how mentions are numbered. Entities are set by hand with the
 * sources the extractor would give; the word classes are built here. */
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
#include "tokenize.h"
#include "util.h"

#include "docfix.h"

typedef struct {
    nt_lex *lx;
    nt_mentions *m;
    nt_doc doc;
    size_t cursor; /* where add() looks for its next name */
    char got[1024];
} fixture;

static int setup(void **state)
{
    fixture *f = nt_xcalloc(1, sizeof *f);
    static const docfix_class lexicon[] = {{"orgsuffix", "Inc Corp"}};
    f->lx = docfix_lexicon(lexicon, 1);
    f->m = nt_mentions_new(f->lx);
    nt_doc_init(&f->doc);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nt_doc_free(&f->doc);
    nt_mentions_free(f->m);
    nt_lex_free(f->lx);
    free(f);
    return 0;
}

/* Makes text the document, tokenized and classified as extract.c does. */
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

/* The entities as "[span] TYPE #id", separated by "; ". */
static const char *render(fixture *f)
{
    size_t len = 0;
    f->got[0] = '\0';
    for (size_t i = 0; i < f->doc.ents.n; i++) {
        const nt_entity *e = &f->doc.ents.v[i];
        int w = snprintf(f->got + len, sizeof f->got - len, "%s[%.*s] %s #%u",
                         i ? "; " : "", (int)(e->end - e->start),
                         f->doc.clean + e->start, nt_type_name(e->type), e->id);
        assert_true(w > 0 && (size_t)w < sizeof f->got - len);
        len += (size_t)w;
    }
    return f->got;
}

/* What nt_extract does after resolving overlaps (sports aside). */
static const char *run(fixture *f)
{
    nt_mentions_apply(f->m, &f->doc);
    return render(f);
}

#define L NT_LOCATION
#define O NT_ORGANIZATION
#define P NT_PERSON
#define NONE NT_NONE
#define CAPS NT_CAPS_SOURCE
#define CTX NT_CAPS_CONTEXT_SOURCE

/* A plain guess takes the type its words have from a list, before or
 * after it; guesses decided by context teach too and keep their own. */
static void test_same_words(void **state)
{
    fixture *f = *state;
    load_doc(f, "Tavildara fell. Rebels held Tavildara. Garm and Kulob too. "
                "In Garm, Kulob spoke. Kulob left.");
    add(f, "Tavildara", O, CAPS);
    add(f, "Tavildara", L, "cities");
    add(f, "Garm", O, CAPS);
    add(f, "Kulob", L, CTX);
    add(f, "Garm", L, CTX);
    add(f, "Kulob", P, CTX);
    add(f, "Kulob", O, CAPS); /* the first type learnt wins */
    assert_string_equal(run(f), "[Tavildara] LOCATION #1; "
                                "[Tavildara] LOCATION #1; "
                                "[Garm] LOCATION #2; "
                                "[Kulob] LOCATION #3; "
                                "[Garm] LOCATION #2; "
                                "[Kulob] PERSON #4; "
                                "[Kulob] LOCATION #3");
}

/* Only plain guesses are retyped: lists and rules keep their type even
 * when another mention says otherwise. */
static void test_evidence_kept(void **state)
{
    fixture *f = *state;
    load_doc(f, "Washington said. He flew to Washington.");
    add(f, "Washington", P, "people");
    add(f, "Washington", L, "cities");
    assert_string_equal(run(f), "[Washington] PERSON #1; "
                                "[Washington] LOCATION #2");
}

/* A surname alone is the person named in full, even before the full name,
 * and even when the full name was a guess; the mentions share an id. */
static void test_surname(void **state)
{
    fixture *f = *state;
    load_doc(f, "Grachev spoke. Minister Pavel Grachev said Grachev would "
                "stay. Yeltsin agreed, said Boris Yeltsin.");
    add(f, "Grachev", O, CAPS);
    add(f, "Pavel Grachev", P, CTX);
    add(f, "Grachev", O, CAPS);
    add(f, "Yeltsin", O, CAPS);
    add(f, "Boris Yeltsin", P, CAPS);
    assert_string_equal(run(f), "[Grachev] PERSON #1; "
                                "[Pavel Grachev] PERSON #1; "
                                "[Grachev] PERSON #1; "
                                "[Yeltsin] PERSON #2; "
                                "[Boris Yeltsin] PERSON #2");
}

/* An organization without its legal suffix: the suffix comes from the
 * "orgsuffix" class, with or without a period or a comma. */
static void test_legal_suffix(void **state)
{
    fixture *f = *state;
    load_doc(f, "Johnson Controls Inc said. Johnson Controls rose. "
                "Acme Corp. fell, Acme said. Magna, Inc. and Magna.");
    add(f, "Johnson Controls Inc", O, "org_suffix");
    add(f, "Johnson Controls", P, CAPS);
    add(f, "Acme Corp.", O, "org_suffix");
    add(f, "Acme", P, CAPS);
    add(f, "Magna, Inc.", O, "org_suffix");
    add(f, "Magna", P, CAPS);
    assert_string_equal(run(f), "[Johnson Controls Inc] ORGANIZATION #1; "
                                "[Johnson Controls] ORGANIZATION #1; "
                                "[Acme Corp.] ORGANIZATION #2; "
                                "[Acme] ORGANIZATION #2; "
                                "[Magna, Inc.] ORGANIZATION #3; "
                                "[Magna] ORGANIZATION #3");
}

/* Suffixes the lexicon gains after the mentions were made count too, and
 * a suffix whose written first letter is not ASCII but folds to ASCII (the
 * Kelvin sign folds to "k") is found in any case: the lookups that the
 * suffixes' first and last letters spare must not spare these. */
static void test_suffix_filter(void **state)
{
    fixture *f = *state;
    int cls = nt_lex_class_find(f->lx, "orgsuffix");
    nt_lex_add(f->lx, cls, "GmbH", 4);
    load_doc(f, "Siemens GmbH said. Siemens rose. Acme Corp fell. Acme said.");
    add(f, "Siemens GmbH", O, "org_suffix");
    add(f, "Siemens", P, CAPS);
    add(f, "Acme Corp", O, "org_suffix");
    add(f, "Acme", P, CAPS);
    assert_string_equal(run(f), "[Siemens GmbH] ORGANIZATION #1; "
                                "[Siemens] ORGANIZATION #1; "
                                "[Acme Corp] ORGANIZATION #2; "
                                "[Acme] ORGANIZATION #2");
    nt_lex_add(f->lx, cls, "\xE2\x84\xAAG", 4); /* U+212A, "G": "kg" */
    load_doc(f, "Bayer KG said. Bayer rose. Linde kg fell. Linde said.");
    add(f, "Bayer KG", O, "org_suffix");
    add(f, "Bayer", P, CAPS);
    add(f, "Linde kg", O, "org_suffix");
    add(f, "Linde", P, CAPS);
    assert_string_equal(run(f), "[Bayer KG] ORGANIZATION #1; "
                                "[Bayer] ORGANIZATION #1; "
                                "[Linde kg] ORGANIZATION #2; "
                                "[Linde] ORGANIZATION #2");
}

/* A person's key is the last word, wherever the last space falls in the
 * eight-byte blocks the name is searched in from its end: first names of
 * 1 to 10 letters before surnames of 1 to 17. */
static void test_last_word(void **state)
{
    fixture *f = *state;
    static const char letters[] = "Abcdefghijklmnopq";
    for (size_t a = 1; a <= 10; a++) {
        for (size_t b = 1; b <= 17; b++) {
            char text[96], name[40], want[160];
            snprintf(name, sizeof name, "%.*s %.*s", (int)a, letters,
                     (int)b, "Zyxwvutsrqponmlkj");
            snprintf(text, sizeof text, "%s said %.*s went.", name, (int)b,
                     "Zyxwvutsrqponmlkj");
            load_doc(f, text);
            add(f, name, P, CTX);
            char sur[20];
            snprintf(sur, sizeof sur, "%.*s", (int)b, "Zyxwvutsrqponmlkj");
            add(f, sur, P, CAPS);
            snprintf(want, sizeof want, "[%s] PERSON #1; [%s] PERSON #1",
                     name, sur);
            assert_string_equal(run(f), want);
        }
    }
}

/* A name guessed from its first name alone ("Johnson" is one) is retyped
 * like a plain guess, and teaches no more than one. */
static void test_first_name_guess(void **state)
{
    fixture *f = *state;
    load_doc(f, "Johnson Controls Inc said. Johnson Controls rose. "
                "Pavel Grachev, Minister Pavel Grachev and Pavel Grachev.");
    add(f, "Johnson Controls Inc", O, "org_suffix");
    add(f, "Johnson Controls", P, CTX);
    f->doc.ents.v[1].priority = NT_CAPS_STRONG_PRIORITY;
    add(f, "Pavel Grachev", O, CTX);
    f->doc.ents.v[2].priority = NT_CAPS_STRONG_PRIORITY;
    add(f, "Pavel Grachev", P, CTX); /* decided by the title */
    add(f, "Pavel Grachev", P, CTX);
    f->doc.ents.v[4].priority = NT_CAPS_STRONG_PRIORITY;
    assert_string_equal(run(f), "[Johnson Controls Inc] ORGANIZATION #1; "
                                "[Johnson Controls] ORGANIZATION #1; "
                                "[Pavel Grachev] PERSON #2; "
                                "[Pavel Grachev] PERSON #2; "
                                "[Pavel Grachev] PERSON #2");
    /* a strong guess is no evidence: it does not teach its own words */
    load_doc(f, "Pavel Grachev, and Pavel Grachev.");
    add(f, "Pavel Grachev", O, CTX);
    f->doc.ents.v[0].priority = NT_CAPS_STRONG_PRIORITY;
    add(f, "Pavel Grachev", P, CAPS);
    assert_string_equal(run(f), "[Pavel Grachev] ORGANIZATION #1; "
                                "[Pavel Grachev] PERSON #2");
}

/* Without the suffix class a name keeps all its words. */
static void test_no_suffix_class(void **state)
{
    (void)state;
    fixture g = {.lx = nt_lex_new()};
    g.m = nt_mentions_new(g.lx);
    nt_doc_init(&g.doc);
    load_doc(&g, "Johnson Controls Inc said. Johnson Controls rose.");
    add(&g, "Johnson Controls Inc", O, "org_suffix");
    add(&g, "Johnson Controls", P, CAPS);
    assert_string_equal(run(&g), "[Johnson Controls Inc] ORGANIZATION #1; "
                                 "[Johnson Controls] PERSON #2");
    nt_doc_free(&g.doc);
    nt_mentions_free(g.m);
    nt_lex_free(g.lx);
    nt_mentions_free(NULL);
}

/* The acronym of an organization's capitalized words is that
 * organization, with its id. */
static void test_acronym(void **state)
{
    fixture *f = *state;
    load_doc(f, "The International Monetary Fund said. The IMF and the "
                "Bank of England agreed with IMF and BE. IMF staff left.");
    add(f, "International Monetary Fund", O, "orgs");
    add(f, "IMF", P, CAPS); /* as a surname on a capitals line would be */
    add(f, "Bank of England", O, "orgs");
    add(f, "IMF", O, CAPS);
    add(f, "BE", NONE, CAPS);
    add(f, "IMF", O, "orgs");
    assert_string_equal(run(f),
                        "[International Monetary Fund] ORGANIZATION #1; "
                        "[IMF] ORGANIZATION #1; "
                        "[Bank of England] ORGANIZATION #2; "
                        "[IMF] ORGANIZATION #1; "
                        "[BE] ORGANIZATION #2; "
                        "[IMF] ORGANIZATION #1");
}

/* An acronym shares the id of the full name that comes after it, and ids
 * stay numbered 1, 2, ... in order of first appearance. */
static void test_acronym_first(void **state)
{
    fixture *f = *state;
    load_doc(f, "NATO met Reuters. The North Atlantic Treaty Organization "
                "said so.");
    add(f, "NATO", O, "orgs");
    add(f, "Reuters", O, "orgs");
    add(f, "North Atlantic Treaty Organization", O, "orgs");
    assert_string_equal(run(f),
                        "[NATO] ORGANIZATION #1; "
                        "[Reuters] ORGANIZATION #2; "
                        "[North Atlantic Treaty Organization] ORGANIZATION #1");
}

/* An acronym names an organization keyed by it (the name without legal
 * suffix: "GFQ Inc" is "GFQ"), not a person of that name; after a join
 * the later ids close up, and an article where no organization is keyed
 * like an acronym, or where acronyms name nothing, keeps its ids as
 * handed out. */
static void test_acronym_keys(void **state)
{
    fixture *f = *state;
    load_doc(f, "Gold Field Quay met Bob Dole. GFQ Inc and Dole and Golden "
                "Fleece met GF.");
    add(f, "Gold Field Quay", O, "orgs");
    add(f, "Bob Dole", P, "people");
    add(f, "GFQ Inc", O, "orgs");
    add(f, "Dole", P, "people");
    add(f, "Golden Fleece", O, "orgs");
    add(f, "GF", P, "people");
    assert_string_equal(run(f), "[Gold Field Quay] ORGANIZATION #1; "
                                "[Bob Dole] PERSON #2; "
                                "[GFQ Inc] ORGANIZATION #1; "
                                "[Dole] PERSON #2; "
                                "[Golden Fleece] ORGANIZATION #3; "
                                "[GF] PERSON #4");
    load_doc(f, "Gold Field Quay met GFQ and Gfq and Bob Dole.");
    add(f, "Gold Field Quay", O, "orgs");
    add(f, "GFQ", L, "cities");
    add(f, "Gfq", O, "orgs");
    add(f, "Bob Dole", P, "people");
    assert_string_equal(run(f), "[Gold Field Quay] ORGANIZATION #1; "
                                "[GFQ] LOCATION #2; "
                                "[Gfq] ORGANIZATION #3; "
                                "[Bob Dole] PERSON #4");
    load_doc(f, "NATO and Gold Field Quay and the EU and Bob Dole.");
    add(f, "NATO", O, "orgs");
    add(f, "Gold Field Quay", O, "orgs");
    add(f, "EU", O, "orgs");
    add(f, "Bob Dole", P, "people");
    assert_string_equal(run(f), "[NATO] ORGANIZATION #1; "
                                "[Gold Field Quay] ORGANIZATION #2; "
                                "[EU] ORGANIZATION #3; "
                                "[Bob Dole] PERSON #4");
}

/* Only organizations known from evidence teach their short forms. */
static void test_guessed_org_teaches_nothing(void **state)
{
    fixture *f = *state;
    load_doc(f, "Acme Gold Fields Inc said. AGF and Acme Gold Fields rose.");
    add(f, "Acme Gold Fields Inc", O, CAPS);
    add(f, "AGF", P, CAPS);
    add(f, "Acme Gold Fields", P, CAPS);
    assert_string_equal(run(f), "[Acme Gold Fields Inc] ORGANIZATION #1; "
                                "[AGF] PERSON #2; "
                                "[Acme Gold Fields] PERSON #3");
}

/* Blockers (lone common words, NT_NONE guesses) become names the article
 * knows, and are dropped otherwise. */
static void test_blockers(void **state)
{
    fixture *f = *state;
    load_doc(f, "Bob Dole spoke. Dole said Police came. Will left, and "
                "Reform won. The Reform Party said.");
    add(f, "Bob Dole", P, CAPS);
    add(f, "Dole", NONE, CAPS);
    add(f, "Police", NONE, CAPS);
    add(f, "Will", NONE, CAPS);
    add(f, "Reform", NONE, CAPS);
    add(f, "Reform Party", O, CTX);
    assert_string_equal(run(f), "[Bob Dole] PERSON #1; "
                                "[Dole] PERSON #1; "
                                "[Reform Party] ORGANIZATION #2");
}

/* Entities of no type go wherever they stand (first, between names,
 * last; blockers with evidence as well as guesses), the others keep their
 * order, and their keys stay with them for the ids. */
static void test_drops(void **state)
{
    fixture *f = *state;
    load_doc(f, "Will met Acme Corp. Police and Dole and Bob Dole. Acme "
                "went. Later Swiss fans left.");
    add(f, "Will", NONE, "nationalities");
    add(f, "Acme Corp", O, "orgs");
    add(f, "Police", NONE, CAPS);
    add(f, "Dole", NONE, CAPS);
    add(f, "Bob Dole", P, "people");
    add(f, "Acme", O, CAPS);
    add(f, "Later", NONE, CAPS);
    add(f, "Swiss", NONE, "nationalities");
    assert_string_equal(run(f), "[Acme Corp] ORGANIZATION #1; "
                                "[Dole] PERSON #2; "
                                "[Bob Dole] PERSON #2; "
                                "[Acme] ORGANIZATION #1");
    load_doc(f, "Acme Corp and Bob Dole. Acme and Dole.");
    add(f, "Acme Corp", O, "orgs");
    add(f, "Bob Dole", P, "people");
    add(f, "Acme", P, CAPS);
    add(f, "Dole", O, CAPS);
    assert_string_equal(run(f), "[Acme Corp] ORGANIZATION #1; "
                                "[Bob Dole] PERSON #2; "
                                "[Acme] ORGANIZATION #1; "
                                "[Dole] PERSON #2");
}

/* A blocker before the full name is promoted as well. */
static void test_blocker_before_name(void **state)
{
    fixture *f = *state;
    load_doc(f, "Dole said. Bob Dole agreed.");
    add(f, "Dole", NONE, CAPS);
    add(f, "Bob Dole", P, "people");
    assert_string_equal(run(f), "[Dole] PERSON #1; [Bob Dole] PERSON #1");
}

/* Ids: from 1 in order of first appearance; a person's mentions share one,
 * different names and one text with different types get their own. */
static void test_ids(void **state)
{
    fixture *f = *state;
    load_doc(f, "Pavel Grachev met Acme Corp in Paris. Grachev and Acme Corp "
                "then met Boris Yeltsin in Paris and Jordan in Jordan. "
                "Yeltsin left.");
    add(f, "Pavel Grachev", P, "people");
    add(f, "Acme Corp", O, "orgs");
    add(f, "Paris", L, "cities");
    add(f, "Grachev", P, "people");
    add(f, "Acme Corp", O, "orgs");
    add(f, "Boris Yeltsin", P, "people");
    add(f, "Paris", L, "cities");
    add(f, "Jordan", P, "people");
    add(f, "Jordan", L, "countries");
    add(f, "Yeltsin", P, "people");
    assert_string_equal(run(f), "[Pavel Grachev] PERSON #1; "
                                "[Acme Corp] ORGANIZATION #2; "
                                "[Paris] LOCATION #3; "
                                "[Grachev] PERSON #1; "
                                "[Acme Corp] ORGANIZATION #2; "
                                "[Boris Yeltsin] PERSON #4; "
                                "[Paris] LOCATION #3; "
                                "[Jordan] PERSON #5; "
                                "[Jordan] LOCATION #6; "
                                "[Yeltsin] PERSON #4");
}

/* What one article teaches is forgotten by the next, and its ids start
 * from 1 again. */
static void test_per_article(void **state)
{
    fixture *f = *state;
    load_doc(f, "Pavel Grachev said. Acme Corp fell.");
    add(f, "Pavel Grachev", P, "people");
    add(f, "Acme Corp", O, "orgs");
    assert_string_equal(run(f), "[Pavel Grachev] PERSON #1; "
                                "[Acme Corp] ORGANIZATION #2");
    load_doc(f, "Acme rose. Grachev said.");
    add(f, "Acme", P, CAPS);
    add(f, "Grachev", O, CAPS);
    assert_string_equal(run(f), "[Acme] PERSON #1; [Grachev] ORGANIZATION #2");
    load_doc(f, "Acme Corp fell. Pavel Grachev said.");
    add(f, "Acme Corp", O, "orgs");
    add(f, "Pavel Grachev", P, "people");
    assert_string_equal(run(f), "[Acme Corp] ORGANIZATION #1; "
                                "[Pavel Grachev] PERSON #2");
    load_doc(f, "Nothing here.");
    assert_string_equal(run(f), "");
}

/* A source is told by its text, not its address: a guess whose source
 * reads NT_CAPS_SOURCE from another copy (a rule of that name, cached
 * data) is retyped all the same. */
static void test_source_by_text(void **state)
{
    fixture *f = *state;
    char caps[] = NT_CAPS_SOURCE, ctx[] = NT_CAPS_CONTEXT_SOURCE;
    load_doc(f, "Tavildara fell. Rebels held Tavildara. Garm and Garm.");
    add(f, "Tavildara", O, caps);
    add(f, "Tavildara", L, "cities");
    add(f, "Garm", L, "cities");
    add(f, "Garm", O, ctx);
    f->doc.ents.v[3].priority = NT_CAPS_STRONG_PRIORITY;
    assert_string_equal(run(f), "[Tavildara] LOCATION #1; "
                                "[Tavildara] LOCATION #1; "
                                "[Garm] LOCATION #2; "
                                "[Garm] LOCATION #2");
}

/* Enough names for the per-article tables to grow several times while
 * names, surnames and acronyms learnt before are still to be found; the
 * next article knows none of them. */
static void test_many_names(void **state)
{
    fixture *f = *state;
    enum { N = 100 };
    static char text[N * 64];
    char names[N][4][24];
    size_t len = 0;
    for (int i = 0; i < N; i++) {
        char x = (char)('A' + i % 26), y = (char)('A' + i / 26);
        snprintf(names[i][0], 24, "Ned Sur%c%c", x + 32, y + 32);
        snprintf(names[i][1], 24, "%cord %cane Quay Corp", x, y);
        snprintf(names[i][2], 24, "Sur%c%c", x + 32, y + 32);
        snprintf(names[i][3], 24, "%c%cQ", x, y);
        len += (size_t)snprintf(text + len, sizeof text - len, "%s met %s. ",
                                names[i][0], names[i][1]);
    }
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%s and %s. ",
                                names[i][2], names[i][3]);
    load_doc(f, text);
    for (int i = 0; i < N; i++) {
        add(f, names[i][0], P, "people");
        add(f, names[i][1], O, "orgs");
    }
    for (int i = 0; i < N; i++) {
        add(f, names[i][2], O, CAPS);
        add(f, names[i][3], P, CAPS);
    }
    nt_mentions_apply(f->m, &f->doc);
    assert_int_equal(f->doc.ents.n, 4 * N);
    for (int i = 0; i < N; i++) {
        const nt_entity *e = f->doc.ents.v;
        for (int j = 0; j < 2; j++) {
            nt_type want = j ? O : P;
            unsigned id = (unsigned)(2 * i + j + 1);
            assert_int_equal(e[2 * i + j].type, want);
            assert_int_equal(e[2 * i + j].id, id);
            assert_int_equal(e[2 * N + 2 * i + j].type, want);
            assert_int_equal(e[2 * N + 2 * i + j].id, id);
        }
    }
    load_doc(f, "Surab and AAQ.");
    add(f, "Surab", O, CAPS);
    add(f, "AAQ", P, CAPS);
    assert_string_equal(run(f), "[Surab] ORGANIZATION #1; [AAQ] PERSON #2");
}

/* Ids are keyed by a name's first 255 bytes, as they always were: two
 * longer names that differ only beyond them are one entity. */
static void test_long_names(void **state)
{
    fixture *f = *state;
    char names[3][300], text[2048];
    memset(names[0], 'a', 299);
    names[0][0] = 'A';
    names[0][299] = '\0';
    memcpy(names[1], names[0], 300);
    names[1][298] = 'b'; /* beyond the first 255 bytes: the same entity */
    memcpy(names[2], names[0], 300);
    names[2][254] = 'x'; /* within them: another */
    snprintf(text, sizeof text, "%s %s %s", names[0], names[1], names[2]);
    load_doc(f, text);
    for (int i = 0; i < 3; i++)
        add(f, names[i], O, "orgs");
    nt_mentions_apply(f->m, &f->doc);
    assert_int_equal(f->doc.ents.n, 3);
    assert_int_equal(f->doc.ents.v[0].id, 1);
    assert_int_equal(f->doc.ents.v[1].id, 1);
    assert_int_equal(f->doc.ents.v[2].id, 2);
}

/* An acronym joins its organization when guesses dropped before them have
 * moved both (nt_mentions_apply moves an organization's form with it). */
static void test_join_after_drop(void **state)
{
    fixture *f = *state;
    load_doc(f, "Zorb and Quux said. International Monetary Fund met. "
                "Then Blah and IMF spoke.");
    add(f, "Zorb", NONE, CAPS);
    add(f, "Quux", NONE, CAPS);
    add(f, "International Monetary Fund", O, "orgs");
    add(f, "Blah", NONE, CAPS);
    add(f, "IMF", O, "orgs");
    assert_string_equal(run(f), "[International Monetary Fund] ORGANIZATION "
                                "#1; [IMF] ORGANIZATION #1");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_same_words),
        T(test_join_after_drop),
        T(test_evidence_kept),
        T(test_surname),
        T(test_legal_suffix),
        T(test_suffix_filter),
        T(test_last_word),
        T(test_first_name_guess),
        cmocka_unit_test(test_no_suffix_class),
        T(test_acronym),
        T(test_acronym_first),
        T(test_acronym_keys),
        T(test_guessed_org_teaches_nothing),
        T(test_blockers),
        T(test_blocker_before_name),
        T(test_drops),
        T(test_ids),
        T(test_per_article),
        T(test_source_by_text),
        T(test_many_names),
        T(test_long_names),
    };
#undef T
    return cmocka_run_group_tests_name("mentions", tests, NULL, NULL);
}
