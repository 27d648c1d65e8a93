/* entity.c - entity lists and type names, built-in and custom. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "newstag.h"
#include "util.h"

/* Each name in NT_TYPE_NAME_ROOM bytes with its length, so that a
 * formatter copies a fixed size instead of measuring (nt_type_name_n). */
#define NAME(s) {s, sizeof s - 1}
static const struct {
    char s[NT_TYPE_NAME_ROOM];
    size_t n;
} type_names[NT_NTYPES] = {
    [NT_NONE] = NAME("NONE"),
    [NT_PERSON] = NAME("PERSON"),
    [NT_LOCATION] = NAME("LOCATION"),
    [NT_ORGANIZATION] = NAME("ORGANIZATION"),
    [NT_DATE] = NAME("DATE"),
};
#undef NAME
static const char unknown_name[NT_TYPE_NAME_ROOM] = "?";

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

/* Custom type names (ids NT_NTYPES...). Process-wide rather than per
 * extractor because nt_type_name, which every formatter calls with a bare
 * id, must resolve them; names are fixed-size so nothing is ever freed. */
#define CUSTOM_NAME_MAX NT_TYPE_NAME_ROOM
static char custom_names[NT_MAX_TYPES - NT_NTYPES][CUSTOM_NAME_MAX];
static unsigned char custom_len[NT_MAX_TYPES - NT_NTYPES];
static unsigned ncustom;

const char *nt_type_name(nt_type t)
{
    size_t n;
    return nt_type_name_n(t, &n);
}

const char *nt_type_name_n(nt_type t, size_t *n)
{
    if ((unsigned)t < NT_NTYPES) {
        *n = type_names[t].n;
        return type_names[t].s;
    }
    if ((unsigned)t - NT_NTYPES < ncustom) {
        *n = custom_len[(unsigned)t - NT_NTYPES];
        return custom_names[(unsigned)t - NT_NTYPES];
    }
    *n = 1;
    return unknown_name;
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
    for (unsigned i = 0; i < ncustom; i++)
        if (strlen(custom_names[i]) == n && strncasecmp(custom_names[i], s, n) == 0) {
            *t = (nt_type)(NT_NTYPES + i);
            return 0;
        }
    return -1;
}

int nt_type_intern(const char *s, size_t n, nt_type *t, nt_error *err)
{
    if (nt_type_parse(s, n, t) == 0)
        return 0;
    int ok = n > 0 && n < CUSTOM_NAME_MAX;
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-';
    if (!ok) {
        nt_error_set(err, "bad type name '%.*s' (letters, digits, _ and -, "
                     "at most %d)", (int)n, s, CUSTOM_NAME_MAX - 1);
        return -1;
    }
    if (NT_NTYPES + ncustom >= NT_MAX_TYPES) {
        nt_error_set(err, "too many entity types (at most %d)", NT_MAX_TYPES);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        custom_names[ncustom][i] = (char)toupper((unsigned char)s[i]);
    custom_names[ncustom][n] = '\0';
    custom_len[ncustom] = (unsigned char)n;
    *t = (nt_type)(NT_NTYPES + ncustom++);
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
