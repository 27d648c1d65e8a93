/* test_xmllib.c - libxml2 loaded at first use: nothing before, every
 * function after, loaded once, and set to refuse external entities (a
 * document naming a file it would read gets nothing from it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "tmpdir.h"
#include "xmllib.h"

static void test_load_once(void **state)
{
    (void)state;
    nt_error err = {{0}};
    assert_null(nt_xml); /* nothing here needed it yet */
    assert_int_equal(nt_xml_load(&err), 0);
    const nt_xmllib *first = nt_xml;
    assert_non_null(first);
#define NT_XML_CHECK(name) assert_non_null(first->name);
    NT_XML_FUNCTIONS(NT_XML_CHECK)
#undef NT_XML_CHECK
    assert_non_null(first->free);
    assert_int_equal(nt_xml_load(&err), 0);
    assert_ptr_equal(nt_xml, first);
}

/* With entity substitution asked for, the external entity still reads
 * nothing: the loader refuses it. */
static void test_external_entity_refused(void **state)
{
    (void)state;
    nt_error err = {{0}};
    assert_int_equal(nt_xml_load(&err), 0);
    char *dir = tmp_folder("xmllib");
    tmp_write(dir, "secret.txt", "SECRET");
    char doc[2048];
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY s SYSTEM \"file://%s\">]>\n"
             "<a>&s;</a>\n", tmp_path(dir, "secret.txt"));
    xmlParserCtxtPtr ctxt = nt_xml->xmlNewParserCtxt();
    assert_non_null(ctxt);
    xmlDocPtr d = nt_xml->xmlCtxtReadMemory(
        ctxt, doc, (int)strlen(doc), NULL, NULL,
        XML_PARSE_NOENT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    nt_xml->xmlFreeParserCtxt(ctxt);
    if (d) {
        xmlChar *text = nt_xml->xmlNodeGetContent(nt_xml->xmlDocGetRootElement(d));
        assert_null(strstr((const char *)text, "SECRET"));
        nt_xml->free(text);
        nt_xml->xmlFreeDoc(d);
    }
    tmp_free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_once),
        cmocka_unit_test(test_external_entity_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
