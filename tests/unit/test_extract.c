/* test_extract.c - the annotator over a data folder written by each test:
 * where candidates come from (lists, rules, capitalization guesses), the
 * overlap policy, blockers, load errors; and the real data/ run over the
 * end-to-end articles, checking the invariants of every entity list. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "buf.h"
#include "caps.h"
#include "doc.h"
#include "extract.h"
#include "tmpdir.h"

/* The data folder every test starts from; tests add files before loading. */
static const struct {
    const char *path, *text;
} base_files[] = {
    {"lexicon/title.txt", "President\nMr.\nMinister\n"},
    {"lexicon/firstname.txt", "Barack\nAngela\n"},
    {"lexicon/surname.txt", "Smith\n"},
    {"lexicon/common.txt", "The\nThey\nHe\nsaid\n"},
    {"lexicon/locprep.txt", "in\nnear\n"},
    {"lexicon/month.txt", "January\nMay\n"},
    {"lexicon/weekday.txt", "Monday\n"},
    {"lexicon/orghead.txt", "Party\nAgency\n"},
    {"lexicon/orgsuffix.txt", "Inc\n"},
    {"gazetteers/places.tsv", "# test places\nParis\tLOCATION\n"},
    {"rules/date.rules", "date_my DATE 70 @month @{month}(?:\\s+\\d{4})?\n"
                         "date_year DATE 40 #year \\d{4}\n"},
    {"rules/person.rules", "define NAMEWORD \\p{Lu}\\p{L}+\n"
                           "title_person PERSON 60 @title @{title}\\.?\\s+"
                           "(?<span>{NAMEWORD}(?:\\s+{NAMEWORD})*)\n"},
};

typedef struct {
    char *dir;
    nt_extractor *x;
    nt_doc doc;
    nt_buf got;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = tmp_folder("extract");
    tmp_mkdir(f->dir, "lexicon");
    tmp_mkdir(f->dir, "gazetteers");
    tmp_mkdir(f->dir, "rules");
    for (size_t i = 0; i < sizeof base_files / sizeof *base_files; i++)
        tmp_write(f->dir, base_files[i].path, base_files[i].text);
    nt_doc_init(&f->doc);
    nt_buf_init(&f->got);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nt_extractor_free(f->x);
    nt_doc_free(&f->doc);
    nt_buf_free(&f->got);
    tmp_free(f->dir);
    free(f);
    return 0;
}

static void load(fixture *f)
{
    nt_error err = {{0}};
    f->x = nt_extractor_load(f->dir, &err);
    if (!f->x)
        fail_msg("loading %s: %s", f->dir, err.msg);
}

/* Loading must fail; returns the message. */
static const char *load_error(fixture *f)
{
    static nt_error err;
    memset(&err, 0, sizeof err);
    f->x = nt_extractor_load(f->dir, &err);
    assert_null(f->x);
    assert_true(err.msg[0] != '\0');
    return err.msg;
}

/* What every entity list must satisfy: inside the text, non-empty, on
 * character boundaries, sorted, non-overlapping, reportable types only,
 * with a source. Returns 0, or -1 with the reason in why. */
static int check_invariants(const nt_doc *d, char *why, size_t cap)
{
    for (size_t i = 0; i < d->ents.n; i++) {
        const nt_entity *e = &d->ents.v[i];
        const char *bad = NULL;
        if (e->start >= e->end)
            bad = "empty";
        else if (e->end > d->len)
            bad = "past the end of the text";
        else if ((d->clean[e->start] & 0xC0) == 0x80 ||
                 (e->end < d->len && (d->clean[e->end] & 0xC0) == 0x80))
            bad = "not on a character boundary";
        else if (i > 0 && d->ents.v[i - 1].end > e->start)
            bad = "overlapping or out of order";
        else if (e->type != NT_PERSON && e->type != NT_LOCATION &&
                 e->type != NT_ORGANIZATION && e->type != NT_DATE)
            bad = "bad type";
        else if (!e->source || !e->source[0])
            bad = "no source";
        else if (!memchr(e->value, '\0', sizeof e->value))
            bad = "value not terminated";
        if (bad) {
            snprintf(why, cap, "entity %zu [%zu,%zu): %s", i, e->start, e->end,
                     bad);
            return -1;
        }
    }
    return 0;
}

