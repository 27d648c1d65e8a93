/* lexicon.c - word classes: a map from folded word to class mask, plus the
 * words of each class as written, for @{class} pattern macros. */
#include "lexicon.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "buf.h"
#include "map.h"
#include "utf8.h"
#include "util.h"

/* Keys fold into a buffer of 4x this size. */
#define WORD_MAX NT_LEX_WORD_MAX

struct nt_lex {
    nt_map *words;                       /* folded word -> class mask */
    char *names[NT_LEX_MAX_CLASSES];     /* class names, owned */
    nt_buf written[NT_LEX_MAX_CLASSES];  /* words as written, NUL-separated */
    /* In a view, the words as written are read in the mapping (most
     * classes are never needed as strings: copying 80,000 words was a
     * tenth of the start-up), until a word is added to the class. */
    const char *mapped[NT_LEX_MAX_CLASSES];
    size_t mapped_len[NT_LEX_MAX_CLASSES];
    int nclasses;
    uint64_t stamp; /* see nt_lex_stamp */
};

/* The last stamp given (see nt_lex_stamp): one process-wide count. */
static uint64_t last_stamp;

uint64_t nt_lex_stamp(const nt_lex *lx)
{
    return lx->stamp;
}

const char *nt_lex_class_words(const nt_lex *lx, int cls, size_t *len)
{
    if (lx->mapped[cls]) {
        *len = lx->mapped_len[cls];
        return lx->mapped[cls];
    }
    *len = lx->written[cls].len;
    return lx->written[cls].data;
}

nt_lex *nt_lex_new(void)
{
    nt_lex *lx = nt_xcalloc(1, sizeof *lx);
    lx->stamp = ++last_stamp;
    lx->words = nt_map_new();
    return lx;
}

void nt_lex_free(nt_lex *lx)
{
    if (!lx)
        return;
    nt_map_free(lx->words);
    for (int i = 0; i < lx->nclasses; i++) {
        free(lx->names[i]);
        nt_buf_free(&lx->written[i]);
    }
    free(lx);
}

int nt_lex_class_find(const nt_lex *lx, const char *name)
{
    for (int i = 0; i < lx->nclasses; i++)
        if (strcmp(lx->names[i], name) == 0)
            return i;
    return -1;
}

int nt_lex_class_named(const nt_lex *lx, const char *name, size_t n,
                       nt_error *err)
{
    char cname[128];
    snprintf(cname, sizeof cname, "%.*s", (int)n, name);
    int cls = nt_lex_class_find(lx, cname);
    if (cls < 0)
        nt_error_set(err, "unknown word class '%s'", cname);
    return cls;
}

int nt_lex_class(nt_lex *lx, const char *name)
{
    int c = nt_lex_class_find(lx, name);
    if (c >= 0 || lx->nclasses == NT_LEX_MAX_CLASSES)
        return c;
    lx->names[lx->nclasses] = nt_xstrdup(name);
    nt_buf_init(&lx->written[lx->nclasses]);
    return lx->nclasses++;
}

const char *nt_lex_class_name(const nt_lex *lx, int cls)
{
    return cls >= 0 && cls < lx->nclasses ? lx->names[cls] : NULL;
}

/* Folds w into key (capacity 4*WORD_MAX) without a final period, the form
 * both adding and looking up use. Returns the key length, 0 if unusable. */
static size_t word_key(const char *w, size_t n, char *key)
{
    if (n > 1 && w[n - 1] == '.')
        n--;
    if (n == 0 || n > WORD_MAX)
        return 0;
    return nt_utf8_fold(w, n, key);
}

void nt_lex_add(nt_lex *lx, int cls, const char *word, size_t n)
{
    char key[4 * WORD_MAX];
    size_t k = word_key(word, n, key);
    if (!k || cls < 0 || cls >= lx->nclasses)
        return;
    uint64_t *mask = nt_map_slot(lx->words, key, k);
    if (*mask & (1ull << cls))
        return;
    *mask |= 1ull << cls;
    lx->stamp = ++last_stamp;
    if (lx->mapped[cls]) { /* the class's words leave the mapping */
        nt_buf_put(&lx->written[cls], lx->mapped[cls], lx->mapped_len[cls]);
        lx->mapped[cls] = NULL;
    }
    nt_buf_put(&lx->written[cls], word, n);
    nt_buf_putc(&lx->written[cls], '\0');
}

uint64_t nt_lex_lookup(const nt_lex *lx, const char *w, size_t n)
{
    char key[4 * (WORD_MAX + 1)];
    nt_map_ask q;
    q.n = n <= WORD_MAX + 1 ? nt_utf8_fold(w, n, key) : 0;
    q.key = key;
    q.h = q.n ? nt_map_hash(key, q.n) : 0;
    nt_lex_ask_start(lx, w, n, &q);
    return nt_lex_ask_end(lx, &q);
}

/* nt_lex_ask_start for a word with a final period (rare): its key is the
 * fold without it, hashed again. Out of line, so that the common case
 * saves no registers for the call. */
__attribute__((noinline)) static void ask_start_period(const nt_lex *lx,
                                                       size_t n, nt_map_ask *q)
{
    const char *folded = q->key;
    size_t fn = q->n;
    q->key = NULL;
    if (--n <= WORD_MAX && --fn)
        nt_map_ask_start(lx->words, folded, fn, q);
}

/* The key of word_key, cut from the fold of the whole word: a final
 * period folds to itself. */
