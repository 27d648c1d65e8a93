/* gazetteer.c - name lists as a hash of token sequences.
 *
 * Each name is tokenized like a document and its folded tokens, joined by
 * single spaces, become a key. Every proper prefix of a name is marked too,
 * so matching at a token extends one token at a time and stops as soon as no
 * longer name can follow: lookup cost is proportional to the match length. */
#include "gazetteer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blob.h"
#include "map.h"
#include "utf8.h"
#include "util.h"
#include "wordmemo.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define GAZ_LANES 1
#endif

#define PREFIX_BIT (1ull << 63)
/* A longer name whose first token may be written lowercase in the text
 * (GAZ_LOWER, GAZ_ICASE) goes on from this key: without it, a lowercase
 * "the" or "in" goes no further ("The Hague" needs "The"), where it cost a
 * lookup of the next word, most of those made. */
#define PREFIX_LOWER_BIT (1ull << 62)
/* Likewise, a longer name whose next token may be written lowercase (it is
 * not capitalized in the list, or the name is GAZ_ICASE): without it,
 * "The" before "company" or "France" before "has" goes no further. */
#define PREFIX_NEXT_LOWER_BIT (1ull << 61)
#define PREFIX_BITS (PREFIX_BIT | PREFIX_LOWER_BIT | PREFIX_NEXT_LOWER_BIT)
/* Bits 32-60 of a prefix key's value: the first bytes (folded) of the
 * tokens that may follow it, a letter to a bit (NEXT_BIT), so that walk
 * looks a pair up only when some name goes on with the next token's first
 * byte (of the pairs it looked up, most were in no list: "President
 * Obama"). The entry index keeps the low 32 bits (see store). */
#define NEXT_SHIFT 32
#define NEXT_ANY (0x1fffffffull << NEXT_SHIFT)
#define KEY_MAX 1024

/* Matching options of an entry, in the high bits of gaz_entry.caps. */
#define GAZ_ICASE (1u << 31)   /* any case: "iphone" matches "iPhone", "IPHONE" */
#define GAZ_NOACCENT (1u << 30) /* keyed without accents: "Zurich" = "Zürich" */
#define GAZ_FLAGS (GAZ_ICASE | GAZ_NOACCENT)
#define GAZ_LOWER (1u << 29) /* written lowercase first ("iPhone"): so matched */
/* Bit of token k (< NT_GAZ_MAX_TOKENS) in gaz_entry.caps: the entry writes
 * it capitalized, so the text may not write it lowercase ("Democratic
 * Party" is no match for "Democratic party"). */
#define GAZ_CAPITAL(k) (1u << (NT_GAZ_MAX_TOKENS + (k)))

typedef struct {
    nt_type type;
    int priority;
    const char *source; /* interned "name\0path": see intern_file */
    uint32_t caps; /* bit k: token k is an acronym and must be all caps;
                      GAZ_CAPITAL(k), GAZ_* options */
    uint32_t line; /* line in its file (--explain), 0 when added by hand */
} gaz_entry;

/* An entry as a compiled file keeps it: type and source as indexes into
 * tables of names, so that the file holds no pointers. */
typedef struct {
    uint32_t type, source, caps, line;
    int32_t priority, pad;
} gaz_record;

/* The entries of a view (nt_gaz_view): its records stay in the mapping and
 * are read one at a time, at a match, instead of all copied at start-up
 * (that copy was most of the start-up time). */
typedef struct {
    const gaz_record *r; /* in the mapping; NULL: none */
    nt_type types[NT_MAX_TYPES]; /* record type -> this run's type */
    const char **src; /* record source -> interned source (owned array) */
    const char **file; /* record source -> its file, after src's NUL (owned) */
    size_t ntypes, nsrc;
} gaz_records;

struct nt_gaz {
    nt_map *keys; /* key -> PREFIX_BITS | NEXT_ANY bits | (entry index + 1) */
    gaz_entry *e; /* the entries, unless rec.r holds them */
    gaz_records rec;
    size_t n, cap;
    char **strings; /* interned source names */
    size_t nstrings, scap;
    nt_tokens scratch;
    uint32_t flags; /* GAZ_* flags some entry has: matching tries them */
    /* Entries that lowercase text may match (GAZ_LOWER, GAZ_ICASE): bit
     * min(n, 63) of lower_first[b] is set when one's first token is n bytes
     * starting with byte b, so most lowercase words cost no hash lookup. */
    uint64_t lower_first[256];
    /* For a token whose text starts with byte c, the bit of a key's value
     * that says a name goes on with it (see NEXT_SHIFT): an ASCII byte's,
     * lowercased, as next_bit gives it; 63 (PREFIX_BIT, set in every key
     * a walk goes on from) for the others, whose folded form may start
     * with anything. A load in place of two case tests. */
    uint8_t next_at[256];
    int default_priority; /* of lines without one */
    nt_mapping map; /* the cache file keys lives in (cache_read), or none */
    /* What keys says of one token or two, by their bytes (see walk,
     * pair_value): kept for the keys as they were at stamp, changed with
     * every change. */
    nt_wordmemo *memo;
    uint64_t stamp; /* see nt_gaz_stamp */
};

/* The last stamp given (see nt_gaz_stamp): one process-wide count, so that
 * no two gazetteers, nor two states of one, share a stamp. */
static uint64_t last_stamp;

uint64_t nt_gaz_stamp(const nt_gaz *g)
{
    return g->stamp;
}

/* The bit of NEXT_ANY for a token whose folded form starts with byte c: a
 * letter's own, else one for digits, one for other ASCII, one for the
 * rest. */
