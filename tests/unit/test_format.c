/* test_format.c - output formats: exact output of each format, JSON and TSV
 * escaping, and round-trip checks over every byte value and random texts
 * (a small strict JSON validator decodes what the json formats wrote). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "format.h"
#include "offsets.h"

/* ---- helpers: documents, rendering, comparing ---- */

static nt_entity ent(size_t start, size_t end, nt_type type, const char *src,
                     const char *value)
{
    nt_entity e = {0};
    e.start = start;
    e.end = end;
    e.type = type;
    e.source = src;
    snprintf(e.value, sizeof e.value, "%s", value ? value : "");
    return e;
}

static nt_doc mkdoc(const char *name, const char *text, size_t len,
                    nt_entity *ents, size_t n)
{
    nt_doc d = {0};
    d.name = name;
    d.text = (char *)text;
    d.len = len;
    d.ents.v = ents;
    d.ents.n = d.ents.cap = n;
    return d;
}

/* Renders a stream of n documents as main does: begin, each doc, end. */
/* As main does: prepare (see nt_formatter), begin, each document, end. */
static void render(nt_buf *out, const nt_formatter *f, const nt_doc *docs,
                   size_t n, const nt_fmt_opts *o)
{
    nt_error err = {{0}};
    if (f->prepare && f->prepare(&err))
        fail_msg("%s", err.msg);
    if (f->begin)
        f->begin(out, o);
    for (size_t i = 0; i < n; i++)
        f->doc(out, &docs[i], i, o);
    if (f->end)
        f->end(out, n, o);
}

static void assert_out(nt_buf *b, const char *want, size_t n)
{
    const char *got = nt_buf_cstr(b);
    if (b->len != n || memcmp(got, want, n) != 0) {
        print_error("want (%zu bytes):\n%.*s\ngot (%zu bytes):\n%.*s\n", n,
                    (int)n, want, b->len, (int)b->len, got);
        fail();
    }
}
#define ASSERT_OUT(b, lit) assert_out((b), (lit), sizeof(lit) - 1)

/* The sample article: three entities, the middle one with a value. */
static const char sample_text[] =
    "Foreign Minister Sergey Lavrov spoke on May 9, 2015 in Moscow.\n";
static nt_entity sample_ents[3];

static nt_doc sample_doc(void)
{
    sample_ents[0] = ent(17, 30, NT_PERSON, "title_person", NULL);
    sample_ents[1] = ent(40, 51, NT_DATE, "date_mdy", "2015-05-09");
    sample_ents[2] = ent(55, 61, NT_LOCATION, "gaz_location", "");
    return mkdoc("a.txt", sample_text, sizeof sample_text - 1, sample_ents, 3);
}

static nt_doc plain_doc(void)
{
    return mkdoc("b.txt", "No news.", 8, NULL, 0);
}

/* Where spilled output goes in these tests: appended to a buffer. */
typedef struct {
    nt_buf got;
    size_t calls, smallest;
} spilled;

static void collect(nt_buf *out, void *ctx)
{
    spilled *sp = ctx;
    sp->calls++;
    if (out->len < sp->smallest)
        sp->smallest = out->len;
    nt_buf_put(&sp->got, out->data, out->len);
    nt_buf_reset(out);
}

/* A long document's output goes out as it grows when a spill is set, in
 * pieces of NT_FORMAT_SPILL bytes or more, and adds up to what it is
 * without one, in every format that streams (tsv, json, jsonl, text). */
static void test_spill(void **state)
{
    (void)state;
    enum { N = 20000 };
    static char text[N * 8];
    static nt_entity ents[N];
    for (size_t i = 0; i < N; i++) {
        memcpy(text + 8 * i, "Paris, ", 7);
        text[8 * i + 7] = '\n';
        ents[i] = ent(8 * i, 8 * i + 5, NT_LOCATION, "places", NULL);
    }
    nt_doc d = mkdoc("long.txt", text, sizeof text, ents, N);
    const nt_formatter *fs[] = {&nt_format_tsv, &nt_format_json,
                                &nt_format_jsonl, &nt_format_text};
    for (size_t f = 0; f < sizeof fs / sizeof *fs; f++) {
        nt_fmt_opts o = {0};
        nt_buf whole, out;
        nt_buf_init(&whole);
        nt_buf_init(&out);
        render(&whole, fs[f], &d, 1, &o);
        spilled sp = {.smallest = (size_t)-1};
        nt_buf_init(&sp.got);
        o.spill = collect;
        o.spill_ctx = &sp;
        render(&out, fs[f], &d, 1, &o);
        assert_true(sp.calls > 2);
        assert_true(sp.smallest >= NT_FORMAT_SPILL);
        assert_true(out.len < whole.len);
        nt_buf_put(&sp.got, out.data, out.len);
        assert_int_equal(sp.got.len, whole.len);
        assert_memory_equal(sp.got.data, whole.data, whole.len);
        nt_buf_free(&sp.got);
        nt_buf_free(&whole);
        nt_buf_free(&out);
    }
}

/* ---- the name table ---- */

static void test_find(void **state)
{
    (void)state;
    assert_ptr_equal(nt_format_find("json"), &nt_format_json);
    assert_ptr_equal(nt_format_find("jsonl"), &nt_format_jsonl);
    assert_ptr_equal(nt_format_find("tsv"), &nt_format_tsv);
    assert_ptr_equal(nt_format_find("text"), &nt_format_text);
    assert_ptr_equal(nt_format_find("xml"), &nt_format_xml);
    assert_ptr_equal(nt_format_find("conll"), &nt_format_conll);
    assert_ptr_equal(nt_format_find("brat"), &nt_format_brat);
    assert_ptr_equal(nt_format_find("html"), &nt_format_html);
    assert_string_equal(nt_format_brat.ext, "ann");
    assert_string_equal(nt_format_brat.text_ext, "txt");
    assert_null(nt_format_json.text_ext);
    assert_null(nt_format_find("yaml"));
    assert_null(nt_format_find("JSON"));
    assert_null(nt_format_find("js"));
    assert_null(nt_format_find(""));
    assert_null(nt_format_find(NULL));
    assert_string_equal(nt_format_json.ext, "json");
    assert_string_equal(nt_format_jsonl.ext, "jsonl");
    assert_string_equal(nt_format_tsv.ext, "tsv");
    assert_string_equal(nt_format_text.ext, "txt");
    assert_non_null(nt_format_json.doc);
    assert_non_null(nt_format_jsonl.doc);
    assert_non_null(nt_format_tsv.doc);
    assert_non_null(nt_format_text.doc);
}

