/* test_markup.c - article text out of HTML pages and XML documents: what is
 * kept and skipped, paragraph breaks, decoded references, the page's date,
 * the source map, and hostile XML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "markup.h"
#include "reader.h"

typedef struct {
    nt_buf text;
    nt_srcinfo si;
    char date[11];
    nt_error err;
    int rc;
} result;

static void html(result *r, const char *page)
{
    memset(r, 0, sizeof *r);
    nt_buf_init(&r->text);
    r->rc = nt_html_extract(page, strlen(page), &r->text, &r->si, r->date, &r->err);
    nt_buf_cstr(&r->text);
}

static void xml(result *r, const char *doc, const char *xpath)
{
    memset(r, 0, sizeof *r);
    nt_buf_init(&r->text);
    r->rc = nt_xml_extract(doc, strlen(doc), xpath, &r->text, r->date, &r->err);
    nt_buf_cstr(&r->text);
}

static void done(result *r)
{
    nt_buf_free(&r->text);
    free(r->si.segs);
}

static void test_html_article(void **state)
{
    (void)state;
    result r;
    html(&r, "<html><head><title>T | Site</title><script>var Paris;</script>"
             "<meta name=\"date\" content=\"2015-05-09\"></head><body>"
             "<nav>Menu Rome</nav><article><h1>Head  line</h1>"
             "<p>One\n two &amp; <b>three</b>&#8217;s</p><!-- Oslo -->"
             "<aside>Madrid</aside><ul><li>a</li><li>b</li></ul>"
             "<form>Tokyo</form><p hidden>Lima</p></article>"
             "<footer>Lagos</footer></body></html>");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.text.data,
                        "Head line\n\nOne two & three\xE2\x80\x99s\n\na\n\nb");
    assert_string_equal(r.date, "2015-05-09");
    done(&r);
}

static void test_html_title_and_dates(void **state)
{
    (void)state;
    result r;
    /* No article, no heading: the title leads; the better date wins. */
    html(&r, "<title>Big news</title><body><p>Text<br>more</p>"
             "<time datetime=\"2014-01-02\">x</time>"
             "<meta property=\"article:published_time\" content=\"2015-05-09T10:00\">");
    assert_string_equal(r.text.data, "Big news\n\nText\nmore\n\nx");
    assert_string_equal(r.date, "2015-05-09");
    done(&r);
    html(&r, "");
    assert_int_equal(r.rc == 0 || r.rc == -1, 1);
    done(&r);
}

static void test_html_layout(void **state)
{
    (void)state;
    result r;
    /* No article: the densest block, the page's h1 first, furniture out. */
    html(&r, "<html><head><title>T - Site</title></head><body>"
             "<header><a>Site</a></header><div class=\"cookie-banner\">Cookies</div>"
             "<h1>Headline</h1><div id=\"main-col\"><p>One.</p><p>Two.</p>"
             "<div class=\"ad-slot\">Ad</div><ul class=\"share\"><li>Tweet</li></ul>"
             "</div><div role=\"complementary\"><p>Side</p></div><p>x</p>"
             "</body></html>");
    assert_string_equal(r.text.data, "Headline\n\nOne.\n\nTwo.");
    done(&r);
    /* Paragraphs spread out: the whole body, without its masthead. */
    html(&r, "<body><header>Site</header><div><p>One.</p></div><div><p>Two.</p>"
             "</div><nav>Menu</nav></body>");
    assert_string_equal(r.text.data, "One.\n\nTwo.");
    done(&r);
    /* A "shared" or "address" class is no furniture: whole words only. */
    html(&r, "<body><p class=\"shared-note\">Kept.</p><p class=\"x_ad_y\">Gone.</p>"
             "</body>");
    assert_string_equal(r.text.data, "Kept.");
    done(&r);
}

/* Attributes are read in place (one text node) and as xmlGetProp reads
 * them: the first of each name; tags and attribute names in any case. */
static void test_html_attributes(void **state)
{
    (void)state;
    result r;
    html(&r, "<BODY><P CLASS=Share>Gone.</P><p class>Kept.</p>"
             "<p id=\"site-nav\">Gone.</p><p role=navigation>Gone.</p>"
             "<p class=\"story\" class=\"ad\">Kept too.</p><DIV HIDDEN>Gone.</DIV>"
             "<p data-role=\"menu\">Last<BR>line.</p><SCRIPT>x</SCRIPT></BODY>");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.text.data, "Kept.\n\nKept too.\n\nLast\nline.");
    done(&r);
}