static uint64_t next_bit(unsigned char c)
{
    unsigned u = c, b = u - 'a' < 26u ? u - 'a' : u - '0' < 10u ? 26 : u < 0x80 ? 27 : 28;
    return 1ull << (NEXT_SHIFT + b);
}

/* The memo's size: 2,048 places, 64 KB, its pages touched as they are
 * used. It holds the pairs of words walk looks up (see pair_value), of
 * which news repeats a few thousand ("Prime Minister", "Clinton ,"). With
 * 8,192 places a fifth of them were not found there instead of half (4
 * million fewer instructions on 2,160 articles, 0.6%), but a short article
 * touched more of its pages: 0.3 ms more a process (3%). */
#define MEMO_BITS 11

nt_gaz *nt_gaz_new(void)
{
    nt_gaz *g = nt_xcalloc(1, sizeof *g);
    g->keys = nt_map_new();
    g->memo = nt_wordmemo_new(MEMO_BITS, MEMO_BITS);
    g->stamp = ++last_stamp;
    g->default_priority = NT_GAZ_DEFAULT_PRIORITY;
    nt_tokens_init(&g->scratch);
    for (unsigned c = 0; c < 256; c++) {
        unsigned lc = c - 'A' < 26u ? c + 0x20 : c;
        g->next_at[c] = c < 0x80 ? (uint8_t)__builtin_ctzll(next_bit((unsigned char)lc)) : 63;
    }
    return g;
}

void nt_gaz_free(nt_gaz *g)
{
    if (!g)
        return;
    nt_map_free(g->keys);
    nt_wordmemo_free(g->memo);
    free(g->e);
    free(g->rec.src);
    free(g->rec.file);
    for (size_t i = 0; i < g->nstrings; i++)
        free(g->strings[i]);
    free(g->strings);
    nt_tokens_free(&g->scratch);
    nt_mapping_close(&g->map);
    free(g);
}

/* Interns a source name with the path of its file stored after its NUL
 * ("countries\0data/gazetteers/countries.tsv"), so that an entry finds both
 * through its one source pointer. */
static const char *intern_file(nt_gaz *g, const char *s, const char *path)
{
    size_t n = strlen(s), pn = strlen(path);
    for (size_t i = 0; i < g->nstrings; i++)
        if (strcmp(g->strings[i], s) == 0 &&
            strcmp(g->strings[i] + strlen(g->strings[i]) + 1, path) == 0)
            return g->strings[i];
    char *v = nt_xmalloc(n + pn + 2);
    memcpy(v, s, n + 1);
    memcpy(v + n + 1, path, pn + 1);
    g->strings = nt_xgrow(g->strings, &g->scap, g->nstrings + 1, sizeof *g->strings);
    return g->strings[g->nstrings++] = v;
}

const char *nt_gaz_intern(nt_gaz *g, const char *s)
{
    return intern_file(g, s, "");
}

size_t nt_gaz_count(const nt_gaz *g)
{
    return g->n;
}

/* Entry idx (from 1, as the keys hold it) into *out, and the file of its
 * source (see intern_file) into *file: a view's from its table, without a
 * strlen at every match; 0 when there is none (a damaged view: its records
 * are checked here, as they are read). Inlined: walk asks it of every
 * key it finds, and the call, with its copy of the entry, cost 1M
 * instructions on 2,160 articles. */
static inline __attribute__((always_inline)) int
entry_at(const nt_gaz *g, uint64_t idx, gaz_entry *out, const char **file)
{
    if (!idx || idx > g->n)
        return 0;
    if (!g->rec.r) {
        *out = g->e[idx - 1];
        *file = out->source + strlen(out->source) + 1;
        return 1;
    }
    const gaz_record *r = &g->rec.r[idx - 1];
    if (r->type >= g->rec.ntypes || (r->source >= g->rec.nsrc && r->source != UINT32_MAX))
        return 0;
    int known = r->source < g->rec.nsrc;
    *out = (gaz_entry){g->rec.types[r->type], r->priority,
                       known ? g->rec.src[r->source] : "\0", r->caps, r->line};
    *file = known ? g->rec.file[r->source] : out->source + 1;
    return 1;
}

/* Appends token t of text to key (with a separating space after the first
 * token); returns the new length, or 0 when the key would not fit. */
static size_t key_append(char *key, size_t klen, const char *text,
                         const nt_token *t, int unaccent)
{
    size_t n = t->end - t->start;
    if (klen + 1 + 4 * n > KEY_MAX)
        return 0;
    if (klen)
        key[klen++] = ' ';
    else if (unaccent) /* accent-free keys live apart: they start with \1 */
        key[klen++] = '\1';
    return klen + (unaccent ? nt_utf8_fold_unaccent(text + t->start, n, key + klen)
                            : nt_utf8_fold(text + t->start, n, key + klen));
}

/* Records entry index idx under key, keeping the higher-priority entry when
 * the name is already there. */
static void store(nt_gaz *g, const char *key, size_t klen, const gaz_entry *ne)
{
    uint64_t *v = nt_map_slot(g->keys, key, klen);
    g->stamp = ++last_stamp;
    uint32_t old = (uint32_t)(*v & 0xffffffffu);
    if (old && g->e[old - 1].priority >= ne->priority)
        return;
    g->e = nt_xgrow(g->e, &g->cap, g->n + 1, sizeof *g->e);
    g->e[g->n++] = *ne;
    *v = (*v & ~(uint64_t)0xffffffffu) | (uint64_t)g->n;
}

/* Notes the first token of a key that lowercase text may match. Folding
 * may change the length of non-ASCII words and dropping accents their first
 * byte: such keys open the filter wider. */