/* Every name listed is found and its formatter carries that name. */
static void test_names(void **state)
{
    (void)state;
    const char *names = nt_format_names();
    assert_string_equal(names, "json, jsonl, tsv, text, xml, conll, brat, html");
    char copy[64];
    snprintf(copy, sizeof copy, "%s", names);
    size_t count = 0;
    for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
        const nt_formatter *f = nt_format_find(tok);
        assert_non_null(f);
        assert_string_equal(f->name, tok);
        count++;
    }
    assert_int_equal(count, 8);
}

/* ---- json ---- */

#define SAMPLE_JSON                                                            \
    "{\"file\": \"a.txt\", \"entities\": [\n"                                  \
    "  {\"type\": \"PERSON\", \"text\": \"Sergey Lavrov\", \"start\": 17, "    \
    "\"end\": 30, \"source\": \"title_person\"},\n"                            \
    "  {\"type\": \"DATE\", \"text\": \"May 9, 2015\", \"start\": 40, "        \
    "\"end\": 51, \"source\": \"date_mdy\", \"value\": \"2015-05-09\"},\n"     \
    "  {\"type\": \"LOCATION\", \"text\": \"Moscow\", \"start\": 55, "         \
    "\"end\": 61, \"source\": \"gaz_location\"}\n"                             \
    "]}"

static void test_json_doc(void **state)
{
    (void)state;
    nt_doc d = sample_doc();
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_json, &d, 1, &o);
    ASSERT_OUT(&b, SAMPLE_JSON "\n");
    nt_buf_free(&b);
}

static void test_json_empty(void **state)
{
    (void)state;
    nt_doc d = plain_doc();
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_json, &d, 1, &o);
    ASSERT_OUT(&b, "{\"file\": \"b.txt\", \"entities\": []}\n");
    nt_buf_free(&b);
}

static void test_json_multi(void **state)
{
    (void)state;
    nt_doc d[2] = {sample_doc(), plain_doc()};
    nt_fmt_opts o = {.multi = 1};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_json, d, 2, &o);
    nt_buf w;
    nt_buf_init(&w);
    nt_buf_puts(&w, "[\n");
    nt_buf_puts(&w, SAMPLE_JSON);
    nt_buf_puts(&w, ",\n{\"file\": \"b.txt\", \"entities\": []}\n]\n");
    assert_out(&b, w.data, w.len);
    nt_buf_reset(&b);
    render(&b, &nt_format_json, d, 0, &o);
    ASSERT_OUT(&b, "[\n]\n");
    nt_buf_free(&w);
    nt_buf_free(&b);
}

/* Name and source go through the string escaping too. */
static void test_json_name_escaped(void **state)
{
    (void)state;
    nt_entity e = ent(0, 1, NT_ORGANIZATION, "q\"s", NULL);
    nt_doc d = mkdoc("dir/\"a\"\n.txt", "X", 1, &e, 1);
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_jsonl, &d, 1, &o);
    ASSERT_OUT(&b, "{\"file\":\"dir/\\\"a\\\"\\n.txt\",\"entities\":[{\"type\":"
                   "\"ORGANIZATION\",\"text\":\"X\",\"start\":0,\"end\":1,"
                   "\"source\":\"q\\\"s\"}]}\n");
    nt_buf_free(&b);
}

/* ---- jsonl ---- */

#define SAMPLE_JSONL                                                           \
    "{\"file\":\"a.txt\",\"entities\":["                                       \
    "{\"type\":\"PERSON\",\"text\":\"Sergey Lavrov\",\"start\":17,\"end\":30," \
    "\"source\":\"title_person\"},"                                            \
    "{\"type\":\"DATE\",\"text\":\"May 9, 2015\",\"start\":40,\"end\":51,"     \
    "\"source\":\"date_mdy\",\"value\":\"2015-05-09\"},"                       \
    "{\"type\":\"LOCATION\",\"text\":\"Moscow\",\"start\":55,\"end\":61,"      \
    "\"source\":\"gaz_location\"}]}\n"

static void test_jsonl(void **state)
{
    (void)state;
    nt_doc d[2] = {sample_doc(), plain_doc()};
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_jsonl, d, 1, &o);
    ASSERT_OUT(&b, SAMPLE_JSONL);
    nt_buf_reset(&b);
    o.multi = 1;
    render(&b, &nt_format_jsonl, d, 2, &o);
    ASSERT_OUT(&b, SAMPLE_JSONL "{\"file\":\"b.txt\",\"entities\":[]}\n");
    nt_buf_free(&b);
}

/* ---- nt_format_json_string ---- */

static void check_js(const char *in, size_t n, const char *want)
{
    nt_buf b;
    nt_buf_init(&b);
    nt_format_json_string(&b, in, n);
    assert_out(&b, want, strlen(want));
    nt_buf_free(&b);
}
#define JS(lit, want) check_js((lit), sizeof(lit) - 1, (want))

