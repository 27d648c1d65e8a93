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

/* An nt_form's key or acronym not worked out yet. */
#define KEY_UNKNOWN (-1)
#define ABBR_UNKNOWN 0xff

/* What both parts of nt_mentions_apply need of one entity's name, worked
 * out once: learning hashes each name it learns or looks up, and the key
 * of a person (the surname) or of an organization with evidence (the name
 * without legal suffix, and its acronym) as it learns them; numbering
 * files the entity under that key, and joins it by that acronym, without
 * scanning or hashing the name again. A key is kept with the type it is
 * for: a guess that is typed anew gets its key when it is numbered. */
typedef struct {
    uint32_t hash;        /* nt_nametab_hash of the whole name */
    uint32_t koff, klen;  /* the key: the name's bytes [koff, koff + klen) */
    uint32_t khash;       /* the key's hash */
    uint32_t aoff, ahash; /* an organization's acronym: m->abbrs + aoff */
    int8_t ktype;         /* the type the key is for, or KEY_UNKNOWN */
    uint8_t alen;         /* the acronym's length (0: none), ABBR_UNKNOWN */
    uint8_t multi;        /* with an organization's key: more than one word */
    uint8_t guess;        /* is_guess */
} nt_form;

struct nt_mentions {
    const nt_lex *lx;
    int orgsuffix;
    uint64_t suffix_ends[128]; /* see may_be_suffix */
    uint64_t suffix_stamp;     /* the lexicon's stamp they were made for */
    nt_nametab types; /* name -> type + 1; names in the text or abbrs */
    nt_nametab ids;   /* type + canonical name -> id */
    char *abbrs;      /* the acronyms learnt, ACRONYM_MAX each */
    size_t abbrs_cap;
    nt_form *forms; /* per entity (see nt_form) */
    size_t forms_cap;
    uint64_t *wanted;     /* the names the article's guesses look up
                             (see name_in): no others are learnt */
    uint64_t *learnt;     /* the names learnt (in the same block) */
    size_t sets_cap;      /* words of both */
    unsigned shift;       /* a name's bit: its hash >> shift */
    int named;       /* whether learning keyed an organization like an acronym */
    unsigned *remap; /* scratch of join_acronyms and renumber */
    size_t remap_cap;
};

static void note_suffixes(nt_mentions *m);

nt_mentions *nt_mentions_new(const nt_lex *lx)
{
    nt_mentions *m = nt_xmalloc(sizeof *m);
    m->lx = lx;
    m->orgsuffix = nt_lex_class_find(lx, "orgsuffix");
    nt_nametab_init(&m->types);
    nt_nametab_init(&m->ids);
    m->abbrs = NULL;
    m->abbrs_cap = 0;
    m->forms_cap = 64; /* an article's worth, allocated with the rest */
    m->forms = nt_xmalloc(m->forms_cap * sizeof *m->forms);
    m->wanted = m->learnt = NULL;
    m->sets_cap = 0;
    m->shift = 26;
    m->named = 0;
    m->remap = NULL;
    m->remap_cap = 0;
    note_suffixes(m);
    return m;
}

void nt_mentions_free(nt_mentions *m)
{
    if (!m)
        return;
    nt_nametab_free(&m->types);
    nt_nametab_free(&m->ids);
    free(m->abbrs);
    free(m->forms);
    free(m->wanted);
    free(m->remap);
    free(m);
}

/* Plain guesses, and names guessed from a first name alone ("Johnson
 * Controls" after "Johnson Controls Inc"): what other mentions say wins.
 * caps.c's entities carry its very source literals (when the linker merges
 * equal literals), which answers at once; others, such as a rule of the
 * same name, have their text compared. */
static inline __attribute__((always_inline)) int is_guess(const nt_entity *e)
{
    static const char *const context = NT_CAPS_CONTEXT_SOURCE;
    int strong = e->priority == NT_CAPS_STRONG_PRIORITY;
    if (e->source == context) /* a context guess: no plain one */
        return strong;
    return nt_streq(e->source, NT_CAPS_SOURCE) ||
           (strong && nt_streq(e->source, NT_CAPS_CONTEXT_SOURCE));
}

/* Start of the last word of s[0..n): the spaces looked for eight bytes at
 * a time from the end (a byte loop was 3-4 instructions a byte, over
 * whole names when they are one word). */
