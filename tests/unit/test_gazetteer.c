/* test_gazetteer.c - name lists over tokens: the longest entry, prefixes
 * that lead nowhere, case rules (headlines, acronyms, lowercase words),
 * duplicate names, apostrophes, and the list file format and its errors. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "gazetteer.h"
#include "utf8.h"
#include "tmpdir.h"
#include "tokenize.h"

static int setup(void **state)
{
    *state = tmp_folder("gazetteer");
    return 0;
}

static int teardown(void **state)
{
    tmp_free(*state);
    return 0;
}

static void add(nt_gaz *g, const char *name, nt_type type, int prio,
                const char *source)
{
    assert_int_equal(
        nt_gaz_add(g, name, strlen(name), type, prio, nt_gaz_intern(g, source)),
        0);
}

/* Whether two runs of nt_gaz_match_all found the same entities. */
static void expect_same_entities(const nt_entities *a, const nt_entities *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t k = 0; k < a->n; k++) {
        assert_int_equal(a->v[k].start, b->v[k].start);
        assert_int_equal(a->v[k].end, b->v[k].end);
        assert_int_equal(a->v[k].type, b->v[k].type);
        assert_int_equal(a->v[k].priority, b->v[k].priority);
        assert_ptr_equal(a->v[k].source, b->v[k].source);
    }
}

/* nt_gaz_match_all's entity at token i of text (NULL: none) in all, run
 * three times with the same results: looking each token up in g, on what
 * g's memo keeps, and on nt_gaz_first's answers given (as nt_doc_classify
 * keeps them); text is copied with the padding it needs. */
static const nt_entity *match_all_at(const nt_gaz *g, const char *text,
                                     const nt_tokens *toks, size_t i,
                                     nt_entities *all)
{
    size_t n = strlen(text);
    char *padded = calloc(1, n + 32);
    uint64_t *first = calloc(toks->n + 1, sizeof *first);
    assert_non_null(padded);
    assert_non_null(first);
    memcpy(padded, text, n);
    for (size_t k = 0; k < toks->n; k++)
        first[k] = nt_gaz_first(g, padded, &toks->v[k]);
    nt_entities before;
    nt_entities_init(&before);
    for (int round = 0; round < 3; round++) {
        nt_entities_clear(all);
        nt_gaz_match_all(g, padded, toks->v, toks->n, round == 2 ? first : NULL,
                         all);
        if (round)
            expect_same_entities(&before, all);
        nt_entities_clear(&before);
        for (size_t k = 0; k < all->n; k++)
            nt_entities_push(&before, &all->v[k]);
    }
    nt_entities_free(&before);
    free(first);
    free(padded);
    const nt_entity *found = NULL;
    for (size_t k = 0; k < all->n; k++)
        if (i < toks->n && all->v[k].start == toks->v[i].start)
            found = &all->v[k];
    return found;
}

/* The match at token i of text: its length in tokens, and in *e the entity
 * (start and end checked against the text by the callers); the entity
 * nt_gaz_match_all finds there must be the same. */
static size_t match_at(const nt_gaz *g, const char *text, size_t i,
                       nt_entity *e)
{
    nt_tokens toks;
    nt_entities all;
    nt_tokens_init(&toks);
    nt_entities_init(&all);
    nt_tokenize(text, strlen(text), &toks);
    memset(e, 0x55, sizeof *e); /* garbage, to see what a match fills */
    size_t n = nt_gaz_match(g, text, toks.v, toks.n, i, e);
    const nt_entity *a = match_all_at(g, text, &toks, i, &all);
    assert_int_equal(a != NULL, n != 0);
    if (a)
        assert_true(a->start == e->start && a->end == e->end &&
                    a->type == e->type && a->priority == e->priority &&
                    a->source == e->source && a->line == e->line &&
                    strcmp(a->file, e->file) == 0);
    if (a) /* made in place, field by field: none left as it was */
        assert_true(a->value[0] == '\0' && a->timex == NT_TIMEX_NONE &&
                    a->id == 0 && e->value[0] == '\0' &&
                    e->timex == NT_TIMEX_NONE && e->id == 0);
    nt_entities_free(&all);
    nt_tokens_free(&toks);
    return n;
}

/* Asserts that the match at token i covers exactly the bytes of want,
 * found at byte offset `at`, with the given type, priority and source. */
static void expect_match(const nt_gaz *g, const char *text, size_t i,
                         size_t ntok, size_t at, const char *want, nt_type type,
                         int prio, const char *source)
{
    nt_entity e;
    size_t n = match_at(g, text, i, &e);
    if (n != ntok)
        fail_msg("\"%s\" at token %zu: %zu tokens matched, wanted %zu", text, i,
                 n, ntok);
    assert_int_equal(e.start, at);
    assert_int_equal(e.end, at + strlen(want));
    assert_memory_equal(text + e.start, want, strlen(want));
    assert_int_equal(e.type, type);
    assert_int_equal(e.priority, prio);
    assert_string_equal(e.source, source);
    assert_string_equal(e.value, "");
}

static void expect_none(const nt_gaz *g, const char *text, size_t i)
{
    nt_entity e;
    size_t n = match_at(g, text, i, &e);
    if (n != 0)
        fail_msg("\"%s\" at token %zu: %zu tokens matched, wanted none", text,
                 i, n);
}

/* ---- matching ---- */

static void test_longest_match(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "New York", NT_LOCATION, 50, "cities");
    add(g, "New York City", NT_LOCATION, 55, "cities");
    add(g, "New York Times", NT_ORGANIZATION, 60, "orgs");
    assert_int_equal(nt_gaz_count(g), 3);
    expect_match(g, "the New York City council", 1, 3, 4, "New York City",
                 NT_LOCATION, 55, "cities");
    expect_match(g, "New York is big", 0, 2, 0, "New York", NT_LOCATION, 50,
                 "cities");
    expect_match(g, "the New York Times said", 1, 3, 4, "New York Times",
                 NT_ORGANIZATION, 60, "orgs");
    /* A longer name that is not listed falls back to the listed prefix. */
    expect_match(g, "New York Yankees", 0, 2, 0, "New York", NT_LOCATION, 50,
                 "cities");
    /* At the end of the text. */
    expect_match(g, "in New York", 1, 2, 3, "New York", NT_LOCATION, 50,
                 "cities");
    /* Not at every token: "York City" is not a name. */
    expect_none(g, "New York City", 1);
    nt_gaz_free(g);
}