/* Whether e is a capitalization guess. Which of the guess sources and
 * priorities it has is the business of test_caps.c. */
static int is_guess(const nt_entity *e)
{
    return strncmp(e->source, NT_CAPS_SOURCE, strlen(NT_CAPS_SOURCE)) == 0;
}

/* Annotates text; returns the entities, one a line, as
 * "TYPE START-END [TEXT] SOURCE PRIORITY", or "TYPE START-END [TEXT] guess"
 * for capitalization guesses. */
static const char *extract(fixture *f, const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, text, len + 1);
    nt_doc_set_text(&f->doc, "test", copy, len);
    nt_extract(f->x, &f->doc);
    char why[128];
    if (check_invariants(&f->doc, why, sizeof why))
        fail_msg("\"%s\": %s", text, why);
    nt_buf_reset(&f->got);
    for (size_t i = 0; i < f->doc.ents.n; i++) {
        const nt_entity *e = &f->doc.ents.v[i];
        nt_buf_printf(&f->got, "%s %zu-%zu [%.*s] ", nt_type_name(e->type),
                      e->start, e->end, (int)(e->end - e->start),
                      text + e->start);
        if (is_guess(e))
            nt_buf_puts(&f->got, "guess\n");
        else
            nt_buf_printf(&f->got, "%s %d\n", e->source, e->priority);
    }
    return nt_buf_cstr(&f->got);
}

/* ---- where entities come from ---- */

static void test_sources(void **state)
{
    fixture *f = *state;
    load(f);
    assert_string_equal(
        extract(f, "President Barack Obama visited Paris in May 2015 with "
                   "Angela Zorblat."),
        "PERSON 10-22 [Barack Obama] title_person 60\n"
        "LOCATION 31-36 [Paris] places 50\n"
        "DATE 40-48 [May 2015] date_my 70\n"
        "PERSON 54-68 [Angela Zorblat] guess\n");
}

/* Capitalization guesses take their type from the words around them. */
static void test_guesses(void **state)
{
    fixture *f = *state;
    load(f);
    assert_string_equal(extract(f, "They met near Zorbland on Monday."),
                        "LOCATION 14-22 [Zorbland] guess\n");
    assert_string_equal(extract(f, "He joined the Zorblat Party."),
                        "ORGANIZATION 14-27 [Zorblat Party] guess\n");
    assert_string_equal(extract(f, "nothing capitalized here"), "");
    assert_string_equal(extract(f, ""), "");
}

/* ---- overlaps ---- */

static void test_overlap_priority(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "gazetteers/x.tsv",
              "New York\tLOCATION\t50\nYork Times\tORGANIZATION\t70\n");
    load(f);
    /* The later, shorter candidate wins on priority; the guess for the
     * whole run loses to both. */
    assert_string_equal(extract(f, "the New York Times said"),
                        "ORGANIZATION 8-18 [York Times] x 70\n");
}

static void test_overlap_longer(void **state)
{
    fixture *f = *state;
    tmp_write(
        f->dir, "gazetteers/x.tsv",
        "New York\tLOCATION\t50\nYork City Hall\tORGANIZATION\t50\n"
        "Rio Grande Valley\tLOCATION\t50\nGrande Vue\tORGANIZATION\t50\n");
    load(f);
    assert_string_equal(extract(f, "in New York City Hall"),
                        "ORGANIZATION 7-21 [York City Hall] x 50\n");
    assert_string_equal(extract(f, "in Rio Grande Valley"),
                        "LOCATION 3-20 [Rio Grande Valley] x 50\n");
}

static void test_overlap_earlier(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "gazetteers/x.tsv",
              "Alpha Beta\tLOCATION\t50\nBeta Gamma\tORGANIZATION\t50\n");
    load(f);
    assert_string_equal(extract(f, "in Alpha Beta Gamma"),
                        "LOCATION 3-13 [Alpha Beta] x 50\n");
}

/* Spans that overlap in a chain (the resolver's clusters): the ends,
 * which do not overlap each other, are both kept when they beat the middle;
 * a middle that beats both is kept alone; a pair keeps its stronger. */
