/* bytecache.h - byte strings kept by key in a file between runs: what is
 * costly to make and the same every run (the rules' compiled patterns and
 * their readings, bytes and words, see ruleset.h; word classes'
 * expansions, see macros.h). The file is mapped; a value is read in place,
 * checked against the hash stored with it, so that a damaged file gives
 * misses, never wrong bytes. New values are kept in memory until saved.
 *
 * The file is a cache: when it is missing, damaged or from another build,
 * every lookup misses and the caller makes the values again. The hashes
 * guard against damage, not malice: the file is trusted as the data folder
 * it lives in (and the rules there) is. */
#ifndef NT_BYTECACHE_H
#define NT_BYTECACHE_H

#include <stddef.h>

typedef struct nt_bytecache nt_bytecache;

/* The cache of the file at path (copied), empty when the file cannot be
 * used. Never NULL. */
nt_bytecache *nt_bytecache_open(const char *path);
void nt_bytecache_free(nt_bytecache *c); /* accepts NULL */

/* The value of key[0..klen), its size in *n; NULL when absent. Valid until
 * c is freed. */
const void *nt_bytecache_get(nt_bytecache *c, const void *key, size_t klen,
                             size_t *n);

/* Sets the value of a key (both copied); a key already there keeps its
 * first value. */
void nt_bytecache_put(nt_bytecache *c, const void *key, size_t klen,
                      const void *v, size_t n);

/* Whether values were put since the file was read: it is worth saving. */
int nt_bytecache_changed(const nt_bytecache *c);

/* Writes every value, those read from the file and those put since, to the
 * file (atomically, see nt_blob_write_file). Best effort: 0, or -1 when it
 * could not be written (a read-only folder). */
int nt_bytecache_save(const nt_bytecache *c);

#endif