static void mark_lower(nt_gaz *g, const char *key, size_t klen, int unaccent)
{
    size_t n = 0, ascii = 1;
    while (n < klen && key[n] != ' ')
        ascii &= (unsigned char)key[n++] < 0x80;
    for (int b = 0; b < 256; b++)
        if (unaccent || b == (unsigned char)key[0])
            g->lower_first[b] |= ascii ? (uint64_t)1 << (n < 63 ? n : 63) : UINT64_MAX;
    g->stamp = ++last_stamp; /* nt_gaz_first's answers may change */
}

/* Adds entry ne (its caps bits aside) under the name's key: the folded
 * tokens, without accents for a GAZ_NOACCENT entry. */
static int add_entry(nt_gaz *g, const char *name, size_t n, gaz_entry ne)
{
    if (g->rec.r) /* a view is read-only */
        return -1;
    char *clean = nt_xmalloc(n + 1);
    nt_utf8_sanitize(name, n, clean);
    nt_tokenize(clean, n, &g->scratch);
    const nt_tokens *tk = &g->scratch;
    char key[KEY_MAX];
    size_t klen = 0;
    int unaccent = (ne.caps & GAZ_NOACCENT) != 0;
    int rc = tk->n && tk->n <= NT_GAZ_MAX_TOKENS ? 0 : -1;
    uint64_t prefix = PREFIX_BIT;
    if (rc == 0 && (tk->v[0].shape == NT_SHAPE_LOWER || (ne.caps & GAZ_ICASE)))
        prefix |= PREFIX_LOWER_BIT;
    for (size_t k = 0; rc == 0 && k < tk->n; k++) {
        if (tk->v[k].shape == NT_SHAPE_UPPER)
            ne.caps |= 1u << k;
        if (tk->v[k].shape == NT_SHAPE_CAP || tk->v[k].shape == NT_SHAPE_UPPER)
            ne.caps |= GAZ_CAPITAL(k);
        size_t before = klen;
        klen = key_append(key, klen, clean, &tk->v[k], unaccent);
        if (!klen)
            rc = -1;
        if (k) { /* marked even when the name is too long, as ever */
            uint64_t next_lower = (ne.caps & GAZ_ICASE) || !(ne.caps & GAZ_CAPITAL(k))
                                      ? PREFIX_NEXT_LOWER_BIT
                                      : 0;
            uint64_t next = klen > before + 1
                                ? next_bit((unsigned char)key[before + 1])
                                : NEXT_ANY;
            *nt_map_slot(g->keys, key, before) |= prefix | next_lower | next;
            g->stamp = ++last_stamp;
        }
    }
    if (rc == 0 && tk->v[0].shape == NT_SHAPE_LOWER)
        ne.caps |= GAZ_LOWER;
    if (rc == 0 && (ne.caps & (GAZ_LOWER | GAZ_ICASE)))
        mark_lower(g, key + unaccent, klen - unaccent, unaccent);
    if (rc == 0) {
        store(g, key, klen, &ne);
        g->flags |= ne.caps & (GAZ_FLAGS | GAZ_LOWER);
    }
    free(clean);
    return rc;
}

int nt_gaz_add(nt_gaz *g, const char *name, size_t n, nt_type type,
               int priority, const char *source)
{
    return add_entry(g, name, n, (gaz_entry){type, priority, source, 0, 0});
}

/* caps_ok's check of the tokens after the first (n > 1): out of line, as
 * most entries found are of one token. */
__attribute__((noinline)) static int caps_rest(uint32_t caps, const nt_token *toks,
                                               size_t n)
{
    for (size_t k = 1; k < n; k++) {
        if ((caps & (1u << k)) && toks[k].shape != NT_SHAPE_UPPER)
            return 0;
        if ((caps & GAZ_CAPITAL(k)) && toks[k].shape == NT_SHAPE_LOWER)
            return 0;
    }
    return 1;
}

/* Acronyms in a list ("WHO", "US") match only all-caps text, so that the
 * pronouns "Who" and "Us" at a sentence start are not taken for them. The
 * first token is checked apart from the others, in line: most entries
 * found are of one token, and a loop's set-up was most of their check. */
static inline __attribute__((always_inline)) int
caps_ok(const gaz_entry *ge, const nt_token *toks, size_t n)
{
    uint32_t caps = ge->caps;
    if (caps & GAZ_ICASE)
        return 1;
    unsigned s0 = toks[0].shape;
    if (s0 == NT_SHAPE_LOWER && (!(caps & GAZ_LOWER) || (caps & GAZ_CAPITAL(0))))
        return 0;
    if ((caps & 1u) && s0 != NT_SHAPE_UPPER)
        return 0;
    return n == 1 || caps_rest(caps, toks, n);
}

/* Whether a longer name than the key of toks[i..i+k], whose value is v,
 * may match: one goes on from the key, and the text's case allows it (see
 * caps_ok), as far as the key's bits tell. */
static int goes_on(uint64_t v, const nt_token *toks, size_t ntoks, size_t i,
                   size_t k)
{
    if (!(v & PREFIX_BIT))
        return 0;
    if (toks[i].shape == NT_SHAPE_LOWER && !(v & PREFIX_LOWER_BIT))
        return 0;
    return i + k + 1 >= ntoks || toks[i + k + 1].shape != NT_SHAPE_LOWER ||
           (v & PREFIX_NEXT_LOWER_BIT);
}

/* Makes key that of the n tokens toks[0..n) (see key_append); returns its
 * length, 0 when it would not fit. */
