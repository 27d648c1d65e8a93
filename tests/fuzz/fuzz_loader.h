/* fuzz_loader.h - for the loader fuzz targets: the input as a file (the
 * loaders read paths), and a small classified document to run what loaded
 * over. */
#ifndef NT_FUZZ_LOADER_H
#define NT_FUZZ_LOADER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexicon.h"
#include "tokenize.h"

static const char fuzz_sample[] =
    "President Angela Merkel of Germany met Acme Corp. in New York on "
    "Monday, 5 May 2015, and the Clean Air Act passed in the 1990s. "
    "NYSE: ABC rose 5-year highs; two-year deals with Dr. Smith-Jones.";

/* Writes data to one temporary file per process and returns its path. */
static const char *fuzz_file(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/nt-fuzz-%ld.txt", (long)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    return path;
}

/* A lexicon of a few classes the shipped rules use, with a word or two. */
static nt_lex *fuzz_lexicon(void)
{
    static const char *const cls[][2] = {
        {"title", "president dr"}, {"month", "may january"},
        {"weekday", "monday"},     {"common", "the"},
        {"orgsuffix", "corp"},     {"firstname", "angela"}};
    nt_lex *lx = nt_lex_new();
    for (size_t i = 0; i < sizeof cls / sizeof *cls; i++) {
        int c = nt_lex_class(lx, cls[i][0]);
        for (const char *w = cls[i][1]; *w;) {
            size_t n = strcspn(w, " ");
            nt_lex_add(lx, c, w, n);
            w += n + (w[n] == ' ');
        }
    }
    return lx;
}

#endif