/* A walk goes on to a pair of words only when some name goes on with the
 * next word's first byte (folded: "OF" as "of"); digits, other ASCII and
 * bytes past ASCII have theirs, and the filter never hides a name. */
static void test_next_byte(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "Bank of America", NT_ORGANIZATION, 50, "orgs");
    add(g, "Apollo 11", NT_PERSON, 50, "misc");
    add(g, "Yahoo !", NT_ORGANIZATION, 50, "orgs");
    add(g, "Saint \xc3\x89tienne", NT_LOCATION, 50, "cities");
    add(g, "Zeta Zulu", NT_PERSON, 50, "misc");
    expect_match(g, "the Bank OF America", 1, 3, 4, "Bank OF America",
                 NT_ORGANIZATION, 50, "orgs");
    expect_match(g, "Bank of America", 0, 3, 0, "Bank of America",
                 NT_ORGANIZATION, 50, "orgs");
    expect_none(g, "Bank af America", 0);
    expect_match(g, "on Apollo 11 today", 1, 2, 3, "Apollo 11", NT_PERSON, 50,
                 "misc");
    expect_none(g, "Apollo 12", 0);
    expect_match(g, "Yahoo ! said", 0, 2, 0, "Yahoo !", NT_ORGANIZATION, 50,
                 "orgs");
    expect_match(g, "in Saint \xc3\x89tienne", 1, 2, 3, "Saint \xc3\x89tienne",
                 NT_LOCATION, 50, "cities");
    expect_match(g, "Zeta ZULU", 0, 2, 0, "Zeta ZULU", NT_PERSON, 50, "misc");
    expect_none(g, "Zeta Yulu", 0);
    nt_gaz_free(g);
}

/* Prefixes are marked but are not names: "Bank of" leads somewhere only
 * if the next token continues a listed name. */
static void test_prefix_stops(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "Bank of America", NT_ORGANIZATION, 50, "orgs");
    expect_match(g, "Bank of America", 0, 3, 0, "Bank of America",
                 NT_ORGANIZATION, 50, "orgs");
    expect_none(g, "Bank of England", 0);
    expect_none(g, "Bank of", 0);
    expect_none(g, "Bank", 0);
    expect_none(g, "Bank America", 0);
    /* The shorter name added later is found without breaking the longer. */
    add(g, "Bank", NT_ORGANIZATION, 40, "orgs");
    expect_match(g, "Bank of England", 0, 1, 0, "Bank", NT_ORGANIZATION, 40,
                 "orgs");
    expect_match(g, "Bank of America", 0, 3, 0, "Bank of America",
                 NT_ORGANIZATION, 50, "orgs");
    nt_gaz_free(g);
}

/* The case of the text's words stops a walk early (the keys record whether
 * a longer name may go on with a lowercase word), never before a name
 * that may match; a compiled view records the same. */
static void expect_case_walks(const nt_gaz *g)
{
    expect_match(g, "in The Hague today", 1, 2, 3, "The Hague", NT_LOCATION,
                 50, "places");
    expect_none(g, "in the Hague today", 1); /* written capitalized */
    expect_none(g, "in The hague today", 1);
    expect_match(g, "in the Netherlands", 1, 2, 3, "the Netherlands",
                 NT_LOCATION, 50, "places");
    expect_match(g, "a United front", 1, 2, 2, "United front",
                 NT_ORGANIZATION, 50, "orgs");
    expect_match(g, "the United Nations", 1, 2, 4, "United Nations",
                 NT_ORGANIZATION, 50, "orgs");
    expect_none(g, "the United nations", 1);
    expect_match(g, "at the bank of england", 2, 3, 7, "bank of england",
                 NT_ORGANIZATION, 50, "orgs"); /* a case-insensitive name */
}

static void test_prefix_case(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "The Hague", NT_LOCATION, 50, "places");
    add(g, "the Netherlands", NT_LOCATION, 50, "places");
    add(g, "United Nations", NT_ORGANIZATION, 50, "orgs");
    add(g, "United front", NT_ORGANIZATION, 50, "orgs");
    nt_error err = {{0}};
    char *dir = tmp_folder("gazcase");
    tmp_write(dir, "orgs.tsv", "#option case-insensitive\nBank of England\tORG\n");
    if (nt_gaz_load_file(g, tmp_path(dir, "orgs.tsv"), &err))
        fail_msg("%s", err.msg);
    expect_case_walks(g);

    /* The same from the compiled form. */
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(nt_gaz_write(g, f), 0);
    long size = ftell(f);
    uint64_t *bytes = malloc((size_t)size + 8);
    assert_non_null(bytes);
    rewind(f);
    assert_int_equal(fread(bytes, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    nt_blob b;
    nt_blob_init(&b, bytes, (size_t)size);
    nt_gaz *v = nt_gaz_view(&b, dir, NULL);
    assert_non_null(v);
    expect_case_walks(v);
    nt_gaz_free(v);
    free(bytes);
    nt_gaz_free(g);
    tmp_free(dir);
}

static void test_headline_caps(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "New York", NT_LOCATION, 50, "cities");
    expect_match(g, "NEW YORK (Reuters) -", 0, 2, 0, "NEW YORK", NT_LOCATION,
                 50, "cities");
    /* Later tokens ignore case but must not be lowercase where the entry
     * capitalizes them: "Democratic party" is not "Democratic Party". */
    expect_match(g, "New YORK", 0, 2, 0, "New YORK", NT_LOCATION, 50, "cities");
    expect_none(g, "New york", 0);
    nt_gaz_free(g);
}