static size_t key_of(char *key, const char *text, const nt_token *toks,
                     size_t n, int unaccent)
{
    size_t klen = 0;
    for (size_t k = 0; k < n && (k == 0 || klen); k++)
        klen = key_append(key, klen, text, &toks[k], unaccent);
    return klen;
}

/* What the keys hold for key[0..klen) (0: nothing). */
static uint64_t key_value(const nt_gaz *g, const char *key, size_t klen)
{
    const uint64_t *v = nt_map_get(g->keys, key, klen);
    return v ? *v : 0; /* a key's value is never 0 (see store) */
}

/* What the keys hold for the two tokens t[0], t[1] (0: nothing), with
 * their key made in key[0..*klen) when it is looked up. The answer is kept
 * in g's memo under the tokens' bytes joined by a NUL, which no token
 * holds: most pairs looked up ("New York", "Clinton ,") come back, and a
 * lookup costs two folds and a hash. text has its padding (see
 * nt_gaz_match_all): 16 bytes are read at each token. */
static uint64_t pair_value(const nt_gaz *g, const char *text, const nt_token *t,
                           char *key, size_t *klen)
{
    size_t n0 = t[0].end - t[0].start, n = n0 + 1 + (t[1].end - t[1].start);
    if (n > NT_WORDMEMO_WORD) { /* too long for the memo */
        *klen = key_of(key, text, t, 2, 0);
        return *klen ? key_value(g, key, *klen) : 0;
    }
    char pair[2 * NT_WORDMEMO_WORD];
    memcpy(pair, text + t[0].start, NT_WORDMEMO_WORD);
    pair[n0] = '\0';
    memcpy(pair + n0 + 1, text + t[1].start, NT_WORDMEMO_WORD);
    nt_wordmemo_key mk;
    nt_wordmemo_answer a;
    if (nt_wordmemo_get(g->memo, pair, n, &mk, &a))
        return a.v[0];
    *klen = key_of(key, text, t, 2, 0);
    a.v[0] = *klen ? key_value(g, key, *klen) : 0;
    a.v[1] = 0;
    nt_wordmemo_put(g->memo, &mk, &a);
    return a.v[0];
}

/* The best entry a walk found at a token: its length in tokens (0: none
 * yet), the entry and its file (see entry_at). */
typedef struct {
    size_t len;
    gaz_entry ge;
    const char *file;
} walk_best;

/* The entry of v, the keys' value for the k + 1 tokens toks[0..k], into
 * *f when the text's case allows it and it beats f's (a match of the same
 * length wins only with a higher priority). */
static inline __attribute__((always_inline)) void
take_entry(const nt_gaz *g, uint64_t v, const nt_token *toks, size_t k,
           walk_best *f)
{
    gaz_entry ge;
    const char *file;
    if (entry_at(g, v & 0xffffffffu, &ge, &file) && caps_ok(&ge, toks, k + 1) &&
        (k + 1 > f->len || (k + 1 == f->len && ge.priority > f->ge.priority)))
        *f = (walk_best){k + 1, ge, file};
}

/* Whether a walk at toks[i] goes on from the key of toks[i..i+k], whose
 * value is v, to token i + k + 1: a longer name may match (goes_on), and
 * that token is there, within the paragraph and the longest names. */
static inline __attribute__((always_inline)) int
steps_on(uint64_t v, const nt_token *toks, size_t ntoks, size_t i, size_t k)
{
    return goes_on(v, toks, ntoks, i, k) && k + 1 < NT_GAZ_MAX_TOKENS &&
           i + k + 1 < ntoks && !(toks[i + k + 1].flags & NT_TOK_PARA_START);
}

/* walk from its second token on. key[0..klen) holds the key of toks[i]
 * alone, or klen is 0 when it was not made (first knew the token); with
 * first, the pair is looked up by its bytes (see pair_value). Out of line:
 * most walks end at the first token, and with this loop inlined,
 * match_known kept its own values in memory (1.7 million instructions
 * more on the concatenated bench file, 0.5%). */
__attribute__((noinline)) static void
walk_on(const nt_gaz *g, const char *text, const nt_token *toks, size_t ntoks,
        size_t i, int unaccent, walk_best *f, int first, char *key, size_t klen)
{
    /* key[0..klen) holds toks[i..i+k), unless klen is 0 (not made: first
       knew the token, the memo the pair) */
    for (size_t k = 1;; k++) {
        uint64_t v; /* the keys' value for toks[i..i+k] */
        if (k == 1 && first) {
            v = pair_value(g, text, toks + i, key, &klen);
        } else {
            if (!klen && !(klen = key_of(key, text, toks + i, k, unaccent)))
                return;
            klen = key_append(key, klen, text, &toks[i + k], unaccent);
            v = klen ? key_value(g, key, klen) : 0;
        }
        if (!v)
            return;
        take_entry(g, v, toks + i, k, f);
        if (!steps_on(v, toks, ntoks, i, k))
            return;
    }
}

/* The longest entry at toks[i] among the keys with or without accents,
 * into *f when it beats f's. first, when not NULL, is what the keys hold
 * for toks[i] alone (0: nothing), known already, and text has its padding
 * (see nt_gaz_match_all). The first token's step inlined: in match_known,
 * most walks end there, and the call was a sixth of their cost. */
