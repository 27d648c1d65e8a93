/* bytecache.c - byte strings kept by key in a file (see bytecache.h).
 *
 * The file: a magic, the size of the data section, the data section (each
 * value as its 64-bit hash then its bytes, 8-byte aligned), and a map from
 * key to where the value lies in it (see map.h). */
#include "bytecache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "buf.h"
#include "map.h"
#include "util.h"

#define MAGIC "NTBYTES\1"

/* Where a value lies: in the file's data section (offset of its hash, and
 * its size in the low SIZE_BITS), or, with NEW_BIT, at an index of the
 * values put since. */
#define NEW_BIT (1ull << 63)
#define SIZE_BITS 24
#define SIZE_MAX_ ((1ull << SIZE_BITS) - 1)

typedef struct {
    unsigned char *p; /* owned */
    size_t n;
} value;

struct nt_bytecache {
    char *path;
    nt_mapping map;
    const unsigned char *data; /* the file's data section, in map */
    size_t dsize;
    nt_map *keys; /* key -> location; a view of the file until a put */
    value *fresh; /* the values put */
    size_t nfresh, cap;
};

/* Reads the file into c, or leaves c empty (and unmapped). */
static void read_file(nt_bytecache *c)
{
    if (nt_mapping_open(c->path, &c->map))
        return;
    nt_blob b;
    nt_blob_init(&b, c->map.base, c->map.size);
    const char *magic = nt_blob_take(&b, 1, 8);
    c->dsize = (size_t)nt_blob_u64(&b);
    c->data = magic && memcmp(magic, MAGIC, 8) == 0 ? nt_blob_take(&b, c->dsize, 1) : NULL;
    c->keys = c->data ? nt_map_view(&b) : NULL;
    if (!c->keys) {
        nt_mapping_close(&c->map);
        c->data = NULL;
        c->dsize = 0;
    }
}

nt_bytecache *nt_bytecache_open(const char *path)
{
    nt_bytecache *c = nt_xcalloc(1, sizeof *c);
    c->path = nt_xstrdup(path);
    read_file(c);
    if (!c->keys)
        c->keys = nt_map_new();
    return c;
}

void nt_bytecache_free(nt_bytecache *c)
{
    if (!c)
        return;
    nt_map_free(c->keys); /* before the mapping its view may lie in */
    nt_mapping_close(&c->map);
    for (size_t i = 0; i < c->nfresh; i++)
        free(c->fresh[i].p);
    free(c->fresh);
    free(c->path);
    free(c);
}

/* The bytes at location loc, NULL when they lie outside the data section
 * or do not hash to the hash stored with them (a damaged file). */
static const void *at(const nt_bytecache *c, uint64_t loc, size_t *n)
{
    if (loc & NEW_BIT) {
        const value *v = &c->fresh[loc & ~NEW_BIT];
        *n = v->n;
        return v->p;
    }
    uint64_t off = loc >> SIZE_BITS, size = loc & SIZE_MAX_, hash;
    if (off > c->dsize || c->dsize - off < 8 || c->dsize - off - 8 < size)
        return NULL;
    memcpy(&hash, c->data + off, 8);
    if (hash != nt_map_hash((const char *)c->data + off + 8, (size_t)size))
        return NULL;
    *n = (size_t)size;
    return c->data + off + 8;
}

const void *nt_bytecache_get(nt_bytecache *c, const void *key, size_t klen,
                             size_t *n)
{
    const uint64_t *loc = nt_map_get(c->keys, key, klen);
    return loc ? at(c, *loc, n) : NULL;
}

void nt_bytecache_put(nt_bytecache *c, const void *key, size_t klen,
                      const void *v, size_t n)
{
    if (n > SIZE_MAX_) /* more than the file can locate: not kept */
        return;
    c->fresh = nt_xgrow(c->fresh, &c->cap, c->nfresh + 1, sizeof *c->fresh);
    value *nv = &c->fresh[c->nfresh];
    nv->p = nt_xmalloc(n);
    if (n) /* an empty value may come as NULL */
        memcpy(nv->p, v, n);
    nv->n = n;
    *nt_map_slot(c->keys, key, klen) = NEW_BIT | c->nfresh++;
}

int nt_bytecache_changed(const nt_bytecache *c)
{
    return c->nfresh > 0;
}

/* The file being written: its data section and map, made as the keys are
 * gone through. */
typedef struct {
    const nt_bytecache *c;
    nt_buf data;
    nt_map *keys;
} saving;

static void save_one(const char *key, size_t klen, uint64_t loc, void *ctx)
{
    saving *s = ctx;
    size_t n;
    const void *v = at(s->c, loc, &n);
    if (!v)
        return; /* damaged: dropped */
    static const char zeros[8];
    uint64_t hash = nt_map_hash(v, n), off = s->data.len;
    nt_buf_put(&s->data, &hash, 8);
    nt_buf_put(&s->data, v, n);
    nt_buf_put(&s->data, zeros, (8 - n % 8) % 8);
    *nt_map_slot(s->keys, key, klen) = off << SIZE_BITS | n;
}

static int write_saving(FILE *f, const void *ctx)
{
    const saving *s = ctx;
    return nt_blob_put(f, MAGIC, 8) || nt_blob_put_u64(f, s->data.len) ||
                   nt_blob_put(f, s->data.data, s->data.len) || nt_map_write(s->keys, f)
               ? -1
               : 0;
}

int nt_bytecache_save(const nt_bytecache *c)
{
    saving s = {.c = c, .keys = nt_map_new()};
    nt_buf_init(&s.data);
    nt_map_each(c->keys, save_one, &s);
    int rc = nt_blob_write_file(c->path, 0644, write_saving, &s);
    nt_buf_free(&s.data);
    nt_map_free(s.keys);
    return rc;
}
