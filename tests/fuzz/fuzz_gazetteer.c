/* fuzz_gazetteer.c - libFuzzer entry point for the gazetteer file loader:
 * arbitrary bytes as a list file; what loads is matched at every token of a
 * sample document, each match checked to lie inside it.
 *   make fuzz-gazetteer && build/fuzz/fuzz_gazetteer CORPUS tests/fuzz/gazetteer */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_loader.h"
#include "gazetteer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static nt_tokens toks;
    const size_t len = sizeof fuzz_sample - 1;
    if (!toks.v) {
        nt_tokens_init(&toks);
        nt_tokenize(fuzz_sample, len, &toks);
    }
    nt_gaz *g = nt_gaz_new();
    nt_error err;
    if (nt_gaz_load_file(g, fuzz_file(data, size), &err) == 0) {
        for (size_t i = 0; i < toks.n; i++) {
            nt_entity e;
            size_t n = nt_gaz_match(g, fuzz_sample, toks.v, toks.n, i, &e);
            if (n && !(n <= toks.n - i && e.start < e.end && e.end <= len))
                abort();
        }
    }
    nt_gaz_free(g);
    return 0;
}