static void test_overlap_chains(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "gazetteers/x.tsv",
              "Alpha Beta\tLOCATION\t60\nBeta Gamma\tORGANIZATION\t50\n"
              "Gamma Delta\tPERSON\t60\nEcho Fox\tLOCATION\t50\n"
              "Fox Golf\tPERSON\t80\nGolf Hotel\tORGANIZATION\t50\n"
              "India Juliet\tLOCATION\t50\nJuliet Kilo\tPERSON\t55\n");
    load(f);
    assert_string_equal(extract(f, "in Alpha Beta Gamma Delta"),
                        "LOCATION 3-13 [Alpha Beta] x 60\n"
                        "PERSON 14-25 [Gamma Delta] x 60\n");
    assert_string_equal(extract(f, "in Echo Fox Golf Hotel"),
                        "PERSON 8-16 [Fox Golf] x 80\n");
    assert_string_equal(extract(f, "the India Juliet Kilo"),
                        "PERSON 10-21 [Juliet Kilo] x 55\n");
}

/* Spans that cross the 64-byte words of the resolver's bit map of taken
 * bytes: an overlap anywhere in them is seen, and spans that only touch
 * are both kept. */
static void test_overlap_long_spans(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "gazetteers/x.tsv",
              "Aaaa Bbbb\tLOCATION\t50\n"
              "Bbbb Cccc Dddd Eeee Ffff Gggg Hhhh Iiii Jjjj Kkkk Llll Mmmm"
              "\tORGANIZATION\t70\n");
    load(f);
    char text[512] = "";
    for (int i = 0; i < 25; i++)
        strcat(text, "the "); /* 100 bytes */
    strcat(text, "Aaaa Bbbb Cccc Dddd Eeee Ffff Gggg Hhhh Iiii Jjjj Kkkk Llll "
                 "Mmmm in Paris");
    const char *got = extract(f, text);
    assert_non_null(strstr(got, "ORGANIZATION 105-164 [Bbbb Cccc Dddd Eeee Ffff "
                                "Gggg Hhhh Iiii Jjjj Kkkk Llll Mmmm] x 70\n"));
    assert_non_null(strstr(got, "LOCATION 168-173 [Paris] places"));
    assert_null(strstr(got, "[Aaaa Bbbb]"));
}

/* Overlaps are found wherever spans fall against the 8- and 64-byte
 * words of the resolver's bit map: a short span and a long one (past 57
 * bytes: taken by pieces) moved across a whole word, one byte at a time. */
static void test_overlap_any_alignment(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "gazetteers/x.tsv",
              "Aaaa Bbbb\tLOCATION\t50\n"
              "Bbbb Cccc\tORGANIZATION\t70\n"
              "Gggg Hhhh\tPERSON\t90\n"
              "Dddd Eeee Ffff Gggg Hhhh Iiii Jjjj Kkkk Llll Mmmm Nnnn Oooo"
              "\tORGANIZATION\t80\n"
              "Oooo Pppp\tLOCATION\t60\n");
    load(f);
    for (int k = 1; k <= 72; k++) {
        char text[256], want[512];
        memset(text, 'q', (size_t)k);
        snprintf(text + k, sizeof text - (size_t)k,
                 " Aaaa Bbbb Cccc Dddd Eeee Ffff Gggg Hhhh Iiii Jjjj Kkkk "
                 "Llll Mmmm Nnnn Oooo Pppp");
        size_t at = (size_t)k + 6; /* "Bbbb" */
        snprintf(want, sizeof want,
                 "ORGANIZATION %zu-%zu [Bbbb Cccc] x 70\n"
                 "PERSON %zu-%zu [Gggg Hhhh] x 90\n"
                 "LOCATION %zu-%zu [Oooo Pppp] x 60\n",
                 at, at + 9, at + 25, at + 34, at + 65, at + 74);
        assert_string_equal(extract(f, text), want);
    }
    /* a long name of 61 bytes kept whole, and the place that shares its
     * last byte loses */
    tmp_write(f->dir, "gazetteers/x.tsv",
              "Eeeee Fffff Ggggg Hhhhh Iiiii Jjjjj Kkkkk Lllll Mmmmm Nnnnn Q"
              "\tORGANIZATION\t80\n"
              "Q Pppp\tLOCATION\t60\n");
    nt_extractor_free(f->x);
    load(f);
    for (int k = 1; k <= 72; k++) {
        char text[256], want[256];
        memset(text, 'q', (size_t)k);
        snprintf(text + k, sizeof text - (size_t)k,
                 " Eeeee Fffff Ggggg Hhhhh Iiiii Jjjjj Kkkkk Lllll Mmmmm "
                 "Nnnnn Q Pppp");
        size_t at = (size_t)k + 1;
        snprintf(want, sizeof want,
                 "ORGANIZATION %zu-%zu [Eeeee Fffff Ggggg Hhhhh Iiiii Jjjjj "
                 "Kkkkk Lllll Mmmmm Nnnnn Q] x 80\n",
                 at, at + 61);
        assert_string_equal(extract(f, text), want);
    }
}

