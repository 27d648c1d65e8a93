/* test_refdate.c - the reference date: datelines, the year from
 * --ref-year or the nearest year mentioned, and the precedence of a date
 * already set (option, metadata). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "refdate.h"
#include "util.h"

static void make_doc(nt_doc *d, const char *text)
{
    nt_doc_init(d);
    nt_doc_set_text(d, "t", nt_xstrdup(text), strlen(text));
    nt_tokenize(d->clean, d->len, &d->toks);
}

static void test_datelines(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int month, day;
    } cases[] = {
        {"BRUSSELS, March 4 (Reuters) - NATO said.", 3, 4},
        {"SINGAPORE, Nov 29 - Gold climbed.", 11, 29},
        {"Headline here\n\nNEW YORK, Sept. 3 (AP) -- Stocks fell.", 9, 3},
        {"PARIS, Texas, June 3 \xE2\x80\x94 Crews worked.", 6, 3},
        {"LONDON, Dec 25 \xE2\x80\x93 Snow.", 12, 25},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int m = 0, d = 0;
        size_t at;
        const char *t = cases[i].text;
        if (nt_refdate_dateline(t, strlen(t), &m, &d, &at) != 0)
            fail_msg("no dateline in '%s'", t);
        assert_int_equal(m, cases[i].month);
        assert_int_equal(d, cases[i].day);
    }
}

static void test_no_datelines(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "BOSTON \xE2\x80\x94 Jaylen Okafor scored 31 points.",
        "The minister met, March 4 - no.",
        "BRUSSELS, March 40 (Reuters) - bad day.",
        "BRUSSELS, Marchy 4 - not a month.",
        "",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        int m, d;
        size_t at;
        if (nt_refdate_dateline(texts[i], strlen(texts[i]), &m, &d, &at) == 0)
            fail_msg("dateline found in '%s'", texts[i]);
    }
}

/* The year: --ref-year first, else the year written nearest the dateline,
 * else unknown. */
static void test_fill(void **state)
{
    (void)state;
    nt_doc d;
    make_doc(&d, "In 1999 it began.\nBRUSSELS, March 4 (Reuters) - In 2015 and 2020.");
    nt_refdate_fill(&d);
    assert_string_equal(d.ref_date, "2015-03-04");
    assert_string_equal(d.ref_from, "dateline");
    nt_doc_free(&d);

    make_doc(&d, "BRUSSELS, March 4 (Reuters) - In 2015.");
    d.ref_year = 2011;
    nt_refdate_fill(&d);
    assert_string_equal(d.ref_date, "2011-03-04");
    nt_doc_free(&d);

    make_doc(&d, "BRUSSELS, Feb 29 (Reuters) - no year given.");
    nt_refdate_fill(&d);
    assert_string_equal(d.ref_date, "XXXX-02-29");
    assert_string_equal(d.ref_from, "dateline");
    nt_doc_free(&d);

    make_doc(&d, "No dateline at all.");
    nt_refdate_fill(&d);
    assert_string_equal(d.ref_date, "");
    assert_string_equal(d.ref_from, "none");
    nt_doc_free(&d);
}

/* A date set before (--ref-date, an input's metadata) is kept. */
static void test_precedence(void **state)
{
    (void)state;
    nt_doc d;
    make_doc(&d, "BRUSSELS, March 4 (Reuters) - In 2015.");
    snprintf(d.ref_date, sizeof d.ref_date, "2020-01-02");
    d.ref_from = "option";
    nt_refdate_fill(&d);
    assert_string_equal(d.ref_date, "2020-01-02");
    assert_string_equal(d.ref_from, "option");
    d.ref_from = NULL;
    nt_refdate_fill(&d);
    assert_string_equal(d.ref_from, "metadata");
    nt_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_datelines),
        cmocka_unit_test(test_no_datelines),
        cmocka_unit_test(test_fill),
        cmocka_unit_test(test_precedence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