static inline __attribute__((always_inline)) void
walk(const nt_gaz *g, const char *text, const nt_token *toks, size_t ntoks,
     size_t i, int unaccent, walk_best *f, const uint64_t *first)
{
    char key[KEY_MAX];
    size_t klen = 0;
    uint64_t v; /* the keys' value for toks[i] */
    if (first) {
        v = *first;
    } else {
        klen = key_append(key, 0, text, &toks[i], unaccent);
        v = klen ? key_value(g, key, klen) : 0;
    }
    if (!v)
        return;
    take_entry(g, v, toks + i, 0, f);
    if (!steps_on(v, toks, ntoks, i, 0))
        return;
    /* with first known, no name goes on with the next token's first byte
       (see NEXT_SHIFT) ends most walks here */
    if (!first || ((v >> g->next_at[(unsigned char)text[toks[i + 1].start]]) & 1))
        walk_on(g, text, toks, ntoks, i, unaccent, f, first != NULL, key, klen);
}

/* *e becomes the entity of what a walk at toks[i] found, written field by
 * field where it is kept (made whole, then copied into the list, it cost
 * about twice as much). */
static void best_entity(nt_entity *e, const walk_best *f, const nt_token *toks,
                        size_t i)
{
    e->start = toks[i].start;
    e->end = toks[i + f->len - 1].end;
    e->type = f->ge.type;
    e->priority = f->ge.priority;
    e->source = f->ge.source;
    memset(e->value, 0, sizeof e->value);
    e->timex = NT_TIMEX_NONE;
    e->id = 0;
    e->line = f->ge.line;
    e->file = f->file;
}

/* Whether an entry may start at token t: not at punctuation, and at a
 * lowercase word only when some entry's first token has its first byte and
 * length. */
static int may_start_at(const nt_gaz *g, const char *text, const nt_token *t)
{
    if (t->shape == NT_SHAPE_PUNCT)
        return 0;
    size_t n = t->end - t->start;
    return t->shape != NT_SHAPE_LOWER ||
           ((g->lower_first[(unsigned char)text[t->start]] >> (n < 63 ? n : 63)) & 1);
}

static int may_start(const nt_gaz *g, const char *text, const nt_token *toks,
                     size_t ntoks, size_t i)
{
    return i < ntoks && may_start_at(g, text, &toks[i]);
}

/* nt_gaz_match, with what the keys hold for toks[i] alone in first when
 * known (see walk). */
static size_t match_at(const nt_gaz *g, const char *text, const nt_token *toks,
                       size_t ntoks, size_t i, nt_entity *e, const uint64_t *first)
{
    walk_best f = {.len = 0};
    walk(g, text, toks, ntoks, i, 0, &f, first);
    if (g->flags & GAZ_NOACCENT)
        walk(g, text, toks, ntoks, i, 1, &f, NULL);
    if (f.len)
        best_entity(e, &f, toks, i);
    return f.len;
}

size_t nt_gaz_match(const nt_gaz *g, const char *text, const nt_token *toks,
                    size_t ntoks, size_t i, nt_entity *e)
{
    return may_start(g, text, toks, ntoks, i)
               ? match_at(g, text, toks, ntoks, i, e, NULL)
               : 0;
}

/* What the keys hold for token t alone (0: nothing). */
static uint64_t lookup_first(const nt_gaz *g, const char *text, const nt_token *t)
{
    char key[KEY_MAX];
    size_t klen = key_append(key, 0, text, t, 0);
    const uint64_t *found = klen ? nt_map_get(g->keys, key, klen) : NULL;
    return found ? *found : 0; /* a key's value is never 0 (see store) */
}

/* v, what the keys hold for token t alone, or 0 when walk would find
 * nothing at t whatever follows: t is lowercase, its key is no entry's,
 * and the longer names it starts may not start lowercase ("the", a
 * prefix of "The Hague" only, is most of such tokens: a third of those
 * the keys held something for, each a walk for nothing). Nothing but the
 * token's bytes decides it (its shape comes from them), so the answer
 * may be kept by them (see nt_doc_classify). */
static uint64_t first_live(const nt_token *t, uint64_t v)
{
    return t->shape == NT_SHAPE_LOWER && !(v & (PREFIX_LOWER_BIT | 0xffffffffu)) ? 0 : v;
}

uint64_t nt_gaz_first(const nt_gaz *g, const char *text, const nt_token *t)
{
    return may_start_at(g, text, t) ? first_live(t, lookup_first(g, text, t))
                                    : 0;
}

/* A first token's key is key_append's: the token folded, if it fits. */
void nt_gaz_first_start(const nt_gaz *g, const char *text, const nt_token *t,
                        nt_map_ask *q)
{
    if (q->n && 1 + 4 * (size_t)(t->end - t->start) <= KEY_MAX &&
        may_start_at(g, text, t))
        nt_map_ask_prefetch(g->keys, q);
    else
        q->key = NULL;
}

uint64_t nt_gaz_first_end(const nt_gaz *g, const nt_token *t,
                          const nt_map_ask *q)
{
    const uint64_t *found = q->key ? nt_map_ask_end(g->keys, q) : NULL;
    /* a key's value is never 0 (see store) */
    return found ? first_live(t, *found) : 0;
}

/* lookup_first, from the memo when it knows the token's bytes. */
static uint64_t first_value(const nt_gaz *g, const char *text, const nt_token *t)
{
    nt_wordmemo_key mk;
    nt_wordmemo_answer a;
    if (nt_wordmemo_get(g->memo, text + t->start, t->end - t->start, &mk, &a))
        return a.v[0];
    a.v[0] = lookup_first(g, text, t);
    a.v[1] = 0;
    nt_wordmemo_put(g->memo, &mk, &a);
    return a.v[0];
}

/* Bit j set where first[j] != 0, for j < 16. With SSE2, the 16 values
 * narrowed to a byte each by three rounds of signed saturating packs
 * (32 -> 16 -> 8 bits, then each value's two bytes as one 16-bit lane ->
 * 8 bits): saturation keeps a nonzero lane nonzero and a zero lane zero,
 * so one comparison with zero tells all 16 (gathering the values' halves
 * by shuffles and comparing them four at a time took twice the
 * instructions). */
