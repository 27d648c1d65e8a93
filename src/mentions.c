/* mentions.c - one name, one type and one id per article.
 *
 * Names typed with evidence (lists, rules, context) teach the article's
 * other mentions: the same words, a person's surname alone, a company
 * without its legal suffix, an acronym of a multi-word name. Plain guesses
 * take the type so learnt; then each mention gets the id of its entity,
 * keyed by type and canonical form. */
#include "mentions.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "nametab.h"
#include "util.h"

/* Longest acronym built from a name ("International Monetary Fund" ->
 * "IMF"). */
#define ACRONYM_MAX 12

/* Names longer than this are numbered by their first ID_KEY_MAX bytes. */
#define ID_KEY_MAX 255

struct nt_mentions {
    const nt_lex *lx;
    int orgsuffix;
    nt_nametab types; /* name -> type + 1; names in the text or abbrs */
    nt_nametab ids;   /* type + canonical name -> id */
    char *abbrs;      /* the acronyms retype learns, ACRONYM_MAX each */
    size_t abbrs_cap;
    size_t *bases; /* per entity: number's without_suffix, for joins */
    size_t bases_cap;
    unsigned *remap; /* scratch of compact_ids */
    size_t remap_cap;
};

nt_mentions *nt_mentions_new(const nt_lex *lx)
{
    nt_mentions *m = nt_xmalloc(sizeof *m);
    m->lx = lx;
    m->orgsuffix = nt_lex_class_find(lx, "orgsuffix");
    nt_nametab_init(&m->types);
    nt_nametab_init(&m->ids);
    m->abbrs = NULL;
    m->abbrs_cap = 0;
    m->bases = NULL;
    m->bases_cap = 0;
    m->remap = NULL;
    m->remap_cap = 0;
    return m;
}

void nt_mentions_free(nt_mentions *m)
{
    if (!m)
        return;
    nt_nametab_free(&m->types);
    nt_nametab_free(&m->ids);
    free(m->abbrs);
    free(m->bases);
    free(m->remap);
    free(m);
}

/* Plain guesses, and names guessed from a first name alone ("Johnson
 * Controls" after "Johnson Controls Inc"): what other mentions say wins.
 * caps.c's entities carry its very source literals (when the linker merges
 * equal literals), which answers at once; others, such as a rule of the
 * same name, have their text compared. */
static int is_guess(const nt_entity *e)
{
    static const char *const context = NT_CAPS_CONTEXT_SOURCE;
    int strong = e->priority == NT_CAPS_STRONG_PRIORITY;
    if (e->source == context) /* a context guess: no plain one */
        return strong;
    return nt_streq(e->source, NT_CAPS_SOURCE) ||
           (strong && nt_streq(e->source, NT_CAPS_CONTEXT_SOURCE));
}

/* Start of the last word of s[0..n). */
static size_t last_word(const char *s, size_t n)
{
    size_t k = n;
    while (k > 0 && s[k - 1] != ' ')
        k--;
    return k;
}

/* Length of an organization's name without a final legal suffix
 * ("Johnson Controls Inc" -> "Johnson Controls"), n when it has none. */
static size_t without_suffix(const nt_mentions *m, const char *s, size_t n)
{
    size_t k = last_word(s, n);
    if (k == 0 || m->orgsuffix < 0)
        return n;
    uint64_t mask = nt_lex_lookup(m->lx, s + k, n - k);
    if (!((mask >> m->orgsuffix) & 1))
        return n;
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == ','))
        k--;
    return k;
}

/* Writes the initials of the capitalized words of s[0..n) to out; returns
 * their count, 0 when fewer than two or more than ACRONYM_MAX. */
static size_t acronym(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if ((i == 0 || s[i - 1] == ' ') && s[i] >= 'A' && s[i] <= 'Z') {
            if (k == ACRONYM_MAX)
                return 0;
            out[k++] = s[i];
        }
    }
    return k >= 2 ? k : 0;
}

/* Records name -> type unless the name has a type already. */
static void learn(nt_mentions *m, const char *s, size_t n, nt_type t)
{
    uint32_t *v = nt_nametab_find(&m->types, 0, s, n, 1);
    if (!*v)
        *v = (uint32_t)t + 1;
}

/* What one mention teaches: its own words, and the short forms that the
 * article may use later for the same entity. An acronym is written to
 * *abbr, where it stays as the key learnt. */
static void learn_forms(nt_mentions *m, const char *s, size_t n, nt_type t,
                        int evidence, char **abbr)
{
    if (evidence)
        learn(m, s, n, t);
    if (t == NT_PERSON) {
        size_t k = last_word(s, n);
        if (k > 0)
            learn(m, s + k, n - k, NT_PERSON);
    }
    if (t == NT_ORGANIZATION && evidence) {
        size_t base = without_suffix(m, s, n);
        if (base < n) /* else learnt above */
            learn(m, s, base, t);
        size_t a = acronym(s, base, *abbr);
        if (a) {
            learn(m, *abbr, a, t);
            *abbr += a;
        }
    }
}