/* Every name of html.c's table of tags found by its search, written in
 * capitals: a block's text a paragraph of its own, a skipped one's gone. */
static void test_html_tags(void **state)
{
    (void)state;
    static const char *const blocks[] = {
        "ADDRESS", "BLOCKQUOTE", "CAPTION", "DD", "DETAILS", "DIV", "DL", "DT",
        "FIGCAPTION", "FIGURE", "H1", "H2", "H3", "H4", "H5", "H6", "HEADER", "LI",
        "MAIN", "OL", "P", "PRE", "SECTION", "SUMMARY", "TABLE", "TD", "TH", "TR",
        "UL", NULL};
    static const char *const skipped[] = {
        "ASIDE", "BUTTON", "CANVAS", "DIALOG", "FOOTER", "FORM", "IFRAME", "MENU",
        "NAV", "NOSCRIPT", "OBJECT", "SCRIPT", "SELECT", "STYLE", "SVG",
        "TEMPLATE", "TEXTAREA", NULL};
    char page[256];
    result r;
    for (const char *const *t = blocks; *t; t++) {
        snprintf(page, sizeof page, "<html><body><main><span>a</span><%s>b</%s>"
                 "<span>c</span></main></body></html>", *t, *t);
        html(&r, page);
        assert_string_equal(r.text.data, "a\n\nb\n\nc");
        done(&r);
    }
    for (const char *const *t = skipped; *t; t++) {
        snprintf(page, sizeof page, "<html><body><main><span>a</span><%s>b</%s>"
                 "<span>c</span></main></body></html>", *t, *t);
        html(&r, page);
        assert_string_equal(r.text.data, "ac");
        done(&r);
    }
    html(&r, "<body><main>a<HR>b</main></body>"); /* a block that holds nothing */
    assert_string_equal(r.text.data, "a\n\nb");
    done(&r);
    html(&r, "<body><main>a<BLINK>b</BLINK><custom-element>c</custom-element>"
             "<FIGCAPTIONS>d</FIGCAPTIONS></main></body>"); /* not in the table */
    assert_string_equal(r.text.data, "abcd");
    done(&r);
}

/* A text node matched against the page halfway, then not (a bare '&' that
 * is no reference): what was appended is taken back, and the node is kept
 * once, without a source. */
static void test_html_unmatched(void **state)
{
    (void)state;
    result r;
    const char *page = "<body><p>AT&T and R&D grew.</p><p>Then Paris.</p></body>";
    html(&r, page);
    assert_string_equal(r.text.data, "AT&T and R&D grew.\n\nThen Paris.");
    assert_int_equal(r.si.has_map, 1);
    assert_int_equal(nt_srcinfo_map(&r.si, 0, 0), NT_NOSRC);
    size_t at = strlen(r.text.data) - 6; /* "Paris." is found */
    assert_int_equal(nt_srcinfo_map(&r.si, at, 0), strstr(page, "Paris.") - page);
    done(&r);
}

static void test_html_map(void **state)
{
    (void)state;
    result r;
    const char *page = "<html><head><title>AT&amp;T wins</title></head>"
                       "<body><main><h1>AT&amp;T wins</h1>\n<p>Caf&eacute;   in\n"
                       "  Paris</p></main></body></html>";
    html(&r, page);
    assert_string_equal(r.text.data, "AT&T wins\n\nCaf\xC3\xA9 in Paris");
    assert_int_equal(r.si.has_map, 1);
    /* "AT&T" is in the h1, not the title. */
    const char *h1 = strstr(page, "<h1>") + 4;
    assert_int_equal(nt_srcinfo_map(&r.si, 0, 0), h1 - page);
    assert_int_equal(nt_srcinfo_map(&r.si, 4, 1), h1 - page + 8);
    const char *paris = strstr(page, "Paris");
    size_t at = strlen(r.text.data) - 5;
    assert_int_equal(nt_srcinfo_map(&r.si, at, 0), paris - page);
    assert_int_equal(nt_srcinfo_map(&r.si, at + 5, 1), paris - page + 5);
    const char *cafe = strstr(page, "Caf&");
    assert_int_equal(nt_srcinfo_map(&r.si, 11, 0), cafe - page);
    assert_int_equal(nt_srcinfo_map(&r.si, 16, 1), cafe - page + 11);
    done(&r);
}