/* An all-caps entry is an acronym: only all-caps text matches it. */
static void test_acronym(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "WHO", NT_ORGANIZATION, 50, "orgs");
    add(g, "World Health Organization", NT_ORGANIZATION, 50, "orgs");
    add(g, "UN Security Council", NT_ORGANIZATION, 50, "orgs");
    expect_match(g, "the WHO said", 1, 1, 4, "WHO", NT_ORGANIZATION, 50,
                 "orgs");
    expect_none(g, "Who said that?", 0);
    expect_none(g, "they asked who", 2);
    /* Ordinary entries ignore case; the acronym inside a name does not. */
    expect_match(g, "WORLD HEALTH ORGANIZATION", 0, 3, 0,
                 "WORLD HEALTH ORGANIZATION", NT_ORGANIZATION, 50, "orgs");
    expect_match(g, "the UN SECURITY COUNCIL", 1, 3, 4, "UN SECURITY COUNCIL",
                 NT_ORGANIZATION, 50, "orgs");
    expect_none(g, "the UN security council", 1);
    expect_none(g, "the Un Security Council", 1);
    /* an acronym after the first token, and a capital after it */
    add(g, "Radio ABC News", NT_ORGANIZATION, 50, "orgs");
    expect_match(g, "on Radio ABC News", 1, 3, 3, "Radio ABC News",
                 NT_ORGANIZATION, 50, "orgs");
    expect_match(g, "RADIO ABC NEWS", 0, 3, 0, "RADIO ABC NEWS",
                 NT_ORGANIZATION, 50, "orgs");
    expect_none(g, "on Radio Abc News", 1);
    expect_none(g, "on Radio ABC news", 1);
    nt_gaz_free(g);
}

/* A name written capitalized is not found in lowercase text; one written
 * lowercase first ("van Gogh", "iPhone") is, as written or capitalized. */
static void test_lowercase_first_token(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "New York", NT_LOCATION, 50, "cities");
    add(g, "Apple", NT_ORGANIZATION, 50, "orgs");
    add(g, "van Gogh Museum", NT_ORGANIZATION, 50, "orgs");
    expect_none(g, "new york", 0);
    expect_none(g, "I ate an apple", 3);
    expect_match(g, "I ate an Apple", 3, 1, 9, "Apple", NT_ORGANIZATION, 50,
                 "orgs");
    expect_match(g, "the van Gogh Museum", 1, 3, 4, "van Gogh Museum",
                 NT_ORGANIZATION, 50, "orgs");
    expect_match(g, "Van Gogh Museum", 0, 3, 0, "Van Gogh Museum",
                 NT_ORGANIZATION, 50, "orgs");
    expect_none(g, "the van Gogh", 1);
    /* A capitalized name is not found in lowercase text even when it
     * begins like a lowercase-first one. */
    add(g, "Van Halen", NT_ORGANIZATION, 50, "bands");
    expect_none(g, "van Halen", 0);
    expect_match(g, "Van Halen", 0, 2, 0, "Van Halen", NT_ORGANIZATION, 50,
                 "bands");
    nt_gaz_free(g);
}

/* The first token's answer of each token of text, in first[0..n): the
 * same from nt_gaz_first as in two steps (nt_gaz_first_start/end). */
static size_t firsts(const nt_gaz *g, const char *text, uint64_t *first,
                     size_t n)
{
    nt_tokens toks;
    nt_tokens_init(&toks);
    nt_tokenize(text, strlen(text), &toks);
    assert_true(toks.n <= n);
    static char fold[64][4 * 64];
    nt_map_ask q[64];
    assert_true(toks.n <= 64);
    for (size_t k = 0; k < toks.n; k++) { /* in two steps too, all at once */
        const nt_token *t = &toks.v[k];
        size_t fn = nt_utf8_fold(text + t->start, t->end - t->start, fold[k]);
        q[k] = (nt_map_ask){fold[k], fn, nt_map_hash(fold[k], fn)};
        nt_gaz_first_start(g, text, t, &q[k]);
    }
    for (size_t k = 0; k < toks.n; k++) {
        first[k] = nt_gaz_first(g, text, &toks.v[k]);
        assert_int_equal(nt_gaz_first_end(g, &toks.v[k], &q[k]), first[k]);
    }
    n = toks.n;
    nt_tokens_free(&toks);
    return n;
}

/* nt_gaz_first: something for a name's first word, nothing for
 * punctuation or a lowercase word until a name may start with it; the
 * stamp changes with each name added and is never another list's. */
static void test_first_and_stamp(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new(), *other = nt_gaz_new();
    uint64_t first[8], s0 = nt_gaz_stamp(g);
    assert_int_not_equal(s0, nt_gaz_stamp(other));
    add(g, "New York", NT_LOCATION, 50, "cities");
    uint64_t s1 = nt_gaz_stamp(g);
    assert_int_not_equal(s1, s0);
    assert_int_equal(firsts(g, "New York , van Gogh", first, 8), 5);
    assert_int_not_equal(first[0], 0); /* "New": a prefix */
    assert_int_equal(first[1], 0); /* "York" alone is no key */
    assert_int_equal(first[2], 0);
    assert_int_equal(first[3], 0); /* no name starts lowercase yet */
    add(g, "van Gogh Museum", NT_ORGANIZATION, 50, "orgs");
    assert_int_not_equal(nt_gaz_stamp(g), s1);
    firsts(g, "New York , van Gogh", first, 8);
    assert_int_not_equal(first[3], 0);
    assert_int_equal(first[4], 0); /* "Gogh" alone is no key */
    nt_gaz_free(g);
    nt_gaz_free(other);
}

/* A lowercase word that is no entry, and starts only names that may not
 * start lowercase, starts nothing: nt_gaz_first gives 0 for it, so that
 * no walk is tried there ("the" before "Hague"); the word capitalized, a
 * lowercase entry and a word that starts a name written lowercase still
 * give something, and the matches are those of nt_gaz_match. */