static void test_js_ascii(void **state)
{
    (void)state;
    JS("", "\"\"");
    JS("plain text / ~", "\"plain text / ~\"");
    JS("say \"hi\"", "\"say \\\"hi\\\"\"");
    JS("a\\b\\\\", "\"a\\\\b\\\\\\\\\"");
    JS("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
    JS("x\x7Fy", "\"x\\u007fy\"");
    JS("\0", "\"\\u0000\"");
    JS("a\x01\x1F\x1B", "\"a\\u0001\\u001f\\u001b\"");
}

/* Each control byte alone, against an expectation built another way. */
static void test_js_every_control(void **state)
{
    (void)state;
    static const char *const named[32] = {
        ['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n",
        ['\r'] = "\\r", ['\t'] = "\\t",
    };
    for (int c = 0; c < 32; c++) {
        char in = (char)c, want[16];
        if (named[c])
            snprintf(want, sizeof want, "\"%s\"", named[c]);
        else
            snprintf(want, sizeof want, "\"\\u%04x\"", c);
        check_js(&in, 1, want);
    }
}

static void test_js_utf8(void **state)
{
    (void)state;
    JS("M\xC3\xB8ller", "\"M\xC3\xB8ller\"");
    JS("\xE2\x80\x9CQuote\xE2\x80\x9D", "\"\xE2\x80\x9CQuote\xE2\x80\x9D\"");
    JS("\xE2\x80\xA8", "\"\\u2028\"");
    JS("a\xE2\x80\xA9z", "\"a\\u2029z\"");
    JS("\xE2\x80\xA7\xE2\x80\xAA", "\"\xE2\x80\xA7\xE2\x80\xAA\"");
    JS("\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\"");      /* U+1F600 */
    JS("\xF4\x8F\xBF\xBF", "\"\xF4\x8F\xBF\xBF\"");      /* U+10FFFF */
    JS("\xE0\xA0\x80\xED\x9F\xBF", "\"\xE0\xA0\x80\xED\x9F\xBF\""); /* U+0800, U+D7FF */
    JS("\xEE\x80\x80\xEF\xBF\xBD", "\"\xEE\x80\x80\xEF\xBF\xBD\""); /* U+E000, U+FFFD */
    JS("\xC2\x80\xDF\xBF", "\"\xC2\x80\xDF\xBF\"");      /* U+0080, U+07FF */
}

static void test_js_invalid(void **state)
{
    (void)state;
    JS("\x80", "\"\\ufffd\"");                       /* lone continuation */
    JS("a\xBF" "b", "\"a\\ufffdb\"");
    JS("\xC0\xAF", "\"\\ufffd\\ufffd\"");            /* overlong '/' */
    JS("\xC1\xBF", "\"\\ufffd\\ufffd\"");
    JS("\xE0\x80\xAF", "\"\\ufffd\\ufffd\\ufffd\""); /* overlong, 3 bytes */
    JS("\xF0\x80\x80\xAF", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    JS("\xE2\x82", "\"\\ufffd\\ufffd\"");            /* truncated at the end */
    JS("\xE2\x82x", "\"\\ufffd\\ufffdx\"");          /* truncated mid-text */
    JS("\xF0\x9F\x98", "\"\\ufffd\\ufffd\\ufffd\"");
    JS("\xED\xA0\x80", "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate U+D800 */
    JS("\xED\xBF\xBF", "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate U+DFFF */
    JS("\xF4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
    JS("\xF5", "\"\\ufffd\"");
    JS("\xF5\x80\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    JS("\xFE\xFF", "\"\\ufffd\\ufffd\"");
    JS("\xC3", "\"\\ufffd\"");
    JS("\xC3\xC3\xB8", "\"\\ufffd\xC3\xB8\"");       /* recovers at once */
    JS("\x80\xE2\x80\xA8", "\"\\ufffd\\u2028\"");
}

/* What nt_format_json_string makes of one special piece (the windows of 16
 * bytes must leave each to the same path as a byte at a time does). */
static const struct {
    const char *in, *out;
} js_pieces[] = {
    {"\"", "\\\""},   {"\\", "\\\\"},     {"\n", "\\n"},
    {"\x7F", "\\u007f"}, {"\x80", "\\ufffd"}, {"\xC3\xA9", "\xC3\xA9"},
    {"\xE2\x80\xA8", "\\u2028"}, {"\xE2\x82", "\\ufffd\\ufffd"},
};

/* Long strings, past one window: a piece at every place of 40 plain bytes
 * (and past their end). */
static void test_js_windows(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof js_pieces / sizeof *js_pieces; k++)
        for (size_t at = 0; at <= 40; at++) {
            char in[64], want[128];
            size_t pn = strlen(js_pieces[k].in);
            memset(in, 'a', sizeof in);
            memcpy(in + at, js_pieces[k].in, pn);
            snprintf(want, sizeof want, "\"%.*s%s%.*s\"", (int)at, in,
                     js_pieces[k].out, (int)(40 - at), in + at + pn);
            check_js(in, 40 + pn, want);
        }
}

/* An entity's text is read from the document, which may go on past it:
 * its windows read on, but take only its own bytes. Every span of a text
 * with a quote and a character beyond ASCII in it gives the text that
 * nt_format_json_string gives for the span alone. */
static void test_json_entity_spans(void **state)
{
    (void)state;
    static const char text[] = "Plain words \"quoted\" then caf\xC3\xA9 and more "
                               "words to go past a window or two.";
    nt_fmt_opts o = {0};
    nt_buf b, want;
    nt_buf_init(&b);
    nt_buf_init(&want);
    for (size_t s = 0; s + 1 < sizeof text; s += 3)
        for (size_t e = s + 1; e < sizeof text; e += 5) {
            nt_entity en = ent(s, e, NT_PERSON, "r", NULL);
            nt_doc d = mkdoc("t", text, sizeof text - 1, &en, 1);
            nt_buf_reset(&b);
            nt_buf_reset(&want);
            render(&b, &nt_format_jsonl, &d, 1, &o);
            nt_buf_puts(&want, "{\"file\":\"t\",\"entities\":[{\"type\":\"PERSON\",\"text\":");
            nt_format_json_string(&want, text + s, e - s);
            nt_buf_printf(&want, ",\"start\":%zu,\"end\":%zu,\"source\":\"r\"}]}\n", s, e);
            assert_out(&b, nt_buf_cstr(&want), want.len);
        }
    nt_buf_free(&b);
    nt_buf_free(&want);
}

/* Source names of every length around the copy's limit and a window's
 * reach, with bytes to escape at their ends: as nt_format_json_string
 * writes them. */
static void test_json_source_names(void **state)
{
    (void)state;
    static const char text[] = "Paris";
    char name[80];
    nt_fmt_opts o = {0};
    nt_buf b, want;
    nt_buf_init(&b);
    nt_buf_init(&want);
    for (size_t n = 0; n < sizeof name; n++) {
        for (size_t i = 0; i < n; i++)
            name[i] = (char)('a' + i % 26);
        if (n)
            name[n - 1] = n % 3 == 0 ? '"' : n % 3 == 1 ? '\\' : '\x01';
        name[n] = '\0';
        nt_entity en = ent(0, 5, NT_LOCATION, name, NULL);
        nt_doc d = mkdoc("t", text, sizeof text - 1, &en, 1);
        nt_buf_reset(&b);
        nt_buf_reset(&want);
        render(&b, &nt_format_jsonl, &d, 1, &o);
        nt_buf_puts(&want, "{\"file\":\"t\",\"entities\":[{\"type\":\"LOCATION\","
                           "\"text\":\"Paris\",\"start\":0,\"end\":5,\"source\":");
        nt_format_json_string(&want, name, n);
        nt_buf_puts(&want, "}]}\n");
        assert_out(&b, nt_buf_cstr(&want), want.len);
    }
    nt_buf_free(&b);
    nt_buf_free(&want);
}

/* ---- tsv ---- */

#define TSV_LINES                                                                \
    "a.txt\t17\t30\tPERSON\tSergey Lavrov\t\n"                                 \
    "a.txt\t40\t51\tDATE\tMay 9, 2015\t2015-05-09\n"                           \
    "a.txt\t55\t61\tLOCATION\tMoscow\t\n"

static void test_tsv(void **state)
{
    (void)state;
    nt_doc d[2] = {sample_doc(), plain_doc()};
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_tsv, d, 2, &o);
    ASSERT_OUT(&b, TSV_LINES);
    nt_buf_reset(&b);
    o.header = 1;
    o.multi = 1;
    render(&b, &nt_format_tsv, d, 2, &o);
    ASSERT_OUT(&b, "file\tstart\tend\ttype\ttext\tvalue\n" TSV_LINES);
    nt_buf_reset(&b);
    render(&b, &nt_format_tsv, d + 1, 1, &o);
    ASSERT_OUT(&b, "file\tstart\tend\ttype\ttext\tvalue\n");
    nt_buf_free(&b);
}

static void test_tsv_escaping(void **state)
{
    (void)state;
    static const char text[] = "x\tA\\B\nC\rD y";
    nt_entity e = ent(2, 9, NT_ORGANIZATION, "r", NULL);
    nt_doc d = mkdoc("my\tdir\\n\n.txt", text, sizeof text - 1, &e, 1);
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_tsv, &d, 1, &o);
    ASSERT_OUT(&b, "my\\tdir\\\\n\\n.txt\t2\t9\tORGANIZATION\t"
                   "A\\\\B\\nC\\rD\t\n");
    nt_buf_reset(&b);
    /* Other bytes, invalid UTF-8 and NUL included, are copied raw. */
    static const char raw[] = "\x80\xC3\xB8\0\x01\x7F\"[]";
    nt_format_tsv_field(&b, raw, sizeof raw - 1);
    ASSERT_OUT(&b, "\x80\xC3\xB8\0\x01\x7F\"[]");
    nt_buf_reset(&b);
    nt_format_tsv_field(&b, "\\\\\t\t", 4);
    ASSERT_OUT(&b, "\\\\\\\\\\t\\t");
    nt_buf_free(&b);
}

/* The fields copied in whole windows: texts longer than a window with
 * escapes at its edges, a span that ends the document (fewer than 16 bytes
 * readable), values with escapes and of the longest length, a file name
 * longer than the stack copy, a custom type name. */
static void test_tsv_windows(void **state)
{
    (void)state;
    static const char text[] = "0123456789abcde\\ghijklmnopqrst\tuvwxyz\n"
                               "0123456789ABCDEF\\\r tail";
    size_t len = sizeof text - 1;
    nt_type custom;
    assert_int_equal(nt_type_intern("ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", 31, &custom,
                                     NULL), 0);
    nt_entity e[5] = {ent(0, 33, NT_PERSON, "r", NULL),
                      ent(15, 16, NT_DATE, "r", "a\tb\n"),
                      ent(16, 49, custom, "r", "0123456789012345678901234567890"),
                      ent(49, len, NT_LOCATION, "r", "1234567890123456\\"),
                      ent(len - 2, len, NT_ORGANIZATION, "r", NULL)};
    char name[600];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    name[300] = '\t';
    const char *names[] = {"f.txt", "a-long-directory-name/another-one/file.txt", name};
    for (size_t k = 0; k < 3; k++) {
        nt_doc d = mkdoc(names[k], text, len, e, 5);
        nt_fmt_opts o = {0};
        nt_buf b, want, field;
        nt_buf_init(&b);
        nt_buf_init(&want);
        nt_buf_init(&field);
        render(&b, &nt_format_tsv, &d, 1, &o);
        nt_format_tsv_field(&field, names[k], strlen(names[k]));
        for (size_t i = 0; i < 5; i++) {
            nt_buf_put(&want, field.data, field.len);
            nt_buf_printf(&want, "\t%zu\t%zu\t%s\t", e[i].start, e[i].end,
                          nt_type_name(e[i].type));
            nt_format_tsv_field(&want, text + e[i].start, e[i].end - e[i].start);
            nt_buf_putc(&want, '\t');
            nt_format_tsv_field(&want, e[i].value, strlen(e[i].value));
            nt_buf_putc(&want, '\n');
        }
        assert_int_equal(b.len, want.len);
        assert_memory_equal(b.data, want.data, b.len);
        nt_buf_free(&b);
        nt_buf_free(&want);
        nt_buf_free(&field);
    }
}

/* Entity texts of up to a window and a little more, with each byte value
 * at each place, 16 bytes readable after their start or fewer: the text
 * field as nt_format_tsv_field escapes it. The bytes 0-13 other than tab,
 * newline and return are copied raw, though the window's test for escapes
 * takes them all for a closer look. */
static void test_tsv_short_texts(void **state)
{
    (void)state;
    char text[40];
    nt_fmt_opts o = {0};
    nt_buf b, want;
    nt_buf_init(&b);
    nt_buf_init(&want);
    for (unsigned c = 1; c < 256; c++)
        for (size_t n = 1; n <= 17; n++)
            for (size_t at = 0; at < n; at++)
                for (size_t len = n; len <= sizeof text; len += sizeof text - n) {
                    memset(text, 'x', sizeof text);
                    text[at] = (char)c;
                    nt_entity e = ent(0, n, NT_PERSON, "r", NULL);
                    nt_doc d = mkdoc("f", text, len, &e, 1);
                    nt_buf_reset(&b);
                    render(&b, &nt_format_tsv, &d, 1, &o);
                    nt_buf_reset(&want);
                    nt_buf_printf(&want, "f\t0\t%zu\tPERSON\t", n);
                    nt_format_tsv_field(&want, text, n);
                    nt_buf_puts(&want, "\t\n");
                    assert_int_equal(b.len, want.len);
                    assert_memory_equal(b.data, want.data, b.len);
                }
    nt_buf_free(&b);
    nt_buf_free(&want);
}

/* With --offsets chars the tsv offsets are converted; bytes print as
 * they are, with or without a converter. */
static void test_tsv_offsets(void **state)
{
    (void)state;
    static const char text[] = "Zo\xC3\xAB met Ana";
    nt_entity e = ent(9, 12, NT_PERSON, "r", NULL);
    nt_doc d = mkdoc("u.txt", text, sizeof text - 1, &e, 1);
    nt_offconv conv;
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    assert_true(nt_format_offsets_are_bytes(NULL));
    assert_true(nt_format_offsets_are_bytes(&o));
    nt_offconv_reset(&conv, NT_OFF_BYTES, d.text, d.len);
    o.conv = &conv;
    assert_true(nt_format_offsets_are_bytes(&o));
    render(&b, &nt_format_tsv, &d, 1, &o);
    ASSERT_OUT(&b, "u.txt\t9\t12\tPERSON\tAna\t\n");
    nt_buf_reset(&b);
    nt_offconv_reset(&conv, NT_OFF_CHARS, d.text, d.len);
    assert_false(nt_format_offsets_are_bytes(&o));
    render(&b, &nt_format_tsv, &d, 1, &o);
    ASSERT_OUT(&b, "u.txt\t8\t11\tPERSON\tAna\t\n");
    nt_buf_free(&b);
}

/* ---- text ---- */

static void test_text(void **state)
{
    (void)state;
    nt_doc d = sample_doc();
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_text, &d, 1, &o);
    ASSERT_OUT(&b, "Foreign Minister [Sergey Lavrov]{PERSON} spoke on "
                   "[May 9, 2015]{DATE 2015-05-09} in [Moscow]{LOCATION}.\n");
    nt_buf_reset(&b);
    d = plain_doc(); /* no newline appended outside multi mode */
    render(&b, &nt_format_text, &d, 1, &o);
    ASSERT_OUT(&b, "No news.");
    nt_buf_free(&b);
}

static void test_text_multi(void **state)
{
    (void)state;
    nt_doc d[3] = {sample_doc(), plain_doc(), mkdoc("c.txt", "", 0, NULL, 0)};
    nt_fmt_opts o = {.multi = 1};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_text, d, 3, &o);
    ASSERT_OUT(&b, "==> a.txt <==\n"
                   "Foreign Minister [Sergey Lavrov]{PERSON} spoke on "
                   "[May 9, 2015]{DATE 2015-05-09} in [Moscow]{LOCATION}.\n"
                   "\n==> b.txt <==\nNo news.\n"
                   "\n==> c.txt <==\n");
    nt_buf_free(&b);
}

static void test_text_escaping(void **state)
{
    (void)state;
    static const char text[] = "x[1]\\y Ann]B[\\ z]";
    nt_entity e[2] = {ent(7, 14, NT_PERSON, "r", NULL),
                      ent(15, 16, NT_DATE, "d", "2015")};
    nt_doc d = mkdoc("a", text, sizeof text - 1, e, 2);
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_text, &d, 1, &o);
    ASSERT_OUT(&b, "x\\[1\\]\\\\y [Ann\\]B\\[\\\\]{PERSON} [z]{DATE 2015}\\]");
    nt_buf_free(&b);
}