static unsigned known16(const uint64_t *first)
{
#ifdef GAZ_LANES
    __m128i p[4];
    for (int q = 0; q < 4; q++)
        p[q] = _mm_packs_epi32(
            _mm_loadu_si128((const __m128i *)(const void *)(first + 4 * q)),
            _mm_loadu_si128((const __m128i *)(const void *)(first + 4 * q + 2)));
    __m128i b = _mm_packs_epi16(_mm_packs_epi16(p[0], p[1]), _mm_packs_epi16(p[2], p[3]));
    return ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_setzero_si128())) & 0xffffu;
#else
    unsigned m = 0;
    for (unsigned j = 0; j < 16; j++)
        m |= (unsigned)(first[j] != 0) << j;
    return m;
#endif
}

/* known16 for the n < 16 values first[0..n). */
static unsigned known_tail(const uint64_t *first, size_t n)
{
    unsigned m = 0;
    for (size_t j = 0; j < n; j++)
        m |= (unsigned)(first[j] != 0) << j;
    return m;
}

/* nt_gaz_match_all on first, the keys' value for each token alone, when
 * there are no accent-free keys: a token whose value is 0 starts no name
 * (walk would stop at it), so only the few that hold something are tried
 * (one in eight, found 16 at a time: a test a token was 7 instructions);
 * and one that holds something may start one (nt_gaz_first is 0 where
 * may_start_at is not), so that is not asked again. */
static void match_known(const nt_gaz *g, const char *text, const nt_token *toks,
                        size_t ntoks, const uint64_t *first, nt_entities *out)
{
    for (size_t base = 0; base < ntoks; base += 16) {
        unsigned m = ntoks - base >= 16 ? known16(first + base)
                                        : known_tail(first + base, ntoks - base);
        for (; m; m &= m - 1) {
            size_t i = base + (size_t)__builtin_ctz(m);
            walk_best f;
            f.len = 0; /* the rest is read only when len is not */
            uint64_t v = first[i]; /* a local's address: walk knows it */
            walk(g, text, toks, ntoks, i, 0, &f, &v);
            if (!f.len)
                continue;
            if (out->n == out->cap)
                nt_entities_grow(out);
            best_entity(&out->v[out->n++], &f, toks, i);
        }
    }
}

void nt_gaz_match_all(const nt_gaz *g, const char *text, const nt_token *toks,
                      size_t ntoks, const uint64_t *first, nt_entities *out)
{
    nt_wordmemo_check(g->memo, g->stamp, 0);
    if (first && !(g->flags & GAZ_NOACCENT)) {
        match_known(g, text, toks, ntoks, first, out);
        return;
    }
    for (size_t i = 0; i < ntoks; i++) {
        nt_entity e;
        if (!may_start(g, text, toks, ntoks, i))
            continue;
        uint64_t f = first ? first[i] : first_value(g, text, &toks[i]);
        if (match_at(g, text, toks, ntoks, i, &e, &f))
            nt_entities_push(out, &e);
    }
}

/* Matching options, as written in a 4th field or an "#option" line. */
static const struct {
    const char *name;
    uint32_t set, clear;
} gaz_options[] = {
    {"case-insensitive", GAZ_ICASE, 0},
    {"accent-insensitive", GAZ_NOACCENT, 0},
    {"default", 0, GAZ_FLAGS},
};

#define NOPTIONS (sizeof gaz_options / sizeof *gaz_options)

/* Applies the options listed in s (separated by commas, spaces or tabs) to
 * *flags. Returns 0, or -1 with err naming the unknown option. */
static int parse_options(const char *s, uint32_t *flags, nt_error *err)
{
    for (s += strspn(s, ", \t"); *s; s += strspn(s, ", \t")) {
        size_t n = strcspn(s, ", \t"), i = 0, nopt = NOPTIONS;
        while (i < nopt && !(strlen(gaz_options[i].name) == n &&
                             strncmp(gaz_options[i].name, s, n) == 0))
            i++;
        if (i == nopt) {
            nt_error_set(err, "unknown option '%.*s' (case-insensitive, "
                         "accent-insensitive, default)", (int)n, s);
            return -1;
        }
        *flags = (*flags & ~gaz_options[i].clear) | gaz_options[i].set;
        s += n;
    }
    return 0;
}

/* Parses a priority field: empty leaves *prio (the file's default). */
static int parse_priority(const char *s, int *prio, nt_error *err)
{
    char *end;
    errno = 0;
    long p = *s ? strtol(s, &end, 10) : *prio;
    if (*s && (errno || *end || p < 0 || p > 1000)) {
        nt_error_set(err, "bad priority '%s' (0-1000)", s);
        return -1;
    }
    *prio = (int)p;
    return 0;
}

/* Parses one "name<TAB>TYPE[<TAB>priority[<TAB>options]]" line (already
 * trimmed) and adds it with the file's options, which the 4th field
 * amends. A type name the program does not know becomes a custom type.
 * Returns 0, or -1 with the reason in err (the caller adds file:line). */
