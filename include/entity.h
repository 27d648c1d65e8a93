/* entity.h - the type names' table, for formatters that read a name on
 * every line: inline, where a call to nt_type_name_n (newstag.h) cost a
 * TSV line 2 instructions more (146,000 on the 2.76 MB file). */
#ifndef NT_ENTITY_H
#define NT_ENTITY_H

#include "newstag.h"

/* A name zero-padded to NT_TYPE_NAME_ROOM bytes, with its length. */
typedef struct {
    char s[NT_TYPE_NAME_ROOM];
    size_t n;
} nt_type_name_slot;

/* Slots 0..known-1: the built-in names, then the custom ones as
 * nt_type_intern registers them; slot NT_MAX_TYPES: "?", the name of any
 * other id. Written only by nt_type_intern. */
typedef struct {
    unsigned known;
    nt_type_name_slot v[NT_MAX_TYPES + 1];
} nt_type_name_table;
extern nt_type_name_table nt_type_names;

/* t's name and length: as nt_type_name_n. */
static inline const nt_type_name_slot *nt_type_name_at(nt_type t)
{
    return &nt_type_names.v[(unsigned)t < nt_type_names.known ? (unsigned)t
                                                               : NT_MAX_TYPES];
}

#endif
