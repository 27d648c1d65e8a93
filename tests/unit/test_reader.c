/* test_reader.c - input kinds, dates, JSON Lines documents and the fields
 * they carry, the source map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "reader.h"
#include "textb.h"
#include "util.h"

static void test_detect(void **state)
{
    (void)state;
    assert_int_equal(nt_reader_detect(NT_IN_AUTO, "a/b.HTML", "", 0), NT_IN_HTML);
    assert_int_equal(nt_reader_detect(NT_IN_AUTO, "x.nitf", "", 0), NT_IN_XML);
    assert_int_equal(nt_reader_detect(NT_IN_AUTO, "x.ndjson", "", 0), NT_IN_JSONL);
    assert_int_equal(nt_reader_detect(NT_IN_AUTO, "x.txt", "<html>", 6), NT_IN_TEXT);
    assert_int_equal(nt_reader_detect(NT_IN_XML, "x.txt", "", 0), NT_IN_XML);
    const char *html = "\xEF\xBB\xBF  <!DOCTYPE HTML><p>x";
    assert_int_equal(nt_reader_detect(NT_IN_AUTO, "-", html, strlen(html)), NT_IN_HTML);
    assert_int_equal(nt_reader_detect(NT_IN_AUTO, "-", "<?xml?><a/>", 11), NT_IN_XML);
    assert_int_equal(nt_reader_detect(NT_IN_AUTO, "-", " {\"text\":1}", 11), NT_IN_JSONL);
    assert_int_equal(nt_reader_detect(NT_IN_AUTO, "-", "Paris", 5), NT_IN_TEXT);
    assert_int_equal(nt_reader_detect(NT_IN_AUTO, "dir.d/noext", "", 0), NT_IN_TEXT);
    nt_in_kind k;
    assert_int_equal(nt_reader_kind_parse("jsonl", &k), 0);
    assert_int_equal(k, NT_IN_JSONL);
    assert_int_equal(nt_reader_kind_parse("auto", &k), -1);
    assert_string_equal(nt_reader_kind_name(NT_IN_HTML), "html");
}

static void test_dates(void **state)
{
    (void)state;
    char d[11];
    assert_int_equal(nt_reader_norm_date("2015-05-09T08:30:00Z", 20, d), 0);
    assert_string_equal(d, "2015-05-09");
    assert_int_equal(nt_reader_norm_date(" 20160412T090000Z", 17, d), 0);
    assert_string_equal(d, "2016-04-12");
    assert_int_equal(nt_reader_norm_date("2015/05/09", 10, d), 0);
    assert_string_equal(d, "2015-05-09");
    assert_int_equal(nt_reader_norm_date("2015-13-09", 10, d), -1);
    assert_string_equal(d, "");
    assert_int_equal(nt_reader_norm_date("May 9, 2015", 11, d), -1);
    assert_int_equal(nt_reader_norm_date("201505091", 9, d), -1);
}

/* Reads all documents of data into texts (joined with '|') and the raw
 * carried members (joined with '|'); errors counted. */
static int read_all(nt_reader *r, const char *path, const char *data,
                    char *texts, char *rest, int *errors)
{
    nt_doc d;
    nt_error err;
    int n = 0, rc;
    nt_doc_init(&d);
    nt_reader_open(r, path, nt_xstrdup(data), strlen(data));
    texts[0] = rest[0] = '\0';
    *errors = 0;
    while ((rc = nt_reader_next(r, &d, &err)) != 0) {
        if (rc < 0) {
            (*errors)++;
            continue;
        }
        strncat(texts, d.text, d.len);
        strcat(texts, "|");
        if (d.src && d.src->rest)
            strncat(rest, d.src->rest, d.src->rest_len);
        strcat(rest, "|");
        if (d.ref_date[0])
            strcat(rest, d.ref_date);
        n++;
    }
    nt_doc_free(&d);
    return n;
}

