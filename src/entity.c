/* entity.c - entity lists and type names. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "newstag.h"
#include "util.h"

static const char *const type_names[NT_NTYPES] = {
    [NT_NONE] = "NONE",
    [NT_PERSON] = "PERSON",
    [NT_LOCATION] = "LOCATION",
    [NT_ORGANIZATION] = "ORGANIZATION",
    [NT_DATE] = "DATE",
};

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
    return (unsigned)t < NT_NTYPES ? type_names[t] : "?";
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
    return -1;
}

void nt_entities_init(nt_entities *l)
{
    l->v = NULL;
    l->n = l->cap = 0;
}

void nt_entities_push(nt_entities *l, const nt_entity *e)
{
    l->v = nt_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = *e;
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