static size_t last_word(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, low7 = 0x7f * ones;
    size_t k = n;
    for (; k >= 8; k -= 8) {
        uint64_t w;
        memcpy(&w, s + k - 8, 8);
        uint64_t x = w ^ (' ' * ones); /* a space: a zero byte */
        /* a byte's top bit: set when the byte is not zero (exact: no
         * carry leaves a byte) */
        uint64_t zero = ~(((x & low7) + low7) | x) & (0x80 * ones);
        if (zero) /* the last space: the highest byte found */
            return k - 8 + (size_t)(63 - __builtin_clzll(zero)) / 8 + 1;
    }
    while (k > 0 && s[k - 1] != ' ')
        k--;
    return k;
}

/* The ends of a word as its lexicon key begins and ends (a final period
 * dropped, ASCII folded); 0 when either is not ASCII. */
static int word_ends(const char *w, size_t n, unsigned *first,
                     unsigned *last)
{
    if (n > 1 && w[n - 1] == '.')
        n--;
    unsigned f = (unsigned char)w[0], l = (unsigned char)w[n - 1];
    if (f >= 0x80 || l >= 0x80)
        return 0;
    *first = f - 'A' < 26u ? f + 0x20 : f;
    *last = l - 'A' < 26u ? l + 0x20 : l;
    return 1;
}

/* Notes the ends of each legal suffix of the lexicon: suffix_ends[first]
 * has bit last % 64. A suffix whose ends are not ASCII could be the fold of
 * other ends: then every word may be one. */
static void note_suffixes(nt_mentions *m)
{
    memset(m->suffix_ends, 0, sizeof m->suffix_ends);
    m->suffix_stamp = nt_lex_stamp(m->lx);
    if (m->orgsuffix < 0)
        return;
    size_t len, n;
    const char *w = nt_lex_class_words(m->lx, m->orgsuffix, &len);
    for (const char *end = w + len; w < end; w += n + 1) {
        unsigned f, l;
        n = strlen(w);
        if (!n)
            continue;
        if (!word_ends(w, n, &f, &l)) {
            memset(m->suffix_ends, 0xff, sizeof m->suffix_ends);
            return;
        }
        m->suffix_ends[f] |= (uint64_t)1 << (l & 63);
    }
}

/* Notes the suffixes anew when words were added to the lexicon since. */
static void suffixes_fresh(nt_mentions *m)
{
    if (m->suffix_stamp != nt_lex_stamp(m->lx))
        note_suffixes(m);
}

/* Whether the word w[0..n) may be a legal suffix: only then is it looked
 * up (a lookup folds and hashes it, some 230 instructions; most last
 * words of names, "Bank", "Union", "Reuters", have ends no suffix has). */
static int may_be_suffix(const nt_mentions *m, const char *w, size_t n)
{
    unsigned f, l;
    if (n == 0)
        return 0; /* the empty word is in no class */
    return !word_ends(w, n, &f, &l) || ((m->suffix_ends[f] >> (l & 63)) & 1);
}

/* Length of an organization's name without a final legal suffix
 * ("Johnson Controls Inc" -> "Johnson Controls"), n when it has none;
 * *multi says whether the name has more than one word. */
