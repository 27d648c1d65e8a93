/* fuzz_rules.c - libFuzzer entry point for the rules file loader: arbitrary
 * bytes as a rules file; what loads is compiled and run over a sample
 * document, its matches checked to lie inside it.
 *   make fuzz-rules && build/fuzz/fuzz_rules CORPUS tests/fuzz/rules */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_loader.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static nt_lex *lx;
    static nt_tokens toks;
    static uint64_t cls[256];
    const size_t len = sizeof fuzz_sample - 1;
    if (!lx) {
        lx = fuzz_lexicon();
        nt_tokens_init(&toks);
        nt_tokenize(fuzz_sample, len, &toks);
        for (size_t k = 0; k < toks.n && k < 256; k++)
            cls[k] = nt_lex_lookup(lx, fuzz_sample + toks.v[k].start,
                                   toks.v[k].end - toks.v[k].start);
    }
    nt_rules *r = nt_rules_new();
    nt_error err;
    if (nt_rules_load_file(r, lx, fuzz_file(data, size), &err) == 0) {
        nt_entities out;
        nt_entities_init(&out);
        nt_rules_apply(r, fuzz_sample, len, toks.v, toks.n < 256 ? toks.n : 256,
                       cls, &out);
        for (size_t i = 0; i < out.n; i++)
            if (!(out.v[i].start < out.v[i].end && out.v[i].end <= len))
                abort();
        nt_entities_free(&out);
    }
    nt_rules_free(r);
    return 0;
}
