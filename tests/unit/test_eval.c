/* test_eval.c - the evaluator's two halves that must agree with the shared
 * scripts: CoNLL documents built as conll2docs builds them (text, offsets,
 * IOB1 and IOB2 spans) and scores counted as score counts them (duplicates,
 * exact, greedy partial matching). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "eval.h"

typedef struct {
    char text[4][256];
    nt_eval_span gold[4][8];
    size_t ngold[4], ndocs;
} docs;

static int on_doc(const char *text, size_t len, const nt_eval_span *gold,
                  size_t ngold, void *ctx)
{
    docs *d = ctx;
    assert_true(d->ndocs < 4 && len < 256 && ngold <= 8);
    memcpy(d->text[d->ndocs], text, len);
    d->text[d->ndocs][len] = '\0';
    memcpy(d->gold[d->ndocs], gold, ngold * sizeof *gold);
    d->ngold[d->ndocs++] = ngold;
    return 0;
}

static void check_span(const nt_eval_span *s, unsigned start, unsigned end,
                       nt_type t)
{
    assert_int_equal(s->start, start);
    assert_int_equal(s->end, end);
    assert_int_equal(s->type, t);
}

static void test_conll_docs(void **state)
{
    (void)state;
    const char *in =
        "-DOCSTART- -X- -X- O\n\n"
        "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n"
        "call NN I-NP O\n\n"
        "Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\n"
        "-DOCSTART- -X- -X- O\n\n-DOCSTART- -X- -X- O\n\n"
        "In IN O\nNew B-LOC\nYork I-LOC\nand O\nBoston B-LOC\n"
        "Paris\tB-LOC\nLondon B-LOC"; /* IOB2; no final newline */
    docs d = {0};
    assert_int_equal(nt_eval_conll(in, strlen(in), on_doc, &d), 0);
    assert_int_equal(d.ndocs, 2); /* the empty document is skipped */
    assert_string_equal(d.text[0], "EU rejects German call\nPeter Blackburn\n");
    assert_int_equal(d.ngold[0], 3);
    check_span(&d.gold[0][0], 0, 2, NT_ORGANIZATION);
    check_span(&d.gold[0][1], 11, 17, NT_NONE); /* MISC: no newstag type */
    check_span(&d.gold[0][2], 23, 38, NT_PERSON);
    assert_string_equal(d.text[1], "In New York and Boston Paris London\n");
    assert_int_equal(d.ngold[1], 4);
    check_span(&d.gold[1][0], 3, 11, NT_LOCATION);
    check_span(&d.gold[1][1], 16, 22, NT_LOCATION);
    check_span(&d.gold[1][2], 23, 28, NT_LOCATION); /* B- splits same types */
    check_span(&d.gold[1][3], 29, 35, NT_LOCATION);
}

/* IOB1: I-X after a different type starts an entity; B-X only separates
 * two of the same type. */
static void test_conll_iob1(void **state)
{
    (void)state;
    const char *in = "A I-PER\nB I-LOC\nC I-LOC\nD B-LOC\nE O\n";
    docs d = {0};
    assert_int_equal(nt_eval_conll(in, strlen(in), on_doc, &d), 0);
    assert_int_equal(d.ndocs, 1);
    assert_int_equal(d.ngold[0], 3);
    check_span(&d.gold[0][0], 0, 1, NT_PERSON);
    check_span(&d.gold[0][1], 2, 5, NT_LOCATION);
    check_span(&d.gold[0][2], 6, 7, NT_LOCATION);
}

static nt_eval_span sp(uint32_t doc, uint32_t s, uint32_t e, nt_type t)
{
    return (nt_eval_span){doc, s, e, t, NULL, NULL, 0};
}

static void test_score(void **state)
{
    (void)state;
    nt_eval_span gold[] = {sp(0, 0, 5, NT_PERSON), sp(0, 10, 20, NT_PERSON),
                           sp(0, 30, 35, NT_LOCATION), sp(1, 0, 5, NT_PERSON),
                           sp(0, 0, 5, NT_PERSON)}; /* duplicate */
    nt_eval_span pred[] = {sp(0, 0, 5, NT_PERSON),   /* exact */
                           sp(0, 12, 15, NT_PERSON), /* partial */
                           sp(0, 14, 25, NT_PERSON), /* gold already used */
                           sp(0, 30, 35, NT_PERSON), /* wrong type */
                           sp(1, 0, 5, NT_DATE),     /* not scored */
                           sp(1, 0, 5, NT_PERSON), sp(1, 0, 5, NT_PERSON)};
    size_t ng = nt_eval_sort(gold, 5), np = nt_eval_sort(pred, 7);
    assert_int_equal(ng, 4);
    assert_int_equal(np, 6);
    uint64_t m = NT_TYPE_BIT(NT_PERSON) | NT_TYPE_BIT(NT_LOCATION);
    nt_eval_counts c = nt_eval_score(gold, ng, pred, np, m);
    assert_int_equal(c.gold, 4);
    assert_int_equal(c.pred, 5);
    assert_int_equal(c.exact, 2);
    assert_int_equal(c.partial, 3);
    c = nt_eval_score(gold, ng, pred, np, NT_TYPE_BIT(NT_LOCATION));
    assert_int_equal(c.gold, 1);
    assert_int_equal(c.pred, 0);
}

/* An exact match claims its gold span before an earlier sloppy one can. */
static void test_score_exact_first(void **state)
{
    (void)state;
    nt_eval_span gold[] = {sp(0, 10, 20, NT_PERSON)};
    nt_eval_span pred[] = {sp(0, 5, 12, NT_PERSON), sp(0, 10, 20, NT_PERSON)};
    size_t np = nt_eval_sort(pred, 2);
    nt_eval_counts c = nt_eval_score(gold, 1, pred, np, NT_TYPE_BIT(NT_PERSON));
    assert_int_equal(c.exact, 1);
    assert_int_equal(c.partial, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conll_docs),
        cmocka_unit_test(test_conll_iob1),
        cmocka_unit_test(test_score),
        cmocka_unit_test(test_score_exact_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