static size_t without_suffix(const nt_mentions *m, const char *s, size_t n,
                             uint8_t *multi)
{
    size_t k = last_word(s, n);
    *multi = k > 0;
    if (k == 0 || m->orgsuffix < 0 || !may_be_suffix(m, s + k, n - k))
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

/* Sets of names (nt_mentions.wanted and learnt): a bit per name, by the
 * top bits of its hash, in 8 bits or more per entity of the article, so
 * that few names share a bit. A name whose bit is clear is not in the set;
 * one whose bit is set may be. */
static int name_in(const uint64_t *set, unsigned shift, uint32_t h)
{
    uint32_t i = h >> shift;
    return (set[i >> 6] >> (i & 63)) & 1;
}

static void name_add(uint64_t *set, unsigned shift, uint32_t h)
{
    uint32_t i = h >> shift;
    set[i >> 6] |= (uint64_t)1 << (i & 63);
}

/* Empties the sets, sized for n entities: 64 bits up to 2^24. */
static void sets_reset(nt_mentions *m, size_t n)
{
    unsigned shift = 26; /* 64 bits */
    while (shift > 8 && ((size_t)1 << (32 - shift)) < 8 * n)
        shift--;
    size_t words = ((size_t)1 << (32 - shift)) / 64;
    if (words > m->sets_cap) {
        free(m->wanted);
        m->wanted = nt_xmalloc(2 * words * sizeof *m->wanted);
        m->sets_cap = words;
    }
    m->learnt = m->wanted + words;
    memset(m->wanted, 0, 2 * words * sizeof *m->wanted);
    m->shift = shift;
}

/* learn's entry (kept out of line: the test before it is what most names
 * need, and a call for each cost more than the entries). */
__attribute__((noinline)) static void
learn_name(nt_mentions *m, const char *s, size_t n, uint32_t h, nt_type t)
{
    name_add(m->learnt, m->shift, h);
    uint32_t *v = nt_nametab_find_hashed(&m->types, h, 0, s, n, 1);
    if (!*v)
        *v = (uint32_t)t + 1;
}

/* Records name -> type unless the name has a type already; h is the
 * name's hash. Only the names that a guess of the article looks up are
 * ever asked for again: the others, most of them, need no entry. */
static inline void learn(nt_mentions *m, const char *s, size_t n, uint32_t h,
                         nt_type t)
{
    if (name_in(m->wanted, m->shift, h))
        learn_name(m, s, n, h, t);
}

/* Sets f's key to s[off..off + len) of the name s[0..n), for type t. */
static void set_key(nt_form *f, const char *s, size_t n, size_t off,
                    size_t len, nt_type t)
{
    f->koff = (uint32_t)off;
    f->klen = (uint32_t)len;
    f->khash = off == 0 && len == n ? f->hash : nt_nametab_hash(s + off, len);
    f->ktype = (int8_t)t;
}

/* Whether key[0..n) could be an acronym that acronym() writes: 2 to
 * ACRONYM_MAX capitals. An organization so keyed is the only kind an
 * acronym can name. */
static int acronym_like(const char *key, size_t n)
{
    if (n < 2 || n > ACRONYM_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned)(unsigned char)key[i] - 'A' >= 26u)
            return 0;
    return 1;
}

/* An organization's key, its name without legal suffix. */
static void org_key(const nt_mentions *m, nt_form *f, const char *s, size_t n)
{
    set_key(f, s, n, 0, without_suffix(m, s, n, &f->multi), NT_ORGANIZATION);
}

/* What an organization known from evidence (its name s[0..n), its form f)
 * teaches beside its name: its name without legal suffix, and its acronym,
 * written to *abbr, where it stays as the key learnt. */
static void learn_org_forms(nt_mentions *m, nt_form *f, const char *s, size_t n,
                            char **abbr)
{
    org_key(m, f, s, n);
    if (!m->named) /* one such is enough */
        m->named = acronym_like(s, f->klen);
    if (f->klen < n) /* else learnt with the name */
        learn(m, s, f->klen, f->khash, NT_ORGANIZATION);
    size_t a = f->multi ? acronym(s, f->klen, *abbr) : 0;
    f->alen = (uint8_t)a;
    if (a) {
        f->aoff = (uint32_t)(*abbr - m->abbrs);
        f->ahash = nt_nametab_hash(*abbr, a);
        learn(m, *abbr, a, f->ahash, NT_ORGANIZATION);
        *abbr += a;
    }
}

/* What one mention (its name s[0..n), its form f) teaches: its own words,
 * and the short forms that the article may use later for the same entity
 * (a person's surname; see learn_org_forms). Inline, so that places and
 * dates, which teach their words alone, cost no call. */
static inline void learn_forms(nt_mentions *m, nt_form *f, const char *s,
                               size_t n, nt_type t, char **abbr)
{
    if (!f->guess)
        learn(m, s, n, f->hash, t);
    if (t == NT_PERSON) {
        size_t k = last_word(s, n);
        set_key(f, s, n, k, n - k, NT_PERSON);
        if (k > 0)
            learn(m, s + k, n - k, f->khash, NT_PERSON);
    } else if (t == NT_ORGANIZATION && !f->guess) {
        learn_org_forms(m, f, s, n, abbr);
    }
}

/* Starts entity e's form: its span, whether it is a guess, and its
 * name's hash, which a blocker with evidence is not given: it can teach
 * nothing and learn nothing, and is dropped. */