/* Long runs, past the 16-byte windows that look for bytes to escape: each
 * of '\\', '[' and ']' at every place of 40 plain bytes, and two together. */
static void test_text_escaping_windows(void **state)
{
    (void)state;
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    for (const char *c = "\\[]"; *c; c++)
        for (size_t at = 0; at < 40; at++) {
            char text[41], want[48];
            memset(text, 'a', 40);
            text[40] = '\0';
            text[at] = *c;
            text[(at + 17) % 40] = *c;
            size_t w = 0;
            for (size_t i = 0; i < 40; i++) {
                if (text[i] != 'a')
                    want[w++] = '\\';
                want[w++] = text[i];
            }
            nt_doc d = mkdoc("a", text, 40, NULL, 0);
            nt_buf_reset(&b);
            render(&b, &nt_format_text, &d, 1, &o);
            assert_out(&b, want, w);
        }
    nt_buf_free(&b);
}

/* Adjacent entities at both ends of the text; a span that overlaps the one
 * before or runs past the text is left unmarked, not garbled. */
static void test_text_edges(void **state)
{
    (void)state;
    nt_entity e[4] = {ent(0, 1, NT_PERSON, "r", NULL),
                      ent(0, 2, NT_DATE, "r", NULL),
                      ent(1, 2, NT_LOCATION, "r", NULL),
                      ent(2, 9, NT_DATE, "r", NULL)};
    nt_doc d = mkdoc("a", "AB", 2, e, 4);
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_text, &d, 1, &o);
    ASSERT_OUT(&b, "[A]{PERSON}[B]{LOCATION}");
    nt_buf_free(&b);
}

