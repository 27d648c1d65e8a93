/* test_explain.c - --explain's losers: the replay of overlap resolution
 * pairs each rejected candidate with the strongest accepted one it
 * overlaps, repeated losers count once, and the lookup by winner span. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "explain.h"
#include "util.h"

static nt_entity cand(size_t s, size_t e, nt_type t, int prio, const char *src)
{
    return (nt_entity){.start = s, .end = e, .type = t, .priority = prio,
                       .source = src, .file = "x.tsv", .line = 7};
}

static void test_losses(void **state)
{
    (void)state;
    nt_doc d;
    nt_doc_init(&d);
    char *text = nt_xstrdup("New York Times Square");
    nt_doc_set_text(&d, "t", text, strlen(text));
    /* Strongest first, as the extractor sorts them. */
    nt_entity v[] = {cand(0, 14, NT_ORGANIZATION, 70, "orgs"),
                     cand(0, 8, NT_LOCATION, 50, "places"),
                     cand(0, 8, NT_LOCATION, 50, "places"), /* twice */
                     cand(9, 21, NT_LOCATION, 40, "places"),
                     cand(15, 21, NT_PERSON, 10, "guess")};
    nt_entities c = {v, 5, 5};
    uint32_t *owner = NULL;
    size_t cap = 0, n;
    nt_explain_losses(&c, &d, &owner, &cap);
    assert_int_equal(d.nlosses, 2); /* "Square" (15-21) was accepted */
    const nt_loss *l = nt_explain_find(&d, 0, 14, &n);
    assert_int_equal(n, 2);
    assert_int_equal(l[0].e.end, 8);
    assert_string_equal(l[0].e.source, "places");
    assert_int_equal(l[1].e.start, 9);
    assert_null(nt_explain_find(&d, 15, 21, &n));
    assert_int_equal(n, 0);

    nt_buf out;
    nt_buf_init(&out);
    nt_explain_tsv(&out, &d, &v[0]);
    assert_string_equal(nt_buf_cstr(&out),
                        "\tx.tsv:7\tLOCATION:0-8:places@x.tsv:7 | "
                        "LOCATION:9-21:places@x.tsv:7");
    nt_buf_reset(&out);
    nt_explain_json(&out, &d, &v[4], 1);
    assert_string_equal(nt_buf_cstr(&out),
                        ",\"priority\":10,\"origin\":\"x.tsv:7\",\"beat\":[]");
    nt_buf_free(&out);
    free(owner);
    nt_doc_free(&d);
}

/* A guess has no file: its origin is empty. */
static void test_origin(void **state)
{
    (void)state;
    nt_buf out;
    nt_buf_init(&out);
    nt_entity e = {.source = "capitalized"};
    nt_explain_origin(&out, &e);
    assert_int_equal(out.len, 0);
    e.file = "r.rules";
    e.line = 12;
    nt_explain_origin(&out, &e);
    assert_string_equal(nt_buf_cstr(&out), "r.rules:12");
    nt_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_losses),
        cmocka_unit_test(test_origin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