static void form_init(nt_form *f, const nt_doc *d, const nt_entity *e)
{
    f->guess = (uint8_t)is_guess(e);
    f->ktype = KEY_UNKNOWN;
    f->alen = ABBR_UNKNOWN;
    if (e->type != NT_NONE || f->guess)
        f->hash = nt_nametab_hash(d->clean + e->start, e->end - e->start);
}

/* The type that the rest of the article gives guess e (its form f), or
 * e's own when nothing does. */
static inline nt_type learnt_type(nt_mentions *m, const nt_doc *d,
                           const nt_entity *e, const nt_form *f)
{
    const uint32_t *t =
        name_in(m->learnt, m->shift, f->hash)
            ? nt_nametab_find_hashed(&m->types, f->hash, 0,
                                     d->clean + e->start, e->end - e->start, 0)
            : NULL;
    return t ? (nt_type)(*t - 1) : e->type;
}

/* The first part of nt_mentions_apply: the entities' forms made, and
 * what the mentions with evidence teach learnt. */
static void learn_article(nt_mentions *m, nt_doc *d)
{
    size_t n = d->ents.n;
    suffixes_fresh(m);
    nt_nametab_reset(&m->types);
    m->abbrs = nt_xgrow(m->abbrs, &m->abbrs_cap, n * ACRONYM_MAX, 1);
    m->forms = nt_xgrow(m->forms, &m->forms_cap, n, sizeof *m->forms);
    char *abbr = m->abbrs; /* never moves during the loop */
    sets_reset(m, n);
    m->named = 0;
    for (size_t i = 0; i < n; i++) {
        nt_form *f = &m->forms[i];
        form_init(f, d, &d->ents.v[i]);
        if (f->guess)
            name_add(m->wanted, m->shift, f->hash);
    }
    for (size_t i = 0; i < n; i++) {
        const nt_entity *e = &d->ents.v[i];
        if (e->type != NT_NONE)
            learn_forms(m, &m->forms[i], d->clean + e->start,
                        e->end - e->start, e->type, &abbr);
    }
}

/* The id of the organization an acronym abbr[0..a) (hash h) names, 0
 * when none. */
static unsigned acronym_names(nt_mentions *m, const char *abbr, size_t a,
                              uint32_t h)
{
    const uint32_t *v =
        nt_nametab_find_hashed(&m->ids, h, NT_ORGANIZATION, abbr, a, 0);
    return v ? *v : 0;
}

/* The id an id was joined to, following the chain (ids only ever join a
 * smaller one, so the chain ends). */
static unsigned find(const unsigned *alias, unsigned id)
{
    while (alias[id])
        id = alias[id];
    return id;
}

/* The id of the entity that organization e's acronym names, 0 when none:
 * the acronym learnt, else one made here from the key. */
static unsigned acronym_id(nt_mentions *m, const nt_doc *d,
                           const nt_entity *e, const nt_form *f)
{
    if (f->alen != ABBR_UNKNOWN)
        return f->alen ? acronym_names(m, m->abbrs + f->aoff, f->alen, f->ahash)
                       : 0;
    char abbr[ACRONYM_MAX];
    size_t a = f->multi ? acronym(d->clean + e->start, f->klen, abbr) : 0;
    return a ? acronym_names(m, abbr, a, nt_nametab_hash(abbr, a)) : 0;
}

/* The acronym of each multi-word organization (of its name without legal
 * suffix, its key) joins its entity wherever it stands: "IMF ...
 * International Monetary Fund" as well as the reverse. Joins are recorded in
 * m->remap (alias[id] = the smaller id it joins) for renumber to resolve
 * once, so the cost stays linear in the number of entities. Returns
 * whether any was made. */
static int join_acronyms(nt_mentions *m, nt_doc *d, unsigned nids)
{
    unsigned *alias = m->remap;
    int joined = 0;
    memset(alias, 0, (nids + 1) * sizeof *alias);
    for (size_t i = 0; i < d->ents.n; i++) {
        const nt_entity *e = &d->ents.v[i];
        if (e->type != NT_ORGANIZATION)
            continue;
        unsigned other = acronym_id(m, d, e, &m->forms[i]);
        unsigned x = other ? find(alias, other) : 0, y = find(alias, e->id);
        if (x && x != y) {
            alias[x > y ? x : y] = x > y ? y : x;
            joined = 1;
        }
    }
    return joined;
}