/* A span longer than the resolver's rank keys hold (lengths of 2^22
 * bytes and more share one value there): its end is read from the
 * candidate itself, so a name inside it past 4 MiB loses to it and one
 * right after it is kept. */
static void test_overlap_span_past_rank_key(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "rules/big.rules", "big ORGANIZATION 90 #cap Start[^#]+End\\b\n");
    load(f);
    const size_t filler = (4u << 20) + 4096; /* " a" pairs: past 4 MiB */
    nt_buf text;
    nt_buf_init(&text);
    nt_buf_puts(&text, "Start");
    for (size_t i = 0; i < filler / 2; i++)
        nt_buf_puts(&text, " a");
    nt_buf_puts(&text, " Paris a End in Paris");
    const char *got = extract(f, nt_buf_cstr(&text));
    size_t end = text.len - strlen(" in Paris");
    char head[64], tail[128];
    snprintf(head, sizeof head, "ORGANIZATION 0-%zu [Start a a ", end);
    snprintf(tail, sizeof tail,
             " a Paris a End] big 90\nLOCATION %zu-%zu [Paris] places 50\n",
             text.len - 5, text.len);
    size_t n = strlen(got);
    assert_true(strncmp(got, head, strlen(head)) == 0);
    assert_true(n > strlen(tail) && strcmp(got + n - strlen(tail), tail) == 0);
    nt_buf_free(&text);
}

/* Same span, same priority: the lower type id wins (LOCATION before
 * ORGANIZATION), then the source name that sorts first. */
static void test_overlap_exact_ties(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *rules, *want;
    } cases[] = {
        {"zloc LOCATION 50 #cap Zorbia\nzorg ORGANIZATION 50 #cap Zorbia\n"
         "aorg ORGANIZATION 50 #cap Zorbia\n",
         "LOCATION 3-9 [Zorbia] zloc 50\n"},
        {"zorg ORGANIZATION 50 #cap Zorbia\naorg ORGANIZATION 50 #cap Zorbia\n",
         "ORGANIZATION 3-9 [Zorbia] aorg 50\n"},
        {"zorg ORGANIZATION 50 #cap Zorbia\n", "ORGANIZATION 3-9 [Zorbia] m 50\n"},
    };
    tmp_write(f->dir, "gazetteers/m.tsv", "Zorbia\tORGANIZATION\t50\n");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tmp_write(f->dir, "rules/ties.rules", cases[i].rules);
        nt_extractor_free(f->x);
        load(f);
        assert_string_equal(extract(f, "in Zorbia"), cases[i].want);
    }
}

/* Annotates a text of n words drawn from a fixed list, each with its
 * separator, and checks that the kept entities come out in text order. */
static void check_kept_in_text_order(fixture *f, int n, uint32_t seed)
{
    static const struct {
        const char *word, *want; /* want: NULL for a blocker */
    } words[] = {
        {"Alfa", "LOCATION %zu-%zu [Alfa] x 50\n"},
        {"Bravo", "ORGANIZATION %zu-%zu [Bravo] x 50\n"},
        {"Nix", NULL},
        {"Zulu", "ORGANIZATION %zu-%zu [Zulu] zz 50\n"},
        {"Yank", "PERSON %zu-%zu [Yank] yy 50\n"},
        {"1999", "DATE %zu-%zu [1999] date_year 40\n"},
    };
    nt_buf text, want;
    nt_buf_init(&text);
    nt_buf_init(&want);
    uint32_t r = seed;
    for (int i = 0; i < n; i++) {
        r = r * 1103515245u + 12345u;
        size_t w = (r >> 16) % (sizeof words / sizeof *words);
        size_t start = text.len;
        nt_buf_puts(&text, words[w].word);
        if (words[w].want)
            nt_buf_printf(&want, words[w].want, start, text.len);
        nt_buf_puts(&text, i % 3 ? " and " : ", ");
    }
    assert_string_equal(extract(f, nt_buf_cstr(&text)), nt_buf_cstr(&want));
    nt_buf_free(&text);
    nt_buf_free(&want);
}