static void test_first_dead_lowercase(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "The Hague", NT_LOCATION, 50, "cities");
    add(g, "tvb", NT_ORGANIZATION, 50, "orgs"); /* "the" may start a name */
    add(g, "van Gogh Museum", NT_ORGANIZATION, 50, "orgs");
    uint64_t first[8];
    assert_int_equal(firsts(g, "the Hague The Hague tvb van", first, 8), 6);
    assert_int_equal(first[0], 0);
    assert_int_not_equal(first[2], 0);
    assert_int_not_equal(first[4], 0);
    assert_int_not_equal(first[5], 0);
    expect_none(g, "the Hague", 0);
    expect_match(g, "in The Hague", 1, 2, 3, "The Hague", NT_LOCATION, 50,
                 "cities");
    expect_match(g, "a tvb show", 1, 1, 2, "tvb", NT_ORGANIZATION, 50, "orgs");
    expect_match(g, "the van Gogh Museum", 1, 3, 4, "van Gogh Museum",
                 NT_ORGANIZATION, 50, "orgs");
    nt_gaz_free(g);
}

/* The same name twice: the higher priority wins, then the earlier entry. */
static void test_duplicate_priority(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "Jordan", NT_LOCATION, 50, "countries");
    add(g, "Jordan", NT_PERSON, 40, "firstnames");
    add(g, "Washington", NT_PERSON, 50, "people");
    add(g, "WASHINGTON", NT_LOCATION, 50, "cities"); /* same folded name */
    add(g, "Georgia", NT_LOCATION, 40, "countries");
    add(g, "Georgia", NT_PERSON, 60, "firstnames");
    expect_match(g, "Jordan", 0, 1, 0, "Jordan", NT_LOCATION, 50, "countries");
    expect_match(g, "Washington", 0, 1, 0, "Washington", NT_PERSON, 50,
                 "people");
    expect_match(g, "Georgia", 0, 1, 0, "Georgia", NT_PERSON, 60, "firstnames");
    nt_gaz_free(g);
}

/* A straight and a curly apostrophe are the same character to a list. */
static void test_apostrophes(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "People's Bank of China", NT_ORGANIZATION, 50, "orgs");
    add(g, "Lloyd\xe2\x80\x99s", NT_ORGANIZATION, 50, "orgs"); /* Lloyd’s */
    expect_match(g, "the People\xe2\x80\x99s Bank of China", 1, 5, 4,
                 "People\xe2\x80\x99s Bank of China", NT_ORGANIZATION, 50,
                 "orgs");
    expect_match(g, "the People's Bank of China", 1, 5, 4,
                 "People's Bank of China", NT_ORGANIZATION, 50, "orgs");
    expect_match(g, "at Lloyd's today", 1, 2, 3, "Lloyd's", NT_ORGANIZATION, 50,
                 "orgs");
    expect_none(g, "the Peoples Bank of China", 1);
    nt_gaz_free(g);
}

static void test_paragraph_break(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "New York", NT_LOCATION, 50, "cities");
    expect_none(g, "New\n\nYork", 0);
    /* A single line break does not stop a name. */
    expect_match(g, "New\nYork", 0, 2, 0, "New\nYork", NT_LOCATION, 50,
                 "cities");
    nt_gaz_free(g);
}

static void test_match_bounds(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "Paris", NT_LOCATION, 50, "cities");
    add(g, "(", NT_LOCATION, 50, "cities");
    expect_none(g, "Paris", 1);   /* past the last token */
    expect_none(g, "( Paris", 0); /* punctuation never starts a name */
    expect_match(g, "( Paris", 1, 1, 2, "Paris", NT_LOCATION, 50, "cities");
    nt_gaz_free(g);
}

static void test_max_tokens(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    const char *twelve = "A B C D E F G H I J K L";
    const char *thirteen = "A B C D E F G H I J K L M";
    const char *src = nt_gaz_intern(g, "x");
    assert_int_equal(
        nt_gaz_add(g, twelve, strlen(twelve), NT_ORGANIZATION, 50, src), 0);
    assert_int_equal(
        nt_gaz_add(g, thirteen, strlen(thirteen), NT_ORGANIZATION, 50, src),
        -1);
    assert_int_equal(nt_gaz_add(g, "", 0, NT_ORGANIZATION, 50, src), -1);
    assert_int_equal(nt_gaz_add(g, "  ", 2, NT_ORGANIZATION, 50, src), -1);
    assert_int_equal(nt_gaz_count(g), 1);
    expect_match(g, "A B C D E F G H I J K L M", 0, 12, 0,
                 "A B C D E F G H I J K L", NT_ORGANIZATION, 50, "x");
    nt_gaz_free(g);
}

static void test_intern(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    char buf[8] = "cities";
    const char *a = nt_gaz_intern(g, buf);
    strcpy(buf, "xx");
    const char *b = nt_gaz_intern(g, "cities");
    assert_ptr_equal(a, b);
    assert_string_equal(a, "cities");
    assert_ptr_not_equal(nt_gaz_intern(g, "orgs"), a);
    nt_gaz_free(g);
    nt_gaz_free(NULL);
}

/* ---- list files ---- */