static void test_jsonl(void **state)
{
    (void)state;
    nt_reader_opts o = {0};
    nt_reader *r = nt_reader_new(&o);
    char texts[512], rest[512];
    int errors;
    const char *in =
        "{\"id\": 1, \"text\": \"Paris\", \"n\": 2.50, \"date\": \"2015-05-09\"}\n"
        "\n"
        "{\"id\": 2, \"text\": \"oops\n"
        "{\"text\": \"caf\\u00e9\", \"entities\": [1], \"o\": {\"a\": [1, {}]}}\r\n"
        "[1]\n"
        "{\"id\": 12345678901234567890, \"text\": \"x\"}";
    assert_int_equal(read_all(r, "a.jsonl", in, texts, rest, &errors), 3);
    assert_int_equal(errors, 2);
    assert_string_equal(texts, "Paris|caf\xC3\xA9|x|");
    assert_string_equal(rest, "\"id\":1,\"n\":2.50,\"date\":\"2015-05-09\"|2015-05-09"
                              "\"o\":{\"a\": [1, {}]}|"
                              "\"id\":12345678901234567890|");
    nt_reader_free(r);
}

static void test_jsonl_fields(void **state)
{
    (void)state;
    nt_reader_opts o = {.text_field = "body", .date_field = "when",
                        .kind = NT_IN_JSONL};
    nt_reader *r = nt_reader_new(&o);
    char texts[256], rest[256];
    int errors;
    const char *in = "{\"b\\u006fdy\": \"Rome\", \"when\": \"20150509\"}\n"
                     "{\"text\": \"none\"}\n";
    assert_int_equal(read_all(r, "-", in, texts, rest, &errors), 1);
    assert_int_equal(errors, 1);
    assert_string_equal(texts, "Rome|");
    assert_string_equal(rest, "\"when\":\"20150509\"|2015-05-09");
    nt_reader_free(r);
}

/* The text decoded on its own (jsonstr) and the line without it parsed by
 * jansson: the same documents and the same errors as jansson on the whole
 * line, whichever member holds what. */
static void test_jsonl_text_apart(void **state)
{
    (void)state;
    nt_reader_opts o = {0};
    nt_reader *r = nt_reader_new(&o);
    char texts[256], rest[256];
    int errors;
    const char *in =
        "{\"text\": \"a\", \"text\": \"b\\u00e9\\n\"}\n"   /* the last wins */
        "{\"t\\u0065xt\": \"key escaped\", \"k\": [\"text\", {\"text\": 1}]}\n"
        "{\"o\": {\"text\": \"inner\"}, \"text\": \"outer\"}\n"
        "{\"text\": \"fine\", \"x\": }\n"                    /* broken after */
        "{\"text\": \"tab\there\"}\n"                          /* control char */
        "{\"text\": 5}\n"
        "{\"text\": \"\"}\n";
    assert_int_equal(read_all(r, "-", in, texts, rest, &errors), 4);
    assert_int_equal(errors, 3);
    assert_string_equal(texts, "b\xC3\xA9\n|key escaped|outer||");
    assert_string_equal(rest, "|\"k\":[\"text\", {\"text\": 1}]|"
                              "\"o\":{\"text\": \"inner\"}||");
    nt_reader_free(r);
}

/* The date member on both ways through a line, the check's and jansson's
 * (a number the check leaves to jansson: 1e100): the last one, decoded,
 * when it is a string; none when the date field is the text field. */