/* Kept entities come out in text order whatever order their sources
 * found them in (list names by start, then rules rule by rule, then
 * guesses), with the blockers among them left out: many to one 64-byte
 * word of the resolver's bit maps, and across words. The words are drawn
 * so that entities change places in chains and cycles. An article's few
 * are copied into place, a long document's thousands moved within the
 * candidates, whose array then becomes the entities': documents of both
 * kinds, in turn, reuse each other's arrays. */
static void test_kept_in_text_order(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "gazetteers/x.tsv",
              "Alfa\tLOCATION\t50\nBravo\tORGANIZATION\t50\nNix\tNONE\t90\n");
    tmp_write(f->dir, "rules/x.rules",
              "zz ORGANIZATION 50 #cap Zulu\nyy PERSON 50 #cap Yank\n");
    load(f);
    check_kept_in_text_order(f, 60, 12345);
    check_kept_in_text_order(f, 3000, 777); /* past 1,024 kept: moved */
    check_kept_in_text_order(f, 60, 4242);
    check_kept_in_text_order(f, 2500, 99);
    check_kept_in_text_order(f, 1, 5);
}

/* A rule beats a lower-priority list entry and loses to a higher one. */
static void test_rule_vs_list(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "gazetteers/x.tsv", "Obama\tLOCATION\t40\n");
    load(f);
    assert_string_equal(extract(f, "Mr. Obama"),
                        "PERSON 4-9 [Obama] title_person 60\n");
    nt_extractor_free(f->x);
    tmp_write(f->dir, "gazetteers/x.tsv", "Obama\tORGANIZATION\t80\n");
    load(f);
    assert_string_equal(extract(f, "Mr. Obama"),
                        "ORGANIZATION 4-9 [Obama] x 80\n");
}

/* ---- blockers ---- */

static void test_blockers(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "gazetteers/nationalities.tsv",
              "German\tNONE\t90\nBavarian German\tORGANIZATION\t60\n"
              "Old German\tORGANIZATION\t95\n");
    load(f);
    /* Without a blocker the word is guessed; with one, nothing is. */
    assert_string_equal(extract(f, "officials near Bavaria said"),
                        "LOCATION 15-22 [Bavaria] guess\n");
    assert_string_equal(extract(f, "officials near German towns said"), "");
    /* A blocker wins overlaps by priority like any candidate. */
    assert_string_equal(extract(f, "the Bavarian German said"), "");
    assert_string_equal(extract(f, "the Old German railways"),
                        "ORGANIZATION 4-14 [Old German] nationalities 95\n");
}

/* ---- data folder ---- */

static void test_files_in_name_order(void **state)
{
    fixture *f = *state;
    /* Written b first: equal priorities keep the entry of the file sorted
     * first, whatever order the folder lists them in. */
    tmp_write(f->dir, "gazetteers/b.tsv", "Jordan\tLOCATION\n");
    tmp_write(f->dir, "gazetteers/a.tsv", "Jordan\tPERSON\n");
    load(f);
    assert_string_equal(extract(f, "in Jordan"), "PERSON 3-9 [Jordan] a 50\n");
}

static void test_other_files_ignored(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "rules/README", "not a rule\n");
    tmp_write(f->dir, "rules/.hidden.rules", "broken ( rule\n");
    tmp_write(f->dir, "rules/old.rules.bak", "broken ( rule\n");
    tmp_write(f->dir, "gazetteers/notes.txt", "no tab here\n");
    tmp_write(f->dir, "lexicon/list.tsv", "two words\n");
    load(f);
    assert_string_equal(extract(f, "in Paris"),
                        "LOCATION 3-8 [Paris] places 50\n");
}