static int add_line(nt_gaz *g, char *line, gaz_entry ne, nt_error *err)
{
    char *f[4] = {line, NULL, NULL, NULL};
    for (int k = 1; k < 4 && f[k - 1] && (f[k] = strchr(f[k - 1], '\t')); k++)
        *f[k]++ = '\0';
    if (!f[1]) {
        nt_error_set(err, "expected name<TAB>TYPE[<TAB>priority[<TAB>options]]");
        return -1;
    }
    if (nt_type_intern(f[1], strlen(f[1]), &ne.type, err) ||
        parse_priority(f[2] ? f[2] : "", &ne.priority, err) ||
        (f[3] && parse_options(f[3], &ne.caps, err)))
        return -1;
    if (add_entry(g, line, strlen(line), ne)) {
        nt_error_set(err, "name is empty or longer than %d tokens", NT_GAZ_MAX_TOKENS);
        return -1;
    }
    return 0;
}

static const char *source_of_path(nt_gaz *g, const char *path)
{
    char *stem = nt_path_stem(path);
    const char *s = intern_file(g, stem, path);
    free(stem);
    return s;
}

/* One line of a list file: an "#option" line sets the options of the
 * lines after it, other '#' lines are comments. */
static int load_line(nt_gaz *g, char *line, gaz_entry *file, nt_error *err)
{
    if (strncmp(line, "#option", 7) == 0 && (line[7] == ' ' || line[7] == '\t'))
        return parse_options(line + 8, &file->caps, err);
    if (line[strspn(line, " \t")] == '\0' || line[0] == '#')
        return 0; /* blank (spaces and tabs only) or a comment */
    return add_line(g, line, *file, err);
}

/* A list being loaded: the gazetteer and the defaults of its file. */
struct list_file {
    nt_gaz *g;
    gaz_entry file;
};

static int load_list_line(char *line, size_t n, size_t lineno, void *ctx,
                          nt_error *why)
{
    struct list_file *lf = ctx;
    (void)n;
    lf->file.line = (uint32_t)lineno;
    return load_line(lf->g, line, &lf->file, why);
}

int nt_gaz_load_file(nt_gaz *g, const char *path, nt_error *err)
{
    struct list_file lf = {g, {.source = source_of_path(g, path),
                               .priority = g->default_priority}};
    return nt_read_lines(path, load_list_line, &lf, err);
}

/* ---- The compiled form ------------------------------------------------ */

static int put_string(FILE *f, const char *s)
{
    size_t n = strlen(s);
    return nt_blob_put_u64(f, n) || nt_blob_put(f, s, n);
}

/* The table of the type names g's entries use; local[t] becomes type t's
 * index in it. Returns the count. */
static size_t type_table(const nt_gaz *g, int local[NT_MAX_TYPES],
                         const char *names[NT_MAX_TYPES])
{
    size_t n = 0;
    for (int t = 0; t < NT_MAX_TYPES; t++)
        local[t] = -1;
    for (size_t i = 0; i < g->n; i++)
        if (local[g->e[i].type] < 0) {
            local[g->e[i].type] = (int)n;
            names[n++] = nt_type_name(g->e[i].type);
        }
    return n;
}

static uint32_t string_index(const nt_gaz *g, const char *s)
{
    for (size_t i = 0; i < g->nstrings; i++)
        if (g->strings[i] == s)
            return (uint32_t)i;
    return UINT32_MAX; /* not interned: the view names it "" */
}

/* Writes the source table: each source's name and its file's base name. */
static int put_sources(const nt_gaz *g, FILE *f)
{
    if (nt_blob_put_u64(f, g->nstrings))
        return -1;
    for (size_t i = 0; i < g->nstrings; i++) {
        const char *path = g->strings[i] + strlen(g->strings[i]) + 1;
        const char *base = strrchr(path, '/');
        if (put_string(f, g->strings[i]) || put_string(f, base ? base + 1 : path))
            return -1;
    }
    return 0;
}

int nt_gaz_write(const nt_gaz *g, FILE *f)
{
    if (g->rec.r) /* a view is written where it came from already */
        return -1;
    int local[NT_MAX_TYPES];
    const char *names[NT_MAX_TYPES];
    size_t nt = type_table(g, local, names);
    if (nt_blob_put_u64(f, g->flags) || nt_blob_put_u64(f, (uint64_t)g->default_priority) ||
        nt_blob_put(f, g->lower_first, sizeof g->lower_first) ||
        put_sources(g, f) || nt_blob_put_u64(f, nt))
        return -1;
    for (size_t t = 0; t < nt; t++)
        if (put_string(f, names[t]))
            return -1;
    gaz_record *r = nt_xcalloc(g->n + 1, sizeof *r);
    for (size_t i = 0; i < g->n; i++)
        r[i] = (gaz_record){(uint32_t)local[g->e[i].type],
                            string_index(g, g->e[i].source), g->e[i].caps,
                            g->e[i].line, g->e[i].priority, 0};
    int rc = nt_blob_put_u64(f, g->n) || nt_blob_put(f, r, g->n * sizeof *r) ||
             nt_map_write(g->keys, f);
    free(r);
    return rc ? -1 : 0;
}

static const char *take_string(nt_blob *b, char *buf, size_t size)
{
    size_t n = (size_t)nt_blob_u64(b);
    const char *s = nt_blob_take(b, n, 1);
    snprintf(buf, size, "%.*s", s ? (int)(n < size ? n : size - 1) : 0, s ? s : "");
    return buf;
}

/* Reads the source table back, each source's path being dir/base name, or
 * path itself for a cache of one list. */
static const char **take_sources(nt_gaz *g, nt_blob *b, const char *dir,
                                 const char *path, size_t *n)
{
    *n = (size_t)nt_blob_u64(b);
    if (!b->ok || *n > 4096)
        return NULL;
    const char **src = nt_xcalloc(*n + 1, sizeof *src);
    for (size_t i = 0; i < *n && b->ok; i++) {
        char name[256], base[256], full[4096 + 256];
        take_string(b, name, sizeof name);
        take_string(b, base, sizeof base);
        if (!path)
            snprintf(full, sizeof full, "%s/%s", dir, base);
        src[i] = intern_file(g, name, path ? path : full);
    }
    return src;
}

