/* util.c - allocation wrappers and error records. */
#include "util.h"

#include <dirent.h>
#include <malloc.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Linux's synchronous collapse of a range into a huge page (5.19 on);
 * older headers lack the name, older kernels refuse it, and nothing is
 * lost then but the gain. */
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

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

/* Set once nt_heap_huge_pages has advised the heap: from then on small
 * blocks whose pages are touched one by one are better taken from the
 * heap than mapped (nt_heap_huge). */
static int heap_huge;

/* In the virtual machines this runs on, the first touch of a fresh 4 KB
 * page costs some 12 us (the kernel zeroes it and the hypervisor backs
 * it), of a 2 MB huge page some 130 us: 45 times less a byte. Page
 * faults were 7-11% of the CPU time of a start-up, an article, the bench's
 * 2,160 files and its 2.8 MB document (#8; 193, 309, 1,182 and 1,275 of
 * them; 105, 136, 398 and 914 with this). So the heap's first megabytes
 * are made of huge pages: the break is aligned to one, glibc is told to
 * grow the heap pad bytes at once (address space, free until touched),
 * and the range is advised before glibc touches more than the first
 * page, which is collapsed into a huge page at once. Without THP, under
 * valgrind or a sanitizer's malloc nothing changes. */
int nt_heap_huge_pages(size_t pad)
{
#if defined(MADV_HUGEPAGE) && defined(M_TOP_PAD)
    uintptr_t cur = (uintptr_t)sbrk(0);
    uintptr_t at = (cur + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (cur == (uintptr_t)-1 || pad > INT_MAX ||
        (at > cur && sbrk((intptr_t)(at - cur)) == (void *)-1))
        return -1;
    mallopt(M_TOP_PAD, (int)pad);
    /* Larger than what glibc holds at start, so that it grows the heap
     * from the aligned break; smaller than a huge page, so that the top's
     * header it writes stays in the first one. volatile: a malloc freed
     * at once is otherwise optimized away. */
    void *volatile probe = malloc(HUGE_PAGE / 2);
    free(probe);
    uintptr_t top = (uintptr_t)sbrk(0);
    if (top < at + 2 * HUGE_PAGE ||
        madvise((void *)at, top - at, MADV_HUGEPAGE) != 0)
        return -1;
    (void)madvise((void *)at, HUGE_PAGE, MADV_COLLAPSE);
    heap_huge = 1;
    return 0;
#else
    (void)pad;
    return -1;
#endif
}

int nt_heap_huge(void)
{
    return heap_huge;
}

/* After a fork the processes share the heap's pages, copy-on-write: the
 * first write to one in either process copies it (a fault, and in this VM
 * a flush of the other core's TLB). malloc gives out the top of the heap
 * next, which lies in a huge page the parent touched: -j 2's processes
 * took ~400 such faults each on the bench's 2,160 files, on the huge page
 * they shared (the parent's huge page being split at the first write, each
 * 4 KB of it one fault). So the rest of that huge page is set aside as a
 * block (its pages cost nothing more), and the huge pages above it that
 * the parent touched and gave back are dropped (they are free memory, of
 * the top chunk): what either process allocates next comes from huge
 * pages of its own, a fault for 2 MB. glibc only: the top is read from
 * mallinfo2 (its keepcost is the size of the top chunk, which ends at the
 * break). */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33) && \
    defined(MADV_DONTNEED)
#define HEAP_APART 1
#endif

void *nt_heap_apart(void)
{
#ifdef HEAP_APART
    const size_t word = sizeof(size_t); /* glibc's chunk header: 2 words */
    uintptr_t brk = (uintptr_t)sbrk(0);
    struct mallinfo2 mi = mallinfo2();
    uintptr_t top = brk - mi.keepcost;
    uintptr_t end = (top + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (!heap_huge || brk == (uintptr_t)-1 || mi.keepcost > brk ||
        end - top < 8 * word || end + 8 * word > brk)
        return NULL;
    /* The chunk of this request ends 2 words before end, where the top's
     * header goes: the next block begins at end. */
    void *p = malloc(end - top - 3 * word);
    if ((uintptr_t)p != top + 2 * word) { /* not from the top: leave it */
        free(p);
        return NULL;
    }
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    (void)madvise((void *)end, ((brk + page - 1) & ~(page - 1)) - end,
                  MADV_DONTNEED);
    return p;
#else
    return NULL;
#endif
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
