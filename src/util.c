/* util.c - allocation wrappers and error records. */
#include "util.h"

#include <dirent.h>
#include <malloc.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Blocks of this size or more are made of transparent huge pages. */
#define HUGE_PAGE (2u << 20)

/* Running out of memory is not recoverable for a filter like this one: say
 * so and stop, rather than making every caller check. */
static void *check(void *p, size_t n)
{
    if (!p && n) {
        fprintf(stderr, "newstag: out of memory (%zu bytes)\n", n);
        abort();
    }
    return p;
}

/* A large block (the arrays of a long article): aligned to and a whole
 * number of huge pages, and advised to be made of them before any of its
 * pages is touched. In a virtual machine a page fault costs microseconds,
 * and a 2.8 MB article's arrays took 11,000 of them, a third of its time.
 * Only advice: where the kernel gives no huge pages (THP "never"), it is an
 * ordinary block.
 *
 * The block reserves GROW_ROOM times what was asked, so that a growing
 * array (nt_xgrow doubles) grows in place twice before it moves: address
 * space costs nothing until a page is touched, while each move touches
 * every page of the new block again (the kernel zeroes each one first) -
 * on a 2.8 MB article, a third of the pages its arrays faulted in. */
#define GROW_ROOM 4

static size_t huge_pages_for(size_t n)
{
    return (n + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
}

static void *huge_block(size_t n)
{
    size_t room = n <= ((size_t)-1 - HUGE_PAGE) / GROW_ROOM ? n * GROW_ROOM : n;
    size_t size = huge_pages_for(room);
    void *p = aligned_alloc(HUGE_PAGE, size);
    if (!p) /* no address space for the reserve: only what was asked */
        p = check(aligned_alloc(HUGE_PAGE, size = huge_pages_for(n)), n);
#ifdef MADV_HUGEPAGE
    (void)madvise(p, size, MADV_HUGEPAGE);
#endif
    return p;
}

void *nt_xmalloc(size_t n)
{
    return n >= HUGE_PAGE ? huge_block(n) : check(malloc(n ? n : 1), n ? n : 1);
}

void *nt_xcalloc(size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size)
        check(NULL, (size_t)-1);
    if (n * size < HUGE_PAGE)
        return check(calloc(n ? n : 1, size ? size : 1), n * size + 1);
    return memset(huge_block(n * size), 0, n * size);
}

/* A large block is moved by hand (see huge_block): realloc's copy would
 * touch the new block's pages before they could be advised. */
void *nt_xrealloc(void *p, size_t n)
{
    if (n < HUGE_PAGE)
        return check(realloc(p, n ? n : 1), n ? n : 1);
    size_t old = p ? malloc_usable_size(p) : 0;
    if (old >= n)
        return p;
    void *q = huge_block(n);
    if (p)
        memcpy(q, p, old);
    free(p);
    return q;
}

char *nt_xstrndup(const char *s, size_t n)
{
    char *d = nt_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *nt_xstrdup(const char *s)
{
    return nt_xstrndup(s, strlen(s));
}

void *nt_xgrow_more(void *p, size_t *cap, size_t min, size_t elt)
{
    size_t c = *cap ? *cap : 8;
    while (c < min) {
        if (c > ((size_t)-1) / 2 / elt) {
            fprintf(stderr, "newstag: allocation too large\n");
            abort();
        }
        c *= 2;
    }
    *cap = c;
    return nt_xrealloc(p, c * elt);
}

void nt_error_set(nt_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

char *nt_path_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return nt_xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

int nt_read_lines(const char *path, nt_line_fn fn, void *ctx, nt_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        nt_error_set(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int rc = 0;
    while (rc == 0 && (got = getline(&line, &cap, f)) >= 0) {
        nt_error why;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if ((rc = fn(line, (size_t)got, ++lineno, ctx, &why)) != 0)
            nt_error_set(err, "%s:%zu: %s", path, lineno, why.msg);
    }
    if (rc == 0 && ferror(f)) { /* a read error (EISDIR, EIO) is no EOF */
        nt_error_set(err, "%s: %s", path, strerror(errno));
        rc = -1;
    }
    free(line);
    fclose(f);
    return rc ? -1 : 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return name[0] != '.' && n > k && strcmp(name + n - k, suffix) == 0;
}

char **nt_dir_files(const char *dir, const char *suffix, size_t *n,
                    nt_error *err)
{
    struct dirent **names;
    int got = scandir(dir, &names, NULL, by_name);
    if (got < 0) {
        nt_error_set(err, "%s: %s", dir, strerror(errno));
        return NULL;
    }
    char **paths = nt_xmalloc(((size_t)got + 1) * sizeof *paths);
    *n = 0;
    for (int i = 0; i < got; i++) {
        if (has_suffix(names[i]->d_name, suffix)) {
            size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
            paths[*n] = nt_xmalloc(len);
            snprintf(paths[(*n)++], len, "%s/%s", dir, names[i]->d_name);
        }
        free(names[i]);
    }
    free(names);
    return paths;
}

void nt_strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n && v; i++)
        free(v[i]);
    free(v);
}
