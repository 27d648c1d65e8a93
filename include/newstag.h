/* newstag.h - types shared by every module: entity types, entities, error records. */
#ifndef NEWSTAG_H
#define NEWSTAG_H

#include <stddef.h>
#include <stdint.h>

#define NT_VERSION "0.1.0"

/* Entity types. NT_NONE marks known non-entities (nationality words such as
 * "German") found by lists: they win overlaps, so no guess is made there, and
 * they are never reported. */
typedef enum {
    NT_NONE = 0,
    NT_PERSON,
    NT_LOCATION,
    NT_ORGANIZATION,
    NT_DATE,
    NT_NTYPES
} nt_type;

/* Types named by data files beyond the built-in ones (PRODUCT, TEAM...) get
 * ids from NT_NTYPES up, registered by nt_type_intern; all ids are below
 * NT_MAX_TYPES so that a type mask fits in 64 bits. */
#define NT_MAX_TYPES 64

/* Bit for a type in a type mask (the -t option). */
#define NT_TYPE_BIT(t) ((uint64_t)1 << (unsigned)(t))
#define NT_ALL_TYPES UINT64_MAX /* every type, the custom ones included */

/* Longest normalized value an entity carries, with its NUL. */
#define NT_VALUE_MAX 32

/* TIMEX3 types of the time family (entities of type NT_DATE). */
typedef enum {
    NT_TIMEX_NONE = 0, /* not a time expression, or not classified yet */
    NT_TIMEX_DATE,
    NT_TIMEX_TIME,
    NT_TIMEX_DURATION,
    NT_TIMEX_SET
} nt_timex;

/* One entity: a span of the document's bytes. */
typedef struct {
    size_t start, end;          /* byte offsets into the input, end exclusive */
    nt_type type;
    int priority;               /* higher wins in overlap resolution */
    const char *source;         /* rule or list name; owned by the extractor */
    char value[NT_VALUE_MAX];   /* normalized value (dates), "" when none */
    nt_timex timex;             /* TIMEX3 type of a NT_DATE entity */
    unsigned id;                /* mention cluster within the document, 0: none */
    uint32_t line;              /* line of the rule or list entry, 0: none */
    const char *file;           /* its file (owned by the extractor), or NULL */
} nt_entity;

/* A growable array of entities. The array owns its storage. */
typedef struct {
    nt_entity *v;
    size_t n, cap;
} nt_entities;

void nt_entities_init(nt_entities *l);
void nt_entities_grow(nt_entities *l); /* room for at least one more */

/* Appends a copy of *e. Inline: every candidate of every document is
 * pushed (by the name lists, the rules, the guesses), and the call was a
 * third of the cost of it. */
static inline void nt_entities_push(nt_entities *l, const nt_entity *e)
{
    if (l->n == l->cap)
        nt_entities_grow(l);
    l->v[l->n++] = *e;
}
void nt_entities_clear(nt_entities *l); /* forgets entries, keeps storage */
void nt_entities_free(nt_entities *l);  /* accepts an initialized empty list */

/* "PERSON", "LOCATION", "ORGANIZATION", "DATE", "NONE" or a registered
 * custom name: strings that live as long as the program. */
const char *nt_type_name(nt_type t);

/* Every type name, and every TIMEX3 name (nt_timex_name_n), lies in
 * storage of this many bytes, zero after the name: a caller may copy this
 * many bytes and keep the length. */
#define NT_TYPE_NAME_ROOM 32

/* nt_type_name, with the name's length in *n. */
const char *nt_type_name_n(nt_type t, size_t *n);

/* Parses a type name of n bytes, case-insensitively; accepts the CoNLL short
 * forms PER, LOC, ORG, "NONE"/"-" for blockers and registered custom names.
 * 0 on success, -1 if unknown. */
int nt_type_parse(const char *s, size_t n, nt_type *t);

/* Error record filled by modules, which never print or exit themselves. */
typedef struct {
    char msg[512];
} nt_error;

/* Like nt_type_parse, but registers a new name (letters, digits, '_' and
 * '-', at most 31 bytes, kept in upper case) as a custom type. The registry
 * is process-wide: type ids must mean the same to every formatter. Returns
 * -1 with err set for a bad name or when NT_MAX_TYPES are taken. */
int nt_type_intern(const char *s, size_t n, nt_type *t, nt_error *err);

#endif