static void test_load_file(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "places.tsv",
              "# name\ttype\tpriority\n"
              "\n"
              "   \n"
              "\t \r\n"
              "Paris\tLOCATION\n"
              "Acme Corp\tORG\t70\n"
              "Pat Smith\tper\t0\n"
              "German\tNONE\t90\n"
              "Dutch\t-\r\n"
              "Big Fair\tDATE\t1000\n"
              "Fair Play\tORG\t\n"
              "Last\tLOC");
    nt_gaz *g = nt_gaz_new();
    nt_error err = {{0}};
    if (nt_gaz_load_file(g, tmp_path(dir, "places.tsv"), &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(nt_gaz_count(g), 8);
    expect_match(g, "in Paris", 1, 1, 3, "Paris", NT_LOCATION,
                 NT_GAZ_DEFAULT_PRIORITY, "places");
    expect_match(g, "Acme Corp", 0, 2, 0, "Acme Corp", NT_ORGANIZATION, 70,
                 "places");
    expect_match(g, "Pat Smith", 0, 2, 0, "Pat Smith", NT_PERSON, 0, "places");
    expect_match(g, "German", 0, 1, 0, "German", NT_NONE, 90, "places");
    expect_match(g, "Dutch", 0, 1, 0, "Dutch", NT_NONE, 50, "places");
    expect_match(g, "Big Fair", 0, 2, 0, "Big Fair", NT_DATE, 1000, "places");
    expect_match(g, "Fair Play", 0, 2, 0, "Fair Play", NT_ORGANIZATION, 50,
                 "places"); /* an empty priority is the default */
    expect_match(g, "Last", 0, 1, 0, "Last", NT_LOCATION, 50, "places");
    expect_none(g, "# name", 0);
    nt_gaz_free(g);
}

/* Loads a one-file list whose line `line` is broken and checks that the
 * message names the file and line and contains `why`. */
static void expect_load_error(const char *dir, const char *text, int line,
                              const char *why)
{
    tmp_write(dir, "bad.tsv", text);
    nt_gaz *g = nt_gaz_new();
    nt_error err = {{0}};
    assert_int_equal(nt_gaz_load_file(g, tmp_path(dir, "bad.tsv"), &err), -1);
    char where[32];
    snprintf(where, sizeof where, "bad.tsv:%d: ", line);
    assert_msg_has(err.msg, tmp_path(dir, "bad.tsv"), where, why, NULL);
    nt_gaz_free(g);
}

static void test_load_errors(void **state)
{
    const char *dir = *state;
    expect_load_error(dir, "Paris\tLOC\n# c\nNowhere LOCATION\n", 3,
                      "expected name<TAB>TYPE");
    expect_load_error(dir, "Paris\tPL@CE\n", 1, "bad type name 'PL@CE'");
    expect_load_error(dir, "Paris\tLOC\nRome\t\n", 2, "bad type name ''");
    expect_load_error(dir, "Paris\tLOC \n", 1, "bad type name 'LOC '");
    expect_load_error(dir, "\n\nParis\tLOC\tabc\n", 3, "bad priority 'abc'");
    expect_load_error(dir, "Paris\tLOC\t-1\n", 1, "bad priority '-1'");
    expect_load_error(dir, "Paris\tLOC\t1001\n", 1, "bad priority '1001'");
    expect_load_error(dir, "Paris\tLOC\t12x\n", 1, "bad priority '12x'");
    expect_load_error(dir, "Paris\tLOC\t5\tloud\n", 1, "unknown option 'loud'");
    expect_load_error(dir, "#option shouting\nParis\tLOC\n", 1,
                      "unknown option 'shouting'");
    expect_load_error(dir, "\tLOC\n", 1, "empty");
    expect_load_error(dir, "A B C D E F G H I J K L M\tORG\n", 1, "12 tokens");
}

/* A type the program does not know becomes a custom type of that name. */
static void test_custom_type(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "products.tsv",
              "iPhone\tProduct\nGalaxy Tab\tPRODUCT\t60\n");
    nt_gaz *g = nt_gaz_new();
    nt_error err = {{0}};
    if (nt_gaz_load_file(g, tmp_path(dir, "products.tsv"), &err) != 0)
        fail_msg("%s", err.msg);
    nt_type t;
    assert_int_equal(nt_type_parse("product", 7, &t), 0);
    assert_true(t >= NT_NTYPES);
    assert_string_equal(nt_type_name(t), "PRODUCT");
    expect_match(g, "a new Galaxy Tab", 2, 2, 6, "Galaxy Tab", t, 60,
                 "products");
    expect_match(g, "an iPhone", 1, 1, 3, "iPhone", t, 50, "products");
    nt_gaz_free(g);
}

/* Options in a 4th field or on "#option" lines, which hold until the next
 * "#option" line. */
static void test_options(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "opts.tsv",
              "WHO\tORG\n"
              "Z\xc3\xbcrich\tLOC\t50\taccent-insensitive\n"
              "#option case-insensitive\n"
              "NASA\tORG\n"
              "#option default\n"
              "UN\tORG\n");
    nt_gaz *g = nt_gaz_new();
    nt_error err = {{0}};
    if (nt_gaz_load_file(g, tmp_path(dir, "opts.tsv"), &err) != 0)
        fail_msg("%s", err.msg);
    expect_none(g, "Who said", 0); /* no options: an acronym */
    expect_match(g, "in Zurich", 1, 1, 3, "Zurich", NT_LOCATION, 50, "opts");
    expect_match(g, "in ZURICH", 1, 1, 3, "ZURICH", NT_LOCATION, 50, "opts");
    expect_match(g, "in Z\xc3\xbcrich", 1, 1, 3, "Z\xc3\xbcrich", NT_LOCATION,
                 50, "opts");
    expect_match(g, "Nasa said", 0, 1, 0, "Nasa", NT_ORGANIZATION, 50, "opts");
    expect_match(g, "the nasa probe", 1, 1, 4, "nasa", NT_ORGANIZATION, 50,
                 "opts");
    expect_none(g, "Un jour", 0); /* back to the default */
    expect_match(g, "the UN said", 1, 1, 4, "UN", NT_ORGANIZATION, 50, "opts");
    nt_gaz_free(g);
}

/* A name found both with and without accents: the same length, so the
 * higher priority decides. */
static void test_accents_priority(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "a.tsv",
              "Zurich\tLOC\t60\nZ\xc3\xbcrich\tORG\t40\taccent-insensitive\n"
              "Koln\tLOC\t40\nK\xc3\xb6ln\tORG\t60\taccent-insensitive\n");
    nt_gaz *g = nt_gaz_new();
    nt_error err = {{0}};
    if (nt_gaz_load_file(g, tmp_path(dir, "a.tsv"), &err) != 0)
        fail_msg("%s", err.msg);
    expect_match(g, "Zurich", 0, 1, 0, "Zurich", NT_LOCATION, 60, "a");
    expect_match(g, "Koln", 0, 1, 0, "Koln", NT_ORGANIZATION, 60, "a");
    nt_gaz_free(g);
}

