/* blob.h - the compiled binary files (the data folder's newstag.ntd, a
 * user's list's PATH.ntc): written as 8-byte aligned sections and read back
 * in place from a read-only memory mapping, each section bounds-checked, so
 * that loading costs no parsing and no copying.
 *
 * The layout is this build's memory layout: each file starts with a magic
 * and version of its own and is only read back by a build that wrote it. */
#ifndef NT_BLOB_H
#define NT_BLOB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A cursor over mapped bytes. Once a read fails, ok stays 0 and every
 * later read returns NULL: callers check ok (or a NULL) once at the end. */
typedef struct {
    const unsigned char *p;
    size_t left;
    int ok;
} nt_blob;

void nt_blob_init(nt_blob *b, const void *p, size_t n);

/* The next count elements of size bytes (then on to an 8-byte boundary),
 * or NULL when fewer bytes are left. count 0 gives a valid pointer. */
const void *nt_blob_take(nt_blob *b, size_t count, size_t size);

/* The next 64-bit number, 0 when none is left (b->ok tells). */
uint64_t nt_blob_u64(nt_blob *b);

/* Writes n bytes, then zeros to an 8-byte boundary: 0, or -1 on error. */
int nt_blob_put(FILE *f, const void *p, size_t n);
int nt_blob_put_u64(FILE *f, uint64_t v);

/* A whole file mapped read-only. */
typedef struct {
    void *base;
    size_t size;
} nt_mapping;

/* Maps the regular file at path: 0, or -1 when it is missing, empty or
 * cannot be mapped. */
int nt_mapping_open(const char *path, nt_mapping *m);
void nt_mapping_close(nt_mapping *m); /* accepts an unused (zeroed) one */

/* Writes path through fn into a temporary file beside it, renamed into
 * place once complete, so that a reader never sees half a file; mode is the
 * new file's permissions. Best effort: 0, or -1 when anything failed (the
 * temporary file is removed). */
int nt_blob_write_file(const char *path, int mode,
                       int (*fn)(FILE *f, const void *ctx), const void *ctx);

#endif
