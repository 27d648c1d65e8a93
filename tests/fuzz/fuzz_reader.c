/* fuzz_reader.c - libFuzzer entry point for the readers: the first byte
 * picks HTML, XML or JSON Lines, the rest is the input. Each document the
 * reader produces has its source map checked against its text.
 *   make fuzz-reader && build/fuzz/fuzz_reader -max_total_time=60 CORPUS */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "reader.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const nt_in_kind kinds[] = {NT_IN_HTML, NT_IN_XML, NT_IN_JSONL,
                                       NT_IN_AUTO};
    if (size < 1)
        return 0;
    nt_reader_opts o = {.kind = kinds[data[0] % 4],
                        .xpath = data[0] & 4 ? "//p | //title" : NULL};
    nt_reader *r = nt_reader_new(&o);
    char *copy = nt_xmalloc(size);
    memcpy(copy, data + 1, size - 1);
    copy[size - 1] = '\0';
    nt_reader_open(r, "fuzz", copy, size - 1);
    nt_doc d;
    nt_error err;
    int rc;
    nt_doc_init(&d);
    while ((rc = nt_reader_next(r, &d, &err)) != 0) {
        if (rc < 0)
            continue;
        for (size_t i = 0; i <= d.len; i++) {
            uint32_t a = nt_srcinfo_map(d.src, i, 0);
            uint32_t b = nt_srcinfo_map(d.src, i, 1);
            if ((a != NT_NOSRC && a > size - 1) || (b != NT_NOSRC && b > size - 1))
                abort();
        }
    }
    nt_doc_free(&d);
    nt_reader_free(r);
    return 0;
}