static void test_load_missing(void **state)
{
    const char *dir = *state;
    nt_gaz *g = nt_gaz_new();
    nt_error err = {{0}};
    assert_int_equal(nt_gaz_load_file(g, tmp_path(dir, "none.tsv"), &err), -1);
    assert_msg_has(err.msg, "none.tsv", strerror(ENOENT), NULL);
    /* Opened but unreadable: an error, not an empty list. */
    tmp_mkdir(dir, "folder.tsv");
    memset(&err, 0, sizeof err);
    assert_int_equal(nt_gaz_load_file(g, tmp_path(dir, "folder.tsv"), &err),
                     -1);
    assert_msg_has(err.msg, "folder.tsv", strerror(EISDIR), NULL);
    nt_gaz_free(g);
}

/* Two files: the source is each file's stem, and priorities decide
 * between them whatever the loading order. */
static void test_load_two_files(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "firstnames.tsv", "Jordan\tPERSON\t40\n");
    tmp_write(dir, "countries.tsv", "Jordan\tLOCATION\t60\nChad\tLOCATION\n");
    nt_gaz *g = nt_gaz_new();
    nt_error err = {{0}};
    assert_int_equal(nt_gaz_load_file(g, tmp_path(dir, "firstnames.tsv"), &err),
                     0);
    assert_int_equal(nt_gaz_load_file(g, tmp_path(dir, "countries.tsv"), &err),
                     0);
    expect_match(g, "Jordan", 0, 1, 0, "Jordan", NT_LOCATION, 60, "countries");
    expect_match(g, "Chad", 0, 1, 0, "Chad", NT_LOCATION, 50, "countries");
    nt_gaz_free(g);
}

/* ---- the compiled cache of a user's list ---- */

/* Writes a list of NT_GAZ_CACHE_MIN + 2 names, big enough to be cached. */
static void write_big_list(const char *dir, const char *rel)
{
    FILE *f = fopen(tmp_path(dir, rel), "w");
    assert_non_null(f);
    fputs("# many towns\nBig Apple\tLOC\t70\nWHO\tORG\n", f);
    for (int i = 0; i < NT_GAZ_CACHE_MIN; i++)
        fprintf(f, "Town%05d\tLOCATION\n", i);
    assert_int_equal(fclose(f), 0);
}

/* The entries of write_big_list's list, whose file is list (a view of its
 * cache names it as the parsed list does). */
