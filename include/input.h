/* input.h - reading inputs: a file or stdin into memory, and a directory walk
 * in sorted path order. */
#ifndef NT_INPUT_H
#define NT_INPUT_H

#include <stddef.h>
#include "newstag.h"

/* Largest input accepted (offsets are 32-bit). */
#define NT_INPUT_MAX ((size_t)0xFFFFFFF0u)

/* Reads all of path ("-" is stdin) into *data (malloc'd, the caller frees;
 * one extra NUL byte after *len for convenience). Returns 0, or -1 with err
 * holding the reason (strerror, "is a directory", "too large"). */
int nt_input_read(const char *path, char **data, size_t *len, nt_error *err);

/* An input read a piece at a time (a JSON Lines stream, which may be far
 * larger than memory): bytes read and not yet taken are buf[0..len). */
typedef struct {
    int fd, is_stdin;
    char *buf;
    size_t len, cap;
    size_t first_cap; /* the first buffer: a small file's size, else a piece */
    int regular;      /* a regular file (else a pipe, a terminal...) */
    size_t size;      /* a regular file's size when opened, else 0 */
    int unsized;      /* regular, opened without its size (see
                         nt_input_stream_open_regular) */
    size_t got;       /* bytes read so far */
    int eof;          /* the end was read */
} nt_input_stream;

/* Opens path ("-" is stdin); refuses a directory. 0, or -1 with err set. */
int nt_input_stream_open(nt_input_stream *s, const char *path, nt_error *err);

/* Opens path, a file the caller knows to be regular (a walk found it so),
 * without asking its size: a read that gives less than it asks is its end,
 * so a small file costs an open, one read and a close (in a virtual
 * machine each system call costs a microsecond or more). A larger one is
 * sized after its first read. 0, or -1 with err set. */
int nt_input_stream_open_regular(nt_input_stream *s, const char *path,
                                 nt_error *err);

/* Reads once (what one read gives: a pipe answers with what it holds, so
 * lines come out as they come in), growing the buffer when it is full, up
 * to NT_INPUT_MAX unread bytes. 0 (eof set at the end), or -1 with err set. */
int nt_input_stream_read(nt_input_stream *s, nt_error *err);

/* Reads to the end: buf then holds the whole (rest of the) input. */
int nt_input_stream_read_all(nt_input_stream *s, nt_error *err);

/* The first n unread bytes, taken out as a malloc'd block with a NUL after
 * them (as nt_input_read gives an input); the rest stays in buf. Taking
 * all of them hands over buf itself; reading may go on after. */
char *nt_input_stream_take(nt_input_stream *s, size_t n);

void nt_input_stream_close(nt_input_stream *s);

/* Called for each file the walk finds: path as given joined with the
 * relative path, and rel, the part below the walked directory. Returning
 * non-zero stops the walk. */
typedef int (*nt_walk_file_fn)(const char *path, const char *rel, void *ctx);
/* Called for each path that cannot be walked, with the reason. */
typedef void (*nt_walk_error_fn)(const char *path, const char *reason,
                                 void *ctx);

/* Walks dir recursively in sorted (strcmp) path order and calls on_file for
 * every regular file (symlinks followed) whose base name matches one of the
 * nglobs fnmatch globs. Unreadable directories and symlink loops go to
 * on_error and the walk goes on. Returns the number of errors reported, or
 * (size_t)-1 if on_file stopped the walk. */
size_t nt_input_walk(const char *dir, const char *const *globs, size_t nglobs,
                     nt_walk_file_fn on_file, nt_walk_error_fn on_error,
                     void *ctx);

#endif
