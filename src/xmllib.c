/* xmllib.c - libxml2 loaded at first use (see xmllib.h). */
#include "xmllib.h"

#include <dlfcn.h>
#include <string.h>

#include "util.h"

/* The library's name at run time: the make file passes that of the
 * library the headers came with (the ABI the calls here were compiled
 * for). */
#ifndef NT_LIBXML2
#define NT_LIBXML2 "libxml2.so.2"
#endif
#define LIBXML2 NT_LIBXML2

const nt_xmllib *nt_xml;
static nt_xmllib lib;

/* No document may make newstag read a file or the network. */
static xmlParserInputPtr refuse_loader(const char *url, const char *id,
                                       xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

/* Fills lib from the library h: the name of the first function missing,
 * or NULL when all are there. */
static const char *resolve(void *h)
{
    void *p;
#define NT_XML_RESOLVE(name)                                                  \
    if (!(p = dlsym(h, #name)))                                               \
        return #name;                                                         \
    memcpy(&lib.name, &p, sizeof p); /* POSIX: object to function pointer */
    NT_XML_FUNCTIONS(NT_XML_RESOLVE)
#undef NT_XML_RESOLVE
    if (!(p = dlsym(h, "xmlFree"))) /* a variable: the function's address */
        return "xmlFree";
    lib.free = *(xmlFreeFunc *)p;
    return NULL;
}

int nt_xml_load(nt_error *err)
{
    if (nt_xml)
        return 0;
    void *h = dlopen(LIBXML2, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        nt_error_set(err, "HTML and XML need libxml2: %s", dlerror());
        return -1;
    }
    const char *missing = resolve(h);
    if (missing) {
        nt_error_set(err, "HTML and XML need libxml2: %s has no %s", LIBXML2,
                     missing);
        dlclose(h);
        return -1;
    }
    lib.xmlSetExternalEntityLoader(refuse_loader);
    nt_xml = &lib;
    return 0;
}