static void test_missing_subfolder(void **state)
{
    fixture *f = *state;
    tmp_remove(tmp_path(f->dir, "rules"));
    const char *msg = load_error(f);
    assert_msg_has(msg, tmp_path(f->dir, "rules"), strerror(ENOENT), NULL);

    nt_error err = {{0}};
    assert_null(nt_extractor_load(tmp_path(f->dir, "nowhere"), &err));
    assert_msg_has(err.msg, "nowhere/lexicon", strerror(ENOENT), NULL);
}

static void test_broken_rules(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "rules/zz.rules",
              "# fine\nbroken PERSON 50 @title (unclosed\n");
    const char *msg = load_error(f);
    assert_msg_has(msg, tmp_path(f->dir, "rules/zz.rules"),
                   "zz.rules:2: ", "rule 'broken'",
                   "missing closing parenthesis", NULL);
}

static void test_rule_unknown_class(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "rules/zz.rules", "r PERSON 50 @nope x\n");
    assert_msg_has(load_error(f), "zz.rules:1: ", "unknown word class 'nope'",
                   NULL);
}

static void test_broken_gazetteer(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "gazetteers/places.tsv",
              "Paris\tLOCATION\n\nRome\tCITY?\n");
    assert_msg_has(load_error(f), "places.tsv:3: ", "bad type name 'CITY?'",
                   NULL);
}

static void test_unreadable_list(void **state)
{
    fixture *f = *state;
    tmp_mkdir(f->dir, "gazetteers/folder.tsv");
    assert_msg_has(load_error(f), "folder.tsv", strerror(EISDIR), NULL);
}

static void test_broken_lexicon(void **state)
{
    fixture *f = *state;
    tmp_write(f->dir, "lexicon/title.txt", "Mr\nPrime Minister\n");
    assert_msg_has(load_error(f), "title.txt:2: ", NULL);
}

/* ---- documents ---- */

static void test_doc_reuse(void **state)
{
    fixture *f = *state;
    load(f);
    assert_string_equal(extract(f, "Mr. Smith went to Paris."),
                        "PERSON 4-9 [Smith] title_person 60\n"
                        "LOCATION 18-23 [Paris] places 50\n");
    assert_string_equal(extract(f, "in 1999"),
                        "DATE 3-7 [1999] date_year 40\n");
    assert_string_equal(extract(f, "none"), "");
    assert_string_equal(extract(f, "in 1999"),
                        "DATE 3-7 [1999] date_year 40\n");
}

/* Told of many inputs ahead (a long batch run), the extractor's rules are
 * JIT-compiled early: the entities stay the same. */
static void test_expect_inputs_ahead(void **state)
{
    fixture *f = *state;
    load(f);
    const char *want = "PERSON 10-22 [Barack Obama] title_person 60\n"
                       "LOCATION 31-36 [Paris] places 50\n"
                       "DATE 40-48 [May 2015] date_my 70\n";
    const char *text = "President Barack Obama visited Paris in May 2015.";
    assert_string_equal(extract(f, text), want);
    nt_extractor_expect(f->x, 2, 100000);
    for (int i = 0; i < 3; i++)
        assert_string_equal(extract(f, text), want);
}

/* Offsets stay those of the input when bytes had to be replaced. */
static void test_invalid_utf8(void **state)
{
    fixture *f = *state;
    load(f);
    assert_string_equal(extract(f, "\xff\xfe in Paris \xc3 in May"),
                        "LOCATION 6-11 [Paris] places 50\n"
                        "DATE 17-20 [May] date_my 70\n");
}

/* ---- the real data over the end-to-end articles ---- */

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    nt_buf b;
    nt_buf_init(&b);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        nt_buf_put(&b, chunk, n);
    assert_int_equal(ferror(fp), 0);
    fclose(fp);
    /* Zeroed bytes after the text, at least 64: PCRE2's JIT reads aligned
     * blocks past the end of the subject, which is harmless but which
     * valgrind reports as use of uninitialised memory. */
    static const char pad[64];
    *len = b.len;
    nt_buf_put(&b, pad, sizeof pad);
    memset(b.data + *len, 0, b.cap - *len);
    return b.data;
}