static void test_html_not_utf8(void **state)
{
    (void)state;
    result r;
    /* Declared Latin-1, or undeclared bytes that are not UTF-8: the text is
     * decoded, but the page holds it in other bytes: no source map. */
    html(&r, "<meta charset=\"iso-8859-1\"><p>Caf\xe9</p>");
    assert_string_equal(r.text.data, "Caf\xc3\xa9");
    assert_int_equal(r.si.has_map, 0);
    done(&r);
    html(&r, "<p>Caf\xe9 in Paris</p>");
    assert_int_equal(r.si.has_map, 0);
    assert_int_equal(nt_srcinfo_map(&r.si, 0, 0), NT_NOSRC);
    done(&r);
    html(&r, "<meta charset=\"UTF-8\"><p>Caf\xc3\xa9</p>");
    assert_int_equal(r.si.has_map, 1);
    done(&r);
    /* A NUL byte is UTF-8 too (the quick scan counts it, the exact one
     * takes it): the page still maps. */
    static const char nul[] = "<body><!-- a\0b --><p>Paris</p></body>";
    memset(&r, 0, sizeof r);
    nt_buf_init(&r.text);
    assert_int_equal(nt_html_extract(nul, sizeof nul - 1, &r.text, &r.si, r.date,
                                     &r.err), 0);
    assert_int_equal(r.si.has_map, 1);
    assert_int_equal(nt_srcinfo_map(&r.si, 0, 0), strstr(nul + 14, "Paris") - nul);
    done(&r);
}

static void test_xml_nitf(void **state)
{
    (void)state;
    result r;
    xml(&r, "<nitf><head><title>No</title><docdata><date.issue norm=\"20160412T0900\"/>"
            "</docdata></head><body><body.head><hedline><hl1>Head</hl1></hedline>"
            "</body.head><body.content><p>One <![CDATA[a & b]]></p><p>Two</p>"
            "</body.content></body></nitf>", NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.text.data, "Head\n\nOne a & b\n\nTwo");
    assert_string_equal(r.date, "2016-04-12");
    done(&r);
}

/* The default selection is the XPath union it stands for (xml_in.c), found
 * without XPath: the same text as that expression given as --xpath, on
 * articles that nest, prefix, hide a headline in an entity or a DTD. */
static void test_xml_default_as_xpath(void **state)
{
    (void)state;
    static const char xpath[] =
        "//*[local-name()='hedline'] | //*[local-name()='body.content'] | "
        "//*[local-name()='contentMeta']/*[local-name()='headline'] | "
        "//*[local-name()='inlineXML'] | //*[local-name()='inlineData']";
    static const char *const docs[] = {
        "<nitf><body><body.content><p>Outer</p><hedline>Inner</hedline>"
        "</body.content><hedline>Second</hedline></body></nitf>",
        "<n:nitf xmlns:n=\"urn:x\" xmlns:m=\"urn:y\"><n:hedline>Head</n:hedline>"
        "<m:body.content><n:p>Body</n:p></m:body.content></n:nitf>",
        "<newsItem><contentMeta><headline>Meta head</headline></contentMeta>"
        "<other><headline>Not this</headline></other><contentSet><inlineXML>"
        "<p>Text</p></inlineXML><inlineData>Data</inlineData></contentSet></newsItem>",
        "<!DOCTYPE nitf [<!ENTITY h \"<hedline>In entity</hedline>\">]>"
        "<nitf>&h;<body.content>Body &amp; more</body.content></nitf>",
        "<?pi x?><!-- c --><contentMeta><headline>At the root</headline></contentMeta>",
    };
    result a, b;
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        xml(&a, docs[i], NULL);
        xml(&b, docs[i], xpath);
        assert_int_equal(a.rc, 0);
        assert_int_equal(b.rc, 0);
        assert_true(a.text.len > 0);
        assert_string_equal(a.text.data, b.text.data);
        done(&a);
        done(&b);
    }
    xml(&a, docs[3], NULL); /* the entity's headline is not selected */
    assert_string_equal(a.text.data, "Body & more");
    done(&a);
}