/* Types plain guesses by what the rest of the article says of the same
 * name, and drops the guessed blockers that nothing promoted. */
void nt_mentions_retype(nt_mentions *m, nt_doc *d)
{
    nt_nametab_reset(&m->types);
    m->abbrs = nt_xgrow(m->abbrs, &m->abbrs_cap, d->ents.n * ACRONYM_MAX, 1);
    char *abbr = m->abbrs; /* never moves during the loop */
    for (size_t i = 0; i < d->ents.n; i++) {
        const nt_entity *e = &d->ents.v[i];
        if (e->type != NT_NONE)
            learn_forms(m, d->clean + e->start, e->end - e->start, e->type,
                        !is_guess(e), &abbr);
    }
    size_t kept = 0;
    for (size_t i = 0; i < d->ents.n; i++) {
        nt_entity *e = &d->ents.v[i];
        const uint32_t *t = is_guess(e)
                                ? nt_nametab_find(&m->types, 0, d->clean + e->start,
                                             e->end - e->start, 0)
                                : NULL;
        if (t)
            e->type = (nt_type)(*t - 1);
        if (e->type != NT_NONE && kept++ != i)
            d->ents.v[kept - 1] = *e;
    }
    d->ents.n = kept;
}

/* The id for type t and canonical form s[0..n), new ids numbered from
 * *next; with next NULL only looked up (0 when absent). */
static unsigned id_for(nt_mentions *m, nt_type t, const char *s, size_t n,
                       unsigned *next)
{
    if (n > ID_KEY_MAX)
        n = ID_KEY_MAX;
    uint32_t *v = nt_nametab_find(&m->ids, (uint32_t)t, s, n, next != NULL);
    if (v && !*v)
        *v = (*next)++;
    return v ? *v : 0;
}

/* Numbers the entities: people by surname, organizations without their
 * legal suffix (their acronym shares the id), others by their words. */
/* The id an id was joined to, following the chain (ids only ever join a
 * smaller one, so the chain ends). */
static unsigned find(const unsigned *alias, unsigned id)
{
    while (alias[id])
        id = alias[id];
    return id;
}

/* The acronym of each multi-word organization (of its name without legal
 * suffix, m->bases) joins its entity wherever it stands: "IMF ...
 * International Monetary Fund" as well as the reverse. Joins are recorded in
 * m->remap (alias[id] = id it joins) and resolved once, so the cost stays
 * linear in the number of entities. */
static void join_acronyms(nt_mentions *m, nt_doc *d, unsigned nids)
{
    char abbr[ACRONYM_MAX];
    unsigned *alias = m->remap;
    memset(alias, 0, (nids + 1) * sizeof *alias);
    for (size_t i = 0; i < d->ents.n; i++) {
        const nt_entity *e = &d->ents.v[i];
        size_t n = m->bases[i];
        size_t a = n ? acronym(d->clean + e->start, n, abbr) : 0;
        unsigned other = a ? id_for(m, e->type, abbr, a, NULL) : 0;
        unsigned x = other ? find(alias, other) : 0, y = find(alias, e->id);
        if (x && x != y)
            alias[x > y ? x : y] = x > y ? y : x;
    }
    for (size_t i = 0; i < d->ents.n; i++)
        d->ents.v[i].id = find(alias, d->ents.v[i].id);
}

/* Renumbers ids from 1 in order of first appearance (joins leave gaps). */
static void compact_ids(nt_mentions *m, nt_doc *d, unsigned nids)
{
    unsigned *to = m->remap, next = 1;
    memset(to, 0, (nids + 1) * sizeof *to);
    for (size_t i = 0; i < d->ents.n; i++) {
        unsigned *t = &to[d->ents.v[i].id];
        if (!*t)
            *t = next++;
        d->ents.v[i].id = *t;
    }
}

void nt_mentions_number(nt_mentions *m, nt_doc *d)
{
    unsigned next = 1;
    nt_nametab_reset(&m->ids);
    m->bases = nt_xgrow(m->bases, &m->bases_cap, d->ents.n, sizeof *m->bases);
    for (size_t i = 0; i < d->ents.n; i++) {
        nt_entity *e = &d->ents.v[i];
        const char *s = d->clean + e->start;
        size_t n = e->end - e->start, k = 0;
        if (e->type == NT_PERSON)
            k = last_word(s, n);
        else if (e->type == NT_ORGANIZATION)
            n = without_suffix(m, s, n);
        m->bases[i] = e->type == NT_ORGANIZATION ? n : 0;
        e->id = id_for(m, e->type, s + k, n - k, &next);
    }
    m->remap = nt_xgrow(m->remap, &m->remap_cap, next + 1, sizeof *m->remap);
    join_acronyms(m, d, next);
    compact_ids(m, d, next);
}