/* Whether two strings are the same, or both NULL. */
static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether two documents' entities are the same, field by field (their
 * sources' names are each extractor's own strings). */
static int same_entities(const nt_doc *a, const nt_doc *b)
{
    if (a->ents.n != b->ents.n)
        return 0;
    for (size_t i = 0; i < a->ents.n; i++) {
        const nt_entity *x = &a->ents.v[i], *y = &b->ents.v[i];
        if (x->start != y->start || x->end != y->end || x->type != y->type ||
            x->priority != y->priority || !same_str(x->source, y->source) ||
            strcmp(x->value, y->value) != 0 || x->timex != y->timex ||
            x->id != y->id || x->line != y->line || !same_str(x->file, y->file))
            return 0;
    }
    return 1;
}

/* The shipped data's extractor; the test is skipped when data/ does not
 * load. */
static nt_extractor *load_shipped(void)
{
    nt_error err = {{0}};
    nt_extractor *x = nt_extractor_load("data", &err);
    if (!x) {
        print_message("skipped: data/ does not load: %s\n", err.msg);
        skip();
    }
    return x;
}

/* Annotates a copy of text into d (which takes the copy). */
static void extract_copy(nt_extractor *x, nt_doc *d, const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, text, len + 1);
    nt_doc_set_text(d, "case", copy, len);
    nt_extract(x, d);
}

/* The shipped data on the end-to-end articles: every entity list keeps
 * the invariants, and --explain (which copies the kept candidates where
 * a plain run moves them into place) finds the same entities. */
static void test_real_data_articles(void **state)
{
    (void)state;
    nt_error err = {{0}};
    nt_extractor *x = load_shipped();
    nt_extract_opts eo = {.datadir = "data", .explain = 1};
    nt_extractor *xe = nt_extractor_load_opts(&eo, &err);
    assert_non_null(xe);
    nt_doc de;
    nt_doc_init(&de);
    const char *dir = "tests/e2e/articles";
    struct dirent **names;
    int n = scandir(dir, &names, NULL, by_name);
    assert_true(n >= 0);
    size_t articles = 0, total = 0;
    nt_doc d;
    nt_doc_init(&d);
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        size_t k = strlen(name);
        if (k > 4 && strcmp(name + k - 4, ".txt") == 0) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, name);
            size_t len;
            char *text = read_all(path, &len);
            char *copy = malloc(len + 1);
            assert_non_null(copy);
            memcpy(copy, text, len + 1);
            nt_doc_set_text(&d, path, text, len);
            nt_extract(x, &d);
            char why[128];
            if (check_invariants(&d, why, sizeof why))
                fail_msg("%s: %s", path, why);
            nt_doc_set_text(&de, path, copy, len);
            nt_extract(xe, &de);
            if (!same_entities(&d, &de))
                fail_msg("%s: other entities with --explain", path);
            articles++;
            total += d.ents.n;
        }
        free(names[i]);
    }
    free(names);
    nt_doc_free(&d);
    nt_doc_free(&de);
    nt_extractor_free(x);
    nt_extractor_free(xe);
    assert_true(articles > 0);
    assert_true(total > articles); /* more than one entity an article */
}

/* The shipped rules' alternatives written once with a shared start or end
 * (see the note at the end of data/rules/date.rules) find what they found
 * written out, and MONTH and ORGWORD, which read a period before their
 * lookbehind, take the same periods: each phrase takes one of those forms,
 * with the source and span the rules gave before. */