/* The date: the best place that holds one, each place's first node only. */
static void test_xml_dates(void **state)
{
    (void)state;
    result r;
    /* a date.issue without norm is passed over for the next one */
    xml(&r, "<d><date.issue/><date.issue norm=\"20140101\"/>"
            "<date.release norm=\"20130505\"/><p>x</p></d>", NULL);
    assert_string_equal(r.date, "2014-01-01");
    done(&r);
    /* norm that is no date: the next place, pubdate before date */
    xml(&r, "<d><date>2011-01-01</date><date.issue norm=\"garbage\"/>"
            "<pubdate>2012-03-04</pubdate></d>", NULL);
    assert_string_equal(r.date, "2012-03-04");
    done(&r);
    /* only the first date element counts; a norm in a namespace is not @norm */
    xml(&r, "<d xmlns:x=\"urn:z\"><date.issue x:norm=\"20100101\"/>"
            "<date>March 3, 2009</date><date>2009-03-03</date></d>", NULL);
    assert_string_equal(r.date, "");
    done(&r);
    /* NewsML-G2: versionCreated, when firstCreated holds no date */
    xml(&r, "<newsItem><itemMeta><firstCreated>soon</firstCreated><versionCreated>"
            "2016-04-12T09:00:00Z</versionCreated></itemMeta></newsItem>", NULL);
    assert_string_equal(r.date, "2016-04-12");
    done(&r);
}

static void test_xml_any_and_xpath(void **state)
{
    (void)state;
    result r;
    const char *doc = "<feed><entry><t>Alpha</t><s>Beta</s></entry>"
                      "<entry><t>Gamma</t><s>Delta</s></entry></feed>";
    xml(&r, doc, NULL);
    assert_string_equal(r.text.data, "AlphaBetaGammaDelta");
    done(&r);
    xml(&r, doc, "//t");
    assert_string_equal(r.text.data, "Alpha\n\nGamma");
    done(&r);
    xml(&r, doc, "//t | //entry"); /* a node inside another counts once */
    assert_string_equal(r.text.data, "AlphaBeta\n\nGammaDelta");
    done(&r);
    xml(&r, doc, "//t/text()");
    assert_string_equal(r.text.data, "Alpha\n\nGamma");
    done(&r);
    xml(&r, doc, "//[");
    assert_int_equal(r.rc, -1);
    assert_non_null(strstr(r.err.msg, "XPath"));
    done(&r);
}

static void test_xml_hostile(void **state)
{
    (void)state;
    result r;
    xml(&r, "<a><b></a>", NULL);
    assert_int_equal(r.rc, -1);
    assert_non_null(strstr(r.err.msg, "line 1"));
    done(&r);
    /* External entities are never loaded: their text is simply absent. */
    xml(&r, "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            "<d>Paris &x;</d>", NULL);
    assert_null(strstr(r.text.data ? r.text.data : "", "root"));
    done(&r);
    /* Internal entities are expanded; a bomb is refused. */
    xml(&r, "<!DOCTYPE d [<!ENTITY co \"Reuters\">]><d>&co; said</d>", NULL);
    assert_string_equal(r.text.data, "Reuters said");
    done(&r);
    nt_buf bomb;
    nt_buf_init(&bomb);
    nt_buf_puts(&bomb, "<!DOCTYPE d [<!ENTITY a \"");
    for (int i = 0; i < 2000; i++)
        nt_buf_puts(&bomb, "Paris ");
    nt_buf_puts(&bomb, "\">]><d>");
    for (int i = 0; i < 2000; i++)
        nt_buf_puts(&bomb, "&a;");
    nt_buf_puts(&bomb, "</d>");
    xml(&r, nt_buf_cstr(&bomb), NULL);
    assert_int_equal(r.rc, -1);
    assert_non_null(strstr(r.err.msg, "entity"));
    done(&r);
    nt_buf_free(&bomb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_article),
        cmocka_unit_test(test_html_title_and_dates),
        cmocka_unit_test(test_html_layout),
        cmocka_unit_test(test_html_attributes),
        cmocka_unit_test(test_html_unmatched),
        cmocka_unit_test(test_html_tags),
        cmocka_unit_test(test_html_map),
        cmocka_unit_test(test_html_not_utf8),
        cmocka_unit_test(test_xml_nitf),
        cmocka_unit_test(test_xml_default_as_xpath),
        cmocka_unit_test(test_xml_dates),
        cmocka_unit_test(test_xml_any_and_xpath),
        cmocka_unit_test(test_xml_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