/* ---- a strict JSON validator that also decodes the strings it meets ---- */

#define JV_MAXSTR 1024

typedef struct {
    const unsigned char *p, *end;
    nt_buf dec;                       /* decoded strings, back to back */
    size_t off[JV_MAXSTR], len[JV_MAXSTR], n;
} jv;

static int jv_value(jv *v);

/* Decodes one UTF-8 sequence, written independently of format_json.c:
 * decode first, then reject overlongs, surrogates and values past U+10FFFF. */
static size_t test_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2
               : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!len || n < len)
        return 0;
    uint32_t v = len == 1 ? s[0] : s[0] & (0xFFu >> (len + 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

static void put_utf8(nt_buf *b, uint32_t cp)
{
    char u[4];
    if (cp < 0x80) {
        nt_buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F));
        nt_buf_put(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        nt_buf_put(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F));
        nt_buf_put(b, u, 4);
    }
}

static void jv_ws(jv *v)
{
    while (v->p < v->end && *v->p && strchr(" \t\n\r", *v->p))
        v->p++;
}

static int jv_lit(jv *v, const char *s)
{
    size_t n = strlen(s);
    if ((size_t)(v->end - v->p) < n || memcmp(v->p, s, n) != 0)
        return 0;
    v->p += n;
    return 1;
}

static int jv_hex4(jv *v, uint32_t *u)
{
    *u = 0;
    for (int i = 0; i < 4; i++, v->p++) {
        if (v->p >= v->end)
            return 0;
        int c = *v->p, d = c >= '0' && c <= '9'   ? c - '0'
                         : c >= 'a' && c <= 'f' ? c - 'a' + 10
                         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return 0;
        *u = *u << 4 | (uint32_t)d;
    }
    return 1;
}

/* After a backslash: one escape, appended decoded. Lone surrogates fail. */
static int jv_escape(jv *v)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    if (v->p >= v->end)
        return 0;
    const char *k = *v->p ? strchr(from, *v->p) : NULL;
    if (k) {
        nt_buf_putc(&v->dec, to[k - from]);
        v->p++;
        return 1;
    }
    uint32_t u, lo;
    if (*v->p++ != 'u' || !jv_hex4(v, &u) || (u >= 0xDC00 && u <= 0xDFFF))
        return 0;
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (!jv_lit(v, "\\u") || !jv_hex4(v, &lo) || lo < 0xDC00 || lo > 0xDFFF)
            return 0;
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
    }
    put_utf8(&v->dec, u);
    return 1;
}

/* A string: no raw control byte or DEL, only valid UTF-8, no raw U+2028 or
 * U+2029 (stricter than JSON, as our format promises). */