static void test_real_data_shared_alternatives(void **state)
{
    (void)state;
    static const struct {
        const char *text, *span, *source;
    } cases[] = {
        {"It ended at the turn of the century.", "the turn of the century",
         "date_the_unit"},
        {"Sales rose by the  middle  of  last week.",
         "the  middle  of  last week", "date_relative"},
        {"He left a handful of years ago.", "a handful of years ago",
         "date_ago"},
        {"It came at least two weeks ago.", "at least two weeks ago",
         "date_ago"},
        {"It was the day after tomorrow.", "the day after tomorrow",
         "date_deictic"},
        {"They met on Valentine\xe2\x80\x99s Day.", "Valentine\xe2\x80\x99s Day",
         "date_holiday"},
        {"She called the following evening.", "the following evening",
         "time_daypart"},
        {"It happened only recently.", "only recently", "date_now"},
        {"It ran for three days or more.", "three days or more", "dur_units"},
        {"Results for the calendar year were good.", "the calendar year",
         "date_the_unit"},
        {"It was signed Sept. 3, 2015 in Rome.", "Sept. 3, 2015", "date_mdy"},
        {"He came on May. 4 and left.", "May", "date_my"},
        {"He joined Acme U. Widgets Inc. last year.", "Acme U. Widgets Inc.",
         "org_suffix"},
        {"She left AT&T. Corp. in May.", "AT&T. Corp.", "org_suffix"},
    };
    nt_extractor *x = load_shipped();
    nt_doc d;
    nt_doc_init(&d);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        extract_copy(x, &d, cases[i].text);
        const char *at = strstr(cases[i].text, cases[i].span);
        size_t s = (size_t)(at - cases[i].text), e = s + strlen(cases[i].span);
        int found = 0;
        for (size_t k = 0; k < d.ents.n; k++)
            found |= d.ents.v[k].start == s && d.ents.v[k].end == e &&
                     same_str(d.ents.v[k].source, cases[i].source);
        if (!found)
            fail_msg("%s: no %s for \"%s\"", cases[i].text, cases[i].source,
                     cases[i].span);
    }
    nt_doc_free(&d);
    nt_extractor_free(x);
}

/* The shipped title_person: a name's first word is no title (PERSONNAME's
 * word test, '(?C"!title")', in place of "(?!@{title}\.?\s)"): a title
 * then a period or not then white space (a tab, NBSP) is passed over, a
 * title at the text's end or before a letter is a name. span NULL: the
 * rule finds nothing there. */
static void test_real_data_title_word_test(void **state)
{
    (void)state;
    static const struct {
        const char *text, *span;
    } cases[] = {
        {"Officials said President Prime Minister John Smith left.",
         "Prime Minister John Smith"},
        {"They said Mr. Dr. Jones left.", "Jones"},
        {"They said President\tMinister\tJones left.", "Jones"},
        {"They said President\xc2\xa0Minister Jones left.", "Jones"},
        {"They said President Ministerial Jones left.", "Ministerial Jones"},
        {"They met President Minister", "Minister"},
        {"They met Mr. Minister.\n", NULL},
        {"They said Mr. Dr. left.", NULL},
    };
    nt_extractor *x = load_shipped();
    nt_doc d;
    nt_doc_init(&d);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        extract_copy(x, &d, cases[i].text);
        const char *span = cases[i].span;
        size_t s = span ? (size_t)(strstr(cases[i].text, span) - cases[i].text)
                        : 0;
        int found = 0, any = 0;
        for (size_t k = 0; k < d.ents.n; k++) {
            int mine = same_str(d.ents.v[k].source, "title_person");
            any |= mine;
            found |= mine && span && d.ents.v[k].start == s &&
                     d.ents.v[k].end == s + strlen(span);
        }
        if (span ? !found : any)
            fail_msg("%s: title_person %s \"%s\"", cases[i].text,
                     span ? "did not find" : "found", span ? span : "");
    }
    nt_doc_free(&d);
    nt_extractor_free(x);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_sources),
        T(test_guesses),
        T(test_overlap_priority),
        T(test_overlap_longer),
        T(test_overlap_earlier),
        T(test_overlap_chains),
        T(test_overlap_long_spans),
        T(test_overlap_any_alignment),
        T(test_overlap_span_past_rank_key),
        T(test_overlap_exact_ties),
        T(test_kept_in_text_order),
        T(test_rule_vs_list),
        T(test_blockers),
        T(test_files_in_name_order),
        T(test_other_files_ignored),
        T(test_missing_subfolder),
        T(test_broken_rules),
        T(test_rule_unknown_class),
        T(test_broken_gazetteer),
        T(test_broken_lexicon),
        T(test_unreadable_list),
        T(test_doc_reuse),
        T(test_expect_inputs_ahead),
        T(test_invalid_utf8),
        cmocka_unit_test(test_real_data_articles),
        cmocka_unit_test(test_real_data_shared_alternatives),
        cmocka_unit_test(test_real_data_title_word_test),
    };
#undef T
    return cmocka_run_group_tests_name("extract", tests, NULL, NULL);
}