/* Reads the type table back into this run's type ids. */
static int take_types(nt_blob *b, nt_type types[NT_MAX_TYPES], size_t *n)
{
    *n = (size_t)nt_blob_u64(b);
    if (*n > NT_MAX_TYPES)
        return -1;
    for (size_t t = 0; t < *n && b->ok; t++) {
        char name[128];
        take_string(b, name, sizeof name);
        if (nt_type_intern(name, strlen(name), &types[t], NULL))
            return -1;
    }
    return b->ok ? 0 : -1;
}

/* Points g's entries at the records, checked as they are read (see
 * entry_at). */
static int take_entries(nt_gaz *g, nt_blob *b)
{
    uint64_t n = nt_blob_u64(b);
    const gaz_record *r = nt_blob_take(b, n, sizeof *r);
    if (!r || n >= UINT32_MAX)
        return -1;
    g->rec.r = r;
    g->n = n;
    return 0;
}

/* The entry indexes in the map and the records are not checked here (that
 * would read the whole mapping): walk checks each one it meets. */
nt_gaz *nt_gaz_view(nt_blob *b, const char *dir, const char *path)
{
    nt_gaz *g = nt_gaz_new();
    g->flags = (uint32_t)nt_blob_u64(b);
    g->default_priority = (int)nt_blob_u64(b);
    const void *lf = nt_blob_take(b, 1, sizeof g->lower_first);
    if (lf)
        memcpy(g->lower_first, lf, sizeof g->lower_first);
    g->rec.src = take_sources(g, b, dir, path, &g->rec.nsrc);
    int ok = g->rec.src && take_types(b, g->rec.types, &g->rec.ntypes) == 0 &&
             take_entries(g, b) == 0;
    nt_map *m = ok ? nt_map_view(b) : NULL;
    if (!m) {
        nt_gaz_free(g);
        return NULL;
    }
    nt_map_free(g->keys);
    g->keys = m;
    g->stamp = ++last_stamp;
    /* The sources' files, after their names (every source was read: b
     * was still ok for the types). */
    g->rec.file = nt_xcalloc(g->rec.nsrc + 1, sizeof *g->rec.file);
    for (size_t i = 0; i < g->rec.nsrc; i++)
        g->rec.file[i] = g->rec.src[i] ? g->rec.src[i] + strlen(g->rec.src[i]) + 1 : "";
    return g;
}

/* ---- The cache of a user's list: PATH.ntc beside it -------------------- */

#define CACHE_MAGIC "NTGAZ\0\0\10" /* 6: inline-key slots, mapped in place; 7: PREFIX_LOWER_BIT; 8: NEXT_ANY bits */

/* What a cache was compiled from; a mismatch means it is stale. */
typedef struct {
    char magic[8];
    uint64_t entry_size, src_size, src_mtime_sec, src_mtime_nsec;
} cache_header;

static void cache_path(char *buf, size_t size, const char *path)
{
    snprintf(buf, size, "%s.ntc", path);
}

static cache_header header_for(const struct stat *st)
{
    cache_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, CACHE_MAGIC, 8);
    h.entry_size = sizeof(gaz_record);
    h.src_size = (uint64_t)st->st_size;
    h.src_mtime_sec = (uint64_t)st->st_mtim.tv_sec;
    h.src_mtime_nsec = (uint64_t)st->st_mtim.tv_nsec;
    return h;
}

/* What nt_blob_write_file calls: the header, then the gazetteer. */
typedef struct {
    const nt_gaz *g;
    cache_header h;
} cache_job;

static int write_cache(FILE *f, const void *ctx)
{
    const cache_job *job = ctx;
    return nt_blob_put(f, &job->h, sizeof job->h) || nt_gaz_write(job->g, f) ? -1 : 0;
}

/* Best effort: a folder that is not writable just means no cache. */
static void cache_write(const nt_gaz *g, const char *path, const struct stat *st)
{
    char final[4096 + 8];
    cache_path(final, sizeof final, path);
    cache_job job = {g, header_for(st)};
    nt_blob_write_file(final, 0644, write_cache, &job);
}

/* A fresh cache of path as a new gazetteer that keeps the mapping, or NULL. */
static nt_gaz *cache_read(const char *path, const struct stat *st)
{
    char cpath[4096 + 8];
    cache_path(cpath, sizeof cpath, path);
    nt_mapping map;
    if (nt_mapping_open(cpath, &map))
        return NULL;
    nt_blob b;
    nt_blob_init(&b, map.base, map.size);
    cache_header want = header_for(st);
    const cache_header *h = nt_blob_take(&b, 1, sizeof *h);
    nt_gaz *g = h && memcmp(h, &want, sizeof want) == 0 ? nt_gaz_view(&b, NULL, path)
                                                       : NULL;
    if (!g) {
        nt_mapping_close(&map);
        return NULL;
    }
    g->map = map;
    return g;
}

nt_gaz *nt_gaz_load_cached(const char *path, nt_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        nt_error_set(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    nt_gaz *g = cache_read(path, &st);
    if (g)
        return g;
    g = nt_gaz_new();
    g->default_priority = NT_GAZ_USER_PRIORITY;
    if (nt_gaz_load_file(g, path, err)) {
        nt_gaz_free(g);
        return NULL;
    }
    if (g->n >= NT_GAZ_CACHE_MIN)
        cache_write(g, path, &st);
    return g;
}
