/* blob.c - aligned binary sections, written to a file and read in place. */
#include "blob.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define ALIGN 8

void nt_blob_init(nt_blob *b, const void *p, size_t n)
{
    b->p = p;
    b->left = n;
    b->ok = p != NULL;
}

const void *nt_blob_take(nt_blob *b, size_t count, size_t size)
{
    if (!b->ok || (size && count > b->left / size)) {
        b->ok = 0;
        return NULL;
    }
    size_t n = count * size, padded = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    const void *v = b->p;
    if (padded > b->left)
        padded = b->left; /* the last section needs no padding */
    b->p += padded;
    b->left -= padded;
    return v;
}

uint64_t nt_blob_u64(nt_blob *b)
{
    const uint64_t *v = nt_blob_take(b, 1, sizeof *v);
    return v ? *v : 0;
}

int nt_blob_put(FILE *f, const void *p, size_t n)
{
    static const char zeros[ALIGN];
    size_t pad = (ALIGN - n % ALIGN) % ALIGN;
    return (n == 0 || fwrite(p, 1, n, f) == n) &&
                   (pad == 0 || fwrite(zeros, 1, pad, f) == pad)
               ? 0
               : -1;
}

int nt_blob_put_u64(FILE *f, uint64_t v)
{
    return nt_blob_put(f, &v, sizeof v);
}

int nt_mapping_open(const char *path, nt_mapping *m)
{
    struct stat st;
    memset(m, 0, sizeof *m);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            m->base = p;
            m->size = (size_t)st.st_size;
        }
    }
    close(fd); /* the mapping stays valid */
    return m->base ? 0 : -1;
}

void nt_mapping_close(nt_mapping *m)
{
    if (m->base)
        munmap(m->base, m->size);
    memset(m, 0, sizeof *m);
}

int nt_blob_write_file(const char *path, int mode,
                       int (*fn)(FILE *f, const void *ctx), const void *ctx)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 8);
    if (!tmp)
        return -1;
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".XXXXXX", 8);
    int fd = mkstemp(tmp);
    if (fd >= 0)
        fchmod(fd, (mode_t)mode); /* not mkstemp's 0600 */
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f && fd >= 0)
        close(fd);
    int rc = f ? fn(f, ctx) : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    if (fd >= 0 && (rc != 0 || rename(tmp, path) != 0)) {
        unlink(tmp);
        rc = -1;
    }
    free(tmp);
    return rc;
}