/* After joins, gives each entity the id of its entity, numbered from 1 in
 * order of first appearance. key_id hands ids out in that order and a join
 * keeps the smaller id, so joined entities first appear where their
 * smallest id does: the ids are renumbered in their own order, each joined
 * one taking the number of the smaller id it joins, already renumbered
 * (m->remap in place), then the entities in one pass. Resolving each
 * entity's chain, then renumbering in order of appearance, took two passes
 * over the entities: 0.94M instructions more on the concatenated file. */
static void renumber(nt_mentions *m, nt_doc *d, unsigned nids)
{
    unsigned *to = m->remap, next = 1;
    for (unsigned id = 1; id < nids; id++)
        to[id] = to[id] ? to[to[id]] : next++;
    for (size_t i = 0; i < d->ents.n; i++)
        d->ents.v[i].id = to[d->ents.v[i].id];
}

/* Gives f, the form of entity e, the key of e's type (people by surname,
 * organizations without their legal suffix, others by their words) when
 * learning left none for it; returns whether an acronym may name e. */
static inline __attribute__((always_inline)) int
key_for(const nt_mentions *m, const nt_doc *d, const nt_entity *e,
                   nt_form *f)
{
    const char *s = d->clean + e->start;
    size_t n = e->end - e->start;
    f->alen = ABBR_UNKNOWN;
    if (e->type == NT_PERSON) {
        size_t k = last_word(s, n);
        set_key(f, s, n, k, n - k, NT_PERSON);
    } else if (e->type == NT_ORGANIZATION) {
        org_key(m, f, s, n);
        return acronym_like(s, f->klen);
    } else {
        set_key(f, s, n, 0, n, e->type);
    }
    return 0;
}

/* The id of entity e, filed under its key's first ID_KEY_MAX bytes with
 * its type: a new one, *next, for a key not seen before. */
static inline __attribute__((always_inline)) unsigned key_id(nt_mentions *m, const nt_doc *d, const nt_entity *e,
                       const nt_form *f, unsigned *next)
{
    const char *key = d->clean + e->start + f->koff;
    size_t n = f->klen;
    uint32_t h = f->khash;
    if (n > ID_KEY_MAX) {
        n = ID_KEY_MAX;
        h = nt_nametab_hash(key, n);
    }
    uint32_t *v = nt_nametab_find_hashed(&m->ids, h, (uint32_t)e->type, key,
                                         n, 1);
    if (!*v)
        *v = (*next)++;
    return *v;
}

/* Joins the organizations that acronyms name, when one may (named: an
 * organization is keyed like an acronym); next is the first id not given. */
static void join_named(nt_mentions *m, nt_doc *d, int named, unsigned next)
{
    if (!named)
        return;
    m->remap = nt_xgrow(m->remap, &m->remap_cap, next + 1, sizeof *m->remap);
    if (join_acronyms(m, d, next))
        renumber(m, d, next);
}

/* After learn_article, one pass: each guess is typed by what the rest of
 * the article says of its name, blockers nothing promoted are dropped, and
 * each entity is keyed, numbered and moved into place (the forms are the
 * entities' own, and only an organization's form, which join_acronyms
 * reads, moves with it). Acronyms are looked up only when an organization
 * is keyed like one (most articles have none), and ids renumbered only
 * after a join. */
void nt_mentions_apply(nt_mentions *m, nt_doc *d)
{
    size_t n = d->ents.n, kept = 0;
    learn_article(m, d);
    unsigned next = 1;
    int named = m->named;
    nt_nametab_reset(&m->ids);
    for (size_t i = 0; i < n; i++) {
        nt_entity *e = &d->ents.v[i];
        nt_form *f = &m->forms[i];
        if (f->guess)
            e->type = learnt_type(m, d, e, f);
        if (e->type == NT_NONE)
            continue;
        if (f->ktype != (int)e->type)
            named |= key_for(m, d, e, f);
        e->id = key_id(m, d, e, f, &next);
        if (kept != i) {
            d->ents.v[kept] = *e;
            if (e->type == NT_ORGANIZATION)
                m->forms[kept] = *f;
        }
        kept++;
    }
    d->ents.n = kept;
    join_named(m, d, named, next);
}