static void test_jsonl_dates(void **state)
{
    (void)state;
    nt_reader_opts o = {0};
    nt_reader *r = nt_reader_new(&o);
    char texts[256], rest[512];
    int errors;
    const char *in =
        "{\"date\": \"2014-01-02\", \"text\": \"a\", \"date\": \"2015\\u002d05-09\"}\n"
        "{\"date\": \"2014-01-02\", \"text\": \"b\", \"n\": 1e100}\n"
        "{\"text\": \"c\", \"date\": 20150509}\n"
        "{\"text\": \"d\", \"n\": 1e100, \"date\": 20150509}\n";
    assert_int_equal(read_all(r, "-", in, texts, rest, &errors), 4);
    assert_int_equal(errors, 0);
    assert_string_equal(texts, "a|b|c|d|");
    assert_string_equal(rest,
                        "\"date\":\"2014-01-02\",\"date\":\"2015\\u002d05-09\"|2015-05-09"
                        "\"date\":\"2014-01-02\",\"n\":1e100|2014-01-02"
                        "\"date\":20150509|"
                        "\"n\":1e100,\"date\":20150509|");
    nt_reader_free(r);
    nt_reader_opts same = {.date_field = "text"};
    r = nt_reader_new(&same);
    assert_int_equal(read_all(r, "-", "{\"text\": \"2015-05-09\"}\n"
                                      "{\"text\": \"2015-05-09\", \"n\": 1e100}\n",
                              texts, rest, &errors), 2);
    assert_string_equal(rest, "|\"n\":1e100|");
    nt_reader_free(r);
}

/* Quotes inside strings: an escaped one goes on, one after an escaped
 * backslash ends the string (the members are found by their quotes, with
 * the backslashes before each counted); the document's name is its path
 * and line. */
static void test_jsonl_quotes(void **state)
{
    (void)state;
    nt_reader_opts o = {0};
    nt_reader *r = nt_reader_new(&o);
    char texts[256], rest[256];
    int errors;
    const char *in = "{\"text\": \"a \\\"q\\\" b\\\\\", \"x\\\\\": \"y\\\\\\\"z\"}\n"
                     "{\"k\": \"\\\\\\\\\", \"text\": \"\\\"\\\\\"}\n";
    assert_int_equal(read_all(r, "-", in, texts, rest, &errors), 2);
    assert_int_equal(errors, 0);
    assert_string_equal(texts, "a \"q\" b\\|\"\\|");
    assert_string_equal(rest, "\"x\\\\\":\"y\\\\\\\"z\"|\"k\":\"\\\\\\\\\"|");
    nt_doc d;
    nt_error err;
    nt_doc_init(&d);
    nt_reader_open(r, "in.jsonl", nt_xstrdup("\n{\"text\": \"x\"}"), 14);
    assert_int_equal(nt_reader_next(r, &d, &err), 1);
    assert_string_equal(d.name, "in.jsonl:2");
    nt_doc_free(&d);
    nt_reader_free(r);
}

/* A broken line is reported as jansson finds it in the whole line. */
static void test_jsonl_errors(void **state)
{
    (void)state;
    nt_reader_opts o = {0};
    nt_reader *r = nt_reader_new(&o);
    nt_doc d;
    nt_error err;
    const char *in = "{\"text\": \"fine\", \"x\": }\n{\"text\": 5}\n";
    nt_doc_init(&d);
    nt_reader_open(r, "-", nt_xstrdup(in), strlen(in));
    assert_int_equal(nt_reader_next(r, &d, &err), -1);
    assert_string_equal(err.msg, "line 1, column 23: unexpected token near '}'");
    assert_int_equal(nt_reader_next(r, &d, &err), -1);
    assert_string_equal(err.msg, "line 2: no \"text\" string");
    assert_int_equal(nt_reader_next(r, &d, &err), 0);
    nt_doc_free(&d);
    nt_reader_free(r);
}

static void test_text(void **state)
{
    (void)state;
    nt_reader_opts o = {0};
    nt_reader *r = nt_reader_new(&o);
    char texts[64], rest[64];
    int errors;
    assert_int_equal(read_all(r, "a.txt", "<b>Paris</b>", texts, rest, &errors), 1);
    assert_string_equal(texts, "<b>Paris</b>|");
    nt_reader_free(r);
}