static void expect_big_list(const nt_gaz *g, const char *list)
{
    assert_int_equal(nt_gaz_count(g), NT_GAZ_CACHE_MIN + 2);
    nt_entity e;
    assert_int_equal(match_at(g, "the Big Apple", 1, &e), 2);
    assert_string_equal(e.file, list);
    expect_match(g, "in Town00042 today", 1, 1, 3, "Town00042", NT_LOCATION,
                 NT_GAZ_USER_PRIORITY, "towns");
    expect_match(g, "the Big Apple", 1, 2, 4, "Big Apple", NT_LOCATION, 70,
                 "towns");
    expect_match(g, "the WHO", 1, 1, 4, "WHO", NT_ORGANIZATION,
                 NT_GAZ_USER_PRIORITY, "towns");
    expect_none(g, "Who", 0);
    expect_none(g, "Town10000", 0);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Bytes of a cache overwritten at one place after another: each load
 * either refuses the cache or uses it, answering perhaps wrongly but never
 * reading outside it (the sanitizers and valgrind watch). */
static void expect_damage_harmless(const char *list, const char *cache)
{
    struct stat st;
    assert_int_equal(stat(cache, &st), 0);
    size_t size = (size_t)st.st_size;
    unsigned char *orig = malloc(size);
    FILE *f = fopen(cache, "rb");
    assert_non_null(f);
    assert_non_null(orig);
    assert_int_equal(fread(orig, 1, size, f), size);
    fclose(f);
    for (size_t at = 40; at + 8 <= size; at += at < 4096 ? 8 : 4093) {
        f = fopen(cache, "r+b");
        assert_non_null(f);
        assert_int_equal(fseek(f, (long)at, SEEK_SET), 0);
        assert_int_equal(fwrite("\xff\xff\xff\x7f\0\0\0\1", 1, 8, f), 8);
        assert_int_equal(fclose(f), 0);
        nt_error err;
        nt_gaz *g = nt_gaz_load_cached(list, &err);
        assert_non_null(g);
        nt_entity e;
        nt_tokens toks;
        nt_tokens_init(&toks);
        const char *text = "the Big Apple and Town00042 or WHO";
        nt_tokenize(text, strlen(text), &toks);
        for (size_t i = 0; i < toks.n; i++)
            if (nt_gaz_match(g, text, toks.v, toks.n, i, &e))
                assert_true(e.start < e.end && e.end <= strlen(text));
        nt_tokens_free(&toks);
        nt_gaz_free(g);
        f = fopen(cache, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(orig, 1, size, f), size);
        assert_int_equal(fclose(f), 0);
    }
    free(orig);
}

static void test_cache(void **state)
{
    const char *dir = *state;
    write_big_list(dir, "towns.tsv");
    char list[1024], cache[1100];
    snprintf(list, sizeof list, "%s", tmp_path(dir, "towns.tsv"));
    snprintf(cache, sizeof cache, "%s.ntc", list);
    nt_error err = {{0}};

    nt_gaz *g = nt_gaz_load_cached(list, &err); /* parses, writes the cache */
    if (!g)
        fail_msg("%s", err.msg);
    expect_big_list(g, list);
    nt_gaz_free(g);
    assert_true(exists(cache));

    g = nt_gaz_load_cached(list, &err); /* from the cache */
    assert_non_null(g);
    expect_big_list(g, list);
    /* A view of the cache is read-only: it is neither added to nor
     * written again. */
    assert_int_equal(nt_gaz_add(g, "Smallville", 10, NT_LOCATION, 50, ""), -1);
    expect_none(g, "Smallville", 0);
    FILE *out = tmpfile();
    assert_non_null(out);
    assert_int_equal(nt_gaz_write(g, out), -1);
    fclose(out);
    expect_big_list(g, list);
    nt_gaz_free(g);

    /* A cache from another build is ignored: the list is parsed again. */
    FILE *f = fopen(cache, "r+b");
    assert_non_null(f);
    assert_int_equal(fputc('X', f), 'X'); /* the magic */
    assert_int_equal(fclose(f), 0);
    g = nt_gaz_load_cached(list, &err);
    assert_non_null(g);
    expect_big_list(g, list);
    nt_gaz_free(g);
    unlink(cache);
    nt_gaz_free(nt_gaz_load_cached(list, &err)); /* a fresh one again */
    assert_true(exists(cache));
    expect_damage_harmless(list, cache);

    /* A truncated cache too. */
    assert_int_equal(truncate(cache, 1000), 0);
    g = nt_gaz_load_cached(list, &err);
    assert_non_null(g);
    expect_big_list(g, list);
    nt_gaz_free(g);
}

static void test_cache_small_and_errors(void **state)
{
    const char *dir = *state;
    tmp_write(dir, "few.tsv", "Paris\tLOC\n");
    nt_error err = {{0}};
    nt_gaz *g = nt_gaz_load_cached(tmp_path(dir, "few.tsv"), &err);
    assert_non_null(g);
    expect_match(g, "Paris", 0, 1, 0, "Paris", NT_LOCATION,
                 NT_GAZ_USER_PRIORITY, "few");
    nt_gaz_free(g);
    assert_false(exists(tmp_path(dir, "few.tsv.ntc"))); /* too small */

    tmp_write(dir, "bad.tsv", "Paris\tLOC\nRome\n");
    assert_null(nt_gaz_load_cached(tmp_path(dir, "bad.tsv"), &err));
    assert_msg_has(err.msg, "bad.tsv:2: ", NULL);
    assert_null(nt_gaz_load_cached(tmp_path(dir, "none.tsv"), &err));
    assert_msg_has(err.msg, "none.tsv", strerror(ENOENT), NULL);
}

/* Names added after nt_gaz_match_all ran count the next time (what its
 * memo kept of the names before is forgotten). */
static void test_match_all_after_change(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "Paris", NT_LOCATION, 50, "cities");
    expect_match(g, "to Paris and Rome", 1, 1, 3, "Paris", NT_LOCATION, 50, "cities");
    expect_none(g, "to Paris and Rome", 3);
    add(g, "Rome", NT_LOCATION, 50, "cities");
    add(g, "Paris Saint-Germain", NT_ORGANIZATION, 60, "clubs");
    expect_match(g, "to Paris and Rome", 3, 1, 13, "Rome", NT_LOCATION, 50, "cities");
    expect_match(g, "to Paris Saint-Germain", 1, 2, 3, "Paris Saint-Germain",
                 NT_ORGANIZATION, 60, "clubs");
    nt_gaz_free(g);
}

/* The end of the entity nt_gaz_match_all finds at the start of text on
 * nt_gaz_first's answers alone, as nt_extract runs it (0: none); unlike
 * match_all_at, nothing else is asked of g. */
static size_t known_end(const nt_gaz *g, const char *text)
{
    size_t n = strlen(text), end = 0;
    char *padded = calloc(1, n + 32);
    assert_non_null(padded);
    memcpy(padded, text, n);
    nt_tokens toks;
    nt_entities all;
    nt_tokens_init(&toks);
    nt_entities_init(&all);
    nt_tokenize(padded, n, &toks);
    uint64_t *first = calloc(toks.n + 1, sizeof *first);
    assert_non_null(first);
    for (size_t k = 0; k < toks.n; k++)
        first[k] = nt_gaz_first(g, padded, &toks.v[k]);
    nt_gaz_match_all(g, padded, toks.v, toks.n, first, &all);
    if (all.n && all.v[0].start == 0)
        end = all.v[0].end;
    free(first);
    nt_entities_free(&all);
    nt_tokens_free(&toks);
    free(padded);
    return end;
}

/* nt_gaz_match_all on nt_gaz_first's answers tries the tokens that hold
 * something wherever they are among the blocks of 16 it finds them in:
 * at a block's first and last token, a name across two blocks, names
 * side by side, and in the tail of fewer than 16; the others start
 * nothing. Each as the lookups without the answers find it (match_all_at). */
static void test_known_everywhere(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "Paris", NT_LOCATION, 50, "cities");
    add(g, "New York", NT_LOCATION, 50, "cities");
    /* tokens 0, 15-16, 17, 31, 32 and 39 (of 40) start a name */
    static const size_t at[] = {0, 15, 17, 31, 32, 39};
    char text[512];
    size_t len = 0, want_start[6], k = 0;
    for (size_t t = 0; t < 40; t++) {
        const char *w = t == 15 ? "New" : t == 16 ? "York" : "x";
        if (k < 6 && t == at[k] && t != 15)
            w = "Paris";
        if (k < 6 && t == at[k])
            want_start[k++] = len;
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", w,
                                t < 39 ? " " : "");
    }
    nt_tokens toks;
    nt_entities all;
    nt_tokens_init(&toks);
    nt_entities_init(&all);
    nt_tokenize(text, len, &toks);
    assert_int_equal(toks.n, 40);
    match_all_at(g, text, &toks, 0, &all);
    assert_int_equal(all.n, 6);
    for (k = 0; k < 6; k++) {
        assert_int_equal(all.v[k].start, want_start[k]);
        assert_int_equal(all.v[k].end, want_start[k] + (k == 1 ? 8 : 5));
    }
    nt_entities_free(&all);
    nt_tokens_free(&toks);
    nt_gaz_free(g);
}

