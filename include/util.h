/* util.h - allocation wrappers that abort on exhaustion, and error records. */
#ifndef NT_UTIL_H
#define NT_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "newstag.h"

/* These never return NULL: on exhaustion they print a message and abort, so
 * callers need no checks. Memory is freed with free(). */
void *nt_xmalloc(size_t n);
void *nt_xcalloc(size_t n, size_t size);
void *nt_xrealloc(void *p, size_t n);
char *nt_xstrdup(const char *s);
char *nt_xstrndup(const char *s, size_t n);

/* Makes the heap's next pad bytes of transparent huge pages (see util.c:
 * a first touch of a 4 KB page is dear in a virtual machine). Call once,
 * first thing in main, after glibc's mmap threshold is set above 1 MB.
 * Returns 0 when the heap was advised, -1 when it could not be (no THP,
 * another malloc, no room): only advice either way. */
int nt_heap_huge_pages(size_t pad);

/* Whether nt_heap_huge_pages advised the heap: then a block whose pages
 * are touched one by one (a hash table) costs less from the heap than
 * mapped on its own. */
int nt_heap_huge(void);

/* Readies an advised heap (nt_heap_huge) for a fork after which both
 * processes go on allocating: what either allocates next comes from pages
 * of its own instead of copies of the pages they share (see util.c).
 * Returns a block set aside for that, to free() once the other processes
 * are done; NULL when nothing was set aside (no advised heap, not glibc). */
void *nt_heap_apart(void);

/* Grows *cap (doubling, at least min) so that an array of *cap elements of
 * size elt holds min elements; returns the reallocated array. Inline where
 * nothing grows: arrays grow by one element at a time (a token, a
 * candidate), and a call each was 1-2% of the time. */
void *nt_xgrow_more(void *p, size_t *cap, size_t min, size_t elt);
static inline void *nt_xgrow(void *p, size_t *cap, size_t min, size_t elt)
{
    return min <= *cap ? p : nt_xgrow_more(p, cap, min, elt);
}

/* Whether the strings a and b are equal. The same pointer answers at once
 * (caps.c's entities carry its very source literal, when the linker merges
 * equal literals), and so do different first or second bytes ("date_iso",
 * "countries" are no "capitalized"); only the rest calls strcmp (#8: 20
 * instructions a call, and the passes after the rules compare every
 * entity's source). */
static inline int nt_streq(const char *a, const char *b)
{
    return a == b || (a[0] == b[0] && (a[0] == '\0' || (a[1] == b[1] &&
                                                        strcmp(a, b) == 0)));
}

/* The number of bits set in x, inline: the baseline x86-64 this is built
 * for has no popcnt instruction, so __builtin_popcountll is a call into
 * libgcc (the ordering of kept entities counts bits in its inner loop). */
static inline unsigned nt_bits_in(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555u;
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
    return (unsigned)((x * 0x0101010101010101u) >> 56);
}

/* The base name of path without its extension ("data/x/title.txt" ->
 * "title"): how list files name their class or source. Caller frees. */
char *nt_path_stem(const char *path);

/* Calls fn for each line of the text file at path, without its line end
 * (the buffer is NUL-terminated and writable), numbered from 1, until fn
 * returns non-zero. An error fn puts in why is reported in err as
 * "PATH:LINE: why"; a file that cannot be opened or read as "PATH: reason".
 * Returns 0, or -1 with err set. The one line reader of the data loaders. */
typedef int (*nt_line_fn)(char *line, size_t len, size_t lineno, void *ctx,
                          nt_error *why);
int nt_read_lines(const char *path, nt_line_fn fn, void *ctx, nt_error *err);

/* The paths DIR/NAME of the files in dir whose names end in suffix (dot
 * files aside), in name order, so that what loads from a folder never
 * depends on the order a file system lists it in. Returns a new array of
 * *n new strings (nt_strv_free), or NULL with err set. */
char **nt_dir_files(const char *dir, const char *suffix, size_t *n,
                    nt_error *err);
void nt_strv_free(char **v, size_t n);

/* Formats a message into err (NULL is allowed and ignored). */
void nt_error_set(nt_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
