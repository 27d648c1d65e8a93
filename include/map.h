/* map.h - an open-addressing hash map from byte strings to 64-bit values,
 * the one lookup structure behind word classes, gazetteers and triggers.
 * Lookup costs one hash of the key and, usually, one comparison. */
#ifndef NT_MAP_H
#define NT_MAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct nt_map nt_map;

nt_map *nt_map_new(void);
void nt_map_free(nt_map *m); /* accepts NULL */

/* Returns a pointer to the value stored for key, inserting 0 first when the
 * key is new. The pointer is valid until the next insertion. Keys are copied. */
uint64_t *nt_map_slot(nt_map *m, const char *key, size_t n);

/* Returns the value's address, or NULL when key is absent. */
const uint64_t *nt_map_get(const nt_map *m, const char *key, size_t n);

size_t nt_map_count(const nt_map *m);

/* Forgets every key, keeping the storage for reuse. */
void nt_map_clear(nt_map *m);

/* Calls fn for every key in insertion order. */
void nt_map_each(const nt_map *m,
                 void (*fn)(const char *key, size_t n, uint64_t v, void *ctx),
                 void *ctx);

/* Writes m to f (0, or -1 on a write error), and reads such a copy back
 * (NULL when f is short or inconsistent): the compiled gazetteer cache. The
 * layout is this build's memory layout; callers version their files. */
int nt_map_write(const nt_map *m, FILE *f);
nt_map *nt_map_read(FILE *f);

/* FNV-1a, exported so callers can hash incrementally-built keys the same way. */
uint64_t nt_map_hash(const char *key, size_t n);

#endif