static void test_srcmap(void **state)
{
    (void)state;
    nt_srcinfo s = {.kind = NT_IN_HTML, .has_map = 1};
    nt_srcinfo_add(&s, 0, 3, 10, 3);      /* "AT" + "&" below */
    nt_srcinfo_add(&s, 3, 2, 13, 2);      /* merges: 1:1 and adjacent */
    nt_srcinfo_add(&s, 5, 1, 20, 5);      /* "&amp;" */
    nt_srcinfo_add(&s, 6, 1, NT_NOSRC, 0);
    assert_int_equal(s.nsegs, 3);
    assert_int_equal(nt_srcinfo_map(&s, 0, 0), 10);
    assert_int_equal(nt_srcinfo_map(&s, 4, 0), 14);
    assert_int_equal(nt_srcinfo_map(&s, 5, 1), 15);
    assert_int_equal(nt_srcinfo_map(&s, 5, 0), 20);
    assert_int_equal(nt_srcinfo_map(&s, 6, 1), 25);
    assert_int_equal(nt_srcinfo_map(&s, 6, 0), NT_NOSRC);
    assert_int_equal(nt_srcinfo_map(&s, 7, 1), NT_NOSRC);
    assert_int_equal(nt_srcinfo_map(&s, 0, 1), NT_NOSRC);
    assert_int_equal(nt_srcinfo_map(NULL, 0, 0), NT_NOSRC);
    free(s.segs);
}

/* Pieces, their separators and segments; and going back to a mark, past a
 * piece that grew the last segment. */
static void test_textb(void **state)
{
    (void)state;
    nt_buf out;
    nt_srcinfo s = {.kind = NT_IN_HTML};
    nt_buf_init(&out);
    nt_textb t = {.out = &out, .si = &s};
    nt_textb_sep(&t, NT_TEXTB_PARA); /* nothing leads */
    nt_textb_put(&t, "ab", 2, 0, 2);
    nt_textb_mark m = nt_textb_here(&t);
    nt_textb_put(&t, "cd", 2, 2, 2); /* grows segment 0 */
    nt_textb_sep(&t, NT_TEXTB_SPACE);
    nt_textb_put(&t, "e", 1, 9, 1);
    assert_int_equal(s.nsegs, 2);
    assert_int_equal(s.segs[0].tlen, 4);
    assert_memory_equal(out.data, "abcd e", 6);
    nt_textb_back(&t, &m);
    assert_int_equal(out.len, 2);
    assert_int_equal(s.nsegs, 1);
    assert_int_equal(s.segs[0].tlen, 2);
    assert_int_equal(s.segs[0].slen, 2);
    nt_textb_sep(&t, NT_TEXTB_LINE);
    nt_textb_sep(&t, NT_TEXTB_SPACE); /* the stronger stays owed */
    nt_textb_put(&t, "f", 1, 5, 1);
    nt_textb_sep(&t, NT_TEXTB_PARA);
    nt_textb_put(&t, "g", 1, NT_NOSRC, 0);
    assert_string_equal(nt_buf_cstr(&out), "ab\nf\n\ng");
    assert_int_equal(s.nsegs, 3);
    assert_int_equal(s.segs[1].text, 3);
    assert_int_equal(s.segs[2].text, 6);
    nt_textb_back(&t, &(nt_textb_mark){0, 0, {0, 0, 0, 0}, NT_TEXTB_NONE});
    assert_int_equal(out.len, 0);
    assert_int_equal(s.nsegs, 0);
    nt_buf_free(&out);
    free(s.segs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),     cmocka_unit_test(test_dates),
        cmocka_unit_test(test_jsonl),      cmocka_unit_test(test_jsonl_fields),
        cmocka_unit_test(test_jsonl_text_apart),
        cmocka_unit_test(test_jsonl_dates),
        cmocka_unit_test(test_jsonl_quotes),
        cmocka_unit_test(test_jsonl_errors),
        cmocka_unit_test(test_text),       cmocka_unit_test(test_srcmap),
        cmocka_unit_test(test_textb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