/* The entities of text, a name among filler words at token `at` (of 16,
 * a block of known16), as match_all_at finds them: exactly one, at `at`,
 * ending `len` bytes after it. */
static void expect_only_at(const nt_gaz *g, const char *name, size_t at,
                           size_t len)
{
    char text[512];
    size_t n = 0, want = 0;
    for (size_t t = 0; t < 16; t++) {
        if (t == at)
            want = n;
        n += (size_t)snprintf(text + n, sizeof text - n, "%s ",
                              t == at ? name : "x");
    }
    nt_tokens toks;
    nt_entities all;
    nt_tokens_init(&toks);
    nt_entities_init(&all);
    nt_tokenize(text, n, &toks);
    match_all_at(g, text, &toks, 0, &all);
    assert_int_equal(all.n, 1);
    assert_int_equal(all.v[0].start, want);
    assert_int_equal(all.v[0].end, want + len);
    nt_entities_free(&all);
    nt_tokens_free(&toks);
}

/* Whatever bits of a token's value are set, the 16 tokens' values are told
 * from zero in every lane (known16 narrows them by saturating packs): an
 * entry's index in the low half alone, small ("Paris") or past 65,535
 * ("Lyon"), and a prefix's bits in the high half alone ("New"). */
static void test_known_lanes(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "Paris", NT_LOCATION, 50, "cities");
    add(g, "New York", NT_LOCATION, 50, "cities");
    char name[16];
    for (int k = 0; k < 65600; k++) { /* fillers, so that Lyon's index is large */
        snprintf(name, sizeof name, "Q%d", k);
        add(g, name, NT_PERSON, 50, "misc");
    }
    add(g, "Lyon", NT_LOCATION, 50, "cities");
    nt_tokens toks;
    nt_tokens_init(&toks);
    nt_tokenize("Lyon New", 8, &toks);
    uint64_t lyon = nt_gaz_first(g, "Lyon New", &toks.v[0]),
             new = nt_gaz_first(g, "Lyon New", &toks.v[1]);
    assert_true((lyon & 0xffffffffu) > 0xffff);
    assert_true(new != 0 && (new & 0xffffffffu) == 0);
    nt_tokens_free(&toks);
    for (size_t at = 0; at < 16; at++) {
        expect_only_at(g, "Paris", at, 5);
        expect_only_at(g, "Lyon", at, 4);
        if (at < 15)
            expect_only_at(g, "New York", at, 8);
    }
    nt_gaz_free(g);
}

/* nt_gaz_match_all remembers what the names hold for a pair of words by
 * the words' bytes: a pair is told from one with the same bytes split
 * elsewhere ("ABC DE", "AB CDE") or the same first word ("New Delhi", "New
 * York"), a pair too long to be kept is looked up, a name goes on from a
 * pair remembered ("New York Mets"), and what was kept is forgotten when
 * the names change ("New York" then goes on). */
static void test_pairs_remembered(void **state)
{
    (void)state;
    nt_gaz *g = nt_gaz_new();
    add(g, "ABC DEF", NT_ORGANIZATION, 50, "orgs");
    add(g, "AB CDE", NT_ORGANIZATION, 50, "orgs");
    add(g, "New York", NT_LOCATION, 50, "cities");
    add(g, "Metropolitan Opera House", NT_LOCATION, 50, "places");
    for (int round = 0; round < 2; round++) { /* the second on what is kept */
        expect_none(g, "ABC DE and AB CDE", 0);
        expect_match(g, "ABC DE and AB CDE", 3, 2, 11, "AB CDE",
                     NT_ORGANIZATION, 50, "orgs");
        expect_match(g, "AB CDE and ABC DE", 0, 2, 0, "AB CDE", NT_ORGANIZATION,
                     50, "orgs");
        expect_none(g, "AB CDE and ABC DE", 3);
        expect_none(g, "New Delhi and New York", 0);
        expect_match(g, "New Delhi and New York", 3, 2, 14, "New York",
                     NT_LOCATION, 50, "cities");
        expect_match(g, "the Metropolitan Opera House", 1, 3, 4,
                     "Metropolitan Opera House", NT_LOCATION, 50, "places");
        expect_match(g, "New York Mets", 0, 2, 0, "New York", NT_LOCATION, 50,
                     "cities");
    }
    assert_int_equal(known_end(g, "New York Mets"), 8);
    add(g, "New York Mets", NT_ORGANIZATION, 60, "clubs");
    assert_int_equal(known_end(g, "New York Mets"), 13);
    for (int round = 0; round < 2; round++)
        expect_match(g, "New York Mets", 0, 3, 0, "New York Mets",
                     NT_ORGANIZATION, 60, "clubs");
    nt_gaz_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_longest_match),
        cmocka_unit_test(test_match_all_after_change),
        cmocka_unit_test(test_pairs_remembered),
        cmocka_unit_test(test_known_everywhere),
        cmocka_unit_test(test_known_lanes),
        cmocka_unit_test(test_prefix_stops),
        cmocka_unit_test(test_next_byte),
        cmocka_unit_test(test_prefix_case),
        cmocka_unit_test(test_headline_caps),
        cmocka_unit_test(test_acronym),
        cmocka_unit_test(test_lowercase_first_token),
        cmocka_unit_test(test_first_and_stamp),
        cmocka_unit_test(test_first_dead_lowercase),
        cmocka_unit_test(test_duplicate_priority),
        cmocka_unit_test(test_apostrophes),
        cmocka_unit_test(test_paragraph_break),
        cmocka_unit_test(test_match_bounds),
        cmocka_unit_test(test_max_tokens),
        cmocka_unit_test(test_intern),
        cmocka_unit_test_setup_teardown(test_load_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_custom_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_accents_priority, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_two_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_small_and_errors, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("gazetteer", tests, NULL, NULL);
}