static int jv_string(jv *v)
{
    size_t start = v->dec.len;
    if (!jv_lit(v, "\""))
        return 0;
    for (;;) {
        uint32_t cp;
        size_t n;
        if (v->p >= v->end || *v->p < 0x20 || *v->p == 0x7F)
            return 0;
        if (*v->p == '"')
            break;
        if (*v->p == '\\') {
            v->p++;
            if (!jv_escape(v))
                return 0;
            continue;
        }
        n = test_utf8(v->p, (size_t)(v->end - v->p), &cp);
        if (!n || cp == 0x2028 || cp == 0x2029)
            return 0;
        nt_buf_put(&v->dec, v->p, n);
        v->p += n;
    }
    v->p++;
    if (v->n < JV_MAXSTR) {
        v->off[v->n] = start;
        v->len[v->n++] = v->dec.len - start;
    }
    return 1;
}

static int jv_digits(jv *v)
{
    const unsigned char *s = v->p;
    while (v->p < v->end && *v->p >= '0' && *v->p <= '9')
        v->p++;
    return v->p > s;
}

static int jv_number(jv *v)
{
    jv_lit(v, "-");
    if (!jv_lit(v, "0") && !(v->p < v->end && *v->p != '0' && jv_digits(v)))
        return 0;
    if (jv_lit(v, ".") && !jv_digits(v))
        return 0;
    if (v->p < v->end && (*v->p == 'e' || *v->p == 'E')) {
        v->p++;
        if (!jv_lit(v, "+"))
            jv_lit(v, "-");
        return jv_digits(v);
    }
    return 1;
}

/* An array (close ']') or object (close '}') after its opening bracket. */
static int jv_members(jv *v, int object)
{
    jv_ws(v);
    if (jv_lit(v, object ? "}" : "]"))
        return 1;
    do {
        jv_ws(v);
        if (object && (!jv_string(v) || (jv_ws(v), !jv_lit(v, ":"))))
            return 0;
        if (!jv_value(v))
            return 0;
        jv_ws(v);
    } while (jv_lit(v, ","));
    return jv_lit(v, object ? "}" : "]");
}

static int jv_value(jv *v)
{
    jv_ws(v);
    if (v->p >= v->end)
        return 0;
    switch (*v->p) {
    case '{': v->p++; return jv_members(v, 1);
    case '[': v->p++; return jv_members(v, 0);
    case '"': return jv_string(v);
    case 't': return jv_lit(v, "true");
    case 'f': return jv_lit(v, "false");
    case 'n': return jv_lit(v, "null");
    default: return jv_number(v);
    }
}

/* Whether s[0..n) is exactly one JSON value; v keeps the decoded strings
 * (freed by jv_free). */
static int jv_parse(jv *v, const char *s, size_t n)
{
    v->p = (const unsigned char *)s;
    v->end = v->p + n;
    v->n = 0;
    nt_buf_init(&v->dec);
    if (!jv_value(v))
        return 0;
    jv_ws(v);
    return v->p == v->end;
}

static void jv_free(jv *v)
{
    nt_buf_free(&v->dec);
}

static int json_valid(const char *s, size_t n)
{
    jv v;
    int ok = jv_parse(&v, s, n);
    jv_free(&v);
    return ok;
}

/* The validator itself must reject what it is there to catch. */
/* ---- xml, brat, html, conll ---- */

static void test_xml(void **state)
{
    (void)state;
    nt_doc d = sample_doc();
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_xml, &d, 1, &o);
    ASSERT_OUT(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<DOC file=\"a.txt\">Foreign Minister <ENAMEX TYPE=\"PERSON\">"
                   "Sergey Lavrov</ENAMEX> spoke on <TIMEX3 tid=\"t1\" type=\"DATE\" "
                   "value=\"2015-05-09\">May 9, 2015</TIMEX3> in <ENAMEX "
                   "TYPE=\"LOCATION\">Moscow</ENAMEX>.\n</DOC>\n");
    /* Markup, controls and invalid UTF-8 never break the document. */
    static const char bad[] = "a<b>&\x01\xff]]>\xef\xbf\xbe z";
    nt_entity e = ent(0, 1, NT_ORGANIZATION, "x", NULL);
    nt_doc h = mkdoc("<&\">", bad, sizeof bad - 1, &e, 1);
    nt_buf_reset(&b);
    render(&b, &nt_format_xml, &h, 1, &o);
    ASSERT_OUT(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<DOC file=\"&lt;&amp;&quot;&gt;\"><ENAMEX TYPE=\"ORGANIZATION\">a"
                   "</ENAMEX>&lt;b&gt;&amp;\xef\xbf\xbd\xef\xbf\xbd]]&gt;\xef\xbf\xbd z"
                   "</DOC>\n");
    nt_buf_free(&b);
}

static void test_brat(void **state)
{
    (void)state;
    static const char text[] = "Caf\xc3\xa9 Angela\nMerkel in Paris";
    nt_entity e[2] = {ent(6, 19, NT_PERSON, "x", NULL),
                      ent(23, 28, NT_DATE, "x", "2015")};
    nt_doc d = mkdoc("a.txt", text, sizeof text - 1, e, 2);
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_brat, &d, 1, &o);
    ASSERT_OUT(&b, "T1\tPERSON 5 11;12 18\tAngela Merkel\n"
                   "T2\tDATE 22 27\tParis\n"
                   "#1\tAnnotatorNotes T2\t2015\n");
    nt_buf_free(&b);
}

static void test_html(void **state)
{
    (void)state;
    static const char text[] = "<b>Paris</b> & \"Rome\" \x01 Paris";
    nt_entity e[3] = {ent(3, 8, NT_LOCATION, "x", NULL),
                      ent(15, 21, NT_LOCATION, "x", NULL),
                      ent(24, 29, NT_LOCATION, "x", NULL)};
    nt_doc d = mkdoc("<a>.html", text, sizeof text - 1, e, 3);
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_html, &d, 1, &o);
    const char *page = nt_buf_cstr(&b);
    assert_non_null(strstr(page, "<h1>&lt;a&gt;.html</h1>"));
    assert_non_null(strstr(page, "&lt;b&gt;<mark class=\"ent t2\" data-type=\"LOCATION\" "
                                 "title=\"LOCATION\">Paris</mark>&lt;/b&gt; &amp; "
                                 "<mark class=\"ent t2\" data-type=\"LOCATION\" "
                                 "title=\"LOCATION\">&quot;Rome&quot;</mark> \xef\xbf\xbd "));
    /* Paris twice, "Rome" once: most mentioned first. */
    const char *paris = strstr(page, "Paris</mark></td><td>LOCATION</td><td class=\"n\">2<");
    const char *rome = strstr(page, "&quot;Rome&quot;</mark></td><td>LOCATION</td><td class=\"n\">1<");
    assert_non_null(paris);
    assert_non_null(rome);
    assert_true(paris < rome);
    /* the legend counts each type, the built-in ones even when none */
    assert_non_null(strstr(page, "<li><mark class=\"t2\">LOCATION</mark> 3</li>\n"));
    assert_non_null(strstr(page, "<li><mark class=\"t1\">PERSON</mark> 0</li>\n"));
    assert_non_null(strstr(page, "</html>\n"));
    /* a date's value on hover and as data */
    nt_entity date = ent(0, 3, NT_DATE, "x", "2015-05");
    d = mkdoc("d", "May", 3, &date, 1);
    nt_buf_reset(&b);
    render(&b, &nt_format_html, &d, 1, &o);
    assert_non_null(strstr(nt_buf_cstr(&b),
                           "<mark class=\"ent t4\" data-type=\"DATE\" title=\"DATE 2015-05\" "
                           "data-value=\"2015-05\">May</mark>"));
    nt_buf_free(&b);
}