void nt_lex_ask_start(const nt_lex *lx, const char *w, size_t n, nt_map_ask *q)
{
    if (n > 1 && w[n - 1] == '.')
        ask_start_period(lx, n, q);
    else if (n && n <= WORD_MAX && q->n)
        nt_map_ask_prefetch(lx->words, q);
    else
        q->key = NULL;
}

uint64_t nt_lex_ask_end(const nt_lex *lx, const nt_map_ask *q)
{
    const uint64_t *mask = q->key ? nt_map_ask_end(lx->words, q) : NULL;
    return mask ? *mask : 0;
}

/* Trims spaces, tabs and CR at both ends of line[0..*n); returns the start. */
static char *trim(char *line, size_t *n)
{
    while (*n && strchr(" \t\r\n", line[*n - 1]))
        (*n)--;
    while (*n && (*line == ' ' || *line == '\t')) {
        line++;
        (*n)--;
    }
    return line;
}

/* A word list being loaded: the lexicon and the file's class. */
struct word_file {
    nt_lex *lx;
    int cls;
};

/* One line of a word list: a word, a blank line or a '#' comment. */
static int load_word(char *line, size_t n, size_t lineno, void *ctx,
                     nt_error *why)
{
    const struct word_file *wf = ctx;
    char *w = trim(line, &n);
    (void)lineno;
    if (n == 0 || *w == '#')
        return 0;
    if (memchr(w, ' ', n) || memchr(w, '\t', n)) {
        nt_error_set(why, "a word class holds single words");
        return -1;
    }
    nt_lex_add(wf->lx, wf->cls, w, n);
    return 0;
}

int nt_lex_load_file(nt_lex *lx, const char *path, nt_error *err)
{
    char *name = nt_path_stem(path);
    struct word_file wf = {lx, nt_lex_class(lx, name)};
    free(name);
    if (wf.cls < 0) {
        nt_error_set(err, "%s: more than %d word classes", path, NT_LEX_MAX_CLASSES);
        return -1;
    }
    return nt_read_lines(path, load_word, &wf, err);
}

static int by_length_desc(const void *a, const void *b)
{
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
    return la < lb ? 1 : la > lb ? -1 : strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends w with PCRE2 metacharacters escaped. */
static void put_escaped(nt_buf *out, const char *w)
{
    for (; *w; w++) {
        if (strchr("\\^$.|?*+()[]{}", *w))
            nt_buf_putc(out, '\\');
        nt_buf_putc(out, *w);
    }
}

char *nt_lex_pattern(const nt_lex *lx, int cls)
{
    size_t len, n = 0;
    const char *src = nt_lex_class_words(lx, cls, &len);
    for (size_t i = 0; i < len; i++)
        n += src[i] == '\0';
    const char **words = nt_xmalloc((n ? n : 1) * sizeof *words);
    for (size_t i = 0, k = 0; k < n; i += strlen(src + i) + 1)
        words[k++] = src + i;
    qsort(words, n, sizeof *words, by_length_desc);
    nt_buf out;
    nt_buf_init(&out);
    nt_buf_puts(&out, n ? "(?:" : "(?!"); /* no words: "(?!)" matches nothing */
    for (size_t k = 0; k < n; k++) {
        if (k)
            nt_buf_putc(&out, '|');
        put_escaped(&out, words[k]);
    }
    nt_buf_putc(&out, ')');
    free(words);
    nt_buf_cstr(&out);
    return out.data;
}

/* The compiled form: the class count, each class's name and words as
 * written, then the word map. */
int nt_lex_write(const nt_lex *lx, FILE *f)
{
    if (nt_blob_put_u64(f, (uint64_t)lx->nclasses))
        return -1;
    for (int c = 0; c < lx->nclasses; c++) {
        size_t n = strlen(lx->names[c]), wn;
        const char *words = nt_lex_class_words(lx, c, &wn);
        if (nt_blob_put_u64(f, n) || nt_blob_put(f, lx->names[c], n) ||
            nt_blob_put_u64(f, wn) || nt_blob_put(f, words, wn))
            return -1;
    }
    return nt_map_write(lx->words, f);
}

/* A string section of the blob: its length, then its bytes. */
static const char *take_string(nt_blob *b, size_t *n)
{
    *n = (size_t)nt_blob_u64(b);
    return nt_blob_take(b, *n, 1);
}

nt_lex *nt_lex_view(nt_blob *b)
{
    uint64_t nc = nt_blob_u64(b);
    if (!b->ok || nc > NT_LEX_MAX_CLASSES)
        return NULL;
    nt_lex *lx = nt_xcalloc(1, sizeof *lx);
    lx->stamp = ++last_stamp;
    for (; b->ok && lx->nclasses < (int)nc; lx->nclasses++) {
        size_t n, wn;
        const char *name = take_string(b, &n);
        const char *words = take_string(b, &wn);
        nt_buf_init(&lx->written[lx->nclasses]);
        lx->names[lx->nclasses] = name ? nt_xstrndup(name, n) : nt_xstrdup("");
        nt_buf *w = &lx->written[lx->nclasses];
        if (words && wn && words[wn - 1] == '\0') {
            lx->mapped[lx->nclasses] = words;
            lx->mapped_len[lx->nclasses] = wn;
        } else if (words && wn) { /* a damaged list still ends */
            nt_buf_put(w, words, wn);
            nt_buf_putc(w, '\0');
        }
    }
    lx->words = b->ok ? nt_map_view(b) : NULL;
    if (!lx->words) {
        lx->words = nt_map_new(); /* nt_lex_free expects one */
        nt_lex_free(lx);
        return NULL;
    }
    return lx;
}
