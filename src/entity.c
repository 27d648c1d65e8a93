/* entity.c - entity lists and type names, built-in and custom. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "entity.h"
#include "util.h"

/* Each name in NT_TYPE_NAME_ROOM bytes with its length, so that a
 * formatter copies a fixed size instead of measuring (nt_type_name_n).
 * Custom type names (ids NT_NTYPES...) are process-wide rather than per
 * extractor because nt_type_name, which every formatter calls with a bare
 * id, must resolve them; names are fixed-size so nothing is ever freed. */
#define NAME(s) {s, sizeof s - 1}
nt_type_name_table nt_type_names = {
    .known = NT_NTYPES,
    .v = {
        [NT_NONE] = NAME("NONE"),
        [NT_PERSON] = NAME("PERSON"),
        [NT_LOCATION] = NAME("LOCATION"),
        [NT_ORGANIZATION] = NAME("ORGANIZATION"),
        [NT_DATE] = NAME("DATE"),
        [NT_MAX_TYPES] = NAME("?"),
    },
};
#undef NAME

/* Accepted spellings, including the CoNLL short forms used by gold files. */
static const struct {
    const char *name;
    nt_type type;
} type_aliases[] = {
    {"PERSON", NT_PERSON},       {"PER", NT_PERSON},
    {"LOCATION", NT_LOCATION},   {"LOC", NT_LOCATION},
    {"ORGANIZATION", NT_ORGANIZATION}, {"ORG", NT_ORGANIZATION},
    {"DATE", NT_DATE},           {"NONE", NT_NONE},
    {"-", NT_NONE},
};

const char *nt_type_name(nt_type t)
{
    return nt_type_name_at(t)->s;
}

const char *nt_type_name_n(nt_type t, size_t *n)
{
    const nt_type_name_slot *slot = nt_type_name_at(t);
    *n = slot->n;
    return slot->s;
}

int nt_type_parse(const char *s, size_t n, nt_type *t)
{
    for (size_t i = 0; i < sizeof type_aliases / sizeof *type_aliases; i++) {
        const char *a = type_aliases[i].name;
        if (strlen(a) == n && strncasecmp(a, s, n) == 0) {
            *t = type_aliases[i].type;
            return 0;
        }
    }
    for (unsigned i = NT_NTYPES; i < nt_type_names.known; i++) {
        const nt_type_name_slot *slot = &nt_type_names.v[i];
        if (slot->n == n && strncasecmp(slot->s, s, n) == 0) {
            *t = (nt_type)i;
            return 0;
        }
    }
    return -1;
}

int nt_type_intern(const char *s, size_t n, nt_type *t, nt_error *err)
{
    if (nt_type_parse(s, n, t) == 0)
        return 0;
    int ok = n > 0 && n < NT_TYPE_NAME_ROOM;
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-';
    if (!ok) {
        nt_error_set(err, "bad type name '%.*s' (letters, digits, _ and -, "
                     "at most %d)", (int)n, s, NT_TYPE_NAME_ROOM - 1);
        return -1;
    }
    if (nt_type_names.known >= NT_MAX_TYPES) {
        nt_error_set(err, "too many entity types (at most %d)", NT_MAX_TYPES);
        return -1;
    }
    nt_type_name_slot *slot = &nt_type_names.v[nt_type_names.known];
    for (size_t i = 0; i < n; i++)
        slot->s[i] = (char)toupper((unsigned char)s[i]);
    slot->n = n;
    *t = (nt_type)nt_type_names.known++;
    return 0;
}

void nt_entities_init(nt_entities *l)
{
    l->v = NULL;
    l->n = l->cap = 0;
}

void nt_entities_grow(nt_entities *l)
{
    l->v = nt_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
}

void nt_entities_clear(nt_entities *l)
{
    l->n = 0;
}

void nt_entities_free(nt_entities *l)
{
    free(l->v);
    nt_entities_init(l);
}