static void test_conll(void **state)
{
    (void)state;
    static const char text[] = "Sergey Lavrov met NATO. Then left.";
    nt_token t[] = {{0, 6, NT_SHAPE_CAP, NT_TOK_SENT_START}, {7, 13, NT_SHAPE_CAP, 0},
                    {14, 17, NT_SHAPE_LOWER, 0}, {18, 22, NT_SHAPE_UPPER, 0},
                    {22, 23, NT_SHAPE_PUNCT, 0}, {24, 28, NT_SHAPE_CAP, NT_TOK_SENT_START},
                    {29, 33, NT_SHAPE_LOWER, 0}, {33, 34, NT_SHAPE_PUNCT, 0}};
    nt_entity e[2] = {ent(0, 13, NT_PERSON, "x", NULL),
                      ent(18, 22, NT_ORGANIZATION, "x", NULL)};
    nt_doc d = mkdoc("a.txt", text, sizeof text - 1, e, 2);
    d.toks.v = t;
    d.toks.n = d.toks.cap = sizeof t / sizeof *t;
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_conll, &d, 1, &o);
    ASSERT_OUT(&b, "Sergey B-PER\nLavrov I-PER\nmet O\nNATO B-ORG\n. O\n\n"
                   "Then O\nleft O\n. O\n");
    nt_buf_free(&b);
}

static void test_validator(void **state)
{
    (void)state;
#define OK(lit) assert_true(json_valid((lit), sizeof(lit) - 1))
#define BAD(lit) assert_false(json_valid((lit), sizeof(lit) - 1))
    OK("{\"a\": [1, -2.5e+3, \"x\\u00e9\\ud83d\\ude00\"], \"b\": [], "
       "\"c\": {}, \"d\": true}");
    OK("\"M\xC3\xB8ller \xE2\x80\x9C\"");
    OK(" [ null , false ] \n");
    BAD("\"a\x01\"");
    BAD("\"a\n\"");
    BAD("\"\x7F\"");
    BAD("\"\x80\"");
    BAD("\"\xC0\xAF\"");
    BAD("\"\xED\xA0\x80\"");
    BAD("\"\xE2\x82\"");
    BAD("\"\xF5\x80\x80\x80\"");
    BAD("\"\xE2\x80\xA8\"");
    BAD("\"\\q\"");
    BAD("\"\\u12\"");
    BAD("\"\\ud800\"");
    BAD("\"abc");
    BAD("{\"a\" 1}");
    BAD("[1,]");
    BAD("[01]");
    BAD("{} {}");
    BAD("");
#undef OK
#undef BAD
}

/* ---- round trips over every byte value and random texts ---- */

/* What a JSON string of s[0..n) must decode to: the bytes, with each byte
 * that is not part of a valid UTF-8 sequence replaced by U+FFFD. */
static void expect_decoded(nt_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = test_utf8(u + i, n - i, &cp);
        if (len)
            nt_buf_put(b, u + i, len);
        else
            nt_buf_puts(b, "\xEF\xBF\xBD");
        i += len ? len : 1;
    }
}

/* Checks that json_text parses, and that the strings following each "text"
 * key decode to the document's entity texts. */
static void check_json_texts(const char *json_text, size_t n, const nt_doc *d)
{
    jv v;
    nt_buf want;
    nt_buf_init(&want);
    assert_true(jv_parse(&v, json_text, n));
    size_t k = 0;
    for (size_t i = 0; i + 1 < v.n; i++) {
        const char *s = v.dec.data + v.off[i];
        if (v.len[i] != 4 || memcmp(s, "text", 4) != 0)
            continue;
        assert_true(k < d->ents.n);
        const nt_entity *e = &d->ents.v[k++];
        nt_buf_reset(&want);
        expect_decoded(&want, d->text + e->start, e->end - e->start);
        assert_int_equal(v.len[i + 1], want.len);
        assert_memory_equal(v.dec.data + v.off[i + 1], nt_buf_cstr(&want),
                            want.len);
        i++;
    }
    assert_int_equal(k, d->ents.n);
    jv_free(&v);
    nt_buf_free(&want);
}

/* Renders d in json (alone and in a multi stream) and jsonl, and validates
 * each; a jsonl line holds no newline but its last byte. */
static void check_json_formats(const nt_doc *d)
{
    nt_fmt_opts single = {0}, multi = {.multi = 1};
    nt_doc two[2] = {*d, *d};
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_json, d, 1, &single);
    check_json_texts(b.data, b.len, d);
    nt_buf_reset(&b);
    render(&b, &nt_format_json, two, 2, &multi);
    assert_true(json_valid(b.data, b.len));
    nt_buf_reset(&b);
    render(&b, &nt_format_jsonl, d, 1, &single);
    assert_true(b.len > 0 && b.data[b.len - 1] == '\n');
    assert_null(memchr(b.data, '\n', b.len - 1));
    check_json_texts(b.data, b.len - 1, d);
    nt_buf_free(&b);
}

static void test_json_every_byte(void **state)
{
    (void)state;
    char text[256];
    for (int i = 0; i < 256; i++)
        text[i] = (char)i;
    nt_entity e[5] = {ent(0, 32, NT_PERSON, "r", NULL),
                      ent(32, 127, NT_LOCATION, "r", NULL),
                      ent(127, 128, NT_ORGANIZATION, "r", NULL),
                      ent(128, 200, NT_ORGANIZATION, "r\x80\x01", NULL),
                      ent(200, 256, NT_DATE, "r", "2015-05-09")};
    nt_doc d = mkdoc("bad\x01name\xFF.txt", text, sizeof text, e, 5);
    check_json_formats(&d);
    /* The high half decodes to U+FFFD per byte, seen directly. */
    nt_buf b;
    nt_buf_init(&b);
    render(&b, &nt_format_jsonl, &d, 1, &(nt_fmt_opts){0});
    jv v;
    assert_true(jv_parse(&v, b.data, b.len - 1));
    size_t fffd = 0;
    for (const char *p = v.dec.data; p && p + 3 <= v.dec.data + v.dec.len; p++)
        fffd += memcmp(p, "\xEF\xBF\xBD", 3) == 0;
    assert_int_equal(fffd, 128 + 2); /* text, plus one each in name, source */
    jv_free(&v);
    nt_buf_free(&b);
}

