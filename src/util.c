/* util.c - allocation wrappers and error records. */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void *nt_xmalloc(size_t n)
{
    return check(malloc(n ? n : 1), n ? n : 1);
}

void *nt_xcalloc(size_t n, size_t size)
{
    return check(calloc(n ? n : 1, size ? size : 1), n * size + 1);
}

void *nt_xrealloc(void *p, size_t n)
{
    return check(realloc(p, n ? n : 1), n ? n : 1);
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

void *nt_xgrow(void *p, size_t *cap, size_t min, size_t elt)
{
    if (min <= *cap)
        return p;
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