static uint32_t rng = 12345;

static uint32_t rnd(uint32_t n)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) % n;
}

/* Random bytes weighted towards what needs escaping: brackets, quotes,
 * controls, high bytes, valid multi-byte sequences, U+2028. */
static size_t random_text(char *t, size_t cap)
{
    static const char *const seqs[] = {"\xC3\xB8", "\xE2\x80\x9C",
                                       "\xE2\x80\xA8", "\xF0\x9F\x98\x80",
                                       "\xEF\xBF\xBD", "[", "]", "\\", "\"",
                                       "\t", "\n", "\r"};
    size_t n = 0, want = rnd((uint32_t)cap - 4);
    while (n < want) {
        uint32_t k = rnd(8);
        if (k < 4) {
            t[n++] = (char)(0x20 + rnd(0x5F));
        } else if (k == 4) {
            t[n++] = (char)rnd(0x20);
        } else if (k == 5) {
            t[n++] = (char)(0x80 + rnd(0x80));
        } else {
            const char *s = seqs[rnd(sizeof seqs / sizeof *seqs)];
            memcpy(t + n, s, strlen(s));
            n += strlen(s);
        }
    }
    return n;
}

/* Sorted, non-overlapping entities at random places of a text of len. */
static size_t random_ents(nt_entity *e, size_t cap, size_t len)
{
    size_t n = 0, pos = 0;
    while (n < cap && pos < len) {
        size_t start = pos + rnd(8), end = start + 1 + rnd(12);
        if (end > len)
            break;
        e[n++] = ent(start, end, (nt_type)(1 + rnd(4)), "rule",
                     rnd(2) ? "2015-05-09" : NULL);
        pos = end;
    }
    return n;
}

/* Strips the text format's markup and escapes, checking that the brackets
 * fall exactly on the entity spans and that the document comes back. */
static void check_text_roundtrip(const nt_doc *d, const char *s, size_t n)
{
    nt_buf orig;
    nt_buf_init(&orig);
    size_t k = 0, start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\') {
            assert_true(i + 1 < n && strchr("\\[]", s[i + 1]) && s[i + 1]);
            nt_buf_putc(&orig, s[++i]);
        } else if (s[i] == '[') {
            start = orig.len;
        } else if (s[i] == ']') {
            assert_true(k < d->ents.n);
            assert_int_equal(start, d->ents.v[k].start);
            assert_int_equal(orig.len, d->ents.v[k].end);
            k++;
            const char *close = memchr(s + i, '}', n - i);
            assert_non_null(close);
            i = (size_t)(close - s);
        } else {
            nt_buf_putc(&orig, s[i]);
        }
    }
    assert_int_equal(k, d->ents.n);
    assert_int_equal(orig.len, d->len);
    assert_memory_equal(nt_buf_cstr(&orig), d->text, d->len);
    nt_buf_free(&orig);
}

/* Undoes nt_format_tsv_field on s[0..n) into out. */
static void tsv_unescape(nt_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\') {
            assert_true(i + 1 < n);
            c = s[++i];
            c = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
            assert_true(strchr("\t\n\r\\", c) && c);
        }
        nt_buf_putc(out, c);
    }
}

/* Splits TSV output into lines of exactly six tab-separated fields and
 * checks that each text field unescapes to its entity's bytes. */
static void check_tsv_roundtrip(const nt_doc *d, const char *s, size_t n)
{
    nt_buf field;
    nt_buf_init(&field);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        const char *line = s + i, *nl = memchr(line, '\n', n - i), *tab[5];
        assert_non_null(nl);
        size_t ntabs = 0;
        for (const char *p = line; p < nl; p++)
            if (*p == '\t' && ntabs++ < 5)
                tab[ntabs - 1] = p;
        assert_int_equal(ntabs, 5);
        assert_true(k < d->ents.n);
        const nt_entity *e = &d->ents.v[k++];
        nt_buf_reset(&field);
        tsv_unescape(&field, tab[3] + 1, (size_t)(tab[4] - tab[3] - 1));
        assert_int_equal(field.len, e->end - e->start);
        assert_memory_equal(nt_buf_cstr(&field), d->text + e->start, field.len);
        i = (size_t)(nl - s) + 1;
    }
    assert_int_equal(k, d->ents.n);
    nt_buf_free(&field);
}

static void test_random_roundtrip(void **state)
{
    (void)state;
    char text[300];
    nt_entity e[64];
    nt_fmt_opts o = {0};
    nt_buf b;
    nt_buf_init(&b);
    for (int iter = 0; iter < 2000; iter++) {
        size_t len = random_text(text, sizeof text);
        size_t n = random_ents(e, 64, len);
        nt_doc d = mkdoc("r.txt", text, len, e, n);
        check_json_formats(&d);
        nt_buf_reset(&b);
        render(&b, &nt_format_text, &d, 1, &o);
        check_text_roundtrip(&d, nt_buf_cstr(&b), b.len);
        nt_buf_reset(&b);
        render(&b, &nt_format_tsv, &d, 1, &o);
        check_tsv_roundtrip(&d, nt_buf_cstr(&b), b.len);
    }
    nt_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_json_doc),
        cmocka_unit_test(test_json_empty),
        cmocka_unit_test(test_json_multi),
        cmocka_unit_test(test_json_name_escaped),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_js_ascii),
        cmocka_unit_test(test_js_every_control),
        cmocka_unit_test(test_js_utf8),
        cmocka_unit_test(test_js_windows),
        cmocka_unit_test(test_json_entity_spans),
        cmocka_unit_test(test_json_source_names),
        cmocka_unit_test(test_js_invalid),
        cmocka_unit_test(test_tsv),
        cmocka_unit_test(test_tsv_escaping),
        cmocka_unit_test(test_tsv_windows),
        cmocka_unit_test(test_tsv_short_texts),
        cmocka_unit_test(test_tsv_offsets),
        cmocka_unit_test(test_spill),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_text_multi),
        cmocka_unit_test(test_text_escaping),
        cmocka_unit_test(test_text_escaping_windows),
        cmocka_unit_test(test_text_edges),
        cmocka_unit_test(test_xml),
        cmocka_unit_test(test_brat),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_conll),
        cmocka_unit_test(test_validator),
        cmocka_unit_test(test_json_every_byte),
        cmocka_unit_test(test_random_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
